//! `staffsim forecast HISTORY.csv --horizon 4w`: the coming weeks' interval volumes, from an
//! interval history, with the rates file a scenario reads.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use clap::Args;
use serde_json::{Value, json};

use super::Failure;
use super::stdout::out;
use staffsim::history::forecast::{
    self, Accuracy, Evaluation, Forecast, ForecastError, Settings, SlotForecast, rate_rows,
};
use staffsim::history::{IntervalGrid, ReadOptions, read_history};
use staffsim::metrics::Unit;
use staffsim::report::number::{csv_cell, csv_number};
use staffsim::units::HumanDuration;

/// The holdout of the backtest that gives `level_cv` when `--holdout` is not given.
const DEFAULT_HOLDOUT: f64 = 0.2;

/// Options of `staffsim forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The interval history (CSV, as workforce-management tools export it: a timestamp or
    /// date and time, offered or calls, and optionally handled, abandoned, aht).
    pub history: PathBuf,
    /// How far ahead: whole days, such as 4w or 10d; rounded up to whole weeks from the first
    /// Monday after the history (where rates.csv starts).
    #[arg(long, value_parser = horizon_arg)]
    pub horizon: u32,
    /// Also fit on the first part of the history, forecast the held-out rest, and report
    /// MASE and interval coverage against the seasonal naive forecast: a share of the days
    /// such as 20% or 0.2, above 0 and at most 50%. Also the backtest for level_cv (20% if
    /// not given).
    #[arg(long, value_parser = holdout_arg)]
    pub holdout: Option<f64>,
    /// Folder of forecast.csv, rates.csv and forecast.json (created if missing).
    #[arg(long, value_name = "DIR", default_value = "forecast_out")]
    pub out: PathBuf,
    /// A column of the history to skip (repeatable); other unknown columns are errors.
    #[arg(long, value_name = "COL")]
    pub ignore: Vec<String>,
    /// Do not say on stderr what was written.
    #[arg(long, short)]
    pub quiet: bool,
}

/// clap value parser for the horizon: a duration of whole days, at least one.
fn horizon_arg(s: &str) -> Result<u32, String> {
    let seconds = staffsim::units::parse_duration(s)?;
    let days = seconds / 86_400.0;
    if days < 1.0 || days.fract() != 0.0 || days > 3660.0 {
        return Err(format!(
            "expected a horizon of whole days (such as 4w, 28d), at least 1d and at most 10 years, found {s:?}"
        ));
    }
    Ok(days as u32)
}

/// clap value parser for the holdout: "20%" or "0.2", above 0 and at most one half.
fn holdout_arg(s: &str) -> Result<f64, String> {
    let value = staffsim::units::parse_share(s)
        .map_err(|_| format!("expected a share of the days such as 20% or 0.2, found {s:?}"))?;
    if !(value > 0.0 && value <= 0.5) {
        return Err(format!(
            "the holdout must be above 0% and at most 50% of the days, found {s:?}"
        ));
    }
    Ok(value)
}

/// Runs `staffsim forecast`.
pub fn execute(args: ForecastArgs) -> Result<(), Failure> {
    let mut folder = super::lock_out(&args.out)?;
    let options = ReadOptions {
        ignore: args.ignore.clone(),
    };
    let history =
        read_history(&args.history, &options).map_err(|e| Failure::Input(anyhow!("{e}")))?;
    let grid = match history.series.as_slice() {
        [(_, grid)] => grid,
        many => {
            let names: Vec<&str> = many.iter().filter_map(|(n, _)| n.as_deref()).collect();
            return Err(Failure::Input(anyhow!(
                "{}: the history has {} series ({}); forecast reads one: write each to a file of its own",
                history.source,
                many.len(),
                names.join(", ")
            )));
        }
    };
    let settings = Settings::default();
    let started = Instant::now();
    let holdout = args.holdout.unwrap_or(DEFAULT_HOLDOUT);
    let fc = forecast::forecast(grid, args.horizon, holdout, settings).map_err(|e| match e {
        ForecastError::Model(_) => Failure::Runtime(anyhow!("{}: {e}", history.source)),
        _ => Failure::Input(anyhow!("{}: {e}", history.source)),
    })?;
    let seconds = started.elapsed().as_secs_f64();
    out!(
        "{}",
        summary(&history.source, grid, &fc, args.holdout.is_some())
    );
    let holdout_slots = args.holdout.map(|_| fc.evaluation.slots.as_slice());
    let forecast = forecast_csv(&fc, holdout_slots)?;
    let rates = rates_csv(&fc)?;
    let json = serde_json::to_string_pretty(&forecast_json(&history.source, &fc, args.holdout))
        .map_err(|e| Failure::Runtime(anyhow!(e)))?
        + "\n";
    folder
        .commit(
            "forecast",
            &[
                ("forecast.csv", &forecast),
                ("rates.csv", &rates),
                ("forecast.json", json.as_bytes()),
            ],
        )
        .map_err(Failure::Runtime)?;
    if !args.quiet {
        eprintln!(
            "fitted in {seconds:.2} s; wrote forecast.csv, rates.csv and forecast.json in {}",
            args.out.display()
        );
    }
    Ok(())
}

/// A time of day, seconds from 00:00, as `HH:MM` (`HH:MM:SS` when it has seconds).
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s.is_multiple_of(60) {
        format!("{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

fn weekday(date: jiff::civil::Date) -> &'static str {
    weekday_name(date.weekday())
}

fn accuracy_line(name: &str, a: &Accuracy) -> String {
    format!(
        "  {name:<14} MASE {:.3}   80 % interval coverage {:.3}   95 % interval coverage {:.3}   MAE {:.2}\n",
        a.mase, a.coverage80, a.coverage95, a.mae
    )
}

/// What stdout shows: the history, the model, the holdout figures, the daily totals.
fn summary(source: &str, grid: &IntervalGrid, fc: &Forecast, holdout: bool) -> String {
    let series = &fc.series;
    let mut out = String::new();
    let first = series.intervals.first().copied().unwrap_or(0) as f64 * series.interval;
    let last = (series.intervals.last().copied().unwrap_or(0) + 1) as f64 * series.interval;
    let days: Vec<&str> = series.weekdays.iter().map(|w| weekday_name(*w)).collect();
    out += &format!(
        "history {source}: {} days listed, {} open days ({}, {}–{}, {} intervals of {})\n",
        grid.days.len(),
        series.days.len(),
        days.join(" "),
        clock(first),
        clock(last),
        series.per_day(),
        HumanDuration(series.interval).compact()
    );
    let missing: Vec<String> = series.missing_days.iter().map(|d| d.to_string()).collect();
    out += &format!(
        "open days the history lacks (filled for fitting by the mean of their weekday and interval): {}\n",
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        }
    );
    out += &format!("model: {}\n", model_line(fc));
    let e = &fc.evaluation;
    if holdout {
        out += &format!(
            "holdout: fitted on the first {} open days, forecast the last {} ({} intervals scored)\n",
            e.fit_days, e.holdout_days, e.scored
        );
        out += &accuracy_line("model", &e.model);
        out += &accuracy_line("seasonal naive", &e.naive);
    }
    out += &format!(
        "level_cv {:.4}: the day's level beyond Poisson, from the totals of the {} days held out by a {:.0} % backtest\n",
        e.level_cv,
        e.level_days,
        e.holdout * 100.0
    );
    let dispersion: Vec<String> = fc
        .dispersion
        .iter()
        .filter_map(|(w, d)| d.map(|d| format!("{} {:.1}", weekday_name(*w), d.index)))
        .collect();
    out += &format!(
        "index of dispersion of daily totals (variance / mean; 1 for Poisson): {}\n",
        dispersion.join(", ")
    );
    let end = fc
        .days
        .last()
        .map(|d| d.date.to_string())
        .unwrap_or_default();
    out += &format!(
        "forecast {} to {}: {} whole weeks from Monday {}, where rates.csv starts (simulation time 0)\n",
        fc.first_day, end, fc.weeks, fc.rates_start
    );
    out += "date        day   forecast   seasonal naive\n";
    for d in &fc.days {
        out += &format!(
            "{}  {}  {:>9.0}  {:>15.0}\n",
            d.date,
            weekday(d.date),
            d.offered,
            d.naive
        );
    }
    out
}

fn weekday_name(w: jiff::civil::Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w.to_monday_zero_offset() as usize]
}

fn model_line(fc: &Forecast) -> String {
    let fit = &fc.fit;
    let periods: Vec<String> = fit.periods.iter().map(|p| p.to_string()).collect();
    let what = match fit.method {
        forecast::Method::Slots => format!(
            "MSTL (periods {} intervals) and AutoETS {} on the open intervals",
            periods.join(", "),
            fit.ets
        ),
        forecast::Method::DailyProfile => format!(
            "MSTL (period {} days) and AutoETS {} on the daily totals, shared out by weekday profiles (dispersion φ {:.2})",
            periods.join(", "),
            fit.ets,
            fit.phi.unwrap_or(1.0)
        ),
    };
    format!(
        "{} ({what}; transform {})",
        fit.method.name(),
        fit.transform.name()
    )
}

fn csv_error(e: impl std::fmt::Display) -> Failure {
    Failure::Runtime(anyhow!("cannot write the CSV: {e}"))
}

/// forecast.csv: one row per open interval; with a holdout, its intervals first (with what
/// was recorded), then the forecast.
fn forecast_csv(fc: &Forecast, holdout: Option<&[SlotForecast]>) -> Result<Vec<u8>, Failure> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "date", "time", "weekday", "point", "lo80", "hi80", "lo95", "hi95", "naive",
    ];
    if holdout.is_some() {
        header.push("actual");
    }
    w.write_record(&header).map_err(csv_error)?;
    let interval = fc.series.interval;
    for s in holdout.unwrap_or(&[]).iter().chain(&fc.slots) {
        let mut row = vec![
            s.date.to_string(),
            clock(s.interval as f64 * interval),
            weekday(s.date).to_string(),
        ];
        row.extend(
            [s.point, s.lo80, s.hi80, s.lo95, s.hi95, s.naive].map(|v| csv_number(v, Unit::Count)),
        );
        if holdout.is_some() {
            row.push(csv_cell(s.actual, Unit::Count));
        }
        w.write_record(&row).map_err(csv_error)?;
    }
    w.into_inner().map_err(csv_error)
}

/// rates.csv: the rows of simulation time from the first Monday 00:00, contiguous.
fn rates_csv(fc: &Forecast) -> Result<Vec<u8>, Failure> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "start", "end", "offered", "level_cv", "date", "time", "lo80", "hi80", "lo95", "hi95",
    ])
    .map_err(csv_error)?;
    for r in rate_rows(fc) {
        let mut row = vec![
            HumanDuration(r.start).compact(),
            HumanDuration(r.end).compact(),
            csv_number(r.offered, Unit::Count),
            csv_number(r.level_cv, Unit::Plain),
            r.date.to_string(),
            clock(r.time),
        ];
        row.extend([r.lo80, r.hi80, r.lo95, r.hi95].map(|v| csv_number(v, Unit::Count)));
        w.write_record(&row).map_err(csv_error)?;
    }
    w.into_inner().map_err(csv_error)
}

fn accuracy_json(a: &Accuracy) -> Value {
    json!({
        "mase": a.mase,
        "mae": a.mae,
        "coverage80": a.coverage80,
        "coverage95": a.coverage95,
    })
}

fn evaluation_json(e: &Evaluation) -> Value {
    json!({
        "share": e.holdout,
        "fit_days": e.fit_days,
        "holdout_days": e.holdout_days,
        "scored_intervals": e.scored,
        "mase_scale": e.scale,
        "model": accuracy_json(&e.model),
        "seasonal_naive": accuracy_json(&e.naive),
    })
}

/// forecast.json: the model, its parameters, the holdout figures, the days filled, the
/// level_cv of each day and the dispersion of the history's daily totals.
fn forecast_json(source: &str, fc: &Forecast, holdout: Option<f64>) -> Value {
    let fit = &fc.fit;
    let series = &fc.series;
    json!({
        "history": {
            "source": source,
            "interval_seconds": series.interval,
            "open_weekdays": series.weekdays.iter().map(|w| weekday_name(*w)).collect::<Vec<_>>(),
            "open_intervals": series.per_day(),
            "first_open": clock(series.intervals.first().copied().unwrap_or(0) as f64 * series.interval),
            "open_days": series.days.len(),
            "missing_days_filled": series.missing_days.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "slots_filled": fc.filled_slots,
        },
        "model": {
            "method": fit.method.name(),
            "transform": fit.transform.name(),
            "mstl_periods": fit.periods,
            "ets": fit.ets,
            "ets_aicc": fit.aicc,
            "profile_dispersion": fit.phi,
            "levels": [0.80, 0.95],
        },
        "holdout": holdout.map(|_| evaluation_json(&fc.evaluation)),
        "level_cv": {
            "method": "held-out daily totals: mean of ((A - F)^2 - F) / F^2, cut at 0",
            "backtest": evaluation_json(&fc.evaluation),
            "days_used": fc.evaluation.level_days,
            "per_day": fc.days.iter().map(|d| json!({"date": d.date.to_string(), "level_cv": d.level_cv})).collect::<Vec<_>>(),
        },
        "horizon": {
            "first_day": fc.first_day.to_string(),
            "rates_start": fc.rates_start.to_string(),
            "weeks": fc.weeks,
            "open_days": fc.days.len(),
        },
        "daily": fc.days.iter().map(|d| json!({
            "date": d.date.to_string(),
            "weekday": weekday(d.date),
            "offered": d.offered,
            "seasonal_naive": d.naive,
        })).collect::<Vec<_>>(),
        "dispersion": fc.dispersion.iter().map(|(w, d)| json!({
            "weekday": weekday_name(*w),
            "days": d.map(|d| d.days),
            "mean": d.map(|d| d.mean),
            "variance": d.map(|d| d.variance),
            "index": d.map(|d| d.index),
            "noise_cv": d.map(|d| d.noise_cv),
        })).collect::<Vec<_>>(),
    })
}
