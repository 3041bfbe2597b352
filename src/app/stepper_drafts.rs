//! The one-key steppers keep their answers as form drafts too: a PHQ-9 half
//! given when the link drops or the process is killed comes back on the
//! next start, on the item it was at, over the client's measures. The row
//! goes with the save (in the same transaction) or when the answers are
//! dropped on purpose, as for any form (see `form_drafts`).

use super::form_drafts::{DraftRow, Drafted};
use super::overlays::gas_review::GasReviewForm;
use super::overlays::measure_form::MeasureForm;
use super::overlays::measures::MeasuresView;
use super::{App, Overlay};
use crate::domain::measures;
use crate::store::form_drafts::Record;
use serde::{Deserialize, Serialize};

/// The draft row's body for a stepper. The `stepper` tag keeps it apart
/// from a form's body (which has no such field, and a `purpose` this has
/// not), so each reads only as what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stepper", rename_all = "snake_case")]
pub enum SavedStepper {
    Measure {
        client_id: i64,
        /// The instrument's key.
        key: String,
        answers: Vec<Option<u8>>,
        at: usize,
    },
    GasReview {
        client_id: i64,
        /// (goal id, level) for each level picked.
        levels: Vec<(i64, i8)>,
        at: usize,
    },
}

impl SavedStepper {
    pub fn read(body: &str) -> Option<SavedStepper> {
        serde_json::from_str(body).ok()
    }

    /// What the notices call it.
    pub fn title(&self) -> String {
        match self {
            SavedStepper::Measure { key, .. } => {
                let name = measures()
                    .get(key)
                    .map_or(key.as_str(), |i| i.name.as_str());
                format!("{name} answers")
            }
            SavedStepper::GasReview { .. } => "GAS review".into(),
        }
    }

    /// The answers given, for a notice when it cannot reopen.
    pub fn texts(&self) -> String {
        match self {
            SavedStepper::Measure { answers, .. } => {
                let given = answers
                    .iter()
                    .map(|a| a.map_or("-".to_string(), |a| a.to_string()))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("answers {given}")
            }
            SavedStepper::GasReview { levels, .. } => {
                let picked = levels
                    .iter()
                    .map(|(goal, level)| {
                        format!("goal {goal} {}", crate::domain::gas::level_text(*level))
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("levels {picked}")
            }
        }
    }
}

impl Drafted for MeasureForm {
    fn draft_body(&self) -> Option<String> {
        serde_json::to_string(&SavedStepper::Measure {
            client_id: self.client_id,
            key: self.key.clone(),
            answers: self.answers.clone(),
            at: self.at,
        })
        .ok()
    }
    fn typed_in(&self) -> bool {
        self.answers.iter().any(Option::is_some)
    }
    fn row(&self) -> &DraftRow {
        &self.draft
    }
    fn row_mut(&mut self) -> &mut DraftRow {
        &mut self.draft
    }
    fn write_failed(&mut self, why: String) {
        self.problem = Some(why);
    }
    fn draft_client(&self) -> Option<i64> {
        Some(self.client_id)
    }
}

impl Drafted for GasReviewForm {
    fn draft_body(&self) -> Option<String> {
        serde_json::to_string(&SavedStepper::GasReview {
            client_id: self.client_id,
            levels: self.picked().iter().map(|l| (l.goal_id, l.level)).collect(),
            at: self.at,
        })
        .ok()
    }
    fn typed_in(&self) -> bool {
        self.levels.iter().any(Option::is_some)
    }
    fn row(&self) -> &DraftRow {
        &self.draft
    }
    fn row_mut(&mut self) -> &mut DraftRow {
        &mut self.draft
    }
    fn write_failed(&mut self, why: String) {
        self.problem = Some(why);
    }
    fn draft_client(&self) -> Option<i64> {
        Some(self.client_id)
    }
}

impl App {
    /// Reopen a stepper from its draft row `id`, over the client's
    /// measures. `Err` says why it cannot; the row then stays.
    pub(super) fn reopen_stepper(&mut self, saved: SavedStepper, id: i64) -> Result<(), String> {
        let client_id = match &saved {
            SavedStepper::Measure { client_id, .. } | SavedStepper::GasReview { client_id, .. } => {
                *client_id
            }
        };
        match self.store.record_exists(Record::Client, client_id) {
            Ok(true) => {}
            Ok(false) => return Err("its client is no longer there".into()),
            Err(e) => return Err(format!("its client could not be looked up ({e})")),
        }
        self.select_client(client_id);
        let name = match self.selected_client() {
            Some(c) if c.id == client_id => c.name.clone(),
            _ => return Err("its client is not in the caseload".into()),
        };
        let mut top: Overlay = match saved {
            SavedStepper::Measure {
                key, answers, at, ..
            } => {
                let Some(mut form) = MeasureForm::new(client_id, name.clone(), &key) else {
                    return Err(format!("the measure {key:?} is no longer in use"));
                };
                let Some(inst) = form.instrument() else {
                    return Err(format!("the measure {key:?} is no longer in use"));
                };
                let fits = answers.len() == inst.items.len()
                    && inst
                        .items
                        .iter()
                        .zip(&answers)
                        .all(|(item, a)| a.is_none_or(|a| item.choice(a).is_some()));
                if !fits {
                    return Err(format!("the {} has changed since", inst.name));
                }
                form.answers = answers;
                form.at = at.min(form.answers.len());
                Overlay::MeasureForm(form)
            }
            SavedStepper::GasReview { levels, at, .. } => {
                let goals = self.gas_review_goals(client_id);
                if goals.is_empty() {
                    return Err("no goal of theirs has a GAS scale now".into());
                }
                let mut form = GasReviewForm::new(client_id, name.clone(), goals);
                let mut left_out = 0;
                for (goal, level) in levels {
                    match form.goals.iter().position(|(_, s)| s.goal_id == goal) {
                        Some(i) => form.levels[i] = Some(level),
                        None => left_out += 1,
                    }
                }
                if left_out > 0 {
                    return Err(format!(
                        "{left_out} of its goals no longer carry a GAS scale"
                    ));
                }
                form.at = at.min(form.goals.len());
                Overlay::GasReview(Box::new(form))
            }
        };
        // What it holds is what the row holds: nothing to write yet.
        if let Some(d) = top.drafted_mut() {
            if let Some(body) = d.draft_body() {
                d.wrote(id, body);
            }
        }
        self.overlays
            .push(Overlay::Measures(MeasuresView::new(client_id, name)));
        self.overlays.push(top);
        Ok(())
    }
}
