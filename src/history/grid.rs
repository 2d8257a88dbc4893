//! Interval history laid on a calendar: one row per day, one cell per interval of the day.
//!
//! Workforce-management tools export history as one row per interval (a date and the
//! interval's start, the contacts offered, and perhaps those handled, abandoned and their
//! average handle time). Fitting and forecasting both want the same view of it: the days in
//! calendar order, each cut into equal intervals from midnight, so that "Mondays at 09:30"
//! is a column. That view is [`IntervalGrid`]; a history with several series (one per intent
//! or channel) is one grid per series in a [`History`].
//!
//! A day the export does not list (a weekend of a weekday-only centre, a holiday) is absent
//! from [`IntervalGrid::days`]; an interval a listed day does not carry (outside opening
//! hours) is `None`. Neither is a zero: a zero is an open interval in which nobody called.

use jiff::civil::{Date, Weekday};

/// What one interval of the history recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalRecord {
    /// Contacts offered in the interval (arrived, whatever became of them), a count.
    pub offered: f64,
    /// Contacts answered by an agent, a count, if the export has the column.
    pub handled: Option<f64>,
    /// Contacts that abandoned before an answer, a count, if the export has the column.
    pub abandoned: Option<f64>,
    /// Average handle time of the interval's handled contacts, seconds, if the export has
    /// the column (and the interval handled any).
    pub handle_time: Option<f64>,
}

/// One calendar day of a history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryDay {
    /// The calendar date (civil, as written in the export: no time zone is applied).
    pub date: Date,
    /// One cell per interval of the day from 00:00 ([`IntervalGrid::per_day`] cells);
    /// `None` where the export has no row for the interval.
    pub intervals: Vec<Option<IntervalRecord>>,
}

impl HistoryDay {
    /// The day of the week.
    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }

    /// Contacts offered over the day (the intervals the export carries).
    pub fn offered(&self) -> f64 {
        self.intervals.iter().flatten().map(|r| r.offered).sum()
    }
}

/// A history of one series on a calendar grid.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalGrid {
    /// Length of one interval, seconds (divides a day).
    pub interval: f64,
    /// Intervals per day: 86,400 / `interval`.
    pub per_day: usize,
    /// The days the export lists, in calendar order, without repeats.
    pub days: Vec<HistoryDay>,
}

impl IntervalGrid {
    /// The intervals of the day (indices from 00:00) that at least one day carries: the
    /// opening hours the history shows.
    pub fn open_intervals(&self) -> Vec<usize> {
        (0..self.per_day)
            .filter(|&i| self.days.iter().any(|d| d.intervals[i].is_some()))
            .collect()
    }
}

/// A whole history: one grid per series.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// Where the history was read from, for messages and reports.
    pub source: String,
    /// The series, in the order they first appear: `name` is the intent or channel the export
    /// names, or `None` for a history of all contacts together.
    pub series: Vec<(Option<String>, IntervalGrid)>,
}
