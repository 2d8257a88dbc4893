//! The readable table printed by `staffsim run` without `--json`.

use std::fmt::Write;

use crate::experiment::{Estimate, Experiment};
use crate::metrics::{Bound, Measure, MetBy, Section, Unit};
use crate::model::Scenario;
use crate::plan::{TargetsReport, evaluate};
use crate::units::HumanDuration;

fn show(m: Measure, x: f64) -> String {
    let s = if m.is_share() {
        format!("{:.2} %", 100.0 * x)
    } else if m.is_count() || x.abs() >= 10_000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    };
    super::number::unsigned_zero(s)
}

/// A value of `m` with its unit where the label's unit would be missed: `"90.00 %"`,
/// `"30.00 s"`, `"48.00 h"`, `"1000000"`.
fn with_unit(m: Measure, x: f64) -> String {
    match m.unit() {
        Unit::Seconds => format!("{} s", show(m, x)),
        Unit::Hours => format!("{} h", show(m, x)),
        _ => show(m, x),
    }
}

/// `"min 90.00 %"`, `"max 30.00 s"`.
fn bound_text(m: Measure, b: Bound) -> String {
    format!("{} {}", b.side(), with_unit(m, b.value()))
}

/// How targets count as met: `"on average"` or `"with 95 % confidence"`.
pub(super) fn met_by_text(met_by: MetBy) -> String {
    match met_by {
        MetBy::OnAverage => "on average".into(),
        MetBy::WithConfidence(c) => {
            let pct = format!("{:.2}", 100.0 * c);
            let pct = pct.trim_end_matches('0').trim_end_matches('.');
            format!("with {pct} % confidence")
        }
    }
}

fn yes_no(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "yes",
        Some(false) => "no",
        None => "undefined",
    }
}

/// The "Targets" section: each target over the run with its mean, interval and verdict;
/// each target of every interval with the intervals it is met in and the worst one.
fn targets_section(out: &mut String, report: &TargetsReport) {
    let _ = writeln!(out, "\n  Targets, met {}", met_by_text(report.met_by));
    if !report.over_run.is_empty() {
        let _ = writeln!(
            out,
            "  {:<30} {:<16} {:>14}   {:<30} met",
            "Over the run", "Bound", "Mean", "95 % confidence interval"
        );
        for j in &report.over_run {
            let m = j.target.measure;
            let v = &j.verdict;
            let mean = v.mean.map_or("-".to_string(), |x| with_unit(m, x));
            let ci = v.ci95.map_or("-".to_string(), |[lo, hi]| {
                format!("[{}, {}]", show(m, lo), show(m, hi))
            });
            let _ = writeln!(
                out,
                "    {:<28} {:<16} {:>14}   {:<30} {}",
                m.key(),
                bound_text(m, j.target.bound),
                mean,
                ci,
                yes_no(v.met)
            );
        }
    }
    if !report.per_interval.is_empty() {
        let _ = writeln!(out, "  {:<30} {:<16} Met in", "In every interval", "Bound");
        for j in &report.per_interval {
            let m = j.target.measure;
            let mut line = format!("{} of {} intervals with contacts", j.met, j.judged);
            if let Some(w) = &j.worst {
                let (day, weekday, time) = super::clock(w.start_seconds);
                let value = w.verdict.mean.map_or("-".to_string(), |x| with_unit(m, x));
                line.push_str(&format!("; worst: day {day} ({weekday}) {time}, {value}"));
            }
            let _ = writeln!(
                out,
                "    {:<28} {:<16} {line}",
                m.key(),
                bound_text(m, j.target.bound),
            );
        }
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

/// The run's load for the header: `"offered load to agents 11.4 erlangs (of 38.0 before the
/// assistant and chat concurrency)"`, the first figure alone when both agree.
fn load_text(scenario: &Scenario) -> String {
    let agents = format!("{:.1}", scenario.offered_load_to_agents());
    let all = format!("{:.1}", scenario.offered_load());
    if agents == all {
        format!("offered load to agents {agents} erlangs")
    } else {
        format!(
            "offered load to agents {agents} erlangs (of {all} before the assistant and chat \
             concurrency)"
        )
    }
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
        "  {:.0} contacts/h on average, {}\n",
        scenario.arrivals.mean_rate * 3600.0,
        load_text(scenario)
    );
    let _ = writeln!(
        out,
        "  {:<30} {:>14}   95 % confidence interval",
        "Measure", "Mean"
    );
    for section in Section::ALL {
        // Without the assistant every contact that ended went to a human without it: the
        // split by who ended the contact says nothing the totals do not.
        let needs_ai = matches!(section, Section::Ai | Section::Resolver);
        if (needs_ai && !scenario.ai_ever_enabled())
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
                let needs_ai = m.section() == Section::Resolver && !scenario.ai_ever_enabled();
                if (moves && pool.workforce.is_none()) || needs_ai {
                    continue;
                }
                row(&mut out, m, &experiment.estimate_for_pool(m, p));
            }
        }
    }
    if !scenario.targets.is_empty() {
        let report = evaluate(&scenario.targets, experiment, sim.warmup, sim.interval);
        targets_section(&mut out, &report);
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

    #[test]
    fn bounds_carry_their_unit_and_confidence_reads_as_a_percentage() {
        let b = |m, b| bound_text(m, b);
        assert_eq!(b(Measure::ServiceLevel, Bound::Min(0.8)), "min 80.00 %");
        assert_eq!(b(Measure::AsaSeconds, Bound::Max(30.0)), "max 30.00 s");
        assert_eq!(
            b(Measure::TimeToResolutionHours, Bound::Max(48.0)),
            "max 48.00 h"
        );
        assert_eq!(b(Measure::CostTotal, Bound::Max(1e6)), "max 1000000");
        assert_eq!(met_by_text(MetBy::OnAverage), "on average");
        assert_eq!(
            met_by_text(MetBy::WithConfidence(0.95)),
            "with 95 % confidence"
        );
        assert_eq!(
            met_by_text(MetBy::WithConfidence(0.975)),
            "with 97.5 % confidence"
        );
    }
}
