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

impl<'a> AuditEntry<'a> {
    /// A change to one client's records (`entity_id` may be `None` for rows
    /// without an id of their own), with no detail yet.
    pub fn client(
        action: &'a str,
        entity: &'a str,
        entity_id: impl Into<Option<i64>>,
        client_id: i64,
    ) -> Self {
        AuditEntry {
            action,
            entity,
            entity_id: entity_id.into(),
            client_id: Some(client_id),
            detail: "",
        }
    }

    pub fn detail(self, detail: &'a str) -> Self {
        AuditEntry { detail, ..self }
    }
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

/// An audit row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub client_id: Option<i64>,
    pub detail: String,
}

/// The audit trail, oldest first; only one client's rows if `client` is given.
pub fn list(conn: &Connection, client: Option<i64>) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(
        "SELECT at, action, entity, entity_id, client_id, detail FROM audit
         WHERE ?1 IS NULL OR client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok(AuditRow {
            at: r.get(0)?,
            action: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            client_id: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
