//! The note editor, drafts, signing and search, driven through `App` the way
//! keys drive it, against a real database file. Screens are snapshots.

use crate::fixture;
use crate::keys::{self, focus, press};

use casework::app::{App, Effect, Msg, Overlay, Pane};
use casework::domain::{NoteFormat, NoteKind};
use casework::ui::{Theme, render_and_report};
use fixture::{Fixture, screen};

/// Type into the editor or the search box: every key must be taken.
fn type_text(app: &mut App, s: &str) {
    assert!(keys::type_text(app, s), "a key of {s:?} was not taken");
}

fn editor_body(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.body(),
        other => panic!("editor not on top: {other:?}"),
    }
}

fn editor_format(app: &App) -> NoteFormat {
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.meta.format,
        other => panic!("editor not on top: {other:?}"),
    }
}

/// The selected client with its demo notes, focus on Notes.
fn notes_app(f: &Fixture) -> App {
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    app
}

#[test]
fn n_opens_the_editor_with_headings_and_ctrl_s_saves_the_note() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    let client = app.selected_client().expect("a client").id;
    let before = app.detail.as_ref().expect("detail").notes.len();
    press(&mut app, "n");
    let body = editor_body(&app);
    let Some(Overlay::Editor(e)) = app.overlays.last() else {
        unreachable!()
    };
    assert_eq!(body, e.meta.format.template(), "pre-filled with headings");
    let format = e.meta.format;

    // Empty notes are not saved.
    press(&mut app, "<C-s>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));

    type_text(&mut app, "Arrived early; calm.");
    press(&mut app, "<F2>");
    assert!(app.update(Msg::Paste("Line one\r\nLine two".into())).redraw);
    press(&mut app, "<C-s>");
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

/// Keys that arrive together (a paste without bracketed paste) go in as
/// one `Msg::Typed` when each of them would have been text: the same note
/// as typing them one by one.
#[test]
fn keys_that_arrive_together_type_what_they_would_one_by_one() {
    let text = "First line, Typed at once;\nsecond line: 42% done!";
    let one = Fixture::demo(5, 30);
    let mut by_key = one.app();
    press(&mut by_key, "n");
    type_text(&mut by_key, text);

    let two = Fixture::demo(5, 30);
    let mut at_once = two.app();
    press(&mut at_once, "n");
    let mut typed = String::new();
    for key in text.chars().map(|c| match c {
        '\n' => keys::keys("<Enter>")[0],
        ' ' => keys::keys("<Space>")[0],
        c => keys::keys(&c.to_string())[0],
    }) {
        typed.push(at_once.typed_char(&key).expect("plain text in the editor"));
    }
    assert_eq!(typed, text);
    assert!(at_once.update(Msg::Typed(typed)).redraw);
    assert_eq!(editor_body(&at_once), editor_body(&by_key));
    assert!(at_once.drafts_pending());

    // Keys with an action here are never text.
    for spec in ["<C-s>", "<Esc>", "<F2>", "<A-k>", "<C-z>", "<Tab>"] {
        let key = keys::keys(spec)[0];
        assert_eq!(at_once.typed_char(&key), None, "{spec}");
    }
}

#[test]
fn typing_becomes_a_draft_that_the_next_start_restores() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    press(&mut app, "j");
    let client = app.selected_client().expect("client").id;
    press(&mut app, "n");
    assert!(!app.draft_pending());
    type_text(&mut app, "She said the new flat is damp.");
    assert!(app.draft_pending());
    let _ = app.update(Msg::DraftsDue);
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
fn ctrl_z_in_the_editor_writes_the_draft_and_suspends() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    press(&mut app, "n");
    type_text(&mut app, "Said she will call the landlord.");
    let body = editor_body(&app);
    assert!(app.drafts_pending());
    let [ctrl_z] = keys::keys("<C-z>")[..] else {
        unreachable!()
    };
    let update = app.on_key(ctrl_z);
    assert_eq!(update.effects, vec![Effect::Suspend], "Ctrl-Z suspends");
    // Written before the program stops, as with any other effect.
    assert!(!app.drafts_pending(), "the draft is written first");
    let drafts = app.store().drafts(fixture::today()).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].body, body);
    // The note stays open, unchanged, for when the program comes back.
    assert_eq!(editor_body(&app), body, "Ctrl-Z typed nothing");
}

#[test]
fn esc_asks_and_keep_or_discard_do_what_they_say() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    // Nothing typed: Esc just closes.
    press(&mut app, "n <Esc>");
    assert!(app.overlays.is_empty());

    press(&mut app, "n");
    type_text(&mut app, "Keep me.");
    press(&mut app, "<Esc>");
    assert!(matches!(app.overlays.last(), Some(Overlay::LeaveNote(_))));
    press(&mut app, "<Esc>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Editor(_))),
        "Esc returns to the note"
    );
    press(&mut app, "<Esc> k");
    assert!(app.overlays.is_empty());
    let drafts = app.store().drafts(fixture::today()).expect("drafts");
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].body.contains("Keep me."));

    // n on the same client reopens it; discarding removes it.
    press(&mut app, "n");
    assert!(editor_body(&app).contains("Keep me."));
    press(&mut app, "<Esc> d");
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
    press(&mut app, "n");
    type_text(&mut app, "Visit went well.");
    press(&mut app, "<C-s>");
    let id = app.selected_note().expect("note").id;

    press(&mut app, "A");
    assert!(app.overlays.is_empty(), "no addendum to an unsigned note");
    press(&mut app, "s");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "n");
    assert!(!app.selected_note().expect("note").is_signed());
    press(&mut app, "s y");
    let note = app.selected_note().expect("note");
    assert_eq!(note.id, id);
    assert!(note.is_signed());

    press(&mut app, "e");
    assert!(
        app.overlays.is_empty(),
        "signed notes do not open for editing"
    );
    assert!(app.status.as_deref().unwrap_or("").contains("addendum"));

    press(&mut app, "A");
    assert_eq!(editor_body(&app), "");
    type_text(&mut app, "Correction: the visit was on Monday.");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm(_))),
        "asks before signing"
    );
    press(&mut app, "y");
    assert!(app.overlays.is_empty());
    let note = app.selected_note().expect("note");
    assert_eq!(note.id, id);
    assert_eq!(note.addenda.len(), 1);
    assert!(note.addenda[0].body.contains("Monday"));
    assert!(note.addenda[0].signed_at.is_some());
}

/// A stored time that is not one (a damaged row, a hand-edited import) is
/// shown as it is stored: the note is not hidden and nothing panics.
#[test]
fn a_note_with_unreadable_times_still_shows_them_as_stored() {
    let f = Fixture::demo(5, 30);
    let client = f.app().selected_client().expect("client").id;
    let conn = rusqlite::Connection::open(&f.path).expect("open");
    conn.execute(
        "INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at,
            signed_at)
         VALUES (?1, 'session', 'free', 'odd times', '2026-11-23', 'x', 'x',
            '2026-11-16T14:00:00+02:00')",
        [client],
    )
    .expect("a note with odd times");
    let note = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO addenda (note_id, body, created_at, signed_at)
         VALUES (?1, 'a correction', 'garbage', '2026-11-17T09:30:00Z')",
        [note],
    )
    .expect("an addendum with an odd time");
    drop(conn);

    let app = notes_app(&f);
    let shown = app.selected_note().expect("note");
    assert_eq!(shown.id, note);
    assert_eq!(shown.created_at.unreadable(), Some("x"));
    let s = screen(&app, 120, 40);
    assert!(s.contains("signed 2026-11-16T14:00:00+02:00"), "{s}");
    assert!(
        s.contains("Addendum, written garbage, signed 2026-11-17 09:30 UTC"),
        "{s}"
    );
}

#[test]
fn details_form_and_pickers_set_the_notes_details() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    press(&mut app, "n <F4>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    press(&mut app, "<Tab>");
    type_text(&mut app, "9:05");
    press(&mut app, "<Tab>");
    // The duration starts as last used; clear it first.
    press(&mut app, "<C-u>");
    type_text(&mut app, "1h30");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Editor(_))),
        "{:?}",
        app.overlays.last()
    );
    press(&mut app, "<F5> j <Space> <Esc> <F3>");
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
        press(&mut app, "j");
    }
    let client = app.selected_client().expect("client").id;
    press(&mut app, "n");
    type_text(&mut app, "Talked about the allotment and the marrows.");
    press(&mut app, "<C-s> <Home>");
    focus(&mut app, Pane::Notes);
    press(&mut app, "<Home>");

    press(&mut app, "/");
    type_text(&mut app, "marr");
    let Some(Overlay::Search(s)) = app.overlays.last() else {
        panic!("search on top")
    };
    assert_eq!(s.hits.len(), 1);
    press(&mut app, "<Enter>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.selected_client().map(|c| c.id), Some(client));
    assert_eq!(app.focus, Pane::Notes);
    assert!(app.selected_note().expect("note").body.contains("marrows"));
}

// ---- screens ---------------------------------------------------------------

fn editor_with_typing(f: &Fixture) -> App {
    let mut app = f.app();
    press(&mut app, "n");
    let Some(Overlay::Editor(e)) = app.overlays.last_mut() else {
        panic!("editor")
    };
    // Fixed details, so the screen does not depend on the demo's last note.
    e.meta.kind = NoteKind::HOME_VISIT;
    e.meta.session_time = Some("14:30".into());
    e.meta.duration_min = Some(50);
    e.meta.techniques = vec![
        "active_listening".into(),
        "motivational_interviewing".into(),
    ];
    while editor_format(&app) != NoteFormat::Soap {
        press(&mut app, "<F3>");
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
    press(&mut app, "<F6> <Space>");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn leaving_with_typing_asks_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = editor_with_typing(&f);
    press(&mut app, "<Esc>");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

fn search_for(f: &Fixture, q: &str) -> App {
    let mut app = notes_app(f);
    press(&mut app, "/");
    type_text(&mut app, q);
    app
}

#[test]
fn search_overlay_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = search_for(&f, "benefits rev");
    press(&mut app, "<Down>");
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
    press(&mut app, "n");
    for i in 1..=40 {
        type_text(&mut app, &format!("Line {i} of a long note.\n"));
    }
    press(&mut app, "<C-s>");
    // Drawn as the terminal would, so a page is what the preview shows.
    let look = |app: &mut App| render_and_report(app, &Theme::builtin(false), 120, 40);
    let top = look(&mut app);
    assert!(
        top.contains("Line 1 of") && !top.contains("Line 40 of"),
        "{top}"
    );
    press(&mut app, "<PgDn>");
    let s = look(&mut app);
    assert_ne!(top, s);
    for _ in 0..10 {
        press(&mut app, "<PgDn>");
        look(&mut app);
    }
    let end = look(&mut app);
    assert!(
        end.contains("Line 40 of") && !end.contains("Line 2 of"),
        "{end}"
    );
    assert!(!press(&mut app, "<PgDn>"), "nothing below the end");
    insta::assert_snapshot!(end);
}

fn editor_meta(app: &App) -> casework::domain::NoteMeta {
    match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.meta.clone(),
        other => panic!("editor not on top: {other:?}"),
    }
}

/// Close an editor holding nothing but its headings (no question asked).
fn close_blank_editor(app: &mut App) {
    press(app, "<Esc>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays.last());
}

/// Issue 14: a routine note for one client opened as CRISIS with "crisis
/// intervention" ticked because the note before was another client's.
#[test]
fn a_new_note_never_inherits_another_clients_crisis_nor_its_own() {
    let f = Fixture::demo(3, 0);
    let mut app = f.app();
    let a = app.selected_client().expect("client A").id;
    // Client B first: a phone call, so B has habits of its own.
    press(&mut app, "j");
    let b = app.selected_client().expect("client B").id;
    assert_ne!(a, b);
    press(&mut app, "n");
    assert_eq!(editor_meta(&app).kind, NoteKind::SESSION, "config default");
    press(&mut app, "<F2>");
    assert_eq!(editor_meta(&app).kind, NoteKind::PHONE);
    type_text(&mut app, "Rang about the housing form.");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved: {:?}", app.status);

    // Client A: a crisis, with crisis intervention ticked, written last.
    focus(&mut app, Pane::Caseload);
    press(&mut app, "k");
    assert_eq!(app.selected_client().expect("A").id, a);
    press(&mut app, "n");
    while editor_meta(&app).kind != NoteKind::CRISIS {
        press(&mut app, "<F2>");
    }
    press(&mut app, "<F5> j j <Space> <Enter>");
    assert_eq!(editor_meta(&app).techniques, ["crisis_intervention"]);
    type_text(&mut app, "Called the crisis team.");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved: {:?}", app.status);
    let crisis = app.selected_note().expect("A's note");
    assert_eq!(crisis.kind, NoteKind::CRISIS);

    // B's next note follows B's last (phone), not A's crisis.
    focus(&mut app, Pane::Caseload);
    press(&mut app, "j");
    assert_eq!(app.selected_client().expect("B").id, b);
    press(&mut app, "n");
    let m = editor_meta(&app);
    assert_eq!(m.kind, NoteKind::PHONE);
    assert!(m.techniques.is_empty(), "{:?}", m.techniques);
    close_blank_editor(&mut app);

    // A's next note is not a crisis either, and nothing is pre-ticked.
    press(&mut app, "k");
    assert_eq!(app.selected_client().expect("A").id, a);
    press(&mut app, "n");
    let m = editor_meta(&app);
    assert_eq!(
        m.kind,
        NoteKind::SESSION,
        "the configured kind after a crisis"
    );
    assert!(
        !m.techniques.iter().any(|t| t == "crisis_intervention"),
        "{:?}",
        m.techniques
    );
    close_blank_editor(&mut app);

    // The third client's first note: the configured defaults.
    press(&mut app, "j j");
    let c = app.selected_client().expect("C").id;
    assert!(c != a && c != b);
    press(&mut app, "n");
    let m = editor_meta(&app);
    assert_eq!((m.kind, m.techniques.len()), (NoteKind::SESSION, 0));
}

/// Issue 14: note kinds come from the vocabulary file, which ships
/// "supervision" after the seven kinds before it; F2 reaches it, it saves
/// and the Notes pane shows it; one more F2 goes round to session.
#[test]
fn f2_cycles_the_kind_through_the_vocabulary_to_supervision_and_it_saves() {
    let f = Fixture::demo(2, 0);
    let mut app = f.app();
    press(&mut app, "n");
    assert_eq!(editor_meta(&app).kind, NoteKind::SESSION);
    press(&mut app, "<F2> <F2> <F2> <F2> <F2> <F2>");
    assert_eq!(editor_meta(&app).kind, NoteKind::CONSULTATION);
    press(&mut app, "<F2>");
    assert_eq!(editor_meta(&app).kind, NoteKind::SUPERVISION);
    assert!(screen(&app, 80, 24).contains("supervision"));
    press(&mut app, "<F2>");
    assert_eq!(editor_meta(&app).kind, NoteKind::SESSION, "round again");
    press(&mut app, "<F2> <F2> <F2> <F2> <F2> <F2> <F2>");
    type_text(&mut app, "Went through the case with my supervisor.");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved: {:?}", app.status);
    assert_eq!(
        app.selected_note().expect("the note").kind,
        NoteKind::SUPERVISION
    );
    assert!(screen(&app, 120, 40).contains("supervision"));
}
