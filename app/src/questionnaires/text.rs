//! The texts of the questionnaire pages: catalogue, preview, and the messages of the answer checks.
//!
//! Dutch first (B1 for what patients read), English second. Plain texts are keys of [`T`];
//! texts with placeholders are functions whose arguments are the placeholders.

crate::texts! {
    CatalogueTitle { nl: "Vragenlijsten", en: "Questionnaires" }
    CatalogueIntro {
        nl: "Deze vragenlijsten kan uw zorgverlener u sturen.",
        en: "These are the questionnaires your care team can send you.",
    }
    CatalogueEmpty { nl: "Er zijn nog geen vragenlijsten.", en: "There are no questionnaires yet." }
    CatalogueLoading { nl: "Vragenlijsten laden…", en: "Loading questionnaires…" }
    ColumnTitle { nl: "Naam", en: "Name" }
    ColumnVersion { nl: "Versie", en: "Version" }
    ColumnSource { nl: "Bron", en: "Source" }
    ColumnLicence { nl: "Licentie", en: "Licence" }
    ColumnItems { nl: "Aantal vragen", en: "Number of questions" }
    PreviewBack { nl: "Terug naar alle vragenlijsten", en: "Back to all questionnaires" }
    PreviewNotice {
        nl: "Voorbeeld: zo ziet de patiënt deze vragenlijst. Wat u hier invult, wordt niet bewaard.",
        en: "Preview: this is how the patient sees this questionnaire. Nothing you fill in here is saved.",
    }
    PreviewFormLabel { nl: "Voorbeeld van de vragen", en: "Preview of the questions" }
    PreviewRequired { nl: "verplicht", en: "required" }
    PreviewConditional {
        nl: "Deze vraag ziet de patiënt alleen bij bepaalde antwoorden op eerdere vragen.",
        en: "The patient only sees this question after certain answers to earlier questions.",
    }
    FieldRequired { nl: "Beantwoord deze vraag.", en: "Please answer this question." }
    FieldUnknown {
        nl: "Deze vraag hoort niet bij deze vragenlijst.",
        en: "This question is not part of this questionnaire.",
    }
    FieldNoAnswer {
        nl: "Bij deze tekst hoort geen antwoord.",
        en: "This text does not take an answer.",
    }
    FieldWrongType {
        nl: "Dit antwoord past niet bij de vraag.",
        en: "This answer does not fit the question.",
    }
    FieldUnknownOption { nl: "Kies een van de antwoorden.", en: "Choose one of the answers." }
    FieldOneAnswer { nl: "Kies één antwoord.", en: "Choose one answer." }
    FieldWholeNumber {
        nl: "Vul een heel getal in, zonder komma.",
        en: "Enter a whole number, without decimals.",
    }
    FieldDate {
        nl: "Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-2025.",
        en: "Enter a date as day-month-year, for example 31-12-2025.",
    }
}

crate::text_fns! {
    fn field_below_min(min: &str) {
        nl: "Vul een getal in van {min} of hoger.",
        en: "Enter a number of {min} or more.",
    }
    fn field_above_max(max: &str) {
        nl: "Vul een getal in van {max} of lager.",
        en: "Enter a number of {max} or less.",
    }
    fn field_too_long(max: usize) {
        nl: "Dit antwoord is te lang (hoogstens {max} tekens).",
        en: "This answer is too long (at most {max} characters).",
    }
}
