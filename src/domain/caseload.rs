//! Which clients the caseload list shows, and in what order.

use super::client::{ClientSummary, RiskLevel, urgency_order_named};
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
        self.compare_named((a, &a.name.to_lowercase()), (b, &b.name.to_lowercase()))
    }

    /// [`SortBy::compare`] with each name already lowercased (a sort of
    /// 50,000 clients would otherwise lowercase two names per comparison).
    fn compare_named(self, a: (&ClientSummary, &str), b: (&ClientSummary, &str)) -> Ordering {
        let by_name = || a.1.cmp(b.1).then_with(|| a.0.id.cmp(&b.0.id));
        a.0.archived.cmp(&b.0.archived).then_with(|| match self {
            SortBy::Urgency => urgency_order_named(a, b),
            SortBy::Name => by_name(),
            SortBy::Stage => {
                a.0.stage
                    .cmp(&b.0.stage)
                    .then_with(|| urgency_order_named(a, b))
            }
        })
    }
}

/// Does `text` start with `word` (already lowercase), ignoring case? Stage
/// names are ASCII, so no lowercased copy is needed per client.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(word))
}

/// Does one typed word (lowercase) match this client, whose name is given
/// lowercased? A word matches part of the name, the start of a stage's
/// name, or a flag word: `crisis`, `overdue`, `archived`, or a risk level
/// (`high`, `medium`, `low`).
fn word_matches(c: &ClientSummary, name: &str, word: &str, today: Date) -> bool {
    if name.contains(word) {
        return true;
    }
    let stage_hit = |s: Stage| {
        starts_with_word(s.name(), word)
            || starts_with_word(s.short(), word)
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
    let words = filter_words(filter);
    let name = c.name.to_lowercase();
    words.iter().all(|w| word_matches(c, &name, w, today))
}

fn filter_words(filter: &str) -> Vec<String> {
    filter
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The list as shown: filtered, then sorted. Each name is lowercased once,
/// not once per comparison.
pub fn view(all: &[ClientSummary], filter: &str, sort: SortBy, today: Date) -> Vec<ClientSummary> {
    let words = filter_words(filter);
    let mut rows: Vec<(&ClientSummary, String)> = all
        .iter()
        .map(|c| (c, c.name.to_lowercase()))
        .filter(|(c, name)| words.iter().all(|w| word_matches(c, name, w, today)))
        .collect();
    rows.sort_by(|a, b| sort.compare_named((a.0, &a.1), (b.0, &b.1)));
    rows.into_iter().map(|(c, _)| c.clone()).collect()
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
