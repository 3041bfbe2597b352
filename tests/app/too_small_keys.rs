//! While the terminal is too small (only "casework needs at least 80 x 24"
//! on screen, not zoomed), keys must not act on what cannot be seen: Space
//! does not tick a hidden checklist item, `y` does not answer a hidden
//! question, letters are not typed into a hidden note. Zoom still works,
//! and once the screen fits again, keys do too.

use crate::fixture::Fixture;
use crate::keys::{focus, press, type_text};
use casework::app::{App, Overlay, Pane};
use casework::ui::{Theme, render_and_report};

fn look(app: &mut App, w: u16, h: u16) -> String {
    render_and_report(app, &Theme::builtin(false), w, h)
}

fn ticks(f: &Fixture, id: i64) -> usize {
    let d = f.store().client_detail(id).expect("detail");
    d.marks.iter().filter(|m| m.done_on.is_some()).count()
}

#[test]
fn space_ticks_nothing_and_y_answers_nothing_while_too_small() {
    let f = Fixture::demo(3, 6);
    let mut app = f.app();
    let id = app.selected_client().expect("client").id;
    focus(&mut app, Pane::Stages);
    look(&mut app, 120, 40);
    // The selected item is open (Space would tick it).
    let before = ticks(&f, id);
    let s = look(&mut app, 70, 20);
    assert!(s.contains("needs at least 80 x 24"), "{s}");
    press(&mut app, "<Space>");
    assert_eq!(ticks(&f, id), before, "a hidden item was ticked");
    press(&mut app, "j k > <Tab> n");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert_eq!(app.focus, Pane::Stages);

    // A question asked at full size, then the terminal shrinks: y does nothing.
    look(&mut app, 120, 40);
    focus(&mut app, Pane::Caseload);
    while app.selected_client().is_some_and(|c| c.crisis) {
        press(&mut app, "j");
    }
    let id = app.selected_client().expect("client").id;
    press(&mut app, "C");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    look(&mut app, 70, 20);
    press(&mut app, "y");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm(_))),
        "the hidden question was answered"
    );
    let crisis = |f: &Fixture| f.store().client_detail(id).expect("detail").client.crisis;
    assert!(!crisis(&f));
    // Back to a size that shows it: now y answers.
    look(&mut app, 80, 24);
    press(&mut app, "y");
    assert!(crisis(&f), "{:?}", app.status);
}

#[test]
fn typing_into_a_hidden_editor_is_dropped_and_zoom_still_works() {
    let f = Fixture::demo(3, 6);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "n");
    let body = |app: &App| match app.overlays.last() {
        Some(Overlay::Editor(e)) => e.body(),
        other => panic!("editor: {other:?}"),
    };
    let empty = body(&app);
    look(&mut app, 70, 20);
    type_text(&mut app, "unseen words");
    assert_eq!(body(&app), empty);
    press(&mut app, "<Esc>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Editor(_))));

    // In the panes, z zooms, which fits 70 x 20; keys act again.
    let mut app = f.app();
    look(&mut app, 70, 20);
    press(&mut app, "z");
    assert!(app.zoom);
    let s = look(&mut app, 70, 20);
    assert!(!s.contains("needs at least"), "{s}");
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Stages);
}
