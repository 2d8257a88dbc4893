//! Stopping every running simulation early, at the host's request.
//!
//! The command line stops with its process on Ctrl-C. A host that lives on, such as the Python
//! package in a notebook, cannot: it turns Ctrl-C into a request here, and every simulation
//! running in the process ends at its next check (every 65,536 events, well under a
//! millisecond), so an experiment of hours returns at once. What an interrupted run returns is
//! partial and means nothing: the host discards it, then clears the request before the next
//! run. The request is one flag for the whole process (relaxed atomics: a check costs one load
//! and a branch); a host that runs several experiments at once stops them all.
//!
//! A run also stops when its contacts in the system pass the **contact limit** the host set
//! ([`set_contact_limit`]): the backstop of the estimate a command makes before it runs
//! (`experiment::budget`), for what the estimate cannot foresee from the settings (a
//! timeline that lays off the floor under customers who never abandon, a peak far above the
//! mean). Without it such a run fills the memory and is killed, after minutes of work and
//! with no word of why; with it the run ends at its next check, [`contact_limit_reached`]
//! says so, and the host refuses the results with the reason. The limit is checked with the
//! request, so a run under it is unchanged.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set while an interruption is requested.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Most contacts in the system of one run before it stops; `usize::MAX`: no limit.
static CONTACT_LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Set when a run stopped at the contact limit.
static LIMIT_REACHED: AtomicBool = AtomicBool::new(false);

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

/// Sets the most contacts in the system (contacts: in the bot, waiting or in service) that
/// one run may hold before it stops, for every run of the process that starts or checks
/// after this (`usize::MAX`: no limit, the default), and clears
/// [`contact_limit_reached`].
pub fn set_contact_limit(contacts: usize) {
    CONTACT_LIMIT.store(contacts, Ordering::Relaxed);
    LIMIT_REACHED.store(false, Ordering::Relaxed);
}

/// The contact limit in force (contacts).
pub fn contact_limit() -> usize {
    CONTACT_LIMIT.load(Ordering::Relaxed)
}

/// Records that a run stopped at the contact limit (the engine calls it).
pub fn reach_contact_limit() {
    LIMIT_REACHED.store(true, Ordering::Relaxed);
}

/// Whether some run stopped at the contact limit since it was set: its results are partial,
/// and the host must discard them.
pub fn contact_limit_reached() -> bool {
    LIMIT_REACHED.load(Ordering::Relaxed)
}
