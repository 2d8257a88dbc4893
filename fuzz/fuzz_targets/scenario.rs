//! The scenario file: what `staffsim run FILE` does before it simulates (read, validate,
//! the warnings, the error message), and `--scale` (the file edited, then validated again).
//! The scenario sits in a folder that holds a valid rates file and schedule file
//! (`rates.csv`, `schedule.csv`), so inputs that name them reach their readers too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = staffsim_fuzz::beside()
        .join("fuzzed.toml")
        .display()
        .to_string();
    match scenario::parse(text, &file, "fuzzed") {
        Ok(s) => {
            let _ = s.warnings();
            let scale = vec![("simulation.scale".to_string(), toml::Value::Float(0.5))];
            if let Err(e) = scenario::edit(text, &file, &scale) {
                let _ = e.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
