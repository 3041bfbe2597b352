use super::Theme;
use crate::app::{Action, Scroll, Seen};
use crate::keymap::{self, Context, Scope};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Every key, from the keymap table, grouped by where it applies. Two
/// columns when there is room; scrolls when it does not fit.
pub fn draw(frame: &mut Frame<'_>, area: Rect, scroll: &Scroll, theme: &Theme) -> Seen {
    let lines = help_lines(theme);
    // Two columns only when the widest line fits in each; the box is as wide
    // as its content needs.
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let room = area.width.saturating_sub(4);
    let columns: u16 = if room >= 2 * widest + 2 { 2 } else { 1 };
    let size = (
        (columns * widest + 2).min(room),
        area.height.saturating_sub(2),
    );
    let inner = super::overlay_frame(frame, area, size, "Help", theme);

    let height = usize::from(inner.height);
    let columns = usize::from(columns);
    let per_column = lines.len().div_ceil(columns);
    let fits = per_column < height;
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let rows = usize::from(body.height);
    let first = scroll.text_window(per_column, rows);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(body);
    for (c, col_area) in areas.iter().enumerate() {
        let col: Vec<Line<'_>> = lines
            .iter()
            .skip(c * per_column)
            .take(per_column)
            .skip(first)
            .take(rows)
            .cloned()
            .collect();
        frame.render_widget(Paragraph::new(col), *col_area);
    }
    let key = |a| keymap::key_for(a, Context::Help);
    let close = key(Action::Back);
    let foot_text = if fits {
        format!("Markers: ! crisis  * overdue  ✓ signed/done     {close} closes")
    } else {
        format!(
            "{}/{} or {}/{} scroll ({}/{})     {close} closes",
            key(Action::MoveDown),
            key(Action::MoveUp),
            key(Action::PageUp),
            key(Action::PageDown),
            first + rows.min(per_column),
            per_column
        )
    };
    frame.render_widget(Paragraph::new(Line::styled(foot_text, theme.muted)), foot);
    let seen = Seen {
        offset: first,
        rows,
        len: per_column,
    };
    super::more::draw(frame, inner, seen, theme);
    seen
}

fn help_lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut scopes: Vec<Scope> = Vec::new();
    let table = keymap::bindings();
    for b in table {
        if !scopes.contains(&b.scope) {
            scopes.push(b.scope);
        }
    }
    let key_w = table
        .iter()
        .map(|b| b.keys_label().chars().count())
        .max()
        .unwrap_or(8)
        .min(22)
        + 2;
    let mut lines = Vec::new();
    for scope in scopes {
        lines.push(Line::styled(keymap::scope_title(scope), theme.heading));
        for b in table.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<key_w$}", b.keys_label()), theme.hint_key),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}
