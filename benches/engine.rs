//! Throughput of the simulation, one replication on one thread. The Erlang A case (M/M/n+M):
//! 50 agents at 2,880 contacts an hour, and 500 agents at ten times the rate; and a hybrid
//! desk with the AI assistant, three intents, repeat contacts, churn, the survey and chat
//! concurrency; and the layoff-and-rehire case (`scenarios/klarna/case.toml`: three years of
//! workforce moves, a timeline and a gig pool) at 1 % of its volume and headcount. Criterion
//! reports contacts simulated per second ("elements").

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use staffsim::model::Scenario;
use staffsim::model::simulate;
use staffsim::scenario;

fn erlang_a(agents: u32, rate_per_hour: u32) -> Scenario {
    let text = format!(
        r#"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 1
seed = 1
[arrivals]
rate = "{rate_per_hour}/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "1m" }}
patience = {{ dist = "exponential", mean = "2m" }}
[[pools]]
name = "agents"
agents = {agents}
"#
    );
    scenario::parse(&text, "bench", "bench").expect("valid bench scenario")
}

fn bench_erlang_a(c: &mut Criterion) {
    let mut group = c.benchmark_group("erlang_a_one_day");
    group.sample_size(20);
    for (agents, rate) in [(50, 2_880), (500, 28_800)] {
        let scenario = erlang_a(agents, rate);
        let contacts = simulate(&scenario, 0).contacts;
        group.throughput(Throughput::Elements(contacts));
        group.bench_function(format!("{agents}_agents"), |b| {
            b.iter(|| simulate(std::hint::black_box(&scenario), 0))
        });
    }
    group.finish();
}

/// A hybrid chat desk: 2,880 contacts an hour, the AI on two of three intents, repeats,
/// churn and the survey, 30 agents holding 2 chats each.
fn hybrid() -> Scenario {
    let text = r#"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 1
seed = 1
[arrivals]
rate = "2880/h"
[[intents]]
name = "order_status"
share = 0.5
handle_time = { dist = "lognormal", mean = "4m", cv = 0.6 }
patience = { dist = "exponential", mean = "3m" }
human_resolution = 0.95
ai = { resolved = 0.7, falsely_resolved = 0.05, escalated = 0.2, abandoned = 0.05, opt_out = 0.05, handle_time = { dist = "lognormal", mean = "2m", cv = 0.5 } }
[[intents]]
name = "refund"
share = 0.3
handle_time = { dist = "lognormal", mean = "7m", cv = 0.7 }
patience = { dist = "exponential", mean = "4m" }
human_resolution = 0.85
ai = { resolved = 0.4, falsely_resolved = 0.1, escalated = 0.45, abandoned = 0.05, handle_time = { dist = "lognormal", mean = "3m", cv = 0.5 } }
[[intents]]
name = "dispute"
share = 0.2
priority = 1
handle_time = { dist = "gamma", mean = "12m", cv = 0.5 }
patience = { dist = "exponential", mean = "6m" }
human_resolution = 0.75
[ai]
cost_per_conversation = 0.3
context_loss = 0.2
[repeats]
max_attempts = 3
delay = { dist = "lognormal", mean = "6h", cv = 1.0 }
[churn]
per_abandonment = 0.02
per_unresolved = 0.05
per_repeat = 0.02
customer_value = 150.0
[[pools]]
name = "chat"
agents = 30
concurrency = 2
concurrency_stretch = 0.3
shrinkage = 0.3
hourly_cost = 32.0
"#;
    scenario::parse(text, "bench", "bench").expect("valid bench scenario")
}

fn bench_hybrid(c: &mut Criterion) {
    let mut group = c.benchmark_group("hybrid_one_day");
    group.sample_size(20);
    let scenario = hybrid();
    let contacts = simulate(&scenario, 0).contacts;
    group.throughput(Throughput::Elements(contacts));
    group.bench_function("ai_repeats_churn", |b| {
        b.iter(|| simulate(std::hint::black_box(&scenario), 0))
    });
    group.finish();
}

fn bench_case(c: &mut Criterion) {
    let mut group = c.benchmark_group("layoff_and_rehire_three_years");
    group.sample_size(10);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/klarna/case.toml");
    let scenario = scenario::load_scaled(&path, 0.01).expect("the case is valid");
    let contacts = simulate(&scenario, 0).contacts;
    group.throughput(Throughput::Elements(contacts));
    group.bench_function("scale_0.01", |b| {
        b.iter(|| simulate(std::hint::black_box(&scenario), 0))
    });
    group.finish();
}

/// `staff` on the shipped weekday desk: a week of hourly staffing intervals, every pass a
/// full experiment of the scenario's replications. The throughput counts every contact the
/// search and its validation simulate.
fn bench_staff(c: &mut Criterion) {
    use staffsim::plan::staff::{StaffOptions, default_max_agents, staff};
    let mut group = c.benchmark_group("staff_weekday_desk");
    group.sample_size(10);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/weekday_voice_desk.toml");
    let scenario = scenario::load(&path).expect("the desk is valid");
    let week = staffsim::units::WEEK;
    let options = StaffOptions {
        pools: vec![0],
        cycle: week,
        max_iterations: 25,
        max_agents: default_max_agents(&scenario, &[0], week),
        threads: None,
        validation_seed: scenario.simulation.seed + 1,
    };
    let contacts = staff(&scenario, &options).expect("staffs").contacts;
    group.throughput(Throughput::Elements(contacts));
    group.bench_function("week_of_hours", |b| {
        b.iter(|| staff(std::hint::black_box(&scenario), &options).expect("staffs"))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_erlang_a,
    bench_hybrid,
    bench_case,
    bench_staff
);
criterion_main!(benches);
