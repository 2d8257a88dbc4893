//! Exporters at the edge: the JSON summary, the time-series CSV, the terminal table, and the
//! HTML report with its charts ([`html`]).
//!
//! Every file is written whole or not at all: to a temporary name in the same folder, then
//! renamed over the target; every output folder is one command's whole output, recorded in
//! `outputs.json` and locked against a second writer ([`folder`]).

mod csv;
pub mod folder;
pub mod frontier;
pub mod html;
mod json;
mod monthly;
pub mod number;
pub mod sweep;
mod table;

pub use self::csv::timeseries_csv;
pub use json::{RunInfo, summary_json};
pub use monthly::{
    MonthRow, MonthlyTable, WindowRow, WindowTable, monthly_csv, monthly_json, monthly_table,
    window_table, windows_csv, windows_json,
};
pub use table::summary_table;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename, so
/// a reader never sees a half-written file.
///
/// # Errors
///
/// The [`std::io::Error`] of the step that failed: the temporary file cannot be created
/// (the folder does not exist or is not writable), written or flushed to disk, or cannot be
/// renamed over `path`. The temporary file is then removed and `path` is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Weekday names, Monday first: time 0 is a Monday 00:00.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// When a time of the run falls, as the time series shows it: the day of the run (from 1),
/// the weekday (time 0 is a Monday) and the time of day `HH:MM`.
pub(crate) fn clock(seconds: f64) -> (u64, &'static str, String) {
    let secs = seconds.round() as u64;
    let day = secs / 86_400;
    (
        day + 1,
        WEEKDAYS[(day % 7) as usize],
        format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60),
    )
}

/// The start of a staffing interval as a planner reads it: `"09:00"`, or `"Mon 09:00"` in a
/// weekly cycle (`seconds` from Monday 00:00).
pub fn interval_label(seconds: f64, weekly: bool) -> String {
    let (_, weekday, clock) = clock(seconds);
    if weekly {
        format!("{weekday} {clock}")
    } else {
        clock
    }
}

/// A value for JSON: finite numbers as numbers, undefined ones (`NaN`) as `null`.
pub(crate) fn json_number(x: f64) -> serde_json::Value {
    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
}
