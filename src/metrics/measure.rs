//! The measures staffsim reports, in one list: key, label, unit and definition.

use serde::Serialize;

/// A measure of a contact centre's performance over a measurement window.
///
/// Contacts are counted in the window in which they **arrived** (after the warm-up); a contact
/// still waiting when the run ends is counted in `offered` and `waiting_at_end` but in no
/// ratio, because its outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Contacts that arrived in the window (count).
    Offered,
    /// Offered contacts that an agent answered (count).
    Answered,
    /// Offered contacts whose customer hung up or left before an answer (count).
    Abandoned,
    /// Offered contacts still waiting at the end of the run (count).
    WaitingAtEnd,
    /// Abandoned / (answered + abandoned): share of contacts with a known outcome that were lost.
    AbandonmentRate,
    /// Answered within the threshold / (answered + abandoned). Abandoned contacts count as
    /// not answered within the threshold, whenever they left.
    ServiceLevel,
    /// Share of contacts with a known outcome that found no free agent on arrival and had to
    /// queue (the delay probability of Erlang C).
    ProbabilityOfWait,
    /// Average speed of answer: mean wait of answered contacts, seconds.
    AsaSeconds,
    /// Mean wait of all contacts with a known outcome (answered: until answer; abandoned:
    /// until they left), seconds.
    MeanWaitSeconds,
    /// Average handle time of answered contacts, seconds.
    AhtSeconds,
    /// Busy agent-time / staffed agent-time: the share of paid time on the floor spent
    /// handling contacts.
    Occupancy,
    /// Time-average number of contacts waiting in queue.
    MeanQueue,
    /// Largest number of contacts waiting at once.
    LongestQueue,
    /// Time-average number of agents on duty.
    AgentsOnDuty,
}

impl Measure {
    /// Every measure, in report order.
    pub const ALL: [Measure; 14] = [
        Measure::Offered,
        Measure::Answered,
        Measure::Abandoned,
        Measure::WaitingAtEnd,
        Measure::AbandonmentRate,
        Measure::ServiceLevel,
        Measure::ProbabilityOfWait,
        Measure::AsaSeconds,
        Measure::MeanWaitSeconds,
        Measure::AhtSeconds,
        Measure::Occupancy,
        Measure::MeanQueue,
        Measure::LongestQueue,
        Measure::AgentsOnDuty,
    ];

    /// The key used in JSON and CSV output.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Offered => "offered",
            Measure::Answered => "answered",
            Measure::Abandoned => "abandoned",
            Measure::WaitingAtEnd => "waiting_at_end",
            Measure::AbandonmentRate => "abandonment_rate",
            Measure::ServiceLevel => "service_level",
            Measure::ProbabilityOfWait => "probability_of_wait",
            Measure::AsaSeconds => "asa_seconds",
            Measure::MeanWaitSeconds => "mean_wait_seconds",
            Measure::AhtSeconds => "aht_seconds",
            Measure::Occupancy => "occupancy",
            Measure::MeanQueue => "mean_queue",
            Measure::LongestQueue => "longest_queue",
            Measure::AgentsOnDuty => "agents_on_duty",
        }
    }

    /// A label for tables, with the unit.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Offered => "Offered [contacts]",
            Measure::Answered => "Answered [contacts]",
            Measure::Abandoned => "Abandoned [contacts]",
            Measure::WaitingAtEnd => "Waiting at end [contacts]",
            Measure::AbandonmentRate => "Abandonment rate [%]",
            Measure::ServiceLevel => "Service level [%]",
            Measure::ProbabilityOfWait => "Probability of wait [%]",
            Measure::AsaSeconds => "Average speed of answer [s]",
            Measure::MeanWaitSeconds => "Mean wait, all contacts [s]",
            Measure::AhtSeconds => "Average handle time [s]",
            Measure::Occupancy => "Occupancy [%]",
            Measure::MeanQueue => "Mean queue [contacts]",
            Measure::LongestQueue => "Longest queue [contacts]",
            Measure::AgentsOnDuty => "Agents on duty [agents]",
        }
    }

    /// Whether the measure is a share in [0, 1], shown as a percentage in tables.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Measure::AbandonmentRate
                | Measure::ServiceLevel
                | Measure::ProbabilityOfWait
                | Measure::Occupancy
        )
    }

    /// Whether the measure describes contacts (so it makes sense per intent), rather than the
    /// floor (agents, queue).
    pub fn describes_contacts(self) -> bool {
        !matches!(
            self,
            Measure::Occupancy | Measure::MeanQueue | Measure::LongestQueue | Measure::AgentsOnDuty
        )
    }

    /// Whether the measure is a count of contacts (shown without decimals).
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Measure::Offered | Measure::Answered | Measure::Abandoned | Measure::WaitingAtEnd
        )
    }
}
