//! The held-out figures of the layoff-and-rehire case and the criteria that judge the model
//! against them, written down before the model was run against them (see the case README,
//! "Validation", and `scenarios/klarna/SOURCES.md`).
//!
//! A criterion is a band around the reported figure, wide enough for the rounding of the
//! report ("about 40 %", "about two thirds") and for what the model cannot know. The model's
//! value is estimated per replication and given a 95 % interval; the verdict is **pass** if
//! the whole interval lies inside the band, **fail** if it lies wholly outside, and
//! **inconclusive** if it straddles an edge (more replications, or a sharper figure, would
//! decide). Nothing here may be changed after a run to turn a verdict.
//!
//! Shared by `examples/klarna.rs` (the full-scale figures of the README) and
//! `tests/it/klarna.rs` (the same verdicts at the tests' scale).

use std::ops::Range;

/// Report months (0-based, calendar months from January 2023) of a quarter.
pub const Q1_2023: Range<usize> = 0..3;
/// January to March 2025.
pub const Q1_2025: Range<usize> = 24..27;
/// July to September 2025.
pub const Q3_2025: Range<usize> = 30..33;

/// A held-out figure and its band.
#[derive(Debug, Clone, Copy)]
pub struct Criterion {
    /// Short name, as in the README ("V1").
    pub id: &'static str,
    /// What was reported, in our words.
    pub reported: &'static str,
    /// What the model computes for it.
    pub model: &'static str,
    /// The band the model's interval must lie in, in the unit of `model`.
    pub band: [f64; 2],
}

/// V1: the fall in customer-service cost per transaction, Q1 2023 to Q1 2025.
pub const V1_COST_FALL: Criterion = Criterion {
    id: "V1",
    reported: "customer-service cost per transaction down about 40 % from Q1 2023 to Q1 2025 \
               (company report, as quoted)",
    model: "1 − (labour + AI cost per new problem in Q1 2025) / (the same in Q1 2023), as a \
            share; a transaction's contacts are taken as constant, so cost per transaction \
            moves as cost per problem (severance and lost customers are not operating cost)",
    band: [0.30, 0.50],
};

/// V2a: the assistant's share of chats in Q3 2025.
pub const V2_AI_SHARE: Criterion = Criterion {
    id: "V2a",
    reported: "the assistant still takes about two thirds of inquiries in Q3 2025 \
               (secondary reports, not verified)",
    model: "AI conversations / chat contacts offered, July to September 2025",
    band: [0.60, 0.72],
};

/// V2b: the assistant's work in Q3 2025, in full-time agents.
pub const V2_AI_FTE: Criterion = Criterion {
    id: "V2b",
    reported: "the assistant does the work of 853 full-time agents in Q3 2025 (secondary \
               reports, not verified)",
    model: "the FTE-equivalent of the AI's work (`ai_fte_equivalent`), monthly mean over July \
            to September 2025, per unit of scale; band 853 ± 10 %, the tolerance the \
            calibration gave the 700",
    band: [768.0, 938.0],
};

/// The held-out figures, in the README's order.
pub const HELD_OUT: [Criterion; 3] = [V1_COST_FALL, V2_AI_SHARE, V2_AI_FTE];

/// The outcome of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The model's whole 95 % interval lies inside the band.
    Pass,
    /// It lies wholly outside the band.
    Fail,
    /// It straddles an edge of the band.
    Inconclusive,
}

impl Verdict {
    /// The verdict of a 95 % interval `ci` against `band`.
    pub fn of(ci: [f64; 2], band: [f64; 2]) -> Verdict {
        if ci[0] >= band[0] && ci[1] <= band[1] {
            Verdict::Pass
        } else if ci[1] < band[0] || ci[0] > band[1] {
            Verdict::Fail
        } else {
            Verdict::Inconclusive
        }
    }

    /// "pass", "fail" or "inconclusive".
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}
