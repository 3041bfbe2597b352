//! Standard measures and Goal Attainment Scaling in the documents made
//! from the record: the case summary, the caseload CSV, the consultation
//! pack and the progress sheet.

use crate::documents::{full_client, holds, parse};
use crate::fixture::today;
use casework::domain::ChecklistTemplate;
use casework::exchange::markdown::case_summary;
use casework::store::export::{ClientExport, export};
use serde_json::json;

/// The full client of the documents tests with measures (PHQ-9 improving
/// with item 9 flagged, one entered in error; GAD-7 worse), GAS scales
/// (the first goal's set twice) and three reviews (the newest entered in
/// error), with markup and names in the stored text.
pub fn measured_client() -> ClientExport {
    let mut c = full_client();
    let scale = |words: [&str; 5], weight: f64, at: &str| {
        json!({"much_less": words[0], "less": words[1], "expected": words[2],
               "more": words[3], "much_more": words[4], "weight": weight,
               "set_by": "jdoe", "created_at": at})
    };
    c.goals[0].gas_scales = serde_json::from_value(json!([
        scale(
            [
                "old: lose it",
                "old: behind",
                "old: steady",
                "old: ahead",
                "old: clear"
            ],
            1.0,
            "2026-08-05T10:00:00Z"
        ),
        scale(
            [
                "Rosa loses the flat",
                "arrears grow | again",
                "rent paid <b>8</b> weeks of 12",
                "*10* weeks",
                "all 12 weeks, by 2026-12-31"
            ],
            2.0,
            "2026-08-10T10:00:00Z"
        ),
    ]))
    .expect("scales");
    c.goals[1].gas_scales = serde_json::from_value(json!([scale(
        [
            "# no nights",
            "1 night, Maria Lopez stays over",
            "3 nights",
            "5 nights",
            "every night"
        ],
        1.0,
        "2026-08-10T10:05:00Z"
    )]))
    .expect("scale");
    let level = |goal: i64, level: i8, weight: f64| json!({"goal_id": goal, "level": level, "weight": weight});
    c.gas_reviews = serde_json::from_value(json!([
        {"date": "2026-09-15", "t_score": 35.7, "levels": [level(31, -1, 2.0), level(32, -2, 1.0)],
         "recorded_by": "jdoe", "created_at": "2026-09-15T12:00:00Z"},
        {"date": "2026-11-01", "t_score": 58.5, "levels": [level(31, 1, 2.0), level(32, 0, 1.0)],
         "recorded_by": "asmith", "created_at": "2026-11-01T12:00:00Z"},
        {"date": "2026-11-02", "t_score": 72.1, "levels": [level(31, 2, 2.0), level(32, 1, 1.0)],
         "recorded_by": "jdoe", "created_at": "2026-11-02T12:00:00Z",
         "entered_in_error": {"at": "2026-11-03T09:00:00Z", "by": "jdoe", "reason": "typed <twice> for Rosa"}}
    ]))
    .expect("reviews");
    let flag = "item 9: thoughts of death or self-harm";
    let m = |inst: &str, date: &str, items: Vec<u8>, total: u32, band: &str, flags: Vec<&str>| {
        json!({"instrument": inst, "date": date, "items": items, "total": total, "band": band,
               "flags": flags, "recorded_by": "jdoe", "created_at": format!("{date}T15:00:00Z")})
    };
    let mut wrong = m(
        "phq9",
        "2026-10-01",
        vec![3, 3, 3, 3, 3, 3, 3, 3, 3],
        27,
        "severe",
        vec![flag],
    );
    wrong["entered_in_error"] =
        json!({"at": "2026-10-02T09:00:00Z", "by": "jdoe", "reason": "wrong client"});
    c.measures = serde_json::from_value(json!([
        m(
            "phq9",
            "2026-08-03",
            vec![3, 2, 2, 2, 2, 2, 2, 2, 1, 2],
            18,
            "moderately severe",
            vec![flag]
        ),
        m(
            "gad7",
            "2026-08-03",
            vec![2, 2, 2, 2, 1, 1, 1],
            11,
            "moderate",
            vec![]
        ),
        wrong,
        m(
            "phq9",
            "2026-11-01",
            vec![1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            9,
            "mild",
            vec![flag]
        ),
        m(
            "gad7",
            "2026-11-01",
            vec![2, 2, 2, 2, 2, 2, 2],
            14,
            "moderate",
            vec![]
        ),
    ]))
    .expect("measures");
    c
}

/// The part of `md` from the heading `from` to the next heading of the
/// same level (or the end).
fn section<'a>(md: &'a str, from: &str) -> &'a str {
    let at = md
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{md}"));
    let level = from.chars().take_while(|c| *c == '#').count();
    let marker = format!("\n{} ", "#".repeat(level));
    let rest = &md[at + from.len()..];
    let end = rest.find(&marker).map_or(md.len(), |n| at + from.len() + n);
    &md[at..end]
}

#[test]
fn the_case_summary_shows_each_goals_scale_and_its_earlier_wording() {
    let c = measured_client();
    let md = case_summary(&c);
    let goal = section(&md, "### “Keep my flat”");
    assert!(
        goal.contains("GAS scale (weight 2, set 2026-08-10 by jdoe):"),
        "{goal}"
    );
    let p = parse(goal);
    for shown in [
        "-2 much less than expected",
        "Rosa loses the flat",
        "arrears grow | again",
        "rent paid <b>8</b> weeks of 12",
        "*10* weeks",
        "+2 much more than expected",
        "all 12 weeks, by 2026-12-31",
        "Earlier GAS wording (the scale was set again):",
        "set 2026-08-05 by jdoe, weight 1: -2 “old: lose it”; -1 “old: behind”; 0 “old: steady”; +1 “old: ahead”; +2 “old: clear”",
    ] {
        assert!(p.text.contains(shown), "missing {shown:?} in\n{goal}");
    }
    assert_eq!(p.html, 0, "{goal}");
    // The scale is a table of five levels under a header.
    assert!(p.tables >= 1, "{goal}");
    let other = section(&md, "### “Sleep through the night”");
    assert!(!other.contains("Earlier GAS wording"), "{other}");
    assert!(parse(other).text.contains("# no nights"), "{other}");
}

#[test]
fn the_case_summary_lists_every_review_newest_first_with_the_chart() {
    let c = measured_client();
    let md = case_summary(&c);
    let gas = section(&md, "## Goal Attainment Scaling");
    // After the measures, before the notes.
    let (m, g, n) = (
        md.find("## Measures").expect("measures"),
        md.find("## Goal Attainment Scaling").expect("gas"),
        md.find("## Notes").expect("notes"),
    );
    assert!(m < g && g < n);
    let wrong = gas
        .find("### ~~Review of 2026-11-02 — T-score 72.1~~ (entered in error)")
        .expect("the review in error, struck");
    let second = gas
        .find("### Review of 2026-11-01 — T-score 58.5")
        .expect("second");
    let first = gas
        .find("### Review of 2026-09-15 — T-score 35.7")
        .expect("first");
    assert!(wrong < second && second < first, "newest first:\n{gas}");
    let p = parse(gas);
    for shown in [
        "Entered in error",
        "2026-11-03 by jdoe: typed <twice> for Rosa. Not counted.",
        "Recorded by asmith on 2026-11-01.",
        "“Keep my flat”",
        "+1 somewhat more than expected",
        "*10* weeks",
        "0 as expected",
        "3 nights",
        "-2 much less than expected",
        "# no nights",
    ] {
        assert!(p.text.contains(shown), "missing {shown:?} in\n{gas}");
    }
    assert_eq!(p.html, 0, "{gas}");
    // The review of 2026-09-15 quotes the scale then, not the old wording.
    let first_review = &gas[first..];
    assert!(!first_review.contains("old:"), "{first_review}");
    assert!(
        first_review.contains("arrears grow \\| again"),
        "{first_review}"
    );
    // The chart is the shared one, over the two reviews that count.
    let chart = casework::domain::gas::t_score_chart(&[35.7, 58.5], 60).join("\n");
    assert!(gas.contains(&format!("```text\n{chart}\n```")), "{gas}");
    // A client without reviews has no section, and no scale lines.
    let plain = case_summary(&full_client());
    assert!(!plain.contains("Goal Attainment Scaling") && !plain.contains("GAS scale"));
}

#[test]
fn the_case_summary_from_the_store_marks_scales_and_reviews_entered_in_error() {
    let (f, c) = crate::gas_store::with_gas();
    let doc = export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    let client = doc.clients.iter().find(|x| x.id == c).expect("client");
    let md = case_summary(client);
    let gas = section(&md, "## Goal Attainment Scaling");
    assert!(gas.contains("(entered in error)"), "{gas}");
    assert!(gas.contains("scored the wrong client"), "{gas}");
    assert!(gas.contains("T-score 57.4"), "{gas}");
    // The wrong version of the first goal's scale: struck, with its reason.
    assert!(md.contains("~~set "), "{md}");
    assert!(md.contains("not agreed with the client"), "{md}");
    assert!(holds(&md, "oops: much more"));
}

#[test]
fn the_csv_has_the_latest_counted_gas_t_score_and_reads_back_as_a_roster() {
    let (f, c) = crate::gas_store::with_gas();
    let doc = export(&f.store(), &ChecklistTemplate::builtin()).expect("export");
    let bytes = casework::exchange::caseload_csv::caseload(&doc).expect("csv");
    let text = String::from_utf8(bytes.clone()).expect("utf8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (t, on) = (col("latest_gas_t_score"), col("latest_gas_t_score_on"));
    assert_eq!(t + 1, on);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    for row in &rows {
        let id: i64 = row[col("id")].parse().expect("id");
        if id == c {
            // The second review was entered in error: the first is the latest.
            assert_eq!((&row[t], &row[on]), ("57.38", today().to_string().as_str()));
        } else {
            assert_eq!((&row[t], &row[on]), ("", ""), "client {id}");
        }
    }
    // Read back as a roster, the GAS columns are ignored, whatever they hold.
    let roster = casework::exchange::roster::parse(&bytes, std::path::Path::new("c.csv"), today())
        .expect("a caseload export reads back as a roster");
    assert_eq!(roster.len(), doc.clients.len());
    let by_hand =
        "name,latest_gas_t_score,latest_gas_t_score_on\nAda Lovelace,not a score,yesterday\n";
    let rows = casework::exchange::roster::parse(
        by_hand.as_bytes(),
        std::path::Path::new("r.csv"),
        today(),
    )
    .expect("ignored columns");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].fields.name, "Ada Lovelace");
}

/// Every `YYYY-MM-DD` in `text`.
fn iso_dates(text: &str) -> Vec<&str> {
    (0..text.len().saturating_sub(9))
        .filter_map(|i| text.get(i..i + 10))
        .filter(|s| {
            s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
        })
        .collect()
}

#[test]
fn the_consultation_pack_has_the_outcomes_by_week_and_no_name_or_date() {
    use casework::exchange::consult::consultation_pack;
    let c = measured_client();
    let today = "2026-12-02".parse().expect("date");
    let pack = consultation_pack(&c, "Is the PHQ-9 drop real?", today);
    let p = parse(&pack.text);
    assert_eq!(p.html, 0, "{}", pack.text);
    let out = section(&pack.text, "## Outcome measures");
    let text = parse(out).text;
    for shown in [
        "PHQ-9",
        "week 1 of the case: 18 (moderately severe); FLAGGED: item 9: thoughts of death or self-harm",
        "week 13 of the case: 9 (mild)",
        "Change: -9 since first (18 to 9, reliable)",
        "GAD-7",
        "Change: +3 since first (11 to 14, not reliable)",
        "Goal Attainment Scaling",
        "Scale for “Keep my flat” (weight 2): -2 “the client loses the flat”",
        "“rent paid <b>8</b> weeks of 12”",
        "“all 12 weeks, by week 22 of the case”",
        "Review week 7 of the case: T-score 35.7 — “Keep my flat” -1, “Sleep through the night” -2",
        "Review week 13 of the case: T-score 58.5",
    ] {
        assert!(text.contains(shown), "missing {shown:?} in\n{out}");
    }
    // Records entered in error are not part of the pack.
    assert!(!out.contains("27") && !out.contains("72.1"), "{out}");
    let chart = casework::domain::gas::t_score_chart(&[35.7, 58.5], 60).join("\n");
    assert!(out.contains(&chart), "{out}");
    // No name and no date, from the measures' and scales' text or anywhere.
    for gone in [
        "Rosa",
        "Kowalczyk",
        "Ro",
        "Maria",
        "Lopez",
        "jdoe",
        "asmith",
    ] {
        assert!(!holds(&pack.text, gone), "{gone} in\n{}", pack.text);
    }
    assert_eq!(iso_dates(&pack.text), Vec::<&str>::new(), "{}", pack.text);
    // A pack for a client with neither says so.
    let none = consultation_pack(&full_client(), "", today);
    assert!(
        none.text
            .contains("No standard measure or GAS review recorded."),
        "{}",
        none.text
    );
}

/// Names planted in every piece of GAS text, in any case: none reaches
/// the pack.
#[test]
fn names_written_into_gas_scales_do_not_reach_the_pack() {
    use casework::exchange::consult::consultation_pack;
    let mut c = measured_client();
    let planted = [
        "ROSA keeps the flat",
        "kowalczyk family helps",
        "Ro and Ana Petrova",
        "rosa.k@example.org writes",
        "calls 07700 900123",
    ];
    for g in &mut c.goals {
        for s in &mut g.gas_scales {
            s.much_less = planted[0].into();
            s.less = planted[1].into();
            s.expected = planted[2].into();
            s.more = planted[3].into();
            s.much_more = planted[4].into();
        }
    }
    c.goals[0].client_words = "Rosa wants to keep 12 Mill Street".into();
    let pack = consultation_pack(&c, "", "2026-12-02".parse().expect("date"));
    for gone in [
        "Rosa",
        "Kowalczyk",
        "Ro",
        "Ana",
        "Petrova",
        "rosa.k@example.org",
        "07700 900123",
        "Mill",
    ] {
        assert!(!holds(&pack.text, gone), "{gone} in\n{}", pack.text);
    }
    assert!(
        pack.text.contains("Scale for “the client wants to keep"),
        "{}",
        pack.text
    );
}

#[test]
fn the_progress_sheet_says_how_scores_and_goals_moved_in_plain_words() {
    use casework::exchange::sheet::{SheetOptions, sheet_html, sheet_markdown};
    let mut c = measured_client();
    c.goals[0].gas_scales[1].more = "<b>10</b> weeks & \"more\"".into();
    let today = "2026-12-02".parse().expect("date");
    let md = sheet_markdown(&c, today, &SheetOptions::default());
    let html = sheet_html(&c, today, &SheetOptions::default());
    // The score entered in error (27) is not part of the story.
    assert!(!md.contains("27") && !html.contains("27"), "{md}");
    for text in [&md, &html] {
        for word in crate::documents::JARGON {
            assert!(!holds(text, word), "{word:?} on the sheet:\n{text}");
        }
    }
    let p = parse(&md);
    assert_eq!(p.html, 0, "{md}");
    for shown in [
        "How things have changed",
        "Your PHQ-9 score went from 18 (Monday 3 August 2026) to 9 (Sunday 1 November 2026): a real improvement, bigger than the usual ups and downs. A lower score means fewer problems.",
        "Your GAD-7 score went from 11 (Monday 3 August 2026) to 14 (Sunday 1 November 2026): a little higher.",
        "At your goal review on Sunday 1 November 2026:",
        "“Keep my flat”: a bit more than we hoped — “<b>10</b> weeks & \"more\"”",
        "“Sleep through the night”: just what we hoped for — “3 nights”",
        "Taken together, your goals came to 59, where 50 means just what we hoped for and higher is better. At your first review it was 36.",
    ] {
        assert!(p.text.contains(shown), "missing {shown:?}:\n{md}");
    }
    assert!(
        html.contains("“Keep my flat”: a bit more than we hoped — “&lt;b&gt;10&lt;/b&gt; weeks &amp; &quot;more&quot;”"),
        "{html}"
    );
    // The flagged answer (PHQ-9 item 9) only with the safety plan.
    let item9 = "Thoughts that you would be better off dead or of hurting yourself in some way";
    for text in [&md, &html] {
        assert!(!text.contains(item9) && !text.contains("item 9"), "{text}");
        assert!(!text.contains("If things get hard"), "{text}");
    }
    let with = SheetOptions {
        safety_plan: true,
        worker_terms: false,
    };
    let md = sheet_markdown(&c, today, &with);
    let html = sheet_html(&c, today, &with);
    let said = format!("On Sunday 1 November 2026 you told us about this: “{item9}”.");
    assert!(parse(&md).text.contains(&said), "{md}");
    assert!(html.contains(&said), "{html}");
    // Said inside "If things get hard", before who to call.
    let (h, s, w) = (
        md.find("If things get hard").expect("heading"),
        md.find(item9).expect("item"),
        md.find("Who to call").expect("plan"),
    );
    assert!(h < s && s < w, "{md}");
    // Without a safety plan the flag still shows under the opt-in.
    c.safety_plan = None;
    let md = sheet_markdown(&c, today, &with);
    assert!(md.contains(item9) && !md.contains("Who to call"), "{md}");
    // An earlier flag that the latest score no longer has is not said.
    let latest = c
        .measures
        .iter_mut()
        .find(|m| m.instrument == "phq9" && m.date == "2026-11-01")
        .expect("latest PHQ-9");
    latest.flags.clear();
    latest.items[8] = Some(0);
    let md = sheet_markdown(&c, today, &with);
    assert!(!md.contains(item9), "{md}");
}

/// Over the whole demo caseload, with its measures and GAS: no pack holds
/// a name, a contact or a date.
#[test]
fn no_demo_clients_pack_holds_a_name_or_a_date() {
    use casework::demo::{demo_options, generate_demo, showcase};
    use casework::exchange::consult::consultation_pack;
    let f = crate::fixture::Fixture::empty();
    let mut store = f.store();
    generate_demo(&mut store, &demo_options(today())).expect("demo");
    showcase(&mut store, today()).expect("showcase");
    let doc = export(&store, &ChecklistTemplate::builtin()).expect("export");
    let mut with_outcomes = 0;
    for c in &doc.clients {
        let pack = consultation_pack(c, "What next?", today());
        for v in crate::documents::identifying(c, &[]) {
            assert!(!holds(&pack.text, &v), "{v:?} in the pack of {}", c.id);
        }
        assert_eq!(iso_dates(&pack.text), Vec::<&str>::new(), "{}", pack.text);
        if !c.measures.is_empty() || !c.gas_reviews.is_empty() {
            with_outcomes += 1;
            assert!(pack.text.contains("of the case: "), "{}", pack.text);
        }
    }
    assert!(with_outcomes >= 8, "{with_outcomes}");
}
