//! Questionnaire scores and goal reviews on the progress sheet, in plain
//! words for the person to keep: how a score moved and whether that is
//! more than the usual ups and downs, and how each goal went at the last
//! review in their own words. An answer that raised a flag (PHQ-9 item 9)
//! is said only when the worker includes the safety plan: the person may
//! read the sheet with others around.

use super::gas_view;
use super::sheet::{Block, day};
use crate::domain::measure::Change;
use crate::store::export::{ClientExport, MeasureExport};

/// "How things have changed": one line per questionnaire, then the last
/// goal review. Nothing when there is neither.
pub fn changes(out: &mut Vec<Block>, c: &ClientExport) {
    let lines = measure_lines(c);
    let review = review_blocks(c);
    if lines.is_empty() && review.is_empty() {
        return;
    }
    out.push(Block::Heading("How things have changed".into()));
    if !lines.is_empty() {
        out.push(Block::List(lines));
    }
    out.extend(review);
}

/// Scores that count, oldest first, per questionnaire in the order first
/// given.
fn by_instrument(c: &ClientExport) -> Vec<(String, Vec<&MeasureExport>)> {
    let mut out: Vec<(String, Vec<&MeasureExport>)> = Vec::new();
    for m in c.measures.iter().filter(|m| m.entered_in_error.is_none()) {
        match out.iter_mut().find(|(k, _)| *k == m.instrument) {
            Some((_, v)) => v.push(m),
            None => out.push((m.instrument.clone(), vec![m])),
        }
    }
    for (_, v) in &mut out {
        v.sort_by(|a, b| a.date.cmp(&b.date));
    }
    out
}

fn measure_lines(c: &ClientExport) -> Vec<String> {
    let cat = crate::domain::measures();
    by_instrument(c)
        .into_iter()
        .filter_map(|(key, rows)| {
            let inst = cat.get(&key);
            let name = cat.name_of(&key);
            let (first, last) = (rows.first()?, rows.last()?);
            let totals: Vec<u32> = rows.iter().map(|m| m.total).collect();
            // A screening cutoff ("this many or more") means a higher
            // total is more trouble; without one the direction is unknown.
            let lower_is_better = inst.is_some_and(|i| i.cutoff.is_some());
            let Some(change) = Change::over(inst, &totals) else {
                return Some(format!(
                    "Your {name} score was {} on {}.",
                    last.total,
                    day(&last.date)
                ));
            };
            let moved = format!(
                "Your {name} score went from {} ({}) to {} ({})",
                change.first,
                day(&first.date),
                change.latest,
                day(&last.date)
            );
            let real = change.reliable == Some(true);
            let said = match (change.delta.signum(), lower_is_better, real) {
                (0, _, _) => format!(
                    "Your {name} score is {}, the same as when you started.",
                    change.latest
                ),
                (_, false, true) => {
                    format!("{moved}: a change bigger than the usual ups and downs.")
                }
                (_, false, false) => format!("{moved}."),
                (-1, true, true) => format!(
                    "{moved}: a real improvement, bigger than the usual ups and downs. A lower score means fewer problems."
                ),
                (-1, true, false) => format!(
                    "{moved}: a little lower, which is the good direction. A lower score means fewer problems."
                ),
                (_, true, true) => format!(
                    "{moved}: higher than when you started, by more than the usual ups and downs. This is worth talking over with your worker."
                ),
                (_, true, false) => format!(
                    "{moved}: a little higher. Scores go up and down; we will keep an eye on it together."
                ),
            };
            Some(said)
        })
        .collect()
}

/// How the person's own words put a level.
fn level_words(level: i8) -> &'static str {
    match level {
        ..=-2 => "much less than we hoped",
        -1 => "a bit less than we hoped",
        0 => "just what we hoped for",
        1 => "a bit more than we hoped",
        _ => "much more than we hoped",
    }
}

/// The last goal review that counts: each goal's level with the person's
/// own description of it, and the overall score beside the first.
fn review_blocks(c: &ClientExport) -> Vec<Block> {
    let reviews = gas_view::counted(c);
    let Some(last) = reviews.last() else {
        return Vec::new();
    };
    let mut out = vec![Block::Para(format!(
        "At your goal review on {}:",
        day(&last.date)
    ))];
    let lines: Vec<String> = last
        .levels
        .iter()
        .filter_map(|l| {
            let g = gas_view::goal(c, l.goal_id).filter(|g| g.entered_in_error.is_none())?;
            let own = gas_view::scale_at(g, &last.created_at)
                .and_then(|s| gas_view::says(s, l.level))
                .map(|w| format!(" — “{w}”"))
                .unwrap_or_default();
            Some(format!(
                "“{}”: {}{own}",
                g.client_words,
                level_words(l.level)
            ))
        })
        .collect();
    out.push(Block::List(lines));
    if let Some(t) = last.t_score {
        let mut overall = format!(
            "Taken together, your goals came to {}, where 50 means just what we hoped for and higher is better.",
            t.round()
        );
        if let Some(first) = reviews.first().filter(|_| reviews.len() > 1) {
            if let Some(f) = first.t_score {
                overall.push_str(&format!(" At your first review it was {}.", f.round()));
            }
        }
        out.push(Block::Para(overall));
    }
    out
}

/// Answers in the latest score of each questionnaire that raised a flag,
/// each as the question's own words (or the flag's, for a questionnaire
/// this program no longer has), with its day.
pub fn flagged(c: &ClientExport) -> Vec<(String, String)> {
    let cat = crate::domain::measures();
    let mut out = Vec::new();
    for (key, rows) in by_instrument(c) {
        let Some(last) = rows.last() else { continue };
        if last.flags.is_empty() {
            continue;
        }
        let questions: Vec<String> = match cat.get(&key) {
            Some(inst) => inst
                .items
                .iter()
                .zip(&last.items)
                .filter(|(item, a)| {
                    item.flag
                        .as_ref()
                        .is_some_and(|f| a.is_some_and(|a| a >= f.from))
                })
                .map(|(item, _)| item.text.clone())
                .collect(),
            None => last.flags.clone(),
        };
        let questions = if questions.is_empty() {
            last.flags.clone()
        } else {
            questions
        };
        for q in questions {
            out.push((day(&last.date), q));
        }
    }
    out
}
