//! The scenario file: TOML as people write it, turned into a validated [`Scenario`].
//!
//! Reading goes in two steps. [`raw`] mirrors the file with serde (`deny_unknown_fields`, so a
//! misspelt key is an error, never a silent default) and keeps the byte span of every value.
//! [`validate`](self) then checks what types cannot say (a rate above zero, shares that sum to
//! 1, a skill that names an existing intent) and builds the model's types. Every error names
//! the file, the line, the column and the key, and says what was expected.

mod error;
pub mod paths;
mod raw;
pub mod sweep;

pub use error::{Located, ScenarioError, Source};

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::model::{
    AiBehaviour, AiSettings, ArrivalPattern, Channel, Churn, Intent, Pool, Repeats, Satisfaction,
    Staffing, TimeDistribution,
};
use raw::{DistKind, RawAgents, RawDistribution, RawScenario};

/// Settings of the experiment: how long, how many times, what to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Simulated time per replication, seconds (warm-up included).
    pub horizon: f64,
    /// Initial period excluded from every measure, seconds: the centre starts empty, and
    /// steady-state questions should not see that.
    pub warmup: f64,
    /// Number of independent replications.
    pub replications: u32,
    /// Seed from which every random stream is derived.
    pub seed: u64,
    /// Length of one reporting interval of the time series, seconds.
    pub interval: f64,
    /// Service-level threshold: a contact answered within this many seconds counts as served
    /// "in time".
    pub service_level_threshold: f64,
}

/// A validated scenario: everything needed to simulate a contact centre.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// A short name for reports.
    pub name: String,
    /// What the scenario represents, if the file says.
    pub description: Option<String>,
    /// Experiment settings.
    pub simulation: Simulation,
    /// When contacts arrive.
    pub arrivals: ArrivalPattern,
    /// Why they contact, in file order.
    pub intents: Vec<Intent>,
    /// Who answers, in file order (the order of preference for idle agents).
    pub pools: Vec<Pool>,
    /// The AI assistant as a whole (disabled unless the file has an `[ai]` table).
    pub ai: AiSettings,
    /// When unresolved problems come back (by default they do not).
    pub repeats: Repeats,
    /// The chance of losing a customer after bad experiences (none by default).
    pub churn: Churn,
    /// The satisfaction model and the survey.
    pub satisfaction: Satisfaction,
    /// A problem counts as truly resolved if it is resolved within this many seconds of the
    /// customer's first contact.
    pub resolution_window: f64,
}

/// Default replication count when the file gives none.
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// Largest number of reporting intervals a run may have.
const MAX_INTERVALS: f64 = 2_000_000.0;
/// Longest horizon, seconds: 100 years.
const MAX_HORIZON: f64 = 36_500.0 * 86_400.0;
/// Most contacts one replication may expect (rate × horizon).
const MAX_CONTACTS: f64 = 1e10;
/// Most agents on duty in one pool.
const MAX_AGENTS: i64 = 1_000_000;
/// Tolerance on the sum of intent shares.
const SHARE_TOLERANCE: f64 = 1e-6;

impl Scenario {
    /// Reads and validates the scenario in file `path`.
    pub fn load(path: &Path) -> Result<Self, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self::parse(&text, &path.display().to_string(), &name)
    }

    /// Validates scenario `text`; `file` names it in errors, `default_name` is used when the
    /// file has no `name`.
    pub fn parse(text: &str, file: &str, default_name: &str) -> Result<Self, ScenarioError> {
        let src = Source { file, text };
        let raw: RawScenario = toml::from_str(text).map_err(|e| src.from_toml(&e))?;
        validate(raw, &src, default_name)
    }

    /// The service-level threshold of intent `intent`, seconds: its own, or the scenario's.
    pub fn threshold(&self, intent: usize) -> f64 {
        self.intents[intent]
            .service_level_threshold
            .unwrap_or(self.simulation.service_level_threshold)
    }

    /// Average offered load in erlangs: contacts per second × mean handle time.
    pub fn offered_load(&self) -> f64 {
        self.arrivals.mean_rate
            * self
                .intents
                .iter()
                .map(|i| i.share * i.handle_time.mean())
                .sum::<f64>()
    }

    /// Warnings a planner can act on: things that run but probably do not mean what was
    /// intended.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        // Intents whose customers never abandon: their queue is stable only if the agents who
        // can serve them have room for their load. The load counts what reaches humans (not
        // contained by the AI), stretched by context loss; the room counts every slot, net of
        // the pool's concurrency stretch. Repeat contacts add to the load, so this is a floor.
        let patient: Vec<usize> = (0..self.intents.len())
            .filter(|&i| self.intents[i].patience.is_none() && self.intents[i].share > 0.0)
            .collect();
        if !patient.is_empty() {
            let load: f64 = patient
                .iter()
                .map(|&i| {
                    let intent = &self.intents[i];
                    let to_humans = match (&intent.ai, self.ai.enabled) {
                        (Some(a), true) => {
                            a.opt_out
                                + (1.0 - a.opt_out) * a.escalated * (1.0 + self.ai.context_loss)
                        }
                        _ => 1.0,
                    };
                    self.arrivals.mean_rate * intent.share * intent.handle_time.mean() * to_humans
                })
                .sum();
            let room: f64 = self
                .pools
                .iter()
                .filter(|p| p.skills.iter().any(|s| patient.contains(s)))
                .map(|p| {
                    p.staffing.mean_agents() * f64::from(p.concurrency) / p.handle_time_factor()
                })
                .sum();
            if load >= room {
                let occupancy = if room > 0.0 {
                    format!("{:.0} %", 100.0 * load / room)
                } else {
                    "unbounded: no agent can serve them".to_string()
                };
                out.push(format!(
                    "the queue grows without bound: customers who never abandon bring {load:.1} \
                     erlangs of work to humans on average, more than the {room:.1} agents' worth \
                     of room that can serve them (occupancy would be {occupancy}); add agents, or \
                     give the intents a `patience`"
                ));
            }
        }
        let sim = &self.simulation;
        let hybrid = self.ai.enabled
            || self.repeats.max_attempts > 1
            || self.intents.iter().any(|i| i.human_resolution < 1.0);
        if hybrid && self.resolution_window >= sim.horizon - sim.warmup {
            out.push(format!(
                "the resolution window ({}) is not shorter than the measured period, so true \
                 resolution cannot be measured; shorten `quality.resolution_window` or run longer",
                crate::units::HumanDuration(self.resolution_window)
            ));
        }
        if sim.warmup == 0.0 {
            out.push(
                "no warm-up: the centre starts empty, which flatters the first hours; set \
                 `simulation.warmup` for steady-state questions"
                    .to_string(),
            );
        }
        out
    }
}

/// Checks that a key's value satisfies `ok`, or reports `expected` at its span.
fn check<T: Copy + std::fmt::Display>(
    src: &Source,
    value: &Spanned<T>,
    key: &str,
    ok: impl Fn(T) -> bool,
    expected: &str,
) -> Result<T, ScenarioError> {
    let v = *value.get_ref();
    if ok(v) {
        Ok(v)
    } else {
        Err(src.error(value.span(), key, format!("expected {expected}, found {v}")))
    }
}

fn validate(raw: RawScenario, src: &Source, default_name: &str) -> Result<Scenario, ScenarioError> {
    let simulation = validate_simulation(raw.simulation, src)?;

    let arr = raw.arrivals.into_inner();
    let rate = arr.rate.get_ref().0;
    if rate <= 0.0 {
        return Err(src.error(
            arr.rate.span(),
            "arrivals.rate",
            "expected a rate greater than zero, such as \"2880/h\"",
        ));
    }
    if rate * simulation.horizon > MAX_CONTACTS {
        return Err(src.error(
            arr.rate.span(),
            "arrivals.rate",
            format!(
                "expected at most 10 billion contacts per replication (rate × horizon); this \
                 rate gives {:.3e}",
                rate * simulation.horizon
            ),
        ));
    }
    let daily = arr.daily_profile.as_ref();
    if let Some(d) = daily
        && d.get_ref().is_empty()
    {
        return Err(src.error(
            d.span(),
            "arrivals.daily_profile",
            "expected at least one weight (one per interval of the day)",
        ));
    }
    let weekly = arr.weekly_profile.as_ref();
    if let Some(w) = weekly
        && w.get_ref().len() != 7
    {
        return Err(src.error(
            w.span(),
            "arrivals.weekly_profile",
            format!(
                "expected 7 weights (Monday to Sunday), found {}",
                w.get_ref().len()
            ),
        ));
    }
    let empty = Vec::new();
    let arrivals = ArrivalPattern::new(
        rate,
        daily.map_or(&empty, |d| d.get_ref()),
        weekly.map_or(&empty, |w| w.get_ref()),
    )
    .map_err(|msg| {
        let span = daily.map_or(arr.rate.span(), |d| d.span());
        src.error(span, "arrivals", msg)
    })?;

    let quality = raw.quality.map(Spanned::into_inner);
    let base = |v: Option<&Spanned<f64>>, key: &str, default: f64| -> Result<f64, ScenarioError> {
        v.map_or(Ok(default), |v| {
            check(
                src,
                v,
                key,
                |x| (1.0..=5.0).contains(&x),
                "a score from 1 to 5",
            )
        })
    };
    let human_score = base(
        quality.as_ref().and_then(|q| q.human_score.as_ref()),
        "quality.human_score",
        4.4,
    )?;
    let ai_score = base(
        quality.as_ref().and_then(|q| q.ai_score.as_ref()),
        "quality.ai_score",
        4.2,
    )?;
    let intents = validate_intents(raw.intents, src, human_score, ai_score)?;
    let pools = validate_pools(raw.pools, &intents, src)?;
    let ai = validate_ai(raw.ai, src)?;
    let repeats = match raw.repeats {
        None => Repeats::default(),
        Some(r) => {
            let r = r.into_inner();
            Repeats {
                max_attempts: check(
                    src,
                    &r.max_attempts,
                    "repeats.max_attempts",
                    |n| (1..=1000).contains(&n),
                    "a whole number of attempts from 1 to 1,000",
                )? as u32,
                delay: Some(distribution(&r.delay, "repeats.delay", src)?),
            }
        }
    };
    let churn = match raw.churn {
        None => Churn::default(),
        Some(c) => {
            let c = c.into_inner();
            Churn {
                customer_value: non_negative(
                    src,
                    c.customer_value.as_ref(),
                    "churn.customer_value",
                    0.0,
                )?,
                per_abandonment: probability(
                    src,
                    c.per_abandonment.as_ref(),
                    "churn.per_abandonment",
                    0.0,
                )?,
                per_unresolved: probability(
                    src,
                    c.per_unresolved.as_ref(),
                    "churn.per_unresolved",
                    0.0,
                )?,
                per_repeat: probability(src, c.per_repeat.as_ref(), "churn.per_repeat", 0.0)?,
                per_long_wait: probability(
                    src,
                    c.per_long_wait.as_ref(),
                    "churn.per_long_wait",
                    0.0,
                )?,
                per_escalation: probability(
                    src,
                    c.per_escalation.as_ref(),
                    "churn.per_escalation",
                    0.0,
                )?,
                long_wait: c.long_wait.map_or(300.0, |d| d.get_ref().0),
            }
        }
    };
    let d = Satisfaction::default();
    let q = quality.as_ref();
    let satisfaction = Satisfaction {
        wait_penalty_per_minute: non_negative(
            src,
            q.and_then(|q| q.wait_penalty_per_minute.as_ref()),
            "quality.wait_penalty_per_minute",
            d.wait_penalty_per_minute,
        )?,
        escalation_penalty: non_negative(
            src,
            q.and_then(|q| q.escalation_penalty.as_ref()),
            "quality.escalation_penalty",
            d.escalation_penalty,
        )?,
        repeat_penalty: non_negative(
            src,
            q.and_then(|q| q.repeat_penalty.as_ref()),
            "quality.repeat_penalty",
            d.repeat_penalty,
        )?,
        unresolved_penalty: non_negative(
            src,
            q.and_then(|q| q.unresolved_penalty.as_ref()),
            "quality.unresolved_penalty",
            d.unresolved_penalty,
        )?,
        abandoned_score: base(
            q.and_then(|q| q.abandoned_score.as_ref()),
            "quality.abandoned_score",
            d.abandoned_score,
        )?,
        survey_response: probability(
            src,
            q.and_then(|q| q.survey_response.as_ref()),
            "quality.survey_response",
            d.survey_response,
        )?,
        survey_response_abandoned: probability(
            src,
            q.and_then(|q| q.survey_response_abandoned.as_ref()),
            "quality.survey_response_abandoned",
            d.survey_response_abandoned,
        )?,
    };
    let resolution_window = match q.and_then(|q| q.resolution_window.as_ref()) {
        Some(w) => check(
            src,
            &Spanned::new(w.span(), w.get_ref().0),
            "quality.resolution_window",
            |w| w > 0.0,
            "a window longer than zero",
        )?,
        None => 7.0 * crate::units::DAY,
    };

    Ok(Scenario {
        name: raw.name.unwrap_or_else(|| default_name.to_string()),
        description: raw.description,
        simulation,
        arrivals,
        intents,
        pools,
        ai,
        repeats,
        churn,
        satisfaction,
        resolution_window,
    })
}

/// An optional probability in [0, 1], or `default`.
fn probability(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, ScenarioError> {
    v.map_or(Ok(default), |v| {
        check(
            src,
            v,
            key,
            |x| (0.0..=1.0).contains(&x),
            "a probability between 0 and 1",
        )
    })
}

/// An optional number of zero or more, or `default`.
fn non_negative(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, ScenarioError> {
    v.map_or(Ok(default), |v| {
        check(
            src,
            v,
            key,
            |x| x.is_finite() && x >= 0.0,
            "a number of zero or more",
        )
    })
}

fn validate_ai(
    raw: Option<Spanned<raw::RawAi>>,
    src: &Source,
) -> Result<AiSettings, ScenarioError> {
    let Some(raw) = raw else {
        return Ok(AiSettings::default());
    };
    let a = raw.into_inner();
    let d = AiSettings::default();
    Ok(AiSettings {
        enabled: a.enabled.unwrap_or(true),
        cost_per_conversation: non_negative(
            src,
            a.cost_per_conversation.as_ref(),
            "ai.cost_per_conversation",
            0.0,
        )?,
        cost_per_minute: non_negative(src, a.cost_per_minute.as_ref(), "ai.cost_per_minute", 0.0)?,
        concurrency: a
            .concurrency
            .as_ref()
            .map(|c| {
                check(
                    src,
                    c,
                    "ai.concurrency",
                    |c| (1..=i64::from(u32::MAX)).contains(&c),
                    "a whole number of conversations of 1 or more (omit it for no limit)",
                )
                .map(|c| c as u32)
            })
            .transpose()?,
        bot_time_counts_against_patience: a
            .bot_time_counts_against_patience
            .unwrap_or(d.bot_time_counts_against_patience),
        context_loss: non_negative(
            src,
            a.context_loss.as_ref(),
            "ai.context_loss",
            d.context_loss,
        )?,
        repeats_go_to_human: a.repeats_go_to_human.unwrap_or(d.repeats_go_to_human),
    })
}

fn validate_intent_ai(
    raw: &Spanned<raw::RawIntentAi>,
    key: &str,
    src: &Source,
) -> Result<AiBehaviour, ScenarioError> {
    let a = raw.get_ref();
    let k = |f: &str| format!("{key}.{f}");
    let falsely_resolved = probability(
        src,
        a.falsely_resolved.as_ref(),
        &k("falsely_resolved"),
        0.0,
    )?;
    let abandoned = probability(src, a.abandoned.as_ref(), &k("abandoned"), 0.0)?;
    let (resolved, escalated) = match &a.containment {
        // The shorthand: containment = 1 - escalated, and what is contained but neither
        // falsely resolved nor abandoned is resolved.
        Some(c) => {
            if a.resolved.is_some() || a.escalated.is_some() {
                return Err(src.error(
                    c.span(),
                    k("containment"),
                    "give either `containment` or `resolved` and `escalated`, not both",
                ));
            }
            let c = probability(src, Some(c), &k("containment"), 0.0)?;
            let resolved = c - falsely_resolved - abandoned;
            if resolved < -SHARE_TOLERANCE {
                return Err(src.error(
                    raw.span(),
                    key,
                    format!("a containment of {c} cannot hold {falsely_resolved} falsely resolved and {abandoned} abandoned"),
                ));
            }
            (resolved.max(0.0), 1.0 - c)
        }
        None => (
            probability(src, a.resolved.as_ref(), &k("resolved"), 0.0)?,
            probability(src, a.escalated.as_ref(), &k("escalated"), 0.0)?,
        ),
    };
    let total = resolved + falsely_resolved + escalated + abandoned;
    if (total - 1.0).abs() > SHARE_TOLERANCE {
        return Err(src.error(
            raw.span(),
            key,
            format!(
                "expected the shares of AI outcomes (resolved + falsely_resolved + escalated + abandoned) to sum to 1, they sum to {}",
                (total * 1e9).round() / 1e9
            ),
        ));
    }
    Ok(AiBehaviour {
        resolved,
        falsely_resolved,
        escalated,
        abandoned,
        opt_out: probability(src, a.opt_out.as_ref(), &k("opt_out"), 0.0)?,
        handle_time: distribution(&a.handle_time, &k("handle_time"), src)?,
    })
}

fn validate_simulation(
    raw: Spanned<raw::RawSimulation>,
    src: &Source,
) -> Result<Simulation, ScenarioError> {
    let sim = raw.into_inner();
    let dur = |s: &Spanned<raw::Dur>| Spanned::new(s.span(), s.get_ref().0);
    let horizon = check(
        src,
        &dur(&sim.horizon),
        "simulation.horizon",
        |h| h > 0.0 && h <= MAX_HORIZON,
        "a horizon longer than zero and at most 100 years (\"36500d\")",
    )?;
    let warmup = match &sim.warmup {
        Some(w) => check(
            src,
            &dur(w),
            "simulation.warmup",
            |w| w < horizon,
            "a warm-up shorter than the horizon",
        )?,
        None => 0.0,
    };
    let replications = match &sim.replications {
        Some(r) => check(
            src,
            r,
            "simulation.replications",
            |r| (1..=1_000_000).contains(&r),
            "a whole number of replications from 1 to 1,000,000",
        )? as u32,
        None => DEFAULT_REPLICATIONS,
    };
    let seed = match &sim.seed {
        Some(s) => check(
            src,
            s,
            "simulation.seed",
            |s| s >= 0,
            "a seed of zero or more",
        )? as u64,
        None => 1,
    };
    let interval = match &sim.interval {
        Some(i) => check(
            src,
            &dur(i),
            "simulation.interval",
            |i| i > 0.0 && horizon / i <= MAX_INTERVALS,
            "a reporting interval longer than zero and at most 2,000,000 per horizon",
        )?,
        None => 3600.0_f64.min(horizon),
    };
    let service_level_threshold = match &sim.service_level_threshold {
        Some(t) => dur(t).into_inner(),
        None => 20.0,
    };
    Ok(Simulation {
        horizon,
        warmup,
        replications,
        seed,
        interval,
        service_level_threshold,
    })
}

fn distribution(
    raw: &Spanned<RawDistribution>,
    key: &str,
    src: &Source,
) -> Result<TimeDistribution, ScenarioError> {
    let d = raw.get_ref();
    let err = |msg: String| src.error(raw.span(), key, msg);
    let name = format!("{:?}", d.dist).to_lowercase();
    // Which keys each family takes.
    let (needs, allowed): (&[&str], &[&str]) = match d.dist {
        DistKind::Exponential => (&["mean"], &["mean"]),
        DistKind::Lognormal | DistKind::Gamma | DistKind::Weibull => {
            (&["mean", "cv"], &["mean", "cv"])
        }
        DistKind::Deterministic => (&["value"], &["value"]),
        DistKind::Uniform => (&["min", "max"], &["min", "max"]),
        DistKind::Empirical => (&["values"], &["values"]),
    };
    let present = [
        ("mean", d.mean.is_some()),
        ("cv", d.cv.is_some()),
        ("value", d.value.is_some()),
        ("min", d.min.is_some()),
        ("max", d.max.is_some()),
        ("values", d.values.is_some()),
    ];
    for (k, is) in present {
        if is && !allowed.contains(&k) {
            return Err(err(format!(
                "`{k}` does not apply to a {name} distribution, which takes {}",
                allowed.join(" and ")
            )));
        }
        if !is && needs.contains(&k) {
            return Err(err(format!(
                "a {name} distribution needs `{k}` (it takes {})",
                needs.join(" and ")
            )));
        }
    }
    let mean = d.mean.map_or(0.0, |m| m.0);
    let cv = d.cv.unwrap_or(0.0);
    let built = match d.dist {
        DistKind::Exponential => TimeDistribution::exponential(mean),
        DistKind::Lognormal => TimeDistribution::lognormal(mean, cv),
        DistKind::Gamma => TimeDistribution::gamma(mean, cv),
        DistKind::Weibull => TimeDistribution::weibull(mean, cv),
        DistKind::Deterministic => TimeDistribution::deterministic(d.value.map_or(0.0, |v| v.0)),
        DistKind::Uniform => {
            TimeDistribution::uniform(d.min.map_or(0.0, |v| v.0), d.max.map_or(0.0, |v| v.0))
        }
        DistKind::Empirical => {
            TimeDistribution::empirical(d.values.iter().flatten().map(|v| v.0).collect())
        }
    };
    built.map_err(|m| err(format!("{name}: {m}")))
}

fn unique_name(
    seen: &mut HashSet<String>,
    name: &Spanned<String>,
    key: &str,
    src: &Source,
) -> Result<String, ScenarioError> {
    let n = name.get_ref().trim().to_string();
    if n.is_empty() {
        return Err(src.error(name.span(), key, "expected a non-empty name"));
    }
    if !seen.insert(n.clone()) {
        return Err(src.error(name.span(), key, format!("the name {n:?} is used twice")));
    }
    Ok(n)
}

fn validate_intents(
    raw: Spanned<Vec<Spanned<raw::RawIntent>>>,
    src: &Source,
    human_score: f64,
    ai_score: f64,
) -> Result<Vec<Intent>, ScenarioError> {
    let list_span: Range<usize> = raw.span();
    let list = raw.into_inner();
    if list.is_empty() {
        return Err(src.error(
            list_span,
            "intents",
            "expected at least one [[intents]] table",
        ));
    }
    let mut seen = HashSet::new();
    let mut intents = Vec::with_capacity(list.len());
    let mut total_share = 0.0;
    for (i, ri) in list.iter().enumerate() {
        let ri = ri.get_ref();
        let k = |field: &str| format!("intents[{i}].{field}");
        let name = unique_name(&mut seen, &ri.name, &k("name"), src)?;
        let share = check(
            src,
            &ri.share,
            &k("share"),
            |s| (0.0..=1.0).contains(&s),
            "a share between 0 and 1",
        )?;
        total_share += share;
        let channel = ri.channel.unwrap_or(Channel::Chat);
        let handle_time = distribution(&ri.handle_time, &k("handle_time"), src)?;
        if let (Channel::Email, Some(p)) = (channel, &ri.patience) {
            return Err(src.error(
                p.span(),
                k("patience"),
                "email customers do not hang up: remove `patience` and set a response-time target with `service_level_threshold`",
            ));
        }
        let patience = ri
            .patience
            .as_ref()
            .map(|p| distribution(p, &k("patience"), src))
            .transpose()?;
        let service_level_threshold = ri.service_level_threshold.as_ref().map(|t| t.get_ref().0);
        let human_resolution = probability(
            src,
            ri.human_resolution.as_ref(),
            &k("human_resolution"),
            1.0,
        )?;
        let ai = ri
            .ai
            .as_ref()
            .map(|a| validate_intent_ai(a, &k("ai"), src))
            .transpose()?;
        let scores = ri.satisfaction.as_ref().map(Spanned::get_ref);
        let score = |v: Option<&Spanned<f64>>, f: &str, default: f64| {
            v.map_or(Ok(default), |v| {
                check(
                    src,
                    v,
                    &k(f),
                    |x| (1.0..=5.0).contains(&x),
                    "a score from 1 to 5",
                )
            })
        };
        let satisfaction_human = score(
            scores.and_then(|s| s.human.as_ref()),
            "satisfaction.human",
            human_score,
        )?;
        let satisfaction_ai = score(
            scores.and_then(|s| s.ai.as_ref()),
            "satisfaction.ai",
            ai_score,
        )?;
        let priority = match &ri.priority {
            Some(p) => check(
                src,
                p,
                &k("priority"),
                |p| i32::try_from(p).is_ok(),
                "a whole number",
            )? as i32,
            None => 0,
        };
        intents.push(Intent {
            name,
            channel,
            share,
            handle_time,
            patience,
            priority,
            // Email's target is a response time; a day unless the intent says.
            service_level_threshold: service_level_threshold
                .or((channel == Channel::Email).then_some(crate::units::DAY)),
            human_resolution,
            ai,
            satisfaction_human,
            satisfaction_ai,
        });
    }
    if (total_share - 1.0).abs() > SHARE_TOLERANCE {
        let last = list.last().map_or(list_span, |l| l.get_ref().share.span());
        return Err(src.error(
            last,
            "intents.share",
            format!(
                "expected the shares of all intents to sum to 1, they sum to {}",
                (total_share * 1e9).round() / 1e9
            ),
        ));
    }
    Ok(intents)
}

fn validate_pools(
    raw: Spanned<Vec<Spanned<raw::RawPool>>>,
    intents: &[Intent],
    src: &Source,
) -> Result<Vec<Pool>, ScenarioError> {
    let list_span = raw.span();
    let list = raw.into_inner();
    if list.is_empty() {
        return Err(src.error(list_span, "pools", "expected at least one [[pools]] table"));
    }
    let mut seen = HashSet::new();
    let mut pools = Vec::with_capacity(list.len());
    for (p, rp) in list.iter().enumerate() {
        let rp = rp.get_ref();
        let k = |field: &str| format!("pools[{p}].{field}");
        let name = unique_name(&mut seen, &rp.name, &k("name"), src)?;
        let agents_err = |msg: &str| src.error(rp.agents.span(), k("agents"), msg.to_string());
        let to_u32 = |n: i64| (0..=MAX_AGENTS).contains(&n).then_some(n as u32);
        let staffing = match rp.agents.get_ref() {
            RawAgents::Constant(n) => Staffing::Constant(to_u32(*n).ok_or_else(|| {
                agents_err("expected a whole number of agents from 0 to 1,000,000")
            })?),
            RawAgents::PerInterval(v) if v.is_empty() => {
                return Err(agents_err(
                    "expected at least one number (one per interval of the day)",
                ));
            }
            RawAgents::PerInterval(v) => Staffing::PerInterval(
                v.iter()
                    .map(|&n| to_u32(n))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        agents_err("expected whole numbers of agents from 0 to 1,000,000")
                    })?,
            ),
        };
        let skills = match &rp.skills {
            None => (0..intents.len()).collect(),
            Some(list) => {
                let mut skills = Vec::new();
                for s in list.get_ref() {
                    let wanted = s.get_ref().trim();
                    if wanted == "*" {
                        skills.extend(0..intents.len());
                        continue;
                    }
                    let i = intents
                        .iter()
                        .position(|i| i.name == wanted)
                        .ok_or_else(|| {
                            let known: Vec<&str> =
                                intents.iter().map(|i| i.name.as_str()).collect();
                            src.error(
                                s.span(),
                                k("skills"),
                                format!(
                                    "unknown intent {wanted:?}; expected one of {} or \"*\"",
                                    known.join(", ")
                                ),
                            )
                        })?;
                    skills.push(i);
                }
                skills.sort_unstable();
                skills.dedup();
                skills
            }
        };
        let concurrency = match &rp.concurrency {
            Some(c) => check(
                src,
                c,
                &k("concurrency"),
                |c| (1..=100).contains(&c),
                "a whole number of conversations from 1 to 100",
            )? as u32,
            None => 1,
        };
        let scale = non_negative(src, rp.staffing_scale.as_ref(), &k("staffing_scale"), 1.0)?;
        let scaled = |n: u32| (f64::from(n) * scale).round() as u32;
        let staffing = match staffing {
            _ if scale == 1.0 => staffing,
            Staffing::Constant(n) => Staffing::Constant(scaled(n)),
            Staffing::PerInterval(v) => Staffing::PerInterval(v.into_iter().map(scaled).collect()),
        };
        pools.push(Pool {
            name,
            staffing,
            skills,
            concurrency,
            concurrency_stretch: non_negative(
                src,
                rp.concurrency_stretch.as_ref(),
                &k("concurrency_stretch"),
                0.0,
            )?,
            shrinkage: match &rp.shrinkage {
                Some(v) => check(
                    src,
                    v,
                    &k("shrinkage"),
                    |x| (0.0..1.0).contains(&x),
                    "a share from 0 up to (not including) 1",
                )?,
                None => 0.0,
            },
            hourly_cost: non_negative(src, rp.hourly_cost.as_ref(), &k("hourly_cost"), 0.0)?,
        });
    }
    for (i, intent) in intents.iter().enumerate() {
        if intent.share > 0.0 && !pools.iter().any(|p| p.skills.contains(&i)) {
            return Err(src.error(
                list_span.clone(),
                "pools.skills",
                format!(
                    "no pool can serve intent {:?}; add it to a pool's skills",
                    intent.name
                ),
            ));
        }
    }
    Ok(pools)
}
