//! Per-client checklist marks and stage history.

use super::codec::{date, date_text, enum_key, opt_date};
use super::error::Result;
use crate::domain::{Date, Stage};
use rusqlite::{Connection, params};

/// A ticked or annotated checklist item for one client.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistMark {
    pub stage: Stage,
    pub item_key: String,
    pub done_on: Option<Date>,
    pub note: Option<String>,
    /// Set when the tick was entered in error: it then counts as open.
    pub error: Option<crate::domain::InError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageVisit {
    pub stage: Stage,
    pub entered_on: Date,
    pub left_on: Option<Date>,
    pub reason: Option<String>,
    /// Set on a Termination visit: what was achieved, supports in place.
    pub summary: Option<String>,
}

pub fn marks(conn: &Connection, client_id: i64) -> Result<Vec<ChecklistMark>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stage, item_key, done_on, note, error_at, error_by, error_reason
         FROM checklist_state WHERE client_id = ?1",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            super::goals::in_error(r, 4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stage, item_key, done_on, note, error) = row?;
        out.push(ChecklistMark {
            stage: enum_key(&stage, "stage", Stage::from_key)?,
            item_key,
            done_on: opt_date(done_on)?,
            note,
            error,
        });
    }
    Ok(out)
}

pub fn set_mark(
    conn: &Connection,
    client_id: i64,
    stage: Stage,
    item_key: &str,
    done_on: Option<Date>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO checklist_state (client_id, stage, item_key, done_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client_id, stage, item_key) DO UPDATE SET done_on = excluded.done_on",
    )?
    .execute(params![
        client_id,
        stage.key(),
        item_key,
        date_text(done_on)
    ])?;
    Ok(())
}

/// A tick given again after its earlier one was entered in error: the
/// mark goes (the audit rows keep both). Apart from `set_mark` because an
/// upgrade from before version 6 ticks items through `set_mark` while the
/// mark's columns do not exist yet.
pub fn clear_error_mark(
    conn: &Connection,
    client_id: i64,
    stage: Stage,
    item_key: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE checklist_state SET error_at = NULL, error_by = NULL, error_reason = NULL
         WHERE client_id = ?1 AND stage = ?2 AND item_key = ?3 AND error_at IS NOT NULL",
    )?
    .execute(params![client_id, stage.key(), item_key])?;
    Ok(())
}

pub fn history(conn: &Connection, client_id: i64) -> Result<Vec<StageVisit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stage, entered_on, left_on, reason, summary FROM stage_history
         WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| <(String, String, _, _, _)>::try_from(r))?;
    let mut out = Vec::new();
    for row in rows {
        let (stage, entered, left, reason, summary) = row?;
        out.push(StageVisit {
            stage: enum_key(&stage, "stage", Stage::from_key)?,
            entered_on: date(&entered)?,
            left_on: opt_date(left)?,
            reason,
            summary,
        });
    }
    Ok(out)
}

/// Add a visit; returns its row id.
pub fn insert_visit(conn: &Connection, client_id: i64, visit: &StageVisit) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO stage_history (client_id, stage, entered_on, left_on, reason, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        client_id,
        visit.stage.key(),
        visit.entered_on.to_string(),
        date_text(visit.left_on),
        visit.reason,
        visit.summary,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One item's mark, if it has a row.
pub fn mark(
    conn: &Connection,
    client_id: i64,
    stage: Stage,
    item_key: &str,
) -> Result<Option<ChecklistMark>> {
    Ok(marks(conn, client_id)?
        .into_iter()
        .find(|m| m.stage == stage && m.item_key == item_key))
}

/// Set or clear the one-line note on an item, leaving its done mark alone.
pub fn set_note(
    conn: &Connection,
    client_id: i64,
    stage: Stage,
    item_key: &str,
    note: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO checklist_state (client_id, stage, item_key, note) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client_id, stage, item_key) DO UPDATE SET note = excluded.note",
    )?
    .execute(params![client_id, stage.key(), item_key, note])?;
    Ok(())
}

/// The checklist of an earlier cycle, set aside when the case was re-opened.
#[derive(Debug, Clone, PartialEq)]
pub struct PastChecklist {
    pub reopened_on: Date,
    pub marks: Vec<ChecklistMark>,
}

/// Move the current marks to `checklist_past` so a re-opened case starts clean.
/// Returns how many marks were set aside.
pub fn set_aside_marks(conn: &Connection, client_id: i64, reopened_on: Date) -> Result<usize> {
    conn.prepare_cached(
        "INSERT INTO checklist_past (client_id, reopened_on, stage, item_key, done_on, note,
            error_at, error_by, error_reason)
         SELECT client_id, ?2, stage, item_key, done_on, note, error_at, error_by, error_reason
         FROM checklist_state
         WHERE client_id = ?1",
    )?
    .execute(params![client_id, reopened_on.to_string()])?;
    Ok(conn
        .prepare_cached("DELETE FROM checklist_state WHERE client_id = ?1")?
        .execute([client_id])?)
}

/// Earlier cycles' checklists, oldest first.
pub fn past_checklists(conn: &Connection, client_id: i64) -> Result<Vec<PastChecklist>> {
    let mut stmt = conn.prepare_cached(
        "SELECT reopened_on, stage, item_key, done_on, note, error_at, error_by, error_reason
         FROM checklist_past WHERE client_id = ?1 ORDER BY reopened_on, rowid",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            <(String, String, _, _, _)>::try_from(r)?,
            super::goals::in_error(r, 5)?,
        ))
    })?;
    let mut out: Vec<PastChecklist> = Vec::new();
    for row in rows {
        let ((reopened, stage, item_key, done_on, note), error) = row?;
        let reopened_on = date(&reopened)?;
        let m = ChecklistMark {
            stage: enum_key(&stage, "stage", Stage::from_key)?,
            item_key,
            done_on: opt_date(done_on)?,
            note,
            error,
        };
        match out.last_mut() {
            Some(p) if p.reopened_on == reopened_on => p.marks.push(m),
            _ => out.push(PastChecklist {
                reopened_on,
                marks: vec![m],
            }),
        }
    }
    Ok(out)
}
