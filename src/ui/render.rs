//! Drawing a whole screen into text, without a terminal: for snapshot tests
//! and the screenshots in the repository.

use super::{Theme, draw};
use crate::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as `height` lines of exactly `width` cells each.
pub fn render_to_text(app: &App, theme: &Theme, width: u16, height: u16) -> String {
    let mut term = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => return format!("cannot render: {e}"),
    };
    if let Err(e) = term.draw(|f| draw(f, app, theme)) {
        return format!("cannot render: {e}");
    }
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut skip = 0;
        for x in 0..width {
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
