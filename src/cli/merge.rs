//! `staffsim merge DIR...`: the shards of one sweep, or of one frontier search, joined into
//! the files a single run writes, byte for byte.
//!
//! The kind is read from the folders' files: a sweep's shard holds `manifest.json`, a
//! frontier's `frontier.json`. Every folder must be of the same kind; the checks that the
//! parts belong together are the kind's own ([`merge_parts`], [`merge_frontier_parts`]).
//!
//! A merged frontier with no feasible level exits with status 3, as `staffsim frontier` does
//! for the whole search: a job array's last step then fails the same way a single run would,
//! after the files are written.

use super::stdout::{out, outln};
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Args;

use super::Failure;
use staffsim::report::frontier::{merge_frontier_parts, write_frontier};
use staffsim::report::html::Kind;
use staffsim::report::sweep::{merge_parts, sensitivity, write_sweep};

/// Options of `staffsim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The output folders of the shards: all of one sweep (`sweep --shard`) or all of one
    /// frontier search (`frontier --shard`).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where to write the merged sweep or frontier.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write report.html and plots/*.svg into the --out folder (see `staffsim report`).
    #[arg(long)]
    pub report: bool,
}

/// What a shard's folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    /// A sweep's shard: `manifest.json` and `replications.csv`.
    Sweep,
    /// A frontier search's shard: `frontier.json`.
    Frontier,
}

impl PartKind {
    fn file(self) -> &'static str {
        match self {
            PartKind::Sweep => "manifest.json",
            PartKind::Frontier => "frontier.json",
        }
    }

    fn name(self) -> &'static str {
        match self {
            PartKind::Sweep => "a sweep's shard",
            PartKind::Frontier => "a frontier search's shard",
        }
    }
}

/// The kind of the parts in `dirs`: every folder must hold `manifest.json` or
/// `frontier.json` (not both), all the same.
fn kind_of(dirs: &[&Path]) -> Result<PartKind, String> {
    let mut found: Option<(PartKind, &Path)> = None;
    for dir in dirs {
        let has = |k: PartKind| dir.join(k.file()).is_file();
        let kind = match (has(PartKind::Sweep), has(PartKind::Frontier)) {
            (true, false) => PartKind::Sweep,
            (false, true) => PartKind::Frontier,
            (true, true) => {
                return Err(format!(
                    "{} holds both manifest.json and frontier.json: give the folder of one shard",
                    dir.display()
                ));
            }
            (false, false) => {
                return Err(format!(
                    "{} is not a shard's folder: it holds neither a sweep's manifest.json nor a \
                     frontier search's frontier.json",
                    dir.display()
                ));
            }
        };
        match found {
            None => found = Some((kind, dir)),
            Some((first, there)) if first != kind => {
                return Err(format!(
                    "cannot merge different kinds of output: {} holds {} ({}), {} holds {} ({})",
                    there.display(),
                    first.name(),
                    first.file(),
                    dir.display(),
                    kind.name(),
                    kind.file()
                ));
            }
            Some(_) => {}
        }
    }
    found
        .map(|(k, _)| k)
        .ok_or_else(|| "no shard folders given".into())
}

/// Runs `staffsim merge`.
pub fn execute(args: MergeArgs) -> Result<(), Failure> {
    let dirs: Vec<&Path> = args.dirs.iter().map(PathBuf::as_path).collect();
    super::writable_out(&args.out)?;
    // Writing into one of the inputs would overwrite that shard with the merge.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(d) = dirs.iter().find(|d| same(d, &args.out)) {
        return Err(Failure::Input(anyhow!(
            "--out {} is one of the shards being merged ({}); write the merge elsewhere",
            args.out.display(),
            d.display()
        )));
    }
    let kind = kind_of(&dirs).map_err(|e| Failure::Input(anyhow!(e)))?;
    let mut folder = super::lock_out(&args.out)?;
    // A merged frontier with no feasible level exits as `frontier` does, once every file
    // (and the report, when asked for) is written.
    let mut infeasible = None;
    let report = match kind {
        PartKind::Sweep => {
            let (manifest, results) = merge_parts(&dirs).map_err(Failure::Input)?;
            let sensitivity = sensitivity(&manifest, &results);
            write_sweep(&mut folder, &manifest, &results, sensitivity.as_deref())
                .map_err(Failure::Runtime)?;
            outln!(
                "merged {} shards: {} points into {}",
                dirs.len(),
                results.len(),
                args.out.display()
            );
            if let Some(rows) = &sensitivity {
                out!("{}", super::sweep::sensitivity_table(&manifest, None, rows));
            }
            Kind::Sweep
        }
        PartKind::Frontier => {
            let file = merge_frontier_parts(&dirs).map_err(Failure::Input)?;
            write_frontier(&mut folder, &file).map_err(Failure::Runtime)?;
            outln!(
                "merged {} shards: {} levels into {}",
                dirs.len(),
                file.levels.len(),
                args.out.display()
            );
            out!("{}", super::frontier::table_text(&file));
            if !file.any_feasible() {
                infeasible = Some(super::frontier::infeasible(&file));
            }
            Kind::Frontier
        }
    };
    if args.report {
        super::report::write(&mut folder, None, Some(report), false)?;
    }
    infeasible.map_or(Ok(()), Err)
}
