//! The note editor, drafts, signing and search, driven through `App` the way
//! keys drive it, against a real database file. Screens are snapshots.

use crate::fixture;

use casework::app::{Action, App, Overlay, Pane};
use casework::domain::{NoteFormat, NoteKind};
use fixture::{Fixture, key, screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        let k = if c == '\n' {
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        } else {
            key(c)
        };
        assert!(app.type_key(k));
    }
}

fn editor_body(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.body(),
        other => panic!("editor not on top: {other:?}"),
    }
}

/// The selected client with its demo notes, focus on Notes.
fn notes_app(f: &Fixture) -> App {
    let mut app = f.app();
    app.focus = Pane::Notes;
    app
}

#[test]
fn n_opens_the_editor_with_headings_and_ctrl_s_saves_the_note() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    let client = app.selected_client().expect("a client").id;
    let before = app.detail.as_ref().expect("detail").notes.len();
    app.update(Action::NewNote);
    let body = editor_body(&app);
    let Some(Overlay::Editor(e)) = app.overlays.last() else {
        unreachable!()
    };
    assert_eq!(body, e.meta.format.template(), "pre-filled with headings");
    let format = e.meta.format;

    // Empty notes are not saved.
    app.update(Action::Save);
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));

    type_text(&mut app, "Arrived early; calm.");
    app.update(Action::CycleKind);
    assert!(app.paste("Line one\r\nLine two"));
    app.update(Action::Save);
    assert!(
        app.overlays.is_empty(),
        "saved and closed: {:?}",
        app.status
    );
    assert_eq!(app.focus, Pane::Notes);
    let detail = app.detail.as_ref().expect("detail");
    assert_eq!(detail.client.id, client);
    assert_eq!(detail.notes.len(), before + 1);
    let note = app.selected_note().expect("the new note is selected");
    assert!(!note.is_signed());
    assert_eq!(note.format, format);
    assert!(
        note.body.contains("Arrived early; calm.Line one\nLine two"),
        "{:?}",
        note.body
    );
    assert!(
        app.store()
            .drafts(fixture::today())
            .expect("drafts")
            .is_empty()
    );
}

#[test]
fn typing_becomes_a_draft_that_the_next_start_restores() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    app.update(Action::MoveDown);
    let client = app.selected_client().expect("client").id;
    app.update(Action::NewNote);
    assert!(!app.draft_pending());
    type_text(&mut app, "She said the new flat is damp.");
    assert!(app.draft_pending());
    assert!(app.flush_draft(), "the draft is written");
    assert!(!app.draft_pending());
    drop(app);

    // As after a kill: a fresh start on the same file.
    let app = f.app();
    assert_eq!(app.selected_client().map(|c| c.id), Some(client));
    let body = editor_body(&app);
    assert!(body.contains("She said the new flat is damp."), "{body}");
    let Some(Overlay::Editor(e)) = app.overlays.last() else {
        unreachable!()
    };
    assert!(
        e.notice.as_deref().unwrap_or("").contains("Restored"),
        "a visible notice: {:?}",
        e.notice
    );
}

#[test]
fn esc_asks_and_keep_or_discard_do_what_they_say() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    // Nothing typed: Esc just closes.
    app.update(Action::NewNote);
    app.update(Action::Back);
    assert!(app.overlays.is_empty());

    app.update(Action::NewNote);
    type_text(&mut app, "Keep me.");
    app.update(Action::Back);
    assert!(matches!(app.overlays.last(), Some(Overlay::LeaveNote)));
    app.update(Action::Back);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Editor(_))),
        "Esc returns to the note"
    );
    app.update(Action::Back);
    app.update(Action::KeepDraft);
    assert!(app.overlays.is_empty());
    let drafts = app.store().drafts(fixture::today()).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].body.contains("Keep me."));

    // n on the same client reopens it; discarding removes it.
    app.update(Action::NewNote);
    assert!(editor_body(&app).contains("Keep me."));
    app.update(Action::Back);
    app.update(Action::DiscardDraft);
    assert!(app.overlays.is_empty());
    assert!(
        app.store()
            .drafts(fixture::today())
            .expect("drafts")
            .is_empty()
    );
}

#[test]
fn signing_asks_then_locks_and_addenda_are_signed_corrections() {
    let f = Fixture::demo(5, 30);
    let mut app = notes_app(&f);
    app.update(Action::NewNote);
    type_text(&mut app, "Visit went well.");
    app.update(Action::Save);
    let id = app.selected_note().expect("note").id;

    app.update(Action::AddAddendum);
    assert!(app.overlays.is_empty(), "no addendum to an unsigned note");
    app.update(Action::SignNote);
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    app.update(Action::No);
    assert!(!app.selected_note().expect("note").is_signed());
    app.update(Action::SignNote);
    app.update(Action::Yes);
    let note = app.selected_note().expect("note");
    assert_eq!(note.id, id);
    assert!(note.is_signed());

    app.update(Action::EditNote);
    assert!(
        app.overlays.is_empty(),
        "signed notes do not open for editing"
    );
    assert!(app.status.as_deref().unwrap_or("").contains("addendum"));

    app.update(Action::AddAddendum);
    assert_eq!(editor_body(&app), "");
    type_text(&mut app, "Correction: the visit was on Monday.");
    app.update(Action::Save);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm(_))),
        "asks before signing"
    );
    app.update(Action::Yes);
    assert!(app.overlays.is_empty());
    let note = app.selected_note().expect("note");
    assert_eq!(note.id, id);
    assert_eq!(note.addenda.len(), 1);
    assert!(note.addenda[0].body.contains("Monday"));
    assert!(note.addenda[0].signed_at.is_some());
}

#[test]
fn details_form_and_pickers_set_the_notes_details() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    app.update(Action::NewNote);
    app.update(Action::NoteDetails);
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    app.update(Action::NextField);
    type_text(&mut app, "9:05");
    app.update(Action::NextField);
    // The duration starts as last used; clear it first.
    app.type_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "1h30");
    app.update(Action::Save);
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Editor(_))),
        "{:?}",
        app.overlays.last()
    );
    app.update(Action::PickTechniques);
    app.update(Action::MoveDown);
    app.update(Action::Toggle);
    app.update(Action::Back);
    app.update(Action::CycleFormat);
    let Some(Overlay::Editor(e)) = app.overlays.last() else {
        panic!("editor on top: {:?}", app.overlays.last())
    };
    assert_eq!(e.meta.session_time.as_deref(), Some("09:05"));
    assert_eq!(e.meta.duration_min, Some(90));
    assert!(e.meta.techniques.contains(&"case_management".to_string()));
    assert_eq!(
        e.body(),
        e.meta.format.template(),
        "headings follow the format"
    );
}

#[test]
fn search_jumps_to_the_client_and_note() {
    let f = Fixture::demo(10, 0);
    let mut app = f.app();
    // A note with a word nobody else uses, on the fourth client.
    for _ in 0..3 {
        app.update(Action::MoveDown);
    }
    let client = app.selected_client().expect("client").id;
    app.update(Action::NewNote);
    type_text(&mut app, "Talked about the allotment and the marrows.");
    app.update(Action::Save);
    app.update(Action::Home);
    app.focus = Pane::Notes;
    app.update(Action::Home);

    app.update(Action::SearchNotes);
    type_text(&mut app, "marr");
    let Some(Overlay::Search(s)) = app.overlays.last() else {
        panic!("search on top")
    };
    assert_eq!(s.hits.len(), 1);
    app.update(Action::OpenResult);
    assert!(app.overlays.is_empty());
    assert_eq!(app.selected_client().map(|c| c.id), Some(client));
    assert_eq!(app.focus, Pane::Notes);
    assert!(app.selected_note().expect("note").body.contains("marrows"));
}

// ---- screens ---------------------------------------------------------------

fn editor_with_typing(f: &Fixture) -> App {
    let mut app = f.app();
    app.update(Action::NewNote);
    let Some(Overlay::Editor(e)) = app.overlays.last_mut() else {
        panic!("editor")
    };
    // Fixed details, so the screen does not depend on the demo's last note.
    e.meta.kind = NoteKind::HomeVisit;
    e.meta.session_time = Some("14:30".into());
    e.meta.duration_min = Some(50);
    e.meta.techniques = vec![
        "active_listening".into(),
        "motivational_interviewing".into(),
    ];
    if e.meta.format != NoteFormat::Soap {
        while e.meta.format != NoteFormat::Soap {
            e.cycle_format();
        }
    }
    type_text(
        &mut app,
        "Met at home. Said the week had been hard but she kept both appointments.",
    );
    app
}

#[test]
fn editor_at_80x24() {
    let f = Fixture::demo(30, 200);
    let app = editor_with_typing(&f);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Subjective:") && s.contains("kept both"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn editor_at_120x40() {
    let f = Fixture::demo(30, 200);
    let app = editor_with_typing(&f);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn editor_goals_picker_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = editor_with_typing(&f);
    app.update(Action::PickGoals);
    app.update(Action::Toggle);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn leaving_with_typing_asks_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = editor_with_typing(&f);
    app.update(Action::Back);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

fn search_for(f: &Fixture, q: &str) -> App {
    let mut app = notes_app(f);
    app.update(Action::SearchNotes);
    type_text(&mut app, q);
    app
}

#[test]
fn search_overlay_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = search_for(&f, "benefits rev");
    app.update(Action::MoveDown);
    let s = screen(&app, 80, 24);
    assert!(s.contains("benefits"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn search_overlay_at_120x40() {
    let f = Fixture::demo(30, 200);
    let app = search_for(&f, "garden");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn search_overlay_with_no_match_at_80x24() {
    let f = Fixture::demo(30, 200);
    let app = search_for(&f, "zebra \"(");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn a_long_note_scrolls_in_the_notes_pane() {
    let f = Fixture::demo(30, 200);
    let mut app = notes_app(&f);
    app.update(Action::NewNote);
    for i in 1..=40 {
        type_text(&mut app, &format!("Line {i} of a long note.\n"));
    }
    app.update(Action::Save);
    let top = screen(&app, 120, 40);
    assert!(
        top.contains("Line 1 of") && !top.contains("Line 40 of"),
        "{top}"
    );
    app.update(Action::ScrollNoteDown);
    app.update(Action::ScrollNoteDown);
    app.update(Action::ScrollNoteDown);
    app.update(Action::ScrollNoteDown);
    let s = screen(&app, 120, 40);
    // Drawing works out where the end is; scroll again to reach it.
    app.update(Action::ScrollNoteDown);
    app.update(Action::ScrollNoteDown);
    app.update(Action::ScrollNoteDown);
    let end = screen(&app, 120, 40);
    assert_ne!(top, s);
    assert!(
        end.contains("Line 40 of") && !end.contains("Line 2 of"),
        "{end}"
    );
    insta::assert_snapshot!(end);
}
