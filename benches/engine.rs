//! Throughput of the simulation, one replication on one thread. The Erlang A case (M/M/n+M):
//! 50 agents at 2,880 contacts an hour, and 500 agents at ten times the rate; and a hybrid
//! desk with the AI assistant, three intents, repeat contacts, churn, the survey and chat
//! concurrency; and the layoff-and-rehire case (`scenarios/klarna/case.toml`: three years of
//! workforce moves, a timeline and a gig pool) at 1 % of its volume and headcount. Criterion
//! reports contacts simulated per second ("elements").
//!
//! Beside the engine's Erlang A desk runs a **deliberately minimal loop of the same model**
//! (`minimal`): a binary heap of events, exponential draws by inversion, one FIFO queue with
//! lazy abandonment, and only the counts and the total wait. It is what the engine would cost
//! if it did nothing but that model, so the ratio of the two throughputs, measured in one run
//! on any machine, is the engine's overhead for everything else it does (the recorder and
//! its tallies, common random numbers per contact, the general event set). Issue 14 targets
//! at least 60 % of it.

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
        let replication = simulate(&scenario, 0);
        group.throughput(Throughput::Elements(replication.contacts));
        group.bench_function(format!("{agents}_agents"), |b| {
            b.iter(|| simulate(std::hint::black_box(&scenario), 0))
        });
        // The minimal loop of the same desk, same horizon: its throughput over the engine's
        // is the ratio issue 14 asks about. Both abandon about the same share (a check that
        // the loop is the same model, printed once).
        let desk = minimal::Desk {
            agents,
            rate_per_second: f64::from(rate) / 3600.0,
            handle_time: 60.0,
            patience: 120.0,
            horizon: 86_400.0,
        };
        let counts = minimal::run(&desk, 1);
        let engine_share = replication
            .tallies
            .total
            .value(staffsim::metrics::Measure::AbandonmentRate);
        eprintln!(
            "{agents} agents: abandoned {:.4} in the minimal loop, {engine_share:.4} in the engine",
            counts.abandoned as f64 / counts.contacts as f64
        );
        group.throughput(Throughput::Elements(counts.contacts));
        group.bench_function(format!("{agents}_agents_minimal_loop"), |b| {
            b.iter(|| minimal::run(std::hint::black_box(&desk), 1))
        });
    }
    group.finish();
}

/// The minimal loop of an Erlang A desk (M/M/n+M): see the module docs.
mod minimal {
    use std::cmp::Ordering;
    use std::collections::{BinaryHeap, VecDeque};

    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{Rng, SeedableRng};

    /// The desk: agents, arrivals per second, mean handle time and patience in seconds,
    /// horizon in seconds.
    pub struct Desk {
        pub agents: u32,
        pub rate_per_second: f64,
        pub handle_time: f64,
        pub patience: f64,
        pub horizon: f64,
    }

    /// What the loop counts: contacts arrived, answered, abandoned, total wait of the
    /// answered (seconds).
    pub struct Counts {
        pub contacts: u64,
        pub answered: u64,
        pub abandoned: u64,
        pub wait: f64,
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Arrival,
        ServiceEnds,
        /// The patience of the contact with this ticket (its place in the order of queueing).
        PatienceEnds(u64),
    }

    /// An event: its time and kind, ordered earliest first in a max-heap.
    struct Event(f64, Kind);

    impl PartialEq for Event {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0
        }
    }
    impl Eq for Event {}
    impl PartialOrd for Event {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Event {
        fn cmp(&self, other: &Self) -> Ordering {
            other.0.total_cmp(&self.0)
        }
    }

    /// An exponential draw of mean `mean` by inversion of a uniform on (0, 1].
    fn exponential(rng: &mut Xoshiro256PlusPlus, mean: f64) -> f64 {
        let u = ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
        -mean * u.ln()
    }

    /// Runs the desk once from empty with `seed`.
    pub fn run(desk: &Desk, seed: u64) -> Counts {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut events = BinaryHeap::new();
        // The queue, front first: (arrival time, left). Queued contacts take consecutive
        // tickets, so ticket t sits at t − front; one that abandons is marked and skipped
        // when it reaches the front (lazy abandonment).
        let mut queue: VecDeque<(f64, bool)> = VecDeque::new();
        let mut front: u64 = 0;
        let mut idle = desk.agents;
        let mut counts = Counts {
            contacts: 0,
            answered: 0,
            abandoned: 0,
            wait: 0.0,
        };
        let gap = 1.0 / desk.rate_per_second;
        events.push(Event(exponential(&mut rng, gap), Kind::Arrival));
        while let Some(Event(now, kind)) = events.pop() {
            if now > desk.horizon {
                break;
            }
            match kind {
                Kind::Arrival => {
                    counts.contacts += 1;
                    events.push(Event(now + exponential(&mut rng, gap), Kind::Arrival));
                    if idle > 0 {
                        idle -= 1;
                        counts.answered += 1;
                        let ends = now + exponential(&mut rng, desk.handle_time);
                        events.push(Event(ends, Kind::ServiceEnds));
                    } else {
                        let ticket = front + queue.len() as u64;
                        queue.push_back((now, false));
                        let gives_up = now + exponential(&mut rng, desk.patience);
                        events.push(Event(gives_up, Kind::PatienceEnds(ticket)));
                    }
                }
                Kind::ServiceEnds => {
                    // The next who still waits, dropping those who left.
                    let mut served = false;
                    while let Some((arrived, left)) = queue.pop_front() {
                        front += 1;
                        if !left {
                            counts.answered += 1;
                            counts.wait += now - arrived;
                            let ends = now + exponential(&mut rng, desk.handle_time);
                            events.push(Event(ends, Kind::ServiceEnds));
                            served = true;
                            break;
                        }
                    }
                    if !served {
                        idle += 1;
                    }
                }
                Kind::PatienceEnds(ticket) => {
                    // Still in the queue (not answered yet): abandons now.
                    if ticket >= front {
                        let place = &mut queue[(ticket - front) as usize];
                        if !place.1 {
                            place.1 = true;
                            counts.abandoned += 1;
                        }
                    }
                }
            }
        }
        counts
    }
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
