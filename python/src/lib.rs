//! `staffsim._staffsim`: the native half of the Python package.
//!
//! The package's Python half (`python/staffsim/`) holds the API researchers see: `Scenario`,
//! `run`, `sweep`, the planning commands, `erlang`, and pandas tables. This half does the
//! work, in two ways:
//!
//! - **`run`** goes through the library (`staffsim::experiment::run`) and returns the same
//!   texts the command line writes (`summary.json` as `run --json` prints it, `timeseries.csv`,
//!   `monthly.csv`, `windows.csv`), so that a result in Python is the command line's byte for
//!   byte;
//! - **every other command** (sweep, staff, schedule, frontier, fit, forecast, erlang) runs the
//!   command line's own code, included below from `src/cli` by path (one copy of each command,
//!   not a second one to keep in step), in this process, on its arguments; what it prints is
//!   captured and what it writes goes to a folder the Python half reads.
//!
//! Every simulation runs on a thread of its own while the calling thread, with the GIL
//! released, waits and checks for Ctrl-C every 50 ms; on Ctrl-C it asks the runs to stop
//! (`staffsim::engine::interrupt`), waits for them (well under a second), and raises
//! `KeyboardInterrupt`. Other Python threads run meanwhile.
//!
//! Errors in a scenario raise `staffsim.ScenarioError` (defined in Python, in
//! `staffsim/_errors.py`) with the file, line, column, key and message of the command line's
//! message.

// The command line's code, as the `staffsim` binary builds it.
#[path = "../../src/cli/mod.rs"]
#[allow(
    dead_code,
    unreachable_pub,
    reason = "the binary's code: the package calls its commands through `cli::execute`"
)]
mod cli;

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use clap::Parser;
use pyo3::exceptions::{PyMemoryError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use staffsim::engine::interrupt;
use staffsim::experiment;
use staffsim::experiment::budget::Budget;
use staffsim::metrics::{Measure, Unit};
use staffsim::model::Scenario;
use staffsim::report::folder::OutputFolder;
use staffsim::report::{self, RunInfo};
use staffsim::scenario::{self, ScenarioError};

/// How often the waiting thread looks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Runs `work` on a thread of its own, with the GIL released, and returns what it returns; a
/// Ctrl-C meanwhile stops every simulation of the process and raises `KeyboardInterrupt`.
fn interruptible<T: Send + 'static>(
    py: Python<'_>,
    work: impl FnOnce() -> T + Send + 'static,
) -> PyResult<T> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("staffsim".into())
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
    let mut rx = rx;
    loop {
        let (back, got) = py.detach(move || {
            let got = rx.recv_timeout(SIGNAL_POLL);
            (rx, got)
        });
        rx = back;
        match got {
            Ok(value) => {
                let _ = py.detach(|| worker.join());
                return Ok(value);
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Err(signal) = py.check_signals() {
                    interrupt::request();
                    let _ = py.detach(|| worker.join());
                    interrupt::clear();
                    return Err(signal);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                let _ = py.detach(|| worker.join());
                return Err(PyRuntimeError::new_err(
                    "staffsim stopped on an internal error (a panic); please report it with \
                     the scenario",
                ));
            }
        }
    }
}

/// `error` as the Python exception `staffsim.ScenarioError`, with its parts as attributes.
fn scenario_error(py: Python<'_>, error: &ScenarioError) -> PyErr {
    let class = match py
        .import("staffsim._errors")
        .and_then(|m| m.getattr("ScenarioError"))
    {
        Ok(class) => class,
        Err(e) => return e,
    };
    let args = match error {
        ScenarioError::Invalid(at) => (
            error.to_string(),
            Some(at.file.clone()),
            Some(at.line),
            Some(at.column),
            Some(at.key.clone()),
            at.message.clone(),
        ),
        ScenarioError::Read { path, reason } => (
            error.to_string(),
            Some(path.clone()),
            None,
            None,
            None,
            format!("cannot read the file: {reason}"),
        ),
    };
    match class.call1(args) {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// Reads scenario `text` (named `file` in errors, relative files found from its folder, named
/// `default_name` unless it has a `name`) at `scale` times its volume and headcount when
/// given, as `staffsim run --scale` does.
fn parse(
    py: Python<'_>,
    text: &str,
    file: &str,
    default_name: &str,
    scale: Option<f64>,
) -> PyResult<Scenario> {
    let located = |e: ScenarioError| scenario_error(py, &e);
    let parsed = scenario::parse(text, file, default_name).map_err(located)?;
    match scale {
        None => Ok(parsed),
        Some(scale) => {
            if !(scale > 0.0 && scale <= 1000.0) {
                return Err(PyValueError::new_err(format!(
                    "scale: expected a factor above zero and at most 1,000 (0.1 runs a tenth), \
                     found {scale}"
                )));
            }
            let setting = [("simulation.scale".to_string(), toml::Value::Float(scale))];
            let scaled = scenario::edit(text, file, &setting).map_err(located)?;
            scenario::parse(&scaled, file, default_name).map_err(located)
        }
    }
}

/// Checks scenario `text` (see [`parse`]) and returns its name.
#[pyfunction]
fn validate(py: Python<'_>, text: &str, file: &str, default_name: &str) -> PyResult<String> {
    Ok(parse(py, text, file, default_name, None)?.name)
}

/// Warnings about scenario `text`: settings that are allowed but probably not meant.
#[pyfunction]
fn warnings(py: Python<'_>, text: &str, file: &str, default_name: &str) -> PyResult<Vec<String>> {
    Ok(parse(py, text, file, default_name, None)?.warnings())
}

/// A JSON value as a TOML value (JSON's `null` has none).
fn toml_value(json: serde_json::Value) -> Result<toml::Value, String> {
    toml::Value::try_from(json).map_err(|e| format!("not a TOML value: {e}"))
}

/// Scenario `text` with each `[key path, value]` of the JSON list `settings` set, as the
/// sweeps set them (`intents.refund.ai.containment`), validated; comments are not kept.
#[pyfunction]
fn edit(py: Python<'_>, text: &str, file: &str, settings: &str) -> PyResult<String> {
    let list: Vec<(String, serde_json::Value)> = serde_json::from_str(settings)
        .map_err(|e| PyValueError::new_err(format!("settings: {e}")))?;
    let mut values = Vec::with_capacity(list.len());
    for (path, value) in list {
        let value = toml_value(value).map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
        values.push((path, value));
    }
    scenario::edit(text, file, &values).map_err(|e| scenario_error(py, &e))
}

/// The JSON object `json` as TOML text (not validated: the caller validates it as a scenario).
#[pyfunction]
fn toml_from_json(json: &str) -> PyResult<String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let table = match toml_value(value).map_err(PyValueError::new_err)? {
        toml::Value::Table(t) => t,
        _ => {
            return Err(PyValueError::new_err(
                "expected a dict of the scenario's tables",
            ));
        }
    };
    toml::to_string(&table).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The scenario text `text` as a JSON object (the tables as nested objects).
#[pyfunction]
fn json_from_toml(text: &str) -> PyResult<String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| PyValueError::new_err(e.to_string()))?;
    serde_json::to_string(&table).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Scenario `text`, read from `file`, with its relative file names rewritten for a file in
/// `folder` (see `staffsim::scenario::rebase_files`).
#[pyfunction]
fn rebase(py: Python<'_>, text: &str, file: &str, folder: &str) -> PyResult<String> {
    scenario::rebase_files(text, file, std::path::Path::new(folder))
        .map_err(|e| scenario_error(py, &e))
}

/// What [`run`] returns: `summary.json` as `staffsim run --json` prints it, `timeseries.csv`,
/// `monthly.csv`, `windows.csv` (when the scenario has windows), the warnings, and the
/// contacts simulated.
type RunTexts = (String, String, String, Option<String>, Vec<String>, u64);

/// Simulates scenario `text` as `staffsim run FILE --json --out DIR` does, with the same
/// overrides (replications, seed, threads, scale), and returns what it prints and writes.
#[pyfunction]
#[pyo3(signature = (text, file, default_name, replications=None, seed=None, threads=None, scale=None))]
#[allow(
    clippy::too_many_arguments,
    reason = "the command line's options, by name"
)]
fn run(
    py: Python<'_>,
    text: &str,
    file: &str,
    default_name: &str,
    replications: Option<u32>,
    seed: Option<u64>,
    threads: Option<u32>,
    scale: Option<f64>,
) -> PyResult<RunTexts> {
    let mut scenario = parse(py, text, file, default_name, scale)?;
    if let Some(r) = replications {
        if r == 0 || r > scenario::MAX_REPLICATIONS {
            return Err(PyValueError::new_err(format!(
                "replications: expected 1 to {}, found {r}",
                scenario::MAX_REPLICATIONS
            )));
        }
        scenario.simulation.replications = r;
    }
    if let Some(s) = seed {
        scenario.simulation.seed = s;
    }
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads: expected 1 or more"));
    }
    // What the run will take, judged before it starts as `staffsim run` judges it: a run the
    // machine cannot hold raises MemoryError at once instead of filling the memory.
    cli::judge_budget(&Budget::of_run(&scenario, cli::threads_or_cores(threads)))
        .map_err(PyMemoryError::new_err)?;
    let file = file.to_string();
    let done = interruptible(py, move || -> anyhow::Result<RunTexts> {
        let mut warnings = scenario.warnings();
        let result = experiment::run(&scenario, threads.map(|t| t as usize))?;
        if let Some(m) = cli::contact_limit_message() {
            return Err(anyhow::Error::new(ContactLimit(m)));
        }
        if let Some(w) = cli::run::backlog_warning(&result) {
            warnings.push(w);
        }
        let info = RunInfo {
            file,
            version: env!("CARGO_PKG_VERSION"),
            warnings: warnings.clone(),
        };
        let summary = report::summary_json(&scenario, &result, &info);
        let json = serde_json::to_string_pretty(&summary)? + "\n";
        let timeseries = String::from_utf8(report::timeseries_csv(&scenario, &result)?)?;
        let monthly = String::from_utf8(report::monthly_csv(&report::monthly_table(
            &scenario, &result,
        ))?)?;
        let windows = if scenario.simulation.windows.is_empty() {
            None
        } else {
            Some(String::from_utf8(report::windows_csv(
                &report::window_table(&scenario, &result),
            )?)?)
        };
        Ok((
            json,
            timeseries,
            monthly,
            windows,
            warnings,
            result.contacts(),
        ))
    })?;
    done.map_err(|e| match e.downcast_ref::<ContactLimit>() {
        Some(ContactLimit(m)) => PyMemoryError::new_err(m.clone()),
        None => PyRuntimeError::new_err(format!("{e:#}")),
    })
}

/// A run stopped at the engine's contact limit: raised as `MemoryError`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct ContactLimit(String);

/// Writes `files` (name, text) into the folder `dir` as the whole output of `command`, as the
/// command line writes its folders: locked, each file atomically, `outputs.json` last (see
/// `staffsim::report::folder`).
#[pyfunction]
fn save_outputs(
    py: Python<'_>,
    dir: &str,
    command: &str,
    files: Vec<(String, String)>,
) -> PyResult<()> {
    let dir = std::path::PathBuf::from(dir);
    let command = command.to_string();
    py.detach(move || -> Result<(), String> {
        let mut folder = OutputFolder::lock(&dir).map_err(|e| e.to_string())?;
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_bytes()))
            .collect();
        folder
            .commit(&command, &files)
            .map_err(|e| format!("{e:#}"))
    })
    .map_err(PyRuntimeError::new_err)
}

/// What [`command`] returns: the exit status (0, or 1, 2, 3 as the command line's), what the
/// command printed, the error message, and for a scenario error its located parts.
type CommandOutcome = (u8, String, Option<String>, Option<Py<PyAny>>);

/// Runs the command line `staffsim ARGS…` in this process (its code, not a child process)
/// and returns its exit status, what it printed on standard output, and its error.
#[pyfunction]
fn command(py: Python<'_>, args: Vec<String>) -> PyResult<CommandOutcome> {
    let argv = std::iter::once("staffsim".to_string()).chain(args);
    let parsed = match cli::Cli::try_parse_from(argv) {
        Ok(parsed) => parsed,
        // `--help` and `--version` are what was asked for, not errors.
        Err(e) if !e.use_stderr() => return Ok((0, e.render().to_string(), None, None)),
        Err(e) => return Ok((2, String::new(), Some(e.render().to_string()), None)),
    };
    let (result, printed) = interruptible(py, move || {
        let (result, printed) = cli::stdout::capture(|| cli::execute(parsed));
        let result = result.map_err(|failure| {
            let located = match &failure {
                cli::Failure::Input(e) => e.downcast_ref::<ScenarioError>().cloned(),
                _ => None,
            };
            (failure.exit_code(), format!("{failure}"), located)
        });
        (result, printed)
    })?;
    match result {
        Ok(()) => Ok((0, printed, None, None)),
        Err((code, message, located)) => {
            let located = located.map(|e| scenario_error(py, &e).into_value(py).into_any());
            Ok((code, printed, Some(message), located))
        }
    }
}

/// Every measure: its key (as in JSON and CSV), label, unit and whether more is better
/// (`None`: a volume).
#[pyfunction]
fn measures() -> Vec<(&'static str, &'static str, &'static str, Option<bool>)> {
    Measure::ALL
        .iter()
        .map(|m| {
            (
                m.key(),
                m.label(),
                unit_name(m.unit()),
                m.higher_is_better(),
            )
        })
        .collect()
}

/// A measure's unit as the tables' `unit` column says it.
fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Share => "share",
        Unit::Score => "score 1-5",
        Unit::Seconds => "seconds",
        Unit::Hours => "hours",
        Unit::Currency => "currency",
        Unit::Agents => "agents",
        Unit::Plain => "",
    }
}

/// A duration such as "4m30s" in seconds.
#[pyfunction]
fn parse_duration(text: &str) -> PyResult<f64> {
    staffsim::units::parse_duration(text).map_err(PyValueError::new_err)
}

/// A rate such as "2880/h" in contacts per second.
#[pyfunction]
fn parse_rate(text: &str) -> PyResult<f64> {
    staffsim::units::parse_rate(text).map_err(PyValueError::new_err)
}

/// The module `staffsim._staffsim`.
#[pymodule]
fn _staffsim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(warnings, m)?)?;
    m.add_function(wrap_pyfunction!(edit, m)?)?;
    m.add_function(wrap_pyfunction!(toml_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(json_from_toml, m)?)?;
    m.add_function(wrap_pyfunction!(rebase, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(save_outputs, m)?)?;
    m.add_function(wrap_pyfunction!(command, m)?)?;
    m.add_function(wrap_pyfunction!(measures, m)?)?;
    m.add_function(wrap_pyfunction!(parse_duration, m)?)?;
    m.add_function(wrap_pyfunction!(parse_rate, m)?)?;
    Ok(())
}
