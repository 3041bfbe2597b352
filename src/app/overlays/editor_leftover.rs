//! Text left in `$EDITOR` by a session that was killed while the editor
//! ran (see `external_editor::leftovers`), offered back at the next start:
//! yes takes it into the note's draft, no lets it go.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::overlays::confirm::{Confirm, OnYes};
use crate::app::{Action, App};
use crate::external_editor::Leftover;
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct EditorLeftover {
    pub leftover: Leftover,
    /// The question, as a yes/no question is drawn.
    pub ask: Confirm,
}

impl EditorLeftover {
    pub fn new(leftover: Leftover, client_name: &str) -> EditorLeftover {
        let lines = leftover.text.lines().count();
        let question = format!(
            "casework stopped while $EDITOR had {client_name}'s note open; it left {lines} line(s) of text. \
             Take them into the note's draft? (no lets them go)"
        );
        EditorLeftover {
            leftover,
            // Never run: `handle` answers this question itself.
            ask: Confirm::new(question, OnYes::DiscardForm),
        }
    }
}

impl Layer for EditorLeftover {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        match action {
            Action::Yes => {
                app.take_editor_leftover(&self.leftover);
                Outcome::Close
            }
            Action::No | Action::Back => {
                app.let_go_of_editor_leftover(&self.leftover);
                Outcome::Close
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        let shown = crate::ui::privacy::confirm(app, &self.ask);
        crate::ui::confirm::draw(frame, area, &shown, theme);
        None
    }
}
