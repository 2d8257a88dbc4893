//! Staffing: the fewest agents that meet a service-level target, or any target on the
//! Erlang figures.

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
    // The ASA is not needed to judge a service level: it is computed for the answer only.
    first_meeting(&inputs, lower as u32, max_agents, false, |p| {
        p.service_level >= target
    })?
    .ok_or(unreachable)
}

/// Smallest number of agents whose steady-state performance `meets` a target,
/// and the performance at that staffing: any target on the figures of
/// [`ErlangPerformance`] (a service level, an abandonment rate, a probability
/// of wait, an average speed of answer, an occupancy cap, or several at once),
/// with `threshold` the service-level threshold in seconds the figures are
/// computed for (as for [`ErlangQueue::performance`]).
///
/// `queue.agents` is ignored. `meets` should be monotone: once a staffing
/// meets it, so does every larger one. A bound on any one figure in the
/// direction agents help is (at least a service level; at most a probability
/// of wait, an abandonment rate, a wait, a speed of answer or an occupancy:
/// each of them improves with every agent added), and so is any "and" of such
/// bounds. The answer always meets the target and one agent fewer does not
/// (or it is the lower bound below); for a monotone target that makes it the
/// smallest staffing that meets it.
///
/// The search never looks below a lower bound below which no staffing has a
/// performance at all, so nothing below it can meet any target:
/// `⌊load⌋ + 1` for Erlang C (with fewer agents the queue is unstable,
/// [`ErlangError::Unstable`]) and 1 for Erlang A (stable at any load). No
/// higher bound is sound for an arbitrary target: a target every staffing
/// meets is met by the bound itself.
///
/// - **Erlang C** walks upwards from `⌊load⌋ + 1`, updating Erlang B by its
///   recursion as [`agents_for_service_level`] does, at `O(1)` a step. The
///   walk is short: square-root staffing puts usual targets a small multiple
///   of `√load` agents above the load (the first staffing that meets the
///   target is returned, whether or not `meets` is monotone).
/// - **Erlang A** has no short walk from 1 (a step costs the Erlang A series,
///   `O(√(agents · patience / AHT))`, and the answer may be thousands of
///   agents up), so it doubles the staffing from 1 until the target is met,
///   then halves the interval between the last staffing that did not meet it
///   and the first that did: `O(log agents)` trials and `O(agents)` steps of
///   the Erlang B recursion in all, under a millisecond for ten thousand
///   agents. Erlang B comes from its recursion continued from the last
///   staffing that failed, so every figure is bit-for-bit what
///   [`ErlangQueue::performance`] gives.
///
/// # Errors
///
/// [`ErlangError::InvalidInput`] for invalid queue parameters or threshold
/// (as for [`ErlangQueue::performance`], except that `queue.agents` is not
/// looked at; this includes an Erlang A patience so long that the walk
/// reaches more than 10^12 handle times per patience) or `max_agents == 0`;
/// [`ErlangError::TargetNotMet`] if no staffing up to `max_agents` agents
/// meets the target.
///
/// # Example
///
/// ```
/// use staffsim::analytic::{ErlangError, ErlangPerformance, ErlangQueue, agents_for};
///
/// // 2,880 contacts an hour (0.8 a second), 60 s each: 48 erlangs.
/// let queue = ErlangQueue {
///     arrival_rate: 0.8,
///     mean_handle_time: 60.0,
///     agents: 1, // ignored
///     mean_patience: None,
/// };
/// // 80 % answered within 20 seconds takes 52 agents, as `agents_for_service_level` finds.
/// let p = agents_for(&queue, 20.0, |p| p.service_level >= 0.8, 1_000).unwrap();
/// assert_eq!(p.agents, 52);
///
/// // Customers who hang up after 2 minutes on average: 46 agents meet it.
/// let impatient = ErlangQueue { mean_patience: Some(120.0), ..queue };
/// let p = agents_for(&impatient, 20.0, |p| p.service_level >= 0.8, 1_000).unwrap();
/// assert_eq!(p.agents, 46);
/// // ... but then 7 % of the contacts hang up. At most 1 % abandoning takes 55.
/// assert!((p.abandonment_rate - 0.070).abs() < 1e-3);
/// let few_lost = agents_for(&impatient, 20.0, |p| p.abandonment_rate <= 0.01, 1_000).unwrap();
/// assert_eq!(few_lost.agents, 55);
///
/// // Both at once, and not with at most 50 agents.
/// let both = |p: &ErlangPerformance| p.service_level >= 0.8 && p.abandonment_rate <= 0.01;
/// assert_eq!(agents_for(&impatient, 20.0, both, 1_000).unwrap().agents, 55);
/// let err = agents_for(&impatient, 20.0, both, 50).unwrap_err();
/// assert_eq!(err, ErlangError::TargetNotMet { max_agents: 50 });
/// ```
pub fn agents_for(
    queue: &ErlangQueue,
    threshold: f64,
    meets: impl Fn(&ErlangPerformance) -> bool,
    max_agents: u32,
) -> Result<ErlangPerformance, ErlangError> {
    let inputs = Inputs::new(queue, threshold)?;
    if max_agents == 0 {
        return Err(ErlangError::InvalidInput(
            "max_agents must be at least 1".into(),
        ));
    }
    let found = match inputs.patience {
        // Fewer than ⌊load⌋ + 1 agents have no steady state. `meets` may look at
        // any figure, so each step computes them all.
        None => {
            let lower = inputs.load.floor() + 1.0;
            if lower > f64::from(max_agents) {
                None
            } else {
                first_meeting(&inputs, lower as u32, max_agents, true, meets)?
            }
        }
        Some(p) => gallop(&inputs, p, max_agents, meets)?,
    };
    found.ok_or(ErlangError::TargetNotMet { max_agents })
}

/// Erlang A: a staffing from 1 up to `max_agents` whose performance `meets`
/// the target while one agent fewer does not (or 1 if one agent meets it),
/// found by doubling the staffing from 1 until it meets the target and then
/// halving the interval between the last staffing that did not and the first
/// that did; `None` if `max_agents` agents do not meet it. When `meets` is
/// monotone that is the smallest staffing that meets it.
///
/// Each trial costs the Erlang A series, `O(√(agents · patience / AHT))`, and
/// `1/B(n-1)` from the recursion continued from the last staffing that did
/// not meet the target, so every value is the one
/// [`ErlangQueue::performance`] computes. As in the linear walk, a staffing
/// beyond the supported patience range (see [`Inputs::check_agents`]) is an
/// error only if every staffing below it fails the target.
fn gallop(
    inputs: &Inputs,
    patience: f64,
    max_agents: u32,
    meets: impl Fn(&ErlangPerformance) -> bool,
) -> Result<Option<ErlangPerformance>, ErlangError> {
    // The most agents the formulas accept (the check is monotone in agents).
    let cap = if inputs.check_agents(max_agents).is_ok() {
        max_agents
    } else {
        let (mut ok, mut refused) = (0, max_agents);
        while refused - ok > 1 {
            let mid = ok + (refused - ok) / 2;
            if inputs.check_agents(mid).is_ok() {
                ok = mid;
            } else {
                refused = mid;
            }
        }
        ok
    };
    // The performance of `n` agents, and the recursion at `n - 1` agents,
    // continued from `from` (at most `n - 1` agents).
    let trial = |n: u32, from: &InverseErlangB| {
        let k = n - 1;
        let mut recursion = *from;
        let ln_inv_b = if k <= RECURSION_LIMIT {
            while recursion.agents < k {
                recursion.advance();
            }
            recursion.ln_value()
        } else {
            ln_inverse_erlang_b(k, inputs.load)
        };
        (inputs.erlang_a(n, patience, ln_inv_b, true), recursion)
    };
    // `below` does not meet the target (0: no staffing tried yet); `from` is
    // the recursion at `below - 1` agents or fewer.
    let (mut below, mut from) = (0, InverseErlangB::new(inputs.load));
    let mut n = 1;
    let (mut met, mut found) = loop {
        if n > cap {
            // Every staffing the formulas accept fails; the next one is refused.
            if cap < max_agents {
                inputs.check_agents(cap + 1)?;
            }
            return Ok(None);
        }
        let (perf, recursion) = trial(n, &from);
        if meets(&perf) {
            break (n, perf);
        }
        (below, from) = (n, recursion);
        if n == cap {
            n = cap + 1;
        } else {
            n = n.saturating_mul(2).min(cap);
        }
    };
    while met - below > 1 {
        let mid = below + (met - below) / 2;
        let (perf, recursion) = trial(mid, &from);
        if meets(&perf) {
            (met, found) = (mid, perf);
        } else {
            (below, from) = (mid, recursion);
        }
    }
    Ok(Some(found))
}

/// The first staffing from `from` (at least 1; above the load for Erlang C)
/// up to `max_agents` whose performance `meets` the target, or `None`.
///
/// Erlang B comes from its recursion, one step per agent: Erlang C needs
/// `1/B(n)`, Erlang A `1/B(n-1)`. The values come from exactly the same
/// operations as in [`ErlangQueue::performance`], so the result is
/// bit-for-bit what `performance` gives for the chosen staffing. Without
/// `with_asa`, Erlang A figures are judged with the average speed of answer
/// left out (NaN), which saves a series in overload, and only the answer gets
/// it.
fn first_meeting(
    inputs: &Inputs,
    from: u32,
    max_agents: u32,
    with_asa: bool,
    meets: impl Fn(&ErlangPerformance) -> bool,
) -> Result<Option<ErlangPerformance>, ErlangError> {
    let mut recursion = InverseErlangB::new(inputs.load);
    let mut inverse_b = |k: u32| {
        if k <= RECURSION_LIMIT {
            while recursion.agents < k {
                recursion.advance();
            }
            recursion.ln_value()
        } else {
            ln_inverse_erlang_b(k, inputs.load)
        }
    };
    for n in from.max(1)..=max_agents {
        match inputs.patience {
            None => {
                let perf = inputs.erlang_c(n, inverse_b(n))?;
                if meets(&perf) {
                    return Ok(Some(perf));
                }
            }
            Some(p) => {
                inputs.check_agents(n)?;
                let inv_b = inverse_b(n - 1);
                let perf = inputs.erlang_a(n, p, inv_b, with_asa);
                if meets(&perf) {
                    return Ok(Some(if with_asa {
                        perf
                    } else {
                        inputs.erlang_a(n, p, inv_b, true)
                    }));
                }
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::super::erlang_c;
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

    #[test]
    fn agents_for_a_service_level_agrees_with_agents_for_service_level() {
        for load in [1.0, 10.0, 100.0, 1000.0] {
            for patience in [None, Some(30.0), Some(600.0)] {
                for (t, target) in [(0.0, 0.3), (20.0, 0.8), (60.0, 0.95)] {
                    let q = queue(load / 240.0, 240.0, 1, patience);
                    let by_sl = agents_for_service_level(&q, t, target, 5000);
                    let generic = agents_for(&q, t, |p| p.service_level >= target, 5000);
                    assert_eq!(generic, by_sl, "load={load} {patience:?} t={t} {target}");
                    assert!(generic.is_ok());
                }
            }
        }
    }

    #[test]
    fn a_probability_of_wait_target_is_the_smallest_erlang_c_staffing() {
        for load in [1.0, 10.0, 100.0, 1000.0] {
            let q = queue(load / 180.0, 180.0, 1, None);
            let a = q.arrival_rate * q.mean_handle_time;
            for alpha in [0.9, 0.5, 0.2, 0.05, 0.01, 1e-6] {
                let direct = (1..).find(|&n| erlang_c(n, a) <= alpha).unwrap();
                let found = agents_for(&q, 20.0, |p| p.probability_of_wait <= alpha, 5000).unwrap();
                assert_eq!(found.agents, direct, "load={load} alpha={alpha}");
                assert_eq!(found.probability_of_wait, erlang_c(direct, a));
            }
        }
    }

    #[test]
    fn agents_for_is_the_first_staffing_that_meets_any_target() {
        // Every figure, judged at every step, is the one `performance` gives: a walk with
        // `performance` finds the same staffing for targets on the ASA (which the service-level
        // search leaves out), the wait, the occupancy and the abandonment.
        type Target = fn(&ErlangPerformance) -> bool;
        let targets: [(&str, Target); 4] = [
            ("asa", |p| p.average_speed_of_answer <= 5.0),
            ("wait", |p| p.mean_wait <= 3.0),
            ("occupancy", |p| p.occupancy <= 0.85),
            ("abandonment", |p| p.abandonment_rate <= 0.02),
        ];
        for patience in [None, Some(120.0), Some(5.0)] {
            let q = queue(0.8, 60.0, 1, patience);
            for (what, meets) in targets {
                let found = agents_for(&q, 20.0, meets, 1000).unwrap();
                let walked = (1..=1000)
                    .filter_map(|n| ErlangQueue { agents: n, ..q }.performance(20.0).ok())
                    .find(meets)
                    .unwrap();
                assert_eq!(found, walked, "{what} {patience:?}");
                assert_sane(&found);
            }
        }
        // A target every staffing meets: the lower bound itself.
        let c = queue(0.8, 60.0, 1, None);
        assert_eq!(agents_for(&c, 20.0, |_| true, 100).unwrap().agents, 49);
        let a = ErlangQueue {
            mean_patience: Some(120.0),
            ..c
        };
        assert_eq!(agents_for(&a, 20.0, |_| true, 100).unwrap().agents, 1);
    }

    #[test]
    fn agents_for_thousands_of_agents_is_fast() {
        let start = std::time::Instant::now();
        // 9800 erlangs: Erlang C walks from 9801, Erlang A from 1 to 8393 agents.
        let q = queue(9800.0 / 60.0, 60.0, 1, None);
        let c = agents_for(&q, 20.0, |p| p.service_level >= 0.8, 20_000).unwrap();
        let qa = ErlangQueue {
            mean_patience: Some(120.0),
            ..q
        };
        let a = agents_for(&qa, 20.0, |p| p.service_level >= 0.8, 20_000).unwrap();
        let few_lost = agents_for(&qa, 20.0, |p| p.abandonment_rate <= 0.01, 20_000).unwrap();
        let elapsed = start.elapsed();
        assert!(elapsed.as_millis() < 100, "{elapsed:?}");
        assert_eq!(Ok(c), agents_for_service_level(&q, 20.0, 0.8, 20_000));
        assert_eq!(Ok(a), agents_for_service_level(&qa, 20.0, 0.8, 20_000));
        assert_eq!(a.agents, 8393);
        // Economies of scale: 1 % abandoning needs fewer agents than erlangs (but at
        // least 99 % of them, since the excess load is lost).
        assert!((9702..9800).contains(&few_lost.agents), "{few_lost:?}");
        let fewer = ErlangQueue {
            agents: few_lost.agents - 1,
            ..qa
        };
        assert!(fewer.performance(20.0).unwrap().abandonment_rate > 0.01);
    }

    #[test]
    fn agents_for_reports_a_target_out_of_reach_and_bad_input() {
        let q = queue(0.8, 60.0, 1, None);
        let not_met = |max_agents| Err(ErlangError::TargetNotMet { max_agents });
        // 48 erlangs: 48 agents cannot even hold the queue.
        assert_eq!(agents_for(&q, 20.0, |_| true, 48), not_met(48));
        assert_eq!(agents_for(&q, 20.0, |_| false, 1000), not_met(1000));
        assert_eq!(
            agents_for(&q, 20.0, |p| p.service_level >= 0.8, 51),
            not_met(51)
        );
        assert_eq!(
            not_met(51).unwrap_err().to_string(),
            "the target cannot be met with at most 51 agents"
        );
        assert!(matches!(
            agents_for(&q, 20.0, |_| true, 0),
            Err(ErlangError::InvalidInput(_))
        ));
        for bad in [queue(0.0, 60.0, 1, None), queue(0.8, 60.0, 1, Some(-1.0))] {
            assert!(matches!(
                agents_for(&bad, 20.0, |_| true, 100),
                Err(ErlangError::InvalidInput(_))
            ));
        }
        assert!(matches!(
            agents_for(&q, f64::NAN, |_| true, 100),
            Err(ErlangError::InvalidInput(_))
        ));
        // Patience of 10^9 AHTs: the formulas take at most 1000 agents. A target met below
        // that is found; one that is not runs into the limit, as the walk upwards would.
        let patient = queue(10.0 / 60.0, 60.0, 1, Some(60.0 * 1e9));
        let sl = agents_for(&patient, 20.0, |p| p.service_level >= 0.8, 5000).unwrap();
        assert_eq!(Ok(sl), agents_for_service_level(&patient, 20.0, 0.8, 5000));
        let err = agents_for(&patient, 20.0, |_| false, 5000).unwrap_err();
        assert!(err.to_string().contains("use None (Erlang C)"), "{err}");
        assert_eq!(agents_for(&patient, 20.0, |_| false, 1000), not_met(1000));
    }

    proptest! {
        #[test]
        fn agents_for_a_service_level_is_agents_for_service_level(
            log_load in -2.0f64..3.5,
            log_patience in prop::option::of(0.0f64..5.0),
            threshold in 0.0f64..120.0,
            target in 0.05f64..0.99,
        ) {
            let patience = log_patience.map(|l| 10f64.powf(l));
            let q = queue(10f64.powf(log_load) / 180.0, 180.0, 1, patience);
            prop_assert_eq!(
                agents_for(&q, threshold, |p| p.service_level >= target, 10_000),
                agents_for_service_level(&q, threshold, target, 10_000)
            );
        }

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
            if let Ok(p) = agents_for(&q, threshold, |p| p.abandonment_rate <= 0.05, 2000) {
                assert_sane(&p);
            }
        }
    }
}
