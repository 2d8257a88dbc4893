//! The discrete-event core: a clock, an event calendar and a slab. It knows nothing of
//! contacts, agents or queues; the contact centre in [`crate::model`] drives it.
//!
//! # Ordering contract
//!
//! Events come out of the [`Calendar`] in increasing time; events scheduled for the same time
//! come out in the order they were scheduled (first in, first out). The tie-break is a
//! sequence number that only grows, so a run is a pure function of its inputs and its random
//! streams: the same scenario and seed replay the same events in the same order on any machine.
//! An event scheduled in the past is a programming error and panics.
//!
//! Time is in seconds (`f64`), like everywhere in staffsim.
//!
//! # Cancellation
//!
//! The calendar has no "cancel". A timer that is no longer wanted (a customer's patience
//! running out after they were answered) stays in the calendar and is recognised as stale when
//! it fires: the model stores a key in the event ([`SlabKey`]) that no longer matches the slot.
//! That is cheaper than removing from the middle of a heap, and the stale timers are bounded
//! by the contacts that were recently in the system.
//!
//! # Interruption
//!
//! A host that outlives its runs (the Python package) stops them on Ctrl-C through
//! [`interrupt`]: the model checks the request every 2¹⁶ events and ends the run early.

mod calendar;
pub mod interrupt;
mod slab;

pub use calendar::Calendar;
pub use slab::{Slab, SlabKey};
