//! `App::start`, as the terminal runs it: the first frame is drawn from the
//! top of the caseload only; `Msg::Shown` asks for the rest to be read off
//! the screen's thread (`Effect::LoadRest`, answered by `Msg::Rest`), and
//! a key that comes before the answer loads it itself. Whatever is on
//! screen must be what the whole caseload shows there, and no key may ever
//! meet half a caseload.

use crate::fixture::{Fixture, screen, today};
use crate::keys::press;
use casework::app::{App, Effect, Msg};
use casework::config::Config;
use casework::domain::ChecklistTemplate;
use casework::rest_loader::{Loaded, Request, load_now};

/// Started in a terminal 40 rows tall.
fn start(f: &Fixture, config: Config) -> App {
    start_in(f, config, 40)
}

fn start_in(f: &Fixture, config: Config, rows: u16) -> App {
    App::start(
        f.store(),
        ChecklistTemplate::builtin(),
        config,
        today(),
        rows,
    )
    .expect("start")
}

fn whole(f: &Fixture, config: Config) -> App {
    App::new(f.store(), ChecklistTemplate::builtin(), config, today()).expect("app")
}

#[test]
fn the_first_frame_is_the_whole_caseloads_and_the_rest_comes_before_any_key() {
    let f = Fixture::demo(420, 200);
    let all = whole(&f, Config::default());
    let mut started = start(&f, Config::default());
    assert!(
        started.roster.len() < all.roster.len(),
        "only the top is read: {} of {}",
        started.roster.len(),
        all.roster.len()
    );
    for (w, h) in [(120, 40), (80, 24)] {
        assert_eq!(screen(&started, w, h), screen(&all, w, h), "{w}x{h}");
    }
    let before = screen(&started, 120, 40);
    let request = ask_for_the_rest(&mut started);
    let loaded = load_now(&started.store().source(), request);
    // Nothing on screen changes, so the loop draws no second frame.
    assert!(!started.update(Msg::Rest(loaded)).redraw);
    assert_eq!(screen(&started, 120, 40), before);
    assert_eq!(started.roster, all.roster);
    assert_eq!(started.caseload, all.caseload);
    assert_eq!(started.caseload_len(), all.caseload.len());
    // From here on the two are the same app: keys, the workload, the end
    // of the list.
    let mut all = all;
    for keys in ["jjjj", "G", "w", "<Esc>/an", "<Esc><Esc>t"] {
        press(&mut started, keys);
        press(&mut all, keys);
        assert_eq!(
            screen(&started, 120, 40),
            screen(&all, 120, 40),
            "after {keys}"
        );
    }
}

#[test]
fn a_terminal_grown_taller_before_the_rest_arrives_loads_it_before_the_next_frame() {
    let f = Fixture::demo(420, 200);
    let all = whole(&f, Config::default());
    let mut started = start_in(&f, Config::default(), 24);
    // Read for 24 rows: fewer than a 40-row caseload pane shows.
    assert!(
        started.roster.len() < 36,
        "{} rows read for a terminal of 24",
        started.roster.len()
    );
    assert_eq!(screen(&started, 80, 24), screen(&all, 80, 24));
    assert!(started.update(Msg::Resized(40)).redraw);
    assert_eq!(started.roster, all.roster);
    assert_eq!(screen(&started, 120, 40), screen(&all, 120, 40));
    // Nothing is left to ask for once the first frame is shown.
    assert!(started.update(Msg::Shown).effects.is_empty());
    // A terminal made smaller needs nothing more.
    let mut small = start_in(&f, Config::default(), 40);
    let read = small.roster.len();
    assert!(small.update(Msg::Resized(24)).redraw);
    assert_eq!(small.roster.len(), read);
}

#[test]
fn privacy_mode_loads_every_name_before_the_first_frame() {
    let f = Fixture::demo(420, 200);
    let config = Config {
        privacy: true,
        ..Config::default()
    };
    let mut started = start(&f, config.clone());
    assert_eq!(started.roster, whole(&f, config).roster);
    let shown = started.update(Msg::Shown);
    assert!(!shown.redraw);
    assert!(shown.effects.is_empty(), "nothing left to load");
}

/// `Msg::Shown` asks for the rest once; the request it made.
fn ask_for_the_rest(app: &mut App) -> Request {
    let shown = app.update(Msg::Shown);
    assert!(!shown.redraw, "nothing on screen changes");
    match shown.effects.as_slice() {
        [Effect::LoadRest(request)] => request.clone(),
        other => panic!("expected one LoadRest, got {other:?}"),
    }
}

/// The answer arrives after a key has already loaded the rest: it is
/// dropped, whatever it holds (here, no clients at all, which would empty
/// the list if it were taken).
#[test]
fn a_key_before_the_answer_loads_the_rest_itself_and_the_answer_is_dropped() {
    let f = Fixture::demo(420, 200);
    let all = whole(&f, Config::default());
    let mut started = start(&f, Config::default());
    let request = ask_for_the_rest(&mut started);
    press(&mut started, "G");
    assert_eq!(started.roster, all.roster, "the key met the whole caseload");
    assert_eq!(started.caseload, all.caseload);
    let shown = screen(&started, 120, 40);
    let late = Loaded {
        request,
        rows: Ok((Vec::new(), Default::default())),
    };
    assert!(!started.update(Msg::Rest(late)).redraw);
    assert_eq!(started.roster, all.roster);
    assert_eq!(screen(&started, 120, 40), shown);
}

/// Only the answer to the last request is taken.
#[test]
fn an_answer_to_another_request_is_dropped() {
    let f = Fixture::demo(420, 200);
    let mut started = start(&f, Config::default());
    let first = started.roster.clone();
    let request = ask_for_the_rest(&mut started);
    let mut other = load_now(&started.store().source(), request);
    other.request.id += 1;
    assert!(!started.update(Msg::Rest(other)).redraw);
    assert_eq!(started.roster, first, "still the first screen's rows");
}

/// A failed read says so and keeps the first screen; the next key loads
/// the rest on the screen's thread before it acts.
#[test]
fn a_failed_answer_is_said_and_the_next_key_loads_the_rest() {
    let f = Fixture::demo(420, 200);
    let all = whole(&f, Config::default());
    let mut started = start(&f, Config::default());
    let request = ask_for_the_rest(&mut started);
    let failed = Loaded {
        request,
        rows: Err("the disk went away".into()),
    };
    assert!(started.update(Msg::Rest(failed)).redraw);
    let said = screen(&started, 120, 40);
    assert!(
        said.contains("Could not load the whole caseload: the disk went away"),
        "{said}"
    );
    assert!(started.roster.len() < all.roster.len());
    press(&mut started, "G");
    assert_eq!(started.roster, all.roster);
    assert_eq!(started.caseload, all.caseload);
}

/// A draft reopens on its client, who may be anywhere in the caseload: the
/// whole caseload is loaded first so that client can be selected.
#[test]
fn a_draft_for_a_client_far_down_the_list_reopens_on_that_client() {
    let f = Fixture::demo(420, 200);
    let last = whole(&f, Config::default())
        .caseload
        .last()
        .map(|c| c.id)
        .expect("clients");
    f.store()
        .conn()
        .execute(
            "INSERT INTO drafts (client_id, kind, format, body, updated_at)
             VALUES (?1, 'session', 'free', 'typed before the link dropped', '2026-11-20T10:00:00Z')",
            [last],
        )
        .expect("draft");
    // One session at a time: the draft is held by the session that has it.
    let expected = screen(&whole(&f, Config::default()), 120, 40);
    assert!(
        expected.contains("typed before the link dropped"),
        "{expected}"
    );
    let started = start(&f, Config::default());
    assert_eq!(started.selected_client().map(|c| c.id), Some(last));
    assert_eq!(screen(&started, 120, 40), expected);
}

/// Text `$EDITOR` held when a session was killed may be for any client:
/// the question names them, so the whole caseload is read first.
#[test]
fn text_left_by_the_editor_names_its_client_far_down_the_list() {
    use casework::app::recovery::LeftNote;
    use casework::external_editor::Leftover;
    let f = Fixture::demo(420, 200);
    let last = whole(&f, Config::default())
        .caseload
        .last()
        .cloned()
        .expect("clients");
    let mut started = start(&f, Config::default());
    assert!(
        !started.roster.iter().any(|c| c.id == last.id),
        "not on the first screen"
    );
    started.offer_editor_leftovers(vec![Leftover {
        dir: f.dir.path().join("editing"),
        note: LeftNote {
            client_id: last.id,
            note_id: None,
            draft_id: None,
            target: casework::store::drafts::DraftTarget::New,
            meta: casework::domain::NoteMeta::new(today()),
            body: "went to the editor".into(),
        },
        text: "came back from the editor".into(),
    }]);
    let shown = screen(&started, 120, 40);
    assert!(shown.contains(&last.name), "{shown}");
    assert_eq!(
        started.roster.len(),
        whole(&f, Config::default()).roster.len()
    );
}
