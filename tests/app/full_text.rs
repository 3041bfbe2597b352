//! Nothing cut without a way to read it: every stage-history reason, the
//! termination summary, checklist notes, goal texts, plan steps, referrals
//! and progress notes can be read to their last word at 80x24, through
//! the keys; and lists that scroll say what is above and below.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;
use crate::keys::press;

use casework::app::{App, Overlay, Pane};
use casework::domain::stage_rules::StageMove;
use casework::domain::{
    Goal, GoalStatus, PlanStep, Progress, RatedBy, Referral, ReferralStatus, Stage,
};
use casework::store::clients::ClientFields;
use casework::store::stage_moves::StageChange;
use casework::ui::{Theme, render_and_report};
use fixture::{Fixture, d, today};

/// A text far wider than any column at 80 columns, ending in `marker`.
fn long(what: &str, marker: &str) -> String {
    format!(
        "{what}: the client and I went over this at length, with the family \
         support worker present for the second half, and we agreed to come back \
         to it at the next review once the housing letter has arrived and the \
         school has replied about the timetable {marker}"
    )
}

const MARKERS: &[&str] = &[
    "REASONMARK",
    "SUMMARYMARK",
    "ITEMNOTEMARK",
    "OLDNOTEMARK",
    "WORDSMARK",
    "SMARTMARK",
    "MEASUREMARK",
    "STEPMARK",
    "OWNERMARK",
    "AGENCYMARK",
    "CONTACTMARK",
    "PROGRESSMARK",
];

/// One client whose every free text is long: a step back with a reason,
/// a termination summary, notes on checklist items of this stage and an
/// earlier one, and a goal with a long step, owner, referral and progress.
fn long_texts() -> Fixture {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = store
        .add_client(
            &ClientFields {
                name: "Ada Quartey".into(),
                ..ClientFields::default()
            },
            today(),
        )
        .expect("client");
    let template = casework::domain::ChecklistTemplate::builtin();
    let first = &template.items(Stage::Assessment)[1].key;
    store
        .set_item_note(
            id,
            Stage::Assessment,
            first,
            Some(&long("Old note", "OLDNOTEMARK")),
        )
        .expect("note");
    let mut at = Stage::Assessment;
    let mut go = |mv: StageMove, reason: Option<&str>, summary: Option<&str>| {
        let change = StageChange {
            seen: at,
            mv,
            reason,
            summary,
            followups: &[],
            on: None,
            closure: None,
        };
        at = store.change_stage(id, &change, today()).expect("move").to;
    };
    go(StageMove::Advance, None, None);
    go(StageMove::Advance, None, None);
    go(
        StageMove::StepBack,
        Some(&long("Reason", "REASONMARK")),
        None,
    );
    for _ in 0..3 {
        go(StageMove::Advance, None, None);
    }
    go(
        StageMove::Advance,
        None,
        Some(&long("Summary", "SUMMARYMARK")),
    );
    assert_eq!(at, Stage::Termination);
    let item = &template.items(Stage::Termination)[0].key;
    store
        .set_item_note(
            id,
            Stage::Termination,
            item,
            Some(&long("Item note", "ITEMNOTEMARK")),
        )
        .expect("note");

    let goal_id = store
        .add_goal(&Goal {
            id: 0,
            client_id: id,
            client_words: long("I want", "WORDSMARK"),
            smart: Some(long("SMART", "SMARTMARK")),
            measure: Some(long("Measure", "MEASUREMARK")),
            unit: Some("/10".into()),
            baseline: Some(8.0),
            target: Some(3.0),
            due: Some(d("2027-03-31")),
            status: GoalStatus::Active,
            progress: Vec::new(),
            error: None,
            range_max: None,
            range_min: None,
        })
        .expect("goal");
    store
        .add_step(&PlanStep {
            id: 0,
            goal_id,
            description: long("Step", "STEPMARK"),
            who: "other".into(),
            who_detail: Some("Citizens advice bureau outreach team OWNERMARK".into()),
            due: Some(d("2026-12-01")),
            done_on: None,
            error: None,
        })
        .expect("step");
    store
        .add_referral(&Referral {
            id: 0,
            client_id: 0,
            goal_id: Some(goal_id),
            agency: "North district community mental health and wellbeing service AGENCYMARK"
                .into(),
            contact: Some(long("Contact", "CONTACTMARK")),
            status: ReferralStatus::Made,
            created_on: today(),
            error: None,
        })
        .expect("referral");
    store
        .record_progress(
            goal_id,
            &Progress {
                id: 0,
                date: today(),
                value: 6.0,
                rated_by: RatedBy::Client,
                note: Some(long("Progress", "PROGRESSMARK")),
                created_at: String::new(),
                error: None,
            },
        )
        .expect("progress");
    f
}

/// Every screen seen while pressing `key` until the screen stops changing.
fn page_through(app: &mut App, key: &str, seen: &mut String) {
    let theme = Theme::builtin(false);
    let mut last = String::new();
    for _ in 0..200 {
        let screen = render_and_report(app, &theme, 80, 24);
        if screen == last {
            return;
        }
        seen.push_str(&screen);
        last = screen;
        press(app, key);
    }
    panic!("{key} never reached the end");
}

#[test]
fn every_long_text_can_be_read_in_full_at_80x24() {
    let f = long_texts();
    let mut app = f.app();
    let mut seen = String::new();

    // Stages: Enter opens the history and the checklist in full.
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Stages);
    press(&mut app, "<Enter>");
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::StageHistory(_))
    ));
    page_through(&mut app, "j", &mut seen);
    press(&mut app, "<Esc>");

    // Goals: Enter opens the goal; j walks its steps, referrals, progress.
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Pane::Goals);
    press(&mut app, "<Enter>");
    assert!(matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))));
    page_through(&mut app, "j", &mut seen);

    let missing: Vec<_> = MARKERS.iter().filter(|m| !seen.contains(*m)).collect();
    assert!(missing.is_empty(), "never on screen: {missing:?}");
}

#[test]
fn the_cut_is_marked_where_the_text_does_not_fit() {
    let f = long_texts();
    let mut app = f.app();
    press(&mut app, "<Tab>");
    let theme = Theme::builtin(false);
    let screen = render_and_report(&mut app, &theme, 80, 24);
    // The Stages pane shows the note's start with the cut marked...
    assert!(screen.contains("note: Item note: the client"), "{screen}");
    assert!(!screen.contains("ITEMNOTEMARK"), "{screen}");
    let note_row = screen
        .lines()
        .find(|l| l.contains("note: Item note"))
        .expect("note row");
    assert!(note_row.contains('…'), "{note_row}");
}

#[test]
fn the_caseload_says_how_many_are_below_and_above() {
    let f = Fixture::demo(30, 0);
    let mut app = f.app();
    let theme = Theme::builtin(false);
    let len = app.caseload.len();
    // 24 rows less the hint bar and the pane's two borders.
    let rows = 24 - 1 - 2;
    assert!(len > rows, "the caseload must not fit");
    let screen = render_and_report(&mut app, &theme, 80, 24);
    let bottom = screen.lines().nth(22).expect("row 23");
    let below = format!("↓ {} more", len - rows);
    assert!(bottom.contains(&below), "{bottom}");
    assert!(!bottom.contains('↑'), "{bottom}");

    press(&mut app, "<End>");
    let screen = render_and_report(&mut app, &theme, 80, 24);
    let bottom = screen.lines().nth(22).expect("row 23");
    let above = format!("↑ {} more", len - rows);
    assert!(bottom.starts_with('┗') || bottom.starts_with('└'));
    let left = &bottom[..bottom.find(['┛', '┘']).expect("pane corner")];
    assert!(left.contains(&above), "{bottom}");
    assert!(!left.contains('↓'), "{bottom}");

    // Half way: both.
    press(&mut app, "<Home>");
    render_and_report(&mut app, &theme, 80, 24);
    for _ in 0..(rows + 2) {
        press(&mut app, "j");
    }
    let screen = render_and_report(&mut app, &theme, 80, 24);
    let bottom = screen.lines().nth(22).expect("row 23");
    let above = rows + 2 + 1 - rows;
    let both = format!("↑ {above} · ↓ {} more", len - above - rows);
    assert!(bottom.contains(&both), "{bottom}");
}

#[test]
fn two_clients_of_the_same_name_differ_in_the_caseload_at_80_columns() {
    let f = Fixture::empty();
    let mut store = f.store();
    for name in [
        "Alexandra Montgomery-Whitfield",
        "Alexandra Montgomery-Whitfield",
        "Alexandra Montgomery-Walsh",
    ] {
        store
            .add_client(
                &ClientFields {
                    name: name.into(),
                    ..ClientFields::default()
                },
                today(),
            )
            .expect("client");
    }
    let app = f.app();
    let screen = fixture::screen(&app, 80, 24);
    let rows: Vec<String> = screen
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.chars().skip(4).take(20).collect())
        .collect();
    assert_ne!(rows[0], rows[1], "{screen}");
    assert_ne!(rows[1], rows[2], "{screen}");
    assert_ne!(rows[0], rows[2], "{screen}");
    // The same name twice carries each client's number.
    assert!(screen.contains("#1") && screen.contains("#2"), "{screen}");
    insta::assert_snapshot!("same_names_80x24", screen);
    let wide = fixture::screen(&app, 120, 40);
    assert!(
        wide.contains("Walsh") && wide.contains("#1 ") && wide.contains("#2 "),
        "{wide}"
    );
    insta::assert_snapshot!("same_names_120x40", wide);
}

#[test]
fn long_texts_in_the_history_and_the_goal_at_80x24_and_120x40() {
    let f = long_texts();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = f.app();
        press(&mut app, "<Tab> <Enter>");
        insta::assert_snapshot!(
            format!("long_stage_history_{w}x{h}"),
            fixture::screen(&app, w, h)
        );
        press(&mut app, "<Esc> <Tab> <Enter> j");
        insta::assert_snapshot!(
            format!("long_goal_detail_{w}x{h}"),
            fixture::screen(&app, w, h)
        );
    }
}

#[test]
fn a_goal_with_nothing_below_its_header_still_scrolls_to_its_last_line() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = store
        .add_client(
            &ClientFields {
                name: "Ada Quartey".into(),
                ..ClientFields::default()
            },
            today(),
        )
        .expect("client");
    store
        .add_goal(&Goal {
            id: 0,
            client_id: id,
            client_words: long("I want", "WORDSMARK"),
            smart: Some(long("SMART", "SMARTMARK")),
            measure: Some(long("Measure", "MEASUREMARK")),
            unit: None,
            baseline: None,
            target: None,
            due: None,
            status: GoalStatus::Achieved,
            progress: Vec::new(),
            error: None,
            range_max: None,
            range_min: None,
        })
        .expect("goal");
    let mut app = f.app();
    press(&mut app, "<Tab> <Tab> <Enter>");
    assert!(matches!(app.overlays.last(), Some(Overlay::GoalDetail(_))));
    let mut seen = String::new();
    page_through(&mut app, "j", &mut seen);
    assert!(seen.contains("This goal is achieved."), "{seen}");
    // And back up to the top.
    let mut back = String::new();
    page_through(&mut app, "k", &mut back);
    assert!(back.contains("WORDSMARK"), "{back}");
}
