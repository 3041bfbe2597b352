//! Standard measures and Goal Attainment Scaling for the demo caseload, so
//! the Measures view, its charts and the documents have something true to
//! show. Everything is derived from each client's id, stage, dates and
//! goals (not the generator's random stream, so the rest of the demo is
//! unchanged), and every score is scored by its instrument as a real one:
//!
//! - about half the clients answer a PHQ-9 every four weeks from intake;
//!   those with the "on edge" goal a GAD-7 too;
//! - a case still in Assessment has one score, at intake; a closed case's
//!   scores stop when it moved to Termination;
//! - most improve (by more than the reliable change), some stay flat; the
//!   client in crisis is the one who gets worse, and their latest PHQ-9
//!   (taken the day the safety plan was written) has item 9 flagged;
//! - one client in Implementation or Evaluation with two goals or more has
//!   a GAS scale on each and two reviews.
//!
//! Written in one transaction, each record with its audit row, dated on
//! the day it describes.

use crate::domain::gas_record::{GasLevel, GasReview, GasScale};
use crate::domain::measure::{Instrument, Response};
use crate::domain::{Date, GoalStatus, Stage};
use crate::store::audit::{self, AuditEntry};
use crate::store::codec::timestamp_on;
use crate::store::{Result, Store, clients, gas, goals, measures, stages};
use chrono::Duration;
use rusqlite::Connection;

/// Who the demo's records say recorded them.
const RECORDED_BY: &str = "demo";
/// Days between two scores, at least.
const EVERY: i64 = 28;
/// Scores per instrument at most.
const MOST: usize = 6;
/// The goal whose clients answer a GAD-7 too.
const ANXIETY_GOAL: &str = "I'd like to feel less on edge every day";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Course {
    Better,
    Flat,
    Worse,
}

/// Add the demo's measures and GAS, once: nothing if any are there.
pub fn add(store: &mut Store, today: Date) -> Result<()> {
    let any: i64 = store.conn().query_row(
        "SELECT (SELECT count(*) FROM measures) + (SELECT count(*) FROM gas_scales)",
        [],
        |r| r.get(0),
    )?;
    if any > 0 {
        return Ok(());
    }
    let cat = crate::domain::measures();
    let (Some(phq), Some(gad)) = (cat.get("phq9"), cat.get("gad7")) else {
        return Ok(());
    };
    let (phq, gad) = (phq.clone(), gad.clone());
    let rows = store.caseload()?;
    store.write(|tx| {
        for c in &rows {
            client_measures(tx, c.id, c.crisis, today, &phq, &gad)?;
        }
        if let Some(who) = rows.iter().find(|c| {
            !c.crisis
                && matches!(c.stage, Stage::Implementation | Stage::Evaluation)
                && goals::for_client(tx, c.id)
                    .map(|g| g.iter().filter(|g| g.status == GoalStatus::Active).count() >= 2)
                    .unwrap_or(false)
        }) {
            client_gas(tx, who.id, today)?;
        }
        Ok(())
    })
}

/// The days a client was measured on: from intake every four weeks, up
/// to the day the case moved to Termination (or today), the last one on
/// `last` when given.
fn days(tx: &Connection, id: i64, today: Date, last: Option<Date>) -> Result<Vec<Date>> {
    let client = clients::get(tx, id)?;
    let Some(intake) = client.intake_date else {
        return Ok(Vec::new());
    };
    let history = stages::history(tx, id)?;
    let end = history
        .iter()
        .find(|v| v.stage == Stage::Termination)
        .map_or(today, |v| v.entered_on)
        .min(today);
    let last = last.map(|l| l.clamp(intake, today));
    let end = last.unwrap_or(end);
    let first = (intake + Duration::days(id % 4)).min(end);
    // A long case is measured less often, so that its first score stays.
    let every = EVERY.max(((end - first).num_days() + MOST as i64 - 2) / (MOST as i64 - 1));
    let mut out: Vec<Date> = (0..)
        .map(|k| first + Duration::days(every * k))
        .take_while(|d| *d <= end)
        .collect();
    if let Some(l) = last {
        // The last score on the day asked for, a week or more after the one before.
        out.retain(|d| *d + Duration::days(7) <= l);
        out.push(l);
    }
    let skip = out.len().saturating_sub(MOST);
    Ok(out.split_off(skip))
}

fn client_measures(
    tx: &Connection,
    id: i64,
    crisis: bool,
    today: Date,
    phq: &Instrument,
    gad: &Instrument,
) -> Result<()> {
    let anxious = goals::for_client(tx, id)?
        .iter()
        .any(|g| g.client_words == ANXIETY_GOAL);
    if !(crisis || anxious || id % 2 == 1) {
        return Ok(());
    }
    let stage = clients::get(tx, id)?.stage;
    // The crisis client's latest score is the day the safety plan was written.
    let last = if crisis {
        crate::store::safety::get(tx, id)?
            .and_then(|p| p.updated_at)
            .and_then(|s| s.day_in(&chrono::Utc))
            .or(Some(today))
    } else {
        None
    };
    let mut on = days(tx, id, today, last)?;
    if stage == Stage::Assessment {
        on.truncate(1);
    }
    let course = if crisis {
        Course::Worse
    } else if anxious || stage >= Stage::Evaluation || id % 3 != 0 {
        Course::Better
    } else {
        Course::Flat
    };
    if crisis || id % 2 == 1 {
        for (k, d) in on.iter().enumerate() {
            let total = phq_total(id, course, k, on.len());
            // Item 9: the crisis client's last two answers.
            let item9 = if crisis && k + 2 >= on.len() {
                if k + 1 == on.len() { 2 } else { 1 }
            } else {
                0
            };
            let items = spread(total - item9, 8, id, &[item9, difficulty(total)]);
            save(tx, id, phq, *d, &items)?;
        }
    }
    if anxious {
        for (k, d) in on.iter().enumerate() {
            // The same course on GAD-7's scale (0 to 21).
            let phq = u32::from(phq_total(id + 1, course, k, on.len()));
            let total = u8::try_from((phq * 21 + 13) / 27).unwrap_or(21);
            save(tx, id, gad, *d, &spread(total, 7, id, &[]))?;
        }
    }
    Ok(())
}

/// The PHQ-9 total of score `k` of `n` on this course: a straight line
/// from the first to the last, with a point up or down on the way.
fn phq_total(id: i64, course: Course, k: usize, n: usize) -> u8 {
    let seed = u8::try_from(id.rem_euclid(5)).unwrap_or(0);
    let (from, to) = match course {
        Course::Better => (15 + seed, 6 + seed / 2),
        Course::Flat => (8 + seed, 9 + seed),
        Course::Worse => (10 + seed / 2, 19 + seed / 2),
    };
    if n <= 1 {
        return from;
    }
    let (k, n) = (k as i32, n as i32 - 1);
    let line = i32::from(from) + (i32::from(to) - i32::from(from)) * k / n;
    let wiggle = if k == 0 || k == n {
        0
    } else {
        [1, -1, 0][(k as usize) % 3]
    };
    u8::try_from((line + wiggle).clamp(0, 25)).unwrap_or(0)
}

/// PHQ-9's unscored tenth question, as a person at that total might answer.
fn difficulty(total: u8) -> u8 {
    match total {
        20.. => 3,
        10..=19 => 2,
        5..=9 => 1,
        _ => 0,
    }
}

/// `total` spread over `items` answers of 0 to 3 (starting at a place
/// that depends on the client, so patterns differ), then `tail` appended.
fn spread(total: u8, items: usize, id: i64, tail: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; items];
    let start = usize::try_from(id.rem_euclid(items as i64)).unwrap_or(0);
    let mut left = total.min(3 * items as u8);
    let mut i = start;
    while left > 0 {
        if out[i] < 3 {
            out[i] += 1;
            left -= 1;
        }
        i = (i + 1) % items;
    }
    out.extend_from_slice(tail);
    out
}

/// Score and save one measure, with its audit row, dated on its day.
fn save(tx: &Connection, id: i64, inst: &Instrument, on: Date, given: &[u8]) -> Result<()> {
    let (items, scored) = inst.score(given).map_err(crate::store::StoreError::Rule)?;
    let at = timestamp_on(on);
    let r = Response {
        id: 0,
        client_id: id,
        instrument: inst.key.clone(),
        taken_on: on,
        items,
        total: scored.total,
        band: scored.band,
        flags: scored.flags,
        recorded_by: RECORDED_BY.into(),
        created_at: at.clone(),
        error: None,
    };
    let rid = measures::insert(tx, &r, &at)?;
    let mut detail = format!("{} {} {}", r.instrument, r.total, r.band);
    if !r.flags.is_empty() {
        detail.push_str(&format!("; flagged: {}", r.flags.join("; ")));
    }
    audit::record(
        tx,
        &at,
        &AuditEntry::client("create", "measure", rid, id).detail(&detail),
    )
}

/// A goal's GAS level on `day`: how far its latest progress by then (not
/// entered in error; the baseline before any) has come from baseline to
/// target, in quarters: under a quarter −2, under a half −1, under three
/// quarters 0 (as expected by a review), short of the target +1, there +2.
pub fn level_at(g: &crate::domain::Goal, day: Date) -> i8 {
    let (Some(base), Some(target)) = (g.baseline, g.target) else {
        return 0;
    };
    let value = g
        .progress
        .iter()
        .filter(|p| p.error.is_none() && p.date <= day)
        .max_by_key(|p| p.date)
        .map_or(base, |p| p.value);
    if (target - base).abs() < f64::EPSILON {
        return 0;
    }
    let way = (value - base) / (target - base);
    match way {
        w if w < 0.25 => -2,
        w if w < 0.5 => -1,
        w if w < 0.75 => 0,
        w if w < 1.0 => 1,
        _ => 2,
    }
}

/// A GAS scale on each active goal (a week into Goal setting) and two
/// reviews: as Implementation began, and last week.
fn client_gas(tx: &Connection, id: i64, today: Date) -> Result<()> {
    let history = stages::history(tx, id)?;
    let entered = |s: Stage| history.iter().find(|v| v.stage == s).map(|v| v.entered_on);
    let (Some(setting), Some(doing)) =
        (entered(Stage::GoalSetting), entered(Stage::Implementation))
    else {
        return Ok(());
    };
    let set_on = (setting + Duration::days(7)).min(doing);
    let mut scaled = Vec::new();
    for (i, g) in goals::for_client(tx, id)?
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
        .enumerate()
    {
        let Some(levels) = crate::demo_words::gas_levels(&g.client_words) else {
            continue;
        };
        // The goal the client cares most about counts double.
        let weight = if i == 0 { 2.0 } else { 1.0 };
        let at = timestamp_on(set_on);
        let s = GasScale {
            id: 0,
            goal_id: g.id,
            levels: levels.map(str::to_string),
            weight,
            set_by: RECORDED_BY.into(),
            created_at: at.clone(),
            error: None,
        };
        let sid = gas::insert_scale(tx, &s, &at)?;
        audit::record(
            tx,
            &at,
            &AuditEntry::client("create", "gas_scale", sid, id).detail(&format!("weight {weight}")),
        )?;
        scaled.push((g.id, weight));
    }
    // Each goal's level at a review is where its recorded progress stood.
    let later = (today - Duration::days(5)).max(doing);
    let goals_now = goals::for_client(tx, id)?;
    for on in [doing, later] {
        let levels: Vec<GasLevel> = scaled
            .iter()
            .filter_map(|&(goal_id, weight)| {
                let g = goals_now.iter().find(|g| g.id == goal_id)?;
                Some(GasLevel {
                    goal_id,
                    level: level_at(g, on),
                    weight,
                })
            })
            .collect();
        let at = timestamp_on(on);
        let mut r = GasReview {
            id: 0,
            client_id: id,
            reviewed_on: on,
            t_score: GasReview::compute(&levels).map_err(crate::store::StoreError::Rule)?,
            levels,
            recorded_by: RECORDED_BY.into(),
            created_at: at.clone(),
            error: None,
        };
        r.id = gas::insert_review(tx, &r, &at)?;
        let t = r
            .t_score
            .map_or_else(|| "no T-score".into(), |t| format!("T {t:.2}"));
        audit::record(
            tx,
            &at,
            &AuditEntry::client("create", "gas_review", r.id, id).detail(&t),
        )?;
    }
    Ok(())
}
