//! Things a review found that a user could trigger: crashes on odd input,
//! another client's goals offered in a note, names shown in privacy mode,
//! a signed note's links changed. Each stays fixed.

use crate::fixture;
use crate::keys::{focus, press, type_text};

use casework::app::{Msg, Overlay, Pane};
use fixture::{Fixture, screen};

#[test]
fn a_huge_date_offset_in_a_form_is_a_message_not_a_crash() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    press(&mut app, "a");
    type_text(&mut app, "Noor Test");
    for _ in 0..7 {
        press(&mut app, "<Tab>");
    }
    press(&mut app, "+999999999d <C-s>");
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        panic!("the form was lost")
    };
    assert!(
        form.fields
            .iter()
            .any(|f| f.error.as_deref().is_some_and(|e| e.contains("too far")))
    );
    assert_eq!(form.fields[0].input.text(), "Noor Test");
}

#[test]
fn a_far_goal_date_while_typing_does_not_break_drawing() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "a");
    for _ in 0..6 {
        press(&mut app, "<Tab>");
    }
    type_text(&mut app, "+99999999d");
    let s = screen(&app, 80, 24);
    assert!(s.contains("+99999999d"), "{s}");
}

#[test]
fn a_non_ascii_session_time_is_a_message_not_a_crash() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    focus(&mut app, Pane::Notes);
    press(&mut app, "n");
    let _ = app.update(Msg::Paste("Met at the office.".into()));
    press(&mut app, "<F4> <Tab> é1 <C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Form(_))),
        "the details form stays"
    );
}

#[test]
fn a_restored_draft_offers_only_its_own_clients_goals() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    let a = app.selected_client().expect("a client").id;
    press(&mut app, "n");
    let _ = app.update(Msg::Paste("Private words about client A.".into()));
    let _ = app.update(Msg::DraftsDue);
    assert!(!app.drafts_pending(), "the draft is written");
    press(&mut app, "<Esc> k x y");
    drop(app);

    let app = f.app();
    let Some(Overlay::Editor(e)) = app.overlays.last() else {
        panic!("draft not restored")
    };
    assert_eq!(e.client_id, a);
    let own: Vec<i64> = f
        .store()
        .goals_of(a)
        .expect("goals")
        .iter()
        .map(|g| g.id)
        .collect();
    assert!(
        e.goals.iter().all(|(g, _)| own.contains(g)),
        "offered {:?}, own {own:?}",
        e.goals
    );
}

#[test]
fn privacy_mode_hides_names_in_search_and_the_editor() {
    let f = Fixture::demo(5, 30);
    let mut app = f.app();
    press(&mut app, "P");
    let names: Vec<String> = app.roster.iter().map(|c| c.name.clone()).collect();
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    crate::keys::paste(&mut app, "client");
    let search = screen(&app, 120, 40);
    press(&mut app, "<Esc> n");
    let editor = screen(&app, 120, 40);
    for n in &names {
        assert!(!search.contains(n.as_str()), "search shows {n}:\n{search}");
        assert!(!editor.contains(n.as_str()), "editor shows {n}:\n{editor}");
    }
}

#[test]
fn links_to_goals_are_locked_with_a_signed_note_and_stay_within_the_client() {
    let f = Fixture::demo(6, 60);
    let store = f.store();
    let conn = store.conn();
    let (note, client, goal): (i64, i64, i64) = conn
        .query_row(
            "SELECT n.id, n.client_id, g.id FROM notes n JOIN goals g ON g.client_id = n.client_id
             WHERE n.signed_at IS NOT NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a signed note whose client has a goal");
    let err = conn
        .execute(
            "INSERT INTO note_goals (note_id, goal_id) VALUES (?1, ?2)",
            [note, goal],
        )
        .expect_err("a signed note's links are locked");
    assert!(
        err.to_string().contains("signed notes cannot be changed"),
        "{err}"
    );
    let (open_note, open_client): (i64, i64) = {
        conn.execute(
            "INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at)
             VALUES (?1, 'session', 'free', 'x', '2026-11-23', 'x', 'x')",
            [client],
        )
        .expect("an unsigned note");
        (conn.last_insert_rowid(), client)
    };
    let other_goal: i64 = conn
        .query_row(
            "SELECT id FROM goals WHERE client_id <> ?1 LIMIT 1",
            [open_client],
            |r| r.get(0),
        )
        .expect("another client's goal");
    let err = conn
        .execute(
            "INSERT INTO note_goals (note_id, goal_id) VALUES (?1, ?2)",
            [open_note, other_goal],
        )
        .expect_err("cross-client link");
    assert!(err.to_string().contains("its own client"), "{err}");
}
