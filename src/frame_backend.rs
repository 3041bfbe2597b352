//! The backend the terminal draws through. Ratatui finds the cells that
//! changed; this sends them in fewer bytes than ratatui's own crossterm
//! backend does, and each frame in one write (`frame_writer`).
//!
//! Where the bytes went (`j` in a 5,000-client caseload at 120x40: about
//! 2.5 KB, most of it the new client's panes, which do change):
//! - a jump over unchanged cells between two changes on a row (the space
//!   between two changed words) costs 6 to 8 bytes; a short run of plain
//!   unchanged cells in the style already set is printed again instead,
//!   at a byte each;
//! - a change of style was one sequence per attribute plus one for the
//!   colours, some twice; here it is one sequence, the shorter of "change
//!   what differs" and "reset, then set";
//! - each frame ended with four resets (20 bytes) and hid the hidden
//!   cursor again; here one reset, only if the style is not plain, and
//!   the cursor is hidden or shown only when it changes.
//!
//! Nothing is erased in place (ECH, `CSI n X`): the terminfo of screen and
//! tmux does not promise it, and a terminal that ignored it would leave
//! the last client's words on screen. Blanks are printed.
//!
//! Colours are written as crossterm writes them (`38;5;N` even for the
//! 16 basic ones), so the screen looks exactly as before: some terminals
//! brighten bold text in the short basic codes.

use crate::frame_writer::FrameWriter;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Unchanged cells printed again rather than jumped over: at most this
/// many (a jump is never longer).
const MAX_REPRINT: u16 = 8;

/// Parameters in one SGR sequence at most: old terminals keep 16.
const MAX_SGR_PARAMS: usize = 16;

pub struct FrameBackend<W: Write> {
    out: FrameWriter<W>,
    /// What the terminal shows, from the frames sent since it was last
    /// cleared: rows of cells; a cell past them is blank (ratatui diffs
    /// against the same).
    shown: Vec<Vec<Cell>>,
    /// False after something this does not follow cell by cell (a partial
    /// clear, lines appended): then nothing is printed again from `shown`
    /// until the next full clear.
    known: bool,
    /// Whether the cursor shows, if known.
    cursor_shown: Option<bool>,
}

/// The style the terminal draws with.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            // Ratatui's crossterm backend never sends HIDDEN; nor does this.
            modifier: cell.modifier - Modifier::HIDDEN,
        }
    }
}

/// The cursor to column `x`, row `y`.
fn jump(x: u16, y: u16) -> String {
    format!("\x1b[{};{}H", y + 1, x + 1)
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: W) -> Self {
        FrameBackend {
            out: FrameWriter::new(out),
            shown: Vec::new(),
            known: true,
            cursor_shown: None,
        }
    }

    pub fn begin_frame(&mut self) {
        self.out.begin_frame();
    }

    pub fn end_frame(&mut self) -> io::Result<()> {
        self.out.end_frame()
    }

    pub fn writer(&self) -> &W {
        self.out.get_ref()
    }

    fn shown_at(&self, x: u16, y: u16) -> Option<&Cell> {
        self.shown.get(usize::from(y))?.get(usize::from(x))
    }

    fn remember(&mut self, x: u16, y: u16, cell: &Cell) {
        let (x, y) = (usize::from(x), usize::from(y));
        if self.shown.len() <= y {
            self.shown.resize_with(y + 1, Vec::new);
        }
        let row = &mut self.shown[y];
        if row.len() <= x {
            row.resize(x + 1, Cell::EMPTY);
        }
        row[x] = cell.clone();
    }

    /// The unchanged cells from `from` up to `to` on row `y`, if printing
    /// them again with `pen` is safe and shorter than `jump` bytes.
    fn reprint(&self, y: u16, from: u16, to: u16, pen: Pen, jump: usize) -> Option<String> {
        if !self.known || to - from > MAX_REPRINT || usize::from(to - from) >= jump {
            return None;
        }
        let blank = Cell::EMPTY;
        let mut text = String::new();
        for x in from..to {
            let cell = self.shown_at(x, y).unwrap_or(&blank);
            let sym = cell.symbol();
            // One plain character wide by every reckoning, in the same style.
            let plain = sym.len() == 1 && sym.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
            if !plain || cell.skip || Pen::of(cell) != pen {
                return None;
            }
            text.push_str(sym);
        }
        Some(text)
    }
}

impl<W: Write> Write for FrameBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut cells: Vec<(u16, u16, &Cell)> = content.collect();
        cover_after(&mut cells);
        let mut pen = Pen::PLAIN;
        // Where the next character printed lands, when that is certain.
        let mut at: Option<(u16, u16)> = None;
        // Whether the last character printed was ASCII: only then is a gap
        // after it printed again rather than jumped over. A character of
        // ambiguous width (↑ │ …) a terminal draws two columns wide would
        // carry its shift through the reprint, where a jump puts it right.
        let mut after_ascii = false;
        let mut bytes = String::new();
        let mut i = 0;
        while let Some(&(x, y, cell)) = cells.get(i) {
            if at != Some((x, y)) {
                let to = jump(x, y);
                let again = match at {
                    Some((ax, ay)) if ay == y && ax < x && after_ascii => {
                        self.reprint(y, ax, x, pen, to.len())
                    }
                    _ => None,
                };
                bytes.push_str(again.as_deref().unwrap_or(&to));
            }
            let next = Pen::of(cell);
            if next != pen {
                sgr(&mut bytes, pen, next);
                pen = next;
            }
            let sym = cell.symbol();
            bytes.push_str(sym);
            // After a character of any width but one, place the next
            // explicitly: terminals disagree about some widths.
            at = (sym.width() == 1).then_some((x + 1, y));
            after_ascii = sym.is_ascii();
            self.remember(x, y, cell);
            i += 1;
        }
        if pen != Pen::PLAIN {
            bytes.push_str("\x1b[0m");
        }
        self.out.write_all(bytes.as_bytes())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.known = false;
        for _ in 0..n {
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            queue!(self.out, cursor::Hide)?;
            self.cursor_shown = Some(false);
        }
        self.out.flush()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            queue!(self.out, cursor::Show)?;
            self.cursor_shown = Some(true);
        }
        self.out.flush()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        let (x, y) = cursor::position()?;
        Ok(Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        queue!(self.out, cursor::MoveTo(x, y))?;
        self.out.flush()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    /// A full clear is also where the terminal is taken back (after a
    /// suspend, or the external editor): the cursor's state is not known.
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use terminal::ClearType as C;
        let what = match clear_type {
            ClearType::All => C::All,
            ClearType::AfterCursor => C::FromCursorDown,
            ClearType::BeforeCursor => C::FromCursorUp,
            ClearType::CurrentLine => C::CurrentLine,
            ClearType::UntilNewLine => C::UntilNewLine,
        };
        queue!(self.out, terminal::Clear(what))?;
        if clear_type == ClearType::All {
            self.shown.clear();
            self.known = true;
            self.cursor_shown = None;
        } else {
            self.known = false;
        }
        self.out.flush()
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A wide emoji (one with VS16, U+FE0F) comes from ratatui with updates of
/// the cells it covers, so that a terminal drawing it one column wide
/// leaves nothing old beside it. Sent after the emoji they would erase it
/// on a terminal drawing it two columns wide (writing into half of a wide
/// character clears all of it); sent before it, both terminals are right.
fn cover_after(cells: &mut [(u16, u16, &Cell)]) {
    let mut i = 0;
    while i < cells.len() {
        let (x, y, cell) = cells[i];
        let width = u16::try_from(cell.symbol().width()).unwrap_or(u16::MAX);
        let covered = cells[i + 1..]
            .iter()
            .take_while(|&&(cx, cy, _)| cy == y && cx > x && cx - x < width)
            .count();
        cells[i..=i + covered].rotate_left(1);
        i += covered + 1;
    }
}

/// SGR codes of the modifiers in `m`, in a fixed order.
fn modifier_codes(m: Modifier, codes: &mut Vec<String>) {
    const CODES: [(Modifier, &str); 8] = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (bit, code) in CODES {
        if m.contains(bit) {
            codes.push(code.into());
        }
    }
}

/// A colour's SGR parameters; `base` is 38 (foreground), 48 (background)
/// or 58 (underline), whose default is `base + 1`.
fn colour(c: Color, base: u8) -> String {
    let index = match c {
        Color::Reset => return (base + 1).to_string(),
        Color::Rgb(r, g, b) => return format!("{base};2;{r};{g};{b}"),
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
    format!("{base};5;{index}")
}

/// What takes the terminal from `from` to `to`: the parameters that
/// change what differs, or reset and set, whichever is shorter.
fn sgr(out: &mut String, from: Pen, to: Pen) {
    let mut change = Vec::new();
    let removed = from.modifier - to.modifier;
    let mut added = to.modifier - from.modifier;
    let intensity = Modifier::BOLD | Modifier::DIM;
    let blink = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    // 22 ends bold and dim both, 25 both blinks: what stays is set again.
    for (group, off) in [(intensity, "22"), (blink, "25")] {
        if removed.intersects(group) {
            change.push(off.to_string());
            added |= to.modifier & group;
        }
    }
    for (bit, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(bit) {
            change.push(off.to_string());
        }
    }
    modifier_codes(added, &mut change);
    for (a, b, base) in [
        (from.fg, to.fg, 38),
        (from.bg, to.bg, 48),
        (from.underline, to.underline, 58),
    ] {
        if a != b {
            change.push(colour(b, base));
        }
    }
    if !removed.is_empty() {
        let mut reset = vec!["0".to_string()];
        modifier_codes(to.modifier, &mut reset);
        for (c, base) in [(to.fg, 38), (to.bg, 48), (to.underline, 58)] {
            if c != Color::Reset {
                reset.push(colour(c, base));
            }
        }
        if reset.join(";").len() < change.join(";").len() {
            change = reset;
        }
    }
    // In sequences of at most MAX_SGR_PARAMS parameters each.
    let mut params = 0;
    for (i, item) in change.iter().enumerate() {
        let n = item.split(';').count();
        if i == 0 {
            out.push_str("\x1b[");
        } else if params + n > MAX_SGR_PARAMS {
            out.push_str("m\x1b[");
            params = 0;
        } else {
            out.push(';');
        }
        out.push_str(item);
        params += n;
    }
    if !change.is_empty() {
        out.push('m');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Stylize;
    use ratatui::text::Line;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    fn term() -> Terminal<FrameBackend<Vec<u8>>> {
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 20, 2)),
        };
        Terminal::with_options(FrameBackend::new(Vec::new()), options).expect("terminal")
    }

    /// What one frame of `line` sent.
    fn frame(term: &mut Terminal<FrameBackend<Vec<u8>>>, line: Line<'static>) -> String {
        let before = term.backend().writer().len();
        term.backend_mut().begin_frame();
        term.draw(|f| f.render_widget(line, f.area()))
            .expect("draw");
        term.backend_mut().end_frame().expect("sent");
        let sent = &term.backend().writer()[before..];
        String::from_utf8_lossy(sent)
            .trim_start_matches("\x1b[?2026h")
            .trim_end_matches("\x1b[?2026l")
            .to_string()
    }

    #[test]
    fn a_space_between_two_changed_words_is_printed_not_jumped() {
        let mut t = term();
        frame(&mut t, Line::from("one two three"));
        // Nothing changed: nothing sent (the cursor is hidden already).
        assert_eq!(frame(&mut t, Line::from("one two three")), "");
        assert_eq!(
            frame(&mut t, Line::from("ONE TWO three")),
            "\x1b[1;1HONE TWO"
        );
        // A long unchanged stretch is jumped over.
        assert_eq!(
            frame(&mut t, Line::from("one TWO three FOUR")),
            "\x1b[1;1Hone\x1b[1;15HFOUR"
        );
    }

    #[test]
    fn a_gap_after_a_character_that_is_not_ascii_is_jumped_over() {
        let mut t = term();
        frame(&mut t, Line::from("→ab c"));
        // After "↑" (one column here, two on some terminals) the gap is
        // jumped over, so a terminal that drew it wide is put right.
        assert_eq!(frame(&mut t, Line::from("↑ab C")), "\x1b[1;1H↑\x1b[1;5HC");
        // After an ASCII character the same gap is printed again.
        frame(&mut t, Line::from("xab c"));
        assert_eq!(frame(&mut t, Line::from("yab C")), "\x1b[1;1Hyab C");
    }

    #[test]
    fn the_cells_a_wide_emoji_covers_are_sent_before_it() {
        let mut t = term();
        frame(&mut t, Line::from("abcd"));
        // Ratatui updates the covered cell too (a blank where "b" was):
        // sent first, so a terminal that draws the emoji two wide keeps it.
        assert_eq!(
            frame(&mut t, Line::from("\u{2764}\u{FE0F}cd")),
            "\x1b[1;2H \x1b[1;1H\u{2764}\u{FE0F}"
        );
    }

    #[test]
    fn a_style_change_is_one_sequence_and_the_frame_ends_plain_once() {
        let mut t = term();
        frame(&mut t, Line::from("ab"));
        let line = Line::from(vec!["a".bold().red(), "b".dim().red()]);
        // Bold off (22) ends dim too; red stays.
        assert_eq!(
            frame(&mut t, line),
            "\x1b[1;1H\x1b[1;38;5;1ma\x1b[22;2mb\x1b[0m"
        );
        // From bold italic red to plain: a reset is shorter than undoing
        // each; and the frame ends plain, so no reset after it.
        let line = Line::from(vec!["a".bold().italic().red(), "b".into()]);
        assert_eq!(frame(&mut t, line), "\x1b[1;1H\x1b[1;3;38;5;1ma\x1b[0mb");
    }
}
