//! Lines over time: confidence bands, stacked areas, a right-hand axis, and the timeline's
//! events as numbered markers.

use super::*;

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

pub(super) fn segments(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
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
