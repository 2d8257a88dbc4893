//! The measures staffsim reports, in one list: key, label, unit and definition.
//!
//! The list is a table, one row per measure, given to the `measures!` macro below, which
//! writes the enum, [`Measure::ALL`] and every per-measure method from it: a measure cannot be
//! added without its key, label, section, unit and flags, nor be left out of `ALL`.

use serde::{Deserialize, Serialize};

use super::tally::Resolver;

/// The unit a measure is expressed in, which also says how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A whole number of contacts, problems, customers or agents (shown without decimals).
    Count,
    /// A share in [0, 1], shown as a percentage.
    Share,
    /// A survey score from 1 to 5.
    Score,
    /// Seconds.
    Seconds,
    /// Hours.
    Hours,
    /// Currency units.
    Currency,
    /// A time-average number of agents (fractional).
    Agents,
    /// Any other number: averages of contacts, the longest queue, ratios that are not shares.
    Plain,
}

impl Unit {
    /// The values a measure in this unit can take, `[lowest, highest]`: shares from 0 to 1,
    /// scores from 1 to 5, everything else (counts, durations, costs, agents, queues) zero or
    /// more. The experiment's estimates and their confidence intervals are kept within it.
    pub fn range(self) -> [f64; 2] {
        match self {
            Unit::Share => [0.0, 1.0],
            Unit::Score => [1.0, 5.0],
            Unit::Count
            | Unit::Seconds
            | Unit::Hours
            | Unit::Currency
            | Unit::Agents
            | Unit::Plain => [0.0, f64::INFINITY],
        }
    }
}

/// Writes [`Measure`] and its methods from the enum's attributes, then a table with one row
/// per measure:
///
/// ```text
/// /// Definition and unit (the variant's doc comment).
/// Variant: "key", "Label [unit]",
///     Section, Unit, sum, scope, better;
/// ```
///
/// - `"key"`: the name in JSON and CSV output and on the command line (also the serde name);
/// - `"Label [unit]"`: the label for tables;
/// - `Section`: a variant of [`Section`], the report section;
/// - `Unit`: a variant of [`Unit`];
/// - `sum` if the measure adds up over windows and replications (counts, paid hours, costs),
///   `-` if it does not (ratios, averages, maxima);
/// - `contacts` if it describes contacts (so it makes sense per intent), `floor` if it
///   describes agents or the queue;
/// - `higher` or `lower` if more or less is better, `-` for a volume, which is not a quality.
///
/// The rows are in report order, the order of [`Measure::ALL`] and so of output columns.
macro_rules! measures {
    (@sum sum) => { true };
    (@sum -) => { false };
    (@scope contacts) => { true };
    (@scope floor) => { false };
    (@better higher) => { Some(true) };
    (@better lower) => { Some(false) };
    (@better -) => { None };
    (
        $(#[$enum_attr:meta])*
        pub enum Measure;
        $(
            $(#[$attr:meta])*
            $name:ident: $key:literal, $label:literal,
                $section:ident, $unit:ident, $sum:tt, $scope:ident, $better:tt;
        )*
    ) => {
        $(#[$enum_attr])*
        pub enum Measure {
            $(
                $(#[$attr])*
                #[serde(rename = $key)]
                $name,
            )*
        }

        impl Measure {
            /// Every measure, in report order.
            pub const ALL: [Measure; [$($key),*].len()] = [$(Measure::$name),*];

            /// The key used in JSON and CSV output.
            pub fn key(self) -> &'static str {
                match self {
                    $(Measure::$name => $key,)*
                }
            }

            /// A label for tables, with the unit.
            pub fn label(self) -> &'static str {
                match self {
                    $(Measure::$name => $label,)*
                }
            }

            /// The report section of this measure.
            pub fn section(self) -> Section {
                match self {
                    $(Measure::$name => Section::$section,)*
                }
            }

            /// The unit of this measure.
            pub fn unit(self) -> Unit {
                match self {
                    $(Measure::$name => Unit::$unit,)*
                }
            }

            /// Whether the measure is a sum over the window (a count, paid hours or a cost),
            /// so that windows and replications add up; the others are ratios, averages or
            /// maxima.
            pub fn is_sum(self) -> bool {
                match self {
                    $(Measure::$name => measures!(@sum $sum),)*
                }
            }

            /// Whether the measure describes contacts (so it makes sense per intent), rather
            /// than the floor (agents, queue). Costs count: labour is allocated to intents by
            /// their share of the human handle time.
            pub fn describes_contacts(self) -> bool {
                match self {
                    $(Measure::$name => measures!(@scope $scope),)*
                }
            }

            /// Whether more is better (`Some(true)`), less is better (`Some(false)`), or
            /// neither (volumes, which are not a quality).
            pub fn higher_is_better(self) -> Option<bool> {
                match self {
                    $(Measure::$name => measures!(@better $better),)*
                }
            }
        }
    };
}

measures! {
    /// A measure of a contact centre's performance over a measurement window.
    ///
    /// Contacts are counted in the window in which they **arrived** (after the warm-up); a
    /// contact still waiting when the run ends is counted in `offered` and `waiting_at_end` but
    /// in no ratio, because its outcome is unknown. Problems are counted by the arrival of their
    /// first contact. The operational measures of the queue (service level, abandonment, waits)
    /// count the contacts that reached the human queue, directly or escalated from the AI.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Measure;

    // Variant: "key", "Label [unit]",
    //     Section, Unit, sum, scope, better (see `measures!` above).

    /// Contacts that arrived in the window (count).
    Offered: "offered", "Offered [contacts]",
        Queue,     Count,    sum, contacts, -;
    /// Offered contacts that an agent answered (count).
    Answered: "answered", "Answered [contacts]",
        Queue,     Count,    sum, contacts, higher;
    /// Offered contacts whose customer hung up or left before an answer (count).
    Abandoned: "abandoned", "Abandoned [contacts]",
        Queue,     Count,    sum, contacts, lower;
    /// Offered contacts still waiting at the end of the run (count).
    WaitingAtEnd: "waiting_at_end", "Waiting at end [contacts]",
        Queue,     Count,    sum, contacts, -;
    /// Offered contacts blocked by the trunk limit (`simulation.max_in_system`): they found
    /// the system full on arrival, got a busy signal and reached neither the bot nor the
    /// queue (count). A blocked customer may come back as a repeat contact.
    Blocked: "blocked", "Blocked [contacts]",
        Queue,     Count,    sum, contacts, lower;
    /// Blocked / offered contacts: the blocking probability of Erlang B.
    BlockingRate: "blocking_rate", "Blocking [%]",
        Queue,     Share,    -,   contacts, lower;
    /// Abandoned / (answered + abandoned): share of contacts with a known outcome that were lost.
    AbandonmentRate: "abandonment_rate", "Abandonment rate [%]",
        Queue,     Share,    -,   contacts, lower;
    /// Answered within the threshold / (answered + abandoned). Abandoned contacts count as
    /// not answered within the threshold, whenever they left.
    ServiceLevel: "service_level", "Service level [%]",
        Queue,     Share,    -,   contacts, higher;
    /// Share of contacts with a known outcome that found no free agent on arrival and had to
    /// queue (the delay probability of Erlang C).
    ProbabilityOfWait: "probability_of_wait", "Probability of wait [%]",
        Queue,     Share,    -,   contacts, lower;
    /// Average speed of answer: mean wait of answered contacts, seconds.
    AsaSeconds: "asa_seconds", "Average speed of answer [s]",
        Queue,     Seconds,  -,   contacts, lower;
    /// Mean wait of all contacts with a known outcome (answered: until answer; abandoned:
    /// until they left), seconds.
    MeanWaitSeconds: "mean_wait_seconds", "Mean wait, all contacts [s]",
        Queue,     Seconds,  -,   contacts, lower;
    /// Average handle time of answered contacts, seconds.
    AhtSeconds: "aht_seconds", "Average handle time [s]",
        Queue,     Seconds,  -,   contacts, lower;
    /// Busy agent-time / staffed agent-time: the share of paid time on the floor spent
    /// handling contacts.
    Occupancy: "occupancy", "Occupancy [%]",
        Queue,     Share,    -,   floor,    higher;
    /// Time-average number of contacts waiting in queue.
    MeanQueue: "mean_queue", "Mean queue [contacts]",
        Queue,     Plain,    -,   floor,    lower;
    /// Largest number of contacts waiting at once.
    LongestQueue: "longest_queue", "Longest queue [contacts]",
        Queue,     Plain,    -,   floor,    lower;
    /// Time-average number of agents on duty.
    AgentsOnDuty: "agents_on_duty", "Agents on duty [agents]",
        Queue,     Agents,   -,   floor,    -;

    /// Offered contacts that started a conversation with the AI assistant (count).
    AiConversations: "ai_conversations", "AI conversations [contacts]",
        Ai,        Count,    sum, contacts, -;
    /// AI conversations / offered contacts: the share of contacts that started with the AI.
    AiShare: "ai_share", "AI share of contacts [%]",
        Ai,        Share,    -,   contacts, -;
    /// Containment: AI conversations that ended without a human (resolved, falsely resolved
    /// or abandoned in the bot) / finished AI conversations.
    Containment: "containment", "AI containment [%]",
        Ai,        Share,    -,   contacts, higher;
    /// AI conversations closed as resolved while the problem was not / finished AI
    /// conversations.
    FalseResolutionRate: "false_resolution_rate", "AI false resolution [%]",
        Ai,        Share,    -,   contacts, lower;
    /// Mean duration of a finished AI conversation, seconds.
    AiHandleTimeSeconds: "ai_handle_time_seconds", "AI conversation time [s]",
        Ai,        Seconds,  -,   contacts, lower;
    /// FTE-equivalent of the AI's work: the agent-time that human agents would have spent on
    /// the conversations the AI contained (each intent's mean human handle time, stretched
    /// and shared by the concurrency of the first pool that takes it), divided by the
    /// productive time of one full-time agent in the window (`ai.fte_productive_time` per
    /// month), agents.
    AiFteEquivalent: "ai_fte_equivalent", "AI work, FTE-equivalent [agents]",
        Ai,        Agents,   -,   floor,    -;

    /// Human-handled contacts that truly resolved the problem / human-handled contacts whose
    /// service ended.
    HumanResolutionRate: "human_resolution_rate", "Human resolution [%]",
        Quality,   Share,    -,   contacts, higher;

    /// Survey satisfaction: mean score (1–5) of the customers who answered the post-contact
    /// survey. A falsely resolved customer scores the contact as solved.
    CsatSurvey: "csat_survey", "Survey satisfaction [1-5]",
        Quality,   Score,    -,   contacts, higher;
    /// Number of survey answers.
    SurveyResponses: "survey_responses", "Survey responses [count]",
        Quality,   Count,    sum, contacts, -;
    /// True resolution: problems resolved within the resolution window of the first contact /
    /// problems whose window closed before the end of the run.
    TrueResolutionRate: "true_resolution_rate", "True resolution [%]",
        Quality,   Share,    -,   contacts, higher;
    /// Resolved within a day: problems resolved within 24 hours of their first contact /
    /// problems whose first contact arrived at least 24 hours before the end of the run.
    ResolvedWithin1d: "resolved_within_1d", "Resolved within 1 day [%]",
        Quality,   Share,    -,   contacts, higher;
    /// Resolved within two days: problems resolved within 48 hours of their first contact /
    /// problems whose first contact arrived at least 48 hours before the end of the run.
    ResolvedWithin2d: "resolved_within_2d", "Resolved within 2 days [%]",
        Quality,   Share,    -,   contacts, higher;
    /// First-contact resolution: first contacts that truly resolved the problem / first
    /// contacts with a known outcome.
    Fcr: "fcr", "First-contact resolution [%]",
        Quality,   Share,    -,   contacts, higher;
    /// Repeat contacts (second or later attempts) / offered contacts.
    RepeatRate: "repeat_rate", "Repeat contacts [%]",
        Quality,   Share,    -,   contacts, lower;
    /// Customer effort: contacts made about resolved problems / resolved problems.
    ContactsPerResolvedProblem: "contacts_per_resolved_problem", "Contacts per resolved problem",
        Quality,   Plain,    -,   contacts, lower;
    /// Mean time from first contact to resolution of resolved problems, hours.
    TimeToResolutionHours: "time_to_resolution_hours", "Time to resolution [h]",
        Quality,   Hours,    -,   contacts, lower;

    /// Contacts the AI assistant ended alone: resolved, falsely resolved or abandoned in the
    /// bot (count).
    ContactsEndedAi: "contacts_ended_ai", "Ended: AI alone [contacts]",
        Resolver,  Count,    sum, contacts, -;
    /// Contacts that went to a human without the assistant (opted out, bot full, AI off or
    /// not taking the intent) and ended: served, or abandoned in the queue (count).
    ContactsEndedHuman: "contacts_ended_human", "Ended: human, no AI [contacts]",
        Resolver,  Count,    sum, contacts, -;
    /// Contacts escalated from the assistant to a human that ended: served, or abandoned in
    /// the queue (count).
    ContactsEndedEscalated: "contacts_ended_escalated", "Ended: escalated [contacts]",
        Resolver,  Count,    sum, contacts, -;
    /// Survey satisfaction of the contacts the AI ended alone: mean answer (1–5).
    CsatSurveyAi: "csat_survey_ai", "Survey: AI alone [1-5]",
        Resolver,  Score,    -,   contacts, higher;
    /// Survey satisfaction of the contacts that went to a human without the assistant: mean
    /// answer (1–5).
    CsatSurveyHuman: "csat_survey_human", "Survey: human, no AI [1-5]",
        Resolver,  Score,    -,   contacts, higher;
    /// Survey satisfaction of the contacts escalated from the assistant to a human: mean
    /// answer (1–5).
    CsatSurveyEscalated: "csat_survey_escalated", "Survey: escalated [1-5]",
        Resolver,  Score,    -,   contacts, higher;
    /// Contacts the AI ended alone that truly resolved the problem / contacts it ended alone
    /// (a false resolution or an abandonment in the bot does not resolve).
    ResolutionAi: "resolution_ai", "Resolved: AI alone [%]",
        Resolver,  Share,    -,   contacts, higher;
    /// Contacts that went to a human without the assistant and truly resolved the problem /
    /// those that ended (abandonments in the queue included).
    ResolutionHuman: "resolution_human", "Resolved: human, no AI [%]",
        Resolver,  Share,    -,   contacts, higher;
    /// Escalated contacts that truly resolved the problem / escalated contacts that ended
    /// (abandonments in the queue included).
    ResolutionEscalated: "resolution_escalated", "Resolved: escalated [%]",
        Resolver,  Share,    -,   contacts, higher;

    /// Problems whose first contact arrived in the window (count).
    Problems: "problems", "Problems [count]",
        Problems,  Count,    sum, contacts, -;
    /// Of those, truly resolved by the end of the run (count).
    ProblemsResolved: "problems_resolved", "Problems resolved [count]",
        Problems,  Count,    sum, contacts, higher;
    /// Of those, abandoned for good: the customer churned before a resolution (count).
    ProblemsLost: "problems_lost", "Problems lost to churn [count]",
        Problems,  Count,    sum, contacts, lower;
    /// Of those, given up after the maximum number of attempts (count).
    ProblemsGaveUp: "problems_gave_up", "Problems given up [count]",
        Problems,  Count,    sum, contacts, lower;
    /// Of those, still open at the end of the run (count).
    ProblemsOpenAtEnd: "problems_open_at_end", "Problems open at end [count]",
        Problems,  Count,    sum, contacts, -;

    /// Customers lost after a bad experience (count).
    ChurnedCustomers: "churned_customers", "Churned customers [count]",
        Quality,   Count,    sum, contacts, lower;

    /// Headcount: time-average of agents employed (workforce pools, trainees included),
    /// logged in (gig pools), or paid for the roster (pools staffed directly: on duty /
    /// (1 − shrinkage)), agents.
    Headcount: "headcount", "Headcount [agents]",
        Workforce, Agents,   -,   floor,    -;
    /// Hires who started (their training) in the window (count).
    Hires: "hires", "Hires [agents]",
        Workforce, Count,    sum, floor,    -;
    /// Agents who left by attrition in the window (count).
    Departures: "departures", "Departures by attrition [agents]",
        Workforce, Count,    sum, floor,    -;
    /// Agents laid off in the window (count).
    LaidOff: "laid_off", "Laid off [agents]",
        Workforce, Count,    sum, floor,    -;

    /// Paid agent-hours: agents on duty / (1 − shrinkage), idle time included, hours.
    PaidAgentHours: "paid_agent_hours", "Paid agent-hours [h]",
        Cost,      Hours,    sum, floor,    lower;
    /// Labour: paid agent-hours (idle time and trainees included) × hourly cost, plus any
    /// payment per answered contact (gig and outsourced pools) and each hire's
    /// `hiring_cost` (workforce pools), currency units.
    CostLabour: "cost_labour", "Cost: labour",
        Cost,      Currency, sum, contacts, lower;
    /// AI: conversations × cost per conversation + minutes × cost per minute.
    CostAi: "cost_ai", "Cost: AI",
        Cost,      Currency, sum, contacts, lower;
    /// Churn: churned customers × customer value.
    CostChurn: "cost_churn", "Cost: churn",
        Cost,      Currency, sum, contacts, lower;
    /// Severance: laid-off agents × the pool's severance cost, currency units.
    CostSeverance: "cost_severance", "Cost: severance",
        Cost,      Currency, sum, floor,    lower;
    /// Labour + AI + churn + severance.
    CostTotal: "cost_total", "Cost: total",
        Cost,      Currency, sum, contacts, lower;
    /// Total cost / offered contacts.
    CostPerContact: "cost_per_contact", "Cost per contact",
        Cost,      Currency, -,   contacts, lower;
    /// Total cost / resolved problems.
    CostPerResolved: "cost_per_resolved", "Cost per resolved problem",
        Cost,      Currency, -,   contacts, lower;
}

impl Measure {
    /// Whether the measure is a share in [0, 1], shown as a percentage in tables.
    pub fn is_share(self) -> bool {
        self.unit() == Unit::Share
    }

    /// Whether the measure is a count of contacts (shown without decimals).
    pub fn is_count(self) -> bool {
        self.unit() == Unit::Count
    }

    /// Measures that describe one pool of agents, reported per pool. The contact measures
    /// (from `Answered` on) are of the contacts the pool answered: a
    /// contact abandoned in the queue has no pool, so a pool has no service level nor
    /// abandonment rate.
    pub const PER_POOL: [Measure; 18] = Measure::joined(&[
        &[
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
            Measure::Answered,
            Measure::AsaSeconds,
            Measure::CsatSurvey,
            Measure::HumanResolutionRate,
        ],
        &Measure::BY_RESOLVER_HUMAN,
    ]);

    /// Quality split by who ended the contact ([`Section::Resolver`]): the contacts that
    /// ended, their survey score and their resolution, each for the assistant alone, a human
    /// without it and escalated contacts ([`Resolver::ALL`]), in report order. The one list
    /// every table of the split uses.
    pub const BY_RESOLVER: [Measure; 9] = Measure::by_resolver_grid(
        &[
            ResolverView::Ended,
            ResolverView::Survey,
            ResolverView::Resolution,
        ],
        &Resolver::ALL,
    );

    /// The part of [`Measure::BY_RESOLVER`] that a pool of agents has: survey and resolution
    /// of the contacts a human ended, without the assistant or escalated. (A pool ends no
    /// contact the assistant ended alone, and its count of contacts is `answered`.)
    pub const BY_RESOLVER_HUMAN: [Measure; 4] = Measure::by_resolver_grid(
        &[ResolverView::Survey, ResolverView::Resolution],
        &[Resolver::Human, Resolver::Escalated],
    );

    /// The measure of quality by who ended the contact that gives `view` for resolver `r`.
    pub const fn by_resolver(view: ResolverView, r: Resolver) -> Measure {
        match (view, r) {
            (ResolverView::Ended, Resolver::Ai) => Measure::ContactsEndedAi,
            (ResolverView::Ended, Resolver::Human) => Measure::ContactsEndedHuman,
            (ResolverView::Ended, Resolver::Escalated) => Measure::ContactsEndedEscalated,
            (ResolverView::Survey, Resolver::Ai) => Measure::CsatSurveyAi,
            (ResolverView::Survey, Resolver::Human) => Measure::CsatSurveyHuman,
            (ResolverView::Survey, Resolver::Escalated) => Measure::CsatSurveyEscalated,
            (ResolverView::Resolution, Resolver::Ai) => Measure::ResolutionAi,
            (ResolverView::Resolution, Resolver::Human) => Measure::ResolutionHuman,
            (ResolverView::Resolution, Resolver::Escalated) => Measure::ResolutionEscalated,
        }
    }

    /// [`Measure::by_resolver`] of every view and resolver, view by view (`N` = views ×
    /// resolvers, checked when the constant is built).
    const fn by_resolver_grid<const N: usize>(
        views: &[ResolverView],
        resolvers: &[Resolver],
    ) -> [Measure; N] {
        assert!(views.len() * resolvers.len() == N);
        let mut out = [Measure::Offered; N];
        let mut v = 0;
        while v < views.len() {
            let mut r = 0;
            while r < resolvers.len() {
                out[v * resolvers.len() + r] = Measure::by_resolver(views[v], resolvers[r]);
                r += 1;
            }
            v += 1;
        }
        out
    }

    /// The lists `parts` one after the other, as one list of `N` measures: how a table's
    /// constant list of measures includes a shared one such as [`Measure::BY_RESOLVER`]. A
    /// wrong `N` stops the build.
    pub const fn joined<const N: usize>(parts: &[&[Measure]]) -> [Measure; N] {
        let mut out = [Measure::Offered; N];
        let mut k = 0;
        let mut p = 0;
        while p < parts.len() {
            let mut i = 0;
            while i < parts[p].len() {
                assert!(k < N, "more measures than the list's length");
                out[k] = parts[p][i];
                k += 1;
                i += 1;
            }
            p += 1;
        }
        assert!(k == N, "fewer measures than the list's length");
        out
    }

    /// The measure whose key is `key` (as in JSON and CSV output).
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// What a measure of quality by who ended the contact ([`Section::Resolver`]) says of a
/// [`Resolver`]'s contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolverView {
    /// How many ended (count).
    Ended,
    /// Their survey satisfaction (1–5).
    Survey,
    /// The share that truly resolved the problem.
    Resolution,
}

/// Writes [`Section`], [`Section::ALL`] and [`Section::title`] from the enum's attributes, then
/// one row per section in report order: `Variant: "Title";`, below the variant's doc comment.
macro_rules! sections {
    (
        $(#[$enum_attr:meta])*
        pub enum Section;
        $($(#[$attr:meta])* $name:ident: $title:literal;)*
    ) => {
        $(#[$enum_attr])*
        pub enum Section {
            $($(#[$attr])* $name,)*
        }

        impl Section {
            /// Every section, in report order.
            pub const ALL: [Section; [$($title),*].len()] = [$(Section::$name),*];

            /// A title for reports.
            pub fn title(self) -> &'static str {
                match self {
                    $(Section::$name => $title,)*
                }
            }
        }
    };
}

sections! {
    /// The section of a report a measure belongs to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Section;

    /// Contacts and the human queue.
    Queue: "Contacts, and the human queue";
    /// The AI assistant.
    Ai: "AI assistant";
    /// Measured and true quality.
    Quality: "Quality: measured and true";
    /// Measured and true quality split by who ended the contact.
    Resolver: "Quality by who ended the contact";
    /// How problems ended.
    Problems: "Problems";
    /// Headcount and its moves.
    Workforce: "Workforce";
    /// Cost.
    Cost: "Cost";
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

    #[test]
    fn the_split_by_resolver_is_the_resolver_section() {
        let section: Vec<Measure> = Measure::ALL
            .into_iter()
            .filter(|m| m.section() == Section::Resolver)
            .collect();
        assert_eq!(Measure::BY_RESOLVER.to_vec(), section);
        assert_eq!(
            Measure::BY_RESOLVER_HUMAN,
            [
                Measure::CsatSurveyHuman,
                Measure::CsatSurveyEscalated,
                Measure::ResolutionHuman,
                Measure::ResolutionEscalated,
            ]
        );
        assert!(
            Measure::BY_RESOLVER_HUMAN
                .iter()
                .all(|m| Measure::PER_POOL.contains(m))
        );
    }

    #[test]
    fn labels_are_unique_and_counts_add_up() {
        for (i, a) in Measure::ALL.iter().enumerate() {
            for b in &Measure::ALL[i + 1..] {
                assert_ne!(a.label(), b.label(), "{a:?} and {b:?} share a label");
            }
            if a.is_count() {
                assert!(a.is_sum(), "{a:?} is a count, so it adds up");
            }
        }
    }
}
