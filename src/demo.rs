//! A deterministic, fictional caseload for the demo, tests and benchmarks.
//! Same seed and same `today` give the same database, byte for byte in content.

use crate::domain::note::Addendum;
use crate::domain::{
    ChecklistTemplate, Date, Goal, GoalStatus, Note, NoteFormat, NoteKind, Progress, RatedBy,
    Referral, ReferralStatus, RiskLevel, Stage, Stamp,
};
use crate::store::audit::{self, AuditEntry};
use crate::store::chain;
use crate::store::clients::{self, ClientFields};
use crate::store::codec::timestamp_on;
use crate::store::goals::{self, PlanStep};
use crate::store::stages::{self, StageVisit};
use crate::store::{Result, Store, notes};
use chrono::Duration;
use rusqlite::Connection;

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub clients: usize,
    pub notes: usize,
    pub seed: u64,
    /// Dates are laid out around this day, so "overdue" means something.
    pub today: Date,
    /// Report progress on stderr (for large runs from the command line).
    pub progress: bool,
}

/// The caseload `--demo` opens and the screenshots show: one definition, so
/// the pictures in the README are what a newcomer will see. About one
/// worker's caseload, near (not over) the default capacity.
pub fn demo_options(today: Date) -> GenerateOptions {
    GenerateOptions {
        clients: 24,
        notes: 360,
        // Chosen because its caseload has a client in each of the seven
        // stages and no two clients with one name (tests/store/demo_honest).
        seed: 1,
        today,
        progress: false,
    }
}

/// What the demo adds to the generated caseload so its features can be
/// seen without setting anything up: if no one is in crisis, the first
/// client in Implementation (else the first client) is, with a safety plan;
/// then standard measures and GAS (see `demo_measures`), once.
/// Written through the store like any change, audit and all.
pub fn showcase(store: &mut Store, today: Date) -> Result<()> {
    crisis_showcase(store)?;
    crate::demo_measures::add(store, today)
}

fn crisis_showcase(store: &mut Store) -> Result<()> {
    let rows = store.caseload()?;
    if rows.iter().any(|c| c.crisis) {
        return Ok(());
    }
    let Some(who) = rows
        .iter()
        .find(|c| c.stage == Stage::Implementation)
        .or(rows.first())
        .map(|c| c.id)
    else {
        return Ok(());
    };
    store.set_crisis(who, true)?;
    store.save_safety_plan(
        who,
        &safety_plan(who),
        &crate::domain::safety::SafetyPlan::default(),
    )
}

const FIRST: &[&str] = &[
    "Amara", "Bilal", "Carmen", "Dmitri", "Esi", "Farah", "Gustavo", "Hana", "Ivo", "Jolene",
    "Kwame", "Leila", "Mateo", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Samir", "Tamsin", "Uma",
    "Viktor", "Wren", "Ximena", "Yusuf", "Zofia", "Aurelio", "Bea", "Cormac", "Delphine",
];
const LAST: &[&str] = &[
    "Abernathy",
    "Baptiste",
    "Castellano",
    "Dunmore",
    "Eriksen",
    "Fairweather",
    "Galloway",
    "Halvorsen",
    "Iwu",
    "Jaramillo",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nakashima",
    "Okafor",
    "Pellegrini",
    "Quartey",
    "Rautio",
    "Szabo",
    "Thackeray",
    "Underhill",
    "Varga",
    "Whitlock",
    "Yilmaz",
    "Zamora",
];
const PRONOUNS: &[&str] = &["she/her", "he/him", "they/them"];
const REFERRERS: &[&str] = &[
    "GP practice",
    "Self-referral",
    "Housing office",
    "School counsellor",
    "Hospital discharge",
    "Probation service",
    "Family member",
];
/// A goal a client might bring, with how a worker might measure it and
/// where they might be referred for it.
#[derive(Clone, Copy)]
struct Wish {
    words: &'static str,
    smart: &'static str,
    measure: &'static str,
    unit: &'static str,
    baseline: f64,
    target: f64,
    agency: &'static str,
}

const WISHES: &[Wish] = &[
    Wish {
        words: "I want a place of my own where my kids can stay over",
        smart: "Secure a tenancy by the due date",
        measure: "housing applications submitted",
        unit: "applications",
        baseline: 0.0,
        target: 5.0,
        agency: "Housing Options team",
    },
    Wish {
        words: "I don't want to miss appointments any more",
        smart: "Attend scheduled appointments",
        measure: "missed appointments per month",
        unit: "per month",
        baseline: 6.0,
        target: 1.0,
        agency: "Community mental health team",
    },
    Wish {
        words: "I'd like to feel less on edge every day",
        smart: "Reduce self-rated anxiety",
        measure: "anxiety (0-10)",
        unit: "/10",
        baseline: 8.0,
        target: 3.0,
        agency: "Talking Therapies",
    },
    Wish {
        words: "Get back to work, even part time",
        smart: "Obtain paid work of at least 10 hours a week",
        measure: "hours worked per week",
        unit: "h/week",
        baseline: 0.0,
        target: 10.0,
        agency: "Jobcentre work coach",
    },
    Wish {
        words: "Sleep through the night",
        smart: "Sleep six hours or more most nights",
        measure: "nights with 6h+ sleep per week",
        unit: "nights/week",
        baseline: 1.0,
        target: 5.0,
        agency: "Sleep clinic",
    },
    Wish {
        words: "Stop drinking on weekdays",
        smart: "Alcohol-free weekdays",
        measure: "drinking days per week",
        unit: "days/week",
        baseline: 5.0,
        target: 0.0,
        agency: "Community recovery service",
    },
    Wish {
        words: "See my friends again",
        smart: "Meet a friend or attend a group weekly",
        measure: "social contacts per week",
        unit: "per week",
        baseline: 0.0,
        target: 3.0,
        agency: "Befriending scheme",
    },
    Wish {
        words: "Sort out my debts so the letters stop",
        smart: "Agree a repayment plan with each creditor",
        measure: "creditors with a plan",
        unit: "creditors",
        baseline: 0.0,
        target: 4.0,
        agency: "Citizens Advice debt service",
    },
];
const OPENERS: &[&str] = &[
    "Client arrived on time and was talkative.",
    "Client seemed tired and spoke quietly at first.",
    "Met at the family home; two children present for part of the visit.",
    "Phone call initiated by client after a difficult weekend.",
    "Client reported a calmer week than the last.",
    "Client brought the letters we discussed last time.",
    "Session held in the community centre's quiet room.",
];
const OBSERVATIONS: &[&str] = &[
    "Mood described as 'up and down'; affect brightened when talking about the garden.",
    "Eye contact improved over the session.",
    "Client named two things that went well this week.",
    "Spoke about tension with a neighbour and how it affects sleep.",
    "Reported keeping the daily diary on four of seven days.",
    "Expressed worry about the upcoming benefits review.",
    "Said the breathing exercise helped on the bus.",
];
const INTERVENTIONS: &[&str] = &[
    "Used reflective listening to slow the pace and check understanding.",
    "Explored ambivalence about change with open questions.",
    "Worked through one problem step by step: define, options, choose, try.",
    "Reviewed the safety plan together and updated the contacts.",
    "Advocated with the housing office by phone during the session.",
    "Role-played asking the landlord for a repair.",
    "Linked client with the food bank and confirmed opening hours.",
];
const PLANS: &[&str] = &[
    "Next contact in one week; client to bring the tenancy form.",
    "Worker to call the GP surgery about the referral before Friday.",
    "Client will try the diary again and rate anxiety each evening.",
    "Review goals at the next session.",
    "Check in by phone on Monday.",
];
const TECHNIQUES: &[&str] = &[
    "active_listening",
    "case_management",
    "crisis_intervention",
    "advocacy",
    "motivational_interviewing",
    "problem_solving",
    "cbt",
    "group_work",
    "community_outreach",
    "education",
];

struct Gen {
    rng: fastrand::Rng,
    /// The `--demo` caseload: counts in whole numbers, "achieved" only at
    /// the target, no goal twice for one client. Tests and benchmarks keep
    /// the plain generator, whose data their screens were written against.
    /// Neither way draws a different number of random values.
    demo: bool,
}

impl Gen {
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.rng.usize(..v.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }
    fn days(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::days(self.rng.i64(lo..=hi))
    }
}

/// Write a generated caseload into `store` in one transaction.
pub fn generate(store: &mut Store, opts: &GenerateOptions) -> Result<()> {
    generate_as(store, opts, false)
}

/// `generate` for the demo and the screenshots (see `Gen::demo`).
pub fn generate_demo(store: &mut Store, opts: &GenerateOptions) -> Result<()> {
    generate_as(store, opts, true)
}

fn generate_as(store: &mut Store, opts: &GenerateOptions, demo: bool) -> Result<()> {
    let template = ChecklistTemplate::builtin();
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(opts.seed),
        demo,
    };
    store.write(|tx| {
        let mut notes_left = opts.notes;
        let mut shown = opts
            .progress
            .then(|| crate::progress::Progress::new("generate", opts.clients as u64));
        for i in 0..opts.clients {
            // Spread the notes evenly with some variation, the rest to the last.
            let share = if i + 1 == opts.clients {
                notes_left
            } else {
                let avg = notes_left / (opts.clients - i);
                (avg / 2 + g.rng.usize(..=avg)).min(notes_left)
            };
            notes_left -= share;
            client(tx, &mut g, &template, opts.today, share)?;
            if let Some(p) = &mut shown {
                p.set(i as u64 + 1);
            }
        }
        let detail = format!(
            "{} clients, {} notes, seed {}",
            opts.clients, opts.notes, opts.seed
        );
        audit::record(
            tx,
            &timestamp_on(opts.today),
            &AuditEntry {
                action: "generate",
                entity: "database",
                entity_id: None,
                client_id: None,
                detail: &detail,
                seal: None,
            },
        )
    })
}

fn client(
    tx: &Connection,
    g: &mut Gen,
    template: &ChecklistTemplate,
    today: Date,
    note_count: usize,
) -> Result<()> {
    let stage = Stage::ALL[g.rng.usize(..Stage::ALL.len())];
    let intake = today
        - g.days(
            30 + 20 * stage.index() as i64,
            60 + 45 * stage.index() as i64,
        );
    let crisis = g.chance(0.05);
    let fields = ClientFields {
        name: format!("{} {}", g.pick(FIRST), g.pick(LAST)),
        preferred_name: None,
        pronouns: Some(g.pick(PRONOUNS).to_string()),
        date_of_birth: Some(today - g.days(18 * 365, 80 * 365)),
        contact: Some(format!("07700 9{:05}", g.rng.u32(..100_000))),
        referral_source: Some(g.pick(REFERRERS).to_string()),
        intake_date: Some(intake),
        next_contact: Some(if g.chance(0.15) {
            today - g.days(1, 14)
        } else {
            today + g.days(0, 21)
        }),
        case_review: g.chance(0.6).then(|| today + g.days(2, 90)),
        risk_level: if crisis {
            RiskLevel::High
        } else {
            g.pick(&[RiskLevel::Low, RiskLevel::Low, RiskLevel::Medium])
        },
    };
    let at = timestamp_on(intake);
    let id = clients::insert(tx, &fields, stage, crisis, &at)?;
    if crisis {
        // Chosen by id, not by the generator, so other data stays the same.
        let written = Stamp::midday_on(today - Duration::days(1 + id % 6));
        crate::store::safety::put(tx, id, &safety_plan(id), &written)?;
    }

    // Stage history: evenly spaced from intake to today.
    let span = (today - intake).num_days().max(1);
    let step = span / (stage.index() as i64 + 1);
    for s in Stage::ALL.into_iter().take(stage.index() + 1) {
        let entered = intake + Duration::days(step * s.index() as i64);
        let left = (s != stage).then(|| entered + Duration::days(step));
        stages::insert_visit(
            tx,
            id,
            &StageVisit {
                stage: s,
                entered_on: entered,
                left_on: left,
                reason: None,
                summary: None,
            },
        )?;
        for item in template.items(s) {
            let done = if s == stage {
                g.chance(0.45)
            } else {
                g.chance(0.92)
            };
            if done {
                let on = entered + g.days(0, step.max(1) - 1);
                stages::set_mark(tx, id, s, &item.key, Some(on.min(today)))?;
            }
        }
    }

    crate::demo_stages::decorate(tx, id, today)?;

    if stage >= Stage::GoalSetting {
        let mut wished: Vec<&str> = Vec::new();
        for _ in 0..g.rng.usize(1..=3) {
            goal(tx, g, id, intake, today, stage, &mut wished)?;
        }
    }

    for k in 0..note_count {
        let date = today - Duration::days((span * (k as i64 + 1)) / (note_count as i64 + 1));
        note(tx, g, id, date, today, crisis && k == 0)?;
    }
    Ok(())
}

const SIGNS: &[&str] = &[
    "not sleeping for two nights or more; skipping meals; staying in bed past noon",
    "pulling away from friends; drinking alone in the evening; thoughts going round and round",
    "arguments at home getting louder; not answering the phone; giving things away",
];
const COPING: &[&str] = &[
    "walk to the park with headphones on; cold water on the face; write the thoughts down",
    "ten slow breaths, counting out; a shower; the playlist my sister made",
    "cook something simple; sit in the garden; the grounding card in my wallet",
];
const SUPPORTS: &[&str] = &[
    "my sister (evenings); the library on Mill Street; Thursday drop-in at the community centre",
    "a neighbour downstairs; my cousin by phone; the café on the corner where staff know me",
    "my best friend; the allotment group on Saturdays; my aunt's house",
];

/// A fictional safety plan for a demo client in crisis.
fn safety_plan(id: i64) -> crate::domain::safety::SafetyPlan {
    let i = id.unsigned_abs() as usize;
    crate::domain::safety::SafetyPlan {
        warning_signs: SIGNS[i % SIGNS.len()].into(),
        coping: COPING[i % COPING.len()].into(),
        supports: SUPPORTS[(i + 1) % SUPPORTS.len()].into(),
        professionals: "allocated worker (office hours); out-of-hours crisis team; GP surgery; \
            emergency services if in immediate danger"
            .into(),
        safe_environment: "medication kept by a family member; agreed to remove the spare \
            blades; keys to the car with a friend at weekends"
            .into(),
        updated_at: None,
    }
}

fn goal(
    tx: &Connection,
    g: &mut Gen,
    client_id: i64,
    intake: Date,
    today: Date,
    stage: Stage,
    wished: &mut Vec<&'static str>,
) -> Result<()> {
    let mut at = g.rng.usize(..WISHES.len());
    if g.demo {
        // The next wish this client has not got yet (3 goals at most, 8 wishes).
        while wished.contains(&WISHES[at].words) {
            at = (at + 1) % WISHES.len();
        }
    }
    let wish = WISHES[at];
    wished.push(wish.words);
    // Counted things are whole numbers; hours may be halves.
    let whole = g.demo && wish.unit != "h/week";
    let (baseline, target) = (wish.baseline, wish.target);
    let status = if stage >= Stage::Termination && g.chance(0.6) {
        GoalStatus::Achieved
    } else {
        GoalStatus::Active
    };
    let goal = Goal {
        id: 0,
        client_id,
        client_words: wish.words.into(),
        smart: Some(wish.smart.into()),
        measure: Some(wish.measure.into()),
        unit: Some(wish.unit.into()),
        baseline: Some(baseline),
        target: Some(target),
        due: Some(today + g.days(-10, 150)),
        status,
        range_min: None,
        range_max: None,
        error: None,
        progress: Vec::new(),
    };
    let goal_id = goals::insert(tx, &goal, &timestamp_on(intake))?;
    let records = g.rng.usize(3..=8);
    let mut value = baseline;
    let mut last = (intake, baseline);
    let span = (today - intake).num_days().max(records as i64);
    for r in 0..records {
        // Drift toward the target with some setbacks along the way.
        value += (target - baseline) / records as f64 * g.rng.f64() * 1.6;
        if g.chance(0.2) {
            value -= (target - baseline) * 0.1;
        }
        let rounded = if whole {
            value.round()
        } else {
            (value * 2.0).round() / 2.0
        };
        let date = intake + Duration::days(span * (r as i64 + 1) / (records as i64 + 1));
        let p = Progress {
            id: 0,
            date,
            value: rounded,
            rated_by: if g.chance(0.4) {
                RatedBy::Client
            } else {
                RatedBy::Worker
            },
            note: g
                .chance(0.3)
                .then(|| "Talked it through together.".to_string()),
            error: None,
            created_at: String::new(),
        };
        goals::insert_progress(tx, goal_id, &p, &timestamp_on(date))?;
        last = (date, rounded);
    }
    // Achieved means the target was reached: the demo says so with a last
    // record at the target, a week after the last (not after today).
    let reached = |v: f64| {
        if target >= baseline {
            v >= target
        } else {
            v <= target
        }
    };
    if g.demo && status == GoalStatus::Achieved && !reached(last.1) {
        let date = (last.0 + Duration::days(7)).min(today).max(last.0);
        let p = Progress {
            id: 0,
            date,
            value: target,
            rated_by: RatedBy::Worker,
            note: Some("Target reached; goal closed as achieved.".into()),
            error: None,
            created_at: String::new(),
        };
        goals::insert_progress(tx, goal_id, &p, &timestamp_on(date))?;
    }
    if stage >= Stage::Planning {
        for (who, what) in [
            ("client", "Call the office and ask for the form"),
            ("worker", "Send the referral letter"),
            ("other", "Housing officer to confirm the viewing"),
        ] {
            if g.chance(0.7) {
                let due = today + g.days(-10, 30);
                let step = PlanStep {
                    id: 0,
                    goal_id,
                    description: what.into(),
                    who: who.into(),
                    who_detail: (who == "other").then(|| "Housing office".to_string()),
                    due: Some(due),
                    done_on: (due < today && g.chance(0.9)).then_some(due),
                    error: None,
                };
                goals::insert_step(tx, &step, &timestamp_on(intake))?;
            }
        }
        // Referrals follow from the goal's id rather than the random stream,
        // so adding them left every other generated record as it was.
        if goal_id % 3 != 0 {
            let status = ReferralStatus::from_key(ReferralStatus::KEYS[goal_id as usize % 5])
                .unwrap_or_default();
            let referral = Referral {
                id: 0,
                client_id,
                goal_id: Some(goal_id),
                agency: wish.agency.into(),
                contact: Some(format!("Duty desk, 07700 900{:03}", goal_id % 1000)),
                status,
                created_on: intake + Duration::days(7 + goal_id % 20),
                error: None,
            };
            goals::insert_referral(tx, &referral)?;
        }
    }
    Ok(())
}

fn note(
    tx: &Connection,
    g: &mut Gen,
    client_id: i64,
    date: Date,
    today: Date,
    crisis: bool,
) -> Result<()> {
    let kind = if crisis {
        NoteKind::CRISIS
    } else {
        g.pick(&[
            NoteKind::SESSION,
            NoteKind::SESSION,
            NoteKind::SESSION,
            NoteKind::PHONE,
            NoteKind::HOME_VISIT,
            NoteKind::COLLATERAL,
            NoteKind::GROUP,
            NoteKind::CONSULTATION,
        ])
    };
    let format = g.pick(&NoteFormat::ALL);
    let body = note_body(g, format, kind);
    let techniques: Vec<String> = (0..g.rng.usize(0..=2))
        .map(|_| g.pick(TECHNIQUES).to_string())
        .collect();
    // Older notes are signed; the last few days' may still be open.
    let signed = (today - date).num_days() > 3 || g.chance(0.5);
    let created = Stamp::midday_on(date);
    let n = Note {
        id: 0,
        client_id,
        kind,
        format,
        body,
        techniques,
        session_date: date,
        session_time: None,
        goal_ids: Vec::new(),
        duration_min: Some(g.pick(&[15, 30, 45, 50, 60, 90])),
        created_at: created.clone(),
        signed_at: signed.then(|| created.clone()),
        addenda: Vec::new(),
        error: None,
    };
    let note_id = notes::insert(tx, &n)?;
    if signed {
        chain::seal_note(tx, &created.to_string(), "sign", note_id, client_id)?;
    }
    if signed && g.chance(0.03) {
        let written = Stamp::midday_on(date + Duration::days(1));
        let a = Addendum {
            id: 0,
            body: "Correction: the appointment was on the Tuesday, not the Monday.".into(),
            created_at: written.clone(),
            signed_at: Some(written.clone()),
        };
        let id = notes::insert_addendum(tx, note_id, &a)?;
        chain::seal_addendum(tx, &written.to_string(), "create", id, client_id)?;
    }
    Ok(())
}

fn note_body(g: &mut Gen, format: NoteFormat, kind: NoteKind) -> String {
    // The demo's words fit the kind of contact; same pool lengths, so the
    // same random draws (see demo_words).
    let contact = crate::demo_words::contact(kind);
    let (openers, observations, interventions): (&[&str], &[&str], &[&str]) = if g.demo {
        (
            crate::demo_words::openers(kind),
            crate::demo_words::observations(contact),
            crate::demo_words::interventions(contact),
        )
    } else {
        (OPENERS, OBSERVATIONS, INTERVENTIONS)
    };
    let mut parts: Vec<String> = Vec::new();
    let sections = format.sections();
    if sections.is_empty() {
        let n = g.rng.usize(1..=4);
        let mut text = g.pick(openers).to_string();
        for _ in 0..n {
            text.push(' ');
            text.push_str(g.pick(observations));
        }
        text.push(' ');
        text.push_str(g.pick(PLANS));
        return text;
    }
    for (i, heading) in sections.iter().enumerate() {
        let pool = match i {
            0 => openers,
            _ if i + 1 == sections.len() => PLANS,
            1 if sections.len() == 4 && *heading == "Objective" => observations,
            _ if *heading == "Intervention" => interventions,
            _ => observations,
        };
        let mut text = g.pick(pool).to_string();
        if g.chance(0.4) {
            text.push(' ');
            text.push_str(g.pick(pool));
        }
        parts.push(format!("{heading}:\n{text}"));
    }
    parts.join("\n\n")
}
