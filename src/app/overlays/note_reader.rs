//! Enter in Notes: one note full screen, signed or not. Every line of the
//! body and its addenda, scrolled by lines or by pages that keep one line
//! of the page before, so nothing is ever skipped.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteReader {
    /// The note shown, looked up in the selected client's detail each frame
    /// (so a note changed elsewhere is shown as it is now).
    pub note_id: i64,
    pub scroll: Scroll,
}

impl NoteReader {
    pub fn new(note_id: i64) -> NoteReader {
        NoteReader {
            note_id,
            scroll: Scroll::default(),
        }
    }

    /// The note, if the selected client still has it.
    pub fn note<'a>(&self, app: &'a App) -> Option<&'a crate::domain::Note> {
        let detail = app.detail.as_ref()?;
        detail.notes.iter().find(|n| n.id == self.note_id)
    }
}

impl Layer for NoteReader {
    fn context(&self) -> Context {
        Context::NoteReader
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        // The note went away under the reader (another client's detail was
        // loaded): nothing is drawn, so do not keep taking keys.
        if self.note(app).is_none() {
            return Outcome::Close;
        }
        if let Some(delta) = self.scroll.text_delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::Back => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::note_reader::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}
