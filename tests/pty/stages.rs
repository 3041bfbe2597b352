//! End-to-end: tick a checklist item and advance a stage in the real
//! binary, quit, start it again on the same file, and find both kept.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT};
use std::path::Path;

fn open(db: &Path) -> Session {
    Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30)
}

fn quit(mut s: Session) {
    s.send("q");
    let status = s
        .wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("casework did not exit; screen:\n{}", s.screen()));
    assert!(status.success(), "exit status {status:?}");
}

fn wait(s: &Session, text: &str) {
    if let Err(e) = s.wait_for(text, TIMEOUT) {
        panic!("{e}\nscreen:\n{}", s.screen());
    }
}

#[test]
fn a_tick_and_a_stage_change_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("own.db");

    let s = open(&db);
    wait(&s, "Welcome to casework");
    s.send("a");
    wait(&s, "New client");
    s.send("Robin Testcase");
    s.send("\x13"); // Ctrl-S
    wait(&s, "Added Robin Testcase");
    s.send("\t"); // to the Stages pane
    wait(&s, "1. Assessment  0 of 9 done");
    s.send(" ");
    wait(&s, "1. Assessment  1 of 9 done");
    s.send(">");
    wait(&s, "8 of 9 Assessment items still open");
    s.send("y");
    wait(&s, "2. Goal setting  0 of 5 done");
    s.send(" ");
    wait(&s, "2. Goal setting  1 of 5 done");
    quit(s);

    let s = open(&db);
    wait(&s, "Robin Testcase");
    s.send("\t");
    wait(&s, "2. Goal setting  1 of 5 done");
    wait(&s, "[x] Goals agreed together with the client");
    // The history shows the Assessment visit closed and Goal setting open.
    s.send("\r");
    wait(&s, "Stage history: Robin Testcase");
    wait(&s, "1. Assessment");
    s.send("\x1b");
    s.wait_gone("Stage history:", TIMEOUT)
        .expect("history closes");
    // Back to Assessment: the earlier tick is still there.
    s.send("<");
    wait(&s, "Back from Goal setting to Assessment");
    s.send("checking the history item again");
    s.send("\x13");
    wait(&s, "1. Assessment  1 of 9 done");
    wait(&s, "[x] Background and history gathered");
    quit(s);
}
