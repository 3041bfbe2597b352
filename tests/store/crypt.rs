//! Encryption at rest: a file encrypted, decrypted and re-keyed through a
//! checked copy; a wrong passphrase refused with the file untouched; no
//! client name or note text in the file's bytes, its -wal, or a backup.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture::{Fixture, today};
use casework::domain::{ChecklistTemplate, NoteMeta};
use casework::safe_write::Existing;
use casework::store::Store;
use casework::store::cipher::{Key, Passphrase, looks_encrypted};
use casework::store::export;
use casework::store::recipher::{Target, convert};
use sha2::{Digest, Sha256};
use std::path::Path;
use zeroize::Zeroizing;

const NOTE_PHRASE: &str = "Talked about the allotment by the viaduct";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(Zeroizing::new(s.to_string())).unwrap()
}

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

fn keyed(path: &Path, passphrase: &str) -> Store {
    let key = Key::for_file(path, &pass(passphrase)).unwrap();
    Store::open_with_key(path, Some(key)).unwrap().0
}

/// Everything the file holds, as the JSON export sees it.
fn content(store: &Store) -> String {
    let doc = export::export(store, &ChecklistTemplate::builtin()).unwrap();
    serde_json::to_string(&doc).unwrap()
}

/// A demo caseload with a note holding `NOTE_PHRASE`; returns a client's name.
fn caseload() -> (Fixture, String) {
    let f = Fixture::demo(6, 30);
    let mut store = f.store();
    let first = store.caseload().unwrap()[0].clone();
    store
        .create_note(first.id, &NoteMeta::new(today()), NOTE_PHRASE, None)
        .unwrap();
    drop(store);
    let bytes = std::fs::read(&f.path).unwrap();
    let wal = std::fs::read(sibling(&f.path, "-wal")).unwrap_or_default();
    assert!(
        contains(&bytes, &first.name) || contains(&wal, &first.name),
        "the test must look for something a plain file shows"
    );
    (f, first.name)
}

#[test]
fn an_encrypted_file_opens_with_its_passphrase_only_and_shows_no_names() {
    let (f, name) = caseload();
    let before = content(&f.store());
    convert(&f.path, None, Target::Encrypted(&pass("blue kettle 42"))).unwrap();
    assert!(looks_encrypted(&f.path));
    let bytes = std::fs::read(&f.path).unwrap();
    assert!(
        !contains(&bytes, &name),
        "a client name in the encrypted file"
    );
    assert!(
        !contains(&bytes, NOTE_PHRASE),
        "note text in the encrypted file"
    );
    assert!(!contains(&bytes, "SQLite format 3"));

    // No key, or the wrong one: refused, and the file is as it was.
    let untouched = hash(&f.path);
    let e = Store::open(&f.path).err().unwrap().to_string();
    assert!(e.contains("encrypted"), "{e}");
    let wrong = Key::for_file(&f.path, &pass("blue kettle 43")).unwrap();
    let e = Store::open_with_key(&f.path, Some(wrong))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("passphrase does not open"), "{e}");
    assert!(!e.contains("x'"), "key material in a message: {e}");
    assert_eq!(e.lines().count(), 1);
    assert_eq!(
        hash(&f.path),
        untouched,
        "a wrong passphrase changed the file"
    );

    // The right one: everything is there, and new writes stay unreadable,
    // in the -wal too.
    let mut store = keyed(&f.path, "blue kettle 42");
    assert!(store.is_encrypted());
    assert_eq!(content(&store), before);
    let client = store.caseload().unwrap()[1].id;
    let fresh = "Second visit: the brother from Harrogate called";
    store
        .create_note(client, &NoteMeta::new(today()), fresh, None)
        .unwrap();
    let wal = std::fs::read(sibling(&f.path, "-wal")).unwrap();
    assert!(!wal.is_empty(), "the write went to the -wal");
    for text in [fresh, name.as_str(), NOTE_PHRASE] {
        assert!(!contains(&wal, text), "{text:?} readable in the -wal");
    }
    // Full-text search works on the encrypted file.
    let hits = casework::store::search::search(store.conn(), "Harrogate", 5).unwrap();
    assert_eq!(hits.len(), 1);
    drop(store);
    let bytes = std::fs::read(&f.path).unwrap();
    assert!(!contains(&bytes, fresh));

    // A standard SQLCipher 4 file: the passphrase itself opens it.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.pragma_update(None, "key", "blue kettle 42").unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 6);
}

#[test]
fn decrypting_gives_back_the_same_plain_file_content() {
    let (f, _) = caseload();
    let before = content(&f.store());
    convert(&f.path, None, Target::Encrypted(&pass("p1"))).unwrap();
    let key = Key::for_file(&f.path, &pass("p1")).unwrap();

    // The wrong key is refused before anything happens.
    let untouched = hash(&f.path);
    let wrong = Key::for_file(&f.path, &pass("p2")).unwrap();
    let e = convert(&f.path, Some(&wrong), Target::Plain)
        .unwrap_err()
        .to_string();
    assert!(e.contains("passphrase does not open"), "{e}");
    assert_eq!(hash(&f.path), untouched);

    convert(&f.path, Some(&key), Target::Plain).unwrap();
    assert!(!looks_encrypted(&f.path));
    assert_eq!(&std::fs::read(&f.path).unwrap()[..16], b"SQLite format 3\0");
    let store = f.store();
    assert!(!store.is_encrypted());
    assert_eq!(content(&store), before);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_new_passphrase_replaces_the_old_one() {
    let (f, name) = caseload();
    let before = content(&f.store());
    convert(&f.path, None, Target::Encrypted(&pass("old one"))).unwrap();
    let old = Key::for_file(&f.path, &pass("old one")).unwrap();
    convert(&f.path, Some(&old), Target::Encrypted(&pass("new one"))).unwrap();
    let e = Store::open_with_key(
        &f.path,
        Some(Key::for_file(&f.path, &pass("old one")).unwrap()),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("passphrase does not open"), "{e}");
    let store = keyed(&f.path, "new one");
    assert_eq!(content(&store), before);
    assert!(!contains(&std::fs::read(&f.path).unwrap(), &name));
    // What the idle lock asks.
    assert!(store.passphrase_matches("new one"));
    assert!(!store.passphrase_matches("old one"));
    assert!(!store.passphrase_matches(""));
    // A plain file has no passphrase to match.
    let plain = Fixture::demo(1, 1);
    assert!(!plain.store().passphrase_matches("anything"));
}

#[test]
fn nothing_is_converted_while_another_session_has_the_file_open() {
    let (f, _) = caseload();
    let other = f.store();
    let _ = other.caseload().unwrap();
    let untouched = hash(&f.path);
    let e = convert(&f.path, None, Target::Encrypted(&pass("x")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("open in another casework session"), "{e}");
    assert_eq!(hash(&f.path), untouched);
    assert!(!looks_encrypted(&f.path));
    drop(other);
    // Nothing was left beside it either.
    let leftovers: Vec<_> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_symlinked_database_stays_a_symlink_to_the_encrypted_file() {
    let (f, _) = caseload();
    let link = f.dir.path().join("link.db");
    std::os::unix::fs::symlink(&f.path, &link).unwrap();
    convert(&link, None, Target::Encrypted(&pass("via link"))).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(looks_encrypted(&f.path));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&f.path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_backup_of_an_encrypted_file_is_encrypted_with_the_same_passphrase() {
    let (f, name) = caseload();
    convert(&f.path, None, Target::Encrypted(&pass("backup pass"))).unwrap();
    let store = keyed(&f.path, "backup pass");
    let dest = f.dir.path().join("copy.db");
    store.backup_to(&dest, Existing::Refuse, |_, _| {}).unwrap();
    let bytes = std::fs::read(&dest).unwrap();
    assert!(!contains(&bytes, &name), "a client name in the backup");
    assert!(!contains(&bytes, NOTE_PHRASE), "note text in the backup");
    // Opens with the passphrase itself, the way any SQLCipher tool would.
    let conn = rusqlite::Connection::open(&dest).unwrap();
    conn.pragma_update(None, "key", "backup pass").unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, store.check().unwrap().notes);
    let copy = keyed(&dest, "backup pass");
    assert_eq!(content(&copy), content(&store));
}

/// What the switch to SQLCipher must not take away: FTS5 with its
/// secure-delete option, the backup API on plain files, and plain files
/// opening exactly as before.
#[test]
fn the_bundled_library_keeps_fts5_secure_delete_and_backup() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let version: String = conn
        .query_row("SELECT sqlcipher_version()", [], |r| r.get(0))
        .unwrap_or_default();
    let cipher: String = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(
        cipher.starts_with('4'),
        "SQLCipher 4, got {cipher} {version}"
    );
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5(body);
         INSERT INTO t(t, rank) VALUES ('secure-delete', 1);
         INSERT INTO t(rowid, body) VALUES (1, 'gone soon'), (2, 'stays');
         DELETE FROM t WHERE rowid = 1;",
    )
    .unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM t WHERE t MATCH 'stays'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
    let secure: i64 = conn
        .query_row(
            "SELECT v FROM t_config WHERE k = 'secure-delete'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(secure, 1);

    // A plain file: plain SQLite header, backup as before.
    let f = Fixture::demo(3, 5);
    let store = f.store();
    assert!(!store.is_encrypted());
    assert_eq!(&std::fs::read(&f.path).unwrap()[..16], b"SQLite format 3\0");
    let dest = f.dir.path().join("plain-copy.db");
    store.backup_to(&dest, Existing::Refuse, |_, _| {}).unwrap();
    assert_eq!(&std::fs::read(&dest).unwrap()[..16], b"SQLite format 3\0");
}
