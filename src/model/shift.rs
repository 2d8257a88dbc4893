//! Shifts: the templates a planner may staff with, the shifts actually assigned, and the
//! schedule they make together.
//!
//! A **shift template** says what shifts are allowed: how long a shift lasts, at which times
//! of day it may start (a grid: earliest, latest, every), its breaks and the windows they
//! may start in (offsets from the shift start), the days of the week it may be worked (every
//! allowed day, or a weekly **tour** of so many days on, with the days off in one run or
//! not), what it costs (per paid hour and per shift) and the bounds on the agents assigned
//! to it. A **shift** is one choice within a template (a start, a start per break, the days
//! worked) and the number of agents who work it; a **schedule** is the shifts of one pool.
//!
//! Time is the simulation's: seconds from time 0, a Monday 00:00, so day `d` of the week
//! (0 = Monday) begins at `d × 86,400` s. A shift that starts late in the day runs into the
//! next one, and Sunday's runs into Monday: the week is a circle.
//!
//! Two pure views serve planning: [`Schedule::on_duty`], the nominal agents on the floor per
//! interval of a cycle (what the schedule covers before any contact is simulated), and
//! [`ShiftTemplate::patterns`], every allowed choice of a template with what one agent on it
//! covers, is paid and costs: the columns of a covering integer program. The engine runs a
//! schedule through [`Schedule::segments`]; how agents finish the contact in hand and are
//! paid for it is said on [`super::Staffing::Schedule`].

use std::fmt;

use crate::units::{DAY, WEEK};

/// Tolerance on times, seconds: a start 1 µs off the grid is on it.
const EPS: f64 = 1e-6;

/// The days of the week as written in a scenario, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A set of days of the week: bit `d` is day `d`, 0 = Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Days(u8);

impl Days {
    /// Every day of the week.
    pub const ALL: Days = Days(0x7f);

    /// The set whose bit `d` is day `d` (0 = Monday); bits above Sunday are dropped.
    pub fn from_mask(mask: u8) -> Days {
        Days(mask & 0x7f)
    }

    /// The set as a bit mask, bit 0 = Monday.
    pub fn mask(self) -> u8 {
        self.0
    }

    /// Whether day `day` (0 = Monday) is in the set.
    pub fn contains(self, day: usize) -> bool {
        day < 7 && self.0 & (1 << day) != 0
    }

    /// Number of days in the set.
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The days of the set, Monday first (0 = Monday).
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..7).filter(move |&d| self.contains(d))
    }

    /// Whether every day of the set is in `other`.
    pub fn is_subset(self, other: Days) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the days not in the set (the days off) are one run of consecutive days,
    /// reading the week as a circle (Sunday then Monday); true with no day off.
    pub fn off_days_consecutive(self) -> bool {
        let off = !self.0 & 0x7f;
        let runs = (0..7)
            .filter(|&d| off & (1 << d) != 0 && off & (1 << ((d + 6) % 7)) == 0)
            .count();
        off == 0x7f || runs <= 1
    }

    /// Reads days as written: day names (`mon` … `sun`) and ranges (`mon-fri`, `sat-mon`
    /// wraps over the weekend), separated by commas: `"mon-fri"`, `"mon,wed,fri"`,
    /// `"mon-sun"`.
    ///
    /// # Errors
    ///
    /// A message quoting the text if a part is empty or names no day.
    pub fn parse(text: &str) -> Result<Days, String> {
        let day = |s: &str| {
            let s = s.trim().to_ascii_lowercase();
            WEEKDAYS.iter().position(|&d| d == s).ok_or_else(|| {
                format!(
                    "expected days such as \"mon-fri\" or \"mon,wed,fri\" (days {}), found {text:?}",
                    WEEKDAYS.join(", ")
                )
            })
        };
        let mut mask = 0u8;
        for part in text.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    let mut d = a;
                    loop {
                        mask |= 1 << d;
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => mask |= 1 << day(part)?,
            }
        }
        Ok(Days(mask))
    }
}

impl fmt::Display for Days {
    /// Runs of consecutive days as ranges, Monday first: `mon-fri`, `mon,wed-thu`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let mut d = 0;
        while d < 7 {
            if !self.contains(d) {
                d += 1;
                continue;
            }
            let first = d;
            while d + 1 < 7 && self.contains(d + 1) {
                d += 1;
            }
            parts.push(if first == d {
                WEEKDAYS[d].to_string()
            } else {
                format!("{}-{}", WEEKDAYS[first], WEEKDAYS[d])
            });
            d += 1;
        }
        f.write_str(&parts.join(","))
    }
}

/// A grid of allowed times, seconds: `earliest`, `earliest + every`, … up to `latest`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// First allowed time, seconds.
    pub earliest: f64,
    /// Last allowed time, seconds (at least `earliest`).
    pub latest: f64,
    /// Step of the grid, seconds (above zero when `latest > earliest`).
    pub every: f64,
}

impl Window {
    /// The allowed times, in order.
    pub fn times(&self) -> Vec<f64> {
        let steps = self.steps();
        (0..=steps)
            .map(|k| self.earliest + k as f64 * self.every)
            .collect()
    }

    /// Number of allowed times.
    pub fn count(&self) -> usize {
        self.steps() + 1
    }

    fn steps(&self) -> usize {
        if self.every > 0.0 && self.latest > self.earliest {
            ((self.latest - self.earliest) / self.every + 1e-9).floor() as usize
        } else {
            0
        }
    }

    /// Whether `t` is one of the allowed times (within a microsecond).
    pub fn allows(&self, t: f64) -> bool {
        if t < self.earliest - EPS || t > self.latest + EPS {
            return false;
        }
        if self.every <= 0.0 || self.latest <= self.earliest {
            return (t - self.earliest).abs() <= EPS;
        }
        let k = ((t - self.earliest) / self.every).round();
        (self.earliest + k * self.every - t).abs() <= EPS
    }
}

/// A break a shift of a template takes.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRule {
    /// Length of the break, seconds.
    pub length: f64,
    /// When the break may start, seconds after the shift starts.
    pub starts: Window,
    /// Whether the break is paid (a paid break costs like time on the floor).
    pub paid: bool,
}

/// A weekly tour: a shift worked on so many days of the week, the others off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tour {
    /// Days worked per week, from 1 to 7.
    pub days_on: u32,
    /// Whether the days off must be consecutive (the week read as a circle).
    pub consecutive_days_off: bool,
}

/// What shifts a planner may staff a pool with.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftTemplate {
    /// Name as written in the scenario.
    pub name: String,
    /// Index of the pool the template staffs, in scenario order.
    pub pool: usize,
    /// Length of a shift from start to end, breaks included, seconds (up to a day).
    pub length: f64,
    /// Allowed start times, seconds from the start of each day (midnight).
    pub starts: Window,
    /// The breaks every shift takes, in order of their windows.
    pub breaks: Vec<BreakRule>,
    /// Days of the week the template may be worked on: every one of them for a daily
    /// template, a choice of `tour.days_on` of them for a tour.
    pub days: Days,
    /// A weekly tour; `None`: one shift on each of `days`.
    pub tour: Option<Tour>,
    /// Cost of one paid agent-hour on this template, currency units: shift start to actual
    /// departure, unpaid breaks left out.
    pub cost_per_hour: f64,
    /// Cost of one agent's shift on one day, whatever its length, currency units.
    pub cost_per_shift: f64,
    /// Fewest agents a schedule assigns to this template (summed over its shifts).
    pub min: u32,
    /// Most agents a schedule assigns to this template (summed over its shifts).
    pub max: u32,
}

/// The part of a shift an assignment got wrong, for the error message's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftField {
    /// The start time.
    Start,
    /// The break starts.
    Breaks,
    /// The days worked.
    Days,
}

impl ShiftField {
    /// The key of the field in the scenario (`start`, `breaks`, `days`).
    pub fn key(self) -> &'static str {
        match self {
            ShiftField::Start => "start",
            ShiftField::Breaks => "breaks",
            ShiftField::Days => "days",
        }
    }
}

impl ShiftTemplate {
    /// Paid seconds of one shift as planned: its length less its unpaid breaks.
    pub fn paid_seconds(&self) -> f64 {
        self.length
            - self
                .breaks
                .iter()
                .filter(|b| !b.paid)
                .map(|b| b.length)
                .sum::<f64>()
    }

    /// The sets of days a shift of the template may be worked: `days` itself for a daily
    /// template; for a tour, every set of `days_on` of them (with the days off in one run if
    /// the tour asks), in increasing order of their masks.
    pub fn day_sets(&self) -> Vec<Days> {
        match self.tour {
            None => vec![self.days],
            Some(t) => (1u8..0x80)
                .map(Days)
                .filter(|d| self.tour_allows(&t, *d))
                .collect(),
        }
    }

    fn tour_allows(&self, t: &Tour, d: Days) -> bool {
        d.count() == t.days_on
            && d.is_subset(self.days)
            && (!t.consecutive_days_off || d.off_days_consecutive())
    }

    /// Every allowed choice of break starts (offsets from the shift start), one start per
    /// break rule, each break starting after the one before it has ended.
    pub fn break_sets(&self) -> Vec<Vec<f64>> {
        let mut sets: Vec<Vec<f64>> = vec![Vec::new()];
        for (i, rule) in self.breaks.iter().enumerate() {
            let mut next = Vec::new();
            for set in &sets {
                let free_from = match i {
                    0 => 0.0,
                    _ => set[i - 1] + self.breaks[i - 1].length,
                };
                for t in rule.starts.times() {
                    if t + EPS >= free_from {
                        let mut s = set.clone();
                        s.push(t);
                        next.push(s);
                    }
                }
            }
            sets = next;
        }
        sets
    }

    /// Checks that a shift starting at `start` (seconds from midnight), with breaks starting
    /// at `breaks` (seconds from the shift start) and worked on `days`, is one the template
    /// allows.
    ///
    /// # Errors
    ///
    /// The field at fault and a message saying what the template allows.
    pub fn check(
        &self,
        start: f64,
        breaks: &[f64],
        days: Days,
    ) -> Result<(), (ShiftField, String)> {
        let clock = |t: f64| crate::units::HumanDuration(t).compact();
        if !self.starts.allows(start) {
            return Err((
                ShiftField::Start,
                format!(
                    "shift {:?} starts from {} to {} every {}; {} is not one of those times",
                    self.name,
                    clock(self.starts.earliest),
                    clock(self.starts.latest),
                    clock(self.starts.every),
                    clock(start)
                ),
            ));
        }
        if breaks.len() != self.breaks.len() {
            return Err((
                ShiftField::Breaks,
                format!(
                    "shift {:?} takes {} break(s); expected one start for each, found {}",
                    self.name,
                    self.breaks.len(),
                    breaks.len()
                ),
            ));
        }
        let mut free_from = 0.0;
        for (k, (&b, rule)) in breaks.iter().zip(&self.breaks).enumerate() {
            if !rule.starts.allows(b) {
                return Err((
                    ShiftField::Breaks,
                    format!(
                        "break {} of shift {:?} starts from {} to {} after the shift start, \
                         every {}; {} is not one of those times",
                        k + 1,
                        self.name,
                        clock(rule.starts.earliest),
                        clock(rule.starts.latest),
                        clock(rule.starts.every),
                        clock(b)
                    ),
                ));
            }
            if b + EPS < free_from {
                return Err((
                    ShiftField::Breaks,
                    format!(
                        "break {} of shift {:?} starts before break {} ends",
                        k + 1,
                        self.name,
                        k
                    ),
                ));
            }
            free_from = b + rule.length;
        }
        let ok = match &self.tour {
            None => days.is_subset(self.days) && days.count() > 0,
            Some(t) => self.tour_allows(t, days),
        };
        if !ok {
            let expected = match &self.tour {
                None => format!("some of {}", self.days),
                Some(t) => format!(
                    "{} of {}{}",
                    t.days_on,
                    self.days,
                    if t.consecutive_days_off {
                        ", with the days off in one run"
                    } else {
                        ""
                    }
                ),
            };
            return Err((
                ShiftField::Days,
                format!(
                    "shift {:?} is worked on {expected}; found {days}",
                    self.name
                ),
            ));
        }
        Ok(())
    }

    /// Every shift the template allows, as a column of a covering problem: each start, each
    /// choice of break starts, each set of days ([`Self::day_sets`]), in that nesting order.
    /// Coverage, paid hours and cost are those of one agent over one `cycle` (a day or a
    /// week, seconds) cut into intervals of `interval` seconds, counted from Monday 00:00;
    /// over a day, the average day of the week (a shift worked five days covers 5/7 of each
    /// of its intervals). `template` is the template's index, copied into each pattern.
    pub fn patterns(&self, template: usize, interval: f64, cycle: f64) -> Vec<Pattern> {
        let day_sets = self.day_sets();
        let break_sets = self.break_sets();
        let mut out = Vec::with_capacity(self.starts.count() * break_sets.len() * day_sets.len());
        let share = cycle / WEEK;
        for start in self.starts.times() {
            for breaks in &break_sets {
                for &days in &day_sets {
                    let spans = spans(self, start, breaks, days);
                    let shifts = f64::from(days.count()) * share;
                    let paid_hours = shifts * self.paid_seconds() / 3600.0;
                    out.push(Pattern {
                        template,
                        start,
                        breaks: breaks.clone(),
                        days,
                        coverage: fold(&spans, interval, cycle),
                        paid_hours,
                        cost: paid_hours * self.cost_per_hour + shifts * self.cost_per_shift,
                    });
                }
            }
        }
        out
    }
}

/// One allowed shift of a template with what one agent on it gives: a column of the
/// covering integer program (see [`ShiftTemplate::patterns`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Index of the template, as given to [`ShiftTemplate::patterns`].
    pub template: usize,
    /// Start time, seconds from midnight.
    pub start: f64,
    /// Start of each break, seconds from the shift start.
    pub breaks: Vec<f64>,
    /// Days worked.
    pub days: Days,
    /// (interval of the cycle, share of that interval one agent is on the floor), for the
    /// intervals it touches, in increasing order; 1.0 for an interval fully covered.
    pub coverage: Vec<(usize, f64)>,
    /// Hours one agent is paid over the cycle, as planned (no overrun).
    pub paid_hours: f64,
    /// Cost of one agent over the cycle, as planned, currency units.
    pub cost: f64,
}

impl Pattern {
    /// The shift of this pattern worked by `count` agents.
    pub fn shift(&self, count: u32) -> Shift {
        Shift {
            template: self.template,
            start: self.start,
            breaks: self.breaks.clone(),
            days: self.days,
            count,
        }
    }
}

/// A shift assigned: a choice within a template, and the agents who work it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Index of the template in the schedule's templates.
    pub template: usize,
    /// Start time, seconds from midnight of each day worked.
    pub start: f64,
    /// Start of each break, seconds from the shift start, one per break of the template.
    pub breaks: Vec<f64>,
    /// Days worked.
    pub days: Days,
    /// Agents who work this shift.
    pub count: u32,
}

/// A stretch of the week over which a schedule's nominal staffing is constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Start of the stretch, seconds from Monday 00:00 (the first one starts at 0).
    pub at: f64,
    /// Agents on the floor: on a shift and not on a break.
    pub on_duty: u32,
    /// Agents paid as planned: on the floor or on a paid break.
    pub paid: u32,
    /// Planned labour cost per second, currency units: paid agents at their template's
    /// hourly cost, and each agent on a shift paying its shift's cost spread over its length.
    pub cost_rate: f64,
}

/// The shifts of one pool: what its agents work, week after week.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    templates: Vec<ShiftTemplate>,
    shifts: Vec<Shift>,
    segments: Vec<Segment>,
    overrun_rate: f64,
}

/// What a part of a shift is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Floor,
    PaidBreak,
    UnpaidBreak,
}

/// The parts of one agent's shift over the week, in `[0, WEEK)` (a part that runs past
/// Sunday midnight is cut there and its rest starts on Monday).
fn spans(t: &ShiftTemplate, start: f64, breaks: &[f64], days: Days) -> Vec<(f64, f64, Part)> {
    let mut out = Vec::new();
    for d in days.iter() {
        let s0 = d as f64 * DAY + start;
        let mut cursor = s0;
        let mut push = |from: f64, to: f64, part: Part| {
            if to <= from {
                return;
            }
            let (from, to) = if from >= WEEK {
                (from - WEEK, to - WEEK)
            } else {
                (from, to)
            };
            if to > WEEK {
                out.push((from, WEEK, part));
                out.push((0.0, to - WEEK, part));
            } else {
                out.push((from, to, part));
            }
        };
        for (b, rule) in breaks.iter().zip(&t.breaks) {
            push(cursor, s0 + b, Part::Floor);
            let part = if rule.paid {
                Part::PaidBreak
            } else {
                Part::UnpaidBreak
            };
            push(s0 + b, s0 + b + rule.length, part);
            cursor = s0 + b + rule.length;
        }
        push(cursor, s0 + t.length, Part::Floor);
    }
    out
}

/// The share of each interval of `cycle` that the on-floor parts of `spans` cover, averaged
/// over the week's cycles, as sorted sparse pairs.
fn fold(spans: &[(f64, f64, Part)], interval: f64, cycle: f64) -> Vec<(usize, f64)> {
    let n = ((cycle / interval) - 1e-9).ceil().max(1.0) as usize;
    let weight = cycle / WEEK;
    let mut dense = vec![0.0; n];
    for &(from, to, part) in spans {
        if part != Part::Floor {
            continue;
        }
        let mut a = from;
        while a < to - EPS {
            let k_cycle = (a / cycle + 1e-12).floor();
            let base = k_cycle * cycle;
            let within = a - base;
            let k = ((within / interval + 1e-12).floor() as usize).min(n - 1);
            let end = (base + (k + 1) as f64 * interval).min(base + cycle).min(to);
            dense[k] += (end - a) / interval;
            a = end;
        }
    }
    dense
        .into_iter()
        .enumerate()
        .filter(|&(_, c)| c > 1e-12)
        .map(|(k, c)| (k, c * weight))
        .collect()
}

impl Schedule {
    /// The schedule of `shifts`, whose `template` fields index `templates`.
    ///
    /// # Errors
    ///
    /// A message if a shift names a template that is not in `templates` or has a break
    /// start for a break the template does not have.
    pub fn new(templates: Vec<ShiftTemplate>, shifts: Vec<Shift>) -> Result<Schedule, String> {
        for s in &shifts {
            let t = templates
                .get(s.template)
                .ok_or_else(|| format!("no shift template number {}", s.template))?;
            if s.breaks.len() != t.breaks.len() {
                return Err(format!(
                    "a shift of {:?} gives {} break start(s) for {} break(s)",
                    t.name,
                    s.breaks.len(),
                    t.breaks.len()
                ));
            }
        }
        let overrun_rate = shifts
            .iter()
            .map(|s| templates[s.template].cost_per_hour)
            .fold(0.0, f64::max);
        let segments = segments(&templates, &shifts);
        Ok(Schedule {
            templates,
            shifts,
            segments,
            overrun_rate,
        })
    }

    /// The templates the shifts refer to.
    pub fn templates(&self) -> &[ShiftTemplate] {
        &self.templates
    }

    /// The shifts assigned.
    pub fn shifts(&self) -> &[Shift] {
        &self.shifts
    }

    /// The week cut where the nominal staffing changes: the first segment starts at
    /// Monday 00:00 and each lasts until the next (the last until the week ends).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Hourly cost paid to an agent who stays past the end of a shift or into an unpaid
    /// break to finish a contact: the highest `cost_per_hour` of the schedule's templates
    /// (exact when the pool has one template), currency units.
    pub fn overrun_rate(&self) -> f64 {
        self.overrun_rate
    }

    /// Nominal agents on the floor per interval of `interval` seconds over `cycle` (a day or
    /// a week, seconds) from Monday 00:00: the time-average over each interval, so a shift
    /// starting half-way through an interval counts half. Over a day, the average day of the
    /// week.
    pub fn on_duty(&self, interval: f64, cycle: f64) -> Vec<f64> {
        let n = ((cycle / interval) - 1e-9).ceil().max(1.0) as usize;
        let mut out = vec![0.0; n];
        for s in &self.shifts {
            let t = &self.templates[s.template];
            for (k, c) in fold(&spans(t, s.start, &s.breaks, s.days), interval, cycle) {
                out[k] += f64::from(s.count) * c;
            }
        }
        out
    }

    /// Time-average of the agents on the floor over the week.
    pub fn mean_on_duty(&self) -> f64 {
        let mut total = 0.0;
        for (i, s) in self.segments.iter().enumerate() {
            let end = self.segments.get(i + 1).map_or(WEEK, |n| n.at);
            total += f64::from(s.on_duty) * (end - s.at);
        }
        total / WEEK
    }

    /// Segment number `k`, counted from time 0 over the weeks.
    pub fn segment(&self, k: u64) -> &Segment {
        &self.segments[(k % self.segments.len() as u64) as usize]
    }

    /// When segment number `k` (counted from time 0 over the weeks) starts, seconds.
    pub fn segment_start(&self, k: u64) -> f64 {
        let n = self.segments.len() as u64;
        (k / n) as f64 * WEEK + self.segments[(k % n) as usize].at
    }

    /// The number of the segment in force at `t` seconds.
    pub fn segment_at(&self, t: f64) -> u64 {
        let week = (t / WEEK + 1e-12).floor().max(0.0);
        let within = t - week * WEEK;
        let i = self
            .segments
            .iter()
            .rposition(|s| s.at <= within + EPS)
            .unwrap_or(0);
        week as u64 * self.segments.len() as u64 + i as u64
    }

    /// The same schedule with every shift's agents multiplied by `factor`, rounded.
    pub fn scaled(&self, factor: f64) -> Schedule {
        let shifts = self
            .shifts
            .iter()
            .map(|s| Shift {
                count: (f64::from(s.count) * factor).round() as u32,
                ..s.clone()
            })
            .collect();
        Schedule::new(self.templates.clone(), shifts).expect("the same templates")
    }
}

/// The week cut into segments of constant nominal staffing (see [`Schedule::segments`]).
fn segments(templates: &[ShiftTemplate], shifts: &[Shift]) -> Vec<Segment> {
    // (time, template, change on the floor, change paid, change on shift)
    let mut changes: Vec<(f64, usize, i64, i64, i64)> = Vec::new();
    for s in shifts.iter().filter(|s| s.count > 0) {
        let t = &templates[s.template];
        let n = i64::from(s.count);
        for (from, to, part) in spans(t, s.start, &s.breaks, s.days) {
            let floor = i64::from(part == Part::Floor);
            let paid = i64::from(part != Part::UnpaidBreak);
            changes.push((from, s.template, floor * n, paid * n, n));
            changes.push((to, s.template, -floor * n, -paid * n, -n));
        }
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut counts = vec![(0i64, 0i64, 0i64); templates.len()];
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    let mut at = 0.0;
    loop {
        while i < changes.len() && changes[i].0 <= at + EPS {
            let (_, j, f, p, o) = changes[i];
            counts[j].0 += f;
            counts[j].1 += p;
            counts[j].2 += o;
            i += 1;
        }
        let on_duty = counts.iter().map(|c| c.0).sum::<i64>().max(0) as u32;
        let paid = counts.iter().map(|c| c.1).sum::<i64>().max(0) as u32;
        let cost_rate = counts
            .iter()
            .zip(templates)
            .map(|(c, t)| {
                c.1 as f64 * t.cost_per_hour / 3600.0 + c.2 as f64 * t.cost_per_shift / t.length
            })
            .sum();
        let same = out
            .last()
            .is_some_and(|l| l.on_duty == on_duty && l.paid == paid && l.cost_rate == cost_rate);
        if !same {
            out.push(Segment {
                at,
                on_duty,
                paid,
                cost_rate,
            });
        }
        match changes.get(i) {
            Some(c) if c.0 < WEEK - EPS => at = c.0,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 3600.0;

    fn window(earliest: f64, latest: f64, every: f64) -> Window {
        Window {
            earliest,
            latest,
            every,
        }
    }

    fn template(length: f64, starts: Window, breaks: Vec<BreakRule>) -> ShiftTemplate {
        ShiftTemplate {
            name: "t".into(),
            pool: 0,
            length,
            starts,
            breaks,
            days: Days::ALL,
            tour: None,
            cost_per_hour: 18.0,
            cost_per_shift: 0.0,
            min: 0,
            max: 100,
        }
    }

    /// SimOpt CALLCENTER-1: 8.5-hour shifts starting every half hour from 0 to 8 h after
    /// opening, a 30-minute unpaid lunch 3 to 4.5 hours after the start.
    fn callcenter() -> ShiftTemplate {
        template(
            8.5 * H,
            window(0.0, 8.0 * H, 0.5 * H),
            vec![BreakRule {
                length: 0.5 * H,
                starts: window(3.0 * H, 4.5 * H, 0.5 * H),
                paid: false,
            }],
        )
    }

    #[test]
    fn the_callcenter_template_has_68_patterns_of_8_paid_hours() {
        let t = callcenter();
        let patterns = t.patterns(3, 0.5 * H, DAY);
        assert_eq!(patterns.len(), 17 * 4);
        for p in &patterns {
            assert_eq!(p.template, 3);
            assert!((p.paid_hours - 8.0).abs() < 1e-12);
            assert!((p.cost - 144.0).abs() < 1e-9);
            // 8 hours on the floor in whole half hours: 16 intervals fully covered.
            assert_eq!(p.coverage.len(), 16);
            assert!(p.coverage.iter().all(|&(_, c)| (c - 1.0).abs() < 1e-12));
            let first = (p.start / (0.5 * H)) as usize;
            let lunch = ((p.start + p.breaks[0]) / (0.5 * H)) as usize;
            assert_eq!(p.coverage[0].0, first);
            assert!(p.coverage.iter().all(|&(k, _)| k != lunch), "{p:?}");
            assert_eq!(p.coverage.last().unwrap().0, first + 16);
        }
        // Distinct (start, lunch) pairs.
        let mut keys: Vec<(u64, u64)> = patterns
            .iter()
            .map(|p| (p.start as u64, p.breaks[0] as u64))
            .collect();
        keys.dedup();
        assert_eq!(keys.len(), 68);
    }

    #[test]
    fn a_shift_across_midnight_covers_the_start_of_the_day() {
        // 22:30 to 06:30, every day, hourly intervals: half of 22:00, all of 23:00 … 05:00,
        // half of 06:00.
        let t = template(8.0 * H, window(22.5 * H, 22.5 * H, 0.0), vec![]);
        let p = &t.patterns(0, H, DAY)[0];
        let expected: Vec<(usize, f64)> = (0..7)
            .map(|k| (k, if k == 6 { 0.5 } else { 1.0 }))
            .chain([(22, 0.5), (23, 1.0)])
            .collect();
        assert_eq!(p.coverage.len(), expected.len());
        for (a, b) in p.coverage.iter().zip(&expected) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-12, "{a:?} against {b:?}");
        }
        let sum: f64 = p.coverage.iter().map(|c| c.1).sum();
        assert!((sum - 8.0).abs() < 1e-12);
    }

    #[test]
    fn a_sunday_night_shift_runs_into_monday_over_the_week() {
        let mut t = template(8.0 * H, window(20.0 * H, 20.0 * H, 0.0), vec![]);
        t.days = Days::parse("sun").unwrap();
        let p = &t.patterns(0, H, WEEK)[0];
        let ks: Vec<usize> = p.coverage.iter().map(|c| c.0).collect();
        let sunday = 6 * 24;
        assert_eq!(
            ks,
            [
                0,
                1,
                2,
                3,
                sunday + 20,
                sunday + 21,
                sunday + 22,
                sunday + 23
            ]
        );
        assert!((p.paid_hours - 8.0).abs() < 1e-12);
        // Over the average day, one shift a week covers 1/7 of its hours.
        let d = &t.patterns(0, H, DAY)[0];
        assert!(d.coverage.iter().all(|c| (c.1 - 1.0 / 7.0).abs() < 1e-12));
        assert!((d.paid_hours - 8.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn tours_choose_their_days_off() {
        let mut t = template(8.0 * H, window(9.0 * H, 9.0 * H, 0.0), vec![]);
        t.tour = Some(Tour {
            days_on: 5,
            consecutive_days_off: false,
        });
        assert_eq!(t.day_sets().len(), 21, "7 choose 5");
        t.tour = Some(Tour {
            days_on: 5,
            consecutive_days_off: true,
        });
        let sets = t.day_sets();
        assert_eq!(sets.len(), 7, "one per pair of consecutive days off");
        assert!(sets.contains(&Days::parse("mon-fri").unwrap()));
        assert!(sets.contains(&Days::parse("tue-sat").unwrap()));
        assert!(!sets.contains(&Days::parse("mon-thu,sat").unwrap()));
        // Sunday and Monday off is consecutive over the circle of the week.
        assert!(sets.contains(&Days::parse("tue-sat").unwrap()));
        assert!(Days::parse("tue-sat").unwrap().off_days_consecutive());
        assert!(Days::parse("mon-sat").unwrap().off_days_consecutive());
        let p = t.patterns(0, H, WEEK);
        assert_eq!(p.len(), 7);
        assert!(p.iter().all(|p| (p.paid_hours - 40.0).abs() < 1e-12));
    }

    #[test]
    fn days_are_read_and_written_as_ranges() {
        assert_eq!(Days::parse("mon-fri").unwrap().mask(), 0b0011111);
        assert_eq!(Days::parse("sat-mon").unwrap().mask(), 0b1100001);
        assert_eq!(
            Days::parse("Mon, wed,fri").unwrap().to_string(),
            "mon,wed,fri"
        );
        assert_eq!(Days::ALL.to_string(), "mon-sun");
        assert!(Days::parse("mon-fry").is_err());
        assert!(Days::parse("").is_err());
    }

    #[test]
    fn breaks_are_on_their_grid_and_in_order() {
        let mut t = callcenter();
        assert!(t.check(1.5 * H, &[4.0 * H], Days::ALL).is_ok());
        assert_eq!(
            t.check(1.25 * H, &[4.0 * H], Days::ALL).unwrap_err().0,
            ShiftField::Start
        );
        assert_eq!(
            t.check(8.5 * H, &[4.0 * H], Days::ALL).unwrap_err().0,
            ShiftField::Start
        );
        assert_eq!(
            t.check(0.0, &[5.0 * H], Days::ALL).unwrap_err().0,
            ShiftField::Breaks
        );
        assert_eq!(
            t.check(0.0, &[], Days::ALL).unwrap_err().0,
            ShiftField::Breaks
        );
        t.days = Days::parse("mon-fri").unwrap();
        let sat = Days::parse("sat").unwrap();
        assert_eq!(
            t.check(0.0, &[3.0 * H], sat).unwrap_err().0,
            ShiftField::Days
        );
        // Two breaks: the second may not start before the first ends.
        t.breaks.push(BreakRule {
            length: 0.25 * H,
            starts: window(4.0 * H, 6.0 * H, 0.25 * H),
            paid: true,
        });
        let sets = t.break_sets();
        assert!(sets.iter().all(|s| s[1] >= s[0] + 0.5 * H));
        assert_eq!(sets.len(), 9 + 9 + 7 + 5);
        assert!(t.check(0.0, &[4.5 * H, 4.75 * H], t.days).is_err());
        assert!(t.check(0.0, &[4.0 * H, 4.5 * H], t.days).is_ok());
    }

    #[test]
    fn a_schedule_is_cut_where_its_staffing_changes() {
        let t = callcenter();
        let shifts = vec![
            Shift {
                template: 0,
                start: 0.0,
                breaks: vec![3.0 * H],
                days: Days::ALL,
                count: 2,
            },
            Shift {
                template: 0,
                start: 1.0 * H,
                breaks: vec![4.0 * H],
                days: Days::ALL,
                count: 1,
            },
        ];
        let s = Schedule::new(vec![t], shifts).unwrap();
        let day: Vec<(f64, u32, u32)> = s
            .segments()
            .iter()
            .take_while(|g| g.at < DAY)
            .map(|g| (g.at / H, g.on_duty, g.paid))
            .collect();
        assert_eq!(
            day,
            [
                (0.0, 2, 2),
                (1.0, 3, 3),
                (3.0, 1, 1),
                (3.5, 3, 3),
                (5.0, 2, 2),
                (5.5, 3, 3),
                (8.5, 1, 1),
                (9.5, 0, 0)
            ]
        );
        assert_eq!(s.segments().len(), 7 * day.len());
        let per_hour = s.on_duty(H, DAY);
        for (k, expected) in [
            (0, 2.0),
            (1, 3.0),
            (3, 2.0),
            (5, 2.5),
            (8, 2.0),
            (9, 0.5),
            (10, 0.0),
        ] {
            assert!(
                (per_hour[k] - expected).abs() < 1e-12,
                "hour {k}: {}",
                per_hour[k]
            );
        }
        // Over the week, every day alike.
        let week = s.on_duty(H, WEEK);
        assert_eq!(week.len(), 168);
        assert!((week[24 + 3] - 2.0).abs() < 1e-12);
        // 3 agents × 8 paid hours × 18 a day, over 24 h.
        let cost_per_day: f64 = s
            .segments()
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let end = s.segments().get(i + 1).map_or(WEEK, |n| n.at);
                g.cost_rate * (end - g.at)
            })
            .sum::<f64>()
            / 7.0;
        assert!((cost_per_day - 3.0 * 8.0 * 18.0).abs() < 1e-6);
        assert_eq!(s.segment_at(2.0 * H), 1);
        assert_eq!(s.segment_at(WEEK + 2.0 * H), s.segments().len() as u64 + 1);
        assert_eq!(s.segment_start(s.segments().len() as u64 + 1), WEEK + H);
    }
}
