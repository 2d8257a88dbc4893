//! Validation of `[[intents]]`: channel, shares, distributions, the AI's behaviour per intent.

use toml::Spanned;

use super::raw::{self};
use super::validate::{SHARE_TOLERANCE, check, distribution, probability, score, unique_name};
use super::{ScenarioError, Source};
use crate::model::{AiBehaviour, Channel, Intent};
use std::collections::HashSet;
use std::ops::Range;

pub(super) fn validate_intents(
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
        let score = |v: Option<&Spanned<f64>>, f: &str, default: f64| score(src, v, &k(f), default);
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
