//! Note kinds from the vocabulary: a database made by the version before
//! upgrades with every note's kind as it was (signed notes' seals hold), then
//! takes the new "supervision" kind, which exports and imports back; a kind
//! no longer in the vocabulary still loads, under its key.

use crate::fixture::Fixture;
use casework::domain::{ChecklistTemplate, NoteFormat, NoteKind, NoteMeta};
use casework::store::export::{Export, export};
use casework::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;

/// The schema version before the vocabulary's migration (v7), fixed: later
/// migrations must not move the file this test starts from.
const PREVIOUS_VERSION: i64 = 6;

const OLD_KINDS: [&str; 7] = [
    "session",
    "phone",
    "home_visit",
    "collateral",
    "group",
    "crisis",
    "consultation",
];

fn insert_note(conn: &Connection, kind: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at)
             VALUES (1, ?1, 'free', 'seen', '2026-10-01', '2026-10-01T10:00:00Z',
                     '2026-10-01T10:00:00Z')",
        [kind],
    )
}

/// A file as the previous version made it: one client, a note of each kind.
fn database_made_by_previous_version(f: &Fixture) {
    let mut conn = Connection::open(&f.path).expect("create");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
        .expect("id");
    casework::store::apply_up_to(&mut conn, PREVIOUS_VERSION).expect("schema");
    conn.pragma_update(None, "user_version", PREVIOUS_VERSION)
        .expect("version");
    conn.execute_batch(
        "INSERT INTO clients (name, intake_date, stage, created_at, updated_at)
             VALUES ('Earlier Version', '2026-06-01', 'assessment',
                     '2026-06-01T09:00:00Z', '2026-06-01T09:00:00Z');",
    )
    .expect("client");
    for kind in OLD_KINDS {
        insert_note(&conn, kind).expect("an old kind");
    }
    // The old CHECK is there, so the test below can see it go.
    assert!(insert_note(&conn, "supervision").is_err());
}

#[test]
fn a_previous_version_database_upgrades_and_takes_a_supervision_note_that_round_trips() {
    let f = Fixture::empty();
    database_made_by_previous_version(&f);
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    let kinds: Vec<&str> = store
        .client_detail(1)
        .expect("detail")
        .notes
        .iter()
        .map(|n| n.kind.key())
        .collect();
    let mut want = OLD_KINDS.to_vec();
    want.sort_unstable();
    let mut have = kinds.clone();
    have.sort_unstable();
    assert_eq!(have, want);

    let meta = NoteMeta {
        kind: NoteKind::SUPERVISION,
        format: NoteFormat::Free,
        ..NoteMeta::new(crate::fixture::today())
    };
    let id = store
        .create_note(
            1,
            &meta,
            "Talked the case through with my supervisor.",
            None,
        )
        .expect("a supervision note");
    store.sign_note(id).expect("sign");
    assert!(store.check().expect("check").problems.is_empty());

    // The table checks the shape of a kind, not the list.
    assert!(insert_note(store.conn(), "Not A Key").is_err());
    assert!(insert_note(store.conn(), "").is_err());
    assert!(insert_note(store.conn(), &"x".repeat(41)).is_err());

    let doc = export(&store, &ChecklistTemplate::builtin()).expect("export");
    let json = serde_json::to_string(&doc).expect("json");
    assert!(json.contains("\"kind\":\"supervision\""), "{json}");
    let back: Export = serde_json::from_str(&json).expect("parse");
    let other = Fixture::empty();
    let (mut imported, _) = Store::open(&other.path).expect("open");
    imported.import_export(&back).expect("import");
    let id = imported.caseload().expect("caseload")[0].id;
    let notes = imported.client_detail(id).expect("detail").notes;
    let sup = notes
        .iter()
        .find(|n| n.kind == NoteKind::SUPERVISION)
        .expect("the supervision note came back");
    assert!(sup.is_signed());
    assert_eq!(sup.kind.label(), "supervision");
    assert!(imported.check().expect("check").problems.is_empty());
}

/// Notes signed (and sealed) before kinds came from a file: the seals hash
/// each note's stored kind, so `check` staying clean after every migration,
/// this one included, says no kind changed.
#[test]
fn signed_notes_of_old_kinds_keep_their_seals_through_the_upgrade() {
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
             INSERT INTO audit (at, action, entity, entity_id, client_id, detail) VALUES
                 ('2026-11-01T09:00:00Z', 'create', 'client', 1, 1, '');",
        )
        .expect("client");
        for kind in ["crisis", "consultation", "home_visit"] {
            insert_note(&conn, kind).expect("note");
        }
        conn.execute_batch("UPDATE notes SET signed_at = '2026-10-01T10:30:00Z'")
            .expect("sign");
    }
    let store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    let seals: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'seal' AND entity = 'note'",
            [],
            |r| r.get(0),
        )
        .expect("seals");
    assert_eq!(seals, 3);
    let notes = store.client_detail(1).expect("detail").notes;
    assert!(notes.iter().all(|n| n.is_signed()));
    assert!(notes.iter().any(|n| n.kind == NoteKind::CRISIS));
}

/// An agency that drops a kind does not lose the notes of that kind: they
/// load and show under their key.
#[test]
fn a_note_whose_kind_is_not_in_the_vocabulary_still_loads_under_its_key() {
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("open");
    let client = store
        .add_client(
            &casework::store::clients::ClientFields {
                name: "Dropped Kind".into(),
                ..Default::default()
            },
            crate::fixture::today(),
        )
        .expect("client");
    let id = store
        .create_note(client, &NoteMeta::new(crate::fixture::today()), "x", None)
        .expect("note");
    store
        .conn()
        .execute("UPDATE notes SET kind = 'peer_review' WHERE id = ?1", [id])
        .expect("an agency kind since dropped");
    let notes = store.client_detail(client).expect("detail").notes;
    assert_eq!(notes[0].kind.key(), "peer_review");
    assert_eq!(notes[0].kind.label(), "peer_review");
}

/// Run the real binary with its home and config directory inside `dir`.
fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(args)
        .env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(dir)
        .output()
        .expect("run casework")
}

fn write_config(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let conf = dir.join("config").join("casework");
    std::fs::create_dir_all(&conf).expect("config dir");
    let path = conf.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

const AGENCY: &str = "kinds = [\n  { key = \"session\", label = \"session\" },\n  { key = \"crisis\", label = \"CRISIS\" },\n  { key = \"peer_review\", label = \"peer review\" },\n]\ntechniques = [\n  { key = \"crisis_intervention\", label = \"crisis intervention\" },\n]\n";

#[test]
fn a_broken_or_incomplete_agency_vocabulary_stops_the_program_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("own.db");
    let db = db.to_str().expect("utf-8 path");
    // Line 3 lacks the comma between key and label; then crisis is left out.
    let broken =
        "kinds = [\n  { key = \"session\", label = \"s\" },\n  { key = \"x\" label = \"b\" },\n]\n";
    let no_crisis = AGENCY.replace("  { key = \"crisis\", label = \"CRISIS\" },\n", "");
    for (text, line, says) in [(broken, 3, ""), (no_crisis.as_str(), 1, "must stay")] {
        let path = write_config(dir.path(), "vocabulary.toml", text);
        for args in [vec!["--db", db], vec!["--db", db, "export"]] {
            let out = run(dir.path(), &args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?} exited 0; {stderr}");
            assert!(
                stderr.contains(&format!("{}:{line}:", path.display())),
                "{args:?}: {stderr}"
            );
            assert!(stderr.contains(says), "{stderr}");
            assert!(!out.stdout.contains(&0x1b), "{args:?} started drawing");
        }
    }
    assert!(
        !std::path::Path::new(db).exists(),
        "the database was opened"
    );
}

/// The config's `[new_note]` kind is checked against the agency's file, not
/// the shipped one: "phone" is shipped but this agency has no phone notes.
#[test]
fn the_new_note_default_kind_must_be_in_the_agency_vocabulary() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_config(dir.path(), "vocabulary.toml", AGENCY);
    let config = write_config(
        dir.path(),
        "config.toml",
        "privacy = false\n[new_note]\nkind = \"phone\"\n",
    );
    let out = run(dir.path(), &["--db", "own.db"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:3:", config.display())),
        "{stderr}"
    );
    assert!(stderr.contains("one of session, peer_review"), "{stderr}");
}
