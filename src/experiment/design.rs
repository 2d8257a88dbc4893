//! Designs of experiments: the Latin hypercube behind `[sweep] design = "lhs"`.
//!
//! A grid of k axes with m values each needs m^k points; a Latin hypercube of N samples
//! covers every axis's range evenly with N points whatever k is. Each axis's range is cut
//! into N strata of equal probability, one uniform draw falls in each stratum, and the draws
//! of each axis are put in an order of their own (an independent random permutation per
//! axis), so that the axes are not tied to one another. Every one-dimensional projection is
//! then stratified, which is what the rank regression of [`super::sensitivity`] needs to
//! see each setting's effect over its whole range.
//!
//! # Determinism
//!
//! The design depends only on N, k and its seed: the generator is xoshiro256++ (specified
//! bit for bit) seeded from the design's seed, and every draw is of a fixed width (`u64`,
//! `f64`), never of `usize`. The same file gives the same points on every machine and for any
//! number of threads, and every shard of a sweep draws the same design.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

use crate::model::distribution::unit_interval;
use crate::scenario::paths::number_value;
use crate::scenario::sweep::{ScenarioDocument, SweepSpec};

/// Mixed into the design's seed so that a design and a replication with the same seed do
/// not draw the same numbers.
const DESIGN_STREAM: u64 = 0x4C48_535F_4445_5349; // "LHS_DESI"

/// A Latin hypercube of `samples` points in `dims` dimensions, as quantiles in \[0, 1):
/// `result[d][i]` is the quantile of axis `d` at sample `i`. For every axis, each stratum
/// `[j / samples, (j + 1) / samples)` holds exactly one sample.
pub fn latin_hypercube(samples: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ DESIGN_STREAM);
    let n = samples as f64;
    (0..dims)
        .map(|_| {
            // Fisher–Yates over the strata, with draws of a fixed width (the modulo's bias is
            // below 10⁻¹³ for 100,000 strata).
            let mut strata: Vec<usize> = (0..samples).collect();
            for i in (1..samples).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                strata.swap(i, j);
            }
            strata
                .into_iter()
                .map(|j| {
                    let u = unit_interval(&mut rng);
                    // Rounding could carry (j + u) / n to the next stratum's edge; keep it in.
                    ((j as f64 + u) / n).min((j as f64 + 1.0) / n - f64::EPSILON / 2.0)
                })
                .collect()
        })
        .collect()
}

/// The sweep `spec` with its Latin hypercube drawn: each axis's values filled, whether it is
/// an integer setting decided (asked of the scenario `doc` where the file does not say), and
/// the seed recorded (`scenario_seed`, the scenario's `simulation.seed`, where the file gives
/// none). A spec that is not a Latin hypercube, or is already drawn, is returned as it is.
///
/// # Errors
///
/// A message (`String`) naming the axis if its setting takes neither real nor whole numbers
/// (see [`ScenarioDocument::is_integer_setting`]), or if it is an integer setting whose range
/// holds no whole number.
pub fn resolve(
    spec: &SweepSpec,
    doc: &ScenarioDocument,
    scenario_seed: u64,
) -> Result<SweepSpec, String> {
    let Some(mut lhs) = spec.lhs else {
        return Ok(spec.clone());
    };
    if spec.axes.iter().all(|a| a.values.len() == lhs.samples) {
        return Ok(spec.clone());
    }
    let seed = *lhs.seed.get_or_insert(scenario_seed);
    let quantiles = latin_hypercube(lhs.samples, spec.axes.len(), seed);
    let mut out = spec.clone();
    out.lhs = Some(lhs);
    for (axis, q) in out.axes.iter_mut().zip(quantiles) {
        let Some(mut range) = axis.range.clone() else {
            return Err(format!("the axis {} has no range to sample", axis.path));
        };
        if range.integer.is_none() {
            // Probe inside the range, off the whole numbers where the range allows it.
            let probe = range.from + 0.5 * (range.to - range.from);
            range.integer = Some(doc.is_integer_setting(axis, &range, probe)?);
        }
        if range.integer == Some(true) && range.from.ceil() > range.to.floor() {
            return Err(format!(
                "the axis {} is an integer setting, but there is no whole number from {} to {}",
                axis.path, range.from, range.to
            ));
        }
        axis.values = q
            .into_iter()
            .map(|u| {
                let x = range.value(u);
                match (&range.unit, range.integer == Some(true)) {
                    (None, true) => number_value(x),
                    (_, integer) => range.setting(x, integer),
                }
            })
            .collect();
        axis.range = Some(range);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::sweep::{SampledRange, Scale};

    #[test]
    fn every_stratum_of_every_axis_holds_one_sample() {
        for (n, k) in [(2, 1), (10, 3), (97, 5), (1000, 2)] {
            let design = latin_hypercube(n, k, 7);
            assert_eq!(design.len(), k);
            for axis in &design {
                assert_eq!(axis.len(), n);
                let mut seen = vec![0; n];
                for &u in axis {
                    assert!((0.0..1.0).contains(&u), "{u}");
                    seen[(u * n as f64).floor() as usize] += 1;
                }
                assert!(seen.iter().all(|&c| c == 1), "n {n}: {seen:?}");
            }
        }
    }

    #[test]
    fn the_design_is_fixed_by_its_seed() {
        let a = latin_hypercube(50, 3, 11);
        assert_eq!(a, latin_hypercube(50, 3, 11));
        assert_ne!(a, latin_hypercube(50, 3, 12));
        // The axes have permutations of their own: not the same order twice.
        let order = |v: &[f64]| v.iter().map(|u| (u * 50.0) as usize).collect::<Vec<_>>();
        assert_ne!(order(&a[0]), order(&a[1]));
        assert_ne!(order(&a[1]), order(&a[2]));
        // Pinned values: the design must not change from one machine or release to another
        // without this test saying so (a sweep's points would move under its users).
        assert_eq!(a[0][0], 0.2856980684864911);
        assert_eq!(a[2][49], 0.0791135590387162);
    }

    #[test]
    fn log_ranges_stay_within_their_ends_and_spread_by_ratio() {
        let r = SampledRange {
            from: 0.01,
            to: 1.0,
            scale: Scale::Log,
            integer: Some(false),
            unit: None,
        };
        let axis = &latin_hypercube(400, 1, 3)[0];
        let values: Vec<f64> = axis.iter().map(|&u| r.value(u)).collect();
        assert!(values.iter().all(|&x| (0.01..=1.0).contains(&x)));
        // Evenly in the logarithm: half the samples below the geometric midpoint 0.1.
        let below = values.iter().filter(|&&x| x < 0.1).count();
        assert_eq!(below, 200);
        assert!(r.value(0.0) >= 0.01 && r.value(1.0 - 1e-12) <= 1.0);
    }

    #[test]
    fn whole_numbers_are_equally_likely_ends_included() {
        let r = SampledRange {
            from: 52.0,
            to: 60.0,
            scale: Scale::Linear,
            integer: Some(true),
            unit: None,
        };
        // 9 whole numbers, 900 samples: exactly 100 of each (one per stratum, 100 strata
        // per number).
        let axis = &latin_hypercube(900, 1, 5)[0];
        let mut count = [0; 9];
        for &u in axis {
            let x = r.value(u);
            assert_eq!(x.fract(), 0.0);
            count[(x - 52.0) as usize] += 1;
        }
        assert_eq!(count, [100; 9]);
    }
}
