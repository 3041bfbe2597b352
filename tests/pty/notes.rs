//! End-to-end: typing in a note survives a kill and a hang-up, and the note
//! can go through $EDITOR. The real binary in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, generate_db};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

const TYPED: &str = "Client arrived early and talked about the allotment";

fn open(db: &Path) -> Session {
    let s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    s
}

/// Open a new note and type into it; returns once the text is on screen
/// (so the program has read every key).
fn type_note(s: &Session) {
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    s.send(TYPED);
    s.wait_for(TYPED, TIMEOUT).unwrap();
}

fn restart_finds_the_text(db: &Path) {
    // The restored draft fills the screen at once.
    let mut s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    s.wait_for("Restored your unsaved draft", TIMEOUT).unwrap();
    s.wait_for(TYPED, TIMEOUT).unwrap();
    // And it saves as a note from there.
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}

#[test]
fn typing_survives_sigkill_after_a_pause() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    type_note(&s);
    // The draft is written within a second of the typing, and the editor
    // says so.
    s.wait_for("draft saved", TIMEOUT).unwrap();
    s.kill(libc::SIGKILL).unwrap();
    let status = s.wait_exit(TIMEOUT).expect("killed");
    assert!(!status.success());
    drop(s);
    restart_finds_the_text(&db);
}

#[test]
fn typing_survives_sighup_without_a_pause() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    type_note(&s);
    // No pause: the hang-up itself must write the draft.
    s.kill(libc::SIGHUP).unwrap();
    let status = s.wait_exit(TIMEOUT).expect("exits on hang-up");
    assert!(!status.success(), "{status:?}");
    assert!(status.signal().is_none(), "handled, not killed: {status:?}");
    drop(s);
    restart_finds_the_text(&db);
}

#[test]
fn external_editor_gets_a_private_file_that_is_removed_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    // A stand-in for vim: records the file's path and mode, adds a line.
    let log = dir.path().join("editor.log");
    let script = dir.path().join("fake-editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstat -c '%a' \"$1\" > {log}\necho \"$1\" >> {log}\necho 'Written in the external editor.' >> \"$1\"\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let editor = script.to_str().unwrap();
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("EDITOR", editor), ("TMPDIR", dir.path().to_str().unwrap())],
        100,
        30,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    type_note(&s);
    s.send("\x1b[19~"); // F8
    s.wait_for("Written in the external editor.", TIMEOUT)
        .unwrap();
    s.wait_for(TYPED, TIMEOUT).unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    let mut lines = logged.lines();
    assert_eq!(lines.next(), Some("600"), "the file is private: {logged}");
    let path = lines.next().expect("path logged");
    assert!(!Path::new(path).exists(), "{path} was removed");
    assert!(
        Path::new(path).starts_with(s.home().join("data/casework/editing")),
        "under the data directory, not TMPDIR: {path}"
    );
    // Keys go to casework again afterwards.
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}

#[test]
fn typing_that_cannot_be_written_at_exit_goes_to_a_recovery_file_and_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    // Another session holds the write lock from before the first key:
    // no draft can be written, and the hang-up's last try fails too.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    type_note(&s);
    s.kill(libc::SIGHUP).unwrap();
    let status = s.wait_exit(TIMEOUT).expect("exits");
    assert!(!status.success(), "not a clean exit: {status:?}");
    let screen = s.screen();
    assert!(!screen.contains("everything saved"), "{screen}");
    assert!(screen.contains("could not be written"), "{screen}");
    drop(s);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains(".recovery-"))
        .collect();
    assert_eq!(files.len(), 1, "one recovery file: {files:?}");
    let kept = std::fs::read_to_string(&files[0]).unwrap();
    assert!(kept.contains(TYPED), "{kept}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "private");

    // The lock goes; the next start puts the typing back and says so.
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    let mut s = Session::spawn(&["--db", db.to_str().expect("utf-8 path")], &[], 100, 30);
    s.wait_for("Restored your unsaved draft", TIMEOUT).unwrap();
    s.wait_for(TYPED, TIMEOUT).unwrap();
    assert!(!files[0].exists(), "the file goes once its typing is back");
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
}

/// Steady typing never pauses for a second, and the draft must keep up with
/// it anyway: whatever was on screen more than a moment before a kill is in
/// the database. (The timing only sets up the rhythm; the assertion is on
/// what the draft holds.)
#[test]
fn steady_typing_is_drafted_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut s = open(&db);
    s.send("n");
    s.wait_for("New note", TIMEOUT).unwrap();
    let mut typed = Vec::new();
    let start = Instant::now();
    for i in 0.. {
        if start.elapsed() > Duration::from_secs(4) {
            break;
        }
        let word = format!("steady{i:02} ");
        s.send(&word);
        // When the program has the word (on screen), not when it was sent:
        // a busy machine may be slow to read it, and that is not the draft's
        // fault.
        s.wait_for(word.trim_end(), TIMEOUT).unwrap();
        typed.push((word, Instant::now()));
        thread::sleep(Duration::from_millis(300));
    }
    s.kill(libc::SIGKILL).unwrap();
    let killed = Instant::now();
    s.wait_exit(TIMEOUT).expect("killed");
    drop(s);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let draft: String = conn
        .query_row(
            "SELECT body FROM drafts ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap_or_default();
    let due: Vec<&str> = typed
        .iter()
        .filter(|(_, at)| killed.duration_since(*at) > Duration::from_millis(1500))
        .map(|(w, _)| w.trim_end())
        .collect();
    assert!(due.len() >= 5, "the typing went on long enough: {due:?}");
    let missing: Vec<&str> = due.iter().copied().filter(|w| !draft.contains(w)).collect();
    assert!(
        missing.is_empty(),
        "typed well before the kill but not in the draft: {missing:?}\ndraft: {draft:?}"
    );
}

/// An editor that writes its text, says where it is, and then waits to be
/// killed: casework is killed while it runs.
fn editor_killed_midway(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let marker = dir.join("editor.pid");
    let script = dir.join("slow-editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho 'Written in the editor before the kill.' >> \"$1\"\n\
             echo \"$$ $1\" > {marker}.tmp && mv {marker}.tmp {marker}\nexec sleep 60\n",
            marker = marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    (script, marker)
}

/// Start casework on `db` with its data directory in `data`, type a note,
/// hand it to the editor, and kill casework (and then the editor) while
/// the editor has it. Returns the path the editor was given.
fn kill_while_the_editor_runs(db: &Path, data: &Path, scratch: &Path) -> std::path::PathBuf {
    let (script, marker) = editor_killed_midway(scratch);
    let mut s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[
            ("EDITOR", script.to_str().unwrap()),
            ("XDG_DATA_HOME", data.to_str().unwrap()),
            ("TMPDIR", scratch.to_str().unwrap()),
        ],
        100,
        30,
    );
    s.wait_for("Caseload", TIMEOUT).unwrap();
    type_note(&s);
    s.send("\x1b[19~"); // F8
    let deadline = Instant::now() + TIMEOUT;
    while !marker.exists() {
        assert!(Instant::now() < deadline, "the editor never started");
        thread::sleep(Duration::from_millis(20));
    }
    let said = std::fs::read_to_string(&marker).unwrap();
    let (pid, file) = said.trim().split_once(' ').unwrap();
    s.kill(libc::SIGKILL).unwrap();
    s.wait_exit(TIMEOUT).expect("killed");
    drop(s);
    // The editor this test started (through casework) goes too.
    let pid = rustix::process::Pid::from_raw(pid.parse().unwrap()).unwrap();
    let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    std::path::PathBuf::from(file)
}

fn restart_with_data(db: &Path, data: &Path) -> Session {
    let s = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("XDG_DATA_HOME", data.to_str().unwrap())],
        100,
        30,
    );
    s.wait_for("casework stopped while $EDITOR", TIMEOUT)
        .unwrap();
    s
}

#[test]
fn text_left_in_the_editor_by_a_kill_is_private_and_offered_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let data = dir.path().join("data");
    let scratch = tempfile::tempdir().unwrap();
    let file = kill_while_the_editor_runs(&db, &data, scratch.path());

    // Where it was: under the data directory, private; nothing in TMPDIR.
    let editing = data.join("casework/editing");
    assert!(file.starts_with(&editing), "{}", file.display());
    let own_dir = file.parent().unwrap();
    for (p, want) in [
        (&editing, 0o700),
        (&own_dir.to_path_buf(), 0o700),
        (&file, 0o600),
    ] {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "{}", p.display());
    }
    let in_tmp: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("casework"))
        .collect();
    assert!(in_tmp.is_empty(), "{in_tmp:?}");

    // Yes: the editor's text goes into the note, and the file goes.
    let mut s = restart_with_data(&db, &data);
    s.send("y");
    s.wait_for("Written in the editor before the kill.", TIMEOUT)
        .unwrap();
    assert!(!own_dir.exists(), "taken back, then removed");
    s.send("\x13");
    s.wait_for("Note saved", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).is_some_and(|st| st.success()));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let body: String = conn
        .query_row("SELECT body FROM notes ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        body.contains(TYPED) && body.contains("Written in the editor before the kill."),
        "{body}"
    );
}

#[test]
fn text_left_in_the_editor_can_be_let_go() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let data = dir.path().join("data");
    let scratch = tempfile::tempdir().unwrap();
    let file = kill_while_the_editor_runs(&db, &data, scratch.path());
    let s = restart_with_data(&db, &data);
    s.send("n");
    // Answered: the question goes (the removal comes before it does).
    s.wait_gone("casework stopped while $EDITOR", TIMEOUT)
        .unwrap();
    assert!(!file.parent().unwrap().exists(), "removed");
    // The draft from before the editor is still there, as it was.
    s.wait_for(TYPED, TIMEOUT).unwrap();
    assert!(!s.screen().contains("Written in the editor"));
    drop(s);
    // Asked once: the next start has nothing to offer.
    let mut again = Session::spawn(
        &["--db", db.to_str().unwrap()],
        &[("XDG_DATA_HOME", data.to_str().unwrap())],
        100,
        30,
    );
    again
        .wait_for("Restored your unsaved draft", TIMEOUT)
        .unwrap();
    again.wait_for(TYPED, TIMEOUT).unwrap();
    assert!(!again.screen().contains("$EDITOR had"));
    again.kill(libc::SIGTERM).unwrap();
    again.wait_exit(TIMEOUT);
}
