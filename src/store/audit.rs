use super::error::Result;
use rusqlite::{Connection, params};

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub client_id: Option<i64>,
    pub detail: &'a str,
}

pub fn record(conn: &Connection, at: &str, e: &AuditEntry<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, action, entity, entity_id, client_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        at,
        e.action,
        e.entity,
        e.entity_id,
        e.client_id,
        e.detail
    ])?;
    Ok(())
}
