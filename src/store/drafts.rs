//! Unsaved editor text. A draft row exists from a second after the first
//! typing until the note is saved or the draft is discarded, so that a
//! dropped link, a kill or a crash costs at most the last second of typing.

use super::codec::enum_key;
use super::error::Result;
use crate::domain::{NoteFormat, NoteKind, NoteMeta, Stamp};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// What the draft will become when saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftTarget {
    /// A new note.
    New,
    /// New text for an unsigned note (`note_id`).
    Edit,
    /// An addendum to a signed note (`note_id`).
    Addendum,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// 0 until first written.
    pub id: i64,
    pub client_id: i64,
    pub note_id: Option<i64>,
    pub target: DraftTarget,
    pub meta: NoteMeta,
    pub body: String,
    /// When it was last written; `None` until then.
    pub updated_at: Option<Stamp>,
}

/// The `meta` column: the target plus the note's details.
#[derive(Serialize, Deserialize)]
struct MetaColumn {
    target: DraftTarget,
    #[serde(flatten)]
    note: NoteMeta,
}

/// Write a draft at `at`; returns its id (new on first write).
pub fn upsert(conn: &Connection, d: &Draft, at: &Stamp) -> Result<i64> {
    let meta = serde_json::to_string(&MetaColumn {
        target: d.target,
        note: d.meta.clone(),
    })
    .map_err(|e| super::StoreError::Invalid(format!("draft details: {e}")))?;
    let args = params![
        d.client_id,
        d.note_id,
        d.meta.kind.key(),
        d.meta.format.key(),
        d.body,
        meta,
        at
    ];
    if d.id != 0 {
        let n = conn
            .prepare_cached(
                "UPDATE drafts SET client_id = ?1, note_id = ?2, kind = ?3, format = ?4,
                    body = ?5, meta = ?6, updated_at = ?7 WHERE id = ?8",
            )?
            .execute(rusqlite::params_from_iter(
                args.iter().copied().chain([&d.id as &dyn rusqlite::ToSql]),
            ))?;
        if n == 1 {
            return Ok(d.id);
        }
        // The row is gone (saved or discarded by another instance): keep the
        // words anyway, in a new row.
    }
    conn.prepare_cached(
        "INSERT INTO drafts (client_id, note_id, kind, format, body, meta, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(args)?;
    Ok(conn.last_insert_rowid())
}

/// The two kinds of draft a session can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Note,
    Form,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Note => "drafts",
            Kind::Form => "form_drafts",
        }
    }
}

/// Who holds a note draft: (owner, since), or `None` when nobody does or
/// the row is gone.
pub fn holder(conn: &Connection, id: i64) -> Result<Option<(String, String)>> {
    holder_of(conn, Kind::Note, id)
}

/// Who holds a draft of either kind.
pub fn holder_of(conn: &Connection, kind: Kind, id: i64) -> Result<Option<(String, String)>> {
    use rusqlite::OptionalExtension;
    let sql = format!(
        "SELECT owner, owned_since FROM {} WHERE id = ?1",
        kind.table()
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| <(Option<String>, Option<String>)>::try_from(r))
        .optional()?;
    Ok(match row {
        Some((Some(owner), since)) => Some((owner, since.unwrap_or_default())),
        _ => None,
    })
}

/// Make `owner` the holder of a note draft (from `since`), or nobody's.
pub fn set_holder(conn: &Connection, id: i64, owner: Option<(&str, &str)>) -> Result<()> {
    set_holder_of(conn, Kind::Note, id, owner)
}

pub fn set_holder_of(
    conn: &Connection,
    kind: Kind,
    id: i64,
    owner: Option<(&str, &str)>,
) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET owner = ?1, owned_since = ?2 WHERE id = ?3",
        kind.table()
    );
    conn.prepare_cached(&sql)?
        .execute(params![owner.map(|o| o.0), owner.map(|o| o.1), id])?;
    Ok(())
}

/// The holder of a draft, if it is another session that is still running.
pub fn held_elsewhere(conn: &Connection, kind: Kind, id: i64, me: &str) -> Result<Option<String>> {
    Ok(match holder_of(conn, kind, id)? {
        Some((owner, since)) if owner != me && super::session::Session::owner_alive(&owner) => {
            Some(since)
        }
        _ => None,
    })
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM drafts WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Every draft, most recently written first.
pub fn all(conn: &Connection, today: crate::domain::Date) -> Result<Vec<Draft>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, client_id, note_id, kind, format, body, meta, updated_at
         FROM drafts ORDER BY updated_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        <(i64, i64, Option<i64>, String, String, String, String, Stamp)>::try_from(r)
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, client_id, note_id, kind, format, body, meta, updated_at) = row?;
        // Unreadable details must never cost the text: fall back to the
        // columns and today's date.
        let (target, meta) = match serde_json::from_str::<MetaColumn>(&meta) {
            Ok(m) => (m.target, m.note),
            Err(_) => {
                let mut m = NoteMeta::new(today);
                m.kind = NoteKind::stored(&kind);
                m.format =
                    enum_key(&format, "note format", NoteFormat::from_key).unwrap_or(m.format);
                let target = if note_id.is_some() {
                    DraftTarget::Edit
                } else {
                    DraftTarget::New
                };
                (target, m)
            }
        };
        out.push(Draft {
            id,
            client_id,
            note_id,
            target,
            meta,
            body,
            updated_at: Some(updated_at),
        });
    }
    Ok(out)
}
