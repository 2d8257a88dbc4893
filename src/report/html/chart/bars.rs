//! Bars by category with confidence whiskers: totals over the whole run.

use super::*;

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
