//! A measure half given, or a GAS review half recorded, survives the end of
//! the process: its answers are a form draft from the draft deadline on,
//! reopen on the next start (over the client's measures, on the item they
//! were at), and go with the save or a deliberate discard. A draft another
//! live session holds stays with it.

use crate::fixture;
use crate::keys::{press, type_text};

use casework::app::{App, Msg, Overlay};
use fixture::{Fixture, active_goal, one_client, screen, top};

fn drafts(f: &Fixture) -> usize {
    f.store().form_drafts().expect("drafts").len()
}

/// The draft deadline passes, as the event loop says it.
fn deadline(app: &mut App) {
    let _ = app.update(Msg::DraftsDue);
}

#[test]
fn a_half_given_phq9_comes_back_after_the_process_ends_and_saves_once() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M a");
    type_text(&mut app, "1203");
    assert!(app.drafts_pending(), "answers are typing like any other");
    assert!(screen(&app, 80, 24).contains("typing…"));
    deadline(&mut app);
    assert!(!app.drafts_pending());
    assert!(screen(&app, 80, 24).contains("draft saved"));
    // Ended without a save or a quit: nothing more is written.
    drop(app);
    assert_eq!(drafts(&f), 1);

    let mut app = f.app();
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("Restored your unsaved form “PHQ-9 answers”"),
        "{status}"
    );
    let Overlay::MeasureForm(form) = top(&app) else {
        panic!("no measure form: {:?}", top(&app));
    };
    assert_eq!(form.client_id, id);
    assert_eq!(form.key, "phq9");
    assert_eq!(
        &form.answers[..5],
        &[Some(1), Some(2), Some(0), Some(3), None]
    );
    assert_eq!(form.at, 4, "on the item it was at");
    // Over the client's measures, as when it was opened.
    assert!(matches!(
        app.overlays.get(app.overlays.len() - 2),
        Some(Overlay::Measures(_))
    ));
    insta::assert_snapshot!("measure_form_restored_80x24", screen(&app, 80, 24));

    // Finished and saved: one score, and the draft went with it.
    type_text(&mut app, "00000");
    press(&mut app, "<Enter> <Enter>");
    let rows = app.store().measures_of(id).expect("read");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].total, 6);
    assert!(matches!(top(&app), Overlay::Measures(_)));
    assert_eq!(drafts(&f), 0);
    drop(app);
    let app = f.app();
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
}

#[test]
fn answers_dropped_on_purpose_take_their_draft_with_them() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M a");
    type_text(&mut app, "12");
    deadline(&mut app);
    assert_eq!(drafts(&f), 1);
    press(&mut app, "<Esc> y");
    assert!(matches!(top(&app), Overlay::Measures(_)));
    assert_eq!(drafts(&f), 0);
    drop(app);
    let app = f.app();
    assert!(app.overlays.is_empty());
    assert!(app.store().measures_of(id).expect("read").is_empty());
}

#[test]
fn answers_held_by_another_live_session_stay_with_it() {
    let (f, _) = one_client();
    let mut app = f.app();
    press(&mut app, "M l a");
    type_text(&mut app, "321");
    deadline(&mut app);
    // Still running (its process is alive): a second start leaves it be.
    let second = f.app();
    assert!(second.overlays.is_empty(), "{:?}", second.overlays);
    let status = second.status.clone().unwrap_or_default();
    assert!(
        status.contains("“GAD-7 answers” is open in another session"),
        "{status}"
    );
    drop(second);
    // The first goes on typing into its own draft.
    type_text(&mut app, "0");
    deadline(&mut app);
    let kept = f.store().form_drafts().expect("drafts");
    assert_eq!(kept.len(), 1);
    assert!(kept[0].body.contains("[3,2,1,0,null"), "{}", kept[0].body);
}

#[test]
fn the_answers_of_a_changed_measure_are_kept_and_said() {
    let (f, id) = one_client();
    // A draft from a PHQ-9 with fewer items than the one in use now.
    let body = format!(
        r#"{{"stepper":"measure","client_id":{id},"key":"phq9","answers":[1,2,null],"at":2}}"#
    );
    f.store()
        .save_form_draft(&casework::store::form_drafts::FormDraft {
            id: 0,
            client_id: Some(id),
            body,
            updated_at: None,
        })
        .expect("draft");
    let app = f.app();
    assert!(app.overlays.is_empty());
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("could not reopen: the PHQ-9 has changed"),
        "{status}"
    );
    assert!(status.contains("answers 1 2 -"), "{status}");
    assert_eq!(drafts(&f), 1, "kept");
}

#[test]
fn a_half_recorded_gas_review_comes_back_and_saves_once() {
    let (f, id) = one_client();
    let goals = {
        let mut store = f.store();
        let goal = |words: &str| active_goal(id, words);
        let levels =
            |tag: &str| ["none", "some", "half", "most", "all"].map(|l| format!("{tag} {l}"));
        let a = store.add_goal(&goal("Get back to work")).expect("goal");
        let b = store
            .add_goal(&goal("Sleep through the night"))
            .expect("goal");
        store.set_gas_scale(a, levels("work"), 1.0).expect("scale");
        store.set_gas_scale(b, levels("sleep"), 1.0).expect("scale");
        [a, b]
    };
    let mut app = f.app();
    press(&mut app, "M R");
    type_text(&mut app, "5");
    deadline(&mut app);
    drop(app);

    let mut app = f.app();
    let Overlay::GasReview(form) = top(&app) else {
        panic!("no review: {:?} {:?}", top(&app), app.status);
    };
    assert_eq!(form.levels, vec![Some(2), None]);
    assert_eq!(form.at, 1);
    type_text(&mut app, "3");
    press(&mut app, "<Enter>");
    let reviews = app.store().gas_reviews_of(id).expect("read");
    assert_eq!(reviews.len(), 1);
    let levels: Vec<(i64, i8)> = reviews[0]
        .levels
        .iter()
        .map(|l| (l.goal_id, l.level))
        .collect();
    assert_eq!(levels, vec![(goals[0], 2), (goals[1], 0)]);
    assert_eq!(drafts(&f), 0);
}
