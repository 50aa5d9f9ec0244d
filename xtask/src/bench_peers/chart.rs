//! The chart of `bench-peers`: generation time (whole process, median; log scale) against the
//! number of operations (linear), one line per tool, drawn as plain SVG.

use std::fmt::Write as _;

use super::{Outcome, Peer, Row, median, seconds_of};

const WIDTH: f64 = 840.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 270.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 56.0;

/// One line of the chart.
struct Series {
    label: String,
    color: &'static str,
    /// (operations, seconds), by operations.
    points: Vec<(f64, f64)>,
}

fn color(peer: Peer) -> &'static str {
    match peer {
        Peer::OpenApiGenerator => "#d62728",
        Peer::Progenitor => "#ff7f0e",
        Peer::OpenApiToRust => "#2ca02c",
    }
}

fn series(rows: &[Row], peers: &[Peer]) -> Vec<Series> {
    let mut all = vec![Series {
        label: "ours".to_owned(),
        color: "#1f77b4",
        points: rows
            .iter()
            .map(|r| (r.operations as f64, median(&seconds_of(&r.ours))))
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
                    points.push((row.operations as f64, median(&seconds_of(runs))));
                }
                Some(Outcome::Failed(_)) => failed.push(row.name),
                None => {}
            }
        }
        let mut label = format!("{} {}", peer.name(), peer.version());
        if !failed.is_empty() {
            let _ = write!(label, " (failed: {})", failed.join(", "));
        }
        all.push(Series {
            label,
            color: color(peer),
            points,
        });
    }
    for s in &mut all {
        s.points.retain(|(_, y)| y.is_finite() && *y > 0.0);
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    all
}

/// A round upper bound for the operations axis, and its tick step.
fn x_axis(max: f64) -> (f64, f64) {
    let step = if max <= 50.0 {
        10.0
    } else if max <= 500.0 {
        100.0
    } else {
        200.0
    };
    ((max / step).ceil().max(1.0) * step, step)
}

/// A seconds label without trailing zeros: `0.02`, `0.5`, `2`, `100`.
fn tick(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The SVG text.
pub fn svg(rows: &[Row], peers: &[Peer]) -> String {
    let all = series(rows, peers);
    let points = all.iter().flat_map(|s| s.points.iter());
    let (max_x, min_y, max_y) = points
        .fold((0.0_f64, f64::INFINITY, 0.0_f64), |(mx, lo, hi), (x, y)| {
            (mx.max(*x), lo.min(*y), hi.max(*y))
        });
    let (x_max, x_step) = x_axis(max_x);
    let (decade_low, decade_high) = if min_y.is_finite() {
        (
            min_y.log10().floor(),
            max_y.log10().ceil().max(min_y.log10().floor() + 1.0),
        )
    } else {
        (-2.0, 1.0)
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let px = |x: f64| LEFT + x / x_max * plot_w;
    let py = |y: f64| TOP + plot_h - (y.log10() - decade_low) / (decade_high - decade_low) * plot_h;

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">Generation time (whole process, median) against operations</text>\n",
        LEFT + plot_w / 2.0
    );
    // Horizontal grid: decades, and 2× and 5× in between.
    let mut decade = decade_low;
    while decade <= decade_high {
        for (factor, major) in [(1.0, true), (2.0, false), (5.0, false)] {
            let value = factor * 10_f64.powf(decade);
            if value.log10() > decade_high + 1e-9 {
                continue;
            }
            let y = py(value);
            let stroke = if major { "#bbb" } else { "#eee" };
            let _ = writeln!(
                svg,
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\"/>",
                LEFT + plot_w
            );
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} s</text>",
                LEFT - 6.0,
                y + 4.0,
                tick(value)
            );
        }
        decade += 1.0;
    }
    let mut x = 0.0;
    while x <= x_max + 1e-9 {
        let _ = writeln!(
            svg,
            "<line x1=\"{0:.1}\" y1=\"{TOP}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#eee\"/>",
            px(x),
            TOP + plot_h
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{x}</text>",
            px(x),
            TOP + plot_h + 16.0
        );
        x += x_step;
    }
    let _ = writeln!(
        svg,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"none\" stroke=\"#333\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">operations</text>\n\
         <text x=\"16\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1})\">seconds (log scale)</text>",
        LEFT + plot_w / 2.0,
        HEIGHT - 14.0,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    );
    for row in rows {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#666\" font-size=\"10\">{}</text>",
            px(row.operations as f64),
            TOP + plot_h + 30.0,
            row.name
        );
    }
    for (index, s) in all.iter().enumerate() {
        let path: Vec<String> = s
            .points
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y)))
            .collect();
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            path.join(" "),
            s.color
        );
        for (x, y) in &s.points {
            let _ = writeln!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\"><title>{}: {} operations, {} s</title></circle>",
                px(*x),
                py(*y),
                s.color,
                s.label,
                x,
                tick(*y)
            );
        }
        let ly = TOP + 14.0 + index as f64 * 34.0;
        let lx = LEFT + plot_w + 12.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{}\" stroke-width=\"3\"/>",
            lx + 18.0,
            s.color
        );
        let (name, rest) = s
            .label
            .split_once(" (")
            .map_or((s.label.as_str(), None), |(n, r)| (n, Some(r)));
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            lx + 24.0,
            ly + 4.0,
            name
        );
        if let Some(rest) = rest {
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#666\">({}</text>",
                lx + 24.0,
                ly + 18.0,
                rest
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
