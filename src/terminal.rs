//! Raw mode and the alternate screen, and putting them back on every way out.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Stdout};
use std::sync::Once;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Take over the terminal. Installs a panic hook that gives it back first,
/// so a panic message is readable and the shell is usable afterwards.
pub fn enter() -> io::Result<Term> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
    enable_raw_mode()?;
    if let Err(e) = execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| restore())
}

/// Take the terminal again after a suspend (Ctrl-Z, then `fg`).
pub fn resume(term: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    term.clear()
}

/// Stop this process as the shell's job control expects, with the terminal
/// given back first; returns once the shell continues it.
pub fn suspend() {
    restore();
    // SIGTSTP's default action stops the process until the shell continues it.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
}

/// Give the terminal back. Safe to call more than once and when the terminal
/// has gone away (a dropped SSH link): errors are ignored on purpose.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}
