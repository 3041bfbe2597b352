use super::text::{date_label, fit};
use super::{Theme, pane_block, scroll};
use crate::app::{App, Pane};
use crate::domain::Stage;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let block = pane_block(Pane::Stages, app, theme, None);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = &app.detail else { return };
    let current = detail.client.stage;
    let items = app.template.items(current);
    let done_count = items
        .iter()
        .filter(|i| {
            detail
                .marks
                .iter()
                .any(|m| m.stage == current && m.item_key == i.key && m.done_on.is_some())
        })
        .count();

    let width = usize::from(inner.width);
    let mut lines = vec![progress_line(current, width, theme)];
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}. {}", current.number(), current.name()),
            theme.current,
        ),
        Span::styled(
            format!("  {done_count} of {} done", items.len()),
            theme.muted,
        ),
    ]));

    let height = usize::from(inner.height).saturating_sub(lines.len());
    let cursor = &app.cursors[Pane::Stages as usize];
    let first = scroll::window(cursor, height);
    for (i, item) in items.iter().enumerate().skip(first).take(height) {
        let mark = detail
            .marks
            .iter()
            .find(|m| m.stage == current && m.item_key == item.key);
        let done_on = mark.and_then(|m| m.done_on);
        let wide = width >= 60;
        let date_w = if wide { 10 } else { 6 };
        let date = done_on.map(|d| date_label(d, wide)).unwrap_or_default();
        let label_w = width.saturating_sub(4 + 1 + date_w);
        let mut line = Line::from(vec![
            Span::styled(
                if done_on.is_some() { "[x] " } else { "[ ] " },
                if done_on.is_some() {
                    theme.done
                } else {
                    theme.text
                },
            ),
            Span::raw(fit(&item.label, label_w)),
            Span::styled(format!(" {date:>date_w$}"), theme.muted),
        ]);
        if app.focus == Pane::Stages && i == cursor.index {
            line = line.patch_style(theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// All seven stages on one line: `✓` done, `▶` current, `·` upcoming, so
/// the three states differ without colour. Names shorten to numbers when narrow.
fn progress_line(current: Stage, width: usize, theme: &Theme) -> Line<'static> {
    let full: usize = Stage::ALL.iter().map(|s| s.short().len() + 2).sum();
    let spans = Stage::ALL.into_iter().flat_map(|s| {
        let (mark, style) = match s.cmp(&current) {
            std::cmp::Ordering::Less => ("✓", theme.done),
            std::cmp::Ordering::Equal => ("▶", theme.current),
            std::cmp::Ordering::Greater => ("·", theme.upcoming),
        };
        let label = if full <= width {
            s.short().to_string()
        } else {
            s.number().to_string()
        };
        [
            Span::styled(format!("{mark}{label}"), style),
            Span::raw(" "),
        ]
    });
    Line::from(spans.collect::<Vec<_>>())
}
