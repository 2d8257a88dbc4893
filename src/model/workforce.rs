//! The workforce of a pool over months: headcount, attrition, hiring, training, the learning
//! curve, layoffs, and the roster that turns heads into agents on duty.
//!
//! A pool with a workforce is not staffed by a number per interval: its agents on duty follow
//! from the people it employs. Each employed agent is paid `hours_per_week` of 168; of the
//! paid time, `shrinkage` is spent off the floor (breaks, meetings, absence); the rest is
//! spread over the day by the `roster` weights and over the week by the `weekly_roster`
//! weights (each scaled to average 1). So on duty in interval `k` of weekday `d` is
//!
//! ```text
//! round(on_floor × hours_per_week / 168 × (1 − shrinkage) × roster[k] × weekly_roster[d])
//! ```
//!
//! where `on_floor` counts employed agents who have finished training.
//!
//! Once a day, [`WorkforceState::day`] applies the moves of the headcount:
//! - **attrition**: each employed agent leaves with the daily probability that compounds to
//!   the monthly rate over the days of the month, `1 − (1 − monthly)^(1 / days)`, drawn per
//!   cohort as a binomial; `days` is the calendar month's (28 to 31) in a run with a start
//!   date, 30.4375 without one ([`crate::units::Calendar::days_in_month`]);
//! - **hiring** (unless frozen): with a `target`, requisitions open for the gap between the
//!   target and the employed plus already-opened requisitions; with `per_month`, that many
//!   hires a month are opened, spread evenly over the days of the month. A requisition becomes a hire
//!   after the `lead_time`; the hire is then paid but in training (off the floor) for the
//!   `training` period. A freeze stops new requisitions, not offers already made.
//! - **learning**: a new agent's handle time starts at `handle_time × learning.handle_time`
//!   and the chance of resolving at `human_resolution × learning.resolution`, both moving
//!   linearly to the pool's values over `learning.proficient_after` of tenure on the floor.
//!   Which agent takes a contact is drawn in proportion to the agents on the floor.
//!
//! Layoffs remove the most recent hires first (trainees, then the newest cohorts on the
//! floor: last in, first out) and cost `severance` each. A hire costs `hiring_cost` on their
//! first day (recruiting and the like), on top of the wages paid through training, which
//! count as labour like any paid hour; the two are what a pool pays for its headcount moves.

use rand::Rng;
use rand_distr::{Binomial, Distribution};

use crate::units::DAY;

/// How new agents improve with tenure.
#[derive(Debug, Clone, PartialEq)]
pub struct Learning {
    /// Factor on handle time of an agent just out of training (1.5: half as long again).
    pub handle_time: f64,
    /// Factor on the chance of resolving of an agent just out of training (0.8).
    pub resolution: f64,
    /// Tenure on the floor after which an agent is fully proficient, seconds.
    pub proficient_after: f64,
}

impl Learning {
    /// The (handle-time factor, resolution factor) of an agent with `tenure` seconds on
    /// the floor.
    pub fn factors(&self, tenure: f64) -> (f64, f64) {
        let progress = if self.proficient_after > 0.0 {
            (tenure / self.proficient_after).clamp(0.0, 1.0)
        } else {
            1.0
        };
        (
            self.handle_time + (1.0 - self.handle_time) * progress,
            self.resolution + (1.0 - self.resolution) * progress,
        )
    }
}

/// How a pool hires.
#[derive(Debug, Clone, PartialEq)]
pub enum HiringPolicy {
    /// No hiring.
    None,
    /// Replace leavers: keep employed plus open requisitions at this headcount.
    Target(u32),
    /// This many hires a month, whatever the headcount.
    PerMonth(f64),
}

/// The workforce settings of a pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Workforce {
    /// Agents employed at the start of the run, all fully proficient.
    pub headcount: u32,
    /// Paid hours per week of one employed agent, hours (40 for full time).
    pub hours_per_week: f64,
    /// Share of employed agents who leave per month, in [0, 1).
    pub attrition: f64,
    /// How the pool hires.
    pub hiring: HiringPolicy,
    /// Whether hiring is frozen: no new requisitions.
    pub frozen: bool,
    /// Time from opening a requisition to the hire's first day, seconds.
    pub lead_time: f64,
    /// Time a hire is paid but in training, off the floor, seconds.
    pub training: f64,
    /// The learning curve (none: new agents are as good as the rest).
    pub learning: Option<Learning>,
    /// Severance cost per laid-off agent, currency units.
    pub severance: f64,
    /// Cost of one hire beyond the wages of training (recruiting, background checks,
    /// equipment), paid on the hire's first day, currency units per hire.
    pub hiring_cost: f64,
    /// Weights of the agents on duty per interval of the day (mean 1).
    pub roster: Vec<f64>,
    /// Weights of the agents on duty per day of the week, Monday first (mean 1; `[1.0]`
    /// when every day is alike).
    pub weekly_roster: Vec<f64>,
}

impl Workforce {
    /// Share of the clock one employed agent spends on the floor: paid hours / 168 × (1 −
    /// shrinkage).
    pub fn availability(&self, shrinkage: f64) -> f64 {
        self.hours_per_week / 168.0 * (1.0 - shrinkage)
    }

    /// Agents on duty in roster interval `k` (counted from time 0, a Monday) for
    /// `on_floor` agents.
    pub fn on_duty(&self, on_floor: u32, shrinkage: f64, k: u64) -> u32 {
        let per_day = self.roster.len() as u64;
        let w = self.roster[(k % per_day) as usize];
        let day = ((k / per_day) % self.weekly_roster.len() as u64) as usize;
        (f64::from(on_floor) * self.availability(shrinkage) * w * self.weekly_roster[day]).round()
            as u32
    }

    /// Whether the number on duty changes during the week (so change events are needed).
    pub fn roster_varies(&self) -> bool {
        self.roster.len() > 1 || self.weekly_roster.windows(2).any(|w| w[0] != w[1])
    }

    /// Whether the pool hires on its own: a policy that opens requisitions (a target above
    /// zero or hires per month) and no freeze. Hires on the timeline are not counted here.
    pub fn hires(&self) -> bool {
        !self.frozen
            && match self.hiring {
                HiringPolicy::None => false,
                HiringPolicy::Target(t) => t > 0,
                HiringPolicy::PerMonth(n) => n > 0.0,
            }
    }

    /// Length of one roster interval, seconds.
    pub fn roster_interval(&self) -> f64 {
        DAY / self.roster.len() as f64
    }
}

/// Agents hired together: the same first day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cohort {
    /// First day (start of training), seconds; `-∞` for the starting headcount.
    pub start: f64,
    /// Agents still employed.
    pub count: u32,
}

/// What one day's update did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayMoves {
    /// Agents who left by attrition.
    pub departures: u32,
    /// Hires who started their first day.
    pub hires: u32,
}

/// The people of a pool during a run.
#[derive(Debug, Clone, Default)]
pub struct WorkforceState {
    /// Employed agents by first day, oldest first.
    pub cohorts: Vec<Cohort>,
    /// Open requisitions: (first day, count), in order of first day.
    pub pipeline: Vec<(f64, u32)>,
    /// Fractional hires owed under a per-month policy.
    credit: f64,
}

impl WorkforceState {
    /// The starting workforce of `w`.
    pub fn new(w: &Workforce) -> Self {
        Self {
            cohorts: vec![Cohort {
                start: f64::NEG_INFINITY,
                count: w.headcount,
            }],
            pipeline: Vec::new(),
            credit: 0.0,
        }
    }

    /// Agents employed (trainees included).
    pub fn employed(&self) -> u32 {
        self.cohorts.iter().map(|c| c.count).sum()
    }

    /// Agents employed who have finished training at `now`.
    pub fn on_floor(&self, now: f64, w: &Workforce) -> u32 {
        self.cohorts
            .iter()
            .filter(|c| c.start + w.training <= now)
            .map(|c| c.count)
            .sum()
    }

    /// Agents in training at `now`.
    pub fn in_training(&self, now: f64, w: &Workforce) -> u32 {
        self.employed() - self.on_floor(now, w)
    }

    /// Requisitions open (hires not started yet).
    pub fn requisitions(&self) -> u32 {
        self.pipeline.iter().map(|p| p.1).sum()
    }

    /// The daily update at `now`, a day of a month of `days_in_month` days (the month the
    /// monthly attrition rate and hires per month are spread over): attrition, hires who
    /// start today, new requisitions.
    pub fn day<R: Rng + ?Sized>(
        &mut self,
        now: f64,
        days_in_month: f64,
        w: &Workforce,
        rng: &mut R,
    ) -> DayMoves {
        let mut moves = DayMoves::default();
        if w.attrition > 0.0 {
            let p = 1.0 - (1.0 - w.attrition).powf(1.0 / days_in_month);
            for c in &mut self.cohorts {
                if c.count > 0 {
                    let leave = Binomial::new(u64::from(c.count), p)
                        .map(|b| b.sample(rng) as u32)
                        .unwrap_or(0);
                    c.count -= leave;
                    moves.departures += leave;
                }
            }
            self.cohorts.retain(|c| c.count > 0);
        }
        // Hires whose first day has come.
        let starting: u32 = self
            .pipeline
            .iter()
            .filter(|p| p.0 <= now)
            .map(|p| p.1)
            .sum();
        self.pipeline.retain(|p| p.0 > now);
        if starting > 0 {
            self.cohorts.push(Cohort {
                start: now,
                count: starting,
            });
            moves.hires = starting;
        }
        if !w.frozen {
            let open = match w.hiring {
                HiringPolicy::None => 0,
                HiringPolicy::Target(target) => {
                    target.saturating_sub(self.employed() + self.requisitions())
                }
                HiringPolicy::PerMonth(n) => {
                    self.credit += n / days_in_month;
                    let whole = self.credit.floor();
                    self.credit -= whole;
                    whole as u32
                }
            };
            self.hire(now, open, w);
        }
        self.merge_proficient(now, w);
        moves
    }

    /// Opens `count` requisitions at `now`; they start after the lead time.
    pub fn hire(&mut self, now: f64, count: u32, w: &Workforce) {
        if count > 0 {
            self.pipeline.push((now + w.lead_time, count));
        }
    }

    /// Lays off up to `count` agents, newest first; returns how many were laid off.
    pub fn lay_off(&mut self, count: u32) -> u32 {
        let mut left = count;
        while left > 0 {
            let Some(last) = self.cohorts.last_mut() else {
                break;
            };
            let n = last.count.min(left);
            last.count -= n;
            left -= n;
            if last.count == 0 {
                self.cohorts.pop();
            }
        }
        count - left
    }

    /// Folds cohorts that are fully proficient into the oldest one, so the list stays as
    /// short as the learning period.
    fn merge_proficient(&mut self, now: f64, w: &Workforce) {
        let done = w.training + w.learning.as_ref().map_or(0.0, |l| l.proficient_after);
        let proficient = self
            .cohorts
            .iter()
            .take_while(|c| c.start + done <= now)
            .count();
        if proficient > 1 {
            let count = self.cohorts[..proficient].iter().map(|c| c.count).sum();
            self.cohorts.drain(1..proficient);
            self.cohorts[0] = Cohort {
                start: f64::NEG_INFINITY,
                count,
            };
        }
    }

    /// The experience of the agents on the floor at `now`: (cumulative share of the
    /// agents, handle-time factor, resolution factor), oldest first; empty without a
    /// learning curve or without agents on the floor.
    pub fn experience(&self, now: f64, w: &Workforce) -> Vec<(f64, f64, f64)> {
        let Some(learning) = &w.learning else {
            return Vec::new();
        };
        let floor: Vec<&Cohort> = self
            .cohorts
            .iter()
            .filter(|c| c.start + w.training <= now && c.count > 0)
            .collect();
        let total: f64 = floor.iter().map(|c| f64::from(c.count)).sum();
        if total == 0.0 {
            return Vec::new();
        }
        let mut acc = 0.0;
        floor
            .iter()
            .map(|c| {
                acc += f64::from(c.count) / total;
                let (h, r) = learning.factors(now - (c.start + w.training));
                (acc, h, r)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::MONTH;

    /// Days in one average month (30.4375): the month of a run without a start date.
    const DAYS_PER_MONTH: f64 = MONTH / DAY;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn workforce() -> Workforce {
        Workforce {
            headcount: 100,
            hours_per_week: 40.0,
            attrition: 0.0,
            hiring: HiringPolicy::None,
            frozen: false,
            lead_time: 0.0,
            training: 0.0,
            learning: None,
            severance: 0.0,
            hiring_cost: 0.0,
            roster: vec![1.0],
            weekly_roster: vec![1.0],
        }
    }

    #[test]
    fn a_roster_turns_heads_into_agents_on_duty() {
        // 168 agents at 40 h a week with 25 % shrinkage: 168 × 40/168 × 0.75 = 30 on duty.
        let mut w = workforce();
        assert_eq!(w.on_duty(168, 0.25, 0), 30);
        // A roster of [0.5, 1.5]: 15 at night, 45 by day.
        w.roster = vec![0.5, 1.5];
        assert_eq!(w.on_duty(168, 0.25, 0), 15);
        assert_eq!(w.on_duty(168, 0.25, 3), 45);
        // Busier weekdays: 1.16 from Monday to Friday, 0.6 at the weekend (mean 1).
        w.weekly_roster = vec![1.16, 1.16, 1.16, 1.16, 1.16, 0.6, 0.6];
        assert_eq!(
            w.on_duty(168, 0.25, 1),
            52,
            "Monday by day: 30 × 1.5 × 1.16 = 52.2"
        );
        assert_eq!(
            w.on_duty(168, 0.25, 2 * 5 + 1),
            27,
            "Saturday by day: 30 × 1.5 × 0.6"
        );
        assert!(w.roster_varies());
    }

    #[test]
    fn attrition_compounds_to_the_monthly_rate() {
        // 10,000 agents at 2 % a month: after one month (30.4375 days; whole days here, so
        // 30 updates and a fraction) about 9,800 remain. Over 30 daily draws the count of
        // leavers is binomial with p = 1 − 0.98^(30/30.4375) ≈ 0.01972: mean 197.2, sd 13.9.
        let mut w = workforce();
        w.headcount = 10_000;
        w.attrition = 0.02;
        let mut s = WorkforceState::new(&w);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut left = 0;
        for d in 0..30 {
            left += s
                .day(d as f64 * DAY, DAYS_PER_MONTH, &w, &mut rng)
                .departures;
        }
        let p = 1.0 - 0.98f64.powf(30.0 / 30.4375);
        let (mean, sd) = (10_000.0 * p, (10_000.0 * p * (1.0 - p)).sqrt());
        assert!(
            (f64::from(left) - mean).abs() < 4.0 * sd,
            "{left} left, expected {mean:.1} ± 4 × {sd:.1}"
        );
        assert_eq!(s.employed(), 10_000 - left);
    }

    #[test]
    fn hiring_to_target_waits_for_the_lead_time_then_trains() {
        // Target 110 with 100 employed: 10 requisitions on day 0, first day after the 14-day
        // lead time, on the floor after 7 more days of training.
        let mut w = workforce();
        w.hiring = HiringPolicy::Target(110);
        w.lead_time = 14.0 * DAY;
        w.training = 7.0 * DAY;
        let mut s = WorkforceState::new(&w);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        s.day(0.0, DAYS_PER_MONTH, &w, &mut rng);
        assert_eq!((s.employed(), s.requisitions()), (100, 10));
        for d in 1..14 {
            let m = s.day(d as f64 * DAY, DAYS_PER_MONTH, &w, &mut rng);
            assert_eq!(m.hires, 0, "day {d}: no hire before the lead time");
            assert_eq!(
                s.requisitions(),
                10,
                "no second requisition for the same gap"
            );
        }
        assert_eq!(s.day(14.0 * DAY, DAYS_PER_MONTH, &w, &mut rng).hires, 10);
        assert_eq!(s.employed(), 110);
        assert_eq!(s.in_training(14.0 * DAY, &w), 10);
        assert_eq!(s.on_floor(20.0 * DAY, &w), 100);
        assert_eq!(s.on_floor(21.0 * DAY, &w), 110);
        // A freeze opens no requisition even when someone leaves.
        w.frozen = true;
        s.lay_off(5);
        s.day(22.0 * DAY, DAYS_PER_MONTH, &w, &mut rng);
        assert_eq!(s.requisitions(), 0);
    }

    #[test]
    fn hires_per_month_are_spread_over_the_days() {
        // 30.4375 hires a month is one a day.
        let mut w = workforce();
        w.hiring = HiringPolicy::PerMonth(30.4375);
        let mut s = WorkforceState::new(&w);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for d in 0..10 {
            s.day(d as f64 * DAY, DAYS_PER_MONTH, &w, &mut rng);
        }
        // Requisitions of days 0–8 started on days 0–8 (no lead time, starting the next
        // update), the 10th is still open.
        assert_eq!(s.employed() + s.requisitions(), 110);
    }

    #[test]
    fn the_learning_curve_is_linear_in_tenure() {
        let l = Learning {
            handle_time: 1.5,
            resolution: 0.8,
            proficient_after: 60.0 * DAY,
        };
        assert_eq!(l.factors(0.0), (1.5, 0.8));
        let (h, r) = l.factors(30.0 * DAY);
        assert!((h - 1.25).abs() < 1e-12 && (r - 0.9).abs() < 1e-12);
        assert_eq!(l.factors(90.0 * DAY), (1.0, 1.0));
        // 100 veterans and 25 hires 30 days out of training: a fifth of the contacts go to a
        // hire with factors (1.25, 0.9).
        let mut w = workforce();
        w.learning = Some(l);
        let mut s = WorkforceState::new(&w);
        s.cohorts.push(Cohort {
            start: 10.0 * DAY,
            count: 25,
        });
        let e = s.experience(40.0 * DAY, &w);
        assert_eq!(e.len(), 2);
        assert!((e[0].0 - 0.8).abs() < 1e-12 && e[0].1 == 1.0);
        assert!((e[1].0 - 1.0).abs() < 1e-12 && (e[1].1 - 1.25).abs() < 1e-12);
    }

    #[test]
    fn layoffs_take_the_newest_first() {
        let w = workforce();
        let mut s = WorkforceState::new(&w);
        s.cohorts.push(Cohort {
            start: 5.0,
            count: 10,
        });
        assert_eq!(s.lay_off(15), 15);
        assert_eq!(
            s.cohorts,
            vec![Cohort {
                start: f64::NEG_INFINITY,
                count: 95
            }]
        );
        assert_eq!(s.lay_off(500), 95, "no more than are employed");
    }
}
