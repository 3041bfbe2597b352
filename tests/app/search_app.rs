//! Note search through the keymap: the true count and the position, more
//! results as the selection reaches the last one loaded, and Tab between
//! every client and the selected one.

use crate::fixture;
use crate::keys::{self, focus, press};

use casework::app::overlays::search::{NoteSearch, PAGE_SIZE, SearchScope};
use casework::app::{App, Overlay, Pane};
use casework::store::search::Scope;
use fixture::{Fixture, screen};
use std::collections::BTreeSet;

fn search(app: &App) -> &NoteSearch {
    match app.overlays.last() {
        Some(Overlay::Search(s)) => s,
        other => panic!("search not on top: {other:?}"),
    }
}

/// The search overlay over Notes with `q` typed.
fn searching(f: &Fixture, q: &str) -> App {
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    assert!(keys::type_text(&mut app, q), "a key of {q:?} was not taken");
    app
}

fn keys_of(s: &NoteSearch) -> Vec<(i64, Option<i64>)> {
    s.hits.iter().map(|h| (h.note_id, h.addendum_id)).collect()
}

#[test]
fn the_selection_reaching_the_end_loads_the_next_page() {
    let f = Fixture::demo(30, 200);
    let mut app = searching(&f, "the ");
    let total = f.store().search_count("the ", Scope::All).expect("count");
    assert!(total > 2 * PAGE_SIZE as u64, "{total}");
    let s = search(&app);
    assert_eq!((s.hits.len(), s.total), (PAGE_SIZE, total));
    assert!(screen(&app, 80, 24).contains(&format!("1 of {total}")));

    // Up to the one before the last: nothing more yet.
    for _ in 0..PAGE_SIZE - 2 {
        press(&mut app, "<Down>");
    }
    assert_eq!(search(&app).hits.len(), PAGE_SIZE);
    // Onto the last loaded: the next page comes, and Down goes on into it.
    press(&mut app, "<Down>");
    assert_eq!(search(&app).hits.len(), 2 * PAGE_SIZE);
    press(&mut app, "<Down>");
    let s = search(&app);
    assert_eq!(s.cursor.index, PAGE_SIZE);
    let at = format!("{} of {total}", PAGE_SIZE + 1);
    assert!(screen(&app, 80, 24).contains(&at), "{at}");

    // To the end, a page at a time: every match once, and no further.
    for _ in 0..total {
        press(&mut app, "<PgDn>");
    }
    let s = search(&app);
    let got = keys_of(s);
    assert_eq!(got.len() as u64, total);
    assert_eq!(
        got.iter().collect::<BTreeSet<_>>().len(),
        got.len(),
        "twice"
    );
    assert_eq!(s.cursor.index + 1, got.len());
    assert!(screen(&app, 120, 40).contains(&format!("{total} of {total}")));
}

#[test]
fn tab_searches_the_selected_client_and_back() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "j j");
    let client = app.selected_client().expect("client").clone();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    assert!(keys::type_text(&mut app, "the "));
    let everyone = search(&app).total;

    press(&mut app, "<Tab>");
    let s = search(&app);
    assert_eq!(
        s.scope,
        SearchScope::Client {
            id: client.id,
            name: client.name.clone()
        }
    );
    let theirs = f
        .store()
        .search_count("the ", Scope::Client(client.id))
        .expect("count");
    assert!(theirs > 0 && theirs < everyone, "{theirs} of {everyone}");
    assert_eq!(s.total, theirs);
    assert!(s.hits.iter().all(|h| h.client_id == client.id));
    let top = screen(&app, 120, 40);
    assert!(
        top.contains(&format!("Search notes · {}", client.name)),
        "{top}"
    );

    // Still the overlay, still the words: Tab is not "next pane" here.
    press(&mut app, "<Tab>");
    let s = search(&app);
    assert_eq!((s.scope.clone(), s.total), (SearchScope::All, everyone));
    assert_eq!(s.input.text(), "the ");
    assert!(screen(&app, 120, 40).contains("Search notes · all clients"));
}

fn one_client(f: &Fixture, q: &str) -> App {
    let mut app = f.app();
    press(&mut app, "j");
    focus(&mut app, Pane::Notes);
    press(&mut app, "/ <Tab>");
    assert!(keys::type_text(&mut app, q));
    app
}

#[test]
fn one_clients_search_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = one_client(&f, "the ");
    press(&mut app, "<Down>");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn one_clients_search_at_120x40() {
    let f = Fixture::demo(30, 200);
    let app = one_client(&f, "");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn far_down_a_long_search_at_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = searching(&f, "the ");
    for _ in 0..60 {
        press(&mut app, "<Down>");
    }
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn privacy_mode_hides_the_name_in_the_scope_title() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    app.privacy = true;
    let name = app.selected_client().expect("client").name.clone();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/ <Tab>");
    assert!(matches!(search(&app).scope, SearchScope::Client { .. }));
    for s in [screen(&app, 120, 40), screen(&app, 80, 24)] {
        assert!(!s.contains(&name), "{s}");
        assert!(s.contains("Search notes · "), "{s}");
    }
}
