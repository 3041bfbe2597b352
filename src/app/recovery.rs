//! The last resort for typing: when the final write at exit fails (another
//! session holds the lock, the disk is full, the file went read-only), what
//! is on screen goes to a private file beside the database, and the next
//! start puts it back into drafts. casework never says "saved" otherwise.

use super::{App, Overlay};
use crate::store::Store;
use crate::store::drafts::Draft;
use crate::store::form_drafts::FormDraft;
use serde::{Deserialize, Serialize};

/// Everything that was on screen and not in the database.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Leftovers {
    /// Note drafts: (client id, note id, what it will become, details, text).
    pub notes: Vec<LeftNote>,
    /// Form drafts as the form-draft table holds them (the form as JSON).
    pub forms: Vec<LeftForm>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LeftNote {
    pub client_id: i64,
    pub note_id: Option<i64>,
    pub target: crate::store::drafts::DraftTarget,
    pub meta: crate::domain::NoteMeta,
    pub body: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LeftForm {
    pub client_id: Option<i64>,
    pub body: String,
}

impl Leftovers {
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && self.forms.is_empty()
    }
}

impl App {
    /// What is still not in the database (call after `Msg::Closing`).
    pub fn leftovers(&self) -> Leftovers {
        let mut out = Leftovers::default();
        for o in &self.overlays {
            match o {
                Overlay::Editor(e) if e.unsaved => out.notes.push(LeftNote {
                    client_id: e.client_id,
                    note_id: e.note_id,
                    target: e.target,
                    meta: e.meta.clone(),
                    body: e.body(),
                }),
                Overlay::Form(f) => {
                    if let Some(body) = f.unsaved_snapshot() {
                        out.forms.push(LeftForm {
                            client_id: f.for_client.or(self.selected_client().map(|c| c.id)),
                            body,
                        });
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// Put typing kept in a recovery file back into drafts, before the app
/// starts (so it reopens them as any draft). `Err` says why not; then the
/// file must stay.
pub fn restore(store: &mut Store, left: &Leftovers) -> Result<usize, String> {
    {
        let mut n = 0;
        for note in &left.notes {
            let draft = Draft {
                id: 0,
                client_id: note.client_id,
                note_id: note.note_id,
                target: note.target,
                meta: note.meta.clone(),
                body: note.body.clone(),
                updated_at: None,
            };
            store.save_draft(&draft).map_err(|e| e.to_string())?;
            n += 1;
        }
        for form in &left.forms {
            let draft = FormDraft {
                id: 0,
                client_id: form.client_id,
                body: form.body.clone(),
                updated_at: None,
            };
            store.save_form_draft(&draft).map_err(|e| e.to_string())?;
            n += 1;
        }
        Ok(n)
    }
}
