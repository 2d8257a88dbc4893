//! Calendar-true time: with `simulation.start`, report months are calendar months, each day
//! takes its real weekday, and report windows (`[[windows]]`) are measured like months;
//! without it, months stay 30.4375 days and time 0 a Monday.

use crate::common::{refused, staffsim};
use staffsim::experiment::{self, Experiment};
use staffsim::metrics::Measure;
use staffsim::model::Scenario;
use staffsim::report::{monthly_table, window_table};
use staffsim::scenario;

const DAY: f64 = 86_400.0;

/// A flat desk of `rate` contacts an hour with 8 agents; `simulation` and `extra` are added
/// to the `[simulation]` table and the file's end.
fn desk(simulation: &str, rate: f64, extra: &str) -> String {
    format!(
        r#"name = "calendar"
[simulation]
{simulation}
replications = 1
seed = 11
interval = "1h"
[arrivals]
rate = "{rate}/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "3m" }}
patience = {{ dist = "exponential", mean = "5m" }}
[[pools]]
name = "agents"
agents = 8
{extra}"#
    )
}

fn run(text: &str) -> (Scenario, Experiment) {
    let s = scenario::parse(text, "calendar.toml", "calendar").expect("a valid scenario");
    let e = experiment::run(&s, Some(1)).expect("runs");
    (s, e)
}

fn column(table_columns: &[String], key: &str) -> usize {
    table_columns
        .iter()
        .position(|c| c == key)
        .unwrap_or_else(|| panic!("no column {key}"))
}

/// February 2024 has 29 days: its row is 29 days long, and its offered count is a Poisson
/// count of mean rate × 29 d (13,920 at 20 an hour; sd 118). The bound is 4 sd (472); an
/// average month of 30.4375 d would expect 14,610, 5.8 sd away, so the test tells them apart.
#[test]
fn february_2024_has_29_days_of_arrivals() {
    let (s, e) = run(&desk(
        "start = \"2024-01\"\nhorizon = \"3month\"\nwarmup = \"0s\"",
        20.0,
        "",
    ));
    assert_eq!(s.simulation.horizon, (31.0 + 29.0 + 31.0) * DAY);
    let table = monthly_table(&s, &e);
    let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["2024-01", "2024-02", "2024-03"]);
    let days: Vec<f64> = table.rows.iter().map(|r| r.days).collect();
    assert_eq!(days, [31.0, 29.0, 31.0]);
    assert_eq!(table.rows[1].start_seconds, 31.0 * DAY);
    let offered = table.rows[1].values[column(&table.columns, "offered")]
        .mean
        .unwrap();
    let mean = 20.0 * 24.0 * 29.0;
    assert!(
        (offered - mean).abs() < 4.0 * f64::sqrt(mean),
        "February offered {offered}, expected {mean} ± {}",
        4.0 * f64::sqrt(mean)
    );
}

/// The months of a run add up to the run: contacts, AI conversations, hires and days.
#[test]
fn monthly_sums_add_up_to_the_runs_totals() {
    let (s, e) = run(&desk(
        "start = \"2023-11-15\"\nhorizon = \"100d\"\nwarmup = \"2d\"",
        30.0,
        "",
    ));
    let t = &e.replications[0].tallies;
    // 2023-11-15 + 100 days = 2024-02-23: Nov (part), Dec, Jan, Feb (part).
    assert_eq!(t.months.len(), 4);
    let sum = |m: Measure| t.months.iter().map(|x| x.total.value(m)).sum::<f64>();
    for m in [Measure::Offered, Measure::Answered, Measure::Abandoned] {
        assert_eq!(sum(m), t.total.value(m), "{m:?}");
    }
    let days: f64 = t.months.iter().map(|m| m.total.time.length).sum::<f64>() / DAY;
    assert!((days - 98.0).abs() < 1e-9, "{days}");
    let table = monthly_table(&s, &e);
    let days: Vec<f64> = table.rows.iter().map(|r| r.days).collect();
    // November from the 17th (the warm-up ends then), to the 23rd of February.
    assert_eq!(days, [14.0, 31.0, 31.0, 22.0]);
    assert_eq!(table.rows[0].label, "2023-11");
}

/// 2023-01-01 was a Sunday: a weekly profile that weighs only Sunday brings contacts on days
/// 0, 7, 14 and 21 of a run that starts then, and a weekly staffing list with agents only on
/// Sunday is on duty on the same days, so almost every contact is answered. Started a day
/// later (a Monday), the same file's Sundays are days 6, 13, 20 and 27.
#[test]
fn days_take_their_real_weekdays() {
    let sunday_only = |start: &str| {
        desk(
            &format!("start = \"{start}\"\nhorizon = \"28d\"\nwarmup = \"0s\""),
            30.0,
            "",
        )
        .replace(
            "rate = \"30/h\"",
            "rate = \"30/h\"\nweekly_profile = [0, 0, 0, 0, 0, 0, 1]",
        )
        .replace(
            "agents = 8",
            "agents = [0, 0, 0, 0, 0, 0, 20]\nagents_cycle = \"week\"",
        )
    };
    for (start, days) in [
        ("2023-01-01", [0, 7, 14, 21]),
        ("2023-01-02", [6, 13, 20, 27]),
    ] {
        let (_, e) = run(&sunday_only(start));
        let t = &e.replications[0].tallies;
        let busy: Vec<usize> = (0..28)
            .filter(|d| {
                t.intervals[d * 24..(d + 1) * 24]
                    .iter()
                    .any(|i| i.offered > 0)
            })
            .collect();
        assert_eq!(busy, days, "start {start}");
        let answered = t.total.value(Measure::Answered) / t.total.value(Measure::Offered);
        assert!(answered > 0.95, "start {start}: answered {answered}");
    }
}

/// A window that is exactly a month has that month's row; two adjacent windows add up to
/// the window that spans both.
#[test]
fn windows_are_measured_like_months() {
    let windows = r#"
[[windows]]
name = "february"
from = "2024-02"
to = "2024-03"
[[windows]]
name = "early"
from = "2024-01-10"
to = "2024-01-20"
[[windows]]
name = "late"
from = "2024-01-20"
to = "2024-02-05"
[[windows]]
name = "both"
from = "9d"
to = "2024-02-05"
"#;
    let (s, e) = run(&desk(
        "start = \"2024-01\"\nhorizon = \"3month\"\nwarmup = \"1d\"",
        30.0,
        windows,
    ));
    let months = monthly_table(&s, &e);
    let table = window_table(&s, &e);
    assert_eq!(table.columns, months.columns);
    let feb = &table.rows[0];
    assert_eq!(
        (feb.from.as_str(), feb.to.as_str()),
        ("2024-02-01", "2024-03-01")
    );
    assert_eq!(feb.days, 29.0);
    for (c, name) in table.columns.iter().enumerate() {
        let (w, m) = (feb.values[c].mean, months.rows[1].values[c].mean);
        match (w, m) {
            (Some(w), Some(m)) => {
                assert!(
                    (w - m).abs() <= 1e-9 * m.abs().max(1.0),
                    "{name}: {w} vs {m}"
                )
            }
            _ => assert_eq!(w, m, "{name}"),
        }
    }
    let offered = column(&table.columns, "offered");
    let answered = column(&table.columns, "answered");
    for c in [offered, answered] {
        let v = |r: usize| table.rows[r].values[c].mean.unwrap();
        assert_eq!(v(1) + v(2), v(3), "{}", table.columns[c]);
        assert!(v(1) > 0.0);
    }
    assert_eq!(table.rows[3].from, "2024-01-10");
}

/// Without a start, months are 30.4375 days and `"2month"` is 60.875 days, as before.
#[test]
fn without_a_start_months_stay_average() {
    let (s, e) = run(&desk("horizon = \"2month\"\nwarmup = \"0s\"", 10.0, ""));
    assert_eq!(s.simulation.horizon, 2.0 * 30.4375 * DAY);
    let table = monthly_table(&s, &e);
    let days: Vec<f64> = table.rows.iter().map(|r| r.days).collect();
    assert_eq!(days, [30.4375, 30.4375]);
    assert_eq!(table.rows[1].label, "month 2");
    assert_eq!(table.rows[1].start_seconds, 30.4375 * DAY);
}

/// `"36month"` from January 2023 ends exactly at 1 January 2026 (1,096 days: 2024 is a leap
/// year); a timeline's `"13month"` is 1 February 2024.
#[test]
fn months_from_a_start_are_calendar_months() {
    let text = desk(
        "start = \"2023-01\"\nhorizon = \"36month\"\nwarmup = \"0s\"",
        1.0,
        "[[timeline]]\nat = \"13month\"\nset = { \"pools.agents.agents\" = 9 }\n\
         [[timeline]]\nat = \"2024-01-28\"\nset = { \"pools.agents.agents\" = 10 }\n",
    );
    let s = scenario::parse(&text, "calendar.toml", "calendar").unwrap();
    assert_eq!(s.simulation.horizon, 1096.0 * DAY);
    let at: Vec<f64> = s.timeline.events.iter().map(|e| e.at_seconds).collect();
    assert_eq!(at, [(365.0 + 27.0) * DAY, (365.0 + 31.0) * DAY]);
    let labels: Vec<&str> = s.timeline.events.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["2024-01", "2024-02"]);
}

const START: &str = "start = \"2024-01\"\nhorizon = \"2month\"\nwarmup = \"1d\"";

#[test]
fn a_date_before_the_start_is_refused() {
    // Line 20: the timeline's `at`.
    let text = desk(
        START,
        10.0,
        "[[timeline]]\nat = \"2023-12-31\"\nset = { \"pools.agents.agents\" = 9 }\n",
    );
    refused(
        &text,
        20,
        &["timeline[0].at", "before the run starts", "2024-01-01"],
    );
}

#[test]
fn a_date_without_a_start_is_refused() {
    let text = desk(
        "horizon = \"60d\"",
        10.0,
        "[[timeline]]\nat = \"2024-01-28\"\nset = { \"pools.agents.agents\" = 9 }\n",
    );
    refused(&text, 18, &["timeline[0].at", "simulation.start"]);
    let text = desk(
        "horizon = \"60d\"",
        10.0,
        "[[windows]]\nname = \"w\"\nfrom = \"2024-02\"\nto = \"40d\"\n",
    );
    refused(&text, 19, &["windows[0] (w).from", "simulation.start"]);
}

#[test]
fn bad_windows_are_refused() {
    let window = |body: &str| desk(START, 10.0, &format!("[[windows]]\n{body}"));
    // The window starts on line 19 of the file; its keys follow.
    refused(
        &window("name = \"w\"\nfrom = \"2024-01-05\"\nto = \"2024-01-09\"\nuntil = \"x\"\n"),
        23,
        &["until", "unknown field"],
    );
    refused(
        &window("name = \"w\"\nfrom = \"2024-01-09\"\nto = \"2024-01-09\"\n"),
        22,
        &["windows[0] (w).to", "after `from`"],
    );
    refused(
        &window(
            "name = \"w\"\nfrom = \"2024-01-05\"\nto = \"2024-01-09\"\n\
             [[windows]]\nname = \"w\"\nfrom = \"2024-01-05\"\nto = \"2024-01-07\"\n",
        ),
        24,
        &["windows[1] (w).name", "used twice"],
    );
    refused(
        &window("name = \"a.b\"\nfrom = \"2024-01-05\"\nto = \"2024-01-09\"\n"),
        20,
        &["windows[0] (a.b).name", "without `.`"],
    );
    refused(
        &window("name = \"w\"\nfrom = \"2024-01-05\"\nto = \"2024-04-01\"\n"),
        22,
        &["windows[0] (w).to", "within the measured run"],
    );
    refused(
        &window("name = \"w\"\nfrom = \"2024-01-05\"\nto = \"40d2m\"\n"),
        22,
        &["windows[0] (w).to", "boundary of the reporting interval"],
    );
    refused(
        &desk("start = \"2024-01\"\nhorizon = \"1.5month\"", 10.0, ""),
        4,
        &["simulation.horizon", "whole number of months"],
    );
}

/// A weekly plan starts on a Monday: `staff` refuses a weekly cycle on a run that starts on
/// a Sunday (exit status 2, naming the rule), and plans a daily cycle there.
#[test]
fn a_weekly_plan_needs_a_monday_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    let text = desk(
        "start = \"2023-01-01\"\nhorizon = \"2d\"\nwarmup = \"1h\"",
        60.0,
        "",
    ) + "[targets.interval]\nservice_level = { min = 0.8 }\n";
    std::fs::write(&file, text).unwrap();
    let out = staffsim()
        .args(["staff", "-q", "--cycle", "week"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("2023-01-01, a Sunday"), "{stderr}");
    assert!(stderr.contains("2023-01-02"), "{stderr}");
    let out = staffsim()
        .args(["staff", "-q", "--cycle", "day", "--max-iterations", "2"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Shifts too: a schedule whose only shift is worked on Sundays is on duty on days 0, 7, 14
/// and 21 of a run that starts on Sunday 1 January 2023, when the Sunday-only arrivals come.
#[test]
fn shifts_fall_on_their_real_weekdays() {
    let text = desk(
        "start = \"2023-01-01\"\nhorizon = \"28d\"\nwarmup = \"0s\"",
        30.0,
        r#"
[[shifts]]
name = "sunday"
pool = "agents"
length = "23h"
starts = { earliest = "0h", latest = "0h", every = "1h" }
days = "sun"
"#,
    )
    .replace(
        "rate = \"30/h\"",
        "rate = \"30/h\"\nweekly_profile = [0, 0, 0, 0, 0, 0, 1]\ndaily_profile = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]",
    )
    .replace(
        "agents = 8",
        "schedule = [{ shift = \"sunday\", start = \"0h\", count = 20 }]",
    );
    let (_, e) = run(&text);
    let t = &e.replications[0].tallies;
    let staffed: Vec<usize> = (0..28)
        .filter(|d| t.intervals[d * 24 + 12].time.on_duty > 0.0)
        .collect();
    assert_eq!(staffed, [0, 7, 14, 21]);
    let answered = t.total.value(Measure::Answered) / t.total.value(Measure::Offered);
    assert!(answered > 0.95, "answered {answered}");
}
