//! The last resort for typing: when the final write at exit fails (another
//! session holds the lock, the disk is full, the file went read-only), what
//! is on screen goes to a private file beside the database, and the next
//! start puts it back into drafts. casework never says "saved" otherwise.

use super::overlays::editor_leftover::EditorLeftover;
use super::{App, Overlay};
use crate::external_editor::Leftover;
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeftNote {
    pub client_id: i64,
    pub note_id: Option<i64>,
    /// The draft row the text belongs to, when it has one (the external
    /// editor's leftovers); `None` makes a new draft.
    #[serde(default)]
    pub draft_id: Option<i64>,
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
                    draft_id: None,
                    target: e.target,
                    meta: e.meta.clone(),
                    body: e.body(),
                }),
                o => {
                    // Forms, measures being given, GAS reviews.
                    if let Some(body) = o.drafted().and_then(|f| f.unsaved_snapshot()) {
                        out.forms.push(LeftForm {
                            client_id: o
                                .drafted()
                                .and_then(|f| f.draft_client())
                                .or(self.selected_client().map(|c| c.id)),
                            body,
                        });
                    }
                }
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

impl App {
    /// The note in the editor, as `$EDITOR` is about to get it: which
    /// draft it belongs to, so a leftover can be offered back for it.
    pub fn note_for_external_editor(&self) -> Option<LeftNote> {
        let e = self.editor()?;
        Some(LeftNote {
            client_id: e.client_id,
            note_id: e.note_id,
            draft_id: e.draft_id,
            target: e.target,
            meta: e.meta.clone(),
            body: e.body(),
        })
    }

    /// At start: ask about each piece of text `$EDITOR` was left holding.
    pub fn offer_editor_leftovers(&mut self, leftovers: Vec<Leftover>) {
        // Text left for any client: every name must be known to say whose.
        if !leftovers.is_empty() {
            self.load_the_rest();
        }
        for left in leftovers {
            let name = self.client_name(left.note.client_id);
            self.overlays
                .push(Overlay::EditorLeftover(Box::new(EditorLeftover::new(
                    left, &name,
                ))));
        }
    }

    /// Yes: the text goes into the note's draft (the open editor's, if it
    /// is that draft's), and only then is the file removed.
    pub(super) fn take_editor_leftover(&mut self, left: &Leftover) {
        let open = self.editor_mut().filter(|e| {
            e.client_id == left.note.client_id
                && e.note_id == left.note.note_id
                && e.target == left.note.target
                && (left.note.draft_id.is_none() || e.draft_id == left.note.draft_id)
        });
        if let Some(e) = open {
            e.replace_text(&left.text);
            e.notice = Some("Text from $EDITOR, left when casework stopped, taken back.".into());
            self.flush_drafts();
            let still_unsaved = self.editor().is_some_and(|e| e.unsaved);
            if still_unsaved {
                self.status = Some(format!(
                    "The text is in the editor but not yet in a draft; it stays in {} too.",
                    left.dir.display()
                ));
                return;
            }
        } else {
            let draft = Draft {
                id: left.note.draft_id.unwrap_or(0),
                client_id: left.note.client_id,
                note_id: left.note.note_id,
                target: left.note.target,
                meta: left.note.meta.clone(),
                body: left.text.clone(),
                updated_at: None,
            };
            if let Err(e) = self.store.save_draft(&draft) {
                self.status = Some(format!(
                    "Could not put the text from $EDITOR into a draft ({e}); it stays in {}.",
                    left.dir.display()
                ));
                return;
            }
            self.refresh_drafts();
            self.status = Some(format!(
                "Text from $EDITOR taken into the draft of {}'s note; it reopens from their notes.",
                self.client_name(left.note.client_id)
            ));
        }
        if let Err(e) = left.remove() {
            self.status = Some(format!("Text taken back; remove it by hand: {e}"));
        }
    }

    /// No: the text is let go.
    pub(super) fn let_go_of_editor_leftover(&mut self, left: &Leftover) {
        self.status = Some(match left.remove() {
            Ok(()) => "Let go of the text left in $EDITOR.".into(),
            Err(e) => format!("Could not remove the text left in $EDITOR: {e}"),
        });
    }
}
