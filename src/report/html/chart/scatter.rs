//! Points with confidence whiskers and labels: the sweep's cost against its quality, with
//! the Pareto frontier joined and numbered.

use super::frame::{Frame, Grid, Key, Plot, Ruler, Swatch};
use super::*;

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
    ///
    /// # Errors
    ///
    /// "cannot draw a chart: …" with plotters' reason if plotters fails to draw it. The SVG
    /// is drawn into a string: no file is involved.
    pub fn svg(&self) -> anyhow::Result<String> {
        let xs = self.x.scale(self.points().flat_map(|p| {
            let (lo, hi) = p.x_ci.unwrap_or((p.x, p.x));
            [p.x, lo, hi]
        }));
        let ys = self.y.scale(self.points().flat_map(|p| {
            let (lo, hi) = p.y_ci.unwrap_or((p.y, p.y));
            [p.y, lo, hi]
        }));
        Frame::new(
            &self.title,
            Ruler::scaled(&self.x, &xs),
            Ruler::scaled(&self.y, &ys),
        )
        .keys(self.keys())
        .grid(Grid::Both)
        .margins(10, 52)
        .svg(|plot| {
            self.draw_whiskers(plot)?;
            self.draw_dots(plot)?;
            self.draw_tags(plot)
        })
    }

    /// Every point of every group, in drawing order.
    fn points(&self) -> impl Iterator<Item = &Point> {
        self.groups.iter().flat_map(|g| g.points.iter())
    }

    /// The legend: one entry per group with points.
    fn keys(&self) -> Vec<Key> {
        self.groups
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
            .collect()
    }

    /// Draws the points' whiskers and, for joined groups, the line through them.
    fn draw_whiskers(&self, plot: &mut Plot) -> DrawResult<()> {
        for g in &self.groups {
            let whisker = g.colour.mix(0.55).stroke_width(2);
            for p in &g.points {
                if let Some((lo, hi)) = p.x_ci {
                    plot.draw_series(std::iter::once(PathElement::new(
                        vec![(lo, p.y), (hi, p.y)],
                        whisker,
                    )))?;
                }
                if let Some((lo, hi)) = p.y_ci {
                    plot.draw_series(std::iter::once(PathElement::new(
                        vec![(p.x, lo), (p.x, hi)],
                        whisker,
                    )))?;
                }
            }
            if g.join {
                let mut line: Vec<(f64, f64)> = g.points.iter().map(|p| (p.x, p.y)).collect();
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                plot.draw_series(std::iter::once(PathElement::new(
                    line,
                    g.colour.stroke_width(2),
                )))?;
            }
        }
        Ok(())
    }

    /// Draws the points, each with a white rim.
    fn draw_dots(&self, plot: &mut Plot) -> DrawResult<()> {
        for g in &self.groups {
            for p in &g.points {
                plot.draw_series(std::iter::once(
                    EmptyElement::at((p.x, p.y))
                        + Circle::new((0, 0), 7, palette::PAPER.filled())
                        + Circle::new((0, 0), 6, g.colour.filled()),
                ))?;
            }
        }
        Ok(())
    }

    /// Draws the tags beside their points, each on the first side where it hides no other
    /// tag or point and stays inside the plot.
    fn draw_tags(&self, plot: &mut Plot) -> DrawResult<()> {
        let (px, py) = plot.plotting_area().get_pixel_range();
        let dots: Vec<(i32, i32)> = self
            .points()
            .map(|p| plot.backend_coord(&(p.x, p.y)))
            .collect();
        let mut placed: Vec<Rect> = Vec::new();
        for p in self.points() {
            let Some(tag) = &p.tag else { continue };
            let tag = shorten(tag, 28);
            let at = plot.backend_coord(&(p.x, p.y));
            let size = (text_width(&tag, SMALL_SIZE), 14);
            let hidden = |side: &Side| {
                let r = tag_box(at, size, side);
                let outside = r.0 < px.start || r.2 > px.end || r.1 < py.start || r.3 > py.end;
                r.hidden(&placed, &dots, at) + if outside { 100_000 } else { 0 }
            };
            let best = SIDES
                .iter()
                .min_by_key(|side| hidden(side))
                .copied()
                .unwrap_or(SIDES[0]);
            placed.push(tag_box(at, size, &best));
            let style = font(SMALL_SIZE, &palette::INK).pos(Pos::new(best.2, best.3));
            plot.draw_series(std::iter::once(
                EmptyElement::at((p.x, p.y)) + Text::new(tag, (best.0, best.1), style),
            ))?;
        }
        Ok(())
    }
}

/// Where a tag goes from its point: its offset in pixels and its anchor.
type Side = (i32, i32, HPos, VPos);

/// The sides a tag may take, in order of preference: right, left, then above or below.
const SIDES: [Side; 6] = [
    (8, -5, HPos::Left, VPos::Bottom),
    (8, 5, HPos::Left, VPos::Top),
    (-8, -5, HPos::Right, VPos::Bottom),
    (-8, 5, HPos::Right, VPos::Top),
    (0, -10, HPos::Center, VPos::Bottom),
    (0, 10, HPos::Center, VPos::Top),
];

/// The box a tag of `(w, h)` pixels covers on `side` of the point at `(x, y)`.
fn tag_box((x, y): (i32, i32), (w, h): (i32, i32), &(dx, dy, hp, vp): &Side) -> Rect {
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

    /// Area of the tags `placed` and of the points `dots` (but the one at `own`) that this
    /// box hides, pixels².
    fn hidden(&self, placed: &[Rect], dots: &[(i32, i32)], own: (i32, i32)) -> i32 {
        placed.iter().map(|q| self.overlap(q)).sum::<i32>()
            + dots
                .iter()
                .filter(|d| **d != own)
                .map(|&(a, b)| self.overlap(&Rect(a - 6, b - 6, a + 6, b + 6)))
                .sum::<i32>()
    }
}
