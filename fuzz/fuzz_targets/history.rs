//! Interval history as WFM tools export it: what `staffsim fit HISTORY.csv` does before it
//! writes (read the export, fit arrivals, profiles, trend, noise and handle times to it).
//! The first byte, when it is `!`, asks to ignore the columns named on the first line
//! (`--ignore`); the export follows.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::history::fit::{FitOptions, fit_history};
use staffsim::history::parse_history;

fuzz_target!(|data: &[u8]| {
    let (options, csv) = staffsim_fuzz::read_options(data);
    let history = match parse_history(csv, "history.csv", &options) {
        Ok(h) => h,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match fit_history(&history, &FitOptions::default()) {
        Ok(fit) => {
            let _ = fit.total.trend_steps(28.0 * 86_400.0);
            let _ = fit.total.worst_cells(5);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
