//! `/` in Notes: search every client's notes (or, after Tab, the selected
//! client's), results as you type; Enter goes to the note. Results come a
//! page at a time, the next page when the selection reaches the last one
//! loaded, so a word in every note costs no more than a rare one.

use crate::app::input::LineInput;
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::Context;
use crate::store::search::{Cursor, Scope, SearchHit};
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
    /// The results loaded so far, newest first.
    pub hits: Vec<SearchHit>,
    /// Every match of the query in the scope, loaded or not.
    pub total: u64,
    /// Where the next page starts; `None` when everything is loaded.
    next: Option<Cursor>,
    pub cursor: Scroll,
    /// A search that failed (the database, never the query text).
    pub error: Option<String>,
}

impl NoteSearch {
    /// Search from the first page: the query or the scope changed.
    fn run(&mut self, app: &App) {
        self.hits.clear();
        self.total = 0;
        self.next = None;
        self.cursor = Scroll::default();
        let scope = self.scope.store_scope();
        let text = self.input.text();
        let page = match app.store.search_page(text, scope, Cursor::START, PAGE_SIZE) {
            Ok(page) => page,
            Err(e) => return self.failed(&e),
        };
        // The count visits every match, so it is asked once per query, and
        // not at all when the first page holds them all.
        self.total = match page.next {
            None => page.hits.len() as u64,
            Some(_) => match app.store.search_count(text, scope) {
                Ok(n) => n,
                Err(e) => return self.failed(&e),
            },
        };
        self.hits = page.hits;
        self.next = page.next;
        self.error = None;
    }

    /// The next page, once the selection is on the last result loaded.
    fn load_more_at_end(&mut self, app: &App) {
        let Some(from) = self.next else { return };
        if self.cursor.index + 1 < self.hits.len() {
            return;
        }
        let scope = self.scope.store_scope();
        match app
            .store
            .search_page(self.input.text(), scope, from, PAGE_SIZE)
        {
            Ok(page) => {
                self.hits.extend(page.hits);
                self.next = page.next;
            }
            Err(e) => self.failed(&e),
        }
    }

    fn failed(&mut self, e: &crate::store::StoreError) {
        self.hits.clear();
        self.total = 0;
        self.next = None;
        self.error = Some(format!("Search failed: {e}"));
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
        self.run(app);
    }
}

impl Layer for NoteSearch {
    fn context(&self) -> Context {
        Context::Search
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            let loaded = self.hits.len();
            let stepped = self.cursor.step(delta, loaded);
            self.load_more_at_end(app);
            return moved(stepped || self.hits.len() != loaded);
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
            Action::ToggleSearchScope => {
                self.toggle_scope(app);
                Outcome::Done
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
