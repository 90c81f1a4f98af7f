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
    SignInForgotten {
        nl: "Wachtwoord vergeten of lukt inloggen niet? Bel uw huisartsenpraktijk of zorgorganisatie. Zij kunnen u helpen.",
        en: "Forgotten your password, or signing in does not work? Call your GP practice or care organisation. They can help you.",
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
    SessionExpired {
        nl: "U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in.",
        en: "You were inactive for a while and have been signed out. Please sign in again.",
    }
    SignOutButton { nl: "Uitloggen", en: "Sign out" }
    AccountTitle { nl: "Mijn Meetpunt", en: "My Meetpunt" }
    AccountRole { nl: "Rol", en: "Role" }
    AccountOrganisation { nl: "Organisatie", en: "Organisation" }
    AccountNothingOpen {
        nl: "Er staat op dit moment niets voor u klaar.",
        en: "There is nothing waiting for you at the moment.",
    }
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
}

crate::text_fns! {
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
