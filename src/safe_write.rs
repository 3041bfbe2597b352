//! Writing a file the user asked for (an export, a backup) so that nobody
//! else can read it and nothing else is harmed on the way:
//!
//! - the bytes go into a new temporary file beside the destination, created
//!   exclusively (O_EXCL, O_NOFOLLOW) and 0600 from its first byte;
//! - it is fsynced, then renamed onto the destination name, so a reader (or
//!   a crash, or a kill) sees the old file or the whole new one, never half;
//! - a destination that is a symbolic link is refused, and its target left
//!   alone, whatever the flags: a link planted where the file should go
//!   must not redirect a confidential copy;
//! - an existing destination is replaced only when the caller says so
//!   (`--force`), and the result is still a new 0600 file (a new inode: the
//!   old file's mode, owner and hard links are not inherited);
//! - on any error the temporary file is removed.
//!
//! One module for every command that writes a file, so they all keep the
//! same promises: `write` for bytes in memory, `Pending` for a writer that
//! needs a path of its own (SQLite's backup) or streams.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// May an existing destination be replaced?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
}

impl Existing {
    /// From a `--force` flag.
    pub fn replace_if(force: bool) -> Existing {
        if force {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

/// Write `bytes` to `dest` with every promise above. The error names `dest`.
pub fn write(dest: &Path, bytes: &[u8], existing: Existing) -> Result<(), String> {
    let mut pending = Pending::create(dest, existing)?;
    pending
        .file()
        .write_all(bytes)
        .map_err(|e| format!("{}: {e}", dest.display()))?;
    pending.commit()
}

/// A temporary file on its way to `dest`. Dropped without `commit`, it is
/// removed and `dest` is untouched.
#[derive(Debug)]
pub struct Pending {
    dest: PathBuf,
    temp: PathBuf,
    file: File,
    existing: Existing,
    done: bool,
}

impl Pending {
    /// Check `dest` and create the temporary file beside it.
    pub fn create(dest: &Path, existing: Existing) -> Result<Pending, String> {
        check_destination(dest, existing)?;
        let dir = parent_dir(dest);
        let name = dest
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", dest.display()))?
            .to_string_lossy()
            .into_owned();
        for _ in 0..100 {
            let temp = dir.join(format!(".{name}.{:08x}.casework-tmp", fastrand::u32(..)));
            let created = fs::OpenOptions::new()
                .write(true)
                .read(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(nofollow())
                .open(&temp);
            match created {
                Ok(file) => {
                    let pending = Pending {
                        dest: dest.to_path_buf(),
                        temp,
                        file,
                        existing,
                        done: false,
                    };
                    // The umask can only have narrowed 0600; make it exact.
                    pending
                        .file
                        .set_permissions(fs::Permissions::from_mode(0o600))
                        .map_err(|e| format!("{}: {e}", dest.display()))?;
                    return Ok(pending);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "{}: cannot create a file in {}: {e}",
                        dest.display(),
                        dir.display()
                    ));
                }
            }
        }
        Err(format!(
            "{}: no free temporary name in {}",
            dest.display(),
            dir.display()
        ))
    }

    /// Where the bytes go until `commit` (for writers that open by path).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The temporary file, open for writing.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Flush to disk and move into place. Refuses (and removes the
    /// temporary file) if `dest` has become a link, or has appeared while
    /// replacing is not allowed.
    pub fn commit(mut self) -> Result<(), String> {
        let named = |e: &dyn std::fmt::Display| format!("{}: {e}", self.dest.display());
        // fsync flushes the file, not the descriptor: this covers bytes a
        // writer that opened the path itself (SQLite) put there too.
        self.file.sync_all().map_err(|e| named(&e))?;
        check_destination(&self.dest, self.existing)?;
        match self.existing {
            Existing::Replace => {
                // rename(2) replaces the name itself, never a link's target.
                fs::rename(&self.temp, &self.dest).map_err(|e| named(&e))?;
            }
            Existing::Refuse => rename_no_replace(&self.temp, &self.dest).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    already_exists(&self.dest)
                } else {
                    named(&e)
                }
            })?,
        }
        self.done = true;
        // The new name must survive a power cut too.
        if let Ok(dir) = File::open(parent_dir(&self.dest)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn parent_dir(dest: &Path) -> PathBuf {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn already_exists(dest: &Path) -> String {
    format!(
        "{}: already exists; casework does not overwrite files unless you add --force",
        dest.display()
    )
}

/// Refuse a link, a directory or anything but a regular file; refuse an
/// existing file unless it may be replaced.
fn check_destination(dest: &Path, existing: Existing) -> Result<(), String> {
    let meta = match fs::symlink_metadata(dest) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("{}: {e}", dest.display())),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(format!(
            "{}: is a symbolic link; casework never writes through one (the file it points to was not touched); choose another name",
            dest.display()
        ));
    }
    if kind.is_dir() {
        return Err(format!("{}: is a directory", dest.display()));
    }
    if !kind.is_file() {
        return Err(format!("{}: is not a regular file", dest.display()));
    }
    match existing {
        Existing::Replace => Ok(()),
        Existing::Refuse => Err(already_exists(dest)),
    }
}

fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// Rename without ever replacing: atomic on Linux (RENAME_NOREPLACE); a
/// hard link elsewhere (link(2) fails on an existing name, link or not).
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // Some file systems do not know the flag: fall back below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::hard_link(from, to)?;
    fs::remove_file(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).expect("meta").permissions().mode() & 0o777
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("casework-tmp"))
            .collect()
    }

    #[test]
    fn a_new_file_is_private_and_whole() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("out.json");
        write(&dest, b"hello", Existing::Refuse).expect("written");
        assert_eq!(fs::read(&dest).expect("read"), b"hello");
        assert_eq!(mode(&dest), 0o600);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_existing_world_readable_file_is_refused_then_replaced_with_force() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("out.json");
        fs::write(&dest, b"old").expect("write");
        fs::set_permissions(&dest, fs::Permissions::from_mode(0o644)).expect("chmod");
        let old_inode = fs::metadata(&dest).expect("meta").ino();
        let err = write(&dest, b"new", Existing::Refuse).expect_err("refused");
        assert!(err.contains("--force") && err.contains("out.json"), "{err}");
        assert_eq!(fs::read(&dest).expect("read"), b"old");
        assert_eq!(mode(&dest), 0o644, "refused means untouched");
        write(&dest, b"new", Existing::Replace).expect("replaced");
        assert_eq!(fs::read(&dest).expect("read"), b"new");
        assert_eq!(mode(&dest), 0o600);
        assert_ne!(fs::metadata(&dest).expect("meta").ino(), old_inode);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_link_is_refused_even_with_force_and_its_target_is_untouched() {
        let dir = tempfile::tempdir().expect("tmp");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").expect("write");
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).expect("chmod");
        let link = dir.path().join("out.json");
        std::os::unix::fs::symlink(&victim, &link).expect("link");
        for existing in [Existing::Refuse, Existing::Replace] {
            let err = write(&link, b"secret", existing).expect_err("refused");
            assert!(
                err.contains("symbolic link") && err.contains("out.json"),
                "{err}"
            );
        }
        assert_eq!(fs::read(&victim).expect("read"), b"precious");
        assert_eq!(mode(&victim), 0o644);
        assert!(fs::symlink_metadata(&link).expect("meta").is_symlink());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_dangling_link_is_refused_and_nothing_is_created_where_it_points() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("would-be-created");
        let link = dir.path().join("out.json");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        let err = write(&link, b"secret", Existing::Replace).expect_err("refused");
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!target.exists());
    }

    #[test]
    fn a_link_planted_after_the_check_is_not_followed() {
        let dir = tempfile::tempdir().expect("tmp");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").expect("write");
        let dest = dir.path().join("out.json");
        let mut pending = Pending::create(&dest, Existing::Refuse).expect("create");
        pending.file().write_all(b"secret").expect("write");
        std::os::unix::fs::symlink(&victim, &dest).expect("the race");
        let err = pending.commit().expect_err("refused");
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(fs::read(&victim).expect("read"), b"precious");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_file_that_appears_meanwhile_is_not_replaced_without_force() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("out.json");
        let mut pending = Pending::create(&dest, Existing::Refuse).expect("create");
        pending.file().write_all(b"secret").expect("write");
        fs::write(&dest, b"theirs").expect("the race");
        let err = pending.commit().expect_err("refused");
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(fs::read(&dest).expect("read"), b"theirs");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_abandoned_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tmp");
        let dest = dir.path().join("out.json");
        {
            let mut pending = Pending::create(&dest, Existing::Refuse).expect("create");
            pending.file().write_all(b"half").expect("write");
            assert_eq!(mode(pending.temp_path()), 0o600, "private from creation");
        }
        assert!(!dest.exists());
        assert!(leftovers(dir.path()).is_empty());
    }
}
