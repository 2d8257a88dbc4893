//! Validation of `[[pools]]`: staffing, skills, concurrency, shrinkage and cost.

use toml::Spanned;

use super::raw::{self, RawAgents};
use super::validate::{MAX_AGENTS, check, non_negative, unique_name};
use super::{ScenarioError, Source};
use crate::model::{Intent, Pool, Staffing};
use std::collections::HashSet;

pub(super) fn validate_pools(
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
