//! Adding, editing, archiving clients and their crisis flag: the forms,
//! the questions, and what saying yes does.

use super::form::{Field, FieldKind, Form, FormPurpose};
use super::overlay::{Confirm, OnYes, Overlay};
use super::{App, name_tag};
use crate::domain::closure::{ClosureReason, check_reason};
use crate::domain::{Date, RiskLevel};
use crate::store::StoreError;
use crate::store::clients::ClientFields;

const RISK: &[&str] = &["low", "medium", "high"];

fn client_form(title: String, purpose: FormPurpose, f: &ClientFields) -> Form {
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    Form::new(
        title,
        purpose,
        vec![
            Field::new("name", "Name", FieldKind::Text)
                .required()
                .value(&f.name),
            Field::new("preferred_name", "Preferred name", FieldKind::Text)
                .value(&text(&f.preferred_name)),
            Field::new("pronouns", "Pronouns", FieldKind::Text)
                .placeholder("she/her, they/them…")
                .value(&text(&f.pronouns)),
            Field::new("date_of_birth", "Date of birth", FieldKind::Date)
                .placeholder("YYYY-MM-DD")
                .value(&date(f.date_of_birth)),
            Field::new("contact", "Contact", FieldKind::Text)
                .placeholder("phone, address")
                .value(&text(&f.contact)),
            Field::new("referral_source", "Referred by", FieldKind::Text)
                .value(&text(&f.referral_source)),
            Field::new("intake_date", "Intake date", FieldKind::Date).value(&date(f.intake_date)),
            Field::new("next_contact", "Next contact", FieldKind::Date)
                .placeholder("YYYY-MM-DD or +1w")
                .value(&date(f.next_contact)),
            Field::new("case_review", "Case review", FieldKind::Date)
                .placeholder("YYYY-MM-DD or +3m")
                .value(&date(f.case_review)),
            Field::new("risk_level", "Risk level", FieldKind::Choice(RISK))
                .value(f.risk_level.key()),
        ],
    )
}

/// A new client: the intake date is today's, selected so that typing
/// another date replaces it; emptied, it still means today.
pub fn new_client_form(today: Date) -> Form {
    let mut form = client_form(
        "New client".into(),
        FormPurpose::AddClient,
        &Default::default(),
    );
    if let Some(f) = form.fields.iter_mut().find(|f| f.key == "intake_date") {
        *f = f.clone().today_if_empty().value(&today.to_string());
    }
    form
}

/// The client's fields, prefilled, saved with `update_client` over what
/// it opened with.
pub fn edit_client_form(id: i64, f: &ClientFields) -> Form {
    client_form(
        format!("Edit client: {}", name_tag(&f.name)),
        FormPurpose::EditClient(id),
        f,
    )
    .with_base()
}

/// Read and check a client form. Marks problems inline and returns `None`
/// when there are any; the typing is kept either way.
pub fn read_client_form(form: &mut Form, today: Date) -> Option<ClientFields> {
    form.error = None;
    if !form.check(today) {
        return None;
    }
    let dob = form.date("date_of_birth", today);
    let intake = form.date("intake_date", today);
    let next = form.date("next_contact", today);
    let review = form.date("case_review", today);
    if let Some(Err(e)) = dob.map(|d| crate::domain::dates::not_in_future(d, today)) {
        form.fail("date_of_birth", e);
        return None;
    }
    if let (Some(b), Some(i)) = (dob, intake) {
        if b > i {
            form.fail("date_of_birth", "is after the intake date");
            return None;
        }
    }
    for (key, d) in [("next_contact", next), ("case_review", review)] {
        if let (Some(d), Some(i)) = (d, intake) {
            if d < i {
                form.fail(key, "is before the intake date");
                return None;
            }
        }
    }
    Some(client_fields(form, today))
}

/// What a client form holds, unchecked (a base is read this way too).
pub fn client_fields(form: &Form, today: Date) -> ClientFields {
    let dob = form.date("date_of_birth", today);
    let intake = form.date("intake_date", today);
    let next = form.date("next_contact", today);
    let review = form.date("case_review", today);
    ClientFields {
        name: form.text("name").unwrap_or_default(),
        preferred_name: form.text("preferred_name"),
        pronouns: form.text("pronouns"),
        date_of_birth: dob,
        contact: form.text("contact"),
        referral_source: form.text("referral_source"),
        intake_date: intake,
        next_contact: next,
        case_review: review,
        risk_level: form
            .text("risk_level")
            .as_deref()
            .and_then(RiskLevel::from_key)
            .unwrap_or_default(),
    }
}

impl App {
    pub(super) fn open_client_form(&mut self) {
        self.overlays
            .push(Overlay::Form(new_client_form(self.today)));
    }

    /// `e` on the caseload: the selected client's form, filled in.
    pub(super) fn open_edit_client_form(&mut self) {
        let Some(d) = &self.detail else {
            self.status = Some("No client selected.".into());
            return;
        };
        let form = edit_client_form(d.client.id, &ClientFields::of(&d.client));
        self.overlays.push(Overlay::Form(form));
    }

    /// Validate and save a client form (new or edit). On any problem the
    /// form shows it and keeps every typed character.
    pub(super) fn save_client_form(&mut self, form: &mut Form) -> bool {
        let today = self.today;
        let Some(fields) = read_client_form(form, today) else {
            return false;
        };
        let saved = match form.purpose {
            FormPurpose::EditClient(id) => self
                .form_base(form)
                .and_then(|base| {
                    let base = client_fields(&base, today);
                    self.store.update_client(id, &fields, &base)
                })
                .map(|changed| {
                    let msg = if changed.is_empty() {
                        "No changes to save.".to_string()
                    } else {
                        format!("Saved {}.", name_tag(&fields.name))
                    };
                    (id, msg)
                }),
            _ => self
                .store
                .add_client(&fields, today)
                .map(|id| (id, format!("Added {}.", name_tag(&fields.name)))),
        };
        match saved {
            Ok((id, msg)) => {
                self.status = Some(msg);
                self.reload_after_save(super::Reload::Caseload);
                self.jump_to(id);
                true
            }
            Err(e) => {
                form.refused(e);
                false
            }
        }
    }

    /// `x`: archive the selected client, or restore an archived one; asks first.
    pub(super) fn ask_archive(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        if c.archived {
            // Bringing a case back is part of its record: who, when, why.
            let mut form = super::form::Form::new(
                format!("Restore {} to the caseload", name_tag(&c.name)),
                super::form::FormPurpose::Stage(super::stages::StageForm::Restore {
                    client_id: c.id,
                }),
                vec![
                    super::form::Field::new(
                        "reason",
                        "Why (optional)",
                        super::form::FieldKind::Text,
                    )
                    .placeholder("e.g. came back after moving"),
                ],
            );
            form.note = Some(
                "The stage history and the audit keep who restored them, when and why.".into(),
            );
            form.for_client = Some(c.id);
            self.overlays.push(Overlay::Form(form));
            return;
        }
        // Archiving closes the case: it asks why, as practice reports it.
        let mut form = super::form::Form::new(
            format!("Archive {}: why is the case closing?", name_tag(&c.name)),
            super::form::FormPurpose::Stage(super::stages::StageForm::Archive { client_id: c.id }),
            vec![
                super::form::Field::new(
                    "reason",
                    "Why",
                    super::form::FieldKind::Choice(ClosureReason::LABELS),
                ),
                super::form::Field::new("note", "In words", super::form::FieldKind::Text)
                    .placeholder("needed for other"),
            ],
        );
        form.note = Some("They leave the caseload; nothing is deleted.".into());
        form.for_client = Some(c.id);
        self.overlays.push(Overlay::Form(form));
    }

    /// `C`: raise or clear the crisis flag of the selected client; asks first.
    pub(super) fn ask_crisis(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        let ask = self.crisis_question(c.id, &c.name, c.crisis);
        self.overlays.push(Overlay::Confirm(ask));
    }

    /// The question before raising or clearing a client's crisis flag.
    pub(super) fn crisis_question(&self, id: i64, name: &str, crisis: bool) -> Confirm {
        let name = name_tag(name);
        let question = if crisis {
            format!("Clear the crisis flag for {name}?")
        } else {
            format!("Mark {name} as in crisis?")
        };
        Confirm::new(question, OnYes::Crisis(id, !crisis))
    }

    /// Ctrl-S on the archive form: the reason checked, then archived.
    pub(super) fn save_archive_form(&mut self, form: &mut super::form::Form, id: i64) -> bool {
        let reason = form
            .text("reason")
            .as_deref()
            .and_then(ClosureReason::from_label)
            .unwrap_or(ClosureReason::Other);
        let note = form.text("note");
        if let Err(e) = check_reason(reason, note.as_deref()) {
            form.fail("note", e);
            return false;
        }
        let name = self.client_name(id);
        match self
            .store
            .archive_closing(id, reason, note.as_deref(), self.today)
        {
            Ok(()) => {
                self.status = Some(format!(
                    "Archived {name} ({}). Nothing was deleted; {} shows archived clients.",
                    reason.label(),
                    self.key(
                        super::Action::ToggleArchived,
                        crate::keymap::Context::Pane(super::Pane::Caseload)
                    )
                ));
                self.reload_after_save(super::Reload::Caseload);
                true
            }
            Err(StoreError::Conflict(_)) => {
                self.flag_changed_elsewhere(&format!("archived {name}"));
                true
            }
            Err(e) => {
                form.not_saved(e);
                false
            }
        }
    }

    pub(super) fn archive(&mut self, id: i64, archive: bool) {
        let name = self.client_name(id);
        match self.store.set_archived(id, archive) {
            Ok(()) => {
                self.status = Some(if archive {
                    format!(
                        "Archived {name}. Nothing was deleted; {} shows archived clients.",
                        self.key(
                            super::Action::ToggleArchived,
                            crate::keymap::Context::Pane(super::Pane::Caseload)
                        )
                    )
                } else {
                    format!("Restored {name} to the caseload.")
                });
                self.reload_after_save(super::Reload::Caseload);
            }
            Err(StoreError::Conflict(_)) => {
                let done = if archive {
                    format!("archived {name}")
                } else {
                    format!("restored {name} to the caseload")
                };
                self.flag_changed_elsewhere(&done);
            }
            Err(e) => self.status = Some(format!("Not changed: {e}")),
        }
    }

    pub(super) fn set_crisis(&mut self, id: i64, crisis: bool) {
        let name = self.client_name(id);
        match self.store.set_crisis(id, crisis) {
            Ok(()) => {
                self.status = Some(if crisis {
                    format!("{name} is marked in crisis.")
                } else {
                    format!("Crisis flag cleared for {name}.")
                });
                self.reload_after_save(super::Reload::Caseload);
                self.jump_to(id);
                // A crisis calls for the safety plan: show it at once.
                match self.overlays.last() {
                    Some(Overlay::SafetyPlan(_)) => self.refresh_safety_view(),
                    _ if crisis => self.open_safety_plan(),
                    _ => {}
                }
            }
            Err(StoreError::Conflict(_)) => {
                let done = if crisis {
                    format!("marked {name} as in crisis")
                } else {
                    format!("cleared the crisis flag for {name}")
                };
                self.flag_changed_elsewhere(&done);
                self.refresh_safety_view();
            }
            Err(e) => self.status = Some(format!("Not changed: {e}")),
        }
    }

    /// A flag the screen showed the other way was already set by another
    /// session: say so, and show it as it is.
    pub(super) fn flag_changed_elsewhere(&mut self, done: &str) {
        self.status = Some(format!(
            "Another session already {done}; the screen now shows it."
        ));
        self.reload_after_save(super::Reload::Caseload);
    }

    /// A client's name from the loaded rows, for messages.
    pub(super) fn client_name(&self, id: i64) -> String {
        self.roster
            .iter()
            .find(|c| c.id == id)
            .map(|c| name_tag(&c.name))
            .unwrap_or_else(|| format!("client {id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-23".parse().expect("date")
    }

    fn set(form: &mut Form, key: &str, v: &str) {
        let f = form
            .fields
            .iter_mut()
            .find(|f| f.key == key)
            .expect("field");
        *f = f.clone().value(v);
    }

    #[test]
    fn new_form_needs_a_name_and_keeps_the_rest() {
        let mut form = new_client_form(today());
        set(&mut form, "contact", "07700 900123");
        assert_eq!(read_client_form(&mut form, today()), None);
        assert_eq!(form.fields[0].error.as_deref(), Some("required"));
        assert_eq!(form.text("contact").as_deref(), Some("07700 900123"));
        set(&mut form, "name", "  Ada Okafor ");
        let f = read_client_form(&mut form, today()).expect("valid now");
        assert_eq!(f.name, "Ada Okafor");
        assert_eq!(f.intake_date, Some(today()));
        assert_eq!(f.risk_level, RiskLevel::Low);
    }

    #[test]
    fn dates_must_make_sense_together() {
        let mut form = new_client_form(today());
        set(&mut form, "name", "Ada");
        set(&mut form, "date_of_birth", "2030-01-01");
        assert_eq!(read_client_form(&mut form, today()), None);
        assert_eq!(form.fields[form.focus].key, "date_of_birth");
        assert_eq!(
            form.fields[form.focus].error.as_deref(),
            Some("is in the future")
        );

        set(&mut form, "date_of_birth", "1990-05-01");
        set(&mut form, "intake_date", "2026-11-01");
        set(&mut form, "next_contact", "2026-10-01");
        assert_eq!(read_client_form(&mut form, today()), None);
        assert_eq!(form.fields[form.focus].key, "next_contact");

        set(&mut form, "next_contact", "+1w");
        set(&mut form, "case_review", "+3m");
        let f = read_client_form(&mut form, today()).expect("valid");
        assert_eq!(f.next_contact, "2026-11-30".parse().ok());
        assert_eq!(f.case_review, "2027-02-23".parse().ok());
    }

    #[test]
    fn edit_form_round_trips_the_fields() {
        let fields = ClientFields {
            name: "Rosa Kowalczyk".into(),
            preferred_name: Some("Ro".into()),
            pronouns: Some("she/her".into()),
            date_of_birth: "1980-02-29".parse().ok(),
            contact: Some("07700 900001".into()),
            referral_source: Some("GP practice".into()),
            intake_date: "2026-09-01".parse().ok(),
            next_contact: "2026-11-20".parse().ok(),
            case_review: None,
            risk_level: RiskLevel::High,
        };
        let mut form = edit_client_form(7, &fields);
        assert_eq!(form.purpose, FormPurpose::EditClient(7));
        // An overdue next contact is kept as it is: editing is not the time to nag.
        assert_eq!(read_client_form(&mut form, today()), Some(fields));
    }
}
