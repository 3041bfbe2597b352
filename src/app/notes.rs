//! Notes: opening the editor, saving, drafts, signing, addenda and search.
//! Everything a key does to notes starts here; the store does the writing.

use super::editor::{NoteEditor, PickWhat};
use super::form::{Field, FieldKind, Form};
use super::overlay::{Confirm, FormPurpose, OnYes, Overlay};
use super::search::RESULT_LIMIT;
use super::{Action, App, Cursor, Pane};
use crate::domain::GoalStatus;
use crate::domain::note_meta::{parse_duration, parse_time};
use crate::external_editor::Edited;
use crate::store::drafts::{Draft, DraftTarget};
use ratatui::crossterm::event::KeyEvent;
use std::cell::Cell;

/// Notes state that is not an overlay.
#[derive(Debug, Default)]
pub struct NotesState {
    /// Preview scroll: (note id, first line shown).
    pub preview: (i64, u16),
    /// The largest useful scroll for the note on screen; written by drawing.
    pub preview_max: Cell<u16>,
    /// Drafts waiting in the database: (client id, target, note id).
    pub drafts: Vec<(i64, DraftTarget, Option<i64>)>,
    /// `$EDITOR` was asked for; the event loop (which owns the terminal) runs it.
    pub external_edit: bool,
}

impl App {
    pub(super) fn editor(&self) -> Option<&NoteEditor> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Editor(e) => Some(&**e),
            _ => None,
        })
    }

    pub(super) fn editor_mut(&mut self) -> Option<&mut NoteEditor> {
        self.overlays.iter_mut().find_map(|o| match o {
            Overlay::Editor(e) => Some(&mut **e),
            _ => None,
        })
    }

    fn top_editor(&mut self) -> Option<&mut NoteEditor> {
        match self.overlays.last_mut() {
            Some(Overlay::Editor(e)) => Some(e),
            _ => None,
        }
    }

    /// The note under the cursor in the Notes pane.
    pub fn selected_note(&self) -> Option<&crate::domain::Note> {
        self.detail
            .as_ref()
            .and_then(|d| d.notes.get(self.cursor(Pane::Notes)))
    }

    /// Generic actions (save, back, move) while a notes overlay is on top.
    /// `None` lets the usual handling run.
    pub(super) fn note_overlay_action(&mut self, action: Action) -> Option<bool> {
        match (self.overlays.last(), action) {
            (Some(Overlay::Editor(e)), _) if e.picker.is_some() => Some(self.picker_action(action)),
            (Some(Overlay::Editor(_)), Action::Save) => Some(self.save_editor()),
            (Some(Overlay::Editor(_)), Action::Back) => Some(self.leave_editor()),
            (Some(Overlay::LeaveNote), Action::Back) => {
                self.overlays.pop();
                Some(true)
            }
            (Some(Overlay::Search(_)), Action::MoveDown) => Some(self.search_move(1)),
            (Some(Overlay::Search(_)), Action::MoveUp) => Some(self.search_move(-1)),
            (Some(Overlay::Search(_)), Action::PageDown) => {
                Some(self.search_move(self.page_rows as isize))
            }
            (Some(Overlay::Search(_)), Action::PageUp) => {
                Some(self.search_move(-(self.page_rows as isize)))
            }
            _ => None,
        }
    }

    /// The notes actions themselves.
    pub(super) fn note_action(&mut self, action: Action) -> bool {
        match action {
            Action::NewNote => self.open_new_note(),
            Action::EditNote => self.open_edit_note(),
            Action::AddAddendum => self.open_addendum(),
            Action::SignNote => self.ask_sign(),
            Action::SearchNotes => self.overlays.push(Overlay::Search(Box::default())),
            Action::ScrollNoteDown => return self.scroll_preview(self.page_rows as isize / 2),
            Action::ScrollNoteUp => return self.scroll_preview(-(self.page_rows as isize / 2)),
            Action::CycleKind | Action::CycleFormat if !self.editor_has_details() => {}
            Action::CycleKind => self.with_editor(NoteEditor::cycle_kind),
            Action::CycleFormat => self.with_editor(NoteEditor::cycle_format),
            Action::NoteDetails => self.open_details_form(),
            Action::PickTechniques => self.open_picker(PickWhat::Techniques),
            Action::PickGoals => self.open_picker(PickWhat::Goals),
            Action::ExternalEditor => {
                if self.top_editor().is_some() {
                    self.notes_ui.external_edit = true;
                }
            }
            Action::KeepDraft => self.keep_draft(),
            Action::DiscardDraft => self.discard_editor(),
            Action::OpenResult => self.open_search_result(),
            Action::Toggle => {}
            _ => return false,
        }
        true
    }

    fn with_editor(&mut self, f: impl FnOnce(&mut NoteEditor)) {
        if let Some(e) = self.top_editor() {
            f(e);
        }
    }

    fn editor_has_details(&self) -> bool {
        self.editor().is_some_and(NoteEditor::has_details)
    }

    // ---- opening the editor ------------------------------------------------

    /// `n`: a new note for the selected client, or the draft already waiting.
    fn open_new_note(&mut self) {
        let Some(client) = self.selected_client().cloned() else {
            self.status =
                Some("Add a client first (a in Caseload); notes belong to a client.".into());
            return;
        };
        if let Some(d) =
            self.find_draft(|d| d.client_id == client.id && d.target == DraftTarget::New)
        {
            self.open_draft(d, "Continuing your unsaved draft");
            return;
        }
        let mut meta = match self.store.note_defaults(self.today) {
            Ok(m) => m,
            Err(e) => {
                self.status = Some(format!("Could not read note defaults: {e}"));
                crate::domain::NoteMeta::new(self.today)
            }
        };
        let goals = self.client_goals();
        // Goals discussed last time, if still active, are the likely ones today.
        meta.goal_ids = self
            .detail
            .as_ref()
            .and_then(|d| d.notes.first())
            .map(|n| n.goal_ids.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|id| goals.iter().any(|(g, _)| g == id))
            .collect();
        let template = meta.format.template();
        let mut e = NoteEditor::new(
            client.id,
            client.name,
            DraftTarget::New,
            None,
            meta,
            &template,
        );
        e.goals = goals;
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// `e` in Notes: edit an unsigned note.
    fn open_edit_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            return;
        };
        if note.is_signed() {
            self.status =
                Some("Signed notes are locked. Press A to add an addendum instead.".into());
            return;
        }
        if let Some(d) =
            self.find_draft(|d| d.target == DraftTarget::Edit && d.note_id == Some(note.id))
        {
            self.open_draft(d, "Continuing your unsaved changes to this note");
            return;
        }
        let meta = crate::domain::NoteMeta {
            kind: note.kind,
            format: note.format,
            session_date: note.session_date,
            session_time: note.session_time.clone(),
            duration_min: note.duration_min,
            techniques: note.techniques.clone(),
            goal_ids: note.goal_ids.clone(),
        };
        let name = self.client_name(note.client_id);
        let mut e = NoteEditor::new(
            note.client_id,
            name,
            DraftTarget::Edit,
            Some(note.id),
            meta,
            &note.body,
        );
        e.goals = self.client_goals();
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// `A` in Notes: a correction to a signed note.
    fn open_addendum(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            return;
        };
        if !note.is_signed() {
            self.status = Some("This note is not signed yet: change it directly with e.".into());
            return;
        }
        if let Some(d) =
            self.find_draft(|d| d.target == DraftTarget::Addendum && d.note_id == Some(note.id))
        {
            self.open_draft(d, "Continuing your unsaved addendum");
            return;
        }
        let meta = crate::domain::NoteMeta {
            kind: note.kind,
            format: crate::domain::NoteFormat::Free,
            ..crate::domain::NoteMeta::new(note.session_date)
        };
        let name = self.client_name(note.client_id);
        let mut e = NoteEditor::new(
            note.client_id,
            name,
            DraftTarget::Addendum,
            Some(note.id),
            meta,
            "",
        );
        e.note_label = Some(note_label(&note));
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// Active goals of the client on screen: (id, the client's words).
    fn client_goals(&self) -> Vec<(i64, String)> {
        self.detail
            .as_ref()
            .map(|d| active_goals(&d.goals))
            .unwrap_or_default()
    }

    /// Active goals of a given client, read from the store: a restored
    /// draft's client may not be the one on screen (archived, filtered out).
    fn goals_of(&mut self, client_id: i64) -> Vec<(i64, String)> {
        match self.store.goals_of(client_id) {
            Ok(goals) => active_goals(&goals),
            Err(e) => {
                self.status = Some(format!("Could not load this client's goals: {e}"));
                Vec::new()
            }
        }
    }

    fn find_draft(&mut self, pred: impl Fn(&Draft) -> bool) -> Option<Draft> {
        match self.store.drafts(self.today) {
            Ok(all) => all.into_iter().find(|d| pred(d)),
            Err(e) => {
                self.status = Some(format!("Could not read drafts: {e}"));
                None
            }
        }
    }

    /// Open a draft in the editor, on its client, with a notice saying so.
    fn open_draft(&mut self, d: Draft, notice: &str) {
        if self.selected_client().map(|c| c.id) != Some(d.client_id) {
            self.select_client(d.client_id);
        }
        let name = self.client_name(d.client_id);
        let mut e = NoteEditor::from_draft(&d, name);
        e.goals = self.goals_of(d.client_id);
        let detail = self.detail.as_ref().filter(|x| x.client.id == d.client_id);
        if let (Some(id), Some(detail)) = (d.note_id, detail) {
            if let Some(n) = detail.notes.iter().find(|n| n.id == id) {
                e.note_label = Some(note_label(n));
                if d.target == DraftTarget::Edit {
                    e.original = n.body.clone();
                }
            }
        }
        e.notice = Some(format!(
            "{notice} (last written {}).",
            local_time(&d.updated_at)
        ));
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// At start: reopen the most recent draft, so nothing typed before a
    /// crash or a dropped link is out of sight.
    pub(super) fn restore_drafts(&mut self) {
        let drafts = match self.store.drafts(self.today) {
            Ok(d) => d,
            Err(e) => {
                self.status = Some(format!("Could not read saved drafts: {e}"));
                return;
            }
        };
        self.remember_drafts(&drafts);
        let Some(first) = drafts.first().cloned() else {
            return;
        };
        if drafts.len() > 1 {
            self.status = Some(format!(
                "{} more unsaved drafts: they reopen with n (or e, A) on their client.",
                drafts.len() - 1
            ));
        }
        self.open_draft(first, "Restored your unsaved draft from last time");
    }

    fn remember_drafts(&mut self, drafts: &[Draft]) {
        self.notes_ui.drafts = drafts
            .iter()
            .map(|d| (d.client_id, d.target, d.note_id))
            .collect();
    }

    fn refresh_drafts(&mut self) {
        if let Ok(d) = self.store.drafts(self.today) {
            self.remember_drafts(&d);
        }
    }

    /// Does the client on screen have a draft waiting?
    pub fn client_has_draft(&self, client_id: i64) -> bool {
        self.notes_ui.drafts.iter().any(|(c, _, _)| *c == client_id)
    }

    // ---- drafts ------------------------------------------------------------

    /// Typing that is not in the database yet.
    pub fn draft_pending(&self) -> bool {
        self.editor().is_some_and(|e| e.unsaved)
    }

    /// Write the editor's text to its draft row now. Called by the event loop
    /// after a pause in typing and on every way out. Returns whether it wrote.
    pub fn flush_draft(&mut self) -> bool {
        let Some(e) = self.editor() else {
            return false;
        };
        if !e.unsaved || (!e.has_typing() && e.draft_id.is_none()) {
            if let Some(e) = self.editor_mut() {
                e.unsaved = false;
            }
            return false;
        }
        let draft = e.draft();
        let result = self.store.save_draft(&draft);
        let Some(e) = self.editor_mut() else {
            return false;
        };
        match result {
            Ok(id) => {
                let first = e.draft_id.is_none();
                e.draft_id = Some(id);
                e.unsaved = false;
                if first {
                    self.refresh_drafts();
                }
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

    // ---- leaving and saving ------------------------------------------------

    /// Esc in the editor: ask when something would be lost.
    fn leave_editor(&mut self) -> bool {
        let typing = self.editor().is_some_and(NoteEditor::has_typing);
        if typing {
            self.overlays.push(Overlay::LeaveNote);
        } else {
            self.discard_editor();
        }
        true
    }

    fn close_editor(&mut self) -> Option<NoteEditor> {
        while let Some(o) = self.overlays.pop() {
            if let Overlay::Editor(e) = o {
                return Some(*e);
            }
        }
        None
    }

    fn keep_draft(&mut self) {
        if let Some(e) = self.editor_mut() {
            e.unsaved = true;
        }
        self.flush_draft();
        if self.editor().is_some_and(|e| e.unsaved) {
            // The write failed: stay in the editor with the reason on screen.
            self.overlays.pop();
            return;
        }
        if let Some(e) = self.close_editor() {
            self.status = Some(format!(
                "Draft kept for {}: it reopens when you come back to this note.",
                e.client_name
            ));
        }
        self.refresh_drafts();
    }

    fn discard_editor(&mut self) {
        let Some(e) = self.close_editor() else { return };
        if let Some(id) = e.draft_id {
            if let Err(err) = self.store.discard_draft(id, e.client_id) {
                self.status = Some(format!("Could not remove the draft: {err}"));
            }
        }
        self.refresh_drafts();
    }

    /// Ctrl-S in the editor.
    fn save_editor(&mut self) -> bool {
        let Some(e) = self.editor() else { return false };
        if !e.has_typing() && e.target != DraftTarget::Edit {
            if let Some(e) = self.editor_mut() {
                e.notice = Some("Nothing written yet: type the note, then Ctrl-S.".into());
            }
            return true;
        }
        let (target, client, note_id, meta, body, draft) = (
            e.target,
            e.client_id,
            e.note_id,
            e.meta.clone(),
            e.body(),
            e.draft_id,
        );
        let body = body.trim_end().to_string();
        let result = match (target, note_id) {
            (DraftTarget::Addendum, Some(_)) => {
                self.overlays.push(Overlay::Confirm(Confirm {
                    question: "Sign and add this addendum? Once added it cannot be changed.".into(),
                    on_yes: OnYes::SaveAddendum,
                }));
                return true;
            }
            (DraftTarget::Edit, Some(id)) => {
                self.store.update_note(id, &meta, &body, draft).map(|_| id)
            }
            _ => self.store.create_note(client, &meta, &body, draft),
        };
        self.after_save(
            result,
            "Note saved. Press s in Notes to sign it when it is final.",
        );
        true
    }

    /// Confirmed: the addendum on top is signed and appended.
    pub(super) fn save_addendum(&mut self) {
        let Some(e) = self.editor() else { return };
        let (Some(note_id), body, draft) = (e.note_id, e.body(), e.draft_id) else {
            return;
        };
        let result = self
            .store
            .add_addendum(note_id, body.trim_end(), draft)
            .map(|_| note_id);
        self.after_save(result, "Addendum signed and added under the note.");
    }

    fn after_save(&mut self, result: crate::store::Result<i64>, done: &str) {
        match result {
            Ok(note_id) => {
                let client = self.close_editor().map(|e| e.client_id);
                self.status = Some(done.into());
                if let Some(c) = client {
                    self.show_note(c, note_id);
                }
                self.refresh_drafts();
            }
            Err(err) => {
                // Keep every word: stay open, and make sure the draft has it.
                if let Some(e) = self.editor_mut() {
                    e.unsaved = true;
                }
                self.flush_draft();
                if let Some(e) = self.editor_mut() {
                    e.notice = Some(format!(
                        "Not saved: {err}. Your text is kept; try Ctrl-S again."
                    ));
                }
            }
        }
    }

    /// Put the screen on a client's note: select the client, focus Notes.
    fn show_note(&mut self, client_id: i64, note_id: i64) {
        if self.selected_client().map(|c| c.id) == Some(client_id) {
            if let Err(e) = self.load_detail() {
                self.status = Some(format!("Could not reload this client: {e}"));
            }
        } else {
            self.select_client(client_id);
        }
        let index = self
            .detail
            .as_ref()
            .filter(|d| d.client.id == client_id)
            .and_then(|d| d.notes.iter().position(|n| n.id == note_id));
        if let Some(i) = index {
            self.cursors[Pane::Notes as usize] = Cursor {
                index: i,
                offset: Cell::new(0),
            };
            self.focus = Pane::Notes;
        }
    }

    // ---- signing -----------------------------------------------------------

    fn ask_sign(&mut self) {
        let Some(note) = self.selected_note() else {
            return;
        };
        if note.is_signed() {
            self.status = Some("Already signed. Corrections go in an addendum (A).".into());
            return;
        }
        let id = note.id;
        self.overlays.push(Overlay::Confirm(Confirm {
            question: "Sign this note? A signed note is locked: later corrections become addenda."
                .into(),
            on_yes: OnYes::SignNote(id),
        }));
    }

    pub(super) fn sign_note(&mut self, note_id: i64) {
        let client = self.detail.as_ref().map(|d| d.client.id);
        match self.store.sign_note(note_id) {
            Ok(()) => {
                self.status = Some("Signed and locked.".into());
                if let Some(c) = client {
                    self.show_note(c, note_id);
                }
            }
            Err(e) => self.status = Some(format!("Not signed: {e}")),
        }
    }

    // ---- details inside the editor ----------------------------------------

    fn open_details_form(&mut self) {
        let Some(e) = self.editor() else { return };
        if !e.has_details() {
            return;
        }
        let m = &e.meta;
        let duration = m.duration_min.map(|d| d.to_string()).unwrap_or_default();
        let form = Form::new(
            "Session: when and how long",
            FormPurpose::NoteDetails,
            vec![
                Field::new("date", "Date", FieldKind::Date)
                    .required()
                    .value(&m.session_date.to_string()),
                Field::new("time", "Time", FieldKind::Text)
                    .placeholder("14:30 or 2:30pm")
                    .value(m.session_time.as_deref().unwrap_or("")),
                Field::new("duration", "Duration", FieldKind::Text)
                    .placeholder("minutes: 50, or 1h30")
                    .value(&duration),
            ],
        );
        self.overlays.push(Overlay::Form(form));
    }

    /// Ctrl-S on the details form: check, then hand the values to the editor.
    pub(super) fn save_note_details(&mut self) {
        let today = self.today;
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return;
        };
        form.error = None;
        if !form.check(today) {
            return;
        }
        let date = form.date("date", today);
        if let Some(Err(e)) = date.map(|d| crate::domain::dates::not_in_future(d, today)) {
            form.fail("date", format!("{e}: notes record what happened"));
            return;
        }
        let time = match parse_time(&form.text("time").unwrap_or_default()) {
            Ok(t) => t,
            Err(msg) => return form.fail("time", msg),
        };
        let duration = match parse_duration(&form.text("duration").unwrap_or_default()) {
            Ok(d) => d,
            Err(msg) => return form.fail("duration", msg),
        };
        self.overlays.pop();
        if let Some(e) = self.top_editor() {
            if let Some(d) = date {
                e.meta.session_date = d;
            }
            e.meta.session_time = time;
            e.meta.duration_min = duration;
            e.unsaved = true;
        }
    }

    fn open_picker(&mut self, what: PickWhat) {
        let Some(e) = self.top_editor() else { return };
        if !e.has_details() {
            return;
        }
        if what == PickWhat::Goals && e.goals.is_empty() {
            e.notice = Some("This client has no active goals to link yet.".into());
            return;
        }
        e.open_picker(what);
    }

    fn picker_action(&mut self, action: Action) -> bool {
        let Some(e) = self.top_editor() else {
            return false;
        };
        match action {
            Action::MoveDown => e.picker_move(1),
            Action::MoveUp => e.picker_move(-1),
            Action::Home => e.picker_move(isize::MIN / 2),
            Action::End => e.picker_move(isize::MAX / 2),
            Action::Toggle => e.picker_toggle(),
            Action::Back | Action::Save => e.picker = None,
            _ => return false,
        }
        true
    }

    // ---- typing ------------------------------------------------------------

    /// Keys not in the table, for a notes overlay on top. `None`: not ours.
    pub(super) fn type_into_notes(&mut self, key: KeyEvent) -> Option<bool> {
        match self.overlays.last_mut()? {
            Overlay::Editor(e) if e.picker.is_none() => {
                if e.text.input(key) {
                    e.unsaved = true;
                }
                Some(true)
            }
            Overlay::Editor(_) | Overlay::LeaveNote => Some(false),
            Overlay::Search(s) => {
                if !s.input.edit(key) {
                    return Some(false);
                }
                self.run_search();
                Some(true)
            }
            _ => None,
        }
    }

    /// Bracketed paste into a notes overlay. `None`: not ours.
    pub(super) fn paste_into_notes(&mut self, text: &str) -> Option<bool> {
        match self.overlays.last_mut()? {
            Overlay::Editor(e) if e.picker.is_none() => {
                e.paste(text);
                Some(true)
            }
            Overlay::Search(s) => {
                s.input.insert_str(text);
                self.run_search();
                Some(true)
            }
            Overlay::Editor(_) | Overlay::LeaveNote => Some(false),
            _ => None,
        }
    }

    // ---- $EDITOR -----------------------------------------------------------

    /// The text to hand to `$EDITOR`, if it was asked for. Clears the request.
    pub fn take_external_edit(&mut self) -> Option<String> {
        if !std::mem::take(&mut self.notes_ui.external_edit) {
            return None;
        }
        self.editor().map(NoteEditor::body)
    }

    /// What came back from `$EDITOR`: the new text, or why there is none.
    pub fn external_edit_done(&mut self, result: Result<Edited, String>) {
        let Some(e) = self.editor_mut() else { return };
        match result {
            Ok(Edited { text, warning }) if text.trim_end() == e.body().trim_end() => {
                e.notice =
                    Some(warning.unwrap_or_else(|| "No change from the external editor.".into()));
            }
            Ok(Edited { text, warning }) => {
                e.replace_text(&text);
                e.notice = Some(match warning {
                    Some(w) => format!("External editor: {w}. Ctrl-S saves the note."),
                    None => "Text from the external editor; Ctrl-S saves the note.".into(),
                });
            }
            Err(msg) => e.notice = Some(format!("External editor: {msg}. Your text is unchanged.")),
        }
    }

    // ---- search ------------------------------------------------------------

    fn run_search(&mut self) {
        let Some(Overlay::Search(s)) = self.overlays.last() else {
            return;
        };
        let query = s.input.text().to_string();
        let result = self.store.search_notes(&query, RESULT_LIMIT);
        if let Some(Overlay::Search(s)) = self.overlays.last_mut() {
            match result {
                Ok(hits) => {
                    s.hits = hits;
                    s.error = None;
                }
                Err(e) => {
                    s.hits.clear();
                    s.error = Some(format!("Search failed: {e}"));
                }
            }
            s.cursor = Cursor::default();
        }
    }

    fn search_move(&mut self, delta: isize) -> bool {
        let Some(Overlay::Search(s)) = self.overlays.last_mut() else {
            return false;
        };
        let len = s.hits.len();
        s.cursor.step(delta, len);
        true
    }

    fn open_search_result(&mut self) {
        let Some(Overlay::Search(s)) = self.overlays.last() else {
            return;
        };
        let Some(hit) = s.hits.get(s.cursor.index).cloned() else {
            return;
        };
        if !self.caseload.iter().any(|c| c.id == hit.client_id) {
            self.status = Some(format!(
                "{} is not in the caseload list (archived?).",
                hit.client_name
            ));
            return;
        }
        self.overlays.pop();
        self.show_note(hit.client_id, hit.note_id);
    }

    // ---- preview scrolling -------------------------------------------------

    /// The preview's first line for the selected note.
    pub fn preview_scroll(&self) -> u16 {
        match (self.selected_note(), self.notes_ui.preview) {
            (Some(n), (id, off)) if n.id == id => off,
            _ => 0,
        }
    }

    fn scroll_preview(&mut self, delta: isize) -> bool {
        let Some(id) = self.selected_note().map(|n| n.id) else {
            return false;
        };
        let before = self.preview_scroll();
        let max = self.notes_ui.preview_max.get();
        let after = (before as isize + delta).clamp(0, max as isize) as u16;
        self.notes_ui.preview = (id, after);
        after != before
    }
}

/// "2026-11-01 session note".
fn note_label(n: &crate::domain::Note) -> String {
    format!("{} {} note", n.session_date, n.kind.label())
}

/// A stored UTC timestamp in local time, for people.
fn local_time(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// (id, the client's words) of the goals still being worked on.
fn active_goals(goals: &[crate::domain::Goal]) -> Vec<(i64, String)> {
    goals
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
        .map(|g| (g.id, g.client_words.clone()))
        .collect()
}
