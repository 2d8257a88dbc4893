//! A measure over the first two axes of a sweep: its cells (the frame draws the colour bar).

use super::frame::{ColourBar, Frame, Grid, Plot, Ruler};
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
    ///
    /// # Errors
    ///
    /// "cannot draw a chart: …" with plotters' reason if plotters fails to draw it. The SVG
    /// is drawn into a string: no file is involved.
    pub fn svg(&self) -> anyhow::Result<String> {
        let (lo, hi) = self.range();
        let colour = |v: f64| palette::sequential(self.brightness(v, lo, hi));
        Frame::new(
            &self.title,
            Ruler::categories(self.columns.clone(), Some(shorten(&self.x_title, 70))),
            Ruler::categories(self.rows.clone(), Some(shorten(&self.y_title, 40))),
        )
        .grid(Grid::Hidden)
        .margins(6, 16)
        .colour_bar(ColourBar {
            lo,
            hi,
            unit: self.unit,
            caption: &self.measure,
            colour: &colour,
        })
        .svg(|plot| self.draw_cells(plot, &colour))
    }

    /// The range of the cells' values (0–1 when there is none; never empty).
    fn range(&self) -> (f64, f64) {
        let finite = || {
            self.cells
                .iter()
                .flatten()
                .copied()
                .filter(|v| v.is_finite())
        };
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        if lo.is_finite() {
            (lo, if hi > lo { hi } else { lo + 1e-9 })
        } else {
            (0.0, 1.0)
        }
    }

    /// Where `v` sits in `[lo, hi]`, from 0 (dark) to 1 (bright): the better end is bright.
    fn brightness(&self, v: f64, lo: f64, hi: f64) -> f64 {
        let t = (v - lo) / (hi - lo);
        if self.higher_is_better == Some(false) {
            1.0 - t
        } else {
            t
        }
    }

    /// Draws each cell in the colour of its value, with the value written on it.
    fn draw_cells(&self, plot: &mut Plot, colour: &dyn Fn(f64) -> RGBColor) -> DrawResult<()> {
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
                    colour(v)
                } else {
                    palette::GRID
                };
                plot.draw_series(std::iter::once(Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    fill.filled(),
                )))?;
                plot.draw_series(std::iter::once(Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    palette::PAPER.stroke_width(2),
                )))?;
                let text = if v.is_finite() {
                    short_value(self.unit, v)
                } else {
                    "no value".into()
                };
                plot.draw_series(std::iter::once(Text::new(
                    text,
                    (x + 0.5, y + 0.5),
                    cell_font(fill),
                )))?;
            }
        }
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
