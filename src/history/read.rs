//! Reading interval history as workforce-management tools export it.
//!
//! An export is a CSV file with one row per interval (and per queue, when it holds several):
//! when the interval starts, how many contacts were offered, and perhaps how many were
//! handled or abandoned and their average handle time. Tools name the columns differently, so
//! each column is recognised by a few names (case-insensitive):
//!
//! | role | names |
//! |---|---|
//! | start of the interval | `timestamp`, `datetime`, `date_time`, `interval_start`; or `date` with `time` (or `interval`) |
//! | series (optional) | `intent`, `channel` or `queue` |
//! | contacts offered | `offered`, `calls`, `contacts`, `volume` |
//! | handled (optional) | `handled`, `answered` |
//! | abandoned (optional) | `abandoned` |
//! | average handle time (optional) | `aht`, `handle_time`, `average_handle_time`: seconds, or a duration such as `4m30s` |
//!
//! Any other column is an error (a misspelt `abandonned` must not be silently dropped), unless
//! the caller asks to ignore it. Dates and times are ISO 8601 (`2003-03-03T07:00:00`,
//! `2003-03-03 07:00`, or `2003-03-03` and `07:00`), parsed by `jiff`; they are taken as the
//! clock time written, so a trailing `Z` or offset is read and dropped (exports often stamp
//! local times with a `Z`). The interval length is the smallest gap between two starts of one
//! series on one day; every start must lie on that grid from midnight and the length must
//! divide a day. Every error names the file, the line and the column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::Pieces;

use super::grid::{History, HistoryDay, IntervalGrid, IntervalRecord};
use crate::units::{DAY, parse_duration};

/// Most contacts an interval's count may be: no contact centre is offered a billion contacts
/// in one interval, so a larger count is a typo (digits run together), refused rather than
/// forecast into a rates file of 120-digit numbers.
pub const MAX_COUNT: f64 = 1e9;

/// How to read a history file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Columns to skip (compared case-insensitively); any other unknown column is an error.
    pub ignore: Vec<String>,
}

/// Why a history file could not be read: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct HistoryError {
    /// The file, as given.
    pub file: String,
    /// The line of the file (1 is the header), if the error is on one.
    pub line: Option<u64>,
    /// The column, as named in the header, if the error is in one.
    pub column: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column `{column}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a column of the export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Timestamp,
    Date,
    Time,
    Series,
    Offered,
    Handled,
    Abandoned,
    HandleTime,
}

impl Role {
    fn of(name: &str) -> Option<Role> {
        Some(match name {
            "timestamp" | "datetime" | "date_time" | "interval_start" => Role::Timestamp,
            "date" => Role::Date,
            "time" | "interval" => Role::Time,
            "intent" | "channel" | "queue" => Role::Series,
            "offered" | "calls" | "contacts" | "volume" => Role::Offered,
            "handled" | "answered" => Role::Handled,
            "abandoned" => Role::Abandoned,
            "aht" | "handle_time" | "average_handle_time" => Role::HandleTime,
            _ => return None,
        })
    }
}

const KNOWN: &str = "timestamp (or date and time), offered (or calls, contacts, volume), and \
                     optionally intent, channel or queue, handled, abandoned, aht";

/// One data row, parsed.
struct Row {
    line: u64,
    series: Option<String>,
    start: DateTime,
    record: IntervalRecord,
}

/// Reads the history at `path`.
///
/// # Errors
///
/// A [`HistoryError`] naming the file, and where it applies the line and the column: a file
/// that cannot be read, a header without a start or an offered column, an unknown or repeated
/// column, a cell that is not a date, time or number of the expected kind, a negative count,
/// the same interval twice, a start off the interval grid, an interval that does not divide a
/// day, or a file without data rows.
pub fn read_history(path: &Path, options: &ReadOptions) -> Result<History, HistoryError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| HistoryError {
        file: file.clone(),
        line: None,
        column: None,
        message: format!("cannot read the history: {e}"),
    })?;
    parse_history(&bytes, &file, options)
}

/// Reads the history in `bytes`, the contents of the export named `file` in errors: what
/// [`read_history`] does once it has read the file (and what the fuzz target
/// `fuzz/fuzz_targets/history.rs` calls, without a file on disk).
///
/// # Errors
///
/// As [`read_history`], less the file that cannot be read.
pub fn parse_history(
    bytes: &[u8],
    file: &str,
    options: &ReadOptions,
) -> Result<History, HistoryError> {
    let file = file.to_string();
    let err = |line: Option<u64>, column: Option<&str>, message: String| HistoryError {
        file: file.clone(),
        line,
        column: column.map(str::to_string),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| err(Some(1), None, format!("cannot read the header: {e}")))?
        .clone();
    let ignore: Vec<String> = options.ignore.iter().map(|c| c.to_lowercase()).collect();
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(header.len());
    for name in &header {
        let lower = name.to_lowercase();
        if ignore.contains(&lower) {
            roles.push(None);
            continue;
        }
        let Some(role) = Role::of(&lower) else {
            return Err(err(
                Some(1),
                Some(name),
                format!("unknown column; expected {KNOWN} (or skip it with --ignore {name})"),
            ));
        };
        if let Some(first) = roles.iter().position(|r| *r == Some(role)) {
            return Err(err(
                Some(1),
                Some(name),
                format!("says the same as column `{}`; keep one", &header[first]),
            ));
        }
        roles.push(Some(role));
    }
    let col = |role: Role| roles.iter().position(|r| *r == Some(role));
    let (timestamp, date, time) = (col(Role::Timestamp), col(Role::Date), col(Role::Time));
    match (timestamp, date, time) {
        (Some(_), None, None) | (None, Some(_), Some(_)) => {}
        (Some(t), _, _) => {
            return Err(err(
                Some(1),
                Some(&header[t]),
                "a start column beside date and time; keep either the timestamp or date and \
                 time"
                    .into(),
            ));
        }
        _ => {
            return Err(err(
                Some(1),
                None,
                "no start of interval: expected a column `timestamp` (or `datetime`), or the \
                 columns `date` and `time`"
                    .into(),
            ));
        }
    }
    let Some(offered) = col(Role::Offered) else {
        return Err(err(
            Some(1),
            None,
            "no column of contacts offered: expected `offered` (or `calls`, `contacts`, \
             `volume`)"
                .into(),
        ));
    };
    let (series, handled, abandoned, aht) = (
        col(Role::Series),
        col(Role::Handled),
        col(Role::Abandoned),
        col(Role::HandleTime),
    );

    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| {
            let line = e.position().map(|p| p.line());
            err(line, None, format!("cannot read the row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or("");
        let at = |i: usize, message: String| err(Some(line), Some(&header[i]), message);
        let start = match timestamp {
            Some(t) => parse_timestamp(cell(t)).map_err(|m| at(t, m))?,
            None => {
                let (d, t) = (date.unwrap_or(0), time.unwrap_or(0));
                let day = parse_date(cell(d)).map_err(|m| at(d, m))?;
                let clock = parse_time(cell(t)).map_err(|m| at(t, m))?;
                day.to_datetime(clock)
            }
        };
        let count = |i: usize, what: &str| -> Result<f64, HistoryError> {
            let text = cell(i);
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v > MAX_COUNT => Err(at(
                    i,
                    format!(
                        "expected {what}: at most 1,000,000,000 in one interval, found \
                         {text}; look for digits run together"
                    ),
                )),
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
                _ => Err(at(
                    i,
                    format!("expected {what}: a number of 0 or more, found {text:?}"),
                )),
            }
        };
        let optional = |i: Option<usize>, what: &str| -> Result<Option<f64>, HistoryError> {
            match i {
                Some(i) if !cell(i).is_empty() => count(i, what).map(Some),
                _ => Ok(None),
            }
        };
        let handle_time = match aht {
            Some(i) if !cell(i).is_empty() => {
                Some(parse_handle_time(cell(i)).map_err(|m| at(i, m))?)
            }
            _ => None,
        };
        let name = match series {
            Some(i) if cell(i).is_empty() => {
                return Err(at(
                    i,
                    "expected the name of the series, found an empty cell".into(),
                ));
            }
            Some(i) => Some(cell(i).to_string()),
            None => None,
        };
        rows.push(Row {
            line,
            series: name,
            start,
            record: IntervalRecord {
                offered: count(offered, "the contacts offered")?,
                handled: optional(handled, "the contacts handled")?,
                abandoned: optional(abandoned, "the contacts abandoned")?,
                handle_time,
            },
        });
    }
    if rows.is_empty() {
        return Err(err(None, None, "no data rows after the header".into()));
    }

    // Group by series, in the order each first appears.
    let mut order: Vec<Option<String>> = Vec::new();
    let mut groups: BTreeMap<Option<String>, Vec<Row>> = BTreeMap::new();
    for row in rows {
        if !groups.contains_key(&row.series) {
            order.push(row.series.clone());
        }
        groups.entry(row.series.clone()).or_default().push(row);
    }
    let start_column = timestamp.or(time).unwrap_or(0);
    let mut out = Vec::new();
    for name in order {
        let mut rows = groups.remove(&name).unwrap_or_default();
        rows.sort_by_key(|r| (r.start, r.line));
        let grid = lay_out(rows, |line, message| {
            err(Some(line), Some(&header[start_column]), message)
        })?;
        out.push((name, grid));
    }
    Ok(History {
        source: file.clone(),
        series: out,
    })
}

/// Seconds from midnight of a civil time.
fn seconds_of_day(t: Time) -> f64 {
    f64::from(t.hour()) * 3600.0
        + f64::from(t.minute()) * 60.0
        + f64::from(t.second())
        + f64::from(t.subsec_nanosecond()) * 1e-9
}

/// Detects the interval and lays sorted rows of one series on the grid.
fn lay_out(
    rows: Vec<Row>,
    err: impl Fn(u64, String) -> HistoryError,
) -> Result<IntervalGrid, HistoryError> {
    // Duplicates first: a repeated interval makes a zero gap.
    for pair in rows.windows(2) {
        if pair[0].start == pair[1].start {
            return Err(err(
                pair[1].line,
                format!(
                    "the interval starting {} is already on line {}",
                    pair[1].start, pair[0].line
                ),
            ));
        }
    }
    let mut interval = f64::INFINITY;
    for pair in rows.windows(2) {
        if pair[0].start.date() == pair[1].start.date() {
            let gap = seconds_of_day(pair[1].start.time()) - seconds_of_day(pair[0].start.time());
            interval = interval.min(gap);
        }
    }
    if !interval.is_finite() {
        return Err(err(
            rows[0].line,
            "cannot tell the interval length: no day has two intervals".into(),
        ));
    }
    // Whole seconds: an export's intervals are minutes or seconds, never fractions.
    let interval = interval.round();
    let per_day = DAY / interval;
    if interval < 1.0 || per_day.fract() != 0.0 {
        return Err(err(
            rows[0].line,
            format!(
                "the smallest gap between two intervals of a day is {interval} s, which does not \
                 divide a day into equal intervals (expected 5, 15, 30 or 60 minutes, say)"
            ),
        ));
    }
    let per_day = per_day as usize;
    let mut days: Vec<HistoryDay> = Vec::new();
    for row in rows {
        let offset = seconds_of_day(row.start.time());
        let slot = offset / interval;
        if slot.fract() != 0.0 {
            return Err(err(
                row.line,
                format!(
                    "{} is not on the {}-second grid of the other intervals (counted from \
                     midnight)",
                    row.start, interval
                ),
            ));
        }
        let date: Date = row.start.date();
        if days.last().is_none_or(|d| d.date != date) {
            days.push(HistoryDay {
                date,
                intervals: vec![None; per_day],
            });
        }
        if let Some(day) = days.last_mut() {
            day.intervals[slot as usize] = Some(row.record);
        }
    }
    Ok(IntervalGrid {
        interval,
        per_day,
        days,
    })
}

const DATE_HELP: &str = "an ISO 8601 date such as 2024-03-04";

fn parse_timestamp(text: &str) -> Result<DateTime, String> {
    let pieces = Pieces::parse(text).map_err(|_| {
        format!(
            "expected the start of the interval as an ISO 8601 date and time such as \
             2024-03-04T09:30 or 2024-03-04 09:30:00, found {text:?}"
        )
    })?;
    let Some(time) = pieces.time() else {
        return Err(format!(
            "expected a date and a time such as 2024-03-04T09:30, found only a date in {text:?}"
        ));
    };
    Ok(pieces.date().to_datetime(time))
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("expected {DATE_HELP}, found {text:?}"))
}

fn parse_time(text: &str) -> Result<Time, String> {
    text.parse::<Time>().map_err(|_| {
        format!("expected the interval's start as a time of day such as 09:30, found {text:?}")
    })
}

fn parse_handle_time(text: &str) -> Result<f64, String> {
    let seconds = match text.parse::<f64>() {
        Ok(v) => Ok(v),
        Err(_) => parse_duration(text),
    };
    match seconds {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "expected the average handle time in seconds (a number of 0 or more) or as a \
             duration such as 4m30s, found {text:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(text: &str) -> Result<History, HistoryError> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        read_history(file.path(), &ReadOptions::default()).map_err(|mut e| {
            e.file = "h.csv".into();
            e
        })
    }

    #[test]
    fn bytes_read_as_the_file_they_came_from_and_a_missing_file_is_named() {
        let text = "date,time,offered\n2003-03-03,07:00,5\n2003-03-03,07:30,6\nx,07:00,1\n";
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let name = file.path().display().to_string();
        let options = ReadOptions::default();
        let from_file = read_history(file.path(), &options).unwrap_err();
        assert_eq!(
            parse_history(text.as_bytes(), &name, &options).unwrap_err(),
            from_file
        );
        assert_eq!(
            (from_file.line, from_file.column.as_deref()),
            (Some(4), Some("date"))
        );
        let good = &text[..text.rfind("x,").unwrap()];
        let h = parse_history(good.as_bytes(), "h.csv", &options).unwrap();
        assert_eq!(
            (h.source.as_str(), h.series[0].1.interval),
            ("h.csv", 1800.0)
        );
        let gone = file.path().with_extension("gone");
        let e = read_history(&gone, &options).unwrap_err();
        assert!(
            e.line.is_none() && e.message.starts_with("cannot read the history"),
            "{e}"
        );
    }

    #[test]
    fn reads_timestamps_with_a_zulu_mark_and_detects_five_minutes() {
        let h = read(
            "DateTime,Calls\n2003-03-03T07:00:00Z,111\n2003-03-03T07:05:00Z,113\n\
             2003-03-04T07:10:00Z,76\n",
        )
        .unwrap();
        assert_eq!(h.series.len(), 1);
        let (name, grid) = &h.series[0];
        assert_eq!(*name, None);
        assert_eq!(grid.interval, 300.0);
        assert_eq!(grid.per_day, 288);
        assert_eq!(grid.days.len(), 2);
        assert_eq!(grid.days[0].intervals[84].unwrap().offered, 111.0);
        assert_eq!(grid.days[0].intervals[85].unwrap().offered, 113.0);
        assert_eq!(grid.days[1].intervals[86].unwrap().offered, 76.0);
        assert_eq!(grid.days[0].offered(), 224.0);
        assert_eq!(grid.open_intervals(), vec![84, 85, 86]);
    }

    #[test]
    fn reads_date_and_time_with_series_and_optional_columns() {
        let h = read(
            "date,interval,queue,offered,handled,abandoned,aht\n\
             2024-03-04,09:00,billing,10,9,1,4m30s\n\
             2024-03-04,09:30,billing,12,12,,300\n\
             2024-03-04,09:00,sales,3,3,0,\n\
             2024-03-04 ,10:00,sales,4,4,0,200\n",
        )
        .unwrap();
        let names: Vec<_> = h.series.iter().map(|(n, _)| n.clone().unwrap()).collect();
        assert_eq!(names, ["billing", "sales"]);
        let billing = &h.series[0].1;
        assert_eq!(billing.interval, 1800.0);
        let r = billing.days[0].intervals[18].unwrap();
        assert_eq!(r.handle_time, Some(270.0));
        assert_eq!(r.abandoned, Some(1.0));
        assert_eq!(billing.days[0].intervals[19].unwrap().abandoned, None);
        assert_eq!(h.series[1].1.interval, 3600.0);
        assert_eq!(
            h.series[1].1.days[0].intervals[9].unwrap().handle_time,
            None
        );
    }

    fn error(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn every_error_names_file_line_and_column() {
        let e = error("date,time,offered,abandonned\n2024-03-04,09:00,1,0\n");
        assert!(
            e.starts_with("h.csv:1: column `abandonned`: unknown column"),
            "{e}"
        );
        let e = error("date,offered\n2024-03-04,1\n");
        assert!(e.starts_with("h.csv:1: no start"), "{e}");
        let e = error("timestamp,handled\n2024-03-04T09:00,1\n");
        assert!(e.contains("no column of contacts offered"), "{e}");
        let e = error("timestamp,calls,offered\n2024-03-04T09:00,1,1\n");
        assert!(
            e.contains("column `offered`: says the same as column `calls`"),
            "{e}"
        );
        let e = error("timestamp,calls\n2024-03-04T09:00,1\n2024-13-04T09:15,1\n");
        assert!(
            e.starts_with("h.csv:3: column `timestamp`: expected the start"),
            "{e}"
        );
        let e = error("timestamp,calls\n2024-03-04T09:00,1\n2024-03-04T09:15,-2\n");
        assert!(
            e.starts_with("h.csv:3: column `calls`: expected the contacts offered"),
            "{e}"
        );
        let e = error("timestamp,calls\n2024-03-04T09:00,1\n2024-03-04T09:15,x\n");
        assert!(e.contains("found \"x\""), "{e}");
        let e = error("timestamp,calls\n2024-03-04T09:00,1\n2024-03-04T09:00,2\n");
        assert!(
            e.starts_with("h.csv:3: column `timestamp`: the interval starting"),
            "{e}"
        );
        assert!(e.contains("already on line 2"), "{e}");
        let e =
            error("timestamp,calls\n2024-03-04T09:00,1\n2024-03-04T09:15,1\n2024-03-04T09:40,1\n");
        assert!(
            e.starts_with("h.csv:4:") && e.contains("not on the 900-second grid"),
            "{e}"
        );
        let e = error("timestamp,calls\n2024-03-04T09:00,1\n2024-03-04T09:07,1\n");
        assert!(e.contains("does not divide a day"), "{e}");
        let e = error("timestamp,calls\n");
        assert!(e.contains("no data rows"), "{e}");
        let e = error("timestamp,calls\n2024-03-04T09:00,1,3\n");
        assert!(e.starts_with("h.csv:2: cannot read the row"), "{e}");
        let e = error("date,time,calls,aht\n2024-03-04,09:00,1,soon\n");
        assert!(
            e.starts_with("h.csv:2: column `aht`: expected the average handle time"),
            "{e}"
        );
        let e = error("date,time,calls\n2024-03-04,9h,1\n");
        assert!(e.starts_with("h.csv:2: column `time`: expected"), "{e}");
    }

    #[test]
    fn an_ignored_column_is_skipped() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(
            b"rownames,DateTime,Calls\n1,2003-03-03T07:00:00Z,111\n2,2003-03-03 07:05,3\n",
        )
        .unwrap();
        let options = ReadOptions {
            ignore: vec!["RowNames".into()],
        };
        let h = read_history(file.path(), &options).unwrap();
        assert_eq!(h.series[0].1.days[0].offered(), 114.0);
    }
}
