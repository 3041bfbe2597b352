//! Checking a JSON export before anything of it is written: a file that
//! casework did not write, or that was edited by hand, is refused at the
//! first value casework would not have written itself, with that value's
//! place in the file (`clients[3].notes[2].signed_at`).
//!
//! Pure: no database. `casework import` runs it before it opens the
//! database, so a refused file changes nothing, not even by creating one.

use super::error::{Result, StoreError};
use super::export::{
    AddendumExport, ChecklistExport, ClientExport, ClosureExport, EXPORT_FORMAT,
    EarlierChecklistExport, Export, FollowupExport, GoalExport, NoteExport,
};
use super::migrations::SCHEMA_VERSION;
use crate::domain::closure::{Closure, ClosureEvent, ClosureReason, check_reason};
use crate::domain::dates::YEARS;
use crate::domain::note_meta::parse_time;
use crate::domain::{
    Date, GoalStatus, NoteFormat, NoteKind, RatedBy, ReferralStatus, RiskLevel, Stage, Stamp,
};
use chrono::{DateTime, Datelike, Utc};
use std::collections::HashSet;

/// A problem at a place in the file.
fn bad(at: impl Into<String>, problem: impl Into<String>) -> StoreError {
    StoreError::InFile {
        at: at.into(),
        problem: problem.into(),
    }
}

/// Everything in the document that import would write, checked.
pub fn check(doc: &Export) -> Result<()> {
    header(doc.casework_export, doc.schema_version)?;
    if doc.audit.is_none() {
        trail_missing(doc.casework_export)?;
    }
    let mut ids = Ids::default();
    for (i, c) in doc.clients.iter().enumerate() {
        client(c, &format!("clients[{i}]"), &mut ids)?;
    }
    super::audit_exchange::check_document(doc)
}

/// The format and schema version: ones this program reads.
pub(super) fn header(format: u32, schema_version: i64) -> Result<()> {
    // Every format up to the one this program writes (1 had no audit trail).
    if !(1..=EXPORT_FORMAT).contains(&format) {
        return Err(bad(
            "casework_export",
            format!(
                "format {format} is not one this program reads (it reads 1 to {EXPORT_FORMAT})"
            ),
        ));
    }
    if schema_version < 1 {
        return Err(bad(
            "schema_version",
            format!("{schema_version} is not a schema version"),
        ));
    }
    if schema_version > SCHEMA_VERSION {
        return Err(bad(
            "schema_version",
            format!(
                "{schema_version} is newer than this program knows (up to {SCHEMA_VERSION}): \
                 import it with the casework that wrote it, or a newer one"
            ),
        ));
    }
    Ok(())
}

/// From format 2 the trail is part of the record: a file without it
/// would have every signature sealed afresh by the import.
pub(super) fn trail_missing(format: u32) -> Result<()> {
    if format >= 2 {
        return Err(bad(
            "audit",
            format!("is missing: a format-{format} export carries its audit trail"),
        ));
    }
    Ok(())
}

/// Ids are the records' identity across the whole file: each once, and a
/// real row id (import keeps them; 0 would be given a new one).
#[derive(Default)]
pub(super) struct Ids {
    clients: IdSet,
    goals: IdSet,
    notes: IdSet,
    addenda: IdSet,
}

/// Ids seen so far, in a bit each while they are row ids of a plausible
/// size (a file of two million notes needs 250 KB, not the 40 MB a hash
/// set would), and in a set beyond that.
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
    far: HashSet<i64>,
}

/// The largest id kept as a bit: 8 MB of bits at most.
const DENSE_IDS: i64 = 1 << 26;

impl IdSet {
    /// False if `id` was seen before.
    fn insert(&mut self, id: i64) -> bool {
        if !(0..DENSE_IDS).contains(&id) {
            return self.far.insert(id);
        }
        let (word, bit) = ((id / 64) as usize, id % 64);
        if word >= self.bits.len() {
            // Grown in steps, so a file of many ids does not grow it often.
            let len = (word + 1).next_power_of_two().max(1024);
            self.bits.resize(len, 0);
        }
        let seen = self.bits[word] & (1 << bit) != 0;
        self.bits[word] |= 1 << bit;
        !seen
    }
}

fn id(seen: &mut IdSet, id: i64, at: String) -> Result<()> {
    if id < 1 {
        return Err(bad(at, format!("{id} is not a record id (1 or more)")));
    }
    if !seen.insert(id) {
        return Err(bad(at, format!("duplicate id {id}")));
    }
    Ok(())
}

/// A date as this program writes one (`2026-11-23`), in a year a record can hold.
fn date(at: String, s: &str) -> Result<Date> {
    let d = Date::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(|| bad(at.clone(), format!("{s:?} is not a date (YYYY-MM-DD)")))?;
    year(at, s, d.year())?;
    Ok(d)
}

fn opt_date(at: String, s: &Option<String>) -> Result<Option<Date>> {
    s.as_deref().map(|s| date(at, s)).transpose()
}

fn year(at: String, s: &str, y: i32) -> Result<()> {
    if YEARS.contains(&y) {
        Ok(())
    } else {
        Err(bad(
            at,
            format!(
                "{s:?}: year {y} is outside {}..={}",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// A time as this program writes one (`2026-11-23T14:05:00Z`, UTC, seconds).
fn stamp(at: String, s: &str) -> Result<DateTime<Utc>> {
    let t = Stamp::parse(s).time().ok_or_else(|| {
        bad(
            at.clone(),
            format!("{s:?} is not a time (YYYY-MM-DDTHH:MM:SSZ)"),
        )
    })?;
    year(at, s, t.year())?;
    Ok(t)
}

fn known<T>(at: String, s: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(s).ok_or_else(|| bad(at, format!("unknown value {s:?}")))
}

fn not_before(at: String, later: DateTime<Utc>, earlier: DateTime<Utc>, what: &str) -> Result<()> {
    if later < earlier {
        Err(bad(at, format!("is before {what}")))
    } else {
        Ok(())
    }
}

pub(super) fn client(c: &ClientExport, p: &str, ids: &mut Ids) -> Result<()> {
    id(&mut ids.clients, c.id, format!("{p}.id"))?;
    if c.name.trim().is_empty() {
        return Err(bad(format!("{p}.name"), "empty"));
    }
    known(format!("{p}.stage"), &c.stage, Stage::from_key)?;
    known(
        format!("{p}.risk_level"),
        &c.risk_level,
        RiskLevel::from_key,
    )?;
    opt_date(format!("{p}.date_of_birth"), &c.date_of_birth)?;
    opt_date(format!("{p}.intake_date"), &c.intake_date)?;
    opt_date(format!("{p}.next_contact"), &c.next_contact)?;
    opt_date(format!("{p}.case_review"), &c.case_review)?;
    checklist(&c.checklist, &format!("{p}.checklist"))?;
    earlier_checklists(&c.earlier_checklists, p)?;
    for (i, v) in c.stage_history.iter().enumerate() {
        let vp = format!("{p}.stage_history[{i}]");
        known(format!("{vp}.stage"), &v.stage, Stage::from_key)?;
        let entered = date(format!("{vp}.entered_on"), &v.entered_on)?;
        if let Some(left) = opt_date(format!("{vp}.left_on"), &v.left_on)? {
            if left < entered {
                return Err(bad(format!("{vp}.left_on"), "is before entered_on"));
            }
        }
    }
    for (i, f) in c.followups.iter().enumerate() {
        let fp = format!("{p}.followups[{i}]");
        date(format!("{fp}.due"), &f.due)?;
        let done_on = opt_date(format!("{fp}.done_on"), &f.done_on)?;
        if f.done != done_on.is_some() {
            return Err(bad(fp, "done and done_on disagree"));
        }
        followup_cancelled(f, &fp)?;
    }
    for (i, x) in c.closures.iter().enumerate() {
        closure(x, &format!("{p}.closures[{i}]"))?;
    }
    for (i, m) in c.measures.iter().enumerate() {
        let mp = format!("{p}.measures[{i}]");
        if !crate::domain::vocabulary::valid_key(&m.instrument) {
            return Err(bad(
                format!("{mp}.instrument"),
                format!("{:?} is not a measure key", m.instrument),
            ));
        }
        date(format!("{mp}.date"), &m.date)?;
        stamp(format!("{mp}.created_at"), &m.created_at)?;
        if m.items.is_empty() {
            return Err(bad(format!("{mp}.items"), "no answers"));
        }
        if let Some(e) = &m.entered_in_error {
            stamp(format!("{mp}.entered_in_error.at"), &e.at)?;
        }
    }
    if let Some(plan) = &c.safety_plan {
        stamp(format!("{p}.safety_plan.updated_at"), &plan.updated_at)?;
    }
    let mut own_goals = HashSet::new();
    for (i, g) in c.goals.iter().enumerate() {
        goal(g, &format!("{p}.goals[{i}]"), ids)?;
        own_goals.insert(g.id);
    }
    for (i, n) in c.notes.iter().enumerate() {
        note(n, &format!("{p}.notes[{i}]"), ids, &own_goals)?;
    }
    for (i, r) in c.gas_reviews.iter().enumerate() {
        let rp = format!("{p}.gas_reviews[{i}]");
        super::import_check_gas::review(r, &rp, &own_goals)?;
        date(format!("{rp}.date"), &r.date)?;
        stamp(format!("{rp}.created_at"), &r.created_at)?;
        in_error(&r.entered_in_error, &rp)?;
    }
    Ok(())
}

/// A cancelled check-in has both its day and its reason, and was not held.
pub(super) fn followup_cancelled(f: &FollowupExport, fp: &str) -> Result<Option<(Date, String)>> {
    let on = opt_date(format!("{fp}.cancelled_on"), &f.cancelled_on)?;
    let reason = f
        .cancel_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    match (on, reason) {
        (None, None) => Ok(None),
        (Some(_), Some(_)) if f.done => Err(bad(fp.to_string(), "both held and cancelled")),
        (Some(on), Some(r)) => Ok(Some((on, r.to_string()))),
        _ => Err(bad(
            fp.to_string(),
            "cancelled_on and cancel_reason go together",
        )),
    }
}

/// A closing: a known event and reason, a date, words for "other".
pub(super) fn closure(x: &ClosureExport, xp: &str) -> Result<Closure> {
    let closed_on = date(format!("{xp}.closed_on"), &x.closed_on)?;
    let event = known(format!("{xp}.event"), &x.event, ClosureEvent::from_key)?;
    let reason = known(format!("{xp}.reason"), &x.reason, ClosureReason::from_key)?;
    check_reason(reason, x.note.as_deref()).map_err(|e| bad(format!("{xp}.note"), e))?;
    Ok(Closure {
        closed_on,
        event,
        reason,
        note: x.note.clone(),
    })
}

/// One checklist's items: each item once, a known stage, a key, and a done
/// mark that agrees with its date.
fn checklist(items: &[ChecklistExport], p: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{p}[{i}]");
        let stage = known(format!("{ip}.stage"), &item.stage, Stage::from_key)?;
        if item.key.trim().is_empty() {
            return Err(bad(format!("{ip}.key"), "empty"));
        }
        if !seen.insert((stage, item.key.as_str())) {
            return Err(bad(
                format!("{ip}.key"),
                format!("{:?} is listed twice for {}", item.key, stage.key()),
            ));
        }
        let done_on = opt_date(format!("{ip}.done_on"), &item.done_on)?;
        if item.done != done_on.is_some() {
            return Err(bad(ip, "done and done_on disagree"));
        }
        // A tick entered in error is open again: its mark says why.
        if item.entered_in_error.is_some() && item.done {
            return Err(bad(ip, "a tick entered in error cannot also be done"));
        }
        in_error(&item.entered_in_error, &ip)?;
    }
    Ok(())
}

/// Earlier checklists are kept by the day the case was re-opened: one per
/// day, in order, each with the marks that were set aside (an empty one, or
/// two on one day, would not come back the same).
fn earlier_checklists(earlier: &[EarlierChecklistExport], p: &str) -> Result<()> {
    let mut last = None;
    for (i, past) in earlier.iter().enumerate() {
        let pp = format!("{p}.earlier_checklists[{i}]");
        let reopened = date(format!("{pp}.reopened_on"), &past.reopened_on)?;
        if last.is_some_and(|l| reopened <= l) {
            return Err(bad(
                format!("{pp}.reopened_on"),
                "is not after the earlier checklist before it",
            ));
        }
        last = Some(reopened);
        if past.items.is_empty() {
            return Err(bad(format!("{pp}.items"), "empty"));
        }
        checklist(&past.items, &format!("{pp}.items"))?;
    }
    Ok(())
}

/// An entered-in-error mark as casework writes one: a UTC stamp, who, and
/// a reason (required when marking).
fn in_error(e: &Option<crate::domain::InError>, p: &str) -> Result<()> {
    let Some(e) = e else {
        return Ok(());
    };
    let ep = format!("{p}.entered_in_error");
    stamp(format!("{ep}.at"), &e.at)?;
    if e.by.trim().is_empty() {
        return Err(bad(format!("{ep}.by"), "empty"));
    }
    if e.reason.trim().is_empty() {
        return Err(bad(format!("{ep}.reason"), "empty: a reason is required"));
    }
    Ok(())
}

fn goal(g: &GoalExport, gp: &str, ids: &mut Ids) -> Result<()> {
    id(&mut ids.goals, g.id, format!("{gp}.id"))?;
    known(format!("{gp}.status"), &g.status, GoalStatus::from_key)?;
    opt_date(format!("{gp}.due"), &g.due)?;
    in_error(&g.entered_in_error, gp)?;
    for (key, v) in [("range_min", g.range_min), ("range_max", g.range_max)] {
        if v.is_some_and(|v| !v.is_finite()) {
            return Err(bad(format!("{gp}.{key}"), "not a finite number"));
        }
    }
    if let (Some(lo), Some(hi)) = (g.range_min, g.range_max) {
        if lo > hi {
            return Err(bad(format!("{gp}.range_min"), "is above range_max"));
        }
    }
    for (j, pr) in g.progress.iter().enumerate() {
        let pp = format!("{gp}.progress[{j}]");
        date(format!("{pp}.date"), &pr.date)?;
        if !pr.value.is_finite() {
            return Err(bad(format!("{pp}.value"), "not a finite number"));
        }
        known(format!("{pp}.rated_by"), &pr.rated_by, RatedBy::from_key)?;
        in_error(&pr.entered_in_error, &pp)?;
    }
    for (j, s) in g.steps.iter().enumerate() {
        let sp = format!("{gp}.steps[{j}]");
        opt_date(format!("{sp}.due"), &s.due)?;
        opt_date(format!("{sp}.done_on"), &s.done_on)?;
        in_error(&s.entered_in_error, &sp)?;
    }
    for (j, r) in g.referrals.iter().enumerate() {
        let rp = format!("{gp}.referrals[{j}]");
        known(format!("{rp}.status"), &r.status, ReferralStatus::from_key)?;
        date(format!("{rp}.created_on"), &r.created_on)?;
        in_error(&r.entered_in_error, &rp)?;
    }
    for (j, s) in g.gas_scales.iter().enumerate() {
        let sp = format!("{gp}.gas_scales[{j}]");
        super::import_check_gas::scale(s, &sp)?;
        stamp(format!("{sp}.created_at"), &s.created_at)?;
        in_error(&s.entered_in_error, &sp)?;
    }
    Ok(())
}

/// A note as casework writes one. The signature is what makes a note a
/// record, so its times must hold together: signed after it was written,
/// addenda only on a signed note, each signed, after the note was.
fn note(n: &NoteExport, np: &str, ids: &mut Ids, own_goals: &HashSet<i64>) -> Result<()> {
    id(&mut ids.notes, n.id, format!("{np}.id"))?;
    // Kinds come from the vocabulary in use (the agency's file, if any).
    if NoteKind::from_key(&n.kind).is_none() {
        let listed: Vec<&str> = crate::domain::vocabulary()
            .kinds()
            .map(NoteKind::key)
            .collect();
        return Err(bad(
            format!("{np}.kind"),
            format!(
                "unknown value {:?}: not a note kind in the vocabulary ({})",
                n.kind,
                listed.join(", ")
            ),
        ));
    }
    known(format!("{np}.format"), &n.format, NoteFormat::from_key)?;
    date(format!("{np}.session_date"), &n.session_date)?;
    if let Some(t) = &n.session_time {
        if parse_time(t).ok().flatten().as_ref() != Some(t) {
            return Err(bad(
                format!("{np}.session_time"),
                format!("{t:?} is not a time of day (HH:MM)"),
            ));
        }
    }
    if let Some(d) = n.duration_min {
        if !(1..=24 * 60).contains(&d) {
            return Err(bad(
                format!("{np}.duration_min"),
                format!("{d} is not between 1 minute and 24 hours"),
            ));
        }
    }
    let mut linked = HashSet::new();
    for (j, g) in n.goal_ids.iter().enumerate() {
        let at = format!("{np}.goal_ids[{j}]");
        if !own_goals.contains(g) {
            return Err(bad(
                at,
                format!("goal {g} is not one of this client's goals"),
            ));
        }
        if !linked.insert(*g) {
            return Err(bad(at, format!("goal {g} is listed twice")));
        }
    }
    let created = stamp(format!("{np}.created_at"), &n.created_at)?;
    let signed = match &n.signed_at {
        Some(s) => {
            let signed = stamp(format!("{np}.signed_at"), s)?;
            not_before(format!("{np}.signed_at"), signed, created, "created_at")?;
            Some(signed)
        }
        None => None,
    };
    in_error(&n.entered_in_error, np)?;
    // A signed note is corrected by addenda, never marked.
    if signed.is_some() && n.entered_in_error.is_some() {
        return Err(bad(
            format!("{np}.entered_in_error"),
            "a signed note cannot be entered in error (it takes addenda)",
        ));
    }
    for (j, a) in n.addenda.iter().enumerate() {
        let ap = format!("{np}.addenda[{j}]");
        if let Some(a_id) = a.id {
            id(&mut ids.addenda, a_id, format!("{ap}.id"))?;
        }
        addendum(a, &ap, signed)?;
    }
    Ok(())
}

fn addendum(a: &AddendumExport, ap: &str, note_signed: Option<DateTime<Utc>>) -> Result<()> {
    let Some(note_signed) = note_signed else {
        return Err(bad(
            ap,
            "an addendum on an unsigned note (addenda correct signed notes; \
             an unsigned note is edited)",
        ));
    };
    let created = stamp(format!("{ap}.created_at"), &a.created_at)?;
    not_before(
        format!("{ap}.created_at"),
        created,
        note_signed,
        "the note's signed_at",
    )?;
    let Some(signed) = &a.signed_at else {
        return Err(bad(
            format!("{ap}.signed_at"),
            "missing: an addendum is signed as it is written",
        ));
    };
    let signed = stamp(format!("{ap}.signed_at"), signed)?;
    not_before(format!("{ap}.signed_at"), signed, created, "created_at")
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn an_id_set_sees_each_id_once_near_and_far() {
        let mut set = IdSet::default();
        for id in [1, 63, 64, 65, 1_000_000, (1 << 26) - 1, 1 << 26, i64::MAX] {
            assert!(set.insert(id), "{id} is new");
            assert!(!set.insert(id), "{id} again");
        }
        assert!(set.insert(2), "a neighbour is not the same id");
        assert_eq!(set.far.len(), 2, "beyond the bits: 1 << 26 and i64::MAX");
    }

    #[test]
    fn two_million_row_ids_take_bits_not_a_hash_set() {
        let mut set = IdSet::default();
        for id in 1..=2_000_000 {
            assert!(set.insert(id));
        }
        assert!(!set.insert(1_999_999));
        assert!(set.bits.len() * 8 <= 256 << 10, "{} words", set.bits.len());
        assert!(set.far.is_empty());
    }
}
