//! `staffsim frontier FILE`: the cost–quality frontier found by optimisation (see
//! [`staffsim::plan::search`]).

use super::stdout::out;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use clap::Args;
use toml::Value;

use super::sweep::shard_arg;
use super::{Failure, measure_arg, quality_arg};
use staffsim::experiment::sweep::Shard;
use staffsim::metrics::{Measure, Unit};
use staffsim::plan::search::{Decision, FrontierOptions, Progress, Status, frontier};
use staffsim::report::frontier::{FrontierFile, FrontierRun, write_frontier};
use staffsim::report::html::Kind;
use staffsim::report::number::{aligned, decimals_to_tell_apart, fixed};
use staffsim::report::sweep::sha256_hex;
use staffsim::scenario;
use staffsim::scenario::paths::{get_path, number_value};
use staffsim::scenario::sweep::{
    Axis, ScenarioDocument, SweepInput, SweepMode, SweepSpec, range_values,
};

/// Options of `staffsim frontier`.
#[derive(Debug, Args)]
pub struct FrontierArgs {
    /// The scenario file, or a sweep file naming its scenario (its `[sweep]` table is not
    /// used; its `set` values are).
    pub file: PathBuf,
    /// The quality measure constrained to each level (a measure with a direction).
    #[arg(long, default_value = "true_resolution_rate", value_parser = quality_arg)]
    pub quality: Measure,
    /// The levels of --quality: a list `0.90,0.95,0.99` or a range `0.90:0.99:0.01`, in
    /// increasing order, within the measure's range.
    #[arg(long, required = true, value_parser = levels_arg)]
    pub levels: Levels,
    /// A decision key and its range, `PATH=LO:HI` or `PATH=LO:HI:STEP`; several paths
    /// separated by commas take the same value. Repeat for more keys.
    #[arg(long, required = true, value_name = "PATH=LO:HI[:STEP]", value_parser = decide_arg)]
    pub decide: Vec<DecideArg>,
    /// The cost measure minimised (lower is better).
    #[arg(long, default_value = "cost_total", value_parser = measure_arg)]
    pub cost: Measure,
    /// Replications per evaluation (overrides `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub replications: Option<u32>,
    /// Seed of the search (overrides `simulation.seed`); every evaluation uses it.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Seed of the validation runs (default: the search's seed + 1; must differ from it).
    #[arg(long)]
    pub validation_seed: Option<u64>,
    /// Worker threads (default: one per core). The output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Most points evaluated per level.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub max_evaluations: u32,
    /// Search only shard I of N (from 1) of the levels: levels I, I + N, … (from 1).
    #[arg(long, value_name = "I/N", value_parser = shard_arg)]
    pub shard: Option<Shard>,
    /// Output folder (default: FILE's name with "-frontier").
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write report.html and plots/*.svg into the --out folder (see `staffsim report`).
    #[arg(long, requires = "out", conflicts_with = "shard")]
    pub report: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The levels of `--levels`.
#[derive(Debug, Clone)]
pub struct Levels(Vec<f64>);

/// One `--decide`.
#[derive(Debug, Clone)]
pub struct DecideArg {
    paths: Vec<String>,
    low: f64,
    high: f64,
    step: Option<f64>,
}

fn number(s: &str, what: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("{what}: {s:?} is not a number")),
    }
}

fn levels_arg(s: &str) -> Result<Levels, String> {
    let levels = if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        let [from, to, step] = parts.as_slice() else {
            return Err(format!(
                "expected a range FROM:TO:STEP such as 0.90:0.99:0.01, found {s:?}"
            ));
        };
        let (from, to, step) = (
            number(from, "the range's start")?,
            number(to, "the range's end")?,
            number(step, "the range's step")?,
        );
        range_values(from, to, step)?
    } else {
        s.split(',')
            .map(|x| number(x, "a level"))
            .collect::<Result<Vec<f64>, String>>()?
    };
    if levels.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!(
            "the levels must increase, each above the one before: {s:?}"
        ));
    }
    Ok(Levels(levels))
}

fn decide_arg(s: &str) -> Result<DecideArg, String> {
    let bad = || {
        format!(
            "expected PATH=LO:HI or PATH=LO:HI:STEP such as \
             pools.chat_agents.staffing_scale=0.6:1.6:0.05, found {s:?}"
        )
    };
    let (paths, range) = s.split_once('=').ok_or_else(bad)?;
    let paths: Vec<String> = paths.split(',').map(|p| p.trim().to_string()).collect();
    if paths.iter().any(String::is_empty) {
        return Err(bad());
    }
    let parts: Vec<&str> = range.split(':').collect();
    let (low, high, step) = match parts.as_slice() {
        [lo, hi] => (number(lo, "LO")?, number(hi, "HI")?, None),
        [lo, hi, step] => (
            number(lo, "LO")?,
            number(hi, "HI")?,
            Some(number(step, "STEP")?),
        ),
        _ => return Err(bad()),
    };
    if low >= high {
        return Err(format!("{s:?}: LO must be below HI"));
    }
    if let Some(st) = step
        && !(st > 0.0 && st <= high - low)
    {
        return Err(format!("{s:?}: STEP must be above 0 and at most HI − LO"));
    }
    Ok(DecideArg {
        paths,
        low,
        high,
        step,
    })
}

/// Whether `level` can be a level of `quality`: a share in [0, 1], a score in [1, 5], any
/// other measure at least 0.
fn level_in_range(quality: Measure, level: f64) -> bool {
    match quality.unit() {
        Unit::Share => (0.0..=1.0).contains(&level),
        Unit::Score => (1.0..=5.0).contains(&level),
        _ => level >= 0.0,
    }
}

/// Runs `staffsim frontier`.
pub fn execute(args: FrontierArgs) -> Result<(), Failure> {
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
        .unwrap_or_else(|| PathBuf::from(format!("{stem}-frontier")));
    let mut folder = super::lock_out(&out)?;
    let dir = args.file.parent().unwrap_or(std::path::Path::new("."));
    let read = SweepInput::read(&raw_text, &file, dir).map_err(|e| input(e.to_string()))?;
    let text = read.text;
    let base =
        scenario::parse(&text, &read.scenario_file, &stem).map_err(|e| input(e.to_string()))?;
    let quality = args.quality;
    if let Some(l) = args.levels.0.iter().find(|&&l| !level_in_range(quality, l)) {
        return Err(input(format!(
            "--levels: {l} is outside the range of {} ({})",
            quality.key(),
            match quality.unit() {
                Unit::Share => "a share from 0 to 1",
                Unit::Score => "a score from 1 to 5",
                _ => "at least 0",
            }
        )));
    }
    let doc = ScenarioDocument::new(&text, &read.scenario_file, &stem)
        .map_err(|e| input(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| input(e.to_string()))?;
    let mut decisions = Vec::new();
    for d in &args.decide {
        let mut integer = true;
        for p in &d.paths {
            match get_path(&table, p) {
                Some(Value::Integer(_)) => {}
                Some(Value::Float(_)) | None => integer = false,
                Some(other) => {
                    return Err(input(format!(
                        "--decide {p}: the setting is a {}, not a number",
                        other.type_str()
                    )));
                }
            }
        }
        decisions.push(Decision {
            paths: d.paths.clone(),
            low: d.low,
            high: d.high,
            step: d.step,
            integer,
        });
    }
    let spec = SweepSpec {
        mode: SweepMode::Zip,
        axes: decisions
            .iter()
            .map(|d| Axis {
                path: d.paths[0].clone(),
                also: d.paths[1..].to_vec(),
                values: Vec::new(),
                range: None,
                written: Default::default(),
            })
            .collect(),
        lhs: None,
    };
    let replications = args.replications.unwrap_or(base.simulation.replications);
    let seed = args.seed.unwrap_or(base.simulation.seed);
    let build = |values: &[f64]| {
        let point: Vec<Value> = values.iter().map(|&x| number_value(x)).collect();
        let mut s = doc.at(&spec, &point)?;
        s.simulation.replications = replications;
        s.simulation.seed = seed;
        Ok(s)
    };
    // Every corner of the box must be a valid scenario: a bad path or a value a file could
    // not hold is the user's input, found before anything runs.
    for n in 0..(1usize << decisions.len()) {
        let corner: Vec<f64> = decisions
            .iter()
            .enumerate()
            .map(|(i, d)| d.at(if n >> i & 1 == 1 { 1.0 } else { 0.0 }))
            .collect();
        build(&corner).map_err(input)?;
    }
    let validation_seed = args.validation_seed.unwrap_or(seed.wrapping_add(1));
    if validation_seed == seed {
        return Err(input(format!(
            "--validation-seed must differ from the search's seed ({seed})"
        )));
    }
    if let Some(sh) = args.shard
        && sh.index >= args.levels.0.len()
    {
        return Err(input(format!(
            "--shard {}/{}: the shard has none of the {} levels",
            sh.index + 1,
            sh.count,
            args.levels.0.len()
        )));
    }
    let options = FrontierOptions {
        quality,
        cost: args.cost,
        levels: args.levels.0.clone(),
        max_evaluations: args.max_evaluations as usize,
        threads: args.threads.map(|t| t as usize),
        validation_seed,
        shard: args.shard,
    };
    let per_level = options.max_evaluations as u64;
    let bar = progress_bar(!args.quiet);
    let started = Instant::now();
    let found = frontier(build, &decisions, &options, |p: Progress| {
        bar.set_length(p.levels as u64 * per_level);
        bar.set_position(p.levels_done as u64 * per_level + p.evaluations as u64);
    })
    .map_err(|e| match e {
        staffsim::plan::search::FrontierError::Threads(_) => Failure::Runtime(anyhow!(e)),
        other => input(other.to_string()),
    })?;
    bar.finish_and_clear();
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let run = FrontierRun {
        scenario: &base.name,
        scenario_file: &file_name,
        scenario_sha256: &sha256_hex(text.as_bytes()),
        seed,
        replications,
        decisions: &decisions,
        options: &options,
    };
    let written = FrontierFile::of(&run, &found);
    write_frontier(&mut folder, &written).map_err(Failure::Runtime)?;
    if !args.quiet {
        eprintln!(
            "searched {} levels: {} points simulated, {} contacts in {:.1} s; wrote {}",
            found.levels.len(),
            found.simulated_points,
            found.contacts,
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    if args.report {
        // Written when no level is feasible too: the report shows what the search found.
        super::report::write(&mut folder, None, Some(Kind::Frontier), args.quiet)?;
    }
    out!("{}", table_text(&written));
    if !written.any_feasible() {
        return Err(infeasible(&written));
    }
    Ok(())
}

/// The failure of a frontier with no feasible level (exit status 3), for `frontier` and for
/// `merge` of its shards.
pub(super) fn infeasible(file: &FrontierFile) -> Failure {
    Failure::Infeasible(anyhow!(
        "infeasible: no level of {} can be met within the box (frontier.csv marks each level)",
        file.options.quality.key()
    ))
}

/// The frontier for stdout: a row per feasible level, its columns sized by their content and
/// each measure with the decimals that tell neighbouring levels apart, then a line per
/// infeasible level (also printed by `staffsim merge`).
pub(super) fn table_text(file: &FrontierFile) -> String {
    let o = &file.options;
    let mut out = format!(
        "Least {} for each level of {} (validation seed {})\n",
        o.cost.key(),
        o.quality.key(),
        o.validation_seed
    );
    let feasible: Vec<_> = file
        .levels
        .iter()
        .filter_map(|l| l.best.as_ref().map(|b| (l, b)))
        .collect();
    // A column of measure values (in `unit`), with the decimals that tell its rows apart.
    let column = |values: Vec<Option<f64>>, unit: Unit| -> Vec<String> {
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let d = decimals_to_tell_apart(&known, unit, 2, 6);
        values.into_iter().map(|v| fixed(v, unit, d)).collect()
    };
    let cost = column(
        feasible.iter().map(|(_, b)| b.cost.mean).collect(),
        o.cost.unit(),
    );
    let quality = column(
        feasible.iter().map(|(_, b)| b.quality.mean).collect(),
        o.quality.unit(),
    );
    let csat = column(
        feasible.iter().map(|(_, b)| b.csat_survey.mean).collect(),
        Unit::Score,
    );
    let resolution = column(
        feasible
            .iter()
            .map(|(_, b)| b.true_resolution_rate.mean)
            .collect(),
        Unit::Share,
    );
    let fresh = column(
        feasible
            .iter()
            .map(|(l, _)| l.validation.as_ref().and_then(|v| v.outcome.quality.mean))
            .collect(),
        o.quality.unit(),
    );
    let mut rows = vec![vec![
        "level".to_string(),
        "settings".to_string(),
        o.cost.key().to_string(),
        o.quality.key().to_string(),
        "csat".to_string(),
        "true resolution".to_string(),
        "|".to_string(),
        format!("fresh seed: {}", o.quality.key()),
        "level".to_string(),
        "targets".to_string(),
    ]];
    for (k, (l, b)) in feasible.iter().enumerate() {
        let settings: Vec<String> = o
            .decide
            .iter()
            .zip(&b.values)
            .map(|(d, v)| format!("{}={v}", d.paths[0]))
            .collect();
        let v = l.validation.as_ref();
        // Each target's mark on the fresh seed (on the seed searched they hold: the point is
        // feasible), "(abandonment_rate ✓, service_level 46/48 ✗)".
        let marks: Vec<String> = v
            .map(|v| &v.outcome.targets[..])
            .unwrap_or_default()
            .iter()
            .map(|t| format!("{} {}", t.measure().key(), t.mark()))
            .collect();
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" ({})", marks.join(", "))
        };
        rows.push(vec![
            format!("level {}", l.level),
            settings.join(", "),
            cost[k].clone(),
            quality[k].clone(),
            csat[k].clone(),
            resolution[k].clone(),
            "|".to_string(),
            fresh[k].clone(),
            if v.is_some_and(|v| v.meets_level) {
                "met"
            } else if v.is_some_and(|v| v.level_within_ci) {
                "missed within its 95 % interval"
            } else {
                "missed"
            }
            .to_string(),
            format!(
                "{}{marks}",
                if v.is_some_and(|v| v.targets_hold) {
                    "hold"
                } else {
                    "fail"
                }
            ),
        ]);
        debug_assert_eq!(l.status, Status::Feasible);
    }
    if !feasible.is_empty() {
        out += &aligned(&rows, &[2, 3, 4, 5, 7], "  ");
    }
    for l in file.levels.iter().filter(|l| l.best.is_none()) {
        out += &format!("  level {} infeasible: {}\n", l.level, l.note);
    }
    out
}

/// A progress bar over the levels' evaluations, drawn only when stderr is a terminal.
fn progress_bar(wanted: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} evaluations (at most, all levels)  {eta} left",
    )
    .expect("a valid template");
    indicatif::ProgressBar::new(0).with_style(style)
}
