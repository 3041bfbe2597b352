//! What can sit on top of the panes. The top of the stack gets the keys.

use super::form::Form;
use super::goals::GoalDetail;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Form(Form),
    /// One goal with its steps, referrals and progress history.
    GoalDetail(GoalDetail),
}

/// What a form is for: decides how it is checked and saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    AddClient,
    /// For the selected client.
    AddGoal,
    EditGoal(i64),
    /// Progress on the goal with this id.
    RecordProgress(i64),
    /// A plan step under the goal with this id.
    AddStep(i64),
    EditStep(i64),
    /// A referral under the goal with this id.
    AddReferral(i64),
    EditReferral(i64),
}

/// A yes/no question and what a yes does.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: OnYes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnYes {
    /// Close the form underneath, dropping what was typed in it.
    DiscardForm,
}

impl Overlay {
    /// Does this overlay take typed characters as text?
    pub fn takes_text(&self) -> bool {
        matches!(self, Overlay::Form(_))
    }
}
