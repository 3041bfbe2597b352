//! `/` in Notes: search every client's notes (or, after Tab, the selected
//! client's), results as you type; Enter goes to the note. Results come a
//! page at a time, the next page when the selection reaches the last one
//! loaded, so a word in every note costs no more than a rare one.
//!
//! No query runs here: the overlay asks for one (`Effect::Search`), the
//! event loop answers it on another thread once typing pauses, and the
//! answer comes back as `Msg::Searched`. A key never waits on a query.

use crate::app::input::LineInput;
use crate::app::layer::Effect;
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::store::search::{Cursor, Scope, SearchHit, fts_query};
use crate::store::search_reader::{Answer, Request};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// How many results one page loads.
pub const PAGE_SIZE: usize = 50;

/// Whose notes are searched: everyone's, or one client's (their name kept
/// for the title, drawn through privacy mode like every name).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SearchScope {
    #[default]
    All,
    Client {
        id: i64,
        name: String,
    },
}

impl SearchScope {
    fn store_scope(&self) -> Scope {
        match self {
            SearchScope::All => Scope::All,
            SearchScope::Client { id, .. } => Scope::Client(*id),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteSearch {
    pub input: LineInput,
    pub scope: SearchScope,
    /// The results loaded so far, newest first. While a new search is
    /// waiting they are the last search's, marked as such (`waiting`).
    pub hits: Vec<SearchHit>,
    /// Every match of the query in the scope, loaded or not.
    pub total: u64,
    /// Where the next page starts; `None` when everything is loaded.
    next: Option<Cursor>,
    pub cursor: Scroll,
    /// A search that failed (the database, never the query text).
    pub error: Option<String>,
    /// The search asked for and not answered yet: its id, and whether it
    /// is the next page of the results shown (else new results).
    waiting: Option<(u64, Wait)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    NewResults,
    NextPage,
}

impl NoteSearch {
    /// Is a search asked for and not answered yet ("searching…")?
    pub fn is_searching(&self) -> bool {
        self.waiting.is_some()
    }

    /// Ask for results from the first page: the query or the scope
    /// changed. While typing (`when_idle`) the search starts only once the
    /// keys pause, and the next key replaces it; the shown results stay
    /// until the answer comes, marked as waiting.
    fn run(&mut self, app: &mut App, when_idle: bool) {
        self.error = None;
        let text = self.input.text();
        if fts_query(text).is_none() {
            // Nothing searchable: nothing to wait for.
            self.hits.clear();
            self.total = 0;
            self.next = None;
            self.cursor = Scroll::default();
            if self.waiting.take().is_some() {
                app.effects.push(Effect::StopSearch);
            }
            return;
        }
        let id = app.next_search_id();
        self.waiting = Some((id, Wait::NewResults));
        let request = Request {
            id,
            text: text.to_string(),
            scope: self.scope.store_scope(),
            from: Cursor::START,
            limit: PAGE_SIZE,
            count: true,
        };
        app.effects.push(Effect::Search { request, when_idle });
    }

    /// Ask for the next page, once the selection is on the last result
    /// loaded (and nothing else is being searched).
    fn load_more_at_end(&mut self, app: &mut App) {
        let Some(from) = self.next else { return };
        if self.waiting.is_some() || self.cursor.index + 1 < self.hits.len() {
            return;
        }
        let id = app.next_search_id();
        self.waiting = Some((id, Wait::NextPage));
        let request = Request {
            id,
            text: self.input.text().to_string(),
            scope: self.scope.store_scope(),
            from,
            limit: PAGE_SIZE,
            count: false,
        };
        app.effects.push(Effect::Search {
            request,
            when_idle: false,
        });
    }

    /// Take the answer to the search this overlay waits for; any other
    /// (an older search's, come late) is dropped. Whether the screen changed.
    pub(crate) fn answered(&mut self, answer: Answer) -> bool {
        let Some((id, wait)) = self.waiting else {
            return false;
        };
        if answer.id() != id {
            return false;
        }
        match answer {
            // Stopped though still wanted: only a search this overlay let
            // go of is stopped, so this cannot be the one it waits for.
            // Nothing to show and nothing to say; keep waiting.
            Answer::Stopped { .. } => return false,
            Answer::Found { page, total, .. } => {
                if wait == Wait::NewResults {
                    self.hits.clear();
                    self.cursor = Scroll::default();
                    self.total = total.unwrap_or(0);
                }
                self.hits.extend(page.hits);
                self.next = page.next;
                self.error = None;
            }
            Answer::Failed { error, .. } => {
                self.hits.clear();
                self.total = 0;
                self.next = None;
                self.error = Some(format!("Search failed: {error}"));
            }
        }
        self.waiting = None;
        true
    }

    /// Leaving: a search still running is of no use now.
    fn close(&mut self, app: &mut App) -> Outcome {
        if self.waiting.take().is_some() {
            app.effects.push(Effect::StopSearch);
        }
        Outcome::Close
    }

    /// All clients, or the client selected in the caseload.
    fn toggle_scope(&mut self, app: &mut App) {
        self.scope = match &self.scope {
            SearchScope::Client { .. } => SearchScope::All,
            SearchScope::All => match app.selected_client() {
                Some(c) => SearchScope::Client {
                    id: c.id,
                    name: c.name.clone(),
                },
                None => {
                    app.status = Some("No client is selected to search within.".into());
                    return;
                }
            },
        };
        self.run(app, false);
    }
}

impl Layer for NoteSearch {
    fn context(&self) -> Context {
        Context::Search
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            let stepped = self.cursor.step(delta, self.hits.len());
            let asked = self.waiting.is_none();
            self.load_more_at_end(app);
            // Asking for more shows "searching…".
            return moved(stepped || (asked && self.waiting.is_some()));
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
                self.close(app)
            }
            Action::ToggleSearchScope => {
                self.toggle_scope(app);
                Outcome::Done
            }
            Action::Back => self.close(app),
            _ => Outcome::Pass,
        }
    }

    fn text(&mut self, key: KeyEvent, app: &mut App) -> Outcome {
        if self.input.edit(key) {
            self.run(app, true);
        }
        Outcome::Done
    }

    fn paste(&mut self, text: &str, app: &mut App) -> Outcome {
        self.input.insert_str(text);
        self.run(app, true);
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::note_search::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
