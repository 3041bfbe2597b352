//! `/` in Notes: search every client's notes, results as you type; Enter
//! goes to the note.

use crate::app::input::LineInput;
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::store::search::SearchHit;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// How many results the overlay shows: the newest matches.
pub const RESULT_LIMIT: usize = 50;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteSearch {
    pub input: LineInput,
    pub hits: Vec<SearchHit>,
    pub cursor: Scroll,
    /// A search that failed (the database, never the query text).
    pub error: Option<String>,
}

impl NoteSearch {
    fn run(&mut self, app: &App) {
        match app.store.search_notes(self.input.text(), RESULT_LIMIT) {
            Ok(hits) => {
                self.hits = hits;
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(format!("Search failed: {e}"));
            }
        }
        self.cursor = Scroll::default();
    }
}

impl Layer for NoteSearch {
    fn context(&self) -> Context {
        Context::Search
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            return moved(self.cursor.step(delta, self.hits.len()));
        }
        match action {
            Action::OpenResult => {
                let Some(hit) = self.hits.get(self.cursor.index) else {
                    return Outcome::Done;
                };
                if !app.caseload.iter().any(|c| c.id == hit.client_id) {
                    app.status = Some(format!(
                        "{} is not in the caseload list (archived?).",
                        crate::app::name_tag(&hit.client_name)
                    ));
                    return Outcome::Done;
                }
                app.show_note(hit.client_id, hit.note_id);
                Outcome::Close
            }
            Action::Back => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn text(&mut self, key: KeyEvent, app: &mut App) -> Outcome {
        if self.input.edit(key) {
            self.run(app);
        }
        Outcome::Done
    }

    fn paste(&mut self, text: &str, app: &mut App) -> Outcome {
        self.input.insert_str(text);
        self.run(app);
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::note_search::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
