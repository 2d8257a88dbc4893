//! Memory follows the contacts in the system, never the contacts simulated.

use staffsim::metrics::Measure;
use staffsim::model::simulate;

use crate::common::one_queue;

#[test]
fn storage_is_bounded_by_the_contacts_in_the_system() {
    let run = |days: f64| {
        let s = one_queue(2880.0, 60.0, Some(120.0), 50, days * 86_400.0, 0.0, 1, 4);
        simulate(&s, 0)
    };
    let short = run(1.0);
    let long = run(20.0);
    assert!(long.contacts > 15 * short.contacts);
    for r in [&short, &long] {
        // Slots ever used = most contacts alive at once <= agents + longest queue.
        let longest = r.tallies.total.value(Measure::LongestQueue) as usize;
        assert!(
            r.peak_contacts_in_system <= 50 + longest,
            "{} slots for 50 agents and a longest queue of {longest}",
            r.peak_contacts_in_system
        );
    }
    assert!(
        long.peak_contacts_in_system < 2 * short.peak_contacts_in_system,
        "20 times the contacts must not need 2 times the slots: {} vs {}",
        long.peak_contacts_in_system,
        short.peak_contacts_in_system
    );
}

/// With nobody on duty, abandoned contacts are never popped from the queue head; the queue is
/// compacted instead, so storage still follows the contacts waiting.
#[test]
fn an_unstaffed_queue_does_not_keep_the_contacts_that_left() {
    let run = |days: f64| {
        let s = one_queue(2880.0, 60.0, Some(120.0), 0, days * 86_400.0, 0.0, 1, 4);
        simulate(&s, 0)
    };
    let (short, long) = (run(1.0), run(10.0));
    assert_eq!(long.tallies.total.answered, 0);
    assert!(
        long.peak_contacts_in_system < 2 * short.peak_contacts_in_system,
        "{} against {}",
        long.peak_contacts_in_system,
        short.peak_contacts_in_system
    );
}
