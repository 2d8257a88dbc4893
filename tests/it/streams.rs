//! Common random numbers end to end: each of a contact's draws has a stream of its own, so a
//! draw one scenario makes and another does not leaves every other outcome where it was.
//! (`model::contact`'s unit tests check the same contact by contact, draw by draw.)

use crate::common::staffsim;

/// A chat desk of two intents sharing one pool, with repeats, churn and a survey: every
/// uniform a contact draws (resolution, survey, churn, which agent) shapes some measure.
/// `a_patience` is intent `a`'s patience line (or nothing).
fn desk(a_patience: &str) -> String {
    format!(
        r#"name = "streams"
[simulation]
horizon = "3d"
warmup = "12h"
replications = 2
seed = 11
service_level_threshold = "30s"
[arrivals]
rate = "120/h"
[[intents]]
name = "a"
share = 0.6
handle_time = {{ dist = "gamma", mean = "6m", cv = 0.7 }}
{a_patience}
human_resolution = 0.8
satisfaction = {{ human = 4.2 }}
[[intents]]
name = "b"
share = 0.4
handle_time = {{ dist = "lognormal", mean = "8m", cv = 0.5 }}
patience = {{ dist = "exponential", mean = "4m" }}
human_resolution = 0.7
satisfaction = {{ human = 4.0 }}
[[pools]]
name = "agents"
agents = 16
[repeats]
max_attempts = 3
delay = {{ dist = "lognormal", mean = "6h", cv = 0.8 }}
[churn]
customer_value = 100.0
per_unresolved = 0.05
[quality]
resolution_window = "1d"
survey_response = 0.3
"#
    )
}

/// The `--json` summary of `text` with its `scenario` echo removed.
fn outcomes(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, text).unwrap();
    let out = staffsim()
        .args(["run", "--json", "--quiet"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("scenario");
    v
}

#[test]
fn a_patience_that_never_runs_out_changes_no_outcome() {
    // Intent a's customers wait at most minutes; a patience of ten thousand days (lognormal,
    // so its sampler consumes a varying number of values) never runs out. With all of a
    // contact's draws from one sequence it shifted every later draw (resolution, survey, churn,
    // the repeat delay) and moved every quality measure; with a stream per purpose, nothing.
    let without = outcomes(&desk(""));
    let with = outcomes(&desk(
        "patience = { dist = \"lognormal\", mean = \"10000d\", cv = 0.5 }",
    ));
    assert!(without["kpis"]["offered"]["mean"].as_f64().unwrap() > 10_000.0);
    assert!(without["kpis"]["repeat_rate"]["mean"].as_f64().unwrap() > 0.05);
    assert_eq!(without, with);
}

#[test]
fn a_patience_that_binds_changes_outcomes() {
    // The control: a patience short enough to bite does change the run, so the equality
    // above is not that of a comparison that sees nothing.
    let without = outcomes(&desk(""));
    let short = outcomes(&desk(
        "patience = { dist = \"exponential\", mean = \"20s\" }",
    ));
    assert_ne!(without["kpis"], short["kpis"]);
}
