//! Which of the case's unidentified settings drive its 2025 figures, channel by channel.
//!
//! `staffsim sweep scenarios/klarna/sensitivity_lhs.toml` ranks the settings for the
//! whole-floor measures of a sweep (`sensitivity.csv`); the case's finding is about channels
//! (the phone, which the assistant never touches, against the chat), which a sweep's
//! whole-run measures mix. This reads the same sweep file, runs each point of its Latin
//! hypercube (with the file's common random numbers: replication `r` of every point shares
//! its seed), reads each point's 2025 by channel from the month tallies, and ranks the
//! settings with the library's standardised rank regression
//! (`staffsim::experiment::sensitivity::rank_regression`, 95 % bootstrap intervals).

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use staffsim::experiment::{self, design, estimate, sensitivity};
use staffsim::metrics::Measure;
use staffsim::model::Channel;
use staffsim::scenario::{
    self,
    sweep::{ScenarioDocument, SweepInput},
};

use super::figures::{Keep, Run};

/// The months measured: January to December 2025 (0-based from January 2023).
const YEAR_2025: std::ops::Range<usize> = 24..36;

/// The outputs ranked: a label, the measure, and whom it counts.
fn outputs() -> Vec<(&'static str, Measure, Keep<'static>)> {
    let chat = Keep::Channel(Channel::Chat);
    let voice = Keep::Channel(Channel::Voice);
    vec![
        ("Service level, chat", Measure::ServiceLevel, chat),
        ("Service level, phone", Measure::ServiceLevel, voice),
        ("Abandonment, chat", Measure::AbandonmentRate, chat),
        ("Abandonment, phone", Measure::AbandonmentRate, voice),
        ("First-contact resolution, chat", Measure::Fcr, chat),
        ("First-contact resolution, phone", Measure::Fcr, voice),
        ("Survey, all", Measure::CsatSurvey, Keep::All),
        ("Survey, chat", Measure::CsatSurvey, chat),
        ("Survey, phone", Measure::CsatSurvey, voice),
        (
            "True resolution (7 days), chat",
            Measure::TrueResolutionRate,
            chat,
        ),
        (
            "Resolved within 1 day, all",
            Measure::ResolvedWithin1d,
            Keep::All,
        ),
        ("AI share of chats", Measure::AiShare, chat),
        ("Cost, all", Measure::CostTotal, Keep::All),
    ]
}

/// Runs the sweep file `file` point by point and prints, per output, the settings ranked by
/// the absolute value of their standardised rank regression coefficient.
pub fn by_channel(file: &Path, threads: Option<usize>, top: usize) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {file:?}"))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let input = SweepInput::read(&text, &file.display().to_string(), dir)?;
    let spec = input
        .spec
        .ok_or_else(|| anyhow!("{} has no [sweep] table", file.display()))?;
    let document = ScenarioDocument::new(&input.text, &input.scenario_file, "case")?;
    // The design is drawn as `staffsim sweep` draws it: from [sweep]'s seed, or the scenario's.
    let base = scenario::parse(&input.text, &input.scenario_file, "case")?;
    let spec =
        design::resolve(&spec, &document, base.simulation.seed).map_err(anyhow::Error::msg)?;
    let n = spec.len();
    if sensitivity::too_few_samples(n, spec.axes.len()) {
        eprintln!(
            "warning: {n} samples for {} settings are too few for a rank regression; the table \
             will be empty",
            spec.axes.len()
        );
    }
    let outputs = outputs();
    // inputs[axis][point], values[output][point]
    let mut inputs = vec![Vec::with_capacity(n); spec.axes.len()];
    let mut values = vec![Vec::with_capacity(n); outputs.len()];
    let started = std::time::Instant::now();
    let mut replications = 0;
    for i in 0..n {
        let point = spec.point(i);
        for (a, (axis, v)) in spec.axes.iter().zip(&point).enumerate() {
            let x = match &axis.range {
                Some(r) => r.number_of(v),
                None => v.as_float().or(v.as_integer().map(|i| i as f64)),
            };
            inputs[a].push(x.unwrap_or(f64::NAN));
        }
        let scenario = document.at(&spec, &point).map_err(anyhow::Error::msg)?;
        replications = scenario.simulation.replications;
        let experiment = experiment::run(&scenario, threads)?;
        let run = Run {
            scenario,
            experiment,
        };
        for (o, (_, measure, keep)) in outputs.iter().enumerate() {
            let e = estimate(&run.values(*measure, YEAR_2025, *keep));
            values[o].push(e.mean.unwrap_or(f64::NAN));
        }
        eprint!("\rpoint {}/{n}", i + 1);
    }
    eprintln!();
    println!(
        "## What drives 2025, by channel ({n} points of {}, {replications} replications each, \
         {:.0} s)\n",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "Standardised rank regression coefficients (SRRC) of the {top} strongest settings, with \
         95 % bootstrap intervals; R²: the share of the output's rank variance the settings \
         explain together.\n"
    );
    println!("| Output (2025) | R² | Strongest settings: SRRC [95 % interval] |");
    println!("|---|---|---|");
    for (o, (label, _, _)) in outputs.iter().enumerate() {
        let r = sensitivity::rank_regression(
            &inputs,
            &values[o],
            sensitivity::RESAMPLES,
            0x5EED ^ o as u64,
        );
        let mut ranked: Vec<(usize, f64, Option<[f64; 2]>)> = r
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(a, s)| s.srrc.map(|c| (a, c, s.ci95)))
            .collect();
        ranked.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        let cells: Vec<String> = ranked
            .iter()
            .take(top)
            .map(|(a, c, ci)| {
                let name = short(&spec.axes[*a].path);
                match ci {
                    Some([lo, hi]) => format!("{name} {c:+.2} [{lo:+.2}, {hi:+.2}]"),
                    None => format!("{name} {c:+.2}"),
                }
            })
            .collect();
        let r2 = r.r2.map_or("–".to_string(), |v| format!("{v:.2}"));
        println!("| {label} | {r2} | {} |", cells.join("; "));
    }
    println!();
    Ok(())
}

/// A key path without the parts every axis shares (`intents.`, `pools.`, `.workforce`).
fn short(path: &str) -> String {
    path.replace("intents.", "")
        .replace("pools.", "")
        .replace(".workforce", "")
        .replace("timeline.", "")
}
