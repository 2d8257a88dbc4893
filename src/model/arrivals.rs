//! When contacts arrive: a Poisson process whose rate varies over the day and the week, or
//! follows a table of rates per interval read from a file.
//!
//! The rate is piecewise constant. With profiles, the day is cut into equal intervals (as
//! many as the daily profile has weights) and each interval of each day of the week has the
//! rate `mean_rate × daily[i] × weekly[d]`, with both profiles scaled to average 1, so that
//! `mean_rate` stays the average over a week whatever the shape (a planner's "2,880 an hour"
//! means 69,120 a day). Simulation time 0 is Monday 00:00.
//!
//! **A table** ([`RateTable`], `[arrivals] rates = { file = … }`) gives the rate of each
//! interval instead, intervals of any lengths, so a historical or forecast week can be
//! replayed; it may also give the intent mix of each interval, and each interval's level
//! uncertainty. Its intervals are the stream's segments, exactly as the profile's are.
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
//! **An intent's own noise** ([`Intent::daily_noise`]) is a second gamma factor `G_i(d)`,
//! keyed by the intent's index as well, so it is independent of the floor's `G(d)` (the
//! floor's is the weather or a campaign, the intent's its own news) and of the other
//! intents'. The stream's rate in a segment is then `Σ_i rate_i × G_i(d) × G(d)` and an
//! arrival's intent is drawn in proportion to `rate_i × G_i(d)`.
//!
//! **Level noise** (a table's `level_cv`, with `level_noise = true`): each day draws one
//! uniform `u(d)`, keyed apart from the other noises, and each interval of the day is
//! multiplied by the gamma (mean 1, cv = the interval's `level_cv`) quantile of `u(d)`. The
//! intervals of a day move together (comonotone), so a replication sees one busy or quiet
//! forecast day, which is what a prediction interval of a day's volume says.
//!
//! A segment belongs to the day in which it starts (a table's row that straddles midnight
//! takes the factors of the day it starts in).
//!
//! Arrival times are drawn by inverting the cumulative rate: one Exp(1) draw per arrival is
//! spent across interval boundaries, so the process is exact at the boundaries (no thinning,
//! no rounding of an arrival into the wrong interval). Because one draw gives one arrival
//! whatever the rate, two scenarios that differ only in volume see coupled arrival streams,
//! which suits common random numbers.

use std::sync::Arc;

use crate::units::DAY;
use rand::Rng;
use statrs::distribution::{ContinuousCDF, Gamma};

use super::distribution::unit_interval;
use super::intent::Intent;
use super::streams::{intent_noise_key, level_noise_key};

/// Rates per interval read from a file: the rows of `[arrivals] rates`, at the run's scale.
#[derive(Debug, Clone, PartialEq)]
pub struct RateTable {
    /// Row boundaries, seconds from time 0: row `r` runs from `bounds[r]` to `bounds[r + 1]`;
    /// `bounds[0]` is 0 and the last is the table's length.
    pub bounds: Vec<f64>,
    /// Arrival rate of each row, all intents together, contacts per second.
    pub rates: Vec<f64>,
    /// Each intent's part of each row's volume, row by row (`rows × intents`, a row's parts
    /// summing to 1, all 0 in a row of no volume); empty when the intents' shares split
    /// every row.
    pub mix: Vec<f64>,
    /// Coefficient of variation of each row's day level (gamma, mean 1) when level noise is
    /// on; empty when it is off.
    pub level_cv: Vec<f64>,
    /// Whether the table replays cyclically past its end, its length being the period.
    pub repeat: bool,
}

impl RateTable {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rates.len()
    }

    /// The table's length (its last row's end), seconds.
    pub fn length(&self) -> f64 {
        self.bounds[self.rows()]
    }

    /// Expected contacts over the table's length (its rows' rates times their lengths).
    pub fn volume(&self) -> f64 {
        self.rates
            .iter()
            .zip(self.bounds.windows(2))
            .map(|(r, b)| r * (b[1] - b[0]))
            .sum()
    }

    /// The number of intents of [`mix`](Self::mix) (0 when it is empty).
    fn intents(&self) -> usize {
        self.mix.len() / self.rows()
    }
}

/// The arrival rate over time: an average rate shaped by intraday and weekly profiles, or a
/// table of rates per interval.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalPattern {
    /// Average arrival rate, contacts per second: over a week with profiles, over the table's
    /// length with a table.
    pub mean_rate: f64,
    /// Relative weight of each interval of the day, scaled to average 1 (`[1]` with a table).
    pub daily: Vec<f64>,
    /// Relative weight of each day of the week from Monday, scaled to average 1. With a
    /// table, each weekday's mean volume over the run, for summaries only (the table gives
    /// the rates).
    pub weekly: Vec<f64>,
    /// Coefficient of variation of the day-to-day multiplier of the rate (gamma, mean 1);
    /// `None` (or 0): every day follows the profiles exactly.
    pub daily_noise: Option<f64>,
    /// The rates per interval from a file; `None`: the profiles above give the rate.
    pub table: Option<Arc<RateTable>>,
    /// The weekday of day 0 of the run, in days from Monday (0 to 6): day `d` takes the
    /// weekly weight `weekly[(d + first_weekday) % 7]`. 0 unless the run has a start date
    /// ([`crate::units::Calendar::weekday_offset`]); a table's rates ignore it (its rows
    /// already run from time 0).
    pub first_weekday: u32,
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
            table: None,
            first_weekday: 0,
        })
    }

    /// A pattern that follows `table` over a run of `horizon` seconds: its mean rate is the
    /// table's over its length, and its weekly weights each weekday's mean volume over the
    /// run's first eight weeks (for summaries; a weekday the run does not reach weighs the
    /// average).
    ///
    /// # Example
    ///
    /// ```
    /// use staffsim::model::ArrivalPattern;
    /// use staffsim::model::arrivals::RateTable;
    ///
    /// // 100 contacts in the first hour, none in the next two, then 50 an hour for 21 hours.
    /// let table = RateTable {
    ///     bounds: vec![0.0, 3_600.0, 10_800.0, 86_400.0],
    ///     rates: vec![100.0 / 3_600.0, 0.0, 50.0 / 3_600.0],
    ///     mix: Vec::new(),
    ///     level_cv: Vec::new(),
    ///     repeat: true,
    /// };
    /// let pattern = ArrivalPattern::from_table(table, 7.0 * 86_400.0);
    /// assert_eq!(pattern.rate_at(5_000.0), 0.0);
    /// assert!((pattern.expected_arrivals(0.0, 86_400.0) - 1_150.0).abs() < 1e-9);
    /// // Replayed: the second day is the first again.
    /// assert!((pattern.expected_arrivals(86_400.0, 90_000.0) - 100.0).abs() < 1e-9);
    /// assert!((pattern.mean_rate * 86_400.0 - 1_150.0).abs() < 1e-9);
    /// ```
    pub fn from_table(table: RateTable, horizon: f64) -> Self {
        let length = table.length();
        let volume = table.volume();
        let mut pattern = Self {
            mean_rate: if length > 0.0 { volume / length } else { 0.0 },
            daily: vec![1.0],
            weekly: vec![1.0],
            daily_noise: None,
            table: Some(Arc::new(table)),
            first_weekday: 0,
        };
        // Eight weeks are enough to see the weekdays, and keep a long run's load quick.
        let horizon = horizon.min(56.0 * DAY);
        let days = (horizon / DAY).ceil().max(1.0) as u64;
        let (mut sum, mut count) = ([0.0; 7], [0u32; 7]);
        for d in 0..days {
            let from = d as f64 * DAY;
            sum[(d % 7) as usize] += pattern.expected_arrivals(from, (from + DAY).min(horizon));
            count[(d % 7) as usize] += 1;
        }
        let seen: Vec<f64> = (0..7)
            .filter(|&w| count[w] > 0)
            .map(|w| sum[w] / f64::from(count[w]))
            .collect();
        let average = seen.iter().sum::<f64>() / seen.len() as f64;
        if average > 0.0 {
            pattern.weekly = (0..7)
                .map(|w| {
                    if count[w] > 0 {
                        sum[w] / f64::from(count[w]) / average
                    } else {
                        1.0
                    }
                })
                .collect();
        }
        pattern
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

    /// Length of one interval of the daily profile, seconds (a table's rows have their own
    /// lengths: see [`segment_start`](Self::segment_start)).
    pub fn segment_length(&self) -> f64 {
        DAY / self.daily.len() as f64
    }

    /// Where segment `k` (counting from time 0) starts, seconds: the `k`-th interval of the
    /// profile, or the `k`-th row of the table (replayed, if it repeats).
    pub fn segment_start(&self, k: u64) -> f64 {
        match &self.table {
            None => k as f64 * self.segment_length(),
            Some(t) => {
                let n = t.rows() as u64;
                if t.repeat {
                    (k / n) as f64 * t.length() + t.bounds[(k % n) as usize]
                } else if k < n {
                    t.bounds[k as usize]
                } else {
                    // Past the end of a table that does not repeat: one endless empty segment.
                    if k == n { t.length() } else { f64::INFINITY }
                }
            }
        }
    }

    /// Where segment `k` ends (where segment `k + 1` starts), seconds.
    pub fn segment_end(&self, k: u64) -> f64 {
        self.segment_start(k + 1)
    }

    /// The segment that holds time `t` seconds (0 or more).
    pub fn segment_of(&self, t: f64) -> u64 {
        let mut k = match &self.table {
            None => (t / self.segment_length()).floor().max(0.0) as u64,
            Some(table) => {
                let n = table.rows() as u64;
                let cycle = if table.repeat {
                    (t / table.length()).floor().max(0.0) as u64
                } else {
                    0
                };
                let within = t - cycle as f64 * table.length();
                let row = table.bounds[..table.rows()].partition_point(|&b| b <= within);
                cycle * n + row.saturating_sub(1) as u64
            }
        };
        while self.segment_end(k) <= t {
            k += 1;
        }
        k
    }

    /// The day (from 0) that segment `k` belongs to: the day it starts in.
    pub fn day_of(&self, k: u64) -> u64 {
        match &self.table {
            None => k / self.daily.len() as u64,
            Some(_) => (self.segment_start(k) / DAY).floor() as u64,
        }
    }

    /// The table's row of segment `k`, if the pattern is a table and `k` is within it.
    fn row_of(&self, k: u64) -> Option<(&RateTable, usize)> {
        let t = self.table.as_deref()?;
        let n = t.rows() as u64;
        (t.repeat || k < n).then_some((t, (k % n) as usize))
    }

    /// The arrival rate (contacts per second) during segment `k`, counting segments from
    /// time 0 (see [`segment_start`](Self::segment_start)).
    pub fn segment_rate(&self, k: u64) -> f64 {
        if self.table.is_some() {
            return self.row_of(k).map_or(0.0, |(t, r)| t.rates[r]);
        }
        let per_day = self.daily.len() as u64;
        let day = (k / per_day + u64::from(self.first_weekday)) % self.weekly.len() as u64;
        self.mean_rate * self.daily[(k % per_day) as usize] * self.weekly[day as usize]
    }

    /// Each intent's part of segment `k`'s volume when the table gives the mix; `None` when
    /// the intents' shares split it.
    pub fn segment_mix(&self, k: u64) -> Option<&[f64]> {
        let (t, r) = self.row_of(k)?;
        let n = t.intents();
        (n > 0).then(|| &t.mix[r * n..(r + 1) * n])
    }

    /// The coefficient of variation of segment `k`'s day level (0 without level noise).
    pub fn segment_level_cv(&self, k: u64) -> f64 {
        self.row_of(k)
            .and_then(|(t, r)| t.level_cv.get(r).copied())
            .unwrap_or(0.0)
    }

    /// Whether the table gives each row's intent mix.
    pub fn has_mix(&self) -> bool {
        self.table.as_ref().is_some_and(|t| !t.mix.is_empty())
    }

    /// Whether the rates carry level noise (a table's `level_cv`).
    pub fn has_level_noise(&self) -> bool {
        self.table.as_ref().is_some_and(|t| !t.level_cv.is_empty())
    }

    /// The expected arrival rate (contacts per second) at time `t` seconds, noise aside.
    pub fn rate_at(&self, t: f64) -> f64 {
        match &self.table {
            None => self.segment_rate((t / self.segment_length()).floor() as u64),
            Some(_) => self.segment_rate(self.segment_of(t)),
        }
    }

    /// Expected number of arrivals between `from` and `to` seconds (the integral of the
    /// rate; every noise factor has mean 1).
    pub fn expected_arrivals(&self, from: f64, to: f64) -> f64 {
        if let Some(t) = self.table.as_deref()
            && t.repeat
        {
            // Whole replays of a table at once: a long run stays quick to check.
            let cycles = ((to - from) / t.length()).floor();
            if cycles >= 2.0 {
                let rest = from + cycles * t.length();
                return cycles * t.volume() + self.expected_arrivals(rest, to);
            }
        }
        let mut k = match &self.table {
            None => (from / self.segment_length()).floor() as u64,
            Some(_) => self.segment_of(from),
        };
        let mut t = from;
        let mut total = 0.0;
        while t < to {
            let end = self.segment_end(k).min(to);
            total += self.segment_rate(k) * (end - t);
            t = end;
            k += 1;
        }
        total
    }

    /// Expected number of arrivals between `from` and `to` seconds of the intents `owns`
    /// marks (in scenario order), when the table gives each row's mix; `None` when the
    /// intents' shares split every interval alike (take their part of
    /// [`expected_arrivals`](Self::expected_arrivals) then).
    pub fn expected_arrivals_of(&self, from: f64, to: f64, owns: &[bool]) -> Option<f64> {
        if !self.has_mix() {
            return None;
        }
        let mut k = self.segment_of(from);
        let mut t = from;
        let mut total = 0.0;
        while t < to {
            let end = self.segment_end(k).min(to);
            let part: f64 = self.segment_mix(k).map_or(0.0, |m| {
                m.iter()
                    .zip(owns)
                    .filter(|(_, o)| **o)
                    .map(|(p, _)| p)
                    .sum()
            });
            total += self.segment_rate(k) * part * (end - t);
            t = end;
            k += 1;
        }
        Some(total)
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

/// A uniform in (0, 1) that depends on `key` and `day` alone.
fn day_uniform(key: u64, day: u64) -> f64 {
    // SplitMix64's finaliser on the key and the day, then 53 bits into (0, 1).
    let mut z = key ^ day.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// The `u`-quantile of the gamma distribution of mean 1 and coefficient of variation `cv`
/// (1 if `cv` is 0).
pub fn gamma_quantile(u: f64, cv: f64) -> f64 {
    let shape = 1.0 / (cv * cv);
    Gamma::new(shape, shape).map_or(1.0, |g| g.inverse_cdf(u))
}

/// The multiplier of day `day` (from 0) for noise of coefficient of variation `cv`, in the
/// replication whose noise key is `key`: the gamma (mean 1, cv `cv`) quantile of a uniform
/// that depends on `key` and `day` alone.
pub fn day_factor(key: u64, day: u64, cv: f64) -> f64 {
    gamma_quantile(day_uniform(key, day), cv)
}

/// The state of one arrival stream: where the clock is, which segment it is in, and that
/// segment's rate and intent weights with the day's noise.
#[derive(Debug, Clone)]
pub struct ArrivalStream {
    segment: u64,
    segment_end: f64,
    last: f64,
    /// The key of the floor's day-to-day noise (see [`day_factor`]).
    noise_key: u64,
    /// The key of the level noise's uniform of each day.
    level_key: u64,
    /// Per intent, the key of its own day factors, and that factor today (empty when no
    /// intent has noise of its own).
    intent_keys: Vec<u64>,
    intent_factors: Vec<f64>,
    /// The day whose factors are cached, and the floor's factor.
    day: u64,
    factor: f64,
    /// The segment whose rate and weights are cached (`u64::MAX`: none yet).
    cached: u64,
    /// The current segment's rate with its noise, contacts per second.
    rate: f64,
    /// The current segment's cumulative intent weights, when they are not the shares.
    weights: Vec<f64>,
}

impl ArrivalStream {
    /// A stream that starts at time 0, for replication `replication` of a run of seed
    /// `seed` (which key its days' noise factors), of `intents` (for their own noise).
    pub fn new(pattern: &ArrivalPattern, intents: &[Intent], seed: u64, replication: u32) -> Self {
        Self::starting_at(pattern, intents, 0.0, seed, replication)
    }

    /// A stream of arrivals after `start` seconds (a Poisson process forgets its past, so a
    /// stream restarted when the pattern changes is exact; the days keep their factors).
    pub fn starting_at(
        pattern: &ArrivalPattern,
        intents: &[Intent],
        start: f64,
        seed: u64,
        replication: u32,
    ) -> Self {
        let segment = pattern.segment_of(start.max(0.0));
        let own_noise = intents.iter().any(|i| i.daily_noise.is_some());
        let intent_keys = if own_noise {
            (0..intents.len())
                .map(|i| intent_noise_key(seed, replication, i))
                .collect()
        } else {
            Vec::new()
        };
        let mut stream = Self {
            segment,
            segment_end: pattern.segment_end(segment),
            last: start,
            noise_key: super::streams::daily_noise_key(seed, replication),
            level_key: level_noise_key(seed, replication),
            intent_factors: vec![1.0; intent_keys.len()],
            intent_keys,
            day: u64::MAX,
            factor: 1.0,
            cached: u64::MAX,
            rate: 0.0,
            weights: Vec::new(),
        };
        stream.refresh(pattern, intents);
        stream
    }

    /// The current segment's cumulative intent weights (`rate_i × G_i(d)`, summed in
    /// scenario order), or `None` when the intents' shares are the weights.
    pub fn intent_weights(&self) -> Option<&[f64]> {
        (!self.weights.is_empty()).then_some(&self.weights[..])
    }

    /// Caches the current segment's rate and weights, and its day's factors.
    fn refresh(&mut self, pattern: &ArrivalPattern, intents: &[Intent]) {
        if self.cached == self.segment {
            return;
        }
        self.cached = self.segment;
        let day = pattern.day_of(self.segment);
        if day != self.day {
            self.day = day;
            if let Some(cv) = pattern.daily_noise {
                self.factor = day_factor(self.noise_key, day, cv);
            }
            for ((f, &key), intent) in self
                .intent_factors
                .iter_mut()
                .zip(&self.intent_keys)
                .zip(intents)
            {
                *f = intent
                    .daily_noise
                    .map_or(1.0, |cv| day_factor(key, day, cv));
            }
        }
        let mut rate = pattern.segment_rate(self.segment) * self.factor;
        let cv = pattern.segment_level_cv(self.segment);
        if cv > 0.0 {
            rate *= gamma_quantile(day_uniform(self.level_key, day), cv);
        }
        let mix = pattern.segment_mix(self.segment);
        self.weights.clear();
        if mix.is_some() || !self.intent_factors.is_empty() {
            let mut acc = 0.0;
            for (i, intent) in intents.iter().enumerate() {
                let part = mix.map_or(intent.share, |m| m[i]);
                acc += part * self.intent_factors.get(i).copied().unwrap_or(1.0);
                self.weights.push(acc);
            }
            if !self.intent_factors.is_empty() {
                // Σ_i part_i × G_i(d): the parts sum to 1, so without noise this is 1.
                rate *= acc;
            }
        }
        self.rate = rate;
    }

    /// The time of the next arrival (seconds), or `None` if it would fall after `horizon`.
    pub fn next<R: Rng + ?Sized>(
        &mut self,
        pattern: &ArrivalPattern,
        intents: &[Intent],
        horizon: f64,
        rng: &mut R,
    ) -> Option<f64> {
        // Exp(1) by inversion; 1 - u lies in (0, 1] so the log is finite.
        let mut work = -(1.0 - unit_interval(rng)).ln();
        let mut t = self.last;
        loop {
            self.refresh(pattern, intents);
            let rate = self.rate;
            // A segment of no volume has no room (its end may be infinite: past a table).
            let room = if rate > 0.0 {
                rate * (self.segment_end - t)
            } else {
                0.0
            };
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
            self.segment_end = pattern.segment_end(self.segment);
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
        let mut stream = ArrivalStream::new(&p, &[], 0, 0);
        let horizon = 40.0 * DAY;
        let len = p.segment_length();
        let mut counts = vec![0u64; (horizon / len) as usize];
        let mut last = 0.0;
        while let Some(t) = stream.next(&p, &[], horizon, &mut rng) {
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

    fn table(repeat: bool) -> ArrivalPattern {
        ArrivalPattern::from_table(
            RateTable {
                bounds: vec![0.0, 600.0, 4_200.0, 4_500.0, 10_000.0],
                rates: vec![0.5, 0.1, 0.0, 0.2],
                mix: vec![1.0, 0.0, 0.25, 0.75, 0.0, 0.0, 0.5, 0.5],
                level_cv: Vec::new(),
                repeat,
            },
            10_000.0,
        )
    }

    /// A table's segments are its rows, replayed if it repeats: every time falls in the
    /// segment whose bounds hold it, and past the end of a table that does not repeat the
    /// rate is 0.
    #[test]
    fn a_tables_segments_are_its_rows() {
        let p = table(true);
        for t in [
            0.0, 599.9, 600.0, 4_499.0, 9_999.0, 10_000.0, 10_600.0, 123_456.7,
        ] {
            let k = p.segment_of(t);
            assert!(p.segment_start(k) <= t && t < p.segment_end(k), "{t}: {k}");
        }
        assert_eq!(p.segment_of(10_600.0), 5);
        assert_eq!(p.rate_at(10_700.0), 0.1);
        assert!((p.expected_arrivals(0.0, 20_000.0) - 2.0 * 1_760.0).abs() < 1e-9);
        assert_eq!(p.segment_mix(5), Some(&[0.25, 0.75][..]));
        let once = table(false);
        assert_eq!(once.rate_at(10_700.0), 0.0);
        assert_eq!(once.segment_mix(5), None);
        assert!((once.expected_arrivals(0.0, 20_000.0) - 1_760.0).abs() < 1e-9);
    }

    /// Counts per row follow a table with rows of different lengths (4 standard deviations
    /// of Poisson over 200 replays), and none falls in its empty row.
    #[test]
    fn counts_per_row_follow_a_table() {
        let p = table(true);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let intents: Vec<Intent> = Vec::new();
        let mut stream = ArrivalStream::new(&p, &intents, 1, 0);
        let cycles = 200.0;
        let mut counts = [0u64; 4];
        while let Some(t) = stream.next(&p, &intents, cycles * 10_000.0, &mut rng) {
            let r = (p.segment_of(t) % 4) as usize;
            counts[r] += 1;
        }
        for (r, &count) in counts.iter().enumerate() {
            let expected =
                cycles * p.expected_arrivals(p.segment_start(r as u64), p.segment_end(r as u64));
            if expected == 0.0 {
                assert_eq!(count, 0, "row {r}");
            } else {
                assert!(
                    (count as f64 - expected).abs() < 4.0 * expected.sqrt(),
                    "row {r}: {count} vs {expected}"
                );
            }
        }
    }
}
