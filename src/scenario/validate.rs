//! The whole file: each table validated by its own module, in the order a reader meets
//! them, then put together into the model's [`Scenario`].
//!
//! Tables that need something of another (intents need `[quality]`'s base scores, pools need
//! the intents and the run's scale, a per-channel trunk limit needs the intents' channels)
//! receive it as an argument; none of them calls back here.

use std::path::Path;

use super::arrivals::{arrivals, with_daily_noise};
use super::check::score;
use super::error::Invalid;
use super::intents::{BaseScores, intents};
use super::pools::pools;
use super::quality::{Quality, default_resolution_window};
use super::rates::{self, Cache};
use super::raw::{RawQuality, RawScenario};
use super::shifts::templates;
use super::simulation::trunk_channels;
use super::targets::targets;
use super::windows::windows;
use crate::metrics::Targets;
use crate::model::{AiSettings, Churn, Repeats, Scenario, Simulation};

/// The scenario of `raw`, without its timeline (which needs the validated scenario; see
/// [`super::timeline`]); `default_name` names it if the file does not.
///
/// `dir` is the folder of the scenario file, which files it names are relative to; `cache`
/// holds the rates files this load has read.
pub(super) fn validate(
    raw: RawScenario,
    default_name: &str,
    dir: &Path,
    cache: &Cache,
) -> Result<Scenario, Invalid> {
    let within = |table: &'static str| move |e: Invalid| e.within(table);
    let mut simulation =
        Simulation::try_from(raw.simulation.get_ref()).map_err(within("simulation"))?;
    simulation.windows = windows(raw.windows.as_ref(), &simulation)?;
    let profile = arrivals(&raw.arrivals, &simulation).map_err(within("arrivals"))?;
    let quality = raw.quality.as_ref().map(|q| q.get_ref());
    let scores = base_scores(quality).map_err(within("quality"))?;
    let mut intents = intents(&raw.intents, scores)?;
    // A rates file may give the intent mix, so it is read once the intents are known.
    let arrivals = match profile {
        Some(pattern) => pattern,
        None => {
            let arr = raw.arrivals.get_ref();
            rates::pattern(arr, &simulation, &mut intents, dir, cache)
                .and_then(|p| with_daily_noise(p, arr))
                .map_err(within("arrivals"))?
        }
    };
    trunk_channels(raw.simulation.get_ref(), &intents).map_err(within("simulation"))?;
    let shifts = templates(raw.shifts.as_ref(), raw.pools.get_ref())?;
    let pools = pools(&raw.pools, &intents, simulation.scale, &shifts, dir)?;
    let mut ai = match &raw.ai {
        Some(a) => AiSettings::try_from(a.get_ref()).map_err(within("ai"))?,
        None => AiSettings::default(),
    };
    ai.concurrency = ai
        .concurrency
        .map(|c| (f64::from(c) * simulation.scale).round().max(1.0) as u32);
    let repeats = match &raw.repeats {
        Some(r) => Repeats::try_from(r.get_ref()).map_err(within("repeats"))?,
        None => Repeats::default(),
    };
    let churn = match &raw.churn {
        Some(c) => Churn::try_from(c.get_ref()).map_err(within("churn"))?,
        None => Churn::default(),
    };
    let targets = match &raw.targets {
        Some(t) => targets(t.get_ref(), simulation.scale).map_err(within("targets"))?,
        None => Targets::default(),
    };
    let quality =
        Quality::try_from(quality.unwrap_or(&RawQuality::default())).map_err(within("quality"))?;
    let resolution_window = quality
        .resolution_window
        .unwrap_or_else(|| default_resolution_window(&simulation));
    Ok(Scenario {
        name: raw.name.unwrap_or_else(|| default_name.to_string()),
        description: raw.description,
        simulation,
        arrivals,
        intents,
        pools,
        shifts,
        ai,
        repeats,
        churn,
        satisfaction: quality.satisfaction,
        resolution_window,
        timeline: Default::default(),
        targets,
        notes: Vec::new(),
    })
}

/// `[quality]`'s `human_score` and `ai_score`, which the intents need before the rest of the
/// table is read.
fn base_scores(q: Option<&RawQuality>) -> Result<BaseScores, Invalid> {
    Ok(BaseScores {
        human: score(q.and_then(|q| q.human_score.as_ref()), "human_score", 4.4)?,
        ai: score(q.and_then(|q| q.ai_score.as_ref()), "ai_score", 4.2)?,
    })
}
