use super::text::fit;
use super::{Theme, pane_block, scroll};
use crate::app::{App, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let count = app.detail.as_ref().map(|d| d.notes.len()).unwrap_or(0);
    let block = pane_block(
        Pane::Notes,
        app,
        theme,
        (count > 0).then(|| count.to_string()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = &app.detail else { return };
    if detail.notes.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No notes yet.", theme.muted)),
            inner,
        );
        return;
    }
    let list_rows = (inner.height / 3).clamp(2, 8);
    let [list_area, preview_area] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Fill(1)]).areas(inner);

    let width = usize::from(list_area.width);
    let cursor = &app.cursors[Pane::Notes as usize];
    let first = scroll::window(cursor, usize::from(list_rows));
    let mut lines = Vec::new();
    for (i, note) in detail
        .notes
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(list_rows))
    {
        let signed = if note.signed_at.is_some() { "✓" } else { " " };
        let kind_style = if note.kind == crate::domain::NoteKind::Crisis {
            theme.crisis
        } else {
            theme.muted
        };
        let head = format!("{} {signed} ", note.session_date);
        let kind = format!("{:<10} {:<4} ", note.kind.label(), note.format.label());
        let rest = width.saturating_sub(head.chars().count() + kind.chars().count());
        let mut line = Line::from(vec![
            Span::raw(head),
            Span::styled(kind, kind_style),
            Span::raw(fit(note.first_line(), rest)),
        ]);
        if app.focus == Pane::Notes && i == cursor.index {
            line = line.patch_style(theme.selected);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), list_area);

    let Some(note) = detail.notes.get(cursor.index) else {
        return;
    };
    let mut body: Vec<Line<'_>> = Vec::new();
    let headings = note.format.sections();
    for l in note.body.lines() {
        if headings.iter().any(|h| l.trim_end_matches(':') == *h) {
            body.push(Line::styled(l.to_string(), theme.heading));
        } else {
            body.push(Line::raw(l.to_string()));
        }
    }
    for a in &note.addenda {
        body.push(Line::raw(""));
        body.push(Line::styled(
            format!("Addendum {}", a.created_at),
            theme.heading,
        ));
        body.push(Line::raw(a.body.clone()));
    }
    let status = match &note.signed_at {
        Some(at) => format!("signed {at}"),
        None => "not signed".to_string(),
    };
    let preview = Paragraph::new(body).wrap(Wrap { trim: false }).block(
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .title(Span::styled(status, theme.muted)),
    );
    frame.render_widget(preview, preview_area);
}
