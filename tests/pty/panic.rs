//! A panic (a bug) must still give the terminal back and keep the typing.
//! Debug builds panic on request (CASEWORK_TEST_PANIC_AFTER_KEYS).

use crate::harness::{LEAVE_ALTERNATE_SCREEN, Session, TIMEOUT, generate_db};

const TYPED: &str = "Words typed just before a crash";

#[test]
fn a_panic_restores_the_terminal_and_the_note_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let db = db.to_str().expect("utf-8 path");
    // `n`, every character typed, then one more key that panics.
    let keys = (1 + TYPED.chars().count() + 1).to_string();
    let mut s = Session::spawn(
        &["--db", db],
        &[("CASEWORK_TEST_PANIC_AFTER_KEYS", &keys)],
        100,
        30,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    s.send(TYPED);
    s.wait_for(TYPED, TIMEOUT).unwrap();
    s.send("!");
    let status = s
        .wait_exit(TIMEOUT)
        .unwrap_or_else(|| panic!("did not exit:\n{}", s.screen()));
    assert!(!status.success(), "a panic is not a clean exit: {status:?}");
    assert!(
        !s.alternate_screen(),
        "terminal not restored:\n{}",
        s.screen()
    );
    assert!(s.output_contains(LEAVE_ALTERNATE_SCREEN));
    s.wait_for("test panic requested", TIMEOUT).unwrap();

    let s = Session::spawn(&["--db", db], &[], 100, 30);
    s.wait_for("Restored your unsaved draft", TIMEOUT).unwrap();
    s.wait_for(TYPED, TIMEOUT).unwrap();
}
