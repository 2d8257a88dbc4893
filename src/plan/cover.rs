//! Shift covering: the cheapest set of shifts whose agents on duty meet a requirement in
//! every period.
//!
//! # The problem
//!
//! A planning horizon is cut into periods (a day of half hours, a week of quarter hours).
//! [`CoverProblem::requirement`] says how many agents must be on duty in each, typically
//! what [`crate::plan::staff`] found by simulation. Each [`Column`] is one shift pattern
//! that a planner could staff (a template at one start time, with one break position, on
//! one set of working days) and says how many agents on duty one agent working it gives in
//! each period. The integer program is
//!
//! ```text
//! minimise    Σ_j cost_j · x_j
//! subject to  Σ_j a_pj · x_j ≥ requirement_p       every period p
//!             min_g ≤ Σ_{j in g} x_j ≤ max_g       every group g (a template's bounds)
//!             Σ_j coef_kj · x_j ≥ rhs_k            every cut k
//!             0 ≤ x_j ≤ max_j,  x_j integer
//! ```
//!
//! where `x_j` is the number of agents working pattern `j`. The cuts are how the
//! simulation-based cutting-plane method of Atlason, Epelman and Henderson ("Call center
//! staffing with simulation and cutting plane methods", *Annals of Operations Research*
//! 127, 2004) refines a plan: each simulation that finds a target missed adds a linear
//! inequality that the next plan must satisfy.
//!
//! # How it is solved, and what the result guarantees
//!
//! Everything goes through `good_lp` with its pure-Rust `microlp` backend, so the project
//! still builds with nothing but the Rust toolchain. microlp has branch and bound with a
//! time limit, a relative gap and a warm start, and good_lp exposes all three; what it does
//! not give on its own is a good plan quickly on a problem of thousands of patterns (a week
//! of 2,688 tours: in the 9 s left after the dive, its branch and bound did not close a 1 % gap), so [`solve`]
//! builds one first, in four steps.
//!
//! 1. **Checks before solving.** A period with a positive requirement that no column covers
//!    is reported by index ([`CoverError::Uncovered`]); a period, group or cut that cannot
//!    be met even with every column at its most is reported as [`CoverError::Infeasible`].
//! 2. **The LP relaxation** (counts allowed to be fractional) gives the LP bound: no integer
//!    plan costs less. When every cost is a whole number, so is every plan's cost, and the
//!    bound is rounded up.
//! 3. **Rounding, repair and a dive.** An LP point is rounded down and up; each rounding is
//!    repaired greedily (add the unit of shift that removes the most shortfall per unit of
//!    cost, never past a maximum) and then pruned (drop a unit of the dearest shift while
//!    the plan stays feasible), and the cheaper kept. Unless the LP optimum's rounding is
//!    already within [`CoverOptions::mip_gap`] of the bound, a dive follows: round up the
//!    counts at least half-way to the next whole number (or else the one nearest it), fix
//!    them, re-optimise the LP from where it was, round and repair the new point, and
//!    repeat until the LP point is whole or no cheaper than the best plan. The covering LPs
//!    of shift scheduling are very degenerate (the week's optimum spreads 39 agents over
//!    235 patterns, none of them whole), which plain rounding handles badly and the dive
//!    well.
//! 4. **Branch and bound** (microlp's, when [`CoverOptions::branch_and_bound`] is set and the
//!    plan is not yet within the gap), warm-started from the best plan, with the gap and the
//!    remaining time. When it ends by proof or by the gap, its plan and its proven bound are
//!    taken.
//!
//! **Reproducible.** The steps depend on the problem only, never on the clock, except where
//! the time limit stops one: then the work it interrupted is **discarded** (a dive cut
//! short falls back to the rounding of the LP optimum; branch and bound cut short, to the
//! dive's plan with the LP bound) and the status is [`CoverStatus::TimeLimit`]. How far a
//! search gets in 30 s depends on the machine, and a plan must not. So the same problem and
//! options give the same plan on any machine, except that a solve finishing close to the
//! time limit can land on either side of it.
//!
//! **Sound.** Every plan returned meets every requirement, group bound, maximum count and
//! cut (checked once more before it is returned, with a relative tolerance of 1e-9), and
//! `lp_bound ≤ bound ≤ cost`, with [`CoverPlan::gap`] the relative distance between the last
//! two. The gap is an honest upper bound on how far the plan is from the optimum; on large
//! weeks most of it is the weakness of the LP bound, not of the plan.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    WithInitialSolution, WithMipGap, WithTimeLimit, microlp, variable,
};
use thiserror::Error;

/// Relative tolerance of a constraint's left-hand side: `lhs ≥ rhs − TOL · max(1, |rhs|)`.
const TOL: f64 = 1e-9;

/// A shift-covering integer program: periods to cover, shift patterns to cover them with,
/// and bounds on how the patterns may be combined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoverProblem {
    /// Agents needed on duty in each period (the period's index is its position), ≥ 0.
    /// Fractional requirements are allowed (an agent counted part-time in a period).
    pub requirement: Vec<f64>,
    /// The shift patterns that may be staffed; a plan gives each a whole number of agents.
    pub columns: Vec<Column>,
    /// Bounds on the number of agents over sets of patterns (a template's minimum and
    /// maximum); [`Column::group`] names the group a pattern belongs to.
    pub groups: Vec<Group>,
    /// Extra linear inequalities the plan must satisfy, such as the simulation-based cuts
    /// of Atlason, Epelman and Henderson.
    pub cuts: Vec<Cut>,
}

/// One shift pattern: a template at one start time, with one break position, on one set of
/// working days. Its count in a plan is the number of agents who work it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Column {
    /// Cost of one agent working this pattern over the horizon (in the planner's unit, such
    /// as paid hours or currency), finite and ≥ 0.
    pub cost: f64,
    /// Periods this pattern is on duty in, sparse: `(period index, agents on duty per agent
    /// working it)`. The coefficient is usually 1, or a fraction for a partial period;
    /// finite and ≥ 0. Periods not listed get 0.
    pub coverage: Vec<(usize, f64)>,
    /// Index into [`CoverProblem::groups`] of the group this pattern counts towards, if any.
    pub group: Option<usize>,
    /// Most agents who may work this pattern; `None` for no limit.
    pub max: Option<u32>,
}

/// Bounds on the total number of agents working the patterns of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Group {
    /// Fewest agents over the group's patterns (a template that must be used at least so
    /// often), 0 for none.
    pub min: u32,
    /// Most agents over the group's patterns (for instance the part-timers available);
    /// `None` for no limit.
    pub max: Option<u32>,
}

/// A linear inequality on the counts: `Σ coef · count ≥ rhs`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cut {
    /// `(column index, coefficient)` pairs, sparse; finite coefficients of either sign.
    /// Columns not listed get 0; a column listed twice gets the sum.
    pub terms: Vec<(usize, f64)>,
    /// Right-hand side, finite.
    pub rhs: f64,
}

/// How hard [`solve`] tries.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverOptions {
    /// Wall-clock budget for the whole solve. What is still running at the limit (the LP
    /// relaxation, the dive, branch and bound) is discarded and the last plan that was
    /// complete before it is returned ([`CoverStatus::TimeLimit`]).
    pub time_limit: Duration,
    /// Relative gap `(cost − bound) / cost` at which a plan is good enough and the search
    /// stops ([`CoverStatus::GapLimit`]); 0 asks for a proven optimum. Finite and ≥ 0.
    pub mip_gap: f64,
    /// Whether to run branch and bound after the dive; `false` returns the dive's plan
    /// ([`CoverStatus::Rounded`] unless it is already within the gap).
    pub branch_and_bound: bool,
}

impl Default for CoverOptions {
    /// 30 s, a 1 % gap, branch and bound on.
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(30),
            mip_gap: 0.01,
            branch_and_bound: true,
        }
    }
}

/// How the search ended, and so what [`CoverPlan::bound`] proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverStatus {
    /// No plan is cheaper: the cost meets the bound.
    Optimal,
    /// The plan is within [`CoverOptions::mip_gap`] of the bound.
    GapLimit,
    /// The time limit stopped the search; the plan is the last one complete before it (the
    /// dive's, or the rounding of the LP optimum) and the bound is the LP bound.
    TimeLimit,
    /// Branch and bound was not asked for and the dive's plan is not within the gap; the
    /// bound is the LP bound.
    Rounded,
}

/// A feasible integer plan: how many agents work each pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverPlan {
    /// Agents working each pattern, indexed like [`CoverProblem::columns`].
    pub counts: Vec<u32>,
    /// Cost of the plan, `Σ cost · count`, in the columns' cost unit.
    pub cost: f64,
    /// Optimum of the LP relaxation (counts allowed to be fractional), rounded up when every
    /// cost is a whole number: a lower bound on the cost of any plan. 0 when the time limit
    /// stopped the relaxation.
    pub lp_bound: f64,
    /// Best proven lower bound on the cost of any plan: at least `lp_bound`, and the
    /// branch-and-bound bound when that search ended by proof or gap; never above `cost`.
    pub bound: f64,
    /// Relative gap `(cost − bound) / cost`, 0 when the cost is 0: how much cheaper, at most,
    /// the best plan could be, as a fraction of this one's cost.
    pub gap: f64,
    /// How the search ended.
    pub status: CoverStatus,
}

impl CoverPlan {
    /// Agents on duty in each period under this plan, indexed like
    /// [`CoverProblem::requirement`].
    pub fn coverage(&self, problem: &CoverProblem) -> Vec<f64> {
        let mut on_duty = vec![0.0; problem.requirement.len()];
        for (column, &count) in problem.columns.iter().zip(&self.counts) {
            for &(period, a) in &column.coverage {
                on_duty[period] += a * f64::from(count);
            }
        }
        on_duty
    }

    /// Agents short in each period (requirement minus agents on duty, floored at 0), indexed
    /// like [`CoverProblem::requirement`]; all zeros for a plan [`solve`] returned.
    pub fn shortfall(&self, problem: &CoverProblem) -> Vec<f64> {
        self.coverage(problem)
            .iter()
            .zip(&problem.requirement)
            .map(|(on_duty, need)| (need - on_duty).max(0.0))
            .collect()
    }

    /// Agents over the requirement in each period (agents on duty minus requirement, floored
    /// at 0): the idle capacity the shift shapes force.
    pub fn surplus(&self, problem: &CoverProblem) -> Vec<f64> {
        self.coverage(problem)
            .iter()
            .zip(&problem.requirement)
            .map(|(on_duty, need)| (on_duty - need).max(0.0))
            .collect()
    }
}

/// Why no plan came back.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CoverError {
    /// The problem is malformed (an index out of range, a negative or non-finite number);
    /// the message names the field.
    #[error("invalid shift-covering problem: {0}")]
    Invalid(String),
    /// Periods with a positive requirement that no pattern is on duty in.
    #[error(
        "no shift pattern is on duty in period(s) {} where agents are required: add a pattern \
         that covers them or set their requirement to 0",
        list(periods)
    )]
    Uncovered {
        /// Indices of the uncovered periods, ascending.
        periods: Vec<usize>,
    },
    /// The group bounds, maximum counts and cuts leave no plan that meets the requirement.
    #[error("no plan meets every constraint: {detail}")]
    Infeasible {
        /// Periods whose requirement exceeds what every pattern at its maximum (and every
        /// group at its maximum) can put on duty, ascending.
        periods: Vec<usize>,
        /// Groups whose minimum exceeds the sum of their patterns' maxima, ascending.
        groups: Vec<usize>,
        /// Cuts that cannot hold even with every count at its most favourable bound,
        /// ascending.
        cuts: Vec<usize>,
        /// What was found, for a planner: the capacity check's findings, or the LP solver's
        /// verdict when the constraints only conflict together.
        detail: String,
    },
    /// The solver failed (a numerical failure, or a limit it cannot represent).
    #[error("the shift-covering solver failed: {0}")]
    Solver(String),
}

/// At most ten indices, then how many in all.
fn list(indices: &[usize]) -> String {
    let mut text = String::new();
    for (k, i) in indices.iter().take(10).enumerate() {
        if k > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{i}");
    }
    if indices.len() > 10 {
        let _ = write!(text, ", … ({} in all)", indices.len());
    }
    text
}

/// Finds the cheapest (or a provably near-cheapest) whole number of agents for each shift
/// pattern so that every period's requirement, every group's bounds, every pattern's maximum
/// and every cut hold. See the module docs for the method and what the result guarantees.
///
/// # Errors
///
/// [`CoverError::Invalid`] for a malformed problem or options, [`CoverError::Uncovered`]
/// and [`CoverError::Infeasible`] before solving when a period cannot be covered, and
/// [`CoverError::Infeasible`] or [`CoverError::Solver`] from the solver.
pub fn solve(problem: &CoverProblem, options: &CoverOptions) -> Result<CoverPlan, CoverError> {
    let started = Instant::now();
    validate(problem, options)?;
    let rows = Rows::new(problem);
    rows.check_capacity(problem)?;
    let plan = search(problem, options, &rows, started)?;
    // The last word: no plan leaves here that breaks a constraint.
    if rows.feasible(&plan.counts) {
        Ok(plan)
    } else {
        Err(CoverError::Solver(
            "the plan found breaks a constraint beyond the tolerance (a numerical failure); \
             report the problem"
                .to_string(),
        ))
    }
}

/// Steps 2 to 4 of the module docs, on a checked problem.
fn search(
    problem: &CoverProblem,
    options: &CoverOptions,
    rows: &Rows,
    started: Instant,
) -> Result<CoverPlan, CoverError> {
    let integral_costs = problem.columns.iter().all(|c| c.cost.fract() == 0.0);
    let strengthen = |bound: f64| {
        if integral_costs {
            (bound - 1e-6 * bound.abs().max(1.0)).ceil().max(0.0)
        } else {
            bound.max(0.0)
        }
    };

    // The LP relaxation: its optimum bounds every plan, and its solution is what is rounded.
    let deadline = started + options.time_limit;
    let good_enough = |cost: f64, lp: f64| {
        let bound = strengthen(lp).min(cost);
        cost <= 0.0 || (cost - bound) / cost <= options.mip_gap
    };
    let relaxed = match relaxation(problem, rows, deadline, good_enough) {
        Ok(relaxed) => Some(relaxed),
        Err(ResolutionError::Infeasible) => {
            return Err(CoverError::Infeasible {
                periods: Vec::new(),
                groups: Vec::new(),
                cuts: Vec::new(),
                detail: "the LP relaxation has no solution: the group bounds, maximum counts \
                         and cuts together cannot meet the requirement, though each period, \
                         group and cut can be met on its own"
                    .to_string(),
            });
        }
        Err(ResolutionError::Other(_)) if Instant::now() >= deadline => None,
        Err(e) => return Err(CoverError::Solver(e.to_string())),
    };
    let lp_bound = relaxed.as_ref().map_or(0.0, |r| strengthen(r.objective));
    // Work the clock interrupted is discarded, so that the plan never depends on how fast
    // the machine is: a dive cut short falls back to the rounding of the LP optimum, an LP
    // cut short to the greedy repair from nothing.
    let clock_stopped = relaxed.as_ref().is_none_or(|r| r.dive_cut);
    let rounded = match &relaxed {
        Some(r) if !r.dive_cut => r.dived.clone(),
        Some(r) => rows.round_and_repair(problem, &r.values),
        None => rows.repair_and_prune(problem, vec![0; problem.columns.len()]),
    };
    let judged = |counts: Vec<u32>, bound: f64, proven: bool| {
        let cost = cost_of(problem, &counts);
        let bound = bound.min(cost);
        let gap = if cost > 0.0 {
            (cost - bound) / cost
        } else {
            0.0
        };
        let status = if cost - bound <= TOL * cost.abs().max(1.0) {
            CoverStatus::Optimal
        } else if gap <= options.mip_gap || proven {
            CoverStatus::GapLimit
        } else {
            CoverStatus::Rounded
        };
        CoverPlan {
            counts,
            cost,
            lp_bound,
            bound,
            gap,
            status,
        }
    };

    if let Some(counts) = &rounded {
        let plan = judged(counts.clone(), lp_bound, false);
        if plan.status == CoverStatus::Rounded && clock_stopped {
            return Ok(CoverPlan {
                status: CoverStatus::TimeLimit,
                ..plan
            });
        }
        if plan.status != CoverStatus::Rounded || !options.branch_and_bound {
            return Ok(plan);
        }
    } else if !options.branch_and_bound || clock_stopped {
        return Err(CoverError::Solver(
            "rounding the LP relaxation and repairing it found no feasible plan (cuts with \
             negative coefficients can block the repair), and branch and bound was not run \
             (not asked for, or no time left); allow it, or a longer time limit"
                .to_string(),
        ));
    }

    let remaining = options.time_limit.saturating_sub(started.elapsed());
    let timed_out = || -> Result<CoverPlan, CoverError> {
        match &rounded {
            Some(counts) => Ok(CoverPlan {
                status: CoverStatus::TimeLimit,
                ..judged(counts.clone(), lp_bound, false)
            }),
            None => Err(CoverError::Solver(
                "the time limit ran out before branch and bound found a feasible plan, and \
                 rounding found none; allow a longer time limit"
                    .to_string(),
            )),
        }
    };
    match branch_and_bound(problem, options.mip_gap, remaining, rounded.as_deref()) {
        Ok(found)
            if !matches!(found.status, SolutionStatus::TimeLimit)
                && rows.feasible(&found.counts) =>
        {
            let proven = match found.status {
                SolutionStatus::Optimal => cost_of(problem, &found.counts),
                _ => found.bound.unwrap_or(lp_bound),
            };
            let bound = strengthen(proven).max(lp_bound);
            let counts = match &rounded {
                Some(r) if cost_of(problem, r) < cost_of(problem, &found.counts) => r.clone(),
                _ => found.counts,
            };
            Ok(judged(counts, bound, true))
        }
        Ok(found) if matches!(found.status, SolutionStatus::TimeLimit) => timed_out(),
        // Branch and bound's plan failed the final check (numerically): keep the dive's.
        Ok(_) => match &rounded {
            Some(counts) => Ok(judged(counts.clone(), lp_bound, false)),
            None => Err(CoverError::Solver(
                "branch and bound returned a plan that breaks a constraint beyond the \
                 tolerance, and rounding found none"
                    .to_string(),
            )),
        },
        Err(ResolutionError::Other(_)) => timed_out(),
        Err(ResolutionError::Infeasible) => Err(CoverError::Infeasible {
            periods: Vec::new(),
            groups: Vec::new(),
            cuts: Vec::new(),
            detail: "branch and bound found no whole-number plan: the group bounds, maximum \
                     counts and cuts admit fractional plans only"
                .to_string(),
        }),
        Err(e) => Err(CoverError::Solver(e.to_string())),
    }
}

fn cost_of(problem: &CoverProblem, counts: &[u32]) -> f64 {
    problem
        .columns
        .iter()
        .zip(counts)
        .map(|(c, &x)| c.cost * f64::from(x))
        .sum()
}

fn validate(problem: &CoverProblem, options: &CoverOptions) -> Result<(), CoverError> {
    let invalid = |message: String| Err(CoverError::Invalid(message));
    if !options.mip_gap.is_finite() || options.mip_gap < 0.0 {
        return invalid(format!(
            "mip_gap is {}: give a finite gap ≥ 0 (0.01 for 1 %)",
            options.mip_gap
        ));
    }
    let periods = problem.requirement.len();
    for (p, &need) in problem.requirement.iter().enumerate() {
        if !need.is_finite() || need < 0.0 {
            return invalid(format!(
                "requirement[{p}] is {need}: agents required must be finite and ≥ 0"
            ));
        }
    }
    for (j, column) in problem.columns.iter().enumerate() {
        if !column.cost.is_finite() || column.cost < 0.0 {
            return invalid(format!(
                "columns[{j}].cost is {}: a shift's cost must be finite and ≥ 0",
                column.cost
            ));
        }
        for &(p, a) in &column.coverage {
            if p >= periods {
                return invalid(format!(
                    "columns[{j}].coverage names period {p}, but there are {periods} periods"
                ));
            }
            if !a.is_finite() || a < 0.0 {
                return invalid(format!(
                    "columns[{j}].coverage gives {a} agents in period {p}: must be finite and ≥ 0"
                ));
            }
        }
        if let Some(g) = column.group
            && g >= problem.groups.len()
        {
            return invalid(format!(
                "columns[{j}].group is {g}, but there are {} groups",
                problem.groups.len()
            ));
        }
        if column.max.is_some_and(|m| m > i32::MAX as u32) {
            return invalid(format!(
                "columns[{j}].max is above {}, the solver's largest count",
                i32::MAX
            ));
        }
    }
    for (g, group) in problem.groups.iter().enumerate() {
        if let Some(max) = group.max
            && max < group.min
        {
            return invalid(format!("groups[{g}] has min {} above max {max}", group.min));
        }
    }
    for (k, cut) in problem.cuts.iter().enumerate() {
        if !cut.rhs.is_finite() {
            return invalid(format!("cuts[{k}].rhs is {}: must be finite", cut.rhs));
        }
        for &(j, coef) in &cut.terms {
            if j >= problem.columns.len() {
                return invalid(format!(
                    "cuts[{k}] names column {j}, but there are {} columns",
                    problem.columns.len()
                ));
            }
            if !coef.is_finite() {
                return invalid(format!(
                    "cuts[{k}] gives column {j} the coefficient {coef}: must be finite"
                ));
            }
        }
    }
    Ok(())
}

/// The `≥` rows of the program (periods with a positive requirement, groups with a positive
/// minimum, cuts) as sparse columns, with the upper bounds: what the capacity check, the
/// repair and the final check work on.
#[derive(Debug)]
struct Rows {
    /// Right-hand side of each row, less its tolerance.
    need: Vec<f64>,
    /// For each column, its `(row, coefficient)` entries, summed over duplicates.
    entries: Vec<Vec<(usize, f64)>>,
    /// Most agents of each column (`u32::MAX` for no limit).
    max: Vec<u32>,
    /// Group of each column.
    group_of: Vec<Option<usize>>,
    /// Most agents of each group (`u32::MAX` for no limit).
    group_max: Vec<u32>,
}

impl Rows {
    fn new(problem: &CoverProblem) -> Self {
        let mut need = Vec::new();
        let mut push = |rhs: f64| {
            need.push(rhs - TOL * rhs.abs().max(1.0));
            need.len() - 1
        };
        let period_row: Vec<Option<usize>> = problem
            .requirement
            .iter()
            .map(|&r| (r > 0.0).then(|| push(r)))
            .collect();
        let group_row: Vec<Option<usize>> = problem
            .groups
            .iter()
            .map(|g| (g.min > 0).then(|| push(f64::from(g.min))))
            .collect();
        let cut_row: Vec<usize> = problem.cuts.iter().map(|c| push(c.rhs)).collect();
        let mut entries: Vec<Vec<(usize, f64)>> = problem
            .columns
            .iter()
            .map(|column| {
                let mut e: Vec<(usize, f64)> = column
                    .coverage
                    .iter()
                    .filter_map(|&(p, a)| period_row[p].map(|r| (r, a)))
                    .collect();
                if let Some(r) = column.group.and_then(|g| group_row[g]) {
                    e.push((r, 1.0));
                }
                e
            })
            .collect();
        for (cut, &r) in problem.cuts.iter().zip(&cut_row) {
            for &(j, coef) in &cut.terms {
                entries[j].push((r, coef));
            }
        }
        for e in &mut entries {
            e.sort_by_key(|&(r, _)| r);
            e.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 += later.1;
                }
                same
            });
            e.retain(|&(_, a)| a != 0.0);
        }
        Self {
            need,
            entries,
            max: problem
                .columns
                .iter()
                .map(|c| c.max.unwrap_or(u32::MAX))
                .collect(),
            group_of: problem.columns.iter().map(|c| c.group).collect(),
            group_max: problem
                .groups
                .iter()
                .map(|g| g.max.unwrap_or(u32::MAX))
                .collect(),
        }
    }

    /// Left-hand side of every row under `counts`.
    fn lhs(&self, counts: &[u32]) -> Vec<f64> {
        let mut lhs = vec![0.0; self.need.len()];
        for (e, &x) in self.entries.iter().zip(counts) {
            if x > 0 {
                for &(r, a) in e {
                    lhs[r] += a * f64::from(x);
                }
            }
        }
        lhs
    }

    /// Agents in each group under `counts`.
    fn group_sums(&self, counts: &[u32]) -> Vec<u64> {
        let mut sums = vec![0u64; self.group_max.len()];
        for (g, &x) in self.group_of.iter().zip(counts) {
            if let Some(g) = g {
                sums[*g] += u64::from(x);
            }
        }
        sums
    }

    /// Whether `counts` meets every row, maximum and group maximum.
    fn feasible(&self, counts: &[u32]) -> bool {
        counts.len() == self.max.len()
            && counts.iter().zip(&self.max).all(|(x, m)| x <= m)
            && self
                .group_sums(counts)
                .iter()
                .zip(&self.group_max)
                .all(|(s, m)| *s <= u64::from(*m))
            && self.lhs(counts).iter().zip(&self.need).all(|(l, n)| l >= n)
    }

    /// Rounds the LP solution down and up, repairs and prunes each, and keeps the cheaper.
    fn round_and_repair(&self, problem: &CoverProblem, relaxed: &[f64]) -> Option<Vec<u32>> {
        let round = |f: fn(f64) -> f64| -> Vec<u32> {
            relaxed
                .iter()
                .zip(&self.max)
                .map(|(&v, &m)| (f(v).max(0.0) as u32).min(m))
                .collect()
        };
        let down = round(|v| (v + 1e-7).floor());
        let up = round(|v| (v - 1e-7).ceil());
        let group_ok = |counts: &[u32]| {
            self.group_sums(counts)
                .iter()
                .zip(&self.group_max)
                .all(|(s, m)| *s <= u64::from(*m))
        };
        let mut best: Option<(f64, Vec<u32>)> = None;
        for start in [down, up] {
            if !group_ok(&start) {
                continue;
            }
            if let Some(counts) = self.repair_and_prune(problem, start) {
                let cost = cost_of(problem, &counts);
                if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                    best = Some((cost, counts));
                }
            }
        }
        best.map(|(_, counts)| counts)
    }

    /// Adds units greedily until every row holds (the unit that removes the most shortfall
    /// per unit of cost, lowest index on ties), then removes units of the dearest patterns
    /// while every row still holds. `None` when no addable unit reduces the shortfall.
    fn repair_and_prune(&self, problem: &CoverProblem, mut counts: Vec<u32>) -> Option<Vec<u32>> {
        let mut lhs = self.lhs(&counts);
        let mut sums = self.group_sums(&counts);
        let short = |lhs: &[f64]| lhs.iter().zip(&self.need).any(|(l, n)| l < n);
        while short(&lhs) {
            // (zero cost, score, column): a free unit beats any paid one.
            let mut best: Option<(bool, f64, usize)> = None;
            for (j, e) in self.entries.iter().enumerate() {
                if counts[j] >= self.max[j]
                    || self.group_of[j].is_some_and(|g| sums[g] >= u64::from(self.group_max[g]))
                {
                    continue;
                }
                let gain: f64 = e
                    .iter()
                    .map(|&(r, a)| {
                        let before = (self.need[r] - lhs[r]).max(0.0);
                        before - (self.need[r] - lhs[r] - a).max(0.0)
                    })
                    .sum();
                if gain <= 0.0 {
                    continue;
                }
                let cost = problem.columns[j].cost;
                let key = if cost > 0.0 {
                    (false, gain / cost)
                } else {
                    (true, gain)
                };
                if best.is_none_or(|(free, score, _)| key > (free, score)) {
                    best = Some((key.0, key.1, j));
                }
            }
            let (_, _, j) = best?;
            counts[j] += 1;
            for &(r, a) in &self.entries[j] {
                lhs[r] += a;
            }
            if let Some(g) = self.group_of[j] {
                sums[g] += 1;
            }
        }
        // Prune: dearest first, lowest index on ties, until a pass removes nothing.
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by(|&a, &b| {
            problem.columns[b]
                .cost
                .total_cmp(&problem.columns[a].cost)
                .then(a.cmp(&b))
        });
        loop {
            let mut changed = false;
            for &j in &order {
                while counts[j] > 0
                    && self.entries[j]
                        .iter()
                        .all(|&(r, a)| a < 0.0 || lhs[r] - a >= self.need[r])
                {
                    counts[j] -= 1;
                    for &(r, a) in &self.entries[j] {
                        lhs[r] -= a;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Some(counts)
    }

    /// The capacity check: periods, groups and cuts that cannot be met even with every count
    /// at its most favourable bound, before any solver runs.
    fn check_capacity(&self, problem: &CoverProblem) -> Result<(), CoverError> {
        let periods = problem.requirement.len();
        let mut covered = vec![false; periods];
        for column in &problem.columns {
            for &(p, a) in &column.coverage {
                covered[p] |= a > 0.0;
            }
        }
        let uncovered: Vec<usize> = (0..periods)
            .filter(|&p| problem.requirement[p] > 0.0 && !covered[p])
            .collect();
        if !uncovered.is_empty() {
            return Err(CoverError::Uncovered { periods: uncovered });
        }

        // Most agents on duty per period: free columns at their maxima, and each group at
        // the lesser of its columns' maxima and its own maximum times its best coefficient.
        let groups = problem.groups.len();
        let mut free_cap = vec![0.0f64; periods];
        let mut group_sum = vec![vec![0.0f64; periods]; groups];
        let mut group_best = vec![vec![0.0f64; periods]; groups];
        let mut group_columns_max = vec![0u64; groups];
        for column in &problem.columns {
            let m = column.max.map_or(f64::INFINITY, f64::from);
            if let Some(g) = column.group {
                group_columns_max[g] =
                    group_columns_max[g].saturating_add(column.max.map_or(u64::MAX, u64::from));
            }
            for &(p, a) in &column.coverage {
                if a <= 0.0 {
                    continue;
                }
                let most = if m == 0.0 { 0.0 } else { a * m };
                match column.group {
                    Some(g) => {
                        group_sum[g][p] += most;
                        group_best[g][p] = group_best[g][p].max(a);
                    }
                    None => free_cap[p] += most,
                }
            }
        }
        let short_periods: Vec<usize> = (0..periods)
            .filter(|&p| {
                let cap = free_cap[p]
                    + (0..groups)
                        .map(|g| {
                            let by_group = problem.groups[g]
                                .max
                                .map_or(f64::INFINITY, |gm| f64::from(gm) * group_best[g][p]);
                            group_sum[g][p].min(by_group)
                        })
                        .sum::<f64>();
                let need = problem.requirement[p];
                cap < need - TOL * need.max(1.0)
            })
            .collect();
        let short_groups: Vec<usize> = (0..groups)
            .filter(|&g| u64::from(problem.groups[g].min) > group_columns_max[g])
            .collect();
        let short_cuts: Vec<usize> = problem
            .cuts
            .iter()
            .enumerate()
            .filter(|(_, cut)| {
                let mut summed = vec![0.0; problem.columns.len()];
                for &(j, coef) in &cut.terms {
                    summed[j] += coef;
                }
                let most: f64 = summed
                    .iter()
                    .zip(&self.max)
                    .filter(|(c, _)| **c > 0.0)
                    .map(|(c, &m)| {
                        if m == u32::MAX {
                            f64::INFINITY
                        } else {
                            c * f64::from(m)
                        }
                    })
                    .sum();
                most < cut.rhs - TOL * cut.rhs.abs().max(1.0)
            })
            .map(|(k, _)| k)
            .collect();
        if short_periods.is_empty() && short_groups.is_empty() && short_cuts.is_empty() {
            return Ok(());
        }
        let mut detail = Vec::new();
        if !short_periods.is_empty() {
            detail.push(format!(
                "period(s) {} need more agents than every pattern on duty then can give at its \
                 maximum count and its group's maximum",
                list(&short_periods)
            ));
        }
        if !short_groups.is_empty() {
            detail.push(format!(
                "group(s) {} have a minimum above the sum of their patterns' maximum counts",
                list(&short_groups)
            ));
        }
        if !short_cuts.is_empty() {
            detail.push(format!(
                "cut(s) {} cannot hold even with every count at its most favourable bound",
                list(&short_cuts)
            ));
        }
        Err(CoverError::Infeasible {
            periods: short_periods,
            groups: short_groups,
            cuts: short_cuts,
            detail: detail.join("; "),
        })
    }
}

/// The program in good_lp's terms: one variable per column (integer or not), the objective
/// and every constraint.
fn model(
    problem: &CoverProblem,
    integer: bool,
) -> (
    ProblemVariables,
    Vec<Variable>,
    Expression,
    Vec<good_lp::Constraint>,
) {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = problem
        .columns
        .iter()
        .map(|c| {
            let v = variable().min(0.0);
            let v = match c.max {
                Some(m) => v.max(f64::from(m)),
                None => v,
            };
            vars.add(if integer { v.integer() } else { v })
        })
        .collect();
    let mut objective = Expression::with_capacity(x.len());
    for (c, &v) in problem.columns.iter().zip(&x) {
        if c.cost != 0.0 {
            objective.add_mul(c.cost, v);
        }
    }
    let mut constraints = Vec::new();
    let mut per_period: Vec<Expression> = problem
        .requirement
        .iter()
        .map(|_| Expression::default())
        .collect();
    for (c, &v) in problem.columns.iter().zip(&x) {
        for &(p, a) in &c.coverage {
            if problem.requirement[p] > 0.0 && a != 0.0 {
                per_period[p].add_mul(a, v);
            }
        }
    }
    for (expr, &need) in per_period.into_iter().zip(&problem.requirement) {
        if need > 0.0 {
            constraints.push(expr.geq(need));
        }
    }
    for (g, group) in problem.groups.iter().enumerate() {
        let mut sum = Expression::default();
        for (c, &v) in problem.columns.iter().zip(&x) {
            if c.group == Some(g) {
                sum.add_mul(1.0, v);
            }
        }
        if group.min > 0 {
            constraints.push(sum.clone().geq(f64::from(group.min)));
        }
        if let Some(max) = group.max {
            constraints.push(sum.leq(f64::from(max)));
        }
    }
    for cut in &problem.cuts {
        let mut lhs = Expression::with_capacity(cut.terms.len());
        for &(j, coef) in &cut.terms {
            lhs.add_mul(coef, x[j]);
        }
        constraints.push(lhs.geq(cut.rhs));
    }
    (vars, x, objective, constraints)
}

/// What the LP relaxation gave.
struct Relaxed {
    /// Its optimum, in the columns' cost unit.
    objective: f64,
    /// The fractional counts at the optimum.
    values: Vec<f64>,
    /// The cheapest plan the dive found (repaired roundings of each LP point on the way).
    dived: Option<Vec<u32>>,
    /// Whether the clock stopped the dive.
    dive_cut: bool,
}

/// Solves the LP relaxation, then dives: fix the counts whose fractional part is largest to
/// their rounded-up value, re-optimise from the previous solution (microlp's `fix_var`,
/// which edits the solved problem rather than starting again), and repeat until the LP point
/// is integral or cannot beat the best plan found; each LP point on the way is rounded and
/// repaired, and the cheapest result kept. `good_enough(cost, lp optimum)` skips the dive
/// when the LP optimum's rounding is already within the gap. The dive's steps depend on the
/// problem only, so its plan is reproducible unless `deadline` stops it.
fn relaxation(
    problem: &CoverProblem,
    rows: &Rows,
    deadline: Instant,
    good_enough: impl Fn(f64, f64) -> bool,
) -> Result<Relaxed, ResolutionError> {
    let (vars, x, objective, constraints) = model(problem, false);
    let remaining = deadline.saturating_duration_since(Instant::now());
    let mut lp = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(remaining.as_secs_f64());
    for c in constraints {
        lp.add_constraint(c);
    }
    let solution = lp.solve()?;
    let values: Vec<f64> = x.iter().map(|&v| solution.value(v)).collect();
    let objective = problem
        .columns
        .iter()
        .zip(&values)
        .map(|(c, v)| c.cost * v)
        .sum();
    let mut best = rows
        .round_and_repair(problem, &values)
        .map(|counts| (cost_of(problem, &counts), counts));
    let mut dive_cut = false;
    if best
        .as_ref()
        .is_none_or(|(cost, _)| !good_enough(*cost, objective))
    {
        // microlp numbers its variables in good_lp's order of creation: column order.
        let first = solution.into_inner();
        let handles: Vec<_> = first.iter().map(|(v, _)| v).collect();
        let mut current = Some(first);
        let mut point = values.clone();
        loop {
            if Instant::now() >= deadline {
                dive_cut = true;
                break;
            }
            let fractional: Vec<(usize, f64)> = point
                .iter()
                .enumerate()
                .map(|(j, v)| (j, v - v.floor()))
                .filter(|&(_, f)| f > 1e-6 && f < 1.0 - 1e-6)
                .collect();
            if fractional.is_empty() {
                break;
            }
            let lp_cost: f64 = problem
                .columns
                .iter()
                .zip(&point)
                .map(|(c, v)| c.cost * v)
                .sum();
            if best
                .as_ref()
                .is_some_and(|(b, _)| lp_cost >= b - TOL * b.max(1.0))
            {
                break;
            }
            // Round up every count at least half-way past a whole number, or else the one
            // furthest past (the lowest index on ties).
            let mut fix: Vec<usize> = fractional
                .iter()
                .filter(|&&(_, f)| f >= 0.5)
                .map(|&(j, _)| j)
                .collect();
            if fix.is_empty() {
                let mut top = fractional[0];
                for &(j, f) in &fractional[1..] {
                    if f > top.1 {
                        top = (j, f);
                    }
                }
                fix.push(top.0);
            }
            for j in fix {
                let Some(lp) = current.take() else { break };
                let value = point[j].ceil().min(f64::from(rows.max[j]));
                match lp.fix_var(handles[j], value).map(|o| o.into_solution()) {
                    Ok(Ok(next)) => current = Some(next),
                    // Interrupted by the clock.
                    Ok(Err(_)) => dive_cut = true,
                    // Infeasible after fixing (a group maximum or a cut): the dive ends.
                    Err(_) => {}
                }
            }
            let Some(lp) = &current else { break };
            point = lp.iter().map(|(_, v)| v).collect();
            if let Some(counts) = rows.round_and_repair(problem, &point) {
                let cost = cost_of(problem, &counts);
                if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                    best = Some((cost, counts));
                }
            }
        }
    }
    Ok(Relaxed {
        objective,
        values,
        dived: best.map(|(_, counts)| counts),
        dive_cut,
    })
}

/// What microlp's branch and bound returned.
struct Found {
    counts: Vec<u32>,
    status: SolutionStatus,
    /// Its proven lower bound, when it has one.
    bound: Option<f64>,
}

/// microlp's branch and bound, warm-started from `start` when given.
fn branch_and_bound(
    problem: &CoverProblem,
    mip_gap: f64,
    time_limit: Duration,
    start: Option<&[u32]>,
) -> Result<Found, ResolutionError> {
    let (vars, x, objective, constraints) = model(problem, true);
    let mut mip = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(time_limit.as_secs_f64())
        .with_mip_gap(mip_gap as f32)
        .map_err(|e| ResolutionError::Str(e.to_string()))?;
    if let Some(start) = start {
        mip = mip.with_initial_solution(x.iter().zip(start).map(|(&v, &n)| (v, f64::from(n))));
    }
    for c in constraints {
        mip.add_constraint(c);
    }
    let solution = mip.solve()?;
    let status = solution.status();
    let counts = x
        .iter()
        .map(|&v| solution.value(v).round().max(0.0) as u32)
        .collect();
    let bound = solution.into_inner().stats().best_bound;
    Ok(Found {
        counts,
        status,
        bound,
    })
}
