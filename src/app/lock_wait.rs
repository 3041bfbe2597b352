//! Another session holds the write lock (it is saving, or a backup or an
//! import is running): a Ctrl-S that meets it does not freeze the screen.
//! The form or editor stays open with every word, a status line counts the
//! wait, and the save is tried again on each tick until it lands.

use super::layer::Outcome;
use super::{Action, App, Overlay};
use std::time::Instant;

/// A save that gave up on the lock and will be tried again.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    since: Instant,
}

impl App {
    /// After a Ctrl-S: if its write met the lock, wait and retry; if it
    /// landed (or wrote nothing), stop waiting.
    pub(super) fn after_save_attempt(&mut self) {
        if self.store.met_lock() {
            let since = self.waiting.map_or_else(Instant::now, |w| w.since);
            self.waiting = Some(Waiting { since });
            let secs = since.elapsed().as_secs();
            self.status = Some(format!(
                "Waiting for the other session to finish writing ({secs} s). \
                 Your typing is kept here and is saved as soon as it can be."
            ));
        } else {
            self.waiting = None;
        }
    }

    /// A tick while waiting: the form or editor the save was for is still on
    /// top, so save it again.
    pub(super) fn retry_waiting_save(&mut self) -> bool {
        if self.waiting.is_none() {
            return false;
        }
        if !matches!(
            self.overlays.last(),
            Some(Overlay::Form(_) | Overlay::Editor(_))
        ) {
            // Closed or left meanwhile: its typing is in its draft.
            self.waiting = None;
            return true;
        }
        self.store.forget_lock();
        let _ = self.route(|o, app| match o.handle(Action::Save, app) {
            // A question (sign the addendum?) is asked once, not every tick.
            Outcome::Open(_) => Outcome::Done,
            other => other,
        });
        self.after_save_attempt();
        true
    }

    /// Is a save waiting for the lock (so the loop keeps a timer)?
    pub fn waiting_for_lock(&self) -> bool {
        self.waiting.is_some()
    }
}
