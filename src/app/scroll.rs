//! One scroll type for every list and text view. The app owns it; drawing
//! reads it and reports back (as a [`Seen`] value) where it actually put the
//! window and how much there was, so the app can page by what is on screen
//! and clamp to the content without drawing ever writing state.

use super::Action;

/// Rows a page key moves before the first frame has said how many fit.
const ROWS_BEFORE_FIRST_FRAME: usize = 10;

/// What one drawn view looked like: the first row shown, how many rows
/// fitted, and how many rows of content there were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    pub offset: usize,
    pub rows: usize,
    pub len: usize,
}

/// A selected row (`index`, for lists) and the first row on screen
/// (`offset`, for lists and text alike).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    pub index: usize,
    pub offset: usize,
    /// Rows on screen and rows of content, as last drawn; 0 before that.
    rows: usize,
    len: usize,
}

impl Scroll {
    /// A list cursor on row `index`.
    pub fn at(index: usize) -> Scroll {
        Scroll {
            index,
            ..Scroll::default()
        }
    }

    /// Rows one page moves: what the view showed last time it was drawn.
    pub fn page(&self) -> isize {
        let rows = if self.rows == 0 {
            ROWS_BEFORE_FIRST_FRAME
        } else {
            self.rows
        };
        isize::try_from(rows).unwrap_or(isize::MAX)
    }

    /// Rows a page of text moves: what was shown less one, so the last line
    /// of one page is the first of the next and no line is ever skipped.
    pub fn text_page(&self) -> isize {
        (self.page() - 1).max(1)
    }

    /// How far a movement action moves a text view: a line, a page with
    /// one line of overlap, or to either end. `None` for any other action.
    pub fn text_delta(&self, action: Action) -> Option<isize> {
        match action {
            Action::PageDown => Some(self.text_page()),
            Action::PageUp => Some(-self.text_page()),
            other => self.delta(other),
        }
    }

    /// How far a movement action moves: a row, a page of what was shown,
    /// or to either end. `None` for any other action.
    pub fn delta(&self, action: Action) -> Option<isize> {
        Some(match action {
            Action::MoveDown => 1,
            Action::MoveUp => -1,
            Action::PageDown => self.page(),
            Action::PageUp => -self.page(),
            Action::Home => isize::MIN / 2,
            Action::End => isize::MAX / 2,
            _ => return None,
        })
    }

    /// Move the selection by `delta` within a list of `len` rows, stopping at
    /// the ends. Returns whether it moved.
    pub fn step(&mut self, delta: isize, len: usize) -> bool {
        let before = self.index;
        self.index = match len {
            0 => 0,
            _ => self.index.saturating_add_signed(delta).min(len - 1),
        };
        self.index != before
    }

    /// Keep the selection where it is, but inside a list of `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.step(0, len);
    }

    /// Move the view of a text by `delta` rows, never past its last screenful.
    /// Returns whether it moved.
    pub fn scroll_by(&mut self, delta: isize) -> bool {
        let before = self.offset;
        self.offset = self
            .offset
            .saturating_add_signed(delta)
            .min(self.max_offset());
        self.offset != before
    }

    /// The largest useful offset of a text, as far as the last frame showed.
    pub fn max_offset(&self) -> usize {
        if self.rows == 0 {
            // Not drawn yet: the content's size is not known, do not stop it.
            return usize::MAX;
        }
        self.len.saturating_sub(self.rows)
    }

    /// The first row to draw for a window of `rows` that must show row
    /// `line` (the selection, in rows of the drawn content): moves the last
    /// window only as far as needed, so the view does not jump.
    pub fn window(&self, line: usize, rows: usize) -> usize {
        let rows = rows.max(1);
        if line < self.offset {
            line
        } else if line >= self.offset + rows {
            line + 1 - rows
        } else {
            self.offset
        }
    }

    /// The first row to draw for a text of `len` rows in a window of `rows`.
    pub fn text_window(&self, len: usize, rows: usize) -> usize {
        self.offset.min(len.saturating_sub(rows))
    }

    /// Take what the drawing reported.
    pub fn seen(&mut self, seen: Seen) {
        self.offset = seen.offset;
        self.rows = seen.rows;
        self.len = seen.len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_cursor_stops_at_both_ends() {
        let mut s = Scroll::default();
        assert!(!s.step(-1, 5));
        assert!(s.step(3, 5));
        assert!(s.step(10, 5));
        assert_eq!(s.index, 4);
        assert!(!s.step(1, 5));
        s.clamp(2);
        assert_eq!(s.index, 1);
        s.clamp(0);
        assert_eq!(s.index, 0);
    }

    #[test]
    fn a_page_is_what_was_on_screen() {
        let mut s = Scroll::default();
        assert_eq!(s.page(), 10);
        s.seen(Seen {
            offset: 0,
            rows: 4,
            len: 40,
        });
        assert_eq!(s.page(), 4);
    }

    #[test]
    fn a_text_page_keeps_one_line_of_the_last() {
        let mut s = Scroll::default();
        s.seen(Seen {
            offset: 0,
            rows: 8,
            len: 60,
        });
        assert_eq!(s.text_delta(Action::PageDown), Some(7));
        assert_eq!(s.text_delta(Action::PageUp), Some(-7));
        assert_eq!(s.text_delta(Action::MoveDown), Some(1));
        // One row on screen still moves.
        s.seen(Seen {
            offset: 0,
            rows: 1,
            len: 60,
        });
        assert_eq!(s.text_page(), 1);
    }

    #[test]
    fn text_scroll_stops_at_its_last_screenful() {
        let mut s = Scroll::default();
        s.seen(Seen {
            offset: 0,
            rows: 8,
            len: 20,
        });
        assert!(s.scroll_by(100));
        assert_eq!(s.offset, 12);
        assert!(!s.scroll_by(1));
        // Back up at once, not after paying off the overshoot.
        assert!(s.scroll_by(-1));
        assert_eq!(s.offset, 11);
        assert_eq!(s.text_window(20, 8), 11);
        assert_eq!(s.text_window(10, 8), 2);
    }

    #[test]
    fn the_window_moves_only_as_far_as_needed() {
        let mut s = Scroll::default();
        assert_eq!(s.window(3, 5), 0);
        assert_eq!(s.window(7, 5), 3);
        s.offset = 3;
        assert_eq!(s.window(5, 5), 3);
        assert_eq!(s.window(1, 5), 1);
    }
}
