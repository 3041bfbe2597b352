//! Ordered schema migrations, applied by `PRAGMA user_version`.

use super::error::Result;
use rusqlite::{Connection, TransactionBehavior};

/// One step of the schema: its SQL, then (for rows already in the file)
/// work that needs more than SQL, in the same transaction.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> Result<()>>,
    /// Said on stderr before a step that can take a while on a big file,
    /// so a long pause at start is explained (the terminal is not yet taken).
    slow: Option<&'static str>,
}

/// Each entry moves the schema from version `index` to `index + 1`.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("schema_v1.sql"),
        then: None,
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v2.sql"),
        then: None,
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v3.sql"),
        // Chain the audit rows written before, and seal what was signed.
        then: Some(super::chain::chain_existing),
        slow: Some("chaining the audit trail"),
    },
    Migration {
        sql: include_str!("schema_v4.sql"),
        then: None,
        slow: Some("rebuilding the search index (a minute or so on a large caseload)"),
    },
    Migration {
        sql: include_str!("schema_v5.sql"),
        // Cases already in Follow-up with check-ins: the item ticks itself.
        then: Some(super::stage_moves::tick_check_ins_in_follow_up),
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v6.sql"),
        then: None,
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v7.sql"),
        then: Some(loosened_kind_check),
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v8.sql"),
        then: None,
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v9.sql"),
        then: None,
        slow: Some("indexing due dates and referrals"),
    },
    Migration {
        sql: include_str!("schema_v10.sql"),
        then: None,
        slow: None,
    },
    Migration {
        sql: include_str!("schema_v11.sql"),
        then: None,
        slow: Some("noting each client's earliest due date"),
    },
    Migration {
        sql: include_str!("schema_v12.sql"),
        then: None,
        slow: Some("rebuilding the search index (a minute or so on a large caseload)"),
    },
    Migration {
        sql: include_str!("schema_v13.sql"),
        then: None,
        slow: Some("listing every open dated item for Today"),
    },
];

/// After v7's rewrite of the notes table's CREATE text: refuse to go on if
/// the text did not take (a file whose notes table was not casework's), and
/// bump the schema cookie, as SQLite asks after writing sqlite_master, so
/// every connection re-reads the table.
fn loosened_kind_check(conn: &Connection) -> Result<()> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'notes'",
        [],
        |r| r.get(0),
    )?;
    if sql.contains("kind IN (") || !sql.contains("kind NOT GLOB") {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("the notes table is not as casework made it; its kinds were not opened".into()),
        )
        .into());
    }
    let cookie: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    conn.pragma_update(None, "schema_version", cookie + 1)?;
    Ok(())
}

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Run the migrations up to `version` on a fresh database in one go (for
/// comparing a file's schema with what casework makes).
pub fn apply_up_to(conn: &mut Connection, version: i64) -> rusqlite::Result<()> {
    let n = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    for m in &MIGRATIONS[..n] {
        conn.execute_batch(m.sql)?;
    }
    Ok(())
}

/// Bring the schema up to date, one IMMEDIATE transaction per step so a
/// failure leaves the file at the last complete version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let mut version = user_version(conn)?;
    // A new file (version 0) has nothing to rebuild and nothing to explain.
    let upgrading = version > 0;
    while version < SCHEMA_VERSION {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the lock: another instance may have migrated meanwhile.
        version = user_version(&tx)?;
        if version >= SCHEMA_VERSION {
            break;
        }
        let step = &MIGRATIONS[version as usize];
        if let (Some(what), true) = (step.slow, upgrading) {
            eprintln!(
                "casework: upgrading the database to version {}: {what}…",
                version + 1
            );
        }
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
        version += 1;
    }
    Ok(())
}
