//! The agenda as schema v13 keeps it: every open dated item of the clients
//! not archived, in the `open_items` table, ordered by an index on (due,
//! crisis first, name). Read a range at a time, so Today and the workload
//! cost the same on any caseload. Which item goes where within one day is
//! still the domain's to decide (see `domain::agenda::TiedRow`).

use super::agenda::{DUE_ITEMS_SQL, source_from_key};
use super::codec::{col_enum, col_opt_date};
use super::error::Result;
use crate::domain::Date;
use crate::domain::agenda::{DueSource, TiedRow};
use rusqlite::{Connection, OptionalExtension, params};

/// More items than any day of any real caseload holds: a count planted in
/// the file above it is taken as this, so the sums and the positions drawn
/// from them never overflow.
const MOST_IN_A_DAY: usize = 1 << 32;

/// How many kept items fall on each day up to `until`, crisis and calm
/// apart, in the agenda's order: ((day, crisis), count). A few hundred
/// rows of schema v13's day counts, however many items there are.
pub fn days(conn: &Connection, until: Date) -> Result<Vec<((Date, bool), usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT due, calm, n FROM open_item_days WHERE due <= ?1 ORDER BY due, calm",
    )?;
    let rows = stmt.query_map([until.to_string()], |r| {
        let due = col_opt_date(r, 0)?.ok_or(rusqlite::Error::InvalidColumnType(
            0,
            "due".into(),
            rusqlite::types::Type::Null,
        ))?;
        let calm: i64 = r.get(1)?;
        let n: i64 = r.get(2)?;
        let n = usize::try_from(n).unwrap_or(0).min(MOST_IN_A_DAY);
        Ok(((due, calm == 0), n))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many kept items fall before `today`, on it, and after it up to
/// `until`, from the day counts.
pub fn counts(conn: &Connection, today: Date, until: Date) -> Result<[usize; 3]> {
    let mut n = [0_usize; 3];
    for ((due, _), count) in days(conn, until)? {
        let group = &mut n[usize::from(due >= today) + usize::from(due > today)];
        *group = group.saturating_add(count);
    }
    Ok(n)
}

/// Where a read of the kept items starts: at the items of one day and
/// crisis flag, or just past them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    At(Date, bool),
    Past(Date, bool),
}

/// The name is the client's own, not the kept copy: a row planted in the
/// kept agenda can then never show one client's name and open another.
const ROW_COLUMNS: &str = "o.client_id, c.name, o.calm, o.source, o.ref, o.due";
const ROW_FROM: &str = "open_items o JOIN clients c ON c.id = o.client_id";

fn tied_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TiedRow> {
    let calm: i64 = r.get(2)?;
    Ok(TiedRow {
        client_id: r.get(0)?,
        name: r.get(1)?,
        crisis: calm == 0,
        source: col_enum(r, 3, "due source", source_from_key)?,
        ref_id: r.get(4)?,
        // The column is NOT NULL; an unreadable date is an error.
        due: col_opt_date(r, 5)?.ok_or(rusqlite::Error::InvalidColumnType(
            5,
            "due".into(),
            rusqlite::types::Type::Null,
        ))?,
    })
}

/// Kept items due on or before `until`, whole days-and-crisis groups at a
/// time, in the index's order: forward from `from`, or backward from it
/// when `forward` is false. Stops at the
/// first group that ends with at least `at_least` rows read. Rows within a
/// group are in no particular order.
pub fn groups(
    conn: &Connection,
    from: ReadFrom,
    forward: bool,
    until: Date,
    at_least: usize,
) -> Result<Vec<TiedRow>> {
    let (due, calm) = match from {
        ReadFrom::At(d, crisis) | ReadFrom::Past(d, crisis) => (d.to_string(), i64::from(!crisis)),
    };
    let inclusive = !matches!(from, ReadFrom::Past(..));
    let sql = match (forward, inclusive) {
        (true, true) => format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
              WHERE (o.due, o.calm) >= (?1, ?2) AND o.due <= ?3 ORDER BY o.due, o.calm"
        ),
        (true, false) => format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
              WHERE (o.due, o.calm) > (?1, ?2) AND o.due <= ?3 ORDER BY o.due, o.calm"
        ),
        (false, true) => format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
              WHERE (o.due, o.calm) <= (?1, ?2) AND o.due <= ?3
              ORDER BY o.due DESC, o.calm DESC"
        ),
        (false, false) => format!(
            "SELECT {ROW_COLUMNS} FROM {ROW_FROM}
              WHERE (o.due, o.calm) < (?1, ?2) AND o.due <= ?3
              ORDER BY o.due DESC, o.calm DESC"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![due, calm, until.to_string()])?;
    let mut out: Vec<TiedRow> = Vec::new();
    while let Some(r) = rows.next()? {
        let row = tied_row(r)?;
        if out.len() >= at_least && out.last().map(TiedRow::group) != Some(row.group()) {
            break;
        }
        out.push(row);
    }
    Ok(out)
}

/// What each item is about (a goal's words, a step's description, a
/// check-in's note; empty for next contacts and reviews), read for the
/// rows about to be shown only.
pub fn words(conn: &Connection, rows: &[TiedRow]) -> Result<Vec<String>> {
    let mut goal = conn.prepare_cached("SELECT client_words FROM goals WHERE id = ?1")?;
    let mut step = conn.prepare_cached("SELECT description FROM plan_steps WHERE id = ?1")?;
    let mut followup =
        conn.prepare_cached("SELECT coalesce(note, '') FROM followups WHERE id = ?1")?;
    rows.iter()
        .map(|row| {
            let stmt = match row.source {
                DueSource::NextContact | DueSource::CaseReview => return Ok(String::new()),
                DueSource::Goal => &mut goal,
                DueSource::PlanStep => &mut step,
                DueSource::FollowUp => &mut followup,
            };
            Ok(stmt
                .query_row([row.ref_id], |r| r.get::<_, String>(0))
                .optional()?
                .unwrap_or_default())
        })
        .collect()
}

/// Kept rows that are not what the agenda's own query gives, rows it
/// gives that are not kept, as ('kept' or 'missing', client, source, ref,
/// due), and day counts that are not the kept rows' own, as ('day', count,
/// '', calm, due): only a write from outside casework's triggers can make
/// them differ.
pub const DRIFT_SQL: &str = "SELECT 'kept', client_id, source, ref, due FROM (
        SELECT client_id, source, ref, due, calm, name FROM open_items
        EXCEPT SELECT id, source, ref, due, 1 - crisis, name FROM worked_out)
    UNION ALL
    SELECT 'missing', id, source, ref, due FROM (
        SELECT id, source, ref, due, 1 - crisis, name FROM worked_out
        EXCEPT SELECT client_id, source, ref, due, calm, name FROM open_items)
    UNION ALL
    SELECT 'day', n, '', calm, due FROM (
        SELECT due, calm, n FROM open_item_days
        EXCEPT SELECT due, calm, count(*) FROM open_items GROUP BY due, calm)
    UNION ALL
    SELECT 'day', n, '', calm, due FROM (
        SELECT due, calm, count(*) AS n FROM open_items GROUP BY due, calm
        EXCEPT SELECT due, calm, n FROM open_item_days)
    ORDER BY 1, 5, 2, 3, 4";

/// `DRIFT_SQL` with the agenda's query as `worked_out`, every date.
pub fn drift_sql() -> String {
    let worked_out = DUE_ITEMS_SQL
        .replace("x.due <= ?1", "x.due <= '9999-12-31'")
        .replace(
            "SELECT c.id, c.name, c.crisis, x.source, x.what, x.due, x.followup, x.ref",
            "SELECT c.id, c.name, c.crisis, x.source, x.due, x.ref",
        );
    format!("WITH worked_out AS ({worked_out}) {DRIFT_SQL}")
}

/// One difference `drift_sql` finds: (kind, client or count, source, ref
/// or calm, due).
pub type Drift = (String, i64, String, i64, String);

/// The differences found by `drift_sql`.
pub fn drift(conn: &Connection) -> Result<Vec<Drift>> {
    let mut stmt = conn.prepare(&drift_sql())?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
