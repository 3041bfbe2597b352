//! Standard measures in the store: one transaction and one audit row per
//! save, nothing written when the answers do not fit, entered in error
//! (never deleted or edited), and the upgrade from a file made before
//! measures existed.

use crate::fixture::{Fixture, d, today};
use casework::domain::measures;
use casework::store::in_error::MarkTarget;
use casework::store::{SCHEMA_VERSION, Store, audit};

fn measure_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM measures", [], |r| r.get(0))
        .expect("count")
}

fn audit_rows(store: &Store) -> usize {
    audit::list(store.conn(), None).expect("audit").len()
}

#[test]
fn a_phq9_saves_with_its_score_band_flag_and_one_audit_row() {
    let f = Fixture::demo(3, 5);
    let mut store = f.store();
    let phq = measures().get("phq9").expect("shipped").clone();
    let before = audit_rows(&store);
    let r = store
        .record_measure(1, &phq, today(), today(), &[2, 2, 1, 1, 1, 1, 1, 0, 1, 2])
        .expect("saved");
    assert_eq!((r.total, r.band.as_str()), (10, "moderate"));
    assert_eq!(r.flags.len(), 1);
    assert_eq!(audit_rows(&store), before + 1);
    let last = audit::list(store.conn(), Some(1)).expect("audit");
    let last = last.last().expect("a row");
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        ("create", "measure")
    );
    assert!(
        last.detail.contains("phq9 10 moderate; flagged: item 9"),
        "{}",
        last.detail
    );

    // Read back as saved, the unscored tenth answer kept.
    let back = store.measures_of(1).expect("read");
    assert_eq!(back, vec![r.clone()]);
    assert_eq!(back[0].items[9], Some(2));
    assert_eq!(store.client_detail(1).expect("detail").measures, back);
}

#[test]
fn answers_that_do_not_fit_write_nothing() {
    let f = Fixture::demo(2, 2);
    let mut store = f.store();
    let gad = measures().get("gad7").expect("shipped").clone();
    let before = audit_rows(&store);
    for (given, says) in [
        (&[1u8, 1, 1, 1, 1, 1][..], "7 items; 6 given"),
        (&[1, 1, 1, 1, 1, 1, 4][..], "item 7: 4 is not an answer"),
    ] {
        let err = store
            .record_measure(1, &gad, today(), today(), given)
            .unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = store
        .record_measure(99, &gad, today(), today(), &[0; 7])
        .unwrap_err();
    assert!(err.to_string().contains("no client with id 99"), "{err}");
    let err = store
        .record_measure(1, &gad, d("2027-01-01"), today(), &[0; 7])
        .unwrap_err();
    assert!(err.to_string().contains("future"), "{err}");
    assert_eq!(measure_rows(&store), 0);
    assert_eq!(audit_rows(&store), before);
}

#[test]
fn a_score_is_entered_in_error_never_deleted_or_edited() {
    let f = Fixture::demo(2, 2);
    let mut store = f.store();
    let gad = measures().get("gad7").expect("shipped").clone();
    let r = store
        .record_measure(1, &gad, today(), today(), &[3; 7])
        .expect("saved");
    let t = MarkTarget::Measure(r.id);
    let seen = store.mark_base(&t).expect("base");
    let mark = store
        .mark_in_error(&t, "wrong client's form", &seen)
        .expect("marked");
    let back = store.measures_of(1).expect("read");
    assert_eq!(back[0].error.as_ref(), Some(&mark));
    assert_eq!(back[0].total, 21);
    let again = store.mark_base(&t).unwrap_err();
    assert!(
        again.to_string().contains("already entered in error"),
        "{again}"
    );

    // Not even raw SQL removes it or changes what was scored.
    let conn = store.conn();
    assert!(conn.execute("DELETE FROM measures", []).is_err());
    assert!(conn.execute("UPDATE measures SET total = 3", []).is_err());
    assert!(
        conn.execute("UPDATE measures SET error_reason = 'other'", [])
            .is_err()
    );
    assert_eq!(measure_rows(&store), 1);
}

/// A file as the previous version made it: the real generator's caseload
/// (chained audit, signed notes, goals, progress), with what this version
/// adds taken away again. v8 only adds the measures table, v9 only
/// indexes and v10 the GAS tables, so this is version 7's file.
fn database_made_by_previous_version(f: &Fixture) {
    crate::downgrade::to_version(&f.path, PREVIOUS_VERSION);
}

/// The version before measures (v8), fixed: later migrations must not move
/// the file this test starts from.
const PREVIOUS_VERSION: i64 = 7;

#[test]
fn a_previous_version_file_with_a_caseload_upgrades_and_takes_a_measure() {
    let f = Fixture::demo(6, 40);
    let before = {
        let store = f.store();
        (1..=6)
            .map(|id| store.client_detail(id).expect("detail"))
            .collect::<Vec<_>>()
    };
    database_made_by_previous_version(&f);
    {
        let conn = rusqlite::Connection::open(&f.path).expect("open");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, PREVIOUS_VERSION);
        let has: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'measures'",
                [],
                |r| r.get(0),
            )
            .expect("master");
        assert_eq!(has, 0);
    }
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    for (id, was) in (1..=6).zip(&before) {
        assert_eq!(&store.client_detail(id).expect("detail"), was);
    }
    let phq = measures().get("phq9").expect("shipped").clone();
    store
        .record_measure(2, &phq, today(), today(), &[0; 9])
        .expect("saved after the upgrade");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(store.measures_of(2).expect("read").len(), 1);
}

/// Two PHQ-9s (the first flagged), a GAD-7, and the second PHQ-9 entered
/// in error, for client 1 of a small generated caseload.
fn with_measures() -> Fixture {
    let f = Fixture::demo(3, 6);
    let mut store = f.store();
    let phq = measures().get("phq9").expect("shipped").clone();
    let gad = measures().get("gad7").expect("shipped").clone();
    let intake = store.client_detail(1).expect("detail").client.intake_date;
    let first = intake.unwrap_or(today());
    store
        .record_measure(1, &phq, first, today(), &[3, 3, 2, 2, 2, 2, 2, 1, 1, 2])
        .expect("first");
    let wrong = store
        .record_measure(1, &phq, today(), today(), &[0; 9])
        .expect("second");
    store
        .record_measure(1, &phq, today(), today(), &[1, 1, 1, 1, 1, 1, 0, 0, 0])
        .expect("third");
    store
        .record_measure(1, &gad, today(), today(), &[2, 2, 2, 2, 1, 1, 1])
        .expect("gad");
    let t = MarkTarget::Measure(wrong.id);
    let seen = store.mark_base(&t).expect("base");
    store
        .mark_in_error(&t, "typed into the wrong client", &seen)
        .expect("marked");
    f
}

#[test]
fn json_export_carries_every_measure_and_import_restores_them_exactly() {
    let f = with_measures();
    let store = f.store();
    let template = casework::domain::ChecklistTemplate::builtin();
    let doc = casework::store::export::export(&store, &template).expect("export");
    let json = serde_json::to_string_pretty(&doc).expect("json");
    assert!(json.contains("\"instrument\": \"phq9\""), "{json}");
    assert!(json.contains("typed into the wrong client"));
    let m = &doc.clients[0].measures;
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].items[9], Some(2));
    assert_eq!((m[0].total, m[0].band.as_str()), (18, "moderately severe"));
    assert_eq!(m[0].flags.len(), 1);

    let other = Fixture::empty();
    let mut second = other.store();
    let parsed: casework::store::export::Export = serde_json::from_str(&json).expect("parse");
    second.import_export(&parsed).expect("import");
    let again = casework::store::export::export(&second, &template).expect("export");
    for (a, b) in doc.clients.iter().zip(&again.clients) {
        assert_eq!(a.measures, b.measures);
    }
    // Stored as they were, row for row (ids are the new file's own).
    let without_id = |s: &Store| {
        s.measures_of(1)
            .expect("read")
            .into_iter()
            .map(|r| casework::domain::measure::Response { id: 0, ..r })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_id(&second), without_id(&store));
    let report = second.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

#[test]
fn csv_has_the_latest_counted_score_per_measure_and_still_reads_back_as_a_roster() {
    let f = with_measures();
    let store = f.store();
    let doc =
        casework::store::export::export(&store, &casework::domain::ChecklistTemplate::builtin())
            .expect("export");
    let bytes = casework::exchange::caseload_csv::caseload(&doc).expect("csv");
    let text = String::from_utf8(bytes.clone()).expect("utf8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let row: Vec<&str> = lines.next().expect("client 1").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    // The entered-in-error score (0) is not the latest; the third (6) is.
    assert_eq!(row[col("latest_phq9")], "6");
    assert_eq!(row[col("latest_phq9_band")], "mild");
    assert_eq!(row[col("latest_phq9_on")], today().to_string());
    assert_eq!(row[col("latest_gad7")], "11");
    assert_eq!(row[col("latest_gad7_band")], "moderate");
    let rows = casework::exchange::roster::parse(&bytes, std::path::Path::new("c.csv"), today())
        .expect("a caseload export reads back as a roster");
    assert_eq!(rows.len(), 3);
}

#[test]
fn the_case_summary_has_a_measures_section_with_chart_change_and_flags() {
    let f = with_measures();
    let store = f.store();
    let doc =
        casework::store::export::export(&store, &casework::domain::ChecklistTemplate::builtin())
            .expect("export");
    let md = casework::exchange::markdown::case_summary(&doc.clients[0]);
    let at = md.find("## Measures").expect("a measures section");
    let section = &md[at..md[at..].find("## Notes").map_or(md.len(), |n| at + n)];
    assert!(section.contains("### PHQ-9"), "{section}");
    assert!(section.contains("### GAD-7"), "{section}");
    assert!(
        section.contains("Change: -12 since first (18 to 6, reliable)."),
        "{section}"
    );
    assert!(
        section.contains("| 18 | moderately severe | item 9: thoughts of death or self-harm |"),
        "{section}"
    );
    assert!(section.contains("ENTERED IN ERROR"), "{section}");
    assert!(section.contains("```text\n 25|"), "{section}");
    // A client without measures has no section.
    let none = casework::exchange::markdown::case_summary(&doc.clients[1]);
    assert!(!none.contains("## Measures"));
}
