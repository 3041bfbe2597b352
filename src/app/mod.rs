//! Application state and the one place it changes (`update`). No terminal
//! here, so every behaviour can be tested directly.

mod action;
pub mod agenda_window;
pub mod caseload_view;
pub mod checkins;
mod clients;
pub mod conflicts;
mod documents;
pub mod editor;
pub mod form;
pub mod form_drafts;
mod gas;
pub mod goal_forms;
pub mod goals;
pub mod in_error;
pub mod input;
pub mod layer;
pub mod lock;
mod lock_wait;
mod measures;
pub mod name_index;
pub mod note_move;
pub mod notes;
mod notes_save;
pub mod overlay;
pub mod overlays;
pub mod record_edits;
pub mod recovery;
mod refresh;
pub mod safety;
mod scroll;
pub mod stages;
pub mod stepper_drafts;
pub mod today;
mod update;

pub use action::{Action, Pane};
pub use layer::{Drawn, Effect, Msg, Update};
pub use overlay::Overlay;
pub use scroll::{Scroll, Seen};

use crate::config::Config;
use crate::domain::caseload;
use crate::domain::workload::Workload;
use crate::domain::{ChecklistTemplate, ClientSummary, Date};
use crate::store::{ClientDetail, Store};

/// Wrap a client's name for a message, so the screen can show it as
/// initials in privacy mode (see `ui::privacy`).
pub fn name_tag(name: &str) -> String {
    format!("\u{2068}{name}\u{2069}")
}

/// How long one write waits for another session's lock before the app
/// says so and tries again later.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);

/// How much to read again after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reload {
    Caseload,
    /// The selected client's panes only.
    Client,
}

pub struct App {
    pub(crate) store: Store,
    pub template: ChecklistTemplate,
    pub config: Config,
    pub today: Date,
    /// The caseload as shown: `roster` filtered and sorted by `view`.
    pub caseload: crate::domain::caseload_shown::Shown,
    /// The caseload rows as loaded from the store (shared with `caseload`).
    pub roster: std::sync::Arc<Vec<ClientSummary>>,
    /// The roster's names by first word, for privacy mode (kept with it).
    pub roster_names: name_index::NameIndex,
    /// Counts over the roster (open, crisis, overdue), kept with it.
    pub load: Workload,
    pub view: caseload_view::CaseloadView,
    /// The roster in the view's order, for the filter to walk (see
    /// `caseload::Ordered`); built again with the roster.
    ordered: crate::domain::caseload::Ordered,
    /// Names shown as initials, for when someone else can see the screen.
    pub privacy: bool,
    pub detail: Option<ClientDetail>,
    pub focus: Pane,
    /// The focused pane fills the main area (and Tab moves the zoom on).
    pub zoom: bool,
    /// The last frame was only the too-small message: keys must not act
    /// on what cannot be seen (see `update`).
    pub too_small: bool,
    pub cursors: [Scroll; 4],
    /// Help, forms, questions: the last one is on top and gets the keys.
    pub overlays: Vec<Overlay>,
    /// One line for the user: notices at start, errors from a failed action.
    pub status: Option<String>,
    /// A Ctrl-S that met another session's lock, tried again on each tick.
    waiting: Option<lock_wait::Waiting>,
    /// What the current `update` asks of the event loop; handed over when it returns.
    effects: Vec<Effect>,
    /// `PRAGMA data_version` when we last loaded: tells us of other sessions' writes.
    seen_data_version: i64,
    pub notes_ui: notes::NotesState,
    pub form_drafts: form_drafts::FormDraftsState,
    /// Shut while the screen is locked (see `lock`).
    lock: Option<lock::Locked>,
    /// What opens the lock.
    unlock: lock::Unlock,
    /// A question a save raised (a value outside the goal's range), for
    /// the form to open over itself.
    pub(crate) ask: Option<overlays::confirm::Confirm>,
    /// A value outside its goal's range that the user said yes to: goal
    /// and the value's bits. Only that value on that goal passes.
    pub(crate) range_confirmed: Option<(i64, u64)>,
    /// Where documents to share are written (`None`: nowhere known).
    pub export_dir: Option<std::path::PathBuf>,
    /// The id of the last search asked for (see `next_search_id`).
    search_seq: u64,
    /// Only the top of the caseload is loaded, for the first frame (see
    /// [`App::start`]).
    first_screen_only: bool,
    /// The id of the last `Effect::LoadRest` asked for.
    rest_asked: u64,
    /// How many clients are archived while none shows: every client is
    /// archived and archived clients are hidden (0 otherwise). The screen
    /// says so, rather than greet a new database.
    pub archived_hidden: usize,
}

impl App {
    /// The app with the whole caseload loaded.
    pub fn new(
        store: Store,
        template: ChecklistTemplate,
        config: Config,
        today: Date,
    ) -> crate::store::Result<App> {
        Self::open(store, template, config, today, None)
    }

    /// The app for the terminal: the first frame is drawn from the top of
    /// the caseload only (the same rows, in the same order, as the whole
    /// caseload has there), and the rest is loaded by `Msg::Shown`, which
    /// the event loop sends once that frame is on screen and before it
    /// reads any key. So start costs the same on any caseload, and no key
    /// ever meets a caseload half loaded. Privacy mode must know every
    /// name before it draws, and a restored draft may be for anyone: then
    /// the whole caseload comes first. `rows` is the terminal's height, more
    /// than the caseload pane can show; a taller terminal before the rest
    /// arrives loads it there and then (`Msg::Resized`).
    pub fn start(
        store: Store,
        template: ChecklistTemplate,
        config: Config,
        today: Date,
        rows: u16,
    ) -> crate::store::Result<App> {
        Self::open(store, template, config, today, Some(rows))
    }

    fn open(
        store: Store,
        template: ChecklistTemplate,
        config: Config,
        today: Date,
        first_screen: Option<u16>,
    ) -> crate::store::Result<App> {
        let mut app = App {
            store,
            template,
            privacy: config.privacy,
            config,
            today,
            caseload: Default::default(),
            roster: Default::default(),
            roster_names: Default::default(),
            load: Workload::of_clients(&[], 0, today),
            view: Default::default(),
            ordered: Default::default(),
            detail: None,
            focus: Pane::Caseload,
            zoom: false,
            too_small: false,
            cursors: Default::default(),
            overlays: Vec::new(),
            status: None,
            effects: Vec::new(),
            waiting: None,
            seen_data_version: 0,
            notes_ui: Default::default(),
            form_drafts: Default::default(),
            lock: None,
            unlock: lock::Unlock::AnyKey,
            ask: None,
            range_confirmed: None,
            export_dir: crate::paths::export_dir(),
            search_seq: 0,
            first_screen_only: false,
            rest_asked: 0,
            archived_hidden: 0,
        };
        // A write that meets another session's lock gives up at once and is
        // tried again on the next tick: the screen never waits on it.
        app.store.set_lock_patience(LOCK_PATIENCE)?;
        // The health check reads the whole file on a thread of its own. For
        // the terminal it starts once the first frame is up (`Msg::Shown`),
        // so it does not compete with start on a machine of one or two cores.
        if first_screen.is_none() {
            app.store.start_health_check();
        }
        app.seen_data_version = app.store.data_version()?;
        match first_screen {
            Some(rows) if !app.privacy && !app.store.has_drafts()? => {
                app.load_first_screen(rows)?
            }
            _ => app.reload_caseload()?,
        }
        app.restore_drafts();
        app.restore_form_drafts();
        Ok(app)
    }

    /// An id for a new search, higher than every one before, so that an
    /// answer to an older search (even one from a search overlay since
    /// closed) is never taken for the answer to this one.
    pub(crate) fn next_search_id(&mut self) -> u64 {
        self.search_seq += 1;
        self.search_seq
    }

    /// A search's answer, for the search overlay that asked (if it is
    /// still open; it drops an answer that is not the one it waits for).
    fn searched(&mut self, answer: crate::store::search_reader::Answer) -> bool {
        self.overlays.iter_mut().any(|o| match o {
            Overlay::Search(s) => s.answered(answer.clone()),
            _ => false,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn cursor(&self, pane: Pane) -> usize {
        self.cursors[pane as usize].index
    }

    /// How many rows the caseload list has, counting those not loaded yet
    /// while the first frame is drawn from its top (see [`App::start`]),
    /// which is always in the default view: every client not archived.
    pub fn caseload_len(&self) -> usize {
        if self.first_screen_only {
            self.load.open
        } else {
            self.caseload.len()
        }
    }

    pub fn selected_client(&self) -> Option<&ClientSummary> {
        self.caseload.get(self.cursor(Pane::Caseload))
    }

    /// Put the cursor on a client by id, if it is in the list.
    fn select_client(&mut self, id: i64) {
        if let Some(i) = self.caseload.position(id) {
            self.cursors[Pane::Caseload as usize].index = i;
            self.load_detail_or_say();
        }
    }

    /// Load the caseload rows again (after a change) and show them through
    /// the current view, reloading the selected client's panes.
    fn reload_caseload(&mut self) -> crate::store::Result<()> {
        self.roster = std::sync::Arc::new(self.store.caseload_rows(self.view.show_archived)?);
        self.first_screen_only = false;
        self.roster_changed();
        self.load = Workload::of_clients(&self.roster, self.config.caseload_capacity, self.today);
        self.apply_view(true);
        Ok(())
    }

    /// What follows from the roster: its order, and the index of its names
    /// that privacy mode hides them by (built only while privacy is on: a
    /// caseload of 50,000 names costs its start time and memory otherwise).
    fn roster_changed(&mut self) {
        self.ordered = crate::domain::caseload::Ordered::of(&self.roster, self.view.sort);
        self.index_names();
        self.archived_hidden = if self.roster.is_empty() && !self.view.show_archived {
            self.store.archived_count().unwrap_or(0)
        } else {
            0
        };
    }

    /// The names privacy mode hides, when it is on; nothing when it is off.
    pub(super) fn index_names(&mut self) {
        self.roster_names = if self.privacy {
            name_index::NameIndex::of(self.roster.iter().map(|c| c.name.as_str()))
        } else {
            name_index::NameIndex::default()
        };
    }

    /// The top of the caseload in urgency order and the title's counts,
    /// without reading every client (see [`App::start`]).
    fn load_first_screen(&mut self, rows: u16) -> crate::store::Result<()> {
        self.roster = std::sync::Arc::new(self.store.caseload_first_rows(usize::from(rows))?);
        self.roster_changed();
        let (open, crisis, overdue) = self.store.caseload_title_counts(self.today)?;
        let capacity = self.config.caseload_capacity;
        self.load = Workload {
            open,
            crisis,
            overdue_clients: overdue,
            light: crate::domain::workload::Light::for_load(open, capacity),
            ..Workload::of_clients(&[], capacity, self.today)
        };
        self.first_screen_only = true;
        self.apply_view(true);
        Ok(())
    }

    /// After the first frame: ask for the rest of the caseload to be read
    /// off the screen's thread (`Effect::LoadRest`, answered by
    /// `Msg::Rest`).
    pub(super) fn ask_for_the_rest(&mut self) {
        if self.first_screen_only {
            self.rest_asked += 1;
            self.effects
                .push(Effect::LoadRest(crate::rest_loader::Request {
                    id: self.rest_asked,
                    include_archived: self.view.show_archived,
                    sort: self.view.sort,
                }));
        }
    }

    /// The rest of the caseload, read off the screen's thread. Taken only
    /// if it is still wanted: an input before it loaded the rest itself
    /// (`load_the_rest`), or the view changed, and then it is dropped.
    pub(super) fn take_in_the_rest(&mut self, loaded: crate::rest_loader::Loaded) -> bool {
        let wanted = self.first_screen_only
            && loaded.request.id == self.rest_asked
            && loaded.request.sort == self.view.sort
            && loaded.request.include_archived == self.view.show_archived;
        if !wanted {
            return false;
        }
        match loaded.rows {
            Ok((rows, ordered)) => {
                self.rest_arrived(rows, Some(ordered));
                false
            }
            Err(e) => self.rest_failed(&e),
        }
    }

    /// The rest of the caseload, read here and now: for the first input
    /// that comes before the answer from off the screen's thread, or
    /// after that failed.
    pub(super) fn load_the_rest(&mut self) -> bool {
        if !self.first_screen_only {
            return false;
        }
        match self.store.caseload_rows(self.view.show_archived) {
            Ok(rows) => {
                self.rest_arrived(rows, None);
                false
            }
            Err(e) => self.rest_failed(&e.to_string()),
        }
    }

    /// The terminal grew taller than the first screen's rows were read for
    /// (`App::start`): the rest is loaded here and now, so no frame shows
    /// fewer rows than fit while more are waiting.
    pub(super) fn resized(&mut self, rows: u16) -> bool {
        if self.first_screen_only && self.roster.len() < usize::from(rows) {
            self.load_the_rest();
        }
        true
    }

    /// The whole caseload in place of the first screen's rows, keeping the
    /// selected client and its panes as they are. The screen stays as it
    /// was (the same rows, counts and client: that is what the first
    /// screen was read for), so there is nothing to redraw.
    fn rest_arrived(&mut self, rows: Vec<ClientSummary>, ordered: Option<caseload::Ordered>) {
        self.first_screen_only = false;
        self.roster = std::sync::Arc::new(rows);
        match ordered {
            Some(o) if o.fits(&self.roster, self.view.sort) => {
                self.ordered = o;
                self.index_names();
            }
            _ => self.roster_changed(),
        }
        self.load = Workload::of_clients(&self.roster, self.config.caseload_capacity, self.today);
        self.apply_view(false);
    }

    /// Said on the status line; tried again before the next input acts
    /// (see `update`).
    fn rest_failed(&mut self, why: &str) -> bool {
        self.status = Some(format!("Could not load the whole caseload: {why}"));
        true
    }

    /// Load the right-hand panes for the selected client, resetting their cursors.
    fn load_detail(&mut self) -> crate::store::Result<()> {
        self.detail = match self.selected_client() {
            Some(c) => Some(self.store.client_detail(c.id)?),
            None => None,
        };
        for p in [Pane::Stages, Pane::Goals, Pane::Notes] {
            self.cursors[p as usize] = Scroll::default();
        }
        Ok(())
    }

    fn load_detail_or_say(&mut self) {
        if let Err(e) = self.load_detail() {
            self.status = Some(format!("Could not load this client: {e}"));
        }
    }

    /// Reload after a change: the whole caseload (urgency may have moved)
    /// or only the selected client, then the same client and the same rows
    /// in their panes. `Err` when the reload itself failed.
    fn reload_keeping_place(&mut self, what: Reload) -> crate::store::Result<()> {
        let client = self.selected_client().map(|c| c.id);
        let kept =
            [Pane::Stages, Pane::Goals, Pane::Notes].map(|p| (p, self.cursors[p as usize].clone()));
        match what {
            Reload::Caseload => {
                self.reload_caseload()?;
                if let Some(id) = client {
                    self.select_client(id);
                }
            }
            Reload::Client => self.load_detail()?,
        }
        if self.selected_client().map(|c| c.id) == client {
            for (p, cursor) in kept {
                let len = self.list_len(p);
                self.cursors[p as usize] = cursor;
                self.cursors[p as usize].clamp(len);
            }
        }
        Ok(())
    }

    /// `reload_keeping_place` after a save: a failed reload is worth a
    /// word, but the save itself stands.
    fn reload_after_save(&mut self, what: Reload) {
        if let Err(e) = self.reload_keeping_place(what) {
            self.status = Some(format!("Saved, but could not reload: {e}"));
        }
    }

    /// Is this client marked in crisis? From what is loaded: the open
    /// client's record, else their caseload row.
    pub fn client_in_crisis(&self, id: i64) -> bool {
        match &self.detail {
            Some(d) if d.client.id == id => d.client.crisis,
            _ => self.roster.iter().any(|c| c.id == id && c.crisis),
        }
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
