use super::codec::{date, date_text, enum_key, opt_date};
use super::error::Result;
use crate::domain::{Date, Goal, GoalStatus, Progress, RatedBy};
use rusqlite::{Connection, params};

/// A plan step under a goal: who does what by when.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub id: i64,
    pub goal_id: i64,
    pub description: String,
    pub who: String,
    pub who_detail: Option<String>,
    pub due: Option<Date>,
    pub done_on: Option<Date>,
}

/// The goals of one client, oldest first, each with its progress records.
pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_words, smart, measure, unit, baseline, target, due, status
         FROM goals WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<f64>>(5)?,
            r.get::<_, Option<f64>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut goals = Vec::new();
    for row in rows {
        let (id, client_words, smart, measure, unit, baseline, target, due, status) = row?;
        goals.push(Goal {
            id,
            client_id,
            client_words,
            smart,
            measure,
            unit,
            baseline,
            target,
            due: opt_date(due)?,
            status: enum_key(&status, "goal status", GoalStatus::from_key)?,
            progress: Vec::new(),
        });
    }
    for g in &mut goals {
        g.progress = progress(conn, g.id)?;
    }
    Ok(goals)
}

fn progress(conn: &Connection, goal_id: i64) -> Result<Vec<Progress>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, recorded_on, value, rated_by, note FROM progress
         WHERE goal_id = ?1 ORDER BY recorded_on, id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, f64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, on, value, rated_by, note) = row?;
        out.push(Progress {
            id,
            date: date(&on)?,
            value,
            rated_by: enum_key(&rated_by, "rater", RatedBy::from_key)?,
            note,
        });
    }
    Ok(out)
}

pub fn steps(conn: &Connection, goal_id: i64) -> Result<Vec<PlanStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, description, who, who_detail, due, done_on FROM plan_steps
         WHERE goal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, description, who, who_detail, due, done_on) = row?;
        out.push(PlanStep {
            id,
            goal_id,
            description,
            who,
            who_detail,
            due: opt_date(due)?,
            done_on: opt_date(done_on)?,
        });
    }
    Ok(out)
}

/// Insert a goal (its `progress` is ignored; record progress separately).
/// An id of 0 takes the next free one; another id is kept (imports).
pub fn insert(conn: &Connection, g: &Goal, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO goals (id, client_id, client_words, smart, measure, unit, baseline, target,
            due, status, created_at, updated_at)
         VALUES (NULLIF(?11, 0), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        g.client_id,
        g.client_words,
        g.smart,
        g.measure,
        g.unit,
        g.baseline,
        g.target,
        date_text(g.due),
        g.status.key(),
        at,
        g.id,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_progress(conn: &Connection, goal_id: i64, p: &Progress, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO progress (goal_id, recorded_on, value, rated_by, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        goal_id,
        p.date.to_string(),
        p.value,
        p.rated_by.key(),
        p.note,
        at
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_step(conn: &Connection, s: &PlanStep, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO plan_steps (goal_id, description, who, who_detail, due, done_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        s.goal_id,
        s.description,
        s.who,
        s.who_detail,
        date_text(s.due),
        date_text(s.done_on),
        at,
    ])?;
    Ok(conn.last_insert_rowid())
}
