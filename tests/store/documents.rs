//! Documents to share (issue 16): the complete case summary, the
//! consultation pack, the client's progress sheet and the calendar.

use casework::store::export::ClientExport;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::json;

/// A client with every section of the record filled in, some of it with
/// text that looks like Markdown.
pub fn full_client() -> ClientExport {
    let inerr = json!({"at": "2026-10-02T10:00:00Z", "by": "jdoe", "reason": "typed twice"});
    serde_json::from_value(json!({
        "id": 7,
        "name": "Rosa Kowalczyk",
        "preferred_name": "Ro",
        "pronouns": "she/her",
        "date_of_birth": "1990-05-12",
        "contact": "12 Mill Street, Leeds; 07700 900123; rosa.k@example.org",
        "referral_source": "GP practice",
        "intake_date": "2026-08-03",
        "next_contact": "2026-12-08",
        "case_review": "2027-01-10",
        "risk_level": "medium",
        "crisis": true,
        "archived": false,
        "stage": "follow_up",
        "checklist": [
            {"stage": "follow_up", "key": "checkins", "label": "Check-ins scheduled",
             "done": true, "done_on": "2026-11-20", "note": "monthly <calls>"},
            {"stage": "follow_up", "key": "relapse", "label": "Relapse-prevention plan",
             "done": false, "done_on": null, "note": null, "entered_in_error": inerr}
        ],
        "earlier_checklists": [
            {"reopened_on": "2026-09-01", "items": [
                {"stage": "assessment", "key": "strengths", "label": "Strengths explored",
                 "done": true, "done_on": "2026-08-05", "note": null}
            ]}
        ],
        "stage_history": [
            {"stage": "assessment", "entered_on": "2026-08-03", "left_on": "2026-08-20",
             "reason": "assessment complete", "summary": null},
            {"stage": "termination", "entered_on": "2026-11-01", "left_on": "2026-11-15",
             "reason": null, "summary": "Kept the tenancy; sleeping better. Supports: *sister*."},
            {"stage": "follow_up", "entered_on": "2026-11-15", "left_on": null,
             "reason": "closing conversation held", "summary": null}
        ],
        "followups": [
            {"due": "2026-12-15", "done": false, "done_on": null, "note": "phone check-in",
             "cancelled_on": null, "cancel_reason": null},
            {"due": "2026-11-30", "done": false, "done_on": null, "note": null,
             "cancelled_on": "2026-11-29", "cancel_reason": "moved the date"}
        ],
        "closures": [
            {"closed_on": "2026-11-15", "event": "termination", "reason": "goals_met",
             "note": "ended well"}
        ],
        "goals": [
            {"id": 31, "client_words": "Keep my flat", "smart": "Pay rent on time for 12 weeks",
             "measure": "weeks paid on time", "unit": "weeks", "baseline": 0.0, "target": 12.0,
             "current": 9.0, "due": "2026-12-31", "status": "active",
             "progress": [
                {"date": "2026-09-01", "value": 3.0, "rated_by": "worker", "note": "a | pipe"},
                {"date": "2026-10-01", "value": 9.0, "rated_by": "client", "note": null}
             ],
             "steps": [
                {"description": "Ask the landlord about a payment plan", "who": "other",
                 "who_detail": "Ana Petrova", "due": "2026-09-10", "done_on": "2026-09-09"},
                {"description": "Set up a standing order", "who": "client",
                 "who_detail": null, "due": "2026-09-20", "done_on": null}
             ],
             "referrals": [
                {"agency": "Citizens Advice debt service", "contact": "Duty desk, 07700 900042",
                 "status": "accepted", "created_on": "2026-08-21"}
             ]},
            {"id": 32, "client_words": "Sleep through the night", "smart": null,
             "measure": null, "unit": null, "baseline": null, "target": null, "current": null,
             "due": null, "status": "achieved", "progress": [], "steps": [], "referrals": []}
        ],
        "notes": [
            {"id": 101, "kind": "session", "format": "dap", "session_date": "2026-09-01",
             "session_time": "14:30", "duration_min": 50,
             "techniques": ["motivational_interviewing", "cbt"], "goal_ids": [31],
             "body": "Data:\nRosa came on time. # not a heading\n\nAssessment:\nRo is <b>hopeful</b>.\n\nPlan:\n1. call the landlord",
             "created_at": "2026-09-01T15:00:00Z", "signed_at": "2026-09-01T15:10:00Z",
             "addenda": [{"id": 5, "body": "Correction: it was *Tuesday*.",
                          "created_at": "2026-09-02T09:00:00Z",
                          "signed_at": "2026-09-02T09:01:00Z"}]},
            {"id": 102, "kind": "crisis", "format": "free", "session_date": "2026-10-20",
             "session_time": null, "duration_min": null, "techniques": [], "goal_ids": [],
             "body": "Rang the crisis team with Rosa; her sister Maria Lopez stayed over.",
             "created_at": "2026-10-20T21:00:00Z", "signed_at": null, "addenda": []}
        ],
        "safety_plan": {
            "warning_signs": "not sleeping; skipping meals",
            "coping": "walk to the park; a shower",
            "supports": "my sister Maria Lopez 07700 900555; the library on Mill Street",
            "professionals": "Dr Okafor at the GP surgery; crisis team 0800 123 4567",
            "safe_environment": "medication kept by my sister",
            "updated_at": "2026-10-21T10:00:00Z"
        }
    }))
    .expect("a full client")
}

/// Every text event of a Markdown document, and what kind of blocks it has.
pub struct Parsed {
    pub text: String,
    pub tables: usize,
    pub headings: Vec<String>,
    pub html: usize,
}

pub fn parse(md: &str) -> Parsed {
    let mut p = Parsed {
        text: String::new(),
        tables: 0,
        headings: Vec::new(),
        html: 0,
    };
    let mut in_heading = false;
    let mut opts = pulldown_cmark::Options::empty();
    opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
    opts.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::Table(_)) => p.tables += 1,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                p.headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    if let Some(h) = p.headings.last_mut() {
                        h.push_str(&t);
                    }
                }
                p.text.push_str(&t);
            }
            Event::End(_) => p.text.push(' '),
            Event::SoftBreak | Event::HardBreak => p.text.push(' '),
            Event::Html(_) | Event::InlineHtml(_) => p.html += 1,
            _ => {}
        }
    }
    p
}

#[test]
fn the_case_summary_has_every_section_and_parses_as_commonmark() {
    let c = full_client();
    let md = casework::exchange::markdown::case_summary(&c);
    let p = parse(&md);
    for heading in [
        "Rosa Kowalczyk",
        "Identity and intake",
        "Safety plan",
        "Stages",
        "Termination and closure",
        "Follow-ups",
        "Checklist",
        "Goals",
        "“Keep my flat”",
        "Notes",
    ] {
        assert!(
            p.headings.iter().any(|h| h == heading),
            "no heading {heading}: {:?}",
            p.headings
        );
    }
    // Stages, two of progress, steps and referrals.
    assert_eq!(p.tables, 4, "{md}");
    assert_eq!(p.html, 0, "nothing read as HTML:\n{md}");
    // What the reader sees is the stored text, markup characters and all.
    for data in [
        "Ro",
        "1990-05-12",
        "12 Mill Street, Leeds; 07700 900123; rosa.k@example.org",
        "Kept the tenancy; sleeping better. Supports: *sister*.",
        "goals met — ended well",
        "cancelled 2026-11-29 — moved the date",
        "monthly <calls>",
        "Strengths explored",
        "entered in error 2026-10-02 by jdoe: typed twice",
        "Pay rent on time for 12 weeks",
        "weeks paid on time",
        "a | pipe",
        "other: Ana Petrova",
        "Citizens Advice debt service",
        "Duty desk, 07700 900042",
        "motivational_interviewing, cbt",
        "“Keep my flat”",
        "signed 2026-09-01T15:10:00Z",
        "NOT SIGNED",
        "Rosa came on time. # not a heading",
        "Ro is <b>hopeful</b>.",
        "1. call the landlord",
        "Correction: it was *Tuesday*.",
        "my sister Maria Lopez 07700 900555; the library on Mill Street",
        "Dr Okafor at the GP surgery",
        "medication kept by my sister",
        "14:30, 50 min",
    ] {
        assert!(p.text.contains(data), "missing {data:?} in\n{}", p.text);
    }
    // Blank lines around every table and list: none starts right under a
    // line of text.
    let lines: Vec<&str> = md.lines().collect();
    for w in lines.windows(2) {
        let starts_block = w[1].starts_with("| ") || w[1].starts_with("- ");
        let same_block = w[0].starts_with('|') || w[0].starts_with("- ");
        assert!(
            !starts_block || same_block || w[0].is_empty(),
            "no blank line before {:?}",
            w[1]
        );
    }
}

/// Does `text` hold `value` as whole words, ignoring case?
pub fn holds(text: &str, value: &str) -> bool {
    let (text, value) = (text.to_lowercase(), value.trim().to_lowercase());
    if value.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return false;
    }
    let edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    text.match_indices(&value).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        (edge(before) || !value.starts_with(char::is_alphanumeric))
            && (edge(after) || !value.ends_with(char::is_alphanumeric))
    })
}

/// Every value stored for `c` that identifies the client or a third party,
/// and the names planted in its free text.
pub fn identifying(c: &ClientExport, planted: &[String]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for n in std::iter::once(&c.name).chain(&c.preferred_name) {
        v.push(n.clone());
        v.extend(n.split_whitespace().map(str::to_string));
    }
    v.extend(c.date_of_birth.clone());
    v.extend(c.contact.clone());
    for g in &c.goals {
        v.extend(g.steps.iter().filter_map(|s| s.who_detail.clone()));
        v.extend(g.referrals.iter().filter_map(|r| r.contact.clone()));
    }
    v.extend(planted.iter().cloned());
    v
}

/// A made-up name unlike any English word (so no template word is hit).
fn made_up(rng: &mut proptest::test_runner::TestRng, capital: bool) -> String {
    use proptest::prelude::RngCore;
    let onsets = ["z", "k", "v", "dr", "qu", "th", "br", "x", "j", "sv"];
    let vowels = ["a", "o", "ei", "u", "ya", "e"];
    let ends = ["x", "rk", "v", "nd", "zz", "q", "lt"];
    let mut s = String::new();
    for _ in 0..2 {
        s.push_str(onsets[rng.next_u32() as usize % onsets.len()]);
        s.push_str(vowels[rng.next_u32() as usize % vowels.len()]);
    }
    s.push_str(ends[rng.next_u32() as usize % ends.len()]);
    if capital {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or(s)
    } else {
        s
    }
}

/// Names, contacts and third parties planted all through a client's
/// record, in upper, lower and mixed case; returns what was planted.
fn plant(c: &mut ClientExport, rng: &mut proptest::test_runner::TestRng) -> Vec<String> {
    use proptest::prelude::RngCore;
    let given = c.name.split_whitespace().next().unwrap_or("X").to_string();
    let family = c.name.split_whitespace().last().unwrap_or("Y").to_string();
    let preferred = made_up(rng, true);
    c.preferred_name = Some(preferred.clone());
    let street = format!("{} Road", made_up(rng, true));
    let email = format!(
        "{}.{}@example.org",
        given.to_lowercase(),
        made_up(rng, false)
    );
    let referrer = made_up(rng, true);
    c.referral_source = Some(format!("Dr {referrer} at the practice"));
    c.contact = Some(format!(
        "{} {street}, {}; {email}",
        rng.next_u32() % 200 + 1,
        made_up(rng, true)
    ));
    let (friend, friend_family) = (made_up(rng, true), made_up(rng, true));
    let phone = format!("07700 9{:05}", rng.next_u32() % 100_000);
    let doctor = made_up(rng, true);
    c.safety_plan = Some(
        serde_json::from_value(json!({
            "warning_signs": format!("{} stops eating", given.to_uppercase()),
            "coping": format!("call {friend} on {phone}"),
            "supports": format!("my friend {friend} {friend_family} {phone}; the café"),
            "professionals": format!("Dr {doctor} at the surgery; crisis line"),
            "safe_environment": format!("{friend} keeps the tablets"),
            "updated_at": "2026-11-01T10:00:00Z"
        }))
        .expect("plan"),
    );
    // A step owner and a referral contact are known only where the record
    // has a step and a referral to hold them.
    let mut owner = String::new();
    let mut referral_contact = String::new();
    if let Some(g) = c.goals.first_mut() {
        g.client_words = format!("{} wants {}'s help to move", family, friend.to_lowercase());
        g.smart = Some(format!("{given} and {preferred} move by March"));
        if let Some(s) = g.steps.first_mut() {
            owner = format!("{} {}", made_up(rng, true), made_up(rng, true));
            s.who = "other".into();
            s.who_detail = Some(owner.clone());
            s.description = format!("{} calls {owner}", given.to_lowercase());
        }
        if let Some(r) = g.referrals.first_mut() {
            referral_contact = format!("{} at the desk, {}", made_up(rng, true), phone);
            r.contact = Some(referral_contact.clone());
        }
    }
    let dob = c.date_of_birth.clone().unwrap_or_default();
    for (i, n) in c.notes.iter_mut().enumerate().take(6) {
        n.body = match i % 3 {
            0 => format!(
                "Data:\n{given} {family} came with {friend} {friend_family}.\n\nAssessment:\n{} is hopeful; {} ({email}) born {dob}.\n\nPlan:\ncall {doctor} on {phone}; {owner} to write.",
                given.to_uppercase(),
                preferred.to_lowercase()
            ),
            1 => format!(
                "Spoke to {owner} and {}. {family}'s sister {friend} visits {street}.",
                referral_contact
            ),
            _ => format!("Assessment: {preferred} said \"{given}\" is fine.\nPlan: Dr {doctor}."),
        };
        n.format = if i % 3 == 1 { "free" } else { "dap" }.into();
    }
    vec![
        referrer,
        preferred,
        street,
        email,
        friend,
        friend_family,
        phone,
        doctor,
        owner,
        referral_contact,
    ]
}

/// The promise of the consultation pack: over every client of a generated
/// caseload, as generated and with names planted all through its record,
/// nothing stored that identifies the client or a third party is in it.
#[test]
fn no_identifying_value_is_in_any_clients_consultation_pack() {
    use casework::domain::ChecklistTemplate;
    use casework::exchange::consult::consultation_pack;
    let f = crate::fixture::Fixture::demo(24, 200);
    let doc =
        casework::store::export::export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    let today = crate::fixture::today();
    for c in &doc.clients {
        let pack = consultation_pack(c, "What else could help?", today);
        for v in identifying(c, &[]) {
            assert!(
                !holds(&pack.text, &v),
                "{v:?} in the pack of {}:\n{}",
                c.id,
                pack.text
            );
        }
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for round in 0..8 {
        for c in &doc.clients {
            let mut c: ClientExport =
                serde_json::from_value(serde_json::to_value(c).expect("json")).expect("copy");
            let planted = plant(&mut c, runner.rng());
            let question = format!("How do I work with {}?", c.name);
            let pack = consultation_pack(&c, &question, today);
            for v in identifying(&c, &planted) {
                assert!(
                    !holds(&pack.text, &v),
                    "round {round}: {v:?} in the pack of {}:\n{}",
                    c.id,
                    pack.text
                );
            }
            assert!(pack.replaced.client_names > 0 && pack.replaced.third_parties > 0);
            assert!(pack.text.contains("the client"), "{}", pack.text);
        }
    }
}

/// The pack has what a consultant needs, labelled, and parses as Markdown.
#[test]
fn the_consultation_pack_keeps_the_work_and_labels_the_people() {
    use casework::exchange::consult::consultation_pack;
    let c = full_client();
    let today = "2026-12-02".parse().expect("date");
    let pack = consultation_pack(&c, "Is Rosa ready to close?", today);
    let p = parse(&pack.text);
    assert_eq!(p.html, 0, "{}", pack.text);
    for h in [
        "Question for consultation",
        "The case",
        "Presenting needs and strengths",
        "Goals, measures and plan",
        "Risk and crisis history",
        "Recent notes",
    ] {
        assert!(
            p.headings.iter().any(|x| x == h),
            "no {h}: {:?}",
            p.headings
        );
    }
    for kept in [
        "Is the client ready to close?",
        "Age: 35–44",
        "Stage: Follow-up & aftercare, for 2 week(s)",
        "Pay rent on time for 12 weeks",
        "Step (Contact",
        "Referral to Citizens Advice debt service, contact Contact",
        "the client is <b>hopeful</b>.",
        "1. call the landlord",
        "week 5 of the case",
        "her sister Contact",
    ] {
        assert!(p.text.contains(kept), "missing {kept:?} in\n{}", pack.text);
    }
    for gone in [
        "Rosa",
        "Kowalczyk",
        "Ro",
        "Ana Petrova",
        "Maria",
        "Lopez",
        "Okafor",
        "2026-09-01",
        "1990",
        "Mill",
    ] {
        assert!(!holds(&pack.text, gone), "{gone} in\n{}", pack.text);
    }
    // Data-section text of a DAP note is not part of the pack.
    assert!(!p.text.contains("came on time"));
    assert!(pack.replaced.client_names >= 3, "{:?}", pack.replaced);
    assert!(pack.replaced.phones >= 2, "{:?}", pack.replaced);
}

/// Words of the worker's trade a client should not meet on their sheet.
pub const JARGON: &[&str] = &[
    "SMART",
    "Assessment",
    "Goal setting",
    "Planning",
    "Implementation",
    "Evaluation",
    "Termination",
    "Follow-up & aftercare",
    "aftercare",
    "DAP",
    "SOAP",
    "BIRP",
    "GIRP",
    "baseline",
    "risk",
    "medium",
    "crisis",
    "stage",
    "client",
    "referral",
    "caseload",
];

#[test]
fn the_progress_sheet_is_in_plain_words() {
    use casework::exchange::sheet::{SheetOptions, sheet_html, sheet_markdown};
    let c = full_client();
    let today = "2026-12-02".parse().expect("date");
    let md = sheet_markdown(&c, today, &SheetOptions::default());
    let html = sheet_html(&c, today, &SheetOptions::default());
    for text in [&md, &html] {
        for word in JARGON {
            assert!(!holds(text, word), "{word:?} on the sheet:\n{text}");
        }
    }
    let p = parse(&md);
    assert_eq!(p.html, 0);
    for shown in [
        "Your progress, Ro",
        "“Keep my flat”",
        "Where you started: 0 weeks",
        "Where you are now: 9 weeks",
        "Where you are heading: 12 weeks, by Thursday 31 December 2026",
        "75% of the way",
        "What helped: Ask the landlord about a payment plan",
        "Set up a standing order",
        "You",
        "Tuesday 8 December 2026",
        "You reached this goal.",
    ] {
        assert!(p.text.contains(shown), "missing {shown:?}:\n{md}");
    }
    // The safety plan only when the worker includes it; the worker's
    // words only when asked for.
    assert!(!md.contains("Okafor"));
    let with = SheetOptions {
        safety_plan: true,
        worker_terms: true,
    };
    let md = sheet_markdown(&c, today, &with);
    assert!(md.contains("Dr Okafor at the GP surgery"), "{md}");
    assert!(md.contains("Pay rent on time for 12 weeks"), "{md}");
    assert!(
        parse(&md)
            .text
            .contains("Stage of the work: Follow-up & aftercare.")
    );
}

#[test]
fn the_html_sheet_is_self_contained_and_escaped() {
    use casework::exchange::sheet::{SheetOptions, sheet_html};
    let mut c = full_client();
    c.goals[0].client_words = "<script>alert(1)</script> & \"more\"".into();
    let today = "2026-12-02".parse().expect("date");
    let all = SheetOptions {
        safety_plan: true,
        worker_terms: true,
    };
    let html = sheet_html(&c, today, &all);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && html.contains("charset=\"utf-8\""));
    let lower = html.to_lowercase();
    for banned in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "http:", "https:", "url(",
        "@import",
    ] {
        assert!(!lower.contains(banned), "{banned} in\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
    // Every tag opened is a known, harmless one.
    for tag in html.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            [
                "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3",
                "p", "ul", "li", "div", "span", "table", "tr", "th", "td"
            ]
            .contains(&name.as_str()),
            "tag {name}"
        );
    }
}

fn run(args: &[&str]) -> std::process::Output {
    crate::fixture::casework_command()
        .args(args)
        .output()
        .expect("run")
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The calendar parses with a well-kept iCalendar parser, keeps to the
/// wire rules (CRLF, 75 octets, DTSTAMP), and each item keeps its UID from
/// one export to the next; with --initials no name is in it.
#[test]
fn the_calendar_is_valid_icalendar_with_stable_uids() {
    use icalendar::parser::{read_calendar, unfold};
    let f = crate::fixture::Fixture::demo(20, 40);
    let db = f.path.to_str().expect("utf8");
    let a = f.dir.path().join("a.ics");
    let b = f.dir.path().join("b.ics");
    for file in [&a, &b] {
        ok(&run(&[
            "export",
            "--db",
            db,
            "--format",
            "ics",
            "-o",
            file.to_str().expect("utf8"),
        ]));
    }
    let uids = |path: &std::path::Path| -> Vec<String> {
        let raw = std::fs::read_to_string(path).expect("read");
        assert!(raw.ends_with("END:VCALENDAR\r\n"));
        for line in raw.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        let text = unfold(&raw);
        let cal = read_calendar(&text).expect("valid iCalendar");
        let events: Vec<_> = cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .collect();
        assert!(events.len() > 10, "{} events", events.len());
        let mut out = Vec::new();
        for e in events {
            let get = |k: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name.as_str() == k)
                    .map(|p| p.val.as_str().to_string())
            };
            assert!(get("DTSTAMP").is_some_and(|s| s.ends_with('Z')));
            assert!(get("DTSTART").is_some() && get("SUMMARY").is_some());
            out.push(get("UID").expect("uid"));
        }
        out
    };
    let (first, second) = (uids(&a), uids(&b));
    assert_eq!(first, second, "the same items, the same UIDs");
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len(), "no UID twice");

    // The file is not replaced without --force, and is with it.
    let again = run(&[
        "export",
        "--db",
        db,
        "--format",
        "ics",
        "-o",
        a.to_str().expect("utf8"),
    ]);
    assert!(!again.status.success());
    ok(&run(&[
        "export",
        "--db",
        db,
        "--format",
        "ics",
        "--force",
        "--initials",
        "-o",
        a.to_str().expect("utf8"),
    ]));
    let private = std::fs::read_to_string(&a).expect("read");
    for c in f.store().caseload().expect("caseload") {
        for word in c.name.split_whitespace() {
            assert!(!holds(&private, word), "{word} in the --initials calendar");
        }
    }
    assert_eq!(uids(&a), first, "initials change the words, not the UIDs");
}

/// Every document written to a file is 0600 and an audit row naming the
/// format, the client and the place; the database still checks out.
#[test]
fn every_export_file_is_private_recorded_and_the_database_still_checks() {
    use std::os::unix::fs::PermissionsExt;
    let f = crate::fixture::Fixture::demo(6, 30);
    let db = f.path.to_str().expect("utf8");
    let id = f.store().caseload().expect("caseload")[0].id.to_string();
    let formats = ["json", "md", "csv", "consult", "sheet", "sheet-html", "ics"];
    for format in formats {
        let out = f.dir.path().join(format!("out.{format}"));
        let mut args = vec!["export", "--db", db, "--format", format, "-o"];
        args.push(out.to_str().expect("utf8"));
        if !["json", "csv", "ics"].contains(&format) {
            args.extend(["--client", id.as_str()]);
        }
        ok(&run(&args));
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{format}");
    }
    let rows = casework::store::audit::list(f.store().conn(), None).expect("audit");
    let exports: Vec<_> = rows.iter().filter(|r| r.action == "export").collect();
    assert_eq!(exports.len(), formats.len());
    for (r, format) in exports.iter().zip(formats) {
        assert_eq!(r.entity, "file");
        assert!(
            r.detail.starts_with(&format!("{format} by ")),
            "{}",
            r.detail
        );
        assert!(r.detail.ends_with(&format!("out.{format}")), "{}", r.detail);
        let for_one = !["json", "csv", "ics"].contains(&format);
        assert_eq!(r.client_id.is_some(), for_one, "{format}");
    }
    ok(&run(&["check", "--db", db]));
    // Standard output is not a file: no row for it.
    ok(&run(&[
        "export", "--db", db, "--format", "md", "--client", &id,
    ]));
    let after = casework::store::audit::list(f.store().conn(), None).expect("audit");
    assert_eq!(after.len(), rows.len());
}
