//! Random streams: one portable generator per purpose, derived in one place.
//!
//! Each replication has one stream for arrivals (times and intents), and every contact has
//! streams of its own, keyed by its problem's serial number and its attempt number: one stream
//! per [`Purpose`] (handle time, patience, the AI conversation, resolution, the survey, churn,
//! the delay before coming back, which agent answers). So a change to one part of a scenario
//! (more agents, a better assistant) does not shift which customers arrive or what any other
//! customer draws: replication k of every scenario in a sweep sees the same customers, which is
//! what common random numbers need. And because each purpose has its own stream, a draw that
//! one scenario makes and another does not (the AI conversation of an intent the assistant
//! takes in one sweep point only, the delay of the `[repeats]` table, a gamma handle time whose
//! rejection sampler takes a varying number of values) never shifts the contact's other draws.
//!
//! The replication-wide streams are xoshiro256++; a contact's purpose streams are SplitMix64
//! (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
//! which starts from one 64-bit word at the cost of one addition, where a purpose stream
//! makes only one to a few draws. Both are specified bit for bit, so the same seed gives the
//! same run on every machine.

use std::convert::Infallible;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{SeedableRng, TryRng};

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

/// What a contact draws a random value for. Each purpose has a stream of its own
/// ([`ContactStreams::rng`]), so whether one draw is made never changes another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// The handle time, before pool and escalation factors.
    HandleTime = 1,
    /// How long the customer will wait (if the intent has a patience).
    Patience = 2,
    /// Whether the customer opts out of the AI (a uniform).
    OptOut = 3,
    /// How the AI conversation ends (a uniform).
    AiOutcome = 4,
    /// Whether the agent resolves the problem (a uniform).
    Resolution = 5,
    /// Whether the customer answers the survey (a uniform).
    Survey = 6,
    /// Whether the customer churns (a uniform).
    Churn = 7,
    /// The AI conversation's duration (if the intent has an AI behaviour).
    AiDuration = 8,
    /// The delay before coming back if unresolved (if the scenario has `[repeats]`).
    RepeatDelay = 9,
    /// Which agent of the pool answers, by experience (a uniform).
    Agent = 10,
}

impl Purpose {
    /// Every purpose, in declaration order.
    pub const ALL: [Purpose; 10] = [
        Purpose::HandleTime,
        Purpose::Patience,
        Purpose::OptOut,
        Purpose::AiOutcome,
        Purpose::Resolution,
        Purpose::Survey,
        Purpose::Churn,
        Purpose::AiDuration,
        Purpose::RepeatDelay,
        Purpose::Agent,
    ];
}

/// The random streams of one contact: contact number `attempt` (from 1) about one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactStreams {
    key: u64,
}

impl ContactStreams {
    /// The streams of contact number `attempt` (from 1) about the problem with key `key`
    /// (see [`problem_key`]).
    pub fn new(problem: u64, attempt: u32) -> Self {
        Self {
            key: mix(problem ^ u64::from(attempt)),
        }
    }

    /// The generator of `purpose`: the same for this contact in every scenario, whatever the
    /// contact's other purposes draw.
    #[inline]
    pub fn rng(&self, purpose: Purpose) -> SplitMix64 {
        SplitMix64 {
            state: mix(self.key ^ (purpose as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)),
        }
    }

    /// A uniform draw in [0, 1) for `purpose`: the first value of its stream.
    #[inline]
    pub fn uniform(&self, purpose: Purpose) -> f64 {
        crate::model::distribution::unit_interval(&mut self.rng(purpose))
    }
}

/// The SplitMix64 generator: a Weyl sequence (the state steps by the golden ratio) through
/// SplitMix64's finaliser. Cheap to start from any 64-bit word, which is what a stream that
/// makes one to a few draws needs; its output passes BigCrush.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl TryRng for SplitMix64 {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        // `mix` adds the golden-ratio increment before finalising; the state takes the step.
        let out = mix(self.state);
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        Ok(out)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let word = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
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
                        let streams = ContactStreams::new(problem_key(seed, rep, serial), attempt);
                        for purpose in Purpose::ALL {
                            assert!(seen.insert(streams.rng(purpose).next_u64()));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The first outputs of Vigna's splitmix64.c seeded with 1234567.
        let mut rng = SplitMix64 { state: 1_234_567 };
        let got: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423
            ]
        );
    }

    #[test]
    fn a_purpose_stream_does_not_depend_on_the_others() {
        let streams = ContactStreams::new(problem_key(7, 0, 42), 2);
        // Drawing from one purpose (any number of values) leaves every other one as it was.
        let firsts: Vec<u64> = Purpose::ALL
            .iter()
            .map(|&p| streams.rng(p).next_u64())
            .collect();
        let mut ai = streams.rng(Purpose::AiDuration);
        for _ in 0..1_000 {
            ai.next_u64();
        }
        let again: Vec<u64> = Purpose::ALL
            .iter()
            .map(|&p| streams.rng(p).next_u64())
            .collect();
        assert_eq!(firsts, again);
    }
}
