//! The words of charts: table headings, who entered a value, summaries.

crate::texts! {
    ByPatient { nl: "patiënt", en: "patient" }
    ByCarer { nl: "mantelzorger", en: "carer" }
    ByProfessional { nl: "zorgverlener", en: "professional" }
    Flagged { nl: "buiten de grens", en: "outside the limit" }
    ColumnWhen { nl: "Moment", en: "Moment" }
    ColumnDay { nl: "Dag (gemiddelde)", en: "Day (mean)" }
    ColumnEnteredBy { nl: "Ingevoerd door", en: "Entered by" }
    ColumnDimension { nl: "Dimensie", en: "Dimension" }
    RadarNothing { nl: "niets", en: "nothing" }
    RadarLatest { nl: "laatste keer", en: "latest" }
    TableToggle { nl: "Toon de waarden als tabel", en: "Show the values as a table" }
    MarksKey {
        nl: "Tekens in de grafieken: ● ingevoerd door de patiënt, ▲ door een mantelzorger, ✚ door een zorgverlener. Een groter teken ligt buiten de grens.",
        en: "Marks in the charts: ● entered by the patient, ▲ by a carer, ✚ by a professional. A larger mark is outside the limit.",
    }
}

crate::text_fns! {
    /// A chart without values.
    fn empty(title: &str) {
        nl: "{title}: geen waarden in deze periode.",
        en: "{title}: no values in this period.",
    }
    /// The first part of a summary.
    fn counted_values(title: &str, n: usize, first: &str, last: &str, latest: &str) {
        nl: "{title}: {n} waarden van {first} tot {last}, laatste {latest}",
        en: "{title}: {n} values from {first} to {last}, latest {latest}",
    }
    /// The first part of a summary of day means.
    fn counted_days(title: &str, n: usize, first: &str, last: &str, latest: &str) {
        nl: "{title}: gemiddelde per dag over {n} dagen van {first} tot {last}, laatste {latest}",
        en: "{title}: mean per day over {n} days from {first} to {last}, latest {latest}",
    }
    /// How many are outside a limit.
    fn flagged(n: usize) {
        nl: "{n} buiten de grens",
        en: "{n} outside the limit",
    }
    /// A profile's summary: how often, when last, the latest values.
    fn radar_latest(title: &str, n: usize, day: &str, values: &str) {
        nl: "{title}: {n} keer ingevuld, laatste keer {day}: {values}",
        en: "{title}: times filled in: {n}, latest on {day}: {values}",
    }
    /// What changed in a profile since the first time shown.
    fn radar_change(first: &str, up: &str, down: &str) {
        nl: "sinds {first} hoger: {up}; lager: {down}",
        en: "since {first} higher: {up}; lower: {down}",
    }
    /// Who else entered values.
    fn entered_by_others(who: &str) {
        nl: "ingevoerd door ook: {who}",
        en: "also entered by: {who}",
    }
}

/// The first part of a summary: how many values (or days) over which days, and the latest.
pub fn counted(
    lang: crate::ui::i18n::Lang,
    title: &str,
    n: usize,
    day_means: bool,
    first: &str,
    last: &str,
    latest: &str,
) -> String {
    if day_means {
        counted_days(lang, title, n, first, last, latest)
    } else {
        counted_values(lang, title, n, first, last, latest)
    }
}
