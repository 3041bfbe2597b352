//! Schema v13 keeps every open dated item of the clients not archived in
//! `open_items`, written by triggers in the same transaction as the change
//! that moves one. Today and the workload read only it, so a stale row is
//! a wrong agenda. Checked against the agenda's own query (the oracle)
//! after every kind of write, by the app and by raw SQL alike, and Today's
//! window of it against the whole agenda at every position.

use crate::fixture::{Fixture, today};
use crate::kept_values::{check_goes_on_after, trigger_plans};
use crate::random_writes::{Lcg, random_write};
use casework::app::agenda_window::{AgendaWindow, MARGIN};
use casework::domain::ChecklistTemplate;
use casework::domain::agenda::{Agenda, Group, HORIZON_DAYS};
use casework::store::export::export;
use casework::store::{SCHEMA_VERSION, Store};
use chrono::Duration;
use rusqlite::Connection;

/// The version before the kept agenda (v13), fixed: later migrations must
/// not move the file the upgrade test starts from.
const PREVIOUS_VERSION: i64 = 12;

/// Undo v13, for tests that make a file as an earlier version made it.
pub const DROP_V13: &str = "DROP TRIGGER clients_open_items_insert;
     DROP TRIGGER clients_open_items_update; DROP TRIGGER clients_open_items_delete;
     DROP TRIGGER goals_open_items_insert; DROP TRIGGER goals_open_items_update;
     DROP TRIGGER goals_open_items_delete; DROP TRIGGER plan_steps_open_items_insert;
     DROP TRIGGER plan_steps_open_items_update; DROP TRIGGER plan_steps_open_items_delete;
     DROP TRIGGER followups_open_items_insert; DROP TRIGGER followups_open_items_update;
     DROP TRIGGER followups_open_items_delete; DROP TRIGGER open_items_refresh_client;
     DROP VIEW open_items_refresh; DROP TRIGGER open_items_day_insert;
     DROP TRIGGER open_items_day_delete; DROP TRIGGER open_items_day_update;
     DROP TABLE open_item_days; DROP TABLE open_items;";

/// One open item: client, source, ref, due, crisis, name.
type Item = (i64, String, i64, String, bool, String);

/// Every open item as the agenda's own query gives it (every date).
fn worked_out(conn: &Connection) -> Vec<Item> {
    let until = "9999-12-31".parse().expect("date");
    let mut rows: Vec<Item> = casework::store::agenda::with_refs(conn, until)
        .expect("agenda")
        .into_iter()
        .map(|(i, r)| {
            let source = format!("{:?}", i.source);
            (
                i.client_id,
                source,
                r,
                i.due.to_string(),
                i.crisis,
                i.client_name,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Every kept item, in the same terms.
fn kept(conn: &Connection) -> Vec<Item> {
    let mut stmt = conn
        .prepare("SELECT client_id, source, ref, due, calm, name FROM open_items")
        .expect("prepare");
    let mut rows: Vec<Item> = stmt
        .query_map([], |r| {
            let source: String = r.get(1)?;
            let source = match source.as_str() {
                "next_contact" => "NextContact",
                "case_review" => "CaseReview",
                "goal" => "Goal",
                "plan_step" => "PlanStep",
                "followup" => "FollowUp",
                other => panic!("unknown source {other}"),
            };
            Ok((
                r.get(0)?,
                source.to_string(),
                r.get(2)?,
                r.get(3)?,
                r.get::<_, i64>(4)? == 0,
                r.get(5)?,
            ))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    rows.sort();
    rows
}

fn assert_kept(conn: &Connection, after: &str) {
    let items = worked_out(conn);
    assert_eq!(kept(conn), items, "after {after}");
    let mut days: std::collections::BTreeMap<(String, i64), i64> = Default::default();
    for (_, _, _, due, crisis, _) in items {
        *days.entry((due, i64::from(!crisis))).or_default() += 1;
    }
    let mut stmt = conn
        .prepare("SELECT due, calm, n FROM open_item_days ORDER BY due, calm")
        .expect("days");
    let kept_days: Vec<((String, i64), i64)> = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(
        kept_days,
        days.into_iter().collect::<Vec<_>>(),
        "day counts after {after}"
    );
}

#[test]
fn a_v12_file_upgrades_with_every_open_item_kept() {
    let f = Fixture::demo(40, 160);
    let expected = worked_out(f.store().conn());
    assert!(expected.len() > 40, "{}", expected.len());
    crate::downgrade::to_version(&f.path, PREVIOUS_VERSION);
    let store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(kept(store.conn()), expected);
}

/// Any write at all, as raw SQL: to clients (dates, name, crisis, archive,
/// new and deleted clients), and adding, closing, reopening, moving,
/// entering in error and deleting goals, steps and check-ins. The triggers
/// must hold for writes the app never makes.
#[test]
fn every_kind_of_write_keeps_the_agenda_right() {
    let f = Fixture::demo(6, 12);
    let store = f.store();
    let conn = store.conn();
    let mut rng = Lcg(7);
    for round in 0..700 {
        let (what, result) = random_write(conn, &mut rng);
        // Writes the schema refuses (a deleted goal with steps) change
        // nothing, which is also checked.
        let _ = result;
        assert_kept(conn, &format!("round {round}: {what}"));
    }
    assert!(kept(conn).len() > 10, "the writes should leave items due");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

/// An export read back into a new file keeps the same items: the import
/// writes the records and the triggers do the rest.
#[test]
fn an_import_keeps_every_open_item() {
    let f = Fixture::demo(20, 60);
    let doc = export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    let target = Fixture::empty();
    let (mut into, _) = Store::open(&target.path).expect("open");
    into.import_export(&doc).expect("import");
    assert_kept(into.conn(), "an import");
    assert_eq!(
        kept(into.conn()).len(),
        kept(f.store().conn()).len(),
        "the same items"
    );
}

/// A kept row changed, added or removed behind casework's back (no trigger
/// runs for a write to the table itself) is a wrong agenda: `check` names
/// the client, the item and its date.
#[test]
fn check_names_kept_items_that_differ_from_the_records() {
    let f = Fixture::demo(6, 12);
    let store = f.store();
    assert!(store.check().expect("check").problems.is_empty());
    let conn = store.conn();
    let (client, source, id): (i64, String, i64) = conn
        .query_row(
            "SELECT client_id, source, ref FROM open_items ORDER BY source, ref LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a kept item");
    conn.execute(
        "UPDATE open_items SET due = '1999-01-01' WHERE source = ?1 AND ref = ?2",
        rusqlite::params![source, id],
    )
    .expect("tamper");
    let problems = store.check().expect("check").problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    let named = format!("client #{client}'s {source} #{id} due 1999-01-01");
    assert!(
        problems.iter().any(|p| p.contains(&named)),
        "{named}: {problems:?}"
    );
    conn.execute(
        "DELETE FROM open_items WHERE source = ?1 AND ref = ?2",
        rusqlite::params![source, id],
    )
    .expect("tamper");
    let problems = store.check().expect("check").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("not kept"), "{problems:?}");
    conn.execute(
        "INSERT INTO open_items (client_id, source, ref, due, calm, name)
         SELECT ?1, ?2, ?3, '2030-01-01', 1, 'x'",
        rusqlite::params![client, source, id],
    )
    .expect("tamper");
    let problems = store.check().expect("check").problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    conn.execute_batch(
        "DELETE FROM open_items WHERE due = '2030-01-01';
         INSERT INTO open_items_refresh (client_id) SELECT id FROM clients;",
    )
    .expect("put right");
    assert!(store.check().expect("check").problems.is_empty());
    // A day's count changed on its own.
    conn.execute_batch(
        "UPDATE open_item_days SET n = n + 1
          WHERE due = (SELECT min(due) FROM open_item_days)",
    )
    .expect("tamper");
    let problems = store.check().expect("check").problems;
    assert!(
        !problems.is_empty()
            && problems
                .iter()
                .all(|p| p.contains("the count of kept items due")),
        "{problems:?}"
    );
}

/// A file whose kept agenda is gone (edited outside casework) still gets
/// its whole check: one finding, not an error.
#[test]
fn check_goes_on_when_the_kept_agenda_cannot_be_checked() {
    let f = Fixture::demo(4, 8);
    check_goes_on_after(
        &f.store(),
        "DROP TABLE open_items",
        "the kept agenda could not be checked",
    );
}

/// Each trigger finds the rows a write moves by their keys (a client's
/// through the per-client indexes): no statement of any trigger may scan
/// a table (reading every item per write made v11's first triggers 300
/// times slower).
#[test]
fn every_trigger_finds_its_rows_by_key_and_scans_nothing() {
    let f = Fixture::demo(3, 3);
    let store = f.store();
    let triggers = trigger_plans(store.conn(), "%open_items%");
    assert_eq!(triggers.len(), 16, "{triggers:?}");
    for (name, lines) in triggers {
        let scans: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("SCAN") && !l.contains("CONSTANT ROW"))
            .collect();
        assert!(scans.is_empty(), "{name} scans:\n{lines:#?}");
    }
}

/// Today and the workload count from the day counts, in order, and read
/// items through the order index without sorting.
#[test]
fn the_agenda_reads_go_through_the_order_index() {
    let f = Fixture::demo(5, 10);
    let store = f.store();
    let plan = |sql: &str| -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan");
        let n = stmt.parameter_count();
        stmt.query_map(
            rusqlite::params_from_iter(std::iter::repeat_n("2026-11-23", n)),
            |r| r.get::<_, String>(3),
        )
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect::<Vec<_>>()
        .join("\n")
    };
    let days = plan("SELECT due, calm, n FROM open_item_days WHERE due <= ?1 ORDER BY due, calm");
    assert!(
        !days.contains("TEMP B-TREE") && days.contains("PRIMARY KEY"),
        "{days}"
    );
    for sql in [
        "SELECT client_id, name, calm, source, ref, due FROM open_items
          WHERE (due, calm) >= (?1, 1) AND due <= ?2 ORDER BY due, calm",
        "SELECT client_id, name, calm, source, ref, due FROM open_items
          WHERE (due, calm) < (?1, 1) AND due <= ?2 ORDER BY due DESC, calm DESC",
    ] {
        let p = plan(sql);
        assert!(p.contains("open_items_order"), "{sql}\n{p}");
        assert!(!p.contains("TEMP B-TREE"), "{sql}\n{p}");
        assert!(!p.contains("SCAN open_items "), "{sql}\n{p}");
    }
}

/// Clients and items made to tie: few dates, names that differ only in
/// case or accent, crisis on and off, archived clients, goals and steps
/// entered in error, several items of one client on one day.
fn tied_caseload(conn: &Connection, clients: u64) {
    let names = [
        "ana", "Ana", "ANA", "Émile", "émile", "emile", "Zoë", "zoe", "Bo", "bo lee", "Øyvind",
        "øyvind", "İris", "iris",
    ];
    let dates = [
        None,
        Some("2026-11-01"),
        Some("2026-11-22"),
        Some("2026-11-23"),
        Some("2026-11-25"),
        Some("2026-11-30"),
        Some("2026-12-01"),
    ];
    let mut rng = Lcg(11);
    let pick = |rng: &mut Lcg| dates[rng.next(dates.len() as u64) as usize];
    for i in 0..clients {
        conn.execute(
            "INSERT INTO clients (name, next_contact, case_review, crisis, archived,
                created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'x', 'x')",
            rusqlite::params![
                format!("{} {}", names[rng.next(names.len() as u64) as usize], i % 2),
                pick(&mut rng),
                pick(&mut rng),
                rng.next(6) == 0,
                rng.next(9) == 0,
            ],
        )
        .expect("client");
        let client = conn.last_insert_rowid();
        for _ in 0..rng.next(3) {
            conn.execute(
                "INSERT INTO goals (client_id, client_words, due, status, error_at,
                    created_at, updated_at)
                 VALUES (?1, 'words', ?2, ?3, ?4, 'x', 'x')",
                rusqlite::params![
                    client,
                    pick(&mut rng),
                    ["active", "achieved"][rng.next(2) as usize],
                    (rng.next(8) == 0).then_some("x"),
                ],
            )
            .expect("goal");
            let goal = conn.last_insert_rowid();
            for _ in 0..rng.next(3) {
                conn.execute(
                    "INSERT INTO plan_steps (goal_id, description, who, due, error_at, created_at)
                     VALUES (?1, 'step', 'worker', ?2, ?3, 'x')",
                    rusqlite::params![goal, pick(&mut rng), (rng.next(8) == 0).then_some("x")],
                )
                .expect("step");
            }
        }
        for _ in 0..rng.next(3) {
            if let Some(due) = pick(&mut rng) {
                conn.execute(
                    "INSERT INTO followups (client_id, due, note) VALUES (?1, ?2, 'check')",
                    rusqlite::params![client, due],
                )
                .expect("check-in");
            }
        }
    }
}

/// Today's window, moved to every position by small steps and by jumps,
/// always holds exactly the whole agenda's items near the cursor, in the
/// whole agenda's order, with its counts.
#[test]
fn todays_window_is_the_whole_agenda_at_every_position() {
    let f = Fixture::empty();
    let store = f.store();
    tied_caseload(store.conn(), 500);
    let day = today();
    let until = day + Duration::days(HORIZON_DAYS);
    let whole = Agenda::build(store.due_items(until).expect("items"), day);
    let len = whole.len();
    assert!(len > 6 * MARGIN, "{len}");
    let mut window = AgendaWindow::open(&store, day, 0).expect("open");
    assert_eq!(
        Group::ALL.map(|g| window.counts.get(g)),
        Group::ALL.map(|g| whole.group(g).len())
    );
    assert_eq!(window.len(), len);
    let check = |window: &AgendaWindow, cursor: usize| {
        let lo = cursor.saturating_sub(MARGIN);
        let hi = (cursor + MARGIN + 1).min(len);
        for i in lo..hi {
            assert_eq!(
                window.get(i),
                whole.get(i),
                "item {i} with the cursor on {cursor}"
            );
        }
    };
    // Down one at a time, then up one at a time.
    for cursor in (0..len).chain((0..len).rev()) {
        window.show(&store, cursor).expect("show");
        check(&window, cursor);
    }
    // Jumps: to the end, the top, pages, anywhere.
    let mut rng = Lcg(3);
    for round in 0..60 {
        let cursor = match round % 4 {
            0 => len - 1,
            1 => 0,
            2 => rng.next(len as u64) as usize,
            _ => (rng.next(len as u64) as usize + 37).min(len - 1),
        };
        window.show(&store, cursor).expect("show");
        check(&window, cursor);
        // A window opened afresh anywhere is the same.
        let fresh = AgendaWindow::open(&store, day, cursor).expect("open");
        check(&fresh, cursor);
    }
}
