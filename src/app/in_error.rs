//! "Entered in error": one key on the selected record (a progress record,
//! plan step, referral, goal, unsigned note, checklist tick, score, GAS
//! review; in a goal's detail, its GAS scale has a key of its own) asks why,
//! then marks it. Nothing is deleted; the record stays visible, marked,
//! and leaves charts, counts, urgency and the agenda.

use super::form::{Field, FieldKind, Form, FormBase, FormPurpose};
use super::overlay::Overlay;
use super::overlays::goal_detail::{DetailItem, GoalDetail};
use super::{Action, App, Pane, Reload};
use crate::domain::Stage;
use crate::keymap::Context;
use crate::store::StoreError;
use crate::store::in_error::MarkTarget;

/// What the reason form marks. Stored with a form draft, so the names are
/// an interface. A tick is named by its place in the stage's checklist;
/// the form's base holds the row itself, so a changed checklist is caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marked {
    Progress(i64),
    Step(i64),
    Referral(i64),
    Goal(i64),
    Note(i64),
    Measure(i64),
    GasScale(i64),
    GasReview(i64),
    Tick {
        client_id: i64,
        stage: Stage,
        index: usize,
    },
}

/// The key of the base field holding the row as the form opened.
const ROW: &str = "row";

impl App {
    /// The record a mark is for, as the store names it.
    fn mark_target(&self, m: Marked) -> Option<MarkTarget> {
        Some(match m {
            Marked::Progress(id) => MarkTarget::Progress(id),
            Marked::Step(id) => MarkTarget::Step(id),
            Marked::Referral(id) => MarkTarget::Referral(id),
            Marked::Goal(id) => MarkTarget::Goal(id),
            Marked::Note(id) => MarkTarget::Note(id),
            Marked::Measure(id) => MarkTarget::Measure(id),
            Marked::GasScale(id) => MarkTarget::GasScale(id),
            Marked::GasReview(id) => MarkTarget::GasReview(id),
            Marked::Tick {
                client_id,
                stage,
                index,
            } => MarkTarget::Tick {
                client_id,
                stage,
                item_key: self.template.items(stage).get(index)?.key.clone(),
            },
        })
    }

    /// The mark key in a pane: the selected goal, note or tick.
    pub(super) fn mark_selected_in_pane(&mut self) {
        let marked = match self.focus {
            Pane::Goals => self.selected_goal().map(|g| Marked::Goal(g.id)),
            Pane::Notes => match self.selected_note() {
                Some(n) if n.is_signed() => {
                    self.status = Some(format!(
                        "A signed note stays as signed: correct it with an addendum ({}).",
                        self.key(Action::AddAddendum, Context::Pane(Pane::Notes))
                    ));
                    return;
                }
                n => n.map(|n| Marked::Note(n.id)),
            },
            Pane::Stages => self.detail.as_ref().map(|d| Marked::Tick {
                client_id: d.client.id,
                stage: d.client.stage,
                index: self.cursor(Pane::Stages),
            }),
            Pane::Caseload => None,
        };
        match marked {
            Some(m) => {
                if let Some(form) = self.in_error_form(m) {
                    self.overlays.push(Overlay::Form(form));
                }
            }
            None => self.status = Some("Select a record to mark it entered in error.".into()),
        }
    }

    /// The mark key in a goal's detail: the form for whatever line is
    /// selected (for the detail to open over itself), or `None` with why.
    pub(crate) fn mark_selected_in_detail(&mut self, d: &GoalDetail) -> Option<Form> {
        let goal = self.goal(d.goal_id).cloned()?;
        let marked = match d.selected(&goal) {
            DetailItem::Goal => Marked::Goal(goal.id),
            DetailItem::Step(i) => Marked::Step(d.steps.get(i)?.id),
            DetailItem::Referral(i) => Marked::Referral(d.referrals.get(i)?.id),
            DetailItem::Progress(i) => Marked::Progress(goal.progress.get(i)?.id),
        };
        self.in_error_form(marked)
    }

    /// The mark key on a score in the measures view: the form, or `None`
    /// having said why it cannot be marked.
    pub(crate) fn mark_measure_form(&mut self, id: i64) -> Option<Form> {
        self.in_error_form(Marked::Measure(id))
    }

    /// The mark key on a GAS review in the measures view.
    pub(crate) fn mark_gas_review_form(&mut self, id: i64) -> Option<Form> {
        self.in_error_form(Marked::GasReview(id))
    }

    /// The GAS-scale mark key in a goal's detail: the form for the goal's
    /// scale now, or `None` having said why there is none to mark.
    pub(crate) fn mark_gas_scale_form(&mut self, goal_id: i64) -> Option<Form> {
        let Some(scale) = self.gas_scale(goal_id).map(|s| s.id) else {
            self.status = Some("This goal has no GAS scale to mark.".into());
            return None;
        };
        self.in_error_form(Marked::GasScale(scale))
    }

    /// The form asking why, over the record as it is now; or `None`, having
    /// said why it cannot be marked.
    fn in_error_form(&mut self, m: Marked) -> Option<Form> {
        let Some(target) = self.mark_target(m) else {
            self.status = Some("Select a checklist item to mark its tick.".into());
            return None;
        };
        let row = match self.store.mark_base(&target) {
            Ok(row) => row,
            Err(StoreError::Rule(why)) => {
                self.status = Some(format!("Not marked: {why}."));
                return None;
            }
            Err(e) => {
                self.status = Some(format!("Could not read it: {e}"));
                return None;
            }
        };
        let mut form = Form::new(
            format!("Entered in error: {}", target.what()),
            FormPurpose::EnteredInError(m),
            vec![
                Field::new("reason", "Reason", FieldKind::Text)
                    .required()
                    .placeholder("e.g. typed 30 for 3"),
            ],
        );
        form.note = Some(
            "It stays in the history, audit and export, marked; charts and counts leave it out."
                .into(),
        );
        form.base = Some(FormBase::Fields(vec![(ROW.to_string(), row)]));
        form.for_client = self.selected_client().map(|c| c.id);
        Some(form)
    }

    /// Ctrl-S in the reason form. On a refusal the form says why and keeps
    /// the reason typed; the screen shows the record as it is now.
    pub(super) fn save_in_error_form(&mut self, form: &mut Form, m: Marked) -> bool {
        if !form.check(self.today) {
            return false;
        }
        let Some(target) = self.mark_target(m) else {
            form.not_saved("that checklist item is no longer listed");
            return false;
        };
        let seen = form
            .base_values()
            .and_then(|v| v.iter().find(|(k, _)| k == ROW))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let reason = form.text("reason").unwrap_or_default();
        let outcome = self.store.mark_in_error(&target, &reason, &seen);
        self.reload_marked(m);
        match outcome {
            Ok(_) => {
                self.status = Some(format!(
                    "Entered in error: the {} stays, out of charts and counts.",
                    target.what()
                ));
                true
            }
            Err(e) => {
                form.not_saved(e);
                false
            }
        }
    }

    /// Show the marked record (or, after a refusal, the record as it is now).
    fn reload_marked(&mut self, m: Marked) {
        let goal_id = self.goal_detail().map(|d| d.goal_id);
        match (m, goal_id) {
            (Marked::Progress(_) | Marked::Step(_) | Marked::Referral(_), Some(g)) => {
                self.reload_goals(g)
            }
            (Marked::Goal(g), _) => self.reload_goals(g),
            _ => self.reload_after_save(Reload::Client),
        }
    }
}
