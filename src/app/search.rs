//! The note search overlay: a query typed freely and results as you type.

use super::Cursor;
use super::input::LineInput;
use crate::store::search::SearchHit;

/// How many results the overlay shows: the newest matches.
pub const RESULT_LIMIT: usize = 50;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteSearch {
    pub input: LineInput,
    pub hits: Vec<SearchHit>,
    pub cursor: Cursor,
    /// A search that failed (the database, never the query text).
    pub error: Option<String>,
}
