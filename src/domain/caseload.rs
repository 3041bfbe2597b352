//! Which clients the caseload list shows, and in what order.

use super::client::{ClientSummary, RiskLevel, urgency_order};
use super::{Date, Stage};
use std::cmp::Ordering;

/// The caseload's order; one key cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Crisis first, then the most overdue, then the soonest due.
    #[default]
    Urgency,
    Name,
    /// Practice order of the stages, most urgent first within a stage.
    Stage,
}

impl SortBy {
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Urgency => SortBy::Name,
            SortBy::Name => SortBy::Stage,
            SortBy::Stage => SortBy::Urgency,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Urgency => "urgency",
            SortBy::Name => "name",
            SortBy::Stage => "stage",
        }
    }

    /// Archived clients go last in every order: they are not on the day's list.
    pub fn compare(self, a: &ClientSummary, b: &ClientSummary) -> Ordering {
        let by_name = || {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        };
        a.archived.cmp(&b.archived).then_with(|| match self {
            SortBy::Urgency => urgency_order(a, b),
            SortBy::Name => by_name(),
            SortBy::Stage => a.stage.cmp(&b.stage).then_with(|| urgency_order(a, b)),
        })
    }
}

/// Does one typed word match this client? A word matches part of the name,
/// the start of a stage's name, or a flag word: `crisis`, `overdue`,
/// `archived`, or a risk level (`high`, `medium`, `low`).
fn word_matches(c: &ClientSummary, word: &str, today: Date) -> bool {
    if c.name.to_lowercase().contains(word) {
        return true;
    }
    let stage_hit = |s: Stage| {
        s.name().to_lowercase().starts_with(word)
            || s.short().to_lowercase().starts_with(word)
            || s.key().starts_with(word)
    };
    if stage_hit(c.stage) {
        return true;
    }
    match word {
        "crisis" | "!" => c.crisis,
        "overdue" | "*" => c.is_overdue(today),
        "archived" => c.archived,
        _ => RiskLevel::from_key(word) == Some(c.risk_level),
    }
}

/// Every word of the filter must match (so `crisis plan` finds clients in
/// crisis at the Planning stage). Case does not matter; an empty filter
/// matches everyone.
pub fn matches(c: &ClientSummary, filter: &str, today: Date) -> bool {
    let filter = filter.to_lowercase();
    filter.split_whitespace().all(|w| word_matches(c, w, today))
}

/// The list as shown: filtered, then sorted.
pub fn view(all: &[ClientSummary], filter: &str, sort: SortBy, today: Date) -> Vec<ClientSummary> {
    let mut out: Vec<ClientSummary> = all
        .iter()
        .filter(|c| matches(c, filter, today))
        .cloned()
        .collect();
    out.sort_by(|a, b| sort.compare(a, b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn client(id: i64, name: &str, stage: Stage, next: &str) -> ClientSummary {
        ClientSummary {
            id,
            name: name.into(),
            stage,
            next_contact: Some(d(next)),
            case_review: None,
            crisis: false,
            risk_level: RiskLevel::Low,
            earliest_open_due: None,
            archived: false,
        }
    }

    fn sample() -> Vec<ClientSummary> {
        let mut v = vec![
            client(1, "Rosa Kowalczyk", Stage::Implementation, "2026-11-09"),
            client(2, "Amara Varga", Stage::Planning, "2026-12-01"),
            client(3, "Yusuf Yilmaz", Stage::Planning, "2026-12-11"),
            client(4, "Bea Mbeki", Stage::Assessment, "2026-11-25"),
            client(5, "Zofia Rautio", Stage::Planning, "2026-11-10"),
            client(6, "Cormac Eriksen", Stage::Evaluation, "2026-11-01"),
        ];
        v[2].crisis = true;
        v[3].risk_level = RiskLevel::High;
        v[5].archived = true;
        v
    }

    fn ids(v: &[ClientSummary]) -> Vec<i64> {
        v.iter().map(|c| c.id).collect()
    }

    #[test]
    fn each_order_and_archived_last() {
        let today = d("2026-11-23");
        let all = sample();
        let order = |s| ids(&view(&all, "", s, today));
        assert_eq!(order(SortBy::Urgency), vec![3, 1, 5, 4, 2, 6]);
        assert_eq!(order(SortBy::Name), vec![2, 4, 1, 3, 5, 6]);
        assert_eq!(order(SortBy::Stage), vec![4, 3, 5, 2, 1, 6]);
        assert_eq!(SortBy::Urgency.next().next().next(), SortBy::Urgency);
    }

    #[test]
    fn filter_by_name_stage_and_flags() {
        let today = d("2026-11-23");
        let all = sample();
        let f = |q: &str| ids(&view(&all, q, SortBy::Name, today));
        assert_eq!(f("ROSA"), vec![1]);
        assert_eq!(f("plan"), vec![2, 3, 5]);
        assert_eq!(f("goal"), Vec::<i64>::new(), "no one is at Goal setting");
        assert_eq!(f("crisis"), vec![3]);
        // An archived case is not overdue for anything.
        assert_eq!(f("overdue"), vec![1, 5]);
        assert_eq!(f("overdue plan"), vec![5], "every word must match");
        assert_eq!(f("high"), vec![4]);
        assert_eq!(f("archived"), vec![6]);
        assert_eq!(f("  "), vec![2, 4, 1, 3, 5, 6]);
        assert_eq!(f("zzz"), Vec::<i64>::new());
    }
}
