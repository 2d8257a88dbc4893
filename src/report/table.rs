//! The readable table printed by `staffsim run` without `--json`.

use std::fmt::Write;

use crate::experiment::{Estimate, Experiment};
use crate::metrics::{Measure, Section};
use crate::model::Scenario;
use crate::units::HumanDuration;

fn show(m: Measure, x: f64) -> String {
    let s = if m.is_share() {
        format!("{:.2} %", 100.0 * x)
    } else if m.is_count() || x.abs() >= 10_000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    };
    // A value that rounds to zero prints without a sign: "-0" reads as a bug.
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| !c.is_ascii_digit() || c == '0') => rest.to_string(),
        _ => s,
    }
}

/// Measures shown per intent.
const BY_INTENT: [Measure; 6] = [
    Measure::Offered,
    Measure::ServiceLevel,
    Measure::AbandonmentRate,
    Measure::AiShare,
    Measure::CsatSurvey,
    Measure::TrueResolutionRate,
];

fn row(out: &mut String, m: Measure, e: &Estimate) {
    let mean = e.mean.map_or("-".to_string(), |x| show(m, x));
    let ci = e.ci95.map_or("-".to_string(), |[lo, hi]| {
        format!("[{}, {}]", show(m, lo), show(m, hi))
    });
    let _ = writeln!(out, "    {:<32} {:>14}   {}", m.label(), mean, ci);
}

/// The summary of a run as a text table, measures with their 95 % confidence intervals.
pub fn summary_table(scenario: &Scenario, experiment: &Experiment, warnings: &[String]) -> String {
    let sim = &scenario.simulation;
    let mut out = String::new();
    let _ = writeln!(out, "{}", scenario.name);
    let _ = writeln!(
        out,
        "  horizon {}, warm-up {} excluded, {} replication{}, seed {}, service level threshold {}",
        HumanDuration(sim.horizon),
        HumanDuration(sim.warmup),
        sim.replications,
        if sim.replications == 1 { "" } else { "s" },
        sim.seed,
        HumanDuration(sim.service_level_threshold)
    );
    let _ = writeln!(
        out,
        "  {:.0} contacts/h on average, offered load {:.1} erlangs\n",
        scenario.arrivals.mean_rate * 3600.0,
        scenario.offered_load()
    );
    let _ = writeln!(
        out,
        "  {:<30} {:>14}   95 % confidence interval",
        "Measure", "Mean"
    );
    for section in Section::ALL {
        if (section == Section::Ai && !scenario.ai_ever_enabled())
            || (section == Section::Workforce && !scenario.has_workforce())
        {
            continue;
        }
        let _ = writeln!(out, "  {}", section.title());
        for m in Measure::ALL.into_iter().filter(|m| m.section() == section) {
            row(&mut out, m, &experiment.estimate(m));
        }
    }
    if scenario.intents.len() > 1 {
        let _ = writeln!(out, "\n  By intent");
        for (i, intent) in scenario.intents.iter().enumerate() {
            let _ = writeln!(out, "  {} ({})", intent.name, intent.channel.name());
            for m in BY_INTENT {
                if m == Measure::AiShare && (intent.ai.is_none() || !scenario.ai_ever_enabled()) {
                    continue;
                }
                row(&mut out, m, &experiment.estimate_for_intent(m, i));
            }
        }
    }
    if scenario.pools.len() > 1 {
        let _ = writeln!(out, "\n  By pool");
        for (p, pool) in scenario.pools.iter().enumerate() {
            let _ = writeln!(out, "  {}", pool.name);
            for m in Measure::PER_POOL {
                let moves = matches!(
                    m,
                    Measure::Hires
                        | Measure::Departures
                        | Measure::LaidOff
                        | Measure::CostSeverance
                );
                if moves && pool.workforce.is_none() {
                    continue;
                }
                row(&mut out, m, &experiment.estimate_for_pool(m, p));
            }
        }
    }
    for w in warnings {
        let _ = writeln!(out, "\nwarning: {w}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_that_rounds_to_zero_has_no_sign() {
        assert_eq!(show(Measure::WaitingAtEnd, -0.3), "0");
        assert_eq!(show(Measure::WaitingAtEnd, -1.6), "-2");
        assert_eq!(show(Measure::AbandonmentRate, -0.00001), "0.00 %");
        assert_eq!(show(Measure::AsaSeconds, -0.004), "0.00");
        assert_eq!(show(Measure::AsaSeconds, 12.5), "12.50");
    }
}
