//! Closed-form queueing formulas for contact-centre staffing: Erlang B,
//! Erlang C (M/M/n) and Erlang A (M/M/n+M, customers who hang up), used to
//! sanity-check the simulator and to size staffing quickly.
//!
//! # Units
//!
//! Time is in **seconds** everywhere: arrival rates are contacts per second,
//! handle times, patience, waits and service-level thresholds are seconds.
//! Offered load is in erlangs (arrival rate × average handle time, AHT).
//!
//! # Model and formulas
//!
//! Contacts arrive as a Poisson process with rate `λ`, are handled by `n`
//! agents in order of arrival with exponential handle times of mean
//! `1/μ = AHT`, and — for Erlang A — a waiting contact hangs up after an
//! exponential patience time of mean `1/θ`. The offered load is `a = λ/μ`.
//!
//! * **Erlang B** (`B(n, a)`, blocking without a queue) by the recursion on
//!   its reciprocal, `1/B(k) = 1 + (k/a)/B(k-1)`, `1/B(0) = 1`. Every term is
//!   positive, so it is forward stable; the running value is kept as a
//!   mantissa times `e^(scale)` so it neither overflows (light load, many
//!   agents: `1/B` is astronomically large) nor loses the small values
//!   (which would make `B` underflow to 0 and then produce `0/0`). Above
//!   50 000 agents `1/B = Q(n+1, a) · n! e^a / a^n` (regularised upper
//!   incomplete gamma) is used instead, in `O(√n)`.
//! * **Erlang C**: `C = B / (1 - ρ(1 - B))`, `ρ = a/n`, evaluated as
//!   `1 / ((1-ρ)/B + ρ)` in log space (a sum of positive terms).
//!   `P(W > t) = C e^(-(nμ-λ)t)`, mean wait = ASA = `C / (nμ - λ)`,
//!   service level `1 - C e^(-(nμ-λ)t)`, occupancy `ρ`. Unstable when `a ≥ n`.
//! * **Erlang A** (Baccelli & Hébuterne 1981; Mandelbaum & Zeltyn, "The
//!   M/M/n+G queue: summary of performance measures"). Let `s = nμ/θ`,
//!   `b = λ/θ` and `G(s, x) = γ(s, x) e^x x^(-s) = Σ_k x^k/(s(s+1)…(s+k))`
//!   (scaled lower incomplete gamma). The offered wait `V` (the wait of a
//!   customer with infinite patience) has an atom at 0 and density
//!   `λ p_{n-1} exp(λ(1-e^(-θx))/θ - nμx)` for `x > 0`, where
//!   `p_{n-1} = 1/(ε + λJ)`, `ε = 1/B(n-1, a)` and
//!   `λJ = b·G(s, b)` (`= (λ/nμ) Σ_k Π_{i≤k} λ/(nμ+iθ)`, the queue part of the
//!   birth–death chain). Substituting `u = b e^(-θx)` turns every integral
//!   over `V` into an incomplete gamma function:
//!   - `P(wait) = λJ / (ε + λJ)`, a logistic function of `ln λJ - ln ε`;
//!   - `P(answered | wait) = G(s+1, b)/G(s, b) = (s/b) P(s+1, b)/P(s, b)`;
//!   - `P(abandon | wait) = 1 - P(answered | wait) = m/b`, where `m` is the
//!     mean queue length seen by a waiting arrival; `m = b - s + 1/G(s, b)`,
//!     and for `b < s` (where that difference cancels) `m = Σ k q_k / Σ q_k`,
//!     `q_k = Π_{i≤k} b/(s+i)`, directly;
//!   - mean wait of all contacts `= P(abandon)/θ = P(wait)·m/λ` (Little's law
//!     on abandonments);
//!   - answered within `t` given a wait `= P(answered | wait)·(1 - γ(s+1, c)/γ(s+1, b))`,
//!     `c = b e^(-θt)`; service level `= P(no wait) + P(wait)·that`;
//!   - ASA `= P(wait)·P(answered | wait)·E[V | answered, wait] / P(answered)`
//!     with `E[V | answered, wait] = E[ln(b/U)]/θ`, `U` gamma(`s+1`)
//!     restricted to `(0, b)`; by differentiating the series of `γ` in its
//!     shape this is `Σ_k T_k H_k / Σ_k T_k`, `T_k = b^k/((s+1)…(s+1+k))`,
//!     `H_k = Σ_{i≤k} 1/(s+1+i)` — exactly the "tagged customer" average of
//!     `Σ_{i≤k} 1/(nμ+(i+1)θ)` over the queue seen on arrival.
//!
//! # Why this is numerically stable
//!
//! Nothing is ever computed as a huge number divided by a huge number:
//! `1/B` and `λJ` are carried as logarithms and compared in log space;
//! `G` is a series of positive, decreasing terms (no prefactor at all) when
//! `b < s + 1`, and comes from the continued fraction of `Q` otherwise, where
//! `P ≥ ~1/2`; the prefactor `x^s e^(-x)/Γ(s+1)` uses Loader's saddle-point
//! form so it keeps its digits for shapes in the billions (patience far above
//! the AHT); probabilities are taken as ratios of positive sums rather than
//! differences of nearly equal numbers, and `1 - r` as `-expm1(ln r)`. Light
//! loads (1 000 agents at 100 erlangs) give delay probabilities that underflow
//! to exactly 0 instead of NaN, and the work per evaluation is `O(n)` for the
//! Erlang B recursion plus `O(√s)` for the series, so 10 000 agents take well
//! under a millisecond. Two textbook forms are deliberately avoided:
//! `ln J = -ln θ + b - s ln b + ln Γ(s) + ln P(s, b)` (its terms are ~`s ln s`
//! and cancel to a few units, losing all digits once patience is ~10^6 AHTs)
//! and `1 - (s/b) P(s+1, b)/P(s, b)` for the abandonment share (it cancels
//! when `s ≫ b`, i.e. when hardly anyone abandons).
//!
//! Erlang A accepts a mean patience of at most 10^12 arrivals or agent
//! handle times (which bounds the series at ~10^7 terms) and at least
//! 10^-100 of them; outside that range it returns
//! [`ErlangError::InvalidInput`].
//!
//! # Caveat for staffing with abandonment
//!
//! Because abandonment shortens the waits of those who stay, an Erlang A
//! service-level target (abandoned contacts count as failures) can often be
//! met with fewer agents than the offered load, at a high abandonment rate
//! — e.g. 9 800 erlangs, 120 s patience, 80 % in 20 s needs 8 393 agents and
//! loses 14 % of the contacts. Check `abandonment_rate` alongside the service
//! level.
//!
//! # Tests
//!
//! Besides unit tests, `birth_death.rs` (test-only) solves the M/M/n+M
//! birth–death chain state by state and gets the service level by
//! uniformising the tagged-customer process; the closed forms agree with it
//! to ~1e-12 relative from 1 to 1 000 agents, at and beyond overload.

mod erlang;
mod erlang_a;
mod gamma;
mod staffing;

#[cfg(test)]
mod birth_death;
#[cfg(test)]
mod test_support;

pub use erlang::{ErlangError, ErlangPerformance, ErlangQueue, erlang_b, erlang_c};
pub use staffing::{agents_for, agents_for_service_level};
