//! End-to-end at 80x24: a case taken to Termination in the real binary,
//! its first check-in marked held, a tick dated before intake refused on
//! the field; after a restart the held check-in and its line are there.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT};
use std::path::Path;

fn open(db: &Path) -> Session {
    Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 80, 24)
}

fn wait(s: &Session, text: &str) {
    if let Err(e) = s.wait_for(text, TIMEOUT) {
        panic!("{e}\nscreen:\n{}", s.screen());
    }
}

fn quit(mut s: Session) {
    s.send("q");
    let status = s
        .wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("casework did not exit; screen:\n{}", s.screen()));
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_check_in_marked_held_is_kept_and_a_tick_before_intake_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("own.db");

    let s = open(&db);
    wait(&s, "Welcome to casework");
    s.send("a");
    wait(&s, "New client");
    s.send("Robin Heldcase");
    s.send("\x13"); // Ctrl-S; intake is today
    wait(&s, "Added Robin Heldcase");
    s.send("\t"); // Stages
    wait(&s, "1. Assessment  0 of 9 done");

    // A tick dated before intake: refused on the field, typing kept.
    s.send("d");
    wait(&s, "Done on:");
    s.send("\x05\x15"); // End, Ctrl-U: clear the field
    s.send("yesterday");
    s.send("\x13");
    wait(&s, "before the intake date");
    wait(&s, "yesterday");
    s.send("\x05\x15");
    s.send("today");
    s.send("\x13");
    wait(&s, "1. Assessment  1 of 9 done");

    // On to Termination (each move asks, items being open).
    for next in [
        "2. Goal setting",
        "3. Planning",
        "4. Implementation",
        "5. Evaluation",
    ] {
        s.send(">");
        wait(&s, "Move on to");
        s.send("y");
        wait(&s, next);
    }
    s.send(">");
    wait(&s, "Move on to Termination");
    s.send("y");
    wait(&s, "Entering Termination");
    s.send("Back at work");
    s.send("\t");
    s.send("Sister nearby");
    s.send("\x13");
    wait(&s, "6. Termination");
    wait(&s, "Check-ins:");

    s.send("h");
    // Several are scheduled: a list asks which, the next selected.
    wait(&s, "Which check-in held?");
    s.send("\r");
    wait(&s, "Check-in held:");
    s.send("\t");
    s.send("phoned early; all well");
    s.send("\x13");
    wait(&s, "Check-in marked held on");
    wait(&s, "Check-ins: ✓");
    quit(s);

    let s = open(&db);
    wait(&s, "Robin Heldc"); // cut to the column at 80 wide
    s.send("\t");
    wait(&s, "Check-ins: ✓");
    s.send("\r");
    wait(&s, "Stage history: Robin Heldcase");
    wait(&s, "phoned early; all well");
    s.send("\x1b");
    s.wait_gone("Stage history:", TIMEOUT).expect("closes");
    quit(s);
}
