//! Streaming accumulators: counts and sums over a window, combined by addition.

use super::Measure;

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
    /// Of those with a known outcome, the ones that found no free agent on arrival.
    pub delayed: u64,
    /// Sum of waits of answered contacts, seconds.
    pub answered_wait: f64,
    /// Sum of waits of abandoned contacts (time until they left), seconds.
    pub abandoned_wait: f64,
    /// Sum of handle times of answered contacts, seconds.
    pub handle_time: f64,
    /// Time-weighted quantities (agents, queue) over the window.
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
}

/// The state of the floor between two events: what [`TimeWeighted`] integrates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StateSnapshot {
    /// Agents handling a contact.
    pub busy: u64,
    /// Agents on duty.
    pub on_duty: u64,
    /// Contacts waiting in queue.
    pub waiting: u64,
}

impl TimeWeighted {
    /// Adds `dt` seconds spent in `state`.
    #[inline]
    pub fn add(&mut self, state: &StateSnapshot, dt: f64) {
        self.length += dt;
        self.busy += state.busy as f64 * dt;
        self.staffed += state.busy.max(state.on_duty) as f64 * dt;
        self.on_duty += state.on_duty as f64 * dt;
        self.queue += state.waiting as f64 * dt;
    }

    /// Adds another window's integrals to this one.
    pub fn merge(&mut self, other: &TimeWeighted) {
        self.length += other.length;
        self.busy += other.busy;
        self.staffed += other.staffed;
        self.on_duty += other.on_duty;
        self.queue += other.queue;
        self.max_queue = self.max_queue.max(other.max_queue);
    }
}

impl Tally {
    /// Adds another tally's sums to this one (another interval, intent or replication).
    pub fn merge(&mut self, other: &Tally) {
        self.offered += other.offered;
        self.answered += other.answered;
        self.answered_within_threshold += other.answered_within_threshold;
        self.abandoned += other.abandoned;
        self.waiting_at_end += other.waiting_at_end;
        self.delayed += other.delayed;
        self.answered_wait += other.answered_wait;
        self.abandoned_wait += other.abandoned_wait;
        self.handle_time += other.handle_time;
        self.time.merge(&other.time);
    }

    /// Contacts whose outcome is known: answered or abandoned.
    pub fn completed(&self) -> u64 {
        self.answered + self.abandoned
    }

    /// The value of `measure` in this window; `NaN` when it is undefined (a share of no
    /// contacts, an average over no time).
    pub fn value(&self, measure: Measure) -> f64 {
        let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { f64::NAN };
        let completed = self.completed() as f64;
        match measure {
            Measure::Offered => self.offered as f64,
            Measure::Answered => self.answered as f64,
            Measure::Abandoned => self.abandoned as f64,
            Measure::WaitingAtEnd => self.waiting_at_end as f64,
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
            },
        };
        assert_eq!(t.value(Measure::AbandonmentRate), 0.25);
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
    fn busy_beyond_duty_counts_as_staffed() {
        let mut w = TimeWeighted::default();
        w.add(
            &StateSnapshot {
                busy: 5,
                on_duty: 3,
                waiting: 0,
            },
            2.0,
        );
        assert_eq!(w.staffed, 10.0);
        assert_eq!(w.on_duty, 6.0);
    }
}
