//! End-to-end: add a goal and record progress on it in the real binary,
//! and watch its bar and percent move on screen.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, generate_db};

const WORDS: &str = "Walk to the shops on my own";

/// The goal's bar row: the screen row after its words.
fn bar_row(s: &Session) -> String {
    let screen = s.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains(WORDS))
        .unwrap_or_else(|| panic!("goal not on screen:\n{screen}"));
    rows.get(at + 1).map(|r| r.to_string()).unwrap_or_default()
}

fn wait_for_bar(s: &Session, percent: &str) -> String {
    let want = format!("{percent}%");
    s.wait_until(&format!("the bar to show {want}"), TIMEOUT, |screen| {
        let rows: Vec<&str> = screen.lines().collect();
        rows.iter()
            .position(|r| r.contains(WORDS))
            .and_then(|i| rows.get(i + 1))
            .is_some_and(|r| r.contains(&want))
    })
    .unwrap();
    bar_row(s)
}

/// The filled cells of the text bar on a row: `[####-------]` -> 4.
fn filled(row: &str) -> usize {
    let start = row.find('[').expect("a bar");
    row[start + 1..].chars().take_while(|c| *c == '#').count()
}

#[test]
fn recording_progress_moves_the_bar() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    s.wait_for("Goals", TIMEOUT).unwrap();
    s.send("\t\t");
    s.wait_for("Enter open", TIMEOUT).unwrap();

    // A new goal from 0 to 10, in the client's words.
    s.send("a");
    s.wait_for("New goal", TIMEOUT).unwrap();
    s.send(WORDS);
    // Past the likely lowest and highest (left empty) to the due date.
    s.send("\t\t\t\t0\t10\t\t\t+6w");
    s.send("\x13");
    s.wait_for("Goal added.", TIMEOUT).unwrap();
    let start = wait_for_bar(&s, "  0");
    assert_eq!(filled(&start), 0, "{start}");

    // Progress of 4 moves the bar to 40%.
    s.send("p");
    s.wait_for("Progress: “Walk", TIMEOUT).unwrap();
    s.send("4");
    s.send("\x13");
    s.wait_for("Progress recorded.", TIMEOUT).unwrap();
    let mid = wait_for_bar(&s, " 40");
    assert!(filled(&mid) > 0, "{mid}");
    assert!(mid.contains("4 → 10"), "latest value and target: {mid}");

    // Reaching the target fills it.
    s.send("p");
    s.wait_for("latest 4", TIMEOUT).unwrap();
    s.send("10\t\t ");
    s.send("\x13");
    let end = wait_for_bar(&s, "100");
    assert!(filled(&end) > filled(&mid), "{mid}\n{end}");
    assert!(!end.contains('-'), "a full bar has no empty cells: {end}");

    // Everything was saved: it survives a restart.
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("exit");
    assert!(status.success(), "{status:?}");
    let mut again = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    again.wait_for("Goals", TIMEOUT).unwrap();
    again.send("\t\t");
    again.wait_for("Enter open", TIMEOUT).unwrap();
    again.send("G");
    wait_for_bar(&again, "100");
    again.send("q");
    again.wait_exit(TIMEOUT).expect("exit");
}

const WRONG: &str = "Sleep in my own bed";

/// A wrong value typed, corrected in the goal's detail, and still
/// corrected after the program is started again: the bar and the chart
/// follow the corrected value.
#[test]
fn a_wrong_progress_value_corrected_stays_corrected_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    s.wait_for("Goals", TIMEOUT).unwrap();
    s.send("\t\t");
    s.wait_for("Enter open", TIMEOUT).unwrap();
    s.send("a");
    s.wait_for("New goal", TIMEOUT).unwrap();
    s.send(WRONG);
    s.send("\t\t\t\t0\t10\t\t\t+6w");
    s.send("\x13");
    s.wait_for("Goal added.", TIMEOUT).unwrap();
    s.send("p");
    s.wait_for("Progress: “Sleep", TIMEOUT).unwrap();
    s.send("30");
    s.send("\x13");
    s.wait_for("Progress recorded.", TIMEOUT).unwrap();
    // The goal's detail: the chart's scale runs up to the wrong 30.
    s.send("\r");
    s.wait_for("Progress over time", TIMEOUT).unwrap();
    s.wait_for("30 ┤", TIMEOUT).unwrap();
    // The newest record is the line after the goal's own; e corrects it.
    s.send("j");
    s.send("e");
    s.wait_for("Correct progress", TIMEOUT).unwrap();
    s.send("\x15");
    s.send("3");
    s.send("\x13");
    s.wait_for("Progress corrected.", TIMEOUT).unwrap();
    s.wait_gone("30 ┤", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("Progress over time", TIMEOUT).unwrap();
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("exit");
    assert!(status.success(), "{status:?}");

    let mut again = Session::spawn(&["--db", db.to_str().unwrap()], &[], 100, 30);
    again.wait_for("Goals", TIMEOUT).unwrap();
    again.send("\t\t");
    again.wait_for("Enter open", TIMEOUT).unwrap();
    again.send("G");
    again
        .wait_until("the bar to show 30%", TIMEOUT, |screen| {
            let rows: Vec<&str> = screen.lines().collect();
            rows.iter()
                .position(|r| r.contains(WRONG))
                .and_then(|i| rows.get(i + 1))
                .is_some_and(|r| r.contains(" 30%") && r.contains("3 → 10"))
        })
        .unwrap();
    again.send("\r");
    again.wait_for("Progress over time", TIMEOUT).unwrap();
    again.wait_for("10 target", TIMEOUT).unwrap();
    let chart = again.screen();
    assert!(!chart.contains("30 ┤"), "{chart}");
    again.send("\x1b");
    again.wait_gone("Progress over time", TIMEOUT).unwrap();
    again.send("q");
    again.wait_exit(TIMEOUT).expect("exit");
}
