//! The two forecasts of a series of open slots: MSTL with an AutoETS trend, and the seasonal
//! naive benchmark.

use augurs::ets::AutoETS;
use augurs::mstl::stlrs::MstlParams;
use augurs::{Fit, Predict};

use super::{ForecastError, Method, Transform};

/// The standard normal's 90 % quantile: a central 80 % interval is ± this many σ.
pub(super) const Z80: f64 = 1.281_551_565_544_600_4;
/// The standard normal's 97.5 % quantile: a central 95 % interval is ± this many σ.
pub(super) const Z95: f64 = 1.959_963_984_540_054;

/// A forecast of the next slots: the expected contacts and the central 80 % and 95 %
/// prediction intervals, per slot, contacts.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Paths {
    pub(super) point: Vec<f64>,
    pub(super) lo80: Vec<f64>,
    pub(super) hi80: Vec<f64>,
    pub(super) lo95: Vec<f64>,
    pub(super) hi95: Vec<f64>,
    /// Standard deviation of the forecast, contacts: the 95 % interval's width over 2 × 1.96
    /// (exact on the raw scale, a first-order approximation after a transform).
    pub(super) sd: Vec<f64>,
}

/// What the MSTL fit chose, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// Which model was fitted.
    pub method: Method,
    /// The seasonal periods of the MSTL decomposition, in slots (one open day and one open
    /// week) for [`Method::Slots`], in open days (one open week) for
    /// [`Method::DailyProfile`].
    pub periods: Vec<usize>,
    /// The ETS model AutoETS chose for the seasonally adjusted series, in Hyndman's
    /// notation (error, trend, season: "ANN" is simple exponential smoothing), with "d" after
    /// the trend letter when it is damped.
    pub ets: String,
    /// The chosen ETS model's AICc on the transformed, seasonally adjusted series.
    pub aicc: f64,
    /// The variance-stabilising transform the model was fitted on.
    pub transform: Transform,
    /// For [`Method::DailyProfile`]: the intervals' dispersion about their profile share
    /// (variance over mean, at least 1).
    pub phi: Option<f64>,
}

/// Fits MSTL (periods one open day and one open week) to `y` on the `transform`ed scale,
/// an AutoETS model (error, trend and damping chosen by AICc, no season) to the seasonally
/// adjusted part, and forecasts `horizon` slots: the ETS forecast plus each seasonal
/// component's last cycle, back-transformed (the mean is bias-adjusted from the interval's
/// σ, FPP3 §5.6).
pub(super) fn mstl_ets(
    y: &[f64],
    per_day: usize,
    per_week: usize,
    horizon: usize,
    transform: Transform,
) -> Result<(Paths, ModelFit), ForecastError> {
    let failed =
        |what: &str, e: &dyn std::fmt::Display| ForecastError::Model(format!("{what}: {e}"));
    let z: Vec<f64> = y.iter().map(|&v| transform.forward(v)).collect();
    let mut periods = vec![per_day];
    if per_week > per_day {
        periods.push(per_week);
    }
    let mstl = MstlParams::new()
        .fit(&z, &periods)
        .map_err(|e| failed("MSTL decomposition", &e))?;
    let adjusted: Vec<f64> = mstl
        .trend()
        .iter()
        .zip(mstl.remainder())
        .map(|(t, r)| t + r)
        .collect();
    let ets = AutoETS::non_seasonal()
        .fit(&adjusted)
        .map_err(|e| failed("AutoETS", &e))?;
    let f80 = ets
        .predict(horizon, 0.80)
        .map_err(|e| failed("AutoETS", &e))?;
    let f95 = ets
        .predict(horizon, 0.95)
        .map_err(|e| failed("AutoETS", &e))?;
    let (Some(i80), Some(i95)) = (f80.intervals, f95.intervals) else {
        return Err(ForecastError::Model("AutoETS gave no intervals".into()));
    };
    // The seasonal part of slot h ahead: each component's last cycle, repeated.
    let seasonal: Vec<f64> = (0..horizon)
        .map(|h| {
            periods
                .iter()
                .zip(mstl.seasonal())
                .map(|(&p, s)| s[s.len() - p + h % p])
                .sum()
        })
        .collect();
    let mut paths = Paths::default();
    for (h, &s) in seasonal.iter().enumerate() {
        let (lo95, hi95) = (i95.lower[h] + s, i95.upper[h] + s);
        let sigma = (hi95 - lo95) / (2.0 * Z95);
        paths.point.push(transform.mean(f80.point[h] + s, sigma));
        paths.lo80.push(transform.back(i80.lower[h] + s));
        paths.hi80.push(transform.back(i80.upper[h] + s));
        paths.lo95.push(transform.back(lo95));
        paths.hi95.push(transform.back(hi95));
        paths
            .sd
            .push((transform.back(hi95) - transform.back(lo95)) / (2.0 * Z95));
    }
    if paths
        .point
        .iter()
        .chain(&paths.hi95)
        .any(|v| !v.is_finite())
    {
        return Err(ForecastError::Model(
            "the forecast is not finite (the series may be too short or constant)".into(),
        ));
    }
    let model = ets.model();
    let kind = model.model_type().to_string();
    let ets_name = if model.damped() {
        format!("{}d{}", &kind[..2], &kind[2..])
    } else {
        kind
    };
    Ok((
        paths,
        ModelFit {
            method: Method::Slots,
            phi: None,
            periods,
            ets: ets_name,
            aicc: model.aicc(),
            transform,
        },
    ))
}

/// The seasonal naive forecast of `horizon` slots after `y`: the same slot one week before,
/// the last week repeated beyond a week; intervals ± z σ √(k + 1) in the k-th week ahead
/// (k from 0), σ the root mean square of the one-week differences of `y` (FPP3 §5.5). The
/// lower bounds are cut at zero (a count is not negative).
pub(super) fn seasonal_naive(y: &[f64], per_week: usize, horizon: usize) -> Paths {
    let sigma = naive_sigma(y, per_week);
    let last_week = &y[y.len() - per_week..];
    let mut paths = Paths::default();
    for h in 0..horizon {
        let point = last_week[h % per_week];
        let spread = sigma * ((h / per_week) as f64 + 1.0).sqrt();
        paths.point.push(point);
        paths.lo80.push((point - Z80 * spread).max(0.0));
        paths.hi80.push(point + Z80 * spread);
        paths.lo95.push((point - Z95 * spread).max(0.0));
        paths.hi95.push(point + Z95 * spread);
        paths.sd.push(spread);
    }
    paths
}

/// Root mean square of the one-week differences of `y`, contacts.
fn naive_sigma(y: &[f64], per_week: usize) -> f64 {
    let n = y.len() - per_week;
    let ss: f64 = (per_week..y.len())
        .map(|t| (y[t] - y[t - per_week]).powi(2))
        .sum();
    (ss / n as f64).sqrt()
}

/// Mean absolute one-week difference of `y`: the in-sample MAE of the one-week seasonal naive
/// forecast, the scale of MASE (Hyndman and Koehler 2006), contacts.
pub(super) fn naive_mae(y: &[f64], per_week: usize) -> f64 {
    let n = y.len() - per_week;
    (per_week..y.len())
        .map(|t| (y[t] - y[t - per_week]).abs())
        .sum::<f64>()
        / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two weeks of a two-slot week: the naive forecast repeats the last week, and its σ is
    /// the root mean square of the one-week differences (3 and −1 give √5), widened by
    /// √(k + 1) in the k-th week ahead.
    #[test]
    fn seasonal_naive_repeats_the_last_week() {
        let y = [10.0, 20.0, 13.0, 19.0];
        let p = seasonal_naive(&y, 2, 4);
        assert_eq!(p.point, vec![13.0, 19.0, 13.0, 19.0]);
        let sigma = 5.0_f64.sqrt();
        assert!((p.hi95[0] - (13.0 + Z95 * sigma)).abs() < 1e-12);
        assert!((p.hi80[3] - (19.0 + Z80 * sigma * 2.0_f64.sqrt())).abs() < 1e-12);
        assert_eq!(p.lo95[0], (13.0 - Z95 * sigma).max(0.0));
        // The in-sample MAE of the one-week naive: (3 + 1) / 2.
        assert_eq!(naive_mae(&y, 2), 2.0);
    }
}
