//! Latin hypercube sweeps (`[sweep] design = "lhs"`) and their sensitivity summary: an
//! Erlang C desk where the answer is known in sign and order, the same bytes from any number
//! of threads and from shards merged, and located refusals of bad designs.
//!
//! `cargo test --test it lhs` runs these alone.

use std::path::Path;

use crate::common::staffsim;

/// An M/M/n desk with no abandonment (Erlang C): 2,700 contacts an hour, 1-minute handle
/// time, so 45 erlangs on 52 to 60 agents. The waiting time falls with agents and rises
/// with the arrival rate; the hourly cost cannot move it (the replications of every sample
/// see the same customers, and a cost changes none of their draws).
const DESK: &str = r#"name = "LHS Erlang C desk"
[simulation]
horizon = "8h"
warmup = "30m"
replications = 2
seed = 3
service_level_threshold = "20s"
[arrivals]
rate = "2700/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "1m" }
[[pools]]
name = "agents"
agents = 55
hourly_cost = 30.0
[sweep]
design = "lhs"
samples = 40
[[sweep.axes]]
path = "pools.agents.agents"
from = 52
to = 60
[[sweep.axes]]
path = "arrivals.rate"
unit = "/h"
from = 2565
to = 2835
[[sweep.axes]]
path = "pools.agents.hourly_cost"
from = 20
to = 40
"#;

fn write_desk(dir: &Path, text: &str) -> String {
    let path = dir.join("desk.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

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

/// The rows of `sensitivity.csv` for `measure`: (input, srrc, lo, hi, spearman).
fn sensitivity(out: &Path, measure: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let text = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "measure,input,srrc,lo,hi,spearman,r2,samples"
    );
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[0] == measure)
        .map(|c| {
            let n = |i: usize| c[i].parse::<f64>().unwrap();
            (c[1].to_string(), n(2), n(3), n(4), n(5))
        })
        .collect()
}

#[test]
fn lhs_on_an_erlang_c_desk_ranks_agents_and_rate_above_a_cost() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_desk(dir.path(), DESK);
    let out = dir.path().join("out");
    let stdout = sweep(&file, &out, &[]);
    assert!(stdout.contains("Sensitivity"), "{stdout}");
    assert!(stdout.contains("asa_seconds (R²"), "{stdout}");

    // One row per sample, settings first; each axis has one sample per stratum.
    let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert!(results.starts_with(
        "point,pools.agents.agents,arrivals.rate,pools.agents.hourly_cost,replications,"
    ));
    let rows: Vec<Vec<&str>> = results
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 40);
    let mut cost_strata = [0; 40];
    for r in &rows {
        // Agents are an integer setting (found by the validation): whole numbers 52 to 60.
        let agents: i64 = r[1].parse().unwrap();
        assert!((52..=60).contains(&agents), "{r:?}");
        // The rate is written with its unit.
        let rate: f64 = r[2].strip_suffix("/h").unwrap().parse().unwrap();
        assert!((2565.0..=2835.0).contains(&rate), "{r:?}");
        let cost: f64 = r[3].parse().unwrap();
        cost_strata[((cost - 20.0) / 20.0 * 40.0) as usize] += 1;
    }
    assert_eq!(cost_strata, [1; 40]);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(m["sweep"]["lhs"]["samples"], 40);
    assert_eq!(
        m["sweep"]["lhs"]["seed"], 3,
        "the scenario's seed by default"
    );
    let integer: Vec<bool> = (0..3)
        .map(|a| m["sweep"]["axes"][a]["range"]["integer"].as_bool().unwrap())
        .collect();
    assert_eq!(integer, [true, false, false]);

    // The average speed of answer: agents and the rate matter, the cost does not.
    let asa = sensitivity(&out, "asa_seconds");
    let [agents, rate, cost] = [&asa[0], &asa[1], &asa[2]];
    assert_eq!(
        (agents.0.as_str(), rate.0.as_str(), cost.0.as_str()),
        (
            "pools.agents.agents",
            "arrivals.rate",
            "pools.agents.hourly_cost"
        )
    );
    assert!(agents.1 < 0.0 && agents.3 < 0.0, "agents: {agents:?}");
    assert!(rate.1 > 0.0 && rate.2 > 0.0, "rate: {rate:?}");
    assert!(
        agents.1.abs() > cost.1.abs() && rate.1.abs() > cost.1.abs(),
        "{asa:?}"
    );
    assert!(cost.2 < 0.0 && 0.0 < cost.3, "cost: {cost:?}");
    // The cost is what cost_total is about: there it ranks first.
    let total = sensitivity(&out, "cost_total");
    assert!(total[2].1 > 0.8 && total[2].2 > 0.0, "{total:?}");
    // A measure the settings cannot move (no patience: nobody abandons) has empty cells.
    let text = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert!(
        text.lines()
            .any(|l| l == "abandonment_rate,pools.agents.agents,,,,,,40"),
        "{text}"
    );

    // The report shows the sensitivity.
    let o = staffsim().arg("report").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"sensitivity\"") || html.contains("Sensitivity</h2>"));
    assert!(
        html.contains("52 to 60, whole numbers · 40 samples"),
        "axes table"
    );
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn lhs_gives_the_same_bytes_from_any_threads_and_from_merged_shards() {
    let dir = tempfile::tempdir().unwrap();
    let text = DESK
        .replace("samples = 40", "samples = 12\nseed = 8")
        .replace("horizon = \"8h\"", "horizon = \"2h\"");
    let file = write_desk(dir.path(), &text);
    let (one, four) = (dir.path().join("one"), dir.path().join("four"));
    sweep(&file, &one, &["--threads", "1"]);
    sweep(&file, &four, &["--threads", "4"]);
    assert_eq!(files(&one), files(&four));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["sweep"]["lhs"]["seed"], 8, "the design's own seed");
    let mut parts = Vec::new();
    for s in ["1/3", "2/3", "3/3"] {
        let part = dir.path().join(format!("part{}", &s[..1]));
        sweep(&file, &part, &["--shard", s]);
        assert!(
            !part.join("sensitivity.csv").exists(),
            "a shard has part of the samples"
        );
        parts.push(part);
    }
    let merged = dir.path().join("merged");
    let o = staffsim()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Sensitivity"));
    assert_eq!(files(&merged), files(&one));

    // A shard of another design (another seed) does not merge with these.
    let other = write_desk(dir.path(), &text.replace("seed = 8", "seed = 9"));
    let stranger = dir.path().join("stranger");
    sweep(&other, &stranger, &["--shard", "3/3"]);
    let o = staffsim()
        .arg("merge")
        .args([&parts[0], &parts[1], &stranger])
        .arg("--out")
        .arg(dir.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another sweep"));
}

#[test]
fn bad_designs_are_refused_with_file_line_and_key() {
    let axis = |a: &str| format!("[[sweep.axes]]\npath = \"pools.agents.agents\"\n{a}\n");
    let base = DESK.split("[sweep]").next().unwrap().to_string();
    let lines = base.lines().count();
    for (sweep, line, key) in [
        (
            format!(
                "design = \"lhs\"\nsamples = 0\n{}",
                axis("from = 52\nto = 60")
            ),
            3,
            "sweep.samples",
        ),
        (
            format!(
                "design = \"lhs\"\nsamples = 10\n{}",
                axis("from = 60\nto = 52")
            ),
            7,
            "sweep.axes[0].to",
        ),
        (
            format!(
                "design = \"lhs\"\nsamples = 10\n{}",
                axis("from = 0\nto = 60\nscale = \"log\"")
            ),
            6,
            "sweep.axes[0].from",
        ),
        (
            format!(
                "design = \"lhs\"\nsamples = 10\n{}",
                axis("values = [52, 60]")
            ),
            6,
            "sweep.axes[0].values",
        ),
        (
            format!(
                "design = \"lhs\"\nsamples = 10\nmode = \"grid\"\n{}",
                axis("from = 52\nto = 60")
            ),
            4,
            "sweep.mode",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = write_desk(dir.path(), &format!("{base}[sweep]\n{sweep}"));
        let o = staffsim()
            .args(["sweep", &file, "--quiet", "--out"])
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{sweep}: {stderr}");
        let at = format!("desk.toml:{}:", lines + line);
        assert!(
            stderr.contains(&at) && stderr.contains(key) && !stderr.contains("panicked"),
            "{sweep}: expected {at} and {key}: {stderr}"
        );
    }
    // A setting that takes no number at all: named, with what the validation said.
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{base}[sweep]\ndesign = \"lhs\"\nsamples = 10\n[[sweep.axes]]\npath = \"arrivals.rate\"\nfrom = 1\nto = 2\n"
    );
    let file = write_desk(dir.path(), &text);
    let o = staffsim()
        .args(["sweep", &file, "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("arrivals.rate") && stderr.contains("rate string"),
        "{stderr}"
    );
}
