//! The one table of keys. The help overlay, the hint bar and the README's
//! key table are all generated from it, so they cannot disagree.

use crate::app::{Action, Pane};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What has the keyboard right now: a pane of the main screen, or the
/// overlay on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Pane(Pane),
    Help,
    Form,
    Confirm,
    /// The stage-history overlay.
    StageHistory,
    /// One note full screen.
    NoteReader,
    Filter,
    Today,
    Workload,
    SafetyPlan,
    /// The note editor (keys not here are text).
    Editor,
    /// A list of choices inside the editor.
    Picker,
    /// Leaving the editor: keep the draft or discard it.
    LeaveNote,
    Search,
    /// The detail of one goal (steps, referrals, progress history).
    GoalDetail,
    /// A draft another session holds, shown read-only.
    HeldDraft,
    /// Another session saved first: theirs beside yours.
    Conflict,
    /// A client's standard measures over time.
    Measures,
    /// Answering a measure, one item per screen (digits are answers).
    MeasureForm,
    /// Recording a GAS review, one goal per screen (1-5 pick the level).
    GasReview,
    /// Choosing a client (typing narrows the list; keys not here are text).
    ClientPicker,
    /// Choosing which follow-up check-in is held, moved or cancelled.
    CheckInPicker,
    /// The lock screen: every key is the lock's.
    Lock,
    /// A document to share, before it is written.
    DocumentPreview,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere in the main screen (not inside forms, where keys are text).
    Global,
    /// Everywhere but the lock screen: in forms and the note editor too,
    /// so only keys that are never text belong here.
    Always,
    /// Only in this context.
    In(Context),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl_key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt_key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}
const fn f(n: u8) -> Key {
    key(KeyCode::F(n))
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// What the help screen says the key does.
    pub help: &'static str,
    /// A short word for the one-line hint bar; `None` keeps it out of the bar.
    pub hint: Option<&'static str>,
}

use Action as A;
use Context as C;
use Scope::{Always, Global, In};

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[key(KeyCode::Tab)], action: A::FocusNext, scope: Global, help: "next pane (Caseload, Stages, Goals, Notes)", hint: Some("pane") },
    Binding { keys: &[key(KeyCode::BackTab)], action: A::FocusPrev, scope: Global, help: "previous pane", hint: None },
    Binding { keys: &[ch('z')], action: A::Zoom, scope: Global, help: "zoom: the focused pane fills the screen, or all four again", hint: Some("zoom") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: Global, help: "move down", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: Global, help: "move up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: Global, help: "page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: Global, help: "page up", hint: None },
    Binding { keys: &[key(KeyCode::Home), ch('g')], action: A::Home, scope: Global, help: "first item", hint: None },
    Binding { keys: &[key(KeyCode::End), ch('G')], action: A::End, scope: Global, help: "last item", hint: None },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: Global, help: "back, close, cancel", hint: None },
    Binding { keys: &[ch('?')], action: A::ToggleHelp, scope: Global, help: "this help", hint: Some("help") },
    Binding { keys: &[ch('q')], action: A::Quit, scope: Global, help: "quit (everything is already saved)", hint: Some("quit") },
    Binding { keys: &[ctrl('z')], action: A::Suspend, scope: Global, help: "suspend to the shell (fg returns)", hint: None },
    Binding { keys: &[ctrl('o')], action: A::LockNow, scope: Always, help: "lock the screen now (typing is saved first)", hint: None },
    Binding { keys: &[ch('a')], action: A::AddClient, scope: In(C::Pane(Pane::Caseload)), help: "add a client", hint: Some("add") },
    Binding { keys: &[ch('t')], action: A::Today, scope: Global, help: "today: overdue and due within 7 days", hint: Some("today") },
    Binding { keys: &[ch('!')], action: A::SafetyPlan, scope: Global, help: "safety plan of the selected client", hint: Some("safety") },
    Binding { keys: &[ch('M')], action: A::Measures, scope: Global, help: "measures of the selected client: PHQ-9, GAD-7, over time", hint: None },
    Binding { keys: &[ch('w')], action: A::Workload, scope: Global, help: "workload summary and capacity", hint: None },
    Binding { keys: &[ch('P')], action: A::TogglePrivacy, scope: Global, help: "privacy: names as initials, or in full", hint: None },
    Binding { keys: &[ch('e')], action: A::EditClient, scope: In(C::Pane(Pane::Caseload)), help: "edit the selected client", hint: Some("edit") },
    Binding { keys: &[ch('/')], action: A::Filter, scope: In(C::Pane(Pane::Caseload)), help: "filter: name, stage, crisis, overdue", hint: Some("filter") },
    Binding { keys: &[ch('s')], action: A::CycleSort, scope: In(C::Pane(Pane::Caseload)), help: "sort by urgency, name or stage", hint: None },
    Binding { keys: &[ch('C')], action: A::ToggleCrisis, scope: In(C::Pane(Pane::Caseload)), help: "mark or clear crisis (asks first)", hint: None },
    Binding { keys: &[ch('x')], action: A::ArchiveClient, scope: In(C::Pane(Pane::Caseload)), help: "archive (asks why the case closed) or restore", hint: None },
    Binding { keys: &[ch('A')], action: A::ToggleArchived, scope: In(C::Pane(Pane::Caseload)), help: "show or hide archived clients", hint: None },
    Binding { keys: &[ch('c')], action: A::ConsultPack, scope: In(C::Pane(Pane::Caseload)), help: "consultation pack: de-identified, shown before writing", hint: None },
    Binding { keys: &[ch('S')], action: A::ProgressSheet, scope: In(C::Pane(Pane::Caseload)), help: "progress sheet for the client, shown before writing", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::OpenGoal, scope: In(C::Pane(Pane::Goals)), help: "open the goal: steps, referrals, history", hint: Some("open") },
    Binding { keys: &[ch('a')], action: A::AddGoal, scope: In(C::Pane(Pane::Goals)), help: "add a goal", hint: Some("add") },
    Binding { keys: &[ch('e')], action: A::EditGoal, scope: In(C::Pane(Pane::Goals)), help: "edit the selected goal", hint: Some("edit") },
    Binding { keys: &[ch('p')], action: A::RecordProgress, scope: In(C::Pane(Pane::Goals)), help: "record progress on the selected goal", hint: Some("progress") },
    Binding { keys: &[ch('E')], action: A::MarkInError, scope: In(C::Pane(Pane::Goals)), help: "entered in error: mark the selected goal (asks why)", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::GoalDetail), help: "next line", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::GoalDetail), help: "previous line", hint: None },
    Binding { keys: &[ch('p')], action: A::RecordProgress, scope: In(C::GoalDetail), help: "record progress on this goal", hint: Some("progress") },
    Binding { keys: &[ch('s')], action: A::AddStep, scope: In(C::GoalDetail), help: "add a plan step (who does what by when)", hint: Some("step") },
    Binding { keys: &[ch('r')], action: A::AddReferral, scope: In(C::GoalDetail), help: "add a referral to another agency", hint: Some("referral") },
    Binding { keys: &[ch(' '), ch('x')], action: A::ToggleStep, scope: In(C::GoalDetail), help: "mark the selected step done, or not done", hint: Some("done") },
    Binding { keys: &[ch('e')], action: A::EditGoalItem, scope: In(C::GoalDetail), help: "edit the selected line (a progress record: for 7 days)", hint: Some("edit") },
    Binding { keys: &[ch('S')], action: A::SetGasScale, scope: In(C::GoalDetail), help: "set the goal's GAS scale: five levels, a weight", hint: Some("GAS scale") },
    Binding { keys: &[ch('E')], action: A::MarkInError, scope: In(C::GoalDetail), help: "entered in error: mark the selected line (asks why)", hint: Some("error") },
    Binding { keys: &[ch('X')], action: A::MarkGasScaleInError, scope: In(C::GoalDetail), help: "entered in error: mark the goal's GAS scale (asks why)", hint: None },
    Binding { keys: &[ch('?')], action: A::ToggleHelp, scope: In(C::GoalDetail), help: "this help", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('q')], action: A::Back, scope: In(C::GoalDetail), help: "close the goal", hint: Some("close") },
    Binding { keys: &[key(KeyCode::Esc), ch('?'), ch('q')], action: A::Back, scope: In(C::Help), help: "close help", hint: Some("close") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Help), help: "scroll down", hint: Some("scroll") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Help), help: "scroll up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: In(C::Help), help: "scroll a page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: In(C::Help), help: "scroll a page up", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::KeepFilter, scope: In(C::Filter), help: "keep the filter and go back to the list", hint: Some("keep") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::ClearFilter, scope: In(C::Filter), help: "clear the filter", hint: Some("clear") },
    Binding { keys: &[key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Filter), help: "move down the list while typing", hint: None },
    Binding { keys: &[key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Filter), help: "move up the list while typing", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Today), help: "next item", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Today), help: "previous item", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::JumpToClient, scope: In(C::Today), help: "go to this client", hint: Some("go to client") },
    Binding { keys: &[key(KeyCode::Esc), ch('t'), ch('q')], action: A::Back, scope: In(C::Today), help: "close today's list", hint: Some("close") },
    Binding { keys: &[ch('h')], action: A::CheckInHeld, scope: In(C::Today), help: "this check-in held (a line; a note if wanted)", hint: Some("held") },
    Binding { keys: &[ch('m')], action: A::CheckInMove, scope: In(C::Today), help: "move this check-in to another day", hint: None },
    Binding { keys: &[ch('c')], action: A::CheckInCancel, scope: In(C::Today), help: "cancel this check-in (asks a reason)", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('w'), ch('q')], action: A::Back, scope: In(C::Workload), help: "close the workload summary", hint: Some("close") },
    Binding { keys: &[ch('e')], action: A::EditSafetyPlan, scope: In(C::SafetyPlan), help: "edit the safety plan", hint: Some("edit") },
    Binding { keys: &[ch('C')], action: A::ToggleCrisis, scope: In(C::SafetyPlan), help: "mark or clear crisis (asks first)", hint: Some("crisis") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::SafetyPlan), help: "scroll down", hint: Some("scroll") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::SafetyPlan), help: "scroll up", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('!'), ch('q')], action: A::Back, scope: In(C::SafetyPlan), help: "close the safety plan", hint: Some("close") },
    Binding { keys: &[key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Enter)], action: A::NextField, scope: In(C::Form), help: "next field", hint: Some("next") },
    Binding { keys: &[key(KeyCode::BackTab), key(KeyCode::Up)], action: A::PrevField, scope: In(C::Form), help: "previous field", hint: None },
    Binding { keys: &[key(KeyCode::Left)], action: A::CursorLeft, scope: In(C::Form), help: "left; in a choice, previous option", hint: None },
    Binding { keys: &[key(KeyCode::Right)], action: A::CursorRight, scope: In(C::Form), help: "right; in a choice, next option (Space too)", hint: None },
    Binding { keys: &[key(KeyCode::Home)], action: A::Home, scope: In(C::Form), help: "start of the field", hint: None },
    Binding { keys: &[key(KeyCode::End)], action: A::End, scope: In(C::Form), help: "end of the field", hint: None },
    Binding { keys: &[key(KeyCode::Backspace)], action: A::DeleteBack, scope: In(C::Form), help: "delete back (a selected date: all of it)", hint: None },
    Binding { keys: &[key(KeyCode::Delete)], action: A::DeleteForward, scope: In(C::Form), help: "delete (a selected date: all of it)", hint: None },
    Binding { keys: &[ctrl('u')], action: A::ClearField, scope: In(C::Form), help: "clear the field", hint: Some("clear") },
    Binding { keys: &[ctrl('z')], action: A::Suspend, scope: In(C::Form), help: "suspend to the shell (the form stays)", hint: None },
    Binding { keys: &[ctrl('s')], action: A::Save, scope: In(C::Form), help: "save", hint: Some("save") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::Form), help: "cancel (asks before dropping typing)", hint: Some("cancel") },
    Binding { keys: &[ch('a'), ch('n')], action: A::NewMeasure, scope: In(C::Measures), help: "give the client the measure shown (one item per screen)", hint: Some("new") },
    Binding { keys: &[ch('l'), key(KeyCode::Right)], action: A::CursorRight, scope: In(C::Measures), help: "next measure", hint: Some("measure") },
    Binding { keys: &[ch('h'), key(KeyCode::Left)], action: A::CursorLeft, scope: In(C::Measures), help: "previous measure", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Measures), help: "next score, then on down the GAS reviews", hint: None },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Measures), help: "previous score or GAS review", hint: None },
    Binding { keys: &[ch('R')], action: A::GasReview, scope: In(C::Measures), help: "record a GAS review: a level per scaled goal", hint: Some("GAS review") },
    Binding { keys: &[ch('E')], action: A::MarkInError, scope: In(C::Measures), help: "entered in error: mark the selected score or review (asks why)", hint: Some("error") },
    Binding { keys: &[key(KeyCode::Esc), ch('M'), ch('q')], action: A::Back, scope: In(C::Measures), help: "close the measures", hint: Some("close") },
    Binding { keys: &[key(KeyCode::Left), key(KeyCode::Backspace)], action: A::PrevField, scope: In(C::MeasureForm), help: "back to the previous item (its answer can be changed)", hint: Some("back") },
    Binding { keys: &[key(KeyCode::Enter)], action: A::NextField, scope: In(C::MeasureForm), help: "skip an optional item; on the summary, save", hint: Some("skip/save") },
    Binding { keys: &[ctrl('s')], action: A::Save, scope: In(C::MeasureForm), help: "save (when every item needed is answered)", hint: None },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::MeasureForm), help: "cancel (asks before dropping answers)", hint: Some("cancel") },
    Binding { keys: &[key(KeyCode::Left), key(KeyCode::Backspace)], action: A::PrevField, scope: In(C::GasReview), help: "back to the previous goal (its level can be changed)", hint: Some("back") },
    Binding { keys: &[key(KeyCode::Enter)], action: A::NextField, scope: In(C::GasReview), help: "on the summary, save", hint: Some("save") },
    Binding { keys: &[ctrl('s')], action: A::Save, scope: In(C::GasReview), help: "save (when every goal has a level)", hint: None },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::GasReview), help: "cancel (asks before dropping levels)", hint: Some("cancel") },
    Binding { keys: &[ch('y')], action: A::Yes, scope: In(C::Confirm), help: "yes", hint: Some("yes") },
    Binding { keys: &[ch('n'), key(KeyCode::Esc)], action: A::No, scope: In(C::Confirm), help: "no", hint: Some("no") },
    Binding { keys: &[ch(' ')], action: A::ToggleItem, scope: In(C::Pane(Pane::Stages)), help: "tick or clear the item (dated today)", hint: Some("tick") },
    Binding { keys: &[ch('d')], action: A::TickOnDate, scope: In(C::Pane(Pane::Stages)), help: "tick the item on an earlier day, or change its date", hint: None },
    Binding { keys: &[ch('e')], action: A::EditItemNote, scope: In(C::Pane(Pane::Stages)), help: "one-line note on the selected item", hint: None },
    Binding { keys: &[ch('>')], action: A::AdvanceStage, scope: In(C::Pane(Pane::Stages)), help: "next stage (asks if items are still open)", hint: Some("next stage") },
    Binding { keys: &[ch('D')], action: A::AdvanceOnDate, scope: In(C::Pane(Pane::Stages)), help: "next stage on an earlier day (asks the date)", hint: None },
    Binding { keys: &[ch('<')], action: A::StepBackStage, scope: In(C::Pane(Pane::Stages)), help: "step back a stage (asks for a reason)", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::ShowStageHistory, scope: In(C::Pane(Pane::Stages)), help: "history and checklist in full: reasons, summary, notes", hint: Some("history") },
    Binding { keys: &[ch('E')], action: A::MarkInError, scope: In(C::Pane(Pane::Stages)), help: "entered in error: mark the selected tick (asks why)", hint: None },
    Binding { keys: &[ch('R')], action: A::ReopenCase, scope: In(C::Pane(Pane::Stages)), help: "re-open a case in follow-up at Assessment", hint: None },
    Binding { keys: &[ch('h')], action: A::CheckInHeld, scope: In(C::Pane(Pane::Stages)), help: "a check-in held (asks which if several are open)", hint: None },
    Binding { keys: &[ch('m')], action: A::CheckInMove, scope: In(C::Pane(Pane::Stages)), help: "move a check-in to another day (asks which if several)", hint: None },
    Binding { keys: &[ch('c')], action: A::CheckInCancel, scope: In(C::Pane(Pane::Stages)), help: "cancel a check-in (asks which if several, then a reason)", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::StageHistory), help: "scroll down", hint: Some("scroll") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::StageHistory), help: "scroll up", hint: None },
    Binding { keys: &[ch('e')], action: A::EditSummary, scope: In(C::StageHistory), help: "edit the termination summary (for 7 days after it was written)", hint: Some("edit summary") },
    Binding { keys: &[key(KeyCode::Esc), key(KeyCode::Enter), ch('q')], action: A::Back, scope: In(C::StageHistory), help: "close the stage history", hint: Some("close") },
    Binding { keys: &[ch('n')], action: A::NewNote, scope: Global, help: "new note for the selected client", hint: Some("note") },
    Binding { keys: &[ch('a')], action: A::NewNote, scope: In(C::Pane(Pane::Notes)), help: "new note", hint: None },
    Binding { keys: &[ch('e')], action: A::EditNote, scope: In(C::Pane(Pane::Notes)), help: "edit the selected note (until signed)", hint: Some("edit") },
    Binding { keys: &[ch('s')], action: A::SignNote, scope: In(C::Pane(Pane::Notes)), help: "sign the selected note (asks; locks it)", hint: Some("sign") },
    Binding { keys: &[ch('A')], action: A::AddAddendum, scope: In(C::Pane(Pane::Notes)), help: "add a signed addendum to a signed note", hint: Some("addendum") },
    Binding { keys: &[ch('E')], action: A::MarkInError, scope: In(C::Pane(Pane::Notes)), help: "entered in error: mark an unsigned note (asks why)", hint: None },
    Binding { keys: &[ch('/')], action: A::SearchNotes, scope: In(C::Pane(Pane::Notes)), help: "search every client's notes", hint: Some("search") },
    Binding { keys: &[key(KeyCode::PageDown), ch(' ')], action: A::ScrollNoteDown, scope: In(C::Pane(Pane::Notes)), help: "scroll the note down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp), ch('b')], action: A::ScrollNoteUp, scope: In(C::Pane(Pane::Notes)), help: "scroll the note up", hint: None },
    Binding { keys: &[ch('m')], action: A::MoveNote, scope: In(C::Pane(Pane::Notes)), help: "move an unsigned note to another client (asks which)", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::ReadNote, scope: In(C::Pane(Pane::Notes)), help: "read the selected note full screen (signed or not)", hint: Some("read") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::NoteReader), help: "scroll down a line", hint: Some("scroll") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::NoteReader), help: "scroll up a line", hint: None },
    Binding { keys: &[key(KeyCode::PageDown), ch(' ')], action: A::PageDown, scope: In(C::NoteReader), help: "next page (keeps one line of the last)", hint: Some("page") },
    Binding { keys: &[key(KeyCode::PageUp), ch('b')], action: A::PageUp, scope: In(C::NoteReader), help: "previous page (keeps one line)", hint: None },
    Binding { keys: &[key(KeyCode::Home), ch('g')], action: A::Home, scope: In(C::NoteReader), help: "top of the note", hint: None },
    Binding { keys: &[key(KeyCode::End), ch('G')], action: A::End, scope: In(C::NoteReader), help: "end of the note", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('q')], action: A::Back, scope: In(C::NoteReader), help: "close the note", hint: Some("close") },
    Binding { keys: &[ctrl('s')], action: A::Save, scope: In(C::Editor), help: "save the note", hint: Some("save") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::Editor), help: "close (asks: keep as draft or discard)", hint: Some("close") },
    Binding { keys: &[ctrl('z')], action: A::Suspend, scope: In(C::Editor), help: "suspend to the shell (the note stays)", hint: None },
    Binding { keys: &[f(2), alt('k')], action: A::CycleKind, scope: In(C::Editor), help: "next kind (session, phone, home visit…)", hint: Some("kind") },
    Binding { keys: &[f(3), alt('o')], action: A::CycleFormat, scope: In(C::Editor), help: "next format (DAP, SOAP, BIRP, GIRP, free)", hint: Some("format") },
    Binding { keys: &[f(4), alt('w')], action: A::NoteDetails, scope: In(C::Editor), help: "session date, time and duration", hint: Some("when") },
    Binding { keys: &[f(5), alt('t')], action: A::PickTechniques, scope: In(C::Editor), help: "techniques used", hint: Some("techniques") },
    Binding { keys: &[f(6), alt('g')], action: A::PickGoals, scope: In(C::Editor), help: "goals discussed", hint: Some("goals") },
    Binding { keys: &[f(8), alt('e')], action: A::ExternalEditor, scope: In(C::Editor), help: "edit the text in $EDITOR", hint: Some("$EDITOR") },
    Binding { keys: &[ctrl('u')], action: A::Undo, scope: In(C::Editor), help: "undo", hint: None },
    Binding { keys: &[ctrl('r')], action: A::Redo, scope: In(C::Editor), help: "redo", hint: None },
    Binding { keys: &[ctrl('k')], action: A::CutToLineEnd, scope: In(C::Editor), help: "cut to the end of the line", hint: None },
    Binding { keys: &[ctrl('w'), alt_key(KeyCode::Backspace)], action: A::CutWordBack, scope: In(C::Editor), help: "cut the word before the cursor", hint: None },
    Binding { keys: &[ctrl('y')], action: A::Yank, scope: In(C::Editor), help: "paste what was last cut", hint: None },
    Binding { keys: &[alt('f'), ctrl_key(KeyCode::Right)], action: A::WordForward, scope: In(C::Editor), help: "next word", hint: None },
    Binding { keys: &[alt('b'), ctrl_key(KeyCode::Left)], action: A::WordBack, scope: In(C::Editor), help: "previous word", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Picker), help: "move down", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Picker), help: "move up", hint: None },
    Binding { keys: &[ch(' '), ch('x')], action: A::Toggle, scope: In(C::Picker), help: "tick or untick", hint: Some("tick") },
    Binding { keys: &[key(KeyCode::Enter), key(KeyCode::Esc)], action: A::Back, scope: In(C::Picker), help: "done", hint: Some("done") },
    Binding { keys: &[ch('k'), ch('y')], action: A::KeepDraft, scope: In(C::LeaveNote), help: "keep it as a draft", hint: Some("keep draft") },
    Binding { keys: &[ch('d')], action: A::DiscardDraft, scope: In(C::LeaveNote), help: "discard it", hint: Some("discard") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::LeaveNote), help: "back to the note", hint: Some("back") },
    Binding { keys: &[key(KeyCode::Down), ctrl('n')], action: A::MoveDown, scope: In(C::Search), help: "next result", hint: Some("move") },
    Binding { keys: &[key(KeyCode::Up), ctrl('p')], action: A::MoveUp, scope: In(C::Search), help: "previous result", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: In(C::Search), help: "page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: In(C::Search), help: "page up", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::OpenResult, scope: In(C::Search), help: "go to this note", hint: Some("open") },
    Binding { keys: &[key(KeyCode::Tab)], action: A::ToggleSearchScope, scope: In(C::Search), help: "search all clients or the selected client", hint: Some("scope") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::Search), help: "close search", hint: Some("close") },
    Binding { keys: &[ch('c')], action: A::CopyDraft, scope: In(C::HeldDraft), help: "continue in a copy of your own", hint: Some("copy") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::HeldDraft), help: "scroll down", hint: None },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::HeldDraft), help: "scroll up", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('q')], action: A::Back, scope: In(C::HeldDraft), help: "close; the draft stays with the other session", hint: Some("close") },
    Binding { keys: &[ch('t')], action: A::KeepTheirs, scope: In(C::Conflict), help: "keep theirs; drop your changes (asks)", hint: Some("theirs") },
    Binding { keys: &[ch('m')], action: A::KeepMine, scope: In(C::Conflict), help: "keep mine: save it over theirs", hint: Some("mine") },
    Binding { keys: &[ch('e')], action: A::MergeEdit, scope: In(C::Conflict), help: "edit again, taking theirs where untouched", hint: Some("edit") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::Conflict), help: "scroll down", hint: None },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::Conflict), help: "scroll up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: In(C::Conflict), help: "scroll a page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: In(C::Conflict), help: "scroll a page up", hint: None },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::Conflict), help: "back to your typing (nothing saved)", hint: Some("back") },
    Binding { keys: &[ch('y'), ctrl('s')], action: A::WriteDocument, scope: In(C::DocumentPreview), help: "write it to the export directory", hint: Some("write") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::DocumentPreview), help: "scroll down", hint: Some("scroll") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::DocumentPreview), help: "scroll up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown), ch(' ')], action: A::PageDown, scope: In(C::DocumentPreview), help: "scroll a page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp), ch('b')], action: A::PageUp, scope: In(C::DocumentPreview), help: "scroll a page up", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('n'), ch('q')], action: A::Back, scope: In(C::DocumentPreview), help: "close without writing", hint: Some("cancel") },
    Binding { keys: &[key(KeyCode::Down), ctrl('n')], action: A::MoveDown, scope: In(C::ClientPicker), help: "next client", hint: Some("move") },
    Binding { keys: &[key(KeyCode::Up), ctrl('p')], action: A::MoveUp, scope: In(C::ClientPicker), help: "previous client", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: In(C::ClientPicker), help: "page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: In(C::ClientPicker), help: "page up", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::Choose, scope: In(C::ClientPicker), help: "this client (asks before moving)", hint: Some("choose") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::ClientPicker), help: "cancel: the note stays where it is", hint: Some("cancel") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: In(C::CheckInPicker), help: "next check-in", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: In(C::CheckInPicker), help: "previous check-in", hint: None },
    Binding { keys: &[key(KeyCode::Enter)], action: A::Choose, scope: In(C::CheckInPicker), help: "this check-in", hint: Some("choose") },
    Binding { keys: &[key(KeyCode::Esc), ch('q')], action: A::Back, scope: In(C::CheckInPicker), help: "cancel", hint: Some("cancel") },
    Binding { keys: &[key(KeyCode::Enter)], action: A::Unlock, scope: In(C::Lock), help: "unlock with the PIN or passphrase typed", hint: Some("unlock") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: In(C::Lock), help: "clear what was typed", hint: Some("clear") },
];

impl Key {
    /// Does this binding key match a pressed key? Shift is part of the
    /// character for letters, so it is ignored for `Char` keys.
    fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = match ev.code {
            KeyCode::Char(_) | KeyCode::BackTab => ev.modifiers - KeyModifiers::SHIFT,
            _ => ev.modifiers,
        };
        self.code == ev.code && self.mods == mods
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

thread_local! {
    /// The table in use: the defaults, or the user's keys.toml over them.
    /// Keys are read and shown only on the thread that runs the screen, so
    /// per thread is enough, and tests driving their own App stay apart.
    static ACTIVE: std::cell::Cell<&'static [Binding]> = const { std::cell::Cell::new(BINDINGS) };
}

/// The bindings in use on this thread (see `install`).
pub fn bindings() -> &'static [Binding] {
    ACTIVE.with(std::cell::Cell::get)
}

/// Use `table` (from `keymap_file`) for keys, help and hints on this thread.
pub fn install(table: &'static [Binding]) {
    ACTIVE.with(|a| a.set(table));
}

/// The scopes that apply in a context, most specific first.
fn scopes(ctx: Context) -> Vec<Scope> {
    match ctx {
        Context::Lock => vec![Scope::In(ctx)],
        Context::Pane(_) => vec![Scope::In(ctx), Scope::Global, Scope::Always],
        _ => vec![Scope::In(ctx), Scope::Always],
    }
}

/// The action for a key press in `ctx`, if any. The most specific scope wins.
pub fn lookup(ev: &KeyEvent, ctx: Context) -> Option<Action> {
    scopes(ctx).into_iter().find_map(|scope| {
        bindings()
            .iter()
            .find(|b| b.scope == scope && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    })
}

/// The key for an action where it applies (its first key), for messages
/// and hints that name keys: they follow the table, so they stay true when
/// keys change.
pub fn key_for(action: Action, ctx: Context) -> String {
    scopes(ctx)
        .into_iter()
        .find_map(|scope| {
            bindings()
                .iter()
                .find(|b| b.scope == scope && b.action == action)
        })
        .or_else(|| bindings().iter().find(|b| b.action == action))
        .and_then(|b| b.keys.first())
        .map_or_else(|| "(no key)".to_string(), Key::label)
}

/// Bindings for the hint bar, most specific first: action, key, word.
pub fn hints(ctx: Context) -> Vec<(Action, String, &'static str)> {
    scopes(ctx)
        .into_iter()
        .flat_map(|scope| bindings().iter().filter(move |b| b.scope == scope))
        .filter_map(|b| {
            b.hint.map(|h| {
                let key = b.keys.first().map(Key::label).unwrap_or_default();
                (b.action, key, h)
            })
        })
        .collect()
}

/// Heading for a scope in the help screen and README.
pub fn scope_title(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere",
        Scope::Always => "Everywhere, forms and notes too",
        Scope::In(Context::Pane(p)) => p.title(),
        Scope::In(Context::Help) => "Help",
        Scope::In(Context::Form) => "In a form",
        Scope::In(Context::Confirm) => "Answering a question",
        Scope::In(Context::StageHistory) => "Stage history",
        Scope::In(Context::NoteReader) => "Reading a note",
        Scope::In(Context::Filter) => "Typing a caseload filter",
        Scope::In(Context::Today) => "Today's list",
        Scope::In(Context::Workload) => "Workload summary",
        Scope::In(Context::SafetyPlan) => "Safety plan",
        Scope::In(Context::Editor) => "Writing a note",
        Scope::In(Context::Picker) => "Choosing techniques or goals",
        Scope::In(Context::LeaveNote) => "Closing a note with typing in it",
        Scope::In(Context::Search) => "Searching notes",
        Scope::In(Context::GoalDetail) => "In a goal's detail",
        Scope::In(Context::HeldDraft) => "A draft open in another session",
        Scope::In(Context::Conflict) => "Another session saved first",
        Scope::In(Context::Measures) => "Measures",
        Scope::In(Context::MeasureForm) => "Answering a measure (0-9 answer)",
        Scope::In(Context::GasReview) => "Recording a GAS review (1-5 pick -2..+2)",
        Scope::In(Context::ClientPicker) => "Choosing a client (type a name or #id)",
        Scope::In(Context::CheckInPicker) => "Choosing a check-in",
        Scope::In(Context::Lock) => "The lock screen",
        Scope::In(Context::DocumentPreview) => "Before a document is written",
    }
}

/// The key table as Markdown, for the README (kept in step by a test).
pub fn markdown_table() -> String {
    let mut out = String::from("| key | where | action | in keys.toml |\n|---|---|---|---|\n");
    for b in BINDINGS {
        let keys = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label()))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} | `[{}] {}` |\n",
            scope_title(b.scope),
            b.help,
            crate::keymap_file::section(b.scope),
            crate::keymap_file::action_name(b.action),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_to_actions() {
        let f = Context::Pane(Pane::Caseload);
        assert_eq!(
            lookup(&press(KeyCode::Char('j'), KeyModifiers::NONE), f),
            Some(A::MoveDown)
        );
        assert_eq!(
            lookup(&press(KeyCode::Down, KeyModifiers::NONE), f),
            Some(A::MoveDown)
        );
        assert_eq!(
            lookup(&press(KeyCode::BackTab, KeyModifiers::SHIFT), f),
            Some(A::FocusPrev)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('G'), KeyModifiers::SHIFT), f),
            Some(A::End)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), KeyModifiers::NONE), f),
            Some(A::Quit)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), KeyModifiers::CONTROL), f),
            None
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('z'), KeyModifiers::NONE), f),
            Some(A::Zoom)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('z'), KeyModifiers::CONTROL), f),
            Some(A::Suspend)
        );
        // Inside a form letters are text, not commands.
        let none = KeyModifiers::NONE;
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), none), Context::Form),
            None
        );
        let save = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&save, Context::Form), Some(A::Save));
        // A pane's own binding applies only with focus there.
        let add = press(KeyCode::Char('a'), none);
        assert_eq!(lookup(&add, f), Some(A::AddClient));
        assert_eq!(lookup(&add, Context::Pane(Pane::Notes)), Some(A::NewNote));
    }

    /// Every context there is, for tests that must hold in each.
    const CONTEXTS: &[Context] = &[
        C::Pane(Pane::Caseload),
        C::Pane(Pane::Stages),
        C::Pane(Pane::Goals),
        C::Pane(Pane::Notes),
        C::Help,
        C::Form,
        C::Confirm,
        C::StageHistory,
        C::NoteReader,
        C::Filter,
        C::Today,
        C::Workload,
        C::SafetyPlan,
        C::Editor,
        C::Picker,
        C::LeaveNote,
        C::Search,
        C::GoalDetail,
        C::HeldDraft,
        C::Conflict,
        C::Measures,
        C::MeasureForm,
        C::GasReview,
        C::ClientPicker,
        C::CheckInPicker,
        C::Lock,
        C::DocumentPreview,
    ];

    #[test]
    fn the_lock_key_locks_everywhere_even_while_typing_and_nothing_else_gets_it() {
        // (A new context missing from the list fails to compile here.)
        for ctx in CONTEXTS {
            match ctx {
                C::Pane(_)
                | C::Help
                | C::Form
                | C::Confirm
                | C::StageHistory
                | C::NoteReader
                | C::Filter
                | C::Today
                | C::Workload
                | C::SafetyPlan
                | C::Editor
                | C::Picker
                | C::LeaveNote
                | C::Search
                | C::GoalDetail
                | C::HeldDraft
                | C::Conflict
                | C::Lock
                | C::DocumentPreview => {}
                C::Measures
                | C::MeasureForm
                | C::GasReview
                | C::ClientPicker
                | C::CheckInPicker => {}
            }
        }
        let lock = BINDINGS
            .iter()
            .find(|b| b.action == A::LockNow)
            .expect("a lock key");
        for k in lock.keys {
            let ev = press(k.code, k.mods);
            for &ctx in CONTEXTS {
                let want = (ctx != C::Lock).then_some(A::LockNow);
                assert_eq!(lookup(&ev, ctx), want, "{} in {ctx:?}", k.label());
            }
            assert!(
                !k.mods.is_empty() || matches!(k.code, KeyCode::F(_)),
                "{} would be text in a form",
                k.label()
            );
        }
        // On the lock screen only the lock's own keys mean anything.
        for b in BINDINGS.iter().filter(|b| b.scope != Scope::In(C::Lock)) {
            for k in b.keys {
                let got = lookup(&press(k.code, k.mods), C::Lock);
                assert!(
                    matches!(got, None | Some(A::Unlock | A::Back)),
                    "{} does {got:?} on the lock screen",
                    k.label()
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.scope == b.scope {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{} bound twice", k.label());
                    }
                }
            }
        }
    }
}
