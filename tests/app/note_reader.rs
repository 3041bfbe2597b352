//! The note reader (Enter in Notes) and the Notes preview: paging through a
//! long note shows every line, a page keeps one line of the page before,
//! and "lines a–b of n" says what is on screen.

use crate::fixture::{self, Fixture};
use crate::keys::{self, focus, press};
use casework::app::{App, Overlay, Pane};
use casework::domain::NoteFormat;
use casework::ui::{Theme, render_and_report};
use std::collections::BTreeSet;

const LINES: usize = 60;

/// A client whose newest note is "line 01" … "line 60", focus on Notes.
fn numbered_note(f: &Fixture) -> App {
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "n");
    // BIRP whatever the client's last note was: its four headings make the
    // note long enough for the page arithmetic below.
    for _ in 0..NoteFormat::ALL.len() {
        match app.overlays.last() {
            Some(Overlay::Editor(e)) if e.meta.format == NoteFormat::Birp => break,
            _ => press(&mut app, "<F3>"),
        };
    }
    // A first line of its own, so the note list's row is not "line 01".
    let mut body = String::from("Numbered lines follow.\n");
    body.extend((1..=LINES).map(|i| format!("line {i:02}\n")));
    assert!(keys::type_text(&mut app, &body), "typing was taken");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "saved and closed");
    let note = app.selected_note().expect("the new note");
    assert!(note.body.contains("line 01") && note.body.contains("line 60"));
    app
}

fn look(app: &mut App, w: u16, h: u16) -> String {
    render_and_report(app, &Theme::builtin(false), w, h)
}

/// (a, b, n) of the "lines a–b of n" on screen.
fn position(screen: &str) -> (usize, usize, usize) {
    let at = screen
        .match_indices("lines ")
        .map(|(i, _)| i + "lines ".len())
        .find(|&i| screen[i..].starts_with(|c: char| c.is_ascii_digit()))
        .expect("a position on screen");
    let rest = &screen[at..];
    let num = |s: &str| -> (usize, usize) {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.parse().expect("a number"), digits.len())
    };
    let (a, la) = num(rest);
    let rest = rest[la..].strip_prefix('–').expect("a dash");
    let (b, lb) = num(rest);
    let rest = rest[lb..].strip_prefix(" of ").expect("of");
    let (n, _) = num(rest);
    (a, b, n)
}

/// The numbered lines on screen, in screen order.
fn numbered(screen: &str) -> Vec<usize> {
    screen
        .lines()
        .filter_map(|row| {
            let at = row.find("line ")?;
            let digits = row.get(at + 5..at + 7)?;
            digits.parse().ok()
        })
        .collect()
}

/// Page down with `key` until the position stops moving; every screen's
/// numbered lines are contiguous, the next page starts on the last line of
/// the one before, the position matches the lines shown (a hidden last row
/// would break that), and every line 01..60 is seen.
fn page_through(app: &mut App, w: u16, h: u16, key: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut screens = Vec::new();
    let mut header: Option<usize> = None;
    let mut last: Option<(usize, usize, usize)> = None;
    for _ in 0..200 {
        let s = look(app, w, h);
        let (a, b, n) = position(&s);
        let shown = numbered(&s);
        for pair in shown.windows(2) {
            assert_eq!(pair[1], pair[0] + 1, "lines skipped on one screen:\n{s}");
        }
        if let (Some(&lo), Some(&hi)) = (shown.first(), shown.last()) {
            // Rows above "line 01" in the text: the same on every page.
            if lo > 1 {
                let k = a - lo;
                assert_eq!(*header.get_or_insert(k), k, "first row is line a:\n{s}");
            }
            if hi < LINES {
                let k = b - hi;
                assert_eq!(*header.get_or_insert(k), k, "last row is line b:\n{s}");
            }
        }
        if let Some((pa, pb, pn)) = last {
            assert_eq!(pn, n, "the length does not change while paging");
            if (a, b) == (pa, pb) {
                assert_eq!(b, n, "stopped before the end:\n{s}");
                break;
            }
            assert!(a <= pb, "skipped lines {}..{}:\n{s}", pb + 1, a);
            if b < n {
                assert_eq!(a, pb, "a page keeps one line of the last:\n{s}");
            }
        }
        seen.extend(shown);
        screens.push(s);
        last = Some((a, b, n));
        press(app, key);
    }
    let missing: Vec<usize> = (1..=LINES).filter(|i| !seen.contains(i)).collect();
    assert!(missing.is_empty(), "never shown: {missing:?}");
    assert!(
        header.is_some(),
        "the position was checked against the lines"
    );
    screens
}

#[test]
fn enter_opens_the_reader_and_paging_shows_every_line_at_both_sizes() {
    let f = Fixture::demo(5, 30);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = numbered_note(&f);
        // The pane's own Enter: the reader, not the editor.
        press(&mut app, "<Enter>");
        look(&mut app, w, h);
        assert!(
            matches!(app.overlays.last(), Some(Overlay::NoteReader(_))),
            "{:?}",
            app.overlays
        );
        let screens = page_through(&mut app, w, h, "<PgDn>");
        // A page is the text rows less one: the frame, the footer.
        let rows = usize::from(h) - 3;
        let (a, b, _) = position(&screens[0]);
        assert_eq!((a, b), (1, rows), "{}", screens[0]);
        let (a2, _, _) = position(&screens[1]);
        assert_eq!(a2, rows, "the second page starts on the first's last line");
        assert!(screens.len() >= 2, "a 60-line note takes pages at {w}x{h}");

        // Space pages too; Home and End go to the ends; PgUp comes back.
        press(&mut app, "<Home>");
        assert_eq!(position(&look(&mut app, w, h)).0, 1);
        press(&mut app, "<Space>");
        assert_eq!(position(&look(&mut app, w, h)).0, rows);
        press(&mut app, "<PgUp>");
        assert_eq!(position(&look(&mut app, w, h)).0, 1);
        press(&mut app, "<End>");
        let end = look(&mut app, w, h);
        let (_, b, n) = position(&end);
        assert_eq!(b, n, "{end}");
        assert!(end.contains("line 60"), "{end}");
        press(&mut app, "j");
        assert_eq!(look(&mut app, w, h), end, "nothing below the end");
        press(&mut app, "k");
        assert_eq!(position(&look(&mut app, w, h)).1, n - 1);
        press(&mut app, "q");
        assert!(app.overlays.is_empty(), "q closes the reader, not the app");
    }
}

#[test]
fn every_page_of_the_reader_also_covers_the_whole_note_with_space() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    press(&mut app, "<Enter>");
    look(&mut app, 80, 24);
    page_through(&mut app, 80, 24, "<Space>");
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
}

#[test]
fn the_preview_pages_without_skipping_or_hiding_its_last_row() {
    let f = Fixture::demo(5, 30);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = numbered_note(&f);
        let screens = page_through(&mut app, w, h, "<PgDn>");
        assert!(screens.len() > 3, "the preview is short: it takes pages");
    }
}

#[test]
fn a_signed_note_opens_in_the_reader_with_its_addendum_last() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    press(&mut app, "s y");
    assert!(app.selected_note().expect("note").is_signed());
    press(&mut app, "A");
    assert!(keys::type_text(&mut app, "Correction: seen on Monday."));
    press(&mut app, "<C-s> y");
    assert!(app.overlays.is_empty());
    // `e` still refuses a signed note; Enter reads it.
    press(&mut app, "e");
    assert!(app.overlays.is_empty());
    press(&mut app, "<Enter>");
    let top = look(&mut app, 80, 24);
    assert!(top.contains("Signed "), "{top}");
    press(&mut app, "<End>");
    let end = look(&mut app, 80, 24);
    assert!(end.contains("Addendum, written"), "{end}");
    assert!(end.contains("Correction: seen on Monday."), "{end}");
}

#[test]
fn the_reader_masks_the_client_in_privacy_mode() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    let name = app.selected_client().expect("client").name.clone();
    press(&mut app, "<Enter>");
    assert!(look(&mut app, 120, 40).contains(&name));
    app.privacy = true;
    let s = look(&mut app, 120, 40);
    assert!(!s.contains(&name), "{s}");
}

#[test]
fn reader_at_80x24() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    press(&mut app, "<Enter>");
    look(&mut app, 80, 24);
    press(&mut app, "<PgDn>");
    look(&mut app, 80, 24);
    insta::assert_snapshot!(fixture::screen(&app, 80, 24));
}

#[test]
fn reader_at_120x40() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    press(&mut app, "<Enter>");
    look(&mut app, 120, 40);
    insta::assert_snapshot!(fixture::screen(&app, 120, 40));
}

#[test]
fn a_reader_whose_note_is_gone_closes_at_the_next_key() {
    let f = Fixture::demo(5, 30);
    let mut app = numbered_note(&f);
    press(&mut app, "<Enter>");
    assert!(matches!(app.overlays.last(), Some(Overlay::NoteReader(_))));
    app.detail = None;
    press(&mut app, "j");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
}
