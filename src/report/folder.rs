//! Output folders as transactions: one writer at a time, and a folder that is one command's
//! whole output or is refused.
//!
//! A command writes its files one by one, each atomically ([`write_atomic`]); a kill between
//! two renames would still leave a folder that mixes two runs (a new `summary.json` beside an
//! old `timeseries.csv`). So every output folder carries a record, [`RECORD`]
//! (`outputs.json`): the command, staffsim's version, and each file's size and SHA-256. A
//! writer removes the previous record first, then the files it listed, then writes the new
//! files, and the new record last. At any instant the folder is therefore the old output
//! (its record intact), the new one (the new record), or an interrupted write with no record.
//! Readers (`report`, `merge`) call [`verify`]: they refuse a folder without a record, a file
//! whose checksum differs from the record's (edited by hand, or left by another run), and
//! they see only the files the record lists.
//!
//! A lock keeps a second staffsim from writing the same folder at the same time: `.staffsim.lock`
//! in the folder, held with the operating system's advisory file lock, which ends with the
//! process however it ends (no stale lock after a kill). A command takes it before it
//! simulates, so the second writer learns at once, not after hours of work. With the lock
//! held, temporary files that a killed writer left (`.NAME.tmp-PID`) are removed.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::sweep::sha256_hex;
use super::write_atomic;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// The record of an output folder's files, written last: `outputs.json`.
pub const RECORD: &str = "outputs.json";

/// The lock file, hidden, kept between runs (removing it could let two writers hold locks on
/// two different files).
const LOCK: &str = ".staffsim.lock";

/// Subfolders whose temporary files are cleaned too (charts).
const SUBFOLDERS: [&str; 1] = ["plots"];

/// What `outputs.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Version of staffsim that wrote the folder.
    pub staffsim_version: String,
    /// The command that wrote it (`run`, `sweep`, `staff`, ...).
    pub command: String,
    /// Every file of the output, in the order written.
    pub files: Vec<RecordedFile>,
}

/// One file of an output folder, as the record lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedFile {
    /// Path relative to the folder, with `/` (`summary.json`, `plots/frontier.svg`).
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents, lowercase hexadecimal.
    pub sha256: String,
}

impl Record {
    /// Whether the record lists the file `name`.
    pub fn lists(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }
}

/// An output folder locked for writing by this process, until it is dropped.
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    /// Held for the lock; closed (and so unlocked) on drop.
    _lock: File,
    /// Whether this process made the folder (removed again if nothing was written).
    created: bool,
    committed: bool,
}

/// Why an output folder cannot be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock.
    #[error(
        "another staffsim is writing {0} now: wait for it to finish, or give another folder \
         (two commands writing one folder at once would mix their files)"
    )]
    Busy(String),
    /// The folder or its lock file cannot be made or locked.
    #[error("cannot lock the output folder {dir}: {reason}")]
    Io {
        /// The folder.
        dir: String,
        /// The operating system's reason.
        reason: String,
    },
}

impl OutputFolder {
    /// Makes `dir` if it is missing and locks it against other staffsim writers.
    ///
    /// # Errors
    ///
    /// [`LockError::Busy`] if another process holds the lock, [`LockError::Io`] if the
    /// folder cannot be made or the lock file cannot be opened or locked.
    pub fn lock(dir: &Path) -> Result<OutputFolder, LockError> {
        let io = |e: std::io::Error| LockError::Io {
            dir: dir.display().to_string(),
            reason: e.to_string(),
        };
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(io)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK))
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(OutputFolder {
                dir: dir.to_path_buf(),
                _lock: file,
                created,
                committed: false,
            }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(LockError::Busy(dir.display().to_string()))
            }
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the folder's output with `files` (name relative to the folder, contents),
    /// written by `command`: the previous record goes first, then the files it listed and
    /// any temporary file a killed writer left, then each new file atomically, then the new
    /// record.
    ///
    /// # Errors
    ///
    /// An error naming the file that cannot be removed or written; the folder is then left
    /// without a record, which readers refuse until a command writes it again.
    pub fn commit(&mut self, command: &str, files: &[(&str, &[u8])]) -> anyhow::Result<()> {
        let dir = &self.dir;
        let record = dir.join(RECORD);
        killed_here(0);
        let previous = read_record(dir).ok();
        remove_if_present(&record)?;
        if let Some(previous) = previous {
            for f in previous.files {
                if safe_name(&f.name) {
                    remove_if_present(&dir.join(&f.name))?;
                }
            }
        }
        self.clean_temporaries();
        let mut listed = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write_atomic(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            killed_here(listed.len() + 1);
            listed.push(RecordedFile {
                name: (*name).to_string(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            });
        }
        let record_value = Record {
            staffsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            files: listed,
        };
        let text = serde_json::to_string_pretty(&record_value)? + "\n";
        write_atomic(&record, text.as_bytes())
            .with_context(|| format!("cannot write {}", record.display()))?;
        self.committed = true;
        Ok(())
    }

    /// Adds `files` to the folder's output (the report of a run beside the run): each written
    /// atomically, then the record rewritten with them. Files the record already lists under
    /// these names are replaced.
    ///
    /// # Errors
    ///
    /// As [`verify`] if the folder holds no whole output; then as [`OutputFolder::commit`].
    pub fn add(&mut self, files: &[(&str, &[u8])]) -> anyhow::Result<()> {
        let mut record = verify(&self.dir)?;
        let path = self.dir.join(RECORD);
        // First the record without the files about to change, so that the output stays whole
        // (and readable) if this is interrupted; then the files; then the record with them.
        record
            .files
            .retain(|f| !files.iter().any(|(n, _)| f.name == *n));
        let text = serde_json::to_string_pretty(&record)? + "\n";
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        self.clean_temporaries();
        for (name, bytes) in files {
            let target = self.dir.join(name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write_atomic(&target, bytes)
                .with_context(|| format!("cannot write {}", target.display()))?;
            record.files.push(RecordedFile {
                name: (*name).to_string(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            });
        }
        let text = serde_json::to_string_pretty(&record)? + "\n";
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        self.committed = true;
        Ok(())
    }

    /// Removes the temporary files (`.NAME.tmp-PID`) in the folder and its chart folder: with
    /// the lock held, no other writer is making them, so they are a killed writer's.
    fn clean_temporaries(&self) {
        let folders = std::iter::once(self.dir.clone()).chain(SUBFOLDERS.map(|s| self.dir.join(s)));
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') && name.contains(".tmp-") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

impl Drop for OutputFolder {
    /// A folder this process made and never wrote (the command failed first) is removed again,
    /// so a failed command leaves no empty folder behind.
    fn drop(&mut self) {
        if self.created && !self.committed {
            let _ = std::fs::remove_file(self.dir.join(LOCK));
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// In test builds only (debug assertions), the process aborts, as if killed, when
/// `STAFFSIM_TEST_KILL_AT` names `step`: 0 before the old output is touched, N after the N-th
/// new file is renamed into place. The tests kill a writer at every step this way.
fn killed_here(step: usize) {
    #[cfg(debug_assertions)]
    if std::env::var("STAFFSIM_TEST_KILL_AT").is_ok_and(|v| v == step.to_string()) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = step;
}

/// Reads the record of `dir` and checks every file it lists against its size and checksum.
///
/// # Errors
///
/// An error naming the folder if it has no record (never written whole: an older staffsim, a
/// command interrupted while writing, or one writing now), if the record is not one staffsim
/// writes, or naming the file that is missing or differs from the record.
pub fn verify(dir: &Path) -> anyhow::Result<Record> {
    let record = read_record(dir)?;
    for f in &record.files {
        if !safe_name(&f.name) {
            bail!(
                "{}: lists {:?}, which is not a file of the folder",
                dir.join(RECORD).display(),
                f.name
            );
        }
        let path = dir.join(&f.name);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "{} lists {} but it cannot be read: the folder is not whole; run the command \
                 again",
                dir.join(RECORD).display(),
                path.display()
            )
        })?;
        if bytes.len() as u64 != f.bytes || sha256_hex(&bytes) != f.sha256 {
            bail!(
                "{} is not the file `staffsim {}` wrote (its checksum differs from {}): it was \
                 changed afterwards or left by another run; run the command again",
                path.display(),
                record.command,
                dir.join(RECORD).display()
            );
        }
    }
    Ok(record)
}

/// Whether `dir` has a record at all (see [`verify`] for whether it holds).
pub fn has_record(dir: &Path) -> bool {
    dir.join(RECORD).is_file()
}

/// Whether the record of `dir` lists the file `name` (false without a record): what a
/// reader that has [`verify`]-ed the folder may read.
pub fn listed(dir: &Path, name: &str) -> bool {
    read_record(dir).is_ok_and(|r| r.lists(name))
}

/// The record of `dir`, read and parsed (not checked against the files).
fn read_record(dir: &Path) -> anyhow::Result<Record> {
    let path = dir.join(RECORD);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{} has no {RECORD}, so it is not a whole output of staffsim: it was written by an \
             older version, or a command was interrupted while writing it (or is writing it \
             now); run the command again",
            dir.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not the record staffsim writes", path.display()))
}

/// A recorded name that stays inside the folder: relative, no `..`, no empty part.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_folder_verifies_and_an_edited_file_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut folder = OutputFolder::lock(&out).unwrap();
        folder
            .commit(
                "run",
                &[("a.csv", b"x,y\n1,2\n"), ("plots/b.svg", b"<svg/>")],
            )
            .unwrap();
        let record = verify(&out).unwrap();
        assert!(record.lists("a.csv") && record.lists("plots/b.svg"));
        std::fs::write(out.join("a.csv"), "x,y\n1,3\n").unwrap();
        let err = verify(&out).unwrap_err().to_string();
        assert!(err.contains("a.csv") && err.contains("checksum"), "{err}");
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputFolder::lock(dir.path()).unwrap();
        let err = OutputFolder::lock(dir.path()).unwrap_err();
        assert!(matches!(err, LockError::Busy(_)), "{err}");
        drop(first);
        OutputFolder::lock(dir.path()).unwrap();
    }

    #[test]
    fn a_new_output_removes_the_old_ones_files_and_stale_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let mut folder = OutputFolder::lock(dir.path()).unwrap();
        folder
            .commit("sweep", &[("results.csv", b"1"), ("manifest.json", b"{}")])
            .unwrap();
        std::fs::write(dir.path().join(".results.csv.tmp-99999"), "half").unwrap();
        std::fs::write(dir.path().join("mine.txt"), "the user's").unwrap();
        folder.commit("sweep", &[("manifest.json", b"{}")]).unwrap();
        assert!(!dir.path().join("results.csv").exists());
        assert!(!dir.path().join(".results.csv.tmp-99999").exists());
        assert!(dir.path().join("mine.txt").exists(), "not ours: kept");
        assert_eq!(verify(dir.path()).unwrap().files.len(), 1);
    }

    #[test]
    fn a_folder_without_a_record_or_with_a_hostile_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            verify(dir.path())
                .unwrap_err()
                .to_string()
                .contains("no outputs.json")
        );
        std::fs::write(
            dir.path().join(RECORD),
            r#"{"staffsim_version":"0","command":"run","files":[{"name":"../x","bytes":0,"sha256":""}]}"#,
        )
        .unwrap();
        assert!(
            verify(dir.path())
                .unwrap_err()
                .to_string()
                .contains("not a file of the folder")
        );
    }

    #[test]
    fn a_folder_made_for_a_command_that_failed_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("never");
        drop(OutputFolder::lock(&out).unwrap());
        assert!(!out.exists());
    }
}
