//! Safety plans: one per client, replaced as a whole when edited.

use super::error::Result;
use crate::domain::Stamp;
use crate::domain::safety::SafetyPlan;
use rusqlite::{Connection, OptionalExtension, params};

pub fn get(conn: &Connection, client_id: i64) -> Result<Option<SafetyPlan>> {
    let mut stmt = conn.prepare_cached(
        "SELECT warning_signs, coping, supports, professionals, safe_environment, updated_at
         FROM safety_plans WHERE client_id = ?1",
    )?;
    Ok(stmt
        .query_row([client_id], |r| {
            Ok(SafetyPlan {
                warning_signs: r.get(0)?,
                coping: r.get(1)?,
                supports: r.get(2)?,
                professionals: r.get(3)?,
                safe_environment: r.get(4)?,
                updated_at: Some(r.get(5)?),
            })
        })
        .optional()?)
}

/// Insert or replace the client's plan; `updated_at` is set to `at`.
pub fn put(conn: &Connection, client_id: i64, p: &SafetyPlan, at: &Stamp) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO safety_plans (client_id, warning_signs, coping, supports, professionals,
            safe_environment, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (client_id) DO UPDATE SET warning_signs = excluded.warning_signs,
            coping = excluded.coping, supports = excluded.supports,
            professionals = excluded.professionals,
            safe_environment = excluded.safe_environment, updated_at = excluded.updated_at",
    )?
    .execute(params![
        client_id,
        p.warning_signs.trim(),
        p.coping.trim(),
        p.supports.trim(),
        p.professionals.trim(),
        p.safe_environment.trim(),
        at,
    ])?;
    Ok(())
}
