//! The run's calendar: which date time 0 is, and so where report months begin and end and
//! which weekday each day of the run is.
//!
//! A run without `simulation.start` keeps the average calendar it always had: report
//! months of 30.4375 days (a twelfth of 365.25 days, [`MONTH`]), month `m` covering
//! `[m × MONTH, (m + 1) × MONTH)` seconds, and time 0 a Monday 00:00. A run with a start
//! date is **calendar-true**: time 0 is that date at 00:00, report month `m` is the `m`-th
//! calendar month from it (28 to 31 days; the first one runs from the start date to the end
//! of its month, so a start on the 15th gives a short first month), and the weekly cycle of
//! arrivals and staffing is phased so that each day of the run takes its real weekday.
//!
//! Dates are civil dates ([`jiff::civil::Date`]): there are no time zones and no daylight
//! saving time, every day is 86,400 s long (a planner's "Monday 09:00" is 09:00 on every
//! Monday of the run).
//!
//! **The weekly cycle phase.** Weekly profiles, weekly staffing lists and shift schedules
//! are written from Monday. [`Calendar::week_phase`] is the time from the Monday 00:00 on
//! or before the start to time 0; the arrival pattern starts its weekly profile at that
//! weekday (`ArrivalPattern::first_weekday` in the model) and the engine reads staffing
//! cycles at `t + week_phase`, so arrivals and shifts agree on the day.
//!
//! The calendar sits with the units, at the bottom of the crate, because the recorder
//! (metrics) splits its tallies by its months and the scenario reads its dates.

use jiff::Span;
use jiff::civil::Date;

use super::{DAY, DurationParts, HumanDuration, MONTH, parse_duration_parts};

/// The run's calendar: the average one (no start date), or the civil calendar from a
/// start date. See the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Calendar {
    start: Option<Date>,
}

/// Earliest and latest years a start date or a timeline date may name.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

impl Calendar {
    /// The average calendar: 30.4375-day months, time 0 a Monday.
    pub fn average() -> Self {
        Self { start: None }
    }

    /// The civil calendar from `start` (time 0 is `start` at 00:00).
    pub fn starting(start: Date) -> Self {
        Self { start: Some(start) }
    }

    /// The start date, if the run has one.
    pub fn start(&self) -> Option<Date> {
        self.start
    }

    /// Whether months are calendar months (the run has a start date).
    pub fn is_civil(&self) -> bool {
        self.start.is_some()
    }

    /// The first day of the calendar month `m` months after the start's.
    fn first_of_month(start: Date, m: usize) -> Date {
        start
            .first_of_month()
            .checked_add(Span::new().months(m as i64))
            .expect("a month within 100 years of a start between 1900 and 2200")
    }

    /// Seconds from time 0 to `date` at 00:00 (negative before the start; the average
    /// calendar has no dates and answers 0).
    pub fn seconds_of(&self, date: Date) -> f64 {
        match self.start {
            None => 0.0,
            Some(s) => {
                let days = s
                    .until(date)
                    .expect("dates between 1900 and 2200")
                    .get_days();
                f64::from(days) * DAY
            }
        }
    }

    /// The date of time `t` seconds (0 or more), if the run has a start date.
    pub fn date_at(&self, t: f64) -> Option<Date> {
        let start = self.start?;
        let days = (t.max(0.0) / DAY).floor() as i64;
        start.checked_add(Span::new().days(days)).ok()
    }

    /// When report month `m` (0-based) begins, seconds from time 0.
    pub fn month_start(&self, m: usize) -> f64 {
        match self.start {
            None => m as f64 * MONTH,
            Some(_) if m == 0 => 0.0,
            Some(s) => self.seconds_of(Self::first_of_month(s, m)),
        }
    }

    /// When report month `m` ends (month `m + 1` begins), seconds from time 0.
    pub fn month_end(&self, m: usize) -> f64 {
        self.month_start(m + 1)
    }

    /// The report month (0-based) that holds time `t` seconds (0 or more).
    pub fn month_of(&self, t: f64) -> usize {
        match self.start {
            None => (t / MONTH) as usize,
            Some(s) => match self.date_at(t) {
                Some(d) => {
                    let months = (i32::from(d.year()) - i32::from(s.year())) * 12
                        + i32::from(d.month())
                        - i32::from(s.month());
                    months.max(0) as usize
                }
                None => 0,
            },
        }
    }

    /// Number of report months in a run of `horizon` seconds (the last one may be partial;
    /// at least one).
    pub fn months_in(&self, horizon: f64) -> usize {
        match self.start {
            None => (horizon / MONTH).ceil().max(1.0) as usize,
            Some(_) => {
                let m = self.month_of(horizon);
                if self.month_start(m) >= horizon {
                    m.max(1)
                } else {
                    m + 1
                }
            }
        }
    }

    /// Days in report month `m`'s calendar month (28 to 31), or 30.4375 in the average
    /// calendar: the month a monthly rate (attrition, hires per month) is spread over. The
    /// first month of a run that starts mid-month has fewer days in the run than this.
    pub fn days_in_month(&self, m: usize) -> f64 {
        match self.start {
            None => MONTH / DAY,
            Some(s) => f64::from(Self::first_of_month(s, m).days_in_month()),
        }
    }

    /// The label of report month `m` (0-based): its calendar month (`"2024-02"`), or
    /// `"month N"` (1-based) in the average calendar.
    pub fn label(&self, m: usize) -> String {
        match self.start {
            Some(s) => {
                let d = Self::first_of_month(s, m);
                format!("{:04}-{:02}", d.year(), d.month())
            }
            None => format!("month {}", m + 1),
        }
    }

    /// The label of time `t` seconds: its date (`"2024-01-28"`, with the time of day when
    /// it is not midnight), or the duration from the start in the average calendar.
    pub fn time_label(&self, t: f64) -> String {
        match self.date_at(t) {
            Some(d) => {
                let within = t - (t / DAY).floor() * DAY;
                if within.abs() < 0.5 {
                    d.to_string()
                } else {
                    let s = within.round() as u64;
                    format!("{d} {:02}:{:02}", s / 3600, s / 60 % 60)
                }
            }
            None => HumanDuration(t).compact(),
        }
    }

    /// Days from Monday to the weekday of time 0 (0 for a Monday, 6 for a Sunday; 0 in the
    /// average calendar, whose time 0 is a Monday).
    pub fn weekday_offset(&self) -> u32 {
        self.start
            .map_or(0, |s| s.weekday().to_monday_zero_offset() as u32)
    }

    /// The weekly cycle phase: seconds from the Monday 00:00 on or before time 0 to time 0
    /// ([`weekday_offset`](Self::weekday_offset) days). A weekly cycle written from Monday
    /// is read at `t + week_phase()`.
    pub fn week_phase(&self) -> f64 {
        f64::from(self.weekday_offset()) * DAY
    }

    /// Seconds from time 0 to `n` months later: `n` calendar months from the start date
    /// (36 months from 2023-01-01 is 2026-01-01), or `n × 30.4375` days.
    ///
    /// # Errors
    ///
    /// With a start date, a message if `n` is not a whole number of months (a calendar
    /// month has no fixed length to take a fraction of).
    pub fn after_months(&self, n: f64) -> Result<f64, String> {
        match self.start {
            None => Ok(n * MONTH),
            Some(s) => {
                if n.fract() != 0.0 || !(0.0..=1200.0).contains(&n) {
                    return Err(format!(
                        "expected a whole number of months (calendar months from \
                         `simulation.start`), found {n} months"
                    ));
                }
                let d = s
                    .checked_add(Span::new().months(n as i64))
                    .map_err(|e| format!("{n} months from {s}: {e}"))?;
                Ok(self.seconds_of(d))
            }
        }
    }

    /// A duration from time 0 as written (see [`crate::units::parse_duration_parts`]),
    /// seconds: its months are calendar months from the start date when there is one
    /// (`"36month"` from 2023-01 ends at 2026-01-01), else 30.4375 days each.
    ///
    /// # Errors
    ///
    /// As [`after_months`](Self::after_months).
    pub fn from_start(&self, d: DurationParts) -> Result<f64, String> {
        if self.start.is_none() || d.months == 0.0 {
            return Ok(d.seconds);
        }
        Ok(self.after_months(d.months)? + d.rest)
    }

    /// Reads a time of the run as written in a scenario: a date (`"2024-01-28"`, that day
    /// at 00:00), a calendar month (`"2024-02"`, its first day; a run that starts mid-month
    /// reads its own month as the start), or a duration from the start (`"13month"`,
    /// `"400d"`; see [`from_start`](Self::from_start)). Seconds from time 0; a date before
    /// the start is refused, a time past the horizon is the caller's to check.
    ///
    /// # Errors
    ///
    /// A message if the text is none of these, or is a date or month without a start date
    /// or before it.
    pub fn parse_time(&self, text: &str) -> Result<f64, String> {
        let s = text.trim();
        let date = if let Some(d) = parse_date(s) {
            Some((d, "date"))
        } else {
            parse_month(s).map(|d| (d, "month"))
        };
        if let Some((d, what)) = date {
            let Some(start) = self.start else {
                return Err(format!(
                    "{s:?} is a calendar {what}, but `simulation.start` does not say which day \
                     the run starts on; set it (\"2023-01\" or \"2023-01-01\") or give a \
                     duration from the start such as \"13month\" or \"400d\""
                ));
            };
            // The start's own month means the start, whatever its day.
            let d = if what == "month" && d == start.first_of_month() {
                start
            } else {
                d
            };
            if d < start {
                return Err(format!(
                    "{s:?} is before the run starts (`simulation.start` is {start})"
                ));
            }
            return Ok(self.seconds_of(d));
        }
        let parts = parse_duration_parts(s).map_err(|e| {
            format!(
                "expected a duration from the start (\"13month\", \"400d\"), a month \
                 (\"2024-02\") or a date (\"2024-01-28\"): {e}"
            )
        })?;
        self.from_start(parts)
    }
}

/// A date written `YYYY-MM-DD` with a year from 1900 to 2200, or `None`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) {
        return None;
    }
    if !digits(8..10) {
        return None;
    }
    let (y, m, d): (i16, i8, i8) = (
        s[..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..].parse().ok()?,
    );
    if !YEARS.contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A calendar month written `YYYY-MM` with a year from 1900 to 2200, as its first day, or
/// `None`.
pub fn parse_month(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    let (y, m): (i16, i8) = (s[..4].parse().ok()?, s[5..].parse().ok()?);
    if !YEARS.contains(&y) {
        return None;
    }
    Date::new(y, m, 1).ok()
}

/// A start date as `simulation.start` takes it: a month (`"2023-01"`, its first day) or a
/// day (`"2023-01-15"`), or `None`.
pub fn parse_start(s: &str) -> Option<Date> {
    parse_date(s).or_else(|| parse_month(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn from(y: i16, m: i8, d: i8) -> Calendar {
        Calendar::starting(date(y, m, d))
    }

    #[test]
    fn months_have_their_calendar_lengths_leap_years_included() {
        let c = from(2023, 1, 1);
        let days: Vec<f64> = (0..26).map(|m| c.days_in_month(m)).collect();
        // 2023: not a leap year; 2024: a leap year (February 29 days).
        assert_eq!(
            days[..12],
            [31., 28., 31., 30., 31., 30., 31., 31., 30., 31., 30., 31.]
        );
        assert_eq!(days[13], 29.0);
        assert_eq!(days[25], 28.0);
        for (m, d) in days.iter().enumerate() {
            let length = c.month_end(m) - c.month_start(m);
            assert_eq!(length, d * DAY, "month {m}");
        }
        assert_eq!(c.label(13), "2024-02");
        assert_eq!(c.month_start(13), (365.0 + 31.0) * DAY);
        // 1900 is not a leap year, 2000 is.
        assert_eq!(from(1900, 2, 1).days_in_month(0), 28.0);
        assert_eq!(from(2000, 2, 1).days_in_month(0), 29.0);
    }

    #[test]
    fn month_of_a_time_and_months_in_a_horizon() {
        let c = from(2023, 1, 1);
        assert_eq!(c.month_of(0.0), 0);
        assert_eq!(c.month_of(31.0 * DAY - 1.0), 0);
        assert_eq!(c.month_of(31.0 * DAY), 1);
        assert_eq!(c.month_of(c.month_start(13) + 28.5 * DAY), 13);
        let three_years = c.after_months(36.0).unwrap();
        assert_eq!(c.date_at(three_years), Some(date(2026, 1, 1)));
        assert_eq!(c.months_in(three_years), 36);
        assert_eq!(c.months_in(three_years + 1.0), 37);
        assert_eq!(c.months_in(DAY), 1);
        // The average calendar is the old one.
        let a = Calendar::average();
        assert_eq!(a.month_start(3), 3.0 * MONTH);
        assert_eq!(a.months_in(36.0 * MONTH), 36);
        assert_eq!(a.month_of(MONTH * 2.5), 2);
        assert_eq!(a.days_in_month(1), 30.4375);
        assert_eq!(a.label(0), "month 1");
        assert_eq!(a.after_months(13.0), Ok(13.0 * MONTH));
    }

    #[test]
    fn a_mid_month_start_has_a_short_first_month() {
        let c = from(2024, 1, 15);
        assert_eq!(c.month_end(0), 17.0 * DAY);
        assert_eq!(c.label(0), "2024-01");
        assert_eq!(c.label(1), "2024-02");
        assert_eq!(c.days_in_month(0), 31.0);
        assert_eq!(c.parse_time("2024-01"), Ok(0.0));
        assert_eq!(c.parse_time("2024-02"), Ok(17.0 * DAY));
    }

    #[test]
    fn weekday_offsets_count_days_from_monday() {
        // 2023-01-01 was a Sunday, 2024-01-01 a Monday, 2024-02-29 a Thursday.
        assert_eq!(from(2023, 1, 1).weekday_offset(), 6);
        assert_eq!(from(2024, 1, 1).weekday_offset(), 0);
        assert_eq!(from(2024, 2, 29).weekday_offset(), 3);
        assert_eq!(from(2023, 1, 1).week_phase(), 6.0 * DAY);
        assert_eq!(Calendar::average().weekday_offset(), 0);
    }

    #[test]
    fn times_are_dates_months_or_durations() {
        let c = from(2023, 1, 1);
        assert_eq!(c.parse_time("2023-02"), Ok(31.0 * DAY));
        assert_eq!(c.parse_time("2024-01-28"), Ok((365.0 + 27.0) * DAY));
        assert_eq!(c.parse_time("13month"), c.parse_time("2024-02"));
        assert_eq!(c.parse_time("1month2d"), Ok(33.0 * DAY));
        assert_eq!(c.parse_time("400d"), Ok(400.0 * DAY));
        assert!(
            c.parse_time("1.5month")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(
            c.parse_time("2022-12-31")
                .unwrap_err()
                .contains("before the run")
        );
        assert!(c.parse_time("2023-02-30").is_err());
        let a = Calendar::average();
        assert!(
            a.parse_time("2024-01-28")
                .unwrap_err()
                .contains("simulation.start")
        );
        assert_eq!(a.parse_time("13month"), Ok(13.0 * MONTH));
        assert_eq!(c.time_label(392.0 * DAY), "2024-01-28");
        assert_eq!(c.time_label(DAY + 9.5 * 3600.0), "2023-01-02 09:30");
    }

    #[test]
    fn start_dates_are_months_or_days() {
        assert_eq!(parse_start("2023-01"), Some(date(2023, 1, 1)));
        assert_eq!(parse_start("2023-01-15"), Some(date(2023, 1, 15)));
        for bad in [
            "2023-1",
            "2023-13",
            "23-01",
            "2023-01-1",
            "2023-02-30",
            "1800-01",
            "x",
        ] {
            assert_eq!(parse_start(bad), None, "{bad}");
        }
    }
}
