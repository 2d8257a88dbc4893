//! What the fuzz targets share: the bundle format that packs several files into one input,
//! output folders written with the record readers demand, and the small valid files that a
//! target's input is read beside.
//!
//! A reader of one file is fuzzed with the file's bytes. A reader of a folder (`merge`,
//! `report`) is fuzzed with a **bundle**: the files of one or more folders in one input, each
//! file introduced by a line `%% NAME` and each new folder by a line `%%` alone:
//!
//! ```text
//! %% manifest.json
//! {...}
//! %% replications.csv
//! point,...
//! %%
//! %% manifest.json
//! ...
//! ```
//!
//! Only the names a target knows are written, so an input never writes outside its folder.
//! Each folder gets the `outputs.json` record its files need to pass
//! `staffsim::report::folder::verify`, unless the bundle brings its own (then that one is
//! fuzzed too).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use staffsim::history::ReadOptions;
use staffsim::report::folder::{RECORD, Record, RecordedFile};
use staffsim::report::sweep::sha256_hex;

/// One folder of a bundle: its files, by name, in input order.
pub type Folder = Vec<(String, Vec<u8>)>;

/// The folders of a bundle (see the crate docs). Bytes before the first `%%` line are
/// dropped; a file named twice keeps its last contents.
pub fn bundle(data: &[u8]) -> Vec<Folder> {
    let mut folders: Vec<Folder> = vec![Vec::new()];
    let mut current: Option<(String, Vec<u8>)> = None;
    let close = |folders: &mut Vec<Folder>, current: &mut Option<(String, Vec<u8>)>| {
        if let Some((name, mut bytes)) = current.take() {
            // The newline before the next `%%` line belongs to the separator.
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            let folder = folders.last_mut().expect("at least one folder");
            folder.retain(|(n, _)| *n != name);
            folder.push((name, bytes));
        }
    };
    for line in data.split_inclusive(|&b| b == b'\n') {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        if let Some(rest) = text.strip_prefix(b"%%") {
            close(&mut folders, &mut current);
            let name = String::from_utf8_lossy(rest).trim().to_string();
            if name.is_empty() {
                if !folders.last().is_some_and(Vec::is_empty) {
                    folders.push(Vec::new());
                }
            } else {
                current = Some((name, Vec::new()));
            }
        } else if let Some((_, bytes)) = &mut current {
            bytes.extend_from_slice(line);
        }
    }
    close(&mut folders, &mut current);
    folders.retain(|f| !f.is_empty());
    folders
}

/// Writes `files` into the new folder `dir`, only those whose names `known` lists, and the
/// record of the written files as `staffsim` would write it (unless `files` holds an
/// `outputs.json`, written as it is). Returns whether any file was written.
///
/// # Panics
///
/// If the folder or a file cannot be written: the fuzzer's machine is broken, not staffsim.
pub fn write_folder(dir: &Path, files: &Folder, known: &[&str]) -> bool {
    std::fs::create_dir_all(dir).expect("make the folder");
    let mut listed = Vec::new();
    let mut own_record = false;
    for (name, bytes) in files {
        if name == RECORD {
            std::fs::write(dir.join(RECORD), bytes).expect("write the record");
            own_record = true;
            continue;
        }
        if !known.contains(&name.as_str()) {
            continue;
        }
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("make the subfolder");
        }
        std::fs::write(&path, bytes).expect("write a file");
        listed.push(RecordedFile {
            name: name.clone(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        });
    }
    if !own_record {
        let record = Record {
            staffsim_version: "fuzz".into(),
            command: "fuzz".into(),
            files: listed.clone(),
        };
        let text = serde_json::to_string_pretty(&record).expect("a record serialises");
        std::fs::write(dir.join(RECORD), text).expect("write the record");
    }
    own_record || !listed.is_empty()
}

/// The folders of the bundle `data` written as shard folders `shard0`, `shard1`, ... of a
/// fresh temporary folder (see [`write_folder`]; only the files `known` names, with their
/// record): the temporary folder, to keep while the shards are read, and the shards' paths.
/// `None` for a bundle of no folder or of more than 16.
pub fn shard_folders(data: &[u8], known: &[&str]) -> Option<(tempfile::TempDir, Vec<PathBuf>)> {
    let folders = bundle(data);
    if folders.is_empty() || folders.len() > 16 {
        return None;
    }
    let root = tempfile::tempdir().expect("a temporary folder");
    let dirs: Vec<PathBuf> = (0..folders.len())
        .map(|i| root.path().join(format!("shard{i}")))
        .collect();
    for (dir, files) in dirs.iter().zip(&folders) {
        write_folder(dir, files, known);
    }
    Some((root, dirs))
}

/// A small valid scenario, 2 intents on 2 channels, for targets that fuzz a file the
/// scenario names (a rates file, a schedule file) or a sweep of it.
pub const CASE: &str = r#"name = "fuzz case"
[simulation]
horizon = "2d"
warmup = "1h"
interval = "1h"
replications = 2
seed = 7
[arrivals]
rate = "120/h"
[[intents]]
name = "general"
share = 0.7
channel = "chat"
handle_time = { dist = "lognormal", mean = "4m", cv = 0.8 }
patience = { dist = "exponential", mean = "3m" }
[[intents]]
name = "billing"
share = 0.3
channel = "voice"
handle_time = { dist = "exponential", mean = "6m" }
[[pools]]
name = "agents"
agents = 12
skills = ["general", "billing"]
[[shifts]]
name = "day"
pool = "agents"
length = "8h"
starts = { earliest = "6h", latest = "12h", every = "1h" }
breaks = [{ length = "30m", earliest = "3h", latest = "5h", every = "30m" }]
cost_per_hour = 20.0
"#;

/// A valid rates file for [`CASE`] (two days of hours would be long: a day of four rows).
pub const RATES: &str = "start,end,offered\n0h,6h,100\n6h,12h,900\n12h,18h,800\n18h,24h,200\n";

/// A valid schedule file for the `day` shift of [`CASE`].
pub const SCHEDULE: &str =
    "shift,start,breaks,count\nday,6h,3h,4\nday,9h,4h30m,5\nday,12h,3h30m,3\n";

/// A folder made once per process, holding [`CASE`] as `case.toml`, [`RATES`] as
/// `rates.csv` and [`SCHEDULE`] as `schedule.csv`: what a fuzzed scenario or sweep file may
/// name beside it. It is never removed (`fuzz/run.sh` gives the process a temporary folder of
/// its own and removes that).
pub fn beside() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("staffsim-fuzz-")
            .tempdir()
            .expect("make a temporary folder")
            .keep();
        std::fs::write(dir.join("case.toml"), CASE).expect("write case.toml");
        std::fs::write(dir.join("rates.csv"), RATES).expect("write rates.csv");
        std::fs::write(dir.join("schedule.csv"), SCHEDULE).expect("write schedule.csv");
        dir
    })
}

/// The history reader's options and the export, from a fuzzed input: an input that starts
/// with `!` names the columns to ignore (`--ignore`), comma-separated, on its first line.
pub fn read_options(data: &[u8]) -> (ReadOptions, &[u8]) {
    let Some(rest) = data.strip_prefix(b"!") else {
        return (ReadOptions::default(), data);
    };
    let (line, csv) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &rest[rest.len()..]),
    };
    let ignore = String::from_utf8_lossy(line)
        .split(',')
        .map(str::to_string)
        .collect();
    (ReadOptions { ignore }, csv)
}

/// Loads `scenario` as `staffsim run` does, from a fresh folder where it is `case.toml` and
/// `bytes` the file `name` beside it; the error, if any, is formatted as the command prints
/// it, and the warnings of a valid scenario are made.
///
/// # Panics
///
/// If the folder cannot be written, or if staffsim panics (what the fuzzer looks for).
pub fn with_file(scenario: &str, name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join(name), bytes).expect("write the file");
    let path = dir.path().join("case.toml");
    std::fs::write(&path, scenario).expect("write the scenario");
    match staffsim::scenario::load(&path) {
        Ok(s) => {
            let _ = s.warnings();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_splits_into_folders_and_files() {
        let b = bundle(b"junk\n%% a.csv\nx,y\n1,2\n%% b.json\n{}\n%%\n%% a.csv\nz\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0][0], ("a.csv".into(), b"x,y\n1,2".to_vec()));
        assert_eq!(b[0][1], ("b.json".into(), b"{}".to_vec()));
        assert_eq!(b[1], vec![("a.csv".into(), b"z".to_vec())]);
    }

    #[test]
    fn the_files_beside_a_fuzzed_input_are_valid() {
        let dir = beside();
        let s =
            staffsim::scenario::parse(CASE, &dir.join("case.toml").display().to_string(), "case")
                .unwrap();
        assert_eq!(s.intents.len(), 2);
        for (key, line) in [
            (
                "[arrivals]\nrate = \"120/h\"",
                "[arrivals]\nrates = { file = \"rates.csv\", repeat = true }",
            ),
            ("agents = 12\n", "schedule_file = \"schedule.csv\"\n"),
        ] {
            let text = CASE.replace(key, line);
            staffsim::scenario::parse(&text, &dir.join("x.toml").display().to_string(), "x")
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
