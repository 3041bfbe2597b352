//! The audit chain: each audit row's hash covers its own fields and the
//! hash of the row before it, so changing, removing or inserting a row
//! anywhere breaks every link after it. Signing a note or an addendum puts
//! the SHA-256 of what was signed (its seal) into the chain.
//!
//! # The encoding that is hashed
//!
//! A record is hashed as a sequence of fields, each written as
//!
//! ```text
//! tag (1 byte) | length of the value in bytes (8 bytes, big-endian) | value
//! ```
//!
//! with tag 0 for NULL (length 0), 1 for an integer (8 bytes, big-endian
//! two's complement), 2 for text (its UTF-8 bytes), 3 for a real (the 8
//! bytes of its IEEE 754 bits, big-endian) and 4 for a blob. Values are
//! hashed as SQLite stores them, whatever their type, so nothing stored can
//! escape the hash and no two different records encode alike.
//!
//! The first field names what is hashed, so an audit row and a note can
//! never be mistaken for one another:
//!
//! - audit row: `"casework audit row 1"`, the previous row's hash (hex text;
//!   NULL for the first row), then `id, at, action, entity, entity_id,
//!   client_id, detail, seal`.
//! - signed note: `"casework note 1"`, then `id, client_id, kind, format,
//!   body, techniques, session_date, session_time, duration_min, created_at,
//!   signed_at`, the number of goals linked, and each goal id in order.
//! - signed addendum: `"casework addendum 1"`, then `id, note_id, body,
//!   created_at, signed_at`.
//!
//! Hashes are stored and exported as lowercase hex.

use super::audit::{self, AuditEntry};
use super::error::Result;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

const AUDIT_ROW: &str = "casework audit row 1";
const NOTE: &str = "casework note 1";
const ADDENDUM: &str = "casework addendum 1";

/// The newest audit row: where the chain ends.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    pub row: i64,
    pub hash: String,
}

/// The audit columns that are hashed, in the order they are hashed.
pub const ROW_COLUMNS: &str = "id, at, action, entity, entity_id, client_id, detail, seal";

fn field(h: &mut Sha256, v: ValueRef<'_>) {
    let (tag, bytes): (u8, Vec<u8>) = match v {
        ValueRef::Null => (0, Vec::new()),
        ValueRef::Integer(i) => (1, i.to_be_bytes().to_vec()),
        ValueRef::Text(t) => (2, t.to_vec()),
        ValueRef::Real(r) => (3, r.to_bits().to_be_bytes().to_vec()),
        ValueRef::Blob(b) => (4, b.to_vec()),
    };
    h.update([tag]);
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(&bytes);
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest<'a>(kind: &str, fields: impl IntoIterator<Item = ValueRef<'a>>) -> String {
    let mut h = Sha256::new();
    field(&mut h, ValueRef::Text(kind.as_bytes()));
    for v in fields {
        field(&mut h, v);
    }
    hex(&h.finalize())
}

/// The hash of an audit row whose fields (`ROW_COLUMNS`, in order) are
/// `fields`, following the row whose hash is `prev`.
pub fn row_hash(prev: Option<&str>, fields: &[Value]) -> String {
    let prev = match prev {
        Some(p) => ValueRef::Text(p.as_bytes()),
        None => ValueRef::Null,
    };
    digest(
        AUDIT_ROW,
        std::iter::once(prev).chain(fields.iter().map(ValueRef::from)),
    )
}

/// Where the chain ends now; `None` while the audit is empty.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, CAST(coalesce(hash, '') AS TEXT) FROM audit ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok(Head {
                row: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?)
}

/// Append one row to the chain (the only way casework writes audit rows).
pub(super) fn append(conn: &Connection, at: &str, e: &AuditEntry<'_>) -> Result<()> {
    let prev = head(conn)?;
    let id = prev.as_ref().map_or(1, |h| h.row + 1);
    let fields = entry_fields(id, at, e);
    let hash = row_hash(prev.as_ref().map(|h| h.hash.as_str()), &fields);
    insert_row(conn, &fields, &hash)
}

fn entry_fields(id: i64, at: &str, e: &AuditEntry<'_>) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt_int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    vec![
        Value::Integer(id),
        text(at),
        text(e.action),
        text(e.entity),
        opt_int(e.entity_id),
        opt_int(e.client_id),
        text(e.detail),
        e.seal.map_or(Value::Null, text),
    ]
}

/// Write a row exactly as given (`fields` in `ROW_COLUMNS` order).
pub(super) fn insert_row(conn: &Connection, fields: &[Value], hash: &str) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO audit ({ROW_COLUMNS}, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(rusqlite::params_from_iter(
        fields
            .iter()
            .chain(std::iter::once(&Value::Text(hash.into()))),
    ))?;
    Ok(())
}

/// The note columns a seal covers, in the order they are hashed.
const NOTE_COLUMNS: &str = "id, client_id, kind, format, body, techniques, session_date, \
     session_time, duration_min, created_at, signed_at";
/// The addendum columns a seal covers, in the order they are hashed.
const ADDENDUM_COLUMNS: &str = "id, note_id, body, created_at, signed_at";

fn note_digest(fields: &[Value], goals: &[Value]) -> String {
    let count = Value::Integer(goals.len() as i64);
    digest(
        NOTE,
        fields
            .iter()
            .chain(std::iter::once(&count))
            .chain(goals)
            .map(ValueRef::from),
    )
}

/// The seal of a note as it is stored now; `None` if there is no such note.
pub fn note_seal(conn: &Connection, note_id: i64) -> Result<Option<String>> {
    let row: Option<Vec<Value>> = conn
        .prepare_cached(&format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"))?
        .query_row([note_id], |r| {
            (0..11).map(|i| r.get::<_, Value>(i)).collect()
        })
        .optional()?;
    let Some(fields) = row else {
        return Ok(None);
    };
    let goals: Vec<Value> = conn
        .prepare_cached("SELECT goal_id FROM note_goals WHERE note_id = ?1 ORDER BY goal_id")?
        .query_map([note_id], |r| r.get::<_, Value>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(note_digest(&fields, &goals)))
}

/// The seal of an addendum as it is stored now; `None` if there is none.
pub fn addendum_seal(conn: &Connection, id: i64) -> Result<Option<String>> {
    let row: Option<Vec<Value>> = conn
        .prepare_cached(&format!(
            "SELECT {ADDENDUM_COLUMNS} FROM addenda WHERE id = ?1"
        ))?
        .query_row([id], |r| (0..5).map(|i| r.get::<_, Value>(i)).collect())
        .optional()?;
    Ok(row.map(|fields| digest(ADDENDUM, fields.iter().map(ValueRef::from))))
}

/// A signed note or addendum as it is stored now (see `each_signed`).
pub struct Signed {
    pub id: i64,
    /// Whose it is: the note's client, or the addendum's note.
    pub of: i64,
    pub signed_at: String,
    /// Its seal as it is now.
    pub seal: String,
}

/// Every signed note (`entity` "note") or addendum ("addendum"), by id,
/// handed to `each` one at a time (for `check` and import, over the whole
/// file, in the memory of one).
pub fn each_signed(
    conn: &Connection,
    entity: &str,
    mut each: impl FnMut(Signed) -> Result<()>,
) -> Result<()> {
    let (columns, table, n) = match entity {
        "note" => (NOTE_COLUMNS, "notes", 11),
        _ => (ADDENDUM_COLUMNS, "addenda", 5),
    };
    let mut goals_of =
        conn.prepare("SELECT goal_id FROM note_goals WHERE note_id = ?1 ORDER BY goal_id")?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {columns} FROM {table} WHERE signed_at IS NOT NULL ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let fields: Vec<Value> = (0..n)
            .map(|i| r.get::<_, Value>(i))
            .collect::<rusqlite::Result<_>>()?;
        let id: i64 = r.get(0)?;
        let seal = match entity {
            "note" => {
                let goals: Vec<Value> = goals_of
                    .query_map([id], |g| g.get::<_, Value>(0))?
                    .collect::<rusqlite::Result<_>>()?;
                note_digest(&fields, &goals)
            }
            _ => digest(ADDENDUM, fields.iter().map(ValueRef::from)),
        };
        let signed_at = match &fields[n - 1] {
            Value::Text(t) => t.clone(),
            other => format!("{other:?}"),
        };
        each(Signed {
            id,
            of: r.get(1)?,
            signed_at,
            seal,
        })?;
    }
    Ok(())
}

/// Record that a note was signed, with its seal, as `action` (sign, seal,
/// import).
pub fn seal_note(
    conn: &Connection,
    at: &str,
    action: &str,
    note_id: i64,
    client_id: i64,
) -> Result<()> {
    let seal = note_seal(conn, note_id)?;
    let entry = AuditEntry {
        seal: seal.as_deref(),
        ..AuditEntry::client(action, "note", note_id, client_id)
    };
    audit::record(conn, at, &entry)
}

/// Record a signed addendum with its seal, as `action` (create, seal, import).
pub fn seal_addendum(
    conn: &Connection,
    at: &str,
    action: &str,
    id: i64,
    client_id: i64,
) -> Result<()> {
    let seal = addendum_seal(conn, id)?;
    let entry = AuditEntry {
        seal: seal.as_deref(),
        ..AuditEntry::client(action, "addendum", id, client_id)
    };
    audit::record(conn, at, &entry)
}

/// Signed notes and addenda that no row of the chain seals yet, as
/// (entity, id, client id), oldest first.
pub fn unsealed(conn: &Connection) -> Result<Vec<(&'static str, i64, i64)>> {
    let mut out = Vec::new();
    for (entity, sql) in [
        (
            "note",
            "SELECT n.id, n.client_id FROM notes n WHERE n.signed_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'note'
                             AND a.entity_id = n.id AND a.seal IS NOT NULL)
             ORDER BY n.id",
        ),
        (
            "addendum",
            "SELECT d.id, n.client_id FROM addenda d JOIN notes n ON n.id = d.note_id
             WHERE d.signed_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'addendum'
                             AND a.entity_id = d.id AND a.seal IS NOT NULL)
             ORDER BY d.id",
        ),
    ] {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((entity, r.get(0)?, r.get(1)?)))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Seal everything signed that is not sealed yet, as `action`.
pub fn seal_unsealed(conn: &Connection, at: &str, action: &str) -> Result<usize> {
    let todo = unsealed(conn)?;
    for &(entity, id, client) in &todo {
        match entity {
            "note" => seal_note(conn, at, action, id, client)?,
            _ => seal_addendum(conn, at, action, id, client)?,
        }
    }
    Ok(todo.len())
}

/// The upgrade to version 3: chain the rows written before it, in the order
/// they were written, then seal every note and addendum already signed (as
/// it is at the upgrade: what came before cannot be vouched for).
pub(super) fn chain_existing(conn: &Connection) -> Result<()> {
    let rows: Vec<Vec<Value>> = {
        let mut stmt = conn.prepare(&format!("SELECT {ROW_COLUMNS} FROM audit ORDER BY id"))?;
        stmt.query_map([], |r| (0..8).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut prev: Option<String> = None;
    let mut update = conn.prepare("UPDATE audit SET hash = ?2 WHERE id = ?1")?;
    for fields in &rows {
        let hash = row_hash(prev.as_deref(), fields);
        update.execute(rusqlite::params![&fields[0], &hash])?;
        prev = Some(hash);
    }
    seal_unsealed(conn, &super::codec::now(), "seal")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[Value]) -> String {
        row_hash(Some("prev"), fields)
    }

    /// Fields that run together, or a value of another type, never hash
    /// alike: the encoding is unambiguous.
    #[test]
    fn the_encoding_keeps_fields_and_types_apart() {
        let t = |s: &str| Value::Text(s.into());
        assert_ne!(row(&[t("ab"), t("c")]), row(&[t("a"), t("bc")]));
        assert_ne!(row(&[Value::Null]), row(&[t("")]));
        assert_ne!(row(&[Value::Integer(1)]), row(&[t("1")]));
        assert_ne!(row(&[Value::Integer(1)]), row(&[Value::Real(1.0)]));
        assert_ne!(row(&[t("x")]), row(&[Value::Blob(b"x".to_vec())]));
        assert_ne!(row_hash(None, &[t("x")]), row_hash(Some(""), &[t("x")]));
        assert_ne!(
            row_hash(Some("a"), &[t("x")]),
            row_hash(Some("b"), &[t("x")])
        );
    }

    /// The hash of a known row, so that a change to the encoding (which
    /// would break every chain already written) cannot pass unnoticed. The
    /// value was computed apart, from the encoding as documented above
    /// (Python's hashlib over the tagged, length-prefixed fields).
    #[test]
    fn a_known_row_hashes_as_it_always_has() {
        let fields = [
            Value::Integer(1),
            Value::Text("2026-11-23T12:00:00Z".into()),
            Value::Text("sign".into()),
            Value::Text("note".into()),
            Value::Integer(4),
            Value::Integer(2),
            Value::Text(String::new()),
            Value::Null,
        ];
        let h = row_hash(None, &fields);
        assert_eq!(h.len(), 64);
        assert!(
            h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(h, KNOWN_ROW);
    }

    const KNOWN_ROW: &str = "e59b215625bbc972bf685dc2e63300008b95d98db1a465dd87df1eb74aa8cda3";
}
