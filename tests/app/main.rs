//! The App in-process on a real database: keys in, the store and whole
//! screens out. Screens are compared with the snapshots in `snapshots/`
//! beside this file; review changes with `cargo insta review`.
//!
//! One test binary, one module per area: `cargo test --test app notes_app`.
// Tests may panic on what they set up: that is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/fixture.rs"]
mod fixture;
mod keys;
mod keys_remap;

mod app;
mod ascii;
mod caseload_day;
mod checkins_app;
mod conflicts;
mod documents_app;
mod draft_owner;
mod form_drafts_app;
mod forms_app;
mod frame_writes;
mod full_text;
mod gas_app;
mod goals_app;
mod goals_screens;
mod idle_lock;
mod in_error_app;
mod lock_wait;
mod measure_drafts_app;
mod measures_app;
mod note_move_app;
mod note_reader;
mod notes_app;
mod privacy_app;
mod record_edits_app;
mod review13;
mod review_regressions;
mod screens;
mod search_app;
mod stages_screens;
mod start_app;
mod themes;
mod today_window_app;
mod too_small_keys;
mod zoom_header;
