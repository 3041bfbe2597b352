use super::{Date, Stamp};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Session,
    Phone,
    HomeVisit,
    Collateral,
    Group,
    Crisis,
    Consultation,
}

impl NoteKind {
    pub const ALL: [NoteKind; 7] = [
        NoteKind::Session,
        NoteKind::Phone,
        NoteKind::HomeVisit,
        NoteKind::Collateral,
        NoteKind::Group,
        NoteKind::Crisis,
        NoteKind::Consultation,
    ];
    pub fn key(self) -> &'static str {
        match self {
            NoteKind::Session => "session",
            NoteKind::Phone => "phone",
            NoteKind::HomeVisit => "home_visit",
            NoteKind::Collateral => "collateral",
            NoteKind::Group => "group",
            NoteKind::Crisis => "crisis",
            NoteKind::Consultation => "consultation",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Session => "session",
            NoteKind::Phone => "phone",
            NoteKind::HomeVisit => "home visit",
            NoteKind::Collateral => "collateral",
            NoteKind::Group => "group",
            NoteKind::Crisis => "CRISIS",
            NoteKind::Consultation => "consult",
        }
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
