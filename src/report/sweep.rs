//! The files of a sweep: `results.csv`, `replications.csv`, `differences.csv`, `pareto.csv`,
//! `manifest.json`, and for a Latin hypercube `sensitivity.csv`; and reading a shard's part
//! back for `staffsim merge`.
//!
//! Numbers are written in Rust's shortest exact form, so a value read back from
//! `replications.csv` is the same `f64`: merging shards recomputes every estimate from the
//! same bits and writes the same bytes as a single run.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use toml::Value;

use super::folder::OutputFolder;
use super::number::csv_cell;
use crate::experiment::sensitivity::{self, MeasureSensitivity};
use crate::experiment::stats::Estimate;
use crate::experiment::sweep::{Adaptive, PointResult, ReplicationRecord, Shard, missing_shard};
use crate::metrics::{Measure, Unit};
use crate::plan::pareto;
use crate::scenario::sweep::SweepSpec;

/// What a sweep ran, to check that shards belong together and to reproduce the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Version of staffsim.
    pub staffsim_version: String,
    /// File name of the scenario.
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes, hexadecimal.
    pub scenario_sha256: String,
    /// The scenario's seed.
    pub seed: u64,
    /// Replications per point (the first round, with adaptive replications).
    pub replications: u32,
    /// Whether each point had its own seed (no common random numbers).
    pub independent_streams: bool,
    /// Adaptive replications, if any.
    pub adaptive: Option<Adaptive>,
    /// The cost measure of the frontier.
    pub cost: Measure,
    /// The quality measure of the frontier.
    pub quality: Measure,
    /// The point that differences are taken against.
    pub baseline: usize,
    /// The grid.
    pub sweep: SweepSpec,
    /// Number of points in the whole grid.
    pub points: usize,
    /// The share of the grid this output holds (`None`: all of it).
    pub shard: Option<Shard>,
}

impl Manifest {
    /// Checks a manifest read from a folder (a person or a broken disk may have edited it):
    /// the grid is sound ([`SweepSpec::check`]) and has `points` points, at least one
    /// replication, a baseline inside the grid, and a shard inside its count.
    ///
    /// # Errors
    ///
    /// A message saying which field is wrong and what it should be.
    pub fn check(&self) -> Result<(), String> {
        self.sweep.check().map_err(|e| format!("sweep: {e}"))?;
        let grid = self.sweep.len();
        if self.points != grid {
            return Err(format!(
                "points: the manifest says {} but its grid has {grid}",
                self.points
            ));
        }
        if self.replications == 0 {
            return Err("replications: expected at least 1, found 0".into());
        }
        if self.baseline >= self.points {
            return Err(format!(
                "baseline: point {} is outside the grid of {} points (0 to {})",
                self.baseline,
                self.points,
                self.points - 1
            ));
        }
        if let Some(shard) = self.shard
            && (shard.count == 0 || shard.index >= shard.count)
        {
            return Err(format!(
                "shard: index {} of count {} (expected a count of 1 or more and an index below \
                 it)",
                shard.index, shard.count
            ));
        }
        if let Some(shard) = self.shard
            && let Some(t) = shard.task
            && t.scheduler.shard_of(t.id, shard.count) != shard.index
        {
            return Err(format!(
                "shard.task: {} {} runs shard {} of {}, not shard {}",
                t.scheduler.task_word(),
                t.id,
                t.scheduler.shard_of(t.id, shard.count) + 1,
                shard.count,
                shard.index + 1
            ));
        }
        Ok(())
    }

    /// The same run without the shard: what every shard of one sweep must share.
    pub fn unsharded(&self) -> Manifest {
        Manifest {
            shard: None,
            ..self.clone()
        }
    }
}

/// SHA-256 of `bytes` in hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A value of `replications.csv`, exactly (the shortest form that reads back as the same
/// `f64`): `merge` recomputes every other file from it, so it must not be rounded. Empty when
/// undefined.
fn exact(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

fn setting(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The cells of an estimate in `unit`: mean, standard deviation, interval low and high.
fn estimate_cells(e: &Estimate, unit: Unit) -> [String; 4] {
    [
        csv_cell(e.mean, unit),
        csv_cell(e.std_dev, unit),
        csv_cell(e.ci95.map(|c| c[0]), unit),
        csv_cell(e.ci95.map(|c| c[1]), unit),
    ]
}

/// Header cells: `point`, then one column per axis.
fn point_header(spec: &SweepSpec) -> Vec<String> {
    std::iter::once("point".to_string())
        .chain(spec.axes.iter().map(|a| a.path.clone()))
        .collect()
}

fn point_cells(spec: &SweepSpec, index: usize) -> Vec<String> {
    std::iter::once(index.to_string())
        .chain(spec.point(index).iter().map(setting))
        .collect()
}

fn csv_bytes(rows: Vec<Vec<String>>) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}

/// `replications.csv`: one row per point × replication, with its seed and every measure.
///
/// # Errors
///
/// The CSV writer's error if a replication does not hold one value per measure of
/// [`Measure::ALL`] (the writer refuses rows of unequal length); results from
/// [`crate::experiment::sweep::run`] or [`merge_parts`] always do.
pub fn replications_csv(spec: &SweepSpec, results: &[PointResult]) -> anyhow::Result<Vec<u8>> {
    let mut header = point_header(spec);
    header.extend(["replication".to_string(), "seed".to_string()]);
    header.extend(Measure::ALL.iter().map(|m| m.key().to_string()));
    let mut rows = vec![header];
    for r in results {
        for rep in &r.replications {
            let mut row = point_cells(spec, r.index);
            row.extend([rep.replication.to_string(), rep.seed.to_string()]);
            row.extend(rep.values.iter().map(|&v| exact(v)));
            rows.push(row);
        }
    }
    csv_bytes(rows)
}

/// `results.csv`: one row per point, settings first, then each measure's mean, standard
/// deviation and 95 % interval.
///
/// # Errors
///
/// The CSV writer's error; every row has as many cells as the header, so this does not fail
/// in practice.
pub fn results_csv(spec: &SweepSpec, results: &[PointResult]) -> anyhow::Result<Vec<u8>> {
    let mut header = point_header(spec);
    header.push("replications".into());
    for m in Measure::ALL {
        for suffix in ["mean", "sd", "ci_low", "ci_high"] {
            header.push(format!("{}_{suffix}", m.key()));
        }
    }
    let mut rows = vec![header];
    for r in results {
        let mut row = point_cells(spec, r.index);
        row.push(r.replications.len().to_string());
        for m in Measure::ALL {
            row.extend(estimate_cells(&r.estimate(m), m.unit()));
        }
        rows.push(row);
    }
    csv_bytes(rows)
}

/// `differences.csv`: per point, each measure's paired difference against the baseline point
/// (replication k against replication k), with its 95 % interval.
///
/// # Errors
///
/// "the baseline point is not in the results" if no result has the index `baseline` (a
/// shard's results, for instance, may not hold it).
pub fn differences_csv(
    spec: &SweepSpec,
    results: &[PointResult],
    baseline: usize,
) -> anyhow::Result<Vec<u8>> {
    let base = results
        .iter()
        .find(|r| r.index == baseline)
        .context("the baseline point is not in the results")?;
    let mut header = point_header(spec);
    for m in Measure::ALL {
        for suffix in ["diff", "diff_ci_low", "diff_ci_high"] {
            header.push(format!("{}_{suffix}", m.key()));
        }
    }
    let mut rows = vec![header];
    for r in results {
        let mut row = point_cells(spec, r.index);
        for m in Measure::ALL {
            let [mean, _, low, high] = estimate_cells(&r.difference(base, m), m.unit());
            row.extend([mean, low, high]);
        }
        rows.push(row);
    }
    csv_bytes(rows)
}

/// `pareto.csv`: the points not dominated on cost against quality, cheapest first.
///
/// # Errors
///
/// The CSV writer's error; every row has as many cells as the header, so this does not fail
/// in practice.
pub fn pareto_csv(
    spec: &SweepSpec,
    results: &[PointResult],
    cost: Measure,
    quality: Measure,
) -> anyhow::Result<Vec<u8>> {
    let mut header = point_header(spec);
    for m in [cost, quality] {
        for suffix in ["mean", "ci_low", "ci_high"] {
            header.push(format!("{}_{suffix}", m.key()));
        }
    }
    let mut rows = vec![header];
    for i in pareto(results, cost, quality) {
        let r = &results[i];
        let mut row = point_cells(spec, r.index);
        for m in [cost, quality] {
            let [mean, _, low, high] = estimate_cells(&r.estimate(m), m.unit());
            row.extend([mean, low, high]);
        }
        rows.push(row);
    }
    csv_bytes(rows)
}

/// The rank regression of every measure on the axes, for a whole Latin hypercube sweep
/// (`None` for a grid, or a shard: a shard holds only some of the samples). The bootstrap's
/// seed is the design's, so a merge gives the same intervals as a single run.
pub fn sensitivity(
    manifest: &Manifest,
    results: &[PointResult],
) -> Option<Vec<MeasureSensitivity>> {
    let lhs = manifest.sweep.lhs?;
    if manifest.shard.is_some() {
        return None;
    }
    Some(sensitivity::of_sweep(
        &manifest.sweep,
        results,
        lhs.seed.unwrap_or(manifest.seed),
    ))
}

/// `sensitivity.csv`: one row per measure × axis, in the order of [`Measure::ALL`] and of
/// the axes: the standardised rank regression coefficient with its 95 % bootstrap interval,
/// Spearman's rank correlation, the R² of the measure's rank regression, and the samples
/// where the measure is defined. An undefined value is an empty cell.
///
/// # Errors
///
/// The CSV writer's error; every row has as many cells as the header, so this does not fail
/// in practice.
pub fn sensitivity_csv(spec: &SweepSpec, rows: &[MeasureSensitivity]) -> anyhow::Result<Vec<u8>> {
    let header = [
        "measure", "input", "srrc", "lo", "hi", "spearman", "r2", "samples",
    ];
    let mut out = vec![header.iter().map(|h| h.to_string()).collect()];
    for m in rows {
        let r = &m.regression;
        for (axis, c) in spec.axes.iter().zip(&r.inputs) {
            out.push(vec![
                m.measure.key().to_string(),
                axis.path.clone(),
                csv_cell(c.srrc, Unit::Plain),
                csv_cell(c.ci95.map(|c| c[0]), Unit::Plain),
                csv_cell(c.ci95.map(|c| c[1]), Unit::Plain),
                csv_cell(c.spearman, Unit::Plain),
                csv_cell(r.r2, Unit::Plain),
                r.samples.to_string(),
            ]);
        }
    }
    csv_bytes(out)
}

/// Writes the files of a sweep into the locked output `folder` as its whole output (see
/// [`OutputFolder::commit`]): a shard writes its manifest and `replications.csv`; a whole sweep
/// writes every file, and `sensitivity.csv` when `sensitivity` is given (see
/// [`mod@sensitivity`]).
///
/// # Errors
///
/// An error naming the file if a file cannot be written; for a whole sweep, if the
/// manifest's baseline point is not in `results` (see [`differences_csv`]). Every file is made
/// before any is written.
pub fn write_sweep(
    folder: &mut OutputFolder,
    manifest: &Manifest,
    results: &[PointResult],
    sensitivity: Option<&[MeasureSensitivity]>,
) -> anyhow::Result<()> {
    let spec = &manifest.sweep;
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        (
            "manifest.json",
            (serde_json::to_string_pretty(manifest)? + "\n").into_bytes(),
        ),
        ("replications.csv", replications_csv(spec, results)?),
    ];
    if manifest.shard.is_none() {
        files.push(("results.csv", results_csv(spec, results)?));
        files.push((
            "differences.csv",
            differences_csv(spec, results, manifest.baseline)?,
        ));
        files.push((
            "pareto.csv",
            pareto_csv(spec, results, manifest.cost, manifest.quality)?,
        ));
        if let Some(rows) = sensitivity {
            files.push(("sensitivity.csv", sensitivity_csv(spec, rows)?));
        }
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    folder.commit("sweep", &files)
}

/// One shard's output read back: its manifest and its replications.
fn read_part(dir: &Path) -> anyhow::Result<(Manifest, Vec<(usize, ReplicationRecord)>)> {
    // Only a shard written whole, and the files it wrote.
    super::folder::verify(dir)?;
    let path = dir.join("manifest.json");
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
    )
    .with_context(|| format!("{} is not a staffsim sweep manifest", path.display()))?;
    manifest
        .check()
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let path = dir.join("replications.csv");
    let mut reader =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let spec = &manifest.sweep;
    let mut header = point_header(spec);
    header.extend(["replication".to_string(), "seed".to_string()]);
    header.extend(Measure::ALL.iter().map(|m| m.key().to_string()));
    let found = reader
        .headers()
        .with_context(|| format!("{}: bad CSV", path.display()))?;
    if found.iter().ne(header.iter().map(String::as_str)) {
        bail!(
            "{}:1: the header does not match the manifest's grid and this version's measures \
             (expected {})",
            path.display(),
            header.join(",")
        );
    }
    let axes = spec.axes.len();
    let first_measure = 1 + axes + 2;
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: bad CSV", path.display()))?;
        let line = line + 2;
        let field = |i: usize| record.get(i).unwrap_or("");
        let bad = |column: usize| {
            format!(
                "{}:{line}: column `{}`: malformed",
                path.display(),
                header[column]
            )
        };
        let point: usize = field(0).parse().with_context(|| bad(0))?;
        if point >= manifest.points {
            bail!(
                "{}:{line}: point {point} is outside the grid of {} points",
                path.display(),
                manifest.points
            );
        }
        let expected = point_cells(spec, point);
        if let Some(i) = (1..=axes).find(|&i| field(i) != expected[i]) {
            bail!(
                "{}:{line}: column `{}`: point {point} has the setting {}, not {:?}",
                path.display(),
                header[i],
                expected[i],
                field(i)
            );
        }
        let replication: u32 = field(1 + axes).parse().with_context(|| bad(1 + axes))?;
        let seed: u64 = field(2 + axes).parse().with_context(|| bad(2 + axes))?;
        let values = (0..Measure::ALL.len())
            .map(|m| {
                let column = first_measure + m;
                let cell = field(column);
                if cell.is_empty() {
                    return Ok(f64::NAN);
                }
                match cell.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(anyhow::anyhow!(
                        "{} (expected a finite number, or an empty cell for undefined), found {cell:?}",
                        bad(column)
                    )),
                }
            })
            .collect::<anyhow::Result<Vec<f64>>>()?;
        rows.push((
            point,
            ReplicationRecord {
                replication,
                seed,
                values,
            },
        ));
    }
    Ok((manifest, rows))
}

/// Merges the outputs of shards: checks that their manifests match, that every shard is
/// there once, and that every point's replications are complete and not duplicated; returns
/// the whole sweep's manifest and results, as a single run would have them.
///
/// # Errors
///
/// An error, naming the folder or file where there is one, if no folder is given, a
/// folder's `manifest.json` or `replications.csv` cannot be read or parsed (a malformed row
/// is named by its line), a folder holds a whole sweep rather than a shard, the shards
/// disagree on their number or come from different sweeps (their manifests differ in
/// anything but the shard), a shard appears twice or is missing, a row belongs to another
/// shard or to a point outside the grid, or a point has missing or duplicated replications
/// or fewer than the manifest's number.
pub fn merge_parts(dirs: &[&Path]) -> anyhow::Result<(Manifest, Vec<PointResult>)> {
    let mut manifest: Option<Manifest> = None;
    let mut shard_count: Option<usize> = None;
    let mut shards_seen = BTreeMap::new();
    let mut tasks = Vec::new();
    let mut by_point: BTreeMap<usize, Vec<ReplicationRecord>> = BTreeMap::new();
    for dir in dirs {
        let (m, rows) = read_part(dir)?;
        let Some(shard) = m.shard else {
            bail!("{} holds a whole sweep, not a shard", dir.display());
        };
        if *shard_count.get_or_insert(shard.count) != shard.count {
            bail!(
                "{} is one of {} shards, the others of {}",
                dir.display(),
                shard.count,
                shard_count.unwrap_or(0)
            );
        }
        match &manifest {
            None => manifest = Some(m.unsharded()),
            Some(first) if *first != m.unsharded() => bail!(
                "{} belongs to another sweep: its manifest differs (scenario, seed, grid or options)",
                dir.display()
            ),
            Some(_) => {}
        }
        if let Some(other) = shards_seen.insert(shard.index, dir.display().to_string()) {
            bail!(
                "shard {}/{} appears twice: {} and {}",
                shard.index + 1,
                shard.count,
                other,
                dir.display()
            );
        }
        tasks.extend(shard.task);
        for (point, rec) in rows {
            if !shard.owns(point) {
                bail!(
                    "{}: point {point} does not belong to shard {shard}",
                    dir.display(),
                );
            }
            by_point.entry(point).or_default().push(rec);
        }
    }
    let manifest = manifest.context("no shard folders given")?;
    let expected = manifest.points;
    let total = shard_count.unwrap_or(0);
    if shards_seen.len() != total {
        let missing: Vec<String> = (0..total)
            .filter(|i| !shards_seen.contains_key(i))
            .map(|i| missing_shard(i, total, &tasks))
            .collect();
        bail!("incomplete: missing shard(s) {}", missing.join(", "));
    }
    let mut results = Vec::with_capacity(expected);
    for p in 0..expected {
        let mut reps = by_point
            .remove(&p)
            .with_context(|| format!("incomplete: point {p} has no replications"))?;
        reps.sort_by_key(|r| r.replication);
        for (k, r) in reps.iter().enumerate() {
            if r.replication as usize != k {
                bail!(
                    "point {p}: replication {} is {}",
                    k,
                    if (r.replication as usize) < k {
                        "duplicated"
                    } else {
                        "missing"
                    }
                );
            }
        }
        if reps.len() < manifest.replications as usize {
            bail!(
                "incomplete: point {p} has {} of {} replications",
                reps.len(),
                manifest.replications
            );
        }
        results.push(PointResult {
            index: p,
            replications: reps,
        });
    }
    if let Some((p, _)) = by_point.into_iter().next() {
        bail!("point {p} is not in the grid of {expected} points");
    }
    Ok((manifest, results))
}
