//! The public types, Erlang B, Erlang C, input validation and
//! [`ErlangQueue::performance`] (which hands Erlang A to `erlang_a.rs`).
//!
//! See the parent module's documentation for the formulas and for why they
//! are numerically stable. All times are in seconds and all rates per second.

use super::gamma::{ln_gamma_q, ln_power_exp_over_gamma};

/// A contact queue as the Erlang formulas see it: Poisson arrivals,
/// exponential handle times, `agents` identical agents serving in order of
/// arrival, and (optionally) exponentially distributed customer patience.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangQueue {
    /// Offered contacts per second; must be finite and > 0.
    pub arrival_rate: f64,
    /// Average handle time (AHT) of one contact by one agent, in seconds;
    /// must be finite and > 0.
    pub mean_handle_time: f64,
    /// Number of agents answering the queue; must be >= 1.
    pub agents: u32,
    /// Mean time in seconds a waiting customer stays before hanging up.
    /// `None` (or `Some(f64::INFINITY)`): customers never abandon (Erlang C,
    /// M/M/n). `Some(p)` with finite `p > 0`: exponential patience with mean
    /// `p` (Erlang A, M/M/n+M); see [`ErlangQueue::performance`] for the
    /// supported range.
    pub mean_patience: Option<f64>,
}

/// Steady-state performance of a queue, as returned by
/// [`ErlangQueue::performance`],
/// [`agents_for_service_level`](super::agents_for_service_level) and
/// [`agents_for`](super::agents_for).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ErlangPerformance {
    /// Number of agents the figures are for.
    pub agents: u32,
    /// Offered load in erlangs: arrival rate × average handle time.
    pub offered_load: f64,
    /// Probability that an arriving contact finds all agents busy and has to
    /// queue (by PASTA, also the time-average probability that all are busy).
    pub probability_of_wait: f64,
    /// Share of offered contacts that hang up before being answered
    /// (always 0 for Erlang C).
    pub abandonment_rate: f64,
    /// Mean time in queue in seconds over all offered contacts: answered ones
    /// count their wait until answer, abandoned ones their wait until they
    /// hang up, and contacts answered at once count 0.
    pub mean_wait: f64,
    /// Average speed of answer in seconds: mean wait of the answered contacts
    /// only (equal to `mean_wait` for Erlang C).
    pub average_speed_of_answer: f64,
    /// Share of offered contacts answered within the service-level threshold;
    /// abandoned contacts count as not answered within it.
    pub service_level: f64,
    /// Agent occupancy: carried load per agent,
    /// arrival rate × (1 − abandonment rate) × AHT / agents, between 0 and 1.
    pub occupancy: f64,
}

/// Why an Erlang calculation could not produce a result.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ErlangError {
    /// An input was zero, negative, NaN or infinite where that makes no
    /// sense, or outside the range the formulas support.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Erlang C (no abandonment) with offered load at or above the number of
    /// agents: there is no steady state.
    #[error("the queue grows without bound: offered load {load} erlangs >= {agents} agents")]
    Unstable {
        /// Offered load in erlangs.
        load: f64,
        /// Number of agents.
        agents: u32,
    },
    /// [`agents_for_service_level`](super::agents_for_service_level) found
    /// no staffing up to `max_agents` that meets the target.
    #[error(
        "a service level of {target} within {threshold} s cannot be reached with at most {max_agents} agents"
    )]
    Unreachable {
        /// Target share of contacts answered within the threshold.
        target: f64,
        /// Service-level threshold in seconds.
        threshold: f64,
        /// Largest number of agents that was allowed.
        max_agents: u32,
    },
    /// [`agents_for`](super::agents_for) found no staffing up to `max_agents`
    /// whose performance meets the target it was given.
    #[error("the target cannot be met with at most {max_agents} agents")]
    TargetNotMet {
        /// Largest number of agents that was allowed.
        max_agents: u32,
    },
}

/// Erlang B: probability that a contact offered to `agents` agents with no
/// waiting room (M/M/n/n) is blocked, for an offered load in erlangs
/// (arrival rate × AHT). Returns 0 for a load of 0, 1 for zero agents or an
/// infinite load, and NaN for a negative or NaN load.
pub fn erlang_b(agents: u32, offered_load: f64) -> f64 {
    if offered_load.is_nan() || offered_load < 0.0 {
        return f64::NAN;
    }
    if agents == 0 || offered_load == f64::INFINITY {
        return 1.0;
    }
    if offered_load == 0.0 {
        return 0.0;
    }
    (-ln_inverse_erlang_b(agents, offered_load)).exp()
}

/// Erlang C: probability that a contact offered to `agents` agents with an
/// unlimited queue and no abandonment (M/M/n) has to wait, for an offered
/// load in erlangs. Returns 1.0 when the load is at or above the number of
/// agents (the queue is unstable and everyone waits), 0 for a load of 0, and
/// NaN for a negative or NaN load.
pub fn erlang_c(agents: u32, offered_load: f64) -> f64 {
    if offered_load.is_nan() || offered_load < 0.0 {
        return f64::NAN;
    }
    if offered_load >= f64::from(agents) {
        return 1.0;
    }
    if offered_load == 0.0 {
        return 0.0;
    }
    ln_erlang_c(
        agents,
        offered_load,
        ln_inverse_erlang_b(agents, offered_load),
    )
    .exp()
}

/// `ln C(n, a)` from `L = ln(1/B(n, a))`, for `0 < a < n`:
/// `C = 1 / ((1-ρ)/B + ρ)`, a sum of positive terms.
fn ln_erlang_c(n: u32, a: f64, ln_inv_b: f64) -> f64 {
    let n = f64::from(n);
    let rho = a / n;
    let slack = (n - a) / n;
    -log_add_exp(slack.ln() + ln_inv_b, rho.ln())
}

fn log_add_exp(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

/// Agent counts above which `ln(1/B)` comes from the incomplete gamma
/// function (`O(√n)`) rather than the `O(n)` recursion.
pub(super) const RECURSION_LIMIT: u32 = 50_000;

/// `ln(1/B(n, a))` for `a > 0` finite.
pub(super) fn ln_inverse_erlang_b(n: u32, a: f64) -> f64 {
    if n <= RECURSION_LIMIT {
        let mut r = InverseErlangB::new(a);
        while r.agents < n {
            r.advance();
        }
        r.ln_value()
    } else {
        // Σ_{k≤n} a^k/k! = e^a Q(n+1, a), so 1/B = Q(n+1, a) / (a^n e^-a / n!).
        ln_gamma_q(f64::from(n) + 1.0, a) - ln_power_exp_over_gamma(f64::from(n), a)
    }
}

/// The Erlang B recursion `1/B(k) = 1 + (k/a) · 1/B(k-1)`, `1/B(0) = 1`,
/// carried as `scaled · e^ln_scale` so that it never overflows.
#[derive(Debug, Clone, Copy)]
pub(super) struct InverseErlangB {
    /// Number of agents `k` the current value is for.
    pub(super) agents: u32,
    load: f64,
    scaled: f64,
    /// `e^-ln_scale`, i.e. the constant 1 of the recursion in scaled units.
    unit: f64,
    ln_scale: f64,
}

impl InverseErlangB {
    /// The recursion at 0 agents (`1/B(0, a) = 1`) for a load in erlangs.
    pub(super) fn new(load: f64) -> Self {
        Self {
            agents: 0,
            load,
            scaled: 1.0,
            unit: 1.0,
            ln_scale: 0.0,
        }
    }

    /// Moves from `k` to `k + 1` agents.
    pub(super) fn advance(&mut self) {
        self.agents += 1;
        let factor = f64::from(self.agents) / self.load;
        if factor > 1e100 {
            // Tiny loads: take the step in log space.
            let ln_prev = self.ln_value();
            let z = factor.ln() + ln_prev;
            let ln_next = z + (-z).exp().ln_1p();
            *self = Self {
                scaled: 1.0,
                unit: (-ln_next).exp(),
                ln_scale: ln_next,
                ..*self
            };
            return;
        }
        self.scaled = self.unit + factor * self.scaled;
        if self.scaled > 1e200 {
            self.scaled *= 1e-200;
            self.unit *= 1e-200;
            self.ln_scale += 200.0 * std::f64::consts::LN_10;
        }
    }

    /// `ln(1/B(k, a))`.
    pub(super) fn ln_value(&self) -> f64 {
        self.scaled.ln() + self.ln_scale
    }
}

/// Largest supported number of arrivals (and of agents × handle times) per
/// mean patience for Erlang A. The series behind the formulas cost up to
/// `O(√x)` terms, so this bounds the work (about 10^7 terms, tens of
/// milliseconds) and keeps term indices exact in `f64`. With patience that
/// long, abandonment is negligible unless the queue is overloaded: such
/// customers are better modelled by Erlang C.
const MAX_PER_PATIENCE: f64 = 1e12;

/// Smallest supported number of arrivals (and of handle times) per mean
/// patience for Erlang A, far below anything meaningful but well clear of
/// floating-point underflow.
const MIN_PER_PATIENCE: f64 = 1e-100;

fn too_patient(patience: f64, arrivals: f64, handle_times: f64) -> ErlangError {
    ErlangError::InvalidInput(format!(
        "mean patience {patience:e} s is too long for the Erlang A formulas: it spans \
         {arrivals:e} arrivals and {handle_times:e} handle times of all agents, above \
         {MAX_PER_PATIENCE:e}; use None (Erlang C) for customers who never abandon"
    ))
}

/// Validated inputs shared by `performance` and the staffing search.
#[derive(Debug, Clone, Copy)]
pub(super) struct Inputs {
    /// Contacts per second.
    pub(super) arrival_rate: f64,
    /// AHT in seconds.
    pub(super) handle_time: f64,
    /// Mean patience in seconds; `None` for Erlang C.
    pub(super) patience: Option<f64>,
    /// Offered load in erlangs.
    pub(super) load: f64,
    /// Service-level threshold in seconds.
    pub(super) threshold: f64,
}

fn check_positive(name: &str, value: f64) -> Result<(), ErlangError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(ErlangError::InvalidInput(format!(
            "{name} must be finite and positive, got {value}"
        )))
    }
}

impl Inputs {
    pub(super) fn new(queue: &ErlangQueue, threshold: f64) -> Result<Self, ErlangError> {
        check_positive("arrival rate (contacts per second)", queue.arrival_rate)?;
        check_positive("mean handle time (seconds)", queue.mean_handle_time)?;
        if !(threshold.is_finite() && threshold >= 0.0) {
            return Err(ErlangError::InvalidInput(format!(
                "service-level threshold (seconds) must be finite and >= 0, got {threshold}"
            )));
        }
        let load = queue.arrival_rate * queue.mean_handle_time;
        check_positive("offered load (erlangs)", load)?;
        let patience = match queue.mean_patience {
            None => None,
            Some(p) if p == f64::INFINITY => None,
            Some(p) => {
                check_positive("mean patience (seconds)", p)?;
                // Contacts arriving, and AHTs elapsing, per mean patience.
                let b = queue.arrival_rate * p;
                let s = p / queue.mean_handle_time;
                if !(b <= MAX_PER_PATIENCE && s <= MAX_PER_PATIENCE) {
                    return Err(too_patient(p, b, s));
                }
                if !(b >= MIN_PER_PATIENCE && s >= MIN_PER_PATIENCE) {
                    return Err(ErlangError::InvalidInput(format!(
                        "mean patience {p:e} s is too short for the Erlang A formulas: it spans {b:e} \
                         arrivals and {s:e} handle times, below {MIN_PER_PATIENCE:e}"
                    )));
                }
                Some(p)
            }
        };
        Ok(Self {
            arrival_rate: queue.arrival_rate,
            handle_time: queue.mean_handle_time,
            patience,
            load,
            threshold,
        })
    }

    /// For Erlang A, refuses `n` agents if `n` handle times per mean patience
    /// exceed the supported range (see `MAX_PER_PATIENCE`).
    pub(super) fn check_agents(&self, n: u32) -> Result<(), ErlangError> {
        match self.patience {
            Some(p) if f64::from(n) * p / self.handle_time > MAX_PER_PATIENCE => Err(too_patient(
                p,
                self.arrival_rate * p,
                f64::from(n) * p / self.handle_time,
            )),
            _ => Ok(()),
        }
    }

    /// Erlang C figures for `n` agents given `ln(1/B(n, a))`.
    pub(super) fn erlang_c(&self, n: u32, ln_inv_b: f64) -> Result<ErlangPerformance, ErlangError> {
        let a = self.load;
        if a >= f64::from(n) {
            return Err(ErlangError::Unstable { load: a, agents: n });
        }
        let c = ln_erlang_c(n, a, ln_inv_b).exp();
        // n μ - λ, the rate at which the queue drains, per second.
        let drain = (f64::from(n) - a) / self.handle_time;
        let mean_wait = c / drain;
        Ok(ErlangPerformance {
            agents: n,
            offered_load: a,
            probability_of_wait: c,
            abandonment_rate: 0.0,
            mean_wait,
            average_speed_of_answer: mean_wait,
            // (guarded so that an infinite drain rate at t = 0 gives no NaN)
            service_level: if self.threshold == 0.0 {
                1.0 - c
            } else {
                1.0 - c * (-drain * self.threshold).exp()
            },
            occupancy: a / f64::from(n),
        })
    }
}

impl ErlangQueue {
    /// Steady-state performance of this queue with a service-level threshold
    /// in seconds (the `t` of "x % answered within t seconds"): Erlang C when
    /// `mean_patience` is `None`, Erlang A otherwise.
    ///
    /// # Errors
    ///
    /// [`ErlangError::InvalidInput`] for non-positive or non-finite
    /// rates and times, zero agents, a negative or non-finite threshold, or an
    /// Erlang A patience outside the supported range (more than 10^12
    /// arrivals or agent handle times per mean patience — effectively
    /// Erlang C — or fewer than 10^-100); [`ErlangError::Unstable`] for
    /// Erlang C with offered load >= agents. Erlang A is stable at any load,
    /// since abandonment bounds the queue.
    ///
    /// # Example
    ///
    /// ```
    /// use staffsim::analytic::{ErlangError, ErlangQueue};
    /// use staffsim::units::{parse_duration, parse_rate};
    ///
    /// // The textbook case: 2,880 contacts an hour, 1 minute each (48 erlangs), 50 agents.
    /// let queue = ErlangQueue {
    ///     arrival_rate: parse_rate("2880/h").unwrap(),
    ///     mean_handle_time: parse_duration("1m").unwrap(),
    ///     agents: 50,
    ///     mean_patience: None,
    /// };
    /// let p = queue.performance(20.0).unwrap();
    /// assert_eq!(p.offered_load, 48.0);
    /// assert!((p.probability_of_wait - 0.6945).abs() < 1e-4); // Erlang C
    /// assert!((p.average_speed_of_answer - 20.83).abs() < 0.01); // seconds
    /// assert!((p.service_level - 0.6435).abs() < 1e-4); // answered within 20 s
    /// assert_eq!(p.occupancy, 0.96);
    ///
    /// // Customers who hang up after 2 minutes on average (Erlang A) shorten the queue.
    /// let impatient = ErlangQueue { mean_patience: Some(120.0), ..queue };
    /// let a = impatient.performance(20.0).unwrap();
    /// assert!(a.service_level > p.service_level && a.abandonment_rate > 0.0);
    ///
    /// // Without abandonment, 48 agents cannot keep up with 48 erlangs.
    /// let short = ErlangQueue { agents: 48, ..queue };
    /// assert!(matches!(short.performance(20.0), Err(ErlangError::Unstable { .. })));
    /// ```
    pub fn performance(
        &self,
        service_level_threshold: f64,
    ) -> Result<ErlangPerformance, ErlangError> {
        let inputs = Inputs::new(self, service_level_threshold)?;
        let n = self.agents;
        if n == 0 {
            return Err(ErlangError::InvalidInput(
                "agents must be at least 1".into(),
            ));
        }
        match inputs.patience {
            None => {
                if inputs.load >= f64::from(n) {
                    return Err(ErlangError::Unstable {
                        load: inputs.load,
                        agents: n,
                    });
                }
                inputs.erlang_c(n, ln_inverse_erlang_b(n, inputs.load))
            }
            Some(p) => {
                inputs.check_agents(n)?;
                let ln_inv_b_prev = ln_inverse_erlang_b(n - 1, inputs.load);
                Ok(inputs.erlang_a(n, p, ln_inv_b_prev, true))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::agents_for_service_level;
    use super::super::test_support::{assert_sane, queue, rel};
    use super::*;

    #[test]
    fn erlang_b_published_values() {
        // Standard Erlang B tables (e.g. the traffic tables in ITU-T E.800
        // series handbooks, reproduced in most teletraffic texts).
        assert!((erlang_b(10, 5.0) - 0.01838).abs() < 5e-6);
        // Loads carried at 1% blocking: 10 -> 4.46, 20 -> 12.03,
        // 50 -> 37.90, 100 -> 84.06 erlangs (tables round the load to 0.01).
        for (n, a) in [(10, 4.46), (20, 12.03), (50, 37.90), (100, 84.06)] {
            assert!((erlang_b(n, a) - 0.01).abs() < 2e-5, "B({n}, {a})");
        }
        assert_eq!(erlang_b(1, 1.0), 0.5);
        assert_eq!((erlang_b(0, 3.0), erlang_b(4, 0.0)), (1.0, 0.0));
        assert!(erlang_b(3, -1.0).is_nan());
    }

    #[test]
    fn erlang_c_published_values() {
        // Classic table value: 11 agents, 10 erlangs.
        assert!((erlang_c(11, 10.0) - 0.6821).abs() < 5e-5);
        // M/M/2 closed form P(wait) = 2ρ²/(1+ρ) (Kleinrock, Queueing Systems
        // vol. 1, §3.5): ρ = 1/2 gives 1/3; M/M/3 at a = 2 gives 4/9.
        assert!(rel(erlang_c(2, 1.0), 1.0 / 3.0) < 1e-14);
        assert!(rel(erlang_c(3, 2.0), 4.0 / 9.0) < 1e-14);
        // Hillier & Lieberman, "Introduction to Operations Research",
        // County Hospital emergency room: λ = 2/h, μ = 3/h, s = 2 doctors:
        // P(wait) = 1/6, W_q = 1/24 h = 150 s; with s = 1, W_q = 2/3 h.
        let two = queue(2.0 / 3600.0, 1200.0, 2, None)
            .performance(0.0)
            .unwrap();
        assert!(rel(two.probability_of_wait, 1.0 / 6.0) < 1e-13);
        assert!(rel(two.mean_wait, 150.0) < 1e-12);
        let one = queue(2.0 / 3600.0, 1200.0, 1, None)
            .performance(0.0)
            .unwrap();
        assert!(rel(one.mean_wait, 2400.0) < 1e-12);
        assert_eq!(erlang_c(5, 5.0), 1.0);
        assert_eq!(erlang_c(5, 7.5), 1.0);
    }

    #[test]
    fn one_agent_erlang_c_is_mm1() {
        for rho in [0.01, 0.3, 0.75, 0.999] {
            let aht = 120.0;
            let lambda = rho / aht;
            let p = queue(lambda, aht, 1, None).performance(45.0).unwrap();
            let drain = 1.0 / aht - lambda;
            assert!(rel(p.probability_of_wait, rho) < 1e-12);
            assert!(rel(p.mean_wait, rho / drain) < 1e-12);
            assert!(rel(p.average_speed_of_answer, rho / drain) < 1e-12);
            assert!(rel(p.service_level, 1.0 - rho * (-drain * 45.0).exp()) < 1e-12);
            assert!(rel(p.occupancy, rho) < 1e-12);
            assert_eq!(p.abandonment_rate, 0.0);
        }
    }

    #[test]
    fn erlang_b_recursion_agrees_with_incomplete_gamma_route() {
        for n in [1u32, 7, 100, 1000, 10_000, 50_000] {
            for factor in [0.01, 0.5, 0.95, 1.0, 1.3, 10.0] {
                let a = factor * f64::from(n);
                let mut r = InverseErlangB::new(a);
                while r.agents < n {
                    r.advance();
                }
                let via_gamma =
                    ln_gamma_q(f64::from(n) + 1.0, a) - ln_power_exp_over_gamma(f64::from(n), a);
                let diff = (r.ln_value() - via_gamma).abs();
                assert!(
                    diff < 1e-10 * r.ln_value().max(1.0),
                    "n={n} a={a}: {diff:e}"
                );
            }
        }
        // Beyond the recursion limit the gamma route is used; still sane.
        let b = erlang_b(1_000_000, 999_000.0);
        assert!(b > 0.0 && b < 0.01, "{b}");
        assert!(erlang_c(2_000_000, 1_990_000.0) < 1e-10);
    }

    #[test]
    fn light_load_underflows_to_zero_not_nan() {
        assert_eq!(erlang_b(1000, 100.0), 0.0);
        assert_eq!(erlang_c(1000, 100.0), 0.0);
        assert_eq!(erlang_b(10_000, 1e-6), 0.0);
        for patience in [None, Some(60.0)] {
            let p = queue(100.0 / 300.0, 300.0, 1000, patience)
                .performance(20.0)
                .unwrap();
            assert_sane(&p);
            assert_eq!(p.probability_of_wait, 0.0);
            assert_eq!(p.service_level, 1.0);
            assert!(rel(p.occupancy, 0.1) < 1e-12);
        }
        // Minute loads: the recursion switches to log steps, nothing breaks.
        let p = queue(1e-200, 1e-100, 3, None).performance(5.0).unwrap();
        assert_sane(&p);
        assert_eq!(p.probability_of_wait, 0.0);
        assert!(rel(erlang_c(1, 1e-300), 1e-300) < 1e-12);
        assert!(rel(erlang_b(2, 1e-150), 0.5e-300) < 1e-12);
        let p = queue(1e-45, 1e-40, 3, Some(1e-50))
            .performance(5.0)
            .unwrap();
        assert_sane(&p);
    }

    #[test]
    fn erlang_c_unstable_but_erlang_a_fine_when_overloaded() {
        let over = queue(1.0, 60.0, 50, None);
        let err = over.performance(20.0).unwrap_err();
        assert_eq!(
            err,
            ErlangError::Unstable {
                load: 60.0,
                agents: 50
            }
        );
        assert!(err.to_string().contains("grows without bound"), "{err}");
        assert!(queue(1.0, 60.0, 60, None).performance(20.0).is_err());
        let p = ErlangQueue {
            mean_patience: Some(90.0),
            ..over
        }
        .performance(20.0)
        .unwrap();
        assert_sane(&p);
        // At least the excess load abandons: carried load < agents.
        assert!(
            p.abandonment_rate > 1.0 - 50.0 / 60.0 && p.occupancy < 1.0,
            "{p:?}"
        );
        // Infinite patience is Erlang C.
        let inf = ErlangQueue {
            mean_patience: Some(f64::INFINITY),
            ..over
        };
        assert_eq!(inf.performance(20.0), over.performance(20.0));
    }

    #[test]
    fn invalid_inputs_are_errors() {
        let good = queue(0.8, 60.0, 50, Some(120.0));
        let bad = [
            queue(0.0, 60.0, 50, None),
            queue(-1.0, 60.0, 50, None),
            queue(f64::NAN, 60.0, 50, None),
            queue(f64::INFINITY, 60.0, 50, None),
            queue(0.8, 0.0, 50, None),
            queue(0.8, f64::NAN, 50, None),
            queue(0.8, 60.0, 0, None),
            queue(0.8, 60.0, 0, Some(120.0)),
            queue(0.8, 60.0, 50, Some(0.0)),
            queue(0.8, 60.0, 50, Some(-5.0)),
            queue(0.8, 60.0, 50, Some(f64::NAN)),
            queue(1e200, 1e200, 50, None),
            queue(0.8, 60.0, 50, Some(1e307)),
        ];
        for q in bad {
            assert!(
                matches!(q.performance(20.0), Err(ErlangError::InvalidInput(_))),
                "{q:?}"
            );
            assert!(
                matches!(
                    agents_for_service_level(&q, 20.0, 0.8, 100),
                    Err(ErlangError::InvalidInput(_))
                ) || q.agents == 0
            );
        }
        // Patience of 10^9 AHTs: fine for 500 agents, beyond the supported
        // range (10^12 handle times per patience) for 2000.
        let patient = queue(10.0 / 60.0, 60.0, 500, Some(60.0 * 1e9));
        assert!(patient.performance(20.0).is_ok());
        let too_many = ErlangQueue {
            agents: 2000,
            ..patient
        };
        let err = too_many.performance(20.0).unwrap_err();
        assert!(err.to_string().contains("use None (Erlang C)"), "{err}");
        for t in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                good.performance(t),
                Err(ErlangError::InvalidInput(_))
            ));
        }
        for target in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            let r = agents_for_service_level(&good, 20.0, target, 100);
            assert!(matches!(r, Err(ErlangError::InvalidInput(_))), "{target}");
        }
        assert!(matches!(
            agents_for_service_level(&good, 20.0, 0.8, 0),
            Err(ErlangError::InvalidInput(_))
        ));
    }
}
