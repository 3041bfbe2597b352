//! Correcting the closing record from the screen: the termination summary
//! (`e` in the stage history, while recent; see `store::record_edits` for
//! the rule) and restoring an archived client with an optional reason.

use super::form::{Field, FieldKind, Form, FormBase, FormPurpose};
use super::stages::{StageForm, summary_text};
use super::{App, Reload, name_tag};
use crate::store::StoreError;

/// The key of the base field holding the summary as the form opened.
const SHOWN: &str = "summary";

/// The two parts a summary was written as; a summary of another shape
/// (imported, or from an older version) is all "achieved".
fn parts(summary: &str) -> (String, String) {
    summary
        .strip_prefix("Achieved: ")
        .and_then(|rest| rest.split_once("\nSupports in place: "))
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .unwrap_or_else(|| (summary.replace('\n', " "), String::new()))
}

impl App {
    /// `e` in the stage history: the summary form, or why not.
    pub(crate) fn open_summary_form(&mut self) -> Option<Form> {
        let client = self.detail.as_ref().map(|d| d.client.clone())?;
        let summary = match self.store.summary_editable(client.id) {
            Ok(Ok(s)) => s,
            Ok(Err(why)) => {
                self.status = Some(format!("Not editable: {why}."));
                return None;
            }
            Err(e) => {
                self.status = Some(format!("Could not read it: {e}"));
                return None;
            }
        };
        let (achieved, supports) = parts(&summary);
        let mut form = Form::new(
            format!("Termination summary: {}", name_tag(&client.name)),
            FormPurpose::Stage(StageForm::EditSummary {
                client_id: client.id,
            }),
            vec![
                Field::new("achieved", "What was achieved", FieldKind::Text)
                    .required()
                    .value(&achieved),
                Field::new("supports", "Supports in place", FieldKind::Text)
                    .required()
                    .value(&supports),
            ],
        );
        form.note = Some(
            "Editable for 7 days after it was written; the history keeps the words before.".into(),
        );
        form.base = Some(FormBase::Fields(vec![(SHOWN.to_string(), summary)]));
        form.for_client = Some(client.id);
        Some(form)
    }

    /// Ctrl-S on the summary form.
    pub(super) fn save_summary_form(&mut self, form: &mut Form, client_id: i64) -> bool {
        if !form.check(self.today) {
            return false;
        }
        let text = |k| form.text(k).unwrap_or_default();
        let new = summary_text(&text("achieved"), &text("supports"));
        let shown = form
            .base_values()
            .and_then(|v| v.iter().find(|(k, _)| k == SHOWN))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let outcome = self.store.edit_summary(client_id, &new, &shown);
        self.reload_after_save(Reload::Client);
        match outcome {
            Ok(()) => {
                self.status =
                    Some("Termination summary edited; the history keeps the words before.".into());
                true
            }
            Err(e) => {
                form.not_saved(e);
                false
            }
        }
    }

    /// Ctrl-S on the restore form.
    pub(super) fn save_restore_form(&mut self, form: &mut Form, id: i64) -> bool {
        let reason = form.text("reason");
        let name = self.client_name(id);
        match self.store.restore_client(id, reason.as_deref()) {
            Ok(()) => {
                self.status = Some(format!(
                    "Restored {name} to the caseload; the stage history says so."
                ));
                self.reload_after_save(Reload::Caseload);
                true
            }
            Err(StoreError::Conflict(_)) => {
                self.flag_changed_elsewhere(&format!("restored {name} to the caseload"));
                true
            }
            Err(e) => {
                form.not_saved(e);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn a_summary_splits_back_into_its_two_fields() {
        let s = super::summary_text("housing, a job", "sister");
        assert_eq!(parts(&s), ("housing, a job".into(), "sister".into()));
        assert_eq!(
            parts("free words\nover lines"),
            ("free words over lines".into(), String::new())
        );
    }
}
