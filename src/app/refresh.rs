//! A second instance (another SSH session on the same file) may write at any
//! time. Before drawing after input we look whether anything changed, and if
//! so reload, keeping the user's place.

use super::{App, Pane};

impl App {
    /// Reload if another connection committed since we last looked.
    /// Returns whether anything was reloaded.
    pub fn refresh_if_changed(&mut self) -> bool {
        let Ok(version) = self.store.data_version() else {
            return false;
        };
        if version == self.seen_data_version {
            return false;
        }
        self.seen_data_version = version;
        let selected = self.selected_client().map(|c| c.id);
        let kept: Vec<usize> = [Pane::Stages, Pane::Goals, Pane::Notes]
            .iter()
            .map(|p| self.cursor(*p))
            .collect();
        if let Err(e) = self.reload_caseload() {
            self.status = Some(format!(
                "Could not reload after another session's change: {e}"
            ));
            return true;
        }
        if let Some(id) = selected {
            self.select_client(id);
        }
        for (pane, index) in [Pane::Stages, Pane::Goals, Pane::Notes]
            .into_iter()
            .zip(kept)
        {
            let len = self.list_len(pane);
            self.cursors[pane as usize].index = index;
            self.cursors[pane as usize].step(0, len);
        }
        true
    }
}
