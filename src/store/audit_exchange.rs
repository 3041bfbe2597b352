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

/// The columns an exported row is read from, in [`row_export`]'s order.
pub(super) fn row_select() -> String {
    format!("SELECT {ROW_COLUMNS}, coalesce(hash, '') FROM audit")
}

/// One row as exported (from [`row_select`]).
pub(super) fn row_export(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRowExport> {
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
}

/// The whole trail, oldest first, with its head.
pub fn trail(conn: &Connection) -> Result<AuditTrailExport> {
    let mut stmt = conn.prepare(&format!("{} ORDER BY id", row_select()))?;
    let rows = stmt
        .query_map([], row_export)?
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
    let sealed: std::collections::HashSet<(&str, i64)> = t
        .rows
        .iter()
        .filter(|r| r.seal.is_some())
        .filter_map(|r| Some((r.entity.as_str(), r.entity_id?)))
        .collect();
    for (i, c) in doc.clients.iter().enumerate() {
        signatures_sealed(c, &format!("clients[{i}]"), |entity, id| {
            Ok(sealed.contains(&(entity, id)))
        })?;
    }
    Ok(())
}

/// Every note and addendum of this client that the file says is signed
/// has a seal, as `sealed(entity, id)` finds them.
fn signatures_sealed(
    c: &super::export::ClientExport,
    p: &str,
    mut sealed: impl FnMut(&str, i64) -> Result<bool>,
) -> Result<()> {
    for (j, n) in c.notes.iter().enumerate() {
        let at = format!("{p}.notes[{j}]");
        if n.signed_at.is_some() && !sealed("note", n.id)? {
            return Err(bad(
                format!("{at}.signed_at"),
                format!(
                    "note {} claims to be signed, but the file's audit trail holds no signature for it",
                    n.id
                ),
            ));
        }
        for (k, a) in n.addenda.iter().enumerate() {
            let signed_here = match a.id {
                Some(id) => sealed("addendum", id)?,
                None => false,
            };
            if a.signed_at.is_some() && !signed_here {
                return Err(bad(
                    format!("{at}.addenda[{k}].signed_at"),
                    "claims to be signed, but the file's audit trail holds no signature for it",
                ));
            }
        }
    }
    Ok(())
}

/// Does a whole trail chain from its first row to its head? The first
/// broken place, by its path in the file, if not.
fn verify_whole(t: &AuditTrailExport) -> Result<()> {
    let mut chain = ChainCheck::default();
    for (i, r) in t.rows.iter().enumerate() {
        chain.row(i, r)?;
    }
    chain.end(t.head.as_ref())
}

/// A whole trail checked a row at a time, as a file is read.
#[derive(Default)]
pub(super) struct ChainCheck {
    last: Option<Head>,
}

impl ChainCheck {
    /// The `i`th row (from 0) follows from the rows before it.
    pub(super) fn row(&mut self, i: usize, r: &AuditRowExport) -> Result<()> {
        let at = format!("audit.rows[{i}]");
        if r.id != i as i64 + 1 {
            return Err(bad(
                format!("{at}.id"),
                format!("{} where row {} was due: rows are missing", r.id, i + 1),
            ));
        }
        let prev = self.last.as_ref().map(|h| h.hash.as_str());
        if chain::row_hash(prev, &r.fields()) != r.hash {
            return Err(bad(
                format!("{at}.hash"),
                "does not follow from the row and the rows before it: the trail was changed",
            ));
        }
        self.last = Some(Head {
            row: r.id,
            hash: r.hash.clone(),
        });
        Ok(())
    }

    /// The rows ended where the file says its head is.
    pub(super) fn end(&self, head: Option<&Head>) -> Result<()> {
        if self.last.as_ref() != head {
            return Err(bad(
                "audit.head".into(),
                "is not where the rows end: rows are missing or the head was changed",
            ));
        }
        Ok(())
    }
}

/// A trail's scope: `all` or `client`.
pub(super) fn known_scope(scope: &str) -> Result<()> {
    match scope {
        "all" | "client" => Ok(()),
        other => Err(bad(
            "audit.scope".into(),
            format!("unknown value {other:?}"),
        )),
    }
}

/// Putting an exported trail into the database being imported into, a row
/// at a time, before any record is written. A whole trail into an empty
/// audit goes in as it was, hashes and all, checked to chain to its head;
/// one client's rows, or any trail into a database that has rows already,
/// are appended to this database's chain, keeping their time, action,
/// detail and seal.
pub(super) struct Restore {
    verbatim: Option<ChainCheck>,
    head: Option<Head>,
    /// The last row before the import: seals are looked for after it.
    pub(super) before: i64,
}

impl Restore {
    pub(super) fn start(tx: &Connection, scope: &str, head: Option<Head>) -> Result<Restore> {
        known_scope(scope)?;
        let last = chain::head(tx)?;
        let verbatim = (scope == "all" && last.is_none()).then(ChainCheck::default);
        Ok(Restore {
            verbatim,
            head,
            before: last.map_or(0, |h| h.row),
        })
    }

    pub(super) fn row(&mut self, tx: &Connection, i: usize, r: &AuditRowExport) -> Result<()> {
        if let Some(chain) = &mut self.verbatim {
            chain.row(i, r)?;
            return chain::insert_row(tx, &r.fields(), &r.hash);
        }
        let entry = AuditEntry {
            action: &r.action,
            entity: &r.entity,
            entity_id: r.entity_id,
            client_id: r.client_id,
            detail: &r.detail,
            seal: r.seal.as_deref(),
        };
        audit::record(tx, &r.at, &entry)
    }

    pub(super) fn end(&self) -> Result<()> {
        match &self.verbatim {
            Some(chain) => chain.end(self.head.as_ref()),
            None => Ok(()),
        }
    }
}

/// Every note and addendum of this client that the file says is signed has
/// its signature among the trail rows restored after `before` (the
/// database's side of [`check_document`], for a file read a client at a
/// time).
pub(super) fn client_seals(
    tx: &Connection,
    c: &super::export::ClientExport,
    p: &str,
    before: i64,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT 1 FROM audit WHERE entity = ?1 AND entity_id = ?2 AND seal IS NOT NULL
         AND id > ?3 LIMIT 1",
    )?;
    signatures_sealed(c, p, |entity, id| {
        Ok(stmt.exists(rusqlite::params![entity, id, before])?)
    })
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
