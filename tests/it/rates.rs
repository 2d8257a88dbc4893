//! Arrivals from a rates file (`[arrivals] rates`), an intent's own day-to-day noise and a
//! forecast's level noise: the expected volume is the file's, the counts are Poisson around
//! it, the mix follows the file row by row, and the noises scatter the days as their
//! coefficients of variation say.

use std::path::Path;

use staffsim::experiment::{self, Experiment};
use staffsim::metrics::InSystemSplit;
use staffsim::model::Scenario;
use staffsim::plan::staff::{StaffOptions, staff};
use staffsim::scenario;
use staffsim::units::DAY;

use crate::common::staffsim;

/// The scenario `toml` saved as `desk.toml` in `dir` beside `volumes.csv` (`csv`), loaded.
fn load(dir: &Path, toml: &str, csv: &str) -> Scenario {
    std::fs::write(dir.join("volumes.csv"), csv).unwrap();
    let path = dir.join("desk.toml");
    std::fs::write(&path, toml).unwrap();
    scenario::load(&path).unwrap()
}

/// A desk over `horizon`, arrivals `arrivals` (the lines of `[arrivals]`), intents `intents`
/// (whole `[[intents]]` tables), one pool of 200 agents serving everything in 1 s, results
/// per `interval`, no warm-up, one replication.
fn desk(horizon: &str, interval: &str, arrivals: &str, intents: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "{horizon}"
warmup = "0s"
interval = "{interval}"
replications = 1
seed = 11
[arrivals]
{arrivals}
{intents}
[[pools]]
name = "agents"
agents = 200
"#
    )
}

/// An intent of `name` with `extra` lines (its share, channel, noise).
fn intent(name: &str, extra: &str) -> String {
    format!(
        "[[intents]]\nname = \"{name}\"\n{extra}\n\
         handle_time = {{ dist = \"deterministic\", value = \"1s\" }}\n"
    )
}

fn run(s: &Scenario) -> Experiment {
    experiment::run(s, None).unwrap()
}

/// Arrivals per reporting interval of replication 0.
fn per_interval(r: &Experiment) -> Vec<f64> {
    r.replications[0]
        .tallies
        .intervals
        .iter()
        .map(|t| t.offered as f64)
        .collect()
}

/// Arrivals per reporting interval of each intent (one group per intent), replication 0.
fn per_intent_interval(s: &mut Scenario) -> Vec<Vec<f64>> {
    let n = s.intents.len();
    s.simulation.record_in_system = Some(InSystemSplit {
        group: (0..n).collect(),
        groups: n,
    });
    let r = run(s);
    r.replications[0]
        .tallies
        .group_intervals
        .iter()
        .map(|g| g.iter().map(|t| t.offered as f64).collect())
        .collect()
}

/// Poisson: `count` within 4 standard deviations of `expected`, and nothing where nothing is
/// expected.
fn poisson(count: f64, expected: f64, what: &str) {
    if expected == 0.0 {
        assert_eq!(count, 0.0, "{what}: a row of no volume gets no contact");
    } else {
        let tol = 4.0 * expected.sqrt();
        assert!(
            (count - expected).abs() < tol,
            "{what}: {count} against {expected:.1} ± {tol:.1}"
        );
    }
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let sy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (sx * sy).sqrt()
}

/// A week of hourly rows that replays a `daily_profile` × `weekly_profile` scenario (one
/// hour of no volume a day) gives the profile's expected arrivals in every hour, and over
/// four replayed weeks counts per row within 4 standard deviations of Poisson (168 rows:
/// a Poisson row leaves 4 σ with probability 6e-5, so all 168 stay inside with
/// probability 0.99; the seed is fixed).
#[test]
fn a_rates_file_equal_to_a_profile_replays_it() {
    let daily: Vec<f64> = (0..24)
        .map(|h| if h == 3 { 0.0 } else { 1.0 + (h % 6) as f64 })
        .collect();
    let weekly = [1.2, 1.1, 1.0, 1.0, 0.9, 0.5, 0.3];
    let list = |w: &[f64]| {
        w.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let profile_arrivals = format!(
        "rate = \"240/h\"\ndaily_profile = [{}]\nweekly_profile = [{}]",
        list(&daily),
        list(&weekly)
    );
    let intents = intent("general", "share = 1.0");
    let profile = scenario::parse(
        &desk("28d", "1h", &profile_arrivals, &intents),
        "p.toml",
        "p",
    )
    .unwrap();
    let p = &profile.arrivals;
    let mut csv = String::from("start,end,offered\n");
    for k in 0..168 {
        let from = k as f64 * 3600.0;
        let offered = p.expected_arrivals(from, from + 3600.0);
        csv.push_str(&format!("{k}h,{}h,{offered:?}\n", k + 1));
    }
    let dir = tempfile::tempdir().unwrap();
    let table = load(
        dir.path(),
        &desk(
            "28d",
            "1h",
            "rates = { file = \"volumes.csv\", repeat = true }",
            &intents,
        ),
        &csv,
    );
    let t = &table.arrivals;
    for k in 0..28 * 24 {
        let from = k as f64 * 3600.0;
        let (a, b) = (
            p.expected_arrivals(from, from + 3600.0),
            t.expected_arrivals(from, from + 3600.0),
        );
        assert!((a - b).abs() <= 1e-9 * a.max(1.0), "hour {k}: {a} vs {b}");
        assert_eq!(p.rate_at(from + 10.0) == 0.0, t.rate_at(from + 10.0) == 0.0);
    }
    assert!((p.mean_rate - t.mean_rate).abs() < 1e-12 * p.mean_rate);
    assert_eq!(p.weekly.len(), t.weekly.len());
    let counts = per_interval(&run(&table));
    assert_eq!(counts.len(), 28 * 24);
    for slot in 0..168 {
        let count: f64 = (0..4).map(|w| counts[w * 168 + slot]).sum();
        let expected = 4.0 * t.expected_arrivals(slot as f64 * 3600.0, (slot + 1) as f64 * 3600.0);
        poisson(count, expected, &format!("hour {slot} of the week"));
    }
}

/// Rows of different lengths (5 minutes to 3 hours), one of no volume: each row's count is
/// Poisson around its `offered` × the number of replayed days (the stream is exact at the
/// rows' boundaries, which fall on the 5-minute reporting grid).
#[test]
fn rows_of_different_lengths_are_exact_at_their_boundaries() {
    let rows = [
        ("0s", "30m", 120.0),
        ("30m", "3h", 40.0),
        ("3h", "3h05m", 0.0),
        ("3h05m", "6h05m", 300.0),
        ("6h05m", "6h10m", 60.0),
        ("6h10m", "1d", 900.0),
    ];
    let mut csv = String::from("end,offered,start\n");
    for (from, to, n) in rows {
        csv.push_str(&format!("{to},{n},{from}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let s = load(
        dir.path(),
        &desk(
            "20d",
            "5m",
            "rates = { file = \"volumes.csv\", repeat = true }",
            &intent("general", "share = 1.0"),
        ),
        &csv,
    );
    let counts = per_interval(&run(&s));
    let per_day = 24 * 12;
    let bounds = [0, 6, 36, 37, 73, 74, per_day];
    for (r, (_, _, n)) in rows.iter().enumerate() {
        let count: f64 = (0..20)
            .flat_map(|d| (bounds[r]..bounds[r + 1]).map(move |k| d * per_day + k))
            .map(|k| counts[k])
            .sum();
        poisson(count, 20.0 * n, &format!("row {r}"));
    }
}

/// Per-intent columns: each intent's count in each row is Poisson around its column (so the
/// mix follows the file row by row), the intents' counts add up to the row's, and the
/// intents' shares become their parts of the file's volume.
#[test]
fn per_intent_columns_give_each_row_its_mix() {
    let mut csv = String::from("start,end,offered.billing,offered.orders,date\n");
    let (mut a_total, mut b_total) = (0.0, 0.0);
    for h in 0..24 {
        let (a, b) = (if h < 12 { 80.0 } else { 10.0 }, 5.0 * h as f64);
        a_total += a;
        b_total += b;
        csv.push_str(&format!("{h}h,{}h,{a},{b},2024-03-04\n", h + 1));
    }
    let intents = intent("orders", "share = 0.5") + &intent("billing", "share = 0.5");
    let dir = tempfile::tempdir().unwrap();
    let mut s = load(
        dir.path(),
        &desk(
            "10d",
            "1h",
            "rates = { file = \"volumes.csv\", repeat = true }",
            &intents,
        ),
        &csv,
    );
    assert!((s.intents[1].share - a_total / (a_total + b_total)).abs() < 1e-12);
    assert!((s.intents[0].share - b_total / (a_total + b_total)).abs() < 1e-12);
    let by_intent = per_intent_interval(&mut s);
    let total = per_interval(&run(&s));
    for (k, t) in total.iter().enumerate() {
        assert_eq!(by_intent[0][k] + by_intent[1][k], *t, "interval {k}");
    }
    for h in 0..24 {
        let count = |i: usize| (0..10).map(|d| by_intent[i][d * 24 + h]).sum::<f64>();
        let (a, b) = (if h < 12 { 80.0 } else { 10.0 }, 5.0 * h as f64);
        poisson(count(1), 10.0 * a, &format!("billing, hour {h}"));
        poisson(count(0), 10.0 * b, &format!("orders, hour {h}"));
    }
}

/// Per-channel columns: a channel's volume is split among its intents by their shares.
#[test]
fn per_channel_columns_are_split_by_the_shares() {
    let mut csv = String::from("start,end,offered.voice,offered.chat\n");
    for h in 0..24 {
        csv.push_str(&format!("{h}h,{}h,{},{}\n", h + 1, 100, 20 + 10 * (h % 3)));
    }
    let intents = intent("calls", "share = 0.1\nchannel = \"voice\"")
        + &intent("disputes", "share = 0.3\nchannel = \"voice\"")
        + &intent("chats", "share = 0.6\nchannel = \"chat\"");
    let dir = tempfile::tempdir().unwrap();
    let s = load(
        dir.path(),
        &desk(
            "5d",
            "1h",
            "rates = { file = \"volumes.csv\", repeat = true }",
            &intents,
        ),
        &csv,
    );
    let r = run(&s);
    let offered = |i: usize| r.replications[0].tallies.intents[i].offered as f64;
    poisson(offered(0), 5.0 * 2400.0 * 0.25, "calls");
    poisson(offered(1), 5.0 * 2400.0 * 0.75, "disputes");
    poisson(offered(2), 5.0 * 720.0, "chats");
}

/// Daily totals of each intent over `days` days: intent `a` with its own noise `cv_a`,
/// intent `b` with `cv_b`, the floor's noise `c` (none when 0); 1,000 contacts a day of each.
fn intent_days(c: f64, cv_a: f64, cv_b: f64, days: u32) -> Vec<Vec<f64>> {
    let noise = |cv: f64| {
        if cv > 0.0 {
            format!("daily_noise = {{ cv = {cv} }}")
        } else {
            String::new()
        }
    };
    let intents = intent("a", &format!("share = 0.5\n{}", noise(cv_a)))
        + &intent("b", &format!("share = 0.5\n{}", noise(cv_b)));
    let text = desk(
        &format!("{days}d"),
        "1d",
        &format!("rate = \"2000/d\"\n{}", noise(c)),
        &intents,
    );
    let mut s = scenario::parse(&text, "noise.toml", "noise").unwrap();
    per_intent_interval(&mut s)
}

/// An intent's own noise: the variance of its daily totals is λ + (c_i² + c² + c_i²c²)λ²
/// (the product of two independent gamma factors of mean 1), while an intent without its
/// own noise keeps λ + c²λ². Over n = 1,000 days the sample variance's standard error is
/// σ² √(2/(n−1) + κ/n), κ the excess kurtosis (at most 6 c_i² + 6 c² ≈ 0.6 here), about
/// 0.051 σ²; the tolerance is 4 of them.
#[test]
fn an_intents_own_noise_multiplies_the_floors() {
    let (c, ca, n) = (0.1, 0.3, 1_000);
    let days = intent_days(c, ca, 0.0, n);
    let lambda = 1_000.0;
    let se = (2.0 / (n as f64 - 1.0) + 0.6 / n as f64).sqrt();
    for (i, cv) in [(0, ca), (1, 0.0)] {
        let expected = lambda + (cv * cv + c * c + cv * cv * c * c) * lambda * lambda;
        let v = variance(&days[i]);
        assert!(
            (v / expected - 1.0).abs() < 4.0 * se,
            "intent {i}: variance {v:.0} against {expected:.0} ± {:.0}",
            4.0 * se * expected
        );
        assert!((mean(&days[i]) / lambda - 1.0).abs() < 0.03, "intent {i}");
    }
}

/// Common random numbers: intent `b`'s days do not depend on intent `a`'s noise. With `b`'s
/// own noise of cv 0.3 (its days' variance 90,000 against a Poisson variance of 1,000), its
/// daily totals in two runs that differ only in `a`'s noise correlate at about
/// 90,000 / 91,000 = 0.99; without coupled factors they would not correlate at all.
#[test]
fn an_intents_days_do_not_move_with_another_intents_noise() {
    let quiet = intent_days(0.0, 0.0, 0.3, 300);
    let loud = intent_days(0.0, 0.5, 0.3, 300);
    let r = correlation(&quiet[1], &loud[1]);
    assert!(r > 0.95, "b's days correlate at {r}");
    // And `a`'s days did change.
    assert!(correlation(&quiet[0], &loud[0]) < 0.5);
}

/// A day of 24 hourly rows of 1,000 contacts in all, each with `level_cv` `cv`.
fn level_file(cv: f64) -> String {
    let mut csv = String::from("start,end,offered,level_cv,lo80,hi80\n");
    for h in 0..24 {
        let n = 1_000.0 / 24.0;
        csv.push_str(&format!(
            "{h}h,{}h,{n},{cv},{},{}\n",
            h + 1,
            n * 0.8,
            n * 1.2
        ));
    }
    csv
}

/// Level noise: each day draws one level, the gamma (mean 1, cv 0.2) quantile of a uniform
/// of its own, for all its rows, so the variance of daily totals is λ + cv²λ² = 41,000 for
/// λ = 1,000. Over n = 1,000 days the standard error of the sample variance is
/// σ² √(2/(n−1) + 6cv²/n) ≈ 0.047 σ² (gamma's excess kurtosis is 6cv²); the tolerance is 4
/// of them. The rows of a day move together: the totals of a day's two halves correlate
/// at about 10,000 / 10,500 = 0.95 (each half's noise variance against its Poisson
/// variance), where independent rows would not correlate.
#[test]
fn level_noise_moves_the_rows_of_a_day_together() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1_000;
    let s = load(
        dir.path(),
        &desk(
            &format!("{n}d"),
            "12h",
            "rates = { file = \"volumes.csv\", repeat = true, level_noise = true }",
            &intent("general", "share = 1.0"),
        ),
        &level_file(0.2),
    );
    let halves = per_interval(&run(&s));
    let days: Vec<f64> = halves.chunks(2).map(|h| h[0] + h[1]).collect();
    let (lambda, cv) = (1_000.0, 0.2);
    let expected = lambda + cv * cv * lambda * lambda;
    let se = (2.0 / (n as f64 - 1.0) + 6.0 * cv * cv / n as f64).sqrt();
    let v = variance(&days);
    assert!(
        (v / expected - 1.0).abs() < 4.0 * se,
        "variance {v:.0} against {expected:.0}"
    );
    assert!((mean(&days) / lambda - 1.0).abs() < 0.03);
    let first: Vec<f64> = halves.iter().step_by(2).copied().collect();
    let second: Vec<f64> = halves.iter().skip(1).step_by(2).copied().collect();
    let r = correlation(&first, &second);
    assert!(r > 0.9, "the halves of a day correlate at {r}");
    // Without `level_noise` the column is only information: Poisson days.
    let plain = load(
        dir.path(),
        &desk(
            &format!("{n}d"),
            "12h",
            "rates = { file = \"volumes.csv\", repeat = true }",
            &intent("general", "share = 1.0"),
        ),
        &level_file(0.2),
    );
    let halves = per_interval(&run(&plain));
    let days: Vec<f64> = halves.chunks(2).map(|h| h[0] + h[1]).collect();
    assert!(variance(&days) < 1.5 * lambda, "{}", variance(&days));
}

/// The files `staffsim run --out` writes for `toml`, saved as `desk.toml` in `dir` (the
/// same path each time, since the summary names it), by name.
fn run_files(dir: &Path, toml: &str) -> Vec<(String, Vec<u8>)> {
    let path = dir.join("desk.toml");
    std::fs::write(&path, toml).unwrap();
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    staffsim()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A noise of cv 0 is no noise: the run's output files are byte for byte those without the
/// key, for the floor's `daily_noise` and for an intent's.
#[test]
fn a_noise_of_cv_zero_changes_no_byte() {
    let base = desk(
        "2d",
        "1h",
        "rate = \"300/h\"",
        &(intent("a", "share = 0.4") + &intent("b", "share = 0.6")),
    )
    .replace("agents = 200", "agents = 3");
    let with_floor = base.replace(
        "rate = \"300/h\"",
        "rate = \"300/h\"\ndaily_noise = { cv = 0 }",
    );
    let with_intent = base.replace("share = 0.4", "share = 0.4\ndaily_noise = { cv = 0.0 }");
    let dir = tempfile::tempdir().unwrap();
    let plain = run_files(dir.path(), &base);
    assert!(plain.len() >= 3, "{} files", plain.len());
    for text in [with_floor, with_intent] {
        let files = run_files(dir.path(), &text);
        assert_eq!(files.len(), plain.len());
        for ((name, a), (other, b)) in plain.iter().zip(&files) {
            assert_eq!(name, other);
            assert!(a == b, "{name} differs");
        }
    }
}

/// Forecast uncertainty reaches `staff`: a desk whose rates carry a level cv of 0.3 needs
/// more agents with `level_noise = true` than without (busy days queue more than quiet days
/// save), while per-interval Erlang, which sees only the expected volume, is the same.
#[test]
fn staff_sees_the_forecasts_level_uncertainty() {
    let mut csv = String::from("start,end,offered,level_cv\n");
    for k in 0..12 {
        csv.push_str(&format!("{}h,{}h,400,0.3\n", 2 * k, 2 * k + 2));
    }
    let text = |flag: &str| {
        format!(
            r#"
[simulation]
horizon = "21d"
warmup = "1d"
interval = "2h"
replications = 4
seed = 8
[arrivals]
rates = {{ file = "volumes.csv", repeat = true{flag} }}
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "5m" }}
patience = {{ dist = "exponential", mean = "5m" }}
[[pools]]
name = "agents"
agents = 10
[targets.interval]
service_level = {{ min = 0.8 }}
"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let calm = load(dir.path(), &text(""), &csv);
    let noisy = load(dir.path(), &text(", level_noise = true"), &csv);
    let options = |s: &Scenario| StaffOptions {
        pools: vec![0],
        cycle: DAY,
        max_iterations: 25,
        max_agents: 200,
        threads: None,
        validation_seed: s.simulation.seed + 1,
    };
    let a = staff(&calm, &options(&calm)).unwrap();
    let b = staff(&noisy, &options(&noisy)).unwrap();
    assert_eq!(
        a.pools[0].erlang, b.pools[0].erlang,
        "Erlang sees the same volume"
    );
    let (ha, hb): (u32, u32) = (
        a.pools[0].agents.iter().sum(),
        b.pools[0].agents.iter().sum(),
    );
    eprintln!("agents over the day: {ha} without level noise, {hb} with cv 0.3");
    assert!(hb > ha, "{hb} with level noise against {ha} without");
}

/// A scenario derived from one with a rates file and written into another folder
/// (`staffed.toml` of `staff --out`) names the rates file relative to that folder, so it runs
/// as is from there; the original's own path is kept for absolute files.
#[test]
fn a_staffed_scenario_finds_its_rates_file_from_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desks");
    std::fs::create_dir(&desk).unwrap();
    let mut csv = String::from("start,end,offered\n");
    for k in 0..24 {
        csv.push_str(&format!("{k}h,{}h,{}\n", k + 1, 40 + 10 * (k % 6)));
    }
    std::fs::write(desk.join("volumes.csv"), csv).unwrap();
    let scenario = desk.join("desk.toml");
    std::fs::write(
        &scenario,
        r#"
[simulation]
horizon = "2d"
interval = "1h"
replications = 4
seed = 3
[arrivals]
rates = { file = "volumes.csv", repeat = true }
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "5m" }
[[pools]]
name = "agents"
agents = 8
[targets.interval]
service_level = { min = 0.8 }
"#,
    )
    .unwrap();
    let out = dir.path().join("plans").join("staffed");
    let o = staffsim()
        .arg("staff")
        .arg(&scenario)
        .args(["--cycle", "day", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let staffed = std::fs::read_to_string(out.join("staffed.toml")).unwrap();
    assert!(
        staffed.contains("file = \"../../desks/volumes.csv\""),
        "{staffed}"
    );
    let o = staffsim()
        .arg("run")
        .arg(out.join("staffed.toml"))
        .args(["--quiet", "--replications", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The shipped bank desk (`scenarios/bank_calls/desk.toml`) runs on a rates file in the form
/// `staffsim forecast` writes (here a flat weekday forecast, 07:00 to 21:05 in 5-minute rows,
/// with a level_cv), both as shipped and with `level_noise = true`, as `run.sh` uses it; a
/// desk open at time 0 without a warm-up is still warned about.
#[test]
fn the_shipped_bank_desk_runs_on_a_forecast_rates_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("start,end,offered,level_cv,date,time,lo80,hi80,lo95,hi95\n");
    let clock = |s: u32| format!("{}d{}h{}m", s / 1440, s / 60 % 24, s % 60);
    let mut t = 0;
    for day in 0..7 {
        let open = day * 1440 + 7 * 60;
        if day < 5 {
            csv.push_str(&format!("{},{},0,0,,,0,0,0,0\n", clock(t), clock(open)));
            for k in 0..169 {
                let (a, b) = (open + 5 * k, open + 5 * (k + 1));
                csv.push_str(&format!(
                    "{},{},60,0.05,,,50,70,45,75\n",
                    clock(a),
                    clock(b)
                ));
            }
            t = open + 5 * 169;
        }
    }
    csv.push_str(&format!("{},{},0,0,,,0,0,0,0\n", clock(t), clock(7 * 1440)));
    std::fs::write(dir.path().join("rates.csv"), csv).unwrap();
    let text = std::fs::read_to_string("scenarios/bank_calls/desk.toml").unwrap();
    for (name, text) in [
        ("desk.toml", text.clone()),
        (
            "desk_uncertain.toml",
            text.replace("level_noise = false", "level_noise = true"),
        ),
    ] {
        assert!(text.starts_with('#'));
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let mut s = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        // Closed at time 0, the desk starts empty as it really does: no warm-up warning.
        let warnings = s.warnings();
        assert!(
            !warnings.iter().any(|w| w.contains("no warm-up")),
            "{warnings:?}"
        );
        s.simulation.replications = 2;
        let r = experiment::run(&s, None).unwrap();
        // 5 days × 169 rows × 60 calls expected.
        let offered = r.contacts() as f64 / 2.0;
        assert!((offered / 50_700.0 - 1.0).abs() < 0.2, "{name}: {offered}");
    }
    let open = std::fs::read_to_string("scenarios/erlang_c.toml")
        .unwrap()
        .replace("warmup = \"2h\"", "warmup = \"0s\"");
    let path = dir.path().join("open.toml");
    std::fs::write(&path, open).unwrap();
    let warnings = scenario::load(&path).unwrap().warnings();
    assert!(
        warnings.iter().any(|w| w.contains("no warm-up")),
        "{warnings:?}"
    );
}
