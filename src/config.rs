//! The user's settings, from `config.toml` in the config directory. Every
//! setting has a default, so the file is optional and may be partial.

use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Show clients' names as initials, for when someone else can see the screen.
    pub privacy: bool,
    /// How many open cases one worker can carry; drives the workload light.
    pub caseload_capacity: u32,
    /// Follow-up check-ins offered at termination, in months after it.
    pub followup_months: Vec<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            privacy: false,
            caseload_capacity: 25,
            followup_months: vec![1, 3, 6],
        }
    }
}

impl Config {
    /// Load `path` if it exists. A broken file is an error naming it and the line.
    pub fn load(path: &Path) -> Result<Config, String> {
        Ok(crate::tomlfile::load_optional(path)?.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_file_keeps_other_defaults_and_bad_file_names_line() {
        let c: Config =
            crate::tomlfile::parse("privacy = true\n", Path::new("c.toml")).expect("valid");
        assert!(c.privacy);
        assert_eq!(c.followup_months, vec![1, 3, 6]);
        let err =
            crate::tomlfile::parse::<Config>("privacy = true\ncapacity = 3\n", Path::new("c.toml"))
                .unwrap_err();
        assert!(err.starts_with("c.toml:2:"), "{err}");
    }
}
