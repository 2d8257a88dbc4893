//! The house's floors: arrows run down. cli → plan / experiment / report / history →
//! scenario → model → metrics → engine, with analytic and units at the bottom.
//!
//! A lower room that needs something from a higher one is a sign that the thing lives in
//! the wrong room. The check reads every source file under `src/` and refuses a path
//! `crate::<room>` (in a `use` or in code; comments and doc links are not dependencies) that
//! its room may not name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The rooms each room may use, besides itself.
fn allowed(room: &str) -> Option<&'static [&'static str]> {
    const BOTTOM: &[&str] = &["units"];
    Some(match room {
        "units" => &[],
        "analytic" | "engine" => BOTTOM,
        "metrics" => &["engine", "units"],
        "model" => &["metrics", "engine", "analytic", "units"],
        "scenario" => &["model", "metrics", "engine", "analytic", "units"],
        "experiment" => &[
            "scenario", "model", "metrics", "engine", "analytic", "units",
        ],
        "history" => &["model", "metrics", "analytic", "units"],
        // Deciding runs the model through experiments; it knows no TOML and no output format.
        "plan" => &[
            "experiment",
            "model",
            "metrics",
            "engine",
            "analytic",
            "units",
        ],
        "report" => &[
            "plan",
            "history",
            "experiment",
            "scenario",
            "model",
            "metrics",
            "analytic",
            "units",
        ],
        "cli" => &[
            "plan",
            "history",
            "experiment",
            "report",
            "scenario",
            "model",
            "metrics",
            "engine",
            "analytic",
            "units",
        ],
        _ => return None,
    })
}

const ROOMS: &[&str] = &[
    "units",
    "analytic",
    "engine",
    "metrics",
    "model",
    "scenario",
    "experiment",
    "history",
    "plan",
    "report",
    "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The room of a file: the first folder (or file stem) under `src/`.
fn room_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next().expect("a path");
    let first = first.as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The rooms named by `crate::<room>` on the code (not comment) part of `line`.
fn rooms_named(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.push(name);
        }
    }
    // `use crate::{model::X, scenario::Y}`
    if let Some(group) = code.split("crate::{").nth(1) {
        for part in group.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

#[test]
fn arrows_run_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut rooms_seen = BTreeSet::new();
    for file in &files {
        let room = room_of(&src, file);
        let Some(may) = allowed(&room) else {
            // lib.rs and main.rs sit above every room.
            assert!(
                room == "lib" || room == "main",
                "{}: room {room:?} is not on the plan of the house; add it to this test",
                file.display()
            );
            continue;
        };
        rooms_seen.insert(room.clone());
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (n, line) in text.lines().enumerate() {
            for named in rooms_named(line) {
                if named != room
                    && ROOMS.contains(&named.as_str())
                    && !may.contains(&named.as_str())
                {
                    wrong.push(format!(
                        "{}:{}: {room} uses crate::{named}: {}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows that run up:\n{}",
        wrong.join("\n")
    );
    // The check saw the rooms it is about.
    for room in ["engine", "metrics", "model", "scenario", "plan", "history"] {
        assert!(rooms_seen.contains(room), "no file of room {room} was read");
    }
}

#[test]
fn the_check_sees_an_arrow_that_runs_up() {
    assert_eq!(rooms_named("use crate::scenario::Scenario;"), ["scenario"]);
    assert_eq!(
        rooms_named("use crate::{model::Pool, report::json};"),
        ["model", "report"]
    );
    assert!(rooms_named("//! see [`crate::scenario`]").is_empty());
    assert!(!allowed("model").unwrap().contains(&"scenario"));
    assert!(!allowed("plan").unwrap().contains(&"scenario"));
}
