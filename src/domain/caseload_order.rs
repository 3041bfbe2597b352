//! The caseload in one order, ready for the filter: every key typed into
//! it must answer within a frame at 50,000 clients.

use super::Date;
use super::caseload::{SortBy, Word, filter_words, narrows};
use super::client::ClientSummary;

/// How many narrowed lists are kept for going back with Backspace. Each is
/// at most four bytes a client; older ones are walked again if needed.
const KEEP: usize = 24;

/// A narrowed list searched over fewer clients than this share of the
/// whole is checked name by name; over more, each new word is searched for
/// once in all the names together.
const NAME_BY_NAME_BELOW: usize = 8;

/// A roster put in one order once, each name lowercased once: a key typed
/// into the filter then only walks it, keeping the matches in order. Built
/// again when the roster or the order changes, not per key (sorting
/// 50,000 clients for every letter typed cost more than a frame).
///
/// The lists each filter gave are kept while the filter grows: a longer
/// filter narrows the last list instead of walking everyone, and Backspace
/// finds the list it goes back to already made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ordered {
    sort: SortBy,
    /// Indexes into the roster, in order.
    order: Vec<u32>,
    /// Every name lowercased, in order, each followed by a newline. A typed
    /// word holds no whitespace, so a match found in this one string lies
    /// within one name: one search answers for all of them.
    names: String,
    /// Where each name starts in `names`, by position in `order`; then
    /// where the last one ends.
    starts: Vec<usize>,
    /// Filters already answered, each list narrower than the one below.
    kept: Vec<Kept>,
}

#[derive(Debug, Clone, PartialEq)]
struct Kept {
    words: Vec<String>,
    /// `overdue` depends on the day.
    today: Date,
    /// Positions in `order` of the clients that match `words`.
    shown: Vec<u32>,
}

impl Ordered {
    pub fn of(all: &[ClientSummary], sort: SortBy) -> Ordered {
        let lower: Vec<String> = all.iter().map(|c| c.name.to_lowercase()).collect();
        // Everything before the name packed into one number per client, so
        // most comparisons are one integer compare on a contiguous array
        // (comparing the clients themselves cost 120 ms at 50,000).
        let mut keyed: Vec<(u64, usize)> = all
            .iter()
            .enumerate()
            .map(|(i, c)| (sort.head(c), i))
            .collect();
        keyed.sort_unstable_by(|&(ka, a), &(kb, b)| {
            ka.cmp(&kb)
                .then_with(|| lower[a].cmp(&lower[b]))
                .then_with(|| all[a].id.cmp(&all[b].id))
        });
        let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut names = String::with_capacity(lower.iter().map(|n| n.len() + 1).sum());
        let mut starts = Vec::with_capacity(order.len() + 1);
        for &i in &order {
            starts.push(names.len());
            names.push_str(&lower[i]);
            names.push('\n');
        }
        starts.push(names.len());
        Ordered {
            sort,
            order: order.into_iter().map(|i| i as u32).collect(),
            names,
            starts,
            kept: Vec::new(),
        }
    }

    /// Is this the order of `all` by `sort`? (Only its length is looked
    /// at: whoever changes the roster builds it again.)
    pub fn fits(&self, all: &[ClientSummary], sort: SortBy) -> bool {
        self.sort == sort && self.order.len() == all.len()
    }

    /// The roster indexes of the clients of `all` (the roster this was
    /// built from) that match `filter`, in order.
    pub fn view(&mut self, all: &[ClientSummary], filter: &str, today: Date) -> Vec<u32> {
        let words = filter_words(filter);
        if words.is_empty() {
            return self.order.clone();
        }
        while self
            .kept
            .last()
            .is_some_and(|k| k.today != today || !narrows(&words, &k.words))
        {
            self.kept.pop();
        }
        let shown = match self.kept.last() {
            Some(k) if k.words == words => &k.shown,
            _ => {
                let shown = self.narrow(all, &words, today);
                if self.kept.len() >= KEEP {
                    self.kept.remove(0);
                }
                self.kept.push(Kept {
                    words,
                    today,
                    shown,
                });
                match self.kept.last() {
                    Some(k) => &k.shown,
                    None => return Vec::new(),
                }
            }
        };
        shown
            .iter()
            .filter_map(|&p| self.order.get(p as usize).copied())
            .collect()
    }

    /// The positions matching `words`, found among the last kept list
    /// (which `words` narrows) or among everyone.
    fn narrow(&self, all: &[ClientSummary], words: &[String], today: Date) -> Vec<u32> {
        let (from, known): (Option<&[u32]>, &[String]) = match self.kept.last() {
            Some(k) => (Some(&k.shown), &k.words),
            None => (None, &[]),
        };
        // Words the kept list already matches need no looking at again.
        let fresh: Vec<Word<'_>> = words
            .iter()
            .filter(|w| !known.contains(w))
            .map(|w| Word::new(w))
            .collect();
        let many = from.is_none_or(|f| f.len() * NAME_BY_NAME_BELOW >= self.order.len());
        let hits: Vec<Option<Vec<bool>>> = fresh
            .iter()
            .map(|w| many.then(|| self.names_holding(w)))
            .collect();
        let keeps = |p: u32| {
            fresh.iter().zip(&hits).all(|(w, hits)| {
                let named = match hits {
                    Some(hits) => hits.get(p as usize).copied().unwrap_or(false),
                    None => self
                        .name(p)
                        .is_some_and(|n| w.finder.find(n.as_bytes()).is_some()),
                };
                named
                    || self
                        .order
                        .get(p as usize)
                        .and_then(|&i| all.get(i as usize))
                        .is_some_and(|c| w.matches_besides_name(c, today))
            })
        };
        match from {
            Some(from) => from.iter().copied().filter(|&p| keeps(p)).collect(),
            None => (0..self.order.len() as u32).filter(|&p| keeps(p)).collect(),
        }
    }

    /// The lowercased name at position `p`.
    fn name(&self, p: u32) -> Option<&str> {
        let p = p as usize;
        let (start, end) = (*self.starts.get(p)?, *self.starts.get(p + 1)?);
        self.names.get(start..end.saturating_sub(1))
    }

    /// By position: does the name hold `word`? One search through all the
    /// names together.
    fn names_holding(&self, word: &Word<'_>) -> Vec<bool> {
        let mut hits = vec![false; self.order.len()];
        let mut p = 0;
        for at in word.finder.find_iter(self.names.as_bytes()) {
            while self.starts.get(p + 1).is_some_and(|&next| next <= at) {
                p += 1;
            }
            if let Some(hit) = hits.get_mut(p) {
                *hit = true;
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;
    use crate::domain::caseload::matches;
    use crate::domain::client::RiskLevel;
    use proptest::prelude::*;

    fn today() -> Date {
        "2026-11-23".parse().expect("date")
    }

    /// Names from letters that differ by case and accent, and a few that
    /// lowercase to more than one character or by context (`İ`, `Σ`).
    fn name() -> impl Strategy<Value = String> {
        let letters = prop::sample::select(vec![
            'a', 'A', 'á', 'Á', 'n', 'N', 'ñ', 'e', 'É', 'i', 'İ', 's', 'σ', 'Σ', 'ß', 'o', 'Ö',
            ' ', '!', 'k', 'K',
        ]);
        prop::collection::vec(letters, 1..10).prop_map(|cs| cs.into_iter().collect())
    }

    fn client() -> impl Strategy<Value = (String, usize, bool, bool, usize, i64, i64)> {
        (
            name(),
            0..Stage::ALL.len(),
            any::<bool>(),
            prop::bool::weighted(0.2),
            0..3usize,
            -10..10i64,
            -10..10i64,
        )
    }

    fn roster(rows: Vec<(String, usize, bool, bool, usize, i64, i64)>) -> Vec<ClientSummary> {
        let day = |d: i64| today().checked_add_signed(chrono::Duration::days(d));
        rows.into_iter()
            .enumerate()
            .map(
                |(i, (name, stage, crisis, archived, risk, next, due))| ClientSummary {
                    id: i as i64 + 1,
                    name,
                    stage: Stage::ALL[stage],
                    next_contact: day(next),
                    case_review: None,
                    crisis,
                    risk_level: [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High][risk],
                    earliest_open_due: (due > 0).then(|| day(due)).flatten(),
                    archived,
                },
            )
            .collect()
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Type(String),
        /// At a place in the text (taken modulo its length + 1).
        Insert(usize, char),
        Backspace,
        Delete(usize),
        Clear,
        Sort,
        Archived,
        NextDay,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let typed = prop::sample::select(vec![
            "a", "n", "á", "Á", "N", "e", "é", "i", "s", "σ", "Σ", "ss", "ß", "o", "k", "K", " ",
            "!", "*", "crisi", "crisis", "s", "overdue", "archived", "high", "hig", "low", "plan",
            "impl", "as", "fu",
        ]);
        prop_oneof![
            6 => typed.prop_map(|s| Edit::Type(s.to_string())),
            1 => (any::<usize>(), prop::sample::select(vec!['a', 'n', ' ', 'ñ', 'S']))
                .prop_map(|(at, c)| Edit::Insert(at, c)),
            4 => Just(Edit::Backspace),
            1 => any::<usize>().prop_map(Edit::Delete),
            1 => Just(Edit::Clear),
            1 => Just(Edit::Sort),
            1 => Just(Edit::Archived),
            1 => Just(Edit::NextDay),
        ]
    }

    /// The whole walk, done the plain way: every client checked, then sorted.
    fn naive(all: &[ClientSummary], filter: &str, sort: SortBy, today: Date) -> Vec<i64> {
        let mut shown: Vec<&ClientSummary> =
            all.iter().filter(|c| matches(c, filter, today)).collect();
        shown.sort_by(|a, b| sort.compare(a, b));
        shown.iter().map(|c| c.id).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// After every edit, the list the kept narrowings give is exactly
        /// what checking everyone gives.
        #[test]
        fn each_edit_gives_what_the_whole_walk_gives(
            rows in prop::collection::vec(client(), 0..60),
            edits in prop::collection::vec(edit(), 1..40),
        ) {
            let everyone = roster(rows);
            let open: Vec<ClientSummary> =
                everyone.iter().filter(|c| !c.archived).cloned().collect();
            let (mut sort, mut show_archived, mut day) = (SortBy::Urgency, false, today());
            let mut text: Vec<char> = Vec::new();
            let mut ordered = Ordered::of(&open, sort);
            for e in edits {
                match &e {
                    Edit::Type(s) => text.extend(s.chars()),
                    Edit::Insert(at, c) => text.insert(at % (text.len() + 1), *c),
                    Edit::Backspace => {
                        text.pop();
                    }
                    Edit::Delete(at) => {
                        if !text.is_empty() {
                            text.remove(*at % text.len());
                        }
                    }
                    Edit::Clear => text.clear(),
                    Edit::Sort => sort = sort.next(),
                    Edit::Archived => show_archived = !show_archived,
                    Edit::NextDay => day = day.succ_opt().unwrap_or(day),
                }
                let all = if show_archived { &everyone } else { &open };
                // As the app does: built again when the roster or the order changes.
                if matches!(e, Edit::Archived) || !ordered.fits(all, sort) {
                    ordered = Ordered::of(all, sort);
                }
                let filter: String = text.iter().collect();
                let got: Vec<i64> = ordered
                    .view(all, &filter, day)
                    .into_iter()
                    .map(|i| all[i as usize].id)
                    .collect();
                prop_assert_eq!(got, naive(all, &filter, sort, day), "filter {:?}", filter);
            }
        }
    }

    /// The narrowing paths are taken: a long list is searched as one
    /// string, a short one name by name, and Backspace reuses a kept list.
    #[test]
    fn keeps_lists_while_the_filter_grows_and_reuses_them_going_back() {
        let rows: Vec<_> = (0..100)
            .map(|i| {
                let name = if i < 5 {
                    format!("Anna {i}")
                } else {
                    format!("Bo {i}")
                };
                (name, 3, false, false, 0, 1, 0)
            })
            .collect();
        let all = roster(rows);
        let mut ordered = Ordered::of(&all, SortBy::Name);
        assert_eq!(ordered.view(&all, "a", today()).len(), 5);
        assert_eq!(ordered.view(&all, "an", today()).len(), 5);
        assert_eq!(ordered.view(&all, "ann", today()).len(), 5);
        assert_eq!(ordered.kept.len(), 3, "each longer filter narrows the last");
        assert_eq!(ordered.view(&all, "an", today()).len(), 5);
        assert_eq!(ordered.kept.len(), 2, "Backspace goes back to a kept list");
        assert_eq!(ordered.view(&all, "b", today()).len(), 95);
        assert_eq!(
            ordered.kept.len(),
            1,
            "a filter that does not narrow starts again"
        );
        // `crisi` matches no one; `crisis` matches everyone in crisis, so
        // it must not narrow the list `crisi` left.
        assert_eq!(ordered.view(&all, "crisi", today()).len(), 0);
        let mut crisis = all.clone();
        crisis[7].crisis = true;
        let mut ordered = Ordered::of(&crisis, SortBy::Name);
        assert_eq!(ordered.view(&crisis, "crisi", today()).len(), 0);
        assert_eq!(ordered.view(&crisis, "crisis", today()).len(), 1);
    }
}
