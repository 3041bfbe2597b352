//! Application state and the one place it changes (`update`). No terminal
//! here, so every behaviour can be tested directly.

mod action;
mod clients;
pub mod form;
pub mod goals;
pub mod input;
pub mod overlay;
mod update;

pub use action::{Action, Pane};
pub use overlay::Overlay;

use crate::config::Config;
use crate::domain::{ChecklistTemplate, ClientSummary, Date};
use crate::store::{ClientDetail, Store};

/// A cursor in a list that may be longer than the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub index: usize,
    /// First row on screen. Only drawing reads and writes it: remembering it
    /// keeps the view from jumping as the cursor moves.
    pub offset: std::cell::Cell<usize>,
}

impl Cursor {
    /// Move by `delta` within a list of `len` items, stopping at the ends.
    pub fn step(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.index = 0;
            return;
        }
        let max = len - 1;
        self.index = self.index.saturating_add_signed(delta).min(max);
    }
}

pub struct App {
    pub(crate) store: Store,
    pub template: ChecklistTemplate,
    pub config: Config,
    pub today: Date,
    pub caseload: Vec<ClientSummary>,
    pub detail: Option<ClientDetail>,
    pub focus: Pane,
    pub cursors: [Cursor; 4],
    /// Help, forms, questions: the last one is on top and gets the keys.
    pub overlays: Vec<Overlay>,
    /// One line for the user: notices at start, errors from a failed action.
    pub status: Option<String>,
    /// Rows a page key moves; kept in step with the terminal size.
    pub page_rows: usize,
    pub should_quit: bool,
}

impl App {
    pub fn new(
        store: Store,
        template: ChecklistTemplate,
        config: Config,
        today: Date,
    ) -> crate::store::Result<App> {
        let mut app = App {
            store,
            template,
            config,
            today,
            caseload: Vec::new(),
            detail: None,
            focus: Pane::Caseload,
            cursors: Default::default(),
            overlays: Vec::new(),
            status: None,
            page_rows: 10,
            should_quit: false,
        };
        app.reload_caseload()?;
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn cursor(&self, pane: Pane) -> usize {
        self.cursors[pane as usize].index
    }

    pub fn selected_client(&self) -> Option<&ClientSummary> {
        self.caseload.get(self.cursor(Pane::Caseload))
    }

    /// Put the cursor on a client by id, if it is in the list.
    fn select_client(&mut self, id: i64) {
        if let Some(i) = self.caseload.iter().position(|c| c.id == id) {
            self.cursors[Pane::Caseload as usize].index = i;
            if let Err(e) = self.load_detail() {
                self.status = Some(format!("Could not load this client: {e}"));
            }
        }
    }

    fn reload_caseload(&mut self) -> crate::store::Result<()> {
        let mut list = self.store.caseload()?;
        list.sort_by(crate::domain::client::urgency_order);
        self.caseload = list;
        let len = self.caseload.len();
        self.cursors[Pane::Caseload as usize].step(0, len);
        self.load_detail()
    }

    /// Load the right-hand panes for the selected client, resetting their cursors.
    fn load_detail(&mut self) -> crate::store::Result<()> {
        self.detail = match self.selected_client() {
            Some(c) => Some(self.store.client_detail(c.id)?),
            None => None,
        };
        for p in [Pane::Stages, Pane::Goals, Pane::Notes] {
            self.cursors[p as usize] = Cursor::default();
        }
        Ok(())
    }

    /// How many rows the focused pane's list has.
    fn list_len(&self, pane: Pane) -> usize {
        match (pane, &self.detail) {
            (Pane::Caseload, _) => self.caseload.len(),
            (Pane::Stages, Some(d)) => self.template.items(d.client.stage).len(),
            (Pane::Goals, Some(d)) => d.goals.len(),
            (Pane::Notes, Some(d)) => d.notes.len(),
            _ => 0,
        }
    }
}
