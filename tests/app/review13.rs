//! Found reviewing issue 13 (reading the whole record): a goal's SMART
//! wording in privacy mode, tabs in a note, and the too-small screen's
//! advice with an overlay open.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture::{Fixture, today};
use crate::keys::{focus, press};
use casework::app::{App, Overlay, Pane};
use casework::domain::{Goal, GoalStatus, NoteMeta};
use casework::store::clients::ClientFields;
use casework::ui::{Theme, render_and_report};

fn look(app: &mut App, w: u16, h: u16) -> String {
    render_and_report(app, &Theme::builtin(false), w, h)
}

/// One client, Ada Quartey, with a goal whose SMART wording names her and
/// a note whose scores were pasted from a spreadsheet (tab-separated).
fn ada() -> Fixture {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = store
        .add_client(
            &ClientFields {
                name: "Ada Quartey".into(),
                ..ClientFields::default()
            },
            today(),
        )
        .expect("client");
    store
        .add_goal(&Goal {
            id: 0,
            client_id: id,
            client_words: "I want my own flat".into(),
            smart: Some("Quartey will view three flats by March".into()),
            measure: None,
            unit: None,
            baseline: None,
            target: None,
            due: None,
            status: GoalStatus::Active,
            progress: Vec::new(),
            range_min: None,
            range_max: None,
            error: None,
        })
        .expect("goal");
    store
        .create_note(
            id,
            &NoteMeta::new(today()),
            "Scores today:\nPHQ-9\t14\nGAD-7\t9",
            None,
        )
        .expect("note");
    f
}

#[test]
fn privacy_hides_the_client_name_in_a_goals_smart_wording() {
    let f = ada();
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "<Enter>");
    assert!(matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))));
    let shown = look(&mut app, 120, 40);
    assert!(shown.contains("Quartey will view"), "{shown}");
    app.privacy = true;
    let hidden = look(&mut app, 120, 40);
    assert!(!hidden.contains("Quartey"), "{hidden}");
    assert!(hidden.contains("will view three flats"), "{hidden}");
}

#[test]
fn a_tab_in_a_note_keeps_the_words_apart_in_the_reader_and_preview() {
    let f = ada();
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    let preview = look(&mut app, 120, 40);
    // Dropped, the tab would read "PHQ-914": a score of 14 lost in a name.
    assert!(!preview.contains("PHQ-914"), "{preview}");
    assert!(preview.contains("PHQ-9   14"), "{preview}");
    press(&mut app, "<Enter>");
    let reader = look(&mut app, 80, 24);
    assert!(!reader.contains("GAD-79"), "{reader}");
    assert!(reader.contains("GAD-7   9"), "{reader}");
}

#[test]
fn too_small_with_an_overlay_open_does_not_offer_a_key_that_would_be_typed() {
    let f = ada();
    let mut app = f.app();
    // Zoom is offered in the panes, where the key zooms.
    let s = look(&mut app, 70, 20);
    assert!(s.contains("Press z"), "{s}");
    // (Keys other than zoom and quit do nothing while it is too small.)
    look(&mut app, 80, 24);
    focus(&mut app, Pane::Notes);
    press(&mut app, "n");
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));
    let s = look(&mut app, 70, 20);
    assert!(s.contains("needs at least 80 x 24"), "{s}");
    // In the editor z is a letter of the note: following the advice would
    // type it, unseen, into the client's record.
    assert!(!s.contains("Press z"), "{s}");
}

#[test]
fn a_long_status_message_is_cut_with_a_mark_and_the_help_key_stays() {
    let f = ada();
    let mut app = f.app();
    app.status = Some(
        "Could not open the draft for writing just now (database is locked); \
         it is safe. Try again in a moment."
            .into(),
    );
    let s = look(&mut app, 80, 24);
    let bar = s.lines().last().expect("a hint bar");
    assert!(bar.trim_end().ends_with("? help"), "{bar}");
    assert!(bar.contains('…'), "{bar}");
    // Wide enough, the whole message shows beside the help key.
    let s = look(&mut app, 120, 40);
    let bar = s.lines().last().expect("a hint bar");
    assert!(bar.contains("Try again in a moment. │"), "{bar}");
    assert!(bar.contains("? help"), "{bar}");
}
