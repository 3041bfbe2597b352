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

use casework::app::{App, Overlay, Pane};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Press the keys in `spec` one after another. Returns whether any of them
/// changed something.
pub fn press(app: &mut App, spec: &str) -> bool {
    let mut changed = false;
    for key in keys(spec) {
        changed |= app.on_key(key).redraw;
    }
    changed
}

/// Type `text` as it is, spaces and all (a newline is Enter), one key at a
/// time through the keymap. Returns whether every key was taken.
pub fn type_text(app: &mut App, text: &str) -> bool {
    let mut all = true;
    for c in text.chars() {
        let key = match c {
            '\n' => plain(KeyCode::Enter),
            c => char_key(c),
        };
        all &= app.on_key(key).redraw;
    }
    all
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
