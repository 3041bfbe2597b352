use serde::{Deserialize, Serialize};

/// Everything a user can ask for. Keys map to these through the keymap table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    FocusNext,
    FocusPrev,
    /// The focused pane fills the main area, or the four panes come back.
    Zoom,
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Home,
    End,
    ToggleHelp,
    Back,
    Quit,
    /// Ctrl-Z: back to the shell; `fg` returns.
    Suspend,
    /// Lock the screen at once (as the idle lock does).
    LockNow,
    /// On the lock screen: check the PIN or passphrase typed.
    Unlock,
    AddClient,
    /// Goals: add, edit, record progress, open the detail.
    AddGoal,
    EditGoal,
    RecordProgress,
    OpenGoal,
    /// In a goal's detail: add a plan step or referral, tick a step, edit the selected line.
    AddStep,
    AddReferral,
    ToggleStep,
    EditGoalItem,
    /// Mark the selected record entered in error (asks why).
    MarkInError,
    /// The selected client's standard measures (PHQ-9, GAD-7…) over time.
    Measures,
    /// Give the client the measure shown: one item per screen.
    NewMeasure,
    /// In a goal's detail: set (or set again) the goal's GAS scale.
    SetGasScale,
    /// In a goal's detail: mark the goal's GAS scale now entered in error
    /// (asks why); the one before it, if any, is its scale again.
    MarkGasScaleInError,
    /// In the measures view: record a GAS review of the goals with a scale.
    GasReview,
    /// Forms: move between fields, save.
    NextField,
    PrevField,
    Save,
    /// A form field's editing keys, named so the hints and help show them
    /// (Home and End are `Home`/`End`): empty the field, move the cursor
    /// (or, in a choice, pick the previous/next option), delete a character.
    ClearField,
    CursorLeft,
    CursorRight,
    DeleteBack,
    DeleteForward,
    /// Answers to a yes/no question.
    Yes,
    No,
    /// The Stages pane: the checklist and moving between stages.
    ToggleItem,
    EditItemNote,
    AdvanceStage,
    StepBackStage,
    ReopenCase,
    ShowStageHistory,
    /// In the stage history: correct the termination summary while recent.
    EditSummary,
    /// Catching up on the record: tick an item, or move on, on a past day.
    TickOnDate,
    AdvanceOnDate,
    /// A follow-up check-in: held, moved to another day, cancelled.
    CheckInHeld,
    CheckInMove,
    CheckInCancel,
    /// The caseload and the day.
    EditClient,
    ArchiveClient,
    ToggleArchived,
    CycleSort,
    Filter,
    KeepFilter,
    ClearFilter,
    ToggleCrisis,
    SafetyPlan,
    EditSafetyPlan,
    Today,
    JumpToClient,
    Workload,
    /// A de-identified consultation pack for the selected client (asks
    /// the question, shows a preview, writes on yes).
    ConsultPack,
    /// The selected client's progress sheet (preview, then written).
    ProgressSheet,
    /// In a document preview: write the file.
    WriteDocument,
    TogglePrivacy,
    /// Notes: open the editor, change the selected note, search.
    NewNote,
    EditNote,
    AddAddendum,
    SignNote,
    SearchNotes,
    ScrollNoteDown,
    ScrollNoteUp,
    /// Open the selected note full screen, signed or not.
    ReadNote,
    /// Move the selected unsigned note to another client (asks which).
    MoveNote,
    /// In a picker (a client, a check-in): this one.
    Choose,
    /// Inside the note editor.
    CycleKind,
    CycleFormat,
    NoteDetails,
    PickTechniques,
    PickGoals,
    ExternalEditor,
    /// The text area's own editing keys, named so help shows them and they
    /// can be remapped.
    Undo,
    Redo,
    CutToLineEnd,
    CutWordBack,
    /// Put back what was last cut.
    Yank,
    WordForward,
    WordBack,
    /// Tick or untick the item under the cursor in a list of choices.
    Toggle,
    /// Leaving a note with typing in it.
    KeepDraft,
    DiscardDraft,
    /// Search results: go to the note.
    OpenResult,
    /// Search results: all clients, or the selected client only.
    ToggleSearchScope,
    /// A draft open in another session: continue in a copy of it.
    CopyDraft,
    /// Another session saved first: keep their version, save mine over
    /// it, or go back to editing with theirs taken where I changed nothing.
    KeepTheirs,
    KeepMine,
    MergeEdit,
}

/// The four panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pane {
    Caseload,
    Stages,
    Goals,
    Notes,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Caseload, Pane::Stages, Pane::Goals, Pane::Notes];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Caseload => "Caseload",
            Pane::Stages => "Stages",
            Pane::Goals => "Goals",
            Pane::Notes => "Notes",
        }
    }

    pub fn next(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}
