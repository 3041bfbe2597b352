//! Notes: opening the editor (on a new note, a note to change, an addendum,
//! or a waiting draft), signing, the session-details form and the preview.
//! Saving and drafts are in `notes_save`.

use super::editor::NoteEditor;
use super::form::{Field, FieldKind, Form, FormPurpose};
use super::overlay::{Confirm, OnYes, Overlay};
use super::overlays::held_draft::HeldDraft;
use super::{Action, App, Pane, Scroll};
use crate::domain::GoalStatus;
use crate::domain::note_meta::{parse_duration, parse_time};
use crate::keymap::Context;
use crate::store::conflict::{NoteVersion, RecordRef, Snapshot};
use crate::store::drafts::{Draft, DraftTarget};

/// Notes state that is not an overlay.
#[derive(Debug, Default)]
pub struct NotesState {
    /// The preview of the selected note: which note, and how far down.
    pub preview_note: i64,
    pub preview: Scroll,
    /// Drafts waiting in the database: (client id, target, note id).
    pub drafts: Vec<(i64, DraftTarget, Option<i64>)>,
}

/// The session-details form for the note in an editor.
pub fn details_form(e: &NoteEditor) -> Form {
    let m = &e.meta;
    let duration = m.duration_min.map(|d| d.to_string()).unwrap_or_default();
    Form::new(
        "Session: when and how long",
        FormPurpose::NoteDetails,
        vec![
            Field::new("date", "Date", FieldKind::Date)
                .today_if_empty()
                .value(&m.session_date.to_string()),
            Field::new("time", "Time", FieldKind::Text)
                .placeholder("14:30 or 2:30pm")
                .value(m.session_time.as_deref().unwrap_or("")),
            Field::new("duration", "Duration", FieldKind::Text)
                .placeholder("minutes: 50, or 1h30")
                .value(&duration),
        ],
    )
}

impl App {
    /// The editor anywhere on the stack (under a question or a form, say).
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

    /// The note under the cursor in the Notes pane.
    pub fn selected_note(&self) -> Option<&crate::domain::Note> {
        self.detail
            .as_ref()
            .and_then(|d| d.notes.get(self.cursor(Pane::Notes)))
    }

    /// The key bound to an action where it applies, for messages.
    pub(super) fn key(&self, action: Action, ctx: Context) -> String {
        crate::keymap::key_for(action, ctx)
    }

    // ---- opening the editor ------------------------------------------------

    /// `n`: a new note for the selected client, or the draft already waiting.
    pub(super) fn open_new_note(&mut self) {
        let Some(client) = self.selected_client().cloned() else {
            self.status = Some(format!(
                "Add a client first ({} in Caseload); notes belong to a client.",
                self.key(Action::AddClient, Context::Pane(Pane::Caseload))
            ));
            return;
        };
        if let Some(d) =
            self.find_draft(|d| d.client_id == client.id && d.target == DraftTarget::New)
        {
            self.open_draft(d, "Continuing your unsaved draft");
            return;
        }
        let first = &self.config.new_note;
        let mut meta = match self.store.note_defaults(client.id, self.today, first) {
            Ok(m) => m,
            Err(e) => {
                self.status = Some(format!("Could not read note defaults: {e}"));
                crate::domain::NoteMeta::for_new_note(self.today, None, first)
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
    pub(super) fn open_edit_note(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            return;
        };
        if note.is_signed() {
            self.status = Some(format!(
                "Signed notes are locked. Press {} to add an addendum instead.",
                self.key(Action::AddAddendum, Context::Pane(Pane::Notes))
            ));
            return;
        }
        if note.error.is_some() {
            self.status = Some(format!(
                "This note was entered in error; write a new one with {}.",
                self.key(Action::NewNote, Context::Pane(Pane::Notes))
            ));
            return;
        }
        if let Some(d) =
            self.find_draft(|d| d.target == DraftTarget::Edit && d.note_id == Some(note.id))
        {
            self.open_draft(d, "Continuing your unsaved changes to this note");
            return;
        }
        let meta = note.meta();
        let name = self.client_name(note.client_id);
        let base = NoteVersion {
            meta: meta.clone(),
            body: note.body.clone(),
        };
        let mut e = NoteEditor::new(
            note.client_id,
            name,
            DraftTarget::Edit,
            Some(note.id),
            meta,
            &note.body,
        );
        e.base = Some(base);
        e.goals = self.client_goals();
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// `A` in Notes: a correction to a signed note.
    pub(super) fn open_addendum(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            return;
        };
        if !note.is_signed() {
            self.status = Some(format!(
                "This note is not signed yet: change it directly with {}.",
                self.key(Action::EditNote, Context::Pane(Pane::Notes))
            ));
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
    /// A draft held by another live session opens read-only, with the
    /// choice of continuing in a copy: never two sessions writing one draft.
    fn open_draft(&mut self, d: Draft, notice: &str) {
        if self.selected_client().map(|c| c.id) != Some(d.client_id) {
            self.select_client(d.client_id);
        }
        match self.store.claim_draft(d.id) {
            Ok(()) => {}
            Err(crate::store::StoreError::HeldElsewhere { since }) => {
                let client_name = self.client_name(d.client_id);
                let held = HeldDraft::new(d, client_name, people_time(&since));
                self.overlays.push(Overlay::HeldDraft(Box::new(held)));
                return;
            }
            // Not taken (another session is writing, say): opening it to
            // write could race the session that holds it. It stays safe in
            // the database; the next try takes it.
            Err(e) => {
                self.status = Some(format!(
                    "Could not open the draft for writing just now ({e}); it is safe. Try again in a moment."
                ));
                return;
            }
        }
        self.open_draft_editor(d, notice);
    }

    /// The editor on a draft this session may write.
    pub(super) fn open_draft_editor(&mut self, d: Draft, notice: &str) {
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
        if let (DraftTarget::Edit, Some(id)) = (d.target, d.note_id) {
            e.base = self.draft_base(id, d.id);
        }
        e.notice = Some(match &d.updated_at {
            Some(at) => format!(
                "{notice} (last written {}).",
                at.minute_label_in(&chrono::Local)
            ),
            None => format!("{notice}."),
        });
        self.overlays.push(Overlay::Editor(Box::new(e)));
    }

    /// What a restored edit draft started from. The draft row does not
    /// keep it, so: the note as it is now if it was last saved before the
    /// draft was last written (the usual case: typing, then a dropped link),
    /// else unknown (`None`), and the save shows both versions and asks.
    fn draft_base(&self, note_id: i64, draft_id: i64) -> Option<NoteVersion> {
        if self.store.note_saved_after_draft(note_id, draft_id).ok()? {
            return None;
        }
        match self.store.latest(RecordRef::Note(note_id)).ok()?.theirs {
            Snapshot::Note(v) => Some(v),
            _ => None,
        }
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
        // Drafts another live session is typing into stay with it.
        let held = drafts
            .iter()
            .filter(|d| matches!(self.store.draft_held_elsewhere(d.id), Ok(Some(_))))
            .count();
        let Some(first) = drafts
            .iter()
            .find(|d| !matches!(self.store.draft_held_elsewhere(d.id), Ok(Some(_))))
            .cloned()
        else {
            if held > 0 {
                self.status = Some(format!(
                    "{held} unsaved drafts are open in another session; they stay with it."
                ));
            }
            return;
        };
        if drafts.len() > 1 {
            let notes = Context::Pane(Pane::Notes);
            self.status = Some(format!(
                "{} more unsaved drafts: they reopen with {} (or {}, {}) on their client.",
                drafts.len() - 1,
                self.key(Action::NewNote, notes),
                self.key(Action::EditNote, notes),
                self.key(Action::AddAddendum, notes),
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

    pub(super) fn refresh_drafts(&mut self) {
        if let Ok(d) = self.store.drafts(self.today) {
            self.remember_drafts(&d);
        }
    }

    /// Does the client on screen have a draft waiting?
    pub fn client_has_draft(&self, client_id: i64) -> bool {
        self.notes_ui.drafts.iter().any(|(c, _, _)| *c == client_id)
    }

    /// Put the screen on a client's note: select the client, focus Notes.
    pub(super) fn show_note(&mut self, client_id: i64, note_id: i64) {
        if self.selected_client().map(|c| c.id) == Some(client_id) {
            self.load_detail_or_say();
        } else {
            self.select_client(client_id);
        }
        let index = self
            .detail
            .as_ref()
            .filter(|d| d.client.id == client_id)
            .and_then(|d| d.notes.iter().position(|n| n.id == note_id));
        if let Some(i) = index {
            self.cursors[Pane::Notes as usize] = Scroll::at(i);
            self.focus = Pane::Notes;
        }
    }

    // ---- signing -----------------------------------------------------------

    pub(super) fn ask_sign(&mut self) {
        let Some(note) = self.selected_note() else {
            return;
        };
        if note.is_signed() {
            self.status = Some(format!(
                "Already signed. Corrections go in an addendum ({}).",
                self.key(Action::AddAddendum, Context::Pane(Pane::Notes))
            ));
            return;
        }
        let ask = Confirm::new(
            "Sign this note? A signed note is locked: later corrections become addenda.",
            OnYes::SignNote(note.id),
        );
        self.overlays.push(Overlay::Confirm(ask));
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

    /// Ctrl-S on the details form: check, then hand the values to the
    /// editor underneath. Returns whether the form is done.
    pub(super) fn save_note_details(&mut self, form: &mut Form) -> bool {
        let today = self.today;
        if !form.check(today) {
            return false;
        }
        let date = form.date("date", today);
        if let Some(Err(e)) = date.map(|d| crate::domain::dates::not_in_future(d, today)) {
            form.fail("date", format!("{e}: notes record what happened"));
            return false;
        }
        let time = match parse_time(&form.text("time").unwrap_or_default()) {
            Ok(t) => t,
            Err(msg) => {
                form.fail("time", msg);
                return false;
            }
        };
        let duration = match parse_duration(&form.text("duration").unwrap_or_default()) {
            Ok(d) => d,
            Err(msg) => {
                form.fail("duration", msg);
                return false;
            }
        };
        let Some(e) = self.editor_mut() else {
            form.not_saved("its note is no longer open");
            return false;
        };
        if let Some(d) = date {
            e.meta.session_date = d;
        }
        e.meta.session_time = time;
        e.meta.duration_min = duration;
        e.unsaved = true;
        true
    }

    // ---- preview scrolling -------------------------------------------------

    /// The preview's first line for the selected note.
    pub fn preview_scroll(&self) -> usize {
        match self.selected_note() {
            Some(n) if n.id == self.notes_ui.preview_note => self.notes_ui.preview.offset,
            _ => 0,
        }
    }

    /// PgDn/PgUp in Notes: a page of the preview, by what it showed.
    pub(super) fn scroll_preview(&mut self, pages: isize) -> bool {
        let Some(id) = self.selected_note().map(|n| n.id) else {
            return false;
        };
        let ui = &mut self.notes_ui;
        if ui.preview_note != id {
            ui.preview_note = id;
            ui.preview = Scroll::default();
        }
        let page = ui.preview.text_page();
        ui.preview.scroll_by(pages * page)
    }

    /// Enter in Notes: the selected note full screen, signed or not.
    pub(super) fn open_reader(&mut self) -> bool {
        let Some(id) = self.selected_note().map(|n| n.id) else {
            return false;
        };
        self.overlays.push(Overlay::NoteReader(
            super::overlays::note_reader::NoteReader::new(id),
        ));
        true
    }
}

/// "2026-11-01 session note".
fn note_label(n: &crate::domain::Note) -> String {
    format!("{} {} note", n.session_date, n.kind.label())
}

/// A stored time in local time, for people (shown as stored if unreadable).
pub(crate) fn people_time(stored: &str) -> String {
    crate::domain::Stamp::parse(stored).minute_label_in(&chrono::Local)
}

/// (id, the client's words) of the goals still being worked on.
fn active_goals(goals: &[crate::domain::Goal]) -> Vec<(i64, String)> {
    goals
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
        .map(|g| (g.id, g.client_words.clone()))
        .collect()
}
