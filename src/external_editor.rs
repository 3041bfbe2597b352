//! Editing a note in the user's own editor ($VISUAL, $EDITOR, else vi).
//! The text goes through a file private to the user (directory 0700, file
//! 0600) that is removed afterwards, whatever happens.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::PathBuf;
use std::process::Command;

/// A private temporary directory, removed with everything in it (the
/// editor's swap files too) when dropped.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn new() -> Result<PrivateDir, String> {
        let base = std::env::temp_dir();
        let pid = std::process::id();
        for n in 0..100u32 {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let dir = base.join(format!("casework-{pid}-{stamp:x}-{n}"));
            match fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(PrivateDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(format!("cannot create a private temporary directory: {e}")),
            }
        }
        Err("cannot create a private temporary directory".into())
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The command to run: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Hand `text` to the editor and return what it saved. The terminal must
/// already be given back to the shell (the caller suspends the TUI).
pub fn edit(text: &str) -> Result<String, String> {
    let dir = PrivateDir::new()?;
    let path = dir.0.join("note.md");
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot create the temporary file: {e}"))?;
    let mut content = text.to_string();
    if !content.ends_with('\n') {
        content.push('\n');
    }
    file.write_all(content.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    drop(file);
    let editor = editor_command();
    // Through the shell, so EDITOR may carry arguments ("code --wait").
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("casework")
        .arg(&path)
        .status()
        .map_err(|e| format!("cannot start {editor}: {e}"))?;
    if !status.success() {
        return Err(format!("{editor} exited with {status}"));
    }
    fs::read_to_string(&path).map_err(|e| format!("cannot read the edited text: {e}"))
}
