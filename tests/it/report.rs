//! The HTML report: made for every shipped scenario, the shipped sweep, a staffing search, a
//! frontier search and a shift schedule, self-contained, with every expected chart; the monthly and timeline path on a synthetic
//! fixture; and the refusals (a folder that holds no output, --report without --out).

use std::path::{Path, PathBuf};

use crate::common::{seal, staffsim};

/// Charts every run report draws from `timeseries.csv`.
const RUN_CHARTS: [&str; 6] = [
    "chart-volume",
    "chart-agents",
    "chart-service-level",
    "chart-abandonment",
    "chart-asa",
    "chart-occupancy",
];

/// Charts a run report draws from `summary.json` when the scenario has a survey and costs.
const HYBRID_CHARTS: [&str; 5] = [
    "chart-quality-by-intent",
    "chart-cost-by-kind",
    "chart-quality",
    "chart-repeat-rate",
    "chart-cost",
];

/// Time charts drawn from the fixture's `monthly.csv`.
const MONTHLY_CHARTS: [&str; 12] = [
    "chart-volume",
    "chart-channels",
    "chart-agents",
    "chart-headcount",
    "chart-service-level",
    "chart-abandonment",
    "chart-quality",
    "chart-csat-by-intent",
    "chart-resolution-by-intent",
    "chart-repeat-rate",
    "chart-churn",
    "chart-cost",
];

const FIXTURE: &str = "tests/fixtures/monthly_run";

/// Fails unless `html` needs nothing outside itself: no script, stylesheet, font, image or
/// frame from elsewhere; links only to its own anchors; `url(` only to its own ids.
fn assert_self_contained(html: &str) {
    let lower = html
        .to_lowercase()
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for bad in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "@font-face",
        "src=",
        "http://",
        "https://",
        "file://",
    ] {
        assert!(!lower.contains(bad), "the report contains {bad:?}");
    }
    for (i, _) in lower.match_indices("href=") {
        let rest = &lower[i + 5..];
        assert!(
            rest.starts_with("\"#") || rest.starts_with("'#"),
            "a link leaves the page: {}",
            &rest[..rest.len().min(60)]
        );
    }
    for (i, _) in lower.match_indices("url(") {
        let rest = &lower[i + 4..];
        assert!(
            rest.trim_start_matches(['"', '\'']).starts_with('#'),
            "url( to outside: {}",
            &rest[..rest.len().min(60)]
        );
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@media print"), "a print stylesheet");
    assert!(
        !html.contains("<?xml"),
        "SVGs are embedded without their XML declaration"
    );
}

/// The part of `html` inside `<figure id="ID">…</figure>`.
fn figure<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<figure id=\"{id}\">"))?;
    let end = html[start..].find("</figure>")? + start;
    Some(&html[start..end])
}

fn figure_ids(html: &str) -> Vec<String> {
    html.match_indices("<figure id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Checks the report in `dir`: self-contained, with `charts`, each also in `plots/`.
fn check_report(dir: &Path, charts: &[&str]) -> String {
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html written");
    assert_self_contained(&html);
    for id in charts {
        let fig = figure(&html, id).unwrap_or_else(|| panic!("{id} missing from the report"));
        assert!(fig.contains("<svg"), "{id} has its chart inline");
        let file = dir
            .join("plots")
            .join(format!("{}.svg", id.trim_start_matches("chart-")));
        let svg =
            std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} missing", file.display()));
        assert!(svg.trim_start().starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
    let plots = std::fs::read_dir(dir.join("plots")).unwrap().count();
    assert_eq!(plots, figure_ids(&html).len(), "one SVG file per chart");
    html
}

fn run_with_report(file: &str, out: &Path) {
    let o = staffsim()
        .args([
            "run",
            file,
            "--replications",
            "2",
            "--quiet",
            "--report",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn shipped_run_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("sweep")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_scenario_gets_a_self_contained_report() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = shipped_run_scenarios();
    assert!(scenarios.len() >= 7, "{scenarios:?}");
    for file in &scenarios {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let out = dir.path().join(&name);
        run_with_report(&file.display().to_string(), &out);
        let html = check_report(&out, &RUN_CHARTS);
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        let scenario_name = summary["scenario"]["name"].as_str().unwrap();
        assert!(
            html.contains(&format!("<h1>{scenario_name}</h1>")),
            "{name}"
        );
        for section in ["Scenario", "Over time", "Measures"] {
            assert!(
                html.contains(&format!("{section}</h2>")),
                "{name}: {section}"
            );
        }
        // The AI's conversations are drawn where the AI is live, from their own column.
        let ai = summary["kpis"]["ai_share"]["mean"].as_f64().unwrap_or(0.0) > 0.0;
        let volume = figure(&html, "chart-volume").unwrap();
        assert_eq!(volume.contains("AI conversations"), ai, "{name}");
        assert!(!volume.contains("(derived)"), "{name}");
        if name.starts_with("hybrid") || name == "survey_gap" {
            // Quality and cost over time, from timeseries.csv (runs shorter than three
            // months are drawn per interval, not by month).
            check_report(&out, &HYBRID_CHARTS);
            assert!(html.contains("By intent</h3>"), "{name}");
            assert!(!html.contains("(no column"), "{name}: no column is missing");
            assert!(!html.contains("One point per month"), "{name}");
        }
    }
}

#[test]
fn the_shipped_sweep_report_maps_the_frontier() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let o = staffsim()
        .args([
            "sweep",
            "scenarios/sweep_containment_headcount.toml",
            "--replications",
            "2",
            "--quiet",
            "--report",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&out, &["chart-frontier", "chart-heatmap"]);
    // Every frontier point is numbered on the chart and listed in the frontier table.
    let pareto = std::fs::read_to_string(out.join("pareto.csv")).unwrap();
    let frontier: Vec<&str> = pareto
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(!frontier.is_empty());
    let chart = figure(&html, "chart-frontier").unwrap();
    let table_start = html.find("<table class=\"frontier\">").unwrap();
    let table = &html[table_start..table_start + html[table_start..].find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr class=\"marked\">").count(),
        frontier.len()
    );
    for p in &frontier {
        assert!(chart.contains(&format!("#{p}")), "point {p} is labelled");
        assert!(
            table.contains(&format!("#{p}")),
            "point {p} is in the table"
        );
    }
    let heat = figure(&html, "chart-heatmap").unwrap();
    assert!(
        heat.contains("Survey satisfaction"),
        "the sweep's quality by default"
    );

    // Another measure for the heat map; an unknown one is refused with the choices.
    let o = staffsim()
        .args(["report", "--quiet", "--heatmap", "service_level"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        figure(&html, "chart-heatmap")
            .unwrap()
            .contains("Service level over")
    );
    let o = staffsim()
        .args(["report", "--heatmap", "no_such_measure"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no_such_measure") && err.contains("service_level"),
        "{err}"
    );
}

/// A small desk to staff: two days, hourly intervals, one pool, exponential handle time and
/// patience, a service-level target in every interval.
const STAFF_SCENARIO: &str = r#"
name = "Small desk to staff"
[simulation]
horizon = "2d"
warmup = "2h"
interval = "1h"
replications = 3
seed = 11
[arrivals]
rate = "60/h"
daily_profile = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1.5, 1.5, 1.5, 1.5,
                 1.5, 1.5, 1.5, 1.5, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "4m" }
patience = { dist = "exponential", mean = "3m" }
[[pools]]
name = "agents"
agents = 4
[targets.interval]
service_level = { min = 0.8 }
"#;

#[test]
fn a_staffing_search_gets_a_report_of_its_staffing_and_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("small.toml");
    std::fs::write(&file, STAFF_SCENARIO).unwrap();
    let out = tmp.path().join("staffed");
    let o = staffsim()
        .args(["staff", "--quiet"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&out, &["chart-staffing", "chart-target-service-level"]);
    assert!(html.contains("<h1>Small desk to staff</h1>"));
    for section in [
        "Staffing",
        "Targets on a fresh seed",
        "The search",
        "Interval by interval",
    ] {
        assert!(html.contains(&format!("{section}</h2>")), "{section}");
    }
    // The required agents as a step line beside per-interval Erlang, on a clock axis.
    let agents = figure(&html, "chart-staffing").unwrap();
    for needle in [
        "Agents on duty found by simulation",
        "Per-interval Erlang C",
        "Per-interval Erlang A",
        "Agents on duty [agents]",
        "12:00",
    ] {
        assert!(agents.contains(needle), "{needle} missing from the chart");
    }
    // The target on the fresh seed, with its band and its bound from staff.json.
    let staff: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("staff.json")).unwrap()).unwrap();
    assert_eq!(
        staff["targets"],
        serde_json::json!([{"measure": "service_level", "side": "min", "bound": 0.8}])
    );
    let target = figure(&html, "chart-target-service-level").unwrap();
    assert!(target.contains("Target: at least 80 %"));
    assert!(target.contains("95 % confidence band"));
    // The intervals that miss it are marked on the chart and listed, as the CSV says.
    let csv = std::fs::read_to_string(out.join("staffing.csv")).unwrap();
    let missed: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(8) == Some("false"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let svg = &target[..target.find("</svg>").unwrap()];
    assert_eq!(svg.contains("Target missed"), !missed.is_empty(), "{csv}");
    for label in &missed {
        assert!(
            html.contains(&format!("<li>{label} — service level")),
            "{label} is listed"
        );
    }
    assert_eq!(
        html.matches("<tr class=\"marked\">").count(),
        missed.len(),
        "one marked row per interval that misses"
    );
    // The summary and the passes.
    let met = staff["validation"]["intervals_met"].as_u64().unwrap();
    let judged = staff["validation"]["intervals_judged"].as_u64().unwrap();
    assert!(html.contains(&format!("{met} of {judged}")));
    for needle in [
        "Outcome",
        "Per-interval Erlang C",
        "Paid, after shrinkage",
        "Headcount (full-time agents)",
        "Intervals meeting every target",
        "Targets over the run",
    ] {
        assert!(html.contains(needle), "{needle} missing from the summary");
    }
    let passes = staff["passes"].as_array().unwrap().len();
    let table_start = html.find("<table class=\"passes\">").unwrap();
    let table = &html[table_start..table_start + html[table_start..].find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), passes + 1, "a row per pass");

    // `staffsim report` on the folder writes the same bytes.
    let first = std::fs::read(out.join("report.html")).unwrap();
    let o = report(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(first, std::fs::read(out.join("report.html")).unwrap());
    // The heat map belongs to a sweep.
    let o = staffsim()
        .args(["report", "--heatmap", "service_level"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// A frontier search (the shortened shipped desk, the roster as its one key) with two levels
/// met and one no point of the range meets, through `frontier --report`: the page holds the
/// two-panel chart, the table of levels with intervals and the fresh-seed check, the
/// infeasible level named with its reason, and what the search guarantees; `staffsim report`
/// on the folder writes the same bytes.
#[test]
fn a_frontier_search_gets_a_report_of_its_levels_and_both_views_of_quality() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = crate::frontier::short_desk(tmp.path());
    let out = tmp.path().join("front");
    let o = staffsim()
        .arg("frontier")
        .arg(&desk)
        .args(["--levels", "0.9,0.985,1.0"])
        .args(["--decide", "pools.chat_agents.staffing_scale=0.6:1.4:0.2"])
        .args(["--quiet", "--report", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&out, &["chart-frontier"]);
    assert!(html.contains("<h1>AI containment against headcount</h1>"));
    for section in [
        "The frontier",
        "Level by level",
        "What the search guarantees",
        "The search",
    ] {
        assert!(html.contains(&format!("{section}</h2>")), "{section}");
    }
    // The chart: the same two panels as plots/frontier.svg, survey and true resolution.
    let chart = figure(&html, "chart-frontier").unwrap();
    for needle in [
        "Least cost per level: csat_survey",
        "Least cost per level: true_resolution_rate",
        "Survey satisfaction",
        "True resolution",
        "98.5 %",
    ] {
        assert!(chart.contains(needle), "{needle} missing from the chart");
    }
    assert!(chart.contains("Along the frontier the survey score moves by"));
    // The table: a row per level, the settings and the estimates with their intervals.
    let csv = std::fs::read_to_string(out.join("frontier.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let col = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    assert_eq!(rows.len(), 3);
    let start = html
        .find("<table class=\"levels\">")
        .expect("the table of levels");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr").count(),
        1 + rows.len(),
        "a row per level"
    );
    for needle in [
        "pools.chat_agents.staffing_scale",
        "Total cost",
        "Survey score",
        "True resolution",
        "Fresh seed: level met",
        "Fresh seed: every target met",
        // The desk's one target, on its own.
        "Fresh seed: abandonment rate at most 3 % over the run",
    ] {
        assert!(
            table.contains(needle),
            "{needle} missing from the table head"
        );
    }
    assert_eq!(col(&rows[0], "status"), "feasible");
    let setting = col(&rows[0], "pools.chat_agents.staffing_scale");
    assert!(table.contains(&format!("<td class=\"num\">{setting}</td>")));
    assert!(
        table.matches("95 % CI").count() >= 5,
        "cost, survey, truth, fresh seed, the target on the fresh seed"
    );
    // Marked: the infeasible level, and a feasible one that misses on the fresh seed.
    let missed = rows[..2]
        .iter()
        .filter(|r| {
            col(r, "validation_level_met") != "true" || col(r, "validation_targets_met") != "true"
        })
        .count();
    assert_eq!(table.matches("<tr class=\"marked\">").count(), 1 + missed);
    assert_eq!(col(&rows[1], "status"), "feasible");
    assert_eq!(col(&rows[2], "status"), "infeasible");
    assert!(html.contains("<h3>Infeasible levels</h3>"));
    assert!(html.contains("<li>100 % — neither end of the range meets the level"));
    // What it guarantees, for one key: bisection, and the fresh seed's caveat.
    let start = html.find("<section id=\"guarantees\">").unwrap();
    let guarantees = &html[start..start + html[start..].find("</section>").unwrap()];
    for needle in ["On the seed searched", "bisection", "fresh seed"] {
        assert!(guarantees.contains(needle), "{needle}");
    }

    // `staffsim report` on the folder writes the same bytes.
    let first = std::fs::read(out.join("report.html")).unwrap();
    let o = report(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(first, std::fs::read(out.join("report.html")).unwrap());
    // A frontier.json that is not one is the user's input.
    std::fs::write(out.join("frontier.json"), "{\"levels\": 3}").unwrap();
    let o = report(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("checksum"));
    seal(&out, "frontier");
    let o = report(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not the frontier.json"));
}

/// A shift schedule of the schedule tests' small desk, through `schedule --report`: the page
/// holds the summary of both plans with the programs' bounds and the guarantees, the coverage
/// chart against the requirement, the chosen plan's shifts as bars (a tag per shift row, the
/// breaks lighter), and a row per interval with the fresh-seed verdicts; `staffsim report`
/// on the folder writes the same bytes.
#[test]
fn a_schedule_gets_a_report_of_its_coverage_shifts_and_intervals() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("desk.toml");
    std::fs::write(&file, crate::schedule::DESK).unwrap();
    let out = tmp.path().join("sched");
    let o = staffsim()
        .arg("schedule")
        .arg(&file)
        .args(["--max-iterations", "2", "--descent-passes", "0"])
        .args(["--replications", "10", "--validation-replications", "20"])
        .args(["--quiet", "--report", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    // Status 3 (no one-step plan met every target) writes the report too.
    assert!(
        matches!(o.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = check_report(&out, &["chart-coverage", "chart-shifts"]);
    assert!(html.contains("<h1>small day</h1>"));
    for section in [
        "Summary",
        "Coverage against requirement",
        "The shifts",
        "Interval by interval",
    ] {
        assert!(html.contains(&format!("{section}</h2>")), "{section}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    // schedule.json names each template's length and breaks.
    let day = &json["templates"][0];
    assert_eq!(day["name"], "day");
    assert_eq!(day["length_seconds"], 21600.0);
    assert_eq!(day["breaks"][0]["length_seconds"], 1800.0);
    assert_eq!(json["templates"][1]["breaks"].as_array().unwrap().len(), 0);
    // The summary: both plans side by side, the programs' bounds, what the method guarantees.
    let start = html.find("<section id=\"summary\">").unwrap();
    let summary = &html[start..start + html[start..].find("</section>").unwrap()];
    let one_step = json["one_step"].is_object();
    for needle in [
        "Two-step plan",
        "Planned cost per day",
        "Simulated cost per day",
        "Paid agent-hours per day",
        "Intervals meeting every target",
        "integer program",
        "gap",
        "cut bound",
        "What the method guarantees",
        "fresh seed",
    ] {
        assert!(
            summary.contains(needle),
            "{needle} missing from the summary"
        );
    }
    assert_eq!(summary.contains("One-step plan"), one_step);
    // The coverage chart: the requirement and each plan's agents on duty.
    let chart = figure(&html, "chart-coverage").unwrap();
    for needle in [
        "Requirement per interval",
        "Two-step plan on duty",
        "Agents on duty",
    ] {
        assert!(
            chart.contains(needle),
            "{needle} missing from the coverage chart"
        );
    }
    assert_eq!(chart.contains("One-step plan on duty"), one_step);
    // The shifts: a bar tagged with its count per row of schedule.csv (the chosen plan).
    let sched = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    let shift_rows = sched.lines().count() - 1;
    assert!(shift_rows > 0, "{sched}");
    let chart = figure(&html, "chart-shifts").unwrap();
    assert_eq!(
        chart.matches("×").count(),
        shift_rows,
        "a tag per shift row"
    );
    for needle in ["On the floor", "Unpaid break", "Time of day"] {
        assert!(
            chart.contains(needle),
            "{needle} missing from the shift chart"
        );
    }
    // The table: a row per row of coverage.csv, marked where the chosen plan misses.
    let coverage = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    let mut r = csv::Reader::from_reader(coverage.as_bytes());
    let header = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let plan = if one_step { "one_step" } else { "two_step" };
    let met = header
        .iter()
        .position(|h| h == format!("{plan}_service_level_met"))
        .unwrap();
    let start = html.find("<table class=\"intervals\">").unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr").count(),
        1 + rows.len(),
        "a row per interval"
    );
    for needle in [
        "Required",
        "Two-step: on duty",
        "Two-step: Service level",
        "95 % CI",
    ] {
        assert!(table.contains(needle), "{needle} missing from the table");
    }
    let missed = rows.iter().filter(|r| &r[met] == "false").count();
    assert_eq!(table.matches("<tr class=\"marked\">").count(), missed);
    assert!(table.matches("✗").count() >= missed);

    // `staffsim report` on the folder finds the kind and writes the same bytes.
    let first = std::fs::read(out.join("report.html")).unwrap();
    let o = report(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(first, std::fs::read(out.join("report.html")).unwrap());
    // A schedule.json that is not one is the user's input.
    std::fs::write(out.join("schedule.json"), "[1, 2]").unwrap();
    let o = report(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("checksum"));
    seal(&out, "schedule");
    let o = report(&out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not the schedule.json"));
}

fn copy_fixture(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(FIXTURE).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    // The fixture is a run's output as an older staffsim wrote it (no outputs.json).
    seal(to, "run");
}

fn report(dir: &Path) -> std::process::Output {
    staffsim()
        .args(["report", "--quiet"])
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn monthly_data_draws_months_and_marks_the_timeline_on_every_time_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    copy_fixture(&dir);
    let o = report(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&dir, &MONTHLY_CHARTS);
    for id in MONTHLY_CHARTS {
        let fig = figure(&html, id).unwrap();
        let svg = &fig[..fig.find("</svg>").unwrap()];
        for event in ["AI assistant goes live", "Layoff: a third of the agents"] {
            assert!(svg.contains(event), "{id}: {event} is marked");
        }
        assert!(
            svg.contains("Rehiring &lt;starts&gt;"),
            "{id}: escaped in the SVG"
        );
        assert!(
            !svg.contains("After the run"),
            "{id}: an event past the end is not drawn"
        );
        assert!(
            svg.contains("2024-04") && svg.contains("2025-10"),
            "{id}: month labels"
        );
        let caption = &fig[fig.find("<figcaption>").unwrap()..];
        assert!(caption.contains("After the run: not on the charts (outside the period shown)"));
    }
    // Confidence bands from the _ci_ columns; the right-hand axis of the quality chart.
    assert!(
        figure(&html, "chart-service-level")
            .unwrap()
            .contains("95 % confidence band")
    );
    assert!(
        figure(&html, "chart-quality")
            .unwrap()
            .contains("True resolution (right axis)")
    );
    assert!(
        figure(&html, "chart-headcount")
            .unwrap()
            .contains("voice_agents")
    );
    assert!(figure(&html, "chart-cost").unwrap().contains("Severance"));
    assert!(html.contains("Month by month</h2>"));
    // Text from the files is escaped; unknown measures are listed, not dropped.
    assert!(html.contains("&lt;check escaping &amp; &quot;quotes&quot;&gt;"));
    assert!(!html.contains("<check escaping"));
    assert!(html.contains("Headcount peak"));
    // The same files give the same bytes.
    let first = std::fs::read(dir.join("report.html")).unwrap();
    assert!(report(&dir).status.success());
    assert_eq!(first, std::fs::read(dir.join("report.html")).unwrap());
}

/// Rewrites `dir/monthly.csv` without the columns for which `drop` is true.
fn drop_columns(dir: &Path, drop: impl Fn(&str) -> bool) {
    let path = dir.join("monthly.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let keep: Vec<usize> = (0..header.len()).filter(|&i| !drop(header[i])).collect();
    let mut out = String::new();
    for line in std::iter::once(header.join(",").as_str()).chain(lines) {
        let cells: Vec<&str> = line.split(',').collect();
        out += &keep.iter().map(|&i| cells[i]).collect::<Vec<_>>().join(",");
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
    seal(dir, "run");
}

#[test]
fn missing_monthly_columns_drop_their_series_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    copy_fixture(&dir);
    drop_columns(&dir, |c| {
        c.starts_with("headcount.")
            || c.starts_with("cost_")
            || c.contains("_ci_")
            || c == "ai_conversations"
            || c == "true_resolution_rate"
            || c == "label"
    });
    let o = report(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(
        &dir,
        &["chart-volume", "chart-service-level", "chart-quality"],
    );
    for gone in ["chart-headcount", "chart-cost"] {
        assert!(figure(&html, gone).is_none(), "{gone} has no data");
    }
    let volume = figure(&html, "chart-volume").unwrap();
    assert!(!volume.contains("AI conversations"), "no column, no series");
    assert!(
        volume.contains("month 13"),
        "months are named by number without labels"
    );
    assert!(
        !figure(&html, "chart-quality")
            .unwrap()
            .contains("right axis")
    );
    assert!(
        !figure(&html, "chart-service-level")
            .unwrap()
            .contains("confidence band")
    );
}

#[test]
fn a_monthly_array_in_summary_json_serves_without_monthly_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    copy_fixture(&dir);
    std::fs::remove_file(dir.join("monthly.csv")).unwrap();
    let path = dir.join("summary.json");
    let mut summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    summary["monthly"] = serde_json::json!([
        {"month": 1, "start_seconds": 0, "label": "Jan", "offered": 100,
         "service_level": {"mean": 0.8, "ci95": [0.78, 0.82]}, "headcount": {"chat_agents": 10}},
        {"month": 2, "start_seconds": 2_629_800.0, "label": "Feb", "offered": 120,
         "service_level": {"mean": 0.7, "ci95": [0.68, 0.72]}, "headcount": {"chat_agents": 8}},
        {"month": 3, "start_seconds": 5_259_600.0, "label": "Mar", "offered": 130,
         "service_level": {"mean": 0.75, "ci95": [0.73, 0.77]}, "headcount": {"chat_agents": 9}}
    ]);
    std::fs::write(&path, serde_json::to_vec(&summary).unwrap()).unwrap();
    seal(&dir, "run");
    let o = report(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(
        &dir,
        &["chart-volume", "chart-service-level", "chart-headcount"],
    );
    assert!(
        figure(&html, "chart-headcount")
            .unwrap()
            .contains("chat_agents")
    );
    assert!(
        figure(&html, "chart-service-level")
            .unwrap()
            .contains("Feb")
    );
}

#[test]
fn a_folder_without_outputs_is_refused_with_the_files_expected() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = report(&empty);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for needle in [
        empty.display().to_string().as_str(),
        "summary.json",
        "timeseries.csv",
        "manifest.json",
        "pareto.csv",
        "staff.json",
        "staffing.csv",
        "frontier.json",
        "schedule.json",
        "coverage.csv",
    ] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }
    assert!(!empty.join("report.html").exists());

    let o = report(&tmp.path().join("no_such_folder"));
    assert_eq!(o.status.code(), Some(2));

    // A shard's part: merge first.
    let shard = tmp.path().join("shard");
    std::fs::create_dir(&shard).unwrap();
    std::fs::write(shard.join("manifest.json"), "{}").unwrap();
    std::fs::write(shard.join("replications.csv"), "point\n").unwrap();
    let o = report(&shard);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("staffsim merge"));

    // A summary that is not JSON is the user's input too.
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("summary.json"), "not json").unwrap();
    std::fs::write(bad.join("timeseries.csv"), "start_seconds\n").unwrap();
    let o = report(&bad);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no outputs.json"));
    seal(&bad, "run");
    let o = report(&bad);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("summary.json"));

    // --heatmap belongs to a sweep.
    let run = tmp.path().join("run");
    copy_fixture(&run);
    let o = staffsim()
        .args(["report", "--heatmap", "service_level"])
        .arg(&run)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_report_that_cannot_be_written_exits_with_status_1() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    copy_fixture(&dir);
    std::fs::write(dir.join("plots"), "a file where the plots folder goes").unwrap();
    let o = report(&dir);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("plots"));
}

#[test]
fn report_without_out_is_a_usage_error() {
    for args in [
        &["run", "scenarios/erlang_a.toml", "--report"][..],
        &[
            "schedule",
            "scenarios/benchmarks/callcenter1.toml",
            "--report",
        ][..],
        &["staff", "scenarios/hybrid_with_ai.toml", "--report"][..],
        &[
            "sweep",
            "scenarios/sweep_containment_headcount.toml",
            "--report",
        ][..],
        &[
            "sweep",
            "scenarios/sweep_containment_headcount.toml",
            "--report",
            "--out",
            "x",
            "--shard",
            "1/2",
        ][..],
        &[
            "sweep",
            "scenarios/sweep_containment_headcount.toml",
            "--report",
            "--out",
            "x",
            "--heatmap",
            "no_such_measure",
        ][..],
        &[
            "frontier",
            "scenarios/sweep_containment_headcount.toml",
            "--levels",
            "0.9",
            "--decide",
            "pools.chat_agents.staffing_scale=0.6:1.4",
            "--report",
        ][..],
        &[
            "frontier",
            "scenarios/sweep_containment_headcount.toml",
            "--levels",
            "0.9",
            "--decide",
            "pools.chat_agents.staffing_scale=0.6:1.4",
            "--report",
            "--out",
            "x",
            "--shard",
            "1/2",
        ][..],
    ] {
        let o = staffsim().args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("--out") || err.contains("--shard") || err.contains("--heatmap"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn merged_shards_get_a_report_and_a_one_axis_sweep_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("scenarios/erlang_a.toml").unwrap();
    let text = base
        .replace("horizon = \"7d\"", "horizon = \"6h\"")
        .replace("warmup = \"1d\"", "warmup = \"1h\"")
        .replace("replications = 10", "replications = 2")
        + "[sweep]\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [48, 50, 52]\n";
    let file = tmp.path().join("one_axis.toml");
    std::fs::write(&file, text).unwrap();
    let mut parts = Vec::new();
    for shard in ["1/2", "2/2"] {
        let out = tmp.path().join(format!("part{}", &shard[..1]));
        let o = staffsim()
            .args([
                "sweep",
                "--quiet",
                "--quality",
                "service_level",
                "--shard",
                shard,
            ])
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        parts.push(out);
    }
    let merged = tmp.path().join("merged");
    let o = staffsim()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .arg("--report")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&merged, &["chart-frontier"]);
    assert!(figure(&html, "chart-heatmap").is_none());
    assert!(html.contains("The sweep has one axis"));
    assert!(
        figure(&html, "chart-frontier")
            .unwrap()
            .contains("Service level")
    );
}

#[test]
fn the_layoff_and_rehire_case_gets_monthly_charts_with_its_timeline() {
    // The case at 2 % of its volume: 36 months, four timeline events.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("case");
    let o = staffsim()
        .args([
            "run",
            "scenarios/klarna/case.toml",
            "--scale",
            "0.02",
            "--replications",
            "2",
            "--quiet",
            "--report",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = check_report(&out, &MONTHLY_CHARTS);
    assert!(html.contains("One point per month"));
    for event in [
        "Hiring freeze",
        "AI assistant live",
        "BPO chat seats cut",
        "Gig workforce; always reach a human",
    ] {
        // Marked on every time chart: at least once per monthly chart.
        assert!(
            html.matches(event).count() >= MONTHLY_CHARTS.len(),
            "{event} is marked on the charts"
        );
    }
    for pool in ["chat_agents", "phone_agents", "gig"] {
        assert!(
            figure(&html, "chart-headcount").unwrap().contains(pool),
            "{pool}"
        );
    }
}
