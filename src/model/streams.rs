//! Random streams: one portable generator per purpose, derived in one place.
//!
//! Each replication has one stream for arrivals (times and intents), and every contact has a
//! generator of its own, keyed by its problem's serial number and its attempt number: every
//! draw about it (handle time, patience, the AI conversation, resolution, the survey, churn,
//! the delay before coming back) comes from there. So a change to one part of a
//! scenario (more agents, a better assistant) does not shift which customers arrive or what
//! any other customer draws: replication k of every scenario in a sweep sees the same
//! customers, which is what common random numbers need. The generator is xoshiro256++, whose
//! output is specified bit for bit, so the same seed gives the same run on every machine.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The replication-wide random streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Arrival times and the intent of each new problem.
    Arrivals = 1,
    /// The base of the per-problem keys (see [`problem_key`]).
    Problems = 2,
    /// The base of each pool's workforce draws, day by day (see [`workforce_rng`]).
    Workforce = 3,
    /// The day-to-day noise of the arrival rate (see [`daily_noise_key`]).
    DailyNoise = 4,
    /// The uniform of each day's level noise (see [`level_noise_key`]).
    LevelNoise = 5,
    /// The base of each intent's own day-to-day noise (see [`intent_noise_key`]).
    IntentNoise = 6,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn stream_key(seed: u64, replication: u32, stream: Stream) -> u64 {
    mix(mix(seed) ^ (u64::from(replication) << 8 | stream as u64))
}

/// The generator of `stream` in replication `replication` of a run with seed `seed`.
pub fn stream_rng(seed: u64, replication: u32, stream: Stream) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(stream_key(seed, replication, stream))
}

/// The key from which replication `replication` of a run with seed `seed` draws its days'
/// noise factors ([`crate::model::arrivals::day_factor`]).
pub fn daily_noise_key(seed: u64, replication: u32) -> u64 {
    stream_key(seed, replication, Stream::DailyNoise)
}

/// The key from which replication `replication` of a run with seed `seed` draws the uniform
/// of each day's level noise (a rates file's `level_cv`).
pub fn level_noise_key(seed: u64, replication: u32) -> u64 {
    stream_key(seed, replication, Stream::LevelNoise)
}

/// The key from which intent number `intent` (in scenario order) draws its own days' noise
/// factors in replication `replication` of a run with seed `seed`: independent of the
/// floor's and of the other intents', and the same whatever the other intents say (common
/// random numbers).
pub fn intent_noise_key(seed: u64, replication: u32, intent: usize) -> u64 {
    mix(stream_key(seed, replication, Stream::IntentNoise) ^ mix(intent as u64))
}

/// The key from which replication `replication` of a run with seed `seed` draws its
/// workforces' moves (see [`workforce_rng`]).
pub fn workforce_key(seed: u64, replication: u32) -> u64 {
    stream_key(seed, replication, Stream::Workforce)
}

/// The generator of pool number `pool`'s workforce moves (attrition) on day `day` (from 0)
/// of the replication whose [`workforce_key`] is `key`.
///
/// One generator per pool and day, so that what one pool draws never depends on another
/// pool (a freeze or a cut in chat leaves the phone pool's leavers where they were) nor on
/// how many draws earlier days took: two scenarios that differ in one pool's hiring see the
/// same attrition luck in every other pool, which is what paired comparisons need.
pub fn workforce_rng(key: u64, pool: usize, day: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(mix(key ^ mix(pool as u64)) ^ day))
}

/// The key of problem number `serial` (from 0, in arrival order) in replication
/// `replication` of a run with seed `seed`.
pub fn problem_key(seed: u64, replication: u32, serial: u64) -> u64 {
    mix(stream_key(seed, replication, Stream::Problems) ^ mix(serial))
}

/// The generator of contact number `attempt` (from 1) about the problem with key `key`.
pub fn contact_rng(key: u64, attempt: u32) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(key ^ u64::from(attempt)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn each_pool_and_day_has_its_own_workforce_generator() {
        let key = workforce_key(2024, 3);
        let first = |p, d| workforce_rng(key, p, d).next_u64();
        assert_eq!(first(1, 40), first(1, 40));
        let mut seen = std::collections::HashSet::new();
        for p in 0..4 {
            for d in 0..1_000 {
                assert!(
                    seen.insert(first(p, d)),
                    "pool {p}, day {d} repeats a generator"
                );
            }
        }
    }

    #[test]
    fn streams_are_distinct_and_reproducible() {
        let first = |s, r, st| stream_rng(s, r, st).next_u64();
        assert_eq!(first(1, 0, Stream::Arrivals), first(1, 0, Stream::Arrivals));
        let mut seen = std::collections::HashSet::new();
        for seed in 0..4 {
            for rep in 0..50 {
                for st in [Stream::Arrivals, Stream::Problems] {
                    assert!(seen.insert(first(seed, rep, st)));
                }
                for serial in 0..100 {
                    for attempt in 1..4 {
                        let key = problem_key(seed, rep, serial);
                        assert!(seen.insert(contact_rng(key, attempt).next_u64()));
                    }
                }
            }
        }
    }
}
