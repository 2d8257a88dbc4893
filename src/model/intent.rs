//! Intents: why customers contact the centre, each with its own handle time and patience.

use super::distribution::TimeDistribution;

/// A reason for contact ("order status", "refund", "payment dispute") with its share of the
/// arrivals and how long it takes.
#[derive(Debug, Clone)]
pub struct Intent {
    /// Name as written in the scenario.
    pub name: String,
    /// Share of arriving contacts with this intent, in [0, 1]; the shares sum to 1.
    pub share: f64,
    /// Time an agent spends on one contact (talk, typing and wrap-up), seconds.
    pub handle_time: TimeDistribution,
    /// How long a customer waits in queue before abandoning, seconds; `None` means the
    /// customer never abandons (the Erlang C assumption).
    pub patience: Option<TimeDistribution>,
    /// Routing priority: a free agent takes the waiting contact of highest priority first,
    /// then the one that has waited longest. Default 0.
    pub priority: i32,
}
