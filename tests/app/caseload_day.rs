//! The caseload and the day, through the App and a real database: editing,
//! archiving, crisis and safety plans, filtering and sorting, today's list,
//! workload and privacy. Screens are compared with snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;
use crate::keys::{press, type_text};

use casework::app::{Overlay, Pane};
use casework::domain::agenda::DueSource;
use casework::domain::caseload::SortBy;
use casework::store::clients::ClientFields;
use fixture::{Fixture, screen, today};

fn audit_actions(f: &Fixture, client_id: i64) -> Vec<(String, String, String)> {
    let store = f.store();
    let mut stmt = store
        .conn()
        .prepare("SELECT action, entity, detail FROM audit WHERE client_id = ?1 ORDER BY id")
        .expect("prepare");
    stmt.query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn fields(name: &str) -> ClientFields {
    ClientFields {
        name: name.into(),
        ..Default::default()
    }
}

// ---- store ---------------------------------------------------------------

#[test]
fn edits_archives_and_crisis_each_leave_an_audit_row() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = store
        .add_client(&fields("Ada Okafor"), today())
        .expect("add");

    let mut changed = fields("Ada Okafor");
    changed.pronouns = Some("she/her".into());
    changed.next_contact = "2026-11-30".parse().ok();
    assert_eq!(
        store
            .update_client(id, &changed, &fields("Ada Okafor"))
            .expect("update"),
        vec!["pronouns", "next_contact"]
    );
    // Saving the same fields again changes nothing and writes nothing.
    assert!(
        store
            .update_client(id, &changed, &changed)
            .expect("same")
            .is_empty()
    );

    store.set_crisis(id, true).expect("crisis on");
    assert!(store.set_crisis(id, true).is_err(), "already in crisis");
    store.set_archived(id, true).expect("archive");
    assert!(store.caseload().expect("caseload").is_empty());
    let all = store.caseload_rows(true).expect("with archived");
    assert_eq!(all.len(), 1);
    assert!(all[0].archived && all[0].crisis);
    store.set_archived(id, false).expect("restore");
    assert_eq!(store.caseload().expect("caseload").len(), 1);

    let plan = casework::domain::safety::SafetyPlan {
        warning_signs: "not sleeping; skipping meals".into(),
        ..Default::default()
    };
    store
        .save_safety_plan(id, &plan, &Default::default())
        .expect("plan");
    store
        .save_safety_plan(id, &plan, &plan)
        .expect("plan again");
    let saved = store.safety_plan(id).expect("read").expect("exists");
    assert_eq!(saved.warning_signs, "not sleeping; skipping meals");
    assert!(saved.updated_at.is_some());
    // The export carries the plan with the client.
    let template = casework::domain::ChecklistTemplate::builtin();
    let json =
        serde_json::to_value(casework::store::export::export(&store, &template).expect("export"))
            .expect("json");
    assert_eq!(
        json["clients"][0]["safety_plan"]["warning_signs"],
        "not sleeping; skipping meals"
    );

    let actions: Vec<(String, String, String)> = audit_actions(&f, id);
    let short: Vec<(&str, &str)> = actions
        .iter()
        .map(|(a, e, _)| (a.as_str(), e.as_str()))
        .collect();
    assert_eq!(
        short,
        vec![
            ("create", "client"),
            ("update", "client"),
            ("crisis_on", "client"),
            ("archive", "client"),
            ("restore", "client"),
            ("create", "safety_plan"),
            ("update", "safety_plan"),
        ]
    );
    assert_eq!(actions[1].2, "changed: pronouns, next_contact");
}

#[test]
fn agenda_gathers_every_source_with_fixed_dates() {
    let f = Fixture::empty();
    let mut store = f.store();
    let d = |s: &str| s.parse().ok();
    let mut a = fields("Ana Ruiz");
    a.next_contact = d("2026-11-20"); // 3 days overdue
    a.case_review = d("2026-11-23"); // today
    let ana = store.add_client(&a, today()).expect("add");
    let mut b = fields("Ben Osei");
    b.next_contact = d("2026-12-15"); // beyond the week
    let ben = store.add_client(&b, today()).expect("add");
    let mut gone = fields("Cy Archived");
    gone.next_contact = d("2026-11-01");
    let cy = store.add_client(&gone, today()).expect("add");
    store.set_archived(cy, true).expect("archive");
    store
        .write(|tx| {
            tx.execute_batch(&format!(
                "INSERT INTO goals (client_id, client_words, due, status, created_at, updated_at)
                   VALUES ({ben}, 'Find a flat', '2026-11-26', 'active', 'x', 'x'),
                          ({ben}, 'Done already', '2026-11-21', 'achieved', 'x', 'x');
                 INSERT INTO plan_steps (goal_id, description, who, due, done_on, created_at)
                   VALUES (1, 'Call the housing office', 'client', '2026-11-10', NULL, 'x'),
                          (1, 'Send the letter', 'worker', '2026-11-11', '2026-11-11', 'x');
                 INSERT INTO followups (client_id, due, done_on, note)
                   VALUES ({ana}, '2026-11-30', NULL, 'one-month check-in'),
                          ({ana}, '2026-11-22', '2026-11-22', NULL),
                          ({cy}, '2026-11-24', NULL, NULL);"
            ))?;
            Ok(())
        })
        .expect("seed");

    let app = f.app();
    let agenda = app.agenda().expect("agenda");
    let rows = |items: &[casework::domain::agenda::DueItem]| {
        items
            .iter()
            .map(|i| (i.client_name.clone(), i.source, i.due.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&agenda.overdue),
        vec![
            ("Ben Osei".into(), DueSource::PlanStep, "2026-11-10".into()),
            (
                "Ana Ruiz".into(),
                DueSource::NextContact,
                "2026-11-20".into()
            ),
        ]
    );
    assert_eq!(
        rows(&agenda.today),
        vec![(
            "Ana Ruiz".into(),
            DueSource::CaseReview,
            "2026-11-23".into()
        )]
    );
    assert_eq!(
        rows(&agenda.this_week),
        vec![
            ("Ben Osei".into(), DueSource::Goal, "2026-11-26".into()),
            ("Ana Ruiz".into(), DueSource::FollowUp, "2026-11-30".into()),
        ]
    );
    assert_eq!(agenda.this_week[1].what, "one-month check-in");

    let w = app.workload().expect("workload");
    assert_eq!((w.open, w.overdue_items, w.due_this_week), (2, 2, 3));
}

// ---- the App ---------------------------------------------------------------

#[test]
fn filter_narrows_as_you_type_and_esc_brings_everyone_back() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let everyone = app.caseload.len();
    press(&mut app, "/ crisis");
    assert!(!app.caseload.is_empty());
    assert!(app.caseload.iter().all(|c| c.crisis));
    assert_eq!(app.selected_client().map(|c| c.crisis), Some(true));
    // Enter keeps the filter; the list stays narrowed.
    press(&mut app, "<Enter>");
    assert!(app.overlays.is_empty());
    assert!(app.caseload.len() < everyone);
    press(&mut app, "<Esc>");
    assert_eq!(app.caseload.len(), everyone);

    press(&mut app, "/");
    type_text(&mut app, "plan overdue");
    let today = today();
    assert!(
        app.caseload
            .iter()
            .all(|c| c.stage == casework::domain::Stage::Planning && c.is_overdue(today))
    );
    press(&mut app, "<Esc>");
    assert_eq!(app.caseload.len(), everyone);
}

/// A filter that matches nobody says so in the caseload pane and nowhere
/// says the file is empty: the welcome is for a file with no clients.
#[test]
fn a_filter_that_matches_nobody_never_calls_the_caseload_empty() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "/");
    type_text(&mut app, "zzqx");
    assert!(app.caseload.is_empty());
    for (w, h) in [(120, 40), (80, 24)] {
        let shown = screen(&app, w, h);
        assert!(shown.contains("No client matches the filter"), "{shown}");
        assert!(!shown.contains("new database"), "{shown}");
    }
    let empty = Fixture::empty();
    let shown = screen(&empty.app(), 120, 40);
    assert!(shown.contains("this is a new database"), "{shown}");
}

#[test]
fn sort_key_cycles_urgency_name_stage() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    assert_eq!(app.view.sort, SortBy::Urgency);
    assert!(app.caseload[0].crisis, "crisis first");
    press(&mut app, "s");
    assert_eq!(app.view.sort, SortBy::Name);
    let names: Vec<String> = app.caseload.iter().map(|c| c.name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    press(&mut app, "s");
    let stages: Vec<_> = app.caseload.iter().map(|c| c.stage).collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]));
    press(&mut app, "s");
    assert_eq!(app.view.sort, SortBy::Urgency);
}

#[test]
fn archive_asks_first_then_hides_and_the_toggle_shows_it_again() {
    let f = Fixture::demo(10, 20);
    let mut app = f.app();
    let id = app.selected_client().expect("client").id;
    press(&mut app, "x <Esc>");
    assert!(app.caseload.iter().any(|c| c.id == id), "Esc means no");
    // The reason asked (goals met unless changed), then archived.
    press(&mut app, "x <C-s>");
    assert!(!app.caseload.iter().any(|c| c.id == id));
    press(&mut app, "A");
    let c = app.caseload.iter().find(|c| c.id == id).expect("shown");
    assert!(c.archived);
    assert_eq!(app.caseload.last().map(|c| c.id), Some(id), "archived last");
    // Still on record, in full.
    assert!(
        !f.store()
            .client_detail(id)
            .expect("detail")
            .notes
            .is_empty()
    );
}

/// Every client archived, archived clients hidden: the screen says where
/// they are, never that the database is new.
#[test]
fn with_every_client_archived_the_screen_says_so_and_no_welcome_shows() {
    let f = Fixture::demo(3, 6);
    let mut app = f.app();
    for _ in 0..3 {
        press(&mut app, "x <C-s>");
    }
    assert!(app.caseload.is_empty(), "all three archived and hidden");
    for (w, h) in [(120, 40), (80, 24)] {
        let shown = screen(&app, w, h);
        assert!(shown.contains("All 3 clients are archived."), "{shown}");
        assert!(shown.contains("A shows them."), "{shown}");
        assert!(!shown.contains("new database"), "{shown}");
    }
    press(&mut app, "A");
    assert_eq!(app.caseload.len(), 3);
    assert!(!screen(&app, 120, 40).contains("archived."));
    // A file with no clients at all is still greeted as new.
    let empty = Fixture::demo(0, 0);
    assert!(screen(&empty.app(), 120, 40).contains("new database"));
}

#[test]
fn marking_crisis_opens_the_safety_plan_which_can_be_written() {
    let f = Fixture::demo(10, 20);
    let mut app = f.app();
    // Pick someone not in crisis.
    while app.selected_client().is_some_and(|c| c.crisis) {
        press(&mut app, "j");
    }
    let id = app.selected_client().expect("client").id;
    press(&mut app, "C y");
    assert_eq!(app.caseload[0].id, id, "crisis goes to the top");
    let Some(Overlay::SafetyPlan(v)) = app.overlays.last() else {
        panic!("safety plan not shown: {:?}", app.overlays);
    };
    assert!(v.crisis && v.plan.is_none());

    press(&mut app, "e <C-s>");
    // An empty plan is refused, the form stays open.
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    type_text(&mut app, "not answering the phone; staying in bed");
    press(&mut app, "<Tab>");
    type_text(&mut app, "walk the dog");
    press(&mut app, "<C-s>");
    let Some(Overlay::SafetyPlan(v)) = app.overlays.last() else {
        panic!("back to the plan: {:?}", app.overlays);
    };
    let plan = v.plan.as_ref().expect("saved");
    assert_eq!(plan.coping, "walk the dog");
    press(&mut app, "<Esc>");

    // The same key from another pane opens it.
    press(&mut app, "<Tab> !");
    assert!(matches!(app.overlays.last(), Some(Overlay::SafetyPlan(_))));
}

#[test]
fn editing_a_client_saves_and_keeps_them_selected() {
    let f = Fixture::demo(10, 20);
    let mut app = f.app();
    press(&mut app, "j");
    let id = app.selected_client().expect("client").id;
    press(&mut app, "e");
    // Clear the name: refused inline, nothing saved.
    press(&mut app, "<C-u> <C-s>");
    assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
    type_text(&mut app, "Renamed Person");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    assert_eq!(app.selected_client().map(|c| c.id), Some(id));
    assert_eq!(
        app.detail.as_ref().map(|d| d.client.name.as_str()),
        Some("Renamed Person")
    );
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("Renamed Person")
    );
}

#[test]
fn today_enter_jumps_to_the_client_even_through_a_filter() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "/ crisis <Enter> t");
    let Some(Overlay::Today(v)) = app.overlays.last() else {
        panic!("no today list");
    };
    let target = (0..v.agenda.len())
        .position(|i| v.agenda.get(i).is_some_and(|i| !i.crisis))
        .expect("someone not in crisis is due");
    let id = v.agenda.get(target).expect("item").client_id;
    for _ in 0..target {
        press(&mut app, "j");
    }
    press(&mut app, "<Enter>");
    assert!(app.overlays.is_empty());
    assert_eq!(app.focus, Pane::Caseload);
    assert_eq!(app.selected_client().map(|c| c.id), Some(id));
    assert!(
        app.view.filter.text().is_empty(),
        "filter cleared to show them"
    );
}

// ---- screens -------------------------------------------------------------

#[test]
fn today_at_80x24_and_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "t");
    let small = screen(&app, 80, 24);
    assert!(small.contains("Overdue ("), "{small}");
    insta::assert_snapshot!("today_80x24", small);
    press(&mut app, "j j");
    insta::assert_snapshot!("today_120x40", screen(&app, 120, 40));
}

#[test]
fn edit_client_form_at_80x24_and_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "j e");
    insta::assert_snapshot!("edit_form_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("edit_form_120x40", screen(&app, 120, 40));
}

#[test]
fn safety_plan_at_80x24_and_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    assert!(app.selected_client().is_some_and(|c| c.crisis));
    press(&mut app, "!");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("IN CRISIS") && s.contains("Warning signs"),
        "{s}"
    );
    insta::assert_snapshot!("safety_plan_80x24", s);
    insta::assert_snapshot!("safety_plan_120x40", screen(&app, 120, 40));
    press(&mut app, "e");
    insta::assert_snapshot!("safety_plan_form_80x24", screen(&app, 80, 24));
}

#[test]
fn workload_summary_at_120x40() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "w");
    let s = screen(&app, 120, 40);
    assert!(s.contains("RED: over capacity"), "{s}");
    insta::assert_snapshot!("workload_120x40", s);
}

#[test]
fn filter_typing_at_80x24() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "/ overdue");
    insta::assert_snapshot!("filter_80x24", screen(&app, 80, 24));
}

#[test]
fn privacy_shows_initials_everywhere() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    let full: Vec<String> = app.caseload.iter().map(|c| c.name.clone()).collect();
    press(&mut app, "P");
    press(&mut app, "x"); // a question that names the client
    let s = screen(&app, 120, 40);
    for name in &full {
        assert!(!s.contains(name.as_str()), "{name} visible:\n{s}");
    }
    assert!(s.contains("Archive Y.Y.: why"), "{s}");
    press(&mut app, "<C-s>"); // the status line names them too
    press(&mut app, "t");
    let s = screen(&app, 120, 40);
    for name in &full {
        assert!(!s.contains(name.as_str()), "{name} visible:\n{s}");
    }
    insta::assert_snapshot!("privacy_today_120x40", s);
}

#[test]
fn the_safety_plan_scrolls_to_its_last_line_and_no_further() {
    let f = Fixture::demo(30, 200);
    let mut app = f.app();
    press(&mut app, "!");
    let theme = casework::ui::Theme::builtin(false);
    let look = |app: &mut casework::app::App| casework::ui::render_and_report(app, &theme, 80, 24);
    let top = look(&mut app);
    assert!(
        top.contains("more below"),
        "the demo plan is longer than 80x24: {top}"
    );
    let mut last = top.clone();
    for _ in 0..300 {
        press(&mut app, "j");
        last = look(&mut app);
    }
    // At the end: the plan's last line is on screen and nothing says more.
    assert!(last.contains("Last changed"), "{last}");
    assert!(!last.contains("more below"), "{last}");
    assert!(
        !press(&mut app, "j"),
        "held keys past the end change nothing"
    );
    // One key up shows an earlier line at once (no blank rows to climb back).
    press(&mut app, "k");
    assert_ne!(look(&mut app), last);
}

/// What filtering the loaded rows afresh gives: every client checked, then
/// sorted (the kept narrowings of the filter must always agree with it).
fn whole_walk(app: &casework::app::App) -> Vec<i64> {
    let mut shown: Vec<_> = app
        .roster
        .iter()
        .filter(|c| casework::domain::caseload::matches(c, app.view.filter.text(), app.today))
        .collect();
    shown.sort_by(|a, b| app.view.sort.compare(a, b));
    shown.iter().map(|c| c.id).collect()
}

#[test]
fn the_filter_list_is_the_whole_walk_after_every_key_backspace_sort_and_toggle() {
    let f = Fixture::demo(60, 100);
    let mut app = f.app();
    // Someone archived, so that showing archived clients changes the rows.
    press(&mut app, "x <C-s>");
    let steps = [
        "/",
        "a",
        "n",
        "<Backspace>",
        "<Backspace>",
        "e",
        "<Space>",
        "p",
        "l",
        "<Left>",
        "<Left>",
        "<Backspace>",
        "<End>",
        "<Enter>",
        "s",
        "/",
        "a",
        "<Enter>",
        "A",
        "/",
        "<Backspace>",
        "<Backspace>",
        "<Backspace>",
        "r",
        "c",
        "h",
        "<Enter>",
        "s",
        "A",
        "/",
        "<Backspace>",
        "<Backspace>",
        "<Backspace>",
        "<Backspace>",
        "c",
        "r",
        "i",
        "s",
        "i",
        "s",
        "<Backspace>",
        "s",
    ];
    let mut narrowed = false;
    for key in steps {
        press(&mut app, key);
        let got: Vec<i64> = app.caseload.iter().map(|c| c.id).collect();
        assert_eq!(
            got,
            whole_walk(&app),
            "after {key}: filter {:?}",
            app.view.filter.text()
        );
        narrowed |= !got.is_empty() && got.len() < app.roster.len();
    }
    assert!(narrowed, "the steps narrowed the list at least once");
    assert_eq!(app.view.filter.text(), "crisis");
}
