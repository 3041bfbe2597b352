//! Another session holds the write lock (it is saving, or a backup or an
//! import is running): a Ctrl-S that meets it does not freeze the screen.
//! The form or editor stays open with every word, a status line counts the
//! wait, and the save is tried again on each tick until it lands.

use super::{Action, App, Overlay};
use std::time::Instant;

/// A save that gave up on the lock and will be tried again.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    since: Instant,
    /// How deep the form or editor that waits sits on the stack: something
    /// opened over it (the details form over the editor) is not it.
    depth: usize,
}

impl App {
    /// After a Ctrl-S: if its write met the lock, wait and retry; if it
    /// landed (or wrote nothing), stop waiting.
    pub(super) fn after_save_attempt(&mut self) {
        if self.store.met_lock() {
            let (since, depth) = self.waiting.map_or_else(
                || (Instant::now(), self.overlays.len()),
                |w| (w.since, w.depth),
            );
            self.waiting = Some(Waiting { since, depth });
            let secs = since.elapsed().as_secs();
            self.status = Some(format!(
                "Waiting for the other session to finish writing ({secs} s). \
                 Your typing is kept here and is saved as soon as it can be."
            ));
        } else if self.waiting.take().is_some() {
            // Its save landed (and said so), or met something else (a
            // conflict, now on screen): either way the promise is kept or
            // withdrawn, never left standing.
            let promised = self
                .status
                .as_deref()
                .is_some_and(|s| s.starts_with("Waiting for the other session"));
            if promised {
                self.status = Some("The other session has finished writing.".into());
            }
        }
    }

    /// A tick while waiting: the form or editor the save was for is still on
    /// top, so save it again.
    pub(super) fn retry_waiting_save(&mut self) -> bool {
        let Some(w) = self.waiting else {
            return false;
        };
        if self.overlays.len() < w.depth
            || !matches!(
                self.overlays.get(w.depth.saturating_sub(1)),
                Some(Overlay::Form(_) | Overlay::Editor(_))
            )
        {
            // Closed or left meanwhile: its typing is in its draft.
            self.waiting = None;
            return true;
        }
        if self.overlays.len() > w.depth {
            // Something is open over it (a question, the details form):
            // wait for it to close rather than save the wrong thing.
            return false;
        }
        self.store.forget_lock();
        // A conflict found now opens over the form, as for any Ctrl-S.
        let _ = self.route(|o, app| o.handle(Action::Save, app));
        self.after_save_attempt();
        true
    }

    /// Is a save waiting for the lock (so the loop keeps a timer)?
    pub fn waiting_for_lock(&self) -> bool {
        self.waiting.is_some()
    }
}
