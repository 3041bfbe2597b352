use super::{Date, Stage};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    #[default]
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub fn key(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "low" => Some(RiskLevel::Low),
            "medium" => Some(RiskLevel::Medium),
            "high" => Some(RiskLevel::High),
            _ => None,
        }
    }
}

/// Everything recorded about a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub id: i64,
    pub name: String,
    pub preferred_name: Option<String>,
    pub pronouns: Option<String>,
    pub date_of_birth: Option<Date>,
    pub contact: Option<String>,
    pub referral_source: Option<String>,
    pub intake_date: Option<Date>,
    pub next_contact: Option<Date>,
    pub case_review: Option<Date>,
    pub risk_level: RiskLevel,
    pub crisis: bool,
    pub stage: Stage,
    pub archived: bool,
}

/// One row of the caseload list: just enough to sort, mark and draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientSummary {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub next_contact: Option<Date>,
    pub case_review: Option<Date>,
    pub crisis: bool,
    pub risk_level: RiskLevel,
    /// Earliest date among open goals and plan steps, follow-ups.
    pub earliest_open_due: Option<Date>,
    /// Closed and hidden from the day's list; shown only on request.
    pub archived: bool,
}

impl ClientSummary {
    /// The earliest thing this client is due for.
    pub fn next_due(&self) -> Option<Date> {
        [self.next_contact, self.case_review, self.earliest_open_due]
            .into_iter()
            .flatten()
            .min()
    }

    /// An archived case is not overdue for anything.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.archived && self.next_due().is_some_and(|d| d < today)
    }
}

/// Caseload order by urgency: crisis first, then the most overdue, then the
/// soonest due, then name. Clients with nothing due come last.
pub fn urgency_order(a: &ClientSummary, b: &ClientSummary) -> std::cmp::Ordering {
    urgency_order_named((a, &a.name.to_lowercase()), (b, &b.name.to_lowercase()))
}

/// [`urgency_order`] with each client's name given lowercased.
pub fn urgency_order_named(
    (a, a_name): (&ClientSummary, &str),
    (b, b_name): (&ClientSummary, &str),
) -> std::cmp::Ordering {
    b.crisis
        .cmp(&a.crisis)
        .then_with(|| match (a.next_due(), b.next_due()) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a_name.cmp(b_name))
        .then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn summary(id: i64, name: &str, crisis: bool, next: Option<&str>) -> ClientSummary {
        ClientSummary {
            id,
            name: name.into(),
            stage: Stage::Assessment,
            next_contact: next.map(d),
            case_review: None,
            crisis,
            risk_level: RiskLevel::Low,
            earliest_open_due: None,
            archived: false,
        }
    }

    #[test]
    fn urgency_puts_crisis_first_then_most_overdue() {
        let mut v = [
            summary(1, "Ana", false, None),
            summary(2, "Ben", false, Some("2026-11-30")),
            summary(3, "Cy", false, Some("2026-10-01")),
            summary(4, "Dee", true, Some("2026-12-30")),
        ];
        v.sort_by(urgency_order);
        let ids: Vec<i64> = v.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![4, 3, 2, 1]);
        assert!(v[1].is_overdue(d("2026-11-23")));
        assert!(!v[2].is_overdue(d("2026-11-23")));
    }

    #[test]
    fn next_due_takes_the_earliest_source() {
        let mut c = summary(1, "A", false, Some("2026-12-01"));
        c.case_review = Some(d("2026-11-15"));
        c.earliest_open_due = Some(d("2026-11-20"));
        assert_eq!(c.next_due(), Some(d("2026-11-15")));
    }
}
