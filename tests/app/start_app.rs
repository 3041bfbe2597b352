//! `App::start`, as the terminal runs it: the first frame is drawn from the
//! top of the caseload only, and the rest comes in with `Msg::Shown`
//! before any key. Whatever is on screen must be what the whole caseload
//! shows there, and no key may ever meet half a caseload.

use crate::fixture::{Fixture, screen, today};
use crate::keys::press;
use casework::app::{App, Msg};
use casework::config::Config;
use casework::domain::ChecklistTemplate;

fn start(f: &Fixture, config: Config) -> App {
    App::start(f.store(), ChecklistTemplate::builtin(), config, today()).expect("start")
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
    // Nothing on screen changes, so the loop draws no second frame.
    assert!(!started.update(Msg::Shown).redraw);
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
fn privacy_mode_loads_every_name_before_the_first_frame() {
    let f = Fixture::demo(420, 200);
    let config = Config {
        privacy: true,
        ..Config::default()
    };
    let mut started = start(&f, config.clone());
    assert_eq!(started.roster, whole(&f, config).roster);
    assert!(!started.update(Msg::Shown).redraw, "nothing left to load");
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
