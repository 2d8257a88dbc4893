//! The command line: clap definitions and one module per subcommand.
//!
//! Errors are split by whose they are: [`Failure::Input`] (a bad scenario, a bad flag value)
//! exits with status 2, like clap's own usage errors; [`Failure::Runtime`] (a file that cannot
//! be written) exits with status 1; [`Failure::Infeasible`] (a search that found no plan
//! meeting the targets) exits with status 3.

mod erlang;
mod fit;
mod forecast;
mod frontier;
mod merge;
mod planning;
mod report;
pub(crate) mod run;
mod schedule;
mod staff;
pub(crate) mod stdout;
mod sweep;

use clap::{Parser, Subcommand};
use staffsim::engine::interrupt;
use staffsim::experiment::budget::{self, Budget};
use staffsim::report::folder::OutputFolder;

pub use erlang::ErlangArgs;
pub use fit::FitArgs;
pub use forecast::ForecastArgs;
pub use frontier::FrontierArgs;
pub use merge::MergeArgs;
pub use report::ReportArgs;
pub use run::RunArgs;
pub use schedule::ScheduleArgs;
pub use staff::StaffArgs;
pub use sweep::SweepArgs;

/// staffsim: simulate a customer-support operation shared by an AI assistant and human agents.
#[derive(Debug, Parser)]
#[command(name = "staffsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario file and report its measures with 95 % confidence intervals.
    Run(RunArgs),
    /// Erlang C (or Erlang A with --patience) for one queue: measures for a number of agents,
    /// or the fewest agents that meet a service-level target.
    Erlang(ErlangArgs),
    /// The agents on duty per interval that meet the scenario's per-interval targets, found
    /// by simulation (iterative staffing) and checked on fresh seeds.
    Staff(StaffArgs),
    /// The shifts that meet the scenario's per-interval targets at least cost: the two-step
    /// plan (requirement, then a covering integer program) and the one-step plan (cutting
    /// planes on the simulation), both checked on a fresh seed.
    Schedule(ScheduleArgs),
    /// Run a grid of scenarios (the file's [sweep] axes) with common random numbers and map
    /// the cost–quality frontier; on one machine or as shards of a job array.
    Sweep(SweepArgs),
    /// The cost–quality frontier found by optimisation: for each level of a quality measure,
    /// the least cost over chosen settings that meets it and the scenario's targets
    /// (ε-constraint method), checked on a fresh seed.
    Frontier(FrontierArgs),
    /// Join the outputs of sweep shards, or of frontier shards, into the files a single run
    /// would write.
    Merge(MergeArgs),
    /// Write report.html (self-contained, with charts) and plots/*.svg from the output folder
    /// of a run, a sweep or a staffing search; reads the files, does not simulate again.
    Report(ReportArgs),
    /// A scenario's arrivals (rate, daily and weekly profiles, day-to-day noise, trend) and
    /// its intents' shares and handle times, fitted to interval history exported by a WFM
    /// tool.
    Fit(FitArgs),
    /// Forecast the coming weeks' interval volumes from an interval history (CSV), checked
    /// against the seasonal naive forecast; writes forecast.csv, the rates.csv a scenario
    /// reads, and forecast.json.
    Forecast(ForecastArgs),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user's input is wrong (exit status 2).
    #[error("{0:#}")]
    Input(anyhow::Error),
    /// Something failed while doing the work (exit status 1).
    #[error("{0:#}")]
    Runtime(anyhow::Error),
    /// The search ran and no plan within the bounds meets the targets (exit status 3); what
    /// it found is written all the same.
    #[error("{0:#}")]
    Infeasible(anyhow::Error),
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Runtime(_) => 1,
            Failure::Infeasible(_) => 3,
        }
    }
}

/// Runs the parsed command line.
pub fn execute(cli: Cli) -> Result<(), Failure> {
    // No contact limit but the one this command sets (a host runs many commands).
    interrupt::set_contact_limit(usize::MAX);
    match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Erlang(args) => erlang::execute(args),
        Command::Staff(args) => staff::execute(args),
        Command::Schedule(args) => schedule::execute(args),
        Command::Sweep(args) => sweep::execute(args),
        Command::Frontier(args) => frontier::execute(args),
        Command::Merge(args) => merge::execute(args),
        Command::Report(args) => report::execute(args),
        Command::Fit(args) => fit::execute(args),
        Command::Forecast(args) => forecast::execute(args),
    }
}

/// Checks, before any work, that the output folder `dir` can be written: it is a folder (or
/// does not exist yet) and the nearest folder that exists on its path takes a new file. So an
/// `--out` that names a file, or a folder without write permission, is refused (exit status
/// 2) before a simulation of minutes or hours, not after. Nothing is created.
pub(crate) fn writable_out(dir: &std::path::Path) -> Result<(), Failure> {
    let refuse = |why: String| Failure::Input(anyhow::anyhow!("--out {}: {why}", dir.display()));
    let mut existing = dir;
    while !existing.as_os_str().is_empty() && !existing.exists() {
        existing = existing.parent().unwrap_or(std::path::Path::new(""));
    }
    if existing.as_os_str().is_empty() {
        existing = std::path::Path::new(".");
    }
    if !existing.is_dir() {
        return Err(refuse(if existing == dir {
            "is a file, not a folder; name a folder for the output files".into()
        } else {
            format!(
                "{} is a file, so the folder cannot be made",
                existing.display()
            )
        }));
    }
    let probe = existing.join(format!(".staffsim-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(refuse(format!(
            "cannot write into {}: {e}",
            existing.display()
        ))),
    }
}

/// Checks that `dir` can be written ([`writable_out`]) and locks it for this command
/// ([`OutputFolder::lock`]), before any work: a second staffsim writing the same folder is
/// refused at once (exit status 2).
pub(crate) fn lock_out(dir: &std::path::Path) -> Result<OutputFolder, Failure> {
    writable_out(dir)?;
    OutputFolder::lock(dir).map_err(|e| Failure::Input(anyhow::anyhow!(e)))
}

/// Judges what a run will take ([`Budget`]) against this machine's memory before it starts:
/// a run that would need more is refused (exit status 2) with the reason and the way out; a
/// large one gets its warnings on stderr (not in the outputs, which must not depend on the
/// machine or the threads). Then sets the engine's contact limit
/// ([`interrupt::set_contact_limit`]), the backstop for what the estimate cannot foresee: 80 %
/// of the memory, shared by the replications running at once; [`check_contact_limit`] after
/// the run says whether one reached it.
pub(crate) fn check_budget(budget: &Budget, quiet: bool) -> Result<(), Failure> {
    let warnings = judge_budget(budget).map_err(|e| Failure::Input(anyhow::anyhow!(e)))?;
    if !quiet {
        for w in warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(())
}

/// What [`check_budget`] does, for a host that reports on its own terms (the Python
/// package): the refusal's message, or the warnings; the contact limit set. Where the
/// machine's memory is unknown, nothing is refused and no limit is set: only the warnings.
pub(crate) fn judge_budget(budget: &Budget) -> Result<Vec<String>, String> {
    let Some(memory) = machine_memory()? else {
        return budget.check(f64::INFINITY);
    };
    let warnings = budget.check(memory)?;
    let share = 0.8 * memory / budget.at_once.max(1) as f64;
    interrupt::set_contact_limit((share / budget::BYTES_PER_CONTACT) as usize);
    Ok(warnings)
}

/// After a run judged by [`check_budget`]: refuses its results (exit status 2) if a
/// replication stopped at the contact limit, saying why.
pub(crate) fn check_contact_limit() -> Result<(), Failure> {
    contact_limit_message().map_or(Ok(()), |m| Err(Failure::Input(anyhow::anyhow!(m))))
}

/// Why the results of the run are refused, if a replication stopped at the contact limit;
/// the limit is lifted either way (the runs it judged are over).
pub(crate) fn contact_limit_message() -> Option<String> {
    let limit = interrupt::contact_limit();
    let reached = interrupt::contact_limit_reached();
    interrupt::set_contact_limit(usize::MAX);
    reached.then(|| {
        format!(
            "a replication stopped when its contacts in the system passed {}, what this \
             machine's memory holds for the replications running at once: the queue grew \
             beyond what the settings let the estimate before the run foresee (a timeline that \
             cuts the agents, a peak far above the mean rate, customers who never abandon); add \
             agents, give the intents a `patience`, set `simulation.max_in_system`, or run \
             fewer replications at once with --threads",
            limit
        )
    })
}

/// The threads a command's replications run on: `--threads`, else what rayon's pool takes
/// (`RAYON_NUM_THREADS` when set above 0, else one per core).
pub(crate) fn threads_or_cores(threads: Option<u32>) -> usize {
    if let Some(t) = threads {
        return t as usize;
    }
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The memory a run may use, bytes: `STAFFSIM_MEMORY` when set (bytes, such as `64e9`: to
/// state it where it is not found, or to lift the refusal on a machine that swaps), else the
/// smaller of the machine's (`MemTotal` of /proc/meminfo) and the control group's limit
/// (`/sys/fs/cgroup/memory.max`, a container's or a batch job's); `None` where neither is
/// known (not Linux).
///
/// # Errors
///
/// A message when `STAFFSIM_MEMORY` is not a number of bytes above zero.
pub(crate) fn machine_memory() -> Result<Option<f64>, String> {
    if let Ok(text) = std::env::var("STAFFSIM_MEMORY") {
        return match text.trim().parse::<f64>() {
            Ok(bytes) if bytes > 0.0 && bytes.is_finite() => Ok(Some(bytes)),
            _ => Err(format!(
                "STAFFSIM_MEMORY: expected the memory a run may use in bytes, such as 64e9, \
                 found {text:?}"
            )),
        };
    }
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024.0)
        });
    let group = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|t| t.trim().parse::<f64>().ok());
    Ok(match (total, group) {
        (Some(t), Some(g)) => Some(t.min(g)),
        (t, g) => t.or(g),
    })
}

/// Most replications a `--replications` flag accepts: the scenario file's own cap.
pub(crate) const MAX_REPLICATIONS_ARG: i64 = staffsim::scenario::MAX_REPLICATIONS as i64;

/// clap value parser for durations such as "20s".
pub(crate) fn duration_arg(s: &str) -> Result<f64, String> {
    staffsim::units::parse_duration(s)
}

/// clap value parser for a measure key such as `service_level`.
pub(crate) fn measure_arg(s: &str) -> Result<staffsim::metrics::Measure, String> {
    use staffsim::metrics::Measure;
    Measure::from_key(s).ok_or_else(|| {
        let keys: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
        format!("unknown measure {s:?}; expected one of {}", keys.join(", "))
    })
}

/// clap value parser for a quality measure: a measure key whose direction is known (more,
/// or less, is better).
pub(crate) fn quality_arg(s: &str) -> Result<staffsim::metrics::Measure, String> {
    let m = measure_arg(s)?;
    if m.higher_is_better().is_none() {
        return Err(format!(
            "{s} is a volume, not a quality: neither more nor less is better"
        ));
    }
    Ok(m)
}

/// clap value parser for rates such as "2880/h" (above zero).
pub(crate) fn rate_arg(s: &str) -> Result<f64, String> {
    let r = staffsim::units::parse_rate(s)?;
    if r > 0.0 {
        Ok(r)
    } else {
        Err("expected a rate greater than zero".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
