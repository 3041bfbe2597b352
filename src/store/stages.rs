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
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageVisit {
    pub stage: Stage,
    pub entered_on: Date,
    pub left_on: Option<Date>,
    pub reason: Option<String>,
}

pub fn marks(conn: &Connection, client_id: i64) -> Result<Vec<ChecklistMark>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stage, item_key, done_on, note FROM checklist_state WHERE client_id = ?1",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stage, item_key, done_on, note) = row?;
        out.push(ChecklistMark {
            stage: enum_key(&stage, "stage", Stage::from_key)?,
            item_key,
            done_on: opt_date(done_on)?,
            note,
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

pub fn history(conn: &Connection, client_id: i64) -> Result<Vec<StageVisit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stage, entered_on, left_on, reason FROM stage_history
         WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stage, entered, left, reason) = row?;
        out.push(StageVisit {
            stage: enum_key(&stage, "stage", Stage::from_key)?,
            entered_on: date(&entered)?,
            left_on: opt_date(left)?,
            reason,
        });
    }
    Ok(out)
}

pub fn insert_visit(conn: &Connection, client_id: i64, visit: &StageVisit) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stage_history (client_id, stage, entered_on, left_on, reason)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        client_id,
        visit.stage.key(),
        visit.entered_on.to_string(),
        date_text(visit.left_on),
        visit.reason,
    ])?;
    Ok(())
}
