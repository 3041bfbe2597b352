//! What can sit on top of the panes. The top of the stack gets the keys.

use super::editor::NoteEditor;
use super::form::Form;
use super::search::NoteSearch;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Form(Form),
    /// The note editor (boxed: it is large).
    Editor(Box<NoteEditor>),
    /// Leaving the editor with typing in it: keep as draft or discard?
    LeaveNote,
    Search(Box<NoteSearch>),
}

/// What a form is for: decides how it is checked and saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    AddClient,
    /// Date, time and duration of the note in the editor underneath.
    NoteDetails,
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
    SignNote(i64),
    /// Sign and append the addendum in the editor underneath.
    SaveAddendum,
}

impl Overlay {
    /// Does this overlay take typed characters as text?
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Overlay::Form(_) | Overlay::Editor(_) | Overlay::Search(_)
        )
    }
}
