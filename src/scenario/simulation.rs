//! `[simulation]`: how long, how many replications, what seed, which intervals, which
//! calendar month time 0 falls in, and at what scale.

use super::check::{check, optional, parse_year_month, secs};
use super::error::Invalid;
use super::raw::RawSimulation;
use crate::model::Simulation;

/// Default replication count when the file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// Largest number of reporting intervals a run may have.
const MAX_INTERVALS: f64 = 2_000_000.0;
/// Largest trunk limit: contacts in the system at once.
const MAX_IN_SYSTEM: i64 = 100_000_000;
/// Longest horizon, seconds: 100 years.
const MAX_HORIZON: f64 = 36_500.0 * 86_400.0;

impl TryFrom<&RawSimulation> for Simulation {
    type Error = Invalid;

    fn try_from(sim: &RawSimulation) -> Result<Self, Invalid> {
        let horizon = check(
            &secs(&sim.horizon),
            "horizon",
            |h| h > 0.0 && h <= MAX_HORIZON,
            "a horizon longer than zero and at most 100 years (\"36500d\")",
        )?;
        let warmup = optional(
            sim.warmup.as_ref().map(secs).as_ref(),
            "warmup",
            0.0,
            |w| w < horizon,
            "a warm-up shorter than the horizon",
        )?;
        let replications = optional(
            sim.replications.as_ref(),
            "replications",
            i64::from(DEFAULT_REPLICATIONS),
            |r| (1..=1_000_000).contains(&r),
            "a whole number of replications from 1 to 1,000,000",
        )? as u32;
        let seed = optional(
            sim.seed.as_ref(),
            "seed",
            1,
            |s| s >= 0,
            "a seed of zero or more",
        )?;
        let interval = optional(
            sim.interval.as_ref().map(secs).as_ref(),
            "interval",
            3600.0_f64.min(horizon),
            |i| i > 0.0 && horizon / i <= MAX_INTERVALS,
            "a reporting interval longer than zero and at most 2,000,000 per horizon",
        )?;
        let start = match &sim.start {
            Some(s) => Some(parse_year_month(s.get_ref()).ok_or_else(|| {
                Invalid::new(
                    s.span(),
                    "start",
                    format!(
                        "expected the calendar month the run starts in, as \"2023-01\", found {:?}",
                        s.get_ref()
                    ),
                )
            })?),
            None => None,
        };
        let scale = optional(
            sim.scale.as_ref(),
            "scale",
            1.0,
            |x| x > 0.0 && x <= 1000.0,
            "a factor above zero and at most 1,000 on volume and headcount",
        )?;
        Ok(Simulation {
            horizon,
            warmup,
            replications,
            seed: seed as u64,
            interval,
            service_level_threshold: sim
                .service_level_threshold
                .as_ref()
                .map_or(20.0, |t| t.get_ref().0),
            start,
            scale,
            max_in_system: max_in_system(sim, scale)?,
            record_in_system: false,
        })
    }
}

/// The trunk limit, times `scale`, rounded (at least 1).
fn max_in_system(sim: &RawSimulation, scale: f64) -> Result<Option<u32>, Invalid> {
    sim.max_in_system
        .as_ref()
        .map(|n| {
            check(
                n,
                "max_in_system",
                |n| (1..=MAX_IN_SYSTEM).contains(&n),
                "a whole number of contacts from 1 to 100,000,000 (omit it for no limit)",
            )
            .map(|n| (n as f64 * scale).round().max(1.0) as u32)
        })
        .transpose()
}
