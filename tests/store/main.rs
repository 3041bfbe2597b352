//! The store against real database files: opening, migrating and refusing
//! files, each entity's rules, maintenance, export and import, and an
//! agency's own checklist. Some tests run the real binary's subcommands.
//!
//! One test binary, one module per area: `cargo test --test store exchange`.
// Tests may panic on what they set up: that is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/fixture.rs"]
mod fixture;

mod chain;
mod checkins_store;
mod checklist_override;
mod conflicts_store;
mod crypt;
mod damaged;
mod demo_honest;
mod documents;
mod downgrade;
mod draft_owner;
mod exchange;
mod gas_documents;
mod gas_store;
mod goals_store;
mod in_error_store;
mod indexes_store;
mod kept_values;
mod maintenance;
mod measures_store;
mod note_move_store;
mod notes_store;
mod open_due_store;
mod open_items_store;
mod random_writes;
mod record_edits_store;
mod roster_store;
mod search_store;
mod stage_store;
mod store;
mod stream_exchange;
mod strict_import;
mod upgrade_anchor;
mod vocabulary_store;
