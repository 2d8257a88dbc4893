//! Targets: the bounds a plan must meet, and how a noisy estimate counts as meeting one.
//!
//! A planner states goals in the language of the floor: "80 % answered within 20 seconds in
//! every half-hour", "abandonment under 5 %", "true resolution at least 90 % over the
//! month". Each is a [`Target`]: a [`Measure`] and a [`Bound`] on it. Targets on the
//! operational measures of the queue ([`Target::PER_INTERVAL`]) may hold in every reporting
//! interval; any measure may be bounded over the whole run.
//!
//! A simulated value is an estimate, so a target is met either **on average** (the mean of
//! the replications satisfies the bound) or **with confidence** `c` (the one-sided
//! `c`-confidence bound of the mean does: the lower bound for a minimum, the upper bound for
//! a maximum). [`MetBy`] says which. The types live here, beside the measures they bound, so
//! that the scenario file can hold them and the deciding room can use them without either
//! knowing the other.

use super::Measure;

/// Which side of a measure a target bounds, and the value, in the measure's unit (a share in
/// [0, 1], seconds, hours, currency or a count).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The measure must be at least this.
    Min(f64),
    /// The measure must be at most this.
    Max(f64),
}

impl Bound {
    /// The bound's value, in the measure's unit.
    pub fn value(self) -> f64 {
        match self {
            Bound::Min(v) | Bound::Max(v) => v,
        }
    }

    /// Whether `value` satisfies the bound (a boundary value does).
    pub fn holds(self, value: f64) -> bool {
        match self {
            Bound::Min(v) => value >= v,
            Bound::Max(v) => value <= v,
        }
    }

    /// `"min"` or `"max"`, as the scenario file writes it.
    pub fn side(self) -> &'static str {
        match self {
            Bound::Min(_) => "min",
            Bound::Max(_) => "max",
        }
    }
}

/// One goal: a measure and the bound it must respect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// The measure bounded.
    pub measure: Measure,
    /// The bound.
    pub bound: Bound,
}

impl Target {
    /// The measures that may be targeted per reporting interval: the queue's operational
    /// measures, which a planner staffs interval by interval.
    pub const PER_INTERVAL: [Measure; 4] = [
        Measure::ServiceLevel,
        Measure::AbandonmentRate,
        Measure::AsaSeconds,
        Measure::ProbabilityOfWait,
    ];

    /// Whether `value` meets the target's bound.
    pub fn holds(&self, value: f64) -> bool {
        self.bound.holds(value)
    }
}

/// How an estimate from several replications counts as meeting a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MetBy {
    /// The mean over replications satisfies the bound.
    OnAverage,
    /// The one-sided confidence bound of the mean at this level (in (0, 1), for example
    /// 0.95) satisfies it: the lower bound for a minimum, the upper bound for a maximum.
    WithConfidence(f64),
}

/// Every target of a scenario (`[targets]` in the file); empty when the file has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Targets that must hold in every reporting interval (measures of
    /// [`Target::PER_INTERVAL`]), in file order.
    pub per_interval: Vec<Target>,
    /// Targets over the whole measurement window, in file order.
    pub over_run: Vec<Target>,
    /// How a target counts as met.
    pub met_by: MetBy,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            per_interval: Vec::new(),
            over_run: Vec::new(),
            met_by: MetBy::OnAverage,
        }
    }
}

impl Targets {
    /// Whether there is no target at all.
    pub fn is_empty(&self) -> bool {
        self.per_interval.is_empty() && self.over_run.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_boundary_value_meets_its_bound() {
        assert!(Bound::Min(0.8).holds(0.8));
        assert!(!Bound::Min(0.8).holds(0.799));
        assert!(Bound::Max(0.05).holds(0.05));
        assert!(!Bound::Max(0.05).holds(0.0501));
    }
}
