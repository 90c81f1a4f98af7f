//! The texts of the pages a patient reaches through a link.

crate::texts! {
    LandingTitle { nl: "Er staat iets voor u klaar", en: "Something is waiting for you" }
    StartButton { nl: "Beginnen", en: "Start" }
    ContinueButton { nl: "Verder waar u was", en: "Continue where you were" }
    LandingSafe {
        nl: "Uw antwoorden worden na elke stap bewaard. U kunt stoppen en later verder gaan, ook op een ander apparaat, met dezelfde link.",
        en: "Your answers are saved after every step. You can stop and continue later, also on another device, with the same link.",
    }
    MeasurementsIntro {
        nl: "Vul elke meting in zodra u gemeten heeft. Dat duurt ongeveer een minuut. Met deze link kunt u steeds terugkomen, tot de reeks klaar is.",
        en: "Enter each reading as soon as you have measured. It takes about a minute. You can come back with this link until the series is complete.",
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
        nl: "Alles wat u heeft ingevuld, is ontvangen. Uw zorgverlener bekijkt het. U hoeft verder niets te doen. Voelt u zich niet goed? Bel dan uw huisarts, of 112 bij spoed.",
        en: "Everything you filled in has been received. Your care team will look at it. You do not need to do anything else. If you feel unwell, call your GP, or 112 in an emergency.",
    }
    AutosaveDone { nl: "Uw antwoorden zijn bewaard.", en: "Your answers have been saved." }
    AutosaveFailed {
        nl: "Bewaren lukte even niet. Uw antwoorden worden bewaard als u verder gaat.",
        en: "Saving did not work just now. Your answers are saved when you go on.",
    }
    QuestionsLabel { nl: "Vragen", en: "Questions" }
    RequestsTitle { nl: "Verzoeken", en: "Requests" }
    WorklistEmpty { nl: "Geen verzoeken gevonden.", en: "No requests found." }
    StatusOverdue { nl: "Te laat", en: "Overdue" }
    FilterAll { nl: "Alle", en: "All" }
    FilterNew { nl: "Nieuwe uitkomsten", en: "New results" }
    FilterFlagged { nl: "Nieuwe uitkomsten buiten de grens", en: "New results outside a limit" }
    FilterWhose { nl: "Verzoeken van", en: "Requests of" }
    FilterOrganisation { nl: "de hele organisatie", en: "the whole organisation" }
    FilterMine { nl: "mij", en: "me" }
    FilterDueFrom { nl: "Uiterlijk vanaf", en: "Due from" }
    FilterDueTo { nl: "Uiterlijk tot en met", en: "Due up to" }
    FilterButton { nl: "Filteren", en: "Filter" }
    ColumnRequestedBy { nl: "Gevraagd door", en: "Asked by" }
    ColumnSeen { nl: "Bekeken", en: "Seen" }
    TagNew { nl: "nieuw", en: "new" }
    TagFlagged { nl: "buiten de grens", en: "outside the limit" }
    SeenButton { nl: "Bekeken", en: "Seen" }
    PreviousPage { nl: "Vorige", en: "Previous" }
    NextPage { nl: "Volgende", en: "Next" }
    NewRequestTitle { nl: "Een verzoek versturen", en: "Send a request" }
    NewRequestLink { nl: "Nieuw verzoek", en: "New request" }
    PatientLabel { nl: "Patiënt", en: "Patient" }
    WhatLabel { nl: "Wat vraagt u?", en: "What do you ask for?" }
    DueLabel { nl: "Graag uiterlijk op", en: "Due by" }
    RemindersLabel { nl: "Herinneringen sturen", en: "Send reminders" }
    RepeatLabel { nl: "Herhalen", en: "Repeat" }
    TogetherButton { nl: "Samen met de patiënt invullen", en: "Fill in together with the patient" }
    TogetherHint {
        nl: "Bij een bezoek: u vult de vragenlijst nu samen met de patiënt in. Het wordt vastgelegd als ingevuld door u, samen met de patiënt.",
        en: "At a visit: you fill in the questionnaire now together with the patient. It is recorded as entered by you, together with the patient.",
    }
    EnteredTogether {
        nl: "ingevuld door de zorgverlener samen met de patiënt, bij een bezoek",
        en: "filled in by the professional together with the patient, at a visit",
    }
    RepeatHint {
        nl: "Bij herhalen krijgt de patiënt twee weken voor de volgende datum vanzelf een nieuw verzoek.",
        en: "When repeating, the patient gets a new request by itself two weeks before the next date.",
    }
    RepeatOnce { nl: "Niet herhalen", en: "Do not repeat" }
    RepeatNextLink { nl: "Naar het volgende verzoek", en: "To the next request" }
    RepeatStoppedUnanswered {
        nl: "Gestopt: de laatste verzoeken zijn niet ingevuld. Stuur een nieuw verzoek als het nog nodig is.",
        en: "Stopped: the last requests were not answered. Send a new request if it is still needed.",
    }
    RepeatStoppedNoEmail {
        nl: "Gestopt: de patiënt heeft geen e-mailadres meer.",
        en: "Stopped: the patient no longer has an e-mail address.",
    }
    RepeatStoppedNoConsent {
        nl: "Gestopt: de patiënt geeft geen toestemming (meer).",
        en: "Stopped: the patient does not (or no longer) consent.",
    }
    RepeatStoppedNoCareRelationship {
        nl: "Gestopt: uw organisatie hoort niet meer bij het zorgnetwerk van de patiënt.",
        en: "Stopped: your organisation is no longer in the patient's care network.",
    }
    RepeatStoppedCannotRepeat {
        nl: "Gestopt: dit verzoek kan niet herhaald worden.",
        en: "Stopped: this request cannot be repeated.",
    }
    RepeatStoppedCancelled {
        nl: "Gestopt: het verzoek is geannuleerd.",
        en: "Stopped: the request was cancelled.",
    }
    BatchLink { nl: "Naar een lijst patiënten sturen", en: "Send to a list of patients" }
    NotificationsTitle { nl: "Meldingen", en: "Notifications" }
    NotificationsLink { nl: "Meldingen en instellingen", en: "Notifications and settings" }
    NotificationsNone { nl: "Er is niets nieuws.", en: "There is nothing new." }
    NotificationsSaved { nl: "Uw instellingen zijn opgeslagen.", en: "Your settings have been saved." }
    NotificationsSettings { nl: "Waarover wilt u meldingen?", en: "What do you want to be notified about?" }
    NotificationsWhose { nl: "Van welke verzoeken", en: "Of which requests" }
    NotificationsMine { nl: "Alleen verzoeken die ik heb gestuurd", en: "Only requests I sent" }
    NotificationsOrganisation { nl: "Alle verzoeken van mijn organisatie", en: "All requests of my organisation" }
    NotificationsWhat { nl: "Waarover", en: "About" }
    NotificationsCompleted { nl: "Nieuwe uitkomsten", en: "New results" }
    NotificationsFlagged { nl: "Uitkomsten buiten de grens", en: "Results outside a limit" }
    NotificationsOverdue { nl: "Verzoeken die te laat zijn", en: "Overdue requests" }
    NotificationsDigest {
        nl: "Eén keer per dag een e-mail met de aantallen (zonder patiëntgegevens)",
        en: "Once a day an e-mail with the numbers (without patient data)",
    }
    NotificationsSave { nl: "Opslaan", en: "Save" }
    DigestSubject { nl: "Meetpunt: nieuw voor u", en: "Meetpunt: new for you" }
    DigestIntro { nl: "In Meetpunt staat voor u klaar:", en: "Waiting for you in Meetpunt:" }
    DigestNoPatientData {
        nl: "Deze e-mail bevat bewust geen patiëntgegevens. U kunt deze e-mail uitzetten op de pagina Meldingen in Meetpunt.",
        en: "This e-mail deliberately holds no patient data. You can turn it off on the Notifications page in Meetpunt.",
    }
    BatchTitle { nl: "Naar een lijst patiënten sturen", en: "Send to a list of patients" }
    BatchIntro {
        nl: "Kies wie, wat en wanneer. U ziet eerst hoeveel patiënten het zijn; pas daarna verstuurt u.",
        en: "Choose whom, what and when. You first see how many patients it is; only then do you send.",
    }
    BatchWho { nl: "Welke patiënten", en: "Which patients" }
    BatchByAge { nl: "Patiënten van uw organisatie vanaf een leeftijd", en: "Your organisation's patients from an age" }
    BatchMinAge { nl: "Leeftijd (jaar en ouder)", en: "Age (years and older)" }
    BatchConsentOnly { nl: "Alleen patiënten die toestemming gaven", en: "Only patients who gave consent" }
    BatchConsentOnlySuffix { nl: ", met toestemming", en: ", with consent" }
    BatchSaveAs {
        nl: "Deze keuze bewaren als selectie (niet verplicht). Naam:",
        en: "Save this choice as a selection (optional). Name:",
    }
    BatchNone {
        nl: "Er zijn geen patiënten die hierbij passen. Er wordt niets verstuurd.",
        en: "No patients match this. Nothing will be sent.",
    }
    BatchProblemRepeat { nl: "Kies hoe vaak het verzoek herhaald wordt.", en: "Choose how often the request repeats." }
    BatchProblemTooMany {
        nl: "Dit zijn meer dan 5000 patiënten. Kies een hogere leeftijd of alleen patiënten met toestemming.",
        en: "These are more than 5000 patients. Choose a higher age or only patients with consent.",
    }
    BatchCount { nl: "Bekijk hoeveel patiënten het zijn", en: "See how many patients it is" }
    BatchChange { nl: "Wijzigen", en: "Change" }
    BatchProblemsTitle { nl: "Er is een probleem", en: "There is a problem" }
    BatchProblemWho {
        nl: "Vul een leeftijd in (0 tot 120), of kies een bewaarde selectie.",
        en: "Fill in an age (0 to 120), or choose a saved selection.",
    }
    BatchProblemSaveAs {
        nl: "Kies een andere naam voor de selectie (hoogstens 80 tekens, nog niet gebruikt).",
        en: "Choose another name for the selection (80 characters at most, not used yet).",
    }
    BatchDoneTitle { nl: "Verstuurd naar een lijst", en: "Sent to a list" }
    BatchColumnPatient { nl: "Patiënt", en: "Patient" }
    BatchColumnBorn { nl: "Geboortedatum", en: "Date of birth" }
    BatchColumnOutcome { nl: "Uitkomst", en: "Outcome" }
    BatchSent { nl: "verstuurd", en: "sent" }
    BatchAlreadyOpen { nl: "overgeslagen: staat nog open", en: "skipped: still open" }
    BatchNoEmail { nl: "overgeslagen: geen e-mailadres", en: "skipped: no e-mail address" }
    BatchNoConsent { nl: "overgeslagen: geen toestemming", en: "skipped: no consent" }
    BatchNotAllowed {
        nl: "overgeslagen: hoort niet (meer) bij uw organisatie",
        en: "skipped: no longer with your organisation",
    }
    BatchToWorklist { nl: "Naar de verzoeken", en: "To the requests" }
    BatchSendingTitle { nl: "Bezig met versturen naar een lijst", en: "Sending to a list" }
    BatchStopped { nl: "overgeslagen: het versturen is gestopt", en: "skipped: sending stopped" }
    BatchStoppedSenderLeft {
        nl: "Het versturen is gestopt: wie de lijst verstuurde, hoort niet meer bij de organisatie. Wie nog niets kreeg, staat hieronder als overgeslagen; u kunt hen zelf een verzoek sturen.",
        en: "Sending stopped: whoever sent the list is no longer with the organisation. Those who got nothing yet are listed below as skipped; you can send them a request yourself.",
    }
    BatchStoppedCannotSend {
        nl: "Het versturen is gestopt: wat gevraagd werd, kan niet meer verstuurd worden, bijvoorbeeld omdat de uiterlijke datum voorbij is. Wie nog niets kreeg, staat hieronder als overgeslagen.",
        en: "Sending stopped: what was asked can no longer be sent, for example because its due date has passed. Those who got nothing yet are listed below as skipped.",
    }
    BatchRefresh { nl: "Bekijk hoe ver het is", en: "See how far it is" }
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
    MeasureTitle { nl: "Uw metingen", en: "Your readings" }
    EnterTitle { nl: "Meting invullen", en: "Enter a reading" }
    BloodPressureLegend { nl: "Uw bloeddruk", en: "Your blood pressure" }
    SystolicLabel { nl: "Bovendruk (het bovenste, hoogste getal)", en: "Upper pressure (the top, highest number)" }
    DiastolicLabel { nl: "Onderdruk (het middelste getal)", en: "Lower pressure (the middle number)" }
    PulseLabel { nl: "Hartslag (als uw meter die laat zien)", en: "Pulse (if your meter shows it)" }
    BloodPressureHint {
        nl: "Vul elke meting apart in, ook als u twee keer achter elkaar meet.",
        en: "Enter each reading separately, also when you measure twice in a row.",
    }
    EarlierSummary { nl: "Eerder gemeten? Vul dan de dag en tijd in", en: "Measured earlier? Enter the day and time" }
    EarlierHint {
        nl: "Laat dit leeg als u net gemeten heeft.",
        en: "Leave this empty if you have just measured.",
    }
    DateLabel { nl: "Dag", en: "Day" }
    TimeLabel { nl: "Tijd (bijvoorbeeld 8:30)", en: "Time (for example 8:30)" }
    SaveReadingButton { nl: "Meting opslaan", en: "Save reading" }
    SavedTitle { nl: "Uw meting is opgeslagen", en: "Your reading has been saved" }
    NotCounted {
        nl: "Deze meting telt niet mee voor uw meetweek of meetreeks. Misschien viel hij buiten de meettijden, of waren er al genoeg metingen voor dat moment. De meting is wel bewaard.",
        en: "This reading does not count for your series. It may have been outside the measuring times, or there were enough readings for that moment already. The reading has been kept.",
    }
    CorrectThisLink { nl: "Klopt deze meting niet? Verbeter hem", en: "Is this reading wrong? Correct it" }
    AllDone { nl: "U bent klaar met meten voor deze reeks. Dank u wel.", en: "You have finished measuring for this series. Thank you." }
    DoneTitle { nl: "Wat u al gemeten heeft", en: "What you have measured" }
    NothingYet { nl: "U heeft nog niets ingevuld.", en: "You have not entered anything yet." }
    ColumnWhen { nl: "Gemeten", en: "Measured" }
    ColumnValue { nl: "Waarde", en: "Value" }
    CorrectLink { nl: "Verbeteren", en: "Correct" }
    CorrectedMark { nl: "verbeterd", en: "corrected" }
    ScheduleTitle { nl: "Het meetschema", en: "The schedule" }
    ColumnDay { nl: "Dag", en: "Day" }
    SlotDone { nl: "klaar", en: "done" }
    SlotOpen { nl: "nu", en: "now" }
    SlotUpcoming { nl: "nog niet", en: "not yet" }
    SlotPartial { nl: "niet alle metingen", en: "not all readings" }
    SlotMissed { nl: "niet gemeten", en: "not measured" }
    SessionMorning { nl: "ochtend", en: "morning" }
    SessionEvening { nl: "avond", en: "evening" }
    SessionBeforeBreakfast { nl: "voor het ontbijt", en: "before breakfast" }
    SessionBeforeLunch { nl: "voor de lunch", en: "before lunch" }
    SessionBeforeDinner { nl: "voor het avondeten", en: "before dinner" }
    SessionBedtime { nl: "voor het slapengaan", en: "at bedtime" }
    SessionWholeDay { nl: "op een moment dat u uitkomt", en: "at a time that suits you" }
    CorrectTitle { nl: "Meting verbeteren", en: "Correct a reading" }
    ReasonLegend { nl: "Wat was er niet goed?", en: "What was wrong?" }
    ReasonTyping { nl: "Ik heb een verkeerd getal ingetypt", en: "I typed a wrong number" }
    ReasonTime { nl: "De dag of de tijd klopte niet", en: "The day or the time was wrong" }
    SaveCorrectionButton { nl: "Verbetering opslaan", en: "Save correction" }
    BackToReadings { nl: "Terug naar uw metingen", en: "Back to your readings" }
    ReadingsTitle { nl: "Metingen", en: "Readings" }
    ColumnEnteredBy { nl: "Ingevuld", en: "Entered" }
    NoReadingsYet { nl: "Er zijn nog geen metingen.", en: "There are no readings yet." }
    EvaluationTitle { nl: "Uitkomst van de reeks", en: "Result of the series" }
    EvaluationNone { nl: "Nog te weinig metingen voor een uitkomst.", en: "Not enough readings for a result yet." }
    ClassificationHigh { nl: "verhoogd", en: "raised" }
    ClassificationNormal { nl: "niet verhoogd", en: "not raised" }
    FlagsTitle { nl: "Aandachtspunten", en: "Points for attention" }
    NotCountedShort { nl: "telt niet mee", en: "does not count" }
    HisTitle { nl: "Tekst voor het journaal (HIS)", en: "Text for the GP system's journal (HIS)" }
    HisHint {
        nl: "Selecteer de tekst en kopieer hem naar het journaal van de patiënt.",
        en: "Select the text and copy it into the patient's journal.",
    }
    CopyButton { nl: "Kopiëren", en: "Copy" }
    CopyDone {
        nl: "Gekopieerd. Plak de tekst in het journaal.",
        en: "Copied. Paste the text into the journal.",
    }
    CopyFailed {
        nl: "Kopiëren lukte niet. De tekst is geselecteerd: kopieer hem met Ctrl+C.",
        en: "Copying did not work. The text is selected: copy it with Ctrl+C.",
    }
    CancelButton { nl: "Verzoek annuleren", en: "Cancel the request" }
    ResendButton { nl: "Opnieuw versturen", en: "Send again" }
    ResendHint {
        nl: "De patiënt krijgt de uitnodiging nog een keer, met een nieuwe link. De oude link blijft werken.",
        en: "The patient gets the invitation once more, with a new link. The old link keeps working.",
    }
    ResendDone { nl: "De uitnodiging is opnieuw verstuurd.", en: "The invitation has been sent again." }
    ResendClosed {
        nl: "Dit verzoek is afgesloten of verlopen; het kan niet opnieuw worden verstuurd.",
        en: "This request is closed or has expired; it cannot be sent again.",
    }
    ResendNoEmail {
        nl: "Van deze patiënt is geen e-mailadres bekend.",
        en: "No e-mail address is known for this patient.",
    }
    ResendNoConsent {
        nl: "Deze patiënt heeft geen toestemming gegeven; er is niets verstuurd.",
        en: "This patient has not given consent; nothing was sent.",
    }
    CancelHint {
        nl: "Na annuleren werkt de link van de patiënt niet meer.",
        en: "After cancelling, the patient's link no longer works.",
    }
    FhirTitle { nl: "Bestand voor het HIS (FHIR)", en: "File for the GP system (FHIR)" }
    FhirHint {
        nl: "Een FHIR R4-bundel met de antwoorden of metingen, de uitkomst en wie ze invulde. Lees het bestand in het HIS in.",
        en: "A FHIR R4 bundle with the answers or readings, the result and who entered them. Import the file into the GP system.",
    }
    FhirDownload { nl: "FHIR-bestand downloaden", en: "Download the FHIR file" }
    NoResultYet {
        nl: "Er is nog geen uitkomst om te downloaden.",
        en: "There is no result to download yet.",
    }
    HisByPatient { nl: "ingevuld door patiënt", en: "filled in by the patient" }
    HisByCarer { nl: "ingevuld door mantelzorger", en: "filled in by a carer" }
    HisByProfessional { nl: "ingevuld door zorgverlener", en: "filled in by a professional" }
    ViaLink { nl: "patiënt, via de link", en: "patient, through the link" }
    ViaAccount { nl: "patiënt, ingelogd", en: "patient, signed in" }
    ViaVisit { nl: "zorgverlener, bij een bezoek", en: "professional, at a visit" }
    SendProblemDue { nl: "Kies een datum vanaf vandaag.", en: "Choose a date from today." }
    SendProblemChoose { nl: "Kies een patiënt, wat u vraagt en een datum.", en: "Choose a patient, what you ask for and a date." }
}

crate::text_fns! {
    fn entered_by_carer(name: &str) {
        nl: "Ingevuld door mantelzorger {name}, namens de patiënt",
        en: "Filled in by carer {name}, on the patient's behalf",
    }
    /// Whom a batch reaches by age.
    fn age_and_older(age: u8) {
        nl: "{age} jaar en ouder",
        en: "{age} years and older",
    }
    /// What a batch sends, to whom, by when.
    fn batch_summary(what: &str, whom: &str, due: &str) {
        nl: "{what}, naar {whom}, klaar uiterlijk {due}.",
        en: "{what}, to {whom}, done by {due}.",
    }
    /// Whom a batch reaches by its criteria.
    fn patients_of(criteria: &str) {
        nl: "patiënten van {criteria}",
        en: "patients of {criteria}",
    }
    /// Whom a batch reaches by a saved selection.
    fn selection_whom(name: &str, criteria: &str) {
        nl: "de selectie ‘{name}’ (patiënten van {criteria})",
        en: "the selection ‘{name}’ (patients of {criteria})",
    }
    /// A batch that repeats.
    fn repeats_every(months: u8) {
        nl: "Het verzoek wordt daarna elke {months} maanden herhaald.",
        en: "The request then repeats every {months} months.",
    }
    /// A request that repeats.
    fn repeats_every_months(months: u8) {
        nl: "Elke {months} maanden. Het volgende verzoek wordt twee weken voor de volgende datum verstuurd.",
        en: "Every {months} months. The next request is sent two weeks before the next date.",
    }
    /// A list still being sent.
    fn batch_progress(done: u64, total: u64) {
        nl: "Verwerkt: {done} van de {total} patiënten. U hoeft niet te wachten: het versturen gaat door als u deze pagina sluit.",
        en: "Done: {done} of the {total} patients. You need not wait: sending goes on when you close this page.",
    }
    /// Those a batch will skip.
    fn batch_skipped(no_email: u64, no_consent: u64) {
        nl: "Overgeslagen worden: {no_email} zonder e-mailadres en {no_consent} zonder toestemming.",
        en: "Skipped will be: {no_email} without an e-mail address and {no_consent} without consent.",
    }
    /// A repeat choice.
    fn every_months(months: u8) {
        nl: "Elke {months} maanden",
        en: "Every {months} months",
    }
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
    fn due_now(session: &str, done: u16, needed: u16, until: &str) {
        nl: "Nu meten: {session}. U heeft {done} van de {needed} metingen gedaan. Dit kan tot {until}.",
        en: "Measure now: {session}. You have done {done} of {needed} readings. You can do this until {until}.",
    }
    fn due_next(day: &str, session: &str, from: &str) {
        nl: "De volgende keer meten: {day}, {session}, vanaf {from}.",
        en: "Next time to measure: {day}, {session}, from {from}.",
    }
    fn saved_reading(value: &str, when: &str) {
        nl: "{value}, gemeten op {when}.",
        en: "{value}, measured on {when}.",
    }
    fn correcting(value: &str, when: &str) {
        nl: "U verbetert deze meting: {value}, gemeten op {when}. De oude meting blijft bewaard, met uw verbetering erbij.",
        en: "You are correcting this reading: {value}, measured on {when}. The old reading is kept, together with your correction.",
    }
    fn slot_count(done: u16, needed: u16, state: &str) {
        nl: "{done} van {needed} ({state})",
        en: "{done} of {needed} ({state})",
    }
    fn bp_mean(systolic: &str, diastolic: &str, readings: u32, classification: &str) {
        nl: "Gemiddeld {systolic}/{diastolic} mmHg over {readings} metingen: {classification}.",
        en: "Mean {systolic}/{diastolic} mmHg over {readings} readings: {classification}.",
    }
    fn series_summary(mean: &str, min: &str, max: &str, readings: u32) {
        nl: "Gemiddeld {mean} (laagste {min}, hoogste {max}) over {readings} metingen.",
        en: "Mean {mean} (lowest {min}, highest {max}) over {readings} readings.",
    }
    fn completeness(valid: u32, required: u32, expected: u32) {
        nl: "{valid} metingen tellen mee; nodig voor een uitkomst: {required}; gevraagd: {expected}.",
        en: "{valid} readings count; needed for a result: {required}; asked for: {expected}.",
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
    fn batch_count(n) {
        nl: ["Dit is {n} patiënt.", "Dit zijn {n} patiënten."],
        en: ["This is {n} patient.", "These are {n} patients."],
    }
    fn batch_send(n) {
        nl: ["Versturen naar {n} patiënt", "Versturen naar {n} patiënten"],
        en: ["Send to {n} patient", "Send to {n} patients"],
    }
    fn new_results(n) {
        nl: ["{n} nieuwe uitkomst", "{n} nieuwe uitkomsten"],
        en: ["{n} new result", "{n} new results"],
    }
    fn flagged_results(n) {
        nl: ["{n} uitkomst buiten de grens", "{n} uitkomsten buiten de grens"],
        en: ["{n} result outside a limit", "{n} results outside a limit"],
    }
    fn overdue_requests(n) {
        nl: ["{n} verzoek te laat", "{n} verzoeken te laat"],
        en: ["{n} request overdue", "{n} requests overdue"],
    }
}
