//! A PHQ-9 given in the real binary at 80x24, keys as a worker types them:
//! thirteen keys from the caseload to a saved score, item 9 said plainly
//! with the offer of crisis and the safety plan; after a restart the score
//! and the crisis flag are there.
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

fn gone(s: &Session, text: &str) {
    if let Err(e) = s.wait_gone(text, TIMEOUT) {
        panic!("{e}\nscreen:\n{}", s.screen());
    }
}

/// A new file, a client added through the form, and a PHQ-9 started for
/// them from their Measures view: on item 1.
fn first_phq9(db: &Path, name: &str) -> Session {
    let s = open(db);
    wait(&s, "Welcome to casework");
    s.send("a");
    wait(&s, "New client");
    s.send(name);
    s.send("\x13"); // Ctrl-S; intake is today
    wait(&s, &format!("Added {name}"));
    s.send("M");
    wait(&s, "No PHQ-9 score yet");
    s.send("a");
    wait(&s, "item 1 of 10");
    s
}

#[test]
fn a_phq9_with_item_9_is_saved_flagged_and_offers_crisis_and_the_safety_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("own.db");

    let s = first_phq9(&db, "Robin Measured");
    // Nine answers, sent together as a fast typist's keys arrive.
    s.send("110101002");
    wait(&s, "item 10 of 10");
    wait(&s, "Running total 6 of 27");
    s.send("\r"); // the optional tenth question: skipped
    wait(&s, "Total 6 of 27: mild");
    wait(&s, "! item 9: thoughts of death or self-harm");
    s.send("\r"); // save
    wait(&s, "Safety: PHQ-9 item 9");
    wait(&s, "“More than half the days” (2 of 3).");
    s.send("y");
    wait(&s, "IN CRISIS: work through this plan together.");
    s.send("\x1b");
    gone(&s, "IN CRISIS: work through");
    wait(&s, "6 mild  ! item 9");
    s.send("\x1b");
    // Only once the Esc is taken: Esc then q at once reads as Alt-q.
    gone(&s, "Measures · Robin");
    s.send("q");
    let mut s = s;
    let status = s.wait_exit(TIMEOUT).expect("exit");
    assert!(status.success());

    // Saved for good: the score with its flag, and the crisis flag.
    let s = open(&db);
    wait(&s, "Robin Measured");
    s.send("M");
    wait(&s, "6 mild  ! item 9");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let (items, crisis): (String, bool) = conn
        .query_row(
            "SELECT m.items, c.crisis FROM measures m JOIN clients c ON c.id = m.client_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("one score");
    assert_eq!(items, "[1,1,0,1,0,1,0,0,2,null]");
    assert!(crisis);
}

/// Answers given and the process killed: the next start is back on the
/// item it was at, and finishing saves the score once, draft gone.
#[test]
fn a_phq9_killed_half_given_comes_back_on_the_item_it_was_at() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("own.db");

    let s = first_phq9(&db, "Kim Killed");
    s.send("2130");
    wait(&s, "item 5 of 10");
    wait(&s, "draft saved");
    let mut s = s;
    s.kill(libc::SIGKILL).expect("kill");
    s.wait_exit(TIMEOUT).expect("killed");

    let s = open(&db);
    wait(&s, "item 5 of 10");
    wait(&s, "Running total 6 of 27");
    wait(&s, "Restored your unsaved form “PHQ-9 answers”");
    s.send("00000");
    wait(&s, "item 10 of 10");
    s.send("\r");
    wait(&s, "Total 6 of 27: mild");
    s.send("\r");
    wait(&s, "PHQ-9 saved: 6 mild");
    s.send("\x1b");
    gone(&s, "Measures · Kim");
    s.send("q");
    let mut s = s;
    assert!(s.wait_exit(TIMEOUT).expect("exit").success());

    let conn = rusqlite::Connection::open(&db).expect("open");
    let (scores, drafts): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM measures), (SELECT count(*) FROM form_drafts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    assert_eq!((scores, drafts), (1, 0));
}
