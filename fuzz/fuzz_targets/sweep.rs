//! The sweep file, or a scenario with a `[sweep]` table: what `staffsim sweep FILE` (and
//! `staffsim frontier FILE`, which reads the same) does before it simulates. The file reads
//! the `[sweep]` axes, the scenario it names (`case.toml`, valid, beside it) with its `set`
//! overrides, draws a Latin hypercube, and validates the scenario of every point. Grids of
//! more than 1,000 points stop after the count, as `sweep` stops them at `--max-points`
//! (10,000 by default), to keep each input fast.
//!
//! A sweep that would run must write a manifest that `staffsim merge` reads back: its grid
//! passes `SweepSpec::check` and comes back from JSON unchanged (an assertion).

#![no_main]

use libfuzzer_sys::fuzz_target;
use staffsim::experiment::{design, sweep};
use staffsim::scenario::{self, sweep::ScenarioDocument, sweep::SweepInput, sweep::SweepSpec};

const MAX_POINTS: usize = 1_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = run(text) {
        let _ = e.to_string();
    }
});

fn run(raw: &str) -> Result<(), String> {
    let dir = staffsim_fuzz::beside();
    let file = dir.join("sweep.toml").display().to_string();
    let input = SweepInput::read(raw, &file, dir).map_err(|e| e.to_string())?;
    let base =
        scenario::parse(&input.text, &input.scenario_file, "sweep").map_err(|e| e.to_string())?;
    let Some(spec) = input.spec else {
        return Ok(());
    };
    if spec.len() > MAX_POINTS {
        return Ok(());
    }
    let doc = ScenarioDocument::new(&input.text, &file, "sweep").map_err(|e| e.to_string())?;
    let spec = design::resolve(&spec, &doc, base.simulation.seed)?;
    sweep::scenarios(&doc, &spec, None)?;
    spec.check().expect("a sweep that runs has a sound grid");
    let json = serde_json::to_string_pretty(&spec).expect("the grid serialises");
    let back: SweepSpec = serde_json::from_str(&json).expect("merge reads the grid back");
    assert_eq!(
        back, spec,
        "the grid comes back from the manifest unchanged"
    );
    Ok(())
}
