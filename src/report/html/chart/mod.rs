//! The report's charts, drawn with plotters' SVG backend.
//!
//! Five kinds cover every figure: a [`TimeChart`] (lines over time, with confidence bands,
//! stacked areas, an optional right-hand axis and the timeline's events), a [`Scatter`]
//! (points with confidence whiskers, labelled), a [`Heatmap`] (a measure over two sweep
//! axes), [`Bars`], and a [`Gantt`] chart (a bar along time per row: a schedule's shifts).
//! Each is plain data, built by the report and rendered here, so what a chart shows is
//! decided in one place and how it looks in another.
//!
//! Every chart has the same size ([`WIDTH`] × [`HEIGHT`]; a Gantt chart grows taller with its
//! rows, so each row stays legible), a title, and its legend in a row above the plot where it
//! never hides data. Tick positions are chosen here (round numbers,
//! durations on whole minutes or hours) and labelled by [`Unit`], so the axes read "82 %",
//! "4m30s" or "250,000". plotters is used without its font support: its SVG backend writes
//! `<text>` elements that the browser lays out, so nothing depends on fonts installed here.
//!
//! What every chart shares (title, legend, margins, axes, ticks, grid, timeline events, the
//! colour bar) is drawn by one module, `frame`; each kind's module draws only its own marks:
//! `bars` its bars, `scatter` its points, `heatmap` its cells, `time` its lines, steps, dots
//! and areas, `gantt` its rows of bars.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::Unit;
use super::palette;

mod bars;
mod frame;
mod gantt;
mod heatmap;
mod scatter;
mod time;

pub use bars::{Bar, Bars};
pub use frame::{Axis, Marker, TimeAxis};
pub use gantt::{Gantt, GanttRow};
pub use heatmap::Heatmap;
pub use scatter::{Group, Point, Scatter};
pub use time::{Line, LineShape, TimeChart};

/// Width of every chart, pixels (the SVG scales to the page).
pub const WIDTH: u32 = 960;
/// Height of every chart, pixels.
pub const HEIGHT: u32 = 440;

/// What drawing returns: plotters' errors, boxed.
type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;
/// A chart's whole page, or a part of it, in pixels.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The font family of every text (the browser's sans-serif face).
const FONT: &str = "sans-serif";
/// Size of a chart's title.
const TITLE_SIZE: f64 = 22.0;
/// Size of axis titles.
const LABEL_SIZE: f64 = 18.0;
/// Size of tick labels, legend entries and heat-map cells.
const TICK_SIZE: f64 = 17.0;
/// Size of values on bars, point tags, event texts and the colour bar's labels.
const SMALL_SIZE: f64 = 15.0;

/// Text of `size` in `colour`.
fn font(size: f64, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(colour)
}

/// Bold text of `size` in `colour`.
fn bold(size: f64, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size, FontStyle::Bold).into_font().color(colour)
}

/// Approximate width in pixels of `text` at plotters size `size` (the browser's font is not
/// known here; this errs on the wide side for a sans-serif face).
fn text_width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size / 1.24 * 0.58).ceil() as i32
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::time::{segments, steps};
    use super::*;

    fn axis(lo: f64, hi: f64) -> TimeAxis {
        TimeAxis {
            title: "Days since the start of the run".into(),
            lo,
            hi,
            ticks: vec![(7.0, "7".into()), (14.0, "14".into())],
        }
    }

    #[test]
    fn a_time_chart_is_an_svg_with_its_title_legend_and_markers() {
        let mut chart = TimeChart {
            title: "Service level".into(),
            x: axis(3.0, 28.0),
            y: Axis::new("Service level", Unit::Share),
            y2: None,
            lines: vec![Line::new(
                "Service level",
                palette::HUMAN,
                (3..28).map(|d| (d as f64 + 0.5, 0.8)).collect(),
            )],
            stacked: false,
            markers: vec![Marker {
                x: 10.0,
                number: 1,
                text: "AI assistant goes live".into(),
            }],
        };
        chart.lines[0].band = (3..28).map(|d| (d as f64 + 0.5, 0.78, 0.82)).collect();
        let svg = chart.svg().unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..60]);
        assert!(svg.contains(r#"viewBox="0 0 960 440""#));
        for needle in [
            "Service level",
            "80 %",
            "AI assistant goes live",
            "95 % confidence",
        ] {
            assert!(svg.contains(needle), "{needle} missing");
        }
    }

    #[test]
    fn a_line_breaks_where_a_value_is_missing() {
        let s = segments(&[(0.0, 1.0), (1.0, f64::NAN), (2.0, 2.0), (3.0, 3.0)]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn a_step_line_holds_each_value_to_the_next_point() {
        let s = steps(&[
            (0.0, 1.0),
            (1.0, 2.0),
            (2.0, f64::NAN),
            (3.0, 4.0),
            (4.0, 4.0),
        ]);
        assert_eq!(
            s,
            vec![
                vec![(0.0, 1.0), (1.0, 1.0), (1.0, 2.0), (2.0, 2.0)],
                vec![(3.0, 4.0), (4.0, 4.0)]
            ]
        );
        assert!(steps(&[(0.0, 1.0)]).is_empty(), "one point ends nothing");
    }

    #[test]
    fn axes_end_on_round_ticks_within_natural_bounds() {
        let s = Axis::new("SL", Unit::Share).scale([0.81, 0.97].into_iter());
        assert!(s.lo >= 0.75 && s.hi <= 1.0, "{} {}", s.lo, s.hi);
        for s in [
            s,
            Axis::new("SL", Unit::Share).scale([0.67, 1.0].into_iter()),
        ] {
            assert!(
                (s.ticks[0] - s.lo).abs() < 1e-9,
                "the axis starts on a tick"
            );
            assert!(
                (s.ticks.last().unwrap() - s.hi).abs() < 1e-9,
                "and ends on one"
            );
        }
        let s = Axis::new("Cost", Unit::Currency).scale([400_000.0, 600_000.0].into_iter());
        assert_eq!(s.lo, 0.0);
        assert!(s.hi >= 600_000.0);
        let s = Axis::new("CSAT", Unit::Score).scale([4.1, 4.1].into_iter());
        assert!(s.lo < 4.1 && s.hi > 4.1);
    }
}
