//! `[[timeline]]`: changes at given times, which is how a case over two or three years is
//! told in one file.
//!
//! An entry happens `at` a time: a duration from the start (`"19month"`, `"400d"`), a
//! calendar month (`"2024-02"`, its first day) or a date (`"2024-01-28"`, that day at
//! 00:00); months and dates need `simulation.start`, which also makes `"19month"` nineteen
//! calendar months (see [`crate::units::calendar`], which reads every time of the run).
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
//! timeline may not change: the experiment itself (`simulation`), the `targets` the run is
//! judged by, the list of intents and pools (declare a pool that opens later with zero agents
//! or a gig cap of zero, then set it), how a pool is staffed, a workforce's starting
//! `headcount` (use `layoff` and `hire`), and, under per-channel trunk limits, an intent's
//! `channel` (each contact is counted against its channel's trunk for its whole life).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::Range;

use toml::{Spanned, Table, Value};

use super::check::{MAX_AGENTS, check, unique_name};
use super::error::{Invalid, element_key};
use super::paths::{flatten, get_path, number_value, set_path};
use super::rates::Cache;
use super::raw::{RawHeadcountMove, RawTimelineEntry};
use super::{ScenarioError, Source};
use crate::model::{Scenario, Simulation, Step, Timeline, TimelineEvent, TrunkLimit};
use crate::units::HumanDuration;

/// Most steps one ramp may take (a day a step for 27 years).
const MAX_RAMP_STEPS: f64 = 10_000.0;

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
    Ramp(Ramp),
    Layoff(usize, u32),
    Hire(usize, u32),
}

/// A linear change of a numeric setting from the value in force to `target` at `until`
/// (seconds from the start), in steps `step` seconds apart.
#[derive(Debug)]
struct Ramp {
    path: String,
    target: f64,
    until: f64,
    step: f64,
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
        "targets" => Some(
            "targets are what the whole run is judged by; the timeline changes the operation, \
             not the goals",
        ),
        _ if path == "arrivals.rates" || path.starts_with("arrivals.rates.") => Some(
            "a rates file already gives the volume at every time of the run, from time 0, and \
             its level noise draws one level a day over the whole run; change the volume over \
             time in the file itself",
        ),
        _ if path.ends_with("workforce.headcount") => Some(
            "`workforce.headcount` is the starting headcount; change it over time with `layoff` \
             and `hire`",
        ),
        _ => None,
    }
}

/// Why `path` may not change on the timeline of `base` although a file may say it: an
/// intent's share, while a rates file gives the mix; an intent's channel, while `base` has
/// per-channel trunk limits (a contact is counted against
/// its channel's trunk from its arrival to its end, and the reports add up the channels by
/// intent, so an intent keeps its channel for the whole run).
fn fixed(path: &str, base: &Scenario) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('.').collect();
    if base.arrivals.has_mix() && parts.len() == 3 && parts[0] == "intents" && parts[2] == "share" {
        return Some(
            "the intent mix comes from the rates file's `offered.<intent>` or \
             `offered.<channel>` columns, row by row; change the mix in the file",
        );
    }
    let per_channel = matches!(
        base.simulation.max_in_system,
        Some(TrunkLimit::ByChannel(_))
    );
    (per_channel && parts.len() == 3 && parts[0] == "intents" && parts[2] == "channel").then_some(
        "an intent keeps its channel for the whole run while `simulation.max_in_system` has \
         per-channel limits (each contact is counted against its channel's trunk); declare \
         another intent on the new channel and move the `share` between them instead",
    )
}

/// Changes waiting to happen, in time order, and the entries as reported.
#[derive(Debug, Default)]
struct Agenda {
    heap: BinaryHeap<Change>,
    seq: usize,
    events: Vec<TimelineEvent>,
}

impl Agenda {
    fn push(&mut self, at: f64, entry: usize, action: Action) {
        self.heap.push(Change {
            at,
            seq: self.seq,
            entry,
            action,
        });
        self.seq += 1;
    }
}

/// Builds the timeline of `base` (validated from `src`) from its `[[timeline]]` entries.
pub(super) fn build(
    entries: Spanned<Vec<Spanned<RawTimelineEntry>>>,
    base: &Scenario,
    src: &Source,
    cache: &Cache,
) -> Result<Timeline, ScenarioError> {
    let mut doc: Table = src.text.parse().map_err(|e| src.from_toml(&e))?;
    doc.remove("timeline");
    doc.remove("sweep");
    let entries = entries.into_inner();
    let spans: Vec<Range<usize>> = entries.iter().map(Spanned::span).collect();
    let mut agenda = Agenda::default();
    // Names make entries addressable by key path (`timeline.freeze.enabled`), as intents
    // and pools are; a dot would split the path.
    let mut names = std::collections::HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(name) = &e.get_ref().name {
            let checked = unique_name(&mut names, name, "name").and_then(|n| {
                if n.contains('.') {
                    Err(Invalid::new(
                        name.span(),
                        "name",
                        format!("expected a name without `.` (it is part of key paths such as `timeline.{{name}}.enabled`), found {n:?}"),
                    ))
                } else {
                    Ok(n)
                }
            });
            checked.map_err(|err| src.locate(err.within(&element_key("timeline", i, None))))?;
        }
    }
    // Each entry's key, with its name once names are known to be good.
    let keys: Vec<String> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let name = e.get_ref().name.as_ref().map(|n| n.get_ref().as_str());
            element_key("timeline", i, name)
        })
        .collect();
    for (i, e) in entries.iter().enumerate() {
        read_entry(i, e, base, &doc, &mut agenda)
            .map_err(|err| src.locate(err.within(&keys[i])))?;
    }
    let mut events = std::mem::take(&mut agenda.events);
    events.sort_by(|a, b| a.at_seconds.total_cmp(&b.at_seconds));
    let mut steps = Vec::new();
    while let Some(first) = agenda.heap.pop() {
        let mut group = vec![first];
        while agenda.heap.peek().is_some_and(|c| c.at == group[0].at) {
            group.push(agenda.heap.pop().expect("peeked"));
        }
        let step = play(group, &mut doc, &mut agenda, &spans, base, src, cache)
            .map_err(|(entry, err)| src.locate(err.within(&keys[entry])))?;
        steps.push(step);
    }
    Ok(Timeline { steps, events })
}

/// Reads entry number `i`: its times, its changes into `agenda`, and its event as reported.
/// Errors are keyed relative to the entry.
fn read_entry(
    i: usize,
    e: &Spanned<RawTimelineEntry>,
    base: &Scenario,
    doc: &Table,
    agenda: &mut Agenda,
) -> Result<(), Invalid> {
    let span = e.span();
    let e = e.get_ref();
    let sim = &base.simulation;
    let (at, until, step) = times(span.clone(), e, sim)?;
    // A disabled entry is read and checked like any other, then left out: a what-if can
    // switch it off by key path (`timeline.freeze.enabled = false`).
    let enabled = e.enabled.as_ref().is_none_or(|b| *b.get_ref());
    let mut actions = Vec::new();
    let mut summary = Vec::new();
    for (field, table) in [("set", &e.set), ("ramp", &e.ramp)] {
        if let Some(table) = table {
            let ramp = (field == "ramp").then(|| (until.unwrap_or(at), step));
            for (action, said) in settings(field, table, ramp, doc, base)? {
                summary.push(said);
                actions.push(action);
            }
        }
    }
    for (field, m) in [("layoff", &e.layoff), ("hire", &e.hire)] {
        if let Some(m) = m {
            let (action, said) = headcount_move(field, m.get_ref(), base)?;
            summary.push(said);
            actions.push(action);
        }
    }
    if summary.is_empty() {
        return Err(Invalid::new(
            span,
            "",
            "expected something to happen: `set`, `ramp`, `layoff` or `hire`",
        ));
    }
    if !enabled {
        return Ok(());
    }
    for action in actions {
        agenda.push(at, i, action);
    }
    let month = sim.calendar.month_of(at);
    agenda.events.push(TimelineEvent {
        at_seconds: at,
        until_seconds: until,
        month: month + 1,
        label: sim.calendar.label(month),
        description: e
            .event
            .as_ref()
            .map_or_else(|| summary.join("; "), |d| d.get_ref().trim().to_string()),
    });
    Ok(())
}

/// When entry `e` (at `span`) happens: `at`, a ramp's `until`, and the ramp's step (one day
/// unless given), seconds.
fn times(
    span: Range<usize>,
    e: &RawTimelineEntry,
    sim: &Simulation,
) -> Result<(f64, Option<f64>, f64), Invalid> {
    let at = time(&e.at, "at", sim)?;
    let until = match &e.until {
        Some(u) => {
            let until = time(u, "until", sim)?;
            if until <= at {
                return Err(Invalid::new(
                    u.span(),
                    "until",
                    "expected a time after `at`",
                ));
            }
            Some(until)
        }
        None => None,
    };
    if e.ramp.is_some() != until.is_some() {
        return Err(Invalid::new(
            span,
            "until",
            "a `ramp` needs an `until` (when it reaches its values), and `until` is only \
             for a `ramp`",
        ));
    }
    let step = match &e.step {
        Some(s) if s.get_ref().0 <= 0.0 => {
            return Err(Invalid::new(
                s.span(),
                "step",
                "expected a step longer than zero",
            ));
        }
        Some(s) => s.get_ref().0,
        None => 86_400.0,
    };
    Ok((at, until, step))
}

/// A time of entry field `field`, within the run.
fn time(s: &Spanned<String>, field: &str, sim: &Simulation) -> Result<f64, Invalid> {
    let t = sim
        .calendar
        .parse_time(s.get_ref())
        .map_err(|m| Invalid::new(s.span(), field, m))?;
    if t < 0.0 || t >= sim.horizon {
        return Err(Invalid::new(
            s.span(),
            field,
            format!(
                "expected a time within the run (from the start to the horizon, {}), found {}",
                HumanDuration(sim.horizon),
                HumanDuration(t)
            ),
        ));
    }
    Ok(t)
}

/// The changes of a `set` or `ramp` table (`field`): for each setting, the action and how a
/// report says it. A ramp carries its end and step.
fn settings(
    field: &str,
    table: &Spanned<Table>,
    ramp: Option<(f64, f64)>,
    doc: &Table,
    base: &Scenario,
) -> Result<Vec<(Action, String)>, Invalid> {
    let mut leaves = Vec::new();
    flatten("", table.get_ref(), &mut leaves);
    let mut out = Vec::new();
    for (path, value) in leaves {
        let key = format!("{field}.{path}");
        if let Some(why) = forbidden(&path).or_else(|| fixed(&path, base)) {
            return Err(Invalid::new(
                table.span(),
                key,
                format!("cannot be set on the timeline: {why}"),
            ));
        }
        // A path that names no pool or intent is refused here, with the entry's line.
        if let Err(err) = set_path(&mut doc.clone(), &path, value.clone()) {
            return Err(Invalid::new(table.span(), key, err));
        }
        let said = format!("{path} {} {value}", if ramp.is_none() { "=" } else { "→" });
        let action = match ramp {
            None => Action::Set(path.clone(), value),
            Some((until, step)) => {
                let target = value.as_float().or(value.as_integer().map(|i| i as f64));
                let Some(target) = target else {
                    return Err(Invalid::new(
                        table.span(),
                        format!("ramp.{path}"),
                        format!("a ramp goes to a number, found {value}"),
                    ));
                };
                Action::Ramp(Ramp {
                    path: path.clone(),
                    target,
                    until,
                    step,
                })
            }
        };
        out.push((action, said));
    }
    Ok(out)
}

/// A `layoff` or `hire` (`field`) of a workforce pool, scaled by the run's scale, and how a
/// report says it.
fn headcount_move(
    field: &str,
    mv: &RawHeadcountMove,
    base: &Scenario,
) -> Result<(Action, String), Invalid> {
    let pool = base
        .pools
        .iter()
        .position(|p| p.name == mv.pool.get_ref().trim())
        .ok_or_else(|| {
            let known: Vec<&str> = base.pools.iter().map(|p| p.name.as_str()).collect();
            Invalid::new(
                mv.pool.span(),
                format!("{field}.pool"),
                format!(
                    "unknown pool {:?}; expected one of {}",
                    mv.pool.get_ref(),
                    known.join(", ")
                ),
            )
        })?;
    if base.pools[pool].workforce.is_none() {
        return Err(Invalid::new(
            mv.pool.span(),
            format!("{field}.pool"),
            format!(
                "pool {:?} has no `workforce`, so it has no headcount to {field}",
                base.pools[pool].name
            ),
        ));
    }
    let count = check(
        &mv.count,
        &format!("{field}.count"),
        |n| (0..=MAX_AGENTS).contains(&n),
        "a whole number of agents from 0 to 1,000,000",
    )?;
    let scaled = (count as f64 * base.simulation.scale).round() as u32;
    let said = format!("{field} {count} in {}", base.pools[pool].name);
    let action = if field == "layoff" {
        Action::Layoff(pool, scaled)
    } else {
        Action::Hire(pool, scaled)
    };
    Ok((action, said))
}

/// Plays the changes of one moment on `doc`: sets apply, ramps schedule their daily sets in
/// `agenda`, moves are collected; if a setting changed, the settings in force from now on are
/// validated. `spans` are the entries' spans; an error carries the entry it concerns.
fn play(
    group: Vec<Change>,
    doc: &mut Table,
    agenda: &mut Agenda,
    spans: &[Range<usize>],
    base: &Scenario,
    src: &Source,
    cache: &Cache,
) -> Result<Step, (usize, Invalid)> {
    let at = group[0].at;
    let first = group[0].entry;
    let mut step = Step {
        at,
        settings: None,
        layoffs: Vec::new(),
        hires: Vec::new(),
    };
    let mut changed = false;
    for change in group {
        let entry = change.entry;
        let span = spans[entry].clone();
        match change.action {
            Action::Set(path, value) => {
                set_path(doc, &path, value).map_err(|m| (entry, Invalid::new(span, "set", m)))?;
                changed = true;
            }
            Action::Ramp(r) => ramp(doc, agenda, entry, at, &r)
                .map_err(|m| (entry, Invalid::new(span, m.0, m.1)))?,
            Action::Layoff(p, n) => step.layoffs.push((p, n)),
            Action::Hire(p, n) => step.hires.push((p, n)),
        }
    }
    if changed {
        let settings = settings_in_force(doc, at, base, src, cache)
            .map_err(|m| (first, Invalid::new(spans[first].clone(), "", m)))?;
        step.settings = Some(Box::new(settings));
    }
    Ok(step)
}

/// Schedules the steps of ramp `r` of entry `entry`, which starts at `at` from the value in
/// force in `doc`: linear, `r.step` apart, whole numbers for a whole-number setting. An error
/// is (key, message).
fn ramp(
    doc: &Table,
    agenda: &mut Agenda,
    entry: usize,
    at: f64,
    r: &Ramp,
) -> Result<(), (String, String)> {
    let from = get_path(doc, &r.path)
        .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
        .ok_or_else(|| {
            (
                format!("ramp.{}", r.path),
                "a ramp starts from the number in force at `at`, but this setting is not a \
                 number there; `set` it first"
                    .to_string(),
            )
        })?;
    let steps = ((r.until - at) / r.step - 1e-9).ceil().max(1.0);
    if steps > MAX_RAMP_STEPS {
        return Err((
            "step".to_string(),
            format!(
                "the ramp would take {steps:.0} steps, more than {MAX_RAMP_STEPS}; give a \
                 longer `step`"
            ),
        ));
    }
    let n = steps as usize;
    // A whole-number setting (agents, a cap) moves in whole steps.
    let whole = get_path(doc, &r.path).is_some_and(Value::is_integer);
    for k in 1..=n {
        let t = at + (r.until - at) * k as f64 / n as f64;
        let v = from + (r.target - from) * k as f64 / n as f64;
        let value = if k == n { r.target } else { v };
        let value = if whole {
            number_value(value.round())
        } else {
            Value::Float(value)
        };
        agenda.push(t, entry, Action::Set(r.path.clone(), value));
    }
    Ok(())
}

/// The settings in force from `at` on: `doc` validated like a scenario file, and checked
/// to keep the structure of `base`.
fn settings_in_force(
    doc: &Table,
    at: f64,
    base: &Scenario,
    src: &Source,
    cache: &Cache,
) -> Result<Scenario, String> {
    let text = toml::to_string(doc).map_err(|e| e.to_string())?;
    let settings = super::parse_with(&text, src.file, &base.name, cache).map_err(|e| match e {
        ScenarioError::Invalid(l) => format!(
            "from {} on, the scenario is invalid: `{}`: {}",
            HumanDuration(at),
            l.key,
            l.message
        ),
        other => other.to_string(),
    })?;
    check_structure(base, &settings)?;
    Ok(settings)
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
