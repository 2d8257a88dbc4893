//! The scenario file: TOML as people write it, turned into the model's validated
//! [`crate::model::Scenario`].
//!
//! Reading goes in two steps. The raw structs (`raw.rs`) mirror the file with serde
//! (`deny_unknown_fields`, so a misspelt key is an error, never a silent default) and keep the
//! byte span of every value. Then each table validates itself in its own module (`simulation`,
//! `arrivals`, `intents`, `pools`, `shifts`, `workforce`, `quality`, `targets`, `distribution`,
//! `timeline`), with `TryFrom` from its raw struct where it needs nothing else, checking what
//! types cannot say (a rate above zero, shares that sum to 1, a skill that names an existing
//! intent, a target's bound on the side where its measure gets better). The checks
//! they share are in `check.rs`; none of them calls another table's module except through an
//! argument, so the validation has no circle. A table reports a problem keyed relative to
//! itself; the tables around it add their paths, and the problem is placed by line once, at the
//! top. Every error names the file, the line, the column and the key, and says what was
//! expected.
//!
//! [`paths`] addresses settings by key path, for sweeps and the timeline; [`sweep`] reads the
//! `[sweep]` table and sweep files. A rates file (`[arrivals] rates`) is read by `rates.rs`,
//! once per load.

mod arrivals;
mod check;
mod distribution;
mod error;
mod intents;
pub mod paths;
mod pools;
mod quality;
mod rates;
mod raw;
mod shifts;
mod simulation;
pub mod sweep;
mod targets;
mod timeline;
mod validate;
mod workforce;

pub use error::{Located, ScenarioError, Source};

use std::path::Path;

use crate::model::Scenario;
use raw::RawScenario;

pub use simulation::{DEFAULT_REPLICATIONS, MAX_REPLICATIONS};

/// Reads and validates the scenario in file `path`; the scenario is named after the file's
/// stem unless the file has a `name`.
///
/// # Errors
///
/// [`ScenarioError::Read`] if the file cannot be read, [`ScenarioError::Invalid`] (with the
/// file, line, column and key) if it is not a valid scenario.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = read(path)?;
    parse(&text, &path.display().to_string(), &file_stem(path))
}

/// Reads scenario file `path` at `scale` times its volume and headcount (overriding
/// `simulation.scale`), as `--scale` does.
///
/// # Errors
///
/// As [`load`]; errors are located in the file as written.
pub fn load_scaled(path: &Path, scale: f64) -> Result<Scenario, ScenarioError> {
    let text = read(path)?;
    let file = path.display().to_string();
    let src = Source {
        file: &file,
        text: &text,
    };
    let mut doc: toml::Table = text.parse().map_err(|e| src.from_toml(&e))?;
    paths::set_path(&mut doc, "simulation.scale", toml::Value::Float(scale))
        .map_err(|m| src.error(0..0, "simulation.scale", m))?;
    let scaled = toml::to_string(&doc).map_err(|e| src.error(0..0, "simulation", e.to_string()))?;
    let name = file_stem(path);
    // Errors are located in the file as written: validate it first, unscaled. Both reads
    // share the rates files they read.
    let cache = rates::Cache::default();
    parse_with(&text, &file, &name, &cache)?;
    parse_with(&scaled, &file, &name, &cache)
}

/// Scenario `text` with each `(key path, value)` of `settings` set (see [`paths::set_path`]),
/// as TOML text, validated; `file` names it in errors. Comments are not kept.
///
/// # Errors
///
/// [`ScenarioError::Invalid`] if `text` or the edited scenario is not valid, or a path
/// names nothing.
pub fn edit(
    text: &str,
    file: &str,
    settings: &[(String, toml::Value)],
) -> Result<String, ScenarioError> {
    edit_replacing(text, file, &[], settings)
}

/// [`edit`], with the settings at the key paths of `remove` taken out first (those the file
/// does not set are ignored): how a pool staffed with `agents` is put on a `schedule`.
///
/// # Errors
///
/// As [`edit`].
pub fn edit_replacing(
    text: &str,
    file: &str,
    remove: &[String],
    settings: &[(String, toml::Value)],
) -> Result<String, ScenarioError> {
    let src = Source { file, text };
    let mut doc: toml::Table = text.parse().map_err(|e| src.from_toml(&e))?;
    for path in remove {
        paths::remove_path(&mut doc, path);
    }
    for (path, value) in settings {
        paths::set_path(&mut doc, path, value.clone()).map_err(|m| src.error(0..0, path, m))?;
    }
    let edited = toml::to_string(&doc).map_err(|e| src.error(0..0, "", e.to_string()))?;
    parse(&edited, file, &file_stem(Path::new(file)))?;
    Ok(edited)
}

/// Validates scenario `text`; `file` names it in errors, `default_name` is used when the
/// text has no `name`.
///
/// # Errors
///
/// [`ScenarioError::Invalid`], located by line, column and key, if `text` is not TOML, has a
/// key the format does not know, or a value out of its range.
///
/// # Example
///
/// ```
/// let text = r#"
/// [simulation]
/// horizon = "1d"
/// [arrivals]
/// rate = "120/h"
/// [[intents]]
/// name = "general"
/// share = 1.0
/// handle_time = { dist = "exponential", mean = "4m" }
/// [[pools]]
/// name = "agents"
/// agents = 10
/// "#;
/// let scenario = staffsim::scenario::parse(text, "desk.toml", "desk").unwrap();
/// assert_eq!(scenario.simulation.horizon, 86_400.0);
///
/// let typo = text.replace("horizon", "horizn");
/// let err = staffsim::scenario::parse(&typo, "desk.toml", "desk").unwrap_err();
/// assert!(err.to_string().starts_with("desk.toml:3:1: `simulation.horizn`"));
/// ```
pub fn parse(text: &str, file: &str, default_name: &str) -> Result<Scenario, ScenarioError> {
    parse_with(text, file, default_name, &rates::Cache::default())
}

/// [`parse`], reading a rates file only if `cache` does not hold it yet: one load reads
/// each file once, however many timeline steps validate the settings in force.
fn parse_with(
    text: &str,
    file: &str,
    default_name: &str,
    cache: &rates::Cache,
) -> Result<Scenario, ScenarioError> {
    let src = Source { file, text };
    let mut raw: RawScenario = toml::from_str(text).map_err(|e| src.from_toml(&e))?;
    let entries = raw.timeline.take();
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut scenario =
        validate::validate(raw, default_name, dir, cache).map_err(|e| src.locate(e))?;
    if let Some(entries) = entries {
        scenario.timeline = timeline::build(entries, &scenario, &src, cache)?;
    }
    Ok(scenario)
}

fn read(path: &Path) -> Result<String, ScenarioError> {
    std::fs::read_to_string(path).map_err(|e| ScenarioError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
