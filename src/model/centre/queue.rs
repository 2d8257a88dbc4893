//! The human queue: a contact joins it or is answered at once, waits, abandons when its
//! patience runs out, is served, and frees a slot that the pool's agents give to the next
//! waiting contact (highest priority, then longest wait, among the intents they serve).
//!
//! Queues hold keys and are cleaned lazily: an abandoned contact's key stays until it
//! reaches the head of its queue (or the queue is compacted when stale keys pile up).

use super::{Centre, Event};
use crate::engine::SlabKey;
use crate::model::contact::{Ending, Stage};

impl Centre<'_> {
    /// Contact `key` reaches the human side at `now`: answered at once or queued.
    pub(super) fn enter_human_queue(&mut self, now: f64, key: SlabKey) {
        let c = self.contacts.get_mut(key).expect("contact exists");
        c.queued_at = now;
        c.stage = Stage::Waiting;
        let intent = c.intent as usize;
        if let Some(g) = self.recorder.group_of(intent) {
            // With one group, the whole human side: busy slots and waiting contacts.
            let found = if self.in_system_by_group.len() == 1 {
                self.state.busy + self.state.waiting
            } else {
                self.in_system_by_group[g]
            };
            self.recorder.found_in_system(c.arrived, g, found);
            self.in_system_by_group[g] += 1;
        }
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
        let deadline = if counts_bot_time { c.arrived } else { now } + c.draws.patience;
        self.queues[intent].push_back(key);
        self.state.waiting += 1;
        self.waiting_by_intent[intent] += 1;
        if deadline.is_finite() {
            self.calendar
                .schedule(deadline.max(now), Event::PatienceEnds(key));
        }
    }

    /// An agent of `pool` answers contact `key` at `now`.
    pub(super) fn answer(&mut self, now: f64, pool: u32, key: SlabKey) {
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
        c.pool = pool;
        let spec = &sc.pools[pool as usize];
        let handle = c.draws.handle_time * spec.handle_time_factor() * context * experience;
        let contact_cost = spec.cost_per_contact;
        let within = c.wait <= sc.threshold(c.intent as usize);
        self.recorder
            .pool_answered(pool as usize, c.arrived, c.wait, handle, contact_cost);
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

    pub(super) fn on_patience_end(&mut self, now: f64, key: SlabKey) {
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
        if let Some(g) = self.recorder.group_of(intent) {
            self.in_system_by_group[g] -= 1;
        }
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

    pub(super) fn on_service_end(&mut self, now: f64, pool: u32, key: SlabKey) {
        self.advance_pool(now, pool as usize);
        let overran = self.overrunning(pool as usize) > 0;
        self.pools[pool as usize].busy -= 1;
        self.state.busy -= 1;
        if overran {
            // An agent who stayed past the schedule to finish this contact leaves.
            self.update_floor();
        }
        let c = self.contacts.get(key).expect("a contact in service exists");
        let intent = c.intent as usize;
        if let Some(g) = self.recorder.group_of(intent) {
            self.in_system_by_group[g] -= 1;
        }
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

    /// Gives waiting contacts to free slots of `pool` while both exist.
    pub(super) fn dispatch(&mut self, pool: u32) {
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
    pub(super) fn next_for_pool(&mut self, pool: u32) -> Option<SlabKey> {
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
