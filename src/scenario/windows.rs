//! `[[windows]]`: stretches of the run reported on their own, like a month.
//!
//! A window has a `name` (unique, without `.`), and `from` and `to` read like a timeline's
//! times ([`crate::units::Calendar::parse_time`]): dates (`"2024-01-28"`), months
//! (`"2024-02"`) or durations from the start (`"13month"`, `"400d"`). It must lie in the
//! measured run (from the end of the warm-up to the horizon), end after it begins, and
//! begin and end on a reporting interval's boundary (`simulation.interval`; the horizon
//! is one too), since its floor-wide time-weighted measures are the sum of its intervals.

use std::collections::HashSet;

use toml::Spanned;

use super::check::{each, unique_name};
use super::error::Invalid;
use super::raw::RawReportWindow;
use crate::model::{Simulation, Window};
use crate::units::HumanDuration;

/// The windows of `raw`, checked against the run `sim`.
pub(super) fn windows(
    raw: Option<&Spanned<Vec<Spanned<RawReportWindow>>>>,
    sim: &Simulation,
) -> Result<Vec<Window>, Invalid> {
    let Some(list) = raw else {
        return Ok(Vec::new());
    };
    let mut names = HashSet::new();
    each(list.get_ref(), "windows", |w| {
        let w = w.get_ref();
        let name = unique_name(&mut names, &w.name, "name")?;
        if name.contains('.') {
            return Err(Invalid::new(
                w.name.span(),
                "name",
                format!("expected a name without `.` (it is a column prefix), found {name:?}"),
            ));
        }
        let from = time(&w.from, "from", sim)?;
        let to = time(&w.to, "to", sim)?;
        if to <= from {
            return Err(Invalid::new(
                w.to.span(),
                "to",
                format!(
                    "expected a time after `from` ({}), found {}",
                    sim.calendar.time_label(from),
                    sim.calendar.time_label(to)
                ),
            ));
        }
        Ok(Window { name, from, to })
    })
}

/// The time of window field `field`, in the measured run and on an interval boundary.
fn time(s: &Spanned<String>, field: &str, sim: &Simulation) -> Result<f64, Invalid> {
    let bad = |m: String| Invalid::new(s.span(), field, m);
    let t = sim.calendar.parse_time(s.get_ref()).map_err(bad)?;
    if t < sim.warmup || t > sim.horizon {
        return Err(bad(format!(
            "expected a time within the measured run (from the end of the warm-up, {}, to \
             the horizon, {}), found {}",
            sim.calendar.time_label(sim.warmup),
            sim.calendar.time_label(sim.horizon),
            sim.calendar.time_label(t)
        )));
    }
    let k = t / sim.interval;
    if t < sim.horizon && (k - k.round()).abs() > 1e-9 * k.max(1.0) {
        return Err(bad(format!(
            "expected a time on a boundary of the reporting interval ({}), found {}",
            HumanDuration(sim.interval).compact(),
            sim.calendar.time_label(t)
        )));
    }
    Ok(t)
}
