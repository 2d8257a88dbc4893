//! Helpers shared by the integration tests.

use assert_cmd::Command;
use staffsim::model::Scenario;
use staffsim::scenario;

/// The `staffsim` binary.
pub fn staffsim() -> Command {
    Command::cargo_bin("staffsim").expect("the binary is built")
}

/// A one-queue scenario: `rate` per hour, exponential handle time `aht_s` seconds,
/// exponential patience `patience_s` seconds (none if `None`), `agents` agents.
#[allow(clippy::too_many_arguments)]
pub fn one_queue(
    rate_per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    agents: u32,
    horizon_s: f64,
    warmup_s: f64,
    replications: u32,
    seed: u64,
) -> Scenario {
    let patience = patience_s
        .map(|p| format!("patience = {{ dist = \"exponential\", mean = \"{p}s\" }}"))
        .unwrap_or_default();
    let text = format!(
        r#"
name = "one queue"
[simulation]
horizon = "{horizon_s}s"
warmup = "{warmup_s}s"
replications = {replications}
seed = {seed}
service_level_threshold = "20s"
[arrivals]
rate = "{rate_per_hour}/h"
[[intents]]
name = "general"
share = 1.0
handle_time = {{ dist = "exponential", mean = "{aht_s}s" }}
{patience}
[[pools]]
name = "agents"
agents = {agents}
"#
    );
    scenario::parse(&text, "test.toml", "test").expect("valid test scenario")
}
