//! Shared helpers for the integration tests. Each test crate uses only some
//! of them, so unused ones are not warnings.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod pty;
