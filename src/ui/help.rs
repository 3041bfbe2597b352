use super::Theme;
use crate::keymap::{self, BINDINGS, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

/// Width of one column of help, inside the border.
const COLUMN: u16 = 58;

/// Every key, from the keymap table, grouped by where it applies. When the
/// table is taller than the screen and there is room, it flows into two
/// columns, so that every key stays visible at once.
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
    // One group of lines per scope, each ending in a blank line.
    let groups: Vec<Vec<Line<'_>>> = scopes
        .into_iter()
        .map(|scope| {
            let mut lines = vec![Line::styled(keymap::scope_title(scope), theme.heading)];
            for b in BINDINGS.iter().filter(|b| b.scope == scope) {
                lines.push(Line::from(vec![
                    Span::styled(format!(" {:<key_w$}", b.keys_label()), theme.hint_key),
                    Span::raw(b.help),
                ]));
            }
            lines.push(Line::raw(""));
            lines
        })
        .collect();
    let footer = vec![
        Line::styled(
            "Markers: ! crisis   * overdue   ✓ signed / done",
            theme.muted,
        ),
        Line::styled("Esc or ? closes this help.", theme.muted),
    ];
    let total: usize = groups.iter().map(Vec::len).sum::<usize>() + footer.len();

    let fits_one = total + 2 <= usize::from(area.height);
    let two = !fits_one && area.width > (COLUMN + 1) * 2;
    let columns: Vec<Vec<Line<'_>>> = if two {
        // Fill the first column to about half, never splitting a group.
        let mut left = Vec::new();
        let mut right = Vec::new();
        for g in groups {
            if left.len() + g.len() <= total.div_ceil(2) || left.is_empty() {
                left.extend(g);
            } else {
                right.extend(g);
            }
        }
        right.extend(footer);
        vec![left, right]
    } else {
        let mut all: Vec<Line<'_>> = groups.into_iter().flatten().collect();
        all.extend(footer);
        vec![all]
    };
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    // Border on each side, one space between columns.
    let width = (COLUMN + 1) * columns.len() as u16 + 1;
    let popup = super::popup(frame, area, width, rows + 2);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Help ", theme.title_focus));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); columns.len()])
        .spacing(1)
        .split(inner);
    for (lines, rect) in columns.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), *rect);
    }
}
