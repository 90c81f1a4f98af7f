//! The words of the professionals' patient pages: the list, the search and the timeline.

crate::texts! {
    Period3Months { nl: "3 maanden", en: "3 months" }
    PeriodYear { nl: "1 jaar", en: "1 year" }
    Period5Years { nl: "5 jaar", en: "5 years" }
    Systolic { nl: "Bovendruk", en: "Upper pressure" }
    Diastolic { nl: "Onderdruk", en: "Lower pressure" }
    PatientsTitle { nl: "Patiënten", en: "Patients" }
    VisitTitle { nl: "Meting invoeren", en: "Enter a measurement" }
    VisitLink { nl: "Meting invoeren (bij een bezoek)", en: "Enter a measurement (at a visit)" }
    VisitChoose { nl: "Wat heeft u gemeten?", en: "What did you measure?" }
    VisitSave { nl: "Meting opslaan", en: "Save the measurement" }
    VisitSaved { nl: "De meting is opgeslagen", en: "The measurement has been saved" }
    VisitBack { nl: "Terug naar de patiënt", en: "Back to the patient" }
    SearchLabel { nl: "Zoek op naam, geboortedatum of BSN", en: "Search by name, date of birth or BSN" }
    SearchHint {
        nl: "Een geboortedatum als 15-03-1942. Een BSN heeft 9 cijfers.",
        en: "A date of birth like 15-03-1942. A BSN has 9 digits.",
    }
    SearchButton { nl: "Zoeken", en: "Search" }
    NoPatients { nl: "Geen patiënten gevonden.", en: "No patients found." }
    NoPatientsYet {
        nl: "Uw organisatie heeft nog geen patiënten in haar zorgnetwerk.",
        en: "Your organisation has no patients in its care network yet.",
    }
    ColumnName { nl: "Naam", en: "Name" }
    ColumnBorn { nl: "Geboortedatum", en: "Date of birth" }
    ColumnBsn { nl: "BSN", en: "BSN" }
    PreviousPage { nl: "Vorige", en: "Previous" }
    NextPage { nl: "Volgende", en: "Next" }
    PatientTitle { nl: "Patiënt", en: "Patient" }
    ConsentLabel { nl: "Toestemming", en: "Consent" }
    EmailLabel { nl: "E-mailadres", en: "E-mail address" }
    NoEmail { nl: "geen", en: "none" }
    PeriodLabel { nl: "Periode", en: "Period" }
    ShowButton { nl: "Toon", en: "Show" }
    ChartsTitle { nl: "Metingen en scores", en: "Measurements and scores" }
    ChartsEmpty {
        nl: "In deze periode zijn er geen metingen of ingevulde vragenlijsten.",
        en: "There are no measurements or completed questionnaires in this period.",
    }
    ChartsHint {
        nl: "Alle grafieken hebben dezelfde tijdas. Onder elke grafiek staan de waarden ook als tabel.",
        en: "All charts share the same time axis. Under each chart the values are also shown as a table.",
    }
    EventsTitle { nl: "Verzoeken in deze periode", en: "Requests in this period" }
    EventsEmpty { nl: "Geen verzoeken in deze periode.", en: "No requests in this period." }
    ColumnDay { nl: "Datum", en: "Date" }
    ColumnWhat { nl: "Wat", en: "What" }
    ColumnResult { nl: "Uitkomst", en: "Result" }
    NewRequestForPatient { nl: "Verzoek sturen", en: "Send a request" }
    ConsentUnknown { nl: "niet vastgelegd", en: "not recorded" }
    ConsentGiven { nl: "gegeven", en: "given" }
    ConsentRefused { nl: "geweigerd", en: "refused" }
    ConsentWithdrawn { nl: "ingetrokken", en: "withdrawn" }
    MyConsentTitle { nl: "Toestemming voor uw zorgnetwerk", en: "Consent for your care network" }
    MyConsentIntro {
        nl: "Met uw toestemming kunnen de zorgverleners in uw zorgnetwerk, zoals uw huisarts en de wijkverpleging, u via Meetpunt vragenlijsten en metingen sturen en uw antwoorden zien. U kunt uw toestemming altijd intrekken. Dan stuurt niemand u nog nieuwe verzoeken. Wat u al heeft ingevuld, blijft bewaard in uw dossier.",
        en: "With your consent the care providers in your care network, such as your GP and the district nurses, can send you questionnaires and measurements through Meetpunt and see your answers. You can withdraw your consent at any time. Then nobody sends you new requests. What you filled in already stays in your record.",
    }
    MyConsentNow { nl: "Uw toestemming:", en: "Your consent:" }
    ConsentGive { nl: "Toestemming geven", en: "Give consent" }
    ConsentWithdraw { nl: "Toestemming intrekken", en: "Withdraw consent" }
    ConsentSaved { nl: "Uw keuze is opgeslagen.", en: "Your choice has been saved." }
}

crate::text_fns! {
    /// Who recorded the consent: the patient, reading their own page.
    fn consent_by_you(date: &str) {
        nl: "Vastgelegd door uzelf op {date}.",
        en: "Recorded by yourself on {date}.",
    }
    /// Who recorded the consent: the patient online, for a professional.
    fn consent_by_patient(date: &str) {
        nl: "Vastgelegd door de patiënt zelf via Meetpunt, op {date}.",
        en: "Recorded by the patient themself through Meetpunt, on {date}.",
    }
    /// Who recorded the consent: a professional after a conversation.
    fn consent_by_professional(name: &str, date: &str) {
        nl: "Vastgelegd door {name} na een gesprek met de patiënt, op {date}.",
        en: "Recorded by {name} after a conversation with the patient, on {date}.",
    }
    /// When the consent was recorded, how not being known.
    fn consent_on(date: &str) {
        nl: "Vastgelegd op {date}.",
        en: "Recorded on {date}.",
    }
    /// Whose measurement the visit form enters.
    fn visit_for(name: &str) {
        nl: "Een meting die u bij {name} heeft gedaan, bijvoorbeeld tijdens een bezoek. Hij wordt opgeslagen als door u ingevoerd.",
        en: "A measurement you took for {name}, for example during a visit. It is saved as entered by you.",
    }
    /// The band above the home limit for the upper pressure.
    fn bp_band(limit: &str) {
        nl: "bovendruk thuis te hoog vanaf {limit}",
        en: "upper pressure at home too high from {limit}",
    }
    /// The home limit for the lower pressure.
    fn bp_diastolic_limit(limit: &str) {
        nl: "grens onderdruk thuis {limit}",
        en: "home limit lower pressure {limit}",
    }
    /// A blood-pressure week's mean.
    fn bp_mean(value: &str) {
        nl: "weekgemiddelde {value}",
        en: "week mean {value}",
    }
    /// The hypo limit for glucose.
    fn hypo_limit(limit: &str) {
        nl: "hypo onder {limit}",
        en: "hypo below {limit}",
    }
    /// The fasting glucose target.
    fn fasting_target(low: &str, high: &str) {
        nl: "streefwaarde nuchter {low}–{high}",
        en: "fasting target {low}–{high}",
    }
    /// A limit.
    fn limit(value: &str) {
        nl: "grens {value}",
        en: "limit {value}",
    }
    /// A target range.
    fn target_range(low: &str, high: &str) {
        nl: "streefbereik {low}–{high}",
        en: "target range {low}–{high}",
    }
    /// A weight gain marker.
    fn weight_gain(kg: &str, day: &str) {
        nl: "{kg} kg aangekomen tot {day}",
        en: "{kg} kg gained up to {day}",
    }
    /// A weight loss marker.
    fn weight_loss(percent: &str, day: &str) {
        nl: "{percent} % afgevallen tot {day}",
        en: "{percent} % lost up to {day}",
    }
    /// Born on.
    fn born(day: &str) {
        nl: "geboren {day}",
        en: "born {day}",
    }
}
