//! `!`: the selected client's safety plan, from anywhere; `e` edits it in
//! a form, `C` raises or clears the crisis flag.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Overlay, Scroll};
use crate::domain::safety::SafetyPlan;
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct SafetyView {
    pub client_id: i64,
    pub name: String,
    pub crisis: bool,
    /// `None`: no plan written yet.
    pub plan: Option<SafetyPlan>,
    /// For plans longer than the screen.
    pub scroll: Scroll,
}

impl Layer for SafetyView {
    fn context(&self) -> Context {
        Context::SafetyPlan
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::EditSafetyPlan => {
                let plan = self.plan.clone().unwrap_or_default();
                let form = crate::app::safety::safety_form(self.client_id, &self.name, &plan);
                Outcome::open(Overlay::Form(form))
            }
            Action::ToggleCrisis => {
                let ask = app.crisis_question(self.client_id, &self.name, self.crisis);
                Outcome::open(Overlay::Confirm(ask))
            }
            Action::Back | Action::SafetyPlan => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::safety::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}
