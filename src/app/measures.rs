//! Standard measures in the TUI: opening a client's measures, saving a
//! measure given one item per screen, and what a flagged answer (PHQ-9
//! item 9) sets off: said plainly, with the offer to mark the client in
//! crisis and open the safety plan.

use super::overlay::{Confirm, OnYes, Overlay};
use super::overlays::measure_form::MeasureForm;
use super::overlays::measures::MeasuresView;
use super::{App, Reload};
use crate::domain::measure::{Instrument, Response, SafetyAnswer};
use crate::domain::measures;

impl App {
    /// `M`: the selected client's measures.
    pub(super) fn open_measures(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        let view = MeasuresView::new(c.id, c.name.clone());
        self.overlays.push(Overlay::Measures(view));
    }

    /// The selected client's saved measures (entered in error included).
    pub fn client_measures(&self, client_id: i64) -> &[Response] {
        match &self.detail {
            Some(d) if d.client.id == client_id => &d.measures,
            _ => &[],
        }
    }

    /// Save a completed form. On a safety flag, the form is followed by the
    /// question (or, for a client already in crisis, by the safety plan).
    /// `Err` says why nothing was saved.
    pub(crate) fn save_measure(&mut self, form: &MeasureForm) -> Result<(), String> {
        let Some(inst) = measures().get(&form.key) else {
            return Err(format!("the measure {:?} is no longer listed", form.key));
        };
        let given: Vec<u8> = form.answers.iter().map_while(|a| *a).collect();
        // The score and the removal of the answers' draft land together.
        self.store.retire_form_draft_with_next_write(form.draft.id);
        let recorded =
            self.store
                .record_measure(form.client_id, inst, self.today, self.today, &given);
        self.store.retire_form_draft_with_next_write(None);
        let r = recorded.map_err(|e| e.to_string())?;
        self.reload_after_save(Reload::Client);
        self.status = Some(format!("{} saved: {}.", inst.name, r.score_words()));
        // Only a safety flag sets anything off; any other shows beside
        // the score (in the status above and wherever the score is).
        let safety = inst.safety_raised(&form.answers);
        if safety.is_empty() {
            return Ok(());
        }
        let name = self.client_name(form.client_id);
        let in_crisis = self
            .detail
            .as_ref()
            .is_some_and(|d| d.client.id == form.client_id && d.client.crisis);
        if in_crisis {
            self.status = Some(format!(
                "{} saved: {}. {name} is already marked in crisis: here is the safety plan.",
                inst.name,
                r.score_words()
            ));
            self.open_safety_plan();
        } else {
            let question = safety_question(inst, &safety, &name);
            let title = match safety.as_slice() {
                [one] => format!("Safety: {} item {}", inst.name, one.item),
                _ => format!("Safety: {}", inst.name),
            };
            self.overlays.push(Overlay::Confirm(
                Confirm::new(question, OnYes::Crisis(form.client_id, true)).about_safety(title),
            ));
        }
        Ok(())
    }
}

/// The question after a safety flag, in plain words: which item, what it
/// asks, what the client answered; then what to do, and the offer.
fn safety_question(inst: &Instrument, raised: &[SafetyAnswer], name: &str) -> String {
    let mut lines: Vec<String> = raised
        .iter()
        .map(|r| {
            let item = r.text.trim_end_matches(['.', '?']);
            let max = inst
                .items
                .get(r.item - 1)
                .map_or(String::new(), |i| format!(" of {}", i.max()));
            format!(
                "{name} answered item {} of the {}, “{item}”, with “{}” ({}{max}).",
                r.item, inst.name, r.answer, r.score
            )
        })
        .collect();
    lines.push(String::new());
    lines.push(format!(
        "This is not just a number: speak with {name} about their safety now."
    ));
    lines.push(String::new());
    lines.push(format!("Mark {name} in crisis and open the safety plan?"));
    lines.join("\n")
}
