//! Numbers as people read them: on axis ticks and in tables, by unit.
//!
//! A share is shown as a percentage ("82 %"), a count with thousands separators ("210,707"),
//! a duration as a duration ("4m30s"), a survey score on its 1–5 scale. Tick labels take as
//! many decimals as the tick step needs, and no more, so an axis never reads
//! "0.30000000000000004".

use crate::metrics::Measure;
use crate::units::HumanDuration;

/// What a number measures, which decides how it is shown: the measures' own
/// [`crate::metrics::Unit`]. How each unit is written (suffix, table value, interval, tick) is
/// presentation, so it is defined here, at the edge.
pub use crate::metrics::Unit;

impl Unit {
    /// The unit of a measure key as written in summary.json, results.csv or monthly.csv
    /// (`service_level`, `cost_total`, `headcount.chat_agents`, `csat_survey.disputes`):
    /// known measures by their definition, other keys by their name.
    pub fn of_key(key: &str) -> Unit {
        let base = key.split('.').next().unwrap_or(key);
        // A channel's column of monthly.csv is `<measure>_<channel>`.
        let measure = ["_chat", "_voice", "_email"]
            .iter()
            .find_map(|c| base.strip_suffix(c))
            .unwrap_or(base);
        if let Some(m) = Measure::from_key(base).or_else(|| Measure::from_key(measure)) {
            return m.unit();
        }
        if base.starts_with("cost") {
            Unit::Currency
        } else if base.ends_with("_seconds") {
            Unit::Seconds
        } else if base.ends_with("_hours") {
            Unit::Hours
        } else if base.ends_with("_rate") || base.ends_with("_share") {
            Unit::Share
        } else if base.starts_with("headcount") || base.contains("fte") || base.contains("agents") {
            Unit::Agents
        } else if base.starts_with("offered")
            || base.ends_with("_conversations")
            || base.ends_with("answered")
            || base.ends_with("abandoned")
            || base.ends_with("_customers")
        {
            Unit::Count
        } else {
            Unit::Plain
        }
    }

    /// The unit as written after an axis title, such as `"[%]"`; empty for plain numbers.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Count | Unit::Plain => "",
            Unit::Share => "[%]",
            Unit::Score => "[1–5]",
            Unit::Seconds => "[duration]",
            Unit::Hours => "[h]",
            Unit::Currency => "[currency]",
            Unit::Agents => "[agents]",
        }
    }

    /// A value for a table: precise enough to tell a mean from the ends of its interval.
    pub fn value(self, x: f64) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        crate::report::number::unsigned_zero(match self {
            Unit::Share => format!("{:.2} %", 100.0 * x),
            Unit::Score => format!("{x:.3}"),
            Unit::Seconds => HumanDuration(x).to_string(),
            Unit::Hours | Unit::Agents => grouped(x, if x.abs() >= 1000.0 { 0 } else { 1 }),
            Unit::Count | Unit::Currency | Unit::Plain => {
                let decimals = if x.abs() >= 1000.0 {
                    0
                } else if x.abs() >= 10.0 {
                    1
                } else {
                    2
                };
                grouped(x, decimals)
            }
        })
    }

    /// A 95 % interval for a table, compactly: `"81.54–82.29 %"`, `"933,827–958,078"`,
    /// `"21.6s – 22.6s"`.
    pub fn interval(self, lo: f64, hi: f64) -> String {
        match self {
            Unit::Share if lo.is_finite() && hi.is_finite() => {
                let pct =
                    |x: f64| crate::report::number::unsigned_zero(format!("{:.2}", 100.0 * x));
                format!("{}–{} %", pct(lo), pct(hi))
            }
            Unit::Seconds => format!("{} – {}", self.value(lo), self.value(hi)),
            _ => format!("{}–{}", self.value(lo), self.value(hi)),
        }
    }

    /// A tick label for `x` on an axis whose ticks are `step` apart.
    pub fn tick(self, x: f64, step: f64) -> String {
        if !x.is_finite() {
            return String::new();
        }
        match self {
            Unit::Share => {
                let d = decimals_for(100.0 * step);
                format!(
                    "{} %",
                    crate::report::number::unsigned_zero(format!("{:.*}", d, 100.0 * x))
                )
            }
            Unit::Seconds => HumanDuration(x).compact(),
            // Millions only when every tick is a whole number of them, so one axis never
            // mixes "750,000" with "1.25M".
            _ if step >= 1e6 && x != 0.0 => {
                let d = decimals_for(step / 1e6);
                format!(
                    "{}M",
                    crate::report::number::unsigned_zero(format!("{:.*}", d, x / 1e6))
                )
            }
            _ => grouped(x, decimals_for(step)),
        }
    }

    /// Tick positions for an axis over `[lo, hi]`: about `target` round numbers (durations
    /// fall on whole seconds, minutes or hours), inside the range.
    pub fn ticks(self, lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
        if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
            return (vec![lo], 1.0);
        }
        let raw = (hi - lo) / target.max(1) as f64;
        let step = if self == Unit::Seconds && raw >= 1.0 {
            const STEPS: [f64; 17] = [
                1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0,
                3600.0, 7200.0, 21_600.0, 86_400.0,
            ];
            STEPS
                .into_iter()
                .find(|&s| s >= raw)
                .unwrap_or_else(|| nice_step(raw / 86_400.0) * 86_400.0)
        } else {
            nice_step(raw)
        };
        // A whisker of tolerance: 0.65 / 0.05 is 13.000000000000002, and 0.65 is a tick.
        let first = (lo / step - 1e-9).ceil() as i64;
        let last = (hi / step + 1e-9).floor() as i64;
        let ticks = (first..=last).map(|k| k as f64 * step).collect();
        (ticks, step)
    }
}

/// The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|f| f * mag)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag)
}

/// Decimals needed to show multiples of `step` exactly (2.5 needs one, 0.25 two).
fn decimals_for(step: f64) -> usize {
    if !(step > 0.0 && step.is_finite()) {
        return 0;
    }
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6) as usize
}

pub use crate::units::grouped;

/// How a column of points (a frontier's) shows its values: in the unit's own form, except that shares get
/// the decimals that tell the points apart (99.97 % beside 100.00 %, not "100.00 %" twice).
pub fn telling_apart(unit: Unit, values: &[f64]) -> impl Fn(f64) -> String + use<> {
    let decimals = (unit == Unit::Share)
        .then(|| crate::report::number::decimals_to_tell_apart(values, unit, 2, 6));
    move |x| match decimals {
        Some(d) if x.is_finite() => crate::report::number::fixed(Some(x), unit, d),
        _ => unit.value(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontier_shares_print_apart() {
        // 20 and 25 agents at 99.996 % and 99.9996 %: "100.00 %" twice at two decimals.
        let show = telling_apart(Unit::Share, &[0.99996, 0.999996]);
        assert_eq!(show(0.99996), "99.996 %");
        assert_eq!(show(0.999996), "100.000 %");
        assert_eq!(show(f64::NAN), Unit::Share.value(f64::NAN));
        // Points already apart, and other units, keep their usual form.
        assert_eq!(telling_apart(Unit::Share, &[0.5, 0.6])(0.5), "50.00 %");
        assert_eq!(
            telling_apart(Unit::Currency, &[1.0, 1.0 + 1e-9])(1234.5),
            Unit::Currency.value(1234.5)
        );
    }

    #[test]
    fn numbers_group_thousands_and_keep_their_sign() {
        assert_eq!(grouped(1_234_567.8, 1), "1,234,567.8");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(-1500.0, 0), "−1,500");
        assert_eq!(grouped(-0.0001, 2), "0.00");
        assert_eq!(grouped(f64::NAN, 2), "–");
    }

    #[test]
    fn ticks_are_round_and_labelled_by_unit() {
        let (t, step) = Unit::Share.ticks(0.62, 0.9, 6);
        assert_eq!(step, 0.05);
        assert_eq!(Unit::Share.tick(t[0], step), "65 %");
        assert_eq!(Unit::Share.tick(0.025, 0.025), "2.5 %");
        let (t, step) = Unit::Seconds.ticks(0.0, 600.0, 5);
        assert_eq!(step, 120.0);
        assert_eq!(Unit::Seconds.tick(t[2], step), "4m");
        assert_eq!(Unit::Count.tick(25_000.0, 5000.0), "25,000");
        assert_eq!(Unit::Currency.tick(2_500_000.0, 500_000.0), "2,500,000");
        assert_eq!(Unit::Currency.tick(4_000_000.0, 1_000_000.0), "4M");
        assert_eq!(Unit::Currency.tick(0.0, 1_000_000.0), "0");
        assert_eq!(Unit::Score.tick(4.25, 0.25), "4.25");
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(0.21), 0.25);
    }

    #[test]
    fn keys_get_their_units() {
        assert_eq!(Unit::of_key("service_level"), Unit::Share);
        assert_eq!(Unit::of_key("csat_survey.disputes"), Unit::Score);
        assert_eq!(Unit::of_key("headcount.chat_agents"), Unit::Agents);
        assert_eq!(Unit::of_key("cost_severance"), Unit::Currency);
        assert_eq!(Unit::of_key("ai_conversations"), Unit::Count);
        assert_eq!(Unit::of_key("asa_seconds"), Unit::Seconds);
        assert_eq!(Unit::Share.value(0.81914), "81.91 %");
        assert_eq!(Unit::Seconds.value(270.0), "4m30s");
        assert_eq!(Unit::Share.interval(0.8154, 0.8229), "81.54–82.29 %");
        assert_eq!(
            Unit::Currency.interval(933_827.0, 958_078.0),
            "933,827–958,078"
        );
    }
}
