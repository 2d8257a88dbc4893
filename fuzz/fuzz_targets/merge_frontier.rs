//! `staffsim merge` of frontier shards: a bundle (see the crate docs) of shard folders, each
//! with `frontier.json` (and the record `outputs.json`, made to match unless the bundle
//! brings one). Merged as merge does (`read_frontier` of each), and the merged search's
//! files written (`frontier.csv`, `frontier.json`, the chart).

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::report::folder::OutputFolder;
use staffsim::report::frontier::{merge_frontier_parts, read_frontier, write_frontier};

const FILES: [&str; 1] = ["frontier.json"];

fuzz_target!(|data: &[u8]| {
    let Some((root, dirs)) = staffsim_fuzz::shard_folders(data, &FILES) else {
        return;
    };
    if let Err(e) = read_frontier(&dirs[0]) {
        let _ = format!("{e:#}");
    }
    let dirs: Vec<&std::path::Path> = dirs.iter().map(|d| d.as_path()).collect();
    let file = match merge_frontier_parts(&dirs) {
        Ok(file) => file,
        Err(e) => {
            let _ = format!("{e:#}");
            return;
        }
    };
    let _ = file.any_feasible();
    let mut out = OutputFolder::lock(&root.path().join("merged")).expect("lock the output");
    if let Err(e) = write_frontier(&mut out, &file) {
        let _ = format!("{e:#}");
    }
});
