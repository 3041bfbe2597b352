//! Raw mode and the alternate screen, and putting them back on every way out.

use crate::frame_backend::FrameBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::{Frame, Terminal};
use std::io::{self, Stdout, Write};
use std::sync::Once;

pub type Term = Terminal<Backend<Stdout>>;

/// The backend the terminal draws through: each frame leaves in one write,
/// in as few bytes as the change takes (see `frame_backend`). Everything
/// else it sends (a clear, the cursor shown again) is written at once, so
/// it keeps its order with what `enter`, `restore` and the panic hook
/// write to stdout themselves.
pub type Backend<W> = FrameBackend<W>;

pub fn backend<W: Write>(out: W) -> Backend<W> {
    FrameBackend::new(out)
}

/// Draw one frame: the changed cells and the cursor, in one write. With
/// `afresh`, on a cleared screen, every cell sent again, in the same one
/// write: after a resize, when the terminal may have moved or kept what it
/// showed in ways the cells sent so far do not tell.
pub fn draw<W: Write>(
    term: &mut Terminal<Backend<W>>,
    afresh: bool,
    render: impl FnOnce(&mut Frame),
) -> io::Result<()> {
    term.backend_mut().begin_frame();
    let cleared = if afresh { term.clear() } else { Ok(()) };
    let drawn = cleared.and_then(|()| term.draw(render).map(drop));
    // Sent even when drawing failed half way: nothing is kept for later.
    let sent = term.backend_mut().end_frame();
    drawn.and(sent)
}

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
    let mut term = Terminal::new(backend(io::stdout())).inspect_err(|_| restore())?;
    // Not every terminal clears the alternate screen it switches to (GNU
    // screen with altscreen off does not); frames assume a blank one.
    term.clear().inspect_err(|_| restore())?;
    Ok(term)
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
    // (A frame always ends its synchronized output in the same write; the
    // end here is for a frame cut off half way, by a write that failed.)
    let _ = execute!(
        io::stdout(),
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}
