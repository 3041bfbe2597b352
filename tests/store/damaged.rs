//! A damaged or doctored file is never written. Files that look healthy
//! enough to open (WAL mode, current schema: no check at open) are checked
//! before the first write; files with a schema casework did not make are
//! refused at open, before anything about them changes.

use crate::fixture::{self, Fixture};
use casework::store::clients::ClientFields;
use casework::store::{APPLICATION_ID, Store, StoreError};
use sha2::{Digest, Sha256};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(fs::read(path).expect("read file")).to_vec()
}

/// A demo file with everything in the main file (WAL checkpointed), as a
/// session leaves it.
fn settled_demo() -> Fixture {
    let f = Fixture::demo(20, 200);
    let conn = rusqlite::Connection::open(&f.path).expect("raw");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    f
}

fn add_a_client(store: &mut Store) -> casework::store::Result<i64> {
    let fields = ClientFields {
        name: "New Person".into(),
        ..Default::default()
    };
    store.add_client(&fields, fixture::today())
}

#[test]
fn a_file_with_a_zeroed_page_opens_but_is_never_written() {
    let f = settled_demo();
    let page_size: usize = 4096;
    let mut bytes = fs::read(&f.path).expect("read");
    let pages = bytes.len() / page_size;
    let victim = pages / 2;
    bytes[victim * page_size..(victim + 1) * page_size].fill(0);
    fs::write(&f.path, &bytes).expect("damage one page");
    let before = hash(&f.path);

    let (mut store, _) = Store::open(&f.path).expect("it still opens, to be read");
    match add_a_client(&mut store) {
        Err(StoreError::Damaged(why)) => assert!(!why.is_empty()),
        other => panic!("a damaged file took a write: {other:?}"),
    }
    drop(store);
    assert_eq!(hash(&f.path), before, "the file is exactly as it was");
}

#[test]
fn a_corrupt_full_text_index_stops_writes_too() {
    let f = settled_demo();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw");
        let n = conn
            .execute(
                "UPDATE notes_fts_data SET block = zeroblob(length(block))
                 WHERE id = (SELECT max(id) FROM notes_fts_data)",
                [],
            )
            .expect("spoil an index block");
        assert_eq!(n, 1);
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
    }
    let before = hash(&f.path);
    let (mut store, _) = Store::open(&f.path).expect("opens");
    assert!(
        matches!(add_a_client(&mut store), Err(StoreError::Damaged(why)) if why.contains("notes_fts")),
        "the full-text damage is named"
    );
    // `casework check` names it too, although SQLite's own check passes.
    let report = store.check().expect("check");
    assert!(
        report.problems.iter().any(|p| p.contains("notes_fts")),
        "{report:?}"
    );
    drop(store);
    assert_eq!(hash(&f.path), before);
}

/// Refused at open, with the file's bytes, mode and neighbours unchanged.
fn refused_untouched(path: &Path) -> String {
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let before = hash(path);
    let why = match Store::open(path) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e.to_string(),
    };
    assert_eq!(hash(path), before, "bytes unchanged");
    let mode = fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "not even its mode changed");
    why
}

#[test]
fn a_crafted_file_with_our_id_but_not_our_schema_is_refused_untouched() {
    let f = Fixture::empty();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("create");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
            .expect("a table");
    }
    let why = refused_untouched(&f.path);
    assert!(why.contains("not made by casework"), "{why}");
    let journal: String = rusqlite::Connection::open(&f.path)
        .expect("raw")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal");
    assert_eq!(journal, "delete", "not switched to WAL");
}

#[test]
fn a_planted_trigger_is_refused_before_it_can_run() {
    let f = settled_demo();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw");
        conn.execute_batch(
            "CREATE TRIGGER sneaky AFTER INSERT ON notes BEGIN
                 UPDATE notes SET body = replace(new.body, 'no risk', 'HIGH RISK')
                 WHERE id = new.id;
             END;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("plant");
    }
    let why = refused_untouched(&f.path);
    assert!(why.contains("trigger sneaky"), "{why}");
}

#[test]
fn a_changed_casework_trigger_is_refused_too() {
    let f = settled_demo();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw");
        conn.execute_batch(
            "DROP TRIGGER notes_fts_insert;
             CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN SELECT 1; END;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("swap a trigger");
    }
    let why = refused_untouched(&f.path);
    assert!(why.contains("notes_fts_insert"), "{why}");
}
