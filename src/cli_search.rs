//! `casework search QUERY`: the same search as the TUI's, printed one match
//! per line: date, client, kind, signed marker, and the words around the
//! match (marked in bold on a terminal, in [brackets] otherwise).

use crate::store::Store;
use crate::store::search::{SearchHit, snippet_parts};
use std::io::{IsTerminal, Write};

pub fn run(store: &Store, words: &[String], limit: usize) -> Result<(), String> {
    let query = words.join(" ");
    let started = std::time::Instant::now();
    let hits = store
        .search_notes(&query, limit)
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    let stdout = std::io::stdout();
    let styled = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = stdout.lock();
    for hit in &hits {
        match writeln!(out, "{}", line(hit, styled)) {
            Ok(()) => {}
            // `casework search x | head` is fine: the reader has had enough.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e.to_string()),
        }
    }
    // The count goes to stderr so the lines on stdout stay easy to pipe.
    eprintln!(
        "{} match{} ({:.1} ms)",
        hits.len(),
        if hits.len() == 1 { "" } else { "es" },
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// One result as a line of text.
pub fn line(hit: &SearchHit, styled: bool) -> String {
    let (on, off) = if styled {
        ("\x1b[1;4m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut snippet = String::new();
    for (text, is_match) in snippet_parts(&hit.snippet) {
        if is_match {
            snippet.push_str(on);
            snippet.push_str(text);
            snippet.push_str(off);
        } else {
            snippet.push_str(text);
        }
    }
    format!(
        "{}  {:<24}  {:<10} {}{}  note {}  {}",
        hit.session_date,
        hit.client_name,
        hit.kind.label(),
        if hit.signed { "✓" } else { " " },
        if hit.addendum_id.is_some() {
            " addendum"
        } else {
            ""
        },
        hit.note_id,
        snippet.trim()
    )
}
