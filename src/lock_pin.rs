//! The lock PIN: what opens the idle lock when the user has set one with
//! `casework lock-pin`. Only a salted Argon2id hash of it is kept (a PHC
//! string), in a file of its own in the config directory, private to the
//! user.
//!
//! A file and not a key in `config.toml`: the config is edited by hand,
//! often kept in a dotfiles repository and readable by others, and a
//! command that rewrote it would have to keep the user's comments and
//! layout. A file that only `casework lock-pin` writes can be replaced in
//! one rename and held to mode 0600, so the hash is never open to an
//! offline guess by another user of the machine.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rustix::fs::{Mode, OFlags};
use std::fmt;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Shorter PINs are refused: a three-digit one falls to a patient guesser
/// within a morning, even with the lock screen's growing waits.
pub const MIN_LEN: usize = 4;
/// Longer input is not taken: no one types more, and the hash need not
/// chew on a pasted book.
pub const MAX_LEN: usize = 128;

/// The file's name in the config directory.
pub const FILE_NAME: &str = "lock-pin";

/// More than a PHC string for Argon2 ever takes: a file larger than this is
/// not ours.
const MAX_FILE_BYTES: u64 = 1024;

/// The most memory a stored hash may ask for, in KiB (the default asks
/// 19 MiB): a planted hash must not make every unlock take gigabytes.
const MAX_MEMORY_KIB: u32 = 256 * 1024;
const MAX_PASSES: u32 = 16;

/// A lock PIN's hash, checked to be an Argon2id PHC string within bounds.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash(String);

impl fmt::Debug for PinHash {
    /// Never printed: it is as good as the PIN to an offline guesser.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PinHash(..)")
    }
}

impl PinHash {
    /// Hash a new PIN with a fresh random salt and Argon2id's default cost.
    pub fn new(pin: &str) -> Result<PinHash, String> {
        check_pin(pin)?;
        let hash = Argon2::default()
            .hash_password(pin.as_bytes())
            .map_err(|e| format!("cannot hash the PIN: {e}"))?;
        PinHash::parse(&hash.to_string())
    }

    /// A stored hash, as read from the file.
    pub fn parse(phc: &str) -> Result<PinHash, String> {
        let phc = phc.trim();
        let hash = PasswordHash::new(phc).map_err(|e| format!("not a PIN hash ({e})"))?;
        if hash.algorithm.as_str() != "argon2id" {
            return Err(format!(
                "not an Argon2id hash (it names {})",
                hash.algorithm.as_str()
            ));
        }
        let params = argon2::Params::try_from(&hash)
            .map_err(|e| format!("not a usable Argon2 hash ({e})"))?;
        if params.m_cost() > MAX_MEMORY_KIB || params.t_cost() > MAX_PASSES {
            return Err("asks for more memory or passes than a PIN check may take".into());
        }
        if hash.salt.is_none() || hash.hash.is_none() {
            return Err("not a PIN hash (no salt or no hash in it)".into());
        }
        Ok(PinHash(phc.to_string()))
    }

    /// Is `typed` the PIN? Takes as long as the hash was made to take.
    pub fn matches(&self, typed: &str) -> bool {
        let Ok(hash) = PasswordHash::new(&self.0) else {
            return false;
        };
        Argon2::default()
            .verify_password(typed.as_bytes(), &hash)
            .is_ok()
    }

    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

/// Why a PIN cannot be used, if it cannot.
pub fn check_pin(pin: &str) -> Result<(), String> {
    let n = pin.chars().count();
    if n < MIN_LEN {
        return Err(format!("a lock PIN needs at least {MIN_LEN} characters"));
    }
    if n > MAX_LEN {
        return Err(format!("a lock PIN has at most {MAX_LEN} characters"));
    }
    if pin.chars().any(char::is_control) {
        return Err("a lock PIN cannot hold control characters".into());
    }
    Ok(())
}

/// Where the PIN's hash lives: `lock-pin` in the config directory.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|d| d.join(FILE_NAME))
}

/// The stored hash, if a PIN is set, with a notice when the file had to be
/// made private. A file that is there but cannot be trusted (a symbolic
/// link, someone else's, not a hash) is an error: silently letting any key
/// unlock would drop the protection the user asked for.
pub fn load(path: &Path) -> Result<Option<(PinHash, Option<String>)>, String> {
    let named = |e: &dyn fmt::Display| format!("{}: {e}", path.display());
    let fd = match rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) => return Ok(None),
        Err(rustix::io::Errno::LOOP) => {
            return Err(named(
                &"is a symbolic link; casework reads its lock PIN only from a file of its own (set it again with `casework lock-pin`)",
            ));
        }
        Err(e) => return Err(named(&e)),
    };
    let mut file = std::fs::File::from(fd);
    let meta = file.metadata().map_err(|e| named(&e))?;
    if !meta.is_file() {
        return Err(named(&"is not a regular file"));
    }
    if std::os::unix::fs::MetadataExt::uid(&meta) != rustix::process::geteuid().as_raw() {
        return Err(named(
            &"belongs to another user; remove it, then set a PIN with `casework lock-pin`",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(named(&"is too large to be a lock PIN hash"));
    }
    let mode = meta.permissions().mode() & 0o777;
    let notice = if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| named(&e))?;
        Some(format!(
            "{} was open to others (mode {mode:o}); made private (600). Consider a new PIN: casework lock-pin",
            path.display()
        ))
    } else {
        None
    };
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|e| named(&e))?;
    let hash = PinHash::parse(&text).map_err(|e| {
        named(&format!(
            "{e}; set the PIN again with `casework lock-pin`, or remove it with `casework lock-pin --clear`"
        ))
    })?;
    Ok(Some((hash, notice)))
}

/// Store `hash` at `path`: a new private file written in full and synced,
/// then renamed over the old one, so a crash leaves the old PIN or the new,
/// never half of one; whatever was at `path` (a symbolic link too) is
/// replaced, never written through.
pub fn save(path: &Path, hash: &PinHash) -> Result<(), String> {
    let dir = parent(path);
    crate::paths::ensure_private_dir(&dir).map_err(|e| e.to_string())?;
    let named = |p: &Path, e: &dyn fmt::Display| format!("{}: {e}", p.display());
    let tmp = dir.join(format!(
        ".{FILE_NAME}.{}.{:x}",
        std::process::id(),
        fastrand::u64(..)
    ));
    let fd = rustix::fs::open(
        &tmp,
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .map_err(|e| named(&tmp, &e))?;
    let mut file = std::fs::File::from(fd);
    let written = file
        .write_all(format!("{}\n", hash.as_phc()).as_bytes())
        .and_then(|_| file.sync_all())
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(named(path, &e));
    }
    // The rename itself must survive a crash.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Remove the PIN. `Ok(false)` when none was set.
pub fn clear(path: &Path) -> Result<bool, String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_kept_only_as_a_salted_hash_that_knows_it_again() {
        let a = PinHash::new("2468").unwrap();
        let b = PinHash::new("2468").unwrap();
        assert!(a.as_phc().starts_with("$argon2id$"), "{}", a.as_phc());
        assert!(!a.as_phc().contains("2468"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.matches("2468") && b.matches("2468"));
        assert!(!a.matches("2469") && !a.matches("") && !a.matches("24680"));
        assert_eq!(format!("{a:?}"), "PinHash(..)", "never printed");
    }

    #[test]
    fn short_long_and_control_pins_are_refused() {
        assert!(PinHash::new("123").is_err());
        assert!(PinHash::new(&"1".repeat(MAX_LEN + 1)).is_err());
        assert!(PinHash::new("12\x1b[34").is_err());
        assert!(check_pin("1234").is_ok());
        assert!(check_pin("long pass phrase").is_ok());
    }

    #[test]
    fn stored_text_that_is_not_an_argon2id_hash_is_refused() {
        assert!(PinHash::parse("2468").is_err());
        assert!(PinHash::parse("").is_err());
        // Argon2i (not id), and an Argon2id that would take 4 GiB per check.
        let hash = PinHash::new("2468").unwrap();
        let argon2i = hash.as_phc().replacen("argon2id", "argon2i", 1);
        assert!(PinHash::parse(&argon2i).is_err());
        let greedy = hash.as_phc().replacen("m=19456", "m=4194304", 1);
        assert_ne!(greedy, hash.as_phc(), "the default cost is in the string");
        assert!(PinHash::parse(&greedy).is_err());
        // A trailing newline, as the file has it, is fine.
        assert!(PinHash::parse(&format!("{}\n", hash.as_phc())).is_ok());
    }

    #[test]
    fn saved_private_loaded_back_tightened_and_refused_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join(FILE_NAME);
        assert_eq!(load(&path).unwrap(), None);
        let hash = PinHash::new("2468").unwrap();
        save(&path, &hash).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(load(&path).unwrap(), Some((hash.clone(), None)));

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (again, notice) = load(&path).unwrap().unwrap();
        assert_eq!(again, hash);
        assert!(notice.unwrap().contains("made private"));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        // A link to someone's file is not read, and saving replaces the
        // link rather than writing through it.
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, hash.as_phc()).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
        let other = PinHash::new("1357").unwrap();
        save(&path, &other).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), hash.as_phc());
        assert!(!std::fs::symlink_metadata(&path).unwrap().is_symlink());
        assert!(load(&path).unwrap().unwrap().0.matches("1357"));

        std::fs::write(&path, "garbage").unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.contains("lock-pin --clear"), "{err}");
        assert!(clear(&path).unwrap());
        assert!(!clear(&path).unwrap());
        assert_eq!(load(&path).unwrap(), None);
    }
}
