//! `staffsim erlang`: the closed-form answer for one queue, Erlang C or Erlang A.

use anyhow::anyhow;
use clap::Args;
use serde_json::json;

use super::{Failure, duration_arg, rate_arg};
use staffsim::analytic::{ErlangError, ErlangPerformance, ErlangQueue, agents_for_service_level};
use staffsim::units::HumanDuration;

/// Options of `staffsim erlang`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("question").required(true).args(["agents", "target_sl"])))]
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
    /// Service-level target in (0, 1), such as 0.8: report the fewest agents that meet it.
    #[arg(long, value_parser = share_arg)]
    pub target_sl: Option<f64>,
    /// Mean patience of waiting customers, such as "2m": use Erlang A (exponential patience)
    /// instead of Erlang C (customers never abandon).
    #[arg(long, value_parser = duration_arg)]
    pub patience: Option<f64>,
    /// Service-level threshold: answered within this counts as in time.
    #[arg(long, value_parser = duration_arg, default_value = "20s")]
    pub sl_threshold: f64,
    /// Largest number of agents the staffing search may try.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_agents: u32,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

fn share_arg(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("expected a share such as 0.8, found {s:?}"))?;
    if x > 0.0 && x < 1.0 {
        Ok(x)
    } else {
        Err(format!(
            "expected a share strictly between 0 and 1, found {x}"
        ))
    }
}

/// Runs `staffsim erlang`.
pub fn execute(args: ErlangArgs) -> Result<(), Failure> {
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
    let queue = ErlangQueue {
        arrival_rate: args.rate,
        mean_handle_time: args.aht,
        agents: args.agents.unwrap_or(1),
        mean_patience: args.patience,
    };
    let result = match args.target_sl {
        Some(target) => {
            agents_for_service_level(&queue, args.sl_threshold, target, args.max_agents)
        }
        None => queue.performance(args.sl_threshold),
    };
    let perf = result.map_err(|e: ErlangError| Failure::Input(anyhow!(e)))?;
    if args.target_sl.is_some() && perf.abandonment_rate > 0.05 {
        eprintln!(
            "warning: {:.1} % of contacts abandon with {} agents; the service level counts them \
             as not answered in time, but shorter waits for those who stay can meet a target \
             with fewer agents than the load: check the abandonment rate too",
            100.0 * perf.abandonment_rate,
            perf.agents
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
            "arrival_rate_per_hour": args.rate * 3600.0,
            "aht_seconds": args.aht,
            "patience_seconds": args.patience,
            "sl_threshold_seconds": args.sl_threshold,
            "target_sl": args.target_sl,
            "agents": perf.agents,
            "offered_load_erlangs": perf.offered_load,
            "probability_of_wait": perf.probability_of_wait,
            "abandonment_rate": perf.abandonment_rate,
            "mean_wait_seconds": perf.mean_wait,
            "asa_seconds": perf.average_speed_of_answer,
            "service_level": perf.service_level,
            "occupancy": perf.occupancy,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain JSON")
        );
    } else {
        print!("{}", table(model, &args, &perf));
    }
    Ok(())
}

fn table(model: &str, args: &ErlangArgs, p: &ErlangPerformance) -> String {
    let name = if model == "erlang_a" {
        format!(
            "Erlang A (mean patience {})",
            HumanDuration(args.patience.unwrap_or(0.0))
        )
    } else {
        "Erlang C (no abandonment)".to_string()
    };
    let threshold = HumanDuration(args.sl_threshold);
    let mut lines = vec![
        name,
        format!(
            "  {:.0} contacts/h, AHT {}, offered load {:.2} erlangs",
            args.rate * 3600.0,
            HumanDuration(args.aht),
            p.offered_load
        ),
    ];
    if let Some(t) = args.target_sl {
        lines.push(format!(
            "  fewest agents with {:.1} % answered within {threshold}: {}",
            100.0 * t,
            p.agents
        ));
    }
    lines.extend([
        format!("  {:<34} {:>10}", "Agents", p.agents),
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
