//! Start as a user meets it: from launching a program in a pseudo-terminal
//! to its first frame on that terminal (process start, terminal set-up and
//! all), the way the yardstick (`less`, a bare list) was timed.
//! Queries a program sends its terminal on the way (cursor position,
//! device attributes) are answered as a terminal would answer them.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a terminal answers to each query a program may wait on.
const ANSWERS: &[(&[u8], &[u8])] = &[
    (b"\x1b[6n", b"\x1b[1;1R"),
    (b"\x1b[c", b"\x1b[?62;22c"),
    (b"\x1b[0c", b"\x1b[?62;22c"),
];

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// A program running in a pseudo-terminal. What it sends arrives on `rx`,
/// each read with the moment it came, from a thread, so that waiting for
/// it can time out.
struct Launched {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    rx: mpsc::Receiver<(Vec<u8>, Instant)>,
    started: Instant,
}

/// Launch `program args` in a `cols` x `rows` terminal.
fn launch(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    (cols, rows): (u16, u16),
) -> Launched {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send((buf[..n].to_vec(), Instant::now())).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    Launched {
        child,
        writer,
        rx,
        started,
    }
}

/// Answer, as a terminal would, every query in `seen` not answered yet.
fn answer(seen: &[u8], answered: &mut [usize], writer: &mut Box<dyn Write + Send>) {
    for (i, (query, answer)) in ANSWERS.iter().enumerate() {
        for _ in answered[i]..count(seen, query) {
            writer.write_all(answer).expect("answer");
            answered[i] += 1;
        }
    }
    writer.flush().expect("flush");
}

/// Milliseconds from launching `program args` in a `cols` x `rows`
/// terminal to the last byte of its first frame: the first output that
/// holds `marker` (part of that frame) and whatever follows it until
/// nothing more comes for 100 ms. A program that writes its frame in
/// pieces is timed to its last piece, not its first. The program is
/// killed afterwards.
pub fn first_frame_ms(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    (cols, rows): (u16, u16),
    marker: &[u8],
) -> f64 {
    let Launched {
        mut child,
        mut writer,
        rx,
        started: t,
    } = launch(program, args, env, (cols, rows));
    let mut seen = Vec::new();
    let mut answered = vec![0; ANSWERS.len()];
    let mut last = None;
    loop {
        let wait = match last {
            Some(_) => Duration::from_millis(100),
            None => Duration::from_secs(30),
        };
        let (chunk, at) = match rx.recv_timeout(wait) {
            Ok(got) => got,
            Err(_) if last.is_some() => break,
            Err(_) => panic!(
                "{} ended or stalled before its first frame:\n{}",
                program.display(),
                String::from_utf8_lossy(&seen)
            ),
        };
        seen.extend_from_slice(&chunk);
        if last.is_some() || count(&seen, marker) > 0 {
            last = Some(at);
        }
        answer(&seen, &mut answered, &mut writer);
    }
    let _ = child.kill();
    let _ = child.wait();
    last.map_or(f64::NAN, |at| at.duration_since(t).as_secs_f64() * 1e3)
}

/// What a key cost on the terminal: the bytes the program sent for it and
/// the reads they took on the terminal's side (one write can arrive in
/// more than one read: the kernel hands a pty's output on 2 KiB at a time).
pub struct KeyCost {
    pub name: String,
    pub presses: u32,
    pub bytes: f64,
    pub reads: f64,
}

/// A step of `key_costs`: press `keys` (as a terminal sends them)
/// `presses` times, each once the screen is still, and count what came
/// back (`measure`) or only press them (to get somewhere).
pub struct Step<'a> {
    pub name: &'a str,
    pub keys: &'a [u8],
    pub presses: u32,
    pub measure: bool,
}

/// Launch `program args` in a `cols` x `rows` terminal, wait for `marker`
/// and for the screen to be still, then take `steps`. The screen is
/// still when nothing has come for 150 ms (a key with nothing to draw
/// costs that wait and 0 bytes). The means per press of the steps
/// measured.
pub fn key_costs(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    (cols, rows): (u16, u16),
    marker: &[u8],
    steps: &[Step],
) -> Vec<KeyCost> {
    let Launched {
        mut child,
        mut writer,
        rx,
        ..
    } = launch(program, args, env, (cols, rows));
    let mut seen = Vec::new();
    let mut answered = vec![0; ANSWERS.len()];
    // Reads until nothing has come for `still` (and `marker` has been
    // seen, if one is given): (bytes, reads).
    let mut settle = |writer: &mut Box<dyn Write + Send>, marker: Option<&[u8]>, still| {
        let (mut bytes, mut reads) = (0, 0);
        loop {
            match rx.recv_timeout(still) {
                Ok((chunk, _)) => {
                    bytes += chunk.len();
                    reads += 1;
                    seen.extend_from_slice(&chunk);
                    answer(&seen, &mut answered, writer);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if marker.is_none_or(|m| count(&seen, m) > 0) {
                        break (bytes, reads);
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => panic!(
                    "{} ended:\n{}",
                    program.display(),
                    String::from_utf8_lossy(&seen)
                ),
            }
        }
    };
    // Longer at first: what the program does after its first frame (casework
    // reads the rest of the caseload) is not a key's cost.
    settle(&mut writer, Some(marker), Duration::from_millis(1000));
    let mut costs = Vec::new();
    for step in steps {
        let (mut bytes, mut reads) = (0, 0);
        for _ in 0..step.presses {
            writer.write_all(step.keys).expect("key");
            writer.flush().expect("flush");
            let (b, r) = settle(&mut writer, None, Duration::from_millis(150));
            bytes += b;
            reads += r;
        }
        if step.measure {
            let n = f64::from(step.presses);
            costs.push(KeyCost {
                name: step.name.to_string(),
                presses: step.presses,
                bytes: bytes as f64 / n,
                reads: reads as f64 / n,
            });
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    costs
}
