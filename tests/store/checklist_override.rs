//! An agency's own checklist in the config directory: used when valid; when
//! broken, the real binary stops before the screen opens, naming file and line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use std::path::Path;
use std::process::{Command, Output};

/// Run the binary with its home and config directory inside `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(args)
        .env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(dir)
        .output()
        .expect("run casework")
}

fn write_checklist(dir: &Path, text: &str) -> std::path::PathBuf {
    let conf = dir.join("config").join("casework");
    std::fs::create_dir_all(&conf).expect("config dir");
    let path = conf.join("checklist.toml");
    std::fs::write(&path, text).expect("write checklist");
    path
}

#[test]
fn a_broken_agency_checklist_stops_the_program_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Line 4 lacks the comma between key and label.
    let path = write_checklist(
        dir.path(),
        "[[stage]]\nkey = \"assessment\"\nitems = [\n  { key = \"a\" label = \"b\" },\n]\n",
    );
    let db = dir.path().join("own.db");
    let db = db.to_str().expect("utf-8 path");
    for args in [vec!["--db", db], vec!["--db", db, "export"]] {
        let out = run(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} exited 0; stderr: {stderr}");
        assert!(
            stderr.contains(&format!("{}:4:", path.display())),
            "{args:?}: stderr names neither file nor line: {stderr}"
        );
        // Nothing was drawn: no alternate screen, no escape sequences at all.
        assert!(
            !out.stdout.contains(&0x1b),
            "{args:?} started drawing before refusing"
        );
    }
    assert!(!Path::new(db).exists(), "the database was not even opened");
}

#[test]
fn a_checklist_missing_a_stage_is_refused_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_checklist(
        dir.path(),
        "[[stage]]\nkey = \"assessment\"\nitems = [{ key = \"a\", label = \"b\" }]\n",
    );
    let out = run(dir.path(), &["--db", "x.db", "export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains("missing"), "{stderr}");
}

#[test]
fn a_valid_agency_checklist_replaces_the_shipped_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::new();
    for stage in [
        "assessment",
        "goal_setting",
        "planning",
        "implementation",
        "evaluation",
        "termination",
        "follow_up",
    ] {
        text.push_str(&format!(
            "[[stage]]\nkey = \"{stage}\"\nitems = [{{ key = \"agency_{stage}\", label = \"Agency form for {stage}\" }}]\n\n"
        ));
    }
    write_checklist(dir.path(), &text);
    let db = dir.path().join("demo.db");
    let db = db.to_str().expect("utf-8 path");
    let gen_out = run(
        dir.path(),
        &["--db", db, "generate", "--clients", "3", "--notes", "3"],
    );
    assert!(gen_out.status.success(), "{gen_out:?}");
    let out = run(dir.path(), &["--db", db, "export"]);
    assert!(out.status.success(), "{out:?}");
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains("\"label\": \"Agency form for assessment\""),
        "{json}"
    );
    assert!(!json.contains("Background and history gathered"));
}
