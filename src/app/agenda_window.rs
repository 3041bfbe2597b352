//! The part of the agenda Today shows: the count of each group, and the
//! items around the cursor, read from schema v13's kept agenda as the
//! cursor moves. On a caseload of any size, opening Today and moving in it
//! reads a few hundred rows, not every open item.

use crate::domain::Date;
use crate::domain::agenda::{
    Agenda, Counts, DueItem, Group, HORIZON_DAYS, OrderKey, TiedRow, in_order,
};
use crate::store::Store;
use crate::store::open_items::{self, ReadFrom};
use chrono::Duration;

/// Items that must be read on each side of the cursor: more than a screen
/// of the tallest terminal, so drawing always finds what it shows.
pub const MARGIN: usize = 150;
/// Items read at a time when the cursor nears the end of what is read.
const CHUNK: usize = 200;
/// Items kept on each side of the cursor; farther ones are let go.
const KEEP: usize = MARGIN + 2 * CHUNK;

/// Today's agenda as far as it is read: every group's count, and the
/// items from position `start` on, in the agenda's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaWindow {
    pub counts: Counts,
    /// How many items fall on each day, crisis and calm apart, in order:
    /// where the group of any position starts.
    days: Vec<((Date, bool), usize)>,
    today: Date,
    start: usize,
    items: Vec<(DueItem, OrderKey)>,
    /// The file's `data_version` the counts were read at: the rows read
    /// later must come from the same records, or positions and rows would
    /// disagree (an item out of reach, blank rows) after another session
    /// writes.
    version: i64,
}

impl AgendaWindow {
    /// The counts as of `today`, and the items around `cursor`.
    /// The counts and the rows are read in one snapshot.
    pub fn open(store: &Store, today: Date, cursor: usize) -> crate::store::Result<AgendaWindow> {
        store.read(|| Self::open_now(store, today, cursor))
    }

    fn open_now(store: &Store, today: Date, cursor: usize) -> crate::store::Result<AgendaWindow> {
        let version = store.data_version()?;
        let until = today + Duration::days(HORIZON_DAYS);
        let days = open_items::days(store.conn(), until)?;
        let mut counts = [0_usize; 3];
        for ((due, _), n) in &days {
            let group = &mut counts[usize::from(*due >= today) + usize::from(*due > today)];
            // A count planted in the file must not overflow.
            *group = group.saturating_add(*n);
        }
        let mut w = AgendaWindow {
            counts: Counts(counts),
            days,
            today,
            start: 0,
            items: Vec::new(),
            version,
        };
        w.show_now(store, cursor)?;
        Ok(w)
    }

    /// A whole agenda worked out in memory as one window with nothing left
    /// to read: what Today showed before v13, to compare screens with.
    /// Moving it with `show` is not meant (it has no keys to read on from).
    pub fn whole(agenda: &Agenda, today: Date) -> AgendaWindow {
        let counts = Counts(Group::ALL.map(|g| agenda.group(g).len()));
        let items = agenda
            .items()
            .map(|i| {
                let key = (i.due, !i.crisis, String::new(), i.client_id, i.source, 0);
                (i.clone(), key)
            })
            .collect();
        AgendaWindow {
            counts,
            days: Vec::new(),
            today,
            start: 0,
            items,
            version: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The item at `index` in display order, if it has been read (every
    /// item within `MARGIN` of the cursor has).
    pub fn get(&self, index: usize) -> Option<&DueItem> {
        let i = index.checked_sub(self.start)?;
        self.items.get(i).map(|(item, _)| item)
    }

    fn until(&self) -> Date {
        self.today + Duration::days(HORIZON_DAYS)
    }

    fn end(&self) -> usize {
        self.start + self.items.len()
    }

    /// Read what is missing within `MARGIN` of `cursor`, and let go of
    /// what is far from it. If another session has written since the
    /// counts were read, everything is read again (counts and rows in one
    /// snapshot), so what is shown always adds up.
    pub fn show(&mut self, store: &Store, cursor: usize) -> crate::store::Result<()> {
        store.read(|| {
            if store.data_version()? != self.version {
                *self = Self::open_now(store, self.today, cursor)?;
                return Ok(());
            }
            self.show_now(store, cursor)
        })
    }

    fn show_now(&mut self, store: &Store, cursor: usize) -> crate::store::Result<()> {
        let len = self.len();
        if len == 0 {
            self.items.clear();
            self.start = 0;
            return Ok(());
        }
        let cursor = cursor.min(len - 1);
        let want = (
            cursor.saturating_sub(MARGIN),
            cursor.saturating_add(MARGIN + 1).min(len),
        );
        if self.items.is_empty() || want.1 <= self.start || want.0 >= self.end() {
            self.seek(store, cursor)?;
        }
        while self.end() < want.1 {
            if !self.read_on(store)? {
                break;
            }
        }
        while self.start > want.0 {
            if !self.read_back(store)? {
                break;
            }
        }
        let keep_from = cursor.saturating_sub(KEEP);
        if keep_from > self.start {
            self.items.drain(..keep_from - self.start);
            self.start = keep_from;
        }
        let keep_to = cursor.saturating_add(KEEP + 1);
        if self.end() > keep_to {
            self.items.truncate(keep_to.saturating_sub(self.start));
        }
        Ok(())
    }

    /// Read the items of the group at `position` afresh, wherever it is.
    fn seek(&mut self, store: &Store, position: usize) -> crate::store::Result<()> {
        self.items.clear();
        let until = self.until();
        let Some(((due, crisis), before)) = self.group_at(position) else {
            self.start = 0;
            return Ok(());
        };
        let mut rows = open_items::groups(
            store.conn(),
            ReadFrom::At(due, crisis),
            true,
            until,
            (position - before.min(position)) + 1,
        )?;
        in_order(&mut rows);
        // Only the rows near `position`, so no more words are read than shown.
        let skip = position.saturating_sub(before).saturating_sub(MARGIN);
        let take = (position - before.min(position)) + MARGIN + 1 - skip;
        let rows: Vec<TiedRow> = rows.into_iter().skip(skip).take(take).collect();
        self.start = before + skip;
        self.items = with_words(store, rows)?;
        Ok(())
    }

    /// The day and crisis flag of the item at `position`, and how many
    /// items come before that group.
    fn group_at(&self, position: usize) -> Option<((Date, bool), usize)> {
        let mut before = 0;
        for (group, n) in &self.days {
            if position < before + n {
                return Some((*group, before));
            }
            before += n;
        }
        None
    }

    /// Read up to `CHUNK` items after the last one read. False at the end.
    fn read_on(&mut self, store: &Store) -> crate::store::Result<bool> {
        let Some((last, key)) = self.items.last() else {
            return Ok(false);
        };
        let (from, key) = (ReadFrom::At(last.due, last.crisis), key.clone());
        let mut rows = self.read(store, from, true)?;
        rows.retain(|r| r.key() > key);
        in_order(&mut rows);
        rows.truncate(CHUNK);
        if rows.is_empty() {
            return Ok(false);
        }
        let more = with_words(store, rows)?;
        self.items.extend(more);
        Ok(true)
    }

    /// Read up to `CHUNK` items before the first one read. False at the top.
    fn read_back(&mut self, store: &Store) -> crate::store::Result<bool> {
        let Some((first, key)) = self.items.first() else {
            return Ok(false);
        };
        let (from, key) = (ReadFrom::At(first.due, first.crisis), key.clone());
        let mut rows = self.read(store, from, false)?;
        rows.retain(|r| r.key() < key);
        in_order(&mut rows);
        let drop = rows.len().saturating_sub(CHUNK);
        let rows: Vec<TiedRow> = rows.into_iter().skip(drop).collect();
        if rows.is_empty() {
            return Ok(false);
        }
        let n = rows.len();
        let mut more = with_words(store, rows)?;
        more.append(&mut self.items);
        self.items = more;
        self.start = self.start.saturating_sub(n);
        Ok(true)
    }

    /// The whole group at `from`, then whole groups beyond it (back, when
    /// not `forward`) to give at least `CHUNK` more items where there are.
    fn read(
        &self,
        store: &Store,
        from: ReadFrom,
        forward: bool,
    ) -> crate::store::Result<Vec<TiedRow>> {
        let until = self.until();
        let mut rows = open_items::groups(store.conn(), from, forward, until, 1)?;
        // The group of `key` itself, then whole groups beyond it.
        if let Some(last) = rows.last() {
            let past = ReadFrom::Past(last.due, last.crisis);
            rows.extend(open_items::groups(
                store.conn(),
                past,
                forward,
                until,
                CHUNK,
            )?);
        }
        Ok(rows)
    }
}

/// Rows made into items, with the words each is about.
fn with_words(store: &Store, rows: Vec<TiedRow>) -> crate::store::Result<Vec<(DueItem, OrderKey)>> {
    let words = open_items::words(store.conn(), &rows)?;
    Ok(rows
        .into_iter()
        .zip(words)
        .map(|(row, what)| {
            let key = row.key();
            (row.into_item(what), key)
        })
        .collect())
}
