//! Moving an unsigned note written for the wrong client: `m` in Notes
//! asks which client (the picker), then confirms, then the store moves it
//! over the note as it was shown. Signed notes are refused here with their
//! route (an addendum), and again by the store, which also refuses a note
//! another session signed or changed meanwhile: a move has nothing of its
//! own to merge, so that refusal is said in the status line and the note
//! is shown as it is now, to look at and move again.

use super::overlays::client_picker::{Candidate, ClientPicker};
use super::{Action, App, Overlay, Pane, Reload, Scroll, name_tag};
use crate::keymap::Context;
use crate::store::StoreError;
use crate::store::conflict::NoteVersion;

impl App {
    /// `m` in Notes: the client picker for the selected unsigned note.
    pub(super) fn ask_move_note(&mut self) {
        let (Some(note), Some(from)) = (
            self.selected_note().cloned(),
            self.selected_client().map(|c| Candidate {
                id: c.id,
                name: c.name.clone(),
            }),
        ) else {
            self.status = Some("Select a note to move it.".into());
            return;
        };
        if note.is_signed() {
            self.status = Some(format!(
                "A signed note stays with its client: correct it with an addendum ({}).",
                self.key(Action::AddAddendum, Context::Pane(Pane::Notes))
            ));
            return;
        }
        if note.error.is_some() {
            self.status = Some(
                "This note was entered in error; write a new note for the right client.".into(),
            );
            return;
        }
        let clients = match self.store.caseload_rows(false) {
            Ok(rows) => rows
                .into_iter()
                .filter(|c| c.id != from.id)
                .map(|c| Candidate {
                    id: c.id,
                    name: c.name,
                })
                .collect(),
            Err(e) => {
                self.status = Some(format!("Could not read the caseload: {e}"));
                return;
            }
        };
        let base = NoteVersion {
            meta: note.meta(),
            body: note.body.clone(),
        };
        self.overlays
            .push(Overlay::ClientPicker(Box::new(ClientPicker {
                note_id: note.id,
                from,
                base,
                clients,
                query: Default::default(),
                cursor: Scroll::default(),
            })));
    }

    /// Yes to "Move this note…?": the picker is on top (the question is
    /// already off the stack); it goes, and the store moves the note.
    pub(super) fn move_confirmed(&mut self, to: i64) {
        let Some(Overlay::ClientPicker(p)) = self.overlays.pop() else {
            return;
        };
        let to_name = p
            .clients
            .iter()
            .find(|c| c.id == to)
            .map_or_else(|| format!("client #{to}"), |c| name_tag(&c.name));
        let outcome = self.store.move_note(p.note_id, to, &p.base);
        self.reload_after_save(Reload::Client);
        self.status = Some(match outcome {
            Ok(moved) => {
                let mut s = format!(
                    "Moved the note from {} (#{}) to {to_name} (#{to}).",
                    name_tag(&p.from.name),
                    p.from.id
                );
                let from = name_tag(&p.from.name);
                match moved.goals_cleared {
                    0 => {}
                    1 => s.push_str(&format!(" The goal of {from}'s it named was cleared.")),
                    n => s.push_str(&format!(
                        " The {n} goals of {from}'s it named were cleared."
                    )),
                }
                s
            }
            Err(StoreError::Conflict(c)) => format!(
                "Not moved: another session changed this note{}; it is shown as it is now.",
                c.changed_at.map(|w| format!(" at {w}")).unwrap_or_default()
            ),
            Err(e) => format!("Not moved: {e}."),
        });
    }
}
