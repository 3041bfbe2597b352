//! Saves that apply only to what the user saw. Two sessions may have one
//! file open (two SSH logins); each change made from a screen carries the
//! record as that screen showed it (the base), and inside the write
//! transaction the store compares it with the row as it is now. If another
//! session changed the row meanwhile, nothing is written and the caller
//! gets [`Conflict`]: what is there now ("theirs") and when it changed.
//!
//! Content is compared, not version numbers, so the schema is unchanged.
//! Text is compared as forms save it (trimmed, empty the same as none), so
//! a record with a stray space never looks changed when it is not.

use super::clients::{self, ClientFields, Flag};
use super::codec::{col_enum, enum_key, opt_date};
use super::error::{Result, StoreError};
use super::{Store, goals, notes, safety};
use crate::domain::safety::SafetyPlan;
use crate::domain::{Date, Goal, NoteMeta, PlanStep, Referral, ReferralStatus, Stage};
use rusqlite::{Connection, OptionalExtension, params};

/// Another session changed a record after the user saw it: nothing was
/// written. Carries the record as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub theirs: Snapshot,
    /// When it last changed (UTC, RFC 3339, as stored): the row's
    /// `updated_at`, or the audit trail's last entry for rows without one.
    pub changed_at: Option<String>,
}

/// What one record holds now, as far as a person edits it.
#[derive(Debug, Clone, PartialEq)]
pub enum Snapshot {
    Client(ClientFields),
    Note(NoteVersion),
    Goal(Goal),
    Step(PlanStep),
    Referral(Referral),
    /// The client's safety plan (empty parts if there is none).
    SafetyPlan(SafetyPlan),
    /// A checklist item's done date, `None` while open.
    Item(Option<Date>),
    /// A plan step's done date, `None` while open.
    StepDone(Option<Date>),
    /// The stage the case is in.
    Stage(Stage),
    /// A client's crisis or archived flag.
    Flag(Flag, bool),
}

impl Snapshot {
    /// The kind of record, in words.
    pub fn what(&self) -> &'static str {
        match self {
            Snapshot::Client(_) => "client",
            Snapshot::Note(_) => "note",
            Snapshot::Goal(_) => "goal",
            Snapshot::Step(_) | Snapshot::StepDone(_) => "plan step",
            Snapshot::Referral(_) => "referral",
            Snapshot::SafetyPlan(_) => "safety plan",
            Snapshot::Item(_) => "checklist item",
            Snapshot::Stage(_) => "stage",
            Snapshot::Flag(Flag::Crisis, _) => "crisis flag",
            Snapshot::Flag(Flag::Archived, _) => "archive flag",
        }
    }
}

/// An unsigned note's details and text: what an editor opened with.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteVersion {
    pub meta: NoteMeta,
    pub body: String,
}

/// A record that a form or the editor changes, for [`Store::latest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRef {
    Client(i64),
    Note(i64),
    Goal(i64),
    Step(i64),
    Referral(i64),
    /// The safety plan of this client.
    SafetyPlan(i64),
}

impl Store {
    /// A record as it is now and when it last changed: the shape a conflict
    /// reports, for a change whose base was not kept (see `app::form_drafts`).
    pub fn latest(&self, r: RecordRef) -> Result<Conflict> {
        latest(self.conn(), r)
    }
}

impl Store {
    /// Was this note saved after this draft was last written? (Both times
    /// as stored, UTC RFC 3339 to the second, so text order is time order.)
    pub fn note_saved_after_draft(&self, note_id: i64, draft_id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT n.updated_at > d.updated_at FROM notes n, drafts d
                 WHERE n.id = ?1 AND d.id = ?2",
            )?
            .query_row([note_id, draft_id], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }
}

pub(super) fn latest(conn: &Connection, r: RecordRef) -> Result<Conflict> {
    let theirs = match r {
        RecordRef::Client(id) => Snapshot::Client(ClientFields::of(&clients::get(conn, id)?)),
        RecordRef::Note(id) => Snapshot::Note(note(conn, id)?.0),
        RecordRef::Goal(id) => Snapshot::Goal(goal(conn, id)?),
        RecordRef::Step(id) => Snapshot::Step(step(conn, id)?),
        RecordRef::Referral(id) => Snapshot::Referral(referral(conn, id)?),
        RecordRef::SafetyPlan(c) => Snapshot::SafetyPlan(plan(conn, c)?),
    };
    let changed_at = match r {
        RecordRef::Client(id) => updated_at(conn, "clients", "id", id)?,
        RecordRef::Note(id) => updated_at(conn, "notes", "id", id)?,
        RecordRef::Goal(id) => updated_at(conn, "goals", "id", id)?,
        RecordRef::Step(id) => audited_at(conn, "plan_step", id)?,
        RecordRef::Referral(id) => audited_at(conn, "referral", id)?,
        RecordRef::SafetyPlan(c) => updated_at(conn, "safety_plans", "client_id", c)?,
    };
    Ok(Conflict { theirs, changed_at })
}

/// Refuse with the record as it is now when `same` says the base is stale.
pub(super) fn check(
    conn: &Connection,
    r: RecordRef,
    same: impl FnOnce(&Snapshot) -> bool,
) -> Result<()> {
    let now = latest(conn, r)?;
    if same(&now.theirs) {
        Ok(())
    } else {
        Err(StoreError::Conflict(Box::new(now)))
    }
}

/// An unsigned note still as the editor opened it? A note signed since
/// is refused outright: signed notes are locked, whoever signed them.
pub(super) fn check_note(conn: &Connection, id: i64, base: &NoteVersion) -> Result<()> {
    let (now, signed) = note(conn, id)?;
    if signed {
        return Err(StoreError::Rule(
            "another session signed this note since you opened it, so it is locked; \
             corrections go in an addendum"
                .into(),
        ));
    }
    if same_note(&now, base) {
        Ok(())
    } else {
        let changed_at = updated_at(conn, "notes", "id", id)?;
        Err(conflict(Snapshot::Note(now), changed_at))
    }
}

pub(super) fn conflict(theirs: Snapshot, changed_at: Option<String>) -> StoreError {
    StoreError::Conflict(Box::new(Conflict { theirs, changed_at }))
}

// ---- reading the current row -------------------------------------------

fn updated_at(conn: &Connection, table: &str, key: &str, id: i64) -> Result<Option<String>> {
    // `table` and `key` are names from this file, never user input.
    let sql = format!("SELECT updated_at FROM {table} WHERE {key} = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The last audit entry for a row of `entity`.
pub(super) fn audited_at(conn: &Connection, entity: &str, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT max(at) FROM audit WHERE entity = ?1 AND entity_id = ?2")?
        .query_row(params![entity, id], |r| r.get(0))?)
}

/// The last audit entry for one checklist item of a client.
pub(super) fn item_audited_at(
    conn: &Connection,
    client_id: i64,
    detail: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(at) FROM audit
             WHERE entity = 'checklist_item' AND client_id = ?1 AND detail = ?2",
        )?
        .query_row(params![client_id, detail], |r| r.get(0))?)
}

pub(super) fn client_changed_at(conn: &Connection, id: i64) -> Result<Option<String>> {
    updated_at(conn, "clients", "id", id)
}

/// A note's details and text now, and whether it is signed.
pub(super) fn note(conn: &Connection, id: i64) -> Result<(NoteVersion, bool)> {
    let Some(n) = notes::get(conn, id)? else {
        return Err(StoreError::Invalid(format!("note {id} no longer exists")));
    };
    let meta = NoteMeta {
        kind: n.kind,
        format: n.format,
        session_date: n.session_date,
        session_time: n.session_time,
        duration_min: n.duration_min,
        techniques: n.techniques,
        goal_ids: n.goal_ids,
    };
    let signed = n.signed_at.is_some();
    Ok((NoteVersion { meta, body: n.body }, signed))
}

fn goal(conn: &Connection, id: i64) -> Result<Goal> {
    let client = goals::client_of(conn, id)?;
    goals::for_client(conn, client)?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| StoreError::Invalid(format!("goal {id} does not exist")))
}

pub(super) fn step(conn: &Connection, id: i64) -> Result<PlanStep> {
    let goal = goals::goal_of_step(conn, id)?;
    goals::steps(conn, goal)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| StoreError::Invalid(format!("plan step {id} does not exist")))
}

fn referral(conn: &Connection, id: i64) -> Result<Referral> {
    type Row = (i64, Option<i64>, String, Option<String>, String, String);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT client_id, goal_id, agency, contact, status, created_on
             FROM referrals WHERE id = ?1",
        )?
        .query_row([id], |r| Row::try_from(r))
        .optional()?;
    let Some((client_id, goal_id, agency, contact, status, created_on)) = row else {
        return Err(StoreError::Invalid(format!("referral {id} does not exist")));
    };
    Ok(Referral {
        id,
        client_id,
        goal_id,
        agency,
        contact,
        status: enum_key(&status, "referral status", ReferralStatus::from_key)?,
        created_on: super::codec::date(&created_on)?,
        // Not part of what a referral form changes.
        error: None,
    })
}

fn plan(conn: &Connection, client_id: i64) -> Result<SafetyPlan> {
    Ok(safety::get(conn, client_id)?.unwrap_or_default())
}

/// A checklist item's done date now.
pub(super) fn item_done(
    conn: &Connection,
    client_id: i64,
    stage: Stage,
    key: &str,
) -> Result<Option<Date>> {
    // Only columns every schema version has: an upgrade step reads this too.
    let done: Option<Option<String>> = conn
        .prepare_cached(
            "SELECT done_on FROM checklist_state
             WHERE client_id = ?1 AND stage = ?2 AND item_key = ?3",
        )?
        .query_row(params![client_id, stage.key(), key], |r| r.get(0))
        .optional()?;
    opt_date(done.flatten())
}

/// The stage a case is in now.
pub(super) fn stage_of(conn: &Connection, client_id: i64) -> Result<Stage> {
    Ok(conn
        .prepare_cached("SELECT stage FROM clients WHERE id = ?1")?
        .query_row([client_id], |r| col_enum(r, 0, "stage", Stage::from_key))?)
}

/// A plan step's done date now.
pub(super) fn step_done(conn: &Connection, step_id: i64) -> Result<Option<Date>> {
    let done: Option<Option<String>> = conn
        .prepare_cached("SELECT done_on FROM plan_steps WHERE id = ?1")?
        .query_row([step_id], |r| r.get(0))
        .optional()?;
    match done {
        Some(d) => opt_date(d),
        None => Err(StoreError::Invalid(format!(
            "plan step {step_id} does not exist"
        ))),
    }
}

// ---- comparing as forms save -------------------------------------------

fn text(s: &str) -> &str {
    s.trim()
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The same client fields, as the edit form would save them?
pub fn same_client(a: &ClientFields, b: &ClientFields) -> bool {
    text(&a.name) == text(&b.name)
        && opt(&a.preferred_name) == opt(&b.preferred_name)
        && opt(&a.pronouns) == opt(&b.pronouns)
        && a.date_of_birth == b.date_of_birth
        && opt(&a.contact) == opt(&b.contact)
        && opt(&a.referral_source) == opt(&b.referral_source)
        && a.intake_date == b.intake_date
        && a.next_contact == b.next_contact
        && a.case_review == b.case_review
        && a.risk_level == b.risk_level
}

/// The same note details and text? Techniques and goals as sets; trailing
/// blank lines do not count (saves trim them).
pub fn same_note(a: &NoteVersion, b: &NoteVersion) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    let ids = |v: &[i64]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    let (m, n) = (&a.meta, &b.meta);
    m.kind == n.kind
        && m.format == n.format
        && m.session_date == n.session_date
        && opt(&m.session_time) == opt(&n.session_time)
        && m.duration_min == n.duration_min
        && sorted(&m.techniques) == sorted(&n.techniques)
        && ids(&m.goal_ids) == ids(&n.goal_ids)
        && a.body.trim_end() == b.body.trim_end()
}

/// The same goal wording, numbers, date and status (progress is only ever
/// added to, so it is not part of an edit).
pub fn same_goal(a: &Goal, b: &Goal) -> bool {
    text(&a.client_words) == text(&b.client_words)
        && opt(&a.smart) == opt(&b.smart)
        && opt(&a.measure) == opt(&b.measure)
        && opt(&a.unit) == opt(&b.unit)
        && a.baseline == b.baseline
        && a.target == b.target
        && a.due == b.due
        && a.status == b.status
        && a.range_min == b.range_min
        && a.range_max == b.range_max
}

pub fn same_step(a: &PlanStep, b: &PlanStep) -> bool {
    text(&a.description) == text(&b.description)
        && a.who == b.who
        && opt(&a.who_detail) == opt(&b.who_detail)
        && a.due == b.due
        && a.done_on == b.done_on
}

pub fn same_referral(a: &Referral, b: &Referral) -> bool {
    text(&a.agency) == text(&b.agency) && opt(&a.contact) == opt(&b.contact) && a.status == b.status
}

/// The same five parts (when it was saved does not count).
pub fn same_plan(a: &SafetyPlan, b: &SafetyPlan) -> bool {
    a.parts()
        .iter()
        .zip(b.parts())
        .all(|((_, _, x), (_, _, y))| x.trim() == y.trim())
}
