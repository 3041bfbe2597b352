//! What can sit on top of the panes. The top of the stack gets the keys.

use super::form::Form;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Form(Form),
}

/// What a form is for: decides how it is checked and saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    AddClient,
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
