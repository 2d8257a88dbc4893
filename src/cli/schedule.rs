//! `staffsim schedule FILE`: the shifts that meet the scenario's per-interval targets, by the
//! two-step method and by simulation with cutting planes (see [`staffsim::plan::schedule`]).

use super::stdout::out;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use clap::{Args, ValueEnum};
use serde_json::json;

use super::staff::Cycle;
use super::{Failure, planning};
use planning::{met_by, show};
use staffsim::metrics::{Target, Unit};
use staffsim::model::Scenario;
use staffsim::model::shift::Pattern;
use staffsim::plan::cover::{CoverOptions, CoverStatus};
use staffsim::plan::schedule::{
    Candidate, RequirementSource, ScheduleOptions, SchedulePlan, default_cycle, schedule,
};
use staffsim::plan::{self, Verdict};
use staffsim::report;
use staffsim::report::folder::OutputFolder;
use staffsim::report::html::Kind;
use staffsim::report::number::{csv_cell, csv_number};
use staffsim::scenario;
use staffsim::units::{DAY, WEEK};

/// Options of `staffsim schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The scenario file (TOML), with `[[shifts]]` templates and a `[targets.interval]` table.
    pub file: PathBuf,
    /// The pool to schedule (default: the only pool that `[[shifts]]` templates name).
    #[arg(long)]
    pub pool: Option<String>,
    /// How often the schedule repeats (default: week when a template is a tour or is not
    /// worked every day, or the arrivals have a weekly profile that is not flat; otherwise
    /// day).
    #[arg(long, value_enum)]
    pub cycle: Option<Cycle>,
    /// Where the two-step plan's requirement comes from: the simulated staffing of `staffsim
    /// staff`, or per-interval Erlang on the raw volume.
    #[arg(long, value_enum, default_value_t = Source::Simulated)]
    pub requirement: Source,
    /// Length of a planning period, as a duration dividing `simulation.interval` (default:
    /// the finest grid of the templates' starts, lengths and breaks).
    #[arg(long, value_parser = super::duration_arg)]
    pub period: Option<f64>,
    /// Most cutting-plane iterations of the one-step plan.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub max_iterations: u32,
    /// How far below the requirement the one-step plan may staff a period, as a share of
    /// the requirement (at least one agent): the trust region of its cuts.
    #[arg(long, default_value_t = 0.2, value_parser = share_arg)]
    pub reach: f64,
    /// Intervals before a failing one whose staffing is probed for its cut.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub window: u32,
    /// Most passes of the remove-one-agent descent after the cuts (0: none).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub descent_passes: u32,
    /// Time limit of each integer program, as a duration ("30s", "2m"); the best schedule
    /// found by then is used, with its gap.
    #[arg(long, default_value = "30s", value_parser = super::duration_arg)]
    pub time_limit: f64,
    /// Relative gap at which an integer program stops (0.01: within 1 % of its bound).
    #[arg(long, default_value_t = 0.01, value_parser = gap_arg)]
    pub mip_gap: f64,
    /// Most agents on duty in one interval, for the requirement (default as `staff`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_agents: Option<u32>,
    /// Replications per simulation of the search (overrides `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub replications: Option<u32>,
    /// Replications of the fresh-seed validation run (default: 1,000 or the search's, if
    /// more).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=super::MAX_REPLICATIONS_ARG))]
    pub validation_replications: Option<u32>,
    /// Write schedule.csv, two_step_schedule.csv, coverage.csv, schedule.json and the
    /// scheduled scenario (scheduled.toml) into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seeds, threads, report and progress, as every search has them.
    #[command(flatten)]
    pub search: planning::SearchFlags,
}

/// Where the requirement comes from (see [`RequirementSource`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// The iterative staffing algorithm on the full model.
    Simulated,
    /// Per-interval Erlang A (or C) on the raw volume.
    Erlang,
}

fn share_arg(s: &str) -> Result<f64, String> {
    match staffsim::units::parse_share(s) {
        Ok(g) if (0.0..=1.0).contains(&g) => Ok(g),
        _ => Err(format!(
            "expected a share from 0 to 1 (0.2 is 20 %), found {s:?}"
        )),
    }
}

fn gap_arg(s: &str) -> Result<f64, String> {
    match staffsim::units::parse_share(s) {
        Ok(g) if (0.0..1.0).contains(&g) => Ok(g),
        _ => Err(format!(
            "expected a relative gap from 0 up to 1 (0.01 is 1 %), found {s:?}"
        )),
    }
}

/// Runs `staffsim schedule`.
pub fn execute(args: ScheduleArgs) -> Result<(), Failure> {
    let mut folder = match &args.out {
        Some(dir) => Some(super::lock_out(dir)?),
        None => None,
    };
    let input = |e: anyhow::Error| Failure::Input(e);
    let planning::Loaded { text, desk, file } = planning::load(
        &args.file,
        args.replications,
        args.search.seed,
        "schedule plans the operation as written",
    )?;
    let pool = pick_pool(&desk, args.pool.as_deref()).map_err(|m| input(anyhow!("{file}: {m}")))?;
    let spec = &desk.pools[pool];
    if spec.workforce.is_some() || spec.gig.is_some() {
        return Err(input(anyhow!(
            "{file}: pool `{}` has a workforce or gig agents; schedule plans the shifts of a \
             pool staffed with `agents` or `schedule`",
            spec.name
        )));
    }
    if spec.shrinkage != 0.0 {
        return Err(input(anyhow!(
            "{file}: `pools.{}.shrinkage` is {}: a schedule's time off the floor is in its \
             breaks; remove the shrinkage",
            spec.name,
            spec.shrinkage
        )));
    }
    let cycle = match args.cycle {
        Some(Cycle::Day) => DAY,
        Some(Cycle::Week) => WEEK,
        None => default_cycle(&desk, pool),
    };
    let interval = desk.simulation.interval;
    let slots = planning::check_interval(&file, &desk, cycle)?;
    if let Some(p) = args.period {
        let per = (interval / p).round();
        if p <= 0.0 || per < 1.0 || (per * p - interval).abs() > 1e-6 * interval {
            return Err(input(anyhow!(
                "--period {}: must divide `simulation.interval` ({}) into whole periods",
                staffsim::units::HumanDuration(p),
                staffsim::units::HumanDuration(interval)
            )));
        }
    }
    let validation_seed = planning::validation_seed(args.search.validation_seed, &desk)?;
    let options = ScheduleOptions {
        pool,
        cycle,
        requirement: match args.requirement {
            Source::Simulated => RequirementSource::Simulated,
            Source::Erlang => RequirementSource::Erlang,
        },
        cover: CoverOptions {
            time_limit: Duration::from_secs_f64(args.time_limit.max(0.001)),
            mip_gap: args.mip_gap,
            ..CoverOptions::default()
        },
        period: args.period,
        reach: args.reach,
        max_iterations: args.max_iterations as usize,
        window: args.window as usize,
        max_descent_passes: args.descent_passes as usize,
        max_agents: args
            .max_agents
            .unwrap_or_else(|| plan::staff::default_max_agents(&desk, &[pool], cycle)),
        threads: args.search.threads.map(|t| t as usize),
        validation_seed,
        validation_replications: args
            .validation_replications
            .unwrap_or(desk.simulation.replications.max(1000)),
    };
    if !args.search.quiet {
        eprintln!(
            "scheduling pool {} over {} intervals of {} (cycle: {}); requirement: {}",
            desk.pools[pool].name,
            slots,
            staffsim::units::HumanDuration(interval),
            if cycle == WEEK { "week" } else { "day" },
            options.requirement.key()
        );
    }
    let started = Instant::now();
    let spinner = super::staff::progress(!args.search.quiet);
    let mut count = 0;
    let found = schedule(&desk, &options, |step| {
        count += 1;
        spinner.set_message(format!(
            "step {count} ({}): cost {:.0}, {} targets failing",
            step.kind.key(),
            step.cost,
            step.failing
        ));
        spinner.tick();
    })
    .map_err(|e| match e {
        plan::schedule::ScheduleError::Uncovered(starts) => input(anyhow!(
            "{file}: no shift of the [[shifts]] templates is on duty where the targets need \
             agents, from {}: add a template, or widen the starts of one, that covers them",
            starts
                .iter()
                .map(|&t| label(t, cycle))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        plan::schedule::ScheduleError::Cover(_) | plan::schedule::ScheduleError::NoTemplates(_) => {
            input(anyhow!("{file}: {e}"))
        }
        plan::schedule::ScheduleError::Requirement(slots)
        | plan::schedule::ScheduleError::Staff(plan::staff::StaffError::Erlang(slots)) => {
            Failure::Infeasible(anyhow!(
                "infeasible: no requirement meets the targets with --max-agents {} on duty in \
                 {} interval(s): {}",
                options.max_agents,
                slots.len(),
                slots
                    .iter()
                    .map(|&k| label(k as f64 * interval, cycle))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
        _ => Failure::Runtime(anyhow!(e)),
    })?;
    spinner.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    if !args.search.quiet {
        eprintln!(
            "{} simulated steps and two validation runs: {} contacts in {elapsed:.1} s",
            found.steps.len(),
            found.contacts
        );
    }
    out!("{}", table(&desk, &found));
    if let Some(folder) = &mut folder {
        let dir = folder.dir().to_path_buf();
        write(folder, &file, &text, &desk, pool, &found).map_err(Failure::Runtime)?;
        if !args.search.quiet {
            eprintln!(
                "wrote schedule.csv, two_step_schedule.csv, coverage.csv, schedule.json and scheduled.toml to {}",
                dir.display()
            );
        }
        if args.search.report {
            // Written when no one-step plan is found too: the report shows both plans.
            super::report::write(folder, None, Some(Kind::Schedule), args.search.quiet)?;
        }
    }
    if found.one_step.is_none() {
        return Err(Failure::Infeasible(anyhow!(
            "infeasible: no schedule the search tried met every target on the search seed; \
             the two-step plan is written for reference"
        )));
    }
    Ok(())
}

/// The pool to schedule: the one named, or the only one the templates name.
fn pick_pool(desk: &Scenario, name: Option<&str>) -> Result<usize, String> {
    let mut named: Vec<usize> = desk.shifts.iter().map(|t| t.pool).collect();
    named.sort_unstable();
    named.dedup();
    let names = |ps: &[usize]| {
        ps.iter()
            .map(|&p| desk.pools[p].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        Some(n) => {
            let p = desk.pools.iter().position(|p| p.name == n).ok_or_else(|| {
                format!(
                    "--pool {n:?}: no such pool (known: {})",
                    names(&(0..desk.pools.len()).collect::<Vec<_>>())
                )
            })?;
            if named.contains(&p) {
                Ok(p)
            } else {
                Err(format!(
                    "--pool {n:?}: no [[shifts]] template names this pool (templates name: {})",
                    if named.is_empty() {
                        "none".into()
                    } else {
                        names(&named)
                    }
                ))
            }
        }
        None => match named.as_slice() {
            [p] => Ok(*p),
            [] => Err(
                "no [[shifts]] template: schedule needs the shifts it may use, for example \
                 [[shifts]] name = \"day\", pool = \"agents\", length = \"8h\", \
                 starts = { earliest = \"6h\", latest = \"14h\", every = \"1h\" }"
                    .into(),
            ),
            _ => Err(format!(
                "templates name several pools ({}): name one with --pool",
                names(&named)
            )),
        },
    }
}

fn label(t: f64, cycle: f64) -> String {
    report::interval_label(t, cycle > DAY)
}

/// A duration as the scenario writes it: `"8h30m"`, `"0h"`, `"45m"`.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    match (m, sec) {
        (0, 0) => format!("{h}h"),
        (_, 0) => format!("{h}h{m:02}m"),
        _ => format!("{h}h{m:02}m{sec:02}s"),
    }
}

/// How many judged intervals meet every target in a validation, and how many there are.
fn tally(c: &Candidate) -> (usize, usize) {
    let judged: Vec<&Vec<Verdict>> = c
        .validation
        .iter()
        .filter(|v| v.iter().any(|v| v.met.is_some()))
        .collect();
    let met = judged
        .iter()
        .filter(|v| v.iter().all(|v| v.met != Some(false)))
        .count();
    (met, judged.len())
}

fn cell(t: &Target, v: &Verdict) -> String {
    let text = match (v.mean, v.ci95) {
        (Some(m), Some([lo, hi])) => format!("{} [{}, {}]", show(t, m), show(t, lo), show(t, hi)),
        (Some(m), None) => show(t, m),
        _ => "no contacts".into(),
    };
    let mark = if v.met == Some(false) { "✗" } else { " " };
    format!("{text}{mark}")
}

fn table(desk: &Scenario, found: &SchedulePlan) -> String {
    let mut out = String::new();
    let targets = &desk.targets.per_interval;
    let _ = writeln!(out, "{} — shift schedule", desk.name);
    let _ = writeln!(
        out,
        "targets ({}): {}",
        met_by(desk),
        targets
            .iter()
            .map(|t| format!(
                "{} {} {}",
                t.measure.key(),
                t.bound.side(),
                show(t, t.bound.value())
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out);
    let best = found.one_step.as_ref();
    let two = found.per_interval(&found.two_step, desk.simulation.horizon);
    let one = best.map(|b| found.per_interval(b, desk.simulation.horizon));
    let _ = writeln!(
        out,
        "agents on duty per interval: mean over its periods of {} (fewest in brackets)",
        staffsim::units::HumanDuration(found.period)
    );
    let mut header = format!(
        "{:<10} {:>8} {:>14} {:>14}",
        "interval", "required", "two-step", "one-step"
    );
    for t in targets {
        let _ = write!(
            header,
            " {:>30}",
            format!("{} (one-step, fresh)", t.measure.key())
        );
    }
    let _ = writeln!(out, "{header}");
    let both = |(mean, min): (f64, f64)| format!("{mean:.1} [{min:.0}]");
    for k in 0..found.intervals_in_run(desk.simulation.horizon) {
        let mut row = format!(
            "{:<10} {:>8} {:>14} {:>14}",
            label(k as f64 * found.interval, found.cycle),
            found.requirement[k],
            both(two[k]),
            one.as_ref().map_or("-".into(), |o| both(o[k]))
        );
        if let Some(b) = best {
            for (t, v) in targets.iter().zip(&b.validation[k]) {
                let _ = write!(row, " {:>30}", cell(t, v));
            }
        }
        let _ = writeln!(out, "{row}");
    }
    let _ = writeln!(out);
    let per = if found.cycle > DAY { "week" } else { "day" };
    let (m2, j2) = tally(&found.two_step);
    let _ = writeln!(
        out,
        "two-step ({} requirement, covered at least cost): cost {:.2} per {per} planned, {:.2} simulated; {} of {} intervals meet every target on a fresh seed{}",
        found.source.key(),
        found.two_step.cost,
        found.two_step.simulated_cost,
        m2,
        j2,
        if found.two_step.met_on_search {
            ""
        } else {
            " (missed on the search seed)"
        }
    );
    let cover = &found.two_step_cover;
    let _ = writeln!(
        out,
        "  its integer program: {} , bound {:.2}, gap {:.2} %",
        status(cover.status),
        cover.bound,
        100.0 * cover.gap
    );
    match best {
        Some(b) => {
            let (m1, j1) = tally(b);
            let _ = writeln!(
                out,
                "one-step (cutting planes on {} replications, then descent): cost {:.2} per {per} planned, {:.2} simulated; {} of {} intervals meet every target on a fresh seed",
                desk.simulation.replications, b.cost, b.simulated_cost, m1, j1
            );
        }
        None => {
            let _ = writeln!(
                out,
                "one-step: no schedule tried met every target on the search seed"
            );
        }
    }
    let _ = writeln!(
        out,
        "  cuts: {} in the last program, {}; cut bound {} (a lower bound only within the trust region and where the targets are concave in staffing)",
        found.cuts,
        if found.converged {
            "converged"
        } else {
            "stopped before the program's answer met every target"
        },
        found.cut_bound.map_or("-".into(), |b| format!("{b:.2}"))
    );
    out
}

fn status(s: CoverStatus) -> &'static str {
    match s {
        CoverStatus::Optimal => "optimal",
        CoverStatus::GapLimit => "stopped at the gap limit",
        CoverStatus::TimeLimit => "stopped at the time limit",
        CoverStatus::Rounded => "relaxation rounded and repaired",
    }
}

fn write(
    folder: &mut OutputFolder,
    file: &str,
    text: &str,
    desk: &Scenario,
    pool: usize,
    found: &SchedulePlan,
) -> anyhow::Result<()> {
    let dir = &folder.dir().to_path_buf();
    // The files, made first and written together (see `report::folder`).
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        files.push((name.to_string(), bytes.to_vec()));
        Ok(())
    };
    let chosen = found.one_step.as_ref().unwrap_or(&found.two_step);
    put("schedule.csv", &schedule_csv(found, &chosen.counts)?)?;
    put(
        "two_step_schedule.csv",
        &schedule_csv(found, &found.two_step.counts)?,
    )?;
    put("coverage.csv", &coverage_csv(desk, found)?)?;
    for (i, t) in found.templates.iter().enumerate() {
        if let Some(grid) = grid_csv(found, i, &chosen.counts)? {
            put(&format!("grid_{}.csv", t.name), &grid)?;
        }
    }
    // The scenario with the pool on the chosen schedule, written inline.
    let name = &desk.pools[pool].name;
    let entries: Vec<toml::Value> = found
        .patterns
        .iter()
        .zip(&chosen.counts)
        .filter(|&(_, &n)| n > 0)
        .map(|(p, &n)| {
            let mut e = toml::Table::new();
            e.insert(
                "shift".into(),
                found.templates[p.template].name.clone().into(),
            );
            e.insert("start".into(), clock(p.start).into());
            if !p.breaks.is_empty() {
                e.insert(
                    "breaks".into(),
                    toml::Value::Array(p.breaks.iter().map(|&b| clock(b).into()).collect()),
                );
            }
            if found.templates[p.template].tour.is_some() || p.days.count() < 7 {
                e.insert("days".into(), p.days.to_string().into());
            }
            e.insert("count".into(), toml::Value::Integer(i64::from(n)));
            toml::Value::Table(e)
        })
        .collect();
    let remove: Vec<String> = [
        "agents",
        "agents_cycle",
        "staffing_scale",
        "schedule",
        "schedule_file",
    ]
    .iter()
    .map(|k| format!("pools.{name}.{k}"))
    .collect();
    let settings = vec![(
        format!("pools.{name}.schedule"),
        toml::Value::Array(entries),
    )];
    // Relative files (a rates file, other pools' schedule files) are found from the output
    // folder.
    let here = dir.join("scheduled.toml").display().to_string();
    let text = scenario::rebase_files(text, file, dir).map_err(|e| anyhow!(e))?;
    let edited =
        scenario::edit_replacing(&text, &here, &remove, &settings).map_err(|e| anyhow!(e))?;
    let (met, judged) = tally(chosen);
    let header = format!(
        "# Written by staffsim schedule from {file}: pool {name} on the {} plan, which meets the \
         per-interval targets ({}) in a fresh-seed run in {met} of {judged} intervals.\n",
        if found.one_step.is_some() {
            "one-step"
        } else {
            "two-step"
        },
        met_by(desk),
    );
    put("scheduled.toml", (header + &edited).as_bytes())?;
    let json = schedule_json(desk, pool, found);
    put(
        "schedule.json",
        (serde_json::to_string_pretty(&json)? + "\n").as_bytes(),
    )?;
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    folder.commit("schedule", &files)
}

/// The shifts in use, as a `schedule_file` reads them, with each row's planned cost.
fn schedule_csv(found: &SchedulePlan, counts: &[u32]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["shift", "start", "breaks", "days", "count"])?;
    for (p, &n) in found.patterns.iter().zip(counts) {
        if n == 0 {
            continue;
        }
        w.write_record(row(found, p, n))?;
    }
    w.into_inner().map_err(|e| anyhow!(e.to_string()))
}

fn row(found: &SchedulePlan, p: &Pattern, n: u32) -> [String; 5] {
    [
        found.templates[p.template].name.clone(),
        clock(p.start),
        p.breaks
            .iter()
            .map(|&b| clock(b))
            .collect::<Vec<_>>()
            .join(";"),
        p.days.to_string(),
        n.to_string(),
    ]
}

/// For a daily template with one break: agents per start (rows) and break start (columns),
/// the layout of SimOpt's CALLCENTER-1 answers.
fn grid_csv(
    found: &SchedulePlan,
    template: usize,
    counts: &[u32],
) -> anyhow::Result<Option<Vec<u8>>> {
    let t = &found.templates[template];
    if t.breaks.len() != 1 || t.tour.is_some() {
        return Ok(None);
    }
    let starts = t.starts.times();
    let breaks = t.breaks[0].starts.times();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["start".to_string()];
    header.extend(breaks.iter().map(|&b| format!("break_at_{}", clock(b))));
    w.write_record(&header)?;
    for &s in &starts {
        let mut r = vec![clock(s)];
        for &b in &breaks {
            let n: u32 = found
                .patterns
                .iter()
                .zip(counts)
                .filter(|(p, _)| {
                    p.template == template
                        && (p.start - s).abs() < 1e-6
                        && (p.breaks[0] - b).abs() < 1e-6
                })
                .map(|(_, &n)| n)
                .sum();
            r.push(n.to_string());
        }
        w.write_record(&r)?;
    }
    Ok(Some(w.into_inner().map_err(|e| anyhow!(e.to_string()))?))
}

/// Per interval: the requirement, each plan's agents on duty and each target's verdict in
/// the fresh-seed run, and the service-level shortfall in contacts.
fn coverage_csv(desk: &Scenario, found: &SchedulePlan) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let targets = &desk.targets.per_interval;
    let plans: Vec<(&str, &Candidate)> = std::iter::once(("two_step", &found.two_step))
        .chain(found.one_step.as_ref().map(|c| ("one_step", c)))
        .collect();
    let mut header: Vec<String> = vec![
        "interval_start".into(),
        "start_seconds".into(),
        "required".into(),
    ];
    for (name, _) in &plans {
        header.push(format!("{name}_on_duty"));
        header.push(format!("{name}_on_duty_fewest"));
        for t in targets {
            let k = t.measure.key();
            header.extend([
                format!("{name}_{k}"),
                format!("{name}_{k}_low"),
                format!("{name}_{k}_high"),
                format!("{name}_{k}_met"),
            ]);
        }
        if targets
            .iter()
            .any(|t| t.measure == staffsim::metrics::Measure::ServiceLevel)
        {
            header.extend([
                format!("{name}_sl_shortfall_contacts"),
                format!("{name}_sl_shortfall_low"),
                format!("{name}_sl_shortfall_high"),
            ]);
        }
    }
    w.write_record(&header)?;
    let on_duty: Vec<Vec<(f64, f64)>> = plans
        .iter()
        .map(|(_, c)| found.per_interval(c, desk.simulation.horizon))
        .collect();
    for k in 0..found.intervals_in_run(desk.simulation.horizon) {
        let start = k as f64 * found.interval;
        let mut r = vec![
            label(start, found.cycle),
            format!("{start}"),
            found.requirement[k].to_string(),
        ];
        for ((_, c), per_interval) in plans.iter().zip(&on_duty) {
            let (mean, fewest) = per_interval[k];
            r.push(csv_number(mean, Unit::Agents));
            r.push(csv_number(fewest, Unit::Agents));
            for (t, v) in targets.iter().zip(&c.validation[k]) {
                let unit = t.measure.unit();
                r.extend([
                    csv_cell(v.mean, unit),
                    csv_cell(v.ci95.map(|c| c[0]), unit),
                    csv_cell(v.ci95.map(|c| c[1]), unit),
                    v.met.map_or(String::new(), |m| m.to_string()),
                ]);
            }
            if let Some(v) = c.shortfall[k].first() {
                r.extend([
                    csv_cell(v.mean, Unit::Count),
                    csv_cell(v.ci95.map(|c| c[0]), Unit::Count),
                    csv_cell(v.ci95.map(|c| c[1]), Unit::Count),
                ]);
            }
        }
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| anyhow!(e.to_string()))
}

fn candidate_json(desk: &Scenario, found: &SchedulePlan, c: &Candidate) -> serde_json::Value {
    let (met, judged) = tally(c);
    json!({
        "planned_cost_per_cycle": c.cost,
        "simulated_cost_per_cycle": c.simulated_cost,
        "paid_agent_hours_per_cycle": c.paid_hours,
        "met_on_search_seed": c.met_on_search,
        "intervals_judged": judged,
        "intervals_met": met,
        "shifts": found.patterns.iter().zip(&c.counts).filter(|&(_, &n)| n > 0).map(|(p, &n)| {
            let [shift, start, breaks, days, count] = row(found, p, n);
            json!({ "shift": shift, "start": start, "breaks": breaks, "days": days, "count": count.parse::<u32>().unwrap_or(n) })
        }).collect::<Vec<_>>(),
        "on_duty": c.on_duty,
        "over_run": desk.targets.over_run.iter().zip(&c.validation_over_run).map(|(t, v)| json!({
            "measure": t.measure.key(), "side": t.bound.side(), "bound": t.bound.value(),
            "mean": v.mean, "ci95": v.ci95, "met": v.met,
        })).collect::<Vec<_>>(),
    })
}

fn schedule_json(desk: &Scenario, pool: usize, found: &SchedulePlan) -> serde_json::Value {
    let cover = &found.two_step_cover;
    json!({
        "scenario": desk.name,
        "pool": desk.pools[pool].name,
        "method": "two-step: requirement then a least-cost covering integer program (good_lp + microlp); one-step: Atlason, Epelman and Henderson's cutting planes on the sample-average approximation with common random numbers, forward-difference subgradients, then a remove-one-agent descent; both validated on a fresh seed",
        "met_by": met_by(desk),
        "interval_seconds": found.interval,
        "period_seconds": found.period,
        "cycle_seconds": found.cycle,
        "requirement_source": found.source.key(),
        "requirement": found.requirement,
        "columns": found.patterns.len(),
        "templates": found.templates.iter().map(|t| json!({
            "name": t.name,
            "length_seconds": t.length,
            "breaks": t.breaks.iter().map(|b| json!({ "length_seconds": b.length, "paid": b.paid })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "two_step": candidate_json(desk, found, &found.two_step),
        "two_step_integer_program": {
            "status": status(cover.status),
            "cost": cover.cost,
            "lp_bound": cover.lp_bound,
            "bound": cover.bound,
            "gap": cover.gap,
        },
        "one_step": found.one_step.as_ref().map(|c| candidate_json(desk, found, c)),
        "cutting_planes": {
            "converged": found.converged,
            "cuts": found.cuts,
            "cut_bound": found.cut_bound,
        },
        "steps": found.steps.iter().map(|s| json!({
            "kind": s.kind.key(), "planned_cost": s.cost, "failing": s.failing, "cuts_added": s.cuts, "contacts": s.contacts,
        })).collect::<Vec<_>>(),
        "validation_seed": found.validation_seed,
        "validation_replications": found.validation_replications,
        "contacts_simulated": found.contacts,
    })
}
