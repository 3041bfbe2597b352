//! The one place the app changes: `update` takes a message, lets the
//! overlay on top have it first, else the panes, and returns what the event
//! loop must do.

use super::layer::{Drawn, Effect, Msg, Outcome, Update};
use super::overlays::help::Help;
use super::{Action, App, Overlay, Pane};
use crate::keymap::{self, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Which part of the key table applies now.
    pub fn key_context(&self) -> Context {
        if self.is_locked() {
            return Context::Lock;
        }
        match self.overlays.last() {
            Some(o) => o.context(),
            None => Context::Pane(self.focus),
        }
    }

    /// One key press as the user typed it: the keymap turns it into an
    /// action in the current context, or else it is text for the input on top.
    pub fn on_key(&mut self, key: KeyEvent) -> Update {
        match keymap::lookup(&key, self.key_context()) {
            Some(action) => self.update(action),
            None => self.update(Msg::Text(key)),
        }
    }

    /// The character this key types here, if it is plain text: no action
    /// in the current context, and a character (Shift at most) or Enter
    /// (`\n`). Keys like these that arrive together can go to `update` as
    /// one `Msg::Typed`.
    pub fn typed_char(&self, key: &KeyEvent) -> Option<char> {
        if keymap::lookup(key, self.key_context()).is_some() {
            return None;
        }
        match key.code {
            KeyCode::Char(c) if (key.modifiers - KeyModifiers::SHIFT).is_empty() => Some(c),
            KeyCode::Enter if key.modifiers.is_empty() => Some('\n'),
            _ => None,
        }
    }

    /// Apply one message; say what to redraw and what the loop must do.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Update {
        let msg = msg.into();
        // No input acts on the first screen's rows alone: if loading the
        // rest failed after the first frame, it is tried again first, and
        // if it fails again only quitting, suspending, zooming and the lock
        // act (a filter or a new client checked against part of the
        // caseload could mislead).
        if msg.is_input() && !self.is_locked() && self.load_the_rest() && !may_act_unseen(&msg) {
            return Update {
                redraw: true,
                effects: std::mem::take(&mut self.effects),
            };
        }
        if let Msg::Drawn(drawn) = msg {
            // What a frame showed changes nothing on screen.
            self.take_drawn(drawn);
            return Update::default();
        }
        let mut redraw = match msg {
            msg if self.is_locked() && msg.is_input() => self.locked_input(msg),
            // Nothing but the too-small message is on screen: a key must
            // not tick, answer or type into what cannot be seen. Zoom (which
            // may make it fit), quit, suspend and the lock still work.
            msg if self.too_small && msg.is_input() && !may_act_unseen(&msg) => false,
            Msg::Idle => self.lock_now(super::lock::Why::Idle),
            Msg::Action(Action::LockNow) => self.lock_now(super::lock::Why::Asked),
            Msg::HoldOver => self.hold_over(),
            Msg::Shown => {
                self.store.start_health_check();
                self.ask_for_the_rest();
                false
            }
            Msg::Rest(loaded) => self.take_in_the_rest(loaded),
            Msg::Action(Action::Save) => {
                self.store.forget_lock();
                let changed = self.route(|o, app| o.handle(Action::Save, app));
                self.after_save_attempt();
                changed.unwrap_or(false) || self.waiting_for_lock()
            }
            Msg::Action(action) => match self.route(|o, app| o.handle(action, app)) {
                Some(changed) => changed,
                None => self.pane_action(action),
            },
            Msg::Text(key) => self.route(|o, app| o.text(key, app)).unwrap_or(false),
            Msg::Paste(text) => self.route(|o, app| o.paste(&text, app)).unwrap_or(false),
            Msg::Typed(text) => self.route(|o, app| o.typed(&text, app)).unwrap_or(false),
            Msg::Drawn(_) => false,
            Msg::Resized(rows) => self.resized(rows),
            Msg::Searched(answer) => self.searched(answer),
            Msg::DraftsDue => {
                self.retry_waiting_save();
                self.flush_drafts();
                true
            }
            Msg::Closing => {
                // Last chance: worth waiting a few seconds for a lock.
                let _ = self
                    .store
                    .set_lock_patience(std::time::Duration::from_secs(5));
                self.flush_drafts();
                false
            }
            Msg::Edited(result) => {
                self.external_edit_done(result);
                // The new text is typing like any other: drafted at once.
                self.flush_drafts();
                true
            }
        };
        // Before anything that leaves the program or the screen, every piece
        // of typing is in the database.
        if !self.effects.is_empty() {
            self.flush_drafts();
        }
        // A form belongs to the client selected when it opened.
        let selected = self.selected_client().map(|c| c.id);
        for o in &mut self.overlays {
            if let Overlay::Form(f) = o {
                f.for_client = f.for_client.or(selected);
            }
        }
        // A form that closed (saved or discarded) takes its draft with it.
        self.sync_form_drafts();
        // A write landed, but its head could not be kept outside the file.
        if let Some(trouble) = self.store.take_anchor_trouble() {
            self.status = Some(format!("Saved, but not anchored: {trouble}"));
            redraw = true;
        }
        redraw |= self.refresh_if_changed();
        Update {
            redraw,
            effects: std::mem::take(&mut self.effects),
        }
    }

    /// Give an input to the overlay on top. `None` when there is none or it
    /// passed; otherwise whether to redraw. While it handles the input the
    /// overlay is off the stack, so what it sees there is what lies beneath.
    pub(super) fn route(
        &mut self,
        f: impl FnOnce(&mut Overlay, &mut App) -> Outcome,
    ) -> Option<bool> {
        let mut top = self.overlays.pop()?;
        match f(&mut top, self) {
            Outcome::Done => self.overlays.push(top),
            Outcome::Still => {
                self.overlays.push(top);
                return Some(false);
            }
            Outcome::Pass => {
                self.overlays.push(top);
                return None;
            }
            Outcome::Close => {}
            Outcome::Open(next) => {
                self.overlays.push(top);
                self.overlays.push(*next);
            }
        }
        Some(true)
    }

    /// An action for the panes (nothing on top, or the top let it pass).
    fn pane_action(&mut self, action: Action) -> bool {
        if let Some(delta) = self.cursors[self.focus as usize].delta(action) {
            return self.move_by(delta);
        }
        match action {
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::Zoom => self.zoom = !self.zoom,
            Action::ToggleHelp => self.overlays.push(Overlay::Help(Help::default())),
            Action::Back => self.back(),
            Action::Quit => self.effects.push(Effect::Quit),
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::AddClient => self.open_client_form(),
            Action::AddGoal => self.open_goal_form(None),
            Action::EditGoal => self.edit_selected_goal(),
            Action::RecordProgress => self.open_progress_form(),
            Action::OpenGoal => self.open_goal_detail(),
            Action::ToggleItem => self.toggle_item(),
            Action::EditItemNote => self.open_item_note_form(),
            Action::AdvanceStage => self.advance_stage(),
            Action::StepBackStage => self.open_step_back_form(),
            Action::ReopenCase => self.open_reopen_form(),
            Action::ShowStageHistory => self.show_stage_history(),
            Action::TickOnDate => self.open_tick_on_form(),
            Action::AdvanceOnDate => self.open_advance_on_form(),
            a @ (Action::CheckInHeld | Action::CheckInMove | Action::CheckInCancel) => {
                if let Some(change) = super::checkins::CheckInChange::of(a) {
                    self.change_next_checkin(change);
                }
            }
            Action::EditClient => self.open_edit_client_form(),
            Action::ArchiveClient => self.ask_archive(),
            Action::ToggleArchived => self.toggle_archived(),
            Action::CycleSort => self.cycle_sort(),
            Action::Filter => self.open_filter(),
            Action::ToggleCrisis => self.ask_crisis(),
            Action::SafetyPlan => self.open_safety_plan(),
            Action::Measures => self.open_measures(),
            Action::Today => self.open_today(),
            Action::Workload => self.open_workload(),
            Action::ConsultPack => self.open_consult_form(),
            Action::ProgressSheet => self.open_sheet_preview(),
            Action::TogglePrivacy => self.toggle_privacy(),
            Action::NewNote => self.open_new_note(),
            Action::EditNote => self.open_edit_note(),
            Action::AddAddendum => self.open_addendum(),
            Action::SignNote => self.ask_sign(),
            Action::SearchNotes => self.overlays.push(Overlay::Search(Box::default())),
            Action::ScrollNoteDown => return self.scroll_preview(1),
            Action::ScrollNoteUp => return self.scroll_preview(-1),
            Action::ReadNote => return self.open_reader(),
            Action::MarkInError => self.mark_selected_in_pane(),
            Action::MoveNote => self.ask_move_note(),
            // Actions of overlays that are not open: nothing to do.
            _ => return false,
        }
        true
    }

    /// Esc on the panes: drop the message, else the filter, else go home.
    fn back(&mut self) {
        if self.status.take().is_none() {
            if self.view.filter.text().is_empty() {
                self.focus = Pane::Caseload;
            } else {
                self.clear_filter();
            }
        }
    }

    fn move_by(&mut self, delta: isize) -> bool {
        let pane = self.focus;
        let len = self.list_len(pane);
        if !self.cursors[pane as usize].step(delta, len) {
            return false;
        }
        if pane == Pane::Caseload {
            self.load_detail_or_say();
        }
        true
    }

    /// Take what the last frame showed: where each list's window is, and
    /// how many rows each view had, for paging and clamping.
    fn take_drawn(&mut self, drawn: Drawn) {
        self.too_small = drawn.too_small;
        for (cursor, seen) in self.cursors.iter_mut().zip(drawn.panes) {
            if let Some(seen) = seen {
                cursor.seen(seen);
            }
        }
        if let (Some(seen), Some(id)) = (drawn.preview, self.selected_note().map(|n| n.id)) {
            self.notes_ui.preview_note = id;
            self.notes_ui.preview.seen(seen);
        }
        for (overlay, seen) in self.overlays.iter_mut().zip(drawn.overlays) {
            if let Some(seen) = seen {
                overlay.seen(seen);
            }
        }
    }
}

/// The inputs that still act while the screen is too small to show
/// anything: none of them touches a record.
fn may_act_unseen(msg: &Msg) -> bool {
    matches!(
        msg,
        Msg::Action(Action::Zoom | Action::Quit | Action::Suspend | Action::LockNow)
    )
}
