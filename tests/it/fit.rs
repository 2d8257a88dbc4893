//! `staffsim fit`: round trips on history drawn by staffsim's own arrival process, the
//! `--into` scenario, every kind of malformed history, and the public bank data when present.
//!
//! `cargo test --test it fit::` runs these alone.

use std::path::{Path, PathBuf};

use jiff::civil::{Date, date};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use serde_json::Value;
use staffsim::model::{ArrivalPattern, ArrivalStream};
use staffsim::units::DAY;

use crate::common::staffsim;

/// 15-minute intervals: 96 a day.
const PER_DAY: usize = 96;
/// The weekly profile drawn from, Monday to Sunday: weekdays heavier, Sunday closed.
const WEEKLY: [f64; 7] = [1.2, 1.1, 1.05, 1.0, 0.95, 0.6, 0.0];
/// The weekly average rate drawn from, contacts per hour.
const RATE: f64 = 250.0;
/// The day-to-day noise drawn with.
const CV: f64 = 0.10;
/// The first day, a Monday.
const START: Date = date(2024, 1, 1);

/// The daily profile drawn from: open 08:00-20:00 (intervals 32 to 79), a hump over the day.
fn daily() -> Vec<f64> {
    (0..PER_DAY)
        .map(|i| {
            if (32..80).contains(&i) {
                0.5 + (std::f64::consts::PI * (i - 32) as f64 / 48.0).sin()
            } else {
                0.0
            }
        })
        .collect()
}

/// Counts per 15-minute interval of `days` days from [`START`], drawn by the engine's own
/// arrival stream (Poisson, with the gamma day factor of cv [`CV`]) at the weekly average
/// `RATE × growth^(day / 7)`. Each day restarts the stream at the day's rate, as a timeline
/// step does; the day factors depend on the key and the day only.
fn draw(days: u32, growth_per_week: f64, seed: u64) -> Vec<Vec<u64>> {
    let daily = daily();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..days)
        .map(|d| {
            let rate = RATE / 3600.0 * growth_per_week.powf(d as f64 / 7.0);
            let pattern = ArrivalPattern::new(rate, &daily, &WEEKLY)
                .unwrap()
                .with_daily_noise(CV)
                .unwrap();
            let (from, to) = (d as f64 * DAY, (d + 1) as f64 * DAY);
            let mut stream = ArrivalStream::starting_at(&pattern, &[], from, seed, 0);
            let mut counts = vec![0u64; PER_DAY];
            while let Some(t) = stream.next(&pattern, &[], to, &mut rng) {
                counts[((t - from) / 900.0) as usize] += 1;
            }
            counts
        })
        .collect()
}

fn day(d: usize) -> Date {
    START.checked_add(jiff::Span::new().days(d as i64)).unwrap()
}

/// The counts as a WFM export with `date` and `interval` columns: a row for every open
/// interval (08:00-20:00) of every day the centre opens (Sunday closed), zeros included;
/// the days of `skip` left out (holidays).
fn wfm_csv(counts: &[Vec<u64>], skip: &[usize]) -> String {
    let mut s = String::from("date,interval,offered\n");
    for (d, row) in counts.iter().enumerate() {
        if WEEKLY[d % 7] == 0.0 || skip.contains(&d) {
            continue;
        }
        for (i, c) in row.iter().enumerate().take(80).skip(32) {
            s.push_str(&format!("{},{:02}:{:02},{c}\n", day(d), i / 4, i % 4 * 15));
        }
    }
    s
}

/// Runs `staffsim fit` on `csv` (written to a fresh folder) with `extra` flags; returns the
/// folder, stdout, and fit.json.
fn fit(csv: &str, extra: &[&str]) -> (tempfile::TempDir, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.csv");
    std::fs::write(&path, csv).unwrap();
    let out = staffsim()
        .arg("fit")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(dir.path().join("out/fit.json")).unwrap();
    (dir, stdout, serde_json::from_str(&json).unwrap())
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

/// Expected contacts a day of each weekday at the weekly average `rate` per hour.
fn weekday_totals(rate: f64) -> [f64; 7] {
    let mean = WEEKLY.iter().sum::<f64>() / 7.0;
    WEEKLY.map(|w| rate * 24.0 * w / mean)
}

/// Kept days per weekday of a history of `days` days from Monday, `skip` left out.
fn days_per_weekday(days: usize, skip: &[usize]) -> [f64; 7] {
    let mut n = [0.0; 7];
    for d in (0..days).filter(|d| !skip.contains(d)) {
        n[d % 7] += 1.0;
    }
    n
}

/// Fitted against true, within four standard errors.
fn within(what: &str, fitted: f64, truth: f64, se: f64) {
    assert!(
        (fitted - truth).abs() < 4.0 * se,
        "{what}: fitted {fitted}, true {truth}, 4 SE = {}",
        4.0 * se
    );
}

/// 126 days (18 weeks) of 15-minute counts at 250/h with cv 0.10, no trend, come back as
/// drawn. Tolerances, four standard errors each, derived from Poisson + noise: a weekday's
/// day has variance λ_k + c²λ_k² (λ_k its expected total), so its mean m_k over n_k days has
/// relative variance v_k = (1/λ_k + c²)/n_k; the week's total W = Σ m_k has
/// Var W = Σ m_k² v_k, and the rate is W/168 an hour. A weekly weight 7 m_k / W has relative
/// variance at most v_k + Var W / W² (the covariance of m_k with W, positive, is dropped, so
/// this is conservative). An hour's share q of the day is a binomial split of each day's
/// total (the day factor cancels), so its mean over n days has variance
/// q(1 − q)/n² × Σ 1/λ_d. The noise cv, pooled over n = Σ (n_k − 1) degrees of freedom, has
/// standard error c/√(2n) × (1 + 1/(c²λ̄)) (the sample variance's, with the Poisson part). The
/// trend's 95 % interval covers 0 (it would fail one seed in 20; the seed is fixed) and no day
/// is set aside (the rule's 5 robust SDs pass a normal day about once in two million).
#[test]
fn fit_recovers_what_staffsim_drew() {
    let days = 126;
    let counts = draw(days, 1.0, 7);
    let (dir, stdout, j) = fit(&wfm_csv(&counts, &[]), &[]);
    assert_eq!(num(&j["interval_seconds"]), 900.0);
    assert_eq!(j["open_intervals"]["count"], 48);
    assert_eq!(j["open_intervals"]["first"], "08:00");
    assert_eq!(j["open_intervals"]["last"], "19:45");
    assert_eq!(
        j["set_aside"].as_array().unwrap().len(),
        0,
        "{}",
        j["set_aside"]
    );
    assert_eq!(j["days_kept"], 108);
    let ci = &j["trend"]["per_week_percent_ci95"];
    assert!(
        num(&ci[0]) <= 0.0 && num(&ci[1]) >= 0.0,
        "trend {}",
        j["trend"]
    );
    assert!(stdout.contains("not significant"), "{stdout}");
    println!(
        "round trip: rate {:.2}/h (drawn {RATE}), cv {:.4} (drawn {CV}), trend {:+.2} %/week \
         {ci}, residual RMS {:.3}",
        num(&j["rate_per_hour"]),
        num(&j["noise"]["cv"]),
        num(&j["trend"]["per_week_percent"]),
        num(&j["profile_residuals"]["rms"]),
    );

    let lambda = weekday_totals(RATE);
    let n = days_per_weekday(days as usize, &[]);
    let v: Vec<f64> = (0..6).map(|k| (1.0 / lambda[k] + CV * CV) / n[k]).collect();
    let var_w: f64 = (0..6).map(|k| lambda[k] * lambda[k] * v[k]).sum();
    let week: f64 = lambda.iter().sum();
    within(
        "rate per hour",
        num(&j["rate_per_hour"]),
        RATE,
        var_w.sqrt() / 168.0,
    );
    let weekly = j["weekly_profile"].as_array().unwrap();
    let mean_w = WEEKLY.iter().sum::<f64>() / 7.0;
    for k in 0..6 {
        let truth = WEEKLY[k] / mean_w;
        let se = truth * (v[k] + var_w / (week * week)).sqrt();
        within(&format!("weekly weight {k}"), num(&weekly[k]), truth, se);
    }
    assert_eq!(num(&weekly[6]), 0.0);

    // Hourly shares of the day.
    let profile: Vec<f64> = j["daily_profile"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    assert_eq!(profile.len(), PER_DAY);
    assert!(
        profile[..32]
            .iter()
            .chain(&profile[80..])
            .all(|&w| w == 0.0)
    );
    let truth = daily();
    let (fit_sum, true_sum): (f64, f64) = (profile.iter().sum(), truth.iter().sum());
    let kept: usize = n.iter().take(6).sum::<f64>() as usize;
    let inverse_totals: f64 = (0..6).map(|k| n[k] / lambda[k]).sum();
    for h in 8..20 {
        let share = |w: &[f64], sum: f64| w[4 * h..4 * h + 4].iter().sum::<f64>() / sum;
        let q = share(&truth, true_sum);
        let se = (q * (1.0 - q) * inverse_totals).sqrt() / kept as f64;
        within(&format!("share of {h}:00"), share(&profile, fit_sum), q, se);
    }

    let df = num(&j["noise"]["df"]);
    let mean_total = week / 6.0;
    let se_cv = CV / (2.0 * df).sqrt() * (1.0 + 1.0 / (CV * CV * mean_total));
    within("noise cv", num(&j["noise"]["cv"]), CV, se_cv);
    // Profiles drawn from one intraday shape: the residuals are near 1 in RMS (a little
    // less, as the 48 shares and 6 levels are fitted on the same cells).
    let rms = num(&j["profile_residuals"]["rms"]);
    assert!((0.75..1.25).contains(&rms), "RMS {rms}");

    // fitted.toml is a fragment with the figures, and no timeline.
    let toml = std::fs::read_to_string(dir.path().join("out/fitted.toml")).unwrap();
    let table: toml::Table = toml.parse().unwrap();
    let rate = table["arrivals"]["rate"].as_str().unwrap();
    let per_second = staffsim::units::parse_rate(rate).unwrap();
    assert!((per_second * 3600.0 - num(&j["rate_per_hour"])).abs() < 0.01);
    assert!(table["arrivals"]["daily_noise"]["cv"].as_float().is_some());
    assert!(!table.contains_key("timeline"));
    let csv = std::fs::read_to_string(dir.path().join("out/fit_profile.csv")).unwrap();
    assert!(csv.starts_with("weekday,start,observed_mean,fitted,residual,kept_days\n"));
    assert_eq!(csv.lines().count(), 1 + 6 * PER_DAY);
}

/// Growth of 2 % a week is found within its 95 % interval, significant, and continued by the
/// timeline; a Wednesday left out of the export (a holiday) and a Thursday at 2.5 times its
/// level are set aside and named. The log of 2.5 is 0.92, about nine standard deviations of
/// a day's log total (√(c² + 1/λ) ≈ 0.10), so against the rule's five the planted day is
/// missed only if its own noise factor is below 0.68, some 3 standard deviations down. The rate is the level of the last week: true 250/h × 1.02^(t/7)
/// at t = last day − 3, within four standard errors of the level, which adds to the mean's
/// (as in the round trip above) the slope's error times the distance from the mean day.
#[test]
fn fit_finds_a_trend_a_holiday_and_an_outlier() {
    let days = 126;
    let mut counts = draw(days, 1.02, 11);
    let (holiday, outlier) = (30, 52);
    assert_eq!(day(holiday).weekday(), jiff::civil::Weekday::Wednesday);
    for c in &mut counts[outlier] {
        *c = *c * 5 / 2;
    }
    let (dir, stdout, j) = fit(&wfm_csv(&counts, &[holiday]), &["--horizon", "5w"]);
    let ci = &j["trend"]["per_week_percent_ci95"];
    assert!(
        num(&ci[0]) < 2.0 && 2.0 < num(&ci[1]),
        "trend {}",
        j["trend"]
    );
    assert_eq!(j["trend"]["significant"], true);
    assert_eq!(j["rate_basis"], "last_week");
    println!("trend: {}", j["trend"]);
    let aside = j["set_aside"].as_array().unwrap();
    let named: Vec<(&str, &str)> = aside
        .iter()
        .map(|a| (a["date"].as_str().unwrap(), a["reason"].as_str().unwrap()))
        .collect();
    let (h, o) = (day(holiday).to_string(), day(outlier).to_string());
    assert_eq!(named, [(h.as_str(), "missing"), (o.as_str(), "high")]);
    assert!(stdout.contains(&h) && stdout.contains(&o), "{stdout}");
    assert!(stdout.contains("far above"), "{stdout}");

    let skip = [holiday, outlier];
    let lambda = weekday_totals(RATE);
    let n = days_per_weekday(days as usize, &skip);
    let var_w: f64 = (0..6)
        .map(|k| lambda[k] * lambda[k] * (1.0 / lambda[k] + CV * CV) / n[k])
        .sum();
    let week: f64 = lambda.iter().sum();
    let kept: Vec<f64> = (0..days as usize)
        .filter(|d| d % 7 != 6 && !skip.contains(d))
        .map(|d| d as f64)
        .collect();
    let t_mean = kept.iter().sum::<f64>() / kept.len() as f64;
    let t_ref = (days - 2) as f64 - 3.0; // the last day is the Saturday of index 124
    let se_slope = num(&j["trend"]["log_slope_se"]);
    let rel = (var_w / (week * week) + ((t_ref - t_mean) * se_slope).powi(2)).sqrt();
    let level = RATE * 1.02f64.powf(t_ref / 7.0);
    within(
        "rate at the last week",
        num(&j["rate_per_hour"]),
        level,
        rel * level,
    );

    let toml = std::fs::read_to_string(dir.path().join("out/fitted.toml")).unwrap();
    let table: toml::Table = toml.parse().unwrap();
    let timeline = table["timeline"].as_array().unwrap();
    // Steps at 7, 14, 21 and 28 days, within the 5-week horizon.
    assert_eq!(timeline.len(), 4, "{toml}");
    assert_eq!(timeline[0]["at"].as_str(), Some("7d"));
    let step = |e: &toml::Value| {
        staffsim::units::parse_rate(e["set"]["arrivals.rate"].as_str().unwrap()).unwrap()
    };
    let growth = step(&timeline[3]) / step(&timeline[0]);
    let fitted_growth = 1.0 + num(&j["trend"]["per_week_percent"]) / 100.0;
    assert!((growth - fitted_growth.powi(3)).abs() < 1e-4, "{growth}");
}

/// A scenario with the intents the history names: `--into` writes it with the fitted
/// arrivals, shares and handle-time means, it parses, and `staffsim run` runs it.
#[test]
fn fit_into_a_scenario_writes_one_that_runs() {
    let counts = draw(21, 1.0, 3);
    let mut csv = String::from("date,interval,intent,offered,handled,aht\n");
    for (d, row) in counts.iter().enumerate() {
        if d % 7 == 6 {
            continue;
        }
        for (i, &c) in row.iter().enumerate().take(80).skip(32) {
            let billing = c * 7 / 10;
            let at = format!("{},{:02}:{:02}", day(d), i / 4, i % 4 * 15);
            csv.push_str(&format!("{at},billing,{billing},{billing},4m30s\n"));
            csv.push_str(&format!("{at},fraud,{},{},600\n", c - billing, c - billing));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    std::fs::write(&history, &csv).unwrap();
    let scenario = dir.path().join("desk.toml");
    let desk = r#"# A desk to fit.
name = "desk"
[simulation]
horizon = "2d"
warmup = "0s"
replications = 1
[arrivals]
rate = "10/h"
[[intents]]
name = "billing"
share = 0.5
handle_time = { dist = "lognormal", mean = "3m", cv = 0.8 }
patience = { dist = "exponential", mean = "3m" }
[[intents]]
name = "fraud"
share = 0.5
handle_time = { dist = "exponential", mean = "8m" }
[[pools]]
name = "agents"
agents = 40
"#;
    std::fs::write(&scenario, desk).unwrap();
    let out_dir = dir.path().join("out");
    let run = |scenario: &Path| {
        staffsim()
            .arg("fit")
            .arg(&history)
            .arg("--into")
            .arg(scenario)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap()
    };
    let out = run(&scenario);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fitted = out_dir.join("fitted.toml");
    let text = std::fs::read_to_string(&fitted).unwrap();
    let s = staffsim::scenario::parse(&text, "fitted.toml", "fitted").unwrap();
    let share = |name: &str| s.intents.iter().find(|i| i.name == name).unwrap().share;
    // Integer division keeps billing a little under 70 %.
    assert!(
        (share("billing") - 0.7).abs() < 0.01,
        "{}",
        share("billing")
    );
    assert!((share("billing") + share("fraud") - 1.0).abs() < 1e-9);
    let table: toml::Table = text.parse().unwrap();
    let intents = table["intents"].as_array().unwrap();
    assert_eq!(intents[0]["handle_time"]["mean"].as_str(), Some("4m30s"));
    assert_eq!(
        intents[0]["handle_time"]["dist"].as_str(),
        Some("lognormal")
    );
    assert_eq!(intents[1]["handle_time"]["mean"].as_str(), Some("10m"));
    assert!((s.arrivals.mean_rate * 3600.0 / RATE - 1.0).abs() < 0.1);
    assert_eq!(s.arrivals.daily.len(), PER_DAY);
    let ran = staffsim()
        .args(["run", "--quiet"])
        .arg(&fitted)
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );

    // A series that names no intent of the scenario is refused, naming both files.
    std::fs::write(&scenario, desk.replace("\"fraud\"", "\"disputes\"")).unwrap();
    let out = run(&scenario);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("\"fraud\"")
            && stderr.contains("history.csv")
            && stderr.contains("desk.toml"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

/// Three weeks of a valid export (`date,interval,offered`), one line per row.
fn good_lines() -> Vec<String> {
    wfm_csv(&draw(21, 1.0, 5), &[])
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs `staffsim fit` on `text` and checks the refusal: exit status 2, one message naming
/// the file, `at` (such as `:5: column `date``), and every string of `mentions`; no panic.
fn refused(text: &str, extra: &[&str], at: &str, mentions: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, text).unwrap();
    refused_at(&path, extra, at, mentions);
}

fn refused_at(path: &Path, extra: &[&str], at: &str, mentions: &[&str]) {
    let out_dir: PathBuf = path.with_extension("out");
    let out = staffsim()
        .arg("fit")
        .arg(path)
        .arg("--out")
        .arg(&out_dir)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let location = format!("{}{at}", path.display());
    assert!(
        stderr.contains(&location),
        "expected {location} in: {stderr}"
    );
    for m in mentions {
        assert!(stderr.contains(m), "expected {m:?} in: {stderr}");
    }
    assert_eq!(stderr.matches("Error:").count(), 1, "one message: {stderr}");
    assert!(!out_dir.join("fitted.toml").exists());
}

/// `lines` with line `n` (1 is the header) replaced by `f(line)`.
fn with_line(lines: &[String], n: usize, f: impl Fn(&str) -> String) -> String {
    let mut v = lines.to_vec();
    v[n - 1] = f(&v[n - 1]);
    v.join("\n") + "\n"
}

#[test]
fn fit_refuses_every_malformed_history_with_its_file_line_and_column() {
    let good = good_lines();
    // Missing file.
    let dir = tempfile::tempdir().unwrap();
    refused_at(&dir.path().join("absent.csv"), &[], "", &["cannot read"]);
    // No offered column.
    let no_offered: Vec<String> = good
        .iter()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string())
        .collect();
    refused(&(no_offered.join("\n") + "\n"), &[], ":1:", &["offered"]);
    // Unknown column, and --ignore accepting it.
    let extra: Vec<String> = good
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l},{}", if i == 0 { "notes" } else { "x" }))
        .collect();
    let extra = extra.join("\n") + "\n";
    refused(
        &extra,
        &[],
        ":1: column `notes`",
        &["unknown column", "--ignore"],
    );
    let (_dir, _, j) = fit(&extra, &["--ignore", "NOTES"]);
    assert_eq!(j["days_kept"], 18);
    // A bad date, a bad number, a negative count.
    refused(
        &with_line(&good, 5, |l| l.replacen("2024-01-01", "2024-13-01", 1)),
        &[],
        ":5: column `date`",
        &["ISO 8601 date"],
    );
    refused(
        &with_line(&good, 7, |l| {
            format!("{},12x", l.rsplit_once(',').unwrap().0)
        }),
        &[],
        ":7: column `offered`",
        &["\"12x\""],
    );
    refused(
        &with_line(&good, 9, |l| {
            format!("{},-3", l.rsplit_once(',').unwrap().0)
        }),
        &[],
        ":9: column `offered`",
        &["0 or more"],
    );
    // The interval of line 3 again on line 4.
    refused(
        &with_line(&good, 4, |_| good[2].clone()),
        &[],
        ":4: column `interval`",
        &["already on line 3"],
    );
    // 19:45, the day's last interval, written 19:50: off the 15-minute grid.
    refused(
        &with_line(&good, 49, |l| l.replace("19:45", "19:50")),
        &[],
        ":49: column `interval`",
        &["not on the 900-second grid"],
    );
    // Intervals of 7 minutes do not divide a day.
    refused(
        "date,interval,offered\n2024-01-01,08:00,5\n2024-01-01,08:07,6\n",
        &[],
        ":2: column `interval`",
        &["does not divide a day"],
    );
    // An --out that names a file is refused before the work, and the file is left alone.
    let taken = dir.path().join("taken");
    std::fs::write(&taken, "not a folder").unwrap();
    let o = staffsim()
        .arg("fit")
        .arg(dir.path().join("absent.csv"))
        .arg("--out")
        .arg(&taken)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "not a folder");
    // Empty file, and a header alone.
    refused("", &[], ":", &[]);
    refused("date,interval,offered\n", &[], ":", &["no data rows"]);
    // One week: too short to fit.
    refused(
        &(good[..1 + 6 * 48].join("\n") + "\n"),
        &[],
        ":",
        &["too short", "two weeks"],
    );
}

/// The public bank call-centre data (`tests/data/bank_calls.sh` writes it into the file that
/// `STAFFSIM_BANK_CALLS` names; `.ci/run` does both, and plain `cargo test` skips): 5-minute
/// intervals, 169 of them open from 07:00 to the one starting 21:00, Monday to Friday, and a
/// dispersion index far above Poisson's 1.
#[test]
fn fit_reads_the_bank_calls() {
    let Some(path) = std::env::var_os("STAFFSIM_BANK_CALLS") else {
        println!(
            "SKIPPED bank_calls: set STAFFSIM_BANK_CALLS to the file tests/data/bank_calls.sh writes"
        );
        return;
    };
    let path = Path::new(&path);
    let dir = tempfile::tempdir().unwrap();
    let out = staffsim()
        .arg("fit")
        .arg(path)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("fit.json")).unwrap())
            .unwrap();
    assert_eq!(num(&j["interval_seconds"]), 300.0);
    assert_eq!(j["open_intervals"]["count"], 169);
    assert_eq!(j["open_intervals"]["first"], "07:00");
    assert_eq!(j["open_intervals"]["last"], "21:00");
    let open: Vec<&str> = j["open_weekdays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        open,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    );
    let index = num(&j["noise"]["dispersion_index"]);
    println!(
        "bank calls: dispersion index {index:.1}, noise cv {:.4}, rate {:.1}/h, trend {:+.3} %/week",
        num(&j["noise"]["cv"]),
        num(&j["rate_per_hour"]),
        num(&j["trend"]["per_week_percent"])
    );
    // Over-dispersed, as real volumes are: the days scatter far more than Poisson's.
    assert!(
        index > 1.0 && num(&j["noise"]["cv"]) > 0.0,
        "{}",
        j["noise"]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dispersion index"), "{stdout}");
}
