//! Recovery files: where typing goes when the database would not take it at
//! exit. Private (0600), created new (never through a link, never over an
//! existing file), beside the database they belong to.

use crate::app::recovery::{self, Leftovers};
use crate::store::Store;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

const PREFIX: &str = "recovery-";

/// The recovery files of a database: `<db file name>.recovery-<stamp>.json`.
fn pattern(db: &Path) -> (PathBuf, String) {
    let dir = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, format!("{name}.{PREFIX}"))
}

/// Write what could not be saved; returns the file's path.
pub fn keep(db: &Path, left: &Leftovers) -> Result<PathBuf, String> {
    let (dir, start) = pattern(db);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let json = serde_json::to_vec_pretty(left).map_err(|e| e.to_string())?;
    for n in 0..100 {
        let file = dir.join(format!("{start}{stamp}-{n}.json"));
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc_nofollow())
            .open(&file);
        match created {
            Ok(mut f) => {
                f.write_all(&json)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{}: {e}", file.display())),
        }
    }
    Err(format!(
        "{}: no free name for a recovery file",
        dir.display()
    ))
}

/// After the last write: if typing is still not in the database, keep it
/// in a recovery file and return what to tell the user (the exit is then
/// not a clean one). `None` when everything is saved.
pub fn keep_leftovers(app: &crate::app::App) -> Result<Option<String>, String> {
    let left = app.leftovers();
    if left.is_empty() {
        return Ok(None);
    }
    let db = app.store().path();
    let file = keep(db, &left)?;
    Ok(Some(format!(
        "your last typing could not be written to {} (another session may hold it, or the disk is full); \
         it is kept in {} and casework puts it back into your drafts the next time it starts",
        db.display(),
        file.display()
    )))
}

/// O_NOFOLLOW: a link planted where the file should be is refused.
fn libc_nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// At start: put every recovery file of this database back into drafts,
/// removing each file only once its typing is in the database. Returns
/// what to tell the user.
pub fn take_back(store: &mut Store) -> Vec<String> {
    let (dir, start) = pattern(store.path());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&start))
        })
        .collect();
    files.sort();
    let mut said = Vec::new();
    for file in files {
        let restored = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Leftovers>(&b).map_err(|e| e.to_string()))
            .and_then(|left| recovery::restore(store, &left));
        match restored {
            Ok(n) => {
                let removed = std::fs::remove_file(&file);
                said.push(match removed {
                    Ok(()) => format!(
                        "Put back {n} piece(s) of typing that could not be saved last time."
                    ),
                    Err(e) => format!(
                        "Put back typing that could not be saved last time; remove {} by hand ({e}).",
                        file.display()
                    ),
                });
            }
            Err(e) => said.push(format!(
                "Typing that could not be saved last time is still in {}: {e}.",
                file.display()
            )),
        }
    }
    said
}
