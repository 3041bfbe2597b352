//! The real binary from the command line: flags, generate, export, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{casework, stderr};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

#[test]
fn version_and_help() {
    let home = tempfile::tempdir().expect("tmp");
    let v = casework(&["--version"], home.path());
    assert!(v.status.success());
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("casework {}", env!("CARGO_PKG_VERSION"))
    );
    let h = casework(&["--help"], home.path());
    let text = String::from_utf8_lossy(&h.stdout);
    for word in ["--demo", "--db", "generate", "export", "CASEWORK_DB"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
}

#[test]
fn generate_then_export_json_to_a_private_file() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("demo.db");
    let db_s = db.to_str().expect("utf8 path");
    let g = casework(
        &[
            "generate",
            "--db",
            db_s,
            "--clients",
            "15",
            "--notes",
            "90",
            "--today",
            "2026-11-23",
        ],
        home.path(),
    );
    assert!(g.status.success(), "{}", stderr(&g));

    let out = home.path().join("export.json");
    let e = casework(
        &[
            "export",
            "--db",
            db_s,
            "--format",
            "json",
            "-o",
            out.to_str().expect("utf8"),
        ],
        home.path(),
    );
    assert!(e.status.success(), "{}", stderr(&e));
    assert_eq!(
        fs::metadata(&out)
            .expect("export file")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );

    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(&out).expect("read")).expect("valid JSON");
    let clients = doc["clients"].as_array().expect("clients list");
    assert_eq!(clients.len(), 15);
    let notes: usize = clients
        .iter()
        .map(|c| c["notes"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(notes, 90);
    for c in clients {
        assert!(
            c["id"].is_i64() && c["name"].is_string() && c["stage"].is_string(),
            "{c}"
        );
        assert!(
            c["checklist"].is_array() && c["stage_history"].is_array() && c["goals"].is_array()
        );
    }
    let with_goal = clients
        .iter()
        .find(|c| c["goals"].as_array().is_some_and(|g| !g.is_empty()))
        .expect("some client has goals");
    let goal = &with_goal["goals"][0];
    for key in [
        "client_words",
        "smart",
        "measure",
        "baseline",
        "target",
        "current",
        "due",
        "status",
        "progress",
        "steps",
    ] {
        assert!(goal.get(key).is_some(), "goal lacks {key}: {goal}");
    }

    // Same to stdout, identical content, but for one more audit row: the
    // file written above (a file outside the database is audited).
    let again = casework(&["export", "--db", db_s], home.path());
    let mut later: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    let mut rows = later["audit"]["rows"].as_array().cloned().expect("rows");
    let added = rows.pop().expect("the export row");
    assert_eq!(
        (added["action"].as_str(), added["entity"].as_str()),
        (Some("export"), Some("file"))
    );
    later["audit"]["rows"] = serde_json::Value::Array(rows);
    later["audit"]["head"] = doc["audit"]["head"].clone();
    assert_eq!(later, doc);
}

#[test]
fn generate_never_writes_into_a_database_that_has_clients() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("x.db");
    let db_s = db.to_str().expect("utf8");
    assert!(
        casework(
            &["generate", "--db", db_s, "--clients", "3", "--notes", "5"],
            home.path()
        )
        .status
        .success()
    );
    let second = casework(
        &["generate", "--db", db_s, "--clients", "3", "--notes", "5"],
        home.path(),
    );
    assert!(!second.status.success());
    assert!(
        stderr(&second).contains("already holds 3 clients"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn a_bad_database_file_gives_one_line_naming_it_and_a_failing_exit() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("notes.txt");
    fs::write(&db, "this is a shopping list, not a database\n").expect("write");
    let before = fs::read(&db).expect("read");
    let o = casework(&["export", "--db", db.to_str().expect("utf8")], home.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&db.display().to_string()) && err.contains("not a casework database"),
        "{err}"
    );
    assert_eq!(fs::read(&db).expect("read"), before);
}

#[test]
fn the_environment_variable_chooses_the_database() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("env.db");
    let db_s = db.to_str().expect("utf8");
    assert!(
        casework(
            &["generate", "--db", db_s, "--clients", "2", "--notes", "2"],
            home.path()
        )
        .status
        .success()
    );
    let o = Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(["export"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("CASEWORK_DB", &db)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["clients"].as_array().map(Vec::len), Some(2));
}

#[test]
fn default_database_lives_in_a_private_data_directory() {
    let home = tempfile::tempdir().expect("tmp");
    // A command that writes: one that only reads never creates the file.
    let roster = home.path().join("roster.csv");
    fs::write(&roster, "name\nAda Brook\n").expect("roster");
    let o = casework(&["import", roster.to_str().expect("utf8")], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = home.path().join("data/casework");
    assert_eq!(
        fs::metadata(&dir).expect("data dir").permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        fs::metadata(dir.join("casework.db"))
            .expect("db")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}

/// Issue 14: importing the same roster twice silently doubled the caseload.
#[test]
fn importing_the_same_roster_twice_skips_every_row_and_update_updates() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("roster.db");
    let db_s = db.to_str().expect("utf8");
    let roster = home.path().join("roster.csv");
    let roster_s = roster.to_str().expect("utf8");
    fs::write(
        &roster,
        "name,date_of_birth,contact\nAda Brook,1990-05-01,07700 900001\nBen Carr,,\nada  brook,1990-05-01,\n",
    )
    .expect("roster");
    let run = |args: &[&str]| {
        let o = casework(args, home.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let count = || {
        let out = run(&["--db", db_s, "export"]);
        let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
        doc["clients"].as_array().expect("clients").clone()
    };

    let first = run(&["--db", db_s, "import", roster_s]);
    assert!(first.contains("2 added, 0 updated, 1 skipped"), "{first}");
    assert!(
        first.contains("line 4: skipped: ada  brook (born 1990-05-01): the same person as line 2"),
        "{first}"
    );
    assert_eq!(count().len(), 2);

    let second = run(&["--db", db_s, "import", roster_s]);
    assert!(second.contains("0 added, 0 updated, 3 skipped"), "{second}");
    for line in ["line 2: skipped", "line 3: skipped", "line 4: skipped"] {
        assert!(second.contains(line), "{line}: {second}");
    }
    assert_eq!(count().len(), 2, "nobody added twice");

    fs::write(
        &roster,
        "name,date_of_birth,contact\nADA BROOK,1990-05-01,07700 900999\nBen Carr,,\n",
    )
    .expect("roster");
    let updated = run(&["--db", db_s, "import", "--update", roster_s]);
    assert!(
        updated.contains("0 added, 1 updated, 1 skipped"),
        "{updated}"
    );
    assert!(updated.contains("line 2: updated"), "{updated}");
    let clients = count();
    assert_eq!(clients.len(), 2);
    let ada = clients
        .iter()
        .find(|c| c["date_of_birth"] == "1990-05-01")
        .expect("Ada");
    assert_eq!(ada["contact"], "07700 900999", "{ada}");
    assert_eq!(ada["name"], "Ada Brook", "the stored spelling stays");
}

/// `casework search` counts every match, not the lines it prints, and
/// `--client` keeps to one client's notes and addenda.
#[test]
fn search_counts_every_match_and_keeps_to_one_client() {
    let home = tempfile::tempdir().expect("home");
    let db = home.path().join("c.db");
    let db_s = db.to_str().expect("utf-8 path");
    let o = casework(
        &[
            "generate",
            "--db",
            db_s,
            "--clients",
            "12",
            "--notes",
            "400",
        ],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // What should match, asked without full-text search.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let like = "SELECT (SELECT count(*) FROM notes n WHERE n.body LIKE '%garden%' AND ?1)
                     + (SELECT count(*) FROM addenda a JOIN notes n ON n.id = a.note_id
                        WHERE a.body LIKE '%garden%' AND ?1)";
    let everyone: i64 = conn.query_row(like, [true], |r| r.get(0)).expect("count");
    assert!(everyone > 20, "{everyone}");
    let (client, name, theirs): (i64, String, i64) = conn
        .query_row(
            "SELECT c.id, c.name, count(*) FROM notes n JOIN clients c ON c.id = n.client_id
             WHERE n.body LIKE '%garden%' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a client");
    let theirs_with_addenda: i64 = conn
        .query_row(
            "SELECT ?2 + (SELECT count(*) FROM addenda a JOIN notes n ON n.id = a.note_id
                          WHERE a.body LIKE '%garden%' AND n.client_id = ?1)",
            [client, theirs],
            |r| r.get(0),
        )
        .expect("addenda");
    drop(conn);

    let o = casework(&["search", "--db", db_s, "garden"], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = String::from_utf8_lossy(&o.stdout).lines().count();
    assert_eq!(printed, 20, "the default limit still limits the lines");
    let want = format!("{everyone} matches, newest 20 shown (");
    assert!(stderr(&o).starts_with(&want), "{want:?}: {}", stderr(&o));

    let id = client.to_string();
    let o = casework(
        &[
            "search", "--db", db_s, "--client", &id, "--limit", "500", "garden",
        ],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(out.lines().count() as i64, theirs_with_addenda, "{out}");
    assert!(out.lines().all(|l| l.contains(&name)), "{out}");
    let want = format!("{theirs_with_addenda} matches (");
    assert!(stderr(&o).starts_with(&want), "{want:?}: {}", stderr(&o));

    let o = casework(
        &["search", "--db", db_s, "--client", "999999", "garden"],
        home.path(),
    );
    assert!(!o.status.success(), "an unknown client is an error");
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("no client with id 999999"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn completions_for_each_shell_and_the_man_page_are_generated() {
    let home = tempfile::tempdir().expect("tmp");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef casework"),
        ("fish", "complete -c casework"),
    ] {
        let o = casework(&["completions", shell], home.path());
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(marker), "{shell}: {text}");
        for word in [
            "generate",
            "export",
            "backup",
            "completions",
            "theme",
            "ascii",
        ] {
            assert!(text.contains(word), "{shell} lacks {word}");
        }
    }
    let bad = casework(&["completions", "tcsh"], home.path());
    assert!(!bad.status.success());
    let man = casework(&["man"], home.path());
    assert!(man.status.success(), "{}", stderr(&man));
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(
        text.starts_with(".ie") || text.contains(".TH casework"),
        "{text}"
    );
    for word in ["casework", "generate", "\\-\\-demo", "CASEWORK_DB"] {
        assert!(text.contains(word), "man page lacks {word}");
    }
    // Nothing was created: these read and write no file.
    assert!(!home.path().join("data").exists());
}
