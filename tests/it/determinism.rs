//! Reproducibility: the same scenario and seed give the same bytes, whatever the thread count.

use crate::common::staffsim;

fn run_json(threads: &str, seed: &str) -> Vec<u8> {
    let out = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--json",
            "--quiet",
            "--replications",
            "4",
            "--seed",
            seed,
            "--threads",
            threads,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_thread_and_two_threads_give_identical_json() {
    let one = run_json("1", "7");
    let two = run_json("2", "7");
    assert!(!one.is_empty());
    assert_eq!(one, two, "JSON differs between --threads 1 and --threads 2");
}

#[test]
fn another_seed_gives_another_run() {
    assert_ne!(run_json("2", "7"), run_json("2", "8"));
}

#[test]
fn files_written_with_out_are_identical_across_thread_counts() {
    let read = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        staffsim()
            .args([
                "run",
                "scenarios/erlang_a.toml",
                "--quiet",
                "--replications",
                "3",
            ])
            .args(["--threads", threads, "--out"])
            .arg(dir.path())
            .assert()
            .success();
        (
            std::fs::read(dir.path().join("summary.json")).unwrap(),
            std::fs::read(dir.path().join("timeseries.csv")).unwrap(),
        )
    };
    assert_eq!(read("1"), read("2"));
}
