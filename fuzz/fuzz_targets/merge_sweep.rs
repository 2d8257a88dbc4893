//! `staffsim merge` of sweep shards: a bundle (see the crate docs) of shard folders, each
//! with `manifest.json` and `replications.csv` (and the record `outputs.json`, made to match
//! unless the bundle brings one). Merged as merge does, and when the shards fit together,
//! the sensitivity analysis and every file of the whole sweep written, as merge writes them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::report::folder::OutputFolder;
use staffsim::report::sweep::{merge_parts, sensitivity, write_sweep};

const FILES: [&str; 2] = ["manifest.json", "replications.csv"];

fuzz_target!(|data: &[u8]| {
    let Some((root, dirs)) = staffsim_fuzz::shard_folders(data, &FILES) else {
        return;
    };
    let dirs: Vec<&std::path::Path> = dirs.iter().map(|d| d.as_path()).collect();
    let (manifest, results) = match merge_parts(&dirs) {
        Ok(merged) => merged,
        Err(e) => {
            let _ = format!("{e:#}");
            return;
        }
    };
    let rows = sensitivity(&manifest, &results);
    let mut out = OutputFolder::lock(&root.path().join("merged")).expect("lock the output");
    if let Err(e) = write_sweep(&mut out, &manifest, &results, rows.as_deref()) {
        let _ = format!("{e:#}");
    }
});
