//! The JSON export written while it is read: one client at a time, then the
//! audit trail row by row, so memory stays flat however large the caseload.
//! The bytes are exactly those of `serde_json::to_writer_pretty` over
//! [`super::export::export`]'s document, which tests hold it to.

use super::audit_exchange::{row_export, row_select};
use super::error::{Result, StoreError};
use super::export::{EXPORT_FORMAT, client_export};
use super::{Store, chain, clients};
use crate::domain::ChecklistTemplate;
use rusqlite::Connection;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::io::Write;

/// Write every client (or only `only`) and the audit trail (all of it, or
/// that client's rows) to `out`, calling `progress` after each client with
/// the number written so far. All of it is read in one snapshot, so a
/// session writing meanwhile cannot make the trail and the records disagree.
/// Returns the number of clients written.
pub fn write_json<W: Write>(
    store: &Store,
    template: &ChecklistTemplate,
    only: Option<i64>,
    out: W,
    progress: impl FnMut(usize, usize),
) -> Result<usize> {
    store.read(|| write_in_snapshot(store, template, only, out, progress))
}

fn write_in_snapshot<W: Write>(
    store: &Store,
    template: &ChecklistTemplate,
    only: Option<i64>,
    out: W,
    progress: impl FnMut(usize, usize),
) -> Result<usize> {
    let conn = store.conn();
    let ids: Vec<i64> = match only {
        None => clients::all_ids(conn)?,
        Some(id) if clients::all_ids(conn)?.contains(&id) => vec![id],
        Some(id) => {
            return Err(StoreError::refused(
                store.path(),
                format!("no client with id {id}"),
            ));
        }
    };
    let failed = RefCell::new(None);
    let progress = RefCell::new(progress);
    let doc = Document {
        schema_version: store.schema_version()?,
        clients: Clients {
            store,
            template,
            ids: &ids,
            failed: &failed,
            progress: &progress,
        },
        trail: Trail {
            conn,
            only,
            failed: &failed,
        },
    };
    let mut out = std::io::BufWriter::new(out);
    let written = serde_json::to_writer_pretty(&mut out, &doc);
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    written.map_err(|e| StoreError::Io(e.into()))?;
    out.flush().map_err(StoreError::Io)?;
    Ok(ids.len())
}

struct Document<'a, P> {
    schema_version: i64,
    clients: Clients<'a, P>,
    trail: Trail<'a>,
}

impl<P: FnMut(usize, usize)> Serialize for Document<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // The fields and their order are `Export`'s.
        let mut doc = s.serialize_struct("Export", 4)?;
        doc.serialize_field("casework_export", &EXPORT_FORMAT)?;
        doc.serialize_field("schema_version", &self.schema_version)?;
        doc.serialize_field("clients", &self.clients)?;
        doc.serialize_field("audit", &self.trail)?;
        doc.end()
    }
}

/// A database error met while serializing, kept for the caller; serde is
/// told only that it must stop.
fn stop<E: serde::ser::Error>(failed: &RefCell<Option<StoreError>>, e: StoreError) -> E {
    *failed.borrow_mut() = Some(e);
    E::custom("stopped by a database error")
}

struct Clients<'a, P> {
    store: &'a Store,
    template: &'a ChecklistTemplate,
    ids: &'a [i64],
    failed: &'a RefCell<Option<StoreError>>,
    progress: &'a RefCell<P>,
}

impl<P: FnMut(usize, usize)> Serialize for Clients<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.ids.len()))?;
        for (i, &id) in self.ids.iter().enumerate() {
            let client = client_export(self.store, self.template, id)
                .map_err(|e| stop::<S::Error>(self.failed, e))?;
            seq.serialize_element(&client)?;
            (self.progress.borrow_mut())(i + 1, self.ids.len());
        }
        seq.end()
    }
}

struct Trail<'a> {
    conn: &'a Connection,
    only: Option<i64>,
    failed: &'a RefCell<Option<StoreError>>,
}

impl Serialize for Trail<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // The fields and their order are `AuditTrailExport`'s.
        let head = chain::head(self.conn).map_err(|e| stop::<S::Error>(self.failed, e))?;
        let mut trail = s.serialize_struct("AuditTrailExport", 3)?;
        trail.serialize_field("scope", if self.only.is_some() { "client" } else { "all" })?;
        trail.serialize_field("head", &head)?;
        trail.serialize_field("rows", &Rows(self))?;
        trail.end()
    }
}

struct Rows<'a>(&'a Trail<'a>);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.0;
        let fail = |e: rusqlite::Error| stop::<S::Error>(t.failed, e.into());
        let sql = match t.only {
            None => format!("{} ORDER BY id", row_select()),
            Some(_) => format!("{} WHERE client_id = ?1 ORDER BY id", row_select()),
        };
        let mut stmt = t.conn.prepare(&sql).map_err(fail)?;
        let mut rows = match t.only {
            None => stmt.query([]),
            Some(id) => stmt.query([id]),
        }
        .map_err(fail)?;
        let mut seq = s.serialize_seq(None)?;
        while let Some(r) = rows.next().map_err(fail)? {
            seq.serialize_element(&row_export(r).map_err(fail)?)?;
        }
        seq.end()
    }
}
