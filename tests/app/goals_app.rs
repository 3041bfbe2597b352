//! Goals through the App: keys -> actions -> store -> what the screen shows.

use crate::fixture;

use casework::app::goals::DetailItem;
use casework::app::{Action, Overlay, Pane};
use casework::domain::{GoalStatus, RatedBy, ReferralStatus};
use fixture::{Fixture, focus, key, screen, to_field, top_form, type_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn recording_progress_moves_the_bar() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goal = app.selected_goal().expect("a goal").clone();
    let target = goal.target.expect("demo goals have targets");
    assert!(goal.fraction().expect("fraction") < 1.0);
    let before = screen(&app, 80, 24);

    app.update(Action::RecordProgress);
    assert!(
        top_form(&app)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("latest"))
    );
    type_text(&mut app, &target.to_string());
    to_field(&mut app, "rated_by");
    app.type_key(key(' ')); // client -> worker
    to_field(&mut app, "note");
    type_text(&mut app, "Reached it this week");
    app.update(Action::Save);

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
    app.update(Action::RecordProgress);
    type_text(&mut app, "4");
    to_field(&mut app, "date");
    app.type_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "+2d");
    app.update(Action::Save);
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
    app.update(Action::AddGoal);
    // Nothing typed: the client's words are required.
    app.update(Action::Save);
    assert_eq!(top_form(&app).fields[0].error.as_deref(), Some("required"));
    type_text(&mut app, "Keep the flat warm this winter");
    to_field(&mut app, "baseline");
    type_text(&mut app, "two");
    to_field(&mut app, "target");
    type_text(&mut app, "5");
    to_field(&mut app, "due");
    type_text(&mut app, "end of March");
    app.update(Action::Save);
    let form = top_form(&app);
    let err = |k: &str| form.field(k).and_then(|f| f.error.clone());
    assert!(err("baseline").is_some_and(|e| e.contains("not a number")));
    assert!(err("due").is_some_and(|e| e.contains("not a date")));
    assert_eq!(form.field("due").map(|f| f.text()), Some("end of March"));

    to_field(&mut app, "baseline");
    app.type_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "5");
    to_field(&mut app, "due");
    app.type_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "+3m");
    app.update(Action::Save);
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
    app.type_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    type_text(&mut app, "2");
    app.update(Action::Save);
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
    app.update(Action::EditGoal);
    assert_eq!(
        top_form(&app).field("client_words").map(|f| f.text()),
        Some(goal.client_words.as_str())
    );
    to_field(&mut app, "status");
    app.type_key(key(' '));
    app.update(Action::Save);
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
    app.update(Action::OpenGoal);
    let steps_before = app.goal_detail().expect("open").steps.len();

    // A step for another agency needs to say which.
    app.update(Action::AddStep);
    type_text(&mut app, "Confirm the viewing date");
    to_field(&mut app, "who");
    app.type_key(key(' '));
    app.type_key(key(' ')); // client -> worker -> other
    to_field(&mut app, "due");
    type_text(&mut app, "+1w");
    app.update(Action::Save);
    assert!(
        top_form(&app)
            .field("who_detail")
            .and_then(|f| f.error.as_deref())
            .is_some()
    );
    to_field(&mut app, "who_detail");
    type_text(&mut app, "Housing office");
    app.update(Action::Save);
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
    app.update(Action::ToggleStep);
    let step = app.goal_detail().expect("detail").steps[steps_before].clone();
    assert_eq!(step.done_on, Some(fixture::today()));
    app.update(Action::ToggleStep);
    assert_eq!(
        app.goal_detail().expect("detail").steps[steps_before].done_on,
        None
    );

    // Edit the selected step: e opens its form with its values.
    app.update(Action::EditGoalItem);
    assert_eq!(
        top_form(&app).field("description").map(|f| f.text()),
        Some("Confirm the viewing date")
    );
    app.update(Action::Back);
    assert!(matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))));

    // A referral, then its status moves on.
    let refs_before = app.goal_detail().expect("detail").referrals.len();
    app.update(Action::AddReferral);
    type_text(&mut app, "Warm Homes advice line");
    app.update(Action::Save);
    let d = app.goal_detail().expect("detail");
    assert_eq!(d.referrals.len(), refs_before + 1);
    assert_eq!(d.referrals[refs_before].status, ReferralStatus::Suggested);
    assert_eq!(d.selected(&goal), DetailItem::Referral(refs_before));
    // Moving away and back again reaches the same line.
    app.update(Action::Home);
    assert_eq!(
        app.goal_detail().expect("detail").selected(&goal),
        DetailItem::Goal
    );
    for _ in 0..(1 + d_steps(&app) + refs_before) {
        app.update(Action::MoveDown);
    }
    app.update(Action::EditGoalItem);
    to_field(&mut app, "status");
    app.type_key(key(' '));
    app.update(Action::Save);
    let d = app.goal_detail().expect("detail");
    assert_eq!(d.referrals[refs_before].status, ReferralStatus::Made);

    // Esc closes the detail; the goal is still selected in the pane.
    app.update(Action::Back);
    assert!(app.overlays.is_empty());
    assert_eq!(app.selected_goal().map(|g| g.id), Some(goal_id));
}

#[test]
fn goal_keys_need_a_goal() {
    let f = Fixture::empty();
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    app.update(Action::RecordProgress);
    app.update(Action::OpenGoal);
    app.update(Action::EditGoal);
    app.update(Action::AddGoal);
    assert!(app.overlays.is_empty());
    assert!(app.status.is_some());
}

fn d_steps(app: &casework::app::App) -> usize {
    app.goal_detail().expect("detail").steps.len()
}
