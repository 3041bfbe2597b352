//! A yes/no question, and what a yes does. The answer runs with the
//! question already off the stack, so "the form underneath" is on top.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::{Action, App};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// One or more lines (`\n` between them).
    pub question: String,
    pub on_yes: OnYes,
    /// What the box is about, if more than "Are you sure?".
    pub title: Option<String>,
    /// About a client's safety: drawn so it cannot be missed.
    pub urgent: bool,
}

impl Confirm {
    pub fn new(question: impl Into<String>, on_yes: OnYes) -> Confirm {
        Confirm {
            question: question.into(),
            on_yes,
            title: None,
            urgent: false,
        }
    }

    /// A question about a client's safety, under its own title.
    pub fn about_safety(mut self, title: impl Into<String>) -> Confirm {
        self.title = Some(title.into());
        self.urgent = true;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnYes {
    /// Close the form underneath, dropping what was typed in it.
    DiscardForm,
    /// Move this client on from `from` (the stage the question named)
    /// although items are still open.
    AdvanceStage {
        client_id: i64,
        from: crate::domain::Stage,
    },
    /// Archive (true) or restore (false) a client.
    Archive(i64, bool),
    /// Raise (true) or clear (false) a client's crisis flag.
    Crisis(i64, bool),
    SignNote(i64),
    /// Sign and append the addendum in the editor underneath.
    SaveAddendum,
    /// Another session saved first: drop the typing in the form or editor
    /// under the conflict overlay underneath, and keep their version.
    KeepTheirs,
    /// Save the progress form underneath although its value (these bits)
    /// is outside the goal's plausible range.
    SaveOutOfRange(i64, u64),
    /// Move the note chosen in the client picker underneath to this client.
    MoveNote(i64),
}

impl Layer for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        match action {
            Action::Yes => {
                app.confirmed(self.on_yes);
                Outcome::Close
            }
            Action::No | Action::Back => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        let shown = crate::ui::privacy::confirm(app, self);
        crate::ui::confirm::draw(frame, area, &shown, theme);
        None
    }
}

impl App {
    /// What a yes does.
    fn confirmed(&mut self, on_yes: OnYes) {
        match on_yes {
            OnYes::DiscardForm => {
                self.overlays.pop();
            }
            OnYes::AdvanceStage { client_id, from } => self.advance_confirmed(client_id, from),
            OnYes::Archive(id, archive) => self.archive(id, archive),
            OnYes::Crisis(id, crisis) => self.set_crisis(id, crisis),
            OnYes::SignNote(id) => self.sign_note(id),
            OnYes::SaveAddendum => self.save_addendum(),
            OnYes::KeepTheirs => self.keep_theirs(),
            OnYes::MoveNote(to) => self.move_confirmed(to),
            OnYes::SaveOutOfRange(goal, bits) => {
                self.range_confirmed = Some((goal, bits));
                if let Some(crate::app::Overlay::Form(mut form)) = self.overlays.pop() {
                    if !self.save_form(&mut form) {
                        self.overlays.push(crate::app::Overlay::Form(form));
                    }
                }
                self.range_confirmed = None;
            }
        }
    }
}
