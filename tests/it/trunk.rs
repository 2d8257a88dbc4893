//! A trunk limit per channel (`simulation.max_in_system = { voice = N }`): each channel's
//! contacts fill their own trunk, so a voice trunk with as many lines as phone agents is
//! Erlang B's M/M/n/n whatever the chat desk beside it does, and a channel with no limit
//! blocks nothing.
//!
//! Then the outputs (`by_channel` in summary.json, `blocked_<channel>` in monthly.csv) and
//! the bad input: an unknown or unused channel, a limit that is not a whole number from 1,
//! and a timeline that would move an intent to another channel.

use staffsim::analytic::erlang_b;
use staffsim::experiment;
use staffsim::metrics::Measure;
use staffsim::model::{Channel, TrunkLimit};
use staffsim::scenario;

use crate::common::{refused, staffsim};

/// Mean handle time of both intents, seconds.
const AHT: f64 = 60.0;

/// A desk of `lines` phone agents behind a voice trunk of `lines` lines, offered `load`
/// erlangs of calls (exponential handle time, no patience: nobody may wait), beside a chat
/// desk with no trunk limit carrying `chat_load` erlangs on enough agents, for about
/// `calls` calls a replication after a warm-up of an hour. The chats are there to be left
/// out: were they counted against the voice trunk, calls would be blocked far beyond Erlang B.
fn two_channels(lines: u32, load: f64, chat_load: f64, calls: f64, seed: u64) -> String {
    let voice_rate = load / AHT;
    let chat_rate = chat_load / AHT;
    let rate = (voice_rate + chat_rate) * 3600.0;
    let voice_share = voice_rate / (voice_rate + chat_rate);
    let warmup = 3600.0;
    let horizon = warmup + (calls / voice_rate).round();
    let chat_agents = (chat_load * 1.5).ceil() as u32 + 5;
    format!(
        r#"name = "voice trunk beside a chat desk"
[simulation]
horizon = "{horizon}s"
warmup = "{warmup}s"
replications = 20
seed = {seed}
max_in_system = {{ voice = {lines} }}
[arrivals]
rate = "{rate}/h"
[[intents]]
name = "calls"
channel = "voice"
share = {voice_share}
handle_time = {{ dist = "exponential", mean = "{AHT}s" }}
[[intents]]
name = "chats"
channel = "chat"
share = {chat_share}
handle_time = {{ dist = "exponential", mean = "{AHT}s" }}
patience = {{ dist = "exponential", mean = "2m" }}
[[pools]]
name = "phones"
agents = {lines}
skills = ["calls"]
[[pools]]
name = "chat_desk"
agents = {chat_agents}
skills = ["chats"]
"#,
        chat_share = 1.0 - voice_share,
    )
}

/// Erlang B on the voice channel at 5 and at 100 lines: the blocking rate of calls has the
/// formula's value within its 95 % confidence interval over 20 replications (fixed seeds),
/// no call waits, and the chat channel, with no limit, blocks nothing.
#[test]
fn trunk_per_channel_voice_blocking_is_erlang_b_and_chat_blocks_nothing() {
    for (lines, load, chat_load, calls, seed) in [
        (5, 3.0, 20.0, 20_000.0, 41),
        (100, 92.0, 20.0, 60_000.0, 42),
    ] {
        let text = two_channels(lines, load, chat_load, calls, seed);
        let s = scenario::parse(&text, "trunk.toml", "trunk").unwrap();
        assert_eq!(
            s.simulation.max_in_system,
            Some(TrunkLimit::ByChannel([None, Some(lines), None]))
        );
        assert!(s.warnings().iter().all(|w| !w.contains("without bound")));
        let result = experiment::run(&s, None).unwrap();
        let voice = result.estimate_for_channel(&s, Measure::BlockingRate, Channel::Voice);
        let [lo, hi] = voice.ci95.unwrap();
        let expected = erlang_b(lines, load);
        eprintln!(
            "Erlang B on voice, {lines} lines, {load} erlangs: sim {:.5} [{lo:.5}, {hi:.5}], \
             analytic {expected:.5}",
            voice.mean.unwrap()
        );
        assert!(
            lo <= expected && expected <= hi,
            "{lines} lines: Erlang B {expected} outside [{lo}, {hi}]"
        );
        assert!(expected > 0.01, "the case must block enough to test");
        let waited = result
            .estimate_for_channel(&s, Measure::ProbabilityOfWait, Channel::Voice)
            .mean
            .unwrap();
        assert_eq!(
            waited, 0.0,
            "a trunk of as many lines as agents leaves no queue"
        );
        let chat = |m| {
            result
                .estimate_for_channel(&s, m, Channel::Chat)
                .mean
                .unwrap()
        };
        assert_eq!(chat(Measure::Blocked), 0.0, "chat has no limit");
        assert!(chat(Measure::Offered) > calls * chat_load / load * 0.9);
        assert!(
            chat(Measure::ProbabilityOfWait) > 0.0,
            "the chat desk is busy"
        );
        // The floor's blocked contacts are the voice channel's.
        assert_eq!(
            result.estimate(Measure::Blocked),
            result.estimate_for_channel(&s, Measure::Blocked, Channel::Voice)
        );
    }
}

/// The same desk with the limit floor-wide instead counts the chats too: calls are then
/// blocked well beyond Erlang B, and so are chats (the two forms differ where they should).
#[test]
fn trunk_floor_wide_counts_every_channel() {
    let text = two_channels(5, 3.0, 20.0, 5_000.0, 43)
        .replace("max_in_system = { voice = 5 }", "max_in_system = 5");
    let s = scenario::parse(&text, "trunk.toml", "trunk").unwrap();
    assert_eq!(s.simulation.max_in_system, Some(TrunkLimit::Floor(5)));
    let result = experiment::run(&s, None).unwrap();
    let rate = |c| {
        result
            .estimate_for_channel(&s, Measure::BlockingRate, c)
            .mean
            .unwrap()
    };
    assert!(
        rate(Channel::Voice) > 2.0 * erlang_b(5, 3.0),
        "{}",
        rate(Channel::Voice)
    );
    assert!(rate(Channel::Chat) > 0.5, "{}", rate(Channel::Chat));
}

/// `run --out`: summary.json breaks the contacts down `by_channel`, and monthly.csv has a
/// `blocked_<channel>` column per channel (with its interval), the chat one all zeros.
#[test]
fn trunk_blocked_per_channel_in_summary_and_monthly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trunk.toml");
    let text =
        two_channels(5, 3.0, 20.0, 2_000.0, 44).replace("replications = 20", "replications = 3");
    std::fs::write(&path, text).unwrap();
    let out = dir.path().join("out");
    staffsim()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let by_channel = summary["by_channel"].as_object().unwrap();
    let names: Vec<&str> = by_channel.keys().map(String::as_str).collect();
    assert_eq!(names, ["chat", "voice"]);
    let blocked = |c: &str| by_channel[c]["blocked"]["mean"].as_f64().unwrap();
    assert!(blocked("voice") > 0.0);
    assert_eq!(blocked("chat"), 0.0);
    assert_eq!(
        blocked("voice"),
        summary["kpis"]["blocked"]["mean"].as_f64().unwrap()
    );
    assert_eq!(
        by_channel["voice"]["offered"]["mean"],
        summary["by_intent"]["calls"]["offered"]["mean"]
    );

    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    let mut lines = monthly.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for c in ["blocked_voice", "blocked_voice_ci_low", "blocked_chat"] {
        assert!(header.contains(&c), "{c} in {header:?}");
    }
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let voice: f64 = row[column("blocked_voice")].parse().unwrap();
    let chat: f64 = row[column("blocked_chat")].parse().unwrap();
    assert!(voice > 0.0 && chat == 0.0, "{voice} {chat}");

    // Without a trunk limit, monthly.csv has no blocked columns (nothing could be blocked).
    let unlimited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("max_in_system = { voice = 5 }\n", "");
    std::fs::write(&path, unlimited).unwrap();
    let out = dir.path().join("unlimited");
    staffsim()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success();
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    assert!(!monthly.lines().next().unwrap().contains("blocked"));
}

/// A per-channel limit scales with `simulation.scale` like the floor's, channel by channel.
#[test]
fn trunk_per_channel_scales() {
    let text = two_channels(100, 92.0, 20.0, 100.0, 1).replace(
        "max_in_system = { voice = 100 }",
        "scale = 0.5\nmax_in_system = { voice = 100, chat = 3 }",
    );
    let s = scenario::parse(&text, "trunk.toml", "trunk").unwrap();
    assert_eq!(
        s.simulation.max_in_system,
        Some(TrunkLimit::ByChannel([Some(2), Some(50), None]))
    );
}

/// The scenario for bad input: a voice and a chat intent; `max_in_system` is line 7.
const BAD_BASE: &str = r#"name = "trunk bad input"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 2
seed = 1
max_in_system = { voice = 5 }
[arrivals]
rate = "100/h"
[[intents]]
name = "calls"
channel = "voice"
share = 0.5
handle_time = { dist = "exponential", mean = "3m" }
[[intents]]
name = "chats"
share = 0.5
handle_time = { dist = "exponential", mean = "3m" }
patience = { dist = "exponential", mean = "2m" }
[[pools]]
name = "agents"
agents = 10
"#;

fn with_limit(limit: &str) -> String {
    BAD_BASE.replace("max_in_system = { voice = 5 }", limit)
}

#[test]
fn trunk_base_scenario_is_good() {
    let s = scenario::parse(BAD_BASE, "bad.toml", "bad").unwrap();
    assert_eq!(
        s.simulation.max_in_system,
        Some(TrunkLimit::ByChannel([None, Some(5), None]))
    );
    // The table form says the same.
    let table = BAD_BASE
        .replace("max_in_system = { voice = 5 }\n", "")
        .replace(
            "[arrivals]",
            "[simulation.max_in_system]\nvoice = 5\n[arrivals]",
        );
    let t = scenario::parse(&table, "bad.toml", "bad").unwrap();
    assert_eq!(t.simulation.max_in_system, s.simulation.max_in_system);
}

#[test]
fn trunk_unknown_channel() {
    refused(
        &with_limit("max_in_system = { voce = 5 }"),
        7,
        &[
            "simulation.max_in_system.voce",
            "unknown field `voce`",
            "`voice`",
        ],
    );
    // In a table of its own, the line is the key's.
    let table = BAD_BASE
        .replace("max_in_system = { voice = 5 }\n", "")
        .replace(
            "[arrivals]",
            "[simulation.max_in_system]\nvoice = 5\nvoce = 4\n[arrivals]",
        );
    refused(
        &table,
        9,
        &["simulation.max_in_system.voce", "unknown field `voce`"],
    );
}

#[test]
fn trunk_channel_no_intent_comes_through() {
    refused(
        &with_limit("max_in_system = { voice = 5, email = 3 }"),
        7,
        &[
            "simulation.max_in_system.email",
            "no intent comes through `email`",
            "chat, voice",
        ],
    );
}

#[test]
fn trunk_limit_not_a_whole_number_from_one() {
    for (limit, found) in [
        ("0", "found 0"),
        ("-3", "found -3"),
        ("2.5", "found 2.5"),
        ("\"5\"", "found \"5\""),
    ] {
        refused(
            &with_limit(&format!("max_in_system = {{ chat = 10, voice = {limit} }}")),
            7,
            &[
                "simulation.max_in_system.voice",
                "from 1 to 100,000,000",
                found,
            ],
        );
    }
    refused(
        &with_limit("max_in_system = {}"),
        7,
        &["simulation.max_in_system", "at least one channel"],
    );
    // The floor-wide form keeps its checks.
    refused(
        &with_limit("max_in_system = -1"),
        7,
        &["simulation.max_in_system", "from 1 to 100,000,000"],
    );
}

#[test]
fn trunk_per_channel_keeps_each_intent_on_its_channel() {
    let timeline = "[[timeline]]\nat = \"2h\"\nset = { \"intents.calls.channel\" = \"chat\" }\n";
    refused(
        &format!("{BAD_BASE}{timeline}"),
        25,
        &[
            "timeline[0].set.intents.calls.channel",
            "keeps its channel",
            "per-channel limits",
        ],
    );
    // With a floor-wide limit, the timeline may move an intent as before.
    let floor = with_limit("max_in_system = 5");
    scenario::parse(&format!("{floor}{timeline}"), "ok.toml", "ok").unwrap();
}
