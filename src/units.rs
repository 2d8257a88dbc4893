//! Durations and rates as people write them, parsed in one place.
//!
//! staffsim's one internal time unit is the **second**, held in an `f64`. Everything a user
//! writes, in a scenario file or on the command line, carries its unit: `"90s"`, `"4m30s"`,
//! `"1.5h"`, `"7d"`, `"2880/h"`, `"3.4M/month"`. A bare number is refused, because "20" could
//! mean seconds or minutes and a planner who meant the other one would get a silently wrong
//! answer.
//!
//! Units: `ms`, `s`, `m` or `min`, `h`, `d`, `w` (week, 7 days) and `month` (an average month,
//! 365.25 / 12 = 30.4375 days; in a run with a start date, a duration from the start such as
//! `horizon = "36month"` counts calendar months instead: see [`calendar`](mod@calendar)). A rate is `COUNT/UNIT` where COUNT may carry a `k` (thousand)
//! or `M` (million) suffix and UNIT is one of the units above, optionally with a number
//! (`"50/30m"`).

use std::fmt;

pub mod calendar;
pub use calendar::Calendar;

/// Seconds in one day.
pub const DAY: f64 = 86_400.0;
/// Seconds in one week.
pub const WEEK: f64 = 7.0 * DAY;
/// Seconds in an average month (365.25 / 12 days).
pub const MONTH: f64 = 30.4375 * DAY;

/// Length of one time unit in seconds, or `None` if the unit is unknown. Units are written
/// short (`s`, `min` or `m`, `h`, `d`, `w`) or as words (`hour`, `days`): planners type
/// `2880/hour` as often as `2880/h`.
fn unit_seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => DAY,
        "w" | "wk" | "week" | "weeks" => WEEK,
        "month" | "months" => MONTH,
        _ => return None,
    })
}

const DURATION_HELP: &str = "a duration with units such as \"90s\", \"4m30s\", \"1.5h\" or \"7d\"";
const RATE_HELP: &str = "a rate such as \"2880/h\", \"48/min\" or \"3.4M/month\"";

/// Parses a duration such as `"90s"`, `"4m30s"`, `"1.5h"` or `"7d"` into seconds.
///
/// Parts are added, so `"1h30m"` is 5,400 s; spaces between a number and its unit or between
/// parts are allowed (`"8 min"`, `"1 h 30 m"`), and so is a clock's `H:MM:SS` (`"0:08:00"`,
/// `"1:30:00"`, seconds may have decimals). The result is finite and not negative.
///
/// # Errors
///
/// A message (`String`) that quotes the text and shows the expected form, if the text is
/// empty, a number has no unit (a bare `"20"`: seconds or minutes?), a unit has no number
/// or the text starts with a sign (`"m"`, `"-5s"`), a number is malformed (`"1.2.3s"`), a
/// unit is unknown (`"5y"`), a clock form has other than three parts or minutes or seconds
/// of 60 or more (`"8:00"`: eight minutes or eight hours?), or the total is too large to be
/// finite.
///
/// # Example
///
/// ```
/// use staffsim::units::parse_duration;
///
/// assert_eq!(parse_duration("4m30s"), Ok(270.0));
/// assert_eq!(parse_duration("1h30m"), Ok(5_400.0));
/// let err = parse_duration("20").unwrap_err();
/// assert!(err.contains("has no unit"), "{err}");
/// ```
pub fn parse_duration(text: &str) -> Result<f64, String> {
    parse_duration_parts(text).map(|d| d.seconds)
}

/// A duration as written, with its months apart: a run with a start date counts months as
/// calendar months (see [`calendar`](mod@calendar)), so the months cannot be folded into
/// seconds until the start is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationParts {
    /// The whole duration with months of 30.4375 days, seconds (what [`parse_duration`]
    /// returns).
    pub seconds: f64,
    /// The months written (`"13month"`: 13), a count.
    pub months: f64,
    /// Everything but the months, seconds (`"1month15d"`: 15 days).
    pub rest: f64,
}

/// Parses a duration like [`parse_duration`], keeping its months apart (see
/// [`DurationParts`]).
///
/// # Errors
///
/// As [`parse_duration`].
pub fn parse_duration_parts(text: &str) -> Result<DurationParts, String> {
    let bad = || format!("expected {DURATION_HELP}, found {text:?}");
    let s = text.trim();
    if s.is_empty() {
        return Err(bad());
    }
    if s.contains(':') {
        let seconds = parse_clock(s).ok_or_else(|| {
            format!(
                "{} (a clock duration is H:MM:SS, such as 0:08:00 for eight minutes)",
                bad()
            )
        })?;
        return Ok(DurationParts {
            seconds,
            months: 0.0,
            rest: seconds,
        });
    }
    let mut total = 0.0;
    let (mut months, mut rest_seconds) = (0.0, 0.0);
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("{} (the number {rest:?} has no unit)", bad()))?;
        if number_len == 0 {
            return Err(bad());
        }
        let value: f64 = rest[..number_len].parse().map_err(|_| bad())?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = rest[..unit_len].trim();
        let scale = unit_seconds(unit).ok_or_else(|| {
            format!(
                "{} (unknown unit {unit:?}; use ms, s, m, h, d, w or month, or a word: second, minute, hour, day, week)",
                bad()
            )
        })?;
        total += value * scale;
        if scale == MONTH {
            months += value;
        } else {
            rest_seconds += value * scale;
        }
        rest = &rest[unit_len..];
    }
    if !total.is_finite() {
        return Err(bad());
    }
    Ok(DurationParts {
        seconds: total,
        months,
        rest: rest_seconds,
    })
}

/// `H:MM:SS` as seconds: whole hours, minutes below 60, seconds below 60 (decimals allowed).
fn parse_clock(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return None;
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if !(digits(h) && digits(m) && m.len() == 2) {
        return None;
    }
    let (whole, frac) = sec.split_once('.').unwrap_or((sec, "0"));
    if !(digits(whole) && whole.len() == 2 && digits(frac)) {
        return None;
    }
    let (h, m, sec): (f64, f64, f64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    (m < 60.0 && sec < 60.0)
        .then_some(h * 3600.0 + m * 60.0 + sec)
        .filter(|t| t.is_finite())
}

/// Parses a rate such as `"2880/h"`, `"48/min"`, `"3.4M/month"` or `"50/30m"` into events
/// per second. The result is finite and not negative; whether zero is allowed is the caller's
/// decision.
///
/// # Errors
///
/// A message (`String`) that quotes the text and shows the expected form, if there is no
/// `/` (a bare `"2880"`: per hour or per day?), the count is negative, or is not a number
/// with an optional `k` or `M`, the period after `/` is not a known unit or a duration
/// (`"5/parsec"`), the period is zero (`"5/0s"`), or the rate is not finite.
///
/// # Example
///
/// ```
/// use staffsim::units::parse_rate;
///
/// // 2,880 contacts an hour is 0.8 a second, however it is written.
/// assert_eq!(parse_rate("2880/h"), Ok(0.8));
/// assert_eq!(parse_rate("48/min"), Ok(0.8));
/// assert_eq!(parse_rate("50/30m"), Ok(50.0 / 1800.0));
/// assert!(parse_rate("2880").is_err());
/// assert!(parse_rate("-5/h").unwrap_err().contains("cannot be negative"));
/// ```
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let bad = || format!("expected {RATE_HELP}, found {text:?}");
    let (count, per) = text.trim().split_once('/').ok_or_else(bad)?;
    let count = count.trim();
    let (digits, multiplier) = match count.strip_suffix('k') {
        Some(d) => (d, 1e3),
        None => match count.strip_suffix('M') {
            Some(d) => (d, 1e6),
            None => (count, 1.0),
        },
    };
    if digits.starts_with('-') {
        return Err(format!("{} (a rate cannot be negative)", bad()));
    }
    let value: f64 = digits.parse().map_err(|_| bad())?;
    let per = per.trim();
    // "/h" means "per one hour"; "/30m" means "per 30 minutes".
    let period = if per.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        parse_duration(per).map_err(|_| bad())?
    } else {
        unit_seconds(per).ok_or_else(|| {
            format!(
                "{} (unknown unit {per:?}; use s, min, h, d, w or month, or a word: second, minute, hour, day, week)",
                bad()
            )
        })?
    };
    if period <= 0.0 {
        return Err(format!("{} (the period must be longer than zero)", bad()));
    }
    let rate = value * multiplier / period;
    if !rate.is_finite() {
        return Err(bad());
    }
    Ok(rate)
}

/// Parses a share as people write it, `"0.8"`, `"80%"` or `"80 %"`, into a fraction (0.8).
/// The range is the caller's to check.
///
/// # Errors
///
/// A message (`String`) quoting the text if it is not a number, with or without a trailing
/// `%`, or is not finite.
///
/// # Example
///
/// ```
/// use staffsim::units::parse_share;
///
/// assert_eq!(parse_share("80%"), Ok(0.8));
/// assert_eq!(parse_share("0.8"), Ok(0.8));
/// assert!(parse_share("eighty").is_err());
/// ```
pub fn parse_share(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let value = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
        None => t.parse::<f64>(),
    };
    match value {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!(
            "expected a share such as 0.8 or 80%, found {text:?}"
        )),
    }
}

/// A duration in seconds, shown the way people read it: `"45s"`, `"4m30s"`, `"1d02h00m"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HumanDuration(pub f64);

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0;
        if !secs.is_finite() {
            return write!(f, "{secs}");
        }
        if secs < 60.0 {
            return write!(f, "{secs:.1}s");
        }
        let whole = secs.round() as u64;
        let (d, h, m, s) = (
            whole / 86_400,
            whole / 3600 % 24,
            whole / 60 % 60,
            whole % 60,
        );
        if d > 0 {
            write!(f, "{d}d{h:02}h{m:02}m")
        } else if h > 0 {
            write!(f, "{h}h{m:02}m{s:02}s")
        } else {
            write!(f, "{m}m{s:02}s")
        }
    }
}

impl HumanDuration {
    /// The duration rounded to whole seconds with its zero parts left out, for axis ticks:
    /// `"45s"`, `"4m30s"`, `"2m"`, `"1h30m"`, `"2d"`. Durations under ten seconds keep one
    /// decimal (`"2.5s"`).
    pub fn compact(self) -> String {
        let secs = self.0;
        if !secs.is_finite() {
            return format!("{secs}");
        }
        if secs.abs() < 10.0 && secs.fract() != 0.0 {
            return format!("{secs:.1}s");
        }
        let sign = if secs < 0.0 { "-" } else { "" };
        let whole = secs.abs().round() as u64;
        let parts = [
            (whole / 86_400, "d"),
            (whole / 3600 % 24, "h"),
            (whole / 60 % 60, "m"),
            (whole % 60, "s"),
        ];
        let text: String = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, u)| format!("{n}{u}"))
            .collect();
        if text.is_empty() {
            "0s".into()
        } else {
            format!("{sign}{text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_add_their_parts() {
        assert_eq!(parse_duration("90s").unwrap(), 90.0);
        assert_eq!(parse_duration("4m30s").unwrap(), 270.0);
        assert_eq!(parse_duration("1.5h").unwrap(), 5400.0);
        assert_eq!(parse_duration("7d").unwrap(), 604_800.0);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400.0);
        assert_eq!(parse_duration("250ms").unwrap(), 0.25);
        assert_eq!(parse_duration("2w").unwrap(), 14.0 * 86_400.0);
        assert_eq!(parse_duration("1month").unwrap(), 30.4375 * 86_400.0);
        assert_eq!(parse_duration("0s").unwrap(), 0.0);
    }

    #[test]
    fn durations_without_units_or_with_junk_are_refused() {
        for bad in [
            "",
            "20",
            "-5s",
            "5 parsecs",
            "m",
            "1.2.3s",
            "5y",
            "8:00",
            "0:8:00",
            "0:60:00",
            "0:08:60",
            "1:00:00:00",
            "-0:08:00",
            "0:08:0x",
            "5 5s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
        }
        let msg = parse_duration("20").unwrap_err();
        assert!(msg.contains("no unit"), "{msg}");
    }

    /// What planners type: spaces, `hr`, clock form.
    #[test]
    fn durations_as_people_type_them() {
        assert_eq!(parse_duration("8 min"), Ok(480.0));
        assert_eq!(parse_duration("1 h 30 m"), Ok(5_400.0));
        assert_eq!(parse_duration("2hrs"), Ok(7_200.0));
        assert_eq!(parse_duration("0:08:00"), Ok(480.0));
        assert_eq!(parse_duration("1:30:00"), Ok(5_400.0));
        assert_eq!(parse_duration("0:00:07.5"), Ok(7.5));
        assert_eq!(parse_rate("300/hr"), Ok(300.0 / 3600.0));
        assert_eq!(parse_rate("300/hour"), Ok(300.0 / 3600.0));
        assert_eq!(parse_rate("7200/day"), Ok(7200.0 / DAY));
        assert_eq!(parse_rate("300 / hr"), Ok(300.0 / 3600.0));
    }

    #[test]
    fn rates_are_per_second() {
        assert_eq!(parse_rate("2880/h").unwrap(), 0.8);
        assert_eq!(parse_rate("48/min").unwrap(), 0.8);
        assert_eq!(parse_rate("48/m").unwrap(), 0.8);
        assert_eq!(parse_rate("50/30m").unwrap(), 50.0 / 1800.0);
        assert!((parse_rate("3.4M/month").unwrap() - 3.4e6 / MONTH).abs() < 1e-12);
        assert_eq!(parse_rate("1.2k/d").unwrap(), 1200.0 / 86_400.0);
        assert_eq!(parse_rate("0/h").unwrap(), 0.0);
        // Words, as planners type them.
        assert_eq!(parse_rate("2880/hour").unwrap(), 0.8);
        assert_eq!(parse_rate("69120/day").unwrap(), 0.8);
        assert_eq!(parse_rate("48/minute").unwrap(), 0.8);
        assert_eq!(parse_duration("2hours30minutes").unwrap(), 9000.0);
        assert_eq!(parse_duration("3days").unwrap(), 3.0 * 86_400.0);
    }

    #[test]
    fn malformed_rates_are_refused() {
        for bad in ["2880", "-5/h", "5/parsec", "/h", "x/h", "5/0s"] {
            assert!(parse_rate(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn durations_print_readably() {
        assert_eq!(HumanDuration(12.34).to_string(), "12.3s");
        assert_eq!(HumanDuration(270.0).to_string(), "4m30s");
        assert_eq!(HumanDuration(5400.0).to_string(), "1h30m00s");
        assert_eq!(HumanDuration(93_600.0).to_string(), "1d02h00m");
    }

    #[test]
    fn compact_durations_leave_out_zero_parts() {
        assert_eq!(HumanDuration(45.0).compact(), "45s");
        assert_eq!(HumanDuration(270.0).compact(), "4m30s");
        assert_eq!(HumanDuration(120.0).compact(), "2m");
        assert_eq!(HumanDuration(5400.0).compact(), "1h30m");
        assert_eq!(HumanDuration(172_800.0).compact(), "2d");
        assert_eq!(HumanDuration(2.5).compact(), "2.5s");
        assert_eq!(HumanDuration(0.0).compact(), "0s");
    }
}
