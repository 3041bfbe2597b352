//! End-to-end: Enter in Notes opens the note reader in the real binary, and
//! paging to the end shows the last line of a long signed note and its
//! addendum.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, generate_db};

const PGDN: &str = "\x1b[6~";

/// "lines a–b of n" in the reader's footer, as (a, b, n). Only the footer
/// row counts: the terminal draws top to bottom, so once it shows a new
/// position every row of text above it is of the same frame (the Notes
/// preview's own position, lower on the screen, is ignored).
fn position(screen: &str) -> Option<(usize, usize, usize)> {
    let row = screen.lines().find(|r| r.contains("top/end"))?;
    let at = row.find("lines ")? + "lines ".len();
    let rest = &row[at..];
    let (a, rest) = rest.split_once('–')?;
    let (b, rest) = rest.split_once(" of ")?;
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((a.parse().ok()?, b.parse().ok()?, n.parse().ok()?))
}

#[test]
fn enter_reads_a_signed_note_to_its_last_line_and_addendum_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 80, 24);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    // To Notes, a new 60-line note, saved and signed, with an addendum.
    s.send("\t\t\t");
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    let body: String = (1..=60).map(|i| format!("line {i:02}\r")).collect();
    s.send(&body);
    s.wait_for("line 60", TIMEOUT).unwrap();
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("s");
    s.wait_for("Sign this note?", TIMEOUT).unwrap();
    s.send("y");
    s.wait_gone("Sign this note?", TIMEOUT).unwrap();
    s.send("A");
    s.wait_for("ddendum", TIMEOUT).unwrap();
    s.send("Correction added later.");
    s.wait_for("Correction added later.", TIMEOUT).unwrap();
    s.send("\x13");
    s.wait_for("Once added", TIMEOUT).unwrap();
    s.send("y");
    s.wait_gone("Once added", TIMEOUT).unwrap();

    // Enter: the reader, from the top.
    s.send("\r");
    s.wait_for("Note: ", TIMEOUT).unwrap();
    s.wait_until("the reader at its top", TIMEOUT, |sc| {
        position(sc).is_some_and(|(a, _, _)| a == 1)
    })
    .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut last = position(&s.screen()).expect("a position");
    for _ in 0..20 {
        for row in s.screen().lines() {
            if let Some(at) = row.find("line ") {
                if let Some(Ok(i)) = row.get(at + 5..at + 7).map(str::parse::<u32>) {
                    seen.insert(i);
                }
            }
        }
        if last.1 == last.2 {
            break;
        }
        s.send(PGDN);
        let before = last;
        s.wait_until("the next page", TIMEOUT, |sc| {
            position(sc).is_some_and(|p| p != before)
        })
        .unwrap();
        last = position(&s.screen()).expect("a position");
        assert_eq!(last.0, before.1.min(last.0), "a page skipped lines");
    }
    let end = s.screen();
    assert_eq!(last.1, last.2, "paged to the end:\n{end}");
    assert!(end.contains("line 60"), "{end}");
    assert!(end.contains("Addendum, written"), "{end}");
    assert!(end.contains("Correction added later."), "{end}");
    let missing: Vec<u32> = (1..=60).filter(|i| !seen.contains(i)).collect();
    assert!(missing.is_empty(), "never on screen: {missing:?}");

    // Esc closes the reader; q then quits.
    s.send("\x1b");
    s.wait_gone("Note: ", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}
