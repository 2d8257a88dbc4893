//! `[targets]`: the bounds a plan must meet, in every reporting interval (`[targets.interval]`)
//! or over the whole measurement window (`[targets.run]`), and how a target counts as met
//! (`on_average`, the default, or `with_confidence`).
//!
//! The measure keys themselves are checked as the file is read (`raw.rs`), like the fields of
//! any table; here each bound is checked against its measure: exactly one of `min` and `max`,
//! on the side where the measure gets better, and a value in the measure's unit (a duration
//! string for the waits and the time to resolution, a number otherwise).

use toml::{Spanned, Value};

use super::check::check;
use super::error::Invalid;
use super::raw::{RawBound, RawBounds, RawTargets};
use crate::metrics::{Bound, Measure, MetBy, Target, Targets, Unit};
use crate::units::{parse_duration, parse_share};

/// The targets of `raw`. Bounds on a measure that adds up over the window (counts, hours,
/// costs) are multiplied by `scale`, as the volume is, so that a scaled run is judged
/// against a scaled bound.
pub(super) fn targets(raw: &RawTargets, scale: f64) -> Result<Targets, Invalid> {
    let per_interval = match &raw.interval {
        Some(b) => bounds(b, |k| k.0, scale).map_err(|e| e.within("interval"))?,
        None => Vec::new(),
    };
    let over_run = match &raw.run {
        Some(b) => bounds(b, |k| k.0, scale).map_err(|e| e.within("run"))?,
        None => Vec::new(),
    };
    Ok(Targets {
        per_interval,
        over_run,
        met_by: met_by(raw)?,
    })
}

/// `on_average = true` (the default) or `with_confidence = c`, one of them.
fn met_by(raw: &RawTargets) -> Result<MetBy, Invalid> {
    match (&raw.on_average, &raw.with_confidence) {
        (Some(a), Some(_)) => Err(Invalid::new(
            a.span(),
            "on_average",
            "`on_average` and `with_confidence` exclude each other: give one of them",
        )),
        (Some(a), None) if !*a.get_ref() => Err(Invalid::new(
            a.span(),
            "on_average",
            "`on_average = false` needs the confidence instead: write `with_confidence = 0.95` \
             (and no `on_average`)",
        )),
        (None, Some(c)) => check(
            c,
            "with_confidence",
            |c| c > 0.5 && c < 1.0,
            "a confidence level between 0.5 and 1, both excluded, such as 0.95",
        )
        .map(MetBy::WithConfidence),
        _ => Ok(MetBy::OnAverage),
    }
}

/// The targets of one table of bounds, in file order; `measure` reads a key's measure.
fn bounds<K>(
    raw: &RawBounds<K>,
    measure: impl Fn(&K) -> Measure,
    scale: f64,
) -> Result<Vec<Target>, Invalid> {
    raw.0
        .iter()
        .map(|(k, b)| {
            let m = measure(k);
            target(m, b, scale).map_err(|e| e.within(m.key()))
        })
        .collect()
}

/// The target on `m` of `{ min = ... }` or `{ max = ... }`, keyed relative to the measure.
fn target(m: Measure, b: &Spanned<RawBound>, scale: f64) -> Result<Target, Invalid> {
    let raw = b.get_ref();
    let (side, v) = match (&raw.min, &raw.max) {
        (Some(v), None) => ("min", v),
        (None, Some(v)) => ("max", v),
        (Some(_), Some(_)) => {
            return Err(Invalid::new(
                b.span(),
                "",
                "expected one bound, `min` or `max`, not both: a target is one side of a measure",
            ));
        }
        (None, None) => {
            return Err(Invalid::new(
                b.span(),
                "",
                "expected a bound, `min` or `max`, such as `{ min = 0.8 }`; found neither",
            ));
        }
    };
    match (side, m.higher_is_better()) {
        ("min", Some(false)) => {
            return Err(Invalid::new(
                v.span(),
                side,
                format!("lower is better for {}: a target on it is a max", m.key()),
            ));
        }
        ("max", Some(true)) => {
            return Err(Invalid::new(
                v.span(),
                side,
                format!("higher is better for {}: a target on it is a min", m.key()),
            ));
        }
        _ => {}
    }
    let x = value(m, v).map_err(|message| Invalid::new(v.span(), side, message))?;
    let x = if m.is_sum() { x * scale } else { x };
    Ok(Target {
        measure: m,
        bound: if side == "min" {
            Bound::Min(x)
        } else {
            Bound::Max(x)
        },
    })
}

/// How many seconds one unit of `m` is, if its bound is a duration: the waits and handle
/// times (seconds) and the time to resolution (hours). Paid agent-hours are hours too, but a
/// sum of agents' time, not a duration: a number.
fn duration_unit(m: Measure) -> Option<f64> {
    match m.unit() {
        Unit::Seconds => Some(1.0),
        Unit::Hours if !m.is_sum() => Some(3600.0),
        _ => None,
    }
}

/// The bound's value in `m`'s unit, or what was expected.
fn value(m: Measure, v: &Spanned<Value>) -> Result<f64, String> {
    let found = |v: &Value| match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Integer(_) | Value::Float(_) => format!("the number {v}"),
        other => format!("a {}", other.type_str()),
    };
    if let Some(unit) = duration_unit(m) {
        return match v.get_ref() {
            Value::String(s) => parse_duration(s).map(|secs| secs / unit),
            Value::Integer(_) | Value::Float(_) => Err(format!(
                "expected a duration with units such as \"30s\" or \"2m\", found {}: a bare \
                 number could be seconds or minutes",
                found(v.get_ref())
            )),
            other => Err(format!(
                "expected a duration with units such as \"30s\" or \"2m\", found {}",
                found(other)
            )),
        };
    }
    let (ok, expected): (fn(f64) -> bool, &str) = match m.unit() {
        Unit::Share => (
            |x| (0.0..=1.0).contains(&x),
            "a share from 0 to 1 (0.8, or \"80%\")",
        ),
        Unit::Score => (|x| (1.0..=5.0).contains(&x), "a score from 1 to 5"),
        _ => (|x| x.is_finite() && x >= 0.0, "a number of zero or more"),
    };
    let x = match v.get_ref() {
        Value::Integer(i) => *i as f64,
        Value::Float(f) => *f,
        // A share as people write it: "80%".
        Value::String(text) if m.unit() == Unit::Share && text.trim().ends_with('%') => {
            parse_share(text)?
        }
        other => return Err(format!("expected {expected}, found {}", found(other))),
    };
    if ok(x) {
        Ok(x)
    } else {
        Err(format!("expected {expected}, found {x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESK: &str = r#"
[simulation]
horizon = "1d"
[arrivals]
rate = "120/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "4m" }
[[pools]]
name = "agents"
agents = 10
"#;

    fn parse(targets: &str) -> Result<Targets, String> {
        crate::scenario::parse(&format!("{DESK}{targets}"), "t.toml", "t")
            .map(|s| s.targets)
            .map_err(|e| e.to_string())
    }

    fn target(measure: Measure, bound: Bound) -> Target {
        Target { measure, bound }
    }

    #[test]
    fn a_targets_table_is_read_in_file_order_and_in_the_measures_units() {
        let t = parse(
            r#"
[targets]
with_confidence = 0.95
[targets.interval]
service_level = { min = 0.8 }
abandonment_rate = { max = 0.05 }
asa_seconds = { max = "30s" }
probability_of_wait = { max = 0.5 }
[targets.run]
true_resolution_rate = { min = 0.9 }
cost_total = { max = 1_000_000 }
time_to_resolution_hours = { max = "2d" }
csat_survey = { min = 4 }
offered = { min = 100 }
"#,
        )
        .unwrap();
        assert_eq!(t.met_by, MetBy::WithConfidence(0.95));
        assert_eq!(
            t.per_interval,
            [
                target(Measure::ServiceLevel, Bound::Min(0.8)),
                target(Measure::AbandonmentRate, Bound::Max(0.05)),
                target(Measure::AsaSeconds, Bound::Max(30.0)),
                target(Measure::ProbabilityOfWait, Bound::Max(0.5)),
            ]
        );
        assert_eq!(
            t.over_run,
            [
                target(Measure::TrueResolutionRate, Bound::Min(0.9)),
                target(Measure::CostTotal, Bound::Max(1e6)),
                target(Measure::TimeToResolutionHours, Bound::Max(48.0)),
                target(Measure::CsatSurvey, Bound::Min(4.0)),
                // A volume has no better side: either bound is accepted.
                target(Measure::Offered, Bound::Min(100.0)),
            ]
        );
    }

    #[test]
    fn without_a_table_there_is_no_target_and_targets_are_met_on_average() {
        assert_eq!(parse("").unwrap(), Targets::default());
        let t = parse("[targets]\non_average = true\n[targets.run]\nfcr = { min = 0.7 }\n");
        let t = t.unwrap();
        assert_eq!(t.met_by, MetBy::OnAverage);
        assert!(t.per_interval.is_empty() && !t.is_empty());
    }

    #[test]
    fn bounds_that_add_up_follow_the_scale() {
        let text = "[targets.run]\ncost_total = { max = 1000 }\ncost_per_contact = { max = 5 }\n";
        let scaled =
            format!("{DESK}{text}").replace("horizon = \"1d\"", "horizon = \"1d\"\nscale = 0.1");
        let t = crate::scenario::parse(&scaled, "t.toml", "t")
            .unwrap()
            .targets;
        assert_eq!(t.over_run[0].bound, Bound::Max(100.0));
        assert_eq!(t.over_run[1].bound, Bound::Max(5.0));
    }

    /// A share bound as people write it, "80%", is 0.8; "180%" is out of range, "80" is refused
    /// (0 to 1), and a percentage on a measure that is not a share is not a number.
    #[test]
    fn a_share_bound_may_be_written_as_a_percentage() {
        let t = parse("[targets.interval]\nservice_level = { min = \"80%\" }\n").unwrap();
        assert_eq!(t.per_interval[0].bound, Bound::Min(0.8));
        let e = parse("[targets.interval]\nservice_level = { min = \"180%\" }\n").unwrap_err();
        assert!(
            e.contains("a share from 0 to 1") && e.contains("1.8"),
            "{e}"
        );
        let e = parse("[targets.run]\ncost_total = { max = \"80%\" }\n").unwrap_err();
        assert!(e.contains("a number of zero or more"), "{e}");
    }

    #[test]
    fn each_wrong_bound_says_what_was_expected() {
        for (text, key, needle) in [
            (
                "[targets.interval]\nabandonment_rate = { min = 0.05 }",
                "targets.interval.abandonment_rate.min",
                "lower is better for abandonment_rate: a target on it is a max",
            ),
            (
                "[targets.run]\nfcr = { max = 0.9 }",
                "targets.run.fcr.max",
                "higher is better for fcr: a target on it is a min",
            ),
            (
                "[targets.interval]\nasa_seconds = { max = 20 }",
                "targets.interval.asa_seconds.max",
                "could be seconds or minutes",
            ),
            (
                "[targets.run]\ntime_to_resolution_hours = { max = 24 }",
                "targets.run.time_to_resolution_hours.max",
                "a duration with units",
            ),
            (
                "[targets.run]\ncost_total = { max = \"1000\" }",
                "targets.run.cost_total.max",
                "a number of zero or more, found the string \"1000\"",
            ),
            (
                "[targets.run]\ncost_total = { max = -1 }",
                "targets.run.cost_total.max",
                "a number of zero or more, found -1",
            ),
            (
                "[targets.run]\npaid_agent_hours = { max = \"10h\" }",
                "targets.run.paid_agent_hours.max",
                "a number of zero or more",
            ),
            (
                "[targets.interval]\nservice_level = { min = 80 }",
                "targets.interval.service_level.min",
                "a share from 0 to 1",
            ),
            (
                "[targets.run]\ncsat_survey = { min = 0.5 }",
                "targets.run.csat_survey.min",
                "a score from 1 to 5",
            ),
            (
                "[targets.run]\ncost_total = { max = nan }",
                "targets.run.cost_total.max",
                "a number of zero or more",
            ),
            (
                "[targets.run]\nfcr = { min = 0.7, max = 0.9 }",
                "targets.run.fcr",
                "not both",
            ),
            (
                "[targets.run]\nfcr = {}",
                "targets.run.fcr",
                "found neither",
            ),
            (
                "[targets.run]\nfcr = { at_least = 0.7 }",
                "targets.run.fcr.at_least",
                "unknown field `at_least`, expected `min` or `max`",
            ),
            (
                "[targets]\nwith_confidence = 0.5",
                "targets.with_confidence",
                "between 0.5 and 1, both excluded",
            ),
            (
                "[targets]\non_average = false",
                "targets.on_average",
                "with_confidence = 0.95",
            ),
            (
                "[targets]\nwith_confidence = 0.9\non_average = true",
                "targets.on_average",
                "exclude each other",
            ),
        ] {
            let e = parse(&format!("{text}\n")).unwrap_err();
            assert!(
                e.contains(&format!("`{key}`")) && e.contains(needle),
                "{text}: {e}"
            );
        }
    }
}
