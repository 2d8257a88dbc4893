//! A sweep shard's `manifest.json`, as `staffsim merge` reads it: parsed, checked
//! (`Manifest::check`), and, when it passes, every point of its grid (up to 10,000) taken as
//! merge takes them to check the rows of `replications.csv`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::report::sweep::Manifest;

fuzz_target!(|data: &[u8]| {
    let manifest: Manifest = match serde_json::from_slice(data) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    if let Err(e) = manifest.check() {
        let _ = e.to_string();
        return;
    }
    let _ = manifest.unsharded();
    for p in 0..manifest.points.min(10_000) {
        let _ = staffsim::scenario::sweep::describe(&manifest.sweep, &manifest.sweep.point(p));
    }
});
