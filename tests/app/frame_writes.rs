//! A frame reaches the terminal in one write, however big, cursor and all:
//! the app's real frames at 120x40 drawn through the backend the program
//! uses (`terminal::backend`), over a writer shaped like stdout (a
//! `LineWriter`, which on its own writes every 1 KiB).

use crate::fixture::Fixture;
use crate::keys::press;
use casework::app::{App, Drawn, Msg};
use casework::frame_writer::{BEGIN_SYNC, END_SYNC};
use casework::terminal;
use casework::ui::{self, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, LineWriter, Write};

/// The writes that reach the terminal, each as it came.
#[derive(Default)]
struct Writes(Vec<Vec<u8>>);

impl Write for Writes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.push(buf.to_vec());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn options() -> TerminalOptions {
    TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    }
}

/// Draw the app as the event loop draws it; the writes this frame made.
fn frame(
    term: &mut Terminal<terminal::Backend<LineWriter<Writes>>>,
    app: &mut App,
) -> Vec<Vec<u8>> {
    let theme = Theme::builtin(true);
    let before = term.backend().writer().get_ref().get_ref().0.len();
    let mut drawn = Drawn::default();
    terminal::draw(term, |f| drawn = ui::draw(f, app, &theme)).unwrap();
    let _ = app.update(Msg::Drawn(drawn));
    term.backend().writer().get_ref().get_ref().0[before..].to_vec()
}

#[test]
fn every_frame_leaves_in_one_write_cursor_and_all() {
    let fx = Fixture::demo(40, 400);
    let mut app = fx.app();
    let mut term = Terminal::with_options(
        terminal::backend(LineWriter::new(Writes::default())),
        options(),
    )
    .unwrap();

    let first = frame(&mut term, &mut app);
    assert_eq!(first.len(), 1, "the first frame in {} writes", first.len());
    assert!(
        first[0].len() > 4 * 1024,
        "a whole screen is several times stdout's 1 KiB ({} bytes)",
        first[0].len()
    );
    assert!(first[0].starts_with(BEGIN_SYNC) && first[0].ends_with(END_SYNC));

    // A key that opens another client: a frame of a few hundred bytes to a
    // few kilobytes, with the cursor hidden after it.
    assert!(press(&mut app, "j"));
    let moved = frame(&mut term, &mut app);
    assert_eq!(moved.len(), 1, "j drawn in {} writes", moved.len());
    assert!(moved[0].ends_with(&[b"\x1b[?25l".as_slice(), END_SYNC].concat()));

    // The filter shows the cursor: shown and placed in the same write.
    assert!(press(&mut app, "/ a"));
    let typed = frame(&mut term, &mut app);
    assert_eq!(
        typed.len(),
        1,
        "a filter letter drawn in {} writes",
        typed.len()
    );
    let shown = String::from_utf8_lossy(&typed[0]);
    assert!(
        shown.contains("\x1b[?25h"),
        "the cursor is shown in the frame's write"
    );
}

/// The same frames through stdout's own buffer alone, as before: the test
/// above would fail there, one frame making several writes.
#[test]
fn without_it_the_same_frame_leaves_in_pieces() {
    let fx = Fixture::demo(40, 400);
    let mut app = fx.app();
    let theme = Theme::builtin(true);
    let mut term = Terminal::with_options(
        CrosstermBackend::new(LineWriter::new(Writes::default())),
        options(),
    )
    .unwrap();
    let mut drawn = Drawn::default();
    term.draw(|f| drawn = ui::draw(f, &app, &theme)).unwrap();
    let _ = app.update(Msg::Drawn(drawn));
    let writes = term.backend().writer().get_ref().0.len();
    assert!(writes > 4, "{writes} writes");
}
