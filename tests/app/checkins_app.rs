//! Check-ins held, moved and cancelled; ticks and stage moves dated in the
//! past; archiving that asks why. Driven through the real keymap on a real
//! file, with whole screens at 80x24.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::{App, Overlay, Pane};
use casework::domain::agenda::Group;
use casework::domain::closure::{ClosureEvent, ClosureReason};
use casework::domain::stage_rules::StageMove;
use casework::domain::{NoteKind, Stage};
use casework::store::clients::ClientFields;
use casework::store::stage_moves::StageChange;
use fixture::{Fixture, d, screen, today, top_form};

/// One client, intake 2026-10-01, in Termination since 2026-11-01 with
/// check-ins due 2026-11-10 (overdue on the fixture's day) and 2026-12-20.
fn terminated() -> (Fixture, i64) {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Robin Checkin".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("client");
    let dates = [d("2026-11-10"), d("2026-12-20")];
    for (day, summary, followups) in [
        ("2026-10-05", None, &[][..]),
        ("2026-10-10", None, &[][..]),
        ("2026-10-15", None, &[][..]),
        ("2026-10-20", None, &[][..]),
        (
            "2026-11-01",
            Some("Achieved: housing\nSupports in place: sister"),
            &dates[..],
        ),
    ] {
        let seen = store.client_detail(id).expect("detail").client.stage;
        let c = StageChange {
            seen,
            mv: StageMove::Advance,
            reason: None,
            summary,
            followups,
            on: None,
            closure: summary.map(|_| (ClosureReason::GoalsMet, None)),
        };
        store.change_stage(id, &c, d(day)).expect("advance");
    }
    (f, id)
}

fn clear_field(app: &mut App) {
    press(app, "<End> <C-u>");
}

/// Clears the focused date field, types `day` and saves; returns the
/// "on" field's error (empty when the form closed or had none).
fn save_on(app: &mut App, day: &str) -> String {
    clear_field(app);
    type_text(app, day);
    press(app, "<C-s>");
    match app.overlays.last() {
        Some(Overlay::Form(form)) => form.field("on").and_then(|f| f.error.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

fn overdue_mark(app: &App, id: i64) -> bool {
    app.caseload
        .iter()
        .find(|c| c.id == id)
        .expect("row")
        .is_overdue(today())
}

#[test]
fn a_check_in_marked_held_from_today_leaves_today_and_the_overdue_mark() {
    let (f, id) = terminated();
    let mut app = f.app();
    assert!(overdue_mark(&app, id));
    let s = screen(&app, 80, 24);
    assert!(s.contains("*1 ") && s.contains("*▸Robin"), "{s}");
    press(&mut app, "t");
    let Some(Overlay::Today(t)) = app.overlays.last() else {
        panic!("today's list");
    };
    assert_eq!(t.agenda.counts.get(Group::Overdue), 1);
    press(&mut app, "h");
    assert!(top_form(&app).title.starts_with("Check-in held:"));
    to_field(&mut app, "note");
    type_text(&mut app, "phoned; settled at work");
    insta::assert_snapshot!("checkin_held_form_80x24", screen(&app, 80, 24));
    press(&mut app, "<C-s>");
    // Back on Today's list, which no longer holds it.
    let Some(Overlay::Today(t)) = app.overlays.last() else {
        panic!("today's list after saving, found {:?}", app.overlays.last());
    };
    assert_eq!(t.agenda.counts.get(Group::Overdue), 0, "{:?}", t.agenda);
    assert!(screen(&app, 80, 24).contains("Nothing overdue"));
    press(&mut app, "<Esc>");
    assert!(!overdue_mark(&app, id));
    let s = screen(&app, 80, 24);
    assert!(s.contains("*0 ") && !s.contains("*▸Robin"), "{s}");
    let fu = &f.store().client_detail(id).expect("detail").followups[0];
    assert_eq!(fu.done_on, Some(today()));
    assert_eq!(fu.note.as_deref(), Some("phoned; settled at work"));
}

#[test]
fn held_from_stages_can_open_a_session_note_dated_that_day() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    // Two are open: the list asks which, the next one selected.
    press(&mut app, "h <Enter>");
    to_field(&mut app, "held_on");
    clear_field(&mut app);
    type_text(&mut app, "2026-11-12");
    to_field(&mut app, "write_note");
    press(&mut app, "<Space>");
    press(&mut app, "<C-s>");
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => {
            assert_eq!(e.client_id, id);
            assert_eq!(e.meta.kind, NoteKind::SESSION);
            assert_eq!(e.meta.session_date, d("2026-11-12"));
        }
        other => panic!("expected the note editor, found {other:?}"),
    }
    let fu = &f.store().client_detail(id).expect("detail").followups[0];
    assert_eq!(fu.done_on, Some(d("2026-11-12")));
}

#[test]
fn moving_and_cancelling_from_stages_act_on_the_next_open_check_in() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    // Two are open: Enter takes the one selected first, the next.
    press(&mut app, "m <Enter>");
    type_text(&mut app, "2026-11-01");
    press(&mut app, "<C-s>");
    // A passed day is refused on the field, typing kept.
    let form = top_form(&app);
    let due = form.field("due").expect("due");
    assert!(
        due.error.as_deref().unwrap_or("").contains("has passed"),
        "{due:?}"
    );
    assert_eq!(due.input.text(), "2026-11-01");
    clear_field(&mut app);
    type_text(&mut app, "2026-11-30");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
    assert!(!overdue_mark(&app, id));
    press(&mut app, "c <Enter>");
    press(&mut app, "<C-s>");
    assert!(
        top_form(&app)
            .field("reason")
            .expect("reason")
            .error
            .is_some(),
        "reason required"
    );
    type_text(&mut app, "client asked for no more calls");
    press(&mut app, "<C-s>");
    let fus = f.store().client_detail(id).expect("detail").followups;
    assert_eq!(fus[0].due, d("2026-11-30"));
    assert_eq!(
        fus[0].cancel_reason.as_deref(),
        Some("client asked for no more calls")
    );
    assert!(fus[1].is_open());
    // The footer tells the cancelled one from the open one.
    let s = screen(&app, 120, 40);
    assert!(s.contains("Check-ins: ✗2026-11-30, 2026-12-20"), "{s}");
}

#[test]
fn any_open_check_in_is_reached_from_stages_through_a_list() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "m");
    let Some(Overlay::CheckInPicker(p)) = app.overlays.last() else {
        panic!("a list of check-ins: {:?}", app.overlays);
    };
    assert_eq!(p.items.len(), 2);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Which check-in to move?"), "{s}");
    insta::assert_snapshot!("checkin_picker_80x24", s);
    // The later one, not the next.
    press(&mut app, "j <Enter>");
    let form = top_form(&app);
    assert!(form.title.contains("due 2026-12-20"), "{}", form.title);
    type_text(&mut app, "2027-01-15");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
    let fus = f.store().client_detail(id).expect("detail").followups;
    let dues: Vec<_> = fus.iter().map(|f| f.due).collect();
    assert!(
        dues.contains(&d("2026-11-10")),
        "the next one untouched: {dues:?}"
    );
    assert!(dues.contains(&d("2027-01-15")), "{dues:?}");
    // Esc leaves the list without a form.
    press(&mut app, "h <Esc>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    // With one open left, the key goes straight to its form.
    press(&mut app, "c <Enter>");
    type_text(&mut app, "moved away");
    press(&mut app, "<C-s>");
    press(&mut app, "c");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(_))),
        "one open: no list: {:?}",
        app.overlays
    );
}

#[test]
fn a_back_dated_tick_shows_its_date_and_a_future_one_is_refused_with_typing_kept() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "d");
    clear_field(&mut app);
    type_text(&mut app, "2026-11-30");
    press(&mut app, "<C-s>");
    let on = top_form(&app).field("on").expect("on");
    assert!(
        on.error.as_deref().unwrap_or("").contains("in the future"),
        "{on:?}"
    );
    assert_eq!(on.input.text(), "2026-11-30");
    insta::assert_snapshot!("tick_on_date_refused_80x24", screen(&app, 80, 24));
    let err = save_on(&mut app, "2026-09-01");
    assert!(err.contains("before the intake date"), "{err}");
    save_on(&mut app, "2026-11-20");
    assert!(app.overlays.is_empty());
    let first = app.template.items(Stage::Termination)[0].key.clone();
    let mark = f
        .store()
        .client_detail(id)
        .expect("detail")
        .marks
        .into_iter()
        .find(|m| m.stage == Stage::Termination && m.item_key == first)
        .expect("mark");
    assert_eq!(mark.done_on, Some(d("2026-11-20")));
    // The checklist shows the day it was done, not today.
    let s = screen(&app, 120, 40);
    assert!(s.contains("[x]") && s.contains("2026-11-20"), "{s}");
}

#[test]
fn a_back_dated_stage_move_shows_in_the_stage_history() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "D");
    let err = save_on(&mut app, "2026-10-30");
    assert!(err.contains("before the current stage began"), "{err}");
    save_on(&mut app, "2026-11-15");
    let detail = f.store().client_detail(id).expect("detail");
    assert_eq!(detail.client.stage, Stage::FollowUp);
    let last = detail.history.last().expect("visit");
    assert_eq!(last.entered_on, d("2026-11-15"));
    // Entering Follow-up with check-ins ticked "Check-ins scheduled".
    assert!(
        detail
            .marks
            .iter()
            .any(|m| m.item_key == "check_ins" && m.done_on == Some(d("2026-11-15")))
    );
    press(&mut app, "<Enter>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("2026-11-15"), "{s}");
    assert!(
        s.contains("Closed (entered Termination) 2026-11-01: goals met"),
        "{s}"
    );
}

#[test]
fn archiving_asks_why_and_other_needs_words() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Caseload);
    press(&mut app, "x");
    assert!(top_form(&app).title.contains("why is the case closing"));
    // Goals met, client withdrew, moved, referred on, other.
    press(&mut app, "<Space> <Space> <Space> <Space>");
    press(&mut app, "<C-s>");
    let note = top_form(&app).field("note").expect("note");
    assert!(
        note.error.as_deref().unwrap_or("").contains("other reason"),
        "{note:?}"
    );
    assert!(app.caseload.iter().any(|c| c.id == id), "not archived yet");
    insta::assert_snapshot!("archive_reason_80x24", screen(&app, 80, 24));
    type_text(&mut app, "family moved abroad");
    press(&mut app, "<C-s>");
    assert!(!app.caseload.iter().any(|c| c.id == id), "archived");
    let closures = f.store().client_detail(id).expect("detail").closures;
    let last = closures.last().expect("closure");
    assert_eq!(
        (last.event, last.reason, last.note.as_deref()),
        (
            ClosureEvent::Archive,
            ClosureReason::Other,
            Some("family moved abroad")
        )
    );
}

#[test]
fn entering_termination_asks_why_the_case_closes() {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Sam Closing".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("client");
    for day in ["2026-10-05", "2026-10-10", "2026-10-15", "2026-10-20"] {
        let seen = store.client_detail(id).expect("detail").client.stage;
        let c = StageChange {
            seen,
            mv: StageMove::Advance,
            reason: None,
            summary: None,
            followups: &[],
            on: None,
            closure: None,
        };
        store.change_stage(id, &c, d(day)).expect("advance");
    }
    drop(store);
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "> y");
    to_field(&mut app, "achieved");
    type_text(&mut app, "back at work");
    to_field(&mut app, "supports");
    type_text(&mut app, "sister");
    to_field(&mut app, "closure");
    press(&mut app, "<Space> <Space>");
    to_field(&mut app, "closure_note");
    type_text(&mut app, "to her sister's town");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
    let c = f.store().client_detail(id).expect("detail").closures;
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].event, c[0].reason),
        (ClosureEvent::Termination, ClosureReason::Moved)
    );
    assert_eq!(c[0].note.as_deref(), Some("to her sister's town"));
}

#[test]
fn progress_dated_before_intake_is_refused_on_the_field_and_earlier_days_are_kept() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    // A client with a goal and an intake date.
    let (row, intake) = (0..app.caseload.len())
        .find_map(|i| {
            let id = app.caseload[i].id;
            let d = f.store().client_detail(id).ok()?;
            (!d.goals.is_empty()).then_some(())?;
            Some((i, d.client.intake_date?))
        })
        .expect("a client with goals and an intake date");
    focus(&mut app, Pane::Caseload);
    press(&mut app, "<Home>");
    for _ in 0..row {
        press(&mut app, "j");
    }
    focus(&mut app, Pane::Goals);
    press(&mut app, "p");
    type_text(&mut app, "4");
    to_field(&mut app, "date");
    clear_field(&mut app);
    let early = (intake - chrono::Duration::days(1)).to_string();
    type_text(&mut app, &early);
    press(&mut app, "<C-s>");
    let date = top_form(&app).field("date").expect("date");
    assert!(
        date.error
            .as_deref()
            .unwrap_or("")
            .contains("before the intake date"),
        "{date:?}"
    );
    assert_eq!(date.input.text(), early);
    clear_field(&mut app);
    type_text(&mut app, "2026-11-20");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
    let goals = app.detail.as_ref().expect("client").goals.clone();
    assert!(
        goals.iter().any(|g| g
            .progress
            .iter()
            .any(|p| p.date == d("2026-11-20") && p.value == 4.0)),
        "the back-dated record is there with its date"
    );
}
