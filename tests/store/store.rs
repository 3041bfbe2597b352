//! The database file: created safely, migrated, refused when it cannot be
//! trusted, and left byte-for-byte alone when refused.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::store::{SCHEMA_VERSION, Store};
use fixture::Fixture;
use sha2::{Digest, Sha256};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(fs::read(path).expect("read file")).to_vec()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// A file casework made, on its own and out of WAL mode (the session and
/// its background check over first: leaving WAL needs the file alone).
fn leave_wal(path: &Path) {
    drop(Store::open(path).expect("open"));
    rusqlite::Connection::open(path)
        .expect("raw")
        .pragma_update(None, "journal_mode", "DELETE")
        .expect("checkpoint and leave WAL");
}

fn refusal(path: &Path) -> String {
    match Store::open(path) {
        Ok(_) => panic!("{} was opened but should have been refused", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn new_database_is_migrated_private_and_reopens() {
    let f = Fixture::empty();
    let (store, notices) = Store::open(&f.path).expect("create");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let pragma = |sql: &str| -> String {
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .expect(sql)
    };
    assert_eq!(pragma("PRAGMA journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("PRAGMA foreign_keys"), "Integer(1)");
    assert_eq!(pragma("PRAGMA synchronous"), "Integer(2)"); // FULL
    assert_eq!(mode(&f.path), 0o600);
    drop(store);

    let (again, notices) = Store::open(&f.path).expect("reopen");
    assert!(notices.is_empty());
    assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
    assert!(again.caseload().expect("caseload").is_empty());
}

#[test]
fn generated_data_survives_reopening() {
    let f = Fixture::demo(12, 80);
    let store = f.store();
    let caseload = store.caseload().expect("caseload");
    assert_eq!(caseload.len(), 12);
    let notes: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
        .expect("count");
    assert_eq!(notes, 80);
    let detail = store.client_detail(caseload[0].id).expect("detail");
    assert_eq!(detail.client.id, caseload[0].id);
    assert!(
        !detail.history.is_empty(),
        "every client has entered a stage"
    );
}

#[test]
fn generation_is_deterministic() {
    let a = Fixture::demo(10, 60);
    let b = Fixture::demo(10, 60);
    let template = casework::domain::ChecklistTemplate::builtin();
    let ja = serde_json::to_string(
        &casework::store::export::export(&a.store(), &template).expect("export"),
    )
    .expect("json");
    let jb = serde_json::to_string(
        &casework::store::export::export(&b.store(), &template).expect("export"),
    )
    .expect("json");
    assert_eq!(ja, jb);
}

#[test]
fn newer_schema_is_refused_untouched() {
    let f = Fixture::empty();
    drop(Store::open(&f.path).expect("create"));
    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw open");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave WAL so the file is self-contained");
    }
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let before = hash(&f.path);
    let msg = refusal(&f.path);
    assert!(msg.contains("newer casework"), "{msg}");
    assert!(msg.contains(&f.path.display().to_string()), "{msg}");
    assert_eq!(hash(&f.path), before);
    assert_eq!(mode(&f.path), 0o640, "a refused file is not even chmod-ed");
}

#[test]
fn random_bytes_are_refused_untouched() {
    let f = Fixture::empty();
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(&f.path, &junk).expect("write junk");
    let msg = refusal(&f.path);
    assert!(msg.contains("not a casework database"), "{msg}");
    assert_eq!(fs::read(&f.path).expect("read"), junk);
    assert!(
        !Path::new(&format!("{}-wal", f.path.display())).exists(),
        "no WAL created beside a refused file"
    );
}

#[test]
fn truncated_database_is_refused_untouched() {
    let f = Fixture::demo(20, 150);
    leave_wal(&f.path);
    let full = fs::read(&f.path).expect("read");
    let cut = &full[..full.len() / 2 + 100];
    fs::write(&f.path, cut).expect("truncate");
    let msg = refusal(&f.path);
    assert!(msg.contains("truncated"), "{msg}");
    assert_eq!(fs::read(&f.path).expect("read"), cut);
}

#[test]
fn other_sqlite_database_is_refused_untouched() {
    let f = Fixture::empty();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw open");
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .expect("create");
    }
    let before = hash(&f.path);
    let msg = refusal(&f.path);
    assert!(msg.contains("not a casework one"), "{msg}");
    assert_eq!(hash(&f.path), before);
}

#[test]
fn directory_in_place_of_file_and_missing_directory_are_refused() {
    let f = Fixture::empty();
    fs::create_dir(&f.path).expect("mkdir");
    assert!(refusal(&f.path).contains("is a directory"));
    let missing = f.dir.path().join("no/such/dir/casework.db");
    let msg = refusal(&missing);
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(!missing.parent().expect("parent").exists());
}

#[test]
fn looser_file_is_tightened_with_a_notice() {
    let f = Fixture::empty();
    drop(Store::open(&f.path).expect("create"));
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o644)).expect("loosen");
    let (_store, notices) = Store::open(&f.path).expect("open");
    assert_eq!(mode(&f.path), 0o600);
    assert!(
        notices.iter().any(|n| n.contains("tightened")),
        "{notices:?}"
    );
}

#[test]
fn data_directory_is_created_private() {
    let f = Fixture::empty();
    let dir = f.dir.path().join("share/casework");
    casework::paths::ensure_private_dir(&dir).expect("create");
    assert_eq!(mode(&dir), 0o700);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("loosen");
    let notice = casework::paths::ensure_private_dir(&dir).expect("tighten");
    assert!(notice.is_some());
    assert_eq!(mode(&dir), 0o700);
}

#[test]
fn adding_a_client_writes_an_audit_row_in_the_same_transaction() {
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("open");
    let fields = casework::store::clients::ClientFields {
        name: "Ada Lovelace".into(),
        ..Default::default()
    };
    let id = store.add_client(&fields, fixture::today()).expect("add");
    let (action, entity_id): (String, i64) = store
        .conn()
        .query_row(
            "SELECT action, entity_id FROM audit WHERE entity = 'client'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audit row");
    assert_eq!((action.as_str(), entity_id), ("create", id));
    let history = store.client_detail(id).expect("detail").history;
    assert_eq!(history.len(), 1);
}

#[test]
fn a_blank_name_is_refused_by_the_database_itself() {
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("open");
    let fields = casework::store::clients::ClientFields {
        name: "   ".into(),
        ..Default::default()
    };
    assert!(store.add_client(&fields, fixture::today()).is_err());
    assert!(
        store.caseload().expect("caseload").is_empty(),
        "nothing half-written"
    );
    let audit: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count");
    assert_eq!(audit, 0);
}

#[test]
fn journal_files_are_private_and_deleted_text_is_overwritten() {
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("create");
    let fields = casework::store::clients::ClientFields {
        name: "Wal Test".into(),
        ..Default::default()
    };
    store
        .add_client(&fields, fixture::today())
        .expect("a write creates the WAL");
    for suffix in ["-wal", "-shm"] {
        let p = Path::new(&format!("{}{suffix}", f.path.display())).to_path_buf();
        assert!(p.exists(), "{suffix} exists while open");
        assert_eq!(mode(&p), 0o600, "{suffix}");
    }
    let secure: i64 = store
        .conn()
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(secure, 1, "discarded drafts must not linger in free pages");
}

/// Run the real binary as an ordinary user. Root reads and writes anything,
/// so when the tests run as root (as CI containers often do) the program is
/// started as `nobody` through setpriv, which util-linux ships everywhere.
fn export_as_ordinary_user(db: &Path) -> std::process::Output {
    as_ordinary_user(&["export"], db)
}

/// `casework ARGS --db DB`, run as an ordinary user (nobody when root).
fn as_ordinary_user(args: &[&str], db: &Path) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_casework");
    let root = rustix::process::geteuid().is_root();
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        std::process::Command::new(bin)
    };
    cmd.args(args)
        .arg("--db")
        .arg(db)
        .env("HOME", "/nonexistent")
        .env_remove("CASEWORK_DB");
    cmd.output().expect("run casework")
}

/// A temp dir an ordinary user may enter (tempdir makes them 0700).
fn shared_dir(f: &Fixture) -> std::path::PathBuf {
    fs::set_permissions(f.dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    f.dir.path().to_path_buf()
}

#[test]
fn unreadable_file_is_refused_untouched() {
    let f = Fixture::demo(2, 2);
    shared_dir(&f);
    leave_wal(&f.path);
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o000)).expect("chmod");
    let before = {
        fs::set_permissions(&f.path, fs::Permissions::from_mode(0o600)).expect("peek");
        let h = hash(&f.path);
        fs::set_permissions(&f.path, fs::Permissions::from_mode(0o000)).expect("chmod");
        h
    };
    let o = export_as_ordinary_user(&f.path);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains(&f.path.display().to_string()) && err.contains("cannot be read"),
        "{err}"
    );
    assert_eq!(mode(&f.path), 0o000, "not even chmod-ed");
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o600)).expect("restore");
    assert_eq!(hash(&f.path), before);
}

#[test]
fn read_only_directory_is_refused() {
    let f = Fixture::empty();
    let dir = shared_dir(&f).join("locked");
    fs::create_dir(&dir).expect("mkdir");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).expect("chmod");
    // A command that writes (one that only reads never creates a file).
    let db = dir.join("casework.db");
    let o = as_ordinary_user(&["generate", "--clients", "1", "--notes", "1"], &db);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("not writable"), "{err}");
    assert_eq!(
        fs::read_dir(&dir).expect("list").count(),
        0,
        "nothing created"
    );
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).expect("restore");
}

/// A database reached through a link to a world-readable file in another
/// directory: SQLite puts -wal and -shm beside the real file, so that is
/// where they must be made private. The main file is tightened to 0600
/// too, with a notice, exactly as when it is named directly: the user owns
/// it, and a notes file readable by others is the leak being closed.
#[test]
fn a_database_through_a_link_gets_private_journal_files_where_it_really_is() {
    let f = Fixture::demo(2, 2);
    let elsewhere = tempfile::tempdir().expect("tmp");
    let real = elsewhere.path().join("real.db");
    fs::rename(&f.path, &real).expect("move the file away");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o644)).expect("chmod");
    let link = f.dir.path().join("casework.db");
    std::os::unix::fs::symlink(&real, &link).expect("link");

    let (mut store, notices) = Store::open(&link).expect("open through the link");
    let fields = casework::store::clients::ClientFields {
        name: "Wal Through Link".into(),
        ..Default::default()
    };
    store
        .add_client(&fields, fixture::today())
        .expect("a write fills the WAL");
    assert_eq!(mode(&real), 0o600, "main file");
    for suffix in ["-wal", "-shm"] {
        let journal = Path::new(&format!("{}{suffix}", real.display())).to_path_buf();
        assert!(journal.exists(), "{suffix} beside the real file");
        assert_eq!(mode(&journal), 0o600, "{suffix}");
        let wal = fs::read(&journal).expect("read");
        if suffix == "-wal" {
            assert!(
                wal.windows(16).any(|w| w == b"Wal Through Link"),
                "the new text is in this -wal"
            );
        }
        let beside_link = Path::new(&format!("{}{suffix}", link.display())).to_path_buf();
        assert!(!beside_link.exists(), "nothing beside the link");
    }
    assert!(
        notices
            .iter()
            .any(|n| n.contains("real.db") && n.contains("644")),
        "{notices:?}"
    );
}

#[test]
fn a_link_to_nothing_is_not_a_new_database() {
    let f = Fixture::empty();
    let target = f.dir.path().join("would-be-created.db");
    let link = f.dir.path().join("casework.db");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let err = Store::open(&link).err().expect("refused").to_string();
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!target.exists());
}
