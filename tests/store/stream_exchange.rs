//! The JSON export is written, and imported, a client at a time: the bytes
//! must be those of the whole document, whatever order another tool put
//! the file's keys in, and a file cut short must leave nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::ChecklistTemplate;
use casework::store::export::export;
use fixture::Fixture;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    fixture::casework_command()
        .args(args)
        .output()
        .expect("run")
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

/// What the in-memory document serialises to.
fn whole_document(f: &Fixture, only: Option<i64>) -> Vec<u8> {
    let mut doc = export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    if let Some(id) = only {
        assert!(doc.keep_only_client(id));
    }
    serde_json::to_vec_pretty(&doc).expect("json")
}

#[test]
fn the_streamed_export_is_byte_for_byte_the_whole_document() {
    let f = Fixture::demo(12, 90);
    let db = utf8(&f.path);

    let o = run(&["export", "--db", db]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout == whole_document(&f, None), "to standard output");

    let o = run(&["export", "--db", db, "--client", "3"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout == whole_document(&f, Some(3)), "one client");

    // Taken before: writing a file adds its own audit row afterwards.
    let before = whole_document(&f, None);
    let file = f.dir.path().join("out.json");
    let o = run(&["export", "--db", db, "-o", utf8(&file)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&file).expect("read") == before, "to a file");
    let after = String::from_utf8(whole_document(&f, None)).expect("utf8");
    assert!(after.contains("\"json by "), "the file's audit row");
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let o = run(&["export", "--db", db, "--client", "999"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no client with id 999"));
}

/// A new database that the binary imported `export` into (written first
/// to `name` beside it); the import must succeed.
fn imported(export: &[u8], name: &str) -> Fixture {
    let target = Fixture::empty();
    let file = target.dir.path().join(name);
    std::fs::write(&file, export).expect("write");
    let o = run(&["import", "--db", utf8(&target.path), utf8(&file)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    target
}

/// Export, import, export through the binary: the records come back byte
/// for byte; the second trail is the first with one import row per client.
#[test]
fn a_round_trip_through_the_binary_keeps_every_byte_of_the_records() {
    let source = Fixture::demo(10, 60);
    let first = run(&["export", "--db", utf8(&source.path)]);
    assert!(first.status.success());
    let target = imported(&first.stdout, "export.json");
    let second = run(&["export", "--db", utf8(&target.path)]);
    assert!(second.status.success());
    let records = |bytes: &[u8]| {
        let text = String::from_utf8(bytes.to_vec()).expect("utf8");
        let at = text.find("\n  \"audit\"").expect("audit");
        text[..at].to_string()
    };
    assert_eq!(records(&second.stdout), records(&first.stdout));
    let rows = |bytes: &[u8]| {
        let v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
        v["audit"]["rows"].as_array().expect("rows").clone()
    };
    let (before, after) = (rows(&first.stdout), rows(&second.stdout));
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 10);
}

/// A tool that rewrote the file (jq, a script through a JSON library) may
/// have sorted its keys: the trail then comes before the clients, and the
/// rows before the trail's scope. It still imports, checks clean, and holds
/// the same records.
#[test]
fn an_export_whose_keys_were_sorted_by_another_tool_imports() {
    let source = Fixture::demo(6, 40);
    let doc = whole_document(&source, None);
    let value: serde_json::Value = serde_json::from_slice(&doc).expect("json");
    let sorted = serde_json::to_vec(&value).expect("json");
    let text = String::from_utf8(sorted.clone()).expect("utf8");
    assert!(text.find("\"audit\"") < text.find("\"clients\""), "sorted");
    assert!(text.find("\"rows\"") < text.find("\"scope\""), "sorted");

    let target = imported(&sorted, "sorted.json");
    let o = run(&["check", "--db", utf8(&target.path)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let again = export(&target.store(), &ChecklistTemplate::builtin()).expect("export");
    let again = serde_json::to_value(&again).expect("json");
    assert_eq!(again["clients"], value["clients"]);
}

/// Cut short anywhere (in a client, in the trail after every client was
/// read, between two rows), the file is refused with its place; no
/// database is created, and an empty one given is left byte for byte.
#[test]
fn an_export_cut_short_is_refused_and_leaves_nothing() {
    let source = Fixture::demo(5, 30);
    let doc = whole_document(&source, None);
    let text = String::from_utf8(doc.clone()).expect("utf8");
    let in_trail = text.find("\"rows\"").expect("rows") + 200;
    let cuts = [doc.len() / 3, in_trail, doc.len() - 3];
    for cut in cuts {
        let f = Fixture::empty();
        let file = f.dir.path().join("cut.json");
        std::fs::write(&file, &doc[..cut]).expect("write");
        let o = run(&["import", "--db", utf8(&f.path), utf8(&file)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "cut at {cut}: accepted");
        assert!(
            err.contains(&format!("in {} at line ", file.display())),
            "{err}"
        );
        assert!(!f.path.exists(), "cut at {cut}: a database was created");

        drop(f.store());
        let before = std::fs::read(&f.path).expect("read");
        let o = run(&["import", "--db", utf8(&f.path), utf8(&file)]);
        assert!(!o.status.success());
        assert_eq!(
            std::fs::read(&f.path).expect("read"),
            before,
            "cut at {cut}"
        );
    }
}

/// A note id used by two clients is refused at its place, though the file
/// is read a client at a time.
#[test]
fn a_note_id_two_clients_share_is_refused_at_its_place() {
    let source = Fixture::demo(4, 30);
    let mut value: serde_json::Value =
        serde_json::from_slice(&whole_document(&source, None)).expect("json");
    let first = value["clients"][0]["notes"][0]["id"].clone();
    let clients = value["clients"].as_array_mut().expect("clients");
    let (i, j) = clients
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, c)| {
            let notes = c["notes"].as_array()?;
            (!notes.is_empty()).then_some((i, notes.len() - 1))
        })
        .expect("another client with notes");
    clients[i]["notes"][j]["id"] = first.clone();
    let f = Fixture::empty();
    let file = f.dir.path().join("dup.json");
    std::fs::write(&file, serde_json::to_vec(&value).expect("json")).expect("write");
    let o = run(&["import", "--db", utf8(&f.path), utf8(&file)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    let place = format!("at clients[{i}].notes[{j}].id: duplicate id {first}");
    assert!(err.contains(&place), "{err}");
    assert!(!f.path.exists());
}

/// The search indexes are built once at the end of an import: after it,
/// every word and short prefix finds what it found in the exported
/// database, and the indexes are kept up to date again for new notes.
#[test]
fn an_imported_database_searches_as_the_exported_one_and_indexes_new_notes() {
    use casework::domain::NoteMeta;
    use casework::store::search::Scope;
    let source = Fixture::demo(12, 90);
    let first = run(&["export", "--db", utf8(&source.path)]);
    assert!(first.status.success());
    let target = imported(&first.stdout, "export.json");

    let (from, into) = (source.store(), target.store());
    let doc = export(&from, &ChecklistTemplate::builtin()).expect("export");
    let mut queries: Vec<String> = ["a", "co", "hou", "se", "zzzq"].map(String::from).to_vec();
    for c in &doc.clients {
        for n in c.notes.iter().take(2) {
            queries.extend(n.body.split_whitespace().take(3).map(str::to_lowercase));
            for a in &n.addenda {
                queries.extend(a.body.split_whitespace().take(2).map(str::to_lowercase));
            }
        }
    }
    let mut found = 0;
    for q in &queries {
        let q: String = q.chars().filter(|c| c.is_alphanumeric()).collect();
        if q.is_empty() {
            continue;
        }
        let want = from.search_count(&q, Scope::All).expect("source");
        assert_eq!(
            into.search_count(&q, Scope::All).expect("imported"),
            want,
            "{q}"
        );
        found += want;
    }
    assert!(found > 0, "the queries found something");
    drop(into);

    let mut into = target.store();
    let client = into.caseload().expect("caseload")[0].id;
    into.create_note(
        client,
        &NoteMeta::new(fixture::today()),
        "zqxylophone lesson",
        None,
    )
    .expect("note");
    assert_eq!(into.search_count("zqx", Scope::All).expect("new"), 1);
}
