//! `[[intents]]`: why customers contact; each intent's channel, share, handle time, patience,
//! priority, human resolution, satisfaction, its own day-to-day noise (`daily_noise`), and
//! the AI's behaviour on it (`ai = { ... }`).

use std::collections::HashSet;

use toml::Spanned;

use super::check::{SHARE_TOLERANCE, check, each, probability, score, unique_name};
use super::distribution::distribution;
use super::error::Invalid;
use super::raw::{RawIntent, RawIntentAi};
use crate::model::{AiBehaviour, Channel, Intent};

/// The scores (1–5) an intent starts from unless it has its own: `[quality]`'s `human_score`
/// and `ai_score`.
#[derive(Debug, Clone, Copy)]
pub(super) struct BaseScores {
    /// Score of a contact resolved by a human.
    pub(super) human: f64,
    /// Score of a contact resolved by the AI.
    pub(super) ai: f64,
}

/// The intents of the file, in file order; their shares must sum to 1.
pub(super) fn intents(
    raw: &Spanned<Vec<Spanned<RawIntent>>>,
    scores: BaseScores,
) -> Result<Vec<Intent>, Invalid> {
    let list = raw.get_ref();
    if list.is_empty() {
        return Err(Invalid::new(
            raw.span(),
            "intents",
            "expected at least one [[intents]] table",
        ));
    }
    let mut seen = HashSet::new();
    let intents = each(list, "intents", |ri| {
        intent(ri.get_ref(), &mut seen, scores)
    })?;
    let total_share: f64 = intents.iter().map(|i| i.share).sum();
    if (total_share - 1.0).abs() > SHARE_TOLERANCE {
        let last = list.last().map_or(raw.span(), |l| l.get_ref().share.span());
        return Err(Invalid::new(
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

/// One intent; `seen` holds the names of the intents before it.
fn intent(
    ri: &RawIntent,
    seen: &mut HashSet<String>,
    scores: BaseScores,
) -> Result<Intent, Invalid> {
    let name = unique_name(seen, &ri.name, "name")?;
    let share = check(
        &ri.share,
        "share",
        |s| (0.0..=1.0).contains(&s),
        "a share between 0 and 1 (or 0% to 100%)",
    )?;
    let channel = ri.channel.unwrap_or(Channel::Chat);
    let handle_time = distribution(&ri.handle_time, "handle_time")?;
    if let (Channel::Email, Some(p)) = (channel, &ri.patience) {
        return Err(Invalid::new(
            p.span(),
            "patience",
            "email customers do not hang up: remove `patience` and set a response-time target with `service_level_threshold`",
        ));
    }
    let patience = ri
        .patience
        .as_ref()
        .map(|p| distribution(p, "patience"))
        .transpose()?;
    let service_level_threshold = ri.service_level_threshold.as_ref().map(|t| t.get_ref().0);
    let human_resolution = probability(ri.human_resolution.as_ref(), "human_resolution", 1.0)?;
    let ai = ri
        .ai
        .as_ref()
        .map(|a| AiBehaviour::try_from(a).map_err(|e| e.within("ai")))
        .transpose()?;
    let own = ri.satisfaction.as_ref().map(Spanned::get_ref);
    let satisfaction_human = score(
        own.and_then(|s| s.human.as_ref()),
        "satisfaction.human",
        scores.human,
    )?;
    let satisfaction_ai = score(
        own.and_then(|s| s.ai.as_ref()),
        "satisfaction.ai",
        scores.ai,
    )?;
    let priority = match &ri.priority {
        Some(p) => check(
            p,
            "priority",
            |p| i32::try_from(p).is_ok(),
            "a whole number",
        )? as i32,
        None => 0,
    };
    let daily_noise = match &ri.daily_noise {
        None => None,
        Some(noise) => {
            let cv = check(
                &noise.get_ref().cv,
                "daily_noise.cv",
                |c| c.is_finite() && (0.0..=3.0).contains(&c),
                "the coefficient of variation of the intent's own day-to-day multiplier, from 0 \
                 to 3 (0.2: its days within about 20 % of the floor's)",
            )?;
            (cv > 0.0).then_some(cv)
        }
    };
    Ok(Intent {
        name,
        channel,
        share,
        daily_noise,
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
    })
}

impl TryFrom<&Spanned<RawIntentAi>> for AiBehaviour {
    type Error = Invalid;

    /// `containment` is a shorthand: containment = 1 − escalated, and what is contained but
    /// neither falsely resolved nor abandoned is resolved. The four outcomes sum to 1.
    fn try_from(raw: &Spanned<RawIntentAi>) -> Result<Self, Invalid> {
        let a = raw.get_ref();
        let falsely_resolved = probability(a.falsely_resolved.as_ref(), "falsely_resolved", 0.0)?;
        let abandoned = probability(a.abandoned.as_ref(), "abandoned", 0.0)?;
        let (resolved, escalated) = match &a.containment {
            Some(c) => contained(raw, c, falsely_resolved + abandoned)?,
            None => (
                probability(a.resolved.as_ref(), "resolved", 0.0)?,
                probability(a.escalated.as_ref(), "escalated", 0.0)?,
            ),
        };
        let total = resolved + falsely_resolved + escalated + abandoned;
        if (total - 1.0).abs() > SHARE_TOLERANCE {
            return Err(Invalid::new(
                raw.span(),
                "",
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
            opt_out: probability(a.opt_out.as_ref(), "opt_out", 0.0)?,
            handle_time: distribution(&a.handle_time, "handle_time")?,
        })
    }
}

/// (resolved, escalated) from a containment `c` of which `lost` (falsely resolved plus
/// abandoned) is not resolved.
fn contained(
    raw: &Spanned<RawIntentAi>,
    c: &Spanned<f64>,
    lost: f64,
) -> Result<(f64, f64), Invalid> {
    let a = raw.get_ref();
    if a.resolved.is_some() || a.escalated.is_some() {
        return Err(Invalid::new(
            c.span(),
            "containment",
            "give either `containment` or `resolved` and `escalated`, not both",
        ));
    }
    let c = probability(Some(c), "containment", 0.0)?;
    let resolved = c - lost;
    if resolved < -SHARE_TOLERANCE {
        let falsely = a.falsely_resolved.as_ref().map_or(0.0, |f| *f.get_ref());
        let abandoned = a.abandoned.as_ref().map_or(0.0, |f| *f.get_ref());
        return Err(Invalid::new(
            raw.span(),
            "",
            format!(
                "a containment of {c} cannot hold {falsely} falsely resolved and {abandoned} abandoned"
            ),
        ));
    }
    Ok((resolved.max(0.0), 1.0 - c))
}
