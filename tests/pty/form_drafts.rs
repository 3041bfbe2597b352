//! Typing in a form survives a kill and a dropped link: the form reopens on
//! the next start with what was typed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, generate_db};
use std::path::Path;

const NAME: &str = "Wiremu Tanaka-Okafor";

fn open(db: &Path) -> Session {
    let s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s
}

/// Open the new-client form and type a name, waiting until it shows.
fn type_new_client(s: &Session) {
    s.send("a");
    s.wait_for("New client", TIMEOUT).unwrap();
    s.send(NAME);
    s.wait_for(NAME, TIMEOUT).unwrap();
}

fn reopened_with_the_name(db: &Path) {
    let s = open(db);
    s.wait_for("New client", TIMEOUT).unwrap();
    s.wait_for(NAME, TIMEOUT).unwrap();
    s.wait_for("Restored your unsaved form", TIMEOUT).unwrap();
    // Saving it creates the client and the draft goes with the form.
    s.send("\x13");
    s.wait_gone("New client", TIMEOUT).unwrap();
    drop(s);
    let s = open(db);
    let screen = s.screen();
    assert!(!screen.contains("New client"), "{screen}");
    assert!(!screen.contains("Restored your unsaved form"), "{screen}");
    // The client was created once.
    s.send("/Wiremu");
    s.wait_for("Wiremu Tanaka", TIMEOUT).unwrap();
}

#[test]
fn a_killed_form_reopens_with_its_typing() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    type_new_client(&s);
    s.wait_for("draft saved", TIMEOUT).unwrap();
    s.kill(libc::SIGKILL).unwrap();
    s.wait_exit(TIMEOUT).expect("killed");
    reopened_with_the_name(&db);
}

#[test]
fn a_hang_up_right_after_typing_keeps_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    type_new_client(&s);
    assert!(!s.screen().contains("draft saved"), "{}", s.screen());
    s.kill(libc::SIGHUP).unwrap();
    s.wait_exit(TIMEOUT).expect("exited on hang-up");
    reopened_with_the_name(&db);
}
