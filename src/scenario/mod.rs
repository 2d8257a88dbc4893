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
mod windows;
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

/// Scenario `text`, read from `file`, with every relative file it names (the rates file
/// `arrivals.rates.file`, each pool's `schedule_file`) rewritten relative to the folder `to`,
/// so that a scenario derived from it and written there (`staffed.toml`, `scheduled.toml`,
/// `fitted.toml`) finds the same files. Absolute paths are kept; the new paths use `/`.
/// Validate the result as a file in `to`.
///
/// # Errors
///
/// [`ScenarioError::Invalid`] if `text` is not TOML, or if a folder's absolute path cannot be
/// found (the working directory is gone).
pub fn rebase_files(text: &str, file: &str, to: &Path) -> Result<String, ScenarioError> {
    let src = Source { file, text };
    let mut doc: toml::Table = text.parse().map_err(|e| src.from_toml(&e))?;
    let from = Path::new(file).parent().unwrap_or(Path::new(""));
    let absolute = |p: &Path| {
        std::path::absolute(if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        })
        .map(|a| lexical(&a))
        .map_err(|e| {
            src.error(
                0..0,
                "",
                format!("cannot find the folder {}: {e}", p.display()),
            )
        })
    };
    let (from, to) = (absolute(from)?, absolute(to)?);
    let rebase = |value: &mut toml::Value| {
        if let toml::Value::String(path) = value
            && Path::new(path.as_str()).is_relative()
        {
            *path = relative(&lexical(&from.join(path.as_str())), &to);
        }
    };
    if let Some(file) = doc
        .get_mut("arrivals")
        .and_then(|a| a.get_mut("rates"))
        .and_then(|r| r.get_mut("file"))
    {
        rebase(file);
    }
    if let Some(toml::Value::Array(pools)) = doc.get_mut("pools") {
        for pool in pools {
            if let Some(file) = pool.get_mut("schedule_file") {
                rebase(file);
            }
        }
    }
    toml::to_string(&doc).map_err(|e| src.error(0..0, "", e.to_string()))
}

/// `path` with `.` and `..` resolved by name (no link is followed).
fn lexical(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Absolute `target` as seen from absolute folder `base`, with `/` between parts (the
/// target itself, absolute, when they share no root).
fn relative(target: &Path, base: &Path) -> String {
    let (t, b): (Vec<_>, Vec<_>) = (target.components().collect(), base.components().collect());
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_string(), b.len() - common);
    let downs = t[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
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
    let mut raw: RawScenario = toml::from_str(text).map_err(|e| {
        // A sweep file names its scenario (`scenario = "case.toml"`): say what it is rather
        // than "unknown field `scenario`".
        let sweep_file = text
            .parse::<toml::Table>()
            .is_ok_and(|t| t.get("scenario").is_some_and(toml::Value::is_str));
        if sweep_file {
            src.error(
                e.span().unwrap_or(0..0),
                "scenario",
                "this is a sweep file (it names the scenario it sweeps): run it with `staffsim \
                 sweep`, or run the scenario it names",
            )
        } else {
            src.from_toml(&e)
        }
    })?;
    let entries = raw.timeline.take();
    let has_ai_table = raw.ai.is_some();
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut scenario =
        validate::validate(raw, default_name, dir, cache).map_err(|e| src.locate(e))?;
    if let Some(entries) = entries {
        scenario.timeline = timeline::build(entries, &scenario, &src, cache)?;
    }
    if !has_ai_table {
        scenario.notes.extend(ai_without_its_table(&scenario));
    }
    Ok(scenario)
}

/// The warning for a file without `[ai]` whose intents say how the assistant handles them:
/// the assistant is on only with its table (as the reference says), so those `ai` tables do
/// nothing unless the timeline turns it on. `None` if no intent has an `ai` table, or if the
/// timeline turns the assistant on (`set = { "ai.enabled" = true }` creates the table).
fn ai_without_its_table(scenario: &Scenario) -> Option<String> {
    let named: Vec<String> = scenario
        .intents
        .iter()
        .filter(|i| i.ai.is_some())
        .map(|i| format!("{:?}", i.name))
        .collect();
    if named.is_empty() || scenario.ai_ever_enabled() {
        return None;
    }
    let (intents, say, them) = if named.len() == 1 {
        ("intent", "says", "it")
    } else {
        ("intents", "say", "them")
    };
    Some(format!(
        "{intents} {} {say} how the AI assistant handles {them} (`ai = {{ ... }}`), but the file \
         has no [ai] table, so the assistant is off and every contact goes to a human; add an \
         [ai] table to turn it on (`enabled = false` in it keeps it off without this warning)",
        named.join(", ")
    ))
}

/// The text of scenario or sweep file `path`.
///
/// # Errors
///
/// [`ScenarioError::Read`] if the file cannot be read; [`ScenarioError::Invalid`], at the
/// line and column of the first byte that is not UTF-8, if it is not UTF-8 text.
pub fn read(path: &Path) -> Result<String, ScenarioError> {
    let bytes = std::fs::read(path).map_err(|e| ScenarioError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    error::utf8(bytes, &path.display().to_string(), true).map_err(ScenarioError::Invalid)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
