//! Standard measures in the TUI, through the real keymap on a real file:
//! a PHQ-9 given one item per screen, going back, cancelling, the item-9
//! crisis path, the chart over time, and a score entered in error.

use crate::fixture;
use crate::keys::{press, type_text};

use casework::app::{App, Overlay};
use casework::domain::measures;
use fixture::{d, one_client, screen, today, top};

fn saved(app: &App, id: i64) -> Vec<casework::domain::measure::Response> {
    app.store().measures_of(id).expect("read")
}

#[test]
fn a_phq9_is_given_in_ten_keys_and_item_9_offers_crisis_and_the_safety_plan() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M");
    assert!(matches!(top(&app), Overlay::Measures(_)));
    press(&mut app, "a");
    insta::assert_snapshot!("measure_form_item1_80x24", screen(&app, 80, 24));
    type_text(&mut app, "12111110");
    assert!(screen(&app, 80, 24).contains("Running total 8 of 27"));
    type_text(&mut app, "1");
    // The tenth question is optional and unscored: Enter skips it.
    press(&mut app, "<Enter>");
    insta::assert_snapshot!("measure_form_summary_80x24", screen(&app, 80, 24));
    assert!(saved(&app, id).is_empty(), "nothing is saved before Enter");
    press(&mut app, "<Enter>");
    let rows = saved(&app, id);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].total, rows[0].band.as_str()), (9, "mild"));
    assert_eq!(rows[0].items[9], None);
    assert_eq!(rows[0].taken_on, today());
    // Said plainly, with the offer.
    let Overlay::Confirm(q) = top(&app) else {
        panic!("no question: {:?}", top(&app));
    };
    // Its own title, the item in words and the answer the client gave.
    assert_eq!(q.title.as_deref(), Some("Safety: PHQ-9 item 9"));
    assert!(
        q.question.contains(
            "answered item 9 of the PHQ-9, “Thoughts that you would be better off dead or of hurting yourself in some way”, with “Several days” (1 of 3)."
        ),
        "{}",
        q.question
    );
    assert!(
        q.question
            .contains("Sam Measure\u{2069} in crisis and open the safety plan?"),
        "{}",
        q.question
    );
    insta::assert_snapshot!("measure_item9_question_80x24", screen(&app, 80, 24));
    press(&mut app, "y");
    assert!(app.detail.as_ref().expect("detail").client.crisis);
    assert!(matches!(top(&app), Overlay::SafetyPlan(_)));
    // The flag stays beside the score in the measures view.
    press(&mut app, "<Esc>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("9 mild  ! item 9"), "{s}");
}

#[test]
fn no_flag_no_question_and_a_client_already_in_crisis_gets_the_plan_at_once() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M a");
    type_text(&mut app, "000000000");
    press(&mut app, "<Enter> <Enter>");
    assert!(matches!(top(&app), Overlay::Measures(_)), "{:?}", top(&app));
    assert!(!app.detail.as_ref().expect("detail").client.crisis);
    press(&mut app, "<Esc> C y <Esc>");
    assert!(app.detail.as_ref().expect("detail").client.crisis);
    press(&mut app, "M a");
    type_text(&mut app, "000000002");
    press(&mut app, "<Enter> <Enter>");
    assert!(
        matches!(top(&app), Overlay::SafetyPlan(_)),
        "{:?}",
        top(&app)
    );
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("already marked in crisis")
    );
    assert_eq!(saved(&app, id).len(), 2);
}

#[test]
fn back_goes_to_the_previous_item_and_its_answer_can_be_changed() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M l a");
    let Overlay::MeasureForm(form) = top(&app) else {
        panic!("no form")
    };
    assert_eq!(form.key, "gad7");
    type_text(&mut app, "33");
    press(&mut app, "<Left>");
    assert!(screen(&app, 80, 24).contains("> 3   Nearly every day"));
    type_text(&mut app, "0");
    // A digit that is no answer here is said, not taken.
    type_text(&mut app, "7");
    assert!(screen(&app, 80, 24).contains("7 is not an answer here (0 to 3)."));
    type_text(&mut app, "00000");
    assert!(screen(&app, 80, 24).contains("Total 3 of 21: minimal"));
    press(&mut app, "<C-s>");
    let rows = saved(&app, id);
    assert_eq!(
        rows[0].items,
        vec![
            Some(3),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0)
        ]
    );
}

#[test]
fn esc_keeps_nothing_asking_first_only_when_answers_were_given() {
    let (f, id) = one_client();
    let mut app = f.app();
    press(&mut app, "M a <Esc>");
    assert!(
        matches!(top(&app), Overlay::Measures(_)),
        "no answers: no question"
    );
    press(&mut app, "a");
    type_text(&mut app, "12");
    press(&mut app, "<Esc>");
    assert!(matches!(top(&app), Overlay::Confirm(_)));
    press(&mut app, "n");
    let Overlay::MeasureForm(form) = top(&app) else {
        panic!("the form stays")
    };
    assert_eq!(form.at, 2);
    press(&mut app, "<Esc> y");
    assert!(matches!(top(&app), Overlay::Measures(_)));
    assert!(saved(&app, id).is_empty());
}

#[test]
fn the_chart_shows_bands_change_and_reliable_change_and_leaves_out_a_score_in_error() {
    let (f, id) = one_client();
    {
        let mut store = f.store();
        let phq = measures().get("phq9").expect("shipped").clone();
        for (day, items) in [
            ("2026-09-01", [3, 3, 2, 2, 2, 2, 2, 1, 1]),
            ("2026-10-01", [2, 2, 2, 2, 2, 1, 1, 1, 0]),
            ("2026-10-29", [2, 2, 1, 1, 1, 1, 1, 0, 0]),
            ("2026-11-20", [1, 1, 1, 1, 1, 1, 0, 0, 0]),
        ] {
            store
                .record_measure(id, &phq, d(day), today(), &items)
                .expect("saved");
        }
    }
    let mut app = f.app();
    press(&mut app, "M");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("measures_chart_80x24", s);
    assert!(
        s.contains("Change: -12 since first (18 to 6, reliable)"),
        "{s}"
    );
    assert!(s.contains("18 moderately severe  ! item 9"), "{s}");

    // The newest score entered in error: it stays, struck, out of the chart.
    press(&mut app, "E");
    type_text(&mut app, "scored for another client");
    press(&mut app, "<C-s>");
    let rows = saved(&app, id);
    assert!(rows[3].error.is_some());
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Change: -9 since first (18 to 9, reliable)"),
        "{s}"
    );
    assert!(
        s.contains("entered in error: scored for another client"),
        "{s}"
    );
}

/// An agency measure with one flag about safety and one that is not.
const AGENCY: &str = r#"key = "wellbeing"
name = "Wellbeing 3"
options = [
  { score = 0, label = "no" },
  { score = 1, label = "some" },
  { score = 2, label = "yes" },
]

[[items]]
text = "Sleeping badly"
flag = { from = 2, says = "sleep: talk to the GP" }

[[items]]
text = "Eating well"

[[items]]
text = "Feeling unsafe at home"
flag = { from = 1, says = "feels unsafe at home", safety = true }

[[bands]]
from = 0
to = 6
label = "any"
"#;

fn with_agency_measure() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("wellbeing.toml"), AGENCY).expect("write");
    let cat = casework::domain::measure_catalog::Catalog::load(Some(dir.path())).expect("valid");
    casework::domain::measure_catalog::use_on_this_thread(cat);
}

#[test]
fn a_flag_not_about_safety_shows_beside_the_score_and_asks_nothing() {
    with_agency_measure();
    let (f, id) = one_client();
    let mut app = f.app();
    // PHQ-9, GAD-7, then the agency's.
    press(&mut app, "M l l a");
    let Overlay::MeasureForm(form) = top(&app) else {
        panic!("no form: {:?}", top(&app));
    };
    assert_eq!(form.key, "wellbeing");
    type_text(&mut app, "200");
    assert!(screen(&app, 80, 24).contains("! sleep: talk to the GP"));
    press(&mut app, "<Enter>");
    assert!(
        matches!(top(&app), Overlay::Measures(_)),
        "no question: {:?}",
        top(&app)
    );
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("Wellbeing 3 saved: 2 any ! sleep: talk to the GP."),
        "{status}"
    );
    assert!(!app.detail.as_ref().expect("detail").client.crisis);
    assert!(screen(&app, 80, 24).contains("2 any  ! sleep: talk to the GP"));

    // The safety flag in the same measure still asks.
    press(&mut app, "a");
    type_text(&mut app, "201");
    press(&mut app, "<Enter>");
    let Overlay::Confirm(q) = top(&app) else {
        panic!("no question: {:?}", top(&app));
    };
    assert!(
        q.question
            .contains("item 3 of the Wellbeing 3, “Feeling unsafe at home”, with “some” (1 of 2)."),
        "{}",
        q.question
    );
    assert!(!q.question.contains("Sleeping badly"), "{}", q.question);
    assert_eq!(q.title.as_deref(), Some("Safety: Wellbeing 3 item 3"));
    press(&mut app, "y");
    assert!(app.detail.as_ref().expect("detail").client.crisis);
    assert!(matches!(top(&app), Overlay::SafetyPlan(_)));
    assert_eq!(app.store().measures_of(id).expect("read").len(), 2);
}
