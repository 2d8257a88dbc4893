//! Durations and rates as people write them, parsed in one place.
//!
//! staffsim's one internal time unit is the **second**, held in an `f64`. Everything a user
//! writes, in a scenario file or on the command line, carries its unit: `"90s"`, `"4m30s"`,
//! `"1.5h"`, `"7d"`, `"2880/h"`, `"3.4M/month"`. A bare number is refused, because "20" could
//! mean seconds or minutes and a planner who meant the other one would get a silently wrong
//! answer.
//!
//! Units: `ms`, `s`, `m` or `min`, `h`, `d`, `w` (week, 7 days) and `mo` or `month` (an
//! average month, 365.25 / 12 = 30.4375 days; in a run with a start date, a duration from the
//! start such as `horizon = "36month"` counts calendar months instead: see
//! [`calendar`](mod@calendar)), or words (`hour`, `days`), in any case but `M`, which could be
//! minutes or months and is refused. A rate is `COUNT/UNIT` or `COUNT per UNIT` where COUNT
//! may carry a `k` (thousand) or `M` (million) suffix and UNIT is one of the units above,
//! optionally with a number (`"50/30m"`). A share may be written as a percentage (`"80%"`,
//! [`parse_share`]).

use std::fmt;

pub mod calendar;
pub use calendar::Calendar;

/// Seconds in one day.
pub const DAY: f64 = 86_400.0;
/// Seconds in one week.
pub const WEEK: f64 = 7.0 * DAY;
/// Seconds in an average month (365.25 / 12 days).
pub const MONTH: f64 = 30.4375 * DAY;

/// Length of one time unit in seconds. Units are written short (`s`, `min` or `m`, `h`, `d`,
/// `w`, `mo`) or as words (`hour`, `days`), in any case: planners type `2880/hour` or
/// `2880/Hour` as often as `2880/h`. The one exception is `M`, which some mean as minutes and
/// others as months: it is refused, with the two ways to say either.
///
/// # Errors
///
/// A message (`String`) that names the unit and lists the units there are, if it is not one
/// of them or is `M`.
fn unit_seconds(unit: &str) -> Result<f64, String> {
    if unit == "M" {
        return Err("the unit \"M\" could be minutes or months: write \"min\" or \"month\"".into());
    }
    Ok(match unit.to_lowercase().as_str() {
        "ms" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => DAY,
        "w" | "wk" | "week" | "weeks" => WEEK,
        "mo" | "month" | "months" => MONTH,
        _ => {
            return Err(format!(
                "unknown unit {unit:?}; use ms, s, m (or min), h, d, w or mo (or month), or a \
                 word: second, minute, hour, day, week, month"
            ));
        }
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
        let scale = unit_seconds(unit).map_err(|why| format!("{} ({why})", bad()))?;
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

/// Parses a rate such as `"2880/h"`, `"48/min"`, `"3.4M/month"`, `"50/30m"` or `"300 per
/// hour"` into events per second. The result is finite and not negative; whether zero is allowed is the caller's
/// decision.
///
/// # Errors
///
/// A message (`String`) that quotes the text and shows the expected form, if there is no
/// `/` nor `per` (a bare `"2880"`: per hour or per day?), the count is negative, has a comma
/// (`"1,200/day"`: a thousands separator or a decimal point?), or is not a number with an
/// optional `k` or `M`, the period is not a known unit or a duration (`"5/parsec"`; `"5/M"`:
/// minutes or months?), the period is zero (`"5/0s"`), or the rate is not finite.
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
/// assert_eq!(parse_rate("2880 per hour"), Ok(0.8));
/// assert!(parse_rate("2880").is_err());
/// assert!(parse_rate("48/M").unwrap_err().contains("minutes or months"));
/// assert!(parse_rate("-5/h").unwrap_err().contains("cannot be negative"));
/// ```
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let bad = || format!("expected {RATE_HELP}, found {text:?}");
    let (count, per) = split_rate(text.trim()).ok_or_else(|| {
        format!(
            "{} (a rate is a count per period: \"300/h\", \"300/hour\", \"300 per hour\", \
             \"7200/day\" or \"50/30m\")",
            bad()
        )
    })?;
    let count = count.trim();
    if count.contains(',') {
        return Err(format!(
            "{} (write the count without a comma, which could separate thousands or be a \
             decimal point: \"1200/day\" or \"1.2k/day\")",
            bad()
        ));
    }
    let (digits, multiplier) = match count.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1e3),
        None => match count.strip_suffix('M') {
            Some(d) => (d, 1e6),
            None => (count, 1.0),
        },
    };
    if digits.starts_with('-') {
        return Err(format!("{} (a rate cannot be negative)", bad()));
    }
    let value: f64 = digits.trim().parse().map_err(|_| {
        if digits.ends_with('m') {
            format!(
                "{} (a count takes k for thousands and M for millions: \"3.4M/month\")",
                bad()
            )
        } else {
            bad()
        }
    })?;
    let per = per.trim();
    // "/h" means "per one hour"; "/30m" means "per 30 minutes".
    let period = if per.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        parse_duration(per).map_err(|_| bad())?
    } else {
        unit_seconds(per).map_err(|why| format!("{} ({why})", bad()))?
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

/// A rate's count and period: either side of its `/` (`"300/h"`) or of the word `per`
/// (`"300 per hour"`, in any case).
fn split_rate(text: &str) -> Option<(&str, &str)> {
    if let Some(parts) = text.split_once('/') {
        return Some(parts);
    }
    let lower = text.to_ascii_lowercase();
    let at = lower.find(" per ")?;
    Some((&text[..at], &text[at + " per ".len()..]))
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

/// A number for a message, readable at any size: the shortest digits that give `x` back, in
/// exponent form when the plain form would be long (from 10¹⁶ up, or under 10⁻⁶): `1e300`
/// rather than 301 digits, `2.5e-7` rather than `0.00000025`, `0.3` and `120` as they are.
///
/// # Example
///
/// ```
/// use staffsim::units::readable;
///
/// assert_eq!(readable(1e300), "1e300");
/// assert_eq!(readable(5e299), "5e299");
/// assert_eq!(readable(0.3), "0.3");
/// assert_eq!(readable(1_000_000.0), "1000000");
/// ```
pub fn readable(x: f64) -> String {
    let a = x.abs();
    if x.is_finite() && a != 0.0 && !(1e-6..1e16).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
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

/// `x` with `decimals` decimals and a comma between thousands: `1234567.8` → `"1,234,567.8"`.
pub fn grouped(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    let zero = out.trim_start_matches(['0', ',', '.']).is_empty();
    if x < 0.0 && !zero {
        format!("−{out}")
    } else {
        out
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

    /// "per", any case, `mo`: the spellings planners use give the canonical rate.
    #[test]
    fn rates_in_words_and_any_case() {
        let per_hour = 300.0 / 3600.0;
        for text in [
            "300 per hour",
            "300 PER HOUR",
            "300 per h",
            "300/Hour",
            "300/HR",
            "300 per 1h",
            "0.3k/h",
            "0.3K per hour",
        ] {
            assert_eq!(parse_rate(text), Ok(per_hour), "{text}");
        }
        assert_eq!(parse_rate("7200 per day"), Ok(7200.0 / DAY));
        assert_eq!(parse_rate("50 per 30 min"), Ok(50.0 / 1800.0));
        assert_eq!(parse_rate("3.4M/mo"), parse_rate("3.4M/month"));
        assert_eq!(parse_duration("8 Min"), Ok(480.0));
        assert_eq!(parse_duration("2mo"), Ok(2.0 * MONTH));
    }

    /// What could mean two things is refused, and the message says how to write each.
    #[test]
    fn ambiguous_rates_are_refused_with_the_ways_to_write_them() {
        for (text, says) in [
            ("48/M", "minutes or months"),
            ("5M", "minutes or months"),
            ("1,200/day", "without a comma"),
            ("3.4m/month", "M for millions"),
            ("300", "\"300 per hour\""),
            ("300 an hour", "\"300 per hour\""),
            ("300/fortnight", "unknown unit \"fortnight\""),
        ] {
            let e = if text == "5M" {
                parse_duration(text)
            } else {
                parse_rate(text)
            }
            .unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
        let e = parse_rate("300/fortnight").unwrap_err();
        assert!(e.contains("ms, s, m (or min), h, d, w or mo"), "{e}");
    }

    #[test]
    fn numbers_for_messages_are_short_at_any_size() {
        assert_eq!(readable(1e300), "1e300");
        assert_eq!(readable(-2.5e20), "-2.5e20");
        assert_eq!(readable(2.5e-7), "2.5e-7");
        assert_eq!(readable(9_999_999_999_999_998.0), "9999999999999998");
        assert_eq!(readable(1e16), "1e16");
        assert_eq!(readable(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(readable(0.0), "0");
        assert_eq!(readable(f64::INFINITY), "inf");
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
