//! What a run will take, estimated before it starts: the contacts it simulates and the memory
//! it holds.
//!
//! A scenario inside every documented limit can still ask for more than the machine has: a
//! desk whose customers never abandon, offered ten million contacts a day for a hundred agents,
//! queues twenty million contacts by the end of two days; a million replications keep a
//! million sets of tallies; a million-point sweep keeps a scenario and a row of measures per
//! point. Left alone, such a run fills the memory and the operating system kills it (or the
//! allocator aborts) after minutes of work, with nothing written and no word of why. The
//! estimate here is made from the settings alone, in microseconds, so the command can refuse
//! the run with the reason and the way out before it simulates anything, or warn when it is
//! large but fits.
//!
//! **The model of memory.** Memory follows the contacts *in the system* (the engine keeps
//! nothing per contact once it leaves) and the tallies each finished replication keeps:
//!
//! - contacts in the system at the peak, per replication running at once: by Little's law,
//!   intent by intent, its arrival rate times how long its contacts stay (the assistant's
//!   conversation when it is live, the wait up to the patience, the human handling), plus,
//!   for customers who never abandon with too little room under every setting the run puts
//!   in force and no workforce ([`Scenario::unbounded_queue`]), the queue's growth over the
//!   horizon; a trunk limit (`simulation.max_in_system`) caps it. Each costs
//!   [`BYTES_PER_CONTACT`]. A queue that grows only for a while (until the timeline adds
//!   agents or turns the assistant on, until hiring fills a pool) is not counted: refusing
//!   it would refuse runs that fit, and the engine's contact limit
//!   ([`crate::engine::interrupt::set_contact_limit`]) stops such a run if it does outgrow
//!   the memory.
//! - per replication kept: its tallies ([`replication_bytes`]: one per reporting interval,
//!   intent, pool, month and window) and its row of the report
//!   ([`REPORT_BYTES_PER_REPLICATION`]); per sweep point, its scenario ([`BYTES_PER_POINT`])
//!   and a row of measures per replication ([`record_bytes`]).
//!
//! The estimate is a planning figure, not a bound: repeat contacts, a timeline that changes
//! the settings and the daily profile's peaks are left out, so the peak can be higher. It is
//! meant to catch the runs that are off by a factor, not to budget the last megabyte.

use std::mem::size_of;

use crate::metrics::{MonthTallies, Tally};
use crate::model::{Replication, Scenario, TrunkLimit};

/// Memory one contact in the system holds, bytes: its record in the slab, its events in the
/// calendar and its place in a queue, with the slack of growing vectors. Measured: a desk
/// whose queue grew to 19.7 million contacts peaked at 4.0 GB (204 bytes each); rounded up.
pub const BYTES_PER_CONTACT: f64 = 256.0;

/// Memory a point of a sweep holds besides its replications, bytes: its scenario, kept from
/// validation to the end, the copy the run seeds, and its rows of the output files. Measured:
/// a million-point sweep of two replications a point peaked at 21.8 GB (about 21 KB a point
/// beside its two rows of measures); rounded up.
pub const BYTES_PER_POINT: f64 = 24_000.0;

/// Memory one replication of a sweep point keeps, bytes: a value of every measure and its
/// header ([`crate::experiment::sweep::ReplicationRecord`]).
pub fn record_bytes() -> f64 {
    (size_of::<crate::experiment::sweep::ReplicationRecord>()
        + crate::metrics::Measure::ALL.len() * size_of::<f64>()) as f64
}

/// Memory the report of a run keeps per replication besides its tallies, bytes: the row of
/// every measure `summary.json` lists per replication, built as JSON before it is written.
/// Measured: 28 KB a replication of a one-intent desk whose tallies take 5 KB; rounded up.
pub const REPORT_BYTES_PER_REPLICATION: f64 = 24_000.0;

/// A run larger than this is worth a warning before it starts, bytes (2 GiB).
pub const WARN_BYTES: f64 = 2.0 * 1024.0 * 1024.0 * 1024.0;

/// A run that simulates more contacts than this is worth a warning before it starts, with
/// the time it may take (a billion contacts is several minutes on one core).
pub const WARN_CONTACTS: f64 = 1e9;

/// What running a scenario (or a sweep of them) will take, estimated from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Budget {
    /// Contacts the replications simulate, first contacts only (repeat contacts add to
    /// them), warm-up included, over every replication (and point), contacts.
    pub contacts: f64,
    /// Most contacts in the system at once in one replication, contacts.
    pub peak_in_system: f64,
    /// Replications simulated at once (the threads, or fewer replications).
    pub at_once: usize,
    /// Memory at the peak: the contacts in the system of the replications running at once,
    /// and what the finished replications (and a sweep's points) keep, bytes.
    pub bytes: f64,
    /// Whether the peak comes from a queue that grows without bound (customers who never
    /// abandon, too few agents): the way out is then agents or patience, not fewer
    /// replications.
    pub growing_queue: bool,
}

/// Memory the tallies of one finished replication of `scenario` keep, bytes: a tally per
/// reporting interval, intent and pool, and per month and report window a tally for the
/// floor, each intent and each pool.
pub fn replication_bytes(scenario: &Scenario) -> f64 {
    let sim = &scenario.simulation;
    let tally = size_of::<Tally>() as f64;
    let intents = scenario.intents.len() as f64;
    let pools = scenario.pools.len() as f64;
    let intervals = (sim.horizon / sim.interval).ceil().max(1.0);
    let months = sim.calendar.months_in(sim.horizon) as f64 + sim.windows.len() as f64;
    let month = size_of::<MonthTallies>() as f64 + (intents + pools) * tally;
    size_of::<Replication>() as f64 + (intervals + intents + pools) * tally + months * month
}

/// Most contacts in the system at once in one replication of `scenario` (see the module
/// docs), contacts, and whether a queue that grows without bound makes it.
fn peak_in_system(scenario: &Scenario) -> (f64, bool) {
    let sim = &scenario.simulation;
    let ai_live = scenario.ai_ever_enabled();
    // Little's law, intent by intent: its arrivals times its mean stay (the assistant's
    // conversation when the assistant is live, the wait up to its patience, the handling).
    let mut peak: f64 = scenario
        .intents
        .iter()
        .map(|i| {
            let ai = match (&i.ai, ai_live) {
                (Some(a), true) => a.handle_time.mean(),
                _ => 0.0,
            };
            let patience = i.patience.as_ref().map_or(0.0, |p| p.mean());
            scenario.arrivals.mean_rate * i.share * (ai + patience + i.handle_time.mean())
        })
        .sum();
    // A queue that grows over the whole horizon: only one that grows under every setting the
    // run puts in force, with no workforce to change the headcount. A queue that grows for a
    // while only (before the timeline adds agents or turns the assistant on, before hiring
    // fills a pool) is left to the engine's contact limit, which stops what this estimate
    // cannot foresee: refusing it here would refuse runs that fit.
    let growth = if scenario.has_workforce() {
        0.0
    } else {
        scenario
            .phases()
            .map(|s| s.unbounded_queue().map_or(0.0, |q| q.growth))
            .fold(f64::INFINITY, f64::min)
    };
    peak += growth * sim.horizon;
    let cap = match sim.max_in_system {
        Some(TrunkLimit::Floor(n)) => f64::from(n),
        Some(TrunkLimit::ByChannel(limits)) => {
            // Capped only when every channel the intents use has a limit.
            let used = |c: usize| {
                scenario
                    .intents
                    .iter()
                    .any(|i| i.share > 0.0 && i.channel.index() == c)
            };
            if (0..3).all(|c| !used(c) || limits[c].is_some()) {
                (0..3).filter_map(|c| limits[c]).map(f64::from).sum()
            } else {
                f64::INFINITY
            }
        }
        None => f64::INFINITY,
    };
    (peak.min(cap), growth > 0.0 && peak <= cap)
}

impl Budget {
    /// The budget of running every replication of `scenario` on `threads` threads.
    pub fn of_run(scenario: &Scenario, threads: usize) -> Budget {
        let sim = &scenario.simulation;
        let replications = f64::from(sim.replications);
        let at_once = threads.clamp(1, sim.replications.max(1) as usize);
        let (peak, growing_queue) = peak_in_system(scenario);
        Budget {
            contacts: scenario.arrivals.mean_rate * sim.horizon * replications,
            peak_in_system: peak,
            at_once,
            bytes: at_once as f64 * peak * BYTES_PER_CONTACT
                + replications * (replication_bytes(scenario) + REPORT_BYTES_PER_REPLICATION),
            growing_queue,
        }
    }

    /// The budget of a sweep whose points (those this process runs) are `points`, on
    /// `threads` threads, each point running up to `adaptive` replications if more than its
    /// own (an adaptive sweep's cap): each point keeps its scenario and a row of measures
    /// per replication, and the replications running at once hold their contacts in the
    /// system (the largest of any point's, to be safe).
    pub fn of_sweep<'a>(
        points: impl IntoIterator<Item = &'a Scenario>,
        threads: usize,
        adaptive: Option<u32>,
    ) -> Budget {
        let mut total = Budget::default();
        let mut replications_in_all = 0usize;
        for s in points {
            let replications = s.simulation.replications.max(adaptive.unwrap_or(0));
            replications_in_all += replications as usize;
            let one = Budget::of_run(s, threads);
            total.contacts +=
                one.contacts / f64::from(s.simulation.replications) * f64::from(replications);
            if one.peak_in_system > total.peak_in_system {
                total.peak_in_system = one.peak_in_system;
                total.growing_queue = one.growing_queue;
            }
            total.bytes += BYTES_PER_POINT + f64::from(replications) * record_bytes();
        }
        total.at_once = threads.clamp(1, replications_in_all.max(1));
        total.bytes += total.at_once as f64 * total.peak_in_system * BYTES_PER_CONTACT;
        total
    }

    /// The budget of a sweep of `points` points of `replications` replications each, known
    /// before they are built: what the points and their rows of measures keep, a floor that
    /// refuses a sweep too large to validate before validating it.
    pub fn of_points(points: usize, replications: u32) -> Budget {
        let replications = f64::from(replications);
        Budget {
            bytes: points as f64 * (BYTES_PER_POINT + replications * record_bytes()),
            ..Budget::default()
        }
    }

    /// Judges the budget against `memory` bytes (the machine's): `Err` with the reason and
    /// the way out when the run would need more, else the warnings worth giving (a run of
    /// more than [`WARN_BYTES`] or [`WARN_CONTACTS`]).
    ///
    /// # Errors
    ///
    /// The message when [`bytes`](Self::bytes) exceeds `memory`.
    pub fn check(&self, memory: f64) -> Result<Vec<String>, String> {
        let size = Bytes(self.bytes);
        let why = if self.growing_queue {
            format!(
                "customers who never abandon queue faster than the agents answer them, so about \
                 {} contacts are in the system by the end of each replication; add agents, give \
                 the intents a `patience`, set `simulation.max_in_system`, shorten the horizon, \
                 or run fewer replications at once with --threads",
                Count(self.peak_in_system)
            )
        } else if self.at_once as f64 * self.peak_in_system * BYTES_PER_CONTACT > self.bytes / 2.0 {
            format!(
                "about {} contacts are in the system at once in each of the {} replications \
                 running together; lower the rate or `simulation.scale`, or run fewer at once \
                 with --threads",
                Count(self.peak_in_system),
                self.at_once
            )
        } else {
            "most of it is what the finished replications (and a sweep's points) keep; run \
             fewer replications or a longer `simulation.interval`, or, in a sweep, fewer points \
             or one shard at a time (--shard)"
                .to_string()
        };
        if self.bytes > memory {
            return Err(format!(
                "this run would need about {size} of memory, more than the {} this machine has \
                 (or STAFFSIM_MEMORY states): {why}",
                Bytes(memory)
            ));
        }
        let mut warnings = Vec::new();
        if self.bytes > WARN_BYTES {
            warnings.push(format!("this run will hold about {size} of memory: {why}"));
        }
        if self.contacts > WARN_CONTACTS {
            warnings.push(format!(
                "this run simulates about {} contacts, some minutes per billion on each core",
                Count(self.contacts)
            ));
        }
        Ok(warnings)
    }
}

/// A memory size for a message: "3.2 GB", "640 MB" (decimal units).
struct Bytes(f64);

impl std::fmt::Display for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.0;
        if b >= 1e12 {
            write!(f, "{:.1} TB", b / 1e12)
        } else if b >= 1e9 {
            write!(f, "{:.1} GB", b / 1e9)
        } else {
            write!(f, "{:.0} MB", (b / 1e6).max(1.0))
        }
    }
}

/// A large count for a message: "19.7 million", "1.2 billion", "350,000".
struct Count(f64);

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        if n >= 1e12 {
            write!(f, "{n:.1e}")
        } else if n >= 1e9 {
            write!(f, "{:.1} billion", n / 1e9)
        } else if n >= 1e6 {
            write!(f, "{:.1} million", n / 1e6)
        } else {
            f.write_str(&crate::units::grouped(n, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk(extra: &str) -> Scenario {
        desk_with(extra, "")
    }

    /// The desk with `extra` in `[simulation]` and `intent` in its one intent.
    fn desk_with(extra: &str, intent: &str) -> Scenario {
        let text = format!(
            r#"
[simulation]
horizon = "2d"
replications = 10
{extra}
[arrivals]
rate = "10M/d"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "1m" }}
{intent}
[[pools]]
name = "agents"
agents = 100
"#
        );
        crate::scenario::parse(&text, "desk.toml", "desk").unwrap()
    }

    /// Ten million a day for 100 agents answering 100 a minute: the queue grows by
    /// 10⁷/86,400 − 100/60 ≈ 114.07 contacts a second for two days, 19.7 million, each
    /// replication running at once holding them.
    #[test]
    fn a_queue_without_patience_grows_over_the_horizon() {
        let s = desk("");
        let b = Budget::of_run(&s, 2);
        let growth = 1e7 / 86_400.0 - 100.0 / 60.0;
        let expected = growth * 172_800.0 + 1e7 / 86_400.0 * 60.0;
        assert!((b.peak_in_system - expected).abs() < 1e-6 * expected);
        assert!(b.growing_queue);
        assert_eq!(b.at_once, 2);
        assert!(b.bytes > 2.0 * expected * BYTES_PER_CONTACT);
        // Fits in 24 GB with a warning; refused in 4 GB, saying what to change.
        let warnings = b.check(24e9).unwrap();
        assert!(
            warnings[0].contains("19.7 million contacts"),
            "{warnings:?}"
        );
        let refused = b.check(4e9).unwrap_err();
        assert!(
            refused.contains("patience") && refused.contains("4.0 GB"),
            "{refused}"
        );
        // One thread holds one replication's contacts.
        assert!(Budget::of_run(&s, 1).bytes < 0.6 * b.bytes);
    }

    /// A queue that grows only until the timeline adds agents is not counted over the horizon
    /// (the engine's contact limit is its backstop): the run is not refused.
    #[test]
    fn a_queue_the_timeline_relieves_is_not_counted() {
        let text = r#"
[simulation]
horizon = "2d"
replications = 10
[arrivals]
rate = "10M/d"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "1m" }
[[pools]]
name = "agents"
agents = 100
[[timeline]]
at = "1h"
set = { "pools.agents.agents" = 8000 }
"#;
        let s = crate::scenario::parse(text, "desk.toml", "desk").unwrap();
        let b = Budget::of_run(&s, 2);
        assert!(!b.growing_queue);
        assert!((b.peak_in_system - 1e7 / 86_400.0 * 60.0).abs() < 1e-6);
        assert!(b.check(4e9).is_ok());
    }

    /// A trunk limit caps the contacts in the system, and then no queue grows.
    #[test]
    fn a_trunk_limit_caps_the_peak() {
        let b = Budget::of_run(&desk("max_in_system = 5000"), 2);
        assert_eq!(b.peak_in_system, 5000.0);
        assert!(!b.growing_queue);
        assert!(b.check(24e9).unwrap().is_empty());
    }

    /// Patience bounds the stay: λ × (patience + handle time), by Little's law.
    #[test]
    fn patience_bounds_the_stay() {
        let s = desk_with("", "patience = { dist = \"exponential\", mean = \"2m\" }");
        let b = Budget::of_run(&s, 2);
        assert!(!b.growing_queue);
        let expected = 1e7 / 86_400.0 * 180.0;
        assert!((b.peak_in_system - expected).abs() < 1e-6 * expected);
        // 21,000 contacts: nothing to warn of but the contacts simulated (20 million a
        // replication, 200 million in all, under a billion).
        assert!(b.check(24e9).unwrap().is_empty());
    }

    /// What a finished replication keeps grows with its reporting intervals and months, and
    /// a million replications of two days in half-hours is refused on 24 GB.
    #[test]
    fn kept_replications_count() {
        let s = desk("interval = \"30m\"");
        let short = replication_bytes(&s);
        let fine = replication_bytes(&desk("interval = \"1m\""));
        assert!(fine > 20.0 * short);
        let mut many = desk("interval = \"1m\"\nmax_in_system = 200");
        many.simulation.replications = 1_000_000;
        let refused = Budget::of_run(&many, 2).check(24e9).unwrap_err();
        assert!(refused.contains("fewer replications"), "{refused}");
    }

    #[test]
    fn counts_and_sizes_read_well() {
        assert_eq!(Count(350_000.4).to_string(), "350,000");
        assert_eq!(Count(19_700_000.0).to_string(), "19.7 million");
        assert_eq!(Count(1.2e9).to_string(), "1.2 billion");
        assert_eq!(Bytes(3.24e9).to_string(), "3.2 GB");
        assert_eq!(Bytes(640e6).to_string(), "640 MB");
        assert_eq!(Bytes(2e12).to_string(), "2.0 TB");
    }
}
