//! Saving what is written in the note editor: the draft within a second and
//! on every way out, keep or discard when leaving, the save itself, and the
//! text that comes back from `$EDITOR`.

use super::editor::NoteEditor;
use super::layer::Outcome;
use super::overlay::{Confirm, OnYes, Overlay};
use super::{Action, App, Pane};
use crate::app::overlays::conflict::ConflictView;
use crate::external_editor::Edited;
use crate::keymap::Context;
use crate::store::conflict::RecordRef;
use crate::store::drafts::DraftTarget;
use crate::store::{Store, StoreError};

/// Write an editor's text to its draft row if it changed. Returns whether
/// the typing is now in the database (or there was none to write).
fn write_draft(store: &mut Store, e: &mut NoteEditor) -> bool {
    if !e.unsaved || (!e.has_typing() && e.draft_id.is_none()) {
        e.unsaved = false;
        return true;
    }
    let written = match store.save_draft(&e.draft()) {
        // Another session took this draft meanwhile: never write into it;
        // keep this typing as a draft of its own.
        Err(StoreError::HeldElsewhere { since }) => {
            e.draft_id = None;
            e.notice = Some(format!(
                "Another session has had this draft open since {}; \
                 your typing is kept as a separate draft.",
                super::notes::people_time(&since)
            ));
            store.save_draft(&e.draft())
        }
        other => other,
    };
    match written {
        Ok(id) => {
            e.draft_id = Some(id);
            e.unsaved = false;
            true
        }
        Err(err) => {
            e.notice = Some(format!(
                "Could not write the draft: {err}. Keep this window open."
            ));
            false
        }
    }
}

impl App {
    /// Typing in the note editor that is not in the database yet.
    pub fn draft_pending(&self) -> bool {
        self.editor().is_some_and(|e| e.unsaved)
    }

    /// Write the open editor's text to its draft row now (the editor may be
    /// under a question or a form). Returns whether the typing is safe.
    pub(super) fn flush_draft(&mut self) -> bool {
        let App {
            overlays, store, ..
        } = self;
        let Some(e) = overlays.iter_mut().find_map(|o| match o {
            Overlay::Editor(e) => Some(&mut **e),
            _ => None,
        }) else {
            return true;
        };
        let first = e.draft_id.is_none();
        let safe = write_draft(store, e);
        if safe && first && e.draft_id.is_some() {
            self.refresh_drafts();
        }
        safe
    }

    /// Take the editor off the top of the stack.
    fn pop_editor(&mut self) -> Option<NoteEditor> {
        match self.overlays.pop()? {
            Overlay::Editor(e) => Some(*e),
            other => {
                self.overlays.push(other);
                None
            }
        }
    }

    /// "Keep as draft" when leaving: write it, then close the editor (which
    /// is on top, under the question that asked). A failed write keeps the
    /// editor open with the reason on screen.
    pub(super) fn keep_draft(&mut self) {
        if let Some(e) = self.editor_mut() {
            e.unsaved = true;
        }
        if !self.flush_draft() {
            return;
        }
        if let Some(e) = self.pop_editor() {
            self.status = Some(format!(
                "Draft kept for {}: it reopens when you come back to this note.",
                e.client_name
            ));
            // Kept for later: the next session to come to it may take it.
            if let Some(id) = e.draft_id {
                if let Err(err) = self.store.release_draft(id) {
                    self.status = Some(format!("Draft kept, but still marked as open here: {err}"));
                }
            }
        }
        self.refresh_drafts();
    }

    /// "Discard" when leaving: the editor on top goes, with its draft row.
    pub(super) fn discard_editor(&mut self) {
        if let Some(e) = self.pop_editor() {
            self.drop_editor(&e);
        }
    }

    /// An editor that is closing without a save: its draft row goes too.
    pub(super) fn drop_editor(&mut self, e: &NoteEditor) {
        if let Some(id) = e.draft_id {
            if let Err(err) = self.store.discard_draft(id, e.client_id) {
                self.status = Some(format!("Could not remove the draft: {err}"));
            }
        }
        self.refresh_drafts();
    }

    /// Ctrl-S in the editor (which is off the stack while it asks).
    pub(super) fn save_editor(&mut self, e: &mut NoteEditor) -> Outcome {
        if !e.has_typing() && e.target != DraftTarget::Edit {
            e.notice = Some(format!(
                "Nothing written yet: type the note, then {}.",
                self.key(Action::Save, Context::Editor)
            ));
            return Outcome::Done;
        }
        let body = e.body().trim_end().to_string();
        let result = match (e.target, e.note_id) {
            (DraftTarget::Addendum, Some(_)) => {
                let ask = Confirm::new(
                    "Sign and add this addendum? Once added it cannot be changed.",
                    OnYes::SaveAddendum,
                );
                return Outcome::open(Overlay::Confirm(ask));
            }
            (DraftTarget::Edit, Some(id)) => match &e.base {
                Some(base) => self
                    .store
                    .update_note(id, &e.meta, &body, base, e.draft_id)
                    .map(|_| id),
                // What this draft started from is not known (see
                // `App::draft_base`): show both versions and ask.
                None => self
                    .store
                    .latest(RecordRef::Note(id))
                    .and_then(|now| Err(StoreError::Conflict(Box::new(now)))),
            },
            _ => self
                .store
                .create_note(e.client_id, &e.meta, &body, e.draft_id),
        };
        if let Err(StoreError::Conflict(c)) = result {
            // Another session saved first: the typing is kept (in the
            // editor and its draft) while the overlay asks what to do.
            e.unsaved = true;
            write_draft(&mut self.store, e);
            return Outcome::open(Overlay::Conflict(Box::new(ConflictView::for_note(e, *c))));
        }
        let done = format!(
            "Note saved. Press {} in Notes to sign it when it is final.",
            self.key(Action::SignNote, Context::Pane(Pane::Notes))
        );
        match self.after_save(e, result, &done) {
            true => Outcome::Close,
            false => Outcome::Done,
        }
    }

    /// Confirmed: the addendum in the editor on top is signed and appended.
    pub(super) fn save_addendum(&mut self) {
        let Some(mut e) = self.pop_editor() else {
            return;
        };
        let Some(note_id) = e.note_id else {
            self.overlays.push(Overlay::Editor(Box::new(e)));
            return;
        };
        let result = self
            .store
            .add_addendum(note_id, e.body().trim_end(), e.draft_id)
            .map(|_| note_id);
        if !self.after_save(&mut e, result, "Addendum signed and added under the note.") {
            self.overlays.push(Overlay::Editor(Box::new(e)));
        }
    }

    /// After a save: on success show the note (the caller closes the
    /// editor); on failure keep every word, in the editor and in its draft.
    fn after_save(
        &mut self,
        e: &mut NoteEditor,
        result: crate::store::Result<i64>,
        done: &str,
    ) -> bool {
        match result {
            Ok(note_id) => {
                self.status = Some(done.into());
                self.show_note(e.client_id, note_id);
                self.refresh_drafts();
                true
            }
            Err(err) => {
                e.unsaved = true;
                write_draft(&mut self.store, e);
                e.notice = Some(format!(
                    "Not saved: {err}. Your text is kept; try {} again.",
                    self.key(Action::Save, Context::Editor)
                ));
                false
            }
        }
    }

    /// What came back from `$EDITOR`: the new text, or why there is none.
    pub(super) fn external_edit_done(&mut self, result: Result<Edited, String>) {
        let save = self.key(Action::Save, Context::Editor);
        let Some(e) = self.editor_mut() else { return };
        match result {
            Ok(Edited { text, warning }) if text.trim_end() == e.body().trim_end() => {
                e.notice =
                    Some(warning.unwrap_or_else(|| "No change from the external editor.".into()));
            }
            Ok(Edited { text, warning }) => {
                e.replace_text(&text);
                e.notice = Some(match warning {
                    Some(w) => format!("External editor: {w}. {save} saves the note."),
                    None => format!("Text from the external editor; {save} saves the note."),
                });
            }
            Err(msg) => e.notice = Some(format!("External editor: {msg}. Your text is unchanged.")),
        }
    }
}
