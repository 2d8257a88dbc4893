//! The measures staffsim reports, in one list: key, label, unit and definition.

use serde::{Deserialize, Serialize};

/// A measure of a contact centre's performance over a measurement window.
///
/// Contacts are counted in the window in which they **arrived** (after the warm-up); a contact
/// still waiting when the run ends is counted in `offered` and `waiting_at_end` but in no
/// ratio, because its outcome is unknown. Problems are counted by the arrival of their first
/// contact. The operational measures of the queue (service level, abandonment, waits) count
/// the contacts that reached the human queue, directly or escalated from the AI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// Offered contacts that started a conversation with the AI assistant (count).
    AiConversations,
    /// AI conversations / offered contacts: the share of contacts that started with the AI.
    AiShare,
    /// Containment: AI conversations that ended without a human (resolved, falsely resolved
    /// or abandoned in the bot) / finished AI conversations.
    Containment,
    /// AI conversations closed as resolved while the problem was not / finished AI
    /// conversations.
    FalseResolutionRate,
    /// Mean duration of a finished AI conversation, seconds.
    AiHandleTimeSeconds,
    /// Human-handled contacts that truly resolved the problem / human-handled contacts whose
    /// service ended.
    HumanResolutionRate,
    /// Survey satisfaction: mean score (1–5) of the customers who answered the post-contact
    /// survey. A falsely resolved customer scores the contact as solved.
    CsatSurvey,
    /// Number of survey answers.
    SurveyResponses,
    /// True resolution: problems resolved within the resolution window of the first contact /
    /// problems whose window closed before the end of the run.
    TrueResolutionRate,
    /// First-contact resolution: first contacts that truly resolved the problem / first
    /// contacts with a known outcome.
    Fcr,
    /// Repeat contacts (second or later attempts) / offered contacts.
    RepeatRate,
    /// Customer effort: contacts made about resolved problems / resolved problems.
    ContactsPerResolvedProblem,
    /// Mean time from first contact to resolution of resolved problems, hours.
    TimeToResolutionHours,
    /// Problems whose first contact arrived in the window (count).
    Problems,
    /// Of those, truly resolved by the end of the run (count).
    ProblemsResolved,
    /// Of those, abandoned for good: the customer churned before a resolution (count).
    ProblemsLost,
    /// Of those, given up after the maximum number of attempts (count).
    ProblemsGaveUp,
    /// Of those, still open at the end of the run (count).
    ProblemsOpenAtEnd,
    /// Customers lost after a bad experience (count).
    ChurnedCustomers,
    /// Paid agent-hours: agents on duty / (1 − shrinkage), idle time included, hours.
    PaidAgentHours,
    /// Labour: paid agent-hours (idle time and trainees included) × hourly cost, plus any
    /// payment per answered contact (gig and outsourced pools), currency units.
    CostLabour,
    /// AI: conversations × cost per conversation + minutes × cost per minute.
    CostAi,
    /// Churn: churned customers × customer value.
    CostChurn,
    /// Labour + AI + churn + severance.
    CostTotal,
    /// Total cost / offered contacts.
    CostPerContact,
    /// Total cost / resolved problems.
    CostPerResolved,
    /// Headcount: time-average of agents employed (workforce pools, trainees included),
    /// logged in (gig pools), or paid for the roster (pools staffed directly: on duty /
    /// (1 − shrinkage)), agents.
    Headcount,
    /// Hires who started (their training) in the window (count).
    Hires,
    /// Agents who left by attrition in the window (count).
    Departures,
    /// Agents laid off in the window (count).
    LaidOff,
    /// FTE-equivalent of the AI's work: the agent-time that human agents would have spent on
    /// the conversations the AI contained (each intent's mean human handle time, stretched
    /// and shared by the concurrency of the first pool that takes it), divided by the
    /// productive time of one full-time agent in the window (`ai.fte_productive_time` per
    /// month), agents.
    AiFteEquivalent,
    /// Severance: laid-off agents × the pool's severance cost, currency units.
    CostSeverance,
}

impl Measure {
    /// Every measure, in report order.
    pub const ALL: [Measure; 46] = [
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
        Measure::AiConversations,
        Measure::AiShare,
        Measure::Containment,
        Measure::FalseResolutionRate,
        Measure::AiHandleTimeSeconds,
        Measure::AiFteEquivalent,
        Measure::HumanResolutionRate,
        Measure::CsatSurvey,
        Measure::SurveyResponses,
        Measure::TrueResolutionRate,
        Measure::Fcr,
        Measure::RepeatRate,
        Measure::ContactsPerResolvedProblem,
        Measure::TimeToResolutionHours,
        Measure::Problems,
        Measure::ProblemsResolved,
        Measure::ProblemsLost,
        Measure::ProblemsGaveUp,
        Measure::ProblemsOpenAtEnd,
        Measure::ChurnedCustomers,
        Measure::Headcount,
        Measure::Hires,
        Measure::Departures,
        Measure::LaidOff,
        Measure::PaidAgentHours,
        Measure::CostLabour,
        Measure::CostAi,
        Measure::CostChurn,
        Measure::CostSeverance,
        Measure::CostTotal,
        Measure::CostPerContact,
        Measure::CostPerResolved,
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
            Measure::AiConversations => "ai_conversations",
            Measure::AiShare => "ai_share",
            Measure::Containment => "containment",
            Measure::FalseResolutionRate => "false_resolution_rate",
            Measure::AiHandleTimeSeconds => "ai_handle_time_seconds",
            Measure::HumanResolutionRate => "human_resolution_rate",
            Measure::CsatSurvey => "csat_survey",
            Measure::SurveyResponses => "survey_responses",
            Measure::TrueResolutionRate => "true_resolution_rate",
            Measure::Fcr => "fcr",
            Measure::RepeatRate => "repeat_rate",
            Measure::ContactsPerResolvedProblem => "contacts_per_resolved_problem",
            Measure::TimeToResolutionHours => "time_to_resolution_hours",
            Measure::Problems => "problems",
            Measure::ProblemsResolved => "problems_resolved",
            Measure::ProblemsLost => "problems_lost",
            Measure::ProblemsGaveUp => "problems_gave_up",
            Measure::ProblemsOpenAtEnd => "problems_open_at_end",
            Measure::ChurnedCustomers => "churned_customers",
            Measure::PaidAgentHours => "paid_agent_hours",
            Measure::CostLabour => "cost_labour",
            Measure::CostAi => "cost_ai",
            Measure::CostChurn => "cost_churn",
            Measure::CostTotal => "cost_total",
            Measure::CostPerContact => "cost_per_contact",
            Measure::CostPerResolved => "cost_per_resolved",
            Measure::Headcount => "headcount",
            Measure::Hires => "hires",
            Measure::Departures => "departures",
            Measure::LaidOff => "laid_off",
            Measure::AiFteEquivalent => "ai_fte_equivalent",
            Measure::CostSeverance => "cost_severance",
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
            Measure::AiConversations => "AI conversations [contacts]",
            Measure::AiShare => "AI share of contacts [%]",
            Measure::Containment => "AI containment [%]",
            Measure::FalseResolutionRate => "AI false resolution [%]",
            Measure::AiHandleTimeSeconds => "AI conversation time [s]",
            Measure::HumanResolutionRate => "Human resolution [%]",
            Measure::CsatSurvey => "Survey satisfaction [1-5]",
            Measure::SurveyResponses => "Survey responses [count]",
            Measure::TrueResolutionRate => "True resolution [%]",
            Measure::Fcr => "First-contact resolution [%]",
            Measure::RepeatRate => "Repeat contacts [%]",
            Measure::ContactsPerResolvedProblem => "Contacts per resolved problem",
            Measure::TimeToResolutionHours => "Time to resolution [h]",
            Measure::Problems => "Problems [count]",
            Measure::ProblemsResolved => "Problems resolved [count]",
            Measure::ProblemsLost => "Problems lost to churn [count]",
            Measure::ProblemsGaveUp => "Problems given up [count]",
            Measure::ProblemsOpenAtEnd => "Problems open at end [count]",
            Measure::ChurnedCustomers => "Churned customers [count]",
            Measure::PaidAgentHours => "Paid agent-hours [h]",
            Measure::CostLabour => "Cost: labour",
            Measure::CostAi => "Cost: AI",
            Measure::CostChurn => "Cost: churn",
            Measure::CostTotal => "Cost: total",
            Measure::CostPerContact => "Cost per contact",
            Measure::CostPerResolved => "Cost per resolved problem",
            Measure::Headcount => "Headcount [agents]",
            Measure::Hires => "Hires [agents]",
            Measure::Departures => "Departures by attrition [agents]",
            Measure::LaidOff => "Laid off [agents]",
            Measure::AiFteEquivalent => "AI work, FTE-equivalent [agents]",
            Measure::CostSeverance => "Cost: severance",
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
                | Measure::AiShare
                | Measure::Containment
                | Measure::FalseResolutionRate
                | Measure::HumanResolutionRate
                | Measure::TrueResolutionRate
                | Measure::Fcr
                | Measure::RepeatRate
        )
    }

    /// Whether the measure describes contacts (so it makes sense per intent), rather than the
    /// floor (agents, queue). Costs count: labour is allocated to intents by their share of
    /// the human handle time.
    pub fn describes_contacts(self) -> bool {
        !matches!(
            self,
            Measure::Occupancy
                | Measure::MeanQueue
                | Measure::LongestQueue
                | Measure::AgentsOnDuty
                | Measure::PaidAgentHours
                | Measure::Headcount
                | Measure::Hires
                | Measure::Departures
                | Measure::LaidOff
                | Measure::AiFteEquivalent
                | Measure::CostSeverance
        )
    }

    /// Whether the measure is a count of contacts (shown without decimals).
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Measure::Offered
                | Measure::Answered
                | Measure::Abandoned
                | Measure::WaitingAtEnd
                | Measure::SurveyResponses
                | Measure::AiConversations
                | Measure::Problems
                | Measure::ProblemsResolved
                | Measure::ProblemsLost
                | Measure::ProblemsGaveUp
                | Measure::ProblemsOpenAtEnd
                | Measure::ChurnedCustomers
                | Measure::Hires
                | Measure::Departures
                | Measure::LaidOff
        )
    }
}

impl Measure {
    /// Whether the measure is a sum over the window (a count, paid hours or a cost), so that
    /// windows and replications add up; the others are ratios, averages or maxima.
    pub fn is_sum(self) -> bool {
        self.is_count()
            || matches!(
                self,
                Measure::PaidAgentHours
                    | Measure::CostLabour
                    | Measure::CostAi
                    | Measure::CostChurn
                    | Measure::CostSeverance
                    | Measure::CostTotal
            )
    }

    /// Measures that describe one pool of agents, reported per pool.
    pub const PER_POOL: [Measure; 10] = [
        Measure::Headcount,
        Measure::Hires,
        Measure::Departures,
        Measure::LaidOff,
        Measure::CostSeverance,
        Measure::AgentsOnDuty,
        Measure::Occupancy,
        Measure::AhtSeconds,
        Measure::PaidAgentHours,
        Measure::CostLabour,
    ];
}

impl Measure {
    /// The measure whose key is `key` (as in JSON and CSV output).
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// Whether more is better (`Some(true)`), less is better (`Some(false)`), or neither
    /// (volumes, which are not a quality).
    pub fn higher_is_better(self) -> Option<bool> {
        use Measure::*;
        match self {
            ServiceLevel | CsatSurvey | TrueResolutionRate | Fcr | Containment
            | HumanResolutionRate | Occupancy | ProblemsResolved | Answered => Some(true),
            AbandonmentRate
            | ProbabilityOfWait
            | AsaSeconds
            | MeanWaitSeconds
            | MeanQueue
            | LongestQueue
            | FalseResolutionRate
            | RepeatRate
            | ContactsPerResolvedProblem
            | TimeToResolutionHours
            | ProblemsLost
            | ProblemsGaveUp
            | ChurnedCustomers
            | CostLabour
            | CostAi
            | CostChurn
            | CostTotal
            | CostPerContact
            | CostPerResolved
            | PaidAgentHours
            | Abandoned
            | AhtSeconds
            | AiHandleTimeSeconds
            | CostSeverance => Some(false),
            Offered | WaitingAtEnd | AgentsOnDuty | AiConversations | AiShare | SurveyResponses
            | Problems | ProblemsOpenAtEnd | Headcount | Hires | Departures | LaidOff
            | AiFteEquivalent => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_found_again() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_key(m.key()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.key()), "serde and key() agree");
        }
        assert_eq!(Measure::from_key("no_such"), None);
    }
}

/// The section of a report a measure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Contacts and the human queue.
    Queue,
    /// The AI assistant.
    Ai,
    /// Measured and true quality.
    Quality,
    /// How problems ended.
    Problems,
    /// Headcount and its moves.
    Workforce,
    /// Cost.
    Cost,
}

impl Section {
    /// Every section, in report order.
    pub const ALL: [Section; 6] = [
        Section::Queue,
        Section::Ai,
        Section::Quality,
        Section::Problems,
        Section::Workforce,
        Section::Cost,
    ];

    /// A title for reports.
    pub fn title(self) -> &'static str {
        match self {
            Section::Queue => "Contacts, and the human queue",
            Section::Ai => "AI assistant",
            Section::Quality => "Quality: measured and true",
            Section::Problems => "Problems",
            Section::Workforce => "Workforce",
            Section::Cost => "Cost",
        }
    }
}

impl Measure {
    /// The report section of this measure.
    pub fn section(self) -> Section {
        use Measure::*;
        match self {
            AiConversations | AiShare | Containment | FalseResolutionRate | AiHandleTimeSeconds
            | AiFteEquivalent => Section::Ai,
            Headcount | Hires | Departures | LaidOff => Section::Workforce,
            CsatSurvey
            | SurveyResponses
            | TrueResolutionRate
            | Fcr
            | RepeatRate
            | ContactsPerResolvedProblem
            | TimeToResolutionHours
            | ChurnedCustomers => Section::Quality,
            Problems | ProblemsResolved | ProblemsLost | ProblemsGaveUp | ProblemsOpenAtEnd => {
                Section::Problems
            }
            PaidAgentHours | CostLabour | CostAi | CostChurn | CostTotal | CostPerContact
            | CostPerResolved | CostSeverance => Section::Cost,
            _ => Section::Queue,
        }
    }
}
