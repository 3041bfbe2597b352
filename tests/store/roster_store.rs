//! Importing a CSV roster into a real database file: the same roster twice
//! does not double the caseload, rows repeated in one file are caught, and
//! `--update` (OnMatch::Update) fills in details without blanking any.

use crate::fixture::{Fixture, today};
use casework::exchange::roster;
use casework::store::Store;
use casework::store::clients::ClientFields;
use casework::store::roster_import::{OnMatch, RosterOutcome};
use rusqlite::Connection;
use std::path::Path;

/// Write `csv` to a file beside the database and import it the way the
/// command does: parse the file, then one import.
fn import(f: &Fixture, name: &str, csv: &str, on_match: OnMatch) -> RosterOutcome {
    let path = f.dir.path().join(name);
    std::fs::write(&path, csv).expect("write roster");
    let bytes = std::fs::read(&path).expect("read roster");
    let rows = roster::parse(&bytes, Path::new(name), today()).expect("valid roster");
    f.store()
        .import_roster(&rows, today(), on_match)
        .expect("import")
}

fn clients(store: &Store) -> Vec<(String, Option<String>, Option<String>)> {
    let conn = Connection::open(store.path()).expect("raw");
    let mut stmt = conn
        .prepare("SELECT name, contact, pronouns FROM clients ORDER BY id")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

const ROSTER: &str = "name,date_of_birth,contact,pronouns\n\
Ada Brook,1990-05-01,07700 900001,she/her\n\
Ben Carr,,07700 900002,\n\
Cy Dunn,1985-02-03,,they/them\n";

#[test]
fn the_same_roster_twice_adds_nobody_the_second_time_and_names_each_row() {
    let f = Fixture::empty();
    let first = import(&f, "roster.csv", ROSTER, OnMatch::Skip);
    assert_eq!(
        (first.added, first.updated.len(), first.skipped.len()),
        (3, 0, 0)
    );
    let again = import(&f, "roster.csv", ROSTER, OnMatch::Skip);
    assert_eq!(again.added, 0);
    assert!(again.updated.is_empty());
    let lines: Vec<u64> = again.skipped.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4], "{:?}", again.skipped);
    assert!(
        again.skipped[0].name.contains("Ada Brook"),
        "{:?}",
        again.skipped[0]
    );
    assert!(
        again.skipped[0].why.contains("already client"),
        "{:?}",
        again.skipped[0]
    );
    assert_eq!(clients(&f.store()).len(), 3, "no duplicates");
}

#[test]
fn names_match_ignoring_case_and_spaces_but_a_different_birth_date_is_someone_else() {
    let f = Fixture::empty();
    import(&f, "roster.csv", ROSTER, OnMatch::Skip);
    let out = import(
        &f,
        "more.csv",
        "name,date_of_birth\n  ada   BROOK ,1990-05-01\nAda Brook,1991-05-01\nBen Carr,1970-01-01\nben carr,\n",
        OnMatch::Skip,
    );
    // Line 3 and 4 differ in date of birth from the stored Ada and Ben
    // (Ben was stored with none): new people. Lines 2 and 5 match.
    assert_eq!(out.added, 2, "{out:?}");
    let lines: Vec<u64> = out.skipped.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5]);
    assert_eq!(clients(&f.store()).len(), 5);
}

#[test]
fn a_row_repeated_in_the_same_file_is_added_once_and_the_repeat_reported() {
    let f = Fixture::empty();
    let csv =
        "name,date_of_birth\nAda Brook,1990-05-01\nBen Carr,\nADA BROOK,1990-05-01\nBen  Carr,\n";
    let out = import(&f, "roster.csv", csv, OnMatch::Skip);
    assert_eq!(out.added, 2);
    let got: Vec<(u64, String)> = out
        .skipped
        .iter()
        .map(|r| (r.line, r.why.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (4, "the same person as line 2".to_string()),
            (5, "the same person as line 3".to_string())
        ]
    );
    // With --update too: which of two rows is right is for a person to say.
    let f = Fixture::empty();
    let out = import(&f, "roster.csv", csv, OnMatch::Update);
    assert_eq!((out.added, out.updated.len(), out.skipped.len()), (2, 0, 2));
    assert_eq!(clients(&f.store()).len(), 2);
}

#[test]
fn update_fills_in_non_empty_cells_keeps_the_rest_and_is_audited() {
    let f = Fixture::empty();
    import(&f, "roster.csv", ROSTER, OnMatch::Skip);
    let newer = "name,date_of_birth,contact,pronouns\n\
Ada Brook,1990-05-01,07700 900999,\n\
Ben Carr,,07700 900002,\n\
Dee Eng,2001-01-01,,\n";
    let out = import(&f, "newer.csv", newer, OnMatch::Update);
    assert_eq!(out.added, 1, "Dee is new");
    assert_eq!(out.updated.len(), 1, "{out:?}");
    assert_eq!(out.updated[0].line, 2);
    assert!(
        out.updated[0].why.contains("contact"),
        "{:?}",
        out.updated[0]
    );
    assert_eq!(out.skipped.len(), 1, "Ben: nothing new");
    assert_eq!(out.skipped[0].line, 3);
    let all = clients(&f.store());
    assert_eq!(all.len(), 4);
    assert_eq!(
        all[0],
        (
            "Ada Brook".to_string(),
            Some("07700 900999".to_string()),
            Some("she/her".to_string())
        ),
        "contact updated, pronouns kept from before (an empty cell blanks nothing)"
    );
    let conn = Connection::open(&f.path).expect("raw");
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE action = 'update' AND entity = 'client'",
            [],
            |r| r.get(0),
        )
        .expect("one update audited");
    assert!(
        detail.contains("roster line 2") && detail.contains("contact"),
        "{detail}"
    );
    // Without --update the same file changes nothing more.
    let out = import(&f, "newer.csv", newer, OnMatch::Skip);
    assert_eq!((out.added, out.updated.len(), out.skipped.len()), (0, 0, 3));
}

#[test]
fn clients_already_duplicated_are_not_updated_at_random() {
    let f = Fixture::empty();
    // Two Ada Brooks already there (added by hand, or by an older import).
    let mut store = f.store();
    let ada = ClientFields {
        name: "Ada Brook".into(),
        ..ClientFields::default()
    };
    store.add_client(&ada, today()).expect("first");
    store.add_client(&ada, today()).expect("second");
    drop(store);
    let out = import(
        &f,
        "update.csv",
        "name,contact\nada brook,07700 900123\n",
        OnMatch::Update,
    );
    assert_eq!((out.added, out.updated.len()), (0, 0));
    assert!(
        out.skipped[0].why.contains("matches clients"),
        "{:?}",
        out.skipped
    );
    let all = clients(&f.store());
    assert_eq!(all.len(), 2);
    assert!(
        all.iter().all(|c| c.1.is_none()),
        "neither changed: {all:?}"
    );
}
