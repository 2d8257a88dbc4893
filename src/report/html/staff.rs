//! The report of a staffing search (`staffsim staff --out`): `staff.json` and `staffing.csv`.
//!
//! It answers the planner's question, how many agents in which interval: the agents on duty
//! found in each interval of the cycle as a step line, beside what per-interval Erlang C and
//! Erlang A would staff; for each per-interval target, the measure in the fresh-seed
//! validation run with its 95 % band, the target's bound drawn across, and the intervals that
//! miss it marked and listed; a summary (the search's outcome, agent-hours against Erlang's,
//! paid hours, headcount, the validation, the targets over the run); the passes of the
//! search; and the staffing interval by interval. The bounds come from `staff.json`'s
//! `targets`; a file written before it had them still makes a report, with the targets found
//! from `staffing.csv`'s columns and drawn without their bound.
//!
//! With several pools searched at once (`staff.json` lists them in `pools`, and
//! `staffing.csv` has each pool's rows in turn), the staffing, the targets and the interval
//! table are shown pool by pool, each from its own rows, with chart ids suffixed by the pool
//! (`chart-staffing-generalists`); the cards and the passes are the whole search's.

use std::path::Path;

use serde_json::Value;

use super::chart::{Axis, Line, LineShape, TimeAxis, TimeChart};
use super::data::{Table, read_json};
use super::format::{Unit, grouped};
use super::page::{Cell, Figure, Page, Row, Table as HtmlTable, escape};
use super::{Built, ReportError, palette, title_of};
use crate::units::{DAY, HumanDuration};

/// The files the report reads.
struct Inputs {
    /// `staff.json`, an object.
    staff: Value,
    /// `staffing.csv`.
    csv: Table,
}

fn read(dir: &Path) -> anyhow::Result<Inputs> {
    let path = dir.join("staff.json");
    let staff = read_json(&path)?;
    if !staff.is_object() {
        anyhow::bail!(
            "{} is not the staff.json of `staffsim staff --out`: expected a JSON object",
            path.display()
        );
    }
    Ok(Inputs {
        staff,
        csv: Table::read(&dir.join("staffing.csv"))?,
    })
}

/// A per-interval target as the report draws it.
struct TargetDef {
    /// The measure's key, also the column of `staffing.csv`.
    key: String,
    /// `min` or `max`, and the bound, when `staff.json` says them.
    bound: Option<(String, f64)>,
}

impl TargetDef {
    /// "at least 80 %", or "" without the bound.
    fn bound_text(&self) -> String {
        match &self.bound {
            Some((side, b)) => format!("{} {}", side_text(side), value_text(&self.key, *b)),
            None => String::new(),
        }
    }
}

/// The per-interval targets, in file order: `staff.json`'s `targets`, else every column
/// `<key>` of `staffing.csv` that has a `<key>_met` column beside it.
fn targets(staff: &Value, csv: &Table) -> Vec<TargetDef> {
    if let Some(list) = staff["targets"].as_array() {
        return list
            .iter()
            .filter_map(|t| {
                let key = t["measure"].as_str()?.to_string();
                let bound = t["side"]
                    .as_str()
                    .zip(t["bound"].as_f64())
                    .map(|(s, b)| (s.to_string(), b));
                Some(TargetDef { key, bound })
            })
            .collect();
    }
    csv.header
        .iter()
        .filter(|h| csv.column(&format!("{h}_met")).is_some())
        .map(|h| TargetDef {
            key: h.clone(),
            bound: None,
        })
        .collect()
}

/// "at least" for a minimum, "at most" for a maximum.
pub(super) fn side_text(side: &str) -> &str {
    match side {
        "min" => "at least",
        "max" => "at most",
        other => other,
    }
}

/// A bound or a target's value as a planner writes it: "80 %", "20s", "0.8".
pub(super) fn value_text(key: &str, x: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    match Unit::of_key(key) {
        Unit::Share => format!("{} %", trim(format!("{:.2}", 100.0 * x))),
        Unit::Seconds => HumanDuration(x).compact(),
        _ => trim(format!("{x:.3}")),
    }
}

/// Agent-hours: whole when whole, else with one decimal.
fn hours_text(x: f64) -> String {
    grouped(x, if x.fract() == 0.0 { 0 } else { 1 })
}

/// The staffing intervals of the cycle, read from `staffing.csv`.
struct Slots {
    /// Start of each interval, seconds from the start of the cycle.
    starts: Vec<f64>,
    /// Label of each interval (`09:00`, `Mon 09:00`).
    labels: Vec<String>,
    /// Length of an interval, seconds.
    interval: f64,
    /// Length of the cycle, seconds.
    cycle: f64,
}

impl Slots {
    fn of(staff: &Value, csv: &Table) -> Slots {
        let column = csv.numbers("start_seconds");
        let interval = staff["interval_seconds"]
            .as_f64()
            .filter(|i| *i > 0.0)
            .or_else(|| {
                column.as_ref().and_then(|s| {
                    s.windows(2)
                        .map(|w| w[1] - w[0])
                        .filter(|d| *d > 0.0)
                        .min_by(f64::total_cmp)
                })
            })
            .unwrap_or(3600.0);
        let starts: Vec<f64> = (0..csv.len())
            .map(|k| {
                column
                    .as_ref()
                    .map(|c| c[k])
                    .filter(|s| s.is_finite())
                    .unwrap_or(k as f64 * interval)
            })
            .collect();
        let cycle = staff["cycle_seconds"]
            .as_f64()
            .filter(|c| *c > 0.0)
            .unwrap_or_else(|| starts.iter().copied().fold(0.0, f64::max) + interval);
        let weekly = cycle > DAY * (1.0 + 1e-9);
        let labels = match csv.texts("interval_start") {
            Some(t) if t.iter().all(|l| !l.is_empty()) => t.iter().map(|l| l.to_string()).collect(),
            _ => starts
                .iter()
                .map(|&s| super::super::interval_label(s, weekly))
                .collect(),
        };
        Slots {
            starts,
            labels,
            interval,
            cycle,
        }
    }

    fn weekly(&self) -> bool {
        self.cycle > DAY * (1.0 + 1e-9)
    }

    /// "day" or "week".
    fn per(&self) -> &'static str {
        if self.weekly() { "week" } else { "day" }
    }

    /// The x axis: hours since the start of the cycle (see [`cycle_axis`]).
    fn axis(&self) -> TimeAxis {
        cycle_axis(self.cycle)
    }

    /// A step line of one value per interval: the intervals' starts, then the last
    /// interval's end.
    fn steps(&self, values: &[f64]) -> Vec<(f64, f64)> {
        let mut points: Vec<(f64, f64)> = self
            .starts
            .iter()
            .zip(values)
            .map(|(&s, &v)| (s / 3600.0, v))
            .collect();
        if let (Some(&last), Some(&v)) = (self.starts.last(), values.last()) {
            points.push(((last + self.interval) / 3600.0, v));
        }
        points
    }

    /// The middle of each interval on the x axis.
    fn middles(&self) -> Vec<f64> {
        self.starts
            .iter()
            .map(|s| (s + self.interval / 2.0) / 3600.0)
            .collect()
    }
}

/// The x axis of a cycle `cycle` seconds long: hours since its start, ticks labelled by the
/// clock for a day (see [`day_axis`]) and by the weekday for a week (Monday first).
pub(super) fn cycle_axis(cycle: f64) -> TimeAxis {
    if cycle <= DAY * (1.0 + 1e-9) {
        return day_axis(cycle / 3600.0);
    }
    let days = (cycle / DAY).round() as usize;
    TimeAxis {
        title: "Day and time of the week (Monday 00:00 first)".into(),
        lo: 0.0,
        hi: cycle / 3600.0,
        ticks: (0..=days)
            .map(|d| {
                let label = if d < days {
                    super::super::interval_label(d as f64 * DAY, true)
                } else {
                    String::new()
                };
                (d as f64 * 24.0, label)
            })
            .collect(),
    }
}

/// A time-of-day axis from midnight to `hours` hours after it (past 24 for shifts that end
/// the next day: "26:00"), ticks on whole hours, at most a dozen.
pub(super) fn day_axis(hours: f64) -> TimeAxis {
    let step = [1.0, 2.0, 3.0, 6.0, 12.0]
        .into_iter()
        .find(|s| hours / s <= 12.0)
        .unwrap_or(24.0);
    let n = (hours / step + 1e-9).floor() as usize;
    TimeAxis {
        title: "Time of day".into(),
        lo: 0.0,
        hi: hours,
        ticks: (0..=n)
            .map(|k| {
                let h = k as f64 * step;
                let label = if h >= 24.0 {
                    format!("{:02}:00", h.round() as u64)
                } else {
                    super::super::interval_label(h * 3600.0, false)
                };
                (h, label)
            })
            .collect(),
    }
}

/// One target's columns of `staffing.csv`, one value per interval (`NaN` where empty).
struct Measured {
    value: Vec<f64>,
    low: Vec<f64>,
    high: Vec<f64>,
    /// `Some(false)` where the target is missed, `None` where it was not judged.
    met: Vec<Option<bool>>,
}

impl Measured {
    fn of(csv: &Table, key: &str) -> Measured {
        let n = csv.len();
        let col = |name: String| csv.numbers(&name).unwrap_or_else(|| vec![f64::NAN; n]);
        let met = csv.texts(&format!("{key}_met")).map_or(vec![None; n], |t| {
            t.iter()
                .map(|c| match c.to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                })
                .collect()
        });
        Measured {
            value: col(key.to_string()),
            low: col(format!("{key}_low")),
            high: col(format!("{key}_high")),
            met,
        }
    }

    /// The intervals that miss the target.
    fn missed(&self) -> Vec<usize> {
        (0..self.met.len())
            .filter(|&k| self.met[k] == Some(false))
            .collect()
    }
}

/// What `staff.json`'s `met_by` says, for a sentence: "on average".
fn met_by(staff: &Value) -> String {
    staff["met_by"]
        .as_str()
        .unwrap_or("by the scenario's rule")
        .into()
}

/// The fresh-seed validation's seed, for a sentence: "seed 2025" or "a fresh seed".
fn seed_text(staff: &Value) -> String {
    staff["validation"]["seed"]
        .as_u64()
        .map_or("a fresh seed".into(), |s| format!("seed {s}"))
}

/// Builds the report of the staffing search in `dir`.
pub(super) fn build(dir: &Path) -> Result<Built, ReportError> {
    let inputs = read(dir).map_err(ReportError::Input)?;
    let staff = &inputs.staff;
    let csv = &inputs.csv;
    let name = staff["scenario"].as_str().unwrap_or("staffsim staff");
    let pool = staff["pool"]
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            csv.texts("pool")
                .and_then(|p| p.first().map(|s| s.to_string()))
        })
        .unwrap_or_else(|| "the pool".into());
    // Several pools searched at once: staff.json lists them and staffing.csv has each
    // pool's rows, one after the other; the staffing, the targets and the intervals are
    // shown pool by pool, from each pool's own rows and figures.
    let parts: Vec<(Value, Table, String)> = match staff["pools"].as_array() {
        Some(list) if list.len() > 1 && csv.column("pool").is_some() => list
            .iter()
            .map(|p| {
                let name = p["pool"].as_str().unwrap_or("").to_string();
                let mut part = staff.clone();
                if let (Some(obj), Some(own)) = (part.as_object_mut(), p.as_object()) {
                    for (k, v) in own {
                        if k == "validation" {
                            let mut v = v.clone();
                            v["over_run"] = staff["validation"]["over_run"].clone();
                            obj.insert(k.clone(), v);
                        } else {
                            obj.insert(k.clone(), v.clone());
                        }
                    }
                }
                let col = csv.column("pool").expect("checked above");
                let rows = csv
                    .rows
                    .iter()
                    .filter(|r| r.get(col).map(String::as_str) == Some(name.as_str()))
                    .cloned()
                    .collect();
                let table = Table {
                    header: csv.header.clone(),
                    rows,
                };
                (part, table, name)
            })
            .collect(),
        _ => vec![(staff.clone(), csv.clone(), pool.clone())],
    };
    let several = parts.len() > 1;
    let slots = Slots::of(&parts[0].0, &parts[0].1);
    let per = slots.per();
    let targets = targets(staff, &parts[0].1);

    let meta = [
        "Staffing report from <code>staff.json</code>, <code>staffing.csv</code>".to_string(),
        format!(
            "{} <code>{}</code>",
            if several { "pools" } else { "pool" },
            escape(&pool)
        ),
        format!(
            "{} intervals of {} a {per}",
            slots.starts.len(),
            escape(&HumanDuration(slots.interval).compact())
        ),
        format!("targets met {}", escape(&met_by(staff))),
    ];
    let mut page = Page::new("staffsim · staffing report", name, &meta.join(" · "));
    let mut figures: Vec<Figure> = Vec::new();

    page.cards(&cards(staff, &slots, &parts[0].1));
    if several {
        page.paragraph(&format!(
            "{} pools searched at once. {}",
            parts.len(),
            staff["split"].as_str().unwrap_or(
                "each intent is the load of its primary pool: the first searched pool, in \
                 file order, whose skills include it; overflow between pools is ignored"
            )
        ));
    }
    let measured_of = |csv: &Table| -> Vec<Measured> {
        targets.iter().map(|t| Measured::of(csv, &t.key)).collect()
    };
    for (part, csv, pool) in &parts {
        let measured = measured_of(csv);
        // With several pools, ids and headings name the pool.
        let (suffix, of_pool) = if several {
            (format!("-{}", slug(pool)), format!(", pool {pool}"))
        } else {
            (String::new(), String::new())
        };
        let staff = part;

        // The staffing: the chart and the summary.
        page.section(&format!("staffing{suffix}"), &format!("Staffing{of_pool}"));
        if several {
            let own: Vec<&str> = staff["intents"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            page.html(&format!(
                "<p>pool <code>{}</code>: its load is the contacts of {}.</p>",
                escape(pool),
                escape(&if own.is_empty() {
                    "no intent".to_string()
                } else {
                    format!(
                        "intent{} {}",
                        if own.len() == 1 { "" } else { "s" },
                        own.join(", ")
                    )
                })
            ));
        }
        page.paragraph(&format!(
            "The agents on duty of pool {pool} in each interval of the {per} that meet every \
             per-interval target ({}), found by simulating the whole model and checked on a fresh \
             seed ({}), against what per-interval Erlang C and Erlang A on the raw volume would \
             staff.",
            targets
                .iter()
                .map(
                    |t| format!("{} {}", title_of(&t.key).to_lowercase(), t.bound_text())
                        .trim_end()
                        .to_string()
                )
                .collect::<Vec<_>>()
                .join(", "),
            seed_text(staff)
        ));
        if csv.is_empty() {
            page.note("staffing.csv has no rows: there is no staffing to draw.");
        } else {
            let mut f = agents_figure(staff, csv, &slots, pool)?;
            f.id.push_str(&suffix);
            page.figure(&f);
            figures.push(f);
        }
        page.table(
            &summary_table(staff, &slots, &targets, &measured),
            "summary",
        );

        // Each target on the fresh seed.
        page.section(
            &format!("targets{suffix}"),
            &format!("Targets on a fresh seed{of_pool}"),
        );
        if targets.is_empty() {
            page.note("Neither staff.json nor staffing.csv names a per-interval target.");
        }
        for (t, m) in targets.iter().zip(&measured) {
            match target_figure(staff, t, m, &slots)? {
                Some(mut f) => {
                    f.id.push_str(&suffix);
                    page.figure(&f);
                    figures.push(f);
                }
                None => page.note(&format!(
                    "No chart of {}: staffing.csv has no value of it (no column {}, or no \
                     contact reached the queue in any interval).",
                    title_of(&t.key).to_lowercase(),
                    t.key
                )),
            }
        }
        missed_list(&mut page, &targets, &measured, &slots);
    }

    // The search.
    page.section("search", "The search");
    page.paragraph(
        "Feldman passes set each interval from the simulated number in system; raising passes \
         add an agent where a target fails in the simulation; lowering passes take one away \
         where every target holds, and give it back where one then fails. Every pass uses the \
         same seed (common random numbers).",
    );
    page.table(&passes_table(staff), "passes");

    // Interval by interval.
    for (_, csv, pool) in &parts {
        let measured = measured_of(csv);
        let (suffix, of_pool) = if several {
            (format!("-{}", slug(pool)), format!(", pool {pool}"))
        } else {
            (String::new(), String::new())
        };
        page.section(
            &format!("intervals{suffix}"),
            &format!("Interval by interval{of_pool}"),
        );
        page.paragraph(&format!(
            "The staffing of staffing.csv: the agents on duty, the FTE they mean after \
             shrinkage, each target in the fresh-seed run with its 95 % interval (✗, and the \
             row marked, where the target is missed; met {}), and what per-interval Erlang \
             would staff.",
            met_by(staff)
        ));
        page.table(
            &intervals_table(csv, &slots, &targets, &measured),
            "intervals",
        );
    }

    let footer = Page::search_footer(
        "staff",
        "Each chart is also in <code>plots/</code> as an SVG file.",
    );
    Ok(Built {
        html: page.finish(&footer),
        figures,
    })
}

/// A pool's name for an id: lower case letters and digits, other characters as `-`.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The outcome's name and what it means.
fn outcome(staff: &Value) -> (String, String) {
    let o = &staff["outcome"];
    match o["status"].as_str() {
        Some("converged") => (
            "Converged".into(),
            "a pass changed nothing: every target held and no interval could give up an agent"
                .into(),
        ),
        Some("raised") => (
            "Raised".into(),
            "the passes cycled or reached the limit; then failing intervals were raised until \
             every target held"
                .into(),
        ),
        Some("infeasible") => {
            let intervals: Vec<&str> = o["intervals"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            (
                "Infeasible".into(),
                format!(
                    "{} interval(s) miss a target with the most agents allowed: {}",
                    intervals.len(),
                    intervals.join(", ")
                ),
            )
        }
        Some(other) => (other.to_string(), String::new()),
        None => ("–".into(), "staff.json has no outcome".into()),
    }
}

fn cards(staff: &Value, slots: &Slots, csv: &Table) -> Vec<(String, String, String)> {
    let per = slots.per();
    let mut cards = Vec::new();
    let on_duty = staff["on_duty_agent_hours_per_cycle"].as_f64().or_else(|| {
        csv.numbers("agents")
            .map(|a| a.iter().filter(|x| x.is_finite()).sum::<f64>() * slots.interval / 3600.0)
    });
    if let Some(h) = on_duty {
        let erlang: Vec<String> = [
            ("Erlang C", "erlang_c_agent_hours_per_cycle"),
            ("Erlang A", "erlang_a_agent_hours_per_cycle"),
        ]
        .iter()
        .filter_map(|(name, key)| Some(format!("{name} {}", hours_text(staff[key].as_f64()?))))
        .collect();
        cards.push((
            format!("Agent-hours a {per}"),
            hours_text(h),
            if erlang.is_empty() {
                "on duty".into()
            } else {
                erlang.join(" · ")
            },
        ));
    }
    if let Some(h) = staff["headcount"].as_f64() {
        cards.push((
            "Headcount".into(),
            grouped(h, 1),
            staff["paid_agent_hours_per_cycle"]
                .as_f64()
                .map_or("full-time agents".into(), |p| {
                    format!("{} paid agent-hours a {per}", hours_text(p))
                }),
        ));
    }
    let v = &staff["validation"];
    if let (Some(met), Some(judged)) = (v["intervals_met"].as_u64(), v["intervals_judged"].as_u64())
    {
        cards.push((
            "Intervals meeting every target".into(),
            format!("{met} of {judged}"),
            v["seed"].as_u64().map_or("on a fresh seed".into(), |s| {
                format!("on the fresh seed {s}")
            }),
        ));
    }
    let (name, _) = outcome(staff);
    let passes = staff["passes"].as_array().map_or(0, Vec::len);
    cards.push((
        "Search".into(),
        name,
        format!("{passes} pass{}", if passes == 1 { "" } else { "es" }),
    ));
    cards
}

fn agents_figure(
    staff: &Value,
    csv: &Table,
    slots: &Slots,
    pool: &str,
) -> Result<Figure, ReportError> {
    let n = csv.len();
    let column = |name: &str| csv.numbers(name).unwrap_or_else(|| vec![f64::NAN; n]);
    let step_line = |label: &str, colour, values: &[f64], dashed: bool| Line {
        dashed,
        shape: LineShape::Steps,
        ..Line::new(label, colour, slots.steps(values))
    };
    let lines = vec![
        step_line(
            "Agents on duty found by simulation",
            palette::HUMAN,
            &column("agents"),
            false,
        ),
        step_line(
            "Per-interval Erlang C",
            palette::ERLANG_C,
            &column("erlang_c_agents"),
            true,
        ),
        step_line(
            "Per-interval Erlang A",
            palette::ERLANG_A,
            &column("erlang_a_agents"),
            true,
        ),
    ];
    let absent: Vec<String> = lines[1..]
        .iter()
        .filter(|l| !l.points.iter().any(|p| p.1.is_finite()))
        .map(|l| l.label.trim_start_matches("Per-interval ").to_string())
        .collect();
    let chart = TimeChart {
        title: format!("Agents on duty needed, pool {pool}"),
        x: slots.axis(),
        y: Axis::new("Agents on duty", Unit::Agents),
        y2: None,
        lines,
        stacked: false,
        markers: Vec::new(),
    };
    let per = slots.per();
    let totals: Vec<String> = [
        ("staff", "on_duty_agent_hours_per_cycle"),
        ("Erlang C", "erlang_c_agent_hours_per_cycle"),
        ("Erlang A", "erlang_a_agent_hours_per_cycle"),
    ]
    .iter()
    .filter_map(|(name, key)| Some(format!("{} ({name})", hours_text(staff[key].as_f64()?))))
    .collect();
    let mut caption = format!(
        "Agents on duty in each {} interval of the {per}, as the search found them. Dashed: \
         what per-interval Erlang C and Erlang A would staff for the same targets on the raw \
         volume (every arrival, no AI, no repeats; the intents' share-weighted handle time and \
         patience).",
        HumanDuration(slots.interval).compact()
    );
    if !totals.is_empty() {
        caption.push_str(&format!(" Agent-hours a {per}: {}.", totals.join(", ")));
    }
    if !absent.is_empty() {
        caption.push_str(&format!(
            " No {} line: staffing.csv has no such staffing (empty where it cannot meet a \
             target within the most agents allowed; Erlang A when some intent never abandons).",
            absent.join(" or ")
        ));
    }
    Ok(Figure {
        id: "chart-staffing".into(),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&caption),
    })
}

/// The id of a target's chart: `chart-target-service-level`.
fn target_id(key: &str) -> String {
    format!("chart-target-{}", key.replace(['_', '.'], "-"))
}

fn target_figure(
    staff: &Value,
    t: &TargetDef,
    m: &Measured,
    slots: &Slots,
) -> Result<Option<Figure>, ReportError> {
    let title = title_of(&t.key);
    let xs = slots.middles();
    let mut measure = Line::new(
        format!("{title} on the fresh seed"),
        palette::HUMAN,
        xs.iter().copied().zip(m.value.iter().copied()).collect(),
    );
    // A t-interval of few replications can reach past what the measure can be (a share above
    // 100 %, a negative wait): the band stops at the measure's range.
    let (floor, ceiling) = match Unit::of_key(&t.key) {
        Unit::Share => (0.0, 1.0),
        Unit::Seconds | Unit::Count => (0.0, f64::INFINITY),
        _ => (f64::NEG_INFINITY, f64::INFINITY),
    };
    measure.band = xs
        .iter()
        .zip(m.low.iter().zip(&m.high))
        .map(|(&x, (&l, &h))| {
            if l.is_finite() && h.is_finite() {
                (x, l.max(floor), h.min(ceiling))
            } else {
                (x, f64::NAN, f64::NAN)
            }
        })
        .collect();
    if !measure.band.iter().any(|b| b.1.is_finite()) {
        measure.band.clear();
    }
    let mut lines = vec![measure];
    if let Some((_, b)) = t.bound {
        lines.push(Line {
            dashed: true,
            shape: LineShape::Steps,
            ..Line::new(
                format!("Target: {}", t.bound_text()),
                palette::BOUND,
                vec![(0.0, b), (slots.cycle / 3600.0, b)],
            )
        });
    }
    let missed = m.missed();
    let bound = t.bound.as_ref().map(|b| b.1);
    lines.push(Line {
        shape: LineShape::Dots,
        ..Line::new(
            "Target missed",
            palette::MISSED,
            missed
                .iter()
                .map(|&k| {
                    let y = Some(m.value[k])
                        .filter(|v| v.is_finite())
                        .or(bound)
                        .unwrap_or(f64::NAN);
                    (xs[k], y)
                })
                .collect(),
        )
    });
    let chart = TimeChart {
        title: format!("{title} in each interval, on the fresh seed"),
        x: slots.axis(),
        y: Axis::new(title.clone(), Unit::of_key(&t.key)),
        y2: None,
        lines,
        stacked: false,
        markers: Vec::new(),
    };
    if !chart.lines[0].points.iter().any(|p| p.1.is_finite()) {
        // No value of the measure (no column, or no contact anywhere): nothing to draw.
        return Ok(None);
    }
    let mut caption = format!(
        "{title} in each interval of the validation run ({}, one the search did not use), with \
         its 95 % confidence band over the replications.",
        seed_text(staff)
    );
    match &t.bound {
        Some(_) => caption.push_str(&format!(
            " Dashed: the target, {}, met {}.",
            t.bound_text(),
            met_by(staff)
        )),
        None => caption.push_str(" staff.json does not give the target's bound."),
    }
    if missed.is_empty() {
        caption.push_str(" Every interval meets it.");
    } else {
        caption.push_str(&format!(
            " Missed in {} interval{} (marked): {}.",
            missed.len(),
            if missed.len() == 1 { "" } else { "s" },
            missed
                .iter()
                .map(|&k| slots.labels[k].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if m.value.iter().any(|v| !v.is_finite()) {
        caption.push_str(" A gap: no contact reached the queue in the interval.");
    }
    Ok(Some(Figure {
        id: target_id(&t.key),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&caption),
    }))
}

/// The intervals that miss a target, listed; or a note that none does.
fn missed_list(page: &mut Page, targets: &[TargetDef], measured: &[Measured], slots: &Slots) {
    if targets.is_empty() {
        return;
    }
    let mut items = String::new();
    for k in 0..slots.starts.len() {
        let misses: Vec<String> = targets
            .iter()
            .zip(measured)
            .filter(|(_, m)| m.met.get(k) == Some(&Some(false)))
            .map(|(t, m)| {
                let unit = Unit::of_key(&t.key);
                format!(
                    "{} {}{}",
                    title_of(&t.key).to_lowercase(),
                    unit.value(m.value[k]),
                    match &t.bound {
                        Some(_) => format!(" (target {})", t.bound_text()),
                        None => String::new(),
                    }
                )
            })
            .collect();
        if !misses.is_empty() {
            items.push_str(&format!(
                "<li>{} — {}</li>",
                escape(&slots.labels[k]),
                escape(&misses.join("; "))
            ));
        }
    }
    if items.is_empty() {
        page.paragraph("Every interval meets every target on the fresh seed.");
    } else {
        page.subheading("Intervals that miss a target on the fresh seed");
        page.html(&format!("<ul class=\"warnings\">{items}</ul>"));
    }
}

fn summary_table(
    staff: &Value,
    slots: &Slots,
    targets: &[TargetDef],
    measured: &[Measured],
) -> HtmlTable {
    let per = slots.per();
    let mut t = HtmlTable {
        head: vec![("Measure".into(), false), ("Value".into(), true)],
        rows: Vec::new(),
    };
    let row = |label: &str, value: String, sub: Option<String>| {
        Row::Cells(vec![Cell::text(label), Cell::number(value, sub)])
    };

    t.rows.push(Row::Group("The search".into()));
    let (name, meaning) = outcome(staff);
    t.rows.push(row(
        "Outcome",
        name,
        (!meaning.is_empty()).then_some(meaning),
    ));
    if let Some(passes) = staff["passes"].as_array() {
        let mut phases: Vec<(String, usize)> = Vec::new();
        for p in passes {
            let phase = p["phase"].as_str().unwrap_or("?").to_string();
            match phases.iter_mut().find(|(k, _)| *k == phase) {
                Some((_, n)) => *n += 1,
                None => phases.push((phase, 1)),
            }
        }
        t.rows.push(row(
            "Passes",
            passes.len().to_string(),
            (!phases.is_empty()).then(|| {
                phases
                    .iter()
                    .map(|(k, n)| format!("{n} {}", phase_name(k).to_lowercase()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ));
    }
    if let Some(c) = staff["contacts_simulated"].as_f64() {
        t.rows.push(row("Contacts simulated", grouped(c, 0), None));
    }

    t.rows.push(Row::Group(format!("Agent-hours a {per}")));
    let on_duty = staff["on_duty_agent_hours_per_cycle"].as_f64();
    if let Some(h) = on_duty {
        t.rows
            .push(row("On duty, found by simulation", hours_text(h), None));
    }
    for (label, key) in [
        ("Per-interval Erlang C", "erlang_c_agent_hours_per_cycle"),
        ("Per-interval Erlang A", "erlang_a_agent_hours_per_cycle"),
    ] {
        let (value, sub) = match (staff[key].as_f64(), on_duty) {
            (Some(e), Some(h)) if h > 0.0 => (
                hours_text(e),
                Some(format!(
                    "{}{} ({:+.1} %) against the simulation's",
                    if e >= h { "+" } else { "−" },
                    hours_text((e - h).abs()),
                    100.0 * (e - h) / h
                )),
            ),
            (Some(e), _) => (hours_text(e), None),
            (None, _) => (
                "–".into(),
                Some("cannot meet a target in some interval".into()),
            ),
        };
        t.rows.push(row(label, value, sub));
    }
    if let Some(p) = staff["paid_agent_hours_per_cycle"].as_f64() {
        t.rows.push(row(
            "Paid, after shrinkage",
            hours_text((p * 10.0).round() / 10.0),
            None,
        ));
    }
    if let Some(h) = staff["headcount"].as_f64() {
        t.rows.push(row(
            "Headcount (full-time agents)",
            grouped(h, 1),
            Some("the paid hours of a week at --hours-per-week".into()),
        ));
    }

    t.rows.push(Row::Group("Fresh-seed validation".into()));
    let v = &staff["validation"];
    if let Some(seed) = v["seed"].as_u64() {
        t.rows.push(row("Seed", seed.to_string(), None));
    }
    let judged = v["intervals_judged"].as_u64();
    if let (Some(met), Some(judged)) = (v["intervals_met"].as_u64(), judged) {
        t.rows.push(row(
            "Intervals meeting every target",
            format!("{met} of {judged}"),
            Some(format!("met {}", met_by(staff))),
        ));
    }
    if let Some(c) = v["intervals_clearly_missed"].as_u64() {
        t.rows.push(row(
            "Intervals missing a target by more than its 95 % interval",
            c.to_string(),
            None,
        ));
    }
    for (target, m) in targets.iter().zip(measured) {
        let judged = m.met.iter().filter(|x| x.is_some()).count();
        let met = m.met.iter().filter(|x| **x == Some(true)).count();
        let label = format!("{} {}", title_of(&target.key), target.bound_text());
        t.rows.push(row(
            label.trim_end(),
            format!("{met} of {judged}"),
            Some("intervals meeting it".into()),
        ));
    }
    let over_run = v["over_run"].as_array().cloned().unwrap_or_default();
    if over_run.is_empty() {
        t.rows
            .push(row("Targets over the run", "none".into(), None));
    }
    for o in &over_run {
        let key = o["measure"].as_str().unwrap_or("?");
        let unit = Unit::of_key(key);
        let bound = match (o["side"].as_str(), o["bound"].as_f64()) {
            (Some(s), Some(b)) => format!(" {} {}", side_text(s), value_text(key, b)),
            _ => String::new(),
        };
        let mean = o["mean"]
            .as_f64()
            .map_or("undefined".into(), |m| unit.value(m));
        let ci = o["ci95"]
            .as_array()
            .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)))
            .map(|(lo, hi)| format!("95 % CI {} · ", unit.interval(lo, hi)))
            .unwrap_or_default();
        let met = match o["met"].as_bool() {
            Some(true) => "met",
            Some(false) => "missed",
            None => "undefined",
        };
        t.rows.push(row(
            &format!("Over the run: {}{bound}", title_of(key)),
            mean,
            Some(format!("{ci}{met}")),
        ));
    }
    t
}

/// A pass's phase as the table shows it.
fn phase_name(key: &str) -> String {
    match key {
        "feldman" => "Feldman".into(),
        "raising" => "Raising".into(),
        "lowering" => "Lowering".into(),
        other => other.into(),
    }
}

fn passes_table(staff: &Value) -> HtmlTable {
    let mut t = HtmlTable {
        head: vec![
            ("Pass".into(), false),
            ("Phase".into(), false),
            ("Agent-hours".into(), true),
            ("Failing intervals".into(), true),
            ("Changed intervals".into(), true),
            ("Contacts".into(), true),
        ],
        rows: Vec::new(),
    };
    let int = |v: &Value| v.as_f64().map_or("–".into(), |x| grouped(x, 0));
    for (i, p) in staff["passes"].as_array().into_iter().flatten().enumerate() {
        t.rows.push(Row::Cells(vec![
            Cell::text((i + 1).to_string()),
            Cell::text(phase_name(p["phase"].as_str().unwrap_or("–"))),
            Cell::number(
                p["agent_hours"].as_f64().map_or("–".into(), hours_text),
                None,
            ),
            Cell::number(int(&p["failing_intervals"]), None),
            Cell::number(int(&p["changed_intervals"]), None),
            Cell::number(int(&p["contacts"]), None),
        ]));
    }
    t
}

fn intervals_table(
    csv: &Table,
    slots: &Slots,
    targets: &[TargetDef],
    measured: &[Measured],
) -> HtmlTable {
    let mut head = vec![
        ("Interval".to_string(), false),
        ("Agents".into(), true),
        ("FTE".into(), true),
    ];
    for t in targets {
        head.push((title_of(&t.key), true));
    }
    head.push(("Erlang C".into(), true));
    head.push(("Erlang A".into(), true));
    let n = csv.len();
    let column = |name: &str| csv.numbers(name).unwrap_or_else(|| vec![f64::NAN; n]);
    let (agents, fte) = (column("agents"), column("fte"));
    let (erlang_c, erlang_a) = (column("erlang_c_agents"), column("erlang_a_agents"));
    let whole = |x: f64| grouped(x, 0);
    let mut t = HtmlTable {
        head,
        rows: Vec::new(),
    };
    for k in 0..n {
        let mut cells = vec![
            Cell::text(slots.labels[k].clone()),
            Cell::number(whole(agents[k]), None),
            Cell::number(grouped(fte[k], 1), None),
        ];
        let mut missed = false;
        for (target, m) in targets.iter().zip(measured) {
            let unit = Unit::of_key(&target.key);
            let miss = m.met[k] == Some(false);
            missed |= miss;
            let value = if m.value[k].is_finite() {
                unit.value(m.value[k])
            } else {
                "no contacts".into()
            };
            let ci = (m.low[k].is_finite() && m.high[k].is_finite())
                .then(|| unit.interval(m.low[k], m.high[k]));
            cells.push(Cell::number(
                if miss { format!("{value} ✗") } else { value },
                ci,
            ));
        }
        cells.push(Cell::number(whole(erlang_c[k]), None));
        cells.push(Cell::number(whole(erlang_a[k]), None));
        t.rows.push(if missed {
            Row::Marked(cells)
        } else {
            Row::Cells(cells)
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Table {
        Table::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn a_daily_cycle_is_read_by_the_clock_and_a_weekly_one_by_the_weekday() {
        let t = csv("interval_start,start_seconds,agents\n00:00,0,3\n12:00,43200,5\n");
        let s = Slots::of(
            &serde_json::json!({"interval_seconds": 43200.0, "cycle_seconds": 86400.0}),
            &t,
        );
        let axis = s.axis();
        assert_eq!((axis.lo, axis.hi), (0.0, 24.0));
        assert_eq!(axis.ticks.first().unwrap().1, "00:00");
        assert_eq!(axis.ticks.last().unwrap(), &(24.0, "24:00".to_string()));
        assert_eq!(s.steps(&[3.0, 5.0]), [(0.0, 3.0), (12.0, 5.0), (24.0, 5.0)]);
        assert_eq!(s.middles(), [6.0, 18.0]);
        // Without the JSON's lengths: from the CSV; without labels: from the clock.
        let t = csv(
            "start_seconds,agents\n0,1\n86400,2\n172800,3\n259200,4\n345600,5\n432000,6\n518400,7\n",
        );
        let s = Slots::of(&serde_json::json!({}), &t);
        assert_eq!((s.interval, s.cycle), (86400.0, 604_800.0));
        assert_eq!(s.labels[1], "Tue 00:00");
        assert_eq!(s.axis().ticks[2].1, "Wed 00:00");
        assert_eq!(s.per(), "week");
    }

    #[test]
    fn targets_come_from_staff_json_or_from_the_columns() {
        let t = csv(
            "interval_start,agents,fte,service_level,service_level_low,service_level_high,service_level_met,erlang_c_agents\n00:00,1,1,0.7,0.6,0.8,false,2\n",
        );
        let from_json = targets(
            &serde_json::json!({"targets": [{"measure": "service_level", "side": "min", "bound": 0.8}]}),
            &t,
        );
        assert_eq!(from_json[0].bound_text(), "at least 80 %");
        let from_csv = targets(&serde_json::json!({}), &t);
        assert_eq!(from_csv.len(), 1);
        assert_eq!(from_csv[0].key, "service_level");
        assert!(from_csv[0].bound.is_none());
        let m = Measured::of(&t, "service_level");
        assert_eq!(m.missed(), [0]);
        assert_eq!(value_text("asa_seconds", 30.0), "30s");
        assert_eq!(value_text("abandonment_rate", 0.075), "7.5 %");
    }
}
