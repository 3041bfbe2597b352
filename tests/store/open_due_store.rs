//! Schema v11 keeps each client's earliest open due date on the client row,
//! written by triggers in the same transaction as the change that moves it.
//! The caseload list sorts by it, so a stale value puts a client who is due
//! in the wrong place. Checked against the rule worked out from scratch
//! after every kind of write, by the app and by raw SQL alike.

use crate::fixture::Fixture;
use crate::kept_values::{check_goes_on_after, trigger_plans};
use crate::random_writes::{Lcg, random_write};
use casework::domain::{ChecklistTemplate, Date};
use casework::store::clients::DUE_KEY;
use casework::store::export::export;
use casework::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;

/// The version before the kept due date (v11), fixed: later migrations
/// must not move the file the upgrade test starts from.
const PREVIOUS_VERSION: i64 = 10;

/// Undo v11, for tests that make a file as an earlier version made it.
pub const DROP_V11: &str = "DROP TRIGGER goals_open_due_insert; DROP TRIGGER goals_open_due_update;
     DROP TRIGGER goals_open_due_delete; DROP TRIGGER plan_steps_open_due_insert;
     DROP TRIGGER plan_steps_open_due_update; DROP TRIGGER plan_steps_open_due_delete;
     DROP TRIGGER followups_open_due_insert; DROP TRIGGER followups_open_due_update;
     DROP TRIGGER followups_open_due_delete; DROP VIEW client_open_dues;
     DROP INDEX clients_urgency;
     ALTER TABLE clients DROP COLUMN earliest_open_due;";

/// Each client's earliest open due date, worked out from the records (the
/// query the caseload ran before v11), by id.
fn worked_out(conn: &Connection) -> Vec<(i64, Option<String>)> {
    let mut stmt = conn
        .prepare(
            "SELECT c.id, (SELECT min(d) FROM (
                SELECT g.due AS d FROM goals g
                 WHERE g.client_id = c.id AND g.status = 'active' AND g.due IS NOT NULL
                   AND g.error_at IS NULL
                UNION ALL
                SELECT s.due FROM plan_steps s JOIN goals g2 ON g2.id = s.goal_id
                 WHERE g2.client_id = c.id AND g2.status = 'active'
                   AND s.done_on IS NULL AND s.due IS NOT NULL
                   AND s.error_at IS NULL AND g2.error_at IS NULL
                UNION ALL
                SELECT f.due FROM followups f
                 WHERE f.client_id = c.id AND f.done_on IS NULL
                   AND f.cancelled_on IS NULL))
             FROM clients c ORDER BY c.id",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// What the caseload list reads, by id, archived clients too.
fn kept(store: &Store) -> Vec<(i64, Option<String>)> {
    let mut rows: Vec<_> = store
        .caseload_rows(true)
        .expect("caseload")
        .into_iter()
        .map(|c| (c.id, c.earliest_open_due.map(|d: Date| d.to_string())))
        .collect();
    rows.sort();
    rows
}

fn assert_kept(store: &Store, after: &str) {
    assert_eq!(kept(store), worked_out(store.conn()), "after {after}");
}

#[test]
fn a_v10_file_upgrades_with_every_clients_earliest_due_filled_in() {
    let f = Fixture::demo(40, 160);
    let expected = worked_out(f.store().conn());
    assert!(
        expected.iter().filter(|(_, d)| d.is_some()).count() > 10,
        "the fixture should have clients with something due: {expected:?}"
    );
    {
        crate::downgrade::to_version(&f.path, PREVIOUS_VERSION);
    }
    let store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(kept(&store), expected);
}

/// Any write at all, as raw SQL: adding, closing, reopening, moving,
/// entering in error and deleting goals, steps and check-ins. The triggers
/// must hold for writes the app never makes, such as those of another
/// program or an older casework's import.
#[test]
fn every_kind_of_write_keeps_the_earliest_due_right() {
    let f = Fixture::demo(6, 12);
    let store = f.store();
    let conn = store.conn();
    let mut rng = Lcg(7);
    for round in 0..600 {
        let (what, result) = random_write(conn, &mut rng);
        // Writes the schema refuses change nothing, which is also checked.
        let _ = result;
        assert_kept(&store, &format!("round {round}: {what}"));
    }
    let open = worked_out(conn).iter().filter(|(_, d)| d.is_some()).count();
    assert!(open > 0, "the writes should leave something due");
}

/// A goal deleted outright (no app path does, another program might).
#[test]
fn a_deleted_goal_no_longer_counts() {
    let f = Fixture::demo(4, 8);
    let store = f.store();
    let conn = store.conn();
    conn.execute(
        "INSERT INTO goals (client_id, client_words, due, status, created_at, updated_at)
         VALUES (1, 'soon', '2001-01-01', 'active', 'x', 'x')",
        [],
    )
    .expect("goal");
    let id = conn.last_insert_rowid();
    assert_eq!(kept(&store)[0].1.as_deref(), Some("2001-01-01"));
    conn.execute("DELETE FROM goals WHERE id = ?1", [id])
        .expect("delete");
    assert_kept(&store, "a goal deleted");
    assert_ne!(kept(&store)[0].1.as_deref(), Some("2001-01-01"));
}

/// An export read back into a new file has the same dates on its rows:
/// the import writes the records and the triggers do the rest.
#[test]
fn an_import_keeps_the_earliest_due_of_every_client() {
    let f = Fixture::demo(20, 60);
    let doc = export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    let target = Fixture::empty();
    let (mut into, _) = Store::open(&target.path).expect("open");
    into.import_export(&doc).expect("import");
    assert_kept(&into, "an import");
    assert_eq!(kept(&into), kept(&f.store()));
}

/// A kept date changed behind casework's back (no trigger runs for a write
/// to the column itself) puts the client in the wrong place: `check` names
/// the client and both dates.
#[test]
fn check_names_a_client_whose_kept_due_date_was_tampered_with() {
    let f = Fixture::demo(6, 12);
    let store = f.store();
    assert!(store.check().expect("check").problems.is_empty());
    store
        .conn()
        .execute(
            "UPDATE clients SET earliest_open_due = '1999-01-01' WHERE id = 3",
            [],
        )
        .expect("tamper");
    let problems = store.check().expect("check").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("client #3") && problems[0].contains("1999-01-01"),
        "{problems:?}"
    );
}

/// Clients made to tie: few dates, names that differ only in case or
/// accent, crisis with and without dates, archived ones in crisis.
fn tied_caseload(store: &Store) {
    let names = ["ana", "Ana", "Émile", "emile", "Zoë", "zoe", "Bo", "bo lee"];
    let dates = [
        None,
        Some("2026-11-01"),
        Some("2026-11-20"),
        Some("2026-12-24"),
    ];
    let mut rng = Lcg(11);
    let conn = store.conn();
    for i in 0..400_u64 {
        let pick = |rng: &mut Lcg| dates[rng.next(dates.len() as u64) as usize];
        conn.execute(
            "INSERT INTO clients (name, next_contact, case_review, crisis, archived,
                created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'x', 'x')",
            rusqlite::params![
                format!("{} {}", names[rng.next(names.len() as u64) as usize], i % 3),
                pick(&mut rng),
                pick(&mut rng),
                rng.next(9) == 0,
                rng.next(7) == 0,
            ],
        )
        .expect("client");
        if rng.next(3) == 0 {
            conn.execute(
                "INSERT INTO followups (client_id, due) VALUES (?1, ?2)",
                rusqlite::params![conn.last_insert_rowid(), pick(&mut rng)],
            )
            .ok();
        }
    }
}

/// The first screen is read from the top of the urgency index, and must
/// be exactly the top of the whole caseload in the app's own order, ties
/// broken by name as the app breaks them, however many rows are asked for.
#[test]
fn the_first_rows_are_the_top_of_the_whole_caseload() {
    use casework::domain::caseload::{SortBy, view};
    let f = Fixture::empty();
    let store = f.store();
    tied_caseload(&store);
    let today = crate::fixture::today();
    let whole = view(
        &store.caseload_rows(false).expect("all"),
        "",
        SortBy::Urgency,
        today,
    );
    assert!(whole.len() > 300, "{}", whole.len());
    for n in [1, 2, 7, 40, 41, 120, 299, 300, 1000] {
        let first = view(
            &store.caseload_first_rows(n).expect("first"),
            "",
            SortBy::Urgency,
            today,
        );
        let top = n.min(whole.len());
        assert!(first.len() >= top, "{n}: only {}", first.len());
        assert_eq!(first[..top], whole[..top], "the first {n}");
        assert!(first.iter().all(|c| !c.archived));
    }
    let open = whole.len();
    let crisis = whole.iter().filter(|c| c.crisis).count();
    let overdue = whole.iter().filter(|c| c.is_overdue(today)).count();
    assert_eq!(
        store.caseload_title_counts(today).expect("counts"),
        (open, crisis, overdue)
    );
}

/// The first rows come from the index's top, not from reading every
/// client and sorting them: the key the store orders by is the one the
/// index holds, written the same way.
#[test]
fn the_first_rows_are_found_through_the_urgency_index() {
    let f = Fixture::demo(5, 10);
    let store = f.store();
    let mut stmt = store
        .conn()
        .prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT crisis FROM clients WHERE archived = 0
             ORDER BY archived, crisis DESC, {DUE_KEY} LIMIT 1 OFFSET 5"
        ))
        .expect("plan");
    let plan: Vec<String> = stmt
        .query_map([], |r| r.get(3))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    let plan = plan.join("\n");
    assert!(plan.contains("clients_urgency"), "{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

/// Each trigger finds a client's open items through the per-client
/// indexes. Reading the whole open-items view per write (as SQLite does
/// for a compound view asked from a trigger) cost 30 ms a step on 5,000
/// clients and made an import hours long: no trigger may scan.
#[test]
fn every_trigger_searches_one_clients_items_and_scans_nothing() {
    let f = Fixture::demo(3, 3);
    let store = f.store();
    let triggers = trigger_plans(store.conn(), "%open_due%");
    assert_eq!(triggers.len(), 9, "{triggers:?}");
    for (name, lines) in triggers {
        let lines = lines.join("\n");
        assert!(!lines.contains("SCAN"), "{name} scans:\n{lines}");
        assert!(lines.contains("goals_client"), "{name}:\n{lines}");
        assert!(lines.contains("followups_client"), "{name}:\n{lines}");
    }
}

/// A file whose open-items view is gone (edited outside casework) still
/// gets its whole check: the missing view is one finding, not an error
/// that would lose the chain and seal findings with it.
#[test]
fn check_goes_on_when_the_kept_dates_cannot_be_checked() {
    let f = Fixture::demo(4, 8);
    check_goes_on_after(
        &f.store(),
        "DROP VIEW client_open_dues",
        "the kept due dates could not be checked",
    );
}
