//! End-to-end: adding a client through the form in the real binary, and
//! finding them again after a restart.

use crate::harness::{Session, TIMEOUT};

const CTRL_S: &str = "\x13";
const TAB: &str = "\t";

fn quit(mut s: Session) {
    s.send("q");
    let status = s
        .wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("casework did not exit; screen:\n{}", s.screen()));
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_client_added_in_the_form_is_there_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("casework.db");
    let db = db.to_str().expect("utf-8 path");

    let s = Session::spawn(&["--db", db], &[], 100, 30);
    s.wait_for("Welcome to casework", TIMEOUT).unwrap();
    s.send("a");
    s.wait_for("New client", TIMEOUT).unwrap();
    s.send("Ada Okafor");
    // Preferred name, pronouns, date of birth, contact, referred by, intake,
    // then next contact.
    s.send(TAB);
    s.send(TAB);
    s.send("she/her");
    for _ in 0..5 {
        s.send(TAB);
    }
    s.send("+1w");
    s.send(CTRL_S);
    s.wait_gone("New client", TIMEOUT).unwrap();
    s.wait_for("Ada Okafor", TIMEOUT).unwrap();
    s.wait_for("1/25 ok", TIMEOUT).unwrap();
    quit(s);

    let s = Session::spawn(&["--db", db], &[], 100, 30);
    s.wait_for("Ada Okafor", TIMEOUT).unwrap();
    // Privacy mode: the name becomes initials, on the list and everywhere.
    s.send("P");
    s.wait_gone("Ada Okafor", TIMEOUT).unwrap();
    s.wait_for("A.O.", TIMEOUT).unwrap();
    // The edit form keeps what was saved.
    s.send("P");
    s.send("e");
    s.wait_for("Edit client", TIMEOUT).unwrap();
    s.wait_for("she/her", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("Edit client", TIMEOUT).unwrap();
    quit(s);
}
