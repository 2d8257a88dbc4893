//! The JSON summary of a run: settings, measures with confidence intervals, per intent and
//! per replication.

use serde_json::{Map, Value, json};

use super::json_number;
use crate::experiment::{Estimate, Experiment};
use crate::metrics::{Measure, MetBy, Target};
use crate::model::Scenario;
use crate::plan::{TargetsReport, evaluate};

/// Facts about the run that are not in the scenario.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The scenario file as given.
    pub file: String,
    /// Version of staffsim that produced the output.
    pub version: &'static str,
    /// Warnings the user can act on.
    pub warnings: Vec<String>,
}

fn estimate_json(e: &Estimate) -> Value {
    json!({
        "mean": e.mean.map_or(Value::Null, json_number),
        "ci95": e.ci95.map_or(Value::Null, |[lo, hi]| json!([json_number(lo), json_number(hi)])),
        "std_dev": e.std_dev.map_or(Value::Null, json_number),
        "n": e.n,
    })
}

/// What every target's entry of `"targets"` starts with: `scope`, `measure`, `side`,
/// `bound` (in the measure's unit), `met_by` and `confidence`.
fn target_json(scope: &str, t: &Target, met_by: MetBy) -> Map<String, Value> {
    let (met_by, confidence) = match met_by {
        MetBy::OnAverage => ("on_average", Value::Null),
        MetBy::WithConfidence(c) => ("with_confidence", json_number(c)),
    };
    let mut o = Map::new();
    o.insert("scope".into(), json!(scope));
    o.insert("measure".into(), json!(t.measure.key()));
    o.insert("side".into(), json!(t.bound.side()));
    o.insert("bound".into(), json_number(t.bound.value()));
    o.insert("met_by".into(), json!(met_by));
    o.insert("confidence".into(), confidence);
    o
}

/// `"targets"`: one object per target, those over the run first (see [`summary_json`]).
fn targets_json(report: &TargetsReport) -> Value {
    let number = |x: Option<f64>| x.map_or(Value::Null, json_number);
    let run = report.over_run.iter().map(|j| {
        let v = &j.verdict;
        let mut o = target_json("run", &j.target, report.met_by);
        o.insert("mean".into(), number(v.mean));
        o.insert(
            "ci95".into(),
            v.ci95.map_or(Value::Null, |[lo, hi]| {
                json!([json_number(lo), json_number(hi)])
            }),
        );
        o.insert("judged".into(), number(v.judged));
        o.insert("met".into(), json!(v.met));
        Value::Object(o)
    });
    let interval = report.per_interval.iter().map(|j| {
        let mut o = target_json("interval", &j.target, report.met_by);
        o.insert("intervals".into(), json!(j.intervals));
        o.insert("intervals_judged".into(), json!(j.judged));
        o.insert("intervals_met".into(), json!(j.met));
        o.insert(
            "worst_interval_start_seconds".into(),
            number(j.worst.map(|w| w.start_seconds)),
        );
        o.insert(
            "worst_value".into(),
            number(j.worst.and_then(|w| w.verdict.mean)),
        );
        o.insert("met".into(), json!(j.all_met()));
        Value::Object(o)
    });
    Value::Array(run.chain(interval).collect())
}

/// The summary object printed by `run --json` and written to `summary.json`.
///
/// Its `kpis` object has one entry per measure: `{ "mean", "ci95": [low, high], "std_dev",
/// "n" }`; `by_intent` repeats the contact measures per intent and `by_channel` per channel
/// the intents come through (`blocked` there is what each channel's trunk limit turned
/// away); `by_pool` gives each pool's
/// agents on duty, occupancy, handle time, paid hours and labour cost; `replications` lists
/// each replication's values; `monthly` has one entry per month (see [`super::monthly_json`]),
/// `windows` (only with `[[windows]]`) one per report window ([`super::windows_json`]),
/// and `timeline` the scenario's timeline entries (`at_seconds`, `until_seconds`, `month`,
/// `label`, `description`). `targets` judges the scenario's targets (empty without any): one
/// object per target with `scope` (`"run"` or `"interval"`), `measure`, `side` (`"min"` or
/// `"max"`), `bound`, `met_by` (`"on_average"` or `"with_confidence"`) and `confidence`;
/// a target over the run adds its `mean`, `ci95`, the `judged` value and whether it is `met`;
/// a target of every interval adds `intervals`, `intervals_judged`, `intervals_met`,
/// `worst_interval_start_seconds`, `worst_value` and `met` (in every judged interval).
pub fn summary_json(scenario: &Scenario, experiment: &Experiment, info: &RunInfo) -> Value {
    let sim = &scenario.simulation;
    let mut kpis = Map::new();
    for m in Measure::ALL {
        kpis.insert(m.key().into(), estimate_json(&experiment.estimate(m)));
    }
    let mut by_intent = Map::new();
    for (i, intent) in scenario.intents.iter().enumerate() {
        let mut per = Map::new();
        for m in Measure::ALL.into_iter().filter(|m| m.describes_contacts()) {
            per.insert(
                m.key().into(),
                estimate_json(&experiment.estimate_for_intent(m, i)),
            );
        }
        by_intent.insert(intent.name.clone(), Value::Object(per));
    }
    let mut by_channel = Map::new();
    for channel in scenario.channels() {
        let mut per = Map::new();
        for m in Measure::ALL.into_iter().filter(|m| m.describes_contacts()) {
            per.insert(
                m.key().into(),
                estimate_json(&experiment.estimate_for_channel(scenario, m, channel)),
            );
        }
        by_channel.insert(channel.name().into(), Value::Object(per));
    }
    let mut by_pool = Map::new();
    for (p, pool) in scenario.pools.iter().enumerate() {
        let mut per = Map::new();
        for m in Measure::PER_POOL {
            per.insert(
                m.key().into(),
                estimate_json(&experiment.estimate_for_pool(m, p)),
            );
        }
        by_pool.insert(pool.name.clone(), Value::Object(per));
    }
    let replications: Vec<Value> = experiment
        .replications
        .iter()
        .enumerate()
        .map(|(r, rep)| {
            let mut o = Map::new();
            o.insert("replication".into(), json!(r));
            for m in Measure::ALL {
                o.insert(m.key().into(), json_number(rep.tallies.total.value(m)));
            }
            Value::Object(o)
        })
        .collect();
    let mut summary = json!({
        "scenario": {
            "name": scenario.name,
            "file": info.file,
            "horizon_seconds": sim.horizon,
            "warmup_seconds": sim.warmup,
            "replications": sim.replications,
            "seed": sim.seed,
            "interval_seconds": sim.interval,
            "service_level_threshold_seconds": sim.service_level_threshold,
            "mean_arrival_rate_per_hour": scenario.arrivals.mean_rate * 3600.0,
            "offered_load_erlangs": scenario.offered_load(),
            "offered_load_to_agents_erlangs": scenario.offered_load_to_agents(),
            "scale": sim.scale,
            "start": sim.calendar.start().map(|d| d.to_string()),
        },
        "staffsim_version": info.version,
        "warnings": info.warnings,
        "kpis": kpis,
        "by_intent": by_intent,
        "by_channel": by_channel,
        "by_pool": by_pool,
        "replications": replications,
        "monthly": super::monthly_json(&super::monthly_table(scenario, experiment)),
        "timeline": scenario.timeline.events,
        "targets": targets_json(&evaluate(&scenario.targets, experiment, sim.warmup, sim.interval)),
    });
    // Only a run with windows has the key, so the summary of one without stays as it was.
    if !sim.windows.is_empty() {
        summary["windows"] = super::windows_json(&super::window_table(scenario, experiment));
    }
    summary
}
