//! The tables about the assistant as a whole and about customers: `[ai]`, `[repeats]`,
//! `[churn]` and `[quality]` (the satisfaction model, the survey and the resolution window).
//!
//! The resolution window a file does not set is seven days, capped at half the measured
//! period (horizon − warm-up; [`default_resolution_window`]): only problems whose window closes
//! before the end of the run are judged, so a window as long as the run would judge none and
//! true resolution would print "-". A window the file sets is kept as written; if the run is
//! too short to measure it, the scenario's warnings say so.

use super::check::{check, non_negative, optional, probability, score, secs};
use super::distribution::distribution;
use super::error::Invalid;
use super::raw::{RawAi, RawChurn, RawQuality, RawRepeats};
use crate::model::{AiSettings, Churn, Repeats, Satisfaction, Simulation};

impl TryFrom<&RawAi> for AiSettings {
    type Error = Invalid;

    /// A file that has an `[ai]` table has the assistant live unless it says `enabled = false`.
    fn try_from(a: &RawAi) -> Result<Self, Invalid> {
        let d = AiSettings::default();
        let concurrency = a
            .concurrency
            .as_ref()
            .map(|c| {
                check(
                    c,
                    "concurrency",
                    |c| (1..=i64::from(u32::MAX)).contains(&c),
                    "a whole number of conversations of 1 or more (omit it for no limit)",
                )
                .map(|c| c as u32)
            })
            .transpose()?;
        Ok(AiSettings {
            enabled: a.enabled.unwrap_or(true),
            cost_per_conversation: non_negative(
                a.cost_per_conversation.as_ref(),
                "cost_per_conversation",
                0.0,
            )?,
            cost_per_minute: non_negative(a.cost_per_minute.as_ref(), "cost_per_minute", 0.0)?,
            concurrency,
            bot_time_counts_against_patience: a
                .bot_time_counts_against_patience
                .unwrap_or(d.bot_time_counts_against_patience),
            context_loss: non_negative(a.context_loss.as_ref(), "context_loss", d.context_loss)?,
            repeats_go_to_human: a.repeats_go_to_human.unwrap_or(d.repeats_go_to_human),
            fte_productive_time: optional(
                a.fte_productive_time.as_ref().map(secs).as_ref(),
                "fte_productive_time",
                d.fte_productive_time,
                |t| t > 0.0,
                "a duration longer than zero, such as \"150h\" (productive time of one \
                 full-time agent per month)",
            )?,
        })
    }
}

impl TryFrom<&RawRepeats> for Repeats {
    type Error = Invalid;

    fn try_from(r: &RawRepeats) -> Result<Self, Invalid> {
        Ok(Repeats {
            max_attempts: check(
                &r.max_attempts,
                "max_attempts",
                |n| (1..=1000).contains(&n),
                "a whole number of attempts from 1 to 1,000",
            )? as u32,
            delay: Some(distribution(&r.delay, "delay")?),
        })
    }
}

impl TryFrom<&RawChurn> for Churn {
    type Error = Invalid;

    fn try_from(c: &RawChurn) -> Result<Self, Invalid> {
        let p = |v: &Option<toml::Spanned<f64>>, key: &str| probability(v.as_ref(), key, 0.0);
        Ok(Churn {
            customer_value: non_negative(c.customer_value.as_ref(), "customer_value", 0.0)?,
            per_abandonment: p(&c.per_abandonment, "per_abandonment")?,
            per_unresolved: p(&c.per_unresolved, "per_unresolved")?,
            per_repeat: p(&c.per_repeat, "per_repeat")?,
            per_long_wait: p(&c.per_long_wait, "per_long_wait")?,
            per_escalation: p(&c.per_escalation, "per_escalation")?,
            long_wait: c.long_wait.as_ref().map_or(300.0, |d| d.get_ref().0),
        })
    }
}

/// The resolution window of a file that sets none, seconds: seven days, or half the
/// measured period (horizon − warm-up) if that is shorter. Only problems whose window closes
/// before the end of the run are judged, so a window as long as the measured period judges
/// none and true resolution would be undefined; half of it judges the first half of the
/// measured contacts. A file that sets `quality.resolution_window` gets exactly that window,
/// and a warning if the run is too short to measure it.
pub(super) fn default_resolution_window(sim: &Simulation) -> f64 {
    (7.0 * crate::units::DAY).min(0.5 * (sim.horizon - sim.warmup))
}

/// What `[quality]` says: the satisfaction model, the window of true resolution, and the
/// base scores every intent starts from unless it has its own.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Quality {
    /// Penalties, the abandoned score and survey response rates.
    pub(super) satisfaction: Satisfaction,
    /// Seconds from the first contact within which a resolution counts as true resolution,
    /// as the file sets it; `None` takes [`default_resolution_window`].
    pub(super) resolution_window: Option<f64>,
    /// Score (1–5) of a contact resolved by a human, before penalties.
    pub(super) human_score: f64,
    /// Score (1–5) of a contact resolved by the AI, before penalties.
    pub(super) ai_score: f64,
}

impl TryFrom<&RawQuality> for Quality {
    type Error = Invalid;

    fn try_from(q: &RawQuality) -> Result<Self, Invalid> {
        let d = Satisfaction::default();
        let penalty = |v: &Option<toml::Spanned<f64>>, key: &str, default: f64| {
            non_negative(v.as_ref(), key, default)
        };
        let human_score = score(q.human_score.as_ref(), "human_score", 4.4)?;
        let ai_score = score(q.ai_score.as_ref(), "ai_score", 4.2)?;
        let satisfaction = Satisfaction {
            wait_penalty_per_minute: penalty(
                &q.wait_penalty_per_minute,
                "wait_penalty_per_minute",
                d.wait_penalty_per_minute,
            )?,
            escalation_penalty: penalty(
                &q.escalation_penalty,
                "escalation_penalty",
                d.escalation_penalty,
            )?,
            repeat_penalty: penalty(&q.repeat_penalty, "repeat_penalty", d.repeat_penalty)?,
            unresolved_penalty: penalty(
                &q.unresolved_penalty,
                "unresolved_penalty",
                d.unresolved_penalty,
            )?,
            abandoned_score: score(
                q.abandoned_score.as_ref(),
                "abandoned_score",
                d.abandoned_score,
            )?,
            survey_response: probability(
                q.survey_response.as_ref(),
                "survey_response",
                d.survey_response,
            )?,
            survey_response_abandoned: probability(
                q.survey_response_abandoned.as_ref(),
                "survey_response_abandoned",
                d.survey_response_abandoned,
            )?,
        };
        let resolution_window = q
            .resolution_window
            .as_ref()
            .map(|w| {
                check(
                    &secs(w),
                    "resolution_window",
                    |w| w > 0.0,
                    "a window longer than zero",
                )
            })
            .transpose()?;
        Ok(Quality {
            satisfaction,
            resolution_window,
            human_score,
            ai_score,
        })
    }
}
