//! The safety plan: opened with one key from anywhere while a client is
//! selected, edited in a form, saved as a whole.

use super::form::{Field, FieldKind, Form, FormPurpose};
use super::overlay::Overlay;
use super::overlays::safety::SafetyView;
use super::{App, Scroll, name_tag};
use crate::domain::safety::SafetyPlan;

const LABELS: [(&str, &str); 5] = [
    ("warning_signs", "Warning signs"),
    ("coping", "Coping on my own"),
    ("supports", "People and places"),
    ("professionals", "Professionals"),
    ("safe_environment", "Safer surroundings"),
];

pub fn safety_form(client_id: i64, name: &str, plan: &SafetyPlan) -> Form {
    let fields = LABELS
        .iter()
        .zip(plan.parts())
        .map(|((key, label), (_, _, text))| {
            Field::new(key, label, FieldKind::Text)
                .placeholder("items separated by ;")
                .value(text)
        })
        .collect();
    Form::new(
        format!("Safety plan: {}", name_tag(name)),
        FormPurpose::SafetyPlan(client_id),
        fields,
    )
    .with_base()
}

pub(super) fn read_safety_form(form: &Form) -> SafetyPlan {
    let t = |k: &str| form.text(k).unwrap_or_default();
    SafetyPlan {
        warning_signs: t("warning_signs"),
        coping: t("coping"),
        supports: t("supports"),
        professionals: t("professionals"),
        safe_environment: t("safe_environment"),
        updated_at: None,
    }
}

impl App {
    /// `!`: the selected client's safety plan.
    pub(super) fn open_safety_plan(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        let (client_id, name, crisis) = (c.id, c.name.clone(), c.crisis);
        match self.store.safety_plan(client_id) {
            Ok(plan) => self.overlays.push(Overlay::SafetyPlan(SafetyView {
                client_id,
                name,
                crisis,
                plan,
                scroll: Scroll::default(),
            })),
            Err(e) => self.status = Some(format!("Could not load the safety plan: {e}")),
        }
    }

    /// Read the plan and flag again into the overlay on top (after a change).
    pub(super) fn refresh_safety_view(&mut self) {
        let Some(Overlay::SafetyPlan(v)) = self.overlays.last() else {
            return;
        };
        let id = v.client_id;
        let plan = self.store.safety_plan(id);
        let crisis = self.roster.iter().find(|c| c.id == id).map(|c| c.crisis);
        if let Some(Overlay::SafetyPlan(v)) = self.overlays.last_mut() {
            match plan {
                Ok(p) => v.plan = p,
                Err(e) => self.status = Some(format!("Could not reload the safety plan: {e}")),
            }
            if let Some(c) = crisis {
                v.crisis = c;
            }
        }
    }

    pub(super) fn save_safety_form(&mut self, form: &mut Form, client_id: i64) -> bool {
        let plan = read_safety_form(form);
        if plan.is_empty() {
            form.fail("warning_signs", "write at least one part of the plan");
            return false;
        }
        let saved = self.form_base(form).and_then(|base| {
            let base = read_safety_form(&base);
            self.store.save_safety_plan(client_id, &plan, &base)
        });
        if let Err(e) = saved {
            form.refused(e);
            return false;
        }
        self.status = Some(format!(
            "Safety plan saved for {}.",
            self.client_name(client_id)
        ));
        self.refresh_safety_view();
        true
    }
}
