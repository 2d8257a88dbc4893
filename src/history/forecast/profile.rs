//! The daily-profile forecast: a model of the day's total, shared out over the day's
//! intervals by the weekday's profile.
//!
//! The level of a contact centre's volume moves from day to day, not from one five-minute
//! interval to the next; a model of the level fitted to the interval series treats every
//! interval as a step of its random walk and, weeks ahead, gives intervals far too wide (see
//! the module docs of [`super`]). Here the level is modelled where it moves: MSTL with a
//! weekly period and an AutoETS trend on the **daily totals** (augurs, as for the interval
//! model), forecast days ahead; each day's total is shared out by the weekday's profile, the
//! share of the weekday's volume each interval had over the fitted days. An interval's count
//! Y given the day's total D has mean pD and variance φ pD (φ the intervals' dispersion
//! about their profile share, estimated in sample; 1 for multinomial counts), so over the
//! day's forecast uncertainty Var Y = φ p E(D) + p² Var D; its prediction intervals are the
//! quantiles of a gamma distribution of that mean and variance (skewed and never negative,
//! as counts are).

use statrs::distribution::{ContinuousCDF, Gamma};

use super::model::{self, Paths};
use super::{ForecastError, Method, ModelFit, Transform};

/// The profile forecast of the `horizon_days` open days after `y`.
///
/// `y` is the filled series of open slots (`per_day` a day, whole days), its days on
/// weekdays `weekday_of_day` (an index into the open weekdays, per fitted day and then per
/// forecast day: `weekday_of_day.len()` = fitted days + `horizon_days`), and `weekdays` the
/// number of open weekdays (the weekly period of the daily totals).
pub(super) fn daily_profile(
    y: &[f64],
    per_day: usize,
    weekdays: usize,
    weekday_of_day: &[usize],
    horizon_days: usize,
    transform: Transform,
) -> Result<(Paths, ModelFit), ForecastError> {
    let fit_days = y.len() / per_day;
    let totals: Vec<f64> = y.chunks(per_day).map(|d| d.iter().sum()).collect();
    // The weekday's profile: its share of the weekday's volume in each interval.
    let mut share = vec![vec![0.0; per_day]; weekdays];
    let mut weekday_volume = vec![0.0; weekdays];
    for (d, day) in y.chunks(per_day).enumerate() {
        let w = weekday_of_day[d];
        weekday_volume[w] += totals[d];
        for (i, v) in day.iter().enumerate() {
            share[w][i] += v;
        }
    }
    for (w, profile) in share.iter_mut().enumerate() {
        if weekday_volume[w] > 0.0 {
            profile.iter_mut().for_each(|p| *p /= weekday_volume[w]);
        }
    }
    // φ: the intervals' squared deviations from their share of the day, over that share.
    let (mut squares, mut expected) = (0.0, 0.0);
    for (d, day) in y.chunks(per_day).enumerate() {
        for (i, v) in day.iter().enumerate() {
            let mean = totals[d] * share[weekday_of_day[d]][i];
            squares += (v - mean).powi(2);
            expected += mean;
        }
    }
    let phi = if expected > 0.0 {
        (squares / expected).max(1.0)
    } else {
        1.0
    };
    let (days, fit) = model::mstl_ets(&totals, weekdays, weekdays, horizon_days, transform)?;
    let mut paths = Paths::default();
    for h in 0..horizon_days {
        let profile = &share[weekday_of_day[fit_days + h]];
        for &p in profile {
            let mean = p * days.point[h];
            let variance = phi * mean + (p * days.sd[h]).powi(2);
            paths.point.push(mean);
            paths.sd.push(variance.sqrt());
            let quantiles = quantiles(mean, variance)?;
            paths.lo80.push(quantiles[0]);
            paths.hi80.push(quantiles[1]);
            paths.lo95.push(quantiles[2]);
            paths.hi95.push(quantiles[3]);
        }
    }
    Ok((
        paths,
        ModelFit {
            method: Method::DailyProfile,
            phi: Some(phi),
            ..fit
        },
    ))
}

/// The 10 %, 90 %, 2.5 % and 97.5 % quantiles of a gamma distribution of `mean` and
/// `variance` (all zero for a mean of zero).
fn quantiles(mean: f64, variance: f64) -> Result<[f64; 4], ForecastError> {
    if mean <= 0.0 || variance <= 0.0 {
        return Ok([mean.max(0.0); 4]);
    }
    let gamma = Gamma::new(mean * mean / variance, mean / variance)
        .map_err(|e| ForecastError::Model(format!("interval quantiles: {e}")))?;
    Ok([0.10, 0.90, 0.025, 0.975].map(|q| gamma.inverse_cdf(q)))
}
