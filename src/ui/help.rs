use super::Theme;
use crate::keymap::{self, BINDINGS, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

/// Width of the help box with one column of keys.
const COLUMN_W: u16 = 64;
/// The narrowest screen that gets two columns when one is too tall.
const TWO_COLUMNS_FROM: u16 = 112;

/// Every key, from the keymap table, grouped by where it applies. When the
/// list is taller than the screen it flows into two columns.
pub fn draw(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let mut scopes: Vec<Scope> = Vec::new();
    for b in BINDINGS {
        if !scopes.contains(&b.scope) {
            scopes.push(b.scope);
        }
    }
    let footer = vec![
        Line::styled(
            "Markers: ! crisis   * overdue   ✓ signed / done",
            theme.muted,
        ),
        Line::styled("Esc or ? closes this help.", theme.muted),
    ];
    // Each scope: a heading, its keys, a blank line.
    let total = BINDINGS.len() + 2 * scopes.len() + footer.len();
    let two = total + 2 > usize::from(area.height) && area.width >= TWO_COLUMNS_FROM;
    // Two columns are narrower: keys indent and pad by one instead of two.
    let indent = if two { " " } else { "  " };
    let key_w = BINDINGS
        .iter()
        .map(|b| b.keys_label().chars().count())
        .max()
        .unwrap_or(8)
        + if two { 1 } else { 2 };
    let groups: Vec<Vec<Line<'_>>> = scopes
        .into_iter()
        .map(|scope| {
            let mut lines = vec![Line::styled(keymap::scope_title(scope), theme.heading)];
            for b in BINDINGS.iter().filter(|b| b.scope == scope) {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{indent}{:<key_w$}", b.keys_label()),
                        theme.hint_key,
                    ),
                    Span::raw(b.help),
                ]));
            }
            lines.push(Line::raw(""));
            lines
        })
        .collect();

    let (left, right) = if two {
        // Fill the left column with whole groups up to half, the rest right.
        let half = total.div_ceil(2);
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for g in groups {
            if right.is_empty() && (left.len() + g.len() <= half || left.is_empty()) {
                left.extend(g);
            } else {
                right.extend(g);
            }
        }
        right.extend(footer);
        (left, right)
    } else {
        let mut left: Vec<Line<'_>> = groups.into_iter().flatten().collect();
        left.extend(footer);
        (left, Vec::new())
    };
    let rows = left.len().max(right.len()) as u16 + 2;
    let width = if two { area.width } else { COLUMN_W };
    let popup = super::popup(frame, area, width, rows);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Help ", theme.title_focus));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if two {
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(1)
            .areas(inner);
        frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), a);
        frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), b);
    } else {
        frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), inner);
    }
}
