//! Note search through the keymap: the true count and the position, more
//! results as the selection reaches the last one loaded, and Tab between
//! every client and the selected one. Searches are answered away from the
//! keys: one for a burst of typing, a late answer dropped, a stopped one
//! silent.

use crate::fixture;
use crate::keys::{self, focus, press};

use casework::app::overlays::search::{NoteSearch, PAGE_SIZE, SearchScope};
use casework::app::{App, Effect, Msg, Overlay, Pane};
use casework::searcher::answer_now;
use casework::store::search::Scope;
use casework::store::search_reader::{Answer, Request, Wanted};
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

/// The search a key asked for, if it asked for one.
fn asked(effects: &[Effect]) -> Option<Request> {
    effects.iter().find_map(|e| match e {
        Effect::Search { request, .. } => Some(request.clone()),
        _ => None,
    })
}

#[test]
fn five_letters_typed_fast_run_one_search_for_the_last_of_them() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    let mut searches = keys::Searches::default();
    for key in keys::keys("benef") {
        let update = app.on_key(key);
        assert!(update.redraw);
        searches.after_key(&mut app, update.effects);
        // Each key shows at once, and that a search is on its way.
        assert!(search(&app).is_searching());
        assert!(screen(&app, 80, 24).contains("searching…"));
    }
    assert!(searches.run.is_empty(), "nothing ran while the keys came");
    searches.pause(&mut app);
    let texts: Vec<&str> = searches.run.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, vec!["benef"]);
    let s = search(&app);
    assert!(!s.is_searching());
    assert!(!s.hits.is_empty());
    assert_eq!(
        s.total,
        f.store().search_count("benef", Scope::All).expect("count")
    );
    let top = screen(&app, 80, 24);
    assert!(
        !top.contains("searching…") && top.contains(&format!("1 of {}", s.total)),
        "{top}"
    );
}

#[test]
fn an_answer_that_comes_after_the_next_key_is_dropped() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    let _ = app.on_key(keys::keys("t")[0]);
    let for_t = asked(&app.on_key(keys::keys("h")[0]).effects).expect("asked");
    let for_the = asked(&app.on_key(keys::keys("e")[0]).effects).expect("asked");
    assert!(for_the.id > for_t.id);
    assert_eq!((for_t.text.as_str(), for_the.text.as_str()), ("th", "the"));

    // "th" was answered (it ran before "e" came), but too late.
    let late = answer_now(&app.store().source(), &for_t);
    assert!(matches!(&late, Answer::Found { page, .. } if !page.hits.is_empty()));
    assert!(!app.update(Msg::Searched(late)).redraw);
    let s = search(&app);
    assert!(s.hits.is_empty() && s.is_searching());
    assert!(screen(&app, 80, 24).contains("Searching…"));

    let answer = answer_now(&app.store().source(), &for_the);
    assert!(app.update(Msg::Searched(answer)).redraw);
    let s = search(&app);
    assert!(!s.is_searching() && !s.hits.is_empty());
    let want = f
        .store()
        .search_page(
            "the",
            Scope::All,
            casework::store::search::Cursor::START,
            PAGE_SIZE,
        )
        .expect("page");
    assert_eq!(s.hits, want.hits);
}

#[test]
fn a_stopped_search_shows_nothing_and_says_no_error() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    let request = asked(&app.on_key(keys::keys("a")[0]).effects).expect("asked");
    // A newer search is wanted while this one runs: it stops part way
    // (the check is inside the query, on the connection running it).
    let wanted = Wanted::default();
    wanted.set(request.id + 1);
    let mut reader = app.store().source().open().expect("reader");
    let stopped = reader.answer(&request, &wanted);
    assert_eq!(stopped, Answer::Stopped { id: request.id });
    // The same connection answers the next search whole.
    wanted.set(request.id);
    assert!(matches!(
        reader.answer(&request, &wanted),
        Answer::Found { .. }
    ));

    let _ = app.update(Msg::Searched(stopped));
    let s = search(&app);
    assert!(s.hits.is_empty() && s.error.is_none());
    let top = screen(&app, 80, 24);
    assert!(
        !top.to_lowercase().contains("fail") && !top.contains("error"),
        "{top}"
    );

    // Leaving stops what is still out.
    let update = app.on_key(keys::keys("<Esc>")[0]);
    assert!(update.effects.contains(&Effect::StopSearch));
    assert!(app.overlays.is_empty());
}
