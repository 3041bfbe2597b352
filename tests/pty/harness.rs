//! A pseudo-terminal harness: runs the real `casework` binary in a pty,
//! feeds everything it prints into a `vt100` screen, and lets a test type
//! keys, wait for text, send signals and collect the exit status.
//!
//! The child never sees the user's real home: HOME and the XDG data and
//! config directories point into a temporary directory owned by the session.
//!
//! Timeouts only stop a stuck test; they are never a speed assertion.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A generous limit for anything a test waits on.
pub const TIMEOUT: Duration = Duration::from_secs(10);

const POLL: Duration = Duration::from_millis(20);

/// The sequence a terminal receives when a program leaves the alternate screen.
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";

/// Terminal queries the harness answers, as a real terminal would, so the
/// program never waits for a reply that is not coming.
#[derive(Clone, Copy)]
enum Query {
    /// `CSI 6 n`: where is the cursor?
    CursorPosition,
    /// `CSI c` / `CSI 0 c`: primary device attributes.
    DeviceAttributes,
}

const QUERIES: &[(&[u8], Query)] = &[
    (b"\x1b[6n", Query::CursorPosition),
    (b"\x1b[c", Query::DeviceAttributes),
    (b"\x1b[0c", Query::DeviceAttributes),
];

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

struct Shared {
    parser: Mutex<vt100::Parser>,
    raw: Mutex<Vec<u8>>,
    /// The reader saw end of output: every process holding the pty has gone.
    eof: AtomicBool,
}

pub struct Session {
    shared: Arc<Shared>,
    writer: Writer,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
    reader: Option<JoinHandle<()>>,
    home: tempfile::TempDir,
}

impl Session {
    /// Start `casework args...` in a `cols` x `rows` pseudo-terminal. `env`
    /// is applied last, so it can override the defaults.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        Session::spawn_via(&[], args, env, cols, rows)
    }

    /// `spawn`, with `casework` started by `via` (e.g. `setpriv --reuid=...`),
    /// which must exec it in the same process.
    pub fn spawn_via(
        via: &[&str],
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
        let home = tempfile::tempdir().expect("temporary home");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");

        let bin = env!("CARGO_BIN_EXE_casework");
        let mut cmd = match via.split_first() {
            None => CommandBuilder::new(bin),
            Some((program, pre)) => {
                let mut c = CommandBuilder::new(program);
                c.args(pre);
                c.arg(bin);
                c
            }
        };
        cmd.args(args);
        cmd.cwd(home.path());
        cmd.env_clear();
        for (k, v) in base_env(home.path()) {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn casework");
        // Only the child may hold the slave side, or the reader never sees
        // end of output when the child exits.
        drop(pair.slave);

        let shared = Arc::new(Shared {
            parser: Mutex::new(vt100::Parser::new(rows, cols, 0)),
            raw: Mutex::new(Vec::new()),
            eof: AtomicBool::new(false),
        });
        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let reader = pair.master.try_clone_reader().expect("pty reader");
        let handle = {
            let shared = Arc::clone(&shared);
            let writer = Arc::clone(&writer);
            thread::spawn(move || read_loop(reader, &shared, &writer))
        };

        Session {
            shared,
            writer,
            master: pair.master,
            child,
            status: None,
            reader: Some(handle),
            home,
        }
    }

    /// The child's temporary home directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Type text, exactly as given (use `"\x1b"` for Esc, `"\r"` for Enter).
    pub fn send(&self, text: &str) {
        self.send_bytes(text.as_bytes());
    }

    pub fn send_bytes(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// Write each chunk in one write, in order, from another thread: a
    /// program that stops reading leaves such a write blocked once the
    /// terminal's buffer is full, and the test must still be able to look
    /// at the screen and give up. Later `send`s wait for these writes.
    pub fn send_chunks_in_background(&self, chunks: Vec<Vec<u8>>) -> JoinHandle<()> {
        let writer = Arc::clone(&self.writer);
        thread::spawn(move || {
            let mut w = writer.lock().unwrap();
            for chunk in chunks {
                // A program that has gone makes the write fail: not an error.
                if w.write_all(&chunk).and_then(|_| w.flush()).is_err() {
                    return;
                }
            }
        })
    }

    /// Change the terminal size, as a user resizing the window would.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.shared
            .parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// The visible screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.shared.parser.lock().unwrap().screen().contents()
    }

    /// Is the (parsed) terminal on the alternate screen?
    pub fn alternate_screen(&self) -> bool {
        self.shared
            .parser
            .lock()
            .unwrap()
            .screen()
            .alternate_screen()
    }

    /// Everything the child has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.raw.lock().unwrap().clone()
    }

    /// Does the raw output contain `needle` anywhere?
    pub fn output_contains(&self, needle: &[u8]) -> bool {
        find(&self.shared.raw.lock().unwrap(), needle).is_some()
    }

    /// Wait until `text` is on the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(&format!("{text:?} to appear"), timeout, |s| {
            s.contains(text)
        })
    }

    /// Wait until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(&format!("{text:?} to go away"), timeout, |s| {
            !s.contains(text)
        })
    }

    /// Wait until the screen satisfies `pred`. The error holds the screen.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            // Read the flag before the screen: once output has ended, the
            // screen read after it is final.
            let ended = self.shared.eof.load(Ordering::Acquire);
            let screen = self.screen();
            if pred(&screen) {
                return Ok(());
            }
            let why = if ended {
                "the program's output ended"
            } else if Instant::now() >= deadline {
                "timed out"
            } else {
                thread::sleep(POLL);
                continue;
            };
            return Err(format!(
                "waiting for {what}: {why}\n----- screen -----\n{screen}\n------------------"
            ));
        }
    }

    /// Wait for the child to exit; `None` if it is still running at the
    /// timeout. On exit, also waits (within the same timeout) for the rest
    /// of its output so that screen and raw-output checks see all of it.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        while self.status.is_none() {
            match self.child.try_wait().expect("try_wait") {
                Some(status) => self.status = Some(status),
                None if Instant::now() >= deadline => return None,
                None => thread::sleep(POLL),
            }
        }
        while !self.shared.eof.load(Ordering::Acquire) && Instant::now() < deadline {
            thread::sleep(POLL);
        }
        if self.shared.eof.load(Ordering::Acquire) {
            if let Some(h) = self.reader.take() {
                let _ = h.join();
            }
        }
        self.status.clone()
    }

    /// Send a Unix signal (e.g. `libc::SIGTERM`) to the child.
    pub fn kill(&self, signal: i32) -> std::io::Result<()> {
        let invalid = || std::io::Error::from(std::io::ErrorKind::InvalidInput);
        let pid = rustix::process::Pid::from_raw(self.pid() as i32).ok_or_else(invalid)?;
        let sig = rustix::process::Signal::from_named_raw(signal).ok_or_else(invalid)?;
        Ok(rustix::process::kill_process(pid, sig)?)
    }
}

impl Drop for Session {
    /// A failed test must not leave a stray process behind.
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.kill(libc::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

/// The child's whole environment: nothing inherited from the test runner
/// (no CASEWORK_DB, no real HOME), so a test can never touch real data.
fn base_env(home: &Path) -> Vec<(String, String)> {
    let home = home.to_string_lossy().into_owned();
    let mut env = vec![
        ("TERM".to_string(), "xterm-256color".to_string()),
        ("LANG".to_string(), "C.UTF-8".to_string()),
        ("HOME".to_string(), home.clone()),
        ("XDG_DATA_HOME".to_string(), format!("{home}/data")),
        ("XDG_CONFIG_HOME".to_string(), format!("{home}/config")),
        ("XDG_CACHE_HOME".to_string(), format!("{home}/cache")),
        ("XDG_STATE_HOME".to_string(), format!("{home}/state")),
    ];
    if let Some(path) = std::env::var_os("PATH") {
        env.push(("PATH".to_string(), path.to_string_lossy().into_owned()));
    }
    env
}

fn read_loop(mut reader: Box<dyn Read + Send>, shared: &Shared, writer: &Writer) {
    let mut buf = [0u8; 8192];
    // Output not yet given to the parser: the tail of a query that may be
    // split across reads.
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buf[..n];
        shared.raw.lock().unwrap().extend_from_slice(chunk);
        pending.extend_from_slice(chunk);
        feed(&mut pending, shared, writer);
    }
    shared.parser.lock().unwrap().process(&pending);
    shared.eof.store(true, Ordering::Release);
}

/// Parse what can be parsed, answering each query at the point it occurs
/// (so a cursor report gives the cursor as it was when asked), and hold back
/// a trailing partial query for the next read.
fn feed(pending: &mut Vec<u8>, shared: &Shared, writer: &Writer) {
    while let Some((at, len, query)) = first_query(pending) {
        let reply = {
            let mut parser = shared.parser.lock().unwrap();
            parser.process(&pending[..at + len]);
            match query {
                Query::CursorPosition => {
                    let (row, col) = parser.screen().cursor_position();
                    format!("\x1b[{};{}R", row + 1, col + 1)
                }
                // A VT220-class terminal.
                Query::DeviceAttributes => "\x1b[?62;22c".to_string(),
            }
        };
        pending.drain(..at + len);
        let mut w = writer.lock().unwrap();
        // The child may already be gone; a failed reply is not an error.
        let _ = w.write_all(reply.as_bytes()).and_then(|_| w.flush());
    }
    let hold = partial_query_suffix(pending);
    let ready = pending.len() - hold;
    shared.parser.lock().unwrap().process(&pending[..ready]);
    pending.drain(..ready);
}

fn first_query(bytes: &[u8]) -> Option<(usize, usize, Query)> {
    QUERIES
        .iter()
        .filter_map(|(pat, q)| find(bytes, pat).map(|at| (at, pat.len(), *q)))
        .min_by_key(|(at, _, _)| *at)
}

/// The length of the longest suffix of `bytes` that could be the start of a
/// query.
fn partial_query_suffix(bytes: &[u8]) -> usize {
    let longest = QUERIES.iter().map(|(p, _)| p.len() - 1).max().unwrap_or(0);
    (1..=longest.min(bytes.len()))
        .rev()
        .find(|&k| {
            let tail = &bytes[bytes.len() - k..];
            QUERIES
                .iter()
                .any(|(p, _)| p.len() > k && p.starts_with(tail))
        })
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Write the standard demo caseload into `<dir>/demo.db` with the real
/// binary, and return its path.
pub fn generate_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_casework"))
        .arg("generate")
        .arg("--db")
        .arg(&db)
        .args(["--clients", "30", "--notes", "200", "--seed", "7"])
        .args(["--today", "2026-11-23"])
        .env_clear()
        .envs(base_env(dir))
        .current_dir(dir)
        .output()
        .expect("run casework generate");
    assert!(
        out.status.success(),
        "casework generate failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.exists(), "generate did not create {}", db.display());
    db
}

/// The binary run to its end with `home` as its home, its data, config and
/// state directories below it (never the user's own), and no CASEWORK_DB.
pub fn casework(args: &[&str], home: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("CASEWORK_DB")
        .output()
        .expect("run casework")
}

/// What a finished run wrote to standard error.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_queries_are_held_back() {
        assert_eq!(partial_query_suffix(b"abc\x1b"), 1);
        assert_eq!(partial_query_suffix(b"abc\x1b["), 2);
        assert_eq!(partial_query_suffix(b"abc\x1b[6"), 3);
        assert_eq!(partial_query_suffix(b"abc\x1b[0"), 3);
        assert_eq!(partial_query_suffix(b"abc\x1b[1"), 0);
        assert_eq!(partial_query_suffix(b"abc"), 0);
    }

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_split_cursor_query_is_answered_where_it_was_asked() {
        let shared = Shared {
            parser: Mutex::new(vt100::Parser::new(24, 80, 0)),
            raw: Mutex::new(Vec::new()),
            eof: AtomicBool::new(false),
        };
        let sink = Sink::default();
        let writer: Writer = Arc::new(Mutex::new(Box::new(sink.clone())));
        let mut pending = Vec::new();
        for chunk in [&b"\x1b[3;5Hab\x1b["[..], b"6", b"nxyz\x1b[c"] {
            pending.extend_from_slice(chunk);
            feed(&mut pending, &shared, &writer);
        }
        assert!(pending.is_empty());
        assert_eq!(
            String::from_utf8(sink.0.lock().unwrap().clone()).unwrap(),
            "\x1b[3;7R\x1b[?62;22c"
        );
        let screen = shared.parser.lock().unwrap().screen().contents();
        assert!(screen.contains("abxyz"), "{screen}");
    }
}
