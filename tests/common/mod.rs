//! Shared helpers for the integration tests. Each test crate uses only some
//! of them, so unused ones are not warnings.
#![allow(dead_code)]

pub mod pty;
