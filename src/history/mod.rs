//! Data in: what a contact centre's history says about its arrivals.
//!
//! Planners start from the interval history their workforce-management tool exports
//! (offered, handled, abandoned and handle time per interval), not from numbers typed into
//! a scenario. This room reads such history and turns it into the model's inputs: rates and
//! profiles, the day-to-day noise of volume, and forecasts. It knows the model's units
//! (contacts per second, seconds) but not the scenario file's format.
//!
//! What is here: [`read`], the reader of interval exports; [`grid`], a history laid on the
//! calendar (a day per row, an interval per cell); [`dispersion`], how far daily volumes
//! scatter beyond what a Poisson process would give, which is what makes real staffing buffers larger than Erlang's; [`fit`], a
//! scenario's arrivals (rate, profiles, trend, noise) and handle times from such a history;
//! [`forecast`], the coming weeks' interval volumes (MSTL with an ETS trend on daily totals,
//! against the seasonal naive).

pub mod dispersion;
pub mod fit;
pub mod forecast;
pub mod grid;
pub mod read;

pub use dispersion::Dispersion;
pub use grid::{History, HistoryDay, IntervalGrid, IntervalRecord};
pub use read::{HistoryError, ReadOptions, parse_history, read_history};
