//! Erlang A (M/M/n+M) performance measures; see the parent module's
//! documentation for the formulas.

use super::erlang::{ErlangPerformance, Inputs};
use super::gamma::{
    ln_gamma_p, ln_gamma_q, ln_power_exp_over_gamma, ln_scaled_lower, lower_series, mean_log_ratio,
};

/// Numerically safe logistic function `1 / (1 + e^-d)`.
fn logistic(d: f64) -> f64 {
    if d >= 0.0 {
        1.0 / (1.0 + (-d).exp())
    } else {
        let e = d.exp();
        e / (1.0 + e)
    }
}

impl Inputs {
    /// Erlang A figures for `n` agents given `ln(1/B(n-1, a))`; the average
    /// speed of answer is only computed when `with_asa` (it is not needed by
    /// the staffing search) and is NaN otherwise.
    pub(super) fn erlang_a(
        &self,
        n: u32,
        patience: f64,
        ln_inv_b_prev: f64,
        with_asa: bool,
    ) -> ErlangPerformance {
        let (lambda, a) = (self.arrival_rate, self.load);
        let nf = f64::from(n);
        // s = n μ / θ and b = λ / θ.
        let s = nf * (patience / self.handle_time);
        let b = lambda * patience;
        let theta_t = self.threshold / patience;
        // Per regime: ln G(s, b); m = E[number queued | wait];
        // ln P(answered | wait) = ln(G(s+1, b) / G(s, b));
        // ln(γ(s+1, c) / γ(s+1, b)) with c = b e^{-θt};
        // E[ln(b/U)], U ~ gamma(s+1) on (0, b) (needed for the ASA only).
        let (ln_g, queued_given_wait, ln_answer_given_wait, ln_late_share, mean_log) =
            if b < s + 1.0 {
                // Series regime: one pass over q_k = Π_{i≤k} b/(s+i) gives
                // everything as ratios of sums of positive terms.
                let sums = lower_series(s, b);
                let ln_g1 = (sums.tail / b).ln(); // ln G(s+1, b)
                let late = if theta_t == 0.0 {
                    0.0
                } else {
                    let c = b * (-theta_t).exp();
                    // γ(s+1, x) = x^(s+1) e^(-x) G(s+1, x)
                    -(s + 1.0) * theta_t + b * -(-theta_t).exp_m1() + ln_scaled_lower(s + 1.0, c)
                        - ln_g1
                };
                (
                    sums.sum.ln() - s.ln(),
                    sums.first_moment / sums.sum,
                    (s / b).ln() + (sums.tail / sums.sum).ln(),
                    late,
                    sums.harmonic_moment / sums.tail,
                )
            } else {
                // Continued-fraction regime: Q(s, b) is at most about 1/2,
                // Q(s+1, b) = Q(s, b) + b^s e^(-b) / Γ(s+1), and both P = 1 - Q
                // are free of cancellation.
                let ln_pref = ln_power_exp_over_gamma(s, b);
                let q0 = ln_gamma_q(s, b).exp();
                let q1 = q0 + ln_pref.exp();
                let (ln_p0, ln_p1) = ((-q0).ln_1p(), (-q1).ln_1p());
                let ln_g = ln_p0 - ln_pref - s.ln();
                let late = if theta_t == 0.0 {
                    0.0
                } else {
                    ln_gamma_p(s + 1.0, b * (-theta_t).exp()) - ln_p1
                };
                (
                    ln_g,
                    (b - s) + (-ln_g).exp(),
                    (s / b).ln() + ln_p1 - ln_p0,
                    late,
                    if with_asa {
                        mean_log_ratio(s + 1.0, b)
                    } else {
                        f64::NAN
                    },
                )
            };
        // λ J = b G(s, b) against ε = 1/B(n-1, a).
        let d = b.ln() + ln_g - ln_inv_b_prev;
        let (p_wait, p_immediate) = (logistic(d), logistic(-d));
        let answer_given_wait = ln_answer_given_wait.exp().min(1.0);
        // P(abandon | wait) = E[queue length | wait] / b.
        let p_abandon = p_wait * (queued_given_wait / b).min(1.0);
        let p_answered = p_immediate + p_wait * answer_given_wait;
        // Answered within t given a wait: P(ans | wait) (1 - γ(s+1, c)/γ(s+1, b)).
        let within_given_wait = answer_given_wait * -ln_late_share.min(0.0).exp_m1();
        let average_speed_of_answer = if !with_asa {
            f64::NAN
        } else if p_wait == 0.0 {
            0.0
        } else {
            // E[V | answered, wait] = E[ln(b/U)] / θ.
            let wait_answered = mean_log * patience;
            p_wait * answer_given_wait * wait_answered / p_answered
        };
        ErlangPerformance {
            agents: n,
            offered_load: a,
            probability_of_wait: p_wait,
            abandonment_rate: p_abandon,
            // Little's law on abandonments: E[W] = E[Q] / λ.
            mean_wait: p_wait * queued_given_wait / lambda,
            average_speed_of_answer,
            service_level: (p_immediate + p_wait * within_given_wait).min(1.0),
            occupancy: (a * (1.0 - p_abandon) / nf).min(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_sane, queue, rel};
    use super::super::{ErlangError, ErlangQueue};
    use proptest::prelude::*;

    #[test]
    fn one_agent_erlang_a_conserves_flow() {
        // M/M/1+M: the agent is busy exactly when an arrival would wait
        // (PASTA), so the occupancy derived from the abandonment rate,
        // λ(1 - P(abandon))/μ, must equal P(wait), computed independently.
        for (rate, patience) in [(0.5 / 60.0, 30.0), (2.0 / 60.0, 300.0), (0.9 / 60.0, 1e-3)] {
            let p = queue(rate, 60.0, 1, Some(patience))
                .performance(10.0)
                .unwrap();
            assert!(rel(p.occupancy, p.probability_of_wait) < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn large_systems_are_stable() {
        for n in [5_000u32, 10_000, 20_000] {
            for factor in [0.5, 0.98, 0.999, 1.0, 1.5] {
                let rate = factor * f64::from(n) / 300.0;
                for patience in [Some(1.0), Some(180.0), Some(1e6), None] {
                    match queue(rate, 300.0, n, patience).performance(20.0) {
                        Ok(p) => assert_sane(&p),
                        Err(ErlangError::Unstable { .. }) => {
                            assert!(patience.is_none() && factor >= 1.0)
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn never_nan_never_panics(
            log_rate in -6.0f64..3.0,
            log_aht in -2.0f64..4.0,
            agents in 1u32..3000,
            log_patience in prop::option::of(-3.0f64..8.0),
            threshold in 0.0f64..1e4,
        ) {
            let (rate, aht) = (10f64.powf(log_rate), 10f64.powf(log_aht));
            let patience = log_patience.map(|l| 10f64.powf(l));
            let q = queue(rate, aht, agents, patience);
            match q.performance(threshold) {
                Ok(p) => assert_sane(&p),
                Err(ErlangError::Unstable { load, agents }) => {
                    prop_assert!(patience.is_none() && load >= f64::from(agents));
                }
                Err(ErlangError::InvalidInput(_)) => {
                    // Only the documented range limit of Erlang A may refuse
                    // these (finite, positive) inputs.
                    let p = patience.unwrap();
                    let per_patience = (rate * p).max(f64::from(agents) * p / aht);
                    prop_assert!(per_patience > 1e12, "{q:?}");
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }

        #[test]
        fn service_level_grows_with_agents(
            load in 0.5f64..200.0,
            patience in prop::option::of(5.0f64..2000.0),
            threshold in 0.0f64..120.0,
        ) {
            let q = queue(load / 180.0, 180.0, 1, patience);
            let mut last = -1.0;
            for n in (load.floor() as u32 + 1)..(load as u32 + 40) {
                let p = ErlangQueue { agents: n, ..q }.performance(threshold).unwrap();
                prop_assert!(p.service_level >= last - 1e-12);
                last = p.service_level;
            }
        }
    }
}
