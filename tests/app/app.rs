//! The App on a real database, driven by keys: navigation, focus, help, forms.

use crate::fixture;
use crate::keys::{self, focus, press, type_text};

use casework::app::overlay::Overlay;
use casework::app::{Effect, Msg, Pane};
use casework::domain::{Goal, GoalStatus};
use casework::keymap::Context;
use casework::ui::{Theme, render_and_report};
use fixture::Fixture;

#[test]
fn tab_cycles_the_four_panes_in_order_and_back() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    let mut seen = vec![app.focus];
    for _ in 0..4 {
        press(&mut app, "<Tab>");
        seen.push(app.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::Caseload,
            Pane::Stages,
            Pane::Goals,
            Pane::Notes,
            Pane::Caseload
        ]
    );
    press(&mut app, "<S-Tab>");
    assert_eq!(app.focus, Pane::Notes);
}

#[test]
fn moving_in_the_caseload_loads_that_clients_detail() {
    let f = Fixture::demo(8, 40);
    let mut app = f.app();
    let first = app.detail.as_ref().map(|d| d.client.id);
    assert_eq!(first, app.caseload.first().map(|c| c.id));
    assert!(press(&mut app, "j"));
    assert_eq!(
        app.detail.as_ref().map(|d| d.client.id),
        Some(app.caseload[1].id)
    );
    press(&mut app, "<End>");
    assert_eq!(app.cursor(Pane::Caseload), 7);
    assert_eq!(
        app.detail.as_ref().map(|d| d.client.id),
        Some(app.caseload[7].id)
    );
    assert!(!press(&mut app, "j"), "stops at the end");
    press(&mut app, "<Home>");
    assert_eq!(app.cursor(Pane::Caseload), 0);
    assert!(!press(&mut app, "k"), "stops at the top");
}

/// Draw as the terminal would, so the app knows what each view showed.
fn look(app: &mut casework::app::App, width: u16, height: u16) -> String {
    render_and_report(app, &Theme::builtin(false), width, height)
}

#[test]
fn page_keys_move_by_what_the_caseload_shows_and_clamp() {
    let f = Fixture::demo(40, 40);
    let mut app = f.app();
    look(&mut app, 80, 24);
    // 24 rows, less the hint bar and the pane's two borders.
    let rows = 24 - 1 - 2;
    press(&mut app, "<PgDn>");
    let at = app.cursor(Pane::Caseload);
    assert_eq!(at, rows, "one page on: the row just below the screen");
    look(&mut app, 80, 24);
    press(&mut app, "<PgDn> <PgDn> <PgDn>");
    assert_eq!(app.cursor(Pane::Caseload), 39);
    press(&mut app, "<PgUp>");
    assert_eq!(app.cursor(Pane::Caseload), 39 - at);
}

#[test]
fn page_down_in_goals_moves_by_the_goals_on_screen_not_to_the_last() {
    let f = Fixture::demo(3, 10);
    let client = {
        let app = f.app();
        app.selected_client().expect("client").id
    };
    let mut store = f.store();
    for i in 0..12 {
        let goal = Goal {
            id: 0,
            client_id: client,
            client_words: format!("goal number {i}"),
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
        };
        store.add_goal(&goal).expect("add goal");
    }
    drop(store);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goals = app.detail.as_ref().map_or(0, |d| d.goals.len());
    assert!(goals >= 12);
    let screen = look(&mut app, 80, 24);
    let shown = (0..goals)
        .filter(|i| {
            let words = &app.detail.as_ref().expect("detail").goals[*i].client_words;
            screen.contains(words.as_str())
        })
        .count();
    assert!(shown >= 1 && shown < goals, "{screen}");
    press(&mut app, "<PgDn>");
    assert_eq!(app.cursor(Pane::Goals), shown);
}

#[test]
fn help_stops_scrolling_at_its_end_and_comes_back_at_once() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    press(&mut app, "?");
    let top = look(&mut app, 80, 24);
    // Down until the view stops moving (bounded: help is a few hundred lines).
    let mut last = top.clone();
    for _ in 0..2000 {
        press(&mut app, "j");
        let now = look(&mut app, 80, 24);
        if now == last {
            break;
        }
        last = now;
    }
    let end = look(&mut app, 80, 24);
    assert_ne!(top, end, "help scrolled");
    assert!(!press(&mut app, "j"), "nothing more below the end");
    assert_eq!(look(&mut app, 80, 24), end);
    // One key up moves the view at once: no overshoot to pay back.
    press(&mut app, "k");
    assert_ne!(look(&mut app, 80, 24), end);
}

#[test]
fn moving_in_a_right_pane_keeps_the_client() {
    let f = Fixture::demo(5, 60);
    let mut app = f.app();
    let client = app.detail.as_ref().map(|d| d.client.id);
    press(&mut app, "<Tab> <Tab> <Tab> j");
    assert_eq!(app.cursor(Pane::Notes), 1);
    assert_eq!(app.detail.as_ref().map(|d| d.client.id), client);
    assert_eq!(app.cursor(Pane::Caseload), 0);
}

#[test]
fn help_opens_and_closes_and_takes_the_keys() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    press(&mut app, "?");
    assert_eq!(app.key_context(), Context::Help);
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.key_context(), Context::Pane(Pane::Caseload));
}

#[test]
fn quit_asks_nothing_because_nothing_is_unsaved() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    let quit = app.on_key(keys::keys("q")[0]);
    assert_eq!(quit.effects, vec![Effect::Quit]);
    assert!(app.overlays.is_empty(), "no question first");
}

#[test]
fn add_client_form_saves_and_selects_the_new_client() {
    let f = Fixture::demo(3, 10);
    let mut app = f.app();
    press(&mut app, "a");
    assert_eq!(app.key_context(), Context::Form);
    type_text(&mut app, "Zelda Quist");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "form closed after saving");
    assert_eq!(app.caseload.len(), 4);
    assert_eq!(
        app.selected_client().map(|c| c.name.as_str()),
        Some("Zelda Quist")
    );
    // The write reached the file: a fresh store sees it.
    assert_eq!(f.store().caseload().expect("caseload").len(), 4);
}

#[test]
fn invalid_form_stays_open_with_the_typing_kept() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a <C-s>");
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("form closed")
    };
    assert_eq!(form.fields[0].error.as_deref(), Some("required"));
    press(
        &mut app,
        "<Tab> <Tab> <Tab> 2099-01-01 <S-Tab> <S-Tab> <S-Tab> Bo <C-s>",
    );
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("form closed")
    };
    assert_eq!(form.fields[3].error.as_deref(), Some("is in the future"));
    assert_eq!(form.fields[3].input.text(), "2099-01-01");
    assert_eq!(form.fields[0].input.text(), "Bo");
    assert!(
        f.store().caseload().expect("caseload").is_empty(),
        "nothing saved"
    );
}

#[test]
fn escape_from_a_typed_form_asks_before_discarding() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a");
    type_text(&mut app, "Half typed");
    press(&mut app, "<Esc>");
    assert_eq!(app.key_context(), Context::Confirm);
    press(&mut app, "n");
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("form gone")
    };
    assert_eq!(form.fields[0].input.text(), "Half typed");
    press(&mut app, "<Esc> y");
    assert!(app.overlays.is_empty());
}

#[test]
fn escape_from_an_untouched_form_just_closes_it() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a <Esc>");
    assert!(app.overlays.is_empty());
}

#[test]
fn paste_goes_into_the_field_as_one_insert() {
    let f = Fixture::empty();
    let mut app = f.app();
    press(&mut app, "a");
    let _ = app.update(Msg::Paste("Mary\nAnn".into()));
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("form gone")
    };
    assert_eq!(form.fields[0].input.text(), "Mary Ann");
}

#[test]
fn a_full_disk_keeps_the_form_and_its_typing_and_the_retry_saves() {
    let f = Fixture::demo(2, 2);
    let mut app = f.app();
    // SQLite's own cap on the file's size stands in for a full disk: any
    // write that needs a new page fails with "database or disk is full".
    let pages: i64 = app
        .store()
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    app.store()
        .conn()
        .pragma_update(None, "max_page_count", pages)
        .expect("cap");

    press(&mut app, "a");
    type_text(&mut app, "Noor Full");
    press(&mut app, "<Tab> <Tab> <Tab> <Tab>");
    let address = "12 Long Road, ".repeat(800);
    let _ = app.update(Msg::Paste(address.clone()));
    press(&mut app, "<C-s>");

    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("the form closed on a failed save")
    };
    let msg = form.error.as_deref().unwrap_or("");
    assert!(msg.contains("Not saved") && msg.contains("full"), "{msg}");
    assert_eq!(form.fields[0].input.text(), "Noor Full");
    assert_eq!(form.fields[4].input.text(), address.replace('\n', " "));
    assert_eq!(
        f.store().caseload().expect("caseload").len(),
        2,
        "nothing half-written"
    );

    app.store()
        .conn()
        .pragma_update(None, "max_page_count", 1_000_000)
        .expect("room again");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved on retry");
    assert!(
        f.store()
            .caseload()
            .expect("caseload")
            .iter()
            .any(|c| c.name == "Noor Full")
    );
}

/// A save lands even when the chain's head cannot be written to the anchor
/// outside the file, and the status line says so (the next `check` will
/// name the rows past the anchor).
#[test]
fn a_save_whose_head_cannot_be_anchored_is_said() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::demo(2, 2);
    let anchors = f.dir.path().join("anchors");
    let mut store = f.store();
    store.anchor_in(&anchors).expect("anchor");
    let anchor = store.anchor().expect("kept").path().to_path_buf();
    // Writable by others: no longer proof of anything, so never appended to.
    std::fs::set_permissions(&anchor, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let mut app = casework::app::App::new(
        store,
        casework::domain::ChecklistTemplate::builtin(),
        casework::config::Config::default(),
        fixture::today(),
    )
    .expect("app");
    press(&mut app, "a Newcomer <C-s>");
    assert_eq!(f.store().caseload().expect("caseload").len(), 3, "saved");
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("not anchored") && status.contains("written by others"),
        "{status}"
    );
}
