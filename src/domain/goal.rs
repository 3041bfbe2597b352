use super::Date;
use super::in_error::{InError, Markable};
use super::smart::{SmartGap, SmartInput, smart_gaps};
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
    /// Set when the record was entered in error (it then counts nowhere).
    pub error: Option<InError>,
    /// When it was recorded (UTC RFC 3339), for the editing window; empty
    /// for a record not read from the file.
    pub created_at: String,
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
    /// The plausible range of the measure (0-7 nights a week): a value
    /// outside it is asked about, not refused.
    pub range_min: Option<f64>,
    pub range_max: Option<f64>,
    /// Set when the goal was entered in error.
    pub error: Option<InError>,
    /// Oldest first, entered-in-error records too (see [`Goal::counted`]).
    pub progress: Vec<Progress>,
}

impl Markable for Progress {
    fn in_error(&self) -> Option<&InError> {
        self.error.as_ref()
    }
}

impl Markable for Goal {
    fn in_error(&self) -> Option<&InError> {
        self.error.as_ref()
    }
}

impl Goal {
    /// The progress records that count: those not entered in error, oldest
    /// first. Charts, current values and counts read these.
    pub fn counted(&self) -> impl DoubleEndedIterator<Item = &Progress> {
        self.progress.iter().filter(|p| p.counts())
    }

    /// The most recent recorded value, whoever rated it.
    pub fn current(&self) -> Option<f64> {
        self.counted().last().map(|p| p.value)
    }

    /// Is `value` outside the measure's plausible range (when it has one)?
    pub fn out_of_range(&self, value: f64) -> bool {
        self.range_min.is_some_and(|m| value < m) || self.range_max.is_some_and(|m| value > m)
    }

    /// How far the latest value has moved from baseline toward target, as a
    /// fraction clamped to 0..=1. Works for goals that aim downward (fewer
    /// missed appointments) as well as upward.
    pub fn fraction(&self) -> Option<f64> {
        let cur = self.current().or(self.baseline)?;
        self.fraction_of(cur)
    }

    /// Where `value` sits between baseline (0) and target (1), clamped.
    /// `None` when there is no baseline and target, or they are equal.
    pub fn fraction_of(&self, value: f64) -> Option<f64> {
        let (b, t) = (self.baseline?, self.target?);
        let span = t - b;
        if span == 0.0 {
            return None;
        }
        Some(((value - b) / span).clamp(0.0, 1.0))
    }

    /// The most recent value rated by one side.
    pub fn latest_by(&self, who: RatedBy) -> Option<&Progress> {
        self.counted().rev().find(|p| p.rated_by == who)
    }

    /// Which SMART letters this goal does not show yet, and why.
    pub fn smart_gaps(&self) -> Vec<SmartGap> {
        smart_gaps(&SmartInput {
            client_words: &self.client_words,
            smart: self.smart.as_deref(),
            measure: self.measure.as_deref(),
            baseline: self.baseline,
            target: self.target,
            due: self.due,
        })
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == GoalStatus::Active
            && self.error.is_none()
            && self.due.is_some_and(|d| d < today)
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
                    created_at: String::new(),
                    error: None,
                })
                .collect(),
            error: None,
            range_max: None,
            range_min: None,
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
    fn percent_for_a_decreasing_goal_follows_the_latest_rating() {
        // Anxiety 8 -> 3: a rating of 4 is 80% of the way; overshooting to 2 is 100%.
        let g = goal(8.0, 3.0, &[7.0, 6.0, 4.0]);
        let pct = g.fraction().map(|f| (f * 100.0).round());
        assert_eq!(pct, Some(80.0));
        assert_eq!(goal(8.0, 3.0, &[2.0]).fraction(), Some(1.0));
        // No ratings yet: still at baseline.
        assert_eq!(goal(8.0, 3.0, &[]).fraction(), Some(0.0));
        // Going the wrong way never shows negative progress.
        assert_eq!(goal(8.0, 3.0, &[10.0]).fraction_of(10.0), Some(0.0));
    }

    #[test]
    fn latest_by_each_rater() {
        let mut g = goal(0.0, 10.0, &[2.0, 4.0, 5.0]);
        g.progress[1].rated_by = RatedBy::Client;
        assert_eq!(g.latest_by(RatedBy::Client).map(|p| p.value), Some(4.0));
        assert_eq!(g.latest_by(RatedBy::Worker).map(|p| p.value), Some(5.0));
        // The bar follows the latest value, whoever rated it.
        assert_eq!(g.fraction(), Some(0.5));
    }

    #[test]
    fn overdue_with_due_dates_typed_the_way_workers_type_them() {
        use crate::domain::dates::parse_date;
        let set_on: Date = "2026-11-23".parse().expect("date");
        let mut g = goal(0.0, 5.0, &[]);
        g.due = parse_date("+6w", set_on).ok();
        assert_eq!(g.due, "2027-01-04".parse().ok());
        assert!(!g.is_overdue(set_on));
        assert!(g.is_overdue("2027-01-05".parse().expect("date")));
        g.due = parse_date("+3m", set_on).ok();
        assert_eq!(g.due, "2027-02-23".parse().ok());
        g.due = parse_date("2027-03-31", set_on).ok();
        assert!(!g.is_overdue("2027-03-31".parse().expect("date")));
        // Only active goals are overdue: an achieved one is finished.
        g.status = GoalStatus::Achieved;
        assert!(!g.is_overdue("2027-04-01".parse().expect("date")));
    }

    #[test]
    fn smart_gaps_of_a_goal() {
        let mut g = goal(0.0, 5.0, &[]);
        let letters = |g: &Goal| crate::domain::smart::missing_letters(&g.smart_gaps());
        assert_eq!(letters(&g), "S M T");
        g.smart = Some("Five applications by March".into());
        g.measure = Some("applications".into());
        g.due = "2027-03-31".parse().ok();
        assert_eq!(letters(&g), "");
    }

    #[test]
    fn fraction_is_none_when_target_equals_baseline() {
        assert_eq!(goal(3.0, 3.0, &[3.0]).fraction(), None);
    }
}
