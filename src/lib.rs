//! casework: a keyboard-driven terminal workspace for social workers and
//! case managers. The binary is a thin shell over this library so that tests
//! can drive every layer.

pub mod app;
pub mod clean_text;
pub mod cli;
pub mod cli_crypt;
pub mod cli_measure;
pub mod cli_search;
pub mod config;
pub mod demo;
pub mod demo_measures;
mod demo_stages;
mod demo_words;
pub mod domain;
pub mod event_loop;
pub mod exchange;
pub mod external_editor;
pub mod frame_backend;
pub mod frame_writer;
pub mod hardening;
pub mod keymap;
pub mod keymap_file;
pub mod lock_pin;
pub mod passphrase;
pub mod paths;
pub mod progress;
pub mod recovery_files;
pub mod redact;
pub mod rest_loader;
pub mod safe_write;
pub mod searcher;
pub mod store;
pub mod terminal;
pub mod tomlfile;
pub mod tty_secret;
pub mod ui;

#[cfg(test)]
mod layers_test;
