//! What a new user reads first: the run's header, its warnings, its intervals (issue 16's
//! output papercuts).

use crate::common::staffsim;
use staffsim::scenario;

/// The scenario of the README's "A scenario" section, as a user would copy it.
fn readme_scenario() -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme
        .find("## A scenario")
        .expect("the README has the section")..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

/// Runs `staffsim run FILE ARGS` on `text` written to a fresh folder: (stdout, stderr).
fn run(text: &str, args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.toml");
    std::fs::write(&path, text).unwrap();
    let out = staffsim()
        .arg("run")
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// The README's desk as the issue ran it, a week with a day of warm-up: the default
/// resolution window (seven days, capped at half the six measured days) is measurable, so
/// true resolution has a value and nothing warns of the window.
#[test]
fn the_readme_desk_over_a_week_measures_true_resolution() {
    let text = readme_scenario();
    assert!(text.contains("horizon = \"15d\""), "{text}");
    let week = text.replace("horizon = \"15d\"", "horizon = \"7d\"");
    let s = scenario::parse(&week, "desk.toml", "desk").unwrap();
    assert_eq!(s.resolution_window, 3.0 * 86_400.0);
    assert!(
        !s.warnings().iter().any(|w| w.contains("resolution window")),
        "{:?}",
        s.warnings()
    );
    // The README's own fifteen days keep the full seven.
    let s = scenario::parse(&text, "desk.toml", "desk").unwrap();
    assert_eq!(s.resolution_window, 7.0 * 86_400.0);
    let (stdout, stderr) = run(&week, &["--replications", "2", "--quiet", "--json"]);
    assert!(!stderr.contains("resolution window"), "{stderr}");
    let j: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let tr = j["kpis"]["true_resolution_rate"]["mean"]
        .as_f64()
        .unwrap_or_else(|| panic!("true resolution undefined: {}", j["kpis"]));
    assert!(tr > 0.5 && tr <= 1.0, "{tr}");
}

/// A window the file sets is kept as written, and when the run cannot measure it the warning
/// is given once on stderr and, where stdout is not a terminal (here a pipe), once in the
/// table that is saved.
#[test]
fn a_window_set_too_long_is_warned_of_once() {
    let text = readme_scenario().replace("horizon = \"15d\"", "horizon = \"7d\"")
        + "[quality]\nresolution_window = \"7d\"\n";
    let s = scenario::parse(&text, "desk.toml", "desk").unwrap();
    assert_eq!(s.resolution_window, 7.0 * 86_400.0);
    let (stdout, stderr) = run(&text, &["--replications", "2", "--quiet"]);
    let warning = "the resolution window (7d00h00m) is not shorter than the measured period";
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    assert_eq!(stdout.matches(warning).count(), 1, "{stdout}");
}

/// A chat desk behind the assistant: 600 contacts an hour of 6 minutes is 60 erlangs of
/// volume. The bot contains half and escalates half, each escalation 20 % longer for the
/// context lost: 36 erlangs of human work. Agents take three chats at a time, each 20 %
/// slower per extra chat (× 1.4): 36 × 1.4 / 3 = 16.8 agents kept busy.
#[test]
fn the_offered_load_is_the_load_that_reaches_the_agents() {
    let text = r#"
name = "chat behind a bot"
[simulation]
horizon = "2d"
warmup = "1d"
[arrivals]
rate = "600/h"
[[intents]]
name = "chat"
share = 1.0
handle_time = { dist = "exponential", mean = "6m" }
patience = { dist = "exponential", mean = "10m" }
ai = { containment = 0.5, handle_time = { dist = "exponential", mean = "2m" } }
[[pools]]
name = "chat agents"
agents = 20
concurrency = 3
concurrency_stretch = 0.2
[ai]
context_loss = 0.2
"#;
    let s = scenario::parse(text, "chat.toml", "chat").unwrap();
    assert!(
        (s.offered_load() - 60.0).abs() < 1e-9,
        "{}",
        s.offered_load()
    );
    let to_agents = s.offered_load_to_agents();
    assert!((to_agents - 16.8).abs() < 1e-9, "{to_agents}");
    let (stdout, _) = run(text, &["--replications", "2", "--quiet"]);
    assert!(
        stdout.contains(
            "offered load to agents 16.8 erlangs (of 60.0 before the assistant and chat \
             concurrency)"
        ),
        "{stdout}"
    );
    let (json, _) = run(text, &["--replications", "2", "--quiet", "--json"]);
    let j: serde_json::Value = serde_json::from_str(&json).unwrap();
    let v = j["scenario"]["offered_load_to_agents_erlangs"].as_f64();
    assert!(
        v.is_some_and(|v| (v - 16.8).abs() < 1e-9),
        "{}",
        j["scenario"]
    );
    // Without the assistant and one contact at a time both figures agree, and one is shown.
    let plain = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "-q",
        ])
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(
        plain.contains("offered load to agents 48.0 erlangs\n"),
        "{plain}"
    );
}

/// Every interval in the table and in summary.json lies within what its measure can take:
/// shares in [0, 1], counts, durations and costs zero or more; and no "-0" is printed. Two
/// replications of a short, busy run give wide t intervals around small counts and shares
/// near their bounds.
#[test]
fn intervals_stay_within_their_measures_range() {
    let text = std::fs::read_to_string("scenarios/erlang_a.toml")
        .unwrap()
        .replace("agents = 50", "agents = 49");
    let (json, _) = run(&text, &["--replications", "2", "--quiet", "--json"]);
    let j: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut seen_bounded_share = false;
    for (key, k) in j["kpis"].as_object().unwrap() {
        let Some(ci) = k["ci95"].as_array() else {
            continue;
        };
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo >= 0.0, "{key}: [{lo}, {hi}]");
        let unit = staffsim::metrics::Measure::ALL
            .into_iter()
            .find(|m| m.key() == key)
            .map(|m| m.unit());
        if unit == Some(staffsim::metrics::Unit::Share) {
            assert!(hi <= 1.0, "{key}: [{lo}, {hi}]");
            seen_bounded_share |= hi == 1.0 || lo == 0.0;
        }
    }
    assert!(seen_bounded_share);
    // The clipping is seen doing something: some measure's raw t interval from the
    // replications' own values (mean ± t(0.975, 1) · s / √2) reaches below zero, and its
    // reported interval starts at 0 instead (with two replications, waiting at the end).
    let reps = j["replications"].as_array().unwrap();
    let mut clipped = Vec::new();
    for (key, k) in j["kpis"].as_object().unwrap() {
        let values: Vec<f64> = reps.iter().filter_map(|r| r[key].as_f64()).collect();
        let (Some(ci), [a, b]) = (k["ci95"].as_array(), values.as_slice()) else {
            continue;
        };
        let (mean, s) = ((a + b) / 2.0, (a - b).abs() / 2f64.sqrt());
        if mean - 12.7062 * s / 2f64.sqrt() < -1e-9 {
            assert_eq!(ci[0].as_f64(), Some(0.0), "{key}: {ci:?} from {values:?}");
            clipped.push(key.clone());
        }
    }
    assert!(!clipped.is_empty(), "no raw interval reached below zero");
    let (table, _) = run(&text, &["--replications", "2", "--quiet"]);
    assert!(!table.contains("-0 ") && !table.contains("[-0") && !table.contains("-0."));
    assert!(!table.contains("[-"), "a negative bound:\n{table}");
}

/// The Erlang A desk over a day, its pool with a long name and a cost, swept over three
/// rosters (each more costly and better than the last: all three are on the frontier).
fn long_named_sweep(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string("scenarios/erlang_a.toml")
        .unwrap()
        .replace("horizon = \"7d\"", "horizon = \"1d\"")
        .replace("warmup = \"1d\"", "warmup = \"2h\"")
        .replace("replications = 10", "replications = 2")
        .replace(
            "name = \"agents\"",
            "name = \"agents_of_the_weekend_customer_care_team\"\nhourly_cost = 31.7",
        )
        + "[sweep]\n[[sweep.axes]]\npath = \"pools.agents_of_the_weekend_customer_care_team.agents\"\n\
           values = [47, 50, 60]\n";
    let path = dir.join("long.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `staffsim sweep FILE` into `out`, judged on service level: its stdout.
fn sweep_into(file: &std::path::Path, out: &std::path::Path) -> String {
    let o = staffsim()
        .arg("sweep")
        .arg(file)
        .args(["--quiet", "--quality", "service_level", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Significant digits of a number as written: `64855.1` has 6, `0.000123` has 3.
fn significant(cell: &str) -> usize {
    cell.chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&c| c == '0')
        .count()
}

/// Every number in the CSV files of a run and of a sweep is rounded (nine significant digits
/// at most; `64855.099999999904` has seventeen), except `replications.csv`, which `merge`
/// reads back and keeps exact.
#[test]
fn csv_numbers_are_written_short() {
    let dir = tempfile::tempdir().unwrap();
    let file = long_named_sweep(dir.path());
    let sweep = dir.path().join("sweep");
    sweep_into(&file, &sweep);
    let run = dir.path().join("run");
    let o = staffsim()
        .args([
            "run",
            "scenarios/erlang_a.toml",
            "--replications",
            "2",
            "-q",
            "--out",
        ])
        .arg(&run)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut longest_exact = 0;
    for path in [
        sweep.join("results.csv"),
        sweep.join("pareto.csv"),
        sweep.join("differences.csv"),
        sweep.join("replications.csv"),
        run.join("timeseries.csv"),
        run.join("monthly.csv"),
    ] {
        let text = std::fs::read_to_string(&path).unwrap();
        let exact = path.ends_with("replications.csv");
        let mut numbers = 0;
        for line in text.lines().skip(1) {
            for cell in line.split(',').filter(|c| c.parse::<f64>().is_ok()) {
                numbers += 1;
                let digits = significant(cell);
                if exact {
                    longest_exact = longest_exact.max(digits);
                } else {
                    assert!(digits <= 9, "{}: {cell}", path.display());
                }
            }
        }
        assert!(numbers > 10, "{}", path.display());
    }
    // The exact file has full-precision values (a mean wait is not a round number).
    assert!(longest_exact > 12, "{longest_exact}");
}

/// The sweep's frontier table on stdout is aligned whatever the length of the setting names:
/// every row ends in the same column, and the points' service levels print apart.
#[test]
fn the_frontier_table_is_aligned_and_tells_points_apart() {
    let dir = tempfile::tempdir().unwrap();
    let file = long_named_sweep(dir.path());
    let stdout = sweep_into(&file, &dir.path().join("out"));
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Cost–quality frontier"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(table.len() >= 3, "a header and points:\n{stdout}");
    assert!(table[0].contains("settings") && table[0].ends_with("service_level"));
    let width = table[0].chars().count();
    for line in &table {
        assert_eq!(
            line.chars().count(),
            width,
            "not aligned:\n{}",
            table.join("\n")
        );
        assert!(!line.ends_with(' '));
    }
    let levels: Vec<&str> = table[1..]
        .iter()
        .map(|l| l.rsplit("  ").next().unwrap().trim())
        .collect();
    assert!(levels.iter().all(|l| l.ends_with(" %")), "{levels:?}");
    let mut distinct = levels.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), levels.len(), "{levels:?}");
}
