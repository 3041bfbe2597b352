//! Whole screens, drawn from a real database, compared with the snapshots in
//! tests/app/snapshots. Review changes with `cargo insta review`.

use crate::fixture;
use crate::keys::press;

use casework::app::Pane;
use fixture::{Fixture, screen};

#[test]
fn main_screen_at_80x24() {
    let f = Fixture::demo(30, 200);
    let app = f.app();
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn main_screen_at_120x40() {
    let f = Fixture::demo(30, 200);
    let app = f.app();
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn moving_down_shows_the_next_clients_panes() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let before = screen(&app, 120, 40);
    press(&mut app, "j");
    let after = screen(&app, 120, 40);
    assert_ne!(before, after);
    insta::assert_snapshot!(after);
}

#[test]
fn focus_on_notes_at_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    for _ in 0..3 {
        press(&mut app, "<Tab>");
    }
    assert_eq!(app.focus, Pane::Notes);
    press(&mut app, "j");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn help_overlay_lists_every_key() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    press(&mut app, "?");
    let first = screen(&app, 120, 40);
    // Scroll through the whole help, collecting what was shown.
    let mut seen = first.clone();
    let mut last = first.clone();
    // (More steps than the help has lines: the loop ends when it stops.)
    for _ in 0..1000 {
        press(&mut app, "j");
        let now = screen(&app, 120, 40);
        if now == last {
            break;
        }
        seen.push_str(&now);
        last = now;
    }
    for b in casework::keymap::BINDINGS {
        assert!(seen.contains(b.help), "help screen lacks {:?}", b.help);
    }
    insta::assert_snapshot!(first);
}

#[test]
fn welcome_on_an_empty_database() {
    let f = Fixture::empty();
    let app = f.app();
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn new_client_form_with_an_error_keeps_the_typing() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a Ada <Tab> <Tab> <Tab> 31/12/1990 <C-s>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("31/12/1990") && s.contains("not a date"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn too_small_terminal_says_so() {
    let f = Fixture::demo(5, 20);
    let app = f.app();
    let s = screen(&app, 40, 10);
    assert!(s.contains("casework needs at least"), "{s}");
}

#[test]
fn help_scrolls_when_it_does_not_fit_at_80x24() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    press(&mut app, "?");
    let top = screen(&app, 80, 24);
    assert!(top.contains("PgUp/PgDn scroll"), "{top}");
    // Help has no End key: page down until the screen stops moving.
    let mut lower = top.clone();
    for _ in 0..100 {
        press(&mut app, "<PgDn>");
        let now = screen(&app, 80, 24);
        if now == lower {
            break;
        }
        lower = now;
    }
    assert_ne!(top, lower);
    let last = casework::keymap::BINDINGS.last().expect("keys");
    assert!(
        lower.contains(last.help),
        "the end of help shows the last key: {lower}"
    );
    insta::assert_snapshot!(lower);
}

#[test]
fn a_long_question_still_shows_its_answer_keys_at_80x24() {
    use casework::app::overlay::{Confirm, OnYes, Overlay};
    let f = Fixture::demo(3, 6);
    let mut app = f.app();
    app.overlays.push(Overlay::Confirm(Confirm::new(
        "Sign this note? A signed note is locked: later corrections become addenda, and this question is long on purpose.",
        OnYes::DiscardForm,
    )));
    let s = screen(&app, 80, 24);
    // Inside the box, not just in the hint bar at the bottom.
    assert!(
        s.lines().any(|l| l.contains('║') && l.contains("y yes")),
        "{s}"
    );
}
