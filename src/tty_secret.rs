//! Reading a secret (a passphrase, a lock PIN) from the controlling
//! terminal without showing it: echo and signals off before the prompt
//! shows, keys read one by one, the terminal's settings put back however
//! it ends. Never from the command line or the environment, where `ps` and
//! shell history would keep it.

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex};
use std::io::{Read, Write};
use zeroize::Zeroizing;

/// Why no secret was read.
#[derive(Debug)]
pub enum Unread {
    /// There is no terminal to ask on.
    NoTerminal,
    /// Ctrl-C, Escape, Ctrl-D on an empty line, or the end of input.
    Cancelled,
    /// Longer than the caller takes.
    TooLong,
    NotUtf8,
    Failed(std::io::Error),
}

/// Puts the terminal's settings back however the prompt ends.
struct Restore<'a> {
    tty: &'a std::fs::File,
    saved: termios::Termios,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        // `Now`: keys typed after Enter are for what comes next.
        let _ = termios::tcsetattr(self.tty, OptionalActions::Now, &self.saved);
    }
}

/// Show `prompt` on the controlling terminal and read one line of at most
/// `max` bytes, with nothing shown as it is typed. Keys are read one at a
/// time (no echo, no signals) so that Ctrl-C can cancel without leaving
/// the terminal silent.
pub fn read(prompt: &str, max: usize) -> Result<Zeroizing<String>, Unread> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| Unread::NoTerminal)?;
    let saved = termios::tcgetattr(&tty).map_err(|_| Unread::NoTerminal)?;
    let mut quiet = saved.clone();
    quiet.local_modes &=
        !(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG | LocalModes::IEXTEN);
    quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
    quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
    let typed = {
        let _restore = Restore {
            tty: &tty,
            saved: saved.clone(),
        };
        // Quiet before the prompt shows: nothing typed after it is echoed.
        // (Anything typed ahead of it, already echoed, is dropped.)
        termios::tcsetattr(&tty, OptionalActions::Flush, &quiet)
            .map_err(|e| Unread::Failed(e.into()))?;
        (&tty)
            .write_all(prompt.as_bytes())
            .and_then(|()| (&tty).flush())
            .map_err(Unread::Failed)?;
        read_line(&tty, max)
    };
    let _ = (&tty).write_all(b"\n");
    let typed = typed?;
    String::from_utf8(typed.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| Unread::NotUtf8)
}

/// Bytes up to Enter, with Backspace and Ctrl-U; Ctrl-C, Ctrl-D on an empty
/// line, Escape or the end of input cancel.
fn read_line(mut tty: &std::fs::File, max: usize) -> Result<Zeroizing<Vec<u8>>, Unread> {
    // Room for the longest: growing would leave copies behind.
    let mut line = Zeroizing::new(Vec::with_capacity(max));
    let mut byte = [0u8; 1];
    loop {
        match tty.read(&mut byte) {
            Ok(0) => return Err(Unread::Cancelled),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Unread::Failed(e)),
        }
        match byte[0] {
            b'\r' | b'\n' => return Ok(line),
            0x03 | 0x1b => return Err(Unread::Cancelled),
            0x04 if line.is_empty() => return Err(Unread::Cancelled),
            0x15 => line.clear(),
            0x7f | 0x08 => {
                // A whole character: continuation bytes are 10xxxxxx.
                while let Some(b) = line.pop() {
                    if b & 0xc0 != 0x80 {
                        break;
                    }
                }
            }
            b if b < 0x20 => {}
            b => {
                if line.len() >= max {
                    return Err(Unread::TooLong);
                }
                line.push(b);
            }
        }
    }
}
