//! Staffing found by simulation: the agents on duty each interval needs so that every
//! per-interval target holds on the full model.
//!
//! # The method
//!
//! The iterative staffing algorithm (ISA) of Feldman, Mandelbaum, Massey and Whitt,
//! "Staffing of time-varying queues to achieve time-stable performance", *Management
//! Science* 54(2), 2008: simulate the current staffing, derive from what the simulation
//! measured a new staffing for each interval, and repeat until no interval changes. Because
//! each pass simulates the whole day (or week) with the staffing of every interval, the
//! backlog one interval hands to the next, the AI's escalations, repeat contacts, redials,
//! concurrency and skills are all in what is measured; per-interval Erlang formulas see none
//! of them.
//!
//! Feldman et al.'s update for a target α on the delay probability reads, in each interval,
//! the distribution of the number in system `L` that arriving contacts find (busy
//! conversation slots plus contacts waiting) under the current staffing, and sets the new
//! staffing to the fewest slots `s` with `P(L ≥ s) ≤ α`: an arrival that finds `s` or more
//! waits. staffsim records that distribution per interval (at each arrival to the human
//! queue, escalations from the AI included) and applies the rule as written. For its other
//! per-interval targets it extends the rule the same way: an arrival that finds `l ≥ s` in
//! system waits for `l − s + 1` departures of `s` busy slots, a gamma wait of that many stages
//! at rate `s / AHT` (exact for exponential handle times and no abandonment ahead); with
//! exponential patience of rate θ it is answered with probability `(r / (r + θ))^k` and
//! within the threshold τ with probability `(r / (r + θ))^k · P(Gamma(k, r + θ) ≤ τ)`. So
//! from one simulated distribution of `L` each interval predicts its service level,
//! abandonment, average speed of answer and delay probability at any staffing, and takes the
//! fewest agents whose predictions meet every target. The handle time is the one measured in
//! the interval; θ is estimated from the whole run (abandonments over total waiting time,
//! the maximum-likelihood estimate for exponential patience).
//!
//! Every pass uses the same seed (common random numbers), so a staffing is judged on the
//! same arrivals and patience draws each time and the passes differ only by the staffing.
//!
//! # Stopping rule
//!
//! 1. **Feldman passes** apply the rule until a pass changes nothing (the fixed point), a
//!    staffing comes back (a cycle, which the rule can enter between neighbouring
//!    staffings), or [`StaffOptions::max_iterations`] passes have run. After a cycle the
//!    search takes, interval by interval, the largest staffing of the cycle; after the pass
//!    limit, the largest of the last two passes.
//! 2. The prediction is a model; the simulation has the last word. **Raising passes** then
//!    judge every target in the simulation by the scenario's rule (on average, or with
//!    confidence) and add an agent to each interval that fails, until none does. They end
//!    because staffing only grows and is bounded.
//! 3. An interval whose target fails with [`StaffOptions::max_agents`] on duty is
//!    **infeasible**: the search stops at once and names it rather than loop.
//!
//! # What it guarantees
//!
//! When the search ends without an infeasible interval, every per-interval target holds on
//! the seeds searched (on average or with confidence, by the scenario's rule). It does not
//! guarantee the fewest agents: one fewer in an interval is predicted, not simulated, to
//! fail. Seeds searched are not fresh seeds, so [`staff`] ends with a validation run on a
//! different seed and reports every target there with its interval.
//!
//! # Several pools: the requirement split by skills
//!
//! The search sizes the pools of [`StaffOptions::pools`] at once, and leaves every other
//! pool as written: those take what they take. The requirement is split by intent. Each
//! intent is owned by its **primary pool**: the first searched pool, in file order, whose
//! skills include it; an intent that no searched pool serves is owned by the first searched
//! pool (so that one pool searched sizes, as it always has, the whole human side). Each
//! pass records, per interval and per searched pool, the distribution of the number in
//! system of that pool's own intents (conversations and waiting contacts of those intents,
//! whichever pool serves them) found by the arrivals of those intents
//! ([`InSystemSplit`]), and applies the rule above to each pool on its own load: its
//! measured handle time, its concurrency, its intents' patience, and each per-interval
//! target judged on its own intents' contacts. The raising and lowering passes, the
//! validation and the Erlang columns are per pool the same way (Erlang on the pool's own
//! intents' share of the volume, handle time and patience).
//!
//! What the split ignores: **overflow between pools**. A contact served by a pool that is
//! not its primary pool (a generalist who answers a specialist's intent when the
//! specialists are busy, or a pool kept as written) still counts as its primary pool's
//! load, so the Feldman passes size the primary pool as if it served all of its intents'
//! contacts, and the other pool's help only shows as a shorter queue; the slots of pools
//! kept as written are not subtracted. The raising and lowering passes, judged in the
//! simulation where the overflow happens, then move agents one at a time: they may leave a
//! specialist pool below its own load where the generalists' help holds its targets. The
//! split is the "specialists first" reading of a skills matrix (list specialists before
//! generalists: a pool listed first with every skill owns every intent); it is exact for
//! pools with disjoint skills and errs on the high side in the Feldman passes where skills
//! overlap.

use statrs::function::gamma::gamma_lr;

use crate::analytic::{ErlangPerformance, ErlangQueue, agents_for};
use crate::experiment::{self, Experiment};
use crate::metrics::{InSystemSplit, Measure, Tally, Target, Targets};
use crate::model::{Scenario, Staffing};
use crate::plan::targets::{Verdict, judge};

/// Settings of a staffing search.
#[derive(Debug, Clone)]
pub struct StaffOptions {
    /// Indices of the pools whose agents on duty are searched (pools staffed directly, with
    /// `agents`), at least one; taken in file order whatever the order here, repeats
    /// ignored. The other pools keep their staffing.
    pub pools: Vec<usize>,
    /// Length of the staffing cycle, seconds: a day (the same staffing every day) or a week.
    /// A whole number of reporting intervals (`simulation.interval`).
    pub cycle: f64,
    /// Most free passes before the raising passes take over.
    pub max_iterations: usize,
    /// Most agents on duty in one interval of one pool; a target that fails with this many
    /// is infeasible.
    pub max_agents: u32,
    /// Worker threads (`None`: one per core). The result does not depend on it.
    pub threads: Option<usize>,
    /// Seed of the validation run (a seed the search did not use).
    pub validation_seed: u64,
}

/// One pass of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// Per searched pool (in the order of [`StaffPlan::pools`]), agents on duty per interval
    /// of the cycle, as simulated in this pass.
    pub agents: Vec<Vec<u32>>,
    /// Intervals in which some target failed, summed over the searched pools.
    pub failing: usize,
    /// Intervals whose staffing this pass changed for the next, summed over the searched
    /// pools.
    pub changed: usize,
    /// Which phase of the search the pass belongs to.
    pub phase: Phase,
    /// Contacts simulated in this pass, all replications.
    pub contacts: u64,
}

/// The phases of the search (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Feldman et al.'s rule on the simulated number in system.
    Feldman,
    /// An agent added to each interval that fails in the simulation.
    Raising,
    /// An agent taken from each interval that holds with room, given back where that fails.
    Lowering,
}

impl Phase {
    /// `"feldman"`, `"raising"` or `"lowering"`, for output files.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Feldman => "feldman",
            Phase::Raising => "raising",
            Phase::Lowering => "lowering",
        }
    }
}

/// How the search ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Feldman et al.'s rule reached its fixed point and the staffing it gave held in the
    /// simulation, before the lowering passes.
    Converged,
    /// The rule reached its fixed point or the pass limit with some target failing in the
    /// simulation; raising passes made every target hold, before the lowering passes.
    Raised,
    /// These intervals (indices into the cycle, ascending) miss a target even with the most
    /// agents allowed, in some searched pool ([`PoolPlan::infeasible`] says which).
    Infeasible(Vec<usize>),
}

/// What the Erlang formulas would staff in one interval, on the scenario's raw volume (all
/// arrivals of the pool's own intents, no AI, no repeats): `None` where they cannot meet the
/// targets within the bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangStaffing {
    /// Erlang C: customers never abandon.
    pub erlang_c: Option<u32>,
    /// Erlang A: exponential patience with the intents' mean patience; `None` also when no
    /// intent has patience.
    pub erlang_a: Option<u32>,
}

/// What the search found for one of the pools it sized.
#[derive(Debug, Clone)]
pub struct PoolPlan {
    /// Index of the pool in the scenario.
    pub pool: usize,
    /// Per intent, in scenario order, whether this is the intent's primary pool (its load
    /// is this pool's; see the module docs).
    pub owns: Vec<bool>,
    /// Agents on duty needed per interval of the cycle.
    pub agents: Vec<u32>,
    /// Per interval, what per-interval Erlang C and A would have staffed on the pool's own
    /// intents.
    pub erlang: Vec<ErlangStaffing>,
    /// The validation run on a fresh seed: per interval, one verdict per per-interval
    /// target (in the scenario's order), on the contacts of the pool's own intents (all
    /// contacts when one pool is searched).
    pub validation: Vec<Vec<Verdict>>,
    /// Intervals (indices into the cycle) in which this pool misses a target with the most
    /// agents allowed; empty unless the search is [`Outcome::Infeasible`].
    pub infeasible: Vec<usize>,
}

/// The result of a staffing search.
#[derive(Debug, Clone)]
pub struct StaffPlan {
    /// Length of one staffing interval, seconds (the scenario's `simulation.interval`).
    pub interval: f64,
    /// Length of the cycle, seconds.
    pub cycle: f64,
    /// The pools searched, in file order, each with its staffing.
    pub pools: Vec<PoolPlan>,
    /// How the search ended.
    pub outcome: Outcome,
    /// Every pass, in order.
    pub passes: Vec<Pass>,
    /// The validation run's verdicts on the targets over the run (the whole floor).
    pub validation_over_run: Vec<Verdict>,
    /// The validation run's seed.
    pub validation_seed: u64,
    /// Contacts simulated over the search and the validation, all replications.
    pub contacts: u64,
}

impl StaffPlan {
    /// The scenario staffed with this plan: every searched pool's agents replaced by the
    /// plan's, repeating every cycle.
    pub fn apply(&self, scenario: &Scenario) -> Scenario {
        let mut s = scenario.clone();
        for p in &self.pools {
            s = staffed(&s, p.pool, &p.agents, self.cycle);
        }
        s
    }
}

/// Why a search could not start.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// The scenario states no per-interval target.
    #[error(
        "the scenario has no per-interval target: add [targets.interval], for example service_level = {{ min = 0.8 }}"
    )]
    NoTargets,
    /// No pool to search.
    #[error("no pool to staff: name at least one")]
    NoPool,
    /// The pool is not staffed directly.
    #[error(
        "pool `{0}` is not staffed with `agents` (a workforce or gig pool); staff searches agents on duty"
    )]
    NotDirect(String),
    /// The reporting interval does not divide the cycle.
    #[error(
        "simulation.interval ({interval} s) must divide the staffing cycle ({cycle} s) into whole intervals"
    )]
    Interval {
        /// The reporting interval, seconds.
        interval: f64,
        /// The cycle, seconds.
        cycle: f64,
    },
    /// Per-interval Erlang cannot meet the targets in these intervals (indices into the
    /// cycle) within the most agents allowed.
    #[error(
        "per-interval Erlang cannot meet the targets within the agents allowed in intervals {0:?}"
    )]
    Erlang(Vec<usize>),
    /// The worker threads could not start.
    #[error(transparent)]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// The scenario with pool `pool` staffed by `agents` per interval, repeating every `cycle`
/// seconds.
pub fn staffed(scenario: &Scenario, pool: usize, agents: &[u32], cycle: f64) -> Scenario {
    let mut s = scenario.clone();
    s.pools[pool].staffing = Staffing::PerInterval {
        agents: agents.to_vec(),
        cycle,
    };
    s
}

/// The primary pools of the intents among the pools `searched` (see the module docs): the
/// split whose group `g` is the `g`-th searched pool in file order. `searched` need not be
/// sorted; it must not be empty.
pub fn split(scenario: &Scenario, searched: &[usize]) -> InSystemSplit {
    let pools = in_file_order(searched);
    let group = (0..scenario.intents.len())
        .map(|i| {
            pools
                .iter()
                .position(|&p| scenario.pools[p].skills.contains(&i))
                .unwrap_or(0)
        })
        .collect();
    InSystemSplit {
        group,
        groups: pools.len().max(1),
    }
}

/// The pools searched, sorted and without repeats.
fn in_file_order(searched: &[usize]) -> Vec<usize> {
    let mut pools = searched.to_vec();
    pools.sort_unstable();
    pools.dedup();
    pools
}

/// Finds the agents on duty per interval that meet every per-interval target of
/// `scenario.targets`, by the method in the module docs, then validates the answer on a fresh
/// seed.
///
/// # Errors
///
/// [`StaffError`] if the scenario has no per-interval target, no pool is named, a pool is
/// not staffed directly, the interval does not divide the cycle, or the threads cannot start.
pub fn staff(scenario: &Scenario, options: &StaffOptions) -> Result<StaffPlan, StaffError> {
    staff_with_progress(scenario, options, |_| {})
}

/// [`staff`], calling `on_pass` after each pass (for a progress line).
///
/// # Errors
///
/// As [`staff`].
pub fn staff_with_progress(
    scenario: &Scenario,
    options: &StaffOptions,
    mut on_pass: impl FnMut(&Pass),
) -> Result<StaffPlan, StaffError> {
    let targets = &scenario.targets;
    if targets.per_interval.is_empty() {
        return Err(StaffError::NoTargets);
    }
    let pools = in_file_order(&options.pools);
    if pools.is_empty() {
        return Err(StaffError::NoPool);
    }
    for &p in &pools {
        let pool = &scenario.pools[p];
        if pool.workforce.is_some() || pool.gig.is_some() {
            return Err(StaffError::NotDirect(pool.name.clone()));
        }
    }
    let interval = scenario.simulation.interval;
    let slots = (options.cycle / interval).round();
    if slots < 1.0 || (slots * interval - options.cycle).abs() > 1e-6 * options.cycle {
        return Err(StaffError::Interval {
            interval,
            cycle: options.cycle,
        });
    }
    let slots = slots as usize;
    let split = split(scenario, &pools);
    let groups = pools.len();
    let owns = |g: usize| -> Vec<bool> { split.group.iter().map(|&x| x == g).collect() };
    let raw: Vec<RawVolume> = (0..groups)
        .map(|g| RawVolume::of(scenario, pools[g], &owns(g), options, slots))
        .collect();
    let erlang: Vec<Vec<ErlangStaffing>> = raw
        .iter()
        .map(|r| (0..slots).map(|k| r.erlang(k, targets)).collect())
        .collect();
    // Feldman et al. start high; the Erlang answer on the raw volume is a start close to it.
    let mut agents: Vec<Vec<u32>> = erlang
        .iter()
        .map(|e| {
            e.iter()
                .map(|e| e.erlang_a.or(e.erlang_c).unwrap_or(options.max_agents))
                .map(|a| a.min(options.max_agents))
                .collect()
        })
        .collect();
    let staff_all = |base: &Scenario, agents: &[Vec<u32>]| {
        let mut s = base.clone();
        for (g, &p) in pools.iter().enumerate() {
            s = staffed(&s, p, &agents[g], options.cycle);
        }
        s
    };

    let mut recorded = scenario.clone();
    recorded.simulation.record_in_system = Some(split.clone());
    let mut passes: Vec<Pass> = Vec::new();
    let mut contacts = 0;
    let mut phase = Phase::Feldman;
    let mut raised = false;
    let mut frozen = vec![vec![false; slots]; groups];
    let mut last_step = vec![vec![0i64; slots]; groups];
    let mut infeasible = vec![Vec::new(); groups];
    let outcome = loop {
        let run = experiment::run(&staff_all(&recorded, &agents), options.threads)?;
        contacts += run.contacts();
        let folded: Vec<Folded> = (0..groups)
            .map(|g| fold(&run, g, groups, slots, scenario.simulation.warmup, interval))
            .collect();
        let failing: Vec<Vec<bool>> = folded
            .iter()
            .map(|f| {
                (0..slots)
                    .map(|k| verdicts(f, k, targets).iter().any(|v| v.met == Some(false)))
                    .collect()
            })
            .collect();
        let failing_count = failing.iter().flatten().filter(|&&f| f).count();
        if phase != Phase::Feldman {
            let stuck: Vec<Vec<usize>> = (0..groups)
                .map(|g| {
                    (0..slots)
                        .filter(|&k| failing[g][k] && agents[g][k] >= options.max_agents)
                        .collect()
                })
                .collect();
            if phase == Phase::Raising && failing_count == 0 {
                // Every target holds: now try one agent fewer where it holds.
                phase = Phase::Lowering;
            }
            raised |= phase == Phase::Raising;
            let mut next = agents.clone();
            for g in 0..groups {
                for k in 0..slots {
                    if failing[g][k] {
                        next[g][k] += 1;
                        // In the lowering phase an interval that fails keeps what it is
                        // given back: it is not lowered again.
                        frozen[g][k] |= phase == Phase::Lowering;
                    } else if phase == Phase::Lowering && !frozen[g][k] && agents[g][k] > 0 {
                        next[g][k] -= 1;
                    }
                }
            }
            let changed = next
                .iter()
                .flatten()
                .zip(agents.iter().flatten())
                .filter(|(a, b)| a != b)
                .count();
            passes.push(Pass {
                agents: agents.clone(),
                failing: failing_count,
                changed,
                phase,
                contacts: run.contacts(),
            });
            on_pass(passes.last().expect("a pass was just pushed"));
            if stuck.iter().any(|s| !s.is_empty()) {
                let mut all = stuck.concat();
                all.sort_unstable();
                all.dedup();
                infeasible = stuck;
                break Outcome::Infeasible(all);
            }
            if phase == Phase::Lowering && failing_count == 0 && changed == 0 {
                break if raised {
                    Outcome::Raised
                } else {
                    Outcome::Converged
                };
            }
            agents = next;
            continue;
        }
        let failing = failing_count;
        // A Feldman pass: the rule's staffing, with the step halved in an interval whose
        // step changed direction since the last pass (the rule overshoots where a queue
        // that does not abandon builds up and drains). Each pool on its own load.
        let rule: Vec<Vec<u32>> = (0..groups)
            .map(|g| {
                let patience = abandonment_rate(&run, g, groups, &raw[g]);
                (0..slots)
                    .map(|k| {
                        let demand = Demand::of(&folded[g], k, &raw[g], patience);
                        targets
                            .per_interval
                            .iter()
                            .map(|t| demand.agents_for(t, options.max_agents))
                            .max()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        let mut changed = 0;
        let mut largest = 0;
        let mut next = agents.clone();
        for g in 0..groups {
            for k in 0..slots {
                let mut step = i64::from(rule[g][k]) - i64::from(agents[g][k]);
                largest = largest.max(step.abs());
                if step * last_step[g][k] < 0 {
                    step = (step as f64 / 2.0).round() as i64;
                }
                last_step[g][k] = step;
                next[g][k] =
                    (i64::from(agents[g][k]) + step).clamp(0, i64::from(options.max_agents)) as u32;
                changed += usize::from(next[g][k] != agents[g][k]);
            }
        }
        passes.push(Pass {
            agents: agents.clone(),
            failing,
            changed,
            phase,
            contacts: run.contacts(),
        });
        on_pass(passes.last().expect("a pass was just pushed"));
        if largest <= 1 {
            // Feldman et al.'s stopping rule: no interval moves by more than one agent. Keep
            // the larger of the two staffings; the raising passes judge it.
            for (a, r) in agents.iter_mut().flatten().zip(rule.iter().flatten()) {
                *a = (*a).max(*r);
            }
            phase = Phase::Raising;
            continue;
        }
        if passes.len() >= options.max_iterations {
            // The pass limit: the raising passes judge the staffing just simulated.
            phase = Phase::Raising;
            continue;
        }
        agents = next;
    };

    let check = {
        // With several pools the validation needs each pool's own contacts: record the split.
        let base = if groups > 1 { &recorded } else { scenario };
        let mut s = staff_all(base, &agents);
        s.simulation.seed = options.validation_seed;
        experiment::run(&s, options.threads)?
    };
    contacts += check.contacts();
    let validation_over_run = over_run(&check, targets);
    let plans = pools
        .iter()
        .enumerate()
        .zip(agents)
        .zip(erlang)
        .zip(infeasible)
        .map(|((((g, &pool), agents), erlang), infeasible)| {
            let folded = fold(
                &check,
                g,
                groups,
                slots,
                scenario.simulation.warmup,
                interval,
            );
            PoolPlan {
                pool,
                owns: owns(g),
                agents,
                erlang,
                validation: (0..slots).map(|k| verdicts(&folded, k, targets)).collect(),
                infeasible,
            }
        })
        .collect();
    Ok(StaffPlan {
        interval,
        cycle: options.cycle,
        pools: plans,
        outcome,
        passes,
        validation_over_run,
        validation_seed: options.validation_seed,
        contacts,
    })
}

/// Per-interval Erlang staffing of pool `pool` on the scenario's raw volume (all arrivals, no
/// AI, no repeats), one entry per interval of `cycle`: Erlang A where every intent has a
/// patience, Erlang C otherwise; what a classic planner's requirement would be.
///
/// # Errors
///
/// [`StaffError::NoTargets`] without a per-interval target, [`StaffError::Interval`] when the
/// interval does not divide the cycle, and [`StaffError::Erlang`] naming the intervals where
/// the formula cannot meet the targets with `max_agents`.
pub fn erlang_requirement(
    scenario: &Scenario,
    pool: usize,
    cycle: f64,
    max_agents: u32,
) -> Result<Vec<u32>, StaffError> {
    let targets = &scenario.targets;
    if targets.per_interval.is_empty() {
        return Err(StaffError::NoTargets);
    }
    let interval = scenario.simulation.interval;
    let slots = (cycle / interval).round();
    if slots < 1.0 || (slots * interval - cycle).abs() > 1e-6 * cycle {
        return Err(StaffError::Interval { interval, cycle });
    }
    let slots = slots as usize;
    let options = StaffOptions {
        pools: vec![pool],
        cycle,
        max_iterations: 1,
        max_agents,
        threads: Some(1),
        validation_seed: 0,
    };
    // The pool serves every intent: the raw volume of the whole floor.
    let owns = vec![true; scenario.intents.len()];
    let raw = RawVolume::of(scenario, pool, &owns, &options, slots);
    let mut agents = Vec::with_capacity(slots);
    let mut missing = Vec::new();
    for k in 0..slots {
        let e = raw.erlang(k, targets);
        match e.erlang_a.or(e.erlang_c) {
            Some(a) => agents.push(a),
            None => {
                missing.push(k);
                agents.push(max_agents);
            }
        }
    }
    if missing.is_empty() {
        Ok(agents)
    } else {
        Err(StaffError::Erlang(missing))
    }
}

/// The verdicts of the per-interval targets in interval `k` of the cycle, in file order.
pub(crate) fn verdicts(folded: &Folded, k: usize, targets: &Targets) -> Vec<Verdict> {
    targets
        .per_interval
        .iter()
        .map(|t| {
            let values: Vec<f64> = folded.per_replication[k]
                .iter()
                .map(|x| x.value(t.measure))
                .collect();
            judge(t, &values, targets.met_by)
        })
        .collect()
}

/// The verdicts of the targets over the run.
pub(crate) fn over_run(run: &Experiment, targets: &Targets) -> Vec<Verdict> {
    targets
        .over_run
        .iter()
        .map(|t| {
            let v: Vec<f64> = run
                .replications
                .iter()
                .map(|r| r.tallies.total.value(t.measure))
                .collect();
            judge(t, &v, targets.met_by)
        })
        .collect()
}

/// A run's interval tallies and number-in-system histograms folded onto the cycle: interval
/// `j` of the run goes to interval `j mod slots` of the cycle.
pub(crate) struct Folded {
    /// Per interval of the cycle, one tally per replication.
    pub(crate) per_replication: Vec<Vec<Tally>>,
    /// Per interval of the cycle, the sum over replications.
    pooled: Vec<Tally>,
    /// Per interval of the cycle, the histogram of the number in system found by arrivals
    /// to the human queue, over every replication.
    found: Vec<Vec<u64>>,
}

/// Folds the tallies and histograms of group `g` of `groups` (the `g`-th searched pool's
/// own intents; with one group, the whole floor's tallies).
pub(crate) fn fold(
    run: &Experiment,
    g: usize,
    groups: usize,
    slots: usize,
    warmup: f64,
    interval: f64,
) -> Folded {
    let reps = run.replications.len();
    let mut per_replication = vec![vec![Tally::default(); reps]; slots];
    let mut pooled = vec![Tally::default(); slots];
    let mut found: Vec<Vec<u64>> = vec![Vec::new(); slots];
    for (r, rep) in run.replications.iter().enumerate() {
        let tallies = if groups > 1 {
            &rep.tallies.group_intervals[g]
        } else {
            &rep.tallies.intervals
        };
        for (j, t) in tallies.iter().enumerate() {
            // Intervals that end within the warm-up hold nothing.
            if (j + 1) as f64 * interval <= warmup {
                continue;
            }
            per_replication[j % slots][r].merge(t);
            pooled[j % slots].merge(t);
        }
        let histograms = rep.tallies.in_system.get(g).map_or(&[][..], Vec::as_slice);
        for (j, h) in histograms.iter().enumerate() {
            let f = &mut found[j % slots];
            if f.len() < h.len() {
                f.resize(h.len(), 0);
            }
            for (l, &n) in h.iter().enumerate() {
                f[l] += u64::from(n);
            }
        }
    }
    Folded {
        per_replication,
        pooled,
        found,
    }
}

/// The patience rate θ per second for the predictions of group `g` of `groups`:
/// abandonments over the total time contacts spent waiting in the run (the
/// maximum-likelihood estimate for exponential patience), on the group's own contacts (the
/// whole floor's with one group); the intents' mean patience if nobody waited; 0 if nobody
/// abandons.
fn abandonment_rate(run: &Experiment, g: usize, groups: usize, raw: &RawVolume) -> f64 {
    let (mut abandoned, mut waited) = (0u64, 0.0);
    for r in &run.replications {
        let mut add = |t: &Tally| {
            abandoned += t.abandoned;
            waited += t.answered_wait + t.abandoned_wait;
        };
        if groups > 1 {
            r.tallies.group_intervals[g].iter().for_each(&mut add);
        } else {
            add(&r.tallies.total);
        }
    }
    if waited > 0.0 {
        abandoned as f64 / waited
    } else {
        raw.patience.map_or(0.0, |p| 1.0 / p)
    }
}

/// What one interval of the cycle asks of its agents, as the simulation measured it: the
/// distribution of the number in system its arrivals found, and the rates that turn a
/// number found into a wait.
struct Demand<'a> {
    /// `found[l]`: arrivals to the human queue that found `l` in system.
    found: &'a [u64],
    /// Their number.
    total: u64,
    /// Departures per second of one busy conversation slot: 1 / the measured handle time.
    service_rate: f64,
    /// Conversation slots per agent.
    concurrency: u32,
    /// Abandonments per second of waiting (θ).
    patience_rate: f64,
    /// Service-level threshold, seconds.
    threshold: f64,
}

/// The measures a staffing is predicted to give one interval.
#[derive(Debug, Clone, Copy)]
struct Predicted {
    service_level: f64,
    abandonment_rate: f64,
    asa_seconds: f64,
    probability_of_wait: f64,
}

impl Predicted {
    /// The figure of a per-interval measure ([`Target::PER_INTERVAL`]).
    fn of(&self, measure: Measure) -> f64 {
        match measure {
            Measure::ServiceLevel => self.service_level,
            Measure::AbandonmentRate => self.abandonment_rate,
            Measure::AsaSeconds => self.asa_seconds,
            _ => self.probability_of_wait,
        }
    }
}

impl From<&ErlangPerformance> for Predicted {
    fn from(p: &ErlangPerformance) -> Self {
        Predicted {
            service_level: p.service_level,
            abandonment_rate: p.abandonment_rate,
            asa_seconds: p.average_speed_of_answer,
            probability_of_wait: p.probability_of_wait,
        }
    }
}

impl<'a> Demand<'a> {
    fn of(folded: &'a Folded, k: usize, raw: &RawVolume, patience_rate: f64) -> Demand<'a> {
        let pooled = &folded.pooled[k];
        let service_rate = if pooled.answered > 0 && pooled.handle_time > 0.0 {
            pooled.answered as f64 / pooled.handle_time
        } else {
            1.0 / raw.handle_time
        };
        Demand {
            found: &folded.found[k],
            total: folded.found[k].iter().sum(),
            service_rate,
            concurrency: raw.concurrency,
            patience_rate,
            threshold: raw.threshold,
        }
    }

    /// The measures predicted with `agents` on duty (see the module docs).
    fn predict(&self, agents: u32) -> Predicted {
        let slots = u64::from(agents) * u64::from(self.concurrency);
        let total = self.total as f64;
        let (mut delayed, mut kept, mut within, mut wait) = (0.0, 0.0, 0.0, 0.0);
        let theta = self.patience_rate;
        for (l, &n) in self.found.iter().enumerate().skip(slots as usize) {
            if n == 0 {
                continue;
            }
            let n = n as f64;
            delayed += n;
            if slots == 0 {
                // Nobody on duty: a waiting contact is never answered here.
                wait = f64::INFINITY;
                continue;
            }
            let stages = (l as u64 - slots + 1) as f64;
            let r = slots as f64 * self.service_rate;
            let answered = (r / (r + theta)).powf(stages);
            kept += n * answered;
            within += n * answered * gamma_lr(stages, (r + theta) * self.threshold);
            wait += n * answered * stages / (r + theta);
        }
        let at_once = total - delayed;
        let answered = at_once + kept;
        Predicted {
            service_level: (at_once + within) / total,
            abandonment_rate: if slots == 0 && theta == 0.0 {
                0.0
            } else {
                (delayed - kept) / total
            },
            asa_seconds: if answered > 0.0 {
                wait / answered
            } else {
                f64::INFINITY
            },
            probability_of_wait: delayed / total,
        }
    }

    /// The fewest agents, up to `max`, whose predictions meet `target` (`max` if none does;
    /// 0 if no contact reached the queue).
    fn agents_for(&self, target: &Target, max: u32) -> u32 {
        if self.total == 0 {
            return 0;
        }
        let meets = |n: u32| {
            let p = self.predict(n);
            target.holds(p.of(target.measure))
        };
        if meets(0) {
            return 0;
        }
        if !meets(max) {
            return max;
        }
        // Every prediction improves with agents: bisect for the first that meets.
        let (mut lo, mut hi) = (0, max);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if meets(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// The scenario's raw volume of a pool's own intents per interval of the cycle, and the
/// pool's service parameters: what a per-interval Erlang calculation starts from.
struct RawVolume {
    /// Arrivals of the pool's own intents per second per interval of the cycle (averaged over
    /// the weekdays for a daily cycle).
    rate: Vec<f64>,
    /// Mean handle time of the pool's slot, stretched by concurrency, seconds.
    handle_time: f64,
    concurrency: u32,
    /// Share-weighted mean patience of the pool's own intents; `None` if some intent never
    /// abandons, or the pool owns no volume.
    patience: Option<f64>,
    threshold: f64,
    max_agents: u32,
}

impl RawVolume {
    /// The raw volume of the intents `owns` marks (in scenario order), served by pool
    /// `pool`.
    fn of(
        scenario: &Scenario,
        pool: usize,
        owns: &[bool],
        options: &StaffOptions,
        slots: usize,
    ) -> RawVolume {
        let pool = &scenario.pools[pool];
        let intents = &scenario.intents;
        let owned = || {
            intents
                .iter()
                .zip(owns)
                .filter(|(_, o)| **o)
                .map(|(i, _)| i)
        };
        let all: f64 = intents.iter().map(|i| i.share).sum();
        let share: f64 = owned().map(|i| i.share).sum();
        // The pool's part of the volume: exactly 1 when it owns every intent.
        let part = if share == all { 1.0 } else { share / all };
        let length = options.cycle / slots as f64;
        let mixed = scenario.arrivals.has_mix();
        let per_week = (crate::units::WEEK / options.cycle).round().max(1.0) as usize;
        let rate = (0..slots)
            .map(|k| {
                (0..per_week)
                    .map(|d| {
                        let from = d as f64 * options.cycle + k as f64 * length;
                        // A rates file's mix gives the pool's part interval by interval.
                        let owned =
                            scenario
                                .arrivals
                                .expected_arrivals_of(from, from + length, owns);
                        owned.unwrap_or_else(|| {
                            scenario.arrivals.expected_arrivals(from, from + length)
                        })
                    })
                    .sum::<f64>()
                    / (per_week as f64 * length)
                    * if mixed { 1.0 } else { part }
            })
            .collect();
        let handle: f64 = if share > 0.0 {
            owned().map(|i| i.share * i.handle_time.mean()).sum::<f64>() / share
        } else {
            0.0
        };
        let stretch = 1.0 + pool.concurrency_stretch * f64::from(pool.concurrency - 1);
        let patience = owned()
            .filter(|i| i.share > 0.0)
            .map(|i| i.patience.as_ref().map(|p| i.share * p.mean()))
            .sum::<Option<f64>>()
            .filter(|_| share > 0.0)
            .map(|p| p / share);
        RawVolume {
            rate,
            handle_time: handle * stretch,
            concurrency: pool.concurrency,
            patience,
            threshold: scenario.simulation.service_level_threshold,
            max_agents: options.max_agents,
        }
    }

    /// What Erlang C and A staff in interval `k` for every per-interval target.
    fn erlang(&self, k: usize, targets: &Targets) -> ErlangStaffing {
        let need = |patience: Option<f64>| -> Option<u32> {
            if self.rate[k] <= 0.0 {
                return Some(0);
            }
            let queue = ErlangQueue {
                arrival_rate: self.rate[k],
                mean_handle_time: self.handle_time,
                agents: 1,
                mean_patience: patience,
            };
            let slots = self.max_agents.saturating_mul(self.concurrency);
            let meets = |p: &ErlangPerformance| {
                targets
                    .per_interval
                    .iter()
                    .all(|t| t.holds(Predicted::from(p).of(t.measure)))
            };
            agents_for(&queue, self.threshold, meets, slots)
                .ok()
                .map(|p| p.agents.div_ceil(self.concurrency))
        };
        ErlangStaffing {
            erlang_c: need(None),
            erlang_a: self.patience.and_then(|p| need(Some(p))),
        }
    }
}

/// The default bound on agents per interval: three times the busiest interval's raw offered
/// load in agents (arrivals × stretched handle time / concurrency), plus 20, for the pool of
/// `pools` with the largest such load on its own intents (see the module docs). A staffing
/// three times the load is far beyond what any target needs unless the target cannot be met.
pub fn default_max_agents(scenario: &Scenario, pools: &[usize], cycle: f64) -> u32 {
    let pools = in_file_order(pools);
    let options = StaffOptions {
        pools: pools.clone(),
        cycle,
        max_iterations: 0,
        max_agents: u32::MAX,
        threads: None,
        validation_seed: 0,
    };
    let slots = ((cycle / scenario.simulation.interval).round() as usize).max(1);
    let split = split(scenario, &pools);
    let load = pools
        .iter()
        .enumerate()
        .map(|(g, &p)| {
            let owns: Vec<bool> = split.group.iter().map(|&x| x == g).collect();
            let raw = RawVolume::of(scenario, p, &owns, &options, slots);
            let peak = raw.rate.iter().copied().fold(0.0, f64::max);
            peak * raw.handle_time / f64::from(raw.concurrency)
        })
        .fold(0.0, f64::max);
    (3.0 * load + 20.0).ceil().min(1_000_000.0) as u32
}
