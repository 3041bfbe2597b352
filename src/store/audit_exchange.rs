//! The audit trail in a JSON export, with its chain, and back again on
//! import: rows keep their time, action, detail and hash, so the imported
//! database's chain is the exported one's, and the import itself is
//! appended to it as new rows.

use super::audit::{self, AuditEntry};
use super::chain::{self, Head, ROW_COLUMNS};
use super::error::{Result, StoreError};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// The trail as exported.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditTrailExport {
    /// `all`: every row, which chain from the first to `head`; `client`:
    /// one client's rows only (an export of one client), which do not chain
    /// on their own but each carries its hash in the source's chain.
    pub scope: String,
    /// Where the source database's chain ended when it was exported.
    pub head: Option<Head>,
    pub rows: Vec<AuditRowExport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRowExport {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub client_id: Option<i64>,
    pub detail: String,
    pub seal: Option<String>,
    pub hash: String,
}

impl AuditRowExport {
    /// The row's fields as they are hashed (`ROW_COLUMNS`).
    fn fields(&self) -> Vec<Value> {
        let opt_int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
        vec![
            Value::Integer(self.id),
            Value::Text(self.at.clone()),
            Value::Text(self.action.clone()),
            Value::Text(self.entity.clone()),
            opt_int(self.entity_id),
            opt_int(self.client_id),
            Value::Text(self.detail.clone()),
            self.seal.clone().map_or(Value::Null, Value::Text),
        ]
    }
}

/// The whole trail, oldest first, with its head.
pub fn trail(conn: &Connection) -> Result<AuditTrailExport> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS}, coalesce(hash, '') FROM audit ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AuditRowExport {
                id: r.get(0)?,
                at: r.get(1)?,
                action: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                client_id: r.get(5)?,
                detail: r.get(6)?,
                seal: r.get(7)?,
                hash: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(AuditTrailExport {
        scope: "all".into(),
        head: chain::head(conn)?,
        rows,
    })
}

impl AuditTrailExport {
    /// Only one client's rows (for an export of that client alone: other
    /// clients' rows are theirs).
    pub fn keep_only_client(&mut self, id: i64) {
        self.rows.retain(|r| r.client_id == Some(id));
        self.scope = "client".into();
    }
}

/// A problem in the file, at its place there.
fn bad(at: String, what: impl std::fmt::Display) -> StoreError {
    StoreError::InFile {
        at,
        problem: what.to_string(),
    }
}

/// Checked on the document alone, before any database is opened: a whole
/// trail must chain to its head, and every note and addendum the file
/// says is signed must have its signature (a seal) in the trail. Without
/// that second rule, a record that claims a signature casework never gave
/// (which `check` reports in place) would be sealed by the import and come
/// out clean: exporting and importing would launder it.
pub(super) fn check_document(doc: &super::export::Export) -> Result<()> {
    let Some(t) = doc.audit.as_ref() else {
        return Ok(());
    };
    if t.scope == "all" {
        verify_whole(t)?;
    }
    let sealed = |entity: &str, id: i64| {
        t.rows
            .iter()
            .any(|r| r.entity == entity && r.entity_id == Some(id) && r.seal.is_some())
    };
    for (i, c) in doc.clients.iter().enumerate() {
        for (j, n) in c.notes.iter().enumerate() {
            let at = format!("clients[{i}].notes[{j}]");
            if n.signed_at.is_some() && !sealed("note", n.id) {
                return Err(bad(
                    format!("{at}.signed_at"),
                    format!(
                        "note {} claims to be signed, but the file's audit trail holds no signature for it",
                        n.id
                    ),
                ));
            }
            for (k, a) in n.addenda.iter().enumerate() {
                let signed_here = a.id.is_some_and(|id| sealed("addendum", id));
                if a.signed_at.is_some() && !signed_here {
                    return Err(bad(
                        format!("{at}.addenda[{k}].signed_at"),
                        "claims to be signed, but the file's audit trail holds no signature for it",
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Does a whole trail chain from its first row to its head? The first
/// broken place, by its path in the file, if not.
fn verify_whole(t: &AuditTrailExport) -> Result<()> {
    let mut prev: Option<&str> = None;
    for (i, r) in t.rows.iter().enumerate() {
        let at = format!("audit.rows[{i}]");
        if r.id != i as i64 + 1 {
            return Err(bad(
                format!("{at}.id"),
                format!("{} where row {} was due: rows are missing", r.id, i + 1),
            ));
        }
        if chain::row_hash(prev, &r.fields()) != r.hash {
            return Err(bad(
                format!("{at}.hash"),
                "does not follow from the row and the rows before it: the trail was changed",
            ));
        }
        prev = Some(&r.hash);
    }
    let last = t.rows.last().map(|r| Head {
        row: r.id,
        hash: r.hash.clone(),
    });
    if last != t.head {
        return Err(bad(
            "audit.head".into(),
            "is not where the rows end: rows are missing or the head was changed",
        ));
    }
    Ok(())
}

/// Put an exported trail into the database being imported into, before
/// anything else is written. A whole trail into an empty audit goes in as
/// it was, hashes and all, once it is shown to chain to its head; one
/// client's rows, or any trail into a database that has rows already, are
/// appended to this database's chain, keeping their time, action, detail
/// and seal.
pub(super) fn restore(tx: &Connection, trail: Option<&AuditTrailExport>) -> Result<()> {
    let Some(t) = trail else {
        return Ok(());
    };
    match t.scope.as_str() {
        "all" | "client" => {}
        other => {
            return Err(bad(
                "audit.scope".into(),
                format!("unknown value {other:?}"),
            ));
        }
    }
    let empty = chain::head(tx)?.is_none();
    if t.scope == "all" && empty {
        verify_whole(t)?;
        for r in &t.rows {
            chain::insert_row(tx, &r.fields(), &r.hash)?;
        }
        return Ok(());
    }
    for r in &t.rows {
        let entry = AuditEntry {
            action: &r.action,
            entity: &r.entity,
            entity_id: r.entity_id,
            client_id: r.client_id,
            detail: &r.detail,
            seal: r.seal.as_deref(),
        };
        audit::record(tx, &r.at, &entry)?;
    }
    Ok(())
}

/// After the records are in: seal what was signed but has no seal in the
/// trail (only a format-1 export, which had no trail: [`check_document`]
/// refuses a trail that lacks one), then make sure every signed note and
/// addendum matches its seal, so that the imported database checks clean.
pub(super) fn finish(tx: &Connection, at: &str) -> Result<()> {
    chain::seal_unsealed(tx, at, "import")?;
    match super::verify::seal_findings(tx)?.into_iter().next() {
        None => Ok(()),
        Some(first) => Err(bad(
            "audit".into(),
            format!(
                "a signed record does not match its signature in the file's audit trail: {first}"
            ),
        )),
    }
}
