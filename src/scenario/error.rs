//! Errors in a scenario file, located by file, line, column and key.

use std::fmt;
use std::ops::Range;

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
    /// The key path, such as `intents[0].handle_time.cv`.
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending line of the file, for display.
    pub source_line: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: `{}`: {}",
            self.file, self.line, self.column, self.key, self.message
        )?;
        if !self.source_line.trim().is_empty() {
            write!(f, "\n  {:>4} | {}", self.line, self.source_line)?;
        }
        Ok(())
    }
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
        let start = span.start.min(self.text.len());
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
            message: message.into(),
            source_line,
        }
    }

    /// Turns an error of the TOML parser or of serde into a located error. The key is read
    /// from the text around the span: the table header above it and the key before `=`.
    pub fn from_toml(&self, err: &toml::de::Error) -> ScenarioError {
        let span = err.span().unwrap_or(0..0);
        let message = err.message().trim().replace('\n', " ");
        // "missing field `x`" points at the table that lacks it: name the table and the field.
        let key = match message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            Some(field) => match self.table_at(span.start) {
                Some(table) => format!("{table}.{field}"),
                None => field.to_string(),
            },
            None => self.key_at(span.start),
        };
        self.error(span, key, message)
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
