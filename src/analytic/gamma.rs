//! Log-space regularised incomplete gamma function and the related sums that
//! the Erlang A formulas need.
//!
//! Notation: `γ(a, x) = ∫_0^x u^(a-1) e^(-u) du` (lower incomplete gamma),
//! `P(a, x) = γ(a, x) / Γ(a)` and `Q(a, x) = 1 - P(a, x)` (regularised), and the
//! *scaled* lower incomplete gamma
//!
//! ```text
//! G(a, x) = γ(a, x) e^x x^(-a) = Σ_{k≥0} x^k / (a (a+1) ... (a+k)),
//! ```
//!
//! whose series has only positive terms and no prefactor at all. In queueing
//! terms (see `erlang.rs`) the terms of that series are the stationary weights
//! of the queue lengths of an M/M/n+M queue, which is why the Erlang A module
//! mostly works with `G` and only falls back on `P` when `x > a + 1`.
//!
//! * `x < a + 1`: the power series above; every term is positive, the terms
//!   decrease from the first one on, and nothing overflows.
//! * `x ≥ a + 1`: the Legendre continued fraction for `Q(a, x)` (modified
//!   Lentz), which converges quickly there; `ln P = ln(1 - Q)` with
//!   `Q ≤ 1/2`-ish, so no cancellation.
//!
//! The prefactor `x^a e^(-x) / Γ(a+1)` is computed as
//! `-bd0(a, x) - ½ ln(2πa) - stirlerr(a)` (Loader's saddle-point form) instead
//! of `a ln x - x - ln Γ(a+1)`, which would lose all digits by cancellation
//! when `a` and `x` are both in the millions or more.

use statrs::function::gamma::ln_gamma;

/// Relative size below which a term no longer changes a sum.
const TINY: f64 = 1e-17;

/// Hard cap on series and continued-fraction iterations (only reachable for
/// shape parameters far beyond 10^12, where the cost grows like √a).
const MAX_ITER: usize = 200_000_000;

/// Sums of the series `q_k = Π_{i=1..k} x / (a + i)`, `q_0 = 1`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SeriesSums {
    /// `Σ_{k≥0} q_k` (equals `a · G(a, x)`).
    pub sum: f64,
    /// `Σ_{k≥1} q_k` (equals `x · G(a+1, x)`), summed on its own so that it
    /// keeps its digits when it is tiny.
    pub tail: f64,
    /// `Σ_k k q_k`.
    pub first_moment: f64,
    /// `Σ_{k≥1} q_k h_k` with `h_k = Σ_{i=1..k} 1/(a+i)`; divided by `tail`
    /// it is `E[ln(x/U)]`, `U ~ gamma(a+1)` on `(0, x)` (see [`mean_log_ratio`]).
    pub harmonic_moment: f64,
}

/// The sums of [`SeriesSums`] for `q_k = Π_{i=1..k} x/(a+i)`. Intended for
/// `0 ≤ x < a + 1`, where the terms decrease and the sums converge fast
/// (`O(min(√a, a/(a-x)))` terms); the terms are at most 1, so nothing
/// overflows.
pub(crate) fn lower_series(a: f64, x: f64) -> SeriesSums {
    let mut term = 1.0;
    let mut tail = 0.0;
    let mut first = 0.0;
    let mut harmonic = 0.0;
    let mut h = 0.0;
    let mut k = 0.0;
    for _ in 0..MAX_ITER {
        k += 1.0;
        term *= x / (a + k);
        h += 1.0 / (a + k);
        tail += term;
        first += k * term;
        harmonic += h * term;
        // Ratios only decrease from here on, so the rest is bounded by a
        // geometric series with ratio `next` (index and h_k growing linearly).
        let next = x / (a + k + 1.0);
        if next < 1.0 {
            let geo = next / (1.0 - next);
            let spread = geo / (1.0 - next);
            let rest = term * geo;
            let rest_first = term * (k * geo + spread);
            let rest_harmonic = term * (h * geo + spread / (a + k + 1.0));
            if rest <= TINY * tail && rest_first <= TINY * first && rest_harmonic <= TINY * harmonic
            {
                break;
            }
        }
        if term == 0.0 {
            break;
        }
    }
    SeriesSums {
        sum: 1.0 + tail,
        tail,
        first_moment: first,
        harmonic_moment: harmonic,
    }
}

/// `ln(x^a e^(-x) / Γ(a+1))` for `a > 0`, `x ≥ 0`, without cancellation for
/// large `a` and `x`.
pub(crate) fn ln_power_exp_over_gamma(a: f64, x: f64) -> f64 {
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if a < 10.0 {
        a * x.ln() - x - ln_gamma(a + 1.0)
    } else {
        -bd0(a, x) - 0.5 * (2.0 * std::f64::consts::PI * a).ln() - stirlerr(a)
    }
}

/// `a ln(a/x) + x - a ≥ 0`, accurate also when `a ≈ x` (Loader 2000).
fn bd0(a: f64, x: f64) -> f64 {
    if (a - x).abs() < 0.1 * (a + x) {
        let v = (a - x) / (a + x);
        let mut s = (a - x) * v;
        let v2 = v * v;
        let mut ej = 2.0 * a * v;
        let mut j = 1.0;
        loop {
            ej *= v2;
            let s1 = s + ej / (2.0 * j + 1.0);
            if s1 == s {
                return s;
            }
            s = s1;
            j += 1.0;
        }
    }
    a * (a / x).ln() + x - a
}

/// Stirling error `ln Γ(a+1) - (a ln a - a + ½ ln(2πa))`, for `a ≥ 10`.
fn stirlerr(a: f64) -> f64 {
    if a < 15.0 {
        return ln_gamma(a + 1.0) - (a * a.ln() - a + 0.5 * (2.0 * std::f64::consts::PI * a).ln());
    }
    let r = 1.0 / a;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))))
}

/// `ln Σ_{k≥0} x^k/((a+1)...(a+k))` by the continued fraction route, i.e.
/// `ln Q(a, x)` for `x ≥ a + 1`.
fn ln_upper_cf(a: f64, x: f64) -> f64 {
    const FPMIN: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / FPMIN;
    let mut d = 1.0 / b;
    let mut h = d;
    let mut i = 0.0;
    for _ in 0..MAX_ITER {
        i += 1.0;
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < FPMIN {
            d = FPMIN;
        }
        c = b + an / c;
        if c.abs() < FPMIN {
            c = FPMIN;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 2.0 * f64::EPSILON {
            break;
        }
    }
    // Q = x^a e^-x / Γ(a) · h
    ln_power_exp_over_gamma(a, x) + a.ln() + h.ln()
}

/// `ln P(a, x)`, the log of the regularised lower incomplete gamma function,
/// for `a > 0`, `x ≥ 0` (`-∞` at `x = 0`).
pub(crate) fn ln_gamma_p(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if x < a + 1.0 {
        ln_power_exp_over_gamma(a, x) + lower_series(a, x).sum.ln()
    } else {
        (-ln_upper_cf(a, x).exp()).ln_1p()
    }
}

/// `ln Q(a, x) = ln(1 - P(a, x))`, the log of the regularised upper
/// incomplete gamma function, for `a > 0`, `x ≥ 0`.
pub(crate) fn ln_gamma_q(a: f64, x: f64) -> f64 {
    if x < a + 1.0 {
        (-ln_gamma_p(a, x).exp()).ln_1p()
    } else {
        ln_upper_cf(a, x)
    }
}

/// `ln G(a, x) = ln(γ(a, x) e^x x^(-a))`, the log of the scaled lower
/// incomplete gamma function (finite also at `x = 0`, where it is `-ln a`).
pub(crate) fn ln_scaled_lower(a: f64, x: f64) -> f64 {
    if x < a + 1.0 {
        lower_series(a, x).sum.ln() - a.ln()
    } else {
        ln_gamma_p(a, x) - ln_power_exp_over_gamma(a, x) - a.ln()
    }
}

/// `E[ln(x/U)]` where `U` has the gamma density `∝ u^(a-1) e^(-u)` restricted
/// to `(0, x)`; equals `ln x - ∂/∂a ln γ(a, x)`.
///
/// Differentiating the series of `γ(a, x) = x^a e^-x Σ_k T_k`,
/// `T_k = x^k / (a (a+1) ... (a+k))`, term by term gives
/// `E[ln(x/U)] = Σ_k T_k H_k / Σ_k T_k` with `H_k = Σ_{i=0..k} 1/(a+i)`:
/// a weighted mean of positive numbers. The sum starts at the largest weight
/// (index `⌊x - a⌋` when `x > a + 1`, else 0) and walks outwards, so the
/// cost is `O(√x)` even when `x ≫ a`.
pub(crate) fn mean_log_ratio(a: f64, x: f64) -> f64 {
    let mode = (x - a).floor().max(0.0);
    let h_mode = harmonic(a, mode + 1.0);
    // Weights relative to the mode's weight; deviations of H_k from H_mode.
    let mut sum_w = 1.0;
    let mut sum_wd = 0.0;
    // Upwards.
    let (mut w, mut dev, mut k) = (1.0, 0.0, mode);
    for _ in 0..MAX_ITER {
        k += 1.0;
        w *= x / (a + k);
        dev += 1.0 / (a + k);
        sum_w += w;
        sum_wd += w * dev;
        let next = x / (a + k + 1.0);
        if next < 1.0 && w * (1.0 + dev / h_mode) / (1.0 - next) <= TINY * sum_w {
            break;
        }
        if w == 0.0 {
            break;
        }
    }
    // Downwards.
    let (mut w, mut dev, mut k) = (1.0, 0.0, mode);
    while k > 0.0 {
        w *= (a + k) / x;
        dev -= 1.0 / (a + k);
        k -= 1.0;
        sum_w += w;
        sum_wd += w * dev;
        if w <= TINY * TINY * sum_w {
            break;
        }
    }
    h_mode + sum_wd / sum_w
}

/// `Σ_{i=0}^{m-1} 1/(a+i)` for `a > 0` and a whole number `m ≥ 1`
/// (`= ψ(a+m) - ψ(a)`).
fn harmonic(a: f64, m: f64) -> f64 {
    if m <= 512.0 {
        let mut h = 0.0;
        let mut i = m - 1.0;
        while i >= 0.0 {
            h += 1.0 / (a + i);
            i -= 1.0;
        }
        return h;
    }
    // Shift up until the asymptotic expansion of ψ is accurate, then use
    // ψ(z1) - ψ(z0) with z1 = z0 + m, written so that nothing cancels.
    let mut h = 0.0;
    let mut z0 = a;
    let mut m = m;
    while z0 < 20.0 {
        h += 1.0 / z0;
        z0 += 1.0;
        m -= 1.0;
    }
    let z1 = z0 + m;
    // ψ(z) ~ ln z - 1/(2z) - Σ_k c_k z^(-2k)
    const C: [f64; 5] = [
        1.0 / 12.0,
        -1.0 / 120.0,
        1.0 / 252.0,
        -1.0 / 240.0,
        1.0 / 132.0,
    ];
    let (r0, r1) = ((z0 * z0).recip(), (z1 * z1).recip());
    let (mut p0, mut p1) = (1.0, 1.0);
    let mut corr = 0.0;
    for c in C {
        p0 *= r0;
        p1 *= r1;
        corr += c * (p0 - p1);
    }
    h + (m / z0).ln_1p() + m / (2.0 * z0 * z1) + corr
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::gamma::{digamma, gamma_lr};

    fn rel(x: f64, y: f64) -> f64 {
        if x == y { 0.0 } else { ((x - y) / y).abs() }
    }

    #[test]
    fn ln_gamma_p_matches_statrs_for_moderate_arguments() {
        for &a in &[0.05, 0.5, 1.0, 3.7, 10.0, 25.0, 150.0, 1000.0] {
            for &f in &[0.01, 0.3, 0.9, 0.99, 1.0, 1.01, 1.3, 3.0] {
                let x = a * f;
                let ours = ln_gamma_p(a, x).exp();
                let theirs = gamma_lr(a, x);
                assert!(rel(ours, theirs) < 1e-9, "a={a} x={x}: {ours} vs {theirs}");
            }
        }
    }

    #[test]
    fn closed_forms_for_integer_and_unit_shape() {
        // P(1, x) = 1 - e^-x and P(2, x) = 1 - (1 + x) e^-x.
        for &x in &[1e-6f64, 0.1, 1.0, 1.99, 2.5, 10.0, 700.0] {
            assert!(rel(ln_gamma_p(1.0, x).exp(), -(-x).exp_m1()) < 1e-13);
            // (the reference formula itself cancels for tiny x)
            let p2 = 1.0 - (1.0 + x) * (-x).exp();
            assert!(
                x < 0.01 || rel(ln_gamma_p(2.0, x).exp(), p2) < 1e-9,
                "x={x}"
            );
        }
        // G(1, x) = (e^x - 1)/x.
        for &x in &[1e-3f64, 0.5, 1.5, 30.0] {
            let g = x.exp_m1() / x;
            assert!(rel(ln_scaled_lower(1.0, x).exp(), g) < 1e-13, "x={x}");
        }
        assert_eq!(ln_gamma_p(3.0, 0.0), f64::NEG_INFINITY);
        assert_eq!(ln_gamma_q(3.0, 0.0), 0.0);
        // Q(1, x) = e^-x far into the tail, where 1 - P would be 0.
        assert!(rel(ln_gamma_q(1.0, 800.0), -800.0) < 1e-14);
        assert!(rel(ln_gamma_q(2.0, 3.0).exp(), 4.0 * (-3.0f64).exp()) < 1e-14);
        assert!(rel(ln_scaled_lower(4.0, 0.0), -(4.0f64.ln())) < 1e-15);
    }

    #[test]
    fn huge_shape_near_the_mean_is_accurate() {
        // For large a, P(a, a) -> 1/2 + 1/(3 sqrt(2 pi a)) (Temme).
        for &a in &[1e6, 1e8, 1e10] {
            let p = ln_gamma_p(a, a).exp();
            let approx = 0.5 + 1.0 / (3.0 * (2.0 * std::f64::consts::PI * a).sqrt());
            assert!(
                (p - approx).abs() < 1e-6 / a.sqrt(),
                "a={a}: {p} vs {approx}"
            );
        }
        // Both branches agree across the switch at x = a + 1.
        for &a in &[5.0, 500.0, 5e6] {
            let below = ln_gamma_p(a, a + 1.0 - 1e-9);
            let above = ln_gamma_p(a, a + 1.0);
            assert!((below - above).abs() < 1e-9, "a={a}: {below} vs {above}");
            let gb = ln_scaled_lower(a, a + 1.0 - 1e-9);
            let ga = ln_scaled_lower(a, a + 1.0);
            assert!((gb - ga).abs() < 1e-8, "a={a}: {gb} vs {ga}");
        }
    }

    #[test]
    fn prefactor_matches_direct_formula() {
        for &(a, x) in &[(12.0, 3.0), (50.0, 49.0), (1e3, 1.2e3), (15.0, 15.0)] {
            let direct = a * f64::ln(x) - x - ln_gamma(a + 1.0);
            assert!((ln_power_exp_over_gamma(a, x) - direct).abs() < 1e-11);
        }
    }

    #[test]
    fn harmonic_matches_digamma_and_direct_sums() {
        for &a in &[0.3, 1.0, 7.5, 400.0, 1e7] {
            for &m in &[1.0, 10.0, 513.0, 5000.0, 1e6] {
                let ours = harmonic(a, m);
                let mut direct = 0.0;
                let mut i = m - 1.0;
                while i >= 0.0 {
                    direct += 1.0 / (a + i);
                    i -= 1.0;
                }
                assert!(rel(ours, direct) < 1e-12, "a={a} m={m}: {ours} vs {direct}");
                if a < 1e3 {
                    assert!(rel(ours, digamma(a + m) - digamma(a)) < 1e-9);
                }
            }
        }
    }

    #[test]
    fn mean_log_ratio_matches_quadrature() {
        // E[ln(x/U)] by brute-force midpoint quadrature of the truncated
        // gamma density in u (fine grid, moderate parameters only).
        for &(a, x) in &[
            (1.0, 0.5),
            (3.0, 2.0),
            (10.0, 30.0),
            (50.0, 60.0),
            (2.5, 40.0),
        ] {
            let n = 400_000;
            let h = x / n as f64;
            let (mut num, mut den) = (0.0, 0.0);
            for i in 0..n {
                let u = (i as f64 + 0.5) * h;
                let w = ((a - 1.0) * u.ln() - u).exp();
                num += w * (x / u).ln();
                den += w;
            }
            let ours = mean_log_ratio(a, x);
            assert!(
                rel(ours, num / den) < 1e-6,
                "a={a} x={x}: {ours} vs {}",
                num / den
            );
        }
    }

    #[test]
    fn lower_series_moments() {
        // x = 0: only q_0 = 1.
        let s = lower_series(3.0, 0.0);
        assert_eq!((s.sum, s.tail, s.first_moment), (1.0, 0.0, 0.0));
        // a = 0 would be the geometric series Σ (x)^k/k! ... use a = 1:
        // q_k = x^k / (k+1)!  ->  Σ q_k = (e^x - 1)/x.
        let x = 1.7f64;
        let s = lower_series(1.0, x);
        assert!(rel(s.sum, x.exp_m1() / x) < 1e-14);
        // Σ k q_k = Σ (k+1) q_k - Σ q_k = e^x - (e^x - 1)/x.
        assert!(rel(s.first_moment, x.exp() - x.exp_m1() / x) < 1e-14);
        assert!(rel(s.tail, s.sum - 1.0) < 1e-14);
        // The harmonic moment is the series form of mean_log_ratio(a+1, x).
        for &(a, x) in &[(0.5, 1.2), (10.0, 3.0), (1e4, 9.9e3), (1e6, 1e6)] {
            let s = lower_series(a, x);
            let m = mean_log_ratio(a + 1.0, x);
            assert!(rel(s.harmonic_moment / s.tail, m) < 1e-12, "a={a} x={x}");
        }
    }
}
