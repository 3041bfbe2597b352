//! Nothing typed is lost, however it arrives: a burst of unbracketed input
//! (a paste in a terminal without bracketed paste, tmux `paste-buffer`, a
//! slow link catching up) written to the terminal in one go reaches the
//! note whole, and the keys after it still work.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, generate_db};
use std::path::Path;
use std::time::{Duration, Instant};

/// Typed after the burst, then Ctrl-S: proof the keys after it were read.
const AFTER: &str = "Typed after the burst QZJX";

/// `size` bytes of plain text: words of letters, spaces, and line breaks
/// as a terminal sends them (CR), no control characters otherwise. The
/// same every run.
fn plain_text(size: usize) -> String {
    const WORDS: &[&str] = &[
        "client", "said", "the", "week", "was", "hard", "slept", "badly", "housing", "letter",
        "arrived", "school", "meeting", "on", "Tuesday", "mother", "called", "twice", "about",
        "benefits", "agreed", "plan", "review", "next", "month", "calm", "and", "engaged",
    ];
    let mut seed: u32 = 12345;
    let mut text = String::with_capacity(size + 16);
    let mut line = 0;
    while text.len() < size {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let word = WORDS[(seed >> 16) as usize % WORDS.len()];
        text.push_str(word);
        line += word.len() + 1;
        // Lines of about 40 to 100 characters.
        if line > 40 + (seed >> 8) as usize % 60 {
            text.push('\r');
            line = 0;
        } else {
            text.push(' ');
        }
    }
    text.truncate(size);
    text
}

/// The body of the newest row of `table` (`notes` or `drafts`).
fn newest(db: &Path, table: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        &format!("SELECT body FROM {table} ORDER BY id DESC LIMIT 1"),
        [],
        |r| r.get(0),
    )
    .ok()
}

/// Where two texts first differ, for a failure message that does not print
/// a megabyte.
fn first_difference(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

fn burst_arrives_whole(size: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let notes_before = newest(&db, "notes");
    let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();

    let burst = plain_text(size);
    let started = Instant::now();
    // The burst in one write, then more keys and Ctrl-S.
    let chunks = [burst.as_str(), &format!("\r{AFTER}"), "\x13"];
    s.send_chunks_in_background(chunks.iter().map(|c| c.as_bytes().to_vec()).collect());
    // Only a limit for a stuck test, scaled for a debug build's big bursts.
    let limit = TIMEOUT + Duration::from_secs(size as u64 / 10_000);
    let saved = s.wait_for("Note saved", limit);
    let took = started.elapsed();
    if let Err(screen) = saved {
        // Stalled: say how much arrived. A hang-up writes the draft (once
        // the keys queued before it are done).
        s.kill(libc::SIGHUP).unwrap();
        let status = s.wait_exit(limit);
        let draft = newest(&db, "drafts").unwrap_or_default();
        let arrived = draft.find(&burst[..40]).map_or(0, |at| {
            first_difference(&draft[at..], &burst.replace('\r', "\n"))
        });
        panic!(
            "a {size}-byte burst: the save after it never happened; \
             {arrived} bytes of it reached the editor (draft of {} bytes, exit {status:?})\n{screen}",
            draft.len()
        );
    }
    eprintln!("a {size}-byte burst was read and saved in {took:?}");
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("quits");
    assert!(status.success(), "{status:?}");

    let body = newest(&db, "notes").expect("a note");
    assert_ne!(Some(&body), notes_before.as_ref(), "no new note was saved");
    let expected = format!("{}\n{AFTER}", burst.replace('\r', "\n"));
    let Some(at) = body.find(&expected[..40]) else {
        panic!(
            "the burst's start is not in the note: {:?}",
            &body[..200.min(body.len())]
        );
    };
    let same = first_difference(&body[at..], &expected);
    assert!(
        same == expected.len(),
        "a {size}-byte burst: the saved note matches it for {same} of {} bytes, then has {:?} \
         where the burst has {:?}",
        expected.len(),
        &body[at + same..(at + same + 40).min(body.len())],
        &expected[same..(same + 40).min(expected.len())],
    );
}

#[test]
fn a_4_kb_burst_arrives_whole() {
    burst_arrives_whole(4 * 1024);
}

#[test]
fn a_64_kb_burst_arrives_whole() {
    burst_arrives_whole(64 * 1024);
}

#[test]
fn a_1_mb_burst_arrives_whole() {
    burst_arrives_whole(1024 * 1024);
}
