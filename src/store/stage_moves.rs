//! The stage checklist and stage changes as transactions: each toggle, note
//! and move lands whole, with its audit row, or not at all.

use super::audit::{self, AuditEntry};
use super::conflict::{self, Snapshot};
use super::error::{Result, StoreError};
use super::stages::{self, StageVisit};
use super::{Store, clients, closures, codec, followups};
use crate::domain::checklist::CHECK_INS_ITEM;
use crate::domain::closure::{Closure, ClosureEvent, ClosureReason, check_past, check_reason};
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
    /// The day of the move, if not today (catching up on the record).
    pub on: Option<Date>,
    /// Why the case is closing (entering Termination), and in words.
    pub closure: Option<(ClosureReason, Option<&'a str>)>,
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
            if now.is_some() {
                stages::clear_error_mark(tx, client_id, stage, item_key)?;
            }
            let action = if now.is_some() { "check" } else { "uncheck" };
            let entry = AuditEntry::client(action, "checklist_item", None, client_id);
            audit::record(tx, &at, &entry.detail(&item_detail(stage, item_key)))?;
            Ok(now)
        })
    }

    /// Tick an item as done on `on` (a day already past, or today), or
    /// re-date a ticked one. `seen` is its date as the screen showed it: if
    /// it is otherwise now, another session changed it and nothing is
    /// written (`StoreError::Conflict`). The day may not be after `today`
    /// nor before the client's intake.
    pub fn tick_item_on(
        &mut self,
        client_id: i64,
        stage: Stage,
        item_key: &str,
        on: Date,
        today: Date,
        seen: Option<Date>,
    ) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let was = conflict::item_done(tx, client_id, stage, item_key)?;
            if was != seen {
                let detail = item_detail(stage, item_key);
                let when = conflict::item_audited_at(tx, client_id, &detail)?;
                return Err(conflict::conflict(Snapshot::Item(was), when));
            }
            let intake = clients::get(tx, client_id)?.intake_date;
            check_past(on, today, intake, None).map_err(StoreError::Rule)?;
            stages::set_mark(tx, client_id, stage, item_key, Some(on))?;
            stages::clear_error_mark(tx, client_id, stage, item_key)?;
            let mut detail = format!("{} on {on}", item_detail(stage, item_key));
            if let Some(w) = was {
                detail.push_str(&format!(" (was {w})"));
            }
            let entry = AuditEntry::client("check", "checklist_item", None, client_id);
            audit::record(tx, &at, &entry.detail(&detail))
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
            let on = change.on.unwrap_or(today);
            let intake = clients::get(tx, client_id)?.intake_date;
            let began = open_visit_began(tx, client_id)?.map(|d| (d, "the current stage began"));
            check_past(on, today, intake, began)
                .map_err(|e| StoreError::Rule(format!("moved on {e}")))?;
            if let Some((reason, words)) = change.closure {
                check_reason(reason, words).map_err(StoreError::Rule)?;
            }
            let today = on;
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
                let why = format!("case went back to {}", to.name());
                followups::cancel_pending(tx, client_id, today, &why)?
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
            if to == Stage::FollowUp && has_check_ins(tx, client_id)? {
                tick_check_ins(tx, client_id, today, &at)?;
            }
            if let Some((reason, words)) =
                change.closure.filter(|_| stage_rules::asks_for_summary(to))
            {
                let c = Closure {
                    closed_on: today,
                    event: ClosureEvent::Termination,
                    reason,
                    note: clean(words).map(str::to_string),
                };
                let id = closures::insert(tx, client_id, &c)?;
                let entry = AuditEntry::client("create", "closure", id, client_id);
                audit::record(tx, &at, &entry.detail(&closures::detail(&c)))?;
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

/// When the open visit began, if there is one.
fn open_visit_began(conn: &Connection, client_id: i64) -> Result<Option<Date>> {
    let text: Option<String> = conn
        .prepare_cached(
            "SELECT entered_on FROM stage_history WHERE client_id = ?1 AND left_on IS NULL
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([client_id], |r| r.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    text.map(|t| codec::date(&t)).transpose()
}

/// Check-ins held or still to come (cancelled ones do not count).
fn has_check_ins(conn: &Connection, client_id: i64) -> Result<bool> {
    Ok(followups::for_client(conn, client_id)?
        .iter()
        .any(|f| f.cancelled_on.is_none()))
}

/// The upgrade that brought self-ticking check-ins: cases already in
/// Follow-up with check-ins (held or to come) get "Check-ins scheduled"
/// ticked, dated the day they entered Follow-up, each with its audit row.
pub fn tick_check_ins_in_follow_up(conn: &Connection) -> Result<()> {
    let at = codec::now();
    let rows: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(
            "SELECT c.id, h.entered_on FROM clients c
               JOIN stage_history h ON h.client_id = c.id AND h.left_on IS NULL
              WHERE c.stage = 'follow_up'
                AND EXISTS (SELECT 1 FROM followups f
                             WHERE f.client_id = c.id AND f.cancelled_on IS NULL)
              ORDER BY c.id",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (client_id, entered) in rows {
        tick_check_ins(conn, client_id, codec::date(&entered)?, &at)?;
    }
    Ok(())
}

/// Check-ins are scheduled: the Follow-up item that says so ticks itself
/// (once; a tick already there keeps its date), audited like a tick.
fn tick_check_ins(conn: &Connection, client_id: i64, on: Date, at: &str) -> Result<()> {
    let stage = Stage::FollowUp;
    if conflict::item_done(conn, client_id, stage, CHECK_INS_ITEM)?.is_some() {
        return Ok(());
    }
    stages::set_mark(conn, client_id, stage, CHECK_INS_ITEM, Some(on))?;
    let detail = format!(
        "{} on {on} (check-ins scheduled)",
        item_detail(stage, CHECK_INS_ITEM)
    );
    let entry = AuditEntry::client("check", "checklist_item", None, client_id);
    audit::record(conn, at, &entry.detail(&detail))
}

fn close_open_visit(conn: &Connection, client_id: i64, today: Date) -> Result<()> {
    conn.prepare_cached(
        "UPDATE stage_history SET left_on = ?2 WHERE client_id = ?1 AND left_on IS NULL",
    )?
    .execute(params![client_id, today.to_string()])?;
    Ok(())
}
