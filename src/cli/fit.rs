//! `staffsim fit HISTORY.csv`: a scenario's arrivals and handle times from interval history.
//!
//! The statistics are the library's ([`staffsim::history::fit`]); this module reads the
//! file, prints the report and writes what a planner takes away: `fitted.toml` (the
//! `[arrivals]` and `[[intents]]` a scenario needs, or with `--into` a whole scenario that
//! runs as is), `fit.json` (every figure) and `fit_profile.csv` (the profile check cell by
//! cell).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Args;
use serde_json::{Value as Json, json};
use toml::Value;

use super::Failure;
use super::stdout::{out, outln};
use staffsim::history::fit::{
    Fit, FitOptions, HistoryFit, ProfileCell, Reason, fit_history, weekday_name,
};
use staffsim::history::{ReadOptions, read_history};
use staffsim::metrics::Unit;
use staffsim::report::number::{csv_cell, csv_number};
use staffsim::scenario;
use staffsim::units::{DAY, HumanDuration};

/// Options of `staffsim fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// The interval history, a CSV file as WFM tools export it: a start (timestamp, or date
    /// and time), offered, and optionally intent/channel/queue, handled, abandoned, aht.
    pub history: PathBuf,
    /// Where to write fitted.toml, fit.json and fit_profile.csv (created if missing).
    #[arg(long, value_name = "DIR", default_value = "fit_out")]
    pub out: PathBuf,
    /// Write DIR/fitted.toml as this scenario with `[arrivals]` replaced and its intents'
    /// shares and handle-time means fitted, ready to run.
    #[arg(long, value_name = "SCENARIO")]
    pub into: Option<PathBuf>,
    /// A column of the history to skip (repeat for several); any other unknown column is an
    /// error.
    #[arg(long, value_name = "COLUMN")]
    pub ignore: Vec<String>,
    /// How far a significant trend is continued by the timeline of fitted.toml.
    #[arg(long, value_name = "DURATION", default_value = "4w", value_parser = super::duration_arg)]
    pub horizon: f64,
}

/// Runs `staffsim fit`.
pub fn execute(args: FitArgs) -> Result<(), Failure> {
    let mut folder = super::lock_out(&args.out)?;
    let history = read_history(
        &args.history,
        &ReadOptions {
            ignore: args.ignore.clone(),
        },
    )
    .map_err(|e| Failure::Input(anyhow!(e)))?;
    let source = history.source.clone();
    let fitted = fit_history(&history, &FitOptions::default())
        .map_err(|e| Failure::Input(anyhow!("{source}: {e}")))?;
    let toml_text = match &args.into {
        None => fragment(&fitted, &source, args.horizon),
        Some(path) => into_scenario(&fitted, &source, path, &args.out, args.horizon)?,
    };
    let mut write = || -> anyhow::Result<()> {
        let json = fit_json(&fitted, &source, args.horizon);
        let json = serde_json::to_string_pretty(&json)? + "\n";
        let profile = profile_csv(&fitted.total)?;
        folder.commit(
            "fit",
            &[
                ("fitted.toml", toml_text.as_bytes()),
                ("fit.json", json.as_bytes()),
                ("fit_profile.csv", &profile),
            ],
        )
    };
    write().map_err(Failure::Runtime)?;
    out!("{}", report_text(&fitted, &source));
    outln!(
        "wrote fitted.toml, fit.json and fit_profile.csv to {}",
        args.out.display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Units as files write them

/// Contacts per second as a rate per hour with six significant digits: `"1234.57/h"`.
fn rate_text(per_second: f64) -> String {
    format!("{}/h", significant(per_second * 3600.0, 6))
}

/// `x` with `digits` significant digits, without trailing zeros.
fn significant(x: f64, digits: i32) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let decimals = (digits - 1 - x.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Seconds as a duration a scenario reads: `"4m31.2s"`, `"45.5s"`.
fn duration_text(seconds: f64) -> String {
    let tenths = (seconds * 10.0).round() as u64;
    let (minutes, rest) = (tenths / 600, tenths % 600);
    let secs = if rest % 10 == 0 {
        format!("{}s", rest / 10)
    } else {
        format!("{}.{}s", rest / 10, rest % 10)
    };
    match (minutes, rest) {
        (0, _) => secs,
        (m, 0) => format!("{m}m"),
        (m, _) => format!("{m}m{secs}"),
    }
}

/// The clock time interval `i` of the day starts at: `"07:00"`, `"07:00:30"`.
fn clock(i: usize, interval: f64) -> String {
    let s = (i as f64 * interval).round() as u64;
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{sec:02}")
    }
}

/// An interval length as people say it: `"5 minutes"`, `"1 hour"`, `"30 s"`.
fn interval_words(seconds: f64) -> String {
    match seconds {
        s if s % 3600.0 == 0.0 => format!("{} hour{}", s / 3600.0, plural(s / 3600.0)),
        s if s % 60.0 == 0.0 => format!("{} minute{}", s / 60.0, plural(s / 60.0)),
        s => format!("{s} s"),
    }
}

fn plural(n: f64) -> &'static str {
    if n == 1.0 { "" } else { "s" }
}

/// Weights rounded to four decimals, for the profiles of fitted.toml.
fn weight(w: f64) -> f64 {
    (w * 1e4).round() / 1e4
}

/// A weight as TOML writes a float: `0.0`, `1.2345`.
fn weight_text(w: f64) -> String {
    let w = weight(w);
    if w.fract() == 0.0 {
        format!("{w:.1}")
    } else {
        format!("{w}")
    }
}

fn series_name(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| "all".into())
}

// ---------------------------------------------------------------------------------------------
// The report on stdout

/// The readable report of a fit.
fn report_text(h: &HistoryFit, source: &str) -> String {
    let f = &h.total;
    let mut s = String::new();
    let missing = f
        .set_aside
        .iter()
        .filter(|a| a.reason == Reason::Missing)
        .count();
    let _ = writeln!(
        s,
        "History {source}: {} to {}, {} days read, {} kept; {} set aside ({missing} not in \
         the export)",
        f.first,
        f.last,
        f.days_read,
        f.kept.len(),
        f.set_aside.len(),
    );
    let open_days: Vec<&str> = (0..7)
        .filter(|&k| f.open_weekdays[k])
        .map(weekday_name)
        .collect();
    let _ = writeln!(
        s,
        "Interval: {} ({} a day); open {} intervals, from {} to the one starting {}; open on {}",
        interval_words(f.interval),
        f.per_day,
        f.open_intervals.len(),
        f.open_intervals
            .first()
            .map_or("-".into(), |&i| clock(i, f.interval)),
        f.open_intervals
            .last()
            .map_or("-".into(), |&i| clock(i, f.interval)),
        open_days.join(", ")
    );
    if !f.set_aside.is_empty() {
        let _ = writeln!(s, "Days set aside (left out of every estimate):");
        for a in &f.set_aside {
            let total = a
                .total
                .map_or("no rows".into(), |t| format!("{t:.0} contacts"));
            let expected = a
                .expected
                .map_or(String::new(), |e| format!(", expected about {e:.0}"));
            let _ = writeln!(
                s,
                "  {} {:<9} {total}{expected}: {}",
                a.date,
                weekday_name(a.date.weekday().to_monday_zero_offset() as usize),
                a.reason.describe()
            );
        }
    }
    let t = &f.trend;
    let _ = writeln!(
        s,
        "Trend: {:+.2} % a week, 95 % interval [{:+.2}, {:+.2}] %: {}",
        t.per_week,
        t.per_week_ci[0],
        t.per_week_ci[1],
        if t.significant {
            "significant; the rate is the level of the last week, and fitted.toml continues the trend"
        } else {
            "not significant (the interval covers 0); the rate is the mean of the kept days"
        }
    );
    let _ = writeln!(
        s,
        "Rate: {} (the weekly average, closed hours included: {:.0} contacts a week)",
        rate_text(f.rate),
        f.rate * 7.0 * DAY
    );
    let weekly: Vec<String> = (0..7)
        .map(|k| {
            format!(
                "{} {:.3} ({})",
                &weekday_name(k)[..3],
                f.weekly_profile[k],
                f.weekday_totals[k].map_or("closed".into(), |m| format!("{m:.0} a day"))
            )
        })
        .collect();
    let _ = writeln!(s, "Weekly profile: {}", weekly.join(", "));
    let peak = (0..f.per_day)
        .max_by(|&a, &b| f.daily_profile[a].total_cmp(&f.daily_profile[b]))
        .unwrap_or(0);
    let _ = writeln!(
        s,
        "Daily profile: {} weights (one per {}), peak {:.3} at {}",
        f.per_day,
        interval_words(f.interval),
        f.daily_profile[peak],
        clock(peak, f.interval)
    );
    let by_day: Vec<String> = (0..7)
        .filter_map(|k| {
            f.noise.by_weekday[k].map(|d| format!("{} {:.1}", &weekday_name(k)[..3], d.index))
        })
        .collect();
    let _ = writeln!(
        s,
        "Day-to-day noise: dispersion index {:.1} pooled over {} degrees of freedom (1 for \
         Poisson; {}), noise cv {:.4}",
        f.noise.index,
        f.noise.df,
        by_day.join(", "),
        f.noise.cv
    );
    let worst: Vec<String> = f
        .worst_cells(5)
        .iter()
        .map(|c| {
            format!(
                "{} {} {:+.1} ({:.1} against {:.1})",
                &weekday_name(c.weekday.to_monday_zero_offset() as usize)[..3],
                clock(c.interval, f.interval),
                c.residual.unwrap_or(0.0),
                c.observed,
                c.fitted
            )
        })
        .collect();
    let _ = writeln!(
        s,
        "Profile residuals: RMS {:.2} over {} weekday × interval cells (about 1 when one \
         intraday shape fits every weekday); worst: {}",
        f.residual_rms,
        f.profile.iter().filter(|c| c.residual.is_some()).count(),
        worst.join(", ")
    );
    for series in &h.series {
        let ht = &series.handling;
        let _ = writeln!(
            s,
            "Series {}: share {:.4} ({:.0} contacts kept), handle time {}, abandonment {}",
            series_name(&series.name),
            series.share,
            series.offered,
            ht.handle_time
                .map_or("not in the history".into(), |t| format!(
                    "{} (weighted by contacts {})",
                    HumanDuration(t),
                    if ht.weighted_by_handled {
                        "handled"
                    } else {
                        "offered"
                    }
                )),
            ht.abandonment
                .map_or("not in the history".into(), |a| format!(
                    "{:.2} %",
                    100.0 * a
                ))
        );
    }
    let _ = writeln!(
        s,
        "Patience is not identified from interval totals: abandonment follows the waits the \
         staffing of the time gave, which the export does not carry; keep the scenario's."
    );
    s
}

// ---------------------------------------------------------------------------------------------
// fitted.toml

/// The `[arrivals]` settings of a fit, as key and TOML value.
fn arrivals_settings(f: &Fit) -> Vec<(&'static str, Value)> {
    let floats = |ws: &[f64]| Value::Array(ws.iter().map(|&w| Value::Float(weight(w))).collect());
    let mut out = vec![
        ("rate", Value::String(rate_text(f.rate))),
        ("daily_profile", floats(&f.daily_profile)),
        ("weekly_profile", floats(&f.weekly_profile)),
    ];
    if f.noise.cv > 0.0 {
        let mut t = toml::Table::new();
        t.insert("cv".into(), Value::Float(weight(f.noise.cv)));
        out.push(("daily_noise", Value::Table(t)));
    }
    out
}

/// The trend's timeline entries over `horizon` seconds: a `set` of the rate each week.
fn trend_entries(f: &Fit, horizon: f64) -> Vec<toml::Table> {
    f.trend_steps(horizon)
        .into_iter()
        .map(|(at, rate)| {
            let mut set = toml::Table::new();
            set.insert("arrivals.rate".into(), Value::String(rate_text(rate)));
            let mut e = toml::Table::new();
            e.insert(
                "at".into(),
                Value::String(format!("{}d", (at / DAY).round())),
            );
            e.insert("event".into(), Value::String(trend_event(f)));
            e.insert("set".into(), Value::Table(set));
            e
        })
        .collect()
}

/// What a trend step says in reports.
fn trend_event(f: &Fit) -> String {
    format!("the fitted trend, {:+.2} % a week", f.trend.per_week)
}

/// A scenario fragment: `[arrivals]`, one `[[intents]]` per series, and the trend's
/// `[[timeline]]` when it is significant.
fn fragment(h: &HistoryFit, source: &str, horizon: f64) -> String {
    let f = &h.total;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Fitted by staffsim fit from {source}: {} to {}, {} of {} days kept.\n# A fragment: \
         add [simulation] and [[pools]] (or use --into SCENARIO).\n",
        f.first,
        f.last,
        f.kept.len(),
        f.days_read
    );
    let _ = writeln!(s, "[arrivals]");
    let _ = writeln!(
        s,
        "# The weekly average, closed hours included; {}.",
        if f.trend.significant {
            "the level of the history's last week"
        } else {
            "the mean of the kept days (no significant trend)"
        }
    );
    let _ = writeln!(s, "rate = {:?}", rate_text(f.rate));
    let per_line = if 3600.0 % f.interval == 0.0 && f.interval <= 3600.0 {
        (3600.0 / f.interval) as usize
    } else {
        12
    };
    let _ = writeln!(
        s,
        "# One weight per {} from 00:00 (0 where the history is never open).",
        interval_words(f.interval)
    );
    let _ = writeln!(s, "daily_profile = [");
    for (n, chunk) in f.daily_profile.chunks(per_line).enumerate() {
        let ws: Vec<String> = chunk.iter().map(|&w| weight_text(w)).collect();
        let _ = writeln!(
            s,
            "  {}, # {}",
            ws.join(", "),
            clock(n * per_line, f.interval)
        );
    }
    let _ = writeln!(s, "]");
    let ws: Vec<String> = f.weekly_profile.iter().map(|&w| weight_text(w)).collect();
    let _ = writeln!(s, "weekly_profile = [{}] # Monday to Sunday", ws.join(", "));
    if f.noise.cv > 0.0 {
        let _ = writeln!(
            s,
            "daily_noise = {{ cv = {} }} # dispersion index {:.1}",
            weight_text(f.noise.cv),
            f.noise.index
        );
    } else {
        let _ = writeln!(s, "# No day-to-day noise beyond Poisson's was found.");
    }
    for series in &h.series {
        let _ = writeln!(s, "\n[[intents]]");
        let _ = writeln!(s, "name = {:?}", series_name(&series.name));
        let _ = writeln!(s, "share = {:?}", series.share);
        match series.handling.handle_time {
            Some(t) => {
                let _ = writeln!(
                    s,
                    "# Interval averages identify the mean only; the exponential shape is an \
                     assumption."
                );
                let _ = writeln!(
                    s,
                    "handle_time = {{ dist = \"exponential\", mean = {:?} }}",
                    duration_text(t)
                );
            }
            None => {
                let _ = writeln!(s, "# handle_time: the history has no aht column; give one.");
            }
        }
        if let Some(a) = series.handling.abandonment {
            let _ = writeln!(
                s,
                "# Abandonment in the history: {:.2} %; patience is not identified from it.",
                100.0 * a
            );
        }
    }
    for (at, rate) in f.trend_steps(horizon) {
        let _ = writeln!(s, "\n[[timeline]]");
        let _ = writeln!(s, "at = \"{}d\"", (at / DAY).round());
        let _ = writeln!(s, "event = {:?}", trend_event(f));
        let _ = writeln!(s, "set = {{ \"arrivals.rate\" = {:?} }}", rate_text(rate));
    }
    if !f.trend.significant {
        let _ = writeln!(
            s,
            "\n# The trend ({:+.2} % a week, 95 % interval [{:+.2}, {:+.2}]) is not significant: \
             no [[timeline]].",
            f.trend.per_week, f.trend.per_week_ci[0], f.trend.per_week_ci[1]
        );
    }
    s
}

/// Scenario `path` with `[arrivals]` replaced, the matching intents' shares and handle-time
/// means fitted, and the trend's timeline appended (within the scenario's horizon).
fn into_scenario(
    h: &HistoryFit,
    source: &str,
    path: &Path,
    out: &Path,
    horizon: f64,
) -> Result<String, Failure> {
    let base = scenario::load(path).map_err(|e| Failure::Input(anyhow!(e)))?;
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(anyhow!("{file}: cannot read the scenario: {e}")))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e| Failure::Input(anyhow!("{file}: {e}")))?;
    let f = &h.total;
    let mut settings: Vec<(String, Value)> = arrivals_settings(f)
        .into_iter()
        .map(|(k, v)| (format!("arrivals.{k}"), v))
        .collect();
    let names: Vec<&str> = base.intents.iter().map(|i| i.name.as_str()).collect();
    let named: Vec<_> = h.series.iter().filter(|s| s.name.is_some()).collect();
    let mut rate = f.rate;
    if !named.is_empty() {
        for s in &named {
            let name = s.name.as_deref().unwrap_or_default();
            if !names.contains(&name) {
                return Err(Failure::Input(anyhow!(
                    "{source}: the series {name:?} (the history's intent, channel or queue \
                     column) names no intent of {file}, whose intents are {}; rename the series \
                     or the intent",
                    names.join(", ")
                )));
            }
        }
        // Intents the history does not name keep their shares of the whole; the named ones
        // share the rest as in the history, and the rate grows to carry the unnamed ones.
        let unnamed: f64 = base
            .intents
            .iter()
            .filter(|i| {
                !named
                    .iter()
                    .any(|s| s.name.as_deref() == Some(i.name.as_str()))
            })
            .map(|i| i.share)
            .sum();
        let rest = 1.0 - unnamed;
        if rest <= 1e-9 {
            return Err(Failure::Input(anyhow!(
                "{file}: the intents the history {source} does not name carry all the volume \
                 (their shares sum to 1), so the history's series would get none"
            )));
        }
        rate = f.rate / rest;
        for s in &named {
            let name = s.name.as_deref().unwrap_or_default();
            settings.push((
                format!("intents.{name}.share"),
                Value::Float(s.share * rest),
            ));
            if let Some(t) = s.handling.handle_time {
                settings.extend(handle_time_settings(&doc, name, t));
            }
        }
    } else if let ([only], [series]) = (base.intents.as_slice(), h.series.as_slice())
        && let Some(t) = series.handling.handle_time
    {
        // A history of all contacts together on a one-intent scenario.
        settings.extend(handle_time_settings(&doc, &only.name, t));
    }
    if rate != f.rate {
        settings[0].1 = Value::String(rate_text(rate));
    }
    let steps = trend_entries(f, horizon.min(base.simulation.horizon));
    if !steps.is_empty() {
        let scale = rate / f.rate;
        let mut timeline: Vec<Value> = doc
            .get("timeline")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for mut e in steps {
            if let Some(Value::Table(set)) = e.get_mut("set")
                && let Some(Value::String(r)) = set.get_mut("arrivals.rate")
            {
                let per_second = staffsim::units::parse_rate(r).unwrap_or(0.0);
                *r = rate_text(per_second * scale);
            }
            timeline.push(Value::Table(e));
        }
        settings.push(("timeline".into(), Value::Array(timeline)));
    }
    // Relative files the scenario names (pools' schedule files) are found from `out`.
    let here = out.join("fitted.toml").display().to_string();
    let rebased =
        scenario::rebase_files(&text, &file, out).map_err(|e| Failure::Input(anyhow!(e)))?;
    let edited = scenario::edit_replacing(&rebased, &here, &["arrivals".to_string()], &settings)
        .map_err(|e| Failure::Input(anyhow!(e)))?;
    let header = format!(
        "# {file} with [arrivals] and the intents' shares and handle-time means fitted by \
         staffsim fit from {source} ({} to {}, {} of {} days kept).\n",
        f.first,
        f.last,
        f.kept.len(),
        f.days_read
    );
    Ok(header + &edited)
}

/// The settings that give intent `name` of `doc` a handle time of mean `seconds`: the mean
/// of a family that has one, the value of a deterministic one, an exponential otherwise.
fn handle_time_settings(doc: &toml::Table, name: &str, seconds: f64) -> Vec<(String, Value)> {
    let key = format!("intents.{name}.handle_time");
    let dist = scenario::paths::get_path(doc, &format!("{key}.dist")).and_then(Value::as_str);
    let text = Value::String(duration_text(seconds));
    match dist {
        Some("exponential" | "lognormal" | "gamma" | "weibull") => {
            vec![(format!("{key}.mean"), text)]
        }
        Some("deterministic") => vec![(format!("{key}.value"), text)],
        _ => {
            let mut t = toml::Table::new();
            t.insert("dist".into(), Value::String("exponential".into()));
            t.insert("mean".into(), text);
            vec![(key, Value::Table(t))]
        }
    }
}

// ---------------------------------------------------------------------------------------------
// fit.json and fit_profile.csv

fn cell_json(c: &ProfileCell, interval: f64) -> Json {
    json!({
        "weekday": weekday_name(c.weekday.to_monday_zero_offset() as usize),
        "start": clock(c.interval, interval),
        "observed_mean": c.observed,
        "fitted": c.fitted,
        "residual": c.residual,
        "days": c.days,
    })
}

/// Every figure of a fit.
fn fit_json(h: &HistoryFit, source: &str, horizon: f64) -> Json {
    let f = &h.total;
    let weekday = |d: jiff::civil::Date| weekday_name(d.weekday().to_monday_zero_offset() as usize);
    json!({
        "history": source,
        "interval_seconds": f.interval,
        "intervals_per_day": f.per_day,
        "first_day": f.first.to_string(),
        "last_day": f.last.to_string(),
        "days_read": f.days_read,
        "days_kept": f.kept.len(),
        "open_weekdays": (0..7).filter(|&k| f.open_weekdays[k]).map(weekday_name).collect::<Vec<_>>(),
        "open_intervals": {
            "count": f.open_intervals.len(),
            "first": f.open_intervals.first().map(|&i| clock(i, f.interval)),
            "last": f.open_intervals.last().map(|&i| clock(i, f.interval)),
        },
        "set_aside": f.set_aside.iter().map(|a| json!({
            "date": a.date.to_string(),
            "weekday": weekday(a.date),
            "total": a.total,
            "expected": a.expected,
            "reason": a.reason.key(),
            "why": a.reason.describe(),
        })).collect::<Vec<_>>(),
        "trend": {
            "per_week_percent": f.trend.per_week,
            "per_week_percent_ci95": f.trend.per_week_ci,
            "log_slope_per_day": f.trend.log_slope,
            "log_slope_se": finite(f.trend.log_slope_se),
            "df": f.trend.df,
            "significant": f.trend.significant,
        },
        "rate_per_hour": f.rate * 3600.0,
        "rate_basis": if f.trend.significant { "last_week" } else { "mean_of_kept_days" },
        "weekday_totals": (0..7).map(|k| json!({
            "weekday": weekday_name(k),
            "mean_per_day": f.weekday_totals[k],
        })).collect::<Vec<_>>(),
        "weekly_profile": f.weekly_profile,
        "daily_profile": f.daily_profile,
        "noise": {
            "cv": f.noise.cv,
            "dispersion_index": finite(f.noise.index),
            "df": f.noise.df,
            "by_weekday": (0..7).filter_map(|k| f.noise.by_weekday[k].map(|d| json!({
                "weekday": weekday_name(k),
                "days": d.days,
                "mean": d.mean,
                "variance": d.variance,
                "dispersion_index": d.index,
                "noise_cv": d.noise_cv,
            }))).collect::<Vec<_>>(),
        },
        "profile_residuals": {
            "rms": f.residual_rms,
            "cells": f.profile.iter().filter(|c| c.residual.is_some()).count(),
            "worst": f.worst_cells(10).iter().map(|c| cell_json(c, f.interval)).collect::<Vec<_>>(),
        },
        "handle_time_seconds": f.handling.handle_time,
        "handle_time_weighted_by": f.handling.handle_time.map(|_| {
            if f.handling.weighted_by_handled { "handled" } else { "offered" }
        }),
        "abandonment": f.handling.abandonment,
        "patience_identified": false,
        "series": h.series.iter().map(|s| json!({
            "name": s.name,
            "share": s.share,
            "offered": s.offered,
            "handle_time_seconds": s.handling.handle_time,
            "abandonment": s.handling.abandonment,
        })).collect::<Vec<_>>(),
        "trend_steps": f.trend_steps(horizon).iter().map(|(at, r)| json!({
            "at_seconds": at,
            "rate_per_hour": r * 3600.0,
        })).collect::<Vec<_>>(),
    })
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The profile check, a row per open weekday × interval of the day.
fn profile_csv(f: &Fit) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "weekday",
        "start",
        "observed_mean",
        "fitted",
        "residual",
        "kept_days",
    ])?;
    for c in &f.profile {
        w.write_record([
            weekday_name(c.weekday.to_monday_zero_offset() as usize).to_string(),
            clock(c.interval, f.interval),
            csv_number(c.observed, Unit::Count),
            csv_number(c.fitted, Unit::Count),
            csv_cell(c.residual, Unit::Plain),
            c.days.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| anyhow!("{}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_written_as_files_read_them() {
        assert_eq!(rate_text(1234.5678 / 3600.0), "1234.57/h");
        assert_eq!(rate_text(3.0 / 3600.0), "3/h");
        assert_eq!(duration_text(271.24), "4m31.2s");
        assert_eq!(duration_text(240.0), "4m");
        assert_eq!(duration_text(45.5), "45.5s");
        for t in [271.24, 240.0, 45.5, 3599.96] {
            let back = staffsim::units::parse_duration(&duration_text(t)).unwrap();
            assert!((back - t).abs() <= 0.05, "{t} -> {back}");
        }
        assert_eq!(clock(84, 300.0), "07:00");
        assert_eq!(interval_words(900.0), "15 minutes");
        assert_eq!(interval_words(3600.0), "1 hour");
    }
}
