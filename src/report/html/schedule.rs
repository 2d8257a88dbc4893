//! The report of a shift schedule (`staffsim schedule --out`): `schedule.json` and
//! `coverage.csv`.
//!
//! It answers the planner's question, which shifts to hire for and what they buy, and the
//! method's question beside it, what simulating the schedule itself (the one-step plan) saves
//! against covering a requirement interval by interval (the two-step plan). A summary sets
//! the two plans side by side (planned and simulated cost, paid agent-hours, the intervals
//! that meet every target on the fresh seed), with the two-step integer program's status,
//! bound and gap, the cut bound, and what the method guarantees. Then the agents on duty in
//! each planning period of the cycle against the requirement of its interval, both plans as
//! step lines (a plan below the requirement is not wrong: the one-step plan is judged by the
//! targets, not by the requirement); the chosen plan's shifts as bars along the day, each
//! with its breaks drawn lighter and its count on it; and the fresh-seed verdicts interval
//! by interval.
//!
//! The shifts' lengths come from `schedule.json`'s `templates`; a file written before it had
//! them still makes a report, with the shifts listed but not drawn.

use std::path::Path;

use serde_json::Value;

use super::chart::{Axis, Gantt, GanttRow, Line, LineShape, TimeChart};
use super::data::{Table, read_json};
use super::format::{Unit, grouped};
use super::page::{Cell, Figure, Page, Row, Table as HtmlTable, escape};
use super::staff::{cycle_axis, day_axis};
use super::{Built, ReportError, palette, title_of};
use crate::units::{DAY, HumanDuration, parse_duration};

/// The files the report reads.
struct Inputs {
    /// `schedule.json`, an object with a `two_step` plan.
    json: Value,
    /// `coverage.csv`.
    csv: Table,
}

fn read(dir: &Path) -> anyhow::Result<Inputs> {
    let path = dir.join("schedule.json");
    let json = read_json(&path)?;
    if !json["two_step"].is_object() {
        anyhow::bail!(
            "{} is not the schedule.json of `staffsim schedule --out`: expected a JSON object \
             with a `two_step` plan",
            path.display()
        );
    }
    Ok(Inputs {
        json,
        csv: Table::read(&dir.join("coverage.csv"))?,
    })
}

/// One of the two plans of `schedule.json`.
struct Plan<'a> {
    /// The plan's key in `schedule.json` and its prefix in `coverage.csv`: `two_step`.
    key: &'static str,
    /// Its name in a sentence: "two-step".
    name: &'static str,
    /// Its object in `schedule.json`.
    json: &'a Value,
    /// Its colour on the charts.
    colour: plotters::style::RGBColor,
}

/// The plans `schedule.json` holds: the two-step plan, then the one-step plan if the search
/// found one.
fn plans(json: &Value) -> Vec<Plan<'_>> {
    let mut plans = vec![Plan {
        key: "two_step",
        name: "two-step",
        json: &json["two_step"],
        colour: palette::TWO_STEP,
    }];
    if json["one_step"].is_object() {
        plans.push(Plan {
            key: "one_step",
            name: "one-step",
            json: &json["one_step"],
            colour: palette::ONE_STEP,
        });
    }
    plans
}

/// A template's length and its breaks' lengths, seconds, from `schedule.json`'s `templates`.
struct Template {
    name: String,
    length: f64,
    breaks: Vec<(f64, bool)>,
}

fn templates(json: &Value) -> Option<Vec<Template>> {
    json["templates"].as_array().map(|ts| {
        ts.iter()
            .map(|t| Template {
                name: t["name"].as_str().unwrap_or_default().to_string(),
                length: t["length_seconds"].as_f64().unwrap_or(0.0),
                breaks: t["breaks"]
                    .as_array()
                    .map(|bs| {
                        bs.iter()
                            .map(|b| {
                                (
                                    b["length_seconds"].as_f64().unwrap_or(0.0),
                                    b["paid"].as_bool().unwrap_or(false),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    })
}

/// A shift row of a plan's `shifts`: the template, its start and break starts in seconds
/// (the start from midnight, each break from the start), its days and its count.
struct ShiftRow {
    shift: String,
    start: f64,
    breaks: Vec<f64>,
    days: String,
    count: u64,
}

fn shift_rows(plan: &Value) -> Vec<ShiftRow> {
    let seconds = |s: &str| parse_duration(s.trim()).unwrap_or(f64::NAN);
    plan["shifts"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| ShiftRow {
                    shift: r["shift"].as_str().unwrap_or_default().to_string(),
                    start: seconds(r["start"].as_str().unwrap_or_default()),
                    breaks: r["breaks"]
                        .as_str()
                        .unwrap_or_default()
                        .split(';')
                        .filter(|b| !b.trim().is_empty())
                        .map(seconds)
                        .collect(),
                    days: r["days"].as_str().unwrap_or_default().to_string(),
                    count: r["count"].as_u64().unwrap_or(0),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The figures of `schedule.json`'s cycle: interval, period and cycle lengths, seconds.
struct Grid {
    interval: f64,
    period: f64,
    cycle: f64,
}

impl Grid {
    fn of(json: &Value) -> Grid {
        let positive = |key: &str| json[key].as_f64().filter(|x| *x > 0.0);
        let interval = positive("interval_seconds").unwrap_or(3600.0);
        Grid {
            interval,
            period: positive("period_seconds").unwrap_or(interval),
            cycle: positive("cycle_seconds").unwrap_or(DAY),
        }
    }

    /// "day" or "week".
    fn per(&self) -> &'static str {
        if self.cycle > DAY * (1.0 + 1e-9) {
            "week"
        } else {
            "day"
        }
    }
}

/// The numbers of a JSON array (`NaN` where one is not a number).
fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect())
        .unwrap_or_default()
}

/// A step line of one value per slot `width` seconds long from the cycle's start, in hours:
/// the slots' starts, then the last slot's end.
fn steps(values: &[f64], width: f64) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(k, &v)| (k as f64 * width / 3600.0, v))
        .collect();
    if let Some(&v) = values.last() {
        points.push((values.len() as f64 * width / 3600.0, v));
    }
    points
}

/// Money per cycle: whole units grouped, "21,456".
fn money(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| {
        grouped(x, if x.fract() == 0.0 { 0 } else { 2 })
    })
}

/// "16 of 17" intervals, from a plan's `intervals_met` and `intervals_judged`.
fn met_text(plan: &Value) -> String {
    match (
        plan["intervals_met"].as_u64(),
        plan["intervals_judged"].as_u64(),
    ) {
        (Some(m), Some(j)) => format!("{m} of {j}"),
        _ => "–".into(),
    }
}

/// The per-interval targets of `coverage.csv`: the keys `k` of its `two_step_k_met` columns.
fn target_keys(csv: &Table) -> Vec<String> {
    csv.header
        .iter()
        .filter_map(|h| h.strip_prefix("two_step_")?.strip_suffix("_met"))
        .map(str::to_string)
        .collect()
}

/// Builds the report of the schedule in `dir`.
pub(super) fn build(dir: &Path) -> Result<Built, ReportError> {
    let Inputs { json, csv } = read(dir).map_err(ReportError::Input)?;
    let name = json["scenario"].as_str().unwrap_or("staffsim schedule");
    let pool = json["pool"].as_str().unwrap_or("the pool");
    let grid = Grid::of(&json);
    let plans = plans(&json);
    let chosen = plans.last().expect("the two-step plan is always there");
    let per = grid.per();
    let met_by = json["met_by"].as_str().unwrap_or("by the scenario's rule");

    let meta = [
        "Schedule report from <code>schedule.json</code> and <code>coverage.csv</code>".to_string(),
        format!("pool {}", escape(pool)),
        format!(
            "{} intervals of {}, periods of {}, a {per} cycle",
            json["requirement"].as_array().map_or(0, Vec::len),
            HumanDuration(grid.interval).compact(),
            HumanDuration(grid.period).compact()
        ),
        format!("targets met {}", escape(met_by)),
        format!(
            "fresh seed {}, {} replications",
            json["validation_seed"], json["validation_replications"]
        ),
    ];
    let mut page = Page::new("staffsim · schedule report", name, &meta.join(" · "));
    let mut figures = Vec::new();
    page.cards(&cards(&json, &plans, per));

    // The summary: the plans side by side, the programs' bounds, the guarantees.
    page.section("summary", "Summary");
    page.paragraph(&format!(
        "The two-step plan covers a requirement of agents on duty ({} requirement) in every \
         planning period at least cost; the one-step plan searches the shifts against the \
         simulation itself, from the two-step plan, with cutting planes and then a descent. \
         Both are checked on a fresh seed ({} replications of seed {}). {}",
        json["requirement_source"].as_str().unwrap_or("simulated"),
        json["validation_replications"],
        json["validation_seed"],
        if plans.len() > 1 {
            "The one-step plan is the one chosen (schedule.csv, scheduled.toml)."
        } else {
            "No one-step plan met every target on the search seed: the two-step plan is the one \
             written, for reference."
        }
    ));
    page.table(&summary_table(&plans, per), "summary");
    page.paragraph(&programs_text(&json));
    page.subheading("What the method guarantees");
    page.paragraph(GUARANTEES);

    // Coverage against the requirement.
    page.section("coverage", "Coverage against requirement");
    let f = coverage_figure(&json, &plans, &grid, pool)?;
    page.figure(&f);
    figures.push(f);

    // The chosen plan's shifts.
    page.section("shifts", "The shifts");
    let rows = shift_rows(chosen.json);
    match templates(&json) {
        Some(ts) if !rows.is_empty() => {
            let f = shifts_figure(&rows, &ts, chosen, pool)?;
            page.figure(&f);
            figures.push(f);
        }
        Some(_) => page.note("The plan has no shift: there is nothing to draw."),
        None => page.note(
            "schedule.json has no templates (it was written by an older staffsim): the shifts \
             are listed but not drawn.",
        ),
    }
    page.table(&shifts_table(&rows), "shifts");

    // Interval by interval.
    page.section("intervals", "Interval by interval");
    let keys = target_keys(&csv);
    page.paragraph(&format!(
        "The requirement of each interval, each plan's agents on duty (the mean over the \
         interval's planning periods, the fewest below), and each per-interval target on the \
         fresh seed with its 95 % interval; ✗ marks a miss (targets met {}). Marked rows miss \
         a target with the {} plan.",
        met_by, chosen.name
    ));
    page.table(&intervals_table(&csv, &plans, &keys), "intervals");

    let footer = Page::search_footer(
        "schedule",
        "The charts are also in <code>plots/</code> as SVG files.",
    );
    Ok(Built {
        html: page.finish(&footer),
        figures,
    })
}

/// Headline numbers: the plan chosen, its cost against the two-step plan's, its paid hours,
/// the intervals it meets on the fresh seed.
fn cards(json: &Value, plans: &[Plan], per: &str) -> Vec<(String, String, String)> {
    let chosen = plans.last().expect("the two-step plan is always there");
    let two = &plans[0];
    let cost = |p: &Plan| p.json["planned_cost_per_cycle"].as_f64();
    let mut cards = vec![(
        "Plan chosen".to_string(),
        chosen.name.to_string(),
        if plans.len() > 1 {
            "met every target on the search seed".to_string()
        } else {
            "no one-step plan met every target".to_string()
        },
    )];
    let saving = match (cost(chosen), cost(two)) {
        (Some(c), Some(t)) if plans.len() > 1 && c == t => "the same as the two-step plan".into(),
        (Some(c), Some(t)) if plans.len() > 1 && t > 0.0 => {
            format!("{:.1} % below the two-step plan", 100.0 * (t - c) / t)
        }
        _ => format!("{} cycle", per),
    };
    cards.push((format!("Planned cost a {per}"), money(cost(chosen)), saving));
    cards.push((
        format!("Paid agent-hours a {per}"),
        chosen.json["paid_agent_hours_per_cycle"]
            .as_f64()
            .map_or("–".into(), |h| grouped(h, 1)),
        format!("{} plan, simulated", chosen.name),
    ));
    cards.push((
        "Intervals meeting every target".to_string(),
        met_text(chosen.json),
        format!("on the fresh seed (seed {})", json["validation_seed"]),
    ));
    cards
}

/// The plans side by side: costs, paid hours, agents, the fresh-seed verdicts, the targets
/// over the run.
fn summary_table(plans: &[Plan], per: &str) -> HtmlTable {
    let mut head = vec![(String::new(), false)];
    head.extend(
        plans
            .iter()
            .map(|p| (format!("{} plan", capital(p.name)), true)),
    );
    let mut rows = Vec::new();
    let mut row = |label: String, cell: &dyn Fn(&Value) -> Cell| {
        let mut cells = vec![Cell::text(label)];
        cells.extend(plans.iter().map(|p| cell(p.json)));
        rows.push(Row::Cells(cells));
    };
    row(
        format!("Planned cost per {per}"),
        &money_cell("planned_cost_per_cycle"),
    );
    row(
        format!("Simulated cost per {per} (with overrun)"),
        &money_cell("simulated_cost_per_cycle"),
    );
    row(format!("Paid agent-hours per {per}"), &|p| {
        Cell::number(
            p["paid_agent_hours_per_cycle"]
                .as_f64()
                .map_or("–".into(), |h| grouped(h, 1)),
            Some("simulated".into()),
        )
    });
    row("Agents (shifts × count)".into(), &|p| {
        let agents: u64 = shift_rows(p).iter().map(|r| r.count).sum();
        Cell::number(
            grouped(agents as f64, 0),
            Some(format!("{} shift rows", shift_rows(p).len())),
        )
    });
    row("Intervals meeting every target".into(), &|p| {
        Cell::number(met_text(p), Some("on the fresh seed".into()))
    });
    row("Every target met on the search seed".into(), &|p| {
        Cell::number(
            match p["met_on_search_seed"].as_bool() {
                Some(true) => "yes",
                Some(false) => "no ✗",
                None => "–",
            },
            None,
        )
    });
    // The targets over the run, on the fresh seed.
    let over_run = |p: &Value| p["over_run"].as_array().cloned().unwrap_or_default();
    for (i, t) in over_run(plans[0].json).iter().enumerate() {
        let key = t["measure"].as_str().unwrap_or_default().to_string();
        let unit = Unit::of_key(&key);
        row(
            format!(
                "{} over the run ({} {})",
                title_of(&key),
                if t["side"] == "max" {
                    "at most"
                } else {
                    "at least"
                },
                t["bound"].as_f64().map_or("–".into(), |b| unit.value(b))
            ),
            &|p| {
                let v = over_run(p).get(i).cloned().unwrap_or(Value::Null);
                let mark = if v["met"] == false { " ✗" } else { "" };
                let ci = v["ci95"]
                    .as_array()
                    .and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
                Cell::number(
                    format!(
                        "{}{mark}",
                        v["mean"].as_f64().map_or("–".into(), |m| unit.value(m))
                    ),
                    ci.map(|(lo, hi)| format!("95 % CI {}", unit.interval(lo, hi))),
                )
            },
        );
    }
    HtmlTable { head, rows }
}

/// A number cell of a plan's money figure `key`.
fn money_cell(key: &'static str) -> impl Fn(&Value) -> Cell {
    move |p| Cell::number(money(p[key].as_f64()), None)
}

/// "Two-step" from "two-step".
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The two-step integer program's status, bound and gap, and the cutting planes' cuts and
/// bound, in two sentences.
fn programs_text(json: &Value) -> String {
    let ip = &json["two_step_integer_program"];
    let cp = &json["cutting_planes"];
    let num = |v: &Value| money(v.as_f64());
    let mut s = format!(
        "The two-step plan's integer program ({} shifts allowed): {}, cost {}, bound {} (its \
         LP relaxation {}), gap {}.",
        json["columns"],
        ip["status"].as_str().unwrap_or("–"),
        num(&ip["cost"]),
        num(&ip["bound"]),
        num(&ip["lp_bound"]),
        ip["gap"]
            .as_f64()
            .map_or("–".into(), |g| format!("{:.2} %", 100.0 * g))
    );
    if json["one_step"].is_object() || cp.is_object() {
        s.push_str(&format!(
            " The cutting planes: {} cuts in the last program, {}; cut bound {} (a lower bound \
             only within the trust region and where the targets are concave in staffing).",
            cp["cuts"],
            if cp["converged"] == true {
                "converged (the program's answer met every target)"
            } else {
                "stopped before the program's answer met every target"
            },
            num(&cp["cut_bound"])
        ));
    }
    s
}

/// What the method guarantees (the guide's section, in one paragraph).
const GUARANTEES: &str = "Both plans are simulated on a fresh seed and reported there, target by \
     target with its 95 % interval: a plan is never said to meet a target on the days it was \
     found on alone. The one-step plan met every target on the search seed, and is never dearer \
     than the two-step plan when the two-step plan met them there (it starts as the incumbent). \
     The two-step program's bound is a proof for the covering problem; the cut bound is a lower \
     bound on the cost of a schedule meeting the targets on the search seed only within the \
     trust region and where the targets are concave in staffing: a guide, not a proof. A plan \
     that holds on the search days may miss by a little on fresh ones; judging targets with \
     confidence (with_confidence in [targets]) makes what is found hold with a margin.";

fn coverage_figure(
    json: &Value,
    plans: &[Plan],
    grid: &Grid,
    pool: &str,
) -> Result<Figure, ReportError> {
    let mut requirement = Line {
        dashed: true,
        shape: LineShape::Steps,
        ..Line::new(
            "Requirement per interval",
            palette::REQUIREMENT,
            steps(&numbers(&json["requirement"]), grid.interval),
        )
    };
    requirement.label = format!(
        "Requirement per interval ({})",
        json["requirement_source"].as_str().unwrap_or("simulated")
    );
    let mut lines = vec![requirement];
    lines.extend(plans.iter().map(|p| Line {
        shape: LineShape::Steps,
        ..Line::new(
            format!("{} plan on duty", capital(p.name)),
            p.colour,
            steps(&numbers(&p.json["on_duty"]), grid.period),
        )
    }));
    let chart = TimeChart {
        title: format!("Agents on duty against the requirement, pool {pool}"),
        x: cycle_axis(grid.cycle),
        y: Axis::new("Agents on duty", Unit::Agents),
        y2: None,
        lines,
        stacked: false,
        markers: Vec::new(),
    };
    let caption = format!(
        "Agents on the floor in each {} planning period of the {} (breaks taken out), for each \
         plan, against the agents on duty the two-step method asks of each {} interval \
         (dashed). The two-step plan covers the requirement in every period; the one-step plan \
         may go below it where the simulation shows the targets still hold, and above it \
         where they do not.",
        HumanDuration(grid.period).compact(),
        grid.per(),
        HumanDuration(grid.interval).compact()
    );
    Ok(Figure {
        id: "chart-coverage".into(),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&caption),
    })
}

/// A clock time from seconds after midnight: "06:30" (a start past midnight reads as the
/// next day's clock).
fn clock_text(seconds: f64) -> String {
    super::super::interval_label(seconds.rem_euclid(DAY), false)
}

fn shifts_figure(
    rows: &[ShiftRow],
    templates: &[Template],
    chosen: &Plan,
    pool: &str,
) -> Result<Figure, ReportError> {
    let mut end_hours: f64 = 24.0;
    let mut unknown = Vec::new();
    let bars: Vec<GanttRow> = rows
        .iter()
        .map(|r| {
            let t = templates.iter().find(|t| t.name == r.shift);
            if t.is_none() && !unknown.contains(&r.shift) {
                unknown.push(r.shift.clone());
            }
            let (length, breaks) = t.map_or((0.0, &[][..]), |t| (t.length, &t.breaks[..]));
            let mut parts = Vec::new();
            let mut at = r.start;
            for (&offset, &(len, paid)) in r.breaks.iter().zip(breaks) {
                let from = r.start + offset;
                if from > at {
                    parts.push((at / 3600.0, from / 3600.0, true));
                }
                parts.push((from / 3600.0, (from + len) / 3600.0, paid));
                at = from + len;
            }
            let end = r.start + length;
            if end > at {
                parts.push((at / 3600.0, end / 3600.0, true));
            }
            parts.retain(|p| p.0.is_finite() && p.1.is_finite());
            end_hours = end_hours.max(end / 3600.0);
            let mut tag = format!("×{}", r.count);
            if r.days != "mon-sun" && !r.days.is_empty() {
                tag.push_str(&format!(" {}", r.days));
            }
            GanttRow {
                label: format!("{} {}", r.shift, clock_text(r.start)),
                tag,
                parts,
            }
        })
        .collect();
    let chart = Gantt {
        title: format!("The shifts of the {} plan, pool {pool}", chosen.name),
        x: day_axis(end_hours.ceil()),
        rows: bars,
        colour: chosen.colour,
        legend: ("On the floor".into(), "Unpaid break".into()),
    };
    let mut caption = format!(
        "One bar per shift row of the {} plan (schedule.csv), from its start to its end, its \
         breaks lighter, the agents on it written at its start (and the days, when not every \
         day). Paid breaks are drawn like time on the floor.",
        chosen.name
    );
    if !unknown.is_empty() {
        caption.push_str(&format!(
            " No template {} in schedule.json: those rows have no bar.",
            unknown.join(", ")
        ));
    }
    Ok(Figure {
        id: "chart-shifts".into(),
        title: chart.title.clone(),
        svg: chart.svg().map_err(ReportError::Output)?,
        caption: escape(&caption),
    })
}

fn shifts_table(rows: &[ShiftRow]) -> HtmlTable {
    let head = vec![
        ("Shift".to_string(), false),
        ("Start".to_string(), true),
        ("Breaks after the start".to_string(), true),
        ("Days".to_string(), false),
        ("Agents".to_string(), true),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            Row::Cells(vec![
                Cell::text(r.shift.clone()),
                Cell::number(clock_text(r.start), None),
                Cell::number(
                    if r.breaks.is_empty() {
                        "–".into()
                    } else {
                        r.breaks
                            .iter()
                            .map(|&b| HumanDuration(b).compact())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    None,
                ),
                Cell::text(r.days.clone()),
                Cell::number(r.count.to_string(), None),
            ])
        })
        .collect();
    HtmlTable { head, rows }
}

fn intervals_table(csv: &Table, plans: &[Plan], keys: &[String]) -> HtmlTable {
    let mut head = vec![
        ("Interval".to_string(), false),
        ("Required".to_string(), true),
    ];
    head.extend(
        plans
            .iter()
            .map(|p| (format!("{}: on duty", capital(p.name)), true)),
    );
    for k in keys {
        for p in plans {
            head.push((format!("{}: {}", capital(p.name), title_of(k)), true));
        }
    }
    let n = csv.len();
    let column = |name: &str| csv.numbers(name).unwrap_or_else(|| vec![f64::NAN; n]);
    let texts = |name: &str| {
        csv.texts(name)
            .map(|t| t.iter().map(|s| s.to_string()).collect())
            .unwrap_or_else(|| vec![String::new(); n])
    };
    let labels = texts("interval_start");
    let required = column("required");
    let on_duty: Vec<(Vec<f64>, Vec<f64>)> = plans
        .iter()
        .map(|p| {
            (
                column(&format!("{}_on_duty", p.key)),
                column(&format!("{}_on_duty_fewest", p.key)),
            )
        })
        .collect();
    let chosen = plans.len() - 1;
    let mut rows = Vec::new();
    for i in 0..n {
        let mut cells = vec![
            Cell::text(labels[i].clone()),
            Cell::number(
                if required[i].is_finite() {
                    format!("{}", required[i])
                } else {
                    "–".into()
                },
                None,
            ),
        ];
        for (mean, fewest) in &on_duty {
            cells.push(Cell::number(
                if mean[i].is_finite() {
                    format!("{:.1}", mean[i])
                } else {
                    "–".into()
                },
                fewest[i]
                    .is_finite()
                    .then(|| format!("fewest {}", fewest[i])),
            ));
        }
        let mut missed = false;
        for k in keys {
            let unit = Unit::of_key(k);
            for (j, p) in plans.iter().enumerate() {
                let col = |suffix: &str| column(&format!("{}_{k}{suffix}", p.key))[i];
                let met = texts(&format!("{}_{k}_met", p.key))[i].to_ascii_lowercase();
                let miss = met == "false";
                missed |= miss && j == chosen;
                let (v, lo, hi) = (col(""), col("_low"), col("_high"));
                cells.push(Cell::number(
                    if v.is_finite() {
                        format!("{}{}", unit.value(v), if miss { " ✗" } else { "" })
                    } else {
                        "no contacts".into()
                    },
                    (lo.is_finite() && hi.is_finite())
                        .then(|| format!("95 % CI {}", unit.interval(lo, hi))),
                ));
            }
        }
        rows.push(if missed {
            Row::Marked(cells)
        } else {
            Row::Cells(cells)
        });
    }
    HtmlTable { head, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_line_ends_at_the_last_slot_and_targets_come_from_the_met_columns() {
        assert_eq!(
            steps(&[1.0, 3.0], 1800.0),
            vec![(0.0, 1.0), (0.5, 3.0), (1.0, 3.0)]
        );
        let csv = Table::parse(
            b"interval_start,required,two_step_on_duty,two_step_service_level,\
              two_step_service_level_met,two_step_asa_seconds_met,one_step_service_level_met\n\
              09:00,3,4,0.9,true,true,false\n",
        )
        .unwrap();
        assert_eq!(target_keys(&csv), ["service_level", "asa_seconds"]);
    }
}
