//! `plan::cover`: the shift-covering integer program against exhaustive enumeration on small
//! cases (a cyclic day of 8-hour shifts, a week of 5-on-2-off tours), a full-size week within
//! a time limit, the errors a planner sees, cuts, and reproducibility.

use std::time::{Duration, Instant};

use staffsim::plan::cover::{
    Column, CoverError, CoverOptions, CoverPlan, CoverProblem, CoverStatus, Cut, Group, solve,
};

/// Quarter hours in a day and in a week.
const DAY: usize = 96;
const WEEK: usize = 7 * DAY;

/// Exact options: prove the optimum.
fn exact() -> CoverOptions {
    CoverOptions {
        time_limit: Duration::from_secs(60),
        mip_gap: 0.0,
        branch_and_bound: true,
    }
}

/// A cyclic day of 24 hourly periods with an 8-hour shift starting every hour (wrapping
/// midnight); `costs[s]` is the cost of the shift starting at hour `s`.
fn cyclic_day(requirement: &[f64], costs: &[f64]) -> CoverProblem {
    CoverProblem {
        requirement: requirement.to_vec(),
        columns: (0..24)
            .map(|s| Column {
                cost: costs[s],
                coverage: (0..8).map(|h| ((s + h) % 24, 1.0)).collect(),
                group: None,
                max: None,
            })
            .collect(),
        groups: Vec::new(),
        cuts: Vec::new(),
    }
}

/// A week of 15-minute periods with tours: a shift of `length` quarters starting at each of
/// `starts` (quarter of the day), a 2-quarter break `b` quarters after the start for each
/// of `breaks` (none when empty), on five days with two consecutive days off (seven
/// patterns), the same start every working day; a shift past midnight runs into the next
/// day, Sunday's into Monday. Cost: 40 paid hours a week, 5 more for a start before 06:00 or
/// from 20:00.
fn week_of_tours(
    requirement: &[f64],
    starts: &[usize],
    length: usize,
    breaks: &[usize],
) -> CoverProblem {
    let break_options: Vec<Option<usize>> = if breaks.is_empty() {
        vec![None]
    } else {
        breaks.iter().copied().map(Some).collect()
    };
    let mut columns = Vec::new();
    for &start in starts {
        for &brk in &break_options {
            for off in 0..7 {
                let mut coverage = Vec::new();
                for day in (0..7).filter(|&d| d != off && d != (off + 1) % 7) {
                    for q in 0..length {
                        if brk.is_some_and(|b| q == b || q == b + 1) {
                            continue;
                        }
                        coverage.push(((day * DAY + start + q) % WEEK, 1.0));
                    }
                }
                let night = !(24..80).contains(&start);
                columns.push(Column {
                    cost: if night { 45.0 } else { 40.0 },
                    coverage,
                    group: None,
                    max: None,
                });
            }
        }
    }
    CoverProblem {
        requirement: requirement.to_vec(),
        columns,
        groups: Vec::new(),
        cuts: Vec::new(),
    }
}

/// A bell-shaped week: a peak of `peak` agents at 13:00 on weekdays, 70 % of it on Saturday
/// and 50 % on Sunday, at least one agent on duty around the clock.
fn bell_week(peak: f64) -> Vec<f64> {
    (0..WEEK)
        .map(|p| {
            let (day, q) = (p / DAY, p % DAY);
            let scale = match day {
                5 => 0.7,
                6 => 0.5,
                _ => 1.0,
            };
            let hour = q as f64 / 4.0;
            let bell = (-((hour - 13.0) / 3.5).powi(2)).exp();
            (peak * scale * bell).ceil().max(1.0)
        })
        .collect()
}

/// Every column's coverage as a dense vector over the periods.
fn dense(problem: &CoverProblem) -> Vec<Vec<f64>> {
    problem
        .columns
        .iter()
        .map(|c| {
            let mut v = vec![0.0; problem.requirement.len()];
            for &(p, a) in &c.coverage {
                v[p] += a;
            }
            v
        })
        .collect()
}

/// The cheapest plan by exhaustive enumeration of every count vector cheaper than `ceiling`
/// (depth-first over the columns, pruned by cost), meeting the requirement and every cut.
/// Knows nothing of the solver; every column must cost at least 1.
fn brute_force(problem: &CoverProblem, ceiling: f64) -> Option<(f64, Vec<u32>)> {
    struct Search<'a> {
        problem: &'a CoverProblem,
        dense: Vec<Vec<f64>>,
        on_duty: Vec<f64>,
        counts: Vec<u32>,
        best: Option<(f64, Vec<u32>)>,
        ceiling: f64,
    }
    impl Search<'_> {
        fn feasible(&self) -> bool {
            self.on_duty
                .iter()
                .zip(&self.problem.requirement)
                .all(|(have, need)| have + 1e-9 >= *need)
                && self.problem.cuts.iter().all(|cut| {
                    let lhs: f64 = cut
                        .terms
                        .iter()
                        .map(|&(j, c)| c * f64::from(self.counts[j]))
                        .sum();
                    lhs + 1e-9 >= cut.rhs
                })
        }
        fn go(&mut self, j: usize, cost: f64) {
            let limit = self.best.as_ref().map_or(self.ceiling, |(b, _)| *b);
            if cost >= limit - 1e-9 {
                return;
            }
            if self.feasible() {
                self.best = Some((cost, self.counts.clone()));
                return;
            }
            if j == self.counts.len() {
                return;
            }
            // Skip column j, or take one more unit of it and stay on j.
            self.go(j + 1, cost);
            let c = self.problem.columns[j].cost;
            if self.problem.columns[j]
                .max
                .is_none_or(|m| self.counts[j] < m)
            {
                self.counts[j] += 1;
                for p in 0..self.on_duty.len() {
                    self.on_duty[p] += self.dense[j][p];
                }
                self.go(j, cost + c);
                self.counts[j] -= 1;
                for p in 0..self.on_duty.len() {
                    self.on_duty[p] -= self.dense[j][p];
                }
            }
        }
    }
    assert!(problem.columns.iter().all(|c| c.cost >= 1.0));
    let mut search = Search {
        problem,
        dense: dense(problem),
        on_duty: vec![0.0; problem.requirement.len()],
        counts: vec![0; problem.columns.len()],
        best: None,
        ceiling,
    };
    search.go(0, 0.0);
    search.best
}

/// Every requirement, maximum, group bound and cut holds, and the reported figures agree.
fn assert_sound(problem: &CoverProblem, plan: &CoverPlan) {
    assert_eq!(plan.counts.len(), problem.columns.len());
    assert!(
        plan.shortfall(problem).iter().all(|&s| s <= 1e-9),
        "a period is short: {:?}",
        plan.shortfall(problem)
    );
    for (c, &x) in problem.columns.iter().zip(&plan.counts) {
        assert!(c.max.is_none_or(|m| x <= m));
    }
    for (g, group) in problem.groups.iter().enumerate() {
        let sum: u32 = problem
            .columns
            .iter()
            .zip(&plan.counts)
            .filter(|(c, _)| c.group == Some(g))
            .map(|(_, &x)| x)
            .sum();
        assert!(sum >= group.min && group.max.is_none_or(|m| sum <= m));
    }
    for cut in &problem.cuts {
        let lhs: f64 = cut
            .terms
            .iter()
            .map(|&(j, c)| c * f64::from(plan.counts[j]))
            .sum();
        assert!(lhs + 1e-9 >= cut.rhs, "cut {cut:?} violated: {lhs}");
    }
    let cost: f64 = problem
        .columns
        .iter()
        .zip(&plan.counts)
        .map(|(c, &x)| c.cost * f64::from(x))
        .sum();
    assert!((cost - plan.cost).abs() <= 1e-9 * cost.max(1.0));
    assert!(plan.lp_bound <= plan.bound + 1e-9 && plan.bound <= plan.cost + 1e-9);
    let gap = if plan.cost > 0.0 {
        (plan.cost - plan.bound) / plan.cost
    } else {
        0.0
    };
    assert!((gap - plan.gap).abs() <= 1e-12, "gap {gap} vs {}", plan.gap);
}

/// A small deterministic generator for the test cases (a 64-bit LCG, fixed seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn cyclic_day_hand_cases() {
    let unit = vec![1.0; 24];
    // One agent around the clock: three 8-hour shifts.
    let plan = solve(&cyclic_day(&[1.0; 24], &unit), &exact()).unwrap();
    assert_eq!(plan.cost, 3.0);
    assert_eq!(plan.status, CoverStatus::Optimal);
    // Two agents from 09:00 to 17:00 only: two shifts starting at 09:00.
    let mut nine_to_five = vec![0.0; 24];
    nine_to_five[9..17].fill(2.0);
    let problem = cyclic_day(&nine_to_five, &unit);
    let plan = solve(&problem, &exact()).unwrap();
    assert_eq!(plan.cost, 2.0);
    assert_eq!(plan.counts[9], 2);
    assert_sound(&problem, &plan);
    // Nothing required: nothing staffed.
    let plan = solve(&cyclic_day(&[0.0; 24], &unit), &exact()).unwrap();
    assert_eq!((plan.cost, plan.gap), (0.0, 0.0));
    assert!(plan.counts.iter().all(|&x| x == 0));
}

#[test]
fn cyclic_day_matches_exhaustive_enumeration() {
    let mut rng = Lcg(20_040_127);
    for case in 0..12 {
        let requirement: Vec<f64> = (0..24)
            .map(|_| match rng.below(6) {
                0 | 1 => 0.0,
                2..=4 => 1.0,
                _ => 2.0,
            })
            .collect();
        // Night shifts (starting 20:00 to 03:00) cost more in odd cases.
        let costs: Vec<f64> = (0..24)
            .map(|s| {
                if case % 2 == 1 && !(4..20).contains(&s) {
                    3.0
                } else {
                    2.0
                }
            })
            .collect();
        let problem = cyclic_day(&requirement, &costs);
        let plan = solve(&problem, &exact()).unwrap();
        assert_sound(&problem, &plan);
        let (best, _) = brute_force(&problem, plan.cost + 1.0).unwrap();
        assert_eq!(plan.cost, best, "case {case}: requirement {requirement:?}");
        assert_eq!(plan.status, CoverStatus::Optimal, "case {case}");
    }
}

#[test]
fn week_of_tours_small_case_matches_exhaustive_enumeration() {
    // Day shifts from 08:00 and evening shifts from 16:00, 8 hours, no break: 14 tours.
    let mut rng = Lcg(7);
    for case in 0..4 {
        let mut requirement = vec![0.0; WEEK];
        for day in 0..7 {
            let (early, late) = (rng.below(3) as f64, rng.below(2) as f64);
            requirement[day * DAY + 36..day * DAY + 60].fill(early);
            requirement[day * DAY + 68..day * DAY + 92].fill(late);
        }
        let problem = week_of_tours(&requirement, &[32, 64], 32, &[]);
        assert_eq!(problem.columns.len(), 14);
        let plan = solve(&problem, &exact()).unwrap();
        assert_sound(&problem, &plan);
        let (best, _) = brute_force(&problem, plan.cost + 1.0).unwrap();
        assert_eq!(plan.cost, best, "case {case}");
    }
}

#[test]
fn full_week_of_tours_within_a_time_limit() {
    // 96 starts × 4 break positions × 7 days-off patterns = 2,688 tours of 8.5 hours with a
    // 30-minute break 3, 3.5, 4 or 4.5 hours in.
    let starts: Vec<usize> = (0..DAY).collect();
    let problem = week_of_tours(&bell_week(30.0), &starts, 34, &[12, 14, 16, 18]);
    assert_eq!(problem.columns.len(), 2_688);
    // Branch and bound cannot close the gap on this size in reasonable time; the dive can
    // (a dozen seconds on the reference machine), and its plan is reproducible.
    let options = CoverOptions {
        time_limit: Duration::from_secs(120),
        branch_and_bound: false,
        ..CoverOptions::default()
    };
    let clock = Instant::now();
    let plan = solve(&problem, &options).unwrap();
    let elapsed = clock.elapsed();
    assert_sound(&problem, &plan);
    assert!(
        elapsed < options.time_limit + Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert_ne!(
        plan.status,
        CoverStatus::TimeLimit,
        "the dive did not finish in time"
    );
    eprintln!(
        "full week: cost {} bound {} lp {} gap {:.4} {:?} in {elapsed:?}",
        plan.cost, plan.bound, plan.lp_bound, plan.gap, plan.status
    );
    // The bell's peak is 30 on weekdays: at least 30 agents, each paid 40 hours.
    assert!(plan.bound >= 30.0 * 40.0);
    assert!(plan.gap <= 0.1, "gap {}", plan.gap);
}

#[test]
fn uncovered_periods_are_named() {
    let mut requirement = vec![0.0; 12];
    requirement[2] = 1.0;
    requirement[7] = 1.0;
    requirement[9] = 0.5;
    let problem = CoverProblem {
        requirement,
        columns: vec![Column {
            cost: 1.0,
            coverage: (0..6).map(|p| (p, 1.0)).collect(),
            group: None,
            max: None,
        }],
        ..CoverProblem::default()
    };
    let error = solve(&problem, &exact()).unwrap_err();
    assert_eq!(
        error,
        CoverError::Uncovered {
            periods: vec![7, 9]
        }
    );
    assert!(error.to_string().contains("period(s) 7, 9"), "{error}");
}

#[test]
fn infeasible_group_bounds_are_named() {
    let unit = vec![1.0; 24];
    // A group whose minimum exceeds its patterns' maxima.
    let mut problem = cyclic_day(&[1.0; 24], &unit);
    problem.groups = vec![Group { min: 0, max: None }, Group { min: 5, max: None }];
    for (s, column) in problem.columns.iter_mut().enumerate() {
        if s < 2 {
            column.group = Some(1);
            column.max = Some(2);
        }
    }
    match solve(&problem, &exact()).unwrap_err() {
        CoverError::Infeasible { groups, .. } => assert_eq!(groups, vec![1]),
        other => panic!("{other:?}"),
    }

    // Every pattern in one group of at most 2 agents, but 3 needed from 10:00 to 12:00.
    let mut requirement = vec![0.0; 24];
    requirement[10..12].fill(3.0);
    let mut problem = cyclic_day(&requirement, &unit);
    problem.groups = vec![Group {
        min: 0,
        max: Some(2),
    }];
    for column in &mut problem.columns {
        column.group = Some(0);
    }
    let error = solve(&problem, &exact()).unwrap_err();
    match &error {
        CoverError::Infeasible { periods, .. } => assert_eq!(periods, &vec![10, 11]),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("period(s) 10, 11"), "{error}");

    // Each bound can be met alone, not together: the solver's verdict.
    let mut requirement = vec![0.0; 24];
    requirement[0] = 1.0;
    requirement[12] = 1.0;
    let mut problem = cyclic_day(&requirement, &unit);
    problem.groups = vec![Group {
        min: 0,
        max: Some(1),
    }];
    for column in &mut problem.columns {
        column.group = Some(0);
    }
    let error = solve(&problem, &exact()).unwrap_err();
    assert!(
        matches!(&error, CoverError::Infeasible { detail, .. } if detail.contains("LP relaxation")),
        "{error:?}"
    );
}

#[test]
fn a_cut_is_respected() {
    let unit = vec![2.0; 24];
    let problem = cyclic_day(&[1.0; 24], &unit);
    let free = solve(&problem, &exact()).unwrap();
    // Ask for at least 2 agents on the shifts starting 05:00 or 06:00 plus one more on
    // 22:00 than the 13:00 shift has (a cut of mixed signs).
    let mut cut_problem = problem.clone();
    cut_problem.cuts = vec![
        Cut {
            terms: vec![(5, 1.0), (6, 1.0)],
            rhs: 2.0,
        },
        Cut {
            terms: vec![(22, 1.0), (13, -1.0)],
            rhs: 1.0,
        },
    ];
    let plan = solve(&cut_problem, &exact()).unwrap();
    assert_sound(&cut_problem, &plan);
    assert!(plan.counts[5] + plan.counts[6] >= 2);
    assert!(plan.counts[22] > plan.counts[13]);
    assert!(plan.cost >= free.cost);
    let (best, _) = brute_force(&cut_problem, plan.cost + 1.0).unwrap();
    assert_eq!(plan.cost, best);
    // Without branch and bound the repaired rounding still respects the cuts.
    let rounded = solve(
        &cut_problem,
        &CoverOptions {
            branch_and_bound: false,
            ..exact()
        },
    )
    .unwrap();
    assert_sound(&cut_problem, &rounded);
}

#[test]
fn same_problem_same_plan() {
    // Hourly starts over a week, two break positions: 336 tours, the dive alone.
    let starts: Vec<usize> = (0..DAY).step_by(4).collect();
    let problem = week_of_tours(&bell_week(12.0), &starts, 34, &[12, 16]);
    let options = CoverOptions {
        time_limit: Duration::from_secs(60),
        branch_and_bound: false,
        ..CoverOptions::default()
    };
    let first = solve(&problem, &options).unwrap();
    assert_sound(&problem, &first);
    assert_ne!(first.status, CoverStatus::TimeLimit);
    assert_eq!(first, solve(&problem, &options).unwrap());
    // Branch and bound to a proven optimum, twice.
    let mut rng = Lcg(99);
    let requirement: Vec<f64> = (0..24).map(|_| rng.below(3) as f64).collect();
    let problem = cyclic_day(&requirement, &[1.0; 24]);
    let first = solve(&problem, &exact()).unwrap();
    assert_eq!(first.status, CoverStatus::Optimal);
    assert_eq!(first, solve(&problem, &exact()).unwrap());
}

#[test]
fn malformed_problems_are_refused_with_the_field() {
    let mut problem = cyclic_day(&[1.0; 24], &[1.0; 24]);
    problem.columns[3].coverage.push((24, 1.0));
    let error = solve(&problem, &exact()).unwrap_err();
    assert!(
        matches!(&error, CoverError::Invalid(m) if m.contains("columns[3].coverage")),
        "{error}"
    );
    let mut problem = cyclic_day(&[1.0; 24], &[1.0; 24]);
    problem.requirement[4] = f64::NAN;
    assert!(matches!(
        solve(&problem, &exact()),
        Err(CoverError::Invalid(m)) if m.contains("requirement[4]")
    ));
}

#[test]
fn a_time_limit_too_short_for_the_lp_still_gives_a_sound_plan() {
    let starts: Vec<usize> = (0..DAY).step_by(4).collect();
    let problem = week_of_tours(&bell_week(12.0), &starts, 34, &[12, 16]);
    let options = CoverOptions {
        time_limit: Duration::from_millis(1),
        ..CoverOptions::default()
    };
    let plan = solve(&problem, &options).unwrap();
    assert_sound(&problem, &plan);
    assert_eq!(plan.status, CoverStatus::TimeLimit);
    // What the clock interrupted is discarded: the greedy plan from nothing, every time.
    assert_eq!(plan, solve(&problem, &options).unwrap());
}
