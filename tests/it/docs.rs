//! The book under `docs/` stays true: every relative link resolves, the reference names every
//! scenario key (found by probing the parser, not from a list kept by hand), every measure,
//! every command and flag, every TOML snippet is one the parser accepts, and the tutorial's
//! file is what the tutorial builds, and runs.
//!
//! `cargo test --test it docs` runs these alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::staffsim;
use staffsim::metrics::Measure;
use staffsim::model::Scenario;
use staffsim::scenario::sweep::SweepInput;
use staffsim::scenario::{self, ScenarioError};

/// The one call of the library's scenario parser (easy to change when it moves).
fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    scenario::parse(text, "probe.toml", "probe")
}

/// The one call of the library's sweep-file reader.
fn read_sweep_file(text: &str) -> Result<SweepInput, ScenarioError> {
    SweepInput::read(text, "probe.toml", Path::new("."))
}

const REFERENCE_KEYS: &str = "docs/reference/scenario.md";
const REFERENCE_MEASURES: &str = "docs/reference/measures.md";
const REFERENCE_COMMANDS: &str = "docs/reference/commands.md";
const TUTORIAL: &str = "docs/tutorial/desk.md";
const TUTORIAL_FILE: &str = "docs/tutorial/desk.toml";

// ---------------------------------------------------------------------------------------------
// Markdown, read plainly

/// `README.md` and every Markdown file under `docs/`, sorted.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files = vec![PathBuf::from("README.md")];
    walk(Path::new("docs"), &mut files);
    files.sort();
    files
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lines outside fenced code blocks, with their 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push((i + 1, line));
        }
    }
    out
}

/// Fenced code blocks: (info string, first line number of the body, body).
fn code_blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None if trimmed.starts_with("```") => {
                open = Some((trimmed[3..].trim().to_string(), i + 2, String::new()));
            }
            None => {}
            Some(block) if trimmed.starts_with("```") => out.push(block),
            Some((info, start, mut body)) => {
                body.push_str(line);
                body.push('\n');
                open = Some((info, start, body));
            }
        }
    }
    out
}

/// The line without its inline code spans.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

/// The targets of `[text](target)` and `![alt](target)` on a line (title and angle brackets
/// removed).
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut out = Vec::new();
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        let target = after[..end].trim();
        let target = target.split_whitespace().next().unwrap_or("");
        let target = target.trim_start_matches('<').trim_end_matches('>');
        out.push(target.to_string());
        rest = &after[end..];
    }
    out
}

/// The anchor GitHub gives a heading: lower case, letters, digits, `-` and `_` kept, spaces
/// made hyphens, everything else dropped.
fn slug(heading: &str) -> String {
    // Link syntax in a heading shows its text only.
    let mut text = String::new();
    let mut rest = heading;
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        rest = rest[at..].find(')').map_or("", |end| &rest[at + end + 1..]);
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Headings outside code blocks: (level, text).
fn headings(text: &str) -> Vec<(usize, String)> {
    prose_lines(text)
        .into_iter()
        .filter_map(|(_, line)| {
            let level = line.chars().take_while(|&c| c == '#').count();
            let rest = &line[level..];
            (level > 0 && level <= 6 && rest.starts_with(' '))
                .then(|| (level, rest.trim().trim_end_matches('#').trim().to_string()))
        })
        .collect()
}

/// Every anchor of a file, duplicates numbered as GitHub does (`name`, `name-1`, ...).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, h) in headings(text) {
        let s = slug(&h);
        let n = seen.entry(s.clone()).or_insert(0);
        out.insert(if *n == 0 {
            s.clone()
        } else {
            format!("{s}-{n}")
        });
        *n += 1;
    }
    out
}

/// Backticked names in the first cell of each table row, with the heading they are under.
fn first_cell_names(text: &str) -> Vec<(String, String)> {
    let mut heading = String::new();
    let mut out = Vec::new();
    for (_, line) in prose_lines(text) {
        let level = line.chars().take_while(|&c| c == '#').count();
        if level > 0 && line[level..].starts_with(' ') {
            heading = line[level..].trim().to_string();
            continue;
        }
        let Some(row) = line.trim().strip_prefix('|') else {
            continue;
        };
        let cell = row.split('|').next().unwrap_or("");
        for (i, part) in cell.split('`').enumerate() {
            if i % 2 == 1 && !part.trim().is_empty() {
                out.push((heading.clone(), part.trim().to_string()));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 1. Links

#[test]
fn docs_every_relative_link_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = read(&file);
        let dir = file.parent().unwrap_or(Path::new("."));
        for (n, line) in prose_lines(&text) {
            for target in link_targets(line) {
                if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                checked += 1;
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target.as_str(), None),
                };
                let resolved = if path.is_empty() {
                    file.clone()
                } else {
                    dir.join(path)
                };
                let at = format!("{}:{n}", file.display());
                if path.is_empty() && anchor.is_none() || !resolved.exists() {
                    broken.push(format!("{at}: ({target}): no such file"));
                    continue;
                }
                if let Some(anchor) = anchor {
                    if resolved.extension().is_none_or(|e| e != "md") {
                        continue;
                    }
                    if !anchors(&read(&resolved)).contains(anchor) {
                        broken.push(format!(
                            "{at}: ({target}): {} has no heading with the anchor #{anchor}",
                            resolved.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(checked > 50, "only {checked} relative links found");
}

#[test]
fn docs_slugs_follow_github() {
    assert_eq!(slug("`[[pools]]`: who answers"), "pools-who-answers");
    assert_eq!(slug("Sweeps and the frontier"), "sweeps-and-the-frontier");
    assert_eq!(slug("`cost_total`, per contact"), "cost_total-per-contact");
    assert_eq!(slug("Cost–quality (Pareto)"), "costquality-pareto");
    assert_eq!(slug("See [the guide](x.md#y) now"), "see-the-guide-now");
    assert_eq!(
        link_targets("a [b](c.md#d) and ![e](f.png \"t\") `[g](h)`"),
        ["c.md#d", "f.png"]
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Scenario keys, found by probing the parser

/// A step of a key path: a table, or an array of tables.
#[derive(Clone)]
enum Step {
    Table(String),
    Array(String),
}

/// What probing found at a dotted key path (arrays of tables drop their index).
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A table with these fields.
    Table(Vec<String>),
    /// A value.
    Leaf,
}

const PROBE: &str = "zz_probe";

/// A document setting `zz_probe = 1` in the table at `path`, inline:
/// `intents = [{ ai = { zz_probe = 1 } }]`.
fn probe_document(path: &[Step]) -> String {
    let Some((first, rest)) = path.split_first() else {
        return format!("{PROBE} = 1\n");
    };
    let mut value = format!("{{ {PROBE} = 1 }}");
    for step in rest.iter().rev() {
        value = match step {
            Step::Table(k) => format!("{{ {k} = {value} }}"),
            Step::Array(k) => format!("{{ {k} = [{value}] }}"),
        };
    }
    match first {
        Step::Table(k) => format!("{k} = {value}\n"),
        Step::Array(k) => format!("{k} = [{value}]\n"),
    }
}

/// The fields serde expects where it met `zz_probe`, if the error is an unknown field:
/// "unknown field `zz_probe`, expected one of `a`, `b`" or "expected `a`".
fn expected_fields(message: &str) -> Option<Vec<String>> {
    let needle = format!("unknown field `{PROBE}`");
    let rest = &message[message.find(&needle)? + needle.len()..];
    let rest = rest.lines().next().unwrap_or("");
    if rest.contains("there are no fields") {
        return Some(Vec::new());
    }
    let rest = rest.trim_start_matches(',').trim();
    let list = rest.strip_prefix("expected")?;
    Some(
        list.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s.to_string())
            .collect(),
    )
}

fn dotted(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Table(k) | Step::Array(k) => k.as_str(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Walks the tables below `path` by probing `error_of` (the parser's error message for a
/// document, or `None` when it is accepted), recording each key path found.
fn explore(
    error_of: &dyn Fn(&str) -> Option<String>,
    path: Vec<Step>,
    fields: Vec<String>,
    out: &mut BTreeMap<String, Node>,
) {
    out.insert(dotted(&path), Node::Table(fields.clone()));
    for f in fields {
        let mut found = false;
        for step in [Step::Table(f.clone()), Step::Array(f.clone())] {
            let mut p = path.clone();
            p.push(step);
            if let Some(inner) = error_of(&probe_document(&p)).and_then(|m| expected_fields(&m)) {
                explore(error_of, p, inner, out);
                found = true;
                break;
            }
        }
        if !found {
            let mut p = path.clone();
            p.push(Step::Table(f));
            out.entry(dotted(&p)).or_insert(Node::Leaf);
        }
    }
}

/// Every key path of a scenario file and of a sweep file.
fn scenario_keys() -> BTreeMap<String, Node> {
    let mut keys = BTreeMap::new();
    let scenario = |doc: &str| parse_scenario(doc).err().map(|e| e.to_string());
    let top = scenario(&probe_document(&[])).expect("an unknown top-level key is refused");
    let fields = expected_fields(&top).unwrap_or_else(|| panic!("no field list in: {top}"));
    explore(&scenario, Vec::new(), fields, &mut keys);

    // A sweep file names its scenario; `[sweep]` is read there too.
    let sweep = |doc: &str| {
        read_sweep_file(&format!("scenario = \"no_such_file.toml\"\n{doc}"))
            .err()
            .map(|e| e.to_string())
    };
    let top = sweep(&probe_document(&[])).expect("an unknown sweep-file key is refused");
    let fields = expected_fields(&top).unwrap_or_else(|| panic!("no field list in: {top}"));
    let mut sweep_keys = BTreeMap::new();
    explore(&sweep, Vec::new(), fields, &mut sweep_keys);
    for (k, node) in sweep_keys {
        // A table in one file is a table, even where the other takes any value.
        if matches!(node, Node::Table(_)) || !keys.contains_key(&k) {
            keys.insert(k, node);
        }
    }
    keys.remove("");
    keys
}

/// A distribution table: `{ dist = "lognormal", mean = "6m", cv = 0.7 }`.
fn is_distribution(node: &Node) -> bool {
    matches!(node, Node::Table(f) if f.iter().any(|f| f == "dist"))
}

/// A target's bound: `{ min = 0.8 }` or `{ max = "30s" }`.
fn is_bound(node: &Node) -> bool {
    matches!(node, Node::Table(f) if f.len() == 2 && f.contains(&"min".into()) && f.contains(&"max".into()))
}

/// A table keyed by any measure (`[targets.run]`): its keys are those of the measures
/// reference, so the scenario reference names the table, not each measure in it.
fn is_measure_table(node: &Node) -> bool {
    let keys: BTreeSet<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
    matches!(node, Node::Table(f) if f.iter().map(String::as_str).collect::<BTreeSet<_>>() == keys)
}

/// The heading under which the reference names, once and bare, the fields of a table of
/// this shape: a distribution's under Distributions, a bound's under Bounds.
fn shape_heading(node: &Node) -> Option<&'static str> {
    if is_distribution(node) {
        Some("Distributions")
    } else if is_bound(node) {
        Some("Bounds")
    } else {
        None
    }
}

#[test]
fn docs_probing_finds_the_scenario_keys() {
    let keys = scenario_keys();
    for k in [
        "simulation.horizon",
        "intents.ai.resolved",
        "pools.workforce.learning.proficient_after",
        "pools.gig.cap",
        "timeline.layoff.count",
        "sweep.axes.path",
        "scenario",
    ] {
        assert_eq!(keys.get(k), Some(&Node::Leaf), "{k} in {keys:#?}");
    }
    assert!(is_distribution(&keys["repeats.delay"]), "{keys:#?}");
    assert!(keys.len() > 100, "{} keys", keys.len());
    // Targets: the measures of every interval, and any measure over the run, each a bound.
    assert_eq!(keys.get("targets.with_confidence"), Some(&Node::Leaf));
    let Node::Table(per_interval) = &keys["targets.interval"] else {
        panic!("{keys:#?}")
    };
    let expected: Vec<&str> = staffsim::metrics::Target::PER_INTERVAL
        .iter()
        .map(|m| m.key())
        .collect();
    assert_eq!(per_interval, &expected);
    assert!(is_bound(&keys["targets.interval.asa_seconds"]), "{keys:#?}");
    assert!(is_measure_table(&keys["targets.run"]), "{keys:#?}");
    for m in Measure::ALL {
        let path = format!("targets.run.{}", m.key());
        assert!(is_bound(&keys[&path]), "{path}: {:?}", keys.get(&path));
    }
}

#[test]
fn docs_reference_names_every_scenario_key() {
    let keys = scenario_keys();
    let text = read(REFERENCE_KEYS);
    let rows = first_cell_names(&text);
    let named: BTreeSet<&str> = rows.iter().map(|(_, k)| k.as_str()).collect();
    let named_under = |heading: &str, field: &str| {
        rows.iter()
            .any(|(h, k)| h.contains(heading) && k.as_str() == field)
    };
    let below = |path: &str, is: fn(&Node) -> bool| {
        keys.iter()
            .find(|(p, n)| is(n) && path.starts_with(&format!("{p}.")))
            .map(|(p, n)| (p.clone(), n.clone()))
    };
    let mut missing = Vec::new();
    // Fields of a shape named once (a distribution's, a bound's): each with the heading it
    // belongs under and the tables that take it.
    let mut missing_fields: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (path, node) in &keys {
        if below(path, is_measure_table).is_some() {
            // Named by the table's row: any measure key, each with a bound.
            continue;
        }
        let shaped = below(path, |n| shape_heading(n).is_some());
        if let Some((table, shape)) = shaped {
            let heading = shape_heading(&shape).expect("a shaped table");
            let field = &path[table.len() + 1..];
            if !named_under(heading, field) {
                missing_fields
                    .entry((heading, field))
                    .or_default()
                    .push(table);
            }
        } else if (*node == Node::Leaf || shape_heading(node).is_some() || is_measure_table(node))
            && !named.contains(path.as_str())
        {
            missing.push(format!("`{path}`"));
        }
    }
    for ((heading, field), tables) in missing_fields {
        missing.push(format!(
            "`{field}` in a row under the {heading} heading (a key of {})",
            tables.join(", ")
        ));
    }
    assert!(
        missing.is_empty(),
        "{REFERENCE_KEYS} does not name {} keys the parser accepts (name each in backticks in \
         the first cell of a table row):\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
    // And it names no key that does not exist.
    let known: BTreeSet<String> = keys.keys().cloned().collect();
    let stale: Vec<&str> = rows
        .iter()
        .filter(|(_, k)| {
            k.contains('.')
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                && !known.contains(k)
        })
        .map(|(_, k)| k.as_str())
        .collect();
    assert!(
        stale.is_empty(),
        "{REFERENCE_KEYS} names keys the parser refuses: {stale:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Every TOML snippet is one the parser accepts

/// Key paths of `table` that no probe found, below `prefix`.
fn unknown_keys(
    table: &toml::Table,
    prefix: &str,
    keys: &BTreeMap<String, Node>,
    out: &mut Vec<String>,
) {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match keys.get(&path) {
            None => out.push(path),
            Some(Node::Leaf) => {}
            Some(Node::Table(_)) => match v {
                toml::Value::Table(t) => unknown_keys(t, &path, keys, out),
                toml::Value::Array(items) => {
                    for item in items {
                        if let toml::Value::Table(t) = item {
                            unknown_keys(t, &path, keys, out);
                        }
                    }
                }
                _ => out.push(format!("{path} (a table, given a value)")),
            },
        }
    }
}

#[test]
fn docs_every_toml_snippet_is_valid() {
    let keys = scenario_keys();
    let mut bad = Vec::new();
    let mut scenarios = 0;
    for file in markdown_files() {
        for (info, line, body) in code_blocks(&read(&file)) {
            if info != "toml" {
                continue;
            }
            let at = format!("{}:{line}", file.display());
            let table: toml::Table = match body.parse() {
                Ok(t) => t,
                Err(e) => {
                    bad.push(format!("{at}: not TOML: {e}"));
                    continue;
                }
            };
            let mut unknown = Vec::new();
            unknown_keys(&table, "", &keys, &mut unknown);
            if !unknown.is_empty() {
                bad.push(format!("{at}: unknown keys {unknown:?}"));
            }
            // A whole scenario must also pass validation.
            if table.contains_key("simulation") && table.contains_key("pools") {
                scenarios += 1;
                if let Err(e) = parse_scenario(&body) {
                    bad.push(format!("{at}: invalid scenario: {e}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "bad TOML snippets:\n{}", bad.join("\n"));
    assert!(
        scenarios >= 1,
        "no whole scenario found in the book (the README has one)"
    );
}

/// The limits the reference and the error guide give the Weibull's cv are the code's.
#[test]
fn docs_give_the_weibull_cv_limits_of_the_code() {
    use staffsim::model::TimeDistribution;
    let said = format!(
        "Weibull {} to {}",
        TimeDistribution::WEIBULL_MIN_CV,
        TimeDistribution::WEIBULL_MAX_CV
    );
    let said_in_errors = format!(
        "Weibull `cv` outside {} to {}",
        TimeDistribution::WEIBULL_MIN_CV,
        TimeDistribution::WEIBULL_MAX_CV
    );
    assert!(
        read(REFERENCE_KEYS).contains(&said),
        "{REFERENCE_KEYS}: {said}"
    );
    let errors = "docs/reference/errors.md";
    assert!(
        read(errors).contains(&said_in_errors),
        "{errors}: {said_in_errors}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Measures, commands and flags

#[test]
fn docs_reference_names_every_measure() {
    let text = read(REFERENCE_MEASURES);
    let named: BTreeSet<String> = first_cell_names(&text)
        .into_iter()
        .map(|(_, k)| k)
        .collect();
    let missing: Vec<&str> = Measure::ALL
        .iter()
        .map(|m| m.key())
        .filter(|k| !named.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "{REFERENCE_MEASURES} does not name these measures in the first cell of a table row: \
         {missing:?}"
    );
    let stale: Vec<&String> = named
        .iter()
        .filter(|k| Measure::from_key(k).is_none())
        .collect();
    assert!(
        stale.is_empty(),
        "{REFERENCE_MEASURES} names measures that do not exist: {stale:?}"
    );
}

fn help(args: &[&str]) -> String {
    let out = staffsim().args(args).arg("--help").output().unwrap();
    assert!(out.status.success(), "staffsim {args:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands `staffsim --help` lists, without `help`.
fn commands() -> Vec<String> {
    help(&[])
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The long flags of `staffsim CMD --help`, without `--help`.
fn flags(command: &str) -> Vec<String> {
    help(&[command])
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("-q, ").unwrap_or(l);
            let flag = l.split(|c: char| c.is_whitespace() || c == ',').next()?;
            (flag.starts_with("--") && flag != "--help").then(|| flag.to_string())
        })
        .collect()
}

#[test]
fn docs_reference_names_every_command_and_flag() {
    let text = read(REFERENCE_COMMANDS);
    let commands = commands();
    assert!(commands.len() >= 5, "{commands:?}");
    let mut missing = Vec::new();
    for c in &commands {
        // The command's section: from its heading to the next heading of that level.
        let heading = format!("## `staffsim {c}");
        let Some(start) = text.find(&heading) else {
            missing.push(format!("a heading {heading}`"));
            continue;
        };
        let body = &text[start + heading.len()..];
        let body = &body[..body.find("\n## ").unwrap_or(body.len())];
        for flag in flags(c) {
            if !body.contains(&format!("`{flag}`")) && !body.contains(&format!("`{flag} ")) {
                missing.push(format!("`{flag}` under {heading}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{REFERENCE_COMMANDS} lacks:\n  {}",
        missing.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// The tutorial builds its file, and the file runs

/// The tutorial's TOML blocks one after the other, with each `diff` block's `-` lines
/// replaced by its `+` lines: the file a reader has at the end.
fn tutorial_result() -> String {
    let mut file = String::new();
    for (info, line, body) in code_blocks(&read(TUTORIAL)) {
        match info.as_str() {
            "toml" => {
                if !file.is_empty() {
                    file.push('\n');
                }
                file.push_str(&body);
            }
            "diff" => {
                let old: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix('-')).collect();
                let new: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix('+')).collect();
                let old = old.join("\n") + "\n";
                assert!(
                    file.contains(&old),
                    "{TUTORIAL}:{line}: the lines this diff removes are not in the file so far:\n{old}"
                );
                file = file.replacen(&old, &(new.join("\n") + "\n"), 1);
            }
            _ => {}
        }
    }
    file
}

#[test]
fn docs_tutorial_builds_its_file_and_it_runs() {
    let built = tutorial_result();
    let shipped = read(TUTORIAL_FILE);
    if built.trim_end() != shipped.trim_end() {
        let line = built
            .lines()
            .zip(shipped.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(built.lines().count().min(shipped.lines().count()));
        panic!(
            "following {TUTORIAL} does not give {TUTORIAL_FILE}; they differ from line {}:\n  \
             tutorial: {:?}\n  file:     {:?}",
            line + 1,
            built.lines().nth(line).unwrap_or(""),
            shipped.lines().nth(line).unwrap_or("")
        );
    }
    let roster = parse_scenario(&shipped).unwrap_or_else(|e| panic!("{TUTORIAL_FILE}: {e}"));
    // Before the roster: the same desk with 16 agents all day, as the tutorial first runs it.
    let flat_text = {
        let mut text = String::new();
        for (info, _, body) in code_blocks(&read(TUTORIAL)) {
            if info == "toml" {
                text.push_str(&body);
                text.push('\n');
            }
        }
        text
    };
    let flat = parse_scenario(&flat_text).unwrap_or_else(|e| panic!("{TUTORIAL}: {e}"));
    let sl = |s: &Scenario| {
        staffsim::experiment::run(s, None)
            .unwrap()
            .estimate(Measure::ServiceLevel)
            .mean
            .unwrap()
    };
    let (before, after) = (sl(&flat), sl(&roster));
    // What the tutorial says: flat staffing misses the target badly, the roster meets it.
    assert!(before < 0.5, "16 agents all day: service level {before}");
    assert!(after > 0.8, "the hourly roster: service level {after}");
    // And its targets: met over the run, missed in some of the hours.
    let sim = &roster.simulation;
    let experiment = staffsim::experiment::run(&roster, None).unwrap();
    let judged = staffsim::plan::evaluate(&roster.targets, &experiment, sim.warmup, sim.interval);
    assert_eq!(judged.over_run.len(), 2);
    assert!(
        judged.over_run.iter().all(|j| j.verdict.met == Some(true)),
        "{judged:?}"
    );
    let hourly = judged.per_interval[0];
    assert_eq!(hourly.judged, 14 * 24, "{hourly:?}");
    assert!(
        hourly.met > hourly.judged / 2 && hourly.met < hourly.judged,
        "{hourly:?}"
    );
}
