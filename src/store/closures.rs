//! Why a case closed: one row each time it entered Termination or was
//! archived (see `domain::closure`).

use super::codec::{date, enum_key};
use super::error::Result;
use crate::domain::closure::{Closure, ClosureEvent, ClosureReason};
use rusqlite::{Connection, params};

pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Closure>> {
    let mut stmt = conn.prepare_cached(
        "SELECT closed_on, event, reason, note FROM closures WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        <(String, String, String, Option<String>)>::try_from(r)
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (on, event, reason, note) = row?;
        out.push(Closure {
            closed_on: date(&on)?,
            event: enum_key(&event, "closure event", ClosureEvent::from_key)?,
            reason: enum_key(&reason, "closure reason", ClosureReason::from_key)?,
            note,
        });
    }
    Ok(out)
}

/// Add a closing; returns its row id.
pub fn insert(conn: &Connection, client_id: i64, c: &Closure) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO closures (client_id, closed_on, event, reason, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        client_id,
        c.closed_on.to_string(),
        c.event.key(),
        c.reason.key(),
        c.note
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The audit detail for a closing: the reason and its words.
pub fn detail(c: &Closure) -> String {
    match &c.note {
        Some(n) => format!("{} {}: {}: {n}", c.event.key(), c.closed_on, c.reason.key()),
        None => format!("{} {}: {}", c.event.key(), c.closed_on, c.reason.key()),
    }
}
