//! Terugkoppelen: a result as one plain line for the journal of the GP's information system
//! (HIS), e.g. "GFI 5 (≥ 4: kwetsbaar), ingevuld door patiënt, 20-11-2026". Pure.

use crate::ui::i18n::Lang;

/// One scale of a result.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleLine {
    /// The scale's title, e.g. "Distress".
    pub title: String,
    /// The score; none when too few items were answered.
    pub score: Option<f64>,
    /// The band's label, e.g. "Kwetsbaar".
    pub band: Option<String>,
    /// The band's lowest score, when it is more than the scale's lowest.
    pub from: Option<f64>,
}

/// The line for a questionnaire: `short` is the instrument's short name ("GFI"); one scale is
/// written after it, several each with their title; then who filled it in and the day.
pub fn questionnaire_line(
    short: &str,
    scales: &[ScaleLine],
    entered_by: &str,
    on: jiff::civil::Date,
    lang: Lang,
) -> String {
    let part = |s: &ScaleLine| {
        let score = s.score.map_or_else(|| "—".to_owned(), |v| lang.number(v));
        let band = match (&s.band, s.from) {
            (Some(band), Some(from)) => {
                format!(" (≥ {}: {})", lang.number(from), band.to_lowercase())
            }
            (Some(band), None) => format!(" ({})", band.to_lowercase()),
            (None, _) => String::new(),
        };
        format!("{score}{band}")
    };
    let body = match scales {
        [one] => format!("{short} {}", part(one)),
        many => format!(
            "{short}: {}",
            many.iter()
                .map(|s| format!("{} {}", s.title.to_lowercase(), part(s)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    format!("{body}, {entered_by}, {}", on.strftime("%d-%m-%Y"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scale_reads_like_a_journal_line() {
        let gfi = ScaleLine {
            title: "GFI totaal".into(),
            score: Some(5.0),
            band: Some("Kwetsbaar".into()),
            from: Some(4.0),
        };
        assert_eq!(
            questionnaire_line(
                "GFI",
                &[gfi],
                "ingevuld door mantelzorger",
                jiff::civil::date(2026, 11, 20),
                Lang::Nl
            ),
            "GFI 5 (≥ 4: kwetsbaar), ingevuld door mantelzorger, 20-11-2026"
        );
    }

    #[test]
    fn several_scales_each_have_their_title_and_a_missing_score_a_dash() {
        let scales = [
            ScaleLine {
                title: "Distress".into(),
                score: Some(12.0),
                band: Some("Matig verhoogd".into()),
                from: Some(11.0),
            },
            ScaleLine {
                title: "Depressie".into(),
                score: Some(1.0),
                band: Some("Niet verhoogd".into()),
                from: None,
            },
            ScaleLine {
                title: "Angst".into(),
                score: None,
                band: None,
                from: None,
            },
        ];
        assert_eq!(
            questionnaire_line(
                "4DKL",
                &scales,
                "ingevuld door patiënt",
                jiff::civil::date(2026, 3, 2),
                Lang::Nl
            ),
            "4DKL: distress 12 (≥ 11: matig verhoogd); depressie 1 (niet verhoogd); angst —, \
             ingevuld door patiënt, 02-03-2026"
        );
    }
}
