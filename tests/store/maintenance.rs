//! Backups, checks, the audit trail and a second session on the same file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::safe_write::Existing;
use casework::store::Store;
use fixture::Fixture;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    fixture::casework_command()
        .args(args)
        .output()
        .expect("run casework")
}

fn export_json(path: &std::path::Path) -> String {
    let (store, _) = Store::open(path).expect("open");
    let doc =
        casework::store::export::export(&store, &casework::domain::ChecklistTemplate::builtin())
            .expect("export");
    serde_json::to_string(&doc).expect("json")
}

#[test]
fn backup_while_the_program_has_the_file_open() {
    let f = Fixture::demo(10, 60);
    let app = f.app(); // holds its own connection, as the TUI would
    let dest = f.dir.path().join("backup.db");
    let o = run(&[
        "backup",
        "--db",
        f.path.to_str().expect("utf8"),
        dest.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        fs::metadata(&dest).expect("backup").permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(export_json(&dest), export_json(&f.path));
    drop(app);
}

#[test]
fn backup_never_overwrites() {
    let f = Fixture::demo(3, 6);
    let dest = f.dir.path().join("precious.db");
    fs::write(&dest, b"something else").expect("write");
    let o = run(&[
        "backup",
        "--db",
        f.path.to_str().expect("utf8"),
        dest.to_str().expect("utf8"),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("precious.db"));
    assert_eq!(fs::read(&dest).expect("read"), b"something else");
}

#[test]
fn check_reports_a_healthy_file_and_fails_on_a_broken_link() {
    let f = Fixture::demo(4, 10);
    let db = f.path.to_str().expect("utf8");
    let ok = run(&["check", "--db", db]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{out}");
    assert!(
        out.contains(&format!(
            "schema version {}",
            casework::store::SCHEMA_VERSION
        )) && out.contains("4 clients")
            && out.trim_end().ends_with("ok"),
        "{out}"
    );

    {
        let conn = rusqlite::Connection::open(&f.path).expect("raw");
        conn.execute_batch(
            "PRAGMA foreign_keys=OFF;
             INSERT INTO goals (client_id, client_words, status, created_at, updated_at)
             VALUES (9999, 'orphan', 'active', 'x', 'x');",
        )
        .expect("insert orphan");
    }
    let bad = run(&["check", "--db", db]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("foreign key: goals"));
}

#[test]
fn audit_rows_are_listed_and_cannot_be_changed() {
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("open");
    let fields = casework::store::clients::ClientFields {
        name: "Ada".into(),
        ..Default::default()
    };
    let id = store.add_client(&fields, fixture::today()).expect("add");
    let o = run(&[
        "audit",
        "--db",
        f.path.to_str().expect("utf8"),
        "--client",
        &id.to_string(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("\tcreate\tclient\t"),
        "{out}"
    );
    for sql in ["UPDATE audit SET action = 'nothing'", "DELETE FROM audit"] {
        let err = store.conn().execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("audit log cannot be changed"),
            "{err}"
        );
    }
}

#[test]
fn a_second_session_sees_the_other_sessions_change_after_input() {
    let f = Fixture::demo(3, 6);
    let mut first = f.app();
    let (mut second, _) = Store::open(&f.path).expect("second session");
    assert!(!first.refresh_if_changed(), "nothing changed yet");
    let fields = casework::store::clients::ClientFields {
        name: "From Elsewhere".into(),
        ..Default::default()
    };
    second
        .add_client(&fields, fixture::today())
        .expect("add in the other session");
    assert!(first.refresh_if_changed());
    assert!(first.caseload.iter().any(|c| c.name == "From Elsewhere"));
    assert!(!first.refresh_if_changed(), "and only once");
}

#[test]
fn a_write_waits_for_the_other_sessions_lock_instead_of_failing() {
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::time::Duration;
    let f = Fixture::demo(2, 2);
    let locker = rusqlite::Connection::open(&f.path).expect("raw");
    locker
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let path = f.path.clone();
    let (started_tx, started) = mpsc::channel();
    let (done_tx, done) = mpsc::channel();
    let writer = std::thread::spawn(move || {
        let (mut store, _) = Store::open(&path).expect("open");
        let fields = casework::store::clients::ClientFields {
            name: "Patient".into(),
            ..Default::default()
        };
        started_tx.send(()).expect("say the write starts");
        let result = store.add_client(&fields, fixture::today());
        done_tx
            .send(result.map_err(|e| e.to_string()))
            .expect("say the write is done");
    });

    // The write has started and the lock is still held: it cannot land, so
    // if it comes back now it gave up instead of waiting. (The wait only
    // gives the writer time to reach the lock; a slow writer still passes.)
    started.recv().expect("the writer started");
    match done.recv_timeout(Duration::from_millis(300)) {
        Err(RecvTimeoutError::Timeout) => {}
        other => panic!("the write finished while the other session held the lock: {other:?}"),
    }
    assert!(!writer.is_finished(), "the writer is still waiting");

    // Released: the waiting write gets through.
    locker.execute_batch("COMMIT").expect("release");
    done.recv_timeout(Duration::from_secs(10))
        .expect("the write finishes once the lock is free")
        .expect("the write waited and landed");
    writer.join().expect("thread");
    assert!(
        f.store()
            .caseload()
            .expect("caseload")
            .iter()
            .any(|c| c.name == "Patient")
    );
}

/// Overwrite one page in the middle of the file with junk, as a failing disk might.
fn damage_a_middle_page(path: &std::path::Path) {
    // Made by casework, then on its own (the session, and its background
    // check, over) and out of WAL mode so the damage is in the main file.
    drop(Store::open(path).expect("open"));
    rusqlite::Connection::open(path)
        .expect("raw")
        .pragma_update(None, "journal_mode", "DELETE")
        .expect("self-contained");
    let mut bytes = fs::read(path).expect("read");
    let page = 4096;
    let middle = (bytes.len() / page / 2) * page;
    for b in &mut bytes[middle..middle + page] {
        *b = 0xA5;
    }
    fs::write(path, bytes).expect("write");
}

#[test]
fn a_damaged_database_is_not_exported_as_if_whole() {
    let f = Fixture::demo(30, 400);
    damage_a_middle_page(&f.path);
    fs::set_permissions(&f.path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let before = fs::read(&f.path).expect("read");
    let o = run(&["export", "--db", f.path.to_str().expect("utf8")]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&f.path.display().to_string()) && err.contains("is damaged"),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "nothing half-exported");
    assert_eq!(
        fs::read(&f.path).expect("read"),
        before,
        "refused byte for byte untouched"
    );
    assert_eq!(
        fs::metadata(&f.path).expect("meta").permissions().mode() & 0o777,
        0o644
    );
}

#[test]
fn a_damaged_database_still_in_wal_mode_is_not_exported_or_backed_up_as_whole() {
    let f = Fixture::demo(30, 400);
    damage_a_middle_page(&f.path);
    {
        // Back to WAL, as a casework file normally is: opening it then writes nothing.
        let conn = rusqlite::Connection::open(&f.path).expect("raw");
        let _ = conn.pragma_update(None, "journal_mode", "WAL");
    }
    let o = run(&["export", "--db", f.path.to_str().expect("utf8")]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is damaged"));
    assert!(o.stdout.is_empty());

    let dest = f.dir.path().join("copy.db");
    let b = run(&[
        "backup",
        "--db",
        f.path.to_str().expect("utf8"),
        dest.to_str().expect("utf8"),
    ]);
    assert!(!b.status.success(), "a backup of a damaged file says so");
    // Either the copy got through (and is kept, named as damaged) or it
    // failed on the way (and nothing is left under DEST): never half a file
    // passed off as a backup, and the message says which.
    let err = String::from_utf8_lossy(&b.stderr);
    assert!(err.contains("is damaged"), "{err}");
    if dest.exists() {
        assert!(err.contains("the copy holds the damage too"), "{err}");
    } else {
        assert!(err.contains("no backup was written"), "{err}");
    }
    let strays: Vec<_> = fs::read_dir(f.dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("casework-tmp"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn a_backup_finishes_while_another_session_keeps_committing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let f = Fixture::demo(200, 4000);
    let store = f.store();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (path, stop) = (f.path.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let (mut other, _) = Store::open(&path).expect("second session");
            let mut commits = 0;
            while !stop.load(Ordering::Relaxed) {
                let fields = casework::store::clients::ClientFields {
                    name: format!("Busy {commits}"),
                    ..Default::default()
                };
                other.add_client(&fields, fixture::today()).expect("commit");
                commits += 1;
            }
            commits
        })
    };
    let dest = f.dir.path().join("copy.db");
    let mut seen: Vec<(i32, i32)> = Vec::new();
    store
        .backup_to(&dest, Existing::Refuse, |done, all| seen.push((done, all)))
        .expect("the backup finishes");
    stop.store(true, Ordering::Relaxed);
    let commits = writer.join().expect("writer");
    assert!(commits > 0, "the other session really was committing");
    assert!(seen.len() > 2, "a copy in several steps: {seen:?}");
    // It never started over: pages copied only ever grow.
    assert!(seen.windows(2).all(|w| w[1].0 >= w[0].0), "{seen:?}");
    let last = seen.last().copied().expect("progress");
    assert_eq!(last.0, last.1, "all pages copied");
    // The copy is whole and is one moment of the file.
    let (copy, _) = Store::open(&dest).expect("open the copy");
    assert!(copy.check().expect("check").problems.is_empty());
}
