//! Time of `staffsim schedule`'s search (`plan::schedule`): both plans and their fresh-seed
//! validation, on two desks.
//!
//! - **CALLCENTER-1**, the shipped benchmark (`scenarios/benchmarks/callcenter1.toml`), with
//!   20 replications per simulation, 200 in each validation and one descent pass, so that a
//!   sample takes seconds rather than minutes (the README's figures use 100 and 1,000).
//! - **A week of tours**: a voice desk open round the clock for a week with a weekday
//!   peak, 8-hour shifts starting every two hours with a 30-minute break 4 hours in, worked
//!   five days a week with two consecutive days off: 12 starts × 7 day-off patterns, 336
//!   half-hour periods, one replication of the week.
//!
//! Before timing, each case prints both plans' costs, the steps and the contacts simulated
//! once, so the bench's log records what was found with the speed.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::model::Scenario;
use staffsim::plan::cover::CoverOptions;
use staffsim::plan::schedule::{RequirementSource, ScheduleOptions, default_cycle, schedule};
use staffsim::plan::staff::default_max_agents;

const WEEK_DESK: &str = r#"
name = "week of tours"
[simulation]
horizon = "7d"
interval = "1h"
replications = 1
seed = 5
[arrivals]
rate = "120/h"
daily_profile = [0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 1.2, 1.5, 1.6, 1.6, 1.5,
                 1.5, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.5, 0.4]
weekly_profile = [1.2, 1.1, 1.0, 1.0, 1.0, 0.9, 0.8]
[[intents]]
name = "call"
share = 1.0
channel = "voice"
handle_time = { dist = "exponential", mean = "5m" }
patience = { dist = "exponential", mean = "4m" }
[[pools]]
name = "agents"
agents = 10
[[shifts]]
name = "week"
pool = "agents"
length = "8h"
starts = { earliest = "0h", latest = "22h", every = "2h" }
breaks = [{ length = "30m", earliest = "4h" }]
tour = { days_on = 5, consecutive_days_off = true }
cost_per_hour = 25.0
[targets.interval]
service_level = { min = 0.8 }
"#;

fn options(desk: &Scenario, replications: u32) -> ScheduleOptions {
    let cycle = default_cycle(desk, 0);
    ScheduleOptions {
        pool: 0,
        cycle,
        requirement: RequirementSource::Simulated,
        cover: CoverOptions::default(),
        period: None,
        reach: 0.2,
        max_iterations: 20,
        window: 4,
        max_descent_passes: 1,
        max_agents: default_max_agents(desk, &[0], cycle),
        threads: None,
        validation_seed: desk.simulation.seed + 1,
        validation_replications: replications,
    }
}

fn case(c: &mut Criterion, name: &str, mut desk: Scenario, replications: u32, validation: u32) {
    desk.simulation.replications = replications;
    let o = options(&desk, validation);
    let started = Instant::now();
    let plan = schedule(&desk, &o, |_| {}).expect("the desk schedules");
    println!(
        "{name}: two-step {:.0}, one-step {}, {} steps, {} contacts, {:.1} s",
        plan.two_step.cost,
        plan.one_step
            .as_ref()
            .map_or("none".into(), |c| format!("{:.0}", c.cost)),
        plan.steps.len(),
        plan.contacts,
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group("schedule");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function(name, |b| b.iter(|| schedule(&desk, &o, |_| {}).unwrap()));
    group.finish();
}

fn bench_callcenter_1(c: &mut Criterion) {
    let desk = staffsim::scenario::load(std::path::Path::new(
        "scenarios/benchmarks/callcenter1.toml",
    ))
    .expect("the shipped benchmark loads");
    case(c, "callcenter1", desk, 20, 200);
}

fn bench_week(c: &mut Criterion) {
    let desk = staffsim::scenario::parse(WEEK_DESK, "week.toml", "week").expect("valid");
    case(c, "week_of_tours", desk, 1, 4);
}

criterion_group!(benches, bench_callcenter_1, bench_week);
criterion_main!(benches);
