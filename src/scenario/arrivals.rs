//! `[arrivals]`: the mean rate and its daily and weekly profiles, or a rates file (see
//! [`super::rates`]); and the day-to-day noise, which multiplies either.

use toml::Spanned;

use super::error::Invalid;
use super::raw::RawArrivals;
use crate::model::{ArrivalPattern, Simulation};

/// Most contacts one replication may expect (rate × horizon).
pub(super) const MAX_CONTACTS: f64 = 1e10;

/// The arrival pattern of `[arrivals]`, at the run's scale; the horizon bounds the contacts
/// one replication may expect. `None` when the rates come from a file (which needs the
/// intents: see [`super::rates::pattern`]); the keys the file replaces are refused then.
pub(super) fn arrivals(
    table: &Spanned<RawArrivals>,
    sim: &Simulation,
) -> Result<Option<ArrivalPattern>, Invalid> {
    let arr = table.get_ref();
    if arr.rates.is_some() {
        let given = [
            ("rate", arr.rate.as_ref().map(Spanned::span)),
            (
                "daily_profile",
                arr.daily_profile.as_ref().map(Spanned::span),
            ),
            (
                "weekly_profile",
                arr.weekly_profile.as_ref().map(Spanned::span),
            ),
        ];
        if let Some((key, Some(span))) = given.into_iter().find(|(_, s)| s.is_some()) {
            return Err(Invalid::new(
                span,
                key,
                format!("the arrival rate comes from the rates file (`rates`); remove `{key}`"),
            ));
        }
        return Ok(None);
    }
    let Some(rate_key) = &arr.rate else {
        return Err(Invalid::new(
            table.span(),
            "rate",
            "expected `rate` (the mean arrival rate, such as \"2880/h\") or `rates = { file = \
             \"volumes.csv\" }` (a rate per interval from a file)",
        ));
    };
    let rate = rate_key.get_ref().0;
    if rate <= 0.0 {
        return Err(Invalid::new(
            rate_key.span(),
            "rate",
            "expected a rate greater than zero, such as \"2880/h\"",
        ));
    }
    if rate * sim.horizon > MAX_CONTACTS {
        return Err(Invalid::new(
            rate_key.span(),
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
        let span = daily.map_or(rate_key.span(), |d| d.span());
        Invalid::new(span, "", msg)
    })?;
    let mut pattern = with_daily_noise(pattern, arr)?;
    pattern.first_weekday = sim.calendar.weekday_offset();
    Ok(Some(pattern))
}

/// `pattern` with `[arrivals]`' `daily_noise`, if it has one.
pub(super) fn with_daily_noise(
    pattern: ArrivalPattern,
    arr: &RawArrivals,
) -> Result<ArrivalPattern, Invalid> {
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
