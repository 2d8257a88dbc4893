//! The cost–quality frontier found by optimisation: for each of a ladder of levels of one
//! quality measure, the least cost over a box of decision settings that meets the level and
//! every target of the scenario.
//!
//! # The method
//!
//! The **ε-constraint method** of Haimes, Lasdon and Wismer ("On a bicriterion formulation of
//! the problems of integrated system identification and system optimization", *IEEE
//! Transactions on Systems, Man, and Cybernetics* 1(3), 1971): of two objectives, keep one
//! (cost) and turn the other (quality) into a constraint `quality ≥ ε` (or `≤ ε` for a quality
//! where lower is better); solving for a ladder of ε traces the frontier, including the parts a
//! weighted sum of the two objectives cannot reach. Each level's problem is
//!
//! ```text
//! minimise  cost(x)   over x in the box  [lo₁, hi₁] × … × [loₖ, hiₖ]
//! such that quality(x) meets ε, and every target of the scenario holds at x.
//! ```
//!
//! cost and quality are simulated, so every evaluation of a point `x` runs the scenario's
//! replications on the **same seed** (common random numbers): two points are compared on the
//! same customers, and the problem the search sees is a deterministic function of `x`. A point
//! is **feasible** for ε when the quality meets ε and no target of the scenario fails (over the
//! run and in every interval), each judged by [`judge`] with the scenario's
//! `met_by` rule (on average, or with one-sided confidence).
//!
//! - **One decision key: bisection.** Quality is assumed monotone in the key. The two ends of
//!   the range are evaluated; if neither meets ε the level is **infeasible**, if both do every
//!   value does and the search only looks for the cheapest (a few points across the range).
//!   Otherwise the range brackets the level, and bisection narrows the boundary of the set that
//!   meets ε down to the key's step (or 1/256 of the range). Cost need not be monotone, so
//!   the answer is the cheapest feasible point among the boundary and a few points between it
//!   and the end that meets ε.
//! - **Several keys: compass search.** The pattern search of Hooke and Jeeves ("Direct search
//!   solution of numerical and statistical problems", *Journal of the ACM* 8(2), 1961) in the
//!   form Kolda, Lewis and Torczon call compass search ("Optimization by direct search",
//!   *SIAM Review* 45(3), 2003), on the box normalised to the unit cube: start from the
//!   cheapest feasible point of a coarse grid (3 values per key, every corner included), poll
//!   the 2k points one step away along each key, move to the cheapest feasible poll that is
//!   cheaper than the current point, and halve the step when none is. Infeasible points are
//!   rejected (the extreme barrier). The search stops when the step is below every key's
//!   granularity (its step, 1 for whole numbers, 1/256 of the range otherwise) or after
//!   `max_evaluations` points for the level. Evaluations are cached by point, across levels.
//!
//! Each level's answer is run again on a **fresh seed** (the validation seed), and reported
//! with whether it meets the level and the targets there, each target with its own verdict
//! ([`TargetsReport`]), on both seeds.
//!
//! # What it guarantees, and what not
//!
//! On the seed searched, every reported point is feasible: it meets its level and every target
//! of the scenario. Bisection finds the boundary of the set meeting the level to within the
//! key's granularity when quality is monotone in the key; compass search ends at a point that
//! no poll at the final step improves (a local minimum of cost at the granularity), not
//! necessarily the cheapest point of the box: a cost surface with several valleys can hide a
//! cheaper one, which a finer coarse grid or a smaller box finds. A level is reported
//! infeasible when no point tried meets it: for one key, when neither end meets it; for several,
//! when no point of the coarse grid does. Where quality is monotone in each key, the best
//! corner is in the grid and no point of the box meets such a level; where it is not, a level
//! might be met somewhere between the grid's points. The seed searched is not a fresh seed:
//! a point chosen because it just meets ε on it meets ε on a fresh seed only about half the
//! time when met on average; the validation run says how far it is, with its interval.

use rayon::prelude::*;

use crate::experiment::sweep::Shard;
use crate::experiment::{Estimate, Experiment, estimate};
use crate::metrics::{Bound, Measure, MetBy, Target};
use crate::model::{Scenario, simulate};
use crate::plan::targets::{TargetsReport, evaluate, judge};

/// One decision key: the settings it moves together, its range and its granularity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// Key paths that take this value, the first naming the key in output
    /// (`intents.order_status.ai.containment`).
    pub paths: Vec<String>,
    /// Lowest value searched.
    pub low: f64,
    /// Highest value searched (above `low`).
    pub high: f64,
    /// Granularity: values are `low + j · step`; `None` for a continuous key.
    pub step: Option<f64>,
    /// The setting takes whole numbers: values are rounded.
    pub integer: bool,
}

impl Decision {
    /// The value of the key at `u` in [0, 1] of its range, on its granularity.
    pub fn at(&self, u: f64) -> f64 {
        self.snap(self.low + u.clamp(0.0, 1.0) * (self.high - self.low))
    }

    /// `x` clamped to the range and put on the key's granularity (a multiple of the step from
    /// `low`, a whole number for an integer key), written with at most 12 significant digits
    /// so that `0.1 + 0.2` is `0.3`.
    pub fn snap(&self, x: f64) -> f64 {
        let mut v = x.clamp(self.low, self.high);
        if let Some(step) = self.step {
            let j = ((v - self.low) / step).round();
            v = (self.low + j * step).min(self.high);
        }
        if self.integer {
            v = v.round().clamp(self.low.ceil(), self.high.floor());
        }
        tidy(v)
    }

    /// The smallest move that changes the key, as a share of its range.
    pub fn resolution(&self) -> f64 {
        let range = self.high - self.low;
        let step = match (self.step, self.integer) {
            (Some(s), true) => s.max(1.0),
            (Some(s), false) => s,
            (None, true) => 1.0,
            (None, false) => range / 256.0,
        };
        (step / range).min(1.0)
    }

    /// The share of the range at which `x` lies.
    fn share(&self, x: f64) -> f64 {
        (x - self.low) / (self.high - self.low)
    }
}

/// `x` with at most 12 significant digits.
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits.clamp(-300, 300));
    (x * scale).round() / scale
}

/// Settings of a frontier search.
#[derive(Debug, Clone)]
pub struct FrontierOptions {
    /// The quality measure constrained to each level (a measure with a direction).
    pub quality: Measure,
    /// The cost measure minimised (lower is better).
    pub cost: Measure,
    /// The levels of `quality`, in the measure's unit, in increasing order.
    pub levels: Vec<f64>,
    /// Most points evaluated per level (cached points count).
    pub max_evaluations: usize,
    /// Worker threads (`None`: one per core). The result does not depend on it.
    pub threads: Option<usize>,
    /// Seed of the validation runs (not the search's seed).
    pub validation_seed: u64,
    /// Search only the levels of this shard: level `i` (from 0) when `i mod count = index`.
    pub shard: Option<Shard>,
}

/// What one evaluation of a point measured (on the search's or the validation seed).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The decision values, one per key.
    pub values: Vec<f64>,
    /// The cost measure's estimate.
    pub cost: Estimate,
    /// The quality measure's value in each replication.
    pub quality_values: Vec<f64>,
    /// The quality measure's estimate.
    pub quality: Estimate,
    /// The survey score's estimate (`csat_survey`).
    pub csat_survey: Estimate,
    /// The true resolution rate's estimate (`true_resolution_rate`).
    pub true_resolution: Estimate,
    /// Whether no target of the scenario fails (over the run and in every interval):
    /// `targets.hold()`, the conjunction of the verdicts in `targets`.
    pub targets_hold: bool,
    /// Each target of the scenario judged on this evaluation: a target over the run by its
    /// mean and interval, a target of every interval by the intervals it is met in and the
    /// worst one (empty when the scenario has no target).
    pub targets: TargetsReport,
    /// How the scenario's targets, and so the level, count as met.
    pub met_by: MetBy,
    /// Contacts simulated in this evaluation, all replications.
    pub contacts: u64,
}

impl Outcome {
    /// Whether the quality meets `level` by the `met_by` rule (`quality` gives the side).
    pub fn meets(&self, quality: Measure, level: f64) -> bool {
        let target = level_target(quality, level);
        judge(&target, &self.quality_values, self.met_by).met == Some(true)
    }

    /// Whether the point is feasible for `level`: the quality meets it and the targets hold.
    pub fn feasible(&self, quality: Measure, level: f64) -> bool {
        self.targets_hold && self.meets(quality, level)
    }

    /// The cost's mean, +∞ when undefined (never the cheapest).
    fn cost_mean(&self) -> f64 {
        self.cost.mean.unwrap_or(f64::INFINITY)
    }
}

/// The constraint "quality meets `level`", on the side where the measure gets better.
pub fn level_target(quality: Measure, level: f64) -> Target {
    Target {
        measure: quality,
        bound: if quality.higher_is_better() == Some(false) {
            Bound::Max(level)
        } else {
            Bound::Min(level)
        },
    }
}

/// Whether a level has an answer; written as [`Status::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A point of the box meets the level and the targets on the seed searched.
    Feasible,
    /// No point tried meets them (see the module docs for what that implies).
    Infeasible,
}

impl Status {
    /// `"feasible"` or `"infeasible"`, for output files.
    pub fn key(self) -> &'static str {
        match self {
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
        }
    }
}

/// The answer for one level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelResult {
    /// The level's number in the ladder, from 0.
    pub index: usize,
    /// The level of the quality measure.
    pub level: f64,
    /// Whether it has an answer.
    pub status: Status,
    /// How the search went, in words ("bracketed: bisection to the boundary", "no point of the
    /// coarse grid meets the level and the targets").
    pub note: String,
    /// The cheapest feasible point found; `None` when infeasible.
    pub best: Option<Outcome>,
    /// Every point the level's search considered, in order (cached points included).
    pub tried: Vec<Outcome>,
    /// The best point run again on the validation seed.
    pub validation: Option<Validation>,
}

/// A level's answer on a fresh seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// What the run measured.
    pub outcome: Outcome,
    /// Whether the quality meets the level there.
    pub meets_level: bool,
    /// Whether no target of the scenario fails there.
    pub targets_hold: bool,
    /// Whether the level lies inside the run's 95 % interval of the quality: a miss within
    /// the noise of the estimate.
    pub level_within_ci: bool,
}

/// The result of a frontier search.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// The levels searched (all of them, or the shard's), in ladder order.
    pub levels: Vec<LevelResult>,
    /// Points simulated (distinct points on the search's seed plus validation runs).
    pub simulated_points: usize,
    /// Contacts simulated over all runs, all replications.
    pub contacts: u64,
}

impl Frontier {
    /// Whether at least one level has an answer.
    pub fn any_feasible(&self) -> bool {
        self.levels.iter().any(|l| l.status == Status::Feasible)
    }
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum FrontierError {
    /// No decision key, an empty range, or a bad step.
    #[error("{0}")]
    Decisions(String),
    /// The budget cannot hold the coarse grid.
    #[error(
        "--max-evaluations {given} cannot hold the start of the search: it needs at least {needed} (3 values per key for several keys, the two ends for one)"
    )]
    Budget {
        /// The budget given.
        given: usize,
        /// The budget needed.
        needed: usize,
    },
    /// A point's scenario cannot be built (the message of the builder).
    #[error("{0}")]
    Build(String),
    /// The worker threads could not start.
    #[error(transparent)]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// Which seed an evaluation runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// The search's seed (the scenario's).
    Search,
    /// The validation seed.
    Validation,
}

/// Progress of a search, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Levels of this search (the shard's) finished.
    pub levels_done: usize,
    /// Levels of this search.
    pub levels: usize,
    /// Points the current level has considered.
    pub evaluations: usize,
}

/// Finds the frontier by simulation: `build` turns decision values (one per key, on their
/// granularity) into the validated scenario to run (its seed and replications as searched;
/// the validation run replaces the seed). See the module docs for the method.
///
/// # Errors
///
/// [`FrontierError`] if the decisions are malformed, the budget is below the coarse grid, a
/// point's scenario cannot be built (the builder's message), or the threads cannot start.
pub fn frontier(
    build: impl Fn(&[f64]) -> Result<Scenario, String> + Sync,
    decisions: &[Decision],
    options: &FrontierOptions,
    on_progress: impl FnMut(Progress),
) -> Result<Frontier, FrontierError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = options.threads {
        builder = builder.num_threads(t);
    }
    let pool = builder.build()?;
    let (quality, cost) = (options.quality, options.cost);
    let mut contacts = 0u64;
    let evaluate = |points: &[Vec<f64>], seed: Seed| -> Result<Vec<Outcome>, FrontierError> {
        let mut scenarios = Vec::with_capacity(points.len());
        for p in points {
            let mut s = build(p).map_err(FrontierError::Build)?;
            if seed == Seed::Validation {
                s.simulation.seed = options.validation_seed;
            }
            scenarios.push(s);
        }
        // Every (point, replication) of the batch is one job: a fixed list, collected in
        // order, so the answer does not depend on the threads.
        let jobs: Vec<(usize, u32)> = scenarios
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (0..s.simulation.replications).map(move |k| (i, k)))
            .collect();
        let runs: Vec<(usize, crate::model::Replication)> = pool.install(|| {
            jobs.par_iter()
                .map(|&(i, k)| (i, simulate(&scenarios[i], k)))
                .collect()
        });
        let mut experiments: Vec<Experiment> = scenarios
            .iter()
            .map(|_| Experiment {
                replications: Vec::new(),
            })
            .collect();
        for (i, r) in runs {
            experiments[i].replications.push(r);
        }
        contacts += experiments.iter().map(Experiment::contacts).sum::<u64>();
        Ok(points
            .iter()
            .zip(&scenarios)
            .zip(&experiments)
            .map(|((p, s), e)| outcome(p, s, e, quality, cost))
            .collect())
    };
    let mut result = search(decisions, options, evaluate, on_progress)?;
    result.contacts = contacts;
    Ok(result)
}

/// The outcome of one experiment of scenario `s` at decision values `values`.
fn outcome(
    values: &[f64],
    s: &Scenario,
    e: &Experiment,
    quality: Measure,
    cost: Measure,
) -> Outcome {
    let targets = evaluate(&s.targets, e, s.simulation.warmup, s.simulation.interval);
    let quality_values: Vec<f64> = e
        .replications
        .iter()
        .map(|r| r.tallies.total.value(quality))
        .collect();
    Outcome {
        values: values.to_vec(),
        cost: e.estimate(cost),
        quality: estimate(&quality_values),
        quality_values,
        csat_survey: e.estimate(Measure::CsatSurvey),
        true_resolution: e.estimate(Measure::TrueResolutionRate),
        targets_hold: targets.hold(),
        targets,
        met_by: s.targets.met_by,
        contacts: e.contacts(),
    }
}

/// The search of [`frontier`] on any evaluator: `evaluate` measures a batch of points (decision
/// values) on a seed and returns one [`Outcome`] per point, in order. [`frontier`] passes one
/// that simulates; a test can pass a formula.
///
/// # Errors
///
/// [`FrontierError`] if the decisions are malformed, the budget is below the coarse grid, or
/// `evaluate` fails.
pub fn search(
    decisions: &[Decision],
    options: &FrontierOptions,
    mut evaluate: impl FnMut(&[Vec<f64>], Seed) -> Result<Vec<Outcome>, FrontierError>,
    mut on_progress: impl FnMut(Progress),
) -> Result<Frontier, FrontierError> {
    check(decisions)?;
    let needed = if decisions.len() == 1 {
        2
    } else {
        3usize.saturating_pow(decisions.len() as u32)
    };
    if options.max_evaluations < needed {
        return Err(FrontierError::Budget {
            given: options.max_evaluations,
            needed,
        });
    }
    let owned: Vec<usize> = (0..options.levels.len())
        .filter(|&i| options.shard.is_none_or(|s| s.owns(i)))
        .collect();
    let mut cache = Cache {
        points: Vec::new(),
        simulated: 0,
    };
    let mut levels = Vec::new();
    for (done, &index) in owned.iter().enumerate() {
        let level = options.levels[index];
        let mut run = LevelSearch {
            decisions,
            quality: options.quality,
            level,
            budget: options.max_evaluations,
            tried: Vec::new(),
            cache: &mut cache,
            evaluate: &mut evaluate,
            progress: &mut |evaluations| {
                on_progress(Progress {
                    levels_done: done,
                    levels: owned.len(),
                    evaluations,
                })
            },
        };
        let (best, note) = if decisions.len() == 1 {
            run.bisection()?
        } else {
            run.compass()?
        };
        let tried = run.tried.clone();
        let validation = match &best {
            Some(b) => {
                let v = evaluate(std::slice::from_ref(&b.values), Seed::Validation)?
                    .pop()
                    .expect("one outcome per point");
                cache.simulated += 1;
                let q = v.quality;
                Some(Validation {
                    meets_level: v.meets(options.quality, level),
                    targets_hold: v.targets_hold,
                    level_within_ci: q.ci95.is_some_and(|[lo, hi]| lo <= level && level <= hi),
                    outcome: v,
                })
            }
            None => None,
        };
        levels.push(LevelResult {
            index,
            level,
            status: if best.is_some() {
                Status::Feasible
            } else {
                Status::Infeasible
            },
            note,
            best,
            tried,
            validation,
        });
    }
    on_progress(Progress {
        levels_done: owned.len(),
        levels: owned.len(),
        evaluations: 0,
    });
    Ok(Frontier {
        levels,
        simulated_points: cache.simulated,
        contacts: 0,
    })
}

fn check(decisions: &[Decision]) -> Result<(), FrontierError> {
    if decisions.is_empty() {
        return Err(FrontierError::Decisions(
            "expected at least one --decide PATH=LO:HI".into(),
        ));
    }
    for d in decisions {
        let name = d.paths.first().map_or("", String::as_str);
        if !(d.low.is_finite() && d.high.is_finite() && d.low < d.high) {
            return Err(FrontierError::Decisions(format!(
                "--decide {name}: the range {}:{} is empty; expected LO below HI",
                d.low, d.high
            )));
        }
        if let Some(s) = d.step
            && !(s > 0.0 && s <= d.high - d.low)
        {
            return Err(FrontierError::Decisions(format!(
                "--decide {name}: the step {s} must be above 0 and at most the range's width"
            )));
        }
        if d.integer && d.high.floor() < d.low.ceil() {
            return Err(FrontierError::Decisions(format!(
                "--decide {name}: a whole-number setting has no whole number in {}:{}",
                d.low, d.high
            )));
        }
    }
    Ok(())
}

/// Evaluations on the search's seed, by point.
struct Cache {
    points: Vec<Outcome>,
    /// Points simulated, the validation runs included.
    simulated: usize,
}

impl Cache {
    fn get(&self, values: &[f64]) -> Option<&Outcome> {
        self.points.iter().find(|o| o.values == values)
    }
}

/// The search of one level.
struct LevelSearch<'a, E, P> {
    decisions: &'a [Decision],
    quality: Measure,
    level: f64,
    budget: usize,
    tried: Vec<Outcome>,
    cache: &'a mut Cache,
    evaluate: &'a mut E,
    progress: &'a mut P,
}

impl<E, P> LevelSearch<'_, E, P>
where
    E: FnMut(&[Vec<f64>], Seed) -> Result<Vec<Outcome>, FrontierError>,
    P: FnMut(usize),
{
    /// The outcomes of `points` (distinct, on the decisions' granularity), in order: from the
    /// cache, the others simulated together. Points beyond the budget are left out.
    fn eval(&mut self, points: &[Vec<f64>]) -> Result<Vec<Outcome>, FrontierError> {
        let mut fresh: Vec<Vec<f64>> = Vec::new();
        let mut wanted: Vec<Vec<f64>> = Vec::new();
        for p in points {
            if self.tried.iter().any(|o| &o.values == p) || wanted.contains(p) {
                continue;
            }
            if self.tried.len() + wanted.len() >= self.budget {
                break;
            }
            if self.cache.get(p).is_none() {
                fresh.push(p.clone());
            }
            wanted.push(p.clone());
        }
        if !fresh.is_empty() {
            let outs = (self.evaluate)(&fresh, Seed::Search)?;
            self.cache.simulated += outs.len();
            self.cache.points.extend(outs);
        }
        for p in &wanted {
            let o = self.cache.get(p).expect("just evaluated").clone();
            self.tried.push(o);
        }
        (self.progress)(self.tried.len());
        Ok(points
            .iter()
            .filter_map(|p| self.tried.iter().find(|o| &o.values == p).cloned())
            .collect())
    }

    fn feasible(&self, o: &Outcome) -> bool {
        o.feasible(self.quality, self.level)
    }

    /// The cheapest feasible point tried (the first of equals).
    fn cheapest(&self, among: &[Outcome]) -> Option<Outcome> {
        among
            .iter()
            .filter(|o| self.feasible(o))
            .min_by(|a, b| a.cost_mean().total_cmp(&b.cost_mean()))
            .cloned()
    }

    fn bisection(&mut self) -> Result<(Option<Outcome>, String), FrontierError> {
        let d = &self.decisions[0];
        let (lo, hi) = (d.at(0.0), d.at(1.0));
        let ends = self.eval(&[vec![lo], vec![hi]])?;
        let (ok_lo, ok_hi) = (
            ends[0].meets(self.quality, self.level),
            ends[1].meets(self.quality, self.level),
        );
        let direction = match (ends[0].quality.mean, ends[1].quality.mean) {
            (Some(a), Some(b)) if a < b => "quality rises with the key",
            (Some(a), Some(b)) if a > b => "quality falls with the key",
            (Some(_), Some(_)) => "quality is the same at both ends",
            _ => "quality is undefined at an end: no contact to judge it on",
        };
        let (good, bad) = match (ok_lo, ok_hi) {
            (false, false) => {
                return Ok((
                    None,
                    format!(
                        "neither end of the range meets the level ({direction}; quality is \
                         assumed monotone in the key)"
                    ),
                ));
            }
            (true, true) => {
                let candidates: Vec<Vec<f64>> =
                    (0..=4).map(|j| vec![d.at(j as f64 / 4.0)]).collect();
                let tried = self.eval(&candidates)?;
                let best = self.cheapest(&tried);
                let note = if best.is_some() {
                    format!(
                        "both ends meet the level ({direction}): the cheapest of 5 points across the range"
                    )
                } else {
                    "both ends meet the level, but the targets fail at every point tried".into()
                };
                return Ok((best, note));
            }
            (true, false) => (lo, hi),
            (false, true) => (hi, lo),
        };
        let end = good;
        let (mut good, mut bad) = (good, bad);
        loop {
            let mid = d.snap((good + bad) / 2.0);
            if mid == good || mid == bad || self.tried.len() >= self.budget {
                break;
            }
            let o = self.eval(&[vec![mid]])?;
            let Some(o) = o.first() else { break };
            if o.meets(self.quality, self.level) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        // Cost need not be monotone: the boundary and a few points towards the end that meets.
        let mut candidates = vec![vec![good]];
        for j in 1..=3 {
            candidates.push(vec![d.snap(good + (end - good) * j as f64 / 4.0)]);
        }
        candidates.push(vec![end]);
        candidates.dedup();
        let tried = self.eval(&candidates)?;
        let best = self.cheapest(&tried);
        let note = if best.is_some() {
            format!(
                "the range brackets the level ({direction}): bisection to the boundary {}, then the cheapest of the boundary and the points towards {end}",
                tidy(good)
            )
        } else {
            format!(
                "the level is met from {} on, but the targets fail at every point tried",
                tidy(good)
            )
        };
        Ok((best, note))
    }

    fn compass(&mut self) -> Result<(Option<Outcome>, String), FrontierError> {
        let k = self.decisions.len();
        // The coarse grid: 0, ½ and 1 of every key's range, the last key fastest.
        let grid: Vec<Vec<f64>> = (0..3usize.pow(k as u32))
            .map(|mut n| {
                let mut u = vec![0.0; k];
                for i in (0..k).rev() {
                    u[i] = (n % 3) as f64 / 2.0;
                    n /= 3;
                }
                self.point(&u)
            })
            .collect();
        let start = self.eval(&grid)?;
        let Some(mut current) = self.cheapest(&start) else {
            return Ok((
                None,
                format!(
                    "no point of the coarse grid ({} points, every corner included) meets the level and the targets",
                    grid.len()
                ),
            ));
        };
        let stop = self
            .decisions
            .iter()
            .map(Decision::resolution)
            .fold(f64::INFINITY, f64::min)
            / 2.0;
        let mut delta = 0.25;
        let mut moves = 0;
        while delta >= stop && self.tried.len() < self.budget {
            let u: Vec<f64> = self
                .decisions
                .iter()
                .zip(&current.values)
                .map(|(d, &x)| d.share(x))
                .collect();
            let mut polls: Vec<Vec<f64>> = Vec::new();
            for i in 0..k {
                for sign in [1.0, -1.0] {
                    let mut v = u.clone();
                    v[i] += sign * delta;
                    let p = self.point(&v);
                    if p != current.values && !polls.contains(&p) {
                        polls.push(p);
                    }
                }
            }
            let outs = self.eval(&polls)?;
            match self.cheapest(&outs) {
                Some(b) if b.cost_mean() < current.cost_mean() => {
                    current = b;
                    moves += 1;
                }
                _ => delta /= 2.0,
            }
        }
        let why = if delta < stop {
            "the step fell below the keys' granularity"
        } else {
            "the evaluation budget ran out"
        };
        let note = format!(
            "compass search from the cheapest feasible point of the coarse grid: {moves} moves; stopped because {why}"
        );
        Ok((Some(current), note))
    }

    /// The decision values at shares `u` of the ranges.
    fn point(&self, u: &[f64]) -> Vec<f64> {
        self.decisions
            .iter()
            .zip(u)
            .map(|(d, &x)| d.at(x))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An outcome whose every replication has this cost and quality, targets holding.
    fn synthetic(values: &[f64], cost: f64, quality: f64) -> Outcome {
        let q = vec![quality; 3];
        Outcome {
            values: values.to_vec(),
            cost: estimate(&[cost; 3]),
            quality: estimate(&q),
            quality_values: q,
            csat_survey: estimate(&[]),
            true_resolution: estimate(&[]),
            targets_hold: true,
            targets: TargetsReport {
                met_by: MetBy::OnAverage,
                over_run: Vec::new(),
                per_interval: Vec::new(),
            },
            met_by: MetBy::OnAverage,
            contacts: 0,
        }
    }

    fn options(levels: Vec<f64>) -> FrontierOptions {
        FrontierOptions {
            quality: Measure::TrueResolutionRate,
            cost: Measure::CostTotal,
            levels,
            max_evaluations: 60,
            threads: Some(1),
            validation_seed: 2,
            shard: None,
        }
    }

    #[test]
    fn bisection_finds_a_known_boundary_of_a_monotone_quality() {
        // quality(x) = 0.8 + 0.2 x on [0, 1]: the level 0.9 is met from x = 0.5 on. Cost
        // (x − 0.3)² + 1 falls to x = 0.3 and rises after it, so the cheapest feasible point
        // is the boundary. With a step of 0.01 the boundary is 0.5 exactly.
        let d = Decision {
            paths: vec!["x".into()],
            low: 0.0,
            high: 1.0,
            step: Some(0.01),
            integer: false,
        };
        let mut calls = 0;
        let f = search(
            &[d],
            &options(vec![0.9, 0.95, 1.1]),
            |points, _| {
                calls += points.len();
                Ok(points
                    .iter()
                    .map(|p| synthetic(p, (p[0] - 0.3).powi(2) + 1.0, 0.8 + 0.2 * p[0]))
                    .collect())
            },
            |_| {},
        )
        .unwrap();
        let best = |i: usize| f.levels[i].best.as_ref().map(|b| b.values[0]);
        assert_eq!(best(0), Some(0.5), "{:?}", f.levels[0]);
        assert_eq!(best(1), Some(0.75), "{:?}", f.levels[1]);
        // 1.1 is above the quality at both ends: infeasible, found from the two ends alone.
        assert_eq!(f.levels[2].status, Status::Infeasible);
        assert_eq!(f.levels[2].tried.len(), 2);
        assert!(f.levels[2].note.contains("neither end"));
        // Bisection on 101 values takes about log2(100) ≈ 7 steps.
        assert!(
            f.levels[0].tried.len() <= 2 + 8 + 4,
            "{}",
            f.levels[0].tried.len()
        );
        // The validation ran for each feasible level and met it.
        assert!(f.levels[0].validation.as_ref().unwrap().meets_level);
        assert!(calls > 0);
    }

    #[test]
    fn bisection_takes_the_cheapest_point_when_cost_is_not_monotone() {
        // Quality falls with x (the level 0.9 is met up to x = 0.5); cost is lowest at 0.1.
        let d = Decision {
            paths: vec!["x".into()],
            low: 0.0,
            high: 1.0,
            step: Some(0.1),
            integer: false,
        };
        let f = search(
            &[d],
            &options(vec![0.9]),
            |points, _| {
                Ok(points
                    .iter()
                    .map(|p| synthetic(p, (p[0] - 0.1).abs(), 1.0 - 0.2 * p[0]))
                    .collect())
            },
            |_| {},
        )
        .unwrap();
        let b = f.levels[0].best.as_ref().unwrap();
        assert_eq!(b.values, vec![0.1]);
    }

    #[test]
    fn compass_search_finds_the_cheapest_feasible_point_of_a_smooth_problem() {
        // cost = x + 2y, quality = x + y: the level 1.0 is cheapest at x = 1, y = 0.
        let keys = |step| Decision {
            paths: vec!["k".into()],
            low: 0.0,
            high: 1.0,
            step: Some(step),
            integer: false,
        };
        let f = search(
            &[keys(0.05), keys(0.05)],
            &options(vec![1.0]),
            |points, _| {
                Ok(points
                    .iter()
                    .map(|p| synthetic(p, p[0] + 2.0 * p[1], p[0] + p[1]))
                    .collect())
            },
            |_| {},
        )
        .unwrap();
        let b = f.levels[0].best.as_ref().unwrap();
        assert_eq!(b.values, vec![1.0, 0.0]);
        assert!(f.levels[0].tried.len() <= 60);
    }

    #[test]
    fn a_status_is_written_as_its_key() {
        for s in [Status::Feasible, Status::Infeasible] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.key())
            );
        }
    }

    #[test]
    fn snapping_keeps_values_on_the_granularity() {
        let d = Decision {
            paths: vec!["x".into()],
            low: 0.6,
            high: 1.6,
            step: Some(0.05),
            integer: false,
        };
        assert_eq!(d.snap(0.6 + 3.0 * 0.05 + 0.01), 0.75);
        assert_eq!(d.at(0.5), 1.1);
        assert_eq!(d.at(2.0), 1.6);
        let n = Decision {
            paths: vec!["n".into()],
            low: 3.0,
            high: 10.0,
            step: None,
            integer: true,
        };
        assert_eq!(n.at(0.5), 7.0);
        assert!((n.resolution() - 1.0 / 7.0).abs() < 1e-12);
    }
}
