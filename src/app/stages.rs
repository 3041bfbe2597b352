//! The Stages pane: ticking checklist items, notes on them, and moving a case
//! between stages (with the questions each move asks first).

use super::form::{Field, FieldKind, Form, FormBase, FormPurpose};
use super::overlay::{Confirm, OnYes, Overlay};
use super::overlays::stage_history::HistoryView;
use super::{App, Pane, Reload};
use crate::domain::closure::{ClosureReason, check_past, check_reason};
use crate::domain::stage_rules::{self, Gate, StageMove};
use crate::domain::{ChecklistItem, Stage};
use crate::store::StoreError;
use crate::store::conflict::Snapshot;
use crate::store::stage_moves::{StageChange, StageChanged};

/// The forms the Stages pane opens. Each carries the client it was opened
/// for, so a save always lands on the right record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageForm {
    /// The one-line note on item `index` of `stage`.
    ItemNote {
        client_id: i64,
        stage: Stage,
        index: usize,
    },
    StepBack {
        client_id: i64,
    },
    /// Entering Termination: summary and follow-up check-ins.
    Terminate {
        client_id: i64,
    },
    Reopen {
        client_id: i64,
    },
    /// Tick item `index` of `stage` on a day that may be past (or re-date it).
    TickOn {
        client_id: i64,
        stage: Stage,
        index: usize,
    },
    /// Move on to the next stage on a day that may be past.
    AdvanceOn {
        client_id: i64,
    },
    /// A follow-up check-in held, moved or cancelled (see `app::checkins`).
    CheckInHeld {
        client_id: i64,
        followup_id: i64,
    },
    CheckInMove {
        client_id: i64,
        followup_id: i64,
    },
    CheckInCancel {
        client_id: i64,
        followup_id: i64,
    },
    /// Archiving a client: why the case closed.
    Archive {
        client_id: i64,
    },
    /// Restoring an archived client: why, if the worker says.
    Restore {
        client_id: i64,
    },
    /// The termination summary, corrected while recent.
    EditSummary {
        client_id: i64,
    },
}

impl StageForm {
    pub fn client_id(self) -> i64 {
        match self {
            StageForm::ItemNote { client_id, .. }
            | StageForm::StepBack { client_id }
            | StageForm::Terminate { client_id }
            | StageForm::Reopen { client_id }
            | StageForm::TickOn { client_id, .. }
            | StageForm::AdvanceOn { client_id }
            | StageForm::CheckInHeld { client_id, .. }
            | StageForm::CheckInMove { client_id, .. }
            | StageForm::CheckInCancel { client_id, .. }
            | StageForm::Archive { client_id }
            | StageForm::Restore { client_id }
            | StageForm::EditSummary { client_id } => client_id,
        }
    }
}

/// The date field of a stage move: the day it happened, today unless told.
fn move_date_field(today: crate::domain::Date) -> Field {
    Field::new("on", "Date of the move", FieldKind::Date)
        .today_if_empty()
        .value(&today.to_string())
}

/// What the termination summary is made of, as stored.
pub fn summary_text(achieved: &str, supports: &str) -> String {
    format!("Achieved: {achieved}\nSupports in place: {supports}")
}

impl App {
    /// The selected client's id and stage, if one is shown.
    fn stage_of_selected(&self) -> Option<(i64, Stage)> {
        self.detail.as_ref().map(|d| (d.client.id, d.client.stage))
    }

    fn selected_item(&self, stage: Stage) -> Option<(usize, ChecklistItem)> {
        let i = self.cursor(Pane::Stages);
        self.template.items(stage).get(i).cloned().map(|it| (i, it))
    }

    fn is_done(&self, stage: Stage, key: &str) -> bool {
        self.detail.as_ref().is_some_and(|d| {
            d.marks
                .iter()
                .any(|m| m.stage == stage && m.item_key == key && m.done_on.is_some())
        })
    }

    pub(super) fn toggle_item(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        let Some((_, item)) = self.selected_item(stage) else {
            return;
        };
        // What the screen shows: the change is made to that, or not at all.
        let seen = self.is_done(stage, &item.key);
        self.status = Some(
            match self
                .store
                .toggle_item(id, stage, &item.key, self.today, seen)
            {
                Ok(Some(on)) => format!("Done {on}: {}", item.label),
                Ok(None) => format!("Marked not done: {}", item.label),
                Err(StoreError::Conflict(_)) => format!(
                    // One line at 80 columns.
                    "Another session changed this item; now shown. Press {} again to change it.",
                    self.key(
                        super::Action::ToggleItem,
                        crate::keymap::Context::Pane(Pane::Stages)
                    )
                ),
                Err(e) => format!("Not saved: {e}"),
            },
        );
        self.reload_after_save(Reload::Client);
    }

    /// `d`: tick the selected item on a day that may be past (catching up
    /// on the record), or re-date a ticked one. Space still ticks today.
    pub(super) fn open_tick_on_form(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        let Some((index, item)) = self.selected_item(stage) else {
            return;
        };
        let done = self.done_on(stage, &item.key);
        let start = done.unwrap_or(self.today).to_string();
        let mut form = Form::new(
            format!("Done on: {}", item.label),
            FormPurpose::Stage(StageForm::TickOn {
                client_id: id,
                stage,
                index,
            }),
            vec![
                Field::new("on", "Done on", FieldKind::Date)
                    .today_if_empty()
                    .value(&start),
            ],
        );
        form.note = Some(match done {
            Some(d) => format!("Ticked on {d}; a new date replaces it."),
            None => "Not after today, not before the intake date.".into(),
        });
        form.for_client = Some(id);
        self.overlays.push(Overlay::Form(form));
    }

    fn done_on(&self, stage: Stage, key: &str) -> Option<crate::domain::Date> {
        self.detail.as_ref().and_then(|d| {
            d.marks
                .iter()
                .find(|m| m.stage == stage && m.item_key == key)
                .and_then(|m| m.done_on)
        })
    }

    /// When the stage the client is in now began, if known.
    pub(super) fn stage_began(&self, client_id: i64) -> Option<crate::domain::Date> {
        let history = match &self.detail {
            Some(d) if d.client.id == client_id => d.history.clone(),
            _ => self.store.client_detail(client_id).ok()?.history,
        };
        history
            .last()
            .filter(|v| v.left_on.is_none())
            .map(|v| v.entered_on)
    }

    fn save_tick_on(
        &mut self,
        form: &mut Form,
        client_id: i64,
        stage: Stage,
        index: usize,
    ) -> bool {
        let today = self.today;
        if !form.check(today) {
            return false;
        }
        let on = form.date("on", today).unwrap_or(today);
        if let Err(e) = check_past(on, today, self.intake_of(client_id), None) {
            form.fail("on", e);
            return false;
        }
        let Some(item) = self.template.items(stage).get(index).cloned() else {
            form.not_saved("this checklist item is no longer in the stage");
            return false;
        };
        let seen = match &self.detail {
            Some(d) if d.client.id == client_id => self.done_on(stage, &item.key),
            _ => None,
        };
        match self
            .store
            .tick_item_on(client_id, stage, &item.key, on, today, seen)
        {
            Ok(()) => {
                self.status = Some(format!("Done {on}: {}", item.label));
                self.reload_after_save(Reload::Client);
                true
            }
            Err(StoreError::Conflict(_)) => {
                self.reload_after_save(Reload::Client);
                form.error = Some(
                    "Not saved: another session changed this item meanwhile; now shown. \
                     Esc closes this form."
                        .into(),
                );
                false
            }
            Err(e) => {
                form.not_saved(e);
                false
            }
        }
    }

    /// `D`: the next stage on a day that may be past. Entering Termination
    /// asks its questions (with the date among them).
    pub(super) fn open_advance_on_form(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        match stage_rules::target(stage, StageMove::Advance) {
            Ok(to) if stage_rules::asks_for_summary(to) => self.advance_confirmed(id, stage),
            Ok(to) => {
                let items = self.template.items(stage);
                let open = stage_rules::open_count(items, |k| self.is_done(stage, k));
                let mut form = stage_form(
                    stage,
                    format!("Move on to {} on", to.name()),
                    FormPurpose::Stage(StageForm::AdvanceOn { client_id: id }),
                    vec![move_date_field(self.today)],
                );
                if open > 0 {
                    form.note = Some(format!(
                        "{open} of {} {} items still open.",
                        items.len(),
                        stage.name()
                    ));
                }
                self.overlays.push(Overlay::Form(form));
            }
            Err(e) => self.status = Some(format!("{e}.")),
        }
    }

    pub(super) fn open_item_note_form(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        let Some((index, item)) = self.selected_item(stage) else {
            return;
        };
        let current = self
            .detail
            .as_ref()
            .and_then(|d| {
                d.marks
                    .iter()
                    .find(|m| m.stage == stage && m.item_key == item.key)
            })
            .and_then(|m| m.note.clone())
            .unwrap_or_default();
        self.overlays.push(Overlay::Form(Form::new(
            format!("Note: {}", item.label),
            FormPurpose::Stage(StageForm::ItemNote {
                client_id: id,
                stage,
                index,
            }),
            vec![
                Field::new("note", "Note", FieldKind::Text)
                    .value(&current)
                    .placeholder("one line; empty clears it"),
            ],
        )));
    }

    /// `>`: say why not, or ask when items are still open, or go.
    pub(super) fn advance_stage(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        let to = match stage_rules::target(stage, StageMove::Advance) {
            Ok(to) => to,
            Err(e) => {
                let reopen = self.key(
                    super::Action::ReopenCase,
                    crate::keymap::Context::Pane(Pane::Stages),
                );
                self.status = Some(format!("{e} ({reopen})."));
                return;
            }
        };
        let items = self.template.items(stage);
        let open = stage_rules::open_count(items, |k| self.is_done(stage, k));
        match stage_rules::advance_gate(open) {
            Gate::Go => self.advance_confirmed(id, stage),
            Gate::Confirm { open } => {
                let n = items.len();
                let question = format!(
                    "{open} of {n} {} items still open. Move on to {} anyway?",
                    stage.name(),
                    to.name()
                );
                let ask = Confirm::new(
                    question,
                    OnYes::AdvanceStage {
                        client_id: id,
                        from: stage,
                    },
                );
                self.overlays.push(Overlay::Confirm(ask));
            }
        }
    }

    /// Advance from `stage` (as the worker saw it) once they have agreed:
    /// entering Termination asks for the summary first, anything else moves
    /// at once.
    pub(super) fn advance_confirmed(&mut self, client_id: i64, stage: Stage) {
        let Some(id) = self
            .stage_of_selected()
            .map(|(id, _)| id)
            .filter(|id| *id == client_id)
        else {
            return;
        };
        let name = self
            .detail
            .as_ref()
            .map(|d| d.client.name.clone())
            .unwrap_or_default();
        match stage_rules::target(stage, StageMove::Advance) {
            Ok(to) if stage_rules::asks_for_summary(to) => {
                let months = stage_rules::months_text(&self.config.followup_months);
                self.overlays.push(Overlay::Form(stage_form(
                    stage,
                    format!("Entering Termination: {name}"),
                    FormPurpose::Stage(StageForm::Terminate { client_id: id }),
                    vec![
                        Field::new("achieved", "What was achieved", FieldKind::Text)
                            .required()
                            .placeholder("in a sentence, in the client's terms"),
                        Field::new("supports", "Supports in place", FieldKind::Text)
                            .required()
                            .placeholder("people, services, groups"),
                        Field::new("months", "Check-ins (months)", FieldKind::Text)
                            .value(&months)
                            .placeholder("e.g. 1, 3, 6; empty for none"),
                        Field::new(
                            "closure",
                            "Why the case closes",
                            FieldKind::Choice(ClosureReason::LABELS),
                        ),
                        Field::new("closure_note", "In words", FieldKind::Text)
                            .placeholder("needed for other"),
                        move_date_field(self.today),
                    ],
                )));
            }
            Ok(_) => {
                let change = StageChange {
                    seen: stage,
                    mv: StageMove::Advance,
                    reason: None,
                    summary: None,
                    followups: &[],
                    on: None,
                    closure: None,
                };
                match self.apply_stage_change(id, &change) {
                    Ok(_) => {}
                    Err(MoveRefused::Moved(now)) => {
                        self.status = Some(format!(
                            "Not moved: another session moved this case to {now} first; now shown."
                        ))
                    }
                    Err(MoveRefused::Other(e)) => self.status = Some(format!("Not moved: {e}")),
                }
            }
            Err(e) => self.status = Some(e.to_string()),
        }
    }

    pub(super) fn open_step_back_form(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        match stage_rules::target(stage, StageMove::StepBack) {
            Ok(to) => self.overlays.push(Overlay::Form(stage_form(
                stage,
                format!("Back from {} to {}", stage.name(), to.name()),
                FormPurpose::Stage(StageForm::StepBack { client_id: id }),
                vec![
                    Field::new("reason", "Reason", FieldKind::Text)
                        .required()
                        .placeholder("what changed"),
                    move_date_field(self.today),
                ],
            ))),
            Err(e) => self.status = Some(format!("{e}.")),
        }
    }

    pub(super) fn open_reopen_form(&mut self) {
        let Some((id, stage)) = self.stage_of_selected() else {
            return;
        };
        match stage_rules::target(stage, StageMove::Reopen) {
            Ok(_) => self.overlays.push(Overlay::Form(stage_form(
                stage,
                "Re-open at Assessment: a new cycle of work",
                FormPurpose::Stage(StageForm::Reopen { client_id: id }),
                vec![
                    Field::new("reason", "Reason", FieldKind::Text)
                        .required()
                        .placeholder("what brings the client back"),
                    move_date_field(self.today),
                ],
            ))),
            Err(e) => self.status = Some(format!("Not re-opened: {e}.")),
        }
    }

    pub(super) fn show_stage_history(&mut self) {
        if self.detail.is_some() {
            self.overlays
                .push(Overlay::StageHistory(HistoryView::default()));
        }
    }

    /// Ctrl-S on one of the Stages pane's forms. Returns whether it saved.
    pub(super) fn save_stage_form(&mut self, form: &mut Form, purpose: StageForm) -> bool {
        match purpose {
            StageForm::CheckInHeld { .. }
            | StageForm::CheckInMove { .. }
            | StageForm::CheckInCancel { .. } => return self.save_checkin_form(form, purpose),
            StageForm::TickOn {
                client_id,
                stage,
                index,
            } => return self.save_tick_on(form, client_id, stage, index),
            StageForm::Archive { client_id } => return self.save_archive_form(form, client_id),
            StageForm::Restore { client_id } => return self.save_restore_form(form, client_id),
            StageForm::EditSummary { client_id } => return self.save_summary_form(form, client_id),
            _ => {}
        }
        let today = self.today;
        if !form.check(today) {
            return false;
        }
        // The day of a move: not after today, not before intake, not
        // before the stage the case is in began. Said on the field.
        let on = form.date("on", today);
        if let Some(on) = on {
            let id = purpose.client_id();
            let began = self.stage_began(id).map(|d| (d, "the current stage began"));
            if let Err(e) = check_past(on, today, self.intake_of(id), began) {
                form.fail("on", e);
                return false;
            }
        }
        let text = |key| form.text(key).unwrap_or_default();
        // A move is made from the stage the form opened in. A draft from
        // before forms kept it takes the stage as it is now: it cannot know
        // better, and that is how such a save behaved before.
        let seen = match (&form.base, purpose) {
            (Some(FormBase::Stage(s)), _) => *s,
            (_, StageForm::ItemNote { stage, .. }) => stage,
            (_, other) => match self.store.client_detail(other.client_id()) {
                Ok(d) => d.client.stage,
                Err(e) => {
                    form.not_saved(e);
                    return false;
                }
            },
        };
        let result = match purpose {
            StageForm::ItemNote {
                client_id,
                stage,
                index,
            } => {
                let note = form.text("note");
                let Some(item) = self.template.items(stage).get(index).cloned() else {
                    form.not_saved("this checklist item is no longer in the stage");
                    return false;
                };
                let result = self
                    .store
                    .set_item_note(client_id, stage, &item.key, note.as_deref())
                    .map_err(|e| MoveRefused::Other(e.to_string()));
                if result.is_ok() {
                    self.status = Some(match note {
                        Some(_) => format!("Note saved on: {}", item.label),
                        None => format!("Note cleared on: {}", item.label),
                    });
                    self.reload_after_save(Reload::Client);
                }
                result
            }
            StageForm::StepBack { client_id } | StageForm::Reopen { client_id } => {
                let reason = text("reason");
                let mv = match purpose {
                    StageForm::Reopen { .. } => StageMove::Reopen,
                    _ => StageMove::StepBack,
                };
                let change = StageChange {
                    seen,
                    mv,
                    reason: Some(&reason),
                    summary: None,
                    followups: &[],
                    on,
                    closure: None,
                };
                self.apply_stage_change(client_id, &change).map(|_| ())
            }
            StageForm::AdvanceOn { client_id } => {
                let change = StageChange {
                    seen,
                    mv: StageMove::Advance,
                    reason: None,
                    summary: None,
                    followups: &[],
                    on,
                    closure: None,
                };
                self.apply_stage_change(client_id, &change).map(|_| ())
            }
            StageForm::Terminate { client_id } => {
                let months = match stage_rules::parse_months(&text("months")) {
                    Ok(m) => m,
                    Err(e) => {
                        form.fail("months", e);
                        return false;
                    }
                };
                let reason = text("closure");
                let reason = ClosureReason::from_label(&reason).unwrap_or(ClosureReason::Other);
                let words = form.text("closure_note");
                if let Err(e) = check_reason(reason, words.as_deref()) {
                    form.fail("closure_note", e);
                    return false;
                }
                let summary = summary_text(&text("achieved"), &text("supports"));
                // Check-ins count from the day the case closed.
                let dates = stage_rules::followup_dates(on.unwrap_or(today), &months);
                let change = StageChange {
                    seen,
                    mv: StageMove::Advance,
                    reason: None,
                    summary: Some(&summary),
                    followups: &dates,
                    on,
                    closure: Some((reason, words.as_deref())),
                };
                self.apply_stage_change(client_id, &change).map(|_| ())
            }
            // Routed above, before any check.
            StageForm::TickOn { .. }
            | StageForm::CheckInHeld { .. }
            | StageForm::CheckInMove { .. }
            | StageForm::CheckInCancel { .. }
            | StageForm::Archive { .. }
            | StageForm::Restore { .. }
            | StageForm::EditSummary { .. } => return false,
        };
        match result {
            Ok(()) => true,
            Err(MoveRefused::Moved(now)) => {
                // Trying again would refuse again: the form is for a move
                // from a stage the case is no longer in.
                form.error = Some(format!(
                    "Not saved: another session moved this case to {now} meanwhile, so \
                     this move no longer applies. {} closes this form.",
                    self.key(super::Action::Back, crate::keymap::Context::Form)
                ));
                false
            }
            Err(MoveRefused::Other(e)) => {
                form.not_saved(e);
                false
            }
        }
    }

    /// Write a stage change, reload what it touched and say what happened.
    fn apply_stage_change(
        &mut self,
        client_id: i64,
        change: &StageChange<'_>,
    ) -> Result<StageChanged, MoveRefused> {
        let done = match self.store.change_stage(client_id, change, self.today) {
            Ok(done) => done,
            Err(StoreError::Conflict(c)) => {
                let now = match c.theirs {
                    Snapshot::Stage(s) => s.name(),
                    _ => "another stage",
                };
                self.reload_after_save(Reload::Caseload);
                return Err(MoveRefused::Moved(now));
            }
            Err(e) => return Err(MoveRefused::Other(e.to_string())),
        };
        self.status = Some(describe(&done, change));
        self.reload_after_save(Reload::Caseload);
        self.select_client(client_id);
        self.focus = Pane::Stages;
        Ok(done)
    }
}

/// Why a stage move did not happen.
enum MoveRefused {
    /// Another session moved the case first, to the stage named.
    Moved(&'static str),
    Other(String),
}

/// A stage-move form, remembering the stage it was opened in.
fn stage_form(
    stage: Stage,
    title: impl Into<String>,
    purpose: FormPurpose,
    fields: Vec<Field>,
) -> Form {
    let mut form = Form::new(title, purpose, fields);
    form.base = Some(FormBase::Stage(stage));
    form
}

/// One line for the status bar about a stage change.
fn describe(done: &StageChanged, change: &StageChange<'_>) -> String {
    let mut s = match change.mv {
        StageMove::Advance => format!("Now in {}.", done.to.name()),
        StageMove::StepBack => format!("Back in {}.", done.to.name()),
        StageMove::Reopen => format!(
            "Re-opened at {}: a fresh checklist; the earlier one is kept on record.",
            done.to.name()
        ),
    };
    if let Some(first) = change.followups.first() {
        s.push_str(&format!(
            " {} check-ins scheduled, the first on {first}.",
            done.followups_added
        ));
    }
    if done.followups_cancelled > 0 {
        s.push_str(&format!(
            " {} pending check-ins cancelled.",
            done.followups_cancelled
        ));
    }
    s
}
