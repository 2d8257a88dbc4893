//! Throughput of the simulation core on the Erlang A case (M/M/n+M), one replication on one
//! thread: 50 agents at 2,880 contacts an hour, and 500 agents at ten times the rate.
//! Criterion reports contacts simulated per second ("elements").

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use staffsim::model::simulate;
use staffsim::scenario::Scenario;

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
    Scenario::parse(&text, "bench", "bench").expect("valid bench scenario")
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

criterion_group!(benches, bench_erlang_a);
criterion_main!(benches);
