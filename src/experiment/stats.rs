//! Estimates over replications: mean, standard deviation and a 95 % confidence interval.
//!
//! Replications are independent and identically distributed, so the interval is Student's t:
//! mean ± t(0.975, n − 1) · s / √n. Replications where a measure is undefined (a share of no
//! contacts) are left out of that measure's estimate; `n` says how many were used.

use serde::Serialize;
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
    fn undefined_values_are_left_out() {
        let e = estimate(&[f64::NAN, 2.0]);
        assert_eq!((e.mean, e.n, e.ci95), (Some(2.0), 1, None));
        assert_eq!(estimate(&[]).mean, None);
    }
}
