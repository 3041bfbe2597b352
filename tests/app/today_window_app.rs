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
