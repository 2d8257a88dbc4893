//! Every shipped scenario runs, and checks what its header claims.

use staffsim::experiment;
use staffsim::model::Scenario;
use staffsim::scenario;

#[test]
fn every_shipped_scenario_loads_and_runs() {
    let mut n = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with('#'),
                "{}: documented in a comment header",
                path.display()
            );
            let mut s = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
            s.simulation.replications = s.simulation.replications.min(2);
            let r = experiment::run(&s, None).unwrap();
            assert!(r.contacts() > 0, "{}", path.display());
            n += 1;
        }
    }
    assert!(
        n >= 3,
        "expected at least three shipped scenarios, found {n}"
    );
}

fn load(name: &str) -> Scenario {
    scenario::load(std::path::Path::new("scenarios").join(name).as_path())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The voice desk's roster leaves 2 % headroom at 10:00 and 15 % at 09:00: the 10:00 hour
/// must show a service level at least 15 points lower, and Mondays more calls than Sundays.
#[test]
fn the_voice_desk_sags_at_the_thin_peak() {
    use staffsim::metrics::Measure;
    let s = load("weekday_voice_desk.toml");
    let r = experiment::run(&s, None).unwrap();
    let pooled = r.pooled_intervals();
    let hour = |h: usize| {
        let mut t = staffsim::metrics::Tally::default();
        for (i, it) in pooled.iter().enumerate() {
            if i % 24 == h && i >= 24 {
                t.merge(it);
            }
        }
        t
    };
    let sl_9 = hour(9).value(Measure::ServiceLevel);
    let sl_10 = hour(10).value(Measure::ServiceLevel);
    assert!(
        sl_10 < sl_9 - 0.15,
        "SL at 09:00 {sl_9:.3}, at 10:00 {sl_10:.3}"
    );
    // Day 7 is the second Monday (the first is warm-up), day 13 the second Sunday; the
    // weekly profile puts 1.2 against 0.8.
    let day = |d: usize| -> u64 { pooled[d * 24..(d + 1) * 24].iter().map(|t| t.offered).sum() };
    assert!(
        day(7) as f64 > 1.3 * day(13) as f64,
        "Monday {} vs Sunday {}",
        day(7),
        day(13)
    );
}

/// Spillover: with specialists helping on general work, fraud reports wait longer than general
/// contacts despite their priority; taking general off the specialists' skills cuts the fraud
/// wait and raises the general one.
#[test]
fn specialists_helping_with_general_work_slow_the_fraud_queue() {
    use staffsim::metrics::Measure;
    let shared = load("specialist_desk.toml");
    let mut dedicated = shared.clone();
    dedicated.pools[1].skills = vec![1];
    let asa = |s: &Scenario, intent: usize| {
        let r = experiment::run(s, None).unwrap();
        r.estimate_for_intent(Measure::AsaSeconds, intent)
            .ci95
            .unwrap()
    };
    let (general, fraud) = (asa(&shared, 0), asa(&shared, 1));
    assert!(
        fraud[0] > general[1],
        "fraud ASA {fraud:?} vs general {general:?}"
    );
    let (general_ded, fraud_ded) = (asa(&dedicated, 0), asa(&dedicated, 1));
    assert!(
        fraud_ded[1] < fraud[0],
        "fraud ASA dedicated {fraud_ded:?} vs shared {fraud:?}"
    );
    assert!(
        general_ded[0] > general[1],
        "general ASA dedicated {general_ded:?} vs shared {general:?}"
    );
}

/// No shipped scenario asks for more than a laptop holds: the budget judged before a run
/// (`experiment::budget`) neither refuses nor warns of memory on 8 GB with two threads, the
/// full-scale case included (148 million contacts over its replications).
#[test]
fn no_shipped_scenario_is_refused_by_the_budget() {
    use staffsim::experiment::budget::{Budget, WARN_BYTES};
    let mut files: Vec<std::path::PathBuf> = ["klarna/case.toml", "benchmarks/callcenter1.toml"]
        .iter()
        .map(|f| std::path::Path::new("scenarios").join(f))
        .collect();
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Sweep files name their scenario; the scenarios themselves are listed.
        if path.extension().is_some_and(|e| e == "toml") && !text.contains("\nscenario = ") {
            files.push(path);
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let s = scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let budget = Budget::of_run(&s, 2);
        assert!(
            budget.bytes < WARN_BYTES && !budget.growing_queue,
            "{}: {budget:?}",
            path.display()
        );
        budget
            .check(8e9)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
