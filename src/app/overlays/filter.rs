//! `/` in the caseload: the list narrows with every key typed. The text
//! lives in `App.view` (it stays in force after Enter); this overlay only
//! says that typing goes there. Drawn inside the caseload pane.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::{Action, App};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter;

impl Layer for Filter {
    fn context(&self) -> Context {
        Context::Filter
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        match action {
            Action::KeepFilter => Outcome::Close,
            Action::ClearFilter => {
                app.clear_filter();
                Outcome::Close
            }
            // Moving in the list while typing is the caseload's own move.
            _ => Outcome::Pass,
        }
    }

    fn text(&mut self, key: KeyEvent, app: &mut App) -> Outcome {
        if app.view.filter.edit(key) {
            app.apply_view(false);
        }
        Outcome::Done
    }

    fn paste(&mut self, text: &str, app: &mut App) -> Outcome {
        app.view.filter.insert_str(text);
        app.apply_view(false);
        Outcome::Done
    }

    fn render(&self, _: &mut Frame<'_>, _: Rect, _: &App, _: &Theme) -> Option<Seen> {
        None
    }
}
