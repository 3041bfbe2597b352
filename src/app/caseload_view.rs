//! How the caseload list is viewed: order, filter, archived clients. The
//! loaded rows stay in `App.roster`; `App.caseload` is what is shown.

use super::input::LineInput;
use super::overlay::Overlay;
use super::overlays::filter::Filter;
use super::{App, Pane};
use crate::domain::caseload::{self, SortBy};
use crate::domain::caseload_shown::Shown;
use std::sync::Arc;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseloadView {
    pub sort: SortBy,
    /// What `/` typed; empty shows everyone.
    pub filter: LineInput,
    pub show_archived: bool,
}

impl CaseloadView {
    /// Is anything other than the default view in force?
    pub fn is_default(&self) -> bool {
        self.sort == SortBy::Urgency && self.filter.text().trim().is_empty() && !self.show_archived
    }
}

impl App {
    /// Recompute the shown list from the loaded rows, keeping the same
    /// client selected when it is still there. Loads the right-hand panes
    /// when the selection changed, or always if `reload_detail`.
    pub(crate) fn apply_view(&mut self, reload_detail: bool) {
        let before = std::mem::take(&mut self.caseload);
        let at = self.cursor(Pane::Caseload);
        if !self.ordered.fits(&self.roster, self.view.sort) {
            self.ordered = caseload::Ordered::of(&self.roster, self.view.sort);
        }
        let picked = self
            .ordered
            .view(&self.roster, self.view.filter.text(), self.today);
        self.caseload = Shown::new(Arc::clone(&self.roster), picked);
        let cursor = &mut self.cursors[Pane::Caseload as usize];
        if let Some(i) = self.caseload.position_of(&before, at) {
            cursor.index = i;
        }
        cursor.step(0, self.caseload.len());
        let before = before.get(at).map(|c| c.id);
        let after = self.selected_client().map(|c| c.id);
        if reload_detail || after != before || (after.is_some() != self.detail.is_some()) {
            if let Err(e) = self.load_detail() {
                self.status = Some(format!("Could not load this client: {e}"));
            }
        }
    }

    pub(super) fn cycle_sort(&mut self) {
        self.view.sort = self.view.sort.next();
        self.apply_view(false);
        self.status = Some(format!("Caseload sorted by {}.", self.view.sort.label()));
    }

    pub(super) fn toggle_archived(&mut self) {
        self.view.show_archived = !self.view.show_archived;
        if let Err(e) = self.reload_caseload() {
            self.status = Some(format!("Could not reload the caseload: {e}"));
            return;
        }
        self.status = Some(if self.view.show_archived {
            "Showing archived clients too (marked “archived”).".into()
        } else {
            "Archived clients hidden.".into()
        });
    }

    /// `/`: type to filter; the list narrows with every key.
    pub(super) fn open_filter(&mut self) {
        self.focus = Pane::Caseload;
        // The bottom line shows the filter's keys instead of an old message.
        self.status = None;
        self.view.filter.end();
        self.overlays.push(Overlay::Filter(Filter));
    }

    /// Drop the filter and show everyone again.
    pub(super) fn clear_filter(&mut self) {
        if !self.view.filter.text().is_empty() {
            self.view.filter = LineInput::default();
            self.apply_view(false);
        }
    }

    /// Put the cursor on a client, making sure the list shows them first.
    pub(crate) fn jump_to(&mut self, id: i64) {
        if !self.caseload.iter().any(|c| c.id == id) {
            self.view.filter = LineInput::default();
            self.apply_view(false);
        }
        self.focus = Pane::Caseload;
        self.select_client(id);
    }
}
