//! The rest of the caseload after the first frame (see `App::start`), read
//! on a thread with a read-only connection of its own and put in order
//! there, so the screen's thread only takes it in. A key that comes before
//! it loads the rest on the screen's thread instead (no key ever meets half
//! a caseload), and the answer that arrives after is dropped.

use crate::domain::ClientSummary;
use crate::domain::caseload::{Ordered, SortBy};
use crate::store::search_reader::Source;
use std::thread;

/// What to read: the view the first screen was drawn in, and an id that
/// tells this request's answer from any other's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: u64,
    pub include_archived: bool,
    pub sort: SortBy,
}

/// The answer: every row, in the request's order, or why not.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub request: Request,
    pub rows: Result<(Vec<ClientSummary>, Ordered), String>,
}

/// Answer `request` on this thread.
pub fn load_now(source: &Source, request: Request) -> Loaded {
    let rows = source
        .open()
        .and_then(|reader| reader.caseload(request.include_archived))
        .map(|rows| {
            let ordered = Ordered::of(&rows, request.sort);
            (rows, ordered)
        })
        .map_err(|e| e.to_string());
    Loaded { request, rows }
}

/// Answer `request` on a thread of its own and hand the answer to `reply`.
/// If no thread can be had, nothing is answered: the next key loads the
/// rest on the screen's thread.
pub fn spawn(source: Source, request: Request, reply: impl FnOnce(Loaded) + Send + 'static) {
    let _ = thread::Builder::new()
        .name("caseload".into())
        .spawn(move || reply(load_now(&source, request)));
}
