//! Intents: why customers contact the centre, each with its own channel, handle time,
//! patience, priority, chance that a human resolves it, and AI behaviour.

use super::ai::AiBehaviour;
use super::distribution::TimeDistribution;

/// The medium of a contact. It decides whether a customer can hang up while waiting and what
/// the usual service-level threshold is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Live chat: customers wait in a queue and may leave; agents may hold several at once.
    Chat,
    /// Phone: customers wait on hold and may hang up.
    Voice,
    /// Email or web form: nobody hangs up; the target is a response time.
    Email,
}

impl Channel {
    /// Every channel, in the order reports list them (and of [`Channel::index`]).
    pub const ALL: [Channel; 3] = [Channel::Chat, Channel::Voice, Channel::Email];

    /// The channel's place in [`Channel::ALL`], from 0: the index of per-channel arrays such
    /// as a [`TrunkLimit::ByChannel`](super::TrunkLimit::ByChannel).
    pub fn index(self) -> usize {
        match self {
            Channel::Chat => 0,
            Channel::Voice => 1,
            Channel::Email => 2,
        }
    }

    /// The channel's name as written in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Voice => "voice",
            Channel::Email => "email",
        }
    }
}

/// A reason for contact ("order status", "refund", "payment dispute") with its share of the
/// arrivals and how it is handled.
#[derive(Debug, Clone)]
pub struct Intent {
    /// Name as written in the scenario.
    pub name: String,
    /// The channel its contacts come through.
    pub channel: Channel,
    /// Share of arriving contacts with this intent, in [0, 1]; the shares sum to 1.
    pub share: f64,
    /// Time an agent spends on one contact (talk, typing and wrap-up), seconds.
    pub handle_time: TimeDistribution,
    /// How long a customer waits in queue before abandoning, seconds; `None` means the
    /// customer never abandons (the Erlang C assumption, and always so for email).
    pub patience: Option<TimeDistribution>,
    /// Coefficient of variation of the intent's own day-to-day multiplier of its volume
    /// (gamma, mean 1), on top of the floor's `arrivals.daily_noise`; `None`: none.
    pub daily_noise: Option<f64>,
    /// Routing priority: a free agent takes the waiting contact of highest priority first,
    /// then the one that has waited longest. Default 0.
    pub priority: i32,
    /// Service-level threshold for this intent's contacts, seconds (for email, the
    /// response-time target); `None` uses the scenario's.
    pub service_level_threshold: Option<f64>,
    /// Probability that a human agent truly resolves the problem, in [0, 1].
    pub human_resolution: f64,
    /// What the AI assistant does with this intent; `None` if it does not take it.
    pub ai: Option<AiBehaviour>,
    /// Base satisfaction score (1–5) when a human handles the contact.
    pub satisfaction_human: f64,
    /// Base satisfaction score (1–5) when the AI assistant closes the contact.
    pub satisfaction_ai: f64,
}
