//! Storage: one SQLite file per user. Owns the connection and speaks domain
//! types; knows nothing about drawing.

pub mod agenda;
pub mod anchor;
pub mod audit;
pub mod audit_exchange;
pub mod chain;
pub mod checkins;
pub mod cipher;
mod client_changes;
pub mod clients;
pub mod closures;
pub mod codec;
pub mod conflict;
pub mod drafts;
mod error;
pub mod export;
pub mod export_stream;
mod exports;
pub mod followups;
pub mod form_drafts;
pub mod gas;
pub mod goals;
mod health;
pub mod import_check;
mod import_check_gas;
mod import_fast;
pub mod import_stream;
mod imports;
pub mod in_error;
mod kdf;
mod maintenance;
pub mod measures;
mod migrations;
pub mod note_move;
pub mod note_ops;
pub mod notes;
mod open;
pub mod open_items;
pub mod progress_edit;
pub mod recipher;
pub mod record_edits;
pub mod roster_import;
pub mod safety;
pub mod search;
pub mod search_reader;
pub mod session;
pub mod stage_moves;
pub mod stages;
pub mod verify;

pub use error::{Result, StoreError};
pub use maintenance::CheckReport;
pub use migrations::{SCHEMA_VERSION, apply_up_to};
pub use open::APPLICATION_ID;

use crate::domain::{Client, ClientSummary, Goal, Note};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use stages::{ChecklistMark, StageVisit};
use std::path::{Path, PathBuf};

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A form draft to remove in the same transaction as the next write that
    /// lands: the save of that form. Saved and draft can then never both exist.
    retire_form_draft: Option<i64>,
    /// This session, as drafts record their owner.
    session: session::Session,
    /// Whether this session has taken any draft (to let go of at the end).
    held_drafts: bool,
    /// The health check that must pass before the first write: started in
    /// the background by a session that will write (see
    /// `start_health_check`), else run at the first write. `None` before.
    health: Option<health::Pending>,
    /// The last write gave up because another session held the lock.
    met_lock: bool,
    /// The key of an encrypted file, for every other connection to it.
    key: Option<cipher::Key>,
    /// Where the chain's head is also written, outside the file (see
    /// `anchor_in`); `None` keeps no anchor (tests, tools).
    anchor: Option<anchor::Anchor>,
    /// The head last written to the anchor (or found at start).
    anchored: Option<chain::Head>,
    /// A write landed but its head could not be anchored: why.
    anchor_trouble: Option<String>,
    /// Where the chain ended before this open's upgrade wrote audit rows
    /// (see `anchor_in`); `None` if it wrote none.
    upgraded_from: Option<chain::Head>,
}

/// A session that ends holds nothing: its drafts are free for the next
/// one. (A killed session never gets here; `session` tells it is gone.)
impl Drop for Store {
    fn drop(&mut self) {
        // Only a session that took a draft writes here: a plain quit must
        // not wait on another session's lock.
        if !self.held_drafts {
            return;
        }
        let me = self.session.key();
        // Never wait at the end: if another session holds the lock, the
        // drafts stay marked with this process, which is about to be gone.
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let _ = self.conn.execute_batch("BEGIN IMMEDIATE");
        for table in ["drafts", "form_drafts"] {
            let _ = self.conn.execute(
                &format!("UPDATE {table} SET owner = NULL, owned_since = NULL WHERE owner = ?1"),
                [&me],
            );
        }
        let _ = self.conn.execute_batch("COMMIT");
    }
}

/// Everything the right-hand panes show for one client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDetail {
    pub client: Client,
    pub marks: Vec<ChecklistMark>,
    pub history: Vec<StageVisit>,
    pub goals: Vec<Goal>,
    pub notes: Vec<Note>,
    /// Check-ins scheduled at termination, earliest first.
    pub followups: Vec<followups::Followup>,
    /// Each time the case closed (entered Termination, was archived), and why.
    pub closures: Vec<crate::domain::closure::Closure>,
    /// The people it names are hidden in privacy mode wherever they appear.
    pub safety_plan: Option<crate::domain::safety::SafetyPlan>,
    /// Standard measures taken, oldest first (entered in error included).
    pub measures: Vec<crate::domain::measure::Response>,
    /// The GAS scale of each goal that has one now, by goal id.
    pub gas_scales: Vec<crate::domain::gas_record::GasScale>,
    /// GAS reviews, oldest first (entered in error included).
    pub gas_reviews: Vec<crate::domain::gas_record::GasReview>,
    /// Termination summary edits and restores, from the audit trail.
    pub corrections: Vec<record_edits::RecordEvent>,
}

impl Store {
    /// Open or create the database at `path`. A file that cannot be trusted is
    /// refused untouched. The notices are worth showing the user once.
    pub fn open(path: &Path) -> Result<(Store, Vec<String>)> {
        Store::open_with_key(path, None)
    }

    /// Open an encrypted file with its key (see `cipher::Key::for_file`),
    /// or, with `None`, a plain one. A wrong key is refused untouched.
    pub fn open_with_key(path: &Path, key: Option<cipher::Key>) -> Result<(Store, Vec<String>)> {
        let (conn, notices, upgraded_from) = open::open_upgrading(path, key.as_ref())?;
        Ok((
            Store {
                conn,
                path: path.to_path_buf(),
                retire_form_draft: None,
                session: session::Session::this_process(),
                held_drafts: false,
                health: None,
                met_lock: false,
                key,
                anchor: None,
                anchored: None,
                anchor_trouble: None,
                upgraded_from,
            },
            notices,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Is the file encrypted (opened with a key)?
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Is `typed` this file's passphrase? For unlocking an idle screen:
    /// one key derivation (a fraction of a second), no file access. Always
    /// false for a file that is not encrypted.
    pub fn passphrase_matches(&self, typed: &str) -> bool {
        let typed = cipher::Passphrase::new(zeroize::Zeroizing::new(typed.to_string()));
        match (&self.key, typed) {
            (Some(key), Some(typed)) => key.matches(&typed),
            _ => false,
        }
    }

    /// The key of an encrypted file, for a verifier that outlives the
    /// store's borrow (the idle lock may hold a clone).
    pub fn key(&self) -> Option<&cipher::Key> {
        self.key.as_ref()
    }

    /// Where another connection to this file is opened (searches run on
    /// one of their own, off the screen's thread).
    pub fn source(&self) -> search_reader::Source {
        search_reader::Source {
            path: self.path.clone(),
            key: self.key.clone(),
        }
    }

    /// Read-only access for queries in the store's own modules and tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in one IMMEDIATE transaction: all of it lands or none of it.
    /// Remove this form draft with the next write that lands (or, with
    /// `None`, forget that request).
    pub fn retire_form_draft_with_next_write(&mut self, id: Option<i64>) {
        self.retire_form_draft = id;
    }

    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        // A damaged file is never written: it stays as it is for rescue.
        let path = &self.path;
        let check = self
            .health
            .get_or_insert_with(|| health::Pending::start(path, self.key.clone()));
        if let Err(problem) = check.verdict() {
            return Err(StoreError::Damaged(problem));
        }
        let result = self.write_now(f);
        self.met_lock = result.as_ref().is_err_and(StoreError::is_busy);
        result
    }

    fn write_now<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        if let Some(id) = self.retire_form_draft.take() {
            form_drafts::discard_in(&tx, id, &codec::now())?;
        }
        tx.commit()?;
        self.anchor_head();
        Ok(out)
    }

    /// Keep the chain's head in `dir` too, outside the file (see
    /// store::anchor), from now on: after every write that moves it. A
    /// database seen for the first time has its head recorded as it is
    /// (trust on first use); then this returns true.
    pub fn anchor_in(&mut self, dir: &Path) -> Result<bool> {
        let anchor = anchor::Anchor::for_database(dir, &self.path)?;
        let head = chain::head(&self.conn)?;
        let mut adopted = false;
        if let Some(h) = &head {
            if anchor.entries()?.iter().all(|e| !e.is_head()) {
                anchor.append("adopt", h, None)?;
                adopted = true;
            } else if let Some(before) = self.upgraded_from.take() {
                // The rows this open's upgrade wrote (the v5 step ticks
                // items, each audited) follow the head the anchor holds:
                // anchor them as any write's, or the next check reports
                // rows written after the last head. Only when the anchor's
                // last head is where the chain ended before the upgrade,
                // so rows written behind casework's back stay reported.
                let last = anchor
                    .current_entries()?
                    .into_iter()
                    .rev()
                    .find(|e| e.is_head());
                if last.is_some_and(|e| e.row == before.row && e.hash == before.hash) {
                    anchor.append("upgrade", h, None)?;
                }
            }
        }
        self.anchored = head;
        self.anchor = Some(anchor);
        Ok(adopted)
    }

    /// After a commit: write the head to the anchor if it moved. The write
    /// has landed whatever happens here; trouble is kept to be told.
    fn anchor_head(&mut self) {
        let Some(anchor) = &self.anchor else {
            return;
        };
        let head = match chain::head(&self.conn) {
            Ok(h) => h,
            Err(e) => {
                self.anchor_trouble = Some(e.to_string());
                return;
            }
        };
        if head == self.anchored {
            return;
        }
        if let Some(h) = &head {
            if let Err(e) = anchor.append("write", h, None) {
                self.anchor_trouble = Some(e.to_string());
                return;
            }
        }
        self.anchored = head;
    }

    /// After a deliberate restore from a backup: the head as it is now
    /// becomes the anchor's starting point (a `restart` line; the earlier
    /// lines stay in the file but no longer count). Returns that head.
    pub fn restart_anchor(&mut self) -> Result<Option<chain::Head>> {
        let Some(anchor) = &self.anchor else {
            return Err(StoreError::Rule(
                "no anchor is kept for this database here".into(),
            ));
        };
        let head = chain::head(&self.conn)?;
        if let Some(h) = &head {
            anchor.append("restart", h, None)?;
        }
        self.anchored = head.clone();
        Ok(head)
    }

    /// Why the head of a write that landed could not be anchored, once.
    pub fn take_anchor_trouble(&mut self) -> Option<String> {
        self.anchor_trouble.take()
    }

    /// The anchor this session keeps, if any.
    pub fn anchor(&self) -> Option<&anchor::Anchor> {
        self.anchor.as_ref()
    }

    /// Is the record what casework wrote? The audit chain, every signed
    /// note's and addendum's seal, and the anchor if one is kept. Empty when
    /// all is well.
    pub fn verify_record(&self) -> Result<Vec<String>> {
        verify::record_findings(&self.conn, self.anchor.as_ref())
    }

    /// Where the audit chain ends now.
    pub fn audit_head(&self) -> Result<Option<chain::Head>> {
        chain::head(&self.conn)
    }

    /// Begin the check that must pass before the first write, in the
    /// background, so that it is usually done before anything is typed.
    /// (Commands that only read never pay for it.)
    pub fn start_health_check(&mut self) {
        if self.health.is_none() {
            self.health = Some(health::Pending::start(&self.path, self.key.clone()));
        }
    }

    /// Start afresh: no write has met the lock yet.
    pub fn forget_lock(&mut self) {
        self.met_lock = false;
    }

    /// Did the last write give up because another session held the lock?
    pub fn met_lock(&self) -> bool {
        self.met_lock
    }

    /// How long a write waits for another session's lock before it gives
    /// up (the app waits little and retries, so the screen never freezes).
    pub fn set_lock_patience(&mut self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    pub fn caseload(&self) -> Result<Vec<ClientSummary>> {
        clients::caseload(&self.conn)
    }

    /// Everything about one client, read in one snapshot: another session
    /// writing meanwhile cannot leave it half old, half new.
    pub fn client_detail(&self, id: i64) -> Result<ClientDetail> {
        self.read(|| self.client_detail_now(id))
    }

    /// `f` in one read transaction, unless one is open already (an export
    /// reads every client in its own).
    pub fn read<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f();
        }
        let tx = self.conn.unchecked_transaction()?;
        let out = f()?;
        // Only reads happened: ending the snapshot cannot lose anything.
        tx.commit()?;
        Ok(out)
    }

    fn client_detail_now(&self, id: i64) -> Result<ClientDetail> {
        Ok(ClientDetail {
            client: clients::get(&self.conn, id)?,
            marks: stages::marks(&self.conn, id)?,
            history: stages::history(&self.conn, id)?,
            goals: goals::for_client(&self.conn, id)?,
            notes: notes::for_client(&self.conn, id)?,
            followups: followups::for_client(&self.conn, id)?,
            closures: closures::for_client(&self.conn, id)?,
            safety_plan: safety::get(&self.conn, id)?,
            measures: measures::for_client(&self.conn, id)?,
            gas_scales: gas::current_scales_of_client(&self.conn, id)?,
            gas_reviews: gas::reviews_of(&self.conn, id)?,
            corrections: record_edits::events(&self.conn, id)?,
        })
    }

    /// Changes whenever another connection commits (not for our own writes).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// One client's goals with their progress, whether or not on screen.
    pub fn goals_of(&self, client_id: i64) -> Result<Vec<crate::domain::Goal>> {
        goals::for_client(&self.conn, client_id)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(migrations::user_version(&self.conn)?)
    }
}

/// Make a directory private to the user (0700), with a notice if it was not.
pub fn tighten_dir(dir: &Path) -> Result<Option<String>> {
    open::tighten(dir, 0o700)
}

impl Store {
    /// Add a client in the Assessment stage, with the opening stage-history
    /// row and an audit row, in one transaction.
    pub fn add_client(
        &mut self,
        f: &clients::ClientFields,
        today: crate::domain::Date,
    ) -> Result<i64> {
        let at = codec::now();
        self.write(|tx| {
            let stage = crate::domain::Stage::Assessment;
            let id = clients::insert(tx, f, stage, false, &at)?;
            let entered_on = f.intake_date.unwrap_or(today);
            stages::insert_visit(
                tx,
                id,
                &StageVisit {
                    stage,
                    entered_on,
                    left_on: None,
                    reason: None,
                    summary: None,
                },
            )?;
            audit::record(
                tx,
                &at,
                &audit::AuditEntry::client("create", "client", id, id),
            )?;
            Ok(id)
        })
    }
}
