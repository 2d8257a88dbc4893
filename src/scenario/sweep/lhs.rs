//! The Latin hypercube design of a sweep (`[sweep] design = "lhs"`): its samples and
//! seed, and each axis's sampled range (ends, scale, unit, whole numbers).
//!
//! A **Latin hypercube** (`design = "lhs"`) samples ranges instead of listing values: for
//! global sensitivity, where a grid of k axes would need m^k points to say which setting
//! matters. Each axis gives `from` and `to` (and optionally `scale = "log"`); the design draws
//! `samples` points such that each axis's range, cut into `samples` equal strata, has exactly
//! one point in every stratum:
//!
//! ```toml
//! [sweep]
//! design = "lhs"
//! samples = 200
//! seed = 11                # optional: the design's own seed (default: simulation.seed)
//! [[sweep.axes]]
//! path = "pools.agents.agents"
//! from = 52                # an integer setting: rounded to whole agents
//! to = 60
//! [[sweep.axes]]
//! path = "ai.cost_per_conversation"
//! from = 0.05
//! to = 0.5
//! scale = "log"            # evenly in the logarithm
//! ```
//!
//! Reading the table only checks it; the values are drawn by
//! [`crate::experiment::design::resolve`], which needs the scenario (to tell integer settings
//! from real ones, by asking the validation) and the seed. Once drawn, the values sit in the
//! axes like a zipped sweep's, so everything downstream (points, shards, merge, the files) is
//! the same as for a grid.

use serde::Deserialize;
use toml::{Spanned, Value};

use super::{Axis, RawAxis, RawSweep, ScenarioDocument, SweepMode, SweepSpec, round12};
use crate::scenario::ScenarioError;
use crate::scenario::error::Invalid;
use crate::scenario::paths::set_path;

/// How a sampled range is spread between its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Evenly in the value: strata of equal width.
    #[default]
    Linear,
    /// Evenly in the logarithm: strata of equal ratio (both ends above zero). For settings
    /// that span orders of magnitude, such as a cost from 0.01 to 1.
    Log,
}

/// The range of an axis of a Latin hypercube.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct SampledRange {
    /// Lowest value, in the setting's own unit.
    pub from: f64,
    /// Highest value, above `from`.
    pub to: f64,
    /// How values spread between the ends.
    #[serde(default)]
    pub scale: Scale,
    /// Whether the setting takes whole numbers (agents, headcount): values are rounded.
    /// `None` as written when the file does not say: the design asks the scenario's
    /// validation ([`ScenarioDocument::is_integer_setting`]) and records the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integer: Option<bool>,
    /// For a setting written as a string with its unit (a rate such as `"2700/h"`, a
    /// duration such as `"4m"`): the unit written after the number, such as `"/h"` or `"s"`.
    /// `from` and `to` are then in that unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl SampledRange {
    /// The value at quantile `u` (in \[0, 1)) of the range. A whole-number setting spreads
    /// over `from − ½` to `to + ½` before rounding, so every whole number of the range is as
    /// likely as any other (the ends included), and is clamped to the whole numbers within
    /// `from` to `to`.
    pub fn value(&self, u: f64) -> f64 {
        let integer = self.integer == Some(true);
        let (lo, hi) = if integer {
            let lo = self.from - 0.5;
            (
                if self.scale == Scale::Log && lo <= 0.0 {
                    self.from
                } else {
                    lo
                },
                self.to + 0.5,
            )
        } else {
            (self.from, self.to)
        };
        let x = match self.scale {
            Scale::Linear => lo + u * (hi - lo),
            Scale::Log => (lo.ln() + u * (hi.ln() - lo.ln())).exp(),
        };
        if integer {
            x.round().clamp(self.from.ceil(), self.to.floor())
        } else {
            x.clamp(self.from, self.to)
        }
    }
}

impl SampledRange {
    /// The setting's value for the number `x` (in the range's unit): a string with the unit
    /// after the number rounded to 12 significant digits, or a whole number for an integer
    /// setting, or a real number (kept real even when whole, as the validation's probe needs).
    pub fn setting(&self, x: f64, integer: bool) -> Value {
        match (&self.unit, integer) {
            (Some(unit), true) => Value::String(format!("{}{unit}", x.round())),
            (Some(unit), false) => Value::String(format!("{}{unit}", round12(x))),
            (None, true) => Value::Integer(x.round() as i64),
            (None, false) => Value::Float(x),
        }
    }

    /// The number (in the range's unit) of a value drawn for this range, if it is one.
    pub fn number_of(&self, v: &Value) -> Option<f64> {
        match (v, &self.unit) {
            (Value::Integer(i), None) => Some(*i as f64),
            (Value::Float(f), None) => Some(*f),
            (Value::String(s), Some(unit)) => s.strip_suffix(unit.as_str())?.parse().ok(),
            _ => None,
        }
    }
}

/// The design of a Latin hypercube: how many points, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Lhs {
    /// Number of points (samples), 2 to 100,000.
    pub samples: usize,
    /// The seed the design is drawn from; `None` as written when the file does not say (the
    /// scenario's `simulation.seed` is then used and recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// Fewest and most samples of a Latin hypercube.
pub const LHS_SAMPLES: std::ops::RangeInclusive<usize> = 2..=100_000;

impl SweepSpec {
    /// The checks of [`SweepSpec::check`] for a drawn Latin hypercube.
    pub(super) fn check_lhs(&self, lhs: Lhs) -> Result<(), String> {
        if !LHS_SAMPLES.contains(&lhs.samples) {
            return Err(format!(
                "lhs.samples: expected 2 to 100,000, found {}",
                lhs.samples
            ));
        }
        if lhs.seed.is_none() {
            return Err("lhs.seed: the design's seed is missing".into());
        }
        if self.mode != SweepMode::Zip {
            return Err("mode: a Latin hypercube's values are zipped".into());
        }
        for a in &self.axes {
            let Some(r) = &a.range else {
                return Err(format!("the axis {} has no range to sample", a.path));
            };
            range_problem(r.from, r.to, r.scale).map_err(|m| format!("{}: {m}", a.path))?;
            let Some(integer) = r.integer else {
                return Err(format!(
                    "the axis {}: whether it is an integer setting is missing",
                    a.path
                ));
            };
            if a.values.len() != lhs.samples {
                return Err(format!(
                    "the axis {} has {} values for {} samples",
                    a.path,
                    a.values.len(),
                    lhs.samples
                ));
            }
            let bad = a.values.iter().find(|v| {
                let Some(x) = r.number_of(v) else {
                    return true;
                };
                !(r.from <= x && x <= r.to) || (integer && x.fract() != 0.0)
            });
            if let Some(v) = bad {
                return Err(format!(
                    "the axis {}: the value {v} is not {} from {} to {}",
                    a.path,
                    if integer {
                        "a whole number"
                    } else {
                        "a number"
                    },
                    r.from,
                    r.to
                ));
            }
        }
        Ok(())
    }
}

/// `design = "lhs"`'s `samples` and `seed`; `mode` is refused.
pub(super) fn lhs_design(raw: &RawSweep) -> Result<Lhs, Invalid> {
    if let Some(m) = &raw.mode {
        return Err(Invalid::new(
            m.span(),
            "sweep.mode",
            "`mode` combines the listed values of a grid; a Latin hypercube (design = \"lhs\") \
             draws its points itself: remove `mode`",
        ));
    }
    let Some(samples) = &raw.samples else {
        return Err(Invalid::new(
            raw.axes.span(),
            "sweep.samples",
            "design = \"lhs\" needs `samples`, the number of points (2 to 100,000)",
        ));
    };
    let n = *samples.get_ref();
    let samples_ok = usize::try_from(n).ok().filter(|n| LHS_SAMPLES.contains(n));
    let Some(samples_n) = samples_ok else {
        return Err(Invalid::new(
            samples.span(),
            "sweep.samples",
            format!("expected a number of points from 2 to 100,000, found {n}"),
        ));
    };
    let seed = match &raw.seed {
        None => None,
        Some(s) => Some(u64::try_from(*s.get_ref()).map_err(|_| {
            Invalid::new(
                s.span(),
                "sweep.seed",
                format!("expected a seed of zero or more, found {}", s.get_ref()),
            )
        })?),
    };
    Ok(Lhs {
        samples: samples_n,
        seed,
    })
}

/// What is wrong with a sampled range from `from` to `to`, if anything.
fn range_problem(from: f64, to: f64, scale: Scale) -> Result<(), String> {
    if !(from.is_finite() && to.is_finite()) {
        return Err("expected finite numbers".into());
    }
    if from >= to {
        return Err(format!(
            "expected `from` below `to`, found from = {from}, to = {to}"
        ));
    }
    if scale == Scale::Log && from <= 0.0 {
        return Err(format!(
            "scale = \"log\" needs `from` above zero, found {from}"
        ));
    }
    Ok(())
}

/// An axis of a Latin hypercube: `from` and `to`, optional `scale` and `integer`; no
/// `values` and no `step`. Its values are drawn later.
pub(super) fn sampled_axis(raw: &Spanned<RawAxis>) -> Result<Axis, Invalid> {
    let a = raw.get_ref();
    if let Some(v) = &a.values {
        return Err(Invalid::new(
            v.span(),
            "values",
            "a Latin hypercube (design = \"lhs\") samples a range: give `from` and `to`, not \
             `values`",
        ));
    }
    if let Some(step) = &a.step {
        return Err(Invalid::new(
            step.span(),
            "step",
            "a Latin hypercube (design = \"lhs\") samples a range: give `from` and `to`, not \
             `step`",
        ));
    }
    let (Some(from), Some(to)) = (&a.from, &a.to) else {
        return Err(Invalid::new(
            raw.span(),
            "",
            "expected `from` and `to`: the range the Latin hypercube samples",
        ));
    };
    let scale = a.scale.as_ref().map_or(Scale::Linear, |s| *s.get_ref());
    let (f, t) = (*from.get_ref(), *to.get_ref());
    let unit = a.unit.as_ref().map(|u| u.get_ref().trim());
    if let (Some(u), Some(span)) = (unit, a.unit.as_ref().map(Spanned::span))
        && (u.is_empty() || u.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    {
        return Err(Invalid::new(
            span,
            "unit",
            format!(
                "expected the unit written after the number, such as \"/h\" or \"s\", found \
                 {u:?}"
            ),
        ));
    }
    range_problem(f, t, scale).map_err(|m| {
        if scale == Scale::Log && f <= 0.0 && f < t {
            Invalid::new(from.span(), "from", m)
        } else {
            Invalid::new(to.span(), "to", m)
        }
    })?;
    if a.integer == Some(true) && f.ceil() > t.floor() {
        return Err(Invalid::new(
            to.span(),
            "to",
            format!("integer = true, but there is no whole number from {f} to {t}"),
        ));
    }
    Ok(Axis {
        path: a.path.get_ref().trim().to_string(),
        also: a.also_paths(),
        values: Vec::new(),
        range: Some(SampledRange {
            from: f,
            to: t,
            scale,
            integer: a.integer,
            unit: unit.map(str::to_string),
        }),
        written: Default::default(),
    })
}

impl ScenarioDocument {
    /// Whether the settings of `axis` (its path and `also`) take whole numbers, asked of the
    /// validation: the scenario with a real number `probe` there is tried first (a real
    /// setting accepts it, as it accepts whole numbers), then with `probe` rounded. This is
    /// how a Latin hypercube learns that `pools.agents.agents` must be rounded and
    /// `pools.agents.hourly_cost` must not, whatever the file happens to write.
    ///
    /// # Errors
    ///
    /// A message (`String`) naming the path and what the validation said of the real number,
    /// if neither is accepted: the path cannot be set, or the setting is not a number (a
    /// rate string such as `arrivals.rate`), or `probe` is out of its range.
    pub fn is_integer_setting(
        &self,
        axis: &Axis,
        range: &SampledRange,
        probe: f64,
    ) -> Result<bool, String> {
        let try_value = |value: Value| -> Result<(), String> {
            let mut doc = self.table.clone();
            for path in std::iter::once(&axis.path).chain(&axis.also) {
                set_path(&mut doc, path, value.clone())?;
            }
            let text = toml::to_string(&doc).map_err(|e| e.to_string())?;
            crate::scenario::parse(&text, &self.file, &self.default_name)
                .map(|_| ())
                .map_err(|e| match e {
                    ScenarioError::Invalid(l) => format!("`{}`: {}", l.key, l.message),
                    other => other.to_string(),
                })
        };
        match try_value(range.setting(probe, false)) {
            Ok(()) => Ok(false),
            Err(real) => match try_value(range.setting(probe, true)) {
                Ok(()) => Ok(true),
                Err(_) => Err(format!("at {}={probe}: {real}", axis.path)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LHS: &str = "[sweep]\ndesign = \"lhs\"\nsamples = 20\n[[sweep.axes]]\n\
                       path = \"pools.a.agents\"\nfrom = 52\nto = 60\n";

    #[test]
    fn a_latin_hypercube_reads_its_ranges() {
        let text = format!(
            "{LHS}[[sweep.axes]]\npath = \"ai.cost_per_conversation\"\nfrom = 0.01\n\
             to = 1.0\nscale = \"log\"\n[[sweep.axes]]\npath = \"arrivals.rate\"\n\
             unit = \"/h\"\nfrom = 2500\nto = 2900\ninteger = false\n"
        );
        let s = SweepSpec::parse(&text, "s.toml").unwrap().unwrap();
        assert_eq!(
            s.lhs,
            Some(Lhs {
                samples: 20,
                seed: None
            })
        );
        assert_eq!(s.mode, SweepMode::Zip);
        assert_eq!(s.len(), 20);
        let r = s.axes[1].range.clone().unwrap();
        assert_eq!(
            (r.from, r.to, r.scale, r.integer),
            (0.01, 1.0, Scale::Log, None)
        );
        let rate = s.axes[2].range.clone().unwrap();
        assert_eq!(rate.integer, Some(false));
        assert_eq!(
            rate.setting(2612.5, false),
            Value::String("2612.5/h".into())
        );
        assert_eq!(
            rate.number_of(&Value::String("2612.5/h".into())),
            Some(2612.5)
        );
        // Not drawn yet: a manifest holding this would be refused.
        assert!(s.check().unwrap_err().contains("no values"));
    }

    #[test]
    fn bad_latin_hypercubes_are_refused_with_their_line_and_key() {
        let with = |sweep: &str, axis: &str| {
            format!("[sweep]\ndesign = \"lhs\"\n{sweep}\n[[sweep.axes]]\npath = \"a.x\"\n{axis}\n")
        };
        for (text, line, key, needle) in [
            (
                with("samples = 0", "from = 1\nto = 2"),
                3,
                "sweep.samples",
                "2 to 100,000",
            ),
            (
                with("samples = 100001", "from = 1\nto = 2"),
                3,
                "sweep.samples",
                "2 to 100,000",
            ),
            (
                with("", "from = 1\nto = 2"),
                4,
                "sweep.samples",
                "needs `samples`",
            ),
            (
                with("samples = 10", "from = 2\nto = 2"),
                7,
                "sweep.axes[0].to",
                "below `to`",
            ),
            (
                with("samples = 10", "from = 3\nto = 2"),
                7,
                "sweep.axes[0].to",
                "below `to`",
            ),
            (
                with("samples = 10", "from = 0\nto = 2\nscale = \"log\""),
                6,
                "sweep.axes[0].from",
                "above zero",
            ),
            (
                with("samples = 10", "values = [1, 2]"),
                6,
                "sweep.axes[0].values",
                "not `values`",
            ),
            (
                with("samples = 10", "from = 1\nto = 2\nstep = 0.5"),
                8,
                "sweep.axes[0].step",
                "not `step`",
            ),
            (
                with("samples = 10\nmode = \"zip\"", "from = 1\nto = 2"),
                4,
                "sweep.mode",
                "remove `mode`",
            ),
            (
                with("samples = 10", "from = 1"),
                4,
                "sweep.axes[0]",
                "`from` and `to`",
            ),
            (
                with("samples = 10\nseed = -1", "from = 1\nto = 2"),
                4,
                "sweep.seed",
                "zero or more",
            ),
            (
                with("samples = 10", "from = 1.2\nto = 1.8\ninteger = true"),
                7,
                "sweep.axes[0].to",
                "no whole number",
            ),
            (
                "[sweep]\nsamples = 10\n[[sweep.axes]]\npath = \"a.x\"\nvalues = [1]\n".into(),
                2,
                "sweep.samples",
                "design = \"lhs\"",
            ),
            (
                "[sweep]\n[[sweep.axes]]\npath = \"a.x\"\nvalues = [1]\nscale = \"log\"\n".into(),
                5,
                "sweep.axes[0].scale",
                "design = \"lhs\"",
            ),
        ] {
            let e = SweepSpec::parse(&text, "s.toml").unwrap_err().to_string();
            assert!(
                e.contains(&format!("s.toml:{line}:")) && e.contains(key) && e.contains(needle),
                "{text}\n=> {e}"
            );
        }
    }
}
