//! Today reads only the items near its cursor (schema v13's kept agenda).
//! Driven through the real keys over a caseload made to tie, every screen
//! must be the screen of the whole agenda worked out in memory, as Today
//! drew it before, at every position the keys reach.

use crate::fixture::{Fixture, screen, today};
use crate::keys::press;
use casework::app::agenda_window::AgendaWindow;
use casework::app::{App, Overlay};
use rusqlite::params;

/// Clients made to tie: three dates, names differing only in case or
/// accent, crisis on and off, archived ones, several items each.
fn tied(f: &Fixture) {
    let store = f.store();
    let conn = store.conn();
    let names = [
        "ana", "Ana", "Émile", "émile", "Zoë", "zoe", "Øyvind", "øyvind",
    ];
    let dates = ["2026-11-02", "2026-11-23", "2026-11-27"];
    for i in 0..260_usize {
        conn.execute(
            "INSERT INTO clients (name, next_contact, case_review, crisis, archived,
                created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'x', 'x')",
            params![
                format!("{} {}", names[i % names.len()], i % 3),
                dates[i % 3],
                dates[(i / 3) % 3],
                i % 5 == 0,
                i % 11 == 0,
            ],
        )
        .expect("client");
        let client = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO followups (client_id, due, note) VALUES (?1, ?2, 'a check-in to say how it went')",
            params![client, dates[(i / 7) % 3]],
        )
        .expect("check-in");
    }
}

/// The screen with Today's window swapped for the whole agenda.
fn whole_screen(app: &mut App, whole: &AgendaWindow, w: u16, h: u16) -> String {
    let whole = whole.clone();
    let Some(Overlay::Today(v)) = app.overlays.last_mut() else {
        panic!("no today list");
    };
    let paged = std::mem::replace(&mut v.agenda, whole);
    let s = screen(app, w, h);
    if let Some(Overlay::Today(v)) = app.overlays.last_mut() {
        v.agenda = paged;
    }
    s
}

#[test]
fn every_screen_of_today_is_the_whole_agendas() {
    let f = Fixture::demo(0, 0);
    tied(&f);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = f.app();
        press(&mut app, "t");
        let whole = AgendaWindow::whole(&app.agenda().expect("agenda"), today());
        let len = whole.len();
        assert!(len > 600, "{len}");
        let mut keys: Vec<&str> = vec!["j"; 260];
        keys.extend(["<PageDown>"; 40]);
        keys.extend(["G", "k", "k", "<PageUp>", "g", "G"]);
        keys.extend(["k"; 220]);
        keys.extend(["<PageUp>"; 10]);
        keys.extend(["g", "<PageDown>", "<PageDown>", "j"]);
        for (n, key) in keys.iter().enumerate() {
            press(&mut app, key);
            let s = screen(&app, w, h);
            assert_eq!(
                s,
                whole_screen(&mut app, &whole, w, h),
                "{w}x{h} after key {n} ({key})"
            );
        }
    }
}

/// Another session writes while Today is open (check-ins added, others
/// done): the next move reads the list again, counts and rows in one
/// snapshot, so the list is as long as the records make it, every item is
/// within reach, and no row is blank: walked with `j` from top to bottom,
/// each item is the whole agenda's item at that place.
#[test]
fn another_sessions_writes_are_read_again_at_the_next_move() {
    let f = Fixture::demo(0, 0);
    tied(&f);
    let other = f.store();
    let writes = [
        "INSERT INTO followups (client_id, due, note)
            SELECT id, '2026-11-27', 'added elsewhere' FROM clients
             WHERE archived = 0 ORDER BY id DESC LIMIT 40",
        "UPDATE followups SET done_on = '2026-11-23'
          WHERE id IN (SELECT id FROM followups WHERE done_on IS NULL ORDER BY id LIMIT 60)",
    ];
    for sql in writes {
        let mut app = f.app();
        press(&mut app, "t");
        let before = today_len(&app);
        other
            .conn()
            .execute(sql, [])
            .expect("the other session's write");
        press(&mut app, "k");
        let whole = app.agenda().expect("agenda");
        assert_ne!(whole.len(), before, "{sql}: the write changes the list");
        assert_eq!(today_len(&app), whole.len(), "{sql}");
        for i in 0..whole.len() {
            let Some(Overlay::Today(v)) = app.overlays.last() else {
                panic!("no today list");
            };
            assert_eq!(v.cursor.index, i, "{sql}");
            assert_eq!(v.agenda.get(i), whole.get(i), "{sql}: item {i}");
            press(&mut app, "j");
        }
    }
}

fn today_len(app: &App) -> usize {
    match app.overlays.last() {
        Some(Overlay::Today(v)) => v.agenda.len(),
        _ => panic!("no today list"),
    }
}

/// A kept agenda tampered with outside casework: a kept row's copy of a
/// name never reaches the screen (the name shown is the client's own, the
/// one Enter opens), and a day count planted as large as SQLite allows
/// neither overflows nor panics as the cursor goes to the end and back.
/// (`casework check` names both; see open_items_store.)
#[test]
fn a_tampered_kept_agenda_shows_no_false_name_and_does_not_crash() {
    let f = Fixture::demo(0, 0);
    tied(&f);
    let conn = f.store();
    conn.conn()
        .execute_batch(
            "UPDATE open_items SET name = 'Planted Name';
             UPDATE open_item_days SET n = 9223372036854775807
              WHERE due = (SELECT min(due) FROM open_item_days);",
        )
        .expect("tamper");
    let mut app = f.app();
    press(&mut app, "t");
    let shown = screen(&app, 120, 40);
    assert!(!shown.contains("Planted Name"), "{shown}");
    assert!(shown.contains("Ana 0"), "{shown}");
    press(&mut app, "G");
    press(&mut app, "kkj");
    press(&mut app, "g");
    press(&mut app, "<PageDown>");
    let _ = screen(&app, 80, 24);
}
