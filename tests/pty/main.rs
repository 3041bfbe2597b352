//! The real `casework` binary: in a pseudo-terminal (what a user sees and
//! types), from the command line, and the README it documents.
//!
//! One test binary, one module per area: `cargo test --test pty notes`.
// Tests may panic on what they set up: that is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Some of the harness is kept for tests to come (resize, raw output), and
// some fields are held only so they are dropped with the session.
#[allow(dead_code)]
mod harness;

mod caseload;
mod checkins;
mod cli;
mod crypt;
mod exit_paths;
mod form_drafts;
mod frames;
mod goals;
mod idle_lock;
mod input_burst;
mod leaks;
mod measure_cli;
mod measures_tui;
mod note_reader;
mod notes;
mod panic;
mod readme;
mod rest_of_caseload;
mod search;
mod smoke;
mod stages;
mod terminals;
