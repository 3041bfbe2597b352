//! The idle lock. After a while without a key (`Msg::Idle`, from the event
//! loop's deadline) or at once on the user's key (`Action::LockNow`), the
//! whole screen gives way to a lock screen that shows no client data. Every
//! piece of typing is written to its draft first, and stays where it was:
//! the lock is a state of the app, not an overlay, so the stack of
//! overlays, the editor's cursor and the panes are all untouched beneath
//! it. Until it opens, every key goes to the lock and nowhere else.

use super::input::LineInput;
use super::{Action, App, Msg};
use crate::lock_pin::{MAX_LEN, PinHash};
use crate::store::Store;
use std::time::{Duration, Instant};

/// What opens the lock.
pub enum Unlock {
    /// Any key, which does nothing else.
    AnyKey,
    /// The user's lock PIN (`casework lock-pin`).
    Pin(PinHash),
    /// The passphrase of an encrypted database, checked by whoever holds
    /// the key (see [`Verifier`]).
    Passphrase(Box<dyn Verifier>),
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unlock::AnyKey => "AnyKey",
            Unlock::Pin(_) => "Pin(..)",
            Unlock::Passphrase(_) => "Passphrase(..)",
        })
    }
}

/// Says whether a typed passphrase is the database's. It is given the
/// app's store, so an encrypted store can check against the key it opened
/// with: `Box::new(|store: &Store, typed: &str| store.passphrase_matches(typed))`.
pub trait Verifier {
    fn matches(&self, store: &Store, typed: &str) -> bool;
}

impl<F: Fn(&Store, &str) -> bool> Verifier for F {
    fn matches(&self, store: &Store, typed: &str) -> bool {
        self(store, typed)
    }
}

/// Wrong tries that cost nothing: fingers slip.
const FREE_TRIES: u32 = 3;
/// The wait after the last free try goes wrong; it doubles with each
/// further wrong try, up to `MAX_HOLD`. Typing waits, nothing is lost.
const FIRST_HOLD: Duration = Duration::from_secs(5);
const MAX_HOLD: Duration = Duration::from_secs(300);

/// How long the lock takes no typing after `wrong` wrong tries in a row.
pub fn hold_after(wrong: u32) -> Option<Duration> {
    let doublings = wrong.checked_sub(FREE_TRIES)?;
    let hold = FIRST_HOLD.saturating_mul(1u32 << doublings.min(16));
    Some(hold.min(MAX_HOLD))
}

/// Why the screen locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Idle,
    Asked,
}

/// The last thing the lock screen said about a try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Wrong,
    /// Wrong, and typing waits this long.
    Hold(Duration),
    /// The wait is over.
    TryAgain,
}

/// The lock while it is shut.
#[derive(Debug)]
pub struct Locked {
    why: Why,
    /// The PIN or passphrase so far. Never drawn: only its length is.
    typed: LineInput,
    /// Wrong tries in a row.
    wrong: u32,
    said: Option<Said>,
    /// While set, typing is not taken; the event loop ends it at this time
    /// with `Msg::HoldOver`.
    hold_until: Option<Instant>,
}

/// What to ask of the person at the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asks {
    AnyKey,
    Pin,
    Passphrase,
}

/// All the lock screen may show: nothing about any client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockScreen {
    pub why: Why,
    pub asks: Asks,
    /// How many characters are typed (drawn as dots).
    pub typed: usize,
    pub said: Option<Said>,
    /// Typing that could not be written yet (a full disk): it is kept and
    /// tried again, and the screen says so.
    pub unsaved: bool,
}

impl App {
    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// What opens the lock from now on (the default is any key).
    pub fn set_unlock(&mut self, unlock: Unlock) {
        self.unlock = unlock;
    }

    /// What the lock screen shows; `None` while the screen is open.
    pub fn lock_screen(&self) -> Option<LockScreen> {
        let lock = self.lock.as_ref()?;
        Some(LockScreen {
            why: lock.why,
            asks: match self.unlock {
                Unlock::AnyKey => Asks::AnyKey,
                Unlock::Pin(_) => Asks::Pin,
                Unlock::Passphrase(_) => Asks::Passphrase,
            },
            typed: lock.typed.text().chars().count(),
            said: lock.said,
            unsaved: self.drafts_pending(),
        })
    }

    /// When a wait after wrong tries is over, for the event loop's timeout.
    pub fn lock_hold_until(&self) -> Option<Instant> {
        self.lock.as_ref()?.hold_until
    }

    /// Shut the lock: the drafts first, so nothing typed depends on the
    /// lock ever being opened again.
    pub(super) fn lock_now(&mut self, why: Why) -> bool {
        if self.lock.is_some() {
            return false;
        }
        self.flush_drafts();
        self.lock = Some(Locked {
            why,
            typed: LineInput::default(),
            wrong: 0,
            said: None,
            hold_until: None,
        });
        true
    }

    /// The wait after wrong tries is over.
    pub(super) fn hold_over(&mut self) -> bool {
        let Some(lock) = &mut self.lock else {
            return false;
        };
        if lock.hold_until.take().is_none() {
            return false;
        }
        lock.said = Some(Said::TryAgain);
        true
    }

    /// An input while locked: it goes to the lock and nowhere else.
    pub(super) fn locked_input(&mut self, msg: Msg) -> bool {
        if matches!(self.unlock, Unlock::AnyKey) {
            // The key that unlocks is used up: it does nothing else.
            self.lock = None;
            return true;
        }
        let Some(lock) = &mut self.lock else {
            return false;
        };
        if lock.hold_until.is_some() {
            return false;
        }
        let room = |lock: &Locked| MAX_LEN.saturating_sub(lock.typed.text().chars().count());
        match msg {
            Msg::Action(Action::Unlock) => return self.try_unlock(),
            Msg::Action(Action::Back) => {
                lock.typed = LineInput::default();
                lock.said = None;
            }
            Msg::Text(key) => {
                let full = room(lock) == 0
                    && matches!(key.code, ratatui::crossterm::event::KeyCode::Char(_));
                if full || !lock.typed.edit(key) {
                    return false;
                }
            }
            Msg::Paste(text) | Msg::Typed(text) => {
                let text: String = text
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(room(lock))
                    .collect();
                if text.is_empty() {
                    return false;
                }
                lock.typed.insert_str(&text);
            }
            _ => return false,
        }
        true
    }

    /// Enter on the lock screen: check what was typed.
    fn try_unlock(&mut self) -> bool {
        let Some(lock) = &mut self.lock else {
            return false;
        };
        let typed = std::mem::take(&mut lock.typed);
        if typed.text().is_empty() {
            return false;
        }
        let right = match &self.unlock {
            Unlock::AnyKey => true,
            Unlock::Pin(hash) => hash.matches(typed.text()),
            Unlock::Passphrase(verifier) => verifier.matches(&self.store, typed.text()),
        };
        let Some(lock) = &mut self.lock else {
            return false;
        };
        if right {
            self.lock = None;
            return true;
        }
        lock.wrong += 1;
        lock.said = Some(match hold_after(lock.wrong) {
            Some(hold) => {
                lock.hold_until = Instant::now().checked_add(hold);
                Said::Hold(hold)
            }
            None => Said::Wrong,
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_free_tries_then_waits_that_double_up_to_five_minutes() {
        assert_eq!(hold_after(0), None);
        assert_eq!(hold_after(2), None);
        let secs = |n| hold_after(n).map(|d| d.as_secs());
        assert_eq!(
            (3..=10).map(secs).collect::<Vec<_>>(),
            [5, 10, 20, 40, 80, 160, 300, 300].map(Some)
        );
        assert_eq!(secs(u32::MAX), Some(300));
    }
}
