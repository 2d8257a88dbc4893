//! The command line as a user meets it: table, JSON, output files.

use crate::common::staffsim;

#[test]
fn run_prints_a_readable_table() {
    let out = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Erlang A check",
        "Service level [%]",
        "95 % confidence interval",
        "Occupancy",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn run_json_has_the_documented_kpis() {
    let out = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "3",
            "--json",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    for key in [
        "offered",
        "answered",
        "abandoned",
        "abandonment_rate",
        "service_level",
        "asa_seconds",
        "mean_wait_seconds",
        "occupancy",
        "aht_seconds",
        "longest_queue",
        "probability_of_wait",
    ] {
        let k = &json["kpis"][key];
        let mean = k["mean"].as_f64().unwrap_or_else(|| panic!("{key}: {k}"));
        let ci = k["ci95"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo <= mean && mean <= hi, "{key}: {lo} <= {mean} <= {hi}");
    }
    assert_eq!(json["replications"].as_array().unwrap().len(), 3);
    assert!(json["by_intent"]["general"]["service_level"]["mean"].is_number());
}

#[test]
fn run_out_writes_summary_and_timeseries() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("nested/out");
    staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "--quiet",
            "--out",
        ])
        .arg(&out_dir)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("summary.json")).unwrap()).unwrap();
    assert!(summary["kpis"]["service_level"]["mean"].is_number());
    let csv = std::fs::read_to_string(out_dir.join("timeseries.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("start_seconds,day,weekday,time_of_day,offered,"),
        "{header}"
    );
    // 7 days in hourly intervals, the first day's 24 are warm-up.
    assert_eq!(lines.count(), 6 * 24);
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn run_overrides_are_validated_by_the_command_line() {
    let out = staffsim()
        .args(["run", "scenarios/erlang_a.toml", "--replications", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
