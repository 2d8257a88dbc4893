//! Interval history, forecast: what `staffsim forecast HISTORY.csv --horizon Nd` does before
//! it writes (read the export, one series, forecast it with its backtest, the rows of the
//! rates file). The first byte is the horizon in days (1 to 64); an export of more than
//! 20,000 rows is left alone, to keep each input fast (the fit is linear in its length).

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::history::forecast::{self, Settings, rate_rows};
use staffsim::history::{ReadOptions, parse_history};

fuzz_target!(|data: &[u8]| {
    let Some((&first, csv)) = data.split_first() else {
        return;
    };
    if csv.iter().filter(|&&b| b == b'\n').count() > 20_000 {
        return;
    }
    let horizon = u32::from(first % 64) + 1;
    let history = match parse_history(csv, "history.csv", &ReadOptions::default()) {
        Ok(h) => h,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let [(_, grid)] = history.series.as_slice() else {
        return;
    };
    match forecast::forecast(grid, horizon, 0.2, Settings::default()) {
        Ok(fc) => {
            let _ = rate_rows(&fc);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
