//! One patient's timeline: questionnaire scores and home measurements of a period as charts on
//! one time axis. Pure: the page's loader reads the data, this module decides what is drawn —
//! the thresholds and means of the measurement protocols, the weight rule's markers, each
//! scale's cut-offs — with the organisation's own limits.

use super::text::{self, T};
use crate::charts::{self, Band, Chart, Line, Marker, Mean, Point, Series, Who};
use crate::measurements::clock::WallClock;
use crate::measurements::kind::{Kind, Value};
use crate::measurements::reading::Reading;
use crate::measurements::thresholds::{evaluate_value, Context, Thresholds};
use crate::measurements::weight::{weight_episodes, DayWeight};
use crate::questionnaires::definition::Definition;
use crate::questionnaires::scoring::{resolve, Scoring, SettingValues};
use crate::ui::i18n::Lang;

/// A series with more points than this is shown as day means.
pub const DAY_MEANS_FROM: usize = 400;

/// The periods a professional can look at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// The last three months.
    Months3,
    /// The last year.
    #[default]
    Year,
    /// The last five years.
    Years5,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 3] = [Period::Months3, Period::Year, Period::Years5];

    /// The code in the address (`?periode=1j`).
    pub fn code(self) -> &'static str {
        match self {
            Period::Months3 => "3m",
            Period::Year => "1j",
            Period::Years5 => "5j",
        }
    }

    /// From the address; anything else is the default year.
    pub fn parse(code: &str) -> Period {
        Period::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .unwrap_or_default()
    }

    /// How many days it goes back.
    pub fn days(self) -> i64 {
        match self {
            Period::Months3 => 92,
            Period::Year => 366,
            Period::Years5 => 5 * 365 + 2,
        }
    }

    /// In words.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Period::Months3 => T::Period3Months,
            Period::Year => T::PeriodYear,
            Period::Years5 => T::Period5Years,
        })
    }
}

/// A reading to plot, with who entered it.
#[derive(Clone, Debug, PartialEq)]
pub struct Plotted {
    /// The current version of the reading.
    pub reading: Reading,
    /// Who entered it.
    pub by: Who,
}

/// A blood-pressure protocol's mean over its counted days.
#[derive(Clone, Debug, PartialEq)]
pub struct BloodPressureMean {
    /// The first counted reading (seconds since 1970).
    pub from: i64,
    /// The last counted reading.
    pub to: i64,
    /// Mean upper pressure.
    pub systolic: f64,
    /// Mean lower pressure.
    pub diastolic: f64,
}

/// A submitted questionnaire to plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// When it was submitted (seconds since 1970).
    pub at: i64,
    /// Who filled it in.
    pub by: Who,
    /// Its scores.
    pub scoring: Scoring,
}

/// The day of a moment on the Dutch clock, and that day's noon, for day means.
fn day_and_noon(clock: &mut WallClock, at: i64) -> (i64, i64) {
    let time = jiff::Timestamp::from_second(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let (day, clock_time) = clock.day_and_time(time);
    let noon = at - i64::from(clock_time.minutes()) * 60 + 12 * 3600;
    (i64::from(day), noon)
}

/// Turns long series into day means, and says so on the chart.
fn thin(chart: &mut Chart) {
    if chart.series.iter().any(|s| s.points.len() > DAY_MEANS_FROM) {
        let mut clock = WallClock::new();
        for series in &mut chart.series {
            series.points = charts::day_means(&series.points, |at| day_and_noon(&mut clock, at));
        }
        chart.day_means = true;
    }
}

fn flagged(kind: Kind, value: &Value, t: &Thresholds) -> bool {
    !evaluate_value(kind, value, None, t, Context::default()).is_empty()
}

/// A chart per kind of measurement, in the kinds' order, with `readings` oldest first.
pub fn measurement_charts(
    readings: &[Plotted],
    means: &[BloodPressureMean],
    t: &Thresholds,
    lang: Lang,
) -> Vec<Chart> {
    let n = |v: f64| lang.number(v);
    Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let of_kind: Vec<&Plotted> =
                readings.iter().filter(|p| p.reading.kind == kind).collect();
            if of_kind.is_empty() {
                return None;
            }
            let info = kind.info();
            let unit = info.unit.map(|u| lang.t(u).to_owned()).unwrap_or_default();
            let id = kind.id();
            let mut chart = Chart::new(id, lang.t(info.name).to_owned(), unit);
            let point = |p: &Plotted, value: f64| Point {
                at: p.reading.measured_at.as_second(),
                value,
                by: p.by,
                flagged: flagged(kind, &p.reading.value, t),
            };
            match kind {
                Kind::BloodPressure => {
                    let (upper, lower): (Vec<Point>, Vec<Point>) = of_kind
                        .iter()
                        .filter_map(|p| match p.reading.value {
                            Value::BloodPressure(bp) => Some((
                                point(p, bp.systolic),
                                Point {
                                    flagged: false,
                                    ..point(p, bp.diastolic)
                                },
                            )),
                            Value::Single(_) => None,
                        })
                        .unzip();
                    let top = upper.iter().map(|p| p.value).fold(0.0, f64::max);
                    chart.series = vec![
                        Series {
                            name: lang.t(T::Systolic).to_owned(),
                            points: upper,
                        },
                        Series {
                            name: lang.t(T::Diastolic).to_owned(),
                            points: lower,
                        },
                    ];
                    chart.bands.push(Band {
                        from: t.bp_mean_systolic_high,
                        to: top.max(t.bp_mean_systolic_high + 20.0),
                        label: text::bp_band(lang, &n(t.bp_mean_systolic_high)),
                    });
                    chart.lines.push(Line {
                        value: t.bp_mean_diastolic_high,
                        label: text::bp_diastolic_limit(lang, &n(t.bp_mean_diastolic_high)),
                    });
                    for mean in means {
                        // One label for the pair: "weekgemiddelde 133,5/80".
                        let both =
                            format!("{}/{}", n(round1(mean.systolic)), n(round1(mean.diastolic)));
                        chart.means.push(Mean {
                            from: mean.from,
                            to: mean.to,
                            value: mean.systolic,
                            label: text::bp_mean(lang, &both),
                        });
                        chart.means.push(Mean {
                            from: mean.from,
                            to: mean.to,
                            value: mean.diastolic,
                            label: String::new(),
                        });
                    }
                }
                _ => {
                    let points: Vec<Point> = of_kind
                        .iter()
                        .filter_map(|p| match p.reading.value {
                            Value::Single(v) => Some(point(p, v)),
                            Value::BloodPressure(_) => None,
                        })
                        .collect();
                    if kind == Kind::BodyWeight {
                        chart.markers = weight_markers(&points, t, lang);
                    }
                    chart.series.push(Series {
                        name: chart.title.clone(),
                        points,
                    });
                    limits(&mut chart, kind, t, lang);
                }
            }
            thin(&mut chart);
            Some(chart)
        })
        .collect()
}

/// The limits drawn for a kind measured as one number.
fn limits(chart: &mut Chart, kind: Kind, t: &Thresholds, lang: Lang) {
    let n = |v: f64| lang.number(v);
    let mut line = |value: f64, label: String| chart.lines.push(Line { value, label });
    match kind {
        Kind::Glucose => {
            line(t.glucose_low, text::hypo_limit(lang, &n(t.glucose_low)));
            chart.bands.push(Band {
                from: t.glucose_fasting_low,
                to: t.glucose_fasting_high,
                label: text::fasting_target(
                    lang,
                    &n(t.glucose_fasting_low),
                    &n(t.glucose_fasting_high),
                ),
            });
        }
        Kind::OxygenSaturation => {
            line(t.saturation_low, text::limit(lang, &n(t.saturation_low)));
        }
        Kind::HeartRate => {
            line(t.heart_rate_low, text::limit(lang, &n(t.heart_rate_low)));
            line(t.heart_rate_high, text::limit(lang, &n(t.heart_rate_high)));
        }
        Kind::BodyTemperature => {
            line(
                t.temperature_fever,
                text::limit(lang, &n(t.temperature_fever)),
            );
        }
        Kind::Inr => {
            chart.bands.push(Band {
                from: t.inr_low,
                to: t.inr_high,
                label: text::target_range(lang, &n(t.inr_low), &n(t.inr_high)),
            });
        }
        _ => {}
    }
}

/// The weight rule's markers: the days on which more was gained (or lost) than the limits
/// allow, judged on the first weight of each day.
fn weight_markers(points: &[Point], t: &Thresholds, lang: Lang) -> Vec<Marker> {
    let mut clock = WallClock::new();
    let mut days: Vec<(DayWeight<'static>, &Point)> = Vec::new();
    for p in points {
        let (day, _) = day_and_noon(&mut clock, p.at);
        let day = day as i32;
        if days.last().is_some_and(|(d, _)| d.day == day) {
            continue;
        }
        days.push((
            DayWeight {
                day,
                tenths: (p.value * 10.0).round() as i64,
                reading: "",
            },
            p,
        ));
    }
    let series: Vec<DayWeight> = days.iter().map(|(d, _)| *d).collect();
    weight_episodes(&series, t)
        .into_iter()
        .filter_map(|episode| {
            let day = crate::measurements::protocol::day_number(episode.day);
            let (_, point) = days.iter().find(|(d, _)| d.day == day)?;
            let label = match episode.code {
                crate::measurements::flags::FlagCode::WeightGain => text::weight_gain(
                    lang,
                    &lang.number(episode.change),
                    &episode.day.strftime("%d-%m-%Y").to_string(),
                ),
                _ => text::weight_loss(
                    lang,
                    &lang.number(episode.change),
                    &episode.day.strftime("%d-%m-%Y").to_string(),
                ),
            };
            Some(Marker {
                at: point.at,
                value: point.value,
                label,
            })
        })
        .collect()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Whether an instrument is a profile — three or more scales, none with bands or cut-offs
/// (e.g. Positieve Gezondheid): one radar then compares its times, instead of a line per
/// scale.
pub fn is_profile(definition: &Definition) -> bool {
    definition.scales.len() >= 3 && definition.scales.iter().all(|s| s.bands.is_empty())
}

/// A profile's latest times (at most [`crate::charts::radar::MAX_ROUNDS`]) as a radar, on
/// the scale's own range; `None` without a scored time.
pub fn radar(
    definition: &Definition,
    responses: &[Scored],
    lang: Lang,
) -> Option<crate::charts::radar::Radar> {
    use crate::charts::radar::{Radar, Round};
    let rounds: Vec<Round> = responses
        .iter()
        .map(|r| Round {
            at: r.at,
            by: r.by,
            values: definition
                .scales
                .iter()
                .map(|scale| {
                    r.scoring
                        .scales
                        .iter()
                        .find(|s| s.scale == scale.id)
                        .and_then(|s| s.score)
                })
                .collect(),
        })
        .filter(|r| r.values.iter().any(Option::is_some))
        .collect();
    let range = responses
        .last()
        .and_then(|r| r.scoring.scales.first())
        .map_or((0.0, 10.0), |s| (s.min, s.max));
    let mut radar = Radar {
        id: definition.id.clone(),
        title: definition.title.get(lang).to_owned(),
        axes: definition
            .scales
            .iter()
            .map(|s| s.title.get(lang).to_owned())
            .collect(),
        min: range.0,
        max: range.1,
        rounds,
    };
    if radar.rounds.is_empty() {
        return None;
    }
    radar.keep_latest();
    Some(radar)
}

/// A chart per scale of a questionnaire, with the cut-offs (each band's lowest score, with the
/// organisation's settings) as lines; a score in any band but the lowest is flagged.
pub fn score_charts(
    definition: &Definition,
    settings: &SettingValues,
    responses: &[Scored],
    lang: Lang,
) -> Vec<Chart> {
    definition
        .scales
        .iter()
        .filter_map(|scale| {
            let points: Vec<Point> = responses
                .iter()
                .filter_map(|r| {
                    let s = r.scoring.scales.iter().find(|s| s.scale == scale.id)?;
                    let first_band = scale.bands.first().map(|b| b.code.as_str());
                    Some(Point {
                        at: r.at,
                        value: s.score?,
                        by: r.by,
                        flagged: s
                            .band
                            .as_ref()
                            .is_some_and(|b| Some(b.code.as_str()) != first_band),
                    })
                })
                .collect();
            if points.is_empty() {
                return None;
            }
            let title = if definition.scales.len() == 1 {
                definition.title.get(lang).to_owned()
            } else {
                format!("{} — {}", definition.title.get(lang), scale.title.get(lang))
            };
            let mut chart = Chart::new(
                &format!("{}-{}", definition.id, scale.id),
                title,
                String::new(),
            );
            chart.series.push(Series {
                name: scale.title.get(lang).to_owned(),
                points,
            });
            chart.lines = scale
                .bands
                .iter()
                .skip(1)
                .map(|band| {
                    let from = resolve(definition, &band.from, settings);
                    Line {
                        value: from,
                        label: format!("≥ {}: {}", lang.number(from), band.label.get(lang)),
                    }
                })
                .collect();
            chart.floor = Some(0.0);
            Some(chart)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measurements::kind::BloodPressure;
    use crate::questionnaires::scoring::{BandResult, ScaleScore};

    fn at(day: i64, hour: i64) -> jiff::Timestamp {
        // 1 March 2026 is day 20513; winter time is UTC+1.
        jiff::Timestamp::from_second((20_513 + day) * 86_400 + (hour - 1) * 3600).unwrap()
    }

    fn reading(kind: Kind, value: Value, measured_at: jiff::Timestamp) -> Reading {
        Reading {
            id: format!("r{}", measured_at.as_second()),
            kind,
            value,
            measured_at,
        }
    }

    fn bp(day: i64, hour: i64, systolic: f64, by: Who) -> Plotted {
        Plotted {
            reading: reading(
                Kind::BloodPressure,
                Value::BloodPressure(BloodPressure {
                    systolic,
                    diastolic: systolic - 50.0,
                    pulse: None,
                }),
                at(day, hour),
            ),
            by,
        }
    }

    fn single(kind: Kind, day: i64, value: f64) -> Plotted {
        Plotted {
            reading: reading(kind, Value::Single(value), at(day, 8)),
            by: Who::Patient,
        }
    }

    #[test]
    fn blood_pressure_has_both_pressures_the_band_the_limit_and_the_means() {
        let readings = [
            bp(0, 8, 130.0, Who::Patient),
            bp(0, 20, 185.0, Who::Carer),
            bp(1, 8, 128.0, Who::Patient),
        ];
        let mean = BloodPressureMean {
            from: at(0, 8).as_second(),
            to: at(1, 8).as_second(),
            systolic: 133.53,
            diastolic: 80.0,
        };
        let charts = measurement_charts(&readings, &[mean], &Thresholds::default(), Lang::Nl);
        assert_eq!(charts.len(), 1);
        let c = &charts[0];
        assert_eq!(c.title, "Bloeddruk");
        assert_eq!(c.unit, "mmHg");
        assert_eq!(c.series.len(), 2);
        assert_eq!(c.series[0].points.len(), 3);
        assert_eq!(c.series[1].points[0].value, 80.0);
        // 185 is at or above the very-high limit (180): flagged; the carer's mark is kept.
        assert!(c.series[0].points[1].flagged);
        assert_eq!(c.series[0].points[1].by, Who::Carer);
        assert!(!c.series[0].points[0].flagged);
        assert_eq!(c.bands[0].from, 135.0);
        assert_eq!(c.bands[0].to, 185.0);
        assert_eq!(c.lines[0].value, 85.0);
        assert_eq!(c.means.len(), 2);
        assert_eq!(c.means[0].label, "weekgemiddelde 133,5/80");
        assert_eq!(c.means[1].label, "");
        assert!(!c.day_means);
    }

    #[test]
    fn five_years_of_four_readings_a_day_become_day_means() {
        let readings: Vec<Plotted> = (0..5 * 365)
            .flat_map(|day| {
                [7, 8, 19, 20].map(|h| bp(day, h, 120.0 + (h % 2) as f64, Who::Patient))
            })
            .collect();
        let charts = measurement_charts(&readings, &[], &Thresholds::default(), Lang::Nl);
        let c = &charts[0];
        assert!(c.day_means);
        assert_eq!(c.series[0].points.len(), 5 * 365);
        assert_eq!(c.series[0].points[0].value, 120.5);
        // Noon of the first day on the Dutch clock.
        assert_eq!(c.series[0].points[0].at, at(0, 12).as_second());
    }

    #[test]
    fn weight_gain_of_more_than_two_kilos_in_three_days_is_marked() {
        let readings = [
            single(Kind::BodyWeight, 0, 80.0),
            single(Kind::BodyWeight, 1, 80.5),
            single(Kind::BodyWeight, 2, 82.6),
            single(Kind::BodyWeight, 3, 82.0),
        ];
        let charts = measurement_charts(&readings, &[], &Thresholds::default(), Lang::Nl);
        let c = &charts[0];
        assert_eq!(c.markers.len(), 1, "{:?}", c.markers);
        assert_eq!(c.markers[0].at, at(2, 8).as_second());
        assert_eq!(c.markers[0].value, 82.6);
        assert!(
            c.markers[0].label.contains("2,6 kg"),
            "{}",
            c.markers[0].label
        );
        assert!(c.markers[0].label.contains("03-03-2026"));
    }

    #[test]
    fn glucose_and_saturation_have_their_limits_from_the_organisation() {
        let t = Thresholds {
            saturation_low: 90.0,
            ..Thresholds::default()
        };
        let readings = [
            single(Kind::Glucose, 0, 3.5),
            single(Kind::OxygenSaturation, 0, 89.0),
        ];
        let charts = measurement_charts(&readings, &[], &t, Lang::Nl);
        assert_eq!(charts.len(), 2);
        let glucose = charts.iter().find(|c| c.id == "glucose").unwrap();
        assert_eq!(glucose.lines[0].value, 4.0);
        assert_eq!((glucose.bands[0].from, glucose.bands[0].to), (4.5, 8.0));
        assert!(glucose.series[0].points[0].flagged);
        let saturation = charts.iter().find(|c| c.id == "oxygen-saturation").unwrap();
        assert_eq!(saturation.lines[0].value, 90.0);
        assert!(saturation.series[0].points[0].flagged);
    }

    #[test]
    fn periods_parse_from_the_address_and_default_to_a_year() {
        for p in Period::ALL {
            assert_eq!(Period::parse(p.code()), p);
        }
        assert_eq!(Period::parse("x"), Period::Year);
        assert!(Period::Years5.days() > 5 * 365);
    }

    fn scale(score: Option<f64>, band: Option<&str>) -> ScaleScore {
        ScaleScore {
            scale: "total".into(),
            score,
            answered: 15,
            shown: 15,
            complete: score.is_some(),
            band: band.map(|code| BandResult {
                code: code.into(),
                label_nl: code.into(),
                label_en: code.into(),
                severity: crate::questionnaires::definition::Severity::Normal,
                from: None,
            }),
            min: 0.0,
            max: 15.0,
        }
    }

    #[test]
    fn a_score_trend_has_the_cut_off_with_the_organisations_setting() {
        let library = crate::questionnaires::library::builtin();
        let gfi = library.iter().find(|d| d.id == "gfi").unwrap();
        let lowest = gfi.scales[0].bands[0].code.clone();
        let other = gfi.scales[0].bands[1].code.clone();
        let scored = |at, score, band: &str, by| Scored {
            at,
            by,
            scoring: Scoring {
                instrument: "gfi".into(),
                version: gfi.version.clone(),
                scales: vec![scale(score, Some(band))],
            },
        };
        let responses = [
            scored(100, Some(3.0), &lowest, Who::Patient),
            scored(200, Some(6.0), &other, Who::Carer),
            scored(300, None, &lowest, Who::Patient),
        ];
        // The practice uses 5 instead of the developers' 4.
        let settings = SettingValues::from([("frail_from".to_owned(), 5.0)]);
        let charts = score_charts(gfi, &settings, &responses, Lang::Nl);
        assert_eq!(charts.len(), 1);
        let c = &charts[0];
        assert_eq!(c.id, "gfi-total");
        // An incomplete score is not plotted.
        assert_eq!(c.series[0].points.len(), 2);
        assert!(c.series[0].points[1].flagged && !c.series[0].points[0].flagged);
        assert_eq!(c.lines.len(), gfi.scales[0].bands.len() - 1);
        let expected = 5.0;
        assert_eq!(c.lines[0].value, expected);
        assert!(c.lines[0].label.starts_with(&format!("≥ {}: ", expected)));
        assert_eq!(c.floor, Some(0.0));
    }
}
