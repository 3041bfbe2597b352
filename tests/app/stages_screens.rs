//! The Stages pane through its keys: ticking, notes, the advance gate,
//! stepping back, termination and re-opening, and how they look.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;
use crate::keys::{focus, press, type_text};

use casework::app::{App, Overlay, Pane};
use casework::domain::Stage;
use casework::keymap::Context;
use fixture::{Fixture, screen, today};

fn clear_field(app: &mut App) {
    press(app, "<End> <C-u>");
}

fn stage(app: &App) -> Stage {
    app.detail.as_ref().expect("a client").client.stage
}

/// Put the caseload cursor on the first client in `stage`, focus on Stages.
fn select_in(app: &mut App, wanted: Stage) -> i64 {
    let i = app
        .caseload
        .iter()
        .position(|c| c.stage == wanted)
        .expect("demo has a client in this stage");
    focus(app, Pane::Caseload);
    press(app, "<Home>");
    for _ in 0..i {
        press(app, "j");
    }
    press(app, "<Tab>");
    assert_eq!(app.focus, Pane::Stages);
    assert_eq!(stage(app), wanted);
    app.detail.as_ref().expect("client").client.id
}

fn top_form_title(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Form(f)) => f.title.clone(),
        other => panic!("expected a form, found {other:?}"),
    }
}

#[test]
fn space_ticks_the_selected_item_with_todays_date_and_it_persists() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let id = select_in(&mut app, Stage::Planning);
    // Find an open item and tick it.
    let items = app.template.items(Stage::Planning).to_vec();
    let detail = app.detail.as_ref().expect("client");
    let open = items
        .iter()
        .position(|i| {
            !detail
                .marks
                .iter()
                .any(|m| m.item_key == i.key && m.done_on.is_some())
        })
        .expect("an open item");
    for _ in 0..open {
        press(&mut app, "j");
    }
    press(&mut app, "<Space>");
    assert_eq!(app.cursor(Pane::Stages), open, "the cursor stays put");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains(&items[open].label), "{status}");

    let again = f.app();
    let marks = again.store().client_detail(id).expect("detail").marks;
    let m = marks
        .iter()
        .find(|m| m.stage == Stage::Planning && m.item_key == items[open].key)
        .expect("mark");
    assert_eq!(m.done_on, Some(today()));

    // Space again clears it.
    press(&mut app, "<Space>");
    let marks = f.app().store().client_detail(id).expect("detail").marks;
    assert!(
        marks
            .iter()
            .all(|m| m.item_key != items[open].key || m.done_on.is_none())
    );
}

#[test]
fn e_puts_a_one_line_note_on_the_item() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let id = select_in(&mut app, Stage::Implementation);
    press(&mut app, "j e");
    assert!(top_form_title(&app).starts_with("Note: "));
    type_text(&mut app, "Reviewed with the client on the phone");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty());
    let key = &app.template.items(Stage::Implementation)[1].key;
    let marks = f.app().store().client_detail(id).expect("detail").marks;
    let m = marks.iter().find(|m| &m.item_key == key).expect("mark");
    assert_eq!(
        m.note.as_deref(),
        Some("Reviewed with the client on the phone")
    );
    assert!(screen(&app, 120, 40).contains("note: Reviewed with the client on the phone"));
}

#[test]
fn advancing_with_open_items_says_how_many_and_asks() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let id = select_in(&mut app, Stage::Planning);
    let done = app
        .detail
        .as_ref()
        .expect("client")
        .marks
        .iter()
        .filter(|m| m.stage == Stage::Planning && m.done_on.is_some())
        .count();
    let open = app.template.items(Stage::Planning).len() - done;
    assert!(open > 0);

    press(&mut app, ">");
    assert_eq!(app.key_context(), Context::Confirm);
    let Some(Overlay::Confirm(c)) = app.overlays.last() else {
        panic!("a question")
    };
    assert!(
        c.question
            .starts_with(&format!("{open} of 6 Planning items still open")),
        "{}",
        c.question
    );
    let asked = screen(&app, 80, 24);
    press(&mut app, "n");
    assert_eq!(stage(&app), Stage::Planning, "no means no");

    press(&mut app, "> y");
    assert_eq!(stage(&app), Stage::Implementation);
    assert_eq!(app.focus, Pane::Stages);
    assert_eq!(app.selected_client().map(|c| c.id), Some(id), "same client");
    let reopened = f.app();
    let row = reopened
        .caseload
        .iter()
        .find(|c| c.id == id)
        .expect("in caseload");
    assert_eq!(row.stage, Stage::Implementation);
    insta::assert_snapshot!(asked);
}

#[test]
fn stepping_back_asks_for_a_reason_and_keeps_it() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    select_in(&mut app, Stage::Evaluation);
    press(&mut app, "<");
    assert_eq!(
        top_form_title(&app),
        "Back from Evaluation to Implementation"
    );
    press(&mut app, "<C-s>");
    assert_eq!(stage(&app), Stage::Evaluation, "a reason is required");
    type_text(&mut app, "New job changes the schedule");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty());
    assert_eq!(stage(&app), Stage::Implementation);
    let last = app
        .detail
        .as_ref()
        .expect("client")
        .history
        .last()
        .cloned()
        .expect("visit");
    assert_eq!(last.reason.as_deref(), Some("New job changes the schedule"));
    assert_eq!(last.entered_on, today());

    // At Assessment there is nowhere to step back to.
    let mut app = f.app();
    select_in(&mut app, Stage::Assessment);
    press(&mut app, "<");
    assert!(app.overlays.is_empty());
    assert!(
        app.status
            .clone()
            .unwrap_or_default()
            .contains("first stage")
    );
}

#[test]
fn entering_termination_asks_for_a_summary_and_schedules_check_ins() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let id = select_in(&mut app, Stage::Evaluation);
    press(&mut app, ">");
    if matches!(app.overlays.last(), Some(Overlay::Confirm(_))) {
        press(&mut app, "y");
    }
    assert!(top_form_title(&app).starts_with("Entering Termination: "));
    type_text(&mut app, "Kept the tenancy; rent paid on time since June");
    press(&mut app, "<Tab>");
    type_text(&mut app, "Tenancy officer; weekly coffee group");
    press(&mut app, "<Tab>");
    clear_field(&mut app);
    type_text(&mut app, "1, three");
    press(&mut app, "<C-s>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("\"three\" is not a number of months"), "{s}");
    assert_eq!(stage(&app), Stage::Evaluation);
    clear_field(&mut app);
    type_text(&mut app, "1, 3, 6");
    let form = screen(&app, 80, 24);
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{}", screen(&app, 80, 24));
    assert_eq!(stage(&app), Stage::Termination);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("3 check-ins scheduled, the first on 2026-12-23"),
        "{status}"
    );

    let detail = f.app().store().client_detail(id).expect("detail");
    let dues: Vec<String> = detail.followups.iter().map(|f| f.due.to_string()).collect();
    assert_eq!(dues, ["2026-12-23", "2027-02-23", "2027-05-23"]);
    let term = detail.history.last().expect("visit");
    assert_eq!(
        term.summary.as_deref(),
        Some(
            "Achieved: Kept the tenancy; rent paid on time since June\nSupports in place: Tenancy officer; weekly coffee group"
        )
    );
    insta::assert_snapshot!(form);
}

#[test]
fn a_case_in_follow_up_can_be_reopened_at_assessment_and_no_other() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    select_in(&mut app, Stage::Planning);
    press(&mut app, "R");
    assert!(app.overlays.is_empty());
    assert!(
        app.status
            .clone()
            .unwrap_or_default()
            .contains("only a case in Follow-up & aftercare")
    );

    // `>` at the last stage points to re-opening instead.
    let id = select_in(&mut app, Stage::FollowUp);
    press(&mut app, ">");
    assert!(app.overlays.is_empty());
    assert!(app.status.clone().unwrap_or_default().contains("re-open"));

    press(&mut app, "R");
    type_text(&mut app, "Eviction notice; asked for help again");
    press(&mut app, "<C-s>");
    assert_eq!(stage(&app), Stage::Assessment);
    let detail = f.app().store().client_detail(id).expect("detail");
    assert!(detail.marks.is_empty(), "a fresh checklist");
    assert!(
        detail.followups.iter().all(|f| !f.is_open()),
        "pending check-ins are cancelled (kept on record), held ones kept"
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("1. Assessment  0 of 9 done"), "{s}");
}

/// A client with a story: re-opened from follow-up, one item ticked, one
/// noted, then stepped forward and back.
fn client_with_history(app: &mut App) {
    select_in(app, Stage::FollowUp);
    press(app, "R");
    type_text(app, "Lost the job in October; low mood again");
    press(app, "<C-s> <Space> j e");
    type_text(app, "Strengths from the first cycle still hold");
    press(app, "<C-s> > y <");
    type_text(app, "Needs a fuller risk screen first");
    press(app, "<C-s>");
    assert_eq!(stage(app), Stage::Assessment);
}

#[test]
fn stages_pane_focused_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    client_with_history(&mut app);
    press(&mut app, "<Esc>"); // dismiss the last message
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn stages_pane_focused_at_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    client_with_history(&mut app);
    press(&mut app, "<Esc>"); // dismiss the last message
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn stage_history_overlay_at_80x24_and_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    client_with_history(&mut app);
    press(&mut app, "<Esc>"); // dismiss the last message
    press(&mut app, "<Enter>");
    assert_eq!(app.key_context(), Context::StageHistory);
    let small = screen(&app, 80, 24);
    let large = screen(&app, 120, 40);
    for s in [&small, &large] {
        assert!(s.contains("Re-opened: Lost the job in October"), "{s}");
        assert!(
            s.contains("Stepped back: Needs a fuller risk screen"),
            "{s}"
        );
    }
    assert!(large.contains("Termination summary"), "{large}");
    assert!(large.contains("Follow-up check-ins"), "{large}");
    insta::assert_snapshot!("stage_history_80x24", small);
    insta::assert_snapshot!("stage_history_120x40", large);
    // Scrolling moves the view at 80x24 and stops at the end.
    for _ in 0..50 {
        press(&mut app, "j");
    }
    let scrolled = screen(&app, 80, 24);
    assert_ne!(scrolled, small);
    // The check-ins (cancelled ones kept on record, with why) come into view.
    assert!(scrolled.contains("held 2026-10-18"), "{scrolled}");
    assert!(
        scrolled.contains("case went back to Assessment"),
        "{scrolled}"
    );
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
}
