//! Writing imported records: a CSV roster, or a whole JSON export into an
//! empty database. Each import is one transaction: all of it or none of it.

use super::audit_exchange::AuditRowExport;
use super::chain::Head;
use super::codec::{self, now};
use super::error::{Result, StoreError};
use super::export::{
    ChecklistExport, ClientExport, ClosureExport, EarlierChecklistExport, Export, FollowupExport,
    GoalExport, NoteExport, ProgressExport, ReferralExport, SafetyPlanExport, StageVisitExport,
    StepExport,
};
use super::stages::StageVisit;
use super::{Store, audit, clients, followups, goals, notes, stages};
use crate::domain::Stamp;
use crate::domain::note::Addendum;
use crate::domain::{
    Date, Goal, GoalStatus, Note, NoteFormat, NoteKind, Progress, RatedBy, RiskLevel, Stage,
};
use rusqlite::Connection;

/// A problem in the file, at its place there (see [`super::import_check`]).
fn bad(path: String, what: impl std::fmt::Display) -> StoreError {
    StoreError::InFile {
        at: path,
        problem: what.to_string(),
    }
}

impl Store {
    /// Restore a whole export into this database, which must be empty, so
    /// that exporting again gives the same document.
    pub fn import_export(&mut self, doc: &Export) -> Result<usize> {
        super::import_check::check(doc)?;
        for (i, c) in doc.clients.iter().enumerate() {
            oversized(c, &format!("clients[{i}]"))?;
        }
        self.refuse_unless_empty()?;
        self.write(|tx| {
            let mut import = Importer::new(tx)?;
            // The exported trail first: the import is appended to it.
            if let Some(t) = &doc.audit {
                import.trail_start(&t.scope, t.head.clone())?;
                for (i, r) in t.rows.iter().enumerate() {
                    import.trail_row(i, r)?;
                }
                import.trail_end()?;
            }
            for (i, c) in doc.clients.iter().enumerate() {
                import.client(i, c)?;
            }
            import.finish()
        })
    }

    /// A full export goes only into a database with no clients.
    pub(super) fn refuse_unless_empty(&self) -> Result<()> {
        if !self.caseload()?.is_empty() || !clients::all_ids(self.conn())?.is_empty() {
            return Err(StoreError::refused(
                self.path(),
                "already holds clients; import a full export only into an empty database",
            ));
        }
        Ok(())
    }
}

/// Writing an export into the database, in the file's order: the trail
/// (if any), then each client, then the seals checked. The same steps
/// whether the document is in memory or read from a file a client at a
/// time.
pub(super) struct Importer<'t> {
    tx: &'t Connection,
    /// The search indexes' triggers, as they were made (see [`Importer::new`]).
    index_triggers: Vec<String>,
    at: String,
    trail: Option<super::audit_exchange::Restore>,
    count: usize,
}

/// The triggers that keep the search indexes up to date as notes and
/// addenda are written.
const INDEX_TRIGGERS: [&str; 6] = [
    "notes_fts_insert",
    "notes_fts_delete",
    "notes_fts_update",
    "addenda_fts_insert",
    "addenda_fts_delete",
    "addenda_fts_update",
];

/// The search indexes, built from their notes and addenda.
const INDEXES: [&str; 2] = ["notes_fts", "addenda_fts"];

impl<'t> Importer<'t> {
    /// The search indexes are built once at the end, not note by note:
    /// notes come in the file's order, not by id, and FTS5 writes a piece
    /// of index for each note that comes after one with a higher id, then
    /// merges the pieces, which was most of an import's time. Their
    /// triggers are dropped until then (all in the import's transaction)
    /// and made again from their own text.
    pub(super) fn new(tx: &'t Connection) -> Result<Importer<'t>> {
        let mut index_triggers = Vec::new();
        for name in INDEX_TRIGGERS {
            let sql: String = tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
            index_triggers.push(sql);
        }
        Ok(Importer {
            tx,
            index_triggers,
            at: now(),
            trail: None,
            count: 0,
        })
    }

    pub(super) fn trail_start(&mut self, scope: &str, head: Option<Head>) -> Result<()> {
        self.trail = Some(super::audit_exchange::Restore::start(self.tx, scope, head)?);
        Ok(())
    }

    pub(super) fn trail_row(&mut self, i: usize, r: &AuditRowExport) -> Result<()> {
        match &mut self.trail {
            Some(t) => t.row(self.tx, i, r),
            None => Err(bad(format!("audit.rows[{i}]"), "comes before audit.scope")),
        }
    }

    pub(super) fn trail_end(&mut self) -> Result<()> {
        self.trail.as_ref().map_or(Ok(()), |t| t.end())
    }

    /// One client (the `i`th in the file) and everything under it, with an
    /// audit row saying it was imported.
    pub(super) fn client(&mut self, i: usize, c: &ClientExport) -> Result<()> {
        let p = format!("clients[{i}]");
        if let Some(t) = &self.trail {
            super::audit_exchange::client_seals(self.tx, c, &p, t.before)?;
        }
        import_client(self.tx, c, &p)?;
        let entry = audit::AuditEntry::client("import", "client", c.id, c.id);
        audit::record(self.tx, &self.at, &entry.detail("json"))?;
        self.count += 1;
        Ok(())
    }

    /// Seal what a format-1 file could not, and check every seal.
    pub(super) fn finish(self) -> Result<usize> {
        super::audit_exchange::finish(self.tx, &self.at)?;
        for sql in &self.index_triggers {
            self.tx.execute_batch(sql)?;
        }
        // The database held no notes before: the indexes hold exactly the
        // imported ones, as the triggers would have made them.
        for table in INDEXES {
            self.tx.execute(
                &format!("INSERT INTO {table}({table}) VALUES ('rebuild')"),
                [],
            )?;
        }
        Ok(self.count)
    }
}

/// The longest text an import accepts: a note's body may be long, any other
/// field is a line or a paragraph. A file beyond that is hostile or broken.
const MAX_BODY: usize = 1 << 20;
const MAX_TEXT: usize = 64 << 10;

/// Find the first text in a client's record that is too long, by its path.
pub(super) fn oversized(c: &ClientExport, p: &str) -> Result<()> {
    fn walk(v: &serde_json::Value, path: &str, key: &str) -> Result<()> {
        match v {
            serde_json::Value::String(s) => {
                let max = if key == "body" { MAX_BODY } else { MAX_TEXT };
                if s.len() > max {
                    return Err(bad(
                        path.to_string(),
                        format!("{} bytes is longer than allowed ({max})", s.len()),
                    ));
                }
                Ok(())
            }
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, x)| walk(x, &format!("{path}[{i}]"), key)),
            serde_json::Value::Object(map) => map
                .iter()
                .try_for_each(|(k, x)| walk(x, &format!("{path}.{k}"), k)),
            _ => Ok(()),
        }
    }
    let value = serde_json::to_value(c).map_err(|e| bad(p.to_string(), e))?;
    walk(&value, p, "")
}

fn date(path: &str, s: &str) -> Result<Date> {
    codec::date(s).map_err(|_| {
        bad(
            path.to_string(),
            format!("{s:?} is not a date (YYYY-MM-DD)"),
        )
    })
}

fn opt_date(path: &str, s: &Option<String>) -> Result<Option<Date>> {
    s.as_deref().map(|s| date(path, s)).transpose()
}

fn key<T>(path: &str, s: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(s).ok_or_else(|| bad(path.to_string(), format!("unknown value {s:?}")))
}

/// One client and everything under it, each part checked as it is written;
/// the first bad value fails the whole import with its path.
fn import_client(tx: &Connection, c: &ClientExport, p: &str) -> Result<()> {
    let (stage, fields) = client_fields(c, p)?;
    let at = now();
    let new_id = clients::insert(tx, &fields, stage, c.crisis, &at)?;
    // Keep the exported id so references and a second export line up.
    tx.execute(
        "UPDATE clients SET id = ?1, archived = ?2 WHERE id = ?3",
        rusqlite::params![c.id, c.archived, new_id],
    )?;
    let id = c.id;

    import_stage_history(tx, id, &c.stage_history, p)?;
    import_earlier_checklists(tx, id, &c.earlier_checklists, p)?;
    if let Some(plan) = &c.safety_plan {
        import_safety_plan(tx, id, plan)?;
    }
    import_followups(tx, id, &c.followups, p)?;
    import_closures(tx, id, &c.closures, p)?;
    import_checklist(tx, id, &c.checklist, p)?;
    for (i, g) in c.goals.iter().enumerate() {
        import_goal(tx, id, g, &format!("{p}.goals[{i}]"), &at)?;
    }
    for (i, m) in c.measures.iter().enumerate() {
        let mp = format!("{p}.measures[{i}]");
        let r = crate::domain::measure::Response {
            id: 0,
            client_id: id,
            instrument: m.instrument.clone(),
            taken_on: date(&format!("{mp}.date"), &m.date)?,
            items: m.items.clone(),
            total: m.total,
            band: m.band.clone(),
            flags: m.flags.clone(),
            recorded_by: m.recorded_by.clone(),
            created_at: m.created_at.clone(),
            error: m.entered_in_error.clone(),
        };
        super::measures::insert(tx, &r, &at)?;
    }
    for (i, r) in c.gas_reviews.iter().enumerate() {
        import_gas_review(tx, id, r, &format!("{p}.gas_reviews[{i}]"), &at)?;
    }
    for (i, n) in c.notes.iter().enumerate() {
        import_note(tx, id, n, format!("{p}.notes[{i}]"))?;
    }
    Ok(())
}

/// A review as it was saved: its levels and its T-score as computed then.
fn import_gas_review(
    tx: &Connection,
    id: i64,
    r: &super::export::GasReviewExport,
    rp: &str,
    at: &str,
) -> Result<()> {
    use crate::domain::gas_record::{GasLevel, GasReview};
    let review = GasReview {
        id: 0,
        client_id: id,
        reviewed_on: date(&format!("{rp}.date"), &r.date)?,
        levels: r
            .levels
            .iter()
            .map(|l| GasLevel {
                goal_id: l.goal_id,
                level: l.level,
                weight: l.weight,
            })
            .collect(),
        t_score: r.t_score,
        recorded_by: r.recorded_by.clone(),
        created_at: r.created_at.clone(),
        error: r.entered_in_error.clone(),
    };
    super::gas::insert_review(tx, &review, at).map_err(|e| bad(rp.to_string(), e.to_string()))?;
    Ok(())
}

/// The client's own row, checked: known stage and risk level, real dates, a name.
fn client_fields(c: &ClientExport, p: &str) -> Result<(Stage, clients::ClientFields)> {
    let stage = key(&format!("{p}.stage"), &c.stage, Stage::from_key)?;
    let fields = clients::ClientFields {
        name: c.name.clone(),
        preferred_name: c.preferred_name.clone(),
        pronouns: c.pronouns.clone(),
        date_of_birth: opt_date(&format!("{p}.date_of_birth"), &c.date_of_birth)?,
        contact: c.contact.clone(),
        referral_source: c.referral_source.clone(),
        intake_date: opt_date(&format!("{p}.intake_date"), &c.intake_date)?,
        next_contact: opt_date(&format!("{p}.next_contact"), &c.next_contact)?,
        case_review: opt_date(&format!("{p}.case_review"), &c.case_review)?,
        risk_level: key(
            &format!("{p}.risk_level"),
            &c.risk_level,
            RiskLevel::from_key,
        )?,
    };
    if fields.name.trim().is_empty() {
        return Err(bad(format!("{p}.name"), "empty"));
    }
    Ok((stage, fields))
}

fn import_stage_history(
    tx: &Connection,
    id: i64,
    history: &[StageVisitExport],
    p: &str,
) -> Result<()> {
    for (i, v) in history.iter().enumerate() {
        let vp = format!("{p}.stage_history[{i}]");
        let visit = StageVisit {
            stage: key(&format!("{vp}.stage"), &v.stage, Stage::from_key)?,
            entered_on: date(&format!("{vp}.entered_on"), &v.entered_on)?,
            left_on: opt_date(&format!("{vp}.left_on"), &v.left_on)?,
            reason: v.reason.clone(),
            summary: v.summary.clone(),
        };
        stages::insert_visit(tx, id, &visit)?;
    }
    Ok(())
}

/// Checklists of earlier cycles go back as they were stored: straight into
/// their table, whatever the template says today.
fn import_earlier_checklists(
    tx: &Connection,
    id: i64,
    earlier: &[EarlierChecklistExport],
    p: &str,
) -> Result<()> {
    for (i, past) in earlier.iter().enumerate() {
        let pp = format!("{p}.earlier_checklists[{i}]");
        let reopened_on = date(&format!("{pp}.reopened_on"), &past.reopened_on)?;
        for (j, item) in past.items.iter().enumerate() {
            let ip = format!("{pp}.items[{j}]");
            let item_stage = key(&format!("{ip}.stage"), &item.stage, Stage::from_key)?;
            let done_on = opt_date(&format!("{ip}.done_on"), &item.done_on)?;
            let e = item.entered_in_error.as_ref();
            tx.execute(
                "INSERT INTO checklist_past (client_id, reopened_on, stage, item_key, done_on, note,
                    error_at, error_by, error_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params![id, reopened_on.to_string(), item_stage.key(), item.key, codec::date_text(done_on), item.note,
                    e.map(|e| &e.at), e.map(|e| &e.by), e.map(|e| &e.reason)],
            )?;
        }
    }
    Ok(())
}

/// The plan keeps its exported `updated_at`, not the time of the import.
fn import_safety_plan(tx: &Connection, id: i64, plan: &SafetyPlanExport) -> Result<()> {
    let sp = crate::domain::safety::SafetyPlan {
        warning_signs: plan.warning_signs.clone(),
        coping: plan.coping.clone(),
        supports: plan.supports.clone(),
        professionals: plan.professionals.clone(),
        safe_environment: plan.safe_environment.clone(),
        updated_at: Some(Stamp::parse(&plan.updated_at)),
    };
    super::safety::put(tx, id, &sp, &Stamp::parse(&plan.updated_at))
}

fn import_followups(tx: &Connection, id: i64, followups: &[FollowupExport], p: &str) -> Result<()> {
    for (i, f) in followups.iter().enumerate() {
        let fp = format!("{p}.followups[{i}]");
        let due = date(&format!("{fp}.due"), &f.due)?;
        let done_on = opt_date(&format!("{fp}.done_on"), &f.done_on)?;
        if f.done != done_on.is_some() {
            return Err(bad(fp, "done and done_on disagree"));
        }
        let cancelled = super::import_check::followup_cancelled(f, &fp)?;
        let fid = followups::insert(tx, id, due, done_on, f.note.as_deref())?;
        if let Some((on, reason)) = cancelled {
            followups::set_cancelled(tx, fid, on, &reason)?;
        }
    }
    Ok(())
}

fn import_closures(tx: &Connection, id: i64, closures: &[ClosureExport], p: &str) -> Result<()> {
    for (i, x) in closures.iter().enumerate() {
        let c = super::import_check::closure(x, &format!("{p}.closures[{i}]"))?;
        super::closures::insert(tx, id, &c)?;
    }
    Ok(())
}

/// Only items with a date or a note are stored; the rest come from the
/// template when the case is read.
fn import_checklist(
    tx: &Connection,
    id: i64,
    checklist: &[ChecklistExport],
    p: &str,
) -> Result<()> {
    for (i, item) in checklist.iter().enumerate() {
        let ip = format!("{p}.checklist[{i}]");
        let item_stage = key(&format!("{ip}.stage"), &item.stage, Stage::from_key)?;
        let done_on = opt_date(&format!("{ip}.done_on"), &item.done_on)?;
        if item.done != done_on.is_some() {
            return Err(bad(ip, "done and done_on disagree"));
        }
        let error = item.entered_in_error.as_ref();
        if done_on.is_some() || item.note.is_some() || error.is_some() {
            stages::set_mark(tx, id, item_stage, &item.key, done_on)?;
            if let Some(note) = &item.note {
                tx.execute(
                    "UPDATE checklist_state SET note = ?1 WHERE client_id = ?2 AND stage = ?3 AND item_key = ?4",
                    rusqlite::params![note, id, item_stage.key(), item.key],
                )?;
            }
            if let Some(e) = error {
                tx.execute(
                    "UPDATE checklist_state SET error_at = ?1, error_by = ?2, error_reason = ?3
                     WHERE client_id = ?4 AND stage = ?5 AND item_key = ?6",
                    rusqlite::params![e.at, e.by, e.reason, id, item_stage.key(), item.key],
                )?;
            }
        }
    }
    Ok(())
}

/// A goal under its exported id (notes refer to it), then what hangs off it.
fn import_goal(tx: &Connection, id: i64, g: &GoalExport, gp: &str, at: &str) -> Result<()> {
    let goal = Goal {
        id: g.id,
        client_id: id,
        client_words: g.client_words.clone(),
        smart: g.smart.clone(),
        measure: g.measure.clone(),
        unit: g.unit.clone(),
        baseline: g.baseline,
        target: g.target,
        due: opt_date(&format!("{gp}.due"), &g.due)?,
        status: key(&format!("{gp}.status"), &g.status, GoalStatus::from_key)?,
        range_min: g.range_min,
        range_max: g.range_max,
        error: g.entered_in_error.clone(),
        // Inserted one by one below, each checked.
        progress: Vec::new(),
    };
    goals::insert(tx, &goal, at)?;
    import_progress(tx, g.id, &g.progress, gp, at)?;
    import_steps(tx, g.id, &g.steps, gp, at)?;
    import_referrals(tx, id, g.id, &g.referrals, gp)?;
    for s in &g.gas_scales {
        let scale = crate::domain::gas_record::GasScale {
            id: 0,
            goal_id: g.id,
            levels: [
                s.much_less.clone(),
                s.less.clone(),
                s.expected.clone(),
                s.more.clone(),
                s.much_more.clone(),
            ],
            weight: s.weight,
            set_by: s.set_by.clone(),
            created_at: s.created_at.clone(),
            error: s.entered_in_error.clone(),
        };
        super::gas::insert_scale(tx, &scale, at)?;
    }
    Ok(())
}

fn import_progress(
    tx: &Connection,
    goal_id: i64,
    progress: &[ProgressExport],
    gp: &str,
    at: &str,
) -> Result<()> {
    for (j, pr) in progress.iter().enumerate() {
        let pp = format!("{gp}.progress[{j}]");
        // Charts and fractions need a real number; refuse anything else.
        if !pr.value.is_finite() {
            return Err(bad(format!("{pp}.value"), "not a finite number"));
        }
        let progress = Progress {
            id: 0,
            date: date(&format!("{pp}.date"), &pr.date)?,
            value: pr.value,
            rated_by: key(&format!("{pp}.rated_by"), &pr.rated_by, RatedBy::from_key)?,
            note: pr.note.clone(),
            error: pr.entered_in_error.clone(),
            created_at: String::new(),
        };
        goals::insert_progress(tx, goal_id, &progress, at)?;
    }
    Ok(())
}

fn import_steps(
    tx: &Connection,
    goal_id: i64,
    steps: &[StepExport],
    gp: &str,
    at: &str,
) -> Result<()> {
    for (j, s) in steps.iter().enumerate() {
        let sp = format!("{gp}.steps[{j}]");
        let step = goals::PlanStep {
            id: 0,
            goal_id,
            description: s.description.clone(),
            who: s.who.clone(),
            who_detail: s.who_detail.clone(),
            due: opt_date(&format!("{sp}.due"), &s.due)?,
            done_on: opt_date(&format!("{sp}.done_on"), &s.done_on)?,
            error: s.entered_in_error.clone(),
        };
        goals::insert_step(tx, &step, at)?;
    }
    Ok(())
}

fn import_referrals(
    tx: &Connection,
    id: i64,
    goal_id: i64,
    referrals: &[ReferralExport],
    gp: &str,
) -> Result<()> {
    for (j, r) in referrals.iter().enumerate() {
        let rp = format!("{gp}.referrals[{j}]");
        let referral = crate::domain::Referral {
            id: 0,
            client_id: id,
            goal_id: Some(goal_id),
            agency: r.agency.clone(),
            contact: r.contact.clone(),
            status: key(
                &format!("{rp}.status"),
                &r.status,
                crate::domain::ReferralStatus::from_key,
            )?,
            created_on: date(&format!("{rp}.created_on"), &r.created_on)?,
            error: r.entered_in_error.clone(),
        };
        goals::insert_referral(tx, &referral)?;
    }
    Ok(())
}

/// A note keeps its exported id, times and signature: it is the record as
/// signed, not a new note.
fn import_note(tx: &Connection, id: i64, n: &NoteExport, np: String) -> Result<()> {
    let note = Note {
        id: n.id,
        client_id: id,
        kind: key(&format!("{np}.kind"), &n.kind, NoteKind::from_key)?,
        format: key(&format!("{np}.format"), &n.format, NoteFormat::from_key)?,
        body: n.body.clone(),
        techniques: n.techniques.clone(),
        session_date: date(&format!("{np}.session_date"), &n.session_date)?,
        session_time: n.session_time.clone(),
        goal_ids: n.goal_ids.clone(),
        duration_min: n.duration_min,
        created_at: Stamp::parse(&n.created_at),
        signed_at: n.signed_at.as_deref().map(Stamp::parse),
        addenda: Vec::new(),
        error: n.entered_in_error.clone(),
    };
    notes::insert(tx, &note).map_err(|e| bad(np, e))?;
    for a in &n.addenda {
        notes::insert_addendum(
            tx,
            n.id,
            &Addendum {
                id: a.id.unwrap_or(0),
                body: a.body.clone(),
                created_at: Stamp::parse(&a.created_at),
                signed_at: a.signed_at.as_deref().map(Stamp::parse),
            },
        )?;
    }
    Ok(())
}
