use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    #[default]
    Active,
    Achieved,
    Revised,
    Discontinued,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 4] = [
        GoalStatus::Active,
        GoalStatus::Achieved,
        GoalStatus::Revised,
        GoalStatus::Discontinued,
    ];
    pub fn key(self) -> &'static str {
        match self {
            GoalStatus::Active => "active",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Revised => "revised",
            GoalStatus::Discontinued => "discontinued",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatedBy {
    Client,
    Worker,
}

impl RatedBy {
    pub fn key(self) -> &'static str {
        match self {
            RatedBy::Client => "client",
            RatedBy::Worker => "worker",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "client" => Some(RatedBy::Client),
            "worker" => Some(RatedBy::Worker),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub id: i64,
    pub date: Date,
    pub value: f64,
    pub rated_by: RatedBy,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: i64,
    pub client_id: i64,
    /// What the client said they want, as they said it.
    pub client_words: String,
    /// The worker's SMART wording of the same goal.
    pub smart: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub due: Option<Date>,
    pub status: GoalStatus,
    /// Oldest first.
    pub progress: Vec<Progress>,
}

impl Goal {
    /// The most recent recorded value, whoever rated it.
    pub fn current(&self) -> Option<f64> {
        self.progress.last().map(|p| p.value)
    }

    /// How far the latest value has moved from baseline toward target, as a
    /// fraction clamped to 0..=1. Works for goals that aim downward (fewer
    /// missed appointments) as well as upward.
    pub fn fraction(&self) -> Option<f64> {
        let (b, t) = (self.baseline?, self.target?);
        let span = t - b;
        if span == 0.0 {
            return None;
        }
        let cur = self.current().unwrap_or(b);
        Some(((cur - b) / span).clamp(0.0, 1.0))
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == GoalStatus::Active && self.due.is_some_and(|d| d < today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(b: f64, t: f64, values: &[f64]) -> Goal {
        Goal {
            id: 1,
            client_id: 1,
            client_words: "x".into(),
            smart: None,
            measure: None,
            unit: None,
            baseline: Some(b),
            target: Some(t),
            due: None,
            status: GoalStatus::Active,
            progress: values
                .iter()
                .enumerate()
                .map(|(i, v)| Progress {
                    id: i as i64,
                    date: Date::from_ymd_opt(2026, 1, 1 + i as u32).expect("date"),
                    value: *v,
                    rated_by: RatedBy::Worker,
                    note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn fraction_rises_toward_target() {
        assert_eq!(goal(0.0, 10.0, &[5.0]).fraction(), Some(0.5));
        assert_eq!(goal(0.0, 10.0, &[]).fraction(), Some(0.0));
        assert_eq!(goal(0.0, 10.0, &[15.0]).fraction(), Some(1.0));
    }

    #[test]
    fn fraction_for_a_goal_that_aims_downward() {
        // From 8 missed appointments a month down to 2.
        assert_eq!(goal(8.0, 2.0, &[5.0]).fraction(), Some(0.5));
        assert_eq!(goal(8.0, 2.0, &[9.0]).fraction(), Some(0.0));
    }

    #[test]
    fn fraction_is_none_when_target_equals_baseline() {
        assert_eq!(goal(3.0, 3.0, &[3.0]).fraction(), None);
    }
}
