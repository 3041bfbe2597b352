//! The seven stages a case moves through, in practice order.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Assessment,
    GoalSetting,
    Planning,
    Implementation,
    Evaluation,
    Termination,
    FollowUp,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Assessment,
        Stage::GoalSetting,
        Stage::Planning,
        Stage::Implementation,
        Stage::Evaluation,
        Stage::Termination,
        Stage::FollowUp,
    ];

    /// Stable key stored in the database and used in exports and data files.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Assessment => "assessment",
            Stage::GoalSetting => "goal_setting",
            Stage::Planning => "planning",
            Stage::Implementation => "implementation",
            Stage::Evaluation => "evaluation",
            Stage::Termination => "termination",
            Stage::FollowUp => "follow_up",
        }
    }

    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::Assessment => "Assessment",
            Stage::GoalSetting => "Goal setting",
            Stage::Planning => "Planning",
            Stage::Implementation => "Implementation",
            Stage::Evaluation => "Evaluation",
            Stage::Termination => "Termination",
            Stage::FollowUp => "Follow-up & aftercare",
        }
    }

    /// Short label for narrow columns (the caseload list, the stage line).
    pub fn short(self) -> &'static str {
        match self {
            Stage::Assessment => "Assess",
            Stage::GoalSetting => "Goals",
            Stage::Planning => "Plan",
            Stage::Implementation => "Implement",
            Stage::Evaluation => "Evaluate",
            Stage::Termination => "Terminate",
            Stage::FollowUp => "Follow-up",
        }
    }

    /// 1-based position, as practitioners count stages.
    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn index(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Stage> {
        self.index().checked_sub(1).map(|i| Stage::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_order_is_practice_order() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_key(s.key()), Some(s));
        }
        assert_eq!(Stage::from_key("nonsense"), None);
        assert_eq!(Stage::Assessment.next(), Some(Stage::GoalSetting));
        assert_eq!(Stage::FollowUp.next(), None);
        assert_eq!(Stage::Assessment.previous(), None);
        assert_eq!(Stage::Termination.previous(), Some(Stage::Evaluation));
        assert_eq!(Stage::FollowUp.number(), 7);
    }
}
