//! A record that shows tampering: each tampering the issue names, done the
//! way an attacker would (raw SQL on the file, triggers dropped and put
//! back), is caught by `casework check`, by name, with a non-zero exit.
//! The upgrade from version 2 chains what was there; text edited out of a
//! note leaves the file.

use crate::fixture::{self, Fixture};
use casework::domain::{NoteFormat, NoteKind, NoteMeta};
use casework::store::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Output;

/// `casework check --db PATH`, with the binary's private home (its anchors
/// are in `fixture::binary_anchor_dir()`).
fn check(db: &Path) -> Output {
    fixture::casework_command()
        .args(["check", "--db"])
        .arg(db)
        .output()
        .expect("run casework")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A demo caseload made by the real binary (so its anchor exists), with
/// everything in the main file, as a session leaves it.
fn generated() -> Fixture {
    let f = Fixture::empty();
    let o = fixture::casework_command()
        .args(["generate", "--clients", "6", "--notes", "40", "--db"])
        .arg(&f.path)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    settle(&f.path);
    f
}

fn settle(path: &Path) {
    Connection::open(path)
        .expect("raw")
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// A store on `f` that keeps its anchor where the binary does.
fn anchored(f: &Fixture) -> Store {
    let mut store = f.store();
    store
        .anchor_in(&fixture::binary_anchor_dir())
        .expect("anchor");
    store
}

/// A note signed through the store: "no current SI, denies plans".
fn signed_note(store: &mut Store) -> i64 {
    let client = store.caseload().expect("caseload")[0].id;
    let meta = NoteMeta {
        kind: NoteKind::SESSION,
        format: NoteFormat::Free,
        ..NoteMeta::new(fixture::today())
    };
    let id = store
        .create_note(
            client,
            &meta,
            "Risk reviewed: no current SI, denies plans.",
            None,
        )
        .expect("note");
    store.sign_note(id).expect("sign");
    id
}

/// The file passes before it is touched: a test of tampering starts clean.
fn clean_before(f: &Fixture) {
    let o = check(&f.path);
    assert!(
        o.status.success(),
        "not clean to begin with: {}",
        stdout(&o)
    );
    assert!(stdout(&o).trim_end().ends_with("ok"));
}

/// `check` fails and says all of `words`, in one line.
fn caught(f: &Fixture, words: &[&str]) -> String {
    let o = check(&f.path);
    let out = stdout(&o);
    assert!(!o.status.success(), "check passed a tampered file:\n{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("problem:") && words.iter().all(|w| l.contains(w))),
        "no problem line saying {words:?}:\n{out}"
    );
    out
}

/// What someone with the file can do: lift casework's triggers named,
/// change what they guard, and put them back as they were.
fn behind_triggers(conn: &Connection, names: &[&str], tamper: impl FnOnce(&Connection)) {
    let saved: Vec<String> = names
        .iter()
        .map(|name| {
            conn.query_row(
                "SELECT sql FROM sqlite_master WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .expect("the trigger")
        })
        .collect();
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER {name}"))
            .expect("drop");
    }
    tamper(conn);
    for sql in &saved {
        conn.execute_batch(sql).expect("put the trigger back");
    }
}

#[test]
fn a_signed_note_changed_behind_its_trigger_is_named() {
    let f = generated();
    let note = signed_note(&mut anchored(&f));
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        behind_triggers(&conn, &["notes_signed_no_update"], |conn| {
            let n = conn
                .execute(
                    "UPDATE notes SET body = replace(body, 'no current SI, denies plans',
                                                     'current SI with plan') WHERE id = ?1",
                    [note],
                )
                .expect("rewrite");
            assert_eq!(n, 1);
        });
    }
    let client = anchored(&f).caseload().expect("caseload")[0].id;
    caught(
        &f,
        &[
            &format!("signed note {note} (client {client}"),
            "no longer matches what was signed",
        ],
    );
}

#[test]
fn sign_rows_deleted_from_the_audit_are_named() {
    let f = generated();
    let note = signed_note(&mut anchored(&f));
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        behind_triggers(&conn, &["audit_no_delete"], |conn| {
            conn.execute_batch("DELETE FROM audit WHERE action = 'sign'")
                .expect("delete the sign rows");
        });
    }
    let out = caught(&f, &["missing before", "removed from the trail"]);
    // And the note itself now claims a signature the chain does not hold.
    assert!(
        out.contains(&format!("signed note {note} "))
            && out.contains("no signature of it is in the audit chain"),
        "{out}"
    );
}

#[test]
fn a_forged_audit_row_is_named() {
    let f = generated();
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        conn.execute(
            "INSERT INTO audit (at, action, entity, entity_id, client_id, detail, hash)
             VALUES ('2026-11-20T09:00:00Z', 'sign', 'note', 3, 1, '', ?1)",
            [&"ab".repeat(32)],
        )
        .expect("forge");
    }
    caught(
        &f,
        &[
            "(2026-11-20T09:00:00Z, sign note 3)",
            "does not match its hash",
        ],
    );
}

/// An attacker who knows the encoding computes a hash that chains: only
/// the anchor outside the file tells.
#[test]
fn a_forged_row_with_a_correct_hash_is_caught_by_the_anchor() {
    let f = generated();
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        let head = casework::store::chain::head(&conn)
            .expect("head")
            .expect("rows");
        let fields: Vec<rusqlite::types::Value> = vec![
            (head.row + 1).into(),
            "2026-11-20T09:00:00Z".to_string().into(),
            "update".to_string().into(),
            "client".to_string().into(),
            1i64.into(),
            1i64.into(),
            String::new().into(),
            rusqlite::types::Value::Null,
        ];
        let hash = casework::store::chain::row_hash(Some(&head.hash), &fields);
        conn.execute(
            "INSERT INTO audit (id, at, action, entity, entity_id, client_id, detail, seal, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params_from_iter(fields.iter().chain([&hash.into()])),
        )
        .expect("forge");
    }
    caught(&f, &["written after the last head the anchor", "recorded"]);
}

#[test]
fn a_note_that_claims_to_be_signed_is_named() {
    let f = generated();
    clean_before(&f);
    let id: i64;
    {
        let conn = Connection::open(&f.path).expect("raw");
        conn.execute(
            "INSERT INTO notes (client_id, kind, format, body, session_date, created_at,
                                updated_at, signed_at)
             VALUES (2, 'session', 'free', 'Agreed there is no risk.', '2026-11-01',
                     '2026-11-01T12:00:00Z', '2026-11-01T12:00:00Z', '2026-11-01T12:00:00Z')",
            [],
        )
        .expect("plant a signed note");
        id = conn.last_insert_rowid();
    }
    caught(
        &f,
        &[
            &format!("signed note {id} (client 2"),
            "no signature of it is in the audit chain",
        ],
    );
}

#[test]
fn a_database_put_back_from_an_earlier_copy_is_caught_by_the_anchor() {
    let f = generated();
    let earlier = f.dir.path().join("earlier.db");
    std::fs::copy(&f.path, &earlier).expect("copy");
    {
        let mut store = anchored(&f);
        signed_note(&mut store);
    }
    settle(&f.path);
    clean_before(&f);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", f.path.display()));
    }
    std::fs::copy(&earlier, &f.path).expect("put the old copy back");
    let out = caught(&f, &["the anchor", "rolled back", "ends at row"]);
    // The file itself is consistent: only the anchor could tell.
    assert!(!out.contains("does not match its hash"), "{out}");
}

#[test]
fn a_restored_backup_is_named_as_such() {
    let f = generated();
    let backup = f.dir.path().join("friday.db");
    let o = fixture::casework_command()
        .args(["backup", "--db"])
        .arg(&f.path)
        .arg(&backup)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The backup has an anchor of its own and checks clean.
    assert!(
        check(&backup).status.success(),
        "{}",
        stdout(&check(&backup))
    );
    signed_note(&mut anchored(&f));
    settle(&f.path);
    std::fs::copy(&backup, &f.path).expect("restore the backup");
    caught(&f, &["rolled back", "the backup written to", "friday.db"]);

    // A restore the user meant: accepted once, said, and clean from then on
    // (the later writes anchored as usual).
    let o = fixture::casework_command()
        .args(["check", "--accept-restore", "--db"])
        .arg(&f.path)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("the anchor starts again from audit row"));
    signed_note(&mut anchored(&f));
    assert!(
        check(&f.path).status.success(),
        "{}",
        stdout(&check(&f.path))
    );
}

#[test]
fn two_databases_keep_two_anchors() {
    let a = generated();
    let b = generated();
    signed_note(&mut anchored(&a));
    // b's anchor knows nothing of a's rows, and the other way round.
    assert!(
        check(&a.path).status.success(),
        "{}",
        stdout(&check(&a.path))
    );
    assert!(
        check(&b.path).status.success(),
        "{}",
        stdout(&check(&b.path))
    );
    let dir = fixture::binary_anchor_dir();
    let anchor_of = |p: &Path| {
        casework::store::anchor::Anchor::for_database(&dir, p)
            .expect("anchor")
            .path()
            .to_path_buf()
    };
    assert_ne!(anchor_of(&a.path), anchor_of(&b.path));
    // The same file reached through a symlink finds the same anchor.
    let link = b.dir.path().join("link.db");
    std::os::unix::fs::symlink(&a.path, &link).expect("symlink");
    assert_eq!(anchor_of(&link), anchor_of(&a.path));
}

#[test]
fn the_anchor_is_private_and_never_written_through_a_symlink() {
    let f = Fixture::demo(2, 4);
    let dir = f.dir.path().join("anchors");
    let mut store = f.store();
    store.anchor_in(&dir).expect("anchor");
    let file = store.anchor().expect("kept").path().to_path_buf();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&dir), 0o700);
    drop(store);

    // Swapped for a symlink to a file the attacker wants appended to.
    let target = f.dir.path().join("victim");
    std::fs::write(&target, b"precious\n").expect("write");
    std::fs::remove_file(&file).expect("rm");
    std::os::unix::fs::symlink(&target, &file).expect("symlink");
    let mut store = f.store();
    assert!(
        store.anchor_in(&dir).is_err(),
        "an anchor through a symlink"
    );
    assert_eq!(std::fs::read(&target).expect("read"), b"precious\n");
}

/// SQL planted in the file: refused at open (naming it), the file's bytes
/// unchanged, and `check` names it too.
#[test]
fn planted_sql_never_runs_and_check_names_it() {
    let plants: &[(&str, &str)] = &[
        (
            "CREATE TRIGGER risk_up AFTER INSERT ON notes BEGIN
                 UPDATE notes SET body = replace(body, 'no risk', 'HIGH RISK') WHERE id = new.id;
             END;",
            "trigger risk_up",
        ),
        (
            "CREATE TRIGGER hush BEFORE INSERT ON audit WHEN new.action = 'sign'
             BEGIN SELECT RAISE(IGNORE); END;",
            "trigger hush",
        ),
        (
            "CREATE VIEW everyone AS SELECT name, contact FROM clients;",
            "view everyone",
        ),
        ("CREATE INDEX by_body ON notes(body);", "index by_body"),
        ("ALTER TABLE notes ADD COLUMN shadow TEXT;", "table notes"),
    ];
    for (sql, name) in plants {
        let f = Fixture::demo(3, 12);
        {
            let conn = Connection::open(&f.path).expect("raw");
            conn.execute_batch(sql).expect("plant");
        }
        settle(&f.path);
        let before = hash(&f.path);
        let why = match Store::open(&f.path) {
            Ok(_) => panic!("opened with {name} planted"),
            Err(e) => e.to_string(),
        };
        assert!(why.contains(name), "{name}: {why}");
        let o = check(&f.path);
        assert!(!o.status.success(), "{name}: check passed");
        assert!(
            stdout(&o)
                .lines()
                .any(|l| l.starts_with("problem:") && l.contains(name)),
            "{name}: {}",
            stdout(&o)
        );
        // Save and sign through the binary: refused, nothing ran.
        let o = fixture::casework_command()
            .args(["import", "--db"])
            .arg(&f.path)
            .arg(roster(&f))
            .output()
            .expect("run");
        assert!(!o.status.success(), "{name}: a write was let through");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(name),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(hash(&f.path), before, "{name}: the file changed");
    }
}

/// A trigger planted while a session has the file open: `check` from that
/// session names it too.
#[test]
fn a_trigger_planted_during_a_session_is_named_by_its_check() {
    let f = Fixture::demo(2, 4);
    let store = f.store();
    Connection::open(&f.path)
        .expect("raw")
        .execute_batch("CREATE TRIGGER late AFTER UPDATE ON clients BEGIN SELECT 1; END;")
        .expect("plant");
    let report = store.check().expect("check");
    assert!(
        report.problems.iter().any(|p| p.contains("trigger late")),
        "{report:?}"
    );
}

fn roster(f: &Fixture) -> PathBuf {
    let p = f.dir.path().join("roster.csv");
    std::fs::write(&p, "name\nNew Person\n").expect("write");
    p
}

fn hash(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).expect("read")).to_vec()
}

/// A file as version 2 made it: audit rows, a signed note, an addendum.
#[test]
fn a_version_2_database_is_chained_and_sealed_on_upgrade() {
    let f = Fixture::empty();
    {
        let conn = Connection::open(&f.path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
            .expect("id");
        conn.execute_batch(include_str!("../../src/store/schema_v1.sql"))
            .expect("v1");
        conn.execute_batch(include_str!("../../src/store/schema_v2.sql"))
            .expect("v2");
        conn.pragma_update(None, "user_version", 2)
            .expect("version 2");
        conn.execute_batch(
            "INSERT INTO clients (name, created_at, updated_at)
                 VALUES ('Version Two', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at)
                 VALUES (1, 'session', 'free', 'no current SI, denies plans', '2026-11-01',
                         '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z');
             UPDATE notes SET signed_at = '2026-11-01T10:30:00Z' WHERE id = 1;
             INSERT INTO addenda (note_id, body, created_at, signed_at)
                 VALUES (1, 'Seen again on the Tuesday.', '2026-11-02T09:00:00Z',
                         '2026-11-02T09:00:00Z');
             INSERT INTO audit (at, action, entity, entity_id, client_id, detail) VALUES
                 ('2026-11-01T09:00:00Z', 'create', 'client', 1, 1, ''),
                 ('2026-11-01T10:00:00Z', 'create', 'note', 1, 1, ''),
                 ('2026-11-01T10:30:00Z', 'sign', 'note', 1, 1, ''),
                 ('2026-11-02T09:00:00Z', 'create', 'addendum', 1, 1, '');",
        )
        .expect("data");
    }
    let store = f.store();
    assert_eq!(
        store.schema_version().expect("version"),
        casework::store::SCHEMA_VERSION
    );
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    let rows: Vec<(i64, String, String, Option<String>, String)> = store
        .conn()
        .prepare("SELECT id, at, action || ' ' || entity, seal, hash FROM audit ORDER BY id")
        .expect("sql")
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    // The four rows as they were, now chained; then the two seals.
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert_eq!(rows[2].1, "2026-11-01T10:30:00Z");
    assert_eq!(rows[2].2, "sign note");
    assert!(rows.iter().all(|r| r.4.len() == 64));
    assert_eq!(rows[4].2, "seal note");
    assert_eq!(rows[5].2, "seal addendum");
    assert!(rows[4].3.is_some() && rows[5].3.is_some());
    // The full-text indexes delete securely from now on.
    for fts in ["notes_fts", "addenda_fts"] {
        let on: i64 = store
            .conn()
            .query_row(
                &format!("SELECT v FROM {fts}_config WHERE k = 'secure-delete'"),
                [],
                |r| r.get(0),
            )
            .expect("config");
        assert_eq!(on, 1, "{fts}");
    }
    // And the chain now guards what was signed under version 2.
    drop(store);
    {
        let conn = Connection::open(&f.path).expect("raw");
        behind_triggers(&conn, &["notes_signed_no_update"], |conn| {
            conn.execute_batch("UPDATE notes SET body = 'current SI with plan' WHERE id = 1")
                .expect("tamper");
        });
    }
    let report = f.store().check().expect("check");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("signed note 1") && p.contains("no longer matches")),
        "{report:?}"
    );
}

/// Text edited out of a note is gone from the file, full-text index
/// included; the same steps with FTS5's secure-delete off leave it there
/// (so the test can see what it looks for).
#[test]
fn text_edited_out_of_a_note_leaves_the_file() {
    for secure in [true, false] {
        let f = Fixture::demo(2, 4);
        if !secure {
            Connection::open(&f.path)
                .expect("raw")
                .execute_batch("INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 0)")
                .expect("turn it off");
        }
        let mut store = f.store();
        let client = store.caseload().expect("caseload")[0].id;
        let meta = NoteMeta::new(fixture::today());
        let secret = "Disclosed the name Quillsbury and the flat on Marrowgate.";
        let id = store
            .create_note(client, &meta, secret, None)
            .expect("note");
        let base = casework::store::conflict::NoteVersion {
            meta: meta.clone(),
            body: secret.to_string(),
        };
        store
            .update_note(id, &meta, "Session held; nothing to add.", &base, None)
            .expect("edit");
        drop(store);
        settle(&f.path);
        let bytes = std::fs::read(&f.path).expect("read");
        let found = ["Quillsbury", "quillsbury", "marrowgate"]
            .iter()
            .any(|w| bytes.windows(w.len()).any(|x| x == w.as_bytes()));
        assert_eq!(found, !secure, "secure-delete {secure}: text found {found}");
    }
}

/// The thorough attacker: changes a signed note, then rewrites its seal and
/// every hash after it with casework's own encoding, so the file is
/// consistent in itself. The anchor still holds the old head.
#[test]
fn history_rewritten_hashes_and_all_is_caught_by_the_anchor() {
    let f = generated();
    let note = signed_note(&mut anchored(&f));
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        let locks = ["notes_signed_no_update", "audit_no_update"];
        behind_triggers(&conn, &locks, |conn| {
            conn.execute(
                "UPDATE notes SET body = 'Risk reviewed: current SI with plan.' WHERE id = ?1",
                [note],
            )
            .expect("rewrite the note");
            let seal = casework::store::chain::note_seal(conn, note)
                .expect("seal")
                .expect("note");
            conn.execute(
            "UPDATE audit SET seal = ?1 WHERE entity = 'note' AND entity_id = ?2 AND seal IS NOT NULL",
            rusqlite::params![seal, note],
        )
        .expect("reseal");
            // Every hash again, in order, as casework would have written them.
            let rows: Vec<Vec<rusqlite::types::Value>> = conn
                .prepare(&format!(
                    "SELECT {} FROM audit ORDER BY id",
                    casework::store::chain::ROW_COLUMNS
                ))
                .expect("sql")
                .query_map([], |r| (0..8).map(|i| r.get(i)).collect())
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("read");
            let mut prev: Option<String> = None;
            for fields in &rows {
                let hash = casework::store::chain::row_hash(prev.as_deref(), fields);
                conn.execute(
                    "UPDATE audit SET hash = ?1 WHERE id = ?2",
                    rusqlite::params![hash, fields[0]],
                )
                .expect("rehash");
                prev = Some(hash);
            }
        });
    }
    // Consistent in itself: no broken link, no mismatched seal.
    let findings = {
        let store = f.store();
        store.verify_record().expect("verify")
    };
    assert!(findings.is_empty(), "{findings:?}");
    let out = caught(&f, &["the anchor", "holds a different row", "rewritten"]);
    assert!(!out.contains("does not match its hash"), "{out}");
}

/// Planted SQL still in the write-ahead log (not yet in the main file):
/// refusing the file must not fold it in either.
#[test]
fn a_plant_still_in_the_wal_is_refused_without_folding_the_wal_in() {
    let f = Fixture::demo(2, 4);
    settle(&f.path);
    let conn = Connection::open(&f.path).expect("raw");
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         CREATE TRIGGER risk_up AFTER INSERT ON notes BEGIN
             UPDATE notes SET body = replace(body, 'no risk', 'HIGH RISK') WHERE id = new.id;
         END;",
    )
    .expect("plant");
    // The planter leaves without folding its log into the file (as a
    // killed process would).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .expect("no checkpoint");
    drop(conn);
    let wal = std::path::PathBuf::from(format!("{}-wal", f.path.display()));
    assert!(
        std::fs::metadata(&wal).expect("wal").len() > 0,
        "the plant is in the log"
    );
    let before = hash(&f.path);
    let why = match Store::open(&f.path) {
        Ok(_) => panic!("opened"),
        Err(e) => e.to_string(),
    };
    assert!(why.contains("trigger risk_up"), "{why}");
    let o = check(&f.path);
    assert!(!o.status.success());
    assert_eq!(hash(&f.path), before, "the main file changed");
}

/// Two sessions on one file, writing in turn: each anchors the head its
/// write made, and the file checks clean (no rows "past the anchor").
#[test]
fn two_sessions_writing_in_turn_keep_one_anchor_in_step() {
    let f = generated();
    let mut a = anchored(&f);
    let mut b = anchored(&f);
    signed_note(&mut a);
    signed_note(&mut b);
    signed_note(&mut a);
    drop((a, b));
    let o = check(&f.path);
    assert!(o.status.success(), "{}", stdout(&o));
}

/// Secure-delete is a setting stored as a row, which the exact-schema check
/// cannot see: switched off behind casework's back, `check` names it.
#[test]
fn secure_delete_switched_off_is_named() {
    let f = generated();
    clean_before(&f);
    {
        let conn = Connection::open(&f.path).expect("raw");
        conn.execute_batch("UPDATE addenda_fts_config SET v = 0 WHERE k = 'secure-delete'")
            .expect("switch it off");
    }
    caught(&f, &["addenda_fts", "secure-delete off"]);
}

/// A command that only reads never creates the database it is pointed at:
/// a mistyped path is refused, not reported "ok" about an empty new file.
#[test]
fn check_of_a_missing_file_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typo.db");
    let o = check(&path);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such database"));
    assert!(!path.exists());
}
