//! Shift templates and pools staffed by a schedule: a schedule that staffs like a list of
//! agents simulates like it; an agent finishes the contact in hand before a break and before
//! leaving, and is paid for it (checked to the cent on a one-agent desk); the CALLCENTER-1
//! benchmark's template is expressible; every new key's mistakes are placed by file, line
//! and key.

use staffsim::experiment;
use staffsim::metrics::Measure;
use staffsim::model::{Scenario, Staffing, simulate};
use staffsim::scenario;
use staffsim::units::DAY;

use crate::common::staffsim;

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "test.toml", "test").unwrap_or_else(|e| panic!("{e}"))
}

/// A desk of 60 contacts an hour, 5-minute handle time (deterministic), exponential patience
/// of 3 minutes, one pool staffed by `staffing` (the pool's keys), with `extra` appended.
fn desk(staffing: &str, extra: &str) -> Scenario {
    parse(&format!(
        r#"
[simulation]
horizon = "4d"
warmup = "1d"
replications = 12
seed = 11
interval = "30m"
[arrivals]
rate = "60/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "deterministic", value = "5m" }}
patience = {{ dist = "exponential", mean = "3m" }}
[[pools]]
name = "agents"
hourly_cost = 20.0
{staffing}
{extra}
"#
    ))
}

const EIGHT_HOURS: &str = r#"
[[shifts]]
name = "eight"
pool = "agents"
length = "8h"
starts = { earliest = "0h", latest = "16h", every = "8h" }
"#;

#[test]
fn three_eight_hour_shifts_staff_like_a_list_of_agents() {
    let listed = desk("agents = [4, 9, 6]", "");
    let scheduled = desk(
        r#"schedule = [
  { shift = "eight", start = "0h", count = 4 },
  { shift = "eight", start = "8h", count = 9 },
  { shift = "eight", start = "16h", count = 6 },
]"#,
        EIGHT_HOURS,
    );
    // The same agents on duty per half hour, nominally and in the simulation.
    let Staffing::Schedule(s) = &scheduled.pools[0].staffing else {
        panic!("a schedule");
    };
    let nominal = s.on_duty(1800.0, DAY);
    let expected: Vec<f64> = [4.0, 9.0, 6.0]
        .iter()
        .flat_map(|&n| std::iter::repeat_n(n, 16))
        .collect();
    assert_eq!(nominal.len(), 48);
    for (k, (a, b)) in nominal.iter().zip(&expected).enumerate() {
        assert!((a - b).abs() < 1e-9, "interval {k}: {a} against {b}");
    }
    let a = experiment::run(&listed, Some(1)).unwrap();
    let b = experiment::run(&scheduled, Some(1)).unwrap();
    for (ra, rb) in a.replications.iter().zip(&b.replications) {
        for (ta, tb) in ra.tallies.intervals.iter().zip(&rb.tallies.intervals) {
            let (x, y) = (
                ta.value(Measure::AgentsOnDuty),
                tb.value(Measure::AgentsOnDuty),
            );
            assert!(
                (x - y).abs() < 1e-9 || (x.is_nan() && y.is_nan()),
                "{x} against {y}"
            );
        }
    }
    // The same service level within its confidence interval (the same draws: equal).
    let (sl_a, sl_b) = (
        a.estimate(Measure::ServiceLevel),
        b.estimate(Measure::ServiceLevel),
    );
    let [lo, hi] = sl_a.ci95.unwrap();
    let m = sl_b.mean.unwrap();
    assert!(lo <= m && m <= hi, "{m} outside [{lo}, {hi}]");
    assert!((m - sl_a.mean.unwrap()).abs() < 1e-12);
    // Paid time: the schedule also pays those who stay to finish a contact when the floor
    // falls (3 agents at 16h, 2 at midnight), at most the 5-minute handle time each.
    let days = 3.0;
    for (ra, rb) in a.replications.iter().zip(&b.replications) {
        let (pa, pb) = (
            ra.tallies.total.value(Measure::PaidAgentHours),
            rb.tallies.total.value(Measure::PaidAgentHours),
        );
        assert!(pb >= pa - 1e-9, "{pb} against {pa}");
        assert!(
            pb - pa <= days * 5.0 * 5.0 / 60.0 + 1e-9,
            "{pb} against {pa}"
        );
        let cost = rb.tallies.total.value(Measure::CostLabour);
        assert!((cost - 20.0 * pb).abs() < 1e-6, "{cost} against 20 × {pb}");
    }
}

#[test]
fn round_the_clock_shifts_equal_constant_staffing_exactly() {
    let constant = desk("agents = 7", "");
    let scheduled = desk(
        r#"schedule = [
  { shift = "eight", start = "0h", count = 7 },
  { shift = "eight", start = "8h", count = 7 },
  { shift = "eight", start = "16h", count = 7 },
]"#,
        EIGHT_HOURS,
    );
    let a = experiment::run(&constant, Some(1)).unwrap();
    let b = experiment::run(&scheduled, Some(1)).unwrap();
    for m in [
        Measure::ServiceLevel,
        Measure::AgentsOnDuty,
        Measure::PaidAgentHours,
        Measure::CostTotal,
    ] {
        assert_eq!(a.estimate(m).mean, b.estimate(m).mean, "{m:?}");
    }
}

/// One agent on one shift from 1h to 9h with a 30-minute break 4 hours in (`paid`), 50-minute
/// contacts queued from time 0 and never abandoned, 18 an hour and `per_shift` per shift.
fn one_agent(paid: bool, per_shift: f64) -> Scenario {
    parse(&format!(
        r#"
[simulation]
horizon = "12h"
warmup = "0s"
replications = 1
seed = 3
interval = "30m"
[arrivals]
rate = "60/h"
[[intents]]
name = "long"
share = 1.0
handle_time = {{ dist = "deterministic", value = "50m" }}
[[pools]]
name = "desk"
schedule = [{{ shift = "day", start = "1h", breaks = ["4h"], count = 1 }}]
[[shifts]]
name = "day"
pool = "desk"
length = "8h"
starts = {{ earliest = "1h" }}
breaks = [{{ length = "30m", earliest = "4h", paid = {paid} }}]
cost_per_hour = 18.0
cost_per_shift = {per_shift}
"#
    ))
}

#[test]
fn an_agent_finishes_the_contact_in_hand_before_a_break_and_before_leaving() {
    // Contacts start at 1h00, 1h50, …, 4h20 (ends 5h10: 10 minutes into the break), then
    // from 5h30 when the break ends: 5h30, …, 8h50 (ends 9h40: 40 minutes past the end).
    // Paid: 4h + 10m + 3h30m + 40m = 8h20m, at 18 an hour: 150.
    let r = simulate(&one_agent(false, 0.0), 0);
    let t = &r.tallies.total;
    assert_eq!(t.answered, 10);
    let paid = t.value(Measure::PaidAgentHours);
    assert!((paid - 500.0 / 60.0).abs() < 1e-9, "paid {paid} h");
    assert!((t.value(Measure::CostLabour) - 150.0).abs() < 1e-9);
    assert!((t.value(Measure::CostTotal) - 150.0).abs() < 1e-9);
    // The floor: 7h30m on duty as planned, and nobody answered during the break.
    let pool = &r.tallies.pools[0];
    assert!((pool.value(Measure::PaidAgentHours) - paid).abs() < 1e-9);
    let on_duty_hours = pool.value(Measure::AgentsOnDuty) * 12.0;
    assert!((on_duty_hours - 7.5).abs() < 1e-9, "{on_duty_hours}");
    // A paid break pays the whole shift and the 40-minute overrun: 8h40m; a cost per shift
    // of 100 adds 100.
    let r = simulate(&one_agent(true, 100.0), 0);
    let t = &r.tallies.total;
    assert_eq!(t.answered, 10);
    let paid = t.value(Measure::PaidAgentHours);
    assert!((paid - 520.0 / 60.0).abs() < 1e-9, "paid {paid} h");
    assert!((t.value(Measure::CostLabour) - (156.0 + 100.0)).abs() < 1e-9);
}

/// The SimOpt CALLCENTER-1 template: a 16.5-hour day, 8.5-hour shifts starting every half
/// hour from opening to 8 h after it, a 30-minute unpaid lunch 3 to 4.5 hours in, 18 per
/// paid hour, 0 to 100 agents per choice.
const CALLCENTER: &str = r#"
[[shifts]]
name = "callcenter"
pool = "agents"
length = "8h30m"
starts = { earliest = "0h", latest = "8h", every = "30m" }
breaks = [{ length = "30m", earliest = "3h", latest = "4h30m", every = "30m", paid = false }]
cost_per_hour = 18.0
max = 6800
"#;

#[test]
fn the_callcenter_benchmark_is_expressible_from_a_csv_schedule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schedule.csv"),
        "shift,start,breaks,count\ncallcenter,0h,3h,4\ncallcenter,0h,4h30m,3\ncallcenter,4h,3h30m,5\ncallcenter,8h,4h,6\n",
    )
    .unwrap();
    let text = format!(
        r#"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 4
seed = 2
interval = "30m"
[arrivals]
rate = "40/h"
daily_profile = [{profile}]
[[intents]]
name = "call"
share = 1.0
handle_time = {{ dist = "exponential", mean = "6m" }}
patience = {{ dist = "exponential", mean = "5m" }}
[[pools]]
name = "agents"
schedule_file = "schedule.csv"
{CALLCENTER}
"#,
        profile = (0..48)
            .map(|k| if k < 33 { "1.0" } else { "0.0" })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let path = dir.path().join("callcenter.toml");
    std::fs::write(&path, &text).unwrap();
    let s = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.shifts[0].patterns(0, 1800.0, DAY).len(), 68);
    let Staffing::Schedule(sched) = &s.pools[0].staffing else {
        panic!("a schedule");
    };
    let nominal = sched.on_duty(1800.0, DAY);
    // Opening: the 7 agents starting at 0h; 3h00: 4 at lunch; 16h00–16h30: the 8h shift only;
    // closed from 16h30.
    assert_eq!(nominal[0], 7.0);
    assert_eq!(nominal[6], 3.0);
    assert_eq!(nominal[32], 6.0);
    assert!(nominal[33..].iter().all(|&n| n == 0.0));
    let e = experiment::run(&s, Some(1)).unwrap();
    for r in &e.replications {
        let t = &r.tallies.total;
        let paid = t.value(Measure::PaidAgentHours);
        // 18 agents × 8 paid hours a day over 2 measured days, plus the overruns.
        assert!(paid >= 18.0 * 8.0 * 2.0 - 1e-9, "{paid}");
        assert!(paid <= 18.0 * 8.0 * 2.0 + 18.0 * 2.0 * 2.0, "{paid}");
        assert!((t.value(Measure::CostLabour) - 18.0 * paid).abs() < 1e-6);
    }
}

/// Runs `staffsim run` on the scenario `text` (and `csv` as `schedule.csv` beside it) and
/// checks the refusal: exit status 2, `file:line:` and every string of `mentions`.
fn refused_with(text: &str, csv: Option<&str>, file: &str, line: usize, mentions: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    if let Some(csv) = csv {
        std::fs::write(dir.path().join("schedule.csv"), csv).unwrap();
    }
    let out = staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
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

const GOOD: &str = r#"[simulation]
horizon = "1d"
replications = 1
[arrivals]
rate = "100/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "3m" }
[[pools]]
name = "agents"
schedule = [{ shift = "early", start = "1h30m", breaks = ["4h"], days = "mon-fri", count = 3 }]
[[shifts]]
name = "early"
pool = "agents"
length = "8h"
starts = { earliest = "0h", latest = "4h", every = "30m" }
breaks = [{ length = "30m", earliest = "3h", latest = "5h", every = "30m" }]
days = "mon-fri"
cost_per_hour = 20.0
min = 1
max = 50
"#;

fn refused(from: &str, to: &str, line: usize, mentions: &[&str]) {
    assert!(GOOD.contains(from), "{from}");
    refused_with(
        &GOOD.replacen(from, to, 1),
        None,
        "bad.toml",
        line,
        mentions,
    );
}

#[test]
fn the_base_schedule_is_good() {
    let s = parse(GOOD);
    assert_eq!(s.shifts.len(), 1);
    assert!(matches!(s.pools[0].staffing, Staffing::Schedule(_)));
}

#[test]
fn bad_shift_templates_are_placed_by_line_and_key() {
    refused(
        "pool = \"agents\"",
        "pool = \"agnets\"",
        15,
        &["shifts[0] (early).pool", "agnets"],
    );
    refused(
        "length = \"8h\"",
        "length = \"25h\"",
        16,
        &["shifts[0] (early).length", "24h"],
    );
    refused(
        "latest = \"4h\", every = \"30m\" }",
        "latest = \"4h\" }",
        17,
        &["shifts[0] (early).starts.every"],
    );
    refused(
        "latest = \"5h\"",
        "latest = \"7h45m\"",
        18,
        &["shifts[0] (early).breaks[0].latest"],
    );
    refused(
        "days = \"mon-fri\"\ncost",
        "days = \"mon-fry\"\ncost",
        19,
        &["shifts[0] (early).days", "mon-fry"],
    );
    refused(
        "days = \"mon-fri\"\ncost",
        "days = \"mon-fri\"\ntour = { days_on = 6 }\ncost",
        20,
        &["shifts[0] (early).tour.days_on", "from 1 to 5"],
    );
    refused(
        "cost_per_hour = 20.0",
        "cost_per_hour = -1.0",
        20,
        &["shifts[0] (early).cost_per_hour"],
    );
    refused("max = 50", "max = 0", 22, &["shifts[0] (early).max"]);
    refused(
        "min = 1",
        "min = 1\nlenght = \"8h\"",
        22,
        &["`shifts[0] (early).lenght`", "unknown field"],
    );
}

#[test]
fn bad_schedules_are_placed_by_line_and_key() {
    refused(
        "shift = \"early\"",
        "shift = \"late\"",
        12,
        &["pools[0] (agents).schedule[0].shift", "late"],
    );
    refused(
        "start = \"1h30m\"",
        "start = \"1h15m\"",
        12,
        &["pools[0] (agents).schedule[0].start", "every 30m"],
    );
    refused(
        "breaks = [\"4h\"]",
        "breaks = [\"6h\"]",
        12,
        &["pools[0] (agents).schedule[0].breaks"],
    );
    refused(
        "days = \"mon-fri\", count",
        "days = \"sat\", count",
        12,
        &["pools[0] (agents).schedule[0].days"],
    );
    refused(
        "count = 3",
        "count = -3",
        12,
        &["pools[0] (agents).schedule[0].count"],
    );
    refused(
        "count = 3",
        "count = 60",
        12,
        &["pools[0] (agents).schedule", "`max` = 50"],
    );
    refused(
        "name = \"agents\"\n",
        "name = \"agents\"\nagents = 4\n",
        11,
        &["pools[0] (agents).agents", "exactly one of"],
    );
    refused(
        "name = \"agents\"\n",
        "name = \"agents\"\nshrinkage = 0.2\n",
        12,
        &["pools[0] (agents).shrinkage"],
    );
    refused(
        "schedule = [{ shift = \"early\", start = \"1h30m\", breaks = [\"4h\"], days = \"mon-fri\", count = 3 }]",
        "schedule_file = \"missing.csv\"",
        12,
        &["pools[0] (agents).schedule_file", "missing.csv"],
    );
}

#[test]
fn a_bad_schedule_file_is_placed_in_the_csv_file() {
    let text = GOOD.replacen(
        "schedule = [{ shift = \"early\", start = \"1h30m\", breaks = [\"4h\"], days = \"mon-fri\", count = 3 }]",
        "schedule_file = \"schedule.csv\"",
        1,
    );
    let good = "shift,start,breaks,days,count\nearly,1h30m,4h,mon-fri,3\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), &text).unwrap();
    std::fs::write(dir.path().join("schedule.csv"), good).unwrap();
    let s = scenario::load(&dir.path().join("good.toml")).unwrap_or_else(|e| panic!("{e}"));
    let inline = parse(GOOD);
    assert_eq!(s.pools[0].staffing, inline.pools[0].staffing);
    // A start off the grid on line 3, column 7.
    let csv = format!("{good}early,1h45m,4h,mon-fri,1\n");
    refused_with(
        &text,
        Some(&csv),
        "schedule.csv",
        3,
        &[":3:7:", "`start`", "1h45m"],
    );
    refused_with(
        &text,
        Some("shift,start,breaks,day,count\n"),
        "schedule.csv",
        1,
        &["unknown column \"day\""],
    );
    let csv = format!("{good}early,1h30m,4h,mon-fri,three\n");
    refused_with(&text, Some(&csv), "schedule.csv", 3, &["`count`", "three"]);
    let csv = format!("{good}early,1h30m,4h,mon-fri\n");
    refused_with(
        &text,
        Some(&csv),
        "schedule.csv",
        3,
        &["cannot read the row"],
    );
    // Found by fuzzing (`fuzz/run.sh schedule_file`): a quoted field of two-byte characters
    // shifts the CSV record's offsets, and the place of the error fell inside a character,
    // which panicked; it is now the character it falls in.
    let csv =
        "shift,start,breaks,days,count\n,2h,2h30m,mon-sun,\"\u{85}\u{85}\u{85}\u{85},mon-sun,5\n";
    refused_with(&text, Some(csv), "schedule.csv", 2, &["`count`"]);
}
