//! `staffsim staff FILE`: the agents on duty per interval that meet the scenario's
//! per-interval targets, found by simulation (see [`staffsim::plan::staff`]).

use super::stdout::out;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, anyhow};
use clap::{Args, ValueEnum};
use serde_json::json;

use super::{Failure, planning};
use planning::{met_by, show};
use staffsim::metrics::{Target, Unit};
use staffsim::model::{Scenario, Staffing};
use staffsim::plan::staff::{Outcome, PoolPlan, StaffOptions, StaffPlan, staff_with_progress};
use staffsim::plan::{self, Verdict};
use staffsim::report;
use staffsim::report::folder::OutputFolder;
use staffsim::report::html::Kind;
use staffsim::report::number::{csv_cell, csv_number};
use staffsim::scenario;
use staffsim::units::{DAY, WEEK};

/// Options of `staffsim staff`.
#[derive(Debug, Args)]
pub struct StaffArgs {
    /// The scenario file (TOML), with a `[targets.interval]` table.
    pub file: PathBuf,
    /// A pool whose agents on duty are searched; repeat it to search several at once, each
    /// sized on the intents it is the first searched pool (in file order) to serve (default:
    /// the only pool staffed with `agents`). The other pools keep their staffing.
    #[arg(long, value_name = "NAME")]
    pub pool: Vec<String>,
    /// `all`: search every pool staffed with `agents` at once (instead of --pool).
    #[arg(long, value_name = "all", value_parser = ["all"], conflicts_with = "pool")]
    pub pools: Option<String>,
    /// How often the staffing repeats: every day, or every week (default: week when the
    /// arrivals have a weekly profile, otherwise day).
    #[arg(long, value_enum)]
    pub cycle: Option<Cycle>,
    /// Most free passes before the search only raises intervals that fail.
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_iterations: u32,
    /// Most agents on duty in one interval; a target that fails with this many is reported
    /// as infeasible (default: three times the busiest interval's offered load in agents,
    /// plus 20).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_agents: Option<u32>,
    /// Replications per pass (overrides `simulation.replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPLICATIONS_ARG))]
    pub replications: Option<u32>,
    /// Paid hours of one full-time agent per week, to turn agent-hours into headcount.
    #[arg(long, default_value_t = 40.0, value_parser = hours_arg)]
    pub hours_per_week: f64,
    /// Write staffing.csv, staff.json and the staffed scenario (staffed.toml) into this
    /// folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Seeds, threads, report and progress, as every search has them.
    #[command(flatten)]
    pub search: planning::SearchFlags,
}

/// How often a staffing repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Cycle {
    /// The same staffing every day.
    Day,
    /// One staffing per interval of the week, Monday 00:00 first.
    Week,
}

fn hours_arg(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(h) if h > 0.0 && h <= 168.0 => Ok(h),
        _ => Err(format!(
            "expected paid hours per week above 0 and at most 168, found {s:?}"
        )),
    }
}

/// Runs `staffsim staff`.
pub fn execute(args: StaffArgs) -> Result<(), Failure> {
    let mut folder = match &args.out {
        Some(dir) => Some(super::lock_out(dir)?),
        None => None,
    };
    let input = |e: anyhow::Error| Failure::Input(e);
    let planning::Loaded { text, desk, file } = planning::load(
        &args.file,
        args.replications,
        args.search.seed,
        "staff finds the agents of the operation as written",
    )?;
    let pools = pick_pools(&desk, &args.pool, args.pools.is_some())
        .map_err(|m| input(anyhow!("{file}: {m}")))?;
    let cycle = match args.cycle {
        Some(Cycle::Day) => DAY,
        Some(Cycle::Week) => WEEK,
        None if desk.arrivals.weekly.windows(2).any(|w| w[0] != w[1]) => WEEK,
        None => DAY,
    };
    let interval = desk.simulation.interval;
    let slots = planning::check_interval(&file, &desk, cycle)?;
    let validation_seed = planning::validation_seed(args.search.validation_seed, &desk)?;
    let options = StaffOptions {
        pools: pools.clone(),
        cycle,
        max_iterations: args.max_iterations as usize,
        max_agents: args
            .max_agents
            .unwrap_or_else(|| plan::staff::default_max_agents(&desk, &pools, cycle)),
        threads: args.search.threads.map(|t| t as usize),
        validation_seed,
    };
    if !args.search.quiet {
        eprintln!(
            "staffing {} {} over {} intervals of {} (cycle: {}), at most {} agents each",
            if pools.len() > 1 { "pools" } else { "pool" },
            names(&desk, &pools),
            slots,
            staffsim::units::HumanDuration(interval),
            if cycle == WEEK { "week" } else { "day" },
            options.max_agents
        );
    }
    let started = Instant::now();
    let spinner = progress(!args.search.quiet);
    let hours = interval / 3600.0;
    let mut count = 0;
    let found = staff_with_progress(&desk, &options, |pass| {
        count += 1;
        let agent_hours: f64 = pass
            .agents
            .iter()
            .flatten()
            .map(|&a| f64::from(a))
            .sum::<f64>()
            * hours;
        spinner.set_message(format!(
            "pass {count} ({}): {agent_hours:.0} agent-hours, {} intervals failing, {} changing",
            pass.phase.key(),
            pass.failing,
            pass.changed
        ));
        spinner.tick();
    })
    .map_err(|e| Failure::Runtime(anyhow!(e)))?;
    spinner.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    if !args.search.quiet {
        eprintln!(
            "{} passes and a validation run: {} contacts in {elapsed:.1} s",
            found.passes.len(),
            found.contacts
        );
    }
    let summaries: Vec<Summary> = found
        .pools
        .iter()
        .map(|p| Summary::of(&desk, p, &found, args.hours_per_week))
        .collect();
    out!("{}", table(&desk, &found, &summaries));
    if let Some(folder) = &mut folder {
        let dir = folder.dir().to_path_buf();
        write(folder, &file, &text, &desk, &found, &summaries).map_err(Failure::Runtime)?;
        if !args.search.quiet {
            eprintln!(
                "wrote staffing.csv, staff.json and staffed.toml to {}",
                dir.display()
            );
        }
        if args.search.report {
            // Written when the search is infeasible too: the report shows what it found.
            super::report::write(folder, None, Some(Kind::Staff), args.search.quiet)?;
        }
    }
    if let Outcome::Infeasible(slots) = &found.outcome {
        let list = |slots: &[usize]| {
            slots
                .iter()
                .map(|&k| label(k as f64 * interval, cycle))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let which = if found.pools.len() > 1 {
            found
                .pools
                .iter()
                .filter(|p| !p.infeasible.is_empty())
                .map(|p| format!("pool {}: {}", desk.pools[p.pool].name, list(&p.infeasible)))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            list(slots)
        };
        return Err(Failure::Infeasible(anyhow!(
            "infeasible: {} interval(s) miss a target with {} agents on duty: {which}",
            slots.len(),
            options.max_agents,
        )));
    }
    Ok(())
}

/// A spinner on stderr with the latest pass, when stderr is a terminal and it is wanted.
pub(super) fn progress(wanted: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner
}

/// The names of pools `pools`, joined by commas.
fn names(desk: &Scenario, pools: &[usize]) -> String {
    pools
        .iter()
        .map(|&p| desk.pools[p].name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The pools to staff, in file order: the ones named, every one staffed with `agents`
/// (`all`), or the only one staffed with `agents`.
fn pick_pools(desk: &Scenario, named: &[String], all: bool) -> Result<Vec<usize>, String> {
    let direct: Vec<usize> = (0..desk.pools.len())
        .filter(|&p| desk.pools[p].workforce.is_none() && desk.pools[p].gig.is_none())
        .collect();
    if all {
        return if direct.is_empty() {
            Err(
                "--pools all: no pool is staffed with `agents`; staff searches agents on duty"
                    .into(),
            )
        } else {
            Ok(direct)
        };
    }
    if named.is_empty() {
        return match direct.as_slice() {
            [p] => Ok(vec![*p]),
            [] => Err("no pool is staffed with `agents`; staff searches agents on duty".into()),
            _ => Err(format!(
                "several pools are staffed with `agents` ({}): name one or more with --pool, \
                 or search them all with --pools all",
                names(desk, &direct)
            )),
        };
    }
    let mut pools = Vec::new();
    for n in named {
        let p = desk
            .pools
            .iter()
            .position(|p| &p.name == n)
            .ok_or_else(|| {
                format!(
                    "--pool {n:?}: no such pool (known: {})",
                    names(desk, &(0..desk.pools.len()).collect::<Vec<_>>())
                )
            })?;
        if !direct.contains(&p) {
            return Err(format!(
                "--pool {n:?}: the pool has a workforce or gig agents; staff searches the \
                 agents on duty of a pool staffed with `agents` ({})",
                names(desk, &direct)
            ));
        }
        pools.push(p);
    }
    pools.sort_unstable();
    pools.dedup();
    Ok(pools)
}

/// `"Mon 09:00"` for a weekly cycle, `"09:00"` for a daily one.
fn label(t: f64, cycle: f64) -> String {
    report::interval_label(t, cycle > DAY)
}

/// The figures a planner reads first, for one searched pool.
#[derive(Clone)]
struct Summary {
    /// Agent-hours on duty per cycle.
    on_duty_hours: f64,
    /// Paid agent-hours per cycle (after shrinkage).
    paid_hours: f64,
    /// Full-time agents for the paid hours of a week.
    headcount: f64,
    /// Agent-hours per cycle that per-interval Erlang C and A would staff.
    erlang_c_hours: Option<f64>,
    erlang_a_hours: Option<f64>,
    /// Intervals judged in the validation run, and of those the ones that met every target.
    judged: usize,
    met: usize,
    /// Intervals that missed a target in the validation run by more than its interval.
    clear_misses: usize,
}

impl Summary {
    fn of(desk: &Scenario, plan: &PoolPlan, found: &StaffPlan, hours_per_week: f64) -> Summary {
        let hours = found.interval / 3600.0;
        let shrinkage = desk.pools[plan.pool].shrinkage;
        let on_duty_hours = plan.agents.iter().map(|&a| f64::from(a)).sum::<f64>() * hours;
        let paid_hours = on_duty_hours / (1.0 - shrinkage);
        let per_week = WEEK / found.cycle;
        let total = |f: fn(&plan::staff::ErlangStaffing) -> Option<u32>| {
            plan.erlang
                .iter()
                .map(|e| f(e).map(f64::from))
                .sum::<Option<f64>>()
                .map(|a| a * hours)
        };
        let targets = &desk.targets.per_interval;
        let mut judged = 0;
        let mut met = 0;
        let mut clear_misses = 0;
        for verdicts in &plan.validation {
            if verdicts.iter().all(|v| v.met.is_none()) {
                continue;
            }
            judged += 1;
            if verdicts.iter().all(|v| v.met != Some(false)) {
                met += 1;
            }
            if verdicts
                .iter()
                .zip(targets)
                .any(|(v, t)| clearly_missed(v, t))
            {
                clear_misses += 1;
            }
        }
        Summary {
            on_duty_hours,
            paid_hours,
            headcount: paid_hours * per_week / hours_per_week,
            erlang_c_hours: total(|e| e.erlang_c),
            erlang_a_hours: total(|e| e.erlang_a),
            judged,
            met,
            clear_misses,
        }
    }
}

/// Whether the validation run's whole 95 % interval lies on the wrong side of the bound.
fn clearly_missed(v: &Verdict, t: &Target) -> bool {
    match v.ci95 {
        Some([lo, hi]) => !t.holds(lo) && !t.holds(hi),
        None => v.met == Some(false),
    }
}

fn table(desk: &Scenario, found: &StaffPlan, summaries: &[Summary]) -> String {
    let mut out = String::new();
    let targets = &desk.targets.per_interval;
    let several = found.pools.len() > 1;
    let searched: Vec<usize> = found.pools.iter().map(|p| p.pool).collect();
    let _ = writeln!(
        out,
        "{} — staffing for {} {}",
        desk.name,
        if several { "pools" } else { "pool" },
        names(desk, &searched)
    );
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
    let outcome = match &found.outcome {
        Outcome::Converged => "converged".to_string(),
        Outcome::Raised => {
            "cycled or hit the pass limit, then raised until every target held".into()
        }
        Outcome::Infeasible(k) => format!("infeasible in {} interval(s)", k.len()),
    };
    let _ = writeln!(out, "search: {outcome} after {} passes", found.passes.len());
    for (plan, s) in found.pools.iter().zip(summaries) {
        let _ = writeln!(out);
        if several {
            let _ = writeln!(
                out,
                "pool {} (its intents: {})",
                desk.pools[plan.pool].name,
                own_intents(desk, plan)
            );
        }
        pool_table(&mut out, desk, found, plan, s);
    }
    if several {
        let _ = writeln!(out);
        let per = if found.cycle > DAY { "week" } else { "day" };
        let sum = |f: fn(&Summary) -> f64| summaries.iter().map(f).sum::<f64>();
        let _ = writeln!(
            out,
            "all pools searched: agent-hours on duty per {per}: {:.0} (paid: {:.0}; headcount: {:.1}); \
             the requirement is split by each intent's primary pool, overflow between pools ignored",
            sum(|s| s.on_duty_hours),
            sum(|s| s.paid_hours),
            sum(|s| s.headcount)
        );
    }
    for (t, v) in desk.targets.over_run.iter().zip(&found.validation_over_run) {
        let _ = writeln!(
            out,
            "over the run: {} {} {}: {} ({})",
            t.measure.key(),
            t.bound.side(),
            show(t, t.bound.value()),
            v.mean.map_or("undefined".into(), |m| show(t, m)),
            match v.met {
                Some(true) => "met",
                Some(false) => "missed",
                None => "undefined",
            }
        );
    }
    out
}

/// The names of the intents whose primary pool `plan`'s pool is, joined by commas.
fn own_intents(desk: &Scenario, plan: &PoolPlan) -> String {
    let own: Vec<&str> = desk
        .intents
        .iter()
        .zip(&plan.owns)
        .filter(|(_, o)| **o)
        .map(|(i, _)| i.name.as_str())
        .collect();
    if own.is_empty() {
        "none".into()
    } else {
        own.join(", ")
    }
}

/// One searched pool's rows and summary lines of the table.
fn pool_table(out: &mut String, desk: &Scenario, found: &StaffPlan, plan: &PoolPlan, s: &Summary) {
    let targets = &desk.targets.per_interval;
    let mut header = format!("{:<10} {:>7} {:>8}", "interval", "agents", "FTE");
    for t in targets {
        let _ = write!(
            header,
            " {:>28}",
            format!("{} (fresh seed)", t.measure.key())
        );
    }
    let _ = write!(header, " {:>9} {:>9}", "Erlang C", "Erlang A");
    let _ = writeln!(out, "{header}");
    let shrinkage = desk.pools[plan.pool].shrinkage;
    for (k, &agents) in plan.agents.iter().enumerate() {
        let mut row = format!(
            "{:<10} {:>7} {:>8.1}",
            label(k as f64 * found.interval, found.cycle),
            agents,
            f64::from(agents) / (1.0 - shrinkage)
        );
        for (t, v) in targets.iter().zip(&plan.validation[k]) {
            let cell = match (v.mean, v.ci95) {
                (Some(m), Some([lo, hi])) => {
                    format!("{} [{}, {}]", show(t, m), show(t, lo), show(t, hi))
                }
                (Some(m), None) => show(t, m),
                _ => "no contacts".into(),
            };
            let mark = match v.met {
                Some(false) => "✗",
                _ => " ",
            };
            let _ = write!(row, " {cell:>27}{mark}");
        }
        let e = plan.erlang[k];
        let opt = |x: Option<u32>| x.map_or("-".to_string(), |n| n.to_string());
        let _ = write!(row, " {:>9} {:>9}", opt(e.erlang_c), opt(e.erlang_a));
        let _ = writeln!(out, "{row}");
    }
    let _ = writeln!(out);
    let per = if found.cycle > DAY { "week" } else { "day" };
    let _ = writeln!(
        out,
        "agent-hours on duty per {per}: {:.0} (paid: {:.0}; headcount at the given hours per week: {:.1})",
        s.on_duty_hours, s.paid_hours, s.headcount
    );
    let opt = |x: Option<f64>| x.map_or("-".to_string(), |h| format!("{h:.0}"));
    let _ = writeln!(
        out,
        "per-interval Erlang on the raw volume would staff: Erlang C {} h, Erlang A {} h",
        opt(s.erlang_c_hours),
        opt(s.erlang_a_hours)
    );
    let _ = writeln!(
        out,
        "fresh-seed validation (seed {}): {} of {} intervals meet every target {}; {} miss one by more than its 95 % interval",
        found.validation_seed,
        s.met,
        s.judged,
        met_by(desk),
        s.clear_misses
    );
}

fn write(
    folder: &mut OutputFolder,
    file: &str,
    text: &str,
    desk: &Scenario,
    found: &StaffPlan,
    summaries: &[Summary],
) -> anyhow::Result<()> {
    let dir = &folder.dir().to_path_buf();
    // The files, made first and written together (see `report::folder`).
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        files.push((name.to_string(), bytes.to_vec()));
        Ok(())
    };
    put("staffing.csv", &staffing_csv(desk, found)?)?;
    let doc: toml::Table = text.parse().context("the scenario is no longer TOML")?;
    let mut settings = Vec::new();
    for plan in &found.pools {
        let name = &desk.pools[plan.pool].name;
        settings.push((
            format!("pools.{name}.agents"),
            toml::Value::Array(
                plan.agents
                    .iter()
                    .map(|&a| toml::Value::Integer(i64::from(a)))
                    .collect(),
            ),
        ));
        settings.push((
            format!("pools.{name}.agents_cycle"),
            toml::Value::String(if found.cycle > DAY { "week" } else { "day" }.into()),
        ));
        if scenario::paths::get_path(&doc, &format!("pools.{name}.staffing_scale")).is_some() {
            // The agents found are the ones on duty: the scale is already in them.
            settings.push((
                format!("pools.{name}.staffing_scale"),
                toml::Value::Float(1.0),
            ));
        }
    }
    // Relative files (a rates file, schedule files) are found from the output folder.
    let here = dir.join("staffed.toml").display().to_string();
    let text = scenario::rebase_files(text, file, dir).map_err(|e| anyhow!(e))?;
    let staffed = scenario::edit(&text, &here, &settings).map_err(|e| anyhow!(e))?;
    let searched: Vec<usize> = found.pools.iter().map(|p| p.pool).collect();
    let (met, judged) = summaries
        .iter()
        .fold((0, 0), |(m, j), s| (m + s.met, j + s.judged));
    let header = format!(
        "# Written by staffsim staff from {file}: the agents on duty of {} {} per \
         interval meet the per-interval targets ({}) in a fresh-seed run in {met} of {judged} \
         intervals.\n",
        if searched.len() > 1 { "pools" } else { "pool" },
        names(desk, &searched),
        met_by(desk),
    );
    put("staffed.toml", (header + &staffed).as_bytes())?;
    let json = staff_json(desk, found, summaries);
    put(
        "staff.json",
        (serde_json::to_string_pretty(&json)? + "\n").as_bytes(),
    )?;
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    folder.commit("staff", &files)
}

fn staffing_csv(desk: &Scenario, found: &StaffPlan) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let targets = &desk.targets.per_interval;
    let mut header: Vec<String> = ["interval_start", "start_seconds", "pool", "agents", "fte"]
        .map(String::from)
        .to_vec();
    for t in targets {
        let k = t.measure.key();
        header.extend([
            k.to_string(),
            format!("{k}_low"),
            format!("{k}_high"),
            format!("{k}_met"),
        ]);
    }
    header.extend(["erlang_c_agents".into(), "erlang_a_agents".into()]);
    w.write_record(&header)?;
    // A row per interval per pool: every interval of the first pool searched, then the next.
    for plan in &found.pools {
        let shrinkage = desk.pools[plan.pool].shrinkage;
        for (k, &agents) in plan.agents.iter().enumerate() {
            let start = k as f64 * found.interval;
            let mut row = vec![
                label(start, found.cycle),
                format!("{start}"),
                desk.pools[plan.pool].name.clone(),
                agents.to_string(),
                csv_number(f64::from(agents) / (1.0 - shrinkage), Unit::Agents),
            ];
            for (t, v) in targets.iter().zip(&plan.validation[k]) {
                let unit = t.measure.unit();
                row.extend([
                    csv_cell(v.mean, unit),
                    csv_cell(v.ci95.map(|c| c[0]), unit),
                    csv_cell(v.ci95.map(|c| c[1]), unit),
                    v.met.map_or(String::new(), |m| m.to_string()),
                ]);
            }
            let e = plan.erlang[k];
            let opt = |x: Option<u32>| x.map_or(String::new(), |n| n.to_string());
            row.extend([opt(e.erlang_c), opt(e.erlang_a)]);
            w.write_record(&row)?;
        }
    }
    w.into_inner().map_err(|e| anyhow!(e.to_string()))
}

/// What the pool's file says of its staffing, for staff.json.
fn as_written(desk: &Scenario, pool: usize, found: &StaffPlan) -> serde_json::Value {
    match &desk.pools[pool].staffing {
        Staffing::Constant(n) => json!(n),
        Staffing::PerInterval { agents, .. } => json!(agents),
        Staffing::Schedule(sched) => json!(sched.on_duty(found.interval, found.cycle)),
    }
}

fn staff_json(desk: &Scenario, found: &StaffPlan, summaries: &[Summary]) -> serde_json::Value {
    let outcome = match &found.outcome {
        Outcome::Converged => json!({ "status": "converged" }),
        Outcome::Raised => json!({ "status": "raised" }),
        Outcome::Infeasible(k) => json!({
            "status": "infeasible",
            "intervals": k.iter().map(|&k| label(k as f64 * found.interval, found.cycle)).collect::<Vec<_>>(),
        }),
    };
    let validation = |s: &Summary| {
        json!({
            "seed": found.validation_seed,
            "intervals_judged": s.judged,
            "intervals_met": s.met,
            "intervals_clearly_missed": s.clear_misses,
        })
    };
    let several = found.pools.len() > 1;
    let searched: Vec<usize> = found.pools.iter().map(|p| p.pool).collect();
    let first = &found.pools[0];
    let sum = |f: fn(&Summary) -> f64| summaries.iter().map(f).sum::<f64>();
    let sum_opt = |f: fn(&Summary) -> Option<f64>| summaries.iter().map(f).sum::<Option<f64>>();
    let total = if several {
        Summary {
            on_duty_hours: sum(|s| s.on_duty_hours),
            paid_hours: sum(|s| s.paid_hours),
            headcount: sum(|s| s.headcount),
            erlang_c_hours: sum_opt(|s| s.erlang_c_hours),
            erlang_a_hours: sum_opt(|s| s.erlang_a_hours),
            judged: summaries.iter().map(|s| s.judged).sum(),
            met: summaries.iter().map(|s| s.met).sum(),
            clear_misses: summaries.iter().map(|s| s.clear_misses).sum(),
        }
    } else {
        summaries[0].clone()
    };
    let s = &total;
    let mut validation_all = validation(s);
    validation_all["over_run"] = desk
        .targets
        .over_run
        .iter()
        .zip(&found.validation_over_run)
        .map(|(t, v)| {
            json!({
                "measure": t.measure.key(),
                "side": t.bound.side(),
                "bound": t.bound.value(),
                "mean": v.mean,
                "ci95": v.ci95,
                "met": v.met,
            })
        })
        .collect::<Vec<_>>()
        .into();
    let mut doc = json!({
        "scenario": desk.name,
        "pool": names(desk, &searched),
        "method": "iterative staffing (Feldman, Mandelbaum, Massey and Whitt 2008) with an Erlang A local model per interval, common random numbers across passes",
        "met_by": met_by(desk),
        "targets": desk.targets.per_interval.iter().map(|t| json!({
            "measure": t.measure.key(),
            "side": t.bound.side(),
            "bound": t.bound.value(),
        })).collect::<Vec<_>>(),
        "interval_seconds": found.interval,
        "cycle_seconds": found.cycle,
        "outcome": outcome,
        "passes": found.passes.iter().map(|p| json!({
            "agent_hours": p.agents.iter().flatten().map(|&a| f64::from(a)).sum::<f64>() * found.interval / 3600.0,
            "failing_intervals": p.failing,
            "changed_intervals": p.changed,
            "phase": p.phase.key(),
            "contacts": p.contacts,
        })).collect::<Vec<_>>(),
        "agents": first.agents,
        "staffing_as_written": as_written(desk, first.pool, found),
        "on_duty_agent_hours_per_cycle": s.on_duty_hours,
        "paid_agent_hours_per_cycle": s.paid_hours,
        "headcount": s.headcount,
        "erlang_c_agent_hours_per_cycle": s.erlang_c_hours,
        "erlang_a_agent_hours_per_cycle": s.erlang_a_hours,
        "validation": validation_all,
        "contacts_simulated": found.contacts,
    });
    if several {
        // Top-level figures are the totals over the pools; each pool's are in `pools`.
        let object = doc.as_object_mut().expect("an object");
        object.shift_remove("agents");
        object.shift_remove("staffing_as_written");
        object.insert(
            "split".into(),
            json!("each intent is the load of its primary pool: the first searched pool, in file order, whose skills include it; overflow between pools is ignored"),
        );
        object.insert(
            "pools".into(),
            found
                .pools
                .iter()
                .zip(summaries)
                .map(|(plan, s)| {
                    json!({
                        "pool": desk.pools[plan.pool].name,
                        "intents": desk.intents.iter().zip(&plan.owns).filter(|(_, o)| **o).map(|(i, _)| i.name.as_str()).collect::<Vec<_>>(),
                        "agents": plan.agents,
                        "staffing_as_written": as_written(desk, plan.pool, found),
                        "on_duty_agent_hours_per_cycle": s.on_duty_hours,
                        "paid_agent_hours_per_cycle": s.paid_hours,
                        "headcount": s.headcount,
                        "erlang_c_agent_hours_per_cycle": s.erlang_c_hours,
                        "erlang_a_agent_hours_per_cycle": s.erlang_a_hours,
                        "infeasible_intervals": plan.infeasible.iter().map(|&k| label(k as f64 * found.interval, found.cycle)).collect::<Vec<_>>(),
                        "validation": validation(s),
                    })
                })
                .collect::<Vec<_>>()
                .into(),
        );
    }
    doc
}
