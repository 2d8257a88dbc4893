//! The frame every chart shares: the SVG page, the title and the legend above the plot, the
//! plot's margins and label areas, its axes with their ticks, tick labels and titles, the
//! grid, the timeline's event markers and the heat map's colour bar.
//!
//! A report is read by comparing its charts, so they must look alike: the same room around
//! the plot, the same fonts on the same axes, the legend in the same place, an event drawn the
//! same way on every time chart. The frame is therefore decided here once. A chart kind
//! describes its frame as a [`Frame`] (a title, legend [`Key`]s, a [`Ruler`] per axis, and
//! what else it needs) and draws only its own marks (bars, points, cells, lines) on the
//! [`Plot`] it is handed; a change of look is made here, for every chart at once.
//!
//! What the frame is drawn from also lives here: the value [`Axis`] and the [`Scale`] it
//! chooses, the [`TimeAxis`] with its labelled ticks, and the timeline's [`Marker`]s.

use std::ops::Range;

use plotters::chart::DualCoordChartContext;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

use super::*;

/// Room at the plot's left, pixels.
const MARGIN_LEFT: u32 = 10;
/// Room under the plot's label area, pixels.
const MARGIN_BOTTOM: u32 = 8;
/// Room at the right when a right-hand axis's label area is there already, pixels.
const MARGIN_RIGHT_OF_AXIS: u32 = 10;
/// Height of the time or category labels and the title under the plot, pixels.
const X_LABEL_AREA: u32 = 56;
/// Width of the tick labels and the title beside a value axis, pixels.
const Y_LABEL_AREA: u32 = 92;
/// Width kept at the right of the plot for a colour bar, pixels.
const COLOUR_BAR_WIDTH: i32 = 140;
/// Left end of the title and of each legend row, pixels.
const LEFT: i32 = 18;

/// A chart's plot as the marks are drawn on it: the left axis's coordinates, and the right
/// axis's (a placeholder when the chart has none) for `draw_secondary_series`.
pub(super) type Plot<'a, 'b> = DualCoordChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<Ticked, Ticked>,
    Cartesian2d<Ticked, Ticked>,
>;

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

    /// The title as drawn beside the axis: with its unit, unless the title names one.
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
    pub(super) fn scale(&self, values: impl Iterator<Item = f64>) -> Scale {
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
        self.snap(lo, hi)
    }

    /// The scale whose ends are `lo` and `hi` snapped out to round ticks, within the unit's
    /// natural bounds.
    fn snap(&self, mut lo: f64, mut hi: f64) -> Scale {
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

/// What [`Axis::scale`] chose: the axis's ends, its ticks and the step between them.
pub(super) struct Scale {
    /// Lower end (a tick).
    pub(super) lo: f64,
    /// Upper end (a tick).
    pub(super) hi: f64,
    /// Tick positions, from `lo` to `hi`.
    pub(super) ticks: Vec<f64>,
    /// Distance between neighbouring ticks.
    pub(super) step: f64,
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

/// A linear axis over `[lo, hi]` whose ticks the report chooses (round numbers, month
/// labels), where plotters would choose its own.
#[derive(Debug, Clone)]
pub(super) struct Ticked {
    /// Lower end.
    lo: f64,
    /// Upper end.
    hi: f64,
    /// Tick positions.
    ticks: Vec<f64>,
}

impl Ticked {
    /// An axis over `[lo, hi]` with its ticks at `ticks`.
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

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Swatch {
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A filled block (areas, bars, bands).
    Block,
    /// A dot (points).
    Dot,
}

/// One entry of a chart's legend.
pub(super) struct Key {
    /// Text after the swatch.
    pub(super) label: String,
    /// Colour of the swatch.
    pub(super) colour: RGBColor,
    /// Shape of the swatch.
    pub(super) swatch: Swatch,
}

/// One axis of a [`Frame`] as drawn: its ticked range, how its tick labels read, its title.
pub(super) struct Ruler<'a> {
    /// Range and ticks.
    ticked: Ticked,
    /// The label of the tick at a position.
    label: Box<dyn Fn(&f64) -> String + 'a>,
    /// Title beside or under the axis; `None`: the tick labels say it all.
    title: Option<String>,
}

impl<'a> Ruler<'a> {
    /// A value axis over `scale`, its ticks labelled in the axis's unit.
    pub(super) fn scaled(axis: &Axis, scale: &Scale) -> Ruler<'a> {
        let (unit, step) = (axis.unit, scale.step);
        Ruler {
            ticked: Ticked::new(scale.lo, scale.hi, scale.ticks.clone()),
            label: Box::new(move |v| unit.tick(*v, step)),
            title: Some(axis.label()),
        }
    }

    /// A time axis, its ticks labelled as the axis says (month names, days).
    pub(super) fn time(axis: &'a TimeAxis) -> Ruler<'a> {
        Ruler {
            ticked: Ticked::new(axis.lo, axis.hi, axis.ticks.iter().map(|t| t.0).collect()),
            label: Box::new(|x| label_for(&axis.ticks, *x).to_string()),
            title: Some(axis.title.clone()),
        }
    }

    /// One slot per label, each one wide, with its label under (or beside) its middle.
    pub(super) fn categories(labels: Vec<String>, title: Option<String>) -> Ruler<'a> {
        let n = labels.len();
        Ruler {
            ticked: Ticked::new(0.0, n as f64, (0..n).map(|i| i as f64 + 0.5).collect()),
            label: Box::new(move |x| labels.get(x.floor() as usize).cloned().unwrap_or_default()),
            title,
        }
    }
}

/// The label of the tick at `x` (none where there is no tick).
fn label_for(ticks: &[(f64, String)], x: f64) -> &str {
    ticks
        .iter()
        .find(|(t, _)| (t - x).abs() < 1e-9 * (1.0 + x.abs()))
        .map_or("", |(_, l)| l.as_str())
}

/// Which grid lines the plot draws at its ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grid {
    /// None (a heat map's cells are their own grid).
    Hidden,
    /// Horizontal lines at the value ticks (over time, by category).
    Horizontal,
    /// Lines at the ticks of both axes (one value against another).
    Both,
}

/// A colour bar at the right of the plot: the colours of a measure's range, labelled.
pub(super) struct ColourBar<'a> {
    /// Lower end of the measure.
    pub(super) lo: f64,
    /// Upper end of the measure.
    pub(super) hi: f64,
    /// How the measure's ticks read.
    pub(super) unit: Unit,
    /// The measure's name, under the bar.
    pub(super) caption: &'a str,
    /// The colour of a value.
    pub(super) colour: &'a dyn Fn(f64) -> RGBColor,
}

/// Everything of a chart but its marks: see the module's documentation.
pub(super) struct Frame<'a> {
    /// Title drawn at the top.
    title: &'a str,
    /// Legend entries, in order (the timeline's entry is added when events are drawn).
    keys: Vec<Key>,
    /// Horizontal axis.
    x: Ruler<'a>,
    /// Left axis.
    y: Ruler<'a>,
    /// Right axis, if any.
    y2: Option<Ruler<'a>>,
    /// Grid lines.
    grid: Grid,
    /// Room above the plot, pixels.
    margin_top: u32,
    /// Room right of the plot when there is no right axis, pixels (for the last tick label).
    margin_right: u32,
    /// Timeline events, drawn over the marks where they fall within the x axis.
    markers: &'a [Marker],
    /// Colour bar at the right, if any.
    colour_bar: Option<ColourBar<'a>>,
    /// Height of the whole chart, pixels ([`HEIGHT`] unless a chart needs room for its rows).
    height: u32,
}

impl<'a> Frame<'a> {
    /// A frame with no legend, horizontal grid lines, the usual margins (6 pixels above,
    /// 28 right), no right axis, no events and no colour bar.
    pub(super) fn new(title: &'a str, x: Ruler<'a>, y: Ruler<'a>) -> Frame<'a> {
        Frame {
            title,
            keys: Vec::new(),
            x,
            y,
            y2: None,
            grid: Grid::Horizontal,
            margin_top: 6,
            margin_right: 28,
            markers: &[],
            colour_bar: None,
            height: HEIGHT,
        }
    }

    /// With these legend entries.
    pub(super) fn keys(mut self, keys: Vec<Key>) -> Frame<'a> {
        self.keys = keys;
        self
    }

    /// With these grid lines.
    pub(super) fn grid(mut self, grid: Grid) -> Frame<'a> {
        self.grid = grid;
        self
    }

    /// With `top` pixels above the plot and `right` right of it.
    pub(super) fn margins(mut self, top: u32, right: u32) -> Frame<'a> {
        (self.margin_top, self.margin_right) = (top, right);
        self
    }

    /// With a right-hand axis (`None`: without).
    pub(super) fn right_axis(mut self, y2: Option<Ruler<'a>>) -> Frame<'a> {
        self.y2 = y2;
        self
    }

    /// With the timeline's events.
    pub(super) fn markers(mut self, markers: &'a [Marker]) -> Frame<'a> {
        self.markers = markers;
        self
    }

    /// `height` pixels high (at least [`HEIGHT`]), for a chart with a row per item.
    pub(super) fn height(mut self, height: u32) -> Frame<'a> {
        self.height = height.max(HEIGHT);
        self
    }

    /// With a colour bar at the right.
    pub(super) fn colour_bar(mut self, bar: ColourBar<'a>) -> Frame<'a> {
        self.colour_bar = Some(bar);
        self
    }

    /// The chart as an SVG document: the frame, the marks `marks` draws on the plot, then
    /// the events over them and the colour bar.
    pub(super) fn svg(
        mut self,
        marks: impl FnOnce(&mut Plot) -> DrawResult<()>,
    ) -> anyhow::Result<String> {
        if self.markers.iter().any(|m| self.shows(m)) {
            self.keys.push(Key {
                label: "Timeline event (numbered)".into(),
                colour: palette::EVENT,
                swatch: Swatch::Dashed,
            });
        }
        render(self.height, |root| {
            let area = head(root, self.title, &self.keys)?;
            let (main, side) = if self.colour_bar.is_some() {
                let (main, side) = area.split_horizontally(WIDTH as i32 - COLOUR_BAR_WIDTH);
                (main, Some(side))
            } else {
                (area, None)
            };
            let mut plot = self.plot(&main)?;
            marks(&mut plot)?;
            self.draw_markers(&mut plot)?;
            if let (Some(bar), Some(side)) = (&self.colour_bar, &side) {
                draw_colour_bar(side, bar)?;
            }
            Ok(())
        })
    }

    /// Whether the event `m` falls within the x axis.
    fn shows(&self, m: &Marker) -> bool {
        m.x >= self.x.ticked.lo && m.x <= self.x.ticked.hi
    }

    /// The plot on `area`, with its axes, ticks, labels and grid drawn.
    fn plot<'p, 'b>(&self, area: &'p Area<'b>) -> DrawResult<Plot<'p, 'b>> {
        let right = self.y2.is_some();
        let mut plot = ChartBuilder::on(area)
            .margin_left(MARGIN_LEFT)
            .margin_right(if right {
                MARGIN_RIGHT_OF_AXIS
            } else {
                self.margin_right
            })
            .margin_top(self.margin_top)
            .margin_bottom(MARGIN_BOTTOM)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(Y_LABEL_AREA)
            .right_y_label_area_size(if right { Y_LABEL_AREA } else { 0 })
            .build_cartesian_2d(self.x.ticked.clone(), self.y.ticked.clone())?
            .set_secondary_coord(
                self.x.ticked.clone(),
                match &self.y2 {
                    Some(y2) => y2.ticked.clone(),
                    None => Ticked::new(0.0, 1.0, vec![]),
                },
            );
        self.draw_axes(&mut plot)?;
        if let Some(y2) = &self.y2 {
            draw_right_axis(&mut plot, y2)?;
        }
        Ok(plot)
    }

    /// Draws the bottom and left axes, their ticks, labels and titles, and the grid.
    fn draw_axes(&self, plot: &mut Plot) -> DrawResult<()> {
        let mut mesh = plot.configure_mesh();
        match self.grid {
            Grid::Hidden => mesh.disable_mesh(),
            Grid::Horizontal => mesh.disable_x_mesh(),
            Grid::Both => &mut mesh,
        };
        mesh.bold_line_style(palette::GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(palette::AXIS.stroke_width(1))
            .set_all_tick_mark_size(5)
            .label_style(font(TICK_SIZE, &palette::MUTED))
            .axis_desc_style(font(LABEL_SIZE, &palette::INK))
            .x_label_formatter(&*self.x.label)
            .y_label_formatter(&*self.y.label);
        if let Some(title) = &self.x.title {
            mesh.x_desc(title.clone());
        }
        if let Some(title) = &self.y.title {
            mesh.y_desc(title.clone());
        }
        mesh.draw()?;
        Ok(())
    }

    /// Draws the timeline's events within the x axis: a dashed line across the plot, its
    /// number in a disc at the top, and its text down the line.
    fn draw_markers(&self, plot: &mut Plot) -> DrawResult<()> {
        let (lo, hi) = (self.y.ticked.lo, self.y.ticked.hi);
        for m in self.markers.iter().filter(|m| self.shows(m)) {
            plot.draw_series(std::iter::once(DashedPathElement::new(
                vec![(m.x, lo), (m.x, hi)],
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
            plot.draw_series(std::iter::once(
                EmptyElement::at((m.x, hi))
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

/// Draws the right-hand axis, its tick labels and title.
fn draw_right_axis(plot: &mut Plot, y2: &Ruler) -> DrawResult<()> {
    let mut axes = plot.configure_secondary_axes();
    axes.axis_style(palette::AXIS.stroke_width(1))
        .label_style(font(TICK_SIZE, &palette::MUTED))
        .axis_desc_style(font(LABEL_SIZE, &palette::INK))
        .y_label_formatter(&*y2.label);
    if let Some(title) = &y2.title {
        axes.y_desc(title.clone());
    }
    axes.draw()?;
    Ok(())
}

/// Renders a chart `height` pixels high into an SVG document.
fn render(height: u32, draw: impl FnOnce(&Area) -> DrawResult<()>) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
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
fn head<'a>(root: &Area<'a>, title: &str, keys: &[Key]) -> DrawResult<Area<'a>> {
    let title_style = bold(TITLE_SIZE, &palette::INK).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(shorten(title, 80), (LEFT, 12), title_style))?;
    let legend_style = font(TICK_SIZE, &palette::INK).pos(Pos::new(HPos::Left, VPos::Center));
    let (row_height, top) = (24, 48);
    let (mut x, mut y) = (LEFT, top);
    for key in keys {
        let w = 30 + text_width(&key.label, TICK_SIZE) + 22;
        if x > LEFT && x + w > WIDTH as i32 - 12 {
            x = LEFT;
            y += row_height;
        }
        draw_swatch(root, key, (x, y))?;
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

/// Draws the swatch of `key` with its left end, vertically centred, at `(x, y)`.
fn draw_swatch(root: &Area, key: &Key, (x, y): (i32, i32)) -> DrawResult<()> {
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
    Ok(())
}

/// Draws `bar` on `side`: the measure's colours from bottom to top, its ticks labelled on the
/// right, its name under it.
fn draw_colour_bar(side: &Area, bar: &ColourBar) -> DrawResult<()> {
    let (lo, hi) = (bar.lo, bar.hi);
    let (ticks, step) = bar.unit.ticks(lo, hi, 6);
    let mut chart = ChartBuilder::on(side)
        .margin_top(6)
        .margin_bottom(64)
        .margin_left(8)
        .margin_right(8)
        .y_label_area_size(0)
        .right_y_label_area_size(64)
        .build_cartesian_2d(0.0..1.0, Ticked::new(lo, hi, ticks))?;
    let fmt = |y: &f64| bar.unit.tick(*y, step);
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .axis_style(palette::AXIS.stroke_width(1))
        .set_all_tick_mark_size(4)
        .label_style(font(SMALL_SIZE, &palette::MUTED))
        .y_label_formatter(&fmt)
        .draw()?;
    let n = 60;
    chart.draw_series((0..n).map(|k| {
        let a = lo + (hi - lo) * k as f64 / n as f64;
        let b = lo + (hi - lo) * (k + 1) as f64 / n as f64;
        Rectangle::new([(0.0, a), (1.0, b)], (bar.colour)((a + b) / 2.0).filled())
    }))?;
    let caption = font(SMALL_SIZE, &palette::INK).pos(Pos::new(HPos::Center, VPos::Top));
    let (bw, bh) = side.dim_in_pixel();
    side.draw(&Text::new(
        shorten(bar.caption, 20),
        (bw as i32 / 2, bh as i32 - 52),
        caption,
    ))?;
    Ok(())
}
