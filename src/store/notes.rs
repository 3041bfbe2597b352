use super::codec::{date, enum_key};
use super::error::Result;
use crate::domain::note::Addendum;
use crate::domain::{Note, NoteFormat, NoteKind};
use rusqlite::{Connection, params};

/// A client's notes, newest session first, each with its addenda.
pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, format, body, techniques, session_date, duration_min, created_at,
            signed_at
         FROM notes WHERE client_id = ?1 ORDER BY session_date DESC, id DESC",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<u32>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut notes = Vec::new();
    for row in rows {
        let (id, kind, format, body, techniques, session_date, duration_min, created_at, signed_at) =
            row?;
        notes.push(Note {
            id,
            client_id,
            kind: enum_key(&kind, "note kind", NoteKind::from_key)?,
            format: enum_key(&format, "note format", NoteFormat::from_key)?,
            body,
            techniques: techniques
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            session_date: date(&session_date)?,
            duration_min,
            created_at,
            signed_at,
            addenda: Vec::new(),
        });
    }
    for n in &mut notes {
        n.addenda = addenda(conn, n.id)?;
    }
    Ok(notes)
}

fn addenda(conn: &Connection, note_id: i64) -> Result<Vec<Addendum>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, body, created_at, signed_at FROM addenda WHERE note_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([note_id], |r| {
        Ok(Addendum {
            id: r.get(0)?,
            body: r.get(1)?,
            created_at: r.get(2)?,
            signed_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Insert a note as given (signed or not); addenda are ignored. An id of 0
/// takes the next free one; another id is kept (imports).
pub fn insert(conn: &Connection, n: &Note) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO notes (id, client_id, kind, format, body, techniques, session_date,
            duration_min, created_at, updated_at, signed_at)
         VALUES (NULLIF(?10, 0), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    )?
    .execute(params![
        n.client_id,
        n.kind.key(),
        n.format.key(),
        n.body,
        n.techniques.join(","),
        n.session_date.to_string(),
        n.duration_min,
        n.created_at,
        n.signed_at,
        n.id,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_addendum(conn: &Connection, note_id: i64, a: &Addendum) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO addenda (note_id, body, created_at, signed_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![note_id, a.body, a.created_at, a.signed_at])?;
    Ok(conn.last_insert_rowid())
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?)
}
