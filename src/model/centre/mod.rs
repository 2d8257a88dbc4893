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
//! on duty.
//!
//! **Over months**, a pool with a [`super::Workforce`] has a headcount that moves once a day
//! (attrition, hires starting, training ending) and is put on duty by its roster; a
//! [`super::Gig`] pool logs agents in and out as its queue builds and drains; and the
//! scenario's [`super::Timeline`] switches the settings in force at given times
//! (every rule above then reads the new settings) and lays off or hires agents.
//!
//! Contacts live in a [`Slab`] from arrival to their end, and problems from their first contact
//! to their final outcome, so memory follows what is in the system. Queues hold keys;
//! abandoned contacts are removed lazily when they reach the head of their queue.

mod staffing;

use std::collections::VecDeque;

use rand::rngs::Xoshiro256PlusPlus;

use super::ai::AiOutcome;
use super::contact::{Contact, Draws, Ending, Problem, Stage};
use super::customer::{ContactEnd, Experience};
use crate::engine::{Calendar, Slab, SlabKey};
use crate::metrics::{Recorder, RunTallies, StateSnapshot};
use crate::model::Scenario;
use crate::model::arrivals::ArrivalStream;
use crate::model::distribution::unit_interval;
use crate::model::streams::{Stream, contact_rng, problem_key, stream_rng};
use crate::model::workforce::WorkforceState;

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
    /// Per intent, the human agent-time its AI-contained conversation replaces, in
    /// FTE-months (see `Measure::AiFteEquivalent`).
    fte_months_per_contained: Vec<f64>,
    /// Attrition draws.
    rng_workforce: Xoshiro256PlusPlus,
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
            fte_months_per_contained: Vec::new(),
            rng_workforce: stream_rng(seed, replication, Stream::Workforce),
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
            state: StateSnapshot::default(),
            recorder: Recorder::new(
                sim.warmup,
                sim.horizon,
                sim.interval,
                scenario.intents.len(),
                scenario.pools.len(),
            ),
            arrivals: ArrivalStream::new(&scenario.arrivals),
            rng_arrivals: stream_rng(seed, replication, Stream::Arrivals),
            seed,
            replication,
            problems_created: 0,
            events: 0,
            contacts_created: 0,
        };
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
        let months = crate::metrics::months_in(horizon);
        for m in 0..months.saturating_sub(1) {
            let at = (m + 1) as f64 * crate::units::MONTH;
            if at < horizon {
                self.calendar.schedule(at, Event::MonthEnd(m as u32));
            }
        }
        if let Some(step) = self.root.timeline.steps.first() {
            self.calendar.schedule(step.at, Event::TimelineStep(0));
        }
        self.schedule_next_arrival();
        while let Some((now, event)) = self.calendar.pop_until(horizon) {
            self.events += 1;
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
        StateSnapshot {
            busy: u64::from(state.busy),
            capacity: u64::from(state.on_duty * state.concurrency),
            on_duty: u64::from(state.on_duty),
            waiting: 0,
            labour_cost_rate: pool.cost_per_second(paid),
            paid,
            employed,
        }
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

    /// Schedules the next arrival before the next timeline step (at the step, the stream
    /// restarts with the settings then in force).
    fn schedule_next_arrival(&mut self) {
        let horizon = self
            .root
            .timeline
            .steps
            .get(self.next_step)
            .map_or(self.scenario.simulation.horizon, |s| s.at);
        if let Some(t) =
            self.arrivals
                .next(&self.scenario.arrivals, horizon, &mut self.rng_arrivals)
        {
            self.calendar.schedule(t, Event::Arrival);
        }
    }

    fn draw_intent(&mut self) -> usize {
        if self.cumulative_share.len() == 1 {
            return 0;
        }
        let total = self.cumulative_share[self.cumulative_share.len() - 1];
        let u = unit_interval(&mut self.rng_arrivals) * total;
        self.cumulative_share
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative_share.len() - 1)
    }

    fn on_arrival(&mut self, now: f64) {
        let intent = self.draw_intent();
        let key = problem_key(self.seed, self.replication, self.problems_created);
        self.problems_created += 1;
        let problem = self.problems.insert(Problem {
            intent: intent as u32,
            first_arrival: now,
            attempts: 1,
            key,
        });
        self.start_contact(now, problem);
        self.schedule_next_arrival();
    }

    fn on_return(&mut self, now: f64, problem: SlabKey) {
        let p = self
            .problems
            .get_mut(problem)
            .expect("a returning problem is open");
        p.attempts += 1;
        self.start_contact(now, problem);
    }

    /// A contact about `problem` arrives at `now`: to the bot or to the human queue.
    fn start_contact(&mut self, now: f64, problem: SlabKey) {
        self.contacts_created += 1;
        let sc = self.scenario;
        let p = self.problems.get_mut(problem).expect("the problem is open");
        let (intent, attempts) = (p.intent as usize, p.attempts);
        let spec = &sc.intents[intent];
        let mut rng = contact_rng(p.key, attempts);
        let handle_time = spec.handle_time.sample(&mut rng);
        let patience = spec
            .patience
            .as_ref()
            .map_or(f64::INFINITY, |d| d.sample(&mut rng));
        let mut u = || unit_interval(&mut rng);
        let mut draws = Draws {
            opt_out: u(),
            ai_outcome: u(),
            resolution: u(),
            survey: u(),
            churn: u(),
            ai_duration: 0.0,
            repeat_delay: 0.0,
            agent: 0.0,
        };
        if let Some(b) = &spec.ai {
            draws.ai_duration = b.handle_time.sample(&mut rng);
        }
        if let Some(d) = &sc.repeats.delay {
            draws.repeat_delay = d.sample(&mut rng);
        }
        draws.agent = unit_interval(&mut rng);
        let ai = &sc.ai;
        let repeat = attempts > 1;
        // A first contact also starts its problem, counted at the same time and intent.
        let sc = self.scenario;
        let eligible = !repeat && now + sc.resolution_window <= sc.simulation.horizon;
        self.recorder.record(now, intent, |t| {
            t.offered += 1;
            t.repeat_contacts += u64::from(repeat);
            t.problems += u64::from(!repeat);
            t.problems_eligible += u64::from(eligible);
        });
        let key = self.contacts.insert(Contact {
            problem,
            intent: intent as u32,
            attempt: attempts,
            arrived: now,
            queued_at: now,
            handle_time,
            patience,
            draws,
            wait: 0.0,
            stage: Stage::Waiting,
            queued: false,
            escalated: false,
            resolution_factor: 1.0,
        });
        let to_human_by_policy = repeat && ai.repeats_go_to_human;
        if let (true, Some(behaviour), false) = (ai.enabled, &spec.ai, to_human_by_policy) {
            let opted_out = draws.opt_out < behaviour.opt_out;
            let full = ai.concurrency.is_some_and(|c| self.ai_busy >= c);
            if opted_out || full {
                self.recorder.record(now, intent, |t| {
                    t.opted_out += u64::from(opted_out);
                    t.ai_overflow += u64::from(!opted_out);
                });
            } else {
                let duration = draws.ai_duration;
                self.ai_busy += 1;
                self.contacts.get_mut(key).expect("just inserted").stage = Stage::InBot;
                self.recorder
                    .record(now, intent, |t| t.ai_conversations += 1);
                self.calendar.schedule(now + duration, Event::AiEnds(key));
                return;
            }
        }
        self.enter_human_queue(now, key);
    }

    /// Contact `key` reaches the human side at `now`: answered at once or queued.
    fn enter_human_queue(&mut self, now: f64, key: SlabKey) {
        let c = self.contacts.get_mut(key).expect("contact exists");
        c.queued_at = now;
        c.stage = Stage::Waiting;
        let intent = c.intent as usize;
        let free_pool = self.pools_for_intent[intent]
            .iter()
            .copied()
            .find(|&p| self.pools[p as usize].has_free_slot());
        if let Some(pool) = free_pool {
            self.answer(now, pool, key);
            return;
        }
        c.queued = true;
        let counts_bot_time = c.escalated && self.scenario.ai.bot_time_counts_against_patience;
        let deadline = if counts_bot_time { c.arrived } else { now } + c.patience;
        self.queues[intent].push_back(key);
        self.state.waiting += 1;
        self.waiting_by_intent[intent] += 1;
        if deadline.is_finite() {
            self.calendar
                .schedule(deadline.max(now), Event::PatienceEnds(key));
        }
    }

    /// An agent of `pool` answers contact `key` at `now`.
    fn answer(&mut self, now: f64, pool: u32, key: SlabKey) {
        let sc = self.scenario;
        self.advance_pool(now, pool as usize);
        let p = &mut self.pools[pool as usize];
        debug_assert!(p.has_free_slot(), "an agent is never busy beyond its slots");
        p.busy += 1;
        self.state.busy += 1;
        let c = self.contacts.get_mut(key).expect("answered contact exists");
        debug_assert!(
            c.stage == Stage::Waiting,
            "a contact is never answered twice"
        );
        c.stage = Stage::InService;
        c.wait = now - c.queued_at;
        let context = if c.escalated {
            1.0 + sc.ai.context_loss
        } else {
            1.0
        };
        // The learning curve: which agent answers, by experience.
        let (experience, resolution_factor) = p
            .experience
            .iter()
            .find(|e| c.draws.agent < e.0)
            .map_or((1.0, 1.0), |e| (e.1, e.2));
        c.resolution_factor = resolution_factor;
        let spec = &sc.pools[pool as usize];
        let handle = c.handle_time * spec.handle_time_factor() * context * experience;
        let contact_cost = spec.cost_per_contact;
        let within = c.wait <= sc.threshold(c.intent as usize);
        self.recorder
            .pool_answered(pool as usize, c.arrived, handle, contact_cost);
        if contact_cost > 0.0 {
            self.recorder.record(c.arrived, c.intent as usize, |t| {
                t.contact_labour_cost += contact_cost
            });
        }
        self.recorder.answered(
            c.arrived,
            c.intent as usize,
            c.wait,
            handle,
            c.queued,
            within,
        );
        self.calendar
            .schedule(now + handle, Event::ServiceEnds { pool, contact: key });
    }

    fn on_patience_end(&mut self, now: f64, key: SlabKey) {
        // A stale timer: the contact was answered (and maybe already gone).
        let Some(c) = self.contacts.get_mut(key) else {
            return;
        };
        if c.stage != Stage::Waiting {
            return;
        }
        c.wait = now - c.queued_at;
        let (arrived, intent, wait) = (c.arrived, c.intent as usize, c.wait);
        self.state.waiting -= 1;
        self.waiting_by_intent[intent] -= 1;
        // The key stays in the queue until it reaches the head; if nobody serves the queue,
        // drop the stale keys once they are the majority, so memory follows the contacts
        // waiting, not those that ever waited.
        self.stale[intent] += 1;
        if self.stale[intent] > 64 && 2 * self.stale[intent] > self.queues[intent].len() {
            let contacts = &self.contacts;
            self.queues[intent].retain(|&k| {
                contacts
                    .get(k)
                    .is_some_and(|c| c.stage == Stage::Waiting && k != key)
            });
            self.stale[intent] = 0;
        }
        self.recorder.abandoned(arrived, intent, wait);
        self.finish_contact(now, key, Ending::Abandoned);
    }

    fn on_ai_end(&mut self, now: f64, key: SlabKey) {
        self.ai_busy -= 1;
        let c = *self.contacts.get(key).expect("a contact in the bot exists");
        let intent = c.intent as usize;
        let behaviour = self.scenario.intents[intent]
            .ai
            .as_ref()
            .expect("only intents the AI takes reach it");
        let outcome = behaviour.outcome(c.draws.ai_outcome);
        let ai = &self.scenario.ai;
        let duration = now - c.arrived;
        let cost = ai.cost_per_conversation + ai.cost_per_minute * duration / 60.0;
        let replaced = match outcome {
            AiOutcome::Resolved | AiOutcome::FalselyResolved => {
                self.fte_months_per_contained[intent]
            }
            _ => 0.0,
        };
        self.recorder.record(c.arrived, intent, |t| {
            t.ai_time += duration;
            t.ai_cost += cost;
            t.ai_fte_months += replaced;
            match outcome {
                AiOutcome::Resolved => t.ai_resolved += 1,
                AiOutcome::FalselyResolved => t.ai_falsely_resolved += 1,
                AiOutcome::Escalated => t.ai_escalated += 1,
                AiOutcome::Abandoned => t.ai_abandoned += 1,
            }
        });
        match outcome {
            AiOutcome::Resolved => self.finish_contact(now, key, Ending::AiResolved),
            AiOutcome::FalselyResolved => self.finish_contact(now, key, Ending::AiFalselyResolved),
            AiOutcome::Abandoned => self.finish_contact(now, key, Ending::Abandoned),
            AiOutcome::Escalated => {
                self.contacts.get_mut(key).expect("exists").escalated = true;
                self.enter_human_queue(now, key);
            }
        }
    }

    fn on_service_end(&mut self, now: f64, pool: u32, key: SlabKey) {
        self.advance_pool(now, pool as usize);
        self.pools[pool as usize].busy -= 1;
        self.state.busy -= 1;
        let c = self.contacts.get(key).expect("a contact in service exists");
        let intent = c.intent as usize;
        let p = self.scenario.intents[intent].human_resolution * c.resolution_factor;
        let resolved = c.draws.resolution < p;
        let ending = if resolved {
            Ending::HumanResolved
        } else {
            Ending::HumanUnresolved
        };
        self.finish_contact(now, key, ending);
        self.dispatch(pool);
    }

    /// The end of contact `key` at `now`: score and survey, churn, and the problem's fate.
    fn finish_contact(&mut self, now: f64, key: SlabKey, ending: Ending) {
        let sc = self.scenario;
        let c = self
            .contacts
            .remove(key)
            .expect("a finishing contact exists");
        let intent = &sc.intents[c.intent as usize];
        let abandoned = ending == Ending::Abandoned;
        let known_unresolved = ending == Ending::HumanUnresolved;
        let resolved = matches!(ending, Ending::HumanResolved | Ending::AiResolved);
        let by_human = matches!(ending, Ending::HumanResolved | Ending::HumanUnresolved);
        let score = sc.satisfaction.score(&ContactEnd {
            base: if by_human {
                intent.satisfaction_human
            } else {
                intent.satisfaction_ai
            },
            wait: c.wait,
            threshold: sc.threshold(c.intent as usize),
            escalated: c.escalated,
            attempt: c.attempt,
            known_unresolved,
            abandoned,
        });
        let respond = sc.satisfaction.response_probability(abandoned);
        let surveyed = c.draws.survey < respond;
        // On the last attempt an unresolved problem is known: the customer gives up.
        let last_attempt = c.attempt >= sc.repeats.max_attempts;
        let churn_p = sc.churn.probability(&Experience {
            abandoned,
            unresolved: known_unresolved || (last_attempt && !resolved),
            escalated: c.escalated,
            attempt: c.attempt,
            long_wait: c.wait > sc.churn.long_wait,
        });
        let churned = c.draws.churn < churn_p;
        let first = c.attempt == 1;
        let value = sc.churn.customer_value;
        self.recorder.record(c.arrived, c.intent as usize, |t| {
            t.human_resolved += u64::from(ending == Ending::HumanResolved);
            t.human_unresolved += u64::from(ending == Ending::HumanUnresolved);
            t.scored += 1;
            t.score_sum += score;
            t.surveys += u64::from(surveyed);
            t.survey_sum += if surveyed { score } else { 0.0 };
            t.first_contacts_closed += u64::from(first);
            t.first_contacts_resolved += u64::from(first && resolved);
            t.churned += u64::from(churned);
            t.churn_cost += if churned { value } else { 0.0 };
        });
        let p = self
            .problems
            .get_mut(c.problem)
            .expect("the problem is open");
        let (first, attempts, intent_index) = (p.first_arrival, p.attempts, p.intent as usize);
        let since_first = now - first;
        let within_window = since_first <= sc.resolution_window
            && first + sc.resolution_window <= sc.simulation.horizon;
        if resolved {
            self.recorder.record(first, intent_index, |t| {
                t.problems_resolved += 1;
                t.resolved_problem_contacts += u64::from(attempts);
                t.resolution_time += since_first;
                t.problems_resolved_within += u64::from(within_window);
            });
            self.problems.remove(c.problem);
        } else if churned {
            self.recorder
                .record(first, intent_index, |t| t.problems_lost += 1);
            self.problems.remove(c.problem);
        } else if attempts >= sc.repeats.max_attempts {
            self.recorder
                .record(first, intent_index, |t| t.problems_gave_up += 1);
            self.problems.remove(c.problem);
        } else {
            self.calendar
                .schedule(now + c.draws.repeat_delay, Event::Return(c.problem));
        }
    }
    /// Gives waiting contacts to free slots of `pool` while both exist.
    fn dispatch(&mut self, pool: u32) {
        let now = self.calendar.now();
        while self.pools[pool as usize].has_free_slot() && self.state.waiting > 0 {
            let Some(key) = self.next_for_pool(pool) else {
                return;
            };
            self.state.waiting -= 1;
            let intent = self.contacts.get(key).map_or(0, |c| c.intent as usize);
            self.waiting_by_intent[intent] -= 1;
            self.answer(now, pool, key);
        }
    }

    /// Removes and returns the contact a free agent of `pool` takes next: highest priority,
    /// then longest waiting; ties between intents go to the one listed first.
    fn next_for_pool(&mut self, pool: u32) -> Option<SlabKey> {
        let mut best: Option<(usize, i32, f64)> = None;
        for &intent in &self.scenario.pools[pool as usize].skills {
            let queue = &mut self.queues[intent];
            // Drop abandoned contacts from the head.
            while let Some(&head) = queue.front() {
                if self.contacts.get(head).is_some() {
                    break;
                }
                queue.pop_front();
                self.stale[intent] = self.stale[intent].saturating_sub(1);
            }
            let Some(&head) = queue.front() else {
                continue;
            };
            let queued_at = self
                .contacts
                .get(head)
                .map_or(f64::INFINITY, |c| c.queued_at);
            let priority = self.scenario.intents[intent].priority;
            let better = match best {
                None => true,
                Some((_, p, q)) => priority > p || (priority == p && queued_at < q),
            };
            if better {
                best = Some((intent, priority, queued_at));
            }
        }
        let (intent, _, _) = best?;
        self.queues[intent].pop_front()
    }
}
