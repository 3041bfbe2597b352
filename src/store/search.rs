//! Full-text search over notes and addenda (FTS5). What people type is
//! turned into a safe FTS5 query: every word quoted, so punctuation and
//! operators in the text can never make the query fail.

use super::codec::date;
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

/// Whose notes a search looks in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    /// One client's notes and the addenda of those notes.
    Client(i64),
}

/// Where the next page of a search starts: below the last note row and the
/// last addendum row already returned. Notes and addenda are two FTS tables
/// walked separately, newest written (highest rowid) first, so each keeps
/// its own place; `None` for a table means it is used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    notes: Option<i64>,
    addenda: Option<i64>,
}

impl Cursor {
    /// The first page.
    pub const START: Cursor = Cursor {
        notes: Some(i64::MAX),
        addenda: Some(i64::MAX),
    };
}

/// One page of results, and where the next one starts (`None`: no more).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub hits: Vec<SearchHit>,
    pub next: Option<Cursor>,
}

/// note id, client id, client name, session date, kind, signed, snippet,
/// addendum id, and the row's own id in its FTS table (the page keyset).
type HitRow = (
    i64,
    i64,
    String,
    String,
    String,
    bool,
    String,
    Option<i64>,
    i64,
);

// Each query lets FTS5 walk its index newest written first (rowid
// descending) from the cursor and stop at the limit, so snippets are only
// built for the rows shown and a word found in nearly every note costs no
// more than a rare one. Ranking by relevance, or sorting every match by
// session date, means visiting every match first: on 200,000 notes that is
// hundreds of milliseconds for a common word against about one.
const NOTES_ALL: &str = "WITH hits AS (
    SELECT rowid AS id, snippet(notes_fts, 0, char(2), char(3), '…', 12) AS snip
    FROM notes_fts WHERE notes_fts MATCH ?1 AND rowid < ?3
    ORDER BY rowid DESC LIMIT ?2)
 SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
        n.signed_at IS NOT NULL, hits.snip, NULL, hits.id
 FROM hits JOIN notes n ON n.id = hits.id JOIN clients c ON c.id = n.client_id
 ORDER BY hits.id DESC";

const ADDENDA_ALL: &str = "WITH hits AS (
    SELECT rowid AS id, snippet(addenda_fts, 0, char(2), char(3), '…', 12) AS snip
    FROM addenda_fts WHERE addenda_fts MATCH ?1 AND rowid < ?3
    ORDER BY rowid DESC LIMIT ?2)
 SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
        a.signed_at IS NOT NULL, hits.snip, a.id, hits.id
 FROM hits JOIN addenda a ON a.id = hits.id
      JOIN notes n ON n.id = a.note_id JOIN clients c ON c.id = n.client_id
 ORDER BY hits.id DESC";

// One client's notes: the walk is the same, each match checked against the
// client's rows (from the notes_client index). The `+` keeps that check
// out of FTS5: handed to it, FTS5 looks every one of the client's rows up
// in the index separately, each lookup as dear as a whole query for a
// short prefix (ten seconds for "a" on 200,000 notes, against 40 ms).
const NOTES_CLIENT: &str = "WITH hits AS (
    SELECT rowid AS id, snippet(notes_fts, 0, char(2), char(3), '…', 12) AS snip
    FROM notes_fts WHERE notes_fts MATCH ?1 AND rowid < ?3
      AND +rowid IN (SELECT id FROM notes WHERE client_id = ?4)
    ORDER BY rowid DESC LIMIT ?2)
 SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
        n.signed_at IS NOT NULL, hits.snip, NULL, hits.id
 FROM hits JOIN notes n ON n.id = hits.id JOIN clients c ON c.id = n.client_id
 ORDER BY hits.id DESC";

const ADDENDA_CLIENT: &str = "WITH hits AS (
    SELECT rowid AS id, snippet(addenda_fts, 0, char(2), char(3), '…', 12) AS snip
    FROM addenda_fts WHERE addenda_fts MATCH ?1 AND rowid < ?3
      AND +rowid IN (SELECT a.id FROM notes n JOIN addenda a ON a.note_id = n.id
                    WHERE n.client_id = ?4)
    ORDER BY rowid DESC LIMIT ?2)
 SELECT n.id, n.client_id, c.name, n.session_date, n.kind,
        a.signed_at IS NOT NULL, hits.snip, a.id, hits.id
 FROM hits JOIN addenda a ON a.id = hits.id
      JOIN notes n ON n.id = a.note_id JOIN clients c ON c.id = n.client_id
 ORDER BY hits.id DESC";

/// The newest `limit` matches (see [`search_page`]), for callers that want
/// one page.
pub fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
    Ok(search_page(conn, input, Scope::All, Cursor::START, limit)?.hits)
}

/// A page of up to `limit` matches starting at `from`: the newest written
/// matches not on an earlier page, shown newest session first. Newest is
/// what a practitioner usually wants (the latest mention of a name or a
/// worry), and newest written is what FTS5 can answer without visiting
/// every match. Every match appears on exactly one page however the pages
/// fall.
pub fn search_page(
    conn: &Connection,
    input: &str,
    scope: Scope,
    from: Cursor,
    limit: usize,
) -> Result<Page> {
    let Some(query) = fts_query(input) else {
        return Ok(Page {
            hits: Vec::new(),
            next: None,
        });
    };
    let (notes_sql, addenda_sql) = match scope {
        Scope::All => (NOTES_ALL, ADDENDA_ALL),
        Scope::Client(_) => (NOTES_CLIENT, ADDENDA_CLIENT),
    };
    let notes = rows(conn, notes_sql, &query, scope, from.notes, limit)?;
    let addenda = rows(conn, addenda_sql, &query, scope, from.addenda, limit)?;
    // A table that gave fewer rows than asked has none left after them.
    let notes_full = notes.len() >= limit;
    let addenda_full = addenda.len() >= limit;

    // Merge the two newest-first runs, taking a prefix of each, so the
    // cursor for each table is simply the last row taken from it.
    let mut next = from;
    let mut hits = Vec::with_capacity(limit);
    let (mut n, mut a) = (notes.into_iter().peekable(), addenda.into_iter().peekable());
    while hits.len() < limit {
        let take_note = match (n.peek(), a.peek()) {
            (Some(x), Some(y)) => order_key(x) >= order_key(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let (row, place) = if take_note {
            (n.next(), &mut next.notes)
        } else {
            (a.next(), &mut next.addenda)
        };
        let Some(row) = row else { break };
        *place = Some(row.8);
        hits.push(hit(row)?);
    }
    // What was fetched and not taken is fetched again with the next page.
    if n.peek().is_none() && !notes_full {
        next.notes = None;
    }
    if a.peek().is_none() && !addenda_full {
        next.addenda = None;
    }
    // Shown newest session first within the page, as before pages: which
    // rows make the page is decided above, so the order on screen cannot
    // make a page skip or repeat a row.
    hits.sort_by(|a, b| {
        (b.session_date, b.note_id, b.addendum_id).cmp(&(a.session_date, a.note_id, a.addendum_id))
    });
    let more = next.notes.is_some() || next.addenda.is_some();
    Ok(Page {
        hits,
        next: more.then_some(next),
    })
}

/// How many notes and addenda match, exactly. FTS5 has to visit every
/// match for this, so it costs more than a page for a common word: ask once
/// per query, not once per page.
pub fn count(conn: &Connection, input: &str, scope: Scope) -> Result<u64> {
    let Some(query) = fts_query(input) else {
        return Ok(0);
    };
    let total: i64 = match scope {
        Scope::All => conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?1)
                      + (SELECT count(*) FROM addenda_fts WHERE addenda_fts MATCH ?1)",
            )?
            .query_row(params![query], |r| r.get(0))?,
        Scope::Client(id) => conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?1
                           AND +rowid IN (SELECT id FROM notes WHERE client_id = ?2))
                      + (SELECT count(*) FROM addenda_fts WHERE addenda_fts MATCH ?1
                           AND +rowid IN (SELECT a.id FROM notes n
                                         JOIN addenda a ON a.note_id = n.id
                                         WHERE n.client_id = ?2))",
            )?
            .query_row(params![query, id], |r| r.get(0))?,
    };
    Ok(u64::try_from(total).unwrap_or(0))
}

/// Up to `limit` rows of one table below `below`, newest written first.
fn rows(
    conn: &Connection,
    sql: &str,
    query: &str,
    scope: Scope,
    below: Option<i64>,
    limit: usize,
) -> Result<Vec<HitRow>> {
    let Some(below) = below else {
        return Ok(Vec::new());
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = match scope {
        Scope::All => stmt
            .query_map(params![query, limit, below], |r| HitRow::try_from(r))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        Scope::Client(id) => stmt
            .query_map(params![query, limit, below, id], |r| HitRow::try_from(r))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// Which of two rows comes first when notes and addenda are merged: the
/// later session, then the later note, then the addendum (written after
/// its note).
fn order_key(row: &HitRow) -> (&str, i64, Option<i64>) {
    (row.3.as_str(), row.0, row.7)
}

fn hit(row: HitRow) -> Result<SearchHit> {
    let (note_id, client_id, client_name, day, kind, signed, snippet, addendum_id, _) = row;
    Ok(SearchHit {
        client_id,
        client_name,
        note_id,
        addendum_id,
        session_date: date(&day)?,
        kind: NoteKind::stored(&kind),
        signed,
        snippet: snippet.replace(['\n', '\r', '\t'], " "),
    })
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
