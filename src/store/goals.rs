use super::Store;
use super::audit::{self, AuditEntry};
use super::codec::{self, date, date_text, enum_key, opt_date};
use super::conflict::{self, RecordRef, Snapshot};
use super::error::{Result, StoreError};
use crate::domain::{Date, Goal, GoalStatus, Progress, RatedBy, Referral, ReferralStatus};
use rusqlite::{Connection, OptionalExtension, params};

pub use crate::domain::PlanStep;

/// The goals of one client, oldest first, each with its progress records.
pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_words, smart, measure, unit, baseline, target, due, status,
            range_min, range_max, error_at, error_by, error_reason
         FROM goals WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        let head = <(
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<f64>,
            Option<f64>,
            Option<String>,
            String,
        )>::try_from(r)?;
        Ok((head, r.get(9)?, r.get(10)?, in_error(r, 11)?))
    })?;
    let mut goals = Vec::new();
    for row in rows {
        let (
            (id, client_words, smart, measure, unit, baseline, target, due, status),
            range_min,
            range_max,
            error,
        ) = row?;
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
            range_min,
            range_max,
            error,
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
        "SELECT id, recorded_on, value, rated_by, note, created_at,
            error_at, error_by, error_reason FROM progress
         WHERE goal_id = ?1 ORDER BY recorded_on, id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        let head = <(i64, String, f64, String, Option<String>, String)>::try_from(r)?;
        Ok((head, in_error(r, 6)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, on, value, rated_by, note, created_at), error) = row?;
        out.push(Progress {
            id,
            date: date(&on)?,
            value,
            rated_by: enum_key(&rated_by, "rater", RatedBy::from_key)?,
            note,
            error,
            created_at,
        });
    }
    Ok(out)
}

pub fn steps(conn: &Connection, goal_id: i64) -> Result<Vec<PlanStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, description, who, who_detail, due, done_on,
            error_at, error_by, error_reason FROM plan_steps
         WHERE goal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        let head = <(
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        )>::try_from(r)?;
        Ok((head, in_error(r, 6)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, description, who, who_detail, due, done_on), error) = row?;
        out.push(PlanStep {
            id,
            goal_id,
            description,
            who,
            who_detail,
            due: opt_date(due)?,
            done_on: opt_date(done_on)?,
            error,
        });
    }
    Ok(out)
}

/// Insert a goal (its `progress` is ignored; record progress separately).
/// An id of 0 takes the next free one; another id is kept (imports).
pub fn insert(conn: &Connection, g: &Goal, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO goals (id, client_id, client_words, smart, measure, unit, baseline, target,
            due, status, created_at, updated_at, range_min, range_max,
            error_at, error_by, error_reason)
         VALUES (NULLIF(?11, 0), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?12, ?13,
            ?14, ?15, ?16)",
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
        g.range_min,
        g.range_max,
        g.error.as_ref().map(|e| &e.at),
        g.error.as_ref().map(|e| &e.by),
        g.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_progress(conn: &Connection, goal_id: i64, p: &Progress, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO progress (goal_id, recorded_on, value, rated_by, note, created_at,
            error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        goal_id,
        p.date.to_string(),
        p.value,
        p.rated_by.key(),
        p.note,
        at,
        p.error.as_ref().map(|e| &e.at),
        p.error.as_ref().map(|e| &e.by),
        p.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_step(conn: &Connection, s: &PlanStep, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO plan_steps (goal_id, description, who, who_detail, due, done_on, created_at,
            error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        s.goal_id,
        s.description,
        s.who,
        s.who_detail,
        date_text(s.due),
        date_text(s.done_on),
        at,
        s.error.as_ref().map(|e| &e.at),
        s.error.as_ref().map(|e| &e.by),
        s.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Change a goal's own fields (not its progress, which is only ever added to).
pub fn update(conn: &Connection, g: &Goal, at: &str) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE goals SET client_words = ?2, smart = ?3, measure = ?4, unit = ?5,
                baseline = ?6, target = ?7, due = ?8, status = ?9, updated_at = ?10,
                range_min = ?11, range_max = ?12
             WHERE id = ?1",
        )?
        .execute(params![
            g.id,
            g.client_words,
            g.smart,
            g.measure,
            g.unit,
            g.baseline,
            g.target,
            date_text(g.due),
            g.status.key(),
            at,
            g.range_min,
            g.range_max,
        ])?;
    one_row(n, "goal", g.id)
}

pub fn update_step(conn: &Connection, s: &PlanStep) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE plan_steps SET description = ?2, who = ?3, who_detail = ?4, due = ?5,
                done_on = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            s.id,
            s.description,
            s.who,
            s.who_detail,
            date_text(s.due),
            date_text(s.done_on),
        ])?;
    one_row(n, "plan step", s.id)
}

pub fn set_step_done(conn: &Connection, step_id: i64, done_on: Option<Date>) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE plan_steps SET done_on = ?2 WHERE id = ?1")?
        .execute(params![step_id, date_text(done_on)])?;
    one_row(n, "plan step", step_id)
}

/// Referrals made in support of one goal, oldest first.
pub fn referrals(conn: &Connection, goal_id: i64) -> Result<Vec<Referral>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, agency, contact, status, created_on,
            error_at, error_by, error_reason FROM referrals
         WHERE goal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        let head = <(i64, i64, String, Option<String>, String, String)>::try_from(r)?;
        Ok((head, in_error(r, 6)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, client_id, agency, contact, status, created_on), error) = row?;
        out.push(Referral {
            id,
            client_id,
            goal_id: Some(goal_id),
            agency,
            contact,
            status: enum_key(&status, "referral status", ReferralStatus::from_key)?,
            created_on: date(&created_on)?,
            error,
        });
    }
    Ok(out)
}

pub fn insert_referral(conn: &Connection, r: &Referral) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO referrals (client_id, goal_id, agency, contact, status, created_on,
            error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        r.client_id,
        r.goal_id,
        r.agency,
        r.contact,
        r.status.key(),
        r.created_on.to_string(),
        r.error.as_ref().map(|e| &e.at),
        r.error.as_ref().map(|e| &e.by),
        r.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Change a referral's agency, contact and status (not whom or when it was for).
pub fn update_referral(conn: &Connection, r: &Referral) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE referrals SET agency = ?2, contact = ?3, status = ?4 WHERE id = ?1",
        )?
        .execute(params![r.id, r.agency, r.contact, r.status.key()])?;
    one_row(n, "referral", r.id)
}

/// The client a goal belongs to, for the audit trail.
pub fn client_of(conn: &Connection, goal_id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT client_id FROM goals WHERE id = ?1")?
        .query_row([goal_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("goal {goal_id} does not exist")))
}

/// The goal a plan step belongs to.
pub(super) fn goal_of_step(conn: &Connection, step_id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT goal_id FROM plan_steps WHERE id = ?1")?
        .query_row([step_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("plan step {step_id} does not exist")))
}

/// The entered-in-error mark from its three columns starting at `at`.
pub(super) fn in_error(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<Option<crate::domain::InError>> {
    Ok(crate::domain::InError::from_columns(
        r.get(at)?,
        r.get(at + 1)?,
        r.get(at + 2)?,
    ))
}

fn one_row(changed: usize, what: &str, id: i64) -> Result<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!("{what} {id} does not exist")))
    }
}

fn log(
    conn: &Connection,
    at: &str,
    action: &str,
    entity: &str,
    entity_id: i64,
    client_id: i64,
    detail: &str,
) -> Result<()> {
    let entry = AuditEntry::client(action, entity, entity_id, client_id).detail(detail);
    audit::record(conn, at, &entry)
}

/// Every change below is one transaction with its audit row.
impl Store {
    /// Add a goal for `g.client_id`; returns its id.
    pub fn add_goal(&mut self, g: &Goal) -> Result<i64> {
        let at = codec::now();
        self.write(|tx| {
            let id = insert(tx, g, &at)?;
            log(tx, &at, "create", "goal", id, g.client_id, g.status.key())?;
            Ok(id)
        })
    }

    /// Save a goal's edited fields (its client never changes) over `base`,
    /// the goal as the form showed it: if another session changed it since,
    /// nothing is written (`StoreError::Conflict`).
    pub fn update_goal(&mut self, g: &Goal, base: &Goal) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = client_of(tx, g.id)?;
            conflict::check(
                tx,
                RecordRef::Goal(g.id),
                |now| matches!(now, Snapshot::Goal(n) if conflict::same_goal(n, base)),
            )?;
            update(tx, g, &at)?;
            log(tx, &at, "update", "goal", g.id, client_id, g.status.key())
        })
    }

    pub fn record_progress(&mut self, goal_id: i64, p: &Progress) -> Result<i64> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = client_of(tx, goal_id)?;
            let intake = super::clients::get(tx, client_id)?.intake_date;
            if let Some(i) = intake.filter(|i| p.date < *i) {
                return Err(StoreError::Rule(format!(
                    "progress dated {} is before the intake date, {i}",
                    p.date
                )));
            }
            let id = insert_progress(tx, goal_id, p, &at)?;
            let detail = format!("goal {goal_id}, rated by {}", p.rated_by.key());
            log(tx, &at, "create", "progress", id, client_id, &detail)?;
            Ok(id)
        })
    }

    pub fn add_step(&mut self, s: &PlanStep) -> Result<i64> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = client_of(tx, s.goal_id)?;
            let id = insert_step(tx, s, &at)?;
            let detail = format!("goal {}", s.goal_id);
            log(tx, &at, "create", "plan_step", id, client_id, &detail)?;
            Ok(id)
        })
    }

    /// Save a step's edited fields over `base`, the step as the form showed
    /// it (`StoreError::Conflict` if another session changed it since).
    pub fn update_step(&mut self, s: &PlanStep, base: &PlanStep) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = client_of(tx, goal_of_step(tx, s.id)?)?;
            conflict::check(
                tx,
                RecordRef::Step(s.id),
                |now| matches!(now, Snapshot::Step(n) if conflict::same_step(n, base)),
            )?;
            update_step(tx, s)?;
            log(tx, &at, "update", "plan_step", s.id, client_id, "")
        })
    }

    /// Mark a step done on a date, or open again with `None`. `seen_done`
    /// is the state the screen showed: if it is no longer so, another
    /// session changed the step and nothing is written (`StoreError::Conflict`).
    pub fn set_step_done(
        &mut self,
        step_id: i64,
        done_on: Option<Date>,
        seen_done: bool,
    ) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = client_of(tx, goal_of_step(tx, step_id)?)?;
            let now = conflict::step_done(tx, step_id)?;
            if now.is_some() != seen_done {
                let when = conflict::audited_at(tx, "plan_step", step_id)?;
                return Err(conflict::conflict(Snapshot::StepDone(now), when));
            }
            set_step_done(tx, step_id, done_on)?;
            let detail = match done_on {
                Some(d) => format!("done {d}"),
                None => "reopened".to_string(),
            };
            log(tx, &at, "update", "plan_step", step_id, client_id, &detail)
        })
    }

    /// Add a referral under a goal; the client is the goal's.
    pub fn add_referral(&mut self, r: &Referral) -> Result<i64> {
        let at = codec::now();
        self.write(|tx| {
            let client_id = match r.goal_id {
                Some(g) => client_of(tx, g)?,
                None => r.client_id,
            };
            let id = insert_referral(
                tx,
                &Referral {
                    client_id,
                    ..r.clone()
                },
            )?;
            log(tx, &at, "create", "referral", id, client_id, r.status.key())?;
            Ok(id)
        })
    }

    /// Save a referral's edited fields over `base`, the referral as the form
    /// showed it (`StoreError::Conflict` if another session changed it since).
    pub fn update_referral(&mut self, r: &Referral, base: &Referral) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let client_id: i64 = tx
                .prepare_cached("SELECT client_id FROM referrals WHERE id = ?1")?
                .query_row([r.id], |row| row.get(0))
                .optional()?
                .ok_or_else(|| StoreError::Invalid(format!("referral {} does not exist", r.id)))?;
            conflict::check(
                tx,
                RecordRef::Referral(r.id),
                |now| matches!(now, Snapshot::Referral(n) if conflict::same_referral(n, base)),
            )?;
            update_referral(tx, r)?;
            log(
                tx,
                &at,
                "update",
                "referral",
                r.id,
                client_id,
                r.status.key(),
            )
        })
    }

    /// Steps and referrals under one goal, for its detail view.
    pub fn goal_plan(&self, goal_id: i64) -> Result<(Vec<PlanStep>, Vec<Referral>)> {
        Ok((steps(&self.conn, goal_id)?, referrals(&self.conn, goal_id)?))
    }
}
