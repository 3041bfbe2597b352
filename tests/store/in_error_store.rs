//! Entered in error against a real file: the mark and its audit row land
//! together, the record stays (and leaves the counts), signed notes are
//! refused, two sessions cannot lose a change, export and import carry the
//! mark, and a version 5 file with data in it upgrades.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::fixture::{self, Fixture, d, today};
use casework::domain::{
    ChecklistTemplate, Goal, GoalStatus, NoteMeta, PlanStep, Progress, RatedBy, Stage,
};
use casework::store::clients::ClientFields;
use casework::store::in_error::MarkTarget;
use casework::store::{SCHEMA_VERSION, Store, StoreError, export};
use rusqlite::Connection;

fn setup() -> (Fixture, Store, i64, i64) {
    let f = Fixture::empty();
    let mut store = f.store();
    let client = store
        .add_client(
            &ClientFields {
                name: "Ada Quartey".into(),
                ..ClientFields::default()
            },
            today(),
        )
        .expect("client");
    let goal = store
        .add_goal(&Goal {
            id: 0,
            client_id: client,
            client_words: "Sleep at home most nights".into(),
            smart: None,
            measure: Some("nights at home a week".into()),
            unit: Some("nights".into()),
            baseline: Some(1.0),
            target: Some(6.0),
            due: Some(d("2027-03-01")),
            status: GoalStatus::Active,
            range_min: Some(0.0),
            range_max: Some(7.0),
            error: None,
            progress: Vec::new(),
        })
        .expect("goal");
    (f, store, client, goal)
}

fn progress(store: &mut Store, goal: i64, on: &str, value: f64) -> i64 {
    store
        .record_progress(
            goal,
            &Progress {
                id: 0,
                date: d(on),
                value,
                rated_by: RatedBy::Worker,
                note: None,
                error: None,
                created_at: String::new(),
            },
        )
        .expect("progress")
}

fn the_goal(store: &Store, client: i64) -> Goal {
    store.client_detail(client).expect("detail").goals.remove(0)
}

fn mark(store: &mut Store, t: &MarkTarget, reason: &str) -> Result<(), StoreError> {
    let seen = store.mark_base(t)?;
    store.mark_in_error(t, reason, &seen).map(|_| ())
}

fn audit_marks(store: &Store) -> Vec<String> {
    store
        .conn()
        .prepare("SELECT detail FROM audit WHERE action = 'entered_in_error' ORDER BY id")
        .expect("sql")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read")
}

#[test]
fn a_progress_record_marked_leaves_the_chart_but_stays_with_who_when_why() {
    let (_f, mut store, client, goal) = setup();
    progress(&mut store, goal, "2026-11-10", 3.0);
    let wrong = progress(&mut store, goal, "2026-11-20", 30.0);
    assert_eq!(the_goal(&store, client).current(), Some(30.0));

    // A reason is required: nothing is written without one.
    let t = MarkTarget::Progress(wrong);
    let seen = store.mark_base(&t).expect("base");
    assert!(matches!(
        store.mark_in_error(&t, "   ", &seen),
        Err(StoreError::Rule(_))
    ));
    assert!(audit_marks(&store).is_empty());

    let m = store
        .mark_in_error(&t, "typed 30 for 3", &seen)
        .expect("mark");
    assert_eq!(m.reason, "typed 30 for 3");
    let g = the_goal(&store, client);
    // Still there, value as typed, marked; the current value is the last one that counts.
    assert_eq!(g.progress.len(), 2);
    assert_eq!(g.progress[1].value, 30.0);
    assert_eq!(g.progress[1].error.as_ref(), Some(&m));
    assert!(!m.by.is_empty());
    assert_eq!(g.current(), Some(3.0));
    assert_eq!(g.counted().count(), 1);
    // One audit row, with the values it held.
    let rows = audit_marks(&store);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let detail: serde_json::Value = serde_json::from_str(&rows[0]).expect("json");
    assert_eq!(detail["reason"], "typed 30 for 3");
    assert_eq!(detail["old"]["value"], 30.0);
    assert_eq!(detail["old"]["recorded_on"], "2026-11-20");
    // Marked once, for good.
    let again = store.mark_base(&t).expect_err("already marked");
    assert!(
        again.to_string().contains("already entered in error"),
        "{again}"
    );
    // The audit chain and the schema still check out.
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

#[test]
fn a_mark_cannot_be_undone_or_reworded_even_by_raw_sql() {
    let (f, mut store, _client, goal) = setup();
    let p = progress(&mut store, goal, "2026-11-20", 30.0);
    mark(&mut store, &MarkTarget::Progress(p), "typed 30 for 3").expect("mark");
    drop(store);
    let conn = Connection::open(&f.path).expect("raw");
    for sql in [
        "UPDATE progress SET error_at = NULL",
        "UPDATE progress SET error_reason = 'other'",
        "UPDATE progress SET value = 3",
    ] {
        let e = conn.execute_batch(sql).expect_err(sql);
        assert!(e.to_string().contains("entered in error"), "{sql}: {e}");
    }
}

#[test]
fn signed_notes_are_refused_unsigned_notes_steps_goals_and_ticks_are_marked() {
    let (_f, mut store, client, goal) = setup();
    let meta = NoteMeta::new(today());
    let signed = store
        .create_note(client, &meta, "signed text", None)
        .expect("note");
    store.sign_note(signed).expect("sign");
    let unsigned = store
        .create_note(client, &meta, "wrong client", None)
        .expect("note");

    let e = mark(&mut store, &MarkTarget::Note(signed), "x").expect_err("signed");
    assert!(e.to_string().contains("addendum"), "{e}");
    mark(
        &mut store,
        &MarkTarget::Note(unsigned),
        "written for the wrong client",
    )
    .expect("note");

    let step = store
        .add_step(&PlanStep {
            id: 0,
            goal_id: goal,
            description: "Call the housing office".into(),
            who: "worker".into(),
            who_detail: None,
            due: Some(d("2026-11-01")),
            done_on: None,
            error: None,
        })
        .expect("step");
    // The overdue step makes the client urgent and is on the agenda...
    let due = |s: &Store| s.caseload().expect("caseload")[0].earliest_open_due;
    assert_eq!(due(&store), Some(d("2026-11-01")));
    mark(&mut store, &MarkTarget::Step(step), "duplicate step").expect("step");
    // ...until it is marked: then only the goal's own due date is left.
    assert_eq!(due(&store), Some(d("2027-03-01")));
    mark(
        &mut store,
        &MarkTarget::Goal(goal),
        "meant for another client",
    )
    .expect("goal");
    assert_eq!(due(&store), None);

    let key = ChecklistTemplate::builtin().items(Stage::Assessment)[0]
        .key
        .clone();
    let tick = MarkTarget::Tick {
        client_id: client,
        stage: Stage::Assessment,
        item_key: key.clone(),
    };
    let e = mark(&mut store, &tick, "x").expect_err("not ticked");
    assert!(e.to_string().contains("ticked"), "{e}");
    store
        .toggle_item(client, Stage::Assessment, &key, today(), false)
        .expect("tick");
    mark(&mut store, &tick, "ticked the wrong line").expect("tick");

    let detail = store.client_detail(client).expect("detail");
    let n = detail
        .notes
        .iter()
        .find(|n| n.id == unsigned)
        .expect("kept");
    assert_eq!(n.body, "wrong client");
    assert!(n.error.is_some());
    assert!(
        detail
            .notes
            .iter()
            .any(|n| n.id == signed && n.error.is_none())
    );
    let g = &detail.goals[0];
    assert!(g.error.is_some());
    let (steps, _) = store.goal_plan(goal).expect("plan");
    assert!(steps[0].error.is_some());
    let m = detail
        .marks
        .iter()
        .find(|m| m.item_key == key)
        .expect("mark");
    assert_eq!(m.done_on, None);
    assert_eq!(
        m.error.as_ref().map(|e| e.reason.as_str()),
        Some("ticked the wrong line")
    );
    assert_eq!(audit_marks(&store).len(), 4);
    // Ticked again (rightly, this time): the mark goes, the audit keeps it.
    store
        .toggle_item(client, Stage::Assessment, &key, today(), false)
        .expect("tick again");
    let detail = store.client_detail(client).expect("detail");
    let m = detail
        .marks
        .iter()
        .find(|m| m.item_key == key)
        .expect("mark");
    assert_eq!((m.done_on, m.error.is_none()), (Some(today()), true));
    assert_eq!(audit_marks(&store).len(), 4);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

#[test]
fn two_sessions_a_mark_over_a_changed_record_writes_nothing_and_says_so() {
    let (f, mut mine, _client, goal) = setup();
    let step = mine
        .add_step(&PlanStep {
            id: 0,
            goal_id: goal,
            description: "Call the housing office".into(),
            who: "worker".into(),
            who_detail: None,
            due: None,
            done_on: None,
            error: None,
        })
        .expect("step");
    let t = MarkTarget::Step(step);
    let seen = mine.mark_base(&t).expect("base");
    // The other session ticks the step while this one types the reason.
    let mut theirs = f.store();
    theirs
        .set_step_done(step, Some(today()), false)
        .expect("theirs");
    let e = mine
        .mark_in_error(&t, "duplicate", &seen)
        .expect_err("must not mark over their change");
    assert!(e.to_string().contains("another session changed"), "{e}");
    assert!(audit_marks(&mine).is_empty());
    // Both marking at once: only the first lands; the second is told.
    let seen_a = mine.mark_base(&t).expect("base");
    let seen_b = theirs.mark_base(&t).expect("base");
    theirs.mark_in_error(&t, "theirs", &seen_b).expect("first");
    let e = mine.mark_in_error(&t, "mine", &seen_a).expect_err("second");
    assert!(e.to_string().contains("already entered in error"), "{e}");
    let (steps, _) = mine.goal_plan(goal).expect("plan");
    assert_eq!(steps[0].done_on, Some(today()));
    assert_eq!(
        steps[0].error.as_ref().map(|e| e.reason.as_str()),
        Some("theirs")
    );
}

#[test]
fn export_and_import_carry_the_mark_and_old_exports_still_import() {
    let (_f, mut store, client, goal) = setup();
    progress(&mut store, goal, "2026-11-10", 3.0);
    let wrong = progress(&mut store, goal, "2026-11-20", 30.0);
    mark(&mut store, &MarkTarget::Progress(wrong), "typed 30 for 3").expect("mark");
    let doc = export::export(&store, &ChecklistTemplate::builtin()).expect("export");
    let json = serde_json::to_value(&doc).expect("json");
    let g = &json["clients"][0]["goals"][0];
    assert_eq!(g["current"], 3.0);
    assert_eq!(g["range_max"], 7.0);
    assert_eq!(
        g["progress"][1]["entered_in_error"]["reason"],
        "typed 30 for 3"
    );
    assert!(g["progress"][0].get("entered_in_error").is_none());

    let other = Fixture::empty();
    let mut into = other.store();
    into.import_export(&doc).expect("import");
    let back = the_goal(&into, client);
    let before = the_goal(&store, client);
    assert_eq!(back.progress.len(), 2);
    assert_eq!(back.progress[1].error, before.progress[1].error);
    assert_eq!((back.range_min, back.range_max), (Some(0.0), Some(7.0)));
    assert_eq!(back.current(), Some(3.0));

    // Strict: a mark without a reason is refused, by its place in the file.
    let mut bad = json.clone();
    bad["clients"][0]["goals"][0]["progress"][1]["entered_in_error"]["reason"] = "".into();
    let bad: export::Export = serde_json::from_value(bad).expect("parse");
    let e = Fixture::empty()
        .store()
        .import_export(&bad)
        .expect_err("no reason");
    assert!(e.to_string().contains("entered_in_error.reason"), "{e}");
    // An unknown field inside the mark is refused by the parser.
    let mut odd = json.clone();
    odd["clients"][0]["goals"][0]["progress"][1]["entered_in_error"]["undo"] = true.into();
    assert!(serde_json::from_value::<export::Export>(odd).is_err());
    // An export written before version 6 (no marks, no ranges) imports.
    let mut old = json;
    old["schema_version"] = 3.into();
    let g = &mut old["clients"][0]["goals"][0];
    g.as_object_mut().expect("goal").remove("range_min");
    g.as_object_mut().expect("goal").remove("range_max");
    g["progress"][1]
        .as_object_mut()
        .expect("record")
        .remove("entered_in_error");
    let old: export::Export = serde_json::from_value(old).expect("old format");
    let fresh = Fixture::empty();
    let mut s = fresh.store();
    s.import_export(&old).expect("old import");
    assert_eq!(the_goal(&s, client).current(), Some(30.0));
}

/// A file as version 5 (the version before) made it, with records in it,
/// opens as version 6:
/// its records unmarked, markable, and the file still checks out.
#[test]
fn a_version_5_database_with_data_upgrades_to_6() {
    let f = Fixture::empty();
    {
        let mut conn = Connection::open(&f.path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        conn.pragma_update(None, "application_id", casework::store::APPLICATION_ID)
            .expect("id");
        for sql in [
            include_str!("../../src/store/schema_v1.sql"),
            include_str!("../../src/store/schema_v2.sql"),
            include_str!("../../src/store/schema_v3.sql"),
            include_str!("../../src/store/schema_v4.sql"),
            include_str!("../../src/store/schema_v5.sql"),
        ] {
            conn.execute_batch(sql).expect("schema");
        }
        conn.pragma_update(None, "user_version", 5)
            .expect("version 5");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(
            "INSERT INTO clients (name, created_at, updated_at)
                 VALUES ('Version Five', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             INSERT INTO goals (client_id, client_words, baseline, target, created_at, updated_at)
                 VALUES (1, 'Nights at home', 1, 6, '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             INSERT INTO progress (goal_id, recorded_on, value, rated_by, created_at)
                 VALUES (1, '2026-11-02', 2, 'client', '2026-11-02T09:00:00Z'),
                        (1, '2026-11-09', 30, 'worker', '2026-11-09T09:00:00Z');
             INSERT INTO checklist_state (client_id, stage, item_key, done_on)
                 VALUES (1, 'assessment', 'background', '2026-11-02');
             INSERT INTO notes (client_id, kind, format, body, session_date, created_at, updated_at)
                 VALUES (1, 'session', 'free', 'first visit', '2026-11-02',
                         '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z');",
        )
        .expect("data");
        tx.commit().expect("commit");
    }
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    let detail = store.client_detail(1).expect("detail");
    let g = &detail.goals[0];
    assert_eq!(g.progress.len(), 2);
    assert!(g.progress.iter().all(|p| p.error.is_none()));
    assert_eq!((g.range_min, g.range_max), (None, None));
    assert_eq!(g.current(), Some(30.0));
    assert!(detail.notes[0].error.is_none());
    assert!(detail.marks[0].error.is_none());
    let id = g.progress[1].id;
    mark(&mut store, &MarkTarget::Progress(id), "typed 30 for 3").expect("mark");
    assert_eq!(the_goal(&store, 1).current(), Some(2.0));
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    drop(store);
    // And it opens again as it is.
    let again = Store::open(&f.path).expect("reopen").0;
    assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
    let _ = fixture::today();
}

fn corrected(p: &Progress, value: f64) -> Progress {
    Progress { value, ..p.clone() }
}

#[test]
fn a_recent_progress_record_is_corrected_with_before_and_after_audited() {
    let (_f, mut store, client, goal) = setup();
    progress(&mut store, goal, "2026-11-10", 3.0);
    progress(&mut store, goal, "2026-11-20", 30.0);
    let shown = the_goal(&store, client).progress[1].clone();
    store
        .update_progress(shown.id, &corrected(&shown, 3.5), &shown)
        .expect("edit");
    assert_eq!(the_goal(&store, client).current(), Some(3.5));
    let detail: String = store
        .conn()
        .query_row(
            "SELECT detail FROM audit WHERE action = 'update' AND entity = 'progress'",
            [],
            |r| r.get(0),
        )
        .expect("audit row");
    let v: serde_json::Value = serde_json::from_str(&detail).expect("json");
    assert_eq!(v["before"]["value"], 30.0);
    assert_eq!(v["after"]["value"], 3.5);
    // An old record is refused with the way forward.
    store
        .conn()
        .execute(
            "UPDATE progress SET created_at = '2026-01-01T09:00:00Z' WHERE id = ?1",
            [shown.id],
        )
        .expect("age it");
    let now = the_goal(&store, client).progress[1].clone();
    let e = store
        .update_progress(now.id, &corrected(&now, 4.0), &now)
        .expect_err("too old");
    assert!(e.to_string().contains("entered in error"), "{e}");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

/// Two sessions on one file: one marks a record in error while the other
/// corrects it. Whichever lands second is refused, says why, and nothing
/// of the first is lost.
#[test]
fn two_sessions_mark_and_edit_the_same_record_neither_is_lost() {
    let (f, mut mine, client, goal) = setup();
    let id = progress(&mut mine, goal, "2026-11-20", 30.0);
    let mut theirs = f.store();
    let shown = the_goal(&mine, client).progress[0].clone();

    // They chose it to mark; meanwhile this session corrects it.
    let t = MarkTarget::Progress(id);
    let their_seen = theirs.mark_base(&t).expect("base");
    mine.update_progress(id, &corrected(&shown, 3.0), &shown)
        .expect("edit lands first");
    let e = theirs
        .mark_in_error(&t, "typed 30 for 3", &their_seen)
        .expect_err("mark over the edit");
    assert!(e.to_string().contains("another session changed"), "{e}");
    assert_eq!(the_goal(&mine, client).progress[0].value, 3.0);
    assert!(the_goal(&mine, client).progress[0].error.is_none());

    // The other way round: the mark lands first, the edit is refused.
    let shown = the_goal(&mine, client).progress[0].clone();
    let seen = theirs.mark_base(&t).expect("base");
    theirs.mark_in_error(&t, "wrong goal", &seen).expect("mark");
    let e = mine
        .update_progress(id, &corrected(&shown, 4.0), &shown)
        .expect_err("edit over the mark");
    assert!(e.to_string().contains("entered in error"), "{e}");
    let p = the_goal(&mine, client).progress[0].clone();
    assert_eq!(p.value, 3.0);
    assert_eq!(p.error.map(|e| e.reason), Some("wrong goal".into()));
}
