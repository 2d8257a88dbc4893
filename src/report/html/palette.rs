//! Every colour of the report, in one place.
//!
//! Series take the Okabe–Ito palette (Okabe & Ito, *Color Universal Design*, 2008), which
//! people with the common forms of colour blindness tell apart; its yellow is left out because
//! it vanishes on white paper. Quantities with a fixed meaning keep their colour from chart to
//! chart (the AI is always green, humans always blue, losses always vermillion). Heat maps use
//! viridis, a sequential scale that reads the same in grey and to colour-blind eyes.

use plotters::style::RGBColor;

/// Okabe–Ito black.
pub const BLACK: RGBColor = RGBColor(0, 0, 0);
/// Okabe–Ito orange.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe–Ito sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
/// Okabe–Ito bluish green.
pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe–Ito blue.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito reddish purple.
pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);

/// Series colours in the order they are handed out.
const SERIES: [RGBColor; 7] = [
    BLUE,
    VERMILLION,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    ORANGE,
    SKY_BLUE,
    BLACK,
];

/// The colour of the `i`-th series of a chart (repeats after seven).
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Everything offered, the total: a neutral dark grey.
pub const TOTAL: RGBColor = RGBColor(68, 68, 68);
/// Work done by human agents.
pub const HUMAN: RGBColor = BLUE;
/// Work done by the AI assistant.
pub const AI: RGBColor = BLUISH_GREEN;
/// Contacts or customers lost.
pub const LOSS: RGBColor = VERMILLION;
/// Survey (measured) quality.
pub const SURVEY: RGBColor = ORANGE;
/// True quality.
pub const TRUTH: RGBColor = BLUE;
/// Points on the cost–quality frontier.
pub const FRONTIER: RGBColor = VERMILLION;
/// Points off the frontier.
pub const DOMINATED: RGBColor = SKY_BLUE;
/// Timeline events: lines and numbered markers.
pub const EVENT: RGBColor = REDDISH_PURPLE;
/// Staffing by per-interval Erlang C.
pub const ERLANG_C: RGBColor = REDDISH_PURPLE;
/// Staffing by per-interval Erlang A.
pub const ERLANG_A: RGBColor = ORANGE;
/// A target's bound, drawn across a chart.
pub const BOUND: RGBColor = TOTAL;
/// Intervals that miss a target.
pub const MISSED: RGBColor = VERMILLION;
/// What a schedule must put on the floor: the requirement per interval.
pub const REQUIREMENT: RGBColor = TOTAL;
/// A schedule's one-step plan (cutting planes on the simulation).
pub const ONE_STEP: RGBColor = BLUE;
/// A schedule's two-step plan (requirement, then a covering program).
pub const TWO_STEP: RGBColor = ORANGE;

/// Body text.
pub const INK: RGBColor = RGBColor(34, 34, 34);
/// Secondary text: tick labels, notes.
pub const MUTED: RGBColor = RGBColor(96, 96, 96);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(150, 150, 150);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(228, 228, 228);
/// The legend swatch of a 95 % confidence band (a light grey).
pub const BAND: RGBColor = RGBColor(205, 208, 212);
/// Page background of the charts.
pub const PAPER: RGBColor = RGBColor(255, 255, 255);

/// Viridis at `t` in [0, 1] (dark purple to yellow), by linear interpolation between nine
/// anchors of the published table.
pub fn sequential(t: f64) -> RGBColor {
    const ANCHORS: [(u8, u8, u8); 9] = [
        (68, 1, 84),
        (71, 44, 122),
        (59, 81, 139),
        (44, 113, 142),
        (33, 144, 141),
        (39, 173, 129),
        (92, 200, 99),
        (170, 220, 50),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (ANCHORS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(ANCHORS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `c` should be dark (a light background) rather than white.
pub fn wants_dark_text(c: RGBColor) -> bool {
    0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64 > 150.0
}

/// `c` as CSS hex, `#rrggbb`.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(sequential(0.0), RGBColor(68, 1, 84));
        assert_eq!(sequential(1.0), RGBColor(253, 231, 37));
        assert_eq!(sequential(f64::NAN), RGBColor(68, 1, 84));
        assert!(!wants_dark_text(sequential(0.0)));
        assert!(wants_dark_text(sequential(1.0)));
        assert_eq!(hex(BLUE), "#0072b2");
    }
}
