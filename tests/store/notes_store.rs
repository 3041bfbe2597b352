//! Notes in a real database file: locking by triggers (raw SQL too), audit
//! rows, drafts, and full-text search with snippets.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::{NoteFormat, NoteKind, NoteMeta};
use casework::store::conflict::NoteVersion;
use casework::store::drafts::{Draft, DraftTarget};
use casework::store::search::{MARK_END, MARK_START};
use fixture::{Fixture, today};
use rusqlite::Connection;

/// What an editor opened on `body` with `meta()` would save over.
fn base(body: &str) -> NoteVersion {
    NoteVersion {
        meta: meta(),
        body: body.into(),
    }
}

fn meta() -> NoteMeta {
    let mut m = NoteMeta::new(today());
    m.kind = NoteKind::HOME_VISIT;
    m.format = NoteFormat::Dap;
    m.session_time = Some("14:30".into());
    m.duration_min = Some(50);
    m.techniques = vec!["active_listening".into(), "cbt".into()];
    m
}

fn first_client(f: &Fixture) -> i64 {
    f.store().caseload().expect("caseload")[0].id
}

fn audit_actions(conn: &Connection, entity: &str, id: i64) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT action FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id")
        .expect("prepare");
    stmt.query_map(rusqlite::params![entity, id], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_signed_note_refuses_update_and_delete_even_from_raw_sql() {
    let f = Fixture::demo(3, 6);
    let client = first_client(&f);
    let mut store = f.store();
    let id = store
        .create_note(client, &meta(), "Data:\nWalked to the shop alone.", None)
        .expect("create");
    // Unsigned: still a working document.
    let opened = base("Data:\nWalked to the shop alone.");
    store
        .update_note(
            id,
            &meta(),
            "Data:\nWalked to the shop alone, twice.",
            &opened,
            None,
        )
        .expect("edit before signing");
    store.sign_note(id).expect("sign");
    assert!(store.sign_note(id).is_err(), "signing twice is refused");

    // Another connection to the same file, as any SQLite tool would open it.
    let raw = Connection::open(&f.path).expect("raw open");
    let update = raw.execute("UPDATE notes SET body = 'rewritten' WHERE id = ?1", [id]);
    let err = update
        .expect_err("UPDATE of a signed note must fail")
        .to_string();
    assert!(err.contains("signed notes cannot be changed"), "{err}");
    let unsign = raw.execute("UPDATE notes SET signed_at = NULL WHERE id = ?1", [id]);
    assert!(unsign.is_err(), "un-signing is an update too");
    let delete = raw.execute("DELETE FROM notes WHERE id = ?1", [id]);
    let err = delete
        .expect_err("DELETE of a signed note must fail")
        .to_string();
    assert!(err.contains("signed notes cannot be deleted"), "{err}");
    // And through the program's own path.
    let opened = base("Data:\nWalked to the shop alone, twice.");
    assert!(
        store
            .update_note(id, &meta(), "changed", &opened, None)
            .is_err()
    );

    let body: String = raw
        .query_row("SELECT body FROM notes WHERE id = ?1", [id], |r| r.get(0))
        .expect("body");
    assert_eq!(body, "Data:\nWalked to the shop alone, twice.");

    // Corrections are addenda: appended, signed, locked in turn.
    let a = store
        .add_addendum(id, "The shop visit was on Tuesday.", None)
        .expect("addendum");
    let raw_a = raw.execute("UPDATE addenda SET body = 'x' WHERE id = ?1", [a]);
    assert!(raw_a.is_err(), "signed addenda are locked too");
    assert!(
        raw.execute("DELETE FROM addenda WHERE id = ?1", [a])
            .is_err()
    );

    let detail = store.client_detail(client).expect("detail");
    let note = detail.notes.iter().find(|n| n.id == id).expect("the note");
    assert!(note.is_signed());
    assert_eq!(note.session_time.as_deref(), Some("14:30"));
    assert_eq!(note.duration_min, Some(50));
    assert_eq!(note.techniques, ["active_listening", "cbt"]);
    assert_eq!(note.addenda.len(), 1);
    assert!(note.addenda[0].signed_at.is_some());

    assert_eq!(
        audit_actions(store.conn(), "note", id),
        ["create", "update", "sign"]
    );
    assert_eq!(audit_actions(store.conn(), "addendum", a), ["create"]);
}

#[test]
fn several_notes_on_one_day_are_fine_and_goals_are_linked() {
    let f = Fixture::demo(3, 0);
    let client = first_client(&f);
    let mut store = f.store();
    let goals = store.client_detail(client).expect("detail").goals;
    let mut m = meta();
    m.goal_ids = goals.iter().map(|g| g.id).take(1).collect();
    let a = store
        .create_note(client, &m, "Morning call.", None)
        .expect("a");
    let b = store
        .create_note(client, &m, "Afternoon visit.", None)
        .expect("b");
    let notes = store.client_detail(client).expect("detail").notes;
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.session_date == today()));
    assert!(notes.iter().any(|n| n.id == a) && notes.iter().any(|n| n.id == b));
    assert_eq!(notes[0].goal_ids, m.goal_ids);
}

#[test]
fn drafts_round_trip_and_go_when_the_note_is_saved() {
    let f = Fixture::demo(2, 0);
    let client = first_client(&f);
    let mut store = f.store();
    let mut d = Draft {
        id: 0,
        client_id: client,
        note_id: None,
        target: DraftTarget::New,
        meta: meta(),
        body: "Data:\nhalf a thought".into(),
        updated_at: None,
    };
    d.id = store.save_draft(&d).expect("first write");
    d.body.push_str(" finished");
    assert_eq!(store.save_draft(&d).expect("rewrite"), d.id, "same row");
    let all = store.drafts(today()).expect("drafts");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].body, "Data:\nhalf a thought finished");
    assert_eq!(all[0].meta, meta());
    assert_eq!(audit_actions(store.conn(), "draft", d.id), ["create"]);

    // Damaged details never cost the words.
    Connection::open(&f.path)
        .expect("raw")
        .execute("UPDATE drafts SET meta = 'not json' WHERE id = ?1", [d.id])
        .expect("damage");
    let all = store.drafts(today()).expect("drafts");
    assert_eq!(all[0].body, "Data:\nhalf a thought finished");
    assert_eq!(all[0].meta.kind, NoteKind::HOME_VISIT);

    store
        .create_note(client, &meta(), &d.body, Some(d.id))
        .expect("save");
    assert!(store.drafts(today()).expect("drafts").is_empty());
}

#[test]
fn search_finds_notes_and_addenda_with_the_match_marked() {
    let f = Fixture::demo(3, 0);
    let client = first_client(&f);
    let mut store = f.store();
    let id = store
        .create_note(
            client,
            &meta(),
            "Data:\nWorried about the housing tribunal next month.",
            None,
        )
        .expect("note");
    store
        .create_note(client, &meta(), "Data:\nTalked about the allotment.", None)
        .expect("other note");

    let hits = store.search_notes("tribun", 20).expect("search");
    assert_eq!(hits.len(), 1, "prefix of the last word matches: {hits:?}");
    let hit = &hits[0];
    assert_eq!((hit.note_id, hit.client_id), (id, client));
    assert_eq!(hit.kind, NoteKind::HOME_VISIT);
    assert_eq!(hit.session_date, today());
    assert!(
        hit.snippet
            .contains(&format!("{MARK_START}tribunal{MARK_END}")),
        "{:?}",
        hit.snippet
    );
    assert!(!hit.client_name.is_empty());

    // All words must match.
    assert_eq!(
        store
            .search_notes("housing allotment", 20)
            .expect("and")
            .len(),
        0
    );

    // The index follows edits (triggers), and addenda are searched too.
    let opened = base("Data:\nWorried about the housing tribunal next month.");
    store
        .update_note(id, &meta(), "Data:\nWorried about the rent.", &opened, None)
        .expect("edit");
    assert!(
        store
            .search_notes("tribunal", 20)
            .expect("after edit")
            .is_empty()
    );
    store.sign_note(id).expect("sign");
    store
        .add_addendum(id, "Tribunal date confirmed as the 4th.", None)
        .expect("addendum");
    let hits = store.search_notes("tribunal", 20).expect("addendum search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].note_id, id);
    assert!(hits[0].addendum_id.is_some());
    assert!(hits[0].signed);

    // Whatever is typed, the query never fails.
    for q in [
        "\"",
        "'",
        "AND",
        "OR (",
        "NEAR(a b)",
        "*",
        "rent*",
        "-rent",
        "a:b",
        "^",
        "(((",
        "\\",
        "“rent”",
        "日本",
        "",
    ] {
        store
            .search_notes(q, 20)
            .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
    }
    assert_eq!(store.search_notes("rent\"", 20).expect("quote").len(), 1);
}

/// Issue 14: a routine note opened as CRISIS with "crisis intervention"
/// ticked because the note written just before was another client's crisis.
#[test]
fn new_note_defaults_come_from_the_same_client_and_never_assume_a_crisis() {
    use casework::domain::NoteDefaults;
    let f = Fixture::demo(3, 0);
    let mut store = f.store();
    let ids: Vec<i64> = store
        .caseload()
        .expect("caseload")
        .iter()
        .map(|c| c.id)
        .collect();
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let first = NoteDefaults {
        kind: NoteKind::PHONE,
        format: NoteFormat::Girp,
        duration_min: Some(25),
        techniques: vec!["advocacy".into()],
    };
    // B has a routine history; A's crisis note is the last one written.
    store
        .create_note(b, &meta(), "Data:\nroutine", None)
        .expect("b");
    let mut crisis = meta();
    crisis.kind = NoteKind::CRISIS;
    crisis.format = NoteFormat::Soap;
    crisis.duration_min = Some(120);
    crisis.techniques = vec!["active_listening".into(), "crisis_intervention".into()];
    store
        .create_note(a, &crisis, "S:\ncrisis", None)
        .expect("a");

    let for_b = store.note_defaults(b, today(), &first).expect("b defaults");
    assert_eq!(for_b.kind, NoteKind::HOME_VISIT, "B's own last note");
    assert_eq!(for_b.format, NoteFormat::Dap);
    assert_eq!(for_b.duration_min, Some(50));
    assert_eq!(for_b.techniques, ["active_listening", "cbt"]);

    let for_a = store.note_defaults(a, today(), &first).expect("a defaults");
    assert_eq!(
        for_a.kind,
        NoteKind::PHONE,
        "after a crisis: the configured kind"
    );
    assert_eq!(for_a.format, NoteFormat::Soap, "A's own format");
    assert_eq!(for_a.duration_min, Some(25), "the configured duration");
    assert_eq!(for_a.techniques, ["active_listening"]);

    let for_c = store.note_defaults(c, today(), &first).expect("c defaults");
    assert_eq!(
        (
            for_c.kind,
            for_c.format,
            for_c.duration_min,
            for_c.techniques
        ),
        (
            NoteKind::PHONE,
            NoteFormat::Girp,
            Some(25),
            first.techniques.clone()
        ),
        "a first note: the configured defaults, not A's crisis"
    );

    // "Last" is the top of the client's Notes pane: the latest session, so
    // an older session written up afterwards does not become the template.
    let mut older = meta();
    older.kind = NoteKind::COLLATERAL;
    older.session_date = fixture::d("2026-10-01");
    store
        .create_note(b, &older, "Data:\nold", None)
        .expect("older");
    let for_b = store.note_defaults(b, today(), &first).expect("b again");
    assert_eq!(for_b.kind, NoteKind::HOME_VISIT);
}
