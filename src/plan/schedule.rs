//! Shift schedules that meet their targets in simulation: from "agents per interval" to the
//! people a planner hires, on shifts with breaks and days off.
//!
//! # Two plans
//!
//! **The two-step plan** is what workforce-management tools do: find the agents each interval
//! needs (the requirement: by simulation with [`super::staff`], or by per-interval Erlang),
//! then cover it at least cost with shifts, an integer program over every shift the
//! templates allow ([`super::cover`]). It treats the intervals as independent and the
//! requirement as exact; Avramidis, Chan, Gendreau, L'Ecuyer and Pisacane ("Optimizing
//! daily agent scheduling in a multiskill call center", *EJOR* 200(3), 2010) show it can be
//! far from the cheapest schedule that meets the targets: shifts cover several intervals at
//! once, so a shortfall in one can be worth buying where the shifts are cheap, and the
//! backlog one interval leaves the next is nobody's requirement.
//!
//! **The one-step plan** follows Atlason, Epelman and Henderson ("Call center staffing with
//! simulation and cutting plane methods", *Annals of Operations Research* 127, 2004;
//! "Optimizing call center staffing using simulation and analytic center cutting-plane
//! methods", *Management Science* 54(2), 2008). The targets are judged on a fixed set of
//! simulated days (the sample-average approximation, SAA: every evaluation uses the same
//! seed, common random numbers), and each target in each interval is a function `g(y)` of the
//! agents on duty `y` per interval (`y = A·x` for the shift counts `x`). Where `g` is
//! concave, a subgradient `q` at a point `ȳ` gives a cut `g(ȳ) + q·(A·x − ȳ) ≥ bound` that no
//! schedule meeting the target violates. The method solves the integer program with the cuts
//! found so far, simulates its answer, adds a cut for every target that fails, and repeats;
//! when the answer meets every target it is optimal for the SAA.
//!
//! As implemented here:
//! - staffing is planned per **period**, the finest grid of the templates' starts, breaks
//!   and lengths within a reporting interval (30 minutes for half-hourly starts), while the
//!   targets are judged per reporting interval: a requirement per hour covered by the hour's
//!   average would let a half hour of lunches empty the floor, so the two-step plan asks each
//!   period for its interval's requirement;
//! - the subgradient is a forward difference: one more agent in period `j` (a probe shift
//!   exactly one period long added to the schedule), simulated on the same seed; one
//!   simulation per probed period, shared by every cut of the iteration. A difference is
//!   clipped at 0 (more agents never hurt a queue's targets; a negative difference is noise)
//!   and only periods of intervals up to [`ScheduleOptions::window`] intervals before `i`,
//!   and `i` itself, count for interval `i` (staffing later cannot help earlier);
//! - the search starts at the two-step plan, with a cut for every judged target in every
//!   interval (so the program may move away from where the requirement put it), and keeps
//!   the cheapest schedule that met every target as the incumbent;
//! - where a failing target's difference is zero everywhere (no probe helped), the cut says
//!   instead "one more agent on duty in this interval" (a step, not a cut of the theory);
//! - after the cuts, a descent removes one agent from a shift, dearest first, wherever every
//!   target still holds, until no removal holds (a local move, also on the search seed).
//!
//! # What it guarantees
//!
//! Every plan reported as meeting its targets met them on the search seed, and is then
//! simulated on a fresh seed (the validation run), whose verdicts are reported: a plan is
//! never said to meet a target on the days it was found on alone. The one-step plan is never
//! dearer than the two-step plan when the two-step plan meets the targets on the search seed
//! (it starts as the incumbent). The integer program's cost with the cuts is a lower bound on
//! the SAA's optimum only where every `g` is concave, which service levels are near and
//! above the requirement and not at low staffing (Atlason et al. 2004, §4), so it is
//! reported as the *cut bound*, not as a proof. The integer program itself is solved to its
//! stated gap or time limit ([`super::cover::CoverPlan`]).

use crate::experiment;
use crate::metrics::{Bound, Measure, Target, Targets};
use crate::model::shift::{Days, Pattern, Schedule, Shift, ShiftTemplate, Window};
use crate::model::{Scenario, Staffing};
use crate::plan::cover::{
    self, Column, CoverError, CoverOptions, CoverPlan, CoverProblem, Cut, Group,
};
use crate::plan::staff::{self, Folded, StaffError, StaffOptions, StaffPlan};
use crate::plan::targets::{Verdict, judge};
use crate::units::{DAY, WEEK};

/// Where the two-step plan's requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequirementSource {
    /// Found by simulation with the iterative staffing algorithm ([`super::staff`]).
    Simulated,
    /// Per-interval Erlang A (Erlang C without patience) on the raw volume: the classic
    /// planner's requirement.
    Erlang,
}

impl RequirementSource {
    /// `"simulated"` or `"erlang"`, for output files.
    pub fn key(self) -> &'static str {
        match self {
            RequirementSource::Simulated => "simulated",
            RequirementSource::Erlang => "erlang",
        }
    }
}

/// Settings of a schedule search.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// Index of the pool scheduled: the pool the `[[shifts]]` templates name.
    pub pool: usize,
    /// Length of the schedule's cycle, seconds: a day (templates worked on every day, the
    /// average day planned) or a week (tours, days off).
    pub cycle: f64,
    /// Where the two-step plan's requirement comes from.
    pub requirement: RequirementSource,
    /// How the integer programs are solved.
    pub cover: CoverOptions,
    /// Length of a planning period, seconds: it divides the reporting interval (`None`: the
    /// finest grid of the templates, see [`default_period`]).
    pub period: Option<f64>,
    /// Most cutting-plane iterations (each one simulation plus one per probed period).
    pub max_iterations: usize,
    /// The trust region of the one-step plan: how far below the requirement, as a share of
    /// it (at least one agent), a period's agents on duty may go. The cuts are valid only
    /// where the targets are concave in staffing, which they are near the requirement and
    /// not far below it.
    pub reach: f64,
    /// Intervals back from a failing interval whose staffing is probed for its cut.
    pub window: usize,
    /// Most descent passes (each one simulation per shift in use).
    pub max_descent_passes: usize,
    /// Most agents on duty in one interval, for the requirement search.
    pub max_agents: u32,
    /// Worker threads (`None`: one per core). The result does not depend on it.
    pub threads: Option<usize>,
    /// Seed of the validation run (a seed the search did not use).
    pub validation_seed: u64,
    /// Replications of the validation run.
    pub validation_replications: u32,
}

/// One schedule the search settled on, with how it did.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Agents per column of [`SchedulePlan::patterns`].
    pub counts: Vec<u32>,
    /// Planned cost per cycle (no overrun), currency units.
    pub cost: f64,
    /// Nominal agents on duty per period of the cycle.
    pub on_duty: Vec<f64>,
    /// Whether every judged target held on the search seed.
    pub met_on_search: bool,
    /// The validation run: per interval, one verdict per per-interval target.
    pub validation: Vec<Vec<Verdict>>,
    /// The validation run's verdicts on the targets over the run.
    pub validation_over_run: Vec<Verdict>,
    /// Per interval, one entry per service-level target: the contacts short of the target,
    /// `bound × offered − answered within the threshold`, per replication's interval
    /// (mean and 95 % interval); ≤ 0 on average means the target holds as a ratio of
    /// expectations (SimOpt's CALLCENTER-1 constraint).
    pub shortfall: Vec<Vec<Verdict>>,
    /// Mean labour cost of the pool per cycle in the validation run, overrun included,
    /// currency units.
    pub simulated_cost: f64,
    /// Mean paid agent-hours of the pool per cycle in the validation run.
    pub paid_hours: f64,
}

/// One step of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What the step did.
    pub kind: StepKind,
    /// Planned cost of the schedule simulated, per cycle.
    pub cost: f64,
    /// (target, interval) pairs that failed on the search seed.
    pub failing: usize,
    /// Cuts added after this step.
    pub cuts: usize,
    /// Contacts simulated in the step, probes included.
    pub contacts: u64,
}

/// The kinds of [`Step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The two-step plan, simulated.
    TwoStep,
    /// The integer program's answer with the cuts so far, simulated.
    Cut,
    /// One agent removed from a shift (kept only if every target held).
    Descent,
}

impl StepKind {
    /// `"two-step"`, `"cut"` or `"descent"`.
    pub fn key(self) -> &'static str {
        match self {
            StepKind::TwoStep => "two-step",
            StepKind::Cut => "cut",
            StepKind::Descent => "descent",
        }
    }
}

/// The result of a schedule search.
#[derive(Debug, Clone)]
pub struct SchedulePlan {
    /// Length of one interval, seconds (the scenario's `simulation.interval`).
    pub interval: f64,
    /// Length of one planning period, seconds (it divides the interval).
    pub period: f64,
    /// Length of the cycle, seconds.
    pub cycle: f64,
    /// The templates of the pool, in file order (the `template` of each pattern indexes it).
    pub templates: Vec<ShiftTemplate>,
    /// Every shift the templates allow: the integer program's columns.
    pub patterns: Vec<Pattern>,
    /// Where the requirement came from.
    pub source: RequirementSource,
    /// Agents on duty required per interval (the two-step plan's input; each of the
    /// interval's periods is asked for it).
    pub requirement: Vec<u32>,
    /// The staffing search behind a simulated requirement.
    pub staffing: Option<StaffPlan>,
    /// The covering program of the two-step plan, as solved.
    pub two_step_cover: CoverPlan,
    /// The two-step plan.
    pub two_step: Candidate,
    /// The one-step plan: the cheapest schedule that met every target on the search seed
    /// (the two-step plan if nothing cheaper did; `None` if no schedule did).
    pub one_step: Option<Candidate>,
    /// The bound of the last integer program with the cuts and the trust region (see the
    /// module docs: a lower bound on the one-step plan's cost only within the trust region
    /// and where the targets are concave in staffing); `None` if none was solved.
    pub cut_bound: Option<f64>,
    /// The cutting planes stopped because the program's answer met every target.
    pub converged: bool,
    /// Every step, in order.
    pub steps: Vec<Step>,
    /// Cuts in the last program.
    pub cuts: usize,
    /// Seed of the validation runs.
    pub validation_seed: u64,
    /// Replications of each validation run.
    pub validation_replications: u32,
    /// Contacts simulated over the whole search and validation, all replications.
    pub contacts: u64,
}

/// Why a schedule search could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// No template names the pool.
    #[error("no [[shifts]] template staffs pool `{0}`")]
    NoTemplates(String),
    /// The requirement search failed.
    #[error(transparent)]
    Staff(#[from] StaffError),
    /// The requirement cannot be met in some intervals: the staffing search's verdict.
    #[error("the requirement cannot be met in intervals {0:?} (staff reports them infeasible)")]
    Requirement(Vec<usize>),
    /// No shift the templates allow is on duty in these periods, which need agents: their
    /// starts, seconds from the start of the cycle.
    #[error("no shift the templates allow is on duty in {} period(s) where agents are needed", .0.len())]
    Uncovered(Vec<f64>),
    /// The covering program failed (infeasible bounds).
    #[error(transparent)]
    Cover(#[from] CoverError),
    /// The worker threads could not start.
    #[error(transparent)]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// A schedule evaluated on the search seed.
struct Evaluation {
    /// Per interval, per target.
    verdicts: Vec<Vec<Verdict>>,
    contacts: u64,
}

impl Evaluation {
    fn failing(&self) -> usize {
        self.verdicts
            .iter()
            .flatten()
            .filter(|v| v.met == Some(false))
            .count()
    }
}

/// The search's fixed context.
struct Search<'a> {
    scenario: &'a Scenario,
    options: &'a ScheduleOptions,
    templates: Vec<ShiftTemplate>,
    patterns: Vec<Pattern>,
    /// Reporting intervals per cycle.
    slots: usize,
    /// Planning periods per cycle.
    periods: usize,
    /// Planning periods per reporting interval.
    per: usize,
    period: f64,
    contacts: u64,
}

/// Finds the two-step and the one-step schedules of `options.pool` (see the module docs),
/// then validates both on a fresh seed. `on_step` is called after each simulated step.
///
/// # Errors
///
/// [`ScheduleError`] when the pool has no templates, the requirement search or the covering
/// program fails, or the threads cannot start.
pub fn schedule(
    scenario: &Scenario,
    options: &ScheduleOptions,
    mut on_step: impl FnMut(&Step),
) -> Result<SchedulePlan, ScheduleError> {
    let interval = scenario.simulation.interval;
    let slots = (options.cycle / interval).round() as usize;
    let period = options
        .period
        .unwrap_or_else(|| default_period(scenario, options.pool));
    let per = ((interval / period).round() as usize).max(1);
    let period = interval / per as f64;
    let periods = slots * per;
    let templates: Vec<ShiftTemplate> = scenario
        .shifts
        .iter()
        .filter(|t| t.pool == options.pool)
        .cloned()
        .collect();
    if templates.is_empty() {
        return Err(ScheduleError::NoTemplates(
            scenario.pools[options.pool].name.clone(),
        ));
    }
    let patterns: Vec<Pattern> = templates
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.patterns(i, period, options.cycle))
        .collect();

    // The requirement.
    let (requirement, staffing) = match options.requirement {
        RequirementSource::Simulated => {
            let found = staff::staff(
                scenario,
                &StaffOptions {
                    pools: vec![options.pool],
                    cycle: options.cycle,
                    max_iterations: 25,
                    max_agents: options.max_agents,
                    threads: options.threads,
                    validation_seed: options.validation_seed,
                },
            )?;
            if let staff::Outcome::Infeasible(k) = &found.outcome {
                return Err(ScheduleError::Requirement(k.clone()));
            }
            let agents = found.pools[0].agents.clone();
            (agents, Some(found))
        }
        RequirementSource::Erlang => {
            let agents = staff::erlang_requirement(
                scenario,
                options.pool,
                options.cycle,
                options.max_agents,
            )?;
            (agents, None)
        }
    };
    let mut search = Search {
        scenario,
        options,
        templates,
        patterns,
        slots,
        periods,
        per,
        period,
        contacts: staffing.as_ref().map_or(0, |s| s.contacts),
    };

    // The two-step plan.
    let mut problem = search.problem(&requirement);
    let two_step_cover = cover::solve(&problem, &options.cover).map_err(|e| match e {
        CoverError::Uncovered { periods } => {
            ScheduleError::Uncovered(periods.iter().map(|&j| j as f64 * period).collect())
        }
        e => e.into(),
    })?;
    let mut steps = Vec::new();
    let x2 = two_step_cover.counts.clone();
    let eval2 = search.evaluate(&x2, None)?;
    let met2 = eval2.failing() == 0;
    steps.push(Step {
        kind: StepKind::TwoStep,
        cost: search.cost(&x2),
        failing: eval2.failing(),
        cuts: 0,
        contacts: eval2.contacts,
    });

    // The cutting planes, from the two-step plan, on the targets and the trust region.
    for r in &mut problem.requirement {
        *r = (*r - (options.reach * *r).ceil().max(1.0)).max(0.0);
    }
    let mut incumbent: Option<Vec<u32>> = met2.then(|| x2.clone());
    // Every schedule that met every target: a cut that one of them violates is not valid.
    let mut feasible: Vec<Vec<u32>> = incumbent.iter().cloned().collect();
    let mut x = x2.clone();
    let mut eval = eval2;
    let mut cut_bound = None;
    // The programs with cuts are solved by the LP bound, rounding and the dive, without
    // branch and bound: the cuts are estimates, the descent finishes the search, and a
    // branch and bound that runs to its time limit at every iteration would cost minutes.
    let cut_options = CoverOptions {
        branch_and_bound: false,
        ..options.cover.clone()
    };
    let mut converged = false;
    let mut first = true;
    for _ in 0..options.max_iterations {
        let (mut cuts, probed) = search.cuts(&x, &eval, first)?;
        first = false;
        // A cut that a schedule known to meet the targets violates was taken where a target
        // is not concave in staffing (Atlason et al.): drop it.
        cuts.retain(|c| feasible.iter().all(|f| satisfies(c, f)));
        let last = steps.last_mut().expect("a step was simulated");
        last.cuts = cuts.len();
        last.contacts += probed;
        if cuts.is_empty() {
            // Nothing fails (the program's answer is optimal for the cuts), or every cut
            // found was invalid.
            converged = eval.failing() == 0;
            break;
        }
        problem.cuts.extend(cuts);
        let plan = match cover::solve(&problem, &cut_options) {
            Ok(p) => p,
            // The cuts together ask more than the bounds allow: stop at the incumbent.
            Err(CoverError::Infeasible { .. }) => break,
            Err(e) => return Err(e.into()),
        };
        cut_bound = Some(plan.bound);
        if plan.counts == x {
            // The cuts did not move the program: nothing more to learn here.
            break;
        }
        x = plan.counts;
        eval = search.evaluate(&x, None)?;
        let failing = eval.failing();
        let cost = search.cost(&x);
        steps.push(Step {
            kind: StepKind::Cut,
            cost,
            failing,
            cuts: 0,
            contacts: eval.contacts,
        });
        on_step(steps.last().expect("just pushed"));
        if failing == 0 {
            feasible.push(x.clone());
            if incumbent
                .as_ref()
                .is_none_or(|inc| cost < search.cost(inc) - 1e-9)
            {
                incumbent = Some(x.clone());
            }
            converged = true;
            break;
        }
    }

    // The descent: one agent fewer on a shift, dearest shift first, where every target holds.
    if let Some(mut best) = incumbent.clone() {
        for _ in 0..options.max_descent_passes {
            let mut improved = false;
            let mut order: Vec<usize> = (0..best.len()).filter(|&c| best[c] > 0).collect();
            order.sort_by(|&a, &b| {
                search.patterns[b]
                    .cost
                    .total_cmp(&search.patterns[a].cost)
                    .then(a.cmp(&b))
            });
            for c in order {
                let mut trial = best.clone();
                trial[c] -= 1;
                if !search.within_groups(&trial) {
                    continue;
                }
                let e = search.evaluate(&trial, None)?;
                let failing = e.failing();
                steps.push(Step {
                    kind: StepKind::Descent,
                    cost: search.cost(&trial),
                    failing,
                    cuts: 0,
                    contacts: e.contacts,
                });
                on_step(steps.last().expect("just pushed"));
                if failing == 0 {
                    best = trial;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        incumbent = Some(best);
    }

    let two_step = search.validate(&x2, met2)?;
    let one_step = incumbent
        .map(|inc| search.validate(&inc, true))
        .transpose()?;
    Ok(SchedulePlan {
        interval,
        period,
        cycle: options.cycle,
        templates: search.templates.clone(),
        patterns: search.patterns.clone(),
        source: options.requirement,
        requirement,
        staffing,
        two_step_cover,
        two_step,
        one_step,
        cut_bound,
        converged,
        cuts: problem.cuts.len(),
        steps,
        validation_seed: options.validation_seed,
        validation_replications: options.validation_replications,
        contacts: search.contacts,
    })
}

impl SchedulePlan {
    /// Agents on duty of `plan` per reporting interval: the mean and the fewest over its
    /// periods.
    /// Periods past `horizon` (when it is shorter than the cycle) are left out.
    pub fn per_interval(&self, plan: &Candidate, horizon: f64) -> Vec<(f64, f64)> {
        let per = ((self.interval / self.period).round() as usize).max(1);
        let reached = ((horizon / self.period) - 1e-9).ceil().max(1.0) as usize;
        let on_duty = &plan.on_duty[..plan.on_duty.len().min(reached)];
        on_duty
            .chunks(per)
            .map(|c| {
                let mean = c.iter().sum::<f64>() / c.len() as f64;
                (mean, c.iter().copied().fold(f64::INFINITY, f64::min))
            })
            .collect()
    }

    /// The reporting intervals of the cycle that the run reaches (all of them unless the
    /// horizon is shorter than the cycle).
    pub fn intervals_in_run(&self, horizon: f64) -> usize {
        let n = (self.cycle / self.interval).round() as usize;
        n.min(((horizon / self.interval) - 1e-9).ceil().max(1.0) as usize)
    }

    /// The schedule of `counts` (agents per pattern).
    pub fn schedule(&self, counts: &[u32]) -> Schedule {
        schedule_of(&self.templates, &self.patterns, counts)
    }
}

/// The schedule of `counts` agents on `patterns`.
fn schedule_of(templates: &[ShiftTemplate], patterns: &[Pattern], counts: &[u32]) -> Schedule {
    let shifts: Vec<Shift> = patterns
        .iter()
        .zip(counts)
        .filter(|&(_, &n)| n > 0)
        .map(|(p, &n)| p.shift(n))
        .collect();
    Schedule::new(templates.to_vec(), shifts).expect("patterns of these templates")
}

/// The scenario with pool `pool` on `schedule`.
pub fn scheduled(scenario: &Scenario, pool: usize, schedule: Schedule) -> Scenario {
    let mut s = scenario.clone();
    s.pools[pool].staffing = Staffing::Schedule(schedule);
    s
}

impl Search<'_> {
    /// The covering program of `requirement` (per interval, asked of each of its periods)
    /// over the patterns, with the templates' bounds.
    fn problem(&self, requirement: &[u32]) -> CoverProblem {
        CoverProblem {
            // A period the run never reaches (past a horizon shorter than the cycle) needs
            // nobody.
            requirement: (0..self.periods)
                .map(|j| {
                    if j as f64 * self.period >= self.scenario.simulation.horizon - 1e-9 {
                        0.0
                    } else {
                        f64::from(requirement[j / self.per])
                    }
                })
                .collect(),
            columns: self
                .patterns
                .iter()
                .map(|p| Column {
                    cost: p.cost,
                    coverage: p.coverage.clone(),
                    group: Some(p.template),
                    max: Some(self.templates[p.template].max),
                })
                .collect(),
            groups: self
                .templates
                .iter()
                .map(|t| Group {
                    min: t.min,
                    max: Some(t.max),
                })
                .collect(),
            cuts: Vec::new(),
        }
    }

    /// Planned cost per cycle of `counts`.
    fn cost(&self, counts: &[u32]) -> f64 {
        self.patterns
            .iter()
            .zip(counts)
            .map(|(p, &n)| p.cost * f64::from(n))
            .sum()
    }

    /// Nominal agents on duty per period of `counts`: `A·x`.
    fn on_duty(&self, counts: &[u32]) -> Vec<f64> {
        let mut y = vec![0.0; self.periods];
        for (p, &n) in self.patterns.iter().zip(counts) {
            for &(k, c) in &p.coverage {
                y[k] += c * f64::from(n);
            }
        }
        y
    }

    /// Whether `counts` respects every template's bounds.
    fn within_groups(&self, counts: &[u32]) -> bool {
        let mut sums = vec![0u64; self.templates.len()];
        for (p, &n) in self.patterns.iter().zip(counts) {
            sums[p.template] += u64::from(n);
        }
        sums.iter()
            .zip(&self.templates)
            .all(|(&s, t)| s >= u64::from(t.min) && s <= u64::from(t.max))
    }

    /// Simulates `counts` on the search seed, with one more agent in period `probe` if
    /// given.
    fn evaluate(
        &mut self,
        counts: &[u32],
        probe: Option<usize>,
    ) -> Result<Evaluation, ScheduleError> {
        let mut templates = self.templates.clone();
        let mut shifts: Vec<Shift> = self
            .patterns
            .iter()
            .zip(counts)
            .filter(|&(_, &n)| n > 0)
            .map(|(p, &n)| p.shift(n))
            .collect();
        if let Some(j) = probe {
            let (template, shift) = self.probe(j, templates.len());
            templates.push(template);
            shifts.push(shift);
        }
        let schedule = Schedule::new(templates, shifts).expect("shifts of these templates");
        let run = experiment::run(
            &scheduled(self.scenario, self.options.pool, schedule),
            self.options.threads,
        )?;
        self.contacts += run.contacts();
        let folded = staff::fold(
            &run,
            0,
            1,
            self.slots,
            self.scenario.simulation.warmup,
            self.scenario.simulation.interval,
        );
        let verdicts = (0..self.slots)
            .map(|k| staff::verdicts(&folded, k, &self.scenario.targets))
            .collect();
        Ok(Evaluation {
            verdicts,
            contacts: run.contacts(),
        })
    }

    /// A template and shift that put one agent on the floor for exactly period `j` of the
    /// cycle (every day of a daily cycle, its own day of a weekly one), at no cost.
    fn probe(&self, j: usize, index: usize) -> (ShiftTemplate, Shift) {
        let at = j as f64 * self.period;
        let (start, days) = if self.options.cycle > DAY {
            (at % DAY, Days::from_mask(1 << ((at / DAY).floor() as u8)))
        } else {
            (at, Days::from_mask(0x7f))
        };
        let template = ShiftTemplate {
            name: "probe".into(),
            pool: self.options.pool,
            length: self.period,
            starts: Window {
                earliest: start,
                latest: start,
                every: 0.0,
            },
            breaks: Vec::new(),
            days,
            tour: None,
            cost_per_hour: 0.0,
            cost_per_shift: 0.0,
            min: 0,
            max: 1,
        };
        let shift = Shift {
            template: index,
            start,
            breaks: Vec::new(),
            days,
            count: 1,
        };
        (template, shift)
    }

    /// The cuts at `counts`, evaluated as `eval`: one per failing (target, interval), or at
    /// the start one per judged (target, interval).
    /// Also returns the contacts the probes simulated.
    fn cuts(
        &mut self,
        counts: &[u32],
        eval: &Evaluation,
        all: bool,
    ) -> Result<(Vec<Cut>, u64), ScheduleError> {
        let targets = &self.scenario.targets.per_interval;
        let wanted: Vec<(usize, usize)> = (0..self.slots)
            .flat_map(|i| (0..targets.len()).map(move |t| (t, i)))
            .filter(|&(t, i)| {
                let v = &eval.verdicts[i][t];
                v.judged.is_some() && (v.met == Some(false) || (all && v.mean.is_some()))
            })
            .collect();
        if wanted.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let window = self.options.window;
        // The periods whose staffing counts for interval `i`.
        let per = self.per;
        let reach = move |i: usize| i.saturating_sub(window) * per..(i + 1) * per;
        let mut probed: Vec<Option<Vec<Vec<Verdict>>>> = vec![None; self.periods];
        let mut contacts = 0;
        for &(_, i) in &wanted {
            for j in reach(i) {
                if probed[j].is_none() {
                    let e = self.evaluate(counts, Some(j))?;
                    contacts += e.contacts;
                    probed[j] = Some(e.verdicts);
                }
            }
        }
        let y = self.on_duty(counts);
        let mut cuts = Vec::new();
        for (t, i) in wanted {
            let target = &targets[t];
            let base = &eval.verdicts[i][t];
            let (Some(judged), Some(mean)) = (base.judged, base.mean) else {
                continue;
            };
            let sign = match target.bound {
                Bound::Min(_) => 1.0,
                Bound::Max(_) => -1.0,
            };
            // g(ȳ): how far the judged value is on the right side of the bound.
            let margin = sign * (judged - target.bound.value());
            let mut q = vec![0.0; self.periods];
            for j in reach(i) {
                let v = &probed[j].as_ref().expect("probed above")[i][t];
                if let Some(m) = v.mean {
                    q[j] = (sign * (m - mean)).max(0.0);
                }
            }
            let cut = if q.iter().any(|&d| d > 1e-12) {
                // g(ȳ) + q·(A·x − ȳ) ≥ 0  ⇔  q·A·x ≥ q·ȳ − g(ȳ).
                let rhs = q.iter().zip(&y).map(|(a, b)| a * b).sum::<f64>() - margin;
                self.cut(&q, rhs)
            } else if base.met == Some(false) {
                // No probe helped: one more agent on duty in each period of this interval.
                let mut unit = vec![0.0; self.periods];
                let mut rhs = 0.0;
                for j in i * per..(i + 1) * per {
                    unit[j] = 1.0;
                    rhs += y[j] + 1.0;
                }
                self.cut(&unit, rhs)
            } else {
                continue;
            };
            cuts.push(cut);
        }
        Ok((cuts, contacts))
    }

    /// The cut `Σ_j weights[j]·(A·x)_j ≥ rhs` over the columns.
    fn cut(&self, weights: &[f64], rhs: f64) -> Cut {
        let terms = self
            .patterns
            .iter()
            .enumerate()
            .filter_map(|(c, p)| {
                let a: f64 = p.coverage.iter().map(|&(k, s)| weights[k] * s).sum();
                (a > 1e-12).then_some((c, a))
            })
            .collect();
        Cut { terms, rhs }
    }

    /// Simulates `counts` on the validation seed and reports it.
    fn validate(
        &mut self,
        counts: &[u32],
        met_on_search: bool,
    ) -> Result<Candidate, ScheduleError> {
        let schedule = schedule_of(&self.templates, &self.patterns, counts);
        let on_duty = self.on_duty(counts);
        let mut s = scheduled(self.scenario, self.options.pool, schedule);
        s.simulation.seed = self.options.validation_seed;
        s.simulation.replications = self.options.validation_replications;
        let run = experiment::run(&s, self.options.threads)?;
        self.contacts += run.contacts();
        let sim = &self.scenario.simulation;
        let folded = staff::fold(&run, 0, 1, self.slots, sim.warmup, sim.interval);
        let targets = &self.scenario.targets;
        let validation = (0..self.slots)
            .map(|k| staff::verdicts(&folded, k, targets))
            .collect();
        let validation_over_run = staff::over_run(&run, targets);
        let shortfall = (0..self.slots)
            .map(|k| shortfalls(&folded, k, targets))
            .collect();
        let cycles = ((sim.horizon - sim.warmup) / self.options.cycle).max(1.0);
        let reps = run.replications.len().max(1) as f64;
        let pool = self.options.pool;
        let (mut cost, mut hours) = (0.0, 0.0);
        for r in &run.replications {
            let t = &r.tallies.pools[pool];
            cost += t.cost_labour();
            hours += t.value(Measure::PaidAgentHours);
        }
        Ok(Candidate {
            counts: counts.to_vec(),
            cost: self.cost(counts),
            on_duty,
            met_on_search,
            validation,
            validation_over_run,
            shortfall,
            simulated_cost: cost / reps / cycles,
            paid_hours: hours / reps / cycles,
        })
    }
}

/// Whether `counts` satisfies `cut`.
fn satisfies(cut: &Cut, counts: &[u32]) -> bool {
    let lhs: f64 = cut
        .terms
        .iter()
        .map(|&(c, a)| a * f64::from(counts[c]))
        .sum();
    lhs >= cut.rhs - 1e-9 * cut.rhs.abs().max(1.0)
}

/// Per service-level target, the contacts short of it in interval `k` (see
/// [`Candidate::shortfall`]).
fn shortfalls(folded: &Folded, k: usize, targets: &Targets) -> Vec<Verdict> {
    targets
        .per_interval
        .iter()
        .filter(|t| t.measure == Measure::ServiceLevel)
        .map(|t| {
            let values: Vec<f64> = folded.per_replication[k]
                .iter()
                .map(|x| t.bound.value() * x.offered as f64 - x.answered_within_threshold as f64)
                .collect();
            let at_most_zero = Target {
                measure: Measure::Offered,
                bound: Bound::Max(0.0),
            };
            judge(&at_most_zero, &values, targets.met_by)
        })
        .collect()
}

/// The default planning period for `scenario`'s templates of `pool`: the greatest common
/// divisor, in whole seconds, of the reporting interval and every template's start times,
/// start step, length and break lengths, starts and steps; so that a period is never cut by
/// a shift or a break.
pub fn default_period(scenario: &Scenario, pool: usize) -> f64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut g = scenario.simulation.interval.round() as u64;
    let mut add = |x: f64| {
        let x = x.round() as u64;
        if x > 0 {
            g = gcd(g, x);
        }
    };
    for t in scenario.shifts.iter().filter(|t| t.pool == pool) {
        add(t.starts.earliest);
        add(t.starts.every);
        add(t.length);
        for b in &t.breaks {
            add(b.length);
            add(b.starts.earliest);
            add(b.starts.every);
        }
    }
    g.max(1) as f64
}

/// The default cycle for `scenario`'s templates of `pool`: a week when one is a tour or is
/// not worked on every day, or when the arrivals have a weekly profile that is not flat (as
/// `staff` does: a day's plan is the average day, which a Monday busier than the average
/// would miss); otherwise a day.
pub fn default_cycle(scenario: &Scenario, pool: usize) -> f64 {
    let weekly = scenario
        .shifts
        .iter()
        .filter(|t| t.pool == pool)
        .any(|t| t.tour.is_some() || t.days.count() < 7)
        || scenario.arrivals.weekly.windows(2).any(|w| w[0] != w[1]);
    if weekly { WEEK } else { DAY }
}
