//! Validation: from the raw file to the model's types, with every check that types cannot
//! express, each error located at the value it concerns.

use std::collections::HashSet;

use toml::Spanned;

use super::intents::validate_intents;
use super::pools::validate_pools;
use super::raw::{self, DistKind, RawDistribution, RawScenario};
use super::{DEFAULT_REPLICATIONS, Scenario, ScenarioError, Simulation, Source};
use crate::model::{AiSettings, ArrivalPattern, Churn, Repeats, Satisfaction, TimeDistribution};

/// Largest number of reporting intervals a run may have.
const MAX_INTERVALS: f64 = 2_000_000.0;
/// Longest horizon, seconds: 100 years.
const MAX_HORIZON: f64 = 36_500.0 * 86_400.0;
/// Most contacts one replication may expect (rate × horizon).
const MAX_CONTACTS: f64 = 1e10;
/// Most agents on duty in one pool.
pub(super) const MAX_AGENTS: i64 = 1_000_000;
/// Tolerance on the sum of intent shares.
pub(super) const SHARE_TOLERANCE: f64 = 1e-6;

/// Checks that a key's value satisfies `ok`, or reports `expected` at its span.
pub(super) fn check<T: Copy + std::fmt::Display>(
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

pub(super) fn validate(
    raw: RawScenario,
    src: &Source,
    default_name: &str,
) -> Result<Scenario, ScenarioError> {
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
        rate * simulation.scale,
        daily.map_or(&empty, |d| d.get_ref()),
        weekly.map_or(&empty, |w| w.get_ref()),
    )
    .map_err(|msg| {
        let span = daily.map_or(arr.rate.span(), |d| d.span());
        src.error(span, "arrivals", msg)
    })?;

    let quality = raw.quality.map(Spanned::into_inner);
    let base = |v: Option<&Spanned<f64>>, key: &str, default: f64| score(src, v, key, default);
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
    let pools = validate_pools(raw.pools, &intents, src, simulation.scale)?;
    let mut ai = validate_ai(raw.ai, src)?;
    ai.concurrency = ai
        .concurrency
        .map(|c| (f64::from(c) * simulation.scale).round().max(1.0) as u32);
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
        timeline: Default::default(),
    })
}

/// An optional number that must satisfy `ok` (else the error says `expected`), or `default`.
fn optional(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
    ok: impl Fn(f64) -> bool,
    expected: &str,
) -> Result<f64, ScenarioError> {
    v.map_or(Ok(default), |v| check(src, v, key, ok, expected))
}

/// An optional probability in [0, 1], or `default`.
pub(super) fn probability(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, ScenarioError> {
    let ok = |x: f64| (0.0..=1.0).contains(&x);
    optional(src, v, key, default, ok, "a probability between 0 and 1")
}

/// An optional satisfaction score from 1 to 5, or `default`.
pub(super) fn score(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, ScenarioError> {
    let ok = |x: f64| (1.0..=5.0).contains(&x);
    optional(src, v, key, default, ok, "a score from 1 to 5")
}

/// An optional number of zero or more, or `default`.
pub(super) fn non_negative(
    src: &Source,
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, ScenarioError> {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    optional(src, v, key, default, ok, "a number of zero or more")
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
        fte_productive_time: match &a.fte_productive_time {
            Some(t) => check(
                src,
                &Spanned::new(t.span(), t.get_ref().0),
                "ai.fte_productive_time",
                |t| t > 0.0,
                "a duration longer than zero, such as \"150h\" (productive time of one \
                 full-time agent per month)",
            )?,
            None => d.fte_productive_time,
        },
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
    let start = match &sim.start {
        Some(s) => Some(parse_year_month(s.get_ref()).ok_or_else(|| {
            src.error(
                s.span(),
                "simulation.start",
                format!(
                    "expected the calendar month the run starts in, as \"2023-01\", found {:?}",
                    s.get_ref()
                ),
            )
        })?),
        None => None,
    };
    let scale = match &sim.scale {
        Some(x) => check(
            src,
            x,
            "simulation.scale",
            |x| x > 0.0 && x <= 1000.0,
            "a factor above zero and at most 1,000 on volume and headcount",
        )?,
        None => 1.0,
    };
    Ok(Simulation {
        horizon,
        warmup,
        replications,
        seed,
        interval,
        service_level_threshold,
        start,
        scale,
    })
}

/// `"2023-01"` as (2023, 1).
pub(super) fn parse_year_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && s.trim().len() == 7).then_some((y, m))
}

pub(super) fn distribution(
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

pub(super) fn unique_name(
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
