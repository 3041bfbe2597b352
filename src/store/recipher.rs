//! Encrypting, decrypting and re-keying a whole file. Never in place: the
//! database is copied (SQLCipher's `sqlcipher_export`) into a new file beside
//! it, the copy is opened again and compared with the original, and only
//! then is it renamed over the original. Whatever fails before the rename
//! leaves the original as it was.

use super::cipher::{Key, Passphrase};
use super::error::{Result, StoreError};
use super::open::{APPLICATION_ID, open_connection};
use crate::safe_write::{Existing, Pending};
use rusqlite::Connection;
use std::path::Path;

/// What the new file is to be.
pub enum Target<'a> {
    Plain,
    Encrypted(&'a Passphrase),
}

/// Rewrite the database at `path` (readable with `current`, `None` for a
/// plain file) as `target`. Refused while any other connection has the
/// file open.
pub fn convert(path: &Path, current: Option<&Key>, target: Target<'_>) -> Result<()> {
    // Replace the file itself, not a symbolic link that leads to it.
    let real = std::fs::canonicalize(path)
        .map_err(|e| StoreError::refused(path, format!("cannot be found: {e}")))?;
    let (conn, _) = open_connection(&real, current)?;
    // First what can fail without changing anything. The new copy is a
    // private file beside the original (the rename is then atomic), removed
    // unless it is put in place.
    let tmp = Pending::create(&real, Existing::Replace).map_err(as_error)?;
    take_sole_hold(&conn, path)?;
    let result = copy_and_verify(&conn, tmp.temp_path(), &target)
        .and_then(|()| tmp.commit().map_err(as_error));
    if result.is_err() {
        // Back as it was: the file in WAL mode, as every session expects.
        let _ = conn.execute_batch("ROLLBACK");
        let _ = conn.execute_batch("DETACH DATABASE fresh");
        let _ = conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()));
    }
    result
}

/// Make sure no other connection (another casework session, a backup, an
/// `sqlite3` shell) has the file open, and keep it so until we are done.
/// Leaving WAL mode needs every other connection gone; it also folds the
/// -wal file back into the database, so the copy misses nothing.
fn take_sole_hold(conn: &Connection, shown: &Path) -> Result<()> {
    let in_use = || {
        StoreError::refused(
            shown,
            "is open in another casework session (or another program); close it and try again",
        )
    };
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .map_err(|_| in_use())?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    // From the next read on, this connection keeps its lock until it closes.
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    Ok(())
}

fn copy_and_verify(conn: &Connection, tmp: &Path, target: &Target<'_>) -> Result<()> {
    let key_text = match target {
        Target::Plain => "",
        Target::Encrypted(p) => p.expose(),
    };
    // SQLCipher stretches the passphrase itself here; the check below opens
    // the copy with the key derived our way, so both must agree.
    conn.execute(
        "ATTACH DATABASE ?1 AS fresh KEY ?2",
        rusqlite::params![tmp.to_string_lossy().as_ref(), key_text],
    )
    .map_err(|e| StoreError::refused(tmp, format!("cannot create the new copy: {}", plain(&e))))?;
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    conn.query_row("SELECT sqlcipher_export('fresh')", [], |_| Ok(()))?;
    let version = super::migrations::user_version(conn)?;
    conn.pragma_update(Some("fresh"), "user_version", version)?;
    conn.pragma_update(Some("fresh"), "application_id", APPLICATION_ID)?;
    conn.execute_batch("COMMIT")?;
    conn.execute_batch("DETACH DATABASE fresh")?;

    let copy = Connection::open(tmp)?;
    if let Target::Encrypted(p) = target {
        if !super::cipher::looks_encrypted(tmp) {
            return Err(StoreError::refused(tmp, "the new copy is not encrypted"));
        }
        Key::for_file(tmp, p)?.apply(&copy)?;
    } else if super::cipher::looks_encrypted(tmp) {
        return Err(StoreError::refused(tmp, "the new copy is still encrypted"));
    }
    let differs = |what: &str| StoreError::refused(tmp, format!("the new copy differs: {what}"));
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| differs(&plain(&e)))?;
    if check != "ok" {
        return Err(differs(&check));
    }
    if let Some(problem) = super::health::fts_damage(&copy, true).into_iter().next() {
        return Err(differs(&problem));
    }
    if super::health::schema_of(&copy)? != super::health::schema_of(conn)? {
        return Err(differs("schema"));
    }
    for pragma in ["user_version", "application_id"] {
        let q = format!("PRAGMA {pragma}");
        let a: i64 = conn.query_row(&q, [], |r| r.get(0))?;
        let b: i64 = copy.query_row(&q, [], |r| r.get(0))?;
        if a != b {
            return Err(differs(pragma));
        }
    }
    for table in tables(conn)? {
        let q = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let a: i64 = conn.query_row(&q, [], |r| r.get(0))?;
        let b: i64 = copy.query_row(&q, [], |r| r.get(0))?;
        if a != b {
            return Err(differs(&format!("{table} has {b} rows, not {a}")));
        }
    }
    // Ready for use as casework leaves its files; closing folds the WAL in.
    copy.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    drop(copy);
    Ok(())
}

/// Every table that holds rows (the full-text index's own tables too).
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// safe_write's messages name the file already.
fn as_error(e: String) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

/// SQLite's own words, without the statement (which may hold a key).
fn plain(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) => format!("{msg} ({})", f.code as i32),
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        other => other.to_string(),
    }
}
