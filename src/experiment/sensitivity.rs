//! Global sensitivity of a Latin hypercube sweep: which settings move a measure, and how much.
//!
//! # Standardised rank regression coefficients
//!
//! Over the N samples of the design, every input (the value of each axis) and the output
//! (a measure's mean over the sample's replications) are replaced by their ranks, the ranks
//! are standardised (mean 0, standard deviation 1), and the output is regressed on all the
//! inputs together by least squares. The coefficients are the SRRC: the change of the
//! output's rank, in standard deviations, for one standard deviation of an input's rank, the
//! others held. Ranks make the measure robust to a monotone but curved response (waiting time
//! falls steeply and then flattens as agents are added); standardising makes settings of
//! different units comparable; regressing on all inputs at once separates settings that the
//! sample happens to have correlated a little.
//!
//! For a response that is linear in independent inputs, the coefficients of the standardised
//! (not ranked) regression are `a_i·σ_i/σ_y` and their squares add up to R²; the rank version
//! is close when the response is close to linear. The R² of the rank regression says how much
//! of the output's ranking the inputs explain additively: near 1, the SRRC tell the whole
//! story; well below 1, the response is not monotone in some input, or inputs interact, and
//! the SRRC understate what those inputs do (the Spearman correlations, which look at one
//! input at a time, say the same thing by another route).
//!
//! # Intervals
//!
//! Each coefficient has a 95 % bootstrap percentile interval: the N samples are resampled
//! with replacement 1,000 times (a fixed seed, so the same sweep gives the same interval),
//! ranked and regressed again. An interval that contains 0 says that this sample cannot tell
//! the setting's effect from chance association with the others; more samples narrow it
//! roughly as 1/√N. The intervals speak of the design's sampling only: the noise of the
//! replications is in each output already, and common random numbers keep it from drowning
//! small effects.
//!
//! # Degenerate cases
//!
//! A constant output (a measure the settings cannot move, such as the headcount in a sweep of
//! AI settings) has no ranking: every coefficient is undefined (`None`), not NaN. A constant
//! input has no coefficient and is left out of the regression. With N ≤ k + 1 samples for k
//! inputs the regression is exact or underdetermined: coefficients and R² are undefined,
//! and only the Spearman correlations are given.
//!
//! The regression is a dense solve of the k × k normal equations by Cholesky's method, k being
//! the number of axes (a few to a few tens); a resample is weighted by how many times each
//! sample was drawn, so resampling costs O(N·k²) per resample, not a sort.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

use super::sweep::PointResult;
use crate::metrics::Measure;
use crate::scenario::sweep::SweepSpec;

/// Bootstrap resamples behind each interval.
pub const RESAMPLES: usize = 1_000;

/// What one input does to one output.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSensitivity {
    /// Standardised rank regression coefficient, from −1 to 1 in practice (dimensionless):
    /// `None` if the output or this input is constant, or there are too few samples.
    pub srrc: Option<f64>,
    /// 95 % bootstrap percentile interval of the SRRC, `[low, high]`.
    pub ci95: Option<[f64; 2]>,
    /// Spearman's rank correlation of this input with the output, from −1 to 1: `None` if
    /// either is constant.
    pub spearman: Option<f64>,
}

/// The rank regression of one output on every input.
#[derive(Debug, Clone, PartialEq)]
pub struct RankRegression {
    /// Samples used (those where the output is defined).
    pub samples: usize,
    /// One entry per input, in input order.
    pub inputs: Vec<InputSensitivity>,
    /// Share of the variance of the output's ranks the regression explains, from 0 to 1.
    pub r2: Option<f64>,
}

/// The rank regression of a measure over a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSensitivity {
    /// The output measure.
    pub measure: Measure,
    /// Its rank regression on the sweep's axes, in axis order.
    pub regression: RankRegression,
}

/// Whether `samples` samples are too few for a rank regression on `inputs` inputs (it needs
/// more samples than coefficients plus one).
pub fn too_few_samples(samples: usize, inputs: usize) -> bool {
    samples <= inputs + 1
}

/// A column sorted once: its indices in increasing order, cut into groups of equal values.
struct Sorted {
    order: Vec<usize>,
    /// End (exclusive) in `order` of each group of ties.
    group_ends: Vec<usize>,
}

impl Sorted {
    fn new(values: &[f64]) -> Self {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let mut group_ends = Vec::new();
        for i in 1..=order.len() {
            if i == order.len() || values[order[i]] != values[order[i - 1]] {
                group_ends.push(i);
            }
        }
        Self { order, group_ends }
    }

    /// Average ranks (from 1) of the samples weighted by `weight` (how many times each is
    /// drawn; 1 for every sample gives the usual ranks, ties sharing their mean rank).
    fn ranks(&self, weight: &[f64], out: &mut [f64]) {
        let mut before = 0.0;
        let mut start = 0;
        for &end in &self.group_ends {
            let group = &self.order[start..end];
            let w: f64 = group.iter().map(|&i| weight[i]).sum();
            let rank = before + (w + 1.0) / 2.0;
            for &i in group {
                out[i] = rank;
            }
            before += w;
            start = end;
        }
    }
}

/// The SRRC of each input (`None` for an input left out) and R², from the weighted ranks of
/// the inputs `x` and output `y`; `None` if the output is constant or the normal equations are
/// singular.
fn regress(x: &[Vec<f64>], y: &[f64], w: &[f64], used: &[bool]) -> Option<(Vec<f64>, f64)> {
    let total: f64 = w.iter().sum();
    let mean = |v: &[f64]| v.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / total;
    let my = mean(y);
    let cols: Vec<usize> = (0..x.len()).filter(|&j| used[j]).collect();
    let means: Vec<f64> = cols.iter().map(|&j| mean(&x[j])).collect();
    let k = cols.len();
    let mut cxx = vec![0.0; k * k];
    let mut cxy = vec![0.0; k];
    let mut cyy = 0.0;
    let mut d = vec![0.0; k];
    for i in 0..y.len() {
        if w[i] == 0.0 {
            continue;
        }
        let dy = y[i] - my;
        for (a, &j) in cols.iter().enumerate() {
            d[a] = x[j][i] - means[a];
        }
        cyy += w[i] * dy * dy;
        for a in 0..k {
            cxy[a] += w[i] * d[a] * dy;
            for b in 0..=a {
                cxx[a * k + b] += w[i] * d[a] * d[b];
            }
        }
    }
    // Ranks of N samples vary by about N³/12: anything far below is a constant.
    let tiny = 1e-12 * total.powi(3);
    if cyy <= tiny || (0..k).any(|a| cxx[a * k + a] <= tiny) {
        return None;
    }
    let beta = cholesky_solve(&cxx, &cxy, k)?;
    let r2 = beta.iter().zip(&cxy).map(|(b, c)| b * c).sum::<f64>() / cyy;
    let mut srrc = vec![f64::NAN; x.len()];
    for (a, &j) in cols.iter().enumerate() {
        srrc[j] = beta[a] * (cxx[a * k + a] / cyy).sqrt();
    }
    Some((srrc, r2.clamp(0.0, 1.0)))
}

/// Solves `A·x = b` for a symmetric positive definite `A` (`k × k`, row-major, its lower
/// triangle filled), by Cholesky's method; `None` if `A` is singular or not positive definite
/// (inputs that are, in this sample, one another's linear combination).
fn cholesky_solve(a: &[f64], b: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut b = b.to_vec();
    let diag: Vec<f64> = (0..k).map(|i| a[i * k + i]).collect();
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for p in 0..j {
                s -= l[i * k + p] * l[j * k + p];
            }
            if i == j {
                if s <= 1e-10 * diag[i] {
                    return None;
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    // L·z = b, then Lᵀ·x = z.
    for i in 0..k {
        let mut s = b[i];
        for p in 0..i {
            s -= l[i * k + p] * b[p];
        }
        b[i] = s / l[i * k + i];
    }
    for i in (0..k).rev() {
        let mut s = b[i];
        for p in i + 1..k {
            s -= l[p * k + i] * b[p];
        }
        b[i] = s / l[i * k + i];
    }
    Some(b)
}

/// The percentile `q` (0 to 1) of sorted `v`, interpolated between neighbours.
fn percentile(v: &[f64], q: f64) -> f64 {
    let h = q * (v.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// The rank regression of `output` on `inputs` (one column per input, each as long as
/// `output`), with `resamples` bootstrap resamples drawn from `seed` for the intervals.
/// Samples whose output is not finite are left out first.
///
/// # Example
///
/// ```
/// use staffsim::experiment::sensitivity::rank_regression;
///
/// let x1: Vec<f64> = (0..50).map(|i| i as f64).collect();
/// let x2: Vec<f64> = (0..50).map(|i| ((i * 17) % 50) as f64).collect();
/// let y: Vec<f64> = x1.iter().map(|x| x * x).collect(); // monotone in x1, blind to x2
/// let r = rank_regression(&[x1, x2], &y, 200, 1);
/// assert!((r.inputs[0].srrc.unwrap() - 1.0).abs() < 1e-9);
/// assert!(r.inputs[1].srrc.unwrap().abs() < 1e-9);
/// assert!((r.r2.unwrap() - 1.0).abs() < 1e-9);
/// ```
pub fn rank_regression(
    inputs: &[Vec<f64>],
    output: &[f64],
    resamples: usize,
    seed: u64,
) -> RankRegression {
    let keep: Vec<usize> = (0..output.len())
        .filter(|&i| output[i].is_finite())
        .collect();
    let n = keep.len();
    let y: Vec<f64> = keep.iter().map(|&i| output[i]).collect();
    let x: Vec<Vec<f64>> = inputs
        .iter()
        .map(|c| keep.iter().map(|&i| c[i]).collect())
        .collect();
    let k = x.len();
    let sorted_x: Vec<Sorted> = x.iter().map(|c| Sorted::new(c)).collect();
    let sorted_y = Sorted::new(&y);
    let ones = vec![1.0; n];
    let rank_all = |w: &[f64], rx: &mut [Vec<f64>], ry: &mut [f64]| {
        for (s, r) in sorted_x.iter().zip(rx.iter_mut()) {
            s.ranks(w, r);
        }
        sorted_y.ranks(w, ry);
    };
    let mut rx = vec![vec![0.0; n]; k];
    let mut ry = vec![0.0; n];
    rank_all(&ones, &mut rx, &mut ry);
    let undefined = RankRegression {
        samples: n,
        inputs: vec![
            InputSensitivity {
                srrc: None,
                ci95: None,
                spearman: None,
            };
            k
        ],
        r2: None,
    };
    if n < 2 {
        return undefined;
    }
    // Spearman's correlation: the rank regression on one input alone.
    let spearman: Vec<Option<f64>> = (0..k)
        .map(|j| {
            let mut used = vec![false; k];
            used[j] = true;
            regress(&rx, &ry, &ones, &used).map(|(s, _)| s[j])
        })
        .collect();
    let tiny = |c: &[f64]| {
        let m = c.iter().sum::<f64>() / n as f64;
        c.iter().map(|v| (v - m).powi(2)).sum::<f64>() <= 1e-12 * (n as f64).powi(3)
    };
    let used: Vec<bool> = rx.iter().map(|c| !tiny(c)).collect();
    let in_use = used.iter().filter(|&&u| u).count();
    let full = if too_few_samples(n, in_use) || in_use == 0 {
        None
    } else {
        regress(&rx, &ry, &ones, &used)
    };
    let Some((srrc, r2)) = full else {
        let mut out = undefined;
        for (o, s) in out.inputs.iter_mut().zip(spearman) {
            o.spearman = s;
        }
        return out;
    };
    // The bootstrap: resample the samples (as counts), rank and regress again.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); k];
    let mut w = vec![0.0; n];
    for _ in 0..resamples {
        w.iter_mut().for_each(|c| *c = 0.0);
        for _ in 0..n {
            w[(rng.next_u64() % n as u64) as usize] += 1.0;
        }
        rank_all(&w, &mut rx, &mut ry);
        if let Some((s, _)) = regress(&rx, &ry, &w, &used) {
            for (d, &v) in draws.iter_mut().zip(&s) {
                if v.is_finite() {
                    d.push(v);
                }
            }
        }
    }
    let inputs = (0..k)
        .map(|j| {
            let d = &mut draws[j];
            d.sort_by(f64::total_cmp);
            // An interval needs most resamples to have given a coefficient.
            let ci95 = (used[j] && d.len() * 10 >= resamples * 9 && !d.is_empty())
                .then(|| [percentile(d, 0.025), percentile(d, 0.975)]);
            InputSensitivity {
                srrc: used[j].then_some(srrc[j]),
                ci95,
                spearman: spearman[j],
            }
        })
        .collect();
    RankRegression {
        samples: n,
        inputs,
        r2: Some(r2),
    }
}

/// The value of every axis of `spec` at each point of `results`, one column per axis, as
/// numbers in the axis's unit (`NaN` for a value that is not one).
pub fn sweep_inputs(spec: &SweepSpec, results: &[PointResult]) -> Vec<Vec<f64>> {
    let points: Vec<_> = results.iter().map(|r| spec.point(r.index)).collect();
    spec.axes
        .iter()
        .enumerate()
        .map(|(a, axis)| {
            points
                .iter()
                .map(|p| {
                    let number = match (&axis.range, &p[a]) {
                        (Some(r), v) => r.number_of(v),
                        (None, toml::Value::Integer(i)) => Some(*i as f64),
                        (None, toml::Value::Float(f)) => Some(*f),
                        _ => None,
                    };
                    number.unwrap_or(f64::NAN)
                })
                .collect()
        })
        .collect()
}

/// The rank regression of every measure of [`Measure::ALL`] over the points of a sweep: each
/// point's output is the mean of the measure over its replications. `seed` fixes the
/// bootstrap (each measure draws its own resamples from it). The measures run in parallel;
/// the result does not depend on the number of threads.
pub fn of_sweep(spec: &SweepSpec, results: &[PointResult], seed: u64) -> Vec<MeasureSensitivity> {
    let inputs = sweep_inputs(spec, results);
    Measure::ALL
        .par_iter()
        .enumerate()
        .map(|(m, &measure)| {
            let output: Vec<f64> = results
                .iter()
                .map(|r| r.estimate(measure).mean.unwrap_or(f64::NAN))
                .collect();
            let seed = seed ^ (m as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            MeasureSensitivity {
                measure,
                regression: rank_regression(&inputs, &output, RESAMPLES, seed),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::design::latin_hypercube;
    use crate::model::distribution::unit_interval;

    #[test]
    fn ranks_share_ties_and_follow_weights() {
        let s = Sorted::new(&[3.0, 1.0, 3.0, 2.0]);
        let mut r = vec![0.0; 4];
        s.ranks(&[1.0; 4], &mut r);
        assert_eq!(r, [3.5, 1.0, 3.5, 2.0]);
        // Drawn as 1, 1, 1, 1 twice: the sample of 2.0 counts twice.
        s.ranks(&[0.0, 1.0, 1.0, 2.0], &mut r);
        assert_eq!((r[1], r[3], r[2]), (1.0, 2.5, 4.0));
    }

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 1]: x = [0.5, 0].
        let a = [4.0, 0.0, 2.0, 3.0];
        let x = cholesky_solve(&a, &[2.0, 1.0], 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12, "{x:?}");
        let singular = [1.0, 0.0, 1.0, 1.0];
        assert!(cholesky_solve(&singular, &[1.0, 1.0], 2).is_none());
    }

    /// y = 4·x1 + 2·x2 + 0·x3 + noise over an LHS of U(0, 1): for a linear response on
    /// independent uniforms, SRC_i = a_i·σ_i/σ_y with σ_i = 1/√12, so with a small noise of
    /// standard deviation 0.05, σ_y² = (16 + 4)/12 + 0.0025 and SRC = (0.894, 0.447, 0); the
    /// rank version is within a few hundredths of these (the sum of two uniforms is not
    /// uniform, so its ranks bend a little).
    #[test]
    fn an_additive_function_is_ranked_by_its_coefficients() {
        let n = 300;
        let design = latin_hypercube(n, 3, 2024);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
        let y: Vec<f64> = (0..n)
            .map(|i| {
                // A small noise: uniform of the same variance as N(0, 0.05²).
                let e = (unit_interval(&mut rng) - 0.5) * 0.05 * 12f64.sqrt();
                4.0 * design[0][i] + 2.0 * design[1][i] + e
            })
            .collect();
        let r = rank_regression(&design, &y, RESAMPLES, 7);
        let s: Vec<f64> = r.inputs.iter().map(|c| c.srrc.unwrap()).collect();
        assert!(s[0] > s[1] && s[1] > s[2].abs(), "{s:?}");
        let sy = ((16.0 + 4.0) / 12.0 + 0.0025f64).sqrt();
        let analytic = [4.0 / 12f64.sqrt() / sy, 2.0 / 12f64.sqrt() / sy, 0.0];
        for (j, c) in r.inputs.iter().enumerate() {
            let [lo, hi] = c.ci95.unwrap();
            assert!(
                lo <= analytic[j] && analytic[j] <= hi,
                "x{}: analytic {:.3} outside [{lo:.3}, {hi:.3}] (srrc {:.3})",
                j + 1,
                analytic[j],
                s[j]
            );
            assert!(hi - lo < 0.1, "x{}: [{lo}, {hi}] too wide", j + 1);
        }
        let [lo, hi] = r.inputs[2].ci95.unwrap();
        assert!(lo < 0.0 && 0.0 < hi, "x3: [{lo}, {hi}]");
        assert!(r.r2.unwrap() > 0.95, "{:?}", r.r2);
        // Spearman ranks the same way.
        let sp: Vec<f64> = r.inputs.iter().map(|c| c.spearman.unwrap()).collect();
        assert!(sp[0] > sp[1] && sp[1] > sp[2].abs(), "{sp:?}");
        // The same seed gives the same intervals.
        assert_eq!(r, rank_regression(&design, &y, RESAMPLES, 7));
    }

    #[test]
    fn constant_outputs_and_inputs_have_no_coefficient() {
        let design = latin_hypercube(20, 2, 1);
        let flat = vec![3.0; 20];
        let r = rank_regression(&design, &flat, 100, 1);
        assert!(r.r2.is_none());
        assert!(
            r.inputs
                .iter()
                .all(|c| c.srrc.is_none() && c.ci95.is_none() && c.spearman.is_none())
        );
        // A constant input is left out; the other keeps its coefficient.
        let x = vec![design[0].clone(), vec![5.0; 20]];
        let r = rank_regression(&x, &design[0], 100, 1);
        assert!((r.inputs[0].srrc.unwrap() - 1.0).abs() < 1e-9);
        assert!(r.inputs[1].srrc.is_none() && r.inputs[1].spearman.is_none());
    }

    #[test]
    fn too_few_samples_leave_only_spearman() {
        let design = latin_hypercube(4, 3, 1);
        let y = design[0].clone();
        let r = rank_regression(&design, &y, 100, 1);
        assert!(too_few_samples(4, 3));
        assert!(r.r2.is_none() && r.inputs.iter().all(|c| c.srrc.is_none()));
        assert!((r.inputs[0].spearman.unwrap() - 1.0).abs() < 1e-9);
        // Undefined outputs are left out before counting.
        let mut y = latin_hypercube(10, 1, 2).remove(0);
        y[3] = f64::NAN;
        assert_eq!(rank_regression(&design_of(10), &y, 10, 1).samples, 9);
    }

    fn design_of(n: usize) -> Vec<Vec<f64>> {
        latin_hypercube(n, 2, 3)
    }
}
