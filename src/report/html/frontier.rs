//! The report of a frontier search (`staffsim frontier --out`, or `staffsim merge` of its
//! shards): `frontier.json`.
//!
//! It answers the planner's question, what each level of quality costs and with which
//! settings, and the case's question beside it, whether the survey would have shown what the
//! money buys: the two-panel chart draws the frontier's cost against the survey score and
//! against true resolution (a survey panel that stays flat while true resolution climbs is
//! where optimising the survey would mislead), and the report says in numbers how far each
//! view moves against the width of its own intervals. Then a table level by level (the
//! settings, cost and both quality views with their intervals, the fresh-seed check), the
//! infeasible levels named with the reason, what the search guarantees, and how it ran.
//! A shard's file is refused: its levels are part of a ladder, and `staffsim merge` joins
//! them first.

use std::path::Path;

use super::format::{Unit, grouped, telling_apart};
use super::page::{Cell, Figure, Page, Row, Table, escape};
use super::staff::{side_text, value_text};
use super::{Built, ReportError, title_of};
use crate::metrics::Measure;
use crate::plan::search::Status;
use crate::report::frontier::{
    EstimateRecord, FrontierFile, LevelRecord, OutcomeRecord, Side, TargetColumn, TargetRecord,
    frontier_svg, level_text, read_frontier, target_columns,
};

/// Builds the report of the frontier search in `dir`.
pub(super) fn build(dir: &Path) -> Result<Built, ReportError> {
    let file = read_frontier(dir).map_err(ReportError::Input)?;
    let o = &file.options;
    if let Some(s) = o.shard {
        return Err(ReportError::Input(anyhow::anyhow!(
            "{} holds shard {}/{} of a frontier search ({} of its {} levels): join the shards \
             with `staffsim merge` first",
            dir.display(),
            s.index + 1,
            s.count,
            file.levels.len(),
            o.levels.len()
        )));
    }
    let (quality, cost) = (o.quality, o.cost);
    let name = if file.scenario.is_empty() {
        &file.scenario_file
    } else {
        &file.scenario
    };
    let feasible: Vec<&LevelRecord> = file
        .levels
        .iter()
        .filter(|l| l.status == Status::Feasible)
        .collect();

    let meta = [
        "Frontier report from <code>frontier.json</code>".to_string(),
        format!(
            "least {} for each level of {}",
            escape(&title_of(cost.key()).to_lowercase()),
            escape(&title_of(quality.key()).to_lowercase())
        ),
        format!(
            "{} levels, {} decision key{}",
            file.levels.len(),
            o.decide.len(),
            if o.decide.len() == 1 { "" } else { "s" }
        ),
        format!(
            "{} replications an evaluation, seed {}, fresh seed {}",
            o.replications, o.seed, o.validation_seed
        ),
    ];
    let mut page = Page::new("staffsim · frontier report", name, &meta.join(" · "));
    let mut figures = Vec::new();
    page.cards(&cards(&file, &feasible));

    // The frontier: the two views of quality against cost.
    page.section("frontier", "The frontier");
    page.paragraph(&format!(
        "For each level of {}, the least {} over the decision keys that meets the level and \
         every target of the scenario, on the seed searched. The same points are drawn twice: \
         against the survey score a post-contact survey would report, and against true \
         resolution. Where the survey panel stays flat while true resolution moves, a plan \
         chosen by the survey would mislead.",
        title_of(quality.key()).to_lowercase(),
        title_of(cost.key()).to_lowercase()
    ));
    if feasible.is_empty() {
        page.note("No level is feasible: there is no frontier to draw.");
    } else {
        let svg = frontier_svg(&file).map_err(ReportError::Output)?;
        let mut caption = format!(
            "Top: the survey score of each level's least-cost point against its {}; bottom: \
             true resolution. Whiskers are 95 % confidence intervals over the replications; each \
             point is tagged with its level.",
            title_of(cost.key()).to_lowercase()
        );
        if let Some(s) = views(&feasible) {
            caption.push(' ');
            caption.push_str(&s);
        }
        let f = Figure {
            id: "chart-frontier".into(),
            title: format!(
                "Least {} for each level of {}: survey score and true resolution",
                title_of(cost.key()).to_lowercase(),
                title_of(quality.key()).to_lowercase()
            ),
            svg,
            caption: escape(&caption),
        };
        page.figure(&f);
        figures.push(f);
    }

    // Level by level.
    page.section("levels", "Level by level");
    page.paragraph(&format!(
        "Each level's least-cost settings and what they measured on the seed searched, with \
         95 % intervals, then the same settings run again on a fresh seed (seed {}, one the \
         search did not use): whether the level, and every target of the scenario, hold there, \
         and each target on its own (over the run, its value and interval; in every interval, \
         the intervals it is met in of those judged, and the worst one's value). Marked rows \
         are infeasible or miss on the fresh seed.",
        o.validation_seed
    ));
    page.table(&levels_table(&file), "levels");
    let infeasible: Vec<&LevelRecord> = file
        .levels
        .iter()
        .filter(|l| l.status == Status::Infeasible)
        .collect();
    if infeasible.is_empty() {
        page.paragraph("Every level is feasible.");
    } else {
        page.subheading("Infeasible levels");
        let items: String = infeasible
            .iter()
            .map(|l| {
                format!(
                    "<li>{} — {}</li>",
                    escape(&level_text(quality, l.level)),
                    escape(&l.note)
                )
            })
            .collect();
        page.html(&format!("<ul class=\"warnings\">{items}</ul>"));
    }

    // What the search guarantees.
    page.section("guarantees", "What the search guarantees");
    page.paragraph(&guarantees(o.decide.len()));

    // How it ran.
    page.section("search", "The search");
    page.settings(&settings(&file));
    page.subheading("How each level's search went");
    let items: String = file
        .levels
        .iter()
        .map(|l| {
            format!(
                "<li>{} — {} ({} points)</li>",
                escape(&level_text(quality, l.level)),
                escape(&l.note),
                l.evaluations.len()
            )
        })
        .collect();
    page.html(&format!("<ul>{items}</ul>"));

    let footer = Page::search_footer(
        "frontier",
        "The chart is also in <code>plots/</code> as an SVG file.",
    );
    Ok(Built {
        html: page.finish(&footer),
        figures,
    })
}

/// The mean, `NaN` when undefined.
fn mean(e: &EstimateRecord) -> f64 {
    e.mean.unwrap_or(f64::NAN)
}

/// Headline numbers: levels feasible, met on the fresh seed, the frontier's cost and both
/// views of quality along it.
fn cards(file: &FrontierFile, feasible: &[&LevelRecord]) -> Vec<(String, String, String)> {
    let cost = file.options.cost;
    let held = feasible
        .iter()
        .filter(|l| {
            l.validation
                .as_ref()
                .is_some_and(|v| v.meets_level && v.targets_hold)
        })
        .count();
    let mut cards = vec![
        (
            "Levels feasible".to_string(),
            format!("{} of {}", feasible.len(), file.levels.len()),
            "on the seed searched".to_string(),
        ),
        (
            "Hold on a fresh seed".to_string(),
            format!("{held} of {}", feasible.len()),
            "the level and every target".to_string(),
        ),
    ];
    let (Some(first), Some(last)) = (feasible.first(), feasible.last()) else {
        return cards;
    };
    let quality = file.options.quality;
    let best = |l: &LevelRecord| l.best.clone().expect("a feasible level has a point");
    let (a, b) = (best(first), best(last));
    let unit = cost.unit();
    cards.push((
        title_of(cost.key()),
        if feasible.len() == 1 || a.cost.mean == b.cost.mean {
            unit.value(mean(&a.cost))
        } else {
            format!(
                "{} → {}",
                unit.value(mean(&a.cost)),
                unit.value(mean(&b.cost))
            )
        },
        format!(
            "at {} → {}",
            level_text(quality, first.level),
            level_text(quality, last.level)
        ),
    ));
    let range = |pick: fn(&OutcomeRecord) -> &EstimateRecord, unit: Unit| {
        let xs: Vec<f64> = feasible
            .iter()
            .filter_map(|l| pick(l.best.as_ref()?).mean)
            .collect();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if xs.is_empty() {
            "–".to_string()
        } else if lo == hi {
            unit.value(lo)
        } else {
            format!("{} – {}", unit.value(lo), unit.value(hi))
        }
    };
    cards.push((
        "Survey score along it".into(),
        range(|o| &o.csat_survey, Unit::Score),
        format!(
            "true resolution {}",
            range(|o| &o.true_resolution_rate, Unit::Share)
        ),
    ));
    cards
}

/// How far each view of quality moves along the frontier, against the width of its own
/// intervals: "From the cheapest level to the dearest, the survey score moves by 0.009,
/// less than the width of its own 95 % intervals (about ±0.007) …". `None` with fewer than
/// two feasible levels with both views defined.
fn views(feasible: &[&LevelRecord]) -> Option<String> {
    let spread = |pick: fn(&OutcomeRecord) -> &EstimateRecord| {
        let es: Vec<&EstimateRecord> = feasible
            .iter()
            .filter_map(|l| l.best.as_ref().map(pick))
            .filter(|e| e.mean.is_some())
            .collect();
        if es.len() < 2 {
            return None;
        }
        let means: Vec<f64> = es.iter().filter_map(|e| e.mean).collect();
        let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let halves: Vec<f64> = es
            .iter()
            .filter_map(|e| e.ci95.map(|c| (c[1] - c[0]) / 2.0))
            .collect();
        let half = (!halves.is_empty()).then(|| halves.iter().sum::<f64>() / halves.len() as f64);
        Some((hi - lo, half))
    };
    let (survey, truth) = (
        spread(|o| &o.csat_survey)?,
        spread(|o| &o.true_resolution_rate)?,
    );
    let against = |(moved, half): (f64, Option<f64>), text: &dyn Fn(f64) -> String| match half {
        Some(h) if moved < 2.0 * h => format!(
            "{}, less than the width of its own 95 % intervals (about ±{})",
            text(moved),
            text(h)
        ),
        Some(h) => format!(
            "{}, more than the width of its own 95 % intervals (about ±{})",
            text(moved),
            text(h)
        ),
        None => text(moved),
    };
    let score = |x: f64| format!("{x:.3}");
    let points = |x: f64| format!("{:.2} percentage points", 100.0 * x);
    let mut s = format!(
        "Along the frontier the survey score moves by {}; true resolution by {}.",
        against(survey, &score),
        against(truth, &points)
    );
    let flat = |(moved, half): (f64, Option<f64>)| half.is_some_and(|h| moved < 2.0 * h);
    if flat(survey) && !flat(truth) {
        s.push_str(
            " The survey cannot tell these plans apart; what the extra cost buys shows only in \
             true resolution.",
        );
    }
    Some(s)
}

/// A number cell of an estimate: the mean, its 95 % interval below.
fn estimate_cell(e: &EstimateRecord, unit: Unit) -> Cell {
    estimate_cell_shown(e, unit, &|x| unit.value(x))
}

/// [`estimate_cell`] with the mean written by `show` (see [`telling_apart`]).
fn estimate_cell_shown(e: &EstimateRecord, unit: Unit, show: &dyn Fn(f64) -> String) -> Cell {
    Cell::number(
        show(mean(e)),
        e.ci95
            .map(|c| format!("95 % CI {}", unit.interval(c[0], c[1]))),
    )
}

fn yes_no(x: bool) -> String {
    if x { "yes" } else { "no ✗" }.to_string()
}

fn levels_table(file: &FrontierFile) -> Table {
    let o = &file.options;
    let (quality, cost) = (o.quality, o.cost);
    // The constrained measure gets its own columns unless it is one of the two views.
    let extra = !matches!(quality, Measure::CsatSurvey | Measure::TrueResolutionRate);
    let title = title_of(quality.key());
    let mut head = vec![(format!("Level of {}", title.to_lowercase()), false)];
    head.extend(o.decide.iter().map(|d| (d.paths[0].clone(), true)));
    head.push((title_of(cost.key()), true));
    if extra {
        head.push((title_of(quality.key()), true));
    }
    head.extend([
        ("Survey score".to_string(), true),
        ("True resolution".to_string(), true),
        ("Targets".to_string(), true),
        (format!("Fresh seed: {}", title.to_lowercase()), true),
        ("Fresh seed: level met".to_string(), true),
        ("Fresh seed: every target met".to_string(), true),
    ]);
    let targets = target_columns(file);
    head.extend(targets.iter().map(|t| (target_heading(file, t), true)));
    head.push(("Points tried".to_string(), true));
    let columns = head.len();
    let mut t = Table {
        head,
        rows: Vec::new(),
    };
    // The columns of the levels' measures, each with the decimals that tell the levels apart.
    let column = |unit: Unit, of: &dyn Fn(&LevelRecord) -> Option<f64>| {
        let values: Vec<f64> = file.levels.iter().filter_map(of).collect();
        telling_apart(unit, &values)
    };
    let show_quality = column(quality.unit(), &|l| {
        l.best.as_ref().map(|b| mean(&b.quality))
    });
    let show_resolution = column(Unit::Share, &|l| {
        l.best.as_ref().map(|b| mean(&b.true_resolution_rate))
    });
    let show_fresh = column(quality.unit(), &|l| {
        l.validation.as_ref().map(|v| mean(&v.outcome.quality))
    });
    for l in &file.levels {
        let mut cells = vec![Cell::text(level_text(quality, l.level))];
        let Some(b) = &l.best else {
            cells.push(Cell::text("infeasible"));
            while cells.len() < columns - 1 {
                cells.push(Cell::number("–", None));
            }
            cells.push(Cell::number(l.evaluations.len().to_string(), None));
            t.rows.push(Row::Marked(cells));
            continue;
        };
        cells.extend(b.values.iter().map(|v| Cell::number(format!("{v}"), None)));
        cells.push(estimate_cell(&b.cost, cost.unit()));
        if extra {
            cells.push(estimate_cell_shown(
                &b.quality,
                quality.unit(),
                &show_quality,
            ));
        }
        cells.push(estimate_cell(&b.csat_survey, Unit::Score));
        cells.push(estimate_cell_shown(
            &b.true_resolution_rate,
            Unit::Share,
            &show_resolution,
        ));
        cells.push(Cell::number(
            if b.targets_hold { "hold" } else { "fail ✗" },
            Some("on the seed searched".into()),
        ));
        let held = match &l.validation {
            Some(v) => {
                cells.push(estimate_cell_shown(
                    &v.outcome.quality,
                    quality.unit(),
                    &show_fresh,
                ));
                cells.push(Cell::number(
                    yes_no(v.meets_level),
                    (!v.meets_level && v.level_within_ci)
                        .then(|| "within its 95 % interval".into()),
                ));
                cells.push(Cell::number(yes_no(v.targets_hold), None));
                cells.extend(targets.iter().map(|t| target_cell(v.outcome.target(t))));
                v.meets_level && v.targets_hold
            }
            None => {
                for _ in 0..3 + targets.len() {
                    cells.push(Cell::number("–", None));
                }
                false
            }
        };
        cells.push(Cell::number(l.evaluations.len().to_string(), None));
        t.rows.push(if held {
            Row::Cells(cells)
        } else {
            Row::Marked(cells)
        });
    }
    t
}

/// The heading of a target's column: "Fresh seed: service level at least 80 % in every
/// interval", "Fresh seed: abandonment rate at most 3 % over the run".
fn target_heading(file: &FrontierFile, column: &TargetColumn) -> String {
    let key = column.measure.key();
    // The bound as the first evaluation that judged the target records it.
    let bound = file
        .levels
        .iter()
        .flat_map(|l| l.best.iter().chain(&l.evaluations))
        .find_map(|o| o.target(column))
        .map(|t| {
            let (side, bound) = t.bound();
            let side = match side {
                Side::Min => "min",
                Side::Max => "max",
            };
            format!(" {} {}", side_text(side), value_text(key, bound))
        })
        .unwrap_or_default();
    let scope = if column.scope == "interval" {
        "in every interval"
    } else {
        "over the run"
    };
    format!(
        "Fresh seed: {}{bound} {scope}",
        title_of(key).to_lowercase()
    )
}

/// A target's cell on the fresh seed: over the run, the mean with its 95 % interval below; in
/// every interval, the intervals met of those judged with the worst interval's value below.
/// A missed target is marked ✗; one that cannot be judged, `?`.
fn target_cell(t: Option<&TargetRecord>) -> Cell {
    let Some(t) = t else {
        return Cell::number("–", None);
    };
    let mark = match t.met() {
        Some(true) => "",
        Some(false) => " ✗",
        None => " ?",
    };
    let unit = t.measure().unit();
    match t {
        TargetRecord::Run { mean, ci95, .. } => Cell::number(
            format!("{}{mark}", unit.value(mean.unwrap_or(f64::NAN))),
            ci95.map(|c| format!("95 % CI {}", unit.interval(c[0], c[1]))),
        ),
        TargetRecord::Interval {
            intervals_judged,
            intervals_met,
            worst_value,
            ..
        } => Cell::number(
            format!("{intervals_met} of {intervals_judged}{mark}"),
            worst_value.map(|w| format!("worst {}", unit.value(w))),
        ),
    }
}

/// What the search guarantees, for this many decision keys (the guide's section, in one
/// paragraph).
fn guarantees(keys: usize) -> String {
    let method = if keys == 1 {
        "With one decision key the search is a bisection: where quality is monotone in the key, \
         it finds the boundary of the values that meet the level to within the key's step, and \
         a level is infeasible when neither end of the range meets it."
    } else {
        "With several decision keys the search is a compass search: it ends at a point that no \
         neighbour at the final step improves, a local minimum of cost at the keys' \
         granularity, not necessarily the cheapest point of the box (a cost surface with \
         several valleys can hide a cheaper one); a level is infeasible when no point of the \
         coarse grid (three values per key, every corner included) meets it, so where quality \
         is monotone in each key no point of the box does."
    };
    format!(
        "On the seed searched, every feasible level's point meets its level and every target of \
         the scenario, each judged by the scenario's rule (on average, or with one-sided \
         confidence). {method} Every evaluation runs on the same seed (common random numbers), \
         which is not a fresh seed: a point chosen because it just meets its level there meets \
         it on a fresh seed only about half the time when targets are met on average. The \
         fresh-seed columns say how far off it is; judging with confidence \
         (with_confidence in [targets]) makes the answers hold more often."
    )
}

/// The search's settings, as a list.
fn settings(file: &FrontierFile) -> Vec<(String, String)> {
    let o = &file.options;
    let mut items = vec![
        ("Scenario file".to_string(), file.scenario_file.clone()),
        (
            "Scenario SHA-256".to_string(),
            file.scenario_sha256.chars().take(16).collect::<String>() + "…",
        ),
        (
            "Quality constrained".to_string(),
            format!("{} ({})", title_of(o.quality.key()), o.quality.key()),
        ),
        (
            "Cost minimised".to_string(),
            format!("{} ({})", title_of(o.cost.key()), o.cost.key()),
        ),
        (
            "Levels".to_string(),
            o.levels
                .iter()
                .map(|&l| level_text(o.quality, l))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    for d in &o.decide {
        let mut range = format!("{} to {}", d.low, d.high);
        if let Some(s) = d.step {
            range += &format!(" by {s}");
        }
        if d.integer {
            range += ", whole numbers";
        }
        if d.paths.len() > 1 {
            range += &format!(" (also {})", d.paths[1..].join(", "));
        }
        items.push((format!("Key {}", d.paths[0]), range));
    }
    items.extend([
        (
            "Replications an evaluation".to_string(),
            o.replications.to_string(),
        ),
        ("Seed searched".to_string(), o.seed.to_string()),
        ("Fresh seed".to_string(), o.validation_seed.to_string()),
        (
            "Most points a level".to_string(),
            o.max_evaluations.to_string(),
        ),
        (
            "Points simulated".to_string(),
            grouped(file.points_simulated as f64, 0),
        ),
        (
            "Contacts simulated".to_string(),
            grouped(file.contacts_simulated as f64, 0),
        ),
    ]);
    items
}
