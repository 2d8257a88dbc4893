//! `[arrivals] rates = { file = "volumes.csv" }`: the arrival rate of each interval read
//! from a CSV file beside the scenario, so that a historical or forecast week can be
//! replayed.
//!
//! The file says, per row, the interval (`start`, `end`: durations from time 0, rows in
//! order and touching) and the contacts expected in it: `offered` for all intents (split by
//! their `share`s), or one `offered.<intent>` column per intent, or one `offered.<channel>`
//! column per channel (split among the channel's intents by their `share`s). A forecast may
//! add `level_cv`, each row's level uncertainty (used with `level_noise = true`), and the
//! information columns `date`, `time`, `lo80`, `hi80`, `lo95`, `hi95`, which people read and
//! the simulation does not.
//!
//! The file is read and checked once, on its own ([`read`], into a [`RatesFile`]); it is
//! then resolved against the scenario's intents ([`pattern`]). A scenario load keeps the
//! files it read in a [`Cache`], so a timeline, which validates the settings in force at
//! each step like a file of their own, does not read the file again. A problem in the file
//! is placed in the file (line, column and the column's name), as a schedule file's are.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use toml::Spanned;

use super::arrivals::MAX_CONTACTS;
use super::error::{Invalid, Source, utf8};
use super::raw::{RawArrivals, RawRates};
use super::shifts::header_span;
use crate::model::arrivals::RateTable;
use crate::model::{ArrivalPattern, Channel, Intent, Simulation};
use crate::units::{HumanDuration, parse_duration};

/// The rates files one scenario load has read, by resolved path.
pub(super) type Cache = RefCell<HashMap<PathBuf, Rc<RatesFile>>>;

/// Columns people read that the simulation ignores (a forecast's date and time of day, and
/// its prediction intervals); the numeric ones must be numbers of contacts.
const INFORMATION: [(&str, bool); 6] = [
    ("date", false),
    ("time", false),
    ("lo80", true),
    ("hi80", true),
    ("lo95", true),
    ("hi95", true),
];

/// A rates file as read: its rows and its volume columns, checked on their own.
#[derive(Debug)]
pub(super) struct RatesFile {
    /// The path as reported.
    file: String,
    /// The text, to place a problem found when the file meets the intents.
    text: String,
    /// The volume columns: `None` for `offered`, else the name after `offered.`; with the
    /// span of each header.
    columns: Vec<(Option<String>, Range<usize>)>,
    /// Row boundaries, seconds: row `r` runs from `bounds[r]` to `bounds[r + 1]`.
    bounds: Vec<f64>,
    /// Per row, the contacts of each volume column.
    offered: Vec<Vec<f64>>,
    /// Per row, `level_cv`, if the file has the column.
    level_cv: Option<Vec<f64>>,
}

#[cfg(test)]
thread_local! {
    /// Rates files read from disk by this thread (a test counts them).
    static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The rates file of `rates`, relative to `dir` (the scenario's folder): from `cache` if this
/// load has read it already.
pub(super) fn read(
    rates: &Spanned<RawRates>,
    dir: &Path,
    cache: &Cache,
) -> Result<Rc<RatesFile>, Invalid> {
    let file = &rates.get_ref().file;
    let path = dir.join(file.get_ref().trim());
    if let Some(found) = cache.borrow().get(&path) {
        return Ok(Rc::clone(found));
    }
    #[cfg(test)]
    READS.with(|r| r.set(r.get() + 1));
    let bytes = std::fs::read(&path).map_err(|e| {
        Invalid::new(
            file.span(),
            "rates.file",
            format!("cannot read rates file {}: {e}", path.display()),
        )
    })?;
    let text =
        utf8(bytes, &path.display().to_string(), false).map_err(|l| Invalid::elsewhere(*l))?;
    let parsed = Rc::new(from_csv(text, path.display().to_string())?);
    cache.borrow_mut().insert(path, Rc::clone(&parsed));
    Ok(parsed)
}

/// What a header names.
enum Column {
    Start,
    End,
    Volume(Option<String>),
    LevelCv,
    Information(bool),
}

fn expected_columns() -> String {
    format!(
        "expected start, end, offered (or offered.<intent>, or offered.<channel>), level_cv, or \
         an information column ({})",
        INFORMATION.map(|c| c.0).join(", ")
    )
}

/// Reads rates file `text` (named `file` in errors).
fn from_csv(text: String, file: String) -> Result<RatesFile, Invalid> {
    let src = Source {
        file: &file,
        text: &text,
    };
    let at = |span: Range<usize>, key: &str, msg: String| {
        Invalid::elsewhere(src.located(span, key, msg))
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| at(0..0, "", format!("cannot read the header: {e}")))?
        .clone();
    let mut kinds = Vec::new();
    let mut columns: Vec<(Option<String>, Range<usize>)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        let span = header_span(&headers, i);
        if headers.iter().take(i).any(|other| other.trim() == h) {
            return Err(at(span, h, format!("column {h:?} appears twice")));
        }
        let kind = match h {
            "start" => Column::Start,
            "end" => Column::End,
            "level_cv" => Column::LevelCv,
            "offered" => Column::Volume(None),
            _ => match (
                h.strip_prefix("offered."),
                INFORMATION.iter().find(|c| c.0 == h),
            ) {
                (Some(name), _) if !name.trim().is_empty() => {
                    Column::Volume(Some(name.trim().to_string()))
                }
                (_, Some(&(_, numeric))) => Column::Information(numeric),
                _ => {
                    return Err(at(
                        span,
                        h,
                        format!("unknown column {h:?}; {}", expected_columns()),
                    ));
                }
            },
        };
        if let Column::Volume(name) = &kind {
            if let Some((first, _)) = columns.first()
                && first.is_none() != name.is_none()
            {
                return Err(at(
                    span,
                    h,
                    "expected either one `offered` column (all intents) or `offered.<name>` \
                     columns (one per intent or per channel), not both"
                        .to_string(),
                ));
            }
            columns.push((name.clone(), span));
        }
        kinds.push(kind);
    }
    let find = |want: fn(&Column) -> bool| kinds.iter().position(want);
    let start_col = find(|k| matches!(k, Column::Start));
    let end_col = find(|k| matches!(k, Column::End));
    let header = headers.iter().collect::<Vec<_>>().join(",");
    for (name, found) in [("start", start_col), ("end", end_col)] {
        if found.is_none() {
            return Err(at(
                0..0,
                name,
                format!("missing column {name:?}; the header is {header}"),
            ));
        }
    }
    if columns.is_empty() {
        return Err(at(
            0..0,
            "offered",
            format!(
                "missing column \"offered\" (or offered.<intent>, or offered.<channel>): the \
                 contacts expected in each row; the header is {header}"
            ),
        ));
    }
    let has_level = find(|k| matches!(k, Column::LevelCv)).is_some();
    let mut bounds = vec![0.0];
    let mut offered = Vec::new();
    let mut level_cv = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let byte = e.position().map_or(0, |p| p.byte() as usize);
            at(byte..byte, "", format!("cannot read the row: {e}"))
        })?;
        let row_start = record.position().map_or(0, |p| p.byte() as usize);
        // The trimmed text of field `i` and its byte span (exact for unquoted fields).
        let field = |i: usize| -> (&str, Range<usize>) {
            let raw = record.get(i).unwrap_or("");
            let offset = record.range(i).map_or(0, |r| r.start) + i;
            let lead = raw.len() - raw.trim_start().len();
            let from = row_start + offset + lead;
            (raw.trim(), from..from + raw.trim().len())
        };
        let duration = |i: usize, name: &str| -> Result<(f64, Range<usize>), Invalid> {
            let (s, span) = field(i);
            parse_duration(s).map(|d| (d, span.clone())).map_err(|m| {
                at(
                    span,
                    name,
                    format!("expected a duration from time 0 such as \"7h05m\": {m}"),
                )
            })
        };
        let (start, start_span) = duration(start_col.expect("checked"), "start")?;
        let (end, end_span) = duration(end_col.expect("checked"), "end")?;
        let previous = bounds[bounds.len() - 1];
        if offered.is_empty() && start != 0.0 {
            return Err(at(
                start_span,
                "start",
                format!(
                    "expected the first row to start at 0s (the start of the run), found {}",
                    HumanDuration(start)
                ),
            ));
        }
        if start != previous {
            let what = if start > previous {
                "a gap"
            } else {
                "an overlap"
            };
            return Err(at(
                start_span,
                "start",
                format!(
                    "expected each row to start where the previous one ended ({}), found {}: \
                     {what}",
                    HumanDuration(previous),
                    HumanDuration(start)
                ),
            ));
        }
        if end <= start {
            return Err(at(
                end_span,
                "end",
                format!(
                    "expected an end after the row's start ({}), found {}",
                    HumanDuration(start),
                    HumanDuration(end)
                ),
            ));
        }
        let mut counts = Vec::with_capacity(columns.len());
        for (i, kind) in kinds.iter().enumerate() {
            let name = headers.get(i).unwrap_or("").trim();
            let number = |what: &str, ok: &dyn Fn(f64) -> bool| -> Result<f64, Invalid> {
                let (s, span) = field(i);
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && ok(*v))
                    .ok_or_else(|| at(span, name, format!("expected {what}, found {s:?}")))
            };
            match kind {
                Column::Volume(_) => counts.push(number(
                    "a number of contacts, zero or more (fractions allowed: expected contacts)",
                    &|v| v >= 0.0,
                )?),
                Column::LevelCv => level_cv.push(number(
                    "a coefficient of variation of the day's level, from 0 to 3",
                    &|v| (0.0..=3.0).contains(&v),
                )?),
                Column::Information(true) => {
                    number("a number of contacts, zero or more", &|v| v >= 0.0)?;
                }
                Column::Start | Column::End | Column::Information(false) => {}
            }
        }
        offered.push(counts);
        bounds.push(end);
    }
    if offered.is_empty() {
        return Err(at(
            0..0,
            "",
            "expected at least one row after the header".to_string(),
        ));
    }
    Ok(RatesFile {
        file,
        text,
        columns,
        bounds,
        offered,
        level_cv: has_level.then_some(level_cv),
    })
}

/// The arrival pattern of `[arrivals]` (`arr`, whose `rates` is set) from its rates file,
/// at the run's scale, resolved against `intents`: under per-intent or per-channel columns
/// each intent's `share` becomes its part of the file's volume. Errors about the file are
/// placed in it; the others are keyed relative to `[arrivals]`.
pub(super) fn pattern(
    arr: &RawArrivals,
    sim: &Simulation,
    intents: &mut [Intent],
    dir: &Path,
    cache: &Cache,
) -> Result<ArrivalPattern, Invalid> {
    let rates = arr.rates.as_ref().expect("a rates file");
    let raw = rates.get_ref();
    let file = read(rates, dir, cache)?;
    let rows = file.offered.len();
    // Per row, the contacts of each intent (empty rows when the shares split the total).
    let per_intent = split(&file, intents)?;
    let mut table = RateTable {
        bounds: file.bounds.clone(),
        rates: Vec::with_capacity(rows),
        mix: Vec::new(),
        level_cv: Vec::new(),
        repeat: raw.repeat.unwrap_or(false),
    };
    for r in 0..rows {
        let total: f64 = file.offered[r].iter().sum();
        table
            .rates
            .push(total / (file.bounds[r + 1] - file.bounds[r]) * sim.scale);
        if let Some(parts) = &per_intent {
            table.mix.extend(
                parts[r]
                    .iter()
                    .map(|&c| if total > 0.0 { c / total } else { 0.0 }),
            );
        }
    }
    if let Some(parts) = &per_intent {
        let grand: f64 = parts.iter().flatten().sum();
        if grand > 0.0 {
            for (i, intent) in intents.iter_mut().enumerate() {
                intent.share = parts.iter().map(|p| p[i]).sum::<f64>() / grand;
            }
        }
    }
    if let Some(flag) = &raw.level_noise
        && *flag.get_ref()
    {
        table.level_cv = file.level_cv.clone().ok_or_else(|| {
            Invalid::new(
                flag.span(),
                "rates.level_noise",
                format!(
                    "the rates file {} has no `level_cv` column, so there is no level \
                     uncertainty to draw; add the column (a forecast's coefficient of \
                     variation of each day's level) or remove `level_noise`",
                    file.file
                ),
            )
        })?;
    }
    let length = table.length();
    let file_span = raw.file.span();
    if !table.repeat && length < sim.horizon {
        return Err(Invalid::new(
            file_span,
            "rates.file",
            format!(
                "the rates file {} ends at {}, before the horizon ({}); extend the file, \
                 shorten `simulation.horizon`, or replay the file with `repeat = true`",
                file.file,
                HumanDuration(length),
                HumanDuration(sim.horizon)
            ),
        ));
    }
    let pattern = ArrivalPattern::from_table(table, sim.horizon);
    let expected = pattern.expected_arrivals(0.0, sim.horizon);
    if expected > MAX_CONTACTS {
        return Err(Invalid::new(
            file_span,
            "rates.file",
            format!(
                "expected at most 10 billion contacts per replication; the rates file {} gives \
                 {expected:.3e} over the horizon",
                file.file
            ),
        ));
    }
    Ok(pattern)
}

/// Per row, each intent's contacts, from per-intent or per-channel columns; `None` for one
/// `offered` column (the shares split it as the run goes, and a timeline may change them).
fn split(file: &RatesFile, intents: &[Intent]) -> Result<Option<Vec<Vec<f64>>>, Invalid> {
    let Some((Some(first), _)) = file.columns.first() else {
        return Ok(None);
    };
    let src = Source {
        file: &file.file,
        text: &file.text,
    };
    let at = |span: Range<usize>, key: String, msg: String| {
        Invalid::elsewhere(src.located(span, key, msg))
    };
    let intent_names: Vec<String> = intents
        .iter()
        .map(|i| format!("offered.{}", i.name))
        .collect();
    let channels: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| intents.iter().any(|i| i.channel == *c))
        .collect();
    let channel_names: Vec<String> = channels
        .iter()
        .map(|c| format!("offered.{}", c.name()))
        .collect();
    let by_intent = intents.iter().any(|i| &i.name == first);
    let (wanted, what) = if by_intent {
        (&intent_names, "intent")
    } else {
        (&channel_names, "channel that has intents")
    };
    // For each column, its index among the wanted ones.
    let mut index = Vec::with_capacity(file.columns.len());
    for (name, span) in &file.columns {
        let column = format!("offered.{}", name.as_deref().unwrap_or(""));
        let Some(k) = wanted.iter().position(|w| *w == column) else {
            let kind = if by_intent {
                format!(
                    "the columns are per intent (the first, `offered.{first}`, names one), so \
                     expected one of {}",
                    intent_names.join(", ")
                )
            } else {
                format!(
                    "expected a column per intent ({}) or per channel that has intents ({})",
                    intent_names.join(", "),
                    channel_names.join(", ")
                )
            };
            return Err(at(
                span.clone(),
                column.clone(),
                format!("unknown column {column:?}: no {what} is called so; {kind}"),
            ));
        };
        index.push(k);
    }
    if let Some(missing) = (0..wanted.len()).find(|k| !index.contains(k)) {
        let line = file.text.find('\n').unwrap_or(file.text.len());
        return Err(at(
            0..line,
            wanted[missing].clone(),
            format!(
                "missing column {:?}: with a column per {}, every {} needs one",
                wanted[missing],
                if by_intent { "intent" } else { "channel" },
                what
            ),
        ));
    }
    let mut out = Vec::with_capacity(file.offered.len());
    for row in &file.offered {
        let mut parts = vec![0.0; intents.len()];
        if by_intent {
            for (c, &k) in index.iter().enumerate() {
                parts[k] = row[c];
            }
        } else {
            for (c, &k) in index.iter().enumerate() {
                let channel = channels[k];
                let within: f64 = intents
                    .iter()
                    .filter(|i| i.channel == channel)
                    .map(|i| i.share)
                    .sum();
                if row[c] > 0.0 && within <= 0.0 {
                    return Err(at(
                        file.columns[c].1.clone(),
                        channel_names[k].clone(),
                        format!(
                            "the file gives `{}` contacts, but every intent of that channel has \
                             a `share` of 0, so none can take them",
                            channel.name()
                        ),
                    ));
                }
                for (i, intent) in intents.iter().enumerate() {
                    if intent.channel == channel && within > 0.0 {
                        parts[i] = row[c] * intent.share / within;
                    }
                }
            }
        }
        out.push(parts);
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario of ten timeline steps reads its rates file once.
    #[test]
    fn a_load_reads_the_rates_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("start,end,offered\n");
        for h in 0..24 {
            csv.push_str(&format!("{h}h,{}h,100\n", h + 1));
        }
        std::fs::write(dir.path().join("volumes.csv"), csv).unwrap();
        let mut text = String::from(
            "[simulation]\nhorizon = \"1d\"\n[arrivals]\nrates = { file = \"volumes.csv\" }\n\
             [[intents]]\nname = \"general\"\nshare = 1.0\n\
             handle_time = { dist = \"exponential\", mean = \"4m\" }\n\
             [[pools]]\nname = \"agents\"\nagents = 10\n",
        );
        for h in 1..=10 {
            text.push_str(&format!(
                "[[timeline]]\nat = \"{h}h\"\nset = {{ \"pools.agents.agents\" = {} }}\n",
                10 + h
            ));
        }
        let file = dir.path().join("desk.toml");
        let before = READS.with(|r| r.get());
        let s = super::super::parse(&text, &file.display().to_string(), "desk").unwrap();
        assert_eq!(s.timeline.steps.len(), 10);
        assert_eq!(READS.with(|r| r.get()) - before, 1);
    }
}
