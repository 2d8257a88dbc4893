//! The AI assistant: which contacts it takes, how its conversations end, what it costs.
//!
//! A contact whose intent the assistant serves starts with the assistant, unless the customer
//! opts straight out to a human. The conversation takes an AI handle time and ends in one of
//! four ways, with shares per intent:
//!
//! - **resolved**: the problem is truly solved;
//! - **falsely resolved**: the conversation closes as solved, but the problem is not; the
//!   customer will be back (a repeat contact) and meanwhile a survey would score it as solved;
//! - **escalated**: handed to the human queue, with the time spent in the bot counted against
//!   the customer's patience (unless configured otherwise) and a context-loss factor on the
//!   human's handle time (the agent has to ask again);
//! - **abandoned in the bot**: the customer gives up on the conversation.
//!
//! *Containment* is the share that ends without a human: resolved + falsely resolved +
//! abandoned in the bot.

use super::distribution::TimeDistribution;

/// What the assistant does with one intent. The four outcome shares sum to 1.
#[derive(Debug, Clone)]
pub struct AiBehaviour {
    /// Share of AI conversations that truly resolve the problem.
    pub resolved: f64,
    /// Share that close as resolved while the problem is not.
    pub falsely_resolved: f64,
    /// Share handed to a human.
    pub escalated: f64,
    /// Share where the customer gives up in the bot.
    pub abandoned: f64,
    /// Share of customers who opt straight out to a human before the bot starts.
    pub opt_out: f64,
    /// Duration of an AI conversation, seconds.
    pub handle_time: TimeDistribution,
}

/// How one AI conversation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiOutcome {
    /// Truly resolved.
    Resolved,
    /// Closed as resolved; the problem is not.
    FalselyResolved,
    /// Handed to the human queue.
    Escalated,
    /// The customer gave up in the bot.
    Abandoned,
}

impl AiBehaviour {
    /// The outcome for a uniform draw `u` in [0, 1).
    pub fn outcome(&self, u: f64) -> AiOutcome {
        if u < self.resolved {
            AiOutcome::Resolved
        } else if u < self.resolved + self.falsely_resolved {
            AiOutcome::FalselyResolved
        } else if u < self.resolved + self.falsely_resolved + self.escalated {
            AiOutcome::Escalated
        } else {
            AiOutcome::Abandoned
        }
    }

    /// Containment: the share of AI conversations that end without a human.
    pub fn containment(&self) -> f64 {
        1.0 - self.escalated
    }
}

/// Settings of the assistant as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct AiSettings {
    /// Whether the assistant is live. When not, every contact goes to the human queue.
    pub enabled: bool,
    /// Cost of one AI conversation, currency units.
    pub cost_per_conversation: f64,
    /// Cost of one minute of AI conversation, currency units.
    pub cost_per_minute: f64,
    /// Most conversations the assistant holds at once; `None` is unlimited. A contact that
    /// finds it full goes to the human queue (an overflow), as if it had opted out.
    pub concurrency: Option<u32>,
    /// Whether the time spent in the bot counts against the customer's patience once
    /// escalated (true: the customer's patience clock started at arrival).
    pub bot_time_counts_against_patience: bool,
    /// Extra human handle time after an escalation, as a share of the handle time (0.2: 20 %
    /// longer, the agent re-asks what the bot already heard).
    pub context_loss: f64,
    /// Whether a customer who comes back about an unresolved problem goes straight to a human
    /// (a policy); if not, a repeat contact meets the bot again with the same odds.
    pub repeats_go_to_human: bool,
    /// Productive time of one full-time agent per month, seconds: the denominator of the
    /// AI's FTE-equivalent ([`crate::metrics::Measure::AiFteEquivalent`]).
    pub fte_productive_time: f64,
}

impl Default for AiSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            cost_per_conversation: 0.0,
            cost_per_minute: 0.0,
            concurrency: None,
            bot_time_counts_against_patience: true,
            context_loss: 0.0,
            repeats_go_to_human: false,
            fte_productive_time: 150.0 * 3600.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_split_the_unit_interval_by_share() {
        let b = AiBehaviour {
            resolved: 0.6,
            falsely_resolved: 0.1,
            escalated: 0.2,
            abandoned: 0.1,
            opt_out: 0.0,
            handle_time: TimeDistribution::deterministic(60.0).unwrap(),
        };
        assert_eq!(b.outcome(0.0), AiOutcome::Resolved);
        assert_eq!(b.outcome(0.599), AiOutcome::Resolved);
        assert_eq!(b.outcome(0.65), AiOutcome::FalselyResolved);
        assert_eq!(b.outcome(0.75), AiOutcome::Escalated);
        assert_eq!(b.outcome(0.95), AiOutcome::Abandoned);
        assert!((b.containment() - 0.8).abs() < 1e-12);
    }
}
