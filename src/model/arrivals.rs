//! When contacts arrive: a Poisson process whose rate varies over the day and the week.
//!
//! The rate is piecewise constant. The day is cut into equal intervals (as many as the daily
//! profile has weights) and each interval of each day of the week has the rate
//! `mean_rate × daily[i] × weekly[d]`, with both profiles scaled to average 1, so that
//! `mean_rate` stays the average over a week whatever the shape (a planner's "2,880 an hour"
//! means 69,120 a day). Simulation time 0 is Monday 00:00.
//!
//! **Day-to-day noise.** Real volumes scatter more than Poisson around their profile: a
//! Monday is not a Poisson draw around the average Monday. With
//! [`daily_noise`](ArrivalPattern::daily_noise) set to `c`, every day's rates are multiplied
//! by a factor drawn from a gamma distribution of mean 1 and coefficient of variation `c`, so a
//! day's count has variance `λ + c²λ²` instead of `λ`. The factor of day `d` is a function of
//! the seed, the replication and `d` only ([`day_factor`]), drawn by inverting the gamma
//! distribution function at one uniform: the arrival times' own draws are untouched, a
//! restart of the stream at a timeline step finds the same factor, and two scenarios with
//! different noise see coupled days (common random numbers).
//!
//! Arrival times are drawn by inverting the cumulative rate: one Exp(1) draw per arrival is
//! spent across interval boundaries, so the process is exact at the boundaries (no thinning,
//! no rounding of an arrival into the wrong interval). Because one draw gives one arrival
//! whatever the rate, two scenarios that differ only in volume see coupled arrival streams,
//! which suits common random numbers.

use crate::units::DAY;
use rand::Rng;
use statrs::distribution::{ContinuousCDF, Gamma};

use super::distribution::unit_interval;

/// The arrival rate over time: an average rate shaped by intraday and weekly profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalPattern {
    /// Average arrival rate over a week, contacts per second.
    pub mean_rate: f64,
    /// Relative weight of each interval of the day, scaled to average 1.
    pub daily: Vec<f64>,
    /// Relative weight of each day of the week from Monday, scaled to average 1.
    pub weekly: Vec<f64>,
    /// Coefficient of variation of the day-to-day multiplier of the rate (gamma, mean 1);
    /// `None` (or 0): every day follows the profiles exactly.
    pub daily_noise: Option<f64>,
}

impl ArrivalPattern {
    /// A pattern from an average rate (contacts per second) and unscaled profiles; empty
    /// profiles mean flat. Profiles must be non-negative with a positive sum.
    ///
    /// # Errors
    ///
    /// A message (`String`) naming the profile (`daily_profile: …` or `weekly_profile: …`) if
    /// one of its weights is negative or not finite, or if all of its weights are zero; a
    /// message naming `rate` if the rate is negative or not finite.
    ///
    /// # Example
    ///
    /// ```
    /// use staffsim::model::ArrivalPattern;
    ///
    /// // Two contacts a second on average; mornings carry three times the afternoons.
    /// let pattern = ArrivalPattern::new(2.0, &[3.0, 1.0], &[]).unwrap();
    /// assert_eq!(pattern.daily, [1.5, 0.5]);
    /// assert_eq!(pattern.segment_length(), 43_200.0);
    /// assert_eq!(pattern.rate_at(3_600.0), 3.0);
    /// assert_eq!(pattern.rate_at(50_000.0), 1.0);
    /// assert_eq!(pattern.expected_arrivals(0.0, 86_400.0), 172_800.0);
    ///
    /// let err = ArrivalPattern::new(2.0, &[0.0, 0.0], &[]).unwrap_err();
    /// assert!(err.starts_with("daily_profile"), "{err}");
    /// assert!(ArrivalPattern::new(f64::NAN, &[], &[]).is_err());
    /// ```
    pub fn new(mean_rate: f64, daily: &[f64], weekly: &[f64]) -> Result<Self, String> {
        if !(mean_rate.is_finite() && mean_rate >= 0.0) {
            return Err(format!(
                "rate: expected zero or more contacts per second, found {mean_rate}"
            ));
        }
        Ok(Self {
            mean_rate,
            daily: normalise(daily, "daily_profile")?,
            weekly: normalise(weekly, "weekly_profile")?,
            daily_noise: None,
        })
    }

    /// The same pattern with day-to-day noise of coefficient of variation `cv` (0 or more).
    ///
    /// # Errors
    ///
    /// A message naming `daily_noise.cv` if `cv` is negative, above 3 or not finite.
    pub fn with_daily_noise(mut self, cv: f64) -> Result<Self, String> {
        if !(cv.is_finite() && (0.0..=3.0).contains(&cv)) {
            return Err(format!(
                "daily_noise.cv: expected a coefficient of variation from 0 to 3, found {cv}"
            ));
        }
        self.daily_noise = (cv > 0.0).then_some(cv);
        Ok(self)
    }

    /// Length of one interval of the daily profile, seconds.
    pub fn segment_length(&self) -> f64 {
        DAY / self.daily.len() as f64
    }

    /// The arrival rate (contacts per second) during segment `k`, counting segments of
    /// [`segment_length`](Self::segment_length) from time 0.
    pub fn segment_rate(&self, k: u64) -> f64 {
        let per_day = self.daily.len() as u64;
        let day = (k / per_day) % self.weekly.len() as u64;
        self.mean_rate * self.daily[(k % per_day) as usize] * self.weekly[day as usize]
    }

    /// The arrival rate (contacts per second) at time `t` seconds.
    pub fn rate_at(&self, t: f64) -> f64 {
        self.segment_rate((t / self.segment_length()).floor() as u64)
    }

    /// Expected number of arrivals between `from` and `to` seconds (the integral of the rate).
    pub fn expected_arrivals(&self, from: f64, to: f64) -> f64 {
        let len = self.segment_length();
        let mut k = (from / len).floor() as u64;
        let mut t = from;
        let mut total = 0.0;
        while t < to {
            let end = ((k + 1) as f64 * len).min(to);
            total += self.segment_rate(k) * (end - t);
            t = end;
            k += 1;
        }
        total
    }
}

fn normalise(weights: &[f64], key: &str) -> Result<Vec<f64>, String> {
    if weights.is_empty() {
        return Ok(vec![1.0]);
    }
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(format!(
            "{key}: every weight must be zero or more, found {w}"
        ));
    }
    let mean = weights.iter().sum::<f64>() / weights.len() as f64;
    if mean <= 0.0 {
        return Err(format!("{key}: at least one weight must be above zero"));
    }
    Ok(weights.iter().map(|w| w / mean).collect())
}

/// The multiplier of day `day` (from 0) for noise of coefficient of variation `cv`, in the
/// replication whose noise key is `key`: the gamma (mean 1, cv `cv`) quantile of a uniform
/// that depends on `key` and `day` alone.
pub fn day_factor(key: u64, day: u64, cv: f64) -> f64 {
    // SplitMix64's finaliser on the key and the day, then 53 bits into (0, 1).
    let mut z = key ^ day.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let u = ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let shape = 1.0 / (cv * cv);
    Gamma::new(shape, shape).map_or(1.0, |g| g.inverse_cdf(u))
}

/// The state of one arrival stream: where the clock is and which segment it is in.
#[derive(Debug, Clone)]
pub struct ArrivalStream {
    segment: u64,
    segment_end: f64,
    segment_len: f64,
    last: f64,
    /// The key of the day-to-day noise (see [`day_factor`]).
    noise_key: u64,
    /// The day whose factor is cached, and the factor.
    day: u64,
    factor: f64,
}

impl ArrivalStream {
    /// A stream that starts at time 0; `noise_key` keys its days' noise factors.
    pub fn new(pattern: &ArrivalPattern, noise_key: u64) -> Self {
        Self::starting_at(pattern, 0.0, noise_key)
    }

    /// A stream of arrivals after `start` seconds (a Poisson process forgets its past, so a
    /// stream restarted when the pattern changes is exact; the days keep their factors).
    pub fn starting_at(pattern: &ArrivalPattern, start: f64, noise_key: u64) -> Self {
        let segment_len = pattern.segment_length();
        let mut segment = (start / segment_len).floor().max(0.0) as u64;
        while (segment + 1) as f64 * segment_len <= start {
            segment += 1;
        }
        let mut stream = Self {
            segment,
            segment_end: (segment + 1) as f64 * segment_len,
            segment_len,
            last: start,
            noise_key,
            day: u64::MAX,
            factor: 1.0,
        };
        stream.refresh_day(pattern);
        stream
    }

    /// The rate of the current segment, with its day's noise factor.
    fn rate(&mut self, pattern: &ArrivalPattern) -> f64 {
        self.refresh_day(pattern);
        pattern.segment_rate(self.segment) * self.factor
    }

    fn refresh_day(&mut self, pattern: &ArrivalPattern) {
        if let Some(cv) = pattern.daily_noise {
            let day = self.segment / pattern.daily.len() as u64;
            if day != self.day {
                self.day = day;
                self.factor = day_factor(self.noise_key, day, cv);
            }
        }
    }

    /// The time of the next arrival (seconds), or `None` if it would fall after `horizon`.
    pub fn next<R: Rng + ?Sized>(
        &mut self,
        pattern: &ArrivalPattern,
        horizon: f64,
        rng: &mut R,
    ) -> Option<f64> {
        // Exp(1) by inversion; 1 - u lies in (0, 1] so the log is finite.
        let mut work = -(1.0 - unit_interval(rng)).ln();
        let mut t = self.last;
        loop {
            let rate = self.rate(pattern);
            let room = rate * (self.segment_end - t);
            if work < room {
                t += work / rate;
                // Guard against rounding pushing t onto the next segment.
                t = t.min(self.segment_end);
                break;
            }
            work -= room;
            t = self.segment_end;
            if t >= horizon {
                return None;
            }
            self.segment += 1;
            self.segment_end = (self.segment + 1) as f64 * self.segment_len;
        }
        self.last = t;
        (t < horizon).then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn profiles_are_scaled_to_average_one() {
        let p = ArrivalPattern::new(1.0, &[1.0, 3.0], &[]).unwrap();
        assert_eq!(p.daily, vec![0.5, 1.5]);
        assert_eq!(p.weekly, vec![1.0]);
        assert_eq!(p.rate_at(0.0), 0.5);
        assert_eq!(p.rate_at(DAY / 2.0), 1.5);
        assert!((p.expected_arrivals(0.0, DAY) - DAY).abs() < 1e-6);
    }

    #[test]
    fn bad_profiles_are_refused() {
        assert!(ArrivalPattern::new(1.0, &[0.0, 0.0], &[]).is_err());
        assert!(ArrivalPattern::new(1.0, &[1.0, -1.0], &[]).is_err());
    }

    /// Counts per segment match the rate of the segment: the process is exact at boundaries,
    /// including a segment with rate zero (no arrival may fall in it).
    #[test]
    fn counts_per_interval_follow_the_profile() {
        let p = ArrivalPattern::new(0.5, &[0.0, 1.0, 2.0, 1.0], &[1.0, 2.0]).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut stream = ArrivalStream::new(&p, 0);
        let horizon = 40.0 * DAY;
        let len = p.segment_length();
        let mut counts = vec![0u64; (horizon / len) as usize];
        let mut last = 0.0;
        while let Some(t) = stream.next(&p, horizon, &mut rng) {
            assert!(t >= last);
            last = t;
            counts[(t / len) as usize] += 1;
        }
        // Fold per (day of the 2-day week, interval of the day).
        let mut by_slot = [[0u64; 4]; 2];
        for (k, c) in counts.iter().enumerate() {
            by_slot[(k / 4) % 2][k % 4] += c;
        }
        for (d, row) in by_slot.iter().enumerate() {
            for (i, &count) in row.iter().enumerate() {
                let expected = p.segment_rate((d * 4 + i) as u64) * len * 20.0;
                if expected == 0.0 {
                    assert_eq!(count, 0);
                } else {
                    // Poisson: 4 standard deviations.
                    let tol = 4.0 * expected.sqrt();
                    assert!(
                        (count as f64 - expected).abs() < tol,
                        "day {d} interval {i}: {count} vs {expected:.0}"
                    );
                }
            }
        }
    }
}
