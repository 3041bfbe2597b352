//! Is this file casework's, whole, and nothing but casework's? Asked before
//! anything is written to it: a damaged file must stay exactly as it was
//! (someone may need to rescue it), and SQL planted in it (a trigger that
//! rewrites note text) must never run.

use super::migrations::apply_up_to;
use rusqlite::Connection;

/// What the schema of a file at `version` must be: every table, index,
/// view and trigger, with its SQL, as casework's migrations create them.
/// For the current version that is kept in the binary (`schema_current.json`,
/// which a test holds equal to what the migrations make): building it by
/// running every migration in memory took most of the time to open a file.
fn expected_schema(version: i64) -> rusqlite::Result<Vec<(String, String, String)>> {
    if version == super::migrations::SCHEMA_VERSION {
        if let Ok(schema) = serde_json::from_str(CURRENT_SCHEMA) {
            return Ok(schema);
        }
    }
    built_schema(version)
}

/// The current schema as the migrations make it, kept in the binary.
const CURRENT_SCHEMA: &str = include_str!("schema_current.json");

/// The schema of a fresh in-memory database taken through the migrations.
fn built_schema(version: i64) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut mem = Connection::open_in_memory()?;
    apply_up_to(&mut mem, version)?;
    schema_of(&mem)
}

pub(super) fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")?;
    let rows = stmt.query_map([], |r| <(String, String, String)>::try_from(r))?;
    rows.collect()
}

/// `None` when the file's schema is exactly casework's at `version`;
/// otherwise what is different, in words.
pub fn schema_problem(conn: &Connection, version: i64) -> rusqlite::Result<Option<String>> {
    if version == 0 {
        return Ok(Some(
            "has tables but no casework schema version (not made by casework)".into(),
        ));
    }
    let want = expected_schema(version)?;
    let have = schema_of(conn)?;
    let extra: Vec<String> = have
        .iter()
        .filter(|o| !want.contains(o))
        .map(|(t, n, _)| format!("{t} {n}"))
        .collect();
    let missing: Vec<String> = want
        .iter()
        .filter(|o| !have.contains(o))
        .map(|(t, n, _)| format!("{t} {n}"))
        .collect();
    Ok(match (extra.is_empty(), missing.is_empty()) {
        (true, true) => None,
        _ => {
            let mut parts = Vec::new();
            if !extra.is_empty() {
                parts.push(format!("not casework's (or changed): {}", extra.join(", ")));
            }
            if !missing.is_empty() {
                parts.push(format!("missing: {}", missing.join(", ")));
            }
            Some(format!(
                "has a schema casework did not make ({})",
                parts.join("; ")
            ))
        }
    })
}

/// The check before the first write, run in the background from the start
/// so that it is usually done by the time anything is typed. Dropping it
/// (the session ends first) interrupts the check rather than waiting.
pub struct Pending {
    handle: Option<std::thread::JoinHandle<Result<(), String>>>,
    /// Stops a check that is no longer wanted.
    stop: std::sync::Arc<Stop>,
}

#[derive(Default)]
struct Stop {
    cancelled: std::sync::atomic::AtomicBool,
    interrupt: std::sync::Mutex<Option<rusqlite::InterruptHandle>>,
}

impl Pending {
    pub fn start(path: &std::path::Path, key: Option<super::cipher::Key>) -> Pending {
        let path = path.to_path_buf();
        let stop = std::sync::Arc::new(Stop::default());
        let theirs = std::sync::Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            // Read-write, though it writes nothing: SQLite refuses the
            // full-text check (an INSERT, rolled back) on a read-only handle.
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags).map_err(|e| e.to_string())?;
            if let Some(key) = &key {
                key.apply(&conn).map_err(|e| e.to_string())?;
            }
            // Reads never wait in WAL mode; the full-text part, which needs
            // the write lock for a moment, does not wait long for it.
            conn.busy_timeout(std::time::Duration::from_millis(100))
                .map_err(|e| e.to_string())?;
            // One pass over every page: keeping them would only cost memory.
            conn.pragma_update(None, "cache_size", super::search_reader::ONE_PASS_CACHE_KIB)
                .map_err(|e| e.to_string())?;
            // The handle first, then the flag: a stop sees one or the other.
            if let Ok(mut slot) = theirs.interrupt.lock() {
                *slot = Some(conn.get_interrupt_handle());
            }
            if theirs.cancelled.load(std::sync::atomic::Ordering::SeqCst) {
                return Ok(());
            }
            let problems = damage(&conn).map_err(|e| e.to_string())?;
            match problems.is_empty() {
                true => Ok(()),
                false => Err(problems.join("; ")),
            }
        });
        Pending {
            handle: Some(handle),
            stop,
        }
    }

    /// Whether the file may be written: waits for the check if it is still
    /// running. The answer stands for the session.
    pub fn verdict(&mut self) -> Result<(), String> {
        match self.handle.take() {
            None => Ok(()),
            Some(handle) => {
                let verdict = handle
                    .join()
                    .unwrap_or_else(|_| Err("the check itself failed".into()));
                if verdict.is_err() {
                    // Keep refusing: put a finished check back.
                    let again = verdict.clone();
                    self.handle = Some(std::thread::spawn(move || again));
                }
                verdict
            }
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.stop
            .cancelled
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut slot) = self.stop.interrupt.lock() {
            if let Some(h) = slot.take() {
                h.interrupt();
            }
        }
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// SQLite's structural check, then the full-text indexes' own check (which
/// the structural one does not look inside). Empty when all is well.
pub fn damage(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
    // The index itself, not a comparison with every note's text (that
    // would read the whole file again): `casework check` does that.
    problems.extend(fts_damage(conn, false));
    Ok(problems)
}

/// The full-text indexes' own check; `full` also compares them with every
/// note's and addendum's text. The check is an INSERT that only reads: it
/// runs where nothing can land. A lock met on the way is not damage.
pub fn fts_damage(conn: &Connection, full: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for fts in ["notes_fts", "addenda_fts"] {
        let insert = if full {
            format!("INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        } else {
            format!("INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 0)")
        };
        let sql =
            format!("SAVEPOINT fts_check; {insert}; ROLLBACK TO fts_check; RELEASE fts_check;");
        let Err(e) = conn.execute_batch(&sql) else {
            continue;
        };
        let _ = conn.execute_batch("ROLLBACK TO fts_check; RELEASE fts_check;");
        let busy = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        if !busy {
            problems.push(format!("full-text index {fts}: {e}"));
        }
    }
    problems
}

#[cfg(test)]
mod schema_tests {
    use super::*;

    /// `UPDATE_SCHEMA=1 cargo test --lib schema_tests` writes it afresh
    /// after a new migration.
    #[test]
    fn the_schema_kept_in_the_binary_is_what_the_migrations_make() {
        let built = built_schema(super::super::migrations::SCHEMA_VERSION).expect("built");
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/schema_current.json");
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            let json = serde_json::to_string_pretty(&built).expect("json");
            std::fs::write(path, json + "\n").expect("write");
            return;
        }
        let kept: Vec<(String, String, String)> =
            serde_json::from_str(CURRENT_SCHEMA).expect("schema_current.json parses");
        assert!(
            kept == built,
            "src/store/schema_current.json is not the migrations' schema: \
             run UPDATE_SCHEMA=1 cargo test --lib schema_tests"
        );
    }
}
