//! The texts of carers and their mandates.

crate::texts! {
    MyCarersTitle { nl: "Mantelzorgers", en: "Carers" }
    MyCarersIntro {
        nl: "Laat iemand die u vertrouwt, zoals uw zoon, dochter of buurvrouw, vragenlijsten en metingen voor u invullen. Zij krijgen een eigen account. U kiest wat zij mogen en hoe lang. U kunt dit altijd stoppen.",
        en: "Let someone you trust, such as your son, daughter or neighbour, fill in questionnaires and measurements for you. They get an account of their own. You choose what they may do and for how long. You can stop this at any time.",
    }
    MyCarersNone { nl: "Er handelt nu niemand voor u.", en: "Nobody acts for you now." }
    MayDo { nl: "Mag:", en: "May:" }
    ScopeQuestionnaires { nl: "vragenlijsten invullen", en: "fill in questionnaires" }
    ScopeMeasurements { nl: "metingen invoeren", en: "enter measurements" }
    ScopeResults { nl: "ingevulde vragenlijsten en metingen zien", en: "see what was sent" }
    StandingInvited {
        nl: "Uitgenodigd. Deze persoon heeft nog geen wachtwoord gekozen.",
        en: "Invited. This person has not yet chosen a password.",
    }
    RevokeButton { nl: "Stoppen", en: "Stop" }
    NoticeInvited {
        nl: "De uitnodiging is verstuurd. Staat de mantelzorger al in Meetpunt? Dan kan die nu meteen voor u handelen.",
        en: "The invitation was sent. Is the carer already in Meetpunt? Then they can act for you right away.",
    }
    NoticeRevoked {
        nl: "Gestopt. Deze persoon kan niet meer voor u handelen.",
        en: "Stopped. This person can no longer act for you.",
    }
    InviteTitle { nl: "Een mantelzorger uitnodigen", en: "Invite a carer" }
    InviteName { nl: "Naam van de mantelzorger", en: "The carer's name" }
    InviteEmail { nl: "E-mailadres van de mantelzorger", en: "The carer's e-mail address" }
    InviteScope { nl: "Wat mag deze persoon voor u doen?", en: "What may this person do for you?" }
    InviteMonths { nl: "Hoe lang?", en: "For how long?" }
    InviteRevokeHint {
        nl: "U kunt dit altijd eerder stoppen, op deze pagina.",
        en: "You can always stop this earlier, on this page.",
    }
    InviteButton { nl: "Uitnodiging versturen", en: "Send the invitation" }
    ProblemName { nl: "Vul de naam van de mantelzorger in.", en: "Enter the carer's name." }
    ProblemEmail {
        nl: "Vul een e-mailadres in zoals naam@voorbeeld.nl.",
        en: "Enter an e-mail address such as name@example.org.",
    }
    ProblemScope {
        nl: "Kies minstens één ding dat deze persoon mag doen.",
        en: "Choose at least one thing this person may do.",
    }
    ProblemDuration { nl: "Kies hoe lang.", en: "Choose for how long." }
    ProblemOwnAddress {
        nl: "Dit is uw eigen e-mailadres. Vul het adres van de mantelzorger in.",
        en: "This is your own e-mail address. Enter the carer's address.",
    }
    ProblemAlreadyActive {
        nl: "Deze persoon handelt al voor u. Wilt u iets veranderen? Stop dan eerst en nodig opnieuw uit.",
        en: "This person already acts for you. Want to change something? Stop first, then invite again.",
    }
    ProblemPatientsAddress {
        nl: "Dit is het e-mailadres van de patiënt. Vul het adres van de mantelzorger in.",
        en: "This is the patient's e-mail address. Enter the carer's address.",
    }
    ProblemAlreadyActsForPatient {
        nl: "Deze persoon handelt al voor de patiënt. Moet er iets veranderen? Stop dan eerst en leg het opnieuw vast.",
        en: "This person already acts for the patient. Does something need to change? Stop first, then record it again.",
    }
    ProblemNotAgreed {
        nl: "Leg alleen vast waar de patiënt mee heeft ingestemd, en zet dan het vinkje.",
        en: "Only record what the patient agreed to, and then tick the box.",
    }
    PatientCarersIntro {
        nl: "Een mantelzorger handelt met een eigen account voor de patiënt: vragenlijsten invullen, metingen invoeren, of zien wat er is ingevuld. Heeft de patiënt in een gesprek gezegd dat iemand dat mag? Leg het hier vast. De patiënt kan het altijd stoppen, zelf op de eigen pagina of via u.",
        en: "A carer acts for the patient with an account of their own: filling in questionnaires, entering measurements, or seeing what was sent. Did the patient say in a conversation that someone may do so? Record it here. The patient can always stop it, on their own page or through you.",
    }
    PatientCarersNone { nl: "Er handelt nu niemand voor deze patiënt.", en: "Nobody acts for this patient now." }
    RecordTitle { nl: "Een mantelzorger vastleggen na een gesprek", en: "Record a carer after a conversation" }
    RecordScope { nl: "Wat mag deze persoon voor de patiënt doen?", en: "What may this person do for the patient?" }
    RecordAgreed {
        nl: "De patiënt heeft hier in een gesprek met mij mee ingestemd.",
        en: "The patient agreed to this in a conversation with me.",
    }
    RecordRevokeHint {
        nl: "De mantelzorger krijgt een e-mail. De patiënt ziet dit op de eigen pagina en kan het daar stoppen.",
        en: "The carer gets an e-mail. The patient sees this on their own page and can stop it there.",
    }
    RecordButton { nl: "Vastleggen en e-mail versturen", en: "Record and send the e-mail" }
    NoticeRecorded {
        nl: "Vastgelegd. De mantelzorger krijgt een e-mail.",
        en: "Recorded. The carer gets an e-mail.",
    }
    NoticeRevokedForPatient {
        nl: "Gestopt. Deze persoon kan niet meer voor de patiënt handelen.",
        en: "Stopped. This person can no longer act for the patient.",
    }
    ActingTitle { nl: "Voor wie u handelt", en: "Whom you act for" }
    ActingNone {
        nl: "U handelt nu voor niemand. Misschien is het gestopt of verlopen. Vraag het aan de persoon voor wie u zorgt.",
        en: "You do not act for anyone now. Perhaps it was stopped or ran out. Ask the person you care for.",
    }
    ActingNow { nl: "U handelt nu voor deze persoon.", en: "You act for this person now." }
    ActingSwitch { nl: "Voor wie u handelt", en: "Whom you act for" }
}

crate::text_fns! {
    fn standing_active(day: &str) {
        nl: "Mag voor u handelen tot en met {day}.",
        en: "May act for you until {day}.",
    }
    fn standing_revoked(day: &str) {
        nl: "Gestopt op {day}.",
        en: "Stopped on {day}.",
    }
    fn standing_expired(day: &str) {
        nl: "Verlopen op {day}.",
        en: "Ran out on {day}.",
    }
    fn revoke_label(name: &str) {
        nl: "Stoppen: {name} mag niet meer voor u handelen",
        en: "Stop: {name} may no longer act for you",
    }
    fn revoke_label_for_patient(name: &str) {
        nl: "Stoppen: {name} mag niet meer voor de patiënt handelen",
        en: "Stop: {name} may no longer act for the patient",
    }
    fn standing_active_for_patient(day: &str) {
        nl: "Mag voor de patiënt handelen tot en met {day}.",
        en: "May act for the patient until {day}.",
    }
    fn months(months: u8) {
        nl: "{months} maanden",
        en: "{months} months",
    }
    fn acting_until(day: &str) {
        nl: "Tot en met {day}.",
        en: "Until {day}.",
    }
    fn act_for_label(name: &str) {
        nl: "Voor {name} handelen",
        en: "Act for {name}",
    }
    fn acting_for(name: &str) {
        nl: "U handelt voor {name}.",
        en: "You are acting for {name}.",
    }
}
