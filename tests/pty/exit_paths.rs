//! Every way out gives the terminal back: hang-up (the SSH link dropped),
//! interrupt, and suspend with Ctrl-Z and resume.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{LEAVE_ALTERNATE_SCREEN, Session, TIMEOUT, generate_db};

fn open_demo(dir: &std::path::Path) -> Session {
    let db = generate_db(dir);
    let s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    for title in ["Caseload", "Stages", "Goals", "Notes"] {
        s.wait_for(title, TIMEOUT).unwrap();
    }
    s
}

fn stopped_by(signal: i32) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path());
    s.kill(signal).unwrap();
    let status = s
        .wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("did not exit:\n{}", s.screen()));
    assert!(!status.success());
    assert!(status.signal().is_none(), "handled, not killed: {status:?}");
    assert!(
        !s.alternate_screen(),
        "terminal not restored:\n{}",
        s.screen()
    );
    assert!(s.output_contains(LEAVE_ALTERNATE_SCREEN));
}

#[test]
fn hang_up_restores_the_terminal() {
    stopped_by(libc::SIGHUP);
}

#[test]
fn interrupt_restores_the_terminal() {
    stopped_by(libc::SIGINT);
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_demo(dir.path());
    assert!(!s.output_contains(LEAVE_ALTERNATE_SCREEN));
    s.send("\x1a");
    poll("the terminal is given back", || {
        s.output_contains(LEAVE_ALTERNATE_SCREEN)
    });
    // A shell would continue it with `fg`; here the test does.
    s.kill(libc::SIGCONT).unwrap();
    poll("the alternate screen again", || s.alternate_screen());
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("exit");
    assert_eq!(status.exit_code(), 0);
}

fn poll(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Ctrl-Z while writing a note: the terminal is given back with the typing
/// already in the draft, and the note is still open on return.
#[test]
fn ctrl_z_in_the_note_editor_drafts_and_gives_the_terminal_back() {
    const TYPED: &str = "Talked about the move before the weekend";
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    s.send(TYPED);
    s.wait_for(TYPED, TIMEOUT).unwrap();
    assert!(!s.output_contains(LEAVE_ALTERNATE_SCREEN));
    s.send("\x1a");
    poll("the terminal is given back", || {
        s.output_contains(LEAVE_ALTERNATE_SCREEN)
    });
    let conn = rusqlite::Connection::open(&db).unwrap();
    let draft: String = conn
        .query_row(
            "SELECT body FROM drafts ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a draft was written before suspending");
    assert!(draft.contains(TYPED), "{draft:?}");
    // (Here the program does not really stop: it leads its own session, so
    // the kernel drops its SIGTSTP. `fg` would send this in a shell.)
    s.kill(libc::SIGCONT).unwrap();
    poll("the alternate screen again", || s.alternate_screen());
    s.wait_for(TYPED, TIMEOUT).unwrap();
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("exit");
    assert_eq!(status.exit_code(), 0);
}
