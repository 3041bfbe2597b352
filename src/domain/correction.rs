//! Corrections to a case's closing record, as the stage history shows
//! them: a termination summary edited, an archived client restored.

/// A correction shown in the stage history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordEvent {
    /// When, UTC RFC 3339 as stored.
    pub at: String,
    /// The login name, when the row recorded one.
    pub by: Option<String>,
    pub what: RecordChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordChange {
    SummaryEdited { before: String, after: String },
    Restored { reason: Option<String> },
}
