//! Output folders as transactions: a writer killed at every step leaves the old output or a
//! folder that `report` and `merge` refuse, never a mix; a second writer is refused at once; a
//! shard written over a whole sweep takes the sweep's files with it; hand edits are refused.

use std::path::Path;

use crate::common::staffsim;

/// A run small enough to repeat at every step.
const DESK: &str = r#"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 2
seed = 1
[arrivals]
rate = "120/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "4m" }
patience = { dist = "exponential", mean = "3m" }
[[pools]]
name = "agents"
agents = 10
"#;

fn desk(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("desk.toml");
    std::fs::write(&file, DESK).unwrap();
    file
}

fn run(file: &Path, out: &Path, seed: &str) -> std::process::Output {
    staffsim()
        .args(["run", "-q", "--seed", seed])
        .arg(file)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn report(out: &Path) -> std::process::Output {
    staffsim().args(["report", "-q"]).arg(out).output().unwrap()
}

fn seed_of(out: &Path) -> u64 {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    summary["scenario"]["seed"].as_u64().unwrap()
}

#[test]
fn a_run_killed_at_every_step_leaves_the_old_output_or_a_refused_folder_never_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let file = desk(dir.path());
    // Steps: 0 before anything is touched, then after each of the three files.
    for step in 0..=3 {
        let out = dir.path().join(format!("out{step}"));
        assert!(run(&file, &out, "1").status.success());
        let killed = staffsim()
            .env("STAFFSIM_TEST_KILL_AT", step.to_string())
            .args(["run", "-q", "--seed", "7"])
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            !killed.status.success(),
            "step {step}: the writer was not killed"
        );
        let shown = report(&out);
        if step == 0 {
            // Killed before it touched the folder: the old run, whole.
            assert!(shown.status.success(), "step {step}: {shown:?}");
            assert_eq!(seed_of(&out), 1);
        } else {
            // Killed while writing: no record, so refused, though new and old files sit
            // side by side.
            assert_eq!(shown.status.code(), Some(2), "step {step}");
            let err = String::from_utf8_lossy(&shown.stderr);
            assert!(err.contains("no outputs.json"), "step {step}: {err}");
            assert_eq!(
                seed_of(&out),
                7,
                "step {step}: summary.json is written first"
            );
        }
        // The next writer makes the folder whole again.
        assert!(run(&file, &out, "9").status.success());
        assert!(report(&out).status.success());
        assert_eq!(seed_of(&out), 9);
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "step {step}: {leftovers:?}");
    }
}

#[test]
fn a_second_writer_is_refused_before_it_simulates() {
    let dir = tempfile::tempdir().unwrap();
    let file = desk(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // Another staffsim holds the folder's lock.
    let lock = std::fs::File::create(out.join(".staffsim.lock")).unwrap();
    lock.try_lock().unwrap();
    let started = std::time::Instant::now();
    let refused = staffsim()
        .args(["run", "-q"])
        .arg(&file)
        .args(["--replications", "1000", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("another staffsim is writing"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused only after {:?}: it simulated first",
        started.elapsed()
    );
    drop(lock);
    assert!(run(&file, &out, "1").status.success());
}

#[test]
fn a_file_changed_after_the_run_is_refused_by_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = desk(dir.path());
    let out = dir.path().join("out");
    assert!(run(&file, &out, "1").status.success());
    let path = out.join("monthly.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("99,month 99\n");
    std::fs::write(&path, text).unwrap();
    let shown = report(&out);
    assert_eq!(shown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&shown.stderr);
    assert!(
        err.contains("monthly.csv") && err.contains("checksum"),
        "{err}"
    );
}

#[test]
fn a_shard_written_over_a_whole_sweep_takes_the_sweeps_files_away() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(
        &file,
        format!(
            "{DESK}[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [8, 10, 12, 14]\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let sweep = |extra: &[&str]| {
        staffsim()
            .args(["sweep", "-q"])
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(sweep(&[]).status.success());
    assert!(out.join("results.csv").exists());
    assert!(sweep(&["--shard", "1/2"]).status.success());
    for gone in ["results.csv", "pareto.csv", "differences.csv"] {
        assert!(
            !out.join(gone).exists(),
            "{gone} of the whole sweep is still there"
        );
    }
    let shown = report(&out);
    assert_eq!(shown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&shown.stderr).contains("staffsim merge"));
}
