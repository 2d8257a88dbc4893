//! The output of `staffsim frontier`: `frontier.csv` (one row per level), `frontier.json`
//! (the method, the options and every point each level tried) and `plots/frontier.svg` (cost
//! against the survey score and against true resolution, one panel each).

use std::path::Path;

use anyhow::Context;
use serde_json::json;

use super::html::chart::{Axis, Group, Point, Scatter};
use super::html::format::Unit;
use super::html::palette;
use super::write_atomic;
use crate::experiment::Estimate;
use crate::metrics::Measure;
use crate::plan::search::{Decision, Frontier, FrontierOptions, Outcome, Status};

/// What a frontier folder records besides the search's result.
#[derive(Debug, Clone)]
pub struct FrontierRun<'a> {
    /// The scenario file as given.
    pub scenario_file: &'a str,
    /// The search's seed.
    pub seed: u64,
    /// Replications per evaluation.
    pub replications: u32,
    /// The decision keys.
    pub decisions: &'a [Decision],
    /// The search's options.
    pub options: &'a FrontierOptions,
}

/// A number exactly (shortest round-trip form); empty when undefined.
fn number(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v}"))
}

fn estimate_cells(e: Option<&Estimate>) -> [String; 3] {
    match e {
        Some(e) => [
            number(e.mean),
            number(e.ci95.map(|c| c[0])),
            number(e.ci95.map(|c| c[1])),
        ],
        None => [String::new(), String::new(), String::new()],
    }
}

/// `frontier.csv`: one row per level (see the output reference for the columns).
///
/// # Errors
///
/// The CSV writer's error, which for a writer into memory does not happen in practice.
pub fn frontier_csv(run: &FrontierRun, found: &Frontier) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["level".into(), "status".into()];
    header.extend(run.decisions.iter().map(|d| d.paths[0].clone()));
    for name in [
        "cost",
        "quality",
        "csat_survey",
        "true_resolution_rate",
        "validation_cost",
        "validation_quality",
    ] {
        header.extend([
            format!("{name}_mean"),
            format!("{name}_ci_low"),
            format!("{name}_ci_high"),
        ]);
        if name == "true_resolution_rate" {
            header.extend(["targets_met".into(), "evaluations".into()]);
        }
    }
    header.extend([
        "validation_level_met".into(),
        "validation_targets_met".into(),
        "validation_level_within_ci".into(),
    ]);
    w.write_record(&header)?;
    for l in &found.levels {
        let b = l.best.as_ref();
        let mut row = vec![format!("{}", l.level), l.status.key().to_string()];
        row.extend(
            (0..run.decisions.len())
                .map(|i| b.map_or(String::new(), |b| format!("{}", b.values[i]))),
        );
        row.extend(estimate_cells(b.map(|b| &b.cost)));
        row.extend(estimate_cells(b.map(|b| &b.quality)));
        row.extend(estimate_cells(b.map(|b| &b.csat_survey)));
        row.extend(estimate_cells(b.map(|b| &b.true_resolution)));
        row.push(b.map_or(String::new(), |b| b.targets_hold.to_string()));
        row.push(l.tried.len().to_string());
        let v = l.validation.as_ref();
        row.extend(estimate_cells(v.map(|v| &v.outcome.cost)));
        row.extend(estimate_cells(v.map(|v| &v.outcome.quality)));
        row.extend([
            v.map_or(String::new(), |v| v.meets_level.to_string()),
            v.map_or(String::new(), |v| v.targets_hold.to_string()),
            v.map_or(String::new(), |v| v.level_within_ci.to_string()),
        ]);
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!(e.to_string()))
}

fn estimate_json(e: &Estimate) -> serde_json::Value {
    json!({ "mean": e.mean, "ci95": e.ci95 })
}

fn outcome_json(o: &Outcome, quality: Measure, level: f64) -> serde_json::Value {
    json!({
        "values": o.values,
        "cost": estimate_json(&o.cost),
        "quality": estimate_json(&o.quality),
        "csat_survey": estimate_json(&o.csat_survey),
        "true_resolution_rate": estimate_json(&o.true_resolution),
        "meets_level": o.meets(quality, level),
        "targets_hold": o.targets_hold,
    })
}

/// `frontier.json`: the method, the options, and per level its answer and every point tried.
pub fn frontier_json(run: &FrontierRun, found: &Frontier) -> serde_json::Value {
    let o = run.options;
    json!({
        "staffsim_version": env!("CARGO_PKG_VERSION"),
        "scenario_file": run.scenario_file,
        "method": "epsilon-constraint (Haimes, Lasdon and Wismer 1971): per level, the least cost subject to the quality level and the scenario's targets; one key by bisection on the quality boundary, several by compass search (Hooke and Jeeves 1961; Kolda, Lewis and Torczon 2003) from the cheapest feasible point of a 3-per-key grid; common random numbers; each answer re-run on the validation seed",
        "options": {
            "quality": o.quality.key(),
            "cost": o.cost.key(),
            "levels": o.levels,
            "decide": run.decisions.iter().map(|d| json!({
                "paths": d.paths,
                "low": d.low,
                "high": d.high,
                "step": d.step,
                "integer": d.integer,
            })).collect::<Vec<_>>(),
            "replications": run.replications,
            "seed": run.seed,
            "validation_seed": o.validation_seed,
            "max_evaluations": o.max_evaluations,
            "shard": o.shard.map(|s| format!("{}/{}", s.index + 1, s.count)),
        },
        "levels": found.levels.iter().map(|l| json!({
            "index": l.index,
            "level": l.level,
            "status": l.status.key(),
            "note": l.note,
            "best": l.best.as_ref().map(|b| outcome_json(b, o.quality, l.level)),
            "validation": l.validation.as_ref().map(|v| json!({
                "outcome": outcome_json(&v.outcome, o.quality, l.level),
                "meets_level": v.meets_level,
                "targets_hold": v.targets_hold,
                "level_within_ci": v.level_within_ci,
            })),
            "evaluations": l.tried.iter().map(|t| outcome_json(t, o.quality, l.level)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "points_simulated": found.simulated_points,
        "contacts_simulated": found.contacts,
    })
}

/// `plots/frontier.svg`: two panels, the survey score against cost and true resolution against
/// cost, for the feasible levels, each point tagged with its level. Where the survey stays
/// flat while true resolution moves (or the reverse), optimising the survey would mislead.
///
/// # Errors
///
/// "cannot draw a chart: …" if plotters fails.
pub fn frontier_svg(run: &FrontierRun, found: &Frontier) -> anyhow::Result<String> {
    let quality = run.options.quality;
    let cost = run.options.cost;
    let tag = |level: f64| match quality.unit() {
        Unit::Share => format!("{} %", (100.0 * level * 1e6).round() / 1e6),
        _ => format!("{level}"),
    };
    let panel = |measure: Measure, pick: fn(&Outcome) -> &Estimate, colour| {
        let points: Vec<Point> = found
            .levels
            .iter()
            .filter(|l| l.status == Status::Feasible)
            .filter_map(|l| {
                let b = l.best.as_ref()?;
                let (x, y) = (b.cost.mean?, pick(b).mean?);
                Some(Point {
                    x,
                    y,
                    x_ci: b.cost.ci95.map(|c| (c[0], c[1])),
                    y_ci: pick(b).ci95.map(|c| (c[0], c[1])),
                    tag: Some(tag(l.level)),
                })
            })
            .collect();
        let mut y = Axis::new(measure.label(), measure.unit());
        y.from_zero = false;
        let mut x = Axis::new(cost.label(), cost.unit());
        x.from_zero = false;
        Scatter {
            title: format!("Least cost per level: {}", measure.key()),
            x,
            y,
            groups: vec![Group {
                label: format!("least cost for each level of {}", quality.key()),
                colour,
                points,
                join: true,
            }],
        }
        .svg()
    };
    let top = panel(Measure::CsatSurvey, |o| &o.csat_survey, palette::SURVEY)?;
    let bottom = panel(
        Measure::TrueResolutionRate,
        |o| &o.true_resolution,
        palette::TRUTH,
    )?;
    Ok(stack(&[top, bottom]))
}

/// SVG documents stacked vertically in one document.
fn stack(parts: &[String]) -> String {
    use super::html::chart::{HEIGHT, WIDTH};
    let mut out = format!(
        "<svg width=\"{WIDTH}\" height=\"{h}\" viewBox=\"0 0 {WIDTH} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        h = HEIGHT as usize * parts.len()
    );
    for (i, p) in parts.iter().enumerate() {
        let body = p.trim_start();
        let body = match body.strip_prefix("<?xml") {
            Some(rest) => rest.split_once("?>").map_or(rest, |(_, r)| r).trim_start(),
            None => body,
        };
        // The inner document's opening tag, placed at its row.
        let body = body.replacen("<svg ", &format!("<svg y=\"{}\" ", i as u32 * HEIGHT), 1);
        out.push_str(&body);
        out.push('\n');
    }
    out.push_str("</svg>\n");
    out
}

/// Writes `frontier.csv`, `frontier.json` and `plots/frontier.svg` into `dir` (created if
/// missing).
///
/// # Errors
///
/// An error naming the folder or file that cannot be created or written, or the chart's
/// drawing error.
pub fn write_frontier(dir: &Path, run: &FrontierRun, found: &Frontier) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir.join("plots"))
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let put = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        write_atomic(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    };
    put("frontier.csv", &frontier_csv(run, found)?)?;
    put(
        "frontier.json",
        (serde_json::to_string_pretty(&frontier_json(run, found))? + "\n").as_bytes(),
    )?;
    put("plots/frontier.svg", frontier_svg(run, found)?.as_bytes())?;
    Ok(())
}
