//! Bars by category with confidence whiskers: totals over the whole run.

use super::frame::{Frame, Plot, Ruler};
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
    ///
    /// # Errors
    ///
    /// "cannot draw a chart: …" with plotters' reason if plotters fails to draw it. The SVG
    /// is drawn into a string: no file is involved.
    pub fn svg(&self) -> anyhow::Result<String> {
        let ys = self.y.scale(self.bars.iter().flat_map(|b| {
            let (lo, hi) = b.ci.unwrap_or((b.value, b.value));
            [b.value, lo, hi * 1.08]
        }));
        let mut labels: Vec<String> = self.bars.iter().map(|b| b.label.clone()).collect();
        if labels.is_empty() {
            // An empty chart keeps one empty category, so its axis has a length.
            labels.push(String::new());
        }
        Frame::new(
            &self.title,
            Ruler::categories(labels, None),
            Ruler::scaled(&self.y, &ys),
        )
        .svg(|plot| self.draw_bars(plot))
    }

    /// Draws each bar with its whisker and, on top, its value.
    fn draw_bars(&self, plot: &mut Plot) -> DrawResult<()> {
        let value_style = font(SMALL_SIZE, &palette::INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, b) in self.bars.iter().enumerate() {
            if !b.value.is_finite() {
                continue;
            }
            let x = i as f64;
            plot.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.22, 0.0), (x + 0.78, b.value)],
                b.colour.filled(),
            )))?;
            let mut top = b.value;
            if let Some((lo, hi)) = b.ci {
                top = top.max(hi);
                let ink = palette::INK.stroke_width(2);
                plot.draw_series([
                    PathElement::new(vec![(x + 0.5, lo), (x + 0.5, hi)], ink),
                    PathElement::new(vec![(x + 0.44, lo), (x + 0.56, lo)], ink),
                    PathElement::new(vec![(x + 0.44, hi), (x + 0.56, hi)], ink),
                ])?;
            }
            plot.draw_series(std::iter::once(
                EmptyElement::at((x + 0.5, top))
                    + Text::new(self.y.unit.value(b.value), (0, -6), value_style.clone()),
            ))?;
        }
        Ok(())
    }
}
