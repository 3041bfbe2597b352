//! `keys.toml` in the config directory: the user's keys over the defaults.
//!
//! ```toml
//! [everywhere]
//! move_down = ["Ctrl-N", "Down"]
//! move_up = ["Ctrl-P", "Up"]
//! [caseload]
//! add_client = "+"
//! ```
//!
//! A section is where the keys apply (the README's key table names each
//! action's section and name); an entry replaces all the keys of that action
//! there. An unknown section or action, a key that cannot be read, a key
//! that would take another action's place, or a plain key where typing
//! happens is refused with the file and line: a half-applied keymap would
//! leave someone without a way to save or quit.

use crate::app::{Action, Pane};
use crate::keymap::{BINDINGS, Binding, Context, Key, Scope};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The section of `keys.toml` for a scope.
pub fn section(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "everywhere",
        Scope::Always => "always",
        Scope::In(Context::Pane(Pane::Caseload)) => "caseload",
        Scope::In(Context::Pane(Pane::Stages)) => "stages",
        Scope::In(Context::Pane(Pane::Goals)) => "goals",
        Scope::In(Context::Pane(Pane::Notes)) => "notes",
        Scope::In(Context::Help) => "help",
        Scope::In(Context::Form) => "form",
        Scope::In(Context::Confirm) => "confirm",
        Scope::In(Context::StageHistory) => "stage_history",
        Scope::In(Context::NoteReader) => "note_reader",
        Scope::In(Context::Filter) => "filter",
        Scope::In(Context::Today) => "today",
        Scope::In(Context::Workload) => "workload",
        Scope::In(Context::SafetyPlan) => "safety_plan",
        Scope::In(Context::Editor) => "editor",
        Scope::In(Context::Picker) => "picker",
        Scope::In(Context::LeaveNote) => "leave_note",
        Scope::In(Context::Search) => "search",
        Scope::In(Context::GoalDetail) => "goal_detail",
        Scope::In(Context::HeldDraft) => "held_draft",
        Scope::In(Context::Conflict) => "conflict",
        Scope::In(Context::Lock) => "lock",
        Scope::In(Context::Measures) => "measures",
        Scope::In(Context::MeasureForm) => "measure_form",
        Scope::In(Context::GasReview) => "gas_review",
        Scope::In(Context::ClientPicker) => "client_picker",
        Scope::In(Context::CheckInPicker) => "checkin_picker",
        Scope::In(Context::DocumentPreview) => "document_preview",
    }
}

/// An action's name in `keys.toml` (its serde name: `move_down`).
pub fn action_name(action: Action) -> String {
    match toml::Value::try_from(action) {
        Ok(toml::Value::String(s)) => s,
        _ => format!("{action:?}"),
    }
}

/// A key as the help screen writes it: `j`, `Space`, `Ctrl-S`, `Alt-k`,
/// `Shift-Tab`, `PgDn`, `F2`.
pub fn parse_key(text: &str) -> Option<Key> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        if lower.len() > 5 && lower.starts_with("ctrl-") {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[5..];
        } else if lower.len() > 4 && lower.starts_with("alt-") {
            mods |= KeyModifiers::ALT;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let named = match rest.to_ascii_lowercase().as_str() {
        "space" => Some(KeyCode::Char(' ')),
        "tab" => Some(KeyCode::Tab),
        "shift-tab" | "backtab" => Some(KeyCode::BackTab),
        "enter" => Some(KeyCode::Enter),
        "esc" => Some(KeyCode::Esc),
        "up" => Some(KeyCode::Up),
        "down" => Some(KeyCode::Down),
        "left" => Some(KeyCode::Left),
        "right" => Some(KeyCode::Right),
        "pgup" | "pageup" => Some(KeyCode::PageUp),
        "pgdn" | "pagedown" => Some(KeyCode::PageDown),
        "home" => Some(KeyCode::Home),
        "end" => Some(KeyCode::End),
        "backspace" => Some(KeyCode::Backspace),
        "del" | "delete" => Some(KeyCode::Delete),
        f if f.len() > 1 && f.starts_with('f') => f[1..]
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .map(KeyCode::F),
        _ => None,
    };
    let code = match named {
        Some(code) => code,
        None => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() || c.is_control() {
                return None;
            }
            // Ctrl with a letter arrives as the lower-case letter.
            KeyCode::Char(if mods.is_empty() {
                c
            } else {
                c.to_ascii_lowercase()
            })
        }
    };
    Some(Key { code, mods })
}

/// Could both scopes be in force at once (so one key in both is a clash)?
fn overlap(a: Scope, b: Scope) -> bool {
    let one_way = |x: Scope, y: Scope| match (x, y) {
        (Scope::Global, Scope::Always) => true,
        (Scope::In(Context::Pane(_)), Scope::Global) => true,
        (Scope::In(c), Scope::Always) => c != Context::Lock,
        _ => false,
    };
    a == b || one_way(a, b) || one_way(b, a)
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

type Raw = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Keys>>>;

/// The defaults with `text`'s changes, or what is wrong, with its line.
pub fn parse(text: &str, origin: &Path) -> Result<Vec<Binding>, String> {
    let raw: Raw = crate::tomlfile::parse(text, origin)?;
    let at = |span: std::ops::Range<usize>| {
        let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
        format!("{}:{line}", origin.display())
    };
    let mut table = BINDINGS.to_vec();
    // Which bindings the user set, and where.
    let mut set: Vec<(usize, String)> = Vec::new();
    for (sec, entries) in raw {
        let scope = BINDINGS
            .iter()
            .map(|b| b.scope)
            .find(|s| section(*s) == sec.get_ref())
            .ok_or_else(|| {
                let mut names: Vec<&str> = BINDINGS.iter().map(|b| section(b.scope)).collect();
                names.dedup();
                format!(
                    "{}: no section [{}]; the sections are {}",
                    at(sec.span()),
                    sec.get_ref(),
                    names.join(", ")
                )
            })?;
        for (name, keys) in entries {
            let here = at(name.span());
            let action = BINDINGS
                .iter()
                .filter(|b| b.scope == scope)
                .find(|b| action_name(b.action) == *name.get_ref())
                .map(|b| b.action)
                .ok_or_else(|| {
                    format!(
                        "{here}: no action `{}` in [{}] (the README's key table lists them)",
                        name.get_ref(),
                        section(scope)
                    )
                })?;
            let list = match keys.get_ref() {
                Keys::One(k) => vec![k.clone()],
                Keys::Many(ks) => ks.clone(),
            };
            if list.is_empty() {
                return Err(format!(
                    "{here}: `{}` needs at least one key",
                    name.get_ref()
                ));
            }
            let mut parsed = Vec::new();
            for k in &list {
                let key = parse_key(k).ok_or_else(|| {
                    format!("{here}: cannot read the key {k:?} (keys are written as in the help: j, Space, Ctrl-S, Alt-k, PgDn, F2)")
                })?;
                if scope == Scope::Always
                    && key.mods.is_empty()
                    && !matches!(key.code, KeyCode::F(_))
                {
                    return Err(format!(
                        "{here}: {} would be typed as text: keys in [always] need Ctrl, Alt or an F key",
                        key.label()
                    ));
                }
                parsed.push(key);
            }
            let Some(i) = table
                .iter()
                .position(|b| b.scope == scope && b.action == action)
            else {
                continue;
            };
            // Read once at start and kept for the whole run.
            table[i].keys = Box::leak(parsed.into_boxed_slice());
            set.push((i, here));
        }
    }
    for (i, here) in &set {
        let mine = table[*i];
        for (j, other) in table.iter().enumerate() {
            if j == *i || other.action == mine.action || !overlap(mine.scope, other.scope) {
                continue;
            }
            // A pane's own key over a key used everywhere is by design when
            // the defaults do it too (PgDn in Notes scrolls the note).
            let by_design = |k: &Key| BINDINGS[*i].keys.contains(k) && BINDINGS[j].keys.contains(k);
            if let Some(k) = mine
                .keys
                .iter()
                .find(|k| other.keys.contains(k) && !by_design(k))
            {
                return Err(format!(
                    "{here}: {} is already `{}` in [{}]; change that one too, or pick another key",
                    k.label(),
                    action_name(other.action),
                    section(other.scope)
                ));
            }
        }
    }
    Ok(table)
}

/// `keys.toml` at `path`, if there is one, ready for `keymap::install`.
pub fn load(path: &Path) -> Result<Option<&'static [Binding]>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let table = parse(&text, path)?;
            Ok(Some(Box::leak(table.into_boxed_slice())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Vec<Binding>, String> {
        parse(text, Path::new("keys.toml"))
    }

    #[test]
    fn keys_read_as_the_help_writes_them() {
        let k = |s| parse_key(s).map(|k| k.label());
        for s in [
            "j",
            "Space",
            "Ctrl-S",
            "Alt-k",
            "Shift-Tab",
            "PgDn",
            "F2",
            "Esc",
            "?",
            "G",
        ] {
            assert_eq!(k(s).as_deref(), Some(s), "{s}");
        }
        assert_eq!(k("ctrl-n").as_deref(), Some("Ctrl-N"));
        assert_eq!(k("Ctrl-N").as_deref(), Some("Ctrl-N"));
        for bad in ["", "jj", "Hyper-x", "F13", "Ctrl-"] {
            assert_eq!(parse_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_section_and_action_name_round_trips_and_defaults_stay_without_a_file() {
        assert_eq!(p("").unwrap().len(), BINDINGS.len());
        for b in BINDINGS {
            let text = format!(
                "[{}]\n{} = {:?}\n",
                section(b.scope),
                action_name(b.action),
                b.keys.iter().map(Key::label).collect::<Vec<_>>()
            );
            assert!(p(&text).is_ok(), "{text}: {:?}", p(&text));
        }
    }

    #[test]
    fn unknown_names_conflicts_and_plain_keys_while_typing_are_refused_with_the_line() {
        for (text, says) in [
            (
                "\n[everywhere]\nmove_dowm = \"n\"\n",
                "keys.toml:3: no action `move_dowm`",
            ),
            (
                "\n\n[caseloads]\nadd_client = \"+\"\n",
                "keys.toml:3: no section [caseloads]",
            ),
            (
                "[everywhere]\n\nmove_down = \"Hyper-j\"\n",
                "keys.toml:3: cannot read",
            ),
            (
                "[everywhere]\nmove_down = \"n\"\n",
                "keys.toml:2: n is already `new_note` in [everywhere]",
            ),
            (
                "[caseload]\nadd_client = \"q\"\n",
                "keys.toml:2: q is already `quit` in [everywhere]",
            ),
            (
                "[always]\nlock_now = \"l\"\n",
                "keys.toml:2: l would be typed as text",
            ),
            (
                "[everywhere]\nmove_down = []\n",
                "keys.toml:2: `move_down` needs at least one key",
            ),
            ("[everywhere]\nmove_down = 3\n", "keys.toml:2:"),
        ] {
            let err = p(text).unwrap_err();
            assert!(err.starts_with(says), "{text:?}: {err}");
        }
        // Both sides changed together: no clash.
        let swapped = p("[everywhere]\nmove_down = \"k\"\nmove_up = \"j\"\n").unwrap();
        let down = swapped
            .iter()
            .find(|b| b.action == Action::MoveDown && b.scope == Scope::Global);
        assert_eq!(down.map(|b| b.keys_label()).as_deref(), Some("k"));
    }
}
