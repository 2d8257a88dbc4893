//! `[[timeline]]`: changes at given times, which is how a case over two or three years is
//! told in one file.
//!
//! An entry happens `at` a time, either a duration from the start (`"19month"`, `"400d"`) or
//! a calendar month (`"2024-02"`, when `simulation.start` names the month the run starts in).
//! It may:
//! - `set` any setting by key path, as a sweep does (`set = { "ai.enabled" = true }`, or
//!   nested: `set = { ai.enabled = true }`);
//! - `ramp` numeric settings linearly from the value in force at `at` to the given value at
//!   `until`, in steps of `step` (one day unless given);
//! - `layoff` or `hire` a number of agents of a workforce pool (scaled by `simulation.scale`).
//!
//! Each moment at which something changes becomes a [`Step`]; the settings in force from a
//! step on are built by applying every change so far to the file's document and validating
//! the result like any scenario file. So a timeline can change anything a file can say and
//! nothing a file could not, and an invalid value is reported with the entry's line. What a
//! timeline may not change: the experiment itself (`simulation`), the list of intents and
//! pools (declare a pool that opens later with zero agents or a gig cap of zero, then set it),
//! how a pool is staffed, and a workforce's starting `headcount` (use `layoff` and `hire`).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use toml::{Spanned, Table, Value};

use super::paths::{flatten, get_path, number_value, set_path};
use super::raw::{RawHeadcountMove, RawTimelineEntry};
use super::validate::parse_year_month;
use super::{Scenario, ScenarioError, Source};
use crate::units::{MONTH, parse_duration};

/// Most steps one ramp may take (a day a step for 27 years).
const MAX_RAMP_STEPS: f64 = 10_000.0;

/// The changes of a scenario over time.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Moments at which something changes, in time order.
    pub steps: Vec<Step>,
    /// The entries as the file states them, for reports: one per `[[timeline]]`, in time
    /// order.
    pub events: Vec<TimelineEvent>,
}

/// One moment at which the scenario changes.
#[derive(Debug, Clone)]
pub struct Step {
    /// When, seconds from the start.
    pub at: f64,
    /// The settings in force from this moment (with an empty timeline), if any setting
    /// changed.
    pub settings: Option<Box<Scenario>>,
    /// Agents laid off now: (pool index, count).
    pub layoffs: Vec<(usize, u32)>,
    /// Requisitions opened now: (pool index, count); they start after the pool's lead time.
    pub hires: Vec<(usize, u32)>,
}

/// A timeline entry as reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineEvent {
    /// When it happens, seconds from the start.
    pub at_seconds: f64,
    /// When a ramp ends, seconds from the start.
    pub until_seconds: Option<f64>,
    /// The report month it happens in, 1-based.
    pub month: usize,
    /// The month's label ("2024-02", or "month 19").
    pub label: String,
    /// What happens: the entry's `event`, or a summary of its changes.
    pub description: String,
}

/// The label of report month `month` (0-based): the calendar month from `start`, or
/// "month N" (1-based).
pub fn month_label(start: Option<(i32, u32)>, month: usize) -> String {
    match start {
        Some((y, m)) => {
            let total = (m as usize - 1) + month;
            format!("{}-{:02}", y as usize + total / 12, total % 12 + 1)
        }
        None => format!("month {}", month + 1),
    }
}

/// A pending change, ordered by time then by the order it was written in.
#[derive(Debug)]
struct Change {
    at: f64,
    seq: usize,
    entry: usize,
    action: Action,
}

#[derive(Debug)]
enum Action {
    Set(String, Value),
    Ramp {
        path: String,
        target: f64,
        until: f64,
        step: f64,
    },
    Layoff(usize, u32),
    Hire(usize, u32),
}

impl PartialEq for Change {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Change {}
impl PartialOrd for Change {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Change {
    // Reversed: BinaryHeap is a max-heap and the earliest change comes first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .at
            .total_cmp(&self.at)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Paths a timeline may not set, with the reason.
fn forbidden(path: &str) -> Option<&'static str> {
    let first = path.split('.').next().unwrap_or("");
    match first {
        "simulation" | "name" | "description" | "sweep" | "timeline" => {
            Some("the timeline changes the operation, not the experiment")
        }
        _ if path.ends_with("workforce.headcount") => Some(
            "`workforce.headcount` is the starting headcount; change it over time with `layoff` \
             and `hire`",
        ),
        _ => None,
    }
}

/// Reads a time of the timeline: a calendar month or a duration from the start.
fn parse_time(s: &str, start: Option<(i32, u32)>) -> Result<f64, String> {
    if let Some((y, m)) = parse_year_month(s) {
        let Some((y0, m0)) = start else {
            return Err(format!(
                "{s:?} is a calendar month, but `simulation.start` does not say which month the \
                 run starts in; set it (\"2023-01\") or give a duration such as \"13month\""
            ));
        };
        let months = (y - y0) * 12 + (m as i32 - m0 as i32);
        return Ok(f64::from(months) * MONTH);
    }
    parse_duration(s).map_err(|e| {
        format!("expected a duration from the start (\"13month\", \"400d\") or a month (\"2024-02\"): {e}")
    })
}

/// Builds the timeline of `base` (validated from `text`) from its `[[timeline]]` entries.
pub(super) fn build(
    entries: Spanned<Vec<Spanned<RawTimelineEntry>>>,
    base: &Scenario,
    src: &Source,
) -> Result<Timeline, ScenarioError> {
    let sim = &base.simulation;
    let mut doc: Table = src.text.parse().map_err(|e| src.from_toml(&e))?;
    doc.remove("timeline");
    doc.remove("sweep");
    let entries = entries.into_inner();
    let mut heap = BinaryHeap::new();
    let mut seq = 0;
    let mut events = Vec::new();
    let mut push = |heap: &mut BinaryHeap<Change>, at, entry, action| {
        heap.push(Change {
            at,
            seq,
            entry,
            action,
        });
        seq += 1;
    };
    for (i, e) in entries.iter().enumerate() {
        let span = e.span();
        let e = e.get_ref();
        let key = |f: &str| format!("timeline[{i}].{f}");
        let time = |s: &Spanned<String>, field: &str| {
            let t = parse_time(s.get_ref(), sim.start)
                .map_err(|m| src.error(s.span(), key(field), m))?;
            if t < 0.0 || t >= sim.horizon {
                return Err(src.error(
                    s.span(),
                    key(field),
                    format!(
                        "expected a time within the run (from the start to the horizon, {}), \
                         found {}",
                        crate::units::HumanDuration(sim.horizon),
                        crate::units::HumanDuration(t)
                    ),
                ));
            }
            Ok(t)
        };
        let at = time(&e.at, "at")?;
        let until = match &e.until {
            Some(u) => {
                let until = time(u, "until")?;
                if until <= at {
                    return Err(src.error(u.span(), key("until"), "expected a time after `at`"));
                }
                Some(until)
            }
            None => None,
        };
        if e.ramp.is_some() != until.is_some() {
            return Err(src.error(
                span,
                key("until"),
                "a `ramp` needs an `until` (when it reaches its values), and `until` is only \
                 for a `ramp`",
            ));
        }
        let step = match &e.step {
            Some(s) if s.get_ref().0 <= 0.0 => {
                return Err(src.error(s.span(), key("step"), "expected a step longer than zero"));
            }
            Some(s) => s.get_ref().0,
            None => 86_400.0,
        };
        let mut summary = Vec::new();
        let mut paths = Vec::new();
        for (field, table) in [("set", &e.set), ("ramp", &e.ramp)] {
            let Some(table) = table else { continue };
            let mut leaves = Vec::new();
            flatten("", table.get_ref(), &mut leaves);
            for (path, value) in leaves {
                if let Some(why) = forbidden(&path) {
                    return Err(src.error(
                        table.span(),
                        key(&format!("{field}.{path}")),
                        format!("cannot be set on the timeline: {why}"),
                    ));
                }
                // A path that names no pool or intent is refused here, with the entry's line.
                if let Err(err) = set_path(&mut doc.clone(), &path, value.clone()) {
                    return Err(src.error(table.span(), key(&format!("{field}.{path}")), err));
                }
                summary.push(format!(
                    "{path} {} {value}",
                    if field == "set" { "=" } else { "→" }
                ));
                paths.push(path.clone());
                let action = if field == "set" {
                    Action::Set(path, value)
                } else {
                    let target = value.as_float().or(value.as_integer().map(|i| i as f64));
                    let Some(target) = target else {
                        return Err(src.error(
                            table.span(),
                            key(&format!("ramp.{path}")),
                            format!("a ramp goes to a number, found {value}"),
                        ));
                    };
                    Action::Ramp {
                        path,
                        target,
                        until: until.unwrap_or(at),
                        step,
                    }
                };
                push(&mut heap, at, i, action);
            }
        }
        let mut moves = |m: &Option<Spanned<RawHeadcountMove>>, field: &str, layoff: bool| {
            let Some(m) = m else { return Ok(()) };
            let mv = m.get_ref();
            let pool = base
                .pools
                .iter()
                .position(|p| p.name == mv.pool.get_ref().trim())
                .ok_or_else(|| {
                    let known: Vec<&str> = base.pools.iter().map(|p| p.name.as_str()).collect();
                    src.error(
                        mv.pool.span(),
                        key(&format!("{field}.pool")),
                        format!(
                            "unknown pool {:?}; expected one of {}",
                            mv.pool.get_ref(),
                            known.join(", ")
                        ),
                    )
                })?;
            if base.pools[pool].workforce.is_none() {
                return Err(src.error(
                    mv.pool.span(),
                    key(&format!("{field}.pool")),
                    format!(
                        "pool {:?} has no `workforce`, so it has no headcount to {field}",
                        base.pools[pool].name
                    ),
                ));
            }
            let count = *mv.count.get_ref();
            if !(0..=1_000_000).contains(&count) {
                return Err(src.error(
                    mv.count.span(),
                    key(&format!("{field}.count")),
                    format!("expected a whole number of agents from 0 to 1,000,000, found {count}"),
                ));
            }
            let scaled = (count as f64 * sim.scale).round() as u32;
            summary.push(format!("{field} {count} in {}", base.pools[pool].name));
            let action = if layoff {
                Action::Layoff(pool, scaled)
            } else {
                Action::Hire(pool, scaled)
            };
            push(&mut heap, at, i, action);
            Ok(())
        };
        moves(&e.layoff, "layoff", true)?;
        moves(&e.hire, "hire", false)?;
        if summary.is_empty() {
            return Err(src.error(
                span,
                format!("timeline[{i}]"),
                "expected something to happen: `set`, `ramp`, `layoff` or `hire`",
            ));
        }
        let month = (at / MONTH) as usize;
        events.push(TimelineEvent {
            at_seconds: at,
            until_seconds: until,
            month: month + 1,
            label: month_label(sim.start, month),
            description: e
                .event
                .as_ref()
                .map_or_else(|| summary.join("; "), |d| d.get_ref().trim().to_string()),
        });
    }
    events.sort_by(|a, b| a.at_seconds.total_cmp(&b.at_seconds));

    let mut steps = Vec::new();
    while let Some(first) = heap.pop() {
        let at = first.at;
        let mut group = vec![first];
        while heap.peek().is_some_and(|c| c.at == at) {
            group.push(heap.pop().expect("peeked"));
        }
        let mut step = Step {
            at,
            settings: None,
            layoffs: Vec::new(),
            hires: Vec::new(),
        };
        let mut changed = false;
        let mut involved = Vec::new();
        for change in group {
            let entry = change.entry;
            involved.push(entry);
            match change.action {
                Action::Set(path, value) => {
                    set_path(&mut doc, &path, value).map_err(|m| {
                        src.error(entries[entry].span(), format!("timeline[{entry}].set"), m)
                    })?;
                    changed = true;
                }
                Action::Ramp {
                    path,
                    target,
                    until,
                    step: every,
                } => {
                    let from = get_path(&doc, &path)
                        .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
                        .ok_or_else(|| {
                            src.error(
                                entries[entry].span(),
                                format!("timeline[{entry}].ramp.{path}"),
                                "a ramp starts from the number in force at `at`, but this \
                                 setting is not a number there; `set` it first",
                            )
                        })?;
                    let steps = ((until - at) / every - 1e-9).ceil().max(1.0);
                    if steps > MAX_RAMP_STEPS {
                        return Err(src.error(
                            entries[entry].span(),
                            format!("timeline[{entry}].step"),
                            format!(
                                "the ramp would take {steps:.0} steps, more than {MAX_RAMP_STEPS}; \
                                 give a longer `step`"
                            ),
                        ));
                    }
                    let n = steps as usize;
                    // A whole-number setting (agents, a cap) moves in whole steps.
                    let whole = get_path(&doc, &path).is_some_and(Value::is_integer);
                    for k in 1..=n {
                        let t = at + (until - at) * k as f64 / n as f64;
                        let v = from + (target - from) * k as f64 / n as f64;
                        let value = if k == n { target } else { v };
                        let value = if whole {
                            number_value(value.round())
                        } else {
                            Value::Float(value)
                        };
                        push(&mut heap, t, entry, Action::Set(path.clone(), value));
                    }
                }
                Action::Layoff(p, n) => step.layoffs.push((p, n)),
                Action::Hire(p, n) => step.hires.push((p, n)),
            }
        }
        if changed {
            let text = toml::to_string(&doc).map_err(|e| {
                src.error(
                    entries[involved[0]].span(),
                    format!("timeline[{}]", involved[0]),
                    e.to_string(),
                )
            })?;
            let settings = Scenario::parse(&text, src.file, &base.name).map_err(|e| {
                let entry = involved[0];
                let message = match e {
                    ScenarioError::Invalid(l) => format!(
                        "from {} on, the scenario is invalid: `{}`: {}",
                        crate::units::HumanDuration(at),
                        l.key,
                        l.message
                    ),
                    other => other.to_string(),
                };
                src.error(entries[entry].span(), format!("timeline[{entry}]"), message)
            })?;
            check_structure(base, &settings).map_err(|m| {
                src.error(
                    entries[involved[0]].span(),
                    format!("timeline[{}]", involved[0]),
                    m,
                )
            })?;
            step.settings = Some(Box::new(settings));
        }
        steps.push(step);
    }
    Ok(Timeline { steps, events })
}

/// What a timeline may not change between two settings.
fn check_structure(base: &Scenario, now: &Scenario) -> Result<(), String> {
    let names = |s: &Scenario| s.intents.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    if names(base) != names(now) {
        return Err("a timeline cannot add or remove intents".into());
    }
    if base.pools.len() != now.pools.len() {
        return Err(
            "a timeline cannot add a pool; declare it in the file with zero agents (or a gig \
             `cap` of 0) and set it when it opens"
                .into(),
        );
    }
    for (a, b) in base.pools.iter().zip(&now.pools) {
        if a.workforce.is_some() != b.workforce.is_some() || a.gig.is_some() != b.gig.is_some() {
            return Err(format!(
                "pool {:?}: a timeline cannot change how a pool is staffed (agents, workforce \
                 or gig)",
                a.name
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_labelled_from_the_start() {
        assert_eq!(month_label(Some((2023, 11)), 0), "2023-11");
        assert_eq!(month_label(Some((2023, 11)), 2), "2024-01");
        assert_eq!(month_label(Some((2023, 11)), 14), "2025-01");
        assert_eq!(month_label(None, 0), "month 1");
        assert_eq!(
            parse_time("2024-02", Some((2023, 1))).unwrap(),
            13.0 * MONTH
        );
        assert!(
            parse_time("2024-02", None)
                .unwrap_err()
                .contains("simulation.start")
        );
        assert_eq!(parse_time("3d", None).unwrap(), 3.0 * 86_400.0);
    }
}
