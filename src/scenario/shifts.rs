//! `[[shifts]]` (shift templates) and a pool's `schedule` or `schedule_file` (the shifts
//! assigned): read, and checked against each other, so that every assigned shift is one its
//! template allows (a start on the grid, each break in its window, allowed days, agents
//! within the template's bounds).
//!
//! A schedule is written inline in the pool, or in a CSV file beside the scenario (columns
//! `shift,start,breaks,days,count`; `breaks` separated by `;`), read with the `csv` crate.
//! A problem in the CSV file is placed in that file, by line, column and column name.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::check::{MAX_AGENTS, agents, check, non_negative, secs, unique_name};
use super::error::{Invalid, Source, element_key, utf8};
use super::raw::{RawAssignment, RawPool, RawShift, RawWindow};
use crate::model::shift::{BreakRule, Days, Schedule, Shift, ShiftTemplate, Tour, Window};
use crate::units::{DAY, HumanDuration, parse_duration};

/// Most shifts a template may allow (starts × break choices × day sets).
const MAX_PATTERNS: usize = 1_000_000;

/// The shift templates of the file, in file order; `pools` are the file's pools, whose
/// names the templates refer to and whose `hourly_cost` a template without a cost takes.
pub(super) fn templates(
    raw: Option<&Spanned<Vec<Spanned<RawShift>>>>,
    pools: &[Spanned<RawPool>],
) -> Result<Vec<ShiftTemplate>, Invalid> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let mut seen = HashSet::new();
    super::check::each(raw.get_ref(), "shifts", |rs| {
        template(rs.get_ref(), &mut seen, pools)
    })
}

fn template(
    rs: &RawShift,
    seen: &mut HashSet<String>,
    pools: &[Spanned<RawPool>],
) -> Result<ShiftTemplate, Invalid> {
    let name = unique_name(seen, &rs.name, "name")?;
    let wanted = rs.pool.get_ref().trim();
    let pool = pools
        .iter()
        .position(|p| p.get_ref().name.get_ref().trim() == wanted)
        .ok_or_else(|| {
            let known: Vec<&str> = pools
                .iter()
                .map(|p| p.get_ref().name.get_ref().as_str())
                .collect();
            Invalid::new(
                rs.pool.span(),
                "pool",
                format!(
                    "unknown pool {wanted:?}; expected one of {}",
                    known.join(", ")
                ),
            )
        })?;
    let length = check(
        &secs(&rs.length),
        "length",
        |x| x > 0.0 && x <= DAY,
        "a shift length above zero and up to 24h",
    )?;
    let starts = window(
        rs.starts.get_ref(),
        DAY,
        "a time of day from 0h up to (not including) 24h",
    )
    .map_err(|e| e.within("starts"))?;
    let mut breaks = Vec::new();
    if let Some(list) = &rs.breaks {
        for (i, rb) in list.get_ref().iter().enumerate() {
            let rb = rb.get_ref();
            let within = |e: Invalid| e.within(&element_key("breaks", i, None));
            let blen = check(
                &secs(&rb.length),
                "length",
                |x| x > 0.0 && x < length,
                "a break length above zero and shorter than the shift",
            )
            .map_err(within)?;
            let raw_window = RawWindow {
                earliest: rb.earliest.clone(),
                latest: rb.latest.clone(),
                every: rb.every.clone(),
            };
            let starts = window(
                &raw_window,
                length,
                "an offset from the shift start within the shift",
            )
            .map_err(within)?;
            if starts.latest + blen > length + 1e-6 {
                let span = rb.latest.as_ref().unwrap_or(&rb.earliest).span();
                return Err(within(Invalid::new(
                    span,
                    if rb.latest.is_some() {
                        "latest"
                    } else {
                        "earliest"
                    },
                    format!(
                        "a break starting {} after the shift start ends after the shift ({} long)",
                        HumanDuration(starts.latest).compact(),
                        HumanDuration(length).compact()
                    ),
                )));
            }
            breaks.push(BreakRule {
                length: blen,
                starts,
                paid: rb.paid.unwrap_or(false),
            });
        }
    }
    let days = match &rs.days {
        Some(d) => days(d, "days")?,
        None => Days::ALL,
    };
    let tour = rs
        .tour
        .as_ref()
        .map(|t| {
            let t = t.get_ref();
            let n = check(
                &t.days_on,
                "days_on",
                |n| n >= 1 && n <= i64::from(days.count()),
                &format!(
                    "a number of days from 1 to {} (the template's days)",
                    days.count()
                ),
            )?;
            Ok(Tour {
                days_on: n as u32,
                consecutive_days_off: t.consecutive_days_off.unwrap_or(false),
            })
        })
        .transpose()
        .map_err(|e: Invalid| e.within("tour"))?;
    let cost_per_shift = non_negative(rs.cost_per_shift.as_ref(), "cost_per_shift", 0.0)?;
    let pool_rate = pools[pool]
        .get_ref()
        .hourly_cost
        .as_ref()
        .map_or(0.0, |c| c.get_ref().max(0.0));
    let default_rate = if rs.cost_per_shift.is_some() {
        0.0
    } else {
        pool_rate
    };
    let cost_per_hour = non_negative(rs.cost_per_hour.as_ref(), "cost_per_hour", default_rate)?;
    let min = rs
        .min
        .as_ref()
        .map(|m| agents(m, "min", 1.0))
        .transpose()?
        .unwrap_or(0);
    let max = rs
        .max
        .as_ref()
        .map(|m| agents(m, "max", 1.0))
        .transpose()?
        .unwrap_or(MAX_AGENTS as u32);
    if max < min {
        let span = rs.max.as_ref().map_or(rs.name.span(), |m| m.span());
        return Err(Invalid::new(
            span,
            "max",
            format!("expected at least `min` ({min}) agents, found {max}"),
        ));
    }
    let t = ShiftTemplate {
        name,
        pool,
        length,
        starts,
        breaks,
        days,
        tour,
        cost_per_hour,
        cost_per_shift,
        min,
        max,
    };
    let choices: usize = t
        .breaks
        .iter()
        .map(|b| b.starts.count())
        .chain([t.starts.count(), t.day_sets().len()])
        .fold(1usize, |a, n| a.saturating_mul(n));
    if choices > MAX_PATTERNS {
        return Err(Invalid::new(
            rs.starts.span(),
            "starts",
            format!(
                "the template allows {choices} different shifts; at most 1,000,000: use a \
                 coarser `every`"
            ),
        ));
    }
    if t.break_sets().is_empty() {
        let span = rs.breaks.as_ref().map_or(rs.name.span(), |b| b.span());
        return Err(Invalid::new(
            span,
            "breaks",
            "no choice of break starts lets each break start after the one before it ends",
        ));
    }
    Ok(t)
}

/// A grid of times from `earliest` to `latest` every `every`, each below `limit` seconds.
fn window(w: &RawWindow, limit: f64, expected: &str) -> Result<Window, Invalid> {
    let earliest = check(&secs(&w.earliest), "earliest", |x| x < limit, expected)?;
    let latest = match &w.latest {
        Some(l) => check(
            &secs(l),
            "latest",
            |x| x >= earliest && x < limit,
            &format!("{expected}, not before `earliest`"),
        )?,
        None => earliest,
    };
    let every = match &w.every {
        Some(e) => check(&secs(e), "every", |x| x > 0.0, "a step above zero")?,
        None if latest > earliest => {
            return Err(Invalid::new(
                w.latest.as_ref().map_or(w.earliest.span(), |l| l.span()),
                "every",
                "a window from `earliest` to a later `latest` needs `every`, the step between \
                 allowed times",
            ));
        }
        None => 0.0,
    };
    Ok(Window {
        earliest,
        latest,
        every,
    })
}

fn days(d: &Spanned<String>, key: &str) -> Result<Days, Invalid> {
    let days = Days::parse(d.get_ref()).map_err(|m| Invalid::new(d.span(), key, m))?;
    Ok(days)
}

/// A value of one assigned shift, with the span it was read from.
struct Field<T> {
    value: T,
    span: Range<usize>,
}

/// One assigned shift as read, before it is checked against its template.
struct Row {
    shift: Field<String>,
    start: Field<f64>,
    breaks: Field<Vec<f64>>,
    days: Field<Option<Days>>,
    count: Field<i64>,
}

/// The schedule of pool number `pool` (`rp`), if it has one: its `schedule` list, or its
/// `schedule_file` read relative to `dir` (the scenario's folder). `templates` are the
/// file's; the pool may use those that name it.
pub(super) fn schedule(
    rp: &RawPool,
    pool: usize,
    templates: &[ShiftTemplate],
    dir: &Path,
) -> Result<Option<Schedule>, Invalid> {
    let (rows, whole, whole_key, place): (Vec<Row>, Range<usize>, &str, Placer) =
        match (&rp.schedule, &rp.schedule_file) {
            (None, None) => return Ok(None),
            (Some(list), None) => (inline(list)?, list.span(), "schedule", Placer::Toml),
            (None, Some(f)) => {
                let path = dir.join(f.get_ref().trim());
                let bytes = std::fs::read(&path).map_err(|e| {
                    Invalid::new(
                        f.span(),
                        "schedule_file",
                        format!("cannot read schedule file {}: {e}", path.display()),
                    )
                })?;
                let file = path.display().to_string();
                let text = utf8(bytes, &file, false).map_err(|l| Invalid::elsewhere(*l))?;
                let rows = from_csv(&text, &file)?;
                (rows, f.span(), "schedule_file", Placer::Csv { text, file })
            }
            (Some(list), Some(_)) => {
                return Err(Invalid::new(
                    list.span(),
                    "schedule",
                    "expected one of `schedule` (shifts listed here) or `schedule_file` (a CSV \
                     file of them), not both",
                ));
            }
        };
    let mut shifts = Vec::with_capacity(rows.len());
    let mut per_template = vec![0u64; templates.len()];
    for (i, row) in rows.iter().enumerate() {
        let err = |span: Range<usize>, key: &str, msg: String| place.error(i, span, key, msg);
        let name = row.shift.value.trim();
        let t = templates
            .iter()
            .position(|t| t.name == name && t.pool == pool)
            .ok_or_else(|| {
                let mine: Vec<&str> = templates
                    .iter()
                    .filter(|t| t.pool == pool)
                    .map(|t| t.name.as_str())
                    .collect();
                let known = if mine.is_empty() {
                    "no [[shifts]] template names this pool".to_string()
                } else {
                    format!("expected one of {}", mine.join(", "))
                };
                err(
                    row.shift.span.clone(),
                    "shift",
                    format!("unknown shift template {name:?} for this pool; {known}"),
                )
            })?;
        let template = &templates[t];
        let days = match (row.days.value, template.tour) {
            (Some(d), _) => d,
            (None, None) => template.days,
            (None, Some(tour)) => {
                return Err(err(
                    row.days.span.clone(),
                    "days",
                    format!(
                        "shift {:?} is a tour of {} days a week: give the days worked, such as \
                         \"mon-fri\"",
                        template.name, tour.days_on
                    ),
                ));
            }
        };
        template
            .check(row.start.value, &row.breaks.value, days)
            .map_err(|(field, msg)| {
                let span = match field {
                    crate::model::shift::ShiftField::Start => row.start.span.clone(),
                    crate::model::shift::ShiftField::Breaks => row.breaks.span.clone(),
                    crate::model::shift::ShiftField::Days => row.days.span.clone(),
                };
                err(span, field.key(), msg)
            })?;
        let count = row.count.value;
        if !(0..=MAX_AGENTS).contains(&count) {
            return Err(err(
                row.count.span.clone(),
                "count",
                format!("expected a whole number of agents from 0 to 1,000,000, found {count}"),
            ));
        }
        per_template[t] += count as u64;
        shifts.push(Shift {
            template: t,
            start: row.start.value,
            breaks: row.breaks.value.clone(),
            days,
            count: count as u32,
        });
    }
    for (t, &n) in per_template.iter().enumerate() {
        let template = &templates[t];
        if template.pool == pool && (n < u64::from(template.min) || n > u64::from(template.max)) {
            return Err(Invalid::new(
                whole.clone(),
                whole_key,
                format!(
                    "the schedule puts {n} agents on shift {:?}, whose bounds are `min` = {} and \
                     `max` = {}",
                    template.name, template.min, template.max
                ),
            ));
        }
    }
    Schedule::new(templates.to_vec(), shifts)
        .map(Some)
        .map_err(|m| Invalid::new(whole, whole_key, m))
}

/// How a row's problem is placed: in the scenario (by the row's index in `schedule`), or in
/// the CSV file.
enum Placer {
    Toml,
    Csv { text: String, file: String },
}

impl Placer {
    fn error(&self, row: usize, span: Range<usize>, key: &str, msg: String) -> Invalid {
        match self {
            Placer::Toml => Invalid::new(span, format!("schedule[{row}].{key}"), msg),
            Placer::Csv { text, file } => {
                Invalid::elsewhere(Source { file, text }.located(span, key, msg))
            }
        }
    }
}

fn inline(list: &Spanned<Vec<Spanned<RawAssignment>>>) -> Result<Vec<Row>, Invalid> {
    let mut rows = Vec::new();
    for (i, ra) in list.get_ref().iter().enumerate() {
        let within = |e: Invalid| e.within(&element_key("schedule", i, None));
        let ra = ra.get_ref();
        let days = ra
            .days
            .as_ref()
            .map(|d| days(d, "days"))
            .transpose()
            .map_err(within)?;
        let whole = ra.shift.span();
        rows.push(Row {
            shift: Field {
                value: ra.shift.get_ref().clone(),
                span: ra.shift.span(),
            },
            start: Field {
                value: ra.start.get_ref().0,
                span: ra.start.span(),
            },
            breaks: Field {
                value: ra.breaks.as_ref().map_or_else(Vec::new, |b| {
                    b.get_ref().iter().map(|d| d.get_ref().0).collect()
                }),
                span: ra.breaks.as_ref().map_or(whole.clone(), |b| b.span()),
            },
            days: Field {
                value: days,
                span: ra.days.as_ref().map_or(whole, |d| d.span()),
            },
            count: Field {
                value: *ra.count.get_ref(),
                span: ra.count.span(),
            },
        });
    }
    Ok(rows)
}

/// The columns of a schedule file, and whether each must be there.
const COLUMNS: [(&str, bool); 5] = [
    ("shift", true),
    ("start", true),
    ("breaks", false),
    ("days", false),
    ("count", true),
];

/// The rows of schedule file `text` (named `file` in errors).
fn from_csv(text: &str, file: &str) -> Result<Vec<Row>, Invalid> {
    let src = Source { file, text };
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
    let mut index = [None; 5];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        let column = COLUMNS.iter().position(|c| c.0 == h).ok_or_else(|| {
            at(
                header_span(&headers, i),
                h,
                format!(
                    "unknown column {h:?}; expected {}",
                    COLUMNS.map(|c| c.0).join(", ")
                ),
            )
        })?;
        index[column] = Some(i);
    }
    for (c, (name, required)) in COLUMNS.iter().enumerate() {
        if *required && index[c].is_none() {
            return Err(at(
                0..0,
                name,
                format!(
                    "missing column {name:?}; the header is {}",
                    COLUMNS.map(|c| c.0).join(",")
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let byte = e.position().map_or(0, |p| p.byte() as usize);
            at(byte..byte, "", format!("cannot read the row: {e}"))
        })?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        // Byte span of field `c` in the text (exact for unquoted fields).
        let field = |c: usize| -> (String, Range<usize>) {
            let Some(i) = index[c] else {
                return (String::new(), start..start);
            };
            let raw = record.get(i).unwrap_or("");
            let offset = record.range(i).map_or(0, |r| r.start) + i;
            let lead = raw.len() - raw.trim_start().len();
            let from = start + offset + lead;
            (raw.trim().to_string(), from..from + raw.trim().len())
        };
        let duration = |c: usize| -> Result<Field<f64>, Invalid> {
            let (s, span) = field(c);
            let value = parse_duration(&s).map_err(|m| at(span.clone(), COLUMNS[c].0, m))?;
            Ok(Field { value, span })
        };
        let (shift, shift_span) = field(0);
        let start_field = duration(1)?;
        let (breaks_text, breaks_span) = field(2);
        let breaks = breaks_text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| parse_duration(s).map_err(|m| at(breaks_span.clone(), "breaks", m)))
            .collect::<Result<Vec<_>, _>>()?;
        let (days_text, days_span) = field(3);
        let days = if days_text.is_empty() {
            None
        } else {
            Some(Days::parse(&days_text).map_err(|m| at(days_span.clone(), "days", m))?)
        };
        let (count_text, count_span) = field(4);
        let count = count_text.parse::<i64>().map_err(|_| {
            at(
                count_span.clone(),
                "count",
                format!("expected a whole number of agents, found {count_text:?}"),
            )
        })?;
        rows.push(Row {
            shift: Field {
                value: shift,
                span: shift_span,
            },
            start: start_field,
            breaks: Field {
                value: breaks,
                span: breaks_span,
            },
            days: Field {
                value: days,
                span: days_span,
            },
            count: Field {
                value: count,
                span: count_span,
            },
        });
    }
    Ok(rows)
}

/// Byte span of header `i` in the first line (exact for unquoted headers).
pub(super) fn header_span(headers: &csv::StringRecord, i: usize) -> Range<usize> {
    let from = headers.range(i).map_or(0, |r| r.start) + i;
    from..from + headers.get(i).map_or(0, str::len)
}
