//! Editing a note in the user's own editor ($VISUAL, $EDITOR, else vi).
//! The text goes through a file private to the user (directory 0700, file
//! 0600) under casework's data directory (`editing/`), never /tmp, where
//! other users may look and where a cleaner may delete it. It is removed
//! afterwards, unless the editor failed and left something behind that we
//! could not take back (a swap file): then it is kept and its path is said,
//! because nothing typed may be lost.
//!
//! Beside the text lies `about.json`: which session, which database and
//! which note's draft the text belongs to. If casework is killed while the
//! editor runs, the next start finds it (`leftovers`) and offers the text
//! back for that draft.

use crate::app::recovery::LeftNote;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

const TEXT_FILE: &str = "note.md";
const ABOUT_FILE: &str = "about.json";

/// What the text in the editor belongs to, written beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct About {
    /// The session that started the editor (`store::session` key): while it
    /// runs, its file is not a leftover.
    pub owner: String,
    /// The database, resolved, so a leftover is offered to its own file only.
    pub db: PathBuf,
    /// The note and its draft (the text here is what went to the editor).
    pub note: LeftNote,
}

/// Where the editor's files live: `<data dir>/editing` (not created).
pub fn editing_dir_path() -> Result<PathBuf, String> {
    Ok(crate::paths::data_dir()
        .map_err(|e| e.to_string())?
        .join("editing"))
}

/// `editing_dir_path`, created private (0700) with the data directory.
pub fn editing_dir() -> Result<PathBuf, String> {
    let base = editing_dir_path()?;
    if let Some(data) = base.parent() {
        crate::paths::ensure_private_dir(data).map_err(|e| e.to_string())?;
    }
    crate::paths::ensure_private_dir(&base).map_err(|e| e.to_string())?;
    Ok(base)
}

/// A private directory under `base`, removed with everything in it (the
/// editor's swap files too) when dropped, unless kept.
struct PrivateDir(PathBuf, bool);

impl PrivateDir {
    fn new(base: &Path) -> Result<PrivateDir, String> {
        let pid = std::process::id();
        for _ in 0..100u32 {
            let dir = base.join(format!("{pid}-{:08x}", fastrand::u32(..)));
            match fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(PrivateDir(dir, false)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "cannot create a private directory in {}: {e}",
                        base.display()
                    ));
                }
            }
        }
        Err(format!(
            "cannot create a private directory in {}",
            base.display()
        ))
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

/// Create `path` new and private, and write `bytes` to disk.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
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
pub fn edit(text: &str, about: Option<&About>) -> Result<Edited, String> {
    edit_with(&editing_dir()?, &editor_command(), text, about)
}

/// `edit` in a given place with a given editor command.
pub fn edit_with(
    base: &Path,
    editor: &str,
    text: &str,
    about: Option<&About>,
) -> Result<Edited, String> {
    let mut dir = PrivateDir::new(base)?;
    let path = dir.0.join(TEXT_FILE);
    let mut content = text.to_string();
    if !content.ends_with('\n') {
        content.push('\n');
    }
    if let Some(about) = about {
        let json = serde_json::to_vec_pretty(about).map_err(|e| e.to_string())?;
        write_new(&dir.0.join(ABOUT_FILE), &json)
            .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    }
    write_new(&path, content.as_bytes())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
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
                .map(|d| {
                    d.flatten()
                        .any(|e| e.path() != path && e.file_name() != ABOUT_FILE)
                })
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

/// Text left in the editor's place by a session that is gone (killed while
/// the editor ran), for the database at `db`.
#[derive(Debug, Clone, PartialEq)]
pub struct Leftover {
    pub dir: PathBuf,
    /// The note and its draft; `body` is what went to the editor.
    pub note: LeftNote,
    /// What the editor saved.
    pub text: String,
}

impl Leftover {
    /// Remove the text and its directory: taken back, or let go.
    pub fn remove(&self) -> Result<(), String> {
        fs::remove_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))
    }
}

/// Leftovers under `base` for the database `db` (resolved). Ones whose text
/// never changed are removed on the way (nothing to offer); ones of a
/// session still running, or of another database, are left alone.
pub fn leftovers(base: &Path, db: &Path) -> Vec<Leftover> {
    let Ok(entries) = fs::read_dir(base) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    let mut found = Vec::new();
    for dir in dirs {
        let about = fs::read(dir.join(ABOUT_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<About>(&b).ok());
        let Some(about) = about else { continue };
        if about.db != db || crate::store::session::Session::owner_alive(&about.owner) {
            continue;
        }
        let Ok(text) = fs::read_to_string(dir.join(TEXT_FILE)) else {
            continue;
        };
        if text.trim_end() == about.note.body.trim_end() {
            // Nothing new to offer. Remove it only if nothing else is there:
            // a swap file holding unsaved typing was promised to the user.
            let only_ours = fs::read_dir(&dir).is_ok_and(|d| {
                d.flatten()
                    .all(|e| e.file_name() == TEXT_FILE || e.file_name() == ABOUT_FILE)
            });
            if only_ours {
                let _ = fs::remove_dir_all(&dir);
            }
            continue;
        }
        found.push(Leftover {
            dir,
            note: about.note,
            text,
        });
    }
    found
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
        let got = edit_with(dir.path(), &editor, "old", None).expect("text taken back");
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
        let err = edit_with(dir.path(), &editor, "old", None).expect_err("editor failed");
        let kept = err.rsplit(" in ").next().expect("path").to_string();
        let swap = std::path::Path::new(&kept).join(".note.md.swp");
        assert_eq!(fs::read_to_string(&swap).expect("swap kept"), "unsaved");
        fs::remove_dir_all(&kept).expect("clean up");
    }

    #[test]
    fn a_failing_editor_that_changed_nothing_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor = fake_editor(dir.path(), "exit 1");
        let err = edit_with(dir.path(), &editor, "old", None).expect_err("editor failed");
        assert!(err.contains("exited with"), "{err}");
        assert!(!err.contains("kept in"), "{err}");
    }

    fn about(owner: String, db: &Path, body: &str) -> About {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        About {
            owner,
            db: db.to_path_buf(),
            note: LeftNote {
                client_id: 1,
                note_id: None,
                draft_id: Some(7),
                target: crate::store::drafts::DraftTarget::New,
                meta: crate::domain::NoteMeta::new(today),
                body: body.into(),
            },
        }
    }

    /// A session that is gone: this pid with a start time it never had.
    fn gone() -> String {
        format!(
            "{} {} 1 0",
            rustix::system::uname()
                .nodename()
                .to_string_lossy()
                .replace(' ', "_"),
            std::process::id()
        )
    }

    #[test]
    fn only_changed_text_of_a_gone_session_for_this_database_is_offered() {
        let base = tempfile::tempdir().expect("tempdir");
        let db = base.path().join("casework.db");
        let other_db = base.path().join("other.db");
        let live = crate::store::session::Session::this_process().key();
        // The files as a session killed while its editor ran leaves them
        // (the real kill is tested with the binary in tests/pty/notes.rs).
        let leave = |about: &About, edited: bool| {
            let mut dir = PrivateDir::new(base.path()).expect("dir");
            dir.1 = true;
            let json = serde_json::to_vec(about).expect("json");
            write_new(&dir.0.join(ABOUT_FILE), &json).expect("about");
            let text = if edited { "draft\nmore\n" } else { "draft\n" };
            write_new(&dir.0.join(TEXT_FILE), text.as_bytes()).expect("text");
            dir.0.clone()
        };
        let offered = leave(&about(gone(), &db, "draft"), true);
        let unchanged = leave(&about(gone(), &db, "draft"), false);
        let with_swap = leave(&about(gone(), &db, "draft"), false);
        fs::write(with_swap.join(".note.md.swp"), "unsaved").expect("swap");
        let running = leave(&about(live, &db, "draft"), true);
        let elsewhere = leave(&about(gone(), &other_db, "draft"), true);

        let found = leftovers(base.path(), &db);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].dir, offered);
        assert_eq!(found[0].text, "draft\nmore\n");
        assert_eq!(found[0].note.draft_id, Some(7));
        assert!(!unchanged.exists(), "nothing to offer: removed");
        assert!(
            with_swap.exists(),
            "a swap file the user was told about stays"
        );
        assert!(running.exists(), "a running session's file is left alone");
        assert!(elsewhere.exists(), "another database's file is left alone");
        found[0].remove().expect("remove");
        assert!(!offered.exists());
    }
}
