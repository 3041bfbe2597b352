//! ASCII mode: every main view and overlay, at 80x24 and 120x40, drawn
//! with not one byte above 0x7F (a Linux console font, a C locale).

use crate::fixture::{Fixture, today};
use crate::keys::{focus, press, type_text};
use casework::app::{App, Pane};
use casework::config::{Config, Glyphs};
use casework::domain::ChecklistTemplate;
use casework::ui::{Theme, render_and_report};

fn ascii_app(f: &Fixture) -> App {
    let config = Config {
        glyphs: Glyphs::Ascii,
        ..Config::default()
    };
    App::new(f.store(), ChecklistTemplate::builtin(), config, today()).unwrap()
}

/// Draw at both sizes; fail on any byte above 0x7F. Returns the 120x40 screen.
fn all_ascii(app: &mut App, what: &str) -> String {
    let mut wide = String::new();
    for (w, h) in [(80, 24), (120, 40)] {
        let s = render_and_report(app, &Theme::builtin(true), w, h);
        if let Some((i, c)) = s.char_indices().find(|(_, c)| !c.is_ascii()) {
            let line = s[..i].matches('\n').count();
            panic!("{what} at {w}x{h}: {c:?} on line {line}\n{s}");
        }
        wide = s;
    }
    wide
}

#[test]
fn every_main_view_and_overlay_is_ascii_only() {
    let f = Fixture::demo(30, 200);
    let mut app = ascii_app(&f);
    // The unicode screen has plenty to fold: the test can fail.
    let unicode = f.app();
    let plain = casework::ui::render_to_text(&unicode, &Theme::builtin(true), 120, 40);
    assert!(!plain.is_ascii());

    let main = all_ascii(&mut app, "main");
    assert!(
        main.contains('+') && main.contains('|') && main.contains('-'),
        "{main}"
    );
    // A client in crisis: the confirm, then the marker and the safety plan.
    press(&mut app, "j C");
    assert!(!app.overlays.is_empty());
    all_ascii(&mut app, "confirm crisis");
    press(&mut app, "y");
    all_ascii(&mut app, "safety plan after crisis");
    press(&mut app, "<Esc>");
    assert!(all_ascii(&mut app, "crisis header").contains("CRISIS"));
    for pane in Pane::ALL {
        focus(&mut app, pane);
        all_ascii(&mut app, &format!("{pane:?} focused"));
        press(&mut app, "z");
        all_ascii(&mut app, &format!("{pane:?} zoomed"));
        press(&mut app, "z");
    }
    focus(&mut app, Pane::Caseload);
    for (keys, what) in [
        ("?", "help"),
        ("t", "today"),
        ("w", "workload"),
        ("!", "safety plan"),
        ("a", "new client form"),
        ("e", "edit client form"),
    ] {
        press(&mut app, keys);
        assert!(!app.overlays.is_empty(), "{what} did not open");
        all_ascii(&mut app, what);
        press(&mut app, "<Esc>");
        while !app.overlays.is_empty() {
            press(&mut app, "<Esc>");
        }
    }
    press(&mut app, "/ a");
    all_ascii(&mut app, "filter");
    press(&mut app, "<Esc>");
    focus(&mut app, Pane::Stages);
    press(&mut app, "<Enter>");
    all_ascii(&mut app, "stage history");
    press(&mut app, "<Esc>");
    focus(&mut app, Pane::Goals);
    press(&mut app, "<Enter>");
    assert!(!app.overlays.is_empty(), "goal detail did not open");
    all_ascii(&mut app, "goal detail with its chart");
    press(&mut app, "<Esc>");
    focus(&mut app, Pane::Notes);
    press(&mut app, "<Enter>");
    all_ascii(&mut app, "note reader");
    press(&mut app, "<Esc>");
    press(&mut app, "/");
    type_text(&mut app, "client");
    all_ascii(&mut app, "note search");
    press(&mut app, "<Esc>");
    // Typing that is not ASCII shows folded; what is saved is untouched.
    press(&mut app, "n");
    type_text(&mut app, "Zoë said the café — “fine” ✓ 日本");
    let editor = all_ascii(&mut app, "note editor");
    assert!(
        editor.contains("Zoe said the cafe - \"fine\" x ? ?"),
        "{editor}"
    );
    press(&mut app, "<Esc>");
    all_ascii(&mut app, "leave the note?");
    press(&mut app, "d");
    press(&mut app, "<C-o>");
    assert!(app.is_locked());
    all_ascii(&mut app, "lock screen");
}
