//! The texts of signing in and out, the own account page, roles and the password rule.
//!
//! Dutch first (B1 for what patients read), English second. Plain texts are keys of [`T`];
//! texts with placeholders are functions whose arguments are the placeholders.

crate::texts! {
    NavSignIn { nl: "Inloggen", en: "Sign in" }
    NavAccount { nl: "Mijn Meetpunt", en: "My Meetpunt" }
    RoleProfessional { nl: "Zorgverlener", en: "Care professional" }
    RolePatient { nl: "Patiënt", en: "Patient" }
    RoleCarer { nl: "Mantelzorger", en: "Informal carer" }
    SignInTitle { nl: "Inloggen", en: "Sign in" }
    SignInIntro {
        nl: "Log in met uw e-mailadres en wachtwoord. Heeft u een e-mail van uw zorgverlener met een link gekregen? Dan hoeft u niet in te loggen: open de link in de e-mail.",
        en: "Sign in with your e-mail address and password. Did your care provider send you an e-mail with a link? Then you do not need to sign in: open the link in the e-mail.",
    }
    EmailLabel { nl: "E-mailadres", en: "E-mail address" }
    PasswordLabel { nl: "Wachtwoord", en: "Password" }
    SignInButton { nl: "Inloggen", en: "Sign in" }
    SignInForgotten { nl: "Wachtwoord vergeten?", en: "Forgotten your password?" }
    SignInForgottenLink { nl: "Vraag een nieuw wachtwoord aan", en: "Ask for a new password" }
    SignInHelp {
        nl: "Lukt inloggen niet? Bel uw huisartsenpraktijk of zorgorganisatie. Zij kunnen u helpen.",
        en: "Signing in does not work? Call your GP practice or care organisation. They can help you.",
    }
    ForgottenTitle { nl: "Wachtwoord vergeten", en: "Forgotten password" }
    ForgottenIntro {
        nl: "Vul het e-mailadres in waarmee u inlogt. U krijgt dan een e-mail met een link om een nieuw wachtwoord te kiezen.",
        en: "Fill in the e-mail address you sign in with. You will get an e-mail with a link to choose a new password.",
    }
    ForgottenButton { nl: "Stuur mij een link", en: "Send me a link" }
    ForgottenInvalid {
        nl: "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        en: "Fill in a valid e-mail address, for example name@example.org.",
    }
    ForgottenSent {
        nl: "Als er een account bij dit e-mailadres hoort, krijgt u binnen een paar minuten een e-mail met een link. De link werkt één uur en één keer. Geen e-mail gekregen? Kijk ook bij ongewenste e-mail (spam), of bel uw huisartsenpraktijk of zorgorganisatie.",
        en: "If an account belongs to this e-mail address, you will get an e-mail with a link within a few minutes. The link works for one hour, once. No e-mail? Also look in your junk mail (spam), or call your GP practice or care organisation.",
    }
    BackToSignIn { nl: "Terug naar inloggen", en: "Back to sign in" }
    ResetTitle { nl: "Nieuw wachtwoord kiezen", en: "Choose a new password" }
    ResetRule {
        nl: "Gebruik minstens 12 tekens; een zin van een paar woorden is goed te onthouden. Met uw nieuwe wachtwoord bent u op alle apparaten uitgelogd.",
        en: "Use at least 12 characters; a sentence of a few words is easy to remember. With your new password you are signed out on every device.",
    }
    ResetButton { nl: "Wachtwoord opslaan", en: "Save the password" }
    ResetGone {
        nl: "De link is verlopen of al gebruikt. Een link werkt één uur en één keer. Vraag een nieuwe link aan.",
        en: "The link has expired or has been used. A link works for one hour, once. Ask for a new link.",
    }
    ResetAgain { nl: "Een nieuwe link aanvragen", en: "Ask for a new link" }
    PatientAccountTitle { nl: "Account van de patiënt", en: "The patient's account" }
    PatientAccountNoEmail {
        nl: "Er staat geen e-mailadres in het dossier. Vul eerst een e-mailadres in om de patiënt uit te nodigen voor een eigen account.",
        en: "The record has no e-mail address. Fill one in first to invite the patient to an account of their own.",
    }
    PatientAccountNone {
        nl: "De patiënt heeft nog geen eigen account. Met een account ziet de patiënt alle vragenlijsten en metingen op één plek, ook wat eerder via een link is ingevuld.",
        en: "The patient has no account of their own yet. With an account the patient sees every questionnaire and measurement in one place, also what was filled in through a link before.",
    }
    PatientAccountActive { nl: "De patiënt heeft een eigen account.", en: "The patient has an account of their own." }
    PatientAccountAddressTaken {
        nl: "Met dit e-mailadres kan geen account voor de patiënt worden gemaakt, omdat het al bij een ander account hoort. Vraag de patiënt om een ander e-mailadres.",
        en: "No account can be made for the patient with this e-mail address, because it belongs to another account. Ask the patient for another e-mail address.",
    }
    PatientAccountInvite { nl: "Uitnodigen voor een eigen account", en: "Invite to an account of their own" }
    PatientAccountInviteAgain { nl: "Uitnodiging opnieuw versturen", en: "Send the invitation again" }
    PatientAccountSent {
        nl: "De uitnodiging is verstuurd. De link in de e-mail werkt 14 dagen en één keer.",
        en: "The invitation has been sent. The link in the e-mail works for 14 days, once.",
    }
    ActivateTitle { nl: "Uw account activeren", en: "Activate your account" }
    ActivateRule {
        nl: "Kies een wachtwoord van minstens 12 tekens; een zin van een paar woorden is goed te onthouden. Daarna logt u in met uw e-mailadres en dit wachtwoord.",
        en: "Choose a password of at least 12 characters; a sentence of a few words is easy to remember. Then you sign in with your e-mail address and this password.",
    }
    ActivateButton { nl: "Account activeren", en: "Activate the account" }
    ActivateGone {
        nl: "De link is verlopen of al gebruikt. Een link werkt 14 dagen en één keer. Vraag uw huisartsenpraktijk om een nieuwe uitnodiging. Heeft u uw account al geactiveerd? Log dan in.",
        en: "The link has expired or has been used. A link works for 14 days, once. Ask your GP practice for a new invitation. Did you activate your account already? Then sign in.",
    }
    Activated {
        nl: "Uw account is klaar. Log nu in met uw e-mailadres en uw nieuwe wachtwoord.",
        en: "Your account is ready. Now sign in with your e-mail address and your new password.",
    }
    PasswordChanged {
        nl: "Uw nieuwe wachtwoord is opgeslagen. Log nu in met uw nieuwe wachtwoord.",
        en: "Your new password has been saved. Now sign in with your new password.",
    }
    SignInMissing {
        nl: "Vul uw e-mailadres en uw wachtwoord in.",
        en: "Enter your e-mail address and your password.",
    }
    SignInWrong {
        nl: "Het e-mailadres of het wachtwoord klopt niet. Kijk beide goed na en probeer het opnieuw.",
        en: "The e-mail address or the password is not right. Check both and try again.",
    }
    SignedOut { nl: "U bent uitgelogd.", en: "You have signed out." }
    Joined {
        nl: "De uitnodiging is aangenomen. Log nu in met uw e-mailadres en wachtwoord.",
        en: "The invitation has been accepted. Now sign in with your e-mail address and password.",
    }
    EndedEverywhere {
        nl: "U bent op alle apparaten uitgelogd. Log opnieuw in om verder te gaan.",
        en: "You have been signed out on every device. Sign in again to continue.",
    }
    SessionsTitle { nl: "Waar u bent ingelogd", en: "Where you are signed in" }
    SessionsIntro {
        nl: "Hier ziet u op welke apparaten u nu bent ingelogd. Herkent u er een niet, log dan overal uit en kies een nieuw wachtwoord.",
        en: "Here you see the devices you are signed in on now. If you do not recognise one, sign out everywhere and choose a new password.",
    }
    SessionsStarted { nl: "Ingelogd op", en: "Signed in at" }
    SessionsLastUsed { nl: "Laatst gebruikt", en: "Last used" }
    SessionsFrom { nl: "Vanaf internetadres", en: "From internet address" }
    SessionsThisOne { nl: "Dit apparaat", en: "This device" }
    SessionsUnknownAddress { nl: "Onbekend", en: "Unknown" }
    SessionsEndAll { nl: "Overal uitloggen", en: "Sign out everywhere" }
    SessionExpired {
        nl: "U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in.",
        en: "You were inactive for a while and have been signed out. Please sign in again.",
    }
    SignOutButton { nl: "Uitloggen", en: "Sign out" }
    AccountTitle { nl: "Mijn Meetpunt", en: "My Meetpunt" }
    AccountRole { nl: "Rol", en: "Role" }
    AccountOrganisation { nl: "Organisatie", en: "Organisation" }
    AccountProfessionalNext {
        nl: "U werkt hier voor uw organisatie.",
        en: "You work here for your organisation.",
    }
    PasswordContainsEmail {
        nl: "Gebruik uw e-mailadres niet in uw wachtwoord.",
        en: "Do not use your e-mail address in your password.",
    }
    PasswordTooSimple {
        nl: "Dit wachtwoord is te makkelijk te raden. Kies bijvoorbeeld een zin van een paar woorden.",
        en: "This password is too easy to guess. Choose, for example, a sentence of a few words.",
    }
    PasswordMismatch { nl: "De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer.", en: "The two passwords differ. Type them again." }
    NewPassword { nl: "Wachtwoord", en: "Password" }
    NewPasswordRepeat { nl: "Wachtwoord nog een keer", en: "Password again" }
    FormProblem { nl: "Er is een probleem", en: "There is a problem" }
    LinkGone { nl: "Deze link werkt niet (meer)", en: "This link does not work (any more)" }
    PasswordCommon {
        nl: "Dit wachtwoord wordt veel gebruikt en wordt daarom als eerste geprobeerd door wie wil inbreken. Kies bijvoorbeeld een zin van een paar woorden die alleen u kent.",
        en: "This password is widely used, so it is among the first that someone breaking in would try. Choose, for example, a sentence of a few words only you know.",
    }
}

crate::text_fns! {
    /// When the patient was last invited to an account.
    fn patient_account_invited(when: &str) {
        nl: "De patiënt is uitgenodigd voor een eigen account ({when}) en heeft het nog niet geactiveerd.",
        en: "The patient was invited to an account of their own ({when}) and has not activated it yet.",
    }
    /// Whose account an activation link activates.
    fn activate_for(email: &str) {
        nl: "U activeert uw account bij Meetpunt voor {email}. Daarin ziet u al uw vragenlijsten en metingen, ook wat u eerder via een link heeft ingevuld.",
        en: "You are activating your Meetpunt account for {email}. In it you see all your questionnaires and measurements, also what you filled in through a link before.",
    }
    /// Whose password a reset link sets.
    fn reset_for(email: &str) {
        nl: "U kiest een nieuw wachtwoord voor {email}.",
        en: "You are choosing a new password for {email}.",
    }
    fn sign_in_already(name: &str) {
        nl: "U bent al ingelogd als {name}.",
        en: "You are already signed in as {name}.",
    }
    fn account_signed_in_as(name: &str) {
        nl: "U bent ingelogd als {name}.",
        en: "You are signed in as {name}.",
    }
    fn password_too_short(min: usize) {
        nl: "Kies een wachtwoord van minstens {min} tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.",
        en: "Choose a password of at least {min} characters. A sentence of a few words is strong and easy to remember.",
    }
    fn password_too_long(max: usize) {
        nl: "Een wachtwoord mag hoogstens {max} tekens hebben.",
        en: "A password may have at most {max} characters.",
    }
}

crate::plural_fns! {
    fn sign_in_locked(minutes) {
        nl: [
            "Er is te vaak een verkeerd wachtwoord ingevuld. Om uw gegevens te beschermen kunt u over {minutes} minuut opnieuw proberen.",
            "Er is te vaak een verkeerd wachtwoord ingevuld. Om uw gegevens te beschermen kunt u over {minutes} minuten opnieuw proberen.",
        ],
        en: [
            "A wrong password was entered too often. To protect your data you can try again in {minutes} minute.",
            "A wrong password was entered too often. To protect your data you can try again in {minutes} minutes.",
        ],
    }
}
