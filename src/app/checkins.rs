//! Follow-up check-ins as they happen: held (a line on how it went, and a
//! session note if wanted), moved to another day, or cancelled with a
//! reason. From Stages they act on the client's next open check-in; from
//! Today on the check-in selected.

use super::agenda_window::AgendaWindow;
use super::form::{Field, FieldKind, Form, FormPurpose};
use super::overlay::Overlay;
use super::stages::StageForm;
use super::{Action, App, Pane, Reload, name_tag};
use crate::domain::closure::check_past;
use crate::domain::{Date, NoteKind};
use crate::keymap::Context;

/// What to do with a check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInChange {
    Held,
    Move,
    Cancel,
}

impl CheckInChange {
    pub fn of(action: Action) -> Option<CheckInChange> {
        match action {
            Action::CheckInHeld => Some(CheckInChange::Held),
            Action::CheckInMove => Some(CheckInChange::Move),
            Action::CheckInCancel => Some(CheckInChange::Cancel),
            _ => None,
        }
    }
}

/// The choice on the held form: whether to write a note now.
const WRITE_NOTE: &[&str] = &["no", "yes: a session note"];

/// One check-in, as a screen showed it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckInRef {
    pub client_id: i64,
    pub client_name: String,
    pub followup_id: i64,
    pub due: Date,
}

/// The form that asks what a change to a check-in needs.
pub fn checkin_form(change: CheckInChange, c: &CheckInRef, today: Date) -> Form {
    let (client_id, followup_id) = (c.client_id, c.followup_id);
    let who = name_tag(&c.client_name);
    let (title, purpose, fields) = match change {
        CheckInChange::Held => (
            format!("Check-in held: {who}, due {}", c.due),
            StageForm::CheckInHeld {
                client_id,
                followup_id,
            },
            vec![
                Field::new("held_on", "Held on", FieldKind::Date)
                    .today_if_empty()
                    .value(&today.to_string()),
                Field::new("note", "How it went", FieldKind::Text)
                    .placeholder("one line, e.g. phoned; settled at work"),
                Field::new(
                    "write_note",
                    "Write a note now",
                    FieldKind::Choice(WRITE_NOTE),
                ),
            ],
        ),
        CheckInChange::Move => (
            format!("Move check-in: {who}, due {}", c.due),
            StageForm::CheckInMove {
                client_id,
                followup_id,
            },
            vec![
                Field::new("due", "New date", FieldKind::Date)
                    .required()
                    .placeholder("YYYY-MM-DD or +2w"),
            ],
        ),
        CheckInChange::Cancel => (
            format!("Cancel check-in: {who}, due {}", c.due),
            StageForm::CheckInCancel {
                client_id,
                followup_id,
            },
            vec![
                Field::new("reason", "Reason", FieldKind::Text)
                    .required()
                    .placeholder("e.g. client asked for no more calls"),
            ],
        ),
    };
    let mut form = Form::new(title, FormPurpose::Stage(purpose), fields);
    form.for_client = Some(client_id);
    form
}

impl App {
    /// The selected client's next open check-in (the earliest still due).
    fn next_open_checkin(&self) -> Option<CheckInRef> {
        let d = self.detail.as_ref()?;
        let f = d.followups.iter().find(|f| f.is_open())?;
        Some(CheckInRef {
            client_id: d.client.id,
            client_name: d.client.name.clone(),
            followup_id: f.id,
            due: f.due,
        })
    }

    /// The selected client's open check-ins, earliest first.
    fn open_checkins(&self) -> Vec<CheckInRef> {
        let Some(d) = self.detail.as_ref() else {
            return Vec::new();
        };
        d.followups
            .iter()
            .filter(|f| f.is_open())
            .map(|f| CheckInRef {
                client_id: d.client.id,
                client_name: d.client.name.clone(),
                followup_id: f.id,
                due: f.due,
            })
            .collect()
    }

    /// `h` `m` `c` in Stages: with one open check-in, its form; with
    /// several, a list to choose from (the next one first); with none, why.
    pub(super) fn change_next_checkin(&mut self, change: CheckInChange) {
        if self.detail.is_none() {
            return;
        }
        let open = self.open_checkins();
        if open.len() > 1 {
            self.overlays.push(Overlay::CheckInPicker(Box::new(
                super::overlays::checkin_picker::CheckInPicker {
                    change,
                    items: open,
                    cursor: super::Scroll::default(),
                },
            )));
            return;
        }
        match self.next_open_checkin() {
            Some(c) => {
                let form = checkin_form(change, &c, self.today);
                self.overlays.push(Overlay::Form(form));
            }
            None => {
                self.status = Some(format!(
                    "No open check-in: they are scheduled on entering Termination ({}).",
                    self.key(Action::AdvanceStage, Context::Pane(Pane::Stages))
                ))
            }
        }
    }

    /// Ctrl-S on a check-in form. Returns whether it saved.
    pub(super) fn save_checkin_form(&mut self, form: &mut Form, purpose: StageForm) -> bool {
        let today = self.today;
        if !form.check(today) {
            return false;
        }
        let (client_id, result, said) = match purpose {
            StageForm::CheckInHeld {
                client_id,
                followup_id,
            } => {
                let on = form.date("held_on", today).unwrap_or(today);
                let intake = self.intake_of(client_id);
                if let Err(e) = check_past(on, today, intake, None) {
                    form.fail("held_on", e);
                    return false;
                }
                let note = form.text("note");
                let r = self
                    .store
                    .hold_checkin(followup_id, on, note.as_deref(), today);
                (client_id, r, format!("Check-in marked held on {on}."))
            }
            StageForm::CheckInMove {
                client_id,
                followup_id,
            } => {
                let Some(due) = form.date("due", today) else {
                    form.fail("due", "required");
                    return false;
                };
                if due < today {
                    form.fail(
                        "due",
                        format!("{due} has passed; to record one that happened, mark it held"),
                    );
                    return false;
                }
                let r = self.store.move_checkin(followup_id, due, today);
                (client_id, r, format!("Check-in moved to {due}."))
            }
            StageForm::CheckInCancel {
                client_id,
                followup_id,
            } => {
                let reason = form.text("reason").unwrap_or_default();
                let r = self.store.cancel_checkin(followup_id, &reason, today);
                (
                    client_id,
                    r,
                    "Check-in cancelled; it stays on record.".into(),
                )
            }
            _ => return false,
        };
        if let Err(e) = result {
            form.not_saved(e);
            return false;
        }
        self.status = Some(said);
        self.reload_after_save(Reload::Caseload);
        self.refresh_today();
        let wants_note = form
            .field("write_note")
            .is_some_and(|f| f.text() != WRITE_NOTE[0]);
        if wants_note {
            if self.selected_client().map(|c| c.id) != Some(client_id) {
                self.jump_to(client_id);
            }
            // Only ever for the client whose check-in it was.
            if self.selected_client().map(|c| c.id) == Some(client_id) {
                self.open_note_of_kind(NoteKind::SESSION, form.date("held_on", today));
            }
        }
        true
    }

    /// The intake date of a client, if recorded (for back-dating rules).
    pub(super) fn intake_of(&self, client_id: i64) -> Option<Date> {
        match &self.detail {
            Some(d) if d.client.id == client_id => d.client.intake_date,
            _ => self
                .store
                .client_detail(client_id)
                .ok()
                .and_then(|d| d.client.intake_date),
        }
    }

    /// A Today list open under the form sees the change at once.
    fn refresh_today(&mut self) {
        for o in &mut self.overlays {
            if let Overlay::Today(t) = o {
                let Ok(agenda) = AgendaWindow::open(&self.store, self.today, t.cursor.index) else {
                    return;
                };
                t.agenda = agenda;
                let n = t.agenda.len();
                t.cursor.index = t.cursor.index.min(n.saturating_sub(1));
            }
        }
    }

    /// A new note for the selected client, as `n` opens it, but of `kind`
    /// and dated `on`. A draft already waiting opens as it was.
    fn open_note_of_kind(&mut self, kind: NoteKind, on: Option<Date>) {
        let before = self.overlays.len();
        self.open_new_note();
        if self.overlays.len() == before {
            return;
        }
        if let Some(Overlay::Editor(e)) = self.overlays.last_mut() {
            if e.draft_id.is_none() && !e.unsaved {
                e.meta.kind = kind;
                if let Some(on) = on {
                    e.meta.session_date = on;
                }
            }
        }
    }
}
