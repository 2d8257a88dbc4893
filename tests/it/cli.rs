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
    let on_duty = json["by_pool"]["agents"]["agents_on_duty"]["mean"]
        .as_f64()
        .unwrap();
    assert!((on_duty - 50.0).abs() < 1e-9, "{on_duty}");
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

/// A desk of 5 erlangs on 3 agents: its service level is surely below 100 %, in every
/// interval and over the run, and its abandonment, a share, is surely at most 100 %.
const OVERLOADED_WITH_TARGETS: &str = r#"name = "overloaded desk"
[simulation]
horizon = "12h"
warmup = "2h"
replications = 3
[arrivals]
rate = "100/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "3m" }
patience = { dist = "exponential", mean = "2m" }
[[pools]]
name = "agents"
agents = 3
[targets.interval]
abandonment_rate = { max = 1.0 }
service_level = { min = 1.0 }
[targets.run]
abandonment_rate = { max = 1.0 }
service_level = { min = 1.0 }
asa_seconds = { max = "1h" }
"#;

#[test]
fn run_reports_targets_in_the_table_and_in_summary_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("targets.toml");
    std::fs::write(&file, OVERLOADED_WITH_TARGETS).unwrap();
    let out_dir = dir.path().join("out");
    let out = staffsim()
        .args(["run", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let section = &text[text
        .find("Targets, met on average")
        .unwrap_or_else(|| panic!("{text}"))..];
    let line = |start: &str| {
        section
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in:\n{section}"))
            .to_string()
    };
    let header = section
        .lines()
        .position(|l| l.contains("In every interval"))
        .unwrap();
    let lines: Vec<&str> = section.lines().collect();
    let (run, interval) = lines.split_at(header);
    let run = run.join("\n");
    let interval = interval.join("\n");
    assert!(
        run.contains("Over the run") && run.contains("95 % confidence interval"),
        "{run}"
    );
    assert!(
        line("abandonment_rate").contains("max 100.00 %"),
        "{section}"
    );
    assert!(line("abandonment_rate").ends_with("yes"), "{section}");
    assert!(line("service_level").ends_with("no"), "{section}");
    assert!(run.contains("max 3600.00 s"), "{run}");
    // Ten hourly intervals after the warm-up, each with contacts.
    assert!(
        interval.contains("10 of 10 intervals with contacts; worst: day 1 (Mon)"),
        "{interval}"
    );
    assert!(
        interval.contains("0 of 10 intervals with contacts; worst: day 1 (Mon)"),
        "{interval}"
    );

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("summary.json")).unwrap()).unwrap();
    let targets = summary["targets"].as_array().unwrap();
    let find = |scope: &str, measure: &str| {
        targets
            .iter()
            .find(|t| t["scope"] == scope && t["measure"] == measure)
            .unwrap_or_else(|| panic!("{scope} {measure} in {targets:#?}"))
    };
    assert_eq!(targets.len(), 5);
    let met = find("run", "abandonment_rate");
    assert_eq!(
        (met["side"].as_str(), met["bound"].as_f64()),
        (Some("max"), Some(1.0))
    );
    assert_eq!(met["met_by"], "on_average");
    assert_eq!(met["confidence"], serde_json::Value::Null);
    assert_eq!(met["met"], true);
    assert_eq!(met["judged"], met["mean"]);
    assert_eq!(met["ci95"].as_array().unwrap().len(), 2);
    let missed = find("run", "service_level");
    assert_eq!(missed["met"], false);
    assert!(missed["mean"].as_f64().unwrap() < 0.9, "{missed}");
    assert_eq!(find("run", "asa_seconds")["bound"].as_f64(), Some(3600.0));
    let every = find("interval", "abandonment_rate");
    assert_eq!(every["intervals_judged"], 10);
    assert_eq!(every["intervals_met"], 10);
    assert_eq!(every["met"], true);
    let never = find("interval", "service_level");
    assert_eq!(
        (
            never["intervals_judged"].as_u64(),
            never["intervals_met"].as_u64()
        ),
        (Some(10), Some(0))
    );
    assert_eq!(never["met"], false);
    let start = never["worst_interval_start_seconds"].as_f64().unwrap();
    assert!(
        (7200.0..43_200.0).contains(&start) && start % 3600.0 == 0.0,
        "{start}"
    );
    assert!(never["worst_value"].as_f64().unwrap() < 1.0, "{never}");

    // A run without targets has none, and no section.
    let plain = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "--quiet",
            "--json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(json["targets"], serde_json::json!([]));
}

/// `--replications` has the file's bounds, 1 to 1,000,000, on every command that takes it
/// (it once accepted up to 4,294,967,295 on the command line).
#[test]
fn run_overrides_are_validated_by_the_command_line() {
    let out = staffsim()
        .args(["run", "scenarios/erlang_a.toml", "--replications", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    for command in ["run", "staff", "schedule", "sweep", "frontier"] {
        let out = staffsim()
            .args([
                command,
                "scenarios/erlang_a.toml",
                "--replications",
                "1000001",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("1..=1000000"), "{command}: {stderr}");
    }
}

fn erlang_json(args: &[&str]) -> serde_json::Value {
    let out = staffsim()
        .arg("erlang")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn erlang_reports_the_documented_keys() {
    let j = erlang_json(&[
        "--rate",
        "2880/h",
        "--aht",
        "1m",
        "--agents",
        "50",
        "--patience",
        "2m",
    ]);
    assert_eq!(j["model"], "erlang_a");
    assert_eq!(j["agents"], 50);
    for key in [
        "probability_of_wait",
        "abandonment_rate",
        "mean_wait_seconds",
        "service_level",
        "occupancy",
        "asa_seconds",
    ] {
        let v = j[key].as_f64().unwrap_or_else(|| panic!("{key}: {j}"));
        assert!(v >= 0.0, "{key} = {v}");
    }
    assert!((j["offered_load_erlangs"].as_f64().unwrap() - 48.0).abs() < 1e-9);
    let c = erlang_json(&["--rate", "2880/h", "--aht", "1m", "--agents", "50"]);
    assert_eq!(c["model"], "erlang_c");
    assert_eq!(c["abandonment_rate"], 0.0);
}

#[test]
fn erlang_staffing_answers_the_fewest_agents() {
    let j = erlang_json(&["--rate", "2880/h", "--aht", "1m", "--target-sl", "0.8"]);
    let n = j["agents"].as_u64().unwrap();
    assert!(j["service_level"].as_f64().unwrap() >= 0.8);
    let fewer = erlang_json(&[
        "--rate",
        "2880/h",
        "--aht",
        "1m",
        "--agents",
        &(n - 1).to_string(),
    ]);
    assert!(fewer["service_level"].as_f64().unwrap() < 0.8);
}

#[test]
fn erlang_prints_a_table_by_default() {
    let out = staffsim()
        .args([
            "erlang",
            "--rate",
            "48/min",
            "--aht",
            "1m",
            "--agents",
            "50",
            "--patience",
            "2m",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Erlang A") && text.contains("Service level (20.0s)"),
        "{text}"
    );
}

#[test]
fn erlang_refuses_bad_flags_with_status_2() {
    for args in [
        vec!["--rate", "2880/h", "--aht", "1m"],
        vec!["--rate", "0/h", "--aht", "1m", "--agents", "5"],
        vec!["--rate", "2880", "--aht", "1m", "--agents", "5"],
        vec!["--rate", "2880/h", "--aht", "60", "--agents", "5"],
        vec![
            "--rate",
            "2880/h",
            "--aht",
            "1m",
            "--agents",
            "5",
            "--target-sl",
            "0.8",
        ],
        vec!["--rate", "2880/h", "--aht", "1m", "--target-sl", "1.5"],
        vec!["--rate", "2880/h", "--aht", "1m", "--agents", "40"],
    ] {
        let out = staffsim().arg("erlang").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn erlang_b_answers_for_a_number_of_lines() {
    let j = erlang_json(&["--rate", "2880/hour", "--aht", "1m", "--lines", "50"]);
    assert_eq!(j["model"], "erlang_b");
    let blocking = j["blocking_probability"].as_f64().unwrap();
    assert_eq!(blocking, staffsim::analytic::erlang_b(50, 48.0));
    let carried = j["carried_load_erlangs"].as_f64().unwrap();
    assert!((carried - 48.0 * (1.0 - blocking)).abs() < 1e-9);
    // One line at one erlang: blocked half the time.
    let one = erlang_json(&["--rate", "60/hour", "--aht", "1m", "--lines", "1"]);
    assert!((one["blocking_probability"].as_f64().unwrap() - 0.5).abs() < 1e-12);
}

#[test]
fn erlang_reads_targets_as_planners_write_them() {
    let agents = |target: &str, extra: &[&str]| {
        let mut args = vec!["--rate", "2880/h", "--aht", "1m", "--target-sl", target];
        args.extend_from_slice(extra);
        let j = erlang_json(&args);
        (
            j["agents"].as_u64().unwrap(),
            j["sl_threshold_seconds"].as_f64().unwrap(),
        )
    };
    let share = agents("0.8", &[]);
    assert_eq!(agents("80%", &[]), share);
    assert_eq!(agents("80/20", &[]), share);
    assert_eq!(agents("80/20s", &[]), share);
    assert_eq!(
        agents("0.8", &["--sl-threshold", "30s"]),
        agents("80/30", &[])
    );
    assert!(agents("80/30", &[]).0 <= share.0);
    assert_eq!(agents("80/30", &[]).1, 30.0);
}

#[test]
fn erlang_refuses_contradictory_questions_with_status_2() {
    for args in [
        vec!["--target-sl", "80/20", "--sl-threshold", "30s"],
        vec!["--lines", "5", "--patience", "2m"],
        vec!["--lines", "5", "--agents", "5"],
        vec!["--lines", "0"],
        vec!["--target-sl", "80/0"],
        vec!["--target-sl", "120%"],
        vec!["--target-sl", "eighty"],
    ] {
        let out = staffsim()
            .args(["erlang", "--rate", "2880/h", "--aht", "1m"])
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn erlang_takes_the_ai_share_off_the_queue_and_adds_shrinkage() {
    let plain = erlang_json(&["--rate", "1440/h", "--aht", "1m", "--target-sl", "80/20"]);
    let j = erlang_json(&[
        "--rate",
        "2880/h",
        "--aht",
        "1m",
        "--target-sl",
        "80/20",
        "--ai-share",
        "50%",
        "--shrinkage",
        "0.3",
    ]);
    assert_eq!(j["offered_rate_per_hour"].as_f64().unwrap(), 2880.0);
    assert_eq!(j["arrival_rate_per_hour"].as_f64().unwrap(), 1440.0);
    assert_eq!(j["offered_load_erlangs"], plain["offered_load_erlangs"]);
    assert_eq!(j["agents"], plain["agents"]);
    let agents = j["agents"].as_f64().unwrap();
    assert!((j["fte_scheduled"].as_f64().unwrap() - agents / 0.7).abs() < 1e-9);
    for args in [
        vec!["--agents", "5", "--shrinkage", "1"],
        vec!["--agents", "5", "--ai-share", "1.2"],
        vec!["--agents", "5", "--ai-share", "-0.1"],
    ] {
        let out = staffsim()
            .args(["erlang", "--rate", "2880/h", "--aht", "1m"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn erlang_staffs_chat_agents_by_their_conversation_slots() {
    // 300 chats an hour of 6 minutes, three at a time, each 20 % slower per extra chat:
    // 8.4-minute conversations, 42 erlangs of slots. The fewest slots for 80/60 with
    // 6 minutes of patience, from the single-slot answer on the stretched handle time.
    let slots = erlang_json(&[
        "--rate",
        "300/h",
        "--aht",
        "8m24s",
        "--target-sl",
        "80/60",
        "--patience",
        "6m",
    ]);
    let chat = erlang_json(&[
        "--rate",
        "300/h",
        "--aht",
        "6m",
        "--target-sl",
        "80/60",
        "--patience",
        "6m",
        "--concurrency",
        "3",
        "--concurrency-stretch",
        "0.2",
    ]);
    let needed = slots["agents"].as_u64().unwrap();
    let agents = chat["agents"].as_u64().unwrap();
    assert_eq!(agents, needed.div_ceil(3), "{chat}");
    assert_eq!(chat["conversation_slots"].as_u64().unwrap(), agents * 3);
    assert!((chat["offered_load_erlangs"].as_f64().unwrap() - 42.0).abs() < 1e-9);
    assert!(chat["service_level"].as_f64().unwrap() >= 0.8);
    // With --agents, the measures are those of agents × concurrency slots.
    let ten = erlang_json(&[
        "--rate",
        "300/h",
        "--aht",
        "6m",
        "--agents",
        "15",
        "--concurrency",
        "3",
    ]);
    let slots45 = erlang_json(&["--rate", "300/h", "--aht", "6m", "--agents", "45"]);
    assert_eq!(ten["service_level"], slots45["service_level"]);
    let out = staffsim()
        .args(["erlang", "--rate", "300/h", "--aht", "6m", "--lines", "10"])
        .args(["--concurrency", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `staffsim … | head -1`: the reader closes the pipe before the command prints. Without
/// care, `print!` panics on the broken pipe (exit 101); the command must instead end with
/// its usual status, say nothing on stderr, and still write its files.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use assert_cmd::cargo::CommandCargoExt;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let runs: [Vec<String>; 2] = [
        [
            "run",
            "scenarios/erlang_c.toml",
            "--replications",
            "2",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec(),
        ["erlang", "--rate", "100/h", "--aht", "3m", "--agents", "7"]
            .map(String::from)
            .to_vec(),
    ];
    for args in runs {
        let mut child = std::process::Command::cargo_bin("staffsim")
            .unwrap()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command has printed anything.
        drop(child.stdout.take());
        let done = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    assert!(out.join("summary.json").is_file());
}

/// An `--out` that cannot be a folder (a file, or a path through a file) is refused with exit
/// status 2 before any simulation, by every command that writes one; `merge --out` may not name
/// one of its own inputs.
#[test]
fn an_unusable_out_folder_is_refused_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "not a folder").unwrap();
    let sweep = "scenarios/sweep_containment_headcount.toml";
    for out in [file.clone(), file.join("below")] {
        for args in [
            vec!["run", "scenarios/erlang_c.toml"],
            vec!["staff", "scenarios/weekday_voice_desk.toml"],
            vec!["schedule", "scenarios/hybrid_shifts.toml"],
            vec!["sweep", sweep],
            vec![
                "frontier",
                sweep,
                "--levels",
                "3",
                "--decide",
                "pools.chat_agents.staffing_scale=0.6:1.4",
            ],
            vec!["merge", "x", "y"],
        ] {
            let started = std::time::Instant::now();
            let o = staffsim()
                .args(&args)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("is a file"), "{args:?}: {stderr}");
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{args:?} took {:?} before refusing",
                started.elapsed()
            );
        }
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    let shard = dir.path().join("shard");
    std::fs::create_dir(&shard).unwrap();
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(&shard)
        .arg(&shard)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is one of the shards being merged"),
        "{stderr}"
    );
}

/// `run` (or `staff`) on a sweep file that names its scenario says what the file is and
/// which command reads it, instead of "unknown field `scenario`".
#[test]
fn a_sweep_file_given_to_run_is_named_as_one() {
    for command in ["run", "staff"] {
        let o = staffsim()
            .args([
                command,
                "scenarios/klarna/sensitivity_workforce.toml",
                "--quiet",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("this is a sweep file") && stderr.contains("staffsim sweep"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("unknown field"), "{command}: {stderr}");
    }
}

/// A desk whose contacts can wait but that has nobody to answer them runs, and says so:
/// every contact abandons.
#[test]
fn a_desk_without_agents_is_warned_about() {
    let text = std::fs::read_to_string("scenarios/erlang_a.toml")
        .unwrap()
        .replace("agents = 50", "agents = 0");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.toml");
    std::fs::write(&path, text).unwrap();
    let o = staffsim()
        .arg("run")
        .arg(&path)
        .args(["--replications", "2", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("no agent can answer intent"), "{stderr}");
    let o = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("no agent can answer"));
}
