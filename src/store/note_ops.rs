//! Writing notes: each change is one transaction with its audit row.

use super::audit::{self, AuditEntry};
use super::codec::now;
use super::conflict::{self, NoteVersion};
use super::drafts::{self, Draft};
use super::error::{Result, StoreError};
use super::search::{self, SearchHit};
use super::{Store, chain, notes};
use crate::domain::note::Addendum;
use crate::domain::{Date, Note, NoteDefaults, NoteMeta, Stamp};

impl Store {
    /// Save a new note; the draft it came from goes in the same transaction.
    pub fn create_note(
        &mut self,
        client_id: i64,
        meta: &NoteMeta,
        body: &str,
        draft_id: Option<i64>,
    ) -> Result<i64> {
        let stamp = Stamp::now();
        let at = stamp.to_string();
        self.write(|tx| {
            let note = Note {
                id: 0,
                client_id,
                kind: meta.kind,
                format: meta.format,
                body: body.to_string(),
                techniques: meta.techniques.clone(),
                session_date: meta.session_date,
                session_time: meta.session_time.clone(),
                duration_min: meta.duration_min,
                goal_ids: meta.goal_ids.clone(),
                created_at: stamp.clone(),
                signed_at: None,
                addenda: Vec::new(),
                error: None,
            };
            let id = notes::insert(tx, &note)?;
            if let Some(d) = draft_id {
                drafts::delete(tx, d)?;
            }
            audit::record(
                tx,
                &at,
                &AuditEntry::client("create", "note", id, client_id),
            )?;
            Ok(id)
        })
    }

    /// New text and details for an unsigned note, over `base`: the details
    /// and text the editor opened with. If another session changed them
    /// since, nothing is written (`StoreError::Conflict`).
    pub fn update_note(
        &mut self,
        note_id: i64,
        meta: &NoteMeta,
        body: &str,
        base: &NoteVersion,
        draft_id: Option<i64>,
    ) -> Result<()> {
        let at = now();
        self.write(|tx| {
            let client = notes::client_of(tx, note_id)?
                .ok_or_else(|| StoreError::Invalid(format!("note {note_id} no longer exists")))?;
            conflict::check_note(tx, note_id, base)?;
            notes::update(tx, note_id, meta, body, &at)?;
            if let Some(d) = draft_id {
                drafts::delete(tx, d)?;
            }
            audit::record(
                tx,
                &at,
                &AuditEntry::client("update", "note", note_id, client),
            )
        })
    }

    /// Sign a note: from now on the database refuses any change to it.
    pub fn sign_note(&mut self, note_id: i64) -> Result<()> {
        let at = now();
        self.write(|tx| {
            let client = notes::client_of(tx, note_id)?
                .ok_or_else(|| StoreError::Invalid(format!("note {note_id} no longer exists")))?;
            if !notes::sign(tx, note_id, &at)? {
                return Err(StoreError::Invalid("this note is already signed".into()));
            }
            // What was signed goes into the chain: a later change shows.
            chain::seal_note(tx, &at, "sign", note_id, client)
        })
    }

    /// Append a correction to a note. Addenda are signed as they are written:
    /// they exist to correct a locked record and are locked themselves.
    pub fn add_addendum(&mut self, note_id: i64, body: &str, draft_id: Option<i64>) -> Result<i64> {
        let stamp = Stamp::now();
        let at = stamp.to_string();
        self.write(|tx| {
            let client = notes::client_of(tx, note_id)?
                .ok_or_else(|| StoreError::Invalid(format!("note {note_id} no longer exists")))?;
            let a = Addendum {
                id: 0,
                body: body.to_string(),
                created_at: stamp.clone(),
                signed_at: Some(stamp.clone()),
            };
            let id = notes::insert_addendum(tx, note_id, &a)?;
            if let Some(d) = draft_id {
                drafts::delete(tx, d)?;
            }
            chain::seal_addendum(tx, &at, "create", id, client)?;
            Ok(id)
        })
    }

    /// Write a draft; returns its id. Only its creation is audited: a draft is
    /// rewritten every second while typing goes on and is not a record (the
    /// note it becomes is).
    ///
    /// A draft belongs to the session that writes it: one that another live
    /// session holds is refused (`HeldElsewhere`) and nothing is written.
    pub fn save_draft(&mut self, d: &Draft) -> Result<i64> {
        let stamp = Stamp::now();
        let at = stamp.to_string();
        let me = self.session.key();
        let written = self.write(|tx| {
            if d.id != 0 {
                refuse_if_held_elsewhere(tx, d.id, &me)?;
            }
            let id = drafts::upsert(tx, d, &stamp)?;
            if drafts::holder(tx, id)?.is_none_or(|(owner, _)| owner != me) {
                drafts::set_holder(tx, id, Some((&me, &at)))?;
            }
            if id != d.id {
                audit::record(
                    tx,
                    &at,
                    &AuditEntry::client("create", "draft", id, d.client_id),
                )?;
            }
            Ok(id)
        });
        // Only a session that really holds a draft lets go of it at the end.
        self.held_drafts |= written.is_ok();
        written
    }

    /// Take a draft for this session to type into: refused while another
    /// live session holds it.
    pub fn claim_draft(&mut self, id: i64) -> Result<()> {
        let (at, me) = (now(), self.session.key());
        let claimed = self.write(|tx| {
            refuse_if_held_elsewhere(tx, id, &me)?;
            drafts::set_holder(tx, id, Some((&me, &at)))
        });
        self.held_drafts |= claimed.is_ok();
        claimed
    }

    /// Let go of a draft kept for later, so the next session may take it.
    pub fn release_draft(&mut self, id: i64) -> Result<()> {
        let me = self.session.key();
        self.write(|tx| match drafts::holder(tx, id)? {
            Some((owner, _)) if owner == me => drafts::set_holder(tx, id, None),
            _ => Ok(()),
        })
    }

    /// When another live session holds this draft: since when.
    pub fn draft_held_elsewhere(&self, id: i64) -> Result<Option<String>> {
        drafts::held_elsewhere(self.conn(), drafts::Kind::Note, id, &self.session.key())
    }

    pub fn discard_draft(&mut self, id: i64, client_id: i64) -> Result<()> {
        let at = now();
        let me = self.session.key();
        self.write(|tx| {
            refuse_if_held_elsewhere(tx, id, &me)?;
            drafts::delete(tx, id)?;
            audit::record(
                tx,
                &at,
                &AuditEntry::client("discard", "draft", id, client_id),
            )
        })
    }

    pub fn drafts(&self, today: Date) -> Result<Vec<Draft>> {
        drafts::all(self.conn(), today)
    }

    /// Details for a new note for `client_id`: from that client's last
    /// note, or `first` for their first; never another client's, never a
    /// crisis (see `NoteMeta::for_new_note`).
    pub fn note_defaults(
        &self,
        client_id: i64,
        today: Date,
        first: &NoteDefaults,
    ) -> Result<NoteMeta> {
        let last = notes::last_for_client(self.conn(), client_id)?;
        Ok(NoteMeta::for_new_note(today, last.as_ref(), first))
    }

    pub fn search_notes(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search::search(self.conn(), query, limit)
    }

    /// One page of a search (see [`search::search_page`]).
    pub fn search_page(
        &self,
        query: &str,
        scope: search::Scope,
        from: search::Cursor,
        limit: usize,
    ) -> Result<search::Page> {
        search::search_page(self.conn(), query, scope, from, limit)
    }

    /// How many notes and addenda match (see [`search::count`]).
    pub fn search_count(&self, query: &str, scope: search::Scope) -> Result<u64> {
        search::count(self.conn(), query, scope)
    }
}

/// Refuse to touch a draft another live session holds.
fn refuse_if_held_elsewhere(tx: &rusqlite::Connection, id: i64, me: &str) -> Result<()> {
    match drafts::held_elsewhere(tx, drafts::Kind::Note, id, me)? {
        Some(since) => Err(StoreError::HeldElsewhere { since }),
        None => Ok(()),
    }
}
