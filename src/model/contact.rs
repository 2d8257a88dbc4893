//! The lifecycle records of the contact centre: a customer's problem, each contact about it,
//! the random draws a contact makes when it arrives, and how a contact ends.

use crate::engine::SlabKey;
use crate::model::distribution::TimeDistribution;
use crate::model::intent::Intent;
use crate::model::streams::{ContactStreams, Purpose};

/// A customer's problem, from the first contact to its outcome.
#[derive(Debug, Clone, Copy)]
pub(super) struct Problem {
    pub(super) intent: u32,
    pub(super) first_arrival: f64,
    /// Contacts made so far (the attempt number of the latest).
    pub(super) attempts: u32,
    /// The key of this problem's random draws: contact number k draws from the streams
    /// ([`ContactStreams`]) of (key, k), whatever happened to the other contacts (common random
    /// numbers).
    pub(super) key: u64,
}

/// Where a contact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    InBot,
    Waiting,
    InService,
}

/// One contact in the system.
#[derive(Debug, Clone, Copy)]
pub(super) struct Contact {
    pub(super) problem: SlabKey,
    pub(super) intent: u32,
    pub(super) attempt: u32,
    pub(super) arrived: f64,
    /// When it joined the human queue.
    pub(super) queued_at: f64,
    /// Every draw about this contact, made at arrival.
    pub(super) draws: Draws,
    /// Seconds waited in the human queue (set when answered or abandoned).
    pub(super) wait: f64,
    pub(super) stage: Stage,
    /// Whether it found no free agent and had to queue.
    pub(super) queued: bool,
    pub(super) escalated: bool,
    /// Factor on the chance that the agent who answered resolves (the learning curve).
    pub(super) resolution_factor: f64,
    /// The pool whose agent answered it (set when answered).
    pub(super) pool: u32,
}

/// The random draws of one contact, all made when it arrives, each from the stream of its
/// [`Purpose`]: whichever way the contact goes (bot or human, resolved or not), and whichever
/// optional draws the scenario makes (an AI conversation, a repeat delay), the same customer
/// makes the same draws in every scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Draws {
    /// Handle time, before pool and escalation factors, seconds.
    pub(super) handle_time: f64,
    /// How long the customer waits before abandoning, seconds (infinite without a patience).
    pub(super) patience: f64,
    pub(super) opt_out: f64,
    pub(super) ai_outcome: f64,
    pub(super) resolution: f64,
    pub(super) survey: f64,
    pub(super) churn: f64,
    /// Duration of the AI conversation, seconds (0 if the intent has no AI).
    pub(super) ai_duration: f64,
    /// Delay before coming back if unresolved, seconds (0 without repeats).
    pub(super) repeat_delay: f64,
    /// Which agent of the pool answers, by experience (the learning curve).
    pub(super) agent: f64,
}

impl Draws {
    /// The draws of a contact of `intent` from `streams`; `repeat_delay` is the scenario's
    /// delay before a repeat contact, if it has one.
    pub(super) fn new(
        streams: ContactStreams,
        intent: &Intent,
        repeat_delay: Option<&TimeDistribution>,
    ) -> Self {
        let sample = |d: &TimeDistribution, p| d.sample(&mut streams.rng(p));
        Self {
            handle_time: sample(&intent.handle_time, Purpose::HandleTime),
            patience: intent
                .patience
                .as_ref()
                .map_or(f64::INFINITY, |d| sample(d, Purpose::Patience)),
            opt_out: streams.uniform(Purpose::OptOut),
            ai_outcome: streams.uniform(Purpose::AiOutcome),
            resolution: streams.uniform(Purpose::Resolution),
            survey: streams.uniform(Purpose::Survey),
            churn: streams.uniform(Purpose::Churn),
            ai_duration: intent
                .ai
                .as_ref()
                .map_or(0.0, |b| sample(&b.handle_time, Purpose::AiDuration)),
            repeat_delay: repeat_delay.map_or(0.0, |d| sample(d, Purpose::RepeatDelay)),
            agent: streams.uniform(Purpose::Agent),
        }
    }
}

/// How a contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// A human truly resolved the problem.
    HumanResolved,
    /// A human handled it without resolving the problem.
    HumanUnresolved,
    /// The AI truly resolved it.
    AiResolved,
    /// The AI closed it as resolved; the problem is not.
    AiFalselyResolved,
    /// The customer abandoned, in the queue or in the bot.
    Abandoned,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::streams::problem_key;

    fn gamma(mean: f64, cv: f64) -> TimeDistribution {
        TimeDistribution::gamma(mean, cv).unwrap()
    }

    /// An intent with a gamma handle time of cv `cv`, and nothing optional.
    fn intent(cv: f64) -> Intent {
        Intent {
            name: "a".into(),
            channel: crate::model::intent::Channel::Chat,
            share: 1.0,
            handle_time: gamma(300.0, cv),
            patience: None,
            daily_noise: None,
            priority: 0,
            service_level_threshold: None,
            human_resolution: 0.8,
            ai: None,
            satisfaction_human: 4.0,
            satisfaction_ai: 4.0,
        }
    }

    fn with_patience(mut i: Intent) -> Intent {
        i.patience = Some(gamma(120.0, 1.3));
        i
    }

    fn with_ai(mut i: Intent) -> Intent {
        i.ai = Some(crate::model::ai::AiBehaviour {
            resolved: 0.5,
            falsely_resolved: 0.0,
            escalated: 0.5,
            abandoned: 0.0,
            opt_out: 0.1,
            handle_time: gamma(120.0, 0.4),
        });
        i
    }

    /// The draws of 2,000 contacts (two attempts of 1,000 problems) of `intent`, with a repeat
    /// delay if `repeats`.
    fn draws(intent: &Intent, repeats: bool) -> Vec<[f64; 10]> {
        let delay = repeats.then(|| gamma(86_400.0, 0.9));
        let mut out = Vec::new();
        for serial in 0..1_000 {
            for attempt in 1..=2 {
                let streams = ContactStreams::new(problem_key(3, 0, serial), attempt);
                let d = Draws::new(streams, intent, delay.as_ref());
                out.push([
                    d.handle_time,
                    d.patience,
                    d.opt_out,
                    d.ai_outcome,
                    d.resolution,
                    d.survey,
                    d.churn,
                    d.ai_duration,
                    d.repeat_delay,
                    d.agent,
                ]);
            }
        }
        out
    }

    /// Asserts that `a` and `b` agree, contact by contact, in every draw but those at `changed`,
    /// and differ in each of those for most contacts.
    fn only_changed(a: &[[f64; 10]], b: &[[f64; 10]], changed: &[usize]) {
        for (x, y) in a.iter().zip(b) {
            for i in (0..10).filter(|i| !changed.contains(i)) {
                assert_eq!(
                    x[i].to_bits(),
                    y[i].to_bits(),
                    "draw {i} moved: {x:?} / {y:?}"
                );
            }
        }
        for &i in changed {
            let differ = a.iter().zip(b).filter(|(x, y)| x[i] != y[i]).count();
            assert!(
                differ > a.len() / 2,
                "draw {i} differs for only {differ} contacts"
            );
        }
    }

    #[test]
    fn a_patience_moves_no_other_draw() {
        only_changed(
            &draws(&intent(0.6), false),
            &draws(&with_patience(intent(0.6)), false),
            &[1],
        );
    }

    #[test]
    fn an_ai_conversation_moves_no_other_draw() {
        only_changed(
            &draws(&intent(0.6), false),
            &draws(&with_ai(intent(0.6)), false),
            &[7],
        );
    }

    #[test]
    fn a_repeat_delay_moves_no_other_draw() {
        only_changed(
            &draws(&intent(0.6), false),
            &draws(&intent(0.6), true),
            &[8],
        );
    }

    #[test]
    fn a_gamma_of_another_cv_moves_no_other_draw() {
        // Gamma's rejection sampler takes a varying number of values: only the handle time may
        // see that.
        let full = |cv| with_ai(with_patience(intent(cv)));
        only_changed(&draws(&full(0.6), true), &draws(&full(0.2), true), &[0]);
    }
}
