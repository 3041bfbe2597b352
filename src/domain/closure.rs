//! Why a case closed, and the rules for dating what already happened
//! (back-dated ticks, stage moves, check-ins held).

use super::Date;

/// Why a case closed: a short list practitioners report on, plus free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureReason {
    GoalsMet,
    ClientWithdrew,
    Moved,
    ReferredOn,
    Other,
}

impl ClosureReason {
    pub const ALL: [ClosureReason; 5] = [
        ClosureReason::GoalsMet,
        ClosureReason::ClientWithdrew,
        ClosureReason::Moved,
        ClosureReason::ReferredOn,
        ClosureReason::Other,
    ];
    /// The words a form's choice shows, in the order of `ALL`.
    pub const LABELS: &'static [&'static str] = &[
        "goals met",
        "client withdrew",
        "moved",
        "referred on",
        "other",
    ];

    pub fn key(self) -> &'static str {
        match self {
            ClosureReason::GoalsMet => "goals_met",
            ClosureReason::ClientWithdrew => "client_withdrew",
            ClosureReason::Moved => "moved",
            ClosureReason::ReferredOn => "referred_on",
            ClosureReason::Other => "other",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            ClosureReason::GoalsMet => "goals met",
            ClosureReason::ClientWithdrew => "client withdrew",
            ClosureReason::Moved => "moved",
            ClosureReason::ReferredOn => "referred on",
            ClosureReason::Other => "other",
        }
    }
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == s)
    }
}

/// What closed the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureEvent {
    Termination,
    Archive,
}

impl ClosureEvent {
    pub fn key(self) -> &'static str {
        match self {
            ClosureEvent::Termination => "termination",
            ClosureEvent::Archive => "archive",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        [ClosureEvent::Termination, ClosureEvent::Archive]
            .into_iter()
            .find(|e| e.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            ClosureEvent::Termination => "entered Termination",
            ClosureEvent::Archive => "archived",
        }
    }
}

/// One closing of a case, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub closed_on: Date,
    pub event: ClosureEvent,
    pub reason: ClosureReason,
    pub note: Option<String>,
}

/// A reason and its words, checked: "other" says what, in words.
pub fn check_reason(reason: ClosureReason, note: Option<&str>) -> Result<(), String> {
    let empty = note.is_none_or(|n| n.trim().is_empty());
    if reason == ClosureReason::Other && empty {
        Err("say what the other reason is".into())
    } else {
        Ok(())
    }
}

/// A date for something that already happened in this case: a tick, a
/// stage move, a check-in held. Not after today, not before the client's
/// intake, and not before `not_before` (the stage the case is in began
/// then). The message reads after the field's label.
pub fn check_past(
    on: Date,
    today: Date,
    intake: Option<Date>,
    not_before: Option<(Date, &str)>,
) -> Result<(), String> {
    if on > today {
        return Err(format!(
            "{on} is in the future; use today or an earlier day"
        ));
    }
    if let Some(i) = intake.filter(|i| on < *i) {
        return Err(format!("{on} is before the intake date, {i}"));
    }
    if let Some((d, what)) = not_before.filter(|(d, _)| on < *d) {
        return Err(format!("{on} is before {what}, {d}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn a_past_date_is_checked_against_today_intake_and_stage() {
        let today = d("2026-11-23");
        assert!(check_past(today, today, None, None).is_ok());
        assert!(check_past(d("2026-11-24"), today, None, None).is_err());
        let intake = Some(d("2026-10-01"));
        assert!(check_past(d("2026-09-30"), today, intake, None).is_err());
        assert!(check_past(d("2026-10-01"), today, intake, None).is_ok());
        let stage = Some((d("2026-11-01"), "the current stage began"));
        assert!(check_past(d("2026-10-31"), today, intake, stage).is_err());
    }

    #[test]
    fn reasons_round_trip_and_other_needs_words() {
        for (r, l) in ClosureReason::ALL.iter().zip(ClosureReason::LABELS) {
            assert_eq!(ClosureReason::from_key(r.key()), Some(*r));
            assert_eq!(ClosureReason::from_label(l), Some(*r));
        }
        assert!(check_reason(ClosureReason::Other, Some("  ")).is_err());
        assert!(check_reason(ClosureReason::Other, Some("family reasons")).is_ok());
        assert!(check_reason(ClosureReason::Moved, None).is_ok());
    }
}
