//! One file per overlay: its state, what it does with an action, how it is
//! drawn. See `super::layer` for the contract and `super::overlay` for the
//! list.

pub mod checkin_picker;
pub mod client_picker;
pub mod confirm;
pub mod conflict;
pub mod document_preview;
pub mod editor;
pub mod editor_leftover;
pub mod filter;
pub mod form;
pub mod gas_review;
pub mod goal_detail;
pub mod held_draft;
pub mod help;
pub mod leave_note;
pub mod measure_form;
pub mod measures;
pub mod note_reader;
pub mod safety;
pub mod search;
pub mod stage_history;
pub mod today;
pub mod workload;
