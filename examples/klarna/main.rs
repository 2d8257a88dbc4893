//! The figures of the layoff-and-rehire case's README, computed from the model:
//!
//! ```sh
//! cargo run --release --example klarna -- --replications 10           # full scale
//! cargo run --release --example klarna -- --scale 0.25 --replications 3   # a quick look
//! ```
//!
//! It prints, as Markdown: the months of the story by channel, each a mean over replications
//! with its 95 % interval; the calibration figures; the held-out figures with the verdicts of
//! the criteria in `criteria.rs` (written before the run); and the decomposition of the 2025
//! change in each quality measure into what each mechanism explains.
//!
//! **Decomposition.** The case is run again with one mechanism switched off by key path (the
//! chat freeze, the phone freeze, the 2024 seat cut, the assistant's false resolution), with
//! the same seed, so replication `r` of every variant sees the same customers making the same
//! draws up to the point where the mechanism changes what happens to them (common random
//! numbers). For a measure `q`, the change is `C = q(2025) − q(2023)` in the case, and a
//! mechanism's effect is `E = q_without(2025) − q(2025)`, both per replication; the share of
//! the change it explains is `−E / C` (100 %: without it, 2025 would have been as 2023). The
//! effects need not add up: the mechanisms interact (a freeze matters more after a cut).

mod criteria;

use std::ops::Range;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;
use staffsim::experiment::{self, Experiment, estimate};
use staffsim::metrics::{Measure, Tally};
use staffsim::model::{Channel, Scenario};
use staffsim::scenario;
use toml::Value;

use criteria::{
    Criterion, Q1_2023, Q1_2025, Q3_2025, V1_COST_FALL, V2_AI_FTE, V2_AI_SHARE, Verdict,
};

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

/// Which contacts a figure counts.
#[derive(Clone, Copy)]
enum Keep {
    /// Every contact, and the floor's time-weighted part.
    All,
    /// The contacts of one channel.
    Channel(Channel),
    /// The agents of one pool (headcount, cost).
    Pool(usize),
}

/// The case's runs and what is needed to read them.
struct Run {
    scenario: Scenario,
    experiment: Experiment,
}

impl Run {
    /// The tally of `months`, per replication, for the contacts or pool `keep` selects.
    fn tallies(&self, months: Range<usize>, keep: Keep) -> Vec<Tally> {
        self.experiment
            .replications
            .iter()
            .map(|r| {
                let mut t = Tally::default();
                for m in months.clone() {
                    let month = &r.tallies.months[m];
                    match keep {
                        Keep::All => t.merge(&month.total),
                        Keep::Pool(p) => t.merge(&month.pools[p]),
                        Keep::Channel(c) => {
                            for (i, it) in month.intents.iter().enumerate() {
                                if self.scenario.intents[i].channel == c {
                                    t.merge(it);
                                }
                            }
                            // Time-weighted parts are per month, not per intent.
                            t.time.length += month.total.time.length;
                        }
                    }
                }
                t
            })
            .collect()
    }

    /// `measure` over `months`, per replication.
    fn values(&self, measure: Measure, months: Range<usize>, keep: Keep) -> Vec<f64> {
        self.tallies(months, keep)
            .iter()
            .map(|t| t.value(measure))
            .collect()
    }
}

/// A row of a table: a label, the measure, whom it counts, and a factor to show it in.
struct Row {
    label: &'static str,
    measure: Measure,
    keep: Keep,
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
    let feb = 13..14;
    let chat = Keep::Channel(Channel::Chat);
    println!("## Calibration figures (February 2024; fitted by construction)\n");
    println!("| Reported | Model |");
    println!("|---|---|");
    let conv = case.values(Measure::AiConversations, feb.clone(), Keep::All);
    println!(
        "| 2.3 million AI conversations | {} million |",
        cell(&conv, 1e-6 / scale, 2)
    );
    let share = case.values(Measure::AiShare, feb.clone(), chat);
    println!("| two thirds of chats | {} % |", cell(&share, 100.0, 1));
    let fte = case.values(Measure::AiFteEquivalent, feb.clone(), Keep::All);
    println!(
        "| the work of 700 agents | {} |",
        cell(&fte, 1.0 / scale, 0)
    );
    let ai_time = case.values(Measure::AiHandleTimeSeconds, feb.clone(), Keep::All);
    let human = case.values(Measure::AhtSeconds, feb.clone(), chat);
    println!(
        "| under 2 minutes, against 11 | AI {} min, a human chat {} min |",
        cell(&ai_time, 1.0 / 60.0, 2),
        cell(&human, 1.0 / 60.0, 1)
    );
    let before: Vec<f64> = case.values(Measure::RepeatRate, 10..13, Keep::All);
    let after = case.values(Measure::RepeatRate, 13..16, Keep::All);
    let fall: Vec<f64> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| 1.0 - a / b)
        .collect();
    println!(
        "| 25 % fewer repeat inquiries | {} % (Feb–Apr 2024 against Nov 2023–Jan 2024) |",
        cell(&fall, 100.0, 1)
    );
    println!();
}

fn judged(c: &Criterion, values: &[f64], factor: f64, decimals: usize) {
    let e = estimate(values);
    let ci = e.ci95.expect("two replications or more give an interval");
    let ci = [ci[0] * factor, ci[1] * factor];
    let verdict = Verdict::of(ci, c.band);
    println!(
        "| {} | {} | {} [{:.decimals$}, {:.decimals$}] | {:.decimals$} to {:.decimals$} | **{}** |",
        c.id,
        c.reported,
        cell(values, factor, decimals),
        ci[0],
        ci[1],
        c.band[0],
        c.band[1],
        verdict.word()
    );
}

/// Per replication, the fall in labour + AI cost per new problem from `from` to `to`.
fn cost_fall(case: &Run, from: Range<usize>, to: Range<usize>) -> Vec<f64> {
    let per_problem = |t: &Tally| {
        (t.value(Measure::CostLabour) + t.value(Measure::CostAi)) / t.value(Measure::Problems)
    };
    let a = case.tallies(from, Keep::All);
    let b = case.tallies(to, Keep::All);
    a.iter()
        .zip(&b)
        .map(|(a, b)| 1.0 - per_problem(b) / per_problem(a))
        .collect()
}

fn validation(case: &Run, scale: f64) {
    println!("## Held-out figures (criteria written before the run)\n");
    println!("| | Reported | Model, mean ± half-width [95 % interval] | Band | Verdict |");
    println!("|---|---|---|---|---|");
    let shares: Vec<f64> = cost_fall(case, Q1_2023, Q1_2025)
        .iter()
        .map(|x| x * 100.0)
        .collect();
    let pct = Criterion {
        band: [V1_COST_FALL.band[0] * 100.0, V1_COST_FALL.band[1] * 100.0],
        ..V1_COST_FALL
    };
    judged(&pct, &shares, 1.0, 1);
    let share = case.values(Measure::AiShare, Q3_2025, Keep::Channel(Channel::Chat));
    let pct = Criterion {
        band: [V2_AI_SHARE.band[0] * 100.0, V2_AI_SHARE.band[1] * 100.0],
        ..V2_AI_SHARE
    };
    judged(&pct, &share, 100.0, 1);
    let fte = case.values(Measure::AiFteEquivalent, Q3_2025, Keep::All);
    judged(&V2_AI_FTE, &fte, 1.0 / scale, 0);
    println!();
    for c in [V1_COST_FALL, V2_AI_SHARE, V2_AI_FTE] {
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
         by replication), and in brackets the share of the 2023 → 2025 change that this undoes.\n"
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
            let share = if c.abs() > 0.0 {
                format!(" ({:.0} %)", -e / c * 100.0)
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
