//! Check-ins held, moved and cancelled; ticks and stage moves dated in the
//! past; why a case closed. Against a real file, each change audited, and
//! from a database made by the version before.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::closure::{ClosureEvent, ClosureReason};
use casework::domain::stage_rules::StageMove;
use casework::domain::{ChecklistTemplate, Stage};
use casework::store::clients::ClientFields;
use casework::store::export::{Export, export};
use casework::store::stage_moves::StageChange;
use casework::store::{SCHEMA_VERSION, Store, StoreError, import_check};
use fixture::{Fixture, d, today};
use rusqlite::Connection;

/// The schema version before this change's migration. The one place that
/// names it: a merge that renumbers the migration changes only this.
const PREVIOUS_VERSION: i64 = 4;

/// A file as the previous version made it, with a client in Follow-up, two
/// check-ins (one held) and a stage history.
fn database_made_by_previous_version(f: &Fixture) {
    let mut conn = Connection::open(&f.path).expect("create");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
        .expect("id");
    casework::store::apply_up_to(&mut conn, PREVIOUS_VERSION).expect("schema");
    conn.pragma_update(None, "user_version", PREVIOUS_VERSION)
        .expect("version");
    conn.execute_batch(
        "INSERT INTO clients (name, intake_date, stage, created_at, updated_at)
             VALUES ('Earlier Version', '2026-06-01', 'follow_up',
                     '2026-06-01T09:00:00Z', '2026-06-01T09:00:00Z');
         INSERT INTO stage_history (client_id, stage, entered_on, left_on, summary)
             VALUES (1, 'termination', '2026-09-01', '2026-09-10', 'Achieved: work');
         INSERT INTO stage_history (client_id, stage, entered_on) VALUES (1, 'follow_up', '2026-09-10');
         INSERT INTO followups (client_id, due, done_on, note)
             VALUES (1, '2026-10-10', '2026-10-11', 'phoned; doing well');
         INSERT INTO followups (client_id, due) VALUES (1, '2026-11-10');",
    )
    .expect("data");
}

fn new_client(store: &mut Store) -> i64 {
    let fields = ClientFields {
        name: "Check In".into(),
        intake_date: Some(d("2026-10-01")),
        ..Default::default()
    };
    store.add_client(&fields, today()).expect("add client")
}

fn change(store: &Store, id: i64, mv: StageMove) -> StageChange<'static> {
    StageChange {
        seen: store.client_detail(id).expect("client").client.stage,
        mv,
        reason: None,
        summary: None,
        followups: &[],
        on: None,
        closure: None,
    }
}

/// A client taken to Termination on 2026-11-01 with check-ins due on
/// 2026-11-10 (overdue by the fixture's today) and 2026-12-20.
fn terminated(store: &mut Store) -> i64 {
    let id = new_client(store);
    for day in ["2026-10-05", "2026-10-10", "2026-10-15", "2026-10-20"] {
        let c = change(store, id, StageMove::Advance);
        store.change_stage(id, &c, d(day)).expect("advance");
    }
    let dates = [d("2026-11-10"), d("2026-12-20")];
    let c = StageChange {
        summary: Some("Achieved: housing\nSupports in place: sister"),
        followups: &dates,
        closure: Some((ClosureReason::GoalsMet, Some("housed since October"))),
        ..change(store, id, StageMove::Advance)
    };
    store
        .change_stage(id, &c, d("2026-11-01"))
        .expect("terminate");
    id
}

fn audit(store: &Store, id: i64) -> Vec<String> {
    casework::store::audit::list(store.conn(), Some(id))
        .expect("audit")
        .into_iter()
        .map(|r| format!("{} {} {}", r.action, r.entity, r.detail))
        .collect()
}

fn overdue_followups(store: &Store) -> usize {
    store
        .due_items(today())
        .expect("agenda")
        .iter()
        .filter(|i| i.source == casework::domain::agenda::DueSource::FollowUp && i.due < today())
        .count()
}

#[test]
fn a_previous_version_database_upgrades_with_its_check_ins_intact() {
    let f = Fixture::empty();
    database_made_by_previous_version(&f);
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    let detail = store.client_detail(1).expect("detail");
    assert_eq!(detail.followups.len(), 2);
    assert_eq!(
        detail.followups[0].note.as_deref(),
        Some("phoned; doing well")
    );
    assert!(detail.followups[1].is_open());
    assert!(detail.closures.is_empty());
    // In Follow-up with check-ins: "Check-ins scheduled" ticked itself on
    // the day the case entered Follow-up, and the audit says so.
    let tick = detail
        .marks
        .iter()
        .find(|m| m.stage == Stage::FollowUp && m.item_key == "check_ins")
        .and_then(|m| m.done_on);
    assert_eq!(tick, Some(d("2026-09-10")));
    assert!(audit(&store, 1).contains(
        &"check checklist_item follow_up/check_ins on 2026-09-10 (check-ins scheduled)".to_string()
    ));
    // The open one is overdue, and can now be cancelled; the chain holds.
    assert_eq!(overdue_followups(&store), 1);
    let open = detail.followups[1].id;
    store
        .cancel_checkin(open, "client moved away", today())
        .expect("cancel");
    assert_eq!(overdue_followups(&store), 0);
    drop(store);
    let store = f.store();
    assert!(store.check().expect("check").problems.is_empty());
}

#[test]
fn a_held_check_in_leaves_the_agenda_and_the_clients_due_date() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    assert_eq!(overdue_followups(&store), 1);
    let row = |s: &Store| {
        s.caseload()
            .expect("caseload")
            .into_iter()
            .find(|c| c.id == id)
            .expect("row")
    };
    assert!(row(&store).is_overdue(today()));
    let first = store.client_detail(id).expect("detail").followups[0].id;
    store
        .hold_checkin(first, d("2026-11-12"), Some("  phoned; settled  "), today())
        .expect("held");
    drop(store);

    let mut store = f.store();
    assert_eq!(overdue_followups(&store), 0);
    assert!(!row(&store).is_overdue(today()));
    assert_eq!(row(&store).earliest_open_due, Some(d("2026-12-20")));
    let fu = &store.client_detail(id).expect("detail").followups[0];
    assert_eq!(fu.done_on, Some(d("2026-11-12")));
    assert_eq!(fu.note.as_deref(), Some("phoned; settled"));
    assert!(
        audit(&store, id).contains(&"held followup due 2026-11-10; held 2026-11-12".to_string())
    );
    // Held once is held: a second session's "held" is refused.
    let again = store.hold_checkin(first, today(), None, today());
    assert!(matches!(again, Err(StoreError::Rule(m)) if m.contains("already held")));
}

#[test]
fn a_check_in_held_in_the_future_or_before_intake_is_refused_and_nothing_written() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    let first = store.client_detail(id).expect("detail").followups[0].id;
    let before = audit(&store, id).len();
    let future = store.hold_checkin(first, d("2026-11-24"), None, today());
    assert!(matches!(future, Err(StoreError::Rule(m)) if m.contains("in the future")));
    let early = store.hold_checkin(first, d("2026-09-30"), None, today());
    assert!(matches!(early, Err(StoreError::Rule(m)) if m.contains("before the intake date")));
    assert_eq!(audit(&store, id).len(), before);
    assert!(store.client_detail(id).expect("detail").followups[0].is_open());
}

#[test]
fn moving_and_cancelling_a_check_in_are_audited_with_the_old_values() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    let ids: Vec<i64> = store
        .client_detail(id)
        .expect("detail")
        .followups
        .iter()
        .map(|f| f.id)
        .collect();
    store
        .move_checkin(ids[0], d("2026-11-30"), today())
        .expect("move");
    assert_eq!(overdue_followups(&store), 0);
    // Moving into the past is not how a check-in that happened is recorded.
    assert!(
        store
            .move_checkin(ids[0], d("2026-11-01"), today())
            .is_err()
    );
    assert!(store.cancel_checkin(ids[1], "   ", today()).is_err());
    store
        .cancel_checkin(ids[1], "client asked for no more calls", today())
        .expect("cancel");
    let fus = store.client_detail(id).expect("detail").followups;
    assert_eq!(fus[0].due, d("2026-11-30"));
    assert_eq!(fus[1].cancelled_on, Some(today()));
    assert_eq!(
        fus[1].cancel_reason.as_deref(),
        Some("client asked for no more calls")
    );
    let a = audit(&store, id);
    assert!(
        a.contains(&"move followup due 2026-11-10 -> 2026-11-30".to_string()),
        "{a:?}"
    );
    assert!(
        a.contains(
            &"cancel followup due 2026-12-20; cancelled 2026-11-23: client asked for no more calls"
                .to_string()
        ),
        "{a:?}"
    );
    // The agenda holds only the moved one; cancelled is not due.
    let due = store.due_items(d("2027-01-31")).expect("agenda");
    assert_eq!(
        due.iter()
            .filter(
                |i| i.client_id == id && i.source == casework::domain::agenda::DueSource::FollowUp
            )
            .count(),
        1
    );
    assert!(store.check().expect("check").problems.is_empty());
}

#[test]
fn entering_follow_up_with_check_ins_ticks_the_check_ins_item_on_that_day() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    let item = |s: &Store| {
        s.client_detail(id)
            .expect("detail")
            .marks
            .into_iter()
            .find(|m| m.stage == Stage::FollowUp && m.item_key == "check_ins")
            .and_then(|m| m.done_on)
    };
    assert_eq!(item(&store), None, "not before the case is in Follow-up");
    let c = change(&store, id, StageMove::Advance);
    store
        .change_stage(id, &c, d("2026-11-05"))
        .expect("follow-up");
    assert_eq!(item(&store), Some(d("2026-11-05")));
    assert!(audit(&store, id).contains(
        &"check checklist_item follow_up/check_ins on 2026-11-05 (check-ins scheduled)".to_string()
    ));
}

#[test]
fn entering_follow_up_without_check_ins_leaves_the_item_open() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    for fu in store.client_detail(id).expect("detail").followups {
        store
            .cancel_checkin(fu.id, "client declined", today())
            .expect("cancel");
    }
    let c = change(&store, id, StageMove::Advance);
    store
        .change_stage(id, &c, d("2026-11-05"))
        .expect("follow-up");
    let marks = store.client_detail(id).expect("detail").marks;
    assert!(
        !marks
            .iter()
            .any(|m| m.item_key == "check_ins" && m.done_on.is_some())
    );
}

#[test]
fn a_tick_dated_in_the_past_keeps_its_date_and_bad_dates_are_refused() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    let tick = |s: &mut Store, on: &str, seen| {
        s.tick_item_on(id, Stage::Assessment, "consent", d(on), today(), seen)
    };
    assert!(
        matches!(tick(&mut store, "2026-11-24", None), Err(StoreError::Rule(m)) if m.contains("in the future"))
    );
    assert!(
        matches!(tick(&mut store, "2026-09-30", None), Err(StoreError::Rule(m)) if m.contains("before the intake date"))
    );
    tick(&mut store, "2026-11-20", None).expect("back-dated tick");
    // Re-dating a ticked item applies only to the date the screen showed.
    assert!(matches!(
        tick(&mut store, "2026-11-19", None),
        Err(StoreError::Conflict(_))
    ));
    tick(&mut store, "2026-11-19", Some(d("2026-11-20"))).expect("re-date");
    drop(store);
    let store = f.store();
    let m = casework::store::stages::mark(store.conn(), id, Stage::Assessment, "consent")
        .expect("mark")
        .expect("row");
    assert_eq!(m.done_on, Some(d("2026-11-19")));
    let a = audit(&store, id);
    assert!(
        a.contains(
            &"check checklist_item assessment/consent on 2026-11-19 (was 2026-11-20)".to_string()
        ),
        "{a:?}"
    );
}

#[test]
fn a_back_dated_stage_move_is_dated_in_the_history_within_its_bounds() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = new_client(&mut store);
    let on = |s: &Store, day: &str| StageChange {
        on: Some(d(day)),
        ..change(s, id, StageMove::Advance)
    };
    let c = on(&store, "2026-11-25");
    assert!(
        matches!(store.change_stage(id, &c, today()), Err(StoreError::Rule(m)) if m.contains("in the future"))
    );
    let c = on(&store, "2026-09-01");
    assert!(
        matches!(store.change_stage(id, &c, today()), Err(StoreError::Rule(m)) if m.contains("before the intake date"))
    );
    let c = on(&store, "2026-11-02");
    store
        .change_stage(id, &c, today())
        .expect("back-dated move");
    // A second move cannot go before the stage the case is now in began.
    let c = on(&store, "2026-11-01");
    assert!(
        matches!(store.change_stage(id, &c, today()), Err(StoreError::Rule(m)) if m.contains("before the current stage began"))
    );
    let h = store.client_detail(id).expect("detail").history;
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].left_on, Some(d("2026-11-02")));
    assert_eq!(
        (h[1].stage, h[1].entered_on),
        (Stage::GoalSetting, d("2026-11-02"))
    );
}

#[test]
fn closures_are_recorded_audited_exported_and_imported_back() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    let other = store.archive_closing(id, ClosureReason::Other, Some(" "), today());
    assert!(
        matches!(other, Err(StoreError::Rule(_))),
        "other needs words"
    );
    assert!(!store.client_detail(id).expect("detail").client.archived);
    let first = store.client_detail(id).expect("detail").followups[0].id;
    store
        .cancel_checkin(first, "moved away", today())
        .expect("cancel");
    store
        .archive_closing(id, ClosureReason::Moved, Some("to the coast"), today())
        .expect("archive");
    let detail = store.client_detail(id).expect("detail");
    assert!(detail.client.archived);
    let got: Vec<_> = detail
        .closures
        .iter()
        .map(|c| (c.closed_on, c.event, c.reason, c.note.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                d("2026-11-01"),
                ClosureEvent::Termination,
                ClosureReason::GoalsMet,
                Some("housed since October")
            ),
            (
                today(),
                ClosureEvent::Archive,
                ClosureReason::Moved,
                Some("to the coast")
            ),
        ]
    );
    let a = audit(&store, id);
    assert!(
        a.contains(&"create closure archive 2026-11-23: moved: to the coast".to_string()),
        "{a:?}"
    );

    let doc = export(&store, &ChecklistTemplate::builtin()).expect("export");
    let text = serde_json::to_string(&doc).expect("json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("value");
    assert_eq!(v["clients"][0]["closures"][1]["reason"], "moved");
    assert_eq!(
        v["clients"][0]["followups"][0]["cancel_reason"],
        "moved away"
    );
    let md = casework::exchange::markdown::case_summary(&doc.clients[0]);
    assert!(
        md.contains("Closure, archived 2026-11-23: moved — to the coast"),
        "{md}"
    );

    let back: Export = serde_json::from_str(&text).expect("parse");
    import_check::check(&back).expect("strict check");
    let g = Fixture::empty();
    let mut target = g.store();
    target.import_export(&back).expect("import");
    let again = target.client_detail(id).expect("detail");
    assert_eq!(again.closures, detail.closures);
    assert_eq!(again.followups, detail.followups);
}

#[test]
fn old_exports_without_closures_import_and_bad_ones_are_refused() {
    let f = Fixture::empty();
    let mut store = f.store();
    let id = terminated(&mut store);
    let first = store.client_detail(id).expect("detail").followups[0].id;
    store
        .cancel_checkin(first, "no longer wanted", today())
        .expect("cancel");
    let doc = export(&store, &ChecklistTemplate::builtin()).expect("export");
    let v = serde_json::to_value(&doc).expect("json");

    // As a version without these fields wrote it.
    let mut old = v.clone();
    let c = &mut old["clients"][0];
    c.as_object_mut().expect("client").remove("closures");
    for fu in c["followups"].as_array_mut().expect("followups") {
        let o = fu.as_object_mut().expect("followup");
        o.remove("cancelled_on");
        o.remove("cancel_reason");
    }
    let old: Export = serde_json::from_value(old).expect("old export parses");
    import_check::check(&old).expect("old export is accepted");

    let refused = |edit: &dyn Fn(&mut serde_json::Value), at: &str| {
        let mut bad = v.clone();
        edit(&mut bad["clients"][0]);
        let doc: Export = serde_json::from_value(bad).expect("parses");
        match import_check::check(&doc) {
            Err(StoreError::InFile { at: got, .. }) => assert_eq!(got, at),
            other => panic!("{at}: {other:?}"),
        }
    };
    refused(
        &|c| c["closures"][0]["reason"] = "bored".into(),
        "clients[0].closures[0].reason",
    );
    refused(
        &|c| c["closures"][0]["event"] = "closed".into(),
        "clients[0].closures[0].event",
    );
    refused(
        &|c| c["closures"][0]["closed_on"] = "soon".into(),
        "clients[0].closures[0].closed_on",
    );
    refused(
        &|c| {
            c["closures"][0]["reason"] = "other".into();
            c["closures"][0]["note"] = serde_json::Value::Null;
        },
        "clients[0].closures[0].note",
    );
    refused(
        &|c| c["followups"][0]["cancel_reason"] = serde_json::Value::Null,
        "clients[0].followups[0]",
    );
    refused(
        &|c| {
            c["followups"][0]["done"] = true.into();
            c["followups"][0]["done_on"] = "2026-11-20".into();
        },
        "clients[0].followups[0]",
    );
    // Unknown fields are still refused.
    let mut extra = v.clone();
    extra["clients"][0]["closures"][0]["by"] = "me".into();
    assert!(serde_json::from_value::<Export>(extra).is_err());
}
