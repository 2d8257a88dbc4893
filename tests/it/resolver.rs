//! Quality split by who ended the contact (the assistant alone, a human without it, or the
//! assistant then a human), per pool, and problems resolved within one and two days: hand-worked
//! tiny scenarios whose answers are known exactly, and a desk without the assistant, where the
//! split must say nothing new.

use staffsim::experiment;
use staffsim::metrics::{Measure, Tally};
use staffsim::model::Scenario;
use staffsim::report::monthly_table;
use staffsim::scenario;

/// Three intents, each with one fate and so one score, on a floor that never makes anyone
/// wait (deterministic 10-minute handle times, 60 an hour in all, 100 agents in each pool):
///
/// - `simple`: the assistant always resolves it: score 4.5 (its AI base), resolved;
/// - `handover`: the assistant always escalates it to pool `escalations`, whose agent always
///   resolves it: score 4.0 (human base) − 0.5 (escalation penalty) = 3.5, resolved;
/// - `direct`: the customer always opts out to pool `direct`, whose agent never resolves it:
///   4.0 − 1.5 (unresolved penalty) = 2.5, not resolved (one attempt: no repeats).
///
/// Everyone answers the survey. The scores are binary fractions, so sums and means are exact.
const THREE_FATES: &str = r#"
[simulation]
horizon = "3d"
warmup = "0s"
replications = 2
seed = 11
[arrivals]
rate = "60/h"
[quality]
survey_response = 1.0
human_score = 4.0
escalation_penalty = 0.5
unresolved_penalty = 1.5
[ai]
enabled = true
[[intents]]
name = "simple"
share = 0.5
handle_time = { dist = "deterministic", value = "10m" }
satisfaction = { ai = 4.5 }
ai = { resolved = 1.0, handle_time = { dist = "deterministic", value = "2m" } }
[[intents]]
name = "handover"
share = 0.3
handle_time = { dist = "deterministic", value = "10m" }
ai = { escalated = 1.0, handle_time = { dist = "deterministic", value = "2m" } }
[[intents]]
name = "direct"
share = 0.2
handle_time = { dist = "deterministic", value = "10m" }
human_resolution = 0.0
ai = { resolved = 1.0, opt_out = 1.0, handle_time = { dist = "deterministic", value = "2m" } }
[[pools]]
name = "escalations"
agents = 100
skills = ["handover", "simple"]   # (the assistant resolves every simple contact)
[[pools]]
name = "direct"
agents = 100
skills = ["direct"]
"#;

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "resolver.toml", "resolver").expect("valid scenario")
}

#[test]
fn each_resolver_scores_and_resolves_as_worked_by_hand() {
    let scenario = parse(THREE_FATES);
    let result = experiment::run(&scenario, Some(1)).unwrap();
    for rep in &result.replications {
        let t = &rep.tallies;
        let total = &t.total;
        // Nobody waits, so no wait penalty, and the scores are as in the docs above.
        assert_eq!(total.delayed, 0, "the floor is never full");
        assert_eq!(total.value(Measure::CsatSurveyAi), 4.5);
        assert_eq!(total.value(Measure::CsatSurveyEscalated), 3.5);
        assert_eq!(total.value(Measure::CsatSurveyHuman), 2.5);
        assert_eq!(total.value(Measure::ResolutionAi), 1.0);
        assert_eq!(total.value(Measure::ResolutionEscalated), 1.0);
        assert_eq!(total.value(Measure::ResolutionHuman), 0.0);
        // Each intent takes one path: its contacts that ended are that resolver's.
        let ended = |i: usize| {
            let it = &t.intents[i];
            it.offered - it.in_bot_at_end - (it.answered - it.human_resolved - it.human_unresolved)
        };
        let by = &total.by_resolver;
        assert_eq!(by.ai.ended, ended(0));
        assert_eq!(by.escalated.ended, ended(1));
        assert_eq!(by.human.ended, ended(2));
        assert!(by.ai.ended > 1000 && by.escalated.ended > 500 && by.human.ended > 500);
        // Everyone answers: surveys = contacts ended, and the overall survey is the mix.
        assert_eq!(by.all().surveys, by.all().ended);
        let n = by.all().ended as f64;
        let mix = (4.5 * by.ai.ended as f64
            + 3.5 * by.escalated.ended as f64
            + 2.5 * by.human.ended as f64)
            / n;
        assert_eq!(total.value(Measure::CsatSurvey), mix);
        // Each pool served one path: its survey and resolution are that path's.
        let [esc, direct] = [&t.pools[0], &t.pools[1]];
        assert_eq!(esc.value(Measure::CsatSurvey), 3.5);
        assert_eq!(esc.value(Measure::CsatSurveyEscalated), 3.5);
        assert_eq!(esc.value(Measure::HumanResolutionRate), 1.0);
        assert!(
            esc.value(Measure::CsatSurveyHuman).is_nan(),
            "no direct contact"
        );
        assert_eq!(direct.value(Measure::CsatSurveyHuman), 2.5);
        assert_eq!(direct.value(Measure::ResolutionHuman), 0.0);
        assert_eq!(direct.value(Measure::HumanResolutionRate), 0.0);
        assert_eq!(direct.value(Measure::AsaSeconds), 0.0, "nobody waits");
        // And so in every month (one here), on the monthly table's columns below.
        assert_eq!(t.months[0].total.by_resolver, total.by_resolver);
    }
    let table = monthly_table(&scenario, &result);
    let column = |name: &str| {
        let c = table
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| {
                panic!("no column {name} in {:?}", table.columns);
            });
        table.rows[0].values[c].mean.unwrap_or(f64::NAN)
    };
    assert_eq!(column("csat_survey_ai"), 4.5);
    assert_eq!(column("csat_survey_escalated_chat"), 3.5);
    assert_eq!(column("resolution_human_chat"), 0.0);
    assert_eq!(column("csat_survey_escalated.escalations"), 3.5);
    assert_eq!(column("csat_survey_human.direct"), 2.5);
    assert_eq!(column("human_resolution_rate.escalations"), 1.0);
}

/// Every first contact is closed falsely by the assistant; the customer comes back 1.5 days
/// later (a fixed delay), goes to a human by policy, who always solves it in 10 minutes
/// without a wait. Every problem is so resolved 36 h 12 min after its first contact: within
/// two days, never within one, in two contacts.
const BACK_IN_A_DAY_AND_A_HALF: &str = r#"
[simulation]
horizon = "8d"
warmup = "0s"
replications = 1
seed = 3
[arrivals]
rate = "20/h"
[repeats]
max_attempts = 2
delay = { dist = "deterministic", value = "36h" }
[ai]
enabled = true
repeats_go_to_human = true
[[intents]]
name = "refund"
share = 1.0
handle_time = { dist = "deterministic", value = "10m" }
ai = { falsely_resolved = 1.0, handle_time = { dist = "deterministic", value = "2m" } }
[[pools]]
name = "agents"
agents = 50
"#;

#[test]
fn problems_solved_after_a_day_and_a_half_count_within_two_days_not_one() {
    let scenario = parse(BACK_IN_A_DAY_AND_A_HALF);
    let result = experiment::run(&scenario, Some(1)).unwrap();
    let t: &Tally = &result.replications[0].tallies.total;
    assert_eq!(t.value(Measure::ResolvedWithin1d), 0.0);
    assert_eq!(t.value(Measure::ResolvedWithin2d), 1.0);
    // 8 days, first contacts up to the horizon: those of the last day (2 days) have no
    // closed 1-day (2-day) window.
    assert!(t.problems_eligible_1d < t.problems && t.problems_eligible_2d < t.problems_eligible_1d);
    assert!(t.problems_eligible_2d > 2000, "{}", t.problems_eligible_2d);
    assert_eq!(
        t.value(Measure::TrueResolutionRate),
        1.0,
        "7 days is long enough"
    );
    assert_eq!(t.value(Measure::ContactsPerResolvedProblem), 2.0);
    let hours = t.value(Measure::TimeToResolutionHours);
    assert!(
        (hours - (2.0 + 36.0 * 60.0 + 10.0) / 60.0).abs() < 1e-9,
        "{hours}"
    );
    // The first contact ended with the assistant (not resolved), the second with a human
    // (resolved), and the first-contact resolution is nil.
    let by = &t.by_resolver;
    assert_eq!(t.value(Measure::ResolutionAi), 0.0);
    assert_eq!(t.value(Measure::ResolutionHuman), 1.0);
    assert_eq!(by.escalated.ended, 0);
    assert_eq!(t.value(Measure::Fcr), 0.0);
    // The same in the monthly table, which has both columns.
    let table = monthly_table(&scenario, &result);
    let c = |name: &str| table.columns.iter().position(|c| c == name).unwrap();
    let row = &table.rows[0];
    assert_eq!(row.values[c("resolved_within_1d")].mean, Some(0.0));
    assert_eq!(row.values[c("resolved_within_2d")].mean, Some(1.0));
    assert_eq!(
        row.values[c("contacts_per_resolved_problem")].mean,
        Some(2.0)
    );
}

#[test]
fn without_the_assistant_the_split_is_empty_and_the_rest_unchanged() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/hybrid_human_only.toml"
    );
    let mut scenario = scenario::load(std::path::Path::new(path)).unwrap();
    scenario.simulation.replications = 2;
    scenario.simulation.horizon = 6.0 * 86_400.0;
    scenario.simulation.warmup = 86_400.0;
    let result = experiment::run(&scenario, Some(1)).unwrap();
    for rep in &result.replications {
        let t = &rep.tallies.total;
        // Undefined ratios, as every undefined ratio is (NaN: null in JSON, empty in CSV),
        // and counts of zero.
        for m in [
            Measure::CsatSurveyAi,
            Measure::CsatSurveyEscalated,
            Measure::ResolutionAi,
            Measure::ResolutionEscalated,
        ] {
            assert!(t.value(m).is_nan(), "{m:?} = {}", t.value(m));
        }
        assert_eq!(t.value(Measure::ContactsEndedAi), 0.0);
        assert_eq!(t.value(Measure::ContactsEndedEscalated), 0.0);
        // Every contact that ended went to a human: the split is the totals, to the bit.
        assert_eq!(t.by_resolver.human.ended, t.scored);
        assert_eq!(t.by_resolver.human.surveys, t.surveys);
        assert_eq!(
            t.value(Measure::CsatSurveyHuman),
            t.value(Measure::CsatSurvey)
        );
        assert_eq!(t.by_resolver.human.resolved, t.human_resolved);
    }
    // The monthly table marks them undefined (no mean), not zero.
    let table = monthly_table(&scenario, &result);
    let c = table
        .columns
        .iter()
        .position(|c| c == "csat_survey_escalated_chat")
        .unwrap();
    assert!(table.rows.iter().all(|r| r.values[c].mean.is_none()));
}
