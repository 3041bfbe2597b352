//! Encryption at rest: a database file may be a standard SQLCipher 4 file.
//!
//! The passphrase is stretched once per start (SQLCipher's own PBKDF2-
//! HMAC-SHA512, 256,000 rounds, with the 16-byte salt at the head of the
//! file) and the raw key, with that salt, is handed to every connection the
//! program opens: the main one, the background health check, a backup. Each
//! would otherwise pay the stretching again. The file stays one that the
//! `sqlcipher` shell opens with the passphrase itself.

use super::error::{Result, StoreError};
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// SQLCipher 4's defaults, which every file this program writes keeps.
const KDF_ROUNDS: u32 = 256_000;
const KEY_LEN: usize = 32;
pub const SALT_LEN: usize = 16;

const PLAIN_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A passphrase as typed; wiped from memory when dropped.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// `None` for an empty passphrase: it would protect nothing.
    pub fn new(text: Zeroizing<String>) -> Option<Passphrase> {
        (!text.is_empty()).then_some(Passphrase(text))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// The derived key of one file, with that file's salt. Wiped when dropped;
/// never printed.
#[derive(Clone)]
pub struct Key {
    raw: Zeroizing<[u8; KEY_LEN]>,
    salt: [u8; SALT_LEN],
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// SQLCipher 4's key derivation, done here once.
    pub fn derive(passphrase: &Passphrase, salt: [u8; SALT_LEN]) -> Key {
        let block = super::kdf::pbkdf2_sha512(passphrase.expose().as_bytes(), &salt, KDF_ROUNDS);
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        raw.copy_from_slice(&block[..KEY_LEN]);
        Key { raw, salt }
    }

    /// The key for the encrypted file at `path` (its salt is its first 16
    /// bytes). Says nothing about whether the passphrase is right: opening
    /// tells that.
    pub fn for_file(path: &Path, passphrase: &Passphrase) -> Result<Key> {
        let salt = read_salt(path)?;
        Ok(Key::derive(passphrase, salt))
    }

    /// A key for a new file, with a fresh random salt.
    pub fn fresh(passphrase: &Passphrase) -> Result<Key> {
        let mut salt = [0u8; SALT_LEN];
        let mut filled = 0;
        while filled < SALT_LEN {
            filled +=
                rustix::rand::getrandom(&mut salt[filled..], rustix::rand::GetRandomFlags::empty())
                    .map_err(std::io::Error::from)?;
        }
        Ok(Key::derive(passphrase, salt))
    }

    /// Is `typed` the passphrase this key came from? Costs one derivation
    /// (a fraction of a second): meant for unlocking, not for a loop.
    pub fn matches(&self, typed: &Passphrase) -> bool {
        let other = Key::derive(typed, self.salt);
        // Every byte compared, whatever the first difference.
        self.raw
            .iter()
            .zip(other.raw.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }

    /// SQLCipher's raw-key form with an explicit salt: `x'<key><salt>'`.
    /// A new file keyed with it gets this salt, so it opens with the same
    /// passphrase as the file it was copied from.
    fn spec(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(3 + 2 * (KEY_LEN + SALT_LEN)));
        s.push_str("x'");
        for b in self.raw.iter().chain(self.salt.iter()) {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0xf));
        }
        s.push('\'');
        s
    }

    /// Key a connection that has just been opened (before anything else
    /// is asked of it).
    pub fn apply(&self, conn: &Connection) -> Result<()> {
        self.apply_to(conn, "main")
    }

    /// Key a schema of `conn` (`main`, or an attached one).
    pub(crate) fn apply_to(&self, conn: &Connection, schema: &str) -> Result<()> {
        quiet(conn);
        let spec = self.spec();
        // The key must never reach a message: say only that it failed.
        conn.pragma_update(Some(schema), "key", spec.as_str())
            .map_err(|_| StoreError::Invalid("the database key could not be set".into()))
    }
}

/// SQLCipher writes its own log lines to stderr (a wrong key is three of
/// them); the program says what went wrong in one line of its own. The
/// setting is process-wide.
/// Once per process: SQLCipher changes its log target without a lock, so a
/// second change racing a log line elsewhere could crash.
pub fn quiet(conn: &Connection) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = conn
            .prepare("PRAGMA cipher_log = off")
            .and_then(|mut st| st.query([]).and_then(|mut rows| rows.next().map(|_| ())));
    });
}

/// An error's text without anything that could hold a key (SQL text).
fn no_key(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => f.to_string(),
        other => other.to_string(),
    }
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xf)])
}

/// Does the file at `path` look like an encrypted database? An SQLCipher
/// file begins with its random salt instead of SQLite's header, and is
/// whole pages. Anything else (absent, empty, plain, short) is not.
pub fn looks_encrypted(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() < 1024 || meta.len() % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head != PLAIN_MAGIC)
}

fn read_salt(path: &Path) -> Result<[u8; SALT_LEN]> {
    let mut salt = [0u8; SALT_LEN];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut salt))
        .map_err(|e| StoreError::refused(path, format!("cannot be read: {e}")))?;
    Ok(salt)
}

/// Does `key` open the file at `path`? Reads one page, writes nothing.
pub fn verify(path: &Path, key: &Key) -> Result<()> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::refused(path, format!("cannot be opened: {}", no_key(e))))?;
    key.apply(&conn)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if is_wrong_key(&e) => Err(wrong_passphrase(path)),
        Err(e) => Err(StoreError::refused(
            path,
            format!("cannot be read: {}", no_key(e)),
        )),
    }
}

/// The one line for a passphrase that does not open the file.
pub fn wrong_passphrase(path: &Path) -> StoreError {
    StoreError::refused(
        path,
        "the passphrase does not open this file (wrong passphrase, or not a casework database); nothing was changed",
    )
}

/// Did opening fail because the key does not fit (SQLCipher reports a
/// wrong key as "file is not a database")?
pub fn is_wrong_key(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(Zeroizing::new(s.to_string())).unwrap()
    }

    #[test]
    fn an_empty_passphrase_is_none() {
        assert!(Passphrase::new(Zeroizing::new(String::new())).is_none());
    }

    #[test]
    fn the_key_matches_its_passphrase_only() {
        let key = Key::derive(&pass("correct horse"), [7; SALT_LEN]);
        assert!(key.matches(&pass("correct horse")));
        assert!(!key.matches(&pass("correct horsE")));
        assert_eq!(format!("{key:?}"), "Key(..)");
    }

    #[test]
    fn a_raw_key_opens_what_the_passphrase_made_and_the_other_way_round() {
        let dir = tempfile::tempdir().unwrap();
        // Made by SQLCipher from the passphrase.
        let a = dir.path().join("a.db");
        let conn = Connection::open(&a).unwrap();
        conn.pragma_update(None, "key", "s3cret").unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('hello');")
            .unwrap();
        drop(conn);
        assert!(looks_encrypted(&a));
        let key = Key::for_file(&a, &pass("s3cret")).unwrap();
        let conn = Connection::open(&a).unwrap();
        key.apply(&conn).unwrap();
        let x: String = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, "hello");
        drop(conn);
        // Made from the raw key with a fresh salt; opened by passphrase.
        let b = dir.path().join("b.db");
        let key = Key::fresh(&pass("other")).unwrap();
        let conn = Connection::open(&b).unwrap();
        key.apply(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('there');")
            .unwrap();
        drop(conn);
        let conn = Connection::open(&b).unwrap();
        conn.pragma_update(None, "key", "other").unwrap();
        let x: String = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, "there");
        // And the wrong passphrase is "not a database".
        let conn = Connection::open(&b).unwrap();
        Key::for_file(&b, &pass("Other"))
            .unwrap()
            .apply(&conn)
            .unwrap();
        let e = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert!(is_wrong_key(&e), "{e}");
    }
}
