//! `[arrivals]`: the mean rate, its daily and weekly profiles, and the day-to-day noise.

use super::error::Invalid;
use super::raw::RawArrivals;
use crate::model::{ArrivalPattern, Simulation};

/// Most contacts one replication may expect (rate × horizon).
const MAX_CONTACTS: f64 = 1e10;

/// The arrival pattern of `[arrivals]`, at the run's scale; the horizon bounds the contacts
/// one replication may expect.
pub(super) fn arrivals(arr: &RawArrivals, sim: &Simulation) -> Result<ArrivalPattern, Invalid> {
    let rate = arr.rate.get_ref().0;
    if rate <= 0.0 {
        return Err(Invalid::new(
            arr.rate.span(),
            "rate",
            "expected a rate greater than zero, such as \"2880/h\"",
        ));
    }
    if rate * sim.horizon > MAX_CONTACTS {
        return Err(Invalid::new(
            arr.rate.span(),
            "rate",
            format!(
                "expected at most 10 billion contacts per replication (rate × horizon); this \
                 rate gives {:.3e}",
                rate * sim.horizon
            ),
        ));
    }
    let daily = arr.daily_profile.as_ref();
    if let Some(d) = daily
        && d.get_ref().is_empty()
    {
        return Err(Invalid::new(
            d.span(),
            "daily_profile",
            "expected at least one weight (one per interval of the day)",
        ));
    }
    let weekly = arr.weekly_profile.as_ref();
    if let Some(w) = weekly
        && w.get_ref().len() != 7
    {
        return Err(Invalid::new(
            w.span(),
            "weekly_profile",
            format!(
                "expected 7 weights (Monday to Sunday), found {}",
                w.get_ref().len()
            ),
        ));
    }
    let empty = Vec::new();
    let pattern = ArrivalPattern::new(
        rate * sim.scale,
        daily.map_or(&empty, |d| d.get_ref()),
        weekly.map_or(&empty, |w| w.get_ref()),
    )
    .map_err(|msg| {
        let span = daily.map_or(arr.rate.span(), |d| d.span());
        Invalid::new(span, "", msg)
    })?;
    match &arr.daily_noise {
        None => Ok(pattern),
        Some(noise) => {
            let cv = &noise.get_ref().cv;
            pattern.with_daily_noise(*cv.get_ref()).map_err(|_| {
                Invalid::new(
                    cv.span(),
                    "daily_noise.cv",
                    format!(
                        "expected the coefficient of variation of the day-to-day multiplier, \
                         from 0 to 3 (0.12: a typical day within about 12 % of its profile), \
                         found {}",
                        cv.get_ref()
                    ),
                )
            })
        }
    }
}
