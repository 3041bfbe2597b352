//! Schema v9 adds indexes only: a file from v8 upgrades with every record
//! as it was, checks clean, and the agenda and a goal's referrals are then
//! found through the new indexes, not by reading whole tables.

use crate::fixture::Fixture;
use casework::domain::Date;
use casework::store::SCHEMA_VERSION;

const INDEXES: [&str; 6] = [
    "referrals_goal",
    "clients_next_contact",
    "clients_case_review",
    "goals_open_due",
    "plan_steps_open_due",
    "followups_open_due",
];

/// What SQLite plans for `sql` (its one parameter a date), one line per step.
fn plan(conn: &rusqlite::Connection, sql: &str) -> String {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan");
    let rows = stmt
        .query_map(
            rusqlite::params_from_iter(std::iter::repeat_n("2027-01-31", stmt.parameter_count())),
            |r| r.get::<_, String>(3),
        )
        .expect("rows");
    rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_v8_file_upgrades_to_indexes_the_agenda_and_referrals_use() {
    let f = Fixture::demo(30, 120);
    let until = Date::from_ymd_opt(2027, 1, 31).expect("date");
    let before = f.store().due_items(until).expect("agenda");
    {
        // The same file as version 8 made it: v9 only added these indexes.
        crate::downgrade::to_version(&f.path, 8);
        let conn = rusqlite::Connection::open(&f.path).expect("open");
        for name in INDEXES {
            let left: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .expect("master");
            assert_eq!(left, 0, "{name}");
        }
    }
    let store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(store.due_items(until).expect("agenda"), before);

    let conn = store.conn();
    let agenda = plan(conn, casework::store::agenda::DUE_ITEMS_SQL);
    for index in &INDEXES[1..] {
        assert!(agenda.contains(index), "{index} unused:\n{agenda}");
    }
    let referrals = plan(conn, "SELECT agency FROM referrals WHERE goal_id = 1");
    assert!(referrals.contains("referrals_goal"), "{referrals}");
}

/// The workload summary counts in SQL what Today lists: the two must never
/// disagree, whatever is archived, done or entered in error.
#[test]
fn the_workload_counts_are_what_today_lists() {
    use casework::domain::agenda::Agenda;
    let f = Fixture::demo(60, 200);
    let store = f.store();
    let today = Date::from_ymd_opt(2026, 11, 23).expect("date");
    let until = today + chrono::Duration::days(casework::domain::agenda::HORIZON_DAYS);
    let agenda = Agenda::build(store.due_items(until).expect("items"), today);
    let (overdue, coming) = store.due_counts(today, until).expect("counts");
    assert!(overdue > 0 && coming > 0, "{overdue} {coming}");
    assert_eq!(overdue, agenda.overdue.len());
    assert_eq!(coming, agenda.today.len() + agenda.this_week.len());
}
