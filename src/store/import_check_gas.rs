//! Checks on the GAS part of an export before anything is written: scales
//! with five described levels and a weight above 0, reviews whose levels
//! are −2..+2, once per goal, on the client's own goals.

use super::error::{Result, StoreError};
use super::export::{GasReviewExport, GasScaleExport};
use std::collections::HashSet;

fn bad(at: String, problem: impl Into<String>) -> StoreError {
    StoreError::InFile {
        at,
        problem: problem.into(),
    }
}

fn weight(w: f64, at: String) -> Result<()> {
    if w.is_finite() && w > 0.0 {
        Ok(())
    } else {
        Err(bad(at, "the weight must be a number above 0"))
    }
}

pub(super) fn scale(s: &GasScaleExport, sp: &str) -> Result<()> {
    for (key, text) in [
        ("much_less", &s.much_less),
        ("less", &s.less),
        ("expected", &s.expected),
        ("more", &s.more),
        ("much_more", &s.much_more),
    ] {
        if text.trim().is_empty() {
            return Err(bad(format!("{sp}.{key}"), "empty"));
        }
    }
    weight(s.weight, format!("{sp}.weight"))
}

pub(super) fn review(r: &GasReviewExport, rp: &str, own_goals: &HashSet<i64>) -> Result<()> {
    if r.levels.is_empty() {
        return Err(bad(format!("{rp}.levels"), "no goals scored"));
    }
    if r.t_score.is_some_and(|t| !t.is_finite()) {
        return Err(bad(format!("{rp}.t_score"), "not a finite number"));
    }
    let mut seen = HashSet::new();
    for (j, l) in r.levels.iter().enumerate() {
        let lp = format!("{rp}.levels[{j}]");
        if !own_goals.contains(&l.goal_id) {
            return Err(bad(
                format!("{lp}.goal_id"),
                "not one of this client's goals",
            ));
        }
        if !seen.insert(l.goal_id) {
            return Err(bad(format!("{lp}.goal_id"), "scored twice in one review"));
        }
        if !(-2..=2).contains(&l.level) {
            return Err(bad(format!("{lp}.level"), "outside -2 to +2"));
        }
        weight(l.weight, format!("{lp}.weight"))?;
    }
    Ok(())
}
