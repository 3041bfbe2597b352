//! `?`: every key, from the keymap table, scrollable.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Help {
    pub scroll: Scroll,
}

impl Layer for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn handle(&mut self, action: Action, _app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::Back | Action::ToggleHelp => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, _app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::help::draw(frame, area, &self.scroll, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}
