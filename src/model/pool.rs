//! Pools of human agents: who is on duty, and which intents they may take.

use crate::units::DAY;

/// Agents on duty over the day.
#[derive(Debug, Clone, PartialEq)]
pub enum Staffing {
    /// The same number of agents on duty around the clock.
    Constant(u32),
    /// Agents on duty per interval of the day: the day is cut into as many equal intervals
    /// as there are entries, starting at 00:00.
    PerInterval(Vec<u32>),
}

impl Staffing {
    /// Length of one staffing interval in seconds (a whole day for constant staffing).
    pub fn interval_length(&self) -> f64 {
        match self {
            Staffing::Constant(_) => DAY,
            Staffing::PerInterval(v) => DAY / v.len() as f64,
        }
    }

    /// Agents on duty during staffing interval `k`, counted from time 0.
    pub fn agents_in_interval(&self, k: u64) -> u32 {
        match self {
            Staffing::Constant(n) => *n,
            Staffing::PerInterval(v) => v[(k % v.len() as u64) as usize],
        }
    }

    /// Average number of agents on duty over a day.
    pub fn mean_agents(&self) -> f64 {
        match self {
            Staffing::Constant(n) => *n as f64,
            Staffing::PerInterval(v) => v.iter().map(|&n| n as f64).sum::<f64>() / v.len() as f64,
        }
    }

    /// Whether the number on duty changes during the day (so change events are needed).
    pub fn varies(&self) -> bool {
        match self {
            Staffing::Constant(_) => false,
            Staffing::PerInterval(v) => v.windows(2).any(|w| w[0] != w[1]),
        }
    }
}

/// A pool of interchangeable human agents.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Name as written in the scenario.
    pub name: String,
    /// Agents on duty over the day.
    pub staffing: Staffing,
    /// Indices of the intents this pool may take (its skills), in scenario order.
    pub skills: Vec<usize>,
}
