//! The real binary on a caseload longer than its first screen's rows: the
//! first frame comes from the top of the caseload, the rest is read on a
//! thread, and whether a key comes before or after that answer, it meets
//! the whole caseload.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::frames::caseload_of;
use crate::harness::{Session, TIMEOUT};

/// Rows the list shows plus those it says are above: every client it has.
fn clients_in_list(screen: &str) -> Option<usize> {
    let above: usize = screen.split("↑ ").nth(1)?.split(' ').next()?.parse().ok()?;
    let rows = screen
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('┃'))
        .count();
    Some(above + rows)
}

/// `G` at once (it may come before the rest is read, then it reads it
/// itself) and again after a pause (the answer from the thread is in):
/// both times the end of the list is the end of the whole caseload, 400
/// clients, not of the 300 the first screen was read from.
#[test]
fn the_end_of_the_list_is_the_end_of_the_whole_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let db = caseload_of(dir.path(), 400);
    for pause in [false, true] {
        let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
        s.wait_for("Caseload 400/", TIMEOUT).unwrap();
        if pause {
            // No key for a moment: the thread's answer is taken in alone.
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
        s.send("G");
        s.wait_until("the list's end", TIMEOUT, |screen| {
            clients_in_list(screen).is_some()
        })
        .unwrap();
        assert_eq!(clients_in_list(&s.screen()), Some(400), "{}", s.screen());
        s.send("q");
        assert!(s.wait_exit(TIMEOUT).expect("quits").success());
    }
}
