//! The figures of the layoff-and-rehire case's README, computed from the model:
//!
//! ```sh
//! cargo run --release --example klarna -- --replications 10           # full scale
//! cargo run --release --example klarna -- --scale 0.25 --replications 3   # a quick look
//! cargo run --release --example klarna -- --sensitivity scenarios/klarna/sensitivity_lhs.toml
//! ```
//!
//! It prints, as Markdown: the months of the story by channel, each a mean over replications
//! with its 95 % interval; the calibration figures; the held-out figures with the verdicts of
//! the criteria in `criteria.rs` (written before the run); and the decomposition of the 2025
//! change in each quality measure into what each mechanism explains. With `--sensitivity` it
//! ranks the case's unidentified settings by channel instead (see `sensitivity.rs`).
//!
//! **Decomposition.** The case is run again with one mechanism switched off by key path (the
//! chat freeze, the phone freeze, the 2024 seat cut, the assistant's false resolution), with
//! the same seed, so replication `r` of every variant sees the same customers making the same
//! draws up to the point where the mechanism changes what happens to them (common random
//! numbers). For a measure `q`, the change is `C = q(2025) − q(2023)` in the case, and a
//! mechanism's effect is `E = q_without(2025) − q(2025)`, both per replication; the share of
//! the change it explains is `−E / C` (100 %: without it, 2025 would have been as 2023),
//! computed per replication and given a 95 % interval across the paired replications. The
//! effects need not add up: the mechanisms interact (a freeze matters more after a cut).

mod criteria;
// Shared with tests/it/klarna.rs, which reads runs in ways this program does not.
#[allow(dead_code)]
mod figures;
mod sensitivity;

use std::ops::Range;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;
use staffsim::experiment::{self, estimate};
use staffsim::metrics::Measure;
use staffsim::model::{Channel, Scenario};
use staffsim::scenario;
use toml::Value;

use criteria::{HELD_OUT, Verdict};
use figures::{Keep, Run};

/// Command-line options.
#[derive(Parser)]
struct Args {
    /// Factor on volume and headcount of the main run (1: the full case).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Replications of every run.
    #[arg(long, default_value_t = 10)]
    replications: u32,
    /// Factor on volume and headcount of the decomposition's runs (five of them).
    #[arg(long, default_value_t = 0.25)]
    decomposition_scale: f64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip the decomposition.
    #[arg(long)]
    no_decomposition: bool,
    /// Instead of the figures, rank the case's unidentified settings by channel: run every
    /// point of this Latin-hypercube sweep file (such as
    /// scenarios/klarna/sensitivity_lhs.toml) and print the strongest settings per 2025
    /// output.
    #[arg(long, value_name = "SWEEP_FILE")]
    sensitivity: Option<PathBuf>,
}

/// Report months (0-based from January 2023) of the story's phases.
const BASELINE_2023: Range<usize> = 0..11;
const YEAR_2025: Range<usize> = 24..36;
/// The months the headline table shows, with their labels.
const SHOWN: [(usize, &str); 8] = [
    (5, "Jun 2023"),
    (12, "Jan 2024"),
    (13, "Feb 2024"),
    (17, "Jun 2024"),
    (27, "Apr 2025"),
    (29, "Jun 2025"),
    (31, "Aug 2025"),
    (35, "Dec 2025"),
];

/// A row of a table: a label, the measure, whom it counts, and a factor to show it in.
struct Row {
    label: &'static str,
    measure: Measure,
    keep: Keep<'static>,
    /// Multiplies the value for display (100 for a percentage, 1/scale for a headcount).
    factor: f64,
    decimals: usize,
}

fn rows(scale: f64) -> Vec<Row> {
    let pct = |label, measure, keep| Row {
        label,
        measure,
        keep,
        factor: 100.0,
        decimals: 1,
    };
    let plain = |label, measure, keep, factor, decimals| Row {
        label,
        measure,
        keep,
        factor,
        decimals,
    };
    let chat = Keep::Channel(Channel::Chat);
    let voice = Keep::Channel(Channel::Voice);
    vec![
        pct("AI share of chats (%)", Measure::AiShare, chat),
        plain(
            "AI FTE-equivalent",
            Measure::AiFteEquivalent,
            Keep::All,
            1.0 / scale,
            0,
        ),
        plain(
            "Chat agents (headcount)",
            Measure::Headcount,
            Keep::Pool(0),
            1.0 / scale,
            0,
        ),
        plain(
            "Phone agents (headcount)",
            Measure::Headcount,
            Keep::Pool(1),
            1.0 / scale,
            0,
        ),
        pct("Service level, chat (%)", Measure::ServiceLevel, chat),
        pct("Service level, phone (%)", Measure::ServiceLevel, voice),
        pct("Abandonment, chat (%)", Measure::AbandonmentRate, chat),
        pct("Abandonment, phone (%)", Measure::AbandonmentRate, voice),
        plain("Survey, all (1–5)", Measure::CsatSurvey, Keep::All, 1.0, 2),
        pct(
            "True resolution, 7 days (%)",
            Measure::TrueResolutionRate,
            Keep::All,
        ),
        pct("First-contact resolution (%)", Measure::Fcr, Keep::All),
        pct("First-contact resolution, chat (%)", Measure::Fcr, chat),
        pct("First-contact resolution, phone (%)", Measure::Fcr, voice),
        plain(
            "Contacts per resolved problem",
            Measure::ContactsPerResolvedProblem,
            Keep::All,
            1.0,
            3,
        ),
        plain(
            "Time to resolution (h)",
            Measure::TimeToResolutionHours,
            Keep::All,
            1.0,
            2,
        ),
        pct("Repeat contacts (%)", Measure::RepeatRate, Keep::All),
        plain(
            "Cost a month (millions)",
            Measure::CostTotal,
            Keep::All,
            1e-6 / scale,
            1,
        ),
    ]
}

/// Mean and 95 % half-width of `values` (NaN where undefined are skipped).
fn mean_half(values: &[f64]) -> (f64, Option<f64>) {
    let e = estimate(values);
    let mean = e.mean.unwrap_or(f64::NAN);
    (mean, e.ci95.map(|[lo, hi]| (hi - lo) / 2.0))
}

/// `mean ± half` with `decimals`, the half-width left out when it rounds to nothing.
fn cell(values: &[f64], factor: f64, decimals: usize) -> String {
    let (m, h) = mean_half(values);
    if m.is_nan() {
        return "–".into();
    }
    let m = m * factor;
    match h.map(|h| h * factor.abs()) {
        Some(h) if h >= 0.5 * 10f64.powi(-(decimals as i32)) => {
            format!("{m:.decimals$} ± {h:.decimals$}")
        }
        _ => format!("{m:.decimals$}"),
    }
}

fn load(path: &PathBuf, scale: f64, replications: u32, set: &[(&str, Value)]) -> Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    let mut doc: toml::Table = text.parse()?;
    scenario::paths::set_path(&mut doc, "simulation.scale", Value::Float(scale))
        .map_err(anyhow::Error::msg)?;
    scenario::paths::set_path(
        &mut doc,
        "simulation.replications",
        Value::Integer(i64::from(replications)),
    )
    .map_err(anyhow::Error::msg)?;
    for (p, v) in set {
        scenario::paths::set_path(&mut doc, p, v.clone()).map_err(anyhow::Error::msg)?;
    }
    let text = toml::to_string(&doc)?;
    Ok(scenario::parse(&text, "case.toml", "case")?)
}

fn run(scenario: Scenario, threads: Option<usize>) -> Result<Run> {
    let experiment = experiment::run(&scenario, threads)?;
    Ok(Run {
        scenario,
        experiment,
    })
}

fn headline(case: &Run, scale: f64) {
    let n = case.experiment.replications.len();
    println!(
        "## The months of the story (scale {scale}, {n} replications, mean ± 95 % half-width)\n"
    );
    print!("| |");
    for (_, label) in SHOWN {
        print!(" {label} |");
    }
    println!();
    println!("|---|{}", "---|".repeat(SHOWN.len()));
    for row in rows(scale) {
        print!("| {} |", row.label);
        for (m, _) in SHOWN {
            let v = case.values(row.measure, m..m + 1, row.keep);
            print!(" {} |", cell(&v, row.factor, row.decimals));
        }
        println!();
    }
    println!();
}

fn calibration(case: &Run, scale: f64) {
    // The press release of 27 February 2024 measured the assistant's first month live, from
    // its launch in late January: the case's `first_month` window (28 Jan to 26 Feb 2024).
    let first = "first_month";
    let chat = Keep::Channel(Channel::Chat);
    println!(
        "## Calibration figures (the first month live, 28 Jan – 26 Feb 2024; fitted by construction)\n"
    );
    println!("| Reported | Model |");
    println!("|---|---|");
    let conv = case.window_values(Measure::AiConversations, first, Keep::All);
    println!(
        "| 2.3 million AI conversations | {} million |",
        cell(&conv, 1e-6 / scale, 2)
    );
    let share = case.window_values(Measure::AiShare, first, chat);
    println!("| two thirds of chats | {} % |", cell(&share, 100.0, 1));
    let fte = case.window_values(Measure::AiFteEquivalent, first, Keep::All);
    println!(
        "| the work of 700 agents | {} |",
        cell(&fte, 1.0 / scale, 0)
    );
    let ai_time = case.window_values(Measure::AiHandleTimeSeconds, first, Keep::All);
    let human = case.window_values(Measure::AhtSeconds, first, chat);
    println!(
        "| under 2 minutes, against 11 | AI {} min, a human chat {} min |",
        cell(&ai_time, 1.0 / 60.0, 2),
        cell(&human, 1.0 / 60.0, 1)
    );
    // Three months before (Oct–Dec 2023: January 2024 holds the launch's first four days)
    // against the first three whole months after.
    let before: Vec<f64> = case.values(Measure::RepeatRate, 9..12, Keep::All);
    let after = case.values(Measure::RepeatRate, 13..16, Keep::All);
    let fall: Vec<f64> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| 1.0 - a / b)
        .collect();
    println!(
        "| 25 % fewer repeat inquiries | {} % (Feb–Apr 2024 against Oct–Dec 2023) |",
        cell(&fall, 100.0, 1)
    );
    println!();
}

fn validation(case: &Run, scale: f64) {
    println!("## Held-out figures (criteria written before the run)\n");
    println!("| | Reported | Model, mean ± half-width [95 % interval] | Band | Verdict |");
    println!("|---|---|---|---|---|");
    for (c, values) in case.held_out(scale) {
        // Shares are shown as percentages.
        let (factor, decimals) = if c.band[1] <= 1.0 {
            (100.0, 1)
        } else {
            (1.0, 0)
        };
        let e = estimate(&values);
        let ci = e.ci95.expect("two replications or more give an interval");
        println!(
            "| {} | {} | {} [{:.decimals$}, {:.decimals$}] | {:.decimals$} to {:.decimals$} | **{}** |",
            c.id,
            c.reported,
            cell(&values, factor, decimals),
            ci[0] * factor,
            ci[1] * factor,
            c.band[0] * factor,
            c.band[1] * factor,
            Verdict::of(ci, c.band).word()
        );
    }
    println!();
    for c in HELD_OUT {
        println!("- {}: {}.", c.id, c.model);
    }
    println!();
}

/// The mechanisms the decomposition switches off, each by key paths.
fn mechanisms() -> Vec<(&'static str, Vec<(&'static str, Value)>)> {
    let off = |p| (p, Value::Boolean(false));
    let no_false = vec![
        (
            "intents.payments_orders.ai.falsely_resolved",
            Value::Float(0.0),
        ),
        (
            "intents.refunds_returns.ai.falsely_resolved",
            Value::Float(0.0),
        ),
        (
            "intents.disputes_fraud.ai.falsely_resolved",
            Value::Float(0.0),
        ),
    ];
    let mut all = vec![
        off("timeline.freeze_chat.enabled"),
        off("timeline.freeze_phone.enabled"),
        off("timeline.seat_cut.enabled"),
    ];
    all.extend(no_false.clone());
    vec![
        (
            "the chat hiring freeze",
            vec![off("timeline.freeze_chat.enabled")],
        ),
        (
            "the phone hiring freeze",
            vec![off("timeline.freeze_phone.enabled")],
        ),
        ("the 2024 seat cut", vec![off("timeline.seat_cut.enabled")]),
        ("the assistant's false resolution", no_false),
        ("all four", all),
    ]
}

fn decomposition(args: &Args, path: &PathBuf) -> Result<()> {
    let scale = args.decomposition_scale;
    let case = run(load(path, scale, args.replications, &[])?, args.threads)?;
    let variants: Vec<(&str, Run)> = mechanisms()
        .into_iter()
        .map(|(name, set)| {
            Ok((
                name,
                run(load(path, scale, args.replications, &set)?, args.threads)?,
            ))
        })
        .collect::<Result<_>>()?;
    let n = args.replications;
    println!(
        "## What each mechanism explains of the change from 2023 to 2025 (scale {scale}, {n} \
         paired replications)\n"
    );
    println!(
        "Each cell: how 2025 would differ without the mechanism (mean ± 95 % half-width, paired \
         by replication), and in brackets the share of the 2023 → 2025 change that this undoes, \
         with its 95 % interval over the paired replications (negative: the mechanism worked \
         against the change).\n"
    );
    print!("| Measure | 2023 | 2025 |");
    for (name, _) in &variants {
        print!(" without {name} |");
    }
    println!();
    println!("|---|---|---|{}", "---|".repeat(variants.len()));
    let chat = Keep::Channel(Channel::Chat);
    let voice = Keep::Channel(Channel::Voice);
    let quality = [
        (
            "Service level, chat (%)",
            Measure::ServiceLevel,
            chat,
            100.0,
            1,
        ),
        (
            "Service level, phone (%)",
            Measure::ServiceLevel,
            voice,
            100.0,
            1,
        ),
        (
            "Abandonment, chat (%)",
            Measure::AbandonmentRate,
            chat,
            100.0,
            2,
        ),
        (
            "Abandonment, phone (%)",
            Measure::AbandonmentRate,
            voice,
            100.0,
            2,
        ),
        ("Survey (1–5)", Measure::CsatSurvey, Keep::All, 1.0, 3),
        (
            "True resolution, 7 days (%)",
            Measure::TrueResolutionRate,
            Keep::All,
            100.0,
            2,
        ),
        (
            "First-contact resolution (%)",
            Measure::Fcr,
            Keep::All,
            100.0,
            2,
        ),
        (
            "First-contact resolution, chat (%)",
            Measure::Fcr,
            chat,
            100.0,
            2,
        ),
        (
            "First-contact resolution, phone (%)",
            Measure::Fcr,
            voice,
            100.0,
            2,
        ),
        (
            "Contacts per resolved problem",
            Measure::ContactsPerResolvedProblem,
            Keep::All,
            1.0,
            3,
        ),
    ];
    for (label, measure, keep, factor, decimals) in quality {
        let base = case.values(measure, BASELINE_2023, keep);
        let year = case.values(measure, YEAR_2025, keep);
        let change: Vec<f64> = year.iter().zip(&base).map(|(y, b)| y - b).collect();
        let (c, _) = mean_half(&change);
        print!(
            "| {label} | {} | {} |",
            cell(&base, factor, decimals),
            cell(&year, factor, decimals)
        );
        for (_, v) in &variants {
            let without = v.values(measure, YEAR_2025, keep);
            let effect: Vec<f64> = without.iter().zip(&year).map(|(w, y)| w - y).collect();
            let (e, _) = mean_half(&effect);
            // The share undone, per replication (paired), with its interval; left out where
            // the case hardly changes (a share of nothing is noise).
            let shares: Vec<f64> = effect.iter().zip(&change).map(|(e, c)| -e / c).collect();
            let share = if c.abs() > 0.0 && shares.iter().all(|s| s.is_finite()) {
                let est = estimate(&shares);
                let mean = est.mean.unwrap_or(f64::NAN) * 100.0;
                match est.ci95 {
                    Some([lo, hi]) => {
                        format!(" ({mean:.0} % [{:.0}, {:.0}])", lo * 100.0, hi * 100.0)
                    }
                    None => format!(" ({mean:.0} %)"),
                }
            } else {
                String::new()
            };
            let sign = if e >= 0.0 { "+" } else { "" };
            print!(" {sign}{}{share} |", cell(&effect, factor, decimals));
        }
        println!();
    }
    println!();
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(file) = &args.sensitivity {
        return sensitivity::by_channel(file, args.threads, 3);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/klarna/case.toml");
    let case = run(
        load(&path, args.scale, args.replications, &[])?,
        args.threads,
    )?;
    headline(&case, args.scale);
    calibration(&case, args.scale);
    validation(&case, args.scale);
    drop(case);
    if !args.no_decomposition {
        decomposition(&args, &path)?;
    }
    Ok(())
}
