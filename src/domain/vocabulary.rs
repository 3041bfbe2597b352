//! The words notes are tagged with: note kinds and techniques. The content
//! lives in a data file, not in code (like the checklist), so an agency can
//! ship its own at `<config dir>/vocabulary.toml`.
//!
//! It is read once at start and then shared by everything that names a kind
//! (config validation, the editor, drawing, import), so it is installed in
//! one place rather than threaded through every call.

use super::note::NoteKind;
use super::note_defaults::CRISIS_TECHNIQUE;
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

pub const DEFAULT_VOCABULARY: &str = include_str!("../../data/vocabulary.toml");

/// Kinds the program gives meaning to: the plain default, and the one that
/// is never assumed and always highlighted. An agency file cannot drop them.
const REQUIRED_KINDS: [&str; 2] = ["session", "crisis"];

/// Longest key; the same limit the notes table checks.
pub const MAX_KEY_LEN: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Stable key, stored in notes.
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Vocabulary {
    kinds: Vec<(NoteKind, String)>,
    techniques: Vec<Word>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVocabulary {
    kinds: Vec<RawWord>,
    techniques: Vec<RawWord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWord {
    key: String,
    label: String,
}

/// The line where `needle` first appears, for errors TOML itself cannot
/// place (a repeated key is the later occurrence). 1 if it is not found.
fn line_of(text: &str, needle: &str, last: bool) -> usize {
    let at = if last {
        text.rfind(needle)
    } else {
        text.find(needle)
    };
    at.map_or(1, |at| text[..at].matches('\n').count() + 1)
}

/// A key the notes table accepts: `[a-z0-9_]`, 1 to 40 long.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_LEN
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn words(list: Vec<RawWord>, what: &str, text: &str, origin: &Path) -> Result<Vec<Word>, String> {
    let mut out: Vec<Word> = Vec::new();
    for w in list {
        let at = |msg: String| {
            let line = line_of(text, &format!("{:?}", w.key), true);
            format!("{}:{line}: {msg}", origin.display())
        };
        if !valid_key(&w.key) {
            return Err(at(format!(
                "{what} key {:?}: use 1 to {MAX_KEY_LEN} lower-case letters, digits or _",
                w.key
            )));
        }
        if w.label.trim().is_empty() {
            return Err(at(format!("{what} {:?} needs a label", w.key)));
        }
        if out.iter().any(|seen| seen.key == w.key) {
            return Err(at(format!("{what} key {:?} appears twice", w.key)));
        }
        out.push(Word {
            key: w.key,
            label: w.label,
        });
    }
    Ok(out)
}

impl Vocabulary {
    pub fn builtin() -> Self {
        // The shipped file is checked by a unit test, so this cannot fail at
        // run time; the fallback still names the kinds the code relies on.
        Self::parse(DEFAULT_VOCABULARY, Path::new("data/vocabulary.toml")).unwrap_or_else(|_| {
            Vocabulary {
                kinds: REQUIRED_KINDS
                    .iter()
                    .map(|k| (NoteKind::stored(k), (*k).to_string()))
                    .collect(),
                techniques: vec![Word {
                    key: CRISIS_TECHNIQUE.into(),
                    label: "crisis intervention".into(),
                }],
            }
        })
    }

    /// Parse a vocabulary. Errors name the file and, where known, the line.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, String> {
        let raw: RawVocabulary = crate::tomlfile::parse(text, origin)?;
        let kinds = words(raw.kinds, "kind", text, origin)?;
        let techniques = words(raw.techniques, "technique", text, origin)?;
        for needed in REQUIRED_KINDS {
            if !kinds.iter().any(|k| k.key == needed) {
                let line = line_of(text, "kinds", false);
                return Err(format!(
                    "{}:{line}: the kind {needed:?} must stay: the program relies on it",
                    origin.display()
                ));
            }
        }
        if !techniques.iter().any(|t| t.key == CRISIS_TECHNIQUE) {
            let line = line_of(text, "techniques", false);
            return Err(format!(
                "{}:{line}: the technique {CRISIS_TECHNIQUE:?} must stay: the program relies on it",
                origin.display()
            ));
        }
        Ok(Vocabulary {
            kinds: kinds
                .into_iter()
                .map(|w| (NoteKind::stored(&w.key), w.label))
                .collect(),
            techniques,
        })
    }

    /// The agency's file at `path` if there is one, else the shipped one.
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
        if let Some(path) = path {
            match std::fs::read_to_string(path) {
                Ok(text) => return Self::parse(&text, path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
        Ok(Self::builtin())
    }

    /// Kinds in the file's order.
    pub fn kinds(&self) -> impl Iterator<Item = NoteKind> + '_ {
        self.kinds.iter().map(|(k, _)| *k)
    }

    pub fn has_kind(&self, key: &str) -> bool {
        self.kinds.iter().any(|(k, _)| k.key() == key)
    }

    pub fn kind_label(&self, kind: NoteKind) -> Option<&str> {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, l)| l.as_str())
    }

    /// Columns for a kind in a list: the widest label, within reason (a
    /// longer agency label is cut there).
    pub fn kind_column(&self) -> usize {
        self.kinds
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(8, 16)
    }

    pub fn techniques(&self) -> &[Word] {
        &self.techniques
    }

    pub fn technique_label(&self, key: &str) -> Option<&str> {
        self.techniques
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.label.as_str())
    }
}

static INSTALLED: OnceLock<Vocabulary> = OnceLock::new();

/// Make `v` the vocabulary for the rest of the run. Call before anything
/// reads it (first thing at start); later it is refused.
pub fn install(v: Vocabulary) -> Result<(), String> {
    INSTALLED
        .set(v)
        .map_err(|_| "the vocabulary was read before it was installed".to_string())
}

/// The vocabulary in use: the installed one, else the shipped one.
pub fn vocabulary() -> &'static Vocabulary {
    INSTALLED.get_or_init(Vocabulary::builtin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_vocabulary_has_supervision_and_every_old_word() {
        let v = Vocabulary::parse(DEFAULT_VOCABULARY, Path::new("x")).expect("valid");
        let keys: Vec<&str> = v.kinds().map(NoteKind::key).collect();
        assert_eq!(
            keys,
            [
                "session",
                "phone",
                "home_visit",
                "collateral",
                "group",
                "crisis",
                "consultation",
                "supervision"
            ]
        );
        assert_eq!(v.kind_label(NoteKind::CRISIS), Some("CRISIS"));
        assert_eq!(v.techniques().len(), 10);
        assert_eq!(v.technique_label("cbt"), Some("CBT"));
    }

    #[test]
    fn broken_file_names_file_and_line() {
        let text = "kinds = [\n  { key = \"session\", label = \"s\" },\n  { key = \"x\" label = \"b\" },\n]\ntechniques = []\n";
        let err = Vocabulary::parse(text, Path::new("/etc/agency.toml")).unwrap_err();
        assert!(err.starts_with("/etc/agency.toml:3:"), "{err}");
    }

    #[test]
    fn repeated_or_bad_keys_and_empty_labels_are_refused_with_their_line() {
        let line = |needle: &str| {
            DEFAULT_VOCABULARY
                .lines()
                .position(|l| l.contains(needle))
                .expect("in the file")
                + 1
        };
        let twice = DEFAULT_VOCABULARY.replace("\"group\", label", "\"phone\", label");
        let err = Vocabulary::parse(&twice, Path::new("a.toml")).unwrap_err();
        assert!(
            err.starts_with(&format!("a.toml:{}:", line("\"group\", label"))),
            "{err}"
        );
        assert!(err.contains("twice"), "{err}");
        let bad = DEFAULT_VOCABULARY.replace("\"supervision\", label", "\"Super Vision\", label");
        let err = Vocabulary::parse(&bad, Path::new("a.toml")).unwrap_err();
        assert!(
            err.starts_with(&format!("a.toml:{}:", line("\"supervision\""))),
            "{err}"
        );
        let unlabelled = DEFAULT_VOCABULARY.replace("label = \"CBT\"", "label = \" \"");
        let err = Vocabulary::parse(&unlabelled, Path::new("a.toml")).unwrap_err();
        assert!(
            err.starts_with(&format!("a.toml:{}:", line("CBT"))),
            "{err}"
        );
        assert!(err.contains("needs a label"), "{err}");
    }

    #[test]
    fn agency_file_replaces_the_lists_but_cannot_drop_what_the_code_relies_on() {
        let agency = "kinds = [\n  { key = \"session\", label = \"Sitzung\" },\n  { key = \"crisis\", label = \"KRISE\" },\n  { key = \"peer_review\", label = \"peer review\" },\n]\ntechniques = [\n  { key = \"crisis_intervention\", label = \"Krisenintervention\" },\n  { key = \"sand_play\", label = \"sand play\" },\n]\n";
        let v = Vocabulary::parse(agency, Path::new("agency.toml")).expect("valid");
        assert_eq!(
            v.kinds().map(NoteKind::key).collect::<Vec<_>>(),
            ["session", "crisis", "peer_review"]
        );
        assert_eq!(v.kind_label(NoteKind::SESSION), Some("Sitzung"));
        assert!(!v.has_kind("phone"));
        assert_eq!(v.technique_label("sand_play"), Some("sand play"));
        assert_eq!(v.technique_label("cbt"), None);

        let no_crisis = agency.replace("  { key = \"crisis\", label = \"KRISE\" },\n", "");
        let err = Vocabulary::parse(&no_crisis, Path::new("agency.toml")).unwrap_err();
        assert!(err.starts_with("agency.toml:1:"), "{err}");
        assert!(err.contains("\"crisis\" must stay"), "{err}");
        let no_ci = agency.replace(
            "  { key = \"crisis_intervention\", label = \"Krisenintervention\" },\n",
            "",
        );
        let err = Vocabulary::parse(&no_ci, Path::new("agency.toml")).unwrap_err();
        assert!(err.starts_with("agency.toml:6:"), "{err}");
    }

    #[test]
    fn load_reads_the_agency_file_or_falls_back_and_refuses_a_broken_one() {
        let dir = std::env::temp_dir().join(format!("casework-vocab-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("vocabulary.toml");
        let missing = Vocabulary::load(Some(&path)).expect("shipped one");
        assert!(missing.has_kind("supervision"));
        std::fs::write(&path, "kinds = [\n  { key = \"session\" },\n]\n").expect("write");
        let err = Vocabulary::load(Some(&path)).unwrap_err();
        assert!(err.starts_with(&format!("{}:2:", path.display())), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
