//! The report of one run: `summary.json` and `timeseries.csv`, and `monthly.csv` with the
//! scenario's timeline when the run wrote them.
//!
//! Time charts come from `monthly.csv` when it is there and covers three months or more (one
//! point per month, labelled by month, with 95 % bands), else from `timeseries.csv`, added up
//! into days (weeks past 120 days; hours for runs of four days or less) so that a month of
//! hourly rows reads as a curve, not as noise ([`inputs`] reads the files and builds these
//! frames). Which column feeds which chart is decided in [`super::columns`]. The timeline's
//! events are marked on every time chart. Measures over the whole run, per intent and per
//! pool, come from `summary.json` with their confidence intervals.

mod inputs;

use std::path::Path;

use serde_json::Value;

use super::chart::{Axis, Bar, Bars, Group, Line, LineShape, Marker, Point, Scatter, TimeChart};
use super::columns::{self, ChartDef};
use super::data::{Est, Table};
use super::format::{Unit, grouped};
use super::page::{Cell, Figure, Page, Row, Table as HtmlTable, escape};
use super::{Built, ReportError, title_of};
use crate::metrics::{Measure, Section};
use crate::units::HumanDuration;

use inputs::*;

fn time_chart(def: &ChartDef, frame: &Frame, ai_live: bool, markers: &[Marker]) -> TimeChart {
    let mut lines = Vec::new();
    let mut next = 0;
    for s in def.series.iter().filter(|s| ai_live || !s.needs_ai) {
        for r in resolve(s, frame.table) {
            let colour = s.colour.unwrap_or_else(|| {
                next += 1;
                super::palette::series(next - 1)
            });
            let ys = aggregate(frame, &r.values, s.agg);
            let band = match (&r.band, frame.scale.is_none()) {
                (Some((lo, hi)), true) => {
                    let lo = aggregate(frame, lo, s.agg);
                    let hi = aggregate(frame, hi, s.agg);
                    frame
                        .xs
                        .iter()
                        .zip(lo.iter().zip(&hi))
                        .map(|(&x, (&l, &h))| (x, l, h))
                        .collect()
                }
                _ => Vec::new(),
            };
            lines.push(Line {
                label: r.label,
                colour,
                points: frame.xs.iter().copied().zip(ys).collect(),
                band,
                dashed: r.derived,
                right: s.right,
                shape: LineShape::Joined,
            });
        }
    }
    let y2 = def
        .right
        .filter(|_| lines.iter().any(|l| l.right))
        .map(|(t, u)| Axis::new(t, u));
    if y2.is_none() {
        for l in &mut lines {
            l.right = false;
        }
    }
    TimeChart {
        title: def.title.into(),
        x: frame.axis.clone(),
        y: Axis::new(def.y_title.replace("{per}", frame.per), def.unit),
        y2,
        lines,
        stacked: def.stacked,
        markers: markers.to_vec(),
    }
}

fn kpi(summary: &Value, key: &str) -> Option<Est> {
    Est::from_json(summary.get("kpis")?.get(key)?)
}

fn est_text(unit: Unit, e: &Est) -> (String, Option<String>) {
    (
        unit.value(e.mean),
        e.ci.map(|(lo, hi)| unit.interval(lo, hi)),
    )
}

/// Builds the report of the run in `dir`.
pub(super) fn build(dir: &Path) -> Result<Built, ReportError> {
    let inputs = read(dir).map_err(ReportError::Input)?;
    let summary = &inputs.summary;
    let scenario = &summary["scenario"];
    let name = scenario["name"].as_str().unwrap_or("staffsim run");
    let reps = scenario["replications"]
        .as_u64()
        .map_or("the replications".to_string(), |n| {
            format!("{n} replication{}", if n == 1 { "" } else { "s" })
        });
    let ai_live = kpi(summary, "ai_share").is_some_and(|e| e.mean > 0.0);

    let mut meta = vec![format!(
        "Run report from {}",
        inputs
            .sources
            .iter()
            .map(|s| format!("<code>{}</code>", escape(s)))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if let Some(f) = scenario["file"].as_str() {
        meta.push(format!("scenario <code>{}</code>", escape(f)));
    }
    meta.push(escape(&reps));
    let mut page = Page::new("staffsim · run report", name, &meta.join(" · "));
    let mut figures: Vec<Figure> = Vec::new();

    // Headline numbers.
    let headline: [(&str, &str); 8] = [
        ("service_level", "Service level"),
        ("abandonment_rate", "Abandonment"),
        ("asa_seconds", "Speed of answer"),
        ("ai_share", "Handled by AI first"),
        ("csat_survey", "Survey satisfaction"),
        ("true_resolution_rate", "True resolution"),
        ("cost_total", "Total cost"),
        ("cost_per_contact", "Cost per contact"),
    ];
    let cards: Vec<(String, String, String)> = headline
        .iter()
        .filter(|(k, _)| *k != "ai_share" || ai_live)
        .filter_map(|(k, label)| {
            // A measure the scenario does not have (no survey, no costs) gets no card.
            let e = kpi(summary, k).filter(|e| e.mean.is_finite())?;
            if k.starts_with("cost") && e.mean == 0.0 {
                return None;
            }
            let (v, ci) = est_text(Unit::of_key(k), &e);
            Some((
                label.to_string(),
                v,
                ci.map_or("no interval".into(), |c| format!("95 % CI {c}")),
            ))
        })
        .collect();
    page.cards(&cards);

    // Settings.
    page.section("scenario", "Scenario");
    if let Some(d) = scenario["description"].as_str() {
        page.paragraph(d);
    }
    page.settings(&settings(summary));
    let warnings: Vec<&str> = summary["warnings"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !warnings.is_empty() {
        page.subheading("Warnings");
        let items: String = warnings
            .iter()
            .map(|w| format!("<li>{}</li>", escape(w)))
            .collect();
        page.html(&format!("<ul class=\"warnings\">{items}</ul>"));
    }

    // Time charts.
    let frame = match (&inputs.monthly, &inputs.timeseries) {
        (Some(m), _) => Some(monthly_frame(m)),
        (None, Some(t)) => interval_frame(t, scenario["interval_seconds"].as_f64(), &reps),
        (None, None) => None,
    };
    page.section("over-time", "Over time");
    time_charts(&mut page, &mut figures, &inputs, frame.as_ref(), ai_live)?;

    // Quality and cost over the whole run.
    let whole_run: Vec<Figure> = [
        quality_by_intent(summary, &reps)?,
        cost_by_kind(summary, &reps)?,
    ]
    .into_iter()
    .flatten()
    .collect();
    if !whole_run.is_empty() {
        page.section("quality-cost", "Quality and cost over the run");
        for f in whole_run {
            page.figure(&f);
            figures.push(f);
        }
    }

    // Tables.
    page.section("measures", "Measures");
    page.paragraph(&format!(
        "Means over {reps} with their 95 % confidence intervals (Student's t over replications)."
    ));
    page.table(&measures_table(summary, ai_live), "measures");
    if let Some(t) = by_intent_table(summary) {
        page.subheading("By intent");
        page.table(&t, "by-intent");
    }
    if let Some(t) = by_pool_table(summary) {
        page.subheading("By pool");
        page.table(&t, "by-pool");
    }
    if let Some(m) = &inputs.monthly
        && let Some(t) = monthly_table(m)
    {
        page.section("by-month", "Month by month");
        page.table(&t, "monthly");
    }
    // The report windows (`[[windows]]`), with the monthly table's columns.
    let windows = dir.join("windows.csv");
    if windows.is_file()
        && let Ok(w) = Table::read(&windows)
        && let Some(t) = period_table(&w, "Window", window_labels(&w))
    {
        page.section("by-window", "Report windows");
        page.table(&t, "windows");
    }
    let version = summary["staffsim_version"].as_str().unwrap_or("unknown");
    let footer = format!(
        "Made by staffsim {} from the files of a run by staffsim {}. Self-contained: no scripts, \
         no fonts or images from elsewhere. Each chart is also in <code>plots/</code> as an SVG file.",
        escape(env!("CARGO_PKG_VERSION")),
        escape(version)
    );
    Ok(Built {
        html: page.finish(&footer),
        figures,
    })
}

/// The "Over time" section: the timeline's events, then every time chart that has data, each
/// with the events marked.
fn time_charts(
    page: &mut Page,
    figures: &mut Vec<Figure>,
    inputs: &Inputs,
    frame: Option<&Frame>,
    ai_live: bool,
) -> Result<(), ReportError> {
    let markers: Vec<Marker> = match frame {
        Some(f) => inputs
            .timeline
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                Some(Marker {
                    x: (f.position)(e.at_seconds)?,
                    number: i + 1,
                    text: if e.description.is_empty() {
                        e.label.clone()
                    } else {
                        e.description.clone()
                    },
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let events_html = events_list(&inputs.timeline, &markers, frame);
    if !inputs.timeline.is_empty() {
        page.subheading("Timeline");
        page.html(&events_html);
    }
    match frame {
        None => page.note("No time series to draw: the folder has no timeseries.csv or monthly.csv with a start_seconds column."),
        Some(frame) => {
            if inputs.monthly.is_none() {
                let missing: Vec<&str> = columns::WANTED_PER_INTERVAL
                    .iter()
                    .copied()
                    .filter(|c| frame.table.column(c).is_none())
                    .collect();
                if !missing.is_empty() {
                    let derived = if ai_live {
                        " The AI's conversations below are derived (offered − answered − \
                         abandoned)."
                    } else {
                        ""
                    };
                    page.note(&format!(
                        "timeseries.csv records volumes, the human queue and staffing per \
                         interval, but not the AI's conversations, survey scores, true \
                         resolution, repeats, churn or costs (no column {}).{derived} Quality \
                         and cost appear as totals over the whole run, not over time.",
                        missing.join(", ")
                    ));
                }
            }
            for def in columns::TIME_CHARTS {
                let chart = time_chart(def, frame, ai_live, &markers);
                if !chart.has_data() {
                    continue;
                }
                let mut caption = escape(&frame.how);
                if !def.note.is_empty() {
                    caption = format!("{} {caption}", escape(def.note));
                }
                if chart.lines.iter().any(|l| l.dashed) {
                    caption.push_str(
                        " Dashed: derived from other columns (offered − answered by a human − \
                         abandoned in the queue: contacts that ended with the AI, or were still \
                         open at the end).",
                    );
                }
                if !markers.is_empty() {
                    caption.push_str(&events_html);
                }
                figures.push(Figure {
                    id: def.id.into(),
                    title: def.title.into(),
                    svg: chart.svg().map_err(ReportError::Output)?,
                    caption,
                });
                page.figure(figures.last().expect("pushed"));
            }
        }
    }
    Ok(())
}

fn events_list(events: &[Event], markers: &[Marker], frame: Option<&Frame>) -> String {
    if events.is_empty() {
        return String::new();
    }
    let items: String = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let shown = markers.iter().any(|m| {
                m.number == i + 1 && frame.is_some_and(|f| m.x >= f.axis.lo && m.x <= f.axis.hi)
            });
            let when = if e.label.is_empty() {
                HumanDuration(e.at_seconds).to_string()
            } else {
                e.label.clone()
            };
            format!(
                "<li>{}{}{}</li>",
                escape(&when),
                if e.description.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", escape(&e.description))
                },
                if shown {
                    ""
                } else {
                    " (outside the period shown)"
                }
            )
        })
        .collect();
    format!("<ol class=\"events\">{items}</ol>")
}

fn settings(summary: &Value) -> Vec<(String, String)> {
    let s = &summary["scenario"];
    let mut out = Vec::new();
    let Some(o) = s.as_object() else {
        return out;
    };
    for (k, v) in o {
        let text = match (k.as_str(), v) {
            ("name" | "description", _) => continue,
            (_, Value::Null) => "–".into(),
            ("horizon_seconds", _) => v
                .as_f64()
                .map_or(v.to_string(), |x| HumanDuration(x).to_string()),
            ("warmup_seconds" | "interval_seconds" | "service_level_threshold_seconds", _) => v
                .as_f64()
                .map_or(v.to_string(), |x| HumanDuration(x).compact()),
            ("mean_arrival_rate_per_hour", _) => v
                .as_f64()
                .map_or(v.to_string(), |x| format!("{} contacts/h", grouped(x, 1))),
            ("offered_load_erlangs", _) => v
                .as_f64()
                .map_or(v.to_string(), |x| format!("{} erlangs", grouped(x, 1))),
            (_, Value::String(t)) => t.clone(),
            (_, other) => other.to_string(),
        };
        let label = match k.as_str() {
            "file" => "Scenario file".to_string(),
            "horizon_seconds" => "Horizon (warm-up included)".into(),
            "warmup_seconds" => "Warm-up, excluded".into(),
            "replications" => "Replications".into(),
            "seed" => "Seed".into(),
            "interval_seconds" => "Reporting interval".into(),
            "service_level_threshold_seconds" => "Service-level threshold".into(),
            "mean_arrival_rate_per_hour" => "Mean arrival rate".into(),
            "offered_load_erlangs" => "Offered load".into(),
            other => title_of(other),
        };
        out.push((label, text));
    }
    if let Some(v) = summary["staffsim_version"].as_str() {
        out.push(("staffsim version".into(), v.into()));
    }
    out
}

fn measures_table(summary: &Value, ai_live: bool) -> HtmlTable {
    let mut t = HtmlTable {
        head: vec![
            ("Measure".into(), false),
            ("Mean".into(), true),
            ("95 % confidence interval".into(), true),
        ],
        rows: Vec::new(),
    };
    let Some(kpis) = summary["kpis"].as_object() else {
        return t;
    };
    let row = |key: &str, v: &Value| -> Option<Row> {
        let e = Est::from_json(v)?;
        let unit = Unit::of_key(key);
        let (mean, ci) = est_text(unit, &e);
        Some(Row::Cells(vec![
            Cell::text(title_of(key)),
            Cell::number(mean, None),
            Cell::number(ci.unwrap_or_else(|| "–".into()), None),
        ]))
    };
    for section in Section::ALL {
        // Without the assistant, the split by who ended the contact is the totals again.
        if matches!(section, Section::Ai | Section::Resolver) && !ai_live {
            continue;
        }
        let rows: Vec<Row> = kpis
            .iter()
            .filter(|(k, _)| Measure::from_key(k).is_some_and(|m| m.section() == section))
            .filter_map(|(k, v)| row(k, v))
            .collect();
        if !rows.is_empty() {
            t.rows.push(Row::Group(section.title().into()));
            t.rows.extend(rows);
        }
    }
    let other: Vec<Row> = kpis
        .iter()
        .filter(|(k, _)| Measure::from_key(k).is_none())
        .filter_map(|(k, v)| row(k, v))
        .collect();
    if !other.is_empty() {
        t.rows.push(Row::Group("Other measures".into()));
        t.rows.extend(other);
    }
    t
}

/// Measures shown per intent, in order.
const BY_INTENT: [&str; 13] = [
    "offered",
    "ai_share",
    "containment",
    "service_level",
    "abandonment_rate",
    "asa_seconds",
    "csat_survey",
    "true_resolution_rate",
    "fcr",
    "repeat_rate",
    "churned_customers",
    "cost_total",
    "cost_per_contact",
];

fn by_intent_table(summary: &Value) -> Option<HtmlTable> {
    let intents = summary["by_intent"].as_object().filter(|o| !o.is_empty())?;
    let mut t = HtmlTable {
        head: std::iter::once(("Measure".to_string(), false))
            .chain(intents.keys().map(|k| (k.clone(), true)))
            .collect(),
        rows: Vec::new(),
    };
    for key in BY_INTENT {
        let ests: Vec<Option<Est>> = intents
            .values()
            .map(|v| v.get(key).and_then(Est::from_json))
            .collect();
        if ests.iter().all(|e| e.is_none_or(|e| !e.mean.is_finite())) {
            continue;
        }
        let unit = Unit::of_key(key);
        let mut cells = vec![Cell::text(title_of(key))];
        for e in ests {
            cells.push(match e {
                Some(e) => {
                    let (m, ci) = est_text(unit, &e);
                    Cell::number(m, ci)
                }
                None => Cell::number("–", None),
            });
        }
        t.rows.push(Row::Cells(cells));
    }
    Some(t)
}

fn by_pool_table(summary: &Value) -> Option<HtmlTable> {
    let pools = summary["by_pool"].as_object().filter(|o| !o.is_empty())?;
    let mut keys: Vec<String> = Vec::new();
    for p in pools.values() {
        for k in p.as_object().into_iter().flat_map(|o| o.keys()) {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let mut t = HtmlTable {
        head: std::iter::once(("Pool".to_string(), false))
            .chain(keys.iter().map(|k| (title_of(k), true)))
            .collect(),
        rows: Vec::new(),
    };
    for (name, p) in pools {
        let mut cells = vec![Cell::text(name.clone())];
        for k in &keys {
            cells.push(match p.get(k).and_then(Est::from_json) {
                Some(e) => {
                    let (m, ci) = est_text(Unit::of_key(k), &e);
                    Cell::number(m, ci)
                }
                None => Cell::number("–", None),
            });
        }
        t.rows.push(Row::Cells(cells));
    }
    Some(t)
}

fn monthly_table(m: &Table) -> Option<HtmlTable> {
    let labels: Vec<String> = match (m.texts("label"), m.numbers("month")) {
        (Some(l), _) => l.iter().map(|s| s.to_string()).collect(),
        (_, Some(n)) => n.iter().map(|x| format!("month {x}")).collect(),
        _ => (1..=m.len()).map(|i| format!("month {i}")).collect(),
    };
    period_table(m, "Month", labels)
}

/// Each row of `windows.csv` as "name (from – to)".
fn window_labels(w: &Table) -> Vec<String> {
    let names = w.texts("window").unwrap_or_default();
    let from = w.texts("from").unwrap_or_default();
    let to = w.texts("to").unwrap_or_default();
    (0..w.len())
        .map(|i| {
            let name = names.get(i).map_or("", |s| s);
            match (from.get(i), to.get(i)) {
                (Some(f), Some(t)) => format!("{name} ({f} – {t})"),
                _ => name.to_string(),
            }
        })
        .collect()
}

/// The table of the monthly columns ([`columns::MONTHLY_TABLE`]) of `m`, a row per period
/// (a month of `monthly.csv`, a window of `windows.csv`) labelled `labels`.
fn period_table(m: &Table, first: &str, labels: Vec<String>) -> Option<HtmlTable> {
    let mut cols: Vec<(&str, Vec<f64>, Unit)> = Vec::new();
    for (key, heading) in columns::MONTHLY_TABLE {
        let values = if *key == "headcount" {
            let pools = m.suffixes("headcount");
            if pools.is_empty() {
                m.numbers("headcount")
            } else {
                let mut sum = vec![0.0; m.len()];
                for p in pools {
                    for (s, v) in sum
                        .iter_mut()
                        .zip(m.numbers(&format!("headcount.{p}")).unwrap_or_default())
                    {
                        *s += if v.is_finite() { v } else { 0.0 };
                    }
                }
                Some(sum)
            }
        } else {
            m.numbers(key)
        };
        if let Some(v) = values {
            cols.push((heading, v, Unit::of_key(key)));
        }
    }
    if cols.is_empty() {
        return None;
    }
    let mut t = HtmlTable {
        head: std::iter::once((first.to_string(), false))
            .chain(cols.iter().map(|(h, _, _)| (h.to_string(), true)))
            .collect(),
        rows: Vec::new(),
    };
    for (i, label) in labels.iter().enumerate() {
        let mut cells = vec![Cell::text(label.clone())];
        for (_, v, unit) in &cols {
            cells.push(Cell::number(unit.value(v[i]), None));
        }
        t.rows.push(Row::Cells(cells));
    }
    Some(t)
}

fn quality_by_intent(summary: &Value, reps: &str) -> Result<Option<Figure>, ReportError> {
    let point = |v: &Value, tag: &str| -> Option<Point> {
        let q = Est::from_json(v.get("true_resolution_rate")?)?;
        let s = Est::from_json(v.get("csat_survey")?)?;
        (q.mean.is_finite() && s.mean.is_finite()).then(|| Point {
            x: q.mean,
            y: s.mean,
            x_ci: q.ci,
            y_ci: s.ci,
            tag: Some(tag.to_string()),
        })
    };
    let mut groups: Vec<Group> = summary["by_intent"]
        .as_object()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, (name, v))| {
            Some(Group {
                label: name.clone(),
                colour: super::palette::series(i),
                points: vec![point(v, name)?],
                join: false,
            })
        })
        .collect();
    if let Some(all) = point(&summary["kpis"], "all contacts") {
        groups.push(Group {
            label: "All contacts".into(),
            colour: super::palette::TOTAL,
            points: vec![all],
            join: false,
        });
    }
    if groups.is_empty() {
        return Ok(None);
    }
    let chart = Scatter {
        title: "Survey satisfaction against true resolution, by intent".into(),
        x: Axis::new("True resolution", Unit::Share),
        y: Axis::new("Survey satisfaction", Unit::Score),
        groups,
    };
    Ok(Some(Figure {
        id: "chart-quality-by-intent".into(),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&format!(
            "Each intent's survey score (what customers say) against its true resolution \
             (problems actually solved within the resolution window), over the whole \
             measurement window. Whiskers: 95 % confidence intervals over {reps}. An intent high \
             on the left axis but far left on the bottom one is where the survey flatters."
        )),
    }))
}

fn cost_by_kind(summary: &Value, reps: &str) -> Result<Option<Figure>, ReportError> {
    let bars: Vec<Bar> = columns::COST_KINDS
        .iter()
        .filter_map(|(key, label, colour)| {
            let e = kpi(summary, key)?;
            (e.mean.is_finite() && e.mean != 0.0).then(|| Bar {
                label: label.to_string(),
                value: e.mean,
                ci: e.ci,
                colour: *colour,
            })
        })
        .collect();
    if bars.is_empty() {
        return Ok(None);
    }
    let chart = Bars {
        title: "Cost by kind over the measurement window".into(),
        y: Axis::new("Cost", Unit::Currency),
        bars,
    };
    let total = kpi(summary, "cost_total")
        .map(|e| format!(" Total: {}.", Unit::Currency.value(e.mean)))
        .unwrap_or_default();
    Ok(Some(Figure {
        id: "chart-cost-by-kind".into(),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&format!(
            "Mean cost per replication, in the scenario's currency units; whiskers: 95 % \
             confidence intervals over {reps}.{total}"
        )),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::columns::Agg;
    use super::*;
    use crate::units::DAY;

    #[test]
    fn hourly_rows_add_up_to_days() {
        let mut csv =
            String::from("start_seconds,offered,answered,abandoned,service_level,agents_on_duty\n");
        for h in 24..72 {
            let sl = if h < 48 { 0.5 } else { 1.0 };
            let answered = if h < 48 { 10 } else { 30 };
            csv += &format!("{},{},{answered},0,{sl},4\n", h * 3600, 12);
        }
        // 48 hours is short: kept hourly.
        let t = Table::parse(csv.as_bytes()).unwrap();
        let f = interval_frame(&t, Some(3600.0), "2 replications").unwrap();
        assert_eq!(f.per, "hour");
        assert_eq!(f.buckets.len(), 48);
        // Twenty days of rows: one point per day, counts per day, ratios pooled.
        let mut csv =
            String::from("start_seconds,offered,answered,abandoned,service_level,agents_on_duty\n");
        for h in 24..(24 * 21) {
            let (sl, answered) = if h % 24 < 12 { (0.5, 10) } else { (1.0, 30) };
            csv += &format!("{},{},{answered},0,{sl},4\n", h * 3600, 12);
        }
        let t = Table::parse(csv.as_bytes()).unwrap();
        let f = interval_frame(&t, Some(3600.0), "2 replications").unwrap();
        assert_eq!(f.per, "day");
        assert_eq!(f.buckets.len(), 20);
        assert_eq!(f.xs[0], 1.5);
        let offered = aggregate(&f, &t.numbers("offered").unwrap(), Agg::Count);
        assert_eq!(offered[0], 12.0 * 24.0);
        let sl = aggregate(
            &f,
            &t.numbers("service_level").unwrap(),
            Agg::WeightedBy(&["answered", "abandoned"]),
        );
        assert!((sl[0] - (0.5 * 10.0 + 1.0 * 30.0) / 40.0).abs() < 1e-12);
        let agents = aggregate(&f, &t.numbers("agents_on_duty").unwrap(), Agg::Level);
        assert_eq!(agents[3], 4.0);
        assert_eq!((f.position)(2.0 * DAY), Some(2.0));
    }

    #[test]
    fn months_are_labelled_and_events_fall_between_them() {
        let t = Table::parse(
            b"month,start_seconds,label,offered\n1,0,2024-01,1\n2,100,2024-02,2\n3,200,2024-03,3\n",
        )
        .unwrap();
        let f = monthly_frame(&t);
        assert_eq!(f.axis.ticks[1], (1.5, "2024-02".to_string()));
        assert_eq!((f.position)(150.0), Some(1.5));
        assert_eq!((f.position)(100.0), Some(1.0));
    }

    #[test]
    fn a_json_monthly_array_reads_like_the_csv() {
        let v = serde_json::json!([
            {"month": 1, "label": "m1", "service_level": {"mean": 0.8, "ci95": [0.7, 0.9]},
             "headcount": {"chat": 10}},
            {"month": 2, "label": "m2", "service_level": {"mean": 0.85, "ci95": null},
             "headcount": {"chat": 12}}
        ]);
        let t = monthly_from_json(&v).unwrap();
        assert_eq!(t.numbers("service_level").unwrap(), [0.8, 0.85]);
        assert_eq!(t.numbers("service_level_ci_low").unwrap()[0], 0.7);
        assert_eq!(t.numbers("headcount.chat").unwrap(), [10.0, 12.0]);
        assert_eq!(t.texts("label").unwrap(), ["m1", "m2"]);
    }
}
