//! Test-only reference solver for the M/M/n+M queue (and M/M/n when the
//! abandonment rate is 0) that shares no code with the closed forms: it
//! builds the stationary distribution of the birth–death chain state by
//! state in log space, reads waiting figures off it with Little's law, and
//! gets the service level from the tagged-customer process by
//! uniformisation. Used to cross-check `erlang.rs`.

use super::{ErlangPerformance, ErlangQueue};
use statrs::function::gamma::ln_gamma;

/// Reference figures from the chain (same meaning as [`ErlangPerformance`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChainFigures {
    pub probability_of_wait: f64,
    pub abandonment_rate: f64,
    pub mean_wait: f64,
    pub average_speed_of_answer: f64,
    pub service_level: f64,
    pub occupancy: f64,
}

/// Solves the chain for `queue` (`mean_patience: None` means θ = 0, which
/// needs load < agents) with service-level threshold `t` seconds.
pub(crate) fn solve(queue: &ErlangQueue, t: f64) -> ChainFigures {
    let lambda = queue.arrival_rate;
    let mu = 1.0 / queue.mean_handle_time;
    let theta = queue.mean_patience.map_or(0.0, |p| 1.0 / p);
    let n = queue.agents as usize;
    let nmu = n as f64 * mu;
    // Unnormalised log weights: w_k = w_{k-1} λ / (min(k,n) μ + (k-n)^+ θ).
    let mut lw = vec![0.0f64];
    let mut max_queue = f64::NEG_INFINITY;
    for k in 1.. {
        let death = (k.min(n)) as f64 * mu + (k.saturating_sub(n)) as f64 * theta;
        let next = lw[k - 1] + (lambda / death).ln();
        lw.push(next);
        if k >= n {
            max_queue = max_queue.max(next);
            // Past the mode of the queue part and 80 nats below it: done.
            if lambda < death && next < max_queue - 80.0 {
                break;
            }
        }
    }
    let top = lw.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let z: f64 = lw.iter().map(|l| (l - top).exp()).sum();
    let pi: Vec<f64> = lw.iter().map(|l| (l - top).exp() / z).collect();
    let queue_part = &pi[n..];
    let p_wait: f64 = queue_part.iter().sum();
    // Summed separately (not 1 - p_wait) so that tiny values keep their digits.
    let p_no_wait: f64 = pi[..n].iter().sum();
    let mean_queue: f64 = queue_part
        .iter()
        .enumerate()
        .map(|(j, p)| j as f64 * p)
        .sum();
    let busy: f64 = pi
        .iter()
        .enumerate()
        .map(|(k, p)| k.min(n) as f64 * p)
        .sum();
    let p_abandon = theta * mean_queue / lambda;
    // Tagged customer who finds j others queued: each stage (j, j-1, ..., 0
    // ahead) ends after Exp(nμ + (i+1)θ); it is served with probability
    // nμ / (nμ + (j+1)θ), independently of how long the stages took.
    let mut expected_answered_wait = 0.0;
    let mut p_answered = p_no_wait;
    let mut stage_sum = 0.0;
    for (j, p) in queue_part.iter().enumerate() {
        let rate = nmu + (j as f64 + 1.0) * theta;
        stage_sum += 1.0 / rate;
        expected_answered_wait += p * (nmu / rate) * stage_sum;
        p_answered += p * (nmu / rate);
    }
    ChainFigures {
        probability_of_wait: p_wait,
        abandonment_rate: p_abandon,
        mean_wait: mean_queue / lambda,
        average_speed_of_answer: expected_answered_wait / p_answered,
        service_level: p_no_wait + p_wait * served_within(queue_part, nmu, theta, t),
        occupancy: busy / n as f64,
    }
}

/// P(served within t | wait) for a tagged customer whose number of others
/// queued ahead on arrival has (unnormalised) distribution `ahead`, by
/// uniformisation of the tagged customer's position process.
fn served_within(ahead: &[f64], nmu: f64, theta: f64, t: f64) -> f64 {
    let total: f64 = ahead.iter().sum();
    let mut p: Vec<f64> = ahead.iter().map(|x| x / total).collect();
    let k = p.len();
    let uniform = nmu + k as f64 * theta;
    let mean_events = uniform * t;
    if mean_events == 0.0 {
        return 0.0;
    }
    let mut served = 0.0;
    let mut result = 0.0;
    for events in 0usize.. {
        let ln_pois =
            -mean_events + events as f64 * mean_events.ln() - ln_gamma(events as f64 + 1.0);
        let weight = ln_pois.exp();
        result += weight * served;
        // Past the Poisson mean, the weights fall at least geometrically;
        // stop once even a served share of 1 in every later term could not
        // matter relative to what has been summed (the result can be tiny
        // when being served in time is a large deviation).
        let ratio = mean_events / (events as f64 + 1.0);
        if ratio < 0.9 && weight * ratio / (1.0 - ratio) <= 1e-15 * result {
            break;
        }
        assert!(events < 10_000_000, "uniformisation did not converge");
        // One uniformised step: from j ahead, move to j-1 (or get served from
        // 0) at rate nμ + jθ, abandon at rate θ, else stay.
        served += p[0] * nmu / uniform;
        for j in 0..k {
            let out = (nmu + (j as f64 + 1.0) * theta) / uniform;
            let down = if j + 1 < k {
                p[j + 1] * (nmu + (j as f64 + 1.0) * theta) / uniform
            } else {
                0.0
            };
            p[j] = p[j] * (1.0 - out) + down;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// |x - y| <= tol·|y|, or both tinier than anything meaningful.
    fn close(x: f64, y: f64, tol: f64) -> bool {
        (x - y).abs() <= tol * y.abs() || (x.abs() < 1e-290 && y.abs() < 1e-290)
    }

    fn assert_matches(perf: &ErlangPerformance, chain: &ChainFigures, tol: f64, label: &str) {
        let pairs = [
            (
                "P(wait)",
                perf.probability_of_wait,
                chain.probability_of_wait,
            ),
            ("abandonment", perf.abandonment_rate, chain.abandonment_rate),
            ("mean wait", perf.mean_wait, chain.mean_wait),
            (
                "ASA",
                perf.average_speed_of_answer,
                chain.average_speed_of_answer,
            ),
            ("service level", perf.service_level, chain.service_level),
            ("occupancy", perf.occupancy, chain.occupancy),
        ];
        for (name, ours, reference) in pairs {
            assert!(
                close(ours, reference, tol),
                "{label}: {name} closed form {ours:e} vs chain {reference:e} (rel {:e})",
                ((ours - reference) / reference).abs()
            );
        }
    }

    #[test]
    fn erlang_a_matches_birth_death_chain() {
        // Required agreement is 1e-6 relative; the observed worst case over
        // this grid is ~3e-12, so the test asks for 1e-9.
        // (AHT, patience): patient and impatient customers.
        let behaviours = [(180.0, 300.0), (300.0, 60.0), (60.0, 600.0)];
        for n in [1u32, 10, 100, 1000] {
            for load_factor in [0.5, 0.9, 1.0, 1.2] {
                for (aht, patience) in behaviours {
                    let queue = ErlangQueue {
                        arrival_rate: load_factor * f64::from(n) / aht,
                        mean_handle_time: aht,
                        agents: n,
                        mean_patience: Some(patience),
                    };
                    for threshold in [0.0, 20.0, 90.0] {
                        let perf = queue.performance(threshold).unwrap();
                        let chain = solve(&queue, threshold);
                        let label = format!(
                            "n={n} load={load_factor}n aht={aht} patience={patience} t={threshold}"
                        );
                        assert_matches(&perf, &chain, 1e-9, &label);
                    }
                }
            }
        }
    }

    #[test]
    fn regime_boundaries_match_birth_death_chain() {
        // The closed forms switch between the series (b < s + 1) and the
        // continued fraction; check both sides of the switch, with
        // s = nμ/θ and b = λ/θ.
        for n in [1u32, 10, 100] {
            let (aht, patience) = (100.0, 250.0);
            let s = f64::from(n) * patience / aht;
            for offset in [-1.0, -1e-9, 0.0, 0.5, 1.0 - 1e-9, 1.0, 1.5, 2.0, 3.0, 40.0] {
                let queue = ErlangQueue {
                    arrival_rate: (s + offset) / patience,
                    mean_handle_time: aht,
                    agents: n,
                    mean_patience: Some(patience),
                };
                for threshold in [0.0, 30.0] {
                    let label = format!("n={n} b-s={offset} t={threshold}");
                    let perf = queue.performance(threshold).unwrap();
                    assert_matches(&perf, &solve(&queue, threshold), 1e-9, &label);
                }
            }
        }
    }

    #[test]
    fn erlang_c_matches_birth_death_chain() {
        for n in [1u32, 10, 100, 1000] {
            for load_factor in [0.5, 0.9, 0.97] {
                let queue = ErlangQueue {
                    arrival_rate: load_factor * f64::from(n) / 240.0,
                    mean_handle_time: 240.0,
                    agents: n,
                    mean_patience: None,
                };
                let perf = queue.performance(20.0).unwrap();
                let label = format!("n={n} load={load_factor}n");
                assert_matches(&perf, &solve(&queue, 20.0), 1e-9, &label);
            }
        }
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows() {
        for n in [1u32, 10, 100, 1000] {
            for load_factor in [0.5, 0.9, 0.99] {
                let aht = 300.0;
                let erlang_c = ErlangQueue {
                    arrival_rate: load_factor * f64::from(n) / aht,
                    mean_handle_time: aht,
                    agents: n,
                    mean_patience: None,
                };
                let c = erlang_c.performance(30.0).unwrap();
                let gap = |scale: f64| {
                    let a = ErlangQueue {
                        mean_patience: Some(scale * aht),
                        ..erlang_c
                    }
                    .performance(30.0)
                    .unwrap();
                    assert!(a.abandonment_rate < 1e-5, "{a:?}");
                    [
                        (a.probability_of_wait - c.probability_of_wait) / c.probability_of_wait,
                        (a.mean_wait - c.mean_wait) / c.mean_wait,
                        (a.average_speed_of_answer - c.average_speed_of_answer) / c.mean_wait,
                        (a.service_level - c.service_level) / c.service_level,
                        (a.occupancy - c.occupancy) / c.occupancy,
                    ]
                    .iter()
                    .fold(0.0f64, |m, x| m.max(x.abs()))
                };
                let (g7, g9) = (gap(1e7), gap(1e9));
                let label = format!("n={n} load={load_factor}n: gaps {g7:e}, {g9:e}");
                // The model gap is about 2 (AHT/patience) / (n (1-ρ))^2: tiny
                // unless the queue is close to critical.
                let allowed = if load_factor <= 0.9 { 1e-4 } else { 1e-2 };
                assert!(g7 < allowed, "{label}");
                // It is O(θ): 100x more patience gives a ~100x smaller gap,
                // which shows it is the model converging, not rounding noise.
                assert!(g9 < 1e-12 || (50.0..200.0).contains(&(g7 / g9)), "{label}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_erlang_a_queues_match_birth_death_chain(
            n in 1u32..300,
            load_factor in 0.05f64..2.5,
            aht in 5.0f64..1000.0,
            patience_per_aht in 0.02f64..50.0,
            threshold in 0.0f64..300.0,
        ) {
            let queue = ErlangQueue {
                arrival_rate: load_factor * f64::from(n) / aht,
                mean_handle_time: aht,
                agents: n,
                mean_patience: Some(patience_per_aht * aht),
            };
            let perf = queue.performance(threshold).unwrap();
            assert_matches(&perf, &solve(&queue, threshold), 1e-8, &format!("{queue:?} t={threshold}"));
        }
    }
}
