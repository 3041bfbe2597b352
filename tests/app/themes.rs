//! Every shipped theme at 80x24, styles and all: the snapshots hold the
//! buffer's colours and modifiers cell run by cell run, not only its text.

use crate::fixture::Fixture;
use crate::keys::press;
use casework::app::App;
use casework::ui::theme::SHIPPED;
use casework::ui::{Theme, render_to_buffer};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// The demo with its second client flagged in crisis (the marker, the
/// caseload row) and the safety plan closed again.
fn crisis_app(f: &Fixture) -> App {
    let mut app = f.app();
    press(&mut app, "j C y");
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    app
}

fn cells_with(buf: &Buffer, text: &str) -> Vec<(u16, u16)> {
    let mut at = Vec::new();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = row.find(text) {
            // Cells are one column per char here (the marker is ASCII).
            let x = row[..i].chars().count() as u16;
            at.extend((0..text.len() as u16).map(|d| (x + d, y)));
        }
    }
    at
}

#[test]
fn each_shipped_theme_at_80x24_with_its_styles() {
    let f = Fixture::demo(30, 200);
    let app = crisis_app(&f);
    for (name, _) in SHIPPED {
        let theme = Theme::shipped(name, true).unwrap().unwrap();
        let buf = render_to_buffer(&app, &theme, 80, 24);
        insta::assert_snapshot!(format!("theme_{name}_80x24"), format!("{buf:?}"));
    }
}

#[test]
fn the_default_theme_draws_frames_in_the_terminals_own_colours_and_crisis_in_red() {
    let f = Fixture::demo(30, 200);
    let app = crisis_app(&f);
    let buf = render_to_buffer(&app, &Theme::builtin(true), 80, 24);
    // The caseload pane's top-left corner and the Stages pane's title:
    // the terminal's own foreground and background, whatever they are.
    let corner = &buf[(0, 1)];
    assert_eq!(
        (corner.fg, corner.bg),
        (Color::Reset, Color::Reset),
        "{corner:?}"
    );
    let title = cells_with(&buf, "Stages");
    assert!(!title.is_empty());
    for (x, y) in title {
        let c = &buf[(x, y)];
        assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{c:?}");
        assert!(c.modifier.contains(Modifier::BOLD), "{c:?}");
    }
    let marker = cells_with(&buf, "CRISIS");
    assert!(!marker.is_empty(), "no crisis marker");
    for (x, y) in marker {
        let c = &buf[(x, y)];
        assert_eq!(c.fg, Color::Red, "{c:?}");
        assert!(c.modifier.contains(Modifier::BOLD | Modifier::REVERSED));
    }
    // No cell anywhere is yellow, white or gray text.
    for c in buf.content() {
        assert!(
            !matches!(
                c.fg,
                Color::Yellow | Color::LightYellow | Color::White | Color::Gray | Color::DarkGray
            ),
            "{c:?}"
        );
    }
}

#[test]
fn no_color_leaves_no_colour_in_any_cell_of_any_theme() {
    let f = Fixture::demo(30, 200);
    let app = crisis_app(&f);
    for (name, _) in SHIPPED {
        let theme = Theme::shipped(name, false).unwrap().unwrap();
        let buf = render_to_buffer(&app, &theme, 80, 24);
        for c in buf.content() {
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{name}: {c:?}");
        }
        // The selection still shows.
        assert!(
            buf.content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED))
        );
    }
}
