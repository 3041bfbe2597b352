//! Opening a database file safely: look before touching, refuse anything
//! doubtful with a reason, and never change the bytes of a file we refuse.

use super::cipher::{self, Key};
use super::error::{Result, StoreError};
use super::migrations::{SCHEMA_VERSION, migrate, user_version};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Marks a file as ours ("CWRK"), so another program's SQLite file is refused.
pub const APPLICATION_ID: i64 = 0x4357_524B;

/// How long a write waits for another instance's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (creating if absent) and migrates. Returns notices worth showing.
/// With a key, the file is (or becomes) an encrypted one.
/// `given` may be reached through symbolic links: everything below works on
/// the file it really is, because that is where SQLite puts the -wal and
/// -shm files whose modes must be set.
pub fn open_connection(given: &Path, key: Option<&Key>) -> Result<(Connection, Vec<String>)> {
    open_upgrading(given, key).map(|(conn, notices, _)| (conn, notices))
}

/// `open_connection`, also saying where the audit chain ended before this
/// open's upgrade wrote rows to it (`None` if it wrote none): those rows
/// are casework's own and follow a head the anchor may already hold.
pub(super) fn open_upgrading(
    given: &Path,
    key: Option<&Key>,
) -> Result<(Connection, Vec<String>, Option<super::chain::Head>)> {
    let real = resolve(given)?;
    let path = real.as_path();
    let mut notices = Vec::new();
    let existed = inspect_existing(path, key.is_some())?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::refused(
            path,
            format!("directory {} does not exist", dir.display()),
        ));
    }
    if !writable(&dir) {
        return Err(StoreError::refused(
            path,
            format!(
                "directory {} is not writable (SQLite needs it for its journal)",
                dir.display()
            ),
        ));
    }

    let wal_existed = sibling(path, "-wal").exists();
    let shm_existed = sibling(path, "-shm").exists();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::refused(path, format!("cannot be opened: {e}")))?;
    cipher::quiet(&conn);
    if let Some(key) = key {
        key.apply(&conn)?;
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Until the file is known to be ours, closing this connection must not
    // fold a write-ahead log left beside it into the file: refused means
    // untouched, log included. (Turned back on below.)
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;

    // Read-only questions first: nothing below writes until we are sure.
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| match disk_is_full(&dir) {
            // SQLCipher cannot tell a wrong key from a file that is not a
            // database; either way nothing was written.
            _ if key.is_some() && cipher::is_wrong_key(&e) => cipher::wrong_passphrase(path),
            // SQLite says "disk I/O error" when it cannot make its -shm file.
            true => StoreError::refused(
                path,
                format!(
                    "cannot be opened: the disk holding {} is full (the file itself was not changed); free some space and start again",
                    dir.display()
                ),
            ),
            false => StoreError::refused(path, format!("is not a readable database: {e}")),
        })?;
    let version = user_version(&conn)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::refused(
            path,
            format!(
                "was written by a newer casework (schema version {version}; this program knows up to {SCHEMA_VERSION}); upgrade casework to open it"
            ),
        ));
    }
    if tables > 0 && app_id != APPLICATION_ID {
        return Err(StoreError::refused(
            path,
            "is an SQLite database, but not a casework one",
        ));
    }

    // Only casework's own tables, indexes and triggers, exactly as it made
    // them: anything planted (a trigger that rewrites notes) never runs.
    if tables > 0 {
        if let Some(problem) = super::health::schema_problem(&conn, version)? {
            return Err(StoreError::refused(path, problem));
        }
    }

    // Opening a healthy casework file writes nothing to it. Switching the
    // journal or migrating does: before either touches an existing file, make
    // sure it is sound, so a damaged one is refused exactly as it was.
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    let will_write = !journal.eq_ignore_ascii_case("wal") || version < SCHEMA_VERSION;
    if tables > 0 && will_write {
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let first: String = stmt
            .query_row([], |r| r.get(0))
            .map_err(|e| StoreError::refused(path, format!("is damaged ({e})")))?;
        if first != "ok" {
            return Err(StoreError::refused(path, format!("is damaged ({first})")));
        }
    }

    // Private before anything is written, so the journal files SQLite
    // creates next inherit the same mode.
    if let Some(n) = tighten(path, 0o600)? {
        if existed {
            notices.push(n);
        }
    }
    if will_write {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    // Writes happen at human speed; a signed note must survive a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted text (discarded drafts) must not linger in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    if tables == 0 {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    // The head before upgrading (a file too old for the chain has none
    // worth anchoring: reading it may fail, and that is no refusal).
    let before = if version > 0 && version < SCHEMA_VERSION {
        super::chain::head(&conn).ok().flatten()
    } else {
        None
    };
    migrate(&mut conn)?;
    let after = super::chain::head(&conn)?;
    let upgraded_from = before.filter(|b| after.as_ref() != Some(b));

    // SQLite gives the -wal and -shm files the main file's mode, but ones
    // left over from an earlier run may be looser.
    for (suffix, existed_before) in [("-wal", wal_existed), ("-shm", shm_existed)] {
        if let Some(n) = tighten(&sibling(path, suffix), 0o600)? {
            if existed_before {
                notices.push(n);
            }
        }
    }
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
    Ok((conn, notices, upgraded_from))
}

/// The file `path` names, with every symbolic link followed (SQLite
/// follows them too). A new file's directory is resolved, so its journal
/// files are looked after where they will really be. A link to nothing is
/// refused: SQLite would create the file wherever it points.
fn resolve(path: &Path) -> Result<PathBuf> {
    match fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(StoreError::refused(
                    path,
                    "is a symbolic link to a file that does not exist; casework does not create a database through a link",
                ));
            }
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match (fs::canonicalize(dir), path.file_name()) {
                (Ok(dir), Some(name)) => Ok(dir.join(name)),
                // A missing directory is refused, naming it, further on.
                _ => Ok(path.to_path_buf()),
            }
        }
        // Not ours to judge here: the checks below name the problem.
        Err(_) => Ok(path.to_path_buf()),
    }
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// Refuse an existing file that cannot be a healthy casework database.
/// Returns whether the file existed. An encrypted file's header is
/// ciphertext: only SQLCipher, with the key, can judge it.
fn inspect_existing(path: &Path, keyed: bool) -> Result<bool> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StoreError::refused(path, format!("cannot be read: {e}"))),
    };
    if meta.is_dir() {
        return Err(StoreError::refused(
            path,
            "is a directory, not a database file",
        ));
    }
    if !meta.is_file() {
        return Err(StoreError::refused(path, "is not a regular file"));
    }
    if keyed {
        if !writable(path) {
            return Err(StoreError::refused(
                path,
                "is read-only for you; casework needs to write to it",
            ));
        }
        return Ok(true);
    }
    if cipher::looks_encrypted(path) {
        return Err(StoreError::refused(
            path,
            "is not a casework database (not an SQLite file), or is an encrypted one opened without its passphrase",
        ));
    }
    let mut file = fs::File::open(path)
        .map_err(|e| StoreError::refused(path, format!("cannot be read: {e}")))?;
    let mut header = [0u8; 100];
    let mut got = 0;
    while got < header.len() {
        match file.read(&mut header[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => return Err(StoreError::refused(path, format!("cannot be read: {e}"))),
        }
    }
    if got == 0 {
        // An empty file is a database SQLite has not written yet.
        return Ok(true);
    }
    if got < header.len() || &header[..16] != MAGIC {
        return Err(StoreError::refused(
            path,
            "is not a casework database (not an SQLite file)",
        ));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(StoreError::refused(
            path,
            "is damaged (impossible page size in its header)",
        ));
    }
    let len = meta.len();
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The in-header page count is only trustworthy when "version-valid-for"
    // matches the change counter (SQLite file format, section 1.3.7).
    let expected = if change_counter == valid_for {
        pages * page_size
    } else {
        0
    };
    if len % page_size != 0 || len < expected {
        return Err(StoreError::refused(
            path,
            format!("is truncated or damaged ({len} bytes; expected {expected})"),
        ));
    }
    if !writable(path) {
        return Err(StoreError::refused(
            path,
            "is read-only for you; casework needs to write to it",
        ));
    }
    Ok(true)
}

/// Is there no room left on the file system holding `dir`?
fn disk_is_full(dir: &Path) -> bool {
    rustix::fs::statvfs(dir).is_ok_and(|v| v.f_bavail.saturating_mul(v.f_frsize) < 64 * 1024)
}

pub(crate) fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// Make `path` no more open than `mode`. Returns a notice if it was looser.
pub(crate) fn tighten(path: &Path, mode: u32) -> Result<Option<String>> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let current = meta.permissions().mode() & 0o777;
    if current & !mode == 0 {
        return Ok(None);
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    Ok(Some(format!(
        "{} was readable by others (mode {current:o}); tightened to {mode:o}",
        path.display()
    )))
}
