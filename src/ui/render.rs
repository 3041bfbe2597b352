//! Drawing a whole screen into text, without a terminal: for snapshot tests
//! and the screenshots in the repository.

use super::{Theme, draw};
use crate::app::{App, Drawn, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The screen as cells with their styles.
pub fn render_to_buffer(app: &App, theme: &Theme, width: u16, height: u16) -> Buffer {
    draw_to_buffer(app, theme, width, height).0
}

fn draw_to_buffer(app: &App, theme: &Theme, width: u16, height: u16) -> (Buffer, Drawn) {
    // The test backend cannot fail: its error type is uninhabited.
    let Ok(mut term) = Terminal::new(TestBackend::new(width, height));
    let mut drawn = Drawn::default();
    let Ok(_) = term.draw(|f| drawn = draw(f, app, theme));
    (term.backend().buffer().clone(), drawn)
}

/// Draw as the event loop does: the app hears what the frame showed (so
/// paging and scrolling know the size of each view). Returns the screen.
pub fn render_and_report(app: &mut App, theme: &Theme, width: u16, height: u16) -> String {
    let (buf, drawn) = draw_to_buffer(app, theme, width, height);
    let _ = app.update(Msg::Drawn(drawn));
    buffer_text(&buf)
}

/// The screen as `height` lines of exactly `width` cells each.
pub fn render_to_text(app: &App, theme: &Theme, width: u16, height: u16) -> String {
    buffer_text(&render_to_buffer(app, theme, width, height))
}

fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            // A wide character fills two cells; its second cell is blank.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
