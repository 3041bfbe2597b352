use super::Theme;
use crate::keymap::{self, BINDINGS, Scope};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

/// Every key, from the keymap table, grouped by where it applies.
pub fn draw(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let mut lines = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    for b in BINDINGS {
        if !scopes.contains(&b.scope) {
            scopes.push(b.scope);
        }
    }
    let key_w = BINDINGS
        .iter()
        .map(|b| b.keys_label().chars().count())
        .max()
        .unwrap_or(8)
        + 2;
    for scope in scopes {
        lines.push(Line::styled(keymap::scope_title(scope), theme.heading));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<key_w$}", b.keys_label()), theme.hint_key),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "Markers: ! crisis   * overdue   ✓ signed / done",
        theme.muted,
    ));
    lines.push(Line::styled("Esc or ? closes this help.", theme.muted));

    let popup = super::popup(frame, area, 64, lines.len() as u16 + 2);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Help ", theme.title_focus));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
