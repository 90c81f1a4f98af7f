//! Draws a [`Chart`] as SVG with plotters, on the server. Values are lines with a mark per
//! value — a dot for the patient, a triangle for a carer, a cross for a professional — so who
//! entered what shows without colour; flagged values are drawn larger. Thresholds and
//! cut-offs are dashed lines, ranges light bands, protocol means thick segments. The drawing
//! scales with the page; its text alternative is the summary and the table.

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
    let size = if point.flagged { 7 } else { 4 };
    let at = (point.at, point.value);
    match point.by {
        Who::Patient => Circle::new(at, size, colour.filled()).into_dyn(),
        Who::Carer => TriangleMarker::new(at, size + 2, colour.filled()).into_dyn(),
        Who::Professional => Cross::new(at, size + 1, colour.stroke_width(3)).into_dyn(),
    }
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
}
