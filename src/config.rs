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
    /// Lock the screen after this many minutes without a key; 0 never does.
    #[serde(deserialize_with = "lock_minutes")]
    pub lock_after_minutes: u32,
    /// What a client's first note starts as (`[new_note]`); later notes
    /// start from that client's own last note.
    pub new_note: crate::domain::NoteDefaults,
    /// A shipped theme's name (default, light, high-contrast, ansi16) or a
    /// theme file's path, relative to the config directory if not absolute.
    pub theme: Option<String>,
    /// `"ascii"` draws every border, mark and chart in ASCII, for a Linux
    /// console font or a C locale; `"unicode"` (the default) does not.
    pub glyphs: Glyphs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Glyphs {
    #[default]
    Unicode,
    Ascii,
}

/// The longest idle lock: a working day. Beyond it the lock would protect
/// nothing, so a larger number is more likely a slip (seconds meant as
/// minutes) than a wish.
pub const MAX_LOCK_MINUTES: u32 = 24 * 60;

/// `lock_after_minutes`: whole minutes, 0 (off) to a day. Refused here so
/// the message names the file and the line, like any other config error.
fn lock_minutes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    use serde::de::Error;
    let value = toml::Value::deserialize(d)?;
    match value.as_integer().map(u32::try_from) {
        Some(Ok(m)) if m <= MAX_LOCK_MINUTES => Ok(m),
        _ => Err(D::Error::custom(format!(
            "lock_after_minutes = {value}: must be whole minutes from 0 (never lock) to {MAX_LOCK_MINUTES} (a day)"
        ))),
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            privacy: false,
            caseload_capacity: 25,
            followup_months: vec![1, 3, 6],
            lock_after_minutes: 10,
            new_note: crate::domain::NoteDefaults::default(),
            theme: None,
            glyphs: Glyphs::Unicode,
        }
    }
}

impl Config {
    /// Load `path` if it exists. A broken file is an error naming it and the line.
    pub fn load(path: &Path) -> Result<Config, String> {
        Ok(crate::tomlfile::load_optional(path)?.unwrap_or_default())
    }

    /// How long without a key before the screen locks; `None` when off.
    pub fn lock_after(&self) -> Option<std::time::Duration> {
        (self.lock_after_minutes > 0)
            .then(|| std::time::Duration::from_secs(u64::from(self.lock_after_minutes) * 60))
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

    #[test]
    fn glyphs_default_to_unicode_and_ascii_is_read_and_nonsense_names_the_line() {
        let parse = |text: &str| crate::tomlfile::parse::<Config>(text, Path::new("c.toml"));
        assert_eq!(Config::default().glyphs, Glyphs::Unicode);
        assert_eq!(parse("glyphs = \"ascii\"\n").unwrap().glyphs, Glyphs::Ascii);
        let err = parse("privacy = false\nglyphs = \"latin1\"\n").unwrap_err();
        assert!(err.starts_with("c.toml:2:"), "{err}");
    }

    #[test]
    fn lock_after_minutes_defaults_to_ten_zero_is_off_and_nonsense_names_the_line() {
        let parse = |text: &str| crate::tomlfile::parse::<Config>(text, Path::new("c.toml"));
        assert_eq!(Config::default().lock_after_minutes, 10);
        assert_eq!(
            Config::default().lock_after(),
            Some(std::time::Duration::from_secs(600))
        );
        let off = parse("lock_after_minutes = 0\n").expect("0 is valid");
        assert_eq!(off.lock_after(), None);
        assert_eq!(
            parse("lock_after_minutes = 1440\n")
                .unwrap()
                .lock_after_minutes,
            1440
        );
        for bad in ["-1", "1441", "99999999999", "2.5", "\"ten\"", "-0.5"] {
            let err = parse(&format!("privacy = false\nlock_after_minutes = {bad}\n")).unwrap_err();
            assert!(err.starts_with("c.toml:2:"), "{bad}: {err}");
            assert!(err.contains("lock_after_minutes = "), "{bad}: {err}");
        }
    }

    #[test]
    fn new_note_defaults_read_and_crisis_or_nonsense_is_refused_with_its_line() {
        use crate::domain::{NoteFormat, NoteKind};
        let parse = |text: &str| crate::tomlfile::parse::<Config>(text, Path::new("c.toml"));
        assert_eq!(Config::default().new_note.kind, NoteKind::SESSION);
        let c = parse(
            "[new_note]\nkind = \"phone\"\nformat = \"soap\"\nduration_min = 30\ntechniques = [\"advocacy\"]\n",
        )
        .expect("valid");
        assert_eq!(c.new_note.kind, NoteKind::PHONE);
        assert_eq!(c.new_note.format, NoteFormat::Soap);
        assert_eq!(c.new_note.duration_min, Some(30));
        assert_eq!(c.new_note.techniques, ["advocacy"]);
        let sup = parse("[new_note]\nkind = \"supervision\"\n").expect("a vocabulary kind");
        assert_eq!(sup.new_note.kind, NoteKind::SUPERVISION);
        let partial = parse("[new_note]\nformat = \"free\"\n").expect("valid");
        assert_eq!(partial.new_note.kind, NoteKind::SESSION);
        for (bad, says) in [
            ("kind = \"crisis\"", "never assumed"),
            ("kind = \"chat\"", "one of session"),
            ("format = \"essay\"", "essay"),
            ("duration_min = 0", "1 to 1440"),
            ("duration_min = 2000", "1 to 1440"),
            ("techniques = [\"crisis_intervention\"]", "never assumed"),
            ("techniques = [\"yoga\"]", "not a technique"),
            ("colour = \"red\"", "colour"),
        ] {
            let err = parse(&format!("privacy = false\n[new_note]\n{bad}\n")).unwrap_err();
            assert!(err.starts_with("c.toml:3:"), "{bad}: {err}");
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
