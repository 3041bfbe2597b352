use super::Theme;
use crate::app::Action;
use crate::app::overlay::Confirm;
use crate::keymap::{Context, key_for};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, c: &Confirm, theme: &Theme) {
    let longest = c.question.lines().map(|l| l.chars().count()).max();
    let width = (longest.unwrap_or(0) as u16 + 4)
        .clamp(30, 70)
        .min(area.width);
    let mut lines: Vec<Line<'_>> = c.question.lines().map(Line::raw).collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(key_for(Action::Yes, Context::Confirm), theme.hint_key),
        Span::raw(" yes   "),
        Span::styled(key_for(Action::No, Context::Confirm), theme.hint_key),
        Span::raw(" no"),
    ]));
    let title = c.title.as_deref().unwrap_or("Are you sure?");
    let block = if c.urgent {
        super::overlay_block_line(Line::styled(format!(" {title} "), theme.crisis), theme)
            .border_style(theme.crisis)
    } else {
        super::overlay_block(title, theme)
    };
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: true });
    // As tall as the wrapped question needs, so the answer keys always show.
    let height = paragraph.line_count(width.saturating_sub(2)) as u16 + 2;
    let rect = super::popup(frame, area, width, height);
    frame.render_widget(paragraph.block(block), rect);
}
