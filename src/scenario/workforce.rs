//! `workforce = { ... }` and `gig = { ... }` on a pool: headcount over months (attrition,
//! hiring and its cost per hire, training, learning, layoffs' severance, rosters) and gig agents who log in when
//! the queue builds.

use toml::Spanned;

use super::check::{agents, check, duration, non_negative, optional, probability, secs};
use super::error::Invalid;
use super::raw::{RawGig, RawLearning, RawWorkforce};
use crate::model::{Gig, HiringPolicy, Learning, Workforce};

/// The workforce of a pool; headcounts and hiring are multiplied by `scale` (the pool's
/// `staffing_scale` times the run's scale) and rounded.
pub(super) fn workforce(raw: &Spanned<RawWorkforce>, scale: f64) -> Result<Workforce, Invalid> {
    let w = raw.get_ref();
    let hiring = match (&w.hiring_target, &w.hires_per_month) {
        (Some(_), Some(_)) => {
            return Err(Invalid::new(
                raw.span(),
                "",
                "expected `hiring_target` (replace leavers up to a headcount) or `hires_per_month`, not both",
            ));
        }
        (Some(t), None) => HiringPolicy::Target(agents(t, "hiring_target", scale)?),
        (None, Some(n)) => {
            HiringPolicy::PerMonth(non_negative(Some(n), "hires_per_month", 0.0)? * scale)
        }
        (None, None) => HiringPolicy::None,
    };
    let learning = w
        .learning
        .as_ref()
        .map(|l| Learning::try_from(l.get_ref()).map_err(|e| e.within("learning")))
        .transpose()?;
    let roster = weights(w.roster.as_ref(), "roster", None)?;
    let weekly_roster = weights(w.weekly_roster.as_ref(), "weekly_roster", Some(7))?;
    Ok(Workforce {
        headcount: agents(&w.headcount, "headcount", scale)?,
        hours_per_week: optional(
            w.hours_per_week.as_ref(),
            "hours_per_week",
            40.0,
            |x| x > 0.0 && x <= 168.0,
            "paid hours per week above zero and at most 168",
        )?,
        attrition: optional(
            w.attrition.as_ref(),
            "attrition",
            0.0,
            |x| (0.0..1.0).contains(&x),
            "a monthly share leaving from 0 up to (not including) 1, such as 0.02",
        )?,
        hiring,
        frozen: w.hiring_frozen.unwrap_or(false),
        lead_time: duration(w.lead_time.as_ref(), "lead_time", 0.0)?,
        training: duration(w.training.as_ref(), "training", 0.0)?,
        learning,
        severance: non_negative(w.severance.as_ref(), "severance", 0.0)?,
        hiring_cost: non_negative(w.hiring_cost.as_ref(), "hiring_cost", 0.0)?,
        roster,
        weekly_roster,
    })
}

/// Roster weights (one per interval of the day, or `len` of them), scaled to mean 1; none
/// given is a flat roster.
fn weights(
    r: Option<&Spanned<Vec<f64>>>,
    key: &str,
    len: Option<usize>,
) -> Result<Vec<f64>, Invalid> {
    let Some(r) = r else {
        return Ok(vec![1.0]);
    };
    let v = r.get_ref();
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let bad_len = len.is_some_and(|n| v.len() != n);
    if v.is_empty() || bad_len || v.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || mean <= 0.0 {
        let what = match len {
            Some(n) => format!("{n} weights (Monday to Sunday)"),
            None => "weights, one per interval of the day,".to_string(),
        };
        return Err(Invalid::new(
            r.span(),
            key,
            format!("expected {what} of zero or more, at least one above zero"),
        ));
    }
    Ok(v.iter().map(|x| x / mean).collect())
}

impl TryFrom<&RawLearning> for Learning {
    type Error = Invalid;

    fn try_from(l: &RawLearning) -> Result<Self, Invalid> {
        Ok(Learning {
            handle_time: optional(
                l.handle_time.as_ref(),
                "handle_time",
                1.0,
                |x| (1.0..=10.0).contains(&x),
                "a factor from 1 to 10 on a new agent's handle time",
            )?,
            resolution: probability(l.resolution.as_ref(), "resolution", 1.0)?,
            proficient_after: check(
                &secs(&l.proficient_after),
                "proficient_after",
                |x| x >= 0.0,
                "a duration of zero or more",
            )?,
        })
    }
}

/// The gig agents of a pool; the cap and the queue that calls them (`log_in_queue`) are
/// multiplied by `scale` and rounded (the queue to at least 1).
pub(super) fn gig(raw: &Spanned<RawGig>, scale: f64) -> Result<Gig, Invalid> {
    let g = raw.get_ref();
    if g.log_in_queue.is_none() && g.log_in_wait.is_none() {
        return Err(Invalid::new(
            raw.span(),
            "",
            "expected `log_in_queue` (contacts waiting) or `log_in_wait` (expected wait), or both: when gig agents are called",
        ));
    }
    Ok(Gig {
        cap: agents(&g.cap, "cap", scale)?,
        log_in_queue: g
            .log_in_queue
            .as_ref()
            .map(|q| {
                check(
                    q,
                    "log_in_queue",
                    |n| (1..=100_000_000).contains(&n),
                    "a number of waiting contacts of at least 1",
                )
                // A count threshold scales with the volume, like every count: a tenth of
                // the operation calls gig agents when a tenth as many wait.
                .map(|n| (n as f64 * scale).round().max(1.0) as u32)
            })
            .transpose()?,
        log_in_wait: g
            .log_in_wait
            .as_ref()
            .map(|w| duration(Some(w), "log_in_wait", 0.0))
            .transpose()?,
        response_delay: duration(g.response_delay.as_ref(), "response_delay", 0.0)?,
        check_every: optional(
            g.check_every.as_ref().map(secs).as_ref(),
            "check_every",
            60.0,
            |x| x >= 1.0,
            "a duration of at least one second",
        )?,
        min_session: duration(g.min_session.as_ref(), "min_session", 0.0)?,
    })
}
