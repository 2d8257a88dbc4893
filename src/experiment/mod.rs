//! Experiments: independent replications of a scenario, run in parallel, and their estimates.
//!
//! Replications are a fixed list of jobs, run with rayon's `par_iter` and collected in order.
//! Each replication draws only from its own streams ([`crate::model::streams`]), so the result does not depend
//! on which thread ran which replication: one thread and many give identical output.

pub mod budget;
pub mod design;
pub mod sensitivity;
pub mod stats;
pub mod sweep;

use rayon::prelude::*;

use crate::metrics::{Measure, Tally};
use crate::model::{Channel, Scenario};
use crate::model::{Replication, simulate};
pub use stats::{Estimate, estimate, estimate_of};

/// The replications of one scenario, in replication order.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// One result per replication.
    pub replications: Vec<Replication>,
}

/// Runs every replication of `scenario` (as many as `scenario.simulation.replications`) on
/// `threads` threads (`None`: one per core).
///
/// # Errors
///
/// [`rayon::ThreadPoolBuildError`] if the pool of worker threads cannot be built, which in
/// practice means the operating system refused to start a thread. The scenario is not
/// checked here; [`scenario::parse`](crate::scenario::parse) validates it.
///
/// # Example
///
/// ```
/// use staffsim::{experiment, metrics::Measure, scenario};
///
/// let text = r#"
/// [simulation]
/// horizon = "1d"
/// replications = 3
/// [arrivals]
/// rate = "120/h"
/// [[intents]]
/// name = "general"
/// share = 1.0
/// handle_time = { dist = "exponential", mean = "4m" }
/// [[pools]]
/// name = "agents"
/// agents = 10
/// "#;
/// let desk = scenario::parse(text, "desk.toml", "desk").unwrap();
/// let one = experiment::run(&desk, Some(1)).unwrap();
/// assert_eq!(one.replications.len(), 3);
///
/// // Each replication draws from its own streams: four threads give the same answer.
/// let four = experiment::run(&desk, Some(4)).unwrap();
/// let offered = one.estimate(Measure::Offered);
/// assert_eq!(offered, four.estimate(Measure::Offered));
/// assert_eq!(offered.n, 3);
/// assert!(offered.mean.unwrap() > 2_000.0); // about 120 × 24 = 2,880 a day
/// ```
pub fn run(
    scenario: &Scenario,
    threads: Option<usize>,
) -> Result<Experiment, rayon::ThreadPoolBuildError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        builder = builder.num_threads(t);
    }
    let pool = builder.build()?;
    let n = scenario.simulation.replications;
    let replications = pool.install(|| {
        (0..n)
            .into_par_iter()
            .map(|r| simulate(scenario, r))
            .collect()
    });
    Ok(Experiment { replications })
}

impl Experiment {
    /// The estimate of `measure` over the whole measurement window.
    pub fn estimate(&self, measure: Measure) -> Estimate {
        self.estimate_of(measure, |r| &r.tallies.total)
    }

    /// The estimate of `measure` for intent number `intent`. Labour is not spent per intent;
    /// the intent's share of it is allocated by its share of the human handle time, so that
    /// the cost measures are defined per intent too.
    pub fn estimate_for_intent(&self, measure: Measure, intent: usize) -> Estimate {
        self.estimate_for_intents(measure, &[intent])
    }

    /// The estimate of `measure` for the contacts of `channel` in `scenario` (the run's),
    /// its intents' tallies added up; labour is allocated as for an intent
    /// ([`Experiment::estimate_for_intent`]).
    pub fn estimate_for_channel(
        &self,
        scenario: &Scenario,
        measure: Measure,
        channel: Channel,
    ) -> Estimate {
        let intents: Vec<usize> = (0..scenario.intents.len())
            .filter(|&i| scenario.intents[i].channel == channel)
            .collect();
        self.estimate_for_intents(measure, &intents)
    }

    /// The estimate of `measure` over the intents numbered `intents` together, with their
    /// share of labour by their share of the human handle time.
    fn estimate_for_intents(&self, measure: Measure, intents: &[usize]) -> Estimate {
        let values: Vec<f64> = self
            .replications
            .iter()
            .map(|r| {
                let total = &r.tallies.total;
                let mut t = Tally::default();
                for &i in intents {
                    t.merge(&r.tallies.intents[i]);
                }
                // The floor's labour, paid time and hires alike, by share of handle time.
                let allocated = |cost: f64| {
                    if total.handle_time > 0.0 {
                        cost * t.handle_time / total.handle_time
                    } else {
                        0.0
                    }
                };
                t.time.labour_cost = allocated(total.time.labour_cost);
                t.hiring_cost = allocated(total.hiring_cost);
                t.value(measure)
            })
            .collect();
        estimate_of(measure, &values)
    }

    /// The estimate of `measure` for pool number `pool` (see [`Measure::PER_POOL`]).
    pub fn estimate_for_pool(&self, measure: Measure, pool: usize) -> Estimate {
        self.estimate_of(measure, |r| &r.tallies.pools[pool])
    }

    fn estimate_of(&self, measure: Measure, tally: impl Fn(&Replication) -> &Tally) -> Estimate {
        let values: Vec<f64> = self
            .replications
            .iter()
            .map(|r| tally(r).value(measure))
            .collect();
        estimate_of(measure, &values)
    }

    /// The per-interval tallies pooled over replications (sums; divide counts by the number
    /// of replications for a per-replication average).
    pub fn pooled_intervals(&self) -> Vec<Tally> {
        let mut pooled = self
            .replications
            .first()
            .map(|r| vec![Tally::default(); r.tallies.intervals.len()])
            .unwrap_or_default();
        for r in &self.replications {
            for (p, t) in pooled.iter_mut().zip(&r.tallies.intervals) {
                p.merge(t);
            }
        }
        pooled
    }

    /// Contacts simulated over all replications, warm-up included.
    pub fn contacts(&self) -> u64 {
        self.replications.iter().map(|r| r.contacts).sum()
    }
}
