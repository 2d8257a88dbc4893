//! Invariants over random scenarios: every contact is answered, abandoned, blocked by the
//! trunk limit or still waiting;
//! agents are never busier than staffed; Little's law holds per replication.

use proptest::prelude::*;
use staffsim::experiment;
use staffsim::metrics::{Measure, Resolver, Tally};
use staffsim::scenario;

/// A random scenario: two intents with random shares, mixed distributions, one or two pools
/// with partial skills, staffing that changes during the day, and maybe a trunk limit.
#[allow(clippy::too_many_arguments)]
fn scenario_text(
    rate: u32,
    share: f64,
    agents: Vec<u32>,
    second_pool: Option<u32>,
    dist: usize,
    patience_first: bool,
    trunk: Option<u32>,
    seed: u64,
) -> String {
    let dists = [
        r#"{ dist = "exponential", mean = "3m" }"#,
        r#"{ dist = "lognormal", mean = "3m", cv = 0.8 }"#,
        r#"{ dist = "gamma", mean = "2m", cv = 1.5 }"#,
        r#"{ dist = "weibull", mean = "4m", cv = 0.5 }"#,
        r#"{ dist = "uniform", min = "1m", max = "5m" }"#,
        r#"{ dist = "deterministic", value = "3m" }"#,
        r#"{ dist = "empirical", values = ["1m", "2m", "10m"] }"#,
    ];
    let agents_list = agents
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let patience = if patience_first {
        r#"patience = { dist = "exponential", mean = "90s" }"#
    } else {
        ""
    };
    let second = second_pool
        .map(|n| format!("[[pools]]\nname = \"second\"\nagents = {n}\nskills = [\"b\"]\n"))
        .unwrap_or_default();
    let first_skills = if second_pool.is_some() {
        r#"["a", "b"]"#
    } else {
        r#"["*"]"#
    };
    let trunk = trunk
        .map(|n| format!("max_in_system = {n}"))
        .unwrap_or_default();
    format!(
        r#"
[simulation]
{trunk}
horizon = "2d"
warmup = "2h"
replications = 2
seed = {seed}
interval = "30m"
[arrivals]
rate = "{rate}/h"
daily_profile = [0.5, 1.0, 2.0, 1.5]
[[intents]]
name = "a"
share = {share}
handle_time = {d1}
{patience}
[[intents]]
name = "b"
share = {rest}
priority = 1
handle_time = {d2}
patience = {{ dist = "lognormal", mean = "2m", cv = 1.0 }}
[[pools]]
name = "first"
agents = [{agents_list}]
skills = {first_skills}
{second}
"#,
        rest = 1.0 - share,
        d1 = dists[dist % dists.len()],
        d2 = dists[(dist + 3) % dists.len()],
    )
}

fn check_partition(t: &Tally, what: &str) {
    assert_eq!(
        t.offered,
        t.answered + t.abandoned + t.blocked + t.waiting_at_end,
        "{what}: offered = answered + abandoned + blocked + waiting at end"
    );
    assert!(t.answered_within_threshold <= t.answered, "{what}");
    assert!(t.delayed <= t.answered + t.abandoned, "{what}");
    assert!(
        t.time.busy <= t.time.staffed * (1.0 + 1e-9),
        "{what}: busy within staffed"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_contact_ends_in_exactly_one_outcome(
        rate in 20u32..400,
        share in 0.1f64..0.9,
        agents in prop::collection::vec(0u32..15, 1..6),
        second_pool in prop::option::of(1u32..5),
        dist in 0usize..7,
        patience_first in any::<bool>(),
        trunk in prop::option::of(1u32..30),
        seed in 0u64..1000,
    ) {
        let text =
            scenario_text(rate, share, agents, second_pool, dist, patience_first, trunk, seed);
        let scenario = scenario::parse(&text, "prop.toml", "prop").unwrap();
        let result = experiment::run(&scenario, Some(1)).unwrap();
        for rep in &result.replications {
            let t = &rep.tallies;
            check_partition(&t.total, "total");
            for (i, it) in t.intervals.iter().enumerate() {
                check_partition(it, &format!("interval {i}"));
            }
            let mut sum = Tally::default();
            for it in &t.intents {
                sum.merge(it);
            }
            assert_eq!(sum.offered, t.total.offered, "intents add up");
            assert_eq!(sum.answered, t.total.answered);
            assert_eq!(sum.abandoned, t.total.abandoned);
            assert_eq!(sum.blocked, t.total.blocked);
            if trunk.is_none() {
                assert_eq!(t.total.blocked, 0, "no trunk limit, nobody blocked");
            }
            // The trunk limit bounds the contacts in the system.
            if let Some(n) = trunk {
                assert!(rep.peak_contacts_in_system <= n as usize, "{} > {n}", rep.peak_contacts_in_system);
            }
            // Nobody with patience... intent "b" always has one; "a" never abandons without.
            if !patience_first {
                assert_eq!(t.intents[0].abandoned, 0, "intent a never abandons");
            }
        }
    }
}

/// Little's law, L = λ W, per replication: the time-average queue equals the arrival rate
/// times the mean wait. It holds on every sample path up to the contacts that straddle the
/// window's ends; the bound below is the 99.9 % confidence interval of the differences.
#[test]
fn littles_law_holds_for_the_queue() {
    let text = scenario_text(300, 0.5, vec![9, 12, 14, 10], Some(3), 1, true, None, 5);
    let scenario = scenario::parse(&text, "little.toml", "little").unwrap();
    let mut scenario = scenario;
    scenario.simulation.replications = 20;
    let result = experiment::run(&scenario, None).unwrap();
    let diffs: Vec<f64> = result
        .replications
        .iter()
        .map(|r| {
            let t = &r.tallies.total;
            let lambda = t.offered as f64 / t.time.length;
            t.value(Measure::MeanQueue) - lambda * t.value(Measure::MeanWaitSeconds)
        })
        .collect();
    let e = staffsim::experiment::stats::estimate_at(&diffs, 0.999);
    let [lo, hi] = e.ci95.unwrap();
    let l = result.estimate(Measure::MeanQueue).mean.unwrap();
    assert!(
        l > 0.5,
        "the queue must be busy enough for the test to mean something: {l}"
    );
    assert!(
        lo <= 0.0 && 0.0 <= hi,
        "L - λW = {:?}, 99.9 % CI [{lo}, {hi}]",
        e.mean
    );
}

/// The split by who ended the contact adds up to the totals of `t` (a run, a month, an
/// intent, an interval): contacts ended, resolved, abandoned, surveys and their sums.
pub(crate) fn check_resolver_split(t: &Tally, what: &str) {
    let by = &t.by_resolver;
    let all = by.all();
    assert_eq!(
        all.ended, t.scored,
        "{what}: ai + human + escalated = contacts ended"
    );
    assert_eq!(all.surveys, t.surveys, "{what}: surveys add up");
    assert!(
        (all.survey_sum - t.survey_sum).abs() <= 1e-9 * t.survey_sum.max(1.0),
        "{what}: survey sums add up: {} against {}",
        all.survey_sum,
        t.survey_sum
    );
    assert_eq!(
        by.ai.resolved, t.ai_resolved,
        "{what}: the AI's resolved contacts"
    );
    assert_eq!(
        by.human.resolved + by.escalated.resolved,
        t.human_resolved,
        "{what}: humans' resolved contacts"
    );
    assert_eq!(
        by.ai.ended,
        t.ai_resolved + t.ai_falsely_resolved + t.ai_abandoned,
        "{what}: the AI ends what it contains"
    );
    assert_eq!(by.ai.abandoned, t.ai_abandoned, "{what}");
    assert_eq!(
        by.human.abandoned + by.escalated.abandoned,
        t.abandoned,
        "{what}: abandoned in the queue"
    );
    assert_eq!(
        by.human.ended + by.escalated.ended,
        t.human_resolved + t.human_unresolved + t.abandoned,
        "{what}: humans end what they serve, and the queue what it loses"
    );
    assert!(by.escalated.ended <= t.ai_escalated, "{what}");
}

/// Per month: the split adds up, the channels add up to the month, and the pools add up to
/// the contacts served (a contact's pool is the one that answered it; those abandoned in the
/// queue have none). `exact_surveys`: no abandoning customer answers the survey, so the
/// pools' surveys are all the humans' surveys.
pub(crate) fn check_splits_add_up(
    scenario: &staffsim::model::Scenario,
    rep: &staffsim::model::Replication,
    exact_surveys: bool,
) {
    let t = &rep.tallies;
    check_resolver_split(&t.total, "run");
    let mut months = Tally::default();
    for (m, month) in t.months.iter().enumerate() {
        let what = format!("month {m}");
        check_resolver_split(&month.total, &what);
        months.merge(&month.total);
        let mut channels = Tally::default();
        for channel in scenario.channels() {
            let mut c = Tally::default();
            for (i, intent) in scenario.intents.iter().enumerate() {
                if intent.channel == channel {
                    c.merge(&month.intents[i]);
                }
            }
            check_resolver_split(&c, &format!("{what}, {}", channel.name()));
            channels.merge(&c);
        }
        for r in Resolver::ALL {
            let (c, m) = (channels.by_resolver.get(r), month.total.by_resolver.get(r));
            assert_eq!(
                (c.ended, c.resolved, c.abandoned, c.surveys),
                (m.ended, m.resolved, m.abandoned, m.surveys),
                "{what}: {r:?} over the channels"
            );
        }
        assert_eq!(
            channels.offered, month.total.offered,
            "{what}: channels add up"
        );
        assert_eq!(
            channels.answered_within_threshold,
            month.total.answered_within_threshold
        );
        let mut pools = Tally::default();
        for p in &month.pools {
            pools.merge(p);
        }
        let (by, served) = (&month.total.by_resolver, &pools.by_resolver);
        assert_eq!(
            pools.answered, month.total.answered,
            "{what}: pools answered it all"
        );
        assert_eq!(pools.human_resolved, month.total.human_resolved, "{what}");
        assert_eq!(
            pools.human_unresolved, month.total.human_unresolved,
            "{what}"
        );
        assert_eq!(
            served.human.ended,
            by.human.ended - by.human.abandoned,
            "{what}"
        );
        assert_eq!(
            served.escalated.ended,
            by.escalated.ended - by.escalated.abandoned,
            "{what}"
        );
        assert_eq!(served.human.resolved, by.human.resolved, "{what}");
        assert_eq!(served.escalated.resolved, by.escalated.resolved, "{what}");
        assert_eq!(
            served.ai,
            Default::default(),
            "{what}: no pool for the AI's contacts"
        );
        if exact_surveys {
            assert_eq!(
                pools.surveys,
                by.human.surveys + by.escalated.surveys,
                "{what}"
            );
            assert_eq!(served.escalated.surveys, by.escalated.surveys, "{what}");
        } else {
            assert!(
                pools.surveys <= by.human.surveys + by.escalated.surveys,
                "{what}"
            );
        }
    }
    assert_eq!(
        months.by_resolver.all().ended,
        t.total.by_resolver.all().ended
    );
    assert_eq!(months.problems_eligible_2d, t.total.problems_eligible_2d);
    assert_eq!(
        months.problems_resolved_within_1d,
        t.total.problems_resolved_within_1d
    );
    // The run's pool tallies are the sums of their months'.
    for (p, pool) in t.pools.iter().enumerate() {
        let mut sum = Tally::default();
        for month in &t.months {
            sum.merge(&month.pools[p]);
        }
        assert_eq!(sum.answered, pool.answered, "pool {p}");
        assert_eq!(sum.surveys, pool.surveys, "pool {p}");
        assert_eq!(
            sum.by_resolver.escalated.ended,
            pool.by_resolver.escalated.ended
        );
    }
    // Within a day implies within two, and within two within the window of seven.
    let total = &t.total;
    assert!(total.problems_resolved_within_1d <= total.problems_resolved_within_2d);
    assert!(total.problems_eligible_2d <= total.problems_eligible_1d);
}

#[test]
fn resolver_channel_and_pool_splits_add_up_on_the_desk_with_ai() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/hybrid_with_ai.toml");
    let mut scenario = scenario::load(std::path::Path::new(path)).unwrap();
    scenario.simulation.replications = 2;
    // No abandoning customer answers: the pools' surveys are then all the humans'.
    scenario.satisfaction.survey_response_abandoned = 0.0;
    let result = experiment::run(&scenario, None).unwrap();
    for rep in &result.replications {
        let by = &rep.tallies.total.by_resolver;
        assert!(by.ai.ended > 0 && by.human.ended > 0 && by.escalated.ended > 0);
        assert!(
            by.human.abandoned + by.escalated.abandoned > 0,
            "some abandon"
        );
        check_splits_add_up(&scenario, rep, true);
    }
}
