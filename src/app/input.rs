//! A one-line text input: what a form field holds while someone types.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Text plus a cursor, counted in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }
    pub fn text(&self) -> &str {
        &self.text
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
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }
    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }
    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
    /// Ctrl-U: clear to the start, as in a shell.
    pub fn clear_to_start(&mut self) {
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
}
