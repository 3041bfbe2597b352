//! Where a passphrase comes from: typed at the terminal without echo, or
//! read from a file only its owner can read (for scripts). Never from the
//! command line or the environment, which other users can see (`ps`,
//! /proc/PID/environ) and shells keep in their history.

use crate::store::cipher::Passphrase;
use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use zeroize::Zeroizing;

/// The longest passphrase read from a file or the terminal.
const MAX_LEN: usize = 4096;

/// The passphrase of an existing file: from `file` if given, else typed.
pub fn current(db: &Path, file: Option<&Path>) -> Result<Passphrase, String> {
    match file {
        Some(f) => from_file(f),
        None => ask(&format!("Passphrase for {}: ", db.display())),
    }
}

/// A new passphrase: from `file` if given, else typed twice.
pub fn new(file: Option<&Path>) -> Result<Passphrase, String> {
    if let Some(f) = file {
        return from_file(f);
    }
    let first = ask("New passphrase: ")?;
    let again = ask("The new passphrase again: ")?;
    if first.expose() != again.expose() {
        return Err("the two passphrases differ; nothing was changed".into());
    }
    Ok(first)
}

fn refuse_empty(text: Zeroizing<String>) -> Result<Passphrase, String> {
    Passphrase::new(text)
        .ok_or_else(|| "an empty passphrase is refused; nothing was changed".into())
}

/// A file holding the passphrase (one trailing newline is not part of it).
/// Refused unless only its owner, who must be you, can read it.
pub fn from_file(path: &Path) -> Result<Passphrase, String> {
    let named = |what: String| format!("{}: {what}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| named(e.to_string()))?;
    if !meta.is_file() {
        return Err(named("not a regular file".into()));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(named(format!(
            "mode {mode:04o} lets others read this passphrase file; make it 0600 (chmod 600)"
        )));
    }
    if meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(named("belongs to another user".into()));
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_LEN + 1));
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_LEN as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| named(e.to_string()))?;
    if bytes.len() > MAX_LEN {
        return Err(named("too long to be a passphrase".into()));
    }
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| named("the passphrase is not UTF-8 text".into()))?;
    refuse_empty(Zeroizing::new(text.to_string())).map_err(named)
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

/// Ask on the controlling terminal, with nothing shown as it is typed.
/// Keys are read one at a time (no echo, no signals) so that Ctrl-C can
/// cancel without leaving the terminal silent.
pub fn ask(prompt: &str) -> Result<Passphrase, String> {
    let no_tty = |_| {
        "the database is encrypted and there is no terminal to ask for its passphrase; give --passphrase-file FILE".to_string()
    };
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(no_tty)?;
    let saved = termios::tcgetattr(&tty).map_err(|e| no_tty(std::io::Error::from(e)))?;
    let mut quiet = saved.clone();
    quiet.local_modes &=
        !(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG | LocalModes::IEXTEN);
    quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
    quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
    let terminal = |e: std::io::Error| format!("terminal: {e}");
    let typed = {
        let _restore = Restore {
            tty: &tty,
            saved: saved.clone(),
        };
        // Quiet before the prompt shows: nothing typed after it is echoed.
        // (Anything typed ahead of it, already echoed, is dropped.)
        termios::tcsetattr(&tty, OptionalActions::Flush, &quiet).map_err(|e| terminal(e.into()))?;
        (&tty)
            .write_all(prompt.as_bytes())
            .and_then(|()| (&tty).flush())
            .map_err(terminal)?;
        read_line(&tty)
    };
    let _ = (&tty).write_all(b"\n");
    let typed = typed.map_err(|e| match e {
        Typed::Cancelled => "cancelled; nothing was changed".to_string(),
        Typed::Failed(e) => terminal(e),
        Typed::TooLong => "too long to be a passphrase".to_string(),
    })?;
    let text = String::from_utf8(typed.to_vec())
        .map_err(|_| "the passphrase is not UTF-8 text".to_string())?;
    refuse_empty(Zeroizing::new(text))
}

enum Typed {
    Cancelled,
    TooLong,
    Failed(std::io::Error),
}

/// Bytes up to Enter, with Backspace and Ctrl-U; Ctrl-C, Ctrl-D on an empty
/// line, Escape or the end of input cancel.
fn read_line(mut tty: &std::fs::File) -> Result<Zeroizing<Vec<u8>>, Typed> {
    // Room for the longest: growing would leave copies behind.
    let mut line = Zeroizing::new(Vec::with_capacity(MAX_LEN));
    let mut byte = [0u8; 1];
    loop {
        match tty.read(&mut byte) {
            Ok(0) => return Err(Typed::Cancelled),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Typed::Failed(e)),
        }
        match byte[0] {
            b'\r' | b'\n' => return Ok(line),
            0x03 | 0x1b => return Err(Typed::Cancelled),
            0x04 if line.is_empty() => return Err(Typed::Cancelled),
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
                if line.len() >= MAX_LEN {
                    return Err(Typed::TooLong);
                }
                line.push(b);
            }
        }
    }
}
