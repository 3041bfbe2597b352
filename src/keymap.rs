//! The one table of keys. The help overlay, the hint bar and the README's
//! key table are all generated from it, so they cannot disagree.

use crate::app::{Action, Pane};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere in the main screen (not inside forms, where keys are text).
    Global,
    /// Only while this pane has focus.
    Pane(Pane),
    Help,
    Form,
    Confirm,
    /// The detail of one goal (steps, referrals, progress history).
    GoalDetail,
}

/// What has the keyboard right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Pane(Pane),
    Help,
    Form,
    Confirm,
    GoalDetail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// What the help screen says the key does.
    pub help: &'static str,
    /// A short word for the one-line hint bar; `None` keeps it out of the bar.
    pub hint: Option<&'static str>,
}

use Action as A;
use Scope::Global;

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[key(KeyCode::Tab)], action: A::FocusNext, scope: Global, help: "next pane (Caseload, Stages, Goals, Notes)", hint: Some("pane") },
    Binding { keys: &[key(KeyCode::BackTab)], action: A::FocusPrev, scope: Global, help: "previous pane", hint: None },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: Global, help: "move down", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: Global, help: "move up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], action: A::PageDown, scope: Global, help: "page down", hint: None },
    Binding { keys: &[key(KeyCode::PageUp)], action: A::PageUp, scope: Global, help: "page up", hint: None },
    Binding { keys: &[key(KeyCode::Home), ch('g')], action: A::Home, scope: Global, help: "first item", hint: None },
    Binding { keys: &[key(KeyCode::End), ch('G')], action: A::End, scope: Global, help: "last item", hint: None },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: Global, help: "back, close, cancel", hint: None },
    Binding { keys: &[ch('?')], action: A::ToggleHelp, scope: Global, help: "this help", hint: Some("help") },
    Binding { keys: &[ch('q')], action: A::Quit, scope: Global, help: "quit (everything is already saved)", hint: Some("quit") },
    Binding { keys: &[ch('a')], action: A::AddClient, scope: Scope::Pane(Pane::Caseload), help: "add a client", hint: Some("add") },
    Binding { keys: &[key(KeyCode::Enter)], action: A::OpenGoal, scope: Scope::Pane(Pane::Goals), help: "open the goal: steps, referrals, history", hint: Some("open") },
    Binding { keys: &[ch('a')], action: A::AddGoal, scope: Scope::Pane(Pane::Goals), help: "add a goal", hint: Some("add") },
    Binding { keys: &[ch('e')], action: A::EditGoal, scope: Scope::Pane(Pane::Goals), help: "edit the selected goal", hint: Some("edit") },
    Binding { keys: &[ch('p')], action: A::RecordProgress, scope: Scope::Pane(Pane::Goals), help: "record progress on the selected goal", hint: Some("progress") },
    Binding { keys: &[ch('j'), key(KeyCode::Down)], action: A::MoveDown, scope: Scope::GoalDetail, help: "next line", hint: Some("move") },
    Binding { keys: &[ch('k'), key(KeyCode::Up)], action: A::MoveUp, scope: Scope::GoalDetail, help: "previous line", hint: None },
    Binding { keys: &[ch('p')], action: A::RecordProgress, scope: Scope::GoalDetail, help: "record progress on this goal", hint: Some("progress") },
    Binding { keys: &[ch('s')], action: A::AddStep, scope: Scope::GoalDetail, help: "add a plan step (who does what by when)", hint: Some("step") },
    Binding { keys: &[ch('r')], action: A::AddReferral, scope: Scope::GoalDetail, help: "add a referral to another agency", hint: Some("referral") },
    Binding { keys: &[ch(' '), ch('x')], action: A::ToggleStep, scope: Scope::GoalDetail, help: "mark the selected step done, or not done", hint: Some("done") },
    Binding { keys: &[ch('e')], action: A::EditGoalItem, scope: Scope::GoalDetail, help: "edit the selected goal, step or referral", hint: Some("edit") },
    Binding { keys: &[ch('?')], action: A::ToggleHelp, scope: Scope::GoalDetail, help: "this help", hint: None },
    Binding { keys: &[key(KeyCode::Esc), ch('q')], action: A::Back, scope: Scope::GoalDetail, help: "close the goal", hint: Some("close") },
    Binding { keys: &[key(KeyCode::Esc), ch('?'), ch('q')], action: A::Back, scope: Scope::Help, help: "close help", hint: Some("close") },
    Binding { keys: &[key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Enter)], action: A::NextField, scope: Scope::Form, help: "next field", hint: Some("next") },
    Binding { keys: &[key(KeyCode::BackTab), key(KeyCode::Up)], action: A::PrevField, scope: Scope::Form, help: "previous field", hint: None },
    Binding { keys: &[ctrl('s')], action: A::Save, scope: Scope::Form, help: "save", hint: Some("save") },
    Binding { keys: &[key(KeyCode::Esc)], action: A::Back, scope: Scope::Form, help: "cancel (asks before dropping typing)", hint: Some("cancel") },
    Binding { keys: &[ch('y')], action: A::Yes, scope: Scope::Confirm, help: "yes", hint: Some("yes") },
    Binding { keys: &[ch('n'), key(KeyCode::Esc)], action: A::No, scope: Scope::Confirm, help: "no", hint: Some("no") },
];

impl Key {
    /// Does this binding key match a pressed key? Shift is part of the
    /// character for letters, so it is ignored for `Char` keys.
    fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = match ev.code {
            KeyCode::Char(_) | KeyCode::BackTab => ev.modifiers - KeyModifiers::SHIFT,
            _ => ev.modifiers,
        };
        self.code == ev.code && self.mods == mods
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The scopes that apply in a context, most specific first.
fn scopes(ctx: Context) -> Vec<Scope> {
    match ctx {
        Context::Pane(p) => vec![Scope::Pane(p), Scope::Global],
        Context::Help => vec![Scope::Help],
        Context::Form => vec![Scope::Form],
        Context::Confirm => vec![Scope::Confirm],
        Context::GoalDetail => vec![Scope::GoalDetail],
    }
}

/// The action for a key press in `ctx`, if any. The most specific scope wins.
pub fn lookup(ev: &KeyEvent, ctx: Context) -> Option<Action> {
    scopes(ctx).into_iter().find_map(|scope| {
        BINDINGS
            .iter()
            .find(|b| b.scope == scope && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    })
}

/// Bindings for the hint bar, most specific first.
pub fn hints(ctx: Context) -> Vec<(String, &'static str)> {
    scopes(ctx)
        .into_iter()
        .flat_map(|scope| BINDINGS.iter().filter(move |b| b.scope == scope))
        .filter_map(|b| {
            b.hint
                .map(|h| (b.keys.first().map(Key::label).unwrap_or_default(), h))
        })
        .collect()
}

/// Heading for a scope in the help screen and README.
pub fn scope_title(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere",
        Scope::Pane(p) => p.title(),
        Scope::Help => "Help",
        Scope::Form => "In a form",
        Scope::Confirm => "Answering a question",
        Scope::GoalDetail => "In a goal's detail",
    }
}

/// The key table as Markdown, for the README (kept in step by a test).
pub fn markdown_table() -> String {
    let mut out = String::from("| key | where | action |\n|---|---|---|\n");
    for b in BINDINGS {
        let keys = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label()))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} |\n",
            scope_title(b.scope),
            b.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_to_actions() {
        let f = Context::Pane(Pane::Caseload);
        assert_eq!(
            lookup(&press(KeyCode::Char('j'), KeyModifiers::NONE), f),
            Some(A::MoveDown)
        );
        assert_eq!(
            lookup(&press(KeyCode::Down, KeyModifiers::NONE), f),
            Some(A::MoveDown)
        );
        assert_eq!(
            lookup(&press(KeyCode::BackTab, KeyModifiers::SHIFT), f),
            Some(A::FocusPrev)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('G'), KeyModifiers::SHIFT), f),
            Some(A::End)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), KeyModifiers::NONE), f),
            Some(A::Quit)
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), KeyModifiers::CONTROL), f),
            None
        );
        assert_eq!(
            lookup(&press(KeyCode::Char('z'), KeyModifiers::NONE), f),
            None
        );
        // Inside a form letters are text, not commands.
        let none = KeyModifiers::NONE;
        assert_eq!(
            lookup(&press(KeyCode::Char('q'), none), Context::Form),
            None
        );
        let save = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&save, Context::Form), Some(A::Save));
        // A pane's own binding applies only with focus there.
        let add = press(KeyCode::Char('a'), none);
        assert_eq!(lookup(&add, f), Some(A::AddClient));
        assert_eq!(lookup(&add, Context::Pane(Pane::Notes)), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.scope == b.scope {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{} bound twice", k.label());
                    }
                }
            }
        }
    }
}
