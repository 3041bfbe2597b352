//! End-to-end: the real binary in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{LEAVE_ALTERNATE_SCREEN, Session, TIMEOUT, generate_db};
use portable_pty::ExitStatus;

const TITLES: [&str; 4] = ["Caseload", "Stages", "Goals", "Notes"];

fn open_demo(dir: &std::path::Path, cols: u16, rows: u16) -> Session {
    let db = generate_db(dir);
    let db = db.to_str().expect("utf-8 temp path");
    Session::spawn(&["--db", db], &[], cols, rows)
}

fn wait_for_panes(s: &Session) {
    for title in TITLES {
        s.wait_for(title, TIMEOUT).unwrap();
    }
}

fn exited(s: &mut Session) -> ExitStatus {
    s.wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("casework did not exit; screen:\n{}", s.screen()))
}

/// The terminal is handed back: off the alternate screen, in the parsed
/// state and in the bytes actually sent.
fn assert_restored(s: &Session) {
    assert!(
        !s.alternate_screen(),
        "still on the alternate screen:\n{}",
        s.screen()
    );
    assert!(
        s.output_contains(LEAVE_ALTERNATE_SCREEN),
        "never sent the leave-alternate-screen sequence"
    );
}

#[test]
fn four_panes_then_q_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path(), 100, 30);
    wait_for_panes(&s);
    assert!(s.alternate_screen(), "the TUI runs on the alternate screen");
    s.send("q");
    let status = exited(&mut s);
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    assert_restored(&s);
}

#[test]
fn new_database_shows_welcome() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    assert!(!db.exists());
    let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    s.wait_for("Welcome to casework", TIMEOUT).unwrap();
    s.wait_for("Your caseload is empty", TIMEOUT).unwrap();
    s.send("q");
    let status = exited(&mut s);
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    assert_restored(&s);
    assert!(db.exists(), "the new database was created");
}

#[test]
fn sigterm_restores_terminal_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path(), 100, 30);
    wait_for_panes(&s);
    s.kill(libc::SIGTERM).unwrap();
    let status = exited(&mut s);
    assert!(!status.success(), "exit status {status:?}");
    assert!(
        status.signal().is_none(),
        "the app handles SIGTERM itself instead of dying of it: {status:?}"
    );
    assert_ne!(status.exit_code(), 0);
    assert_restored(&s);
    s.wait_for("stopped by signal", TIMEOUT).unwrap();
}

#[test]
fn question_mark_opens_help_and_esc_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path(), 100, 30);
    wait_for_panes(&s);
    s.send("?");
    s.wait_for("this help", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("this help", TIMEOUT).unwrap();
    // The panes are still there underneath.
    wait_for_panes(&s);
    s.send("q");
    let status = exited(&mut s);
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&s);
}

#[test]
fn four_panes_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path(), 80, 24);
    wait_for_panes(&s);
    s.send("q");
    let status = exited(&mut s);
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&s);
}
