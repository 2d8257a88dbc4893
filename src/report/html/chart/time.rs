//! Lines over time: confidence bands, stacked areas, step lines, dots and lines read against a
//! right-hand axis (the frame draws the axes and the timeline's events).

use plotters::element::{Drawable, PointCollection};

use super::frame::{Frame, Key, Marker, Plot, Ruler, Swatch, TimeAxis};
use super::*;

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
    /// How the points are drawn.
    pub shape: LineShape,
}

/// How a [`Line`]'s points are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineShape {
    /// Joined by straight lines, with a dot on each point when there are few (48 or less).
    #[default]
    Joined,
    /// A step per point: each value holds from its x to the next point's x, where the line
    /// rises or falls to the next value; the last point only ends the line (its y is not
    /// drawn). For a value per interval, as staffing is: the points are the intervals'
    /// starts and one more at the end of the last interval. A missing value leaves its step
    /// out. No dots.
    Steps,
    /// A dot on each point with a value, unjoined, however many there are (marks such as
    /// the intervals that miss a target).
    Dots,
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
            shape: LineShape::Joined,
        }
    }

    /// The values the line's axis covers: its points and its band's ends.
    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.points
            .iter()
            .map(|p| p.1)
            .chain(self.band.iter().flat_map(|b| [b.1, b.2]))
    }

    /// Whether the line has a value anywhere.
    fn has_data(&self) -> bool {
        self.points.iter().any(|p| p.1.is_finite())
    }

    /// The runs of points to join: between missing values, and for a step line with its
    /// corners added.
    fn runs(&self) -> Vec<Vec<(f64, f64)>> {
        match self.shape {
            LineShape::Steps => steps(&self.points),
            LineShape::Joined | LineShape::Dots => segments(&self.points),
        }
    }
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

/// The runs of finite points of a line, between its missing values.
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

/// The runs of a step line's corners: each finite value held from its x to the next point's
/// x; a missing value (or a missing x) breaks the line; the last point only ends it.
pub(super) fn steps(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for w in points.windows(2) {
        let ((x0, y), (x1, _)) = (w[0], w[1]);
        if x0.is_finite() && x1.is_finite() && y.is_finite() {
            let run = out.last_mut().expect("never empty");
            run.push((x0, y));
            run.push((x1, y));
        } else if !out.last().expect("never empty").is_empty() {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

impl TimeChart {
    /// Whether the chart has anything to draw.
    pub fn has_data(&self) -> bool {
        self.lines.iter().any(Line::has_data)
    }

    /// The chart as an SVG document.
    ///
    /// # Errors
    ///
    /// "cannot draw a chart: …" with plotters' reason if plotters fails to draw it. The SVG
    /// is drawn into a string: no file is involved.
    pub fn svg(&self) -> anyhow::Result<String> {
        let lines: Vec<&Line> = self.lines.iter().filter(|l| l.has_data()).collect();
        let stacks = if self.stacked {
            stack(&lines)
        } else {
            Vec::new()
        };
        let ys = self.y.scale(self.left_values(&lines, &stacks).into_iter());
        let right_values = lines.iter().filter(|l| l.right).flat_map(|l| l.values());
        let y2s = self.y2.as_ref().map(|a| (a, a.scale(right_values)));
        Frame::new(
            &self.title,
            Ruler::time(&self.x),
            Ruler::scaled(&self.y, &ys),
        )
        .keys(self.keys(&lines))
        .margins(6, 36)
        .right_axis(y2s.as_ref().map(|(a, s)| Ruler::scaled(a, s)))
        .markers(&self.markers)
        .svg(|plot| {
            if self.stacked {
                draw_stacked(plot, &lines, &stacks)
            } else {
                self.draw_bands(plot, &lines)?;
                self.draw_lines(plot, &lines)
            }
        })
    }

    /// The legend: the lines, then the confidence band if a line has one.
    fn keys(&self, lines: &[&Line]) -> Vec<Key> {
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
                } else if l.shape == LineShape::Dots {
                    Swatch::Dot
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
        keys
    }

    /// What the left axis covers: the stacked tops, or every point and band of the lines
    /// read against it.
    fn left_values(&self, lines: &[&Line], stacks: &[Vec<(f64, f64)>]) -> Vec<f64> {
        if self.stacked {
            stacks.iter().flat_map(|s| s.iter().map(|p| p.1)).collect()
        } else {
            lines
                .iter()
                .filter(|l| !l.right || self.y2.is_none())
                .flat_map(|l| l.values())
                .collect()
        }
    }

    /// Whether `line` is read against the right axis.
    fn on_right(&self, line: &Line) -> bool {
        line.right && self.y2.is_some()
    }

    /// Draws the lines' confidence bands, each as a light area of its line's colour.
    fn draw_bands(&self, plot: &mut Plot, lines: &[&Line]) -> DrawResult<()> {
        for line in lines {
            let band: Vec<(f64, f64)> = line.band.iter().map(|b| (b.0, b.1)).collect();
            let high: Vec<(f64, f64)> = line.band.iter().map(|b| (b.0, b.2)).collect();
            for (lo, hi) in segments(&band).into_iter().zip(segments(&high)) {
                let polygon: Vec<(f64, f64)> =
                    hi.iter().copied().chain(lo.into_iter().rev()).collect();
                let shape = Polygon::new(polygon, line.colour.mix(0.18).filled());
                draw_on(plot, self.on_right(line), std::iter::once(shape))?;
            }
        }
        Ok(())
    }

    /// Draws the lines, solid or dashed, with a dot on each point when there are few (step
    /// lines without dots, dots without lines).
    fn draw_lines(&self, plot: &mut Plot, lines: &[&Line]) -> DrawResult<()> {
        for line in lines {
            let style = line.colour.stroke_width(if line.dashed { 2 } else { 3 });
            let right = self.on_right(line);
            if line.shape == LineShape::Dots {
                let dots = line
                    .points
                    .iter()
                    .filter(|p| p.0.is_finite() && p.1.is_finite())
                    .map(|&p| Circle::new(p, 6, line.colour.filled()));
                draw_on(plot, right, dots)?;
                continue;
            }
            let few = line.shape == LineShape::Joined && line.points.len() <= 48;
            for seg in line.runs() {
                let dots: Vec<Circle<(f64, f64), i32>> = if few {
                    seg.iter()
                        .map(|&p| Circle::new(p, 4, line.colour.filled()))
                        .collect()
                } else {
                    Vec::new()
                };
                if line.dashed {
                    let dashed = DashedPathElement::new(seg.clone(), 8, 5, style);
                    draw_on(plot, right, std::iter::once(dashed))?;
                } else {
                    let path = PathElement::new(seg.clone(), style);
                    draw_on(plot, right, std::iter::once(path))?;
                }
                draw_on(plot, right, dots)?;
            }
        }
        Ok(())
    }
}

/// Draws stacked bars, one per point: a period's parts sit on one another and the top is the
/// period's total (areas between points would invent values between periods).
fn draw_stacked(plot: &mut Plot, lines: &[&Line], stacks: &[Vec<(f64, f64)>]) -> DrawResult<()> {
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
        plot.draw_series(bars)?;
    }
    Ok(())
}

/// Draws `series` against the right axis when `right`, else against the left one.
fn draw_on<'b, E>(
    plot: &mut Plot<'_, 'b>,
    right: bool,
    series: impl IntoIterator<Item = E>,
) -> DrawResult<()>
where
    for<'e> &'e E: PointCollection<'e, (f64, f64)>,
    E: Drawable<SVGBackend<'b>>,
{
    if right {
        plot.draw_secondary_series(series)?;
    } else {
        plot.draw_series(series)?;
    }
    Ok(())
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
