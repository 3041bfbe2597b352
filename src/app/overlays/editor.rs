//! The note editor as an overlay: what each key does while writing, and
//! while choosing techniques or goals in its picker. The editor's state is
//! `app::editor::NoteEditor`; saving and drafts are in `app::notes`.

use crate::app::editor::{NoteEditor, PickWhat};
use crate::app::layer::{Effect, Layer, Outcome, Seen};
use crate::app::overlays::leave_note::LeaveNote;
use crate::app::{Action, App, Overlay};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui_textarea::CursorMove;

impl NoteEditor {
    /// Keys while the list of techniques or goals is open.
    fn picker_action(&mut self, action: Action) -> Outcome {
        match action {
            Action::MoveDown => self.picker_move(1),
            Action::MoveUp => self.picker_move(-1),
            Action::Home => self.picker_move(isize::MIN / 2),
            Action::End => self.picker_move(isize::MAX / 2),
            Action::Toggle => self.picker_toggle(),
            Action::Back | Action::Save => self.picker = None,
            _ => {}
        }
        Outcome::Done
    }

    /// The text area's own editing actions. Returns whether the text changed.
    fn edit(&mut self, action: Action) -> bool {
        let t = &mut self.text;
        match action {
            Action::Undo => t.undo(),
            Action::Redo => t.redo(),
            Action::CutToLineEnd => t.delete_line_by_end(),
            Action::CutWordBack => t.delete_word(),
            Action::Yank => t.paste(),
            Action::WordForward => {
                t.move_cursor(CursorMove::WordForward);
                false
            }
            Action::WordBack => {
                t.move_cursor(CursorMove::WordBack);
                false
            }
            _ => false,
        }
    }

    fn pick(&mut self, what: PickWhat) {
        if what == PickWhat::Goals && self.goals.is_empty() {
            self.notice = Some("This client has no active goals to link yet.".into());
        } else {
            self.open_picker(what);
        }
    }
}

impl Layer for NoteEditor {
    fn context(&self) -> Context {
        if self.picker.is_some() {
            Context::Picker
        } else {
            Context::Editor
        }
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if self.picker.is_some() {
            return self.picker_action(action);
        }
        // Addenda carry no details of their own.
        let details = self.has_details();
        match action {
            Action::Save => return app.save_editor(self),
            Action::Back if self.has_typing() => {
                return Outcome::open(Overlay::LeaveNote(LeaveNote));
            }
            Action::Back => {
                app.drop_editor(self);
                return Outcome::Close;
            }
            Action::CycleKind if details => self.cycle_kind(),
            Action::CycleFormat if details => self.cycle_format(),
            Action::NoteDetails if details => {
                return Outcome::open(Overlay::Form(crate::app::notes::details_form(self)));
            }
            Action::PickTechniques if details => self.pick(PickWhat::Techniques),
            Action::PickGoals if details => self.pick(PickWhat::Goals),
            Action::ExternalEditor => app.effects.push(Effect::EditExternally(self.body())),
            // The panes ask the loop to suspend; `update` writes the draft
            // first.
            Action::Suspend => return Outcome::Pass,
            other => {
                if self.edit(other) {
                    self.unsaved = true;
                }
            }
        }
        Outcome::Done
    }

    fn text(&mut self, key: KeyEvent, _app: &mut App) -> Outcome {
        if self.picker.is_none() && self.text.input(key) {
            self.unsaved = true;
        }
        Outcome::Done
    }

    fn paste(&mut self, text: &str, _app: &mut App) -> Outcome {
        if self.picker.is_none() {
            self.paste(text);
        }
        Outcome::Done
    }

    /// One insert for the whole run: the text area lays out all of its
    /// text again after every edit, so a megabyte typed key by key would
    /// take hours. (The run is one undo step, as a paste is.)
    fn typed(&mut self, text: &str, _app: &mut App) -> Outcome {
        if self.picker.is_none() {
            self.paste(text);
        }
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::note_editor::draw(frame, area, app, self, theme);
        None
    }
}
