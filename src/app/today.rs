//! The day: the agenda overlay (`t`) and the workload summary (`w`).

use super::overlay::Overlay;
use super::{App, Cursor};
use crate::domain::agenda::{Agenda, HORIZON_DAYS};
use crate::domain::workload::Workload;
use chrono::Duration;

/// The agenda as computed when the overlay opened, and a cursor on its items.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayView {
    pub agenda: Agenda,
    pub cursor: Cursor,
}

impl App {
    /// Everything overdue and due in the next seven days, across the caseload.
    pub fn agenda(&self) -> crate::store::Result<Agenda> {
        let until = self.today + Duration::days(HORIZON_DAYS);
        Ok(Agenda::build(self.store.due_items(until)?, self.today))
    }

    pub(super) fn open_today(&mut self) {
        if let Some(Overlay::Today(_)) = self.overlays.last() {
            self.overlays.pop();
            return;
        }
        match self.agenda() {
            Ok(agenda) => self.overlays.push(Overlay::Today(TodayView {
                agenda,
                cursor: Cursor::default(),
            })),
            Err(e) => self.status = Some(format!("Could not build today's list: {e}")),
        }
    }

    /// Enter on an agenda item: close the list and select that client.
    pub(super) fn jump_from_today(&mut self) {
        let Some(Overlay::Today(v)) = self.overlays.last() else {
            return;
        };
        let Some(id) = v.agenda.get(v.cursor.index).map(|i| i.client_id) else {
            return;
        };
        self.overlays.pop();
        self.jump_to(id);
    }

    /// Move in the agenda list; `None` when it is not on top.
    pub(super) fn move_in_today(&mut self, delta: isize) -> Option<bool> {
        let Some(Overlay::Today(v)) = self.overlays.last_mut() else {
            return None;
        };
        let before = v.cursor.index;
        v.cursor.step(delta, v.agenda.len());
        Some(v.cursor.index != before)
    }

    pub fn workload(&self) -> crate::store::Result<Workload> {
        let agenda = self.agenda()?;
        // The roster holds archived rows only when shown; compute leaves them out.
        Ok(Workload::compute(
            &self.roster,
            agenda.overdue.len(),
            agenda.today.len() + agenda.this_week.len(),
            self.config.caseload_capacity,
            self.today,
        ))
    }

    pub(super) fn open_workload(&mut self) {
        if let Some(Overlay::Workload(_)) = self.overlays.last() {
            self.overlays.pop();
            return;
        }
        match self.workload() {
            Ok(w) => self.overlays.push(Overlay::Workload(w)),
            Err(e) => self.status = Some(format!("Could not count the workload: {e}")),
        }
    }

    pub(super) fn toggle_privacy(&mut self) {
        self.privacy = !self.privacy;
        self.status = Some(if self.privacy {
            "Privacy on: names shown as initials. P shows them again.".into()
        } else {
            "Privacy off: full names shown.".into()
        });
    }
}
