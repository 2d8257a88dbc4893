//! The layoff-and-rehire case (`scenarios/klarna/case.toml`) checks the calibration targets
//! and the arc its README claims, on a run at 5 % of the volume and headcount (five
//! replications, the file's seed).
//!
//! Each value is computed per replication over a range of report months (sums of the months'
//! tallies, then the ratio), and its 95 % confidence interval comes from the five
//! replications. "Within t of x" means the whole interval lies within t of x; "falls" and
//! "recovers" mean the intervals do not overlap. Tolerances are stated at each check.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use staffsim::experiment::{self, estimate};
use staffsim::metrics::Measure;
use staffsim::model::Channel;
use staffsim::scenario;

#[path = "../../examples/klarna/criteria.rs"]
#[allow(dead_code)] // the example uses the rest
mod criteria;
#[path = "../../examples/klarna/figures.rs"]
#[allow(dead_code)]
mod figures;

use figures::Keep;

/// The chat contacts.
const CHAT: Keep = Keep::Channel(Channel::Chat);

const SCALE: f64 = 0.05;
/// Replications of the case run: five, because the 5 % floor's queues vary with how attrition
/// fell, and three left the paired drop in repeats an interval of ±8 points around its mean.
const REPLICATIONS: u32 = 5;

/// Report months (0-based calendar months from January 2023) of the phases: 2023 (baseline),
/// Feb–Apr 2024 (the first whole months of the assistant), Oct–Dec 2023 (the three months
/// before it: the assistant goes live on 28 January 2024, so January 2024 holds four days
/// of it and belongs to neither), Mar–Apr 2025 (the trough, before the gig programme),
/// Oct–Dec 2025 (after rehiring). The press release's "first month" is the case's
/// `first_month` window (28 Jan – 26 Feb 2024), not a report month.
const BASELINE: Range<usize> = 0..11;
const BEFORE_LAUNCH: Range<usize> = 9..12;
const LAUNCH: Range<usize> = 13..16;
const AI_ERA: Range<usize> = 13..28;
const TROUGH: Range<usize> = 26..28;
const RECOVERED: Range<usize> = 33..36;

type Case = figures::Run;

fn case() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/klarna/case.toml");
        let mut scenario = scenario::load_scaled(&path, SCALE).expect("the case is valid");
        scenario.simulation.replications = REPLICATIONS;
        let experiment = experiment::run(&scenario, None).expect("the thread pool starts");
        Case {
            scenario,
            experiment,
        }
    })
}

/// `[low, high]` of the 95 % interval of `measure` over the case's first report window (its
/// `first_month`, the press release's month), for what `keep` selects.
fn first_month_of(c: &Case, measure: Measure, keep: Keep) -> [f64; 2] {
    assert_eq!(c.scenario.simulation.windows[0].name, "first_month");
    estimate(&c.window_values(measure, "first_month", keep))
        .ci95
        .expect("five replications give an interval")
}

fn within(ci: [f64; 2], target: f64, tolerance: f64, what: &str) {
    assert!(
        ci[0] >= target - tolerance && ci[1] <= target + tolerance,
        "{what}: interval [{:.4}, {:.4}] is not within {tolerance} of {target}",
        ci[0],
        ci[1]
    );
}

#[test]
fn the_assistant_takes_two_thirds_of_the_chats() {
    let c = case();
    // Two thirds, within 3 points, over the fifteen months before the gig programme.
    let share = c.interval(Measure::AiShare, AI_ERA, CHAT);
    within(share, 2.0 / 3.0, 0.03, "AI share of chats");
    // Before launch it takes none.
    let before = c.interval(Measure::AiShare, BASELINE, CHAT);
    assert_eq!(before, [0.0, 0.0]);
    // About 2.3 million conversations in the first month live (the press release's month,
    // the `first_month` window) at full scale: within 10 %.
    let conversations = first_month_of(c, Measure::AiConversations, CHAT).map(|x| x / SCALE);
    within(
        conversations,
        2.3e6,
        0.23e6,
        "AI conversations in the first month",
    );
}

#[test]
fn the_assistant_does_the_work_of_about_700_agents() {
    let c = case();
    // FTE-equivalent (see Measure::AiFteEquivalent) in the first month live (the
    // `first_month` window), at full scale: within 10 % of 700.
    let fte = first_month_of(c, Measure::AiFteEquivalent, Keep::All);
    within(fte.map(|x| x / SCALE), 700.0, 70.0, "AI FTE-equivalent");
}

#[test]
fn the_assistant_resolves_in_under_two_minutes_against_eleven() {
    let c = case();
    let ai = c.interval(Measure::AiHandleTimeSeconds, LAUNCH, CHAT);
    assert!(
        ai[1] < 120.0,
        "AI conversation {ai:?} s, not under 2 minutes"
    );
    // A human chat (elapsed, three at once) lasts about 11 minutes: within 1.5 minutes.
    let human = c.interval(Measure::AhtSeconds, BASELINE, CHAT);
    within(
        human.map(|s| s / 60.0),
        11.0,
        1.5,
        "human chat handle time, minutes",
    );
}

#[test]
fn repeat_contacts_drop_by_about_a_quarter_at_launch() {
    let c = case();
    let before = c.values(Measure::RepeatRate, BEFORE_LAUNCH, Keep::All);
    let after = c.values(Measure::RepeatRate, LAUNCH, Keep::All);
    // Paired by replication (common random numbers): the relative drop, within 7 points of
    // 25 %.
    let drops: Vec<f64> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| 1.0 - a / b)
        .collect();
    let e = estimate(&drops);
    within(e.ci95.unwrap(), 0.25, 0.07, "drop in repeat contacts");
}

#[test]
fn survey_stays_near_baseline_while_true_resolution_of_disputes_falls_then_recovers() {
    let c = case();
    // The survey view: every phase within 0.2 points (of 5) of the baseline.
    let base = c.interval(Measure::CsatSurvey, BASELINE, Keep::All);
    let centre = (base[0] + base[1]) / 2.0;
    for (name, months) in [
        ("AI era", AI_ERA),
        ("trough", TROUGH),
        ("recovered", RECOVERED),
    ] {
        within(
            c.interval(Measure::CsatSurvey, months, Keep::All),
            centre,
            0.2,
            name,
        );
    }
    // The true view, on the complex intent: lower in the trough than at baseline, and
    // higher again after rehiring (non-overlapping intervals).
    let tr = |m| {
        c.interval(
            Measure::TrueResolutionRate,
            m,
            Keep::Intent("disputes_fraud"),
        )
    };
    let (baseline, trough, recovered) = (tr(BASELINE), tr(TROUGH), tr(RECOVERED));
    assert!(
        trough[1] < baseline[0],
        "trough {trough:?} vs baseline {baseline:?}"
    );
    assert!(
        trough[1] < recovered[0],
        "trough {trough:?} vs recovered {recovered:?}"
    );
    // Waits tell the same story: abandonment in the trough is above both.
    let ab = |m| c.interval(Measure::AbandonmentRate, m, Keep::All);
    let (ab_base, ab_trough, ab_recovered) = (ab(BASELINE), ab(TROUGH), ab(RECOVERED));
    assert!(
        ab_trough[0] > ab_base[1] && ab_trough[0] > ab_recovered[1],
        "abandonment: trough {ab_trough:?}, baseline {ab_base:?}, recovered {ab_recovered:?}"
    );
    // And the recovery costs: labour a month is higher after rehiring than in the trough.
    let labour = |m: Range<usize>| {
        let n = m.len() as f64;
        c.interval(Measure::CostLabour, m, Keep::All).map(|x| x / n)
    };
    assert!(labour(RECOVERED)[0] > labour(TROUGH)[1]);
}

#[test]
fn headcount_falls_by_attrition_under_the_freeze() {
    let c = case();
    // About 20 % a year (1.84 % a month): from Mar 2024 to Mar 2025, departures from the two
    // workforce pools, summed over replications, match headcount × 1.84 % per month within 4
    // standard deviations of a Poisson count (at 5 % scale the counts are small).
    let mut departures = 0.0;
    let mut expected = 0.0;
    for r in &c.experiment.replications {
        for m in 14..26 {
            for (p, pool) in c.scenario.pools.iter().enumerate() {
                if pool.workforce.is_some() {
                    let t = &r.tallies.months[m].pools[p];
                    departures += t.value(Measure::Departures);
                    expected += t.value(Measure::Headcount) * 0.0184;
                }
            }
        }
    }
    assert!(
        (departures - expected).abs() < 4.0 * expected.sqrt(),
        "{departures} departures, expected {expected:.1}"
    );
    // No hires under the freeze, and the headcount ends the freeze lower than it began.
    let hires: f64 = c
        .experiment
        .replications
        .iter()
        .map(|r| {
            (16..28)
                .map(|m| r.tallies.months[m].total.value(Measure::Hires))
                .sum::<f64>()
        })
        .sum();
    assert_eq!(hires, 0.0);
}

#[test]
fn resolver_channel_and_pool_splits_add_up_on_the_case() {
    let c = case();
    for rep in &c.experiment.replications {
        crate::conservation::check_splits_add_up(&c.scenario, rep, false);
    }
}

#[test]
fn the_survey_mix_hides_where_quality_falls() {
    let c = case();
    // Overall, the survey of the trough stays near the baseline (the test above), because
    // the assistant's own contacts score well; the contacts that reach a human score and
    // resolve worse than the humans did before the assistant (non-overlapping 95 %
    // intervals), those escalated from the bot worst of all.
    let human = |m: Measure, months| c.interval(m, months, Keep::All);
    let before = human(Measure::CsatSurveyHuman, BASELINE);
    let trough = human(Measure::CsatSurveyHuman, TROUGH);
    let escalated = human(Measure::CsatSurveyEscalated, TROUGH);
    let ai = human(Measure::CsatSurveyAi, TROUGH);
    assert!(
        trough[1] < before[0],
        "human survey {trough:?} vs before {before:?}"
    );
    assert!(
        escalated[1] < trough[0],
        "escalated {escalated:?} vs human {trough:?}"
    );
    assert!(
        ai[0] > before[1],
        "AI survey {ai:?} above the humans' before {before:?}"
    );
    let res_before = human(Measure::ResolutionHuman, BASELINE);
    let res_trough = human(Measure::ResolutionHuman, TROUGH);
    assert!(
        res_trough[1] < res_before[0],
        "human resolution {res_trough:?} vs before {res_before:?}"
    );
    // Before the assistant, the split is all human: nothing ended in the bot.
    let ai_before = c.values(Measure::ResolutionAi, BASELINE, Keep::All);
    assert!(ai_before.iter().all(|v| v.is_nan()), "{ai_before:?}");
}

/// The verdicts the case README reports for the held-out figures (its "Calibration apart from
/// validation" section, full scale), each judged by the criterion written before the run
/// (`examples/klarna/criteria.rs`: pass if the 95 % interval lies in the band, fail if wholly
/// outside). If the model changes and a verdict turns, this test fails, and the README must
/// say so.
const REPORTED_VERDICTS: [(&str, criteria::Verdict); 3] = [
    ("V1", criteria::Verdict::Pass),
    ("V2a", criteria::Verdict::Fail),
    ("V2b", criteria::Verdict::Fail),
];

#[test]
fn the_held_out_figures_get_the_verdicts_the_readme_reports() {
    let c = case();
    let held_out = c.held_out(SCALE);
    assert_eq!(held_out.len(), REPORTED_VERDICTS.len());
    for ((criterion, values), (id, reported)) in held_out.iter().zip(REPORTED_VERDICTS) {
        assert_eq!(criterion.id, id);
        let ci = estimate(values)
            .ci95
            .expect("five replications give an interval");
        let verdict = criteria::Verdict::of(ci, criterion.band);
        assert_eq!(
            verdict,
            reported,
            "{id} ({}): the model's interval [{:.4}, {:.4}] against the band {:?} is {}, the \
             README reports {}",
            criterion.model,
            ci[0],
            ci[1],
            criterion.band,
            verdict.word(),
            reported.word()
        );
    }
}
