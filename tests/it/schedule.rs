//! `schedule`: shift schedules by the two-step method and by cutting planes on the
//! simulation, checked on fresh seeds; its outputs; its refusals.

use std::time::Duration;

use staffsim::model::Scenario;
use staffsim::plan::cover::CoverOptions;
use staffsim::plan::schedule::{
    Candidate, RequirementSource, ScheduleOptions, SchedulePlan, schedule,
};
use staffsim::scenario;
use staffsim::units::DAY;

use crate::common::staffsim;

/// A 12-hour day of 5,000 calls at most 140 an hour, five-minute exponential calls, patient
/// customers, 80 % answered in 20 s in every hour judged with 95 % confidence; 6-hour shifts
/// starting on the hour with a 30-minute break 2 to 3 hours in, and 4-hour part-time shifts.
/// (The report's tests schedule it too.)
pub(crate) const DESK: &str = r#"
name = "small day"
[simulation]
horizon = "12h"
interval = "1h"
replications = 40
seed = 11
service_level_threshold = "20s"
[arrivals]
rate = "1150/d"
daily_profile = [20, 40, 70, 100, 120, 140, 140, 130, 120, 100, 80, 60,
                 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
[[intents]]
name = "call"
share = 1.0
channel = "voice"
handle_time = { dist = "exponential", mean = "5m" }
patience = { dist = "exponential", mean = "5m" }
[[pools]]
name = "agents"
agents = 10
[[shifts]]
name = "day"
pool = "agents"
length = "6h"
starts = { earliest = "0h", latest = "6h", every = "1h" }
breaks = [{ length = "30m", earliest = "2h", latest = "3h", every = "30m" }]
cost_per_hour = 20.0
[[shifts]]
name = "part"
pool = "agents"
length = "4h"
starts = { earliest = "2h", latest = "8h", every = "1h" }
cost_per_hour = 24.0
max = 6
[targets]
with_confidence = 0.95
[targets.interval]
service_level = { min = 0.8 }
"#;

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "desk.toml", "desk").unwrap()
}

fn options(threads: usize) -> ScheduleOptions {
    ScheduleOptions {
        pool: 0,
        cycle: DAY,
        requirement: RequirementSource::Simulated,
        cover: CoverOptions {
            time_limit: Duration::from_secs(30),
            ..CoverOptions::default()
        },
        period: None,
        reach: 0.2,
        max_iterations: 20,
        window: 4,
        max_descent_passes: 2,
        max_agents: 60,
        threads: Some(threads),
        validation_seed: 12,
        validation_replications: 400,
    }
}

/// Every judged interval of the validation run meets every target.
fn holds(c: &Candidate, hours: usize) -> bool {
    c.validation[..hours]
        .iter()
        .flatten()
        .all(|v| v.met != Some(false))
}

fn bounds_respected(plan: &SchedulePlan, c: &Candidate) {
    let mut per_template = vec![0u32; plan.templates.len()];
    for (p, &n) in plan.patterns.iter().zip(&c.counts) {
        per_template[p.template] += n;
    }
    for (t, &n) in plan.templates.iter().zip(&per_template) {
        assert!(n >= t.min && n <= t.max, "{}: {n} agents", t.name);
    }
}

#[test]
fn the_one_step_plan_is_no_dearer_than_the_two_step_plan_and_holds_on_a_fresh_seed() {
    let desk = parse(DESK);
    let plan = schedule(&desk, &options(2), |_| {}).unwrap();
    // Half-hour periods: the breaks' grid.
    assert_eq!(plan.period, 1800.0);
    assert_eq!(plan.patterns.len(), 7 * 3 + 7);
    let one = plan.one_step.as_ref().expect("a schedule met the targets");
    assert!(
        one.cost <= plan.two_step.cost + 1e-9,
        "one-step {} against two-step {}",
        one.cost,
        plan.two_step.cost
    );
    assert!(one.met_on_search);
    assert!(holds(one, 12), "{:?}", one.validation);
    bounds_respected(&plan, one);
    bounds_respected(&plan, &plan.two_step);
    // The two-step plan covers the requirement in every period the run reaches.
    for (j, &y) in plan.two_step.on_duty.iter().enumerate().take(24) {
        let need = f64::from(plan.requirement[j / 2]);
        assert!(y >= need - 1e-9, "period {j}: {y} on duty for {need}");
    }
    // Planned cost is the paid hours at the templates' rates: no unpaid break is paid.
    let planned: f64 = plan
        .patterns
        .iter()
        .zip(&one.counts)
        .map(|(p, &n)| f64::from(n) * p.paid_hours * plan.templates[p.template].cost_per_hour)
        .sum();
    assert!((planned - one.cost).abs() < 1e-6);
    // Simulated cost adds only the overrun of agents finishing their last call.
    assert!(one.simulated_cost >= one.cost - 1e-6);
    assert!(
        one.simulated_cost <= one.cost * 1.05,
        "{}",
        one.simulated_cost
    );
    // The steps account for every simulation: the two-step plan first.
    assert_eq!(plan.steps[0].kind.key(), "two-step");
    assert!(plan.contacts > 0);
}

#[test]
fn the_schedule_does_not_depend_on_the_threads() {
    let desk = parse(DESK);
    let mut o = options(1);
    o.max_iterations = 2;
    o.max_descent_passes = 0;
    o.validation_replications = 40;
    let a = schedule(&desk, &o, |_| {}).unwrap();
    o.threads = Some(2);
    let b = schedule(&desk, &o, |_| {}).unwrap();
    assert_eq!(a.two_step.counts, b.two_step.counts);
    assert_eq!(
        a.one_step.as_ref().map(|c| &c.counts),
        b.one_step.as_ref().map(|c| &c.counts)
    );
    assert_eq!(a.steps, b.steps);
    let means = |p: &SchedulePlan| -> Vec<Option<f64>> {
        p.two_step
            .validation
            .iter()
            .flatten()
            .map(|v| v.mean)
            .collect()
    };
    assert_eq!(means(&a), means(&b));
}

#[test]
fn the_erlang_requirement_gives_a_two_step_plan_too() {
    let desk = parse(DESK);
    let mut o = options(2);
    o.requirement = RequirementSource::Erlang;
    o.max_iterations = 0;
    o.max_descent_passes = 0;
    o.validation_replications = 40;
    let plan = schedule(&desk, &o, |_| {}).unwrap();
    assert!(plan.staffing.is_none());
    // Erlang A at the peak: 140 calls an hour of 5 minutes is 11.7 erlangs.
    let peak = *plan.requirement.iter().max().unwrap();
    assert!((12..=18).contains(&peak), "{peak}");
}

#[test]
fn the_cli_writes_a_schedule_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, DESK).unwrap();
    let out = dir.path().join("out");
    let run = staffsim()
        .args([
            "schedule",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--max-iterations", "3", "--descent-passes", "0"])
        .args([
            "--replications",
            "20",
            "--validation-replications",
            "40",
            "-q",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("two-step"), "{stdout}");
    for f in [
        "schedule.csv",
        "two_step_schedule.csv",
        "coverage.csv",
        "grid_day.csv",
        "schedule.json",
        "scheduled.toml",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    // The grid of the template with a break: 7 starts × 3 break starts.
    let grid = std::fs::read_to_string(out.join("grid_day.csv")).unwrap();
    let lines: Vec<&str> = grid.lines().collect();
    assert_eq!(lines.len(), 8, "{grid}");
    assert_eq!(lines[0], "start,break_at_2h,break_at_2h30m,break_at_3h");
    // coverage.csv: one row per hour the run reaches.
    let coverage = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    assert_eq!(coverage.lines().count(), 13, "{coverage}");
    // schedule.csv is a schedule_file, and the scheduled scenario runs.
    let sched = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    assert!(
        sched.starts_with("shift,start,breaks,days,count\n"),
        "{sched}"
    );
    let again = staffsim()
        .args(["run", out.join("scheduled.toml").to_str().unwrap(), "-q"])
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let scheduled = scenario::load(&out.join("scheduled.toml")).unwrap();
    assert!(matches!(
        scheduled.pools[0].staffing,
        staffsim::model::Staffing::Schedule(_)
    ));
}

fn refused(text: &str, args: &[&str], mentions: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, text).unwrap();
    let out = staffsim()
        .args(["schedule", file.to_str().unwrap(), "-q"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for m in mentions {
        assert!(stderr.contains(m), "expected {m:?} in: {stderr}");
    }
}

#[test]
fn bad_schedule_input_exits_with_status_2() {
    let no_shifts = DESK.split("[[shifts]]").next().unwrap().to_string()
        + "[targets.interval]\nservice_level = { min = 0.8 }\n";
    refused(&no_shifts, &[], &["no [[shifts]] template"]);
    refused(
        DESK,
        &["--pool", "nobody"],
        &["--pool \"nobody\"", "no such pool"],
    );
    refused(DESK, &["--period", "7m"], &["--period", "must divide"]);
    refused(DESK, &["--reach", "2"], &["--reach"]);
    refused(DESK, &["--mip-gap", "1.5"], &["--mip-gap"]);
    let shrunk = DESK.replace("agents = 10\n", "agents = 10\nshrinkage = 0.3\n");
    refused(&shrunk, &[], &["shrinkage", "breaks"]);
    let untargeted = DESK.replace("service_level = { min = 0.8 }\n", "");
    refused(&untargeted, &[], &["no per-interval target"]);
    // Shifts that cannot reach the last hours of the day, where calls arrive.
    let short = DESK
        .replace(
            r#"latest = "6h", every = "1h" }"#,
            r#"latest = "2h", every = "1h" }"#,
        )
        .replace(
            r#"earliest = "2h", latest = "8h""#,
            r#"earliest = "2h", latest = "4h""#,
        );
    refused(&short, &["--requirement", "erlang"], &["no shift", "11:00"]);
}

/// The benchmark's one-step schedule shipped beside it, as its 17 × 4 table.
fn callcenter1_grid() -> Vec<(String, String, u32)> {
    let text = std::fs::read_to_string("scenarios/benchmarks/callcenter1_one_step.csv").unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 5, "{header:?}");
    let mut out = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for (c, cell) in cells.iter().enumerate().skip(1) {
            let n: u32 = cell.parse().unwrap();
            let lunch = header[c].strip_prefix("break_at_").unwrap();
            out.push((cells[0].to_string(), lunch.to_string(), n));
        }
    }
    assert_eq!(out.len(), 68);
    out
}

#[test]
fn the_shipped_callcenter1_schedule_costs_what_the_readme_says_and_holds_on_fresh_days() {
    let grid = callcenter1_grid();
    let agents: u32 = grid.iter().map(|g| g.2).sum();
    // 8 paid hours (8.5 less the unpaid lunch) at 18 an hour: the README's 20,880.
    assert_eq!(f64::from(agents) * 8.0 * 18.0, 20_880.0);
    let entries: Vec<String> = grid
        .iter()
        .filter(|g| g.2 > 0)
        .map(|(start, lunch, n)| {
            format!(r#"{{ shift = "day", start = "{start}", breaks = ["{lunch}"], count = {n} }}"#)
        })
        .collect();
    let text = std::fs::read_to_string("scenarios/benchmarks/callcenter1.toml")
        .unwrap()
        .replace(
            "agents = 100\n",
            &format!("schedule = [\n  {}\n]\n", entries.join(",\n  ")),
        );
    let mut desk = scenario::parse(&text, "callcenter1.toml", "cc1").unwrap();
    desk.simulation.seed = 4242;
    desk.simulation.replications = 300;
    let run = staffsim::experiment::run(&desk, None).unwrap();
    // E[0.8 N − S] per hour over the fresh days, N the calls arriving in the hour, S those
    // of them answered within 20 s.
    for hour in 0..17 {
        let values: Vec<f64> = run
            .replications
            .iter()
            .map(|r| {
                let t = &r.tallies.intervals[hour];
                0.8 * t.offered as f64 - t.answered_within_threshold as f64
            })
            .collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!(mean <= 0.0, "hour {hour}: E[0.8N − S] = {mean}");
    }
    // Paid time: the planned 1,160 hours and the calls finished past the end of a shift.
    let paid = run
        .estimate(staffsim::metrics::Measure::PaidAgentHours)
        .mean
        .unwrap();
    assert!((1160.0..1162.0).contains(&paid), "{paid}");
}

#[test]
fn targets_no_staffing_can_meet_end_with_status_3_naming_the_hours() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, DESK).unwrap();
    let out = staffsim()
        .args(["schedule", file.to_str().unwrap(), "-q"])
        .args(["--requirement", "erlang", "--max-agents", "5"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    // The peak hours need about 15 agents.
    assert!(
        stderr.contains("infeasible") && stderr.contains("05:00"),
        "{stderr}"
    );
    // Template bounds that cannot cover the requirement are the user's input to fix.
    let capped = DESK.replace("cost_per_hour = 20.0\n", "cost_per_hour = 20.0\nmax = 3\n");
    std::fs::write(&file, capped).unwrap();
    let out = staffsim()
        .args([
            "schedule",
            file.to_str().unwrap(),
            "-q",
            "--requirement",
            "erlang",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
