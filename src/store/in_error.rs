//! Marking a record "entered in error". Nothing is deleted: the row keeps
//! its values and gains who, when and why; one audit row, in the same
//! transaction, carries the values it held. A mark applies only to the row
//! as the screen showed it (see [`Store::mark_base`]): if another session
//! changed or marked it meanwhile, nothing is written.

use super::Store;
use super::audit::{self, AuditEntry};
use super::codec;
use super::error::{Result, StoreError};
use crate::domain::{InError, Stage};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

/// A record that can be marked entered in error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkTarget {
    Progress(i64),
    Step(i64),
    Referral(i64),
    Goal(i64),
    /// Unsigned notes only: a signed note takes an addendum.
    Note(i64),
    /// A standard measure's score.
    Measure(i64),
    /// One version of a goal's GAS scale.
    GasScale(i64),
    /// A GAS review (its levels stay with it).
    GasReview(i64),
    /// A ticked checklist item of one client.
    Tick {
        client_id: i64,
        stage: Stage,
        item_key: String,
    },
}

impl MarkTarget {
    /// The audit trail's name for the entity.
    pub fn entity(&self) -> &'static str {
        match self {
            MarkTarget::Progress(_) => "progress",
            MarkTarget::Step(_) => "plan_step",
            MarkTarget::Referral(_) => "referral",
            MarkTarget::Goal(_) => "goal",
            MarkTarget::Note(_) => "note",
            MarkTarget::Measure(_) => "measure",
            MarkTarget::GasScale(_) => "gas_scale",
            MarkTarget::GasReview(_) => "gas_review",
            MarkTarget::Tick { .. } => "checklist",
        }
    }

    /// The kind of record, in words.
    pub fn what(&self) -> &'static str {
        match self {
            MarkTarget::Progress(_) => "progress record",
            MarkTarget::Step(_) => "plan step",
            MarkTarget::Referral(_) => "referral",
            MarkTarget::Goal(_) => "goal",
            MarkTarget::Note(_) => "note",
            MarkTarget::Measure(_) => "measure",
            MarkTarget::GasScale(_) => "GAS scale",
            MarkTarget::GasReview(_) => "GAS review",
            MarkTarget::Tick { .. } => "checklist tick",
        }
    }

    fn id(&self) -> Option<i64> {
        match self {
            MarkTarget::Progress(id)
            | MarkTarget::Step(id)
            | MarkTarget::Referral(id)
            | MarkTarget::Goal(id)
            | MarkTarget::Note(id)
            | MarkTarget::Measure(id)
            | MarkTarget::GasScale(id)
            | MarkTarget::GasReview(id) => Some(*id),
            MarkTarget::Tick { .. } => None,
        }
    }
}

/// The login name of the worker at the keyboard, for "who marked it".
pub fn worker() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The row as stored, every column by name, and its client; `None` if
/// there is no such row.
fn row(conn: &Connection, t: &MarkTarget) -> Result<Option<(Map<String, Value>, i64)>> {
    let (sql, key): (&str, Vec<rusqlite::types::Value>) = match t {
        MarkTarget::Progress(id) => (
            "SELECT p.*, g.client_id AS of_client FROM progress p JOIN goals g ON g.id = p.goal_id
             WHERE p.id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Step(id) => (
            "SELECT s.*, g.client_id AS of_client FROM plan_steps s JOIN goals g ON g.id = s.goal_id
             WHERE s.id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Referral(id) => (
            "SELECT *, client_id AS of_client FROM referrals WHERE id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Goal(id) => (
            "SELECT *, client_id AS of_client FROM goals WHERE id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Note(id) => (
            "SELECT *, client_id AS of_client FROM notes WHERE id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Measure(id) => (
            "SELECT *, client_id AS of_client FROM measures WHERE id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::GasScale(id) => (
            "SELECT s.*, g.client_id AS of_client FROM gas_scales s JOIN goals g ON g.id = s.goal_id
             WHERE s.id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::GasReview(id) => (
            "SELECT *, client_id AS of_client FROM gas_reviews WHERE id = ?1",
            vec![(*id).into()],
        ),
        MarkTarget::Tick {
            client_id,
            stage,
            item_key,
        } => (
            "SELECT *, client_id AS of_client FROM checklist_state
             WHERE client_id = ?1 AND stage = ?2 AND item_key = ?3",
            vec![
                (*client_id).into(),
                stage.key().to_string().into(),
                item_key.clone().into(),
            ],
        ),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let found = stmt
        .query_row(rusqlite::params_from_iter(key), |r| {
            let mut map = Map::new();
            let mut client = 0;
            for (i, name) in names.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::from(n),
                    ValueRef::Real(x) => Value::from(x),
                    ValueRef::Text(s) | ValueRef::Blob(s) => {
                        Value::from(String::from_utf8_lossy(s).into_owned())
                    }
                };
                if name == "of_client" {
                    client = v.as_i64().unwrap_or(0);
                } else {
                    map.insert(name.clone(), v);
                }
            }
            Ok((map, client))
        })
        .optional()?;
    Ok(found)
}

/// The row in one line, as a mark's base.
fn fingerprint(map: &Map<String, Value>) -> String {
    Value::Object(map.clone()).to_string()
}

/// Why a row cannot be marked, in words; `None` when it can.
fn refusal(t: &MarkTarget, map: &Map<String, Value>) -> Option<String> {
    let set = |k: &str| map.get(k).is_some_and(|v| !v.is_null());
    if set("error_at") {
        let by = map.get("error_by").and_then(Value::as_str).unwrap_or("");
        let at = map.get("error_at").and_then(Value::as_str).unwrap_or("");
        return Some(format!(
            "this {} was already entered in error by {by} at {at}",
            t.what()
        ));
    }
    match t {
        MarkTarget::Note(_) if set("signed_at") => Some(
            "a signed note cannot be entered in error: add an addendum that corrects it".into(),
        ),
        MarkTarget::Tick { .. } if !set("done_on") => {
            Some("only a ticked item can be entered in error".into())
        }
        _ => None,
    }
}

impl Store {
    /// The record as it is now, for a mark to apply to (see
    /// [`Store::mark_in_error`]). Refused, with the reason in words, when
    /// the record cannot be marked (gone, signed, already marked, not ticked).
    pub fn mark_base(&self, t: &MarkTarget) -> Result<String> {
        let (map, _) = row(&self.conn, t)?.ok_or_else(|| gone(t))?;
        if let Some(why) = refusal(t, &map) {
            return Err(StoreError::Rule(why));
        }
        Ok(fingerprint(&map))
    }

    /// Mark a record entered in error, by the worker at the keyboard, with
    /// `reason` (required). `seen` is what [`Store::mark_base`] gave when
    /// the screen asked: if the row differs now, another session changed
    /// or marked it and nothing is written (`StoreError::Rule`, saying so).
    pub fn mark_in_error(&mut self, t: &MarkTarget, reason: &str, seen: &str) -> Result<InError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Rule("a reason is required".into()));
        }
        let mark = InError {
            at: codec::now(),
            by: worker(),
            reason: reason.to_string(),
        };
        self.write(|tx| {
            let (old, client_id) = row(tx, t)?
                .ok_or_else(|| StoreError::Rule(format!("this {} no longer exists", t.what())))?;
            if let Some(why) = refusal(t, &old) {
                return Err(StoreError::Rule(why));
            }
            if fingerprint(&old) != seen {
                return Err(StoreError::Rule(format!(
                    "another session changed this {} after you chose it; it is shown as it is now",
                    t.what()
                )));
            }
            let n = set_mark(tx, t, &mark)?;
            if n != 1 {
                return Err(StoreError::Rule(format!(
                    "this {} no longer exists",
                    t.what()
                )));
            }
            let detail = audit_detail(&old, &mark);
            let entry = AuditEntry::client("entered_in_error", t.entity(), t.id(), client_id)
                .detail(&detail);
            audit::record(tx, &mark.at, &entry)?;
            Ok(mark.clone())
        })
    }
}

/// No row: a checklist item has one only once it was ticked or noted.
fn gone(t: &MarkTarget) -> StoreError {
    StoreError::Rule(match t {
        MarkTarget::Tick { .. } => "only a ticked item can be entered in error".into(),
        _ => format!("this {} no longer exists", t.what()),
    })
}

fn set_mark(tx: &Connection, t: &MarkTarget, m: &InError) -> Result<usize> {
    let table = match t {
        MarkTarget::Progress(_) => "progress",
        MarkTarget::Step(_) => "plan_steps",
        MarkTarget::Referral(_) => "referrals",
        MarkTarget::Goal(_) => "goals",
        MarkTarget::Note(_) => "notes",
        MarkTarget::Measure(_) => "measures",
        MarkTarget::GasScale(_) => "gas_scales",
        MarkTarget::GasReview(_) => "gas_reviews",
        MarkTarget::Tick {
            client_id,
            stage,
            item_key,
        } => {
            // The tick is undone (it counts nowhere); its date stays in the
            // audit row written with the mark.
            return Ok(tx
                .prepare_cached(
                    "UPDATE checklist_state SET done_on = NULL,
                        error_at = ?1, error_by = ?2, error_reason = ?3
                     WHERE client_id = ?4 AND stage = ?5 AND item_key = ?6",
                )?
                .execute(params![
                    m.at,
                    m.by,
                    m.reason,
                    client_id,
                    stage.key(),
                    item_key
                ])?);
        }
    };
    let id = t.id().unwrap_or(0);
    Ok(tx
        .prepare_cached(&format!(
            "UPDATE {table} SET error_at = ?1, error_by = ?2, error_reason = ?3 WHERE id = ?4"
        ))?
        .execute(params![m.at, m.by, m.reason, id])?)
}

/// The audit row's detail: why, and the values the row held. A note's
/// text is left out (it stays, unchanged, in the note itself): the audit
/// trail does not copy note text.
fn audit_detail(old: &Map<String, Value>, m: &InError) -> String {
    let mut values = old.clone();
    values.retain(|k, _| !k.starts_with("error_"));
    if values.contains_key("body") {
        values.remove("body");
    }
    serde_json::json!({ "reason": m.reason, "by": m.by, "old": values }).to_string()
}
