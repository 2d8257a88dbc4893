//! Streaming accumulators: counts and sums over a window, combined by addition.
//!
//! Besides the floor's totals, a tally splits the contacts that ended by who ended them
//! ([`Resolver`]): the assistant alone, a human without the assistant, or the assistant then
//! a human. An average survey score can stay "on par" while one of the three falls; the
//! split shows which.

use std::ops::AddAssign;

use super::Measure;
use crate::units::MONTH;

/// Who ended a contact: where its conversation finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolver {
    /// The AI assistant alone: the contact ended in the bot, resolved, falsely resolved or
    /// abandoned there.
    Ai,
    /// A human, without the assistant: the customer opted out, the bot was full, the AI was
    /// off or does not take the intent (or the policy sends repeats to humans). The contact
    /// ended served by an agent or abandoned in the queue.
    Human,
    /// The assistant, then a human: escalated from the bot to the queue, then served or
    /// abandoned there.
    Escalated,
}

impl Resolver {
    /// Every resolver, in report order.
    pub const ALL: [Resolver; 3] = [Resolver::Ai, Resolver::Human, Resolver::Escalated];
}

/// Sums over the contacts one [`Resolver`] ended (contacts counted by their arrival, as
/// every contact is).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResolverTally {
    /// Contacts that ended (in the bot, served by an agent, or abandoned), with a known
    /// outcome.
    pub ended: u64,
    /// Of those, the ones that truly resolved the customer's problem.
    pub resolved: u64,
    /// Of those, the ones the customer abandoned: in the bot for [`Resolver::Ai`], in the
    /// human queue for the others.
    pub abandoned: u64,
    /// Of those, the ones whose customer answered the survey.
    pub surveys: u64,
    /// Sum of those survey answers (1–5).
    pub survey_sum: f64,
}

impl AddAssign<&ResolverTally> for ResolverTally {
    fn add_assign(&mut self, other: &ResolverTally) {
        let ResolverTally {
            ended,
            resolved,
            abandoned,
            surveys,
            survey_sum,
        } = other;
        self.ended += ended;
        self.resolved += resolved;
        self.abandoned += abandoned;
        self.surveys += surveys;
        self.survey_sum += survey_sum;
    }
}

/// One [`ResolverTally`] per [`Resolver`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ByResolver {
    /// Contacts the assistant ended alone.
    pub ai: ResolverTally,
    /// Contacts that went to a human without the assistant.
    pub human: ResolverTally,
    /// Contacts escalated from the assistant to a human.
    pub escalated: ResolverTally,
}

impl ByResolver {
    /// The sums of resolver `r`.
    pub fn get(&self, r: Resolver) -> &ResolverTally {
        match r {
            Resolver::Ai => &self.ai,
            Resolver::Human => &self.human,
            Resolver::Escalated => &self.escalated,
        }
    }

    /// The sums of resolver `r`, to add to.
    pub fn get_mut(&mut self, r: Resolver) -> &mut ResolverTally {
        match r {
            Resolver::Ai => &mut self.ai,
            Resolver::Human => &mut self.human,
            Resolver::Escalated => &mut self.escalated,
        }
    }

    /// The three resolvers' sums added together: every contact that ended.
    pub fn all(&self) -> ResolverTally {
        let mut t = self.ai;
        t += &self.human;
        t += &self.escalated;
        t
    }
}

impl AddAssign<&ByResolver> for ByResolver {
    fn add_assign(&mut self, other: &ByResolver) {
        let ByResolver {
            ai,
            human,
            escalated,
        } = other;
        self.ai += ai;
        self.human += human;
        self.escalated += escalated;
    }
}

/// Raw sums over one measurement window (a whole run, an interval, an intent).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Contacts that arrived in the window.
    pub offered: u64,
    /// Of those, answered by an agent.
    pub answered: u64,
    /// Of those, answered within the service-level threshold.
    pub answered_within_threshold: u64,
    /// Of those, abandoned before an answer.
    pub abandoned: u64,
    /// Of those, still waiting when the run ended.
    pub waiting_at_end: u64,
    /// Offered contacts blocked by the trunk limit: they found the system full on arrival
    /// and never reached the bot or the queue.
    pub blocked: u64,
    /// Of those with a known outcome, the ones that found no free agent on arrival.
    pub delayed: u64,
    /// Sum of waits of answered contacts, seconds.
    pub answered_wait: f64,
    /// Sum of waits of abandoned contacts (time until they left), seconds.
    pub abandoned_wait: f64,
    /// Sum of handle times of answered contacts, seconds.
    pub handle_time: f64,
    /// Offered contacts that were a customer's second or later attempt about a problem.
    pub repeat_contacts: u64,
    /// Offered contacts that started a conversation with the AI assistant.
    pub ai_conversations: u64,
    /// AI conversations that truly resolved the problem.
    pub ai_resolved: u64,
    /// AI conversations closed as resolved while the problem was not.
    pub ai_falsely_resolved: u64,
    /// AI conversations handed to the human queue.
    pub ai_escalated: u64,
    /// AI conversations the customer abandoned.
    pub ai_abandoned: u64,
    /// AI conversations still going when the run ended.
    pub in_bot_at_end: u64,
    /// Contacts the AI could take whose customer opted straight out to a human.
    pub opted_out: u64,
    /// Contacts the AI could take that found it at its concurrency limit.
    pub ai_overflow: u64,
    /// Sum of AI conversation durations, seconds.
    pub ai_time: f64,
    /// Human-handled contacts that truly resolved the problem (service ended in the run).
    pub human_resolved: u64,
    /// Human-handled contacts that did not.
    pub human_unresolved: u64,
    /// Contacts that ended (handled or abandoned) with a satisfaction score.
    pub scored: u64,
    /// Sum of those scores (1–5).
    pub score_sum: f64,
    /// Contacts whose customer answered the survey.
    pub surveys: u64,
    /// Sum of the survey answers (1–5).
    pub survey_sum: f64,
    /// First contacts about a problem whose outcome is known.
    pub first_contacts_closed: u64,
    /// First contacts that truly resolved the problem.
    pub first_contacts_resolved: u64,
    /// Customers lost after a contact.
    pub churned: u64,
    /// Problems whose first contact arrived in the window.
    pub problems: u64,
    /// Of those, truly resolved.
    pub problems_resolved: u64,
    /// Of those, abandoned for good: the customer churned before a resolution.
    pub problems_lost: u64,
    /// Of those, given up after the maximum number of attempts.
    pub problems_gave_up: u64,
    /// Of those, still open when the run ended.
    pub problems_open_at_end: u64,
    /// Problems whose resolution window closed before the end of the run.
    pub problems_eligible: u64,
    /// Of those, resolved within the window.
    pub problems_resolved_within: u64,
    /// Problems whose first contact arrived at least a day before the end of the run.
    pub problems_eligible_1d: u64,
    /// Of those, resolved within 24 hours of the first contact.
    pub problems_resolved_within_1d: u64,
    /// Problems whose first contact arrived at least two days before the end of the run.
    pub problems_eligible_2d: u64,
    /// Of those, resolved within 48 hours of the first contact.
    pub problems_resolved_within_2d: u64,
    /// Contacts made about the resolved problems.
    pub resolved_problem_contacts: u64,
    /// Sum of times from first contact to resolution of resolved problems, seconds.
    pub resolution_time: f64,
    /// Cost of the AI conversations, currency units.
    pub ai_cost: f64,
    /// Lifetime value lost with churned customers, currency units.
    pub churn_cost: f64,
    /// Labour paid per answered contact (gig and outsourced pools), currency units.
    pub contact_labour_cost: f64,
    /// Agents who started as hires (their training) in the window.
    pub hires: u64,
    /// Agents who left by attrition.
    pub departures: u64,
    /// Agents laid off.
    pub laid_off: u64,
    /// Severance paid to laid-off agents, currency units.
    pub severance_cost: f64,
    /// Paid for the hires who started (their pool's `hiring_cost` each), currency units:
    /// part of labour.
    pub hiring_cost: f64,
    /// Human work the AI's contained conversations replaced, in FTE-months: each one's human
    /// agent-time divided by one full-time agent's productive time per month.
    pub ai_fte_months: f64,
    /// The contacts that ended, split by who ended them.
    pub by_resolver: ByResolver,
    /// Time-weighted quantities (agents, queue, labour cost) over the window.
    pub time: TimeWeighted,
}

/// Integrals over time of the state of the floor, and the window's length.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TimeWeighted {
    /// Length of the window covered, seconds.
    pub length: f64,
    /// Agent-seconds spent handling contacts.
    pub busy: f64,
    /// Agent-seconds staffed: on duty, or still finishing a contact after going off duty.
    pub staffed: f64,
    /// Agent-seconds on duty.
    pub on_duty: f64,
    /// Contact-seconds spent waiting in queue.
    pub queue: f64,
    /// Largest number of contacts waiting at once.
    pub max_queue: u64,
    /// Labour cost of the paid time, currency units.
    pub labour_cost: f64,
    /// Agent-seconds paid: on duty plus shrinkage (and trainees).
    pub paid: f64,
    /// Agent-seconds employed: the headcount integrated over time.
    pub employed: f64,
}

/// The state of the floor between two events: what [`TimeWeighted`] integrates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StateSnapshot {
    /// Conversation slots in use (agents handling a contact, when each holds one).
    pub busy: u64,
    /// Conversation slots on duty: agents on duty × their concurrency.
    pub capacity: u64,
    /// Agents on duty.
    pub on_duty: u64,
    /// Contacts waiting in queue.
    pub waiting: u64,
    /// Labour cost per second of the agents on duty, currency units.
    pub labour_cost_rate: f64,
    /// Agents paid for the agents on duty: on duty / (1 − shrinkage), plus trainees.
    pub paid: f64,
    /// Agents employed (see [`Measure::Headcount`]).
    pub employed: f64,
}

impl TimeWeighted {
    /// Adds `dt` seconds spent in `state`.
    #[inline]
    pub fn add(&mut self, state: &StateSnapshot, dt: f64) {
        self.length += dt;
        self.busy += state.busy as f64 * dt;
        self.staffed += state.busy.max(state.capacity) as f64 * dt;
        self.on_duty += state.on_duty as f64 * dt;
        self.queue += state.waiting as f64 * dt;
        self.labour_cost += state.labour_cost_rate * dt;
        self.paid += state.paid * dt;
        self.employed += state.employed * dt;
    }

    /// The integrals accumulated since `earlier`, a copy of this window's integrals taken
    /// before (the largest queue is this window's).
    pub fn since(&self, earlier: &TimeWeighted) -> TimeWeighted {
        TimeWeighted {
            length: self.length - earlier.length,
            busy: self.busy - earlier.busy,
            staffed: self.staffed - earlier.staffed,
            on_duty: self.on_duty - earlier.on_duty,
            queue: self.queue - earlier.queue,
            max_queue: self.max_queue,
            labour_cost: self.labour_cost - earlier.labour_cost,
            paid: self.paid - earlier.paid,
            employed: self.employed - earlier.employed,
        }
    }

    /// Adds another window's integrals to this one.
    pub fn merge(&mut self, other: &TimeWeighted) {
        self.length += other.length;
        self.busy += other.busy;
        self.staffed += other.staffed;
        self.on_duty += other.on_duty;
        self.queue += other.queue;
        self.max_queue = self.max_queue.max(other.max_queue);
        self.labour_cost += other.labour_cost;
        self.paid += other.paid;
        self.employed += other.employed;
    }
}

impl Tally {
    /// Adds another tally's sums to this one (another interval, intent or replication).
    pub fn merge(&mut self, other: &Tally) {
        // The pattern names every field, so a new field that is not added here does not
        // compile (no `..`).
        macro_rules! add {
            ($($field:ident),*) => {
                let Tally { $($field,)* time } = other;
                $( self.$field += $field; )*
                self.time.merge(time);
            };
        }
        add!(
            offered,
            answered,
            answered_within_threshold,
            abandoned,
            waiting_at_end,
            blocked,
            delayed,
            answered_wait,
            abandoned_wait,
            handle_time,
            repeat_contacts,
            ai_conversations,
            ai_resolved,
            ai_falsely_resolved,
            ai_escalated,
            ai_abandoned,
            in_bot_at_end,
            opted_out,
            ai_overflow,
            ai_time,
            human_resolved,
            human_unresolved,
            scored,
            score_sum,
            surveys,
            survey_sum,
            first_contacts_closed,
            first_contacts_resolved,
            churned,
            problems,
            problems_resolved,
            problems_lost,
            problems_gave_up,
            problems_open_at_end,
            problems_eligible,
            problems_resolved_within,
            problems_eligible_1d,
            problems_resolved_within_1d,
            problems_eligible_2d,
            problems_resolved_within_2d,
            resolved_problem_contacts,
            resolution_time,
            ai_cost,
            churn_cost,
            contact_labour_cost,
            hires,
            departures,
            laid_off,
            severance_cost,
            hiring_cost,
            ai_fte_months,
            by_resolver
        );
    }

    /// Contacts that reached the human queue and whose outcome there is known: answered or
    /// abandoned.
    pub fn completed(&self) -> u64 {
        self.answered + self.abandoned
    }

    /// Labour: paid time, payments per contact and the cost of hires, currency units.
    pub fn cost_labour(&self) -> f64 {
        self.time.labour_cost + self.contact_labour_cost + self.hiring_cost
    }

    /// Labour, AI, churn and severance cost together, currency units.
    pub fn cost_total(&self) -> f64 {
        self.cost_labour() + self.ai_cost + self.churn_cost + self.severance_cost
    }

    /// The value of `measure` in this window; `NaN` when it is undefined (a share of no
    /// contacts, an average over no time).
    pub fn value(&self, measure: Measure) -> f64 {
        let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { f64::NAN };
        let completed = self.completed() as f64;
        let survey = |r: &ResolverTally| ratio(r.survey_sum, r.surveys as f64);
        let resolution = |r: &ResolverTally| ratio(r.resolved as f64, r.ended as f64);
        match measure {
            Measure::Offered => self.offered as f64,
            Measure::Answered => self.answered as f64,
            Measure::Abandoned => self.abandoned as f64,
            Measure::WaitingAtEnd => self.waiting_at_end as f64,
            Measure::Blocked => self.blocked as f64,
            Measure::BlockingRate => ratio(self.blocked as f64, self.offered as f64),
            Measure::AbandonmentRate => ratio(self.abandoned as f64, completed),
            Measure::ServiceLevel => ratio(self.answered_within_threshold as f64, completed),
            Measure::ProbabilityOfWait => ratio(self.delayed as f64, completed),
            Measure::AsaSeconds => ratio(self.answered_wait, self.answered as f64),
            Measure::MeanWaitSeconds => ratio(self.answered_wait + self.abandoned_wait, completed),
            Measure::AhtSeconds => ratio(self.handle_time, self.answered as f64),
            Measure::Occupancy => ratio(self.time.busy, self.time.staffed),
            Measure::MeanQueue => ratio(self.time.queue, self.time.length),
            Measure::LongestQueue => self.time.max_queue as f64,
            Measure::AgentsOnDuty => ratio(self.time.on_duty, self.time.length),
            Measure::AiConversations => self.ai_conversations as f64,
            Measure::AiShare => ratio(self.ai_conversations as f64, self.offered as f64),
            Measure::Containment => ratio(
                (self.ai_resolved + self.ai_falsely_resolved + self.ai_abandoned) as f64,
                (self.ai_conversations - self.in_bot_at_end) as f64,
            ),
            Measure::FalseResolutionRate => ratio(
                self.ai_falsely_resolved as f64,
                (self.ai_conversations - self.in_bot_at_end) as f64,
            ),
            Measure::AiHandleTimeSeconds => ratio(
                self.ai_time,
                (self.ai_conversations - self.in_bot_at_end) as f64,
            ),
            Measure::HumanResolutionRate => ratio(
                self.human_resolved as f64,
                (self.human_resolved + self.human_unresolved) as f64,
            ),
            Measure::CsatSurvey => ratio(self.survey_sum, self.surveys as f64),
            Measure::SurveyResponses => self.surveys as f64,
            Measure::TrueResolutionRate => ratio(
                self.problems_resolved_within as f64,
                self.problems_eligible as f64,
            ),
            Measure::ResolvedWithin1d => ratio(
                self.problems_resolved_within_1d as f64,
                self.problems_eligible_1d as f64,
            ),
            Measure::ResolvedWithin2d => ratio(
                self.problems_resolved_within_2d as f64,
                self.problems_eligible_2d as f64,
            ),
            Measure::ContactsEndedAi => self.by_resolver.ai.ended as f64,
            Measure::ContactsEndedHuman => self.by_resolver.human.ended as f64,
            Measure::ContactsEndedEscalated => self.by_resolver.escalated.ended as f64,
            Measure::CsatSurveyAi => survey(&self.by_resolver.ai),
            Measure::CsatSurveyHuman => survey(&self.by_resolver.human),
            Measure::CsatSurveyEscalated => survey(&self.by_resolver.escalated),
            Measure::ResolutionAi => resolution(&self.by_resolver.ai),
            Measure::ResolutionHuman => resolution(&self.by_resolver.human),
            Measure::ResolutionEscalated => resolution(&self.by_resolver.escalated),
            Measure::Fcr => ratio(
                self.first_contacts_resolved as f64,
                self.first_contacts_closed as f64,
            ),
            Measure::RepeatRate => ratio(self.repeat_contacts as f64, self.offered as f64),
            Measure::ContactsPerResolvedProblem => ratio(
                self.resolved_problem_contacts as f64,
                self.problems_resolved as f64,
            ),
            Measure::TimeToResolutionHours => {
                ratio(self.resolution_time / 3600.0, self.problems_resolved as f64)
            }
            Measure::Problems => self.problems as f64,
            Measure::ProblemsResolved => self.problems_resolved as f64,
            Measure::ProblemsLost => self.problems_lost as f64,
            Measure::ProblemsGaveUp => self.problems_gave_up as f64,
            Measure::ProblemsOpenAtEnd => self.problems_open_at_end as f64,
            Measure::ChurnedCustomers => self.churned as f64,
            Measure::CostLabour => self.cost_labour(),
            Measure::PaidAgentHours => self.time.paid / 3600.0,
            Measure::CostAi => self.ai_cost,
            Measure::CostChurn => self.churn_cost,
            Measure::CostTotal => self.cost_total(),
            Measure::CostPerContact => ratio(self.cost_total(), self.offered as f64),
            Measure::CostPerResolved => ratio(self.cost_total(), self.problems_resolved as f64),
            Measure::Headcount => ratio(self.time.employed, self.time.length),
            Measure::Hires => self.hires as f64,
            Measure::Departures => self.departures as f64,
            Measure::LaidOff => self.laid_off as f64,
            Measure::AiFteEquivalent => ratio(self.ai_fte_months * MONTH, self.time.length),
            Measure::CostSeverance => self.severance_cost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_follow_their_definitions() {
        let t = Tally {
            offered: 10,
            answered: 6,
            answered_within_threshold: 4,
            abandoned: 2,
            waiting_at_end: 2,
            delayed: 5,
            answered_wait: 60.0,
            abandoned_wait: 100.0,
            handle_time: 600.0,
            time: TimeWeighted {
                length: 100.0,
                busy: 150.0,
                staffed: 200.0,
                on_duty: 190.0,
                queue: 50.0,
                max_queue: 3,
                labour_cost: 300.0,
                paid: 0.0,
                employed: 0.0,
            },
            ai_conversations: 20,
            ai_resolved: 10,
            ai_falsely_resolved: 2,
            ai_escalated: 5,
            ai_abandoned: 1,
            in_bot_at_end: 2,
            repeat_contacts: 3,
            surveys: 4,
            survey_sum: 16.0,
            first_contacts_closed: 10,
            first_contacts_resolved: 7,
            problems_eligible: 8,
            problems_resolved_within: 6,
            problems_resolved: 7,
            resolved_problem_contacts: 9,
            resolution_time: 7.0 * 1800.0,
            ai_cost: 50.0,
            churn_cost: 150.0,
            ..Tally::default()
        };
        assert_eq!(t.value(Measure::AbandonmentRate), 0.25);
        // 13 of the 18 finished AI conversations ended without a human.
        assert_eq!(t.value(Measure::Containment), 13.0 / 18.0);
        assert_eq!(t.value(Measure::AiShare), 2.0);
        assert_eq!(t.value(Measure::CsatSurvey), 4.0);
        assert_eq!(t.value(Measure::TrueResolutionRate), 0.75);
        assert_eq!(t.value(Measure::Fcr), 0.7);
        assert_eq!(t.value(Measure::RepeatRate), 0.3);
        assert_eq!(t.value(Measure::ContactsPerResolvedProblem), 9.0 / 7.0);
        assert_eq!(t.value(Measure::TimeToResolutionHours), 0.5);
        assert_eq!(t.value(Measure::CostTotal), 500.0);
        assert_eq!(t.value(Measure::CostPerContact), 50.0);
        assert_eq!(t.value(Measure::ServiceLevel), 0.5);
        assert_eq!(t.value(Measure::ProbabilityOfWait), 5.0 / 8.0);
        assert_eq!(t.value(Measure::AsaSeconds), 10.0);
        assert_eq!(t.value(Measure::MeanWaitSeconds), 20.0);
        assert_eq!(t.value(Measure::AhtSeconds), 100.0);
        assert_eq!(t.value(Measure::Occupancy), 0.75);
        assert_eq!(t.value(Measure::MeanQueue), 0.5);
        assert_eq!(t.value(Measure::AgentsOnDuty), 1.9);
        assert!(Tally::default().value(Measure::ServiceLevel).is_nan());
    }

    #[test]
    fn resolver_measures_follow_their_definitions_and_add_up() {
        let mut t = Tally::default();
        let ai = t.by_resolver.get_mut(Resolver::Ai);
        ai.ended = 10;
        ai.resolved = 8;
        ai.surveys = 4;
        ai.survey_sum = 18.0;
        let escalated = t.by_resolver.get_mut(Resolver::Escalated);
        escalated.ended = 5;
        escalated.resolved = 2;
        escalated.abandoned = 1;
        escalated.surveys = 2;
        escalated.survey_sum = 5.0;
        assert_eq!(t.value(Measure::ContactsEndedAi), 10.0);
        assert_eq!(t.value(Measure::CsatSurveyAi), 4.5);
        assert_eq!(t.value(Measure::ResolutionAi), 0.8);
        assert_eq!(t.value(Measure::CsatSurveyEscalated), 2.5);
        assert_eq!(t.value(Measure::ResolutionEscalated), 0.4);
        // No contact went to a human directly: undefined, not zero.
        assert_eq!(t.value(Measure::ContactsEndedHuman), 0.0);
        assert!(t.value(Measure::CsatSurveyHuman).is_nan());
        assert!(t.value(Measure::ResolutionHuman).is_nan());
        let all = t.by_resolver.all();
        assert_eq!((all.ended, all.resolved, all.surveys), (15, 10, 6));
        // Merging adds every resolver's sums.
        let mut twice = t;
        twice.merge(&t);
        assert_eq!(twice.by_resolver.escalated.abandoned, 2);
        assert_eq!(twice.by_resolver.ai.survey_sum, 36.0);
        assert_eq!(twice.value(Measure::CsatSurveyAi), 4.5);
        let windows = Tally {
            problems_eligible_1d: 4,
            problems_resolved_within_1d: 1,
            problems_eligible_2d: 2,
            problems_resolved_within_2d: 2,
            ..Tally::default()
        };
        assert_eq!(windows.value(Measure::ResolvedWithin1d), 0.25);
        assert_eq!(windows.value(Measure::ResolvedWithin2d), 1.0);
        assert!(Tally::default().value(Measure::ResolvedWithin1d).is_nan());
    }

    #[test]
    fn busy_beyond_duty_counts_as_staffed() {
        let mut w = TimeWeighted::default();
        w.add(
            &StateSnapshot {
                busy: 5,
                capacity: 3,
                on_duty: 3,
                waiting: 0,
                labour_cost_rate: 0.5,
                paid: 4.0,
                employed: 0.0,
            },
            2.0,
        );
        assert_eq!(w.staffed, 10.0);
        assert_eq!(w.on_duty, 6.0);
        assert_eq!(w.labour_cost, 1.0);
    }
}
