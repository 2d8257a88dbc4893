//! Pools of human agents: who is on duty, which intents they may take, how many
//! conversations each holds at once, and what they cost.
//!
//! A pool is staffed in one of four ways: directly (agents on duty per interval of the
//! day or of the week), by a [`Schedule`] of shifts, from a [`Workforce`] (headcount that moves with attrition, hiring
//! and layoffs, put on duty by a roster), or as a [`Gig`] pool (agents who log in when the
//! queue builds).

use super::shift::Schedule;
use super::workforce::Workforce;
use crate::units::DAY;

/// Agents on duty over the day or the week.
#[derive(Debug, Clone, PartialEq)]
pub enum Staffing {
    /// The same number of agents on duty around the clock.
    Constant(u32),
    /// Agents on duty per interval of a cycle that repeats: the cycle (a day or a week) is
    /// cut into as many equal intervals as there are entries, starting at time 0 (a Monday
    /// 00:00). A weekly list of 168 entries gives one number per hour of the week.
    PerInterval {
        /// Agents on duty in each interval of the cycle, in time order; at least one.
        agents: Vec<u32>,
        /// Length of the cycle the list covers, seconds ([`DAY`] or
        /// [`WEEK`](crate::units::WEEK)).
        cycle: f64,
    },
    /// Agents on shifts, week after week (see [`super::shift`]): on the floor from the start
    /// of their shift to its end, off it during their breaks.
    ///
    /// Agents of a pool are interchangeable, so when a shift ends or a break begins, the
    /// agents who leave the floor are idle ones first; an agent who holds a contact finishes
    /// it before leaving, and no new contact is given to the pool while its busy slots are at
    /// or above its slots on the floor (as when any staffing falls). A break ends at its
    /// planned time, shortened by the overrun. Paid agents at any moment are the schedule's
    /// (on the floor or on a paid break) or the agents still holding a contact, whichever
    /// are more: paid time runs from the shift start to the agent's actual departure, unpaid
    /// breaks left out. An agent who overruns is paid at [`Schedule::overrun_rate`].
    Schedule(Schedule),
}

impl Staffing {
    /// Length of one staffing interval in seconds (a whole day for constant staffing); for
    /// a schedule, whose stretches of constant staffing differ in length, the week.
    pub fn interval_length(&self) -> f64 {
        match self {
            Staffing::Constant(_) => DAY,
            Staffing::PerInterval { agents, cycle } => cycle / agents.len() as f64,
            Staffing::Schedule(_) => crate::units::WEEK,
        }
    }

    /// When staffing interval `k` begins, seconds from time 0 (for a schedule, its `k`-th
    /// segment counted over the weeks).
    pub fn interval_start(&self, k: u64) -> f64 {
        match self {
            Staffing::Schedule(s) => s.segment_start(k),
            _ => k as f64 * self.interval_length(),
        }
    }

    /// The staffing interval in force at `t` seconds.
    pub fn interval_at(&self, t: f64) -> u64 {
        match self {
            Staffing::Schedule(s) => s.segment_at(t),
            _ => (t / self.interval_length() + 1e-9).floor() as u64,
        }
    }

    /// Agents on duty during staffing interval `k`, counted from time 0.
    pub fn agents_in_interval(&self, k: u64) -> u32 {
        match self {
            Staffing::Constant(n) => *n,
            Staffing::PerInterval { agents, .. } => agents[(k % agents.len() as u64) as usize],
            Staffing::Schedule(s) => s.segment(k).on_duty,
        }
    }

    /// Average number of agents on duty over the cycle (over a day for constant staffing).
    pub fn mean_agents(&self) -> f64 {
        match self {
            Staffing::Constant(n) => *n as f64,
            Staffing::PerInterval { agents, .. } => {
                agents.iter().map(|&n| n as f64).sum::<f64>() / agents.len() as f64
            }
            Staffing::Schedule(s) => s.mean_on_duty(),
        }
    }

    /// Whether the number on duty changes over the cycle (so change events are needed).
    pub fn varies(&self) -> bool {
        match self {
            Staffing::Constant(_) => false,
            Staffing::PerInterval { agents, .. } => agents.windows(2).any(|w| w[0] != w[1]),
            Staffing::Schedule(s) => s.segments().len() > 1,
        }
    }
}

/// A pool of interchangeable human agents.
///
/// **Concurrency.** An agent of a pool with concurrency `k` holds up to `k` conversations at
/// once (chat). Each conversation then takes longer than it would alone: its handle time is
/// multiplied by `1 + concurrency_stretch × (k − 1)`. With `k = 3` and a stretch of 0.3, a
/// 6-minute chat takes 9.6 minutes of elapsed time, and an agent finishes 3 / 1.6 = 1.9 times
/// as many chats per hour as one who holds a single chat.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Name as written in the scenario.
    pub name: String,
    /// Agents on duty (on the floor, available to take contacts) over the day or the week.
    pub staffing: Staffing,
    /// Indices of the intents this pool may take (its skills), in scenario order.
    pub skills: Vec<usize>,
    /// Conversations one agent holds at once (1 for voice).
    pub concurrency: u32,
    /// Stretch of each conversation's handle time per additional concurrent slot.
    pub concurrency_stretch: f64,
    /// Share of paid time not on the floor (breaks, training, absence), in [0, 1).
    /// Paid agents = agents on duty / (1 − shrinkage).
    pub shrinkage: f64,
    /// Cost of one paid agent-hour (for a gig pool: one logged-in hour), currency units.
    pub hourly_cost: f64,
    /// Payment per answered contact on top of the paid time (gig and outsourced pools),
    /// currency units.
    pub cost_per_contact: f64,
    /// Headcount dynamics; when present, agents on duty follow from the headcount and
    /// `staffing` is not used.
    pub workforce: Option<Workforce>,
    /// Elastic log-in; when present, agents on duty are those logged in.
    pub gig: Option<Gig>,
}

/// Gig agents: elastic capacity that logs in when the queue builds and out when it drains.
///
/// Every `check_every`, the pool looks at the contacts waiting for the intents it may take.
/// When they number at least `log_in_queue`, or their expected wait (waiting contacts × mean
/// handle time / conversation slots on duty for them) reaches `log_in_wait`, it calls enough
/// agents to take them all (waiting ÷ concurrency, at least one), up to `cap` logged in or
/// called; they log in after `response_delay`. When nobody is waiting for its intents, its
/// agents who hold no conversation and have been logged in for at least `min_session` log
/// out (those who logged in first, first). Gig agents are paid `hourly_cost` per
/// logged-in hour (no shrinkage) and `cost_per_contact` per answered contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Gig {
    /// Most agents logged in (or called) at once.
    pub cap: u32,
    /// Contacts waiting for the pool's intents at which more agents are called.
    pub log_in_queue: Option<u32>,
    /// Expected wait of the pool's intents at which more agents are called, seconds.
    pub log_in_wait: Option<f64>,
    /// Time from the call to the agent's log-in, seconds.
    pub response_delay: f64,
    /// Time between two looks at the queue, seconds.
    pub check_every: f64,
    /// Shortest time an agent stays logged in, seconds (gig workers sign up for blocks).
    pub min_session: f64,
}

impl Pool {
    /// Factor applied to handle times of conversations taken by this pool.
    pub fn handle_time_factor(&self) -> f64 {
        1.0 + self.concurrency_stretch * f64::from(self.concurrency.saturating_sub(1))
    }

    /// Average agents on duty at the start of a run: the roster's average, the workforce's
    /// starting headcount on the floor, or a gig pool's cap (all it can call).
    pub fn mean_agents(&self) -> f64 {
        match (&self.workforce, &self.gig) {
            (_, Some(g)) => f64::from(g.cap),
            (Some(w), None) => f64::from(w.headcount) * w.availability(self.shrinkage),
            (None, None) => self.staffing.mean_agents(),
        }
    }

    /// Agents paid for `on_duty` agents on the floor: on duty / (1 − shrinkage).
    pub fn paid_for(&self, on_duty: u32) -> f64 {
        f64::from(on_duty) / (1.0 - self.shrinkage)
    }

    /// Labour cost per second of `paid` agents, currency units.
    pub fn cost_per_second(&self, paid: f64) -> f64 {
        paid * self.hourly_cost / 3600.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::WEEK;

    #[test]
    fn a_weekly_list_cuts_the_week_from_monday() {
        // Weekdays staffed, the weekend closed: one interval per day of the week.
        let week = Staffing::PerInterval {
            agents: vec![10, 10, 10, 10, 10, 0, 0],
            cycle: WEEK,
        };
        assert_eq!(week.interval_length(), DAY);
        let by_day: Vec<u32> = (0..14).map(|k| week.agents_in_interval(k)).collect();
        assert_eq!(by_day[..7], [10, 10, 10, 10, 10, 0, 0]);
        assert_eq!(by_day[7..], by_day[..7], "repeated weekly");
        assert!((week.mean_agents() - 50.0 / 7.0).abs() < 1e-12);
        assert!(week.varies());
        // 168 numbers: one an hour; hour 24 × 2 + 9 is Wednesday 09:00.
        let hourly = Staffing::PerInterval {
            agents: (0..168).collect(),
            cycle: WEEK,
        };
        assert_eq!(hourly.interval_length(), 3600.0);
        assert_eq!(hourly.agents_in_interval(2 * 24 + 9), 57);
        assert_eq!(hourly.agents_in_interval(168 + 2 * 24 + 9), 57);
        // The same list over the day is 24 hours long and repeats daily.
        let daily = Staffing::PerInterval {
            agents: vec![3; 24],
            cycle: DAY,
        };
        assert_eq!(daily.interval_length(), 3600.0);
        assert!(!daily.varies());
    }

    #[test]
    fn concurrency_and_shrinkage_are_worked_out_by_hand() {
        let p = Pool {
            name: "chat".into(),
            staffing: Staffing::Constant(10),
            skills: vec![0],
            concurrency: 3,
            concurrency_stretch: 0.3,
            shrinkage: 0.2,
            hourly_cost: 36.0,
            cost_per_contact: 0.0,
            workforce: None,
            gig: None,
        };
        assert!((p.handle_time_factor() - 1.6).abs() < 1e-12);
        // 10 on the floor with 20 % shrinkage: 12.5 paid, at 36 an hour = 450 an hour.
        assert!((p.cost_per_second(p.paid_for(10)) * 3600.0 - 450.0).abs() < 1e-9);
    }
}
