//! `staffsim sweep FILE`: many scenarios, on one machine or as shards of a job array (joined
//! by `staffsim merge`, in [`super::merge`]).

use super::stdout::{out, outln};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use clap::Args;

use super::{Failure, measure_arg, quality_arg};
use staffsim::experiment::budget::Budget;
use staffsim::experiment::design;
use staffsim::experiment::sensitivity::{MeasureSensitivity, too_few_samples};
use staffsim::experiment::sweep::{self, Adaptive, Scheduler, Shard, SweepOptions, Task};
use staffsim::metrics::Measure;
use staffsim::model::Scenario;
use staffsim::report::html::Kind;
use staffsim::report::number::{aligned, decimals_to_tell_apart, fixed};
use staffsim::report::sweep::{Manifest, sensitivity, sha256_hex, write_sweep};
use staffsim::scenario;
use staffsim::scenario::sweep::{ScenarioDocument, SweepInput, describe};

/// Options of `staffsim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file, with a [sweep] table of axes.
    pub file: PathBuf,
    /// Output folder (default: FILE's name with "-sweep").
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replications per point (overrides `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub replications: Option<u32>,
    /// Seed (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). The output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Quality measure of the cost–quality frontier.
    #[arg(long, default_value = "csat_survey", value_parser = quality_arg)]
    pub quality: Measure,
    /// Cost measure of the frontier (lower is better).
    #[arg(long, default_value = "cost_total", value_parser = measure_arg)]
    pub cost: Measure,
    /// Point that paired differences are taken against (from 0).
    #[arg(long, default_value_t = 0)]
    pub baseline: usize,
    /// Give each point its own random streams instead of common random numbers (to compare).
    #[arg(long)]
    pub independent_streams: bool,
    /// Keep adding replications to a point until this measure is precise enough.
    #[arg(long, value_parser = measure_arg, requires = "target_relative_half_width")]
    pub adaptive_measure: Option<Measure>,
    /// Precision target of --adaptive-measure: 95 % half-width / |mean|, such as 0.01.
    #[arg(long, requires = "adaptive_measure")]
    pub target_relative_half_width: Option<f64>,
    /// Cap of replications per point with --adaptive-measure.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub max_replications: u32,
    /// Largest grid run without --force.
    #[arg(long, default_value_t = 10_000)]
    pub max_points: usize,
    /// Run a grid larger than --max-points.
    #[arg(long)]
    pub force: bool,
    /// Run only shard I of N (from 1), such as 2/8; `staffsim merge` joins the parts.
    #[arg(long, value_name = "I/N", value_parser = shard_arg, conflicts_with = "shard_from_env")]
    pub shard: Option<Shard>,
    /// Take the shard from the job array: Slurm (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT),
    /// Kubernetes indexed jobs (JOB_COMPLETION_INDEX) or AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX);
    /// the last two need --shard-count or STAFFSIM_SHARD_COUNT. With Slurm the shard is the
    /// task ID modulo the number of shards, plus one (task 3 of --array=1-3 runs shard 1/3);
    /// messages and manifest.json name the task beside the shard.
    #[arg(long)]
    pub shard_from_env: bool,
    /// Number of shards, for --shard-from-env where the scheduler does not say.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub shard_count: Option<u32>,
    /// Also write report.html and plots/*.svg into the --out folder (see `staffsim report`).
    #[arg(long, requires = "out", conflicts_with_all = ["shard", "shard_from_env"])]
    pub report: bool,
    /// With --report: the measure of the heat map (default: --quality).
    #[arg(long, value_name = "MEASURE", requires = "report")]
    pub heatmap: Option<String>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses "I/N" with 1 <= I <= N.
pub fn shard_arg(s: &str) -> Result<Shard, String> {
    let bad = || format!("expected a shard such as 2/8 (the 2nd of 8, from 1), found {s:?}");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(bad());
    }
    Ok(Shard::new(i - 1, n))
}

/// The shard of this task of a job array, from the environment read by `var`.
pub fn shard_from_env(
    var: impl Fn(&str) -> Option<String>,
    count: Option<usize>,
) -> Result<Shard, String> {
    let num = |name: &str| -> Result<Option<usize>, String> {
        var(name)
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|_| format!("{name}={v:?} is not a whole number"))
            })
            .transpose()
    };
    let count = match count {
        Some(c) => Some(c),
        None => num("STAFFSIM_SHARD_COUNT")?,
    };
    // Slurm's shard is the task's ID modulo the number of shards: any N consecutive task IDs
    // (1-8 or 0-7) cover every shard once, and a task resubmitted alone keeps its shard.
    let (scheduler, id, first, count) = if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
        let n = match count {
            Some(c) => c,
            None => num("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_COUNT is not set; pass --shard-count")?,
        };
        (Scheduler::Slurm, id, num("SLURM_ARRAY_TASK_MIN")?, n)
    } else if let Some(i) = num("JOB_COMPLETION_INDEX")? {
        (Scheduler::Kubernetes, i, Some(0), count.ok_or("a Kubernetes indexed job does not say how many shards there are: pass --shard-count or set STAFFSIM_SHARD_COUNT")?)
    } else if let Some(i) = num("AWS_BATCH_JOB_ARRAY_INDEX")? {
        (Scheduler::AwsBatch, i, Some(0), count.ok_or("AWS Batch does not say how many shards there are: pass --shard-count or set STAFFSIM_SHARD_COUNT")?)
    } else {
        return Err("--shard-from-env: none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX is set".into());
    };
    let index = scheduler.shard_of(id, count);
    if count == 0 || index >= count {
        return Err(format!(
            "{} {id} would run shard {} of {count}, which does not exist",
            scheduler.task_word(),
            index + 1
        ));
    }
    Ok(Shard {
        index,
        count,
        task: Some(Task {
            scheduler,
            id,
            first,
        }),
    })
}

/// Runs `staffsim sweep`.
pub fn execute(args: SweepArgs) -> Result<(), Failure> {
    let input = |e: String| Failure::Input(anyhow!(e));
    let file = args.file.display().to_string();
    let raw_text = scenario::read(&args.file).map_err(|e| input(e.to_string()))?;
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{stem}-sweep")));
    let mut folder = super::lock_out(&out)?;
    let dir = args.file.parent().unwrap_or(std::path::Path::new("."));
    let sweep_input = SweepInput::read(&raw_text, &file, dir).map_err(|e| input(e.to_string()))?;
    let text = sweep_input.text;
    let base = scenario::parse(&text, &sweep_input.scenario_file, &stem)
        .map_err(|e| input(e.to_string()))?;
    let spec = sweep_input.spec.ok_or_else(|| {
        input(format!(
            "{file} has no [sweep] table: add [[sweep.axes]] with a `path` and `values`"
        ))
    })?;
    if spec.len() > args.max_points && !args.force {
        return Err(input(format!(
            "the grid has {} points, more than --max-points {}; pass --force to run it anyway",
            spec.len(),
            args.max_points
        )));
    }
    if args.baseline >= spec.len() {
        return Err(input(format!(
            "--baseline {} is not a point of the {}-point grid",
            args.baseline,
            spec.len()
        )));
    }
    if let Some(h) = &args.heatmap {
        // Checked before the sweep runs, not after: results.csv has one column per measure.
        measure_arg(h).map_err(|e| input(format!("--heatmap: {e}")))?;
    }
    if let Some(t) = args.target_relative_half_width
        && !(t > 0.0 && t.is_finite())
    {
        return Err(input(
            "--target-relative-half-width: expected a number above zero, such as 0.01".into(),
        ));
    }
    let shard = if args.shard_from_env {
        Some(
            shard_from_env(
                |k| std::env::var(k).ok(),
                args.shard_count.map(|c| c as usize),
            )
            .map_err(input)?,
        )
    } else {
        args.shard
    };
    let doc = ScenarioDocument::new(&text, &file, &stem).map_err(|e| input(e.to_string()))?;
    // A Latin hypercube is drawn here, from the scenario's own seed unless [sweep] gives one
    // (--seed changes the replications' streams, not the design).
    let spec = design::resolve(&spec, &doc, base.simulation.seed).map_err(input)?;
    if spec.lhs.is_some() && too_few_samples(spec.len(), spec.axes.len()) && !args.quiet {
        eprintln!(
            "warning: {} samples for {} axes are too few for the rank regression (it needs at \
             least {}): sensitivity.csv gives Spearman's correlations only; raise `samples`",
            spec.len(),
            spec.axes.len(),
            spec.axes.len() + 2
        );
    }
    // What the sweep keeps is judged twice: from the number of points before they are built
    // (a million points take minutes to validate), then from the points themselves.
    let replications = args.replications.unwrap_or(base.simulation.replications);
    let adaptive_cap = args.adaptive_measure.map(|_| args.max_replications);
    let owned = shard.map_or(spec.len(), |s| spec.len().div_ceil(s.count));
    super::check_budget(
        &Budget::of_points(owned, replications.max(adaptive_cap.unwrap_or(0))),
        true,
    )?;
    let mut points = sweep::scenarios(&doc, &spec, shard).map_err(input)?;
    for (_, s) in &mut points {
        if let Some(r) = args.replications {
            s.simulation.replications = r;
        }
        if let Some(seed) = args.seed {
            s.simulation.seed = seed;
        }
    }
    super::check_budget(
        &Budget::of_sweep(
            points.iter().map(|(_, s)| s),
            super::threads_or_cores(args.threads),
            adaptive_cap,
        ),
        args.quiet,
    )?;
    let adaptive = args.adaptive_measure.map(|measure| Adaptive {
        measure,
        relative_half_width: args.target_relative_half_width.unwrap_or(0.01),
        max_replications: args.max_replications,
    });
    let options = SweepOptions {
        threads: args.threads.map(|t| t as usize),
        independent_streams: args.independent_streams,
        adaptive,
        shard,
        progress: !args.quiet,
    };
    let started = Instant::now();
    let results = sweep::run(&points, &options).map_err(|e| Failure::Runtime(anyhow!(e)))?;
    super::check_contact_limit()?;
    let manifest = Manifest {
        staffsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_file: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        scenario_sha256: sha256_hex(text.as_bytes()),
        seed: args.seed.unwrap_or(base.simulation.seed),
        replications: args.replications.unwrap_or(base.simulation.replications),
        independent_streams: args.independent_streams,
        adaptive,
        cost: args.cost,
        quality: args.quality,
        baseline: args.baseline,
        sweep: spec.clone(),
        points: spec.len(),
        shard,
    };
    let sensitivity = sensitivity(&manifest, &results);
    write_sweep(&mut folder, &manifest, &results, sensitivity.as_deref())
        .map_err(Failure::Runtime)?;
    if !args.quiet {
        let reps: usize = results.iter().map(|r| r.replications.len()).sum();
        eprintln!(
            "ran {} points, {reps} replications in {:.1} s; wrote {}",
            results.len(),
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    if args.report {
        super::report::write(
            &mut folder,
            args.heatmap.clone(),
            Some(Kind::Sweep),
            args.quiet,
        )?;
    }
    if shard.is_none() {
        out!("{}", frontier_table(&manifest, &results));
        if let Some(rows) = &sensitivity {
            out!("{}", sensitivity_table(&manifest, Some(&base), rows));
        }
    } else if let Some(s) = shard {
        outln!(
            "shard {s}: {} of {} points written to {}",
            results.len(),
            spec.len(),
            out.display()
        );
    }
    Ok(())
}

/// The frontier for stdout: a row per point not dominated on cost against quality, its
/// columns sized by their content and each measure with the decimals that tell neighbouring
/// points apart.
fn frontier_table(manifest: &Manifest, results: &[sweep::PointResult]) -> String {
    let (cost, quality) = (manifest.cost, manifest.quality);
    let front = staffsim::plan::pareto(results, cost, quality);
    let mut out = format!(
        "Cost–quality frontier: {} against {} ({} of {} points)\n",
        cost.key(),
        quality.key(),
        front.len(),
        results.len()
    );
    let mean = |i: usize, m: Measure| results[i].estimate(m).mean;
    let decimals = |m: Measure| {
        let values: Vec<f64> = front.iter().filter_map(|&i| mean(i, m)).collect();
        decimals_to_tell_apart(&values, m.unit(), 2, 6)
    };
    let (dc, dq) = (decimals(cost), decimals(quality));
    let mut rows = vec![vec![
        "point".to_string(),
        "settings".to_string(),
        cost.key().to_string(),
        quality.key().to_string(),
    ]];
    for &i in &front {
        let r = &results[i];
        rows.push(vec![
            r.index.to_string(),
            describe(&manifest.sweep, &manifest.sweep.point(r.index)),
            fixed(mean(i, cost), cost.unit(), dc),
            fixed(mean(i, quality), quality.unit(), dq),
        ]);
    }
    out += &aligned(&rows, &[0, 2, 3], "  ");
    out
}

/// The measures the terminal's sensitivity table shows: the frontier's quality and cost, the
/// scenario's targets, then the service level, the average speed of answer and abandonment.
fn key_measures(manifest: &Manifest, scenario: Option<&Scenario>) -> Vec<Measure> {
    let mut keys = vec![manifest.quality, manifest.cost];
    if let Some(s) = scenario {
        let t = &s.targets;
        keys.extend(t.over_run.iter().chain(&t.per_interval).map(|t| t.measure));
    }
    keys.extend([
        Measure::ServiceLevel,
        Measure::AsaSeconds,
        Measure::AbandonmentRate,
    ]);
    let mut seen = Vec::new();
    keys.retain(|m| {
        let new = !seen.contains(m);
        seen.push(*m);
        new
    });
    keys
}

/// The sensitivity summary for the terminal: for each key measure, the axes ranked by
/// |SRRC|, with their 95 % intervals and Spearman's correlations (every measure is in
/// `sensitivity.csv`).
pub fn sensitivity_table(
    manifest: &Manifest,
    scenario: Option<&Scenario>,
    rows: &[MeasureSensitivity],
) -> String {
    let cell = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:+.3}"));
    let width = manifest
        .sweep
        .axes
        .iter()
        .map(|a| a.path.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "Sensitivity: standardised rank regression coefficients over {} samples, 95 % \
         bootstrap intervals (all measures in sensitivity.csv)\n",
        manifest.points
    );
    for key in key_measures(manifest, scenario) {
        let Some(m) = rows.iter().find(|m| m.measure == key) else {
            continue;
        };
        let r = &m.regression;
        if r.inputs.iter().all(|c| c.spearman.is_none()) {
            out += &format!("  {}: constant over the samples\n", key.key());
            continue;
        }
        out += &format!(
            "  {} (R² {})\n",
            key.key(),
            r.r2.map_or("-".into(), |v| format!("{v:.2}"))
        );
        let mut order: Vec<usize> = (0..r.inputs.len()).collect();
        order.sort_by(|&a, &b| {
            let size = |i: usize| r.inputs[i].srrc.map_or(-1.0, f64::abs);
            size(b).total_cmp(&size(a)).then(a.cmp(&b))
        });
        for i in order {
            let c = &r.inputs[i];
            let ci = c
                .ci95
                .map_or(String::new(), |[lo, hi]| format!("[{lo:+.3}, {hi:+.3}]"));
            out += &format!(
                "    {:<width$}  srrc {:>6} {:<18}  spearman {:>6}\n",
                manifest.sweep.axes[i].path,
                cell(c.srrc),
                ci,
                cell(c.spearman),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_flags_are_one_based() {
        assert_eq!(shard_arg("1/3").unwrap(), Shard::new(0, 3));
        assert_eq!(shard_arg("3/3").unwrap(), Shard::new(2, 3));
        for bad in ["0/3", "4/3", "1/0", "x/3", "3"] {
            assert!(shard_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_come_from_each_scheduler() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        // --array=1-4: tasks 1, 2, 3, 4 take indices 1, 2, 3, 0.
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        let s = shard_from_env(slurm, None).unwrap();
        assert_eq!((s.index, s.count), (0, 4));
        assert_eq!(s.to_string(), "1/4 (Slurm task 4)");
        assert_eq!(
            s.task,
            Some(Task {
                scheduler: Scheduler::Slurm,
                id: 4,
                first: Some(1)
            })
        );
        // Task 3 resubmitted alone (--array=3) keeps its shard given --shard-count.
        let again = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
        ]);
        let s = shard_from_env(again, Some(4)).unwrap();
        assert_eq!((s.index, s.count), (3, 4));
        assert_eq!(s.to_string(), "4/4 (Slurm task 3)");
        let k8s = env(&[("JOB_COMPLETION_INDEX", "0"), ("STAFFSIM_SHARD_COUNT", "5")]);
        let s = shard_from_env(k8s, None).unwrap();
        assert_eq!((s.index, s.count), (0, 5));
        assert_eq!(s.to_string(), "1/5 (Kubernetes index 0)");
        let aws = env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "7")]);
        let s = shard_from_env(aws, Some(8)).unwrap();
        assert_eq!((s.index, s.count), (7, 8));
        assert_eq!(s.to_string(), "8/8 (AWS Batch index 7)");
        assert!(
            shard_from_env(env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "7")]), None)
                .unwrap_err()
                .contains("--shard-count")
        );
        assert!(shard_from_env(env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "8")]), Some(8)).is_err());
        assert!(shard_from_env(env(&[]), None).is_err());
    }
}
