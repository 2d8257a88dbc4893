//! The contact centre as a discrete-event model: arrivals, the AI assistant, the human queue,
//! agents, abandonment, repeat contacts and churn.
//!
//! # The flow of one contact
//!
//! A new **problem** arrives with an intent; its first **contact** is attempt 1. A contact's
//! handle time and patience are drawn when it arrives, each from its own random stream.
//!
//! 1. If the AI assistant is live and takes the intent, the contact starts in the bot, unless
//!    the customer opts straight out (or the bot is at its concurrency limit). The AI
//!    conversation ends resolved, falsely resolved, escalated or abandoned ([`super::ai`]).
//! 2. In the human queue, the contact goes to a free agent of a pool with the skill, else it
//!    waits. A free agent takes, among the intents its pool may serve, the waiting contact of
//!    highest priority, then the one that has waited longest. A waiting customer whose patience
//!    runs out abandons; if the contact was answered meanwhile, the timer is stale and ignored.
//!    An escalated contact's patience counts the time already spent in the bot (unless
//!    configured otherwise), and its handle time grows by the context-loss factor.
//! 3. A human resolves the problem with the intent's resolution probability.
//! 4. When a contact ends, the customer scores it; some answer the survey; a bad experience may
//!    make them churn. An unresolved problem (falsely resolved, not resolved by the human,
//!    abandoned) comes back after a delay as the next attempt, up to the maximum; a churned
//!    customer does not come back.
//!
//! **Choosing among idle agents of several pools**: an arriving contact goes to the first pool,
//! in scenario order, that has the skill and a free conversation slot (list preferred pools
//! first).
//!
//! **When staffing falls** during the day, agents who are busy finish their contact before
//! leaving; no new contact is given to a pool while its busy slots are at or above its slots
//! on duty. A pool on a schedule of shifts also pays them until they leave (see
//! [`super::Staffing::Schedule`]).
//!
//! **Over months**, a pool with a [`super::Workforce`] has a headcount that moves once a day
//! (attrition, hires starting, training ending) and is put on duty by its roster; a
//! [`super::Gig`] pool logs agents in and out as its queue builds and drains; and the
//! scenario's [`super::Timeline`] switches the settings in force at given times
//! (every rule above then reads the new settings) and lays off or hires agents.
//!
//! The handlers are in three files: the run and its events here, the flow of one contact in
//! `flow.rs`, the human queue in `queue.rs`, and who is on the floor in `staffing.rs`.
//!
//! **A trunk limit** ([`crate::model::TrunkLimit`]) blocks a contact that arrives to find the
//! floor full, or, per channel, its channel full: the floor's count is the slab of contacts,
//! a channel's a counter raised on arrival and lowered at the contact's end.
//!
//! Contacts live in a [`Slab`] from arrival to their end, and problems from their first contact
//! to their final outcome, so memory follows what is in the system. Queues hold keys;
//! abandoned contacts are removed lazily when they reach the head of their queue.

mod flow;
mod queue;
mod staffing;

use std::collections::VecDeque;

use rand::rngs::Xoshiro256PlusPlus;

use super::contact::{Contact, Problem, Stage};
use crate::engine::{Calendar, Slab, SlabKey, interrupt};
use crate::metrics::{Recorder, RunTallies, StateSnapshot};
use crate::model::arrivals::ArrivalStream;
use crate::model::streams::{Stream, stream_rng, workforce_key};
use crate::model::workforce::WorkforceState;
use crate::model::{Scenario, Staffing};

/// What can happen in the contact centre.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A new problem's first contact arrives.
    Arrival,
    /// A customer comes back about an unresolved problem.
    Return(SlabKey),
    /// A waiting customer's patience runs out (stale if the contact was answered).
    PatienceEnds(SlabKey),
    /// An AI conversation ends.
    AiEnds(SlabKey),
    /// An agent of `pool` finishes `contact`.
    ServiceEnds { pool: u32, contact: SlabKey },
    /// The number of agents on duty in `pool` changes (a new staffing interval begins);
    /// stale if the pool's staffing was reset since (`generation`).
    StaffingChange { pool: u32, generation: u32 },
    /// The daily update of every workforce: attrition, hires, training.
    WorkforceDay,
    /// A gig pool looks at its queue.
    GigCheck { pool: u32 },
    /// Gig agents called earlier log in.
    GigLogIn { pool: u32, count: u32 },
    /// Step number `n` of the timeline.
    TimelineStep(u32),
    /// Report month `n` (from 0) ends: the pools' months are closed.
    MonthEnd(u32),
    /// A report window begins or ends (one event per such time).
    WindowEdge,
}

#[derive(Debug, Clone, Default)]
struct PoolState {
    on_duty: u32,
    busy: u32,
    staffing_interval: u64,
    concurrency: u32,
    /// Bumped when the staffing chain restarts, so older change events are ignored.
    generation: u32,
    /// The people of a workforce pool.
    workforce: Option<WorkforceState>,
    /// Employed, on the floor, in training (workforce pools; cached at each daily update).
    employed: u32,
    on_floor: u32,
    in_training: u32,
    /// (cumulative share, handle-time factor, resolution factor) of the agents on the
    /// floor by experience; empty when all are alike.
    experience: Vec<(f64, f64, f64)>,
    /// Gig agents called and not logged in yet.
    gig_called: u32,
    /// Whether the gig pool's periodic check is scheduled.
    gig_checking: bool,
    /// Gig agents logged in: (log-in time, count), oldest first.
    gig_sessions: VecDeque<(f64, u32)>,
}

impl PoolState {
    fn has_free_slot(&self) -> bool {
        self.busy < self.on_duty * self.concurrency
    }
}

/// What one replication produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Replication {
    /// The measures of the run.
    pub tallies: RunTallies,
    /// Number of events processed.
    pub events: u64,
    /// Contacts simulated, warm-up included.
    pub contacts: u64,
    /// Largest number of contacts in the system at once (in the bot, waiting or in service).
    pub peak_contacts_in_system: usize,
}

/// The state of one run.
struct Centre<'a> {
    /// The settings in force now (the file's, or a timeline step's).
    scenario: &'a Scenario,
    /// The file's scenario, with its timeline.
    root: &'a Scenario,
    /// Index of the next timeline step.
    next_step: usize,
    /// Waiting contacts per intent (exact, unlike the queues).
    waiting_by_intent: Vec<u64>,
    /// Contacts waiting or in conversation per group of the staffing search's split
    /// (`simulation.record_in_system`); empty without it.
    in_system_by_group: Vec<u64>,
    /// Per intent, the human agent-time its AI-contained conversation replaces, in
    /// FTE-months (see `Measure::AiFteEquivalent`).
    fte_months_per_contained: Vec<f64>,
    /// The key of the workforce draws (attrition), one generator per pool and day.
    workforce_key: u64,
    calendar: Calendar<Event>,
    contacts: Slab<Contact>,
    problems: Slab<Problem>,
    /// Waiting contacts per intent, oldest first; may hold stale keys of abandoned contacts.
    queues: Vec<VecDeque<SlabKey>>,
    /// Stale keys in each queue, to compact it when they pile up (no agent to pop them).
    stale: Vec<usize>,
    pools: Vec<PoolState>,
    /// For each intent, the pools that may serve it, in scenario order.
    pools_for_intent: Vec<Vec<u32>>,
    /// Cumulative shares of the intents, for drawing an intent.
    cumulative_share: Vec<f64>,
    /// AI conversations going on.
    ai_busy: u32,
    /// Contacts in the system per channel ([`crate::model::Channel::index`]), kept only under
    /// a per-channel trunk limit (a floor-wide one counts `contacts`): one counter a channel,
    /// so an arrival checks its channel's trunk without a scan.
    in_system_by_channel: [u32; 3],
    state: StateSnapshot,
    recorder: Recorder,
    arrivals: ArrivalStream,
    /// Arrival times and intents.
    rng_arrivals: Xoshiro256PlusPlus,
    seed: u64,
    replication: u32,
    problems_created: u64,
    events: u64,
    contacts_created: u64,
}

/// Runs replication `replication` of `scenario` and returns what it measured.
pub fn simulate(scenario: &Scenario, replication: u32) -> Replication {
    let mut centre = Centre::new(scenario, replication);
    centre.run();
    centre.finish()
}

impl<'a> Centre<'a> {
    fn new(scenario: &'a Scenario, replication: u32) -> Self {
        let sim = &scenario.simulation;
        let seed = sim.seed;
        let mut centre = Self {
            scenario,
            root: scenario,
            next_step: 0,
            waiting_by_intent: vec![0; scenario.intents.len()],
            in_system_by_group: Vec::new(),
            fte_months_per_contained: Vec::new(),
            workforce_key: workforce_key(seed, replication),
            calendar: Calendar::new(),
            contacts: Slab::new(),
            problems: Slab::new(),
            queues: vec![VecDeque::new(); scenario.intents.len()],
            stale: vec![0; scenario.intents.len()],
            pools: scenario
                .pools
                .iter()
                .map(|p| {
                    let workforce = p.workforce.as_ref().map(WorkforceState::new);
                    let employed = workforce.as_ref().map_or(0, WorkforceState::employed);
                    PoolState {
                        concurrency: p.concurrency,
                        workforce,
                        employed,
                        on_floor: employed,
                        ..PoolState::default()
                    }
                })
                .collect(),
            pools_for_intent: Vec::new(),
            cumulative_share: Vec::new(),
            ai_busy: 0,
            in_system_by_channel: [0; 3],
            state: StateSnapshot::default(),
            recorder: Recorder::new(
                sim.warmup,
                sim.horizon,
                sim.interval,
                &sim.calendar,
                scenario.intents.len(),
                scenario.pools.len(),
            ),
            arrivals: ArrivalStream::new(&scenario.arrivals, &scenario.intents, seed, replication),
            rng_arrivals: stream_rng(seed, replication, Stream::Arrivals),
            seed,
            replication,
            problems_created: 0,
            events: 0,
            contacts_created: 0,
        };
        if !sim.windows.is_empty() {
            let bounds: Vec<(f64, f64)> = sim.windows.iter().map(|w| (w.from, w.to)).collect();
            centre.recorder.record_windows(&bounds);
        }
        if let Some(split) = &sim.record_in_system {
            centre.in_system_by_group = vec![0; split.groups];
            centre.recorder.record_in_system(split.clone());
        }
        centre.apply_settings();
        centre
    }

    /// Derives what the engine caches from the settings in force: routing, the intent mix,
    /// the AI's FTE-equivalent per conversation, and each pool's concurrency.
    fn apply_settings(&mut self) {
        let sc = self.scenario;
        let mut pools_for_intent = vec![Vec::new(); sc.intents.len()];
        for (p, pool) in sc.pools.iter().enumerate() {
            for &i in &pool.skills {
                pools_for_intent[i].push(p as u32);
            }
        }
        let mut acc = 0.0;
        self.cumulative_share = sc
            .intents
            .iter()
            .map(|i| {
                acc += i.share;
                acc
            })
            .collect();
        self.fte_months_per_contained = (0..sc.intents.len())
            .map(|i| {
                pools_for_intent[i].first().map_or(0.0, |&p| {
                    let pool = &sc.pools[p as usize];
                    sc.intents[i].handle_time.mean() * pool.handle_time_factor()
                        / f64::from(pool.concurrency)
                        / sc.ai.fte_productive_time
                })
            })
            .collect();
        self.pools_for_intent = pools_for_intent;
        for (state, pool) in self.pools.iter_mut().zip(&sc.pools) {
            state.concurrency = pool.concurrency;
        }
    }
    fn run(&mut self) {
        let horizon = self.scenario.simulation.horizon;
        for p in 0..self.pools.len() {
            self.restart_staffing(0.0, p);
        }
        self.update_floor();
        if self.pools.iter().any(|p| p.workforce.is_some()) {
            self.calendar.schedule(0.0, Event::WorkforceDay);
        }
        // Month ends, for the pools' monthly tallies (the last month closes at the horizon).
        let calendar = self.scenario.simulation.calendar;
        let months = calendar.months_in(horizon);
        for m in 0..months.saturating_sub(1) {
            let at = calendar.month_end(m);
            if at < horizon {
                self.calendar.schedule(at, Event::MonthEnd(m as u32));
            }
        }
        // Window bounds, once each, for the pools' part of the windows' tallies.
        let mut edges: Vec<f64> = self
            .scenario
            .simulation
            .windows
            .iter()
            .flat_map(|w| [w.from, w.to])
            .filter(|&t| t < horizon)
            .collect();
        edges.sort_by(f64::total_cmp);
        edges.dedup();
        for at in edges {
            self.calendar.schedule(at, Event::WindowEdge);
        }
        if let Some(step) = self.root.timeline.steps.first() {
            self.calendar.schedule(step.at, Event::TimelineStep(0));
        }
        self.schedule_next_arrival();
        while let Some((now, event)) = self.calendar.pop_until(horizon) {
            self.events += 1;
            // A host asked every run to stop (Ctrl-C in Python): what this run returns is
            // discarded, so it may end here. The first check is at the first event, so the
            // runs that start after the request stop at once.
            if self.events & interrupt::CHECK_EVERY_MASK == 1 {
                if interrupt::requested() {
                    break;
                }
                // More contacts in the system than the host can hold: stop, and say so.
                if self.contacts.len() > interrupt::contact_limit() {
                    interrupt::reach_contact_limit();
                    break;
                }
            }
            self.recorder.advance(now, &self.state);
            match event {
                Event::Arrival => self.on_arrival(now),
                Event::Return(problem) => self.on_return(now, problem),
                Event::PatienceEnds(key) => self.on_patience_end(now, key),
                Event::AiEnds(key) => self.on_ai_end(now, key),
                Event::ServiceEnds { pool, contact } => self.on_service_end(now, pool, contact),
                Event::StaffingChange { pool, generation } => {
                    if self.pools[pool as usize].generation == generation {
                        self.on_staffing_change(now, pool);
                    }
                }
                Event::WorkforceDay => self.on_workforce_day(now),
                Event::GigCheck { pool } => self.on_gig_check(now, pool as usize),
                Event::GigLogIn { pool, count } => self.on_gig_log_in(now, pool as usize, count),
                Event::TimelineStep(n) => self.on_timeline_step(now, n as usize),
                Event::MonthEnd(m) => {
                    for p in 0..self.pools.len() {
                        self.advance_pool(now, p);
                    }
                    self.recorder.close_month(m as usize);
                }
                Event::WindowEdge => {
                    for p in 0..self.pools.len() {
                        self.advance_pool(now, p);
                    }
                    self.recorder.window_edge(now);
                }
            }
        }
    }

    fn finish(mut self) -> Replication {
        let peak = self.contacts.capacity_used();
        let open: Vec<(f64, u32, Stage)> = self
            .contacts
            .iter()
            .map(|c| (c.arrived, c.intent, c.stage))
            .collect();
        for (arrived, intent, stage) in open {
            self.recorder
                .record(arrived, intent as usize, |t| match stage {
                    Stage::Waiting => t.waiting_at_end += 1,
                    Stage::InBot => t.in_bot_at_end += 1,
                    Stage::InService => {}
                });
        }
        let problems: Vec<(f64, u32)> = self
            .problems
            .iter()
            .map(|p| (p.first_arrival, p.intent))
            .collect();
        for (first, intent) in problems {
            self.recorder
                .record(first, intent as usize, |t| t.problems_open_at_end += 1);
        }
        let pools: Vec<StateSnapshot> = (0..self.pools.len()).map(|p| self.pool_state(p)).collect();
        Replication {
            tallies: self.recorder.finish(&self.state, &pools),
            events: self.events,
            contacts: self.contacts_created,
            peak_contacts_in_system: peak,
        }
    }

    /// The floor state of pool `p` alone, for its own time-weighted measures.
    fn pool_state(&self, p: usize) -> StateSnapshot {
        let (state, pool) = (&self.pools[p], &self.scenario.pools[p]);
        let rostered = pool.paid_for(state.on_duty);
        let (paid, employed) = match &pool.workforce {
            Some(w) => (
                rostered + f64::from(state.in_training) * w.hours_per_week / 168.0,
                f64::from(state.employed),
            ),
            None if pool.gig.is_some() => (rostered, f64::from(state.on_duty)),
            None => (rostered, rostered),
        };
        let mut snapshot = StateSnapshot {
            busy: u64::from(state.busy),
            capacity: u64::from(state.on_duty * state.concurrency),
            on_duty: u64::from(state.on_duty),
            waiting: 0,
            labour_cost_rate: pool.cost_per_second(paid),
            paid,
            employed,
        };
        if let (Staffing::Schedule(s), None, None) = (&pool.staffing, &pool.workforce, &pool.gig) {
            // Paid as scheduled, plus those who stay to finish a contact.
            let segment = s.segment(state.staffing_interval);
            let over = f64::from(self.overrunning(p));
            snapshot.paid = f64::from(segment.paid) + over;
            snapshot.employed = snapshot.paid;
            snapshot.labour_cost_rate = segment.cost_rate + over * s.overrun_rate() / 3600.0;
        }
        snapshot
    }

    /// Integrates pool `p`'s state up to `now`, before it changes.
    fn advance_pool(&mut self, now: f64, p: usize) {
        let s = self.pool_state(p);
        self.recorder.advance_pool(now, p, &s);
    }

    /// Recomputes the floor's capacity, paid agents and labour cost rate after a staffing
    /// change.
    fn update_floor(&mut self) {
        let mut total = StateSnapshot {
            busy: self.state.busy,
            waiting: self.state.waiting,
            ..StateSnapshot::default()
        };
        for p in 0..self.pools.len() {
            let s = self.pool_state(p);
            total.capacity += s.capacity;
            total.on_duty += s.on_duty;
            total.labour_cost_rate += s.labour_cost_rate;
            total.paid += s.paid;
            total.employed += s.employed;
        }
        self.state = total;
    }
}
