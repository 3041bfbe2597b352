//! Reading the TOML files people edit (config, checklist, theme), with errors
//! that name the file and the line.

use serde::de::DeserializeOwned;
use std::path::Path;

pub fn parse<T: DeserializeOwned>(text: &str, origin: &Path) -> Result<T, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => format!("{}:{l}: {}", origin.display(), e.message()),
            None => format!("{}: {}", origin.display(), e.message()),
        }
    })
}

/// Read and parse `path` if it exists; `Ok(None)` if it does not.
pub fn load_optional<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}
