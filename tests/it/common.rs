//! Helpers shared by the integration tests.

use assert_cmd::Command;
use staffsim::model::Scenario;
use staffsim::scenario;

/// The `staffsim` binary.
pub fn staffsim() -> Command {
    Command::cargo_bin("staffsim").expect("the binary is built")
}

/// A one-queue scenario: `rate` per hour, exponential handle time `aht_s` seconds,
/// exponential patience `patience_s` seconds (none if `None`), `agents` agents.
#[allow(clippy::too_many_arguments)]
pub fn one_queue(
    rate_per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    agents: u32,
    horizon_s: f64,
    warmup_s: f64,
    replications: u32,
    seed: u64,
) -> Scenario {
    let patience = patience_s
        .map(|p| format!("patience = {{ dist = \"exponential\", mean = \"{p}s\" }}"))
        .unwrap_or_default();
    let text = format!(
        r#"
name = "one queue"
[simulation]
horizon = "{horizon_s}s"
warmup = "{warmup_s}s"
replications = {replications}
seed = {seed}
service_level_threshold = "20s"
[arrivals]
rate = "{rate_per_hour}/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "{aht_s}s" }}
{patience}
[[pools]]
name = "agents"
agents = {agents}
"#
    );
    scenario::parse(&text, "test.toml", "test").expect("valid test scenario")
}

/// Writes `text` to a file in a fresh folder, runs `staffsim run` on it and checks the error:
/// exit status 2, the file name, `line`, every string of `mentions`, and no panic.
pub fn refused(text: &str, line: usize, mentions: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    let out = staffsim()
        .args(["run", "--quiet"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let location = format!("{}:{line}:", path.display());
    assert!(
        stderr.contains(&location),
        "expected {location} in: {stderr}"
    );
    for m in mentions {
        assert!(stderr.contains(m), "expected {m:?} in: {stderr}");
    }
    assert_eq!(stderr.matches("Error:").count(), 1, "one message: {stderr}");
}

/// Records the files now in the output folder `dir` (and its `plots/`) as the whole output of
/// `command`, as staffsim would have written them: for the tests that change an output by
/// hand to see how a reader copes with what is inside (a reader refuses an edited file that
/// is not recorded; see `staffsim::report::folder`).
pub fn seal(dir: &std::path::Path, command: &str) {
    use staffsim::report::folder::{OutputFolder, RECORD};
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for sub in ["", "plots"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == RECORD || !e.path().is_file() {
                continue;
            }
            let rel = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            files.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    files.sort();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    OutputFolder::lock(dir)
        .unwrap()
        .commit(command, &refs)
        .unwrap();
}
