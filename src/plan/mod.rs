//! Deciding: from "what does this plan give?" to "which plan should we run?".
//!
//! The rest of staffsim evaluates a plan the user writes. This room holds what searches over
//! plans: targets a plan must meet, the staffing found by simulation (the iterative
//! staffing algorithm of Feldman, Mandelbaum, Massey and Whitt), shift schedules
//! ([`schedule`]: the two-step plan covered by the integer program of [`cover`], and the
//! one-step plan of Atlason, Epelman and Henderson's cutting planes on the simulation), and
//! the cost–quality [`frontier`], read off a sweep's points or found by optimisation
//! ([`search`]: the ε-constraint method).
//!
//! It runs the model through [`crate::experiment`] and works on the model's validated
//! [`crate::model::Scenario`]; it knows no TOML and no output format (the scenario file is
//! read above it, in [`crate::scenario`], and results are written by [`crate::report`]).

pub mod cover;
pub mod frontier;
pub mod schedule;
pub mod search;
pub mod staff;
pub mod targets;

pub use frontier::pareto;
pub use targets::{
    IntervalJudgement, RunJudgement, TargetsReport, Verdict, WorstInterval, evaluate, judge,
};
