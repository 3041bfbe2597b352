//! The stage checklist template: what careful practice asks for at each
//! stage. The content lives in a data file, not in code, so an agency can
//! ship its own.

use super::stage::Stage;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The template shipped with the program.
/// The Follow-up item that ticks itself when check-ins are scheduled. An
/// agency's own checklist that keeps this key gets the same.
pub const CHECK_INS_ITEM: &str = "check_ins";

pub const DEFAULT_TEMPLATE: &str = include_str!("../../data/checklist.toml");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable key; per-client state is stored against it.
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct ChecklistTemplate {
    items: BTreeMap<Stage, Vec<ChecklistItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    stage: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    key: String,
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: String,
    label: String,
}

/// The line where `needle` last appears, for errors TOML itself cannot place
/// (a repeated key is the later occurrence). 1 if it is not found.
fn line_of(text: &str, needle: &str) -> usize {
    text.rfind(needle)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

impl ChecklistTemplate {
    pub fn builtin() -> Self {
        // The shipped file is checked by a unit test, so this cannot fail at run time.
        Self::parse(DEFAULT_TEMPLATE, Path::new("data/checklist.toml")).unwrap_or_else(|_| {
            ChecklistTemplate {
                items: BTreeMap::new(),
            }
        })
    }

    /// Parse a template. Errors name the file and, where TOML knows it, the line.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, String> {
        let raw: RawTemplate = crate::tomlfile::parse(text, origin)?;
        let mut items = BTreeMap::new();
        for st in raw.stage {
            let stage = Stage::from_key(&st.key)
                .ok_or_else(|| format!("{}: unknown stage key {:?}", origin.display(), st.key))?;
            let mut list: Vec<ChecklistItem> = Vec::new();
            for i in st.items {
                let at = |what: &str| {
                    let line = line_of(text, &format!("{:?}", i.key));
                    format!("{}:{line}: {what}", origin.display())
                };
                if i.key.trim().is_empty() || i.label.trim().is_empty() {
                    return Err(at("an item needs a key and a label"));
                }
                if list.iter().any(|seen| seen.key == i.key) {
                    return Err(at(&format!(
                        "item key {:?} appears twice in stage {:?}",
                        i.key, st.key
                    )));
                }
                list.push(ChecklistItem {
                    key: i.key,
                    label: i.label,
                });
            }
            if items.insert(stage, list).is_some() {
                return Err(format!(
                    "{}: stage {:?} is listed twice",
                    origin.display(),
                    st.key
                ));
            }
        }
        for s in Stage::ALL {
            if !items.contains_key(&s) {
                return Err(format!(
                    "{}: stage {:?} is missing",
                    origin.display(),
                    s.key()
                ));
            }
        }
        Ok(ChecklistTemplate { items })
    }

    pub fn items(&self, stage: Stage) -> &[ChecklistItem] {
        self.items.get(&stage).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn label(&self, stage: Stage, key: &str) -> Option<&str> {
        self.items(stage)
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_template_covers_every_stage() {
        let t = ChecklistTemplate::parse(DEFAULT_TEMPLATE, Path::new("x")).expect("valid");
        for s in Stage::ALL {
            assert!(t.items(s).len() >= 3, "{s:?} has too few items");
        }
        assert!(t.label(Stage::Assessment, "risk_screen").is_some());
    }

    #[test]
    fn broken_template_names_file_and_line() {
        let text =
            "[[stage]]\nkey = \"assessment\"\nitems = [\n  { key = \"a\" label = \"b\" },\n]\n";
        let err = ChecklistTemplate::parse(text, Path::new("/etc/agency.toml")).unwrap_err();
        assert!(err.starts_with("/etc/agency.toml:4:"), "{err}");
    }

    #[test]
    fn repeated_item_key_is_refused_with_its_line() {
        let mut text = DEFAULT_TEMPLATE.replace("{ key = \"needs\",", "{ key = \"history\",");
        assert_ne!(text, DEFAULT_TEMPLATE);
        let err = ChecklistTemplate::parse(&text, Path::new("a.toml")).unwrap_err();
        let line = DEFAULT_TEMPLATE
            .lines()
            .position(|l| l.contains("\"needs\""))
            .expect("needs item")
            + 1;
        assert!(err.starts_with(&format!("a.toml:{line}:")), "{err}");
        assert!(err.contains("twice"), "{err}");
        text = DEFAULT_TEMPLATE.replace("label = \"Outcome measures recorded\"", "label = \" \"");
        let err = ChecklistTemplate::parse(&text, Path::new("a.toml")).unwrap_err();
        assert!(err.contains("needs a key and a label"), "{err}");
    }

    #[test]
    fn template_missing_a_stage_is_refused() {
        let text = "[[stage]]\nkey = \"assessment\"\nitems = []\n";
        let err = ChecklistTemplate::parse(text, Path::new("t.toml")).unwrap_err();
        assert!(err.contains("missing"), "{err}");
    }
}
