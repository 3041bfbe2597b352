use super::Theme;
use crate::keymap::{self, BINDINGS, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

/// Every key, from the keymap table, grouped by where it applies. When the
/// groups do not fit one under another they flow into side-by-side columns.
pub fn draw(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
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
        + 1;
    let groups: Vec<Vec<Line<'static>>> = scopes
        .into_iter()
        .map(|scope| {
            let mut g = vec![Line::styled(keymap::scope_title(scope), theme.heading)];
            for b in BINDINGS.iter().filter(|b| b.scope == scope) {
                g.push(Line::from(vec![
                    Span::styled(format!(" {:<key_w$}", b.keys_label()), theme.hint_key),
                    Span::raw(b.help),
                ]));
            }
            g.push(Line::raw(""));
            g
        })
        .collect();
    let trailer = vec![
        Line::styled(
            "Markers: ! crisis   * overdue   ✓ signed / done",
            theme.muted,
        ),
        Line::styled("Esc or ? closes this help.", theme.muted),
    ];

    const COL_W: u16 = 58;
    let room = usize::from(area.height.saturating_sub(2 + trailer.len() as u16)).max(1);
    let max_cols = usize::from((area.width.saturating_sub(2) / COL_W).max(1));
    let mut columns: Vec<Vec<Line<'static>>> = vec![Vec::new()];
    for g in groups {
        let last = columns.len() - 1;
        if !columns[last].is_empty()
            && columns[last].len() + g.len() > room
            && columns.len() < max_cols
        {
            columns.push(Vec::new());
        }
        let last = columns.len() - 1;
        columns[last].extend(g);
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) + trailer.len();
    let width = if columns.len() > 1 {
        area.width.saturating_sub(2)
    } else {
        COL_W + 4
    };
    let popup = super::popup(frame, area, width, rows as u16 + 2);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Help ", theme.title_focus));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, foot] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(trailer.len() as u16),
    ])
    .areas(inner);
    let cols = Layout::horizontal(vec![Constraint::Fill(1); columns.len()]).split(body);
    for (lines, rect) in columns.into_iter().zip(cols.iter()) {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), *rect);
    }
    frame.render_widget(Paragraph::new(trailer), foot);
}
