//! Goals: what each key and each save does to goals, progress, plan steps
//! and referrals. The forms themselves are in `goal_forms`.

use super::form::{Form, FormPurpose};
pub use super::goal_forms::*;
use super::overlay::Overlay;
pub use super::overlays::goal_detail::{DetailItem, GoalDetail};
use super::{Action, App, Pane, Reload, Scroll};
use crate::domain::{Goal, PlanStep, Referral};
use crate::keymap::Context;
use crate::store::StoreError;

impl App {
    /// The goal under the cursor in the Goals pane.
    pub fn selected_goal(&self) -> Option<&Goal> {
        self.detail.as_ref()?.goals.get(self.cursor(Pane::Goals))
    }

    fn selected_goal_id(&self) -> Option<i64> {
        self.selected_goal().map(|g| g.id)
    }

    pub fn goal(&self, id: i64) -> Option<&Goal> {
        self.detail.as_ref()?.goals.iter().find(|g| g.id == id)
    }

    /// The goal detail anywhere on the stack (under a form, say).
    pub fn goal_detail(&self) -> Option<&GoalDetail> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::GoalDetail(d) => Some(d),
            _ => None,
        })
    }

    fn no_goal_selected(&mut self) {
        self.status = Some(format!(
            "No goal selected: add one with {}.",
            self.key(Action::AddGoal, Context::Pane(Pane::Goals))
        ));
    }

    /// `a` adds a goal (`id` None); `e` edits the goal with that id.
    pub(super) fn open_goal_form(&mut self, id: Option<i64>) {
        if self.selected_client().is_none() {
            self.status = Some("Add a client first: goals belong to a client.".into());
            return;
        }
        let form = match id {
            None => goal_form(None),
            Some(id) => match self.goal(id) {
                Some(g) if g.error.is_some() => {
                    self.status =
                        Some("This goal was entered in error, so it stays as it was.".into());
                    return;
                }
                Some(g) => goal_form(Some(g)),
                None => return self.no_goal_selected(),
            },
        };
        self.overlays.push(Overlay::Form(form));
    }

    /// `e` in the Goals pane.
    pub(super) fn edit_selected_goal(&mut self) {
        match self.selected_goal_id() {
            Some(id) => self.open_goal_form(Some(id)),
            None => self.no_goal_selected(),
        }
    }

    /// `p` in the Goals pane: progress on the selected goal.
    pub(super) fn open_progress_form(&mut self) {
        match self.selected_goal() {
            Some(g) => {
                let form = progress_form(g, self.today);
                self.overlays.push(Overlay::Form(form));
            }
            None => self.no_goal_selected(),
        }
    }

    /// Enter on a goal: its steps, referrals and whole history.
    pub(super) fn open_goal_detail(&mut self) {
        let Some(id) = self.selected_goal_id() else {
            return self.no_goal_selected();
        };
        match self.store.goal_plan(id) {
            Ok((steps, referrals)) => self.overlays.push(Overlay::GoalDetail(GoalDetail {
                goal_id: id,
                steps,
                referrals,
                cursor: Scroll::default(),
                free: false,
            })),
            Err(e) => self.status = Some(format!("Could not load this goal: {e}")),
        }
    }

    /// Space on step `i` of the open detail: done today, or open again.
    pub(crate) fn toggle_step(&mut self, d: &mut GoalDetail, i: usize) {
        let Some(step) = d.steps.get(i).cloned() else {
            return;
        };
        let done_on = if step.is_done() {
            None
        } else {
            Some(self.today)
        };
        match self.store.set_step_done(step.id, done_on, step.is_done()) {
            Ok(()) => {
                self.status = Some(match done_on {
                    Some(_) => format!("Done: {}.", step.description),
                    None => format!("Open again: {}.", step.description),
                });
                self.reload_goals(d.goal_id);
                self.reload_goal_detail(d);
            }
            Err(StoreError::Conflict(_)) => {
                self.status = Some(format!(
                    "Another session changed this step; now shown. Press {} again to change it.",
                    self.key(Action::ToggleStep, Context::GoalDetail)
                ));
                self.reload_goals(d.goal_id);
                self.reload_goal_detail(d);
            }
            Err(e) => self.status = Some(format!("Not saved: {e}")),
        }
    }

    /// Reload after a change to goal `goal_id`: the caseload (urgency may
    /// have moved) and the client's panes with their places kept, the goal
    /// selected, and a goal detail open on the stack.
    pub(super) fn reload_goals(&mut self, goal_id: i64) {
        self.reload_after_save(Reload::Caseload);
        if let Some(i) = self
            .detail
            .as_ref()
            .and_then(|d| d.goals.iter().position(|g| g.id == goal_id))
        {
            self.cursors[Pane::Goals as usize].index = i;
        }
        let mut open = self
            .overlays
            .iter()
            .position(|o| matches!(o, Overlay::GoalDetail(d) if d.goal_id == goal_id));
        if let Some(at) = open.take() {
            if let Overlay::GoalDetail(mut d) = self.overlays.remove(at) {
                self.reload_goal_detail(&mut d);
                self.overlays.insert(at, Overlay::GoalDetail(d));
            }
        }
    }

    /// Read a goal detail's steps and referrals again.
    fn reload_goal_detail(&mut self, d: &mut GoalDetail) {
        match self.store.goal_plan(d.goal_id) {
            Ok((steps, referrals)) => {
                d.steps = steps;
                d.referrals = referrals;
            }
            Err(e) => self.status = Some(format!("Could not reload this goal: {e}")),
        }
        let lines = self.goal(d.goal_id).map_or(1, |g| d.items(g).len());
        d.cursor.clamp(lines);
    }

    /// Ctrl-S in any of the goal forms. Returns whether it saved; on any
    /// problem the form shows it and keeps every typed character.
    pub(super) fn save_goal_forms(&mut self, form: &mut Form, purpose: FormPurpose) -> bool {
        match self.save_goal_form(form, purpose) {
            Some(Ok((goal_id, msg))) => {
                self.status = Some(msg.to_string());
                self.focus = Pane::Goals;
                self.reload_goals(goal_id);
                // Put the cursor on what was just added, so it is in view.
                match purpose {
                    FormPurpose::AddStep(_) => {
                        self.select_last_in_detail(|i| matches!(i, DetailItem::Step(_)))
                    }
                    FormPurpose::AddReferral(_) => {
                        self.select_last_in_detail(|i| matches!(i, DetailItem::Referral(_)))
                    }
                    _ => {}
                }
                true
            }
            Some(Err(e)) => {
                form.refused(e);
                false
            }
            None => false,
        }
    }

    /// Is `value` within the goal's plausible range, or said yes to? If
    /// not, the question is left for the form to ask (see `App::ask`).
    fn range_ok(&mut self, goal_id: i64, value: f64) -> bool {
        let Some(g) = self.goal(goal_id) else {
            return true;
        };
        if !g.out_of_range(value) || self.range_confirmed == Some((goal_id, value.to_bits())) {
            return true;
        }
        let end = |v: Option<f64>| v.map_or("…".to_string(), number);
        let question = format!(
            "{} is outside the likely range {}–{}{}. Record it anyway?",
            number(value),
            end(g.range_min),
            end(g.range_max),
            g.unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default()
        );
        self.ask = Some(super::overlays::confirm::Confirm::new(
            question,
            super::overlays::confirm::OnYes::SaveOutOfRange(goal_id, value.to_bits()),
        ));
        false
    }

    /// Select the last line of one kind in the goal detail on top.
    fn select_last_in_detail(&mut self, of_kind: fn(&DetailItem) -> bool) {
        let Some(Overlay::GoalDetail(d)) = self.overlays.last() else {
            return;
        };
        let Some(goal) = self.goal(d.goal_id).cloned() else {
            return;
        };
        if let Some(Overlay::GoalDetail(d)) = self.overlays.last_mut() {
            d.select_last(&goal, of_kind);
        }
    }

    /// Check and store one goal form. `None` when a field is marked with a
    /// problem; otherwise what the store said, with the goal to show.
    fn save_goal_form(
        &mut self,
        form: &mut Form,
        purpose: FormPurpose,
    ) -> Option<crate::store::Result<(i64, &'static str)>> {
        let today = self.today;
        let fields_ok = form.check(today);
        // Show every problem at once: the cross-field rule too.
        let goal_form = matches!(purpose, FormPurpose::AddGoal | FormPurpose::EditGoal(_));
        let numbers_ok = !goal_form || baseline_differs_from_target(form);
        let weight_ok =
            !matches!(purpose, FormPurpose::GasScale(_)) || super::goal_forms::gas_weight_ok(form);
        if !(fields_ok && numbers_ok && weight_ok) {
            if let Some(first) = form.fields.iter().position(|f| f.error.is_some()) {
                form.focus = first;
            }
            return None;
        }
        let client_id = form.for_client.or(self.selected_client().map(|c| c.id));
        let outcome = match purpose {
            FormPurpose::AddGoal | FormPurpose::EditGoal(_) => {
                let client_id = client_id?;
                let mut goal = goal_from_form(form, client_id, today)?;
                if let FormPurpose::EditGoal(id) = purpose {
                    goal.id = id;
                    let base = match self.form_base(form) {
                        Ok(b) => Goal {
                            id,
                            ..goal_fields(&b, client_id, today)
                        },
                        Err(e) => return Some(Err(e)),
                    };
                    self.store
                        .update_goal(&goal, &base)
                        .map(|()| (id, "Goal saved."))
                } else {
                    self.store.add_goal(&goal).map(|id| (id, "Goal added."))
                }
            }
            FormPurpose::RecordProgress(goal_id) => {
                let p = progress_from_form(form, today)?;
                // Progress recorded late may be dated back, not before intake.
                let intake = self.detail.as_ref().and_then(|d| d.client.intake_date);
                if let Err(e) = crate::domain::closure::check_past(p.date, today, intake, None) {
                    form.fail("date", e);
                    return None;
                }
                if !self.range_ok(goal_id, p.value) {
                    return None;
                }
                self.store
                    .record_progress(goal_id, &p)
                    .map(|_| (goal_id, "Progress recorded."))
            }
            FormPurpose::EditProgress(id) => {
                let p = progress_from_form(form, today)?;
                let intake = self.detail.as_ref().and_then(|d| d.client.intake_date);
                if let Err(e) = crate::domain::closure::check_past(p.date, today, intake, None) {
                    form.fail("date", e);
                    return None;
                }
                let goal_id = self.goal_detail().map_or(0, |d| d.goal_id);
                if !self.range_ok(goal_id, p.value) {
                    return None;
                }
                let base = match form.base_values() {
                    Some(b) => progress_from_form(&mut form.with_values(b), today)?,
                    None => return None,
                };
                let saved = self.store.update_progress(id, &p, &base);
                if saved.is_err() {
                    // Show the record as it is now under the form.
                    self.reload_goals(goal_id);
                }
                saved.map(|()| (goal_id, "Progress corrected."))
            }
            FormPurpose::GasScale(goal_id) => {
                let (levels, weight) = super::goal_forms::gas_scale_from_form(form)?;
                self.store
                    .set_gas_scale(goal_id, levels, weight)
                    .map(|_| (goal_id, "GAS scale saved."))
            }
            FormPurpose::AddStep(goal_id) => {
                let step = step_from_form(form, today)?;
                let step = PlanStep { goal_id, ..step };
                self.store.add_step(&step).map(|_| (goal_id, "Step added."))
            }
            FormPurpose::EditStep(step_id) => {
                let step = step_from_form(form, today)?;
                // A step is edited from its goal's open detail.
                let goal_id = self.goal_detail().map_or(0, |d| d.goal_id);
                let step = PlanStep {
                    id: step_id,
                    goal_id,
                    ..step
                };
                let base = match self.form_base(form) {
                    Ok(b) => PlanStep {
                        id: step_id,
                        goal_id,
                        ..step_fields(&b, today)
                    },
                    Err(e) => return Some(Err(e)),
                };
                self.store
                    .update_step(&step, &base)
                    .map(|()| (goal_id, "Step saved."))
            }
            FormPurpose::AddReferral(goal_id) => {
                let r = referral_from_form(form, today)?;
                let r = Referral {
                    goal_id: Some(goal_id),
                    client_id: client_id.unwrap_or_default(),
                    ..r
                };
                self.store
                    .add_referral(&r)
                    .map(|_| (goal_id, "Referral added."))
            }
            FormPurpose::EditReferral(ref_id) => {
                let r = referral_from_form(form, today)?;
                let goal_id = self.goal_detail().map_or(0, |d| d.goal_id);
                let base = match self.form_base(form) {
                    Ok(b) => Referral {
                        id: ref_id,
                        ..referral_fields(&b, today)
                    },
                    Err(e) => return Some(Err(e)),
                };
                self.store
                    .update_referral(&Referral { id: ref_id, ..r }, &base)
                    .map(|()| (goal_id, "Referral saved."))
            }
            // Forms of other panes are saved by their own code.
            _ => return None,
        };
        Some(outcome)
    }
}
