//! The charts of `bench-peers`, drawn with plotters as SVG: generation time (whole process,
//! median; log scale) and peak memory (max RSS, median; log scale) against the number of
//! operations (linear), one line with points per tool, and a legend naming each tool with its
//! version and the inputs it produced nothing for.
//!
//! The same rows give the same bytes: plotters' SVG backend writes its elements in drawing order,
//! and without a font feature it estimates text sizes from the character count alone.

use std::ops::Range;

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Outcome, Peer, Row, Run, median, megabytes, seconds_of};

/// The picture, in pixels; the legend takes the right part.
const WIDTH: u32 = 840;
const HEIGHT: u32 = 440;
const LEGEND: u32 = 250;
const FONT: &str = "sans-serif";
/// plotters' SVG backend writes `size / 1.24` as the font size (rounding `size` to whole pixels
/// first for the title and the axes): about 12, 14 and 10 pixels.
const TEXT: f64 = 12.0 * 1.24;
const TITLE: f64 = 14.0 * 1.24;
const SMALL: f64 = 10.0 * 1.24;
const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);

/// What a chart shows against the operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Generation time, whole process (median seconds).
    Time,
    /// Peak memory, max RSS of the process tree (median MB).
    Memory,
}

impl Measure {
    fn title(self) -> &'static str {
        match self {
            Measure::Time => "Generation time (whole process, median) against operations",
            Measure::Memory => "Peak memory (max RSS, median) against operations",
        }
    }

    fn axis(self) -> &'static str {
        match self {
            Measure::Time => "seconds (log scale)",
            Measure::Memory => "MB (log scale)",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Measure::Time => "s",
            Measure::Memory => "MB",
        }
    }

    /// The median of `runs`, if they measured it.
    fn value(self, runs: &[Run]) -> Option<f64> {
        let values = match self {
            Measure::Time => seconds_of(runs),
            Measure::Memory => megabytes(runs),
        };
        let value = median(&values);
        (value.is_finite() && value > 0.0).then_some(value)
    }
}

/// One line of the chart.
struct Series {
    /// The tool and its version.
    name: String,
    /// `(failed: …)`, for the inputs the tool produced nothing for.
    failed: Option<String>,
    color: RGBColor,
    /// (operations, value), by operations.
    points: Vec<(f64, f64)>,
}

fn color(peer: Peer) -> RGBColor {
    match peer {
        Peer::OpenApiGenerator => RGBColor(0xd6, 0x27, 0x28),
        Peer::Progenitor => RGBColor(0xff, 0x7f, 0x0e),
        Peer::OpenApiToRust => RGBColor(0x2c, 0xa0, 0x2c),
    }
}

fn series(rows: &[Row], peers: &[Peer], measure: Measure) -> Vec<Series> {
    let mut all = vec![Series {
        name: "ours".to_owned(),
        failed: None,
        color: RGBColor(0x1f, 0x77, 0xb4),
        points: rows
            .iter()
            .filter_map(|r| Some((r.operations as f64, measure.value(&r.ours)?)))
            .collect(),
    }];
    for &peer in peers {
        let mut points = Vec::new();
        let mut failed = Vec::new();
        for row in rows {
            match row
                .peers
                .iter()
                .find(|r| r.peer == peer)
                .map(|r| &r.outcome)
            {
                Some(Outcome::Timed(runs)) => {
                    points.extend(measure.value(runs).map(|v| (row.operations as f64, v)));
                }
                Some(Outcome::Failed(_)) => failed.push(row.name),
                None => {}
            }
        }
        all.push(Series {
            name: format!("{} {}", peer.name(), peer.version()),
            failed: (!failed.is_empty()).then(|| format!("(failed: {})", failed.join(", "))),
            color: color(peer),
            points,
        });
    }
    for s in &mut all {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    all
}

/// A round upper bound for the operations axis, and how many labels that gives.
fn x_axis(max: f64) -> (f64, usize) {
    let step = if max <= 50.0 {
        10.0
    } else if max <= 500.0 {
        100.0
    } else {
        200.0
    };
    let steps = (max / step).ceil().max(1.0);
    (steps * step, steps as usize + 1)
}

/// The whole decades around `low..=high` (at least one decade; 0.01–10 with no value at all).
fn decades(low: f64, high: f64) -> (f64, f64) {
    if !(low.is_finite() && high.is_finite()) {
        return (0.01, 10.0);
    }
    let bottom = low.log10().floor();
    let top = high.log10().ceil().max(bottom + 1.0);
    (10_f64.powf(bottom), 10_f64.powf(top))
}

/// A log-scale axis over whole decades whose grid lines and labels fall on 1, 2 and 5 times each
/// power of ten (plotters' own log axis puts them on 1 to 9 times, and loses the lowest decade to
/// rounding).
struct LogAxis {
    coord: LogCoord<f64>,
    ticks: Vec<f64>,
}

impl LogAxis {
    /// `low` and `high`: powers of ten, `low < high`.
    fn new(low: f64, high: f64) -> Self {
        let (first, last) = (low.log10().round() as i32, high.log10().round() as i32);
        let mut ticks = Vec::new();
        for power in first..=last {
            for factor in [1.0, 2.0, 5.0] {
                let value = factor * 10_f64.powi(power);
                if value <= high * (1.0 + 1e-9) {
                    ticks.push(value);
                }
            }
        }
        LogAxis {
            coord: (low..high).log_scale().into(),
            ticks,
        }
    }
}

impl Ranged for LogAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.coord.map(value, limit)
    }

    /// Every tick for the grid lines and labels; none for the light grid lines (asked for none).
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.max_num_points() == 0 {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.coord.range()
    }
}

/// A value without trailing zeros: `0.02`, `0.5`, `2`, `100`.
fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The label of a log-axis tick.
fn log_label(value: f64, unit: &str) -> String {
    format!("{} {unit}", number(value))
}

/// The SVG text of one chart.
pub fn svg(rows: &[Row], peers: &[Peer], measure: Measure) -> Result<String> {
    let all = series(rows, peers, measure);
    let mut text = String::new();
    draw(&mut text, rows, &all, measure).map_err(|e| anyhow!("drawing the chart: {e}"))?;
    Ok(text)
}

fn draw(
    text: &mut String,
    rows: &[Row],
    all: &[Series],
    measure: Measure,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let points = all.iter().flat_map(|s| s.points.iter());
    let (max_x, min_y, max_y) = points
        .fold((0.0_f64, f64::INFINITY, 0.0_f64), |(mx, lo, hi), (x, y)| {
            (mx.max(*x), lo.min(*y), hi.max(*y))
        });
    let (x_max, x_labels) = x_axis(max_x);
    let (y_low, y_high) = decades(min_y, max_y);
    let unit = measure.unit();
    let y_label = |value: &f64| log_label(*value, unit);
    let x_label = |value: &f64| number(*value);

    let root = SVGBackend::with_string(text, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
    let mut chart = ChartBuilder::on(&plot)
        .caption(measure.title(), (FONT, TITLE))
        .margin_top(8)
        .margin_left(8)
        .margin_right(8)
        .x_label_area_size(52)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..x_max, LogAxis::new(y_low, y_high))?;
    chart
        .configure_mesh()
        .x_labels(x_labels)
        // Every tick is named: `LogAxis` gives at most three a decade.
        .y_labels(100)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc("operations")
        .y_desc(measure.axis())
        .label_style((FONT, TEXT))
        .axis_desc_style((FONT, TEXT))
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .max_light_lines(0)
        .axis_style(RGBColor(0x33, 0x33, 0x33))
        .draw()?;
    for s in all {
        chart.draw_series(LineSeries::new(
            s.points.iter().copied(),
            s.color.stroke_width(2),
        ))?;
        chart.draw_series(
            s.points
                .iter()
                .map(|p| Circle::new(*p, 4, s.color.filled())),
        )?;
    }
    // Each input's name under its place on the operations axis.
    let names = (FONT, SMALL)
        .into_font()
        .color(&GREY)
        .pos(Pos::new(HPos::Center, VPos::Top));
    // A name too close to the one before it (Particle's 180 operations, nexus's 193) goes a line
    // lower, so the two do not overlap.
    let mut placed: Vec<(i32, i32)> = Vec::new();
    for row in rows {
        let (x, y) = chart.backend_coord(&(row.operations as f64, y_low));
        let mut line = y + 20;
        while placed
            .iter()
            .any(|&(other_x, other_line)| other_line == line && (x - other_x).abs() < 60)
        {
            line += 14;
        }
        placed.push((x, line));
        root.draw(&Text::new(row.name, (x, line), names.clone()))?;
    }
    draw_legend(&legend, all)?;
    root.present()?;
    Ok(())
}

/// A line sample and the tool's name for each series, and its failures on a second line.
fn draw_legend(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    all: &[Series],
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let name_style = (FONT, TEXT)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let failed_style = (FONT, SMALL)
        .into_font()
        .color(&GREY)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (index, s) in all.iter().enumerate() {
        let y = 54 + 34 * index as i32;
        area.draw(&PathElement::new(
            vec![(4, y), (24, y)],
            s.color.stroke_width(3),
        ))?;
        area.draw(&Circle::new((14, y), 4, s.color.filled()))?;
        area.draw(&Text::new(s.name.as_str(), (30, y), name_style.clone()))?;
        if let Some(failed) = &s.failed {
            area.draw(&Text::new(
                failed.as_str(),
                (30, y + 14),
                failed_style.clone(),
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::PEERS;
    use super::super::tests::sample_rows;
    use super::*;

    /// Whether `svg` has a text element reading `text` (plotters puts it on a line of its own).
    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n</text>"))
    }

    #[test]
    fn the_same_rows_give_the_same_bytes() {
        let rows = sample_rows();
        for measure in [Measure::Time, Measure::Memory] {
            let first = svg(&rows, &PEERS, measure).unwrap();
            let second = svg(&rows, &PEERS, measure).unwrap();
            assert_eq!(first, second);
        }
    }

    #[test]
    fn the_time_chart_names_its_axes_tools_and_inputs() {
        let text = svg(&sample_rows(), &PEERS, Measure::Time).unwrap();
        for expected in [
            "Generation time (whole process, median) against operations",
            "operations",
            "seconds (log scale)",
            "0.01 s",
            "0.1 s",
            "1 s",
            "10 s",
            "0",
            "1200",
            "ours",
            "openapi-generator 7.26.0",
            "progenitor 0.15.1",
            "(failed: particle, github, kubernetes)",
            "openapi-to-rust 0.23.0",
            "particle",
            "kubernetes",
        ] {
            assert!(has_text(&text, expected), "no {expected:?} in\n{text}");
        }
        assert!(text.starts_with("<svg "));
        assert!(text.contains("<polyline ") && text.contains("<circle "));
        // Only 1, 2 and 5 times a power of ten are named.
        assert!(!text.contains("0.03 s"));
    }

    #[test]
    fn the_memory_chart_names_its_axis() {
        let text = svg(&sample_rows(), &PEERS, Measure::Memory).unwrap();
        for expected in [
            "Peak memory (max RSS, median) against operations",
            "MB (log scale)",
            "1 MB",
            "100 MB",
            "1000 MB",
            "(failed: particle, github, kubernetes)",
        ] {
            assert!(has_text(&text, expected), "no {expected:?} in\n{text}");
        }
    }

    #[test]
    fn a_chart_with_nothing_measured_is_still_drawn() {
        let text = svg(&[], &PEERS, Measure::Time).unwrap();
        assert!(has_text(&text, "ours"));
    }

    #[test]
    fn log_axis_ticks_and_labels() {
        let axis = LogAxis::new(0.01, 10.0);
        let labels: Vec<String> = axis
            .key_points(plotters::coord::ranged1d::BoldPoints(10))
            .iter()
            .map(|v| log_label(*v, "s"))
            .collect();
        assert_eq!(
            labels,
            [
                "0.01 s", "0.02 s", "0.05 s", "0.1 s", "0.2 s", "0.5 s", "1 s", "2 s", "5 s",
                "10 s"
            ]
        );
        assert!(axis.key_points(0).is_empty());
        assert_eq!(axis.map(&0.01, (400, 0)), 400);
        assert_eq!(axis.map(&10.0, (400, 0)), 0);
        assert_eq!(axis.map(&0.1, (300, 0)), 200);
    }

    #[test]
    fn axes() {
        assert_eq!(x_axis(1081.0), (1200.0, 7));
        assert_eq!(x_axis(29.0), (30.0, 4));
        assert_eq!(decades(0.021, 7.4), (0.01, 10.0));
        assert_eq!(decades(9.5, 905.0), (1.0, 1000.0));
    }

    /// Writes the sample charts to `$BENCH_PEERS_SAMPLE_DIR` to look at (`--ignored`).
    #[test]
    #[ignore = "writes files: run by hand to look at the charts"]
    fn write_sample_charts() {
        let dir = std::env::var("BENCH_PEERS_SAMPLE_DIR").unwrap();
        for (file, measure) in [("time.svg", Measure::Time), ("memory.svg", Measure::Memory)] {
            let text = svg(&sample_rows(), &PEERS, measure).unwrap();
            std::fs::write(std::path::Path::new(&dir).join(file), text).unwrap();
        }
    }
}
