//! Forms: labelled fields, typed into freely, checked on save. A field with a
//! problem shows it inline and keeps exactly what was typed.

use super::input::LineInput;
use super::stages::StageForm;
use crate::domain::dates::parse_date;
use crate::domain::{Date, Stage};
use crate::store::StoreError;
use crate::store::conflict::Conflict;

/// What a form is for: decides how it is checked and saved. Stored with a
/// form draft, so the serialized names are an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormPurpose {
    AddClient,
    /// Item notes, stepping back, entering Termination, re-opening.
    Stage(StageForm),
    EditClient(i64),
    SafetyPlan(i64),
    /// Date, time and duration of the note in the editor underneath.
    NoteDetails,
    /// For the selected client.
    AddGoal,
    EditGoal(i64),
    /// Progress on the goal with this id.
    RecordProgress(i64),
    /// A plan step under the goal with this id.
    AddStep(i64),
    EditStep(i64),
    /// A referral under the goal with this id.
    AddReferral(i64),
    EditReferral(i64),
    /// Correcting the progress record with this id (while recent).
    EditProgress(i64),
    /// The reason for marking a record entered in error.
    EnteredInError(super::in_error::Marked),
    /// Setting (again) the GAS scale of the goal with this id.
    GasScale(i64),
    /// The question a consultation pack for this client brings.
    ConsultQuestion(i64),
}

/// What an edit form started from, so that its save applies only to that
/// (see `store::conflict`). Kept with the form's draft.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormBase {
    /// The field values as the form opened, by field key (after a conflict:
    /// as the other session saved them).
    Fields(Vec<(String, String)>),
    /// The stage the case was in when a stage-move form opened.
    Stage(Stage),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Date,
    Number,
    /// One of fixed options, cycled with Space or Left/Right.
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// A date field where empty (or `t`) means today, such as an intake or
    /// a session date.
    pub today_if_empty: bool,
    pub input: LineInput,
    pub choice: usize,
    pub error: Option<String>,
    /// A short example shown beside an empty field.
    pub placeholder: &'static str,
}

impl Field {
    pub fn new(key: &'static str, label: &'static str, kind: FieldKind) -> Field {
        Field {
            key,
            label,
            kind,
            required: false,
            today_if_empty: false,
            input: LineInput::default(),
            choice: 0,
            error: None,
            placeholder: match kind {
                FieldKind::Date => "YYYY-MM-DD or +2w",
                _ => "",
            },
        }
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    /// Empty means today; the placeholder says so.
    pub fn today_if_empty(mut self) -> Field {
        self.today_if_empty = true;
        self.placeholder = "empty or t: today";
        self
    }
    pub fn placeholder(mut self, p: &'static str) -> Field {
        self.placeholder = p;
        self
    }
    pub fn value(mut self, v: &str) -> Field {
        match self.kind {
            FieldKind::Choice(opts) => self.choice = opts.iter().position(|o| *o == v).unwrap_or(0),
            _ => self.input = LineInput::new(v),
        }
        self.select_date();
        self
    }

    /// A date field is entered with its date selected whole: typing a new
    /// date replaces it, rather than running on after it.
    fn select_date(&mut self) {
        if self.kind == FieldKind::Date {
            self.input.select_all();
        }
    }

    /// What the field holds now, as text.
    pub fn text(&self) -> &str {
        match self.kind {
            FieldKind::Choice(opts) => opts.get(self.choice).copied().unwrap_or(""),
            _ => self.input.text().trim(),
        }
    }

    /// Check the field's own format. Cross-field rules belong to the form's owner.
    fn check(&mut self, today: Date) -> bool {
        let t = self.text();
        self.error = if t.is_empty() && self.today_if_empty {
            None
        } else if t.is_empty() {
            self.required.then(|| "required".to_string())
        } else {
            match self.kind {
                FieldKind::Date => parse_date(t, today).err(),
                FieldKind::Number => match t.parse::<f64>() {
                    Ok(v) if v.is_finite() => None,
                    _ => Some(format!("{t:?} is not a number")),
                },
                FieldKind::Text | FieldKind::Choice(_) => None,
            }
        };
        self.error.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub purpose: FormPurpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem with the whole form, such as a failed save.
    pub error: Option<String>,
    /// Something was typed: closing now would lose it, so ask first.
    pub dirty: bool,
    /// Context shown under the fields (not an error), e.g. a goal's target.
    pub note: Option<String>,
    /// Where its typing is kept (see `app::form_drafts`).
    pub draft: crate::app::form_drafts::DraftRow,
    /// What an edit form opened with: its save applies only to that.
    /// `None` for forms that add something new.
    pub base: Option<FormBase>,
    /// A save refused because another session changed the record first:
    /// for the form's overlay to show (see `overlays::conflict`).
    pub conflict: Option<Box<Conflict>>,
    /// The client selected when the form opened: what "for the selected
    /// client" means at save, even if the list has moved since (another
    /// session archived that client, say).
    pub for_client: Option<i64>,
}

impl Form {
    pub fn new(title: impl Into<String>, purpose: FormPurpose, fields: Vec<Field>) -> Self {
        Form {
            title: title.into(),
            purpose,
            fields,
            focus: 0,
            error: None,
            dirty: false,
            note: None,
            draft: Default::default(),
            base: None,
            conflict: None,
            for_client: None,
        }
    }

    /// The form with what it shows now as its base: for edit forms, as
    /// they open on a stored record.
    pub fn with_base(mut self) -> Form {
        self.base = Some(FormBase::Fields(self.values()));
        self
    }

    /// Every field's value as text, by key (a choice as its option).
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| (f.key.to_string(), f.text().to_string()))
            .collect()
    }

    /// A copy of this form holding `values` instead (keys not given keep
    /// theirs): to read a base with the same code that reads the typing.
    pub fn with_values(&self, values: &[(String, String)]) -> Form {
        let mut copy = self.clone();
        for f in &mut copy.fields {
            if let Some((_, v)) = values.iter().find(|(k, _)| k == f.key) {
                *f = f.clone().value(v);
            }
        }
        copy
    }

    /// The base's field values, if it has them.
    pub fn base_values(&self) -> Option<&[(String, String)]> {
        match &self.base {
            Some(FormBase::Fields(v)) => Some(v),
            _ => None,
        }
    }

    /// A save the store refused: a conflict is kept for the overlay that
    /// shows it, anything else is said on the form.
    pub fn refused(&mut self, e: StoreError) {
        match e {
            StoreError::Conflict(c) => self.conflict = Some(c),
            e => self.not_saved(e),
        }
    }

    /// The line under the fields: for goal forms a SMART hint that follows
    /// the typing, otherwise the fixed note, if any.
    pub fn note_line(&self) -> Option<String> {
        match self.purpose {
            FormPurpose::AddGoal | FormPurpose::EditGoal(_) => {
                let hint = super::goals::smart_hint(self);
                Some(match &self.note {
                    Some(n) => format!("{hint} {n}"),
                    None => hint,
                })
            }
            _ => self.note.clone(),
        }
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
            self.fields[self.focus].select_date();
        }
    }

    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
            self.fields[self.focus].select_date();
        }
    }

    /// Does any field have to be filled in? Only then does the form
    /// explain the `*`.
    pub fn has_required(&self) -> bool {
        self.fields.iter().any(|f| f.required)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Mark a cross-field problem on a field and move the cursor there.
    pub fn fail(&mut self, key: &str, msg: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.fields[i].error = Some(msg.into());
            self.focus = i;
        }
    }

    /// A save that failed: say why, and that nothing typed is lost.
    pub fn not_saved(&mut self, why: impl std::fmt::Display) {
        let save = crate::keymap::key_for(super::Action::Save, crate::keymap::Context::Form);
        self.error = Some(format!(
            "Not saved: {why}. Your typing is kept; try {save} again."
        ));
    }

    /// Check every field; on failure the cursor goes to the first problem.
    pub fn check(&mut self, today: Date) -> bool {
        let mut first_bad = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if !f.check(today) && first_bad.is_none() {
                first_bad = Some(i);
            }
        }
        if let Some(i) = first_bad {
            self.focus = i;
        }
        first_bad.is_none()
    }

    /// Text of a field, `None` when empty. Call after `check`.
    pub fn text(&self, key: &str) -> Option<String> {
        self.field(key)
            .map(Field::text)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }
    pub fn date(&self, key: &str, today: Date) -> Option<Date> {
        let f = self.field(key)?;
        if f.today_if_empty && f.text().is_empty() {
            return Some(today);
        }
        parse_date(f.text(), today).ok()
    }
    pub fn number(&self, key: &str) -> Option<f64> {
        self.field(key).and_then(|f| f.text().parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_marks_each_bad_field_and_keeps_the_text() {
        let today: Date = "2026-11-23".parse().expect("date");
        let mut f = Form::new(
            "t",
            FormPurpose::AddClient,
            vec![
                Field::new("name", "Name", FieldKind::Text).required(),
                Field::new("due", "Due", FieldKind::Date).value("31/12/2026"),
                Field::new("n", "N", FieldKind::Number).value("ten"),
                Field::new("ok", "Ok", FieldKind::Date).value("+2w"),
            ],
        );
        assert!(!f.check(today));
        assert_eq!(f.focus, 0);
        assert_eq!(f.fields[0].error.as_deref(), Some("required"));
        assert!(f.fields[1].error.is_some());
        assert_eq!(f.fields[1].text(), "31/12/2026");
        assert!(f.fields[2].error.is_some());
        assert!(f.fields[3].error.is_none());
        assert_eq!(f.date("ok", today), "2026-12-07".parse().ok());
    }

    #[test]
    fn dates_start_selected_and_empty_means_today_only_where_the_field_says() {
        let today: Date = "2026-11-23".parse().expect("date");
        let mut f = Form::new(
            "t",
            FormPurpose::AddClient,
            vec![
                Field::new("name", "Name", FieldKind::Text),
                Field::new("on", "On", FieldKind::Date)
                    .today_if_empty()
                    .value("2026-11-23"),
                Field::new("due", "Due", FieldKind::Date),
            ],
        );
        assert!(!f.has_required());
        assert!(f.fields[1].input.selected());
        f.next_field();
        f.focused().expect("field").input.clear();
        assert!(f.check(today));
        assert_eq!(f.date("on", today), Some(today));
        assert_eq!(f.date("due", today), None, "an ordinary date stays empty");
        // Coming back to a date selects it again; a text field never is.
        f.fields[1].input.insert_str("2026-11-01");
        f.next_field();
        f.prev_field();
        assert!(f.fields[1].input.selected());
        f.prev_field();
        f.fields[0].input.insert_str("Ada");
        f.next_field();
        f.prev_field();
        assert!(!f.fields[0].input.selected());
    }
}
