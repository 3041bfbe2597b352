//! The day: the agenda overlay (`t`) and the workload summary (`w`).

use super::agenda_window::AgendaWindow;
use super::overlay::Overlay;
use super::overlays::today::TodayView;
use super::overlays::workload::WorkloadView;
use super::{App, Scroll};
use crate::domain::agenda::{Agenda, HORIZON_DAYS};
use crate::domain::workload::Workload;
use chrono::Duration;

impl App {
    /// Everything overdue and due in the next seven days, across the
    /// caseload, worked out whole from the records (Today reads only what
    /// it shows, from the kept agenda; see `AgendaWindow`).
    pub fn agenda(&self) -> crate::store::Result<Agenda> {
        let until = self.today + Duration::days(HORIZON_DAYS);
        Ok(Agenda::build(self.store.due_items(until)?, self.today))
    }

    pub(super) fn open_today(&mut self) {
        match AgendaWindow::open(&self.store, self.today, 0) {
            Ok(agenda) => self.overlays.push(Overlay::Today(TodayView {
                agenda,
                cursor: Scroll::default(),
            })),
            Err(e) => self.status = Some(format!("Could not build today's list: {e}")),
        }
    }

    pub fn workload(&self) -> crate::store::Result<Workload> {
        let until = self.today + Duration::days(HORIZON_DAYS);
        let (overdue_items, due_this_week) = self.store.due_counts(self.today, until)?;
        Ok(Workload {
            overdue_items,
            due_this_week,
            ..self.load.clone()
        })
    }

    pub(super) fn open_workload(&mut self) {
        match self.workload() {
            Ok(w) => self.overlays.push(Overlay::Workload(WorkloadView(w))),
            Err(e) => self.status = Some(format!("Could not count the workload: {e}")),
        }
    }

    pub(super) fn toggle_privacy(&mut self) {
        self.privacy = !self.privacy;
        self.index_names();
        self.status = Some(if self.privacy {
            format!(
                "Privacy on: initials for names; phones and e-mails hidden. {} shows all.",
                self.key(
                    super::Action::TogglePrivacy,
                    crate::keymap::Context::Pane(self.focus)
                )
            )
        } else {
            "Privacy off: names, phones and e-mails shown.".into()
        });
    }
}
