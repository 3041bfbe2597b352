//! A document to share, shown as it will be written, with what was
//! replaced in it: the worker reads it, then writes it or walks away.
//! Nothing is on disk until the write key.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPreview {
    pub title: String,
    /// What was replaced, for a de-identified document ("" otherwise).
    pub replaced: String,
    /// The file's text, exactly.
    pub text: String,
    pub client_id: i64,
    /// The format's name in the audit trail (`consult`, `sheet`).
    pub format: &'static str,
    /// The file name's start and end: `consult-12-2026-12-02` and `md`.
    pub stem: String,
    pub extension: &'static str,
    pub scroll: Scroll,
}

impl Layer for DocumentPreview {
    fn context(&self) -> Context {
        Context::DocumentPreview
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.text_delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::WriteDocument => {
                app.write_document(self);
                Outcome::Close
            }
            Action::Back => {
                app.status = Some("Nothing written.".into());
                Outcome::Close
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::document_preview::draw(
            frame, area, app, self, theme,
        ))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}
