//! The stage checklist and stage changes against a real database file:
//! what is written survives reopening the file, and every change is audited.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::Stage;
use casework::domain::stage_rules::StageMove;
use casework::store::Store;
use casework::store::clients::ClientFields;
use casework::store::stage_moves::StageChange;
use casework::store::{followups, stages};
use fixture::{Fixture, d, today};

fn audit_actions(store: &Store, client: i64) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT action || ' ' || entity || ' ' || detail FROM audit WHERE client_id = ?1 ORDER BY id")
        .expect("prepare");
    stmt.query_map([client], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn new_client(store: &mut Store) -> i64 {
    let fields = ClientFields {
        name: "Test Person".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    store.add_client(&fields, today()).expect("add client")
}

/// The stage a case is in: what a screen would show before a move.
fn now(store: &Store, id: i64) -> Stage {
    store.client_detail(id).expect("client").client.stage
}

fn advance(store: &mut Store, id: i64, on: &str) {
    store
        .change_stage(
            id,
            &StageChange {
                seen: now(store, id),
                mv: StageMove::Advance,
                reason: None,
                summary: None,
                followups: &[],
                on: None,
                closure: None,
            },
            d(on),
        )
        .expect("advance");
}

#[test]
fn toggling_an_item_records_the_date_and_survives_reopening_the_file() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    let on = store
        .toggle_item(id, Stage::Assessment, "risk_screen", d("2026-11-20"), false)
        .expect("toggle");
    assert_eq!(on, Some(d("2026-11-20")));
    store
        .set_item_note(
            id,
            Stage::Assessment,
            "risk_screen",
            Some("  used agency tool  "),
        )
        .expect("note");
    // A note on an open item makes a row without ticking it.
    store
        .set_item_note(
            id,
            Stage::Assessment,
            "consent",
            Some("interpreter next time"),
        )
        .expect("note");
    drop(store);

    let mut store = f.store();
    let marks = stages::marks(store.conn(), id).expect("marks");
    let risk = marks
        .iter()
        .find(|m| m.item_key == "risk_screen")
        .expect("risk mark");
    assert_eq!(risk.done_on, Some(d("2026-11-20")));
    assert_eq!(risk.note.as_deref(), Some("used agency tool"));
    let consent = marks
        .iter()
        .find(|m| m.item_key == "consent")
        .expect("consent");
    assert_eq!(consent.done_on, None);

    // Toggling again clears the date but keeps the note.
    let on = store
        .toggle_item(id, Stage::Assessment, "risk_screen", d("2026-11-21"), true)
        .expect("toggle back");
    assert_eq!(on, None);
    let risk = stages::mark(store.conn(), id, Stage::Assessment, "risk_screen")
        .expect("mark")
        .expect("row");
    assert_eq!(
        (risk.done_on, risk.note.as_deref()),
        (None, Some("used agency tool"))
    );
    // An empty note clears it.
    store
        .set_item_note(id, Stage::Assessment, "risk_screen", Some(" "))
        .expect("clear");
    let risk = stages::mark(store.conn(), id, Stage::Assessment, "risk_screen")
        .expect("mark")
        .expect("row");
    assert_eq!(risk.note, None);

    assert_eq!(
        audit_actions(&store, id),
        vec![
            "create client ",
            "check checklist_item assessment/risk_screen",
            "note checklist_item assessment/risk_screen",
            "note checklist_item assessment/consent",
            "uncheck checklist_item assessment/risk_screen",
            "clear_note checklist_item assessment/risk_screen",
        ]
    );
}

#[test]
fn advancing_and_stepping_back_write_the_history_with_reasons() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    advance(&mut store, id, "2026-11-01");
    advance(&mut store, id, "2026-11-10");
    let back = store
        .change_stage(
            id,
            &StageChange {
                seen: now(&store, id),
                mv: StageMove::StepBack,
                reason: Some("client wants to rethink the second goal"),
                summary: None,
                followups: &[],
                on: None,
                closure: None,
            },
            d("2026-11-15"),
        )
        .expect("step back");
    assert_eq!((back.from, back.to), (Stage::Planning, Stage::GoalSetting));
    drop(store);

    let store = f.store();
    let h = stages::history(store.conn(), id).expect("history");
    let seen: Vec<_> = h
        .iter()
        .map(|v| (v.stage, v.entered_on, v.left_on, v.reason.as_deref()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                Stage::Assessment,
                d("2026-10-01"),
                Some(d("2026-11-01")),
                None
            ),
            (
                Stage::GoalSetting,
                d("2026-11-01"),
                Some(d("2026-11-10")),
                None
            ),
            (
                Stage::Planning,
                d("2026-11-10"),
                Some(d("2026-11-15")),
                None
            ),
            (
                Stage::GoalSetting,
                d("2026-11-15"),
                None,
                Some("client wants to rethink the second goal")
            ),
        ]
    );
    assert_eq!(
        store.client_detail(id).expect("detail").client.stage,
        Stage::GoalSetting
    );
    let audit = audit_actions(&store, id);
    assert_eq!(
        audit.last().map(String::as_str),
        Some("step_back stage planning -> goal_setting")
    );
}

#[test]
fn a_refused_move_writes_nothing() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    let before = audit_actions(&store, id);
    for change in [
        StageChange {
            seen: now(&store, id),
            mv: StageMove::StepBack,
            reason: Some("x"),
            summary: None,
            followups: &[],
            on: None,
            closure: None,
        },
        StageChange {
            seen: now(&store, id),
            mv: StageMove::Reopen,
            reason: Some("x"),
            summary: None,
            followups: &[],
            on: None,
            closure: None,
        },
    ] {
        let err = store
            .change_stage(id, &change, today())
            .expect_err("refused");
        assert!(!err.to_string().is_empty());
    }
    advance(&mut store, id, "2026-11-01");
    let no_reason = StageChange {
        seen: now(&store, id),
        mv: StageMove::StepBack,
        reason: Some("  "),
        summary: None,
        followups: &[],
        on: None,
        closure: None,
    };
    let err = store
        .change_stage(id, &no_reason, today())
        .expect_err("no reason");
    assert!(err.to_string().contains("reason"), "{err}");
    assert_eq!(audit_actions(&store, id).len(), before.len() + 1);
    assert_eq!(stages::history(store.conn(), id).expect("history").len(), 2);
}

#[test]
fn termination_keeps_a_summary_and_schedules_check_ins_then_reopening_starts_a_fresh_cycle() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    store
        .toggle_item(id, Stage::Assessment, "history", d("2026-10-02"), false)
        .expect("tick");
    for day in ["2026-10-10", "2026-10-20", "2026-10-30", "2026-11-05"] {
        advance(&mut store, id, day);
    }
    // Entering Termination without a summary is refused.
    let bare = StageChange {
        seen: now(&store, id),
        mv: StageMove::Advance,
        reason: None,
        summary: None,
        followups: &[],
        on: None,
        closure: None,
    };
    assert!(store.change_stage(id, &bare, d("2026-11-20")).is_err());
    let dates = [d("2026-12-20"), d("2027-02-20"), d("2027-05-20")];
    let done = store
        .change_stage(
            id,
            &StageChange {
                seen: now(&store, id),
                mv: StageMove::Advance,
                reason: None,
                summary: Some("Back at work three days a week; sister and GP as supports"),
                followups: &dates,
                on: None,
                closure: None,
            },
            d("2026-11-20"),
        )
        .expect("terminate");
    assert_eq!((done.to, done.followups_added), (Stage::Termination, 3));
    advance(&mut store, id, "2026-11-22");
    drop(store);

    let mut store = f.store();
    let detail = store.client_detail(id).expect("detail");
    assert_eq!(detail.client.stage, Stage::FollowUp);
    let term = detail
        .history
        .iter()
        .find(|v| v.stage == Stage::Termination)
        .expect("termination visit");
    assert!(
        term.summary
            .as_deref()
            .is_some_and(|s| s.starts_with("Back at work"))
    );
    assert_eq!(
        detail.followups.iter().map(|f| f.due).collect::<Vec<_>>(),
        dates
    );
    // The open check-ins drive the caseload's due date.
    let row = store.caseload().expect("caseload");
    assert_eq!(row[0].earliest_open_due, Some(d("2026-12-20")));

    // One check-in was held before the case came back.
    followups::insert(
        store.conn(),
        id,
        d("2026-11-21"),
        Some(d("2026-11-21")),
        Some("went well"),
    )
    .expect("held check-in");
    let re = store
        .change_stage(
            id,
            &StageChange {
                seen: now(&store, id),
                mv: StageMove::Reopen,
                reason: Some("lost her job; asked for help again"),
                summary: None,
                followups: &[],
                on: None,
                closure: None,
            },
            d("2026-11-23"),
        )
        .expect("reopen");
    assert_eq!(re.to, Stage::Assessment);
    // Two marks: the tick above, and "Check-ins scheduled", which ticked
    // itself when the case entered Follow-up with check-ins scheduled.
    assert_eq!((re.followups_cancelled, re.marks_set_aside), (3, 2));
    drop(store);

    let store = f.store();
    let detail = store.client_detail(id).expect("detail");
    assert_eq!(detail.client.stage, Stage::Assessment);
    assert!(
        detail.marks.is_empty(),
        "a re-opened case starts a fresh checklist"
    );
    let past = stages::past_checklists(store.conn(), id).expect("past");
    assert_eq!(past.len(), 1);
    assert_eq!(past[0].reopened_on, d("2026-11-23"));
    assert_eq!(past[0].marks[0].item_key, "history");
    // The held check-in stands; the three pending ones stay on record,
    // cancelled with the reason, and are no longer due.
    assert_eq!(detail.followups.len(), 4);
    let held: Vec<_> = detail
        .followups
        .iter()
        .filter(|f| f.done_on.is_some())
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].done_on, Some(d("2026-11-21")));
    let cancelled: Vec<_> = detail
        .followups
        .iter()
        .filter(|f| f.cancelled_on == Some(d("2026-11-23")))
        .collect();
    assert_eq!(cancelled.len(), 3);
    assert!(
        cancelled
            .iter()
            .all(|f| f.cancel_reason.as_deref() == Some("case went back to Assessment"))
    );
    assert!(!detail.followups.iter().any(|f| f.is_open()));
    let last = detail.history.last().expect("visit");
    assert_eq!(
        last.reason.as_deref(),
        Some("lost her job; asked for help again")
    );
    let audit = audit_actions(&store, id);
    assert!(
        audit
            .iter()
            .filter(|a| a.starts_with("create followup"))
            .count()
            == 3
    );
    assert_eq!(
        audit.last().map(String::as_str),
        Some(
            "reopen stage follow_up -> assessment; 3 pending check-ins cancelled; 2 checklist marks kept on record"
        )
    );
}

#[test]
fn export_carries_stage_checklist_history_follow_ups_and_earlier_cycles() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    store
        .toggle_item(id, Stage::Assessment, "consent", d("2026-10-02"), false)
        .expect("tick");
    for day in ["2026-10-10", "2026-10-20", "2026-10-30", "2026-11-05"] {
        advance(&mut store, id, day);
    }
    store
        .change_stage(
            id,
            &StageChange {
                seen: now(&store, id),
                mv: StageMove::Advance,
                reason: None,
                summary: Some("Achieved: housing\nSupports in place: sister"),
                followups: &[d("2026-12-20")],
                on: None,
                closure: None,
            },
            d("2026-11-20"),
        )
        .expect("terminate");
    store
        .toggle_item(id, Stage::Termination, "closure", d("2026-11-21"), false)
        .expect("tick");

    let template = casework::domain::ChecklistTemplate::builtin();
    let doc = casework::store::export::export(&store, &template).expect("export");
    let v = serde_json::to_value(&doc).expect("json");
    let c = &v["clients"][0];
    assert_eq!(c["stage"], "termination");
    let list = c["checklist"].as_array().expect("checklist");
    // Every item of the six stages reached, with stage, label, done, done_on.
    let expected: usize = [
        Stage::Assessment,
        Stage::GoalSetting,
        Stage::Planning,
        Stage::Implementation,
        Stage::Evaluation,
        Stage::Termination,
    ]
    .iter()
    .map(|s| template.items(*s).len())
    .sum();
    assert_eq!(list.len(), expected);
    let consent = list
        .iter()
        .find(|i| i["key"] == "consent")
        .expect("consent item");
    assert_eq!(consent["stage"], "assessment");
    assert_eq!(consent["done"], true);
    assert_eq!(consent["done_on"], "2026-10-02");
    assert!(
        consent["label"]
            .as_str()
            .is_some_and(|l| l.contains("onsent"))
    );
    let open = list.iter().find(|i| i["key"] == "history").expect("item");
    assert_eq!(
        (open["done"].clone(), open["done_on"].clone()),
        (false.into(), serde_json::Value::Null)
    );
    assert!(list.iter().all(|i| i["stage"] != "follow_up"));

    let history = c["stage_history"].as_array().expect("history");
    assert_eq!(history.len(), 6);
    assert_eq!(history[5]["stage"], "termination");
    assert_eq!(
        history[5]["summary"],
        "Achieved: housing\nSupports in place: sister"
    );
    assert_eq!(history[4]["left_on"], "2026-11-20");
    assert_eq!(c["followups"][0]["due"], "2026-12-20");
    assert_eq!(c["followups"][0]["done"], false);
    assert_eq!(c["earlier_checklists"].as_array().map(Vec::len), Some(0));
}
