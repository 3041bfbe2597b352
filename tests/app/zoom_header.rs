//! The client header, zoom, the caseload title's counts and the screen
//! for terminals below the size the split screen needs.

use crate::fixture::{Fixture, screen};
use crate::keys::press;
use casework::app::Pane;
use casework::ui::{MIN_HEIGHT, MIN_WIDTH, Theme, render_to_buffer};
use ratatui::style::Modifier;

/// Row `y` of a screen.
fn row(s: &str, y: usize) -> &str {
    s.lines().nth(y).unwrap_or("")
}

/// The header's row (the first, on the right of the caseload) as text, and
/// whether its CRISIS marker is drawn reversed and bold without colour.
fn crisis_marker_reversed(app: &casework::app::App, width: u16, height: u16) -> bool {
    let buf = render_to_buffer(app, &Theme::builtin(false), width, height);
    let line: String = (0..width)
        .map(|x| buf[(x, 0)].symbol().to_string())
        .collect();
    let Some(at) = line.find("CRISIS") else {
        return false;
    };
    let x = u16::try_from(line[..at].chars().count()).unwrap();
    (x..x + 6).all(|x| {
        let m = buf[(x, 0)].modifier;
        m.contains(Modifier::REVERSED) && m.contains(Modifier::BOLD)
    })
}

#[test]
fn z_zooms_the_focused_pane_to_the_whole_main_area_and_back() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let split = screen(&app, 80, 24);
    assert!(row(&split, 1).contains("Stages"), "{split}");
    press(&mut app, "z");
    assert!(app.zoom);
    let s = screen(&app, 80, 24);
    // The caseload's border spans the whole width, under the header.
    assert!(row(&s, 1).starts_with("┏ Caseload [zoom · z back]"), "{s}");
    assert!(row(&s, 1).ends_with('┓'), "{s}");
    assert!(
        row(&s, 22).starts_with('┗') && row(&s, 22).ends_with('┛'),
        "{s}"
    );
    assert!(!s.contains("Stages") && !s.contains("Notes"), "{s}");
    // Tab moves the zoom on with the focus: each pane in turn has it all.
    for pane in [Pane::Stages, Pane::Goals, Pane::Notes] {
        press(&mut app, "<Tab>");
        let s = screen(&app, 80, 24);
        let title = format!("┏ {} [zoom · z back]", pane.title());
        assert!(row(&s, 1).starts_with(&title), "{s}");
        assert!(
            row(&s, 1).ends_with('┓') && row(&s, 22).ends_with('┛'),
            "{s}"
        );
        assert!(!s.contains("Caseload"), "{s}");
    }
    press(&mut app, "z");
    assert!(!app.zoom);
    assert_eq!(app.focus, Pane::Notes);
    let back = screen(&app, 80, 24);
    assert!(
        back.contains("Caseload") && back.contains("Stages"),
        "{back}"
    );
}

#[test]
fn zoomed_panes_move_and_scroll() {
    let f = Fixture::demo(60, 400);
    let mut app = f.app();
    press(&mut app, "z");
    // The caseload shows more rows zoomed at 120x40 than the split does,
    // and moving past the first screenful scrolls.
    casework::ui::render_and_report(&mut app, &Theme::builtin(false), 120, 40);
    press(&mut app, "<PgDn>");
    assert!(
        app.cursor(Pane::Caseload) >= 30,
        "{}",
        app.cursor(Pane::Caseload)
    );
    let s = screen(&app, 120, 40);
    assert!(s.contains('▸'), "{s}");
    press(&mut app, "g <Tab> <Tab> <Tab> j");
    assert_eq!(app.cursor(Pane::Notes), 1);
    // The preview has the zoomed pane's room: more rows than the split's.
    let zoomed = screen(&app, 80, 24);
    press(&mut app, "z");
    let split = screen(&app, 80, 24);
    // "lines 1–N of M": how many lines of the note the preview shows.
    let shown = |s: &str| -> usize {
        let at = s.find("lines 1–").expect("a position") + "lines 1–".len();
        s[at..].split(' ').next().unwrap().parse().unwrap()
    };
    assert!(shown(&zoomed) >= 2 * shown(&split), "{zoomed}\n{split}");
}

#[test]
fn zoomed_panes_at_80x24_and_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "z");
    for pane in Pane::ALL {
        while app.focus != pane {
            press(&mut app, "<Tab>");
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("zoomed_{}_{w}x{h}", pane.title().to_lowercase());
            insta::assert_snapshot!(name, screen(&app, w, h));
        }
    }
}

#[test]
fn the_header_shows_crisis_when_the_client_is_flagged_with_c() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "j");
    let name = app.selected_client().unwrap().name.clone();
    assert!(!app.selected_client().unwrap().crisis);
    let before = screen(&app, 80, 24);
    assert!(!row(&before, 0).contains("CRISIS"), "{before}");
    assert!(!crisis_marker_reversed(&app, 80, 24));
    press(&mut app, "C y");
    assert!(app.detail.as_ref().unwrap().client.crisis);
    // Marking crisis opens the safety plan; the header is under it.
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    let s = screen(&app, 80, 24);
    assert!(row(&s, 0).contains(" CRISIS "), "{s}");
    // Reversed and bold with NO_COLOR: not colour alone.
    assert!(crisis_marker_reversed(&app, 80, 24));
    assert!(crisis_marker_reversed(&app, 120, 40));
    let wide = screen(&app, 120, 40);
    assert!(row(&wide, 0).contains(&name), "{wide}");
    insta::assert_snapshot!("header_crisis_80x24", s);
    insta::assert_snapshot!("header_crisis_120x40", wide);
    // Zoomed, the header stays, marker and all.
    press(&mut app, "z");
    assert!(row(&screen(&app, 80, 24), 0).contains(" CRISIS "));
    assert!(crisis_marker_reversed(&app, 80, 24));
}

#[test]
fn the_header_in_privacy_mode_shows_initials() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let name = app.selected_client().unwrap().name.clone();
    let first = name.split_whitespace().next().unwrap().to_string();
    assert!(row(&screen(&app, 120, 40), 0).contains(&name));
    press(&mut app, "P");
    assert!(app.privacy);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&app, w, h);
        let head = row(&s, 0);
        assert!(!head.contains(&first), "{head}");
        assert!(
            head.contains(&casework::ui::privacy::initials(&name)),
            "{head}"
        );
        assert!(head.contains(" CRISIS "), "{head}");
        insta::assert_snapshot!(format!("header_privacy_{w}x{h}"), s);
    }
}

#[test]
fn the_editor_title_has_the_crisis_marker_for_a_client_in_crisis() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    assert!(app.selected_client().unwrap().crisis);
    press(&mut app, "n");
    let s = screen(&app, 80, 24);
    assert!(row(&s, 0).contains(" CRISIS "), "{s}");
    assert!(crisis_marker_reversed(&app, 80, 24));
    insta::assert_snapshot!("editor_crisis_80x24", s);
    // Not for a client who is not in crisis.
    press(&mut app, "<Esc>");
    let _ = press(&mut app, "d");
    press(&mut app, "j n");
    assert!(!app.selected_client().unwrap().crisis);
    let s = screen(&app, 80, 24);
    assert!(s.contains("New note"), "{s}");
    assert!(!row(&s, 0).contains("CRISIS"), "{s}");
}

#[test]
fn caseload_title_counts_are_never_cut() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    app.load.open = 5000;
    app.load.crisis = 123;
    app.load.overdue_clients = 1285;
    for (w, h) in [(80, 24), (100, 30), (120, 40), (160, 50)] {
        let s = screen(&app, w, h);
        // The caseload's top border, left of the client's header.
        let title = row(&s, 0).split('┓').next().unwrap();
        assert!(title.contains("1285"), "{w}: {title}");
        assert!(title.contains("123"), "{w}: {title}");
        insta::assert_snapshot!(format!("caseload_title_{w}x{h}"), title);
    }
    press(&mut app, "z");
    let s = screen(&app, 80, 24);
    assert!(row(&s, 1).contains("1285 overdue"), "{s}");
}

#[test]
fn below_the_minimum_the_screen_says_so_at_every_size() {
    let f = Fixture::demo(5, 20);
    let mut app = f.app();
    for zoomed in [false, true] {
        for w in 1..=MIN_WIDTH {
            for h in 1..=MIN_HEIGHT {
                let s = screen(&app, w, h);
                let small = w < MIN_WIDTH || h < MIN_HEIGHT;
                let (mw, mh) = casework::ui::min_size(zoomed);
                let too_small = w < mw || h < mh;
                if too_small {
                    let want = casework::ui::too_small_text(w, h, zoomed);
                    // Every word of the message is whole on the screen.
                    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(flat, want, "{w}x{h}\n{s}");
                    if w >= 20 && h >= 5 {
                        assert!(flat.contains(&format!("{mw}")), "{w}x{h}\n{s}");
                    }
                    if w >= 24 && h >= 6 {
                        assert!(flat.contains("needs"), "{w}x{h}\n{s}");
                    }
                } else {
                    assert!(!small || zoomed, "{w}x{h}");
                    assert!(s.contains("zoom"), "{w}x{h}\n{s}");
                }
            }
        }
        press(&mut app, "z");
    }
    assert!(!app.zoom);
    insta::assert_snapshot!("too_small_79x23", screen(&app, 79, 23));
    insta::assert_snapshot!("too_small_50x12", screen(&app, 50, 12));
    insta::assert_snapshot!("too_small_20x5", screen(&app, 20, 5));
    let s = screen(&app, 79, 23);
    assert!(
        s.contains("casework needs at least 80 x 24; this terminal is 79 x 23."),
        "{s}"
    );
    assert!(s.contains("Press z"), "{s}");
    // Zoomed, 79x23 is enough for one pane.
    press(&mut app, "z");
    assert!(screen(&app, 79, 23).contains("Caseload [zoom"));
}
