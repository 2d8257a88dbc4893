//! The report's charts, drawn with plotters' SVG backend.
//!
//! Four kinds cover every figure: a [`TimeChart`] (lines over time, with confidence bands,
//! stacked areas, an optional right-hand axis and the timeline's events), a [`Scatter`]
//! (points with confidence whiskers, labelled), a [`Heatmap`] (a measure over two sweep
//! axes) and [`Bars`]. Each is plain data, built by the report and rendered here, so what a
//! chart shows is decided in one place and how it looks in another.
//!
//! Every chart has the same size ([`WIDTH`] × [`HEIGHT`]), a title, and its legend in a row
//! above the plot where it never hides data. Tick positions are chosen here (round numbers,
//! durations on whole minutes or hours) and labelled by [`Unit`], so the axes read "82 %",
//! "4m30s" or "250,000". plotters is used without its font support: its SVG backend writes
//! `<text>` elements that the browser lays out, so nothing depends on fonts installed here.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::Unit;
use super::palette;

mod bars;
mod heatmap;
mod scatter;
mod time;

pub use bars::{Bar, Bars};
pub use heatmap::Heatmap;
pub use scatter::{Group, Point, Scatter};
pub use time::{Line, Marker, TimeAxis, TimeChart};

/// Width of every chart, pixels (the SVG scales to the page).
pub const WIDTH: u32 = 960;
/// Height of every chart, pixels.
pub const HEIGHT: u32 = 440;

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

const FONT: &str = "sans-serif";
const TITLE_SIZE: f64 = 22.0;
const LABEL_SIZE: f64 = 18.0;
const TICK_SIZE: f64 = 17.0;
const SMALL_SIZE: f64 = 15.0;

fn font(size: f64, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(colour)
}

fn bold(size: f64, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size, FontStyle::Bold).into_font().color(colour)
}

/// A linear axis over `[lo, hi]` whose ticks the report chooses (round numbers, month
/// labels), where plotters would choose its own.
#[derive(Debug, Clone)]
struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Ticked {
        Ticked { lo, hi, ticks }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span == 0.0 {
            return (limit.0 + limit.1) / 2;
        }
        let pixels = (limit.1 - limit.0) as f64;
        let at = (v - self.lo) / span * pixels;
        limit.0 + at.clamp(-1e6, 1e6).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
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

/// A value axis: its title (the unit is appended), its unit, and whether it starts at zero.
#[derive(Debug, Clone)]
pub struct Axis {
    /// What the axis measures, such as "Service level".
    pub title: String,
    /// How its numbers are shown.
    pub unit: Unit,
    /// Start the axis at zero (volumes, costs, agents), rather than near the data.
    pub from_zero: bool,
}

impl Axis {
    /// An axis; volumes, agents and costs start at zero, shares and scores fit the data.
    pub fn new(title: impl Into<String>, unit: Unit) -> Axis {
        let from_zero = matches!(
            unit,
            Unit::Count | Unit::Currency | Unit::Agents | Unit::Hours | Unit::Seconds
        );
        Axis {
            title: title.into(),
            unit,
            from_zero,
        }
    }

    fn label(&self) -> String {
        let suffix = self.unit.suffix();
        if suffix.is_empty() || self.title.contains('[') {
            self.title.clone()
        } else {
            format!("{} {suffix}", self.title)
        }
    }

    /// The range and ticks covering `values`: ends on round ticks, padded, within the
    /// unit's natural bounds (0–100 %, 1–5).
    fn scale(&self, values: impl Iterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if self.from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        let span = hi - lo;
        let min_span = match self.unit {
            Unit::Share => 0.02,
            Unit::Score => 0.1,
            _ => (hi.abs().max(lo.abs()) * 0.1).max(1.0),
        };
        if span < min_span {
            let mid = (hi + lo) / 2.0;
            (lo, hi) = if self.from_zero && lo >= 0.0 {
                (lo, lo.max(mid + min_span / 2.0).max(hi))
            } else {
                (mid - min_span / 2.0, mid + min_span / 2.0)
            };
        }
        let pad = (hi - lo) * 0.02;
        hi += pad;
        if !(self.from_zero && lo >= 0.0 && lo == 0.0) {
            lo -= pad;
        }
        let (bound_lo, bound_hi) = match self.unit {
            Unit::Share => (0.0, 1.0),
            Unit::Score => (1.0, 5.0),
            _ if self.from_zero && lo >= 0.0 => (0.0, f64::INFINITY),
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        };
        // One step from the data's range; the ends snap out to it, so the axis starts and
        // ends on a tick.
        let (_, step) = self.unit.ticks(lo, hi, 6);
        lo = ((lo / step + 1e-9).floor() * step).max(bound_lo);
        hi = ((hi / step - 1e-9).ceil() * step).min(bound_hi);
        if hi <= lo {
            hi = lo + step;
        }
        let ticks = ((lo / step).round() as i64..=(hi / step).round() as i64)
            .map(|k| k as f64 * step)
            .collect();
        Scale {
            lo,
            hi,
            ticks,
            step,
        }
    }
}

struct Scale {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    step: f64,
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swatch {
    Line,
    Dashed,
    Block,
    Dot,
}

struct Key {
    label: String,
    colour: RGBColor,
    swatch: Swatch,
}

/// Renders a chart into an SVG document.
fn render(draw: impl FnOnce(&Area) -> DrawResult<()>) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let result = (|| -> DrawResult<()> {
            root.fill(&palette::PAPER)?;
            draw(&root)?;
            root.present()?;
            Ok(())
        })();
        result.map_err(|e| anyhow::anyhow!("cannot draw a chart: {e}"))?;
    }
    Ok(svg)
}

/// Draws the title and the legend; returns the area left for the plot.
fn frame<'a>(root: &Area<'a>, title: &str, keys: &[Key]) -> DrawResult<Area<'a>> {
    let title_style = bold(TITLE_SIZE, &palette::INK).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(shorten(title, 80), (18, 12), title_style))?;
    let legend_style = font(TICK_SIZE, &palette::INK).pos(Pos::new(HPos::Left, VPos::Center));
    let (row_height, top) = (24, 48);
    let (mut x, mut y) = (18, top);
    for key in keys {
        let w = 30 + text_width(&key.label, TICK_SIZE) + 22;
        if x > 18 && x + w > WIDTH as i32 - 12 {
            x = 18;
            y += row_height;
        }
        let c = key.colour;
        match key.swatch {
            Swatch::Line => {
                root.draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    c.stroke_width(3),
                ))?;
            }
            Swatch::Dashed => {
                for k in 0..3 {
                    root.draw(&PathElement::new(
                        vec![(x + 9 * k, y), (x + 9 * k + 6, y)],
                        c.stroke_width(3),
                    ))?;
                }
            }
            Swatch::Block => {
                root.draw(&Rectangle::new(
                    [(x + 2, y - 7), (x + 22, y + 7)],
                    c.filled(),
                ))?;
            }
            Swatch::Dot => {
                root.draw(&Circle::new((x + 12, y), 6, c.filled()))?;
            }
        }
        root.draw(&Text::new(
            key.label.clone(),
            (x + 30, y),
            legend_style.clone(),
        ))?;
        x += w;
    }
    let used = if keys.is_empty() {
        top - 8
    } else {
        y + row_height / 2 + 4
    };
    Ok(root.split_vertically(used).1)
}

#[cfg(test)]
mod tests {
    use super::time::segments;
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
