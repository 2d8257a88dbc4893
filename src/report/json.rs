//! The JSON summary of a run: settings, measures with confidence intervals, per intent and
//! per replication.

use serde_json::{Map, Value, json};

use super::json_number;
use crate::experiment::{Estimate, Experiment};
use crate::metrics::Measure;
use crate::model::Scenario;

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

/// The summary object printed by `run --json` and written to `summary.json`.
///
/// Its `kpis` object has one entry per measure: `{ "mean", "ci95": [low, high], "std_dev",
/// "n" }`; `by_intent` repeats the contact measures per intent; `by_pool` gives each pool's
/// agents on duty, occupancy, handle time, paid hours and labour cost; `replications` lists
/// each replication's values; `monthly` has one entry per month (see [`super::monthly_json`])
/// and `timeline` the scenario's timeline entries (`at_seconds`, `until_seconds`, `month`,
/// `label`, `description`).
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
    json!({
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
            "scale": sim.scale,
            "start": sim.start.map(|_| crate::model::month_label(sim.start, 0)),
        },
        "staffsim_version": info.version,
        "warnings": info.warnings,
        "kpis": kpis,
        "by_intent": by_intent,
        "by_pool": by_pool,
        "replications": replications,
        "monthly": super::monthly_json(&super::monthly_table(scenario, experiment)),
        "timeline": scenario.timeline.events,
    })
}
