//! Correcting the closing record: the termination summary edited while
//! recent (before and after in the audit, shown in the history), and a
//! restore of an archived client with who and why.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture::{Fixture, d, today};
use casework::domain::Stage;
use casework::domain::stage_rules::StageMove;
use casework::store::Store;
use casework::store::StoreError;
use casework::store::clients::ClientFields;
use casework::store::record_edits::RecordChange;
use casework::store::stage_moves::StageChange;

const SUMMARY: &str = "Achieved: housing\nSupports in place: sister";

fn last_audit(store: &Store) -> (String, String, String) {
    store
        .conn()
        .query_row(
            "SELECT action, entity, detail FROM audit ORDER BY id DESC",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row")
}

fn audit_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

/// A client moved through to Termination with `SUMMARY`.
fn terminated() -> (Fixture, Store, i64) {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Test Person".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("add client");
    for _ in 0..5 {
        let seen = store.client_detail(id).expect("detail").client.stage;
        let to_termination = seen == Stage::Evaluation;
        store
            .change_stage(
                id,
                &StageChange {
                    seen,
                    mv: StageMove::Advance,
                    reason: None,
                    summary: to_termination.then_some(SUMMARY),
                    followups: &[],
                    on: None,
                    closure: None,
                },
                today(),
            )
            .expect("advance");
    }
    assert_eq!(
        store.client_detail(id).expect("detail").client.stage,
        Stage::Termination
    );
    (f, store, id)
}

fn summary(store: &Store, id: i64) -> Option<String> {
    let d = store.client_detail(id).expect("detail");
    d.history
        .iter()
        .rev()
        .find(|v| v.stage == Stage::Termination)
        .and_then(|v| v.summary.clone())
}

#[test]
fn a_recent_summary_is_edited_with_before_and_after_audited_and_shown() {
    let (f, mut store, id) = terminated();
    assert_eq!(
        store.summary_editable(id).expect("read"),
        Ok(SUMMARY.to_string())
    );
    let new = "Achieved: housing, a job\nSupports in place: sister";
    store.edit_summary(id, new, SUMMARY).expect("edit");
    assert_eq!(summary(&store, id).as_deref(), Some(new));
    let (action, entity, detail) = last_audit(&store);
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("edit_summary", "stage")
    );
    let v: serde_json::Value = serde_json::from_str(&detail).expect("json");
    assert_eq!(v["before"], SUMMARY);
    assert_eq!(v["after"], new);
    assert!(v["by"].as_str().is_some_and(|s| !s.is_empty()));

    drop(store);
    let store = f.store();
    let events = store.client_detail(id).expect("detail").corrections;
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].what,
        RecordChange::SummaryEdited {
            before: SUMMARY.into(),
            after: new.into()
        }
    );
    assert!(store.check().expect("check").problems.is_empty());
}

#[test]
fn an_old_stale_or_empty_summary_edit_writes_nothing() {
    let (_f, mut store, id) = terminated();
    let before = audit_count(&store);
    let later = chrono::Utc::now() + chrono::Duration::days(8);
    let e = store
        .edit_summary_as_of(id, "Achieved: more", SUMMARY, later)
        .expect_err("too old");
    assert!(e.to_string().contains("7 days"), "{e}");
    // Inside the window by a day, the same edit lands: the rule is the window.
    let soon = chrono::Utc::now() + chrono::Duration::days(6);
    let e = store
        .edit_summary_as_of(id, "   ", SUMMARY, soon)
        .expect_err("empty");
    assert!(e.to_string().contains("empty"), "{e}");
    let e = store
        .edit_summary(id, "Achieved: more", "Achieved: something else")
        .expect_err("stale");
    assert!(
        matches!(e, StoreError::Rule(_)) && e.to_string().contains("another session"),
        "{e}"
    );
    assert_eq!(audit_count(&store), before, "nothing written");
    assert_eq!(summary(&store, id).as_deref(), Some(SUMMARY));
    store
        .edit_summary_as_of(id, "Achieved: more", SUMMARY, soon)
        .expect("inside the window");
}

#[test]
fn a_case_without_a_summary_has_nothing_to_edit() {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "New Person".into(),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("add");
    assert!(store.summary_editable(id).expect("read").is_err());
    assert!(store.edit_summary(id, "x", "").is_err());
}

#[test]
fn a_restore_records_who_and_why_and_shows_in_the_history() {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Back Again".into(),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("add");
    store.set_archived(id, true).expect("archive");
    store
        .restore_client(id, Some("  returned after a move  "))
        .expect("restore");
    assert!(!store.client_detail(id).expect("detail").client.archived);
    let (action, entity, detail) = last_audit(&store);
    assert_eq!((action.as_str(), entity.as_str()), ("restore", "client"));
    let v: serde_json::Value = serde_json::from_str(&detail).expect("json");
    assert_eq!(v["reason"], "returned after a move");
    assert!(v["by"].as_str().is_some_and(|s| !s.is_empty()));
    // Restored again without a reason (set_archived too records who).
    store.set_archived(id, true).expect("archive");
    store.set_archived(id, false).expect("restore");
    drop(store);
    let store = f.store();
    let events = store.client_detail(id).expect("detail").corrections;
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].what,
        RecordChange::Restored {
            reason: Some("returned after a move".into())
        }
    );
    assert_eq!(events[1].what, RecordChange::Restored { reason: None });
    assert!(events.iter().all(|e| e.by.is_some()));
    // A second restore of a client no longer archived is a conflict.
    let mut store = store;
    let before = audit_count(&store);
    assert!(matches!(
        store.restore_client(id, None),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(audit_count(&store), before);
}
