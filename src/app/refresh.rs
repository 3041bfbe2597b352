//! A second instance (another SSH session on the same file) may write at any
//! time. Before drawing after input we look whether anything changed, and if
//! so reload, keeping the user's place.

use super::App;

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
        if let Err(e) = self.reload_keeping_place(super::Reload::Caseload) {
            self.status = Some(format!(
                "Could not reload after another session's change: {e}"
            ));
        }
        true
    }
}
