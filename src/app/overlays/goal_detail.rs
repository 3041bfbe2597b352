//! Enter on a goal: its wording, a chart of progress, plan steps, referrals
//! and the whole progress history; steps and referrals are added and edited
//! from here.

use crate::app::goals::{progress_form, referral_form, step_form};
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::overlays::help::Help;
use crate::app::{Action, App, Overlay, Scroll};
use crate::domain::{Goal, PlanStep, Referral};
use crate::keymap::{self, Context};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// One goal opened over the panes. The goal itself (with its progress) is
/// read from `App.detail`; steps and referrals are loaded when it opens and
/// after every change.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalDetail {
    pub goal_id: i64,
    pub steps: Vec<PlanStep>,
    pub referrals: Vec<Referral>,
    /// Over [`GoalDetail::items`].
    pub cursor: Scroll,
    /// Scrolled on past the last item (to read what is below it): the view
    /// stays where it was put while the selection is still in it.
    pub free: bool,
}

/// A selectable line in the goal detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailItem {
    /// The goal's own header (edit opens the goal form).
    Goal,
    Step(usize),
    Referral(usize),
    /// An index into the goal's progress, listed newest first.
    Progress(usize),
}

impl GoalDetail {
    /// Every selectable line, in the order drawn.
    pub fn items(&self, goal: &Goal) -> Vec<DetailItem> {
        let mut items = vec![DetailItem::Goal];
        items.extend((0..self.steps.len()).map(DetailItem::Step));
        items.extend((0..self.referrals.len()).map(DetailItem::Referral));
        items.extend((0..goal.progress.len()).rev().map(DetailItem::Progress));
        items
    }

    pub fn selected(&self, goal: &Goal) -> DetailItem {
        self.items(goal)
            .get(self.cursor.index)
            .copied()
            .unwrap_or(DetailItem::Goal)
    }

    /// Put the cursor on the last line of one kind (what was just added).
    pub fn select_last(&mut self, goal: &Goal, of_kind: fn(&DetailItem) -> bool) {
        if let Some(at) = self.items(goal).iter().rposition(of_kind) {
            self.cursor.index = at;
        }
    }

    /// `e`: the form for whatever line is selected.
    fn edit_selected(&self, goal: &Goal, app: &mut App) -> Outcome {
        let marked = match self.selected(goal) {
            DetailItem::Goal => goal.error.is_some(),
            DetailItem::Step(i) => self.steps.get(i).is_some_and(|s| s.error.is_some()),
            DetailItem::Referral(i) => self.referrals.get(i).is_some_and(|r| r.error.is_some()),
            DetailItem::Progress(i) => goal.progress.get(i).is_some_and(|p| p.error.is_some()),
        };
        if marked {
            app.status = Some("Entered in error, so it stays as it was: add a new one.".into());
            return Outcome::Done;
        }
        let form = match self.selected(goal) {
            DetailItem::Goal => crate::app::goals::goal_form(Some(goal)),
            DetailItem::Step(i) => step_form(self.goal_id, self.steps.get(i)),
            DetailItem::Referral(i) => referral_form(self.goal_id, self.referrals.get(i)),
            DetailItem::Progress(i) => match goal.progress.get(i) {
                Some(p) if crate::store::progress_edit::editable(&p.created_at) => {
                    crate::app::goals::progress_edit_form(goal, p, app.today)
                }
                _ => {
                    app.status = Some(format!(
                        "Older than {} days: mark it entered in error ({}) and record anew.",
                        crate::store::progress_edit::EDIT_DAYS,
                        keymap::key_for(Action::MarkInError, Context::GoalDetail)
                    ));
                    return Outcome::Done;
                }
            },
        };
        Outcome::open(Overlay::Form(form))
    }
}

impl Layer for GoalDetail {
    fn context(&self) -> Context {
        Context::GoalDetail
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        let Some(goal) = app.goal(self.goal_id).cloned() else {
            // The goal went (another session): nothing here to act on.
            return match action {
                Action::Back => Outcome::Close,
                _ => Outcome::Done,
            };
        };
        if let Some(delta) = self.cursor.delta(action) {
            if self.cursor.step(delta, self.items(&goal).len()) {
                self.free = false;
                return moved(true);
            }
            // At the last item (or the only one): the keys scroll the view
            // on, so lines below the last item can be read too.
            if delta > 0 || self.free {
                self.free = true;
                return moved(self.cursor.scroll_by(delta.signum()));
            }
            return moved(false);
        }
        match action {
            Action::RecordProgress => Outcome::open(Overlay::Form(progress_form(&goal, app.today))),
            Action::AddStep => Outcome::open(Overlay::Form(step_form(self.goal_id, None))),
            Action::SetGasScale if goal.error.is_some() => {
                app.status = Some("This goal was entered in error; it takes no GAS scale.".into());
                Outcome::Done
            }
            Action::SetGasScale => Outcome::open(Overlay::Form(app.gas_scale_form(&goal))),
            Action::AddReferral => Outcome::open(Overlay::Form(referral_form(self.goal_id, None))),
            Action::EditGoalItem => self.edit_selected(&goal, app),
            Action::MarkInError => match app.mark_selected_in_detail(self) {
                Some(form) => Outcome::open(Overlay::Form(form)),
                None => Outcome::Done,
            },
            Action::MarkGasScaleInError => match app.mark_gas_scale_form(self.goal_id) {
                Some(form) => Outcome::open(Overlay::Form(form)),
                None => Outcome::Done,
            },
            Action::ToggleStep => {
                match self.selected(&goal) {
                    DetailItem::Step(i) => app.toggle_step(self, i),
                    _ => app.status = Some("Select a plan step to mark it done.".into()),
                }
                Outcome::Done
            }
            Action::ToggleHelp => Outcome::open(Overlay::Help(Help::default())),
            Action::Back => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::goal_detail::draw(frame, area, app, self, theme)
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
