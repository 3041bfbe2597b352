//! How a case may move between stages. Pure rules: the app asks them before
//! offering a move, and the store asks them again inside the transaction so a
//! stale screen cannot write an impossible history.

use super::Date;
use super::checklist::ChecklistItem;
use super::stage::Stage;
use chrono::Months;
use std::fmt;

/// A change of stage a worker can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageMove {
    /// On to the next stage (`>`).
    Advance,
    /// Back one stage, with a reason (`<`).
    StepBack,
    /// From follow-up back to a fresh assessment: a new cycle of work.
    Reopen,
}

impl StageMove {
    /// Stable word for the audit trail.
    pub fn key(self) -> &'static str {
        match self {
            StageMove::Advance => "advance",
            StageMove::StepBack => "step_back",
            StageMove::Reopen => "reopen",
        }
    }
}

/// Why a move was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefused {
    AlreadyLast,
    AlreadyFirst,
    ReopenOnlyFromFollowUp(Stage),
    ReasonRequired,
    SummaryRequired,
}

impl fmt::Display for MoveRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoveRefused::AlreadyLast => write!(
                f,
                "{} is the last stage; re-open the case to start again at Assessment",
                Stage::FollowUp.name()
            ),
            MoveRefused::AlreadyFirst => write!(f, "Assessment is the first stage"),
            MoveRefused::ReopenOnlyFromFollowUp(s) => write!(
                f,
                "only a case in {} can be re-opened; this one is in {}",
                Stage::FollowUp.name(),
                s.name()
            ),
            MoveRefused::ReasonRequired => write!(f, "a short reason is needed"),
            MoveRefused::SummaryRequired => {
                write!(f, "entering Termination needs a termination summary")
            }
        }
    }
}

/// Where `mv` takes a case that is now in `current`.
pub fn target(current: Stage, mv: StageMove) -> Result<Stage, MoveRefused> {
    match mv {
        StageMove::Advance => current.next().ok_or(MoveRefused::AlreadyLast),
        StageMove::StepBack => current.previous().ok_or(MoveRefused::AlreadyFirst),
        StageMove::Reopen if current == Stage::FollowUp => Ok(Stage::Assessment),
        StageMove::Reopen => Err(MoveRefused::ReopenOnlyFromFollowUp(current)),
    }
}

/// The whole rule for a move, with what the worker wrote: stepping back and
/// re-opening need a reason; entering Termination needs a summary.
pub fn check_move(
    current: Stage,
    mv: StageMove,
    reason: Option<&str>,
    summary: Option<&str>,
) -> Result<Stage, MoveRefused> {
    let to = target(current, mv)?;
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if matches!(mv, StageMove::StepBack | StageMove::Reopen) && blank(reason) {
        return Err(MoveRefused::ReasonRequired);
    }
    if asks_for_summary(to) && mv == StageMove::Advance && blank(summary) {
        return Err(MoveRefused::SummaryRequired);
    }
    Ok(to)
}

/// Entering Termination asks what was achieved and what supports are in place.
pub fn asks_for_summary(to: Stage) -> bool {
    to == Stage::Termination
}

/// Leaving the ending stages for active work makes pending check-ins moot:
/// stepping back out of Termination, or re-opening from follow-up.
pub fn cancels_followups(from: Stage, to: Stage) -> bool {
    from >= Stage::Termination && to < Stage::Termination
}

/// How many of a stage's items are not done yet.
pub fn open_count(items: &[ChecklistItem], is_done: impl Fn(&str) -> bool) -> usize {
    items.iter().filter(|i| !is_done(&i.key)).count()
}

/// What `>` does: go at once, or first say how much is still open and ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Go,
    Confirm { open: usize },
}

pub fn advance_gate(open: usize) -> Gate {
    if open == 0 {
        Gate::Go
    } else {
        Gate::Confirm { open }
    }
}

/// The longest follow-up interval offered, in months: five years.
pub const MAX_FOLLOWUP_MONTHS: u32 = 60;

/// Check-in dates `months` after `start`, earliest first, without repeats.
pub fn followup_dates(start: Date, months: &[u32]) -> Vec<Date> {
    let mut out: Vec<Date> = months
        .iter()
        .filter(|m| (1..=MAX_FOLLOWUP_MONTHS).contains(*m))
        .filter_map(|m| start.checked_add_months(Months::new(*m)))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Read "1, 3, 6" (commas or spaces) as months. Empty means no check-ins.
pub fn parse_months(text: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match part.parse::<u32>() {
            Ok(m) if (1..=MAX_FOLLOWUP_MONTHS).contains(&m) => out.push(m),
            _ => {
                return Err(format!(
                    "{part:?} is not a number of months from 1 to {MAX_FOLLOWUP_MONTHS}"
                ));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Months as a worker types them: "1, 3, 6".
pub fn months_text(months: &[u32]) -> String {
    months
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn advance_and_step_back_stop_at_the_ends() {
        assert_eq!(
            target(Stage::Assessment, StageMove::Advance),
            Ok(Stage::GoalSetting)
        );
        assert_eq!(
            target(Stage::FollowUp, StageMove::Advance),
            Err(MoveRefused::AlreadyLast)
        );
        assert_eq!(
            target(Stage::Planning, StageMove::StepBack),
            Ok(Stage::GoalSetting)
        );
        assert_eq!(
            target(Stage::Assessment, StageMove::StepBack),
            Err(MoveRefused::AlreadyFirst)
        );
    }

    #[test]
    fn reopen_only_from_follow_up_and_always_to_assessment() {
        assert_eq!(
            target(Stage::FollowUp, StageMove::Reopen),
            Ok(Stage::Assessment)
        );
        for s in Stage::ALL.into_iter().filter(|s| *s != Stage::FollowUp) {
            assert_eq!(
                target(s, StageMove::Reopen),
                Err(MoveRefused::ReopenOnlyFromFollowUp(s))
            );
        }
    }

    #[test]
    fn stepping_back_and_reopening_need_a_reason() {
        let back = |r| check_move(Stage::Planning, StageMove::StepBack, r, None);
        assert_eq!(back(None), Err(MoveRefused::ReasonRequired));
        assert_eq!(back(Some("   ")), Err(MoveRefused::ReasonRequired));
        assert_eq!(back(Some("goals changed")), Ok(Stage::GoalSetting));
        assert_eq!(
            check_move(Stage::FollowUp, StageMove::Reopen, None, None),
            Err(MoveRefused::ReasonRequired)
        );
        // Advancing needs no reason.
        assert_eq!(
            check_move(Stage::Planning, StageMove::Advance, None, None),
            Ok(Stage::Implementation)
        );
    }

    #[test]
    fn entering_termination_needs_a_summary_but_leaving_it_does_not() {
        assert_eq!(
            check_move(Stage::Evaluation, StageMove::Advance, None, Some(" ")),
            Err(MoveRefused::SummaryRequired)
        );
        assert_eq!(
            check_move(Stage::Evaluation, StageMove::Advance, None, Some("done")),
            Ok(Stage::Termination)
        );
        // Coming back into Termination from follow-up keeps the summary already given.
        assert_eq!(
            check_move(Stage::FollowUp, StageMove::StepBack, Some("early"), None),
            Ok(Stage::Termination)
        );
        assert!(asks_for_summary(Stage::Termination));
        assert!(!asks_for_summary(Stage::FollowUp));
    }

    #[test]
    fn check_ins_are_cancelled_only_when_leaving_the_ending_for_active_work() {
        assert!(cancels_followups(Stage::Termination, Stage::Evaluation));
        assert!(cancels_followups(Stage::FollowUp, Stage::Assessment));
        assert!(!cancels_followups(Stage::FollowUp, Stage::Termination));
        assert!(!cancels_followups(Stage::Evaluation, Stage::Termination));
        assert!(!cancels_followups(Stage::Planning, Stage::GoalSetting));
    }

    #[test]
    fn gate_counts_open_items() {
        let items: Vec<ChecklistItem> = ["a", "b", "c"]
            .iter()
            .map(|k| ChecklistItem {
                key: k.to_string(),
                label: k.to_uppercase(),
            })
            .collect();
        let open = open_count(&items, |k| k == "b");
        assert_eq!(open, 2);
        assert_eq!(advance_gate(open), Gate::Confirm { open: 2 });
        assert_eq!(advance_gate(open_count(&items, |_| true)), Gate::Go);
        assert_eq!(advance_gate(open_count(&[], |_| false)), Gate::Go);
    }

    #[test]
    fn follow_up_dates_are_calendar_months_sorted_and_unique() {
        assert_eq!(
            followup_dates(d("2026-11-30"), &[6, 1, 3, 3]),
            vec![d("2026-12-30"), d("2027-02-28"), d("2027-05-30")]
        );
        assert!(followup_dates(d("2026-01-01"), &[]).is_empty());
        assert!(followup_dates(d("2026-01-01"), &[0, 61]).is_empty());
    }

    #[test]
    fn months_parse_from_what_people_type() {
        assert_eq!(parse_months("1, 3, 6"), Ok(vec![1, 3, 6]));
        assert_eq!(parse_months("6 1,,3"), Ok(vec![1, 3, 6]));
        assert_eq!(parse_months("  "), Ok(vec![]));
        assert!(parse_months("1, three").unwrap_err().contains("\"three\""));
        assert!(parse_months("0").is_err());
        assert!(parse_months("61").is_err());
        assert_eq!(months_text(&[1, 3, 6]), "1, 3, 6");
    }
}
