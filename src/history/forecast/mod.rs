//! Forecasting interval volumes: how many contacts each interval of the coming weeks will be
//! offered, with prediction intervals, checked against the seasonal naive benchmark.
//!
//! A contact centre's volume has two seasons (the shape of the day and the shape of the
//! week) on a level that drifts from day to day. Both models here see only the history's
//! **open slots** ([`OpenSeries`]: nights and closed weekdays are left out, so the seasons
//! are those of the opening hours), and both use `augurs`: MSTL (Bandara, Hyndman and
//! Bergmeir 2021: STL decomposition, season by season) and an AutoETS model (error, trend
//! and damping chosen by AICc) of what the seasons leave, forecast with its 80 % and 95 %
//! intervals, the seasons' last cycles added back.
//!
//! - [`Method::Slots`]: MSTL with periods of one open day and one open week on the interval
//!   series itself.
//! - [`Method::DailyProfile`] (the default): MSTL with a weekly period on the **daily
//!   totals**, each forecast day shared out by its weekday's interval profile (see
//!   `profile.rs`).
//!
//! **Why the daily profile.** On the interval series ETS's level is a random walk with a
//! step every interval, so its intervals widen with every five minutes ahead: on the bank
//! calls of Weinberg, Brown and Stroud (2007), with the last 20 % of 170 open days held out,
//! they held 98 % of the held-out intervals at the nominal 80 % and 99 % at 95 %, and its
//! point forecast (MASE 0.94) was worse than the daily profile's (0.76; seasonal naive
//! 1.65), whose intervals held 94 % and 98.5 %: still wide beyond the first week (ETS's
//! level on daily totals is a random walk too) but a third to a half as wide.
//!
//! **Why no transform.** [`Transform::Sqrt`] and [`Transform::Log`] (fitted on √y or
//! ln(1 + y), back-transformed, the mean bias-adjusted, FPP3 §5.6) were measured on the same
//! holdout: on the daily totals (thousands of calls a day, where the Poisson part of the
//! variance is small) they change nothing that matters (MASE 0.776 and 0.794 against 0.760
//! raw, coverage within a point); on the interval series the square root improved the
//! median but its bias adjustment, which grows with the ETS interval, made the mean worse
//! (MASE 1.03 against 0.94). The intervals' Poisson-like variance is the profile model's
//! own (φ p E(D) + p² Var D, see `profile.rs`), so the default fits the raw scale.
//!
//! **The benchmark** is the seasonal naive forecast, the same slot one week before (the last
//! week repeated beyond a week), with intervals from its residuals (FPP3 §5.5). Accuracy is
//! judged by [`evaluate`]: fit on the first days, forecast the held-out rest, and report
//! MASE (mean absolute error over the in-sample mean absolute one-week difference; below 1
//! is better than a one-week naive forecast made in sample) and the empirical coverage of
//! both intervals, for both forecasts.
//!
//! **Level uncertainty for the simulation.** A simulated day draws its level with a
//! coefficient of variation `level_cv` on top of Poisson arrivals. The forecast's value of
//! it comes from the held-out daily totals: for each held-out day with forecast F and actual
//! A, ((A − F)² − F) / F² estimates c² (the squared error less its Poisson part F, relative);
//! their mean over the held-out days, cut at zero, is c² for every forecast day. The
//! held-out errors are used, not the in-sample ones, because MSTL's trend follows the days
//! it was fitted on and in sample would hide most of the level's error.

mod model;
mod open;
mod profile;
mod rates;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

pub use model::ModelFit;
pub use open::OpenSeries;
pub use rates::{RateRow, rate_rows};

use crate::history::{Dispersion, IntervalGrid};
use model::Paths;

/// The scale the model is fitted on; forecasts are back-transformed to contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// Contacts as they are (the default, see the module docs).
    None,
    /// √(contacts): stabilises a Poisson count's variance.
    Sqrt,
    /// ln(1 + contacts): stabilises a variance that grows with the square of the mean.
    Log,
}

impl Transform {
    /// The name used in reports: `none`, `sqrt` or `log`.
    pub fn name(self) -> &'static str {
        match self {
            Transform::None => "none",
            Transform::Sqrt => "sqrt",
            Transform::Log => "log",
        }
    }

    fn forward(self, y: f64) -> f64 {
        match self {
            Transform::None => y,
            Transform::Sqrt => y.max(0.0).sqrt(),
            Transform::Log => y.max(0.0).ln_1p(),
        }
    }

    /// A quantile back on the scale of contacts (not below zero).
    fn back(self, z: f64) -> f64 {
        match self {
            Transform::None => z.max(0.0),
            Transform::Sqrt => z.max(0.0).powi(2),
            Transform::Log => z.exp_m1().max(0.0),
        }
    }

    /// The mean in contacts of a forecast of median `z` and standard deviation `sigma` on
    /// this scale (bias-adjusted, FPP3 §5.6), not below zero.
    fn mean(self, z: f64, sigma: f64) -> f64 {
        match self {
            Transform::None => z.max(0.0),
            Transform::Sqrt => z.max(0.0).powi(2) + sigma * sigma,
            Transform::Log => (z.exp() * (1.0 + sigma * sigma / 2.0) - 1.0).max(0.0),
        }
    }
}

/// Which model forecasts the intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// MSTL (one open day, one open week) and AutoETS on the series of open intervals.
    Slots,
    /// MSTL (one open week) and AutoETS on the daily totals, shared out by each weekday's
    /// interval profile (the default, see the module docs).
    DailyProfile,
}

impl Method {
    /// The name used in reports: `mstl-intervals` or `daily-profile`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Slots => "mstl-intervals",
            Method::DailyProfile => "daily-profile",
        }
    }
}

/// Why a history cannot be forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// The history has no day or no interval with a record.
    #[error("the history has no interval with a record")]
    Empty,
    /// Too few open days to fit two weeks of seasons.
    #[error(
        "{what} has {days} open days ({weekdays} open weekdays): fitting needs at least two weeks, {needed} open days"
    )]
    TooShort {
        /// What was too short: "the history", or the part of it before the holdout.
        what: String,
        /// Open days it has.
        days: usize,
        /// Open weekdays of the history.
        weekdays: usize,
        /// Open days needed: two weeks.
        needed: usize,
    },
    /// The history lacks more than half of the open days between its first and its last
    /// day: a gap no filling can bridge, most often a date with a wrong year.
    #[error(
        "the history lists {listed} of the {open} open days from {first} to {last}: most are missing, so there is no series to fit; look for a date with a wrong year, or forecast from the part after the gap"
    )]
    Gaps {
        /// Days the history lists.
        listed: usize,
        /// Open days (on the weekdays the history has) from its first to its last day.
        open: usize,
        /// First day of the history.
        first: Date,
        /// Last day of the history.
        last: Date,
    },
    /// The holdout is not a fraction in (0, 0.5].
    #[error("the holdout must be more than 0 % and at most 50 % of the days, found {0}")]
    Holdout(f64),
    /// The horizon is zero days.
    #[error("the horizon must be at least one day")]
    Horizon,
    /// The model could not be fitted or gave no usable forecast.
    #[error("the forecasting model failed: {0}")]
    Model(String),
}

/// The forecast of one open interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotForecast {
    /// The calendar date.
    pub date: Date,
    /// The interval's index in the day (from 00:00, in intervals of the history's length).
    pub interval: usize,
    /// Expected contacts offered (the model's mean).
    pub point: f64,
    /// Lower end of the central 80 % prediction interval, contacts.
    pub lo80: f64,
    /// Upper end of the central 80 % prediction interval, contacts.
    pub hi80: f64,
    /// Lower end of the central 95 % prediction interval, contacts.
    pub lo95: f64,
    /// Upper end of the central 95 % prediction interval, contacts.
    pub hi95: f64,
    /// The seasonal naive forecast, contacts.
    pub naive: f64,
    /// What the history recorded, contacts, for a held-out interval it lists.
    pub actual: Option<f64>,
}

/// How well a forecast did on held-out days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Mean absolute error per interval, contacts.
    pub mae: f64,
    /// MASE: `mae` over the in-sample mean absolute one-week difference (dimensionless).
    pub mase: f64,
    /// Share of held-out intervals inside the 80 % interval (0 to 1).
    pub coverage80: f64,
    /// Share of held-out intervals inside the 95 % interval (0 to 1).
    pub coverage95: f64,
}

/// A forecast checked on the held-out end of its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The share of open days held out (0 to 0.5).
    pub holdout: f64,
    /// Open days fitted on (the first ones).
    pub fit_days: usize,
    /// Open days held out (the rest).
    pub holdout_days: usize,
    /// Held-out intervals the history lists (those scored).
    pub scored: usize,
    /// The MASE scale: the in-sample mean absolute one-week difference, contacts.
    pub scale: f64,
    /// What the fit chose.
    pub fit: ModelFit,
    /// The model's accuracy.
    pub model: Accuracy,
    /// The seasonal naive forecast's accuracy.
    pub naive: Accuracy,
    /// The coefficient of variation of a day's volume beyond Poisson that the held-out daily
    /// totals imply (see the module docs), dimensionless.
    pub level_cv: f64,
    /// The held-out days the history lists in full, used for `level_cv`.
    pub level_days: usize,
    /// The forecast of every held-out interval, with what was recorded.
    pub slots: Vec<SlotForecast>,
}

/// The forecast of one open day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayForecast {
    /// The calendar date.
    pub date: Date,
    /// Expected contacts over the day (the sum of its intervals' means).
    pub offered: f64,
    /// The seasonal naive forecast of the day, contacts.
    pub naive: f64,
    /// Coefficient of variation of the day's level beyond Poisson, dimensionless.
    pub level_cv: f64,
}

/// A forecast of the weeks after a history.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The history's open slots (fitted on all its days).
    pub series: OpenSeries,
    /// Open slots filled for fitting (those of the missing days and any other gaps).
    pub filled_slots: usize,
    /// What the fit chose.
    pub fit: ModelFit,
    /// The first day forecast: the day after the history's last.
    pub first_day: Date,
    /// The Monday on or after `first_day` at which the rates file starts (simulation time 0).
    pub rates_start: Date,
    /// Whole weeks from `rates_start` the forecast covers: the horizon rounded up to weeks.
    pub weeks: usize,
    /// Every open interval from `first_day` to the end of the last week, in time order.
    pub slots: Vec<SlotForecast>,
    /// The open days forecast, in calendar order.
    pub days: Vec<DayForecast>,
    /// The backtest that gives `level_cv` (and, when asked for, the holdout figures).
    pub evaluation: Evaluation,
    /// The dispersion of daily totals per open weekday over the days the history lists (None
    /// where it says nothing, under two days).
    pub dispersion: Vec<(Weekday, Option<Dispersion>)>,
}

/// The model and the scale it is fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Which model.
    pub method: Method,
    /// The scale it is fitted on.
    pub transform: Transform,
}

impl Default for Settings {
    /// The model chosen on the bank calls (see the module docs).
    fn default() -> Self {
        Settings {
            method: Method::DailyProfile,
            transform: Transform::None,
        }
    }
}

/// Checks that `days` open days hold two weeks of seasons.
fn check_length(series: &OpenSeries, days: usize, what: &str) -> Result<(), ForecastError> {
    let needed = 2 * series.weekdays.len();
    if days < needed {
        return Err(ForecastError::TooShort {
            what: what.into(),
            days,
            weekdays: series.weekdays.len(),
            needed,
        });
    }
    Ok(())
}

/// Both forecasts of `horizon` slots after the first `fit_days` open days: the model's and
/// the seasonal naive, what the fit chose, the slots filled, and the MASE scale.
fn fit_both(
    series: &OpenSeries,
    fit_days: usize,
    horizon: &[Date],
    settings: Settings,
) -> Result<(Paths, Paths, ModelFit, usize, f64), ForecastError> {
    let (y, filled) = series.filled(fit_days);
    let slots = horizon.len() * series.per_day();
    let (model, fit) = match settings.method {
        Method::Slots => model::mstl_ets(
            &y,
            series.per_day(),
            series.per_week(),
            slots,
            settings.transform,
        )?,
        Method::DailyProfile => {
            let weekday = |d: &Date| {
                series
                    .weekdays
                    .iter()
                    .position(|w| *w == d.weekday())
                    .unwrap_or(0)
            };
            let of_day: Vec<usize> = series.days[..fit_days]
                .iter()
                .chain(horizon)
                .map(weekday)
                .collect();
            profile::daily_profile(
                &y,
                series.per_day(),
                series.weekdays.len(),
                &of_day,
                horizon.len(),
                settings.transform,
            )?
        }
    };
    let naive = model::seasonal_naive(&y, series.per_week(), slots);
    Ok((
        model,
        naive,
        fit,
        filled,
        model::naive_mae(&y, series.per_week()),
    ))
}

/// Accuracy of `paths` against `actual` (the intervals the history lists), with MASE scale
/// `scale`.
fn accuracy(paths: &Paths, actual: &[Option<f64>], scale: f64) -> Accuracy {
    let (mut n, mut abs, mut in80, mut in95) = (0usize, 0.0, 0usize, 0usize);
    for (h, a) in actual.iter().enumerate() {
        let Some(a) = *a else { continue };
        n += 1;
        abs += (a - paths.point[h]).abs();
        in80 += usize::from(paths.lo80[h] <= a && a <= paths.hi80[h]);
        in95 += usize::from(paths.lo95[h] <= a && a <= paths.hi95[h]);
    }
    let n = n.max(1) as f64;
    Accuracy {
        mae: abs / n,
        mase: abs / n / scale,
        coverage80: in80 as f64 / n,
        coverage95: in95 as f64 / n,
    }
}

/// The slot forecasts of `days` (open days, `per_day` slots each, in order) from `paths`.
fn slots_of(
    series: &OpenSeries,
    days: &[Date],
    model: &Paths,
    naive: &Paths,
    actual: Option<&[Option<f64>]>,
) -> Vec<SlotForecast> {
    let per_day = series.per_day();
    (0..days.len() * per_day)
        .map(|h| SlotForecast {
            date: days[h / per_day],
            interval: series.intervals[h % per_day],
            point: model.point[h],
            lo80: model.lo80[h],
            hi80: model.hi80[h],
            lo95: model.lo95[h],
            hi95: model.hi95[h],
            naive: naive.point[h],
            actual: actual.and_then(|a| a[h]),
        })
        .collect()
}

/// Fits on the first (1 − `holdout`) of the open days of `grid` (rounded to whole days),
/// forecasts the rest, and scores both forecasts there.
///
/// # Errors
///
/// [`ForecastError::Holdout`] for a holdout outside (0, 0.5]; [`ForecastError::TooShort`]
/// if fewer than two weeks of open days are left to fit on; [`ForecastError::Empty`] and
/// [`ForecastError::Model`] as for [`forecast`].
pub fn evaluate(
    grid: &IntervalGrid,
    holdout: f64,
    settings: Settings,
) -> Result<Evaluation, ForecastError> {
    if !(holdout > 0.0 && holdout <= 0.5) {
        return Err(ForecastError::Holdout(holdout));
    }
    let series = OpenSeries::of(grid)?;
    check_length(&series, series.days.len(), "the history")?;
    let total = series.days.len();
    let holdout_days = ((total as f64 * holdout).round() as usize).max(1);
    let fit_days = total - holdout_days;
    check_length(&series, fit_days, "the history before the holdout")?;
    let per_day = series.per_day();
    let (model, naive, fit, _, scale) =
        fit_both(&series, fit_days, &series.days[fit_days..], settings)?;
    let actual = &series.values[fit_days * per_day..];
    // c² from each held-out day the history lists in full.
    let mut c2 = Vec::new();
    for (d, day) in actual.chunks(per_day).enumerate() {
        let recorded: Option<f64> = day.iter().copied().sum();
        if let Some(a) = recorded {
            let f: f64 = model.point[d * per_day..(d + 1) * per_day].iter().sum();
            if f > 0.0 {
                c2.push(((a - f).powi(2) - f) / (f * f));
            }
        }
    }
    let level_cv = if c2.is_empty() {
        0.0
    } else {
        (c2.iter().sum::<f64>() / c2.len() as f64).max(0.0).sqrt()
    };
    Ok(Evaluation {
        holdout,
        fit_days,
        holdout_days,
        scored: actual.iter().flatten().count(),
        scale,
        model: accuracy(&model, actual, scale),
        naive: accuracy(&naive, actual, scale),
        level_cv,
        level_days: c2.len(),
        slots: slots_of(
            &series,
            &series.days[fit_days..],
            &model,
            &naive,
            Some(actual),
        ),
        fit,
    })
}

/// Forecasts the open intervals of the `horizon_days` after the history in `grid`, rounded up
/// to whole weeks from the first Monday on or after the day after the history's last day
/// (so that a rates file can start at a Monday 00:00 and cover whole weeks), with
/// `level_cv` from a backtest holding out `holdout` of the days (see [`evaluate`]).
///
/// # Errors
///
/// [`ForecastError::Horizon`] for a horizon of zero days; [`ForecastError::Empty`] for an
/// empty grid; [`ForecastError::Gaps`] for one that lacks most of its span;
/// [`ForecastError::TooShort`] for a history of under two weeks (or under two
/// weeks before the holdout); [`ForecastError::Holdout`]; [`ForecastError::Model`] if the
/// model cannot be fitted.
pub fn forecast(
    grid: &IntervalGrid,
    horizon_days: u32,
    holdout: f64,
    settings: Settings,
) -> Result<Forecast, ForecastError> {
    if horizon_days == 0 {
        return Err(ForecastError::Horizon);
    }
    let series = OpenSeries::of(grid)?;
    check_length(&series, series.days.len(), "the history")?;
    let evaluation = evaluate(grid, holdout, settings)?;
    let last = *series.days.last().ok_or(ForecastError::Empty)?;
    let too_far = |_| ForecastError::Model("the horizon runs past the calendar".into());
    let first_day = last.tomorrow().map_err(too_far)?;
    let to_monday = (7 - first_day.weekday().to_monday_zero_offset() as i64) % 7;
    let rates_start = first_day.checked_add(to_monday.days()).map_err(too_far)?;
    let weeks = (horizon_days as usize).div_ceil(7);
    let end = rates_start
        .checked_add((7 * weeks as i64).days())
        .map_err(too_far)?;
    let days = series.open_days_between(first_day, end);
    let per_day = series.per_day();
    let total = series.days.len();
    let (model, naive, fit, filled_slots, _) = fit_both(&series, total, &days, settings)?;
    let slots = slots_of(&series, &days, &model, &naive, None);
    let day_forecasts = slots
        .chunks(per_day)
        .map(|day| DayForecast {
            date: day[0].date,
            offered: day.iter().map(|s| s.point).sum(),
            naive: day.iter().map(|s| s.naive).sum(),
            level_cv: evaluation.level_cv,
        })
        .collect();
    let dispersion = series
        .weekdays
        .iter()
        .map(|&w| {
            let totals: Vec<f64> = grid
                .days
                .iter()
                .filter(|d| d.weekday() == w)
                .map(|d| d.offered())
                .collect();
            (w, Dispersion::of(&totals))
        })
        .collect();
    Ok(Forecast {
        series,
        filled_slots,
        fit,
        first_day,
        rates_start,
        weeks,
        slots,
        days: day_forecasts,
        evaluation,
        dispersion,
    })
}
