//! Moving an unsigned note written for the wrong client to the right one.
//!
//! One transaction, one audit row (from, to, who, and the goals it named).
//! Signed notes never move: they are locked, and their route is an
//! addendum. The goals a note discussed belong to the client it was
//! written for, so they are cleared rather than carried across: a link to
//! another client's goal would show that client's words in this one's
//! record, and the database refuses such links anyway. The audit row keeps
//! the goal ids, so nothing is lost.

use super::audit::{self, AuditEntry};
use super::conflict::{self, NoteVersion};
use super::error::{Result, StoreError};
use super::in_error::worker;
use super::{Store, clients, codec, notes};
use rusqlite::params;

/// What a move did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteMoved {
    pub from_client: i64,
    pub to_client: i64,
    /// Goals of the old client the note had named, now cleared.
    pub goals_cleared: usize,
}

impl Store {
    /// Move unsigned note `note_id` to `to_client`, over `base`: the note
    /// as the screen showed it. Refused (`StoreError::Rule`, saying why)
    /// when it is signed (by anyone, meanwhile too), entered in error,
    /// open in an edit draft, or the client is the same, unknown or
    /// archived; a note another session changed since is a
    /// `StoreError::Conflict` and nothing is written.
    pub fn move_note(
        &mut self,
        note_id: i64,
        to_client: i64,
        base: &NoteVersion,
    ) -> Result<NoteMoved> {
        let at = codec::now();
        let by = worker();
        self.write(|tx| {
            let from_client = notes::client_of(tx, note_id)?
                .ok_or_else(|| StoreError::Rule(format!("note {note_id} no longer exists")))?;
            // Signed or changed meanwhile: refused before anything else.
            conflict::check_note(tx, note_id, base)?;
            if from_client == to_client {
                return Err(StoreError::Rule(
                    "the note already belongs to this client".into(),
                ));
            }
            if !clients::exists(tx, to_client)? {
                return Err(StoreError::Rule(format!("client #{to_client} does not exist")));
            }
            if clients::get(tx, to_client)?.archived {
                return Err(StoreError::Rule(
                    "that client is archived; restore them first".into(),
                ));
            }
            let note = notes::get(tx, note_id)?
                .ok_or_else(|| StoreError::Rule(format!("note {note_id} no longer exists")))?;
            if let Some(e) = &note.error {
                return Err(StoreError::Rule(format!(
                    "this note was entered in error by {} ({}); write a new note for the right client",
                    e.by, e.reason
                )));
            }
            let drafted: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM drafts WHERE note_id = ?1)")?
                .query_row([note_id], |r| r.get(0))?;
            if drafted {
                return Err(StoreError::Rule(
                    "this note has unsaved edits in a draft; save or discard them first".into(),
                ));
            }
            let goals = notes::goal_ids(tx, note_id)?;
            tx.prepare_cached("DELETE FROM note_goals WHERE note_id = ?1")?
                .execute([note_id])?;
            tx.prepare_cached("UPDATE notes SET client_id = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![note_id, to_client, at])?;
            let detail = serde_json::json!({
                "from_client": from_client,
                "to_client": to_client,
                "by": by,
                "goals_cleared": goals,
            })
            .to_string();
            // Filed under the client the note left: that record changed
            // most (a note gone), and the detail names where it went.
            let entry = AuditEntry::client("move", "note", note_id, from_client).detail(&detail);
            audit::record(tx, &at, &entry)?;
            Ok(NoteMoved {
                from_client,
                to_client,
                goals_cleared: goals.len(),
            })
        })
    }
}
