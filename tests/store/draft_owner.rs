//! A draft belongs to one live session: a second session (another SSH login
//! on the same file) can neither write into it nor take it, until the first
//! lets go or its process is gone. And a database made by version 1 of the
//! schema opens, migrates and keeps its drafts.

use crate::fixture::{self, Fixture};
use casework::domain::NoteMeta;
use casework::store::drafts::{Draft, DraftTarget};
use casework::store::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError};

fn draft(client_id: i64, body: &str) -> Draft {
    Draft {
        id: 0,
        client_id,
        note_id: None,
        target: DraftTarget::New,
        meta: NoteMeta::new(fixture::today()),
        body: body.into(),
        updated_at: None,
    }
}

fn body_of(store: &Store, id: i64) -> String {
    store
        .drafts(fixture::today())
        .expect("drafts")
        .into_iter()
        .find(|d| d.id == id)
        .expect("the draft")
        .body
}

#[test]
fn a_second_session_cannot_write_or_take_a_draft_the_first_holds() {
    let f = Fixture::demo(2, 2);
    let mut a = f.store();
    let mut b = f.store();
    let client = a.caseload().expect("caseload")[0].id;
    let id = a.save_draft(&draft(client, "A's words")).expect("A writes");

    let mut stolen = draft(client, "B's words");
    stolen.id = id;
    match b.save_draft(&stolen) {
        Err(StoreError::HeldElsewhere { .. }) => {}
        other => panic!("B wrote into A's draft: {other:?}"),
    }
    assert_eq!(body_of(&a, id), "A's words", "nothing of B's landed");
    assert!(matches!(
        b.claim_draft(id),
        Err(StoreError::HeldElsewhere { .. })
    ));
    assert!(matches!(
        b.discard_draft(id, client),
        Err(StoreError::HeldElsewhere { .. })
    ));
    assert!(b.draft_held_elsewhere(id).expect("ask").is_some());
    assert!(
        a.draft_held_elsewhere(id).expect("ask").is_none(),
        "A holds it itself"
    );

    // A keeps it for later: now B may take it, and then A may not write.
    a.release_draft(id).expect("release");
    b.claim_draft(id).expect("B takes it");
    let mut late = draft(client, "A again");
    late.id = id;
    assert!(matches!(
        a.save_draft(&late),
        Err(StoreError::HeldElsewhere { .. })
    ));
    assert_eq!(body_of(&b, id), "A's words");
}

#[test]
fn a_session_whose_process_is_gone_holds_nothing() {
    let f = Fixture::demo(2, 2);
    let mut b = f.store();
    let client = b.caseload().expect("caseload")[0].id;
    let id = b.save_draft(&draft(client, "words")).expect("write");
    // Mark it held by a process that has finished.
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("run true");
    let pid = child.id();
    child.wait().expect("wait");
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .replace(' ', "_");
    let conn = rusqlite::Connection::open(&f.path).expect("raw");
    conn.execute(
        "UPDATE drafts SET owner = ?1, owned_since = '2026-11-23T09:00:00Z' WHERE id = ?2",
        rusqlite::params![format!("{host} {pid} 0 1"), id],
    )
    .expect("plant a dead owner");
    drop(conn);
    let mut c = f.store();
    assert!(c.draft_held_elsewhere(id).expect("ask").is_none());
    c.claim_draft(id)
        .expect("a dead session's draft can be taken");
}

#[test]
fn a_version_1_database_migrates_and_keeps_its_drafts() {
    let f = Fixture::empty();
    {
        // The file as version 1 made it: its schema, its ids, one draft.
        let conn = rusqlite::Connection::open(&f.path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        conn.execute_batch(include_str!("../../src/store/schema_v1.sql"))
            .expect("schema v1");
        conn.pragma_update(None, "user_version", 1)
            .expect("version 1");
        conn.execute_batch(
            "INSERT INTO clients (name, created_at, updated_at)
                 VALUES ('Version One', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             INSERT INTO drafts (client_id, kind, format, body, updated_at)
                 VALUES (1, 'session', 'free', 'typed under version 1', '2026-11-01T09:05:00Z');",
        )
        .expect("data");
    }
    let (mut store, _) = Store::open(&f.path).expect("open and migrate");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let drafts = store.drafts(fixture::today()).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].body, "typed under version 1");
    assert!(
        store
            .draft_held_elsewhere(drafts[0].id)
            .expect("ask")
            .is_none()
    );
    store
        .claim_draft(drafts[0].id)
        .expect("nobody held it: ours now");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}
