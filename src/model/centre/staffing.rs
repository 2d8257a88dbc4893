//! Who is on the floor, over the day and over months: rosters, the workforce's daily moves,
//! gig agents logging in and out, and the timeline's steps.
//!
//! These handlers change the number of agents on duty (and so the floor's capacity and paid
//! time); the contact flow in the parent module reads that number and nothing else. Every
//! change integrates the pool's state up to now first (`advance_pool`), then gives any freed
//! slot to waiting contacts (`dispatch`).

use super::{Centre, Event};
use crate::model::Staffing;
use crate::model::arrivals::ArrivalStream;
use crate::model::streams::workforce_rng;
use crate::units::DAY;

impl Centre<'_> {
    /// Restarts pool `p`'s staffing at `now`: agents on duty for the current interval, and
    /// the chain of changes at the next interval boundaries.
    pub(super) fn restart_staffing(&mut self, now: f64, p: usize) {
        let pool = &self.scenario.pools[p];
        let varies = match (&pool.workforce, &pool.gig) {
            (_, Some(_)) => false,
            (Some(w), None) => w.roster_varies(),
            (None, None) => pool.staffing.varies(),
        };
        // Rosters and staffing cycles are written from Monday 00:00: read them in week time.
        let week_time = now + self.week_phase();
        let interval = match (&pool.workforce, &pool.gig) {
            (_, Some(_)) => (now / DAY + 1e-9).floor() as u64,
            (Some(w), None) => (week_time / w.roster_interval() + 1e-9).floor() as u64,
            (None, None) => pool.staffing.interval_at(week_time),
        };
        let state = &mut self.pools[p];
        state.generation += 1;
        state.staffing_interval = interval;
        self.pools[p].on_duty = self.rostered(p);
        if varies {
            let next = self.interval_start(p, interval + 1);
            if next < self.scenario.simulation.horizon {
                let generation = self.pools[p].generation;
                self.calendar.schedule(
                    next,
                    Event::StaffingChange {
                        pool: p as u32,
                        generation,
                    },
                );
            }
        }
        if pool.gig.is_some() && !self.pools[p].gig_checking {
            self.pools[p].gig_checking = true;
            self.calendar
                .schedule(now, Event::GigCheck { pool: p as u32 });
        }
    }

    /// The weekly cycle phase of the run, seconds ([`crate::units::Calendar::week_phase`]):
    /// staffing interval `k` of a cycle written from Monday begins at its start in the cycle
    /// less this, so each day of the run is staffed as its real weekday.
    fn week_phase(&self) -> f64 {
        self.scenario.simulation.calendar.week_phase()
    }

    /// When staffing interval `k` of pool `p` (not a gig pool) begins, seconds from time 0
    /// (counted in week time: see [`Self::week_phase`]).
    fn interval_start(&self, p: usize, k: u64) -> f64 {
        let pool = &self.scenario.pools[p];
        let in_week_time = match &pool.workforce {
            Some(w) => k as f64 * w.roster_interval(),
            None => pool.staffing.interval_start(k),
        };
        in_week_time - self.week_phase()
    }

    /// Agents of schedule pool `p` paid beyond its schedule because they stay to finish a
    /// contact (past the end of a shift or into an unpaid break): those holding a contact
    /// less those the schedule pays now, or zero; zero for a pool not on a schedule.
    pub(super) fn overrunning(&self, p: usize) -> u32 {
        let (pool, state) = (&self.scenario.pools[p], &self.pools[p]);
        match (&pool.staffing, &pool.workforce, &pool.gig) {
            (Staffing::Schedule(s), None, None) => {
                let holding = state.busy.div_ceil(state.concurrency.max(1));
                holding.saturating_sub(s.segment(state.staffing_interval).paid)
            }
            _ => 0,
        }
    }

    /// Agents pool `p` has on duty in its current staffing interval.
    pub(super) fn rostered(&self, p: usize) -> u32 {
        let (pool, state) = (&self.scenario.pools[p], &self.pools[p]);
        match (&pool.workforce, &pool.gig) {
            (_, Some(_)) => state.on_duty,
            (Some(w), None) => w.on_duty(state.on_floor, pool.shrinkage, state.staffing_interval),
            (None, None) => pool.staffing.agents_in_interval(state.staffing_interval),
        }
    }

    pub(super) fn on_staffing_change(&mut self, now: f64, pool: u32) {
        let p = pool as usize;
        self.advance_pool(now, p);
        self.pools[p].staffing_interval += 1;
        self.pools[p].on_duty = self.rostered(p);
        let next = self.interval_start(p, self.pools[p].staffing_interval + 1);
        if next < self.scenario.simulation.horizon {
            let generation = self.pools[p].generation;
            self.calendar
                .schedule(next, Event::StaffingChange { pool, generation });
        }
        self.update_floor();
        self.dispatch(pool);
    }

    /// Caches pool `p`'s headcount figures and experience after its workforce moved, and
    /// puts the roster's agents on duty.
    pub(super) fn refresh_workforce(&mut self, now: f64, p: usize) {
        let Some(w) = &self.scenario.pools[p].workforce else {
            return;
        };
        self.advance_pool(now, p);
        let state = &mut self.pools[p];
        let people = state
            .workforce
            .as_ref()
            .expect("a workforce pool has people");
        state.employed = people.employed();
        state.on_floor = people.on_floor(now, w);
        state.in_training = state.employed - state.on_floor;
        state.experience = people.experience(now, w);
        self.pools[p].on_duty = self.rostered(p);
        self.update_floor();
        self.dispatch(p as u32);
    }

    pub(super) fn on_workforce_day(&mut self, now: f64) {
        for p in 0..self.pools.len() {
            let Some(w) = &self.scenario.pools[p].workforce else {
                continue;
            };
            let people = self.pools[p].workforce.as_mut().expect("workforce pool");
            let calendar = &self.scenario.simulation.calendar;
            let days_in_month = calendar.days_in_month(calendar.month_of(now));
            let day = (now / DAY).round() as u64;
            let mut rng = workforce_rng(self.workforce_key, p, day);
            let moves = people.day(now, days_in_month, w, &mut rng);
            let hiring_cost = f64::from(moves.hires) * w.hiring_cost;
            self.recorder.record_pool(now, p, |t| {
                t.hires += u64::from(moves.hires);
                t.departures += u64::from(moves.departures);
                t.hiring_cost += hiring_cost;
            });
            self.refresh_workforce(now, p);
        }
        if now + DAY < self.scenario.simulation.horizon {
            self.calendar.schedule(now + DAY, Event::WorkforceDay);
        }
    }

    /// A gig pool looks at the contacts waiting for its intents: it calls agents when the
    /// queue or the expected wait passes its threshold, and logs idle agents out when
    /// nobody waits (see [`super::Gig`]).
    pub(super) fn on_gig_check(&mut self, now: f64, p: usize) {
        let sc = self.scenario;
        let Some(gig) = &sc.pools[p].gig else {
            self.pools[p].gig_checking = false;
            return;
        };
        let skills = &sc.pools[p].skills;
        let waiting: u64 = skills.iter().map(|&i| self.waiting_by_intent[i]).sum();
        let concurrency = u64::from(self.pools[p].concurrency.max(1));
        if waiting > 0 {
            // Expected wait: the work waiting over the slots on duty that can take it.
            let work: f64 = skills
                .iter()
                .map(|&i| self.waiting_by_intent[i] as f64 * sc.intents[i].handle_time.mean())
                .sum();
            let slots: f64 = (0..self.pools.len())
                .filter(|&q| sc.pools[q].skills.iter().any(|s| skills.contains(s)))
                .map(|q| {
                    f64::from(self.pools[q].on_duty * self.pools[q].concurrency)
                        / sc.pools[q].handle_time_factor()
                })
                .sum();
            let expected_wait = if slots > 0.0 {
                work / slots
            } else {
                f64::INFINITY
            };
            let called = gig.log_in_queue.is_some_and(|q| waiting >= u64::from(q))
                || gig.log_in_wait.is_some_and(|w| expected_wait >= w);
            if called {
                let state = &self.pools[p];
                let needed = waiting.div_ceil(concurrency).min(u64::from(u32::MAX)) as u32;
                let room = gig.cap.saturating_sub(state.on_duty + state.gig_called);
                let n = needed.saturating_sub(state.gig_called).min(room);
                if n > 0 {
                    self.pools[p].gig_called += n;
                    self.calendar.schedule(
                        now + gig.response_delay,
                        Event::GigLogIn {
                            pool: p as u32,
                            count: n,
                        },
                    );
                }
            }
        } else {
            let state = &self.pools[p];
            let holding = u64::from(state.busy).div_ceil(concurrency) as u32;
            let mut idle = state.on_duty.saturating_sub(holding);
            // Those who logged in first, once their minimum session is over.
            let mut leaving = 0;
            let sessions = &mut self.pools[p].gig_sessions;
            while idle > 0 {
                let Some(front) = sessions.front_mut() else {
                    break;
                };
                if front.0 + gig.min_session > now {
                    break;
                }
                let n = front.1.min(idle);
                front.1 -= n;
                idle -= n;
                leaving += n;
                if front.1 == 0 {
                    sessions.pop_front();
                }
            }
            if leaving > 0 {
                self.advance_pool(now, p);
                self.pools[p].on_duty -= leaving;
                self.update_floor();
            }
        }
        let next = now + gig.check_every;
        if next < sc.simulation.horizon {
            self.calendar
                .schedule(next, Event::GigCheck { pool: p as u32 });
        } else {
            self.pools[p].gig_checking = false;
        }
    }

    pub(super) fn on_gig_log_in(&mut self, now: f64, p: usize, count: u32) {
        let state = &mut self.pools[p];
        state.gig_called -= count;
        let cap = self.scenario.pools[p].gig.as_ref().map_or(0, |g| g.cap);
        let n = count.min(cap.saturating_sub(state.on_duty));
        if n > 0 {
            self.advance_pool(now, p);
            self.pools[p].on_duty += n;
            self.pools[p].gig_sessions.push_back((now, n));
            self.update_floor();
            self.dispatch(p as u32);
        }
    }

    /// Timeline step `n`: the settings change, agents are laid off or hired.
    pub(super) fn on_timeline_step(&mut self, now: f64, n: usize) {
        let root = self.root;
        let step = &root.timeline.steps[n];
        for p in 0..self.pools.len() {
            self.advance_pool(now, p);
        }
        if let Some(settings) = &step.settings {
            self.scenario = settings;
            self.apply_settings();
            for p in 0..self.pools.len() {
                self.restart_staffing(now, p);
            }
        }
        for &(p, count) in &step.layoffs {
            let people = self.pools[p]
                .workforce
                .as_mut()
                .expect("checked: workforce");
            let laid_off = people.lay_off(count);
            let severance = f64::from(laid_off)
                * self.scenario.pools[p]
                    .workforce
                    .as_ref()
                    .map_or(0.0, |w| w.severance);
            self.recorder.record_pool(now, p, |t| {
                t.laid_off += u64::from(laid_off);
                t.severance_cost += severance;
            });
        }
        for &(p, count) in &step.hires {
            if let Some(w) = &self.scenario.pools[p].workforce {
                let people = self.pools[p].workforce.as_mut().expect("workforce");
                people.hire(now, count, w);
            }
        }
        for p in 0..self.pools.len() {
            if self.scenario.pools[p].workforce.is_some() {
                self.refresh_workforce(now, p);
            }
        }
        self.update_floor();
        self.next_step = n + 1;
        if let Some(next) = root.timeline.steps.get(self.next_step) {
            self.calendar
                .schedule(next.at, Event::TimelineStep(self.next_step as u32));
        }
        // Arrivals paused at the step; restart them with the pattern in force.
        self.arrivals = ArrivalStream::starting_at(
            &self.scenario.arrivals,
            &self.scenario.intents,
            now,
            self.seed,
            self.replication,
        );
        self.schedule_next_arrival();
        for p in 0..self.pools.len() {
            self.dispatch(p as u32);
        }
    }
}
