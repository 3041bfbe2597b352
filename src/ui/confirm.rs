use super::Theme;
use crate::app::overlay::Confirm;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, c: &Confirm, theme: &Theme) {
    let width = (c.question.chars().count() as u16 + 4).clamp(30, 70);
    let rect = super::popup(frame, area, width, 5);
    let lines = vec![
        Line::raw(c.question.clone()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", theme.hint_key),
            Span::raw(" yes   "),
            Span::styled("n", theme.hint_key),
            Span::raw(" no"),
        ]),
    ];
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(" Are you sure? ", theme.title_focus));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        rect,
    );
}
