//! Form drafts: the typing in an open form is written to `form_drafts` within
//! a second (the event loop's draft deadline) and on every way out, and the
//! form reopens on the next start. The row goes when its form closes: saved,
//! or discarded on purpose. The one-key steppers (a measure being given, a
//! GAS review) keep their answers the same way: see `stepper_drafts`.

use super::App;
use super::form::{Field, FieldKind, Form, FormBase};
use super::overlay::{FormPurpose, Overlay};
use super::stepper_drafts::SavedStepper;
use crate::store::form_drafts::{FormDraft, Record};
use serde::{Deserialize, Serialize};

/// Form drafts written by this session whose forms may still be open.
#[derive(Debug, Default)]
pub struct FormDraftsState {
    open: Vec<i64>,
}

/// Where a form's typing is, for the marker on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftMark {
    /// Nothing typed yet.
    None,
    /// Typed since the draft was last written.
    Typing,
    /// Everything typed is in the database.
    Saved,
}

/// The `body` column: the whole form, so it can be rebuilt as it was.
#[derive(Debug, Serialize, Deserialize)]
struct SavedForm {
    purpose: FormPurpose,
    title: String,
    focus: usize,
    note: Option<String>,
    fields: Vec<SavedField>,
    /// What an edit form started from. Drafts written before forms kept
    /// it have none: see `App::form_base` for what such a save does.
    #[serde(default)]
    base: Option<FormBase>,
    /// The client selected when the form opened (drafts before this: none).
    #[serde(default)]
    for_client: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedField {
    key: String,
    label: String,
    kind: SavedKind,
    required: bool,
    /// Empty means today (drafts from before this: never).
    #[serde(default)]
    today_if_empty: bool,
    placeholder: String,
    text: String,
    choice: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SavedKind {
    Text,
    Date,
    Number,
    Choice(Vec<String>),
}

/// An overlay whose typing is kept in a form draft: a form, a measure
/// being given, a GAS review.
/// Where a form's typing is kept: its `form_drafts` row, once written,
/// and what was last written there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftRow {
    pub id: Option<i64>,
    pub written: Option<String>,
}

pub trait Drafted {
    /// All of it, as the draft row stores it.
    fn draft_body(&self) -> Option<String>;
    /// Something was typed or answered: there is something to lose.
    fn typed_in(&self) -> bool;
    /// Its draft row, as far as it knows.
    fn row(&self) -> &DraftRow;
    fn row_mut(&mut self) -> &mut DraftRow;
    /// The `form_drafts` row holding it, once written.
    fn draft_id(&self) -> Option<i64> {
        self.row().id
    }
    /// What was last written there.
    fn draft_written(&self) -> Option<&str> {
        self.row().written.as_deref()
    }
    /// The row `id` now holds `body`.
    fn wrote(&mut self, id: i64, body: String) {
        *self.row_mut() = DraftRow {
            id: Some(id),
            written: Some(body),
        };
    }
    /// Writing the draft failed: say so where the typing is.
    fn write_failed(&mut self, why: String);
    /// The client it is for, if it knows.
    fn draft_client(&self) -> Option<i64>;

    /// Typing not yet in the draft row.
    fn draft_pending(&self) -> bool {
        self.typed_in() && self.draft_body().as_deref() != self.draft_written()
    }

    /// All of it as its draft row would hold it, if that is not written yet.
    fn unsaved_snapshot(&self) -> Option<String> {
        if self.draft_pending() {
            self.draft_body()
        } else {
            None
        }
    }

    fn draft_mark(&self) -> DraftMark {
        if !self.typed_in() {
            DraftMark::None
        } else if self.draft_pending() {
            DraftMark::Typing
        } else {
            DraftMark::Saved
        }
    }
}

impl Drafted for Form {
    fn draft_body(&self) -> Option<String> {
        self.snapshot()
    }
    fn typed_in(&self) -> bool {
        self.dirty
    }
    fn row(&self) -> &DraftRow {
        &self.draft
    }
    fn row_mut(&mut self) -> &mut DraftRow {
        &mut self.draft
    }
    fn write_failed(&mut self, why: String) {
        self.error = Some(why);
    }
    fn draft_client(&self) -> Option<i64> {
        self.for_client
    }
}

impl Overlay {
    /// This overlay as something whose typing is kept in a form draft.
    pub fn drafted(&self) -> Option<&dyn Drafted> {
        match self {
            Overlay::Form(f) => Some(f),
            Overlay::MeasureForm(m) => Some(m),
            Overlay::GasReview(g) => Some(g.as_ref()),
            _ => None,
        }
    }

    pub(super) fn drafted_mut(&mut self) -> Option<&mut dyn Drafted> {
        match self {
            Overlay::Form(f) => Some(f),
            Overlay::MeasureForm(m) => Some(m),
            Overlay::GasReview(g) => Some(g.as_mut()),
            _ => None,
        }
    }
}

impl Form {
    /// The form as the draft row stores it.
    fn snapshot(&self) -> Option<String> {
        let saved = SavedForm {
            purpose: self.purpose,
            title: self.title.clone(),
            focus: self.focus,
            note: self.note.clone(),
            base: self.base.clone(),
            for_client: self.for_client,
            fields: self
                .fields
                .iter()
                .map(|f| SavedField {
                    key: f.key.into(),
                    label: f.label.into(),
                    kind: match f.kind {
                        FieldKind::Text => SavedKind::Text,
                        FieldKind::Date => SavedKind::Date,
                        FieldKind::Number => SavedKind::Number,
                        FieldKind::Choice(o) => {
                            SavedKind::Choice(o.iter().map(|s| s.to_string()).collect())
                        }
                    },
                    required: f.required,
                    today_if_empty: f.today_if_empty,
                    placeholder: f.placeholder.into(),
                    text: f.input.text().to_string(),
                    choice: f.choice,
                })
                .collect(),
        };
        serde_json::to_string(&saved).ok()
    }
}

/// Field keys and labels are `&'static str` because forms are built from
/// code. A restored form is built from text, once per start, so its few
/// strings are leaked: a few hundred bytes for the life of the process.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn rebuild(body: &str) -> Option<Form> {
    let saved: SavedForm = serde_json::from_str(body).ok()?;
    let fields = saved
        .fields
        .into_iter()
        .map(|f| {
            let kind = match f.kind {
                SavedKind::Text => FieldKind::Text,
                SavedKind::Date => FieldKind::Date,
                SavedKind::Number => FieldKind::Number,
                SavedKind::Choice(o) => {
                    let opts: Vec<&'static str> = o.into_iter().map(leak).collect();
                    FieldKind::Choice(Box::leak(opts.into_boxed_slice()))
                }
            };
            let mut field = Field::new(leak(f.key), leak(f.label), kind)
                .placeholder(leak(f.placeholder))
                .value(&f.text);
            field.required = f.required;
            field.today_if_empty = f.today_if_empty;
            field.choice = f.choice;
            field
        })
        .collect::<Vec<_>>();
    let mut form = Form::new(saved.title, saved.purpose, fields);
    form.focus = saved.focus.min(form.fields.len().saturating_sub(1));
    form.note = saved.note;
    form.base = saved.base;
    form.for_client = saved.for_client;
    Some(form)
}

/// A draft row read back: a form, or a stepper's answers.
enum Kept {
    Form(Box<Form>),
    Stepper(SavedStepper),
}

impl Kept {
    fn title(&self) -> String {
        match self {
            Kept::Form(f) => f.title.clone(),
            Kept::Stepper(s) => s.title(),
        }
    }

    fn texts(&self) -> String {
        match self {
            Kept::Form(f) => texts(f),
            Kept::Stepper(s) => s.texts(),
        }
    }
}

/// Every field with something in it, for a notice.
fn texts(form: &Form) -> String {
    form.fields
        .iter()
        .filter(|f| !f.text().is_empty())
        .map(|f| format!("{}: {}", f.label, f.text()))
        .collect::<Vec<_>>()
        .join("; ")
}

impl App {
    fn open_forms(&self) -> impl Iterator<Item = &dyn Drafted> {
        self.overlays.iter().filter_map(Overlay::drafted)
    }

    /// Typing anywhere (note editor, form, measure, review) that is not in
    /// the database yet.
    pub fn drafts_pending(&self) -> bool {
        self.draft_pending()
            || self.open_forms().any(|f| f.draft_pending())
            || self.waiting_for_lock()
    }

    /// Write every unsaved piece of typing now: the note draft and the form
    /// drafts. Called by the event loop a second after typing and on every
    /// way out.
    pub fn flush_drafts(&mut self) {
        self.flush_draft();
        self.sync_form_drafts();
        let client_id = self.selected_client().map(|c| c.id);
        for i in 0..self.overlays.len() {
            let Some(form) = self.overlays[i].drafted() else {
                continue;
            };
            if !form.draft_pending() {
                continue;
            }
            let Some(body) = form.draft_body() else {
                continue;
            };
            let draft = FormDraft {
                id: form.draft_id().unwrap_or(0),
                client_id: form.draft_client().or(client_id),
                body: body.clone(),
                updated_at: None,
            };
            let result = self.store.save_form_draft(&draft);
            let Some(form) = self.overlays[i].drafted_mut() else {
                continue;
            };
            match result {
                Ok(id) => {
                    form.wrote(id, body);
                    if !self.form_drafts.open.contains(&id) {
                        self.form_drafts.open.push(id);
                    }
                }
                Err(e) => {
                    form.write_failed(format!(
                        "Could not write the draft: {e}. Keep this window open."
                    ));
                }
            }
        }
    }

    /// Remove the draft rows of forms that have closed (saved or discarded).
    pub fn sync_form_drafts(&mut self) {
        let open: Vec<i64> = self.open_forms().filter_map(|f| f.draft_id()).collect();
        let closed: Vec<i64> = self
            .form_drafts
            .open
            .iter()
            .copied()
            .filter(|id| !open.contains(id))
            .collect();
        for id in closed {
            match self.store.discard_form_draft(id) {
                Ok(()) => self.form_drafts.open.retain(|o| *o != id),
                Err(e) => self.status = Some(format!("Could not remove a form draft: {e}")),
            }
        }
    }

    /// Is what this form saves into still there? `Err` says why not.
    fn form_target(&mut self, purpose: FormPurpose, client: Option<i64>) -> Result<(), String> {
        let (record, id, what) = match purpose {
            FormPurpose::AddClient => return Ok(()),
            // The save checks the row against the one the form opened on,
            // and names the record if it has gone.
            FormPurpose::EnteredInError(_) | FormPurpose::EditProgress(_) => return Ok(()),
            FormPurpose::NoteDetails => {
                return match self.overlays.last() {
                    Some(Overlay::Editor(_)) => Ok(()),
                    _ => Err("its note is no longer open".into()),
                };
            }
            FormPurpose::AddGoal => {
                let Some(c) = client else {
                    return Err("it did not say for which client".into());
                };
                (Record::Client, c, "client")
            }
            FormPurpose::EditClient(c)
            | FormPurpose::SafetyPlan(c)
            | FormPurpose::ConsultQuestion(c) => (Record::Client, c, "client"),
            // Every stage form (check-ins included) is about one client;
            // a check-in gone is said when it saves.
            FormPurpose::Stage(f) => (Record::Client, f.client_id(), "client"),
            FormPurpose::EditGoal(g)
            | FormPurpose::RecordProgress(g)
            | FormPurpose::AddStep(g)
            | FormPurpose::AddReferral(g)
            | FormPurpose::GasScale(g) => (Record::Goal, g, "goal"),
            FormPurpose::EditStep(s) => (Record::PlanStep, s, "plan step"),
            FormPurpose::EditReferral(r) => (Record::Referral, r, "referral"),
        };
        // Only a lookup that found no row means the record is gone; a failed
        // lookup says why it failed.
        match self.store.record_exists(record, id) {
            Ok(true) => {}
            Ok(false) => return Err(format!("its {what} is no longer there")),
            Err(e) => return Err(format!("its {what} could not be looked up ({e})")),
        }
        if let Some(c) = client {
            self.select_client(c);
        }
        // A form for "the selected client" must land on the same client.
        if purpose == FormPurpose::AddGoal && self.selected_client().map(|s| s.id) != client {
            return Err("its client is not in the caseload".into());
        }
        Ok(())
    }

    /// At start: reopen the most recent form draft whose record is still
    /// there. Any other stays in the database and is named in a notice.
    pub(super) fn restore_form_drafts(&mut self) {
        let drafts = match self.store.form_drafts() {
            Ok(d) => d,
            Err(e) => {
                self.status = Some(format!("Could not read saved form drafts: {e}"));
                return;
            }
        };
        let mut notices = Vec::new();
        let mut reopened = false;
        for d in drafts {
            let kept = match SavedStepper::read(&d.body) {
                Some(stepper) => Kept::Stepper(stepper),
                None => match rebuild(&d.body) {
                    Some(form) => Kept::Form(Box::new(form)),
                    None => {
                        notices.push(format!(
                            "A form draft could not be read; its text is kept in the database \
                             (form_drafts row {}): {}",
                            d.id, d.body
                        ));
                        continue;
                    }
                },
            };
            let title = kept.title();
            if reopened {
                notices.push(format!(
                    "Another unsaved form, “{title}”, is kept for later: {}",
                    kept.texts()
                ));
                continue;
            }
            // One another live session is typing into stays with it.
            match self.store.claim_form_draft(d.id) {
                Err(crate::store::StoreError::HeldElsewhere { since }) => {
                    notices.push(format!(
                        "Your unsaved form “{title}” is open in another session since {}; it stays there.",
                        super::notes::people_time(&since)
                    ));
                    continue;
                }
                // Not taken: reopening it to write could race the session
                // that holds it. It stays safe in the database.
                Err(e) => {
                    notices.push(format!(
                        "Your unsaved form “{title}” could not be opened for writing just now ({e}); it is kept."
                    ));
                    continue;
                }
                Ok(()) => {}
            }
            let texts = kept.texts();
            let reopen = match kept {
                Kept::Form(mut form) => self.form_target(form.purpose, d.client_id).map(|()| {
                    form.dirty = true;
                    form.draft = DraftRow {
                        id: Some(d.id),
                        written: form.snapshot(),
                    };
                    self.overlays.push(Overlay::Form(*form));
                }),
                Kept::Stepper(stepper) => self.reopen_stepper(stepper, d.id),
            };
            match reopen {
                Ok(()) => {
                    self.form_drafts.open.push(d.id);
                    notices.insert(
                        0,
                        format!("Restored your unsaved form “{title}” from last time."),
                    );
                    reopened = true;
                }
                Err(why) => {
                    // Not shown here, so not held here: another session may take it.
                    if let Err(e) = self.store.release_form_draft(d.id) {
                        notices.push(format!("A form draft stays marked as open here: {e}"));
                    }
                    notices.push(format!(
                        "Your unsaved form “{title}” could not reopen: {why}. Its text is kept: {texts}"
                    ))
                }
            }
        }
        if !notices.is_empty() {
            let mut all = notices.join(" ");
            if let Some(s) = self.status.take() {
                all = format!("{all} {s}");
            }
            self.status = Some(all);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::demo::{GenerateOptions, generate};
    use crate::domain::{ChecklistTemplate, Date};
    use crate::store::Store;
    use std::path::Path;

    fn today() -> Date {
        Date::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn app_on(path: &Path) -> App {
        let store = Store::open(path).unwrap().0;
        App::new(
            store,
            ChecklistTemplate::builtin(),
            Config::default(),
            today(),
        )
        .unwrap()
    }

    /// A demo database with one form draft, typed into: editing a goal that
    /// is there, or (`gone`) one that is not.
    fn database_with_goal_draft(path: &Path, gone: bool) {
        let (mut store, _) = Store::open(path).unwrap();
        let opts = GenerateOptions {
            clients: 3,
            notes: 0,
            seed: 7,
            today: today(),
            progress: false,
        };
        generate(&mut store, &opts).unwrap();
        let (goal, client): (i64, i64) = store
            .conn()
            .query_row("SELECT id, client_id FROM goals LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let field = Field::new("client_words", "In their words", FieldKind::Text)
            .value("sleep through the night");
        let goal = if gone { goal + 1_000_000 } else { goal };
        let form = Form::new("Edit goal", FormPurpose::EditGoal(goal), vec![field]);
        let draft = FormDraft {
            id: 0,
            client_id: Some(client),
            body: form.snapshot().unwrap(),
            updated_at: None,
        };
        store.save_form_draft(&draft).unwrap();
    }

    /// Start over as if the app had just opened, drafts not yet restored.
    fn restore_again(app: &mut App) -> String {
        app.overlays.clear();
        app.form_drafts.open.clear();
        app.status = None;
        app.restore_form_drafts();
        app.status.clone().unwrap_or_default()
    }

    #[test]
    fn a_draft_whose_record_is_there_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casework.db");
        database_with_goal_draft(&path, false);
        let mut app = app_on(&path);
        let status = restore_again(&mut app);
        assert!(status.starts_with("Restored your unsaved form"), "{status}");
        assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    }

    #[test]
    fn a_draft_whose_record_is_gone_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casework.db");
        database_with_goal_draft(&path, true);
        let mut app = app_on(&path);
        let status = restore_again(&mut app);
        assert!(
            status.contains("could not reopen: its goal is no longer there"),
            "{status}"
        );
        assert!(status.contains("sleep through the night"), "{status}");
    }

    #[test]
    fn a_database_error_is_reported_as_itself_not_as_a_missing_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casework.db");
        database_with_goal_draft(&path, false);
        let mut app = app_on(&path);
        // Another connection breaks the table the check reads.
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute_batch("ALTER TABLE goals RENAME TO goals_elsewhere")
            .unwrap();
        let status = restore_again(&mut app);
        assert!(!status.contains("no longer there"), "{status}");
        assert!(status.contains("could not reopen"), "{status}");
        assert!(status.contains("no such table: goals"), "{status}");
        assert!(status.contains("sleep through the night"), "{status}");
    }
}
