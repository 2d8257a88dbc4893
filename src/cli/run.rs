//! `staffsim run FILE`: simulate a scenario and report.

use super::stdout::out;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use clap::Args;

use super::Failure;
use staffsim::experiment;
use staffsim::experiment::budget::Budget;
use staffsim::report::html::Kind;
use staffsim::report::{self, RunInfo};
use staffsim::scenario;

/// Options of `staffsim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Number of replications (overrides `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub replications: Option<u32>,
    /// Seed of the random streams (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads for the replications (default: one per core). The output does not
    /// depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Print one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write summary.json, timeseries.csv and monthly.csv (and windows.csv, with
    /// `[[windows]]`) into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run at this fraction of the volume and headcount (0.1: a tenth), for a quick look;
    /// overrides `simulation.scale`. Rates, shares, times and costs per unit are unchanged.
    #[arg(long, value_parser = scale_arg)]
    pub scale: Option<f64>,
    /// Also write report.html and plots/*.svg into the --out folder (see `staffsim report`).
    #[arg(long, requires = "out")]
    pub report: bool,
    /// Do not print the speed line, nor the warnings of the estimate of what the run will
    /// take (memory, contacts), on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `staffsim run`.
pub fn execute(args: RunArgs) -> Result<(), Failure> {
    let mut folder = match &args.out {
        Some(dir) => Some(super::lock_out(dir)?),
        None => None,
    };
    let mut scenario = match args.scale {
        None => scenario::load(&args.file),
        Some(scale) => scenario::load_scaled(&args.file, scale),
    }
    .map_err(|e| Failure::Input(anyhow!(e)))?;
    if let Some(r) = args.replications {
        scenario.simulation.replications = r;
    }
    if let Some(s) = args.seed {
        scenario.simulation.seed = s;
    }
    let mut warnings = scenario.warnings();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let threads = super::threads_or_cores(args.threads);
    super::check_budget(&Budget::of_run(&scenario, threads), args.quiet)?;
    let started = Instant::now();
    let result = experiment::run(&scenario, args.threads.map(|t| t as usize))
        .map_err(|e| Failure::Runtime(anyhow!(e).context("cannot start the worker threads")))?;
    let elapsed = started.elapsed().as_secs_f64();
    super::check_contact_limit()?;
    if let Some(w) = backlog_warning(&result) {
        eprintln!("warning: {w}");
        warnings.push(w);
    }
    if !args.quiet {
        let contacts = result.contacts();
        eprintln!(
            "simulated {contacts} contacts in {elapsed:.2} s ({:.2} million contacts/s)",
            contacts as f64 / elapsed.max(1e-9) / 1e6
        );
    }
    let info = RunInfo {
        file: args.file.display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
        warnings: warnings.clone(),
    };
    let summary = report::summary_json(&scenario, &result, &info);
    let pretty =
        serde_json::to_string_pretty(&summary).map_err(|e| Failure::Runtime(anyhow!(e)))? + "\n";
    if args.json {
        out!("{pretty}");
    } else {
        // Each warning is shown once where it is read: on stderr as soon as it is known, and
        // in the table only when stdout goes elsewhere (a file, a pipe), so that a saved table
        // carries its warnings and a terminal does not show them twice.
        let in_table: &[String] = if super::stdout::is_terminal() {
            &[]
        } else {
            &warnings
        };
        out!("{}", report::summary_table(&scenario, &result, in_table));
    }
    if let Some(folder) = &mut folder {
        let dir = folder.dir().to_path_buf();
        let mut write = || -> anyhow::Result<()> {
            let csv = report::timeseries_csv(&scenario, &result)?;
            let monthly = report::monthly_csv(&report::monthly_table(&scenario, &result))?;
            let mut files: Vec<(&str, &[u8])> = vec![
                ("summary.json", pretty.as_bytes()),
                ("timeseries.csv", &csv),
                ("monthly.csv", &monthly),
            ];
            let windows;
            if !scenario.simulation.windows.is_empty() {
                windows = report::windows_csv(&report::window_table(&scenario, &result))?;
                files.push(("windows.csv", &windows));
            }
            folder.commit("run", &files)
        };
        write().map_err(Failure::Runtime)?;
        if !args.quiet {
            eprintln!(
                "wrote summary.json, timeseries.csv and monthly.csv to {}",
                dir.display()
            );
        }
        if args.report {
            super::report::write(folder, None, Some(Kind::Run), args.quiet)?;
        }
    }
    Ok(())
}

/// clap value parser for `--scale`: a factor above zero and at most 1,000.
fn scale_arg(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 1000.0 => Ok(x),
        _ => Err(format!(
            "expected a factor above zero and at most 1,000 (0.1 runs a tenth), found {s:?}"
        )),
    }
}

/// A warning when many offered contacts are still waiting at the end: their outcome is
/// unknown, so the ratios leave them out and flatter the desk.
pub(crate) fn backlog_warning(result: &experiment::Experiment) -> Option<String> {
    use staffsim::metrics::Measure;
    let waiting = result.estimate(Measure::WaitingAtEnd).mean?;
    let offered = result.estimate(Measure::Offered).mean?;
    (offered > 0.0 && waiting > 0.01 * offered).then(|| {
        format!(
            "{:.1} % of the offered contacts are still waiting at the end of the run; the \
             service level, waits and abandonment leave them out and look better than they are: \
             a backlog is building (see waiting_at_end)",
            100.0 * waiting / offered
        )
    })
}
