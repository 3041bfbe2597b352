//! Which open check-in: due dates, overdue ones marked in words too.

use super::Theme;
use crate::app::overlays::checkin_picker::CheckInPicker;
use crate::app::{App, Seen};
use crate::domain::agenda::relative;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    p: &CheckInPicker,
    theme: &Theme,
) -> Seen {
    let rows_wanted = u16::try_from(p.items.len()).unwrap_or(u16::MAX);
    let height = rows_wanted
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    let width = area.width.saturating_sub(4).min(50);
    let title = format!("Which check-in {}?", p.verb());
    let inner = super::overlay_frame(frame, area, (width, height), &title, theme);
    let rows = usize::from(inner.height).max(1);
    let seen = Seen {
        offset: p.cursor.window(p.cursor.index, rows),
        rows,
        len: p.items.len(),
    };
    let lines: Vec<Line<'_>> = p
        .items
        .iter()
        .enumerate()
        .skip(seen.offset)
        .take(rows)
        .map(|(i, c)| {
            let selected = i == p.cursor.index;
            let overdue = c.due < app.today;
            let line = Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, theme.hint_key),
                Span::raw(c.due.format("%a %d %b %Y").to_string()),
                Span::raw("  "),
                Span::styled(
                    relative(c.due, app.today),
                    if overdue { theme.overdue } else { theme.muted },
                ),
            ]);
            if selected {
                line.patch_style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    super::more::draw(frame, inner, seen, theme);
    seen
}
