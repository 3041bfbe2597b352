//! Corrections to a case's closing record: the termination summary edited
//! while recent, and an archived client restored. Each is one transaction
//! with one audit row that says who, and (for the summary) the text before
//! and after; both are shown in the stage history, read back from the
//! audit trail (see [`events`]).
//!
//! The summary's rule is the progress records' (see `progress_edit`): it
//! can be edited for [`EDIT_DAYS`] days after it was written, counted from
//! the move into Termination as it was recorded (not the date the move was
//! back-dated to). Later, the record of what was said at closing stands; a
//! note says what changed.

use super::Store;
use super::audit::{self, AuditEntry};
use super::clients::{self, Flag};
use super::codec;
use super::conflict::{self, Snapshot};
use super::error::{Result, StoreError};
use super::in_error::worker;
use super::progress_edit::{EDIT_DAYS, editable, editable_at};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

pub use crate::domain::correction::{RecordChange, RecordEvent};

/// A Termination visit: its row id, its summary, and when the move into it
/// was recorded (UTC RFC 3339).
type Termination = (i64, Option<String>, Option<String>);

/// The latest Termination visit of a client.
fn termination(conn: &Connection, client_id: i64) -> Result<Option<Termination>> {
    let row: Option<(i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT id, summary FROM stage_history
             WHERE client_id = ?1 AND stage = 'termination' ORDER BY id DESC LIMIT 1",
        )?
        .query_row([client_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, summary)) = row else {
        return Ok(None);
    };
    let written: Option<String> = conn
        .prepare_cached("SELECT min(at) FROM audit WHERE entity = 'stage' AND entity_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(Some((id, summary, written)))
}

fn same(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

impl Store {
    /// Whether the client's termination summary can be edited now, and if
    /// not, why (the words a refusal would use).
    pub fn summary_editable(&self, client_id: i64) -> Result<std::result::Result<String, String>> {
        Ok(match termination(self.conn(), client_id)? {
            None => Err("this case has no termination summary yet".into()),
            Some((_, None, _)) => Err("this case has no termination summary yet".into()),
            Some((_, Some(s), written)) if written.as_deref().is_some_and(editable) => Ok(s),
            Some(_) => Err(format!(
                "the termination summary can be edited for {EDIT_DAYS} days after it was \
                 written; write a note to say what changed"
            )),
        })
    }

    /// Replace the latest termination summary with `new`, over `base`: the
    /// summary as the form showed it. Refused (`StoreError::Rule`) when
    /// there is none, it is past the edit window, `new` is empty, or
    /// another session changed it since.
    pub fn edit_summary(&mut self, client_id: i64, new: &str, base: &str) -> Result<()> {
        self.edit_summary_as_of(client_id, new, base, Utc::now())
    }

    /// `edit_summary` as if the clock read `now` (for the edit window's
    /// tests: the audit row that dates the summary cannot be aged).
    #[doc(hidden)]
    pub fn edit_summary_as_of(
        &mut self,
        client_id: i64,
        new: &str,
        base: &str,
        now_utc: DateTime<Utc>,
    ) -> Result<()> {
        let at = codec::now();
        let by = worker();
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::Rule(
                "a termination summary cannot be empty".into(),
            ));
        }
        self.write(|tx| {
            let (visit, now, written) = termination(tx, client_id)?
                .ok_or_else(|| StoreError::Rule("this case has no termination summary".into()))?;
            let now = now.unwrap_or_default();
            if !written.as_deref().is_some_and(|w| editable_at(w, now_utc)) {
                return Err(StoreError::Rule(format!(
                    "the termination summary can be edited for {EDIT_DAYS} days after it was \
                     written; write a note to say what changed"
                )));
            }
            if !same(&now, base) {
                return Err(StoreError::Rule(
                    "another session changed the termination summary; it is shown as it is now"
                        .into(),
                ));
            }
            if same(&now, new) {
                return Ok(());
            }
            tx.prepare_cached("UPDATE stage_history SET summary = ?2 WHERE id = ?1")?
                .execute(params![visit, new])?;
            tx.prepare_cached("UPDATE clients SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![client_id, at])?;
            let detail = serde_json::json!({ "before": now, "after": new, "by": by }).to_string();
            let entry = AuditEntry::client("edit_summary", "stage", visit, client_id);
            audit::record(tx, &at, &entry.detail(&detail))
        })
    }

    /// Bring an archived client back to the caseload, saying why if the
    /// worker did: one audit row with who and why. A client that is not
    /// archived (another session restored them) is a conflict.
    pub fn restore_client(&mut self, id: i64, reason: Option<&str>) -> Result<()> {
        let at = codec::now();
        let by = worker();
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        self.write(|tx| {
            if !clients::set_flag(tx, id, Flag::Archived, false, &at)? {
                let now = clients::get(tx, id)?.archived;
                let when = conflict::client_changed_at(tx, id)?;
                return Err(conflict::conflict(
                    Snapshot::Flag(Flag::Archived, now),
                    when,
                ));
            }
            let detail = serde_json::json!({ "by": by, "reason": reason }).to_string();
            let entry = AuditEntry::client("restore", "client", id, id);
            audit::record(tx, &at, &entry.detail(&detail))
        })
    }
}

/// A client's summary edits and restores, oldest first, from the audit.
pub fn events(conn: &Connection, client_id: i64) -> Result<Vec<RecordEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, action, detail FROM audit
         WHERE client_id = ?1 AND ((entity = 'stage' AND action = 'edit_summary')
                                OR (entity = 'client' AND action = 'restore'))
         ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (at, action, detail) = row?;
        // Restores from before they were detailed have no JSON: who and
        // why were not recorded then.
        let v: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let what = if action == "restore" {
            RecordChange::Restored {
                reason: text("reason"),
            }
        } else {
            RecordChange::SummaryEdited {
                before: text("before").unwrap_or_default(),
                after: text("after").unwrap_or_default(),
            }
        };
        out.push(RecordEvent {
            at,
            by: text("by"),
            what,
        });
    }
    Ok(out)
}
