//! The open slots of a history: the weekdays it is open × its open intervals, in time order.
//!
//! A centre open on weekdays from 07:00 to 21:00 has no calls at night or at weekends, and a
//! forecaster that is shown those hours as zeros spends its effort on them; so the series a
//! model sees is the open slots only, one day after the other. A day of the span the history
//! lacks on an open weekday (a public holiday) is a gap in that series; for fitting it is
//! filled with the seasonal mean of its weekday and interval, and reported.

use jiff::civil::{Date, Weekday};

use super::ForecastError;
use crate::history::IntervalGrid;

/// The open slots of a history and what it recorded in them.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenSeries {
    /// Length of one interval, seconds.
    pub interval: f64,
    /// Intervals per calendar day (86,400 / `interval`).
    pub per_day_all: usize,
    /// The weekdays on which the history has at least one day, Monday first.
    pub weekdays: Vec<Weekday>,
    /// The intervals of the day (indices from 00:00) that at least one day carries.
    pub intervals: Vec<usize>,
    /// The open days of the span, first to last day of the history, in calendar order: every
    /// date on an open weekday, listed by the history or not.
    pub days: Vec<Date>,
    /// Contacts offered per open slot, `days.len() × intervals.len()` in time order; `None`
    /// where the history has no record.
    pub values: Vec<Option<f64>>,
    /// The open days the history does not list (holidays, outages), in calendar order.
    pub missing_days: Vec<Date>,
}

impl OpenSeries {
    /// The open slots of `grid`.
    ///
    /// # Errors
    ///
    /// [`ForecastError::Empty`] if the grid has no day or no interval with a record;
    /// [`ForecastError::Gaps`] if it lacks more than half of the open days of its span.
    pub fn of(grid: &IntervalGrid) -> Result<OpenSeries, ForecastError> {
        let intervals = grid.open_intervals();
        let (Some(first), Some(last)) = (grid.days.first(), grid.days.last()) else {
            return Err(ForecastError::Empty);
        };
        if intervals.is_empty() {
            return Err(ForecastError::Empty);
        }
        let mut weekdays: Vec<Weekday> = grid.days.iter().map(|d| d.weekday()).collect();
        weekdays.sort_by_key(|w| w.to_monday_zero_offset());
        weekdays.dedup();
        // Counted before anything is laid out: a year mistyped (4024 for 2024) makes a span
        // of millions of days, which the fit would take hours to fill.
        let mut open = 0usize;
        let mut date = first.date;
        while date <= last.date {
            open += usize::from(weekdays.contains(&date.weekday()));
            date = date.tomorrow().map_err(|_| ForecastError::Empty)?;
        }
        if open > 2 * grid.days.len() {
            return Err(ForecastError::Gaps {
                listed: grid.days.len(),
                open,
                first: first.date,
                last: last.date,
            });
        }
        let mut days = Vec::new();
        let mut values = Vec::new();
        let mut missing_days = Vec::new();
        let mut listed = grid.days.iter().peekable();
        let mut date = first.date;
        while date <= last.date {
            let day = listed.next_if(|d| d.date == date);
            if weekdays.contains(&date.weekday()) {
                days.push(date);
                match day {
                    Some(day) => values.extend(
                        intervals
                            .iter()
                            .map(|&i| day.intervals[i].map(|r| r.offered)),
                    ),
                    None => {
                        missing_days.push(date);
                        values.extend(intervals.iter().map(|_| None));
                    }
                }
            }
            date = date.tomorrow().map_err(|_| ForecastError::Empty)?;
        }
        Ok(OpenSeries {
            interval: grid.interval,
            per_day_all: grid.per_day,
            weekdays,
            intervals,
            days,
            values,
            missing_days,
        })
    }

    /// Open slots per open day.
    pub fn per_day(&self) -> usize {
        self.intervals.len()
    }

    /// Open slots per week: the open weekdays × the open intervals.
    pub fn per_week(&self) -> usize {
        self.weekdays.len() * self.per_day()
    }

    /// The values of the first `days` open days with every gap filled by the mean of the
    /// same weekday and interval over those days (the interval's mean over all of those days
    /// if its weekday has no record there; zero if the interval has none at all), and the
    /// number of slots filled.
    pub fn filled(&self, days: usize) -> (Vec<f64>, usize) {
        let per_day = self.per_day();
        let slots = &self.values[..days * per_day];
        let mean_of = |keep: &dyn Fn(usize) -> bool, slot: usize| {
            let (sum, n) = (0..days)
                .filter(|&d| keep(d))
                .filter_map(|d| slots[d * per_day + slot])
                .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            (n > 0).then(|| sum / n as f64)
        };
        let mut out = Vec::with_capacity(slots.len());
        let mut gaps = 0;
        for (d, day) in slots.chunks(per_day).enumerate() {
            let weekday = self.days[d].weekday();
            for (slot, value) in day.iter().enumerate() {
                out.push(value.unwrap_or_else(|| {
                    gaps += 1;
                    mean_of(&|e| self.days[e].weekday() == weekday, slot)
                        .or_else(|| mean_of(&|_| true, slot))
                        .unwrap_or(0.0)
                }));
            }
        }
        (out, gaps)
    }

    /// The open days from `from` (included) to `to` (excluded).
    pub fn open_days_between(&self, from: Date, to: Date) -> Vec<Date> {
        let mut out = Vec::new();
        let mut date = from;
        while date < to {
            if self.weekdays.contains(&date.weekday()) {
                out.push(date);
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        out
    }
}
