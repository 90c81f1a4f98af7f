//! Speed of the charts, for docs/BENCHMARKS.md:
//!   cargo bench -p app --features ssr --bench charts
//! Goal (issue 11): one SVG chart of 1,460 points rendered in ≤ 5 ms. Also measured: five
//! years of blood pressure at four readings a day, from readings to the drawn chart (day
//! means of upper and lower pressure, 2 × 1,826 points, with the week means), and a
//! Positieve Gezondheid radar of three times.

use app::charts::radar::{Radar, Round};
use app::charts::{svg, Chart, Point, Series, Span, Who};
use app::measurements::kind::{BloodPressure, Kind, Value};
use app::measurements::reading::Reading;
use app::measurements::thresholds::Thresholds;
use app::patients::timeline::{measurement_charts, BloodPressureMean, Plotted};
use app::ui::i18n::Lang;
use common::measure;
use std::hint::black_box;

mod common;

/// 1 January 2022, 08:00 UTC.
const START: i64 = 1_641_024_000;
const DAY: i64 = 86_400;

fn day(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%d-%m-%Y").to_string())
        .unwrap_or_default()
}

/// Four years of daily weights: 1,460 points, a few of them flagged, some entered by a carer.
fn weights() -> Chart {
    let mut chart = Chart::new("body-weight", "Gewicht".into(), "kg".into());
    chart.series.push(Series {
        name: "Gewicht".into(),
        points: (0..1_460)
            .map(|i| Point {
                at: START + i * DAY,
                value: 80.0 + ((i * 37) % 23) as f64 / 10.0,
                by: if i % 30 == 0 {
                    Who::Carer
                } else {
                    Who::Patient
                },
                flagged: i % 200 == 199,
            })
            .collect(),
    });
    chart
}

/// Five years of blood pressure, four readings a day.
fn five_years_of_blood_pressure() -> Vec<Plotted> {
    (0..5 * 365)
        .flat_map(|d| {
            [0, 1, 12, 13].map(move |h| Plotted {
                reading: Reading {
                    id: format!("bp-{d}-{h}"),
                    kind: Kind::BloodPressure,
                    value: Value::BloodPressure(BloodPressure {
                        systolic: 120.0 + ((d * 7 + h) % 30) as f64,
                        diastolic: 75.0 + ((d * 3 + h) % 15) as f64,
                        pulse: Some(70.0),
                    }),
                    measured_at: jiff::Timestamp::from_second(START + d * DAY + h * 3600).unwrap(),
                },
                by: Who::Patient,
            })
        })
        .collect()
}

fn main() {
    let lang = Lang::Nl;
    let span = Span {
        from: START,
        to: START + 1_460 * DAY,
    };
    let chart = weights();
    let drawn = svg::draw(&chart, span, lang, "summary", &day).unwrap();
    // The series is one line through every point.
    let longest = drawn
        .lines()
        .filter(|l| l.starts_with("<polyline"))
        .map(|l| {
            l.split("points=\"")
                .nth(1)
                .and_then(|p| p.split('"').next())
                .map_or(0, |p| p.split_whitespace().count())
        })
        .max();
    assert_eq!(longest, Some(1_460));
    measure("one SVG chart of 1,460 points", || {
        black_box(svg::draw(black_box(&chart), span, lang, "summary", &day).unwrap());
    });
    measure("its summary and table", || {
        black_box(chart.summary(lang, day));
        black_box(chart.table(lang, day));
    });

    let readings = five_years_of_blood_pressure();
    let means: Vec<BloodPressureMean> = (0..20)
        .map(|w| BloodPressureMean {
            from: START + w * 90 * DAY,
            to: START + (w * 90 + 6) * DAY,
            systolic: 133.0,
            diastolic: 82.0,
        })
        .collect();
    let thresholds = Thresholds::default();
    let span = Span {
        from: START,
        to: START + 5 * 365 * DAY,
    };
    let charts = measurement_charts(&readings, &means, &thresholds, lang);
    assert_eq!(charts[0].series[0].points.len(), 5 * 365);
    measure(
        "five years of blood pressure (7,300 readings) to a drawn chart",
        || {
            let charts = measurement_charts(black_box(&readings), &means, &thresholds, lang);
            black_box(svg::draw(&charts[0], span, lang, "summary", &day).unwrap());
        },
    );

    let radar = Radar {
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
        rounds: (0..3)
            .map(|r| Round {
                at: START + r * 180 * DAY,
                by: Who::Patient,
                values: (0..6).map(|i| Some(5.0 + (r + i) as f64 * 0.5)).collect(),
            })
            .collect(),
    };
    measure("a radar of six dimensions and three times, drawn", || {
        black_box(svg::draw_radar(black_box(&radar), lang, "summary", &day).unwrap());
    });
}
