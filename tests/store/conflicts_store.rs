//! A change applies only to the record as the user saw it: each update
//! takes that base, and if another session changed the record since, it
//! writes nothing (no row, no audit line) and says what is there now.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::safety::SafetyPlan;
use casework::domain::stage_rules::StageMove;
use casework::domain::{
    Goal, GoalStatus, NoteFormat, NoteKind, NoteMeta, PlanStep, Referral, ReferralStatus, Stage,
};
use casework::store::clients::{ClientFields, Flag};
use casework::store::conflict::{Conflict, NoteVersion, Snapshot};
use casework::store::stage_moves::StageChange;
use casework::store::{Store, StoreError, goals};
use fixture::{Fixture, d, today};

fn audit_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

/// The conflict in a result that must be one.
fn conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> Conflict {
    match r {
        Err(StoreError::Conflict(c)) => *c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn with_client() -> (Fixture, Store, i64) {
    let f = Fixture::empty();
    let mut store = f.store();
    let fields = ClientFields {
        name: "Ada Quartey".into(),
        contact: Some("07700 900001".into()),
        intake_date: Some(d("2026-10-01")),
        ..ClientFields::default()
    };
    let id = store.add_client(&fields, today()).expect("add client");
    (f, store, id)
}

fn fields_of(store: &Store, id: i64) -> ClientFields {
    ClientFields::of(&store.client_detail(id).expect("client").client)
}

#[test]
fn a_client_edit_over_a_stale_base_writes_nothing() {
    let (_f, mut store, id) = with_client();
    let opened = fields_of(&store, id);
    let theirs = ClientFields {
        contact: Some("07700 900999".into()),
        ..opened.clone()
    };
    store.update_client(id, &theirs, &opened).expect("theirs");
    let audit = audit_count(&store);

    let mine = ClientFields {
        name: "Ada Q.".into(),
        ..opened.clone()
    };
    let c = conflict(store.update_client(id, &mine, &opened));
    assert_eq!(c.theirs, Snapshot::Client(theirs.clone()));
    assert!(c.changed_at.is_some(), "clients keep updated_at");
    assert_eq!(fields_of(&store, id), theirs, "nothing written");
    assert_eq!(audit_count(&store), audit, "no audit row");
    // Over theirs, the same save lands.
    assert_eq!(
        store.update_client(id, &mine, &theirs).expect("mine"),
        ["name", "contact"]
    );
}

#[test]
fn stray_spaces_and_empty_text_do_not_count_as_a_change() {
    let (_f, mut store, id) = with_client();
    // Written by some other path with spaces and an empty string.
    store
        .conn()
        .execute(
            "UPDATE clients SET contact = ' 07700 900001 ', pronouns = '' WHERE id = ?1",
            [id],
        )
        .expect("raw");
    // What a form shows and reads back: trimmed, empty as none.
    let opened = ClientFields {
        name: "Ada Quartey".into(),
        contact: Some("07700 900001".into()),
        intake_date: Some(d("2026-10-01")),
        ..ClientFields::default()
    };
    let mine = ClientFields {
        pronouns: Some("she/her".into()),
        ..opened.clone()
    };
    store
        .update_client(id, &mine, &opened)
        .expect("no conflict from spaces");
}

fn meta() -> NoteMeta {
    let mut m = NoteMeta::new(today());
    m.kind = NoteKind::PHONE;
    m.format = NoteFormat::Free;
    m
}

#[test]
fn a_note_edit_over_a_stale_base_writes_nothing() {
    let (_f, mut store, client) = with_client();
    let id = store
        .create_note(client, &meta(), "Called about the rent.", None)
        .expect("note");
    let opened = NoteVersion {
        meta: meta(),
        body: "Called about the rent.".into(),
    };
    // Their change is to a detail only.
    let mut their_meta = meta();
    their_meta.duration_min = Some(15);
    store
        .update_note(id, &their_meta, &opened.body, &opened, None)
        .expect("theirs");
    let audit = audit_count(&store);

    let c = conflict(store.update_note(id, &meta(), "Called twice.", &opened, None));
    let Snapshot::Note(now) = c.theirs else {
        panic!("a note: {:?}", c.theirs)
    };
    assert_eq!(now.meta.duration_min, Some(15));
    assert_eq!(now.body, "Called about the rent.");
    assert_eq!(audit_count(&store), audit, "no audit row");
    let notes = store.client_detail(client).expect("detail").notes;
    assert_eq!(notes[0].body, "Called about the rent.", "nothing written");

    // Trailing blank lines and the order of goals and techniques are not
    // changes: what was opened is still what is there.
    let same = NoteVersion {
        meta: their_meta.clone(),
        body: "Called about the rent.\n\n".into(),
    };
    store
        .update_note(id, &their_meta, "Called twice.", &same, None)
        .expect("mine over theirs");
}

#[test]
fn a_note_signed_by_another_session_is_refused_as_locked() {
    let (_f, mut store, client) = with_client();
    let id = store
        .create_note(client, &meta(), "Text.", None)
        .expect("note");
    let opened = NoteVersion {
        meta: meta(),
        body: "Text.".into(),
    };
    store.sign_note(id).expect("sign");
    let err = store
        .update_note(id, &meta(), "Changed.", &opened, None)
        .expect_err("locked");
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert!(err.to_string().contains("signed this note"), "{err}");
}

fn a_goal(client_id: i64) -> Goal {
    Goal {
        id: 0,
        client_id,
        client_words: "Sleep through the night".into(),
        smart: None,
        measure: Some("nights with 6h+".into()),
        unit: Some("nights/week".into()),
        baseline: Some(1.0),
        target: Some(5.0),
        due: Some(d("2027-01-31")),
        status: GoalStatus::Active,
        progress: Vec::new(),
        error: None,
        range_max: None,
        range_min: None,
    }
}

#[test]
fn goal_step_and_referral_edits_over_stale_bases_write_nothing() {
    let (_f, mut store, client) = with_client();
    let goal_id = store.add_goal(&a_goal(client)).expect("goal");
    let opened = Goal {
        id: goal_id,
        ..a_goal(client)
    };
    let theirs = Goal {
        target: Some(4.0),
        ..opened.clone()
    };
    store.update_goal(&theirs, &opened).expect("theirs");
    let audit = audit_count(&store);
    let mine = Goal {
        status: GoalStatus::Revised,
        ..opened.clone()
    };
    let c = conflict(store.update_goal(&mine, &opened));
    assert!(matches!(&c.theirs, Snapshot::Goal(g) if g.target == Some(4.0)));
    assert!(c.changed_at.is_some(), "goals keep updated_at");
    assert_eq!(audit_count(&store), audit);
    let now = goals::for_client(store.conn(), client).expect("goals");
    assert_eq!(now[0].status, GoalStatus::Active, "nothing written");

    let step = PlanStep {
        id: 0,
        goal_id,
        description: "Keep a sleep diary".into(),
        who: "client".into(),
        who_detail: None,
        due: Some(d("2026-12-01")),
        done_on: None,
        error: None,
    };
    let step_id = store.add_step(&step).expect("step");
    let opened = PlanStep {
        id: step_id,
        ..step
    };
    store
        .set_step_done(step_id, Some(today()), false)
        .expect("their tick");
    let audit = audit_count(&store);
    let mine = PlanStep {
        description: "Keep a sleep diary for two weeks".into(),
        ..opened.clone()
    };
    let c = conflict(store.update_step(&mine, &opened));
    assert!(matches!(&c.theirs, Snapshot::Step(s) if s.done_on == Some(today())));
    assert!(c.changed_at.is_some(), "from the audit trail");
    assert_eq!(audit_count(&store), audit);

    let ref_id = store
        .add_referral(&Referral {
            id: 0,
            client_id: 0,
            goal_id: Some(goal_id),
            agency: "Sleep clinic".into(),
            contact: None,
            status: ReferralStatus::Suggested,
            created_on: today(),
            error: None,
        })
        .expect("referral");
    let (_, refs) = store.goal_plan(goal_id).expect("plan");
    let opened = refs[0].clone();
    let theirs = Referral {
        status: ReferralStatus::Made,
        ..opened.clone()
    };
    store.update_referral(&theirs, &opened).expect("theirs");
    let audit = audit_count(&store);
    let mine = Referral {
        contact: Some("Dr Osei".into()),
        ..opened.clone()
    };
    let c = conflict(store.update_referral(&mine, &opened));
    assert!(
        matches!(&c.theirs, Snapshot::Referral(r) if r.id == ref_id && r.status == ReferralStatus::Made)
    );
    assert_eq!(audit_count(&store), audit);
    let (_, refs) = store.goal_plan(goal_id).expect("plan");
    assert_eq!(refs[0].contact, None, "nothing written");
}

#[test]
fn a_safety_plan_changed_elsewhere_is_not_replaced() {
    let (_f, mut store, client) = with_client();
    let none = SafetyPlan::default();
    let theirs = SafetyPlan {
        warning_signs: "not sleeping".into(),
        ..SafetyPlan::default()
    };
    // Both opened the form while there was no plan; they saved first.
    store
        .save_safety_plan(client, &theirs, &none)
        .expect("theirs");
    let audit = audit_count(&store);
    let mine = SafetyPlan {
        coping: "walk the dog".into(),
        ..SafetyPlan::default()
    };
    let c = conflict(store.save_safety_plan(client, &mine, &none));
    assert!(matches!(&c.theirs, Snapshot::SafetyPlan(p) if p.warning_signs == "not sleeping"));
    assert_eq!(audit_count(&store), audit);
    let now = store.safety_plan(client).expect("read").expect("plan");
    assert_eq!(now.coping, "", "nothing written");
}

#[test]
fn toggles_act_only_on_the_state_that_was_seen() {
    let (_f, mut store, client) = with_client();
    let key = "risk_screen";
    store
        .toggle_item(client, Stage::Assessment, key, today(), false)
        .expect("their tick");
    let audit = audit_count(&store);
    // Seen open, but ticked now: refused, not cleared.
    let c = conflict(store.toggle_item(client, Stage::Assessment, key, today(), false));
    assert_eq!(c.theirs, Snapshot::Item(Some(today())));
    assert!(c.changed_at.is_some());
    assert_eq!(audit_count(&store), audit);
    let marks = store.client_detail(client).expect("detail").marks;
    assert!(
        marks
            .iter()
            .any(|m| m.item_key == key && m.done_on.is_some())
    );

    let goal_id = store.add_goal(&a_goal(client)).expect("goal");
    let step_id = store
        .add_step(&PlanStep {
            id: 0,
            goal_id,
            description: "Call the GP".into(),
            who: "client".into(),
            who_detail: None,
            due: None,
            done_on: None,
            error: None,
        })
        .expect("step");
    store
        .set_step_done(step_id, Some(today()), false)
        .expect("their tick");
    let audit = audit_count(&store);
    let c = conflict(store.set_step_done(step_id, None, false));
    assert_eq!(c.theirs, Snapshot::StepDone(Some(today())));
    assert_eq!(audit_count(&store), audit);
    let (steps, _) = store.goal_plan(goal_id).expect("plan");
    assert!(steps[0].is_done(), "still done");
}

#[test]
fn a_stage_move_from_a_stage_the_case_has_left_writes_nothing() {
    let (_f, mut store, client) = with_client();
    let advance = |seen| StageChange {
        seen,
        mv: StageMove::Advance,
        reason: None,
        summary: None,
        followups: &[],
        on: None,
        closure: None,
    };
    store
        .change_stage(client, &advance(Stage::Assessment), today())
        .expect("theirs");
    let audit = audit_count(&store);
    let history = store.client_detail(client).expect("detail").history;
    // A second screen still shows Assessment and moves on from there.
    let c = conflict(store.change_stage(client, &advance(Stage::Assessment), today()));
    assert_eq!(c.theirs, Snapshot::Stage(Stage::GoalSetting));
    assert_eq!(audit_count(&store), audit);
    let after = store.client_detail(client).expect("detail");
    assert_eq!(after.client.stage, Stage::GoalSetting, "not moved twice");
    assert_eq!(after.history, history);
}

#[test]
fn a_flag_already_set_elsewhere_is_a_conflict_saying_so() {
    let (_f, mut store, client) = with_client();
    store.set_crisis(client, true).expect("theirs");
    let audit = audit_count(&store);
    let c = conflict(store.set_crisis(client, true));
    assert_eq!(c.theirs, Snapshot::Flag(Flag::Crisis, true));
    assert_eq!(audit_count(&store), audit);
    store.set_archived(client, true).expect("theirs");
    let c = conflict(store.set_archived(client, true));
    assert_eq!(c.theirs, Snapshot::Flag(Flag::Archived, true));
    // A client that is not there is not a conflict.
    assert!(!matches!(
        store.set_crisis(999, true),
        Err(StoreError::Conflict(_)) | Ok(())
    ));
}
