//! Which column goes into which chart: the one place that maps the names of `monthly.csv` and
//! `timeseries.csv` columns to the run report's time charts.
//!
//! A chart is a list of series; a series names its column (or several spellings of it, the
//! first found wins). A column that is missing drops its series, and a chart left with no
//! series is not drawn, so the same list serves an hourly `timeseries.csv`, a `monthly.csv`,
//! and files from later versions with more or fewer columns. For `monthly.csv` a column
//! `<key>` may come with `<key>_ci_low` and `<key>_ci_high`, drawn as a 95 % band, and
//! `<key>.<name>` columns give one series per pool or intent ([`Source::EachOf`]).
//!
//! `timeseries.csv` has one row per reporting interval (often an hour); the report adds
//! intervals up into days or weeks, and [`Agg`] says how: counts are summed (and shown per
//! day), levels are averaged over time, ratios are weighted by their denominators so the
//! result is the pooled ratio of the longer period.

use plotters::style::RGBColor;

use super::format::Unit;
use super::palette;

/// Where a series' values come from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// The first of these columns that exists.
    Column(&'static [&'static str]),
    /// The first of `columns` that exists; else `from` minus the `minus` columns, row by row
    /// (drawn dashed and labelled as derived).
    ColumnOrDifference {
        /// Columns that hold the series directly.
        columns: &'static [&'static str],
        /// The column to subtract from.
        from: &'static str,
        /// The columns subtracted.
        minus: &'static [&'static str],
    },
    /// Every column `<prefix>.<name>`: one series per name (pool or intent).
    EachOf(&'static str),
}

/// How interval values add up to a day or a week (`timeseries.csv` only; monthly values are
/// drawn as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    /// A count per interval: summed, shown per day (per hour for hourly buckets).
    Count,
    /// A level (agents on duty): the mean over the intervals.
    Level,
    /// A ratio: weighted by the sum of these count columns (its denominator), which gives the
    /// pooled ratio of the longer period.
    WeightedBy(&'static [&'static str]),
}

/// One series of a chart.
#[derive(Debug, Clone, Copy)]
pub struct SeriesDef {
    /// Where the values come from.
    pub source: Source,
    /// Legend label (for [`Source::EachOf`], the pool or intent name is used).
    pub label: &'static str,
    /// Colour (`None`: the next colour of the palette).
    pub colour: Option<RGBColor>,
    /// How intervals add up.
    pub agg: Agg,
    /// Read against the chart's right-hand axis.
    pub right: bool,
    /// Drawn only when the run had the AI assistant live (`kpis.ai_share` above zero).
    pub needs_ai: bool,
}

/// The series of cost kind `I` of [`COST_KINDS`], for the stacked cost chart.
const fn cost_series<const I: usize>() -> SeriesDef {
    let (_, label, colour) = COST_KINDS[I];
    series(
        Source::Column(const { &[COST_KINDS[I].0] }),
        label,
        colour,
        Agg::Count,
    )
}

const fn series(source: Source, label: &'static str, colour: RGBColor, agg: Agg) -> SeriesDef {
    SeriesDef {
        source,
        label,
        colour: Some(colour),
        agg,
        right: false,
        needs_ai: false,
    }
}

/// A series drawn only when the run had the assistant live.
const fn by_ai(source: Source, label: &'static str, colour: RGBColor) -> SeriesDef {
    SeriesDef {
        source,
        label,
        colour: Some(colour),
        agg: Agg::Level,
        right: false,
        needs_ai: true,
    }
}

const fn each(prefix: &'static str, agg: Agg) -> SeriesDef {
    SeriesDef {
        source: Source::EachOf(prefix),
        label: "",
        colour: None,
        agg,
        right: false,
        needs_ai: false,
    }
}

/// A time chart of the run report.
#[derive(Debug, Clone, Copy)]
pub struct ChartDef {
    /// Stable id of the figure in report.html (`chart-…`); the SVG file is `plots/<id without
    /// "chart-">.svg`.
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Left axis title; `{per}` becomes "month", "day" or "hour".
    pub y_title: &'static str,
    /// Left axis unit.
    pub unit: Unit,
    /// Right axis title and unit, for series with `right` set.
    pub right: Option<(&'static str, Unit)>,
    /// Stack the series as areas (parts of a whole).
    pub stacked: bool,
    /// The series.
    pub series: &'static [SeriesDef],
    /// A sentence for the caption.
    pub note: &'static str,
}

const QUEUE_OUTCOMES: &[&str] = &["answered", "abandoned"];

/// Kinds of cost: key, label and colour, in stacking order. Used by the cost-over-time chart
/// and the cost-by-kind bars alike.
pub const COST_KINDS: [(&str, &str, RGBColor); 6] = [
    ("cost_labour", "Labour", palette::HUMAN),
    ("cost_ai", "AI assistant", palette::AI),
    ("cost_churn", "Lost customers (churn)", palette::LOSS),
    ("cost_severance", "Severance", palette::ORANGE),
    ("cost_hiring", "Hiring", palette::REDDISH_PURPLE),
    ("cost_training", "Training", palette::SKY_BLUE),
];

/// The time charts, in report order.
pub const TIME_CHARTS: &[ChartDef] = &[
    ChartDef {
        id: "chart-volume",
        title: "Contacts, by who handled them",
        y_title: "Contacts per {per}",
        unit: Unit::Count,
        right: None,
        stacked: false,
        series: &[
            series(
                Source::Column(&["offered"]),
                "Offered",
                palette::TOTAL,
                Agg::Count,
            ),
            SeriesDef {
                source: Source::ColumnOrDifference {
                    columns: &["ai_conversations"],
                    from: "offered",
                    minus: &["answered", "abandoned"],
                },
                label: "AI conversations",
                colour: Some(palette::AI),
                agg: Agg::Count,
                right: false,
                needs_ai: true,
            },
            series(
                Source::Column(&["human_answered", "answered"]),
                "Answered by a human",
                palette::HUMAN,
                Agg::Count,
            ),
            series(
                Source::Column(&["abandoned"]),
                "Abandoned in the queue",
                palette::LOSS,
                Agg::Count,
            ),
        ],
        note: "Contacts count in the period in which they arrived.",
    },
    ChartDef {
        id: "chart-channels",
        title: "Contacts by channel",
        y_title: "Contacts per {per}",
        unit: Unit::Count,
        right: None,
        stacked: false,
        series: &[
            series(
                Source::Column(&["offered_chat"]),
                "Chat",
                palette::BLUE,
                Agg::Count,
            ),
            series(
                Source::Column(&["offered_voice"]),
                "Voice",
                palette::VERMILLION,
                Agg::Count,
            ),
            series(
                Source::Column(&["offered_email"]),
                "Email",
                palette::BLUISH_GREEN,
                Agg::Count,
            ),
        ],
        note: "",
    },
    ChartDef {
        id: "chart-agents",
        title: "Agents on duty",
        y_title: "Agents",
        unit: Unit::Agents,
        right: None,
        stacked: false,
        series: &[
            series(
                Source::Column(&["agents_on_duty"]),
                "Human agents on duty (time-average)",
                palette::HUMAN,
                Agg::Level,
            ),
            series(
                Source::Column(&["ai_fte_equivalent"]),
                "AI, in full-time agents",
                palette::AI,
                Agg::Level,
            ),
        ],
        note: "Agents on the floor, after shrinkage.",
    },
    ChartDef {
        id: "chart-headcount",
        title: "Headcount by pool",
        y_title: "Headcount",
        unit: Unit::Agents,
        right: None,
        stacked: false,
        series: &[each("headcount", Agg::Level)],
        note: "",
    },
    ChartDef {
        id: "chart-service-level",
        title: "Service level",
        y_title: "Service level",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["service_level"]),
            "Answered within the threshold",
            palette::HUMAN,
            Agg::WeightedBy(QUEUE_OUTCOMES),
        )],
        note: "Share of contacts reaching the human queue that were answered within the \
               service-level threshold (abandoned contacts count as not in time).",
    },
    ChartDef {
        id: "chart-service-level-by-channel",
        title: "Service level by channel",
        y_title: "Service level",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[
            series(
                Source::Column(&["service_level_chat"]),
                "Chat",
                palette::BLUE,
                Agg::Level,
            ),
            series(
                Source::Column(&["service_level_voice"]),
                "Voice",
                palette::VERMILLION,
                Agg::Level,
            ),
            series(
                Source::Column(&["service_level_email"]),
                "Email",
                palette::BLUISH_GREEN,
                Agg::Level,
            ),
        ],
        note: "Each channel's own queue: a desk can meet its target overall while one channel \
               misses it.",
    },
    ChartDef {
        id: "chart-abandonment",
        title: "Abandonment in the queue",
        y_title: "Abandonment rate",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["abandonment_rate"]),
            "Abandoned / (answered + abandoned)",
            palette::LOSS,
            Agg::WeightedBy(QUEUE_OUTCOMES),
        )],
        note: "",
    },
    ChartDef {
        id: "chart-asa",
        title: "Average speed of answer",
        y_title: "Average speed of answer",
        unit: Unit::Seconds,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["asa_seconds"]),
            "Mean wait of answered contacts",
            palette::HUMAN,
            Agg::WeightedBy(&["answered"]),
        )],
        note: "",
    },
    ChartDef {
        id: "chart-occupancy",
        title: "Occupancy of the agents on duty",
        y_title: "Occupancy",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["occupancy"]),
            "Busy time / time on duty",
            palette::HUMAN,
            Agg::WeightedBy(&["agents_on_duty"]),
        )],
        note: "",
    },
    ChartDef {
        id: "chart-quality",
        title: "Survey satisfaction against true resolution",
        y_title: "Survey satisfaction",
        unit: Unit::Score,
        right: Some(("True resolution", Unit::Share)),
        stacked: false,
        series: &[
            series(
                Source::Column(&["csat_survey"]),
                "Survey satisfaction",
                palette::SURVEY,
                Agg::WeightedBy(&["survey_responses"]),
            ),
            SeriesDef {
                source: Source::Column(&["true_resolution_rate"]),
                label: "True resolution",
                colour: Some(palette::TRUTH),
                agg: Agg::Level,
                right: true,
                needs_ai: false,
            },
        ],
        note: "What the survey says against what happened: the survey is answered by those who \
               reply, and a falsely resolved customer scores the contact as solved.",
    },
    ChartDef {
        id: "chart-csat-by-intent",
        title: "Survey satisfaction by intent",
        y_title: "Survey satisfaction",
        unit: Unit::Score,
        right: None,
        stacked: false,
        series: &[each("csat_survey", Agg::Level)],
        note: "",
    },
    ChartDef {
        id: "chart-resolution-by-intent",
        title: "True resolution by intent",
        y_title: "True resolution",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[each("true_resolution_rate", Agg::Level)],
        note: "",
    },
    ChartDef {
        id: "chart-csat-by-resolver",
        title: "Survey satisfaction by who ended the contact",
        y_title: "Survey satisfaction",
        unit: Unit::Score,
        right: None,
        stacked: false,
        series: &[
            by_ai(
                Source::Column(&["csat_survey_ai"]),
                "The AI alone",
                palette::AI,
            ),
            series(
                Source::Column(&["csat_survey_human"]),
                "A human, without the AI",
                palette::HUMAN,
                Agg::Level,
            ),
            by_ai(
                Source::Column(&["csat_survey_escalated"]),
                "Escalated: the AI, then a human",
                palette::VERMILLION,
            ),
        ],
        note: "The survey of each path a contact can take; the overall score is their mix.",
    },
    ChartDef {
        id: "chart-resolution-by-resolver",
        title: "Contacts that resolved the problem, by who ended them",
        y_title: "Resolved / ended",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[
            by_ai(
                Source::Column(&["resolution_ai"]),
                "The AI alone",
                palette::AI,
            ),
            series(
                Source::Column(&["resolution_human"]),
                "A human, without the AI",
                palette::HUMAN,
                Agg::Level,
            ),
            by_ai(
                Source::Column(&["resolution_escalated"]),
                "Escalated: the AI, then a human",
                palette::VERMILLION,
            ),
        ],
        note: "True resolution per contact: a false resolution or an abandonment does not \
               resolve, whatever the survey says.",
    },
    ChartDef {
        id: "chart-resolved-within",
        title: "Problems resolved within 1 and 2 days",
        y_title: "Resolved / problems",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[
            series(
                Source::Column(&["resolved_within_1d"]),
                "Within 1 day",
                palette::VERMILLION,
                Agg::Level,
            ),
            series(
                Source::Column(&["resolved_within_2d"]),
                "Within 2 days",
                palette::ORANGE,
                Agg::Level,
            ),
        ],
        note: "Problems by the month of their first contact. A long resolution window \
               saturates (repeats end up solving almost everything); one or two days show how \
               long customers wait for a solution.",
    },
    ChartDef {
        id: "chart-repeat-rate",
        title: "Repeat contacts",
        y_title: "Repeat contacts / offered",
        unit: Unit::Share,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["repeat_rate"]),
            "Second or later contact about a problem",
            palette::REDDISH_PURPLE,
            Agg::WeightedBy(&["offered"]),
        )],
        note: "",
    },
    ChartDef {
        id: "chart-churn",
        title: "Customers lost",
        y_title: "Customers per {per}",
        unit: Unit::Count,
        right: None,
        stacked: false,
        series: &[series(
            Source::Column(&["churned_customers"]),
            "Churned after a bad experience",
            palette::LOSS,
            Agg::Count,
        )],
        note: "",
    },
    ChartDef {
        id: "chart-cost",
        title: "Cost by kind",
        y_title: "Cost per {per}",
        unit: Unit::Currency,
        right: None,
        stacked: true,
        series: &[
            cost_series::<0>(),
            cost_series::<1>(),
            cost_series::<2>(),
            cost_series::<3>(),
            cost_series::<4>(),
            cost_series::<5>(),
        ],
        note: "Stacked: the top of the last band is the total.",
    },
];

/// Titles of keys that are not measures of a run (columns of `monthly.csv`), for tables and
/// axes.
pub const TITLES: &[(&str, &str)] = &[
    ("cost_total", "Total cost"),
    ("cost_labour", "Labour cost"),
    ("cost_ai", "AI cost"),
    ("cost_churn", "Cost of churn"),
    ("ai_conversations", "AI conversations"),
    ("human_answered", "Answered by a human"),
    ("ai_fte_equivalent", "AI, in full-time agents"),
    ("headcount", "Headcount"),
    ("offered_chat", "Offered: chat"),
    ("offered_voice", "Offered: voice"),
    ("offered_email", "Offered: email"),
    ("cost_severance", "Severance cost"),
    ("cost_hiring", "Hiring cost"),
    ("cost_training", "Training cost"),
];

/// Columns of the month-by-month table of the run report, in order: key and heading. A
/// `headcount` entry sums every `headcount.<pool>` column.
pub const MONTHLY_TABLE: &[(&str, &str)] = &[
    ("offered", "Offered"),
    ("ai_share", "AI share"),
    ("service_level", "Service level"),
    ("abandonment_rate", "Abandonment"),
    ("csat_survey", "Survey CSAT"),
    ("true_resolution_rate", "True resolution"),
    ("resolved_within_2d", "Resolved in 2 days"),
    ("csat_survey_escalated", "Survey, escalated"),
    ("headcount", "Headcount"),
    ("cost_total", "Total cost"),
];

/// Columns of `timeseries.csv` that the report would use if a run wrote them (it draws these
/// from `monthly.csv` only, or not over time).
pub const WANTED_PER_INTERVAL: &[&str] = &[
    "ai_conversations",
    "csat_survey",
    "survey_responses",
    "true_resolution_rate",
    "repeat_rate",
    "churned_customers",
    "cost_labour",
    "cost_ai",
    "cost_churn",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_ids_are_unique_and_named_for_html() {
        let mut ids: Vec<&str> = TIME_CHARTS.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), TIME_CHARTS.len());
        assert!(
            ids.iter().all(|id| id.starts_with("chart-")
                && id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
    }
}
