//! "Which client?" when moving a note: the typed name, then the clients it
//! matches with their `#id`, the highlighted one marked without colour.

use super::text::fit;
use super::{Theme, privacy};
use crate::app::overlays::client_picker::ClientPicker;
use crate::app::{App, Seen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, p: &ClientPicker, theme: &Theme) -> Seen {
    let width = area.width.saturating_sub(4).min(64);
    let height = area.height.saturating_sub(2).min(20);
    let title = format!(
        "Move the note from {} (#{}) to…",
        privacy::name(app, &p.from.name),
        p.from.id
    );
    let inner = super::overlay_frame(frame, area, (width, height), &title, theme);
    let [query_area, list_area, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let w = usize::from(inner.width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Client: ", theme.hint_key),
            Span::raw(fit(p.query.text(), w.saturating_sub(9))),
        ]))
        .block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme.border),
        ),
        query_area,
    );
    let before: String = p.query.text().chars().take(p.query.cursor()).collect();
    let x = (8 + before.width()).min(w.saturating_sub(1)) as u16;
    frame.set_cursor_position(Position::new(query_area.x + x, query_area.y));

    let matches = p.matches();
    let rows = usize::from(list_area.height).max(1);
    let seen = Seen {
        offset: p.cursor.window(p.cursor.index, rows),
        rows,
        len: matches.len(),
    };
    if matches.is_empty() {
        let msg = if p.clients.is_empty() {
            "No other active client to move it to. (Archived clients are not offered: restore one first.)"
                .to_string()
        } else {
            format!("No active client matches “{}”.", p.query.text().trim())
        };
        frame.render_widget(
            Paragraph::new(Line::styled(msg, theme.muted)).wrap(Wrap { trim: true }),
            list_area,
        );
    } else {
        let lines: Vec<Line<'_>> = matches
            .iter()
            .enumerate()
            .skip(seen.offset)
            .take(rows)
            .map(|(i, c)| {
                let selected = i == p.cursor.index;
                let id = format!("#{:<5}", c.id);
                let name = fit(&privacy::name(app, &c.name), w.saturating_sub(9));
                let line = Line::from(vec![
                    Span::styled(if selected { "▶ " } else { "  " }, theme.hint_key),
                    Span::styled(id, theme.muted),
                    Span::raw(" "),
                    Span::raw(name),
                ]);
                if selected {
                    line.patch_style(theme.selected)
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list_area);
        // On the box's bottom border, clear of the line under the list.
        super::more::draw(frame, inner, seen, theme);
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            "Archived clients are not listed. Signed notes never move.",
            theme.muted,
        )),
        foot,
    );
    seen
}
