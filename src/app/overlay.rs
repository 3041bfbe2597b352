//! What can sit on top of the panes. The top of the stack gets the keys
//! first (see `layer`). Each overlay is a type in a file of its own under
//! `overlays/`; this list is the one place that names them all.

pub use super::form::FormPurpose;
pub use super::overlays::confirm::{Confirm, OnYes};

use super::layer::{Layer, Outcome, Seen};
use super::{Action, App};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// Declares the overlay enum and forwards the `Layer` calls to the type in
/// each variant, so adding an overlay is its file plus one line here.
macro_rules! overlays {
    ($($(#[$doc:meta])* $name:ident($ty:ty),)*) => {
        #[derive(Debug, Clone, PartialEq)]
        pub enum Overlay {
            $($(#[$doc])* $name($ty),)*
        }

        impl Overlay {
            pub fn context(&self) -> Context {
                match self { $(Overlay::$name(o) => o.context(),)* }
            }
            pub fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
                match self { $(Overlay::$name(o) => o.handle(action, app),)* }
            }
            pub fn text(&mut self, key: KeyEvent, app: &mut App) -> Outcome {
                match self { $(Overlay::$name(o) => o.text(key, app),)* }
            }
            pub fn paste(&mut self, text: &str, app: &mut App) -> Outcome {
                match self { $(Overlay::$name(o) => o.paste(text, app),)* }
            }
            pub fn typed(&mut self, text: &str, app: &mut App) -> Outcome {
                match self { $(Overlay::$name(o) => o.typed(text, app),)* }
            }
            pub fn render(
                &self,
                frame: &mut Frame<'_>,
                area: Rect,
                app: &App,
                theme: &Theme,
            ) -> Option<Seen> {
                match self { $(Overlay::$name(o) => o.render(frame, area, app, theme),)* }
            }
            pub fn seen(&mut self, seen: Seen) {
                match self { $(Overlay::$name(o) => o.seen(seen),)* }
            }
        }
    };
}

use super::editor::NoteEditor;
use super::form::Form;
use super::overlays::{
    conflict::ConflictView, filter::Filter, goal_detail::GoalDetail, help::Help,
    leave_note::LeaveNote, note_reader::NoteReader, safety::SafetyView, search::NoteSearch,
    stage_history::HistoryView, today::TodayView, workload::WorkloadView,
};

overlays! {
    /// Every key, from the keymap table.
    Help(Help),
    /// A yes/no question.
    Confirm(Confirm),
    Form(Form),
    /// The selected client's stage history, scrollable.
    StageHistory(HistoryView),
    /// One note full screen: header, every line, addenda.
    NoteReader(NoteReader),
    /// Typing into the caseload filter; the text lives in `App.view`.
    Filter(Filter),
    Today(TodayView),
    Workload(WorkloadView),
    SafetyPlan(SafetyView),
    /// The note editor (boxed: it is large).
    Editor(Box<NoteEditor>),
    /// Leaving the editor with typing in it: keep as draft or discard?
    LeaveNote(LeaveNote),
    Search(Box<NoteSearch>),
    /// One goal with its steps, referrals and progress history.
    GoalDetail(GoalDetail),
    /// A draft another session is typing into: read-only, or a copy.
    HeldDraft(Box<super::overlays::held_draft::HeldDraft>),
    /// Another session saved first: theirs beside yours, and what to do.
    Conflict(Box<ConflictView>),
    /// A document to share, as it will be written: write it or not.
    DocumentPreview(Box<super::overlays::document_preview::DocumentPreview>),
    /// Text left in `$EDITOR` when casework was killed: take it back?
    EditorLeftover(Box<super::overlays::editor_leftover::EditorLeftover>),
    /// A client's standard measures over time.
    Measures(super::overlays::measures::MeasuresView),
    /// Giving a measure, one item per screen.
    MeasureForm(super::overlays::measure_form::MeasureForm),
    /// Recording a GAS review, one goal per screen.
    GasReview(Box<super::overlays::gas_review::GasReviewForm>),
    /// Which client an unsigned note moves to.
    ClientPicker(Box<super::overlays::client_picker::ClientPicker>),
    /// Which of a client's open check-ins a key in Stages is for.
    CheckInPicker(Box<super::overlays::checkin_picker::CheckInPicker>),
}

impl<T: Layer + ?Sized> Layer for Box<T> {
    fn context(&self) -> Context {
        (**self).context()
    }
    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        (**self).handle(action, app)
    }
    fn text(&mut self, key: KeyEvent, app: &mut App) -> Outcome {
        (**self).text(key, app)
    }
    fn paste(&mut self, text: &str, app: &mut App) -> Outcome {
        (**self).paste(text, app)
    }
    fn typed(&mut self, text: &str, app: &mut App) -> Outcome {
        (**self).typed(text, app)
    }
    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        (**self).render(frame, area, app, theme)
    }
    fn seen(&mut self, seen: Seen) {
        (**self).seen(seen)
    }
}
