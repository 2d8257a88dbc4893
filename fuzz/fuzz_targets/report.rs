//! `staffsim report DIR`: a bundle (see the crate docs) of one output folder, of any kind
//! (a run, a sweep, a staffing search, a frontier search, a schedule), with the record
//! `outputs.json` made to match unless the bundle brings one. The report is built in memory
//! (page and charts), as `report` builds it before writing. A file `heatmap` in the bundle
//! is not written: its first line is the `--heatmap` measure.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::report::html::{self, ReportOptions};

const FILES: [&str; 15] = [
    "summary.json",
    "timeseries.csv",
    "monthly.csv",
    "windows.csv",
    "manifest.json",
    "results.csv",
    "pareto.csv",
    "differences.csv",
    "replications.csv",
    "sensitivity.csv",
    "staff.json",
    "staffing.csv",
    "frontier.json",
    "schedule.json",
    "coverage.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some(files) = staffsim_fuzz::bundle(data).into_iter().next() else {
        return;
    };
    let heatmap = files.iter().find(|(n, _)| n == "heatmap").map(|(_, b)| {
        String::from_utf8_lossy(b)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    });
    let root = tempfile::tempdir().expect("a temporary folder");
    staffsim_fuzz::write_folder(root.path(), &files, &FILES);
    let options = ReportOptions {
        heatmap,
        kind: None,
    };
    match html::build(root.path(), &options) {
        Ok((kind, built)) => {
            let _ = (kind.name(), built.html.len(), built.figures.len());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
