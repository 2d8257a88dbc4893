//! The `[sweep]` table of a scenario file: axes over settings, addressed by key path.
//!
//! ```toml
//! [sweep]
//! mode = "grid"            # every combination (default), or "zip": the i-th values together
//! [[sweep.axes]]
//! path = "pools.agents.agents"
//! values = [40, 45, 50]
//! [[sweep.axes]]
//! path = "intents.general.ai.containment"
//! also = ["intents.refund.ai.containment"]   # optional: more settings, same value
//! from = 0.2
//! to = 0.8
//! step = 0.2
//! ```
//!
//! A **Latin hypercube** (`design = "lhs"`) samples ranges instead of listing values, for
//! global sensitivity: its ranges, samples and seed are read in [`mod@lhs`].
//!
//! The table may also live in a **sweep file** of its own, which names the scenario it sweeps
//! (so a shipped scenario is swept without copying it) and may override settings first:
//!
//! ```toml
//! scenario = "case.toml"                  # relative to this file
//! set = { "simulation.scale" = 0.1 }      # optional, by key path
//! [sweep]
//! ...
//! ```

pub mod lhs;

pub use lhs::{LHS_SAMPLES, Lhs, SampledRange, Scale};

use serde::Deserialize;
use toml::{Spanned, Table, Value};

use super::check::each;
use super::error::{Invalid, element_key};
use super::paths::{flatten, number_value, set_path};
use super::{Located, ScenarioError, Source};
use crate::model::Scenario;
use lhs::{lhs_design, sampled_axis};

/// How axes combine into points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SweepMode {
    /// Every combination of the axes' values (their product).
    Grid,
    /// The i-th values of all axes together; the axes have equal lengths.
    Zip,
}

/// How the points of a sweep are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Design {
    /// Listed values or stepped ranges, combined by [`SweepMode`].
    Grid,
    /// A Latin hypercube sample of ranges (see [`mod@lhs`]).
    Lhs,
}

/// One axis: a setting and the values it takes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct Axis {
    /// Key path of the setting, such as `pools.inhouse.agents`.
    pub path: String,
    /// More settings that take the same value (one knob for several intents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The values, in order (in a Latin hypercube: the value at each sample, once drawn).
    pub values: Vec<Value>,
    /// The range a Latin hypercube samples (`None` in a grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<SampledRange>,
    /// Where the axis is written, for the message of a point it makes invalid.
    #[serde(skip)]
    pub written: Written,
}

/// Where an axis is written in its file (its values' line, or its range's), for the message of
/// a point it makes invalid ([`ScenarioDocument::at`]). It is not part of what the axis is:
/// two axes with the same settings are equal wherever they are written, and a shard's
/// manifest does not keep it (a point then names its settings only).
#[derive(Debug, Clone, Default)]
pub struct Written(Option<Box<Places>>);

/// The places of an axis's `path` and of its values (`values`, or a range's `from`).
#[derive(Debug, Clone)]
struct Places {
    path: Located,
    values: Located,
}

impl PartialEq for Written {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A validated sweep specification.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct SweepSpec {
    /// How the axes combine (a Latin hypercube's drawn values are zipped).
    pub mode: SweepMode,
    /// The axes, in file order.
    pub axes: Vec<Axis>,
    /// The Latin hypercube, if the design is one (`None`: a grid or zip of listed values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lhs: Option<Lhs>,
}

/// One grid point: a value per axis, in axis order.
pub type Point = Vec<Value>;

#[derive(Debug, Deserialize)]
struct OnlySweep {
    sweep: Option<Spanned<RawSweep>>,
}

impl RawAxis {
    /// The `also` paths, trimmed (none if the axis has no `also`).
    pub(super) fn also_paths(&self) -> Vec<String> {
        self.also
            .iter()
            .flatten()
            .map(|p| p.trim().to_string())
            .collect()
    }
}

impl super::check::Element for RawAxis {
    /// An axis has no name: its errors name it by its index.
    fn name(&self) -> Option<&str> {
        None
    }
}

/// `[sweep]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSweep {
    design: Option<Design>,
    mode: Option<Spanned<SweepMode>>,
    samples: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
    axes: Spanned<Vec<Spanned<RawAxis>>>,
}

/// `[[sweep.axes]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAxis {
    path: Spanned<String>,
    also: Option<Vec<String>>,
    values: Option<Spanned<Vec<Value>>>,
    from: Option<Spanned<f64>>,
    to: Option<Spanned<f64>>,
    step: Option<Spanned<f64>>,
    scale: Option<Spanned<Scale>>,
    integer: Option<bool>,
    unit: Option<Spanned<String>>,
}

/// Most values one `{ from, to, step }` axis may expand to.
const MAX_AXIS_VALUES: f64 = 1_000_000.0;

/// Values of `from` to `to` by `step`, both ends included (within rounding), each rounded to
/// 12 significant digits so that 0.1 + 0.2 prints as 0.3.
///
/// # Errors
///
/// A message (`String`) if `step` is zero or not finite, if it points away from `to`
/// (`from = 1, to = 2, step = -1`), or if the range would have more than 1,000,000 values.
pub fn range_values(from: f64, to: f64, step: f64) -> Result<Vec<f64>, String> {
    if step == 0.0 || !step.is_finite() {
        return Err("the step must not be zero".into());
    }
    if (to - from) * step < 0.0 {
        return Err(format!(
            "a step of {step} never gets from {from} to {to}; use a step of the other sign"
        ));
    }
    let n = ((to - from) / step + 1e-9).floor();
    if n + 1.0 > MAX_AXIS_VALUES {
        return Err(format!(
            "the range gives {} values, more than 1,000,000",
            n + 1.0
        ));
    }
    Ok((0..=n as u64)
        .map(|k| round12(from + k as f64 * step))
        .collect())
}

/// `x` rounded to 12 significant digits, so that 0.1 + 0.2 prints as 0.3.
fn round12(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 12 - x.abs().log10().ceil().max(-300.0) as i32;
    let scale = 10f64.powi(digits.clamp(-300, 300));
    (x * scale).round() / scale
}

impl SweepSpec {
    /// Reads the `[sweep]` table of scenario `text`; `None` if it has none.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Invalid`], located, if `text` is not TOML, or for an unknown key in
    /// `[sweep]` or an axis, no axes, an axis with no values, with both `values` and a range
    /// or with only part of a range, a range [`range_values`] refuses, a value that is not a
    /// number, string or boolean, a path swept twice, or zipped axes of unequal lengths.
    pub fn parse(text: &str, file: &str) -> Result<Option<SweepSpec>, ScenarioError> {
        let src = Source { file, text };
        let raw: OnlySweep = toml::from_str(text).map_err(|e| src.from_toml(&e))?;
        let Some(raw) = raw.sweep else {
            return Ok(None);
        };
        let mut spec = SweepSpec::try_from(raw.get_ref()).map_err(|e| src.locate(e))?;
        for (i, (axis, written)) in spec
            .axes
            .iter_mut()
            .zip(raw.get_ref().axes.get_ref())
            .enumerate()
        {
            let a = written.get_ref();
            let (span, key) = match (&a.values, &a.from) {
                (Some(v), _) => (v.span(), "values"),
                (None, Some(from)) => (from.span(), "from"),
                (None, None) => (a.path.span(), "path"),
            };
            let element = element_key("sweep.axes", i, None);
            let at = |span, key| src.located(span, format!("{element}.{key}"), "");
            axis.written = Written(Some(Box::new(Places {
                path: at(a.path.span(), "path"),
                values: at(span, key),
            })));
        }
        Ok(Some(spec))
    }

    /// Number of points (`usize::MAX` for a grid whose size does not fit in one: such a
    /// grid is refused by [`SweepSpec::parse`] and [`SweepSpec::check`]).
    pub fn len(&self) -> usize {
        self.checked_len().unwrap_or(usize::MAX)
    }

    /// Number of points, or `None` if a grid's product of axis lengths overflows.
    pub fn checked_len(&self) -> Option<usize> {
        if let Some(lhs) = self.lhs {
            return Some(lhs.samples);
        }
        match self.mode {
            SweepMode::Grid => self
                .axes
                .iter()
                .try_fold(1usize, |n, a| n.checked_mul(a.values.len())),
            SweepMode::Zip => Some(self.axes.first().map_or(0, |a| a.values.len())),
        }
    }

    /// Checks a sweep read from elsewhere than a scenario file (a shard's manifest, which a
    /// person or a broken disk may have edited): at least one axis, every axis with values,
    /// zipped axes of equal lengths, and a grid whose size fits.
    ///
    /// # Errors
    ///
    /// A message saying which of these fails.
    pub fn check(&self) -> Result<(), String> {
        if self.axes.is_empty() {
            return Err("the sweep has no axes".into());
        }
        if let Some(a) = self.axes.iter().find(|a| a.values.is_empty()) {
            return Err(format!("the axis {} has no values", a.path));
        }
        if self.mode == SweepMode::Zip {
            let n = self.axes[0].values.len();
            if let Some(a) = self.axes.iter().find(|a| a.values.len() != n) {
                return Err(format!(
                    "zipped axes must have equal lengths: {} has {}, {} has {n}",
                    a.path,
                    a.values.len(),
                    self.axes[0].path
                ));
            }
        }
        if self.checked_len().is_none() {
            return Err("the grid has more points than a number of 64 bits can count".into());
        }
        if let Some(lhs) = self.lhs {
            self.check_lhs(lhs)?;
        } else if let Some(a) = self.axes.iter().find(|a| a.range.is_some()) {
            return Err(format!(
                "the axis {} has a sampled range but the design is not lhs",
                a.path
            ));
        }
        Ok(())
    }

    /// Whether the sweep has no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point number `index`: the last axis varies fastest in a grid.
    pub fn point(&self, index: usize) -> Point {
        match self.mode {
            SweepMode::Zip => self.axes.iter().map(|a| a.values[index].clone()).collect(),
            SweepMode::Grid => {
                let mut rest = index;
                let mut point = vec![Value::Integer(0); self.axes.len()];
                for (i, a) in self.axes.iter().enumerate().rev() {
                    point[i] = a.values[rest % a.values.len()].clone();
                    rest /= a.values.len();
                }
                point
            }
        }
    }
}

impl TryFrom<&RawSweep> for SweepSpec {
    type Error = Invalid;

    fn try_from(raw: &RawSweep) -> Result<Self, Invalid> {
        let design = raw.design.unwrap_or(Design::Grid);
        let list = raw.axes.get_ref();
        if list.is_empty() {
            return Err(Invalid::new(
                raw.axes.span(),
                "sweep.axes",
                "expected at least one [[sweep.axes]]",
            ));
        }
        let lhs = match design {
            Design::Lhs => Some(lhs_design(raw)?),
            Design::Grid => {
                for (key, span) in [
                    ("samples", raw.samples.as_ref().map(Spanned::span)),
                    ("seed", raw.seed.as_ref().map(Spanned::span)),
                ] {
                    if let Some(span) = span {
                        return Err(Invalid::new(
                            span,
                            format!("sweep.{key}"),
                            format!(
                                "`{key}` belongs to a Latin hypercube: add `design = \"lhs\"`, \
                                 or remove it"
                            ),
                        ));
                    }
                }
                None
            }
        };
        let axes = if lhs.is_some() {
            each(list, "sweep.axes", sampled_axis)?
        } else {
            each(list, "sweep.axes", |a| Axis::try_from(a))?
        };
        for (i, a) in axes.iter().enumerate() {
            if axes[..i].iter().any(|x| x.path == a.path) {
                return Err(Invalid::new(
                    list[i].get_ref().path.span(),
                    format!("{}.path", element_key("sweep.axes", i, None)),
                    format!("the path {:?} has two axes", a.path),
                ));
            }
        }
        if lhs.is_some() {
            return Ok(SweepSpec {
                mode: SweepMode::Zip,
                axes,
                lhs,
            });
        }
        let mode = raw.mode.as_ref().map_or(SweepMode::Grid, |m| *m.get_ref());
        if mode == SweepMode::Zip {
            let n = axes[0].values.len();
            if let Some(a) = axes.iter().find(|a| a.values.len() != n) {
                return Err(Invalid::new(
                    raw.axes.span(),
                    "sweep.mode",
                    format!(
                        "zipped axes must have equal lengths: {} has {}, {} has {n}",
                        a.path,
                        a.values.len(),
                        axes[0].path
                    ),
                ));
            }
        }
        let spec = SweepSpec {
            mode,
            axes,
            lhs: None,
        };
        if spec.checked_len().is_none() {
            return Err(Invalid::new(
                raw.axes.span(),
                "sweep.axes",
                "the grid has more points than a number of 64 bits can count; sweep fewer \
                 values or zip the axes",
            ));
        }
        Ok(spec)
    }
}

impl TryFrom<&Spanned<RawAxis>> for Axis {
    type Error = Invalid;

    fn try_from(raw: &Spanned<RawAxis>) -> Result<Self, Invalid> {
        let a = raw.get_ref();
        for (key, span) in [
            ("scale", a.scale.as_ref().map(Spanned::span)),
            ("integer", a.integer.map(|_| raw.span())),
            ("unit", a.unit.as_ref().map(Spanned::span)),
        ] {
            if let Some(span) = span {
                return Err(Invalid::new(
                    span,
                    key,
                    format!(
                        "`{key}` belongs to a sampled range: add `design = \"lhs\"` to [sweep], \
                         or remove it"
                    ),
                ));
            }
        }
        let values = match (&a.values, &a.from, &a.to, &a.step) {
            (Some(v), None, None, None) => listed_values(v)?,
            (None, Some(from), Some(to), Some(step)) => {
                range_values(*from.get_ref(), *to.get_ref(), *step.get_ref())
                    .map_err(|m| Invalid::new(step.span(), "step", m))?
                    .into_iter()
                    .map(number_value)
                    .collect()
            }
            _ => {
                return Err(Invalid::new(
                    raw.span(),
                    "",
                    "expected either `values = [...]` or all of `from`, `to` and `step`",
                ));
            }
        };
        Ok(Axis {
            path: a.path.get_ref().trim().to_string(),
            also: a.also_paths(),
            values,
            range: None,
            written: Written::default(),
        })
    }
}

/// The values of `values = [...]`: at least one; numbers, strings or booleans.
fn listed_values(v: &Spanned<Vec<Value>>) -> Result<Vec<Value>, Invalid> {
    if v.get_ref().is_empty() {
        return Err(Invalid::new(
            v.span(),
            "values",
            "expected at least one value; an empty axis gives no points",
        ));
    }
    v.get_ref()
        .iter()
        .map(|x| match x {
            Value::Integer(_) | Value::String(_) | Value::Boolean(_) => Ok(x.clone()),
            Value::Float(f) => Ok(number_value(*f)),
            other => Err(Invalid::new(
                v.span(),
                "values",
                format!(
                    "expected numbers, strings or booleans, found a {}",
                    other.type_str()
                ),
            )),
        })
        .collect()
}

/// A scenario file read for sweeping: its document without the `[sweep]` table.
#[derive(Debug, Clone)]
pub struct ScenarioDocument {
    file: String,
    default_name: String,
    table: Table,
}

impl ScenarioDocument {
    /// The document of scenario `text` (already validated as a scenario).
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Invalid`], located, if `text` is not TOML; nothing else is checked
    /// here.
    pub fn new(text: &str, file: &str, default_name: &str) -> Result<Self, ScenarioError> {
        let src = Source { file, text };
        let mut table: Table = text.parse().map_err(|e| src.from_toml(&e))?;
        table.remove("sweep");
        Ok(Self {
            file: file.to_string(),
            default_name: default_name.to_string(),
            table,
        })
    }

    /// The scenario with each axis of `spec` set to the point's value, validated. The error
    /// names the point's settings and what the validation said, and, for axes read from a
    /// file, the axis to blame by its file, line and key (`sweep.axes[1].values`): the first
    /// whose value alone makes the scenario invalid, or the first axis if only the values
    /// together do.
    ///
    /// # Errors
    ///
    /// A message (`String`) if an axis's path cannot be set in the document (the message of
    /// [`set_path`], at the axis), or if the scenario with the point's values is invalid:
    /// `at path=value, …` followed by the key and what is wrong.
    pub fn at(&self, spec: &SweepSpec, point: &Point) -> Result<Scenario, String> {
        let settings = describe(spec, point);
        // The message at the axis's path or values, when it was read from a file.
        let place = |axis: &Axis, values: bool, message: String| match &axis.written.0 {
            Some(places) => {
                let at = if values { &places.values } else { &places.path };
                Located {
                    message,
                    ..at.clone()
                }
                .to_string()
            }
            None => message,
        };
        let err = match self.with(spec.axes.iter().zip(point)) {
            Ok(scenario) => return Ok(scenario),
            Err(PointError::Unset(axis, m)) => return Err(place(axis, false, m)),
            Err(PointError::Refused(e)) => e,
        };
        let why = match err {
            ScenarioError::Invalid(l) => format!("`{}`: {}", l.key, l.message),
            other => other.to_string(),
        };
        let alone = spec
            .axes
            .iter()
            .zip(point)
            .find(|pair| self.with(std::iter::once(*pair)).is_err());
        Err(match (alone, spec.axes.first()) {
            (Some((axis, value)), _) => place(
                axis,
                true,
                format!(
                    "at {settings}, the scenario is invalid ({} = {value} makes it so): {why}",
                    axis.path
                ),
            ),
            (None, Some(first)) => place(
                first,
                true,
                format!(
                    "at {settings}, the scenario is invalid (these values together make it so): \
                     {why}"
                ),
            ),
            (None, None) => format!("at {settings}: {why}"),
        })
    }

    /// The scenario with the settings of `pairs` (each axis with its value) set, validated.
    fn with<'a>(
        &self,
        pairs: impl Iterator<Item = (&'a Axis, &'a Value)>,
    ) -> Result<Scenario, PointError<'a>> {
        let mut doc = self.table.clone();
        for (axis, value) in pairs {
            for path in std::iter::once(&axis.path).chain(&axis.also) {
                set_path(&mut doc, path, value.clone()).map_err(|m| PointError::Unset(axis, m))?;
            }
        }
        let text = toml::to_string(&doc).map_err(|e| {
            PointError::Refused(ScenarioError::Read {
                path: self.file.clone(),
                reason: e.to_string(),
            })
        })?;
        super::parse(&text, &self.file, &self.default_name).map_err(PointError::Refused)
    }
}

/// Why a point's scenario cannot be built.
enum PointError<'a> {
    /// The axis's path cannot be set in the document (the message of [`set_path`]).
    Unset(&'a Axis, String),
    /// The scenario with the point's values is invalid.
    Refused(ScenarioError),
}

/// `path=value, path=value` for messages.
pub fn describe(spec: &SweepSpec, point: &Point) -> String {
    spec.axes
        .iter()
        .zip(point)
        .map(|(a, v)| format!("{}={}", a.path, v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sweep file: `scenario = "..."`, optional `set = { ... }`, and `[sweep]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweepFile {
    scenario: Spanned<String>,
    set: Option<Spanned<Table>>,
    #[allow(dead_code)]
    sweep: Option<Value>,
}

/// What `staffsim sweep` reads: the scenario document to sweep and the `[sweep]` table, from
/// a scenario file with a `[sweep]` table or from a sweep file naming its scenario.
#[derive(Debug, Clone)]
pub struct SweepInput {
    /// The scenario with the `set` overrides applied and the `[sweep]` table, as TOML.
    pub text: String,
    /// The scenario file as named in messages.
    pub scenario_file: String,
    /// The axes.
    pub spec: Option<SweepSpec>,
}

impl SweepInput {
    /// Reads `text` (from `file`, in folder `dir`): a scenario file with a `[sweep]` table, or
    /// a sweep file with `scenario = "..."`. Errors are located in the file they are in.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Invalid`], located in `file`, if `text` is not TOML, a sweep file has
    /// a key other than `scenario`, `set` and `sweep`, the `[sweep]` table is invalid (as in
    /// [`SweepSpec::parse`]), the named scenario file cannot be read (an `Invalid` at the
    /// `scenario` key, not a [`ScenarioError::Read`]), a `set` path cannot be set, or the
    /// scenario with the `set` values is invalid; located in the scenario file if that file
    /// is not a valid scenario on its own. A scenario file with its own `[sweep]` table is
    /// not validated as a scenario here, only its `[sweep]`.
    pub fn read(text: &str, file: &str, dir: &std::path::Path) -> Result<Self, ScenarioError> {
        let src = Source { file, text };
        let table: Table = text.parse().map_err(|e| src.from_toml(&e))?;
        if !table.contains_key("scenario") {
            return Ok(Self {
                text: text.to_string(),
                scenario_file: file.to_string(),
                spec: SweepSpec::parse(text, file)?,
            });
        }
        let raw: RawSweepFile = toml::from_str(text).map_err(|e| src.from_toml(&e))?;
        let spec = SweepSpec::parse(text, file)?;
        let path = dir.join(raw.scenario.get_ref().trim());
        let scenario_file = path.display().to_string();
        let base = match super::read(&path) {
            Ok(text) => text,
            Err(ScenarioError::Read { reason, .. }) => {
                return Err(src.error(
                    raw.scenario.span(),
                    "scenario",
                    format!("cannot read the scenario file {scenario_file}: {reason}"),
                ));
            }
            Err(not_text) => return Err(not_text),
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The scenario must stand on its own, with its errors located in it.
        super::parse(&base, &scenario_file, &stem)?;
        let base_src = Source {
            file: &scenario_file,
            text: &base,
        };
        let mut doc: Table = base.parse().map_err(|e| base_src.from_toml(&e))?;
        doc.remove("sweep");
        if let Some(set) = &raw.set {
            let mut leaves = Vec::new();
            flatten("", set.get_ref(), &mut leaves);
            for (path, value) in leaves {
                set_path(&mut doc, &path, value)
                    .map_err(|m| src.error(set.span(), format!("set.{path}"), m))?;
            }
            let text =
                toml::to_string(&doc).map_err(|e| src.error(set.span(), "set", e.to_string()))?;
            super::parse(&text, &scenario_file, &stem).map_err(|e| match e {
                ScenarioError::Invalid(l) => src.error(
                    set.span(),
                    "set",
                    format!(
                        "the scenario with these settings is invalid: `{}`: {}",
                        l.key, l.message
                    ),
                ),
                other => other,
            })?;
        }
        if let Some(sweep) = table.get("sweep") {
            doc.insert("sweep".into(), sweep.clone());
        }
        Ok(Self {
            text: toml::to_string(&doc).map_err(|e| src.error(0..0, "sweep", e.to_string()))?,
            scenario_file,
            spec,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_include_both_ends_and_print_cleanly() {
        assert_eq!(range_values(0.0, 1.0, 0.1).unwrap().len(), 11);
        assert_eq!(range_values(0.1, 0.3, 0.1).unwrap(), vec![0.1, 0.2, 0.3]);
        assert_eq!(
            range_values(40.0, 50.0, 5.0).unwrap(),
            vec![40.0, 45.0, 50.0]
        );
        assert_eq!(range_values(5.0, 1.0, -2.0).unwrap(), vec![5.0, 3.0, 1.0]);
        assert!(range_values(1.0, 2.0, 0.0).unwrap_err().contains("zero"));
        assert!(
            range_values(1.0, 2.0, -1.0)
                .unwrap_err()
                .contains("other sign")
        );
        assert!(range_values(0.0, 1.0, 1e-9).is_err());
    }

    fn spec(mode: &str) -> SweepSpec {
        let text = format!(
            "[sweep]\nmode = \"{mode}\"\n[[sweep.axes]]\npath = \"a.x\"\nvalues = [1, 2]\n\
             [[sweep.axes]]\npath = \"b.y\"\nfrom = 0.5\nto = 0.6\nstep = 0.05\n"
        );
        SweepSpec::parse(&text, "s.toml").unwrap().unwrap()
    }

    #[test]
    fn a_grid_is_the_product_with_the_last_axis_fastest() {
        let s = spec("grid");
        assert_eq!(s.len(), 6);
        assert_eq!(s.point(0), vec![Value::Integer(1), Value::Float(0.5)]);
        assert_eq!(s.point(1), vec![Value::Integer(1), Value::Float(0.55)]);
        assert_eq!(s.point(5), vec![Value::Integer(2), Value::Float(0.6)]);
    }

    #[test]
    fn zipped_axes_must_have_equal_lengths() {
        let text = "[sweep]\nmode = \"zip\"\n[[sweep.axes]]\npath = \"a.x\"\nvalues = [1, 2]\n\
                    [[sweep.axes]]\npath = \"b.y\"\nvalues = [1, 2, 3]\n";
        let e = SweepSpec::parse(text, "s.toml").unwrap_err().to_string();
        assert!(e.contains("equal lengths"), "{e}");
        let text = text.replace("[1, 2, 3]", "[3, 4]");
        let s = SweepSpec::parse(&text, "s.toml").unwrap().unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s.point(1), vec![Value::Integer(2), Value::Integer(4)]);
    }

    #[test]
    fn bad_axes_are_refused_with_their_line() {
        for (axis, needle) in [
            ("path = \"a.x\"\nvalues = []", "empty axis"),
            (
                "path = \"a.x\"\nfrom = 1.0\nto = 2.0\nstep = 0.0",
                "must not be zero",
            ),
            ("path = \"a.x\"\nfrom = 1.0\nto = 2.0", "either"),
            ("path = \"a.x\"\nvalues = [1]\nstep = 1.0", "either"),
            ("path = \"a.x\"\nvalue = [1]", "unknown field"),
        ] {
            let text = format!("[sweep]\n[[sweep.axes]]\n{axis}\n");
            let e = SweepSpec::parse(&text, "s.toml").unwrap_err().to_string();
            assert!(e.contains(needle) && e.contains("s.toml:"), "{axis}: {e}");
        }
    }
}
