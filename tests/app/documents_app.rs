//! Documents to share from the TUI: `c` asks the question for a
//! consultation pack, shows it de-identified with what was replaced, and
//! writes it only on the write key; `S` does the same for the progress
//! sheet. Each write is a new 0600 file and an audit row.

use crate::fixture::{Fixture, screen};
use crate::keys::{press, type_text};
use casework::app::Overlay;
use std::os::unix::fs::PermissionsExt;

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_consultation_pack_is_previewed_then_written_and_recorded() {
    let f = Fixture::demo(6, 30);
    let mut app = f.app();
    let out = f.dir.path().join("exports");
    app.export_dir = Some(out.clone());
    let client = app.selected_client().expect("a client").clone();
    let given = client
        .name
        .split_whitespace()
        .next()
        .expect("name")
        .to_string();

    press(&mut app, "c");
    type_text(&mut app, &format!("How do I keep {given} engaged?"));
    press(&mut app, "<C-s>");
    let Some(Overlay::DocumentPreview(doc)) = app.overlays.last() else {
        panic!("no preview:\n{}", screen(&app, 80, 24));
    };
    assert!(
        doc.text.contains("How do I keep the client engaged?"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains(&given));
    assert!(
        doc.replaced.contains("client's name ×1"),
        "{}",
        doc.replaced
    );
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Replaced: client's name ×1"), "{shown}");
    assert!(shown.contains("y write it"), "{shown}");
    // Nothing on disk before the write key.
    assert!(files(&out).is_empty());

    let audit_before = casework::store::audit::list(f.store().conn(), Some(client.id))
        .expect("audit")
        .len();
    press(&mut app, "y");
    let written = files(&out);
    assert_eq!(written.len(), 1, "{written:?}");
    let path = &written[0];
    let status = app.status.clone().unwrap_or_default();
    assert_eq!(status, format!("Written to {}", path.display()));
    let mode = std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.starts_with("# Consultation pack"));
    let rows = casework::store::audit::list(f.store().conn(), Some(client.id)).expect("audit");
    assert_eq!(rows.len(), audit_before + 1);
    let last = rows.last().expect("row");
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        ("export", "file")
    );
    assert!(last.detail.starts_with("consult by "), "{}", last.detail);
    assert!(last.detail.ends_with(&path.display().to_string()));

    // A second pack the same day goes beside the first, never over it.
    press(&mut app, "c <C-s> y");
    assert_eq!(files(&out).len(), 2);
    assert_eq!(std::fs::read_to_string(path).expect("read"), text);
}

#[test]
fn closing_the_preview_writes_nothing_and_says_so() {
    let f = Fixture::demo(4, 10);
    let mut app = f.app();
    let out = f.dir.path().join("exports");
    app.export_dir = Some(out.clone());
    press(&mut app, "S");
    let Some(Overlay::DocumentPreview(doc)) = app.overlays.last() else {
        panic!("no preview:\n{}", screen(&app, 80, 24));
    };
    assert!(doc.text.starts_with("# Your progress, "));
    press(&mut app, "<Esc>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.status.as_deref(), Some("Nothing written."));
    assert!(files(&out).is_empty());
}

#[test]
fn a_write_that_fails_does_not_say_written() {
    let f = Fixture::demo(4, 10);
    let mut app = f.app();
    // A file where the directory should be: nothing can go there.
    let blocked = f.dir.path().join("blocked");
    std::fs::write(&blocked, "x").expect("write");
    app.export_dir = Some(blocked);
    press(&mut app, "S y");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Not written: "), "{status}");
}

#[test]
fn in_privacy_mode_the_preview_shows_initials_but_the_file_has_the_name() {
    let f = Fixture::demo(4, 10);
    let mut app = f.app();
    let out = f.dir.path().join("exports");
    app.export_dir = Some(out.clone());
    let client = app.selected_client().expect("a client").clone();
    let given = client
        .name
        .split_whitespace()
        .next()
        .expect("name")
        .to_string();
    press(&mut app, "P S");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("# Your progress, "), "{shown}");
    assert!(!shown.contains(&given), "{shown}");
    press(&mut app, "y");
    let written = files(&out);
    let text = std::fs::read_to_string(&written[0]).expect("read");
    assert!(
        text.starts_with(&format!("# Your progress, {given}")),
        "{text}"
    );
}
