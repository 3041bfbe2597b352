//! `casework encrypt`, `decrypt` and `passphrase`, and the passphrase asked
//! before an encrypted file is opened.

use crate::cli::CliResult;
use crate::passphrase;
use crate::store::cipher::{self, Key};
use crate::store::recipher::{Target, convert};
use std::path::Path;

/// The key of `path` if it is encrypted (asked for, or read from
/// `pass_file`), `None` for a plain file.
pub fn key_if_encrypted(path: &Path, pass_file: Option<&Path>) -> Result<Option<Key>, String> {
    if !cipher::looks_encrypted(path) {
        return Ok(None);
    }
    let pass = passphrase::current(path, pass_file)?;
    Key::for_file(path, &pass)
        .map(Some)
        .map_err(|e| e.to_string())
}

pub fn encrypt(path: &Path, pass_file: Option<&Path>) -> CliResult {
    if cipher::looks_encrypted(path) {
        return Err(format!(
            "{}: is already encrypted; `casework passphrase` changes its passphrase",
            path.display()
        ));
    }
    if !path.is_file() {
        return Err(format!("{}: no such database file", path.display()));
    }
    let new = passphrase::new(pass_file)?;
    convert(path, None, Target::Encrypted(&new)).map_err(|e| e.to_string())?;
    println!(
        "encrypted {}. Without its passphrase nobody can read it, you included: keep the passphrase safe. Backups made before now are not encrypted.",
        path.display()
    );
    Ok(())
}

pub fn decrypt(path: &Path, pass_file: Option<&Path>) -> CliResult {
    let key = encrypted_key(path, pass_file)?;
    convert(path, Some(&key), Target::Plain).map_err(|e| e.to_string())?;
    println!(
        "decrypted {}: it is a plain SQLite file again",
        path.display()
    );
    Ok(())
}

pub fn passphrase(path: &Path, pass_file: Option<&Path>, new_file: Option<&Path>) -> CliResult {
    let key = encrypted_key(path, pass_file)?;
    // Ask for the new one only once the current one is known to be right.
    cipher::verify(path, &key).map_err(|e| e.to_string())?;
    let new = passphrase::new(new_file)?;
    convert(path, Some(&key), Target::Encrypted(&new)).map_err(|e| e.to_string())?;
    println!(
        "changed the passphrase of {}. Backups made before now still open with the old one.",
        path.display()
    );
    Ok(())
}

fn encrypted_key(path: &Path, pass_file: Option<&Path>) -> Result<Key, String> {
    if !path.is_file() {
        return Err(format!("{}: no such database file", path.display()));
    }
    key_if_encrypted(path, pass_file)?.ok_or_else(|| {
        format!(
            "{}: is not encrypted; `casework encrypt` encrypts it",
            path.display()
        )
    })
}
