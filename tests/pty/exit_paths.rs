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
