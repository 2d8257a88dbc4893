//! What a run measures: streaming accumulators ([`Tally`]) and the list of measures
//! ([`Measure`]) with their names, units and definitions.
//!
//! A [`Tally`] holds raw sums (counts, waits, agent-seconds) and nothing derived, so that
//! tallies of intervals, intents or replications can be added together and every ratio is
//! computed once, in [`Tally::value`], from one definition. Memory is fixed: a tally does not
//! keep contacts.

mod measure;
mod recorder;
mod tally;
mod target;

pub use measure::{Measure, ResolverView, Section, Unit};
pub use recorder::{InSystemSplit, MonthTallies, Recorder, RunTallies};
pub use tally::{ByResolver, Resolver, ResolverTally, StateSnapshot, Tally, TimeWeighted};
pub use target::{Bound, MetBy, Target, Targets};
