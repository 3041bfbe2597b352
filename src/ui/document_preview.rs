//! A document before it is written: its text as it will be in the file,
//! what was replaced, and the keys to write it or not.

use super::Theme;
use super::text::wrap;
use crate::app::overlays::document_preview::DocumentPreview;
use crate::app::{Action, App, Seen};
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// In privacy mode the preview is shown as the screen shows everything
/// else (initials, phones hidden); the file is written as it is.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    doc: &DocumentPreview,
    theme: &Theme,
) -> Seen {
    let width = area.width.saturating_sub(2).min(100);
    let height = area.height.saturating_sub(2);
    let inner = super::overlay_frame(frame, area, (width, height), &doc.title, theme);
    let w = usize::from(inner.width);
    let head: Vec<String> = if doc.replaced.is_empty() {
        Vec::new()
    } else {
        wrap(&doc.replaced, w)
    };
    let [head_area, body_area, foot_area] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let shown = super::privacy::text(app, &doc.text);
    let body: Vec<String> = shown
        .lines()
        .flat_map(|l| {
            if l.is_empty() {
                vec![String::new()]
            } else {
                wrap(l, w)
            }
        })
        .collect();
    let visible = usize::from(body_area.height);
    let scroll = doc.scroll.text_window(body.len(), visible);
    frame.render_widget(
        Paragraph::new(
            head.into_iter()
                .map(|l| Line::styled(l, theme.heading))
                .collect::<Vec<_>>(),
        ),
        head_area,
    );
    frame.render_widget(
        Paragraph::new(
            body.iter()
                .skip(scroll)
                .take(visible)
                .map(|l| Line::raw(l.clone()))
                .collect::<Vec<_>>(),
        ),
        body_area,
    );
    let key = |a| keymap::key_for(a, Context::DocumentPreview);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{} write it   {}/{} scroll   {} close, nothing written",
                key(Action::WriteDocument),
                key(Action::MoveDown),
                key(Action::MoveUp),
                key(Action::Back)
            ),
            theme.muted,
        )),
        foot_area,
    );
    let seen = Seen {
        offset: scroll,
        rows: visible,
        len: body.len(),
    };
    super::more::draw(frame, inner, seen, theme);
    seen
}
