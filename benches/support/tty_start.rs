//! Start as a user meets it: from launching a program in a pseudo-terminal
//! to its first frame on that terminal (process start, terminal set-up and
//! all), the way the yardstick (`less`, a bare list) was timed.
//! Queries a program sends its terminal on the way (cursor position,
//! device attributes) are answered as a terminal would answer them.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

/// What a terminal answers to each query a program may wait on.
const ANSWERS: &[(&[u8], &[u8])] = &[
    (b"\x1b[6n", b"\x1b[1;1R"),
    (b"\x1b[c", b"\x1b[?62;22c"),
    (b"\x1b[0c", b"\x1b[?62;22c"),
];

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Milliseconds from launching `program args` in a `cols` x `rows`
/// terminal to the first output that holds `marker` (part of its first
/// frame). The program is killed afterwards.
pub fn first_frame_ms(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    (cols, rows): (u16, u16),
    marker: &[u8],
) -> f64 {
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
    let mut writer = pair.master.take_writer().expect("writer");
    let t = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut seen = Vec::new();
    let mut answered = vec![0; ANSWERS.len()];
    let mut buf = [0u8; 65536];
    let ms = loop {
        let n = reader.read(&mut buf).expect("read");
        assert!(
            n > 0,
            "{} ended before its first frame:\n{}",
            program.display(),
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
        if count(&seen, marker) > 0 {
            break t.elapsed().as_secs_f64() * 1e3;
        }
        for (i, (query, answer)) in ANSWERS.iter().enumerate() {
            for _ in answered[i]..count(&seen, query) {
                writer.write_all(answer).expect("answer");
                answered[i] += 1;
            }
        }
        writer.flush().expect("flush");
    };
    let _ = child.kill();
    let _ = child.wait();
    ms
}
