//! End-to-end: the note search answers in the real binary, where the
//! query runs on a thread of its own once typing pauses. A pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, casework, generate_db};

#[test]
fn a_word_typed_into_the_note_search_finds_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let db_arg = db.to_str().expect("utf-8 path");
    // What the same search finds from the command line: how many match.
    let out = casework(&["--db", db_arg, "search", "benefit"], dir.path());
    assert!(out.status.success(), "{}", crate::harness::stderr(&out));
    let said = crate::harness::stderr(&out);
    let total: String = said.chars().take_while(char::is_ascii_digit).collect();
    assert!(!total.is_empty() && total != "0", "{said}");

    let mut s = Session::spawn(&["--db", db_arg], &[], 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("\t\t\t/");
    s.wait_for("Search notes", TIMEOUT).unwrap();
    // Typed at once, as a fast typist or a slow link delivers it.
    s.send("benefit");
    s.wait_for(&format!("1 of {total}"), TIMEOUT).unwrap();
    let screen = s.screen();
    assert!(!screen.contains("searching…"), "{screen}");
    assert!(screen.contains("benefit"), "{screen}");
    // A word no note has: said so, once the answer is in.
    s.send(" zqxv");
    s.wait_for("No notes match", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("Search notes", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}
