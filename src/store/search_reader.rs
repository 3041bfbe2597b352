//! Searches answered away from the screen: a connection of their own, read
//! only, that a newer search stops. The note search asks as the user
//! types; a query for a short prefix can take longer than a frame on a
//! large caseload, so it runs on another thread and the next key makes it
//! give up instead of waiting for it.

use super::cipher::Key;
use super::error::Result;
use super::search::{self, Cursor, Page, Scope};
use crate::domain::ClientSummary;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// One search to answer: a page of matches from `from`, and with the
/// first page how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which search this is; newer searches have higher ids (never 0).
    pub id: u64,
    pub text: String,
    pub scope: Scope,
    pub from: Cursor,
    pub limit: usize,
    /// Count every match too (with the first page, not the next ones).
    pub count: bool,
}

/// What came of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Found {
        id: u64,
        page: Page,
        /// How many match in all, when it was asked for.
        total: Option<u64>,
    },
    /// The database failed (never the words typed: they are always quoted).
    Failed { id: u64, error: String },
    /// A newer search was wanted before this one finished: nothing to show
    /// and nothing to say.
    Stopped { id: u64 },
}

impl Answer {
    pub fn id(&self) -> u64 {
        match self {
            Answer::Found { id, .. } | Answer::Failed { id, .. } | Answer::Stopped { id } => *id,
        }
    }
}

/// The id of the one search still wanted (0: none). Shared between whoever
/// asks and whoever answers: the answering query checks it as it runs, so
/// raising it stops the query at once, wherever it is.
#[derive(Debug, Clone, Default)]
pub struct Wanted(Arc<AtomicU64>);

impl Wanted {
    pub fn set(&self, id: u64) {
        self.0.store(id, Ordering::SeqCst);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// How often (in SQLite virtual machine steps) a running search looks at
/// whether it is still wanted: often enough to stop within microseconds,
/// seldom enough to cost nothing.
const CHECK_EVERY: i32 = 256;

/// Where to open another connection to a store's file, and with which key.
#[derive(Clone)]
pub struct Source {
    pub(super) path: PathBuf,
    pub(super) key: Option<Key>,
}

impl Source {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A read-only connection to the file. The file was checked when the
    /// store opened it; this one never writes, so nothing in it can run.
    pub fn open(&self) -> Result<Reader> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        if let Some(key) = &self.key {
            key.apply(&conn)?;
        }
        // Reading never waits on a writer in WAL mode; a checkpoint may
        // hold it for a moment.
        conn.busy_timeout(std::time::Duration::from_millis(200))?;
        Ok(Reader { conn })
    }
}

/// A read-only connection for work kept off the screen's thread: searches,
/// and the rest of the caseload after the first frame.
pub struct Reader {
    conn: Connection,
}

impl Reader {
    /// Every caseload row (archived ones too when asked), in one snapshot.
    pub fn caseload(&self, include_archived: bool) -> Result<Vec<ClientSummary>> {
        let tx = self.conn.unchecked_transaction()?;
        let rows = super::clients::summaries(&tx, include_archived)?;
        tx.finish()?;
        Ok(rows)
    }

    /// Answer `req`, giving up as soon as `wanted` no longer names it (a
    /// check inside the running query, not only between queries: the
    /// progress handler belongs to this connection, so unlike
    /// `sqlite3_interrupt` it can never stop the next search by mistake).
    pub fn answer(&mut self, req: &Request, wanted: &Wanted) -> Answer {
        let id = req.id;
        let watch = wanted.clone();
        let stop = move || watch.get() != id;
        if self.conn.progress_handler(CHECK_EVERY, Some(stop)).is_err() {
            return Answer::Failed {
                id,
                error: "the search could not be started".into(),
            };
        }
        let found = self.found(req);
        let _ = self.conn.progress_handler(0, None::<fn() -> bool>);
        match found {
            Ok((page, total)) => Answer::Found { id, page, total },
            Err(e) if stopped(&e) => Answer::Stopped { id },
            Err(e) => Answer::Failed {
                id,
                error: e.to_string(),
            },
        }
    }

    /// The page, and the count, in one snapshot: a note written meanwhile
    /// cannot be in one and not the other.
    fn found(&self, req: &Request) -> Result<(Page, Option<u64>)> {
        let tx = self.conn.unchecked_transaction()?;
        let page = search::search_page(&tx, &req.text, req.scope, req.from, req.limit)?;
        // A first page that holds every match needs no count.
        let total = match (req.count, page.next) {
            (false, _) => None,
            (true, None) => Some(page.hits.len() as u64),
            (true, Some(_)) => Some(search::count(&tx, &req.text, req.scope)?),
        };
        tx.commit()?;
        Ok((page, total))
    }
}

fn stopped(e: &super::StoreError) -> bool {
    matches!(
        e,
        super::StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
            if f.code == ErrorCode::OperationInterrupted
    )
}
