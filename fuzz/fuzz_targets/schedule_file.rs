//! A pool's schedule file (`schedule_file = "schedule.csv"`, the shifts assigned to it):
//! written beside a valid scenario whose pool names it, which is then loaded as `staffsim
//! run` loads it (the rows read, each checked against its shift template).

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim_fuzz::{CASE, with_file};

fuzz_target!(|data: &[u8]| {
    let scenario = CASE.replace("agents = 12\n", "schedule_file = \"schedule.csv\"\n");
    with_file(&scenario, "schedule.csv", data);
});
