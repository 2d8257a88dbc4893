//! The flow of one contact, from arrival to its end: a new problem or a returning customer,
//! the bot or the human queue, the end of an AI conversation, and what happens when a
//! contact ends (the score, the survey, churn, and the problem coming back or closing).
//!
//! Everything drawn about a contact is drawn when it arrives, each draw from its own stream
//! (see [`crate::model::streams`] and `Draws::new`); the human queue it may join is in
//! [`super::queue`].

use super::{Centre, Event};
use crate::engine::SlabKey;
use crate::metrics::{Resolver, ResolverTally};
use crate::model::TrunkLimit;
use crate::model::ai::AiOutcome;
use crate::model::contact::{Contact, Draws, Ending, Problem, Stage};
use crate::model::customer::{ContactEnd, Experience};
use crate::model::distribution::unit_interval;
use crate::model::streams::{ContactStreams, problem_key};
use crate::units::DAY;

impl Centre<'_> {
    /// Schedules the next arrival before the next timeline step (at the step, the stream
    /// restarts with the settings then in force).
    pub(super) fn schedule_next_arrival(&mut self) {
        let horizon = self
            .root
            .timeline
            .steps
            .get(self.next_step)
            .map_or(self.scenario.simulation.horizon, |s| s.at);
        let sc = self.scenario;
        if let Some(t) =
            self.arrivals
                .next(&sc.arrivals, &sc.intents, horizon, &mut self.rng_arrivals)
        {
            self.calendar.schedule(t, Event::Arrival);
        }
    }

    /// The intent of a new problem: drawn by the shares, or by the arrival stream's weights
    /// of the segment it arrives in (a rates file's mix, intents' own noise).
    pub(super) fn draw_intent(&mut self) -> usize {
        let cumulative = self
            .arrivals
            .intent_weights()
            .unwrap_or(&self.cumulative_share);
        if cumulative.len() == 1 {
            return 0;
        }
        let total = cumulative[cumulative.len() - 1];
        let u = unit_interval(&mut self.rng_arrivals) * total;
        cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(cumulative.len() - 1)
    }

    pub(super) fn on_arrival(&mut self, now: f64) {
        let intent = self.draw_intent();
        let key = problem_key(self.seed, self.replication, self.problems_created);
        self.problems_created += 1;
        let problem = self.problems.insert(Problem {
            intent: intent as u32,
            first_arrival: now,
            attempts: 1,
            key,
        });
        self.start_contact(now, problem);
        self.schedule_next_arrival();
    }

    pub(super) fn on_return(&mut self, now: f64, problem: SlabKey) {
        let p = self
            .problems
            .get_mut(problem)
            .expect("a returning problem is open");
        p.attempts += 1;
        self.start_contact(now, problem);
    }

    /// A contact about `problem` arrives at `now`: to the bot or to the human queue.
    pub(super) fn start_contact(&mut self, now: f64, problem: SlabKey) {
        self.contacts_created += 1;
        let sc = self.scenario;
        let p = self.problems.get_mut(problem).expect("the problem is open");
        let (intent, attempts) = (p.intent as usize, p.attempts);
        let spec = &sc.intents[intent];
        let draws = Draws::new(
            ContactStreams::new(p.key, attempts),
            spec,
            sc.repeats.delay.as_ref(),
        );
        let ai = &sc.ai;
        let repeat = attempts > 1;
        // A first contact also starts its problem, counted at the same time and intent.
        let sc = self.scenario;
        let horizon = sc.simulation.horizon;
        let eligible = !repeat && now + sc.resolution_window <= horizon;
        let (eligible_1d, eligible_2d) = (
            !repeat && now + DAY <= horizon,
            !repeat && now + 2.0 * DAY <= horizon,
        );
        self.recorder.record(now, intent, |t| {
            t.offered += 1;
            t.repeat_contacts += u64::from(repeat);
            t.problems += u64::from(!repeat);
            t.problems_eligible += u64::from(eligible);
            t.problems_eligible_1d += u64::from(eligible_1d);
            t.problems_eligible_2d += u64::from(eligible_2d);
        });
        // The trunk: the floor's count is the slab of contacts, a channel's its counter.
        let channel = spec.channel.index();
        let full = match sc.simulation.max_in_system {
            None => false,
            Some(TrunkLimit::Floor(n)) => self.contacts.len() >= n as usize,
            Some(TrunkLimit::ByChannel(limits)) => {
                limits[channel].is_some_and(|n| self.in_system_by_channel[channel] >= n)
            }
        };
        if full {
            self.block(now, problem, attempts, &draws);
            return;
        }
        if let Some(TrunkLimit::ByChannel(_)) = sc.simulation.max_in_system {
            self.in_system_by_channel[channel] += 1;
        }
        let key = self.contacts.insert(Contact {
            problem,
            intent: intent as u32,
            attempt: attempts,
            arrived: now,
            queued_at: now,
            draws,
            wait: 0.0,
            stage: Stage::Waiting,
            queued: false,
            escalated: false,
            resolution_factor: 1.0,
            pool: 0,
        });
        let to_human_by_policy = repeat && ai.repeats_go_to_human;
        if let (true, Some(behaviour), false) = (ai.enabled, &spec.ai, to_human_by_policy) {
            let opted_out = draws.opt_out < behaviour.opt_out;
            let full = ai.concurrency.is_some_and(|c| self.ai_busy >= c);
            if opted_out || full {
                self.recorder.record(now, intent, |t| {
                    t.opted_out += u64::from(opted_out);
                    t.ai_overflow += u64::from(!opted_out);
                });
            } else {
                let duration = draws.ai_duration;
                self.ai_busy += 1;
                self.contacts.get_mut(key).expect("just inserted").stage = Stage::InBot;
                self.recorder
                    .record(now, intent, |t| t.ai_conversations += 1);
                self.calendar.schedule(now + duration, Event::AiEnds(key));
                return;
            }
        }
        self.enter_human_queue(now, key);
    }

    pub(super) fn on_ai_end(&mut self, now: f64, key: SlabKey) {
        self.ai_busy -= 1;
        let c = *self.contacts.get(key).expect("a contact in the bot exists");
        let intent = c.intent as usize;
        let behaviour = self.scenario.intents[intent]
            .ai
            .as_ref()
            .expect("only intents the AI takes reach it");
        let outcome = behaviour.outcome(c.draws.ai_outcome);
        let ai = &self.scenario.ai;
        let duration = now - c.arrived;
        let cost = ai.cost_per_conversation + ai.cost_per_minute * duration / 60.0;
        let replaced = match outcome {
            AiOutcome::Resolved | AiOutcome::FalselyResolved => {
                self.fte_months_per_contained[intent]
            }
            _ => 0.0,
        };
        self.recorder.record(c.arrived, intent, |t| {
            t.ai_time += duration;
            t.ai_cost += cost;
            t.ai_fte_months += replaced;
            match outcome {
                AiOutcome::Resolved => t.ai_resolved += 1,
                AiOutcome::FalselyResolved => t.ai_falsely_resolved += 1,
                AiOutcome::Escalated => t.ai_escalated += 1,
                AiOutcome::Abandoned => t.ai_abandoned += 1,
            }
        });
        match outcome {
            AiOutcome::Resolved => self.finish_contact(now, key, Ending::AiResolved),
            AiOutcome::FalselyResolved => self.finish_contact(now, key, Ending::AiFalselyResolved),
            AiOutcome::Abandoned => self.finish_contact(now, key, Ending::Abandoned),
            AiOutcome::Escalated => {
                self.contacts.get_mut(key).expect("exists").escalated = true;
                self.enter_human_queue(now, key);
            }
        }
    }

    /// The end of contact `key` at `now`: score and survey, churn, and the problem's fate.
    pub(super) fn finish_contact(&mut self, now: f64, key: SlabKey, ending: Ending) {
        let sc = self.scenario;
        let c = self
            .contacts
            .remove(key)
            .expect("a finishing contact exists");
        let intent = &sc.intents[c.intent as usize];
        if let Some(TrunkLimit::ByChannel(_)) = sc.simulation.max_in_system {
            // The timeline keeps an intent's channel under per-channel limits, so this is the
            // channel the contact was counted against when it arrived.
            self.in_system_by_channel[intent.channel.index()] -= 1;
        }
        let abandoned = ending == Ending::Abandoned;
        let known_unresolved = ending == Ending::HumanUnresolved;
        let resolved = matches!(ending, Ending::HumanResolved | Ending::AiResolved);
        let by_human = matches!(ending, Ending::HumanResolved | Ending::HumanUnresolved);
        let score = sc.satisfaction.score(&ContactEnd {
            base: if by_human {
                intent.satisfaction_human
            } else {
                intent.satisfaction_ai
            },
            wait: c.wait,
            threshold: sc.threshold(c.intent as usize),
            escalated: c.escalated,
            attempt: c.attempt,
            known_unresolved,
            abandoned,
        });
        let respond = sc.satisfaction.response_probability(abandoned);
        let surveyed = c.draws.survey < respond;
        // On the last attempt an unresolved problem is known: the customer gives up.
        let last_attempt = c.attempt >= sc.repeats.max_attempts;
        let churn_p = sc.churn.probability(&Experience {
            abandoned,
            unresolved: known_unresolved || (last_attempt && !resolved),
            escalated: c.escalated,
            attempt: c.attempt,
            long_wait: c.wait > sc.churn.long_wait,
        });
        let churned = c.draws.churn < churn_p;
        let first = c.attempt == 1;
        let value = sc.churn.customer_value;
        // Who ended it: the bot (still in it), else a human, after the bot or not.
        let resolver = if c.stage == Stage::InBot {
            Resolver::Ai
        } else if c.escalated {
            Resolver::Escalated
        } else {
            Resolver::Human
        };
        let survey_answer = if surveyed { score } else { 0.0 };
        let count = |t: &mut ResolverTally| {
            t.ended += 1;
            t.resolved += u64::from(resolved);
            t.abandoned += u64::from(abandoned);
            t.surveys += u64::from(surveyed);
            t.survey_sum += survey_answer;
        };
        if by_human {
            // The pool that answered it: its own view of the contacts it served.
            self.recorder.pool_contact(c.arrived, c.pool as usize, |t| {
                t.human_resolved += u64::from(resolved);
                t.human_unresolved += u64::from(!resolved);
                t.surveys += u64::from(surveyed);
                t.survey_sum += survey_answer;
                t.first_contacts_closed += u64::from(first);
                t.first_contacts_resolved += u64::from(first && resolved);
                count(t.by_resolver.get_mut(resolver));
            });
        }
        self.recorder.record(c.arrived, c.intent as usize, |t| {
            count(t.by_resolver.get_mut(resolver));
            t.human_resolved += u64::from(ending == Ending::HumanResolved);
            t.human_unresolved += u64::from(ending == Ending::HumanUnresolved);
            t.scored += 1;
            t.score_sum += score;
            t.surveys += u64::from(surveyed);
            t.survey_sum += if surveyed { score } else { 0.0 };
            t.first_contacts_closed += u64::from(first);
            t.first_contacts_resolved += u64::from(first && resolved);
            t.churned += u64::from(churned);
            t.churn_cost += if churned { value } else { 0.0 };
        });
        self.problem_after(now, c.problem, resolved, churned, c.draws.repeat_delay);
    }

    /// Contact `attempt` about `problem` finds the system full at `now` (the trunk limit): a
    /// busy signal. No conversation, so no score and no survey; the customer may churn as
    /// one who gave up waiting would, or come back later.
    #[cold]
    #[inline(never)]
    fn block(&mut self, now: f64, problem: SlabKey, attempt: u32, draws: &Draws) {
        let sc = self.scenario;
        let p = self.problems.get(problem).expect("the problem is open");
        let intent = p.intent as usize;
        let churn_p = sc.churn.probability(&Experience {
            abandoned: true,
            unresolved: attempt >= sc.repeats.max_attempts,
            escalated: false,
            attempt,
            long_wait: false,
        });
        let churned = draws.churn < churn_p;
        let value = sc.churn.customer_value;
        self.recorder.record(now, intent, |t| {
            t.blocked += 1;
            t.churned += u64::from(churned);
            t.churn_cost += if churned { value } else { 0.0 };
        });
        self.problem_after(now, problem, false, churned, draws.repeat_delay);
    }

    /// What becomes of `problem` after one of its contacts ended at `now`: resolved, lost
    /// (the customer churned), given up (no attempts left), or back after `repeat_delay`.
    // Always inlined: it is the tail of every contact's end, and a call here cost about 2 %
    // of the run's instructions (callgrind).
    #[inline(always)]
    fn problem_after(
        &mut self,
        now: f64,
        problem: SlabKey,
        resolved: bool,
        churned: bool,
        repeat_delay: f64,
    ) {
        let sc = self.scenario;
        let p = self.problems.get_mut(problem).expect("the problem is open");
        let (first, attempts, intent_index) = (p.first_arrival, p.attempts, p.intent as usize);
        let since_first = now - first;
        let horizon = sc.simulation.horizon;
        let within_window =
            since_first <= sc.resolution_window && first + sc.resolution_window <= horizon;
        let within_1d = since_first <= DAY && first + DAY <= horizon;
        let within_2d = since_first <= 2.0 * DAY && first + 2.0 * DAY <= horizon;
        if resolved {
            self.recorder.record(first, intent_index, |t| {
                t.problems_resolved += 1;
                t.resolved_problem_contacts += u64::from(attempts);
                t.resolution_time += since_first;
                t.problems_resolved_within += u64::from(within_window);
                t.problems_resolved_within_1d += u64::from(within_1d);
                t.problems_resolved_within_2d += u64::from(within_2d);
            });
            self.problems.remove(problem);
        } else if churned {
            self.recorder
                .record(first, intent_index, |t| t.problems_lost += 1);
            self.problems.remove(problem);
        } else if attempts >= sc.repeats.max_attempts {
            self.recorder
                .record(first, intent_index, |t| t.problems_gave_up += 1);
            self.problems.remove(problem);
        } else {
            self.calendar
                .schedule(now + repeat_delay, Event::Return(problem));
        }
    }
}
