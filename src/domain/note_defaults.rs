//! What a new note starts with. A note signed with the wrong kind or
//! techniques is permanent, so the defaults come only from the same
//! client's own last note (never from whoever was written about last), or
//! from the agency's configured defaults for a client's first note; and a
//! crisis is never assumed: it is chosen, each time.

use super::{Date, NoteFormat, NoteKind, NoteMeta};
use serde::Deserialize;

/// The technique that says "this was a crisis"; like the crisis kind, it is
/// never carried into a new note.
pub const CRISIS_TECHNIQUE: &str = "crisis_intervention";

/// Defaults for a client's first note, from `[new_note]` in config.toml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoteDefaults {
    #[serde(deserialize_with = "routine_kind")]
    pub kind: NoteKind,
    pub format: NoteFormat,
    #[serde(deserialize_with = "minutes")]
    pub duration_min: Option<u32>,
    #[serde(deserialize_with = "routine_techniques")]
    pub techniques: Vec<String>,
}

impl Default for NoteDefaults {
    fn default() -> Self {
        NoteDefaults {
            kind: NoteKind::SESSION,
            format: NoteFormat::Dap,
            duration_min: None,
            techniques: Vec::new(),
        }
    }
}

/// The parts of a client's last note that can seed the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastNote {
    pub kind: NoteKind,
    pub format: NoteFormat,
    pub duration_min: Option<u32>,
    pub techniques: Vec<String>,
}

impl NoteMeta {
    /// A new note on `today` for a client whose last note is `last` (`None`
    /// for their first). The same client's habits carry over, except that a
    /// crisis does not: after a crisis note the kind and the duration are
    /// the configured ones, and "crisis intervention" is never pre-ticked.
    pub fn for_new_note(today: Date, last: Option<&LastNote>, defaults: &NoteDefaults) -> Self {
        let mut m = NoteMeta::new(today);
        match last {
            None => {
                m.kind = defaults.kind;
                m.format = defaults.format;
                m.duration_min = defaults.duration_min;
                m.techniques = defaults.techniques.clone();
            }
            Some(last) if last.kind == NoteKind::CRISIS => {
                m.kind = defaults.kind;
                m.format = last.format;
                m.duration_min = defaults.duration_min;
                m.techniques = last.techniques.clone();
            }
            Some(last) => {
                m.kind = last.kind;
                m.format = last.format;
                m.duration_min = last.duration_min;
                m.techniques = last.techniques.clone();
            }
        }
        // The config cannot name either (refused when read); this guards
        // against a default built in code some other way.
        if m.kind == NoteKind::CRISIS {
            m.kind = NoteKind::SESSION;
        }
        // A last note of a kind or technique the agency has since dropped
        // keeps it; a new note starts only from what the vocabulary lists.
        if NoteKind::from_key(m.kind.key()).is_none() {
            m.kind = defaults.kind;
        }
        let listed = super::vocabulary();
        m.techniques
            .retain(|t| t != CRISIS_TECHNIQUE && listed.technique_label(t).is_some());
        m
    }
}

fn routine_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NoteKind, D::Error> {
    use serde::de::Error;
    let key = String::deserialize(d)?;
    let keys = || {
        super::vocabulary()
            .kinds()
            .filter(|k| *k != NoteKind::CRISIS)
            .map(|k| k.key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match NoteKind::from_key(&key) {
        Some(NoteKind::CRISIS) => Err(D::Error::custom(format!(
            "kind = \"crisis\": a crisis is never assumed; choose one of {}",
            keys()
        ))),
        Some(k) => Ok(k),
        None => Err(D::Error::custom(format!(
            "kind = {key:?}: one of {}",
            keys()
        ))),
    }
}

fn minutes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    use serde::de::Error;
    let n = i64::deserialize(d)?;
    match u32::try_from(n) {
        Ok(m) if (1..=24 * 60).contains(&m) => Ok(Some(m)),
        _ => Err(D::Error::custom(format!(
            "duration_min = {n}: whole minutes from 1 to 1440 (leave it out for none)"
        ))),
    }
}

fn routine_techniques<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    use serde::de::Error;
    let list = Vec::<String>::deserialize(d)?;
    let known = || {
        super::vocabulary()
            .techniques()
            .iter()
            .map(|t| t.key.as_str())
            .filter(|k| *k != CRISIS_TECHNIQUE)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for t in &list {
        if t == CRISIS_TECHNIQUE {
            return Err(D::Error::custom(format!(
                "techniques: {CRISIS_TECHNIQUE:?} is never assumed; tick it in the note"
            )));
        }
        if super::vocabulary().technique_label(t).is_none() {
            return Err(D::Error::custom(format!(
                "techniques: {t:?} is not a technique; known: {}",
                known()
            )));
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd_opt(2026, 11, 23).expect("date")
    }

    #[test]
    fn a_kind_or_technique_no_longer_listed_is_not_carried_into_a_new_note() {
        let l = last(NoteKind::stored("peer_review"), &["sand_play", "cbt"]);
        let m = NoteMeta::for_new_note(today(), Some(&l), &NoteDefaults::default());
        assert_eq!(m.kind, NoteKind::SESSION);
        assert_eq!(m.techniques, ["cbt"]);
    }

    fn last(kind: NoteKind, techniques: &[&str]) -> LastNote {
        LastNote {
            kind,
            format: NoteFormat::Soap,
            duration_min: Some(90),
            techniques: techniques.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn first_note_takes_the_configured_defaults() {
        let d = NoteDefaults {
            kind: NoteKind::PHONE,
            format: NoteFormat::Birp,
            duration_min: Some(30),
            techniques: vec!["advocacy".into()],
        };
        let m = NoteMeta::for_new_note(today(), None, &d);
        assert_eq!(
            (m.kind, m.format, m.duration_min, m.techniques.clone()),
            (NoteKind::PHONE, NoteFormat::Birp, Some(30), d.techniques)
        );
        assert_eq!(m.session_date, today());
    }

    #[test]
    fn a_routine_last_note_carries_over_whole() {
        let l = last(NoteKind::HOME_VISIT, &["advocacy", "cbt"]);
        let m = NoteMeta::for_new_note(today(), Some(&l), &NoteDefaults::default());
        assert_eq!(m.kind, NoteKind::HOME_VISIT);
        assert_eq!(m.format, NoteFormat::Soap);
        assert_eq!(m.duration_min, Some(90));
        assert_eq!(m.techniques, ["advocacy", "cbt"]);
    }

    #[test]
    fn a_crisis_last_note_gives_the_default_kind_and_no_crisis_technique() {
        let d = NoteDefaults {
            duration_min: Some(50),
            ..NoteDefaults::default()
        };
        let l = last(NoteKind::CRISIS, &["active_listening", CRISIS_TECHNIQUE]);
        let m = NoteMeta::for_new_note(today(), Some(&l), &d);
        assert_eq!(m.kind, NoteKind::SESSION);
        assert_eq!(m.duration_min, Some(50), "a crisis's length is not routine");
        assert_eq!(m.format, NoteFormat::Soap, "the writer's format stays");
        assert_eq!(m.techniques, ["active_listening"]);
        // Crisis intervention ticked on a non-crisis note is not carried either.
        let l = last(NoteKind::PHONE, &[CRISIS_TECHNIQUE]);
        let m = NoteMeta::for_new_note(today(), Some(&l), &d);
        assert_eq!(m.kind, NoteKind::PHONE);
        assert!(m.techniques.is_empty(), "{:?}", m.techniques);
        // Even a default built in code as crisis is not used as crisis.
        let bad = NoteDefaults {
            kind: NoteKind::CRISIS,
            techniques: vec![CRISIS_TECHNIQUE.into()],
            ..NoteDefaults::default()
        };
        let m = NoteMeta::for_new_note(today(), None, &bad);
        assert_ne!(m.kind, NoteKind::CRISIS);
        assert!(m.techniques.is_empty());
    }
}
