//! The cost–quality frontier: of many plans, the ones that no other beats on both cost and
//! quality (the Pareto frontier).
//!
//! A sweep evaluates a grid of plans; the frontier is the part of it a planner should look
//! at, because every other point costs more for no better quality, or gives worse quality
//! for no saving. Here the frontier is read off the points a sweep evaluated; [`super::search`]
//! traces it by optimisation instead.

use crate::experiment::sweep::PointResult;
use crate::metrics::Measure;

/// The points not dominated on (`cost`, lower is better) against (`quality`, in its
/// direction): no other point is at least as good on both and better on one. Points whose
/// means are undefined are left out. Returned in increasing cost.
pub fn pareto(results: &[PointResult], cost: Measure, quality: Measure) -> Vec<usize> {
    let higher_better = quality.higher_is_better().unwrap_or(true);
    let scored: Vec<(usize, f64, f64)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let c = r.estimate(cost).mean?;
            let q = r.estimate(quality).mean?;
            Some((i, c, if higher_better { q } else { -q }))
        })
        .collect();
    let mut front: Vec<(usize, f64, f64)> = scored
        .iter()
        .copied()
        .filter(|&(i, c, q)| {
            !scored
                .iter()
                .any(|&(j, c2, q2)| j != i && c2 <= c && q2 >= q && (c2 < c || q2 > q))
        })
        .collect();
    front.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    front.into_iter().map(|(i, _, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::sweep::{ReplicationRecord, measure_index};

    /// A point whose replications all have the given cost and quality.
    fn point(index: usize, cost: f64, quality: f64) -> PointResult {
        let mut values = vec![0.0; Measure::ALL.len()];
        values[measure_index(Measure::CostTotal)] = cost;
        values[measure_index(Measure::CsatSurvey)] = quality;
        values[measure_index(Measure::AbandonmentRate)] = quality;
        PointResult {
            index,
            replications: vec![
                ReplicationRecord {
                    replication: 0,
                    seed: 1,
                    values
                };
                2
            ],
        }
    }

    #[test]
    fn the_frontier_of_a_hand_made_table() {
        // cost, quality:  A 10/3.0  B 12/4.0  C 12/3.5 (dominated by B)  D 15/4.0 (by B)
        //                 E 20/4.5  F 8/2.0   G 10/3.0 (tie with A: neither dominates)
        let table = [
            (10.0, 3.0),
            (12.0, 4.0),
            (12.0, 3.5),
            (15.0, 4.0),
            (20.0, 4.5),
            (8.0, 2.0),
            (10.0, 3.0),
        ];
        let results: Vec<PointResult> = table
            .iter()
            .enumerate()
            .map(|(i, &(c, q))| point(i, c, q))
            .collect();
        assert_eq!(
            pareto(&results, Measure::CostTotal, Measure::CsatSurvey),
            vec![5, 0, 6, 1, 4]
        );
        // For a lower-is-better quality the direction flips: the cheapest with the lowest
        // abandonment.
        assert_eq!(
            pareto(&results, Measure::CostTotal, Measure::AbandonmentRate),
            vec![5]
        );
    }
}
