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

/// The time axis of a [`TimeChart`]: its title, range and labelled ticks (month names, days).
#[derive(Debug, Clone)]
pub struct TimeAxis {
    /// Axis title with its unit, such as "Days since the start of the run".
    pub title: String,
    /// Left end.
    pub lo: f64,
    /// Right end.
    pub hi: f64,
    /// Tick positions and their labels.
    pub ticks: Vec<(f64, String)>,
}

/// One line of a [`TimeChart`].
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend label.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// Points (x, y); a non-finite y breaks the line.
    pub points: Vec<(f64, f64)>,
    /// Optional 95 % confidence band: (x, low, high).
    pub band: Vec<(f64, f64, f64)>,
    /// Drawn dashed (a derived or secondary quantity).
    pub dashed: bool,
    /// Read against the right-hand axis.
    pub right: bool,
}

impl Line {
    /// A solid line on the left axis, without a band.
    pub fn new(label: impl Into<String>, colour: RGBColor, points: Vec<(f64, f64)>) -> Line {
        Line {
            label: label.into(),
            colour,
            points,
            band: Vec::new(),
            dashed: false,
            right: false,
        }
    }

    fn has_data(&self) -> bool {
        self.points.iter().any(|p| p.1.is_finite())
    }
}

/// A dated event of the scenario's timeline, marked on every time chart.
#[derive(Debug, Clone)]
pub struct Marker {
    /// Position on the time axis.
    pub x: f64,
    /// Its number in the list under the chart (from 1).
    pub number: usize,
    /// Short text drawn along the line.
    pub text: String,
}

/// Lines (or stacked areas) over time.
#[derive(Debug, Clone)]
pub struct TimeChart {
    /// Title drawn at the top.
    pub title: String,
    /// Time axis.
    pub x: TimeAxis,
    /// Left axis.
    pub y: Axis,
    /// Right axis, for lines with `right` set.
    pub y2: Option<Axis>,
    /// The series, drawn in order.
    pub lines: Vec<Line>,
    /// Stack the lines as areas (each on top of the previous), for parts of a whole.
    pub stacked: bool,
    /// Timeline events.
    pub markers: Vec<Marker>,
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

fn segments(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for &(x, y) in points {
        if x.is_finite() && y.is_finite() {
            out.last_mut().expect("never empty").push((x, y));
        } else if !out.last().expect("never empty").is_empty() {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn label_for(ticks: &[(f64, String)], x: f64) -> &str {
    ticks
        .iter()
        .find(|(t, _)| (t - x).abs() < 1e-9 * (1.0 + x.abs()))
        .map_or("", |(_, l)| l.as_str())
}

impl TimeChart {
    /// Whether the chart has anything to draw.
    pub fn has_data(&self) -> bool {
        self.lines.iter().any(Line::has_data)
    }

    /// The chart as an SVG document.
    pub fn svg(&self) -> anyhow::Result<String> {
        render(|root| self.draw(root))
    }

    fn draw(&self, root: &Area) -> DrawResult<()> {
        let lines: Vec<&Line> = self.lines.iter().filter(|l| l.has_data()).collect();
        let mut keys: Vec<Key> = lines
            .iter()
            .map(|l| Key {
                label: if l.right && self.y2.is_some() {
                    format!("{} (right axis)", l.label)
                } else {
                    l.label.clone()
                },
                colour: l.colour,
                swatch: if self.stacked {
                    Swatch::Block
                } else if l.dashed {
                    Swatch::Dashed
                } else {
                    Swatch::Line
                },
            })
            .collect();
        if lines.iter().any(|l| !l.band.is_empty()) {
            keys.push(Key {
                label: "95 % confidence band".into(),
                colour: palette::BAND,
                swatch: Swatch::Block,
            });
        }
        if self
            .markers
            .iter()
            .any(|m| m.x >= self.x.lo && m.x <= self.x.hi)
        {
            keys.push(Key {
                label: "Timeline event (numbered)".into(),
                colour: palette::EVENT,
                swatch: Swatch::Dashed,
            });
        }
        let area = frame(root, &self.title, &keys)?;

        // Left values: stacked tops, or every point and band of the left lines.
        let stacks = if self.stacked {
            stack(&lines)
        } else {
            Vec::new()
        };
        let left: Vec<f64> = if self.stacked {
            stacks.iter().flat_map(|s| s.iter().map(|p| p.1)).collect()
        } else {
            lines
                .iter()
                .filter(|l| !l.right || self.y2.is_none())
                .flat_map(|l| {
                    l.points
                        .iter()
                        .map(|p| p.1)
                        .chain(l.band.iter().flat_map(|b| [b.1, b.2]))
                })
                .collect()
        };
        let ys = self.y.scale(left.into_iter());
        let right_values: Vec<f64> = lines
            .iter()
            .filter(|l| l.right)
            .flat_map(|l| {
                l.points
                    .iter()
                    .map(|p| p.1)
                    .chain(l.band.iter().flat_map(|b| [b.1, b.2]))
            })
            .collect();
        let y2s = self.y2.as_ref().map(|a| a.scale(right_values.into_iter()));

        let x_ticks: Vec<f64> = self.x.ticks.iter().map(|t| t.0).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(if y2s.is_some() { 10 } else { 36 })
            .margin_top(6)
            .margin_bottom(8)
            .x_label_area_size(56)
            .y_label_area_size(92)
            .right_y_label_area_size(if y2s.is_some() { 92 } else { 0 })
            .build_cartesian_2d(
                Ticked::new(self.x.lo, self.x.hi, x_ticks.clone()),
                Ticked::new(ys.lo, ys.hi, ys.ticks.clone()),
            )?
            .set_secondary_coord(
                Ticked::new(self.x.lo, self.x.hi, x_ticks),
                match &y2s {
                    Some(s) => Ticked::new(s.lo, s.hi, s.ticks.clone()),
                    None => Ticked::new(0.0, 1.0, vec![]),
                },
            );
        let x_fmt = |x: &f64| label_for(&self.x.ticks, *x).to_string();
        let y_fmt = |y: &f64| self.y.unit.tick(*y, ys.step);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(palette::GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(5)
            .label_style(font(TICK_SIZE, &palette::MUTED))
            .axis_desc_style(font(LABEL_SIZE, &palette::INK))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(self.x.title.clone())
            .y_desc(self.y.label())
            .draw()?;
        if let (Some(axis), Some(s)) = (&self.y2, &y2s) {
            let fmt = |y: &f64| axis.unit.tick(*y, s.step);
            chart
                .configure_secondary_axes()
                .axis_style(palette::AXIS.stroke_width(1))
                .label_style(font(TICK_SIZE, &palette::MUTED))
                .axis_desc_style(font(LABEL_SIZE, &palette::INK))
                .y_label_formatter(&fmt)
                .y_desc(axis.label())
                .draw()?;
        }

        if self.stacked {
            // Stacked bars, one per point: a period's parts sit on one another and the top is
            // the period's total (areas between points would invent values between periods).
            let xs: Vec<f64> = lines
                .first()
                .map(|l| l.points.iter().map(|p| p.0).collect())
                .unwrap_or_default();
            let gap = xs
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|d| *d > 0.0)
                .fold(f64::INFINITY, f64::min);
            let half = if gap.is_finite() { gap * 0.38 } else { 0.4 };
            for (i, line) in lines.iter().enumerate() {
                let bars = stacks[i].iter().enumerate().filter_map(|(k, &(x, top))| {
                    let bottom = if i == 0 { 0.0 } else { stacks[i - 1][k].1 };
                    (top > bottom).then(|| {
                        Rectangle::new([(x - half, bottom), (x + half, top)], line.colour.filled())
                    })
                });
                chart.draw_series(bars)?;
            }
        } else {
            for line in &lines {
                let band: Vec<(f64, f64)> = line.band.iter().map(|b| (b.0, b.1)).collect();
                let high: Vec<(f64, f64)> = line.band.iter().map(|b| (b.0, b.2)).collect();
                for (lo, hi) in segments(&band).into_iter().zip(segments(&high)) {
                    let polygon: Vec<(f64, f64)> =
                        hi.iter().copied().chain(lo.into_iter().rev()).collect();
                    let shape = Polygon::new(polygon, line.colour.mix(0.18).filled());
                    if line.right && y2s.is_some() {
                        chart.draw_secondary_series(std::iter::once(shape))?;
                    } else {
                        chart.draw_series(std::iter::once(shape))?;
                    }
                }
            }
            for line in &lines {
                let style = line.colour.stroke_width(if line.dashed { 2 } else { 3 });
                let few = line.points.len() <= 48;
                for seg in segments(&line.points) {
                    let dots: Vec<Circle<(f64, f64), i32>> = if few {
                        seg.iter()
                            .map(|&p| Circle::new(p, 4, line.colour.filled()))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let on_right = line.right && y2s.is_some();
                    if line.dashed {
                        let dashed = DashedPathElement::new(seg.clone(), 8, 5, style);
                        if on_right {
                            chart.draw_secondary_series(std::iter::once(dashed))?;
                        } else {
                            chart.draw_series(std::iter::once(dashed))?;
                        }
                    } else {
                        let path = PathElement::new(seg.clone(), style);
                        if on_right {
                            chart.draw_secondary_series(std::iter::once(path))?;
                        } else {
                            chart.draw_series(std::iter::once(path))?;
                        }
                    }
                    if on_right {
                        chart.draw_secondary_series(dots)?;
                    } else {
                        chart.draw_series(dots)?;
                    }
                }
            }
        }

        for m in &self.markers {
            if !(m.x >= self.x.lo && m.x <= self.x.hi) {
                continue;
            }
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(m.x, ys.lo), (m.x, ys.hi)],
                6,
                4,
                palette::EVENT.stroke_width(2),
            )))?;
            let number =
                bold(SMALL_SIZE, &palette::PAPER).pos(Pos::new(HPos::Center, VPos::Center));
            // Turned a quarter clockwise, the text runs down the line; anchored at its
            // baseline's far side, it sits just right of the line.
            let along = font(SMALL_SIZE, &palette::EVENT)
                .transform(FontTransform::Rotate90)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            let text = shorten(&m.text, 30);
            // A light backing keeps the label legible where it crosses lines or bars (its
            // length is a sans-serif face's, slightly generous).
            let length = (text.chars().count() as f64 * SMALL_SIZE / 1.24 * 0.5) as i32;
            chart.draw_series(std::iter::once(
                EmptyElement::at((m.x, ys.hi))
                    + Rectangle::new(
                        [(4, 25), (21, 31 + length)],
                        palette::PAPER.mix(0.8).filled(),
                    )
                    + Circle::new((0, 12), 11, palette::EVENT.filled())
                    + Text::new(m.number.to_string(), (0, 12), number)
                    + Text::new(text, (4, 28), along),
            ))?;
        }
        Ok(())
    }
}

/// Cumulative tops of stacked lines (a missing value counts as zero).
fn stack(lines: &[&Line]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let top: Vec<(f64, f64)> = line
            .points
            .iter()
            .enumerate()
            .map(|(k, &(x, y))| {
                let below = if i == 0 { 0.0 } else { out[i - 1][k].1 };
                (x, below + if y.is_finite() { y } else { 0.0 })
            })
            .collect();
        out.push(top);
    }
    out
}

/// A point of a [`Scatter`].
#[derive(Debug, Clone)]
pub struct Point {
    /// Horizontal value.
    pub x: f64,
    /// Vertical value.
    pub y: f64,
    /// 95 % interval of x, drawn as a whisker.
    pub x_ci: Option<(f64, f64)>,
    /// 95 % interval of y, drawn as a whisker.
    pub y_ci: Option<(f64, f64)>,
    /// A label drawn beside the point (a point number, an intent).
    pub tag: Option<String>,
}

/// Points of one kind in a [`Scatter`].
#[derive(Debug, Clone)]
pub struct Group {
    /// Legend label.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// The points.
    pub points: Vec<Point>,
    /// Join the points by a line in x order (a frontier).
    pub join: bool,
}

/// Points with confidence whiskers, in groups.
#[derive(Debug, Clone)]
pub struct Scatter {
    /// Title drawn at the top.
    pub title: String,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// Groups, drawn in order (the last on top).
    pub groups: Vec<Group>,
}

impl Scatter {
    /// The chart as an SVG document.
    pub fn svg(&self) -> anyhow::Result<String> {
        render(|root| self.draw(root))
    }

    fn draw(&self, root: &Area) -> DrawResult<()> {
        let keys: Vec<Key> = self
            .groups
            .iter()
            .filter(|g| !g.points.is_empty())
            .filter(|g| {
                // A lone point tagged with its group's name needs no legend entry.
                !(g.points.len() == 1
                    && g.points[0]
                        .tag
                        .as_ref()
                        .is_some_and(|t| t.eq_ignore_ascii_case(&g.label)))
            })
            .map(|g| Key {
                label: g.label.clone(),
                colour: g.colour,
                swatch: if g.join { Swatch::Line } else { Swatch::Dot },
            })
            .collect();
        let area = frame(root, &self.title, &keys)?;
        let points = || self.groups.iter().flat_map(|g| g.points.iter());
        let xs = self.x.scale(points().flat_map(|p| {
            let (lo, hi) = p.x_ci.unwrap_or((p.x, p.x));
            [p.x, lo, hi]
        }));
        let ys = self.y.scale(points().flat_map(|p| {
            let (lo, hi) = p.y_ci.unwrap_or((p.y, p.y));
            [p.y, lo, hi]
        }));
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(52)
            .margin_top(10)
            .margin_bottom(8)
            .x_label_area_size(56)
            .y_label_area_size(92)
            .build_cartesian_2d(
                Ticked::new(xs.lo, xs.hi, xs.ticks.clone()),
                Ticked::new(ys.lo, ys.hi, ys.ticks.clone()),
            )?;
        let x_fmt = |x: &f64| self.x.unit.tick(*x, xs.step);
        let y_fmt = |y: &f64| self.y.unit.tick(*y, ys.step);
        chart
            .configure_mesh()
            .bold_line_style(palette::GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(5)
            .label_style(font(TICK_SIZE, &palette::MUTED))
            .axis_desc_style(font(LABEL_SIZE, &palette::INK))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(self.x.label())
            .y_desc(self.y.label())
            .draw()?;
        for g in &self.groups {
            let whisker = g.colour.mix(0.55).stroke_width(2);
            for p in &g.points {
                if let Some((lo, hi)) = p.x_ci {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(lo, p.y), (hi, p.y)],
                        whisker,
                    )))?;
                }
                if let Some((lo, hi)) = p.y_ci {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(p.x, lo), (p.x, hi)],
                        whisker,
                    )))?;
                }
            }
            if g.join {
                let mut line: Vec<(f64, f64)> = g.points.iter().map(|p| (p.x, p.y)).collect();
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                chart.draw_series(std::iter::once(PathElement::new(
                    line,
                    g.colour.stroke_width(2),
                )))?;
            }
        }
        for g in &self.groups {
            for p in &g.points {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((p.x, p.y))
                        + Circle::new((0, 0), 7, palette::PAPER.filled())
                        + Circle::new((0, 0), 6, g.colour.filled()),
                ))?;
            }
        }
        // Tags go beside their point, on the first side where they hide no other tag or
        // point and stay inside the plot.
        let (px, py) = chart.plotting_area().get_pixel_range();
        let dots: Vec<(i32, i32)> = points().map(|p| chart.backend_coord(&(p.x, p.y))).collect();
        let mut placed: Vec<Rect> = Vec::new();
        for p in points() {
            let Some(tag) = &p.tag else { continue };
            let tag = shorten(tag, 28);
            let (x, y) = chart.backend_coord(&(p.x, p.y));
            let (w, h) = (text_width(&tag, SMALL_SIZE), 14);
            let candidates = [
                (8, -5, HPos::Left, VPos::Bottom),
                (8, 5, HPos::Left, VPos::Top),
                (-8, -5, HPos::Right, VPos::Bottom),
                (-8, 5, HPos::Right, VPos::Top),
                (0, -10, HPos::Center, VPos::Bottom),
                (0, 10, HPos::Center, VPos::Top),
            ];
            let rect = |&(dx, dy, hp, vp): &(i32, i32, HPos, VPos)| {
                let left = match hp {
                    HPos::Left => x + dx,
                    HPos::Right => x + dx - w,
                    HPos::Center => x - w / 2,
                };
                let top = match vp {
                    VPos::Bottom => y + dy - h,
                    _ => y + dy,
                };
                // A margin of 3 pixels keeps neighbouring tags apart.
                Rect(left - 3, top - 1, left + w + 3, top + h + 1)
            };
            let cost = |c: &(i32, i32, HPos, VPos)| {
                let r = rect(c);
                let outside = r.0 < px.start || r.2 > px.end || r.1 < py.start || r.3 > py.end;
                let hidden: i32 = placed.iter().map(|q| r.overlap(q)).sum::<i32>()
                    + dots
                        .iter()
                        .filter(|d| **d != (x, y))
                        .map(|&(a, b)| r.overlap(&Rect(a - 6, b - 6, a + 6, b + 6)))
                        .sum::<i32>();
                hidden + if outside { 100_000 } else { 0 }
            };
            let best = candidates
                .iter()
                .min_by_key(|c| cost(c))
                .copied()
                .unwrap_or(candidates[0]);
            placed.push(rect(&best));
            let style = font(SMALL_SIZE, &palette::INK).pos(Pos::new(best.2, best.3));
            chart.draw_series(std::iter::once(
                EmptyElement::at((p.x, p.y)) + Text::new(tag, (best.0, best.1), style),
            ))?;
        }
        Ok(())
    }
}

/// A box in pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Rect(i32, i32, i32, i32);

impl Rect {
    /// Area shared with `other`, pixels².
    fn overlap(&self, other: &Rect) -> i32 {
        let w = (self.2.min(other.2) - self.0.max(other.0)).max(0);
        let h = (self.3.min(other.3) - self.1.max(other.1)).max(0);
        w * h
    }
}

/// A measure over two sweep axes: one coloured cell per pair of settings, with its value.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// Title drawn at the top.
    pub title: String,
    /// The first axis (columns): its key path.
    pub x_title: String,
    /// The second axis (rows): its key path.
    pub y_title: String,
    /// Settings of the first axis, left to right.
    pub columns: Vec<String>,
    /// Settings of the second axis, bottom to top.
    pub rows: Vec<String>,
    /// `cells[row][column]`; not finite: no point or no value.
    pub cells: Vec<Vec<f64>>,
    /// The measure's unit.
    pub unit: Unit,
    /// The measure's name, for the colour bar.
    pub measure: String,
    /// Whether more of the measure is better: the better end is the bright one.
    pub higher_is_better: Option<bool>,
}

impl Heatmap {
    /// The chart as an SVG document.
    pub fn svg(&self) -> anyhow::Result<String> {
        render(|root| self.draw(root))
    }

    fn draw(&self, root: &Area) -> DrawResult<()> {
        let area = frame(root, &self.title, &[])?;
        let (main, bar) = area.split_horizontally(WIDTH as i32 - 140);
        let finite = || {
            self.cells
                .iter()
                .flatten()
                .copied()
                .filter(|v| v.is_finite())
        };
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() {
            (lo, if hi > lo { hi } else { lo + 1e-9 })
        } else {
            (0.0, 1.0)
        };
        let brightness = |v: f64| {
            let t = (v - lo) / (hi - lo);
            if self.higher_is_better == Some(false) {
                1.0 - t
            } else {
                t
            }
        };
        let (nx, ny) = (self.columns.len(), self.rows.len());
        let centres = |n: usize| (0..n).map(|i| i as f64 + 0.5).collect::<Vec<_>>();
        let mut chart = ChartBuilder::on(&main)
            .margin_left(10)
            .margin_right(16)
            .margin_top(6)
            .margin_bottom(8)
            .x_label_area_size(56)
            .y_label_area_size(92)
            .build_cartesian_2d(
                Ticked::new(0.0, nx as f64, centres(nx)),
                Ticked::new(0.0, ny as f64, centres(ny)),
            )?;
        let x_fmt = |x: &f64| {
            self.columns
                .get(x.floor() as usize)
                .cloned()
                .unwrap_or_default()
        };
        let y_fmt = |y: &f64| {
            self.rows
                .get(y.floor() as usize)
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(5)
            .label_style(font(TICK_SIZE, &palette::MUTED))
            .axis_desc_style(font(LABEL_SIZE, &palette::INK))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(shorten(&self.x_title, 70))
            .y_desc(shorten(&self.y_title, 40))
            .draw()?;
        let cell_font = |c: RGBColor| {
            let ink = if palette::wants_dark_text(c) {
                palette::INK
            } else {
                palette::PAPER
            };
            font(TICK_SIZE, &ink).pos(Pos::new(HPos::Center, VPos::Center))
        };
        for (r, row) in self.cells.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let (x, y) = (c as f64, r as f64);
                let fill = if v.is_finite() {
                    palette::sequential(brightness(v))
                } else {
                    palette::GRID
                };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    fill.filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    palette::PAPER.stroke_width(2),
                )))?;
                let text = if v.is_finite() {
                    short_value(self.unit, v)
                } else {
                    "no value".into()
                };
                chart.draw_series(std::iter::once(Text::new(
                    text,
                    (x + 0.5, y + 0.5),
                    cell_font(fill),
                )))?;
            }
        }

        // The colour bar: the measure's range, bright end = better, labelled on its right.
        let (ticks, step) = self.unit.ticks(lo, hi, 6);
        let mut bar_chart = ChartBuilder::on(&bar)
            .margin_top(6)
            .margin_bottom(64)
            .margin_left(8)
            .margin_right(8)
            .y_label_area_size(0)
            .right_y_label_area_size(64)
            .build_cartesian_2d(0.0..1.0, Ticked::new(lo, hi, ticks))?;
        let fmt = |y: &f64| self.unit.tick(*y, step);
        bar_chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(4)
            .label_style(font(SMALL_SIZE, &palette::MUTED))
            .y_label_formatter(&fmt)
            .draw()?;
        let n = 60;
        bar_chart.draw_series((0..n).map(|k| {
            let a = lo + (hi - lo) * k as f64 / n as f64;
            let b = lo + (hi - lo) * (k + 1) as f64 / n as f64;
            Rectangle::new(
                [(0.0, a), (1.0, b)],
                palette::sequential(brightness((a + b) / 2.0)).filled(),
            )
        }))?;
        let caption = font(SMALL_SIZE, &palette::INK).pos(Pos::new(HPos::Center, VPos::Top));
        let (bw, bh) = bar.dim_in_pixel();
        bar.draw(&Text::new(
            shorten(&self.measure, 20),
            (bw as i32 / 2, bh as i32 - 52),
            caption,
        ))?;
        Ok(())
    }
}

/// A value short enough for a heat-map cell.
fn short_value(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Share => format!("{:.1} %", 100.0 * v),
        Unit::Score => format!("{v:.3}"),
        Unit::Currency | Unit::Count if v.abs() >= 1e6 => format!("{:.2}M", v / 1e6),
        _ => unit.value(v),
    }
}

/// One bar of a [`Bars`] chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Category label under the bar.
    pub label: String,
    /// Height.
    pub value: f64,
    /// 95 % interval, drawn as a whisker.
    pub ci: Option<(f64, f64)>,
    /// Colour.
    pub colour: RGBColor,
}

/// Bars by category, with confidence whiskers and their values written on top.
#[derive(Debug, Clone)]
pub struct Bars {
    /// Title drawn at the top.
    pub title: String,
    /// Value axis.
    pub y: Axis,
    /// Bars, left to right.
    pub bars: Vec<Bar>,
}

impl Bars {
    /// The chart as an SVG document.
    pub fn svg(&self) -> anyhow::Result<String> {
        render(|root| self.draw(root))
    }

    fn draw(&self, root: &Area) -> DrawResult<()> {
        let area = frame(root, &self.title, &[])?;
        let n = self.bars.len().max(1);
        let ys = self.y.scale(self.bars.iter().flat_map(|b| {
            let (lo, hi) = b.ci.unwrap_or((b.value, b.value));
            [b.value, lo, hi * 1.08]
        }));
        let centres: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin_left(10)
            .margin_right(28)
            .margin_top(6)
            .margin_bottom(8)
            .x_label_area_size(56)
            .y_label_area_size(92)
            .build_cartesian_2d(
                Ticked::new(0.0, n as f64, centres),
                Ticked::new(ys.lo, ys.hi, ys.ticks.clone()),
            )?;
        let x_fmt = |x: &f64| {
            self.bars
                .get(x.floor() as usize)
                .map(|b| b.label.clone())
                .unwrap_or_default()
        };
        let y_fmt = |y: &f64| self.y.unit.tick(*y, ys.step);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(palette::GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(5)
            .label_style(font(TICK_SIZE, &palette::MUTED))
            .axis_desc_style(font(LABEL_SIZE, &palette::INK))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_desc(self.y.label())
            .draw()?;
        let value_style = font(SMALL_SIZE, &palette::INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, b) in self.bars.iter().enumerate() {
            if !b.value.is_finite() {
                continue;
            }
            let x = i as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.22, 0.0), (x + 0.78, b.value)],
                b.colour.filled(),
            )))?;
            let mut top = b.value;
            if let Some((lo, hi)) = b.ci {
                top = top.max(hi);
                let ink = palette::INK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(x + 0.5, lo), (x + 0.5, hi)], ink),
                    PathElement::new(vec![(x + 0.44, lo), (x + 0.56, lo)], ink),
                    PathElement::new(vec![(x + 0.44, hi), (x + 0.56, hi)], ink),
                ])?;
            }
            chart.draw_series(std::iter::once(
                EmptyElement::at((x + 0.5, top))
                    + Text::new(self.y.unit.value(b.value), (0, -6), value_style.clone()),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
