//! The demo tells the truth about the product: `--demo` and the screenshots
//! open the same caseload, and it shows the features a newcomer looks for.

use crate::fixture::{Fixture, today};
use casework::demo::{demo_options, generate_demo, showcase};
use casework::domain::{GoalStatus, Stage};

fn demo_store(f: &Fixture) -> casework::store::Store {
    let mut store = f.store();
    generate_demo(&mut store, &demo_options(today())).unwrap();
    showcase(&mut store, today()).unwrap();
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
    showcase(&mut store, today()).unwrap();
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

/// How a client's scores on one instrument moved, as the instrument's
/// reliable change judges it.
fn course(inst: &casework::domain::measure::Instrument, totals: &[u32]) -> Option<&'static str> {
    let change = casework::domain::measure::Change::over(Some(inst), totals)?;
    Some(match (change.reliable, change.delta) {
        (Some(true), d) if d < 0 => "better",
        (Some(true), _) => "worse",
        _ => "flat",
    })
}

#[test]
fn demo_measures_fall_within_each_case_and_score_as_their_instrument_says() {
    let f = Fixture::empty();
    let mut store = demo_store(&f);
    let cat = casework::domain::measures();
    let mut measured = 0;
    let mut courses: Vec<(&str, bool)> = Vec::new();
    for c in store.caseload().unwrap() {
        let intake = store
            .client_detail(c.id)
            .unwrap()
            .client
            .intake_date
            .unwrap();
        let all = store.measures_of(c.id).unwrap();
        measured += usize::from(!all.is_empty());
        if c.stage == Stage::Assessment {
            assert!(all.len() <= 1, "{}: a trend before assessment ends", c.name);
        }
        for m in &all {
            assert!(
                m.taken_on >= intake && m.taken_on <= today(),
                "{}: {} on {}, intake {intake}",
                c.name,
                m.instrument,
                m.taken_on
            );
            let inst = cat.get(&m.instrument).expect("a shipped instrument");
            // Every answer is one of its item's options, and the total,
            // band and flags are what the instrument makes of them.
            let given: Vec<u8> = m.items.iter().map(|a| a.expect("answered")).collect();
            let (items, scored) = inst.score(&given).expect("answers in range");
            assert_eq!(items, m.items);
            assert_eq!(
                (scored.total, &scored.band, &scored.flags),
                (m.total, &m.band, &m.flags),
                "{}",
                c.name
            );
            assert!(m.total <= inst.max_total());
            assert!(m.error.is_none());
            // A flag (PHQ-9 item 9) only for the client in crisis.
            assert!(m.flags.is_empty() || c.crisis, "{}: flagged", c.name);
        }
        for inst in cat.all() {
            let mut mine: Vec<_> = all.iter().filter(|m| m.instrument == inst.key).collect();
            mine.sort_by_key(|m| m.taken_on);
            let totals: Vec<u32> = mine.iter().map(|m| m.total).collect();
            if let Some(way) = course(inst, &totals) {
                courses.push((way, c.crisis));
            }
            // The client in crisis: the latest PHQ-9 says so.
            if c.crisis && inst.key == "phq9" {
                let latest = mine.last().expect("a PHQ-9 for the client in crisis");
                assert!(!latest.flags.is_empty(), "{}: latest not flagged", c.name);
            }
        }
    }
    assert!(measured >= 8, "{measured} clients measured");
    let count = |way: &str| courses.iter().filter(|(w, _)| *w == way).count();
    assert!(count("better") >= 3, "{courses:?}");
    assert!(count("flat") >= 1, "{courses:?}");
    // One worsening course, the client in crisis.
    assert_eq!(
        courses
            .iter()
            .filter(|(w, _)| *w == "worse")
            .collect::<Vec<_>>(),
        [&("worse", true)]
    );
    // Showcasing again adds nothing.
    let rows = |s: &casework::store::Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT (SELECT count(*) FROM measures) + (SELECT count(*) FROM gas_reviews)",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = rows(&store);
    showcase(&mut store, today()).unwrap();
    assert_eq!(rows(&store), before);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn one_demo_client_has_gas_scales_and_two_reviews_within_the_case() {
    use casework::domain::gas_record::GasReview;
    let f = Fixture::empty();
    let store = demo_store(&f);
    let reviewed: Vec<_> = store
        .caseload()
        .unwrap()
        .into_iter()
        .filter(|c| !store.gas_reviews_of(c.id).unwrap().is_empty())
        .collect();
    assert_eq!(reviewed.len(), 1, "one client with GAS");
    let c = &reviewed[0];
    assert!(!c.crisis);
    let intake = store
        .client_detail(c.id)
        .unwrap()
        .client
        .intake_date
        .unwrap();
    let reviews = store.gas_reviews_of(c.id).unwrap();
    assert_eq!(reviews.len(), 2);
    let goals = store.goals_of(c.id).unwrap();
    let scaled: Vec<_> = goals
        .iter()
        .filter_map(|g| store.gas_scale_of(g.id).unwrap())
        .collect();
    assert!(scaled.len() >= 2, "{} scales", scaled.len());
    for s in &scaled {
        assert!(s.levels.iter().all(|l| !l.trim().is_empty()));
        assert!(s.created_at.as_str() >= intake.to_string().as_str());
    }
    for r in &reviews {
        assert!(r.reviewed_on >= intake && r.reviewed_on <= today());
        assert_eq!(r.levels.len(), scaled.len());
        for l in &r.levels {
            let s = scaled
                .iter()
                .find(|s| s.goal_id == l.goal_id)
                .expect("scaled");
            // Scored against a scale set before the review.
            assert!(s.created_at <= r.created_at, "{s:?} after {r:?}");
            assert_eq!(l.weight, s.weight);
            // The level is where the goal's recorded progress stood then.
            let g = goals.iter().find(|g| g.id == l.goal_id).expect("goal");
            assert_eq!(
                l.level,
                casework::demo_measures::level_at(g, r.reviewed_on),
                "{} on {}",
                g.client_words,
                r.reviewed_on
            );
        }
        assert_eq!(r.t_score, GasReview::compute(&r.levels).unwrap());
    }
    // Behind at first, better by the second review.
    assert!(reviews[0].reviewed_on < reviews[1].reviewed_on);
    let (t0, t1) = (reviews[0].t_score.unwrap(), reviews[1].t_score.unwrap());
    assert!(t0 < 50.0 && t1 > t0, "{t0} then {t1}");
}
