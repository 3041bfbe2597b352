//! "Entered in error": how a record typed by mistake is corrected without
//! being erased. The record stays (history, audit, export) and carries the
//! mark; charts, counts, urgency and the agenda leave it out.

use serde::{Deserialize, Serialize};

/// Who marked a record entered in error, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InError {
    /// UTC RFC 3339, as every stamp in the file.
    pub at: String,
    /// The login name of the worker who marked it.
    pub by: String,
    pub reason: String,
}

impl InError {
    /// The mark from its three columns: all three or none (a row with only
    /// some of them was not written by casework).
    pub fn from_columns(
        at: Option<String>,
        by: Option<String>,
        reason: Option<String>,
    ) -> Option<InError> {
        Some(InError {
            at: at?,
            by: by.unwrap_or_default(),
            reason: reason.unwrap_or_default(),
        })
    }

    /// The words shown beside a marked record.
    pub fn label(&self) -> String {
        format!("entered in error: {}", self.reason)
    }

    /// The day it was marked (the stamp's date part).
    pub fn day(&self) -> &str {
        self.at.get(..10).unwrap_or(&self.at)
    }
}

/// A record that can be marked: the ones the charts and counts skip.
pub trait Markable {
    fn in_error(&self) -> Option<&InError>;
    fn counts(&self) -> bool {
        self.in_error().is_none()
    }
}
