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

use super::model::{self, Paths, Z80, Z95};
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

/// The quantiles [`quantiles`] gives: 10 %, 90 %, 2.5 % and 97.5 %.
const LEVELS: [f64; 4] = [0.10, 0.90, 0.025, 0.975];

/// The standard normal's quantiles at [`LEVELS`].
const NORMAL: [f64; 4] = [-Z80, Z80, -Z95, Z95];

/// Shape above which a gamma's quantiles are taken from Wilson and Hilferty's cube-root
/// normal approximation (1931) instead of statrs's inversion, whose series take a number of
/// steps that grows with the shape (a count of 10¹¹⁹ in one interval, a typo, made it run
/// for minutes). At this shape the approximation's relative error is below 10⁻⁹, far inside
/// the forecast's own error; an interval's shape is about its expected count over the
/// dispersion, so real histories (under a million contacts an interval) stay on statrs.
const WILSON_HILFERTY_SHAPE: f64 = 1e6;

/// The 10 %, 90 %, 2.5 % and 97.5 % quantiles of a gamma distribution of `mean` and
/// `variance` (all zero for a mean of zero).
fn quantiles(mean: f64, variance: f64) -> Result<[f64; 4], ForecastError> {
    if mean <= 0.0 || variance <= 0.0 {
        return Ok([mean.max(0.0); 4]);
    }
    let shape = mean * mean / variance;
    if shape > WILSON_HILFERTY_SHAPE || !shape.is_finite() {
        // X ≈ mean × (1 − 1/(9k) + z √(1/(9k)))³ for a gamma of shape k.
        let c = 1.0 / (9.0 * shape);
        return Ok(NORMAL.map(|z| mean * (1.0 - c + z * c.sqrt()).powi(3)));
    }
    let gamma = Gamma::new(shape, mean / variance)
        .map_err(|e| ForecastError::Model(format!("interval quantiles: {e}")))?;
    Ok(LEVELS.map(|q| gamma.inverse_cdf(q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the approximation takes over, it agrees with statrs's inversion to within
    /// 10⁻⁹ of the mean; far beyond it (a count of 10¹¹⁹, which made statrs run for minutes)
    /// the quantiles come at once and in order.
    #[test]
    fn large_shapes_use_the_cube_root_approximation() {
        let (mean, variance) = (2e6, 2e6); // shape 2 × 10⁶
        let exact = Gamma::new(mean * mean / variance, mean / variance).unwrap();
        let approximate = quantiles(mean, variance).unwrap();
        for (q, level) in approximate.iter().zip(LEVELS) {
            let e = exact.inverse_cdf(level);
            assert!((q - e).abs() < 1e-9 * mean, "{level}: {q} against {e}");
        }
        let started = std::time::Instant::now();
        // A trillion, σ a million: the 95 % interval is ± 1.96 million about it.
        let [lo80, hi80, lo95, hi95] = quantiles(1e12, 1e12).unwrap();
        assert!(
            (hi95 - lo95 - 2.0 * Z95 * 1e6).abs() < 1e3,
            "{lo95} to {hi95}"
        );
        assert!(lo95 < lo80 && lo80 < 1e12 && 1e12 < hi80 && hi80 < hi95);
        // 10¹¹⁹: a spread of 10⁻⁶⁰ of the mean, below what a float tells apart.
        let q = quantiles(6.9e119, 6.9e119).unwrap();
        assert!(
            q.iter().all(|&x| (x / 6.9e119 - 1.0).abs() < 1e-12),
            "{q:?}"
        );
        assert!(started.elapsed().as_secs_f64() < 0.1);
    }
}
