//! Demo data for the stage checklist: termination summaries, follow-up
//! check-ins and a few item notes. Derived from the client's id and dates,
//! not the generator's random stream, so the rest of the demo is unchanged.

use crate::domain::checklist::CHECK_INS_ITEM;
use crate::domain::stage_rules::followup_dates;
use crate::domain::{Date, Stage};
use crate::store::Result;
use crate::store::{followups, stages};
use rusqlite::{Connection, params};

const SUMMARIES: &[&str] = &[
    "Achieved: back in work three days a week, sleeping better\nSupports in place: sister nearby, GP review every two months",
    "Achieved: moved into the new flat, rent arrears cleared\nSupports in place: tenancy support worker, weekly peer group",
    "Achieved: children's school attendance steady all term\nSupports in place: school family liaison, grandmother on Tuesdays",
    "Achieved: drinking down to weekends, no missed appointments\nSupports in place: recovery group, sponsor, community nurse",
];

const NOTES: &[(Stage, &str, &str)] = &[
    (
        Stage::Assessment,
        "consent",
        "Interpreter present; leaflet left in Polish",
    ),
    (
        Stage::Assessment,
        "risk_screen",
        "No current risk; review if housing falls through",
    ),
    (
        Stage::Assessment,
        "culture",
        "Prefers meetings away from the home",
    ),
];

/// Add the stage extras for one generated client.
pub fn decorate(tx: &Connection, client_id: i64, today: Date) -> Result<()> {
    let history = stages::history(tx, client_id)?;
    if let Some(term) = history.iter().find(|v| v.stage == Stage::Termination) {
        let summary = SUMMARIES[client_id as usize % SUMMARIES.len()];
        tx.prepare_cached(
            "UPDATE stage_history SET summary = ?3
             WHERE client_id = ?1 AND stage = ?2 AND summary IS NULL",
        )?
        .execute(params![client_id, Stage::Termination.key(), summary])?;
        for due in followup_dates(term.entered_on, &[1, 3, 6]) {
            let held = (due < today).then_some(due);
            let note = held.map(|_| "Doing well; no new concerns");
            followups::insert(tx, client_id, due, held, note)?;
        }
        // As a real move into Follow-up with check-ins does.
        if let Some(fu) = history.iter().find(|v| v.stage == Stage::FollowUp) {
            stages::set_mark(
                tx,
                client_id,
                Stage::FollowUp,
                CHECK_INS_ITEM,
                Some(fu.entered_on),
            )?;
        }
    }
    if client_id % 3 == 0 {
        let (stage, key, text) = NOTES[(client_id as usize / 3) % NOTES.len()];
        if history.iter().any(|v| v.stage == stage) {
            stages::set_note(tx, client_id, stage, key, Some(text))?;
        }
    }
    Ok(())
}
