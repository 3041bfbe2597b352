//! Reading Goal Attainment Scaling out of the export document, for every
//! document that shows it (case summary, consultation pack, progress
//! sheet): which scale a review was scored against, the words of a level,
//! and the reviews that count.

use crate::store::export::{ClientExport, GasReviewExport, GasScaleExport, GoalExport};

/// The five descriptions of a scale, −2 first.
pub fn levels(s: &GasScaleExport) -> [&str; 5] {
    [&s.much_less, &s.less, &s.expected, &s.more, &s.much_more].map(String::as_str)
}

/// What `level` (−2..+2) looks like on this scale.
pub fn says(s: &GasScaleExport, level: i8) -> Option<&str> {
    let i = usize::try_from(i16::from(level) + 2).ok()?;
    levels(s).get(i).copied()
}

/// A level as a signed number: "-2", "-1", "0", "+1", "+2".
pub fn signed(level: i8) -> String {
    if level == 0 {
        "0".into()
    } else {
        format!("{level:+}")
    }
}

/// The standard words of a level ("somewhat more than expected").
pub fn standard(level: i8) -> &'static str {
    crate::domain::gas::LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("", |(_, w)| w)
}

/// The goal's scale now: its newest not entered in error.
pub fn current(g: &GoalExport) -> Option<&GasScaleExport> {
    g.gas_scales
        .iter()
        .rev()
        .find(|s| s.entered_in_error.is_none())
}

/// The scale a review saved at `at` was scored against: the newest set
/// before it and not entered in error (stamps are UTC RFC 3339, so they
/// compare as text).
pub fn scale_at<'a>(g: &'a GoalExport, at: &str) -> Option<&'a GasScaleExport> {
    g.gas_scales
        .iter()
        .rev()
        .find(|s| s.entered_in_error.is_none() && s.created_at.as_str() <= at)
}

pub fn goal(c: &ClientExport, id: i64) -> Option<&GoalExport> {
    c.goals.iter().find(|g| g.id == id)
}

/// The reviews that count (not entered in error) with a T-score, oldest
/// first.
pub fn counted(c: &ClientExport) -> Vec<&GasReviewExport> {
    c.gas_reviews
        .iter()
        .filter(|r| r.entered_in_error.is_none() && r.t_score.is_some())
        .collect()
}

/// A T-score as the documents write it.
pub fn t_text(t: Option<f64>) -> String {
    t.map_or_else(|| "no T-score".into(), |t| format!("T-score {t:.1}"))
}
