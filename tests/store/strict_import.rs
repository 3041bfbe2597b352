//! Strict JSON import: a hand-edited export is refused at the first value
//! casework would not have written, named by its place in the file, and a
//! refused import writes nothing anywhere. What casework writes comes back
//! exactly, techniques with commas and an agency's own checklist keys too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::fixture::Fixture;
use casework::domain::ChecklistTemplate;
use casework::store::export::{Export, export};
use casework::store::{Store, StoreError};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

fn import(db: &Path, file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casework"))
        .args(["import", "--db"])
        .arg(db)
        .arg(file)
        .env_remove("CASEWORK_DB")
        .output()
        .expect("run")
}

fn exported(store: &Store) -> Value {
    serde_json::to_value(export(store, &ChecklistTemplate::builtin()).expect("export"))
        .expect("json")
}

/// A real export, shaped so each case below knows where things are:
/// client 0 has a goal and two notes; notes[0] is signed and has one signed
/// addendum, notes[1] is unsigned; client 1 has a goal of its own.
fn base() -> (Value, usize) {
    let mut doc = exported(&Fixture::demo(4, 12).store());
    // Format 1, without the audit trail: these cases edit the records, and
    // are about the records (the trail's own checks are tested with it).
    doc["casework_export"] = json!(1);
    doc.as_object_mut().map(|d| d.remove("audit"));
    let clients = doc["clients"].as_array_mut().expect("clients");
    let with_goal = |c: &Value| c["goals"].as_array().is_some_and(|g| !g.is_empty());
    let first = clients
        .iter()
        .position(|c| with_goal(c) && c["notes"].as_array().is_some_and(|n| n.len() >= 2))
        .expect("a client with a goal and two notes");
    clients.swap(0, first);
    let other = clients[1..]
        .iter()
        .position(with_goal)
        .expect("another client with a goal")
        + 1;
    clients.swap(1, other);
    let notes = clients[0]["notes"].as_array_mut().expect("notes");
    notes[0]["created_at"] = json!("2026-11-01T12:00:00Z");
    notes[0]["signed_at"] = json!("2026-11-01T12:30:00Z");
    notes[0]["goal_ids"] = json!([]);
    notes[0]["addenda"] = json!([{
        "body": "Correction: Tuesday, not Monday.",
        "created_at": "2026-11-02T09:00:00Z",
        "signed_at": "2026-11-02T09:00:00Z",
    }]);
    notes[1]["signed_at"] = Value::Null;
    notes[1]["addenda"] = json!([]);
    let n = clients[0]["notes"].as_array().map_or(0, Vec::len);
    (doc, n)
}

/// Write `doc`, import it twice (into no database yet, and into an empty
/// one); both must be refused with `in FILE at PATH: ...wanted`, leaving no
/// database behind in the first case, the empty one byte for byte, and the
/// file as it was.
fn refused(doc: &Value, path: &str, wanted: &str) {
    let f = Fixture::empty();
    let file = f.dir.path().join("in.json");
    let text = serde_json::to_vec_pretty(doc).expect("json");
    std::fs::write(&file, &text).expect("write");

    let o = import(&f.path, &file);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{path}: accepted");
    let head = format!("casework: in {} at {path}: ", file.display());
    assert!(err.starts_with(&head), "{path}: {err}");
    assert!(err.contains(wanted), "{path}: wanted {wanted:?}: {err}");
    assert!(!err.contains("in the database"), "{err}");
    assert!(!f.path.exists(), "{path}: a database was created");

    drop(Store::open(&f.path).expect("create"));
    let before = std::fs::read(&f.path).expect("read");
    let o = import(&f.path, &file);
    assert!(!o.status.success());
    assert_eq!(std::fs::read(&f.path).expect("read"), before, "{path}");
    assert_eq!(
        std::fs::read(&file).expect("read"),
        text,
        "the file untouched"
    );

    // Through the store too: the same place, and nothing written.
    let parsed: Export = serde_json::from_value(doc.clone()).expect("shape");
    let (mut store, _) = Store::open(&f.path).expect("open");
    match store.import_export(&parsed) {
        Err(StoreError::InFile { at, .. }) => assert_eq!(at, path),
        other => panic!("{path}: {other:?}"),
    }
    assert!(store.caseload().expect("caseload").is_empty());
}

#[test]
fn the_base_document_imports() {
    let (mut doc, _) = base();
    // A kind from the vocabulary file, not one the old schema listed.
    doc["clients"][0]["notes"][1]["kind"] = json!("supervision");
    let f = Fixture::empty();
    let file = f.dir.path().join("in.json");
    std::fs::write(&file, serde_json::to_vec(&doc).expect("json")).expect("write");
    let o = import(&f.path, &file);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn unknown_format_and_schema_versions_are_refused() {
    let (doc, _) = base();
    let newer = format!(
        "{} is newer than this program knows (up to {})",
        casework::store::SCHEMA_VERSION + 1,
        casework::store::SCHEMA_VERSION
    );
    for (field, value, wanted) in [
        (
            "schema_version",
            json!(99),
            "99 is newer than this program knows",
        ),
        ("schema_version", json!(0), "0 is not a schema version"),
        ("schema_version", json!(-1), "-1 is not a schema version"),
        (
            "schema_version",
            json!(casework::store::SCHEMA_VERSION + 1),
            newer.as_str(),
        ),
        (
            "casework_export",
            json!(3),
            "format 3 is not one this program reads",
        ),
        (
            "casework_export",
            json!(0),
            "format 0 is not one this program reads",
        ),
    ] {
        let mut d = doc.clone();
        d[field] = value;
        refused(&d, field, wanted);
    }
}

#[test]
fn times_that_casework_never_writes_are_refused() {
    let (doc, _) = base();
    let note = "clients[0].notes[0]";
    let cases: &[(&str, Value, &str)] = &[
        ("signed_at", json!("garbage"), "\"garbage\" is not a time"),
        ("signed_at", json!(""), "is not a time"),
        ("signed_at", json!("2026-11-01 12:30:00"), "is not a time"),
        (
            "signed_at",
            json!("2026-11-01T12:30:00+02:00"),
            "is not a time",
        ),
        ("signed_at", json!("2026-02-30T12:00:00Z"), "is not a time"),
        (
            "signed_at",
            json!("0000-11-01T12:30:00Z"),
            "year 0 is outside 1900..=2200",
        ),
        (
            "signed_at",
            json!("9999-11-01T12:30:00Z"),
            "year 9999 is outside",
        ),
        (
            "created_at",
            json!("1066-10-14T12:00:00Z"),
            "year 1066 is outside",
        ),
        ("created_at", json!("2026-13-01T00:00:00Z"), "is not a time"),
        // Signed before it was written.
        (
            "signed_at",
            json!("2026-11-01T11:59:59Z"),
            "is before created_at",
        ),
    ];
    for (field, value, wanted) in cases {
        let mut d = doc.clone();
        d["clients"][0]["notes"][0][field] = value.clone();
        refused(&d, &format!("{note}.{field}"), wanted);
    }
}

#[test]
fn dates_and_impossible_years_are_refused() {
    let (doc, _) = base();
    for (value, wanted) in [
        ("2026-02-30", "is not a date"),
        ("2026-1-5", "is not a date"),
        ("20xx-01-01", "is not a date"),
        ("0000-01-01", "year 0 is outside 1900..=2200"),
        ("-0001-01-01", "year -1 is outside"),
        ("+10000-01-01", "year 10000 is outside"),
        ("1899-12-31", "year 1899 is outside"),
        ("2201-01-01", "year 2201 is outside"),
    ] {
        let mut d = doc.clone();
        d["clients"][0]["date_of_birth"] = json!(value);
        refused(&d, "clients[0].date_of_birth", wanted);
        let mut d = doc.clone();
        d["clients"][0]["notes"][1]["session_date"] = json!(value);
        refused(&d, "clients[0].notes[1].session_date", wanted);
    }
    let mut d = doc.clone();
    d["clients"][1]["goals"][0]["due"] = json!("0000-06-01");
    refused(&d, "clients[1].goals[0].due", "year 0");
}

#[test]
fn addenda_must_be_signed_and_follow_the_signature() {
    let (doc, _) = base();
    let a = "clients[0].notes[0].addenda[0]";

    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["addenda"][0]["signed_at"] = Value::Null;
    refused(&d, &format!("{a}.signed_at"), "missing");

    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["addenda"][0]["signed_at"] = json!("soon");
    refused(&d, &format!("{a}.signed_at"), "is not a time");

    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["addenda"][0]["created_at"] = json!("2026-11-01T12:00:00Z");
    refused(
        &d,
        &format!("{a}.created_at"),
        "before the note's signed_at",
    );

    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["addenda"][0]["signed_at"] = json!("2026-11-02T08:59:59Z");
    refused(&d, &format!("{a}.signed_at"), "before created_at");

    // Addenda keep their ids (format 2): real ones, each once.
    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["addenda"][0]["id"] = json!(0);
    refused(&d, &format!("{a}.id"), "0 is not a record id");
    let mut d = doc.clone();
    let second = d["clients"][0]["notes"][0]["addenda"][0].clone();
    d["clients"][0]["notes"][0]["addenda"][0]["id"] = json!(7);
    d["clients"][0]["notes"][0]["addenda"]
        .as_array_mut()
        .expect("addenda")
        .push(second);
    d["clients"][0]["notes"][0]["addenda"][1]["id"] = json!(7);
    refused(&d, "clients[0].notes[0].addenda[1].id", "duplicate id 7");

    // An addendum on a note that claims no signature.
    let mut d = doc.clone();
    d["clients"][0]["notes"][0]["signed_at"] = Value::Null;
    refused(&d, a, "an addendum on an unsigned note");
}

#[test]
fn ids_and_links_that_do_not_hold_together_are_refused() {
    let (doc, n) = base();
    assert!(n >= 2);
    let mut d = doc.clone();
    d["clients"][0]["notes"][1]["id"] = json!(0);
    refused(&d, "clients[0].notes[1].id", "0 is not a record id");

    let mut d = doc.clone();
    d["clients"][2]["id"] = json!(-4);
    refused(&d, "clients[2].id", "-4 is not a record id");

    let mut d = doc.clone();
    let first = d["clients"][0]["notes"][0]["id"].clone();
    d["clients"][0]["notes"][1]["id"] = first;
    refused(&d, "clients[0].notes[1].id", "duplicate id");

    let mut d = doc.clone();
    let goal = d["clients"][0]["goals"][0]["id"].clone();
    d["clients"][1]["goals"][0]["id"] = goal;
    refused(&d, "clients[1].goals[0].id", "duplicate id");

    // A note naming another client's goal.
    let mut d = doc.clone();
    let theirs = d["clients"][1]["goals"][0]["id"].clone();
    d["clients"][0]["notes"][1]["goal_ids"] = json!([theirs]);
    refused(
        &d,
        "clients[0].notes[1].goal_ids[0]",
        "not one of this client's goals",
    );

    let mut d = doc.clone();
    let ours = d["clients"][0]["goals"][0]["id"].clone();
    d["clients"][0]["notes"][1]["goal_ids"] = json!([ours, ours]);
    refused(&d, "clients[0].notes[1].goal_ids[1]", "listed twice");
}

#[test]
fn other_values_casework_never_writes_are_refused() {
    let (doc, _) = base();
    let mut d = doc.clone();
    d["clients"][0]["notes"][1]["kind"] = json!("chat");
    refused(
        &d,
        "clients[0].notes[1].kind",
        "not a note kind in the vocabulary (session, phone",
    );

    let mut d = doc.clone();
    d["clients"][0]["notes"][1]["session_time"] = json!("25:00");
    refused(&d, "clients[0].notes[1].session_time", "not a time of day");

    let mut d = doc.clone();
    d["clients"][0]["notes"][1]["duration_min"] = json!(0);
    refused(
        &d,
        "clients[0].notes[1].duration_min",
        "between 1 minute and 24 hours",
    );

    let mut d = doc.clone();
    d["clients"][0]["stage_history"][0]["left_on"] = json!("1901-01-01");
    refused(
        &d,
        "clients[0].stage_history[0].left_on",
        "before entered_on",
    );

    let mut d = doc.clone();
    let item = d["clients"][0]["checklist"][0].clone();
    d["clients"][0]["checklist"]
        .as_array_mut()
        .expect("items")
        .push(item);
    let last = d["clients"][0]["checklist"].as_array().map_or(0, Vec::len) - 1;
    refused(
        &d,
        &format!("clients[0].checklist[{last}].key"),
        "listed twice",
    );

    let mut d = doc.clone();
    d["clients"][0]["checklist"][0]["key"] = json!(" ");
    refused(&d, "clients[0].checklist[0].key", "empty");

    let mut d = doc.clone();
    d["clients"][0]["safety_plan"] = json!({
        "warning_signs": "", "coping": "", "supports": "", "professionals": "",
        "safe_environment": "", "updated_at": "",
    });
    refused(&d, "clients[0].safety_plan.updated_at", "is not a time");

    let mut d = doc.clone();
    let items = json!([{"stage": "assessment", "key": "k", "label": "k", "done": true,
                        "done_on": "2026-01-01", "note": null}]);
    d["clients"][0]["earlier_checklists"] = json!([
        {"reopened_on": "2026-03-01", "items": items},
        {"reopened_on": "2026-03-01", "items": items},
    ]);
    refused(
        &d,
        "clients[0].earlier_checklists[1].reopened_on",
        "is not after",
    );
    d["clients"][0]["earlier_checklists"] = json!([{"reopened_on": "2026-03-01", "items": []}]);
    refused(&d, "clients[0].earlier_checklists[0].items", "empty");
}

#[test]
fn json_that_does_not_parse_is_named_by_line_and_column() {
    let f = Fixture::empty();
    let file = f.dir.path().join("in.json");
    std::fs::write(&file, "{\n  \"casework_export\": 1,\n  oops\n}").expect("write");
    let o = import(&f.path, &file);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!(
            "casework: in {} at line 3 column 3: ",
            file.display()
        )),
        "{err}"
    );
    assert!(!f.path.exists());
}

/// Techniques with commas, quotes and brackets, and checklist marks on keys
/// the template does not have, survive export, import and export unchanged.
#[test]
fn techniques_and_checklist_keys_round_trip_exactly() {
    let (mut doc, _) = base();
    let odd = json!([
        "CBT, group",
        "",
        "[x",
        "a\"b,c",
        "problem-solving; brief",
        "é"
    ]);
    doc["clients"][0]["notes"][0]["techniques"] = odd.clone();
    doc["clients"][0]["notes"][1]["techniques"] = json!(["[\"not\", \"json\"]"]);
    let stage = doc["clients"][0]["stage"].clone();
    doc["clients"][0]["checklist"]
        .as_array_mut()
        .expect("items")
        .push(json!({
            "stage": stage, "key": "agency: own item, with commas", "label": "x",
            "done": true, "done_on": "2026-11-01", "note": "a, b",
        }));
    doc["clients"][0]["earlier_checklists"] = json!([{
        "reopened_on": "2026-03-01",
        "items": [{"stage": "assessment", "key": "old,key", "label": "old,key",
                   "done": false, "done_on": null, "note": "kept"}],
    }]);

    let first = Fixture::empty();
    let (mut store, _) = Store::open(&first.path).expect("open");
    let parsed: Export = serde_json::from_value(doc).expect("shape");
    store.import_export(&parsed).expect("import");
    let once = exported(&store);
    let note = &once["clients"][0]["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["id"] == parsed.clients[0].notes[0].id)
        .expect("the note")["techniques"];
    assert_eq!(note, &odd);
    let keys: Vec<&Value> = once["clients"][0]["checklist"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| &i["key"])
        .collect();
    assert!(
        keys.contains(&&json!("agency: own item, with commas")),
        "{keys:?}"
    );
    assert_eq!(
        once["clients"][0]["earlier_checklists"][0]["items"][0]["key"],
        "old,key"
    );

    let second = Fixture::empty();
    let (mut again, _) = Store::open(&second.path).expect("open");
    let parsed: Export = serde_json::from_value(once.clone()).expect("shape");
    again.import_export(&parsed).expect("import again");
    // The records, that is: each import adds its own rows to the audit trail.
    let records = |mut v: Value| {
        v.as_object_mut().map(|d| d.remove("audit"));
        v
    };
    assert_eq!(records(exported(&again)), records(once));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, .. proptest::prelude::ProptestConfig::default() })]

    /// Any list of techniques, and any checklist key, comes back as it went in.
    #[test]
    fn any_techniques_and_keys_come_back_unchanged(
        techniques in proptest::collection::vec("[,\\[\\]\" a-z\u{e9}\\\\;|\t]{0,8}", 0..5),
        key in "[,\\[\\]\" a-z\u{e9};|]{0,6}[a-z]",
    ) {
        let (mut doc, _) = base_once().clone();
        doc["clients"][0]["notes"][1]["techniques"] = json!(techniques);
        let stage = doc["clients"][0]["stage"].clone();
        doc["clients"][0]["checklist"]
            .as_array_mut()
            .expect("items")
            .push(json!({"stage": stage, "key": key, "label": key, "done": false,
                         "done_on": null, "note": "n"}));
        let id = doc["clients"][0]["notes"][1]["id"].clone();
        let f = Fixture::empty();
        let (mut store, _) = Store::open(&f.path).expect("open");
        let parsed: Export = serde_json::from_value(doc).expect("shape");
        match store.import_export(&parsed) {
            // The key happened to be one of the template's own (listed
            // twice), which is refused; nothing else may be.
            Err(StoreError::InFile { at, .. }) => proptest::prop_assert!(at.ends_with(".key"), "{}", at),
            Err(e) => proptest::prop_assert!(false, "{}", e),
            Ok(_) => {
                let back = exported(&store);
                let note = back["clients"][0]["notes"]
                    .as_array()
                    .expect("notes")
                    .iter()
                    .find(|n| n["id"] == id)
                    .expect("the note");
                proptest::prop_assert_eq!(&note["techniques"], &json!(techniques));
                let found = back["clients"][0]["checklist"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .any(|i| i["key"] == json!(key) && i["note"] == "n");
                proptest::prop_assert!(found, "{:?} lost", key);
            }
        }
    }
}

/// The base document, made once for the property test.
fn base_once() -> &'static (Value, usize) {
    static BASE: std::sync::OnceLock<(Value, usize)> = std::sync::OnceLock::new();
    BASE.get_or_init(base)
}
