//! Enter in Stages: the selected client's moves between stages, with dates,
//! reasons and the termination summary.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Overlay, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryView {
    pub scroll: Scroll,
}

impl Layer for HistoryView {
    fn context(&self) -> Context {
        Context::StageHistory
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::Back => Outcome::Close,
            Action::EditSummary => match app.open_summary_form() {
                Some(form) => Outcome::open(Overlay::Form(form)),
                // The status line says why not.
                None => Outcome::Done,
            },
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::stage_history::draw(
            frame, area, app, self, theme,
        ))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}
