//! `[simulation]`: how long, how many replications, what seed, which intervals, which
//! calendar month time 0 falls in, at what scale, and the trunk limit.
//!
//! The trunk limit (`max_in_system`) is one number for the floor or one per channel; its
//! channels must be ones the intents come through, which only the intents know, so that
//! check ([`trunk_channels`]) is called by [`super::validate`] once the intents are read.

use toml::Spanned;

use super::check::{check, optional, secs};
use super::error::Invalid;
use super::raw::{FromStart, RawSimulation, RawTrunkLimit};
use crate::model::{Channel, Intent, Simulation, TrunkLimit};
use crate::units::Calendar;
use crate::units::calendar::parse_start;

/// Default replication count when the file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// Most replications a run may ask for, in the file or on the command line.
pub const MAX_REPLICATIONS: u32 = 1_000_000;
/// Largest number of reporting intervals a run may have.
const MAX_INTERVALS: f64 = 2_000_000.0;
/// Largest trunk limit: contacts in the system at once.
const MAX_IN_SYSTEM: i64 = 100_000_000;
/// Longest horizon, seconds: 100 years.
const MAX_HORIZON: f64 = 36_500.0 * 86_400.0;

impl TryFrom<&RawSimulation> for Simulation {
    type Error = Invalid;

    fn try_from(sim: &RawSimulation) -> Result<Self, Invalid> {
        let calendar = match &sim.start {
            Some(s) => Calendar::starting(parse_start(s.get_ref()).ok_or_else(|| {
                Invalid::new(
                    s.span(),
                    "start",
                    format!(
                        "expected the date the run starts on, as a month (\"2023-01\", its \
                         first day) or a day (\"2023-01-15\"), found {:?}",
                        s.get_ref()
                    ),
                )
            })?),
            None => Calendar::average(),
        };
        let from_start = |d: &Spanned<FromStart>, key: &str| {
            calendar
                .from_start(d.get_ref().0)
                .map(|t| Spanned::new(d.span(), t))
                .map_err(|m| Invalid::new(d.span(), key, m))
        };
        let horizon = check(
            &from_start(&sim.horizon, "horizon")?,
            "horizon",
            |h| h > 0.0 && h <= MAX_HORIZON,
            "a horizon longer than zero and at most 100 years (\"36500d\")",
        )?;
        let warmup = optional(
            sim.warmup
                .as_ref()
                .map(|w| from_start(w, "warmup"))
                .transpose()?
                .as_ref(),
            "warmup",
            0.0,
            |w| w < horizon,
            "a warm-up shorter than the horizon",
        )?;
        let replications = optional(
            sim.replications.as_ref(),
            "replications",
            i64::from(DEFAULT_REPLICATIONS),
            |r| (1..=i64::from(MAX_REPLICATIONS)).contains(&r),
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
            calendar,
            windows: Vec::new(),
            scale,
            max_in_system: max_in_system(sim, scale)?,
            record_in_system: None,
        })
    }
}

/// What a trunk limit must be, for error messages.
const TRUNK_EXPECTED: &str =
    "a whole number of contacts from 1 to 100,000,000 (omit it for no limit)";

/// The trunk limit, floor-wide or per channel, each number times `scale`, rounded (at least
/// 1). Whether the channels named are those the intents come through is checked later, by
/// [`trunk_channels`], which needs the intents.
fn max_in_system(sim: &RawSimulation, scale: f64) -> Result<Option<TrunkLimit>, Invalid> {
    let scaled = |n: i64| (n as f64 * scale).round().max(1.0) as u32;
    let Some(raw) = &sim.max_in_system else {
        return Ok(None);
    };
    let key = "max_in_system";
    match raw.get_ref() {
        RawTrunkLimit::Floor(n) => {
            let n = Spanned::new(raw.span(), *n);
            let n = check(
                &n,
                key,
                |n| (1..=MAX_IN_SYSTEM).contains(&n),
                TRUNK_EXPECTED,
            )?;
            Ok(Some(TrunkLimit::Floor(scaled(n))))
        }
        RawTrunkLimit::ByChannel(entries) => {
            if entries.is_empty() {
                return Err(Invalid::new(
                    raw.span(),
                    key,
                    "expected at least one channel with its limit (`{ voice = 150 }`), or one \
                     number for the whole floor; omit `max_in_system` for no limit",
                ));
            }
            let mut limits = [None; 3];
            for (channel, value) in entries {
                let channel = channel.get_ref().0;
                let key = format!("{key}.{}", channel.name());
                let n = value
                    .get_ref()
                    .as_integer()
                    .filter(|n| (1..=MAX_IN_SYSTEM).contains(n))
                    .ok_or_else(|| {
                        Invalid::new(
                            value.span(),
                            &key,
                            format!("expected {TRUNK_EXPECTED}, found {}", value.get_ref()),
                        )
                    })?;
                limits[channel.index()] = Some(scaled(n));
            }
            Ok(Some(TrunkLimit::ByChannel(limits)))
        }
    }
}

/// Checks that every channel of a per-channel trunk limit is one that some intent of
/// `intents` comes through: a limit on a channel no contact uses is a mistake (a misplaced
/// intent's `channel`, or a limit meant for another scenario).
pub(super) fn trunk_channels(sim: &RawSimulation, intents: &[Intent]) -> Result<(), Invalid> {
    let Some(RawTrunkLimit::ByChannel(entries)) = sim.max_in_system.as_ref().map(|t| t.get_ref())
    else {
        return Ok(());
    };
    let mut declared: Vec<Channel> = Vec::new();
    for c in Channel::ALL {
        if intents.iter().any(|i| i.channel == c) {
            declared.push(c);
        }
    }
    for (channel, _) in entries {
        let c = channel.get_ref().0;
        if !declared.contains(&c) {
            let names: Vec<&str> = declared.iter().map(|c| c.name()).collect();
            return Err(Invalid::new(
                channel.span(),
                format!("max_in_system.{}", c.name()),
                format!(
                    "no intent comes through `{}`: expected a channel the intents declare \
                     ({}); set an intent's `channel`, or drop this limit",
                    c.name(),
                    names.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
