//! Judging targets: whether the replications of a plan meet a [`Target`], on average or with
//! confidence.
//!
//! The values are one per replication (a replication's service level in an interval, its
//! total cost); they are independent, so the mean's interval is Student's t. A target met
//! **on average** compares the mean with the bound. A target met **with confidence** `c`
//! compares the one-sided `c` bound of the mean, `mean − t(c; n − 1)·s/√n` for a minimum
//! and `mean + t(c; n − 1)·s/√n` for a maximum: with `c = 0.95`, if the plan's true value
//! missed the bound, a run would pass such a test at most 5 % of the time. A single
//! replication has no interval, so it can meet a target only on average.
//!
//! [`evaluate`] judges every target of a scenario on an experiment: the targets over the run
//! on each replication's value over the measurement window, the targets of every interval in
//! each reporting interval after the warm-up.

use crate::experiment::Experiment;
use crate::experiment::stats::{estimate, t_quantile};
use crate::metrics::{Bound, MetBy, Target, Targets};

/// The judgement of one target on one set of replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Mean over the replications where the measure is defined, in the measure's unit;
    /// `None` if it is defined in none (a share of no contacts).
    pub mean: Option<f64>,
    /// Two-sided 95 % confidence interval of the mean, `[low, high]`; `None` with fewer than
    /// two defined values.
    pub ci95: Option<[f64; 2]>,
    /// The value compared with the bound: the mean (on average) or its one-sided confidence
    /// bound (with confidence); `None` when it cannot be computed.
    pub judged: Option<f64>,
    /// Whether the target is met; `None` when the measure is undefined (no contacts to
    /// judge), or when confidence is asked of fewer than two replications.
    pub met: Option<bool>,
    /// Replications whose value was defined.
    pub n: usize,
}

/// Judges `target` on `values`, one per replication (non-finite values are undefined and
/// left out), by the rule `met_by`.
pub fn judge(target: &Target, values: &[f64], met_by: MetBy) -> Verdict {
    let e = estimate(values);
    let judged = match (met_by, e.mean, e.std_dev) {
        (MetBy::OnAverage, Some(mean), _) => Some(mean),
        (MetBy::WithConfidence(c), Some(mean), Some(sd)) => {
            // The one-sided c point is the two-sided (2c − 1) point.
            let half = t_quantile(2.0 * c - 1.0, e.n - 1) * sd / (e.n as f64).sqrt();
            Some(match target.bound {
                Bound::Min(_) => mean - half,
                Bound::Max(_) => mean + half,
            })
        }
        _ => None,
    };
    Verdict {
        mean: e.mean,
        ci95: e.within(target.measure.unit().range()).ci95,
        judged,
        met: judged.map(|v| target.holds(v)),
        n: e.n,
    }
}

/// A target over the whole measurement window, judged on one value per replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunJudgement {
    /// The target.
    pub target: Target,
    /// Its judgement on the replications' values over the window.
    pub verdict: Verdict,
}

/// A target that must hold in every reporting interval, judged interval by interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalJudgement {
    /// The target.
    pub target: Target,
    /// Reporting intervals that end after the warm-up: those the target is looked at in.
    pub intervals: usize,
    /// Of those, the intervals with a verdict: the measure is defined there (the interval had
    /// contacts) in enough replications to judge it (two, with confidence).
    pub judged: usize,
    /// Of the judged intervals, those in which the target is met.
    pub met: usize,
    /// The judged interval whose mean is the worst for the bound (the lowest for a minimum,
    /// the highest for a maximum; the first of equals); `None` if no interval was judged.
    pub worst: Option<WorstInterval>,
}

impl IntervalJudgement {
    /// Whether the target holds in every judged interval; `None` if none was judged.
    pub fn all_met(&self) -> Option<bool> {
        (self.judged > 0).then_some(self.met == self.judged)
    }
}

/// The worst reporting interval of an [`IntervalJudgement`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorstInterval {
    /// Index of the interval, from 0 at time 0 (as in the replications' tallies).
    pub index: usize,
    /// Start of the interval, seconds from time 0.
    pub start_seconds: f64,
    /// The target's verdict in that interval; its `mean` is the interval's value.
    pub verdict: Verdict,
}

/// Every target of a scenario, judged on one experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetsReport {
    /// How the targets count as met.
    pub met_by: MetBy,
    /// The targets over the whole window, in the scenario's order.
    pub over_run: Vec<RunJudgement>,
    /// The targets of every reporting interval, in the scenario's order.
    pub per_interval: Vec<IntervalJudgement>,
}

impl TargetsReport {
    /// Whether there is no target at all.
    pub fn is_empty(&self) -> bool {
        self.over_run.is_empty() && self.per_interval.is_empty()
    }

    /// Whether no target fails: no target over the run is missed, and no target of every
    /// interval is missed in a judged interval. A verdict that cannot be given (an undefined
    /// measure, confidence asked of one replication) does not fail.
    pub fn hold(&self) -> bool {
        self.over_run.iter().all(|j| j.verdict.met != Some(false))
            && self.per_interval.iter().all(|j| j.all_met() != Some(false))
    }
}

/// Judges every target of `targets` on `experiment`, by the rule `targets.met_by`: a target
/// over the run on each replication's value over the measurement window; a target of every
/// interval on each replication's value in each reporting interval of `interval` seconds that
/// ends after the first `warmup` seconds (the intervals the time series reports).
///
/// # Example
///
/// ```
/// use staffsim::experiment::Experiment;
/// use staffsim::metrics::{Bound, Measure, Target, Targets};
/// use staffsim::plan::evaluate;
///
/// let targets = Targets {
///     over_run: vec![Target { measure: Measure::ServiceLevel, bound: Bound::Min(0.8) }],
///     ..Targets::default()
/// };
/// // No replication: nothing to judge on.
/// let report = evaluate(&targets, &Experiment { replications: Vec::new() }, 0.0, 3600.0);
/// assert_eq!(report.over_run[0].verdict.met, None);
/// ```
pub fn evaluate(
    targets: &Targets,
    experiment: &Experiment,
    warmup: f64,
    interval: f64,
) -> TargetsReport {
    let reps = &experiment.replications;
    let over_run = targets
        .over_run
        .iter()
        .map(|t| {
            let values: Vec<f64> = reps
                .iter()
                .map(|r| r.tallies.total.value(t.measure))
                .collect();
            RunJudgement {
                target: *t,
                verdict: judge(t, &values, targets.met_by),
            }
        })
        .collect();
    let n = reps.first().map_or(0, |r| r.tallies.intervals.len());
    // The intervals the time series reports: those that end after the warm-up.
    let measured: Vec<usize> = (0..n)
        .filter(|&k| (k + 1) as f64 * interval > warmup)
        .collect();
    let per_interval = targets
        .per_interval
        .iter()
        .map(|t| {
            let mut judgement = IntervalJudgement {
                target: *t,
                intervals: measured.len(),
                judged: 0,
                met: 0,
                worst: None,
            };
            for &k in &measured {
                let values: Vec<f64> = reps
                    .iter()
                    .map(|r| r.tallies.intervals[k].value(t.measure))
                    .collect();
                let verdict = judge(t, &values, targets.met_by);
                let (Some(met), Some(mean)) = (verdict.met, verdict.mean) else {
                    continue;
                };
                judgement.judged += 1;
                judgement.met += usize::from(met);
                let worse = judgement.worst.is_none_or(|w| {
                    let worst = w.verdict.mean.expect("a judged interval has a mean");
                    match t.bound {
                        Bound::Min(_) => mean < worst,
                        Bound::Max(_) => mean > worst,
                    }
                });
                if worse {
                    judgement.worst = Some(WorstInterval {
                        index: k,
                        start_seconds: k as f64 * interval,
                        verdict,
                    });
                }
            }
            judgement
        })
        .collect();
    TargetsReport {
        met_by: targets.met_by,
        over_run,
        per_interval,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Measure, RunTallies, Tally};
    use crate::model::Replication;

    const SL80: Target = Target {
        measure: Measure::ServiceLevel,
        bound: Bound::Min(0.8),
    };

    #[test]
    fn on_average_compares_the_mean() {
        let v = judge(&SL80, &[0.78, 0.84], MetBy::OnAverage);
        assert_eq!(v.judged, Some(0.81));
        assert_eq!(v.met, Some(true));
    }

    #[test]
    fn with_confidence_compares_the_one_sided_bound() {
        // Values 0.78 and 0.84: mean 0.81, s = 0.0424, t(0.95; 1) = 6.314, so the 95 %
        // lower bound is 0.81 − 6.314 · 0.0424 / √2 = 0.6206: not met.
        let v = judge(&SL80, &[0.78, 0.84], MetBy::WithConfidence(0.95));
        let low = v.judged.unwrap();
        assert!((low - 0.6206).abs() < 1e-3, "{low}");
        assert_eq!(v.met, Some(false));
        // Ten tight values around 0.9 meet it.
        let tight: Vec<f64> = (0..10).map(|i| 0.9 + 0.001 * i as f64).collect();
        assert_eq!(
            judge(&SL80, &tight, MetBy::WithConfidence(0.95)).met,
            Some(true)
        );
    }

    /// `answered` contacts, `within` of them in time, and `abandoned` more.
    fn tally(answered: u64, within: u64, abandoned: u64) -> Tally {
        Tally {
            offered: answered + abandoned,
            answered,
            answered_within_threshold: within,
            abandoned,
            ..Tally::default()
        }
    }

    /// A replication with these interval tallies, its total their sum.
    fn replication(intervals: Vec<Tally>) -> Replication {
        let mut total = Tally::default();
        for t in &intervals {
            total.merge(t);
        }
        Replication {
            tallies: RunTallies {
                total,
                intervals,
                intents: Vec::new(),
                pools: Vec::new(),
                months: Vec::new(),
                windows: Vec::new(),
                in_system: Vec::new(),
                group_intervals: Vec::new(),
            },
            events: 0,
            contacts: 0,
            peak_contacts_in_system: 0,
        }
    }

    #[test]
    fn evaluate_judges_the_run_and_every_interval_after_the_warm_up() {
        // Hourly intervals, the first one warm-up (its awful values must not count), the last
        // one without contacts. Service level by interval: (0.9, 0.8) then (0.5, 0.7).
        let experiment = Experiment {
            replications: vec![
                replication(vec![
                    tally(10, 0, 10),
                    tally(10, 9, 0),
                    tally(10, 5, 0),
                    tally(0, 0, 0),
                ]),
                replication(vec![
                    tally(10, 0, 10),
                    tally(10, 8, 0),
                    tally(10, 7, 0),
                    tally(0, 0, 0),
                ]),
            ],
        };
        let targets = Targets {
            per_interval: vec![SL80],
            over_run: vec![
                Target {
                    measure: Measure::AbandonmentRate,
                    bound: Bound::Max(0.5),
                },
                Target {
                    measure: Measure::ServiceLevel,
                    bound: Bound::Min(0.75),
                },
            ],
            met_by: MetBy::OnAverage,
        };
        let report = evaluate(&targets, &experiment, 3600.0, 3600.0);
        assert!(!report.is_empty());
        // The run's service level and the intervals' are missed: the targets do not hold.
        assert!(!report.hold());
        let [abandonment, service] = report.over_run[..] else {
            panic!("{report:?}")
        };
        // Over the run, warm-up included in these totals: 10 of 40 abandoned in each.
        assert_eq!(abandonment.verdict.mean, Some(0.25));
        assert_eq!(abandonment.verdict.met, Some(true));
        // (9 + 5) / 40 = 0.35 and (8 + 7) / 40 = 0.375: missed.
        assert_eq!(service.verdict.met, Some(false));
        let sl = report.per_interval[0];
        assert_eq!((sl.intervals, sl.judged, sl.met), (3, 2, 1));
        assert_eq!(sl.all_met(), Some(false));
        let worst = sl.worst.unwrap();
        assert_eq!((worst.index, worst.start_seconds), (2, 7200.0));
        assert!((worst.verdict.mean.unwrap() - 0.6).abs() < 1e-12);

        // With confidence, the first interval's two values (0.9, 0.8) are too spread to
        // show 0.8 is met: its 95 % lower bound is far below.
        let confident = Targets {
            met_by: MetBy::WithConfidence(0.95),
            ..targets
        };
        let report = evaluate(&confident, &experiment, 3600.0, 3600.0);
        assert_eq!(report.per_interval[0].met, 0);
        assert_eq!(report.per_interval[0].judged, 2);
        assert_eq!(report.per_interval[0].all_met(), Some(false));
    }

    #[test]
    fn undefined_values_give_no_verdict() {
        let v = judge(&SL80, &[f64::NAN], MetBy::OnAverage);
        assert_eq!((v.met, v.n), (None, 0));
        let one = judge(&SL80, &[0.9], MetBy::WithConfidence(0.95));
        assert_eq!(one.met, None);
        assert_eq!(judge(&SL80, &[0.9], MetBy::OnAverage).met, Some(true));
    }
}
