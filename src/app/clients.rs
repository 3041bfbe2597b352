//! Adding clients: the form and what saving it does.

use super::form::{Field, FieldKind, Form};
use super::overlay::{FormPurpose, Overlay};
use super::{App, Pane};
use crate::domain::RiskLevel;
use crate::store::clients::ClientFields;

const RISK: &[&str] = &["low", "medium", "high"];

pub fn new_client_form() -> Form {
    Form::new(
        "New client",
        FormPurpose::AddClient,
        vec![
            Field::new("name", "Name", FieldKind::Text).required(),
            Field::new("preferred_name", "Preferred name", FieldKind::Text),
            Field::new("pronouns", "Pronouns", FieldKind::Text).placeholder("she/her, they/them…"),
            Field::new("date_of_birth", "Date of birth", FieldKind::Date).placeholder("YYYY-MM-DD"),
            Field::new("contact", "Contact", FieldKind::Text).placeholder("phone, address"),
            Field::new("referral_source", "Referred by", FieldKind::Text),
            Field::new("intake_date", "Intake date", FieldKind::Date).value("today"),
            Field::new("next_contact", "Next contact", FieldKind::Date)
                .placeholder("YYYY-MM-DD or +1w"),
            Field::new("case_review", "Case review", FieldKind::Date)
                .placeholder("YYYY-MM-DD or +3m"),
            Field::new("risk_level", "Risk level", FieldKind::Choice(RISK)),
        ],
    )
}

impl App {
    pub(super) fn open_client_form(&mut self) {
        self.overlays.push(Overlay::Form(new_client_form()));
    }

    /// Validate and save the client form on top. On any problem the form
    /// stays open with the problem shown and every typed character kept.
    pub(super) fn save_client_form(&mut self) {
        let today = self.today;
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return;
        };
        form.error = None;
        if !form.check(today) {
            return;
        }
        let dob = form.date("date_of_birth", today);
        if dob.is_some_and(|d| d > today) {
            form.fail("date_of_birth", "is in the future");
            return;
        }
        let fields = ClientFields {
            name: form.text("name").unwrap_or_default(),
            preferred_name: form.text("preferred_name"),
            pronouns: form.text("pronouns"),
            date_of_birth: dob,
            contact: form.text("contact"),
            referral_source: form.text("referral_source"),
            intake_date: form.date("intake_date", today),
            next_contact: form.date("next_contact", today),
            case_review: form.date("case_review", today),
            risk_level: form
                .text("risk_level")
                .as_deref()
                .and_then(RiskLevel::from_key)
                .unwrap_or_default(),
        };
        match self.store.add_client(&fields, today) {
            Ok(id) => {
                self.overlays.pop();
                self.status = Some(format!("Added {}.", fields.name));
                if let Err(e) = self.reload_caseload() {
                    self.status = Some(format!(
                        "Saved, but the caseload could not be reloaded: {e}"
                    ));
                }
                self.select_client(id);
                self.focus = Pane::Caseload;
            }
            Err(e) => {
                if let Some(Overlay::Form(form)) = self.overlays.last_mut() {
                    form.error = Some(format!(
                        "Not saved: {e}. Your typing is kept; try Ctrl-S again."
                    ));
                }
            }
        }
    }
}
