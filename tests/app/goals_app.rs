//! Goals through the App: keys -> actions -> store -> what the screen shows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::goals::DetailItem;
use casework::app::{Overlay, Pane};
use casework::domain::{GoalStatus, RatedBy, ReferralStatus};
use fixture::{Fixture, screen, top_form};

#[test]
fn recording_progress_moves_the_bar() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goal = app.selected_goal().expect("a goal").clone();
    let target = goal.target.expect("demo goals have targets");
    assert!(goal.fraction().expect("fraction") < 1.0);
    let before = screen(&app, 80, 24);

    press(&mut app, "p");
    assert!(
        top_form(&app)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("latest"))
    );
    type_text(&mut app, &target.to_string());
    to_field(&mut app, "rated_by");
    press(&mut app, "<Space>"); // client -> worker
    to_field(&mut app, "note");
    type_text(&mut app, "Reached it this week");
    press(&mut app, "<C-s>");

    assert!(app.overlays.is_empty(), "form closed: {:?}", app.overlays);
    assert_eq!(app.status.as_deref(), Some("Progress recorded."));
    let after_goal = app.selected_goal().expect("same goal still selected");
    assert_eq!(after_goal.id, goal.id);
    assert_eq!(after_goal.fraction(), Some(1.0));
    let last = after_goal.progress.last().expect("recorded");
    assert_eq!(last.rated_by, RatedBy::Worker);
    assert_eq!(last.date, fixture::today());
    assert_eq!(last.note.as_deref(), Some("Reached it this week"));
    let after = screen(&app, 80, 24);
    assert_ne!(before, after);
    assert!(after.contains("100%"), "{after}");
}

#[test]
fn progress_in_the_future_is_refused_and_kept() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let n = app.selected_goal().expect("goal").progress.len();
    press(&mut app, "p 4");
    to_field(&mut app, "date");
    press(&mut app, "<C-u> +2d <C-s>");
    let form = top_form(&app);
    assert_eq!(form.fields[form.focus].key, "date");
    assert!(
        form.fields[form.focus]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("future"))
    );
    assert_eq!(form.fields[0].text(), "4");
    assert_eq!(app.selected_goal().expect("goal").progress.len(), n);
}

#[test]
fn adding_a_goal_checks_numbers_dates_and_baseline_against_target() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let before = app.detail.as_ref().expect("client").goals.len();
    press(&mut app, "a");
    // Nothing typed: the client's words are required.
    press(&mut app, "<C-s>");
    assert_eq!(top_form(&app).fields[0].error.as_deref(), Some("required"));
    type_text(&mut app, "Keep the flat warm this winter");
    to_field(&mut app, "baseline");
    type_text(&mut app, "two");
    to_field(&mut app, "target");
    type_text(&mut app, "5");
    to_field(&mut app, "due");
    type_text(&mut app, "end of March");
    press(&mut app, "<C-s>");
    let form = top_form(&app);
    let err = |k: &str| form.field(k).and_then(|f| f.error.clone());
    assert!(err("baseline").is_some_and(|e| e.contains("not a number")));
    assert!(err("due").is_some_and(|e| e.contains("not a date")));
    assert_eq!(form.field("due").map(|f| f.text()), Some("end of March"));

    to_field(&mut app, "baseline");
    press(&mut app, "<C-u> 5");
    to_field(&mut app, "due");
    press(&mut app, "<C-u> +3m <C-s>");
    let form = top_form(&app);
    assert!(
        form.field("target")
            .and_then(|f| f.error.as_deref())
            .is_some_and(|e| e.contains("same as the baseline")),
        "{form:?}"
    );
    // The SMART hint names what is still missing, and does not block.
    assert_eq!(
        form.note_line().as_deref(),
        Some("SMART: missing S M (no SMART statement; no measure)")
    );
    to_field(&mut app, "target");
    press(&mut app, "<Backspace> 2 <C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let goals = &app.detail.as_ref().expect("client").goals;
    assert_eq!(goals.len(), before + 1);
    let g = app.selected_goal().expect("new goal selected");
    assert_eq!(g.client_words, "Keep the flat warm this winter");
    assert_eq!((g.baseline, g.target), (Some(5.0), Some(2.0)));
    assert_eq!(g.due, "2027-02-23".parse().ok());
    assert_eq!(g.status, GoalStatus::Active);
}

#[test]
fn editing_a_goal_keeps_its_progress_and_changes_status() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goal = app.selected_goal().expect("goal").clone();
    press(&mut app, "e");
    assert_eq!(
        top_form(&app).field("client_words").map(|f| f.text()),
        Some(goal.client_words.as_str())
    );
    to_field(&mut app, "status");
    press(&mut app, "<Space> <C-s>");
    let after = app.selected_goal().expect("goal");
    assert_eq!(after.id, goal.id);
    assert_eq!(after.status, GoalStatus::Achieved);
    assert_eq!(after.progress, goal.progress);
}

#[test]
fn goal_detail_adds_steps_and_referrals_and_ticks_steps() {
    let f = Fixture::demo(5, 10);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goal_id = app.selected_goal().expect("goal").id;
    press(&mut app, "<Enter>");
    let steps_before = app.goal_detail().expect("open").steps.len();

    // A step for another agency needs to say which.
    press(&mut app, "s");
    type_text(&mut app, "Confirm the viewing date");
    to_field(&mut app, "who");
    press(&mut app, "<Space> <Space>"); // client -> worker -> other
    to_field(&mut app, "due");
    press(&mut app, "+1w <C-s>");
    assert!(
        top_form(&app)
            .field("who_detail")
            .and_then(|f| f.error.as_deref())
            .is_some()
    );
    to_field(&mut app, "who_detail");
    type_text(&mut app, "Housing office");
    press(&mut app, "<C-s>");
    let d = app.goal_detail().expect("detail still open");
    assert_eq!(d.goal_id, goal_id);
    assert_eq!(d.steps.len(), steps_before + 1);
    let new_step = d.steps.last().expect("step").clone();
    assert_eq!(new_step.who_label(), "Housing office");
    assert_eq!(new_step.due, "2026-11-30".parse().ok());

    // The new step is selected; tick it, then untick it.
    let goal = app.goal(goal_id).expect("goal").clone();
    assert_eq!(
        app.goal_detail().expect("detail").selected(&goal),
        DetailItem::Step(steps_before)
    );
    press(&mut app, "<Space>");
    let step = app.goal_detail().expect("detail").steps[steps_before].clone();
    assert_eq!(step.done_on, Some(fixture::today()));
    press(&mut app, "<Space>");
    assert_eq!(
        app.goal_detail().expect("detail").steps[steps_before].done_on,
        None
    );

    // Edit the selected step: e opens its form with its values.
    press(&mut app, "e");
    assert_eq!(
        top_form(&app).field("description").map(|f| f.text()),
        Some("Confirm the viewing date")
    );
    press(&mut app, "<Esc>");
    assert!(matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))));

    // A referral, then its status moves on.
    let refs_before = app.goal_detail().expect("detail").referrals.len();
    press(&mut app, "r");
    type_text(&mut app, "Warm Homes advice line");
    press(&mut app, "<C-s>");
    let d = app.goal_detail().expect("detail");
    assert_eq!(d.referrals.len(), refs_before + 1);
    assert_eq!(d.referrals[refs_before].status, ReferralStatus::Suggested);
    assert_eq!(d.selected(&goal), DetailItem::Referral(refs_before));
    // Moving away and back again reaches the same line.
    for _ in 0..(1 + d_steps(&app) + refs_before) {
        press(&mut app, "k");
    }
    assert_eq!(
        app.goal_detail().expect("detail").selected(&goal),
        DetailItem::Goal
    );
    for _ in 0..(1 + d_steps(&app) + refs_before) {
        press(&mut app, "j");
    }
    press(&mut app, "e");
    to_field(&mut app, "status");
    press(&mut app, "<Space> <C-s>");
    let d = app.goal_detail().expect("detail");
    assert_eq!(d.referrals[refs_before].status, ReferralStatus::Made);

    // Esc closes the detail; the goal is still selected in the pane.
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.selected_goal().map(|g| g.id), Some(goal_id));
}

#[test]
fn goal_keys_need_a_goal() {
    let f = Fixture::empty();
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "p <Enter> e a");
    assert!(app.overlays.is_empty());
    assert!(app.status.is_some());
}

fn d_steps(app: &casework::app::App) -> usize {
    app.goal_detail().expect("detail").steps.len()
}

#[test]
fn a_new_goal_stays_with_its_client_when_another_session_archives_that_client() {
    let f = Fixture::demo(5, 10);
    let mut a = f.app();
    let mut b = f.app();
    let x = a.selected_client().expect("client").id;
    focus(&mut a, Pane::Goals);
    press(&mut a, "a");
    to_field(&mut a, "client_words");
    type_text(&mut a, "Words of client X");
    to_field(&mut a, "smart");
    type_text(&mut a, "Sleep 7h by March");
    to_field(&mut a, "baseline");
    type_text(&mut a, "3");
    to_field(&mut a, "target");
    type_text(&mut a, "7");
    // Another session archives X: A's list moves under the open form.
    assert_eq!(b.selected_client().expect("client").id, x);
    press(&mut b, "x <C-s>");
    type_text(&mut a, "0");
    assert_ne!(a.selected_client().map(|c| c.id), Some(x), "the list moved");
    press(&mut a, "<C-s>");
    let owner: i64 = f
        .store()
        .conn()
        .query_row(
            "SELECT client_id FROM goals WHERE client_words = 'Words of client X'",
            [],
            |r| r.get(0),
        )
        .expect("the goal is saved");
    assert_eq!(owner, x, "the goal typed for client {x} went to {owner}");
}
