//! Progress of a long command (generate, backup, check, import, export) on
//! stderr, one line rewritten in place, and only when stderr is a terminal:
//! a script or a log gets nothing but the command's own result.

use std::io::{IsTerminal, Write};

pub struct Progress {
    label: &'static str,
    total: u64,
    shown: Option<u64>,
    on: bool,
}

impl Progress {
    /// A report of `total` steps; `total` 0 shows only that work is going on.
    pub fn new(label: &'static str, total: u64) -> Progress {
        Progress::with_terminal(label, total, std::io::stderr().is_terminal())
    }

    fn with_terminal(label: &'static str, total: u64, on: bool) -> Progress {
        let mut p = Progress {
            label,
            total,
            shown: None,
            on,
        };
        if total == 0 {
            p.show(&format!("{label}..."));
        }
        p
    }

    /// `done` of the total: the line changes only when the percentage does.
    pub fn set(&mut self, done: u64) {
        if self.total == 0 {
            return;
        }
        let pct = done.min(self.total) * 100 / self.total;
        if self.shown != Some(pct) {
            self.shown = Some(pct);
            self.show(&format!("{}: {pct}%", self.label));
        }
    }

    fn show(&mut self, text: &str) {
        if self.on {
            // Padded so a shorter line covers a longer one; no escapes.
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{text:<40}");
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    /// The line is cleared, done or not, so what comes next starts clean.
    fn drop(&mut self) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:<40}\r", "");
            let _ = err.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_percentage_moves_only_when_it_changes_and_off_is_silent() {
        let mut p = Progress::with_terminal("generate", 200, false);
        p.set(1);
        assert_eq!(p.shown, Some(0));
        p.set(2);
        assert_eq!(p.shown, Some(1));
        p.set(500);
        assert_eq!(p.shown, Some(100));
    }
}
