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
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
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
        &["pools.agents", "whole number"],
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
        &["intents[0].handle_time", "cv", "-0.5"],
    );
}

#[test]
fn cv_on_a_family_without_one() {
    refused(
        &replace("mean = \"3m\" }", "mean = \"3m\", cv = 0.5 }"),
        12,
        &["intents[0].handle_time", "`cv` does not apply"],
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
        &["intents[0].share", "between 0 and 1"],
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
        &["pools[0].skills", "unknown intent \"genral\"", "general"],
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
        &["pools[0].agents", "from 0 to 1,000,000"],
    );
}

#[test]
fn agents_cycle_is_a_day_or_a_week_of_a_list_of_agents() {
    refused(
        &replace("agents = 10", "agents = [10, 5]\nagents_cycle = \"month\""),
        17,
        &["pools[0].agents_cycle", "\"day\"", "\"week\"", "\"month\""],
    );
    refused(
        &replace("agents = 10", "agents = [10, 5]\nagents_cycle = 7"),
        17,
        &["pools.agents_cycle", "expected a string"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nagents_cycle = \"week\""),
        17,
        &["pools[0].agents_cycle", "needs a list of agents"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nagents_cycle = \"day\""),
        17,
        &["pools[0].agents_cycle", "needs a list of agents"],
    );
    refused(
        &replace(
            "agents = 10",
            "workforce = { headcount = 10 }\nagents_cycle = \"week\"",
        ),
        17,
        &[
            "pools[0].agents_cycle",
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
            "pools[0].agents_cycle",
            "needs a list of agents",
            "gig pool",
        ],
    );
    refused(
        &replace("agents = 10", "agents = []\nagents_cycle = \"week\""),
        16,
        &[
            "pools[0].agents",
            "at least one number",
            "interval of the week",
        ],
    );
    refused(
        &replace("agents = 10", "agents = [10, -1]\nagents_cycle = \"week\""),
        16,
        &["pools[0].agents", "from 0 to 1,000,000"],
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
        &["intents[0].ai", "sum to 1", "0.8"],
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
        &["intents[0].ai.resolved", "between 0 and 1"],
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
        &["intents[0].patience", "email"],
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
        &["pools[0].concurrency", "from 1 to 100"],
    );
    refused(
        &replace("agents = 10", "agents = 10\nshrinkage = 1.0"),
        17,
        &["pools[0].shrinkage", "up to (not including) 1"],
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
        &["pools[0].agents", "1,000,000"],
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
        &["`intents[0].daily_noise.cv`", "from 0 to 3"],
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
            "intents[0].handle_time",
            "a gamma of cv 1e-300 cannot be drawn",
        ],
    );
}
