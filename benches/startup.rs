//! Start-up and keystroke cost on a large caseload (5,000 clients, 200,000
//! notes): open, first frame, a keystroke redraw, and peak memory.
//! Run with `cargo bench --bench startup`. Numbers are printed, not asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a failure is a panic

use casework::app::{Action, App};
use casework::config::Config;
use casework::demo::{GenerateOptions, generate};
use casework::domain::{ChecklistTemplate, Date};
use casework::store::Store;
use casework::ui::{Theme, render_to_text};
use std::time::Instant;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let path = std::env::temp_dir().join("casework-bench-5000.db");
    let today = Date::from_ymd_opt(2026, 11, 23).expect("date");
    if !path.exists() {
        let (mut store, _) = Store::open(&path).expect("create");
        let t = Instant::now();
        let opts = GenerateOptions {
            clients: 5000,
            notes: 200_000,
            seed: 1,
            today,
            progress: false,
        };
        generate(&mut store, &opts).expect("generate");
        println!(
            "generate 5000 clients / 200000 notes: {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
    let rss_before = peak_rss_kib();
    let theme = Theme::builtin(true);

    let t = Instant::now();
    let (store, _) = Store::open(&path).expect("open");
    let open = t.elapsed();
    let mut app = App::new(
        store,
        ChecklistTemplate::builtin(),
        Config::default(),
        today,
    )
    .expect("app");
    let loaded = t.elapsed();
    let _ = render_to_text(&app, &theme, 120, 40);
    let first_frame = t.elapsed();

    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        let _ = app.update(Action::MoveDown);
        let _ = render_to_text(&app, &theme, 120, 40);
    }
    let per_key = t.elapsed() / rounds;

    println!(
        "open database:            {:>8.2} ms",
        open.as_secs_f64() * 1e3
    );
    println!(
        "caseload + first client:  {:>8.2} ms",
        loaded.as_secs_f64() * 1e3
    );
    println!(
        "first frame (total):      {:>8.2} ms",
        first_frame.as_secs_f64() * 1e3
    );
    println!(
        "move down + redraw (avg): {:>8.3} ms",
        per_key.as_secs_f64() * 1e3
    );
    if let (Some(before), Some(after)) = (rss_before, peak_rss_kib()) {
        println!(
            "peak memory: {:.1} MiB (before opening: {:.1} MiB)",
            after as f64 / 1024.0,
            before as f64 / 1024.0
        );
    }
}
