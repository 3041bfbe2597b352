//! Keys as a user presses them, through the real keymap: every key goes to
//! `App::on_key`, which looks it up in the current context or else types it.
//!
//! `press(&mut app, "a Zelda <Tab> Fitz <C-s>")`: words are separated by
//! spaces, which are not typed themselves (`<Space>` types one). `<...>` is a
//! named key, anywhere in a word; any other character is typed as it is,
//! capitals with Shift as a terminal sends them.
//!
//! Named keys: `<Tab>`, `<S-Tab>` (or `<BackTab>`), `<Enter>`, `<Esc>`,
//! `<Space>`, `<Backspace>`, `<Del>`, `<Up>` `<Down>` `<Left>` `<Right>`,
//! `<PgUp>` `<PgDn>` `<Home>` `<End>`, `<F1>`..`<F12>`, `<lt>` (a literal
//! `<`; a word that is just `<` types one too). `C-`, `A-` and `S-` before a
//! name or a character add Ctrl, Alt and Shift: `<C-s>`, `<A-k>`, `<C-Up>`.

use casework::app::{App, Effect, Msg, Overlay, Pane};
use casework::searcher::{IDLE, Queue, answer_now};
use casework::store::search_reader::Request;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Instant;

/// Press the keys in `spec` one after another, as fast as a burst comes,
/// then pause (searches asked for meanwhile run then: see `Searches`).
/// Returns whether any of them changed something.
pub fn press(app: &mut App, spec: &str) -> bool {
    let mut searches = Searches::default();
    let mut changed = false;
    for key in keys(spec) {
        let update = app.on_key(key);
        changed |= update.redraw;
        changed |= searches.after_key(app, update.effects);
    }
    changed | searches.pause(app)
}

/// Type `text` as it is, spaces and all (a newline is Enter), one key at a
/// time through the keymap, then pause (as `press`). Returns whether every
/// key was taken.
pub fn type_text(app: &mut App, text: &str) -> bool {
    let mut searches = Searches::default();
    let mut all = true;
    for c in text.chars() {
        let key = match c {
            '\n' => plain(KeyCode::Enter),
            c => char_key(c),
        };
        let update = app.on_key(key);
        all &= update.redraw;
        searches.after_key(app, update.effects);
    }
    searches.pause(app);
    all
}

/// Bracketed paste, then a pause (as `press`).
pub fn paste(app: &mut App, text: &str) -> bool {
    let mut searches = Searches::default();
    let update = app.update(Msg::Paste(text.into()));
    searches.after_key(app, update.effects);
    update.redraw | searches.pause(app)
}

/// What the event loop does with the searches the app asks for, with the
/// same queue but no clock and no thread: the keys of one call come at
/// one instant; a search typed for waits for the pause after them, any
/// other starts after its key; each runs to its answer on the spot (on a
/// connection of its own, as the searching thread's) and the answer goes
/// back to the app. `run` counts the searches that ran.
#[derive(Default)]
pub struct Searches {
    queue: Queue,
    pub run: Vec<Request>,
}

impl Searches {
    fn now() -> Instant {
        static T0: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        *T0.get_or_init(Instant::now)
    }

    /// Take a key's effects; run what is due at once. Whether the screen changed.
    pub fn after_key(&mut self, app: &mut App, effects: Vec<Effect>) -> bool {
        for effect in effects {
            match effect {
                Effect::Search { request, when_idle } => {
                    self.queue.want(request, when_idle, Self::now())
                }
                Effect::StopSearch => self.queue.clear(),
                _ => {}
            }
        }
        self.run_due(app, Self::now())
    }

    /// The keys pause: what waited for that runs.
    pub fn pause(&mut self, app: &mut App) -> bool {
        self.run_due(app, Self::now() + IDLE)
    }

    fn run_due(&mut self, app: &mut App, at: Instant) -> bool {
        let mut changed = false;
        while let Some(request) = self.queue.take_due(at) {
            let answer = answer_now(&app.store().source(), &request);
            self.run.push(request);
            let update = app.update(Msg::Searched(answer));
            changed |= update.redraw;
            for effect in update.effects {
                if let Effect::Search { request, when_idle } = effect {
                    self.queue.want(request, when_idle, at);
                }
            }
        }
        changed
    }
}

/// Tab to the form field with this key (fails the test if there is none).
pub fn to_field(app: &mut App, field: &str) {
    for _ in 0..20 {
        if let Some(Overlay::Form(f)) = app.overlays.last() {
            if f.fields[f.focus].key == field {
                return;
            }
        }
        press(app, "<Tab>");
    }
    panic!("no field {field}");
}

/// Tab until this pane has the focus.
pub fn focus(app: &mut App, pane: Pane) {
    for _ in 0..8 {
        if app.focus == pane {
            return;
        }
        press(app, "<Tab>");
    }
    panic!("Tab never reached the {pane:?} pane");
}

/// The key events a spec stands for (see the module's documentation).
pub fn keys(spec: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    for word in spec.split_whitespace() {
        if word == "<" {
            out.push(char_key('<'));
            continue;
        }
        let mut rest = word;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let Some(end) = rest.find('>') else {
                    panic!("unclosed <...> in key spec {spec:?}");
                };
                out.push(named(&rest[1..end], spec));
                rest = &rest[end + 1..];
            } else {
                out.push(char_key(c));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A typed character, as a terminal reports it: capitals come with Shift.
fn char_key(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

/// The key inside `<...>`: modifiers, then a name or one character.
fn named(name: &str, spec: &str) -> KeyEvent {
    let mut mods = KeyModifiers::NONE;
    let mut base = name;
    loop {
        let m = match base.get(..2) {
            Some("C-" | "c-") => KeyModifiers::CONTROL,
            Some("A-" | "a-" | "M-" | "m-") => KeyModifiers::ALT,
            Some("S-" | "s-") => KeyModifiers::SHIFT,
            _ => break,
        };
        if base.len() == 2 {
            break; // `<C->` or `<S->`: not a modifier, but nothing follows
        }
        mods |= m;
        base = &base[2..];
    }
    let mut chars = base.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let key = char_key(c);
        return KeyEvent::new(key.code, key.modifiers | mods);
    }
    let code = match base.to_ascii_lowercase().as_str() {
        "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => {
            mods |= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        "enter" | "cr" | "return" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "space" => KeyCode::Char(' '),
        "backspace" | "bs" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        f if f.starts_with('f') && f.len() > 1 => match f[1..].parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => panic!("unknown key <{name}> in key spec {spec:?}"),
        },
        _ => panic!("unknown key <{name}> in key spec {spec:?}"),
    };
    KeyEvent::new(code, mods)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;

    #[test]
    fn words_are_typed_and_spaces_between_them_are_not() {
        assert_eq!(
            keys("a Zo <Tab> x<Space>y"),
            [
                k(KeyCode::Char('a'), NONE),
                k(KeyCode::Char('Z'), SHIFT),
                k(KeyCode::Char('o'), NONE),
                k(KeyCode::Tab, NONE),
                k(KeyCode::Char('x'), NONE),
                k(KeyCode::Char(' '), NONE),
                k(KeyCode::Char('y'), NONE),
            ]
        );
        assert!(keys("   ").is_empty());
    }

    #[test]
    fn named_keys_and_modifiers() {
        assert_eq!(
            keys("<S-Tab><BackTab> <Enter> <esc> <PgDn> <PgUp> <Home> <End> <Backspace>"),
            [
                k(KeyCode::BackTab, SHIFT),
                k(KeyCode::BackTab, SHIFT),
                k(KeyCode::Enter, NONE),
                k(KeyCode::Esc, NONE),
                k(KeyCode::PageDown, NONE),
                k(KeyCode::PageUp, NONE),
                k(KeyCode::Home, NONE),
                k(KeyCode::End, NONE),
                k(KeyCode::Backspace, NONE),
            ]
        );
        assert_eq!(
            keys("<C-s> <A-k> <F2> <F12> <C-Up> <Up><Down><Left><Right>"),
            [
                k(KeyCode::Char('s'), CTRL),
                k(KeyCode::Char('k'), ALT),
                k(KeyCode::F(2), NONE),
                k(KeyCode::F(12), NONE),
                k(KeyCode::Up, CTRL),
                k(KeyCode::Up, NONE),
                k(KeyCode::Down, NONE),
                k(KeyCode::Left, NONE),
                k(KeyCode::Right, NONE),
            ]
        );
    }

    #[test]
    fn angle_brackets_as_text() {
        let lt = k(KeyCode::Char('<'), NONE);
        let gt = k(KeyCode::Char('>'), NONE);
        assert_eq!(
            keys("< <lt> > a>"),
            [lt, lt, gt, k(KeyCode::Char('a'), NONE), gt]
        );
    }

    #[test]
    #[should_panic(expected = "unknown key <Tabb>")]
    fn a_misspelt_name_fails_the_test() {
        keys("<Tabb>");
    }

    #[test]
    #[should_panic(expected = "unclosed")]
    fn an_unclosed_name_fails_the_test() {
        keys("x<Tab");
    }
}
