//! The demo tells the truth about the product: `--demo` and the screenshots
//! open the same caseload, and it shows the features a newcomer looks for.

use crate::fixture::{Fixture, today};
use casework::demo::{demo_options, generate_demo, showcase};
use casework::domain::{GoalStatus, Stage};

fn demo_store(f: &Fixture) -> casework::store::Store {
    let mut store = f.store();
    generate_demo(&mut store, &demo_options(today())).unwrap();
    showcase(&mut store).unwrap();
    store
}

#[test]
fn the_demo_has_a_client_in_crisis_with_a_safety_plan() {
    let f = Fixture::empty();
    let store = demo_store(&f);
    let rows = store.caseload().unwrap();
    let crisis: Vec<_> = rows.iter().filter(|c| c.crisis).collect();
    assert!(!crisis.is_empty(), "no one in crisis");
    for c in crisis {
        let plan = store.safety_plan(c.id).unwrap().expect("a safety plan");
        assert!(!plan.warning_signs.is_empty() && !plan.professionals.is_empty());
    }
    // Showcasing twice changes nothing more.
    let mut store = store;
    showcase(&mut store).unwrap();
    assert_eq!(
        store
            .caseload()
            .unwrap()
            .iter()
            .filter(|c| c.crisis)
            .count(),
        1
    );
}

#[test]
fn the_demo_has_a_client_in_every_stage_and_no_two_share_a_name() {
    let f = Fixture::empty();
    let store = demo_store(&f);
    let rows = store.caseload().unwrap();
    assert_eq!(rows.len(), demo_options(today()).clients);
    for stage in Stage::ALL {
        assert!(
            rows.iter().any(|c| c.stage == stage),
            "no client in {stage:?}"
        );
    }
    let mut names: Vec<_> = rows.iter().map(|c| c.name.clone()).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "two clients share a name");
}

#[test]
fn demo_goals_count_in_whole_numbers_are_achieved_only_at_target_and_never_twice() {
    let f = Fixture::empty();
    let store = demo_store(&f);
    let mut achieved = 0;
    let mut goals = 0;
    for c in store.caseload().unwrap() {
        let mine = store.goals_of(c.id).unwrap();
        let mut words: Vec<_> = mine.iter().map(|g| g.client_words.clone()).collect();
        words.sort();
        words.dedup();
        assert_eq!(words.len(), mine.len(), "{}: a goal twice", c.name);
        for g in mine {
            goals += 1;
            let unit = g.unit.clone().unwrap_or_default();
            if unit != "h/week" {
                for p in &g.progress {
                    assert_eq!(p.value.fract(), 0.0, "{}: {} {unit}", c.name, p.value);
                }
            }
            if g.status == GoalStatus::Achieved {
                achieved += 1;
                let (b, t) = (g.baseline.unwrap(), g.target.unwrap());
                let last = g
                    .progress
                    .iter()
                    .max_by_key(|p| p.date)
                    .map(|p| p.value)
                    .unwrap();
                let reached = if t >= b { last >= t } else { last <= t };
                assert!(reached, "{}: achieved at {last}, target {t}", c.name);
            }
        }
    }
    assert!(goals > 10, "{goals} goals");
    assert!(achieved > 0, "no achieved goal to show");
}

#[test]
fn demo_notes_read_like_their_kind_and_their_sentences_vary() {
    use casework::domain::NoteKind;
    let f = Fixture::empty();
    let store = demo_store(&f);
    // Words that only fit a meeting in person.
    const IN_PERSON: &[&str] = &[
        "Met at",
        "Eye contact",
        "Role-played",
        "arrived",
        "Home visit",
        "quiet room",
        "during the session",
        "came in",
        "Visited",
    ];
    let mut firsts = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    let mut all = 0;
    for c in store.caseload().unwrap() {
        for n in casework::store::notes::for_client(store.conn(), c.id).unwrap() {
            all += 1;
            kinds.insert(n.kind.key());
            // The first sentence, whatever the format's headings.
            let body = n.body.lines().find(|l| !l.ends_with(':')).unwrap_or("");
            let first = body
                .split_inclusive(". ")
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            firsts.insert(first.clone());
            let remote = [
                NoteKind::PHONE,
                NoteKind::COLLATERAL,
                NoteKind::CONSULTATION,
            ];
            if remote.contains(&n.kind) {
                for w in IN_PERSON {
                    assert!(
                        !n.body.contains(w),
                        "a {} note says {w:?}: {}",
                        n.kind.key(),
                        n.body
                    );
                }
            }
            if n.kind == NoteKind::HOME_VISIT {
                let l = first.to_lowercase();
                assert!(
                    ["home", "visit", "flat", "kitchen", "tenancy"]
                        .iter()
                        .any(|w| l.contains(w)),
                    "a home visit that does not say so: {first}"
                );
            }
            if n.kind == NoteKind::GROUP {
                assert!(first.to_lowercase().contains("group"), "{first}");
            }
        }
    }
    assert!(all >= 300, "{all} notes");
    assert!(kinds.len() >= 6, "{kinds:?}");
    assert!(
        firsts.len() >= 30,
        "only {} different first sentences",
        firsts.len()
    );
}

#[test]
fn the_demo_has_a_closed_case_with_one_check_in_held_and_one_due() {
    let f = Fixture::empty();
    let store = demo_store(&f);
    let found = store.caseload().unwrap().iter().any(|c| {
        let fu = casework::store::followups::for_client(store.conn(), c.id).unwrap();
        let held = fu.iter().any(|x| x.done_on.is_some());
        // Due: open, not cancelled, the next one the worker will hold.
        let due = fu
            .iter()
            .any(|x| x.done_on.is_none() && x.cancelled_on.is_none());
        c.stage >= Stage::Termination && held && due
    });
    assert!(found, "no case with a held and a due check-in");
}
