//! GAS scales and reviews: each saved once, with one audit row, in one
//! transaction; corrected by being entered in error, never edited. Setting
//! a scale again adds a row: a goal's scale is its newest one not in error.

use super::Store;
use super::audit::{self, AuditEntry};
use super::codec::{self, date};
use super::error::{Result, StoreError};
use crate::domain::gas_record::{GasLevel, GasReview, GasScale, check_scale};
use crate::domain::{Date, InError};
use rusqlite::{Connection, params};

/// Every scale set on a goal, oldest first (entered in error included).
pub fn scales_of_goal(conn: &Connection, goal_id: i64) -> Result<Vec<GasScale>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, goal_id, much_less, less, expected, more, much_more, weight,
            set_by, created_at, error_at, error_by, error_reason
         FROM gas_scales WHERE goal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([goal_id], |r| {
        Ok(GasScale {
            id: r.get(0)?,
            goal_id: r.get(1)?,
            levels: [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            weight: r.get(7)?,
            set_by: r.get(8)?,
            created_at: r.get(9)?,
            error: super::goals::in_error(r, 10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The goal's scale now: its newest not entered in error.
pub fn current_scale(conn: &Connection, goal_id: i64) -> Result<Option<GasScale>> {
    Ok(scales_of_goal(conn, goal_id)?
        .into_iter()
        .rev()
        .find(|s| s.error.is_none()))
}

/// The scale of each of a client's goals that has one now, by goal id.
pub fn current_scales_of_client(conn: &Connection, client_id: i64) -> Result<Vec<GasScale>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.goal_id, s.much_less, s.less, s.expected, s.more, s.much_more, s.weight,
            s.set_by, s.created_at
         FROM gas_scales s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = ?1 AND s.error_at IS NULL
           AND s.id = (SELECT max(id) FROM gas_scales
                       WHERE goal_id = s.goal_id AND error_at IS NULL)
         ORDER BY s.goal_id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(GasScale {
            id: r.get(0)?,
            goal_id: r.get(1)?,
            levels: [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            weight: r.get(7)?,
            set_by: r.get(8)?,
            created_at: r.get(9)?,
            error: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Write one scale as it is (for a new one and for import).
pub fn insert_scale(conn: &Connection, s: &GasScale, at: &str) -> Result<i64> {
    let created = if s.created_at.is_empty() {
        at
    } else {
        &s.created_at
    };
    conn.prepare_cached(
        "INSERT INTO gas_scales (goal_id, much_less, less, expected, more, much_more, weight,
            set_by, created_at, error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        s.goal_id,
        s.levels[0],
        s.levels[1],
        s.levels[2],
        s.levels[3],
        s.levels[4],
        s.weight,
        s.set_by,
        created,
        s.error.as_ref().map(|e: &InError| &e.at),
        s.error.as_ref().map(|e| &e.by),
        s.error.as_ref().map(|e| &e.reason),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A client's reviews with their levels, oldest first (by day, then as saved).
pub fn reviews_of(conn: &Connection, client_id: i64) -> Result<Vec<GasReview>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, reviewed_on, t_score, recorded_by, created_at,
            error_at, error_by, error_reason
         FROM gas_reviews WHERE client_id = ?1 ORDER BY reviewed_on, id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            <(i64, i64, String, Option<f64>, String, String)>::try_from(r)?,
            super::goals::in_error(r, 6)?,
        ))
    })?;
    let mut levels = conn.prepare_cached(
        "SELECT goal_id, level, weight FROM gas_levels WHERE review_id = ?1 ORDER BY goal_id",
    )?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, client_id, on, t_score, by, at), error) = row?;
        let levels = levels
            .query_map([id], |r| {
                Ok(GasLevel {
                    goal_id: r.get(0)?,
                    level: r.get(1)?,
                    weight: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(GasReview {
            id,
            client_id,
            reviewed_on: date(&on)?,
            levels,
            t_score,
            recorded_by: by,
            created_at: at,
            error,
        });
    }
    Ok(out)
}

/// Write one review and its levels as they are (for a new one and for
/// import); each level's goal must be the client's.
pub fn insert_review(conn: &Connection, r: &GasReview, at: &str) -> Result<i64> {
    let created = if r.created_at.is_empty() {
        at
    } else {
        &r.created_at
    };
    conn.prepare_cached(
        "INSERT INTO gas_reviews (client_id, reviewed_on, t_score, recorded_by, created_at,
            error_at, error_by, error_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.client_id,
        r.reviewed_on.to_string(),
        r.t_score,
        r.recorded_by,
        created,
        r.error.as_ref().map(|e: &InError| &e.at),
        r.error.as_ref().map(|e| &e.by),
        r.error.as_ref().map(|e| &e.reason),
    ])?;
    let id = conn.last_insert_rowid();
    for l in &r.levels {
        let owner: Option<i64> = conn
            .prepare_cached("SELECT client_id FROM goals WHERE id = ?1")?
            .query_row([l.goal_id], |row| row.get(0))
            .ok();
        if owner != Some(r.client_id) {
            return Err(StoreError::Rule(format!(
                "goal {} is not one of this client's goals",
                l.goal_id
            )));
        }
        conn.prepare_cached(
            "INSERT INTO gas_levels (review_id, goal_id, level, weight) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, l.goal_id, l.level, l.weight])?;
    }
    Ok(id)
}

/// The levels in words for the audit trail: "goal 3: +1 (w 1)".
fn levels_in_words(levels: &[GasLevel]) -> String {
    levels
        .iter()
        .map(|l| format!("goal {}: {:+} (w {})", l.goal_id, l.level, l.weight))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Store {
    /// Set (or set again) a goal's scale, with one audit row, in one
    /// transaction. Nothing is written if a level is blank, the weight is
    /// not above 0, or the goal is not there or entered in error.
    pub fn set_gas_scale(
        &mut self,
        goal_id: i64,
        levels: [String; 5],
        weight: f64,
    ) -> Result<GasScale> {
        if let Some((_, why)) = check_scale(&levels, weight).into_iter().next() {
            return Err(StoreError::Rule(why));
        }
        let at = codec::now();
        let mut s = GasScale {
            id: 0,
            goal_id,
            levels: levels.map(|l| l.trim().to_string()),
            weight,
            set_by: super::in_error::worker(),
            created_at: at.clone(),
            error: None,
        };
        self.write(|tx| {
            let (client_id, in_error): (i64, Option<String>) = tx
                .query_row(
                    "SELECT client_id, error_at FROM goals WHERE id = ?1",
                    [goal_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|_| StoreError::Rule(format!("no goal with id {goal_id}")))?;
            if in_error.is_some() {
                return Err(StoreError::Rule(
                    "this goal was entered in error; it takes no scale".into(),
                ));
            }
            let before = current_scale(tx, goal_id)?;
            s.id = insert_scale(tx, &s, &at)?;
            let mut detail = format!("weight {}", s.weight);
            if let Some(b) = before {
                detail.push_str(&format!("; replaces scale {}", b.id));
            }
            let entry = AuditEntry::client("create", "gas_scale", s.id, client_id).detail(&detail);
            audit::record(tx, &at, &entry)?;
            Ok(())
        })?;
        Ok(s)
    }

    /// Save a review of `levels` (goal id, level) on `reviewed_on`, each
    /// goal's weight taken from its scale now, with the T-score computed
    /// here, one audit row, in one transaction. Nothing is written for an
    /// empty review, a goal without a scale, a level outside −2..+2, a day
    /// in the future or before intake.
    pub fn record_gas_review(
        &mut self,
        client_id: i64,
        reviewed_on: Date,
        today: Date,
        levels: &[(i64, i8)],
    ) -> Result<GasReview> {
        if levels.is_empty() {
            return Err(StoreError::Rule("a review needs at least one goal".into()));
        }
        if reviewed_on > today {
            return Err(StoreError::Rule(format!(
                "a review dated {reviewed_on} is in the future"
            )));
        }
        let at = codec::now();
        let mut review = GasReview {
            id: 0,
            client_id,
            reviewed_on,
            levels: Vec::new(),
            t_score: None,
            recorded_by: super::in_error::worker(),
            created_at: at.clone(),
            error: None,
        };
        self.write(|tx| {
            let client = super::clients::get(tx, client_id)
                .map_err(|_| StoreError::Rule(format!("no client with id {client_id}")))?;
            if let Some(i) = client.intake_date.filter(|i| reviewed_on < *i) {
                return Err(StoreError::Rule(format!(
                    "a review dated {reviewed_on} is before the intake date, {i}"
                )));
            }
            for &(goal_id, level) in levels {
                let scale = current_scale(tx, goal_id)?
                    .ok_or_else(|| StoreError::Rule(format!("goal {goal_id} has no GAS scale")))?;
                review.levels.push(GasLevel {
                    goal_id,
                    level,
                    weight: scale.weight,
                });
            }
            review.t_score = GasReview::compute(&review.levels).map_err(StoreError::Rule)?;
            review.id = insert_review(tx, &review, &at)?;
            let t = review
                .t_score
                .map_or_else(|| "no T-score".to_string(), |t| format!("T {t:.2}"));
            let detail = format!("{t}; {}", levels_in_words(&review.levels));
            let entry =
                AuditEntry::client("create", "gas_review", review.id, client_id).detail(&detail);
            audit::record(tx, &at, &entry)?;
            Ok(())
        })?;
        Ok(review)
    }

    pub fn gas_scales_of(&self, goal_id: i64) -> Result<Vec<GasScale>> {
        scales_of_goal(&self.conn, goal_id)
    }

    pub fn gas_scale_of(&self, goal_id: i64) -> Result<Option<GasScale>> {
        current_scale(&self.conn, goal_id)
    }

    pub fn gas_reviews_of(&self, client_id: i64) -> Result<Vec<GasReview>> {
        reviews_of(&self.conn, client_id)
    }
}
