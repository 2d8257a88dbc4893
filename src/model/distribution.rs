//! Probability distributions of durations (handle time, patience), built in one place.
//!
//! Planners know a duration by its mean and, when they know more, its coefficient of variation
//! (cv = standard deviation / mean). Every family here is therefore built from a mean (and a cv
//! where the family has a second parameter), and the constructors check their arguments and
//! return a message instead of panicking. All values are in seconds.

use rand::Rng;
use rand::distr::Distribution as _;
use rand_distr::{Exp, Gamma, LogNormal, Weibull};
use statrs::function::gamma::ln_gamma;

/// A distribution of a non-negative duration, in seconds.
#[derive(Debug, Clone)]
pub enum TimeDistribution {
    /// Exponential with the given mean: memoryless, cv = 1. The Erlang formulas assume it.
    Exponential {
        /// The sampler, rate = 1 / mean.
        sampler: Exp<f64>,
        /// Mean in seconds.
        mean: f64,
    },
    /// Lognormal with a mean and cv: right-skewed, the usual shape of handle times.
    LogNormal {
        /// The sampler.
        sampler: LogNormal<f64>,
        /// Mean in seconds.
        mean: f64,
    },
    /// Gamma with a mean and cv (shape = 1 / cv², scale = mean · cv²).
    Gamma {
        /// The sampler.
        sampler: Gamma<f64>,
        /// Mean in seconds.
        mean: f64,
    },
    /// Weibull with a mean and cv; its shape is solved from the cv.
    Weibull {
        /// The sampler.
        sampler: Weibull<f64>,
        /// Mean in seconds.
        mean: f64,
    },
    /// Always the same value, in seconds.
    Deterministic(f64),
    /// Uniform between `min` and `max` seconds.
    Uniform {
        /// Shortest value, seconds.
        min: f64,
        /// Longest value, seconds.
        max: f64,
    },
    /// One of the listed values (seconds), each equally likely: a measured sample replayed.
    Empirical(Vec<f64>),
}

fn check_mean(mean: f64) -> Result<(), String> {
    if mean.is_finite() && mean > 0.0 {
        Ok(())
    } else {
        Err(format!("the mean must be longer than zero, found {mean} s"))
    }
}

fn check_cv(cv: f64) -> Result<(), String> {
    if cv.is_finite() && cv >= 0.0 {
        Ok(())
    } else {
        Err(format!(
            "the cv (standard deviation / mean) must be zero or more, found {cv}"
        ))
    }
}

impl TimeDistribution {
    /// Exponential with the given mean (seconds).
    ///
    /// # Errors
    ///
    /// A message (`String`) if the mean is not above zero or not finite.
    ///
    /// # Example
    ///
    /// ```
    /// use rand::SeedableRng;
    /// use rand::rngs::Xoshiro256PlusPlus;
    /// use staffsim::model::TimeDistribution;
    ///
    /// // Customers who wait three minutes on average before they hang up.
    /// let patience = TimeDistribution::exponential(180.0).unwrap();
    /// assert_eq!(patience.mean(), 180.0);
    /// assert!(patience.is_exponential());
    /// let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    /// assert!(patience.sample(&mut rng) >= 0.0);
    ///
    /// assert!(TimeDistribution::exponential(0.0).is_err());
    /// ```
    pub fn exponential(mean: f64) -> Result<Self, String> {
        check_mean(mean)?;
        let sampler = Exp::new(1.0 / mean).map_err(|_| {
            format!("an exponential of mean {mean:?} s cannot be drawn: the mean is too small")
        })?;
        Ok(Self::Exponential { sampler, mean })
    }

    /// Lognormal with the given mean (seconds) and cv; a cv of zero is deterministic.
    ///
    /// # Errors
    ///
    /// A message (`String`) if the mean is not above zero or not finite, or the cv is
    /// negative or not finite, or a cv so large (beyond about 1e154) that the spread of the
    /// logarithm overflows.
    ///
    /// # Example
    ///
    /// ```
    /// use staffsim::model::TimeDistribution;
    ///
    /// // Handle times of 4 minutes on average, give or take 70 %.
    /// let handle = TimeDistribution::lognormal(240.0, 0.7).unwrap();
    /// assert_eq!(handle.mean(), 240.0);
    /// assert!(!handle.is_exponential());
    ///
    /// // No spread at all is a fixed duration.
    /// let fixed = TimeDistribution::lognormal(240.0, 0.0).unwrap();
    /// assert!(matches!(fixed, TimeDistribution::Deterministic(240.0)));
    ///
    /// let err = TimeDistribution::lognormal(240.0, -0.5).unwrap_err();
    /// assert!(err.contains("cv"), "{err}");
    /// ```
    pub fn lognormal(mean: f64, cv: f64) -> Result<Self, String> {
        check_mean(mean)?;
        check_cv(cv)?;
        if cv == 0.0 {
            return Ok(Self::Deterministic(mean));
        }
        let sampler = LogNormal::from_mean_cv(mean, cv).map_err(|_| {
            format!(
                "a lognormal of cv {cv:?} cannot be drawn: the spread of its logarithm overflows \
                 (expected a cv below about 1e150)"
            )
        })?;
        Ok(Self::LogNormal { sampler, mean })
    }

    /// Gamma with the given mean (seconds) and cv; a cv of zero is deterministic.
    ///
    /// # Errors
    ///
    /// A message (`String`) if the mean is not above zero or not finite, the cv is negative
    /// or not finite, or a cv so extreme (below about 1e-154 or above about 1e154) that the
    /// shape 1 / cv² or the scale is not a positive number.
    pub fn gamma(mean: f64, cv: f64) -> Result<Self, String> {
        check_mean(mean)?;
        check_cv(cv)?;
        if cv == 0.0 {
            return Ok(Self::Deterministic(mean));
        }
        let shape = 1.0 / (cv * cv);
        let sampler = Gamma::new(shape, mean / shape).map_err(|_| {
            format!(
                "a gamma of cv {cv:?} cannot be drawn: its shape 1 / cv² is not a positive finite \
                 number (expected a cv between about 1e-150 and 1e150)"
            )
        })?;
        Ok(Self::Gamma { sampler, mean })
    }

    /// Weibull with the given mean (seconds) and cv; a cv of zero is deterministic.
    ///
    /// # Errors
    ///
    /// A message (`String`) if the mean is not above zero or not finite, the cv is negative
    /// or not finite, or a cv other than zero lies outside the range a Weibull shape between
    /// 0.25 and 1000 can give (about 0.0013 to 8.3; the message gives the exact bounds).
    pub fn weibull(mean: f64, cv: f64) -> Result<Self, String> {
        check_mean(mean)?;
        check_cv(cv)?;
        if cv == 0.0 {
            return Ok(Self::Deterministic(mean));
        }
        let shape = weibull_shape_for_cv(cv)?;
        let scale = mean / (ln_gamma(1.0 + 1.0 / shape)).exp();
        let sampler = Weibull::new(scale, shape).map_err(|_| {
            format!(
                "a Weibull of mean {mean:?} s and cv {cv:?} cannot be drawn: its scale overflows"
            )
        })?;
        Ok(Self::Weibull { sampler, mean })
    }

    /// Always `value` seconds (zero allowed).
    ///
    /// # Errors
    ///
    /// A message (`String`) if the value is negative or not finite.
    pub fn deterministic(value: f64) -> Result<Self, String> {
        if value.is_finite() && value >= 0.0 {
            Ok(Self::Deterministic(value))
        } else {
            Err(format!("the value must be zero or more, found {value} s"))
        }
    }

    /// Uniform between `min` and `max` seconds.
    ///
    /// # Errors
    ///
    /// A message (`String`) unless `0 <= min <= max` with both finite.
    pub fn uniform(min: f64, max: f64) -> Result<Self, String> {
        if !(min.is_finite() && max.is_finite() && min >= 0.0 && max >= min) {
            return Err(format!(
                "expected 0 <= min <= max, found min = {min} s, max = {max} s"
            ));
        }
        Ok(Self::Uniform { min, max })
    }

    /// Equally likely draws from `values` (seconds); at least one value.
    ///
    /// # Errors
    ///
    /// A message (`String`) if the list is empty or a value is negative or not finite.
    pub fn empirical(values: Vec<f64>) -> Result<Self, String> {
        if values.is_empty() {
            return Err("the list of values is empty".into());
        }
        if let Some(v) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(format!("every value must be zero or more, found {v} s"));
        }
        Ok(Self::Empirical(values))
    }

    /// The mean of the distribution, in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Self::Exponential { mean, .. }
            | Self::LogNormal { mean, .. }
            | Self::Gamma { mean, .. }
            | Self::Weibull { mean, .. } => *mean,
            Self::Deterministic(v) => *v,
            Self::Uniform { min, max } => 0.5 * (min + max),
            Self::Empirical(values) => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// Whether this is the exponential family (the case the Erlang formulas cover).
    pub fn is_exponential(&self) -> bool {
        matches!(self, Self::Exponential { .. })
    }

    /// Draws one duration in seconds.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Self::Exponential { sampler, .. } => sampler.sample(rng),
            Self::LogNormal { sampler, .. } => sampler.sample(rng),
            Self::Gamma { sampler, .. } => sampler.sample(rng),
            Self::Weibull { sampler, .. } => sampler.sample(rng),
            Self::Deterministic(v) => *v,
            Self::Uniform { min, max } => min + (max - min) * unit_interval(rng),
            Self::Empirical(values) => {
                let i = (unit_interval(rng) * values.len() as f64) as usize;
                values[i.min(values.len() - 1)]
            }
        }
    }
}

/// A uniform draw in [0, 1) with 53 bits of precision.
#[inline]
pub fn unit_interval<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The cv of a Weibull distribution with shape `k`: sqrt(Γ(1+2/k) / Γ(1+1/k)² − 1).
fn weibull_cv(k: f64) -> f64 {
    let ln_ratio = ln_gamma(1.0 + 2.0 / k) - 2.0 * ln_gamma(1.0 + 1.0 / k);
    ln_ratio.exp_m1().sqrt()
}

/// Solves `weibull_cv(k) = cv` for the shape `k` by bisection on ln k (the cv falls as k rises).
fn weibull_shape_for_cv(cv: f64) -> Result<f64, String> {
    // Shapes from 0.25 (cv² = Γ(9)/Γ(5)² − 1 = 69, cv about 8.3) to 1000 (cv about 0.0013):
    // beyond, the distribution is too extreme to sample meaningfully.
    let (mut lo, mut hi) = (0.25_f64.ln(), 1000.0_f64.ln());
    if cv > weibull_cv(lo.exp()) || cv < weibull_cv(hi.exp()) {
        return Err(format!(
            "a Weibull cv must lie between {:.4} and {:.1}, found {cv}",
            weibull_cv(hi.exp()),
            weibull_cv(lo.exp())
        ));
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if weibull_cv(mid.exp()) > cv {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok((0.5 * (lo + hi)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    /// Sample mean and cv of `n` draws.
    fn moments(d: &TimeDistribution, n: usize) -> (f64, f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn each_family_has_the_mean_and_cv_it_was_built_with() {
        let n = 400_000;
        for (d, cv) in [
            (TimeDistribution::exponential(60.0).unwrap(), 1.0),
            (TimeDistribution::lognormal(60.0, 0.7).unwrap(), 0.7),
            (TimeDistribution::gamma(60.0, 0.5).unwrap(), 0.5),
            (TimeDistribution::weibull(60.0, 1.5).unwrap(), 1.5),
            (TimeDistribution::weibull(60.0, 0.3).unwrap(), 0.3),
            (
                TimeDistribution::uniform(30.0, 90.0).unwrap(),
                30.0 / 3f64.sqrt() / 60.0,
            ),
        ] {
            assert!((d.mean() - 60.0).abs() < 1e-9, "{d:?}");
            let (m, c) = moments(&d, n);
            // Standard error of the mean is cv·60/sqrt(n) ≤ 0.14 s here; 5 standard errors.
            let se = cv * 60.0 / (n as f64).sqrt();
            assert!((m - 60.0).abs() < 5.0 * se, "{d:?}: mean {m}");
            // The sample cv converges more slowly for heavy tails; 5 % is a stated bound.
            assert!((c - cv).abs() < 0.05 * cv, "{d:?}: cv {c} vs {cv}");
        }
    }

    #[test]
    fn weibull_shape_one_is_exponential() {
        assert!((weibull_shape_for_cv(1.0).unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_parameters_are_refused_with_a_message() {
        assert!(TimeDistribution::exponential(0.0).is_err());
        assert!(
            TimeDistribution::lognormal(60.0, -0.1)
                .unwrap_err()
                .contains("cv")
        );
        assert!(TimeDistribution::gamma(-1.0, 0.5).is_err());
        assert!(TimeDistribution::uniform(90.0, 30.0).is_err());
        assert!(TimeDistribution::empirical(vec![]).is_err());
        assert!(TimeDistribution::weibull(60.0, 1e6).is_err());
    }

    #[test]
    fn zero_cv_and_empirical_are_exact() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(
            TimeDistribution::gamma(42.0, 0.0).unwrap().sample(&mut rng),
            42.0
        );
        let e = TimeDistribution::empirical(vec![10.0, 20.0, 30.0]).unwrap();
        assert_eq!(e.mean(), 20.0);
        for _ in 0..1000 {
            assert!([10.0, 20.0, 30.0].contains(&e.sample(&mut rng)));
        }
    }
}
