//! Editing a note in the user's own editor ($VISUAL, $EDITOR, else vi).
//! The text goes through a file private to the user (directory 0700, file
//! 0600) that is removed afterwards, unless the editor failed and left
//! something behind that we could not take back (a swap file): then it is
//! kept and its path is said, because nothing typed may be lost.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::PathBuf;
use std::process::Command;

/// A private temporary directory, removed with everything in it (the
/// editor's swap files too) when dropped.
struct PrivateDir(PathBuf, bool);

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
                Ok(()) => return Ok(PrivateDir(dir, false)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(format!("cannot create a private temporary directory: {e}")),
            }
        }
        Err("cannot create a private temporary directory".into())
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        if self.1 {
            return;
        }
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

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// The editor failed, but its file had changed: the text is taken back
    /// and this says what happened.
    pub warning: Option<String>,
}

/// Hand `text` to the editor and return what it saved. The terminal must
/// already be given back to the shell (the caller suspends the TUI).
pub fn edit(text: &str) -> Result<Edited, String> {
    edit_with(&editor_command(), text)
}

/// `edit` with a given editor command.
pub fn edit_with(editor: &str, text: &str) -> Result<Edited, String> {
    let mut dir = PrivateDir::new()?;
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
    // Through the shell, so EDITOR may carry arguments ("code --wait").
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("casework")
        .arg(&path)
        .status()
        .map_err(|e| format!("cannot start {editor}: {e}"))?;
    let read = fs::read_to_string(&path);
    if status.success() {
        return read
            .map(|text| Edited {
                text,
                warning: None,
            })
            .map_err(|e| format!("cannot read the edited text: {e}"));
    }
    let failed = format!("{editor} exited with {status}");
    match read {
        // The editor wrote before it failed (a hang-up, a crash): take it.
        Ok(t) if t != content => Ok(Edited {
            text: t,
            warning: Some(format!(
                "{failed}, but had saved changes: they are taken back"
            )),
        }),
        _ => {
            // Unchanged or unreadable. Anything else it left (a swap file
            // holding unsaved typing) stays where the user can recover it.
            let leftovers = fs::read_dir(&dir.0)
                .map(|d| d.flatten().any(|e| e.path() != path))
                .unwrap_or(true);
            if leftovers || read.is_err() {
                dir.1 = true;
                return Err(format!(
                    "{failed}; what it left is kept in {}",
                    dir.0.display()
                ));
            }
            Err(failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A fake editor: a shell script that does `body` to its file argument.
    fn fake_editor(dir: &std::path::Path, body: &str) -> String {
        let path = dir.join("fake-editor.sh");
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
        path.display().to_string()
    }

    #[test]
    fn a_failing_editor_that_wrote_gives_the_text_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor = fake_editor(dir.path(), "printf 'kept words\\n' > \"$1\"; exit 1");
        let got = edit_with(&editor, "old").expect("text taken back");
        assert_eq!(got.text, "kept words\n");
        assert!(got.warning.expect("warning").contains("exited with"));
    }

    #[test]
    fn a_failing_editor_that_left_a_swap_file_keeps_the_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor = fake_editor(
            dir.path(),
            "printf 'unsaved' > \"$(dirname \"$1\")/.note.md.swp\"; exit 1",
        );
        let err = edit_with(&editor, "old").expect_err("editor failed");
        let kept = err.rsplit(" in ").next().expect("path").to_string();
        let swap = std::path::Path::new(&kept).join(".note.md.swp");
        assert_eq!(fs::read_to_string(&swap).expect("swap kept"), "unsaved");
        fs::remove_dir_all(&kept).expect("clean up");
    }

    #[test]
    fn a_failing_editor_that_changed_nothing_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor = fake_editor(dir.path(), "exit 1");
        let err = edit_with(&editor, "old").expect_err("editor failed");
        assert!(err.contains("exited with"), "{err}");
        assert!(!err.contains("kept in"), "{err}");
    }
}
