//! The lifecycle records of the contact centre: a customer's problem, each contact about it,
//! the random draws a contact makes when it arrives, and how a contact ends.

use crate::engine::SlabKey;

/// A customer's problem, from the first contact to its outcome.
#[derive(Debug, Clone, Copy)]
pub(super) struct Problem {
    pub(super) intent: u32,
    pub(super) first_arrival: f64,
    /// Contacts made so far (the attempt number of the latest).
    pub(super) attempts: u32,
    /// The key of this problem's random draws: contact number k draws from a generator
    /// seeded with (key, k), whatever happened to the other contacts (common random numbers).
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
    /// Handle time drawn at arrival, before pool and escalation factors, seconds.
    pub(super) handle_time: f64,
    pub(super) patience: f64,
    /// Every other draw about this contact, made at arrival.
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

/// The random draws of one contact, all made when it arrives, in a fixed order, from a
/// generator of its own (seeded from its problem's): whichever way the contact goes (bot or
/// human, resolved or not), the same customer makes the same draws in every scenario.
#[derive(Debug, Clone, Copy)]
pub(super) struct Draws {
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
