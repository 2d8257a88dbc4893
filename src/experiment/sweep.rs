//! Sweeps: many scenarios (grid points) × replications, run in parallel, with common random
//! numbers, paired differences against a baseline, adaptive replications, and shards for
//! running a grid on many machines. The Pareto frontier of the points is in
//! [`crate::plan::frontier`].
//!
//! # Common random numbers
//!
//! Replication k of every point uses the same seed, so the same random streams: the same
//! arrivals, the same handle times and patience drawn in the same order. Differences between
//! neighbouring points then reflect the settings more than the noise; the paired difference
//! of replication k against the baseline's replication k has a narrower interval than the
//! difference of two independent means. `independent_streams` gives each point its own seed,
//! for comparison.
//!
//! # Determinism
//!
//! All (point, replication) jobs of a round are one fixed list run with `par_iter` and
//! collected in order; adaptive replications add batches per point in rounds that depend only
//! on that point's own results. The output is therefore identical for any thread count, and a
//! point's results do not depend on which shard ran it.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::stats::{Estimate, estimate, estimate_of};
use crate::metrics::Measure;
use crate::model::Scenario;
use crate::model::simulate;
use crate::scenario::sweep::{ScenarioDocument, SweepSpec};

/// Adding replications to a point until a measure is known precisely enough.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Adaptive {
    /// The measure whose precision decides.
    pub measure: Measure,
    /// Stop when the 95 % half-width divided by |mean| is below this.
    pub relative_half_width: f64,
    /// Never more replications than this per point.
    pub max_replications: u32,
}

/// A share of the grid: shard `index` (from 0) of `count` takes the points whose number
/// modulo `count` is `index`. People and messages number shards from 1 ("shard 2/3"), and
/// add the job-array task that ran it as its scheduler numbers it ("shard 2/3 (Slurm task
/// 3)"; see [`Task`]), since the two numbers need not agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard, from 0.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
    /// The job-array task that ran it (`sweep --shard-from-env`); `None` for `--shard I/N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
}

impl Shard {
    /// Shard `index` (from 0) of `count`, given on the command line (no job-array task).
    pub fn new(index: usize, count: usize) -> Shard {
        Shard {
            index,
            count,
            task: None,
        }
    }

    /// Whether point `point` belongs to this shard.
    pub fn owns(&self, point: usize) -> bool {
        point % self.count == self.index
    }
}

/// `"2/3"`, or `"2/3 (Slurm task 3)"` when a job-array task ran it.
impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)?;
        if let Some(t) = &self.task {
            write!(f, " ({} {})", t.scheduler.task_word(), t.id)?;
        }
        Ok(())
    }
}

/// The scheduler of a job array, as `sweep --shard-from-env` found it in the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheduler {
    /// Slurm (`SLURM_ARRAY_TASK_ID`): shard = task ID modulo the number of shards, so any
    /// N consecutive IDs cover every shard once (tasks 1, 2, 3 of three run shards 2/3,
    /// 3/3 and 1/3).
    Slurm,
    /// A Kubernetes indexed job (`JOB_COMPLETION_INDEX`, from 0): shard = index + 1.
    Kubernetes,
    /// An AWS Batch array job (`AWS_BATCH_JOB_ARRAY_INDEX`, from 0): shard = index + 1.
    AwsBatch,
}

impl Scheduler {
    /// How the scheduler calls one task's number: `"Slurm task"`, `"Kubernetes index"`,
    /// `"AWS Batch index"`.
    pub fn task_word(self) -> &'static str {
        match self {
            Scheduler::Slurm => "Slurm task",
            Scheduler::Kubernetes => "Kubernetes index",
            Scheduler::AwsBatch => "AWS Batch index",
        }
    }

    /// The shard (from 0) of `count` that task `id` runs.
    pub fn shard_of(self, id: usize, count: usize) -> usize {
        match self {
            Scheduler::Slurm => id % count.max(1),
            Scheduler::Kubernetes | Scheduler::AwsBatch => id,
        }
    }
}

/// The job-array task that ran a shard, numbered as its scheduler numbers it, kept in the
/// shard's manifest so that `merge` can name a missing shard by its task too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// The scheduler.
    pub scheduler: Scheduler,
    /// The task's number as the scheduler gave it (`SLURM_ARRAY_TASK_ID`, ...).
    pub id: usize,
    /// The first task number of the array, where the scheduler says (`SLURM_ARRAY_TASK_MIN`;
    /// 0 for the schedulers that count from 0); `None` if unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<usize>,
}

/// Shard `index` (from 0) of `count`, absent from a merge, named as a person would look for
/// it: `"3/3"`, with the task that should have run it when the shards present came from a
/// job array: `"3/3 (Slurm task 2)"`, the task of the array that begins at the smallest
/// first task number the present shards record (a task resubmitted alone records itself as
/// the first); without one, `"3/3 (the Slurm task whose ID modulo 3 is 2)"`.
pub fn missing_shard(index: usize, count: usize, present: &[Task]) -> String {
    let plain = format!("{}/{count}", index + 1);
    let Some(scheduler) = present.first().map(|t| t.scheduler) else {
        return plain;
    };
    if present.iter().any(|t| t.scheduler != scheduler) {
        return plain;
    }
    let word = scheduler.task_word();
    match scheduler {
        Scheduler::Kubernetes | Scheduler::AwsBatch => format!("{plain} ({word} {index})"),
        Scheduler::Slurm => match present.iter().filter_map(|t| t.first).min() {
            // The ID in [first, first + count) that is `index` modulo `count`.
            Some(first) => {
                let id = first + (index + count - first % count) % count;
                format!("{plain} ({word} {id})")
            }
            None => format!("{plain} (the {word} whose ID modulo {count} is {index})"),
        },
    }
}

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Give each point its own seed instead of common random numbers.
    pub independent_streams: bool,
    /// Adaptive replications, if wanted.
    pub adaptive: Option<Adaptive>,
    /// Run only this share of the points.
    pub shard: Option<Shard>,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// One replication of one point: its seed and the value of every measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationRecord {
    /// Replication number, from 0.
    pub replication: u32,
    /// The seed its streams were derived from.
    pub seed: u64,
    /// The value of each measure of [`Measure::ALL`], in that order.
    pub values: Vec<f64>,
}

/// The replications of one point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// Point number in the grid.
    pub index: usize,
    /// Its replications, in order.
    pub replications: Vec<ReplicationRecord>,
}

impl PointResult {
    /// The estimate of `measure` over this point's replications.
    pub fn estimate(&self, measure: Measure) -> Estimate {
        let i = measure_index(measure);
        let v: Vec<f64> = self.replications.iter().map(|r| r.values[i]).collect();
        estimate_of(measure, &v)
    }

    /// The paired difference `self − baseline` of `measure`, replication by replication.
    pub fn difference(&self, baseline: &PointResult, measure: Measure) -> Estimate {
        let i = measure_index(measure);
        let d: Vec<f64> = self
            .replications
            .iter()
            .zip(&baseline.replications)
            .map(|(a, b)| a.values[i] - b.values[i])
            .collect();
        estimate(&d)
    }
}

/// The position of `measure` in [`Measure::ALL`].
pub fn measure_index(measure: Measure) -> usize {
    Measure::ALL
        .iter()
        .position(|&m| m == measure)
        .expect("every measure is in ALL")
}

/// The seed of point `point` for a sweep whose scenario seed is `seed`.
pub fn point_seed(seed: u64, point: usize, independent: bool) -> u64 {
    if independent {
        seed.wrapping_add((point as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    } else {
        seed
    }
}

/// Builds the scenario of every point of the shard (of the whole grid without one). Every
/// point of the whole grid is validated, whichever shard asks: a grid with a bad point fails
/// in every shard, as it does in one run, rather than in the one shard that holds it after the
/// others have run. The first invalid point is an error naming its settings.
///
/// # Errors
///
/// The message (`String`) of [`ScenarioDocument::at`] for the first point, in point order,
/// whose scenario cannot be built: an axis path that cannot be set (the message names the
/// path), or settings that make the scenario invalid (the message starts with `at` and the
/// point's settings, `path=value, …`, then the key and what is wrong).
pub fn scenarios(
    doc: &ScenarioDocument,
    spec: &SweepSpec,
    shard: Option<Shard>,
) -> Result<Vec<(usize, Scenario)>, String> {
    // Validated in parallel (a million points take minutes on one core), keeping only the
    // shard's points and the errors; rayon's collect keeps point order, so the first error is
    // the first invalid point's whichever thread found it.
    let built: Vec<Result<(usize, Scenario), String>> = (0..spec.len())
        .into_par_iter()
        .filter_map(|p| match doc.at(spec, &spec.point(p)) {
            Err(e) => Some(Err(e)),
            Ok(scenario) => shard.is_none_or(|s| s.owns(p)).then_some(Ok((p, scenario))),
        })
        .collect();
    let kept = built.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(kept)
}

/// Runs the replications of every point in `points` and returns them in point order.
///
/// # Errors
///
/// [`rayon::ThreadPoolBuildError`] if the pool of worker threads cannot be built, which in
/// practice means the operating system refused to start a thread. The points' scenarios
/// are not checked here; [`scenarios`] validates them.
pub fn run(
    points: &[(usize, Scenario)],
    options: &SweepOptions,
) -> Result<Vec<PointResult>, rayon::ThreadPoolBuildError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = options.threads {
        builder = builder.num_threads(t);
    }
    let pool = builder.build()?;
    // Each point's scenario with its seed, set once rather than per replication.
    let scenarios: Vec<Scenario> = points
        .iter()
        .map(|(p, s)| {
            let mut s = s.clone();
            s.simulation.seed = point_seed(s.simulation.seed, *p, options.independent_streams);
            s
        })
        .collect();
    let mut results: Vec<PointResult> = points
        .iter()
        .map(|(p, _)| PointResult {
            index: *p,
            replications: Vec::new(),
        })
        .collect();
    // Round 0: the scenario's replications for every point.
    let mut wanted: Vec<u32> = points
        .iter()
        .map(|(_, s)| s.simulation.replications)
        .collect();
    let total: u64 = wanted.iter().map(|&w| u64::from(w)).sum();
    let bar = progress_bar(total, options.progress);
    loop {
        let jobs: Vec<(usize, u32)> = results
            .iter()
            .enumerate()
            .flat_map(|(i, r)| (r.replications.len() as u32..wanted[i]).map(move |k| (i, k)))
            .collect();
        if jobs.is_empty() {
            break;
        }
        let done: Vec<(usize, ReplicationRecord)> = pool.install(|| {
            jobs.par_iter()
                .map(|&(i, k)| {
                    let scenario = &scenarios[i];
                    let rep = simulate(scenario, k);
                    bar.inc(1);
                    let values = Measure::ALL
                        .iter()
                        .map(|&m| rep.tallies.total.value(m))
                        .collect();
                    (
                        i,
                        ReplicationRecord {
                            replication: k,
                            seed: scenario.simulation.seed,
                            values,
                        },
                    )
                })
                .collect()
        });
        for (i, record) in done {
            results[i].replications.push(record);
        }
        let Some(a) = options.adaptive else {
            break;
        };
        // Another batch for each point not yet precise enough, up to the cap.
        for (i, r) in results.iter().enumerate() {
            let n = r.replications.len() as u32;
            if n >= a.max_replications || precise_enough(r, &a) {
                continue;
            }
            let batch = points[i].1.simulation.replications.max(2);
            wanted[i] = (n + batch).min(a.max_replications);
            bar.inc_length(u64::from(wanted[i] - n));
        }
    }
    bar.finish_and_clear();
    Ok(results)
}

/// Whether point `r`'s estimate of the adaptive measure has the relative half-width asked
/// for. The half-width is the t interval's own, t · s / √n, not the reported interval's, which is
/// clipped to the measure's range (a share near 0 or 1 would look more precise than it is).
fn precise_enough(r: &PointResult, a: &Adaptive) -> bool {
    let e = r.estimate(a.measure);
    match (e.mean, e.std_dev) {
        (Some(m), Some(sd)) if e.n >= 2 => {
            let half = super::stats::t_quantile(0.95, e.n - 1) * sd / (e.n as f64).sqrt();
            half <= a.relative_half_width * m.abs()
        }
        _ => false,
    }
}

/// A progress bar with rate and time left, drawn only when stderr is a terminal.
fn progress_bar(total: u64, wanted: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style =
        ProgressStyle::with_template("{bar:40} {pos}/{len} replications  {per_sec}  {eta} left")
            .expect("a valid template");
    ProgressBar::new(total).with_style(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_any_grid() {
        for n_points in [0usize, 1, 2, 7, 100] {
            for count in 1..=9 {
                let mut seen = vec![0; n_points];
                for index in 0..count {
                    let s = Shard::new(index, count);
                    for (p, n) in seen.iter_mut().enumerate() {
                        if s.owns(p) {
                            *n += 1;
                        }
                    }
                }
                assert!(
                    seen.iter().all(|&n| n == 1),
                    "{n_points} points, {count} shards"
                );
            }
        }
    }

    #[test]
    fn shards_are_named_by_their_task_too() {
        let slurm = |id, first| Task {
            scheduler: Scheduler::Slurm,
            id,
            first,
        };
        // --array=1-3: task 3 runs shard 1/3, task 1 shard 2/3, task 2 shard 3/3.
        let s = Shard {
            index: Scheduler::Slurm.shard_of(3, 3),
            count: 3,
            task: Some(slurm(3, Some(1))),
        };
        assert_eq!(s.to_string(), "1/3 (Slurm task 3)");
        assert_eq!(Shard::new(1, 3).to_string(), "2/3");
        let present = [slurm(3, Some(1)), slurm(1, Some(1))];
        assert_eq!(missing_shard(2, 3, &present), "3/3 (Slurm task 2)");
        // --array=0-2: task 0 runs shard 1/3, so shard 3/3 is task 2 as well; with
        // --array=4-6 it is task 5.
        assert_eq!(
            missing_shard(2, 3, &[slurm(0, Some(0))]),
            "3/3 (Slurm task 2)"
        );
        assert_eq!(
            missing_shard(2, 3, &[slurm(4, Some(4)), slurm(6, Some(4))]),
            "3/3 (Slurm task 5)"
        );
        // A task resubmitted alone (--array=3) says it is the first; the others know better.
        assert_eq!(
            missing_shard(2, 3, &[slurm(3, Some(3)), slurm(1, Some(1))]),
            "3/3 (Slurm task 2)"
        );
        assert_eq!(
            missing_shard(2, 3, &[slurm(3, None)]),
            "3/3 (the Slurm task whose ID modulo 3 is 2)"
        );
        let k8s = Task {
            scheduler: Scheduler::Kubernetes,
            id: 0,
            first: Some(0),
        };
        assert_eq!(missing_shard(1, 2, &[k8s]), "2/2 (Kubernetes index 1)");
        assert_eq!(missing_shard(1, 2, &[]), "2/2");
    }
}
