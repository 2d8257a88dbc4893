//! A forecast laid on simulation time: the rows of a rates file.
//!
//! A scenario's simulation starts at time 0, a Monday 00:00; so the rows start at 00:00 of
//! the forecast's first Monday ([`Forecast::rates_start`]) and run, contiguous, over its
//! whole weeks: one row per open interval with its expected contacts, and one row with none
//! for each closed stretch (a night, a weekend).

use jiff::ToSpan;
use jiff::civil::Date;

use super::Forecast;

/// One row of a rates file: a stretch of simulation time and the contacts expected in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRow {
    /// Start, seconds from simulation time 0 (the first Monday 00:00).
    pub start: f64,
    /// End, seconds from simulation time 0 (the next row's start).
    pub end: f64,
    /// Expected contacts offered in the row (0 for a closed stretch).
    pub offered: f64,
    /// Coefficient of variation of the day's level beyond Poisson (0 when closed).
    pub level_cv: f64,
    /// The calendar date the row starts on.
    pub date: Date,
    /// The row's start within its day, seconds from 00:00.
    pub time: f64,
    /// Lower end of the 80 % prediction interval of the row's contacts (0 when closed).
    pub lo80: f64,
    /// Upper end of the 80 % prediction interval (0 when closed).
    pub hi80: f64,
    /// Lower end of the 95 % prediction interval (0 when closed).
    pub lo95: f64,
    /// Upper end of the 95 % prediction interval (0 when closed).
    pub hi95: f64,
}

/// The rows of `forecast`'s whole weeks from its first Monday, contiguous from 0.
pub fn rate_rows(forecast: &Forecast) -> Vec<RateRow> {
    let interval = forecast.series.interval;
    let per_day = forecast.series.per_day_all;
    let mut slots = forecast
        .slots
        .iter()
        .skip_while(|s| s.date < forecast.rates_start)
        .peekable();
    let mut rows: Vec<RateRow> = Vec::new();
    // Whether the last row is a closed stretch, which a closed interval extends.
    let mut closed = false;
    for day in 0..7 * forecast.weeks {
        let Ok(date) = forecast.rates_start.checked_add((day as i64).days()) else {
            break;
        };
        for i in 0..per_day {
            let start = (day * per_day + i) as f64 * interval;
            let end = start + interval;
            if let Some(s) = slots.next_if(|s| s.date == date && s.interval == i) {
                closed = false;
                rows.push(RateRow {
                    start,
                    end,
                    offered: s.point,
                    level_cv: forecast.evaluation.level_cv,
                    date,
                    time: i as f64 * interval,
                    lo80: s.lo80,
                    hi80: s.hi80,
                    lo95: s.lo95,
                    hi95: s.hi95,
                });
            } else if let Some(last) = rows.last_mut().filter(|_| closed) {
                last.end = end;
            } else {
                closed = true;
                rows.push(RateRow {
                    start,
                    end,
                    offered: 0.0,
                    level_cv: 0.0,
                    date,
                    time: i as f64 * interval,
                    lo80: 0.0,
                    hi80: 0.0,
                    lo95: 0.0,
                    hi95: 0.0,
                });
            }
        }
    }
    rows
}
