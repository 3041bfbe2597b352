//! Where a scrolled view is: "↑ 3 more" / "↓ 12 more" on its border, so a
//! list that does not fit never looks complete. One helper for every list
//! and text view, so they all say it the same way.

use super::Theme;
use crate::app::Seen;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// How many rows (or items) are above and below what `seen` showed.
pub fn hidden(seen: Seen) -> (usize, usize) {
    let above = seen.offset.min(seen.len);
    let shown = seen.rows.min(seen.len - above);
    (above, seen.len - above - shown)
}

/// The words for what is out of view, or `None` when everything shows.
pub fn words(seen: Seen) -> Option<String> {
    match hidden(seen) {
        (0, 0) => None,
        (above, 0) => Some(format!(" ↑ {above} more ")),
        (0, below) => Some(format!(" ↓ {below} more ")),
        (above, below) => Some(format!(" ↑ {above} · ↓ {below} more ")),
    }
}

/// Write the marks into the bottom border under `inner` (the inside of a
/// bordered pane or overlay), at its right. Nothing when all of it shows
/// or there is no border row inside the frame.
pub fn draw(frame: &mut Frame<'_>, inner: Rect, seen: Seen, theme: &Theme) {
    draw_row(
        frame,
        Rect::new(inner.x, inner.bottom(), inner.width, 1),
        seen,
        theme,
    );
}

/// The marks at the right of one row (a rule under a list, say).
pub fn draw_row(frame: &mut Frame<'_>, row: Rect, seen: Seen, theme: &Theme) {
    let Some(text) = words(seen) else { return };
    let y = row.y;
    if row.width == 0 || y >= frame.area().bottom() {
        return;
    }
    let w = (text.width() as u16).min(row.width);
    let x = row.right().saturating_sub(w);
    let rect = Rect::new(x, y, w, 1);
    frame.render_widget(Paragraph::new(Line::styled(text, theme.muted)), rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(offset: usize, rows: usize, len: usize) -> Seen {
        Seen { offset, rows, len }
    }

    #[test]
    fn counts_what_is_out_of_view_on_each_side() {
        assert_eq!(hidden(seen(0, 22, 24)), (0, 2));
        assert_eq!(hidden(seen(2, 22, 24)), (2, 0));
        assert_eq!(hidden(seen(5, 10, 24)), (5, 9));
        assert_eq!(hidden(seen(0, 10, 4)), (0, 0));
        assert_eq!(words(seen(0, 10, 4)), None);
        assert_eq!(words(seen(0, 22, 24)).as_deref(), Some(" ↓ 2 more "));
        assert_eq!(words(seen(2, 22, 24)).as_deref(), Some(" ↑ 2 more "));
        assert_eq!(words(seen(5, 10, 24)).as_deref(), Some(" ↑ 5 · ↓ 9 more "));
    }
}
