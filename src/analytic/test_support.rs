//! Helpers shared by the unit tests of the `analytic` module.

use super::{ErlangPerformance, ErlangQueue};

/// A queue from rate (per second), AHT (s), agents and mean patience (s).
pub(crate) fn queue(rate: f64, aht: f64, agents: u32, patience: Option<f64>) -> ErlangQueue {
    ErlangQueue {
        arrival_rate: rate,
        mean_handle_time: aht,
        agents,
        mean_patience: patience,
    }
}

/// Relative difference of `x` from `y`.
pub(crate) fn rel(x: f64, y: f64) -> f64 {
    ((x - y) / y).abs()
}

/// Asserts that every figure is finite, non-negative and consistent.
pub(crate) fn assert_sane(p: &ErlangPerformance) {
    let fields = [
        p.offered_load,
        p.probability_of_wait,
        p.abandonment_rate,
        p.mean_wait,
        p.average_speed_of_answer,
        p.service_level,
        p.occupancy,
    ];
    assert!(fields.iter().all(|x| x.is_finite() && *x >= 0.0), "{p:?}");
    for prob in [
        p.probability_of_wait,
        p.abandonment_rate,
        p.service_level,
        p.occupancy,
    ] {
        assert!(prob <= 1.0, "{p:?}");
    }
    assert!(
        p.abandonment_rate <= p.probability_of_wait * (1.0 + 1e-12),
        "{p:?}"
    );
    assert!(p.service_level <= 1.0 - p.abandonment_rate + 1e-12, "{p:?}");
}
