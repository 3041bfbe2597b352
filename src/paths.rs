//! Where casework keeps things: the platform data and config directories.

use crate::store::{Result, StoreError};
use directories::ProjectDirs;
use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

fn dirs() -> Result<ProjectDirs> {
    ProjectDirs::from("", "", "casework").ok_or_else(|| {
        StoreError::refused(
            Path::new("~"),
            "no home directory found; use --db PATH or CASEWORK_DB",
        )
    })
}

pub fn data_dir() -> Result<PathBuf> {
    Ok(dirs()?.data_dir().to_path_buf())
}

/// Where the anchors of the audit chain are kept (see store::anchor): the
/// platform state directory, apart from the data, or the data directory
/// where the platform has no state directory.
pub fn anchor_dir() -> Result<PathBuf> {
    let d = dirs()?;
    let base = d.state_dir().unwrap_or_else(|| d.data_dir());
    Ok(base.join("anchors"))
}

/// Where the TUI writes documents to share (packs, sheets): a private
/// directory beside the data.
pub fn export_dir() -> Option<PathBuf> {
    dirs().ok().map(|d| d.data_dir().join("exports"))
}

pub fn config_dir() -> Option<PathBuf> {
    dirs().ok().map(|d| d.config_dir().to_path_buf())
}

/// Create `dir` (and parents) private to the user, tightening it if it
/// exists and is looser. Returns a notice when it tightened something.
pub fn ensure_private_dir(dir: &Path) -> Result<Option<String>> {
    if !dir.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| {
                StoreError::refused(dir, format!("cannot create the data directory: {e}"))
            })?;
        return Ok(None);
    }
    crate::store::tighten_dir(dir)
}
