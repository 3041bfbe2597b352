//! Moving an unsigned note to the client it was really about: one
//! transaction, one audit row naming both clients and who; signed notes,
//! changed notes and archived clients refused with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture::{Fixture, d, today};
use casework::domain::{Goal, GoalStatus, NoteFormat, NoteKind, NoteMeta};
use casework::store::clients::ClientFields;
use casework::store::conflict::NoteVersion;
use casework::store::{Store, StoreError};

fn audit_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

fn add(store: &mut Store, name: &str) -> i64 {
    let fields = ClientFields {
        name: name.into(),
        intake_date: Some(d("2026-10-01")),
        ..ClientFields::default()
    };
    store.add_client(&fields, today()).expect("add client")
}

fn meta() -> NoteMeta {
    let mut m = NoteMeta::new(today());
    m.kind = NoteKind::PHONE;
    m.format = NoteFormat::Free;
    m
}

fn goal(client_id: i64) -> Goal {
    Goal {
        id: 0,
        client_id,
        client_words: "Sleep through the night".into(),
        smart: None,
        measure: None,
        unit: None,
        baseline: None,
        target: None,
        due: None,
        status: GoalStatus::Active,
        progress: Vec::new(),
        error: None,
        range_max: None,
        range_min: None,
    }
}

/// Two clients and a note written for the first, naming one of its goals.
fn setup() -> (Fixture, Store, i64, i64, i64, NoteVersion) {
    let f = Fixture::empty();
    let mut store = f.store();
    let ada = add(&mut store, "Ada Quartey");
    let ben = add(&mut store, "Ben Osei");
    let g = store.add_goal(&goal(ada)).expect("goal");
    let mut m = meta();
    m.goal_ids = vec![g];
    let note = store
        .create_note(ada, &m, "Talked about Ben's housing.", None)
        .expect("note");
    let seen = NoteVersion {
        meta: m,
        body: "Talked about Ben's housing.".into(),
    };
    (f, store, ada, ben, note, seen)
}

fn note_ids(store: &Store, client: i64) -> Vec<i64> {
    let notes = store.client_detail(client).expect("detail").notes;
    notes.iter().map(|n| n.id).collect()
}

#[test]
fn an_unsigned_note_moves_with_one_audit_row_and_its_goals_cleared() {
    let (f, mut store, ada, ben, note, seen) = setup();
    let before = audit_count(&store);
    let moved = store.move_note(note, ben, &seen).expect("moved");
    assert_eq!((moved.from_client, moved.to_client), (ada, ben));
    assert_eq!(moved.goals_cleared, 1);
    assert_eq!(audit_count(&store), before + 1, "one audit row");
    assert!(note_ids(&store, ada).is_empty());
    assert_eq!(note_ids(&store, ben), [note]);
    let n = &store.client_detail(ben).expect("detail").notes[0];
    assert!(n.goal_ids.is_empty(), "another client's goal never follows");
    assert_eq!(n.body, "Talked about Ben's housing.");

    let (action, entity, id, client, detail): (String, String, i64, i64, String) = store
        .conn()
        .query_row(
            "SELECT action, entity, entity_id, client_id, detail FROM audit ORDER BY id DESC",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("row");
    assert_eq!(
        (action.as_str(), entity.as_str(), id, client),
        ("move", "note", note, ada)
    );
    let v: serde_json::Value = serde_json::from_str(&detail).expect("json");
    assert_eq!(v["from_client"], ada);
    assert_eq!(v["to_client"], ben);
    assert!(v["by"].as_str().is_some_and(|s| !s.is_empty()), "{detail}");
    assert_eq!(v["goals_cleared"].as_array().map(Vec::len), Some(1));

    // The move is on disk and the chain still holds.
    drop(store);
    let again = f.store();
    assert_eq!(note_ids(&again, ben), [note]);
    assert!(again.verify_record().expect("verify").is_empty());
}

#[test]
fn a_signed_note_is_refused_and_pointed_to_an_addendum() {
    let (_f, mut store, ada, ben, note, seen) = setup();
    store.sign_note(note).expect("sign");
    let before = audit_count(&store);
    let err = store.move_note(note, ben, &seen).expect_err("refused");
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert!(err.to_string().contains("addendum"), "{err}");
    assert_eq!(audit_count(&store), before);
    assert_eq!(note_ids(&store, ada), [note]);
}

#[test]
fn a_note_changed_since_it_was_seen_is_a_conflict_and_stays() {
    let (_f, mut store, ada, ben, note, seen) = setup();
    let mut theirs = seen.meta.clone();
    theirs.duration_min = Some(20);
    store
        .update_note(note, &theirs, &seen.body, &seen, None)
        .expect("theirs");
    let before = audit_count(&store);
    let err = store.move_note(note, ben, &seen).expect_err("conflict");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(audit_count(&store), before);
    assert_eq!(note_ids(&store, ada), [note]);
}

#[test]
fn the_same_or_an_archived_client_is_refused() {
    let (_f, mut store, ada, ben, note, seen) = setup();
    let err = store.move_note(note, ada, &seen).expect_err("same");
    assert!(err.to_string().contains("already belongs"), "{err}");
    store.set_archived(ben, true).expect("archive");
    let err = store.move_note(note, ben, &seen).expect_err("archived");
    assert!(err.to_string().contains("archived"), "{err}");
    let err = store.move_note(note, 9999, &seen).expect_err("unknown");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(note_ids(&store, ada), [note]);
}

/// Two sessions on one file: one signs the note while the other has the
/// move confirmed on screen. The move must not carry a signed note away.
#[test]
fn two_sessions_one_signs_while_the_other_moves() {
    let (f, mut mover, ada, ben, note, seen) = setup();
    let mut signer = f.store();
    signer.sign_note(note).expect("the other session signs");
    let before = audit_count(&mover);
    let err = mover.move_note(note, ben, &seen).expect_err("refused");
    assert!(err.to_string().contains("signed this note"), "{err}");
    assert_eq!(audit_count(&mover), before, "nothing written");
    assert_eq!(note_ids(&mover, ada), [note]);
    assert!(note_ids(&mover, ben).is_empty());
    assert!(mover.verify_record().expect("verify").is_empty());

    // And the other way round: the move lands first, the sign after it
    // signs the note where it now is.
    let (f, mut mover, _ada, ben, note, seen) = setup();
    let mut signer = f.store();
    mover.move_note(note, ben, &seen).expect("moved");
    signer.sign_note(note).expect("signed after the move");
    let n = &signer.client_detail(ben).expect("detail").notes[0];
    assert!(n.is_signed());
}
