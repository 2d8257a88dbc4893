//! The hybrid flow as a whole: the core is unchanged when the AI is off, the human queue
//! behind an AI matches Erlang A at the reduced rate, and every contact and every problem ends
//! in exactly one outcome.

use proptest::prelude::*;
use staffsim::analytic::ErlangQueue;
use staffsim::experiment::{self, stats};
use staffsim::metrics::{Measure, Tally};
use staffsim::model::Scenario;
use staffsim::scenario;

const ERLANG_A: &str = include_str!("../../scenarios/erlang_a.toml");

fn parse(text: &str) -> Scenario {
    scenario::parse(text, "hybrid.toml", "hybrid").unwrap_or_else(|e| panic!("{e}"))
}

/// With the AI switched off and one intent, a scenario that spells out every hybrid setting at
/// its neutral value gives exactly the core's numbers, replication by replication.
#[test]
fn with_the_ai_off_the_results_are_the_cores() {
    let core = parse(ERLANG_A);
    let hybrid_text = ERLANG_A.replace(
        "patience = { dist = \"exponential\", mean = \"2m\" }",
        "patience = { dist = \"exponential\", mean = \"2m\" }\n\
         channel = \"chat\"\n\
         human_resolution = 1.0\n\
         ai = { resolved = 0.7, escalated = 0.3, handle_time = { dist = \"exponential\", mean = \"2m\" } }",
    ) + "[ai]\nenabled = false\ncost_per_conversation = 0.3\n";
    let hybrid = parse(&hybrid_text);
    assert!(hybrid.intents[0].ai.is_some() && !hybrid.ai.enabled);
    let mut a = experiment::run(&core, Some(2)).unwrap();
    let mut b = experiment::run(&hybrid, Some(2)).unwrap();
    a.replications.truncate(4);
    b.replications.truncate(4);
    for (x, y) in a.replications.iter().zip(&b.replications) {
        assert_eq!(x.tallies, y.tallies, "identical tallies, every field");
    }
}

/// An assistant that resolves a share c of the conversations and escalates the rest, without
/// counting the bot time against patience or adding context loss, leaves the human queue a
/// Poisson stream at (1 − c) of the rate: Erlang A at the reduced rate. Tolerance: Bonferroni
/// intervals for four comparisons at family-wise 95 % (98.75 % each), over 20 replications.
#[test]
fn the_human_queue_behind_the_ai_is_erlang_a_at_the_reduced_rate() {
    let c = 0.6;
    let text = format!(
        r#"
[simulation]
horizon = "2d"
warmup = "3h"
replications = 20
seed = 5
[arrivals]
rate = "7200/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "1m" }}
patience = {{ dist = "exponential", mean = "2m" }}
ai = {{ resolved = {c}, escalated = {e}, handle_time = {{ dist = "lognormal", mean = "2m", cv = 0.5 }} }}
[ai]
bot_time_counts_against_patience = false
[[pools]]
name = "agents"
agents = 48
"#,
        e = 1.0 - c
    );
    let s = parse(&text);
    let r = experiment::run(&s, None).unwrap();
    let formula = ErlangQueue {
        arrival_rate: (1.0 - c) * 2.0,
        mean_handle_time: 60.0,
        agents: 48,
        mean_patience: Some(120.0),
    }
    .performance(20.0)
    .unwrap();
    for (m, expected) in [
        (Measure::ProbabilityOfWait, formula.probability_of_wait),
        (Measure::AbandonmentRate, formula.abandonment_rate),
        (Measure::MeanWaitSeconds, formula.mean_wait),
        (Measure::ServiceLevel, formula.service_level),
    ] {
        let v: Vec<f64> = r
            .replications
            .iter()
            .map(|x| x.tallies.total.value(m))
            .collect();
        let e = stats::estimate_at(&v, 1.0 - 0.05 / 4.0);
        let [lo, hi] = e.ci95.unwrap();
        assert!(
            lo <= expected && expected <= hi,
            "{}: {expected} outside [{lo}, {hi}]",
            m.key()
        );
    }
    let share = r.estimate(Measure::Containment).ci95.unwrap();
    assert!(share[0] <= c && c <= share[1], "containment {share:?}");
}

/// A random hybrid scenario: two intents, the AI on one or both, repeats, churn, concurrency.
#[allow(clippy::too_many_arguments)]
fn random_scenario(
    rate: u32,
    agents: u32,
    shares: [f64; 4],
    opt_out: f64,
    resolution: f64,
    max_attempts: u32,
    churn: f64,
    concurrency: u32,
    seed: u64,
) -> String {
    let total: f64 = shares.iter().sum();
    let [r, f, e, _] = shares.map(|x| x / total);
    let a = 1.0 - r - f - e; // absorb rounding
    format!(
        r#"
[simulation]
horizon = "3d"
warmup = "4h"
replications = 2
seed = {seed}
[arrivals]
rate = "{rate}/h"
daily_profile = [0.5, 1.5, 1.0]
[[intents]]
name = "simple"
share = 0.6
handle_time = {{ dist = "lognormal", mean = "4m", cv = 0.7 }}
patience = {{ dist = "exponential", mean = "3m" }}
human_resolution = {resolution}
ai = {{ resolved = {r}, falsely_resolved = {f}, escalated = {e}, abandoned = {a}, opt_out = {opt_out}, handle_time = {{ dist = "gamma", mean = "2m", cv = 0.8 }} }}
[[intents]]
name = "complex"
share = 0.3
priority = 1
handle_time = {{ dist = "gamma", mean = "9m", cv = 0.6 }}
patience = {{ dist = "lognormal", mean = "5m", cv = 1.0 }}
human_resolution = {resolution}
[[intents]]
name = "mail"
channel = "email"
share = 0.1
handle_time = {{ dist = "exponential", mean = "6m" }}
human_resolution = {resolution}
[ai]
concurrency = 30
context_loss = 0.25
cost_per_conversation = 0.4
repeats_go_to_human = {to_human}
[repeats]
max_attempts = {max_attempts}
delay = {{ dist = "exponential", mean = "3h" }}
[churn]
per_abandonment = {churn}
per_unresolved = {churn}
per_repeat = {churn}
per_long_wait = {churn}
per_escalation = {churn}
customer_value = 100.0
[[pools]]
name = "chat"
agents = [{agents}, {agents2}, {agents}]
concurrency = {concurrency}
concurrency_stretch = 0.25
hourly_cost = 30.0
shrinkage = 0.25
skills = ["simple", "complex"]
[[pools]]
name = "back_office"
agents = 2
skills = ["complex", "mail"]
hourly_cost = 25.0
"#,
        agents2 = agents + 3,
        to_human = seed.is_multiple_of(2),
    )
}

fn check_outcomes(t: &Tally, what: &str) {
    assert_eq!(
        t.offered,
        t.answered
            + t.abandoned
            + t.waiting_at_end
            + t.ai_resolved
            + t.ai_falsely_resolved
            + t.ai_abandoned
            + t.in_bot_at_end,
        "{what}: every contact ends in exactly one outcome"
    );
    assert_eq!(
        t.ai_conversations,
        t.ai_resolved + t.ai_falsely_resolved + t.ai_escalated + t.ai_abandoned + t.in_bot_at_end,
        "{what}: every AI conversation ends in exactly one way"
    );
    assert_eq!(
        t.problems,
        t.problems_resolved + t.problems_lost + t.problems_gave_up + t.problems_open_at_end,
        "{what}: every problem ends resolved, lost, given up, or still open"
    );
    assert!(
        t.human_resolved + t.human_unresolved <= t.answered,
        "{what}"
    );
    assert!(t.repeat_contacts <= t.offered, "{what}");
    assert!(t.surveys <= t.scored, "{what}");
    assert!(t.problems_resolved_within <= t.problems_eligible, "{what}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_contact_and_every_problem_ends_in_one_outcome(
        rate in 30u32..400,
        agents in 1u32..20,
        shares in prop::array::uniform4(0.0f64..1.0),
        opt_out in 0.0f64..0.5,
        resolution in 0.3f64..1.0,
        max_attempts in 1u32..4,
        churn in 0.0f64..0.3,
        concurrency in 1u32..4,
        seed in 0u64..1000,
    ) {
        prop_assume!(shares.iter().sum::<f64>() > 0.1);
        let text = random_scenario(rate, agents, shares, opt_out, resolution, max_attempts, churn, concurrency, seed);
        let s = parse(&text);
        let r = experiment::run(&s, Some(1)).unwrap();
        for rep in &r.replications {
            let t = &rep.tallies;
            check_outcomes(&t.total, "total");
            for (i, it) in t.intents.iter().enumerate() {
                check_outcomes(it, &format!("intent {i}"));
            }
            let mut sum = Tally::default();
            for it in &t.intents {
                sum.merge(it);
            }
            assert_eq!(sum.offered, t.total.offered);
            assert_eq!(sum.problems, t.total.problems);
            assert_eq!(sum.churned, t.total.churned);
            // The pools' own integrals add up to the floor's.
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
            let pools = |f: fn(&Tally) -> f64| t.pools.iter().map(f).sum::<f64>();
            prop_assert!(close(pools(|p| p.time.busy), t.total.time.busy));
            prop_assert!(close(pools(|p| p.time.labour_cost), t.total.time.labour_cost));
            prop_assert!(close(pools(|p| p.time.paid), t.total.time.paid));
            prop_assert_eq!(t.pools.iter().map(|p| p.answered).sum::<u64>(), t.total.answered);
        }
    }
}

/// Labour is allocated to intents by their share of human handle time: the intents' labour
/// costs add up to the total, and so do their total costs.
#[test]
fn costs_per_intent_add_up_to_the_total() {
    let s = parse(&random_scenario(
        200,
        8,
        [0.5, 0.1, 0.3, 0.1],
        0.1,
        0.8,
        3,
        0.05,
        2,
        7,
    ));
    let r = experiment::run(&s, None).unwrap();
    for m in [Measure::CostLabour, Measure::CostTotal] {
        let total = r.estimate(m).mean.unwrap();
        let sum: f64 = (0..s.intents.len())
            .map(|i| r.estimate_for_intent(m, i).mean.unwrap())
            .sum();
        assert!(
            total > 0.0 && (sum - total).abs() < 1e-6 * total,
            "{}: {sum} against {total}",
            m.key()
        );
    }
}
