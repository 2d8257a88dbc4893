//! # staffsim
//!
//! A discrete-event simulator of customer-support operations in which an AI assistant and
//! human agents share the work. Contacts arrive by a time-varying Poisson process, wait in a
//! queue for an agent with the right skill, abandon when their patience runs out, and are
//! answered first-come-first-served within priority. Independent replications run in
//! parallel and are reported as means with 95 % confidence intervals; closed-form Erlang B, C
//! and A results sit beside them in [`analytic`] for checking and for quick staffing answers.
//!
//! ## The house
//!
//! Each room depends only on the rooms below it (a test, `tests/it/architecture.rs`, keeps
//! it so):
//!
//! | Room | What it holds |
//! |---|---|
//! | [`plan`], [`report`], [`history`] | deciding (the frontier, later staffing and schedules); writing results; reading history |
//! | [`experiment`] | replications in parallel, sweeps with common random numbers, estimates |
//! | [`scenario`] | the TOML format, turned into the model's validated configuration |
//! | [`model`] | the contact centre: its configuration, arrivals, intents, AI, pools, workforce, random streams, the event handlers |
//! | [`metrics`] | streaming tallies and the list of measures |
//! | [`engine`] | the event calendar and the slab; knows nothing of contacts |
//! | [`analytic`], [`units`] | Erlang formulas; durations and rates with their units |
//!
//! The command line (clap) lives in the `staffsim` binary, on top of them all.
//!
//! ## Time
//!
//! One internal time unit: the **second**, as `f64`. Files and command lines carry their units
//! (`"4m30s"`, `"2880/h"`), parsed in [`units`].
//!
//! ## Event ordering
//!
//! Events are processed by time, then by the order in which they were scheduled; see
//! [`engine`]. With the same scenario and seed, a run replays exactly, on any machine and any
//! number of threads.
//!
//! ## Example
//!
//! ```
//! use staffsim::{experiment, metrics::Measure, scenario};
//!
//! let text = r#"
//! [simulation]
//! horizon = "1d"
//! warmup = "1h"
//! replications = 2
//! [arrivals]
//! rate = "120/h"
//! [[intents]]
//! name = "general"
//! share = 1.0
//! handle_time = { dist = "exponential", mean = "4m" }
//! patience = { dist = "exponential", mean = "3m" }
//! [[pools]]
//! name = "agents"
//! agents = 10
//! "#;
//! let scenario = scenario::parse(text, "example.toml", "example").unwrap();
//! let result = experiment::run(&scenario, Some(1)).unwrap();
//! let sl = result.estimate(Measure::ServiceLevel).mean.unwrap();
//! assert!(sl > 0.5 && sl <= 1.0);
//! ```

#![warn(missing_docs, unreachable_pub, missing_debug_implementations)]
#![warn(clippy::missing_errors_doc)]

pub mod analytic;
pub mod engine;
pub mod experiment;
pub mod history;
pub mod metrics;
pub mod model;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod units;
