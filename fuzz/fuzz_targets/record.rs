//! `outputs.json`, the record of an output folder, as `report` and `merge` check it
//! (`folder::verify`) in a folder that holds `summary.json` and `plots/a.svg`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::report::folder;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("summary.json"), "{}\n").expect("write");
    std::fs::create_dir(dir.path().join("plots")).expect("mkdir");
    std::fs::write(dir.path().join("plots/a.svg"), "<svg/>").expect("write");
    std::fs::write(dir.path().join(folder::RECORD), data).expect("write");
    match folder::verify(dir.path()) {
        Ok(record) => {
            let _ = record.lists("summary.json");
            let _ = folder::listed(dir.path(), "plots/a.svg");
        }
        Err(e) => {
            let _ = format!("{e:#}");
        }
    }
});
