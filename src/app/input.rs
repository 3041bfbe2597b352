//! A one-line text input: what a form field holds while someone types.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Text plus a cursor, counted in characters. The whole text may be
/// selected (a date a form filled in): then typing or pasting replaces it,
/// Backspace or Delete clears it, and a cursor key just lets go of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
    selected: bool,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Is the whole text selected (so the next character replaces it)?
    pub fn selected(&self) -> bool {
        self.selected
    }
    /// Select the whole text, cursor at its end; nothing to select when empty.
    pub fn select_all(&mut self) {
        self.selected = !self.text.is_empty();
        self.cursor = self.text.chars().count();
    }
    /// Typing over a selection: the selection goes first. Returns whether
    /// there was one.
    fn take_selection(&mut self) -> bool {
        let had = std::mem::take(&mut self.selected);
        if had {
            self.text.clear();
            self.cursor = 0;
        }
        had
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }
    pub fn insert(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            return;
        }
        self.take_selection();
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }
    /// Pasted text goes in as one insert; line breaks become spaces.
    pub fn insert_str(&mut self, s: &str) {
        // One splice, not one insert per character: a large paste stays fast.
        let clean: String = s
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        self.take_selection();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }
    pub fn backspace(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }
    pub fn delete(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }
    /// Left and Right on a selection let go of it at its start or end, as
    /// text boxes do; after that they move a character.
    pub fn left(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.cursor = 0;
        } else {
            self.cursor = self.cursor.saturating_sub(1);
        }
    }
    pub fn right(&mut self) {
        if !std::mem::take(&mut self.selected) {
            self.cursor = (self.cursor + 1).min(self.text.chars().count());
        }
    }
    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.text.chars().count();
    }
    /// Empty the input (a form's "clear the field").
    pub fn clear(&mut self) {
        self.selected = false;
        self.text.clear();
        self.cursor = 0;
    }
    /// Ctrl-U: clear to the start, as in a shell (all of a selection).
    pub fn clear_to_start(&mut self) {
        if self.take_selection() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
    }

    /// Apply a line-editing key: a typed character, Backspace, Delete, the
    /// arrows, Home/End or Ctrl-U. Returns false (and changes nothing) for any
    /// other key, including other Ctrl chords, so the caller can treat it.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.clear_to_start()
            }
            KeyCode::Char(_) if key.modifiers.contains(KeyModifiers::CONTROL) => return false,
            KeyCode::Char(c) => self.insert(c),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_in_the_middle_of_multibyte_text() {
        let mut i = LineInput::new("Zoë");
        i.left();
        i.insert('x');
        assert_eq!(i.text(), "Zoxë");
        i.backspace();
        i.backspace();
        assert_eq!(i.text(), "Zë");
        i.home();
        i.delete();
        assert_eq!(i.text(), "ë");
        i.end();
        i.insert_str("a\nb");
        assert_eq!(i.text(), "ëa b");
        i.left();
        i.clear_to_start();
        assert_eq!((i.text(), i.cursor()), ("b", 0));
    }

    #[test]
    fn a_selection_is_replaced_by_typing_and_let_go_by_moving() {
        let mut i = LineInput::new("2026-11-23");
        i.select_all();
        i.insert('2');
        assert_eq!((i.text(), i.cursor(), i.selected()), ("2", 1, false));
        for (key, text, cursor) in [
            ("backspace", "", 0),
            ("delete", "", 0),
            ("ctrl-u", "", 0),
            ("left", "2026-11-23", 0),
            ("right", "2026-11-23", 10),
            ("home", "2026-11-23", 0),
            ("end", "2026-11-23", 10),
        ] {
            let mut i = LineInput::new("2026-11-23");
            i.select_all();
            match key {
                "backspace" => i.backspace(),
                "delete" => i.delete(),
                "ctrl-u" => i.clear_to_start(),
                "left" => i.left(),
                "right" => i.right(),
                "home" => i.home(),
                _ => i.end(),
            }
            assert_eq!(
                (i.text(), i.cursor(), i.selected()),
                (text, cursor, false),
                "{key}"
            );
        }
        let mut i = LineInput::new("today");
        i.select_all();
        i.insert_str("+2w");
        assert_eq!(i.text(), "+2w");
        let mut empty = LineInput::new("");
        empty.select_all();
        assert!(!empty.selected());
    }
}
