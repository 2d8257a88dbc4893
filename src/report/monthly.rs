//! The monthly report: one row per month of the run, for a story told over two or three
//! years (headcount falling, the assistant going live, rehiring).
//!
//! Months are the run's calendar months when `simulation.start` gives a start date (28 to
//! 31 days, labelled `"2024-02"`), else 30.4375 days (a twelfth of a year) from the start of
//! the run, labelled "month N" (see [`crate::units::calendar`]).
//! Every value is the mean over replications with its 95 % confidence interval (empty with a
//! single replication). Columns are named `<measure>` for the whole operation,
//! `<measure>.<pool>` per pool, `<measure>.<intent>` per intent and `<measure>_<channel>` per
//! channel, with the measure keys of [`Measure`]; a scenario with a trunk limit
//! (`simulation.max_in_system`) adds `blocked_<channel>`, the contacts each channel turned
//! away. The same table goes to `monthly.csv` and to the `monthly` array of the JSON summary.

use serde_json::{Map, Value, json};

use super::json_number;
use super::number::{csv_cell, csv_exact, csv_number};
use crate::experiment::{Estimate, Experiment, estimate_of};
use crate::metrics::{Measure, MonthTallies, Tally, Unit};
use crate::model::Channel;
use crate::model::Scenario;
use crate::units::DAY;

/// Measures reported for the whole operation each month.
const TOTAL: [Measure; 41] = Measure::joined(&[
    &[
        Measure::Offered,
        Measure::Answered,
        Measure::Abandoned,
        Measure::AiConversations,
        Measure::AiShare,
        Measure::Containment,
        Measure::FalseResolutionRate,
        Measure::AiHandleTimeSeconds,
        Measure::AiFteEquivalent,
        Measure::ServiceLevel,
        Measure::AbandonmentRate,
        Measure::AsaSeconds,
        Measure::AhtSeconds,
        Measure::CsatSurvey,
        Measure::TrueResolutionRate,
        Measure::Fcr,
        Measure::ResolvedWithin1d,
        Measure::ResolvedWithin2d,
        Measure::ContactsPerResolvedProblem,
        Measure::TimeToResolutionHours,
        Measure::RepeatRate,
        Measure::ChurnedCustomers,
    ],
    &Measure::BY_RESOLVER,
    &[
        Measure::AgentsOnDuty,
        Measure::Headcount,
        Measure::Hires,
        Measure::Departures,
        Measure::LaidOff,
        Measure::CostLabour,
        Measure::CostAi,
        Measure::CostChurn,
        Measure::CostSeverance,
        Measure::CostTotal,
    ],
]);

/// Measures reported per intent each month: the two views of quality side by side.
const PER_INTENT: [Measure; 4] = [
    Measure::Offered,
    Measure::CsatSurvey,
    Measure::TrueResolutionRate,
    Measure::AiShare,
];

/// Measures reported per channel each month: volume, the queue, both views of quality, and
/// quality by who ended the contact.
const PER_CHANNEL: [Measure; 18] = Measure::joined(&[
    &[
        Measure::Offered,
        Measure::AiConversations,
        Measure::Answered,
        Measure::AiShare,
        Measure::ServiceLevel,
        Measure::AbandonmentRate,
        Measure::CsatSurvey,
        Measure::TrueResolutionRate,
        Measure::Fcr,
    ],
    &Measure::BY_RESOLVER,
]);

/// Measures reported per pool each month (workforce moves only for workforce pools). The
/// quality ones are of the contacts the pool answered (by their arrival month): a contact's
/// pool is the one that answered it, so a contact abandoned in the queue has none, and the
/// pool's service level and abandonment are not defined.
const PER_POOL: [Measure; 14] = Measure::joined(&[
    &[
        Measure::Headcount,
        Measure::AgentsOnDuty,
        Measure::Hires,
        Measure::Departures,
        Measure::LaidOff,
        Measure::CostLabour,
        Measure::Answered,
        Measure::AsaSeconds,
        Measure::CsatSurvey,
        Measure::HumanResolutionRate,
    ],
    &Measure::BY_RESOLVER_HUMAN,
]);

/// What a column is computed on.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Total,
    Pool(usize),
    Intent(usize),
    Channel(Channel),
}

/// One column of the table.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    measure: Measure,
    scope: Scope,
}

/// One month of the table.
#[derive(Debug, Clone)]
pub struct MonthRow {
    /// Month number, 1-based.
    pub month: usize,
    /// Calendar label ("2024-02") or "month N".
    pub label: String,
    /// Start of the month, seconds from the start of the run.
    pub start_seconds: f64,
    /// Days of the month inside the measurement window (less than 30.44 for a month cut by
    /// the warm-up or the horizon).
    pub days: f64,
    /// One estimate per column.
    pub values: Vec<Estimate>,
}

/// The monthly table of a run.
#[derive(Debug, Clone)]
pub struct MonthlyTable {
    /// Column names, in order.
    pub columns: Vec<String>,
    /// The unit of each column's measure, in the order of `columns`.
    pub units: Vec<Unit>,
    /// Rows, one per month.
    pub rows: Vec<MonthRow>,
}

fn columns(scenario: &Scenario) -> Vec<Column> {
    let mut out: Vec<Column> = TOTAL
        .iter()
        .map(|&m| Column {
            name: m.key().to_string(),
            measure: m,
            scope: Scope::Total,
        })
        .collect();
    // Contacts blocked by the trunk limit, per channel, where there is a limit to block.
    let blocked = scenario.simulation.max_in_system.map(|_| Measure::Blocked);
    for channel in scenario.channels() {
        for m in PER_CHANNEL.into_iter().chain(blocked) {
            out.push(Column {
                name: format!("{}_{}", m.key(), channel.name()),
                measure: m,
                scope: Scope::Channel(channel),
            });
        }
    }
    for (p, pool) in scenario.pools.iter().enumerate() {
        for m in PER_POOL {
            let moves = matches!(m, Measure::Hires | Measure::Departures | Measure::LaidOff);
            if moves && pool.workforce.is_none() {
                continue;
            }
            out.push(Column {
                name: format!("{}.{}", m.key(), pool.name),
                measure: m,
                scope: Scope::Pool(p),
            });
        }
    }
    for m in PER_INTENT {
        for (i, intent) in scenario.intents.iter().enumerate() {
            out.push(Column {
                name: format!("{}.{}", m.key(), intent.name),
                measure: m,
                scope: Scope::Intent(i),
            });
        }
    }
    out
}

fn value(scenario: &Scenario, month: &MonthTallies, column: &Column) -> f64 {
    match column.scope {
        Scope::Total => month.total.value(column.measure),
        Scope::Pool(p) => month.pools[p].value(column.measure),
        Scope::Intent(i) => month.intents[i].value(column.measure),
        Scope::Channel(c) => {
            let mut t = Tally::default();
            for (i, intent) in scenario.intents.iter().enumerate() {
                if intent.channel == c {
                    t.merge(&month.intents[i]);
                }
            }
            t.value(column.measure)
        }
    }
}

/// The monthly table of `experiment`, a run of `scenario`.
pub fn monthly_table(scenario: &Scenario, experiment: &Experiment) -> MonthlyTable {
    let columns = columns(scenario);
    let months = experiment
        .replications
        .first()
        .map_or(0, |r| r.tallies.months.len());
    let warmup = scenario.simulation.warmup;
    let calendar = &scenario.simulation.calendar;
    let rows = (0..months)
        .filter(|&m| calendar.month_end(m) > warmup)
        .map(|m| {
            let values = columns
                .iter()
                .map(|c| {
                    let per: Vec<f64> = experiment
                        .replications
                        .iter()
                        .map(|r| value(scenario, &r.tallies.months[m], c))
                        .collect();
                    estimate_of(c.measure, &per)
                })
                .collect();
            let length = experiment
                .replications
                .first()
                .map_or(0.0, |r| r.tallies.months[m].total.time.length);
            MonthRow {
                month: m + 1,
                label: calendar.label(m),
                start_seconds: calendar.month_start(m),
                days: length / DAY,
                values,
            }
        })
        .collect();
    MonthlyTable {
        units: columns.iter().map(|c| c.measure.unit()).collect(),
        columns: columns.into_iter().map(|c| c.name).collect(),
        rows,
    }
}

/// One report window of the window table: the same columns as a month.
#[derive(Debug, Clone)]
pub struct WindowRow {
    /// The window's name.
    pub name: String,
    /// Where it begins: its date (`"2024-01-28"`) or its time from the start.
    pub from: String,
    /// Where it ends (the first moment after it), like `from`.
    pub to: String,
    /// Where it begins, seconds from the start of the run.
    pub from_seconds: f64,
    /// Where it ends, seconds from the start of the run.
    pub to_seconds: f64,
    /// Its length, days.
    pub days: f64,
    /// One estimate per column of the monthly table.
    pub values: Vec<Estimate>,
}

/// The report windows of a run (`[[windows]]`), with the monthly table's columns.
#[derive(Debug, Clone)]
pub struct WindowTable {
    /// Column names, in order: those of [`MonthlyTable::columns`].
    pub columns: Vec<String>,
    /// The unit of each column's measure, in the order of `columns`.
    pub units: Vec<Unit>,
    /// Rows, one per window, in file order.
    pub rows: Vec<WindowRow>,
}

/// The window table of `experiment`, a run of `scenario` (no rows without windows). A
/// window is measured like a month (the same columns, from the same kind of tallies), so
/// a window that is exactly a month has that month's row.
pub fn window_table(scenario: &Scenario, experiment: &Experiment) -> WindowTable {
    let columns = columns(scenario);
    let calendar = &scenario.simulation.calendar;
    let rows = scenario
        .simulation
        .windows
        .iter()
        .enumerate()
        .map(|(w, window)| WindowRow {
            name: window.name.clone(),
            from: calendar.time_label(window.from),
            to: calendar.time_label(window.to),
            from_seconds: window.from,
            to_seconds: window.to,
            days: (window.to - window.from) / DAY,
            values: columns
                .iter()
                .map(|c| {
                    let per: Vec<f64> = experiment
                        .replications
                        .iter()
                        .filter_map(|r| r.tallies.windows.get(w))
                        .map(|t| value(scenario, t, c))
                        .collect();
                    estimate_of(c.measure, &per)
                })
                .collect(),
        })
        .collect();
    WindowTable {
        units: columns.iter().map(|c| c.measure.unit()).collect(),
        columns: columns.into_iter().map(|c| c.name).collect(),
        rows,
    }
}

/// `windows.csv`: `window,from,to,from_seconds,to_seconds,days`, then the columns of
/// `monthly.csv` (each with `_ci_low` and `_ci_high`).
///
/// # Errors
///
/// The CSV writer's error (see [`monthly_csv`]).
pub fn windows_csv(table: &WindowTable) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["window", "from", "to", "from_seconds", "to_seconds", "days"]
        .map(String::from)
        .to_vec();
    for c in &table.columns {
        header.push(c.clone());
        header.push(format!("{c}_ci_low"));
        header.push(format!("{c}_ci_high"));
    }
    w.write_record(&header)?;
    for row in &table.rows {
        let mut record = vec![
            row.name.clone(),
            row.from.clone(),
            row.to.clone(),
            csv_exact(row.from_seconds),
            csv_exact(row.to_seconds),
            csv_number(row.days, Unit::Plain),
        ];
        for (e, &unit) in row.values.iter().zip(&table.units) {
            record.extend(estimate_cells(e, unit));
        }
        w.write_record(&record)?;
    }
    Ok(w.into_inner()?)
}

/// The `windows` array of the JSON summary: per window, `name`, `from`, `to`,
/// `from_seconds`, `to_seconds`, `days` and `values` (column → `{ "mean", "ci95" }`).
pub fn windows_json(table: &WindowTable) -> Value {
    Value::Array(
        table
            .rows
            .iter()
            .map(|row| {
                json!({
                    "name": row.name,
                    "from": row.from,
                    "to": row.to,
                    "from_seconds": row.from_seconds,
                    "to_seconds": row.to_seconds,
                    "days": row.days,
                    "values": values_json(&table.columns, &row.values),
                })
            })
            .collect(),
    )
}

/// Column → `{ "mean", "ci95" }`.
fn values_json(columns: &[String], estimates: &[Estimate]) -> Map<String, Value> {
    let mut values = Map::new();
    for (c, e) in columns.iter().zip(estimates) {
        values.insert(
            c.clone(),
            json!({
                "mean": e.mean.map_or(Value::Null, json_number),
                "ci95": e.ci95.map_or(Value::Null, |[lo, hi]| {
                    json!([json_number(lo), json_number(hi)])
                }),
            }),
        );
    }
    values
}

/// `monthly.csv`: `month,label,start_seconds,days`, then for each column its mean,
/// `_ci_low` and `_ci_high` (empty where undefined or with one replication).
///
/// # Errors
///
/// The CSV writer's error if a row does not have one estimate per column (the writer
/// refuses rows of unequal length); a table from [`monthly_table`] always has.
pub fn monthly_csv(table: &MonthlyTable) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "month".to_string(),
        "label".into(),
        "start_seconds".into(),
        "days".into(),
    ];
    for c in &table.columns {
        header.push(c.clone());
        header.push(format!("{c}_ci_low"));
        header.push(format!("{c}_ci_high"));
    }
    w.write_record(&header)?;
    for row in &table.rows {
        let mut record = vec![
            row.month.to_string(),
            row.label.clone(),
            csv_exact(row.start_seconds),
            csv_number(row.days, Unit::Plain),
        ];
        for (e, &unit) in row.values.iter().zip(&table.units) {
            record.extend(estimate_cells(e, unit));
        }
        w.write_record(&record)?;
    }
    Ok(w.into_inner()?)
}

/// The cells of one estimate: mean, interval low, interval high.
fn estimate_cells(e: &Estimate, unit: Unit) -> [String; 3] {
    [
        csv_cell(e.mean, unit),
        csv_cell(e.ci95.map(|c| c[0]), unit),
        csv_cell(e.ci95.map(|c| c[1]), unit),
    ]
}

/// The `monthly` array of the JSON summary: per month, `month`, `label`, `start_seconds`,
/// `days` and `values` (column → `{ "mean", "ci95" }`).
pub fn monthly_json(table: &MonthlyTable) -> Value {
    Value::Array(
        table
            .rows
            .iter()
            .map(|row| {
                let values = values_json(&table.columns, &row.values);
                json!({
                    "month": row.month,
                    "label": row.label,
                    "start_seconds": row.start_seconds,
                    "days": row.days,
                    "values": values,
                })
            })
            .collect(),
    )
}
