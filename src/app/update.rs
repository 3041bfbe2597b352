use super::overlay::{Confirm, FormPurpose, OnYes, Overlay};
use super::{Action, App, Pane};
use crate::keymap::Context;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

impl App {
    /// Which part of the key table applies now.
    pub fn key_context(&self) -> Context {
        match self.overlays.last() {
            None => Context::Pane(self.focus),
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Form(_)) => Context::Form,
            Some(Overlay::StageHistory(_)) => Context::StageHistory,
            Some(Overlay::Filter) => Context::Filter,
            Some(Overlay::Today(_)) => Context::Today,
            Some(Overlay::Workload(_)) => Context::Workload,
            Some(Overlay::SafetyPlan(_)) => Context::SafetyPlan,
            Some(Overlay::Editor(e)) if e.picker.is_some() => Context::Picker,
            Some(Overlay::Editor(_)) => Context::Editor,
            Some(Overlay::LeaveNote) => Context::LeaveNote,
            Some(Overlay::Search(_)) => Context::Search,
            Some(Overlay::GoalDetail(_)) => Context::GoalDetail,
        }
    }

    /// One key press as the user typed it: the keymap turns it into an
    /// action in the current context, or else it is text for the input on top.
    pub fn on_key(&mut self, key: KeyEvent) -> bool {
        match crate::keymap::lookup(&key, self.key_context()) {
            Some(action) => self.update(action),
            None => self.type_key(key),
        }
    }

    /// Apply one action. Returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        if let Some(changed) = self.note_overlay_action(action) {
            return changed;
        }
        match action {
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::MoveDown => return self.move_by(1),
            Action::MoveUp => return self.move_by(-1),
            Action::PageDown => return self.move_by(self.page_rows as isize),
            Action::PageUp => return self.move_by(-(self.page_rows as isize)),
            Action::Home => return self.move_by(isize::MIN / 2),
            Action::End => return self.move_by(isize::MAX / 2),
            Action::ToggleHelp => self.toggle_help(),
            Action::Back => self.back(),
            Action::Quit => self.should_quit = true,
            Action::Suspend => self.suspend_requested = true,
            Action::AddClient => self.open_client_form(),
            Action::AddGoal => self.open_goal_form(None),
            Action::EditGoal => self.edit_selected_goal(),
            Action::RecordProgress => self.open_progress_form(),
            Action::OpenGoal => self.open_goal_detail(),
            Action::AddStep => self.open_step_form(None),
            Action::AddReferral => self.open_referral_form(None),
            Action::ToggleStep => self.toggle_step(),
            Action::EditGoalItem => self.edit_goal_item(),
            Action::NextField => self.with_form(|f| f.next_field()),
            Action::PrevField => self.with_form(|f| f.prev_field()),
            Action::Save => self.save_top(),
            Action::Yes => self.answer(true),
            Action::No => self.answer(false),
            Action::ToggleItem => self.toggle_item(),
            Action::EditItemNote => self.open_item_note_form(),
            Action::AdvanceStage => self.advance_stage(),
            Action::StepBackStage => self.open_step_back_form(),
            Action::ReopenCase => self.open_reopen_form(),
            Action::ShowStageHistory => self.show_stage_history(),
            Action::EditClient => self.open_edit_client_form(),
            Action::ArchiveClient => self.ask_archive(),
            Action::ToggleArchived => self.toggle_archived(),
            Action::CycleSort => self.cycle_sort(),
            Action::Filter => self.open_filter(),
            Action::KeepFilter => self.keep_filter(),
            Action::ClearFilter => self.clear_filter(),
            Action::ToggleCrisis => self.ask_crisis(),
            Action::SafetyPlan => self.open_safety_plan(),
            Action::EditSafetyPlan => self.open_safety_form(),
            Action::Today => self.open_today(),
            Action::JumpToClient => self.jump_from_today(),
            Action::Workload => self.open_workload(),
            Action::TogglePrivacy => self.toggle_privacy(),
            Action::NewNote
            | Action::EditNote
            | Action::AddAddendum
            | Action::SignNote
            | Action::SearchNotes
            | Action::ScrollNoteDown
            | Action::ScrollNoteUp
            | Action::CycleKind
            | Action::CycleFormat
            | Action::NoteDetails
            | Action::PickTechniques
            | Action::PickGoals
            | Action::ExternalEditor
            | Action::Toggle
            | Action::KeepDraft
            | Action::DiscardDraft
            | Action::OpenResult => return self.note_action(action),
        }
        true
    }

    fn toggle_help(&mut self) {
        if self.overlays.last() == Some(&Overlay::Help) {
            self.overlays.pop();
        } else {
            self.help_scroll = 0;
            self.overlays.push(Overlay::Help);
        }
    }

    /// Esc: close what is on top; a form with typing in it asks first.
    fn back(&mut self) {
        match self.overlays.last() {
            Some(Overlay::Form(f)) if f.dirty => {
                self.overlays.push(Overlay::Confirm(Confirm {
                    question: "Discard what you typed in this form?".into(),
                    on_yes: OnYes::DiscardForm,
                }));
            }
            Some(_) => {
                self.overlays.pop();
            }
            None => {
                if self.status.take().is_none() {
                    if self.view.filter.text().is_empty() {
                        self.focus = Pane::Caseload;
                    } else {
                        self.clear_filter();
                    }
                }
            }
        }
    }

    fn answer(&mut self, yes: bool) {
        let Some(Overlay::Confirm(c)) = self.overlays.pop() else {
            return;
        };
        if yes {
            match c.on_yes {
                OnYes::DiscardForm => {
                    self.overlays.pop();
                }
                OnYes::AdvanceStage { client_id } => self.advance_confirmed(client_id),
                OnYes::Archive(id, archive) => self.archive(id, archive),
                OnYes::Crisis(id, crisis) => self.set_crisis(id, crisis),
                OnYes::SignNote(id) => self.sign_note(id),
                OnYes::SaveAddendum => self.save_addendum(),
            }
        }
    }

    /// Ctrl-S: save whatever form is on top, by what it is for.
    fn save_top(&mut self) {
        let Some(Overlay::Form(form)) = self.overlays.last() else {
            return;
        };
        // The save and the removal of this form's draft land together.
        self.store.retire_form_draft_with_next_write(form.draft_id);
        match form.purpose {
            FormPurpose::AddClient | FormPurpose::EditClient(_) => self.save_client_form(),
            FormPurpose::Stage(purpose) => self.save_stage_form(purpose),
            FormPurpose::SafetyPlan(id) => self.save_safety_form(id),
            FormPurpose::NoteDetails => self.save_note_details(),
            p @ (FormPurpose::AddGoal
            | FormPurpose::EditGoal(_)
            | FormPurpose::RecordProgress(_)
            | FormPurpose::AddStep(_)
            | FormPurpose::EditStep(_)
            | FormPurpose::AddReferral(_)
            | FormPurpose::EditReferral(_)) => self.save_goal_forms(p),
        }
        self.store.retire_form_draft_with_next_write(None);
    }

    fn with_form(&mut self, f: impl FnOnce(&mut super::form::Form)) {
        if let Some(Overlay::Form(form)) = self.overlays.last_mut() {
            f(form);
        }
    }

    /// Text typed into whatever input is on top. Returns whether it changed anything.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        if let Some(changed) = self.type_into_notes(key) {
            return changed;
        }
        if let Some(changed) = self.type_into_filter(key) {
            return changed;
        }
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return false;
        };
        let Some(field) = form.focused() else {
            return false;
        };
        if let super::form::FieldKind::Choice(opts) = field.kind {
            let n = opts.len();
            match key.code {
                KeyCode::Char(' ') | KeyCode::Right => field.choice = (field.choice + 1) % n,
                KeyCode::Left => field.choice = (field.choice + n - 1) % n,
                _ => return false,
            }
            form.dirty = true;
            return true;
        }
        if !field.input.edit(key) {
            return false;
        }
        field.error = None;
        form.dirty = true;
        true
    }

    /// Bracketed paste: one insert into the focused input.
    pub fn paste(&mut self, text: &str) -> bool {
        if let Some(changed) = self.paste_into_notes(text) {
            return changed;
        }
        if let Some(changed) = self.paste_into_filter(text) {
            return changed;
        }
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return false;
        };
        let Some(field) = form.focused() else {
            return false;
        };
        field.input.insert_str(text);
        form.dirty = true;
        true
    }

    fn move_by(&mut self, delta: isize) -> bool {
        if self.overlays.last() == Some(&Overlay::Help) {
            // The drawing clamps it to what there is to see.
            self.help_scroll = self.help_scroll.saturating_add_signed(delta).min(500);
            return true;
        }
        if let Some(Overlay::StageHistory(view)) = self.overlays.last() {
            return view.scroll_by(delta);
        }
        if let Some(moved) = self
            .move_in_today(delta)
            .or_else(|| self.scroll_safety(delta))
        {
            return moved;
        }
        if let Some(Overlay::GoalDetail(_)) = self.overlays.last() {
            return self.move_in_goal_detail(delta);
        }
        let pane = self.focus;
        let len = self.list_len(pane);
        let before = self.cursor(pane);
        self.cursors[pane as usize].step(delta, len);
        if self.cursor(pane) == before {
            return false;
        }
        if pane == Pane::Caseload {
            if let Err(e) = self.load_detail() {
                self.status = Some(format!("Could not load this client: {e}"));
            }
        }
        true
    }

    /// Called when the terminal changes size: a page is what fits in a list.
    pub fn resize(&mut self, height: u16) {
        self.page_rows = usize::from(height.saturating_sub(6)).max(1);
    }
}
