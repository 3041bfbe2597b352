//! The contract every overlay keeps, and what goes into and comes out of
//! `App::update`.
//!
//! An overlay owns its state, decides what an action means to it, draws
//! itself and offers its keys. The top of the stack sees each input first;
//! what it does not take falls through to the panes. While an overlay
//! handles an input it is off the stack, so what it finds on `app.overlays`
//! is what lies beneath it.

use super::{Action, App};
use crate::external_editor::Edited;
use crate::keymap::Context;
use crate::store::search_reader::{Answer, Request};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

pub use super::scroll::Seen;

/// Something that happened, for `App::update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A named action, from the keymap.
    Action(Action),
    /// A key the keymap has no action for here: text for the input on top.
    Text(KeyEvent),
    /// Bracketed paste: one insert.
    Paste(String),
    /// Keys that were all plain text here (see `App::typed_char`) and came
    /// in together, faster than they were read: a paste without bracketed
    /// paste, a slow link catching up. The same as typing them one by one,
    /// except that the note editor takes them in one insert.
    Typed(String),
    /// What the last frame showed (see [`Drawn`]).
    Drawn(Drawn),
    /// Unsaved typing has waited long enough: write the drafts.
    DraftsDue,
    /// The program is about to stop (quit, signal, lost terminal, panic).
    Closing,
    /// `$EDITOR` returned (see [`Effect::EditExternally`]).
    Edited(Result<Edited, String>),
    /// No key for as long as the config allows: lock the screen.
    Idle,
    /// The wait after wrong tries at the lock is over.
    HoldOver,
    /// A search asked for with [`Effect::Search`] has an answer (perhaps
    /// for a search no longer wanted: the id says which).
    Searched(Answer),
    /// The first frame is on screen (see `App::start`).
    Shown,
    /// The rest of the caseload, read off the screen's thread (see
    /// [`Effect::LoadRest`]).
    Rest(crate::rest_loader::Loaded),
    /// The terminal is now this many rows tall.
    Resized(u16),
}

impl Msg {
    /// Something the person at the keyboard did (and so, while the screen
    /// is locked, something for the lock alone).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Msg::Action(_) | Msg::Text(_) | Msg::Paste(_) | Msg::Typed(_)
        )
    }
}

impl From<Action> for Msg {
    fn from(a: Action) -> Msg {
        Msg::Action(a)
    }
}

/// What `update` asks the event loop to do: the things only the owner of
/// the terminal and the process can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Ctrl-Z: give the terminal back and stop until `fg`.
    Suspend,
    /// Run `$EDITOR` on this text, then send `Msg::Edited`.
    EditExternally(String),
    /// Answer this search away from the screen, then send `Msg::Searched`.
    /// It replaces any search asked for before (which stops, if running).
    /// `when_idle`: only once no key has come for a moment (typing), not
    /// at once (the next page, another scope).
    Search {
        request: Request,
        when_idle: bool,
    },
    /// No search is wanted any more: stop the one running or waiting.
    StopSearch,
    /// Read the rest of the caseload away from the screen, then send
    /// `Msg::Rest`.
    LoadRest(crate::rest_loader::Request),
}

/// The result of one `update`.
#[derive(Debug, Default, PartialEq, Eq)]
#[must_use = "the event loop must redraw and perform the effects"]
pub struct Update {
    /// Something visible changed: draw again.
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

/// What a drawn frame reports back: the windows it chose for the panes'
/// lists, the note preview and each overlay (bottom first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    pub panes: [Option<Seen>; 4],
    pub preview: Option<Seen>,
    pub overlays: Vec<Option<Seen>>,
    /// The terminal was too small: only the "needs at least" message showed.
    pub too_small: bool,
}

/// What an overlay did with an input.
#[derive(Debug)]
pub enum Outcome {
    /// Taken, and something on screen changed.
    Done,
    /// Taken, but nothing changed (a move past the end): no redraw.
    Still,
    /// Not this overlay's: the panes get it.
    Pass,
    /// Taken, and this overlay is finished.
    Close,
    /// Taken; stay, with another overlay on top.
    Open(Box<Overlay>),
}

use super::Overlay;

impl Outcome {
    /// Stay, with `overlay` on top.
    pub fn open(overlay: Overlay) -> Outcome {
        Outcome::Open(Box::new(overlay))
    }
}

/// `Done` if a move moved, else `Still`.
pub fn moved(moved: bool) -> Outcome {
    if moved { Outcome::Done } else { Outcome::Still }
}

/// One overlay. Each implementation lives in a file of its own under
/// `app/overlays/`.
pub trait Layer {
    /// Which part of the key table applies while this is on top; the help
    /// screen and the hint bar follow from it.
    fn context(&self) -> Context;

    /// A named action.
    fn handle(&mut self, action: Action, app: &mut App) -> Outcome;

    /// A key that is not an action here. Overlays without text input let
    /// it go.
    fn text(&mut self, _key: KeyEvent, _app: &mut App) -> Outcome {
        Outcome::Pass
    }

    fn paste(&mut self, _text: &str, _app: &mut App) -> Outcome {
        Outcome::Pass
    }

    /// Several keys of plain text at once (`Msg::Typed`; Enter is `\n`).
    /// By default each goes to `text` as its key, in order. A text key must
    /// not change which overlay is on top: the keys of a run were all
    /// looked up in the keymap before the first was handled.
    fn typed(&mut self, text: &str, app: &mut App) -> Outcome {
        let mut changed = false;
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            match self.text(KeyEvent::new(code, KeyModifiers::NONE), app) {
                Outcome::Done => changed = true,
                Outcome::Still => {}
                other => return other,
            }
        }
        if changed {
            Outcome::Done
        } else {
            Outcome::Still
        }
    }

    /// Draw over `area` (the whole screen); report the window chosen for a
    /// scrolling view, if there is one.
    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen>;

    /// Take back what the last frame reported.
    fn seen(&mut self, _seen: Seen) {}
}
