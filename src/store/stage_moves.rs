//! The stage checklist and stage changes as transactions: each toggle, note
//! and move lands whole, with its audit row, or not at all.

use super::audit::{self, AuditEntry};
use super::conflict::{self, Snapshot};
use super::error::{Result, StoreError};
use super::stages::{self, StageVisit};
use super::{Store, codec, followups};
use crate::domain::stage_rules::{self, StageMove};
use crate::domain::{Date, Stage};
use rusqlite::{Connection, params};

/// What a worker asked for when changing stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageChange<'a> {
    /// The stage the worker saw the case in: if it is elsewhere now,
    /// another session moved it and nothing is written.
    pub seen: Stage,
    pub mv: StageMove,
    /// Why (stepping back, re-opening).
    pub reason: Option<&'a str>,
    /// Termination summary (entering Termination).
    pub summary: Option<&'a str>,
    /// Check-in dates to schedule.
    pub followups: &'a [Date],
}

/// What a stage change did, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageChanged {
    pub from: Stage,
    pub to: Stage,
    pub followups_added: usize,
    pub followups_cancelled: usize,
    pub marks_set_aside: usize,
}

fn clean(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn item_detail(stage: Stage, item_key: &str) -> String {
    format!("{}/{item_key}", stage.key())
}

impl Store {
    /// Tick an open item (dated `today`) or clear a ticked one, as the
    /// screen showed it (`seen_done`). If the item is no longer as seen,
    /// another session changed it: nothing is written
    /// (`StoreError::Conflict`). Returns the item's done date after the change.
    pub fn toggle_item(
        &mut self,
        client_id: i64,
        stage: Stage,
        item_key: &str,
        today: Date,
        seen_done: bool,
    ) -> Result<Option<Date>> {
        let at = codec::now();
        self.write(|tx| {
            let was = conflict::item_done(tx, client_id, stage, item_key)?;
            if was.is_some() != seen_done {
                let detail = item_detail(stage, item_key);
                let when = conflict::item_audited_at(tx, client_id, &detail)?;
                return Err(conflict::conflict(Snapshot::Item(was), when));
            }
            let now = if was.is_some() { None } else { Some(today) };
            stages::set_mark(tx, client_id, stage, item_key, now)?;
            let action = if now.is_some() { "check" } else { "uncheck" };
            let entry = AuditEntry::client(action, "checklist_item", None, client_id);
            audit::record(tx, &at, &entry.detail(&item_detail(stage, item_key)))?;
            Ok(now)
        })
    }

    /// Set the one-line note on an item; an empty note clears it.
    pub fn set_item_note(
        &mut self,
        client_id: i64,
        stage: Stage,
        item_key: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let at = codec::now();
        let note = clean(note);
        self.write(|tx| {
            stages::set_note(tx, client_id, stage, item_key, note)?;
            let action = if note.is_some() { "note" } else { "clear_note" };
            let entry = AuditEntry::client(action, "checklist_item", None, client_id);
            audit::record(tx, &at, &entry.detail(&item_detail(stage, item_key)))
        })
    }

    /// Move a case to another stage: close the open visit, open the next one,
    /// and do what the move implies (summary, check-ins, a fresh checklist on
    /// re-opening). The move is from `change.seen`, the stage the worker
    /// saw: if the case is elsewhere now, another session moved it and
    /// nothing is written (`StoreError::Conflict`). The rules are checked
    /// against the stored stage, so no screen can write an impossible history.
    pub fn change_stage(
        &mut self,
        client_id: i64,
        change: &StageChange<'_>,
        today: Date,
    ) -> Result<StageChanged> {
        let at = codec::now();
        let reason = clean(change.reason);
        let summary = clean(change.summary);
        self.write(|tx| {
            let from = conflict::stage_of(tx, client_id)?;
            if from != change.seen {
                let when = conflict::client_changed_at(tx, client_id)?;
                return Err(conflict::conflict(Snapshot::Stage(from), when));
            }
            let to = stage_rules::check_move(from, change.mv, reason, summary)
                .map_err(|e| StoreError::Rule(e.to_string()))?;
            close_open_visit(tx, client_id, today)?;
            let visit_id = stages::insert_visit(
                tx,
                client_id,
                &StageVisit {
                    stage: to,
                    entered_on: today,
                    left_on: None,
                    reason: reason.map(str::to_string),
                    summary: summary
                        .filter(|_| stage_rules::asks_for_summary(to))
                        .map(str::to_string),
                },
            )?;
            tx.prepare_cached("UPDATE clients SET stage = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![client_id, to.key(), at])?;

            let followups_cancelled = if stage_rules::cancels_followups(from, to) {
                followups::cancel_pending(tx, client_id)?
            } else {
                0
            };
            let marks_set_aside = if change.mv == StageMove::Reopen {
                stages::set_aside_marks(tx, client_id, today)?
            } else {
                0
            };
            for due in change.followups {
                let id = followups::insert(tx, client_id, *due, None, None)?;
                let entry = AuditEntry::client("create", "followup", id, client_id);
                audit::record(tx, &at, &entry.detail(&format!("due {due}")))?;
            }

            let mut detail = format!("{} -> {}", from.key(), to.key());
            if followups_cancelled > 0 {
                detail.push_str(&format!(
                    "; {followups_cancelled} pending check-ins cancelled"
                ));
            }
            if marks_set_aside > 0 {
                detail.push_str(&format!(
                    "; {marks_set_aside} checklist marks kept on record"
                ));
            }
            let entry = AuditEntry::client(change.mv.key(), "stage", visit_id, client_id);
            audit::record(tx, &at, &entry.detail(&detail))?;
            Ok(StageChanged {
                from,
                to,
                followups_added: change.followups.len(),
                followups_cancelled,
                marks_set_aside,
            })
        })
    }
}

fn close_open_visit(conn: &Connection, client_id: i64, today: Date) -> Result<()> {
    conn.prepare_cached(
        "UPDATE stage_history SET left_on = ?2 WHERE client_id = ?1 AND left_on IS NULL",
    )?
    .execute(params![client_id, today.to_string()])?;
    Ok(())
}
