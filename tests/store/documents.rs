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
struct Parsed {
    text: String,
    tables: usize,
    headings: Vec<String>,
    html: usize,
}

fn parse(md: &str) -> Parsed {
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
