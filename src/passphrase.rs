//! Where a passphrase comes from: typed at the terminal without echo, or
//! read from a file only its owner can read (for scripts). Never from the
//! command line or the environment, which other users can see (`ps`,
//! /proc/PID/environ) and shells keep in their history.

use crate::store::cipher::Passphrase;
use crate::tty_secret::{self, Unread};
use std::io::Read;
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

/// Ask on the controlling terminal, with nothing shown as it is typed.
pub fn ask(prompt: &str) -> Result<Passphrase, String> {
    let typed = tty_secret::read(prompt, MAX_LEN).map_err(|e| match e {
        Unread::NoTerminal => "the database is encrypted and there is no terminal to ask for its passphrase; give --passphrase-file FILE".to_string(),
        Unread::Cancelled => "cancelled; nothing was changed".to_string(),
        Unread::TooLong => "too long to be a passphrase".to_string(),
        Unread::NotUtf8 => "the passphrase is not UTF-8 text".to_string(),
        Unread::Failed(e) => format!("terminal: {e}"),
    })?;
    refuse_empty(typed)
}
