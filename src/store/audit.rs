use super::error::Result;
use rusqlite::Connection;

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub client_id: Option<i64>,
    pub detail: &'a str,
    /// The SHA-256 of a note or addendum as it was signed (see
    /// store::chain), on the row that signs it.
    pub seal: Option<&'a str>,
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
            seal: None,
        }
    }

    pub fn detail(self, detail: &'a str) -> Self {
        AuditEntry { detail, ..self }
    }
}

/// Append a row to the audit trail, chained to the row before it.
pub fn record(conn: &Connection, at: &str, e: &AuditEntry<'_>) -> Result<()> {
    super::chain::append(conn, at, e)
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
