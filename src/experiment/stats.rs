//! Estimates over replications: mean, standard deviation and a 95 % confidence interval.
//!
//! Replications are independent and identically distributed, so the interval is Student's t:
//! mean ± t(0.975, n − 1) · s / √n. Replications where a measure is undefined (a share of no
//! contacts) are left out of that measure's estimate; `n` says how many were used.
//!
//! A measure is bounded (a share lies in [0, 1], a count or a duration is zero or more; see
//! [`Unit::range`](crate::metrics::Unit::range)), and the t interval is not: with few replications or a measure near its
//! bound, mean ± half-width can reach past it ("Waiting at end 2 [-1, 3]", "100.00–100.01 %").
//! [`estimate_of`], the estimate of a measure, clips the mean and both ends of the interval
//! to the measure's range, so no report shows a value the measure cannot take. The clipped
//! interval covers the true mean at least as often as the unclipped one, since the true mean
//! lies in the range. Differences between scenarios (a sweep's paired differences) are not
//! bounded and use [`estimate`].

use serde::Serialize;

use crate::metrics::Measure;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The estimate of one measure from several replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications where the measure is defined; `None` if it is defined in
    /// none.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1 in the denominator); `None` with fewer than two values.
    pub std_dev: Option<f64>,
    /// 95 % confidence interval of the mean, `[low, high]`; `None` with fewer than two values.
    pub ci95: Option<[f64; 2]>,
    /// Number of replications used.
    pub n: usize,
}

/// The two-sided quantile of Student's t with `df` degrees of freedom for confidence `level`
/// (0.95 gives the 97.5 % point).
pub fn t_quantile(level: f64, df: usize) -> f64 {
    let t = StudentsT::new(0.0, 1.0, df as f64).expect("df >= 1");
    t.inverse_cdf(0.5 + level / 2.0)
}

/// Mean, standard deviation and the confidence interval at `level` of the defined values.
pub fn estimate_at(values: &[f64], level: f64) -> Estimate {
    let xs: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = xs.len();
    if n == 0 {
        return Estimate {
            mean: None,
            std_dev: None,
            ci95: None,
            n,
        };
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Estimate {
            mean: Some(mean),
            std_dev: None,
            ci95: None,
            n,
        };
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    let half = t_quantile(level, n - 1) * sd / (n as f64).sqrt();
    Estimate {
        mean: Some(mean),
        std_dev: Some(sd),
        ci95: Some([mean - half, mean + half]),
        n,
    }
}

/// The estimate of `measure` from its values, one per replication: [`estimate`] with the
/// mean and the interval kept within the values the measure can take ([`Unit::range`](crate::metrics::Unit::range)).
pub fn estimate_of(measure: Measure, values: &[f64]) -> Estimate {
    estimate(values).within(measure.unit().range())
}

impl Estimate {
    /// This estimate with its mean and both ends of its interval clipped to `[low, high]`
    /// (in the measure's unit); the standard deviation and `n` are unchanged.
    pub fn within(self, [low, high]: [f64; 2]) -> Estimate {
        // `+ 0.0` makes a clipped -0.0 a plain 0.0, which prints without a sign.
        let clip = |x: f64| x.clamp(low, high) + 0.0;
        Estimate {
            mean: self.mean.map(clip),
            ci95: self.ci95.map(|[lo, hi]| [clip(lo), clip(hi)]),
            ..self
        }
    }
}

/// [`estimate_at`] with 95 % confidence.
pub fn estimate(values: &[f64]) -> Estimate {
    estimate_at(values, 0.95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // Standard t-tables: t(0.975, 9) = 2.262, t(0.975, 1) = 12.706, t(0.975, 1000) ≈ 1.962.
        assert!((t_quantile(0.95, 9) - 2.2622).abs() < 1e-3);
        assert!((t_quantile(0.95, 1) - 12.706).abs() < 1e-2);
        assert!((t_quantile(0.95, 1000) - 1.9623).abs() < 1e-3);
    }

    #[test]
    fn the_interval_is_worked_out_by_hand() {
        // Values 1..=5: mean 3, s = sqrt(2.5) = 1.5811, half-width 2.7764 · 1.5811 / sqrt(5).
        let e = estimate(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, Some(3.0));
        let half = 2.7764 * 2.5f64.sqrt() / 5f64.sqrt();
        let [lo, hi] = e.ci95.unwrap();
        assert!((lo - (3.0 - half)).abs() < 1e-3 && (hi - (3.0 + half)).abs() < 1e-3);
    }

    #[test]
    fn intervals_of_bounded_measures_stay_within_their_range() {
        // Waiting at end in three replications: 0, 0, 3. Mean 1, s = 1.732, half-width
        // 4.303 · 1.732 / √3 = 4.30: the t interval is [-3.30, 5.30]; a count is never
        // below 0.
        let e = estimate_of(Measure::WaitingAtEnd, &[0.0, 0.0, 3.0]);
        let [lo, hi] = e.ci95.unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 5.303).abs() < 1e-3, "{hi}");
        assert_eq!(e.mean, Some(1.0));
        // A service level of 99.9 % and 100 %: the interval ends at 100 %, not above.
        let e = estimate_of(Measure::ServiceLevel, &[0.999, 1.0]);
        let [lo, hi] = e.ci95.unwrap();
        assert_eq!(hi, 1.0);
        assert!((0.0..0.999).contains(&lo), "{lo}");
        // A survey score is from 1 to 5.
        let e = estimate_of(Measure::CsatSurvey, &[1.0, 1.2]);
        assert_eq!(e.ci95.unwrap()[0], 1.0);
        // Inside the range nothing moves; a difference is not clipped.
        let inside = [0.4, 0.5, 0.6];
        assert_eq!(
            estimate_of(Measure::ServiceLevel, &inside),
            estimate(&inside)
        );
        assert!(estimate(&[-1.0, 0.0]).ci95.unwrap()[0] < -1.0);
    }

    #[test]
    fn undefined_values_are_left_out() {
        let e = estimate(&[f64::NAN, 2.0]);
        assert_eq!((e.mean, e.n, e.ci95), (Some(2.0), 1, None));
        assert_eq!(estimate(&[]).mean, None);
    }
}
