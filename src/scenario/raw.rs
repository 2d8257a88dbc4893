//! The scenario file as written: serde structs that mirror the TOML, with spans kept for error
//! messages. Nothing here is validated beyond types; see [`super::validate`].

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

use crate::metrics::{Measure, Target};
use crate::model::Channel;
use crate::units::{DurationParts, parse_duration, parse_duration_parts, parse_rate, parse_share};

/// A duration written with units ("90s"), in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dur(pub f64);

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Dur;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string with units, such as \"90s\", \"4m30s\" or \"7d\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dur, E> {
                parse_duration(v).map(Dur).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A duration from the start of the run ("36month", "400d"), with its months kept apart:
/// a run with a start date counts them as calendar months
/// ([`crate::units::Calendar::from_start`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FromStart(pub DurationParts);

impl<'de> Deserialize<'de> for FromStart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FromStart;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string with units, such as \"90s\", \"4m30s\" or \"7d\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FromStart, E> {
                parse_duration_parts(v).map(FromStart).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A rate written with its period ("2880/h"), in events per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rate(pub f64);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Rate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rate string such as \"2880/h\", \"48/min\" or \"3.4M/month\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rate, E> {
                parse_rate(v).map(Rate).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A share as people write it: a number (`0.8`) or a percentage (`"80%"`), as a fraction.
/// Only the form is checked here; the range is the key's to check.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Share(f64);

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Share;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a share: a number such as 0.8, or a percentage such as \"80%\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Share, E> {
                Ok(Share(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Share, E> {
                Ok(Share(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Share, E> {
                Ok(Share(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Share, E> {
                parse_share(v).map(Share).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A share key (`share = 0.3` or `share = "30%"`) as a number with its span.
fn share<'de, D: Deserializer<'de>>(d: D) -> Result<Spanned<f64>, D::Error> {
    let s = Spanned::<Share>::deserialize(d)?;
    Ok(Spanned::new(s.span(), s.get_ref().0))
}

/// An optional share key (see [`share`]); with `#[serde(default)]`, absent is `None`.
fn optional_share<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<f64>>, D::Error> {
    share(d).map(Some)
}

/// Agents on duty: one number, or a list with one number per interval of the day (or of the
/// week, with `agents_cycle = "week"`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawAgents {
    /// The same number around the clock.
    Constant(i64),
    /// One number per interval of the cycle (`agents_cycle`: the day unless the week).
    PerInterval(Vec<i64>),
}

impl<'de> Deserialize<'de> for RawAgents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAgents;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a whole number of agents, or a list of them (one per interval of the day, \
                     or of the week with `agents_cycle = \"week\"`)",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawAgents, E> {
                Ok(RawAgents::Constant(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawAgents, E> {
                i64::try_from(v)
                    .map(RawAgents::Constant)
                    .map_err(|_| E::custom("number of agents too large"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAgents, A::Error> {
                let mut v = Vec::new();
                while let Some(n) = seq.next_element::<i64>()? {
                    v.push(n);
                }
                Ok(RawAgents::PerInterval(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// `max_in_system` in `[simulation]`: one number for the whole floor (`150`), or a table of
/// channels, each with its own number (`{ voice = 150, chat = 40 }`). The channel names are
/// checked here, as serde checks the fields of a table, so that a misspelt channel is refused
/// like any unknown key; the numbers are checked by `super::simulation`.
#[derive(Debug)]
pub enum RawTrunkLimit {
    /// One limit for every channel together.
    Floor(i64),
    /// A limit per channel named, in file order; the number as written (an integer is
    /// expected, and a float is reported where it stands).
    ByChannel(Vec<(Spanned<ChannelKey>, Spanned<toml::Value>)>),
}

impl<'de> Deserialize<'de> for RawTrunkLimit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTrunkLimit;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a whole number of contacts for the whole floor (`max_in_system = 150`), or \
                     one per channel (`max_in_system = { voice = 150, chat = 40 }`)",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawTrunkLimit, E> {
                Ok(RawTrunkLimit::Floor(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawTrunkLimit, E> {
                Ok(RawTrunkLimit::Floor(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTrunkLimit, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawTrunkLimit::ByChannel(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A key of `max_in_system = { ... }`: a channel's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelKey(pub Channel);

impl<'de> Deserialize<'de> for ChannelKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ChannelKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a channel: `chat`, `voice` or `email`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ChannelKey, E> {
                Channel::ALL
                    .into_iter()
                    .find(|c| c.name() == v)
                    .map(ChannelKey)
                    .ok_or_else(|| {
                        let known: Vec<String> = Channel::ALL
                            .iter()
                            .map(|c| format!("`{}`", c.name()))
                            .collect();
                        E::custom(format!(
                            "unknown field `{v}`, expected one of {} (a channel)",
                            known.join(", ")
                        ))
                    })
            }
        }
        d.deserialize_str(V)
    }
}

/// `daily_noise = { cv = 0.12 }` in `[arrivals]` or on an intent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDailyNoise {
    pub cv: Spanned<f64>,
}

/// `rates = { file = "volumes.csv", repeat = true, level_noise = true }` in `[arrivals]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRates {
    pub file: Spanned<String>,
    pub repeat: Option<bool>,
    pub level_noise: Option<Spanned<bool>>,
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub simulation: Spanned<RawSimulation>,
    pub arrivals: Spanned<RawArrivals>,
    pub intents: Spanned<Vec<Spanned<RawIntent>>>,
    pub pools: Spanned<Vec<Spanned<RawPool>>>,
    pub shifts: Option<Spanned<Vec<Spanned<RawShift>>>>,
    pub ai: Option<Spanned<RawAi>>,
    pub repeats: Option<Spanned<RawRepeats>>,
    pub churn: Option<Spanned<RawChurn>>,
    pub quality: Option<Spanned<RawQuality>>,
    pub timeline: Option<Spanned<Vec<Spanned<RawTimelineEntry>>>>,
    pub windows: Option<Spanned<Vec<Spanned<RawReportWindow>>>>,
    pub targets: Option<Spanned<RawTargets>>,
    /// Read by the sweep; a plain run ignores it.
    #[allow(dead_code)]
    pub sweep: Option<toml::Value>,
}

/// `[ai]`: the assistant as a whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAi {
    pub enabled: Option<bool>,
    pub cost_per_conversation: Option<Spanned<f64>>,
    pub cost_per_minute: Option<Spanned<f64>>,
    pub concurrency: Option<Spanned<i64>>,
    pub bot_time_counts_against_patience: Option<bool>,
    #[serde(default, deserialize_with = "optional_share")]
    pub context_loss: Option<Spanned<f64>>,
    pub repeats_go_to_human: Option<bool>,
    pub fte_productive_time: Option<Spanned<Dur>>,
}

/// `ai = { ... }` on an intent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntentAi {
    #[serde(default, deserialize_with = "optional_share")]
    pub containment: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub resolved: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub falsely_resolved: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub escalated: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub abandoned: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub opt_out: Option<Spanned<f64>>,
    pub handle_time: Spanned<RawDistribution>,
}

/// `satisfaction = { human = 4.5, ai = 4.2 }` on an intent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBaseScores {
    pub human: Option<Spanned<f64>>,
    pub ai: Option<Spanned<f64>>,
}

/// `[repeats]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeats {
    pub max_attempts: Spanned<i64>,
    pub delay: Spanned<RawDistribution>,
}

/// `[churn]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChurn {
    pub customer_value: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub per_abandonment: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub per_unresolved: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub per_repeat: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub per_long_wait: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub per_escalation: Option<Spanned<f64>>,
    pub long_wait: Option<Spanned<Dur>>,
}

/// `[quality]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuality {
    pub resolution_window: Option<Spanned<Dur>>,
    pub human_score: Option<Spanned<f64>>,
    pub ai_score: Option<Spanned<f64>>,
    pub wait_penalty_per_minute: Option<Spanned<f64>>,
    pub escalation_penalty: Option<Spanned<f64>>,
    pub repeat_penalty: Option<Spanned<f64>>,
    pub unresolved_penalty: Option<Spanned<f64>>,
    pub abandoned_score: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub survey_response: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub survey_response_abandoned: Option<Spanned<f64>>,
}

/// `[simulation]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub horizon: Spanned<FromStart>,
    pub warmup: Option<Spanned<FromStart>>,
    pub replications: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    pub interval: Option<Spanned<Dur>>,
    pub service_level_threshold: Option<Spanned<Dur>>,
    pub start: Option<Spanned<String>>,
    pub scale: Option<Spanned<f64>>,
    pub max_in_system: Option<Spanned<RawTrunkLimit>>,
}

/// `[arrivals]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArrivals {
    pub rate: Option<Spanned<Rate>>,
    pub rates: Option<Spanned<RawRates>>,
    pub daily_profile: Option<Spanned<Vec<f64>>>,
    pub weekly_profile: Option<Spanned<Vec<f64>>>,
    pub daily_noise: Option<Spanned<RawDailyNoise>>,
}

/// `[[intents]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIntent {
    pub name: Spanned<String>,
    pub channel: Option<Channel>,
    #[serde(deserialize_with = "share")]
    pub share: Spanned<f64>,
    pub handle_time: Spanned<RawDistribution>,
    pub patience: Option<Spanned<RawDistribution>>,
    pub priority: Option<Spanned<i64>>,
    pub service_level_threshold: Option<Spanned<Dur>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub human_resolution: Option<Spanned<f64>>,
    pub ai: Option<Spanned<RawIntentAi>>,
    pub satisfaction: Option<Spanned<RawBaseScores>>,
    pub daily_noise: Option<Spanned<RawDailyNoise>>,
}

/// A distribution of durations: `{ dist = "lognormal", mean = "6m", cv = 0.7 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    pub dist: DistKind,
    pub mean: Option<Dur>,
    pub cv: Option<f64>,
    pub value: Option<Dur>,
    pub min: Option<Dur>,
    pub max: Option<Dur>,
    pub values: Option<Vec<Dur>>,
}

/// The family of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DistKind {
    Exponential,
    Lognormal,
    Gamma,
    Weibull,
    Deterministic,
    Uniform,
    Empirical,
}

/// `[[pools]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPool {
    pub name: Spanned<String>,
    pub agents: Option<Spanned<RawAgents>>,
    pub agents_cycle: Option<Spanned<String>>,
    pub skills: Option<Spanned<Vec<Spanned<String>>>>,
    pub concurrency: Option<Spanned<i64>>,
    pub concurrency_stretch: Option<Spanned<f64>>,
    pub staffing_scale: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub shrinkage: Option<Spanned<f64>>,
    pub hourly_cost: Option<Spanned<f64>>,
    pub cost_per_contact: Option<Spanned<f64>>,
    pub workforce: Option<Spanned<RawWorkforce>>,
    pub gig: Option<Spanned<RawGig>>,
    pub schedule: Option<Spanned<Vec<Spanned<RawAssignment>>>>,
    pub schedule_file: Option<Spanned<String>>,
}

/// The tables of lists whose elements have a `name`, which their errors give.
macro_rules! named_elements {
    ($($table:ty),*) => {
        $(impl super::check::Element for $table {
            fn name(&self) -> Option<&str> {
                Some(self.name.get_ref())
            }
        })*
    };
}
named_elements!(RawIntent, RawPool, RawShift, RawReportWindow);

/// `[[shifts]]`: a shift template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShift {
    pub name: Spanned<String>,
    pub pool: Spanned<String>,
    pub length: Spanned<Dur>,
    pub starts: Spanned<RawWindow>,
    pub breaks: Option<Spanned<Vec<Spanned<RawBreak>>>>,
    pub days: Option<Spanned<String>>,
    pub tour: Option<Spanned<RawTour>>,
    pub cost_per_hour: Option<Spanned<f64>>,
    pub cost_per_shift: Option<Spanned<f64>>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
}

/// `{ earliest = "0h", latest = "8h", every = "30m" }`: a grid of allowed times.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWindow {
    pub earliest: Spanned<Dur>,
    pub latest: Option<Spanned<Dur>>,
    pub every: Option<Spanned<Dur>>,
}

/// One break of a shift template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreak {
    pub length: Spanned<Dur>,
    pub earliest: Spanned<Dur>,
    pub latest: Option<Spanned<Dur>>,
    pub every: Option<Spanned<Dur>>,
    pub paid: Option<bool>,
}

/// `tour = { days_on = 5, consecutive_days_off = true }` on a shift template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTour {
    pub days_on: Spanned<i64>,
    pub consecutive_days_off: Option<bool>,
}

/// One entry of a pool's `schedule`: agents on a shift of a template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAssignment {
    pub shift: Spanned<String>,
    pub start: Spanned<Dur>,
    pub breaks: Option<Spanned<Vec<Spanned<Dur>>>>,
    pub days: Option<Spanned<String>>,
    pub count: Spanned<i64>,
}

/// `workforce = { ... }` on a pool.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWorkforce {
    pub headcount: Spanned<i64>,
    pub hours_per_week: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional_share")]
    pub attrition: Option<Spanned<f64>>,
    pub hiring_target: Option<Spanned<i64>>,
    pub hires_per_month: Option<Spanned<f64>>,
    pub hiring_frozen: Option<bool>,
    pub lead_time: Option<Spanned<Dur>>,
    pub training: Option<Spanned<Dur>>,
    pub learning: Option<Spanned<RawLearning>>,
    pub severance: Option<Spanned<f64>>,
    pub hiring_cost: Option<Spanned<f64>>,
    pub roster: Option<Spanned<Vec<f64>>>,
    pub weekly_roster: Option<Spanned<Vec<f64>>>,
}

/// `learning = { ... }` in a workforce.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLearning {
    pub handle_time: Option<Spanned<f64>>,
    pub resolution: Option<Spanned<f64>>,
    pub proficient_after: Spanned<Dur>,
}

/// `gig = { ... }` on a pool.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGig {
    pub cap: Spanned<i64>,
    pub log_in_queue: Option<Spanned<i64>>,
    pub log_in_wait: Option<Spanned<Dur>>,
    pub response_delay: Option<Spanned<Dur>>,
    pub check_every: Option<Spanned<Dur>>,
    pub min_session: Option<Spanned<Dur>>,
}

/// `[[timeline]]`: a change at a time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTimelineEntry {
    pub name: Option<Spanned<String>>,
    pub enabled: Option<Spanned<bool>>,
    pub at: Spanned<String>,
    pub until: Option<Spanned<String>>,
    pub step: Option<Spanned<Dur>>,
    pub event: Option<Spanned<String>>,
    pub set: Option<Spanned<toml::Table>>,
    pub ramp: Option<Spanned<toml::Table>>,
    pub layoff: Option<Spanned<RawHeadcountMove>>,
    pub hire: Option<Spanned<RawHeadcountMove>>,
}

/// `[[windows]]`: a stretch of the run reported on its own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReportWindow {
    pub name: Spanned<String>,
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

/// `layoff = { pool = "...", count = 100 }` or `hire = { ... }` in a timeline entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeadcountMove {
    pub pool: Spanned<String>,
    pub count: Spanned<i64>,
}

/// `[targets]`: what the plan must meet, and how a target counts as met.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTargets {
    pub on_average: Option<Spanned<bool>>,
    pub with_confidence: Option<Spanned<f64>>,
    pub interval: Option<RawBounds<IntervalMeasure>>,
    pub run: Option<RawBounds<RunMeasure>>,
}

/// `[targets.interval]` or `[targets.run]`: measure key = bound, in file order. The keys are
/// checked here, as serde checks the fields of a table, so that a misspelt measure is
/// refused like any unknown key; the bounds are checked by `super::targets`.
#[derive(Debug)]
pub(super) struct RawBounds<K>(pub Vec<(K, Spanned<RawBound>)>);

impl<'de, K: Deserialize<'de>> Deserialize<'de> for RawBounds<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<K>(std::marker::PhantomData<K>);
        impl<'de, K: Deserialize<'de>> Visitor<'de> for V<K> {
            type Value = RawBounds<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a table of measure keys, each with its bound: `service_level = { min = 0.8 }`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBounds<K>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawBounds(entries))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// `{ min = 0.8 }` or `{ max = "30s" }`: one bound of a target. Which side is given, and
/// whether the value fits the measure, is checked by `super::targets`.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a bound, `{ min = ... }` or `{ max = ... }`"
)]
pub(super) struct RawBound {
    pub min: Option<Spanned<toml::Value>>,
    pub max: Option<Spanned<toml::Value>>,
}

/// `` `a`, `b`, `c` ``: keys as serde lists the fields it expects.
fn listed(measures: &[Measure]) -> String {
    measures
        .iter()
        .map(|m| format!("`{}`", m.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A key of `[targets.interval]`: a measure of [`Target::PER_INTERVAL`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct IntervalMeasure(pub Measure);

impl<'de> Deserialize<'de> for IntervalMeasure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntervalMeasure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "one of {}", listed(&Target::PER_INTERVAL))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntervalMeasure, E> {
                match Measure::from_key(v) {
                    Some(m) if Target::PER_INTERVAL.contains(&m) => Ok(IntervalMeasure(m)),
                    Some(_) => Err(E::custom(format!(
                        "`{v}` can only be a `targets.run` target (over the whole run); in every \
                         interval, expected one of {}",
                        listed(&Target::PER_INTERVAL)
                    ))),
                    None => Err(E::custom(format!(
                        "unknown field `{v}`, expected one of {}",
                        listed(&Target::PER_INTERVAL)
                    ))),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A key of `[targets.run]`: any measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RunMeasure(pub Measure);

impl<'de> Deserialize<'de> for RunMeasure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RunMeasure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a measure key, such as `true_resolution_rate`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RunMeasure, E> {
                Measure::from_key(v).map(RunMeasure).ok_or_else(|| {
                    E::custom(format!(
                        "unknown field `{v}`, expected a measure key (see the measures \
                         reference): one of {}",
                        listed(&Measure::ALL)
                    ))
                })
            }
        }
        d.deserialize_str(V)
    }
}
