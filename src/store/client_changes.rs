//! Changes to a client's record after intake: edits, archiving, the crisis
//! flag and the safety plan. Each is one transaction with its audit row.

use super::audit::{self, AuditEntry};
use super::clients::{self, ClientFields, Flag};
use super::conflict::{self, RecordRef, Snapshot};
use super::error::{Result, StoreError};
use super::{Store, closures, codec, safety};
use crate::domain::agenda::DueItem;
use crate::domain::client::ClientSummary;
use crate::domain::closure::{Closure, ClosureEvent, ClosureReason, check_reason};
use crate::domain::safety::SafetyPlan;
use crate::domain::{Date, Stamp};

impl Store {
    /// Save edited client fields over `base`, the fields as the form showed
    /// them: if another session changed them since, nothing is written
    /// (`StoreError::Conflict`). Returns the names of the fields that
    /// changed (empty if nothing did; then nothing is written).
    pub fn update_client(
        &mut self,
        id: i64,
        f: &ClientFields,
        base: &ClientFields,
    ) -> Result<Vec<&'static str>> {
        let at = codec::now();
        self.write(|tx| {
            conflict::check(
                tx,
                RecordRef::Client(id),
                |now| matches!(now, Snapshot::Client(c) if conflict::same_client(c, base)),
            )?;
            let changed = clients::update(tx, id, f, &at)?;
            if changed.is_empty() {
                return Ok(changed);
            }
            let detail = format!("changed: {}", changed.join(", "));
            audit::record(
                tx,
                &at,
                &AuditEntry::client("update", "client", id, id).detail(&detail),
            )?;
            Ok(changed)
        })
    }

    /// Archive a client (hide from the caseload) or bring one back. Nothing
    /// is deleted: every record stays and exports still include it.
    pub fn set_archived(&mut self, id: i64, archived: bool) -> Result<()> {
        if archived {
            self.set_flag(id, Flag::Archived, true, "archive")
        } else {
            // Every restore records who (see `restore_client`).
            self.restore_client(id, None)
        }
    }

    /// Archive a client, saying why the case closed (`other` needs words):
    /// the flag, the closing and their audit rows land together. As
    /// `set_archived`, a client already archived is a conflict.
    pub fn archive_closing(
        &mut self,
        id: i64,
        reason: ClosureReason,
        note: Option<&str>,
        today: Date,
    ) -> Result<()> {
        let at = codec::now();
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        check_reason(reason, note).map_err(StoreError::Rule)?;
        self.write(|tx| {
            if !clients::set_flag(tx, id, Flag::Archived, true, &at)? {
                let now = clients::get(tx, id)?.archived;
                let when = conflict::client_changed_at(tx, id)?;
                return Err(conflict::conflict(
                    Snapshot::Flag(Flag::Archived, now),
                    when,
                ));
            }
            audit::record(tx, &at, &AuditEntry::client("archive", "client", id, id))?;
            let c = Closure {
                closed_on: today,
                event: ClosureEvent::Archive,
                reason,
                note: note.map(str::to_string),
            };
            let cid = closures::insert(tx, id, &c)?;
            let entry = AuditEntry::client("create", "closure", cid, id);
            audit::record(tx, &at, &entry.detail(&closures::detail(&c)))
        })
    }

    /// Raise or clear the crisis flag.
    pub fn set_crisis(&mut self, id: i64, crisis: bool) -> Result<()> {
        let action = if crisis { "crisis_on" } else { "crisis_off" };
        self.set_flag(id, Flag::Crisis, crisis, action)
    }

    /// A flag is set from a screen that showed it the other way, so a flag
    /// that is already so was changed by another session: a conflict.
    fn set_flag(&mut self, id: i64, flag: Flag, on: bool, action: &str) -> Result<()> {
        let at = codec::now();
        self.write(|tx| {
            if clients::set_flag(tx, id, flag, on, &at)? {
                audit::record(tx, &at, &AuditEntry::client(action, "client", id, id))?;
                Ok(())
            } else {
                // Already so, or no such client (`get` says so).
                let c = clients::get(tx, id)?;
                let now = match flag {
                    Flag::Crisis => c.crisis,
                    Flag::Archived => c.archived,
                };
                let when = conflict::client_changed_at(tx, id)?;
                Err(conflict::conflict(Snapshot::Flag(flag, now), when))
            }
        })
    }

    pub fn safety_plan(&self, client_id: i64) -> Result<Option<SafetyPlan>> {
        safety::get(self.conn(), client_id)
    }

    /// Save the whole safety plan over `base`, the plan as the form showed
    /// it (empty parts if there was none): if another session changed it
    /// since, nothing is written (`StoreError::Conflict`).
    pub fn save_safety_plan(
        &mut self,
        client_id: i64,
        plan: &SafetyPlan,
        base: &SafetyPlan,
    ) -> Result<()> {
        let stamp = Stamp::now();
        let at = stamp.to_string();
        self.write(|tx| {
            conflict::check(
                tx,
                RecordRef::SafetyPlan(client_id),
                |now| matches!(now, Snapshot::SafetyPlan(p) if conflict::same_plan(p, base)),
            )?;
            let existed = safety::get(tx, client_id)?.is_some();
            safety::put(tx, client_id, plan, &stamp)?;
            let action = if existed { "update" } else { "create" };
            audit::record(
                tx,
                &at,
                &AuditEntry::client(action, "safety_plan", client_id, client_id),
            )
        })
    }

    /// The caseload rows, with archived clients if asked for.
    pub fn caseload_rows(&self, include_archived: bool) -> Result<Vec<ClientSummary>> {
        clients::summaries(self.conn(), include_archived)
    }

    /// The clients that can be on the caseload's first screen in urgency
    /// order (see `clients::first_by_urgency`).
    pub fn caseload_first_rows(&self, n: usize) -> Result<Vec<ClientSummary>> {
        clients::first_by_urgency(self.conn(), n)
    }

    /// How many clients are archived.
    pub fn archived_count(&self) -> Result<usize> {
        let n: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM clients WHERE archived = 1", [], |r| {
                    r.get(0)
                })?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Whether any note or form draft is in the file.
    pub fn has_drafts(&self) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM drafts) OR EXISTS (SELECT 1 FROM form_drafts)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Clients not archived: how many, in crisis, overdue on `today`.
    pub fn caseload_title_counts(&self, today: Date) -> Result<(usize, usize, usize)> {
        clients::title_counts(self.conn(), today)
    }

    /// Open dated items due on or before `until`, for the day's agenda.
    pub fn due_items(&self, until: Date) -> Result<Vec<DueItem>> {
        super::agenda::due_items(self.conn(), until)
    }

    /// Open dated items before `today`, and from `today` to `until`.
    pub fn due_counts(&self, today: Date, until: Date) -> Result<(usize, usize)> {
        super::agenda::due_counts(self.conn(), today, until)
    }
}
