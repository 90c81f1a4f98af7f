//! Charts of a patient's data. The model says what is plotted — points with who entered them,
//! threshold lines and bands, protocol means, markers — and gives the one-line summary and the
//! data table that go with every chart; [`svg`] draws it with plotters on the server. The
//! table shows exactly the plotted points, so a person who cannot see the chart misses
//! nothing.

pub mod radar;
#[cfg(feature = "ssr")]
pub mod svg;
pub mod text;
pub mod view;

use crate::ui::i18n::Lang;
use serde::{Deserialize, Serialize};
use text::T;

/// Who entered a plotted value; the chart draws each with its own mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    /// The patient.
    Patient,
    /// A carer for the patient.
    Carer,
    /// A professional (at a visit).
    Professional,
}

impl Who {
    /// From the stored code (`patient`, `carer`, `professional`).
    pub fn from_code(code: &str) -> Who {
        match code {
            "carer" => Who::Carer,
            "professional" => Who::Professional,
            _ => Who::Patient,
        }
    }

    /// In words.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Who::Patient => T::ByPatient,
            Who::Carer => T::ByCarer,
            Who::Professional => T::ByProfessional,
        })
    }
}

/// One plotted value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    /// The value.
    pub value: f64,
    /// Who entered it.
    pub by: Who,
    /// Whether it is flagged (outside a limit); drawn larger and named in the table.
    pub flagged: bool,
}

/// A line of values, e.g. the upper pressure.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the legend and the table's column.
    pub name: String,
    /// Its values, oldest first.
    pub points: Vec<Point>,
}

/// A horizontal line: a threshold or a questionnaire's cut-off.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Where.
    pub value: f64,
    /// What it means, e.g. "grens bovendruk 135".
    pub label: String,
}

/// A horizontal band: a range of values that means something, e.g. the target range.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Its lowest value.
    pub from: f64,
    /// Its highest value.
    pub to: f64,
    /// What it means.
    pub label: String,
}

/// A protocol's mean over a stretch of time, drawn as a thick segment.
#[derive(Clone, Debug, PartialEq)]
pub struct Mean {
    /// From when (seconds since 1970).
    pub from: i64,
    /// To when.
    pub to: i64,
    /// The mean.
    pub value: f64,
    /// In words, e.g. "weekgemiddelde 133,5/80"; empty when another mean's words say it.
    pub label: String,
}

/// A moment marked on the chart, e.g. a weight gain of more than 2 kg in 3 days.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// When.
    pub at: i64,
    /// At which value.
    pub value: f64,
    /// In words.
    pub label: String,
}

/// The time every chart of a page shares: one axis for all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// From (seconds since 1970).
    pub from: i64,
    /// To.
    pub to: i64,
}

/// One chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// A stem for element ids, e.g. `bloeddruk`.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// The unit after values ("mmHg"), empty for scores.
    pub unit: String,
    /// The lines of values.
    pub series: Vec<Series>,
    /// Thresholds and cut-offs.
    pub lines: Vec<Line>,
    /// Ranges.
    pub bands: Vec<Band>,
    /// Protocol means.
    pub means: Vec<Mean>,
    /// Marked moments.
    pub markers: Vec<Marker>,
    /// Whether the points are day means (long periods), said in the summary.
    pub day_means: bool,
    /// The lowest value the axis must show (0 for scores).
    pub floor: Option<f64>,
}

/// The data table of a chart: exactly the plotted points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The column headings: when, one per series, who entered it.
    pub columns: Vec<String>,
    /// One row per moment.
    pub rows: Vec<Vec<String>>,
}

/// A chart as a page shows it: heading, SVG, summary and table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// The element id stem.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// One line saying what the chart shows.
    pub summary: String,
    /// The drawing (an `<svg>` element), made on the server from our own numbers and words.
    pub svg: String,
    /// The same data as a table.
    pub table: Table,
}

/// The id of a chart's one-line summary, which also labels its drawing.
pub fn summary_id(chart: &str) -> String {
    format!("grafiek-{chart}-samenvatting")
}

impl Chart {
    /// An empty chart.
    pub fn new(id: &str, title: String, unit: String) -> Chart {
        Chart {
            id: id.to_owned(),
            title,
            unit,
            series: Vec::new(),
            lines: Vec::new(),
            bands: Vec::new(),
            means: Vec::new(),
            markers: Vec::new(),
            day_means: false,
            floor: None,
        }
    }

    /// Every plotted point.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.series.iter().flat_map(|s| s.points.iter())
    }

    /// Whether there is nothing to plot.
    pub fn is_empty(&self) -> bool {
        self.points().next().is_none()
    }

    /// The value range the axis shows: every point, line, band and mean, with some room.
    pub fn value_range(&self) -> (f64, f64) {
        let values = self
            .points()
            .map(|p| p.value)
            .chain(self.lines.iter().map(|l| l.value))
            .chain(self.bands.iter().flat_map(|b| [b.from, b.to]))
            .chain(self.means.iter().map(|m| m.value))
            .chain(self.floor);
        let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !low.is_finite() {
            return (0.0, 1.0);
        }
        let room = ((high - low) * 0.08).max(1.0);
        let low = match self.floor {
            Some(floor) if low >= floor => (low - room).max(floor),
            _ => low - room,
        };
        (low, high + room)
    }

    /// The data table: one row per plotted moment, oldest first (series with a value at the
    /// same moment share the row; two values of one series at the same moment get a row
    /// each), values as the person reads them, and who entered them.
    pub fn table(&self, lang: Lang, when: impl Fn(i64) -> String) -> Table {
        let mut cursors = vec![0usize; self.series.len()];
        let mut rows = Vec::new();
        // Merge the series in time order: each row takes the earliest waiting moment.
        while let Some(at) = self
            .series
            .iter()
            .zip(&cursors)
            .filter_map(|(s, &i)| s.points.get(i).map(|p| p.at))
            .min()
        {
            let mut row = vec![when(at)];
            let mut by = Vec::new();
            for (series, cursor) in self.series.iter().zip(cursors.iter_mut()) {
                match series.points.get(*cursor).filter(|p| p.at == at) {
                    Some(point) => {
                        *cursor += 1;
                        let mut cell = lang.number(point.value);
                        if point.flagged {
                            cell.push_str(&format!(" ({})", lang.t(T::Flagged)));
                        }
                        row.push(cell);
                        if !by.contains(&point.by) {
                            by.push(point.by);
                        }
                    }
                    None => row.push("—".to_owned()),
                }
            }
            row.push(
                by.into_iter()
                    .map(|w| w.label(lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            rows.push(row);
        }
        let mut columns = vec![lang
            .t(if self.day_means {
                T::ColumnDay
            } else {
                T::ColumnWhen
            })
            .to_owned()];
        columns.extend(self.series.iter().map(|s| {
            if self.unit.is_empty() {
                s.name.clone()
            } else {
                format!("{} ({})", s.name, self.unit)
            }
        }));
        columns.push(lang.t(T::ColumnEnteredBy).to_owned());
        Table { columns, rows }
    }

    /// One line saying what the chart shows: how many values over which days, the latest,
    /// how many are flagged, and which lines, means and markers it has.
    pub fn summary(&self, lang: Lang, day: impl Fn(i64) -> String) -> String {
        let Some(main) = self.series.first().filter(|s| !s.points.is_empty()) else {
            return text::empty(lang, &self.title);
        };
        let first = main.points.first().map_or(0, |p| p.at);
        let last = main.points.last().map_or(0, |p| p.at);
        let latest: Vec<String> = self
            .series
            .iter()
            .filter_map(|s| s.points.last().filter(|p| p.at == last))
            .map(|p| lang.number(p.value))
            .collect();
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let mut parts = vec![text::counted(
            lang,
            &self.title,
            main.points.len(),
            self.day_means,
            &day(first),
            &day(last),
            &format!("{}{unit}", latest.join("/")),
        )];
        let flagged = main
            .points
            .iter()
            .filter(|p| {
                p.flagged
                    || self.series[1..]
                        .iter()
                        .any(|s| s.points.iter().any(|q| q.at == p.at && q.flagged))
            })
            .count();
        if flagged > 0 {
            parts.push(text::flagged(lang, flagged));
        }
        parts.extend(self.lines.iter().map(|l| l.label.clone()));
        parts.extend(self.bands.iter().map(|b| b.label.clone()));
        parts.extend(
            self.means
                .iter()
                .filter(|m| !m.label.is_empty())
                .map(|m| m.label.clone()),
        );
        parts.extend(self.markers.iter().map(|m| m.label.clone()));
        let others = self
            .points()
            .filter(|p| p.by != Who::Patient)
            .map(|p| p.by)
            .fold(Vec::new(), |mut seen, who| {
                if !seen.contains(&who) {
                    seen.push(who);
                }
                seen
            });
        if !others.is_empty() {
            parts.push(text::entered_by_others(
                lang,
                &others
                    .iter()
                    .map(|w| w.label(lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        format!("{}.", parts.join("; "))
    }
}

/// Replaces each day's points by their mean (one point at noon of that day, flagged when any
/// was, shown as entered by the first person other than the patient who entered one), for long
/// periods where single readings would crowd the chart. `day_of` gives a moment's day and
/// that day's noon.
pub fn day_means(points: &[Point], mut day_of: impl FnMut(i64) -> (i64, i64)) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    let mut current: Option<(i64, i64, f64, usize, bool, Who)> = None;
    let flush = |c: (i64, i64, f64, usize, bool, Who), out: &mut Vec<Point>| {
        let (_, noon, sum, n, flagged, by) = c;
        out.push(Point {
            at: noon,
            value: (sum / n as f64 * 10.0).round() / 10.0,
            by,
            flagged,
        });
    };
    for p in points {
        let (day, noon) = day_of(p.at);
        match current.as_mut() {
            Some(c) if c.0 == day => {
                c.2 += p.value;
                c.3 += 1;
                c.4 |= p.flagged;
                // A day with values entered by someone else is shown as theirs.
                if c.5 == Who::Patient {
                    c.5 = p.by;
                }
            }
            _ => {
                if let Some(c) = current.take() {
                    flush(c, &mut out);
                }
                current = Some((day, noon, p.value, 1, p.flagged, p.by));
            }
        }
    }
    if let Some(c) = current {
        flush(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(at: i64, value: f64, by: Who) -> Point {
        Point {
            at,
            value,
            by,
            flagged: false,
        }
    }

    fn bp() -> Chart {
        let mut chart = Chart::new("bp", "Bloeddruk".into(), "mmHg".into());
        chart.series = vec![
            Series {
                name: "Bovendruk".into(),
                points: vec![
                    point(100, 140.0, Who::Patient),
                    Point {
                        flagged: true,
                        ..point(200, 182.0, Who::Carer)
                    },
                ],
            },
            Series {
                name: "Onderdruk".into(),
                points: vec![point(100, 85.0, Who::Patient), point(200, 95.0, Who::Carer)],
            },
        ];
        chart.lines.push(Line {
            value: 135.0,
            label: "grens bovendruk 135".into(),
        });
        chart
    }

    #[test]
    fn the_table_has_one_row_per_moment_with_every_series_and_who_entered_it() {
        let table = bp().table(Lang::Nl, |at| format!("t{at}"));
        assert_eq!(
            table.columns,
            [
                "Moment",
                "Bovendruk (mmHg)",
                "Onderdruk (mmHg)",
                "Ingevoerd door"
            ]
        );
        assert_eq!(
            table.rows,
            [
                vec!["t100", "140", "85", "patiënt"],
                vec!["t200", "182 (buiten de grens)", "95", "mantelzorger"],
            ]
        );
    }

    #[test]
    fn a_series_without_a_value_at_a_moment_shows_a_dash() {
        let mut chart = bp();
        chart.series[1].points.remove(0);
        let table = chart.table(Lang::En, |at| at.to_string());
        assert_eq!(table.rows[0], ["100", "140", "—", "patient"]);
        assert_eq!(table.rows.len(), 2);
    }

    #[test]
    fn two_values_at_the_same_moment_get_a_row_each_and_nothing_is_lost() {
        let mut chart = bp();
        // A second reading in the same minute as the first, in both series.
        chart.series[0]
            .points
            .insert(1, point(100, 138.0, Who::Patient));
        chart.series[1]
            .points
            .insert(1, point(100, 86.0, Who::Patient));
        let table = chart.table(Lang::Nl, |at| format!("t{at}"));
        assert_eq!(
            table.rows,
            [
                vec!["t100", "140", "85", "patiënt"],
                vec!["t100", "138", "86", "patiënt"],
                vec!["t200", "182 (buiten de grens)", "95", "mantelzorger"],
            ]
        );
        let values: usize = table.rows.iter().map(|r| r.len() - 2).sum();
        assert_eq!(values, chart.points().count());
    }

    #[test]
    fn the_summary_counts_flags_and_names_lines_and_other_enterers() {
        let summary = bp().summary(Lang::Nl, |at| format!("dag{at}"));
        assert_eq!(
            summary,
            "Bloeddruk: 2 waarden van dag100 tot dag200, laatste 182/95 mmHg; \
             1 buiten de grens; grens bovendruk 135; ingevoerd door ook: mantelzorger."
        );
        let empty = Chart::new("w", "Gewicht".into(), "kg".into());
        assert_eq!(
            empty.summary(Lang::Nl, |_| String::new()),
            "Gewicht: geen waarden in deze periode."
        );
    }

    #[test]
    fn the_value_range_includes_lines_and_keeps_scores_above_their_floor() {
        let (low, high) = bp().value_range();
        assert!(low < 85.0 && high > 182.0);
        let mut score = Chart::new("gfi", "GFI".into(), String::new());
        score.floor = Some(0.0);
        score.series.push(Series {
            name: "GFI".into(),
            points: vec![point(1, 2.0, Who::Patient), point(2, 6.0, Who::Patient)],
        });
        score.lines.push(Line {
            value: 4.0,
            label: "≥ 4".into(),
        });
        let (low, high) = score.value_range();
        assert_eq!(low, 0.0);
        assert!(high > 6.0);
        assert_eq!(
            Chart::new("x", "X".into(), "".into()).value_range(),
            (0.0, 1.0)
        );
    }

    #[test]
    fn day_means_give_one_point_per_day_and_keep_flags_and_enterers() {
        let day = |at: i64| (at / 100, at / 100 * 100 + 50);
        let points = [
            point(101, 140.0, Who::Patient),
            Point {
                flagged: true,
                ..point(102, 150.0, Who::Patient)
            },
            point(201, 130.0, Who::Carer),
            point(202, 131.0, Who::Carer),
            point(301, 120.0, Who::Carer),
            point(302, 121.0, Who::Professional),
        ];
        let means = day_means(&points, day);
        assert_eq!(
            means,
            [
                Point {
                    at: 150,
                    value: 145.0,
                    by: Who::Patient,
                    flagged: true
                },
                point(250, 130.5, Who::Carer),
                point(350, 120.5, Who::Carer),
            ]
        );
    }
}
