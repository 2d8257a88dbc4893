//! Errors in a scenario file, located by file, line, column and key.

use std::fmt;
use std::ops::Range;

use crate::units::readable;

/// A scenario that cannot be used, with where and why.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario file {path}: {reason}")]
    Read {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file was read but something in it is wrong.
    #[error("{0}")]
    Invalid(Box<Located>),
}

/// An error at a place in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The file name as given by the user (or `<input>`).
    pub file: String,
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
    /// The key path, such as `intents[0] (general).handle_time.cv`: an element of a list of
    /// tables is named by its index, from 0, and, when it has one, its name in parentheses.
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending line of the file, for display.
    pub source_line: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "`{}`: ", self.key)?;
        }
        write!(f, "{}", self.message)?;
        if !self.source_line.trim().is_empty() {
            write!(f, "\n  {:>4} | {}", self.line, self.source_line)?;
        }
        Ok(())
    }
}

/// The key of element `index` (from 0) of the list `list`, with the element's `name` when it
/// has one: `intents[2] (billing)`, `sweep.axes[0]`. Every message names an element of a list
/// of tables this way, whether serde or the validation found the problem: the index says
/// which table in file order, the name lets the reader find it without counting.
pub(super) fn element_key(list: &str, index: usize, name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{list}[{index}] ({n})"),
        None => format!("{list}[{index}]"),
    }
}

/// The text of a file, `bytes`, named `file` in messages, if it is UTF-8; otherwise where the
/// first byte that is not UTF-8 stands (line, column, and in a TOML file (`toml`) the key
/// whose value holds it), and what to do about it. A file saved as Latin-1 or Windows-1252
/// (as some spreadsheets and editors still do) writes "é" as one byte that UTF-8 does not
/// allow.
pub(super) fn utf8(bytes: Vec<u8>, file: &str, toml: bool) -> Result<String, Box<Located>> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[at];
        let text = String::from_utf8_lossy(e.as_bytes());
        let src = Source { file, text: &text };
        // The key whose value holds the byte (none in a comment, or in a CSV file).
        let key = if toml {
            src.path_at(at).unwrap_or_else(|| src.key_at(at))
        } else {
            String::new()
        };
        Box::new(src.located(
            at..at + 1,
            key,
            format!(
                "the file is not UTF-8 text: the byte 0x{byte:02X} here is not UTF-8 (a file \
                 saved as Latin-1 or Windows-1252 writes letters such as \"é\" this way); save \
                 it as UTF-8"
            ),
        ))
    })
}

/// What is wrong with one value of the file, before it is placed by line and column: the
/// value's byte span, its key path, and what was expected.
///
/// A table validates itself with keys relative to itself (`share`, `ai.escalated`); each
/// enclosing table adds its path with [`Invalid::within`], so a table needs to know nothing
/// of where it sits, and [`Source::locate`] turns the result into a [`ScenarioError`].
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// Byte span of the offending value in the text.
    pub(super) span: Range<usize>,
    /// The key path, relative to the table being validated (empty: the table itself).
    pub(super) key: String,
    /// What is wrong and what was expected.
    pub(super) message: String,
    /// Where the problem is when it is in another file than the scenario (a schedule's CSV
    /// file): already placed, and reported as it is.
    pub(super) elsewhere: Option<Box<Located>>,
}

impl Invalid {
    /// A problem in another file, already placed by line, column and key.
    pub(super) fn elsewhere(located: Located) -> Self {
        Invalid {
            span: 0..0,
            key: located.key.clone(),
            message: located.message.clone(),
            elsewhere: Some(Box::new(located)),
        }
    }

    /// A problem with the value at `span`, of key `key`.
    pub(super) fn new(
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Invalid {
            span,
            key: key.into(),
            message: message.into(),
            elsewhere: None,
        }
    }

    /// The same problem seen from the table `prefix` that contains the key.
    pub(super) fn within(mut self, prefix: &str) -> Self {
        self.key = if self.key.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{}", self.key)
        };
        self
    }
}

/// The text of a scenario and its name, to turn byte spans into lines and columns.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file name as given by the user.
    pub file: &'a str,
    /// The whole text.
    pub text: &'a str,
}

impl Source<'_> {
    /// Places `problem` in the file: line, column and the source line.
    pub(super) fn locate(&self, problem: Invalid) -> ScenarioError {
        match problem.elsewhere {
            Some(located) => ScenarioError::Invalid(located),
            None => self.error(problem.span, problem.key, problem.message),
        }
    }

    /// An error at byte `span` for `key`.
    pub fn error(
        &self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError::Invalid(Box::new(self.located(span, key, message)))
    }

    /// The place of byte `span` in the text, with `key` and `message`.
    pub(super) fn located(
        &self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Located {
        // A span computed from a CSV record's positions may fall inside a character (a quoted
        // field shifts the offsets): the place is then the character it falls in.
        let mut start = span.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        let source_line = self.text[line_start..]
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        Located {
            file: self.file.to_string(),
            line,
            column,
            key: key.into(),
            message: readable_numbers(&message.into()),
            source_line,
        }
    }

    /// Turns an error of the TOML parser or of serde into a located error. The key is the
    /// path to the value, key or table at the error's span in the parsed document, elements
    /// of lists named as [`Located::key`] says; for a syntax error (the text does not parse)
    /// it is read from the text around the span: the table header above it and the key
    /// before `=`.
    pub fn from_toml(&self, err: &toml::de::Error) -> ScenarioError {
        let span = err.span().unwrap_or(0..0);
        let message = plain_types(&err.message().trim().replace('\n', " "));
        // "missing field `x`" points at the table that lacks it: name the table and the field.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next());
        let key = match (self.path_at(span.start), missing) {
            (Some(table), Some(field)) if !table.is_empty() => format!("{table}.{field}"),
            (Some(_), Some(field)) => field.to_string(),
            (Some(path), None) if !path.is_empty() => path,
            (_, Some(field)) => match self.table_at(span.start) {
                Some(table) => format!("{table}.{field}"),
                None => field.to_string(),
            },
            (_, None) => self.key_at(span.start),
        };
        self.error(span, key, message)
    }

    /// The key path of the innermost key, value or table of the document whose span holds
    /// byte `pos` (empty: the document itself); `None` if the text is not TOML.
    fn path_at(&self, pos: usize) -> Option<String> {
        use toml::de::{DeTable, DeValue};
        /// Visits the entries of `table`, keeping in `best` the narrowest span that holds
        /// `pos` and its path (a deeper node wins a tie: an element over its list).
        fn table(t: &DeTable, prefix: &str, pos: usize, best: &mut Option<(usize, String)>) {
            for (k, v) in t.iter() {
                let path = if prefix.is_empty() {
                    k.get_ref().to_string()
                } else {
                    format!("{prefix}.{}", k.get_ref())
                };
                consider(k.span(), &path, pos, best);
                value(v.get_ref(), v.span(), &path, pos, best);
            }
        }
        fn value(
            v: &DeValue,
            span: Range<usize>,
            path: &str,
            pos: usize,
            best: &mut Option<(usize, String)>,
        ) {
            consider(span, path, pos, best);
            match v {
                DeValue::Table(t) => table(t, path, pos, best),
                DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let name = match item.get_ref() {
                            DeValue::Table(t) => t
                                .iter()
                                .find(|(k, _)| k.get_ref() == "name")
                                .and_then(|(_, v)| match v.get_ref() {
                                    DeValue::String(s) => Some(s.to_string()),
                                    _ => None,
                                }),
                            _ => None,
                        };
                        let element = element_key(path, i, name.as_deref());
                        value(item.get_ref(), item.span(), &element, pos, best);
                    }
                }
                _ => {}
            }
        }
        fn consider(
            span: Range<usize>,
            path: &str,
            pos: usize,
            best: &mut Option<(usize, String)>,
        ) {
            let holds = span.contains(&pos) || (span.is_empty() && span.start == pos);
            if holds && best.as_ref().is_none_or(|(len, _)| span.len() <= *len) {
                *best = Some((span.len(), path.to_string()));
            }
        }
        let doc = DeTable::parse(self.text).ok()?;
        let mut best = None;
        table(doc.get_ref(), "", pos, &mut best);
        Some(best.map(|(_, path)| path).unwrap_or_default())
    }

    /// The table whose header is on the line of byte `pos`, or above it.
    fn table_at(&self, pos: usize) -> Option<String> {
        let pos = pos.min(self.text.len());
        let line_end = self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i);
        self.text[..line_end]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(['[', ']']).trim().to_string())
    }

    /// Best-effort key path at byte `pos`: `table.key`.
    fn key_at(&self, pos: usize) -> String {
        let pos = pos.min(self.text.len());
        let before = &self.text[..pos];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let in_line = &before[line_start..];
        // The key path on this line: keys of the inline tables we are inside, then the last
        // `name =` before the position.
        let mut stack: Vec<String> = Vec::new();
        let mut pending: Option<String> = None;
        let mut token_start = 0;
        let mut in_string = false;
        for (i, ch) in in_line.char_indices() {
            match ch {
                '"' => in_string = !in_string,
                _ if in_string => {}
                '=' => {
                    pending = Some(in_line[token_start..i].trim().trim_matches('"').to_string());
                }
                '{' => {
                    stack.extend(pending.take());
                    token_start = i + 1;
                }
                '}' => {
                    stack.pop();
                    pending = None;
                    token_start = i + 1;
                }
                ',' => {
                    // A new key of the inline table: the previous one is done.
                    pending = None;
                    token_start = i + 1;
                }
                '[' => token_start = i + 1,
                _ => {}
            }
        }
        let key = pending.or_else(|| {
            // An unknown or misplaced key points at the key itself.
            let rest = &self.text[pos..];
            let end = rest.find(['=', '\n', ']']).unwrap_or(rest.len());
            let k = rest[..end].trim();
            (!k.is_empty()).then(|| k.trim_matches('"').to_string())
        });
        let key = key.map(|k| {
            stack.push(k);
            stack.join(".")
        });
        let table = self.text[..line_start]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(['[', ']']).trim().to_string());
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let is_header = self.text[line_start..line_end]
            .trim_start()
            .starts_with('[');
        if is_header {
            // A table header itself: name the table.
            return self.text[line_start..line_end]
                .trim()
                .trim_matches(['[', ']'])
                .trim()
                .to_string();
        }
        match (table, key) {
            (Some(t), Some(k)) if !is_header => format!("{t}.{k}"),
            (_, Some(k)) => k,
            (Some(t), None) => t,
            (None, None) => "(file)".to_string(),
        }
    }
}

/// A serde message with Rust's type names in words: "expected i64" is "expected a whole
/// number", "expected f64" is "expected a number".
fn plain_types(message: &str) -> String {
    [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number of zero or more"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected `true` or `false`"),
    ]
    .iter()
    .fold(message.to_string(), |m, (from, to)| m.replace(from, to))
}

/// `message` with every number of 17 or more digits before its point (`1e300` printed in
/// full, as Rust and serde print a float) written as [`readable`] writes it: `1e300`, not 301
/// digits. Shorter numbers are left as they are.
fn readable_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let int_len = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let frac_len = match tail[int_len..].strip_prefix('.') {
            Some(f) if f.starts_with(|c: char| c.is_ascii_digit()) => {
                1 + f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len())
            }
            _ => 0,
        };
        let number = &tail[..int_len + frac_len];
        match number.parse::<f64>() {
            Ok(x) if int_len >= 17 => out.push_str(&readable(x)),
            _ => out.push_str(number),
        }
        rest = &tail[number.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_become_lines_columns_and_keys() {
        let text = "name = \"x\"\n[simulation]\nhorizon = 7\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        let pos = text.find('7').unwrap();
        let ScenarioError::Invalid(e) = src.error(pos..pos + 1, src.key_at(pos), "bad") else {
            panic!()
        };
        assert_eq!((e.line, e.column), (3, 11));
        assert_eq!(e.key, "simulation.horizon");
        assert_eq!(e.source_line, "horizon = 7");
    }

    /// The key of a serde error is the path to its span in the document, with the element of
    /// a list named by index and name, inline or under a header.
    #[test]
    fn paths_name_elements_by_index_and_name() {
        let text = "[[intents]]\nname = \"a\"\n[[intents]]\nname = \"b\"\nshare = 2\n\
                    [intents.ai]\nx = 1\n[[pools]]\nschedule = [{ count = 1 }, { count = 2 }]\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        let at = |needle: &str| src.path_at(text.find(needle).unwrap()).unwrap();
        assert_eq!(at("share"), "intents[1] (b).share");
        assert_eq!(at("2\n"), "intents[1] (b).share");
        assert_eq!(at("x = 1"), "intents[1] (b).ai.x");
        assert_eq!(at("[intents.ai]"), "intents[1] (b).ai");
        assert_eq!(at("[[intents]]\nname = \"b"), "intents[1] (b)");
        assert_eq!(at("count = 2"), "pools[0].schedule[1].count");
        // Not TOML: no path (the key is then read from the text around the error).
        let broken = Source {
            file: "s.toml",
            text: "a = [",
        };
        assert_eq!(broken.path_at(4), None);
    }

    #[test]
    fn long_numbers_in_messages_are_shortened() {
        let long = format!("found {}", 1e300);
        assert_eq!(readable_numbers(&long), "found 1e300");
        let serde = format!("invalid type: floating point `{:?}`, expected", 5e299);
        assert_eq!(
            readable_numbers(&serde),
            "invalid type: floating point `5e299`, expected"
        );
        // What is short, and names that hold digits, stay as they are.
        for kept in [
            "found 0.3 at intents[2], 1,000,000 agents",
            "seed 1234567890123456",
        ] {
            assert_eq!(readable_numbers(kept), kept);
        }
        assert_eq!(
            readable_numbers("12345678901234567"),
            "1.2345678901234568e16"
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
        let bytes = b"[[intents]]\nname = \"r\xe9fund\"\n".to_vec();
        let e = utf8(bytes, "s.toml", true).unwrap_err();
        assert_eq!((e.line, e.column), (2, 10));
        assert_eq!(e.key, "intents[0] (r\u{fffd}fund).name");
        assert!(
            e.message.contains("0xE9") && e.message.contains("UTF-8"),
            "{}",
            e.message
        );
        let e = utf8(b"start,end\n0s,1h # \xff\n".to_vec(), "r.csv", false).unwrap_err();
        assert_eq!((e.line, e.column, e.key.as_str()), (2, 9, ""));
        assert!(
            e.to_string()
                .starts_with("r.csv:2:9: the file is not UTF-8"),
            "{e}"
        );
        assert_eq!(utf8(b"a = 1".to_vec(), "s.toml", true).unwrap(), "a = 1");
    }

    #[test]
    fn keys_inside_inline_tables_are_found() {
        let text = "[[intents]]\nhandle_time = { dist = \"x\", mean = 5 }\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        assert_eq!(
            src.key_at(text.find('5').unwrap()),
            "intents.handle_time.mean"
        );
        // An unknown key inside an inline table points at the key: its path is kept too.
        let text = "[[intents]]\nhandle_time = { dist = \"x\", mean = \"3m\", sd = 5 }\n";
        let src = Source {
            file: "s.toml",
            text,
        };
        assert_eq!(
            src.key_at(text.find("sd").unwrap()),
            "intents.handle_time.sd"
        );
    }
}
