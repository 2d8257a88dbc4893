//! Each hybrid mechanism in isolation, on tiny scenarios whose numbers can be worked out by
//! hand. Where a result is random, the tolerance is the estimate's own 99.9 % interval.

use staffsim::experiment::{self, Experiment};
use staffsim::metrics::Measure;
use staffsim::model::Scenario;
use staffsim::scenario;

/// A desk with ample agents (nobody waits), deterministic 5-minute handle times, 60 contacts
/// an hour, two days after a two-hour warm-up; `extra` is appended to the intent and `tables`
/// to the file.
fn desk(intent_extra: &str, pool_extra: &str, tables: &str) -> Scenario {
    let text = format!(
        r#"
[simulation]
horizon = "50h"
warmup = "2h"
replications = 10
seed = 11
[arrivals]
rate = "60/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "deterministic", value = "5m" }}
{intent_extra}
[[pools]]
name = "agents"
agents = 40
{pool_extra}
{tables}
"#
    );
    scenario::parse(&text, "mechanism.toml", "mechanism").unwrap_or_else(|e| panic!("{e}"))
}

fn run(s: &Scenario) -> Experiment {
    experiment::run(s, None).unwrap()
}

/// Mean of a measure over replications, and whether `expected` lies in its 99.9 % interval.
fn near(r: &Experiment, m: Measure, expected: f64) {
    let values: Vec<f64> = r
        .replications
        .iter()
        .map(|x| x.tallies.total.value(m))
        .collect();
    let e = experiment::stats::estimate_at(&values, 0.999);
    let [lo, hi] = e.ci95.unwrap();
    assert!(
        lo <= expected && expected <= hi,
        "{}: expected {expected}, 99.9 % interval [{lo}, {hi}]",
        m.key()
    );
}

fn mean(r: &Experiment, m: Measure) -> f64 {
    r.estimate(m).mean.unwrap()
}

#[test]
fn escalation_penalty_and_context_loss() {
    // Every AI conversation is escalated; nobody waits; base 4.4 - 0.5 escalation = 3.9 for
    // every contact, so the survey mean is exactly 3.9. Handle time 5 min × 1.2 = 360 s.
    let s = desk(
        r#"ai = { escalated = 1.0, handle_time = { dist = "deterministic", value = "1m" } }"#,
        "",
        "[ai]\ncontext_loss = 0.2\n[quality]\nhuman_score = 4.4\nescalation_penalty = 0.5",
    );
    let r = run(&s);
    assert!((mean(&r, Measure::CsatSurvey) - 3.9).abs() < 1e-12);
    assert!((mean(&r, Measure::AhtSeconds) - 360.0).abs() < 1e-9);
    assert_eq!(mean(&r, Measure::AiShare), 1.0);
    assert_eq!(mean(&r, Measure::Containment), 0.0);
    assert_eq!(mean(&r, Measure::ServiceLevel), 1.0);
}

#[test]
fn repeat_contacts_come_back_after_their_delay() {
    // A human resolves half the problems; the other half come back once, 1 h later, then give
    // up. Per problem: 1.5 contacts, so repeats are 0.5 / 1.5 = 1/3 of contacts; FCR 1/2;
    // resolved 3/4, given up 1/4; time to resolution (0.5·5 + 0.25·70) / 0.75 = 26.67 min.
    let s = desk(
        "human_resolution = 0.5",
        "",
        "[repeats]\nmax_attempts = 2\ndelay = { dist = \"deterministic\", value = \"1h\" }",
    );
    let r = run(&s);
    near(&r, Measure::RepeatRate, 1.0 / 3.0);
    near(&r, Measure::Fcr, 0.5);
    near(&r, Measure::HumanResolutionRate, 0.5);
    near(
        &r,
        Measure::TimeToResolutionHours,
        (0.5 * 5.0 + 0.25 * 70.0) / 0.75 / 60.0,
    );
    near(
        &r,
        Measure::ContactsPerResolvedProblem,
        (0.5 + 0.25 * 2.0) / 0.75,
    );
    let problems = mean(&r, Measure::Problems);
    let resolved = mean(&r, Measure::ProblemsResolved) / problems;
    let gave_up = mean(&r, Measure::ProblemsGaveUp) / problems;
    // Problems that arrived in the last hour are still open; 3/4 and 1/4 up to that.
    assert!((resolved - 0.75).abs() < 0.03, "resolved share {resolved}");
    assert!((gave_up - 0.25).abs() < 0.03, "given-up share {gave_up}");
}

#[test]
fn churn_follows_the_bad_experiences() {
    // Half the contacts are unresolved, each loses the customer with probability 0.1: 5 % of
    // contacts churn, each costing 200.
    let s = desk(
        "human_resolution = 0.5",
        "",
        "[churn]\nper_unresolved = 0.1\ncustomer_value = 200.0",
    );
    let r = run(&s);
    for rep in &r.replications {
        let t = &rep.tallies.total;
        assert_eq!(t.churn_cost, 200.0 * t.churned as f64);
        assert_eq!(
            t.problems_lost, t.churned,
            "every churned customer had an open problem"
        );
    }
    let rate: Vec<f64> = r
        .replications
        .iter()
        .map(|x| x.tallies.total.churned as f64 / x.tallies.total.offered as f64)
        .collect();
    let e = experiment::stats::estimate_at(&rate, 0.999);
    let [lo, hi] = e.ci95.unwrap();
    assert!(lo <= 0.05 && 0.05 <= hi, "churn per contact [{lo}, {hi}]");
}

#[test]
fn the_survey_asks_a_share_of_customers() {
    // 30 % of handled contacts answer; every score is 4.4 (nobody waits, all resolved).
    let s = desk(
        "",
        "",
        "[quality]\nsurvey_response = 0.3\nhuman_score = 4.4",
    );
    let r = run(&s);
    let share: Vec<f64> = r
        .replications
        .iter()
        .map(|x| x.tallies.total.surveys as f64 / x.tallies.total.scored as f64)
        .collect();
    let e = experiment::stats::estimate_at(&share, 0.999);
    let [lo, hi] = e.ci95.unwrap();
    assert!(lo <= 0.3 && 0.3 <= hi, "response share [{lo}, {hi}]");
    assert!((mean(&r, Measure::CsatSurvey) - 4.4).abs() < 1e-12);
}

#[test]
fn false_resolutions_score_well_and_come_back() {
    // The AI closes every contact as solved but solves none: the survey sees the AI score
    // (4.2), the customer comes back once after a day (max 2 attempts) and is then served by
    // the bot again. True resolution is zero.
    let s = desk(
        r#"ai = { falsely_resolved = 1.0, handle_time = { dist = "deterministic", value = "2m" } }"#,
        "",
        "[ai]\ncost_per_conversation = 0.5\ncost_per_minute = 0.1\n\
         [quality]\nai_score = 4.2\nrepeat_penalty = 0.0\n\
         [repeats]\nmax_attempts = 2\ndelay = { dist = \"deterministic\", value = \"1h\" }",
    );
    let r = run(&s);
    assert!((mean(&r, Measure::CsatSurvey) - 4.2).abs() < 1e-12);
    assert_eq!(mean(&r, Measure::ProblemsResolved), 0.0);
    assert_eq!(mean(&r, Measure::FalseResolutionRate), 1.0);
    for rep in &r.replications {
        let t = &rep.tallies.total;
        // 0.5 per conversation + 2 minutes at 0.1 per minute, for every finished conversation.
        let finished = (t.ai_conversations - t.in_bot_at_end) as f64;
        assert!((t.ai_cost - 0.7 * finished).abs() < 1e-9);
    }
    near(&r, Measure::RepeatRate, 0.5);
}

#[test]
fn labour_cost_counts_paid_hours_including_shrinkage_and_idle_time() {
    // 40 agents on the floor with 20 % shrinkage are 50 paid agents; at 30 an hour over the
    // 48-hour window that is 72,000, busy or idle.
    let s = desk("", "shrinkage = 0.2\nhourly_cost = 30.0", "");
    let r = run(&s);
    for rep in &r.replications {
        assert!((rep.tallies.total.value(Measure::CostLabour) - 72_000.0).abs() < 1e-6);
    }
}

#[test]
fn concurrency_stretches_handle_time_and_adds_slots() {
    // 3 chats at once, each 1 + 0.3·2 = 1.6 times longer: 8 minutes; occupancy is busy slots
    // over 3 slots per agent. 4 agents give 12 slots for 60/h × 8 min = 8 erlangs.
    let mut s = desk("", "concurrency = 3\nconcurrency_stretch = 0.3", "");
    s.pools[0].staffing = staffsim::model::Staffing::Constant(4);
    let r = run(&s);
    assert!((mean(&r, Measure::AhtSeconds) - 480.0).abs() < 1e-9);
    near(&r, Measure::Occupancy, 8.0 / 12.0);
}

#[test]
fn email_never_abandons_and_has_a_response_time_target() {
    let text = r#"
[simulation]
horizon = "3d"
warmup = "6h"
replications = 3
[arrivals]
rate = "30/h"
[[intents]]
name = "email"
channel = "email"
share = 1.0
handle_time = { dist = "exponential", mean = "10m" }
[[pools]]
name = "back_office"
agents = 6
"#;
    let s = scenario::parse(text, "email.toml", "email").unwrap();
    assert_eq!(s.threshold(0), 86_400.0, "a day unless the intent says");
    let r = run(&s);
    assert_eq!(mean(&r, Measure::Abandoned), 0.0);
    assert!(mean(&r, Measure::ServiceLevel) > 0.99);
}

#[test]
fn repeats_can_be_sent_straight_to_a_human() {
    // The AI falsely resolves every first contact; the customer comes back once and, by
    // policy, reaches a human, who resolves it. Half the contacts are AI conversations, every
    // problem takes exactly two contacts, and the false resolutions are the only AI outcome.
    let s = desk(
        r#"ai = { falsely_resolved = 1.0, handle_time = { dist = "deterministic", value = "2m" } }"#,
        "",
        "[ai]\nrepeats_go_to_human = true\n\
         [repeats]\nmax_attempts = 2\ndelay = { dist = \"deterministic\", value = \"1h\" }",
    );
    let r = run(&s);
    near(&r, Measure::AiShare, 0.5);
    assert_eq!(mean(&r, Measure::ContactsPerResolvedProblem), 2.0);
    assert_eq!(mean(&r, Measure::Fcr), 0.0);
    assert_eq!(mean(&r, Measure::ProblemsGaveUp), 0.0);
}

/// Daily totals of one replication of `days` days with day-to-day noise `cv` (none if 0).
fn daily_totals(cv: f64, days: u32) -> Vec<f64> {
    let noise = if cv > 0.0 {
        format!("daily_noise = {{ cv = {cv} }}")
    } else {
        String::new()
    };
    let text = format!(
        r#"
[simulation]
horizon = "{days}d"
warmup = "0s"
interval = "1d"
replications = 1
seed = 5
[arrivals]
rate = "400/h"
{noise}
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "deterministic", value = "1s" }}
[[pools]]
name = "agents"
agents = 50
"#
    );
    let s = scenario::parse(&text, "noise.toml", "noise").unwrap();
    let r = run(&s);
    r.replications[0]
        .tallies
        .intervals
        .iter()
        .map(|t| t.offered as f64)
        .collect()
}

/// `arrivals.daily_noise`: a day's count has variance λ + c²λ², and the noise's coefficient
/// of variation estimated from 400 days (the method of moments of `history::Dispersion`)
/// is the one asked for. Its standard error is about c / √(2n) = 0.0042 for c = 0.12 and
/// n = 400 (gamma multipliers this narrow are nearly normal), so the tolerance is 5 of them;
/// without noise the estimate is that of Poisson days, at most a few thousandths.
#[test]
fn daily_noise_scatters_the_days_as_asked_and_keeps_the_days_coupled() {
    use staffsim::history::Dispersion;
    let noisy = daily_totals(0.12, 400);
    let d = Dispersion::of(&noisy).unwrap();
    assert!(
        (d.noise_cv - 0.12).abs() < 5.0 * 0.12 / 800f64.sqrt(),
        "{d:?}"
    );
    assert!((d.mean / 9_600.0 - 1.0).abs() < 0.02, "{d:?}");
    let plain = Dispersion::of(&daily_totals(0.0, 400)).unwrap();
    assert!(plain.noise_cv < 0.01 && plain.index < 1.5, "{plain:?}");
    // Common random numbers: the same seed with twice the noise makes the same days busy.
    let wider = daily_totals(0.24, 400);
    let (m1, m2) = (d.mean, Dispersion::of(&wider).unwrap().mean);
    let agree = noisy
        .iter()
        .zip(&wider)
        .filter(|(a, b)| (**a > m1) == (**b > m2))
        .count();
    assert!(
        agree > 380,
        "{agree} of 400 days on the same side of the mean"
    );
}
