//! Entered in error through the keymap: the reason is required and kept
//! while typing, the record leaves the chart and the counts, and stays on
//! screen, marked.

use crate::fixture;
use crate::keys::{focus, press, type_text};

use casework::app::goals::DetailItem;
use casework::app::{App, Overlay, Pane};
use fixture::{Fixture, screen, top_form};

/// Open the selected goal's detail with the cursor on its newest progress record.
fn detail_on_newest_record(app: &mut App) {
    press(app, "<Enter>");
    let goal = app.selected_goal().expect("goal").clone();
    let newest = DetailItem::Progress(goal.progress.len() - 1);
    let Some(Overlay::GoalDetail(d)) = app.overlays.last() else {
        panic!("detail open: {:?}", app.overlays);
    };
    let at = d
        .items(&goal)
        .iter()
        .position(|i| *i == newest)
        .expect("listed");
    for _ in 0..at {
        press(app, "j");
    }
}

#[test]
fn a_wrong_progress_value_marked_in_error_leaves_the_chart_and_stays_listed() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let before = app.selected_goal().expect("goal").clone();
    let good = before.current().expect("demo goals have progress");
    // The mistake: 30 typed for 3.
    press(&mut app, "p");
    type_text(&mut app, "30");
    press(&mut app, "<C-s>");
    // The range check asks first on a goal with a range; the demo's have none.
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert_eq!(app.selected_goal().expect("goal").current(), Some(30.0));
    let with_mistake = screen(&app, 80, 24);

    detail_on_newest_record(&mut app);
    press(&mut app, "E");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(_))),
        "{:?}",
        app.status
    );
    assert!(top_form(&app).title.contains("Entered in error"));
    // No reason: refused inline, the form stays.
    press(&mut app, "<C-s>");
    assert_eq!(top_form(&app).fields[0].error.as_deref(), Some("required"));
    type_text(&mut app, "typed 30 for 3");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))),
        "{:?}",
        app.overlays
    );
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("in error: the ")),
        "{:?}",
        app.status
    );
    let g = app.selected_goal().expect("goal").clone();
    assert_eq!(g.progress.len(), before.progress.len() + 1);
    assert_eq!(g.current(), Some(good));
    assert_eq!(g.counted().count(), before.progress.len());
    let marked = g.progress.last().expect("kept");
    assert_eq!(marked.value, 30.0);
    assert_eq!(
        marked.error.as_ref().map(|e| e.reason.as_str()),
        Some("typed 30 for 3")
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("entered in error: typed 30"), "{s}");
    insta::assert_snapshot!("progress_marked_in_error_80x24", s);
    // The Goals pane: the bar and trend are as before the mistake.
    press(&mut app, "<Esc>");
    let pane = screen(&app, 80, 24);
    assert_ne!(pane, with_mistake);
    // Marking it again is refused with the reason, not a second mark.
    detail_on_newest_record(&mut app);
    press(&mut app, "E");
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("already entered in error")),
        "{:?}",
        app.status
    );
}

#[test]
fn a_signed_note_points_at_the_addendum_key() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    let signed = app
        .detail
        .as_ref()
        .and_then(|d| d.notes.iter().position(|n| n.is_signed()))
        .expect("a signed note in the demo");
    for _ in 0..signed {
        press(&mut app, "j");
    }
    press(&mut app, "E");
    assert!(app.overlays.is_empty());
    let msg = app.status.clone().unwrap_or_default();
    assert!(msg.contains("addendum (A)"), "{msg}");
}

#[test]
fn a_tick_marked_in_error_is_open_again_and_the_count_drops() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    let done = |app: &App| {
        app.detail
            .as_ref()
            .map(|d| d.marks.iter().filter(|m| m.done_on.is_some()).count())
            .unwrap_or(0)
    };
    // Tick the first item if it is open, so there is a tick to mark.
    let ticked = app.detail.as_ref().is_some_and(|d| {
        let stage = d.client.stage;
        let key = &app.template.items(stage)[0].key;
        d.marks
            .iter()
            .any(|m| m.stage == stage && &m.item_key == key && m.done_on.is_some())
    });
    if !ticked {
        press(&mut app, "<Space>");
    }
    let n = done(&app);
    let before = screen(&app, 80, 24);
    press(&mut app, "E");
    type_text(&mut app, "ticked the wrong line");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert_eq!(done(&app), n - 1);
    let s = screen(&app, 80, 24);
    assert_ne!(s, before);
    assert!(s.contains("tick entered in error: ticked the wro"), "{s}");
    insta::assert_snapshot!("tick_marked_in_error_80x24", s);
}

#[test]
fn a_value_outside_the_goals_range_asks_first_and_no_keeps_the_form() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "e");
    crate::keys::to_field(&mut app, "range_min");
    type_text(&mut app, "0");
    crate::keys::to_field(&mut app, "range_max");
    type_text(&mut app, "7");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let g = app.selected_goal().expect("goal").clone();
    assert_eq!((g.range_min, g.range_max), (Some(0.0), Some(7.0)));
    let n = g.progress.len();

    press(&mut app, "p");
    assert!(
        top_form(&app)
            .note
            .as_deref()
            .is_some_and(|s| s.contains("likely 0–7"))
    );
    type_text(&mut app, "30");
    press(&mut app, "<C-s>");
    let Some(Overlay::Confirm(ask)) = app.overlays.last() else {
        panic!("asks first: {:?}", app.overlays.last());
    };
    assert!(
        ask.question.contains("30 is outside the likely range 0–7"),
        "{}",
        ask.question
    );
    insta::assert_snapshot!("progress_out_of_range_asks_80x24", screen(&app, 80, 24));
    // No: back to the form, the value as typed, nothing recorded.
    press(&mut app, "n");
    assert_eq!(top_form(&app).fields[0].text(), "30");
    assert_eq!(app.selected_goal().expect("goal").progress.len(), n);
    // Yes: recorded as typed.
    press(&mut app, "<C-s>");
    press(&mut app, "y");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let g = app.selected_goal().expect("goal");
    assert_eq!(g.progress.len(), n + 1);
    assert_eq!(g.current(), Some(30.0));
    // A value inside the range is not asked about.
    press(&mut app, "p");
    type_text(&mut app, "4");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert_eq!(app.selected_goal().expect("goal").current(), Some(4.0));
}

#[test]
fn a_recent_progress_value_is_corrected_with_e_and_an_old_one_points_at_the_mark() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "p");
    type_text(&mut app, "30");
    press(&mut app, "<C-s>");
    let n = app.selected_goal().expect("goal").progress.len();
    detail_on_newest_record(&mut app);
    press(&mut app, "e");
    let form = top_form(&app);
    assert!(form.title.starts_with("Correct progress"), "{}", form.title);
    assert_eq!(form.fields[0].text(), "30");
    press(&mut app, "<C-u>");
    type_text(&mut app, "3");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))),
        "{:?} {:?}",
        app.overlays.last(),
        app.status
    );
    assert_eq!(app.status.as_deref(), Some("Progress corrected."));
    let g = app.selected_goal().expect("goal");
    assert_eq!(g.progress.len(), n);
    assert_eq!(g.current(), Some(3.0));
    // The demo's own records are older than the window.
    press(&mut app, "j e");
    let msg = app.status.clone().unwrap_or_default();
    assert!(
        msg.starts_with("Older than 7 days: mark it entered in error (E)"),
        "{msg}"
    );
}

#[test]
fn a_goal_marked_in_error_leaves_the_goals_count_and_says_why() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let before = screen(&app, 80, 24);
    assert!(before.contains("Goals 1 active of 1"), "{before}");
    press(&mut app, "E");
    type_text(&mut app, "meant for another client");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Goals 0 active of 0"), "{s}");
    assert!(s.contains("✗ goal entered in error: meant for"), "{s}");
    // Still listed, and not editable: a new goal is the way on.
    assert_eq!(app.detail.as_ref().map(|d| d.goals.len()), Some(1));
    press(&mut app, "e");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|m| m.contains("entered in error")),
        "{:?}",
        app.status
    );
}
