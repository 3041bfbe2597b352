//! The main loop: block until something happens, turn it into an Action,
//! update, and redraw only if something changed. No timers, no polling.

use crate::app::App;
use crate::keymap;
use crate::terminal;
use crate::ui::{self, Theme};
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::io;
use std::sync::mpsc;
use std::thread;

enum Input {
    Term(Event),
    /// The terminal's input is gone (read error): treat like a hang-up.
    Closed,
    Signal(i32),
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
    InputClosed,
}

pub fn run(app: &mut App, theme: &Theme) -> io::Result<Exit> {
    let (tx, rx) = mpsc::channel();
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let sig_tx = tx.clone();
    thread::spawn(move || {
        for s in signals.forever() {
            if sig_tx.send(Input::Signal(s)).is_err() {
                break;
            }
        }
    });
    thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(ev) => Input::Term(ev),
                Err(_) => Input::Closed,
            };
            let closed = matches!(msg, Input::Closed);
            if tx.send(msg).is_err() || closed {
                break;
            }
        }
    });

    let mut term = terminal::enter()?;
    let result = drive(&mut term, app, theme, &rx);
    terminal::restore();
    result
}

fn drive(
    term: &mut terminal::Term,
    app: &mut App,
    theme: &Theme,
    rx: &mpsc::Receiver<Input>,
) -> io::Result<Exit> {
    app.resize(term.size()?.height);
    term.draw(|f| ui::draw(f, app, theme))?;
    loop {
        let Ok(input) = rx.recv() else {
            return Ok(Exit::InputClosed);
        };
        let changed = match input {
            Input::Signal(s) => return Ok(Exit::Signal(s)),
            Input::Closed => return Ok(Exit::InputClosed),
            Input::Term(Event::Key(k)) if k.kind == KeyEventKind::Press => {
                match keymap::lookup(&k, app.key_context()) {
                    Some(action) => app.update(action),
                    None => app.type_key(k),
                }
            }
            Input::Term(Event::Paste(text)) => app.paste(&text),
            Input::Term(Event::Resize(_, h)) => {
                app.resize(h);
                true
            }
            Input::Term(_) => false,
        };
        if app.should_quit {
            return Ok(Exit::Quit);
        }
        if app.suspend_requested {
            app.suspend_requested = false;
            terminal::suspend();
            terminal::resume(term)?;
        }
        let reloaded = app.refresh_if_changed();
        if changed || reloaded {
            term.draw(|f| ui::draw(f, app, theme))?;
        }
    }
}
