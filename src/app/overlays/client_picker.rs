//! "Which client?": a list of the caseload that narrows as a name is
//! typed, for moving an unsigned note written for the wrong client. Each
//! row shows `#id`, so two clients of one name are told apart. Archived
//! clients are not offered (restore one first). Enter asks to confirm;
//! the answer comes back here (see `App::move_confirmed`).

use crate::app::input::LineInput;
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::overlay::{Confirm, OnYes};
use crate::app::{Action, App, Overlay, Scroll, name_tag};
use crate::keymap::Context;
use crate::store::conflict::NoteVersion;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// A client that can be picked: id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClientPicker {
    pub note_id: i64,
    /// The client the note is filed under now.
    pub from: Candidate,
    /// The note as the screen showed it: the move applies only to that.
    pub base: NoteVersion,
    /// Every active client but `from`, in caseload order.
    pub clients: Vec<Candidate>,
    pub query: LineInput,
    pub cursor: Scroll,
}

impl ClientPicker {
    /// The clients the typed text matches: a part of the name (any case),
    /// or the id (`#12` or `12`).
    pub fn matches(&self) -> Vec<&Candidate> {
        let q = self.query.text().trim().to_lowercase();
        let id = q.trim_start_matches('#').parse::<i64>().ok();
        self.clients
            .iter()
            .filter(|c| q.is_empty() || c.name.to_lowercase().contains(&q) || Some(c.id) == id)
            .collect()
    }

    /// The highlighted client, if any matches.
    pub fn selected(&self) -> Option<&Candidate> {
        self.matches().get(self.cursor.index).copied()
    }

    fn question(&self, to: &Candidate) -> String {
        let mut q = format!(
            "Move this note from {} (#{}) to {} (#{})?",
            name_tag(&self.from.name),
            self.from.id,
            name_tag(&to.name),
            to.id
        );
        let from = name_tag(&self.from.name);
        match self.base.meta.goal_ids.len() {
            0 => {}
            1 => q.push_str(&format!(
                " The goal it names is {from}'s: it will be cleared."
            )),
            n => q.push_str(&format!(
                " The {n} goals it names are {from}'s: they will be cleared."
            )),
        }
        q.push_str(" The move is audited.");
        q
    }
}

impl Layer for ClientPicker {
    fn context(&self) -> Context {
        Context::ClientPicker
    }

    fn handle(&mut self, action: Action, _app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            let len = self.matches().len();
            return moved(self.cursor.step(delta, len));
        }
        match action {
            Action::Choose => match self.selected() {
                Some(to) => {
                    let ask = Confirm::new(self.question(to), OnYes::MoveNote(to.id));
                    Outcome::open(Overlay::Confirm(ask))
                }
                None => Outcome::Still,
            },
            Action::Back => Outcome::Close,
            // Nothing else reaches what lies beneath while a client is chosen.
            _ => Outcome::Still,
        }
    }

    fn text(&mut self, key: KeyEvent, _app: &mut App) -> Outcome {
        if self.query.edit(key) {
            self.cursor = Scroll::default();
            Outcome::Done
        } else {
            Outcome::Still
        }
    }

    fn paste(&mut self, text: &str, _app: &mut App) -> Outcome {
        self.query
            .insert_str(text.lines().next().unwrap_or_default());
        self.cursor = Scroll::default();
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::client_picker::draw(
            frame, area, app, self, theme,
        ))
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
