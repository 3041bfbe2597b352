use super::{Date, NoteMeta, Stamp};
use serde::{Deserialize, Serialize};

/// What kind of contact a note records. The kinds come from the vocabulary
/// file (data/vocabulary.toml or the agency's own); the key is what is
/// stored, and what signed notes are sealed with.
///
/// A kind is a stored key, interned so it stays `Copy`: the set of keys is
/// small (the vocabulary plus whatever old notes hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteKind(&'static str);

impl NoteKind {
    /// Kinds the program gives meaning to; the vocabulary must keep these.
    pub const SESSION: NoteKind = NoteKind("session");
    pub const CRISIS: NoteKind = NoteKind("crisis");
    // The shipped kinds, for demo data and tests.
    pub const PHONE: NoteKind = NoteKind("phone");
    pub const HOME_VISIT: NoteKind = NoteKind("home_visit");
    pub const COLLATERAL: NoteKind = NoteKind("collateral");
    pub const GROUP: NoteKind = NoteKind("group");
    pub const CONSULTATION: NoteKind = NoteKind("consultation");
    pub const SUPERVISION: NoteKind = NoteKind("supervision");

    pub fn key(self) -> &'static str {
        self.0
    }

    /// A kind the vocabulary in use lists; `None` for anything else (what
    /// new notes, the config and imports may name).
    pub fn from_key(s: &str) -> Option<Self> {
        super::vocabulary().kinds().find(|k| k.key() == s)
    }

    /// The kind a stored note has, listed or not: a note whose kind the
    /// agency has since dropped still loads and shows under its key.
    pub fn stored(s: &str) -> Self {
        NoteKind(intern(s))
    }

    /// The vocabulary's label, or the key itself when it is not listed.
    pub fn label(self) -> &'static str {
        super::vocabulary().kind_label(self).unwrap_or(self.0)
    }
}

/// One `&'static str` per distinct kind key ever seen in this run.
fn intern(s: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, PoisonError};
    static POOL: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut pool = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(k) = pool.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_owned().into_boxed_str());
    pool.insert(k);
    k
}

impl Serialize for NoteKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for NoteKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(NoteKind::stored(&String::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteFormat {
    Dap,
    Soap,
    Birp,
    Girp,
    Free,
}

impl NoteFormat {
    pub const ALL: [NoteFormat; 5] = [
        NoteFormat::Dap,
        NoteFormat::Soap,
        NoteFormat::Birp,
        NoteFormat::Girp,
        NoteFormat::Free,
    ];
    pub fn key(self) -> &'static str {
        match self {
            NoteFormat::Dap => "dap",
            NoteFormat::Soap => "soap",
            NoteFormat::Birp => "birp",
            NoteFormat::Girp => "girp",
            NoteFormat::Free => "free",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            NoteFormat::Dap => "DAP",
            NoteFormat::Soap => "SOAP",
            NoteFormat::Birp => "BIRP",
            NoteFormat::Girp => "GIRP",
            NoteFormat::Free => "free",
        }
    }
    /// Section headings a note in this format starts with.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            NoteFormat::Dap => &["Data", "Assessment", "Plan"],
            NoteFormat::Soap => &["Subjective", "Objective", "Assessment", "Plan"],
            NoteFormat::Birp => &["Behavior", "Intervention", "Response", "Plan"],
            NoteFormat::Girp => &["Goal", "Intervention", "Response", "Plan"],
            NoteFormat::Free => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Addendum {
    pub id: i64,
    pub body: String,
    pub created_at: Stamp,
    pub signed_at: Option<Stamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: i64,
    pub client_id: i64,
    pub kind: NoteKind,
    pub format: NoteFormat,
    pub body: String,
    pub techniques: Vec<String>,
    pub session_date: Date,
    /// `HH:MM` when recorded.
    pub session_time: Option<String>,
    pub duration_min: Option<u32>,
    /// Goals discussed in this session.
    pub goal_ids: Vec<i64>,
    pub created_at: Stamp,
    pub signed_at: Option<Stamp>,
    pub addenda: Vec<Addendum>,
    /// Set when an unsigned note was entered in error.
    pub error: Option<super::InError>,
}

impl Note {
    pub fn is_signed(&self) -> bool {
        self.signed_at.is_some()
    }

    /// Its details, as the editor holds them.
    pub fn meta(&self) -> NoteMeta {
        NoteMeta {
            kind: self.kind,
            format: self.format,
            session_date: self.session_date,
            session_time: self.session_time.clone(),
            duration_min: self.duration_min,
            techniques: self.techniques.clone(),
            goal_ids: self.goal_ids.clone(),
        }
    }

    /// The first line with text in it, skipping a bare section heading.
    pub fn first_line(&self) -> &str {
        let headings = self.format.sections();
        self.body
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !headings.iter().any(|h| l.trim_end_matches(':') == *h))
            .unwrap_or("")
    }
}
