//! Whole screens of the goals feature, from the demo database.

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::{App, Pane};
use fixture::{Fixture, screen};

/// The demo with the Goals pane focused on a client who has steps and
/// referrals under their first goal.
fn goals_app(f: &Fixture) -> App {
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    app
}

#[test]
fn goals_pane_at_120x40() {
    let f = Fixture::demo(30, 200);
    let app = goals_app(&f);
    let s = screen(&app, 120, 40);
    // Both raters' trends sit beside each goal, told apart by label and glyph.
    assert!(s.contains("client ") && s.contains("worker "), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn goals_pane_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = goals_app(&f);
    press(&mut app, "j");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn goal_form_with_inline_errors_keeps_the_typing() {
    let f = Fixture::demo(30, 200);
    let mut app = goals_app(&f);
    press(&mut app, "a");
    type_text(&mut app, "I want my kids to stay over at weekends");
    to_field(&mut app, "measure");
    type_text(&mut app, "overnight stays");
    to_field(&mut app, "unit");
    type_text(&mut app, "per month");
    to_field(&mut app, "baseline");
    type_text(&mut app, "2");
    to_field(&mut app, "target");
    type_text(&mut app, "2");
    to_field(&mut app, "due");
    press(&mut app, "31/03/2027 <C-s>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("31/03/2027") && s.contains("not a date"), "{s}");
    assert!(s.contains("same as the baseline"), "{s}");
    assert!(s.contains("SMART: missing S"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn progress_form_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = goals_app(&f);
    press(&mut app, "p 4");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn goal_detail_at_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = goals_app(&f);
    press(&mut app, "<Enter>");
    let s = screen(&app, 120, 40);
    for part in [
        "Plan steps",
        "Referrals",
        "Progress history",
        "o client",
        "x worker",
    ] {
        assert!(s.contains(part), "{part}: {s}");
    }
    insta::assert_snapshot!(s);
}

#[test]
fn goal_detail_scrolls_to_the_selection_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = goals_app(&f);
    press(&mut app, "<Enter>");
    let top = screen(&app, 80, 24);
    for _ in 0..4 {
        press(&mut app, "j");
    }
    let s = screen(&app, 80, 24);
    assert_ne!(top, s, "moving down far enough scrolls the detail");
    assert!(s.contains('▶'), "{s}");
    insta::assert_snapshot!(s);
}
