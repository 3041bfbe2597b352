//! The day's agenda: everything overdue or due soon, across the caseload.
//! Pure: the store hands over the raw due items, this decides where each goes.

use super::Date;
use chrono::Duration;

/// Where a due date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueSource {
    NextContact,
    CaseReview,
    Goal,
    PlanStep,
    FollowUp,
}

impl DueSource {
    pub fn label(self) -> &'static str {
        match self {
            DueSource::NextContact => "Next contact",
            DueSource::CaseReview => "Case review",
            DueSource::Goal => "Goal due",
            DueSource::PlanStep => "Plan step",
            DueSource::FollowUp => "Follow-up check-in",
        }
    }
}

/// One dated thing to do for one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub client_id: i64,
    pub client_name: String,
    pub crisis: bool,
    pub source: DueSource,
    /// What it is about (a goal's words, a step's description); may be empty.
    pub what: String,
    pub due: Date,
    /// The follow-up check-in it is, for holding, moving or cancelling it
    /// from the list (`None` for other sources).
    pub followup_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Overdue,
    Today,
    ThisWeek,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Overdue, Group::Today, Group::ThisWeek];

    pub fn title(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue",
            Group::Today => "Today",
            Group::ThisWeek => "This week",
        }
    }
}

/// How far ahead "this week" looks, in days after today.
pub const HORIZON_DAYS: i64 = 7;

/// The agenda, grouped. Each group is in date order, oldest first, so the
/// most overdue thing is at the top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    pub overdue: Vec<DueItem>,
    pub today: Vec<DueItem>,
    pub this_week: Vec<DueItem>,
}

impl Agenda {
    /// Sort `items` into groups around `today`; anything later than the
    /// horizon is left out.
    pub fn build(items: impl IntoIterator<Item = DueItem>, today: Date) -> Agenda {
        let last = today + Duration::days(HORIZON_DAYS);
        let mut a = Agenda::default();
        for item in items {
            if item.due < today {
                a.overdue.push(item);
            } else if item.due == today {
                a.today.push(item);
            } else if item.due <= last {
                a.this_week.push(item);
            }
        }
        for g in [&mut a.overdue, &mut a.today, &mut a.this_week] {
            // Same day: crisis clients first, then by name, then by source.
            // Each name is lowercased once, not at every comparison (tens
            // of thousands of items on a large caseload).
            g.sort_by_cached_key(|x| {
                (
                    x.due,
                    !x.crisis,
                    x.client_name.to_lowercase(),
                    x.client_id,
                    x.source,
                )
            });
        }
        a
    }

    pub fn group(&self, g: Group) -> &[DueItem] {
        match g {
            Group::Overdue => &self.overdue,
            Group::Today => &self.today,
            Group::ThisWeek => &self.this_week,
        }
    }

    pub fn len(&self) -> usize {
        self.overdue.len() + self.today.len() + self.this_week.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every item in display order: overdue, today, this week.
    pub fn items(&self) -> impl Iterator<Item = &DueItem> {
        self.overdue
            .iter()
            .chain(&self.today)
            .chain(&self.this_week)
    }

    /// The `i`th item in display order.
    pub fn get(&self, i: usize) -> Option<&DueItem> {
        self.items().nth(i)
    }
}

/// An item as schema v13's kept agenda gives it: the words it is about
/// are read only for the rows about to be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TiedRow {
    pub client_id: i64,
    pub name: String,
    pub crisis: bool,
    pub source: DueSource,
    /// The id of the row its date lives in.
    pub ref_id: i64,
    pub due: Date,
}

/// The order key of `Agenda::build`, with the row's id last, so that no
/// two items tie (the agenda's own query gives tied items in that order).
pub type OrderKey = (Date, bool, String, i64, DueSource, i64);

impl TiedRow {
    /// The rows the store can order: one day, crisis or not. Within it the
    /// order is by name as the app lowercases it, which SQLite cannot do.
    pub fn group(&self) -> (Date, bool) {
        (self.due, self.crisis)
    }

    pub fn key(&self) -> OrderKey {
        (
            self.due,
            !self.crisis,
            self.client_name_key(),
            self.client_id,
            self.source,
            self.ref_id,
        )
    }

    fn client_name_key(&self) -> String {
        self.name.to_lowercase()
    }

    pub fn into_item(self, what: String) -> DueItem {
        DueItem {
            followup_id: (self.source == DueSource::FollowUp).then_some(self.ref_id),
            client_id: self.client_id,
            client_name: self.name,
            crisis: self.crisis,
            source: self.source,
            what,
            due: self.due,
        }
    }
}

/// Rows read whole groups at a time (see `TiedRow::group`), put in the
/// agenda's order.
pub fn in_order(rows: &mut [TiedRow]) {
    rows.sort_by_cached_key(TiedRow::key);
}

/// How many items each group of the agenda holds, in `Group::ALL` order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts(pub [usize; 3]);

impl Counts {
    pub fn of(g: Group) -> usize {
        match g {
            Group::Overdue => 0,
            Group::Today => 1,
            Group::ThisWeek => 2,
        }
    }

    pub fn get(&self, g: Group) -> usize {
        self.0[Counts::of(g)]
    }

    pub fn len(&self) -> usize {
        self.0.iter().fold(0, |a, n| a.saturating_add(*n))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// "3 days overdue", "today", "in 2 days": how a due date reads from today.
pub fn relative(due: Date, today: Date) -> String {
    let days = (due - today).num_days();
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "1 day overdue".into(),
        d if d < 0 => format!("{} days overdue", -d),
        d => format!("in {d} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn item(id: i64, name: &str, source: DueSource, due: &str) -> DueItem {
        DueItem {
            client_id: id,
            client_name: name.into(),
            crisis: false,
            source,
            what: String::new(),
            due: d(due),
            followup_id: None,
        }
    }

    #[test]
    fn every_source_lands_in_its_group_by_date() {
        let today = d("2026-11-23");
        let items = vec![
            item(1, "Ana", DueSource::NextContact, "2026-11-20"),
            item(2, "Ben", DueSource::CaseReview, "2026-11-23"),
            item(3, "Cy", DueSource::Goal, "2026-11-30"),
            item(4, "Dee", DueSource::PlanStep, "2026-11-01"),
            item(5, "Eve", DueSource::FollowUp, "2026-11-24"),
            // The eighth day is beyond the week; kept out.
            item(6, "Fay", DueSource::FollowUp, "2026-12-01"),
        ];
        let a = Agenda::build(items, today);
        let ids = |g: &[DueItem]| g.iter().map(|i| i.client_id).collect::<Vec<_>>();
        assert_eq!(ids(&a.overdue), vec![4, 1], "most overdue first");
        assert_eq!(ids(&a.today), vec![2]);
        assert_eq!(ids(&a.this_week), vec![5, 3]);
        assert_eq!(a.len(), 5);
        assert_eq!(a.get(2).map(|i| i.client_id), Some(2));
        assert_eq!(a.get(5), None);
    }

    #[test]
    fn same_day_puts_crisis_first_then_name() {
        let today = d("2026-11-23");
        let mut calm = item(1, "Ana", DueSource::NextContact, "2026-11-23");
        calm.crisis = false;
        let mut urgent = item(2, "Zed", DueSource::NextContact, "2026-11-23");
        urgent.crisis = true;
        let other = item(3, "Bo", DueSource::Goal, "2026-11-23");
        let a = Agenda::build(vec![calm, other, urgent], today);
        let ids: Vec<i64> = a.today.iter().map(|i| i.client_id).collect();
        assert_eq!(ids, vec![2, 1, 3]);
    }

    #[test]
    fn nothing_due_is_an_empty_agenda() {
        let a = Agenda::build(Vec::new(), d("2026-11-23"));
        assert!(a.is_empty());
    }

    #[test]
    fn relative_wording() {
        let t = d("2026-11-23");
        assert_eq!(relative(d("2026-11-20"), t), "3 days overdue");
        assert_eq!(relative(d("2026-11-22"), t), "1 day overdue");
        assert_eq!(relative(t, t), "today");
        assert_eq!(relative(d("2026-11-24"), t), "tomorrow");
        assert_eq!(relative(d("2026-11-27"), t), "in 4 days");
    }
}
