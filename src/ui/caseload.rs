use super::text::{date_label, fit};
use super::{Theme, pane_block, scroll};
use crate::app::{App, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let crisis = app.caseload.iter().filter(|c| c.crisis).count();
    let overdue = app
        .caseload
        .iter()
        .filter(|c| c.is_overdue(app.today))
        .count();
    let wide = area.width >= 44;
    let summary = if wide {
        format!(
            "{} · {crisis} crisis · {overdue} overdue",
            app.caseload.len()
        )
    } else {
        format!("{} · !{crisis} · *{overdue}", app.caseload.len())
    };
    let block = pane_block(Pane::Caseload, app, theme, Some(summary));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.caseload.is_empty() {
        let p = Paragraph::new(vec![
            Line::raw("No clients yet."),
            Line::styled("Press ? for keys.", theme.muted),
        ]);
        frame.render_widget(p, inner);
        return;
    }

    let width = usize::from(inner.width);
    // Full dates when there is room, month-day when narrow.
    let date_w = if wide { 10 } else { 6 };
    let stage_w = 9;
    // Marks, then name, stage and next contact separated by single spaces.
    let name_w = width
        .saturating_sub(2 + 1 + 1 + stage_w + 1 + date_w)
        .max(4);
    let height = usize::from(inner.height);
    let cursor = &app.cursors[Pane::Caseload as usize];
    let first = scroll::window(cursor, height);

    let lines: Vec<Line<'_>> = app
        .caseload
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, c)| {
            let overdue = c.is_overdue(app.today);
            let crisis_mark = if c.crisis {
                Span::styled("!", theme.crisis)
            } else {
                Span::raw(" ")
            };
            let overdue_mark = if overdue {
                Span::styled("*", theme.overdue)
            } else {
                Span::raw(" ")
            };
            let next = c
                .next_contact
                .map(|d| date_label(d, wide))
                .unwrap_or_default();
            let next_style = if c.next_contact.is_some_and(|d| d < app.today) {
                theme.overdue
            } else {
                theme.muted
            };
            let mut line = Line::from(vec![
                crisis_mark,
                overdue_mark,
                // The selected row is marked as well as reversed, so it shows
                // on terminals (and in text captures) without attributes.
                Span::raw(if i == cursor.index { "▸" } else { " " }),
                Span::styled(
                    fit(&c.name, name_w),
                    if c.crisis { theme.crisis } else { theme.text },
                ),
                Span::raw(" "),
                Span::styled(fit(c.stage.short(), stage_w), theme.muted),
                Span::raw(" "),
                Span::styled(fit(&next, date_w), next_style),
            ]);
            if i == cursor.index {
                line = line.patch_style(theme.selected);
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
