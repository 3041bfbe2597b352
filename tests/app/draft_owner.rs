//! Two sessions on one file after a reconnect: the draft one is typing into
//! is never written by the other. The second sees it read-only, can go on
//! in a copy, and each keeps exactly its own words.

use crate::fixture::{self, Fixture, screen};
use crate::keys::{press, type_text};
use casework::app::{App, Msg, Overlay};

fn drafts_with(f: &Fixture, words: &str) -> Vec<String> {
    f.store()
        .drafts(fixture::today())
        .expect("drafts")
        .into_iter()
        .map(|d| d.body)
        .filter(|b| b.contains(words))
        .collect()
}

#[test]
fn a_restored_draft_is_not_shared_by_two_live_sessions() {
    let f = Fixture::demo(5, 20);
    let mut a = f.app();
    press(&mut a, "n");
    type_text(&mut a, "Alpha wrote this.");
    let _ = a.update(Msg::DraftsDue);
    assert!(!a.drafts_pending(), "A's draft is written");

    // B starts on the same file while A is still running.
    let mut b: App = f.app();
    assert!(
        !matches!(b.overlays.last(), Some(Overlay::Editor(_))),
        "B does not reopen A's draft for writing"
    );
    assert!(
        b.status
            .as_deref()
            .unwrap_or("")
            .contains("another session"),
        "{:?}",
        b.status
    );
    // Going to it on purpose: read-only, with the choice of a copy.
    press(&mut b, "n");
    assert!(matches!(b.overlays.last(), Some(Overlay::HeldDraft(_))));
    let s = screen(&b, 80, 24);
    assert!(
        s.contains("open in another session") && s.contains("Alpha wrote"),
        "{s}"
    );
    press(&mut b, "c");
    assert!(matches!(b.overlays.last(), Some(Overlay::Editor(_))));
    type_text(&mut b, " Bravo added this.");
    let _ = b.update(Msg::DraftsDue);
    assert!(!b.drafts_pending(), "B's copy is written");

    // Both keep typing: neither erases the other.
    type_text(&mut a, " Alpha goes on.");
    let _ = a.update(Msg::DraftsDue);
    assert!(!a.drafts_pending());
    let alpha = drafts_with(&f, "Alpha goes on.");
    assert_eq!(alpha.len(), 1, "A's words are in one draft");
    assert!(!alpha[0].contains("Bravo"), "{alpha:?}");
    let bravo = drafts_with(&f, "Bravo added this.");
    assert_eq!(bravo.len(), 1, "B's words are in a draft of its own");
    assert!(!bravo[0].contains("Alpha goes on"), "{bravo:?}");
}

#[test]
fn a_draft_kept_for_later_is_free_for_the_next_session() {
    let f = Fixture::demo(5, 20);
    let mut a = f.app();
    press(&mut a, "n");
    type_text(&mut a, "Kept for later.");
    press(&mut a, "<Esc> k");
    assert!(a.overlays.is_empty(), "{:?}", a.status);
    // A is still running, but let the draft go: B reopens it to write.
    let b = f.app();
    assert!(
        matches!(b.overlays.last(), Some(Overlay::Editor(e)) if e.body().contains("Kept for later.")),
        "{:?}",
        b.status
    );
}

#[test]
fn a_form_being_typed_in_one_session_is_not_reopened_or_removed_by_another() {
    let f = Fixture::demo(5, 20);
    let mut a = f.app();
    press(&mut a, "e");
    crate::keys::to_field(&mut a, "contact");
    type_text(&mut a, " flat 4");
    let _ = a.update(Msg::DraftsDue);
    assert!(!a.drafts_pending(), "A's form draft is written");

    let mut b = f.app();
    assert!(
        !matches!(b.overlays.last(), Some(Overlay::Form(_))),
        "B does not take A's form"
    );
    assert!(
        b.status
            .as_deref()
            .unwrap_or("")
            .contains("another session"),
        "{:?}",
        b.status
    );
    let _ = b.update(Msg::Closing);
    drop(b);
    let kept = f.store().form_drafts().expect("form drafts");
    assert_eq!(kept.len(), 1, "A's form draft is still there");
    assert!(kept[0].body.contains("flat 4"));
}
