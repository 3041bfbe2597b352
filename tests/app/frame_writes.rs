//! What the terminal is sent: each frame in one write, however big, cursor
//! and all; and what the terminal then shows is the frame, cell for cell
//! and style for style, however few bytes it took. The app's real frames
//! go through the backend the program uses (`terminal::backend`), over a
//! writer shaped like stdout (a `LineWriter`, which on its own writes
//! every 1 KiB).

use crate::fixture::Fixture;
use crate::keys::press;
use casework::app::{App, Drawn, Msg};
use casework::frame_writer::{BEGIN_SYNC, END_SYNC};
use casework::terminal;
use casework::ui::{self, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, LineWriter, Write};
use std::sync::{Arc, Mutex};

/// The writes that reach the terminal, each as it came.
#[derive(Clone, Default)]
struct Writes(Arc<Mutex<Vec<Vec<u8>>>>);

impl Writes {
    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    fn since(&self, n: usize) -> Vec<Vec<u8>> {
        self.0.lock().unwrap()[n..].to_vec()
    }
}

impl Write for Writes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().push(buf.to_vec());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<terminal::Backend<LineWriter<Writes>>>;

fn term(writes: &Writes, width: u16, height: u16) -> Term {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    Terminal::with_options(terminal::backend(LineWriter::new(writes.clone())), options).unwrap()
}

/// Draw the app as the event loop draws it: the writes this frame made,
/// and the frame.
fn frame(term: &mut Term, writes: &Writes, app: &mut App, theme: &Theme) -> (Vec<Vec<u8>>, Buffer) {
    let before = writes.count();
    let mut drawn = Drawn::default();
    let mut buffer = Buffer::empty(Rect::default());
    terminal::draw(term, false, |f| {
        drawn = ui::draw(f, app, theme);
        buffer = f.buffer_mut().clone();
    })
    .unwrap();
    let _ = app.update(Msg::Drawn(drawn));
    (writes.since(before), buffer)
}

#[test]
fn every_frame_leaves_in_one_write_cursor_and_all() {
    let fx = Fixture::demo(40, 400);
    let mut app = fx.app();
    let theme = Theme::builtin(true);
    let writes = Writes::default();
    let mut term = term(&writes, 120, 40);

    let (first, _) = frame(&mut term, &writes, &mut app, &theme);
    assert_eq!(first.len(), 1, "the first frame in {} writes", first.len());
    assert!(
        first[0].len() > 4 * 1024,
        "a whole screen is several times stdout's 1 KiB ({} bytes)",
        first[0].len()
    );
    assert!(first[0].starts_with(BEGIN_SYNC) && first[0].ends_with(END_SYNC));

    // A key that opens another client.
    assert!(press(&mut app, "j"));
    let (moved, _) = frame(&mut term, &writes, &mut app, &theme);
    assert_eq!(moved.len(), 1, "j drawn in {} writes", moved.len());

    // The filter shows the cursor: shown and placed in the same write.
    assert!(press(&mut app, "/ a"));
    let (typed, _) = frame(&mut term, &writes, &mut app, &theme);
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

/// After a resize the terminal may have scrolled or kept rows the cells
/// sent so far do not account for: the next frame clears the screen and
/// sends every cell again, still in one write, so whatever the terminal
/// showed, it then shows the frame.
#[test]
fn a_frame_drawn_afresh_leaves_nothing_of_what_the_terminal_showed() {
    let fx = Fixture::demo(40, 400);
    let mut app = fx.app();
    let theme = Theme::builtin(true);
    let writes = Writes::default();
    let mut term = term(&writes, 120, 40);
    let (_, buffer) = frame(&mut term, &writes, &mut app, &theme);
    let (again, _) = frame(&mut term, &writes, &mut app, &theme);
    assert!(again.is_empty(), "nothing changed, nothing sent");

    let before = writes.count();
    terminal::draw(&mut term, true, |f| {
        ui::draw(f, &app, &theme);
    })
    .unwrap();
    let afresh = writes.since(before);
    assert_eq!(afresh.len(), 1, "drawn afresh in {} writes", afresh.len());
    assert!(afresh[0].starts_with(BEGIN_SYNC) && afresh[0].ends_with(END_SYNC));
    // A terminal showing another client's words in every cell.
    let mut parser = vt100::Parser::new(40, 120, 0);
    for row in 0..40 {
        parser.process(format!("\x1b[{};1H{}", row + 1, "Other Client ".repeat(10)).as_bytes());
    }
    parser.process(&afresh[0]);
    assert_eq!(first_difference(parser.screen(), &buffer), None);
}

/// The same frame through ratatui's own backend over stdout's buffer, as
/// before: several writes (the test above would fail there).
#[test]
fn without_it_the_same_frame_leaves_in_pieces() {
    let fx = Fixture::demo(40, 400);
    let app = fx.app();
    let theme = Theme::builtin(true);
    let writes = Writes::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    };
    let mut term = Terminal::with_options(
        CrosstermBackend::new(LineWriter::new(writes.clone())),
        options,
    )
    .unwrap();
    term.draw(|f| {
        ui::draw(f, &app, &theme);
    })
    .unwrap();
    assert!(writes.count() > 4, "{} writes", writes.count());
}

/// What a terminal shows for a colour ratatui asked for. Written out here
/// rather than taken from the backend's own table: a wrong entry there
/// must show up as a difference, not be agreed with.
fn as_shown(c: Color) -> vt100::Color {
    let index = match c {
        Color::Reset => return vt100::Color::Default,
        Color::Rgb(r, g, b) => return vt100::Color::Rgb(r, g, b),
        Color::Indexed(i) => i,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    vt100::Color::Idx(index)
}

/// Bold, dim, or neither. `vt100` keeps one intensity, as some terminals
/// do: bold and dim together show as the one set last.
fn same_intensity(cell: &vt100::Cell, m: Modifier) -> bool {
    let (bold, dim) = (m.contains(Modifier::BOLD), m.contains(Modifier::DIM));
    if bold && dim {
        cell.bold() || cell.dim()
    } else {
        (cell.bold(), cell.dim()) == (bold, dim)
    }
}

/// The first cell where the terminal shows something else than the frame.
fn first_difference(screen: &vt100::Screen, frame: &Buffer) -> Option<String> {
    for y in 0..frame.area.height {
        let mut x = 0;
        while x < frame.area.width {
            let want = &frame[(x, y)];
            let got = screen.cell(y, x)?;
            // A cell never printed shows nothing; a printed space, " ".
            let shown = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            let m = want.modifier;
            // A blank's colour, weight and slant do not show.
            let blank = want.symbol() == " ";
            let same = shown == want.symbol()
                && (blank || got.fgcolor() == as_shown(want.fg))
                && got.bgcolor() == as_shown(want.bg)
                && (blank || same_intensity(got, m))
                && (blank || got.italic() == m.contains(Modifier::ITALIC))
                && got.underline() == m.contains(Modifier::UNDERLINED)
                && got.inverse() == m.contains(Modifier::REVERSED);
            if !same {
                return Some(format!(
                    "at ({x}, {y}): shown {:?} fg {:?} bg {:?} bold {} dim {} inverse {}, \
                     the frame has {:?} {:?}",
                    got.contents(),
                    got.fgcolor(),
                    got.bgcolor(),
                    got.bold(),
                    got.dim(),
                    got.inverse(),
                    want.symbol(),
                    want.style()
                ));
            }
            x += if got.is_wide() { 2 } else { 1 };
        }
    }
    None
}

/// Keys that change much and little: clients, panes, Today, the filter,
/// help, zoom, and back.
const WALK: &[&str] = &[
    "j",
    "j",
    "k",
    "<End>",
    "<Home>",
    "<Tab>",
    "j",
    "<Tab>",
    "j",
    "<Tab>",
    "j",
    "<Esc>",
    "t",
    "j",
    "j",
    "<Esc>",
    "/ a",
    "n",
    "<Backspace>",
    "<Esc>",
    "<Esc>",
    "?",
    "<Esc>",
    "z",
    "z",
    "w",
    "<Esc>",
    "j",
];

fn walk_shows_every_frame_exactly(theme: &Theme, width: u16, height: u16) {
    let fx = Fixture::demo(40, 400);
    let mut app = fx.app();
    let writes = Writes::default();
    let mut term = term(&writes, width, height);
    let mut parser = vt100::Parser::new(height, width, 0);
    let (sent, buffer) = frame(&mut term, &writes, &mut app, theme);
    parser.process(&sent.concat());
    assert_eq!(
        first_difference(parser.screen(), &buffer),
        None,
        "first frame"
    );
    for keys in WALK {
        press(&mut app, keys);
        let (sent, buffer) = frame(&mut term, &writes, &mut app, theme);
        parser.process(&sent.concat());
        if let Some(d) = first_difference(parser.screen(), &buffer) {
            panic!("after {keys:?} at {width}x{height}: {d}");
        }
    }
}

#[test]
fn what_the_terminal_shows_is_the_frame_after_every_key() {
    walk_shows_every_frame_exactly(&Theme::builtin(true), 120, 40);
    walk_shows_every_frame_exactly(&Theme::builtin(true), 80, 24);
    let light = Theme::shipped("light", true)
        .expect("a light theme")
        .unwrap();
    walk_shows_every_frame_exactly(&light, 120, 40);
}
