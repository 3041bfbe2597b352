//! `casework measure` through the real binary: what it prints, what it
//! refuses (with a non-zero exit and nothing written), and an agency's own
//! measure file (used when valid, refused by file and line when broken).

use crate::harness::{casework, stderr};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn measure_rows(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("SELECT count(*) FROM measures", [], |r| r.get(0))
        .expect("count")
}

fn generated(home: &std::path::Path) -> std::path::PathBuf {
    let db = home.join("m.db");
    let g = casework(
        &[
            "generate",
            "--db",
            db.to_str().expect("utf8"),
            "--clients",
            "3",
            "--notes",
            "3",
        ],
        home,
    );
    assert!(g.status.success(), "{}", stderr(&g));
    db
}

#[test]
fn measure_prints_total_band_and_the_item_9_flag() {
    let home = tempfile::tempdir().expect("tmp");
    let db = generated(home.path());
    let db_s = db.to_str().expect("utf8");
    let o = casework(
        &[
            "measure",
            "--db",
            db_s,
            "--client",
            "2",
            "phq9",
            "2,2,2,2,2,2,1,1,1,3",
        ],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(": 15 of 27, moderately severe (at or above the cutoff of 10)"),
        "{out}"
    );
    assert!(out.contains("FLAG: item 9"), "{out}");
    let o = casework(
        &[
            "measure",
            "--db",
            db_s,
            "--client",
            "2",
            "GAD-7",
            "0,1,0,1,0,1,0",
            "--date",
            "2026-11-30",
        ],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out, "GAD-7 for client 2 on 2026-11-30: 3 of 21, minimal\n");
    assert_eq!(measure_rows(&db), 2);
}

#[test]
fn wrong_count_bad_score_or_unknown_measure_exit_non_zero_and_write_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let db = generated(home.path());
    let db_s = db.to_str().expect("utf8");
    for (instrument, items, says) in [
        (
            "phq9",
            "1,1,1",
            "PHQ-9 has 9 (or 10 with the optional question) items; 3 given",
        ),
        (
            "gad7",
            "1,1,1,1,1,1,4",
            "GAD-7 item 7: 4 is not an answer (0 to 3)",
        ),
        ("gad7", "1,1,one,1,1,1,1", "item 3: \"one\" is not a score"),
        ("ors", "5,5,5,5", "no measure called \"ors\""),
    ] {
        let o = casework(
            &["measure", "--db", db_s, "--client", "1", instrument, items],
            home.path(),
        );
        assert!(!o.status.success(), "{instrument} {items}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }
    assert_eq!(measure_rows(&db), 0);
    // A bad list never creates a database either.
    let none = home.path().join("none.db");
    let o = casework(
        &[
            "measure",
            "--db",
            none.to_str().expect("utf8"),
            "--client",
            "1",
            "gad7",
            "1",
        ],
        home.path(),
    );
    assert!(!o.status.success());
    assert!(!none.exists());
}

#[test]
fn an_agency_measure_file_is_used_and_a_broken_one_stops_the_program_with_its_line() {
    let home = tempfile::tempdir().expect("tmp");
    let db = generated(home.path());
    let db_s = db.to_str().expect("utf8");
    let dir = home.path().join("config/casework/measures");
    std::fs::create_dir_all(&dir).expect("dir");
    let own = "key = \"sleep3\"\nname = \"Sleep 3\"\noptions = [\n  { score = 0, label = \"no\" },\n  { score = 1, label = \"yes\" },\n]\n\n[[items]]\ntext = \"Falls asleep\"\n\n[[items]]\ntext = \"Stays asleep\"\n\n[[bands]]\nfrom = 0\nto = 1\nlabel = \"poor\"\n\n[[bands]]\nfrom = 2\nto = 2\nlabel = \"good\"\n";
    std::fs::write(dir.join("sleep.toml"), own).expect("write");
    let o = casework(
        &["measure", "--db", db_s, "--client", "1", "sleep3", "1,1"],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Sleep 3 for client 1"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("2 of 2, good"), "{}", stdout(&o));

    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "key = \"b\"\nname = \"B\"\nitems = 3\n").expect("write");
    let o = casework(
        &[
            "measure",
            "--db",
            db_s,
            "--client",
            "1",
            "gad7",
            "0,0,0,0,0,0,0",
        ],
        home.path(),
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!("{}:3:", broken.display())),
        "{}",
        stderr(&o)
    );
    assert_eq!(measure_rows(&db), 1);
}
