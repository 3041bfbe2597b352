//! Planning under a goal: who does what by when, and referrals to other
//! agencies.

use super::Date;

/// Who a plan step is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Client,
    Worker,
    /// Another agency or person, named in the step's detail.
    Other,
}

impl Who {
    pub const KEYS: &'static [&'static str] = &["client", "worker", "other"];
    pub fn key(self) -> &'static str {
        match self {
            Who::Client => "client",
            Who::Worker => "worker",
            Who::Other => "other",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "client" => Some(Who::Client),
            "worker" => Some(Who::Worker),
            "other" => Some(Who::Other),
            _ => None,
        }
    }
}

/// A plan step under a goal: who does what by when.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub id: i64,
    pub goal_id: i64,
    pub description: String,
    /// `client`, `worker` or `other` (see [`Who`]).
    pub who: String,
    /// Which agency or person, when `who` is `other` (or to be specific).
    pub who_detail: Option<String>,
    pub due: Option<Date>,
    pub done_on: Option<Date>,
    /// Set when the step was entered in error.
    pub error: Option<super::InError>,
}

impl PlanStep {
    pub fn is_done(&self) -> bool {
        self.done_on.is_some()
    }
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.is_done() && self.due.is_some_and(|d| d < today)
    }
    /// `client`, `worker`, or the named other party.
    pub fn who_label(&self) -> String {
        match (&self.who_detail, self.who.as_str()) {
            (Some(d), "other") => d.clone(),
            (Some(d), w) => format!("{w} ({d})"),
            (None, w) => w.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReferralStatus {
    /// Talked about, not yet made.
    #[default]
    Suggested,
    Made,
    Accepted,
    Declined,
    Closed,
}

impl ReferralStatus {
    pub const KEYS: &'static [&'static str] =
        &["suggested", "made", "accepted", "declined", "closed"];
    pub fn key(self) -> &'static str {
        match self {
            ReferralStatus::Suggested => "suggested",
            ReferralStatus::Made => "made",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Closed => "closed",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "suggested" => Some(ReferralStatus::Suggested),
            "made" => Some(ReferralStatus::Made),
            "accepted" => Some(ReferralStatus::Accepted),
            "declined" => Some(ReferralStatus::Declined),
            "closed" => Some(ReferralStatus::Closed),
            _ => None,
        }
    }
}

/// A referral to another agency, usually in support of one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub id: i64,
    pub client_id: i64,
    pub goal_id: Option<i64>,
    pub agency: String,
    /// A name, phone number or address at the agency.
    pub contact: Option<String>,
    pub status: ReferralStatus,
    pub created_on: Date,
    /// Set when the referral was entered in error.
    pub error: Option<super::InError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn a_step_is_overdue_only_while_open() {
        let mut s = PlanStep {
            id: 1,
            goal_id: 1,
            description: "Call the office".into(),
            who: "client".into(),
            who_detail: None,
            due: Some(d("2026-11-20")),
            done_on: None,
            error: None,
        };
        assert!(s.is_overdue(d("2026-11-23")));
        assert!(!s.is_overdue(d("2026-11-20")));
        s.done_on = Some(d("2026-11-22"));
        assert!(!s.is_overdue(d("2026-11-23")));
    }

    #[test]
    fn who_label_names_the_other_party() {
        let mut s = PlanStep {
            id: 1,
            goal_id: 1,
            description: "x".into(),
            who: "other".into(),
            who_detail: Some("Housing office".into()),
            due: None,
            done_on: None,
            error: None,
        };
        assert_eq!(s.who_label(), "Housing office");
        s.who = "worker".into();
        assert_eq!(s.who_label(), "worker (Housing office)");
        s.who_detail = None;
        assert_eq!(s.who_label(), "worker");
    }

    #[test]
    fn keys_round_trip() {
        for k in Who::KEYS {
            assert_eq!(Who::from_key(k).map(Who::key), Some(*k));
        }
        for k in ReferralStatus::KEYS {
            assert_eq!(
                ReferralStatus::from_key(k).map(ReferralStatus::key),
                Some(*k)
            );
        }
    }
}
