//! Draws a [`Chart`] as SVG with plotters, on the server. Values are lines with a mark per
//! value — a dot for the patient, a triangle for a carer, a cross for a professional — so who
//! entered what shows without colour; flagged values are drawn larger. Thresholds and
//! cut-offs are dashed lines, ranges light bands, protocol means thick segments. The drawing
//! scales with the page; its text alternative is the summary and the table.

use super::radar::Radar;
use super::{Chart, Point, Span, Who};
use crate::ui::i18n::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The drawing's size in SVG units; it scales to the width of the page.
pub const SIZE: (u32, u32) = (720, 360);

/// Above this many points only flagged values and those entered by someone other than the
/// patient get a mark; the line carries the rest.
const MARK_ALL_UP_TO: usize = 200;

const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
const GRID: RGBColor = RGBColor(0xd8, 0xd8, 0xd8);
const LIMIT: RGBColor = RGBColor(0xa3, 0x1a, 0x1a);
const BAND: RGBColor = RGBColor(0xf3, 0xc8, 0x8a);
/// Series colours, dark enough for text contrast on white and apart for colour blindness.
const COLOURS: [RGBColor; 4] = [
    RGBColor(0x1d, 0x4f, 0x91),
    RGBColor(0xb0, 0x4a, 0x00),
    RGBColor(0x2b, 0x6e, 0x2b),
    RGBColor(0x6a, 0x3d, 0x9a),
];

/// Why a drawing failed (it draws into a string, so only a bug makes it fail).
#[derive(Debug, thiserror::Error)]
#[error("chart drawing failed: {0}")]
pub struct DrawError(String);

/// The chart as an `<svg>` element over `span`, labelled by the element `labelled_by`.
/// `day` writes a moment on the time axis.
pub fn draw(
    chart: &Chart,
    span: Span,
    lang: Lang,
    labelled_by: &str,
    day: &dyn Fn(i64) -> String,
) -> Result<String, DrawError> {
    let mut out = String::with_capacity(16 * 1024 + chart.points().count() * 64);
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        paint(&root, chart, span, lang, day).map_err(|e| DrawError(e.to_string()))?;
        root.present().map_err(|e| DrawError(e.to_string()))?;
    }
    // The size comes from the page; the drawing says what it is.
    let open = format!("<svg width=\"{}\" height=\"{}\" ", SIZE.0, SIZE.1);
    let labelled = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{labelled_by}\" focusable=\"false\" "
    );
    Ok(out.replacen(&open, &labelled, 1))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Failure<'a> = DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>;

fn paint<'a>(
    root: &Area<'a>,
    chart: &Chart,
    span: Span,
    lang: Lang,
    day: &dyn Fn(i64) -> String,
) -> Result<(), Failure<'a>> {
    root.fill(&WHITE)?;
    let (low, high) = chart.value_range();
    let to = span.to.max(span.from + 1);
    let mut cartesian = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(span.from..to, low..high)?;
    let value_label = |v: &f64| lang.number((v * 10.0).round() / 10.0);
    let day_label = |t: &i64| day(*t);
    let unit = chart.unit.clone();
    cartesian
        .configure_mesh()
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&day_label)
        .y_label_formatter(&value_label)
        .y_desc(unit)
        .label_style(("sans-serif", 16).into_font().color(&INK))
        .axis_desc_style(("sans-serif", 16).into_font().color(&INK))
        .axis_style(INK)
        .bold_line_style(GRID)
        .light_line_style(WHITE.mix(0.0))
        .draw()?;

    for band in &chart.bands {
        cartesian
            .draw_series(std::iter::once(Rectangle::new(
                [(span.from, band.from.max(low)), (to, band.to.min(high))],
                BAND.mix(0.45).filled(),
            )))?
            .label(band.label.clone())
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], BAND.filled()));
    }
    for line in &chart.lines {
        cartesian
            .draw_series(DashedLineSeries::new(
                [(span.from, line.value), (to, line.value)],
                8,
                5,
                LIMIT.stroke_width(2),
            ))?
            .label(line.label.clone())
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], LIMIT.stroke_width(2)));
    }

    let mark_all = chart.points().count() <= MARK_ALL_UP_TO;
    for (i, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        cartesian
            .draw_series(LineSeries::new(
                series.points.iter().map(|p| (p.at, p.value)),
                colour.stroke_width(2),
            ))?
            .label(series.name.clone())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
        let marked = series
            .points
            .iter()
            .filter(|p| mark_all || p.flagged || p.by != Who::Patient);
        cartesian.draw_series(marked.map(|p| mark(p, colour)))?;
    }
    for (i, mean) in chart.means.iter().enumerate() {
        let colour = COLOURS[i % chart.series.len().max(1) % COLOURS.len()];
        cartesian.draw_series(std::iter::once(PathElement::new(
            [
                (mean.from, mean.value),
                (mean.to.max(mean.from + 1), mean.value),
            ],
            colour.mix(0.6).stroke_width(7),
        )))?;
    }
    cartesian.draw_series(chart.markers.iter().map(|m| {
        EmptyElement::at((m.at, m.value))
            + TriangleMarker::new((0, -16), 8, LIMIT.filled())
            + PathElement::new([(0, -8), (0, 0)], LIMIT.stroke_width(2))
    }))?;

    cartesian
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 15).into_font().color(&INK))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;
    Ok(())
}

/// A value's mark: who entered it, larger when flagged.
fn mark<DB: DrawingBackend>(
    point: &Point,
    colour: RGBColor,
) -> DynElement<'static, DB, (i64, f64)> {
    mark_at((point.at, point.value), point.by, point.flagged, colour)
}

/// The mark of whoever entered a value, at `at` in any coordinates.
fn mark_at<DB: DrawingBackend, C: Clone + 'static>(
    at: C,
    by: Who,
    flagged: bool,
    colour: RGBColor,
) -> DynElement<'static, DB, C> {
    let size = if flagged { 7 } else { 4 };
    match by {
        Who::Patient => Circle::new(at, size, colour.filled()).into_dyn(),
        Who::Carer => TriangleMarker::new(at, size + 2, colour.filled()).into_dyn(),
        Who::Professional => Cross::new(at, size + 1, colour.stroke_width(3)).into_dyn(),
    }
}

/// A radar's drawing size in SVG units (it scales to the page).
pub const RADAR_SIZE: (u32, u32) = (640, 520);

/// The radar as an `<svg>` element labelled by the element `labelled_by`: rings at every
/// fifth of the scale, a spoke per dimension with its name, and an outline per time — the
/// latest solid and thick, earlier ones dashed — with a mark per value for who filled it in.
/// `day` names each time in the legend.
pub fn draw_radar(
    radar: &Radar,
    lang: Lang,
    labelled_by: &str,
    day: &dyn Fn(i64) -> String,
) -> Result<String, DrawError> {
    let mut out = String::with_capacity(24 * 1024);
    {
        let root = SVGBackend::with_string(&mut out, RADAR_SIZE).into_drawing_area();
        paint_radar(&root, radar, lang, day).map_err(|e| DrawError(e.to_string()))?;
        root.present().map_err(|e| DrawError(e.to_string()))?;
    }
    let open = format!(
        "<svg width=\"{}\" height=\"{}\" ",
        RADAR_SIZE.0, RADAR_SIZE.1
    );
    let labelled = format!(
        "<svg class=\"chart radar\" role=\"img\" aria-labelledby=\"{labelled_by}\" focusable=\"false\" "
    );
    Ok(out.replacen(&open, &labelled, 1))
}

/// Where a value of dimension `i` of `n` lies, with 0 at the centre and 1 at the outer ring,
/// clockwise from the top.
fn polar(i: usize, n: usize, r: f64) -> (f64, f64) {
    let angle = std::f64::consts::FRAC_PI_2 - std::f64::consts::TAU * i as f64 / n.max(1) as f64;
    (r * angle.cos(), r * angle.sin())
}

fn paint_radar<'a>(
    root: &Area<'a>,
    radar: &Radar,
    lang: Lang,
    day: &dyn Fn(i64) -> String,
) -> Result<(), Failure<'a>> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    root.fill(&WHITE)?;
    let n = radar.axes.len();
    let span = (radar.max - radar.min).max(f64::EPSILON);
    let scale = |v: f64| ((v - radar.min) / span).clamp(0.0, 1.0);
    // Room around the web for the dimensions' names; the legend above it.
    let mut plane = ChartBuilder::on(root)
        .margin(8)
        .build_cartesian_2d(-1.75..1.75, -1.3..1.5)?;
    let ring = |r: f64| -> Vec<(f64, f64)> { (0..=n).map(|i| polar(i % n, n, r)).collect() };
    for step in 1..=5 {
        let r = step as f64 / 5.0;
        plane.draw_series(std::iter::once(PathElement::new(
            ring(r),
            GRID.stroke_width(1),
        )))?;
        let value = radar.min + span * r;
        plane.draw_series(std::iter::once(Text::new(
            lang.number((value * 10.0).round() / 10.0),
            (0.03, r),
            ("sans-serif", 13)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        )))?;
    }
    for (i, axis) in radar.axes.iter().enumerate() {
        plane.draw_series(std::iter::once(PathElement::new(
            [(0.0, 0.0), polar(i, n, 1.0)],
            GRID.stroke_width(1),
        )))?;
        let (x, y) = polar(i, n, 1.1);
        let h = if x > 0.2 {
            HPos::Left
        } else if x < -0.2 {
            HPos::Right
        } else {
            HPos::Center
        };
        let v = if y > 0.5 {
            VPos::Bottom
        } else if y < -0.5 {
            VPos::Top
        } else {
            VPos::Center
        };
        plane.draw_series(std::iter::once(Text::new(
            axis.clone(),
            (x, y),
            ("sans-serif", 16)
                .into_font()
                .color(&INK)
                .pos(Pos::new(h, v)),
        )))?;
    }
    let last = radar.rounds.len().saturating_sub(1);
    for (k, round) in radar.rounds.iter().enumerate() {
        let colour = COLOURS[(last - k) % COLOURS.len()];
        let at = |i: usize| {
            round
                .values
                .get(i)
                .copied()
                .flatten()
                .map(|v| polar(i, n, scale(v)))
        };
        let points: Vec<(f64, f64)> = (0..n).filter_map(at).collect();
        // The outline joins neighbouring dimensions that both have a value: a missing value
        // leaves a gap, so no line suggests a value there.
        let edges: Vec<[(f64, f64); 2]> = (0..n)
            .filter_map(|i| Some([at(i)?, at((i + 1) % n)?]))
            .collect();
        let complete = points.len() == n;
        let label = if k == last {
            format!(
                "{} ({})",
                day(round.at),
                lang.t(super::text::T::RadarLatest)
            )
        } else {
            day(round.at)
        };
        let width = if k == last { 3 } else { 2 };
        if k == last && complete {
            plane.draw_series(std::iter::once(Polygon::new(
                points.clone(),
                colour.mix(0.12).filled(),
            )))?;
        }
        for (e, edge) in edges.iter().enumerate() {
            let drawn = if k == last {
                plane.draw_series(std::iter::once(PathElement::new(
                    edge.to_vec(),
                    colour.stroke_width(width),
                )))?
            } else {
                plane.draw_series(DashedLineSeries::new(
                    edge.to_vec(),
                    7,
                    5,
                    colour.stroke_width(width),
                ))?
            };
            // One legend entry per time.
            if e == 0 {
                let dashed = k != last;
                drawn.label(label.clone()).legend(move |(x, y)| {
                    let style = colour.stroke_width(width);
                    // Two halves either way, apart for a dashed line.
                    let gap = if dashed { 2 } else { 0 };
                    EmptyElement::at((x, y))
                        + PathElement::new([(0, 0), (9 - gap, 0)], style)
                        + PathElement::new([(9 + gap, 0), (18, 0)], style)
                });
            }
        }
        plane.draw_series(
            points
                .into_iter()
                .map(|at| mark_at(at, round.by, false, colour)),
        )?;
    }
    plane
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 15).into_font().color(&INK))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Band, Line, Marker, Mean, Series};
    use super::*;

    fn points(n: usize, by: Who) -> Vec<Point> {
        (0..n)
            .map(|i| Point {
                at: 1_000 + i as i64 * 600,
                value: 120.0 + (i % 30) as f64,
                by,
                flagged: i == 3,
            })
            .collect()
    }

    fn chart(n: usize) -> Chart {
        let mut chart = Chart::new("bloeddruk", "Bloeddruk".into(), "mmHg".into());
        chart.series.push(Series {
            name: "Bovendruk".into(),
            points: points(n, Who::Patient),
        });
        chart.lines.push(Line {
            value: 135.0,
            label: "grens 135".into(),
        });
        chart.bands.push(Band {
            from: 135.0,
            to: 200.0,
            label: "boven de grens".into(),
        });
        chart.means.push(Mean {
            from: 1_000,
            to: 4_000,
            value: 133.5,
            label: "gemiddeld 133,5".into(),
        });
        chart.markers.push(Marker {
            at: 2_000,
            value: 140.0,
            label: "toename".into(),
        });
        chart
    }

    fn span() -> Span {
        Span {
            from: 0,
            to: 1_000_000,
        }
    }

    #[test]
    fn the_drawing_is_labelled_scalable_svg_with_every_element() {
        let svg = draw(&chart(10), span(), Lang::Nl, "bp-summary", &|t| {
            format!("d{t}")
        })
        .unwrap();
        assert!(svg.starts_with(
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"bp-summary\" focusable=\"false\" viewBox=\"0 0 720 360\""
        ));
        let open = svg.lines().next().unwrap();
        assert!(
            !open.contains("width=") && !open.contains("height="),
            "{open}"
        );
        std::fs::write(std::env::temp_dir().join("meetpunt-chart.svg"), &svg).unwrap();
        assert!(svg.trim_end().ends_with("</svg>"));
        // Ten dots, one of them larger (flagged).
        assert_eq!(svg.matches("<circle").count(), 10);
        assert_eq!(svg.matches("r=\"7\"").count(), 1);
        // The band and the legend's swatch, the dashed limit in pieces, the legend's words.
        assert!(svg.contains("fill=\"#F3C88A\""));
        assert!(svg.contains("stroke=\"#A31A1A\""));
        for words in ["grens 135", "boven de grens", "Bovendruk", "mmHg", "d0"] {
            assert!(svg.contains(words), "{words}");
        }
        // A value label with a decimal comma, as Dutch readers expect.
        assert!(svg.contains(",") || svg.contains(">1"));
    }

    #[test]
    fn who_entered_a_value_has_its_own_mark() {
        let mut chart = chart(3);
        chart.series[0].points[1].by = Who::Carer;
        chart.series[0].points[2].by = Who::Professional;
        let svg = draw(&chart, span(), Lang::Nl, "x", &|t| t.to_string()).unwrap();
        assert_eq!(svg.matches("<circle").count(), 1);
        // The carer's triangle and the marker's triangle are polygons.
        assert_eq!(svg.matches("<polygon").count(), 2);
    }

    #[test]
    fn many_points_get_marks_only_where_they_matter() {
        let mut chart = chart(1_460);
        chart.series[0].points[10].by = Who::Carer;
        let svg = draw(&chart, span(), Lang::Nl, "x", &|t| t.to_string()).unwrap();
        // One flagged dot; the carer's value a triangle (with the marker's).
        assert_eq!(svg.matches("<circle").count(), 1);
        assert_eq!(svg.matches("<polygon").count(), 2);
        // The line passes through every point.
        let line = svg
            .lines()
            .find(|l| l.starts_with("<polyline") && l.contains("#1D4F91"))
            .unwrap();
        let coordinates = line
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(coordinates.split_whitespace().count(), 1_460);
    }

    #[test]
    fn words_in_labels_are_escaped() {
        let mut chart = chart(2);
        chart.lines[0].label = "<b>&</b>".into();
        let svg = draw(&chart, span(), Lang::Nl, "x", &|t| t.to_string()).unwrap();
        assert!(svg.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn a_radar_has_a_spoke_per_dimension_an_outline_per_time_and_every_value() {
        let radar = super::super::radar::tests::radar(3);
        let svg = draw_radar(&radar, Lang::Nl, "pg-summary", &|t| {
            format!("dag {}", t / 86_400)
        })
        .unwrap();
        std::fs::write(std::env::temp_dir().join("meetpunt-radar.svg"), &svg).unwrap();
        assert!(svg.starts_with(
            "<svg class=\"chart radar\" role=\"img\" aria-labelledby=\"pg-summary\" focusable=\"false\" viewBox=\"0 0 640 520\""
        ));
        // Every text's words, in order.
        let words: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].trim())
            .collect();
        assert_eq!(
            words[..5],
            ["2", "4", "6", "8", "10"],
            "the rings, to the top"
        );
        assert_eq!(words[5..11], radar.axes[..]);
        assert_eq!(words[11..], ["dag 1", "dag 2", "dag 3 (laatste keer)"]);
        // The first time: six values (dots); the second, by a carer: five triangles; the
        // third: five dots. Without a value for "Meedoen" the latest outline is not filled
        // and has a gap there: four of its six edges are drawn.
        assert_eq!(svg.matches("<circle").count(), 6 + 5);
        assert_eq!(svg.matches("<polygon").count(), 5);
        let latest = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("stroke-width=\"3\""))
            .count();
        assert_eq!(
            latest,
            4 + 2,
            "four edges and the legend's line in two halves"
        );
        let mut full = radar.clone();
        for round in &mut full.rounds {
            round.values[4] = Some(6.0);
        }
        let filled = draw_radar(&full, Lang::Nl, "x", &|t| t.to_string()).unwrap();
        assert_eq!(
            filled.matches("<polygon").count(),
            6 + 1,
            "the latest filled"
        );
    }
}
