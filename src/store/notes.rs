use super::codec::{date, enum_key};
use super::error::Result;
use crate::domain::note::Addendum;
use crate::domain::{LastNote, Note, NoteFormat, NoteKind, NoteMeta, Stamp};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

type NoteRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<u32>,
    Stamp,
    Option<Stamp>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const NOTE_COLUMNS: &str = "id, kind, format, body, techniques, session_date, session_time, \
     duration_min, created_at, signed_at, error_at, error_by, error_reason";

/// A client's notes, newest session first, each with its addenda and goals:
/// three queries, whatever the number of notes.
pub fn for_client(conn: &Connection, client_id: i64) -> Result<Vec<Note>> {
    let mut addenda_of: HashMap<i64, Vec<Addendum>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.note_id, a.id, a.body, a.created_at, a.signed_at
           FROM addenda a JOIN notes n ON n.id = a.note_id
          WHERE n.client_id = ?1 ORDER BY a.note_id, a.id",
    )?;
    let mut rows = stmt.query([client_id])?;
    while let Some(r) = rows.next()? {
        addenda_of.entry(r.get(0)?).or_default().push(Addendum {
            id: r.get(1)?,
            body: r.get(2)?,
            created_at: r.get(3)?,
            signed_at: r.get(4)?,
        });
    }
    let mut goals_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT g.note_id, g.goal_id
           FROM note_goals g JOIN notes n ON n.id = g.note_id
          WHERE n.client_id = ?1 ORDER BY g.note_id, g.goal_id",
    )?;
    let mut rows = stmt.query([client_id])?;
    while let Some(r) = rows.next()? {
        goals_of.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NOTE_COLUMNS} FROM notes WHERE client_id = ?1
         ORDER BY session_date DESC, session_time DESC, id DESC"
    ))?;
    let rows = stmt.query_map([client_id], |r| NoteRow::try_from(r))?;
    let mut notes = Vec::new();
    for row in rows {
        let row = row?;
        let id = row.0;
        let goals = goals_of.remove(&id).unwrap_or_default();
        let addenda = addenda_of.remove(&id).unwrap_or_default();
        notes.push(note_from(client_id, row, goals, addenda)?);
    }
    Ok(notes)
}

/// One note as it is now, with its addenda and goals; `None` if it is gone.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Note>> {
    let Some(client_id) = client_of(conn, id)? else {
        return Ok(None);
    };
    let row = conn
        .prepare_cached(&format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"))?
        .query_row([id], |r| NoteRow::try_from(r))?;
    note_of(conn, client_id, row).map(Some)
}

/// A note from its row, with its addenda and goals.
fn note_of(conn: &Connection, client_id: i64, row: NoteRow) -> Result<Note> {
    let id = row.0;
    note_from(client_id, row, goal_ids(conn, id)?, addenda(conn, id)?)
}

/// A note from its row and what hangs from it.
fn note_from(
    client_id: i64,
    row: NoteRow,
    goal_ids: Vec<i64>,
    addenda: Vec<Addendum>,
) -> Result<Note> {
    let (
        id,
        kind,
        format,
        body,
        techniques,
        session_date,
        session_time,
        duration_min,
        created_at,
        signed_at,
        error_at,
        error_by,
        error_reason,
    ) = row;
    Ok(Note {
        id,
        client_id,
        kind: NoteKind::stored(&kind),
        format: enum_key(&format, "note format", NoteFormat::from_key)?,
        body,
        techniques: split_techniques(&techniques),
        session_date: date(&session_date)?,
        session_time,
        duration_min,
        goal_ids,
        created_at,
        signed_at,
        addenda,
        error: crate::domain::InError::from_columns(error_at, error_by, error_reason),
    })
}

/// The techniques column as a list. Two spellings: technique keys joined
/// by commas (what casework has always written, and still writes for any
/// list that reads back the same that way), or a JSON array for a list the
/// commas would change (a technique with a comma in it, an empty one, or a
/// first one starting with `[`, as an agency's own or an imported list may
/// have). A comma list never starts with `[`, so the two never mix up.
pub(super) fn split_techniques(s: &str) -> Vec<String> {
    if s.starts_with('[') {
        if let Ok(list) = serde_json::from_str::<Vec<String>>(s) {
            return list;
        }
    }
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The techniques as stored: see [`split_techniques`].
pub(super) fn techniques_text(techniques: &[String]) -> String {
    let plain = techniques.iter().all(|t| !t.is_empty() && !t.contains(','))
        && !techniques.first().is_some_and(|t| t.starts_with('['));
    if plain {
        return techniques.join(",");
    }
    // A list of strings always serialises; the fallback is never taken.
    serde_json::to_string(techniques).unwrap_or_else(|_| techniques.join(","))
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

pub(super) fn goal_ids(conn: &Connection, note_id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT goal_id FROM note_goals WHERE note_id = ?1 ORDER BY goal_id")?;
    let rows = stmt.query_map([note_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Insert a note as given (signed or not) with its goals; addenda are
/// ignored. An id of 0 takes the next free one; another id is kept (imports).
/// A signed note is written unsigned, linked to its goals, then signed: once
/// signed, the database refuses any change to it, links included.
pub fn insert(conn: &Connection, n: &Note) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO notes (id, client_id, kind, format, body, techniques, session_date,
            session_time, duration_min, created_at, updated_at, error_at, error_by, error_reason)
         VALUES (NULLIF(?10, 0), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?11, ?12, ?13)",
    )?
    .execute(params![
        n.client_id,
        n.kind.key(),
        n.format.key(),
        n.body,
        techniques_text(&n.techniques),
        n.session_date.to_string(),
        n.session_time,
        n.duration_min,
        n.created_at,
        n.id,
        n.error.as_ref().map(|e| &e.at),
        n.error.as_ref().map(|e| &e.by),
        n.error.as_ref().map(|e| &e.reason),
    ])?;
    let id = conn.last_insert_rowid();
    set_goals(conn, id, &n.goal_ids)?;
    if let Some(at) = &n.signed_at {
        conn.prepare_cached("UPDATE notes SET signed_at = ?2 WHERE id = ?1")?
            .execute(params![id, at])?;
    }
    Ok(id)
}

/// Replace an unsigned note's text and details. A signed note is refused by
/// the database's own trigger, whatever the caller thinks.
pub fn update(conn: &Connection, id: i64, meta: &NoteMeta, body: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE notes SET kind = ?2, format = ?3, body = ?4, techniques = ?5,
            session_date = ?6, session_time = ?7, duration_min = ?8, updated_at = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        meta.kind.key(),
        meta.format.key(),
        body,
        techniques_text(&meta.techniques),
        meta.session_date.to_string(),
        meta.session_time,
        meta.duration_min,
        at,
    ])?;
    conn.prepare_cached("DELETE FROM note_goals WHERE note_id = ?1")?
        .execute([id])?;
    set_goals(conn, id, &meta.goal_ids)
}

fn set_goals(conn: &Connection, note_id: i64, goal_ids: &[i64]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO note_goals (note_id, goal_id) VALUES (?1, ?2)")?;
    for g in goal_ids {
        stmt.execute(params![note_id, g])?;
    }
    Ok(())
}

/// Sign an unsigned note. Returns false if it was already signed or absent.
pub fn sign(conn: &Connection, id: i64, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE notes SET signed_at = ?2 WHERE id = ?1 AND signed_at IS NULL")?
        .execute(params![id, at])?;
    Ok(n == 1)
}

pub fn insert_addendum(conn: &Connection, note_id: i64, a: &Addendum) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO addenda (id, note_id, body, created_at, signed_at)
         VALUES (NULLIF(?5, 0), ?1, ?2, ?3, ?4)",
    )?
    .execute(params![note_id, a.body, a.created_at, a.signed_at, a.id])?;
    Ok(conn.last_insert_rowid())
}

/// The client a note belongs to.
pub fn client_of(conn: &Connection, note_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT client_id FROM notes WHERE id = ?1")?
        .query_row([note_id], |r| r.get(0))
        .optional()?)
}

/// What the last note was written with: kind, format, duration, techniques.
/// The parts of a client's last note (the top of their Notes pane) that
/// seed their next note; `None` before their first.
pub fn last_for_client(conn: &Connection, client_id: i64) -> Result<Option<LastNote>> {
    let row: Option<(String, String, Option<u32>, String)> = conn
        .prepare_cached(
            "SELECT kind, format, duration_min, techniques FROM notes WHERE client_id = ?1
             ORDER BY session_date DESC, session_time DESC, id DESC LIMIT 1",
        )?
        .query_row([client_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((kind, format, duration_min, techniques)) = row else {
        return Ok(None);
    };
    Ok(Some(LastNote {
        kind: NoteKind::stored(&kind),
        format: enum_key(&format, "note format", NoteFormat::from_key)?,
        duration_min,
        techniques: split_techniques(&techniques),
    }))
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn technique_lists_read_back_exactly() {
        for items in [
            list(&[]),
            list(&["active_listening"]),
            list(&["active_listening", "cbt"]),
            list(&["CBT, group", "advocacy"]),
            list(&[","]),
            list(&["", "x"]),
            list(&[""]),
            list(&["[x"]),
            list(&["[\"a\"]"]),
            list(&["a", "[b"]),
            list(&["a\"b", "c\\d", "é, ü", "x\ny"]),
            list(&["dup", "dup"]),
            list(&[" spaced ", "tab\t"]),
        ] {
            let text = techniques_text(&items);
            assert_eq!(split_techniques(&text), items, "stored as {text:?}");
        }
    }

    #[test]
    fn plain_keys_are_stored_as_before() {
        assert_eq!(techniques_text(&list(&["a", "b"])), "a,b");
        assert_eq!(techniques_text(&list(&[])), "");
        // Whatever earlier versions stored reads as it did.
        assert_eq!(split_techniques("a,b"), list(&["a", "b"]));
        assert_eq!(split_techniques("a,,b,"), list(&["a", "b"]));
        assert_eq!(split_techniques("[x"), list(&["[x"]));
        assert_eq!(split_techniques(""), list(&[]));
    }
}
