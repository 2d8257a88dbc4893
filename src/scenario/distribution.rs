//! A distribution of durations as the file writes it (`{ dist = "lognormal", mean = "6m",
//! cv = 0.7 }`): which keys each family takes, built by [`TimeDistribution`]'s constructors,
//! whose messages are passed on with the key.

use toml::Spanned;

use super::error::Invalid;
use super::raw::{DistKind, RawDistribution};
use crate::model::TimeDistribution;

/// The keys a family needs and the keys it allows.
fn keys(kind: DistKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        DistKind::Exponential => (&["mean"], &["mean"]),
        DistKind::Lognormal | DistKind::Gamma | DistKind::Weibull => {
            (&["mean", "cv"], &["mean", "cv"])
        }
        DistKind::Deterministic => (&["value"], &["value"]),
        DistKind::Uniform => (&["min", "max"], &["min", "max"]),
        DistKind::Empirical => (&["values"], &["values"]),
    }
}

/// Refuses a key the family does not take and a key it lacks.
fn check_keys(d: &RawDistribution, name: &str) -> Result<(), String> {
    let (needs, allowed) = keys(d.dist);
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
            return Err(format!(
                "`{k}` does not apply to a {name} distribution, which takes {}",
                allowed.join(" and ")
            ));
        }
        if !is && needs.contains(&k) {
            return Err(format!(
                "a {name} distribution needs `{k}` (it takes {})",
                needs.join(" and ")
            ));
        }
    }
    Ok(())
}

impl TryFrom<&Spanned<RawDistribution>> for TimeDistribution {
    type Error = Invalid;

    /// Errors are keyed to the distribution's own table (an empty key).
    fn try_from(raw: &Spanned<RawDistribution>) -> Result<Self, Invalid> {
        let d = raw.get_ref();
        let err = |msg: String| Invalid::new(raw.span(), "", msg);
        let name = format!("{:?}", d.dist).to_lowercase();
        check_keys(d, &name).map_err(err)?;
        let mean = d.mean.map_or(0.0, |m| m.0);
        let cv = d.cv.unwrap_or(0.0);
        let built = match d.dist {
            DistKind::Exponential => TimeDistribution::exponential(mean),
            DistKind::Lognormal => TimeDistribution::lognormal(mean, cv),
            DistKind::Gamma => TimeDistribution::gamma(mean, cv),
            DistKind::Weibull => TimeDistribution::weibull(mean, cv),
            DistKind::Deterministic => {
                TimeDistribution::deterministic(d.value.map_or(0.0, |v| v.0))
            }
            DistKind::Uniform => {
                TimeDistribution::uniform(d.min.map_or(0.0, |v| v.0), d.max.map_or(0.0, |v| v.0))
            }
            DistKind::Empirical => {
                TimeDistribution::empirical(d.values.iter().flatten().map(|v| v.0).collect())
            }
        };
        built.map_err(|m| err(format!("{name}: {m}")))
    }
}

/// The distribution at key `key` of the enclosing table.
pub(super) fn distribution(
    raw: &Spanned<RawDistribution>,
    key: &str,
) -> Result<TimeDistribution, Invalid> {
    TimeDistribution::try_from(raw).map_err(|e| e.within(key))
}
