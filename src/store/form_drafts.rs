//! Unsaved form typing. A row exists from a second after the first typing
//! into a form until the form is saved or deliberately discarded, so that a
//! dropped link, a kill or a crash costs at most the last second of typing.
//! The body is opaque here: the app decides what a form looks like.

use super::Store;
use super::audit::{self, AuditEntry};
use super::codec::now;
use super::drafts::{Kind, held_elsewhere, holder_of, set_holder_of};
use super::error::Result;
use crate::domain::Stamp;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct FormDraft {
    /// 0 until first written.
    pub id: i64,
    /// The client selected when the form was typed in, if any.
    pub client_id: Option<i64>,
    pub body: String,
    /// When it was last written; `None` until then.
    pub updated_at: Option<Stamp>,
}

/// Records a form can be about, for checking that a draft's target is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Client,
    Goal,
    PlanStep,
    Referral,
}

impl Record {
    fn table(self) -> &'static str {
        match self {
            Record::Client => "clients",
            Record::Goal => "goals",
            Record::PlanStep => "plan_steps",
            Record::Referral => "referrals",
        }
    }
}

fn audit_entry(action: &'static str, id: i64, client_id: Option<i64>) -> AuditEntry<'static> {
    AuditEntry {
        action,
        entity: "form_draft",
        entity_id: Some(id),
        client_id,
        detail: "",
        seal: None,
    }
}

impl Store {
    /// Write a form draft; returns its id. Only creation is audited, as for
    /// note drafts: the draft is rewritten every second while typing goes on.
    ///
    /// A form draft another live session holds is never written: this
    /// session's typing goes into a row of its own instead.
    pub fn save_form_draft(&mut self, d: &FormDraft) -> Result<i64> {
        let at = now();
        let me = self.session.key();
        let written = self.write(|tx| {
            let theirs = d.id != 0 && held_elsewhere(tx, Kind::Form, d.id, &me)?.is_some();
            if d.id != 0 && !theirs {
                let n = tx
                    .prepare_cached(
                        "UPDATE form_drafts SET client_id = ?1, body = ?2, updated_at = ?3
                         WHERE id = ?4",
                    )?
                    .execute(params![d.client_id, d.body, at, d.id])?;
                if n == 1 {
                    if holder_of(tx, Kind::Form, d.id)?.is_none_or(|(o, _)| o != me) {
                        set_holder_of(tx, Kind::Form, d.id, Some((&me, &at)))?;
                    }
                    return Ok(d.id);
                }
                // The row is gone (another instance discarded it): keep the
                // words anyway, in a new row.
            }
            tx.prepare_cached(
                "INSERT INTO form_drafts (client_id, body, updated_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![d.client_id, d.body, at])?;
            let id = tx.last_insert_rowid();
            set_holder_of(tx, Kind::Form, id, Some((&me, &at)))?;
            audit::record(tx, &at, &audit_entry("create", id, d.client_id))?;
            Ok(id)
        });
        self.held_drafts |= written.is_ok();
        written
    }

    /// Remove a form draft: its form was saved or deliberately discarded.
    /// One another live session holds stays with it.
    pub fn discard_form_draft(&mut self, id: i64) -> Result<()> {
        let at = now();
        let me = self.session.key();
        self.write(|tx| match held_elsewhere(tx, Kind::Form, id, &me)? {
            Some(_) => Ok(()),
            None => discard_in(tx, id, &at),
        })
    }

    /// Let go of a form draft this session holds but does not show.
    pub fn release_form_draft(&mut self, id: i64) -> Result<()> {
        let me = self.session.key();
        self.write(|tx| match holder_of(tx, Kind::Form, id)? {
            Some((owner, _)) if owner == me => set_holder_of(tx, Kind::Form, id, None),
            _ => Ok(()),
        })
    }

    /// Take a form draft for this session (when its form reopens here):
    /// refused while another live session holds it.
    pub fn claim_form_draft(&mut self, id: i64) -> Result<()> {
        let (at, me) = (now(), self.session.key());
        let claimed = self.write(|tx| match held_elsewhere(tx, Kind::Form, id, &me)? {
            Some(since) => Err(super::StoreError::HeldElsewhere { since }),
            None => set_holder_of(tx, Kind::Form, id, Some((&me, &at))),
        });
        self.held_drafts |= claimed.is_ok();
        claimed
    }

    /// Every form draft, most recently written first.
    pub fn form_drafts(&self) -> Result<Vec<FormDraft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, client_id, body, updated_at FROM form_drafts
             ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| <(i64, Option<i64>, String, Stamp)>::try_from(r))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, client_id, body, updated_at) = row?;
            out.push(FormDraft {
                id,
                client_id,
                body,
                updated_at: Some(updated_at),
            });
        }
        Ok(out)
    }

    /// Is there a row of this kind with this id?
    pub fn record_exists(&self, record: Record, id: i64) -> Result<bool> {
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", record.table());
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// Delete a form draft (if still there) with its audit row, inside `tx`.
pub(super) fn discard_in(tx: &rusqlite::Connection, id: i64, at: &str) -> Result<()> {
    let client: Option<Option<i64>> = tx
        .prepare_cached("SELECT client_id FROM form_drafts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(client) = client else {
        return Ok(());
    };
    tx.prepare_cached("DELETE FROM form_drafts WHERE id = ?1")?
        .execute([id])?;
    audit::record(tx, at, &audit_entry("discard", id, client))
}
