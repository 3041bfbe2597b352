//! An upgrade that writes audit rows keeps the external anchor in step.
//! A v4 file, anchored at its head as a v4 casework left it, is opened by
//! the real binary's `check`, which upgrades it (the v5 step ticks
//! "Check-ins scheduled" for a case already in Follow-up, with an audit
//! row). Both that check and the next must pass: the upgrade's rows are
//! casework's own, not rows written behind its back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture::{self, Fixture};
use casework::store::anchor::Anchor;
use casework::store::chain::{Head, ROW_COLUMNS, row_hash};
use rusqlite::Connection;
use rusqlite::types::Value;

/// The version before the upgrade step that writes audit rows.
const OLD_VERSION: i64 = 4;

fn v4_file_with_a_chained_audit_row(f: &Fixture) -> Head {
    let mut conn = Connection::open(&f.path).expect("create");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
        .expect("id");
    casework::store::apply_up_to(&mut conn, OLD_VERSION).expect("schema");
    conn.pragma_update(None, "user_version", OLD_VERSION)
        .expect("version");
    conn.execute_batch(
        "INSERT INTO clients (name, intake_date, stage, created_at, updated_at)
             VALUES ('Earlier Version', '2026-06-01', 'follow_up',
                     '2026-06-01T09:00:00Z', '2026-06-01T09:00:00Z');
         INSERT INTO stage_history (client_id, stage, entered_on, left_on, summary)
             VALUES (1, 'termination', '2026-09-01', '2026-09-10', 'Achieved: work');
         INSERT INTO stage_history (client_id, stage, entered_on) VALUES (1, 'follow_up', '2026-09-10');
         INSERT INTO followups (client_id, due) VALUES (1, '2026-11-10');",
    )
    .expect("data");
    // The client's creation, chained as v4 chained it.
    let fields = vec![
        Value::Integer(1),
        Value::Text("2026-06-01T09:00:00Z".into()),
        Value::Text("create".into()),
        Value::Text("client".into()),
        Value::Integer(1),
        Value::Integer(1),
        Value::Text(String::new()),
        Value::Null,
    ];
    let hash = row_hash(None, &fields);
    conn.execute(
        &format!(
            "INSERT INTO audit ({ROW_COLUMNS}, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        rusqlite::params_from_iter(
            fields
                .iter()
                .chain(std::iter::once(&Value::Text(hash.clone()))),
        ),
    )
    .expect("audit row");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    Head { row: 1, hash }
}

fn check(f: &Fixture) -> (bool, String) {
    let o = fixture::casework_command()
        .args(["check", "--db"])
        .arg(&f.path)
        .output()
        .expect("run casework");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

#[test]
fn check_upgrading_a_v4_file_keeps_the_anchor_and_passes_twice() {
    let f = Fixture::empty();
    let head = v4_file_with_a_chained_audit_row(&f);
    // The anchor as a v4 casework kept it: at the file's head.
    Anchor::for_database(&fixture::binary_anchor_dir(), &f.path)
        .expect("anchor")
        .append("write", &head, None)
        .expect("append");

    let (ok, first) = check(&f);
    assert!(ok, "first check: {first}");
    let (ok, second) = check(&f);
    assert!(ok, "second check: {second}");
    assert!(!second.contains("after the last"), "{second}");

    // The upgrade did write an audit row (the tick), so the test means it.
    let store = f.store();
    let rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'checklist_item'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(rows >= 1, "the v5 step ticked nothing");
    let anchor = Anchor::for_database(&fixture::binary_anchor_dir(), &f.path).expect("anchor");
    let last = anchor
        .entries()
        .expect("entries")
        .into_iter()
        .rev()
        .find(|e| e.is_head())
        .expect("a head");
    assert_eq!(
        Some(last.row),
        store.audit_head().expect("head").map(|h| h.row)
    );
}

/// A row added behind casework's back before the upgrade (chained, so
/// only the anchor can tell) is still reported: only the upgrade's own
/// rows are anchored, never what was there before it ran.
#[test]
fn a_row_planted_before_the_upgrade_is_still_reported() {
    let f = Fixture::empty();
    let head = v4_file_with_a_chained_audit_row(&f);
    Anchor::for_database(&fixture::binary_anchor_dir(), &f.path)
        .expect("anchor")
        .append("write", &head, None)
        .expect("append");
    let planted = vec![
        Value::Integer(2),
        Value::Text("2026-06-02T09:00:00Z".into()),
        Value::Text("update".into()),
        Value::Text("client".into()),
        Value::Integer(1),
        Value::Integer(1),
        Value::Text(String::new()),
        Value::Null,
    ];
    let hash = row_hash(Some(&head.hash), &planted);
    let conn = Connection::open(&f.path).expect("raw");
    conn.execute(
        &format!(
            "INSERT INTO audit ({ROW_COLUMNS}, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        rusqlite::params_from_iter(planted.iter().chain(std::iter::once(&Value::Text(hash)))),
    )
    .expect("planted row");
    drop(conn);
    let (ok, first) = check(&f);
    assert!(!ok, "the planted row must be reported: {first}");
}
