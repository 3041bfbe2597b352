//! Full-text search over notes and addenda (FTS5). What people type is
//! turned into a safe FTS5 query: every word quoted, so punctuation and
//! operators in the text can never make the query fail.

use super::codec::{date, enum_key};
use super::error::Result;
use crate::domain::{Date, NoteKind};
use rusqlite::{Connection, params};

/// Marks around a match inside `SearchHit::snippet`. Control characters that
/// cannot occur in typed notes, so the UI and CLI can style them as they like.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub client_id: i64,
    pub client_name: String,
    pub note_id: i64,
    /// Set when the match is in an addendum of the note.
    pub addendum_id: Option<i64>,
    pub session_date: Date,
    pub kind: NoteKind,
    pub signed: bool,
    /// A few words around the match, matches between MARK_START and MARK_END.
    pub snippet: String,
}

/// A safe FTS5 query for what was typed: each word becomes a quoted phrase
/// (all must match) and the last one also matches as a prefix, so results
/// appear while a word is still being typed. `None` when there is nothing
/// searchable.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<&str> = input
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    let typing_last = !input.ends_with(char::is_whitespace);
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if i == last && typing_last {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    Some(parts.join(" "))
}

/// The newest `limit` matches across all notes and addenda, newest session
/// first. Newest-first is what a practitioner usually wants (the latest
/// mention of a name or a worry), and it is what FTS5 can answer without
/// scoring every match: on 200,000 notes a word found in nearly all of them
/// takes about a millisecond this way and about 200 ms ranked by relevance.
/// note id, client id, client name, session date, kind, signed, snippet, addendum id
type HitRow = (i64, i64, String, String, String, bool, String, Option<i64>);

pub fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else {
        return Ok(Vec::new());
    };
    let limit = limit as i64;
    // The inner query lets FTS5 walk its index newest first and stop at the
    // limit, so snippets are only built for the rows shown.
    let mut hits = Vec::new();
    let mut notes = conn.prepare_cached(
        "WITH hits AS (
            SELECT rowid AS id,
                   snippet(notes_fts, 0, char(2), char(3), '…', 12) AS snip
            FROM notes_fts WHERE notes_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
         SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
                n.signed_at IS NOT NULL, hits.snip, NULL
         FROM hits JOIN notes n ON n.id = hits.id JOIN clients c ON c.id = n.client_id",
    )?;
    let rows = notes.query_map(params![query, limit], |r| HitRow::try_from(r))?;
    let mut raw = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut addenda = conn.prepare_cached(
        "WITH hits AS (
            SELECT rowid AS id,
                   snippet(addenda_fts, 0, char(2), char(3), '…', 12) AS snip
            FROM addenda_fts WHERE addenda_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
         SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
                a.signed_at IS NOT NULL, hits.snip, a.id
         FROM hits JOIN addenda a ON a.id = hits.id
              JOIN notes n ON n.id = a.note_id JOIN clients c ON c.id = n.client_id",
    )?;
    let rows = addenda.query_map(params![query, limit], |r| HitRow::try_from(r))?;
    raw.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    for (note_id, client_id, client_name, day, kind, signed, snippet, addendum_id) in raw {
        hits.push(SearchHit {
            client_id,
            client_name,
            note_id,
            addendum_id,
            session_date: date(&day)?,
            kind: enum_key(&kind, "note kind", NoteKind::from_key)?,
            signed,
            snippet: snippet.replace(['\n', '\r', '\t'], " "),
        });
    }
    hits.sort_by(|a, b| {
        (b.session_date, b.note_id, b.addendum_id).cmp(&(a.session_date, a.note_id, a.addendum_id))
    });
    hits.truncate(limit.max(0) as usize);
    Ok(hits)
}

/// Split a snippet into (text, is_match) pieces for display.
pub fn snippet_parts(snippet: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = snippet;
    while let Some(start) = rest.find(MARK_START) {
        if start > 0 {
            out.push((&rest[..start], false));
        }
        let after = &rest[start + MARK_START.len_utf8()..];
        let end = after.find(MARK_END).unwrap_or(after.len());
        out.push((&after[..end], true));
        rest = after.get(end + MARK_END.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push((rest, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_words() {
        assert_eq!(fts_query("benefit"), Some("\"benefit\"*".into()));
        assert_eq!(
            fts_query("housing benefit "),
            Some("\"housing\" \"benefit\"".into())
        );
        assert_eq!(
            fts_query("say \"no\" AND (x"),
            Some("\"say\" \"\"\"no\"\"\" \"AND\" \"(x\"*".into())
        );
        assert_eq!(fts_query("  -- ** "), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn snippets_split_into_marked_parts() {
        let s = format!("a {MARK_START}bus{MARK_END} ride");
        assert_eq!(
            snippet_parts(&s),
            vec![("a ", false), ("bus", true), (" ride", false)]
        );
        assert_eq!(snippet_parts("plain"), vec![("plain", false)]);
    }
}
