//! The time series of a run as CSV: one row per reporting interval after the warm-up.

use crate::experiment::Experiment;
use crate::metrics::Measure;
use crate::model::Scenario;

use super::number::csv_number;

/// Measures reported per interval.
const SERIES: [Measure; 20] = [
    Measure::Offered,
    Measure::Answered,
    Measure::Abandoned,
    Measure::AbandonmentRate,
    Measure::ServiceLevel,
    Measure::AsaSeconds,
    Measure::MeanWaitSeconds,
    Measure::Occupancy,
    Measure::AgentsOnDuty,
    Measure::MeanQueue,
    Measure::LongestQueue,
    Measure::AiConversations,
    Measure::CsatSurvey,
    Measure::SurveyResponses,
    Measure::TrueResolutionRate,
    Measure::RepeatRate,
    Measure::ChurnedCustomers,
    Measure::CostLabour,
    Measure::CostAi,
    Measure::CostChurn,
];

/// The time series as CSV bytes.
///
/// Intervals are pooled over replications: counts and costs are per-replication averages, ratios are computed from the pooled sums, `longest_queue` is the
/// longest in any replication. Contacts count in the interval in which they arrived. An
/// undefined value (no contact in the interval) is an empty cell.
///
/// # Errors
///
/// The [`csv::Error`] of the CSV writer. The bytes are written to memory and every row has
/// as many cells as the header, so this does not fail in practice.
pub fn timeseries_csv(scenario: &Scenario, experiment: &Experiment) -> csv::Result<Vec<u8>> {
    let sim = &scenario.simulation;
    let reps = experiment.replications.len().max(1) as f64;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "start_seconds".to_string(),
        "day".to_string(),
        "weekday".to_string(),
        "time_of_day".to_string(),
    ];
    header.extend(SERIES.iter().map(|m| m.key().to_string()));
    w.write_record(&header)?;
    for (i, tally) in experiment.pooled_intervals().iter().enumerate() {
        let start = i as f64 * sim.interval;
        let end = (start + sim.interval).min(sim.horizon);
        if end <= sim.warmup {
            continue;
        }
        let (day, weekday, time_of_day) = super::clock(start);
        let mut row = vec![
            format!("{start}"),
            format!("{day}"),
            weekday.to_string(),
            time_of_day,
        ];
        for m in SERIES {
            let v = tally.value(m);
            let v = if m.is_sum() { v / reps } else { v };
            row.push(csv_number(v, m.unit()));
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
