//! The output of `staffsim frontier`: `frontier.csv` (one row per level), `frontier.json`
//! (what was searched, how, and every point each level tried) and `plots/frontier.svg` (cost
//! against the survey score and against true resolution, one panel each); and joining the
//! folders of shards for `staffsim merge`.
//!
//! All three files are made from one value, [`FrontierFile`], the contents of
//! `frontier.json`, which reads back to the same value: numbers are written in their
//! shortest exact form, so a level read back from a shard is the level that shard found,
//! bit for bit. A level's answer does not depend on the shard (evaluations run on one seed,
//! and the cache shared between levels only saves work), and the totals are counted from the
//! levels, so the shards' levels joined in ladder order are the file of a single run, and
//! [`merge_frontier_parts`] writes the same bytes as one.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::folder::OutputFolder;
use super::html::chart::{Axis, Group, Point, Scatter};
use super::html::format::Unit;
use super::html::palette;
use super::number::csv_cell;
use crate::experiment::Estimate;
use crate::experiment::sweep::Shard;
use crate::metrics::{Bound, Measure, Target};
use crate::plan::TargetsReport;
use crate::plan::search::{Decision, Frontier, FrontierOptions, LevelResult, Outcome, Status};

/// The method, in words, as `frontier.json` records it.
pub const METHOD: &str = "epsilon-constraint (Haimes, Lasdon and Wismer 1971): per level, the least cost subject to the quality level and the scenario's targets; one key by bisection on the quality boundary, several by compass search (Hooke and Jeeves 1961; Kolda, Lewis and Torczon 2003) from the cheapest feasible point of a 3-per-key grid; common random numbers; each answer re-run on the validation seed";

/// What a frontier folder records besides the search's result.
#[derive(Debug, Clone)]
pub struct FrontierRun<'a> {
    /// The scenario's name (`name` in the file).
    pub scenario: &'a str,
    /// The scenario file's name (without its folder).
    pub scenario_file: &'a str,
    /// SHA-256 of the scenario as searched (after a sweep file's `set`), hexadecimal.
    pub scenario_sha256: &'a str,
    /// The search's seed.
    pub seed: u64,
    /// Replications per evaluation.
    pub replications: u32,
    /// The decision keys.
    pub decisions: &'a [Decision],
    /// The search's options.
    pub options: &'a FrontierOptions,
}

/// `frontier.json`: what was searched and how, and per level its answer and every point it
/// tried. The CSV and the chart are made from it too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontierFile {
    /// Version of staffsim that searched.
    pub staffsim_version: String,
    /// The scenario's name.
    pub scenario: String,
    /// The scenario file's name.
    pub scenario_file: String,
    /// SHA-256 of the scenario as searched, hexadecimal.
    pub scenario_sha256: String,
    /// The method, in words ([`METHOD`]).
    pub method: String,
    /// The options of the search.
    pub options: FileOptions,
    /// The levels searched (all, or the shard's), in ladder order.
    pub levels: Vec<LevelRecord>,
    /// Points simulated: the distinct points the levels tried on the search's seed, plus one
    /// validation run per feasible level.
    pub points_simulated: usize,
    /// Contacts simulated in those runs, all replications.
    pub contacts_simulated: u64,
}

/// The options of a frontier search as `frontier.json` records them: everything shards of
/// one search share, and the shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileOptions {
    /// The quality measure constrained to each level.
    pub quality: Measure,
    /// The cost measure minimised.
    pub cost: Measure,
    /// The whole ladder of levels, in the quality's unit.
    pub levels: Vec<f64>,
    /// The decision keys.
    pub decide: Vec<Decision>,
    /// Replications per evaluation.
    pub replications: u32,
    /// The search's seed.
    pub seed: u64,
    /// The validation runs' seed.
    pub validation_seed: u64,
    /// Most points evaluated per level.
    pub max_evaluations: usize,
    /// The share of the ladder searched (`None`: all of it).
    pub shard: Option<Shard>,
}

/// An estimate as `frontier.json` writes it: its mean and 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EstimateRecord {
    /// The mean; `None` (`null`) when undefined.
    pub mean: Option<f64>,
    /// The 95 % confidence interval of the mean, `[low, high]`.
    pub ci95: Option<[f64; 2]>,
}

impl From<&Estimate> for EstimateRecord {
    fn from(e: &Estimate) -> Self {
        // NaN is written as null, so it reads back as undefined: keep it so in memory too.
        let finite = |x: f64| x.is_finite().then_some(x);
        EstimateRecord {
            mean: e.mean.and_then(finite),
            ci95: e.ci95.filter(|c| c.iter().all(|x| x.is_finite())),
        }
    }
}

/// One evaluation of a point, as `frontier.json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The decision values, one per key.
    pub values: Vec<f64>,
    /// The cost measure.
    pub cost: EstimateRecord,
    /// The quality measure.
    pub quality: EstimateRecord,
    /// The survey score.
    pub csat_survey: EstimateRecord,
    /// The true resolution rate.
    pub true_resolution_rate: EstimateRecord,
    /// Whether the quality meets the level by the scenario's rule.
    pub meets_level: bool,
    /// Whether no target of the scenario fails: the conjunction of `targets` (a target
    /// that cannot be judged does not fail).
    pub targets_hold: bool,
    /// Each target of the scenario judged at this evaluation, those over the run first, each
    /// scope in the scenario's order; empty when the scenario has none (and in a file
    /// written before staffsim recorded them).
    #[serde(default)]
    pub targets: Vec<TargetRecord>,
    /// Contacts simulated in the evaluation, all replications.
    pub contacts: u64,
}

impl OutcomeRecord {
    fn of(o: &Outcome, quality: Measure, level: f64) -> OutcomeRecord {
        OutcomeRecord {
            values: o.values.clone(),
            cost: (&o.cost).into(),
            quality: (&o.quality).into(),
            csat_survey: (&o.csat_survey).into(),
            true_resolution_rate: (&o.true_resolution).into(),
            meets_level: o.meets(quality, level),
            targets_hold: o.targets_hold,
            targets: TargetRecord::list(&o.targets),
            contacts: o.contacts,
        }
    }

    /// The verdict on the target of `column`, if this evaluation judged it.
    pub fn target(&self, column: &TargetColumn) -> Option<&TargetRecord> {
        self.targets
            .iter()
            .find(|t| t.scope() == column.scope && t.measure() == column.measure)
    }
}

/// Which side of its measure a target bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The measure must be at least the bound.
    Min,
    /// The measure must be at most the bound.
    Max,
}

/// One target of the scenario judged at one evaluation, as `frontier.json` writes it, with
/// the names of the `targets` of `summary.json`: `scope` is `"run"` (a target over the
/// measurement window, `[targets.run]`) or `"interval"` (a target of every reporting
/// interval, `[targets.interval]`). Made from the judgement of
/// [`evaluate`](crate::plan::evaluate), so the frontier and `staffsim run` judge alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "lowercase")]
pub enum TargetRecord {
    /// A target over the measurement window, judged on one value per replication.
    Run {
        /// The measure bounded.
        measure: Measure,
        /// The side of the bound.
        side: Side,
        /// The bound, in the measure's unit.
        bound: f64,
        /// The mean over the replications where the measure is defined, in the measure's
        /// unit; `None` (`null`) if it is defined in none.
        mean: Option<f64>,
        /// The mean's two-sided 95 % confidence interval, `[low, high]`; `None` with fewer
        /// than two defined values.
        ci95: Option<[f64; 2]>,
        /// The value compared with the bound: the mean (on average) or its one-sided
        /// confidence bound (with confidence); `None` when it cannot be computed.
        judged: Option<f64>,
        /// Whether the target holds; `None` when it cannot be judged.
        met: Option<bool>,
    },
    /// A target of every reporting interval, judged interval by interval.
    Interval {
        /// The measure bounded.
        measure: Measure,
        /// The side of the bound.
        side: Side,
        /// The bound, in the measure's unit.
        bound: f64,
        /// Reporting intervals that end after the warm-up.
        intervals: usize,
        /// Of those, the intervals with a verdict: the measure is defined there (the interval
        /// had contacts) in enough replications to judge it.
        intervals_judged: usize,
        /// Of the judged intervals, those in which the target is met.
        intervals_met: usize,
        /// Start of the worst judged interval (the lowest mean for a minimum, the highest for
        /// a maximum), seconds from time 0; `None` if no interval was judged.
        worst_interval_start_seconds: Option<f64>,
        /// The mean over the replications in that interval, in the measure's unit.
        worst_value: Option<f64>,
        /// Whether the target is met in every judged interval; `None` if none was judged.
        met: Option<bool>,
    },
}

impl TargetRecord {
    /// The records of every target judged in `report`: those over the run, then those of
    /// every interval, each in the scenario's order. Undefined numbers are `None`, so the
    /// file reads back to the same records.
    pub fn list(report: &TargetsReport) -> Vec<TargetRecord> {
        let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
        let head = |t: &Target| {
            let (side, bound) = match t.bound {
                Bound::Min(v) => (Side::Min, v),
                Bound::Max(v) => (Side::Max, v),
            };
            (t.measure, side, bound)
        };
        let run = report.over_run.iter().map(|j| {
            let (measure, side, bound) = head(&j.target);
            let v = &j.verdict;
            TargetRecord::Run {
                measure,
                side,
                bound,
                mean: finite(v.mean),
                ci95: v.ci95.filter(|c| c.iter().all(|x| x.is_finite())),
                judged: finite(v.judged),
                met: v.met,
            }
        });
        let interval = report.per_interval.iter().map(|j| {
            let (measure, side, bound) = head(&j.target);
            TargetRecord::Interval {
                measure,
                side,
                bound,
                intervals: j.intervals,
                intervals_judged: j.judged,
                intervals_met: j.met,
                worst_interval_start_seconds: finite(j.worst.map(|w| w.start_seconds)),
                worst_value: finite(j.worst.and_then(|w| w.verdict.mean)),
                met: j.all_met(),
            }
        });
        run.chain(interval).collect()
    }

    /// `"run"` or `"interval"`, as the file writes the scope.
    pub fn scope(&self) -> &'static str {
        match self {
            TargetRecord::Run { .. } => "run",
            TargetRecord::Interval { .. } => "interval",
        }
    }

    /// The measure bounded.
    pub fn measure(&self) -> Measure {
        match self {
            TargetRecord::Run { measure, .. } | TargetRecord::Interval { measure, .. } => *measure,
        }
    }

    /// The side of the bound and the bound, in the measure's unit.
    pub fn bound(&self) -> (Side, f64) {
        match self {
            TargetRecord::Run { side, bound, .. } | TargetRecord::Interval { side, bound, .. } => {
                (*side, *bound)
            }
        }
    }

    /// Whether the target holds (over the run, or in every judged interval); `None` when it
    /// cannot be judged.
    pub fn met(&self) -> Option<bool> {
        match self {
            TargetRecord::Run { met, .. } | TargetRecord::Interval { met, .. } => *met,
        }
    }

    /// A short mark for a terminal line: `✓` (holds), `✗` (fails) or `?` (cannot be
    /// judged), after the judged intervals met of those judged for a target of every
    /// interval (`46/48 ✗`).
    pub fn mark(&self) -> String {
        let mark = match self.met() {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        match self {
            TargetRecord::Run { .. } => mark.to_string(),
            TargetRecord::Interval {
                intervals_judged,
                intervals_met,
                ..
            } => format!("{intervals_met}/{intervals_judged} {mark}"),
        }
    }
}

/// A target of a frontier file, as `frontier.csv` and the report's table name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetColumn {
    /// `"run"` or `"interval"` (see [`TargetRecord::scope`]).
    pub scope: &'static str,
    /// The measure bounded.
    pub measure: Measure,
    /// The column's stem: the measure's key (`service_level`), or the key and the scope
    /// (`service_level_interval`, `service_level_run`) when the scenario bounds the measure
    /// both in every interval and over the run. The CSV's columns are `<name>_met` and
    /// `validation_<name>_met`.
    pub name: String,
}

/// The targets the file's evaluations were judged on, in the order of their records (every
/// evaluation of one search judges the same targets): those of its first evaluation.
pub fn target_columns(file: &FrontierFile) -> Vec<TargetColumn> {
    let Some(first) = file.levels.iter().find_map(|l| {
        l.best
            .iter()
            .chain(l.validation.as_ref().map(|v| &v.outcome))
            .chain(&l.evaluations)
            .next()
    }) else {
        return Vec::new();
    };
    let targets = &first.targets;
    targets
        .iter()
        .map(|t| {
            let twice = targets
                .iter()
                .any(|o| o.measure() == t.measure() && o.scope() != t.scope());
            TargetColumn {
                scope: t.scope(),
                measure: t.measure(),
                name: if twice {
                    format!("{}_{}", t.measure().key(), t.scope())
                } else {
                    t.measure().key().to_string()
                },
            }
        })
        .collect()
}

/// A level's answer on the validation seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationRecord {
    /// What the run measured.
    pub outcome: OutcomeRecord,
    /// Whether the quality meets the level there.
    pub meets_level: bool,
    /// Whether every target of the scenario holds there.
    pub targets_hold: bool,
    /// Whether the level lies inside the run's 95 % interval of the quality.
    pub level_within_ci: bool,
}

/// One level of `frontier.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelRecord {
    /// The level's number in the ladder, from 0.
    pub index: usize,
    /// The level of the quality measure.
    pub level: f64,
    /// Whether a point meets it.
    pub status: Status,
    /// How the search went, in words.
    pub note: String,
    /// The cheapest feasible point found.
    pub best: Option<OutcomeRecord>,
    /// The best point on the validation seed.
    pub validation: Option<ValidationRecord>,
    /// Every point the level's search considered, in order.
    pub evaluations: Vec<OutcomeRecord>,
}

impl LevelRecord {
    fn of(l: &LevelResult, quality: Measure) -> LevelRecord {
        LevelRecord {
            index: l.index,
            level: l.level,
            status: l.status,
            note: l.note.clone(),
            best: l
                .best
                .as_ref()
                .map(|b| OutcomeRecord::of(b, quality, l.level)),
            validation: l.validation.as_ref().map(|v| ValidationRecord {
                outcome: OutcomeRecord::of(&v.outcome, quality, l.level),
                meets_level: v.meets_level,
                targets_hold: v.targets_hold,
                level_within_ci: v.level_within_ci,
            }),
            evaluations: l
                .tried
                .iter()
                .map(|t| OutcomeRecord::of(t, quality, l.level))
                .collect(),
        }
    }
}

/// The work of `levels`: distinct points tried on the search's seed (each simulated once,
/// whichever level asked first) plus the validation runs, and the contacts of those runs.
fn totals(levels: &[LevelRecord]) -> (usize, u64) {
    let mut seen: Vec<&[f64]> = Vec::new();
    let (mut points, mut contacts) = (0, 0);
    for l in levels {
        for e in &l.evaluations {
            if !seen.contains(&e.values.as_slice()) {
                seen.push(&e.values);
                points += 1;
                contacts += e.contacts;
            }
        }
        if let Some(v) = &l.validation {
            points += 1;
            contacts += v.outcome.contacts;
        }
    }
    (points, contacts)
}

impl FrontierFile {
    /// The file of a search's result.
    pub fn of(run: &FrontierRun, found: &Frontier) -> FrontierFile {
        let o = run.options;
        let levels: Vec<LevelRecord> = found
            .levels
            .iter()
            .map(|l| LevelRecord::of(l, o.quality))
            .collect();
        let (points_simulated, contacts_simulated) = totals(&levels);
        debug_assert_eq!(
            (points_simulated, contacts_simulated),
            (found.simulated_points, found.contacts),
            "the totals counted from the levels are the search's"
        );
        FrontierFile {
            staffsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: run.scenario.to_string(),
            scenario_file: run.scenario_file.to_string(),
            scenario_sha256: run.scenario_sha256.to_string(),
            method: METHOD.to_string(),
            options: FileOptions {
                quality: o.quality,
                cost: o.cost,
                levels: o.levels.clone(),
                decide: run.decisions.to_vec(),
                replications: run.replications,
                seed: run.seed,
                validation_seed: o.validation_seed,
                max_evaluations: o.max_evaluations,
                shard: o.shard,
            },
            levels,
            points_simulated,
            contacts_simulated,
        }
    }

    /// Whether at least one level has an answer.
    pub fn any_feasible(&self) -> bool {
        self.levels.iter().any(|l| l.status == Status::Feasible)
    }
}

/// A level as people write it: `98.5 %` for a share, the number otherwise.
pub fn level_text(quality: Measure, level: f64) -> String {
    match quality.unit() {
        Unit::Share => format!("{} %", (100.0 * level * 1e6).round() / 1e6),
        _ => format!("{level}"),
    }
}

/// The cells of an estimate of a measure in `unit` (mean, interval low and high), rounded as
/// every CSV number is ([`super::number::csv_number`]); empty when there is none.
fn estimate_cells(e: Option<&EstimateRecord>, unit: Unit) -> [String; 3] {
    match e {
        Some(e) => [
            csv_cell(e.mean, unit),
            csv_cell(e.ci95.map(|c| c[0]), unit),
            csv_cell(e.ci95.map(|c| c[1]), unit),
        ],
        None => [String::new(), String::new(), String::new()],
    }
}

/// `frontier.csv`: one row per level (see the output reference for the columns).
///
/// # Errors
///
/// The CSV writer's error, which for a writer into memory does not happen in practice.
pub fn frontier_csv(file: &FrontierFile) -> anyhow::Result<Vec<u8>> {
    let decide = &file.options.decide;
    let (cost, quality) = (file.options.cost.unit(), file.options.quality.unit());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["level".into(), "status".into()];
    header.extend(decide.iter().map(|d| d.paths[0].clone()));
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
    let targets = target_columns(file);
    header.extend(targets.iter().map(|t| format!("{}_met", t.name)));
    header.extend(targets.iter().map(|t| format!("validation_{}_met", t.name)));
    w.write_record(&header)?;
    let met = |o: Option<&OutcomeRecord>, t: &TargetColumn| {
        o.and_then(|o| o.target(t))
            .and_then(TargetRecord::met)
            .map_or(String::new(), |m| m.to_string())
    };
    for l in &file.levels {
        let b = l.best.as_ref();
        let mut row = vec![format!("{}", l.level), l.status.key().to_string()];
        row.extend((0..decide.len()).map(|i| {
            b.and_then(|b| b.values.get(i))
                .map_or(String::new(), |v| format!("{v}"))
        }));
        row.extend(estimate_cells(b.map(|b| &b.cost), cost));
        row.extend(estimate_cells(b.map(|b| &b.quality), quality));
        row.extend(estimate_cells(b.map(|b| &b.csat_survey), Unit::Score));
        row.extend(estimate_cells(
            b.map(|b| &b.true_resolution_rate),
            Unit::Share,
        ));
        row.push(b.map_or(String::new(), |b| b.targets_hold.to_string()));
        row.push(l.evaluations.len().to_string());
        let v = l.validation.as_ref();
        row.extend(estimate_cells(v.map(|v| &v.outcome.cost), cost));
        row.extend(estimate_cells(v.map(|v| &v.outcome.quality), quality));
        row.extend([
            v.map_or(String::new(), |v| v.meets_level.to_string()),
            v.map_or(String::new(), |v| v.targets_hold.to_string()),
            v.map_or(String::new(), |v| v.level_within_ci.to_string()),
        ]);
        row.extend(targets.iter().map(|t| met(b, t)));
        row.extend(targets.iter().map(|t| met(v.map(|v| &v.outcome), t)));
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!(e.to_string()))
}

/// `plots/frontier.svg`: two panels, the survey score against cost and true resolution against
/// cost, for the feasible levels, each point tagged with its level. Where the survey stays
/// flat while true resolution moves (or the reverse), optimising the survey would mislead.
///
/// # Errors
///
/// "cannot draw a chart: …" if plotters fails.
pub fn frontier_svg(file: &FrontierFile) -> anyhow::Result<String> {
    let quality = file.options.quality;
    let cost = file.options.cost;
    let panel = |measure: Measure, pick: fn(&OutcomeRecord) -> &EstimateRecord, colour| {
        let points: Vec<Point> = file
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
                    tag: Some(level_text(quality, l.level)),
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
        |o| &o.true_resolution_rate,
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

/// Writes `frontier.csv`, `frontier.json` and `plots/frontier.svg` into the locked output
/// `folder` as its whole output (see [`OutputFolder::commit`]).
///
/// # Errors
///
/// An error naming the file that cannot be written, or the chart's drawing error. Every file
/// is made before any is written.
pub fn write_frontier(folder: &mut OutputFolder, file: &FrontierFile) -> anyhow::Result<()> {
    let files = [
        ("frontier.csv", frontier_csv(file)?),
        (
            "frontier.json",
            (serde_json::to_string_pretty(file)? + "\n").into_bytes(),
        ),
        ("plots/frontier.svg", frontier_svg(file)?.into_bytes()),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    folder.commit("frontier", &files)
}

/// Reads `dir/frontier.json`.
///
/// # Errors
///
/// As [`super::folder::verify`] if the folder is not a whole output; "cannot read …" if the
/// file cannot be read; "… is not the frontier.json of `staffsim frontier`" with the parser's
/// reason (the line and the field) if it does not parse as one.
pub fn read_frontier(dir: &Path) -> anyhow::Result<FrontierFile> {
    super::folder::verify(dir)?;
    let path = dir.join("frontier.json");
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: FrontierFile = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not the frontier.json of `staffsim frontier`",
            path.display()
        )
    })?;
    let n = file.options.decide.len();
    for l in &file.levels {
        let at = |what: &str| format!("{}: level {}: {what}", path.display(), l.index);
        if file.options.levels.get(l.index) != Some(&l.level) {
            bail!(at(&format!(
                "its level {} is not number {} of the ladder {:?}",
                l.level, l.index, file.options.levels
            )));
        }
        let records = l
            .best
            .iter()
            .chain(l.validation.as_ref().map(|v| &v.outcome))
            .chain(&l.evaluations);
        if records.clone().any(|o| o.values.len() != n) {
            bail!(at(&format!(
                "a point does not have one value per key ({n})"
            )));
        }
        if (l.status == Status::Feasible) != l.best.is_some() {
            bail!(at("its status and its best point disagree"));
        }
    }
    Ok(file)
}

/// Joins the folders of frontier shards (`staffsim frontier --shard I/N`) into the file of
/// the whole search, as a single run would have written it: the levels in ladder order, the
/// totals counted from them.
///
/// # Errors
///
/// An error naming the folder if no folder is given, a `frontier.json` cannot be read (see
/// [`read_frontier`]), a folder holds a whole search rather than a shard, the shards disagree
/// on their number or come from different searches (another scenario, by its SHA-256, or
/// other options: the message names them), a shard or a level appears twice, a level belongs
/// to another shard, or a shard or a level is missing (each named).
pub fn merge_frontier_parts(dirs: &[&Path]) -> anyhow::Result<FrontierFile> {
    let mut first: Option<(FrontierFile, String)> = None;
    let mut count: Option<usize> = None;
    let mut shards: BTreeMap<usize, String> = BTreeMap::new();
    let mut levels: BTreeMap<usize, (LevelRecord, String)> = BTreeMap::new();
    for dir in dirs {
        let part = read_frontier(dir)?;
        let here = dir.display().to_string();
        let Some(shard) = part.options.shard else {
            bail!("{here} holds a whole frontier search, not a shard");
        };
        let identity = FrontierFile {
            levels: Vec::new(),
            points_simulated: 0,
            contacts_simulated: 0,
            options: FileOptions {
                shard: None,
                ..part.options.clone()
            },
            ..part.clone()
        };
        if let Some((whole, there)) = &first {
            let differs = differences(whole, &identity);
            if !differs.is_empty() {
                bail!(
                    "{here} belongs to another frontier search than {there}: they differ in {}",
                    differs.join(", ")
                );
            }
        } else {
            first = Some((identity, here.clone()));
        }
        let n = *count.get_or_insert(shard.count);
        if n != shard.count {
            bail!("{here} is one of {} shards, the others of {n}", shard.count);
        }
        if let Some(other) = shards.insert(shard.index, here.clone()) {
            bail!(
                "shard {}/{n} appears twice: {other} and {here}",
                shard.index + 1
            );
        }
        for l in part.levels {
            if !shard.owns(l.index) {
                bail!(
                    "{here}: level {} (number {} of the ladder) does not belong to shard {}/{n}",
                    l.level,
                    l.index + 1,
                    shard.index + 1
                );
            }
            if let Some((_, other)) = levels.get(&l.index) {
                bail!(
                    "level {} (number {} of the ladder) appears twice: in {other} and {here}",
                    l.level,
                    l.index + 1
                );
            }
            levels.insert(l.index, (l, here.clone()));
        }
    }
    let (mut whole, _) = first.context("no shard folders given")?;
    let count = count.unwrap_or(1);
    let ladder = &whole.options.levels;
    let mut missing = Vec::new();
    let absent: Vec<String> = (0..count)
        .filter(|i| !shards.contains_key(i))
        .map(|i| format!("{}/{count}", i + 1))
        .collect();
    if !absent.is_empty() {
        missing.push(format!("missing shard(s) {}", absent.join(", ")));
    }
    let absent: Vec<String> = (0..ladder.len())
        .filter(|i| !levels.contains_key(i))
        .map(|i| {
            format!(
                "{} (number {} of the ladder, shard {}/{count})",
                ladder[i],
                i + 1,
                i % count + 1
            )
        })
        .collect();
    if !absent.is_empty() {
        missing.push(format!("missing level(s) {}", absent.join(", ")));
    }
    if !missing.is_empty() {
        bail!("incomplete: {}", missing.join("; "));
    }
    whole.levels = levels.into_values().map(|(l, _)| l).collect();
    (whole.points_simulated, whole.contacts_simulated) = totals(&whole.levels);
    Ok(whole)
}

/// The fields in which two files' identities differ, by their JSON names (`scenario_sha256`,
/// `options.seed`).
fn differences(a: &FrontierFile, b: &FrontierFile) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    let mut out = Vec::new();
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return out;
    };
    for (k, va) in a {
        let vb = &b[k];
        match (k.as_str(), va.as_object(), vb.as_object()) {
            ("options", Some(oa), Some(ob)) => out.extend(
                oa.iter()
                    .filter(|(ok, ov)| ob.get(*ok) != Some(*ov))
                    .map(|(ok, _)| format!("options.{ok}")),
            ),
            _ if va != vb => out.push(k.clone()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(values: &[f64], x: f64, contacts: u64) -> OutcomeRecord {
        let e = EstimateRecord {
            mean: Some(x),
            ci95: Some([x - 1e-3, x + 1e-3]),
        };
        OutcomeRecord {
            values: values.to_vec(),
            cost: e,
            quality: e,
            csat_survey: e,
            true_resolution_rate: e,
            meets_level: true,
            targets_hold: true,
            targets: Vec::new(),
            contacts,
        }
    }

    /// Abandonment over the run at `x` (at most 3 %), service level in each of 48 intervals
    /// (at least 80 %, met in `met` of them, the worst at `x`), and service level over the
    /// run (at least 80 %, met).
    fn targets(x: f64, met: usize) -> Vec<TargetRecord> {
        vec![
            TargetRecord::Run {
                measure: Measure::AbandonmentRate,
                side: Side::Max,
                bound: 0.03,
                mean: Some(x),
                ci95: Some([x - 1e-3, x + 1e-3]),
                judged: Some(x),
                met: Some(x <= 0.03),
            },
            TargetRecord::Run {
                measure: Measure::ServiceLevel,
                side: Side::Min,
                bound: 0.8,
                mean: Some(0.85),
                ci95: None,
                judged: Some(0.85),
                met: Some(true),
            },
            TargetRecord::Interval {
                measure: Measure::ServiceLevel,
                side: Side::Min,
                bound: 0.8,
                intervals: 48,
                intervals_judged: 48,
                intervals_met: met,
                worst_interval_start_seconds: Some(3600.0),
                worst_value: Some(x),
                met: Some(met == 48),
            },
        ]
    }

    fn level(index: usize, tried: &[f64], best: Option<f64>) -> LevelRecord {
        let evaluations: Vec<OutcomeRecord> = tried.iter().map(|&v| record(&[v], v, 100)).collect();
        let best = best.map(|v| record(&[v], v, 100));
        LevelRecord {
            index,
            level: 0.9 + 0.01 * index as f64,
            status: if best.is_some() {
                Status::Feasible
            } else {
                Status::Infeasible
            },
            note: String::new(),
            validation: best.clone().map(|b| ValidationRecord {
                outcome: OutcomeRecord { contacts: 7, ..b },
                meets_level: true,
                targets_hold: true,
                level_within_ci: false,
            }),
            best,
            evaluations,
        }
    }

    #[test]
    fn the_totals_count_each_point_once_and_every_validation() {
        // Levels 0 and 1 share the point 0.5: simulated once. Two validations of 7 contacts.
        let levels = [
            level(0, &[0.4, 0.5], Some(0.5)),
            level(1, &[0.5, 0.6], Some(0.6)),
            level(2, &[0.6], None),
        ];
        assert_eq!(totals(&levels), (3 + 2, 300 + 14));
    }

    #[test]
    fn frontier_json_reads_back_to_the_same_file_and_bytes() {
        // Numbers whose shortest form a parser that is not correctly rounded gets wrong in the
        // last bit (the first is a true resolution the shipped desk measured).
        let awkward = [
            0.9905709471011841,
            368612.15334003756,
            0.1 + 0.2,
            1e-300,
            5e-324,
        ];
        let levels: Vec<LevelRecord> = awkward
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let mut l = LevelRecord {
                    level: 0.9 + 0.01 * i as f64,
                    ..level(i, &[x], Some(x))
                };
                for o in l.best.iter_mut().chain(&mut l.evaluations) {
                    o.targets = targets(x, 47);
                }
                l
            })
            .collect();
        let (points_simulated, contacts_simulated) = totals(&levels);
        let file = FrontierFile {
            staffsim_version: "0".into(),
            scenario: "Desk".into(),
            scenario_file: "desk.toml".into(),
            scenario_sha256: "ab".into(),
            method: METHOD.into(),
            options: FileOptions {
                quality: Measure::TrueResolutionRate,
                cost: Measure::CostTotal,
                levels: levels.iter().map(|l| l.level).collect(),
                decide: vec![Decision {
                    paths: vec!["x".into()],
                    low: 0.0,
                    high: 1.0,
                    step: None,
                    integer: false,
                }],
                replications: 3,
                seed: 1,
                validation_seed: 2,
                max_evaluations: 60,
                shard: Some(Shard::new(0, 1)),
            },
            levels,
            points_simulated,
            contacts_simulated,
        };
        let text = serde_json::to_string_pretty(&file).unwrap();
        let back: FrontierFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back, file);
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        assert_eq!(frontier_csv(&back).unwrap(), frontier_csv(&file).unwrap());
        // An undefined mean is written as null and read back as undefined.
        let nan = EstimateRecord::from(&Estimate {
            mean: Some(f64::NAN),
            std_dev: None,
            ci95: None,
            n: 0,
        });
        assert_eq!(nan.mean, None);
    }

    #[test]
    fn each_target_gets_a_column_for_the_best_point_and_one_for_the_fresh_seed() {
        let mut l = level(0, &[0.5], Some(0.5));
        for o in l.best.iter_mut().chain(&mut l.evaluations) {
            o.targets = targets(0.02, 48);
        }
        l.validation.as_mut().unwrap().outcome.targets = targets(0.04, 46);
        let mut file = FrontierFile {
            staffsim_version: "0".into(),
            scenario: "Desk".into(),
            scenario_file: "desk.toml".into(),
            scenario_sha256: "ab".into(),
            method: METHOD.into(),
            options: FileOptions {
                quality: Measure::TrueResolutionRate,
                cost: Measure::CostTotal,
                levels: vec![0.9, 0.91],
                decide: vec![Decision {
                    paths: vec!["x".into()],
                    low: 0.0,
                    high: 1.0,
                    step: None,
                    integer: false,
                }],
                replications: 3,
                seed: 1,
                validation_seed: 2,
                max_evaluations: 60,
                shard: None,
            },
            levels: vec![l, level(1, &[0.6], None)],
            points_simulated: 0,
            contacts_simulated: 0,
        };
        // Service level is bounded in every interval and over the run: its columns say which.
        let names: Vec<String> = target_columns(&file).into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "abandonment_rate",
                "service_level_run",
                "service_level_interval"
            ]
        );
        let csv = String::from_utf8(frontier_csv(&file).unwrap()).unwrap();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let tail = &header[header.len() - 6..];
        assert_eq!(
            tail,
            [
                "abandonment_rate_met",
                "service_level_run_met",
                "service_level_interval_met",
                "validation_abandonment_rate_met",
                "validation_service_level_run_met",
                "validation_service_level_interval_met",
            ]
        );
        let cells = |line: &str| {
            let v: Vec<String> = line.split(',').map(str::to_string).collect();
            v[v.len() - 6..].to_vec()
        };
        // The fresh seed loses too many and misses two intervals; the infeasible level says
        // nothing.
        assert_eq!(
            cells(lines.next().unwrap()),
            ["true", "true", "true", "false", "true", "false"]
        );
        assert_eq!(cells(lines.next().unwrap()), ["", "", "", "", "", ""]);
        let b = file.levels[0].validation.as_ref().unwrap();
        let marks: Vec<String> = b.outcome.targets.iter().map(TargetRecord::mark).collect();
        assert_eq!(marks, ["✗", "✓", "46/48 ✗"]);
        // One scope only: the plain measure's key.
        for l in &mut file.levels {
            for o in l.best.iter_mut().chain(&mut l.evaluations) {
                o.targets
                    .retain(|t| (t.scope(), t.measure()) != ("run", Measure::ServiceLevel));
            }
        }
        let names: Vec<String> = target_columns(&file).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["abandonment_rate", "service_level"]);
    }

    #[test]
    fn a_file_without_target_records_still_reads() {
        let json = serde_json::to_value(record(&[0.5], 0.5, 1)).unwrap();
        let mut old = json.as_object().unwrap().clone();
        old.remove("targets");
        let back: OutcomeRecord = serde_json::from_value(old.into()).unwrap();
        assert!(back.targets.is_empty());
        let t = serde_json::to_value(&targets(0.02, 48)[2]).unwrap();
        assert_eq!(t["scope"], "interval");
        assert_eq!(t["side"], "min");
        assert_eq!(t["intervals_met"], 48);
    }

    #[test]
    fn levels_read_as_people_write_them() {
        assert_eq!(level_text(Measure::TrueResolutionRate, 0.9905), "99.05 %");
        assert_eq!(level_text(Measure::TrueResolutionRate, 1.0), "100 %");
        assert_eq!(level_text(Measure::CsatSurvey, 4.2), "4.2");
    }
}
