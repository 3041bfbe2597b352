//! The idle lock in the real binary: the event loop's own deadline locks
//! the screen, the terminal shows nothing of any client, and a key (or the
//! PIN set with `casework lock-pin`) brings the screen back.
//!
//! The lock comes after `CASEWORK_TEST_LOCK_AFTER_MS` instead of the
//! configured minutes: a debug-only override, like the panic switch, so
//! the test need not wait a minute and no release build can be told by its
//! environment to lock later (or never). Release builds have no override,
//! so these tests run only against a debug binary.
#![cfg(debug_assertions)]

use crate::harness::{LEAVE_ALTERNATE_SCREEN, Session, TIMEOUT, generate_db};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const LOCKED: &str = "casework is locked";
const LOCK_AFTER: (&str, &str) = ("CASEWORK_TEST_LOCK_AFTER_MS", "2500");

/// Every client's name and each longer word of it, read from the file.
fn client_words(db: &Path) -> Vec<String> {
    let (store, _) = casework::store::Store::open(db).unwrap();
    let mut words = Vec::new();
    for c in store.caseload().unwrap() {
        words.extend(
            c.name
                .split_whitespace()
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string),
        );
        words.push(c.name);
    }
    words
}

fn assert_nothing_of_a_client(s: &Session, db: &Path, extra: &[&str]) {
    let screen = s.screen();
    for w in client_words(db)
        .iter()
        .map(String::as_str)
        .chain(extra.iter().copied())
    {
        assert!(!screen.contains(w), "{w:?} shows while locked:\n{screen}");
    }
    assert!(
        !screen.chars().any(|c| c.is_ascii_digit()),
        "a number shows while locked:\n{screen}"
    );
}

/// The sessions' size.
const COLS: u16 = 100;
const ROWS: u16 = 30;

/// Wait until the lock screen is drawn whole: its title, and the last row
/// blank (a frame is written top to bottom, and the open screen's last row
/// never is blank), so the checks that follow see the finished frame.
fn wait_locked(s: &Session) {
    s.wait_until("the whole lock screen", TIMEOUT, |screen| {
        let last = screen.lines().nth(usize::from(ROWS) - 1);
        screen.contains(LOCKED) && last.is_none_or(|l| l.trim().is_empty())
    })
    .unwrap();
}

/// No window title was ever set (OSC 0, 1 or 2): nothing can linger there.
fn assert_no_title(s: &Session) {
    for osc in [&b"\x1b]0;"[..], b"\x1b]1;", b"\x1b]2;"] {
        assert!(!s.output_contains(osc), "a terminal title was set");
    }
}

#[test]
fn the_loop_locks_at_its_deadline_shows_no_client_and_a_key_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let s = Session::spawn(&["--db", db.to_str().unwrap()], &[LOCK_AFTER], COLS, ROWS);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    let words = client_words(&db);
    assert!(
        words.iter().any(|w| s.screen().contains(w.as_str())),
        "names are on the open screen, so the check below means something"
    );
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    s.send("Seen at the drop-in");
    s.wait_for("Seen at the drop-in", TIMEOUT).unwrap();

    // No key: the loop's own deadline locks the screen.
    wait_locked(&s);
    assert_nothing_of_a_client(&s, &db, &["Seen at the", "New note"]);
    assert_no_title(&s);
    // The typing is in the database while the lock shows.
    let (store, _) = casework::store::Store::open(&db).unwrap();
    let today = chrono::Local::now().date_naive();
    let drafts = store.drafts(today).unwrap();
    assert!(
        drafts
            .iter()
            .any(|d| d.body.contains("Seen at the drop-in")),
        "{drafts:?}"
    );

    // Any key unlocks, and is not typed.
    s.send("x");
    s.wait_until("the note back", TIMEOUT, |screen| {
        !screen.contains(LOCKED) && screen.contains("Seen at the drop-in")
    })
    .unwrap();
    assert!(!s.screen().contains("drop-inx"), "{}", s.screen());
    // And locks again after the next quiet spell.
    wait_locked(&s);
    assert_nothing_of_a_client(&s, &db, &["Seen at the"]);
}

/// Run `casework lock-pin` in a terminal, typing `first` then `second`.
fn set_pin(first: &str, second: &str) -> (Session, bool) {
    let mut s = Session::spawn(&["lock-pin"], &[], 80, 24);
    s.wait_for("New lock PIN:", TIMEOUT).unwrap();
    s.send(first);
    s.send("\r");
    s.wait_for("again", TIMEOUT).unwrap();
    s.send(second);
    s.send("\r");
    let status = s.wait_exit(TIMEOUT).expect("lock-pin exits");
    for typed in [first, second] {
        assert!(!s.screen().contains(typed), "echoed:\n{}", s.screen());
    }
    (s, status.success())
}

#[test]
fn a_pin_set_without_echo_is_kept_hashed_and_only_it_opens_the_lock() {
    let (differ, ok) = set_pin("2468", "2469");
    assert!(!ok, "two different PINs are refused");
    differ.wait_for("differ", TIMEOUT).unwrap();
    let (setter, ok) = set_pin("2468", "2468");
    assert!(ok, "{}", setter.screen());
    let config = setter.home().join("config");
    let file = config.join("casework").join("lock-pin");
    let stored = std::fs::read_to_string(&file).unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("2468"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let config = config.to_str().unwrap();
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[LOCK_AFTER, ("XDG_CONFIG_HOME", config)],
        COLS,
        ROWS,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    wait_locked(&s);
    assert!(s.screen().contains("PIN:"), "{}", s.screen());
    assert_nothing_of_a_client(&s, &db, &[]);

    // Neither quit, Ctrl-Z nor Ctrl-C leaves the lock screen for a shell.
    s.send("q\x1a\x03\r");
    s.wait_for("Wrong PIN", TIMEOUT).unwrap();
    s.send("1111\r");
    s.wait_for("Wrong PIN", TIMEOUT).unwrap();
    assert_nothing_of_a_client(&s, &db, &["1111"]);
    s.send("2468");
    s.wait_for("PIN: ••••", TIMEOUT).unwrap();
    assert!(!s.screen().contains("2468"));
    s.send("\r");
    s.wait_gone(LOCKED, TIMEOUT).unwrap();
    s.wait_for("Caseload", TIMEOUT).unwrap();
    assert!(
        !s.output_contains(LEAVE_ALTERNATE_SCREEN),
        "the program never left the screen while locked"
    );
    // Ctrl-O locks again at once; a signal still ends it cleanly.
    s.send("\x0f");
    wait_locked(&s);
    s.kill(libc::SIGTERM).unwrap();
    let status = s.wait_exit(TIMEOUT).expect("exits on SIGTERM");
    assert!(!status.success());
    assert!(!s.alternate_screen());
}
