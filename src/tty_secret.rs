//! Reading a secret (a PIN) from the terminal without showing it: the
//! terminal in raw mode, keys read one by one, nothing echoed. Never from
//! the command line or the environment, where `ps` and shell history would
//! keep it.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal;
use std::io::Write;

/// Gives the terminal back however the reading ends.
struct Raw;

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Show `prompt` on the terminal and read one line without echo. Backspace
/// deletes; Enter ends it; Esc, Ctrl-C and Ctrl-D give up. At most
/// `max` characters are taken.
pub fn read(prompt: &str, max: usize) -> Result<String, String> {
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| format!("needs a terminal to read the PIN from ({e})"))?;
    let say = |tty: &mut std::fs::File, s: &str| {
        let _ = tty.write_all(s.as_bytes()).and_then(|_| tty.flush());
    };
    let typed = {
        // Raw before the prompt shows: keys typed as soon as it appears (or
        // before) must never be echoed by the terminal's cooked mode.
        terminal::enable_raw_mode().map_err(|e| format!("terminal: {e}"))?;
        let _raw = Raw;
        say(&mut tty, prompt);
        read_keys(max)
    };
    // Raw mode is off again: a plain newline ends the prompt's line.
    say(&mut tty, "\n");
    typed
}

fn read_keys(max: usize) -> Result<String, String> {
    let mut typed = String::new();
    loop {
        let ev = event::read().map_err(|e| format!("terminal: {e}"))?;
        let Event::Key(k) = ev else { continue };
        if k.kind != KeyEventKind::Press {
            continue;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            // A line typed ahead in cooked mode ends in `\n`, which raw
            // mode reads as Ctrl-J.
            KeyCode::Enter => return Ok(typed),
            KeyCode::Char('j') if ctrl => return Ok(typed),
            KeyCode::Esc => return Err("cancelled".into()),
            KeyCode::Char('c' | 'd') if ctrl => return Err("cancelled".into()),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Char(c) if !ctrl && typed.chars().count() < max => typed.push(c),
            _ => {}
        }
    }
}
