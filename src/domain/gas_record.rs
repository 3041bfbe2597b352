//! A goal's GAS scale and a client's GAS reviews, as kept on record (the
//! arithmetic is in [`super::gas`]).

use super::{Date, InError};

/// What each level of a goal looks like, in the client's words, lowest
/// (−2) first, and the goal's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct GasScale {
    pub id: i64,
    pub goal_id: i64,
    pub levels: [String; 5],
    pub weight: f64,
    pub set_by: String,
    pub created_at: String,
    pub error: Option<InError>,
}

impl GasScale {
    /// The description of `level` (−2..+2); `None` outside that range.
    pub fn says(&self, level: i8) -> Option<&str> {
        let i = usize::try_from(i16::from(level) + 2).ok()?;
        self.levels.get(i).map(String::as_str)
    }
}

/// Checks a scale before it is saved, each problem in words beside its
/// line (index 0..5 for the levels, 5 for the weight).
pub fn check_scale(levels: &[String; 5], weight: f64) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, text) in levels.iter().enumerate() {
        if text.trim().is_empty() {
            out.push((i, "describe this level in the client's words".to_string()));
        }
    }
    if !(weight.is_finite() && weight > 0.0) {
        out.push((5, "the weight must be a number above 0".to_string()));
    }
    out
}

/// One goal's level at a review, with the weight it had then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GasLevel {
    pub goal_id: i64,
    pub level: i8,
    pub weight: f64,
}

/// One review: the day, the levels, and the T-score as computed then.
#[derive(Debug, Clone, PartialEq)]
pub struct GasReview {
    pub id: i64,
    pub client_id: i64,
    pub reviewed_on: Date,
    pub levels: Vec<GasLevel>,
    pub t_score: Option<f64>,
    pub recorded_by: String,
    pub created_at: String,
    pub error: Option<InError>,
}

impl GasReview {
    /// The T-score of these levels and weights.
    pub fn compute(levels: &[GasLevel]) -> Result<Option<f64>, String> {
        let scored: Vec<super::gas::Scored> = levels
            .iter()
            .map(|l| super::gas::Scored {
                level: l.level,
                weight: l.weight,
            })
            .collect();
        super::gas::t_score(&scored)
    }
}
