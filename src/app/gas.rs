//! Goal Attainment Scaling in the TUI: the scale form from a goal's
//! detail, and a review from the measures view.

use super::form::Form;
use super::overlay::Overlay;
use super::overlays::gas_review::GasReviewForm;
use super::{App, Reload};
use crate::domain::Goal;
use crate::domain::gas_record::{GasReview, GasScale};

impl App {
    /// The goal's scale now, as loaded with the client.
    pub fn gas_scale(&self, goal_id: i64) -> Option<&GasScale> {
        self.detail
            .as_ref()
            .and_then(|d| d.gas_scales.iter().find(|s| s.goal_id == goal_id))
    }

    /// The client's GAS reviews, oldest first (entered in error included).
    pub fn client_gas_reviews(&self, client_id: i64) -> &[GasReview] {
        match &self.detail {
            Some(d) if d.client.id == client_id => &d.gas_reviews,
            _ => &[],
        }
    }

    /// The scale form for a goal, filled from its scale if it has one.
    pub(crate) fn gas_scale_form(&self, goal: &Goal) -> Form {
        super::goal_forms::gas_scale_form(goal, self.gas_scale(goal.id))
    }

    /// A review of every goal with a scale (not entered in error), or
    /// `None`, having said why there is nothing to review.
    pub(crate) fn gas_review_form(&mut self, client_id: i64, name: &str) -> Option<Overlay> {
        let goals = self.gas_review_goals(client_id);
        if goals.is_empty() {
            self.status = Some(
                "No goal has a GAS scale yet: open a goal (Enter) and set its scale first.".into(),
            );
            return None;
        }
        Some(Overlay::GasReview(Box::new(GasReviewForm::new(
            client_id,
            name.to_string(),
            goals,
        ))))
    }

    /// Each goal a review covers (a scale, not entered in error), with its
    /// words, in goal order.
    pub(super) fn gas_review_goals(&self, client_id: i64) -> Vec<(String, GasScale)> {
        self.detail
            .as_ref()
            .filter(|d| d.client.id == client_id)
            .map(|d| {
                d.goals
                    .iter()
                    .filter(|g| g.error.is_none())
                    .filter_map(|g| {
                        let s = d.gas_scales.iter().find(|s| s.goal_id == g.id)?;
                        Some((g.client_words.clone(), s.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Save a completed review, dated today. `Err` says why nothing was saved.
    pub(crate) fn save_gas_review(&mut self, form: &GasReviewForm) -> Result<(), String> {
        let levels: Vec<(i64, i8)> = form.picked().iter().map(|l| (l.goal_id, l.level)).collect();
        // The review and the removal of its draft land together.
        self.store.retire_form_draft_with_next_write(form.draft.id);
        let recorded =
            self.store
                .record_gas_review(form.client_id, self.today, self.today, &levels);
        self.store.retire_form_draft_with_next_write(None);
        let r = recorded.map_err(|e| e.to_string())?;
        self.reload_after_save(Reload::Client);
        self.status = Some(match r.t_score {
            Some(t) => format!("GAS review saved: T-score {t:.1}."),
            None => "GAS review saved.".into(),
        });
        Ok(())
    }
}
