//! Goals, progress, plan steps and referrals against a real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::fixture;

use casework::domain::{
    ChecklistTemplate, Goal, GoalStatus, PlanStep, Progress, RatedBy, Referral, ReferralStatus,
};
use casework::store::clients::ClientFields;
use casework::store::{Store, export, goals};
use fixture::{Fixture, d, today};

fn with_client() -> (Fixture, Store, i64) {
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
        .expect("add client");
    (f, store, id)
}

fn goal(client_id: i64) -> Goal {
    Goal {
        id: 0,
        client_id,
        client_words: "I'd like to feel less on edge every day".into(),
        smart: Some("Anxiety at 3/10 or lower most days by March".into()),
        measure: Some("self-rated anxiety".into()),
        unit: Some("/10".into()),
        baseline: Some(8.0),
        target: Some(3.0),
        due: Some(d("2027-03-31")),
        status: GoalStatus::Active,
        progress: Vec::new(),
        error: None,
        range_max: None,
        range_min: None,
    }
}

fn audit_rows(store: &Store, entity: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = ?1",
            [entity],
            |r| r.get(0),
        )
        .expect("count audit")
}

#[test]
fn goal_round_trip_with_edit_and_progress() {
    let (_f, mut store, client) = with_client();
    let id = store.add_goal(&goal(client)).expect("add goal");
    let mut g = goals::for_client(store.conn(), client)
        .expect("load")
        .remove(0);
    assert_eq!(g, Goal { id, ..goal(client) });

    let base = g.clone();
    g.target = Some(2.0);
    g.status = GoalStatus::Revised;
    g.smart = None;
    store.update_goal(&g, &base).expect("update");
    for (on, value, by, note) in [
        ("2026-11-01", 7.0, RatedBy::Client, None),
        ("2026-11-10", 6.0, RatedBy::Worker, Some("slept better")),
        ("2026-11-05", 6.5, RatedBy::Worker, None),
    ] {
        store
            .record_progress(
                id,
                &Progress {
                    id: 0,
                    date: d(on),
                    value,
                    rated_by: by,
                    note: note.map(str::to_string),
                    created_at: String::new(),
                    error: None,
                },
            )
            .expect("record");
    }
    let back = goals::for_client(store.conn(), client)
        .expect("load")
        .remove(0);
    assert_eq!(back.target, Some(2.0));
    assert_eq!(back.status, GoalStatus::Revised);
    assert_eq!(back.smart, None);
    // Progress comes back in date order, whatever order it was typed in.
    let dates: Vec<String> = back.progress.iter().map(|p| p.date.to_string()).collect();
    assert_eq!(dates, ["2026-11-01", "2026-11-05", "2026-11-10"]);
    assert_eq!(back.current(), Some(6.0));
    assert_eq!(back.progress[2].note.as_deref(), Some("slept better"));
    assert_eq!(back.progress[0].rated_by, RatedBy::Client);
    // Each change left its own audit row.
    assert_eq!(audit_rows(&store, "goal"), 2);
    assert_eq!(audit_rows(&store, "progress"), 3);
}

#[test]
fn steps_and_referrals_round_trip() {
    let (_f, mut store, client) = with_client();
    let goal_id = store.add_goal(&goal(client)).expect("add goal");
    let step = PlanStep {
        id: 0,
        goal_id,
        description: "Ask the GP about a talking-therapy referral".into(),
        who: "client".into(),
        who_detail: None,
        due: Some(d("2026-12-01")),
        done_on: None,
        error: None,
    };
    let step_id = store.add_step(&step).expect("add step");
    store
        .set_step_done(step_id, Some(d("2026-11-20")), false)
        .expect("done");
    let mut edited = PlanStep {
        id: step_id,
        who: "other".into(),
        who_detail: Some("GP surgery".into()),
        done_on: Some(d("2026-11-20")),
        ..step.clone()
    };
    let base = PlanStep {
        id: step_id,
        done_on: Some(d("2026-11-20")),
        ..step.clone()
    };
    store.update_step(&edited, &base).expect("edit step");

    let ref_id = store
        .add_referral(&Referral {
            id: 0,
            client_id: 0, // taken from the goal
            goal_id: Some(goal_id),
            agency: "Talking Therapies".into(),
            contact: Some("0300 000 0000".into()),
            status: ReferralStatus::Suggested,
            created_on: today(),
            error: None,
        })
        .expect("add referral");
    let (steps, refs) = store.goal_plan(goal_id).expect("plan");
    assert_eq!(steps, vec![edited.clone()]);
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].client_id, client);
    assert_eq!(refs[0].status, ReferralStatus::Suggested);

    let mut r = refs[0].clone();
    r.status = ReferralStatus::Accepted;
    store
        .update_referral(&r, &refs[0])
        .expect("update referral");
    store.set_step_done(step_id, None, true).expect("reopen");
    let (steps, refs) = store.goal_plan(goal_id).expect("plan");
    edited.done_on = None;
    assert_eq!(steps, vec![edited]);
    assert_eq!(refs, vec![Referral { id: ref_id, ..r }]);
    assert_eq!(audit_rows(&store, "plan_step"), 4);
    assert_eq!(audit_rows(&store, "referral"), 2);
}

#[test]
fn changes_to_missing_rows_are_refused_and_leave_no_audit() {
    let (_f, mut store, client) = with_client();
    assert!(store.set_step_done(999, Some(today()), false).is_err());
    let missing = Goal {
        id: 999,
        ..goal(client)
    };
    assert!(store.update_goal(&missing, &missing).is_err());
    assert!(
        store
            .record_progress(
                999,
                &Progress {
                    id: 0,
                    date: today(),
                    value: 1.0,
                    rated_by: RatedBy::Worker,
                    note: None,
                    created_at: String::new(),
                    error: None,
                }
            )
            .is_err()
    );
    assert_eq!(audit_rows(&store, "plan_step"), 0);
    assert_eq!(audit_rows(&store, "goal"), 0);
    assert_eq!(audit_rows(&store, "progress"), 0);
}

#[test]
fn overdue_goals_and_open_steps_of_active_goals_make_a_client_urgent() {
    let (_f, mut store, client) = with_client();
    let due_of = |store: &Store| {
        store
            .caseload()
            .expect("caseload")
            .into_iter()
            .find(|c| c.id == client)
            .expect("client")
            .earliest_open_due
    };
    assert_eq!(due_of(&store), None);
    let mut g = goal(client);
    g.due = Some(d("2027-03-31"));
    let goal_id = store.add_goal(&g).expect("goal");
    assert_eq!(due_of(&store), Some(d("2027-03-31")));
    let step_id = store
        .add_step(&PlanStep {
            id: 0,
            goal_id,
            description: "Fill in the form".into(),
            who: "client".into(),
            who_detail: None,
            due: Some(d("2026-11-15")),
            done_on: None,
            error: None,
        })
        .expect("step");
    assert_eq!(due_of(&store), Some(d("2026-11-15")));
    let summary = store.caseload().expect("caseload").remove(0);
    assert!(summary.is_overdue(today()));
    store
        .set_step_done(step_id, Some(today()), false)
        .expect("done");
    assert_eq!(due_of(&store), Some(d("2027-03-31")));
    // A goal that is no longer active stops counting, and so do its steps.
    store.set_step_done(step_id, None, true).expect("reopen");
    g.id = goal_id;
    let base = g.clone();
    g.status = GoalStatus::Discontinued;
    store.update_goal(&g, &base).expect("discontinue");
    assert_eq!(due_of(&store), None);
}

#[test]
fn export_carries_goals_with_progress_steps_and_referrals() {
    let (_f, mut store, client) = with_client();
    let goal_id = store.add_goal(&goal(client)).expect("goal");
    store
        .record_progress(
            goal_id,
            &Progress {
                id: 0,
                date: d("2026-11-20"),
                value: 5.0,
                rated_by: RatedBy::Client,
                note: Some("a calmer week".into()),
                created_at: String::new(),
                error: None,
            },
        )
        .expect("progress");
    store
        .add_step(&PlanStep {
            id: 0,
            goal_id,
            description: "Try the breathing exercise daily".into(),
            who: "client".into(),
            who_detail: None,
            due: None,
            done_on: None,
            error: None,
        })
        .expect("step");
    store
        .add_referral(&Referral {
            id: 0,
            client_id: client,
            goal_id: Some(goal_id),
            agency: "Talking Therapies".into(),
            contact: None,
            status: ReferralStatus::Made,
            created_on: d("2026-11-21"),
            error: None,
        })
        .expect("referral");
    let doc = export::export(&store, &ChecklistTemplate::builtin()).expect("export");
    let json = serde_json::to_value(&doc).expect("json");
    let g = &json["clients"][0]["goals"][0];
    assert_eq!(g["client_words"], "I'd like to feel less on edge every day");
    assert_eq!(g["smart"], "Anxiety at 3/10 or lower most days by March");
    assert_eq!(g["measure"], "self-rated anxiety");
    assert_eq!(g["unit"], "/10");
    assert_eq!(g["baseline"], 8.0);
    assert_eq!(g["target"], 3.0);
    assert_eq!(g["current"], 5.0);
    assert_eq!(g["due"], "2027-03-31");
    assert_eq!(g["status"], "active");
    assert_eq!(
        g["progress"],
        serde_json::json!([{"date": "2026-11-20", "value": 5.0, "rated_by": "client", "note": "a calmer week"}])
    );
    assert_eq!(
        g["steps"][0]["description"],
        "Try the breathing exercise daily"
    );
    assert_eq!(g["steps"][0]["who"], "client");
    assert_eq!(
        g["referrals"],
        serde_json::json!([{"agency": "Talking Therapies", "contact": null, "status": "made", "created_on": "2026-11-21"}])
    );
}
