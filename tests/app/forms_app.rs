//! Date fields and the keys under a form (issue 14): a filled-in date is
//! selected whole, so typing replaces it; `t` or an empty field means
//! today where a date defaults to today; the editing keys and "* required"
//! are shown only where they apply. Through the keymap, saved for real.

use crate::fixture::{self, Fixture, screen, today};
use crate::keys::{press, to_field, type_text};
use casework::app::{App, Overlay};
use casework::domain::Date;

fn typed(app: &mut App, s: &str) {
    assert!(type_text(app, s), "a key of {s:?} was not taken");
}

fn focused_text(app: &App) -> String {
    let f = fixture::top_form(app);
    f.fields[f.focus].input.text().to_string()
}

/// The intake date of the one client, as stored.
fn stored_intake(f: &Fixture) -> Option<Date> {
    let store = f.store();
    let id = store.caseload().expect("caseload")[0].id;
    store.client_detail(id).expect("detail").client.intake_date
}

/// `a`, a name, then to the intake date: the form as a user reaches it.
fn at_intake(f: &Fixture) -> App {
    let mut app = f.app();
    press(&mut app, "a");
    typed(&mut app, "Ada Okafor");
    to_field(&mut app, "intake_date");
    app
}

#[test]
fn typing_a_date_replaces_the_one_shown_and_saves_it() {
    let f = Fixture::empty();
    let mut app = at_intake(&f);
    assert_eq!(
        focused_text(&app),
        today().to_string(),
        "today's date, not the word"
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("typing replaces the date (t: today)"), "{s}");
    insta::assert_snapshot!("new_client_intake_selected_80x24", s);
    typed(&mut app, "2026-11-10");
    assert_eq!(focused_text(&app), "2026-11-10");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved: {:?}", app.overlays.last());
    assert_eq!(stored_intake(&f), Some(fixture::d("2026-11-10")));
}

#[test]
fn an_emptied_intake_date_means_today() {
    for clear in ["<C-u>", "<Backspace>", "<Del>"] {
        let f = Fixture::empty();
        let mut app = at_intake(&f);
        press(&mut app, clear);
        assert_eq!(focused_text(&app), "", "{clear} empties a selected date");
        let s = screen(&app, 80, 24);
        assert!(s.contains("empty or t: today"), "{clear}: {s}");
        press(&mut app, "<C-s>");
        assert!(
            app.overlays.is_empty(),
            "{clear}: {:?}",
            app.overlays.last()
        );
        assert_eq!(stored_intake(&f), Some(today()), "{clear}");
    }
}

#[test]
fn t_in_a_date_field_means_today() {
    let f = Fixture::empty();
    let mut app = at_intake(&f);
    // Another date first, so that today is not simply what was there.
    typed(&mut app, "2026-11-01");
    press(&mut app, "<Tab> <S-Tab>");
    typed(&mut app, "t");
    assert_eq!(focused_text(&app), "t", "the selected date was replaced");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
    assert_eq!(stored_intake(&f), Some(today()));
}

#[test]
fn a_bad_date_is_shown_inline_and_kept_as_typed() {
    let f = Fixture::empty();
    let mut app = at_intake(&f);
    typed(&mut app, "10/11/2026");
    press(&mut app, "<C-s>");
    let form = fixture::top_form(&app);
    let field = &form.fields[form.focus];
    assert_eq!(field.key, "intake_date");
    assert_eq!(field.input.text(), "10/11/2026");
    assert!(field.error.is_some());
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("10/11/2026") && s.contains("⚠ not a date"),
        "{s}"
    );
    assert!(
        f.store().caseload().expect("caseload").is_empty(),
        "nothing saved"
    );
    // The cursor keys let go of the selection: the typing can be mended.
    press(&mut app, "<End> <Backspace>");
    typed(&mut app, "5");
    assert_eq!(focused_text(&app), "10/11/2025");
}

#[test]
fn arrows_edit_a_selected_date_instead_of_replacing_it() {
    let f = Fixture::empty();
    let mut app = at_intake(&f);
    press(&mut app, "<Right> <Backspace>");
    typed(&mut app, "0");
    assert_eq!(focused_text(&app), "2026-11-20");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("move: Left Right Home End · erase: Backspace Delete · clear: Ctrl-U"),
        "{s}"
    );
}

#[test]
fn star_required_is_explained_only_where_a_field_is_required() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "a");
    let client_form = screen(&app, 80, 24);
    assert!(client_form.contains("* required"), "{client_form}");
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    // The safety plan has no required field.
    press(&mut app, "! e");
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(f)) if !f.has_required()));
    let plan_form = screen(&app, 80, 24);
    assert!(!plan_form.contains("required"), "{plan_form}");
    assert!(plan_form.contains("Tab next field"), "{plan_form}");
}

#[test]
fn a_choice_field_shows_its_own_keys_and_arrows_change_it() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a");
    to_field(&mut app, "risk_level");
    let s = screen(&app, 80, 24);
    assert!(s.contains("choose: Left Right or Space"), "{s}");
    press(&mut app, "<Right>");
    assert_eq!(
        fixture::top_form(&app).text("risk_level").as_deref(),
        Some("medium")
    );
    press(&mut app, "<Left> <Left>");
    assert_eq!(
        fixture::top_form(&app).text("risk_level").as_deref(),
        Some("high")
    );
}

#[test]
fn progress_date_starts_as_todays_date_and_typing_replaces_it() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    crate::keys::focus(&mut app, casework::app::Pane::Goals);
    press(&mut app, "p");
    to_field(&mut app, "date");
    assert_eq!(focused_text(&app), today().to_string());
    typed(&mut app, "-1d");
    assert_eq!(focused_text(&app), "-1d");
}
