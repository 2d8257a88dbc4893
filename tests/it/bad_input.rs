//! Bad input: each mistake gets one clear message naming the file, the line and the key,
//! exit status 2, and no panic.

use crate::common::{refused, staffsim};
use std::path::Path;

const GOOD: &str = r#"name = "bad input base"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 2
seed = 1
[arrivals]
rate = "100/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "3m" }
patience = { dist = "exponential", mean = "2m" }
[[pools]]
name = "agents"
agents = 10
"#;

fn replace(from: &str, to: &str) -> String {
    edited(GOOD, from, to)
}

/// `base` with the first `from` replaced by `to` (which must be there).
fn edited(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1)
}

#[test]
fn the_base_scenario_is_good() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("good.toml");
    std::fs::write(&path, GOOD).unwrap();
    staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn toml_syntax_error() {
    refused(
        &replace("rate = \"100/h\"", "rate = \"100/h"),
        8,
        &["arrivals.rate"],
    );
}

#[test]
fn unknown_key() {
    refused(
        &replace("warmup = \"1h\"", "warmpu = \"1h\""),
        4,
        &["warmpu", "unknown field", "warmup"],
    );
}

#[test]
fn unknown_key_in_a_distribution() {
    refused(
        &replace("mean = \"3m\" }", "mean = \"3m\", cv = 0.5, sd = 1 }"),
        12,
        &["sd", "unknown field"],
    );
}

#[test]
fn wrong_type() {
    refused(
        &replace("agents = 10", "agents = \"ten\""),
        16,
        &["`pools[0] (agents).agents`", "whole number"],
    );
    refused(
        &replace("horizon = \"1d\"", "horizon = 7"),
        3,
        &["simulation.horizon", "duration"],
    );
}

#[test]
fn duration_without_unit() {
    refused(
        &replace("horizon = \"1d\"", "horizon = \"7\""),
        3,
        &["simulation.horizon", "no unit"],
    );
}

#[test]
fn negative_rate() {
    refused(
        &replace("rate = \"100/h\"", "rate = \"-100/h\""),
        8,
        &["arrivals.rate", "negative"],
    );
}

#[test]
fn zero_rate() {
    refused(
        &replace("rate = \"100/h\"", "rate = \"0/h\""),
        8,
        &["arrivals.rate", "greater than zero"],
    );
}

#[test]
fn cv_below_zero() {
    refused(
        &replace(
            "handle_time = { dist = \"exponential\", mean = \"3m\" }",
            "handle_time = { dist = \"lognormal\", mean = \"3m\", cv = -0.5 }",
        ),
        12,
        &["intents[0] (general).handle_time", "cv", "-0.5"],
    );
}

#[test]
fn cv_on_a_family_without_one() {
    refused(
        &replace("mean = \"3m\" }", "mean = \"3m\", cv = 0.5 }"),
        12,
        &["intents[0] (general).handle_time", "`cv` does not apply"],
    );
}

#[test]
fn shares_that_do_not_sum_to_one() {
    let text = replace("share = 1.0", "share = 0.6").replace(
        "[[pools]]",
        "[[intents]]\nname = \"other\"\nshare = 0.3\nhandle_time = { dist = \"exponential\", mean = \"3m\" }\n[[pools]]",
    );
    refused(&text, 16, &["intents.share", "sum to 1", "0.9"]);
}

#[test]
fn share_outside_zero_one() {
    refused(
        &replace("share = 1.0", "share = 1.5"),
        11,
        &["intents[0] (general).share", "between 0 and 1"],
    );
}

#[test]
fn empty_pool_list() {
    let cut = GOOD.find("[[pools]]").unwrap();
    let text = format!("pools = []\n{}", &GOOD[..cut]);
    refused(&text, 1, &["pools", "at least one"]);
}

#[test]
fn missing_pools() {
    let cut = GOOD.find("[[pools]]").unwrap();
    refused(&GOOD[..cut], 1, &["`pools`", "missing"]);
}

#[test]
fn unknown_intent_in_skills() {
    refused(
        &replace("agents = 10", "agents = 10\nskills = [\"genral\"]"),
        17,
        &[
            "pools[0] (agents).skills",
            "unknown intent \"genral\"",
            "general",
        ],
    );
}

#[test]
fn warmup_not_shorter_than_horizon() {
    refused(
        &replace("warmup = \"1h\"", "warmup = \"2d\""),
        4,
        &["simulation.warmup", "shorter than the horizon"],
    );
}

#[test]
fn negative_agents() {
    refused(
        &replace("agents = 10", "agents = -3"),
        16,
        &["pools[0] (agents).agents", "from 0 to 1,000,000"],
    );
}

#[test]
fn agents_cycle_is_a_day_or_a_week_of_a_list_of_agents() {
    refused(
        &replace("agents = 10", "agents = [10, 5]\nagents_cycle = \"month\""),
        17,
        &[
            "pools[0] (agents).agents_cycle",
            "\"day\"",
            "\"week\"",
            "\"month\"",
        ],
    );
    refused(
        &replace("agents = 10", "agents = [10, 5]\nagents_cycle = 7"),
        17,
        &["`pools[0] (agents).agents_cycle`", "expected a string"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nagents_cycle = \"week\""),
        17,
        &["pools[0] (agents).agents_cycle", "needs a list of agents"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nagents_cycle = \"day\""),
        17,
        &["pools[0] (agents).agents_cycle", "needs a list of agents"],
    );
    refused(
        &replace(
            "agents = 10",
            "workforce = { headcount = 10 }\nagents_cycle = \"week\"",
        ),
        17,
        &[
            "pools[0] (agents).agents_cycle",
            "needs a list of agents",
            "workforce.weekly_roster",
        ],
    );
    refused(
        &replace(
            "agents = 10",
            "gig = { cap = 10, log_in_queue = 3 }\nagents_cycle = \"week\"",
        ),
        17,
        &[
            "pools[0] (agents).agents_cycle",
            "needs a list of agents",
            "gig pool",
        ],
    );
    refused(
        &replace("agents = 10", "agents = []\nagents_cycle = \"week\""),
        16,
        &[
            "pools[0] (agents).agents",
            "at least one number",
            "interval of the week",
        ],
    );
    refused(
        &replace("agents = 10", "agents = [10, -1]\nagents_cycle = \"week\""),
        16,
        &["pools[0] (agents).agents", "from 0 to 1,000,000"],
    );
}

#[test]
fn a_missing_file_is_an_input_error() {
    let out = staffsim()
        .args(["run", "--quiet"])
        .arg(Path::new("no/such/file.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.toml"));
}

#[test]
fn a_queue_without_abandonment_and_too_few_agents_runs_with_a_warning() {
    let text = GOOD
        .replace("patience = { dist = \"exponential\", mean = \"2m\" }\n", "")
        .replace("agents = 10", "agents = 4");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overload.toml");
    std::fs::write(&path, text).unwrap();
    let out = staffsim()
        .args(["run", "--quiet", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the queue grows without bound"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["warnings"][0]
            .as_str()
            .unwrap()
            .contains("grows without bound")
    );
}

#[test]
fn ai_outcome_shares_that_do_not_sum_to_one() {
    refused(
        &replace(
            "patience = { dist = \"exponential\", mean = \"2m\" }",
            "patience = { dist = \"exponential\", mean = \"2m\" }\n\
             ai = { resolved = 0.5, escalated = 0.3, handle_time = { dist = \"exponential\", mean = \"2m\" } }",
        ),
        14,
        &["intents[0] (general).ai", "sum to 1", "0.8"],
    );
}

#[test]
fn ai_share_outside_zero_one() {
    refused(
        &replace(
            "patience = { dist = \"exponential\", mean = \"2m\" }",
            "patience = { dist = \"exponential\", mean = \"2m\" }\n\
             ai = { resolved = 1.2, escalated = -0.2, handle_time = { dist = \"exponential\", mean = \"2m\" } }",
        ),
        14,
        &["intents[0] (general).ai.resolved", "between 0 and 1"],
    );
}

#[test]
fn an_intent_no_pool_can_serve() {
    let text = replace("share = 1.0", "share = 0.5")
        .replace(
            "[[pools]]",
            "[[intents]]\nname = \"fraud\"\nshare = 0.5\nhandle_time = { dist = \"exponential\", mean = \"9m\" }\n[[pools]]",
        )
        .replace("agents = 10", "agents = 10\nskills = [\"general\"]");
    refused(
        &text,
        18,
        &["pools.skills", "no pool can serve intent \"fraud\""],
    );
}

#[test]
fn email_with_patience() {
    refused(
        &replace("share = 1.0", "share = 1.0\nchannel = \"email\""),
        14,
        &["intents[0] (general).patience", "email"],
    );
}

#[test]
fn unknown_channel() {
    refused(
        &replace("share = 1.0", "share = 1.0\nchannel = \"fax\""),
        12,
        &["channel", "fax", "chat"],
    );
}

#[test]
fn zero_concurrency_and_full_shrinkage() {
    refused(
        &replace("agents = 10", "agents = 10\nconcurrency = 0"),
        17,
        &["pools[0] (agents).concurrency", "from 1 to 100"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nshrinkage = 1.0"),
        17,
        &["pools[0] (agents).shrinkage", "up to (not including) 1"],
    );
}

#[test]
fn unknown_key_in_the_ai_table() {
    refused(
        &format!("{GOOD}[ai]\ncontainment = 0.7\n"),
        18,
        &["containment", "unknown field"],
    );
}

#[test]
fn a_table_missing_a_required_key_is_named() {
    refused(
        &format!("{GOOD}[repeats]\nmax_attempts = 2\n"),
        17,
        &["`repeats.delay`", "missing field"],
    );
}

#[test]
fn a_table_header_in_the_wrong_form() {
    refused(
        &GOOD.replacen("[[intents]]", "[intents]", 1),
        9,
        &["`intents`"],
    );
}

#[test]
fn absurd_sizes_are_refused_not_crashed_on() {
    refused(
        &replace("horizon = \"1d\"", "horizon = \"100000000d\""),
        3,
        &["simulation.horizon", "100 years"],
    );
    refused(
        &replace("rate = \"100/h\"", "rate = \"1e300/h\""),
        8,
        &["arrivals.rate", "10 billion contacts"],
    );
    refused(
        &replace("agents = 10", "agents = 3000000000"),
        16,
        &["pools[0] (agents).agents", "1,000,000"],
    );
}

#[test]
fn an_interval_that_does_not_divide_the_horizon_runs() {
    // 1.1 h in 7.2 s intervals: 550 intervals by floating point, the last one short.
    let text = replace(
        "horizon = \"1d\"",
        "horizon = \"1.1h\"\ninterval = \"7.2s\"",
    )
    .replace("warmup = \"1h\"", "warmup = \"1m\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.toml");
    std::fs::write(&path, text).unwrap();
    staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .assert()
        .success();
}

/// The base scenario with a workforce pool and `timeline` appended (the entry starts at line
/// 18).
fn with_timeline(timeline: &str) -> String {
    let base = replace(
        "agents = 10",
        "workforce = { headcount = 10, hours_per_week = 168 }",
    );
    format!("{base}\n{timeline}")
}

#[test]
fn timeline_unknown_key() {
    refused(
        &with_timeline(
            "[[timeline]]\nat = \"2h\"\nwhen = \"3h\"\nset = { \"ai.enabled\" = true }\n",
        ),
        20,
        &["when", "unknown field"],
    );
}

#[test]
fn timeline_time_beyond_the_horizon() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2d\"\nset = { \"ai.enabled\" = true }\n"),
        19,
        &["timeline[0].at", "within the run"],
    );
}

#[test]
fn timeline_calendar_month_without_a_start() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2024-02\"\nset = { \"ai.enabled\" = true }\n"),
        19,
        &["timeline[0].at", "simulation.start"],
    );
}

#[test]
fn timeline_path_to_no_such_pool() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2h\"\nset = { \"pools.bpo.hourly_cost\" = 30 }\n"),
        20,
        &[
            "timeline[0].set.pools.bpo.hourly_cost",
            "no pools named \"bpo\"",
        ],
    );
}

#[test]
fn timeline_invalid_value() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2h\"\nset = { \"pools.agents.shrinkage\" = 1.5 }\n"),
        18,
        &["timeline[0]", "shrinkage", "from 2h00m00s on"],
    );
}

#[test]
fn timeline_cannot_change_the_experiment() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2h\"\nset = { \"simulation.seed\" = 3 }\n"),
        20,
        &["simulation.seed", "not the experiment"],
    );
}

#[test]
fn timeline_layoff_in_an_unknown_pool() {
    refused(
        &with_timeline("[[timeline]]\nat = \"2h\"\nlayoff = { pool = \"bpo\", count = 3 }\n"),
        20,
        &["timeline[0].layoff.pool", "unknown pool", "agents"],
    );
}

#[test]
fn pool_with_two_staffing_modes() {
    refused(
        &replace("agents = 10", "agents = 10\nworkforce = { headcount = 10 }"),
        15,
        &["exactly one of `agents`"],
    );
}

#[test]
fn timeline_ramp_with_too_many_steps() {
    refused(
        &with_timeline(
            "[[timeline]]\nat = \"1h\"\nuntil = \"20h\"\nstep = \"1s\"\nramp = { \"intents.general.share\" = 1.0 }\n",
        ),
        18,
        &["timeline[0].step", "steps", "longer `step`"],
    );
}

#[test]
fn a_trunk_limit_of_no_line() {
    refused(
        &replace("seed = 1\n", "seed = 1\nmax_in_system = 0\n"),
        7,
        &["simulation.max_in_system", "from 1 to 100,000,000"],
    );
    refused(
        &replace("seed = 1\n", "seed = 1\nmax_in_system = 2.5\n"),
        7,
        &["simulation.max_in_system"],
    );
}

/// The base scenario with `targets` appended (its first line is line 17).
fn with_targets(targets: &str) -> String {
    format!("{GOOD}{targets}")
}

#[test]
fn targets_good_table_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("targets.toml");
    let text = with_targets(
        "[targets]\nwith_confidence = 0.95\n[targets.interval]\nservice_level = { min = 0.8 }\n\
         asa_seconds = { max = \"30s\" }\n[targets.run]\ncost_total = { max = 1_000_000 }\n",
    );
    std::fs::write(&path, text).unwrap();
    staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn targets_a_run_measure_in_every_interval() {
    refused(
        &with_targets("[targets.interval]\naht_seconds = { max = \"5m\" }\n"),
        18,
        &[
            "targets.interval.aht_seconds",
            "can only be a `targets.run` target",
        ],
    );
}

#[test]
fn targets_unknown_measure() {
    refused(
        &with_targets("[targets.interval]\nservce_level = { min = 0.8 }\n"),
        18,
        &[
            "targets.interval.servce_level",
            "unknown field",
            "`service_level`",
        ],
    );
    refused(
        &with_targets("[targets.run]\ncost_totl = { max = 5 }\n"),
        18,
        &["targets.run.cost_totl", "unknown field", "`cost_total`"],
    );
    // Inline, the key keeps its whole path.
    refused(
        &with_targets("[targets]\ninterval = { aht = { max = \"5m\" } }\n"),
        18,
        &["targets.interval.aht", "unknown field"],
    );
}

#[test]
fn targets_bound_with_no_side_both_or_another_key() {
    refused(
        &with_targets("[targets.run]\nfcr = {}\n"),
        18,
        &["targets.run.fcr", "`min` or `max`"],
    );
    refused(
        &with_targets("[targets.run]\nfcr = { min = 0.7, max = 0.9 }\n"),
        18,
        &["targets.run.fcr", "not both"],
    );
    refused(
        &with_targets("[targets.run]\nfcr = { at_least = 0.7 }\n"),
        18,
        &[
            "targets.run.fcr.at_least",
            "unknown field",
            "expected `min` or `max`",
        ],
    );
    refused(
        &with_targets("[targets.interval]\nservice_level = 0.8\n"),
        18,
        &["targets.interval.service_level", "expected a bound"],
    );
}

#[test]
fn targets_bound_on_the_side_where_the_measure_gets_worse() {
    refused(
        &with_targets("[targets.interval]\nabandonment_rate = { min = 0.05 }\n"),
        18,
        &[
            "targets.interval.abandonment_rate.min",
            "lower is better for abandonment_rate: a target on it is a max",
        ],
    );
    refused(
        &with_targets("[targets.run]\ntrue_resolution_rate = { max = 0.9 }\n"),
        18,
        &[
            "targets.run.true_resolution_rate.max",
            "higher is better for true_resolution_rate: a target on it is a min",
        ],
    );
}

#[test]
fn targets_value_in_the_measures_unit() {
    for (target, key, needle) in [
        (
            "[targets.interval]\nasa_seconds = { max = 30 }",
            "targets.interval.asa_seconds.max",
            "seconds or minutes",
        ),
        (
            "[targets.interval]\nasa_seconds = { max = \"30\" }",
            "targets.interval.asa_seconds.max",
            "no unit",
        ),
        (
            "[targets.run]\ntime_to_resolution_hours = { max = 48 }",
            "targets.run.time_to_resolution_hours.max",
            "a duration with units",
        ),
        (
            "[targets.interval]\nservice_level = { min = 80 }",
            "targets.interval.service_level.min",
            "a share from 0 to 1",
        ),
        (
            "[targets.run]\ncsat_survey = { min = 6 }",
            "targets.run.csat_survey.min",
            "a score from 1 to 5",
        ),
        (
            "[targets.run]\ncost_total = { max = -5 }",
            "targets.run.cost_total.max",
            "a number of zero or more",
        ),
        (
            "[targets.run]\ncost_total = { max = inf }",
            "targets.run.cost_total.max",
            "a number of zero or more",
        ),
        (
            "[targets.run]\ncost_total = { max = \"1M\" }",
            "targets.run.cost_total.max",
            "found the string \"1M\"",
        ),
    ] {
        refused(&with_targets(&format!("{target}\n")), 18, &[key, needle]);
    }
}

#[test]
fn targets_met_on_average_or_with_confidence() {
    refused(
        &with_targets("[targets]\non_average = false\n"),
        18,
        &["targets.on_average", "with_confidence = 0.95"],
    );
    refused(
        &with_targets("[targets]\nwith_confidence = 1.0\n"),
        18,
        &[
            "targets.with_confidence",
            "between 0.5 and 1, both excluded",
        ],
    );
    refused(
        &with_targets("[targets]\nwith_confidence = 0.5\n"),
        18,
        &["targets.with_confidence", "both excluded"],
    );
    refused(
        &with_targets("[targets]\nwith_confidence = 0.9\non_average = true\n"),
        19,
        &["targets.on_average", "exclude each other"],
    );
    refused(
        &with_targets("[targets]\nconfidence = 0.9\n"),
        18,
        &["targets.confidence", "unknown field", "`with_confidence`"],
    );
}

#[test]
fn timeline_cannot_change_the_targets() {
    refused(
        &with_timeline(
            "[targets.run]\ncost_total = { max = 1000 }\n\
             [[timeline]]\nat = \"2h\"\nset = { \"targets.run.cost_total.max\" = 5 }\n",
        ),
        22,
        &[
            "timeline[0].set.targets.run.cost_total.max",
            "cannot be set on the timeline",
        ],
    );
}

#[test]
fn arrivals_daily_noise_out_of_range_or_misspelt() {
    refused(
        &replace(
            "rate = \"100/h\"",
            "rate = \"100/h\"\ndaily_noise = { cv = -0.1 }",
        ),
        9,
        &["`arrivals.daily_noise.cv`", "from 0 to 3", "-0.1"],
    );
    refused(
        &replace(
            "rate = \"100/h\"",
            "rate = \"100/h\"\ndaily_noise = { sd = 0.1 }",
        ),
        9,
        &["arrivals.daily_noise", "sd"],
    );
}

/// `[arrivals] rates`: `GOOD` with `rate` replaced by `arrivals` and `volumes.csv` holding
/// `csv` (none if `None`), run; the error must be placed in `file` (`"bad.toml"` or
/// `"volumes.csv"`) at `line`, exit 2, name every one of `mentions`, and not panic.
fn refused_rates(arrivals: &str, csv: Option<&str>, file: &str, line: usize, mentions: &[&str]) {
    refused_rates_in(
        &replace("rate = \"100/h\"", arrivals),
        csv,
        file,
        line,
        mentions,
    );
}

/// [`refused_rates`] on the scenario `text`.
fn refused_rates_in(text: &str, csv: Option<&str>, file: &str, line: usize, mentions: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    if let Some(csv) = csv {
        std::fs::write(dir.path().join("volumes.csv"), csv).unwrap();
    }
    let out = staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains("panicked"), "{stderr}");
    let location = format!("{}:{line}:", dir.path().join(file).display());
    assert!(
        stderr.contains(&location),
        "expected {location} in: {stderr}"
    );
    for m in mentions {
        assert!(stderr.contains(m), "expected {m:?} in: {stderr}");
    }
}

const RATES: &str = "rates = { file = \"volumes.csv\" }";

/// A day of two rows after `header`, each row's cells `cells` after its start and end.
fn day(header: &str, cells: &str) -> String {
    format!("start,end,{header}\n0s,12h,{cells}\n12h,1d,{cells}\n")
}

#[test]
fn rates_file_missing_or_without_a_column() {
    refused_rates(
        RATES,
        None,
        "bad.toml",
        8,
        &["arrivals.rates.file", "cannot read rates file"],
    );
    refused_rates(
        RATES,
        Some("start,offered\n0s,5\n"),
        "volumes.csv",
        1,
        &["`end`", "missing column \"end\""],
    );
    refused_rates(
        RATES,
        Some("start,end\n0s,1d\n"),
        "volumes.csv",
        1,
        &["`offered`", "missing column \"offered\""],
    );
    refused_rates(
        RATES,
        Some(&day("offered,volume", "5,5")),
        "volumes.csv",
        1,
        &["`volume`", "unknown column \"volume\"", "lo80"],
    );
}

#[test]
fn rates_file_rows_out_of_order() {
    let bad = |csv: &str, line: usize, mentions: &[&str]| {
        refused_rates(RATES, Some(csv), "volumes.csv", line, mentions)
    };
    bad(
        "start,end,offered\n0s,12h,5\n12h,1x,5\n",
        3,
        &["`end`", "duration", "1x"],
    );
    bad(
        "start,end,offered\n0s,12h,5\n13h,1d,5\n",
        3,
        &["`start`", "a gap", "12h", "13h"],
    );
    bad(
        "start,end,offered\n0s,12h,5\n11h,1d,5\n",
        3,
        &["`start`", "an overlap", "12h", "11h"],
    );
    bad(
        "start,end,offered\n1h,12h,5\n12h,1d,5\n",
        2,
        &["`start`", "first row to start at 0s", "1h"],
    );
    bad(
        "start,end,offered\n0s,12h,5\n12h,12h,5\n",
        3,
        &["`end`", "after the row's start"],
    );
}

#[test]
fn rates_file_counts_that_are_not_contacts() {
    for (cell, shown) in [
        ("-5", "-5"),
        ("many", "many"),
        ("NaN", "NaN"),
        ("inf", "inf"),
    ] {
        refused_rates(
            RATES,
            Some(&format!("start,end,offered\n0s,12h,5\n12h,1d,{cell}\n")),
            "volumes.csv",
            3,
            &["`offered`", "zero or more", shown],
        );
    }
    refused_rates(
        RATES,
        Some(&day("offered,lo80", "5,-1")),
        "volumes.csv",
        2,
        &["`lo80`", "zero or more"],
    );
    refused_rates(
        RATES,
        Some(&day("offered,level_cv", "5,4")),
        "volumes.csv",
        2,
        &["`level_cv`", "from 0 to 3"],
    );
}

#[test]
fn rates_file_volume_columns_that_do_not_fit_the_intents() {
    refused_rates(
        RATES,
        Some(&day("offered,offered.general", "5,5")),
        "volumes.csv",
        1,
        &["`offered.general`", "not both"],
    );
    refused_rates(
        RATES,
        Some(&day("offered.general,offered.refunds", "5,5")),
        "volumes.csv",
        1,
        &["`offered.refunds`", "unknown column", "offered.general"],
    );
    refused_rates(
        RATES,
        Some(&day("offered.fax", "5")),
        "volumes.csv",
        1,
        &["`offered.fax`", "unknown column", "offered.chat"],
    );
    let two = replace("rate = \"100/h\"", RATES)
        .replace("share = 1.0", "share = 0.5")
        .replace(
            "[[pools]]",
            "[[intents]]\nname = \"other\"\nshare = 0.5\nhandle_time = { dist = \"exponential\", mean = \"3m\" }\n[[pools]]",
        );
    refused_rates_in(
        &two,
        Some(&day("offered.general", "5")),
        "volumes.csv",
        1,
        &["`offered.other`", "missing column", "every intent"],
    );
}

#[test]
fn rates_file_with_the_keys_it_replaces_or_too_short() {
    refused_rates(
        &format!("rate = \"100/h\"\n{RATES}"),
        Some(&day("offered", "5")),
        "bad.toml",
        8,
        &["`arrivals.rate`", "comes from the rates file", "remove"],
    );
    refused_rates(
        &format!("{RATES}\ndaily_profile = [1, 2]"),
        Some(&day("offered", "5")),
        "bad.toml",
        9,
        &["`arrivals.daily_profile`", "comes from the rates file"],
    );
    refused_rates(
        RATES,
        Some("start,end,offered\n0s,12h,5\n"),
        "bad.toml",
        8,
        &[
            "`arrivals.rates.file`",
            "ends at 12h",
            "1d",
            "repeat = true",
        ],
    );
    refused_rates(
        "rates = { file = \"volumes.csv\", level_noise = true }",
        Some(&day("offered", "5")),
        "bad.toml",
        8,
        &[
            "`arrivals.rates.level_noise`",
            "no `level_cv` column",
            "volumes.csv",
        ],
    );
    refused_rates(
        "daily_profile = [1, 2]",
        None,
        "bad.toml",
        7,
        &["`arrivals.rate`", "expected `rate`", "rates = {"],
    );
}

#[test]
fn timeline_may_not_change_what_a_rates_file_says() {
    let two = replace("rate = \"100/h\"", RATES)
        .replace("share = 1.0", "share = 0.5")
        .replace(
            "[[pools]]",
            "[[intents]]\nname = \"other\"\nshare = 0.5\nhandle_time = { dist = \"exponential\", mean = \"3m\" }\n[[pools]]",
        )
        + "[[timeline]]\nat = \"2h\"\nset = { \"intents.general.share\" = 0.7, \"intents.other.share\" = 0.3 }\n";
    refused_rates_in(
        &two,
        Some(&day("offered.general,offered.other", "5,5")),
        "bad.toml",
        23,
        &["timeline[0].set.intents.general.share", "rates file"],
    );
    let moved = replace("rate = \"100/h\"", RATES)
        + "[[timeline]]\nat = \"2h\"\nset = { \"arrivals.rates.repeat\" = true }\n";
    refused_rates_in(
        &moved,
        Some(&day("offered", "5")),
        "bad.toml",
        19,
        &[
            "timeline[0].set.arrivals.rates.repeat",
            "cannot be set on the timeline",
        ],
    );
}

#[test]
fn intent_daily_noise_out_of_range() {
    refused(
        &replace("share = 1.0", "share = 1.0\ndaily_noise = { cv = 5 }"),
        12,
        &["`intents[0] (general).daily_noise.cv`", "from 0 to 3"],
    );
}

/// A cv too extreme for the sampler gets our words, not the library's ("scale is not positive
/// in gamma distribution").
#[test]
fn distribution_too_extreme_to_draw_is_said_plainly() {
    refused(
        &replace(
            "handle_time = { dist = \"exponential\", mean = \"3m\" }",
            "handle_time = { dist = \"gamma\", mean = \"3m\", cv = 1e-300 }",
        ),
        12,
        &[
            "intents[0] (general).handle_time",
            "a gamma of cv 1e-300 cannot be drawn",
        ],
    );
}

// The papercuts a new user hits when writing a scenario (issue 16).

/// Three intents and two pools: an element of a list of tables is named by its index and its
/// name, whether serde or the validation finds the problem.
const THREE: &str = r#"[simulation]
horizon = "1d"
[arrivals]
rate = "120/h"
[[intents]]
name = "general"
share = 0.5
handle_time = { dist = "exponential", mean = "4m" }
[[intents]]
name = "refund"
share = 0.3
handle_time = { dist = "exponential", mean = "4m" }
[[intents]]
name = "billing"
share = 0.2
handle_time = { dist = "exponential", mean = "4m" }
ai = { containment = 0.5, handle_time = { dist = "exponential", mean = "2m" } }
[ai]
[[pools]]
name = "agents"
agents = 10
[[pools]]
name = "bpo"
agents = 10
concurrency = 2
"#;

fn three(from: &str, to: &str) -> String {
    edited(THREE, from, to)
}

#[test]
fn an_element_of_a_list_is_named_by_its_index_and_name() {
    refused(
        &three(
            ", handle_time = { dist = \"exponential\", mean = \"2m\" } }",
            " }",
        ),
        17,
        &[
            "`intents[2] (billing).ai.handle_time`",
            "missing field `handle_time`",
        ],
    );
    refused(
        &three("concurrency = 2", "concurrency = \"x\""),
        25,
        &["`pools[1] (bpo).concurrency`", "expected a whole number"],
    );
    refused(
        &three("concurrency = 2", "concurrency = 0"),
        25,
        &["`pools[1] (bpo).concurrency`", "from 1 to 100"],
    );
    // A missing key of a table of the list: the element, by index and name.
    refused(
        &three("share = 0.3\n", ""),
        9,
        &["`intents[1] (refund).share`", "missing field `share`"],
    );
}

#[test]
fn an_unknown_key_in_a_distribution_is_named_with_the_keys_there_are() {
    let text = three("mean = \"2m\" }", "mean = \"2m\", sd = \"1m\" }");
    refused(
        &text,
        17,
        &[
            "`intents[2] (billing).ai.handle_time.sd`",
            "unknown field `sd`",
            "expected one of `dist`, `mean`, `cv`",
        ],
    );
}

/// Runs `staffsim run --quiet --json` on `text` and returns its warnings.
fn warnings_of(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warned.toml");
    std::fs::write(&path, text).unwrap();
    let out = staffsim()
        .args(["run", "--quiet", "--json", "--replications", "1"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings: Vec<String> = json["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    for w in &warnings {
        assert!(stderr.contains(w.as_str()), "on stderr too: {w}");
    }
    warnings
}

/// An intent's `ai` table does nothing in a file without `[ai]` (the assistant is on with its
/// table): that is said, unless `[ai]` says it is off or the timeline turns it on.
#[test]
fn an_intent_ai_table_without_an_ai_table_is_warned_about() {
    let no_table = three("[ai]\n", "");
    let warned = |text: &str| {
        warnings_of(text)
            .iter()
            .any(|w| w.contains("intent \"billing\" says how the AI assistant handles it"))
    };
    assert!(warned(&no_table));
    assert!(!warned(THREE));
    assert!(!warned(&three("[ai]\n", "[ai]\nenabled = false\n")));
    let goes_live =
        format!("{no_table}[[timeline]]\nat = \"12h\"\nset = {{ \"ai.enabled\" = true }}\n");
    assert!(!warned(&goes_live));
}

/// Rates, durations and shares as planners type them give the same run as the canonical form.
#[test]
fn rates_and_shares_as_people_type_them() {
    let canonical = THREE.replace(
        "agents = 10\n[[pools]]",
        "agents = 10\nshrinkage = 0.3\n[[pools]]",
    );
    let run = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.toml");
        std::fs::write(&path, text).unwrap();
        let out = staffsim()
            .args(["run", "--quiet", "--replications", "1"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let want = run(&canonical);
    for (from, to) in [
        ("\"120/h\"", "\"120 per hour\""),
        ("\"120/h\"", "\"120/Hour\""),
        ("\"120/h\"", "\"2880/day\""),
        ("\"120/h\"", "\"2/min\""),
        ("mean = \"4m\"", "mean = \"4 min\""),
        ("mean = \"4m\"", "mean = \"0:04:00\""),
        ("share = 0.5", "share = \"50%\""),
        ("containment = 0.5", "containment = \"50 %\""),
        ("shrinkage = 0.3", "shrinkage = \"30%\""),
    ] {
        assert!(canonical.contains(from), "{from}");
        assert_eq!(run(&canonical.replacen(from, to, 1)), want, "{to}");
    }
    for (rate, mention) in [
        ("\"120/M\"", "could be minutes or months"),
        ("\"1,200/day\"", "without a comma"),
        ("\"3.4m/month\"", "M for millions"),
        ("\"120\"", "\"300 per hour\""),
    ] {
        refused(
            &THREE.replace("\"120/h\"", rate),
            4,
            &["`arrivals.rate`", mention],
        );
    }
    refused(
        &THREE.replace("containment = 0.5", "containment = \"fifty\""),
        17,
        &["`intents[2] (billing).ai.containment`", "80%"],
    );
}

/// A file saved in another encoding is placed by the line and column of its first byte that
/// is not UTF-8, whether it is a scenario, a sweep file or the scenario a sweep file names.
#[test]
fn a_file_that_is_not_utf8_is_placed_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = THREE.replace("name = \"refund\"", "name = \"r\u{e9}fund\"");
    let bytes: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, &bytes).unwrap();
    let sweep = dir.path().join("sweep.toml");
    std::fs::write(
        &sweep,
        "scenario = \"latin1.toml\"\n[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [5]\n",
    )
    .unwrap();
    let swept_latin1 = dir.path().join("sweep_latin1.toml");
    std::fs::write(
        &swept_latin1,
        b"scenario = \"x.toml\" # caf\xe9\n[sweep]\n".as_slice(),
    )
    .unwrap();
    for (command, file, at) in [
        ("run", &path, "latin1.toml:10:10:"),
        ("sweep", &sweep, "latin1.toml:10:10:"),
        ("sweep", &swept_latin1, "sweep_latin1.toml:1:26:"),
    ] {
        let out = staffsim()
            .args([command, "--quiet"])
            .arg(file)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(at) && stderr.contains("not UTF-8") && stderr.contains("0xE9"),
            "{command} {}: {stderr}",
            file.display()
        );
    }
}

/// A sweep point that is not a valid scenario names the sweep file, the axis's line and key,
/// and the point's settings.
#[test]
fn an_invalid_sweep_point_names_the_axis_and_the_point() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("desk.toml"), THREE).unwrap();
    let sweep = dir.path().join("sweep.toml");
    std::fs::write(
        &sweep,
        "scenario = \"desk.toml\"\n[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\n\
         values = [5, 10]\n[[sweep.axes]]\npath = \"intents.billing.ai.containment\"\n\
         values = [0.5, 1.5]\n",
    )
    .unwrap();
    let out = staffsim()
        .args(["sweep", "--quiet"])
        .arg(&sweep)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for m in [
        "sweep.toml:8:10: `sweep.axes[1].values`",
        "pools.agents.agents=5, intents.billing.ai.containment=1.5",
        "intents.billing.ai.containment = 1.5 makes it so",
        "`intents[2] (billing).ai.containment`",
        "values = [0.5, 1.5]",
    ] {
        assert!(stderr.contains(m), "expected {m:?} in: {stderr}");
    }
}

/// A huge number in a message is written as people read it (`1e300`), not in 301 digits.
#[test]
fn huge_numbers_are_written_readably() {
    for (text, line, mention) in [
        (three("share = 0.2", "share = 1e300"), 15, "found 1e300"),
        (
            three("agents = 10\n[[pools]]", "agents = 1e300\n[[pools]]"),
            21,
            "`1e300`",
        ),
        (
            format!(
                "{THREE}[[timeline]]\nat = \"2h\"\nuntil = \"4h\"\nstep = \"1h\"\n\
                 ramp = {{ \"pools.agents.agents\" = 1e300 }}\n"
            ),
            26,
            "`5e299`",
        ),
    ] {
        refused(&text, line, &[mention]);
        let err = scenario_error(&text);
        assert!(!err.contains("0000000000"), "{err}");
    }
}

/// The error `staffsim::scenario::parse` gives for `text`.
fn scenario_error(text: &str) -> String {
    staffsim::scenario::parse(text, "bad.toml", "bad")
        .unwrap_err()
        .to_string()
}

/// The Weibull's cv limits in the reference are the code's: both ends run, beyond is refused.
#[test]
fn the_weibull_cv_limit_is_the_documented_one() {
    let weibull = |cv: &str| {
        replace(
            "handle_time = { dist = \"exponential\", mean = \"3m\" }",
            &format!("handle_time = {{ dist = \"weibull\", mean = \"3m\", cv = {cv} }}"),
        )
    };
    for cv in ["8.3", "0.0013"] {
        assert!(
            staffsim::scenario::parse(&weibull(cv), "w.toml", "w").is_ok(),
            "{cv}"
        );
    }
    for cv in ["8.31", "9.9", "0.00129"] {
        refused(
            &weibull(cv),
            12,
            &["intents[0] (general).handle_time", "between 0.0013 and 8.3"],
        );
    }
}

/// Nobody ever on duty for an intent whose customers wait: every contact abandons, which is
/// said whether the pool is staffed by a number, by shifts or by a workforce, and with a
/// timeline too, unless some agent can come (on the timeline, or by hiring).
#[test]
fn an_intent_nobody_ever_answers_is_warned_about() {
    let nobody = replace("agents = 10", "agents = 0");
    let warned = |text: &str| {
        warnings_of(text)
            .iter()
            .any(|w| w.contains("no agent can answer intent \"general\""))
    };
    assert!(warned(&nobody));
    assert!(!warned(GOOD));
    let timeline = |set: &str| format!("{nobody}[[timeline]]\nat = \"12h\"\nset = {{ {set} }}\n");
    assert!(warned(&timeline("\"pools.agents.hourly_cost\" = 20")));
    assert!(!warned(&timeline("\"pools.agents.agents\" = 5")));
    let workforce = |w: &str| replace("agents = 10", &format!("workforce = {{ {w} }}"));
    assert!(warned(&workforce("headcount = 0")));
    assert!(!warned(&workforce("headcount = 0, hiring_target = 5")));
    assert!(warned(&workforce(
        "headcount = 0, hiring_target = 5, hiring_frozen = true"
    )));
    let hired = format!(
        "{}[[timeline]]\nat = \"2h\"\nhire = {{ pool = \"agents\", count = 3 }}\n",
        workforce("headcount = 0")
    );
    assert!(!warned(&hired));
    let shifts = replace(
        "agents = 10",
        "schedule = [{ shift = \"day\", start = \"8h\", count = 0 }]",
    ) + "[[shifts]]\nname = \"day\"\npool = \"agents\"\nlength = \"8h\"\nstarts = { earliest = \"8h\" }\n";
    assert!(warned(&shifts));
    assert!(!warned(&shifts.replace("count = 0", "count = 4")));
}
