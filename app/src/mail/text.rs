//! The texts of the mail Meetpunt sends.

crate::texts! {
    TestSubject { nl: "Meetpunt: testbericht", en: "Meetpunt: test message" }
    TestBody {
        nl: "Dit is een testbericht van Meetpunt. Komt het aan, dan kan Meetpunt e-mail versturen.",
        en: "This is a test message from Meetpunt. If it arrives, Meetpunt can send email.",
    }
    InvitationOpenLink { nl: "Open deze link:", en: "Open this link:" }
    InvitationNoAccount {
        nl: "U hoeft niet in te loggen en geen wachtwoord te hebben.",
        en: "You do not need to sign in or to have a password.",
    }
    QuestionnaireWhat { nl: "een vragenlijst", en: "a questionnaire" }
    MeasurementsWhat { nl: "thuismetingen", en: "home measurements" }
    ResetSubject { nl: "Nieuw wachtwoord voor Meetpunt", en: "New password for Meetpunt" }
    SecondStepSubject { nl: "Inloggen met een code bij Meetpunt", en: "Signing in with a code at Meetpunt" }
    SecondStepOn {
        nl: "Voor uw account bij Meetpunt staat inloggen met een code uit een app nu aan. Vanaf nu logt u in met uw wachtwoord en een code uit de app op uw telefoon.",
        en: "Signing in with a code from an app is now on for your Meetpunt account. From now on you sign in with your password and a code from the app on your phone.",
    }
    SecondStepOff {
        nl: "Voor uw account bij Meetpunt staat inloggen met een code uit een app nu uit. U logt weer in met alleen uw wachtwoord.",
        en: "Signing in with a code from an app is now off for your Meetpunt account. You sign in with your password only again.",
    }
    SecondStepUnexpected {
        nl: "Heeft u dit niet zelf gedaan? Kies dan meteen een nieuw wachtwoord via 'Wachtwoord vergeten' op de inlogpagina, en bel uw huisartsenpraktijk of zorgorganisatie.",
        en: "Did you not do this yourself? Then choose a new password at once through 'Forgotten your password' on the sign-in page, and call your GP practice or care organisation.",
    }
    ResetAsked {
        nl: "Er is gevraagd om een nieuw wachtwoord voor uw account bij Meetpunt. Open deze link en kies een nieuw wachtwoord:",
        en: "A new password was asked for your Meetpunt account. Open this link and choose a new password:",
    }
    ResetValid {
        nl: "De link werkt één uur en één keer. Met uw nieuwe wachtwoord bent u overal uitgelogd; log daarna opnieuw in.",
        en: "The link works for one hour, once. With your new password you are signed out everywhere; then sign in again.",
    }
    ResetUnexpected {
        nl: "Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde. Meetpunt vraagt nooit om uw wachtwoord via e-mail.",
        en: "Did you not ask for this yourself? Then you need not do anything: your password stays the same. Meetpunt never asks for your password by e-mail.",
    }
    CarerSubject { nl: "U bent gevraagd als mantelzorger in Meetpunt", en: "You were asked to be a carer in Meetpunt" }
    CarerSignIn {
        nl: "U logt in met uw e-mailadres en wachtwoord. Bovenaan elke pagina staat voor wie u handelt.",
        en: "You sign in with your e-mail address and password. The top of every page says whom you act for.",
    }
    ActivationSubject { nl: "Uw eigen account bij Meetpunt", en: "Your own Meetpunt account" }
    ActivationValid {
        nl: "De link werkt 14 dagen en één keer. Kies een wachtwoord; daarna logt u in met uw e-mailadres en dat wachtwoord.",
        en: "The link works for 14 days, once. Choose a password; then you sign in with your e-mail address and that password.",
    }
    ColleagueOpenLink {
        nl: "Open deze link en kies een wachtwoord (heeft u al een account, dan neemt u de uitnodiging alleen aan):",
        en: "Open this link and choose a password (if you already have an account, you only accept the invitation):",
    }
}

crate::text_fns! {
    fn invitation_subject(organisation: &str) {
        nl: "{organisation} vraagt u iets in te vullen",
        en: "{organisation} asks you to fill something in",
    }
    fn invitation_greeting(name: &str) {
        nl: "Beste {name},",
        en: "Dear {name},",
    }
    fn invitation_ask(organisation: &str, what: &str, title: &str, due: &str) {
        nl: "{organisation} vraagt u om {what} in te vullen: {title}. Wilt u dat doen vóór {due}?",
        en: "{organisation} asks you to fill in {what}: {title}. Please do so before {due}.",
    }
    fn invitation_valid(last_day: &str) {
        nl: "De link werkt tot en met {last_day}.",
        en: "The link works until {last_day}.",
    }
    fn invitation_unexpected(organisation: &str) {
        nl: "Had u deze e-mail niet verwacht? Open de link dan niet en bel {organisation}. Geef nooit uw wachtwoord of BSN door via e-mail.",
        en: "Were you not expecting this e-mail? Then do not open the link, and call {organisation}. Never send your password or BSN by e-mail.",
    }
    fn carer_ask(patient: &str, scope: &str, until: &str) {
        nl: "{patient} vraagt u om als mantelzorger in Meetpunt voor hem of haar te handelen. U mag: {scope}. Dit kan tot en met {until}, en {patient} kan het altijd eerder stoppen.",
        en: "{patient} asks you to act for them as a carer in Meetpunt. You may: {scope}. This runs until {until}, and {patient} can stop it earlier at any time.",
    }
    fn carer_reminder_subject(patient: &str) {
        nl: "Herinnering: voor {patient} staat nog iets open in Meetpunt",
        en: "Reminder: something is still open for {patient} in Meetpunt",
    }
    fn carer_reminder_open(organisation: &str, patient: &str, what: &str, title: &str, due: &str) {
        nl: "{organisation} vroeg {patient} om {what} in te vullen: {title}. De vraag was om het vóór {due} te doen. Het is nog niet gedaan.",
        en: "{organisation} asked {patient} to fill in {what}: {title}. It was asked for before {due}. It has not been done yet.",
    }
    fn carer_reminder_help(patient: &str) {
        nl: "U mag in Meetpunt voor {patient} handelen. Wilt u helpen? Log in met uw eigen e-mailadres en wachtwoord; u ziet het dan op uw pagina staan:",
        en: "You may act for {patient} in Meetpunt. Would you like to help? Sign in with your own e-mail address and password; you will see it on your page:",
    }
    fn carer_reminder_stop(patient: &str) {
        nl: "Heeft {patient} het intussen zelf gedaan? Dan hoeft u niets te doen. U krijgt over deze vraag geen herinnering meer.",
        en: "Has {patient} done it in the meantime? Then you need not do anything. You will not get another reminder about this request.",
    }
    fn carer_recorded(organisation: &str, patient: &str, scope: &str, until: &str) {
        nl: "{patient} heeft met {organisation} afgesproken dat u als mantelzorger in Meetpunt voor hem of haar mag handelen. U mag: {scope}. Dit kan tot en met {until}, en {patient} kan het altijd eerder stoppen.",
        en: "{patient} agreed with {organisation} that you may act for them as a carer in Meetpunt. You may: {scope}. This runs until {until}, and {patient} can stop it earlier at any time.",
    }
    fn carer_address_in_use(patient: &str) {
        nl: "Dit e-mailadres hoort al bij een ander account in Meetpunt, en een mantelzorger heeft een account met een eigen e-mailadres. Daarom is er niets veranderd. Wilt u voor {patient} handelen? Vraag {patient} dan om u uit te nodigen op een ander e-mailadres van u.",
        en: "This e-mail address already belongs to another account in Meetpunt, and a carer has an account with an address of its own. So nothing has changed. Do you want to act for {patient}? Then ask {patient} to invite you at another address of yours.",
    }
    fn carer_unexpected_nothing(patient: &str) {
        nl: "Kent u {patient} niet, of had u dit niet verwacht? Dan hoeft u niets te doen.",
        en: "Do you not know {patient}, or were you not expecting this? Then you need not do anything.",
    }
    fn carer_unexpected(patient: &str) {
        nl: "Kent u {patient} niet, of had u dit niet verwacht? Open de link dan niet. Er gebeurt dan niets.",
        en: "Do you not know {patient}, or were you not expecting this? Then do not open the link. Nothing will happen.",
    }
    fn activation_ask(organisation: &str) {
        nl: "{organisation} nodigt u uit voor een eigen account bij Meetpunt. Daarin ziet u al uw vragenlijsten en metingen op één plek, ook wat u eerder via een link heeft ingevuld. Open deze link en kies een wachtwoord:",
        en: "{organisation} invites you to an account of your own at Meetpunt. In it you see all your questionnaires and measurements in one place, also what you filled in through a link before. Open this link and choose a password:",
    }
    fn colleague_subject(organisation: &str) {
        nl: "Uitnodiging voor Meetpunt van {organisation}",
        en: "Invitation to Meetpunt from {organisation}",
    }
    fn colleague_ask(inviter: &str, organisation: &str) {
        nl: "{inviter} nodigt u uit om met een eigen account mee te werken in Meetpunt voor {organisation}.",
        en: "{inviter} invites you to work in Meetpunt for {organisation}, with an account of your own.",
    }
    fn colleague_unexpected(organisation: &str) {
        nl: "Had u deze e-mail niet verwacht? Open de link dan niet en neem contact op met {organisation}. Meetpunt vraagt nooit om uw wachtwoord via e-mail.",
        en: "Were you not expecting this e-mail? Then do not open the link, and contact {organisation}. Meetpunt never asks for your password by e-mail.",
    }
}
