//! The recorder of one run: it applies the measurement window (warm-up excluded) and splits
//! the tallies by reporting interval, by intent, by pool and by month.
//!
//! Months are the report's calendar for runs over many months: month `m` covers the run's
//! `m`-th month ([`Calendar`]: a calendar month from the start date, or 30.4375 days without
//! one), and holds its own total, per-intent and per-pool tallies, so that a multi-year run
//! keeps a few dozen tallies rather than tens of thousands of hourly ones per intent.

use super::{StateSnapshot, Tally};
use crate::units::Calendar;

/// Everything one replication measured.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTallies {
    /// The whole measurement window, from the end of the warm-up to the horizon.
    pub total: Tally,
    /// One tally per reporting interval, from time 0; intervals that end before the warm-up
    /// ends are empty.
    pub intervals: Vec<Tally>,
    /// One tally per intent, in scenario order (time-weighted parts left empty).
    pub intents: Vec<Tally>,
    /// One tally per pool, in scenario order: its time-weighted part (agents, occupancy,
    /// paid hours, labour cost) and the contacts it answered.
    pub pools: Vec<Tally>,
    /// One entry per month of the run (see the module docs), from time 0.
    pub months: Vec<MonthTallies>,
    /// One entry per report window ([`Recorder::record_windows`]), in the order given;
    /// empty without windows. A window is tallied like a month: contacts by their arrival
    /// time, the floor's and the pools' time-weighted parts over the window.
    pub windows: Vec<MonthTallies>,
    /// Per group of an [`InSystemSplit`] and per reporting interval, a histogram of the
    /// number in system of that group that contacts of the group found on reaching the human
    /// queue: `in_system[g][k][l]` contacts of group `g` that arrived in interval `k` found
    /// `l` contacts of group `g` in conversation or waiting (whichever pool serves them).
    /// With one group that is the number in system of the whole human side. Empty unless
    /// the recorder was asked for it ([`Recorder::record_in_system`]); the iterative
    /// staffing algorithm reads it.
    pub in_system: Vec<Vec<Vec<u32>>>,
    /// Per group of an [`InSystemSplit`] of two groups or more and per reporting interval,
    /// the contact tallies (offered, answered, waits, handle time, abandonment) of the
    /// group's contacts, by arrival interval; time-weighted parts left empty. Empty with one
    /// group (the group's tallies are then [`intervals`](Self::intervals)) or without a
    /// split.
    pub group_intervals: Vec<Vec<Tally>>,
}

/// How the staffing search splits the contacts in system into groups, one per pool it
/// searches: `group[i]` is the group whose load the contacts of intent `i` are (the intent's
/// *primary pool* among the pools searched). The split follows the contact's intent, not
/// the pool that serves it, so a contact that overflows to another pool still counts in its
/// own group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InSystemSplit {
    /// Per intent, in scenario order, the index of its group (`< groups`).
    pub group: Vec<usize>,
    /// Number of groups (at least 1).
    pub groups: usize,
}

impl InSystemSplit {
    /// Every intent in one group: the number in system of the whole human side.
    pub fn whole(intents: usize) -> Self {
        InSystemSplit {
            group: vec![0; intents],
            groups: 1,
        }
    }
}

/// The tallies of one month of a run (or of one report window).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthTallies {
    /// The whole floor over the month.
    pub total: Tally,
    /// Per intent, in scenario order.
    pub intents: Vec<Tally>,
    /// Per pool, in scenario order.
    pub pools: Vec<Tally>,
}

impl MonthTallies {
    fn empty(intents: usize, pools: usize) -> Self {
        MonthTallies {
            total: Tally::default(),
            intents: vec![Tally::default(); intents],
            pools: vec![Tally::default(); pools],
        }
    }
}

/// Streams the events of a run into [`RunTallies`].
#[derive(Debug)]
pub struct Recorder {
    warmup: f64,
    horizon: f64,
    interval: f64,
    last: f64,
    /// When each pool's state was last integrated.
    pool_last: Vec<f64>,
    current: usize,
    current_end: f64,
    month: usize,
    month_end: f64,
    /// Where each month begins, seconds (one more entry than months: the last is the
    /// horizon's month's end).
    month_starts: Vec<f64>,
    /// Whether months are calendar months (found in `month_starts`) rather than 30.4375
    /// days (computed).
    civil: bool,
    /// The next interval or month boundary at which `advance` must split time.
    next_boundary: f64,
    /// Each pool's time-weighted integrals when the current month began.
    pool_month_start: Vec<super::TimeWeighted>,
    /// The split of the per-interval histograms of the number in system, if they are kept.
    split: Option<InSystemSplit>,
    /// Each report window's (from, to) seconds and first and past-the-last reporting
    /// intervals.
    windows: Vec<((f64, f64), (usize, usize))>,
    /// Each pool's time-weighted integrals when each window began.
    window_pool_start: Vec<Vec<super::TimeWeighted>>,
    tallies: RunTallies,
}

impl Recorder {
    /// A recorder for a run to `horizon` seconds whose first `warmup` seconds are not
    /// measured, reporting every `interval` seconds and every month of `calendar`.
    pub fn new(
        warmup: f64,
        horizon: f64,
        interval: f64,
        calendar: &Calendar,
        intents: usize,
        pools: usize,
    ) -> Self {
        let n = (horizon / interval).ceil().max(1.0) as usize;
        let month = calendar.month_of(warmup);
        let months = calendar.months_in(horizon);
        let month_starts: Vec<f64> = (0..=months).map(|m| calendar.month_start(m)).collect();
        let mut recorder = Self {
            warmup,
            horizon,
            interval,
            last: warmup,
            pool_last: vec![warmup; pools],
            current: (warmup / interval).floor() as usize,
            current_end: ((warmup / interval).floor() + 1.0) * interval,
            month: month.min(months - 1),
            month_end: month_starts[month.min(months - 1) + 1],
            civil: calendar.is_civil(),
            month_starts,
            next_boundary: 0.0,
            pool_month_start: vec![super::TimeWeighted::default(); pools],
            split: None,
            windows: Vec::new(),
            window_pool_start: Vec::new(),
            tallies: RunTallies {
                total: Tally::default(),
                intervals: vec![Tally::default(); n],
                intents: vec![Tally::default(); intents],
                pools: vec![Tally::default(); pools],
                months: vec![MonthTallies::empty(intents, pools); months],
                windows: Vec::new(),
                in_system: Vec::new(),
                group_intervals: Vec::new(),
            },
        };
        recorder.set_next_boundary();
        recorder
    }

    fn set_next_boundary(&mut self) {
        let interval = if self.current + 1 < self.tallies.intervals.len() {
            self.current_end
        } else {
            f64::INFINITY
        };
        let month = if self.month + 1 < self.tallies.months.len() {
            self.month_end
        } else {
            f64::INFINITY
        };
        self.next_boundary = interval.min(month);
    }

    /// Integrates the floor's `state`, unchanged since the previous call, up to `now` seconds.
    /// Call it before every change of state.
    #[inline]
    pub fn advance(&mut self, now: f64, state: &StateSnapshot) {
        let now = now.min(self.horizon);
        if now <= self.last {
            return;
        }
        if now <= self.next_boundary {
            self.add_time(state, now - self.last);
            self.last = now;
            return;
        }
        let last_interval = self.tallies.intervals.len() - 1;
        let last_month = self.tallies.months.len() - 1;
        // (The last interval and month run to the horizon even if rounding made them look
        // shorter.)
        loop {
            let interval_ends = now > self.current_end && self.current < last_interval;
            let month_ends = now > self.month_end && self.month < last_month;
            if !interval_ends && !month_ends {
                break;
            }
            let boundary = match (interval_ends, month_ends) {
                (true, true) => self.current_end.min(self.month_end),
                (true, false) => self.current_end,
                _ => self.month_end,
            };
            self.add_time(state, boundary - self.last);
            self.last = boundary;
            if interval_ends && self.current_end == boundary {
                self.current += 1;
                self.current_end = (self.current + 1) as f64 * self.interval;
            }
            if month_ends && self.month_end == boundary {
                self.month += 1;
                self.month_end = self.month_starts[self.month + 1];
            }
        }
        self.set_next_boundary();
        self.add_time(state, now - self.last);
        self.last = now;
    }

    /// Adds `dt` seconds in `state` to the current interval and the total. The longest queue
    /// is the largest number waiting in any state that lasted in the window.
    #[inline]
    fn add_time(&mut self, state: &StateSnapshot, dt: f64) {
        for t in [
            &mut self.tallies.intervals[self.current].time,
            &mut self.tallies.total.time,
            &mut self.tallies.months[self.month].total.time,
        ] {
            t.add(state, dt);
            t.max_queue = t.max_queue.max(state.waiting);
        }
    }

    /// Integrates the state of pool `pool`, unchanged since the previous call for it, up to
    /// `now` seconds. Call it before every change of the pool's busy slots or staffing.
    #[inline]
    pub fn advance_pool(&mut self, now: f64, pool: usize, state: &StateSnapshot) {
        let now = now.min(self.horizon);
        let last = self.pool_last[pool];
        if now <= last {
            return;
        }
        self.tallies.pools[pool].time.add(state, now - last);
        self.pool_last[pool] = now;
    }

    /// Closes month `month` for the pools: call it at the month's end, after advancing every
    /// pool to that time. A pool's month is its integrals since the previous close.
    pub fn close_month(&mut self, month: usize) {
        let month = month.min(self.tallies.months.len() - 1);
        for (p, start) in self.pool_month_start.iter_mut().enumerate() {
            let now = self.tallies.pools[p].time;
            self.tallies.months[month].pools[p]
                .time
                .merge(&now.since(start));
            *start = now;
        }
    }

    fn month_of(&self, t: f64) -> usize {
        let m = if self.civil {
            self.month_starts
                .partition_point(|&s| s <= t)
                .saturating_sub(1)
        } else {
            (t / crate::units::MONTH) as usize
        };
        m.min(self.tallies.months.len() - 1)
    }

    /// Applies `f` to the tallies of pool `pool` for something that happened to its
    /// workforce at `at` seconds (a hire, a departure, a layoff), if after the warm-up: the
    /// pool's and the floor's, overall, in the interval and in the month.
    pub fn record_pool(&mut self, at: f64, pool: usize, f: impl Fn(&mut Tally)) {
        if at >= self.warmup && at < self.horizon {
            let (i, m) = (self.interval_of(at), self.month_of(at));
            f(&mut self.tallies.total);
            f(&mut self.tallies.intervals[i]);
            f(&mut self.tallies.pools[pool]);
            let month = &mut self.tallies.months[m];
            f(&mut month.total);
            f(&mut month.pools[pool]);
            for w in 0..self.windows.len() {
                if self.in_window(w, i) {
                    let window = &mut self.tallies.windows[w];
                    f(&mut window.total);
                    f(&mut window.pools[pool]);
                }
            }
        }
    }

    /// Pool `pool` answered a contact that arrived at `arrived`, after it waited `wait` s in
    /// the queue; it takes `handle_time` s and is paid `contact_cost` (currency units) on
    /// top of the pool's time. Counted in the pool's tallies, over the run and in the
    /// contact's month.
    #[inline]
    pub fn pool_answered(
        &mut self,
        pool: usize,
        arrived: f64,
        wait: f64,
        handle_time: f64,
        contact_cost: f64,
    ) {
        self.pool_contact(arrived, pool, |t| {
            t.answered += 1;
            t.answered_wait += wait;
            t.handle_time += handle_time;
            t.contact_labour_cost += contact_cost;
        });
    }

    /// Applies `f` to the tallies of pool `pool` for a contact it answered that arrived at
    /// `arrived`, if after the warm-up: the pool's over the run and in the contact's month
    /// (not the floor's: the contact counts there by its intent, through [`Self::record`]).
    /// A contact's pool is the one that answered it; a contact abandoned in the queue has
    /// none.
    #[inline]
    pub fn pool_contact(&mut self, arrived: f64, pool: usize, f: impl Fn(&mut Tally)) {
        if arrived >= self.warmup {
            let m = self.month_of(arrived);
            f(&mut self.tallies.pools[pool]);
            f(&mut self.tallies.months[m].pools[pool]);
            if !self.windows.is_empty() {
                let i = self.interval_of(arrived);
                for w in 0..self.windows.len() {
                    if self.in_window(w, i) {
                        f(&mut self.tallies.windows[w].pools[pool]);
                    }
                }
            }
        }
    }

    /// Whether reporting interval `i` lies in window `w`.
    #[inline]
    fn in_window(&self, w: usize, i: usize) -> bool {
        let (a, b) = self.windows[w].1;
        a <= i && i < b
    }

    /// Tallies, from now on, each of `windows` ((from, to) seconds, from the end of the
    /// warm-up to the horizon, each bound on a reporting interval's boundary or at the
    /// horizon) like a month ([`RunTallies::windows`]). The pools' part needs
    /// [`window_edge`](Self::window_edge) called at each window's bounds.
    pub fn record_windows(&mut self, windows: &[(f64, f64)]) {
        let n = self.tallies.intervals.len();
        let index = |t: f64| {
            if t >= self.horizon {
                n
            } else {
                ((t / self.interval).round() as usize).min(n)
            }
        };
        self.windows = windows
            .iter()
            .map(|&(from, to)| ((from, to), (index(from), index(to))))
            .collect();
        let (intents, pools) = (self.tallies.intents.len(), self.tallies.pools.len());
        self.tallies.windows = vec![MonthTallies::empty(intents, pools); windows.len()];
        self.window_pool_start = vec![vec![super::TimeWeighted::default(); pools]; windows.len()];
    }

    /// A window begins or ends at `at` seconds: call it once per such time, after
    /// advancing every pool to it. A window's pool time is the pools' integrals between
    /// its bounds.
    pub fn window_edge(&mut self, at: f64) {
        for (w, &((from, to), _)) in self.windows.iter().enumerate() {
            for (p, start) in self.window_pool_start[w].iter_mut().enumerate() {
                let now = self.tallies.pools[p].time;
                if from == at {
                    *start = now;
                }
                if to == at {
                    self.tallies.windows[w].pools[p]
                        .time
                        .merge(&now.since(start));
                }
            }
        }
    }

    fn interval_of(&self, t: f64) -> usize {
        ((t / self.interval) as usize).min(self.tallies.intervals.len() - 1)
    }

    /// Applies `f` to the tallies that something which started at `arrived` (a contact's
    /// arrival, a problem's first contact) counts in, if it started after the warm-up: the
    /// total, its reporting interval and its intent.
    #[inline]
    pub fn record(&mut self, arrived: f64, intent: usize, f: impl Fn(&mut Tally)) {
        if arrived >= self.warmup {
            let (i, m) = (self.interval_of(arrived), self.month_of(arrived));
            f(&mut self.tallies.total);
            f(&mut self.tallies.intervals[i]);
            // The intent's whole-run tally and the month's total are sums of these, made in
            // `finish`.
            f(&mut self.tallies.months[m].intents[intent]);
            for w in 0..self.windows.len() {
                if self.in_window(w, i) {
                    f(&mut self.tallies.windows[w].intents[intent]);
                }
            }
            if let Some(split) = &self.split
                && split.groups > 1
            {
                f(&mut self.tallies.group_intervals[split.group[intent]][i]);
            }
        }
    }

    /// Keeps, from now on, per-interval histograms of the number in system found by contacts
    /// reaching the human queue, one set per group of `split`
    /// ([`RunTallies::in_system`]), and with two groups or more each group's contact
    /// tallies per interval ([`RunTallies::group_intervals`]).
    pub fn record_in_system(&mut self, split: InSystemSplit) {
        let n = self.tallies.intervals.len();
        self.tallies.in_system = vec![vec![Vec::new(); n]; split.groups];
        self.tallies.group_intervals = if split.groups > 1 {
            vec![vec![Tally::default(); n]; split.groups]
        } else {
            Vec::new()
        };
        self.split = Some(split);
    }

    /// The group of intent `intent` in the split of the histograms, if they are kept.
    #[inline]
    pub fn group_of(&self, intent: usize) -> Option<usize> {
        self.split.as_ref().map(|s| s.group[intent])
    }

    /// A contact of group `group` that arrived at `arrived` reached the human queue and
    /// found `found` contacts of its group in conversation or waiting; counted if the
    /// histograms are kept.
    #[inline]
    pub fn found_in_system(&mut self, arrived: f64, group: usize, found: u64) {
        if self.split.is_some() && arrived >= self.warmup {
            let i = self.interval_of(arrived);
            let h = &mut self.tallies.in_system[group][i];
            let l = found.min(u64::from(u32::MAX)) as usize;
            if h.len() <= l {
                h.resize(l + 1, 0);
            }
            h[l] += 1;
        }
    }

    /// A contact of `intent` arrived at `arrived` seconds.
    #[inline]
    pub fn offered(&mut self, arrived: f64, intent: usize) {
        self.record(arrived, intent, |t| t.offered += 1);
    }

    /// A contact that arrived at `arrived` was answered after waiting `wait` seconds (within
    /// its service-level threshold or not) and will take `handle_time` seconds; `delayed`
    /// says whether it had to queue.
    #[inline]
    pub fn answered(
        &mut self,
        arrived: f64,
        intent: usize,
        wait: f64,
        handle_time: f64,
        delayed: bool,
        within: bool,
    ) {
        self.record(arrived, intent, |t| {
            t.answered += 1;
            t.answered_within_threshold += u64::from(within);
            t.delayed += u64::from(delayed);
            t.answered_wait += wait;
            t.handle_time += handle_time;
        });
    }

    /// A contact that arrived at `arrived` abandoned after waiting `wait` seconds.
    #[inline]
    pub fn abandoned(&mut self, arrived: f64, intent: usize, wait: f64) {
        self.record(arrived, intent, |t| {
            t.abandoned += 1;
            t.delayed += 1;
            t.abandoned_wait += wait;
        });
    }

    /// Closes the window at the horizon and returns the tallies; `pools` gives each pool's
    /// final state.
    pub fn finish(mut self, state: &StateSnapshot, pools: &[StateSnapshot]) -> RunTallies {
        self.advance(self.horizon, state);
        for (p, s) in pools.iter().enumerate() {
            self.advance_pool(self.horizon, p, s);
        }
        self.close_month(self.tallies.months.len() - 1);
        if self.windows.iter().any(|&((_, to), _)| to >= self.horizon) {
            self.window_edge(self.horizon);
        }
        for (w, &(_, (a, b))) in self.windows.iter().enumerate() {
            let window = &mut self.tallies.windows[w];
            for t in &self.tallies.intervals[a.min(b)..b] {
                window.total.time.merge(&t.time);
            }
            for t in &window.intents {
                window.total.merge(t);
            }
        }
        for month in &mut self.tallies.months {
            for (i, t) in month.intents.iter().enumerate() {
                month.total.merge(t);
                self.tallies.intents[i].merge(t);
            }
        }
        self.tallies
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Measure;
    use crate::units::MONTH;

    #[test]
    fn time_is_split_across_intervals_and_warmup_is_excluded() {
        let mut r = Recorder::new(50.0, 300.0, 100.0, &Calendar::average(), 1, 0);
        let two_busy = StateSnapshot {
            busy: 2,
            capacity: 4,
            on_duty: 4,
            waiting: 1,
            labour_cost_rate: 0.0,
            paid: 4.0,
            employed: 0.0,
        };
        r.advance(30.0, &two_busy); // inside the warm-up: ignored
        r.advance(250.0, &two_busy);
        let t = r.finish(&StateSnapshot::default(), &[]);
        assert_eq!(t.total.time.length, 250.0);
        assert_eq!(t.total.time.busy, 400.0);
        assert_eq!(t.intervals[0].time.length, 50.0);
        assert_eq!(t.intervals[1].time.length, 100.0);
        assert_eq!(t.intervals[2].time.length, 100.0);
        assert_eq!(t.intervals[2].time.busy, 100.0, "50 s busy, then idle");
        assert_eq!(t.total.value(Measure::Occupancy), 400.0 / 800.0);
    }

    #[test]
    fn contacts_count_in_their_arrival_interval_after_the_warmup() {
        let mut r = Recorder::new(50.0, 300.0, 100.0, &Calendar::average(), 2, 0);
        r.offered(10.0, 0);
        r.offered(120.0, 1);
        r.answered(120.0, 1, 25.0, 60.0, true, false);
        r.offered(130.0, 0);
        r.answered(130.0, 0, 5.0, 60.0, false, true);
        let t = r.finish(&StateSnapshot::default(), &[]);
        assert_eq!(t.total.offered, 2);
        assert_eq!(t.intervals[1].answered, 2);
        assert_eq!(t.intervals[1].answered_within_threshold, 1);
        assert_eq!(t.intents[1].delayed, 1);
        assert_eq!(t.intents[0].offered, 1);
    }

    #[test]
    fn a_pools_contacts_count_in_the_pool_over_the_run_and_in_their_month() {
        let mut r = Recorder::new(50.0, 2.0 * MONTH, 100.0, &Calendar::average(), 1, 2);
        r.pool_answered(1, 10.0, 5.0, 60.0, 0.0); // in the warm-up: ignored
        r.pool_answered(1, MONTH + 10.0, 4.0, 60.0, 2.0);
        r.pool_contact(MONTH + 10.0, 1, |t| t.surveys += 1);
        let t = r.finish(&StateSnapshot::default(), &[StateSnapshot::default(); 2]);
        assert_eq!(t.pools[1].answered, 1);
        assert_eq!(t.pools[1].answered_wait, 4.0);
        assert_eq!(t.months[1].pools[1].answered, 1);
        assert_eq!(t.months[1].pools[1].surveys, 1);
        assert_eq!(t.months[1].pools[1].contact_labour_cost, 2.0);
        assert_eq!(t.months[0].pools[1].answered, 0);
        assert_eq!(t.pools[0].answered, 0);
        // Not the floor's: the contact counts there by its intent.
        assert_eq!(t.total.answered, 0);
    }
}
