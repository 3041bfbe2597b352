//! Export and import: round trips, case summaries, rosters, hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::ChecklistTemplate;
use casework::store::Store;
use casework::store::export::{Export, export};
use fixture::Fixture;
use proptest::prelude::*;
use std::path::Path;
use std::process::Output;

fn json_of(store: &Store) -> String {
    serde_json::to_string_pretty(&export(store, &ChecklistTemplate::builtin()).expect("export"))
        .expect("json")
}

fn run(args: &[&str]) -> Output {
    fixture::casework_command()
        .args(args)
        .output()
        .expect("run")
}

/// `casework import FILE` into the database at `db`.
fn import(db: &Path, file: &Path) -> Output {
    run(&[
        "import",
        "--db",
        db.to_str().expect("utf8"),
        file.to_str().expect("utf8"),
    ])
}

fn audit_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

/// An export split into its records and its audit rows.
fn split(json: &str) -> (serde_json::Value, Vec<serde_json::Value>) {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("json");
    let trail = v.as_object_mut().and_then(|o| o.remove("audit"));
    let rows = trail
        .and_then(|t| t["rows"].as_array().cloned())
        .unwrap_or_default();
    (v, rows)
}

/// Export, import, export: the records come back identical; the audit
/// trail comes back row for row (time, action, detail, seal and hash), with
/// the import appended to it as one chained row per client; and `check`
/// verifies the imported database.
#[test]
fn json_export_imports_into_an_empty_database_and_exports_identically() {
    let source = Fixture::demo(25, 220);
    let first = json_of(&source.store());
    let target = Fixture::empty();
    let file = target.dir.path().join("export.json");
    std::fs::write(&file, &first).expect("write");
    let o = import(&target.path, &file);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let second = json_of(&target.store());
    let (records, rows) = split(&first);
    let (records_again, rows_again) = split(&second);
    assert_eq!(records_again, records);
    assert!(!rows.is_empty());
    assert_eq!(rows_again[..rows.len()], rows[..], "the trail, as it was");
    let appended = &rows_again[rows.len()..];
    assert_eq!(appended.len(), 25, "one import row per client");
    assert!(appended.iter().all(|r| r["action"] == "import"));
    let doc: serde_json::Value = serde_json::from_str(&second).expect("json");
    assert_eq!(doc["audit"]["head"]["row"], rows_again.len());
    assert_eq!(
        doc["audit"]["head"]["hash"],
        rows_again[rows_again.len() - 1]["hash"]
    );
    let o = run(&["check", "--db", target.path.to_str().expect("utf8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// An export edited on the way is refused, naming the place, and nothing
/// is written: a signed note's text, or a row of the trail.
#[test]
fn an_export_with_a_changed_signed_note_or_trail_is_refused() {
    let f = Fixture::demo(3, 8);
    let good: serde_json::Value = serde_json::from_str(&json_of(&f.store())).expect("json");
    let signed = good["clients"][0]["notes"]
        .as_array()
        .and_then(|n| n.iter().position(|n| !n["signed_at"].is_null()))
        .expect("a signed note");
    let mut changed_note = good.clone();
    changed_note["clients"][0]["notes"][signed]["body"] =
        serde_json::Value::String("current SI with plan".into());
    let mut changed_row = good.clone();
    changed_row["audit"]["rows"][1]["at"] =
        serde_json::Value::String("2020-01-01T00:00:00Z".into());
    let mut dropped_row = good.clone();
    dropped_row["audit"]["rows"]
        .as_array_mut()
        .expect("rows")
        .remove(1);
    for (doc, want) in [
        (changed_note, "no longer matches what was signed"),
        (changed_row, "audit.rows[1].hash"),
        (dropped_row, "audit.rows[1].id"),
    ] {
        let target = Fixture::empty();
        let file = target.dir.path().join("in.json");
        std::fs::write(&file, serde_json::to_vec(&doc).expect("json")).expect("write");
        let o = import(&target.path, &file);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{want}: accepted");
        assert!(err.contains(want), "{want}: {err}");
        let store = target.store();
        assert!(store.caseload().expect("caseload").is_empty(), "{want}");
        assert_eq!(audit_rows(&store), 0, "{want}");
    }
}

/// A record the file says is signed, with no signature of it in the file's
/// trail, is refused before any database is made: otherwise the import
/// would seal it, and a forged signature that `check` names in place would
/// come out clean after an export and an import. A format-2 file without
/// its trail is refused for the same reason.
#[test]
fn a_signature_the_trail_does_not_hold_is_refused() {
    let f = Fixture::demo(3, 8);
    let good: serde_json::Value = serde_json::from_str(&json_of(&f.store())).expect("json");
    let notes = good["clients"][0]["notes"].as_array().expect("notes");
    let signed = notes
        .iter()
        .position(|n| !n["signed_at"].is_null())
        .expect("a signed note");
    let mut copied_note = good.clone();
    let mut copy = notes[signed].clone();
    copy["id"] = 999.into();
    copy["addenda"] = serde_json::json!([]);
    copied_note["clients"][0]["notes"]
        .as_array_mut()
        .expect("notes")
        .push(copy);
    let mut added_addendum = good.clone();
    added_addendum["clients"][0]["notes"][signed]["addenda"]
        .as_array_mut()
        .expect("addenda")
        .push(serde_json::json!({
            "id": 77, "body": "Client now reports a plan.",
            "created_at": "2026-11-30T12:00:00Z", "signed_at": "2026-11-30T12:00:00Z"
        }));
    let mut no_trail = good.clone();
    no_trail.as_object_mut().expect("object").remove("audit");

    // Laundering through casework's own export: a note planted as signed in
    // the source (which `check` names there) is exported without complaint,
    // and its import must not vouch for it.
    let planted = Fixture::demo(3, 8);
    {
        let conn = rusqlite::Connection::open(&planted.path).expect("raw");
        conn.execute(
            "INSERT INTO notes (client_id, kind, format, body, session_date, created_at,
                                updated_at, signed_at)
             VALUES (1, 'session', 'free', 'Agreed there is no risk.', '2026-11-01',
                     '2026-11-01T12:00:00Z', '2026-11-01T12:00:00Z', '2026-11-01T12:00:00Z')",
            [],
        )
        .expect("plant a signed note");
    }
    let o = run(&["export", "--db", planted.path.to_str().expect("utf8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let laundered: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");

    for (doc, want) in [
        (copied_note, "holds no signature for it"),
        (added_addendum, "addenda"),
        (no_trail, "at audit: is missing"),
        (laundered, "holds no signature for it"),
    ] {
        let target = Fixture::empty();
        std::fs::remove_file(&target.path).ok();
        let file = target.dir.path().join("in.json");
        let bytes = serde_json::to_vec(&doc).expect("json");
        std::fs::write(&file, &bytes).expect("write");
        let o = import(&target.path, &file);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{want}: accepted");
        assert!(err.contains(want), "{want}: {err}");
        assert!(err.contains(&format!("in {} at ", file.display())), "{err}");
        assert!(!target.path.exists(), "{want}: a database was made");
        assert_eq!(std::fs::read(&file).expect("read"), bytes, "{want}");
    }
}

/// One client's export carries only that client's rows; it imports, and
/// the imported database checks clean. An export made before the trail
/// was exported (format 1) imports and checks clean too.
#[test]
fn a_one_client_export_and_a_format_1_export_import_and_check_clean() {
    let f = Fixture::demo(4, 20);
    let db = f.path.to_str().expect("utf8");
    let o = run(&["export", "--db", db, "--client", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let one: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = one["audit"]["rows"].as_array().expect("rows");
    assert!(!rows.is_empty() && rows.iter().all(|r| r["client_id"] == 2));
    assert_eq!(one["audit"]["scope"], "client");

    let mut old: serde_json::Value = serde_json::from_str(&json_of(&f.store())).expect("json");
    let o = old.as_object_mut().expect("object");
    o.remove("audit");
    o.insert("casework_export".into(), 1.into());

    for doc in [one, old] {
        let target = Fixture::empty();
        let file = target.dir.path().join("in.json");
        std::fs::write(&file, serde_json::to_vec(&doc).expect("json")).expect("write");
        let o = import(&target.path, &file);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = run(&["check", "--db", target.path.to_str().expect("utf8")]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn json_import_refuses_a_database_that_has_clients() {
    let f = Fixture::demo(3, 5);
    let doc: Export = serde_json::from_str(&json_of(&f.store())).expect("parse");
    let mut store = f.store();
    let err = store.import_export(&doc).expect_err("must refuse");
    assert!(err.to_string().contains("empty database"), "{err}");
}

#[test]
fn hostile_json_is_refused_with_its_place_and_writes_nothing() {
    let good = json_of(&Fixture::demo(3, 8).store());
    let cases: Vec<(String, &str)> = vec![
        ("{ not json".into(), "line 1"),
        (
            good.replacen("\"crisis\": false", "\"crisis\": \"no\"", 1),
            "line",
        ),
        (good.replacen("\"stage\": \"", "\"stage\": \"x", 1), "stage"),
        (
            good.replacen("\"session_date\": \"20", "\"session_date\": \"20xx", 1),
            "session_date",
        ),
        (
            good.replacen("\"name\":", "\"nickname\": \"x\", \"name\":", 1),
            "unknown field",
        ),
        (
            good.replace("\"id\": 2,", "\"id\": 1,")
                .replace("\"id\": 3,", "\"id\": 1,"),
            "duplicate id",
        ),
        (
            // "schema_version": 99 followed by the real version's digits.
            good.replacen("\"schema_version\": ", "\"schema_version\": 99", 1),
            "is newer than this program knows",
        ),
        (
            good.replacen("\"created_at\": \"20", "\"created_at\": \"x20", 1),
            "created_at: \"x20",
        ),
        (
            good.replacen("\"session_date\": \"20", "\"session_date\": \"00", 1),
            "year 26 is outside 1900..=2200",
        ),
    ];
    for (text, want) in cases {
        let f = Fixture::empty();
        let file = f.dir.path().join("in.json");
        std::fs::write(&file, &text).expect("write");
        let before = std::fs::read(&file).expect("read");
        let o = import(&f.path, &file);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "accepted: {want}");
        assert!(
            err.contains("in.json") && err.contains(want),
            "{want}: {err}"
        );
        assert!(!err.contains("in the database"), "{err}");
        let store = f.store();
        assert!(
            store.caseload().expect("caseload").is_empty(),
            "{want}: something was written"
        );
        assert_eq!(audit_rows(&store), 0);
        assert_eq!(
            std::fs::read(&file).expect("read"),
            before,
            "the input file is untouched"
        );
    }
}

#[test]
fn huge_fields_in_json_are_refused_by_path() {
    let f = Fixture::demo(2, 4);
    let mut doc: serde_json::Value = serde_json::from_str(&json_of(&f.store())).expect("parse");
    doc["clients"][1]["notes"][0]["body"] = serde_json::Value::String("x".repeat(2 << 20));
    doc["clients"][0]["contact"] = serde_json::Value::String("y".repeat(100 << 10));
    let target = Fixture::empty();
    let file = target.dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&doc).expect("json")).expect("write");
    let o = import(&target.path, &file);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("clients[0].contact") && err.contains("longer than allowed"),
        "{err}"
    );
    assert!(target.store().caseload().expect("caseload").is_empty());
}

#[test]
fn invalid_utf8_json_is_refused() {
    let f = Fixture::empty();
    let file = f.dir.path().join("bytes.json");
    std::fs::write(&file, b"{\"clients\": [\xff]}").expect("write");
    let o = import(&f.path, &file);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bytes.json"));
}

#[test]
fn markdown_case_summary_for_one_client() {
    let f = Fixture::demo(6, 40);
    let store = f.store();
    let doc = export(&store, &ChecklistTemplate::builtin()).expect("export");
    let client = doc
        .clients
        .iter()
        .find(|c| !c.goals.is_empty() && !c.notes.is_empty())
        .expect("a client with goals and notes");
    let o = run(&[
        "export",
        "--db",
        f.path.to_str().expect("utf8"),
        "--format",
        "md",
        "--client",
        &client.id.to_string(),
    ]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(md.starts_with(&format!("# {}\n", client.name)), "{md}");
    for part in [
        "## Stages",
        "## Goals",
        "## Notes",
        "| date | value | rated by | note |",
    ] {
        assert!(md.contains(part), "missing {part}");
    }
    assert!(md.contains(&client.goals[0].client_words));
    assert!(md.contains(client.notes[0].body.lines().next().expect("body")));
    let other = doc
        .clients
        .iter()
        .find(|c| c.id != client.id)
        .expect("another client");
    assert!(!md.contains(&format!("# {}\n", other.name)) || other.name == client.name);
}

#[test]
fn caseload_csv_reads_back_as_a_roster() {
    let f = Fixture::demo(12, 20);
    let csv_file = f.dir.path().join("caseload.csv");
    let o = run(&[
        "export",
        "--db",
        f.path.to_str().expect("utf8"),
        "--format",
        "csv",
        "-o",
        csv_file.to_str().expect("utf8"),
    ]);
    assert!(o.status.success());
    let text = std::fs::read_to_string(&csv_file).expect("read");
    assert_eq!(text.lines().count(), 13, "header and one row per client");

    let target = Fixture::empty();
    let o = import(&target.path, &csv_file);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut a: Vec<(String, String)> = f
        .store()
        .caseload()
        .expect("c")
        .into_iter()
        .map(|c| (c.name, c.stage.key().to_string()))
        .collect();
    let mut b: Vec<(String, String)> = target
        .store()
        .caseload()
        .expect("c")
        .into_iter()
        .map(|c| (c.name, c.stage.key().to_string()))
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn a_roster_with_one_bad_line_imports_nothing() {
    let f = Fixture::empty();
    let file = f.dir.path().join("roster.csv");
    std::fs::write(&file, "name,next_contact\nAda,+1w\nBo,someday\nCy,\n").expect("write");
    let o = import(&f.path, &file);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("roster.csv: line 3: column next_contact"),
        "{err}"
    );
    assert!(f.store().caseload().expect("caseload").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn roster_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let today = fixture::today();
        let _ = casework::exchange::roster::parse(&bytes, Path::new("fuzz.csv"), today);
    }

    #[test]
    fn roster_parser_never_panics_on_csv_shaped_text(
        header in "(name|pronouns|stage|crisis|date_of_birth|risk_level)(,(name|contact|next_contact|archived)){0,3}",
        body in "([A-Za-z0-9 ,\"+\\-/\n]|\u{e9}|\u{1F600}){0,200}",
    ) {
        let text = format!("{header}\n{body}");
        let _ = casework::exchange::roster::parse(text.as_bytes(), Path::new("fuzz.csv"), fixture::today());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// A damaged export either imports, and then exports as the same data
    /// (and that export imports and exports unchanged), or is refused, and
    /// then the database file is byte for byte what it was.
    #[test]
    fn a_mutated_json_export_round_trips_or_changes_nothing(edits in proptest::collection::vec(edit(), 1..4)) {
        let bytes = mutated(&edits);
        let f = Fixture::empty();
        std::fs::write(&f.path, empty_database()).expect("write");

        // Parse, then import into an open database (`casework import`
        // checks the whole file before it opens the database at all).
        let (mut store, _) = Store::open(&f.path).expect("open");
        let outcome = serde_json::from_slice::<Export>(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|doc| store.import_export(&doc).map(|_| doc).map_err(|e| e.to_string()));
        match outcome {
            Ok(doc) => {
                let exported = json_of(&store);
                let value: serde_json::Value = serde_json::from_str(&exported).expect("json");
                let imported = serde_json::to_value(&doc).expect("json");
                prop_assert_eq!(data(&value), data(&imported));

                let again = Fixture::empty();
                std::fs::write(&again.path, empty_database()).expect("write");
                let (mut second, _) = Store::open(&again.path).expect("open");
                let doc: Export = serde_json::from_str(&exported).expect("parse");
                second.import_export(&doc).expect("an export imports");
                // The records come back as they were; the trail too, with
                // the second import appended to it.
                let (records, rows) = split(&exported);
                let again = json_of(&second);
                let (records_again, rows_again) = split(&again);
                prop_assert_eq!(records_again, records);
                prop_assert_eq!(&rows_again[..rows.len()], &rows[..]);
                prop_assert!(second.verify_record().expect("verify").is_empty());
            }
            Err(why) => {
                drop(store);
                let after = std::fs::read(&f.path).expect("read");
                prop_assert!(after == empty_database(), "refused ({}), yet the file changed", why);
            }
        }
    }
}

/// One real export, made once, for the mutation tests to start from.
fn good_export() -> &'static str {
    static GOOD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    GOOD.get_or_init(|| json_of(&Fixture::demo(3, 6).store()))
}

/// A change to the good export: mostly a letter or digit inside a value
/// replaced by another, so the document still parses and then imports or is
/// refused on its merits; now and then any byte anywhere (mostly not JSON).
#[derive(Debug, Clone)]
enum Edit {
    InValue(usize, u8),
    Anywhere(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::InValue(i, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Anywhere(i, b)),
    ]
}

fn mutated(edits: &[Edit]) -> Vec<u8> {
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bytes = good_export().as_bytes().to_vec();
    let places = value_places(&bytes);
    for e in edits {
        match *e {
            Edit::InValue(i, b) => {
                bytes[places[i % places.len()]] = ALNUM[b as usize % ALNUM.len()]
            }
            Edit::Anywhere(i, b) => {
                let n = bytes.len();
                bytes[i % n] = b;
            }
        }
    }
    bytes
}

/// Where the letters and digits of values are in a JSON text: inside
/// strings that are not field names, and in numbers.
fn value_places(json: &[u8]) -> Vec<usize> {
    let mut places = Vec::new();
    let mut string: Option<Vec<usize>> = None;
    let mut escaped = false;
    for (i, &b) in json.iter().enumerate() {
        match &mut string {
            Some(inside) => {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    let inside = string.take().unwrap_or_default();
                    let rest = json[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                    if rest != Some(&b':') {
                        places.extend(inside);
                    }
                } else if b.is_ascii_alphanumeric() {
                    inside.push(i);
                }
            }
            None if b == b'"' => string = Some(Vec::new()),
            None if b.is_ascii_digit() => places.push(i),
            None => {}
        }
    }
    places
}

/// An export's data, in a form two exports of the same data agree on:
/// without the format's version numbers and the values worked out on export
/// (checklist labels and unmarked items come from the template, a goal's
/// current value from its progress), and with every list in one order.
///
/// A mark on an item the template does not have is kept: export lists it
/// after the template's items of its stage.
fn data(export: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let mut clients = export["clients"].clone();
    for c in clients.as_array_mut().into_iter().flatten() {
        let marks: Vec<Value> = c["checklist"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| i["done"] == true || !i["note"].is_null())
            .map(|i| serde_json::json!([i["stage"], i["key"], i["done_on"], i["note"]]))
            .collect();
        c["checklist"] = Value::Array(marks);
        for g in c["goals"].as_array_mut().into_iter().flatten() {
            g.as_object_mut().map(|g| g.remove("current"));
        }
    }
    fn sorted(v: Value) -> Value {
        match v {
            Value::Array(items) => {
                let mut items: Vec<Value> = items.into_iter().map(sorted).collect();
                items.sort_by_cached_key(|x| x.to_string());
                Value::Array(items)
            }
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, x)| (k, sorted(x))).collect())
            }
            other => other,
        }
    }
    sorted(clients)
}

/// The file of a new, empty database, made once: each case starts from a
/// copy rather than creating the schema again.
fn empty_database() -> &'static [u8] {
    static EMPTY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| {
        let f = Fixture::empty();
        drop(Store::open(&f.path).expect("create"));
        std::fs::read(&f.path).expect("read")
    })
}
