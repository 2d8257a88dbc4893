//! Fitting a scenario's arrivals and handle times to interval history.
//!
//! A scenario says what volume to expect as a weekly average rate shaped by a daily and a
//! weekly profile, with a gamma day-to-day noise (see [`ArrivalPattern`](crate::model::ArrivalPattern)):
//! interval `i` of weekday `k` expects `m_k × p_i` contacts a day, where `m_k` is weekday
//! `k`'s daily total and `p_i` the share of the day interval `i` carries. This module
//! estimates those numbers from a history laid on the calendar ([`IntervalGrid`]), in an
//! order where each step uses only days the steps before it trust:
//!
//! 1. **Days set aside.** A weekday the history shows on half of its dates or fewer is a
//!    day the centre is closed: such a day is set aside (a Saturday opening once is no
//!    Saturday profile). A date of an open weekday the export lacks is a holiday. A day
//!    whose log total lies more than [`FitOptions::outlier_mads`] robust standard
//!    deviations (1.4826 × the median absolute deviation of the log totals around their
//!    weekday's level and the trend, and never less than Poisson's 1/√total) from its
//!    weekday's level (the median of the weekday's other days, on the trend) is far below (a holiday, an outage) or far above (an incident, a
//!    campaign). The rule is iterated with the trend until the set stops changing. Days set
//!    aside enter no estimate.
//! 2. **Trend.** Least squares of the log daily total on the day's index with one level per
//!    weekday; the slope is reported as % per week with its 95 % interval (Student's t).
//!    Residuals of real volumes are autocorrelated, so the interval is optimistic there.
//! 3. **Rate and profiles.** Each kept day's counts are brought to the level of the
//!    history's last week when the trend's interval excludes 0 (multiplied by
//!    `exp(b × (t_ref − t))`, `t_ref` the middle of the last seven days), and left as they
//!    are otherwise. Then `m_k` is the mean total of weekday `k`, the weekly profile is
//!    `m_k` scaled to average 1 (0 for a weekday the centre is closed), the rate is
//!    `Σ m_k` per week (so per hour `Σ m_k / 168`, closed hours included, as the scenario's
//!    `rate` means), and the daily profile is the mean share `p_i` of each interval in the
//!    kept days, scaled to average 1 (0 where the history is never open). The scenario's
//!    rate in interval `i` of weekday `k`, times the interval, is then exactly `m_k × p_i`.
//! 4. **Noise.** The variance of weekday `k`'s (brought-to-level) totals beyond Poisson gives
//!    its noise cv by the method of moments ([`Dispersion`]); the squared cvs are pooled
//!    with weights `n_k − 1` (the days' degrees of freedom), as are the dispersion indices.
//! 5. **Profile residuals.** Per weekday and interval, the observed mean against `m_k × p_i`.
//!    Both come from the same days, so a day's noise factor, which multiplies all of its
//!    intervals alike, cancels in their difference; what remains is the multinomial split
//!    of the day's contacts, of variance `fitted × (1 − p_i)` a day. The residual is
//!    standardised by `√(fitted × (1 − p_i) / n_k)`: near 1 in root mean square when one
//!    intraday shape serves every weekday, larger where a weekday's shape differs.
//! 6. **Handling.** The mean handle time is the mean of the intervals' average handle time
//!    weighted by the contacts handled (by those offered when the export has no handled
//!    column); abandonment is abandoned / offered. Interval totals say nothing about how
//!    long a customer would wait (patience): abandonment depends on the waits the staffing
//!    of the time gave, which the export does not carry.
//!
//! A history with several series (intents or channels) is fitted on the sum of its series;
//! each series then gets its share of the kept days' volume and its own handling figures
//! ([`fit_history`]).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, Weekday};
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::dispersion::Dispersion;
use super::grid::{History, HistoryDay, IntervalGrid, IntervalRecord};
use crate::units::{DAY, WEEK};

/// Fewest kept days of every open weekday a fit needs (two weeks).
pub const MIN_DAYS_PER_WEEKDAY: usize = 2;

/// How a fit decides which days to set aside.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// A day is an outlier when its log total is further than this many robust standard
    /// deviations from its weekday's level (dimensionless; 5 by default: a normal day
    /// passes it about once in two million).
    pub outlier_mads: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { outlier_mads: 5.0 }
    }
}

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// The history has no day with contacts.
    #[error("the history has no day with contacts to fit")]
    Empty,
    /// Too few days are kept to fit a week's profile.
    #[error(
        "too short to fit: {weekday} has {kept} kept day(s) from {first} to {last}; a fit needs \
         at least {MIN_DAYS_PER_WEEKDAY} of every weekday the centre is open (two weeks of \
         history after the days set aside)"
    )]
    TooShort {
        /// The open weekday with the fewest kept days.
        weekday: String,
        /// Its kept days.
        kept: usize,
        /// The first day of the history.
        first: Date,
        /// The last day of the history.
        last: Date,
    },
    /// Series with different interval lengths cannot be summed.
    #[error(
        "the series cannot be added up: {first} has {first_interval} s intervals, {other} has \
         {other_interval} s"
    )]
    MixedIntervals {
        /// The first series' name.
        first: String,
        /// Its interval, seconds.
        first_interval: f64,
        /// A series with another interval.
        other: String,
        /// That interval, seconds.
        other_interval: f64,
    },
}

/// Why a day was set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A date of an open weekday that the export does not list: a holiday (or a day the
    /// export lost).
    Missing,
    /// Far below its weekday's level: a holiday, a partial day or an outage.
    Low,
    /// Far above its weekday's level: an incident, a campaign or a double count.
    High,
    /// On a weekday the centre is closed on most weeks.
    ClosedWeekday,
}

impl Reason {
    /// The reason as a short key (`missing`, `low`, `high`, `closed_weekday`), for files.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::Low => "low",
            Reason::High => "high",
            Reason::ClosedWeekday => "closed_weekday",
        }
    }

    /// The reason as a report says it.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Missing => "not in the export, on a weekday the centre is open (holiday?)",
            Reason::Low => "far below its weekday's level (holiday, partial day, outage?)",
            Reason::High => "far above its weekday's level (incident, campaign?)",
            Reason::ClosedWeekday => "on a weekday the centre is closed most weeks",
        }
    }
}

/// A day left out of every estimate, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// The date.
    pub date: Date,
    /// Contacts offered that day, `None` for a day the export lacks.
    pub total: Option<f64>,
    /// The total its weekday's level and the trend expected, contacts, where there is one.
    pub expected: Option<f64>,
    /// Why it was set aside.
    pub reason: Reason,
}

/// The trend of the daily totals: least squares of the log total on the day with a level
/// per weekday.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// Slope of the log daily total, per day.
    pub log_slope: f64,
    /// Standard error of the slope, per day (`NaN` with no degrees of freedom left).
    pub log_slope_se: f64,
    /// Residual degrees of freedom: kept days − open weekdays − 1.
    pub df: usize,
    /// Growth per week, percent: `100 × (exp(7 × slope) − 1)`.
    pub per_week: f64,
    /// 95 % confidence interval of the growth per week, percent `[low, high]`.
    pub per_week_ci: [f64; 2],
    /// Whether the interval excludes 0: then the rate is the level of the last week and the
    /// trend is continued.
    pub significant: bool,
}

/// The day-to-day noise: dispersion per weekday, and pooled.
#[derive(Debug, Clone, PartialEq)]
pub struct Noise {
    /// Monday to Sunday: the dispersion of that weekday's kept totals (brought to level when
    /// the trend is significant); `None` for a weekday with fewer than two kept days.
    pub by_weekday: [Option<Dispersion>; 7],
    /// Index of dispersion pooled over weekdays with weights `n_k − 1` (1: Poisson).
    pub index: f64,
    /// Noise cv pooled over weekdays: √ of the squared cvs (unclamped per weekday) pooled
    /// with weights `n_k − 1`, 0 if that is negative.
    pub cv: f64,
    /// Degrees of freedom pooled: Σ (n_k − 1), days.
    pub df: usize,
}

/// One weekday × interval cell of the profile check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileCell {
    /// The weekday.
    pub weekday: Weekday,
    /// Index of the interval in the day, from 00:00.
    pub interval: usize,
    /// Mean contacts of the cell over the weekday's kept days (brought to level).
    pub observed: f64,
    /// Contacts the fitted profiles give the cell: `m_k × p_i`.
    pub fitted: f64,
    /// `(observed − fitted) / √(fitted × (1 − p_i) / days)`; `None` where fitted is 0.
    pub residual: Option<f64>,
    /// Kept days of the weekday.
    pub days: usize,
}

/// Handle time and abandonment of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Handling {
    /// Mean handle time, seconds, weighted by contacts handled (or offered); `None` without
    /// an `aht` column.
    pub handle_time: Option<f64>,
    /// Whether the handle time is weighted by contacts handled (else by those offered).
    pub weighted_by_handled: bool,
    /// Abandoned / offered; `None` without an `abandoned` column.
    pub abandonment: Option<f64>,
}

/// What a history says about arrivals: the scenario's `[arrivals]` and what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Length of an interval, seconds.
    pub interval: f64,
    /// Intervals per day.
    pub per_day: usize,
    /// First day of the history.
    pub first: Date,
    /// Last day of the history.
    pub last: Date,
    /// Days the export lists.
    pub days_read: usize,
    /// The days every estimate uses, in calendar order.
    pub kept: Vec<Date>,
    /// The days set aside, in calendar order.
    pub set_aside: Vec<SetAside>,
    /// Monday to Sunday: whether the centre is open that weekday (listed on more than half
    /// of its dates).
    pub open_weekdays: [bool; 7],
    /// The intervals of the day (indices from 00:00) that some kept day carries: the
    /// opening hours.
    pub open_intervals: Vec<usize>,
    /// The trend of the daily totals.
    pub trend: Trend,
    /// Average arrival rate over a week, contacts per second, closed hours included: at the
    /// last week's level when the trend is significant, else the mean of the kept days.
    pub rate: f64,
    /// Monday to Sunday: mean contacts of the weekday's kept days (brought to level), `None`
    /// for a closed weekday.
    pub weekday_totals: [Option<f64>; 7],
    /// Monday to Sunday, averaging 1 (0 for a closed weekday).
    pub weekly_profile: [f64; 7],
    /// One weight per interval of the day from 00:00, averaging 1 (0 where never open).
    pub daily_profile: Vec<f64>,
    /// The day-to-day noise.
    pub noise: Noise,
    /// Every cell of the open weekdays, Monday first, then by interval.
    pub profile: Vec<ProfileCell>,
    /// Root mean square of the standardised residuals over cells with a fitted value.
    pub residual_rms: f64,
    /// Handle time and abandonment over the kept days.
    pub handling: Handling,
}

impl Fit {
    /// The rate steps that continue a significant trend over `horizon` seconds: one a week
    /// after the start (`(time from the start, s; rate, contacts per second)`), the rate of
    /// week `w` being `rate × exp(7w × slope)`. Empty when the trend is not significant.
    pub fn trend_steps(&self, horizon: f64) -> Vec<(f64, f64)> {
        if !self.trend.significant {
            return Vec::new();
        }
        (1..)
            .map(|w| w as f64 * WEEK)
            .take_while(|&at| at < horizon)
            .map(|at| (at, self.rate * (self.trend.log_slope * at / DAY).exp()))
            .collect()
    }

    /// The profile cells with a residual, worst first: the `n` largest in absolute value.
    pub fn worst_cells(&self, n: usize) -> Vec<ProfileCell> {
        let mut cells: Vec<ProfileCell> = self
            .profile
            .iter()
            .filter(|c| c.residual.is_some())
            .copied()
            .collect();
        cells.sort_by(|a, b| {
            let key = |c: &ProfileCell| c.residual.map_or(0.0, f64::abs);
            key(b).total_cmp(&key(a))
        });
        cells.truncate(n);
        cells
    }
}

/// One series of a fitted history.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFit {
    /// The intent or channel the export names, `None` for all contacts together.
    pub name: Option<String>,
    /// Contacts offered over the kept days.
    pub offered: f64,
    /// Its share of the contacts offered over the kept days (0 to 1).
    pub share: f64,
    /// Its handle time and abandonment over the kept days.
    pub handling: Handling,
}

/// A fitted history: arrivals from the sum of its series, and each series' share.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryFit {
    /// The fit of all series together.
    pub total: Fit,
    /// The series, in the history's order.
    pub series: Vec<SeriesFit>,
}

/// Fits every series of `history` together (see the [module docs](self)), then gives each
/// series its share and handling over the kept days.
///
/// # Errors
///
/// [`FitError::MixedIntervals`] if the series have different interval lengths; otherwise
/// as [`fit`].
pub fn fit_history(history: &History, options: &FitOptions) -> Result<HistoryFit, FitError> {
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "all contacts".into());
    let Some((first_name, first)) = history.series.first() else {
        return Err(FitError::Empty);
    };
    if let Some((other, grid)) = history
        .series
        .iter()
        .find(|(_, g)| g.interval != first.interval)
    {
        return Err(FitError::MixedIntervals {
            first: name(first_name),
            first_interval: first.interval,
            other: name(other),
            other_interval: grid.interval,
        });
    }
    let total = if history.series.len() == 1 {
        fit(first, options)?
    } else {
        let grids: Vec<&IntervalGrid> = history.series.iter().map(|(_, g)| g).collect();
        fit(&sum(&grids), options)?
    };
    let kept: BTreeSet<Date> = total.kept.iter().copied().collect();
    let offered: Vec<f64> = history
        .series
        .iter()
        .map(|(_, g)| kept_days(g, &kept).map(HistoryDay::offered).sum())
        .collect();
    let all: f64 = offered.iter().sum();
    let series = history
        .series
        .iter()
        .zip(offered)
        .map(|((name, grid), offered)| SeriesFit {
            name: name.clone(),
            offered,
            share: if all > 0.0 { offered / all } else { 0.0 },
            handling: handling(kept_days(grid, &kept)),
        })
        .collect();
    Ok(HistoryFit { total, series })
}

/// The days of `grid` whose date is in `kept`.
fn kept_days<'a>(
    grid: &'a IntervalGrid,
    kept: &'a BTreeSet<Date>,
) -> impl Iterator<Item = &'a HistoryDay> + 'a {
    grid.days.iter().filter(|d| kept.contains(&d.date))
}

/// The grids of several series (same interval) added up interval by interval.
fn sum(grids: &[&IntervalGrid]) -> IntervalGrid {
    let (interval, per_day) = (grids[0].interval, grids[0].per_day);
    let mut days: BTreeMap<Date, Vec<Option<IntervalRecord>>> = BTreeMap::new();
    for grid in grids {
        for day in &grid.days {
            let cells = days.entry(day.date).or_insert_with(|| vec![None; per_day]);
            for (cell, record) in cells.iter_mut().zip(&day.intervals) {
                if let Some(r) = record {
                    *cell = Some(match cell.take() {
                        None => *r,
                        Some(c) => add(&c, r),
                    });
                }
            }
        }
    }
    IntervalGrid {
        interval,
        per_day,
        days: days
            .into_iter()
            .map(|(date, intervals)| HistoryDay { date, intervals })
            .collect(),
    }
}

/// Two records of one interval added up; the handle time is their mean weighted by handled
/// (or offered) contacts.
fn add(a: &IntervalRecord, b: &IntervalRecord) -> IntervalRecord {
    let plus = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0.0) + y.unwrap_or(0.0)),
    };
    let weight = |r: &IntervalRecord| r.handled.unwrap_or(r.offered);
    let handle_time = match (a.handle_time, b.handle_time) {
        (None, None) => None,
        (x, y) => {
            let (wa, wb) = (x.map_or(0.0, |_| weight(a)), y.map_or(0.0, |_| weight(b)));
            let w = wa + wb;
            (w > 0.0).then(|| (x.unwrap_or(0.0) * wa + y.unwrap_or(0.0) * wb) / w)
        }
    };
    IntervalRecord {
        offered: a.offered + b.offered,
        handled: plus(a.handled, b.handled),
        abandoned: plus(a.abandoned, b.abandoned),
        handle_time,
    }
}

/// Handle time and abandonment over `days`.
fn handling<'a>(days: impl Iterator<Item = &'a HistoryDay>) -> Handling {
    let (mut time, mut weight, mut by_handled) = (0.0, 0.0, true);
    let (mut abandoned, mut offered, mut any_abandoned) = (0.0, 0.0, false);
    for r in days.flat_map(|d| d.intervals.iter().flatten()) {
        if let Some(aht) = r.handle_time {
            let w = match r.handled {
                Some(h) => h,
                None => {
                    by_handled = false;
                    r.offered
                }
            };
            time += aht * w;
            weight += w;
        }
        if let Some(a) = r.abandoned {
            any_abandoned = true;
            abandoned += a;
            offered += r.offered;
        }
    }
    Handling {
        handle_time: (weight > 0.0).then(|| time / weight),
        weighted_by_handled: by_handled,
        abandonment: (any_abandoned && offered > 0.0).then(|| abandoned / offered),
    }
}

/// A day of the history with what the fit needs of it.
#[derive(Debug, Clone, Copy)]
struct Day<'a> {
    day: &'a HistoryDay,
    /// Days since the history's first day.
    t: f64,
    /// Monday 0 to Sunday 6.
    weekday: usize,
    total: f64,
}

/// Fits the arrivals of one series (see the [module docs](self)).
///
/// # Errors
///
/// [`FitError::Empty`] if no day has contacts; [`FitError::TooShort`] if some open weekday
/// keeps fewer than [`MIN_DAYS_PER_WEEKDAY`] days.
///
/// # Example
///
/// ```
/// use jiff::civil::date;
/// use staffsim::history::fit::{FitOptions, fit};
/// use staffsim::history::{HistoryDay, IntervalGrid, IntervalRecord};
///
/// // Three weeks of a Monday-to-Friday desk open 12:00-24:00: 100 contacts in the first
/// // half of the day and 300 in the second, every weekday alike.
/// let record = |offered| Some(IntervalRecord {
///     offered, handled: None, abandoned: None, handle_time: Some(240.0),
/// });
/// let days = (0..21)
///     .map(|d| date(2025, 1, 6).checked_add(jiff::Span::new().days(d)).unwrap())
///     .filter(|d| d.weekday().to_monday_zero_offset() < 5)
///     .map(|date| HistoryDay { date, intervals: vec![None, None, record(100.0), record(300.0)] })
///     .collect();
/// let grid = IntervalGrid { interval: 21_600.0, per_day: 4, days };
/// let fit = fit(&grid, &FitOptions::default()).unwrap();
/// // 400 a day on five days of the week: 2,000 a week, 2000/168 an hour.
/// assert!((fit.rate * 3600.0 - 2000.0 / 168.0).abs() < 1e-9);
/// assert_eq!(fit.daily_profile, [0.0, 0.0, 1.0, 3.0]);
/// assert!((fit.weekly_profile[0] - 1.4).abs() < 1e-12 && fit.weekly_profile[6] == 0.0);
/// assert_eq!(fit.handling.handle_time, Some(240.0));
/// assert!(fit.set_aside.is_empty() && !fit.trend.significant);
/// ```
pub fn fit(grid: &IntervalGrid, options: &FitOptions) -> Result<Fit, FitError> {
    let (Some(first), Some(last)) = (grid.days.first(), grid.days.last()) else {
        return Err(FitError::Empty);
    };
    let (first, last) = (first.date, last.date);
    let days: Vec<Day> = grid
        .days
        .iter()
        .map(|day| Day {
            day,
            t: days_between(first, day.date),
            weekday: weekday_index(day.date),
            total: day.offered(),
        })
        .collect();
    if days.iter().all(|d| d.total <= 0.0) {
        return Err(FitError::Empty);
    }
    // 1. Open weekdays, and the days set aside for the calendar's sake.
    let span = days_between(first, last) as i64 + 1;
    let mut listed = [0usize; 7];
    let mut dates = [0usize; 7];
    for d in &days {
        listed[d.weekday] += 1;
    }
    let calendar: Vec<Date> = (0..span).filter_map(|k| add_days(first, k)).collect();
    for date in &calendar {
        dates[weekday_index(*date)] += 1;
    }
    let open: [bool; 7] = std::array::from_fn(|k| listed[k] > 0 && 2 * listed[k] > dates[k]);
    let present: BTreeSet<Date> = days.iter().map(|d| d.day.date).collect();
    let mut set_aside: Vec<SetAside> = calendar
        .iter()
        .filter(|date| open[weekday_index(**date)] && !present.contains(date))
        .map(|&date| SetAside {
            date,
            total: None,
            expected: None,
            reason: Reason::Missing,
        })
        .collect();
    for d in &days {
        let reason = if !open[d.weekday] {
            Some(Reason::ClosedWeekday)
        } else if d.total <= 0.0 {
            Some(Reason::Low)
        } else {
            None
        };
        if let Some(reason) = reason {
            set_aside.push(SetAside {
                date: d.day.date,
                total: Some(d.total),
                expected: None,
                reason,
            });
        }
    }
    let candidates: Vec<Day> = days
        .iter()
        .filter(|d| open[d.weekday] && d.total > 0.0)
        .copied()
        .collect();
    // 2. Outliers, found together with the trend.
    let outliers = outliers(&candidates, options.outlier_mads);
    for (d, expected) in &outliers {
        set_aside.push(SetAside {
            date: d.day.date,
            total: Some(d.total),
            expected: Some(*expected),
            reason: if d.total > *expected {
                Reason::High
            } else {
                Reason::Low
            },
        });
    }
    set_aside.sort_by_key(|s| s.date);
    let out: BTreeSet<Date> = outliers.iter().map(|(d, _)| d.day.date).collect();
    let kept: Vec<Day> = candidates
        .into_iter()
        .filter(|d| !out.contains(&d.day.date))
        .collect();
    let mut per_weekday = [0usize; 7];
    for d in &kept {
        per_weekday[d.weekday] += 1;
    }
    if let Some(k) = (0..7)
        .filter(|&k| open[k])
        .min_by_key(|&k| per_weekday[k])
        .filter(|&k| per_weekday[k] < MIN_DAYS_PER_WEEKDAY)
    {
        return Err(FitError::TooShort {
            weekday: weekday_name(k).into(),
            kept: per_weekday[k],
            first,
            last,
        });
    }
    // 3. The trend, then the level every estimate is brought to.
    let trend = trend(&kept);
    let slope = if trend.significant {
        trend.log_slope
    } else {
        0.0
    };
    let t_ref = days_between(first, last) - 3.0;
    let factor = |d: &Day| (slope * (t_ref - d.t)).exp();
    let mut weekday_totals = [None; 7];
    for (k, total) in weekday_totals.iter_mut().enumerate() {
        let xs: Vec<f64> = kept
            .iter()
            .filter(|d| d.weekday == k)
            .map(|d| d.total * factor(d))
            .collect();
        if !xs.is_empty() {
            *total = Some(mean(&xs));
        }
    }
    let week: f64 = weekday_totals.iter().flatten().sum();
    let weekly_profile = weekday_totals.map(|m| m.map_or(0.0, |m| 7.0 * m / week));
    let mut shares = vec![0.0; grid.per_day];
    for d in &kept {
        for (share, cell) in shares.iter_mut().zip(&d.day.intervals) {
            *share += cell.map_or(0.0, |r| r.offered) / d.total;
        }
    }
    for share in &mut shares {
        *share /= kept.len() as f64;
    }
    let daily_profile = shares.iter().map(|p| p * grid.per_day as f64).collect();
    // 4. The noise per weekday, pooled.
    let noise = noise(&kept, &factor);
    // 5. The profile check.
    let mut profile = Vec::new();
    for (k, m) in weekday_totals.iter().enumerate() {
        let Some(m) = m else { continue };
        let days_k: Vec<&Day> = kept.iter().filter(|d| d.weekday == k).collect();
        let n = days_k.len();
        for (i, &p) in shares.iter().enumerate() {
            let observed = days_k
                .iter()
                .map(|d| d.day.intervals[i].map_or(0.0, |r| r.offered) * factor(d))
                .sum::<f64>()
                / n as f64;
            let fitted = m * p;
            let variance = fitted * (1.0 - p) / n as f64;
            profile.push(ProfileCell {
                weekday: weekday_of(k),
                interval: i,
                observed,
                fitted,
                residual: (variance > 0.0).then(|| (observed - fitted) / variance.sqrt()),
                days: n,
            });
        }
    }
    let residuals: Vec<f64> = profile.iter().filter_map(|c| c.residual).collect();
    let residual_rms = if residuals.is_empty() {
        0.0
    } else {
        (residuals.iter().map(|r| r * r).sum::<f64>() / residuals.len() as f64).sqrt()
    };
    Ok(Fit {
        interval: grid.interval,
        per_day: grid.per_day,
        first,
        last,
        days_read: grid.days.len(),
        kept: kept.iter().map(|d| d.day.date).collect(),
        set_aside,
        open_weekdays: open,
        open_intervals: (0..grid.per_day)
            .filter(|&i| kept.iter().any(|d| d.day.intervals[i].is_some()))
            .collect(),
        trend,
        rate: week / WEEK,
        weekday_totals,
        weekly_profile,
        daily_profile,
        noise,
        profile,
        residual_rms,
        handling: handling(kept.iter().map(|d| d.day)),
    })
}

/// The days of `candidates` (open weekdays, totals above 0) whose log total lies beyond
/// `mads` robust standard deviations from its weekday's level and the trend, with the total
/// expected there. Iterated: levels (medians of the weekday's other days) and slope from the
/// days not flagged, the scale from all, until neither the flagged set nor the slope changes
/// (at most 20 rounds).
fn outliers<'a>(candidates: &[Day<'a>], mads: f64) -> Vec<(Day<'a>, f64)> {
    if candidates.len() < 3 {
        return Vec::new();
    }
    let logs: Vec<f64> = candidates.iter().map(|d| d.total.ln()).collect();
    let totals: Vec<f64> = candidates.iter().map(|d| d.total).collect();
    // Never finer than Poisson: a day within its own counting noise is no outlier.
    let poisson = 1.0 / median(&totals).sqrt();
    let mut flagged = vec![false; candidates.len()];
    let mut slope = 0.0;
    let mut expected = vec![0.0; candidates.len()];
    for _ in 0..20 {
        // A day's level is the median of the other kept days of its weekday: a day is not
        // its own yardstick (with three Mondays, one would always sit on the median).
        let residuals: Vec<f64> = (0..candidates.len())
            .map(|j| {
                let k = candidates[j].weekday;
                let detrended = |i: usize| logs[i] - slope * candidates[i].t;
                let same = |i: &usize| candidates[*i].weekday == k;
                let mut others: Vec<f64> = (0..candidates.len())
                    .filter(|i| same(i) && *i != j && !flagged[*i])
                    .map(detrended)
                    .collect();
                if others.is_empty() {
                    others = (0..candidates.len()).filter(same).map(detrended).collect();
                }
                let fitted = median(&others) + slope * candidates[j].t;
                expected[j] = fitted.exp();
                logs[j] - fitted
            })
            .collect();
        let centre = median(&residuals);
        let deviations: Vec<f64> = residuals.iter().map(|r| (r - centre).abs()).collect();
        let scale = (1.4826 * median(&deviations)).max(poisson);
        let now: Vec<bool> = residuals.iter().map(|r| r.abs() > mads * scale).collect();
        let keep: Vec<Day> = (0..candidates.len())
            .filter(|&j| !now[j])
            .map(|j| candidates[j])
            .collect();
        let refitted = trend(&keep).log_slope;
        let refitted = if refitted.is_finite() { refitted } else { 0.0 };
        let settled = now == flagged && (refitted - slope).abs() < 1e-12;
        flagged = now;
        slope = refitted;
        if settled {
            break;
        }
    }
    (0..candidates.len())
        .filter(|&j| flagged[j])
        .map(|j| (candidates[j], expected[j]))
        .collect()
}

/// Least squares of the log total on the day with one level per weekday (the slope is the
/// within-weekday regression), and its 95 % interval.
fn trend(days: &[Day]) -> Trend {
    let mut groups: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
    for d in days {
        groups
            .entry(d.weekday)
            .or_default()
            .push((d.t, d.total.ln()));
    }
    let (mut sxy, mut sxx) = (0.0, 0.0);
    let mut centred = Vec::new();
    for points in groups.values() {
        let tm = mean(&points.iter().map(|p| p.0).collect::<Vec<_>>());
        let zm = mean(&points.iter().map(|p| p.1).collect::<Vec<_>>());
        for &(t, z) in points {
            sxy += (t - tm) * (z - zm);
            sxx += (t - tm) * (t - tm);
            centred.push((t - tm, z - zm));
        }
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let rss: f64 = centred.iter().map(|(t, z)| (z - slope * t).powi(2)).sum();
    let df = days.len().saturating_sub(groups.len() + 1);
    let se = if df > 0 && sxx > 0.0 {
        (rss / df as f64 / sxx).sqrt()
    } else {
        f64::NAN
    };
    let half = if se.is_finite() {
        StudentsT::new(0.0, 1.0, df as f64).map_or(f64::NAN, |t| t.inverse_cdf(0.975)) * se
    } else {
        f64::NAN
    };
    let weekly = |b: f64| 100.0 * ((7.0 * b).exp() - 1.0);
    let ci = [weekly(slope - half), weekly(slope + half)];
    Trend {
        log_slope: slope,
        log_slope_se: se,
        df,
        per_week: weekly(slope),
        per_week_ci: ci,
        significant: ci[0] > 0.0 || ci[1] < 0.0,
    }
}

/// The dispersion of each weekday's totals (each multiplied by `factor`), pooled.
fn noise(kept: &[Day], factor: &dyn Fn(&Day) -> f64) -> Noise {
    let by_weekday: [Option<Dispersion>; 7] = std::array::from_fn(|k| {
        let xs: Vec<f64> = kept
            .iter()
            .filter(|d| d.weekday == k)
            .map(|d| d.total * factor(d))
            .collect();
        Dispersion::of(&xs)
    });
    let (mut df, mut index, mut cv2) = (0usize, 0.0, 0.0);
    for d in by_weekday.iter().flatten() {
        let w = (d.days - 1) as f64;
        df += d.days - 1;
        index += w * d.index;
        cv2 += w * (d.variance - d.mean) / (d.mean * d.mean);
    }
    let (index, cv) = if df > 0 {
        (index / df as f64, (cv2 / df as f64).max(0.0).sqrt())
    } else {
        (f64::NAN, 0.0)
    };
    Noise {
        by_weekday,
        index,
        cv,
        df,
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Whole days from `from` to `to`.
fn days_between(from: Date, to: Date) -> f64 {
    (from.duration_until(to).as_hours() / 24) as f64
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().days(days)).ok()
}

/// Monday 0 to Sunday 6.
fn weekday_index(date: Date) -> usize {
    date.weekday().to_monday_zero_offset() as usize
}

fn weekday_of(k: usize) -> Weekday {
    Weekday::from_monday_zero_offset(k as i8).expect("0 to 6")
}

/// The English name of weekday `k` (Monday 0).
pub fn weekday_name(k: usize) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][k % 7]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn record(offered: f64) -> Option<IntervalRecord> {
        Some(IntervalRecord {
            offered,
            handled: None,
            abandoned: None,
            handle_time: None,
        })
    }

    /// `weeks` weeks from Monday 2025-01-06 of a four-interval day, closed 00:00-06:00, with
    /// `cells(day index, weekday)` for the three open intervals; `None` leaves the day out.
    fn grid(weeks: i64, cells: impl Fn(i64, usize) -> Option<[f64; 3]>) -> IntervalGrid {
        let days = (0..7 * weeks)
            .filter_map(|k| {
                let date = add_days(date(2025, 1, 6), k).unwrap();
                let c = cells(k, weekday_index(date))?;
                Some(HistoryDay {
                    date,
                    intervals: vec![None, record(c[0]), record(c[1]), record(c[2])],
                })
            })
            .collect();
        IntervalGrid {
            interval: 21_600.0,
            per_day: 4,
            days,
        }
    }

    /// A desk open Monday to Saturday, Saturdays half as busy, the day split 1 : 2 : 1;
    /// exact counts (no noise), so every figure is known by hand.
    fn steady(k: i64, wd: usize) -> Option<[f64; 3]> {
        let _ = k;
        match wd {
            0..=4 => Some([250.0, 500.0, 250.0]),
            5 => Some([125.0, 250.0, 125.0]),
            _ => None,
        }
    }

    #[test]
    fn a_steady_history_gives_its_figures_back_exactly() {
        let f = fit(&grid(4, steady), &FitOptions::default()).unwrap();
        // A week: 5 × 1,000 + 500 = 5,500 contacts over 168 h.
        assert!((f.rate * 3600.0 - 5500.0 / 168.0).abs() < 1e-9);
        assert_eq!(f.daily_profile, [0.0, 1.0, 2.0, 1.0]);
        let w = 7.0 / 5500.0;
        for k in 0..5 {
            assert!((f.weekly_profile[k] - 1000.0 * w).abs() < 1e-12);
        }
        assert!((f.weekly_profile[5] - 500.0 * w).abs() < 1e-12);
        assert_eq!(f.weekly_profile[6], 0.0);
        assert_eq!(f.open_weekdays, [true, true, true, true, true, true, false]);
        assert_eq!((f.days_read, f.kept.len()), (24, 24));
        assert!(f.set_aside.is_empty());
        assert_eq!(f.trend.log_slope, 0.0);
        assert!(!f.trend.significant);
        // No scatter at all: no noise, every cell fitted exactly.
        assert_eq!(f.noise.cv, 0.0);
        assert_eq!(f.noise.index, 0.0);
        assert_eq!(f.residual_rms, 0.0);
        let monday_noon = f
            .profile
            .iter()
            .find(|c| c.weekday == Weekday::Monday && c.interval == 2)
            .unwrap();
        assert_eq!(
            (monday_noon.observed, monday_noon.fitted, monday_noon.days),
            (500.0, 500.0, 4)
        );
        // Closed interval: fitted 0, no residual.
        assert!(
            f.profile
                .iter()
                .all(|c| c.interval != 0 || c.residual.is_none())
        );
        assert!(f.trend_steps(4.0 * WEEK).is_empty());
    }

    /// A missing Wednesday, a day at a fifth of its level and a day at three times it are
    /// set aside with their reasons, and the figures are those of the steady desk.
    #[test]
    fn holidays_and_outliers_are_set_aside_and_named() {
        // Add a little scatter so the robust scale is not Poisson's floor alone.
        let wobbly = |k: i64, wd: usize| {
            let f = 1.0 + 0.02 * ((k * 7919) % 11 - 5) as f64 / 5.0;
            let base = steady(k, wd)?;
            match k {
                9 => None,                         // Wednesday 2025-01-15
                15 => Some(base.map(|c| c * 0.2)), // Tuesday 2025-01-21
                22 => Some(base.map(|c| c * 3.0)), // Tuesday 2025-01-28
                _ => Some(base.map(|c| (c * f).round())),
            }
        };
        let f = fit(&grid(5, wobbly), &FitOptions::default()).unwrap();
        let aside: Vec<(String, Reason)> = f
            .set_aside
            .iter()
            .map(|s| (s.date.to_string(), s.reason))
            .collect();
        assert_eq!(
            aside,
            [
                ("2025-01-15".to_string(), Reason::Missing),
                ("2025-01-21".to_string(), Reason::Low),
                ("2025-01-28".to_string(), Reason::High),
            ]
        );
        let high = &f.set_aside[2];
        assert_eq!(high.total, Some(3000.0));
        let expected = high.expected.unwrap();
        assert!((expected / 1000.0 - 1.0).abs() < 0.03, "{expected}");
        assert_eq!(f.kept.len(), 30 - 3);
        assert!((f.rate * 3600.0 / (5500.0 / 168.0) - 1.0).abs() < 0.02);
    }

    /// A lone Sunday in a Monday-to-Saturday history is set aside (a closed weekday), and
    /// the weekly profile keeps Sunday at 0.
    #[test]
    fn a_day_on_a_closed_weekday_is_set_aside() {
        let f = fit(
            &grid(3, |k, wd| {
                if k == 13 {
                    Some([10.0; 3])
                } else {
                    steady(k, wd)
                }
            }),
            &FitOptions::default(),
        )
        .unwrap();
        assert_eq!(f.set_aside.len(), 1);
        assert_eq!(f.set_aside[0].reason, Reason::ClosedWeekday);
        assert_eq!(f.set_aside[0].date, date(2025, 1, 19));
        assert_eq!(f.weekly_profile[6], 0.0);
        assert!(!f.open_weekdays[6]);
    }

    /// Exact growth of 3 % a week: the slope is found to rounding, significant; the rate is
    /// the level of the middle of the last week, and the steps continue it.
    #[test]
    fn an_exact_trend_is_found_and_continued() {
        let b = 1.03f64.ln() / 7.0;
        let g = grid(6, |k, wd| {
            steady(k, wd).map(|c| c.map(|x| x * (b * k as f64).exp()))
        });
        let f = fit(&g, &FitOptions::default()).unwrap();
        assert!((f.trend.log_slope - b).abs() < 1e-12, "{:?}", f.trend);
        assert!((f.trend.per_week - 3.0).abs() < 1e-9);
        assert!(f.trend.significant);
        assert!(f.set_aside.is_empty(), "{:?}", f.set_aside);
        // The last day is the Saturday of index 40; the middle of the last week is day 37.
        let level = 5500.0 / 168.0 * (b * 37.0).exp();
        assert!((f.rate * 3600.0 / level - 1.0).abs() < 1e-9);
        let steps = f.trend_steps(4.0 * WEEK);
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[0].0, WEEK);
        assert!((steps[2].1 / f.rate - 1.03f64.powi(3)).abs() < 1e-9);
        // Brought to level, the weeks agree exactly: no noise, no residual.
        assert!(f.noise.cv < 1e-6, "{:?}", f.noise);
        assert!(f.residual_rms < 1e-6);
    }

    #[test]
    fn too_short_a_history_is_refused() {
        let err = fit(&grid(1, steady), &FitOptions::default()).unwrap_err();
        assert!(matches!(err, FitError::TooShort { kept: 1, .. }), "{err:?}");
        assert!(err.to_string().contains("two weeks"), "{err}");
        let empty = IntervalGrid {
            interval: 3600.0,
            per_day: 24,
            days: Vec::new(),
        };
        assert_eq!(fit(&empty, &FitOptions::default()), Err(FitError::Empty));
    }

    /// The scatter of each weekday beyond Poisson, pooled over the weekdays.
    #[test]
    fn the_noise_is_pooled_over_weekdays() {
        // Weeks alternate 900 and 1,100 contacts a weekday: over 4 weeks each weekday has
        // mean 1,000 and variance 4 × 100² / 3; c² = (variance − 1,000) / 1,000².
        let g = grid(4, |k, wd| {
            let x = if (k / 7) % 2 == 0 { 0.9 } else { 1.1 };
            steady(k, wd).filter(|_| wd < 5).map(|c| c.map(|v| v * x))
        });
        let f = fit(&g, &FitOptions::default()).unwrap();
        assert!(!f.trend.significant, "{:?}", f.trend);
        let variance = 4.0 * 100.0f64.powi(2) / 3.0;
        let cv = ((variance - 1000.0) / 1e6f64).sqrt();
        assert!((f.noise.cv - cv).abs() < 1e-12, "{:?}", f.noise);
        assert!((f.noise.index - variance / 1000.0).abs() < 1e-9);
        assert_eq!(f.noise.df, 5 * 3);
        assert!(f.noise.by_weekday[5].is_none() && f.noise.by_weekday[0].is_some());
    }

    /// Two series: the fit is of their sum, each has its share of the kept days and its own
    /// handle time weighted by handled contacts, and abandonment.
    #[test]
    fn several_series_are_fitted_together_with_their_shares() {
        let with = |g: IntervalGrid, aht: f64, handled: f64, abandoned: f64| IntervalGrid {
            days: g
                .days
                .into_iter()
                .map(|mut d| {
                    for r in d.intervals.iter_mut().flatten() {
                        r.handle_time = Some(aht);
                        r.handled = Some(r.offered * handled);
                        r.abandoned = Some(r.offered * abandoned);
                    }
                    d
                })
                .collect(),
            ..g
        };
        let a = with(grid(3, steady), 300.0, 0.9, 0.1);
        let b = with(
            grid(3, |k, wd| steady(k, wd).map(|c| c.map(|x| x / 4.0))),
            600.0,
            0.8,
            0.2,
        );
        let history = History {
            source: "test".into(),
            series: vec![(Some("billing".into()), a), (Some("fraud".into()), b)],
        };
        let h = fit_history(&history, &FitOptions::default()).unwrap();
        assert!((h.total.rate * 3600.0 - 1.25 * 5500.0 / 168.0).abs() < 1e-9);
        assert!((h.series[0].share - 0.8).abs() < 1e-12);
        assert!((h.series[1].share - 0.2).abs() < 1e-12);
        assert_eq!(h.series[1].handling.handle_time, Some(600.0));
        assert!(h.series[1].handling.weighted_by_handled);
        assert!((h.series[1].handling.abandonment.unwrap() - 0.2).abs() < 1e-12);
        // Together: handled-weighted, 0.9 × 4 of billing's handled per fraud's 0.8.
        let together = (300.0 * 3.6 + 600.0 * 0.8) / (3.6 + 0.8);
        assert!((h.total.handling.handle_time.unwrap() - together).abs() < 1e-9);
        let mut hourly = history.clone();
        hourly.series[1].1.interval = 3600.0;
        assert!(matches!(
            fit_history(&hourly, &FitOptions::default()),
            Err(FitError::MixedIntervals { .. })
        ));
    }
}
