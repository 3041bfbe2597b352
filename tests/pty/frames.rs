//! Frames never pile up: keys that arrive together (a held key, a slow
//! link catching up) are all applied before the next frame is drawn. The
//! debug build counts its frames in a file (`CASEWORK_TEST_FRAMES_FILE`);
//! nothing here is timed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{LEAVE_ALTERNATE_SCREEN, Session, TIMEOUT};
use std::path::{Path, PathBuf};

fn frames(file: &Path) -> u64 {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// The caseload row holding the selection marker, counted from the top.
fn selected_row(screen: &str) -> Option<usize> {
    screen
        .lines()
        .position(|l| l.chars().take(6).any(|c| c == '▸'))
}

/// 30 × `j` in one write at 200x60 on `db`: (frames drawn for it, bytes
/// written for it).
fn burst_of_j(db: &Path, frames_file: PathBuf) -> (u64, usize) {
    let f = frames_file.to_str().unwrap().to_string();
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("CASEWORK_TEST_FRAMES_FILE", &f)],
        200,
        60,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    // The whole first frame is on screen (the hint bar is its last row)
    // and counted before a key goes.
    s.wait_for("? help", TIMEOUT).unwrap();
    while frames(&frames_file) == 0 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let top = selected_row(&s.screen()).expect("a selection");
    let before = frames(&frames_file);
    let bytes_before = s.raw_output().len();
    s.send(&"j".repeat(30));
    s.wait_until("the selection 30 rows down", TIMEOUT, |screen| {
        selected_row(screen) == Some(top + 30)
    })
    .unwrap();
    // Counted once the program has ended: the file is written just after
    // the frame, so the screen can show it first. Quitting draws nothing.
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).expect("quits").success());
    let after = frames(&frames_file);
    let raw = s.raw_output();
    let end = raw
        .windows(LEAVE_ALTERNATE_SCREEN.len())
        .rposition(|w| w == LEAVE_ALTERNATE_SCREEN)
        .unwrap_or(raw.len());
    (after - before, end - bytes_before)
}

/// A caseload long enough to move 30 rows down in.
pub fn caseload_of(dir: &Path, clients: usize) -> PathBuf {
    let db = dir.join("many.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(["generate", "--db", db.to_str().unwrap(), "--seed", "7"])
        .args(["--clients", &clients.to_string(), "--notes", "200"])
        .args(["--today", "2026-11-23"])
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    db
}

/// A start with no keys: how many frames it draws by itself.
#[test]
fn starting_draws_one_frame_and_idling_draws_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = caseload_of(dir.path(), 80);
    let file = dir.path().join("frames");
    let f = file.to_str().unwrap().to_string();
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("CASEWORK_TEST_FRAMES_FILE", &f)],
        200,
        60,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).expect("quits").success());
    assert_eq!(frames(&file), 1);
}

#[test]
fn thirty_keys_in_one_burst_cost_fewer_frames_than_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = caseload_of(dir.path(), 80);
    let (frames, bytes) = burst_of_j(&db, dir.path().join("frames"));
    eprintln!("30 x j at 200x60: {frames} frames, {bytes} bytes");
    assert!(frames >= 1, "the move was drawn");
    assert!(frames < 30, "{frames} frames for 30 keys");
    // One write: the keys arrive together. The first may be read (and
    // drawn) before the rest reach the terminal; after that, all at once.
    assert!(frames <= 2, "{frames} frames for one burst");
}

/// The measure: a 5,000-client caseload. Slow to generate in a
/// debug build, so run by hand:
/// `CASEWORK_BIG_DB=/tmp/big.db cargo test --test pty frames -- --ignored --nocapture`
/// (make the database with `casework generate --clients 5000 ...`).
#[test]
#[ignore]
fn measure_thirty_keys_on_a_big_caseload() {
    let db = PathBuf::from(std::env::var("CASEWORK_BIG_DB").expect("CASEWORK_BIG_DB"));
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        let (frames, bytes) = burst_of_j(&db, dir.path().join("frames"));
        eprintln!("big caseload, 30 x j at 200x60: {frames} frames, {bytes} bytes");
    }
    // For comparison: the same keys one at a time, each drawn before the
    // next is sent (what a link slower than the frame rate delivers).
    let f = dir.path().join("frames-spaced");
    let fs = f.to_str().unwrap().to_string();
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("CASEWORK_TEST_FRAMES_FILE", &fs)],
        200,
        60,
    );
    s.wait_for("? help", TIMEOUT).unwrap();
    let top = selected_row(&s.screen()).expect("a selection");
    let before = s.raw_output().len();
    for n in 1..=30 {
        s.send("j");
        s.wait_until("the move", TIMEOUT, |screen| {
            selected_row(screen) == Some(top + n)
        })
        .unwrap();
    }
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).expect("quits").success());
    let raw = s.raw_output();
    let end = raw
        .windows(LEAVE_ALTERNATE_SCREEN.len())
        .rposition(|w| w == LEAVE_ALTERNATE_SCREEN)
        .unwrap_or(raw.len());
    eprintln!(
        "big caseload, 30 x j one at a time: {} frames in all, {} bytes",
        frames(&f),
        end - before
    );
}
