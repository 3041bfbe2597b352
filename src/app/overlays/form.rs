//! A form over the panes: fields typed into freely, Ctrl-S saves it by what
//! it is for (`FormPurpose`), Esc asks before dropping typing.

use crate::app::form::{FieldKind, Form, FormPurpose};
use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::overlays::confirm::{Confirm, OnYes};
use crate::app::overlays::conflict::ConflictView;
use crate::app::{Action, App, Overlay};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

impl Layer for Form {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        match action {
            Action::NextField => self.next_field(),
            Action::PrevField => self.prev_field(),
            Action::Save => {
                if app.save_form(self) {
                    return Outcome::Close;
                }
                // The save asks first (a value outside the goal's range).
                if let Some(ask) = app.ask.take() {
                    return Outcome::open(Overlay::Confirm(ask));
                }
                // Another session saved first: show both and ask.
                if let Some(c) = self.conflict.take() {
                    let view = ConflictView::for_form(self, *c);
                    return Outcome::open(Overlay::Conflict(Box::new(view)));
                }
            }
            Action::Back if self.dirty => {
                let ask = Confirm::new("Discard what you typed in this form?", OnYes::DiscardForm);
                return Outcome::open(Overlay::Confirm(ask));
            }
            Action::Back => return Outcome::Close,
            Action::ClearField
            | Action::CursorLeft
            | Action::CursorRight
            | Action::Home
            | Action::End
            | Action::DeleteBack
            | Action::DeleteForward => self.edit_field(action),
            _ => return Outcome::Pass,
        }
        Outcome::Done
    }

    fn text(&mut self, key: KeyEvent, _app: &mut App) -> Outcome {
        let Some(field) = self.focused() else {
            return Outcome::Done;
        };
        if let FieldKind::Choice(opts) = field.kind {
            // A form restored from a damaged draft may carry no options, or
            // a choice past them: never divide by zero or overflow.
            let n = opts.len();
            if n == 0 {
                return Outcome::Done;
            }
            let at = field.choice % n;
            match key.code {
                KeyCode::Char(' ') | KeyCode::Right => field.choice = (at + 1) % n,
                KeyCode::Left => field.choice = (at + n - 1) % n,
                _ => return Outcome::Done,
            }
        } else if field.input.edit(key) {
            field.error = None;
        } else {
            return Outcome::Done;
        }
        self.dirty = true;
        Outcome::Done
    }

    fn paste(&mut self, text: &str, _app: &mut App) -> Outcome {
        if let Some(field) = self.focused() {
            if !matches!(field.kind, FieldKind::Choice(_)) {
                field.input.insert_str(text);
                self.dirty = true;
            }
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        let shown = crate::ui::privacy::form(app, self);
        crate::ui::form::draw(frame, area, &shown, theme);
        None
    }
}

impl Form {
    /// A field-editing key on the focused field. A choice moves between its
    /// options; text and dates edit the line. Only a change marks the form
    /// as typed in.
    fn edit_field(&mut self, action: Action) {
        let Some(field) = self.focused() else {
            return;
        };
        let before = (field.input.text().to_string(), field.choice);
        if let FieldKind::Choice(opts) = field.kind {
            let n = opts.len();
            if n == 0 {
                return;
            }
            let at = field.choice % n;
            field.choice = match action {
                Action::CursorLeft => (at + n - 1) % n,
                Action::CursorRight => (at + 1) % n,
                Action::Home => 0,
                Action::End => n - 1,
                _ => at,
            };
        } else {
            let input = &mut field.input;
            match action {
                Action::ClearField => input.clear(),
                Action::CursorLeft => input.left(),
                Action::CursorRight => input.right(),
                Action::Home => input.home(),
                Action::End => input.end(),
                Action::DeleteBack => input.backspace(),
                Action::DeleteForward => input.delete(),
                _ => {}
            }
        }
        if (field.input.text(), field.choice) != (before.0.as_str(), before.1) {
            field.error = None;
            self.dirty = true;
        }
    }
}

impl App {
    /// Ctrl-S: check and save the form by what it is for. Returns whether
    /// it was saved (and may close); otherwise the form shows why not and
    /// keeps every typed character.
    pub(crate) fn save_form(&mut self, form: &mut Form) -> bool {
        form.error = None;
        // The save and the removal of this form's draft land together.
        self.store.retire_form_draft_with_next_write(form.draft.id);
        let saved = match form.purpose {
            FormPurpose::AddClient | FormPurpose::EditClient(_) => self.save_client_form(form),
            FormPurpose::Stage(purpose) => self.save_stage_form(form, purpose),
            FormPurpose::SafetyPlan(id) => self.save_safety_form(form, id),
            FormPurpose::NoteDetails => self.save_note_details(form),
            FormPurpose::EnteredInError(m) => self.save_in_error_form(form, m),
            FormPurpose::ConsultQuestion(id) => self.consult_question_saved(form, id),
            p @ (FormPurpose::AddGoal
            | FormPurpose::EditGoal(_)
            | FormPurpose::RecordProgress(_)
            | FormPurpose::EditProgress(_)
            | FormPurpose::AddStep(_)
            | FormPurpose::EditStep(_)
            | FormPurpose::AddReferral(_)
            | FormPurpose::EditReferral(_)
            | FormPurpose::GasScale(_)) => self.save_goal_forms(form, p),
        };
        self.store.retire_form_draft_with_next_write(None);
        saved
    }
}
