//! `h` `m` `c` in Stages when a client has several open check-ins: which
//! one? The next is selected first, so Enter does what the key did before.

use crate::app::checkins::{CheckInChange, CheckInRef, checkin_form};
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Overlay, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckInPicker {
    pub change: CheckInChange,
    /// The open check-ins, earliest first.
    pub items: Vec<CheckInRef>,
    pub cursor: Scroll,
}

impl CheckInPicker {
    pub fn verb(&self) -> &'static str {
        match self.change {
            CheckInChange::Held => "held",
            CheckInChange::Move => "to move",
            CheckInChange::Cancel => "to cancel",
        }
    }
}

impl Layer for CheckInPicker {
    fn context(&self) -> Context {
        Context::CheckInPicker
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            return moved(self.cursor.step(delta, self.items.len()));
        }
        match action {
            // The form replaces the list: saved or cancelled, the panes are next.
            Action::Choose => match self.items.get(self.cursor.index) {
                Some(c) => {
                    let form = checkin_form(self.change, c, app.today);
                    app.overlays.push(Overlay::Form(form));
                    Outcome::Close
                }
                None => Outcome::Still,
            },
            Action::Back => Outcome::Close,
            _ => Outcome::Still,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::checkin_picker::draw(
            frame, area, app, self, theme,
        ))
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
