//! Stopping every running simulation early, at the host's request.
//!
//! The command line stops with its process on Ctrl-C. A host that lives on, such as the Python
//! package in a notebook, cannot: it turns Ctrl-C into a request here, and every simulation
//! running in the process ends at its next check (every 65,536 events, well under a
//! millisecond), so an experiment of hours returns at once. What an interrupted run returns is
//! partial and means nothing: the host discards it, then clears the request before the next
//! run. The request is one flag for the whole process (relaxed atomics: a check costs one load
//! and a branch); a host that runs several experiments at once stops them all.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set while an interruption is requested.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Events between two checks of the request, as a mask on the event count (2¹⁶ events).
pub const CHECK_EVERY_MASK: u64 = (1 << 16) - 1;

/// Asks every simulation running in the process to end at its next check.
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Withdraws the request, so that later runs go to their horizon.
pub fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}

/// Whether an interruption is requested: the runs check it and stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}
