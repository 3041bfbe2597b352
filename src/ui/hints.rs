use super::Theme;
use crate::app::App;
use crate::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The bottom line: a status message if there is one, else the keys.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let line = match &app.status {
        Some(msg) => Line::styled(super::privacy::text(app, msg).into_owned(), theme.status),
        None => {
            let mut spans = Vec::new();
            for (key, word) in keymap::hints(app.key_context()) {
                spans.push(Span::styled(key, theme.hint_key));
                spans.push(Span::styled(format!(" {word}  "), theme.hint_text));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}
