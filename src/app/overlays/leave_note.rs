//! Esc in the note editor with typing in it: keep it as a draft, discard
//! it, or go back to writing. The editor is the overlay underneath.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::{Action, App};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeaveNote;

impl Layer for LeaveNote {
    fn context(&self) -> Context {
        Context::LeaveNote
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        match action {
            Action::KeepDraft => app.keep_draft(),
            Action::DiscardDraft => app.discard_editor(),
            Action::Back => {}
            _ => return Outcome::Pass,
        }
        Outcome::Close
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, _app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::note_editor::draw_leave(frame, area, theme);
        None
    }
}
