//! How numbers are written in every report: one place for the rules a reader would notice
//! if two files broke them differently.
//!
//! - A value that rounds to zero is written without a sign: `"0"`, never `"-0"` or
//!   `"-0.00 %"` ([`unsigned_zero`]).
//! - A number in a CSV file is its value rounded to a fixed number of significant digits for
//!   its unit ([`significant_digits`]), written in the shortest form that reads back as that
//!   rounded value ([`csv_number`]): `64855.1`, not `64855.099999999904`; `0.982562`, not
//!   `0.9825620389000671`. The digits kept are far finer than any interval a simulation gives,
//!   so nothing a planner could act on is lost. Every CSV writer uses it, except where a file
//!   is read back and must be exact: a sweep's `replications.csv`, from which `merge`
//!   recomputes every other file, keeps the shortest round-trip form of the value itself.
//! - A column of a terminal table whose rows a reader compares (the frontier's points) has
//!   as many decimals as it takes for rows that differ to print differently
//!   ([`decimals_to_tell_apart`]): two points at 99.97 % and 100.00 %, not both at "100.00 %".
//! - A terminal table sizes its columns by their content ([`aligned`]), so a long setting
//!   name does not push the rest of its row out of line.

use crate::metrics::Unit;

/// `text` (a number as written, with any unit) without its minus sign when every digit in it
/// is 0: `"-0"` → `"0"`, `"-0.00 %"` → `"0.00 %"`; `"-0.01"` stays. A value that rounds to
/// zero reads as a bug with a sign.
pub fn unsigned_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| !c.is_ascii_digit() || c == '0') => rest.to_string(),
        _ => text,
    }
}

/// Significant digits a CSV cell keeps for a value in `unit`: 6 for shares (0.982562, four
/// decimals of a percentage), 5 for survey scores (4.1873), 7 for durations, hours and
/// agents, 9 for counts, currency and other numbers (a cost of 1,234,567.89 keeps its cents).
pub fn significant_digits(unit: Unit) -> usize {
    match unit {
        Unit::Share => 6,
        Unit::Score => 5,
        Unit::Seconds | Unit::Hours | Unit::Agents => 7,
        Unit::Count | Unit::Currency | Unit::Plain => 9,
    }
}

/// `x` as a CSV cell in `unit`: rounded to [`significant_digits`], in the shortest form that
/// reads back as the rounded value, never `-0`; empty when `x` is not finite (undefined).
pub fn csv_number(x: f64, unit: Unit) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let digits = significant_digits(unit);
    // Scientific notation with `digits - 1` decimals rounds to `digits` significant digits;
    // reading it back and printing with `{}` gives the shortest form of that value.
    let rounded: f64 = format!("{:.*e}", digits - 1, x)
        .parse()
        .expect("a formatted float reads back");
    unsigned_zero(format!("{}", rounded + 0.0))
}

/// `x` as a CSV cell written exactly (the shortest form that reads back as `x`, never `-0`):
/// for positions in time, such as a window's first second, which rounding to significant
/// digits would move in a long run.
pub fn csv_exact(x: f64) -> String {
    unsigned_zero(format!("{}", x + 0.0))
}

/// [`csv_number`] of a value that may be missing: empty when `None`.
pub fn csv_cell(x: Option<f64>, unit: Unit) -> String {
    x.map_or(String::new(), |v| csv_number(v, unit))
}

/// `x` in `unit` with `decimals` decimals for a terminal table: a share as a percentage
/// (`"99.97 %"`), anything else as the number (`"129024.37"`); never `-0`; `"-"` when
/// undefined.
pub fn fixed(x: Option<f64>, unit: Unit, decimals: usize) -> String {
    match x {
        Some(v) if v.is_finite() => unsigned_zero(match unit {
            Unit::Share => format!("{:.*} %", decimals, 100.0 * v),
            _ => format!("{v:.decimals$}"),
        }),
        _ => "-".to_string(),
    }
}

/// The fewest decimals from `least` to `most` at which every two different `values` in
/// `unit` print differently with [`fixed`] (`most` if even that does not tell them apart).
pub fn decimals_to_tell_apart(values: &[f64], unit: Unit, least: usize, most: usize) -> usize {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    (least..=most)
        .find(|&d| {
            sorted
                .windows(2)
                .all(|w| fixed(Some(w[0]), unit, d) != fixed(Some(w[1]), unit, d))
        })
        .unwrap_or(most)
}

/// Rows of cells as a text table, each column as wide as its widest cell: the columns
/// numbered in `right` aligned right (numbers), the others left, two spaces apart, every
/// line indented by `indent` and without trailing spaces.
pub fn aligned(rows: &[Vec<String>], right: &[usize], indent: &str) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if right.contains(&c) {
                    format!("{s:>w$}", w = widths[c])
                } else {
                    format!("{s:<w$}", w = widths[c])
                }
            })
            .collect();
        out += indent;
        out += cells.join("  ").trim_end();
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window that starts 1,157 days and 90 seconds into a run keeps its second, which 7
    /// significant digits of a duration would round away.
    #[test]
    fn positions_in_time_are_written_exactly() {
        let at = 1_157.0 * 86_400.0 + 90.0;
        assert_eq!(csv_exact(at), "99964890");
        assert_eq!(csv_number(at, Unit::Seconds), "99964890");
        let later = 1_200.0 * 86_400.0 + 90.0;
        assert_eq!(csv_exact(later), "103680090");
        assert_eq!(csv_number(later, Unit::Seconds), "103680100");
        assert_eq!(csv_exact(-0.0), "0");
    }

    #[test]
    fn neighbouring_points_print_apart() {
        // 20 and 25 agents: 99.97 % and 99.9996 %, one more and 100 %.
        let sl = [0.9997, 0.999996, 1.0];
        let d = decimals_to_tell_apart(&sl, Unit::Share, 2, 6);
        assert_eq!(d, 4);
        let texts: Vec<String> = sl.iter().map(|&v| fixed(Some(v), Unit::Share, d)).collect();
        assert_eq!(texts, ["99.9700 %", "99.9996 %", "100.0000 %"]);
        // Points already apart keep the fewest decimals; equal values need nothing.
        assert_eq!(decimals_to_tell_apart(&[0.5, 0.6], Unit::Share, 2, 6), 2);
        assert_eq!(decimals_to_tell_apart(&[1.0, 1.0], Unit::Share, 2, 6), 2);
        assert_eq!(
            decimals_to_tell_apart(&[1.0, 1.0 + 1e-12], Unit::Plain, 2, 6),
            6
        );
        assert_eq!(fixed(Some(-0.0001), Unit::Plain, 2), "0.00");
        assert_eq!(fixed(None, Unit::Share, 2), "-");
    }

    #[test]
    fn columns_are_as_wide_as_their_content() {
        let rows = vec![
            vec!["point".to_string(), "settings".into(), "cost".into()],
            vec![
                "3".into(),
                "pools.a_very_long_pool_name.agents=25".into(),
                "12.50".into(),
            ],
            vec!["12".into(), "pools.b.agents=3".into(), "1234.00".into()],
        ];
        let text = aligned(&rows, &[0, 2], "  ");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "  point  settings                                  cost"
        );
        assert_eq!(
            lines[1],
            "      3  pools.a_very_long_pool_name.agents=25    12.50"
        );
        assert_eq!(
            lines[2],
            "     12  pools.b.agents=3                       1234.00"
        );
    }

    #[test]
    fn csv_numbers_are_short_and_exact_enough() {
        assert_eq!(csv_number(64855.099999999904, Unit::Currency), "64855.1");
        assert_eq!(csv_number(0.9825620389000671, Unit::Share), "0.982562");
        assert_eq!(csv_number(0.99997, Unit::Share), "0.99997");
        assert_eq!(csv_number(62.999999999999986, Unit::Count), "63");
        assert_eq!(csv_number(186.375, Unit::Seconds), "186.375");
        assert_eq!(csv_number(4.187312, Unit::Score), "4.1873");
        assert_eq!(csv_number(1234567.891, Unit::Currency), "1234567.89");
        assert_eq!(csv_number(3.0e-7, Unit::Share), "0.0000003");
        assert_eq!(csv_number(-0.0, Unit::Plain), "0");
        assert_eq!(csv_number(-2.5, Unit::Plain), "-2.5");
        assert_eq!(csv_number(f64::NAN, Unit::Share), "");
        assert_eq!(csv_cell(None, Unit::Share), "");
        assert_eq!(csv_cell(Some(0.5), Unit::Share), "0.5");
        // The cell reads back as the value to its unit's digits.
        for x in [0.123456789, 98765.4321, 1e-12, 5e20] {
            let back: f64 = csv_number(x, Unit::Plain).parse().unwrap();
            assert!((back - x).abs() <= x.abs() * 1e-8, "{x} -> {back}");
        }
    }

    #[test]
    fn a_value_that_rounds_to_zero_has_no_sign() {
        assert_eq!(unsigned_zero(format!("{:.0}", -0.3)), "0");
        assert_eq!(unsigned_zero(format!("{:.0}", -0.0)), "0");
        assert_eq!(unsigned_zero(format!("{:.2} %", -0.001)), "0.00 %");
        assert_eq!(unsigned_zero(format!("{:.2}", -0.01)), "-0.01");
        assert_eq!(unsigned_zero("-1,000".into()), "-1,000");
        assert_eq!(unsigned_zero("12.50".into()), "12.50");
    }
}
