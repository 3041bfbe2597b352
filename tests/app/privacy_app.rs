//! Privacy mode (`P`) on a caseload whose text is full of what identifies
//! people: names inside note text, phone numbers and e-mail addresses in the
//! notes, the safety plan, the client's details, goals and search results.
//! Each screen is checked for every secret with privacy on, and the same
//! screen with privacy off must show them (or the check proves nothing).

use crate::fixture::{Fixture, screen};
use crate::keys::{focus, press};
use casework::app::{App, Pane};
use casework::store::Store;
use casework::store::export::Export;
use serde_json::json;

/// What must never be on screen in privacy mode.
const SECRETS: &[&str] = &[
    "Ann Lee",
    "Ann ",
    "ANN",
    "Lee's",
    "Maria",
    "Okafor",
    "Will Moss",
    "07700 900123",
    "555.123.4567",
    "(555) 123-4567",
    "+44 20 7946 0958",
    "ann.lee+home@example.org",
    "example.org",
    "m.okafor@nhs.example",
];

fn note(id: i64, date: &str, body: &str) -> serde_json::Value {
    json!({
        "id": id, "kind": "session", "format": "free", "session_date": date,
        "session_time": null, "duration_min": 50, "techniques": [], "goal_ids": [],
        "body": body, "created_at": format!("{date}T12:00:00Z"), "signed_at": null,
        "addenda": [],
    })
}

fn client(id: i64, name: &str, contact: &str, notes: Vec<serde_json::Value>) -> serde_json::Value {
    json!({
        "id": id, "name": name, "preferred_name": null, "pronouns": null,
        "date_of_birth": null, "contact": contact, "referral_source": null,
        "intake_date": "2026-10-01", "next_contact": "2026-11-30", "case_review": null,
        "risk_level": "medium", "crisis": true, "archived": false, "stage": "planning",
        "checklist": [], "earlier_checklists": [],
        "stage_history": [{"stage": "planning", "entered_on": "2026-10-01",
                           "left_on": null, "reason": null, "summary": null}],
        "followups": [], "goals": [], "notes": notes, "safety_plan": null,
    })
}

/// Ann Lee (the client on screen) and Will Moss, imported the way a real
/// file is.
fn caseload() -> Fixture {
    let mut ann = client(
        1,
        "Ann Lee",
        "ann.lee+home@example.org, 555.123.4567",
        vec![note(
            10,
            "2026-11-20",
            "Ann called from 07700 900123 about the Annual review.\n\
             ANN said her sister Maria can be reached at (555) 123-4567 or\n\
             m.okafor@nhs.example via Dr Okafor. Lee's flat is near Will Moss;\n\
             she will call back. Anneliese and Leeds are other words.",
        )],
    );
    ann["safety_plan"] = json!({
        "warning_signs": "not sleeping", "coping": "walk the dog",
        "supports": "my sister Maria +44 20 7946 0958; Thursday drop-in",
        "professionals": "Dr Okafor, m.okafor@nhs.example; crisis line",
        "safe_environment": "", "updated_at": "2026-11-20T12:00:00Z",
    });
    ann["goals"] = json!([{
        "id": 5, "client_words": "Ann wants Maria to visit weekly", "smart": null,
        "measure": null, "unit": null, "baseline": null, "target": null, "current": null,
        "due": null, "status": "active", "progress": [],
        "steps": [{"description": "Call Maria on 07700 900123", "who": "worker",
                   "who_detail": null, "due": null, "done_on": null}],
        "referrals": [{"agency": "Housing", "contact": "Dr Okafor (555) 123-4567",
                       "status": "made", "created_on": "2026-11-01"}],
    }]);
    let will = client(2, "Will Moss", "none", Vec::new());
    let doc = json!({"casework_export": 1, "schema_version": 2, "clients": [ann, will]});
    let f = Fixture::empty();
    let (mut store, _) = Store::open(&f.path).expect("open");
    let doc: Export = serde_json::from_value(doc).expect("shape");
    store.import_export(&doc).expect("import");
    f
}

/// Ann selected (the caseload's first row, or moved down to her).
fn app_on_ann(f: &Fixture) -> App {
    let mut app = f.app();
    for _ in 0..app.caseload.len() {
        if app
            .detail
            .as_ref()
            .is_some_and(|d| d.client.name == "Ann Lee")
        {
            break;
        }
        press(&mut app, "j");
    }
    assert_eq!(
        app.detail.as_ref().map(|d| d.client.name.as_str()),
        Some("Ann Lee")
    );
    app
}

fn hidden(s: &str, what: &str) {
    for secret in SECRETS {
        assert!(!s.contains(secret), "{what}: {secret:?} visible:\n{s}");
    }
}

/// The same screen with privacy off shows what privacy hid. (`P` is a
/// letter to type in a form or search, so the setting is flipped directly.)
fn shown_without_privacy(app: &mut App, width: u16, height: u16, wanted: &[&str]) {
    app.privacy = false;
    let s = screen(app, width, height);
    for w in wanted {
        assert!(
            s.contains(w),
            "{w:?} not on screen even without privacy:\n{s}"
        );
    }
    app.privacy = true;
}

#[test]
fn note_text_hides_names_phones_and_addresses() {
    let f = caseload();
    let mut app = app_on_ann(&f);
    press(&mut app, "P");
    focus(&mut app, Pane::Notes);
    let s = screen(&app, 120, 40);
    hidden(&s, "notes");
    // Whole words only: "Annual", "Anneliese" and "Leeds" stay, and
    // "will" the verb is not Will Moss.
    for kept in [
        "Annual",
        "Anneliese",
        "Leeds",
        "she will call",
        "[phone]",
        "[email]",
    ] {
        assert!(s.contains(kept), "{kept:?} missing:\n{s}");
    }
    insta::assert_snapshot!("privacy_note_text_120x40", s);
    shown_without_privacy(&mut app, 120, 40, &["07700 900123", "Maria", "Ann called"]);
}

#[test]
fn the_safety_plan_hides_its_people_and_their_numbers() {
    let f = caseload();
    let mut app = app_on_ann(&f);
    press(&mut app, "P !");
    let s = screen(&app, 80, 24);
    hidden(&s, "safety plan");
    assert!(s.contains("Thursday drop-in"), "{s}");
    insta::assert_snapshot!("privacy_safety_plan_80x24", s);
    shown_without_privacy(&mut app, 80, 24, &["+44 20 7946 0958", "Okafor"]);
}

#[test]
fn client_details_in_a_form_are_hidden_but_the_field_being_typed() {
    let f = caseload();
    let mut app = app_on_ann(&f);
    press(&mut app, "P");
    focus(&mut app, Pane::Caseload);
    press(&mut app, "e <Tab>");
    let s = screen(&app, 80, 24);
    hidden(&s, "client form");
    insta::assert_snapshot!("privacy_client_form_80x24", s);
    shown_without_privacy(&mut app, 80, 24, &["Ann Lee", "555.123.4567"]);
}

#[test]
fn goals_steps_and_referrals_hide_names_and_numbers() {
    let f = caseload();
    let mut app = app_on_ann(&f);
    press(&mut app, "P");
    focus(&mut app, Pane::Goals);
    let pane = screen(&app, 120, 40);
    hidden(&pane, "goals pane");
    press(&mut app, "<Enter>");
    let detail = screen(&app, 120, 40);
    hidden(&detail, "goal detail");
    insta::assert_snapshot!("privacy_goal_detail_120x40", detail);
    shown_without_privacy(
        &mut app,
        120,
        40,
        &["Call Maria on 07700 900123", "Dr Okafor (555) 123-4567"],
    );
}

#[test]
fn search_results_hide_names_phones_and_addresses() {
    let f = caseload();
    let mut app = app_on_ann(&f);
    press(&mut app, "P");
    focus(&mut app, Pane::Notes);
    press(&mut app, "/");
    crate::keys::paste(&mut app, "reached");
    let s = screen(&app, 120, 40);
    hidden(&s, "search");
    insta::assert_snapshot!("privacy_search_120x40", s);
    shown_without_privacy(&mut app, 120, 40, &["(555) 123-4567"]);
}
