//! Reading the case's runs: a figure is a measure over a range of report months, per
//! replication.
//!
//! The months' tallies are summed first and the ratio taken after (a quarter's service level
//! is answered in time over offered in the quarter, not the mean of three monthly levels), for
//! the contacts or the pool a [`Keep`] selects; each replication gives one value, and the 95 %
//! interval comes from the replications. A report window (`[[windows]]`, such as the case's
//! `first_month`) is read the same way. Shared by `examples/klarna` (the README's figures) and
//! `tests/it/klarna.rs` (the checks), so that both read a run the same way.

use std::ops::Range;

use staffsim::experiment::{Experiment, estimate};
use staffsim::metrics::{Measure, MonthTallies, RunTallies, Tally};
use staffsim::model::{Channel, Scenario};

use super::criteria::{Criterion, Q1_2023, Q1_2025, Q3_2025, V1_COST_FALL, V2_AI_FTE, V2_AI_SHARE};

/// Which contacts, or which pool, a figure counts.
#[derive(Debug, Clone, Copy)]
pub enum Keep<'a> {
    /// Every contact, and the floor's time-weighted part (headcount, cost).
    All,
    /// The contacts of one channel.
    Channel(Channel),
    /// The contacts of one intent, by name.
    Intent(&'a str),
    /// The agents of one pool, by index (headcount, cost, hires, departures).
    Pool(usize),
}

/// A run of the case: its scenario and what the experiment recorded.
pub struct Run {
    /// The scenario as run (scaled).
    pub scenario: Scenario,
    /// Every replication's tallies.
    pub experiment: Experiment,
}

impl Run {
    /// The tally of `months` (0-based report months), per replication, for what `keep`
    /// selects.
    pub fn tallies(&self, months: Range<usize>, keep: Keep) -> Vec<Tally> {
        self.tallies_of(keep, |r| months.clone().map(|m| &r.months[m]).collect())
    }

    /// The tally of the case's report window `name` (`[[windows]]`), per replication, for
    /// what `keep` selects.
    ///
    /// # Panics
    ///
    /// If the scenario has no such window.
    pub fn window(&self, name: &str, keep: Keep) -> Vec<Tally> {
        let w = self
            .scenario
            .simulation
            .windows
            .iter()
            .position(|w| w.name == name)
            .unwrap_or_else(|| panic!("the case has no window {name:?}"));
        self.tallies_of(keep, |r| vec![&r.windows[w]])
    }

    /// `measure` over the report window `name`, per replication.
    pub fn window_values(&self, measure: Measure, name: &str, keep: Keep) -> Vec<f64> {
        self.window(name, keep)
            .iter()
            .map(|t| t.value(measure))
            .collect()
    }

    /// The sum of the months (or windows) `parts` picks from each replication, for `keep`.
    fn tallies_of(
        &self,
        keep: Keep,
        parts: impl Fn(&RunTallies) -> Vec<&MonthTallies>,
    ) -> Vec<Tally> {
        self.experiment
            .replications
            .iter()
            .map(|r| {
                let mut t = Tally::default();
                for month in parts(&r.tallies) {
                    let kept = |i: usize| match keep {
                        Keep::Channel(c) => self.scenario.intents[i].channel == c,
                        Keep::Intent(name) => self.scenario.intents[i].name == name,
                        Keep::All | Keep::Pool(_) => false,
                    };
                    match keep {
                        Keep::All => t.merge(&month.total),
                        Keep::Pool(p) => t.merge(&month.pools[p]),
                        Keep::Channel(_) | Keep::Intent(_) => {
                            for (i, it) in month.intents.iter().enumerate() {
                                if kept(i) {
                                    t.merge(it);
                                }
                            }
                            // Time-weighted parts are per month, not per intent.
                            t.time.length += month.total.time.length;
                        }
                    }
                }
                t
            })
            .collect()
    }

    /// `measure` over `months`, per replication.
    pub fn values(&self, measure: Measure, months: Range<usize>, keep: Keep) -> Vec<f64> {
        self.tallies(months, keep)
            .iter()
            .map(|t| t.value(measure))
            .collect()
    }

    /// `[low, high]`, the 95 % interval of `measure` over `months` across replications.
    ///
    /// # Panics
    ///
    /// With fewer than two replications (no interval).
    pub fn interval(&self, measure: Measure, months: Range<usize>, keep: Keep) -> [f64; 2] {
        let e = estimate(&self.values(measure, months, keep));
        e.ci95.expect("two replications or more give an interval")
    }

    /// Per replication, the fall in labour + AI cost per new problem from `from` to `to`, as
    /// a share (0.4: 40 % lower).
    pub fn cost_per_problem_fall(&self, from: Range<usize>, to: Range<usize>) -> Vec<f64> {
        let per_problem = |t: &Tally| {
            (t.value(Measure::CostLabour) + t.value(Measure::CostAi)) / t.value(Measure::Problems)
        };
        let a = self.tallies(from, Keep::All);
        let b = self.tallies(to, Keep::All);
        a.iter()
            .zip(&b)
            .map(|(a, b)| 1.0 - per_problem(b) / per_problem(a))
            .collect()
    }

    /// The model's value of each held-out figure, per replication, in its criterion's unit
    /// (shares as shares, full-time agents at full scale: the run's `scale` divides them out).
    pub fn held_out(&self, scale: f64) -> Vec<(Criterion, Vec<f64>)> {
        let fte = self
            .values(Measure::AiFteEquivalent, Q3_2025, Keep::All)
            .iter()
            .map(|v| v / scale)
            .collect();
        vec![
            (V1_COST_FALL, self.cost_per_problem_fall(Q1_2023, Q1_2025)),
            (
                V2_AI_SHARE,
                self.values(Measure::AiShare, Q3_2025, Keep::Channel(Channel::Chat)),
            ),
            (V2_AI_FTE, fte),
        ]
    }
}
