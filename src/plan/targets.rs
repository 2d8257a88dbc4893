//! Judging targets: whether the replications of a plan meet a [`Target`], on average or with
//! confidence.
//!
//! The values are one per replication (a replication's service level in an interval, its
//! total cost); they are independent, so the mean's interval is Student's t. A target met
//! **on average** compares the mean with the bound. A target met **with confidence** `c`
//! compares the one-sided `c` bound of the mean, `mean − t(c; n − 1)·s/√n` for a minimum
//! and `mean + t(c; n − 1)·s/√n` for a maximum: with `c = 0.95`, if the plan's true value
//! missed the bound, a run would pass such a test at most 5 % of the time. A single
//! replication has no interval, so it can meet a target only on average.

use crate::experiment::stats::{estimate, t_quantile};
use crate::metrics::{Bound, MetBy, Target};

/// The judgement of one target on one set of replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Mean over the replications where the measure is defined, in the measure's unit;
    /// `None` if it is defined in none (a share of no contacts).
    pub mean: Option<f64>,
    /// Two-sided 95 % confidence interval of the mean, `[low, high]`; `None` with fewer than
    /// two defined values.
    pub ci95: Option<[f64; 2]>,
    /// The value compared with the bound: the mean (on average) or its one-sided confidence
    /// bound (with confidence); `None` when it cannot be computed.
    pub judged: Option<f64>,
    /// Whether the target is met; `None` when the measure is undefined (no contacts to
    /// judge), or when confidence is asked of fewer than two replications.
    pub met: Option<bool>,
    /// Replications whose value was defined.
    pub n: usize,
}

/// Judges `target` on `values`, one per replication (non-finite values are undefined and
/// left out), by the rule `met_by`.
pub fn judge(target: &Target, values: &[f64], met_by: MetBy) -> Verdict {
    let e = estimate(values);
    let judged = match (met_by, e.mean, e.std_dev) {
        (MetBy::OnAverage, Some(mean), _) => Some(mean),
        (MetBy::WithConfidence(c), Some(mean), Some(sd)) => {
            // The one-sided c point is the two-sided (2c − 1) point.
            let half = t_quantile(2.0 * c - 1.0, e.n - 1) * sd / (e.n as f64).sqrt();
            Some(match target.bound {
                Bound::Min(_) => mean - half,
                Bound::Max(_) => mean + half,
            })
        }
        _ => None,
    };
    Verdict {
        mean: e.mean,
        ci95: e.ci95,
        judged,
        met: judged.map(|v| target.holds(v)),
        n: e.n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Measure;

    const SL80: Target = Target {
        measure: Measure::ServiceLevel,
        bound: Bound::Min(0.8),
    };

    #[test]
    fn on_average_compares_the_mean() {
        let v = judge(&SL80, &[0.78, 0.84], MetBy::OnAverage);
        assert_eq!(v.judged, Some(0.81));
        assert_eq!(v.met, Some(true));
    }

    #[test]
    fn with_confidence_compares_the_one_sided_bound() {
        // Values 0.78 and 0.84: mean 0.81, s = 0.0424, t(0.95; 1) = 6.314, so the 95 %
        // lower bound is 0.81 − 6.314 · 0.0424 / √2 = 0.6206: not met.
        let v = judge(&SL80, &[0.78, 0.84], MetBy::WithConfidence(0.95));
        let low = v.judged.unwrap();
        assert!((low - 0.6206).abs() < 1e-3, "{low}");
        assert_eq!(v.met, Some(false));
        // Ten tight values around 0.9 meet it.
        let tight: Vec<f64> = (0..10).map(|i| 0.9 + 0.001 * i as f64).collect();
        assert_eq!(
            judge(&SL80, &tight, MetBy::WithConfidence(0.95)).met,
            Some(true)
        );
    }

    #[test]
    fn undefined_values_give_no_verdict() {
        let v = judge(&SL80, &[f64::NAN], MetBy::OnAverage);
        assert_eq!((v.met, v.n), (None, 0));
        let one = judge(&SL80, &[0.9], MetBy::WithConfidence(0.95));
        assert_eq!(one.met, None);
        assert_eq!(judge(&SL80, &[0.9], MetBy::OnAverage).met, Some(true));
    }
}
