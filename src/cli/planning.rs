//! What the planning commands (`staff`, `schedule`) share at the command line: the scenario
//! read with the search's overrides and checked for what a search needs, the validation
//! seed, and how a target reads.

use std::path::Path;

use anyhow::{Context, anyhow};
use clap::Args;

use super::Failure;
use staffsim::metrics::{MetBy, Target, Unit};
use staffsim::model::Scenario;
use staffsim::scenario;
use staffsim::units::WEEK;

/// The flags of a simulation search that `staff` and `schedule` share: its seeds, its
/// threads, the report and the progress lines.
#[derive(Debug, Args)]
pub struct SearchFlags {
    /// Seed of the search (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Seed of the validation run (default: the search's seed + 1). It must differ from the
    /// search's: a plan is reported as meeting its targets on seeds it was not found on.
    #[arg(long)]
    pub validation_seed: Option<u64>,
    /// Worker threads (default: one per core). The output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Also write report.html and plots/*.svg into the --out folder (see `staffsim report`).
    #[arg(long, requires = "out")]
    pub report: bool,
    /// Do not print the progress lines on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// A scenario read for a search.
pub(super) struct Loaded {
    /// The file's text, to write the planned scenario from.
    pub text: String,
    /// The validated scenario, with `--replications` and `--seed` applied.
    pub desk: Scenario,
    /// The file's name as given, for messages.
    pub file: String,
}

/// Reads `path` with the search's overrides, and refuses a scenario without a per-interval
/// target or with `simulation.scale` (`why` says what the command plans: "staff finds the
/// agents of the operation as written").
pub(super) fn load(
    path: &Path,
    replications: Option<u32>,
    seed: Option<u64>,
    why: &str,
) -> Result<Loaded, Failure> {
    let input = Failure::Input;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(input)?;
    let mut desk = scenario::load(path).map_err(|e| input(anyhow!(e)))?;
    if let Some(r) = replications {
        desk.simulation.replications = r;
    }
    if let Some(s) = seed {
        desk.simulation.seed = s;
    }
    let file = path.display().to_string();
    if desk.targets.per_interval.is_empty() {
        return Err(input(anyhow!(
            "{file}: no per-interval target: add a [targets.interval] table, for example \
             service_level = {{ min = 0.8 }}"
        )));
    }
    if desk.simulation.scale != 1.0 {
        return Err(input(anyhow!(
            "{file}: `simulation.scale` is {}: {why}; remove the scale",
            desk.simulation.scale
        )));
    }
    Ok(Loaded { text, desk, file })
}

/// The reporting intervals in `cycle`; refuses a reporting interval that does not cut it
/// into whole intervals, and a weekly cycle on a run whose time 0 is not a Monday.
///
/// A weekly plan (requirements, schedules, cover) is read and written from Monday 00:00
/// (`"Mon 09:00"`), and its search reads the run's intervals from time 0; a run with a
/// `simulation.start` on another weekday would put Monday's requirement on another day. So
/// the rule is explicit: plan a week from a start on a Monday (or without a start, whose
/// time 0 is a Monday), or plan a day (`--cycle day`), which has no weekday.
pub(super) fn check_interval(file: &str, desk: &Scenario, cycle: f64) -> Result<usize, Failure> {
    let calendar = &desk.simulation.calendar;
    if cycle == WEEK
        && let Some(start) = calendar.start()
        && calendar.weekday_offset() != 0
    {
        return Err(Failure::Input(anyhow!(
            "{file}: `simulation.start` is {start}, a {:?}: a weekly plan starts on a Monday              (its \"Mon 09:00\" is time 0's weekday); start the run on a Monday (\"{}\")              or plan one day with `--cycle day`",
            start.weekday(),
            start
                .checked_add(jiff::Span::new().days(i64::from(7 - calendar.weekday_offset())))
                .map_or_else(|_| "a Monday".to_string(), |d| d.to_string())
        )));
    }
    let interval = desk.simulation.interval;
    let slots = (cycle / interval).round();
    if slots < 1.0 || (slots * interval - cycle).abs() > 1e-6 * cycle {
        return Err(Failure::Input(anyhow!(
            "{file}: `simulation.interval` ({}) must cut the {} into whole intervals: use \
             for example \"15m\", \"30m\" or \"1h\"",
            staffsim::units::HumanDuration(interval),
            if cycle == WEEK { "week" } else { "day" }
        )));
    }
    Ok(slots as usize)
}

/// The validation run's seed: the one given, or the search's + 1; never the search's.
pub(super) fn validation_seed(given: Option<u64>, desk: &Scenario) -> Result<u64, Failure> {
    let seed = given.unwrap_or(desk.simulation.seed.wrapping_add(1));
    if seed == desk.simulation.seed {
        return Err(Failure::Input(anyhow!(
            "--validation-seed must differ from the search's seed ({seed})"
        )));
    }
    Ok(seed)
}

/// How the scenario's targets count as met, in words.
pub(super) fn met_by(desk: &Scenario) -> String {
    match desk.targets.met_by {
        MetBy::OnAverage => "on average".into(),
        MetBy::WithConfidence(c) => format!("with {:.0} % confidence", 100.0 * c),
    }
}

/// A target's value as a planner reads it: shares in %, seconds in s.
pub(super) fn show(target: &Target, x: f64) -> String {
    match target.measure.unit() {
        Unit::Share => format!("{:.1}%", 100.0 * x),
        Unit::Seconds => format!("{x:.1}s"),
        _ => format!("{x:.3}"),
    }
}
