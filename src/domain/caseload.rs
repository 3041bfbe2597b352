//! Which clients the caseload list shows, and in what order.

use super::client::{ClientSummary, RiskLevel, urgency_order_named};
use super::{Date, Stage};
use chrono::Datelike;
use std::cmp::Ordering;

pub use super::caseload_order::Ordered;

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

impl SortBy {
    /// What [`SortBy::compare`] looks at before the name, as one number
    /// that orders the same way: archived, then (by stage) the stage, then
    /// (by urgency or stage) crisis first and the soonest due date, with
    /// no date last.
    pub(super) fn head(self, c: &ClientSummary) -> u64 {
        let due = match c.next_due() {
            // Days from year 1 shifted to be unsigned: fits in 32 bits.
            Some(d) => (i64::from(d.num_days_from_ce()) - i64::from(i32::MIN)) as u64,
            None => 1 << 32,
        };
        let urgency = (u64::from(!c.crisis) << 33) | due;
        let (stage, urgency) = match self {
            SortBy::Urgency => (0, urgency),
            SortBy::Name => (0, 0),
            SortBy::Stage => (c.stage as u64, urgency),
        };
        (u64::from(c.archived) << 40) | (stage << 34) | urgency
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

pub(super) fn filter_words(filter: &str) -> Vec<String> {
    filter
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The list as shown: filtered, then sorted.
pub fn view(all: &[ClientSummary], filter: &str, sort: SortBy, today: Date) -> Vec<ClientSummary> {
    Ordered::of(all, sort)
        .view(all, filter, today)
        .into_iter()
        .filter_map(|i| all.get(i as usize).cloned())
        .collect()
}

/// A flag word of the filter: it matches what it names, not only names
/// and stages that hold it (so `crisi` does not match everyone `crisis`
/// does).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Flag {
    Crisis,
    Overdue,
    Archived,
    Risk(RiskLevel),
}

impl Flag {
    fn of(word: &str) -> Option<Flag> {
        match word {
            "crisis" | "!" => Some(Flag::Crisis),
            "overdue" | "*" => Some(Flag::Overdue),
            "archived" => Some(Flag::Archived),
            _ => RiskLevel::from_key(word).map(Flag::Risk),
        }
    }
}

/// One typed word (lowercase), ready to be matched against many clients:
/// what [`word_matches`] asks, with the stage names looked at once per
/// word instead of once per client.
pub(super) struct Word<'a> {
    pub finder: memchr::memmem::Finder<'a>,
    /// By `Stage as usize`: does the word start this stage's name?
    stages: [bool; Stage::ALL.len()],
    flag: Option<Flag>,
}

impl<'a> Word<'a> {
    pub fn new(text: &'a str) -> Word<'a> {
        let stage_hit = |s: Stage| {
            starts_with_word(s.name(), text)
                || starts_with_word(s.short(), text)
                || s.key().starts_with(text)
        };
        let mut stages = [false; Stage::ALL.len()];
        for s in Stage::ALL {
            if let Some(hit) = stages.get_mut(s as usize) {
                *hit = stage_hit(s);
            }
        }
        Word {
            finder: memchr::memmem::Finder::new(text.as_bytes()),
            stages,
            flag: Flag::of(text),
        }
    }

    /// Does the word match this client other than by name?
    pub fn matches_besides_name(&self, c: &ClientSummary, today: Date) -> bool {
        self.stages.get(c.stage as usize).copied().unwrap_or(false)
            || match self.flag {
                None => false,
                Some(Flag::Crisis) => c.crisis,
                Some(Flag::Overdue) => c.is_overdue(today),
                Some(Flag::Archived) => c.archived,
                Some(Flag::Risk(level)) => c.risk_level == level,
            }
    }
}

/// Does every client that `new` matches also match `old` (both lowercase
/// words)? Then a list filtered by `old` can be narrowed to `new` instead
/// of walking everyone again. Longer words match fewer names and stages,
/// but a word that becomes a flag word (`crisi` to `crisis`) matches more.
pub(super) fn narrows(new: &[String], old: &[String]) -> bool {
    old.iter().all(|o| {
        new.iter()
            .any(|n| n == o || (n.starts_with(o.as_str()) && Flag::of(n).is_none()))
    })
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

    /// The packed order is the comparator's order, on clients made to tie
    /// at every step: the same dates (or none), crisis on and off, archived
    /// or not, every stage, names differing only in case or accent, dates
    /// far apart (the packing must hold for any date chrono allows).
    #[test]
    fn the_packed_order_is_the_comparators_order() {
        let names = ["Ana", "ana", "Ána", "Bo", "bo b", "Zed", "émile", "Émile"];
        let dates = [
            None,
            Some(d("2026-11-23")),
            Some(d("2026-11-24")),
            Some(d("0001-01-01")),
            Some(Date::MIN),
            Some(Date::MAX),
        ];
        let mut seed = 7_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let all: Vec<ClientSummary> = (0..600)
            .map(|id| ClientSummary {
                id,
                name: names[next(names.len())].into(),
                stage: Stage::ALL[next(Stage::ALL.len())],
                next_contact: dates[next(dates.len())],
                case_review: dates[next(dates.len())],
                crisis: next(3) == 0,
                risk_level: RiskLevel::Low,
                earliest_open_due: dates[next(dates.len())],
                archived: next(4) == 0,
            })
            .collect();
        for sort in [SortBy::Urgency, SortBy::Name, SortBy::Stage] {
            let mut expected = all.clone();
            expected.sort_by(|a, b| sort.compare(a, b));
            let got = view(&all, "", sort, d("2026-11-23"));
            assert_eq!(ids(&got), ids(&expected), "{sort:?}");
        }
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

    /// Not a test: what one key typed into the filter costs over 50,000
    /// clients. `cargo test --lib filter_cost -- --ignored --nocapture`
    /// (add `--release` for the figure that matters).
    #[test]
    #[ignore]
    fn filter_cost_at_50000_clients() {
        let today = d("2026-11-23");
        let first = [
            "Rosa", "Amara", "Yusuf", "Bea", "Zofia", "Cormac", "Ann", "Liam", "Noor",
        ];
        let last = [
            "Kowalczyk",
            "Varga",
            "Yilmaz",
            "Mbeki",
            "Rautio",
            "Eriksen",
            "Santos",
        ];
        let stages = [Stage::Assessment, Stage::Planning, Stage::Implementation];
        let all: Vec<ClientSummary> = (0..50_000_i64)
            .map(|i| {
                let name = format!(
                    "{} {} {i}",
                    first[(i * 7 % 9) as usize],
                    last[(i * 3 % 7) as usize]
                );
                let mut c = client(i, &name, stages[(i % 3) as usize], "2026-11-30");
                c.next_contact =
                    Some(today + chrono::Days::new((i % 90) as u64) - chrono::Days::new(30));
                c
            })
            .collect();
        let ms = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1e3;
        for q in ["", "a", "an", "ann", "zzz"] {
            let t = std::time::Instant::now();
            let n = view(&all, q, SortBy::Urgency, today).len();
            eprintln!("sorted per key {q:?}: {n} clients in {:.2} ms", ms(t));
        }
        let t = std::time::Instant::now();
        let mut ordered = Ordered::of(&all, SortBy::Urgency);
        eprintln!("ordered once (load, sort change): {:.2} ms", ms(t));
        for q in ["", "a", "an", "ann", "zzz"] {
            let t = std::time::Instant::now();
            let n = ordered.view(&all, q, today).len();
            eprintln!("per key {q:?}: {n} clients in {:.2} ms", ms(t));
        }
    }
}
