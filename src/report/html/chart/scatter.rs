//! Points with confidence whiskers and labels: the sweep's cost against its quality, with
//! the Pareto frontier joined and numbered.

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
