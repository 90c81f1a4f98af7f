//! A profile over several dimensions compared over time, e.g. the six dimensions of
//! Positieve Gezondheid: a radar ("spinnenweb") with one outline per time it was filled in, the
//! latest drawn solid and earlier ones dashed. Its summary and table say the same as the
//! drawing: every plotted value, per dimension and per time.

use super::text::{self, T};
use super::{Table, Who};
use crate::ui::i18n::Lang;

/// At most this many times are compared in one drawing (the latest ones).
pub const MAX_ROUNDS: usize = 3;

/// One time the profile was filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    /// Who filled it in.
    pub by: Who,
    /// A value per axis, in the order of the axes; `None` where no score could be given.
    pub values: Vec<Option<f64>>,
}

/// The profile's chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Radar {
    /// A stem for element ids.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// The dimensions, clockwise from the top.
    pub axes: Vec<String>,
    /// The value at the centre.
    pub min: f64,
    /// The value at the outer ring.
    pub max: f64,
    /// The times compared, oldest first (at most [`MAX_ROUNDS`]).
    pub rounds: Vec<Round>,
}

impl Radar {
    /// Keeps only the latest [`MAX_ROUNDS`] times, so drawing, summary and table agree.
    pub fn keep_latest(&mut self) {
        let n = self.rounds.len();
        if n > MAX_ROUNDS {
            self.rounds.drain(..n - MAX_ROUNDS);
        }
    }

    /// One line: how many times, the latest values, and what changed since the first shown.
    pub fn summary(&self, lang: Lang, day: impl Fn(i64) -> String) -> String {
        let Some(latest) = self.rounds.last() else {
            return text::empty(lang, &self.title);
        };
        let values: Vec<String> = self
            .axes
            .iter()
            .zip(&latest.values)
            .map(|(axis, v)| format!("{} {}", axis.to_lowercase(), shown(*v, lang)))
            .collect();
        let mut line = text::radar_latest(
            lang,
            &self.title,
            self.rounds.len(),
            &day(latest.at),
            &values.join(", "),
        );
        if let Some(first) = self.rounds.first().filter(|_| self.rounds.len() > 1) {
            let changed = |higher: bool| -> Vec<String> {
                self.axes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, axis)| {
                        let (a, b) = (
                            first.values.get(i)?.as_ref()?,
                            latest.values.get(i)?.as_ref()?,
                        );
                        let up = b - a >= 0.5;
                        let down = a - b >= 0.5;
                        ((higher && up) || (!higher && down)).then(|| axis.to_lowercase())
                    })
                    .collect()
            };
            let (up, down) = (changed(true), changed(false));
            let none = lang.t(T::RadarNothing);
            let list = |v: Vec<String>| {
                if v.is_empty() {
                    none.to_owned()
                } else {
                    v.join(", ")
                }
            };
            line.push_str("; ");
            line.push_str(&text::radar_change(
                lang,
                &day(first.at),
                &list(up),
                &list(down),
            ));
        }
        line.push('.');
        line
    }

    /// The plotted values: a row per dimension, a column per time (with who filled it in).
    pub fn table(&self, lang: Lang, day: impl Fn(i64) -> String) -> Table {
        let mut columns = vec![lang.t(T::ColumnDimension).to_owned()];
        columns.extend(
            self.rounds
                .iter()
                .map(|r| format!("{} ({})", day(r.at), r.by.label(lang))),
        );
        let rows = self
            .axes
            .iter()
            .enumerate()
            .map(|(i, axis)| {
                let mut row = vec![axis.clone()];
                row.extend(
                    self.rounds
                        .iter()
                        .map(|r| shown(r.values.get(i).copied().flatten(), lang)),
                );
                row
            })
            .collect();
        Table { columns, rows }
    }
}

fn shown(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |v| lang.number((v * 10.0).round() / 10.0),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn radar(rounds: usize) -> Radar {
        Radar {
            id: "positieve-gezondheid".into(),
            title: "Positieve Gezondheid".into(),
            axes: [
                "Lichaam",
                "Mentaal",
                "Zingeving",
                "Kwaliteit",
                "Meedoen",
                "Dagelijks",
            ]
            .map(str::to_owned)
            .to_vec(),
            min: 0.0,
            max: 10.0,
            rounds: (0..rounds)
                .map(|r| Round {
                    at: 86_400 * (r as i64 + 1),
                    by: if r == 1 { Who::Carer } else { Who::Patient },
                    values: (0..6)
                        .map(|i| (i != 4 || r == 0).then_some(5.0 + r as f64 + i as f64 * 0.25))
                        .collect(),
                })
                .collect(),
        }
    }

    fn day(at: i64) -> String {
        format!("dag {}", at / 86_400)
    }

    #[test]
    fn only_the_latest_times_are_kept() {
        let mut r = radar(5);
        r.keep_latest();
        assert_eq!(r.rounds.len(), MAX_ROUNDS);
        assert_eq!(r.rounds[0].at, 3 * 86_400);
    }

    #[test]
    fn the_summary_names_the_latest_values_and_the_changes() {
        let r = radar(2);
        let s = r.summary(Lang::Nl, day);
        assert!(
            s.starts_with("Positieve Gezondheid: 2 keer ingevuld, laatste keer dag 2:"),
            "{s}"
        );
        assert!(s.contains("lichaam 6, mentaal 6,3"), "{s}");
        assert!(s.contains("meedoen —"), "{s}");
        assert!(
            s.contains("sinds dag 1 hoger: lichaam, mentaal, zingeving, kwaliteit, dagelijks; lager: niets"),
            "{s}"
        );
        let one = radar(1).summary(Lang::En, day);
        assert!(
            one.starts_with("Positieve Gezondheid: times filled in: 1, latest on dag 1:"),
            "{one}"
        );
        assert!(!one.contains("since"), "{one}");
        let empty = radar(0).summary(Lang::Nl, day);
        assert_eq!(empty, "Positieve Gezondheid: geen waarden in deze periode.");
    }

    #[test]
    fn the_table_has_a_row_per_dimension_and_a_column_per_time() {
        let t = radar(2).table(Lang::Nl, day);
        assert_eq!(
            t.columns,
            ["Dimensie", "dag 1 (patiënt)", "dag 2 (mantelzorger)"]
        );
        assert_eq!(t.rows.len(), 6);
        assert_eq!(t.rows[0], ["Lichaam", "5", "6"]);
        assert_eq!(t.rows[4], ["Meedoen", "6", "—"]);
    }
}
