//! Changes of the operation over time: the validated form of a scenario's `[[timeline]]`.
//!
//! A [`Timeline`] is a list of [`Step`]s in time order; each holds the whole settings in
//! force from its moment on (already validated, so the engine only switches to them) and
//! the headcount moves it makes. The engine reads the settings at each step and the
//! reports read the [`TimelineEvent`]s, one per entry as the file states it.

use super::Scenario;

/// The changes of a scenario over time.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Moments at which something changes, in time order.
    pub steps: Vec<Step>,
    /// The entries as the file states them, for reports: one per `[[timeline]]`, in time
    /// order.
    pub events: Vec<TimelineEvent>,
}

/// One moment at which the scenario changes.
#[derive(Debug, Clone)]
pub struct Step {
    /// When, seconds from the start.
    pub at: f64,
    /// The settings in force from this moment (with an empty timeline), if any setting
    /// changed.
    pub settings: Option<Box<Scenario>>,
    /// Agents laid off now: (pool index, count).
    pub layoffs: Vec<(usize, u32)>,
    /// Requisitions opened now: (pool index, count); they start after the pool's lead time.
    pub hires: Vec<(usize, u32)>,
}

/// A timeline entry as reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineEvent {
    /// When it happens, seconds from the start.
    pub at_seconds: f64,
    /// When a ramp ends, seconds from the start.
    pub until_seconds: Option<f64>,
    /// The report month it happens in, 1-based.
    pub month: usize,
    /// The month's label ("2024-02", or "month 19").
    pub label: String,
    /// What happens: the entry's `event`, or a summary of its changes.
    pub description: String,
}
