//! `report.html`: a report people look at, made from the files a run, a sweep, a staffing
//! search, a frontier search or a shift schedule wrote.
//!
//! The report reads the output folder and never simulates again: what it shows is exactly
//! what the files hold, and a report can be made long after the run, on another machine, or
//! from shards merged on a cluster. It is one self-contained HTML file (inline SVG charts,
//! inline CSS, no script, nothing fetched), so it can be mailed or archived and opens offline;
//! each chart is also written to `plots/` as its own SVG file, for slides. The same files in
//! give the same bytes out: nothing depends on the clock or the folder's path.
//!
//! Layout of the module: [`data`] reads files generously, [`columns`] maps column names to
//! charts, [`format`](mod@format) writes numbers by unit, [`palette`] holds every colour, [`chart`]
//! draws with plotters, [`page`] writes the HTML, and `run`, `sweep`, `staff`, `frontier` and
//! `schedule` compose the five kinds of report.

pub mod chart;
pub mod columns;
pub mod data;
pub mod format;
mod frontier;
pub mod page;
pub mod palette;
mod run;
mod schedule;
mod staff;
mod sweep;

use std::path::{Path, PathBuf};

use super::folder::{self, OutputFolder};
use crate::metrics::Measure;
use page::Figure;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The folder or its files are not what a report is made from (the user's input).
    #[error("{0:#}")]
    Input(anyhow::Error),
    /// The report could not be drawn or written.
    #[error("{0:#}")]
    Output(anyhow::Error),
}

/// What an output folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `staffsim run --out`: `summary.json` and `timeseries.csv`.
    Run,
    /// `staffsim sweep --out` (or `merge`): `manifest.json`, `results.csv`, `pareto.csv`,
    /// `differences.csv`, `replications.csv`.
    Sweep,
    /// `staffsim staff --out`: `staff.json` and `staffing.csv`.
    Staff,
    /// `staffsim frontier --out` (or `merge` of its shards): `frontier.json`.
    Frontier,
    /// `staffsim schedule --out`: `schedule.json` and `coverage.csv`.
    Schedule,
}

impl Kind {
    /// The files a report of this kind needs.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Kind::Run => &RUN_FILES,
            Kind::Sweep => &SWEEP_FILES,
            Kind::Staff => &STAFF_FILES,
            Kind::Frontier => &FRONTIER_FILES,
            Kind::Schedule => &SCHEDULE_FILES,
        }
    }

    /// What wrote the folder, for a sentence: "run", "sweep", "staffing", "schedule".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Sweep => "sweep",
            Kind::Staff => "staffing",
            Kind::Frontier => "frontier",
            Kind::Schedule => "schedule",
        }
    }

    /// The command whose output folder this kind is, for messages.
    fn command(self) -> &'static str {
        match self {
            Kind::Run => "staffsim run --out DIR",
            Kind::Sweep => "staffsim sweep --out DIR",
            Kind::Staff => "staffsim staff --out DIR",
            Kind::Frontier => "staffsim frontier --out DIR",
            Kind::Schedule => "staffsim schedule --out DIR",
        }
    }
}

/// Files of a run's output that a report needs.
pub const RUN_FILES: [&str; 2] = ["summary.json", "timeseries.csv"];
/// Files of a sweep's output that a report needs.
pub const SWEEP_FILES: [&str; 5] = [
    "manifest.json",
    "results.csv",
    "pareto.csv",
    "differences.csv",
    "replications.csv",
];
/// Files of a staffing search's output that a report needs.
pub const STAFF_FILES: [&str; 2] = ["staff.json", "staffing.csv"];
/// Files of a frontier search's output that a report needs (it holds everything the
/// report shows; `frontier.csv` and the chart are made from it).
pub const FRONTIER_FILES: [&str; 1] = ["frontier.json"];
/// Files of a shift schedule's output that a report needs (`schedule.json` holds the plans,
/// their shifts and coverage per period; `coverage.csv` the fresh-seed verdicts per interval).
pub const SCHEDULE_FILES: [&str; 2] = ["schedule.json", "coverage.csv"];

/// Options of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The measure of a sweep's heat map (a key of results.csv, such as `service_level`);
    /// `None`: the sweep's quality measure.
    pub heatmap: Option<String>,
    /// The kind of output the folder must hold (a command's `--report` knows what it
    /// wrote); `None`: found by [`detect`], the first kind whose files are all there, in the
    /// order run, sweep, staffing, frontier, schedule.
    pub kind: Option<Kind>,
}

/// A report in memory: the page and its charts.
#[derive(Debug, Clone)]
pub struct Built {
    /// The whole `report.html`.
    pub html: String,
    /// The charts, in page order (each also written to `plots/`).
    pub figures: Vec<Figure>,
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The kind of output the folder held.
    pub kind: Kind,
    /// Path of `report.html`.
    pub html: PathBuf,
    /// Paths of the SVG files in `plots/`.
    pub plots: Vec<PathBuf>,
}

/// What kind of output `dir` holds, or an error naming the folder and the files expected.
///
/// # Errors
///
/// [`ReportError::Input`] if `dir` is not a folder, or holds not all of [`RUN_FILES`], of
/// [`SWEEP_FILES`], of [`STAFF_FILES`], of [`FRONTIER_FILES`] or of [`SCHEDULE_FILES`]; the
/// message lists the
/// missing files, and says so when the folder looks like one shard of a sweep that still
/// needs `staffsim merge`.
pub fn detect(dir: &Path) -> Result<Kind, ReportError> {
    let has = |name: &str| data::has(dir, name);
    if !dir.is_dir() {
        return Err(not_a_folder(dir));
    }
    for kind in [
        Kind::Run,
        Kind::Sweep,
        Kind::Staff,
        Kind::Frontier,
        Kind::Schedule,
    ] {
        if kind.files().iter().all(|f| has(f)) {
            return Ok(kind);
        }
    }
    let hint = if has("manifest.json") && has("replications.csv") && !has("results.csv") {
        " It looks like one shard of a sweep: join the shards with `staffsim merge` first."
    } else {
        ""
    };
    let missing = |files: &[&str]| {
        files
            .iter()
            .filter(|f| !has(f))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(ReportError::Input(anyhow::anyhow!(
        "{} holds neither a run's output ({}; missing {}) nor a sweep's ({}; missing {}) nor a \
         staffing search's ({}; missing {}) nor a frontier search's ({}) nor a schedule's ({}; \
         missing {}).{hint}",
        dir.display(),
        RUN_FILES.join(" and "),
        missing(&RUN_FILES),
        SWEEP_FILES.join(", "),
        missing(&SWEEP_FILES),
        STAFF_FILES.join(" and "),
        missing(&STAFF_FILES),
        FRONTIER_FILES.join(", "),
        SCHEDULE_FILES.join(" and "),
        missing(&SCHEDULE_FILES),
    )))
}

/// The error for a `dir` that is not a folder.
fn not_a_folder(dir: &Path) -> ReportError {
    ReportError::Input(anyhow::anyhow!(
        "{} is not a folder: give the output folder of `staffsim run --out DIR`, `staffsim \
         sweep --out DIR`, `staffsim staff --out DIR`, `staffsim frontier --out DIR` or \
         `staffsim schedule --out DIR`",
        dir.display()
    ))
}

/// `kind` if `dir` holds all of its files, or an error naming the folder and the files
/// missing.
fn expect(dir: &Path, kind: Kind) -> Result<Kind, ReportError> {
    if !dir.is_dir() {
        return Err(not_a_folder(dir));
    }
    let missing: Vec<&str> = kind
        .files()
        .iter()
        .filter(|f| !data::has(dir, f))
        .copied()
        .collect();
    if missing.is_empty() {
        Ok(kind)
    } else {
        Err(ReportError::Input(anyhow::anyhow!(
            "{} does not hold the output of `{}`: missing {}",
            dir.display(),
            kind.command(),
            missing.join(", ")
        )))
    }
}

/// Makes the report of the output folder `dir` in memory.
///
/// # Errors
///
/// [`ReportError::Input`] if the folder is not one command's whole output (no `outputs.json`,
/// or a file that differs from it: see [`folder::verify`]); as [`detect`], or, with
/// `options.kind`, if the folder lacks a file
/// of that kind; if `options.heatmap` is given for a run or a staffing search, or names a
/// measure a sweep's `results.csv` has no `_mean` column for; or if a file the report reads
/// cannot be read or parsed (`summary.json` and `staff.json` must be JSON objects,
/// `frontier.json` the file `staffsim frontier` writes, `schedule.json` an object with a
/// `two_step` plan), or `frontier.json` holds one shard of a search (merge first).
/// [`ReportError::Output`] if a chart cannot be drawn.
pub fn build(dir: &Path, options: &ReportOptions) -> Result<(Kind, Built), ReportError> {
    if !dir.is_dir() {
        return Err(not_a_folder(dir));
    }
    if !folder::has_record(dir) {
        // A folder that holds no output at all is told what an output holds; one that does
        // but has no record is refused below, as not whole.
        let found = match options.kind {
            Some(k) => expect(dir, k),
            None => detect(dir),
        };
        found.map_err(|e| match e {
            ReportError::Input(e) => ReportError::Input(anyhow::anyhow!(
                "{e:#} It has no outputs.json either: if a command was writing it, it was \
                 interrupted; run the command again."
            )),
            other => other,
        })?;
    }
    // Only a whole output, and only the files it wrote (see `folder`).
    folder::verify(dir).map_err(ReportError::Input)?;
    let kind = match options.kind {
        Some(k) => expect(dir, k)?,
        None => detect(dir)?,
    };
    if kind != Kind::Sweep
        && let Some(h) = &options.heatmap
    {
        return Err(ReportError::Input(anyhow::anyhow!(
            "--heatmap {h}: {} holds a {}; the heat map is part of a sweep's report",
            dir.display(),
            match kind {
                Kind::Staff => "staffing search",
                Kind::Frontier => "frontier search",
                Kind::Schedule => "shift schedule",
                _ => "run",
            }
        )));
    }
    let built = match kind {
        Kind::Run => run::build(dir)?,
        Kind::Sweep => sweep::build(dir, options.heatmap.as_deref())?,
        Kind::Staff => staff::build(dir)?,
        Kind::Frontier => frontier::build(dir)?,
        Kind::Schedule => schedule::build(dir)?,
    };
    Ok((kind, built))
}

/// Writes `report.html` and `plots/*.svg` into the locked output `folder`, added to its record
/// (see [`OutputFolder::add`]).
///
/// # Errors
///
/// As [`build`], before anything is written; then [`ReportError::Output`] if a file cannot
/// be written.
pub fn write_report(
    folder: &mut OutputFolder,
    options: &ReportOptions,
) -> Result<Written, ReportError> {
    let dir = folder.dir().to_path_buf();
    let (kind, built) = build(&dir, options)?;
    let names: Vec<String> = built
        .figures
        .iter()
        .map(|f| format!("plots/{}", f.file_name()))
        .collect();
    let mut files: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&built.figures)
        .map(|(name, f)| (name.as_str(), f.svg.as_bytes()))
        .collect();
    files.push(("report.html", built.html.as_bytes()));
    folder.add(&files).map_err(ReportError::Output)?;
    Ok(Written {
        kind,
        html: dir.join("report.html"),
        plots: names.iter().map(|n| dir.join(n)).collect(),
    })
}

/// A readable title for a measure key: the measure's label without its unit (the unit goes
/// on the axis), `key.name` as "Title (name)", an unknown key with its underscores as spaces.
pub fn title_of(key: &str) -> String {
    if let Some((base, name)) = key.split_once('.') {
        return format!("{} ({name})", title_of(base));
    }
    if let Some((_, title)) = columns::TITLES.iter().find(|(k, _)| *k == key) {
        return title.to_string();
    }
    if let Some(m) = Measure::from_key(key) {
        let label = m.label();
        return label
            .split_once(" [")
            .map_or(label, |(head, _)| head)
            .to_string();
    }
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_drop_the_unit_and_name_the_pool() {
        assert_eq!(title_of("service_level"), "Service level");
        assert_eq!(title_of("cost_total"), "Total cost");
        assert_eq!(title_of("cost_per_contact"), "Cost per contact");
        assert_eq!(title_of("headcount.chat_agents"), "Headcount (chat_agents)");
        assert_eq!(title_of("ai_fte_equivalent"), "AI, in full-time agents");
        assert_eq!(title_of("new_thing_rate"), "New thing rate");
    }
}
