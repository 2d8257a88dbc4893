//! The report of a sweep: `manifest.json`, `results.csv`, `pareto.csv` and `differences.csv`.
//!
//! It answers the sweep's question, what each level of quality costs: a scatter of every
//! point's cost against its quality with the Pareto frontier drawn and numbered, a heat map
//! of one measure over the first two axes, the frontier's table (with each point's paired
//! difference from the baseline), and a table of every point. The measures of the frontier
//! are the ones the sweep recorded in its manifest. A Latin hypercube has no grid to map:
//! its report shows instead, from `sensitivity.csv`, which settings move the key measures
//! (the standardised rank regression coefficients, ranked, with their intervals).

use std::path::Path;

use serde_json::Value;

use super::chart::{Axis, Group, Heatmap, Point, Scatter};
use super::data::{Table, number, read_json};
use super::format::{Unit, telling_apart};
use super::page::{Cell, Figure, Page, Row, Table as HtmlTable, escape};
use super::{Built, ReportError, title_of};
use crate::metrics::Measure;

struct Inputs {
    manifest: Value,
    results: Table,
    pareto: Table,
    differences: Table,
    /// `sensitivity.csv`, for a Latin hypercube.
    sensitivity: Option<Table>,
}

fn read(dir: &Path) -> anyhow::Result<Inputs> {
    let manifest = read_json(&dir.join("manifest.json"))?;
    Ok(Inputs {
        manifest,
        results: Table::read(&dir.join("results.csv"))?,
        pareto: Table::read(&dir.join("pareto.csv"))?,
        differences: Table::read(&dir.join("differences.csv"))?,
        sensitivity: if super::data::has(dir, "sensitivity.csv") {
            Some(Table::read(&dir.join("sensitivity.csv"))?)
        } else {
            None
        },
    })
}

/// The settings columns of results.csv: after `point`, up to `replications` or the first
/// measure.
fn axis_columns(t: &Table) -> Vec<String> {
    t.header
        .iter()
        .skip_while(|h| *h != "point")
        .skip(1)
        .take_while(|h| *h != "replications" && !h.ends_with("_mean"))
        .cloned()
        .collect()
}

/// Keys of the measures in results.csv (columns `<key>_mean`).
fn measures(t: &Table) -> Vec<String> {
    t.header
        .iter()
        .filter_map(|h| h.strip_suffix("_mean"))
        .map(str::to_string)
        .collect()
}

fn direction(key: &str) -> Option<bool> {
    Measure::from_key(key.split('.').next().unwrap_or(key)).and_then(Measure::higher_is_better)
}

fn direction_text(key: &str) -> &'static str {
    match direction(key) {
        Some(true) => "higher is better",
        Some(false) => "lower is better",
        None => "",
    }
}

/// A row's mean and interval of `key`.
fn est(
    t: &Table,
    row: usize,
    key: &str,
    suffix_low: &str,
    suffix_high: &str,
) -> (f64, Option<(f64, f64)>) {
    let cell = |name: String| {
        t.column(&name)
            .map_or(f64::NAN, |c| number(&t.rows[row][c]))
    };
    let mean = cell(format!("{key}_mean"));
    let (lo, hi) = (
        cell(format!("{key}{suffix_low}")),
        cell(format!("{key}{suffix_high}")),
    );
    (mean, (lo.is_finite() && hi.is_finite()).then_some((lo, hi)))
}

fn ci_text(unit: Unit, ci: Option<(f64, f64)>) -> Option<String> {
    ci.map(|(lo, hi)| unit.interval(lo, hi))
}

/// Builds the report of the sweep in `dir`; `heatmap` names the heat map's measure.
pub(super) fn build(dir: &Path, heatmap: Option<&str>) -> Result<Built, ReportError> {
    let inputs = read(dir).map_err(ReportError::Input)?;
    let m = &inputs.manifest;
    let results = &inputs.results;
    let available = measures(results);
    let pick = |key: Option<&str>, fallback: &str| -> String {
        key.filter(|k| available.iter().any(|a| a == k))
            .map(str::to_string)
            .or_else(|| available.iter().find(|a| *a == fallback).cloned())
            .or_else(|| available.first().cloned())
            .unwrap_or_else(|| fallback.to_string())
    };
    let cost = pick(m["cost"].as_str(), "cost_total");
    let quality = pick(m["quality"].as_str(), "csat_survey");
    let heat_key = match heatmap {
        Some(h) => {
            let key = h.strip_suffix("_mean").unwrap_or(h);
            if !available.iter().any(|a| a == key) {
                return Err(ReportError::Input(anyhow::anyhow!(
                    "--heatmap {h}: results.csv has no column {key}_mean; expected one of {}",
                    available.join(", ")
                )));
            }
            key.to_string()
        }
        None => quality.clone(),
    };
    let axes = axis_columns(results);
    let points: Vec<usize> = results
        .numbers("point")
        .unwrap_or_default()
        .iter()
        .map(|p| {
            if p.is_finite() {
                *p as usize
            } else {
                usize::MAX
            }
        })
        .collect();
    let frontier: Vec<usize> = inputs
        .pareto
        .numbers("point")
        .unwrap_or_default()
        .iter()
        .filter(|p| p.is_finite())
        .map(|p| *p as usize)
        .collect();
    let reps = m["replications"]
        .as_u64()
        .map_or("replications".to_string(), |n| format!("{n} replications"));
    let crn = !m["independent_streams"].as_bool().unwrap_or(false);
    let baseline = m["baseline"].as_u64().unwrap_or(0) as usize;
    let scenario_file = m["scenario_file"].as_str().unwrap_or("sweep");

    let meta = format!(
        "Sweep report from <code>manifest.json</code>, <code>results.csv</code>, \
         <code>pareto.csv</code>, <code>differences.csv</code> · {} points · {} per point{}",
        results.len(),
        escape(&reps),
        if crn { " · common random numbers" } else { "" }
    );
    let mut page = Page::new("staffsim · sweep report", scenario_file, &meta);
    let mut figures = Vec::new();

    // The best point on each side of the frontier, as headline numbers.
    let (cost_unit, quality_unit) = (Unit::of_key(&cost), Unit::of_key(&quality));
    let mut cards = vec![
        (
            "Points".to_string(),
            results.len().to_string(),
            format!("{} axes", axes.len()),
        ),
        (
            "On the frontier".to_string(),
            frontier.len().to_string(),
            format!(
                "{} against {}",
                title_of(&cost),
                title_of(&quality).to_lowercase()
            ),
        ),
    ];
    let row_of = |p: usize| points.iter().position(|&q| q == p);
    if let (Some(&cheap), Some(&best)) = (frontier.first(), frontier.last()) {
        for (label, p) in [
            ("Cheapest on the frontier", cheap),
            ("Best quality on the frontier", best),
        ] {
            if let Some(r) = row_of(p) {
                let (c, _) = est(results, r, &cost, "_ci_low", "_ci_high");
                let (q, _) = est(results, r, &quality, "_ci_low", "_ci_high");
                cards.push((
                    label.to_string(),
                    format!("#{p}"),
                    format!("{} · {}", cost_unit.value(c), quality_unit.value(q)),
                ));
            }
        }
    }
    page.cards(&cards);

    page.section("sweep", "Sweep");
    page.settings(&settings(m, &cost, &quality));
    if let Some(spec_axes) = m["sweep"]["axes"].as_array() {
        let mut t = HtmlTable {
            head: vec![
                ("Axis (key path)".into(), false),
                ("Values".into(), false),
                ("Also set".into(), false),
            ],
            rows: Vec::new(),
        };
        let samples = m["sweep"]["lhs"]["samples"].as_u64();
        for a in spec_axes {
            let range = &a["range"];
            let sampled = range.is_object().then(|| {
                format!(
                    "{} to {}{}{}{}",
                    range["from"]
                        .as_f64()
                        .map_or("–".into(), |x| format!("{x}")),
                    range["to"].as_f64().map_or("–".into(), |x| format!("{x}")),
                    range["unit"].as_str().unwrap_or(""),
                    if range["scale"].as_str() == Some("log") {
                        ", evenly in the logarithm"
                    } else {
                        ""
                    },
                    if range["integer"].as_bool() == Some(true) {
                        ", whole numbers"
                    } else {
                        ""
                    }
                ) + &samples.map_or(String::new(), |n| format!(" · {n} samples"))
            });
            let values = sampled.unwrap_or_else(|| {
                a["values"]
                    .as_array()
                    .map(|v| v.iter().map(setting).collect::<Vec<_>>().join(", "))
                    .unwrap_or_else(|| {
                        ["from", "to", "step"]
                            .iter()
                            .filter_map(|k| a.get(k).map(|v| format!("{k} {}", setting(v))))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
            });
            let also = a["also"]
                .as_array()
                .map(|v| v.iter().map(setting).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            t.rows.push(Row::Cells(vec![
                Cell::text(setting(&a["path"])),
                Cell::text(values),
                Cell::text(also),
            ]));
        }
        page.table(&t, "axes");
    }

    // Frontier scatter.
    page.section("frontier", "Cost–quality frontier");
    let mut on = Vec::new();
    let mut off = Vec::new();
    for (r, &p) in points.iter().enumerate() {
        let (x, x_ci) = est(results, r, &cost, "_ci_low", "_ci_high");
        let (y, y_ci) = est(results, r, &quality, "_ci_low", "_ci_high");
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let point = Point {
            x,
            y,
            x_ci,
            y_ci,
            tag: frontier.contains(&p).then(|| format!("#{p}")),
        };
        if frontier.contains(&p) {
            on.push(point);
        } else {
            off.push(point);
        }
    }
    let mut y_axis = Axis::new(title_of(&quality), quality_unit);
    let dir_text = direction_text(&quality);
    if !dir_text.is_empty() {
        y_axis.title = format!(
            "{} {}, {dir_text}",
            title_of(&quality),
            quality_unit.suffix()
        )
        .replace("  ", " ");
    }
    y_axis.from_zero = false;
    let mut x_axis = Axis::new(title_of(&cost), cost_unit);
    x_axis.from_zero = false;
    let scatter = Scatter {
        title: format!(
            "{} against {}",
            title_of(&quality),
            title_of(&cost).to_lowercase()
        ),
        x: x_axis,
        y: y_axis,
        groups: vec![
            Group {
                label: "Other points".into(),
                colour: super::palette::DOMINATED,
                points: off,
                join: false,
            },
            Group {
                label: "Pareto frontier (numbered)".into(),
                colour: super::palette::FRONTIER,
                points: on,
                join: true,
            },
        ],
    };
    let f = Figure {
        id: "chart-frontier".into(),
        title: scatter.title.clone(),
        svg: scatter.svg().map_err(ReportError::Output)?,
        caption: escape(&format!(
            "Every point of the sweep: mean {} against mean {} over {reps}. The frontier joins \
             the points that no other point beats on both (cheaper and at least as good, or \
             better and no dearer); their numbers are the point numbers of the tables below. \
             Whiskers: 95 % confidence intervals.",
            title_of(&cost).to_lowercase(),
            title_of(&quality).to_lowercase()
        )),
    };
    page.figure(&f);
    figures.push(f);

    // Frontier table.
    page.subheading("Points on the frontier, cheapest first");
    page.table(
        &frontier_table(&inputs, &axes, &frontier, &cost, &quality, baseline),
        "frontier",
    );

    // Heat map.
    page.section("heatmap", "Heat map");
    let mode = m["sweep"]["mode"].as_str().unwrap_or("grid");
    if m["sweep"]["lhs"].is_object() {
        page.note(
            "The points of a Latin hypercube are scattered over the ranges, not on a grid of \
             two axes: see the sensitivity below for what each setting does.",
        );
    } else if mode == "zip" {
        page.note(
            "The sweep's axes are zipped (they move together), so there is no grid of two \
             axes to map: see the tables instead.",
        );
    } else if axes.len() < 2 {
        page.note("The sweep has one axis: a heat map needs two. The scatter and the tables show every point.");
    } else {
        let (chart, note) = heatmap_chart(results, &axes, &points, &heat_key, baseline);
        if let Some(n) = note {
            page.note(&n);
        }
        let f = Figure {
            id: "chart-heatmap".into(),
            title: chart.title.clone(),
            svg: chart.svg().map_err(ReportError::Output)?,
            caption: format!(
                "{} Choose another measure with <code>staffsim report DIR --heatmap \
                 MEASURE</code>.",
                escape(&format!(
                    "Mean {} at each pair of settings of the first two axes, over {reps}. {}",
                    title_of(&heat_key).to_lowercase(),
                    match direction(&heat_key) {
                        Some(true) => "The brighter the cell, the better (higher).",
                        Some(false) => "The brighter the cell, the better (lower).",
                        None => "The brighter the cell, the more.",
                    }
                ))
            ),
        };
        page.figure(&f);
        figures.push(f);
    }

    if let Some(t) = &inputs.sensitivity {
        page.section("sensitivity", "Sensitivity");
        page.paragraph(
            "For each measure, the standardised rank regression coefficient (SRRC) of each \
             setting: every setting and the measure are ranked over the samples, standardised, \
             and the measure regressed on all the settings at once. +1 or −1: the setting alone \
             orders the measure; 0: no effect this sample can see. The small line is the 95 % \
             bootstrap interval: one that contains 0 cannot tell the setting from chance. R² near \
             1 means the measure is close to additive and monotone in the settings' ranks; well \
             below 1, look at the points themselves. Every measure is in sensitivity.csv.",
        );
        for key in sensitivity_keys(&cost, &quality) {
            if let Some(table) = sensitivity_table(t, &key) {
                page.subheading(&table.0);
                page.table(&table.1, "sensitivity");
            }
        }
    }

    // Every point.
    page.section("points", "Every point");
    page.table(
        &points_table(results, &axes, &points, &frontier, &cost, &quality),
        "points",
    );

    let version = m["staffsim_version"].as_str().unwrap_or("unknown");
    let footer = format!(
        "Made by staffsim {} from the files of a sweep by staffsim {}. Self-contained: no \
         scripts, no fonts or images from elsewhere. Each chart is also in <code>plots/</code> \
         as an SVG file.",
        escape(env!("CARGO_PKG_VERSION")),
        escape(version)
    );
    Ok(Built {
        html: page.finish(&footer),
        figures,
    })
}

fn setting(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "–".into(),
        other => other.to_string(),
    }
}

fn settings(m: &Value, cost: &str, quality: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let text = |k: &str| m.get(k).filter(|v| !v.is_null()).map(setting);
    if let Some(v) = text("scenario_file") {
        out.push(("Scenario file".into(), v));
    }
    if let Some(v) = text("scenario_sha256") {
        out.push((
            "Scenario SHA-256".into(),
            v.chars().take(16).collect::<String>() + "…",
        ));
    }
    out.push(("Cost measure (lower is better)".into(), title_of(cost)));
    out.push((
        format!("Quality measure ({})", direction_text(quality)).replace(" ()", ""),
        title_of(quality),
    ));
    if let Some(v) = text("replications") {
        out.push(("Replications per point".into(), v));
    }
    if let Some(v) = text("seed") {
        out.push(("Seed".into(), v));
    }
    out.push((
        "Random numbers".into(),
        if m["independent_streams"].as_bool().unwrap_or(false) {
            "independent streams per point".into()
        } else {
            "common across points".into()
        },
    ));
    if let Some(v) = text("baseline") {
        out.push(("Baseline point (differences)".into(), format!("#{v}")));
    }
    if let Some(lhs) = m["sweep"]["lhs"].as_object() {
        out.push((
            "Design".into(),
            format!(
                "Latin hypercube, seed {}",
                lhs.get("seed").map_or("–".into(), setting)
            ),
        ));
    } else if let Some(v) = m["sweep"]["mode"].as_str() {
        out.push(("Grid".into(), v.into()));
    }
    if let Some(v) = text("points") {
        out.push(("Points in the grid".into(), v));
    }
    if let Some(a) = m.get("adaptive").filter(|a| !a.is_null()) {
        out.push(("Adaptive replications".into(), a.to_string()));
    }
    if let Some(v) = text("staffsim_version") {
        out.push(("staffsim version".into(), v));
    }
    out
}

/// The measures whose sensitivity the report shows: the frontier's, then the queue's
/// headline measures.
fn sensitivity_keys(cost: &str, quality: &str) -> Vec<String> {
    let mut keys = vec![quality.to_string(), cost.to_string()];
    for k in ["service_level", "asa_seconds", "abandonment_rate"] {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    }
    keys
}

/// The sensitivity of measure `key` from `sensitivity.csv`: a heading with its R², and the
/// settings ranked by |SRRC|; `None` if the file has no row of it.
fn sensitivity_table(t: &Table, key: &str) -> Option<(String, HtmlTable)> {
    let col = |name: &str| t.column(name);
    let (measure, input) = (col("measure")?, col("input")?);
    let cell = |r: usize, name: &str| col(name).map_or(f64::NAN, |c| number(&t.rows[r][c]));
    let mut rows: Vec<usize> = (0..t.len())
        .filter(|&r| t.rows[r][measure] == key)
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|&a, &b| {
        let size = |r: usize| {
            let v = cell(r, "srrc").abs();
            if v.is_finite() { v } else { -1.0 }
        };
        size(b).total_cmp(&size(a))
    });
    let r2 = cell(rows[0], "r2");
    let signed = |x: f64| {
        if !x.is_finite() {
            "–".to_string()
        } else if x < 0.0 {
            format!("−{:.3}", -x)
        } else {
            format!("+{x:.3}")
        }
    };
    let heading = if r2.is_finite() {
        format!("{} (R² {:.2})", title_of(key), r2)
    } else if rows.iter().all(|&r| !cell(r, "spearman").is_finite()) {
        format!("{}: constant over the samples", title_of(key))
    } else {
        format!("{} (too few samples for the regression)", title_of(key))
    };
    let mut table = HtmlTable {
        head: vec![
            ("Setting (key path)".into(), false),
            ("SRRC".into(), true),
            ("Spearman".into(), true),
        ],
        rows: Vec::new(),
    };
    for r in rows {
        let (lo, hi) = (cell(r, "lo"), cell(r, "hi"));
        table.rows.push(Row::Cells(vec![
            Cell::text(t.rows[r][input].clone()),
            Cell::number(
                signed(cell(r, "srrc")),
                (lo.is_finite() && hi.is_finite())
                    .then(|| format!("{} … {}", signed(lo), signed(hi))),
            ),
            Cell::number(signed(cell(r, "spearman")), None),
        ]));
    }
    Some((heading, table))
}

fn settings_cells(t: &Table, row: usize, axes: &[String]) -> Vec<Cell> {
    axes.iter()
        .map(|a| Cell::text(t.column(a).map_or("", |c| t.rows[row][c].as_str())))
        .collect()
}

/// A column heading for an axis: the last part of its key path ("containment"), or the last
/// two when another axis ends the same way.
fn short_axis(path: &str, axes: &[String]) -> String {
    let last = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
    let clash = axes.iter().filter(|a| last(a) == last(path)).count() > 1;
    let parts: Vec<&str> = path.split('.').collect();
    if clash && parts.len() >= 2 {
        parts[parts.len() - 2..].join(".")
    } else {
        last(path)
    }
}

fn frontier_table(
    inputs: &Inputs,
    axes: &[String],
    frontier: &[usize],
    cost: &str,
    quality: &str,
    baseline: usize,
) -> HtmlTable {
    let (p, d) = (&inputs.pareto, &inputs.differences);
    let (cu, qu) = (Unit::of_key(cost), Unit::of_key(quality));
    let has_diff = d.column(&format!("{cost}_diff")).is_some();
    let mut head: Vec<(String, bool)> = vec![("Point".into(), false)];
    head.extend(axes.iter().map(|a| (short_axis(a, axes), false)));
    head.push((title_of(cost), true));
    head.push((title_of(quality), true));
    if has_diff {
        head.push((format!("Δ cost vs #{baseline}"), true));
        head.push((format!("Δ quality vs #{baseline}"), true));
    }
    let mut t = HtmlTable {
        head,
        rows: Vec::new(),
    };
    let d_points = d.numbers("point").unwrap_or_default();
    let p_points = p.numbers("point").unwrap_or_default();
    let rows: Vec<(usize, usize)> = frontier
        .iter()
        .filter_map(|&pt| {
            p_points
                .iter()
                .position(|&x| x as usize == pt)
                .map(|r| (pt, r))
        })
        .collect();
    let means = |key: &str| -> Vec<f64> {
        rows.iter()
            .map(|&(_, r)| est(p, r, key, "_ci_low", "_ci_high").0)
            .collect()
    };
    let (show_cost, show_quality) = (
        telling_apart(cu, &means(cost)),
        telling_apart(qu, &means(quality)),
    );
    for &(pt, r) in &rows {
        let mut cells = vec![Cell::text(format!("#{pt}"))];
        cells.extend(settings_cells(p, r, axes));
        let (c, c_ci) = est(p, r, cost, "_ci_low", "_ci_high");
        let (q, q_ci) = est(p, r, quality, "_ci_low", "_ci_high");
        cells.push(Cell::number(show_cost(c), ci_text(cu, c_ci)));
        cells.push(Cell::number(show_quality(q), ci_text(qu, q_ci)));
        if has_diff {
            let dr = d_points.iter().position(|&x| x as usize == pt);
            for (key, unit) in [(cost, cu), (quality, qu)] {
                let cell = dr.map(|dr| {
                    let get = |suffix: &str| {
                        d.column(&format!("{key}{suffix}"))
                            .map_or(f64::NAN, |c| number(&d.rows[dr][c]))
                    };
                    let (m, lo, hi) = (get("_diff"), get("_diff_ci_low"), get("_diff_ci_high"));
                    let signed = |x: f64| {
                        let v = unit.value(x.abs());
                        if x > 0.0 {
                            format!("+{v}")
                        } else if x < 0.0 {
                            format!("−{v}")
                        } else {
                            v
                        }
                    };
                    Cell::number(
                        signed(m),
                        (lo.is_finite() && hi.is_finite())
                            .then(|| format!("{} … {}", signed(lo), signed(hi))),
                    )
                });
                cells.push(cell.unwrap_or_else(|| Cell::number("–", None)));
            }
        }
        t.rows.push(Row::Marked(cells));
    }
    t
}

fn points_table(
    results: &Table,
    axes: &[String],
    points: &[usize],
    frontier: &[usize],
    cost: &str,
    quality: &str,
) -> HtmlTable {
    let mut keys: Vec<&str> = vec![cost, quality];
    for k in ["service_level", "abandonment_rate", "true_resolution_rate"] {
        if !keys.contains(&k) && results.column(&format!("{k}_mean")).is_some() {
            keys.push(k);
        }
    }
    let mut head: Vec<(String, bool)> = vec![("Point".into(), false)];
    head.extend(axes.iter().map(|a| (short_axis(a, axes), false)));
    head.extend(keys.iter().map(|k| (title_of(k), true)));
    let mut t = HtmlTable {
        head,
        rows: Vec::new(),
    };
    for (r, &p) in points.iter().enumerate() {
        let marked = frontier.contains(&p);
        let mut cells = vec![Cell::text(format!("#{p}"))];
        cells.extend(settings_cells(results, r, axes));
        for k in &keys {
            let unit = Unit::of_key(k);
            let (m, ci) = est(results, r, k, "_ci_low", "_ci_high");
            cells.push(Cell::number(unit.value(m), ci_text(unit, ci)));
        }
        t.rows.push(if marked {
            Row::Marked(cells)
        } else {
            Row::Cells(cells)
        });
    }
    t
}

/// Distinct settings of a column, in order: numerically when every one is a number, else as
/// they first appear.
fn categories(values: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    if out.iter().all(|v| v.parse::<f64>().is_ok()) {
        out.sort_by(|a, b| number(a).total_cmp(&number(b)));
    }
    out
}

fn heatmap_chart(
    results: &Table,
    axes: &[String],
    points: &[usize],
    key: &str,
    baseline: usize,
) -> (Heatmap, Option<String>) {
    let text_of = |axis: &str| results.texts(axis).unwrap_or_default();
    let (xa, ya) = (&axes[0], &axes[1]);
    let (xs, ys) = (text_of(xa), text_of(ya));
    let (columns, rows) = (categories(&xs), categories(&ys));
    // Other axes are held at the baseline point's settings.
    let base_row = points.iter().position(|&p| p == baseline).unwrap_or(0);
    let fixed: Vec<(String, String)> = axes[2..]
        .iter()
        .map(|a| {
            let v = text_of(a)
                .get(base_row)
                .map_or(String::new(), |s| s.to_string());
            (a.clone(), v)
        })
        .collect();
    let mut cells = vec![vec![f64::NAN; columns.len()]; rows.len()];
    let mean_col = results.column(&format!("{key}_mean"));
    for r in 0..results.len() {
        if fixed
            .iter()
            .any(|(a, v)| text_of(a).get(r).is_none_or(|s| s != v))
        {
            continue;
        }
        let (Some(cx), Some(cy)) = (
            columns.iter().position(|c| c == xs[r]),
            rows.iter().position(|c| c == ys[r]),
        ) else {
            continue;
        };
        cells[cy][cx] = mean_col.map_or(f64::NAN, |c| number(&results.rows[r][c]));
    }
    let note = (!fixed.is_empty()).then(|| {
        format!(
            "The sweep has {} axes; the heat map shows the first two, with {} held at the \
             baseline point's settings.",
            axes.len(),
            fixed
                .iter()
                .map(|(a, v)| format!("{a} = {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    (
        Heatmap {
            title: format!("{} over the first two axes", title_of(key)),
            x_title: xa.clone(),
            y_title: ya.clone(),
            columns,
            rows,
            cells,
            unit: Unit::of_key(key),
            measure: title_of(key),
            higher_is_better: direction(key),
        },
        note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_columns_sit_between_point_and_the_measures() {
        let t = Table::parse(b"point,a.b,c.d,replications,x_mean,x_sd\n0,1,2,4,5,6\n").unwrap();
        assert_eq!(axis_columns(&t), ["a.b", "c.d"]);
        assert_eq!(measures(&t), ["x"]);
        let t = Table::parse(b"point,a.b,x_mean\n0,1,5\n").unwrap();
        assert_eq!(axis_columns(&t), ["a.b"]);
    }

    #[test]
    fn numeric_settings_are_sorted_as_numbers() {
        assert_eq!(categories(&["1.2", "0.6", "1", "0.6"]), ["0.6", "1", "1.2"]);
        assert_eq!(categories(&["b", "a", "b"]), ["b", "a"]);
    }
}
