//! The chain's head kept outside the database: an append-only file per
//! database in the user's state directory. A database put back from an
//! earlier copy, or with its history rewritten (hashes and all), no longer
//! holds the heads recorded here.
//!
//! One file per database, named by the SHA-256 of the database's canonical
//! path, so two databases never share an anchor and a database reached by
//! another path (a symlink, `..`) finds its own. Each line is one JSON
//! object: when, what happened (`adopt`: first seen; `write`: a session
//! wrote; `backup`: a backup was made, with its path), the row and hash of
//! the head.

use super::chain::Head;
use super::error::{Result, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One line of an anchor file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnchorEntry {
    pub at: String,
    pub event: String,
    /// The database's canonical path when the line was written.
    pub db: String,
    pub row: i64,
    pub hash: String,
    /// For a backup: where it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl AnchorEntry {
    /// A head of this database (not a note about a copy of it).
    pub fn is_head(&self) -> bool {
        matches!(
            self.event.as_str(),
            "adopt" | "write" | "copy" | "restart" | "upgrade"
        )
    }
}

#[derive(Debug, Clone)]
pub struct Anchor {
    dir: PathBuf,
    file: PathBuf,
    db: PathBuf,
}

impl Anchor {
    /// The anchor in `dir` of the database at `db` (which must exist).
    pub fn for_database(dir: &Path, db: &Path) -> Result<Anchor> {
        let db = fs::canonicalize(db)
            .map_err(|e| StoreError::refused(db, format!("cannot resolve its path: {e}")))?;
        let digest = Sha256::digest(db.as_os_str().as_bytes());
        let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Anchor {
            dir: dir.to_path_buf(),
            file: dir.join(format!("{name}.anchor")),
            db,
        })
    }

    pub fn path(&self) -> &Path {
        &self.file
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Append one line: made private, never through a symlink, only ever
    /// added to, and on disk before this returns.
    pub fn append(&self, event: &str, head: &Head, path: Option<&Path>) -> Result<()> {
        self.make_dir()?;
        let entry = AnchorEntry {
            at: super::codec::now(),
            event: event.into(),
            db: self.db.display().to_string(),
            row: head.row,
            hash: head.hash.clone(),
            path: path.map(|p| p.display().to_string()),
        };
        let mut line = serde_json::to_string(&entry).map_err(|e| self.trouble(e))?;
        line.push('\n');
        let mut f = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(nofollow())
            .open(&self.file)
            .map_err(|e| self.trouble(e))?;
        self.refuse_if_not_private(&f.metadata()?)?;
        f.write_all(line.as_bytes())
            .and_then(|_| f.sync_data())
            .map_err(|e| self.trouble(e))
    }

    /// The lines that apply to the file as it is now: from the last `copy`
    /// (casework wrote the file whole there) or `restart` (the user took a
    /// restored database as it is) on, or all of them.
    pub fn current_entries(&self) -> Result<Vec<AnchorEntry>> {
        let mut all = self.entries()?;
        if let Some(start) = all
            .iter()
            .rposition(|e| e.event == "copy" || e.event == "restart")
        {
            all.drain(..start);
        }
        Ok(all)
    }

    /// Every line so far; none if the file does not exist yet.
    pub fn entries(&self) -> Result<Vec<AnchorEntry>> {
        let mut f = match OpenOptions::new()
            .read(true)
            .custom_flags(nofollow())
            .open(&self.file)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.trouble(e)),
        };
        self.refuse_if_not_private(&f.metadata()?)?;
        let mut text = String::new();
        f.read_to_string(&mut text).map_err(|e| self.trouble(e))?;
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str(l)
                    .map_err(|e| self.trouble(format!("line {} is unreadable: {e}", i + 1)))
            })
            .collect()
    }

    fn make_dir(&self) -> Result<()> {
        match fs::symlink_metadata(&self.dir) {
            Ok(m) if m.file_type().is_symlink() || !m.is_dir() => Err(StoreError::refused(
                &self.dir,
                "is not a directory (the anchor of the audit chain is kept there)",
            )),
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))?;
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(_) => DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(|e| StoreError::refused(&self.dir, format!("cannot be created: {e}"))),
        }
    }

    /// Only a regular file of this user's, readable by nobody else, is an
    /// anchor: one another user could write proves nothing.
    fn refuse_if_not_private(&self, meta: &fs::Metadata) -> Result<()> {
        if !meta.is_file() {
            return Err(self.trouble("is not a regular file"));
        }
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(self.trouble("belongs to another user"));
        }
        if meta.permissions().mode() & 0o022 != 0 {
            return Err(self.trouble(format!(
                "can be written by others (mode {:o})",
                meta.permissions().mode() & 0o777
            )));
        }
        Ok(())
    }

    fn trouble(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::refused(
            &self.file,
            format!(
                "the anchor of the audit chain of {}: {e}",
                self.db.display()
            ),
        )
    }
}

/// Open the last part of the path itself, never what a symlink points to.
fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}
