//! `[[pools]]`: who answers. Staffing (agents on duty, a schedule of shifts, a workforce, or
//! gig agents), skills,
//! concurrency, shrinkage and cost.

use std::collections::HashSet;
use std::path::Path;

use toml::Spanned;

use super::check::{MAX_AGENTS, each, non_negative, optional, unique_name};
use super::error::Invalid;
use super::raw::{RawAgents, RawPool};
use super::shifts::schedule;
use super::workforce::{gig, workforce};
use crate::model::{Intent, Pool, ShiftTemplate, Staffing};
use crate::units::{DAY, WEEK};

/// The pools of the file, in file order (the order of preference for idle agents); every
/// intent with a share must be served by some pool. Headcounts are multiplied by
/// `volume_scale` (the run's scale) and each pool's `staffing_scale`.
pub(super) fn pools(
    raw: &Spanned<Vec<Spanned<RawPool>>>,
    intents: &[Intent],
    volume_scale: f64,
    templates: &[ShiftTemplate],
    dir: &Path,
) -> Result<Vec<Pool>, Invalid> {
    let list = raw.get_ref();
    if list.is_empty() {
        return Err(Invalid::new(
            raw.span(),
            "pools",
            "expected at least one [[pools]] table",
        ));
    }
    let mut seen = HashSet::new();
    let mut index = 0;
    let pools = each(list, "pools", |rp| {
        index += 1;
        let shifts = Shifts {
            pool: index - 1,
            templates,
            dir,
        };
        pool(rp.get_ref(), &mut seen, intents, volume_scale, &shifts)
    })?;
    for (i, intent) in intents.iter().enumerate() {
        if intent.share > 0.0 && !pools.iter().any(|p| p.skills.contains(&i)) {
            return Err(Invalid::new(
                raw.span(),
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

/// What a pool needs to read its schedule: its index, the file's shift templates, and the
/// scenario's folder (a `schedule_file` is relative to it).
struct Shifts<'a> {
    pool: usize,
    templates: &'a [ShiftTemplate],
    dir: &'a Path,
}

/// One pool; `seen` holds the names of the pools before it.
fn pool(
    rp: &RawPool,
    seen: &mut HashSet<String>,
    intents: &[Intent],
    volume_scale: f64,
    shifts: &Shifts,
) -> Result<Pool, Invalid> {
    let name = unique_name(seen, &rp.name, "name")?;
    let on_schedule = rp.schedule.is_some() || rp.schedule_file.is_some();
    let modes = [
        rp.agents.is_some(),
        rp.workforce.is_some(),
        rp.gig.is_some(),
        on_schedule,
    ];
    if modes.iter().filter(|&&m| m).count() != 1 {
        return Err(Invalid::new(
            rp.name.span(),
            "agents",
            format!(
                "pool {name:?}: expected exactly one of `agents` (on duty per interval), `schedule` or `schedule_file` (agents on shifts), `workforce` (headcount over months) or `gig` (elastic log-in)"
            ),
        ));
    }
    if let (true, Some(s)) = (on_schedule, &rp.shrinkage) {
        return Err(Invalid::new(
            s.span(),
            "shrinkage",
            "a pool on a schedule has its time off the floor in its shifts' breaks; remove \
             `shrinkage` (it applies to `agents` and `workforce`)",
        ));
    }
    let staffing = match schedule(rp, shifts.pool, shifts.templates, shifts.dir)? {
        Some(s) => Staffing::Schedule(s),
        None => staffing(rp)?,
    };
    let skills = skills(rp.skills.as_ref(), intents)?;
    let concurrency = optional(
        rp.concurrency.as_ref(),
        "concurrency",
        1,
        |c| (1..=100).contains(&c),
        "a whole number of conversations from 1 to 100",
    )? as u32;
    let scale = non_negative(rp.staffing_scale.as_ref(), "staffing_scale", 1.0)? * volume_scale;
    let workforce = rp
        .workforce
        .as_ref()
        .map(|w| workforce(w, scale).map_err(|e| e.within("workforce")))
        .transpose()?;
    let gig = rp
        .gig
        .as_ref()
        .map(|g| gig(g, scale).map_err(|e| e.within("gig")))
        .transpose()?;
    let scaled = |n: u32| (f64::from(n) * scale).round() as u32;
    let staffing = match staffing {
        _ if scale == 1.0 => staffing,
        Staffing::Constant(n) => Staffing::Constant(scaled(n)),
        Staffing::PerInterval { agents, cycle } => Staffing::PerInterval {
            agents: agents.into_iter().map(scaled).collect(),
            cycle,
        },
        Staffing::Schedule(s) => Staffing::Schedule(s.scaled(scale)),
    };
    Ok(Pool {
        name,
        staffing,
        skills,
        concurrency,
        concurrency_stretch: non_negative(
            rp.concurrency_stretch.as_ref(),
            "concurrency_stretch",
            0.0,
        )?,
        shrinkage: optional(
            rp.shrinkage.as_ref(),
            "shrinkage",
            0.0,
            |x| (0.0..1.0).contains(&x),
            "a share from 0 up to (not including) 1",
        )?,
        hourly_cost: non_negative(rp.hourly_cost.as_ref(), "hourly_cost", 0.0)?,
        cost_per_contact: non_negative(rp.cost_per_contact.as_ref(), "cost_per_contact", 0.0)?,
        workforce,
        gig,
    })
}

/// Agents on duty as the file gives them (before scaling): one number, or one per interval
/// of the cycle `agents_cycle` names (the day unless the week). A workforce or gig pool has
/// none (zero).
fn staffing(rp: &RawPool) -> Result<Staffing, Invalid> {
    let cycle = agents_cycle(rp)?;
    let raw_agents = rp
        .agents
        .as_ref()
        .map_or(RawAgents::Constant(0), |a| a.get_ref().clone());
    let span = rp.agents.as_ref().map_or(rp.name.span(), |a| a.span());
    let err = |msg: &str| Invalid::new(span.clone(), "agents", msg);
    let to_u32 = |n: i64| (0..=MAX_AGENTS).contains(&n).then_some(n as u32);
    Ok(match &raw_agents {
        RawAgents::Constant(n) => Staffing::Constant(
            to_u32(*n)
                .ok_or_else(|| err("expected a whole number of agents from 0 to 1,000,000"))?,
        ),
        RawAgents::PerInterval(v) if v.is_empty() => {
            let per = if cycle == WEEK { "week" } else { "day" };
            return Err(err(&format!(
                "expected at least one number (one per interval of the {per})"
            )));
        }
        RawAgents::PerInterval(v) => Staffing::PerInterval {
            agents: v
                .iter()
                .map(|&n| to_u32(n))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| err("expected whole numbers of agents from 0 to 1,000,000"))?,
            cycle,
        },
    })
}

/// The cycle a list of `agents` covers, seconds: `agents_cycle = "day"` (the default) or
/// `"week"`. The key is refused where it would have no effect: with a single number of
/// agents (on duty around the clock) and in a workforce or gig pool (which has no `agents`).
fn agents_cycle(rp: &RawPool) -> Result<f64, Invalid> {
    let Some(c) = &rp.agents_cycle else {
        return Ok(DAY);
    };
    let err = |msg: String| Invalid::new(c.span(), "agents_cycle", msg);
    match rp.agents.as_ref().map(Spanned::get_ref) {
        None if rp.schedule.is_some() || rp.schedule_file.is_some() => {
            return Err(err(
                "agents_cycle needs a list of agents, and a pool on a schedule has none: its \
                 shifts say who is on duty over the week"
                    .into(),
            ));
        }
        None if rp.workforce.is_some() => {
            return Err(err(
                "agents_cycle needs a list of agents, and a workforce pool has none; spread its \
                 time over the day and the week with `workforce.roster` and \
                 `workforce.weekly_roster`"
                    .into(),
            ));
        }
        None => {
            return Err(err(
                "agents_cycle needs a list of agents, and a gig pool has none: its agents log \
                 in when the queue builds"
                    .into(),
            ));
        }
        Some(RawAgents::Constant(_)) => {
            return Err(err(
                "agents_cycle needs a list of agents (one per interval of the cycle); a single \
                 number is on duty around the clock, so remove `agents_cycle` or give a list"
                    .into(),
            ));
        }
        Some(RawAgents::PerInterval(_)) => {}
    }
    match c.get_ref().trim() {
        "day" => Ok(DAY),
        "week" => Ok(WEEK),
        other => Err(err(format!(
            "expected \"day\" (the list cuts the day into equal intervals) or \"week\" (it cuts \
             the week from Monday 00:00), found {other:?}"
        ))),
    }
}

/// The intents a pool serves, as sorted indices: the names listed (`"*"` for all), or every
/// intent when the pool lists none.
fn skills(
    list: Option<&Spanned<Vec<Spanned<String>>>>,
    intents: &[Intent],
) -> Result<Vec<usize>, Invalid> {
    let Some(list) = list else {
        return Ok((0..intents.len()).collect());
    };
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
                let known: Vec<&str> = intents.iter().map(|i| i.name.as_str()).collect();
                Invalid::new(
                    s.span(),
                    "skills",
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
    Ok(skills)
}
