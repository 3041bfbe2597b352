//! Moving an unsigned note to another client through the keymap: `m` in
//! Notes, a picker that narrows as a name is typed and tells two clients
//! of one name apart by `#id`, a question naming both and the goals that
//! go, then one move. Signed notes are refused with their route.

use crate::fixture;
use crate::keys::{focus, press, type_text};

use casework::app::{App, Overlay, Pane};
use casework::domain::{Goal, GoalStatus, NoteFormat, NoteKind, NoteMeta};
use casework::store::Store;
use casework::store::clients::ClientFields;
use fixture::{Fixture, d, screen, today};

fn add(store: &mut Store, name: &str) -> i64 {
    let fields = ClientFields {
        name: name.into(),
        intake_date: Some(d("2026-10-01")),
        ..ClientFields::default()
    };
    store.add_client(&fields, today()).expect("add client")
}

struct Setup {
    f: Fixture,
    ada: i64,
    sams: [i64; 2],
    unsigned: i64,
    signed: i64,
}

/// Ada has two notes: an unsigned one (today, naming her goal) that was
/// really about the second Sam Lee, and a signed one (earlier). Zed is
/// archived.
fn setup() -> Setup {
    let f = Fixture::empty();
    let mut store = f.store();
    let ada = add(&mut store, "Ada Quartey");
    let sam1 = add(&mut store, "Sam Lee");
    let sam2 = add(&mut store, "Sam Lee");
    let zed = add(&mut store, "Zed Archer");
    store.set_archived(zed, true).expect("archive");
    let goal = Goal {
        id: 0,
        client_id: ada,
        client_words: "Keep the flat".into(),
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
    let g = store.add_goal(&goal).expect("goal");
    let mut old = NoteMeta::new(d("2026-11-01"));
    old.kind = NoteKind::PHONE;
    old.format = NoteFormat::Free;
    let signed = store
        .create_note(ada, &old, "Ada called about rent.", None)
        .expect("note");
    store.sign_note(signed).expect("sign");
    let mut m = NoteMeta::new(today());
    m.kind = NoteKind::PHONE;
    m.format = NoteFormat::Free;
    m.goal_ids = vec![g];
    let unsigned = store
        .create_note(ada, &m, "Sam said the boiler is fixed.", None)
        .expect("note");
    Setup {
        f,
        ada,
        sams: [sam1, sam2],
        unsigned,
        signed,
    }
}

/// The app with Ada selected and the Notes pane focused on her newest note.
fn app_on_ada(s: &Setup) -> App {
    let mut app = s.f.app();
    let at = app
        .caseload
        .iter()
        .position(|c| c.id == s.ada)
        .expect("Ada listed");
    for _ in 0..at {
        press(&mut app, "j");
    }
    focus(&mut app, Pane::Notes);
    assert_eq!(app.selected_note().map(|n| n.id), Some(s.unsigned));
    app
}

fn notes_of(s: &Setup, client: i64) -> Vec<i64> {
    let store = s.f.store();
    let d = store.client_detail(client).expect("detail");
    d.notes.iter().map(|n| n.id).collect()
}

#[test]
fn an_unsigned_note_moves_to_the_client_picked_by_name_and_id() {
    let s = setup();
    let mut app = app_on_ada(&s);
    press(&mut app, "m");
    let Some(Overlay::ClientPicker(p)) = app.overlays.last() else {
        panic!("picker: {:?} {:?}", app.overlays, app.status);
    };
    // Ada herself and archived Zed are not offered.
    let offered: Vec<i64> = p.clients.iter().map(|c| c.id).collect();
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert!(offered.iter().all(|id| s.sams.contains(id)));
    let picker = screen(&app, 80, 24);
    assert!(picker.contains(&format!("#{}", s.sams[0])), "{picker}");
    assert!(picker.contains(&format!("#{}", s.sams[1])), "{picker}");
    assert!(!picker.contains("Zed"), "{picker}");
    insta::assert_snapshot!("move_note_picker_80x24", picker);

    // Typing narrows (j and k are letters of names here); the arrow picks
    // the second Sam Lee.
    type_text(&mut app, "sam");
    press(&mut app, "<Down>");
    let Some(Overlay::ClientPicker(p)) = app.overlays.last() else {
        panic!("picker");
    };
    assert_eq!(p.selected().map(|c| c.id), Some(s.sams[1]));
    press(&mut app, "<Enter>");
    let Some(Overlay::Confirm(q)) = app.overlays.last() else {
        panic!("question: {:?}", app.overlays);
    };
    assert!(
        q.question.contains(&format!("(#{})", s.sams[1])),
        "{}",
        q.question
    );
    assert!(q.question.contains("cleared"), "{}", q.question);
    insta::assert_snapshot!("move_note_confirm_80x24", screen(&app, 80, 24));
    press(&mut app, "y");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Moved the note"), "{status}");
    assert!(status.contains("cleared"), "{status}");
    assert_eq!(notes_of(&s, s.ada), [s.signed]);
    assert_eq!(notes_of(&s, s.sams[1]), [s.unsigned]);
    assert!(notes_of(&s, s.sams[0]).is_empty());
    // Ada's list on screen no longer holds it.
    assert_eq!(app.selected_note().map(|n| n.id), Some(s.signed));
}

#[test]
fn esc_and_no_leave_the_note_where_it_is() {
    let s = setup();
    let mut app = app_on_ada(&s);
    press(&mut app, "m <Esc>");
    assert!(app.overlays.is_empty());
    press(&mut app, "m <Enter> n");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::ClientPicker(_))),
        "no goes back to the picker"
    );
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    assert_eq!(notes_of(&s, s.ada), [s.unsigned, s.signed]);
}

#[test]
fn a_signed_note_is_refused_with_its_route() {
    let s = setup();
    let mut app = app_on_ada(&s);
    press(&mut app, "j");
    assert_eq!(app.selected_note().map(|n| n.id), Some(s.signed));
    press(&mut app, "m");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("addendum"), "{status}");
    assert_eq!(notes_of(&s, s.ada), [s.unsigned, s.signed]);
}

/// Another session signs the note while this one has the question on
/// screen: yes moves nothing and says why.
#[test]
fn a_note_signed_in_another_session_meanwhile_is_not_moved() {
    let s = setup();
    let mut app = app_on_ada(&s);
    press(&mut app, "m <Enter>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    s.f.store()
        .sign_note(s.unsigned)
        .expect("the other session signs");
    press(&mut app, "y");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Not moved"), "{status}");
    assert!(status.contains("signed this note"), "{status}");
    assert_eq!(notes_of(&s, s.ada), [s.unsigned, s.signed]);
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
}
