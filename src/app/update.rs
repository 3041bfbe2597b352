use super::{Action, App, Pane};

impl App {
    /// Apply one action. Returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        if self.help_open {
            return match action {
                Action::ToggleHelp | Action::Back => {
                    self.help_open = false;
                    true
                }
                Action::Quit => {
                    self.should_quit = true;
                    true
                }
                _ => false,
            };
        }
        match action {
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::MoveDown => return self.move_by(1),
            Action::MoveUp => return self.move_by(-1),
            Action::PageDown => return self.move_by(self.page_rows as isize),
            Action::PageUp => return self.move_by(-(self.page_rows as isize)),
            Action::Home => return self.move_by(isize::MIN / 2),
            Action::End => return self.move_by(isize::MAX / 2),
            Action::ToggleHelp => self.help_open = true,
            Action::Back => {
                if self.status.take().is_none() && self.focus != Pane::Caseload {
                    self.focus = Pane::Caseload;
                }
            }
            Action::Quit => self.should_quit = true,
        }
        true
    }

    fn move_by(&mut self, delta: isize) -> bool {
        let pane = self.focus;
        let len = self.list_len(pane);
        let before = self.cursor(pane);
        self.cursors[pane as usize].step(delta, len);
        if self.cursor(pane) == before {
            return false;
        }
        if pane == Pane::Caseload {
            if let Err(e) = self.load_detail() {
                self.status = Some(format!("Could not load this client: {e}"));
            }
        }
        true
    }

    /// Called when the terminal changes size: a page is what fits in a list.
    pub fn resize(&mut self, height: u16) {
        self.page_rows = usize::from(height.saturating_sub(6)).max(1);
    }
}
