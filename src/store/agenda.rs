//! The raw dated items behind the day's agenda, from every place a due date
//! lives. Deciding what is overdue or due soon is the domain's job.

use super::codec::{col_enum, col_opt_date};
use super::error::Result;
use crate::domain::Date;
use crate::domain::agenda::{DueItem, DueSource};
use rusqlite::{Connection, params};

fn source_from_key(k: &str) -> Option<DueSource> {
    Some(match k {
        "next_contact" => DueSource::NextContact,
        "case_review" => DueSource::CaseReview,
        "goal" => DueSource::Goal,
        "plan_step" => DueSource::PlanStep,
        "followup" => DueSource::FollowUp,
        _ => return None,
    })
}

/// The agenda's query: each place a due date lives, open items only. Each
/// branch's WHERE is the same as one of schema v9's partial indexes, so
/// SQLite finds the items through them (the test for v9 holds it to that).
pub const DUE_ITEMS_SQL: &str =
    "SELECT c.id, c.name, c.crisis, x.source, x.what, x.due, x.followup FROM (
            SELECT id AS client_id, 'next_contact' AS source, '' AS what, next_contact AS due,
                   NULL AS followup
              FROM clients WHERE next_contact IS NOT NULL
            UNION ALL
            SELECT id, 'case_review', '', case_review, NULL FROM clients
             WHERE case_review IS NOT NULL
            UNION ALL
            SELECT client_id, 'goal', client_words, due, NULL FROM goals
             WHERE status = 'active' AND due IS NOT NULL AND error_at IS NULL
            UNION ALL
            SELECT g.client_id, 'plan_step', s.description, s.due, NULL
              FROM plan_steps s JOIN goals g ON g.id = s.goal_id
             WHERE s.done_on IS NULL AND s.due IS NOT NULL
               AND s.error_at IS NULL AND g.error_at IS NULL
            UNION ALL
            SELECT client_id, 'followup', coalesce(note, ''), due, id FROM followups
             WHERE done_on IS NULL AND cancelled_on IS NULL
         ) x JOIN clients c ON c.id = x.client_id
         WHERE c.archived = 0 AND x.due <= ?1";

/// Every open dated item of every client not archived, due on or before
/// `until`: next contacts, case reviews, active goals, plan steps not done,
/// follow-up check-ins not done. Goals and steps entered in error are
/// not due.
pub fn due_items(conn: &Connection, until: Date) -> Result<Vec<DueItem>> {
    let mut stmt = conn.prepare_cached(DUE_ITEMS_SQL)?;
    let rows = stmt.query_map(params![until.to_string()], |r| {
        Ok(DueItem {
            client_id: r.get(0)?,
            client_name: r.get(1)?,
            crisis: r.get(2)?,
            source: col_enum(r, 3, "due source", source_from_key)?,
            what: r.get(4)?,
            // Every branch of the query filters out missing dates.
            due: col_opt_date(r, 5)?.ok_or(rusqlite::Error::InvalidColumnType(
                5,
                "due".into(),
                rusqlite::types::Type::Null,
            ))?,
            followup_id: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
