//! What a run report reads, and how its rows become the points of a time chart: the output
//! folder's files, the timeline's events, and a "frame" of rows (months, or intervals added
//! up into days or weeks) with the aggregation of each kind of column.

use std::path::Path;

use serde_json::Value;

use super::super::chart::TimeAxis;
use super::super::columns::{Agg, SeriesDef, Source};
use super::super::data::{Est, Table, read_json};
use super::super::format::grouped;
use crate::units::{DAY, HumanDuration, MONTH, WEEK};

/// A dated event of the scenario's timeline (`summary.json` `"timeline"`).
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub(super) at_seconds: f64,
    pub(super) label: String,
    pub(super) description: String,
}

/// What the run's folder holds.
pub(super) struct Inputs {
    pub(super) summary: Value,
    pub(super) timeseries: Option<Table>,
    pub(super) monthly: Option<Table>,
    pub(super) timeline: Vec<Event>,
    pub(super) sources: Vec<&'static str>,
}

pub(super) fn read(dir: &Path) -> anyhow::Result<Inputs> {
    let summary = read_json(&dir.join("summary.json"))?;
    if !summary.is_object() {
        anyhow::bail!(
            "{} is not a staffsim run summary (expected a JSON object)",
            dir.join("summary.json").display()
        );
    }
    let mut sources = vec!["summary.json"];
    let timeseries = if dir.join("timeseries.csv").is_file() {
        sources.push("timeseries.csv");
        Some(Table::read(&dir.join("timeseries.csv"))?)
    } else {
        None
    };
    let monthly = if dir.join("monthly.csv").is_file() {
        sources.push("monthly.csv");
        Some(Table::read(&dir.join("monthly.csv"))?).filter(|t| !t.is_empty())
    } else {
        let table = monthly_from_json(&summary["monthly"]);
        if table.is_some() {
            sources[0] = "summary.json (with \"monthly\")";
        }
        table
    };
    // A run shorter than three months draws its time series per interval: a chart of one or
    // two monthly points says nothing.
    let monthly = match monthly {
        Some(m) if m.len() < MIN_MONTHS && timeseries.is_some() => {
            sources.retain(|s| *s != "monthly.csv");
            None
        }
        other => other,
    };
    let mut timeline: Vec<Event> = summary["timeline"]
        .as_array()
        .map(|a| a.iter().filter_map(event).collect())
        .unwrap_or_default();
    timeline.sort_by(|a, b| a.at_seconds.total_cmp(&b.at_seconds));
    Ok(Inputs {
        summary,
        timeseries,
        monthly,
        timeline,
        sources,
    })
}

/// Fewest months for which the time charts are drawn by month.
pub(super) const MIN_MONTHS: usize = 3;

pub(super) fn event(v: &Value) -> Option<Event> {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| match v.get(k)? {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            })
            .unwrap_or_default()
    };
    let at = ["at_seconds", "at", "seconds", "time_seconds"]
        .iter()
        .find_map(|k| v.get(k)?.as_f64())?;
    Some(Event {
        at_seconds: at,
        label: text(&["label", "when", "month"]),
        description: text(&["description", "what", "text", "event"]),
    })
}

/// `summary.json`'s `"monthly"` array as a wide table like `monthly.csv`, for a run that wrote
/// no `monthly.csv`: numbers become columns, `{"mean", "ci95"}` objects become `key`,
/// `key_ci_low` and `key_ci_high`, nested objects `key.name`.
pub(super) fn monthly_from_json(v: &Value) -> Option<Table> {
    let rows = v.as_array().filter(|a| !a.is_empty())?;
    let mut header: Vec<String> = Vec::new();
    let mut maps: Vec<Vec<(String, String)>> = Vec::new();
    fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        if let Some(e) = Est::from_json(v).filter(|_| !v.is_object() || v.get("mean").is_some()) {
            out.push((prefix.to_string(), cell(e.mean)));
            if let Some((lo, hi)) = e.ci {
                out.push((format!("{prefix}_ci_low"), cell(lo)));
                out.push((format!("{prefix}_ci_high"), cell(hi)));
            }
        } else if let Some(o) = v.as_object() {
            for (k, x) in o {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        } else if let Some(s) = v.as_str() {
            out.push((prefix.to_string(), s.to_string()));
        }
    }
    fn cell(x: f64) -> String {
        if x.is_finite() {
            format!("{x}")
        } else {
            String::new()
        }
    }
    for row in rows {
        let mut pairs = Vec::new();
        flatten("", row, &mut pairs);
        for (k, _) in &pairs {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
        maps.push(pairs);
    }
    let rows = maps
        .into_iter()
        .map(|pairs| {
            header
                .iter()
                .map(|h| {
                    pairs
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    Some(Table { header, rows })
}

/// The time axis and how rows of the source table become points on it.
pub(super) struct Frame<'a> {
    pub(super) table: &'a Table,
    /// Row indices of each point (one row per month; an interval table's rows by day).
    pub(super) buckets: Vec<Vec<usize>>,
    /// Position of each point.
    pub(super) xs: Vec<f64>,
    pub(super) axis: TimeAxis,
    /// Counts are shown per this period ("month", "day", "hour").
    pub(super) per: &'static str,
    /// Seconds of each bucket covered by its rows, and of the period `per` (interval tables).
    pub(super) scale: Option<(Vec<f64>, f64)>,
    /// Where a moment (seconds) falls on the axis.
    pub(super) position: Box<dyn Fn(f64) -> Option<f64> + 'a>,
    /// A sentence for captions on how the points were made.
    pub(super) how: String,
}

pub(super) fn monthly_frame(table: &Table) -> Frame<'_> {
    let n = table.len();
    let labels: Vec<String> = match (table.texts("label"), table.numbers("month")) {
        (Some(l), _) if l.iter().any(|s| !s.is_empty()) => {
            l.iter().map(|s| s.to_string()).collect()
        }
        (_, Some(m)) => m.iter().map(|m| format!("month {m}")).collect(),
        _ => (1..=n).map(|i| format!("month {i}")).collect(),
    };
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let fit = (800.0 / (longest as f64 * 8.5 + 16.0)).floor() as usize;
    let every = n.div_ceil(fit.clamp(2, 16)).max(1);
    let ticks = (0..n)
        .step_by(every)
        .map(|i| (i as f64 + 0.5, labels[i].clone()))
        .collect();
    let starts: Vec<f64> = match (table.numbers("start_seconds"), table.numbers("month")) {
        (Some(s), _) => s,
        (None, Some(m)) => m.iter().map(|m| (m - 1.0) * MONTH).collect(),
        _ => (0..n).map(|i| i as f64 * MONTH).collect(),
    };
    let position = move |at: f64| {
        let len = |i: usize| {
            starts
                .get(i + 1)
                .zip(starts.get(i))
                .map(|(b, a)| b - a)
                .filter(|d| *d > 0.0)
                .unwrap_or(MONTH)
        };
        let i = starts.iter().rposition(|s| *s <= at).unwrap_or(0);
        let start = *starts.get(i)?;
        start.is_finite().then(|| i as f64 + (at - start) / len(i))
    };
    Frame {
        table,
        buckets: (0..n).map(|i| vec![i]).collect(),
        xs: (0..n).map(|i| i as f64 + 0.5).collect(),
        axis: TimeAxis {
            title: "Month".into(),
            lo: 0.0,
            hi: n as f64,
            ticks,
        },
        per: "month",
        scale: None,
        position: Box::new(position),
        how: "One point per month (monthly.csv); shaded bands are 95 % confidence intervals \
              over replications where the file gives them."
            .into(),
    }
}

pub(super) fn interval_frame<'a>(
    table: &'a Table,
    interval_hint: Option<f64>,
    reps: &str,
) -> Option<Frame<'a>> {
    let starts = table.numbers("start_seconds")?;
    let finite: Vec<f64> = starts.iter().copied().filter(|s| s.is_finite()).collect();
    let first = *finite.first()?;
    let last = *finite.last()?;
    let interval = interval_hint
        .filter(|i| *i > 0.0)
        .or_else(|| {
            finite
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|d| *d > 0.0)
                .min_by(f64::total_cmp)
        })
        .unwrap_or(3600.0);
    let span = last + interval - first;
    // Up to two weeks each interval is a point (the intraday pattern shows); longer runs
    // are added up into days, and past 120 days into weeks. The axis counts hours for runs of
    // two days or less, days otherwise.
    let (bucket, what, per) = if span <= 14.0 * DAY {
        (interval, "interval", "hour")
    } else if span <= 120.0 * DAY {
        (DAY.max(interval), "day", "day")
    } else {
        (WEEK.max(interval), "week", "day")
    };
    let (unit, title) = if span <= 2.0 * DAY {
        (3600.0, "Hours since the start of the run")
    } else {
        (DAY, "Days since the start of the run")
    };
    let mut buckets: Vec<Vec<usize>> = Vec::new();
    let mut keys: Vec<i64> = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        if !s.is_finite() {
            continue;
        }
        let k = (s / bucket + 1e-9).floor() as i64;
        if keys.last() != Some(&k) {
            keys.push(k);
            buckets.push(Vec::new());
        }
        buckets.last_mut().expect("pushed").push(i);
    }
    let xs = buckets
        .iter()
        .map(|b| (starts[b[0]] + starts[*b.last().expect("non-empty")] + interval) / 2.0 / unit)
        .collect();
    let covered = buckets.iter().map(|b| b.len() as f64 * interval).collect();
    let per_seconds = if per == "hour" { 3600.0 } else { DAY };
    let (lo, hi) = (first / unit, (last + interval) / unit);
    const HOURS: [f64; 9] = [1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 48.0, 72.0, 168.0];
    const DAYS: [f64; 11] = [
        1.0, 2.0, 7.0, 14.0, 28.0, 56.0, 91.0, 182.0, 364.0, 728.0, 1456.0,
    ];
    let steps: &[f64] = if unit == 3600.0 { &HOURS } else { &DAYS };
    let step = steps
        .iter()
        .copied()
        .find(|s| (hi - lo) / s <= 9.0)
        .unwrap_or(steps[steps.len() - 1]);
    let ticks = ((lo / step).ceil() as i64..=(hi / step).floor() as i64)
        .map(|k| (k as f64 * step, grouped(k as f64 * step, 0)))
        .collect();
    let how = if what == "interval" {
        format!(
            "One point per reporting interval of timeseries.csv ({}), pooled over {reps}; \
             counts per hour.",
            HumanDuration(interval).compact()
        )
    } else {
        format!(
            "One point per {what}, added up from the {}-interval rows of timeseries.csv and \
             pooled over {reps}: counts per day, levels averaged, ratios pooled over the {what}.",
            HumanDuration(interval).compact()
        )
    };
    Some(Frame {
        table,
        buckets,
        xs,
        axis: TimeAxis {
            title: title.into(),
            lo,
            hi,
            ticks,
        },
        per,
        scale: Some((covered, per_seconds)),
        position: Box::new(move |at| Some(at / unit)),
        how,
    })
}

/// A series resolved against a table: its label, values per row, band columns per row, and
/// whether it was derived.
pub(super) struct Resolved {
    pub(super) label: String,
    pub(super) values: Vec<f64>,
    pub(super) band: Option<(Vec<f64>, Vec<f64>)>,
    pub(super) derived: bool,
}

pub(super) fn resolve(def: &SeriesDef, table: &Table) -> Vec<Resolved> {
    let band = |col: &str| {
        table
            .numbers(&format!("{col}_ci_low"))
            .zip(table.numbers(&format!("{col}_ci_high")))
    };
    let column = |cols: &[&str]| {
        cols.iter().find_map(|c| {
            table.numbers(c).map(|v| Resolved {
                label: def.label.to_string(),
                values: v,
                band: band(c),
                derived: false,
            })
        })
    };
    match def.source {
        Source::Column(cols) => column(cols).into_iter().collect(),
        Source::ColumnOrDifference {
            columns,
            from,
            minus,
        } => column(columns)
            .or_else(|| {
                let mut values = table.numbers(from)?;
                for m in minus {
                    let sub = table.numbers(m)?;
                    for (v, s) in values.iter_mut().zip(sub) {
                        *v -= s;
                    }
                }
                Some(Resolved {
                    label: format!("{} (derived)", def.label),
                    values,
                    band: None,
                    derived: true,
                })
            })
            .into_iter()
            .collect(),
        Source::EachOf(prefix) => table
            .suffixes(prefix)
            .into_iter()
            .filter_map(|name| {
                let col = format!("{prefix}.{name}");
                table.numbers(&col).map(|v| Resolved {
                    label: name,
                    values: v,
                    band: band(&col),
                    derived: false,
                })
            })
            .collect(),
    }
}

/// Values per bucket of the frame.
pub(super) fn aggregate(frame: &Frame, values: &[f64], agg: Agg) -> Vec<f64> {
    let Some((covered, per_seconds)) = &frame.scale else {
        return frame.buckets.iter().map(|b| values[b[0]]).collect();
    };
    let weights: Option<Vec<f64>> = match agg {
        Agg::WeightedBy(cols) => {
            let mut w = vec![0.0; values.len()];
            for c in cols {
                if let Some(col) = frame.table.numbers(c) {
                    for (w, x) in w.iter_mut().zip(col) {
                        if x.is_finite() {
                            *w += x;
                        }
                    }
                }
            }
            Some(w)
        }
        _ => None,
    };
    frame
        .buckets
        .iter()
        .zip(covered)
        .map(|(rows, covered)| {
            let finite = || {
                rows.iter()
                    .map(|&r| (r, values[r]))
                    .filter(|(_, v)| v.is_finite())
            };
            match agg {
                Agg::Count => {
                    if finite().count() == 0 {
                        f64::NAN
                    } else {
                        finite().map(|(_, v)| v).sum::<f64>() * per_seconds / covered
                    }
                }
                Agg::Level => {
                    let n = finite().count();
                    if n == 0 {
                        f64::NAN
                    } else {
                        finite().map(|(_, v)| v).sum::<f64>() / n as f64
                    }
                }
                Agg::WeightedBy(_) => {
                    let w = weights.as_ref().expect("weights for a weighted mean");
                    let total: f64 = finite().map(|(r, _)| w[r]).sum();
                    if total > 0.0 {
                        finite().map(|(r, v)| v * w[r]).sum::<f64>() / total
                    } else {
                        f64::NAN
                    }
                }
            }
        })
        .collect()
}
