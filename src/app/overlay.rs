//! What can sit on top of the panes. The top of the stack gets the keys.

use super::editor::NoteEditor;
use super::form::Form;
use super::goals::GoalDetail;
use super::search::NoteSearch;
use super::stages::{HistoryView, StageForm};

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Form(Form),
    /// The selected client's stage history, scrollable.
    StageHistory(HistoryView),
    /// Typing into the caseload filter; the text lives in `App.view`.
    Filter,
    Today(super::today::TodayView),
    Workload(crate::domain::workload::Workload),
    SafetyPlan(super::safety::SafetyView),
    /// The note editor (boxed: it is large).
    Editor(Box<NoteEditor>),
    /// Leaving the editor with typing in it: keep as draft or discard?
    LeaveNote,
    Search(Box<NoteSearch>),
    /// One goal with its steps, referrals and progress history.
    GoalDetail(GoalDetail),
}

/// What a form is for: decides how it is checked and saved. Stored with a
/// form draft, so the serialized names are an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormPurpose {
    AddClient,
    /// Item notes, stepping back, entering Termination, re-opening.
    Stage(StageForm),
    EditClient(i64),
    SafetyPlan(i64),
    /// Date, time and duration of the note in the editor underneath.
    NoteDetails,
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
    /// Move this client on to the next stage although items are still open.
    AdvanceStage {
        client_id: i64,
    },
    /// Archive (true) or restore (false) a client.
    Archive(i64, bool),
    /// Raise (true) or clear (false) a client's crisis flag.
    Crisis(i64, bool),
    SignNote(i64),
    /// Sign and append the addendum in the editor underneath.
    SaveAddendum,
}

impl Overlay {
    /// Does this overlay take typed characters as text?
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Overlay::Form(_) | Overlay::Filter | Overlay::Editor(_) | Overlay::Search(_)
        )
    }
}
