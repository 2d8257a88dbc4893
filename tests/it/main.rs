//! Integration tests of staffsim, one file per theme.

mod architecture;
mod bad_input;
mod cli;
mod common;
mod conservation;
mod cover;
mod determinism;
mod docs;
mod erlang;
mod fit;
mod forecast;
mod frontier;
mod hybrid;
mod hybrid_scenarios;
mod klarna;
mod mechanisms;
mod memory;
mod rates;
mod report;
mod scenarios;
mod schedule;
mod shifts;
mod staff;
mod sweep;
mod trunk;
mod workforce;
