//! Staffing: the fewest agents that meet a service-level target.

use super::erlang::{
    ErlangError, ErlangPerformance, ErlangQueue, Inputs, InverseErlangB, RECURSION_LIMIT,
    ln_inverse_erlang_b,
};

/// Smallest number of agents for which the service level (share of offered
/// contacts answered within `threshold` seconds) is at least `target`
/// (strictly between 0 and 1), and the performance at that staffing.
///
/// `queue.agents` is ignored. The search walks upwards from a lower bound no
/// staffing below which can meet the target: `⌊load⌋ + 1` for Erlang C
/// (stability), `max(1, ⌊target · load⌋)` for Erlang A (the service level is
/// below the answered share, which is below agents / load). Erlang B is
/// updated by its recursion at each step, so a step costs `O(1)` for
/// Erlang C and `O(√(agents · patience / AHT))` for Erlang A.
///
/// # Errors
///
/// [`ErlangError::InvalidInput`] for invalid queue parameters or threshold
/// (as for [`ErlangQueue::performance`], except that `queue.agents` is not
/// looked at; this includes an Erlang A patience so long that the search
/// reaches more than 10^12 handle times per patience), a target outside
/// (0, 1) or `max_agents == 0`; [`ErlangError::Unreachable`] if even
/// `max_agents` agents do not meet the target.
///
/// # Example
///
/// ```
/// use staffsim::analytic::{ErlangError, ErlangQueue, agents_for_service_level};
///
/// // 2,880 contacts an hour (0.8 a second), 60 s each: 48 erlangs.
/// let queue = ErlangQueue {
///     arrival_rate: 0.8,
///     mean_handle_time: 60.0,
///     agents: 1, // ignored
///     mean_patience: None,
/// };
/// // 80 % answered within 20 seconds takes 52 agents.
/// let p = agents_for_service_level(&queue, 20.0, 0.8, 1_000).unwrap();
/// assert_eq!(p.agents, 52);
/// assert!(p.service_level >= 0.8);
///
/// // Customers who hang up after 2 minutes on average: 46 agents meet the target.
/// let impatient = ErlangQueue { mean_patience: Some(120.0), ..queue };
/// assert_eq!(agents_for_service_level(&impatient, 20.0, 0.8, 1_000).unwrap().agents, 46);
///
/// // Not with at most 50 agents.
/// let err = agents_for_service_level(&queue, 20.0, 0.8, 50).unwrap_err();
/// assert!(matches!(err, ErlangError::Unreachable { max_agents: 50, .. }));
/// ```
pub fn agents_for_service_level(
    queue: &ErlangQueue,
    threshold: f64,
    target: f64,
    max_agents: u32,
) -> Result<ErlangPerformance, ErlangError> {
    let inputs = Inputs::new(queue, threshold)?;
    if !(target > 0.0 && target < 1.0) {
        return Err(ErlangError::InvalidInput(format!(
            "service-level target must be strictly between 0 and 1, got {target}"
        )));
    }
    if max_agents == 0 {
        return Err(ErlangError::InvalidInput(
            "max_agents must be at least 1".into(),
        ));
    }
    let unreachable = ErlangError::Unreachable {
        target,
        threshold,
        max_agents,
    };
    let lower = match inputs.patience {
        None => inputs.load.floor() + 1.0,
        Some(_) => (target * inputs.load).floor().max(1.0),
    };
    if lower > f64::from(max_agents) {
        return Err(unreachable);
    }
    let lower = lower as u32;
    // Erlang C needs 1/B(n), Erlang A needs 1/B(n-1). The values come from
    // exactly the same operations as in `performance`, so the result is
    // bit-for-bit what `performance` gives for the chosen staffing.
    let mut recursion = InverseErlangB::new(inputs.load);
    let inverse_b = |k: u32, recursion: &mut InverseErlangB| {
        if k <= RECURSION_LIMIT {
            while recursion.agents < k {
                recursion.advance();
            }
            recursion.ln_value()
        } else {
            ln_inverse_erlang_b(k, inputs.load)
        }
    };
    for n in lower..=max_agents {
        match inputs.patience {
            None => {
                let perf = inputs.erlang_c(n, inverse_b(n, &mut recursion))?;
                if perf.service_level >= target {
                    return Ok(perf);
                }
            }
            Some(p) => {
                inputs.check_agents(n)?;
                let inv_b = inverse_b(n - 1, &mut recursion);
                let perf = inputs.erlang_a(n, p, inv_b, false);
                if perf.service_level >= target {
                    return Ok(inputs.erlang_a(n, p, inv_b, true));
                }
            }
        }
    }
    Err(unreachable)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_sane, queue};
    use super::*;
    use proptest::prelude::*;

    /// Asserts that `found` meets the target and one agent fewer does not.
    fn assert_minimal(q: &ErlangQueue, t: f64, target: f64, found: &ErlangPerformance) {
        assert!(found.service_level >= target, "{found:?}");
        assert_eq!(
            Ok(*found),
            ErlangQueue {
                agents: found.agents,
                ..*q
            }
            .performance(t)
        );
        if found.agents > 1 {
            let fewer = ErlangQueue {
                agents: found.agents - 1,
                ..*q
            };
            match fewer.performance(t) {
                Ok(p) => assert!(p.service_level < target, "{p:?}"),
                Err(e) => assert!(matches!(e, ErlangError::Unstable { .. })),
            }
        }
    }

    #[test]
    fn staffing_classic_example() {
        // 2880 contacts/h (0.8/s), AHT 60 s (48 erlangs), 80% within 20 s.
        let q = queue(0.8, 60.0, 1, None);
        let p = agents_for_service_level(&q, 20.0, 0.8, 1000).unwrap();
        assert_eq!(p.agents, 52);
        assert!((p.service_level - 0.8772).abs() < 1e-4, "{p:?}");
        assert_minimal(&q, 20.0, 0.8, &p);
        // With 120 s mean patience, abandonment helps: fewer agents suffice.
        let qa = ErlangQueue {
            mean_patience: Some(120.0),
            ..q
        };
        let pa = agents_for_service_level(&qa, 20.0, 0.8, 1000).unwrap();
        assert_eq!(pa.agents, 46);
        assert_minimal(&qa, 20.0, 0.8, &pa);
    }

    #[test]
    fn staffing_is_minimal_across_scenarios() {
        for rate in [0.001, 0.05, 0.8, 3.0] {
            for patience in [None, Some(30.0), Some(600.0)] {
                for (t, target) in [(0.0, 0.3), (20.0, 0.8), (60.0, 0.95)] {
                    let q = queue(rate, 240.0, 1, patience);
                    match agents_for_service_level(&q, t, target, 5000) {
                        Ok(p) => assert_minimal(&q, t, target, &p),
                        // Enough agents always meet a target below 1.
                        Err(e) => panic!("rate={rate} {patience:?} t={t}: {e}"),
                    }
                }
            }
        }
    }

    #[test]
    fn staffing_ten_thousand_agents_is_fast() {
        let start = std::time::Instant::now();
        // 9800 erlangs (≈163 contacts/s at 60 s AHT).
        let q = queue(9800.0 / 60.0, 60.0, 1, None);
        let c = agents_for_service_level(&q, 20.0, 0.8, 20_000).unwrap();
        let qa = ErlangQueue {
            mean_patience: Some(120.0),
            ..q
        };
        let a = agents_for_service_level(&qa, 20.0, 0.8, 20_000).unwrap();
        let elapsed = start.elapsed();
        assert!(elapsed.as_millis() < 100, "{elapsed:?}");
        // Erlang C: square-root staffing puts the answer a few agents above
        // the load at this size.
        assert!((9801..9900).contains(&c.agents), "{c:?}");
        assert_minimal(&q, 20.0, 0.8, &c);
        assert_minimal(&qa, 20.0, 0.8, &a);
    }

    #[test]
    fn staffing_unreachable() {
        let q = queue(0.8, 60.0, 1, None);
        let err = agents_for_service_level(&q, 20.0, 0.8, 48).unwrap_err();
        assert_eq!(
            err,
            ErlangError::Unreachable {
                target: 0.8,
                threshold: 20.0,
                max_agents: 48
            }
        );
        assert!(agents_for_service_level(&q, 20.0, 0.8, 51).is_err());
        assert_eq!(
            agents_for_service_level(&q, 20.0, 0.8, 52).unwrap().agents,
            52
        );
        let qa = ErlangQueue {
            mean_patience: Some(120.0),
            ..q
        };
        assert!(agents_for_service_level(&qa, 20.0, 0.8, 45).is_err());
        assert!(agents_for_service_level(&qa, 20.0, 0.99, 20).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_floats_never_panic(
            rate in any::<f64>(),
            aht in any::<f64>(),
            agents in any::<u32>().prop_map(|n| n % 100_000),
            patience in prop::option::of(any::<f64>()),
            threshold in any::<f64>(),
        ) {
            let q = queue(rate, aht, agents, patience);
            if let Ok(p) = q.performance(threshold) {
                assert_sane(&p);
            }
            if let Ok(p) = agents_for_service_level(&q, threshold, 0.8, 2000) {
                assert_sane(&p);
            }
        }
    }
}
