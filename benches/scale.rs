//! casework beside a bare ratatui list (examples/bare_list.rs, the same
//! ratatui, built in the same run), at each scale: first frame, the cost of
//! every key a practitioner leans on (drawing included), peak memory, and
//! export and import time and peak memory. Ratios to the bare list hold on
//! a noisy machine where absolute figures do not.
//!
//! `cargo bench --bench scale` runs 5,000 clients / 200,000 notes and
//! 50,000 / 2,000,000; `CASEWORK_BENCH_SCALES=5000:200000` picks scales.
//! Caseloads are generated once and kept under `target/bench-data/`.
//! `CASEWORK_BENCH_NO_EXCHANGE=1` leaves out export and import (minutes).
//! Figures are printed, never asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a failure is a panic

#[allow(dead_code)]
#[path = "../examples/bare_list.rs"]
mod bare_list;
#[path = "support/tty_start.rs"]
mod tty_start;

use casework::app::{App, Effect, Msg};
use casework::config::Config;
use casework::demo::{GenerateOptions, generate};
use casework::domain::{ChecklistTemplate, Date};
use casework::rest_loader;
use casework::searcher::answer_now;
use casework::store::Store;
use casework::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::widgets::ListState;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        match args.get(at + 1).map(String::as_str) {
            Some("bare") => child_bare(),
            // The bare list as a program in a terminal, for `tty_start`.
            Some("bare-tty") => bare_list::main().expect("bare list"),
            Some("casework") => child_casework(Path::new(&args[at + 2])),
            // Only as far as the first frame, for profiling start alone.
            Some("floor") => child_floor(Path::new(&args[at + 2])),
            // The bare list, after what any program pays to read the file.
            Some("floor-tty") => {
                floor(Path::new(&args[at + 2]));
                bare_list::main().expect("bare list")
            }
            Some("casework-start") => {
                first_frame(Path::new(&args[at + 2]));
            }
            other => panic!("unknown child {other:?}"),
        }
        return;
    }
    // `cargo bench` passes `--bench`; anything else is a filter we ignore.
    let scales = std::env::var("CASEWORK_BENCH_SCALES")
        .unwrap_or_else(|_| "5000:200000,50000:2000000".into());
    for scale in scales.split(',') {
        let (clients, notes) = scale.split_once(':').expect("CLIENTS:NOTES");
        run_scale(
            clients.parse().expect("clients"),
            notes.parse().expect("notes"),
        );
    }
}

fn today() -> Date {
    Date::from_ymd_opt(2026, 11, 23).expect("date")
}

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data");
    dir
}

fn run_scale(clients: usize, notes: usize) {
    let db = data_dir().join(format!("casework-{clients}-{notes}.db"));
    if !db.exists() {
        let t = Instant::now();
        let building = db.with_extension("building");
        let _ = std::fs::remove_file(&building);
        let (mut store, _) = Store::open(&building).expect("create");
        let opts = GenerateOptions {
            clients,
            notes,
            seed: 1,
            today: today(),
            progress: true,
        };
        generate(&mut store, &opts).expect("generate");
        drop(store);
        std::fs::rename(&building, &db).expect("keep");
        eprintln!("generated in {:.0} s", t.elapsed().as_secs_f64());
    }
    println!("\n## {clients} clients / {notes} notes, {WIDTH}x{HEIGHT}, medians of 3 runs\n");
    let bare: Vec<Figures> = (0..3).map(|_| child(&["bare"])).collect();
    let case: Vec<Figures> = (0..3)
        .map(|_| child(&["casework", db.to_str().expect("utf8")]))
        .collect();
    let floor: Vec<Figures> = (0..3)
        .map(|_| child(&["floor", db.to_str().expect("utf8")]))
        .collect();
    println!("| figure | casework | bare list | ratio |");
    println!("|---|---|---|---|");
    let bare_key = median(&bare, "key");
    let runs = case[0]
        .names()
        .into_iter()
        .map(|n| (&case, n))
        .chain(floor[0].names().into_iter().map(|n| (&floor, n)));
    for (case, name) in runs {
        let c = median(case, &name);
        let (b, unit) = match name.as_str() {
            n if n.starts_with("start")
                || n.starts_with("floor")
                || n.starts_with("after the first")
                || n == "first frame" =>
            {
                (median(&bare, "first frame"), "ms")
            }
            n if n.starts_with("peak RSS") => (median(&bare, "peak RSS"), "MiB"),
            _ => (bare_key, "ms"),
        };
        println!("| {name} | {c:.2} {unit} | {b:.2} {unit} | {:.1}× |", c / b);
    }
    let (c, b, f) = tty_starts(&db);
    println!(
        "| launch to first frame in a terminal | {c:.2} ms | {b:.2} ms | {:.1}× |",
        c / b
    );
    println!(
        "| launch to first frame in a terminal: the bare list after reading the file's schema | {f:.2} ms | {b:.2} ms | {:.1}× |",
        f / b
    );
    key_bytes(&db);
    if std::env::var_os("CASEWORK_BENCH_NO_EXCHANGE").is_none() {
        exchange(&db);
    }
}

/// A launched program's environment: everything it keeps under `home`.
fn home_env(home: &str) -> [(&str, &str); 4] {
    [
        ("HOME", home),
        ("XDG_DATA_HOME", home),
        ("XDG_STATE_HOME", home),
        ("XDG_CONFIG_HOME", home),
    ]
}

/// What each key sends to a terminal, casework beside the bare list, both
/// in a pseudo-terminal: the mean per press.
fn key_bytes(db: &Path) {
    use tty_start::{KeyCost, Step, key_costs};
    let home = tempdir();
    let home = home.to_str().expect("utf8");
    let env = home_env(home);
    let size = (WIDTH, HEIGHT);
    let step = |name, keys, presses| Step {
        name,
        keys,
        presses,
        measure: true,
    };
    let only = |name, keys| Step {
        name,
        keys,
        presses: 1,
        measure: false,
    };
    let j = "j in the caseload";
    let casework = Path::new(env!("CARGO_BIN_EXE_casework"));
    let case = key_costs(
        casework,
        &["--db", db.to_str().expect("utf8")],
        &env,
        size,
        b"Caseload",
        &[
            step(j, b"j", 50),
            step("t: open Today", b"t", 1),
            step("j in Today", b"j", 50),
            only("Esc", b"\x1b"),
            step("/: open the filter", b"/", 1),
            step("filter: first letter", b"a", 1),
            step("filter: second letter", b"n", 1),
            step("filter: third letter", b"a", 1),
            step("filter: backspace", b"\x7f", 1),
        ],
    );
    let bench = std::env::current_exe().expect("exe");
    let bare = key_costs(
        &bench,
        &["--child", "bare-tty"],
        &env,
        size,
        b"bare",
        &[step(j, b"j", 50)],
    );
    let _ = std::fs::remove_dir_all(home);
    println!();
    println!(
        "| key, sent to a {WIDTH}x{HEIGHT} terminal (mean per press) | casework | bare list |"
    );
    println!("|---|---|---|");
    let cell = |c: Option<&KeyCost>| {
        c.map_or("—".to_string(), |c| {
            format!("{:.0} B in {:.1} reads", c.bytes, c.reads)
        })
    };
    for c in &case {
        let b = bare.iter().find(|b| b.name == c.name);
        println!(
            "| {} (×{}) | {} | {} |",
            c.name,
            c.presses,
            cell(Some(c)),
            cell(b)
        );
    }
}

/// The medians of 5 launches of casework on `db`, of the bare list, and of
/// the bare list after reading `db`'s schema (the floor), each timed from
/// launch to its first frame in a pseudo-terminal.
fn tty_starts(db: &Path) -> (f64, f64, f64) {
    let home = tempdir();
    let home = home.to_str().expect("utf8");
    let env = home_env(home);
    let size = (WIDTH, HEIGHT);
    let bench = std::env::current_exe().expect("exe");
    let casework = Path::new(env!("CARGO_BIN_EXE_casework"));
    let db = db.to_str().expect("utf8");
    let median5 = |f: &dyn Fn() -> f64| {
        let mut v: Vec<f64> = (0..5).map(|_| f()).collect();
        v.sort_by(f64::total_cmp);
        v[2]
    };
    let c =
        median5(&|| tty_start::first_frame_ms(casework, &["--db", db], &env, size, b"Caseload"));
    let b = median5(&|| {
        tty_start::first_frame_ms(&bench, &["--child", "bare-tty"], &env, size, b"bare")
    });
    let f = median5(&|| {
        let args = ["--child", "floor-tty", db];
        tty_start::first_frame_ms(&bench, &args, &env, size, b"bare")
    });
    let _ = std::fs::remove_dir_all(home);
    (c, b, f)
}

/// Figures a child printed: `name=value` lines.
struct Figures(Vec<(String, f64)>);

impl Figures {
    fn names(&self) -> Vec<String> {
        self.0.iter().map(|(n, _)| n.clone()).collect()
    }
    fn get(&self, name: &str) -> f64 {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .expect(name)
    }
}

fn median(runs: &[Figures], name: &str) -> f64 {
    let mut v: Vec<f64> = runs.iter().map(|r| r.get(name)).collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Run this bench again as a fresh process, so each measures its own start
/// and its own peak memory.
fn child(args: &[&str]) -> Figures {
    let exe = std::env::current_exe().expect("exe");
    let out = Command::new(exe)
        .arg("--child")
        .args(args)
        .output()
        .expect("child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Figures(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let (n, v) = l.split_once('=')?;
                Some((n.to_string(), v.parse().ok()?))
            })
            .collect(),
    )
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What any program pays before its first query on this file, whatever it
/// does next: SQLite's set-up in a new process (SQLCipher's, whose crypto
/// library seeds a random generator) and reading the file's schema (every
/// table, index and trigger parsed).
fn child_floor(db: &Path) {
    let (set_up, schema) = floor(db);
    println!("floor: SQLite and SQLCipher set up={}", ms(set_up));
    println!("floor: the file's schema read={}", ms(schema));
}

/// How long SQLite's set-up and reading `db`'s schema took.
fn floor(db: &Path) -> (Duration, Duration) {
    let t = Instant::now();
    let first = rusqlite::Connection::open_in_memory().expect("sqlite");
    let set_up = t.elapsed();
    let t = Instant::now();
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(db, flags).expect("open");
    let _: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .expect("schema");
    drop(first);
    (set_up, t.elapsed())
}

fn child_bare() {
    let t = Instant::now();
    let items = bare_list::items();
    let mut state = ListState::default().with_selected(Some(0));
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    term.draw(|f| bare_list::draw(f, &items, &mut state))
        .expect("draw");
    println!("first frame={}", ms(t.elapsed()));
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        state.select_next();
        term.draw(|f| bare_list::draw(f, &items, &mut state))
            .expect("draw");
    }
    println!("key={}", ms(t.elapsed()) / f64::from(rounds));
    println!("peak RSS={}", peak_rss_mib());
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn special(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The app and a terminal, drawn as the event loop draws.
struct Screen {
    app: App,
    term: Terminal<TestBackend>,
    theme: Theme,
}

impl Screen {
    fn draw(&mut self) {
        let mut drawn = Default::default();
        let (app, theme) = (&self.app, &self.theme);
        self.term
            .draw(|f| drawn = casework::ui::draw(f, app, theme))
            .expect("draw");
        let _ = self.app.update(Msg::Drawn(drawn));
    }

    /// A key and the frame after it.
    fn press(&mut self, k: KeyEvent) -> Duration {
        let t = Instant::now();
        let _ = self.app.on_key(k);
        self.draw();
        t.elapsed()
    }

    /// A key typed into the note search: the key and its frame (what the
    /// typist waits for), then the search it asked for, answered as the
    /// searching thread answers it, and the frame that shows the results
    /// (what the eye waits for, off the keys' thread).
    fn type_search(&mut self, k: KeyEvent) -> (Duration, Duration) {
        let t = Instant::now();
        let update = self.app.on_key(k);
        self.draw();
        let key = t.elapsed();
        let t = Instant::now();
        for effect in update.effects {
            if let Effect::Search { request, .. } = effect {
                let answer = answer_now(&self.app.store().source(), &request);
                let _ = self.app.update(Msg::Searched(answer));
            }
        }
        self.draw();
        (key, t.elapsed())
    }

    /// The mean of `rounds` presses of `k`.
    fn mean(&mut self, k: KeyEvent, rounds: u32) -> f64 {
        let total: Duration = (0..rounds).map(|_| self.press(k)).sum();
        ms(total) / f64::from(rounds)
    }
}

/// Opens `db` as the terminal would and draws the first frame, printing
/// how long each step took from the start.
fn first_frame(db: &Path) -> Screen {
    let t = Instant::now();
    let (store, _) = Store::open(db).expect("open");
    println!("start: open the file={}", ms(t.elapsed()));
    // As the terminal starts it: the first screen's rows only (App::start).
    let app = App::start(
        store,
        ChecklistTemplate::builtin(),
        Config::default(),
        today(),
        HEIGHT,
    )
    .expect("app");
    println!("start: load the first screen={}", ms(t.elapsed()));
    let mut s = Screen {
        app,
        term: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal"),
        theme: Theme::builtin(true),
    };
    s.draw();
    println!("first frame={}", ms(t.elapsed()));
    println!("peak RSS at the first frame={}", peak_rss_mib());
    s
}

fn child_casework(db: &Path) {
    let mut s = first_frame(db);
    // As the loop does it: the rest is read on a thread while the first
    // frame is looked at (timed here on this thread), then taken in.
    let shown = s.app.update(Msg::Shown);
    for effect in shown.effects {
        if let Effect::LoadRest(request) = effect {
            let t = Instant::now();
            let loaded = rest_loader::load_now(&s.app.store().source(), request);
            println!(
                "after the first frame: the rest of the caseload read (off the keys)={}",
                ms(t.elapsed())
            );
            let t = Instant::now();
            let _ = s.app.update(Msg::Rest(loaded));
            s.draw();
            println!(
                "after the first frame: the rest of the caseload taken in={}",
                ms(t.elapsed())
            );
        }
    }
    println!("peak RSS with the whole caseload={}", peak_rss_mib());
    println!("j in the caseload={}", s.mean(key('j'), 50));
    println!("t: open Today={}", ms(s.press(key('t'))));
    println!("j in Today={}", s.mean(key('j'), 50));
    println!(
        "PageDown in Today={}",
        s.mean(special(KeyCode::PageDown), 20)
    );
    println!("G: last item in Today={}", ms(s.press(key('G'))));
    println!("k in Today from the end={}", s.mean(key('k'), 50));
    s.press(special(KeyCode::Esc));
    println!("w: open workload={}", ms(s.press(key('w'))));
    s.press(special(KeyCode::Esc));
    s.press(key('/'));
    println!("filter: first letter={}", ms(s.press(key('a'))));
    println!("filter: second letter={}", ms(s.press(key('n'))));
    println!("filter: third letter={}", ms(s.press(key('a'))));
    println!(
        "filter: backspace={}",
        ms(s.press(special(KeyCode::Backspace)))
    );
    s.press(special(KeyCode::Esc));
    for _ in 0..3 {
        s.press(special(KeyCode::Tab));
    }
    s.press(key('/'));
    for (what, c) in [("first", 'a'), ("second", 'n'), ("third", 'y')] {
        let (k, answered) = s.type_search(key(c));
        println!("note search: {what} letter={}", ms(k));
        println!(
            "note search: {what} letter answered (off the keys)={}",
            ms(answered)
        );
    }
    println!("peak RSS={}", peak_rss_mib());
}

/// `export` and `import` through the real binary: time and peak memory
/// (sampled from /proc while it runs; the peak only grows).
fn exchange(db: &Path) {
    let bin = env!("CARGO_BIN_EXE_casework");
    let dir = tempdir();
    let json = dir.join("export.json");
    let into = dir.join("imported.db");
    let state = dir.join("state");
    let export = [
        "export",
        "--db",
        db.to_str().expect("utf8"),
        "-o",
        json.to_str().expect("utf8"),
    ];
    let import = [
        "import",
        "--db",
        into.to_str().expect("utf8"),
        json.to_str().expect("utf8"),
    ];
    println!();
    println!("| command | time | peak RSS |");
    println!("|---|---|---|");
    let runs: [(&str, &[&str]); 2] = [("export --format json", &export), ("import", &import)];
    for (name, args) in runs {
        let t = Instant::now();
        let mut child = Command::new(bin)
            .args(args)
            .env("XDG_STATE_HOME", &state)
            .env("XDG_DATA_HOME", &state)
            .env("XDG_CONFIG_HOME", &state)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let status_file = format!("/proc/{}/status", child.id());
        let mut peak_kib = 0.0_f64;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if let Some(kib) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            }) {
                peak_kib = peak_kib.max(kib);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(status.success(), "{name} failed");
        println!(
            "| {name} | {:.1} s | {:.1} MiB |",
            t.elapsed().as_secs_f64(),
            peak_kib / 1024.0
        );
    }
    let size = std::fs::metadata(&json).map(|m| m.len()).unwrap_or(0);
    println!("\nexport file: {:.0} MB", size as f64 / 1e6);
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempdir() -> PathBuf {
    let dir = data_dir().join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}
