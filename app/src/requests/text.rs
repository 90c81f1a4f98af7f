//! The texts of the pages a patient reaches through a link.

crate::texts! {
    LandingTitle { nl: "Er staat iets voor u klaar", en: "Something is waiting for you" }
    StartButton { nl: "Beginnen", en: "Start" }
    ContinueButton { nl: "Verder waar u was", en: "Continue where you were" }
    LandingSafe {
        nl: "Uw antwoorden worden na elke stap bewaard. U kunt stoppen en later verder gaan, ook op een ander apparaat, met dezelfde link.",
        en: "Your answers are saved after every step. You can stop and continue later, also on another device, with the same link.",
    }
    MeasurementsNotYet {
        nl: "Thuismetingen invullen via deze link kan nog niet. Uw zorgverlener vertelt u hoe u uw metingen doorgeeft.",
        en: "Entering home measurements through this link is not possible yet. Your care team will tell you how to pass on your readings.",
    }
    UnusableTitle { nl: "Deze link werkt niet (meer)", en: "This link does not work (any more)" }
    UnusableBody {
        nl: "Misschien is de link verlopen of al gebruikt, of is hij niet helemaal goed overgenomen. Heeft u de vragenlijst al ingevuld? Dan is die ontvangen. Heeft u vragen? Neem dan contact op met uw zorgverlener.",
        en: "The link may have expired or been used already, or it was not copied completely. Did you already fill in the questionnaire? Then it has been received. If you have questions, contact your care team.",
    }
    BackButton { nl: "Vorige", en: "Back" }
    NextButton { nl: "Volgende", en: "Next" }
    ToReviewButton { nl: "Naar het overzicht", en: "To the overview" }
    ErrorSummaryTitle { nl: "Er is iets niet goed ingevuld", en: "Something needs to be corrected" }
    ReviewTitle { nl: "Controleer uw antwoorden", en: "Check your answers" }
    ReviewIntro {
        nl: "Kloppen uw antwoorden? Verstuur ze dan. Wilt u iets veranderen? Kies dan de stap.",
        en: "Are your answers right? Then send them. Want to change something? Choose the step.",
    }
    ReviewNoAnswer { nl: "Geen antwoord", en: "No answer" }
    ReviewChange { nl: "Veranderen", en: "Change" }
    SubmitButton { nl: "Versturen", en: "Send" }
    ThanksTitle { nl: "Ontvangen, dank u wel", en: "Received, thank you" }
    ThanksBody {
        nl: "Uw antwoorden zijn ontvangen. Uw zorgverlener bekijkt ze. U hoeft verder niets te doen. Voelt u zich niet goed? Bel dan uw huisarts, of 112 bij spoed.",
        en: "Your answers have been received. Your care team will look at them. You do not need to do anything else. If you feel unwell, call your GP, or 112 in an emergency.",
    }
    QuestionsLabel { nl: "Vragen", en: "Questions" }
    RequestsTitle { nl: "Verzoeken", en: "Requests" }
    RequestsEmpty { nl: "Er zijn nog geen verzoeken verstuurd.", en: "No requests have been sent yet." }
    NewRequestTitle { nl: "Een verzoek versturen", en: "Send a request" }
    NewRequestLink { nl: "Nieuw verzoek", en: "New request" }
    PatientLabel { nl: "Patiënt", en: "Patient" }
    WhatLabel { nl: "Wat vraagt u?", en: "What do you ask for?" }
    DueLabel { nl: "Graag uiterlijk op", en: "Due by" }
    RemindersLabel { nl: "Herinneringen sturen", en: "Send reminders" }
    SendButton { nl: "Versturen", en: "Send" }
    ColumnPatient { nl: "Patiënt", en: "Patient" }
    ColumnWhat { nl: "Wat", en: "What" }
    ColumnDue { nl: "Uiterlijk", en: "Due" }
    ColumnStatus { nl: "Stand", en: "Status" }
    StatusSent { nl: "Verstuurd", en: "Sent" }
    StatusOpened { nl: "Geopend", en: "Opened" }
    StatusInProgress { nl: "Bezig", en: "In progress" }
    StatusCompleted { nl: "Ingevuld", en: "Completed" }
    StatusExpired { nl: "Verlopen", en: "Expired" }
    StatusCancelled { nl: "Geannuleerd", en: "Cancelled" }
    DetailTitle { nl: "Verzoek", en: "Request" }
    NoResponseYet { nl: "Er is nog geen antwoord.", en: "There is no response yet." }
    ScoresTitle { nl: "Uitslag", en: "Result" }
    AnswersTitle { nl: "Antwoorden", en: "Answers" }
    EnteredByPatientAccount {
        nl: "Ingevuld door de patiënt, ingelogd in Meetpunt",
        en: "Filled in by the patient, signed in to Meetpunt",
    }
    MyOpenTitle { nl: "Voor u klaargezet", en: "Waiting for you" }
    MyDoneTitle { nl: "Al ingevuld", en: "Already filled in" }
    FillInButton { nl: "Invullen", en: "Fill in" }
    EnteredByPatientLink {
        nl: "Ingevuld door de patiënt, via de link in de e-mail",
        en: "Filled in by the patient, through the link in the e-mail",
    }
    ProtocolBloodPressureWeekOption { nl: "Bloeddrukweek (thuismetingen)", en: "Blood-pressure week (home readings)" }
    ProtocolDailyWeightOption { nl: "Dagelijks wegen", en: "Daily weight" }
    ProtocolGlucoseOption { nl: "Glucosedagcurve", en: "Glucose day curve" }
    SendProblemNoEmail {
        nl: "Deze patiënt heeft geen e-mailadres. Vul het eerst in bij de patiëntgegevens.",
        en: "This patient has no e-mail address. Add it to the patient's record first.",
    }
    SendProblemNoConsent {
        nl: "Deze patiënt heeft geen toestemming gegeven of heeft die ingetrokken. Er kunnen geen verzoeken worden verstuurd.",
        en: "This patient has not given consent or has withdrawn it. No requests can be sent.",
    }
    SendProblemDue { nl: "Kies een datum vanaf vandaag.", en: "Choose a date from today." }
    SendProblemChoose { nl: "Kies een patiënt, wat u vraagt en een datum.", en: "Choose a patient, what you ask for and a date." }
}

crate::text_fns! {
    fn landing_ask(organisation: &str, title: &str) {
        nl: "{organisation} vraagt u om deze vragenlijst in te vullen: {title}.",
        en: "{organisation} asks you to fill in this questionnaire: {title}.",
    }
    fn landing_measurements(organisation: &str, title: &str) {
        nl: "{organisation} vraagt u om {title}.",
        en: "{organisation} asks you for {title}.",
    }
    fn landing_due(due: &str) {
        nl: "Graag invullen vóór {due}.",
        en: "Please fill it in before {due}.",
    }
    fn step_of(step: usize, steps: usize) {
        nl: "Stap {step} van {steps}",
        en: "Step {step} of {steps}",
    }
}

crate::plural_fns! {
    fn landing_duration(minutes) {
        nl: [
            "Het invullen duurt ongeveer {minutes} minuut.",
            "Het invullen duurt ongeveer {minutes} minuten.",
        ],
        en: [
            "It takes about {minutes} minute.",
            "It takes about {minutes} minutes.",
        ],
    }
}
