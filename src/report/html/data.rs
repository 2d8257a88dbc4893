//! Reading the files a run or a sweep wrote, generously.
//!
//! The report reads what is there and draws what it can: a column that is missing drops its
//! series, an empty or unreadable cell is a gap, an unknown column or JSON key is ignored. Only
//! a file that cannot be parsed at all is an error, naming the file.

use std::path::Path;

use anyhow::Context;
use serde_json::Value;

/// A CSV file with a header row, cells kept as text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names, trimmed.
    pub header: Vec<String>,
    /// Rows of cells, as many as the header (short rows are padded with empty cells).
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads `path`.
    ///
    /// # Errors
    ///
    /// "cannot read PATH" if the file cannot be read, "PATH is not a readable CSV file" (with
    /// the reason, as [`Table::parse`]) if it cannot be parsed.
    pub fn read(path: &Path) -> anyhow::Result<Table> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Table::parse(&bytes)
            .with_context(|| format!("{} is not a readable CSV file", path.display()))
    }

    /// Parses CSV bytes with a header row.
    ///
    /// # Errors
    ///
    /// The csv reader's error, with its line, if the header or a row cannot be read, which
    /// in practice means a cell that is not UTF-8. Rows of any length are accepted, and
    /// empty input is an empty table.
    pub fn parse(bytes: &[u8]) -> anyhow::Result<Table> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record?;
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.resize(header.len(), String::new());
            rows.push(row);
        }
        Ok(Table { header, rows })
    }

    /// The index of the column `name` (exact, else ignoring case).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name).or_else(|| {
            self.header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// The column `name` as numbers (`NaN` where a cell is empty or not a number), if the
    /// column exists and holds at least one number.
    pub fn numbers(&self, name: &str) -> Option<Vec<f64>> {
        let c = self.column(name)?;
        let values: Vec<f64> = self.rows.iter().map(|r| number(&r[c])).collect();
        values.iter().any(|v| v.is_finite()).then_some(values)
    }

    /// The column `name` as text.
    pub fn texts(&self, name: &str) -> Option<Vec<&str>> {
        let c = self.column(name)?;
        Some(self.rows.iter().map(|r| r[c].as_str()).collect())
    }

    /// Names after `prefix.` of the columns `prefix.NAME` (such as the pools of
    /// `headcount.chat_agents`), in file order, without the `_ci_low` / `_ci_high` columns.
    pub fn suffixes(&self, prefix: &str) -> Vec<String> {
        let dotted = format!("{prefix}.");
        self.header
            .iter()
            .filter_map(|h| h.strip_prefix(&dotted))
            .filter(|rest| !rest.ends_with("_ci_low") && !rest.ends_with("_ci_high"))
            .map(str::to_string)
            .collect()
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no data row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A cell as a number; `NaN` when empty or not a number.
pub fn number(cell: &str) -> f64 {
    cell.trim().parse::<f64>().unwrap_or(f64::NAN)
}

/// A measure's mean and 95 % interval as summary.json writes it (`{"mean", "ci95": [lo,
/// hi]}`), or a bare number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Est {
    /// The mean (`NaN`: undefined).
    pub mean: f64,
    /// The 95 % confidence interval, when there is one.
    pub ci: Option<(f64, f64)>,
}

impl Est {
    /// Reads an estimate from JSON; `None` when it is not one.
    pub fn from_json(v: &Value) -> Option<Est> {
        if let Some(x) = v.as_f64() {
            return Some(Est { mean: x, ci: None });
        }
        let o = v.as_object()?;
        let mean = o.get("mean").map_or(Some(f64::NAN), |m| {
            m.as_f64().or(m.is_null().then_some(f64::NAN))
        })?;
        let ci = o
            .get("ci95")
            .and_then(Value::as_array)
            .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)));
        Some(Est { mean, ci })
    }
}

/// The output in `dir` has the file `name`: its record lists it (see [`crate::report::folder`]);
/// without a record, the file is there.
pub fn has(dir: &Path, name: &str) -> bool {
    use crate::report::folder;
    if folder::has_record(dir) {
        folder::listed(dir, name)
    } else {
        // No record: only to say what the folder lacks (a report refuses it all the same).
        dir.join(name).is_file()
    }
}

/// Reads and parses a JSON file.
///
/// # Errors
///
/// "cannot read PATH" if the file cannot be read, "PATH is not valid JSON" (with the
/// parser's reason) if it is not JSON.
pub fn read_json(path: &Path) -> anyhow::Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid JSON", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_read_generously() {
        let t = Table::parse(b"month,label,offered,headcount.a,headcount.a_ci_low,headcount.b\n1,2024-01,10,3,2\n2,2024-02,,4,3,5\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.numbers("offered").unwrap()[0], 10.0);
        assert!(t.numbers("offered").unwrap()[1].is_nan());
        assert!(t.numbers("label").is_none());
        assert_eq!(t.texts("LABEL").unwrap(), ["2024-01", "2024-02"]);
        assert_eq!(t.suffixes("headcount"), ["a", "b"]);
        assert!(t.numbers("headcount.b").unwrap()[0].is_nan());
    }

    #[test]
    fn estimates_come_from_objects_or_numbers() {
        let e = Est::from_json(&serde_json::json!({"mean": 0.8, "ci95": [0.7, 0.9]})).unwrap();
        assert_eq!(e.ci, Some((0.7, 0.9)));
        let e = Est::from_json(&serde_json::json!({"mean": null, "ci95": null})).unwrap();
        assert!(e.mean.is_nan() && e.ci.is_none());
        assert_eq!(Est::from_json(&serde_json::json!(3)).unwrap().mean, 3.0);
        assert!(Est::from_json(&serde_json::json!("x")).is_none());
    }
}
