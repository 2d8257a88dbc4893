//! The model's validated configuration: the [`Scenario`] the engine runs and its experiment
//! settings ([`Simulation`]).
//!
//! These types say what a contact centre *is*, not how a file spells it: every value is
//! checked, in the model's units (seconds, contacts per second, shares in [0, 1]), and with
//! names resolved to indices. The TOML format lives above, in the `scenario` module, which
//! builds these types and is the only place that knows about keys, lines and defaults; a
//! program may also build or edit them directly (a sweep or a search does, through the
//! scenario's key paths).

use crate::metrics::{InSystemSplit, Targets};
use crate::units::Calendar;

use super::{
    AiSettings, ArrivalPattern, Channel, Churn, Intent, Pool, Repeats, Satisfaction, Timeline,
};

/// Settings of the experiment: how long, how many times, what to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Simulated time per replication, seconds (warm-up included).
    pub horizon: f64,
    /// Initial period excluded from every measure, seconds: the centre starts empty, and
    /// steady-state questions should not see that.
    pub warmup: f64,
    /// Number of independent replications.
    pub replications: u32,
    /// Seed from which every random stream is derived.
    pub seed: u64,
    /// Length of one reporting interval of the time series, seconds.
    pub interval: f64,
    /// Service-level threshold: a contact answered within this many seconds counts as served
    /// "in time".
    pub service_level_threshold: f64,
    /// The run's calendar (see [`crate::units::calendar`]): with a start date, time 0 is that date
    /// at 00:00, report months are calendar months and days take their real weekdays;
    /// without one, months are 30.4375 days and time 0 is a Monday.
    pub calendar: Calendar,
    /// Report windows (`[[windows]]`): stretches of the run reported on their own, like a
    /// month, in file order.
    pub windows: Vec<Window>,
    /// Factor applied to volume and headcount (arrival rate, agents, workforce headcounts
    /// and hiring, gig caps, AI concurrency, layoffs and hires on the timeline): 0.1 runs a
    /// tenth of the operation for a quick look.
    pub scale: f64,
    /// The trunk limit: most contacts in the system at once (in the bot, waiting or in
    /// service), as the lines of a phone system, for the whole floor or per channel. A
    /// contact that arrives to find its limit reached is **blocked**: it gets a busy signal,
    /// never reaches the bot or the queue, and its customer may come back later as a repeat
    /// contact. `None`: no limit. Scaled by [`scale`](Self::scale) like headcount.
    pub max_in_system: Option<TrunkLimit>,
    /// Whether each replication keeps per-interval histograms of the number in system found
    /// by contacts reaching the human queue ([`crate::metrics::RunTallies::in_system`]), and
    /// split how: `Some` with one group per pool the staffing search sizes, each intent in
    /// the group of its primary pool. `None`: not kept. Not a file setting: the staffing
    /// search sets it.
    pub record_in_system: Option<InSystemSplit>,
}

/// A report window: a stretch of the run measured on its own, as a press release measures
/// "the first month live" from a launch day rather than from the first of a month.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Name as written (unique, without `.`).
    pub name: String,
    /// Where it begins, seconds from time 0 (at or after the warm-up, on a reporting
    /// interval's boundary).
    pub from: f64,
    /// Where it ends, seconds from time 0 (after `from`, at most the horizon, on a
    /// reporting interval's boundary or at the horizon).
    pub to: f64,
}

/// The trunk limit of [`Simulation::max_in_system`]: how many contacts may be in the system
/// at once (in the bot, waiting or in service), counted over the whole floor or per channel.
///
/// Per channel, a voice limit is the lines of the phone system and a chat limit the seats of
/// the chat widget: each channel fills up on its own, and a full voice trunk blocks no chat.
/// A channel is the one its intent comes through ([`super::Intent::channel`]); the timeline
/// may not change an intent's channel while per-channel limits are set, so a contact is
/// counted against the same channel from its arrival to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrunkLimit {
    /// At most this many contacts in the system over every channel together (contacts).
    Floor(u32),
    /// At most this many contacts of each channel in the system (contacts), indexed by
    /// [`Channel::index`]; `None`: that channel is unlimited.
    ByChannel([Option<u32>; 3]),
}

impl TrunkLimit {
    /// The most contacts of `channel` that may be in the system, if its own count is
    /// limited (a floor-wide limit counts every channel together: see [`TrunkLimit::Floor`]).
    pub fn of_channel(&self, channel: Channel) -> Option<u32> {
        match self {
            TrunkLimit::Floor(_) => None,
            TrunkLimit::ByChannel(limits) => limits[channel.index()],
        }
    }

    /// Whether a contact of `channel` can ever be blocked, which bounds its queue.
    pub fn bounds(&self, channel: Channel) -> bool {
        matches!(self, TrunkLimit::Floor(_)) || self.of_channel(channel).is_some()
    }
}

/// A queue that grows without bound: customers who never abandon bring more work than the
/// agents who can serve them have room for ([`Scenario::unbounded_queue`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnboundedQueue {
    /// The work they bring to humans on average, erlangs.
    pub load: f64,
    /// The agents' room that can serve them on average (agents × concurrency, net of the
    /// concurrency stretch), erlangs.
    pub room: f64,
    /// How fast their queue grows on average, contacts per second.
    pub growth: f64,
}

/// A validated scenario: everything needed to simulate a contact centre.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// A short name for reports.
    pub name: String,
    /// What the scenario represents, if the file says.
    pub description: Option<String>,
    /// Experiment settings.
    pub simulation: Simulation,
    /// When contacts arrive.
    pub arrivals: ArrivalPattern,
    /// Why they contact, in file order.
    pub intents: Vec<Intent>,
    /// Who answers, in file order (the order of preference for idle agents).
    pub pools: Vec<Pool>,
    /// The shift templates of the file (`[[shifts]]`), in file order, each naming the pool
    /// it staffs; a pool staffed by a schedule has a copy of them (empty if none).
    pub shifts: Vec<super::ShiftTemplate>,
    /// The AI assistant as a whole (disabled unless the file has an `[ai]` table).
    pub ai: AiSettings,
    /// When unresolved problems come back (by default they do not).
    pub repeats: Repeats,
    /// The chance of losing a customer after bad experiences (none by default).
    pub churn: Churn,
    /// The satisfaction model and the survey.
    pub satisfaction: Satisfaction,
    /// A problem counts as truly resolved if it is resolved within this many seconds of the
    /// customer's first contact.
    pub resolution_window: f64,
    /// Changes over time (empty unless the file has `[[timeline]]` entries).
    pub timeline: Timeline,
    /// What the plan must meet (empty unless the file has a `[targets]` table). The engine
    /// ignores them; `run` reports them and `staff` and `frontier` search for plans that
    /// meet them.
    pub targets: Targets,
    /// Warnings about how the file says something, found while reading it (an intent's `ai`
    /// table in a file without `[ai]`, which leaves the assistant off): the model cannot see
    /// how a file was written, so the reader leaves them here, and [`Scenario::warnings`]
    /// gives them first. Empty for a scenario built in code.
    pub notes: Vec<String>,
}

impl Scenario {
    /// The service-level threshold of intent `intent`, seconds: its own, or the scenario's.
    pub fn threshold(&self, intent: usize) -> f64 {
        self.intents[intent]
            .service_level_threshold
            .unwrap_or(self.simulation.service_level_threshold)
    }

    /// The channels some intent comes through, in the order of [`Channel::ALL`].
    pub fn channels(&self) -> impl Iterator<Item = Channel> + '_ {
        Channel::ALL
            .into_iter()
            .filter(|&c| self.intents.iter().any(|i| i.channel == c))
    }

    /// The settings in force at some time of the run: the file's, then each timeline step's.
    pub fn phases(&self) -> impl Iterator<Item = &Scenario> {
        std::iter::once(self).chain(
            self.timeline
                .steps
                .iter()
                .filter_map(|s| s.settings.as_deref()),
        )
    }

    /// Whether the AI assistant is live at some time of the run.
    pub fn ai_ever_enabled(&self) -> bool {
        self.phases().any(|s| s.ai.enabled)
    }

    /// Whether some pool has a workforce or gig agents (so headcount moves).
    pub fn has_workforce(&self) -> bool {
        self.pools
            .iter()
            .any(|p| p.workforce.is_some() || p.gig.is_some())
    }

    /// Average offered load before the assistant, erlangs: contacts per second × mean handle
    /// time, as if every contact went to a human who handles one at a time. The work of the
    /// volume itself; [`Scenario::offered_load_to_agents`] is what reaches the agents.
    pub fn offered_load(&self) -> f64 {
        self.arrivals.mean_rate
            * self
                .intents
                .iter()
                .map(|i| i.share * i.handle_time.mean())
                .sum::<f64>()
    }

    /// The first pool in file order that serves intent number `intent` (its primary pool),
    /// if any does.
    pub fn primary_pool(&self, intent: usize) -> Option<&Pool> {
        self.pools.iter().find(|p| p.skills.contains(&intent))
    }

    /// Human work per contact of intent number `intent`, as a share of its handle time: 1
    /// without the assistant; with it, the customers who opt out of the bot plus those it
    /// escalates, whose handle time is stretched by the assistant's context loss. Contacts
    /// the bot contains, falsely resolves or loses bring no human work.
    pub fn human_work_share(&self, intent: usize) -> f64 {
        match (&self.intents[intent].ai, self.ai.enabled) {
            (Some(a), true) => {
                a.opt_out + (1.0 - a.opt_out) * a.escalated * (1.0 + self.ai.context_loss)
            }
            _ => 1.0,
        }
    }

    /// Average offered load to the agents, erlangs (agents kept busy on average if none
    /// abandoned): per intent, contacts per second × mean handle time × the
    /// [human work share](Scenario::human_work_share), in the agents of its
    /// [primary pool](Scenario::primary_pool): stretched by that pool's concurrency stretch
    /// and divided by its concurrency (three chats at a time: a third of an agent each).
    /// The number to compare with agents on duty. First contacts only: repeat contacts add
    /// to it, so it is a floor when `[repeats]` brings problems back.
    pub fn offered_load_to_agents(&self) -> f64 {
        (0..self.intents.len())
            .map(|i| {
                let intent = &self.intents[i];
                let per_agent = self.primary_pool(i).map_or(1.0, |p| {
                    p.handle_time_factor() / f64::from(p.concurrency.max(1))
                });
                self.arrivals.mean_rate
                    * intent.share
                    * intent.handle_time.mean()
                    * self.human_work_share(i)
                    * per_agent
            })
            .sum()
    }

    /// The queue of customers who never abandon, if it grows without bound on average over
    /// the run under the file's settings: their queue is stable only if the agents who can
    /// serve them have room for their load. The load counts what reaches humans (not
    /// contained by the AI), stretched by context loss; the room counts every slot, net of
    /// the pool's concurrency stretch. Repeat contacts add to the load, so the growth is a
    /// floor. A trunk limit on their channel (or the floor's) bounds their queue: `None`
    /// then, as when every intent has a `patience` or the room suffices.
    pub fn unbounded_queue(&self) -> Option<UnboundedQueue> {
        let bounded = |i: &Intent| {
            self.simulation
                .max_in_system
                .is_some_and(|t| t.bounds(i.channel))
        };
        let patient: Vec<usize> = (0..self.intents.len())
            .filter(|&i| {
                let intent = &self.intents[i];
                intent.patience.is_none() && intent.share > 0.0 && !bounded(intent)
            })
            .collect();
        if patient.is_empty() {
            return None;
        }
        let rate_of = |i: usize| {
            let intent = &self.intents[i];
            self.arrivals.mean_rate * intent.share * self.human_work_share(i)
        };
        let rate: f64 = patient.iter().map(|&i| rate_of(i)).sum();
        let load: f64 = patient
            .iter()
            .map(|&i| rate_of(i) * self.intents[i].handle_time.mean())
            .sum();
        let room: f64 = self
            .pools
            .iter()
            .filter(|p| p.skills.iter().any(|s| patient.contains(s)))
            .map(|p| p.mean_agents() * f64::from(p.concurrency) / p.handle_time_factor())
            .sum();
        (load > 0.0 && load >= room).then(|| UnboundedQueue {
            load,
            room,
            growth: rate * (1.0 - room / load),
        })
    }

    /// Warnings a planner can act on: things that run but probably do not mean what was
    /// intended.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        // Intents whose customers never abandon, with too little room for their load.
        if let Some(q) = self.unbounded_queue() {
            let occupancy = if q.room > 0.0 {
                format!("{:.0} %", 100.0 * q.load / q.room)
            } else {
                "unbounded: no agent can serve them".to_string()
            };
            out.push(format!(
                "the queue grows without bound: customers who never abandon bring {:.1} \
                 erlangs of work to humans on average, more than the {:.1} agents' worth \
                 of room that can serve them (occupancy would be {occupancy}); add agents, or \
                 give the intents a `patience`",
                q.load, q.room
            ));
        }
        // Intents with patience that reach humans while no pool serving them ever has an
        // agent: none in the file's settings nor in any the timeline puts in force, no hiring
        // by a workforce, no hire on the timeline. Every such contact abandons, which runs but
        // is rarely what was meant.
        let hired_on_timeline = |p: usize| {
            self.timeline
                .steps
                .iter()
                .any(|s| s.hires.iter().any(|&(q, n)| q == p && n > 0))
        };
        for (i, intent) in self.intents.iter().enumerate() {
            let reaches_humans = self.phases().any(|s| s.human_work_share(i) > 0.0);
            let served = self.phases().any(|s| {
                s.pools.iter().enumerate().any(|(p, pool)| {
                    pool.skills.contains(&i)
                        && (pool.mean_agents() > 0.0
                            || pool.workforce.as_ref().is_some_and(|w| w.hires())
                            || hired_on_timeline(p))
                })
            });
            if intent.patience.is_some() && intent.share > 0.0 && reaches_humans && !served {
                out.push(format!(
                    "no agent can answer intent {:?}: no pool that serves it has agents on duty \
                     at any time of the run, so every one of its contacts that reaches a human \
                     abandons; give a pool agents and the skill",
                    intent.name
                ));
            }
        }
        let sim = &self.simulation;
        let hybrid = self.ai.enabled
            || self.repeats.max_attempts > 1
            || self.intents.iter().any(|i| i.human_resolution < 1.0);
        if hybrid && self.resolution_window >= sim.horizon - sim.warmup {
            out.push(format!(
                "the resolution window ({}) is not shorter than the measured period, so true \
                 resolution cannot be measured; shorten `quality.resolution_window` or run longer",
                crate::units::HumanDuration(self.resolution_window)
            ));
        }
        // A desk that is closed at time 0 (no contact arrives then) starts empty as it really
        // does: nothing to warm up.
        if sim.warmup == 0.0 && self.arrivals.rate_at(0.0) > 0.0 {
            out.push(
                "no warm-up: the centre starts empty, which flatters the first hours; set \
                 `simulation.warmup` for steady-state questions"
                    .to_string(),
            );
        }
        out
    }
}
