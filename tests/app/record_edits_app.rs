//! The closing record corrected through the keymap: `e` in the stage
//! history edits a recent termination summary (the history then shows the
//! words before, who and when), and `x` on an archived client asks an
//! optional reason and shows the restore in the history.

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::{Overlay, Pane};
use casework::domain::Stage;
use casework::domain::closure::ClosureReason;
use casework::domain::stage_rules::StageMove;
use casework::store::clients::ClientFields;
use casework::store::stage_moves::StageChange;
use fixture::{Fixture, d, screen, today, top_form};

/// One client in Termination since 2026-11-01 (moved just now, so the
/// summary is inside its edit window).
fn terminated() -> (Fixture, i64) {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Robin Close".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    let id = store.add_client(&fields, today()).expect("client");
    for (day, summary) in [
        ("2026-10-05", None),
        ("2026-10-10", None),
        ("2026-10-15", None),
        ("2026-10-20", None),
        (
            "2026-11-01",
            Some("Achieved: housing\nSupports in place: sister"),
        ),
    ] {
        let seen = store.client_detail(id).expect("detail").client.stage;
        let c = StageChange {
            seen,
            mv: StageMove::Advance,
            reason: None,
            summary,
            followups: &[],
            on: None,
            closure: summary.map(|_| (ClosureReason::GoalsMet, None)),
        };
        store.change_stage(id, &c, d(day)).expect("advance");
    }
    (f, id)
}

#[test]
fn the_termination_summary_is_edited_from_the_history_which_keeps_the_words_before() {
    let (f, id) = terminated();
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "<Enter> e");
    let form = top_form(&app);
    assert!(
        form.title.starts_with("Termination summary"),
        "{}",
        form.title
    );
    assert_eq!(form.text("achieved").as_deref(), Some("housing"));
    assert_eq!(form.text("supports").as_deref(), Some("sister"));
    to_field(&mut app, "achieved");
    press(&mut app, "<End>");
    type_text(&mut app, " and a job");
    press(&mut app, "<C-s>");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::StageHistory(_))),
        "back in the history: {:?} {:?}",
        app.overlays,
        app.status
    );
    let stored = f.store().client_detail(id).expect("detail");
    let term = stored
        .history
        .iter()
        .find(|v| v.stage == Stage::Termination)
        .expect("termination");
    assert_eq!(
        term.summary.as_deref(),
        Some("Achieved: housing and a job\nSupports in place: sister")
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("Summary edited"), "{s}");
    assert!(s.contains("housing and a job"), "{s}");
    // When and who vary from run to run: the rest of the screen must not.
    let wide = screen(&app, 120, 40);
    let stamp = regex_lite_stamp(&wide);
    insta::assert_snapshot!("summary_edited_history_120x40", stamp);
}

#[test]
fn a_case_without_a_summary_says_so_and_opens_nothing() {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Early Days".into(),
        ..Default::default()
    };
    store.add_client(&fields, today()).expect("client");
    drop(store);
    let mut app = f.app();
    focus(&mut app, Pane::Stages);
    press(&mut app, "<Enter> e");
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::StageHistory(_))
    ));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("no termination summary"), "{status}");
}

#[test]
fn restoring_an_archived_client_asks_why_and_the_history_shows_it() {
    let (f, id) = terminated();
    f.store().set_archived(id, true).expect("archive");
    let mut app = f.app();
    press(&mut app, "A");
    assert_eq!(
        app.selected_client().map(|c| (c.id, c.archived)),
        Some((id, true))
    );
    press(&mut app, "x");
    let form = top_form(&app);
    assert!(form.title.starts_with("Restore"), "{}", form.title);
    insta::assert_snapshot!("restore_form_80x24", screen(&app, 80, 24));
    type_text(&mut app, "came back after moving");
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.overlays);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Restored"), "{status}");
    assert!(!f.store().client_detail(id).expect("detail").client.archived);
    focus(&mut app, Pane::Stages);
    press(&mut app, "<Enter>");
    let s = screen(&app, 80, 24);
    assert!(s.contains("Restored to the caseload"), "{s}");
    assert!(s.contains("came back after moving"), "{s}");
}

/// The screen with the stamp after "edited " (when, and the login name,
/// which differs between machines) replaced by a fixed stand-in, padded
/// to the box's edge.
fn regex_lite_stamp(screen: &str) -> String {
    screen
        .lines()
        .map(|l| {
            let Some(a) = l.find("edited ") else {
                return l.to_string();
            };
            let from = a + "edited ".len();
            let Some(b) = l[from..].find('║').map(|b| from + b) else {
                return l.to_string();
            };
            let room = l[from..b].chars().count();
            let fixed = format!("{:<room$}", "WHEN by WHO; it said:");
            format!("{}{}{}", &l[..from], fixed, &l[b..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}
