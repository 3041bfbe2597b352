//! Follow-up check-ins scheduled at termination. Open ones (neither held
//! nor cancelled) are due items: the caseload's urgency order and the
//! agenda read them.

use super::codec::{date, date_text, opt_date};
use super::error::Result;
use crate::domain::Date;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Followup {
    pub id: i64,
    pub due: Date,
    /// Held on this day; `note` says how it went.
    pub done_on: Option<Date>,
    pub note: Option<String>,
    /// Cancelled on this day, for `cancel_reason`.
    pub cancelled_on: Option<Date>,
    pub cancel_reason: Option<String>,
}

impl Followup {
    /// Still to happen: neither held nor cancelled.
    pub fn is_open(&self) -> bool {
        self.done_on.is_none() && self.cancelled_on.is_none()
    }
}

const COLUMNS: &str = "id, due, done_on, note, cancelled_on, cancel_reason";

/// A row as read, before its dates are parsed.
type Raw = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn build((id, due, done_on, note, cancelled_on, cancel_reason): Raw) -> Result<Followup> {
    Ok(Followup {
        id,
        due: date(&due)?,
        done_on: opt_date(done_on)?,
        note,
        cancelled_on: opt_date(cancelled_on)?,
        cancel_reason,
    })
}

pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Followup>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM followups WHERE client_id = ?1 ORDER BY due, id"
    ))?;
    let rows = stmt.query_map([client_id], read)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(build(row?)?);
    }
    Ok(out)
}

/// One check-in and its client, if it exists.
pub fn get(conn: &Connection, id: i64) -> Result<Option<(i64, Followup)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, client_id FROM followups WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => {
            let client_id: i64 = r.get(6)?;
            Ok(Some((client_id, build(read(r)?)?)))
        }
        None => Ok(None),
    }
}

pub fn insert(
    conn: &Connection,
    client_id: i64,
    due: Date,
    done_on: Option<Date>,
    note: Option<&str>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO followups (client_id, due, done_on, note) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        client_id,
        due.to_string(),
        date_text(done_on),
        note
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Set a check-in's cancellation (from an import: as exported).
pub fn set_cancelled(conn: &Connection, id: i64, on: Date, reason: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE followups SET cancelled_on = ?2, cancel_reason = ?3 WHERE id = ?1",
    )?
    .execute(params![id, on.to_string(), reason])?;
    Ok(())
}

/// Cancel the check-ins still to happen (the case went back to active
/// work), keeping them on record with `reason`. Held ones stay as they
/// are: they happened. Returns how many were cancelled.
pub fn cancel_pending(conn: &Connection, client_id: i64, on: Date, reason: &str) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE followups SET cancelled_on = ?2, cancel_reason = ?3
             WHERE client_id = ?1 AND done_on IS NULL AND cancelled_on IS NULL",
        )?
        .execute(params![client_id, on.to_string(), reason])?)
}

pub fn set_held(conn: &Connection, id: i64, on: Date, note: Option<&str>) -> Result<()> {
    conn.prepare_cached("UPDATE followups SET done_on = ?2, note = ?3 WHERE id = ?1")?
        .execute(params![id, on.to_string(), note])?;
    Ok(())
}

pub fn set_due(conn: &Connection, id: i64, due: Date) -> Result<()> {
    conn.prepare_cached("UPDATE followups SET due = ?2 WHERE id = ?1")?
        .execute(params![id, due.to_string()])?;
    Ok(())
}
