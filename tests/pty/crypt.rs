//! Encryption from the command line and at the terminal: the passphrase is
//! asked without echo before the screen is taken over, read from a private
//! file for scripts, and a wrong one leaves the file exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, casework, generate_db, stderr};
use sha2::{Digest, Sha256};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(fs::read(path).unwrap()).to_vec()
}

fn secret_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A client's name from the demo caseload, read while the file is plain.
fn a_client_name(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT name FROM clients ORDER BY id LIMIT 1", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn a_passphrase_file_others_can_read_is_refused_naming_it_and_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let loose = secret_file(dir.path(), "pass.txt", "tea and biscuits\n", 0o644);
    let before = hash(&db);
    let o = casework(
        &["encrypt", "--db", s(&db), "--passphrase-file", s(&loose)],
        dir.path(),
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(s(&loose)) && err.contains("0644"), "{err}");
    assert_eq!(hash(&db), before);

    let empty = secret_file(dir.path(), "empty.txt", "\n", 0o600);
    let o = casework(
        &["encrypt", "--db", s(&db), "--passphrase-file", s(&empty)],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("empty passphrase"), "{}", stderr(&o));
    assert_eq!(hash(&db), before);
}

#[test]
fn encrypt_check_export_rekey_and_decrypt_from_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let name = a_client_name(&db);
    let good = secret_file(dir.path(), "good", "tea and biscuits\n", 0o600);
    let bad = secret_file(dir.path(), "bad", "tea and biscuit\n", 0o600);
    let newer = secret_file(dir.path(), "newer", "coffee\n", 0o400);
    let o = casework(
        &["encrypt", "--db", s(&db), "--passphrase-file", s(&good)],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = fs::read(&db).unwrap();
    assert!(!bytes.windows(name.len()).any(|w| w == name.as_bytes()));

    // Without a terminal or a file there is no way to ask: one line.
    let o = casework(&["check", "--db", s(&db)], dir.path());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--passphrase-file"), "{}", stderr(&o));

    // The wrong passphrase: one line, a failing exit, the file untouched.
    let before = hash(&db);
    for cmd in ["check", "export", "decrypt", "passphrase"] {
        let o = casework(
            &[cmd, "--db", s(&db), "--passphrase-file", s(&bad)],
            dir.path(),
        );
        assert!(!o.status.success(), "{cmd}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{cmd}: {err}");
        assert!(err.contains("passphrase does not open"), "{cmd}: {err}");
        assert_eq!(hash(&db), before, "{cmd} changed the file");
    }

    let o = casework(
        &["check", "--db", s(&db), "--passphrase-file", s(&good)],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("30 clients"));

    // An export is plaintext: said once, on stderr.
    let o = casework(
        &["export", "--db", s(&db), "--passphrase-file", s(&good)],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("is encrypted, but this export is not"));
    assert!(String::from_utf8_lossy(&o.stdout).contains(&name));

    let o = casework(
        &[
            "passphrase",
            "--db",
            s(&db),
            "--passphrase-file",
            s(&good),
            "--new-passphrase-file",
            s(&newer),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = casework(
        &["check", "--db", s(&db), "--passphrase-file", s(&good)],
        dir.path(),
    );
    assert!(!o.status.success(), "the old passphrase still opens it");

    let o = casework(
        &["decrypt", "--db", s(&db), "--passphrase-file", s(&newer)],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(&fs::read(&db).unwrap()[..16], b"SQLite format 3\0");
    let o = casework(&["check", "--db", s(&db)], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(a_client_name(&db), name);
}

#[test]
fn the_terminal_asks_without_echo_before_the_screen_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let secret = "hedgehog-lantern";

    // Two different entries: nothing happens.
    let plain = hash(&db);
    let mut differ = Session::spawn(&["encrypt", "--db", s(&db)], &[], 100, 30);
    differ.wait_for("New passphrase:", TIMEOUT).unwrap();
    differ.send(&format!("{secret}\r"));
    differ.wait_for("again:", TIMEOUT).unwrap();
    differ.send("hedgehog-lantern!\r");
    let status = differ.wait_exit(TIMEOUT).expect("exits");
    assert!(!status.success());
    assert!(differ.screen().contains("differ"), "{}", differ.screen());
    assert_eq!(hash(&db), plain);

    let mut enc = Session::spawn(&["encrypt", "--db", s(&db)], &[], 100, 30);
    enc.wait_for("New passphrase:", TIMEOUT).unwrap();
    enc.send(&format!("{secret}\r"));
    enc.wait_for("again:", TIMEOUT).unwrap();
    enc.send(&format!("{secret}\r"));
    let status = enc.wait_exit(TIMEOUT).expect("encrypt exits");
    assert!(status.success(), "{}", enc.screen());
    assert!(enc.screen().contains("encrypted"), "{}", enc.screen());
    assert!(
        !enc.output_contains(secret.as_bytes()),
        "the passphrase was echoed"
    );

    // A wrong one: one line, a failing exit, the file as it was.
    let before = hash(&db);
    let mut wrong = Session::spawn(&["--db", s(&db)], &[], 100, 30);
    wrong.wait_for("Passphrase for", TIMEOUT).unwrap();
    wrong.send("hedgehog-lanterm\r");
    let status = wrong.wait_exit(TIMEOUT).expect("exits");
    assert!(!status.success());
    assert!(
        wrong.screen().contains("passphrase does not open"),
        "{}",
        wrong.screen()
    );
    assert!(
        !wrong.output_contains(b"lanterm"),
        "the passphrase was echoed"
    );
    assert_eq!(hash(&db), before);

    // The right one opens the caseload.
    let mut tui = Session::spawn(&["--db", s(&db)], &[], 100, 30);
    tui.wait_for("Passphrase for", TIMEOUT).unwrap();
    assert!(!tui.alternate_screen(), "asked after the screen was taken");
    tui.send(&format!("{secret}\r"));
    tui.wait_for("Caseload", TIMEOUT).unwrap();
    assert!(tui.alternate_screen());
    // The idle lock (Ctrl-O locks at once) opens with the same passphrase.
    tui.send("\x0f");
    tui.wait_for("Passphrase: ", TIMEOUT).unwrap();
    tui.wait_gone("Caseload", TIMEOUT).unwrap();
    tui.send(&format!("{secret}\r"));
    tui.wait_for("Caseload", TIMEOUT).unwrap();
    tui.send("q");
    let status = tui.wait_exit(TIMEOUT).expect("quits");
    assert!(status.success());
    assert!(
        !tui.output_contains(secret.as_bytes()),
        "the passphrase was echoed"
    );
}
