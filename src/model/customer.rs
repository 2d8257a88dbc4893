//! Customers over time: repeat contacts, churn, and how satisfied they say they are.
//!
//! A problem that is not solved (a false resolution, a human who could not solve it, an
//! abandonment) brings the same customer back after a delay, as a new contact with the next
//! attempt number, up to a maximum number of attempts; then the customer gives up. Each bad
//! experience may make the customer leave for good (churn), which costs their lifetime value
//! and ends their attempts.
//!
//! Satisfaction is scored per contact on a 1–5 scale: a base score for the resolver (human or
//! AI) and intent, minus penalties for minutes waited beyond the threshold, for an escalation,
//! for each earlier attempt and for a contact the customer knows was not resolved. A post-
//! contact survey asks some customers: a falsely resolved customer does not yet know, and
//! scores the contact as solved.

use super::distribution::TimeDistribution;

/// When unresolved problems come back.
#[derive(Debug, Clone)]
pub struct Repeats {
    /// Most contacts a customer makes about one problem (1: nobody comes back).
    pub max_attempts: u32,
    /// Time between the end of an unsuccessful contact and the customer's next try, seconds.
    pub delay: Option<TimeDistribution>,
}

impl Default for Repeats {
    fn default() -> Self {
        Self {
            max_attempts: 1,
            delay: None,
        }
    }
}

/// The probability of losing a customer after each kind of bad experience.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Churn {
    /// Lifetime value lost when a customer churns, currency units.
    pub customer_value: f64,
    /// After abandoning (in the queue or in the bot).
    pub per_abandonment: f64,
    /// After a contact that did not solve the problem, as far as the customer can tell: a
    /// human who could not solve it, or the last attempt ending unresolved (the customer gives
    /// up). A false resolution before the last attempt is found out when they come back.
    pub per_unresolved: f64,
    /// After being escalated from the bot to a human (the "escalation loop").
    pub per_escalation: f64,
    /// For each attempt beyond the first.
    pub per_repeat: f64,
    /// After waiting longer than `long_wait` in the human queue.
    pub per_long_wait: f64,
    /// What counts as a long wait, seconds.
    pub long_wait: f64,
}

/// Experiences during one contact that may make a customer leave.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Experience {
    /// The customer abandoned.
    pub abandoned: bool,
    /// The customer knows the problem is still open (a human could not solve it, or they
    /// give up after the last attempt).
    pub unresolved: bool,
    /// The contact was escalated from the bot.
    pub escalated: bool,
    /// The attempt number of the contact (1 for the first).
    pub attempt: u32,
    /// The customer waited longer than the long-wait threshold.
    pub long_wait: bool,
}

impl Churn {
    /// Probability that the customer leaves after `e`: one minus the chance of surviving each
    /// bad experience independently.
    pub fn probability(&self, e: &Experience) -> f64 {
        let mut stay = 1.0;
        if e.abandoned {
            stay *= 1.0 - self.per_abandonment;
        }
        if e.unresolved {
            stay *= 1.0 - self.per_unresolved;
        }
        if e.escalated {
            stay *= 1.0 - self.per_escalation;
        }
        if e.attempt > 1 {
            stay *= 1.0 - self.per_repeat;
        }
        if e.long_wait {
            stay *= 1.0 - self.per_long_wait;
        }
        1.0 - stay
    }
}

/// The satisfaction model and the survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Satisfaction {
    /// Points off per minute waited in the human queue beyond the intent's threshold.
    pub wait_penalty_per_minute: f64,
    /// Points off when the contact was escalated from the bot.
    pub escalation_penalty: f64,
    /// Points off per earlier attempt about the same problem.
    pub repeat_penalty: f64,
    /// Points off when a human could not solve the problem (the customer knows).
    pub unresolved_penalty: f64,
    /// Score of a contact the customer abandoned.
    pub abandoned_score: f64,
    /// Share of handled contacts whose customer answers the survey.
    pub survey_response: f64,
    /// Share of abandoned contacts whose customer answers the survey (usually far lower).
    pub survey_response_abandoned: f64,
}

impl Default for Satisfaction {
    fn default() -> Self {
        Self {
            wait_penalty_per_minute: 0.1,
            escalation_penalty: 0.5,
            repeat_penalty: 0.5,
            unresolved_penalty: 1.5,
            abandoned_score: 1.5,
            survey_response: 0.2,
            survey_response_abandoned: 0.02,
        }
    }
}

/// What the survey model needs to know about one finished contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactEnd {
    /// Base score of the resolver and intent (1–5).
    pub base: f64,
    /// Seconds waited in the human queue.
    pub wait: f64,
    /// The intent's service-level threshold, seconds.
    pub threshold: f64,
    /// Whether the contact came through the bot to a human.
    pub escalated: bool,
    /// Attempt number (1 for the first).
    pub attempt: u32,
    /// Whether the customer knows the problem is still open.
    pub known_unresolved: bool,
    /// Whether the customer abandoned.
    pub abandoned: bool,
}

impl Satisfaction {
    /// The score (1–5) the customer would give the contact.
    pub fn score(&self, c: &ContactEnd) -> f64 {
        if c.abandoned {
            return self.abandoned_score.clamp(1.0, 5.0);
        }
        let waited_beyond = ((c.wait - c.threshold) / 60.0).max(0.0);
        let score = c.base
            - self.wait_penalty_per_minute * waited_beyond
            - if c.escalated {
                self.escalation_penalty
            } else {
                0.0
            }
            - self.repeat_penalty * f64::from(c.attempt.saturating_sub(1))
            - if c.known_unresolved {
                self.unresolved_penalty
            } else {
                0.0
            };
        score.clamp(1.0, 5.0)
    }

    /// Probability that the customer answers the survey.
    pub fn response_probability(&self, abandoned: bool) -> f64 {
        if abandoned {
            self.survey_response_abandoned
        } else {
            self.survey_response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end() -> ContactEnd {
        ContactEnd {
            base: 4.5,
            wait: 0.0,
            threshold: 20.0,
            escalated: false,
            attempt: 1,
            known_unresolved: false,
            abandoned: false,
        }
    }

    #[test]
    fn penalties_are_worked_out_by_hand() {
        let s = Satisfaction::default();
        assert_eq!(s.score(&end()), 4.5);
        // 3m20s wait against a 20 s threshold: 3 minutes beyond, 0.3 off.
        let waited = ContactEnd {
            wait: 200.0,
            ..end()
        };
        assert!((s.score(&waited) - 4.2).abs() < 1e-12);
        // Escalated on the second attempt: 4.5 - 0.5 - 0.5 = 3.5.
        let esc = ContactEnd {
            escalated: true,
            attempt: 2,
            ..end()
        };
        assert!((s.score(&esc) - 3.5).abs() < 1e-12);
        // Unresolved and third attempt: 4.5 - 1.5 - 1.0 = 2.0.
        let bad = ContactEnd {
            known_unresolved: true,
            attempt: 3,
            ..end()
        };
        assert!((s.score(&bad) - 2.0).abs() < 1e-12);
        // Never below 1.
        let awful = ContactEnd {
            wait: 3600.0,
            attempt: 5,
            ..end()
        };
        assert_eq!(s.score(&awful), 1.0);
        assert_eq!(
            s.score(&ContactEnd {
                abandoned: true,
                ..end()
            }),
            1.5
        );
        assert_eq!(s.response_probability(true), 0.02);
    }

    #[test]
    fn churn_combines_independent_experiences() {
        let c = Churn {
            customer_value: 100.0,
            per_abandonment: 0.1,
            per_unresolved: 0.2,
            per_repeat: 0.05,
            per_long_wait: 0.5,
            per_escalation: 0.2,
            long_wait: 300.0,
        };
        let none = Experience {
            attempt: 1,
            ..Default::default()
        };
        assert_eq!(c.probability(&none), 0.0);
        // Abandoned after a long wait on a second attempt: 1 - 0.9 * 0.95 * 0.5 = 0.5725.
        let e = Experience {
            abandoned: true,
            attempt: 2,
            long_wait: true,
            ..Default::default()
        };
        assert!((c.probability(&e) - 0.5725).abs() < 1e-12);
        // Escalated, then not resolved by the human: 1 - 0.8 * 0.8 = 0.36.
        let e = Experience {
            escalated: true,
            unresolved: true,
            attempt: 1,
            ..Default::default()
        };
        assert!((c.probability(&e) - 0.36).abs() < 1e-12);
    }
}
