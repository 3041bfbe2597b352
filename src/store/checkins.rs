//! Follow-up check-ins as they happen: held (with a line on how it went),
//! moved to another day, or cancelled with a reason. Each lands whole with
//! an audit row that keeps the values it replaced; nothing is deleted.

use super::audit::{self, AuditEntry};
use super::error::{Result, StoreError};
use super::followups::{self, Followup};
use super::{Store, clients, codec};
use crate::domain::Date;
use crate::domain::closure::check_past;

/// The check-in `id` and its client, if it is still open; otherwise why not.
fn open_checkin(conn: &rusqlite::Connection, id: i64) -> Result<(i64, Followup)> {
    let Some((client_id, f)) = followups::get(conn, id)? else {
        return Err(StoreError::Rule(
            "this check-in is no longer on record".into(),
        ));
    };
    if let Some(d) = f.done_on {
        return Err(StoreError::Rule(format!(
            "this check-in was already held on {d}"
        )));
    }
    if let Some(d) = f.cancelled_on {
        return Err(StoreError::Rule(format!(
            "this check-in was cancelled on {d}"
        )));
    }
    Ok((client_id, f))
}

fn clean(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

impl Store {
    /// Mark an open check-in held on `on` (not after `today`, not before the
    /// client's intake), with a one-line note on how it went.
    pub fn hold_checkin(
        &mut self,
        id: i64,
        on: Date,
        note: Option<&str>,
        today: Date,
    ) -> Result<()> {
        let at = codec::now();
        let note = clean(note);
        self.write(|tx| {
            let (client_id, f) = open_checkin(tx, id)?;
            let intake = clients::get(tx, client_id)?.intake_date;
            check_past(on, today, intake, None)
                .map_err(|e| StoreError::Rule(format!("held on {e}")))?;
            followups::set_held(tx, id, on, note)?;
            let detail = format!("due {}; held {on}", f.due);
            let entry = AuditEntry::client("held", "followup", id, client_id);
            audit::record(tx, &at, &entry.detail(&detail))
        })
    }

    /// Move an open check-in to `due` (today or later).
    pub fn move_checkin(&mut self, id: i64, due: Date, today: Date) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let (client_id, f) = open_checkin(tx, id)?;
            if due < today {
                return Err(StoreError::Rule(format!(
                    "{due} has passed; to record a check-in that happened, mark it held"
                )));
            }
            followups::set_due(tx, id, due)?;
            let detail = format!("due {} -> {due}", f.due);
            let entry = AuditEntry::client("move", "followup", id, client_id);
            audit::record(tx, &at, &entry.detail(&detail))
        })
    }

    /// Cancel an open check-in on `today`; the reason is required. It stays
    /// on record, no longer due.
    pub fn cancel_checkin(&mut self, id: i64, reason: &str, today: Date) -> Result<()> {
        let at = codec::now();
        let Some(reason) = clean(Some(reason)) else {
            return Err(StoreError::Rule(
                "a cancelled check-in needs a reason".into(),
            ));
        };
        self.write(|tx| {
            let (client_id, f) = open_checkin(tx, id)?;
            followups::set_cancelled(tx, id, today, reason)?;
            let detail = format!("due {}; cancelled {today}: {reason}", f.due);
            let entry = AuditEntry::client("cancel", "followup", id, client_id);
            audit::record(tx, &at, &entry.detail(&detail))
        })
    }
}
