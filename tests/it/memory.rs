//! Memory follows the contacts in the system, never the contacts simulated.

use staffsim::metrics::Measure;
use staffsim::model::simulate;

use crate::common::one_queue;

#[test]
fn storage_is_bounded_by_the_contacts_in_the_system() {
    let run = |days: f64| {
        let s = one_queue(2880.0, 60.0, Some(120.0), 50, days * 86_400.0, 0.0, 1, 4);
        simulate(&s, 0)
    };
    let short = run(1.0);
    let long = run(20.0);
    assert!(long.contacts > 15 * short.contacts);
    for r in [&short, &long] {
        // Slots ever used = most contacts alive at once <= agents + longest queue.
        let longest = r.tallies.total.value(Measure::LongestQueue) as usize;
        assert!(
            r.peak_contacts_in_system <= 50 + longest,
            "{} slots for 50 agents and a longest queue of {longest}",
            r.peak_contacts_in_system
        );
    }
    assert!(
        long.peak_contacts_in_system < 2 * short.peak_contacts_in_system,
        "20 times the contacts must not need 2 times the slots: {} vs {}",
        long.peak_contacts_in_system,
        short.peak_contacts_in_system
    );
}

/// With nobody on duty, abandoned contacts are never popped from the queue head; the queue is
/// compacted instead, so storage still follows the contacts waiting.
#[test]
fn an_unstaffed_queue_does_not_keep_the_contacts_that_left() {
    let run = |days: f64| {
        let s = one_queue(2880.0, 60.0, Some(120.0), 0, days * 86_400.0, 0.0, 1, 4);
        simulate(&s, 0)
    };
    let (short, long) = (run(1.0), run(10.0));
    assert_eq!(long.tallies.total.answered, 0);
    assert!(
        long.peak_contacts_in_system < 2 * short.peak_contacts_in_system,
        "{} against {}",
        long.peak_contacts_in_system,
        short.peak_contacts_in_system
    );
}

/// The budget's peak of contacts in the system, which the commands judge against the
/// machine's memory before they run, is what the simulation reaches. A queue of customers who
/// never abandon, offered 7,200 an hour for 100 agents who answer 6,000: it grows by 1,200 an
/// hour (a Poisson excess, so about ±√(7,200 × 10) ≈ 270 over ten hours) to about 12,000
/// plus the 100 in service; the estimate must be within 10 % (1,200, over 4 standard
/// deviations). With patience (a stable desk, 48 erlangs for 50 agents, patience 2 min), the
/// estimate is λ × (patience + handle time) = 2,880/h × 3 min = 144 contacts, a bound of the
/// mean in system (no wait is longer than the patience); the day's peak lies above the busy
/// agents (48 on average) and within a factor of 2 of the estimate.
#[test]
fn the_budget_estimates_the_contacts_in_the_system_the_run_reaches() {
    use staffsim::experiment::budget::Budget;
    let growing = one_queue(7200.0, 60.0, None, 100, 36_000.0, 0.0, 1, 3);
    let budget = Budget::of_run(&growing, 1);
    assert!(budget.growing_queue);
    let simulated = simulate(&growing, 0).peak_contacts_in_system as f64;
    assert!(
        (budget.peak_in_system - simulated).abs() < 0.1 * simulated,
        "estimate {} against {simulated} simulated",
        budget.peak_in_system
    );
    let stable = one_queue(2880.0, 60.0, Some(120.0), 50, 86_400.0, 0.0, 1, 3);
    let budget = Budget::of_run(&stable, 1);
    assert!(!budget.growing_queue);
    assert!((budget.peak_in_system - 144.0).abs() < 1e-9);
    let simulated = simulate(&stable, 0).peak_contacts_in_system as f64;
    assert!(
        simulated > 48.0 && simulated < 2.0 * budget.peak_in_system,
        "estimate {} against {simulated} simulated",
        budget.peak_in_system
    );
}

/// A run that would need more memory than any machine has is refused before it simulates
/// (exit status 2, at once), with the reason and the way out, by `run` and by `sweep`: a
/// billion contacts an hour for 100 agents who never see a customer abandon queue a billion
/// contacts by the end of the hour, about 256 GB a replication.
#[test]
fn a_run_too_large_for_the_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flood.toml");
    std::fs::write(
        &file,
        r#"
[simulation]
horizon = "1h"
warmup = "0s"
replications = 10
[arrivals]
rate = "1e9/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "1m" }
[[pools]]
name = "agents"
agents = 100
[sweep]
[[sweep.axes]]
path = "pools.agents.agents"
values = [100, 200]
"#,
    )
    .unwrap();
    let started = std::time::Instant::now();
    for command in ["run", "sweep"] {
        let out = crate::common::staffsim()
            .arg(command)
            .arg(&file)
            .arg("--out")
            .arg(dir.path().join(command))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("of memory, more than the")
                && stderr.contains("1.0 billion contacts are in the system")
                && stderr.contains("patience"),
            "{command}: {stderr}"
        );
    }
    assert!(started.elapsed().as_secs() < 30, "refused, but not at once");
}

/// The backstop of the budget: a queue the settings do not foresee (the file's rate is
/// stable, the timeline multiplies it by 60 after an hour, customers never abandon) stops the
/// run when its contacts in the system pass what the memory holds, and the command refuses
/// the results (exit status 2) with the reason, instead of filling the memory. The machine's
/// memory is 100 MB here (`STAFFSIM_MEMORY`, which states the memory a run may use): the limit is
/// 80 % of it at 256 bytes a contact, 312,500 contacts, which the queue passes about an hour
/// after the change (it grows by about 98 a second). With the real memory the same file runs.
#[test]
fn a_queue_the_estimate_did_not_foresee_stops_at_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("surge.toml");
    std::fs::write(
        &file,
        r#"
[simulation]
horizon = "3h"
warmup = "0s"
replications = 1
[arrivals]
rate = "6000/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "1m" }
[[pools]]
name = "agents"
agents = 110
[[timeline]]
at = "1h"
set = { "arrivals.rate" = "360000/h" }
"#,
    )
    .unwrap();
    let run = |memory: &str| {
        crate::common::staffsim()
            .args(["run", "--quiet", "--threads", "1"])
            .arg(&file)
            .env("STAFFSIM_MEMORY", memory)
            .output()
            .unwrap()
    };
    let out = run("100e6");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("stopped when its contacts in the system passed 312500")
            && stderr.contains("timeline"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no results printed");
    let out = run("24e9");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
