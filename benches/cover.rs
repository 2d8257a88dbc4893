//! Time to solve the shift-covering integer program (`plan::cover`). Two shapes:
//!
//! - **CALLCENTER-1** (the SimOpt library's call-centre staffing problem): a 16.5-hour day of
//!   33 half-hour periods, 8.5-hour shifts starting at each of the first 17 periods with a
//!   30-minute lunch 3, 3.5, 4 or 4.5 hours after the start: 68 columns. The requirement is
//!   a bell peaking at 20 agents around midday.
//! - **A week of tours**: 672 quarter-hour periods, 8.5-hour shifts at each of the 96 starts
//!   of the day with a 30-minute break at one of four positions, on five days with two
//!   consecutive days off: 2,688 columns, a bell peaking at 30 agents on weekdays. Once
//!   with the dive only (no branch and bound), once with branch and bound for 10 s.
//!
//! Before timing, each case prints its cost, bound, gap and status once, so the bench's log
//! records the quality with the speed.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use staffsim::plan::cover::{Column, CoverOptions, CoverProblem, solve};

fn callcenter_1() -> CoverProblem {
    let periods = 33;
    let requirement = (0..periods)
        .map(|p| {
            let hour = p as f64 / 2.0;
            (20.0 * (-((hour - 7.0) / 4.0).powi(2)).exp())
                .ceil()
                .max(2.0)
        })
        .collect();
    let mut columns = Vec::new();
    for start in 0..17 {
        for lunch in [6, 7, 8, 9] {
            columns.push(Column {
                cost: 8.0,
                coverage: (0..17)
                    .filter(|&q| q != lunch)
                    .map(|q| (start + q, 1.0))
                    .collect(),
                group: None,
                max: None,
            });
        }
    }
    CoverProblem {
        requirement,
        columns,
        groups: Vec::new(),
        cuts: Vec::new(),
    }
}

fn week_of_tours(peak: f64) -> CoverProblem {
    const DAY: usize = 96;
    const WEEK: usize = 7 * DAY;
    let requirement = (0..WEEK)
        .map(|p| {
            let scale = match p / DAY {
                5 => 0.7,
                6 => 0.5,
                _ => 1.0,
            };
            let hour = (p % DAY) as f64 / 4.0;
            (peak * scale * (-((hour - 13.0) / 3.5).powi(2)).exp())
                .ceil()
                .max(1.0)
        })
        .collect();
    let mut columns = Vec::new();
    for start in 0..DAY {
        for brk in [12, 14, 16, 18] {
            for off in 0..7 {
                let mut coverage = Vec::new();
                for day in (0..7).filter(|&d| d != off && d != (off + 1) % 7) {
                    for q in (0..34).filter(|&q| q != brk && q != brk + 1) {
                        coverage.push(((day * DAY + start + q) % WEEK, 1.0));
                    }
                }
                columns.push(Column {
                    cost: if !(24..80).contains(&start) {
                        45.0
                    } else {
                        40.0
                    },
                    coverage,
                    group: None,
                    max: None,
                });
            }
        }
    }
    CoverProblem {
        requirement,
        columns,
        groups: Vec::new(),
        cuts: Vec::new(),
    }
}

fn report(name: &str, problem: &CoverProblem, options: &CoverOptions) {
    let clock = Instant::now();
    let plan = solve(problem, options).expect("the bench problem is feasible");
    eprintln!(
        "{name}: {} columns, cost {} bound {} (LP {}) gap {:.2} % {:?} in {:.2?}",
        problem.columns.len(),
        plan.cost,
        plan.bound,
        plan.lp_bound,
        100.0 * plan.gap,
        plan.status,
        clock.elapsed()
    );
}

fn bench_callcenter_1(c: &mut Criterion) {
    let problem = callcenter_1();
    let exact = CoverOptions {
        mip_gap: 0.0,
        ..CoverOptions::default()
    };
    report("callcenter_1 exact", &problem, &exact);
    report("callcenter_1 default", &problem, &CoverOptions::default());
    let mut group = c.benchmark_group("cover_callcenter_1");
    group.bench_function("exact", |b| b.iter(|| solve(&problem, &exact).unwrap()));
    group.bench_function("gap_1pct", |b| {
        b.iter(|| solve(&problem, &CoverOptions::default()).unwrap())
    });
    group.finish();
}

fn bench_week(c: &mut Criterion) {
    let problem = week_of_tours(30.0);
    let dive = CoverOptions {
        time_limit: Duration::from_secs(120),
        branch_and_bound: false,
        ..CoverOptions::default()
    };
    let with_bb = CoverOptions {
        time_limit: Duration::from_secs(10),
        ..CoverOptions::default()
    };
    report("week dive", &problem, &dive);
    report("week b&b 10 s", &problem, &with_bb);
    let mut group = c.benchmark_group("cover_week_2688_tours");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("dive", |b| b.iter(|| solve(&problem, &dive).unwrap()));
    group.finish();
}

criterion_group!(benches, bench_callcenter_1, bench_week);
criterion_main!(benches);
