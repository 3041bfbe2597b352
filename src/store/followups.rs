//! Follow-up check-ins scheduled at termination. Open ones are due items:
//! the caseload's urgency order already reads them.

use super::codec::{date, date_text, opt_date};
use super::error::Result;
use crate::domain::Date;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Followup {
    pub id: i64,
    pub due: Date,
    pub done_on: Option<Date>,
    pub note: Option<String>,
}

pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Followup>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, due, done_on, note FROM followups WHERE client_id = ?1 ORDER BY due, id",
    )?;
    let rows = stmt.query_map([client_id], |r| <(i64, String, _, _)>::try_from(r))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, due, done_on, note) = row?;
        out.push(Followup {
            id,
            due: date(&due)?,
            done_on: opt_date(done_on)?,
            note,
        });
    }
    Ok(out)
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

/// Drop check-ins not yet held (the case went back to active work). Held
/// ones stay: they happened. Returns how many were dropped.
pub fn cancel_pending(conn: &Connection, client_id: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM followups WHERE client_id = ?1 AND done_on IS NULL")?
        .execute([client_id])?)
}
