use super::Theme;
use crate::keymap::{self, BINDINGS, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

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
    // One block of lines per scope; blocks flow into as many columns as the
    // screen needs, so every key is visible without scrolling.
    let mut blocks: Vec<Vec<Line<'_>>> = Vec::new();
    for scope in scopes {
        let mut block = vec![Line::styled(keymap::scope_title(scope), theme.heading)];
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            block.push(Line::from(vec![
                Span::styled(format!(" {:<key_w$}", b.keys_label()), theme.hint_key),
                Span::raw(b.help),
            ]));
        }
        blocks.push(block);
    }
    lines.push(Line::styled(
        "Markers: ! crisis   * overdue   ✓ signed / done",
        theme.muted,
    ));
    lines.push(Line::styled("Esc or ? closes this help.", theme.muted));

    let total: usize = blocks.iter().map(Vec::len).sum::<usize>() + lines.len();
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = total.div_ceil(rows).clamp(1, 3);
    let per_column = total.div_ceil(columns);
    let mut cols: Vec<Vec<Line<'_>>> = vec![Vec::new()];
    for block in blocks {
        let last = cols.len() - 1;
        if !cols[last].is_empty()
            && cols[last].len() + block.len() > per_column
            && cols.len() < columns
        {
            cols.push(Vec::new());
        }
        let last = cols.len() - 1;
        cols[last].extend(block);
    }
    let last = cols.len() - 1;
    cols[last].append(&mut lines);
    let height = cols.iter().map(Vec::len).max().unwrap_or(0) as u16 + 2;
    let col_w: u16 = 64;
    let popup = super::popup(frame, area, col_w * cols.len() as u16 + 2, height);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Help ", theme.title_focus));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); cols.len()]).split(inner);
    for (col, rect) in cols.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(col), *rect);
    }
}
