//! Measure responses: saved once, with their audit row, in one
//! transaction; corrected by being entered in error, never edited.

use super::Store;
use super::audit::{self, AuditEntry};
use super::codec::{self, date};
use super::error::{Result, StoreError};
use crate::domain::measure::{Instrument, Response};
use crate::domain::{Date, InError};
use rusqlite::{Connection, params};

/// A client's measures, oldest first (by the day taken, then as saved).
pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Response>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, instrument, taken_on, items, total, band, flags,
            recorded_by, created_at, error_at, error_by, error_reason
         FROM measures WHERE client_id = ?1 ORDER BY taken_on, id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            <(i64, i64, String, String, String, i64, String, String)>::try_from(r)?,
            (
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                super::goals::in_error(r, 10)?,
            ),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, client_id, instrument, on, items, total, band, flags), (by, at, error)) = row?;
        let bad = |what: &str| StoreError::Rule(format!("measure {id}: its {what} cannot be read"));
        out.push(Response {
            id,
            client_id,
            instrument,
            taken_on: date(&on)?,
            items: serde_json::from_str(&items).map_err(|_| bad("items"))?,
            total: u32::try_from(total).map_err(|_| bad("total"))?,
            band,
            flags: serde_json::from_str(&flags).map_err(|_| bad("flags"))?,
            recorded_by: by,
            created_at: at,
            error,
        });
    }
    Ok(out)
}

/// Write one response as it is (for a new save and for import).
pub fn insert(conn: &Connection, r: &Response, at: &str) -> Result<i64> {
    let items = serde_json::to_string(&r.items).map_err(|e| StoreError::Rule(e.to_string()))?;
    let flags = serde_json::to_string(&r.flags).map_err(|e| StoreError::Rule(e.to_string()))?;
    let created = if r.created_at.is_empty() {
        at
    } else {
        &r.created_at
    };
    conn.prepare_cached(
        "INSERT INTO measures (client_id, instrument, taken_on, items, total, band, flags,
            recorded_by, created_at, error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        r.client_id,
        r.instrument,
        r.taken_on.to_string(),
        items,
        r.total,
        r.band,
        flags,
        r.recorded_by,
        created,
        r.error.as_ref().map(|e: &InError| &e.at),
        r.error.as_ref().map(|e| &e.by),
        r.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Score `given` on `inst` and save it for the client, with one audit
    /// row, in one transaction. Nothing is written if the answers do not
    /// fit the instrument, the client is not there, or the day is before
    /// intake or after today.
    pub fn record_measure(
        &mut self,
        client_id: i64,
        inst: &Instrument,
        taken_on: Date,
        today: Date,
        given: &[u8],
    ) -> Result<Response> {
        let (items, scored) = inst.score(given).map_err(StoreError::Rule)?;
        if taken_on > today {
            return Err(StoreError::Rule(format!(
                "a measure dated {taken_on} is in the future"
            )));
        }
        let at = codec::now();
        let mut r = Response {
            id: 0,
            client_id,
            instrument: inst.key.clone(),
            taken_on,
            items,
            total: scored.total,
            band: scored.band,
            flags: scored.flags,
            recorded_by: super::in_error::worker(),
            created_at: at.clone(),
            error: None,
        };
        self.write(|tx| {
            let client = super::clients::get(tx, client_id)
                .map_err(|_| StoreError::Rule(format!("no client with id {client_id}")))?;
            if let Some(i) = client.intake_date.filter(|i| taken_on < *i) {
                return Err(StoreError::Rule(format!(
                    "a measure dated {taken_on} is before the intake date, {i}"
                )));
            }
            r.id = insert(tx, &r, &at)?;
            // The answers stay in the record; the audit names what was
            // scored, and any flag, so the trail shows it too.
            let mut detail = format!("{} {} {}", r.instrument, r.total, r.band);
            if !r.flags.is_empty() {
                detail.push_str(&format!("; flagged: {}", r.flags.join("; ")));
            }
            let entry = AuditEntry::client("create", "measure", r.id, client_id).detail(&detail);
            audit::record(tx, &at, &entry)?;
            Ok(())
        })?;
        Ok(r)
    }

    pub fn measures_of(&self, client_id: i64) -> Result<Vec<Response>> {
        for_client(&self.conn, client_id)
    }
}
