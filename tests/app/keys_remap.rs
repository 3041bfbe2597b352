//! keys.toml: a user's keys drive the app through the keymap, and the
//! help, the hint bar and the messages name the user's keys.

use crate::fixture::{Fixture, screen};
use crate::keys::{focus, press};
use casework::app::Pane;
use casework::keymap;
use std::path::Path;

const EMACS_ISH: &str = "\
[everywhere]
move_down = [\"Ctrl-N\", \"Down\"]
move_up = [\"Ctrl-P\", \"Up\"]
[caseload]
add_client = \"+\"
[goals]
add_goal = \"N\"
";

#[test]
fn a_remap_from_keys_toml_drives_the_app_and_is_what_help_and_hints_show() {
    let table = casework::keymap_file::parse(EMACS_ISH, Path::new("keys.toml")).unwrap();
    // (This test's thread only: other tests keep the defaults.)
    keymap::install(Box::leak(table.into_boxed_slice()));
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    assert_eq!(app.cursor(Pane::Caseload), 0);
    press(&mut app, "<C-n> <C-n>");
    assert_eq!(app.cursor(Pane::Caseload), 2);
    press(&mut app, "<C-p>");
    assert_eq!(app.cursor(Pane::Caseload), 1);
    // The old key no longer moves.
    press(&mut app, "j");
    assert_eq!(app.cursor(Pane::Caseload), 1);
    press(&mut app, "<Down>");
    assert_eq!(app.cursor(Pane::Caseload), 2);
    let main = screen(&app, 120, 40);
    let hints = main.lines().last().unwrap().to_string();
    assert!(hints.contains("+ add"), "{hints}");
    assert!(hints.contains("Ctrl-N move"), "{hints}");
    press(&mut app, "?");
    let help = screen(&app, 120, 40);
    assert!(help.contains("Ctrl-N Down"), "{help}");
    assert!(!help.contains("j Down"), "{help}");
    press(&mut app, "<Esc>");
    // `a` is nothing in the caseload now; `+` adds a client.
    press(&mut app, "a");
    assert!(app.overlays.is_empty());
    press(&mut app, "+");
    assert!(!app.overlays.is_empty(), "+ opens the new client form");
    press(&mut app, "<Esc>");
    while !app.overlays.is_empty() {
        press(&mut app, "<Esc>");
    }
    // Messages name the user's key.
    assert_eq!(
        keymap::key_for(
            casework::app::Action::AddGoal,
            keymap::Context::Pane(Pane::Goals)
        ),
        "N"
    );
    focus(&mut app, Pane::Goals);
    let goals = screen(&app, 120, 40);
    assert!(!goals.contains("with a."), "{goals}");
}
