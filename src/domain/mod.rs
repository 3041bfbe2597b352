//! Plain types and rules of the practice. No storage, no drawing.

pub mod agenda;
pub mod caseload;
mod caseload_order;
pub mod caseload_shown;
pub mod checklist;
pub mod client;
pub mod closure;
pub mod correction;
pub mod dates;
pub mod gas;
pub mod gas_record;
pub mod goal;
pub mod in_error;
pub mod measure;
pub mod measure_catalog;
pub mod measure_chart;
pub mod measure_file;
#[cfg(test)]
mod measure_tests;
pub mod note;
pub mod note_defaults;
pub mod note_meta;
pub mod plan;
pub mod safety;
pub mod smart;
pub mod stage;
pub mod stage_rules;
pub mod time;
pub mod vocabulary;
pub mod workload;

pub use checklist::{ChecklistItem, ChecklistTemplate};
pub use client::{Client, ClientSummary, RiskLevel};
pub use goal::{Goal, GoalStatus, Progress, RatedBy};
pub use in_error::{InError, Markable};
pub use measure_catalog::measures;
pub use note::{Note, NoteFormat, NoteKind};
pub use note_defaults::{LastNote, NoteDefaults};
pub use note_meta::NoteMeta;
pub use plan::{PlanStep, Referral, ReferralStatus, Who};
pub use stage::Stage;
pub use time::Stamp;
pub use vocabulary::{Vocabulary, vocabulary};

/// Dates are kept as ISO `YYYY-MM-DD` everywhere: sortable as text in SQL and
/// readable in exports.
pub type Date = chrono::NaiveDate;
