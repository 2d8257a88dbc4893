//! The contact centre as a discrete-event model: arrivals, the human queue, agents, abandonment.
//!
//! # The flow
//!
//! A contact arrives with an intent, a handle time and a patience, all drawn at arrival from
//! their own random streams. If an agent of a pool with the skill is free, the contact is
//! answered at once; otherwise it joins its intent's queue and a patience timer starts. A free
//! agent takes, among the intents its pool may serve, the waiting contact of highest priority,
//! then the one that has waited longest. When the timer fires for a contact still waiting, the
//! customer abandons; if the contact was answered meanwhile, the timer is stale and ignored.
//!
//! **Choosing among idle agents of several pools**: an arriving contact goes to the first pool,
//! in scenario order, that has the skill and a free agent (list preferred pools first).
//!
//! **When staffing falls** during the day, agents who are busy finish their contact before
//! leaving; no new contact is given to a pool while its busy agents are at or above the number
//! on duty.
//!
//! Contacts live in a [`Slab`] from arrival to the end of service, so memory follows the
//! contacts in the system. Queues hold keys; abandoned contacts are removed lazily when they
//! reach the head of their queue.

use std::collections::VecDeque;

use rand::rngs::Xoshiro256PlusPlus;

use crate::engine::{Calendar, Slab, SlabKey};
use crate::experiment::seeds::{Stream, stream_rng};
use crate::metrics::{Recorder, RunTallies, StateSnapshot};
use crate::model::arrivals::ArrivalStream;
use crate::model::distribution::unit_interval;
use crate::scenario::Scenario;

/// What can happen in the contact centre.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// The next contact arrives.
    Arrival,
    /// A waiting customer's patience runs out (stale if the contact was answered).
    PatienceEnds(SlabKey),
    /// An agent of `pool` finishes `contact`.
    ServiceEnds { pool: u32, contact: SlabKey },
    /// The number of agents on duty in `pool` changes (a new staffing interval begins).
    StaffingChange { pool: u32 },
}

/// One contact in the system.
#[derive(Debug, Clone, Copy)]
struct Contact {
    intent: u32,
    arrived: f64,
    handle_time: f64,
    /// Whether it found no free agent and had to queue.
    queued: bool,
    /// Whether an agent has answered it.
    answered: bool,
}

#[derive(Debug, Clone)]
struct PoolState {
    on_duty: u32,
    busy: u32,
    staffing_interval: u64,
}

impl PoolState {
    fn has_free_agent(&self) -> bool {
        self.busy < self.on_duty
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
    /// Largest number of contacts in the system at once (waiting or in service).
    pub peak_contacts_in_system: usize,
}

/// The state of one run.
struct Centre<'a> {
    scenario: &'a Scenario,
    calendar: Calendar<Event>,
    contacts: Slab<Contact>,
    /// Waiting contacts per intent, oldest first; may hold stale keys of abandoned contacts.
    queues: Vec<VecDeque<SlabKey>>,
    pools: Vec<PoolState>,
    /// For each intent, the pools that may serve it, in scenario order.
    pools_for_intent: Vec<Vec<u32>>,
    /// Cumulative shares of the intents, for drawing an intent.
    cumulative_share: Vec<f64>,
    state: StateSnapshot,
    recorder: Recorder,
    arrivals: ArrivalStream,
    rng_arrivals: Xoshiro256PlusPlus,
    rng_service: Xoshiro256PlusPlus,
    rng_customer: Xoshiro256PlusPlus,
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
        let mut pools_for_intent = vec![Vec::new(); scenario.intents.len()];
        for (p, pool) in scenario.pools.iter().enumerate() {
            for &i in &pool.skills {
                pools_for_intent[i].push(p as u32);
            }
        }
        let mut acc = 0.0;
        let cumulative_share = scenario
            .intents
            .iter()
            .map(|i| {
                acc += i.share;
                acc
            })
            .collect();
        Self {
            scenario,
            calendar: Calendar::new(),
            contacts: Slab::new(),
            queues: vec![VecDeque::new(); scenario.intents.len()],
            pools: scenario
                .pools
                .iter()
                .map(|p| PoolState {
                    on_duty: p.staffing.agents_in_interval(0),
                    busy: 0,
                    staffing_interval: 0,
                })
                .collect(),
            pools_for_intent,
            cumulative_share,
            state: StateSnapshot::default(),
            recorder: Recorder::new(
                sim.warmup,
                sim.horizon,
                sim.interval,
                sim.service_level_threshold,
                scenario.intents.len(),
            ),
            arrivals: ArrivalStream::new(&scenario.arrivals),
            rng_arrivals: stream_rng(seed, replication, Stream::Arrivals),
            rng_service: stream_rng(seed, replication, Stream::Service),
            rng_customer: stream_rng(seed, replication, Stream::Customer),
            events: 0,
            contacts_created: 0,
        }
    }

    fn run(&mut self) {
        let horizon = self.scenario.simulation.horizon;
        self.state.on_duty = self.pools.iter().map(|p| u64::from(p.on_duty)).sum();
        for (p, pool) in self.scenario.pools.iter().enumerate() {
            if pool.staffing.varies() {
                let at = pool.staffing.interval_length();
                self.calendar
                    .schedule(at, Event::StaffingChange { pool: p as u32 });
            }
        }
        self.schedule_next_arrival();
        while let Some((now, event)) = self.calendar.pop_until(horizon) {
            self.events += 1;
            self.recorder.advance(now, &self.state);
            match event {
                Event::Arrival => self.on_arrival(now),
                Event::PatienceEnds(key) => self.on_patience_end(now, key),
                Event::ServiceEnds { pool, contact } => self.on_service_end(pool, contact),
                Event::StaffingChange { pool } => self.on_staffing_change(pool),
            }
        }
    }

    fn finish(mut self) -> Replication {
        let peak = self.contacts.capacity_used();
        let waiting: Vec<(f64, u32)> = self
            .contacts
            .iter()
            .filter(|c| !c.answered)
            .map(|c| (c.arrived, c.intent))
            .collect();
        for (arrived, intent) in waiting {
            self.recorder.waiting_at_end(arrived, intent as usize);
        }
        Replication {
            tallies: self.recorder.finish(&self.state),
            events: self.events,
            contacts: self.contacts_created,
            peak_contacts_in_system: peak,
        }
    }

    fn schedule_next_arrival(&mut self) {
        let horizon = self.scenario.simulation.horizon;
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
        let u = unit_interval(&mut self.rng_arrivals) * self.cumulative_share.last().unwrap();
        self.cumulative_share
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative_share.len() - 1)
    }

    fn on_arrival(&mut self, now: f64) {
        self.contacts_created += 1;
        let intent = self.draw_intent();
        let spec = &self.scenario.intents[intent];
        let handle_time = spec.handle_time.sample(&mut self.rng_service);
        let patience = spec
            .patience
            .as_ref()
            .map_or(f64::INFINITY, |d| d.sample(&mut self.rng_customer));
        self.recorder.offered(now, intent);
        let mut contact = Contact {
            intent: intent as u32,
            arrived: now,
            handle_time,
            queued: false,
            answered: false,
        };
        let free_pool = self.pools_for_intent[intent]
            .iter()
            .copied()
            .find(|&p| self.pools[p as usize].has_free_agent());
        if let Some(pool) = free_pool {
            let key = self.contacts.insert(contact);
            self.answer(now, pool, key);
        } else {
            contact.queued = true;
            let key = self.contacts.insert(contact);
            self.queues[intent].push_back(key);
            self.state.waiting += 1;
            self.recorder.queue_grew(now, self.state.waiting);
            if patience.is_finite() {
                self.calendar
                    .schedule(now + patience, Event::PatienceEnds(key));
            }
        }
        self.schedule_next_arrival();
    }

    /// An agent of `pool` answers contact `key` at `now`.
    fn answer(&mut self, now: f64, pool: u32, key: SlabKey) {
        let c = self.contacts.get_mut(key).expect("answered contact exists");
        debug_assert!(!c.answered, "a contact is never answered twice");
        c.answered = true;
        let (arrived, intent, handle, queued) = (c.arrived, c.intent, c.handle_time, c.queued);
        let p = &mut self.pools[pool as usize];
        debug_assert!(p.busy < p.on_duty, "an agent is never busy twice");
        p.busy += 1;
        self.state.busy += 1;
        self.recorder
            .answered(arrived, intent as usize, now - arrived, handle, queued);
        self.calendar
            .schedule(now + handle, Event::ServiceEnds { pool, contact: key });
    }

    fn on_patience_end(&mut self, now: f64, key: SlabKey) {
        // A stale timer: the contact was answered (and maybe already gone).
        let Some(c) = self.contacts.get(key) else {
            return;
        };
        if c.answered {
            return;
        }
        let (arrived, intent) = (c.arrived, c.intent);
        self.contacts.remove(key);
        self.state.waiting -= 1;
        self.recorder
            .abandoned(arrived, intent as usize, now - arrived);
    }

    fn on_service_end(&mut self, pool: u32, key: SlabKey) {
        self.contacts.remove(key);
        self.pools[pool as usize].busy -= 1;
        self.state.busy -= 1;
        self.dispatch(pool);
    }

    fn on_staffing_change(&mut self, pool: u32) {
        let staffing = &self.scenario.pools[pool as usize].staffing;
        let p = &mut self.pools[pool as usize];
        p.staffing_interval += 1;
        let before = p.on_duty;
        p.on_duty = staffing.agents_in_interval(p.staffing_interval);
        self.state.on_duty = self.state.on_duty + u64::from(p.on_duty) - u64::from(before);
        let next = (p.staffing_interval + 1) as f64 * staffing.interval_length();
        self.calendar.schedule(next, Event::StaffingChange { pool });
        self.dispatch(pool);
    }

    /// Gives waiting contacts to free agents of `pool` while both exist.
    fn dispatch(&mut self, pool: u32) {
        let now = self.calendar.now();
        while self.pools[pool as usize].has_free_agent() && self.state.waiting > 0 {
            let Some(key) = self.next_for_pool(pool) else {
                return;
            };
            self.state.waiting -= 1;
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
            }
            let Some(&head) = queue.front() else {
                continue;
            };
            let arrived = self.contacts.get(head).map_or(f64::INFINITY, |c| c.arrived);
            let priority = self.scenario.intents[intent].priority;
            let better = match best {
                None => true,
                Some((_, p, a)) => priority > p || (priority == p && arrived < a),
            };
            if better {
                best = Some((intent, priority, arrived));
            }
        }
        let (intent, _, _) = best?;
        self.queues[intent].pop_front()
    }
}
