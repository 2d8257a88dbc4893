//! Validation of `[[pools]]`: staffing (direct, from a workforce, or gig), skills,
//! concurrency, shrinkage and cost.

use toml::Spanned;

use super::raw::{self, Dur, RawAgents};
use super::validate::{MAX_AGENTS, check, non_negative, probability, unique_name};
use super::{ScenarioError, Source};
use crate::model::{Gig, HiringPolicy, Intent, Learning, Pool, Staffing, Workforce};
use std::collections::HashSet;

/// A duration key as a number of seconds with its span.
fn secs(d: &Spanned<Dur>) -> Spanned<f64> {
    Spanned::new(d.span(), d.get_ref().0)
}

/// A whole number of agents (from 0 to 1,000,000), times `scale`, rounded.
fn agents(src: &Source, v: &Spanned<i64>, key: &str, scale: f64) -> Result<u32, ScenarioError> {
    let n = check(
        src,
        v,
        key,
        |n| (0..=MAX_AGENTS).contains(&n),
        "a whole number of agents from 0 to 1,000,000",
    )?;
    Ok((n as f64 * scale).round() as u32)
}

fn validate_workforce(
    raw: &Spanned<raw::RawWorkforce>,
    key: &str,
    src: &Source,
    scale: f64,
) -> Result<Workforce, ScenarioError> {
    let w = raw.get_ref();
    let k = |field: &str| format!("{key}.{field}");
    let hiring = match (&w.hiring_target, &w.hires_per_month) {
        (Some(_), Some(_)) => {
            return Err(src.error(
                raw.span(),
                key,
                "expected `hiring_target` (replace leavers up to a headcount) or `hires_per_month`, not both",
            ));
        }
        (Some(t), None) => HiringPolicy::Target(agents(src, t, &k("hiring_target"), scale)?),
        (None, Some(n)) => {
            HiringPolicy::PerMonth(non_negative(src, Some(n), &k("hires_per_month"), 0.0)? * scale)
        }
        (None, None) => HiringPolicy::None,
    };
    let duration = |d: &Option<Spanned<Dur>>, field: &str| match d {
        Some(d) => check(
            src,
            &secs(d),
            &k(field),
            |x| x >= 0.0,
            "a duration of zero or more",
        ),
        None => Ok(0.0),
    };
    let learning = match &w.learning {
        None => None,
        Some(l) => {
            let lk = |f: &str| k(&format!("learning.{f}"));
            let l = l.get_ref();
            Some(Learning {
                handle_time: match &l.handle_time {
                    Some(h) => check(
                        src,
                        h,
                        &lk("handle_time"),
                        |x| (1.0..=10.0).contains(&x),
                        "a factor from 1 to 10 on a new agent's handle time",
                    )?,
                    None => 1.0,
                },
                resolution: match &l.resolution {
                    Some(r) => probability(src, Some(r), &lk("resolution"), 1.0)?,
                    None => 1.0,
                },
                proficient_after: check(
                    src,
                    &secs(&l.proficient_after),
                    &lk("proficient_after"),
                    |x| x >= 0.0,
                    "a duration of zero or more",
                )?,
            })
        }
    };
    let weights = |r: &Option<Spanned<Vec<f64>>>, field: &str, len: Option<usize>| match r {
        None => Ok(vec![1.0]),
        Some(r) => {
            let v = r.get_ref();
            let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
            let bad_len = len.is_some_and(|n| v.len() != n);
            if v.is_empty()
                || bad_len
                || v.iter().any(|x| !(x.is_finite() && *x >= 0.0))
                || mean <= 0.0
            {
                let what = match len {
                    Some(n) => format!("{n} weights (Monday to Sunday)"),
                    None => "weights, one per interval of the day,".to_string(),
                };
                return Err(src.error(
                    r.span(),
                    k(field),
                    format!("expected {what} of zero or more, at least one above zero"),
                ));
            }
            Ok(v.iter().map(|x| x / mean).collect())
        }
    };
    let roster = weights(&w.roster, "roster", None)?;
    let weekly_roster = weights(&w.weekly_roster, "weekly_roster", Some(7))?;
    Ok(Workforce {
        headcount: agents(src, &w.headcount, &k("headcount"), scale)?,
        hours_per_week: match &w.hours_per_week {
            Some(h) => check(
                src,
                h,
                &k("hours_per_week"),
                |x| x > 0.0 && x <= 168.0,
                "paid hours per week above zero and at most 168",
            )?,
            None => 40.0,
        },
        attrition: match &w.attrition {
            Some(a) => check(
                src,
                a,
                &k("attrition"),
                |x| (0.0..1.0).contains(&x),
                "a monthly share leaving from 0 up to (not including) 1, such as 0.02",
            )?,
            None => 0.0,
        },
        hiring,
        frozen: w.hiring_frozen.unwrap_or(false),
        lead_time: duration(&w.lead_time, "lead_time")?,
        training: duration(&w.training, "training")?,
        learning,
        severance: non_negative(src, w.severance.as_ref(), &k("severance"), 0.0)?,
        roster,
        weekly_roster,
    })
}

fn validate_gig(
    raw: &Spanned<raw::RawGig>,
    key: &str,
    src: &Source,
    scale: f64,
) -> Result<Gig, ScenarioError> {
    let g = raw.get_ref();
    let k = |field: &str| format!("{key}.{field}");
    if g.log_in_queue.is_none() && g.log_in_wait.is_none() {
        return Err(src.error(
            raw.span(),
            key,
            "expected `log_in_queue` (contacts waiting) or `log_in_wait` (expected wait), or both: when gig agents are called",
        ));
    }
    Ok(Gig {
        cap: agents(src, &g.cap, &k("cap"), scale)?,
        log_in_queue: match &g.log_in_queue {
            Some(q) => Some(check(
                src,
                q,
                &k("log_in_queue"),
                |n| (1..=100_000_000).contains(&n),
                "a number of waiting contacts of at least 1",
            )? as u32),
            None => None,
        },
        log_in_wait: match &g.log_in_wait {
            Some(w) => Some(check(
                src,
                &secs(w),
                &k("log_in_wait"),
                |x| x >= 0.0,
                "a duration of zero or more",
            )?),
            None => None,
        },
        response_delay: match &g.response_delay {
            Some(d) => check(
                src,
                &secs(d),
                &k("response_delay"),
                |x| x >= 0.0,
                "a duration of zero or more",
            )?,
            None => 0.0,
        },
        check_every: match &g.check_every {
            Some(d) => check(
                src,
                &secs(d),
                &k("check_every"),
                |x| x >= 1.0,
                "a duration of at least one second",
            )?,
            None => 60.0,
        },
        min_session: match &g.min_session {
            Some(d) => check(
                src,
                &secs(d),
                &k("min_session"),
                |x| x >= 0.0,
                "a duration of zero or more",
            )?,
            None => 0.0,
        },
    })
}

pub(super) fn validate_pools(
    raw: Spanned<Vec<Spanned<raw::RawPool>>>,
    intents: &[Intent],
    src: &Source,
    volume_scale: f64,
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
        let modes = [
            rp.agents.is_some(),
            rp.workforce.is_some(),
            rp.gig.is_some(),
        ];
        if modes.iter().filter(|&&m| m).count() != 1 {
            return Err(src.error(
                rp.name.span(),
                k("agents"),
                format!(
                    "pool {name:?}: expected exactly one of `agents` (on duty per interval), `workforce` (headcount over months) or `gig` (elastic log-in)"
                ),
            ));
        }
        let raw_agents = rp
            .agents
            .as_ref()
            .map_or(RawAgents::Constant(0), |a| a.get_ref().clone());
        let agents_span = rp.agents.as_ref().map_or(rp.name.span(), |a| a.span());
        let agents_err = |msg: &str| src.error(agents_span.clone(), k("agents"), msg.to_string());
        let to_u32 = |n: i64| (0..=MAX_AGENTS).contains(&n).then_some(n as u32);
        let staffing = match &raw_agents {
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
        let scale = non_negative(src, rp.staffing_scale.as_ref(), &k("staffing_scale"), 1.0)?
            * volume_scale;
        let workforce = match &rp.workforce {
            Some(w) => Some(validate_workforce(w, &k("workforce"), src, scale)?),
            None => None,
        };
        let gig = match &rp.gig {
            Some(g) => Some(validate_gig(g, &k("gig"), src, scale)?),
            None => None,
        };
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
            cost_per_contact: non_negative(
                src,
                rp.cost_per_contact.as_ref(),
                &k("cost_per_contact"),
                0.0,
            )?,
            workforce,
            gig,
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
