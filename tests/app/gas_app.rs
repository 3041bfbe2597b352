//! Goal Attainment Scaling through the real keymap on a real file: a
//! goal's scale set from its detail (inline errors, nothing typed lost),
//! a review recorded one goal per screen with one key each, the T-score on
//! the summary and in the measures view.

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::{Overlay, Pane};
use casework::store::clients::ClientFields;
use fixture::{Fixture, active_goal, d, screen, today, top};

/// One client with two goals in their own words.
fn two_goals() -> (Fixture, i64, [i64; 2]) {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Gus Scale".into(),
        intake_date: Some(d("2026-09-01")),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("client");
    let goal = |words: &str| active_goal(id, words);
    let a = store.add_goal(&goal("Get back to work")).expect("goal");
    let b = store
        .add_goal(&goal("Sleep through the night"))
        .expect("goal");
    (f, id, [a, b])
}

fn levels(tag: &str) -> [String; 5] {
    ["none", "some", "half", "most", "all"].map(|l| format!("{tag} {l}"))
}

#[test]
fn a_scale_is_set_from_the_goal_with_inline_errors_and_nothing_typed_lost() {
    let (f, _, [a, _]) = two_goals();
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "<Enter>");
    assert!(matches!(top(&app), Overlay::GoalDetail(_)));
    assert!(screen(&app, 80, 24).contains("GAS scale    none yet (S sets one)"));
    press(&mut app, "S");
    insta::assert_snapshot!("gas_scale_form_80x24", screen(&app, 80, 24));
    type_text(&mut app, "No interviews");
    to_field(&mut app, "less");
    type_text(&mut app, "One application");
    to_field(&mut app, "more");
    type_text(&mut app, "Two interviews");
    to_field(&mut app, "weight");
    press(&mut app, "<C-u>");
    type_text(&mut app, "0");
    press(&mut app, "<C-s>");
    // Not saved: each problem beside its line, every word still there.
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("gas_scale_form_errors_80x24", s);
    assert!(s.contains("required"), "{s}");
    assert!(s.contains("above 0"), "{s}");
    assert!(
        s.contains("One application") && s.contains("Two interviews"),
        "{s}"
    );
    assert!(app.store().gas_scale_of(a).expect("read").is_none());

    to_field(&mut app, "expected");
    type_text(&mut app, "Three applications");
    to_field(&mut app, "much_more");
    type_text(&mut app, "A job offer");
    to_field(&mut app, "weight");
    press(&mut app, "<C-u>");
    type_text(&mut app, "2");
    press(&mut app, "<C-s>");
    assert_eq!(app.status.as_deref(), Some("GAS scale saved."));
    let scale = app.store().gas_scale_of(a).expect("read").expect("saved");
    assert_eq!(scale.levels[0], "No interviews");
    assert_eq!(scale.levels[4], "A job offer");
    assert_eq!(scale.weight, 2.0);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("as expected (0): Three applications · weight 2"),
        "{s}"
    );

    // Set again: the form starts from the scale as it is.
    press(&mut app, "S");
    let Overlay::Form(form) = top(&app) else {
        panic!("no form: {:?}", top(&app));
    };
    assert_eq!(form.fields[2].text(), "Three applications");
}

#[test]
fn a_review_takes_one_key_per_goal_and_saves_the_t_score() {
    let (f, id, [a, b]) = two_goals();
    {
        let mut store = f.store();
        store.set_gas_scale(a, levels("work"), 1.0).expect("scale");
        store.set_gas_scale(b, levels("sleep"), 1.0).expect("scale");
    }
    let mut app = f.app();
    press(&mut app, "M");
    assert!(screen(&app, 80, 24).contains("No GAS review yet. Press R"));
    press(&mut app, "R");
    assert!(matches!(top(&app), Overlay::GasReview(_)));
    insta::assert_snapshot!("gas_review_goal1_80x24", screen(&app, 80, 24));
    type_text(&mut app, "9");
    assert!(screen(&app, 80, 24).contains("9 is not a level here: 1 to 5."));
    type_text(&mut app, "5");
    // Back to the first goal and change its level.
    press(&mut app, "<Left>");
    type_text(&mut app, "4");
    type_text(&mut app, "3");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("gas_review_summary_80x24", s);
    // +1 and 0, unweighted: 50 + 10·1/√2.6.
    assert!(s.contains("T-score 56.2"), "{s}");
    assert!(app.store().gas_reviews_of(id).expect("read").is_empty());
    press(&mut app, "<Enter>");
    let saved = app.store().gas_reviews_of(id).expect("read");
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0]
            .levels
            .iter()
            .map(|l| (l.goal_id, l.level))
            .collect::<Vec<_>>(),
        vec![(a, 1), (b, 0)]
    );
    assert_eq!(format!("{:.1}", saved[0].t_score.expect("t")), "56.2");
    assert_eq!(
        app.status.as_deref(),
        Some("GAS review saved: T-score 56.2.")
    );
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("gas_reviews_in_measures_80x24", s);
    assert!(s.contains("T  56.2   levels +1  0"), "{s}");
    assert!(
        s.contains(" 50|#") && !s.contains(" 60|#"),
        "56.2 fills to the 50 row: {s}"
    );
}

#[test]
fn no_scale_no_review_and_esc_asks_before_dropping_levels() {
    let (f, id, [a, _]) = two_goals();
    let mut app = f.app();
    press(&mut app, "M R");
    assert!(matches!(top(&app), Overlay::Measures(_)));
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("No goal has a GAS scale yet")),
        "{:?}",
        app.status
    );
    f.store()
        .set_gas_scale(a, levels("work"), 1.0)
        .expect("scale");
    let mut app = f.app();
    press(&mut app, "M R");
    // Only the goal with a scale is reviewed.
    assert!(screen(&app, 80, 24).contains("goal 1 of 1"));
    press(&mut app, "<Esc>");
    assert!(
        matches!(top(&app), Overlay::Measures(_)),
        "nothing picked: closes"
    );
    press(&mut app, "R");
    type_text(&mut app, "2");
    press(&mut app, "<Esc>");
    assert!(matches!(top(&app), Overlay::Confirm(_)));
    press(&mut app, "n");
    assert!(matches!(top(&app), Overlay::GasReview(_)));
    press(&mut app, "<Esc> y");
    assert!(matches!(top(&app), Overlay::Measures(_)));
    assert!(app.store().gas_reviews_of(id).expect("read").is_empty());
}

#[test]
fn a_gas_scale_is_entered_in_error_from_the_goal_and_the_one_before_counts_again() {
    let (f, _, [a, _]) = two_goals();
    {
        let mut store = f.store();
        store.set_gas_scale(a, levels("old"), 1.0).expect("scale");
        store.set_gas_scale(a, levels("new"), 2.0).expect("scale");
    }
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    press(&mut app, "<Enter>");
    assert!(screen(&app, 80, 24).contains("as expected (0): new half · weight 2"));
    press(&mut app, "X");
    let Overlay::Form(form) = top(&app) else {
        panic!("no reason form: {:?}", top(&app));
    };
    assert_eq!(form.title, "Entered in error: GAS scale");
    insta::assert_snapshot!("gas_scale_in_error_form_80x24", screen(&app, 80, 24));
    // A reason is needed, as for every mark.
    press(&mut app, "<C-s>");
    assert!(matches!(top(&app), Overlay::Form(_)));
    type_text(&mut app, "levels were another client's");
    press(&mut app, "<C-s>");
    assert!(
        matches!(top(&app), Overlay::GoalDetail(_)),
        "{:?}",
        app.status
    );
    assert_eq!(
        app.status.as_deref(),
        Some("Entered in error: the GAS scale stays, out of charts and counts.")
    );
    let scales = app.store().gas_scales_of(a).expect("read");
    assert_eq!(scales.len(), 2, "nothing deleted");
    let e = scales[1].error.as_ref().expect("marked");
    assert_eq!(e.reason, "levels were another client's");
    assert!(screen(&app, 80, 24).contains("as expected (0): old half · weight 1"));
    // The older one goes too: then the goal has none, and says so.
    press(&mut app, "X");
    type_text(&mut app, "also wrong");
    press(&mut app, "<C-s>");
    assert!(screen(&app, 80, 24).contains("none yet (S sets one)"));
    press(&mut app, "X");
    assert!(matches!(top(&app), Overlay::GoalDetail(_)));
    assert_eq!(
        app.status.as_deref(),
        Some("This goal has no GAS scale to mark.")
    );
}

#[test]
fn a_gas_review_is_selected_below_the_scores_and_entered_in_error() {
    let (f, id, [a, b]) = two_goals();
    {
        let mut store = f.store();
        store.set_gas_scale(a, levels("work"), 1.0).expect("scale");
        store.set_gas_scale(b, levels("sleep"), 1.0).expect("scale");
        let phq = casework::domain::measures()
            .get("phq9")
            .expect("shipped")
            .clone();
        store
            .record_measure(id, &phq, d("2026-11-01"), today(), &[1; 9])
            .expect("score");
        store
            .record_gas_review(id, d("2026-10-01"), today(), &[(a, -1), (b, 0)])
            .expect("review");
        store
            .record_gas_review(id, d("2026-11-20"), today(), &[(a, 1), (b, 1)])
            .expect("review");
    }
    let mut app = f.app();
    press(&mut app, "M");
    // The score first; on down, the newest review, then the older.
    press(&mut app, "j j");
    insta::assert_snapshot!("gas_review_selected_80x24", screen(&app, 80, 24));
    press(&mut app, "E");
    let Overlay::Form(form) = top(&app) else {
        panic!("no reason form: {:?}", top(&app));
    };
    assert_eq!(form.title, "Entered in error: GAS review");
    type_text(&mut app, "levels from the wrong week");
    press(&mut app, "<C-s>");
    assert!(
        matches!(top(&app), Overlay::Measures(_)),
        "{:?}",
        app.status
    );
    let reviews = app.store().gas_reviews_of(id).expect("read");
    assert_eq!(reviews.len(), 2, "nothing deleted");
    let marked: Vec<bool> = reviews.iter().map(|r| r.error.is_some()).collect();
    assert_eq!(marked, [true, false], "the older one, as selected");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("entered in error: levels from the wrong week"),
        "{s}"
    );
    // The score is still what E marks on its own line.
    press(&mut app, "<Home> k k E");
    let Overlay::Form(form) = top(&app) else {
        panic!("no reason form: {:?}", top(&app));
    };
    assert_eq!(form.title, "Entered in error: measure");
}
/// At 80x24 the GAS reviews sit below the scores: on the last score they
/// are scrolled into view, the selected score staying on screen.
#[test]
fn on_the_last_score_the_gas_reviews_below_come_into_view_at_80x24() {
    let (f, id, [a, b]) = two_goals();
    {
        let mut store = f.store();
        let phq = casework::domain::measures()
            .get("phq9")
            .expect("shipped")
            .clone();
        for (day, items) in [
            ("2026-09-01", [3, 3, 2, 2, 2, 2, 2, 1, 0]),
            ("2026-10-01", [2, 2, 2, 2, 2, 1, 1, 1, 0]),
            ("2026-10-29", [2, 2, 1, 1, 1, 1, 1, 0, 0]),
            ("2026-11-20", [1, 1, 1, 1, 1, 1, 0, 0, 0]),
        ] {
            store
                .record_measure(id, &phq, d(day), today(), &items)
                .expect("saved");
        }
        store.set_gas_scale(a, levels("work"), 1.0).expect("scale");
        store.set_gas_scale(b, levels("sleep"), 1.0).expect("scale");
        store
            .record_gas_review(id, d("2026-10-01"), today(), &[(a, -1), (b, -1)])
            .expect("review");
        store
            .record_gas_review(id, d("2026-11-20"), today(), &[(a, 1), (b, 0)])
            .expect("review");
    }
    let mut app = f.app();
    press(&mut app, "M");
    let s = screen(&app, 80, 24);
    assert!(s.contains("> 2026-11-20"), "{s}");
    assert!(!s.contains("levels +1  0"), "below the fold at first: {s}");
    press(&mut app, "jjj");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("gas_reviews_below_scores_80x24", s);
    assert!(s.contains("> 2026-09-01"), "the selected score stays: {s}");
    assert!(s.contains("2026-11-20  T  56.2   levels +1  0"), "{s}");
    assert!(s.contains("2026-10-01  T  37.6   levels -1 -1"), "{s}");
    // Back up, the chart and the newest score again.
    press(&mut app, "kkk");
    let s = screen(&app, 80, 24);
    assert!(s.contains("> 2026-11-20") && s.contains("Change: "), "{s}");
}
