//! `staffsim report DIR`: the HTML report of a run's, a sweep's, a staffing search's, a
//! frontier search's or a shift schedule's output folder.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use staffsim::report::folder::OutputFolder;
use staffsim::report::html::{self, Kind, ReportError, ReportOptions};

/// Options of `staffsim report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The output folder of `staffsim run --out DIR` (summary.json, timeseries.csv) or of
    /// `staffsim sweep --out DIR` / `staffsim merge --out DIR` (manifest.json, results.csv,
    /// pareto.csv, differences.csv, replications.csv) or of `staffsim staff --out DIR`
    /// (staff.json, staffing.csv) or of `staffsim frontier --out DIR` (frontier.json) or of
    /// `staffsim schedule --out DIR` (schedule.json, coverage.csv).
    pub dir: PathBuf,
    /// For a sweep: the measure of the heat map, such as service_level (default: the
    /// sweep's quality measure).
    #[arg(long, value_name = "MEASURE")]
    pub heatmap: Option<String>,
    /// Do not say on stderr what was written.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `staffsim report`.
pub fn execute(args: ReportArgs) -> Result<(), Failure> {
    if !args.dir.is_dir() {
        // Not made here: a report is of a folder that exists.
        return Err(Failure::Input(anyhow::anyhow!(
            "{} is not a folder: give the output folder of `staffsim run --out DIR`, `sweep`, \
             `staff`, `frontier` or `schedule`",
            args.dir.display()
        )));
    }
    let mut folder = super::lock_out(&args.dir)?;
    write(&mut folder, args.heatmap, None, args.quiet)
}

/// Writes the report of `dir` (`report.html` and `plots/*.svg`); used by `report` and by the
/// `--report` flag of `run`, `sweep`, `merge`, `staff`, `frontier` and `schedule`, which say
/// the `kind` they wrote (`None`: found from the files).
pub(crate) fn write(
    folder: &mut OutputFolder,
    heatmap: Option<String>,
    kind: Option<Kind>,
    quiet: bool,
) -> Result<(), Failure> {
    let options = ReportOptions { heatmap, kind };
    let dir = folder.dir().to_path_buf();
    let written = html::write_report(folder, &options).map_err(|e| match e {
        ReportError::Input(e) => Failure::Input(e),
        ReportError::Output(e) => Failure::Runtime(e),
    })?;
    if !quiet {
        eprintln!(
            "wrote the {} report {} and {} charts in {}",
            written.kind.name(),
            written.html.display(),
            written.plots.len(),
            dir.join("plots").display()
        );
    }
    Ok(())
}
