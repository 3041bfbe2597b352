//! Goal Attainment Scaling in the store: a scale per goal (set again adds
//! a row), reviews with one level per goal and the T-score as computed, one
//! transaction and one audit row per write, entered in error (never deleted
//! or edited), export and import, and the upgrade from a v9 file.

use crate::fixture::{Fixture, today};
use casework::store::in_error::MarkTarget;
use casework::store::{SCHEMA_VERSION, Store, StoreError, audit};

/// What schema v10 adds, taken away again (for tests that start from an
/// earlier version's file).
pub const DROP_V10: &str = "DROP TRIGGER gas_levels_no_update; DROP TRIGGER gas_levels_no_delete;
     DROP TABLE gas_levels;
     DROP TRIGGER gas_reviews_kept; DROP TRIGGER gas_reviews_no_delete;
     DROP INDEX gas_reviews_client; DROP TABLE gas_reviews;
     DROP TRIGGER gas_scales_kept; DROP TRIGGER gas_scales_no_delete;
     DROP INDEX gas_scales_goal; DROP TABLE gas_scales;";

/// The version before GAS (v10), fixed: later migrations must not move the
/// file the upgrade test starts from.
const PREVIOUS_VERSION: i64 = 9;

fn audit_rows(store: &Store) -> usize {
    audit::list(store.conn(), None).expect("audit").len()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn words(tag: &str) -> [String; 5] {
    ["much less", "less", "as expected", "more", "much more"].map(|l| format!("{tag}: {l}"))
}

/// The client's first `n` goals not entered in error.
fn goal_ids(store: &Store, client: i64, n: usize) -> Vec<i64> {
    let ids: Vec<i64> = store
        .goals_of(client)
        .expect("goals")
        .into_iter()
        .filter(|g| g.error.is_none())
        .map(|g| g.id)
        .take(n)
        .collect();
    assert_eq!(ids.len(), n, "the generated client has {n} goals");
    ids
}

/// A client with at least three goals in a small generated caseload.
fn client_with_goals(store: &Store) -> i64 {
    (1..=8)
        .find(|&c| {
            store
                .goals_of(c)
                .map(|g| g.iter().filter(|g| g.error.is_none()).count() >= 3)
                .unwrap_or(false)
        })
        .expect("a client with three goals")
}

#[test]
fn a_scale_saves_with_one_audit_row_and_setting_it_again_keeps_the_old_one() {
    let f = Fixture::demo(8, 5);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 1)[0];
    let before = audit_rows(&store);
    let first = store.set_gas_scale(g, words("a"), 1.0).expect("set");
    assert_eq!(audit_rows(&store), before + 1);
    let second = store.set_gas_scale(g, words("b"), 2.5).expect("set again");
    assert_eq!(audit_rows(&store), before + 2);
    assert_eq!(store.gas_scale_of(g).expect("read"), Some(second.clone()));
    assert_eq!(store.gas_scales_of(g).expect("read"), vec![first, second]);
    assert_eq!(
        store
            .gas_scale_of(g)
            .expect("read")
            .expect("a scale")
            .says(-2),
        Some("b: much less")
    );
}

#[test]
fn a_blank_level_or_a_weight_not_above_zero_writes_nothing() {
    let f = Fixture::demo(8, 5);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 1)[0];
    let before = audit_rows(&store);
    let mut blank = words("a");
    blank[2] = "  ".into();
    assert!(store.set_gas_scale(g, blank, 1.0).is_err());
    assert!(store.set_gas_scale(g, words("a"), 0.0).is_err());
    assert!(store.set_gas_scale(g, words("a"), -1.0).is_err());
    assert!(store.set_gas_scale(g, words("a"), f64::NAN).is_err());
    assert!(store.set_gas_scale(999_999, words("a"), 1.0).is_err());
    assert_eq!(count(&store, "gas_scales"), 0);
    assert_eq!(audit_rows(&store), before);
    // Even raw SQL cannot store a weight of 0.
    let err = store.conn().execute(
        "INSERT INTO gas_scales (goal_id, much_less, less, expected, more, much_more, weight,
            set_by, created_at) VALUES (?1, 'a', 'b', 'c', 'd', 'e', 0, 'x', 'y')",
        [g],
    );
    assert!(err.is_err());
}

#[test]
fn a_review_keeps_levels_weights_and_the_t_score_as_computed() {
    let f = Fixture::demo(8, 5);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 3);
    for &id in &g {
        store.set_gas_scale(id, words("x"), 1.0).expect("scale");
    }
    let before = audit_rows(&store);
    let r = store
        .record_gas_review(c, today(), today(), &[(g[0], 2), (g[1], 2), (g[2], 2)])
        .expect("saved");
    assert_eq!(format!("{:.2}", r.t_score.expect("score")), "77.39");
    assert_eq!(audit_rows(&store), before + 1);
    let back = store.gas_reviews_of(c).expect("read");
    assert_eq!(back, vec![r.clone()]);
    let last = audit::list(store.conn(), None).expect("audit");
    let row = last.last().expect("a row");
    assert_eq!(row.entity, "gas_review");
    assert!(row.detail.contains("T 77.39"), "{row:?}");

    // A new weight later does not rewrite the past review.
    store
        .set_gas_scale(g[0], words("y"), 3.0)
        .expect("reweighted");
    let again = store.gas_reviews_of(c).expect("read");
    assert_eq!(again[0].t_score, r.t_score);
    assert_eq!(again[0].levels[0].weight, 1.0);
    let next = store
        .record_gas_review(c, today(), today(), &[(g[0], 0), (g[1], -1), (g[2], 1)])
        .expect("second");
    assert_eq!(
        next.levels
            .iter()
            .find(|l| l.goal_id == g[0])
            .map(|l| l.weight),
        Some(3.0)
    );
}

#[test]
fn a_review_that_does_not_fit_writes_nothing() {
    let f = Fixture::demo(8, 5);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 2);
    store.set_gas_scale(g[0], words("x"), 1.0).expect("scale");
    let other = (1..=8)
        .filter(|&o| o != c)
        .find_map(|o| store.goals_of(o).ok()?.first().map(|x| x.id))
        .expect("another client's goal");
    store.set_gas_scale(other, words("o"), 1.0).expect("scale");
    let before = audit_rows(&store);
    let tomorrow = today().succ_opt().expect("day");
    for (levels, why) in [
        (vec![], "at least one goal"),
        (vec![(g[0], 3)], "outside -2 to +2"),
        (vec![(g[1], 0)], "has no GAS scale"),
        (
            vec![(g[0], 1), (other, 1)],
            "not one of this client's goals",
        ),
        (vec![(g[0], 1), (g[0], 2)], "UNIQUE"),
    ] {
        let err = store
            .record_gas_review(c, today(), today(), &levels)
            .unwrap_err();
        assert!(err.to_string().contains(why), "{why}: {err}");
    }
    assert!(
        store
            .record_gas_review(c, tomorrow, today(), &[(g[0], 0)])
            .is_err()
    );
    assert_eq!(count(&store, "gas_reviews"), 0);
    assert_eq!(count(&store, "gas_levels"), 0);
    assert_eq!(audit_rows(&store), before);
}

#[test]
fn scales_and_reviews_are_entered_in_error_never_deleted_or_edited() {
    let f = Fixture::demo(8, 5);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 1)[0];
    let first = store.set_gas_scale(g, words("a"), 1.0).expect("set");
    let wrong = store.set_gas_scale(g, words("wrong"), 2.0).expect("set");
    let t = MarkTarget::GasScale(wrong.id);
    let seen = store.mark_base(&t).expect("base");
    store
        .mark_in_error(&t, "typed for the wrong goal", &seen)
        .expect("marked");
    // The goal's scale is the earlier one again.
    assert_eq!(store.gas_scale_of(g).expect("read"), Some(first));

    let r = store
        .record_gas_review(c, today(), today(), &[(g, 1)])
        .expect("review");
    let t = MarkTarget::GasReview(r.id);
    let seen = store.mark_base(&t).expect("base");
    let mark = store.mark_in_error(&t, "wrong day", &seen).expect("marked");
    assert_eq!(store.gas_reviews_of(c).expect("read")[0].error, Some(mark));

    let conn = store.conn();
    for sql in [
        "DELETE FROM gas_scales",
        "DELETE FROM gas_reviews",
        "DELETE FROM gas_levels",
        "UPDATE gas_scales SET weight = 9",
        "UPDATE gas_scales SET much_more = 'other'",
        "UPDATE gas_reviews SET t_score = 1",
        "UPDATE gas_reviews SET error_reason = 'other'",
        "UPDATE gas_levels SET level = 0",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} went through");
    }
    assert_eq!(count(&store, "gas_scales"), 2);
    assert_eq!(count(&store, "gas_levels"), 1);
}

/// Scales on three goals of one client (one set twice, one version in
/// error), two reviews (weighted, the second entered in error).
pub fn with_gas() -> (Fixture, i64) {
    let f = Fixture::demo(8, 6);
    let mut store = f.store();
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 3);
    store
        .set_gas_scale(g[0], words("first"), 1.0)
        .expect("scale");
    let wrong = store
        .set_gas_scale(g[0], words("oops"), 4.0)
        .expect("scale");
    store
        .set_gas_scale(g[1], words("second"), 2.0)
        .expect("scale");
    store
        .set_gas_scale(g[2], words("third"), 0.5)
        .expect("scale");
    let t = MarkTarget::GasScale(wrong.id);
    let seen = store.mark_base(&t).expect("base");
    store
        .mark_in_error(&t, "not agreed with the client", &seen)
        .expect("marked");
    store
        .record_gas_review(c, today(), today(), &[(g[0], -1), (g[1], 1), (g[2], 2)])
        .expect("review");
    let second = store
        .record_gas_review(c, today(), today(), &[(g[0], 0), (g[1], 0)])
        .expect("review");
    let t = MarkTarget::GasReview(second.id);
    let seen = store.mark_base(&t).expect("base");
    store
        .mark_in_error(&t, "scored the wrong client", &seen)
        .expect("marked");
    (f, c)
}

#[test]
fn json_export_carries_scales_and_reviews_and_import_restores_them_exactly() {
    let (f, c) = with_gas();
    let store = f.store();
    let template = casework::domain::ChecklistTemplate::builtin();
    let doc = casework::store::export::export(&store, &template).expect("export");
    let json = serde_json::to_string_pretty(&doc).expect("json");
    for needle in [
        "\"gas_scales\"",
        "\"gas_reviews\"",
        "\"t_score\"",
        "first: much more",
        "not agreed with the client",
        "scored the wrong client",
    ] {
        assert!(json.contains(needle), "{needle} missing");
    }
    let client = doc.clients.iter().find(|x| x.id == c).expect("client");
    assert_eq!(client.gas_reviews.len(), 2);
    let first = &client.gas_reviews[0];
    assert_eq!(
        first
            .levels
            .iter()
            .map(|l| (l.level, l.weight))
            .collect::<Vec<_>>(),
        vec![(-1, 1.0), (1, 2.0), (2, 0.5)]
    );
    assert_eq!(
        first.t_score,
        store.gas_reviews_of(c).expect("read")[0].t_score
    );

    let other = Fixture::empty();
    let mut second = other.store();
    let parsed: casework::store::export::Export = serde_json::from_str(&json).expect("parse");
    second.import_export(&parsed).expect("import");
    let again = casework::store::export::export(&second, &template).expect("export");
    assert_eq!(
        serde_json::to_value(&doc.clients).expect("value"),
        serde_json::to_value(&again.clients).expect("value")
    );
    let strip = |s: &Store| {
        s.gas_reviews_of(c)
            .expect("read")
            .into_iter()
            .map(|r| casework::domain::gas_record::GasReview { id: 0, ..r })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&second), strip(&store));
    let report = second.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

#[test]
fn an_import_with_a_bad_gas_value_is_refused_with_its_path() {
    let (f, c) = with_gas();
    let store = f.store();
    let template = casework::domain::ChecklistTemplate::builtin();
    let doc = casework::store::export::export(&store, &template).expect("export");
    let i = doc.clients.iter().position(|x| x.id == c).expect("client");
    let json = serde_json::to_value(&doc).expect("json");
    let g = doc.clients[i]
        .goals
        .iter()
        .position(|g| !g.gas_scales.is_empty())
        .expect("goal");
    for (pointer, value, said) in [
        (
            format!("/clients/{i}/gas_reviews/0/levels/0/level"),
            serde_json::json!(3),
            "level",
        ),
        (
            format!("/clients/{i}/gas_reviews/0/levels/0/goal_id"),
            serde_json::json!(424242),
            "goal_id",
        ),
        (
            format!("/clients/{i}/gas_reviews/0/levels/0/weight"),
            serde_json::json!(0.0),
            "weight",
        ),
        (
            format!("/clients/{i}/goals/{g}/gas_scales/0/weight"),
            serde_json::json!(-1.0),
            "weight",
        ),
        (
            format!("/clients/{i}/goals/{g}/gas_scales/0/much_less"),
            serde_json::json!(" "),
            "much_less",
        ),
    ] {
        let mut bad = json.clone();
        *bad.pointer_mut(&pointer).expect("there") = value;
        let parsed: casework::store::export::Export = serde_json::from_value(bad).expect("parse");
        let other = Fixture::empty();
        let mut empty = other.store();
        let err = empty.import_export(&parsed).unwrap_err();
        assert!(matches!(err, StoreError::InFile { .. }), "{err}");
        assert!(err.to_string().contains(said), "{pointer}: {err}");
        assert_eq!(empty.caseload().map(|l| l.len()).unwrap_or(0), 0);
    }
}

#[test]
fn a_v9_file_with_a_caseload_upgrades_and_takes_a_scale_and_a_review() {
    let f = Fixture::demo(8, 40);
    let before = {
        let store = f.store();
        (1..=8)
            .map(|id| store.client_detail(id).expect("detail"))
            .collect::<Vec<_>>()
    };
    {
        // The same file as version 9 made it: v10 only adds the GAS tables.
        crate::downgrade::to_version(&f.path, PREVIOUS_VERSION);
        let conn = rusqlite::Connection::open(&f.path).expect("open");
        let has: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'gas%'",
                [],
                |r| r.get(0),
            )
            .expect("master");
        assert_eq!(has, 0);
    }
    let mut store = f.store();
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
    for (id, was) in (1..=8).zip(&before) {
        assert_eq!(&store.client_detail(id).expect("detail"), was);
    }
    let c = client_with_goals(&store);
    let g = goal_ids(&store, c, 1)[0];
    store
        .set_gas_scale(g, words("after"), 1.0)
        .expect("scale after the upgrade");
    let r = store
        .record_gas_review(c, today(), today(), &[(g, 0)])
        .expect("review");
    assert_eq!(r.t_score, Some(50.0));
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{report:?}");
}

#[test]
fn the_streamed_json_file_carries_scales_and_reviews_and_reads_back_the_same() {
    let (f, c) = with_gas();
    let store = f.store();
    let template = casework::domain::ChecklistTemplate::builtin();
    let mut bytes = Vec::new();
    casework::store::export_stream::write_json(&store, &template, None, &mut bytes, |_, _| {})
        .expect("streamed");
    let other = Fixture::empty();
    let mut second = other.store();
    second
        .import_file(|| Ok(std::io::Cursor::new(bytes.clone())), |_| {})
        .expect("import");
    let strip = |s: &Store| {
        s.gas_reviews_of(c)
            .expect("read")
            .into_iter()
            .map(|r| casework::domain::gas_record::GasReview { id: 0, ..r })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&second).len(), 2);
    assert_eq!(strip(&second), strip(&store));
    let goals = store.goals_of(c).expect("goals");
    for g in &goals {
        let without_id = |s: &Store| {
            s.gas_scales_of(g.id)
                .expect("read")
                .into_iter()
                .map(|x| casework::domain::gas_record::GasScale { id: 0, ..x })
                .collect::<Vec<_>>()
        };
        assert_eq!(without_id(&second), without_id(&store));
    }
    assert!(
        goals
            .iter()
            .any(|g| store.gas_scales_of(g.id).expect("read").len() == 2)
    );
}
