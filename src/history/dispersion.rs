//! Over-dispersion of daily volumes: how much more the days of a history scatter than
//! Poisson arrivals would.
//!
//! If a day's contacts are Poisson with a rate that is itself the mean rate λ times a
//! multiplier G of mean 1 and coefficient of variation c (the gamma day-to-day noise of the
//! model), the day's count N has mean λ and variance λ + c²λ²: Poisson's λ plus the noise's
//! c²λ². So from the sample mean x̄ and variance s² of comparable days (the same weekday, in
//! a stable period), the **index of dispersion** s²/x̄ is near 1 for pure Poisson, and the
//! noise's coefficient of variation is estimated by c² = (s² − x̄)/x̄² (zero when s² ≤ x̄).
//! This is the method-of-moments estimate of a negative binomial's dispersion.

/// The dispersion of a list of daily totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    /// Days in the sample.
    pub days: usize,
    /// Mean contacts per day.
    pub mean: f64,
    /// Sample variance of contacts per day (with n − 1), contacts².
    pub variance: f64,
    /// Index of dispersion: variance / mean (1 for Poisson, above 1 when over-dispersed).
    pub index: f64,
    /// Coefficient of variation of the day-to-day multiplier that explains the variance
    /// beyond Poisson (dimensionless; 0 when the days scatter no more than Poisson).
    pub noise_cv: f64,
}

impl Dispersion {
    /// The dispersion of `daily_totals` (contacts per day, of comparable days).
    ///
    /// Returns `None` for fewer than two days, a mean of zero, or a value that is negative
    /// or not finite: such a history says nothing about the noise.
    ///
    /// # Example
    ///
    /// ```
    /// use staffsim::history::Dispersion;
    ///
    /// // Two days of 90 and 110 contacts: variance 200 on a mean of 100, twice Poisson's;
    /// // the 100 beyond Poisson is (c × 100)², so c = 0.1.
    /// let d = Dispersion::of(&[90.0, 110.0]).unwrap();
    /// assert_eq!(d.index, 2.0);
    /// assert!((d.noise_cv - 0.1).abs() < 1e-12);
    /// ```
    pub fn of(daily_totals: &[f64]) -> Option<Dispersion> {
        let n = daily_totals.len();
        if n < 2 || daily_totals.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return None;
        }
        let mean = daily_totals.iter().sum::<f64>() / n as f64;
        if mean <= 0.0 {
            return None;
        }
        let variance =
            daily_totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        Some(Dispersion {
            days: n,
            mean,
            variance,
            index: variance / mean,
            noise_cv: ((variance - mean).max(0.0) / (mean * mean)).sqrt(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::distr::Distribution;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand_distr::{Gamma, Poisson};

    #[test]
    fn hand_worked_histories() {
        let flat = Dispersion::of(&[100.0, 100.0, 100.0]).unwrap();
        assert_eq!((flat.variance, flat.index, flat.noise_cv), (0.0, 0.0, 0.0));
        // Mean 4, variance (1 + 1 + 0) / 2 = 1: under-dispersed, no noise.
        let under = Dispersion::of(&[3.0, 5.0, 4.0]).unwrap();
        assert_eq!(
            (under.mean, under.variance, under.noise_cv),
            (4.0, 1.0, 0.0)
        );
        assert_eq!(Dispersion::of(&[7.0]), None);
        assert_eq!(Dispersion::of(&[0.0, 0.0]), None);
        assert_eq!(Dispersion::of(&[1.0, f64::NAN]), None);
        assert_eq!(Dispersion::of(&[1.0, -2.0]), None);
    }

    /// Days drawn as the model draws them (Poisson with a gamma multiplier of cv 0.12 on
    /// 5,000 a day) give back the cv. Bound: with k = 1/c² the gamma's excess kurtosis is
    /// 6/k, so the sample variance of the multiplier has relative standard error
    /// sqrt((2 + 6/k)/n) ≈ 0.032 over n = 2,000 days and c about half of it, 0.0019; the
    /// Poisson part adds under 1 %. Four standard errors: 0.008.
    #[test]
    fn the_noise_of_a_gamma_poisson_history_is_found_again() {
        let (lambda, cv, n) = (5000.0, 0.12, 2000);
        let shape = 1.0 / (cv * cv);
        let gamma = Gamma::new(shape, 1.0 / shape).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let days: Vec<f64> = (0..n)
            .map(|_| {
                let g: f64 = gamma.sample(&mut rng);
                Poisson::new(lambda * g).unwrap().sample(&mut rng)
            })
            .collect();
        let d = Dispersion::of(&days).unwrap();
        assert!((d.noise_cv - cv).abs() < 0.008, "{d:?}");
        assert!(d.index > 50.0, "{d:?}");
        // Pure Poisson days: index near 1 (its standard error is sqrt(2/n) ≈ 0.032), no noise
        // beyond a sliver.
        let poisson = Poisson::new(lambda).unwrap();
        let days: Vec<f64> = (0..n).map(|_| poisson.sample(&mut rng)).collect();
        let d = Dispersion::of(&days).unwrap();
        assert!(
            (d.index - 1.0).abs() < 4.0 * (2.0 / n as f64).sqrt(),
            "{d:?}"
        );
        assert!(d.noise_cv < 0.01, "{d:?}");
    }
}
