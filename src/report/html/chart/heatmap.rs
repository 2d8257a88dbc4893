//! A measure over the first two axes of a sweep, with its colour bar.

use super::*;

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
