//! Bars along time, one row each: the shifts of a schedule, from start to end, with their
//! breaks drawn lighter (the frame draws the time axis and the rows' labels).

use super::frame::{Frame, Grid, Key, Plot, Ruler, Swatch, TimeAxis};
use super::*;

/// Height of one row of a [`Gantt`] chart when the rows need more than [`HEIGHT`], pixels.
const ROW_HEIGHT: u32 = 26;
/// Room a [`Gantt`] chart keeps above and below its rows (title, legend, time axis), pixels.
const FRAME_HEIGHT: u32 = 150;
/// Most rows a [`Gantt`] chart makes room for; more rows share the room.
const MAX_ROWS: u32 = 60;

/// One row of a [`Gantt`] chart: a bar made of parts.
#[derive(Debug, Clone)]
pub struct GanttRow {
    /// Label beside the row, at the left.
    pub label: String,
    /// Text written on the bar, at its start (a count: "×6").
    pub tag: String,
    /// The bar's parts, in order: (from, to, on the floor) on the time axis; a part off the
    /// floor (a break) is drawn lighter.
    pub parts: Vec<(f64, f64, bool)>,
}

/// Bars along a time axis, one row each, top to bottom in order.
#[derive(Debug, Clone)]
pub struct Gantt {
    /// Title drawn at the top.
    pub title: String,
    /// Time axis.
    pub x: TimeAxis,
    /// The rows, top first.
    pub rows: Vec<GanttRow>,
    /// Colour of the bars (breaks take it lighter).
    pub colour: RGBColor,
    /// Legend labels of the parts on the floor and off it.
    pub legend: (String, String),
}

impl Gantt {
    /// The chart as an SVG document, taller than [`HEIGHT`] when its rows need the room.
    ///
    /// # Errors
    ///
    /// "cannot draw a chart: …" with plotters' reason if plotters fails to draw it. The SVG
    /// is drawn into a string: no file is involved.
    pub fn svg(&self) -> anyhow::Result<String> {
        // Row labels bottom to top: category 0 is the lowest row.
        let mut labels: Vec<String> = self.rows.iter().map(|r| shorten(&r.label, 11)).collect();
        labels.reverse();
        if labels.is_empty() {
            // An empty chart keeps one empty row, so its axis has a length.
            labels.push(String::new());
        }
        let rows = self.rows.len() as u32;
        let keys = vec![
            Key {
                label: self.legend.0.clone(),
                colour: self.colour,
                swatch: Swatch::Block,
            },
            Key {
                label: self.legend.1.clone(),
                colour: lighter(self.colour),
                swatch: Swatch::Block,
            },
        ];
        Frame::new(
            &self.title,
            Ruler::time(&self.x),
            Ruler::categories(labels, None),
        )
        .keys(keys)
        .grid(Grid::Both)
        .height(FRAME_HEIGHT + ROW_HEIGHT * rows.min(MAX_ROWS))
        .svg(|plot| self.draw_rows(plot))
    }

    /// Draws each row's parts and, at the bar's start, its tag.
    fn draw_rows(&self, plot: &mut Plot) -> DrawResult<()> {
        let n = self.rows.len();
        let on = self.colour;
        let off = lighter(on);
        let text = if palette::wants_dark_text(on) {
            palette::INK
        } else {
            palette::PAPER
        };
        let tag_style = bold(SMALL_SIZE, &text).pos(Pos::new(HPos::Left, VPos::Center));
        for (r, row) in self.rows.iter().enumerate() {
            let y = (n - 1 - r) as f64;
            plot.draw_series(row.parts.iter().map(|&(from, to, floor)| {
                Rectangle::new(
                    [(from, y + 0.18), (to, y + 0.82)],
                    if floor { on } else { off }.filled(),
                )
            }))?;
            if let Some(&(from, _, _)) = row.parts.first() {
                plot.draw_series(std::iter::once(
                    EmptyElement::at((from, y + 0.5))
                        + Text::new(row.tag.clone(), (5, 0), tag_style.clone()),
                ))?;
            }
        }
        Ok(())
    }
}

/// The colour of a break: the bar's, mostly paper.
fn lighter(c: RGBColor) -> RGBColor {
    let mix = |a: u8, b: u8| ((f64::from(a) * 0.3 + f64::from(b) * 0.7).round()) as u8;
    let p = palette::PAPER;
    RGBColor(mix(c.0, p.0), mix(c.1, p.1), mix(c.2, p.2))
}
