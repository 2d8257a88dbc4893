//! `staffsim erlang`: the closed-form answer for one queue: Erlang C, Erlang A, or Erlang B
//! for a number of lines.

use super::stdout::{out, outln};
use anyhow::anyhow;
use clap::Args;
use serde_json::json;

use super::{Failure, duration_arg, rate_arg};
use staffsim::analytic::{ErlangError, ErlangPerformance, ErlangQueue, agents_for_service_level};
use staffsim::units::HumanDuration;

/// Options of `staffsim erlang`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("question").required(true).args(["agents", "target_sl", "lines"])))]
pub struct ErlangArgs {
    /// Arrival rate, such as "2880/h" or "48/min".
    #[arg(long, value_parser = rate_arg)]
    pub rate: f64,
    /// Average handle time, such as "1m" or "4m30s".
    #[arg(long, value_parser = duration_arg)]
    pub aht: f64,
    /// Number of agents on duty: report the measures for this many.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub agents: Option<u32>,
    /// Service-level target: report the fewest agents that meet it. As a share (0.8), a
    /// percentage (80%), or as planners write it, 80/20: 80 % answered within 20 seconds
    /// (which sets the threshold too).
    #[arg(long, value_parser = target_arg)]
    pub target_sl: Option<Target>,
    /// Number of lines (trunks) with no queue: report Erlang B's blocking probability, the
    /// share of contacts that find every line busy and are lost.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "patience")]
    pub lines: Option<u32>,
    /// Mean patience of waiting customers, such as "2m": use Erlang A (exponential patience)
    /// instead of Erlang C (customers never abandon).
    #[arg(long, value_parser = duration_arg)]
    pub patience: Option<f64>,
    /// Service-level threshold: answered within this counts as in time (default 20s).
    #[arg(long, value_parser = duration_arg)]
    pub sl_threshold: Option<f64>,
    /// Largest number of agents the staffing search may try.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_agents: u32,
    /// Share of contacts the AI assistant handles without a human, in [0, 1): the queue
    /// gets the rest of the rate.
    #[arg(long, value_parser = unit_share_arg, default_value_t = 0.0)]
    pub ai_share: f64,
    /// Shrinkage in [0, 1): the share of paid time not on the floor (breaks, training,
    /// absence); the answer adds the FTE to schedule, agents / (1 − shrinkage).
    #[arg(long, value_parser = unit_share_arg, default_value_t = 0.0)]
    pub shrinkage: f64,
    /// Conversations one agent holds at once (chat), 1 to 100: the queue has agents × this
    /// many slots, each treated as an independent server, and the answer is in agents.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100), conflicts_with = "lines")]
    pub concurrency: u32,
    /// Each conversation lasts AHT × (1 + stretch × (concurrency − 1)): how much slower an
    /// agent is per conversation when holding several (0 or more; default 0).
    #[arg(long, default_value_t = 0.0, value_parser = stretch_arg, conflicts_with = "lines")]
    pub concurrency_stretch: f64,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// A concurrency stretch: a factor of 0 or more.
fn stretch_arg(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x >= 0.0 && x.is_finite() => Ok(x),
        _ => Err(format!(
            "expected a factor of 0 or more, such as 0.2, found {s:?}"
        )),
    }
}

/// A share from 0 up to (not including) 1, as 0.3 or 30%.
fn unit_share_arg(s: &str) -> Result<f64, String> {
    let x = staffsim::units::parse_share(s)
        .map_err(|_| format!("expected a share such as 0.3 or 30%, found {s:?}"))?;
    if (0.0..1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "expected a share from 0 up to (not including) 1, found {s:?}"
        ))
    }
}

/// A service-level target: the share to answer in time, and the threshold if it says one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Share of contacts to answer within the threshold, in (0, 1).
    pub share: f64,
    /// The threshold of an "80/20" target, seconds.
    pub threshold: Option<f64>,
}

/// Reads "0.8", "80%" or "80/20" (80 % within 20 seconds; "80/30s" also works).
fn target_arg(s: &str) -> Result<Target, String> {
    let expected = || format!("expected a target such as 0.8, 80% or 80/20, found {s:?}");
    let (share, threshold) = match s.trim().split_once('/') {
        Some((pct, secs)) => {
            let pct: f64 = pct
                .trim()
                .trim_end_matches('%')
                .parse()
                .map_err(|_| expected())?;
            let secs = secs.trim();
            let t = match secs.parse::<f64>() {
                Ok(t) => t,
                Err(_) => crate::cli::duration_arg(secs).map_err(|_| expected())?,
            };
            if !(t > 0.0 && t.is_finite()) {
                return Err(format!("the threshold of {s:?} must be longer than zero"));
            }
            (pct / 100.0, Some(t))
        }
        None => (
            staffsim::units::parse_share(s).map_err(|_| expected())?,
            None,
        ),
    };
    if share > 0.0 && share < 1.0 {
        Ok(Target { share, threshold })
    } else {
        Err(format!(
            "expected a share strictly between 0 and 1 (0 % and 100 %), found {s:?}"
        ))
    }
}

/// Runs `staffsim erlang`.
pub fn execute(mut args: ErlangArgs) -> Result<(), Failure> {
    // From here on, `rate` is what reaches the human queue (or the lines).
    let offered_rate = args.rate;
    args.rate *= 1.0 - args.ai_share;
    if args.aht <= 0.0 {
        return Err(Failure::Input(anyhow!(
            "--aht: expected a duration longer than zero"
        )));
    }
    if args.patience == Some(0.0) {
        return Err(Failure::Input(anyhow!(
            "--patience: expected a duration longer than zero"
        )));
    }
    if let Some(lines) = args.lines {
        out!("{}", erlang_b(&args, lines));
        return Ok(());
    }
    let threshold = match (args.target_sl.and_then(|t| t.threshold), args.sl_threshold) {
        (Some(_), Some(_)) => {
            return Err(Failure::Input(anyhow!(
                "--target-sl gives a threshold (80/20) and so does --sl-threshold: give it once"
            )));
        }
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => 20.0,
    };
    // A chat agent's conversations are slots of the queue, each stretched.
    let slots_per_agent = args.concurrency;
    let stretched = args.aht * (1.0 + args.concurrency_stretch * f64::from(slots_per_agent - 1));
    let queue = ErlangQueue {
        arrival_rate: args.rate,
        mean_handle_time: stretched,
        agents: args.agents.unwrap_or(1).saturating_mul(slots_per_agent),
        mean_patience: args.patience,
    };
    let input = |e: ErlangError| Failure::Input(anyhow!(e));
    let perf = match args.target_sl {
        Some(target) => {
            let slots = agents_for_service_level(
                &queue,
                threshold,
                target.share,
                args.max_agents.saturating_mul(slots_per_agent),
            )
            .map_err(input)?
            .agents;
            // Whole agents: the slots rounded up, and the measures for all their slots.
            let agents = slots.div_ceil(slots_per_agent);
            ErlangQueue {
                agents: agents * slots_per_agent,
                ..queue
            }
            .performance(threshold)
            .map_err(input)?
        }
        None => queue.performance(threshold).map_err(input)?,
    };
    let agents = perf.agents / slots_per_agent;
    if args.target_sl.is_some() && perf.abandonment_rate > 0.05 {
        eprintln!(
            "warning: {:.1} % of contacts abandon with {} agents; the service level counts them \
             as not answered in time, but shorter waits for those who stay can meet a target \
             with fewer agents than the load: check the abandonment rate too",
            100.0 * perf.abandonment_rate,
            agents
        );
    }
    let model = if args.patience.is_some() {
        "erlang_a"
    } else {
        "erlang_c"
    };
    if args.json {
        let out = json!({
            "model": model,
            "offered_rate_per_hour": offered_rate * 3600.0,
            "ai_share": args.ai_share,
            "arrival_rate_per_hour": args.rate * 3600.0,
            "aht_seconds": args.aht,
            "patience_seconds": args.patience,
            "sl_threshold_seconds": threshold,
            "target_sl": args.target_sl.map(|t| t.share),
            "agents": agents,
            "concurrency": slots_per_agent,
            "concurrency_stretch": args.concurrency_stretch,
            "conversation_slots": perf.agents,
            "offered_load_erlangs": perf.offered_load,
            "probability_of_wait": perf.probability_of_wait,
            "abandonment_rate": perf.abandonment_rate,
            "mean_wait_seconds": perf.mean_wait,
            "asa_seconds": perf.average_speed_of_answer,
            "service_level": perf.service_level,
            "occupancy": perf.occupancy,
            "shrinkage": args.shrinkage,
            "fte_scheduled": f64::from(agents) / (1.0 - args.shrinkage),
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain JSON")
        );
    } else {
        out!("{}", table(model, &args, threshold, agents, &perf));
    }
    Ok(())
}

fn table(
    model: &str,
    args: &ErlangArgs,
    threshold: f64,
    agents: u32,
    p: &ErlangPerformance,
) -> String {
    let name = if model == "erlang_a" {
        format!(
            "Erlang A (mean patience {})",
            HumanDuration(args.patience.unwrap_or(0.0))
        )
    } else {
        "Erlang C (no abandonment)".to_string()
    };
    let threshold = HumanDuration(threshold);
    let mut lines = vec![
        name,
        format!(
            "  {:.0} contacts/h, AHT {}, offered load {:.2} erlangs",
            args.rate * 3600.0,
            HumanDuration(args.aht),
            p.offered_load
        ),
    ];
    if args.concurrency > 1 {
        lines.push(format!(
            "  {} conversations per agent, each {} long: {} slots",
            args.concurrency,
            HumanDuration(p.offered_load / args.rate),
            p.agents
        ));
    }
    if args.ai_share > 0.0 {
        lines.push(format!(
            "  the AI handles {:.1} % of contacts; the queue gets the rest",
            100.0 * args.ai_share
        ));
    }
    if let Some(t) = args.target_sl {
        lines.push(format!(
            "  fewest agents with {:.1} % answered within {threshold}: {}",
            100.0 * t.share,
            agents
        ));
    }
    if args.shrinkage > 0.0 {
        lines.push(format!(
            "  FTE to schedule at {:.1} % shrinkage: {:.1}",
            100.0 * args.shrinkage,
            f64::from(agents) / (1.0 - args.shrinkage)
        ));
    }
    lines.extend([
        format!("  {:<34} {:>10}", "Agents", agents),
        format!(
            "  {:<34} {:>10.2} %",
            "Probability of wait",
            100.0 * p.probability_of_wait
        ),
        format!(
            "  {:<34} {:>10.2} %",
            "Abandonment rate",
            100.0 * p.abandonment_rate
        ),
        format!(
            "  {:<34} {:>10.2} %",
            format!("Service level ({threshold})"),
            100.0 * p.service_level
        ),
        format!(
            "  {:<34} {:>10.2} s",
            "Mean wait, all contacts", p.mean_wait
        ),
        format!(
            "  {:<34} {:>10.2} s",
            "Average speed of answer", p.average_speed_of_answer
        ),
        format!("  {:<34} {:>10.2} %", "Occupancy", 100.0 * p.occupancy),
    ]);
    lines.join("\n") + "\n"
}

/// Erlang B for `lines` lines: the table, or one JSON object with `--json`.
fn erlang_b(args: &ErlangArgs, lines: u32) -> String {
    let load = args.rate * args.aht;
    let blocking = staffsim::analytic::erlang_b(lines, load);
    let carried = load * (1.0 - blocking);
    if args.json {
        let out = json!({
            "model": "erlang_b",
            "ai_share": args.ai_share,
            "arrival_rate_per_hour": args.rate * 3600.0,
            "aht_seconds": args.aht,
            "lines": lines,
            "offered_load_erlangs": load,
            "blocking_probability": blocking,
            "carried_load_erlangs": carried,
            "occupancy": carried / f64::from(lines),
        });
        return serde_json::to_string_pretty(&out).expect("plain JSON") + "\n";
    }
    [
        "Erlang B (no queue: a contact that finds every line busy is lost)".to_string(),
        format!(
            "  {:.0} contacts/h, AHT {}, offered load {load:.2} erlangs",
            args.rate * 3600.0,
            HumanDuration(args.aht)
        ),
        format!("  {:<34} {:>10}", "Lines", lines),
        format!(
            "  {:<34} {:>10.2} %",
            "Blocking probability",
            100.0 * blocking
        ),
        format!("  {:<34} {:>10.2}", "Carried load [erlangs]", carried),
        format!(
            "  {:<34} {:>10.2} %",
            "Occupancy of a line",
            100.0 * carried / f64::from(lines)
        ),
    ]
    .join("\n")
        + "\n"
}
