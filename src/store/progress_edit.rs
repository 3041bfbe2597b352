//! Correcting a progress record while it is recent. The rule: a record can
//! be edited (value, date, rater, note) within [`EDIT_DAYS`] days of being
//! recorded; after that, or once entered in error, the way is to mark it
//! entered in error and record a new one. (One database is one worker's,
//! so "recorded by the same worker" holds for every record in it.) Each
//! edit writes one audit row with the values before and after.

use super::Store;
use super::audit::{self, AuditEntry};
use super::codec;
use super::error::{Result, StoreError};
use crate::domain::{Progress, Stamp};
use chrono::{Duration, Utc};
use rusqlite::{OptionalExtension, params};

/// How long after recording a progress record stays editable.
pub const EDIT_DAYS: i64 = 7;

/// Is a record made at `created_at` (UTC RFC 3339) still editable now?
pub fn editable(created_at: &str) -> bool {
    editable_at(created_at, Utc::now())
}

/// Is a record made at `created_at` still editable at `now`?
pub fn editable_at(created_at: &str, now: chrono::DateTime<Utc>) -> bool {
    Stamp::parse(created_at)
        .time()
        .is_some_and(|t| now - t <= Duration::days(EDIT_DAYS))
}

fn values(p: &Progress) -> serde_json::Value {
    serde_json::json!({
        "recorded_on": p.date.to_string(),
        "value": p.value,
        "rated_by": p.rated_by.key(),
        "note": p.note,
    })
}

fn same(a: &Progress, b: &Progress) -> bool {
    let note = |p: &Progress| {
        p.note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    };
    a.date == b.date && a.value == b.value && a.rated_by == b.rated_by && note(a) == note(b)
}

impl Store {
    /// Save `new` over progress record `id`, which the form showed as
    /// `base`. Refused (`StoreError::Rule`, saying why and what to do) when
    /// it was entered in error, is older than the edit window, or another
    /// session changed it since.
    pub fn update_progress(&mut self, id: i64, new: &Progress, base: &Progress) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            let goal_id: Option<i64> = tx
                .prepare_cached("SELECT goal_id FROM progress WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let goal_id = goal_id
                .ok_or_else(|| StoreError::Rule("this progress record no longer exists".into()))?;
            let client_id = super::goals::client_of(tx, goal_id)?;
            let now = super::goals::for_client(tx, client_id)?
                .into_iter()
                .flat_map(|g| g.progress)
                .find(|p| p.id == id)
                .ok_or_else(|| StoreError::Rule("this progress record no longer exists".into()))?;
            if let Some(e) = &now.error {
                return Err(StoreError::Rule(format!(
                    "this progress record was entered in error by {} ({}); record a new value",
                    e.by, e.reason
                )));
            }
            if !editable(&now.created_at) {
                return Err(StoreError::Rule(format!(
                    "progress can be edited for {EDIT_DAYS} days after it is recorded; \
                     mark it entered in error and record a new value"
                )));
            }
            if !same(&now, base) {
                return Err(StoreError::Rule(
                    "another session changed this progress record; it is shown as it is now".into(),
                ));
            }
            tx.prepare_cached(
                "UPDATE progress SET recorded_on = ?2, value = ?3, rated_by = ?4, note = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                new.date.to_string(),
                new.value,
                new.rated_by.key(),
                new.note
            ])?;
            let detail =
                serde_json::json!({ "before": values(&now), "after": values(new) }).to_string();
            let entry = AuditEntry::client("update", "progress", id, client_id).detail(&detail);
            audit::record(tx, &at, &entry)
        })
    }
}
