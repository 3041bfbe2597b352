//! `casework search QUERY`: the same search as the TUI's, printed one match
//! per line: date, client, kind, signed marker, and the words around the
//! match (marked in bold on a terminal, in [brackets] otherwise). On a
//! terminal, control characters in names and notes are shown, not obeyed
//! (`clean_text`).
//!
//! Words given on the command line are visible to every user in `ps`;
//! `casework search -` (or `--stdin`) reads them from standard input.

use crate::clean_text::control_free;
use crate::store::Store;
use crate::store::search::{Cursor, Scope, SearchHit, snippet_parts};
use crate::ui::text::grouped;
use std::io::{BufRead, IsTerminal, Read, Write};

/// More than anyone types into a search box; a wrong file piped in is
/// refused rather than read whole.
const MAX_STDIN_QUERY: u64 = 64 * 1024;

/// The search words, read from standard input (all of it, or up to the
/// end of the first line on a terminal, so Enter ends the query).
pub fn words_from_stdin() -> Result<Vec<String>, String> {
    let stdin = std::io::stdin();
    let mut text = String::new();
    if stdin.is_terminal() {
        eprint!("search for: ");
        stdin
            .lock()
            .take(MAX_STDIN_QUERY)
            .read_line(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
    } else {
        stdin
            .lock()
            .take(MAX_STDIN_QUERY + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
        if text.len() as u64 > MAX_STDIN_QUERY {
            return Err(format!(
                "standard input: more than {MAX_STDIN_QUERY} bytes is not a search"
            ));
        }
    }
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Err("no search words on standard input".into());
    }
    Ok(words)
}

pub fn run(
    store: &Store,
    words: &[String],
    limit: usize,
    client: Option<i64>,
) -> Result<(), String> {
    let scope = match client {
        None => Scope::All,
        Some(id) => match crate::store::clients::exists(store.conn(), id) {
            Ok(true) => Scope::Client(id),
            Ok(false) => {
                return Err(format!(
                    "{}: no client with id {id}",
                    store.path().display()
                ));
            }
            Err(e) => return Err(e.to_string()),
        },
    };
    let query = words.join(" ");
    let started = std::time::Instant::now();
    let page = store
        .search_page(&query, scope, Cursor::START, limit)
        .map_err(|e| e.to_string())?;
    let hits = page.hits;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let styled = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = stdout.lock();
    for hit in &hits {
        match writeln!(out, "{}", line(hit, terminal, styled)) {
            Ok(()) => {}
            // `casework search x | head` is fine: the reader has had enough.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e.to_string()),
        }
    }
    // Counting visits every match (a tenth of a second for one letter on
    // 2,000,000 notes): after the lines are out, and not at all when this
    // page has them all or the reader stopped reading.
    let total = match page.next {
        None => hits.len() as u64,
        Some(_) => store
            .search_count(&query, scope)
            .map_err(|e| e.to_string())?,
    };
    let elapsed = started.elapsed();
    // The count goes to stderr so the lines on stdout stay easy to pipe.
    // It is every match, not only the ones printed.
    let shown = if (hits.len() as u64) < total {
        format!(", newest {} shown", hits.len())
    } else {
        String::new()
    };
    eprintln!(
        "{} match{}{shown} ({:.1} ms)",
        grouped(total),
        if total == 1 { "" } else { "es" },
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// One result as a line of text. For a terminal, the user's text is
/// cleaned before our own styling is added around it.
pub fn line(hit: &SearchHit, terminal: bool, styled: bool) -> String {
    let clean = |text: &'_ str| -> String {
        match terminal {
            // A line break in a note would break the one-line layout too.
            true => control_free(&text.replace('\n', " ")).into_owned(),
            false => text.to_string(),
        }
    };
    let (on, off) = if styled {
        ("\x1b[1;4m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut snippet = String::new();
    for (text, is_match) in snippet_parts(&hit.snippet) {
        if is_match {
            snippet.push_str(on);
            snippet.push_str(&clean(text));
            snippet.push_str(off);
        } else {
            snippet.push_str(&clean(text));
        }
    }
    format!(
        "{}  {:<24}  {:<kw$} {}{}  note {}  {}",
        hit.session_date,
        clean(&hit.client_name),
        hit.kind.label(),
        if hit.signed { "✓" } else { " " },
        if hit.addendum_id.is_some() {
            " addendum"
        } else {
            ""
        },
        hit.note_id,
        snippet.trim(),
        kw = crate::domain::vocabulary().kind_column(),
    )
}
