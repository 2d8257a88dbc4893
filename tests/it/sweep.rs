//! Sweeps: the grid, refusals, determinism across threads and shards, common random numbers,
//! adaptive replications and the shipped sweep's claims.

use std::path::Path;

use crate::common::{seal, staffsim};

const SHIPPED: &str = "scenarios/sweep_containment_headcount.toml";

/// Runs `staffsim sweep` with `args` into `out` and returns its stdout.
fn sweep(file: &str, out: &Path, args: &[&str]) -> String {
    let o = staffsim()
        .args(["sweep", file, "--quiet", "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        // Not the lock file.
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A small sweep file: 3 × 2 points over the Erlang A desk.
fn small_sweep(dir: &Path, axes: &str) -> String {
    let base = std::fs::read_to_string("scenarios/erlang_a.toml").unwrap();
    let text = base
        .replace("horizon = \"7d\"", "horizon = \"1d\"")
        .replace("warmup = \"1d\"", "warmup = \"2h\"")
        .replace("replications = 10", "replications = 3")
        + axes;
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const AXES: &str = "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [48, 50, 52]\n\
                    [[sweep.axes]]\npath = \"arrivals.rate\"\nvalues = [\"2700/h\", \"2880/h\"]\n";

#[test]
fn a_small_grid_writes_every_file_with_settings_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_sweep(dir.path(), AXES);
    let out = dir.path().join("out");
    let stdout = sweep(&file, &out, &["--quality", "service_level"]);
    assert!(stdout.contains("frontier"), "{stdout}");
    let names: Vec<String> = files(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "differences.csv",
            "manifest.json",
            "outputs.json",
            "pareto.csv",
            "replications.csv",
            "results.csv"
        ]
    );
    let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let mut lines = results.lines();
    assert!(lines.next().unwrap().starts_with("point,pools.agents.agents,arrivals.rate,replications,offered_mean,offered_sd,offered_ci_low,offered_ci_high,"));
    assert_eq!(
        lines.next().unwrap().split(',').take(4).collect::<Vec<_>>(),
        ["0", "48", "2700/h", "3"]
    );
    assert_eq!(results.lines().count(), 7);
    let reps = std::fs::read_to_string(out.join("replications.csv")).unwrap();
    assert_eq!(reps.lines().count(), 1 + 6 * 3);
    assert!(reps.lines().next().unwrap().contains(",replication,seed,"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["points"], 6);
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    // More agents, better service, at the same arrivals: the frontier is ordered by cost.
    let pareto = std::fs::read_to_string(out.join("pareto.csv")).unwrap();
    assert!(pareto.lines().count() >= 2, "{pareto}");
}

#[test]
fn bad_axes_and_big_grids_are_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    for (axes, needle) in [
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.nobody.agents\"\nvalues = [1]\n",
            "no pools named \"nobody\"",
        ),
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agentz\"\nvalues = [1]\n",
            "agentz",
        ),
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = []\n",
            "empty axis",
        ),
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nfrom = 1\nto = 5\nstep = 0\n",
            "must not be zero",
        ),
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [-1]\n",
            "from 0 to 1,000,000",
        ),
        (
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nfrom = 1\nto = 20000\nstep = 1\n",
            "--max-points",
        ),
        (
            // 65,537⁴ points: more than 2⁶⁴, which once wrapped to a small grid.
            "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nfrom = 0\nto = 65536\nstep = 1\n\
             [[sweep.axes]]\npath = \"simulation.seed\"\nfrom = 0\nto = 65536\nstep = 1\n\
             [[sweep.axes]]\npath = \"simulation.replications\"\nfrom = 1\nto = 65537\nstep = 1\n\
             [[sweep.axes]]\npath = \"pools.agents.cost_per_hour\"\nfrom = 0\nto = 65536\nstep = 1\n",
            "more points than a number of 64 bits can count",
        ),
    ] {
        let file = small_sweep(dir.path(), axes);
        let o = staffsim()
            .args(["sweep", &file, "--quiet", "--out"])
            .arg(dir.path().join("x"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{axes}: {stderr}");
        assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let file = small_sweep(dir.path(), "");
    let o = staffsim()
        .args(["sweep", &file, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no [sweep] table"));
}

#[test]
fn threads_and_shards_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let args = ["--replications", "2", "--quality", "service_level"];
    sweep(
        SHIPPED,
        &d.join("one"),
        &[&args[..], &["--threads", "1"]].concat(),
    );
    sweep(
        SHIPPED,
        &d.join("two"),
        &[&args[..], &["--threads", "2"]].concat(),
    );
    assert_eq!(
        files(&d.join("one")),
        files(&d.join("two")),
        "one thread against two"
    );
    for i in 1..=3 {
        sweep(
            SHIPPED,
            &d.join(format!("shard{i}")),
            &[&args[..], &["--shard", &format!("{i}/3")]].concat(),
        );
    }
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("merged"))
        .args((1..=3).map(|i| d.join(format!("shard{i}"))))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        files(&d.join("one")),
        files(&d.join("merged")),
        "three shards merged against one run"
    );
    // A missing shard, or the same shard twice, is refused.
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("m2"))
        .arg(d.join("shard1"))
        .arg(d.join("shard2"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing shard(s) 3/3"));
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("m3"))
        .arg(d.join("shard1"))
        .arg(d.join("shard1"))
        .arg(d.join("shard2"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("appears twice"));
}

/// A Slurm array `--array=1-3` runs shards by task ID modulo 3 (task 3 is shard 1/3): the
/// messages name the task beside the shard, the manifest keeps it, and merge names the task
/// that should have run a missing shard.
#[test]
fn shards_from_slurm_are_named_by_their_task() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = small_sweep(d, AXES);
    let task = |id: &str| {
        let o = staffsim()
            .args([
                "sweep",
                &file,
                "--shard-from-env",
                "--replications",
                "2",
                "--out",
            ])
            .arg(d.join(format!("task{id}")))
            .env("SLURM_ARRAY_TASK_ID", id)
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .env("SLURM_ARRAY_TASK_MIN", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let three = task("3");
    assert!(
        three.contains("shard 1/3 (Slurm task 3): 2 of 6 points"),
        "{three}"
    );
    let one = task("1");
    assert!(one.contains("shard 2/3 (Slurm task 1)"), "{one}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("task3/manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["shard"],
        serde_json::json!({"index": 0, "count": 3,
            "task": {"scheduler": "slurm", "id": 3, "first": 1}})
    );
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("merged"))
        .arg(d.join("task3"))
        .arg(d.join("task1"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("missing shard(s) 3/3 (Slurm task 2)"),
        "{stderr}"
    );
    // With task 2 the set is whole, and merges to what `--shard I/N` shards give.
    task("2");
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("merged"))
        .args(["task1", "task2", "task3"].map(|t| d.join(t)))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for i in 1..=3 {
        sweep(
            &file,
            &d.join(format!("shard{i}")),
            &["--replications", "2", "--shard", &format!("{i}/3")],
        );
    }
    let o = staffsim()
        .args(["merge", "--out"])
        .arg(d.join("by_flag"))
        .args((1..=3).map(|i| d.join(format!("shard{i}"))))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files(&d.join("merged")), files(&d.join("by_flag")));
}

/// Common random numbers: the paired difference between two neighbouring points has a
/// narrower interval than with independent streams.
#[test]
fn common_random_numbers_narrow_the_differences() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_sweep(
        dir.path(),
        "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [50, 51]\n",
    );
    let width = |independent: bool| {
        let out = dir.path().join(format!("crn-{independent}"));
        let mut args = vec!["--replications", "10"];
        if independent {
            args.push("--independent-streams");
        }
        sweep(&file, &out, &args);
        let mut reader = csv::Reader::from_path(out.join("differences.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().nth(1).unwrap().unwrap();
        let col = |name: &str| -> f64 {
            row[headers.iter().position(|h| h == name).unwrap()]
                .parse()
                .unwrap()
        };
        col("service_level_diff_ci_high") - col("service_level_diff_ci_low")
    };
    let (crn, independent) = (width(false), width(true));
    assert!(
        crn < 0.5 * independent,
        "CRN width {crn} against independent {independent}"
    );
}

#[test]
fn adaptive_replications_stop_at_the_target_or_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_sweep(dir.path(), AXES);
    let out = dir.path().join("adaptive");
    sweep(
        &file,
        &out,
        &[
            "--adaptive-measure",
            "mean_wait_seconds",
            "--target-relative-half-width",
            "0.05",
            "--max-replications",
            "12",
        ],
    );
    let mut reader = csv::Reader::from_path(out.join("results.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let idx = |n: &str| headers.iter().position(|h| h == n).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let n: u32 = row[idx("replications")].parse().unwrap();
        let mean: f64 = row[idx("mean_wait_seconds_mean")].parse().unwrap();
        let half = (row[idx("mean_wait_seconds_ci_high")]
            .parse::<f64>()
            .unwrap()
            - row[idx("mean_wait_seconds_ci_low")].parse::<f64>().unwrap())
            / 2.0;
        assert!(
            n == 12 || half <= 0.05 * mean,
            "point {}: {n} replications, half-width {half} of {mean}",
            &row[0]
        );
        assert!((3..=12).contains(&n));
    }
    // And the same bytes again on one thread.
    let again = dir.path().join("adaptive1");
    sweep(
        &file,
        &again,
        &[
            "--adaptive-measure",
            "mean_wait_seconds",
            "--target-relative-half-width",
            "0.05",
            "--max-replications",
            "12",
            "--threads",
            "1",
        ],
    );
    assert_eq!(files(&out), files(&again));
}

/// The shipped sweep's claims: the cheapest frontier point is not the smallest roster, and the
/// cheapest roster never grows as containment rises.
#[test]
fn the_shipped_sweep_shows_both_edges_of_the_frontier() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shipped");
    sweep(SHIPPED, &out, &["--quality", "service_level"]);
    let mut reader = csv::Reader::from_path(out.join("results.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let idx = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<(f64, f64, f64)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let f = |n: &str| r[idx(n)].parse::<f64>().unwrap();
            (
                f("intents.order_status.ai.containment"),
                f("pools.chat_agents.staffing_scale"),
                f("cost_total_mean"),
            )
        })
        .collect();
    let mut last_best = f64::INFINITY;
    for c in [0.5, 0.6, 0.7, 0.8, 0.9] {
        let best = rows
            .iter()
            .filter(|r| (r.0 - c).abs() < 1e-9)
            .min_by(|a, b| a.2.total_cmp(&b.2))
            .unwrap();
        assert!(
            best.1 > 0.6 + 1e-9,
            "containment {c}: the smallest roster is the cheapest"
        );
        assert!(
            best.1 <= last_best + 1e-9,
            "containment {c}: cheapest roster {} after {last_best}",
            best.1
        );
        last_best = best.1;
    }
    let pareto = std::fs::read_to_string(out.join("pareto.csv")).unwrap();
    let first = pareto.lines().nth(1).unwrap();
    assert!(
        !first.split(',').nth(2).unwrap().starts_with("0.6"),
        "{first}"
    );
}

#[test]
fn a_sweep_file_naming_its_scenario_sweeps_it_with_overrides() {
    // The same axes and settings, written into a copy of the scenario or in a sweep file that
    // names the scenario and overrides the replications: the same results, byte for byte.
    let dir = tempfile::tempdir().unwrap();
    let axes = "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [48, 52]\n";
    let base = std::fs::read_to_string("scenarios/erlang_a.toml").unwrap();
    let copy = base.replace("replications = 10", "replications = 2") + "\n" + axes;
    assert_ne!(
        copy,
        base.clone() + "\n" + axes,
        "the copy changes the replications"
    );
    let embedded = dir.path().join("embedded.toml");
    std::fs::write(&embedded, copy).unwrap();
    std::fs::copy("scenarios/erlang_a.toml", dir.path().join("erlang_a.toml")).unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(
        &file,
        format!(
            "scenario = \"erlang_a.toml\"\nset = {{ \"simulation.replications\" = 2 }}\n{axes}"
        ),
    )
    .unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    sweep(embedded.to_str().unwrap(), &a, &[]);
    sweep(file.to_str().unwrap(), &b, &[]);
    for name in [
        "results.csv",
        "replications.csv",
        "differences.csv",
        "pareto.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
    // Mistakes in the sweep file are located in it, with status 2.
    let bad = dir.path().join("bad.toml");
    for (text, mentions) in [
        (
            "scenario = \"missing.toml\"\n",
            "cannot read the scenario file",
        ),
        (
            "scenario = \"erlang_a.toml\"\nset = { \"pools.agents.agents\" = -1 }\n",
            "`set`",
        ),
        ("scenario = \"erlang_a.toml\"\nsett = 1\n", "unknown field"),
    ] {
        std::fs::write(&bad, format!("{text}{axes}")).unwrap();
        let o = staffsim()
            .args(["sweep", "--quiet"])
            .arg(&bad)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("bad.toml:") && err.contains(mentions), "{err}");
    }
}

#[test]
fn a_sweep_axis_can_move_a_target() {
    use staffsim::metrics::Bound;
    use staffsim::scenario::sweep::{ScenarioDocument, SweepSpec};
    let base = std::fs::read_to_string("scenarios/erlang_a.toml").unwrap()
        + "[targets.run]\ncost_total = { max = 1_000_000 }\n";
    let axes = "[sweep]\n[[sweep.axes]]\npath = \"targets.run.cost_total.max\"\nvalues = [1000, 2000.5, -1]\n";
    let spec = SweepSpec::parse(&format!("{base}{axes}"), "t.toml")
        .unwrap()
        .unwrap();
    let doc = ScenarioDocument::new(&base, "t.toml", "t").unwrap();
    for (point, bound) in [(0, 1000.0), (1, 2000.5)] {
        let s = doc.at(&spec, &spec.point(point)).unwrap();
        assert_eq!(s.targets.over_run[0].bound, Bound::Max(bound));
    }
    // Every point is validated like a file: a negative bound is refused with its key.
    let e = doc.at(&spec, &spec.point(2)).unwrap_err();
    assert!(
        e.contains("targets.run.cost_total.max=-1")
            && e.contains("`targets.run.cost_total.max`")
            && e.contains("zero or more"),
        "{e}"
    );
}

/// Shards edited by hand or damaged on disk: each is refused with exit status 2 and the file
/// named, never a panic (these once divided by zero, overflowed a capacity or indexed out of
/// bounds) and never a silent merge.
#[test]
fn corrupted_shards_are_refused_not_merged() {
    use serde_json::{Value, json};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = small_sweep(d, AXES);
    for i in 1..=2 {
        sweep(
            &file,
            &d.join(format!("s{i}")),
            &["--replications", "2", "--shard", &format!("{i}/2")],
        );
    }
    type Edit = fn(&mut Value);
    let manifests: [(Edit, &str); 8] = [
        (
            |m| m["shard"]["count"] = json!(0),
            "shard: index 0 of count 0",
        ),
        (
            |m| m["shard"]["index"] = json!(7),
            "shard: index 7 of count 2",
        ),
        (
            |m| m["points"] = json!(1_000_000_000_000_000_000u64),
            "points: the manifest says",
        ),
        (
            |m| m["sweep"]["axes"][0]["values"] = json!([]),
            "has no values",
        ),
        (
            |m| m["sweep"]["mode"] = json!("zip"),
            "zipped axes must have equal lengths",
        ),
        (
            |m| m["baseline"] = json!(100),
            "baseline: point 100 is outside the grid",
        ),
        (
            |m| m["replications"] = json!(0),
            "replications: expected at least 1",
        ),
        (|m| m["sweep"]["axes"] = json!([]), "the sweep has no axes"),
    ];
    type CsvEdit = fn(&str) -> String;
    let rows: [(CsvEdit, &str); 3] = [
        (
            // The last measure of the first row.
            |t| {
                let mut lines: Vec<String> = t.lines().map(String::from).collect();
                let cut = lines[1].rfind(',').unwrap();
                lines[1] = format!("{},1e999", &lines[1][..cut]);
                lines.join("\n") + "\n"
            },
            "expected a finite number",
        ),
        (|t| t.replacen(",48,", ",47,", 1), "has the setting 48"),
        (
            |t| t.replacen("point,", "pt,", 1),
            ":1: the header does not match",
        ),
    ];
    let merge = |name: &str| {
        let o = staffsim()
            .args(["merge", "--out"])
            .arg(d.join(format!("out_{name}")))
            .arg(d.join(format!("{name}1")))
            .arg(d.join(format!("{name}2")))
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let copy = |name: &str| {
        for i in 1..=2 {
            let to = d.join(format!("{name}{i}"));
            std::fs::create_dir_all(&to).unwrap();
            for f in ["manifest.json", "replications.csv", "outputs.json"] {
                std::fs::copy(d.join(format!("s{i}")).join(f), to.join(f)).unwrap();
            }
        }
    };
    for (k, (edit, needle)) in manifests.iter().enumerate() {
        let name = format!("m{k}_");
        copy(&name);
        let path = d.join(format!("{name}1")).join("manifest.json");
        let mut m: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        edit(&mut m);
        std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
        // Edited and not recorded: refused by its checksum, before anything is read.
        let (code, stderr) = merge(&name);
        assert_eq!(code, Some(2), "{needle}: {stderr}");
        assert!(
            stderr.contains("checksum") && stderr.contains("manifest.json"),
            "{stderr}"
        );
        // Recorded as if staffsim had written it: refused by what is inside.
        seal(&d.join(format!("{name}1")), "sweep");
        let (code, stderr) = merge(&name);
        assert_eq!(code, Some(2), "{needle}: {stderr}");
        assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
        assert!(stderr.contains("manifest.json"), "{stderr}");
    }
    for (k, (edit, needle)) in rows.iter().enumerate() {
        let name = format!("r{k}_");
        copy(&name);
        let path = d.join(format!("{name}1")).join("replications.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&text);
        assert_ne!(edited, text, "the edit {needle:?} changed nothing");
        std::fs::write(&path, edited).unwrap();
        seal(&d.join(format!("{name}1")), "sweep");
        let (code, stderr) = merge(&name);
        assert_eq!(code, Some(2), "{needle}: {stderr}");
        assert!(stderr.contains(needle), "{needle:?} not in: {stderr}");
        assert!(stderr.contains("replications.csv"), "{stderr}");
    }
    // The untouched shards still merge.
    assert_eq!(merge("s").0, Some(0));
}

/// A bad point fails every shard, not only the one that holds it: each shard validates the
/// whole grid before it runs (point 1, `agents = -1`, belongs to shard 2 of 2).
#[test]
fn every_shard_validates_the_whole_grid() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_sweep(
        dir.path(),
        "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [48, -1]\n",
    );
    for shard in ["1/2", "2/2"] {
        let o = staffsim()
            .args(["sweep", &file, "--quiet", "--shard", shard, "--out"])
            .arg(dir.path().join(shard.replace('/', "of")))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "shard {shard}: {stderr}");
        assert!(
            stderr.contains("pools.agents.agents=-1"),
            "shard {shard}: {stderr}"
        );
    }
}
