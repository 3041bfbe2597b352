//! Another session holds the write lock: Ctrl-S does not freeze the screen
//! or lose the typing; it says it is waiting and saves once the lock goes.

use crate::fixture::Fixture;
use crate::keys::{press, to_field, type_text};
use casework::app::{Msg, Overlay};

#[test]
fn a_save_that_meets_a_lock_waits_keeps_the_typing_and_lands_later() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    press(&mut app, "a");
    to_field(&mut app, "name");
    type_text(&mut app, "Locked Out");

    let other = rusqlite::Connection::open(&f.path).expect("another session");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("it takes the write lock");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(form)) if form.fields.iter().any(|x| x.text() == "Locked Out")),
        "the form stays with the typing"
    );
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("Waiting for the other session"), "{status}");
    assert!(app.waiting_for_lock());
    assert!(app.drafts_pending(), "the loop keeps a timer for the retry");

    // A tick while still locked: still waiting, still saying so.
    let _ = app.update(Msg::DraftsDue);
    assert!(app.waiting_for_lock());
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    assert!(app.status.as_deref().unwrap_or("").contains("Waiting"));

    other
        .execute_batch("COMMIT")
        .expect("the other session is done");
    let _ = app.update(Msg::DraftsDue);
    assert!(!app.waiting_for_lock());
    assert!(
        app.overlays.is_empty(),
        "saved and closed: {:?}",
        app.status
    );
    assert!(
        app.store()
            .caseload()
            .expect("caseload")
            .iter()
            .any(|c| c.name == "Locked Out")
    );
}

#[test]
fn a_note_saved_under_a_lock_is_saved_when_it_goes() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    let client = app.selected_client().expect("client").id;
    let notes_before = app
        .store()
        .client_detail(client)
        .expect("detail")
        .notes
        .len();
    press(&mut app, "n");
    type_text(&mut app, "Written while the file was busy.");
    let other = rusqlite::Connection::open(&f.path).expect("another session");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    press(&mut app, "<C-s>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));
    assert!(app.waiting_for_lock());
    other.execute_batch("COMMIT").expect("unlock");
    let _ = app.update(Msg::DraftsDue);
    assert!(!app.waiting_for_lock());
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    let notes = app.store().client_detail(client).expect("detail").notes;
    assert_eq!(notes.len(), notes_before + 1);
    assert!(
        notes
            .iter()
            .any(|n| n.body.contains("while the file was busy"))
    );
}

#[test]
fn a_conflict_found_after_waiting_is_shown_not_dropped() {
    let f = Fixture::demo(3, 5);
    let mut a = f.app();
    let mut b = f.app();
    press(&mut a, "e");
    press(&mut b, "e");
    to_field(&mut a, "name");
    press(&mut a, "<End> <C-u>");
    type_text(&mut a, "Mine Name");
    to_field(&mut b, "name");
    press(&mut b, "<End> <C-u>");
    type_text(&mut b, "Theirs Name");
    // Another session is mid-save: A's Ctrl-S waits.
    let other = rusqlite::Connection::open(&f.path).expect("other");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    press(&mut a, "<C-s>");
    assert!(a.waiting_for_lock());
    other.execute_batch("COMMIT").expect("unlock");
    // B saves the same client first; A's retry then meets that change.
    press(&mut b, "<C-s>");
    assert!(b.overlays.is_empty(), "B saved: {:?}", b.status);
    let _ = a.update(Msg::DraftsDue);
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Conflict(_))),
        "the conflict is on screen: {:?}",
        a.status
    );
    assert!(!a.waiting_for_lock());
    assert!(
        !a.status
            .as_deref()
            .unwrap_or("")
            .contains("saved as soon as"),
        "no promise left standing: {:?}",
        a.status
    );
}

#[test]
fn the_retry_saves_the_note_not_a_form_opened_over_it() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    press(&mut app, "n");
    type_text(&mut app, "Body text.");
    let other = rusqlite::Connection::open(&f.path).expect("other");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    press(&mut app, "<C-s>");
    assert!(app.waiting_for_lock());
    press(&mut app, "<F4>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    other.execute_batch("COMMIT").expect("unlock");
    let _ = app.update(Msg::DraftsDue);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(_))),
        "the details form is the user's to close"
    );
    assert!(app.waiting_for_lock(), "the note still waits to be saved");
    press(&mut app, "<Esc>");
    let _ = app.update(Msg::DraftsDue);
    assert!(!app.waiting_for_lock());
    assert!(app.overlays.is_empty(), "the note saved: {:?}", app.status);
}
