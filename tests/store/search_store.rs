//! Search in a real file: the count is every match, pages together are
//! every match exactly once (notes and addenda), one client's search is
//! theirs alone, and a version 3 file gets the prefix indexes on upgrade.

use crate::fixture::{Fixture, today};
use casework::domain::{NoteKind, NoteMeta};
use casework::store::search::{self, Cursor, Scope, SearchHit};
use casework::store::{SCHEMA_VERSION, Store};
use std::collections::BTreeSet;

/// A match: the note, and the addendum if the match is in one.
type Key = (i64, Option<i64>);

fn key(h: &SearchHit) -> Key {
    (h.note_id, h.addendum_id)
}

/// A generated caseload (none of its text has "zqword"), then 130 notes
/// spread over its clients, two in three with "zqword", and an addendum
/// with "zqword" on every fifth signed one. Returns the matches as built.
fn with_known_matches() -> (Fixture, Vec<(Key, i64)>) {
    let f = Fixture::demo(6, 60);
    let mut store = f.store();
    let clients: Vec<i64> = store
        .caseload()
        .expect("caseload")
        .iter()
        .map(|c| c.id)
        .collect();
    let mut expected = Vec::new();
    for i in 0..130_i64 {
        let client = clients[(i as usize * 7) % clients.len()];
        let mut meta = NoteMeta::new(today() - chrono::Days::new((i % 40) as u64));
        meta.kind = NoteKind::SESSION;
        let body = if i % 3 == 1 {
            format!("Visit {i}. Nothing to add.")
        } else {
            format!("Visit {i}. The zqword came up again.")
        };
        let id = store.create_note(client, &meta, &body, None).expect("note");
        if i % 3 != 1 {
            expected.push(((id, None), client));
        }
        if i % 5 == 0 {
            store.sign_note(id).expect("sign");
            let a = store
                .add_addendum(id, &format!("Addendum {i}: zqword confirmed."), None)
                .expect("addendum");
            expected.push(((id, Some(a)), client));
        }
    }
    (f, expected)
}

/// Every page from the first until there is no next one.
fn pages(store: &Store, q: &str, scope: Scope, size: usize) -> Vec<Vec<SearchHit>> {
    let mut out = Vec::new();
    let mut from = Cursor::START;
    for _ in 0..1000 {
        let page = store.search_page(q, scope, from, size).expect("page");
        assert!(page.hits.len() <= size, "a page longer than asked");
        out.push(page.hits);
        match page.next {
            Some(next) => from = next,
            None => return out,
        }
    }
    panic!("pages never ended");
}

fn all_pages(store: &Store, q: &str, scope: Scope, size: usize) -> Vec<SearchHit> {
    pages(store, q, scope, size).concat()
}

#[test]
fn the_count_is_every_match_not_a_page() {
    let (f, expected) = with_known_matches();
    let store = f.store();
    assert!(expected.len() > 100, "{}", expected.len());
    assert_eq!(
        store.search_count("zqword", Scope::All).expect("count"),
        expected.len() as u64
    );
    // A page is still a page.
    assert_eq!(store.search_notes("zqword", 20).expect("page").len(), 20);
    assert_eq!(store.search_count("nowhere", Scope::All).expect("none"), 0);
    assert_eq!(store.search_count("  ** ", Scope::All).expect("empty"), 0);
}

#[test]
fn pages_together_hold_every_match_once() {
    let (f, expected) = with_known_matches();
    let store = f.store();
    let want: BTreeSet<Key> = expected.iter().map(|(k, _)| *k).collect();
    for size in [1, 7, 50, 1000] {
        let hits = all_pages(&store, "zqword", Scope::All, size);
        let got: Vec<Key> = hits.iter().map(key).collect();
        let unique: BTreeSet<Key> = got.iter().copied().collect();
        assert_eq!(unique.len(), got.len(), "size {size}: a match twice");
        assert_eq!(unique, want, "size {size}: missing or extra matches");
        assert!(got.iter().any(|(_, a)| a.is_some()), "no addenda");
    }
    // Each page is shown newest session first, and holds notes written
    // after every note on the pages that follow it (addenda likewise).
    let pages = pages(&store, "zqword", Scope::All, 7);
    for (i, page) in pages.iter().enumerate() {
        let dates: Vec<_> = page.iter().map(|h| h.session_date).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "page {i}: {dates:?}"
        );
        let written = |p: &[SearchHit], addenda: bool| -> Vec<i64> {
            p.iter()
                .filter_map(|h| match (addenda, h.addendum_id) {
                    (false, None) => Some(h.note_id),
                    (true, a) => a,
                    (false, Some(_)) => None,
                })
                .collect()
        };
        for addenda in [false, true] {
            let here = written(page, addenda);
            let later = written(&pages[i + 1..].concat(), addenda);
            if let (Some(low), Some(high)) = (here.iter().min(), later.iter().max()) {
                assert!(
                    low > high,
                    "page {i} (addenda: {addenda}): {here:?} vs {later:?}"
                );
            }
        }
    }
    // Prefixes page the same way (the last word may be the start of one).
    let by_prefix: BTreeSet<Key> = all_pages(&store, "zqwo", Scope::All, 9)
        .iter()
        .map(key)
        .collect();
    assert_eq!(by_prefix, want);
}

#[test]
fn one_clients_search_is_theirs_alone_notes_and_addenda() {
    let (f, expected) = with_known_matches();
    let store = f.store();
    let client = expected[0].1;
    let want: BTreeSet<Key> = expected
        .iter()
        .filter(|(_, c)| *c == client)
        .map(|(k, _)| *k)
        .collect();
    assert!(want.len() > 5 && want.len() < expected.len());
    assert!(
        want.iter().any(|(_, a)| a.is_some()),
        "no addendum of theirs"
    );
    let scope = Scope::Client(client);
    let hits = all_pages(&store, "zqword", scope, 4);
    assert!(hits.iter().all(|h| h.client_id == client));
    let got: Vec<Key> = hits.iter().map(key).collect();
    assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), want);
    assert_eq!(got.len(), want.len(), "a match twice");
    assert_eq!(
        store.search_count("zqword", scope).expect("count"),
        want.len() as u64
    );
    // A client with no such notes, and no client at all: nothing, no error.
    for nobody in [Scope::Client(i64::MAX), Scope::Client(-1)] {
        let page = store
            .search_page("zqword", nobody, Cursor::START, 10)
            .expect("page");
        assert!(page.hits.is_empty() && page.next.is_none());
        assert_eq!(store.search_count("zqword", nobody).expect("count"), 0);
    }
    assert!(search::fts_query("zqword").is_some());
}

/// A file as version 3 made it: its notes are found after the upgrade, and
/// the indexes have their prefix lists.
#[test]
fn a_version_3_database_is_searchable_after_upgrade() {
    let f = Fixture::empty();
    {
        let conn = rusqlite::Connection::open(&f.path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
            .expect("id");
        for sql in [
            include_str!("../../src/store/schema_v1.sql"),
            include_str!("../../src/store/schema_v2.sql"),
            include_str!("../../src/store/schema_v3.sql"),
        ] {
            conn.execute_batch(sql).expect("schema");
        }
        conn.pragma_update(None, "user_version", 3)
            .expect("version 3");
        conn.execute_batch(
            "INSERT INTO clients (name, created_at, updated_at)
                 VALUES ('Version Three', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at)
                 VALUES (1, 'session', 'free', 'Talked about the allotment.', '2026-11-01',
                         '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z'),
                        (1, 'phone', 'free', 'Allotment waiting list.', '2026-11-02',
                         '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z');
             INSERT INTO addenda (note_id, body, created_at)
                 VALUES (1, 'An allotment offered.', '2026-11-03T09:00:00Z');",
        )
        .expect("data");
    }
    let mut store = f.store();
    assert_eq!(
        store.schema_version().expect("version"),
        casework::store::SCHEMA_VERSION
    );
    let sql: String = store
        .conn()
        .query_row(
            "SELECT group_concat(sql, ' ') FROM sqlite_master
             WHERE name IN ('notes_fts', 'addenda_fts')",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(sql.matches("prefix='1 2 3'").count(), 2, "{sql}");
    for q in ["allot", "a", "al"] {
        assert_eq!(store.search_count(q, Scope::All).expect("count"), 3, "{q}");
        assert_eq!(store.search_notes(q, 10).expect("page").len(), 3, "{q}");
    }
    // The triggers still keep the rebuilt index up to date.
    let id = store
        .create_note(
            1,
            &NoteMeta::new(today()),
            "allotment keys handed over",
            None,
        )
        .expect("note");
    let hits = store.search_notes("allotment keys", 10).expect("new");
    assert_eq!(hits.iter().map(|h| h.note_id).collect::<Vec<_>>(), vec![id]);
    let report = store.check().expect("check");
    assert!(
        !report.problems.iter().any(|p| p.contains("fts")),
        "{report:?}"
    );
}

/// The version before three-letter prefixes (v12), fixed: later migrations
/// must not move the file the upgrade test starts from.
const BEFORE_THREE_LETTERS: i64 = 11;

/// The search indexes as versions 4 to 11 made them: what turns a file
/// made now back into an older version's (its schema is checked against
/// that version's before the upgrade).
pub const UNDO_V12: &str = "
    DROP TABLE notes_fts;
    CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id', prefix='1 2');
    INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
    INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1);
    DROP TABLE addenda_fts;
    CREATE VIRTUAL TABLE addenda_fts USING fts5(body, content='addenda', content_rowid='id', prefix='1 2');
    INSERT INTO addenda_fts(addenda_fts) VALUES ('rebuild');
    INSERT INTO addenda_fts(addenda_fts, rank) VALUES ('secure-delete', 1);";

fn index_sql(conn: &rusqlite::Connection) -> String {
    conn.query_row(
        "SELECT group_concat(sql, ' ') FROM sqlite_master
         WHERE name IN ('notes_fts', 'addenda_fts')",
        [],
        |r| r.get(0),
    )
    .expect("schema")
}

/// Every match of each query, in page order, and the count.
fn found(store: &Store, queries: &[&str]) -> Vec<(u64, Vec<Key>)> {
    queries
        .iter()
        .map(|q| {
            let hits = all_pages(store, q, Scope::All, 50);
            let count = store.search_count(q, Scope::All).expect("count");
            (count, hits.iter().map(key).collect())
        })
        .collect()
}

#[test]
fn a_v11_file_gets_three_letter_prefixes_and_every_note_is_still_found() {
    let (f, expected) = with_known_matches();
    // Three letters and fewer are what the new prefixes answer; the rest
    // are whole words and longer prefixes, answered as before.
    let queries = ["zqw", "zq", "z", "vis", "add", "zqword", "visit 1", "the"];
    let before = found(&f.store(), &queries);
    assert_eq!(before[0].0, expected.len() as u64);
    {
        crate::downgrade::to_version(&f.path, BEFORE_THREE_LETTERS);
        let conn = rusqlite::Connection::open(&f.path).expect("open");
        let sql = index_sql(&conn);
        assert!(
            !sql.contains("'1 2 3'") && sql.contains("prefix='1 2'"),
            "{sql}"
        );
    }
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let sql = index_sql(store.conn());
    assert_eq!(sql.matches("prefix='1 2 3'").count(), 2, "{sql}");
    for table in ["notes_fts_config", "addenda_fts_config"] {
        let on: i64 = store
            .conn()
            .query_row(
                &format!("SELECT v FROM {table} WHERE k = 'secure-delete'"),
                [],
                |r| r.get(0),
            )
            .expect("secure-delete");
        assert_eq!(on, 1, "{table}");
    }
    // Every row indexed again: the same matches, in the same pages.
    assert_eq!(found(&store, &queries), before);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");

    // The triggers keep the new indexes up to date: a new note and its
    // addendum.
    let client = store.caseload().expect("caseload")[0].id;
    let id = store
        .create_note(client, &NoteMeta::new(today()), "zqxylophone lesson", None)
        .expect("note");
    assert_eq!(store.search_count("zqx", Scope::All).expect("new"), 1);
    store.sign_note(id).expect("sign");
    store
        .add_addendum(id, "zqxylophone returned", None)
        .expect("addendum");
    assert_eq!(store.search_count("zqx", Scope::All).expect("addendum"), 2);
    let hits = store.search_notes("zqxylophone ret", 10).expect("hits");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].addendum_id.is_some());
}
