//! The rates file a scenario reads (`[arrivals] rates = { file = "rates.csv" }`): written
//! beside one of a few valid scenarios, which is then loaded as `staffsim run` loads it (the
//! file read on its own, then resolved against the scenario's intents and channels). The
//! first byte picks the scenario: all intents together, or each intent or each channel its
//! own column, each with or without `repeat` and `level_noise`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim_fuzz::{CASE, with_file};

const ARRIVALS: [&str; 4] = [
    "rates = { file = \"rates.csv\" }",
    "rates = { file = \"rates.csv\", repeat = true }",
    "rates = { file = \"rates.csv\", level_noise = true }",
    "rates = { file = \"rates.csv\", repeat = true, level_noise = true }",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, csv)) = data.split_first() else {
        return;
    };
    let arrivals = ARRIVALS[usize::from(first) % ARRIVALS.len()];
    let scenario = CASE.replace("rate = \"120/h\"", arrivals);
    with_file(&scenario, "rates.csv", csv);
});
