//! The contact centre: arrivals, intents, distributions, pools of agents, and the event
//! handlers that tie them together ([`centre`]).
//!
//! These are the field's concepts, validated and ready to simulate: the [`Scenario`] the
//! engine runs ([`config`]), with its [`Timeline`], and the random [`streams`] every
//! replication draws from. The scenario module builds them from a file; the engine knows
//! nothing of them.

pub mod ai;
pub mod arrivals;
pub mod centre;
pub mod config;
mod contact;
pub mod customer;
pub mod distribution;
pub mod intent;
pub mod pool;
pub mod shift;
pub mod streams;
pub mod timeline;
pub mod workforce;

pub use ai::{AiBehaviour, AiOutcome, AiSettings};
pub use arrivals::{ArrivalPattern, ArrivalStream};
pub use centre::{Replication, simulate};
pub use config::{Scenario, Simulation, TrunkLimit, UnboundedQueue, Window};
pub use customer::{Churn, Repeats, Satisfaction};
pub use distribution::{Family, TimeDistribution};
pub use intent::{Channel, Intent};
pub use pool::{Gig, Pool, Staffing};
pub use shift::{Days, Pattern, Schedule, Shift, ShiftTemplate};
pub use timeline::{Step, Timeline, TimelineEvent};
pub use workforce::{HiringPolicy, Learning, Workforce, WorkforceState};
