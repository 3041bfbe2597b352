//! The raw dated items behind the day's agenda, from every place a due date
//! lives. Deciding what is overdue or due soon is the domain's job.

use super::codec::{col_enum, col_opt_date};
use super::error::Result;
use crate::domain::Date;
use crate::domain::agenda::{DueItem, DueSource};
use rusqlite::{Connection, params};

pub(super) fn source_from_key(k: &str) -> Option<DueSource> {
    Some(match k {
        "next_contact" => DueSource::NextContact,
        "case_review" => DueSource::CaseReview,
        "goal" => DueSource::Goal,
        "plan_step" => DueSource::PlanStep,
        "followup" => DueSource::FollowUp,
        _ => return None,
    })
}

/// The agenda's query: each place a due date lives, open items only, with
/// the id of the row the date lives in. Each branch's WHERE is the same as
/// one of schema v9's partial indexes, so SQLite finds the items through
/// them (the test for v9 holds it to that).
pub const DUE_ITEMS_SQL: &str =
    "SELECT c.id, c.name, c.crisis, x.source, x.what, x.due, x.followup, x.ref FROM (
            SELECT id AS client_id, 'next_contact' AS source, '' AS what, next_contact AS due,
                   NULL AS followup, id AS ref
              FROM clients WHERE next_contact IS NOT NULL
            UNION ALL
            SELECT id, 'case_review', '', case_review, NULL, id FROM clients
             WHERE case_review IS NOT NULL
            UNION ALL
            SELECT client_id, 'goal', client_words, due, NULL, id FROM goals
             WHERE status = 'active' AND due IS NOT NULL AND error_at IS NULL
            UNION ALL
            SELECT g.client_id, 'plan_step', s.description, s.due, NULL, s.id
              FROM plan_steps s JOIN goals g ON g.id = s.goal_id
             WHERE s.done_on IS NULL AND s.due IS NOT NULL
               AND s.error_at IS NULL AND g.error_at IS NULL
            UNION ALL
            SELECT client_id, 'followup', coalesce(note, ''), due, id, id FROM followups
             WHERE done_on IS NULL AND cancelled_on IS NULL
         ) x JOIN clients c ON c.id = x.client_id
         WHERE c.archived = 0 AND x.due <= ?1";

/// Every open dated item of every client not archived, due on or before
/// `until`: next contacts, case reviews, active goals, plan steps not done,
/// follow-up check-ins not done. Goals and steps entered in error are
/// not due.
pub fn due_items(conn: &Connection, until: Date) -> Result<Vec<DueItem>> {
    Ok(with_refs(conn, until)?
        .into_iter()
        .map(|(i, _)| i)
        .collect())
}

/// `due_items`, each with the id of the row its date lives in (the client
/// for next contacts and reviews, else the goal, step or check-in): what a
/// calendar entry is known by from one export to the next.
pub fn with_refs(conn: &Connection, until: Date) -> Result<Vec<(DueItem, i64)>> {
    let mut stmt = conn.prepare_cached(DUE_ITEMS_SQL)?;
    let rows = stmt.query_map(params![until.to_string()], |r| {
        let item = DueItem {
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
        };
        Ok((item, r.get(7)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open dated items (clients not archived) fall before `today`
/// and from `today` to `until`: the workload summary's two counts, counted
/// in schema v13's order index of the kept items, without reading a row.
pub fn due_counts(conn: &Connection, today: Date, until: Date) -> Result<(usize, usize)> {
    let [before, on, after] = super::open_items::counts(conn, today, until)?;
    Ok((before, on + after))
}

/// A short name for this database that stays the same for its life: the
/// start of its first audit row's hash ("" for a file without one). Two
/// databases' calendar entries never share an id.
pub fn calendar_token(conn: &Connection) -> Result<String> {
    let first: Option<String> = conn
        .query_row("SELECT hash FROM audit ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(first.unwrap_or_default().chars().take(16).collect())
}
