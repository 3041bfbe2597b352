//! The idle lock through `App`: `Msg::Idle` (what the event loop sends at
//! the deadline) and the lock key, the whole screen while locked, what
//! opens it (any key, a PIN, a passphrase), and the typing beneath it.

use crate::fixture;
use crate::keys::{self, press};

use casework::app::lock::{Asks, Said, Unlock};
use casework::app::{App, Effect, Msg, Overlay, Pane};
use casework::lock_pin::PinHash;
use casework::store::Store;
use fixture::{Fixture, screen, top_form};
use std::time::Duration;

/// Every word of every client's name (and the names whole), as they could
/// show anywhere on a screen: caseload, titles, messages.
fn client_words(app: &App) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in app.roster.iter() {
        words.push(c.name.clone());
        words.extend(
            c.name
                .split_whitespace()
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string),
        );
    }
    words.sort();
    words.dedup();
    words
}

/// Fails the test if `screen` shows anything of a client: a name or a part
/// of one, any digit (counts, dates, phone numbers), or `extra` (note text).
fn assert_no_client_data(app: &App, screen: &str, extra: &[&str]) {
    for w in client_words(app) {
        assert!(
            !screen.contains(&w),
            "{w:?} is on the lock screen:\n{screen}"
        );
    }
    for x in extra {
        assert!(
            !screen.contains(x),
            "{x:?} is on the lock screen:\n{screen}"
        );
    }
    assert!(
        !screen.chars().any(|c| c.is_ascii_digit()),
        "a number is on the lock screen:\n{screen}"
    );
}

fn editor_body(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.body(),
        other => panic!("editor not on top: {other:?}"),
    }
}

fn with_pin(f: &Fixture, pin: &str) -> App {
    let mut app = f.app();
    app.set_unlock(Unlock::Pin(PinHash::new(pin).expect("pin")));
    app
}

fn said(app: &App) -> Option<Said> {
    app.lock_screen().expect("locked").said
}

#[test]
fn idle_replaces_the_whole_screen_and_any_key_opens_it_without_doing_anything_else() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let first = app.roster[0].name.clone();
    // A message naming a client is on the open screen...
    app.status = Some(format!("Saved a note for {first}"));
    let open = screen(&app, 120, 40);
    assert!(open.contains(&first), "the fixture shows names:\n{open}");
    assert!(
        client_words(&app).iter().any(|w| open.contains(w.as_str())),
        "the check below could not fail"
    );

    assert!(app.update(Msg::Idle).redraw);
    assert!(app.is_locked());
    // ...and nothing of it, at any size, once locked.
    for (w, h) in [(120, 40), (80, 24), (60, 16), (30, 8)] {
        assert_no_client_data(&app, &screen(&app, w, h), &["Saved a note"]);
    }
    insta::assert_snapshot!("locked_any_key_80x24", screen(&app, 80, 24));
    // Idle again while locked changes nothing.
    assert!(!app.update(Msg::Idle).redraw);

    // `q` opens the lock; it does not quit, and is not acted on otherwise.
    let u = app.on_key(keys::keys("q")[0]);
    assert!(u.redraw && u.effects.is_empty(), "{u:?}");
    assert!(!app.is_locked());
    assert_eq!(screen(&app, 120, 40), open, "back exactly as it was");
}

#[test]
fn the_lock_key_works_from_inside_a_form_and_the_note_editor() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    press(&mut app, "a");
    assert!(app.update(Msg::Typed("Hana".into())).redraw);
    press(&mut app, "<C-o>");
    assert!(app.is_locked(), "from a form");
    assert_no_client_data(&app, &screen(&app, 80, 24), &["Hana"]);
    press(&mut app, "<Esc>");
    assert_eq!(top_form(&app).fields[0].text(), "Hana", "Esc only unlocked");
    press(&mut app, "<Esc> y");

    press(&mut app, "n");
    press(&mut app, "<C-o>");
    assert!(app.is_locked(), "from the note editor");
}

#[test]
fn typing_is_in_the_database_before_the_lock_shows_and_back_where_it_was_after() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    press(&mut app, "n");
    keys::type_text(&mut app, "Met at the library");
    // The cursor goes back into the middle of the words.
    press(&mut app, "<Left> <Left> <Left> <Left> <Left> <Left> <Left>");
    assert!(app.drafts_pending());
    let in_db = |f: &Fixture| -> Vec<String> {
        f.store()
            .drafts(fixture::today())
            .expect("drafts")
            .into_iter()
            .map(|d| d.body)
            .collect()
    };
    assert!(
        !in_db(&f).iter().any(|b| b.contains("library")),
        "not written before the lock: the check below means something"
    );

    let _ = app.update(Msg::Idle);
    // Written by the time `update` returns: before any frame is drawn.
    assert!(!app.drafts_pending());
    assert!(
        in_db(&f).iter().any(|b| b.contains("Met at the library")),
        "{:?}",
        in_db(&f)
    );
    assert_no_client_data(&app, &screen(&app, 120, 40), &["library", "Met at"]);

    // The key that opens the lock is not typed; the next one goes where the
    // cursor was.
    press(&mut app, "x");
    assert!(!app.is_locked());
    press(&mut app, "L");
    let body = editor_body(&app);
    assert!(
        body.contains("Met at the Llibrary") && !body.contains('x'),
        "typing and cursor as they were: {body:?}"
    );
}

#[test]
fn a_form_draft_is_written_before_the_lock_shows() {
    let f = Fixture::demo(3, 0);
    let mut app = f.app();
    press(&mut app, "a");
    keys::type_text(&mut app, "Hana Oyelaran");
    assert!(f.store().form_drafts().expect("drafts").is_empty());
    press(&mut app, "<C-o>");
    let drafts = f.store().form_drafts().expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert!(
        drafts[0].body.contains("Hana Oyelaran"),
        "{:?}",
        drafts[0].body
    );
    assert_no_client_data(&app, &screen(&app, 80, 24), &["Hana", "Oyelaran"]);
}

#[test]
fn with_a_pin_only_the_pin_opens_and_no_key_reaches_the_app() {
    let f = Fixture::demo(10, 40);
    let mut app = with_pin(&f, "2468");
    press(&mut app, "<Tab> n");
    let before = screen(&app, 120, 40);
    let body = editor_body(&app);
    press(&mut app, "<C-o>");
    assert_eq!(app.lock_screen().expect("locked").asks, Asks::Pin);

    // Keys that mean something elsewhere mean nothing here: no quit, no
    // suspend, no editor, no pane.
    for k in keys::keys("q <C-z> <Tab> <C-s> <F8> <C-o> ?") {
        let u = app.on_key(k);
        assert!(u.effects.is_empty(), "{k:?}: {u:?}");
    }
    assert!(app.is_locked());
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));
    assert_eq!(app.focus, Pane::Stages);

    // Typed, shown only as dots; a wrong PIN says so and clears.
    press(&mut app, "<Esc> 1111");
    let s = screen(&app, 80, 24);
    assert!(s.contains("PIN: ••••") && !s.contains("1111"), "{s}");
    press(&mut app, "<Enter>");
    assert!(app.is_locked());
    assert_eq!(said(&app), Some(Said::Wrong));
    assert_eq!(app.lock_screen().expect("locked").typed, 0, "cleared");
    insta::assert_snapshot!("locked_wrong_pin_80x24", screen(&app, 80, 24));

    // Backspace and Esc edit what is typed.
    press(&mut app, "99 <Esc> 24689 <Backspace>");
    assert_eq!(app.lock_screen().expect("locked").typed, 4);
    assert!(!screen(&app, 120, 40).contains("2468"));
    press(&mut app, "<Enter>");
    assert!(!app.is_locked());
    assert_eq!(screen(&app, 120, 40), before, "back as it was");
    assert_eq!(editor_body(&app), body, "no key typed into the note");
}

#[test]
fn wrong_pins_bring_growing_waits_that_lose_nothing() {
    let f = Fixture::demo(3, 10);
    let mut app = with_pin(&f, "2468");
    press(&mut app, "n");
    keys::type_text(&mut app, "kept");
    let _ = app.update(Msg::Idle);
    for _ in 0..2 {
        press(&mut app, "0000 <Enter>");
        assert_eq!(said(&app), Some(Said::Wrong));
    }
    assert_eq!(app.lock_hold_until(), None, "two slips cost nothing");
    press(&mut app, "0000 <Enter>");
    assert_eq!(said(&app), Some(Said::Hold(Duration::from_secs(5))));
    assert!(app.lock_hold_until().is_some(), "the loop has a deadline");
    let s = screen(&app, 80, 24);
    assert!(s.contains("wait 5 seconds"), "{s}");

    // While it waits, even the right PIN is not taken.
    press(&mut app, "2468 <Enter>");
    assert!(app.is_locked());
    assert_eq!(app.lock_screen().expect("locked").typed, 0);
    // The loop ends the wait at its deadline.
    assert!(app.update(Msg::HoldOver).redraw);
    assert_eq!(said(&app), Some(Said::TryAgain));
    assert_eq!(app.lock_hold_until(), None);
    // Each further wrong try waits twice as long.
    press(&mut app, "0000 <Enter>");
    assert_eq!(said(&app), Some(Said::Hold(Duration::from_secs(10))));
    let _ = app.update(Msg::HoldOver);
    press(&mut app, "2468 <Enter>");
    assert!(!app.is_locked());
    assert!(
        editor_body(&app).contains("kept"),
        "{:?}",
        editor_body(&app)
    );
}

#[test]
fn an_encrypted_database_asks_for_its_passphrase_checked_by_the_store_side() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    // A real check, as the encrypted store will make one: against a hash
    // the test makes, and only for this app's own store.
    let secret = PinHash::new("correct horse battery").expect("hash");
    let db = f.path.clone();
    app.set_unlock(Unlock::Passphrase(Box::new(
        move |store: &Store, typed: &str| store.path() == db && secret.matches(typed),
    )));
    let _ = app.update(Msg::Idle);
    assert_eq!(app.lock_screen().expect("locked").asks, Asks::Passphrase);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Passphrase:"), "{s}");
    assert_no_client_data(&app, &s, &[]);

    press(&mut app, "<Esc>");
    keys::type_text(&mut app, "correct horse");
    press(&mut app, "<Enter>");
    assert!(app.is_locked(), "half of it is wrong");
    assert_eq!(said(&app), Some(Said::Wrong));
    // Pasted from a password manager, with its line break.
    let _ = app.update(Msg::Paste("correct horse battery\n".into()));
    press(&mut app, "<Enter>");
    assert!(!app.is_locked());
}

#[test]
fn quitting_from_the_lock_screen_is_not_possible_but_closing_keeps_the_typing() {
    let f = Fixture::demo(3, 10);
    let mut app = with_pin(&f, "2468");
    press(&mut app, "a");
    keys::type_text(&mut app, "Hana");
    let _ = app.update(Msg::Idle);
    for k in keys::keys("q <Esc> <C-z>") {
        assert!(app.on_key(k).effects.is_empty());
    }
    assert!(app.is_locked());
    // A signal ends the program from the lock screen: the typing is kept.
    let u = app.update(Msg::Closing);
    assert!(!u.effects.contains(&Effect::Quit));
    assert!(
        f.store().form_drafts().expect("drafts")[0]
            .body
            .contains("Hana")
    );
}

#[test]
fn a_paste_or_a_run_of_typing_opens_an_any_key_lock_and_goes_nowhere() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    press(&mut app, "n");
    let body = editor_body(&app);
    let _ = app.update(Msg::Idle);
    assert!(app.update(Msg::Paste("pasted".into())).redraw);
    assert!(!app.is_locked());
    let _ = app.update(Msg::Idle);
    assert!(app.update(Msg::Typed("typed".into())).redraw);
    assert!(!app.is_locked());
    assert_eq!(editor_body(&app), body);
}

#[test]
fn help_names_the_lock_key() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    press(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen(&app, 120, 40));
        press(&mut app, "<PgDn>");
    }
    assert!(seen.contains("lock the screen now"), "{seen}");
}
