//! How heavy the caseload is: counts a supervisor would ask for, and a
//! traffic light against the worker's capacity.

use super::client::ClientSummary;
use super::{Date, Stage};

/// Green, amber or red, always with a word so it reads without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    /// From open cases against capacity: amber from 80% of capacity, red
    /// above it. A capacity of 0 means "not set" and never goes red.
    pub fn for_load(open: usize, capacity: u32) -> Light {
        if capacity == 0 {
            return Light::Green;
        }
        let cap = capacity as usize;
        if open > cap {
            Light::Red
        } else if open * 5 >= cap * 4 {
            Light::Amber
        } else {
            Light::Green
        }
    }

    pub fn colour_name(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }

    /// The word shown beside the light.
    pub fn word(self) -> &'static str {
        match self {
            Light::Green => "ok",
            Light::Amber => "near",
            Light::Red => "over",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Light::Green => "within capacity",
            Light::Amber => "near capacity",
            Light::Red => "over capacity",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// Clients not archived.
    pub open: usize,
    pub capacity: u32,
    /// Open clients per stage, in practice order.
    pub per_stage: [usize; 7],
    pub crisis: usize,
    /// Clients with at least one overdue date.
    pub overdue_clients: usize,
    /// Overdue dated items across all sources (next contacts, reviews,
    /// goals, plan steps, follow-ups).
    pub overdue_items: usize,
    /// Items due today or in the next seven days.
    pub due_this_week: usize,
    pub light: Light,
}

impl Workload {
    /// Archived clients in `clients` are left out of every count.
    pub fn compute(
        clients: &[ClientSummary],
        overdue_items: usize,
        due_this_week: usize,
        capacity: u32,
        today: Date,
    ) -> Workload {
        Workload {
            overdue_items,
            due_this_week,
            ..Workload::of_clients(clients, capacity, today)
        }
    }

    /// The counts that come from the client rows alone (the dated items
    /// are left at 0): what the caseload's title shows.
    pub fn of_clients(clients: &[ClientSummary], capacity: u32, today: Date) -> Workload {
        let open: Vec<&ClientSummary> = clients.iter().filter(|c| !c.archived).collect();
        let mut per_stage = [0; 7];
        for c in &open {
            per_stage[c.stage.index()] += 1;
        }
        Workload {
            open: open.len(),
            capacity,
            per_stage,
            crisis: open.iter().filter(|c| c.crisis).count(),
            overdue_clients: open.iter().filter(|c| c.is_overdue(today)).count(),
            overdue_items: 0,
            due_this_week: 0,
            light: Light::for_load(open.len(), capacity),
        }
    }

    pub fn stage_counts(&self) -> impl Iterator<Item = (Stage, usize)> + '_ {
        Stage::ALL.into_iter().zip(self.per_stage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RiskLevel;

    #[test]
    fn light_thresholds() {
        assert_eq!(Light::for_load(19, 25), Light::Green);
        assert_eq!(Light::for_load(20, 25), Light::Amber);
        assert_eq!(Light::for_load(25, 25), Light::Amber);
        assert_eq!(Light::for_load(26, 25), Light::Red);
        assert_eq!(Light::for_load(500, 0), Light::Green);
    }

    #[test]
    fn counts_leave_out_archived_clients() {
        let today: Date = "2026-11-23".parse().expect("date");
        let c = |id, stage, crisis, archived, next: &str| ClientSummary {
            id,
            name: format!("C{id}"),
            stage,
            next_contact: next.parse().ok(),
            case_review: None,
            crisis,
            risk_level: RiskLevel::Low,
            earliest_open_due: None,
            archived,
        };
        let list = vec![
            c(1, Stage::Assessment, true, false, "2026-11-20"),
            c(2, Stage::Assessment, false, false, "2026-11-30"),
            c(3, Stage::FollowUp, false, false, "2026-11-01"),
            c(4, Stage::FollowUp, true, true, "2026-11-01"),
        ];
        let w = Workload::compute(&list, 4, 2, 3, today);
        assert_eq!(w.open, 3);
        assert_eq!(w.per_stage, [2, 0, 0, 0, 0, 0, 1]);
        assert_eq!(w.crisis, 1);
        assert_eq!(w.overdue_clients, 2);
        assert_eq!(w.light, Light::Amber);
    }
}
