//! Saves over what a form or the note editor started from (its base), and
//! what happens when another session saved first: keep theirs, keep mine,
//! or back to editing with theirs as the new base. The overlay that shows
//! both and asks is `overlays::conflict`; the check itself is the store's
//! (`store::conflict`).

use super::editor::NoteEditor;
use super::form::{Form, FormBase, FormPurpose};
use super::layer::Outcome;
use super::overlay::Overlay;
use super::overlays::conflict::{ConflictView, Theirs};
use super::{Action, App, Reload};
use crate::keymap::Context;
use crate::store::StoreError;
use crate::store::conflict::{NoteVersion, RecordRef, Snapshot};
use crate::ui::text::clip;

/// The record an edit form saves into; `None` for forms that add.
pub fn record_of(purpose: FormPurpose) -> Option<RecordRef> {
    match purpose {
        FormPurpose::EditClient(id) => Some(RecordRef::Client(id)),
        FormPurpose::SafetyPlan(client) => Some(RecordRef::SafetyPlan(client)),
        FormPurpose::EditGoal(id) => Some(RecordRef::Goal(id)),
        FormPurpose::EditStep(id) => Some(RecordRef::Step(id)),
        FormPurpose::EditReferral(id) => Some(RecordRef::Referral(id)),
        _ => None,
    }
}

/// A record as the values of `form`'s fields: the form it opens as, read
/// back. `None` if the record is not what the form edits.
pub fn snapshot_values(form: &Form, record: &Snapshot) -> Option<Vec<(String, String)>> {
    let shown = match (form.purpose, record) {
        (FormPurpose::EditClient(id), Snapshot::Client(c)) => {
            super::clients::edit_client_form(id, c)
        }
        (FormPurpose::SafetyPlan(client), Snapshot::SafetyPlan(p)) => {
            super::safety::safety_form(client, "", p)
        }
        (FormPurpose::EditGoal(_), Snapshot::Goal(g)) => super::goals::goal_form(Some(g)),
        (FormPurpose::EditStep(_), Snapshot::Step(s)) => {
            super::goals::step_form(s.goal_id, Some(s))
        }
        (FormPurpose::EditReferral(_), Snapshot::Referral(r)) => {
            super::goals::referral_form(r.goal_id.unwrap_or_default(), Some(r))
        }
        _ => return None,
    };
    Some(shown.values())
}

/// Take `theirs` where mine is still the base and theirs is not.
fn take<T: PartialEq + Clone>(mine: &mut T, base: &T, theirs: &T) -> bool {
    if mine == base && theirs != base {
        *mine = theirs.clone();
        true
    } else {
        false
    }
}

/// "Another session saved this at 14:02." for notes and form lines.
fn saved_at(when: Option<&str>) -> String {
    match when {
        Some(w) => format!("Another session saved this at {w}."),
        None => "Another session saved this.".into(),
    }
}

/// Back to the form: fields I left as they opened take theirs; fields we
/// both changed keep mine, with theirs named on the form's note line.
fn merge_form(form: &mut Form, theirs: &[(String, String)], when: Option<&str>) {
    let base = form.base_values().map(<[_]>::to_vec);
    let mut took = Vec::new();
    let mut both = Vec::new();
    for f in &mut form.fields {
        let Some((_, t)) = theirs.iter().find(|(k, _)| k == f.key) else {
            continue;
        };
        let mine = f.text().to_string();
        if mine == *t {
            continue;
        }
        let b = base
            .as_ref()
            .and_then(|b| b.iter().find(|(k, _)| k == f.key))
            .map(|(_, v)| v.as_str());
        if b == Some(mine.as_str()) {
            *f = f.clone().value(t);
            took.push(f.label);
        } else {
            let shown = if t.is_empty() { "(empty)" } else { t.as_str() };
            both.push(format!("{} “{}”", f.label, clip(shown, 40)));
        }
    }
    let mut note = saved_at(when);
    if !took.is_empty() {
        note.push_str(&format!(" Taken from theirs: {}.", took.join(", ")));
    }
    if !both.is_empty() {
        note.push_str(&format!(
            " Theirs where you typed too: {}.",
            both.join("; ")
        ));
    }
    note.push_str(&format!(
        " {} saves what the form shows.",
        crate::keymap::key_for(Action::Save, Context::Form)
    ));
    form.base = Some(FormBase::Fields(theirs.to_vec()));
    form.note = Some(note);
    form.error = None;
    form.dirty = true;
}

/// Back to the editor: details I left as they opened take theirs, and so
/// does the text if I did not change it; if we both did, mine stays and
/// theirs waits on the paste key.
fn merge_note(e: &mut NoteEditor, theirs: &NoteVersion, when: Option<&str>) {
    let mut took = Vec::new();
    if let Some(b) = e.base.clone() {
        let (m, t) = (&b.meta, &theirs.meta);
        let mine = &mut e.meta;
        let fields = [
            ("kind", take(&mut mine.kind, &m.kind, &t.kind)),
            ("format", take(&mut mine.format, &m.format, &t.format)),
            (
                "date",
                take(&mut mine.session_date, &m.session_date, &t.session_date),
            ),
            (
                "time",
                take(&mut mine.session_time, &m.session_time, &t.session_time),
            ),
            (
                "duration",
                take(&mut mine.duration_min, &m.duration_min, &t.duration_min),
            ),
            (
                "techniques",
                take(&mut mine.techniques, &m.techniques, &t.techniques),
            ),
            ("goals", take(&mut mine.goal_ids, &m.goal_ids, &t.goal_ids)),
        ];
        took.extend(fields.iter().filter(|(_, took)| *took).map(|(n, _)| *n));
        if e.body().trim_end() == b.body.trim_end() && theirs.body.trim_end() != b.body.trim_end() {
            e.replace_text(&theirs.body);
            took.push("text");
        }
    }
    let mut notice = saved_at(when);
    if !took.is_empty() {
        notice.push_str(&format!(" Taken from theirs: {}.", took.join(", ")));
    }
    if e.body().trim_end() != theirs.body.trim_end() {
        e.text.set_yank_text(theirs.body.clone());
        notice.push_str(&format!(
            " Their text is ready to paste with {}.",
            crate::keymap::key_for(Action::Yank, Context::Editor)
        ));
    }
    notice.push_str(&format!(
        " {} saves what you see.",
        crate::keymap::key_for(Action::Save, Context::Editor)
    ));
    e.base = Some(theirs.clone());
    e.notice = Some(notice);
    e.unsaved = true;
}

impl App {
    /// The form holding its base values, to be read by the code that reads
    /// typing. A form without a base (a draft written before forms kept
    /// one) takes the record as it is now: what it started from is not
    /// known, and asking on every such save would report conflicts that
    /// are not there. It saves as it did before bases were kept.
    pub(super) fn form_base(&self, form: &Form) -> Result<Form, StoreError> {
        if let Some(v) = form.base_values() {
            return Ok(form.with_values(v));
        }
        let Some(r) = record_of(form.purpose) else {
            return Ok(form.clone());
        };
        let now = self.store.latest(r)?;
        Ok(snapshot_values(form, &now.theirs)
            .map_or_else(|| form.clone(), |v| form.with_values(&v)))
    }

    /// `m`: save mine over theirs, as one ordinary save with theirs as the
    /// base (a third session may still have saved in between: then the
    /// overlay shows that instead).
    pub(crate) fn keep_mine(&mut self, view: &mut ConflictView) -> Outcome {
        match (self.overlays.pop(), &view.theirs) {
            (Some(Overlay::Form(mut form)), Theirs::Fields(theirs)) => {
                form.base = Some(FormBase::Fields(theirs.clone()));
                form.note = None;
                if self.save_form(&mut form) {
                    return Outcome::Close;
                }
                let again = form.conflict.take();
                let next = again.map(|c| ConflictView::for_form(&form, *c));
                self.overlays.push(Overlay::Form(form));
                match next {
                    Some(v) => {
                        *view = v;
                        Outcome::Done
                    }
                    // Not saved for another reason: the form says why.
                    None => Outcome::Close,
                }
            }
            (Some(Overlay::Editor(mut e)), Theirs::Note(theirs)) => {
                e.base = Some(theirs.clone());
                let out = self.save_editor(&mut e);
                if matches!(out, Outcome::Close) {
                    return Outcome::Close;
                }
                self.overlays.push(Overlay::Editor(e));
                match out {
                    Outcome::Open(next) => match *next {
                        Overlay::Conflict(v) => {
                            *view = *v;
                            Outcome::Done
                        }
                        other => {
                            self.overlays.push(other);
                            Outcome::Close
                        }
                    },
                    _ => Outcome::Close,
                }
            }
            (other, _) => {
                self.overlays.extend(other);
                Outcome::Close
            }
        }
    }

    /// `e`: back to the form or editor underneath with theirs as the new
    /// base (see `merge_form`, `merge_note`).
    pub(crate) fn merge_edit(&mut self, view: &ConflictView) {
        let when = view.when.as_deref();
        match (self.overlays.last_mut(), &view.theirs) {
            (Some(Overlay::Form(form)), Theirs::Fields(theirs)) => merge_form(form, theirs, when),
            (Some(Overlay::Editor(e)), Theirs::Note(theirs)) => merge_note(e, theirs, when),
            _ => {}
        }
    }

    /// Confirmed `t`: the conflict overlay on top goes, and with it the
    /// form or editor beneath and its draft; the screen shows theirs.
    pub(super) fn keep_theirs(&mut self) {
        let Some(Overlay::Conflict(view)) = self.overlays.pop() else {
            return;
        };
        match self.overlays.pop() {
            // Its form draft goes when `update` sees the form closed.
            Some(Overlay::Form(_)) => {}
            Some(Overlay::Editor(e)) => {
                self.drop_editor(&e);
                if let Some(id) = e.note_id {
                    self.show_note(e.client_id, id);
                }
            }
            Some(other) => self.overlays.push(other),
            None => {}
        }
        let dropped = view.yours_dropped();
        self.status = Some(if dropped.is_empty() {
            "Kept the version saved in the other session.".to_string()
        } else {
            format!(
                "Kept the version saved in the other session; your changes to {} were dropped.",
                dropped.join(", ")
            )
        });
        self.reload_after_save(Reload::Caseload);
        match self.overlays.last() {
            Some(Overlay::GoalDetail(d)) => {
                let id = d.goal_id;
                self.reload_goals(id);
            }
            Some(Overlay::SafetyPlan(_)) => self.refresh_safety_view(),
            _ => {}
        }
    }
}
