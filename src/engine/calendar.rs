//! The event calendar: a binary heap ordered by `(time, sequence)`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One scheduled event: its time, its tie-breaking sequence number and its payload.
#[derive(Debug)]
struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// The future event list of one simulation run, with its clock.
///
/// `E` is the model's event type, usually a plain `enum` matched in one place.
#[derive(Debug)]
pub struct Calendar<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
    now: f64,
}

impl<E> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Calendar<E> {
    /// An empty calendar with the clock at time zero.
    pub fn new() -> Self {
        Self {
            heap: BinaryHeap::new(),
            next_seq: 0,
            now: 0.0,
        }
    }

    /// The current simulation time in seconds: the time of the last event popped.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Schedules `event` at absolute time `time` (seconds).
    ///
    /// # Panics
    /// If `time` is before [`now`](Self::now) or not finite: the model has a bug.
    pub fn schedule(&mut self, time: f64, event: E) {
        assert!(
            time >= self.now && time.is_finite(),
            "event scheduled at {time} s, before the clock ({} s) or not finite",
            self.now
        );
        self.heap.push(Entry {
            time,
            seq: self.next_seq,
            event,
        });
        self.next_seq += 1;
    }

    /// Schedules `event` `delay` seconds from now.
    pub fn schedule_in(&mut self, delay: f64, event: E) {
        self.schedule(self.now + delay, event);
    }

    /// The time of the next event, if any, without removing it.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the next event if it is due no later than `until`, advancing the clock to it.
    pub fn pop_until(&mut self, until: f64) -> Option<(f64, E)> {
        if self.heap.peek()?.time > until {
            return None;
        }
        let entry = self.heap.pop()?;
        self.now = entry.time;
        Some((entry.time, entry.event))
    }

    /// Moves the clock forward to `time` without an event (the end of a run).
    pub fn advance_to(&mut self, time: f64) {
        assert!(time >= self.now, "the clock cannot go back");
        self.now = time;
    }

    /// Number of events waiting in the calendar, stale timers included.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_out_by_time_then_insertion_order() {
        let mut cal = Calendar::new();
        cal.schedule(5.0, "late");
        cal.schedule(1.0, "first at 1");
        cal.schedule(1.0, "second at 1");
        cal.schedule(0.5, "early");
        cal.schedule(1.0, "third at 1");
        let order: Vec<_> = std::iter::from_fn(|| cal.pop_until(f64::INFINITY))
            .map(|(_, e)| e)
            .collect();
        assert_eq!(
            order,
            ["early", "first at 1", "second at 1", "third at 1", "late"]
        );
        assert_eq!(cal.now(), 5.0);
    }

    #[test]
    fn pop_until_stops_at_the_limit_and_keeps_the_clock() {
        let mut cal = Calendar::new();
        cal.schedule(2.0, ());
        cal.schedule(3.0, ());
        assert!(cal.pop_until(2.5).is_some());
        assert!(cal.pop_until(2.5).is_none());
        assert_eq!(cal.now(), 2.0);
        assert_eq!(cal.len(), 1);
    }

    #[test]
    #[should_panic(expected = "before the clock")]
    fn an_event_in_the_past_is_refused() {
        let mut cal = Calendar::new();
        cal.schedule(2.0, ());
        cal.pop_until(10.0);
        cal.schedule(1.0, ());
    }
}
