//! The whole database as one serde document. Field names are part of the
//! program's interface: tests and other tools rely on them.

use super::audit_exchange::AuditTrailExport;
use super::error::Result;
use super::followups::Followup;
use super::stages::StageVisit;
use super::{Store, clients, goals, stages};
use crate::domain::safety::SafetyPlan;
use crate::domain::{ChecklistTemplate, Goal, InError, Note, PlanStep, Progress, Referral, Stage};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub casework_export: u32,
    pub schema_version: i64,
    pub clients: Vec<ClientExport>,
    /// The audit trail with its chain and head (from format 2; absent in
    /// format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditTrailExport>,
}

/// The export format this program writes: 2 carries the audit trail.
pub const EXPORT_FORMAT: u32 = 2;

impl Export {
    /// Only this client, and only its audit rows. False if there is no
    /// such client.
    pub fn keep_only_client(&mut self, id: i64) -> bool {
        self.clients.retain(|c| c.id == id);
        if let Some(t) = &mut self.audit {
            t.keep_only_client(id);
        }
        !self.clients.is_empty()
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientExport {
    pub id: i64,
    pub name: String,
    pub preferred_name: Option<String>,
    pub pronouns: Option<String>,
    pub date_of_birth: Option<String>,
    pub contact: Option<String>,
    pub referral_source: Option<String>,
    pub intake_date: Option<String>,
    pub next_contact: Option<String>,
    pub case_review: Option<String>,
    pub risk_level: String,
    pub crisis: bool,
    pub archived: bool,
    pub stage: String,
    pub checklist: Vec<ChecklistExport>,
    /// Checklists of earlier cycles, set aside when the case was re-opened.
    pub earlier_checklists: Vec<EarlierChecklistExport>,
    pub stage_history: Vec<StageVisitExport>,
    /// Check-ins scheduled at termination.
    pub followups: Vec<FollowupExport>,
    /// Each time the case closed, and why (absent in exports made before
    /// closures were recorded).
    #[serde(default)]
    pub closures: Vec<ClosureExport>,
    pub goals: Vec<GoalExport>,
    pub notes: Vec<NoteExport>,
    pub safety_plan: Option<SafetyPlanExport>,
    /// Standard measures taken, oldest first (from schema version 8;
    /// absent in exports made before).
    #[serde(default)]
    pub measures: Vec<MeasureExport>,
    /// Goal Attainment Scaling reviews, oldest first (from schema version
    /// 10; absent in exports made before and when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gas_reviews: Vec<GasReviewExport>,
}

/// One version of a goal's GAS scale: each level in the client's words,
/// and the weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasScaleExport {
    /// Level −2.
    pub much_less: String,
    /// Level −1.
    pub less: String,
    /// Level 0.
    pub expected: String,
    /// Level +1.
    pub more: String,
    /// Level +2.
    pub much_more: String,
    pub weight: f64,
    pub set_by: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

/// One GAS review: the level of each goal scored, with the weight it had
/// then, and the T-score as computed when saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasReviewExport {
    pub date: String,
    pub t_score: Option<f64>,
    pub levels: Vec<GasLevelExport>,
    pub recorded_by: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasLevelExport {
    /// The goal's `id` in this export.
    pub goal_id: i64,
    /// −2 (much less than expected) to +2 (much more than expected).
    pub level: i8,
    pub weight: f64,
}

/// One measure as saved: the answers as given, and the total, band and
/// flags as scored then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureExport {
    /// The instrument's key (`phq9`, `gad7`, an agency's own).
    pub instrument: String,
    pub date: String,
    /// One per item in the instrument's order; null for an optional
    /// question left unanswered.
    pub items: Vec<Option<u8>>,
    pub total: u32,
    pub band: String,
    pub flags: Vec<String>,
    pub recorded_by: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyPlanExport {
    pub warning_signs: String,
    pub coping: String,
    pub supports: String,
    pub professionals: String,
    pub safe_environment: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistExport {
    pub stage: String,
    pub key: String,
    pub label: String,
    pub done: bool,
    pub done_on: Option<String>,
    pub note: Option<String>,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageVisitExport {
    pub stage: String,
    pub entered_on: String,
    pub left_on: Option<String>,
    pub reason: Option<String>,
    /// On a Termination visit: what was achieved, supports in place.
    pub summary: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierChecklistExport {
    pub reopened_on: String,
    pub items: Vec<ChecklistExport>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowupExport {
    pub due: String,
    pub done: bool,
    pub done_on: Option<String>,
    pub note: Option<String>,
    /// Cancelled on this day, for `cancel_reason` (absent in older exports).
    #[serde(default)]
    pub cancelled_on: Option<String>,
    #[serde(default)]
    pub cancel_reason: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureExport {
    pub closed_on: String,
    /// `termination` or `archive`.
    pub event: String,
    /// `goals_met`, `client_withdrew`, `moved`, `referred_on` or `other`.
    pub reason: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalExport {
    pub id: i64,
    pub client_words: String,
    pub smart: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub due: Option<String>,
    pub status: String,
    /// The measure's plausible range (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_max: Option<f64>,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
    pub progress: Vec<ProgressExport>,
    pub steps: Vec<StepExport>,
    pub referrals: Vec<ReferralExport>,
    /// Every GAS scale set on the goal, oldest first; the newest not in
    /// error is the goal's scale (from schema version 10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gas_scales: Vec<GasScaleExport>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralExport {
    pub agency: String,
    pub contact: Option<String>,
    pub status: String,
    pub created_on: String,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressExport {
    pub date: String,
    pub value: f64,
    pub rated_by: String,
    pub note: Option<String>,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepExport {
    pub description: String,
    pub who: String,
    pub who_detail: Option<String>,
    pub due: Option<String>,
    pub done_on: Option<String>,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteExport {
    pub id: i64,
    pub kind: String,
    pub format: String,
    pub session_date: String,
    pub session_time: Option<String>,
    pub duration_min: Option<u32>,
    pub techniques: Vec<String>,
    pub goal_ids: Vec<i64>,
    pub body: String,
    pub created_at: String,
    pub signed_at: Option<String>,
    pub addenda: Vec<AddendumExport>,
    /// Set when it was entered in error (from schema version 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_in_error: Option<InError>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddendumExport {
    /// Kept so that an addendum's seal in the audit trail still finds it
    /// (from format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub body: String,
    pub created_at: String,
    pub signed_at: Option<String>,
}

fn text<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// Every client, archived ones too, with everything that belongs to them.
pub fn export(store: &Store, template: &ChecklistTemplate) -> Result<Export> {
    let conn = store.conn();
    let mut out = Vec::new();
    for id in clients::all_ids(conn)? {
        out.push(client_export(store, template, id)?);
    }
    Ok(Export {
        casework_export: EXPORT_FORMAT,
        schema_version: store.schema_version()?,
        clients: out,
        audit: Some(super::audit_exchange::trail(conn)?),
    })
}

/// One client's record and everything under it (for a document about
/// one client, without reading the whole caseload).
pub fn one_client(store: &Store, template: &ChecklistTemplate, id: i64) -> Result<ClientExport> {
    client_export(store, template, id)
}

/// One client's record and everything under it.
pub(super) fn client_export(
    store: &Store,
    template: &ChecklistTemplate,
    id: i64,
) -> Result<ClientExport> {
    let conn = store.conn();
    let d = store.client_detail(id)?;
    let c = d.client;
    Ok(ClientExport {
        id: c.id,
        name: c.name,
        preferred_name: c.preferred_name,
        pronouns: c.pronouns,
        date_of_birth: text(c.date_of_birth),
        contact: c.contact,
        referral_source: c.referral_source,
        intake_date: text(c.intake_date),
        next_contact: text(c.next_contact),
        case_review: text(c.case_review),
        risk_level: c.risk_level.key().into(),
        crisis: c.crisis,
        archived: c.archived,
        stage: c.stage.key().into(),
        checklist: checklist(template, c.stage, &d.marks),
        earlier_checklists: earlier_checklists(conn, template, c.id)?,
        followups: d.followups.into_iter().map(followup_export).collect(),
        closures: d
            .closures
            .into_iter()
            .map(|c| ClosureExport {
                closed_on: c.closed_on.to_string(),
                event: c.event.key().into(),
                reason: c.reason.key().into(),
                note: c.note,
            })
            .collect(),
        stage_history: d.history.into_iter().map(visit_export).collect(),
        goals: d
            .goals
            .into_iter()
            .map(|g| goal_export(conn, g))
            .collect::<Result<_>>()?,
        safety_plan: super::safety::get(conn, c.id)?.map(safety_plan_export),
        notes: d.notes.into_iter().map(note_export).collect(),
        measures: d.measures.into_iter().map(measure_export).collect(),
        gas_reviews: super::gas::reviews_of(conn, c.id)?
            .into_iter()
            .map(gas_review_export)
            .collect(),
    })
}

/// Checklists set aside each time the case was re-opened, oldest first.
fn earlier_checklists(
    conn: &Connection,
    template: &ChecklistTemplate,
    client_id: i64,
) -> Result<Vec<EarlierChecklistExport>> {
    Ok(stages::past_checklists(conn, client_id)?
        .into_iter()
        .map(|p| EarlierChecklistExport {
            reopened_on: p.reopened_on.to_string(),
            items: p.marks.iter().map(|m| marked_item(template, m)).collect(),
        })
        .collect())
}

fn measure_export(r: crate::domain::measure::Response) -> MeasureExport {
    MeasureExport {
        instrument: r.instrument,
        date: r.taken_on.to_string(),
        items: r.items,
        total: r.total,
        band: r.band,
        flags: r.flags,
        recorded_by: r.recorded_by,
        created_at: r.created_at,
        entered_in_error: r.error,
    }
}

fn gas_review_export(r: crate::domain::gas_record::GasReview) -> GasReviewExport {
    GasReviewExport {
        date: r.reviewed_on.to_string(),
        t_score: r.t_score,
        levels: r
            .levels
            .into_iter()
            .map(|l| GasLevelExport {
                goal_id: l.goal_id,
                level: l.level,
                weight: l.weight,
            })
            .collect(),
        recorded_by: r.recorded_by,
        created_at: r.created_at,
        entered_in_error: r.error,
    }
}

fn gas_scale_export(s: crate::domain::gas_record::GasScale) -> GasScaleExport {
    let [much_less, less, expected, more, much_more] = s.levels;
    GasScaleExport {
        much_less,
        less,
        expected,
        more,
        much_more,
        weight: s.weight,
        set_by: s.set_by,
        created_at: s.created_at,
        entered_in_error: s.error,
    }
}

fn followup_export(f: Followup) -> FollowupExport {
    FollowupExport {
        due: f.due.to_string(),
        done: f.done_on.is_some(),
        done_on: text(f.done_on),
        note: f.note,
        cancelled_on: text(f.cancelled_on),
        cancel_reason: f.cancel_reason,
    }
}

fn visit_export(v: StageVisit) -> StageVisitExport {
    StageVisitExport {
        stage: v.stage.key().into(),
        entered_on: v.entered_on.to_string(),
        left_on: text(v.left_on),
        reason: v.reason,
        summary: v.summary,
    }
}

/// A goal with its progress, and its steps and referrals, which are stored
/// apart from the goal and read here.
fn goal_export(conn: &Connection, g: Goal) -> Result<GoalExport> {
    Ok(GoalExport {
        id: g.id,
        current: g.current(),
        steps: goals::steps(conn, g.id)?
            .into_iter()
            .map(step_export)
            .collect(),
        referrals: goals::referrals(conn, g.id)?
            .into_iter()
            .map(referral_export)
            .collect(),
        gas_scales: super::gas::scales_of_goal(conn, g.id)?
            .into_iter()
            .map(gas_scale_export)
            .collect(),
        progress: g.progress.iter().map(progress_export).collect(),
        client_words: g.client_words,
        smart: g.smart,
        measure: g.measure,
        unit: g.unit,
        baseline: g.baseline,
        target: g.target,
        due: text(g.due),
        status: g.status.key().into(),
        range_min: g.range_min,
        range_max: g.range_max,
        entered_in_error: g.error,
    })
}

fn step_export(s: PlanStep) -> StepExport {
    StepExport {
        description: s.description,
        who: s.who,
        who_detail: s.who_detail,
        due: text(s.due),
        done_on: text(s.done_on),
        entered_in_error: s.error,
    }
}

fn referral_export(r: Referral) -> ReferralExport {
    ReferralExport {
        agency: r.agency,
        contact: r.contact,
        status: r.status.key().into(),
        created_on: r.created_on.to_string(),
        entered_in_error: r.error,
    }
}

fn progress_export(p: &Progress) -> ProgressExport {
    ProgressExport {
        date: p.date.to_string(),
        value: p.value,
        rated_by: p.rated_by.key().into(),
        note: p.note.clone(),
        entered_in_error: p.error.clone(),
    }
}

fn safety_plan_export(p: SafetyPlan) -> SafetyPlanExport {
    SafetyPlanExport {
        warning_signs: p.warning_signs,
        coping: p.coping,
        supports: p.supports,
        professionals: p.professionals,
        safe_environment: p.safe_environment,
        updated_at: p.updated_at.map(|at| at.to_string()).unwrap_or_default(),
    }
}

fn note_export(n: Note) -> NoteExport {
    NoteExport {
        id: n.id,
        kind: n.kind.key().into(),
        format: n.format.key().into(),
        session_date: n.session_date.to_string(),
        session_time: n.session_time,
        duration_min: n.duration_min,
        techniques: n.techniques,
        goal_ids: n.goal_ids,
        body: n.body,
        created_at: n.created_at.to_string(),
        signed_at: text(n.signed_at),
        addenda: n
            .addenda
            .into_iter()
            .map(|a| AddendumExport {
                id: Some(a.id),
                body: a.body,
                created_at: a.created_at.to_string(),
                signed_at: text(a.signed_at),
            })
            .collect(),
        entered_in_error: n.error,
    }
}

/// Items of every stage up to and including the current one, in order, and of
/// any later stage that has marks (the case stepped back from it). Each
/// stage's template items come first, then its marks on items the template
/// does not have (another agency's checklist, or an older one), by key, so
/// that no mark is lost on the way out.
fn checklist(
    template: &ChecklistTemplate,
    current: Stage,
    marks: &[stages::ChecklistMark],
) -> Vec<ChecklistExport> {
    Stage::ALL
        .into_iter()
        .filter(|s| *s <= current || marks.iter().any(|m| m.stage == *s))
        .flat_map(|stage| {
            let listed = template.items(stage).iter().map(move |item| {
                let mark = marks
                    .iter()
                    .find(|m| m.stage == stage && m.item_key == item.key);
                let done_on = mark.and_then(|m| m.done_on);
                ChecklistExport {
                    stage: stage.key().into(),
                    key: item.key.clone(),
                    label: item.label.clone(),
                    done: done_on.is_some(),
                    done_on: text(done_on),
                    note: mark.and_then(|m| m.note.clone()),
                    entered_in_error: mark.and_then(|m| m.error.clone()),
                }
            });
            listed.chain(marks_off_template(template, stage, marks))
        })
        .collect()
}

/// A stage's marks on items its template does not list, by key. A row with
/// neither a date nor a note says nothing (import would not store it back).
fn marks_off_template(
    template: &ChecklistTemplate,
    stage: Stage,
    marks: &[stages::ChecklistMark],
) -> Vec<ChecklistExport> {
    let mut off: Vec<&stages::ChecklistMark> = marks
        .iter()
        .filter(|m| m.stage == stage && template.label(stage, &m.item_key).is_none())
        .filter(|m| m.done_on.is_some() || m.note.is_some() || m.error.is_some())
        .collect();
    off.sort_by(|a, b| a.item_key.cmp(&b.item_key));
    off.into_iter().map(|m| marked_item(template, m)).collect()
}

/// A stored mark as an export item; an item the template no longer has keeps its key as label.
fn marked_item(template: &ChecklistTemplate, m: &stages::ChecklistMark) -> ChecklistExport {
    ChecklistExport {
        stage: m.stage.key().into(),
        key: m.item_key.clone(),
        label: template
            .label(m.stage, &m.item_key)
            .unwrap_or(&m.item_key)
            .to_string(),
        done: m.done_on.is_some(),
        done_on: text(m.done_on),
        note: m.note.clone(),
        entered_in_error: m.error.clone(),
    }
}
