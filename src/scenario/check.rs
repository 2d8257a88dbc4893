//! The checks every table of the file shares: a value in its range, an optional value with
//! its default, a probability, a score, a unique name, a number of agents.
//!
//! Each table's module ([`super::simulation`], [`super::intents`], [`super::pools`], …)
//! validates itself with these and with nothing of its siblings, so the validation has no
//! circle: the tables use this module, [`super::validate`] uses the tables. A check returns
//! an [`Invalid`] keyed relative to the table it is in; the caller adds the table's own path
//! ([`Invalid::within`]) and [`super::Source::locate`] finally turns the byte span into a line.

use std::collections::HashSet;

use toml::Spanned;

use super::error::{Invalid, element_key};
use super::raw::Dur;

/// Most agents on duty in one pool (and most in a headcount, a hire or a layoff).
pub(super) const MAX_AGENTS: i64 = 1_000_000;
/// Tolerance on a sum of shares that must be 1 (intent shares, AI outcomes).
pub(super) const SHARE_TOLERANCE: f64 = 1e-6;

/// Checks that a key's value satisfies `ok`, or reports `expected` at its span.
pub(super) fn check<T: Copy + std::fmt::Display>(
    value: &Spanned<T>,
    key: &str,
    ok: impl Fn(T) -> bool,
    expected: &str,
) -> Result<T, Invalid> {
    let v = *value.get_ref();
    if ok(v) {
        Ok(v)
    } else {
        Err(Invalid::new(
            value.span(),
            key,
            format!("expected {expected}, found {v}"),
        ))
    }
}

/// An optional value that must satisfy `ok` (else the error says `expected`), or `default`.
pub(super) fn optional<T: Copy + std::fmt::Display>(
    v: Option<&Spanned<T>>,
    key: &str,
    default: T,
    ok: impl Fn(T) -> bool,
    expected: &str,
) -> Result<T, Invalid> {
    v.map_or(Ok(default), |v| check(v, key, ok, expected))
}

/// An optional probability in [0, 1], or `default`.
pub(super) fn probability(
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, Invalid> {
    let ok = |x: f64| (0.0..=1.0).contains(&x);
    optional(
        v,
        key,
        default,
        ok,
        "a probability between 0 and 1 (or 0% to 100%)",
    )
}

/// An optional satisfaction score from 1 to 5, or `default`.
pub(super) fn score(v: Option<&Spanned<f64>>, key: &str, default: f64) -> Result<f64, Invalid> {
    let ok = |x: f64| (1.0..=5.0).contains(&x);
    optional(v, key, default, ok, "a score from 1 to 5")
}

/// An optional number of zero or more, or `default`.
pub(super) fn non_negative(
    v: Option<&Spanned<f64>>,
    key: &str,
    default: f64,
) -> Result<f64, Invalid> {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    optional(v, key, default, ok, "a number of zero or more")
}

/// An optional duration of zero or more, seconds, or `default`.
pub(super) fn duration(v: Option<&Spanned<Dur>>, key: &str, default: f64) -> Result<f64, Invalid> {
    let ok = |x: f64| x >= 0.0;
    optional(
        v.map(secs).as_ref(),
        key,
        default,
        ok,
        "a duration of zero or more",
    )
}

/// A duration key as a number of seconds with its span.
pub(super) fn secs(d: &Spanned<Dur>) -> Spanned<f64> {
    Spanned::new(d.span(), d.get_ref().0)
}

/// A whole number of agents (from 0 to 1,000,000), times `scale`, rounded.
pub(super) fn agents(v: &Spanned<i64>, key: &str, scale: f64) -> Result<u32, Invalid> {
    let n = check(
        v,
        key,
        |n| (0..=MAX_AGENTS).contains(&n),
        "a whole number of agents from 0 to 1,000,000",
    )?;
    Ok((n as f64 * scale).round() as u32)
}

/// A name that is not empty and not in `seen` (which it joins), trimmed.
pub(super) fn unique_name(
    seen: &mut HashSet<String>,
    name: &Spanned<String>,
    key: &str,
) -> Result<String, Invalid> {
    let n = name.get_ref().trim().to_string();
    if n.is_empty() {
        return Err(Invalid::new(name.span(), key, "expected a non-empty name"));
    }
    if !seen.insert(n.clone()) {
        return Err(Invalid::new(
            name.span(),
            key,
            format!("the name {n:?} is used twice"),
        ));
    }
    Ok(n)
}

/// A table of a list of tables (`[[intents]]`, `[[pools]]`, …): its name, if it has one,
/// for the key of its errors ([`element_key`]).
pub(super) trait Element {
    /// The name as written, if the table has one.
    fn name(&self) -> Option<&str>;
}

/// Validates every element of a list of tables with `each`, keying its errors by the
/// element's index and name ([`element_key`]: `intents[2] (billing)`).
pub(super) fn each<R: Element, T>(
    list: &[Spanned<R>],
    name: &str,
    mut each: impl FnMut(&Spanned<R>) -> Result<T, Invalid>,
) -> Result<Vec<T>, Invalid> {
    list.iter()
        .enumerate()
        .map(|(i, r)| each(r).map_err(|e| e.within(&element_key(name, i, r.get_ref().name()))))
        .collect()
}
