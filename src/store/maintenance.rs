//! Keeping the file healthy: online backups and integrity checks.

use super::error::{Result, StoreError};
use super::{SCHEMA_VERSION, Store};
use crate::safe_write::{Existing, Pending};
use rusqlite::Connection;
use rusqlite::backup::Backup;
use std::path::Path;
use std::time::Duration;

/// Half a megabyte at a time: progress moves visibly on a large file.
const PAGES_PER_STEP: std::ffi::c_int = 128;

/// SQLite's online backup, in steps, telling `progress` how far it got.
fn copy_pages(
    source: &Connection,
    target: &mut Connection,
    mut progress: impl FnMut(i32, i32),
) -> Result<()> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new(source, target)?;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let p = backup.progress();
        progress(p.pagecount - p.remaining, p.pagecount);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // The target is ours alone; a busy source waits a moment.
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// What `casework check` found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub schema_version: i64,
    pub clients: i64,
    pub notes: i64,
    /// Empty when the file is healthy.
    pub problems: Vec<String>,
}

impl Store {
    /// Copy the whole database to `dest` with SQLite's online backup, which
    /// works while another session has the file open. The copy is made in a
    /// private temporary file beside `dest` and renamed into place only once
    /// it reads back whole (see `crate::safe_write`): never through a link,
    /// and over an existing file only with `Existing::Replace`.
    /// `progress` hears (pages copied, pages in all) as the copy goes.
    pub fn backup_to(
        &self,
        dest: &Path,
        existing: Existing,
        progress: impl FnMut(i32, i32),
    ) -> Result<()> {
        let refused = |e: String| {
            // safe_write's messages already name the file.
            let prefix = format!("{}: ", dest.display());
            let e = e.strip_prefix(&prefix).map(str::to_string).unwrap_or(e);
            StoreError::refused(dest, format!("cannot write the backup: {e}"))
        };
        let pending = Pending::create(dest, existing).map_err(refused)?;
        let (problems, head) = self.copy_into(pending.temp_path(), progress)?;
        // A copy of a damaged file is still worth having (it may be all
        // there is), so it is kept; but it must not pass for a good backup.
        pending.commit().map_err(refused)?;
        if problems != ["ok"] {
            return Err(StoreError::refused(
                dest,
                format!("the copy does not read back whole: {}", problems.join("; ")),
            ));
        }
        self.anchor_backup(head.as_ref(), dest).map_err(|e| {
            StoreError::refused(
                dest,
                format!("the backup was written, but its head could not be anchored: {e}"),
            )
        })
    }

    /// The backup's head goes into this database's anchor, with the
    /// backup's path (a database later found to hold exactly that head was
    /// put back from it), and starts the backup's own anchor, so the copy
    /// can be checked for what is done to it afterwards.
    fn anchor_backup(&self, head: Option<&super::chain::Head>, dest: &Path) -> Result<()> {
        let (Some(anchor), Some(head)) = (self.anchor(), head) else {
            return Ok(());
        };
        let dest = std::fs::canonicalize(dest)?;
        anchor.append("backup", head, Some(&dest))?;
        // `copy`: the file at that path is a new one, whatever an earlier
        // backup there held.
        super::anchor::Anchor::for_database(anchor.dir(), &dest)?.append("copy", head, None)
    }

    /// For `casework check` on a file `Store::open` refused (why it was
    /// refused, the schema it did not make, is said by the refusal): what
    /// else is wrong with it, found without running anything in it. `None`
    /// if it is not a casework file at all.
    pub fn inspect_refused(path: &Path, anchor_dir: Option<&Path>) -> Option<Vec<String>> {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        // Leave the file as it is, even its write-ahead log.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .ok()?;
        // Nothing may be written, so nothing planted can fire.
        conn.pragma_update(None, "query_only", true).ok()?;
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .ok()?;
        let version = super::migrations::user_version(&conn).ok()?;
        if app_id != super::APPLICATION_ID || !(1..=SCHEMA_VERSION).contains(&version) {
            return None;
        }
        let mut found = Vec::new();
        if version < SCHEMA_VERSION {
            found.push(format!(
                "schema version {version}: its audit trail has no chain yet"
            ));
            return Some(found);
        }
        let anchor = anchor_dir.and_then(|d| super::anchor::Anchor::for_database(d, path).ok());
        match super::verify::record_findings(&conn, anchor.as_ref()) {
            Ok(more) => found.extend(more),
            Err(e) => found.push(format!("the audit trail cannot be read: {e}")),
        }
        Some(found)
    }

    /// The online backup into `temp`; what SQLite's quick check says of
    /// it, and where its audit chain ends.
    fn copy_into(
        &self,
        temp: &Path,
        progress: impl FnMut(i32, i32),
    ) -> Result<(Vec<String>, Option<super::chain::Head>)> {
        let mut target = Connection::open(temp)?;
        // An encrypted file's backup is encrypted with the same key and
        // salt: it opens with the same passphrase.
        if let Some(key) = self.key() {
            key.apply(&target)?;
        }
        // One read snapshot for the whole copy. Without it, every commit by
        // another session restarts SQLite's backup from the first page, and
        // a session that saves every few seconds keeps it from ever ending.
        // In WAL mode a reader holds up no writer.
        self.conn().execute_batch("BEGIN DEFERRED")?;
        let copied = self
            .conn()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(StoreError::from)
            .and_then(|_| copy_pages(self.conn(), &mut target, progress));
        let ended = self.conn().execute_batch("COMMIT");
        copied?;
        ended?;
        target.pragma_update(None, "journal_mode", "DELETE")?;
        // A backup that cannot be read back is no backup.
        let problems: Vec<String> = target
            .prepare("PRAGMA quick_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A damaged copy may not say where its chain ends.
        let head = super::chain::head(&target).unwrap_or(None);
        Ok((problems, head))
    }

    /// SQLite's quick structural check: empty when the file is sound. Run
    /// before anything is read out of the file in bulk, so a damaged
    /// database is never exported as if it were whole.
    pub fn quick_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// Full integrity and foreign-key checks, and what the file holds.
    pub fn check(&self) -> Result<CheckReport> {
        let conn = self.conn();
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        // SQLite's check does not look inside the full-text indexes.
        problems.extend(super::health::fts_damage(conn, true));
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| <(String, Option<i64>, String)>::try_from(r))? {
            let (table, rowid, parent) = row?;
            problems.push(format!(
                "foreign key: {table} row {} points to a missing {parent}",
                rowid.unwrap_or(-1)
            ));
        }
        let schema_version = self.schema_version()?;
        if schema_version != SCHEMA_VERSION {
            problems.push(format!(
                "schema version {schema_version}, expected {SCHEMA_VERSION}"
            ));
        }
        // Planted since the file was opened? Named, like at open.
        if let Some(p) = super::health::schema_problem(conn, schema_version)? {
            problems.push(format!("schema: the file {p}"));
        }
        problems.extend(self.verify_record()?);
        let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(CheckReport {
            schema_version,
            clients: count("SELECT count(*) FROM clients")?,
            notes: count("SELECT count(*) FROM notes")?,
            problems,
        })
    }
}
